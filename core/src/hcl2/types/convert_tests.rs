use hcl::value;

use super::*;

fn ok(value: Value, ty: &Type) -> Value {
    match convert(&value, ty) {
        Ok(v) => v,
        Err(e) => panic!("converting {value:?} to {ty}: {e}"),
    }
}

fn fails(value: Value, ty: &Type) -> String {
    match convert(&value, ty) {
        Ok(v) => panic!("converting {value:?} to {ty} gave {v:?}"),
        Err(e) => e,
    }
}

fn optional_object(attributes: &[(&str, Type, bool)]) -> Type {
    Type::Object(attributes.iter().map(|(n, t, o)| ((*n).to_owned(), (t.clone(), *o))).collect())
}

#[test]
fn strings_become_numbers_when_go_parses_them() {
    let five = ok(value!("5"), &Type::Number);
    assert_eq!(five, value!(5));
    assert!(matches!(five, Value::Number(n) if n.is_u64()), "an integer, not a float");
    let half = ok(value!("1.5"), &Type::Number);
    assert!(matches!(half, Value::Number(n) if n.is_f64() && n.as_f64() == Some(1.5)));
    assert_eq!(ok(value!("-2e2"), &Type::Number), value!(-200));
    assert_eq!(fails(value!(" 5"), &Type::Number), "a number is required");
    assert_eq!(fails(value!("5 "), &Type::Number), "a number is required");
    assert_eq!(fails(value!("five"), &Type::Number), "a number is required");
    assert_eq!(fails(value!(""), &Type::Number), "a number is required");
}

#[test]
fn strings_become_bools_only_in_lowercase_or_as_digits() {
    assert_eq!(ok(value!("true"), &Type::Bool), value!(true));
    assert_eq!(ok(value!("false"), &Type::Bool), value!(false));
    assert_eq!(ok(value!("1"), &Type::Bool), value!(true));
    assert_eq!(ok(value!("0"), &Type::Bool), value!(false));
    assert_eq!(
        fails(value!("True"), &Type::Bool),
        "a bool is required; to convert from string, use lowercase \"true\""
    );
    assert_eq!(
        fails(value!("FALSE"), &Type::Bool),
        "a bool is required; to convert from string, use lowercase \"false\""
    );
    assert_eq!(fails(value!("yes"), &Type::Bool), "a bool is required");
}

#[test]
fn numbers_and_bools_become_strings() {
    assert_eq!(ok(value!(5), &Type::String), value!("5"));
    assert_eq!(ok(value!(-1.25), &Type::String), value!("-1.25"));
    assert_eq!(ok(value!(true), &Type::String), value!("true"));
    assert_eq!(ok(value!(false), &Type::String), value!("false"));
}

#[test]
fn no_conversion_between_numbers_and_bools() {
    assert_eq!(fails(value!(1), &Type::Bool), "bool required, but have number");
    assert_eq!(fails(value!(true), &Type::Number), "number required, but have bool");
}

#[test]
fn structures_do_not_become_primitives() {
    assert_eq!(fails(value!([1]), &Type::String), "string required, but have tuple");
    assert_eq!(fails(value!({ a = 1 }), &Type::String), "string required, but have object");
    assert_eq!(fails(value!([]), &Type::Number), "number required, but have tuple");
    assert_eq!(fails(value!("a"), &Type::list(Type::String)), "list of string required, but have string");
    assert_eq!(fails(value!(5), &Type::map(Type::String)), "map of string required, but have number");
    assert_eq!(fails(value!(5), &Type::object([("a", Type::String)])), "object required, but have number");
}

#[test]
fn null_converts_to_every_type() {
    for ty in [Type::String, Type::Number, Type::list(Type::String), Type::object([("a", Type::Bool)]), Type::Any] {
        assert_eq!(ok(Value::Null, &ty), Value::Null, "{ty}");
    }
}

#[test]
fn anything_converts_to_any() {
    let value = value!({ a = [1, "x"], b = null });
    assert_eq!(ok(value.clone(), &Type::Any), value);
}

#[test]
fn tuples_become_lists_element_by_element() {
    let strings = Type::list(Type::String);
    assert_eq!(ok(value!(["a", 1, true]), &strings), value!(["a", "1", "true"]));
    assert_eq!(ok(value!([]), &strings), value!([]));
    assert_eq!(ok(value!(["a", null]), &strings), value!(["a", null]));
    assert_eq!(ok(value!(["1", "2"]), &Type::list(Type::Number)), value!([1, 2]));
    // The value step fails on an element, with the element's own text.
    assert_eq!(fails(value!([1, "x"]), &Type::list(Type::Number)), "a number is required");
    // The type step fails: no conversion from a tuple element at all.
    assert_eq!(fails(value!(["a", [1]]), &strings), "element 1: string required, but have tuple");
    assert_eq!(fails(value!([1, true]), &Type::list(Type::Number)), "element 1: number required, but have bool");
    assert_eq!(fails(value!({ a = "x" }), &strings), "list of string required");
    assert_eq!(
        fails(value!("x"), &Type::list(Type::list(Type::String))),
        "list of list of string required, but have string"
    );
}

#[test]
fn lists_of_lists_and_objects() {
    let nested = Type::list(Type::list(Type::Number));
    assert_eq!(ok(value!([[1, "2"], []]), &nested), value!([[1, 2], []]));
    assert_eq!(fails(value!([[1], "x"]), &nested), "element 1: list of number required, but have string");
    let servers = Type::list(Type::object([("port", Type::Number)]));
    assert_eq!(ok(value!([{ port = "80", extra = 1 }]), &servers), value!([{ port = 80 }]));
    assert_eq!(fails(value!([{ port = 80 }, {}]), &servers), "element 1: attribute \"port\" is required");
}

#[test]
fn tuples_become_sets_distinct_and_ordered() {
    let strings = Type::set(Type::String);
    assert_eq!(ok(value!(["b", "a", "b", 1]), &strings), value!(["1", "a", "b"]));
    assert_eq!(ok(value!([3, 1, 2, 1]), &Type::set(Type::Number)), value!([1, 2, 3]));
    assert_eq!(ok(value!([]), &strings), value!([]));
    assert_eq!(fails(value!([[1]]), &strings), "element 0: string required, but have tuple");
}

#[test]
fn tuples_convert_to_tuples_of_the_same_length() {
    let pair = Type::Tuple(vec![Type::String, Type::Number]);
    assert_eq!(ok(value!([1, "2"]), &pair), value!(["1", 2]));
    assert_eq!(fails(value!([1]), &pair), "tuple required");
    assert_eq!(fails(value!([1, 2, 3]), &pair), "tuple required");
    assert_eq!(fails(value!([1, "x"]), &pair), "a number is required");
    assert_eq!(fails(value!({ a = 1 }), &pair), "tuple required");
}

#[test]
fn objects_become_maps() {
    let strings = Type::map(Type::String);
    assert_eq!(ok(value!({ b = 1, a = true }), &strings), value!({ a = "true", b = "1" }));
    assert_eq!(ok(value!({}), &strings), value!({}));
    assert_eq!(fails(value!({ a = "x", b = [1] }), &strings), "element \"b\": string required, but have tuple");
    assert_eq!(fails(value!({ a = "x" }), &Type::map(Type::Number)), "a number is required");
    assert_eq!(fails(value!(["x"]), &strings), "map of string required");
    let nested = Type::map(Type::list(Type::String));
    assert_eq!(ok(value!({ a = [1], b = [] }), &nested), value!({ a = ["1"], b = [] }));
}

#[test]
fn objects_convert_to_objects() {
    let ty = Type::object([("name", Type::String), ("port", Type::Number)]);
    assert_eq!(ok(value!({ name = "web", port = "8080" }), &ty), value!({ name = "web", port = 8080 }));
    // Attributes the type does not name are dropped.
    assert_eq!(ok(value!({ name = "web", port = 1, extra = true }), &ty), value!({ name = "web", port = 1 }));
    assert_eq!(fails(value!({ name = "web" }), &ty), "attribute \"port\" is required");
    assert_eq!(fails(value!({}), &ty), "attributes \"name\" and \"port\" are required");
    let three = Type::object([("a", Type::String), ("b", Type::String), ("c", Type::String)]);
    assert_eq!(fails(value!({}), &three), "attributes \"a\", \"b\", and \"c\" are required");
    assert_eq!(fails(value!({ name = [], port = 1 }), &ty), "attribute \"name\": string required, but have tuple");
    assert_eq!(fails(value!({ name = "web", port = "x" }), &ty), "a number is required");
    assert_eq!(fails(value!(["web", 1]), &ty), "object required, but have tuple");
}

#[test]
fn optional_attributes_may_be_missing() {
    let ty = optional_object(&[("name", Type::String, false), ("port", Type::Number, true)]);
    assert_eq!(ok(value!({ name = "web" }), &ty), value!({ name = "web", port = null }));
    assert_eq!(ok(value!({ name = "web", port = "1" }), &ty), value!({ name = "web", port = 1 }));
    assert_eq!(fails(value!({ port = 1 }), &ty), "attribute \"name\" is required");
}

#[test]
fn collections_of_any_unify_their_elements() {
    let any_list = Type::list(Type::Any);
    assert_eq!(ok(value!(["a", 1]), &any_list), value!(["a", "1"]));
    assert_eq!(ok(value!([1, 2]), &any_list), value!([1, 2]));
    assert_eq!(ok(value!([]), &any_list), value!([]));
    assert_eq!(ok(value!([null, null]), &any_list), value!([null, null]));
    assert_eq!(fails(value!([1, true]), &any_list), "all list elements must have the same type");
    assert_eq!(fails(value!([1, [2]]), &any_list), "all list elements must have the same type");
    assert_eq!(fails(value!([1, true]), &Type::set(Type::Any)), "all set elements must have the same type");
    // Objects of different shapes meet as maps.
    assert_eq!(ok(value!([{ a = 1 }, { b = "x" }]), &any_list), value!([{ a = "1" }, { b = "x" }]));
    let any_map = Type::map(Type::Any);
    assert_eq!(ok(value!({ a = 1, b = "x" }), &any_map), value!({ a = "1", b = "x" }));
    assert_eq!(fails(value!({ a = 1, b = false }), &any_map), "all map elements must have the same type");
}

#[test]
fn tuples_with_an_any_element_keep_the_element() {
    // The type of a default such as `[null, 1]` when no type is given.
    let ty = Type::Tuple(vec![Type::Any, Type::Number]);
    assert_eq!(ok(value!(["x", "2"]), &ty), value!(["x", 2]));
}

#[test]
fn values_already_of_the_type_pass_unchanged() {
    let value = value!({ a = [1, 2], b = "x" });
    let ty = type_of(&value);
    assert_eq!(ok(value.clone(), &ty), value);
}

#[test]
fn null_elements_of_sets_sort_last() {
    assert_eq!(ok(value!([null, "b", "a"]), &Type::set(Type::String)), value!(["a", "b", null]));
}

#[test]
fn null_types_follow_the_target() {
    assert_eq!(dynamic_replace(&Type::Any, &Type::list(Type::String)), Type::list(Type::String));
    assert_eq!(dynamic_replace(&Type::Tuple(vec![Type::Number]), &Type::list(Type::Any)), Type::list(Type::Number));
    assert_eq!(
        dynamic_replace(&Type::object([("a", Type::String)]), &Type::object([("a", Type::Any), ("b", Type::Bool)])),
        Type::object([("a", Type::String), ("b", Type::Bool)])
    );
}

#[test]
fn maps_convert_to_objects_during_unification() {
    // Reached when go-cty unifies a map with an object; exercised directly here.
    let map = value!({ a = "1", b = "x" });
    let from = Type::map(Type::String);
    let to = optional_object(&[("a", Type::Number, false), ("c", Type::Bool, true)]);
    assert_eq!(
        run(&map, &from, &to, true),
        Ok((value!({ a = 1, c = null }), Type::object([("a", Type::Number), ("c", Type::Bool)])))
    );
    let required = Type::object([("z", Type::String)]);
    assert_eq!(
        run(&map, &from, &required, true).map(|(v, _)| v),
        Err("map has no element for required attribute \"z\"".to_owned())
    );
    let incompatible = optional_object(&[("a", Type::list(Type::String), true)]);
    assert_eq!(
        run(&map, &from, &incompatible, true).map(|(v, _)| v),
        Err("map element type is incompatible with attribute \"a\": list of string required, but have string"
            .to_owned())
    );
    assert!(!can_convert(&from, &required, false), "map to object is an unsafe conversion");
}

#[test]
fn lists_become_sets_only_unsafely() {
    let list = Type::list(Type::String);
    assert!(can_convert(&list, &Type::set(Type::String), true));
    assert!(!can_convert(&list, &Type::set(Type::String), false));
    assert!(can_convert(&Type::set(Type::String), &list, false));
    assert_eq!(
        run(&value!(["b", "a", "b"]), &list, &Type::set(Type::String), true).map(|(v, _)| v),
        Ok(value!(["a", "b"]))
    );
}

#[test]
fn long_lists_and_sets_convert_without_quadratic_work() {
    // 100 000 elements: a quadratic step (pairwise unification, pairwise set membership)
    // would take minutes here.
    let numbers: Vec<Value> = (0..100_000).map(|i| Value::from(format!("{}", i % 50_000))).collect();
    let list = ok(Value::Array(numbers.clone()), &Type::list(Type::Number));
    assert!(matches!(&list, Value::Array(items) if items.len() == 100_000 && items[99_999] == value!(49_999)));
    let set = ok(Value::Array(numbers), &Type::set(Type::Number));
    assert!(matches!(&set, Value::Array(items) if items.len() == 50_000 && items[1] == value!(1)));
}

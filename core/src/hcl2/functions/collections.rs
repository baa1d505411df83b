//! Collection functions (cty `stdlib/collection.go`, `sequence.go`, `set.go`, `general.go`).

use super::values::{
    as_text, fixed, int, int_value, into_set, invalid, leading, list, num, number, sorted_entries, sorted_object,
    string, string_list, type_name,
};
use hcl::eval::FuncArgs;
use hcl::{Map, Value};

/// Converts primitives of mixed kinds to strings, as cty's type unification does; `None` when
/// the values cannot share a type (a collection among primitives, or mixed collection kinds).
fn unify(values: Vec<Value>) -> Option<Vec<Value>> {
    let kinds: Vec<&str> = values.iter().filter(|v| !v.is_null()).map(type_name).collect();
    let Some(first) = kinds.first() else { return Some(values) };
    if kinds.iter().all(|k| k == first) {
        return Some(values);
    }
    if kinds.iter().all(|k| matches!(*k, "string" | "number" | "bool")) {
        return Some(values.into_iter().map(|v| as_text(&v).map(Value::from).unwrap_or(Value::Null)).collect());
    }
    None
}

/// `chunklist(list, size)`.
pub(super) fn chunklist(args: FuncArgs) -> Result<Value, String> {
    let [items, size] = fixed(&args, ["list", "size"])?;
    let items = list(items, "list")?;
    let size = int(size, "size").map_err(|e| format!("invalid size: {e}"))?;
    if size < 0 {
        return Err("the size argument must be positive".to_string());
    }
    if items.is_empty() {
        return Ok(Value::Array(vec![]));
    }
    if size == 0 {
        return Ok(Value::Array(vec![Value::Array(items.clone())]));
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Ok(Value::Array(items.chunks(size).map(|c| Value::Array(c.to_vec())).collect()))
}

/// `coalesce(vals...)`: the first argument that is not null (mixed primitives unify to strings).
pub(super) fn coalesce(args: FuncArgs) -> Result<Value, String> {
    let unified = unify(args.iter().cloned().collect()).ok_or("all arguments must have the same type")?;
    unified.into_iter().find(|v| !v.is_null()).ok_or_else(|| "no non-null arguments".to_string())
}

/// `coalescelist(vals...)`: the first list argument that is not empty.
pub(super) fn coalescelist(args: FuncArgs) -> Result<Value, String> {
    if args.is_empty() {
        return Err("at least one argument is required".to_string());
    }
    if args.iter().any(|a| !matches!(a, Value::Array(_) | Value::Null)) {
        return Err("coalescelist arguments must be lists or tuples".to_string());
    }
    args.iter()
        .find(|a| a.as_array().is_some_and(|l| !l.is_empty()))
        .cloned()
        .ok_or_else(|| "no non-null arguments".to_string())
}

/// `compact(list)`: drops null and empty strings.
pub(super) fn compact(args: FuncArgs) -> Result<Value, String> {
    let [items] = fixed(&args, ["list"])?;
    let kept = string_list(items, "list")?.into_iter().flatten().filter(|s| !s.is_empty()).map(Value::from);
    Ok(Value::Array(kept.collect()))
}

/// `concat(seqs...)`.
pub(super) fn concat(args: FuncArgs) -> Result<Value, String> {
    if args.is_empty() {
        return Err("at least one argument is required".to_string());
    }
    let mut out = Vec::new();
    for arg in args.iter() {
        match arg {
            Value::Array(items) => out.extend(items.iter().cloned()),
            other => {
                return Err(invalid(
                    "seqs",
                    format!("all arguments must be lists or tuples; got {}", type_name(other)),
                ));
            }
        }
    }
    Ok(Value::Array(out))
}

/// `contains(list, value)`.
pub(super) fn contains(args: FuncArgs) -> Result<Value, String> {
    let [items, value] = fixed(&args, ["list", "value"])?;
    let items = match items {
        Value::Array(items) => items,
        Value::Null => return Err("cannot search a nil list or set".to_string()),
        _ => return Err("argument must be list, tuple, or set".to_string()),
    };
    Ok(Value::Bool(items.iter().any(|item| item == value)))
}

/// `distinct(list)`: first occurrences, in order.
pub(super) fn distinct(args: FuncArgs) -> Result<Value, String> {
    let [items] = fixed(&args, ["list"])?;
    let mut out: Vec<Value> = Vec::new();
    for item in list(items, "list")? {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    Ok(Value::Array(out))
}

/// `element(list, index)`: wraps around; negative indexes count from the end.
pub(super) fn element(args: FuncArgs) -> Result<Value, String> {
    let [items, index] = fixed(&args, ["list", "index"])?;
    let items = match items {
        Value::Array(items) => items,
        other => return Err(format!("cannot read elements from {}", type_name(other))),
    };
    let index = int(index, "index").map_err(|e| format!("invalid index: {e}"))?;
    // The index wraps around the list; an empty list has no remainder and no element.
    let at = index.checked_rem_euclid(items.len() as i64);
    match at.and_then(|at| items.get(at as usize)) {
        Some(item) => Ok(item.clone()),
        None => Err("cannot use element function with an empty list".to_string()),
    }
}

/// `flatten(list)`: nested lists, recursively, into one.
pub(super) fn flatten(args: FuncArgs) -> Result<Value, String> {
    fn walk(items: &[Value], out: &mut Vec<Value>) {
        for item in items {
            match item {
                Value::Array(inner) => walk(inner, out),
                other => out.push(other.clone()),
            }
        }
    }
    let [items] = fixed(&args, ["list"])?;
    let Value::Array(items) = items else {
        return Err("can only flatten lists, sets and tuples".to_string());
    };
    let mut out = Vec::new();
    walk(items, &mut out);
    Ok(Value::Array(out))
}

/// `index(collection, key)`: the element at `key`, like the `collection[key]` operator.
pub(super) fn index(args: FuncArgs) -> Result<Value, String> {
    let [collection, key] = fixed(&args, ["collection", "key"])?;
    match collection {
        Value::Array(items) => {
            let i = super::values::as_number(key).ok_or("key for list must be number")?;
            let i = super::values::whole(i).ok_or("invalid key for tuple: value must be a whole number")?;
            usize::try_from(i).ok().and_then(|i| items.get(i)).cloned().ok_or_else(|| "invalid index".to_string())
        }
        Value::Object(map) => {
            let k = as_text(key).ok_or("key for map must be string")?;
            map.get(&k).cloned().ok_or_else(|| "invalid index".to_string())
        }
        _ => Err("collection must be a list, a map or a tuple".to_string()),
    }
}

/// `keys(inputMap)`: sorted.
pub(super) fn keys(args: FuncArgs) -> Result<Value, String> {
    let [map] = fixed(&args, ["inputMap"])?;
    let Value::Object(map) = map else { return Err(invalid("inputMap", "must have map or object type")) };
    Ok(Value::Array(sorted_entries(map).into_iter().map(|(k, _)| Value::from(k.as_str())).collect()))
}

/// `values(mapping)`: in key order.
pub(super) fn values(args: FuncArgs) -> Result<Value, String> {
    let [map] = fixed(&args, ["mapping"])?;
    let Value::Object(map) = map else { return Err("values() requires a map as the first argument".to_string()) };
    Ok(Value::Array(sorted_entries(map).into_iter().map(|(_, v)| v.clone()).collect()))
}

/// `length(collection)`: of a list or map (cty's `length` does not take strings).
pub(super) fn length(args: FuncArgs) -> Result<Value, String> {
    let [collection] = fixed(&args, ["collection"])?;
    match collection {
        Value::Array(items) => Ok(int_value(items.len() as i64)),
        Value::Object(map) => Ok(int_value(map.len() as i64)),
        _ => Err("collection must be a list, a map or a tuple".to_string()),
    }
}

/// `lookup(inputMap, key, default)`.
pub(super) fn lookup(args: FuncArgs) -> Result<Value, String> {
    let [map, key, default] = fixed(&args, ["inputMap", "key", "default"])?;
    let Value::Object(map) = map else {
        return Err(invalid("inputMap", "lookup() requires a map as the first argument"));
    };
    let key = string(key, "key")?;
    if let Some(found) = map.get(&key) {
        return Ok(found.clone());
    }
    // The default converts to the map's element type: a string map turns a number default
    // into a string, as cty does.
    let all_strings = !map.is_empty() && map.values().all(|v| matches!(v, Value::String(_)));
    match default {
        Value::Number(_) | Value::Bool(_) if all_strings => {
            Ok(as_text(default).map(Value::from).unwrap_or(Value::Null))
        }
        _ => Ok(default.clone()),
    }
}

/// `merge(maps...)`: later keys win; null arguments are skipped.
pub(super) fn merge(args: FuncArgs) -> Result<Value, String> {
    let mut out = Map::new();
    for arg in args.iter() {
        match arg {
            Value::Null => {}
            Value::Object(map) => {
                for (k, v) in map {
                    out.insert(k.clone(), v.clone());
                }
            }
            other => return Err(format!("arguments must be maps or objects, got \"{}\"", type_name(other))),
        }
    }
    Ok(sorted_object(out))
}

/// `range(params...)`: `range(end)`, `range(start, end)`, `range(start, end, step)`; at most
/// 1024 values.
pub(super) fn range(args: FuncArgs) -> Result<Value, String> {
    let nums: Vec<f64> = args.iter().map(|a| number(a, "params")).collect::<Result<_, _>>()?;
    let (start, end, step) = match nums[..] {
        [end] => (0.0, end, if end < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (start, end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (start, end, step),
        _ => return Err("must have one, two, or three arguments".to_string()),
    };
    if step == 0.0 {
        return Err(invalid("params", "step must not be zero"));
    }
    let down = step < 0.0;
    if down && end > start {
        return Err(invalid("params", "end must be less than start when step is negative"));
    }
    if !down && end < start {
        return Err(invalid("params", "end must be greater than start when step is positive"));
    }
    let mut out = Vec::new();
    let mut at = start;
    while (down && at > end) || (!down && at < end) {
        if out.len() >= 1024 {
            return Err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step".to_string());
        }
        out.push(num(at)?);
        at += step;
    }
    Ok(Value::Array(out))
}

/// `reverse(str)`: Nomad binds `reverse` to cty's *string* reverse (the same function as
/// `strrev`), not to the list reverse.
pub(super) fn reverse(args: FuncArgs) -> Result<Value, String> {
    super::strings::strrev(args)
}

fn set_args<'a>(args: &'a FuncArgs, first: &str) -> Result<Vec<&'a Vec<Value>>, String> {
    let ([head], rest) = leading(args, [first])?;
    std::iter::once(head).chain(rest).map(|a| list(a, "sets")).collect()
}

fn unified_set(items: Vec<Value>) -> Result<Value, String> {
    unify(items).map(into_set).ok_or_else(|| "given sets must all have compatible element types".to_string())
}

/// `setunion(first_set, other_sets...)`.
pub(super) fn setunion(args: FuncArgs) -> Result<Value, String> {
    let sets = set_args(&args, "first_set")?;
    unified_set(sets.into_iter().flatten().cloned().collect())
}

/// `setintersection(first_set, other_sets...)`.
pub(super) fn setintersection(args: FuncArgs) -> Result<Value, String> {
    let sets = set_args(&args, "first_set")?;
    let all: Vec<Value> = sets.iter().flat_map(|s| s.iter().cloned()).collect();
    let lens: Vec<usize> = sets.iter().map(|s| s.len()).collect();
    let unified = unify(all).ok_or("given sets must all have compatible element types")?;
    // Split the unified elements back into their sets, then keep what every set has.
    let mut parts = Vec::new();
    let mut rest = unified.as_slice();
    for len in lens {
        let (part, tail) = rest.split_at(len);
        parts.push(part);
        rest = tail;
    }
    let Some((first, others)) = parts.split_first() else { return Ok(Value::Array(vec![])) };
    let kept = first.iter().filter(|v| others.iter().all(|o| o.contains(v))).cloned().collect();
    Ok(into_set(kept))
}

/// `setproduct(sets...)`: every combination, as lists, in argument order.
pub(super) fn setproduct(args: FuncArgs) -> Result<Value, String> {
    if args.len() < 2 {
        return Err("at least two arguments are required".to_string());
    }
    let mut sets = Vec::new();
    for arg in args.iter() {
        let Value::Array(items) = arg else { return Err(invalid("sets", "a set or a list is required")) };
        sets.push(unify(items.clone()).ok_or_else(|| invalid("sets", "all elements must be of the same type"))?);
    }
    let total = sets.iter().map(Vec::len).fold(1usize, usize::saturating_mul);
    if total > crate::limits::MAX_SET_PRODUCT {
        return Err(format!("the product has {total} elements; netplay stops at {}", crate::limits::MAX_SET_PRODUCT));
    }
    let mut out: Vec<Vec<Value>> = vec![vec![]];
    for set in &sets {
        out = out
            .into_iter()
            .flat_map(|prefix| set.iter().map(move |v| [prefix.clone(), vec![v.clone()]].concat()))
            .collect();
    }
    Ok(Value::Array(out.into_iter().map(Value::Array).collect()))
}

/// `slice(list, start_index, end_index)`.
pub(super) fn slice(args: FuncArgs) -> Result<Value, String> {
    let [items, start, end] = fixed(&args, ["list", "start_index", "end_index"])?;
    let Value::Array(items) = items else { return Err(invalid("list", "must be a list or tuple value")) };
    let start = int(start, "start_index").map_err(|e| invalid("start_index", format!("invalid start index: {e}")))?;
    let end = int(end, "end_index").map_err(|e| invalid("end_index", format!("invalid end index: {e}")))?;
    let len = items.len() as i64;
    if start < 0 {
        return Err(invalid("start_index", "start index must not be less than zero"));
    }
    if start > len {
        return Err(invalid("start_index", "start index must not be greater than the length of the list"));
    }
    if end < 0 {
        return Err(invalid("end_index", "end index must not be less than zero"));
    }
    if end > len {
        return Err(invalid("end_index", "end index must not be greater than the length of the list"));
    }
    if start > end {
        return Err(invalid("start_index", "start index must not be greater than end index"));
    }
    let slice = items.get(start as usize..end as usize).ok_or_else(|| invalid("end_index", "out of range"))?;
    Ok(Value::Array(slice.to_vec()))
}

/// `zipmap(keys, values)`.
pub(super) fn zipmap(args: FuncArgs) -> Result<Value, String> {
    let [keys, values] = fixed(&args, ["keys", "values"])?;
    let keys = string_list(keys, "keys")?;
    let Value::Array(values) = values else { return Err("values argument must be a list or tuple value".to_string()) };
    if keys.len() != values.len() {
        return Err(format!("number of keys ({}) does not match number of values ({})", keys.len(), values.len()));
    }
    let mut out = Map::new();
    for (i, (k, v)) in keys.into_iter().zip(values).enumerate() {
        let k = k.ok_or_else(|| format!("keys list has null value at index {i}"))?;
        out.insert(k, v.clone());
    }
    Ok(sorted_object(out))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use hcl::Value;

    fn n(i: i64) -> Value {
        Value::from(i)
    }

    #[test]
    fn chunk_coalesce_compact_concat() {
        let l = arr([n(1), n(2), n(3)]);
        assert_eq!(ok("chunklist", vec![l.clone(), n(2)]), arr([arr([n(1), n(2)]), arr([n(3)])]));
        assert_eq!(ok("chunklist", vec![l.clone(), n(0)]), arr([l.clone()]));
        assert_eq!(ok("chunklist", vec![arr([]), n(2)]), arr([]));
        assert_eq!(err("chunklist", vec![l.clone(), n(-1)]), "the size argument must be positive");
        assert_eq!(ok("coalesce", vec![Value::Null, s("b")]), s("b"));
        assert_eq!(ok("coalesce", vec![n(1), s("b")]), s("1"), "mixed primitives unify to string");
        assert_eq!(ok("coalesce", vec![s(""), s("b")]), s(""), "cty's coalesce skips only null");
        assert_eq!(err("coalesce", vec![Value::Null]), "no non-null arguments");
        assert_eq!(err("coalesce", vec![n(1), arr([])]), "all arguments must have the same type");
        assert_eq!(ok("coalescelist", vec![arr([]), arr([n(1)])]), arr([n(1)]));
        assert_eq!(err("coalescelist", vec![s("a")]), "coalescelist arguments must be lists or tuples");
        assert_eq!(ok("compact", vec![arr([s("a"), s(""), Value::Null, s("b")])]), strs(&["a", "b"]));
        assert_eq!(ok("concat", vec![arr([n(1)]), arr([]), arr([s("a")])]), arr([n(1), s("a")]));
        assert!(err("concat", vec![arr([n(1)]), s("x")]).contains("lists or tuples; got string"));
    }

    #[test]
    fn contains_distinct_element_flatten() {
        assert_eq!(ok("contains", vec![strs(&["a", "b"]), s("b")]), Value::Bool(true));
        assert_eq!(ok("contains", vec![strs(&["a"]), s("c")]), Value::Bool(false));
        assert_eq!(err("contains", vec![s("abc"), s("a")]), "argument must be list, tuple, or set");
        assert_eq!(ok("distinct", vec![strs(&["b", "a", "b"])]), strs(&["b", "a"]));
        let l = strs(&["a", "b", "c"]);
        assert_eq!(ok("element", vec![l.clone(), n(1)]), s("b"));
        assert_eq!(ok("element", vec![l.clone(), n(5)]), s("c"), "wraps around");
        assert_eq!(ok("element", vec![l.clone(), n(-1)]), s("c"));
        assert_eq!(err("element", vec![arr([]), n(0)]), "cannot use element function with an empty list");
        assert_eq!(err("element", vec![s("x"), n(0)]), "cannot read elements from string");
        let nested = arr([arr([n(1), arr([n(2)])]), n(3), arr([])]);
        assert_eq!(ok("flatten", vec![nested]), arr([n(1), n(2), n(3)]));
        assert_eq!(err("flatten", vec![s("x")]), "can only flatten lists, sets and tuples");
    }

    #[test]
    fn index_keys_values_length_lookup() {
        assert_eq!(ok("index", vec![strs(&["a", "b"]), n(1)]), s("b"));
        assert_eq!(err("index", vec![strs(&["a"]), n(3)]), "invalid index");
        assert_eq!(ok("index", vec![obj([("k", n(1))]), s("k")]), n(1));
        assert_eq!(err("index", vec![s("x"), n(0)]), "collection must be a list, a map or a tuple");
        let m = obj([("b", n(2)), ("a", n(1))]);
        assert_eq!(ok("keys", vec![m.clone()]), strs(&["a", "b"]));
        assert_eq!(ok("values", vec![m.clone()]), arr([n(1), n(2)]));
        assert!(err("keys", vec![arr([])]).contains("must have map or object type"));
        assert_eq!(ok("length", vec![m.clone()]), n(2));
        assert_eq!(ok("length", vec![arr([n(1)])]), n(1));
        assert_eq!(err("length", vec![s("abc")]), "collection must be a list, a map or a tuple");
        assert_eq!(ok("lookup", vec![m.clone(), s("a"), n(0)]), n(1));
        assert_eq!(ok("lookup", vec![m.clone(), s("z"), n(0)]), n(0));
        assert_eq!(ok("lookup", vec![obj([("a", s("x"))]), s("z"), n(5)]), s("5"));
        assert!(err("lookup", vec![m.clone(), s("a")]).contains(r#"missing value for "default""#));
        assert!(err("lookup", vec![arr([]), s("a"), n(0)]).contains("requires a map"));
    }

    #[test]
    fn merge_and_zipmap_sort_keys() {
        let merged = ok("merge", vec![obj([("b", n(1)), ("a", n(1))]), Value::Null, obj([("b", n(2))])]);
        assert_eq!(merged, obj([("a", n(1)), ("b", n(2))]));
        let keys: Vec<_> = merged.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        assert_eq!(keys, ["a", "b"]);
        assert!(err("merge", vec![arr([])]).contains("must be maps or objects"));
        assert_eq!(ok("zipmap", vec![strs(&["b", "a"]), arr([n(2), n(1)])]), obj([("a", n(1)), ("b", n(2))]));
        assert_eq!(
            err("zipmap", vec![strs(&["a"]), arr([])]),
            "number of keys (1) does not match number of values (0)"
        );
    }

    #[test]
    fn range_follows_cty() {
        assert_eq!(ok("range", vec![n(3)]), arr([n(0), n(1), n(2)]));
        assert_eq!(ok("range", vec![n(-3)]), arr([n(0), n(-1), n(-2)]));
        assert_eq!(ok("range", vec![n(1), n(4)]), arr([n(1), n(2), n(3)]));
        assert_eq!(ok("range", vec![n(4), n(1)]), arr([n(4), n(3), n(2)]));
        assert_eq!(ok("range", vec![n(0), n(10), n(4)]), arr([n(0), n(4), n(8)]));
        assert_eq!(ok("range", vec![n(0)]), arr([]));
        assert_eq!(ok("range", vec![n(1), Value::from(2.0), Value::from(0.5)]), arr([n(1), Value::from(1.5)]));
        assert!(err("range", vec![n(0), n(1), n(0)]).contains("step must not be zero"));
        assert!(err("range", vec![n(0), n(5), n(-1)]).contains("end must be less than start"));
        assert!(err("range", vec![n(5), n(0), n(1)]).contains("end must be greater than start"));
        assert!(err("range", vec![n(2000)]).contains("more than 1024 values"));
        assert_eq!(err("range", vec![]), "must have one, two, or three arguments");
    }

    #[test]
    fn reverse_is_the_string_reverse_in_nomad() {
        assert_eq!(ok("reverse", vec![s("abc")]), s("cba"));
        assert!(err("reverse", vec![arr([n(1)])]).contains("string required"));
    }

    #[test]
    fn set_functions() {
        assert_eq!(ok("setunion", vec![strs(&["b", "a"]), strs(&["c", "a"])]), strs(&["a", "b", "c"]));
        assert_eq!(ok("setunion", vec![strs(&["a"]), arr([n(1)])]), strs(&["1", "a"]));
        assert_eq!(ok("setintersection", vec![strs(&["a", "b", "c"]), strs(&["c", "b", "x"])]), strs(&["b", "c"]));
        assert_eq!(ok("setintersection", vec![arr([n(1), n(2)]), strs(&["2"])]), strs(&["2"]));
        assert!(err("setunion", vec![]).contains(r#"missing value for "first_set""#));
        assert!(err("setunion", vec![strs(&["a"]), arr([arr([])])]).contains("compatible element types"));
        let product = ok("setproduct", vec![strs(&["a", "b"]), arr([n(1), n(2)])]);
        let pairs = [("a", 1), ("a", 2), ("b", 1), ("b", 2)].map(|(x, y)| arr([s(x), n(y)]));
        assert_eq!(product, Value::Array(pairs.into()));
        assert_eq!(ok("setproduct", vec![strs(&["a"]), arr([])]), arr([]));
        assert_eq!(err("setproduct", vec![strs(&["a"])]), "at least two arguments are required");
    }

    #[test]
    fn slice_bounds() {
        let l = strs(&["a", "b", "c", "d"]);
        assert_eq!(ok("slice", vec![l.clone(), n(1), n(3)]), strs(&["b", "c"]));
        assert_eq!(ok("slice", vec![l.clone(), n(4), n(4)]), arr([]));
        assert!(err("slice", vec![l.clone(), n(-1), n(2)]).contains("start index must not be less than zero"));
        assert!(err("slice", vec![l.clone(), n(0), n(5)]).contains("end index must not be greater than the length"));
        assert!(err("slice", vec![l.clone(), n(3), n(2)]).contains("start index must not be greater than end index"));
    }
}

//! Sets: go-cty keeps each distinct value once and iterates in a fixed order.
//!
//! Strings sort by their bytes, numbers by value, `false` before `true`, nulls last. Other
//! element types have no natural order; go-cty then compares a text it builds from each value
//! (`hash_text` below), which this module builds the same way.

use std::cmp::Ordering;

use hcl::Value;

use super::number::number_to_g10;
use super::{Type, go_quote, type_of};

/// The distinct elements of a set of `element` values, in go-cty's order.
pub(super) fn make_set(mut elements: Vec<Value>, element: &Type) -> Vec<Value> {
    if element.is_primitive() {
        elements.sort_by(compare_primitives);
    } else {
        // Nulls last, the rest by hash text (computed once per element).
        elements.sort_by_cached_key(|value| {
            let mut text = String::new();
            if *value != Value::Null {
                hash_text(value, element, &mut text);
            }
            (*value == Value::Null, text)
        });
    }
    // Equal values now sit next to each other.
    elements.dedup();
    elements
}

fn compare_primitives(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        (Value::String(a), Value::String(b)) => a.as_bytes().cmp(b.as_bytes()),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::Number(a), Value::Number(b)) => compare_numbers(a, b),
        _ => Ordering::Equal,
    }
}

/// Numbers by value: integers exactly, anything with a fraction as `f64`.
fn compare_numbers(a: &hcl::Number, b: &hcl::Number) -> Ordering {
    let integer = |n: &hcl::Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    match (integer(a), integer(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            a.partial_cmp(&b).unwrap_or(Ordering::Equal)
        }
    }
}

/// go-cty's set hash text of a value of type `ty`.
fn hash_text(value: &Value, ty: &Type, out: &mut String) {
    let ty = if *ty == Type::Any { type_of(value) } else { ty.clone() };
    match (value, &ty) {
        (Value::Null, _) => out.push('~'),
        (Value::Number(n), _) => out.push_str(&number_to_g10(n)),
        (Value::Bool(b), _) => out.push(if *b { 'T' } else { 'F' }),
        (Value::String(s), _) => out.push_str(&go_quote(s)),
        (Value::Object(entries), Type::Map(element)) => {
            out.push('{');
            let mut keys: Vec<&String> = entries.keys().collect();
            keys.sort();
            for key in keys {
                out.push_str(&go_quote(key));
                out.push(':');
                if let Some(v) = entries.get(key) {
                    hash_text(v, element, out);
                }
                out.push(';');
            }
            out.push('}');
        }
        (Value::Array(items), Type::List(element) | Type::Set(element)) => {
            out.push('[');
            for item in items {
                hash_text(item, element, out);
                out.push(';');
            }
            out.push(']');
        }
        (Value::Object(entries), _) => {
            out.push('<');
            let attributes = match &ty {
                Type::Object(attributes) => Some(attributes),
                _ => None,
            };
            let mut keys: Vec<&String> = entries.keys().collect();
            keys.sort();
            for key in keys {
                let attr_ty = attributes.and_then(|a| a.get(key)).map_or(Type::Any, |(t, _)| t.clone());
                if let Some(v) = entries.get(key) {
                    hash_text(v, &attr_ty, out);
                }
                out.push(';');
            }
            out.push('>');
        }
        (Value::Array(items), _) => {
            out.push('<');
            for (i, item) in items.iter().enumerate() {
                let item_ty = match &ty {
                    Type::Tuple(types) => types.get(i).cloned().unwrap_or(Type::Any),
                    _ => Type::Any,
                };
                hash_text(item, &item_ty, out);
                out.push(';');
            }
            out.push('>');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<Value> {
        items.iter().map(|s| Value::from(*s)).collect()
    }

    #[test]
    fn strings_are_distinct_and_sorted_by_bytes() {
        let set = make_set(strings(&["b", "a", "b", "B", "ä"]), &Type::String);
        assert_eq!(set, strings(&["B", "a", "b", "ä"]));
    }

    #[test]
    fn numbers_by_value_bools_false_first_nulls_last() {
        let set = make_set(vec![Value::from(10), Value::Null, Value::from(2), Value::from(10)], &Type::Number);
        assert_eq!(set, vec![Value::from(2), Value::from(10), Value::Null]);
        let set = make_set(vec![Value::from(true), Value::from(false), Value::from(true)], &Type::Bool);
        assert_eq!(set, vec![Value::from(false), Value::from(true)]);
        let big = Value::from(9_007_199_254_740_993_u64); // 2^53 + 1: not an exact f64
        let set = make_set(vec![big.clone(), Value::from(9_007_199_254_740_992_u64), Value::from(1.5)], &Type::Number);
        assert_eq!(set, vec![Value::from(1.5), Value::from(9_007_199_254_740_992_u64), big]);
    }

    #[test]
    fn lists_sort_by_their_hash_text() {
        // Hash texts `["b";]` and `["a";"c";]`: the second sorts first.
        let a = Value::Array(strings(&["b"]));
        let b = Value::Array(strings(&["a", "c"]));
        let set = make_set(vec![a.clone(), Value::Null, b.clone(), a.clone()], &Type::list(Type::String));
        assert_eq!(set, vec![b, a, Value::Null]);
    }

    #[test]
    fn hash_texts_are_gos() {
        let mut out = String::new();
        let value = Value::Object(
            [("n".to_owned(), Value::from(1)), ("s".to_owned(), Value::from("x\""))].into_iter().collect(),
        );
        hash_text(&value, &Type::map(Type::String), &mut out);
        assert_eq!(out, r#"{"n":1;"s":"x\"";}"#);
        out.clear();
        hash_text(&value, &Type::object([("n", Type::Number), ("s", Type::String)]), &mut out);
        assert_eq!(out, r#"<1;"x\"";>"#);
    }
}

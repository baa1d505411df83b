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
pub(super) fn make_set(elements: Vec<Value>, element: &Type) -> Vec<Value> {
    let mut distinct: Vec<Value> = Vec::with_capacity(elements.len());
    for value in elements {
        if !distinct.contains(&value) {
            distinct.push(value);
        }
    }
    distinct.sort_by(|a, b| compare(a, b, element));
    distinct
}

fn compare(a: &Value, b: &Value, element: &Type) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => return Ordering::Equal,
        (Value::Null, _) => return Ordering::Greater,
        (_, Value::Null) => return Ordering::Less,
        _ => {}
    }
    match (element, a, b) {
        (Type::String, Value::String(a), Value::String(b)) => a.as_bytes().cmp(b.as_bytes()),
        (Type::Bool, Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Type::Number, Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            a.partial_cmp(&b).unwrap_or(Ordering::Equal)
        }
        _ => {
            let (mut ha, mut hb) = (String::new(), String::new());
            hash_text(a, element, &mut ha);
            hash_text(b, element, &mut hb);
            ha.as_bytes().cmp(hb.as_bytes())
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
    }

    #[test]
    fn lists_sort_by_their_hash_text() {
        // Hash texts `["b";]` and `["a";"c";]`: the second sorts first.
        let a = Value::Array(strings(&["b"]));
        let b = Value::Array(strings(&["a", "c"]));
        let set = make_set(vec![a.clone(), b.clone(), a.clone()], &Type::list(Type::String));
        assert_eq!(set, vec![b, a]);
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

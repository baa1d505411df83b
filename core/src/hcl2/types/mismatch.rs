//! The text go-cty gives when no conversion exists between two types
//! (`convert.MismatchMessage`): `string required`, `list of string required`,
//! `attribute "port" is required`, `element 1: bool required`, ...
//!
//! go-cty walks Go maps here, so with several offending attributes its choice of which one
//! to name can vary from run to run; this module always takes the first by name.

use std::collections::BTreeMap;

use super::convert::can_convert;
use super::{Type, go_quote};

/// Why a value of type `got` cannot become a `want`.
pub(super) fn mismatch_message(got: &Type, want: &Type) -> String {
    match (got, want) {
        (Type::Object(g), Type::Object(w)) => objects(g, w),
        (Type::Tuple(_), Type::List(e)) if **e == Type::Any => "all list elements must have the same type".to_owned(),
        (Type::Tuple(_), Type::Set(e)) if **e == Type::Any => "all set elements must have the same type".to_owned(),
        (Type::Object(_), Type::Map(e)) if **e == Type::Any => "all map elements must have the same type".to_owned(),
        (Type::Tuple(_) | Type::Object(_), w) if w.is_collection() => collection_from_structural(got, want),
        (g, w) if g.is_collection() && w.is_collection() => collection_from_collection(got, want),
        _ if !likely_to_confuse(got, want) => {
            format!("{} required, but have {}", want.friendly_name(), got.friendly_name())
        }
        _ => format!("{} required", want.friendly_name_for_constraint()),
    }
}

fn objects(got: &BTreeMap<String, (Type, bool)>, want: &BTreeMap<String, (Type, bool)>) -> String {
    let mut missing: Vec<&String> = Vec::new();
    let mut unsafe_mismatch: Option<String> = None;
    let mut safe_mismatch: Option<String> = None;
    for (name, (want_ty, optional)) in want {
        let Some((got_ty, _)) = got.get(name) else {
            if !optional {
                missing.push(name);
            }
            continue;
        };
        if got_ty == want_ty {
            continue;
        }
        // An attribute with no conversion at all is the better explanation; one that only
        // lacks a safe conversion comes second.
        if unsafe_mismatch.is_some() {
            continue;
        }
        let text = || format!("attribute {}: {}", go_quote(name), mismatch_message(got_ty, want_ty));
        if !can_convert(got_ty, want_ty, true) {
            unsafe_mismatch = Some(text());
        }
        if safe_mismatch.is_none() && !can_convert(got_ty, want_ty, false) {
            safe_mismatch = Some(text());
        }
    }
    match missing.as_slice() {
        [] => {}
        [one] => return format!("attribute {} is required", go_quote(one)),
        [a, b] => return format!("attributes {} and {} are required", go_quote(a), go_quote(b)),
        [init @ .., last] => {
            let mut list: String = init.iter().map(|n| format!("{}, ", go_quote(n))).collect();
            list.push_str(&format!("and {}", go_quote(last)));
            return format!("attributes {list} are required");
        }
    }
    unsafe_mismatch.or(safe_mismatch).unwrap_or_else(|| "incorrect object attributes".to_owned())
}

fn collection_from_structural(got: &Type, want: &Type) -> String {
    let required = || format!("{} required", want.friendly_name_for_constraint());
    let Some(want_element) = want.element() else { return required() };
    match (got, want) {
        (Type::Tuple(elements), Type::List(_) | Type::Set(_)) => {
            for (i, element) in elements.iter().enumerate() {
                if element == want_element || can_convert(element, want_element, true) {
                    continue;
                }
                return format!("element {i}: {}", mismatch_message(element, want_element));
            }
            format!("all elements must be {}", want_element.friendly_name_for_constraint())
        }
        (Type::Object(attributes), Type::Map(_)) => {
            for (name, (ty, _)) in attributes {
                if ty == want_element || can_convert(ty, want_element, true) {
                    continue;
                }
                return format!("element {}: {}", go_quote(name), mismatch_message(ty, want_element));
            }
            format!("all elements must be {}", want_element.friendly_name_for_constraint())
        }
        _ => required(),
    }
}

fn collection_from_collection(got: &Type, want: &Type) -> String {
    let same_kind = matches!(
        (got, want),
        (Type::List(_) | Type::Set(_), Type::List(_) | Type::Set(_)) | (Type::Map(_), Type::Map(_))
    );
    let (Some(got_element), Some(want_element)) = (got.element(), want.element()) else {
        return format!("{} required", want.friendly_name_for_constraint());
    };
    if !same_kind {
        return format!("{} required", want.friendly_name_for_constraint());
    }
    let noun = match want {
        Type::List(_) => "list element type",
        Type::Set(_) => "set element type",
        _ => "map element type",
    };
    format!("incorrect {noun}: {}", mismatch_message(got_element, want_element))
}

/// go-cty's `typesAreLikelyToCauseConfusion`: when false, the message names both types.
fn likely_to_confuse(got: &Type, want: &Type) -> bool {
    if got.is_primitive() != want.is_primitive() {
        return false;
    }
    if *want == Type::String {
        return false;
    }
    if matches!((got, want), (Type::Number, Type::Bool) | (Type::Bool, Type::Number)) {
        return false;
    }
    if let (Some(g), Some(w)) = (got.element(), want.element())
        && !g.has_any()
        && w.has_any()
    {
        return false;
    }
    // go-cty also tests "an object that is a tuple", which never holds.
    !matches!((got, want), (Type::Tuple(_), Type::Object(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitives() {
        assert_eq!(mismatch_message(&Type::Bool, &Type::Number), "number required, but have bool");
        assert_eq!(mismatch_message(&Type::Number, &Type::Bool), "bool required, but have number");
        assert_eq!(mismatch_message(&Type::Tuple(vec![]), &Type::String), "string required, but have tuple");
        assert_eq!(mismatch_message(&Type::object([]), &Type::Number), "number required, but have object");
        assert_eq!(
            mismatch_message(&Type::String, &Type::list(Type::String)),
            "list of string required, but have string"
        );
    }

    #[test]
    fn collections() {
        let strings = Type::list(Type::String);
        assert_eq!(
            mismatch_message(&Type::Tuple(vec![Type::String, Type::Tuple(vec![])]), &strings),
            "element 1: string required, but have tuple"
        );
        assert_eq!(
            mismatch_message(&Type::Tuple(vec![Type::Bool, Type::Number]), &Type::list(Type::Any)),
            "all list elements must have the same type"
        );
        assert_eq!(
            mismatch_message(&Type::Tuple(vec![]), &Type::set(Type::Any)),
            "all set elements must have the same type"
        );
        assert_eq!(
            mismatch_message(&Type::object([]), &Type::map(Type::Any)),
            "all map elements must have the same type"
        );
        assert_eq!(
            mismatch_message(&Type::object([("a", Type::Tuple(vec![]))]), &Type::map(Type::Number)),
            "element \"a\": number required, but have tuple"
        );
        assert_eq!(mismatch_message(&Type::object([]), &strings), "list of string required");
        assert_eq!(
            mismatch_message(&Type::list(Type::Bool), &Type::list(Type::Number)),
            "incorrect list element type: number required, but have bool"
        );
        assert_eq!(mismatch_message(&Type::map(Type::String), &strings), "list of string required");
    }

    #[test]
    fn objects() {
        let want = Type::Object(
            [
                ("a".to_owned(), (Type::String, false)),
                ("b".to_owned(), (Type::Number, false)),
                ("c".to_owned(), (Type::Bool, false)),
                ("d".to_owned(), (Type::Bool, true)),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(mismatch_message(&Type::object([]), &want), r#"attributes "a", "b", and "c" are required"#);
        assert_eq!(
            mismatch_message(&Type::object([("a", Type::String)]), &want),
            r#"attributes "b" and "c" are required"#
        );
        assert_eq!(
            mismatch_message(&Type::object([("a", Type::String), ("b", Type::Number)]), &want),
            r#"attribute "c" is required"#
        );
        let got = Type::object([("a", Type::String), ("b", Type::Bool), ("c", Type::Bool)]);
        assert_eq!(mismatch_message(&got, &want), r#"attribute "b": number required, but have bool"#);
    }

    #[test]
    fn nested_structures_name_the_path_of_the_first_problem() {
        let service = Type::object([("port", Type::Number), ("name", Type::String)]);
        assert_eq!(
            mismatch_message(&Type::Tuple(vec![Type::object([("name", Type::String)])]), &Type::list(service.clone())),
            r#"element 0: attribute "port" is required"#
        );
        assert_eq!(
            mismatch_message(&Type::list(Type::object([])), &Type::set(service.clone())),
            r#"incorrect set element type: attributes "name" and "port" are required"#
        );
        assert_eq!(
            mismatch_message(&Type::map(Type::String), &Type::map(service.clone())),
            "incorrect map element type: object required, but have string"
        );
        let outer = Type::object([("svc", service.clone())]);
        let got = Type::object([("svc", Type::object([("name", Type::String)]))]);
        assert_eq!(mismatch_message(&got, &outer), r#"attribute "svc": attribute "port" is required"#);
        let by_name = Type::map(Type::map(service));
        let got = Type::object([
            ("ok", Type::object([])),
            ("web", Type::object([("main", Type::object([("name", Type::String)]))])),
        ]);
        assert_eq!(mismatch_message(&got, &by_name), r#"element "web": element "main": attribute "port" is required"#);
    }
}

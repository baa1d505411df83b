//! Converting a value to a type, with go-cty's rules (`convert.Convert`, which Nomad calls for
//! every variable value) and its error texts.
//!
//! go-cty decides in two steps. First, from the two types alone, whether a conversion exists
//! at all ([`can_convert`]); if not, the error is the type mismatch text of
//! [`mismatch_message`]. Then it converts the value, which can still fail on the value
//! itself: `"abc"` to a number, an element of a tuple to the list's element type. Conversions
//! of string to number or bool, and of list to set, are the "unsafe" ones; `Convert` allows
//! them, so this module always does too, and keeps the flag only where go-cty's inner steps
//! ask for the safe kind.
//!
//! Values carry no type here, so every step passes the value's type alongside it: a
//! converted `list(string)` is an array whose type is still known to be a list, and a `null`
//! can be a null string.

use std::collections::BTreeMap;

use hcl::{Map, Value};

use super::mismatch::mismatch_message;
use super::number::{number_to_string, parse_number};
use super::set::make_set;
use super::unify::unify;
use super::{Type, go_quote, type_of};

/// A value with the type go-cty would give it.
type Typed = (Value, Type);

/// Converts `value` to `ty` the way go-cty's `convert.Convert` does (unsafe conversions
/// allowed), or gives go-cty's error text: `a number is required`, `string required`,
/// `attribute "port" is required`, `list of string required`, ...
///
/// Lists, sets and tuples come back as arrays, maps and objects as objects (with sorted
/// keys); a set's elements are made distinct and put in go-cty's order. An object loses the
/// attributes its type does not name and gets `null` for missing optional ones.
pub fn convert(value: &Value, ty: &Type) -> Result<Value, String> {
    convert_typed(value, &type_of(value), ty).map(|(value, _)| value)
}

/// `convert.Convert` on a value of type `from`.
fn convert_typed(value: &Value, from: &Type, to: &Type) -> Result<Typed, String> {
    if *from == to.without_optional() {
        return Ok((value.clone(), from.clone()));
    }
    if !can_convert(from, to, true) {
        return Err(mismatch_message(from, to));
    }
    run(value, from, to, true)
}

/// True if go-cty has a conversion from `from` to `to` (its `getConversion` is not nil).
/// Note that, as in go-cty, equal primitive types or equal-element maps have no conversion
/// of their own: callers check equality first where go-cty does.
pub(super) fn can_convert(from: &Type, to: &Type, unsafe_: bool) -> bool {
    let element_ok = |f: &Type, t: &Type| f == t || can_convert(f, t, unsafe_);
    match (from, to) {
        (_, Type::Any) => true,
        (Type::Any, _) if unsafe_ => true,
        (f, t) if f.is_primitive() && t.is_primitive() => matches!(
            (f, t),
            (Type::Number | Type::Bool, Type::String) | (Type::String, Type::Number | Type::Bool) if unsafe_ || *t == Type::String
        ),
        (Type::Object(f), Type::Object(t)) => t.iter().all(|(name, (tt, optional))| match f.get(name) {
            None => *optional,
            Some((ft, _)) => element_ok(ft, tt),
        }),
        (Type::Tuple(f), Type::Tuple(t)) => f.len() == t.len() && f.iter().zip(t).all(|(f, t)| element_ok(f, t)),
        (Type::List(fe) | Type::Set(fe), Type::List(te)) => element_ok(fe, te),
        (Type::List(fe) | Type::Set(fe), Type::Set(te)) => {
            (unsafe_ || matches!(from, Type::Set(_))) && element_ok(fe, te)
        }
        (Type::Map(fe), Type::Map(te)) => can_convert(fe, te, unsafe_),
        (Type::Tuple(f), Type::List(te) | Type::Set(te)) => sequence_element_type(f, te, unsafe_).is_some(),
        (Type::Object(f), Type::Map(te)) => attribute_element_type(f, te, unsafe_).is_some(),
        (Type::Map(fe), Type::Object(t)) => {
            unsafe_
                && t.iter().all(|(_, (tt, optional))| fe.as_ref() == tt || can_convert(fe, tt, unsafe_) || *optional)
        }
        _ => false,
    }
}

/// The element type a tuple of `from` becomes in a list or set of `to`: `to` itself, or for
/// `any` the unified type of the tuple's elements. `None` if some element cannot convert.
fn sequence_element_type(from: &[Type], to: &Type, unsafe_: bool) -> Option<Type> {
    if from.is_empty() {
        return Some(to.clone());
    }
    let element = if *to == Type::Any {
        let unified = unify(from, unsafe_)?;
        // Only a tuple of nulls may stay `any`.
        if unified == Type::Any && from.iter().any(|t| *t != Type::Any) {
            return None;
        }
        unified
    } else {
        to.clone()
    };
    from.iter().all(|t| *t == element || can_convert(t, &element, unsafe_)).then_some(element)
}

/// The element type an object with attributes `from` becomes in a map of `to`.
fn attribute_element_type(from: &BTreeMap<String, (Type, bool)>, to: &Type, unsafe_: bool) -> Option<Type> {
    if from.is_empty() {
        return Some(to.clone());
    }
    let element = if *to == Type::Any {
        let types: Vec<Type> = from.values().map(|(t, _)| t.clone()).collect();
        unify(&types, unsafe_)?
    } else {
        to.clone()
    };
    from.values().all(|(t, _)| *t == element || can_convert(t, &element, unsafe_)).then_some(element)
}

/// Runs a conversion that [`can_convert`] allowed (go-cty's conversion closure, including its
/// wrapper: anything goes to `any` as it is, and a null becomes a null of the target type).
pub(super) fn run(value: &Value, from: &Type, to: &Type, unsafe_: bool) -> Result<Typed, String> {
    if *to == Type::Any {
        return Ok((value.clone(), from.clone()));
    }
    if *value == Value::Null {
        return Ok((Value::Null, dynamic_replace(from, &to.without_optional())));
    }
    let mismatch = || mismatch_message(from, to);
    match (from, to, value) {
        (Type::Any, _, _) if unsafe_ => convert_typed(value, &type_of(value), to),
        (Type::Number, Type::String, Value::Number(n)) => Ok((Value::String(number_to_string(n)), Type::String)),
        (Type::Bool, Type::String, Value::Bool(b)) => Ok((Value::String(b.to_string()), Type::String)),
        (Type::String, Type::Number, Value::String(s)) if unsafe_ => match parse_number(s) {
            Some(n) => Ok((Value::Number(n), Type::Number)),
            None => Err("a number is required".to_owned()),
        },
        (Type::String, Type::Bool, Value::String(s)) if unsafe_ => match s.as_str() {
            "true" | "1" => Ok((Value::Bool(true), Type::Bool)),
            "false" | "0" => Ok((Value::Bool(false), Type::Bool)),
            _ => Err(match s.to_lowercase().as_str() {
                "true" => "a bool is required; to convert from string, use lowercase \"true\"".to_owned(),
                "false" => "a bool is required; to convert from string, use lowercase \"false\"".to_owned(),
                _ => "a bool is required".to_owned(),
            }),
        },
        (Type::Object(f), Type::Object(t), Value::Object(entries)) => object_to_object(entries, f, t, unsafe_),
        (Type::Tuple(f), Type::Tuple(t), Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for ((item, ft), tt) in items.iter().zip(f).zip(t) {
                out.push(if ft == tt { (item.clone(), ft.clone()) } else { run(item, ft, tt, unsafe_)? });
            }
            let types = out.iter().map(|(_, t)| t.clone()).collect();
            Ok((Value::Array(out.into_iter().map(|(v, _)| v).collect()), Type::Tuple(types)))
        }
        (Type::List(fe) | Type::Set(fe), Type::List(te) | Type::Set(te), Value::Array(items)) => {
            collection_to_sequence(items, fe, te, matches!(to, Type::Set(_)), unsafe_)
        }
        (Type::Map(fe), Type::Map(te), Value::Object(entries)) => map_to_map(entries, fe, te, unsafe_),
        (Type::Tuple(f), Type::List(te), Value::Array(items)) => tuple_to_list(items, f, te, unsafe_),
        (Type::Tuple(f), Type::Set(te), Value::Array(items)) => tuple_to_set(items, f, te, unsafe_),
        (Type::Object(f), Type::Map(te), Value::Object(entries)) => object_to_map(entries, f, te, unsafe_),
        (Type::Map(fe), Type::Object(t), Value::Object(entries)) => map_to_object(entries, fe, t, unsafe_),
        _ => Err(mismatch()),
    }
}

/// Runs a conversion that may not exist: go-cty assumes it does in a few inner steps.
fn run_checked(value: &Value, from: &Type, to: &Type, unsafe_: bool) -> Result<Typed, String> {
    if can_convert(from, to, unsafe_) { run(value, from, to, unsafe_) } else { Err(mismatch_message(from, to)) }
}

/// A null keeps its type, without optional marks.
fn normalize_null((value, ty): Typed) -> Typed {
    if value == Value::Null { (value, ty.without_optional()) } else { (value, ty) }
}

/// Entries of an object in go-cty's order (sorted by name).
fn sorted(entries: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut sorted: Vec<(&String, &Value)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
}

/// go-cty's `CanListVal`/`CanSetVal`/`CanMapVal`: all element types agree, `any` aside.
fn types_agree<'a>(types: impl IntoIterator<Item = &'a Type>) -> bool {
    let mut first = &Type::Any;
    for ty in types {
        if *first == Type::Any {
            first = ty;
        } else if *ty != Type::Any && ty != first {
            return false;
        }
    }
    true
}

/// The element type go-cty gives a collection built from elements of these types.
fn collected_type<'a>(types: impl IntoIterator<Item = &'a Type>) -> Type {
    let mut first = &Type::Any;
    for ty in types {
        if *first == Type::Any {
            first = ty;
        }
    }
    first.clone()
}

fn object_value(entries: BTreeMap<String, Typed>) -> Typed {
    let ty = Type::Object(entries.iter().map(|(k, (_, t))| (k.clone(), (t.clone(), false))).collect());
    (Value::Object(entries.into_iter().map(|(k, (v, _))| (k, v)).collect()), ty)
}

fn object_to_object(
    entries: &Map<String, Value>,
    from: &BTreeMap<String, (Type, bool)>,
    to: &BTreeMap<String, (Type, bool)>,
    unsafe_: bool,
) -> Result<Typed, String> {
    let mut out = BTreeMap::new();
    for (name, value) in sorted(entries) {
        let (Some((to_ty, _)), Some((from_ty, _))) = (to.get(name), from.get(name)) else { continue };
        let converted =
            if from_ty == to_ty { (value.clone(), from_ty.clone()) } else { run(value, from_ty, to_ty, unsafe_)? };
        out.insert(name.clone(), normalize_null(converted));
    }
    for (name, (ty, optional)) in to {
        if *optional && !out.contains_key(name) {
            out.insert(name.clone(), (Value::Null, ty.without_optional()));
        }
    }
    Ok(object_value(out))
}

/// A list or set to a list or set.
fn collection_to_sequence(items: &[Value], from: &Type, to: &Type, set: bool, unsafe_: bool) -> Result<Typed, String> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let converted = if from == to { (item.clone(), from.clone()) } else { run(item, from, to, unsafe_)? };
        out.push(normalize_null(converted));
    }
    if out.is_empty() {
        let element = if *to == Type::Any { from.clone() } else { to.without_optional() };
        return Ok(sequence(Vec::new(), element, set));
    }
    finish_sequence(out, set)
}

/// Checks that the elements agree and builds the list or set.
fn finish_sequence(out: Vec<Typed>, set: bool) -> Result<Typed, String> {
    if !types_agree(out.iter().map(|(_, t)| t)) {
        let kind = if set { "set" } else { "list" };
        return Err(format!("element types must all match for conversion to {kind}"));
    }
    let element = collected_type(out.iter().map(|(_, t)| t));
    Ok(sequence(out.into_iter().map(|(v, _)| v).collect(), element, set))
}

fn sequence(items: Vec<Value>, element: Type, set: bool) -> Typed {
    if set {
        (Value::Array(make_set(items, &element)), Type::set(element))
    } else {
        (Value::Array(items), Type::list(element))
    }
}

fn tuple_to_list(items: &[Value], from: &[Type], to: &Type, unsafe_: bool) -> Result<Typed, String> {
    if from.is_empty() {
        return Ok((Value::Array(Vec::new()), Type::list(to.without_optional())));
    }
    let element =
        sequence_element_type(from, to, unsafe_).ok_or_else(|| mismatch_message(&Type::Tuple(from.to_vec()), to))?;
    let mut out = Vec::with_capacity(items.len());
    for (item, ty) in items.iter().zip(from) {
        out.push(if *ty == element { (item.clone(), ty.clone()) } else { run(item, ty, &element, unsafe_)? });
    }
    // The converted elements may still differ (say, objects of different shapes under `any`).
    let unified = unify_elements(out.into_iter().map(|e| ((), e)).collect(), unsafe_)?;
    finish_sequence(unified.into_iter().map(|(_, e)| e).collect(), false)
}

fn tuple_to_set(items: &[Value], from: &[Type], to: &Type, unsafe_: bool) -> Result<Typed, String> {
    if from.is_empty() {
        return Ok((Value::Array(Vec::new()), Type::set(to.without_optional())));
    }
    let element =
        sequence_element_type(from, to, unsafe_).ok_or_else(|| mismatch_message(&Type::Tuple(from.to_vec()), to))?;
    let mut out = Vec::with_capacity(items.len());
    for (item, ty) in items.iter().zip(from) {
        let converted = if *ty == element { (item.clone(), ty.clone()) } else { run(item, ty, &element, unsafe_)? };
        out.push(normalize_null(converted));
    }
    finish_sequence(out, true)
}

/// Converts every element to the unified type of all of them (go-cty's
/// `conversionUnify*Elements`), keeping each element's key.
fn unify_elements<K>(elements: Vec<(K, Typed)>, unsafe_: bool) -> Result<Vec<(K, Typed)>, String> {
    let types: Vec<Type> = elements.iter().map(|(_, (_, t))| t.clone()).collect();
    let unified = unify(&types, unsafe_).ok_or("cannot find a common base type for all elements")?;
    elements
        .into_iter()
        .map(|(key, (value, ty))| {
            if ty == unified { Ok((key, (value, ty))) } else { Ok((key, run_checked(&value, &ty, &unified, unsafe_)?)) }
        })
        .collect()
}

fn finish_map(out: Vec<(String, Typed)>, attributes: bool) -> Result<Typed, String> {
    if !types_agree(out.iter().map(|(_, (_, t))| t)) {
        let what = if attributes { "attribute" } else { "element" };
        return Err(format!("{what} types must all match for conversion to map"));
    }
    let element = collected_type(out.iter().map(|(_, (_, t))| t));
    Ok((Value::Object(out.into_iter().map(|(k, (v, _))| (k, v)).collect()), Type::map(element)))
}

fn map_to_map(entries: &Map<String, Value>, from: &Type, to: &Type, unsafe_: bool) -> Result<Typed, String> {
    let mut out = Vec::with_capacity(entries.len());
    for (name, value) in sorted(entries) {
        out.push((name.clone(), run(value, from, to, unsafe_)?));
    }
    if out.is_empty() {
        let element = if *to == Type::Any { from.clone() } else { to.without_optional() };
        return Ok((Value::Object(Map::new()), Type::map(element)));
    }
    if to.is_collection() || matches!(to, Type::Object(_)) {
        // go-cty asks for the safe kind of unification here.
        out = unify_elements(out, false)?;
    }
    finish_map(out, false)
}

fn object_to_map(
    entries: &Map<String, Value>,
    from: &BTreeMap<String, (Type, bool)>,
    to: &Type,
    unsafe_: bool,
) -> Result<Typed, String> {
    if from.is_empty() {
        return Ok((Value::Object(Map::new()), Type::map(to.without_optional())));
    }
    let element =
        attribute_element_type(from, to, unsafe_).ok_or_else(|| mismatch_message(&Type::Object(from.clone()), to))?;
    let mut out = Vec::with_capacity(entries.len());
    for (name, value) in sorted(entries) {
        let ty = from.get(name).map_or(Type::Any, |(t, _)| t.clone());
        out.push((name.clone(), if ty == element { (value.clone(), ty) } else { run(value, &ty, &element, unsafe_)? }));
    }
    if element.is_collection() || matches!(element, Type::Object(_)) {
        out = unify_elements(out, unsafe_)?;
    }
    finish_map(out, true)
}

fn map_to_object(
    entries: &Map<String, Value>,
    from: &Type,
    to: &BTreeMap<String, (Type, bool)>,
    unsafe_: bool,
) -> Result<Typed, String> {
    let mut out = BTreeMap::new();
    for (name, value) in sorted(entries) {
        let Some((ty, _)) = to.get(name) else { continue };
        let converted = if ty == from {
            (value.clone(), from.clone())
        } else if can_convert(from, ty, unsafe_) {
            run(value, from, ty, unsafe_)?
        } else {
            return Err(format!(
                "map element type is incompatible with attribute {}: {}",
                go_quote(name),
                mismatch_message(from, ty)
            ));
        };
        out.insert(name.clone(), normalize_null(converted));
    }
    for (name, (ty, optional)) in to {
        if out.contains_key(name) {
            continue;
        }
        if *optional {
            out.insert(name.clone(), (Value::Null, ty.clone()));
        } else {
            return Err(format!("map has no element for required attribute {}", go_quote(name)));
        }
    }
    Ok(object_value(out))
}

/// The type a null of type `from` gets when converted to `to` (go-cty's `dynamicReplace`):
/// `to`, with its `any` parts filled in from `from` where `from` knows more.
fn dynamic_replace(from: &Type, to: &Type) -> Type {
    let or_to = |unified: Option<Type>, to: &Type| match unified {
        Some(u) => dynamic_replace(&u, to),
        None => to.clone(),
    };
    if *from == Type::Any {
        return to.clone();
    }
    match to {
        Type::Any => from.clone(),
        Type::String | Type::Number | Type::Bool => to.clone(),
        Type::Map(te) => match from {
            Type::Map(fe) => Type::map(dynamic_replace(fe, te)),
            Type::Object(attributes) => {
                let types: Vec<Type> = attributes.values().map(|(t, _)| t.clone()).collect();
                Type::map(or_to(unify(&types, true), te))
            }
            _ => to.clone(),
        },
        Type::Object(attributes) => Type::Object(
            attributes
                .iter()
                .filter_map(|(name, (ty, _))| {
                    let replaced = match from {
                        Type::Map(fe) => dynamic_replace(fe, ty),
                        Type::Object(f) => match f.get(name) {
                            Some((ft, _)) => dynamic_replace(ft, ty),
                            None => ty.clone(),
                        },
                        _ => return None,
                    };
                    Some((name.clone(), (replaced, false)))
                })
                .collect(),
        ),
        Type::List(te) | Type::Set(te) => {
            let make = if matches!(to, Type::Set(_)) { Type::set } else { Type::list };
            match from {
                Type::List(fe) | Type::Set(fe) => make(dynamic_replace(fe, te)),
                Type::Tuple(f) => make(or_to(unify(f, true), te)),
                _ => to.clone(),
            }
        }
        Type::Tuple(t) => match from {
            Type::Tuple(f) if f.len() == t.len() => {
                Type::Tuple(f.iter().zip(t).map(|(f, t)| dynamic_replace(f, t)).collect())
            }
            _ => to.clone(),
        },
    }
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;

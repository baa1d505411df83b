//! Unification: the one type a group of types can all convert to (go-cty's `unify`), used
//! when a tuple becomes a `list(any)`, an object a `map(any)`, and to line up the elements of
//! a converted collection.

use std::cmp::Ordering;

use super::Type;
use super::convert::can_convert;

/// The common type of `types`, or `None` if there is none (go-cty's `NilType`).
pub(super) fn unify(types: &[Type], unsafe_: bool) -> Option<Type> {
    let first = types.first()?;
    // Equal types unify to themselves by every rule below; this keeps long lists linear.
    if types.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    let count = |f: fn(&Type) -> bool| types.iter().filter(|t| f(t)).count();
    let maps = count(|t| matches!(t, Type::Map(_)));
    let lists = count(|t| matches!(t, Type::List(_)));
    let sets = count(|t| matches!(t, Type::Set(_)));
    let objects = count(|t| matches!(t, Type::Object(_)));
    let tuples = count(|t| matches!(t, Type::Tuple(_)));
    let dynamic = count(|t| *t == Type::Any);
    let n = types.len();

    // The first matching rule decides; two of them fall back to the preference order below.
    if maps > 0 && maps + dynamic == n {
        return unify_collections(Type::map, types, unsafe_, dynamic > 0);
    } else if maps > 0 && maps + objects + dynamic == n {
        if let Some(ty @ Type::Map(_)) = unify_objects_as_maps(types, unsafe_) {
            return Some(ty);
        }
    } else if lists > 0 && lists + dynamic == n {
        return unify_collections(Type::list, types, unsafe_, dynamic > 0);
    } else if lists > 0 && lists + tuples + dynamic == n {
        if let Some(ty @ Type::List(_)) = unify_tuples_as_list(types, unsafe_) {
            return Some(ty);
        }
    } else if sets > 0 && sets + dynamic == n {
        return unify_collections(Type::set, types, unsafe_, dynamic > 0);
    } else if objects > 0 && objects + dynamic == n {
        return unify_objects(types, unsafe_, dynamic > 0);
    } else if tuples > 0 && tuples + dynamic == n {
        return unify_tuples(types, unsafe_, dynamic > 0);
    } else if objects > 0 && tuples > 0 {
        return None;
    }

    // Otherwise the first type, in order of preference, that all the others convert to.
    'preferences: for want in sort_types(types) {
        let Some(want_ty) = types.get(want) else { continue };
        for (i, try_ty) in types.iter().enumerate() {
            if i == want || try_ty == want_ty {
                continue;
            }
            if !can_convert(try_ty, want_ty, unsafe_) {
                continue 'preferences;
            }
        }
        return Some(want_ty.clone());
    }
    None
}

/// True if each of `types` equals `target` or converts to it.
fn all_convert(types: &[Type], target: &Type, unsafe_: bool) -> bool {
    types.iter().all(|ty| ty == target || can_convert(ty, target, unsafe_))
}

fn unify_collections(make: fn(Type) -> Type, types: &[Type], unsafe_: bool, dynamic: bool) -> Option<Type> {
    if dynamic {
        return Some(Type::Any);
    }
    let elements: Vec<Type> = types.iter().filter_map(|t| t.element().cloned()).collect();
    let target = make(unify(&elements, unsafe_)?);
    all_convert(types, &target, unsafe_).then_some(target)
}

fn unify_objects_as_maps(types: &[Type], unsafe_: bool) -> Option<Type> {
    let objects: Vec<Type> = types.iter().filter(|t| matches!(t, Type::Object(_))).cloned().collect();
    let as_map = unify_objects_to_map(&objects, unsafe_)?;
    let mapped: Vec<Type> =
        types.iter().map(|t| if matches!(t, Type::Object(_)) { as_map.clone() } else { t.clone() }).collect();
    unify(&mapped, unsafe_).filter(|t| matches!(t, Type::Map(_)))
}

fn unify_tuples_as_list(types: &[Type], unsafe_: bool) -> Option<Type> {
    let tuples: Vec<Type> = types.iter().filter(|t| matches!(t, Type::Tuple(_))).cloned().collect();
    let as_list = unify_tuples_to_list(&tuples, unsafe_)?;
    let listed: Vec<Type> =
        types.iter().map(|t| if matches!(t, Type::Tuple(_)) { as_list.clone() } else { t.clone() }).collect();
    unify(&listed, unsafe_).filter(|t| matches!(t, Type::List(_)))
}

fn unify_objects(types: &[Type], unsafe_: bool, dynamic: bool) -> Option<Type> {
    if dynamic {
        return Some(Type::Any);
    }
    let attributes = |t: &Type| match t {
        Type::Object(a) => a.clone(),
        _ => Default::default(),
    };
    // No types have no common type, as in `unify`.
    let (first, rest) = types.split_first()?;
    let first = attributes(first);
    // Objects with different attribute names can only meet as a map.
    for ty in rest {
        let these = attributes(ty);
        if these.len() != first.len() || these.keys().any(|k| !first.contains_key(k)) {
            return unify_objects_to_map(types, unsafe_);
        }
    }
    let mut unified = std::collections::BTreeMap::new();
    for name in first.keys() {
        let across: Vec<Type> =
            types.iter().map(|t| attributes(t).get(name).map_or(Type::Any, |(t, _)| t.clone())).collect();
        unified.insert(name.clone(), (unify(&across, unsafe_)?, false));
    }
    let target = Type::Object(unified);
    if all_convert(types, &target, unsafe_) { Some(target) } else { unify_objects_to_map(types, unsafe_) }
}

fn unify_objects_to_map(types: &[Type], unsafe_: bool) -> Option<Type> {
    let mut all = Vec::new();
    for ty in types {
        if let Type::Object(attributes) = ty {
            all.extend(attributes.values().map(|(t, _)| t.clone()));
        }
    }
    let target = Type::map(unify(&all, unsafe_)?);
    all_convert(types, &target, unsafe_).then_some(target)
}

fn unify_tuples(types: &[Type], unsafe_: bool, dynamic: bool) -> Option<Type> {
    if dynamic {
        return Some(Type::Any);
    }
    let elements = |t: &Type| match t {
        Type::Tuple(e) => e.clone(),
        _ => Vec::new(),
    };
    // No types have no common type, as in `unify`.
    let (first, rest) = types.split_first()?;
    let first = elements(first);
    if rest.iter().any(|t| elements(t).len() != first.len()) {
        return unify_tuples_to_list(types, unsafe_);
    }
    let mut unified = Vec::with_capacity(first.len());
    for i in 0..first.len() {
        let across: Vec<Type> = types.iter().map(|t| elements(t).get(i).cloned().unwrap_or(Type::Any)).collect();
        unified.push(unify(&across, unsafe_)?);
    }
    let target = Type::Tuple(unified);
    if all_convert(types, &target, unsafe_) { Some(target) } else { unify_tuples_to_list(types, unsafe_) }
}

fn unify_tuples_to_list(types: &[Type], unsafe_: bool) -> Option<Type> {
    let mut all = Vec::new();
    for ty in types {
        if let Type::Tuple(elements) = ty {
            all.extend(elements.iter().cloned());
        }
    }
    let target = Type::list(unify(&all, unsafe_)?);
    all_convert(types, &target, unsafe_).then_some(target)
}

/// The indices of `types` in go-cty's order of preference (a topological order of
/// [`compare_types`], ties kept in input order).
fn sort_types(types: &[Type]) -> Vec<usize> {
    let n = types.len();
    // `edges[i]`: the types that type `i` comes before; `in_degree[j]`: how many come before `j`.
    // Every index below is one of `0..n`, the length of both lists.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut in_degree = vec![0usize; n];
    for (i, a) in types.iter().enumerate() {
        for (j, b) in types.iter().enumerate().skip(i + 1) {
            let (from, to) = match compare_types(a, b) {
                Ordering::Less => (i, j),
                Ordering::Greater => (j, i),
                Ordering::Equal => continue,
            };
            if let (Some(outs), Some(degree)) = (edges.get_mut(from), in_degree.get_mut(to)) {
                outs.push(to);
                *degree += 1;
            }
        }
    }
    let mut order: Vec<usize> = in_degree.iter().enumerate().filter(|&(_, &d)| d == 0).map(|(i, _)| i).collect();
    let mut next = 0;
    while let Some(&i) = order.get(next) {
        next += 1;
        for &j in edges.get(i).into_iter().flatten() {
            if let Some(degree) = in_degree.get_mut(j) {
                *degree -= 1;
                if *degree == 0 {
                    order.push(j);
                }
            }
        }
    }
    // Go leaves the unfilled rest of its result at index 0.
    order.resize(n, 0);
    order
}

/// go-cty's preference between two types: `Less` if `a` should be tried first: string before
/// the other primitives, any type before `any`, a list before a tuple, a map before an
/// object, a list or tuple before a set; `Equal` when neither is preferred.
fn compare_types(a: &Type, b: &Type) -> Ordering {
    use Ordering::{Equal, Greater, Less};
    if *a == Type::Any || *b == Type::Any {
        return match (*a == Type::Any, *b == Type::Any) {
            (false, _) => Less,
            (_, false) => Greater,
            _ => Equal,
        };
    }
    if a.is_primitive() && b.is_primitive() && (*a == Type::String || *b == Type::String) {
        return match (*a == Type::String, *b == Type::String) {
            (false, _) => Greater,
            (_, false) => Less,
            _ => Equal,
        };
    }
    match (a, b) {
        (Type::List(x), Type::List(y)) | (Type::Set(x), Type::Set(y)) | (Type::Map(x), Type::Map(y)) => {
            return compare_types(x, y);
        }
        _ => {}
    }
    let swapped = matches!(
        (a, b),
        (Type::Tuple(_), Type::List(_))
            | (Type::Object(_), Type::Map(_))
            | (Type::Set(_), Type::Tuple(_))
            | (Type::Set(_), Type::List(_))
    );
    let (a, b, flip) = if swapped { (b, a, true) } else { (a, b, false) };
    let sign = |o: Ordering| if flip { o.reverse() } else { o };
    match (a, b) {
        (Type::Tuple(_) | Type::List(_), Type::Set(_)) => sign(Less),
        (Type::List(_), Type::Tuple(_)) => sign(Less),
        (Type::Map(_), Type::Object(_)) => sign(Less),
        (Type::Object(x), Type::Object(y)) => {
            if x.len() != y.len() {
                return Equal;
            }
            let (mut a_super, mut b_super) = (false, false);
            for (name, (ta, _)) in x {
                let Some((tb, _)) = y.get(name) else { return Equal };
                match compare_types(ta, tb) {
                    Less => a_super = true,
                    Greater => b_super = true,
                    Equal => {}
                }
            }
            supers(a_super, b_super, sign)
        }
        (Type::Tuple(x), Type::Tuple(y)) => {
            if x.len() != y.len() {
                return Equal;
            }
            let (mut a_super, mut b_super) = (false, false);
            for (ta, tb) in x.iter().zip(y) {
                match compare_types(ta, tb) {
                    Less => a_super = true,
                    Greater => b_super = true,
                    Equal => {}
                }
            }
            supers(a_super, b_super, sign)
        }
        _ => Equal,
    }
}

fn supers(a_super: bool, b_super: bool, sign: impl Fn(Ordering) -> Ordering) -> Ordering {
    match (a_super, b_super) {
        (true, false) => sign(Ordering::Less),
        (false, true) => sign(Ordering::Greater),
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitives_unify_to_string_when_they_can() {
        assert_eq!(unify(&[Type::Number, Type::String], true), Some(Type::String));
        assert_eq!(unify(&[Type::String, Type::Bool], false), Some(Type::String));
        assert_eq!(unify(&[Type::Number, Type::Number], false), Some(Type::Number));
        assert_eq!(unify(&[Type::Number, Type::Bool], true), None, "no conversion between number and bool");
    }

    #[test]
    fn null_joins_any_type() {
        assert_eq!(unify(&[Type::Any, Type::Number], true), Some(Type::Number));
        assert_eq!(unify(&[Type::Any], true), Some(Type::Any));
    }

    #[test]
    fn objects_with_the_same_attributes_stay_objects_others_become_maps() {
        let a = Type::object([("x", Type::Number)]);
        let b = Type::object([("x", Type::String)]);
        assert_eq!(unify(&[a.clone(), b], true), Some(Type::object([("x", Type::String)])));
        let c = Type::object([("y", Type::String)]);
        assert_eq!(unify(&[a, c], true), Some(Type::map(Type::String)));
        // An object among nulls: go-cty gives up on a precise type.
        assert_eq!(unify(&[Type::object([("x", Type::Number)]), Type::Any], true), Some(Type::Any));
    }

    #[test]
    fn tuples_of_different_lengths_become_lists() {
        let a = Type::Tuple(vec![Type::Number]);
        let b = Type::Tuple(vec![Type::Number, Type::String]);
        assert_eq!(unify(&[a.clone(), b], true), Some(Type::list(Type::String)));
        assert_eq!(unify(&[a, Type::object([])], true), None, "objects and tuples never meet");
    }

    #[test]
    fn preference_order() {
        assert_eq!(compare_types(&Type::String, &Type::Number), Ordering::Less);
        assert_eq!(compare_types(&Type::Number, &Type::Any), Ordering::Less);
        assert_eq!(compare_types(&Type::Tuple(vec![]), &Type::list(Type::String)), Ordering::Greater);
        assert_eq!(compare_types(&Type::set(Type::String), &Type::list(Type::String)), Ordering::Greater);
        assert_eq!(sort_types(&[Type::Number, Type::Any, Type::String]), vec![2, 0, 1]);
    }
}

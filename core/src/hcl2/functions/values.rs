//! Argument checking and the cty-style conversions every function shares.
//!
//! `hcl::Value` has no types of its own beyond null/bool/number/string/array/object, so the
//! functions accept any value and convert it here the way cty converts a function argument to
//! the parameter's type: a number or a bool is acceptable where a string is wanted, a string
//! holding a decimal number where a number is wanted, and so on. Failures use cty's wording
//! (`Invalid value for "str" parameter: string required.`).

use hcl::{Map, Number, Value};
use std::cmp::Ordering;

/// The error for parameter `name`: `Invalid value for "name" parameter: why`.
pub(super) fn invalid(name: &str, why: impl std::fmt::Display) -> String {
    format!("Invalid value for \"{name}\" parameter: {why}")
}

/// Checks that exactly `N` arguments were given and returns them.
pub(super) fn fixed<'a, const N: usize>(args: &'a [Value], names: [&str; N]) -> Result<&'a [Value; N], String> {
    // There is a name for the first missing argument exactly when fewer than `N` were given.
    if let Some(missing) = names.get(args.len()) {
        return Err(format!(
            "Not enough function arguments: the function expects {N} argument(s); missing value for \"{missing}\""
        ));
    }
    args.try_into().map_err(|_| format!("Too many function arguments: the function expects only {N} argument(s)"))
}

/// Checks that at least the named leading arguments were given; returns them and the rest.
pub(super) fn leading<'a, const N: usize>(
    args: &'a [Value],
    names: [&str; N],
) -> Result<(&'a [Value; N], &'a [Value]), String> {
    // There is a name for the first missing argument exactly when fewer than `N` were given.
    if let Some(missing) = names.get(args.len()) {
        return Err(format!(
            "Not enough function arguments: the function expects at least {N} argument(s); missing value for \"{missing}\""
        ));
    }
    args.split_first_chunk().ok_or_else(|| "internal error: argument split".to_string())
}

fn not_null<'a>(v: &'a Value, name: &str) -> Result<&'a Value, String> {
    if v.is_null() { Err(invalid(name, "argument must not be null.")) } else { Ok(v) }
}

/// cty's string conversion of a primitive: strings as they are, numbers in decimal, bools as
/// `true`/`false`. `None` for null, arrays and objects.
pub(super) fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(number_text(n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A string argument (numbers and bools convert as in cty).
pub(super) fn string(v: &Value, name: &str) -> Result<String, String> {
    as_text(not_null(v, name)?).ok_or_else(|| invalid(name, "string required."))
}

/// cty's number conversion: numbers, and strings holding a decimal number.
pub(super) fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_decimal(s),
        _ => None,
    }
}

/// Parses a decimal number the way cty converts a string to a number (no hex, no `inf`).
pub(super) fn parse_decimal(s: &str) -> Option<f64> {
    let ok = !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && s.bytes().any(|b| b.is_ascii_digit());
    if ok { s.parse::<f64>().ok() } else { None }
}

/// A number argument.
pub(super) fn number(v: &Value, name: &str) -> Result<f64, String> {
    as_number(not_null(v, name)?).ok_or_else(|| invalid(name, "number required."))
}

/// A whole-number argument that fits an `i64` (gocty's conversion to a Go `int`).
pub(super) fn int(v: &Value, name: &str) -> Result<i64, String> {
    let v = not_null(v, name)?;
    if let Value::Number(n) = v
        && let Some(i) = n.as_i64()
    {
        return Ok(i);
    }
    let f = as_number(v).ok_or_else(|| invalid(name, "number required."))?;
    whole(f).ok_or_else(|| {
        invalid(name, "value must be a whole number, between -9223372036854775808 and 9223372036854775807 inclusive.")
    })
}

/// `f` as an `i64` when it is a whole number in range.
pub(super) fn whole(f: f64) -> Option<i64> {
    // The bounds are exact powers of two, so the comparisons are exact.
    if f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        Some(f as i64)
    } else {
        None
    }
}

/// A list/tuple/set argument.
pub(super) fn list<'a>(v: &'a Value, name: &str) -> Result<&'a Vec<Value>, String> {
    match not_null(v, name)? {
        Value::Array(items) => Ok(items),
        _ => Err(invalid(name, "list of any single type required.")),
    }
}

/// A list of strings (each element converted as [`string`] does; null elements stay `None`).
pub(super) fn string_list(v: &Value, name: &str) -> Result<Vec<Option<String>>, String> {
    let items = match not_null(v, name)? {
        Value::Array(items) => items,
        _ => return Err(invalid(name, "list of string required.")),
    };
    items
        .iter()
        .map(|item| match item {
            Value::Null => Ok(None),
            other => as_text(other).map(Some).ok_or_else(|| invalid(name, "list of string required.")),
        })
        .collect()
}

/// A number result; NaN and infinities (which `hcl::Value` cannot hold) are an error.
pub(super) fn num(f: f64) -> Result<Value, String> {
    Number::from_f64(f).map(Value::Number).ok_or_else(|| {
        format!("the result is {f}, which netplay cannot represent (hcl values have no infinity or NaN)")
    })
}

/// An integer result.
pub(super) fn int_value(i: i64) -> Value {
    Value::Number(Number::from(i))
}

/// cty's decimal text of a number (no exponent: `1e21` is `1000000000000000000000`).
pub(super) fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        // Rust prints the shortest round-tripping digits and never an exponent.
        n.as_f64().map(|f| f.to_string()).unwrap_or_default()
    }
}

/// cty's friendly type name of a value, for messages.
pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "tuple",
        Value::Object(_) => "object",
    }
}

/// The entries of an object in cty's iteration order (lexical by key).
pub(super) fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// An object with its keys in cty's order.
pub(super) fn sorted_object(map: Map<String, Value>) -> Value {
    let mut entries: Vec<_> = map.into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Object(entries.into_iter().collect())
}

/// A total order on values used to lay out sets: strings lexically, numbers numerically, bools
/// false first; other kinds by kind, then by their JSON text. cty orders set elements the same
/// way for strings, numbers and bools; its order for collections is by hash, which netplay does
/// not reproduce.
pub(super) fn set_order(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) => 4,
            Value::Object(_) => 5,
        }
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()).unwrap_or(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)).then_with(|| super::encoding::json_text(a).cmp(&super::encoding::json_text(b))),
    }
}

/// `items` as a cty set: sorted by [`set_order`], duplicates removed.
pub(super) fn into_set(mut items: Vec<Value>) -> Value {
    items.sort_by(set_order);
    items.dedup();
    Value::Array(items)
}

/// Number of grapheme clusters (cty's "characters").
pub(super) fn grapheme_count(s: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_follow_cty() {
        assert_eq!(string(&Value::from(5), "s"), Ok("5".to_string()));
        assert_eq!(string(&Value::from(1.5), "s"), Ok("1.5".to_string()));
        assert_eq!(string(&Value::from(true), "s"), Ok("true".to_string()));
        assert_eq!(
            string(&Value::Null, "s"),
            Err(r#"Invalid value for "s" parameter: argument must not be null."#.into())
        );
        assert_eq!(
            string(&Value::Array(vec![]), "s"),
            Err(r#"Invalid value for "s" parameter: string required."#.into())
        );
        assert_eq!(number(&Value::from("2.5"), "n"), Ok(2.5));
        assert!(number(&Value::from("abc"), "n").is_err());
        assert!(number(&Value::from("inf"), "n").is_err());
        assert_eq!(int(&Value::from(3.0), "n"), Ok(3));
        assert!(int(&Value::from(3.5), "n").expect_err("an error").contains("whole number"));
    }

    #[test]
    fn numbers_print_without_exponent() {
        assert_eq!(number_text(&Number::from_f64(1e21).unwrap_or(Number::from(0))), "1000000000000000000000");
        assert_eq!(number_text(&Number::from_f64(0.0000001).unwrap_or(Number::from(0))), "0.0000001");
        assert_eq!(number_text(&Number::from(-3)), "-3");
        assert!(num(f64::INFINITY).is_err());
    }

    #[test]
    fn arity_messages() {
        let args = [Value::from(1)];
        assert!(fixed(&args, ["a", "b"]).expect_err("an error").contains(r#"missing value for "b""#));
        assert!(fixed(&args, []).expect_err("an error").contains("only 0"));
        assert!(fixed(&args, ["a"]).is_ok());
        let (head, rest) = leading(&args, []).unwrap_or((&[], &[]));
        assert_eq!((head.len(), rest.len()), (0, 1));
    }

    #[test]
    fn sets_sort_and_dedupe() {
        let set = into_set(vec![Value::from("b"), Value::from("a"), Value::from("b")]);
        assert_eq!(set, Value::Array(vec![Value::from("a"), Value::from("b")]));
        let set = into_set(vec![Value::from(10), Value::from(9)]);
        assert_eq!(set, Value::Array(vec![Value::from(9), Value::from(10)]));
    }
}

//! Typed reads from the tree, with diagnostics that point at the value.
//!
//! Nomad 0.2 decodes jobspec values "weakly" (Go's mapstructure `WeakDecode`): a string such as
//! `"100"` is accepted where a number is expected, a number where a string is expected, and so
//! on. [`Conversion::Weak`] reproduces those rules; [`Conversion::Strict`] accepts only the
//! literal type (used for the node inventory, which is netplay's own format). Nomad 1.x decodes
//! an HCL2 jobspec with go-cty's conversions instead ([`Conversion::Hcl2`]): a numeric string is
//! a number and a number or `true`/`false` is a string, but a boolean is never a number, a
//! fraction is never a whole number, and a number is never a boolean.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceId;
use crate::syntax::{Number, Value, ValueKind};

/// How forgiving a read is about types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// Only the literal type.
    Strict,
    /// Go mapstructure's weak decoding, as Nomad 0.2 applies to jobspecs.
    Weak,
    /// go-cty's conversions, as Nomad 1.x applies to jobspecs read as HCL2.
    Hcl2,
}

/// Reads values of one source with one conversion mode.
#[derive(Debug, Clone, Copy)]
pub struct Reader {
    /// Which text the values come from.
    pub source: SourceId,
    /// Strict or weak.
    pub conversion: Conversion,
}

impl Reader {
    /// A reader for `source`.
    pub fn new(source: SourceId, conversion: Conversion) -> Self {
        Reader { source, conversion }
    }

    fn mismatch(&self, value: &Value, field: &str, expected: &str, example: &str) -> Diagnostic {
        let found = match &value.kind {
            ValueKind::String(s) => format!("string `\"{}\"`", shorten(s)),
            ValueKind::Template(s) => format!("interpolated string `\"{}\"`", shorten(s)),
            ValueKind::Expression(s) => format!("expression `{}`", shorten(s)),
            other => other.type_name().to_string(),
        };
        let mut d = Diagnostic::error(
            Code::TypeMismatch,
            self.source,
            value.span,
            format!("`{field}` must be {expected}, found {found}"),
        );
        d = if matches!(value.kind, ValueKind::Template(_) | ValueKind::Expression(_)) {
            d.with_help(format!(
                "netplay does not evaluate interpolation in `{field}`; write the value itself, e.g. `{field} = {example}`"
            ))
        } else {
            d.with_help(format!("write it as `{field} = {example}`"))
        };
        d
    }

    /// Nomad 1.x's error for an HCL2 value that does not convert (`detail` is go-cty's reason).
    fn unsuitable(&self, value: &Value, field: &str, detail: &str, expected: &str) -> Diagnostic {
        Diagnostic::error(
            Code::TypeMismatch,
            self.source,
            value.span,
            format!("Unsuitable value type: Unsuitable value: {detail}"),
        )
        .with_help(format!(
            "`{field}` takes {expected}; Nomad 1.x converts a value only as HCL2 does (a numeric string is a number, \
             but `true` is not 1 and 2.5 is not a whole number)"
        ))
    }

    /// A whole number. Weakly: strings are parsed like Go's `strconv.ParseInt(s, 0, 64)`
    /// (decimal, `0x` hex, `0` octal, `0b` binary), floats are truncated, booleans are 1/0.
    /// HCL2: decimal strings are numbers; fractions and booleans are errors.
    pub fn int(&self, value: &Value, field: &str) -> Result<i64, Diagnostic> {
        if self.conversion == Conversion::Hcl2 {
            return self.hcl2_int(value, field);
        }
        let weak = self.conversion == Conversion::Weak;
        match &value.kind {
            ValueKind::Number(Number::Int(n)) => Ok(*n),
            ValueKind::Number(Number::Float(f)) if weak && f.is_finite() && f.abs() < 9.2e18 => Ok(*f as i64),
            ValueKind::Bool(b) if weak => Ok(i64::from(*b)),
            ValueKind::String(s) if weak => {
                parse_go_int(s).ok_or_else(|| self.mismatch(value, field, "a whole number", "8080"))
            }
            _ => Err(self.mismatch(value, field, "a whole number", "8080")),
        }
    }

    fn hcl2_int(&self, value: &Value, field: &str) -> Result<i64, Diagnostic> {
        const WHOLE: &str = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";
        let from_float = |f: f64| {
            // 2^63 itself is out of range; every f64 below it in magnitude that is whole fits.
            if f.fract() == 0.0 && f.abs() < 9_223_372_036_854_775_808.0 {
                Ok(f as i64)
            } else {
                Err(self.unsuitable(value, field, WHOLE, "a whole number"))
            }
        };
        match &value.kind {
            ValueKind::Number(Number::Int(n)) => Ok(*n),
            ValueKind::Number(Number::Float(f)) => from_float(*f),
            ValueKind::String(s) => match s.parse::<i64>() {
                Ok(n) => Ok(n),
                Err(_) => match s.parse::<f64>() {
                    Ok(f) if !s.contains(['i', 'I', 'n', 'N']) => from_float(f),
                    _ => Err(self.unsuitable(value, field, "a number is required", "a whole number")),
                },
            },
            ValueKind::Bool(_) | ValueKind::List(_) | ValueKind::Object(_) => {
                Err(self.unsuitable(value, field, "number required", "a whole number"))
            }
            _ => Err(self.mismatch(value, field, "a whole number", "8080")),
        }
    }

    /// A string. Weakly: numbers and booleans are formatted (`true` → `1`, as mapstructure
    /// does); HCL2: numbers and booleans are formatted (`true` → `true`, as go-cty does).
    /// Interpolated strings are returned raw: their text is what Nomad would keep too.
    pub fn string(&self, value: &Value, field: &str) -> Result<String, Diagnostic> {
        let weak = self.conversion == Conversion::Weak;
        let hcl2 = self.conversion == Conversion::Hcl2;
        match &value.kind {
            ValueKind::String(s) | ValueKind::Template(s) => Ok(s.clone()),
            ValueKind::Number(Number::Int(n)) if hcl2 => Ok(n.to_string()),
            ValueKind::Number(Number::Float(f)) if hcl2 => Ok(f.to_string()),
            ValueKind::Bool(b) if hcl2 => Ok(b.to_string()),
            ValueKind::List(_) | ValueKind::Object(_) if hcl2 => {
                Err(self.unsuitable(value, field, "string required", "a string"))
            }
            ValueKind::Number(Number::Int(n)) if weak => Ok(n.to_string()),
            ValueKind::Number(Number::Float(f)) if weak => Ok(f.to_string()),
            ValueKind::Bool(b) if weak => Ok(if *b { "1" } else { "0" }.to_string()),
            _ => Err(self.mismatch(value, field, "a string", "\"text\"")),
        }
    }

    /// A boolean. Weakly: numbers (non-zero is true) and the strings Go's `strconv.ParseBool`
    /// accepts. HCL2: the strings `true` and `false` only.
    pub fn bool(&self, value: &Value, field: &str) -> Result<bool, Diagnostic> {
        let weak = self.conversion == Conversion::Weak;
        let hcl2 = self.conversion == Conversion::Hcl2;
        match &value.kind {
            ValueKind::Bool(b) => Ok(*b),
            ValueKind::String(s) if hcl2 => match s.as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(self.unsuitable(value, field, "a bool is required", "true or false")),
            },
            ValueKind::Number(_) | ValueKind::List(_) | ValueKind::Object(_) if hcl2 => {
                Err(self.unsuitable(value, field, "bool required", "true or false"))
            }
            ValueKind::Number(Number::Int(n)) if weak => Ok(*n != 0),
            ValueKind::String(s) if weak => match s.as_str() {
                "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
                "0" | "f" | "F" | "false" | "FALSE" | "False" | "" => Ok(false),
                _ => Err(self.mismatch(value, field, "true or false", "true")),
            },
            _ => Err(self.mismatch(value, field, "true or false", "true")),
        }
    }

    /// A list of strings (a single string is accepted as a one-element list, weakly).
    pub fn string_list(&self, value: &Value, field: &str) -> Result<Vec<(String, crate::source::Span)>, Diagnostic> {
        match &value.kind {
            ValueKind::List(items) => items.iter().map(|v| Ok((self.string(v, field)?, v.span))).collect(),
            _ if self.conversion == Conversion::Weak => Ok(vec![(self.string(value, field)?, value.span)]),
            _ => Err(self.mismatch(value, field, "a list of strings", "[\"a\", \"b\"]")),
        }
    }
}

/// Parses an integer the way Go's `strconv.ParseInt(s, 0, 64)` does (optional sign, base prefix,
/// underscores only with a prefix). Returns `None` on any error, including overflow.
pub fn parse_go_int(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body, prefixed) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest.to_string(), true)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest.to_string(), true)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    let body = if prefixed { body.replace('_', "") } else { body };
    if body.is_empty() || body.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = i128::from_str_radix(&body, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX { s.to_string() } else { format!("{}…", s.chars().take(MAX).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn v(kind: ValueKind) -> Value {
        Value { kind, span: Span::new(3, 8) }
    }

    #[test]
    fn go_integers() {
        assert_eq!(parse_go_int("100"), Some(100));
        assert_eq!(parse_go_int("-5"), Some(-5));
        assert_eq!(parse_go_int("+5"), Some(5));
        assert_eq!(parse_go_int("0x1F"), Some(31));
        assert_eq!(parse_go_int("010"), Some(8));
        assert_eq!(parse_go_int("0"), Some(0));
        assert_eq!(parse_go_int("1_000"), None);
        assert_eq!(parse_go_int("0x_1"), Some(1));
        assert_eq!(parse_go_int("abc"), None);
        assert_eq!(parse_go_int(""), None);
        assert_eq!(parse_go_int("--1"), None);
        assert_eq!(parse_go_int("9223372036854775808"), None);
    }

    #[test]
    fn hcl2_converts_as_go_cty_does() {
        let hcl2 = Reader::new(SourceId::Jobspec, Conversion::Hcl2);
        let int = |kind| hcl2.int(&v(kind), "static").map_err(|d| d.message);
        assert_eq!(int(ValueKind::Number(Number::Int(80))), Ok(80));
        assert_eq!(int(ValueKind::Number(Number::Float(80.0))), Ok(80));
        assert_eq!(int(ValueKind::String("8080".into())), Ok(8080));
        assert_eq!(int(ValueKind::String("8e3".into())), Ok(8000));
        let whole = "Unsuitable value type: Unsuitable value: value must be a whole number, between \
                     -9223372036854775808 and 9223372036854775807";
        assert_eq!(int(ValueKind::Number(Number::Float(80.5))), Err(whole.to_string()));
        assert_eq!(int(ValueKind::Number(Number::Float(9.3e18))), Err(whole.to_string()));
        assert_eq!(int(ValueKind::String("2.5".into())), Err(whole.to_string()));
        let number = "Unsuitable value type: Unsuitable value: a number is required";
        for text in ["0x50", "abc", " 80", "inf", "NaN", ""] {
            assert_eq!(int(ValueKind::String(text.into())), Err(number.to_string()), "{text:?}");
        }
        let required = "Unsuitable value type: Unsuitable value: number required";
        assert_eq!(int(ValueKind::Bool(true)), Err(required.to_string()));
        let d = hcl2.int(&v(ValueKind::Bool(true)), "static").expect_err("a bool is not a number");
        assert_eq!((d.code, d.span), (Code::TypeMismatch, Span::new(3, 8)));
        assert!(d.help.is_some_and(|h| h.contains("`static` takes a whole number")));

        assert_eq!(hcl2.string(&v(ValueKind::Bool(true)), "s").map_err(|d| d.message), Ok("true".to_string()));
        assert_eq!(hcl2.string(&v(ValueKind::Number(Number::Int(7))), "s").map_err(|d| d.message), Ok("7".into()));
        assert_eq!(
            hcl2.string(&v(ValueKind::Number(Number::Float(7.5))), "s").map_err(|d| d.message),
            Ok("7.5".into())
        );
        let string = "Unsuitable value type: Unsuitable value: string required";
        assert_eq!(hcl2.string(&v(ValueKind::List(vec![])), "s").map_err(|d| d.message), Err(string.into()));
        let bool = "Unsuitable value type: Unsuitable value: bool required";
        assert_eq!(hcl2.bool(&v(ValueKind::Number(Number::Int(1))), "b").map_err(|d| d.message), Err(bool.into()));
        assert_eq!(hcl2.bool(&v(ValueKind::String("true".into())), "b").ok(), Some(true));
        assert_eq!(hcl2.bool(&v(ValueKind::String("false".into())), "b").ok(), Some(false));
        for bad in [ValueKind::String("1".into()), ValueKind::String("TRUE".into()), ValueKind::Number(Number::Int(1))]
        {
            assert!(hcl2.bool(&v(bad.clone()), "b").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn weak_ints_accept_strings_strict_do_not() {
        let weak = Reader::new(SourceId::Jobspec, Conversion::Weak);
        let strict = Reader::new(SourceId::Nodes, Conversion::Strict);
        let s = v(ValueKind::String("100".into()));
        assert_eq!(weak.int(&s, "mbits"), Ok(100));
        let err = strict.int(&s, "mbits").expect_err("strict");
        assert_eq!(err.code, Code::TypeMismatch);
        assert_eq!(err.message, "`mbits` must be a whole number, found string `\"100\"`");
        assert_eq!(err.span, Span::new(3, 8));
        assert_eq!(weak.int(&v(ValueKind::Number(Number::Float(2.9))), "x"), Ok(2));
        assert_eq!(weak.int(&v(ValueKind::Bool(true)), "x"), Ok(1));
        let abc = weak.int(&v(ValueKind::String("abc".into())), "static").expect_err("abc");
        assert_eq!(abc.message, "`static` must be a whole number, found string `\"abc\"`");
        assert_eq!(abc.help.as_deref(), Some("write it as `static = 8080`"));
    }

    #[test]
    fn strict_reading_takes_only_the_literal_type() {
        let strict = Reader::new(SourceId::Nodes, Conversion::Strict);
        assert!(strict.int(&v(ValueKind::Number(Number::Float(2.0))), "cpu").is_err(), "a float is not an int");
        assert!(strict.int(&v(ValueKind::Bool(true)), "cpu").is_err(), "a bool is not an int");
        for number in [ValueKind::Number(Number::Int(7)), ValueKind::Number(Number::Float(7.5))] {
            let err = strict.string(&v(number.clone()), "device").expect_err("a number is not a string");
            assert_eq!(err.code, Code::TypeMismatch, "{number:?}");
        }
        assert_eq!(strict.string(&v(ValueKind::String("eth0".into())), "device"), Ok("eth0".into()));
        assert!(strict.string(&v(ValueKind::Bool(true)), "device").is_err(), "a bool is not a string");
        assert!(strict.bool(&v(ValueKind::Number(Number::Int(1))), "bridge").is_err(), "a number is not a bool");
        assert!(strict.bool(&v(ValueKind::String("true".into())), "bridge").is_err(), "a string is not a bool");
        assert_eq!(strict.bool(&v(ValueKind::Bool(false)), "bridge"), Ok(false));
        assert!(strict.string_list(&v(ValueKind::String("a".into())), "cni").is_err(), "one string is not a list");
    }

    #[test]
    fn weak_bools_read_numbers_and_go_parse_bool_strings() {
        let weak = Reader::new(SourceId::Jobspec, Conversion::Weak);
        let bool = |kind| weak.bool(&v(kind), "x").ok();
        assert_eq!(bool(ValueKind::Number(Number::Int(2))), Some(true));
        assert_eq!(bool(ValueKind::Number(Number::Int(0))), Some(false));
        for (text, expected) in [("t", true), ("True", true), ("1", true), ("0", false), ("F", false), ("", false)] {
            assert_eq!(bool(ValueKind::String(text.into())), Some(expected), "{text:?}");
        }
        assert_eq!(bool(ValueKind::String("yes".into())), None);
    }

    #[test]
    fn weak_floats_are_truncated_only_while_they_fit() {
        let weak = Reader::new(SourceId::Jobspec, Conversion::Weak);
        let int = |f: f64| weak.int(&v(ValueKind::Number(Number::Float(f))), "x").ok();
        assert_eq!(int(-2.9), Some(-2));
        assert_eq!(int(9.1e18), Some(9_100_000_000_000_000_000));
        for out in [9.2e18, -9.2e18, 1e19, f64::INFINITY, f64::NAN] {
            assert_eq!(int(out), None, "{out}");
        }
    }

    #[test]
    fn templates_say_they_are_not_evaluated() {
        let weak = Reader::new(SourceId::Jobspec, Conversion::Weak);
        let err = weak.int(&v(ValueKind::Template("${var.port}".into())), "static").expect_err("template");
        assert!(err.help.as_deref().unwrap_or("").contains("does not evaluate"));
    }

    #[test]
    fn weak_strings_and_bools() {
        let weak = Reader::new(SourceId::Jobspec, Conversion::Weak);
        assert_eq!(weak.string(&v(ValueKind::Number(Number::Int(5))), "x"), Ok("5".into()));
        assert_eq!(weak.string(&v(ValueKind::Bool(true)), "x"), Ok("1".into()));
        assert_eq!(weak.string(&v(ValueKind::Bool(false)), "x"), Ok("0".into()));
        assert_eq!(weak.string(&v(ValueKind::Number(Number::Float(7.5))), "x"), Ok("7.5".into()));
        assert_eq!(weak.bool(&v(ValueKind::String("true".into())), "x"), Ok(true));
        assert!(weak.bool(&v(ValueKind::String("yes".into())), "x").is_err());
        let list = weak.string_list(&v(ValueKind::String("a".into())), "x").expect("one");
        assert_eq!(list.len(), 1);
    }
}

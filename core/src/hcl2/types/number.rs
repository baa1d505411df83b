//! Numbers between strings and `hcl::Number`, as go-cty converts them.
//!
//! go-cty reads a string with Go's `big.ParseFloat` in base 10: an optional sign, decimal
//! digits with at most one `.` (at least one digit), then optionally an exponent `e`/`E`
//! (power of ten) or `p`/`P` (power of two) with an optional sign and at least one digit.
//! Nothing else: no spaces, no `_`, no `0x`. go-cty keeps 512 bits of mantissa; an
//! `hcl::Number` is an `i64`/`u64` or an `f64`, so integers stay exact and anything else is
//! rounded to the nearest `f64`. Infinities (Go also accepts `Inf`) have no `hcl::Number`
//! and are refused like any other text that is not a number.

use hcl::Number;

/// Steps `i` past an optional `+` or `-` at `bytes[i]`; true if it was a `-`.
fn skip_sign(bytes: &[u8], i: &mut usize) -> bool {
    match bytes.get(*i) {
        Some(b'+') => {
            *i += 1;
            false
        }
        Some(b'-') => {
            *i += 1;
            true
        }
        _ => false,
    }
}

/// The number written in `text`, or `None` if go-cty would answer "a number is required"
/// (or the number is too large for an `f64`).
pub(super) fn parse_number(text: &str) -> Option<Number> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = skip_sign(bytes, &mut i);
    let mantissa_start = i;
    let mut digits = 0;
    let mut point = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    let mantissa = &text[mantissa_start..i];
    let mut exponent: Option<(bool, i64)> = None; // (binary, value)
    if let Some(&b) = bytes.get(i) {
        let binary = match b {
            b'e' | b'E' => false,
            b'p' | b'P' => true,
            _ => return None,
        };
        i += 1;
        let exp_negative = skip_sign(bytes, &mut i);
        let exp_digits = &text[i..];
        if exp_digits.is_empty() || !exp_digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // An exponent past what an f64 can hold gives infinity or zero either way.
        let magnitude = exp_digits.parse::<i64>().unwrap_or(i64::MAX / 2).min(100_000);
        exponent = Some((binary, if exp_negative { -magnitude } else { magnitude }));
    }

    if exponent.is_none() && !point {
        // A plain integer: exact when it fits 64 bits.
        let exact = if negative {
            format!("-{mantissa}").parse::<i64>().ok().map(Number::from)
        } else {
            mantissa.parse::<u64>().ok().map(Number::from)
        };
        if exact.is_some() {
            return exact;
        }
    }
    let value = match exponent {
        Some((true, power)) => {
            let base = mantissa.parse::<f64>().ok()?;
            let power = i32::try_from(power.clamp(-5000, 5000)).ok()?;
            libm::ldexp(base, power)
        }
        Some((false, power)) => format!("{mantissa}e{power}").parse::<f64>().ok()?,
        None => mantissa.parse::<f64>().ok()?,
    };
    Number::from_f64(if negative { -value } else { value })
}

/// The number as go-cty writes it when converting to a string: every digit, never an
/// exponent (`5`, `1.5`, `100000000000000000000`).
pub(super) fn number_to_string(number: &Number) -> String {
    if number.is_f64() {
        match number.as_f64() {
            Some(f) => format!("{f}"),
            None => number.to_string(),
        }
    } else {
        number.to_string()
    }
}

/// The number as Go's `big.Float.String()` writes it (`%g` with 10 significant digits):
/// go-cty orders the elements of a set of structured values by a text built with it.
pub(super) fn number_to_g10(number: &Number) -> String {
    if !number.is_f64() {
        let text = number.to_string();
        if text.trim_start_matches('-').len() <= 10 {
            return text;
        }
    }
    let value = number.as_f64().unwrap_or(0.0);
    if value == 0.0 {
        return "0".to_owned();
    }
    // Ten significant digits, then Go's choice between %e and %f.
    let scientific = format!("{:.9e}", value.abs());
    let (mantissa, exp) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    let nd = digits.len() as i32;
    let dp = exp + 1;
    let mut eprec = 10;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    let mut out = String::new();
    if value < 0.0 {
        out.push('-');
    }
    let digit = |i: i32| -> char { usize::try_from(i).ok().and_then(|i| digits.get(i)).map_or('0', |&d| d as char) };
    if exp < -4 || exp >= eprec {
        out.push(digit(0));
        let decimals = 10.min(nd) - 1;
        if decimals > 0 {
            out.push('.');
            for i in 1..=decimals {
                out.push(digit(i));
            }
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    } else {
        if dp > 0 {
            for i in 0..dp {
                out.push(digit(i));
            }
        } else {
            out.push('0');
        }
        let prec = if 10 > dp { nd } else { 10 };
        let decimals = (prec - dp).max(0);
        if decimals > 0 {
            out.push('.');
            for i in 0..decimals {
                out.push(digit(dp + i));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<String> {
        parse_number(text).map(|n| if n.is_f64() { format!("float {n}") } else { format!("int {n}") })
    }

    #[test]
    fn integers_stay_integers_and_fractions_are_floats() {
        assert_eq!(parsed("5").as_deref(), Some("int 5"));
        assert_eq!(parsed("-12").as_deref(), Some("int -12"));
        assert_eq!(parsed("+7").as_deref(), Some("int 7"));
        assert_eq!(parsed("007").as_deref(), Some("int 7"));
        assert_eq!(parsed("18446744073709551615").as_deref(), Some("int 18446744073709551615"));
        assert_eq!(parsed("1.5").as_deref(), Some("float 1.5"));
        assert_eq!(parsed(".5").as_deref(), Some("float 0.5"));
        assert_eq!(parsed("5.").as_deref(), Some("int 5"));
        assert_eq!(parsed("1.0").as_deref(), Some("int 1"));
        assert_eq!(parsed("1e3").as_deref(), Some("int 1000"));
        assert_eq!(parsed("2.5E-1").as_deref(), Some("float 0.25"));
        assert_eq!(parsed("1p4").as_deref(), Some("int 16"), "Go accepts a binary exponent in base 10");
        assert_eq!(parsed("-0").as_deref(), Some("int 0"));
    }

    #[test]
    fn anything_else_is_not_a_number() {
        for text in [
            "", " 5", "5 ", "+", "-", ".", "1..2", "1.2.3", "0x10", "1_000", "1e", "1e+", "e5", "five", "Inf", "NaN",
            "1e999",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_written_with_every_digit() {
        assert_eq!(number_to_string(&Number::from(5)), "5");
        assert_eq!(number_to_string(&Number::from(-3)), "-3");
        assert_eq!(number_to_string(&Number::from_f64(1.5).unwrap_or(Number::from(0))), "1.5");
        assert_eq!(number_to_string(&Number::from_f64(1e20).unwrap_or(Number::from(0))), "100000000000000000000");
        assert_eq!(number_to_string(&Number::from_f64(1.5e-7).unwrap_or(Number::from(0))), "0.00000015");
    }

    #[test]
    fn set_ordering_texts_follow_go_percent_g() {
        let f = |v: f64| number_to_g10(&Number::from_f64(v).unwrap_or(Number::from(0)));
        assert_eq!(number_to_g10(&Number::from(42)), "42");
        assert_eq!(f(1.5), "1.5");
        assert_eq!(f(1e20), "1e+20");
        assert_eq!(f(0.0001), "0.0001");
        assert_eq!(f(0.00001), "1e-05");
        assert_eq!(f(123456.5), "123456.5");
        assert_eq!(number_to_g10(&Number::from(12345678901_i64)), "1.23456789e+10");
        assert_eq!(f(-2.5), "-2.5");
    }
}

//! Number functions (cty `stdlib/number.go`).

use super::values::{fixed, int, int_value, invalid, num, number};
use hcl::Value;
use hcl::eval::FuncArgs;

fn one_number(args: &FuncArgs) -> Result<f64, String> {
    let [n] = fixed(args, ["num"])?;
    number(n, "num")
}

/// Keeps an integer argument exact (an `i64` does not survive a trip through `f64`).
fn exact_int(args: &FuncArgs) -> Option<i64> {
    match args.first() {
        Some(Value::Number(n)) if args.len() == 1 => n.as_i64(),
        _ => None,
    }
}

/// `abs(num)`.
pub(super) fn abs(args: FuncArgs) -> Result<Value, String> {
    if let Some(i) = exact_int(&args).and_then(i64::checked_abs) {
        return Ok(int_value(i));
    }
    num(one_number(&args)?.abs())
}

/// `ceil(num)`.
pub(super) fn ceil(args: FuncArgs) -> Result<Value, String> {
    if let Some(i) = exact_int(&args) {
        return Ok(int_value(i));
    }
    num(one_number(&args)?.ceil())
}

/// `floor(num)`.
pub(super) fn floor(args: FuncArgs) -> Result<Value, String> {
    if let Some(i) = exact_int(&args) {
        return Ok(int_value(i));
    }
    num(one_number(&args)?.floor())
}

/// `signum(num)`: -1, 0 or 1.
pub(super) fn signum(args: FuncArgs) -> Result<Value, String> {
    let n = one_number(&args)?;
    Ok(int_value(if n < 0.0 {
        -1
    } else if n > 0.0 {
        1
    } else {
        0
    }))
}

/// `log(num, base)`.
pub(super) fn log(args: FuncArgs) -> Result<Value, String> {
    let [n, base] = fixed(&args, ["num", "base"])?;
    let n = number(n, "num")?;
    let base = number(base, "base")?;
    num(n.ln() / base.ln())
}

/// `pow(num, power)`.
pub(super) fn pow(args: FuncArgs) -> Result<Value, String> {
    let [n, power] = fixed(&args, ["num", "power"])?;
    let n = number(n, "num")?;
    let power = number(power, "power")?;
    num(n.powf(power))
}

fn extreme(args: &FuncArgs, pick: fn(f64, f64) -> bool) -> Result<Value, String> {
    if args.is_empty() {
        return Err("must pass at least one number".to_string());
    }
    let mut best: Option<(f64, &Value)> = None;
    for arg in args.iter() {
        let n = number(arg, "numbers")?;
        if best.is_none_or(|(b, _)| pick(n, b)) {
            best = Some((n, arg));
        }
    }
    match best {
        Some((_, Value::Number(n))) => Ok(Value::Number(*n)),
        Some((n, _)) => num(n),
        None => Err("must pass at least one number".to_string()),
    }
}

/// `max(numbers...)`.
pub(super) fn max(args: FuncArgs) -> Result<Value, String> {
    extreme(&args, |n, best| n > best)
}

/// `min(numbers...)`.
pub(super) fn min(args: FuncArgs) -> Result<Value, String> {
    extreme(&args, |n, best| n < best)
}

/// `parseint(number, base)`: Go's `big.Int.SetString` for bases 2 to 62 (an optional sign, no
/// prefix; letters are case-insensitive up to base 36, then `a`–`z` are 10–35 and `A`–`Z`
/// 36–61).
pub(super) fn parseint(args: FuncArgs) -> Result<Value, String> {
    let [text, base] = fixed(&args, ["number", "base"])?;
    let Value::String(text) = text else {
        return Err(invalid(
            "number",
            format!("first argument must be a string, not {}", super::values::type_name(text)),
        ));
    };
    let base = int(base, "base")?;
    if !(2..=62).contains(&base) {
        return Err(invalid("base", "base must be a whole number between 2 and 62 inclusive"));
    }
    let bad = || invalid("number", format!("cannot parse {} as a base {base} integer", quote(text)));
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text.as_str()),
    };
    if digits.is_empty() {
        return Err(bad());
    }
    let base = base as u32;
    let mut acc: i128 = 0;
    let mut big = 0.0f64;
    let mut overflow = false;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => return Err(bad()),
        };
        if d >= base {
            return Err(bad());
        }
        big = big * f64::from(base) + f64::from(d);
        match acc.checked_mul(i128::from(base)).and_then(|a| a.checked_add(i128::from(d))) {
            Some(a) => acc = a,
            None => overflow = true,
        }
    }
    let signed = if negative { -acc } else { acc };
    match i64::try_from(signed) {
        Ok(i) if !overflow => Ok(int_value(i)),
        _ => num(if negative { -big } else { big }),
    }
}

/// A Go `%q` of a string (JSON quoting is the same for what matters here).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use hcl::Value;

    fn n(f: f64) -> Value {
        super::num(f).expect("finite")
    }

    #[test]
    fn rounding_and_sign() {
        assert_eq!(ok("abs", vec![Value::from(-3)]), Value::from(3));
        assert_eq!(ok("abs", vec![n(-1.5)]), n(1.5));
        assert_eq!(ok("abs", vec![Value::from(i64::MIN + 1)]), Value::from(i64::MAX));
        assert_eq!(ok("ceil", vec![n(1.2)]), Value::from(2));
        assert_eq!(ok("ceil", vec![n(-1.2)]), Value::from(-1));
        assert_eq!(ok("floor", vec![n(-1.2)]), Value::from(-2));
        assert_eq!(ok("floor", vec![s("4.9")]), Value::from(4), "strings convert to numbers");
        assert_eq!(ok("signum", vec![n(-0.5)]), Value::from(-1));
        assert_eq!(ok("signum", vec![Value::from(0)]), Value::from(0));
        assert_eq!(ok("signum", vec![Value::from(7)]), Value::from(1));
        assert!(err("abs", vec![s("x")]).contains(r#""num" parameter: number required"#));
    }

    #[test]
    fn log_pow() {
        assert_eq!(ok("log", vec![Value::from(16), Value::from(2)]), Value::from(4));
        assert_eq!(ok("pow", vec![Value::from(3), Value::from(2)]), Value::from(9));
        assert_eq!(ok("pow", vec![Value::from(4), n(0.5)]), Value::from(2));
        assert!(err("log", vec![Value::from(0), Value::from(10)]).contains("cannot represent"));
    }

    #[test]
    fn min_max() {
        assert_eq!(ok("max", vec![Value::from(12), Value::from(54), Value::from(3)]), Value::from(54));
        assert_eq!(ok("min", vec![Value::from(12), n(-5.5), Value::from(3)]), n(-5.5));
        assert_eq!(ok("max", vec![s("7"), Value::from(2)]), Value::from(7));
        assert_eq!(err("max", vec![]), "must pass at least one number");
    }

    #[test]
    fn parseint_follows_go() {
        assert_eq!(ok("parseint", vec![s("100"), Value::from(10)]), Value::from(100));
        assert_eq!(ok("parseint", vec![s("FF"), Value::from(16)]), Value::from(255));
        assert_eq!(ok("parseint", vec![s("-ff"), Value::from(16)]), Value::from(-255));
        assert_eq!(ok("parseint", vec![s("1010"), Value::from(2)]), Value::from(10));
        assert_eq!(ok("parseint", vec![s("zA"), Value::from(62)]), Value::from(35 * 62 + 36));
        assert_eq!(ok("parseint", vec![s("ffffffffffffffffff"), Value::from(16)]), n(4.722366482869645e21));
        assert!(err("parseint", vec![s("12"), Value::from(2)]).contains(r#"cannot parse "12" as a base 2 integer"#));
        assert!(err("parseint", vec![s(""), Value::from(10)]).contains("cannot parse"));
        assert!(err("parseint", vec![s("1"), Value::from(1)]).contains("between 2 and 62"));
        assert!(err("parseint", vec![Value::from(1), Value::from(10)]).contains("must be a string, not number"));
    }
}

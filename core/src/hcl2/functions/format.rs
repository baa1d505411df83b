//! `format` and `formatlist` (cty `stdlib/format.go`): printf-like verbs over cty values.
//!
//! A verb is `%`, flags (`0 # - + space`), a width, a `.precision`, an optional `[n]` argument
//! index, and a letter: `v` (default form; `#v` JSON), `t` (bool), `b d o x X` (integers),
//! `e E f g G` (floats), `s q` (strings). Widths and precisions of strings count grapheme
//! clusters; numbers are formatted as Go's `fmt` does.

use super::encoding::json_text;
use super::values::{as_number, as_text, grapheme_count, leading, string};
use hcl::Value;
use hcl::eval::FuncArgs;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Default)]
struct Verb<'a> {
    raw: &'a str,
    offset: usize,
    arg: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// `format(format, args...)`.
pub(super) fn format(args: FuncArgs) -> Result<Value, String> {
    let ([fmt], rest) = leading(&args, ["format"])?;
    let fmt = string(fmt, "format")?;
    format_values(&fmt, rest).map(Value::from)
}

/// `formatlist(format, args...)`: list arguments are iterated together (they must have the
/// same length), other arguments repeat.
pub(super) fn formatlist(args: FuncArgs) -> Result<Value, String> {
    let ([fmt], rest) = leading(&args, ["format"])?;
    let fmt = string(fmt, "format")?;
    if rest.is_empty() {
        return Ok(Value::Array(vec![Value::from(format_values(&fmt, rest)?)]));
    }
    let mut len: Option<(usize, usize)> = None;
    for (i, arg) in rest.iter().enumerate() {
        if let Value::Array(items) = arg {
            match len {
                None => len = Some((items.len(), i)),
                Some((l, chooser)) if l != items.len() => {
                    return Err(format!(
                        "Invalid value for \"args\" parameter: argument {} has length {}, which is inconsistent with argument {} of length {l}",
                        i + 1,
                        items.len(),
                        chooser + 1
                    ));
                }
                Some(_) => {}
            }
        }
    }
    let rounds = len.map_or(1, |(l, _)| l);
    let mut out = Vec::with_capacity(rounds);
    // A list gives its next element each round (all lists have `rounds` elements); any other
    // value repeats.
    let mut columns: Vec<_> = rest
        .iter()
        .map(|arg| match arg {
            Value::Array(items) => items.iter().cycle(),
            other => std::slice::from_ref(other).iter().cycle(),
        })
        .collect();
    for round in 0..rounds {
        let these: Vec<Value> = columns.iter_mut().filter_map(Iterator::next).cloned().collect();
        let text = format_values(&fmt, &these).map_err(|e| format!("error on format iteration {round}: {e}"))?;
        out.push(Value::from(text));
    }
    Ok(Value::Array(out))
}

/// Applies `fmt` to `args` (the engine behind both functions).
pub(crate) fn format_values(fmt: &str, args: &[Value]) -> Result<String, String> {
    let bytes = fmt.as_bytes();
    let mut out = String::with_capacity(fmt.len());
    let mut next_arg = 1;
    let mut highest = 0;
    let mut p = 0;
    let mut literal_start = 0;
    while let Some(&b) = bytes.get(p) {
        if b != b'%' {
            p += 1;
            continue;
        }
        out.push_str(&fmt[literal_start..p]);
        if bytes.get(p + 1) == Some(&b'%') {
            out.push('%');
            p += 2;
            literal_start = p;
            continue;
        }
        let start = p;
        let mut verb = Verb { offset: start, arg: next_arg, ..Verb::default() };
        p += 1;
        while let Some(&b) = bytes.get(p) {
            match b {
                b'0' => verb.zero = true,
                b'#' => verb.sharp = true,
                b'-' => verb.minus = true,
                b'+' => verb.plus = true,
                b' ' => verb.space = true,
                _ => break,
            }
            p += 1;
        }
        if matches!(bytes.get(p), Some(b'1'..=b'9')) {
            verb.width = Some(read_digits(bytes, &mut p));
        }
        if bytes.get(p) == Some(&b'.') {
            p += 1;
            verb.prec = Some(read_digits(bytes, &mut p));
        }
        if bytes.get(p) == Some(&b'[') {
            p += 1;
            if !matches!(bytes.get(p), Some(b'1'..=b'9')) {
                return Err(bad_char(fmt, p));
            }
            verb.arg = read_digits(bytes, &mut p);
            if bytes.get(p) != Some(&b']') {
                return Err(bad_char(fmt, p));
            }
            p += 1;
        }
        match bytes.get(p) {
            Some(b) if b.is_ascii_alphabetic() => verb.mode = char::from(*b),
            Some(_) => return Err(bad_char(fmt, p)),
            None => return Err(format!("invalid format string starting at offset {p}")),
        }
        p += 1;
        verb.raw = &fmt[start..p];
        highest = highest.max(verb.arg);
        append(&verb, &mut out, args)?;
        next_arg = verb.arg + 1;
        literal_start = p;
    }
    out.push_str(&fmt[literal_start..]);
    if highest < args.len() {
        return Err(if highest == 0 {
            "Invalid value for \"args\" parameter: too many arguments; no verbs in format string".to_string()
        } else {
            format!("Invalid value for \"args\" parameter: too many arguments; only {highest} used by format string")
        });
    }
    Ok(out)
}

fn read_digits(bytes: &[u8], p: &mut usize) -> usize {
    let mut n: usize = 0;
    while let Some(b) = bytes.get(*p).filter(|b| b.is_ascii_digit()) {
        n = n.saturating_mul(10).saturating_add(usize::from(b - b'0'));
        *p += 1;
    }
    n.min(1 << 16)
}

fn bad_char(fmt: &str, p: usize) -> String {
    let c = fmt.get(p..).and_then(|s| s.chars().next()).unwrap_or('\u{fffd}');
    format!("unrecognized format character {} at offset {p}", go_rune(c))
}

/// Go's `%q` of a rune.
fn go_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '\\' => "'\\\\'".to_string(),
        c if c.is_control() => format!("'\\x{:02x}'", u32::from(c)),
        c => format!("'{c}'"),
    }
}

fn append(verb: &Verb<'_>, out: &mut String, args: &[Value]) -> Result<(), String> {
    let Some(arg) = verb.arg.checked_sub(1).and_then(|i| args.get(i)) else {
        return Err(format!(
            "not enough arguments for \"{}\" at {}: need index {} but have {} total",
            verb.raw,
            verb.offset,
            verb.arg,
            args.len()
        ));
    };
    let unsupported = |why: &str| format!("unsupported value for \"{}\" at {}: {why}", verb.raw, verb.offset);
    if verb.mode != 'v' && arg.is_null() {
        return Err(unsupported("null value cannot be formatted"));
    }
    match verb.mode {
        'v' => {
            let text = match arg {
                Value::String(s) if !verb.sharp => s.clone(),
                Value::Number(n) if !verb.sharp => {
                    float_text(n.as_f64().unwrap_or(0.0), 'g', None, &Verb { width: None, ..Verb::default() })
                }
                other => json_text(other),
            };
            out.push_str(&pad(verb, text));
        }
        't' => match arg {
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::String(s) if s == "true" || s == "false" => out.push_str(s),
            _ => return Err(unsupported("bool required")),
        },
        'b' | 'd' | 'o' | 'x' | 'X' => {
            let n = as_number(arg).ok_or_else(|| unsupported("number required"))?;
            let i = (n.fract() == 0.0).then_some(n).ok_or_else(|| unsupported("an integer is required"))?;
            out.push_str(&integer_text(i, verb));
        }
        'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = as_number(arg).ok_or_else(|| unsupported("number required"))?;
            out.push_str(&float_text(n, verb.mode, verb.prec, verb));
        }
        's' | 'q' => {
            let mut text = as_text(arg).ok_or_else(|| unsupported("string required"))?;
            if let Some(prec) = verb.prec.filter(|p| *p > 0) {
                text = text.graphemes(true).take(prec).collect();
            }
            if verb.mode == 'q' {
                text = json_text(&Value::String(text));
            }
            out.push_str(&pad(verb, text));
        }
        other => {
            return Err(format!(
                "unsupported format verb {} in \"{}\" at offset {}",
                go_rune(other),
                verb.raw,
                verb.offset
            ));
        }
    }
    Ok(())
}

/// Pads to the width (in grapheme clusters) with spaces, or zeros with the `0` flag.
fn pad(verb: &Verb<'_>, text: String) -> String {
    let Some(width) = verb.width else { return text };
    let have = grapheme_count(&text);
    if have >= width {
        return text;
    }
    let fill = (if verb.zero { "0" } else { " " }).repeat(width - have);
    if verb.minus { text + &fill } else { fill + &text }
}

/// Go's sign and padding for a number whose digits (without sign) are `digits`.
fn number_pad(verb: &Verb<'_>, negative: bool, digits: String, zero_ok: bool) -> String {
    let sign = if negative {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let len = sign.len() + digits.chars().count();
    match verb.width {
        Some(w) if w > len && verb.minus => format!("{sign}{digits}{}", " ".repeat(w - len)),
        Some(w) if w > len && verb.zero && zero_ok => format!("{sign}{}{digits}", "0".repeat(w - len)),
        Some(w) if w > len => format!("{}{sign}{digits}", " ".repeat(w - len)),
        _ => format!("{sign}{digits}"),
    }
}

fn integer_text(n: f64, verb: &Verb<'_>) -> String {
    let negative = n < 0.0;
    let magnitude = n.abs();
    let u: u128 = if magnitude < 3.4e38 { magnitude as u128 } else { u128::MAX };
    let mut digits = match verb.mode {
        'b' => format!("{u:b}"),
        'o' => format!("{u:o}"),
        'x' => format!("{u:x}"),
        'X' => format!("{u:X}"),
        _ => u.to_string(),
    };
    if let Some(prec) = verb.prec {
        if prec == 0 && u == 0 {
            digits.clear();
        } else if digits.len() < prec {
            digits = "0".repeat(prec - digits.len()) + &digits;
        }
    }
    if verb.sharp {
        let prefix = match verb.mode {
            'b' => "0b",
            'o' if !digits.starts_with('0') => "0",
            'x' => "0x",
            'X' => "0X",
            _ => "",
        };
        digits = format!("{prefix}{digits}");
    }
    // Go ignores the 0 flag when a precision is given for integers.
    number_pad(verb, negative, digits, verb.prec.is_none())
}

/// Go's `%e %E %f %g %G` of `n` with precision `prec`, signed and padded per `verb`.
fn float_text(n: f64, mode: char, prec: Option<usize>, verb: &Verb<'_>) -> String {
    let negative = n.is_sign_negative() && n != 0.0;
    let x = n.abs();
    let digits = match mode {
        'f' => format!("{x:.*}", prec.unwrap_or(6)),
        'e' | 'E' => go_exponent(&format!("{x:.*e}", prec.unwrap_or(6)), mode == 'E'),
        _ => general(x, prec, mode == 'G'),
    };
    number_pad(verb, negative, digits, true)
}

/// Rust's `1.5e3` as Go's `1.5e+03`.
fn go_exponent(rust: &str, upper: bool) -> String {
    let (mantissa, exp) = rust.split_once('e').unwrap_or((rust, "0"));
    let (sign, digits) = match exp.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', exp),
    };
    let e = if upper { 'E' } else { 'e' };
    format!("{mantissa}{e}{sign}{digits:0>2}")
}

/// Go's `%g`: shortest digits without a precision, else `prec` significant digits; exponent
/// form when the exponent is below -4 or at least the precision (6 for the shortest form).
fn general(x: f64, prec: Option<usize>, upper: bool) -> String {
    let sci = match prec {
        None => format!("{x:e}"),
        Some(p) => format!("{x:.*e}", p.max(1) - 1),
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let nd = digits.len() as i64;
    let dp = exp + 1;
    let (mut eprec, shortest) = match prec {
        None => (nd, true),
        Some(p) => (p.max(1) as i64, false),
    };
    let mut p = eprec;
    if shortest {
        eprec = 6;
    } else if eprec > nd && nd >= dp {
        eprec = nd;
    }
    if exp < -4 || exp >= eprec {
        p = p.min(nd);
        let mut text = digits[..1].to_string();
        if p > 1 {
            text.push('.');
            text.push_str(&digits[1..]);
            text.push_str(&"0".repeat((p - nd).max(0) as usize));
        }
        let e = if upper { 'E' } else { 'e' };
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{text}{e}{sign}{:02}", exp.abs());
    }
    if p > dp {
        p = nd;
    }
    let frac = (p - dp).max(0) as usize;
    let digit = |i: i64| usize::try_from(i).ok().and_then(|i| digits.as_bytes().get(i)).map_or('0', |&d| char::from(d));
    let mut text: String = if dp > 0 { (0..dp).map(digit).collect() } else { "0".to_string() };
    if frac > 0 {
        text.push('.');
        text.extend((0..frac as i64).map(|i| digit(dp + i)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::format_values;
    use hcl::Value;

    fn f(fmt: &str, args: &[Value]) -> String {
        format_values(fmt, args).unwrap_or_else(|e| panic!("{fmt}: {e}"))
    }

    fn n(x: f64) -> Value {
        super::super::values::num(x).expect("finite")
    }

    #[test]
    fn literals_and_defaults() {
        assert_eq!(f("hello", &[]), "hello");
        assert_eq!(f("100%% successful", &[]), "100% successful");
        assert_eq!(f("string %v", &[s("hello")]), "string hello");
        assert_eq!(f("string %[2]v", &[Value::Bool(true), s("hello")]), "string hello");
        assert_eq!(f("string %#v", &[s("hello")]), r#"string "hello""#);
        assert_eq!(f("number %v", &[Value::from(2)]), "number 2");
        assert_eq!(f("bool %v", &[Value::Bool(true)]), "bool true");
        assert_eq!(f("object %v", &[obj([])]), "object {}");
        assert_eq!(f("tuple %v", &[arr([])]), "tuple []");
        assert_eq!(f("%v", &[obj([("b", Value::from(1)), ("a", s("x"))])]), r#"{"a":"x","b":1}"#);
        assert_eq!(f("%%%v", &[Value::Bool(false)]), "%false");
        assert_eq!(f("%v", &[Value::Null]), "null");
        assert_eq!(f("%v", &[Value::from(1_000_000)]), "1e+06", "%v of a number is Go's %g");
    }

    #[test]
    fn strings_and_widths() {
        assert_eq!(f("Hello, %s!", &[s("Ermintrude")]), "Hello, Ermintrude!");
        assert_eq!(f("Hello, %[2]s!", &[s("Stephen"), s("Ermintrude")]), "Hello, Ermintrude!");
        assert_eq!(f("%q", &[s("Ermintrude")]), r#""Ermintrude""#);
        assert_eq!(f("This statement is %s", &[Value::Bool(false)]), "This statement is false");
        assert_eq!(f("%q", &[Value::Bool(false)]), r#""false""#);
        assert_eq!(f("%10s", &[s("hello")]), "     hello");
        assert_eq!(f("%-10s", &[s("hello")]), "hello     ");
        assert_eq!(f("%-4s", &[s("💃🏿")]), "💃🏿   ");
        assert_eq!(f("%-6q", &[s("💃🏿")]), "\"💃🏿\"   ");
        assert_eq!(f("%.2s", &[s("hello")]), "he");
        assert_eq!(f("%-4.2s", &[s("hello")]), "he  ");
        assert_eq!(f("%.0s", &[s("hello")]), "hello", "cty truncates only for a positive precision");
        assert_eq!(f("%05s", &[s("ab")]), "000ab");
        assert_eq!(f("%s", &[Value::from(1.5)]), "1.5");
    }

    #[test]
    fn integers() {
        assert_eq!(f("%d green bottles", &[Value::from(10)]), "10 green bottles");
        assert_eq!(f("%+d", &[Value::from(10)]), "+10");
        assert_eq!(f("% d", &[Value::from(10)]), " 10");
        assert_eq!(f("%5d|", &[Value::from(10)]), "   10|");
        assert_eq!(f("%-5d|", &[Value::from(10)]), "10   |");
        assert_eq!(f("%03d", &[Value::from(7)]), "007");
        assert_eq!(f("%05d", &[Value::from(-7)]), "-0007");
        assert_eq!(f("%.3d", &[Value::from(7)]), "007");
        assert_eq!(
            f("%b %o %x %X", &[Value::from(10), Value::from(8), Value::from(255), Value::from(255)]),
            "1010 10 ff FF"
        );
        assert_eq!(f("%#x %#o %#b", &[Value::from(255), Value::from(8), Value::from(2)]), "0xff 010 0b10");
        assert_eq!(f("%d", &[s("12")]), "12", "strings convert to numbers");
        assert_eq!(f("%d", &[n(3.0)]), "3");
    }

    #[test]
    fn floats() {
        assert_eq!(f("%f things", &[Value::from(10)]), "10.000000 things");
        assert_eq!(f("%+f", &[Value::from(10)]), "+10.000000");
        assert_eq!(f("%+f", &[Value::from(-10)]), "-10.000000");
        assert_eq!(f("%.2f", &[n(1.23456)]), "1.23");
        assert_eq!(f("%8.2f|", &[n(1.23456)]), "    1.23|");
        assert_eq!(f("%08.2f", &[n(-1.23456)]), "-0001.23");
        assert_eq!(f("%e things", &[Value::from(1000)]), "1.000000e+03 things");
        assert_eq!(f("%E", &[Value::from(1000)]), "1.000000E+03");
        assert_eq!(f("%.2e", &[n(0.000123)]), "1.23e-04");
        assert_eq!(f("%g things", &[Value::from(1000)]), "1000 things");
        assert_eq!(f("%g", &[s("0.00000000000000000000001")]), "1e-23");
        assert_eq!(f("%G", &[n(1e-23)]), "1E-23");
        assert_eq!(f("%g", &[n(0.5)]), "0.5");
        assert_eq!(f("%g", &[n(123456.0)]), "123456");
        assert_eq!(f("%g", &[n(1234567.0)]), "1.234567e+06");
        assert_eq!(f("%g", &[n(0.0001)]), "0.0001");
        assert_eq!(f("%g", &[n(0.00001)]), "1e-05");
        assert_eq!(f("%.3g", &[n(1.23456)]), "1.23");
        assert_eq!(f("%.3g", &[n(1234.5)]), "1.23e+03");
        assert_eq!(f("%g", &[Value::from(0)]), "0");
    }

    #[test]
    fn errors_use_cty_wording() {
        let e = |fmt: &str, args: &[Value]| format_values(fmt, args).expect_err("an error");
        assert_eq!(e("%s", &[Value::Null]), r#"unsupported value for "%s" at 0: null value cannot be formatted"#);
        assert_eq!(e("%d", &[n(1.5)]), r#"unsupported value for "%d" at 0: an integer is required"#);
        assert_eq!(e("%d", &[s("x")]), r#"unsupported value for "%d" at 0: number required"#);
        assert_eq!(e("%s", &[arr([])]), r#"unsupported value for "%s" at 0: string required"#);
        assert_eq!(e("%t", &[Value::from(1)]), r#"unsupported value for "%t" at 0: bool required"#);
        assert_eq!(
            e("%012z is not a valid sequence", &[Value::from(10)]),
            r#"unsupported format verb 'z' in "%012z" at offset 0"#
        );
        assert_eq!(e("%☠", &[Value::from(10)]), "unrecognized format character '☠' at offset 1");
        assert_eq!(e("%s %s", &[s("a")]), r#"not enough arguments for "%s" at 3: need index 2 but have 1 total"#);
        assert_eq!(e("abc%", &[]), "invalid format string starting at offset 4");
        assert!(e("no verbs", &[s("a")]).ends_with("too many arguments; no verbs in format string"));
        assert!(e("%s", &[s("a"), s("b")]).ends_with("too many arguments; only 1 used by format string"));
    }

    #[test]
    fn format_and_formatlist_functions() {
        assert_eq!(ok("format", vec![s("%s-%d"), s("a"), Value::from(1)]), s("a-1"));
        assert!(err("format", vec![]).contains(r#"missing value for "format""#));
        let listed = ok("formatlist", vec![s("%s=%s"), strs(&["a", "b"]), s("x")]);
        assert_eq!(listed, strs(&["a=x", "b=x"]));
        assert_eq!(ok("formatlist", vec![s("%s"), arr([])]), arr([]));
        assert_eq!(ok("formatlist", vec![s("hi")]), strs(&["hi"]));
        assert!(
            err("formatlist", vec![s("%s%s"), strs(&["a"]), strs(&["a", "b"])])
                .contains("argument 2 has length 2, which is inconsistent with argument 1 of length 1")
        );
        assert!(err("formatlist", vec![s("%d"), strs(&["a"])]).starts_with("error on format iteration 0: "));
    }
}

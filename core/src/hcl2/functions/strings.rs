//! String functions (cty `stdlib/string.go`, `string_replace.go`).

use super::values::{fixed, grapheme_count, int, int_value, invalid, leading, string, string_list};
use hcl::Value;
use hcl::eval::FuncArgs;
use unicode_segmentation::UnicodeSegmentation;

fn one_string(args: &FuncArgs, name: &str) -> Result<String, String> {
    let [s] = fixed(args, [name])?;
    string(s, name)
}

/// `upper(str)`: Go's `strings.ToUpper`, each character by its simple mapping (`ß` stays).
pub(super) fn upper(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::from(crate::upper::go_to_upper(&one_string(&args, "str")?)))
}

/// `lower(str)`: Go's `strings.ToLower`, each character by its simple mapping (no final `ς`).
pub(super) fn lower(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::from(crate::upper::go_to_lower(&one_string(&args, "str")?)))
}

/// `strrev(str)`: the grapheme clusters in reverse order.
pub(super) fn strrev(args: FuncArgs) -> Result<Value, String> {
    let s = one_string(&args, "str")?;
    Ok(Value::from(s.graphemes(true).rev().collect::<String>()))
}

/// `strlen(str)`: the number of grapheme clusters.
pub(super) fn strlen(args: FuncArgs) -> Result<Value, String> {
    let s = one_string(&args, "str")?;
    Ok(int_value(grapheme_count(&s) as i64))
}

/// `substr(str, offset, length)`, counted in grapheme clusters; a negative offset counts from
/// the end, a negative length takes the rest.
pub(super) fn substr(args: FuncArgs) -> Result<Value, String> {
    let [s, offset, length] = fixed(&args, ["str", "offset", "length"])?;
    let s = string(s, "str")?;
    let mut offset = int(offset, "offset")?;
    let length = int(length, "length")?;
    let clusters: Vec<&str> = s.graphemes(true).collect();
    let total = clusters.len() as i64;
    if offset < 0 {
        offset += total;
    } else if length == 0 {
        return Ok(Value::from(""));
    }
    // cty walks from the start; an offset still negative after the adjustment starts at 0.
    let start = offset.clamp(0, total) as usize;
    let taken = usize::try_from(length).unwrap_or(usize::MAX);
    Ok(Value::from(clusters.iter().skip(start).take(taken).copied().collect::<String>()))
}

/// `join(separator, lists...)`.
pub(super) fn join(args: FuncArgs) -> Result<Value, String> {
    let ([sep], lists) = leading(&args, ["separator"])?;
    let sep = string(sep, "separator")?;
    if lists.is_empty() {
        return Err("at least one list is required".to_string());
    }
    let mut items = Vec::new();
    for (li, list) in lists.iter().enumerate() {
        for (ei, item) in string_list(list, "lists")?.into_iter().enumerate() {
            match item {
                Some(text) => items.push(text),
                None if lists.len() > 1 => {
                    return Err(invalid(
                        "lists",
                        format!("element {ei} of list {} is null; cannot concatenate null values", li + 1),
                    ));
                }
                None => return Err(invalid("lists", format!("element {ei} is null; cannot concatenate null values"))),
            }
        }
    }
    Ok(Value::from(items.join(&sep)))
}

/// `sort(list)`: lexical (byte-wise) sort of strings.
pub(super) fn sort(args: FuncArgs) -> Result<Value, String> {
    let [list] = fixed(&args, ["list"])?;
    let mut items = Vec::new();
    for (i, item) in string_list(list, "list")?.into_iter().enumerate() {
        items.push(item.ok_or_else(|| format!("given list element {i} is null; a null string cannot be sorted"))?);
    }
    items.sort();
    Ok(Value::Array(items.into_iter().map(Value::from).collect()))
}

/// `split(separator, str)`, as Go's `strings.Split` (an empty separator splits into UTF-8
/// characters).
pub(super) fn split(args: FuncArgs) -> Result<Value, String> {
    let [sep, s] = fixed(&args, ["separator", "str"])?;
    let sep = string(sep, "separator")?;
    let s = string(s, "str")?;
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::from(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(Value::from).collect()
    };
    Ok(Value::Array(parts))
}

/// `chomp(str)`: removes all trailing `\n`, `\r\n` and `\r`.
pub(super) fn chomp(args: FuncArgs) -> Result<Value, String> {
    let s = one_string(&args, "str")?;
    Ok(Value::from(s.trim_end_matches(['\n', '\r'])))
}

/// `indent(spaces, str)`: adds spaces after every newline.
pub(super) fn indent(args: FuncArgs) -> Result<Value, String> {
    let [spaces, s] = fixed(&args, ["spaces", "str"])?;
    let spaces = int(spaces, "spaces")?;
    let s = string(s, "str")?;
    let spaces = spaces.clamp(0, 1 << 30) as usize;
    too_long(s.len().saturating_add(s.matches('\n').count().saturating_mul(spaces)))?;
    let pad = " ".repeat(spaces);
    Ok(Value::from(s.replace('\n', &format!("\n{pad}"))))
}

/// Refuses a result of `len` bytes past netplay's limit.
fn too_long(len: usize) -> Result<(), String> {
    let max = crate::limits::MAX_FUNCTION_STRING_BYTES;
    if len > max { Err(format!("the result would have {len} bytes; netplay stops at {max}")) } else { Ok(()) }
}

/// Go's `strings.Title` word separators.
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphanumeric() || c == '_')
    } else if c.is_alphanumeric() {
        false
    } else {
        c.is_whitespace()
    }
}

/// `title(str)`: the first letter of every word in title case (Go's `strings.Title`).
pub(super) fn title(args: FuncArgs) -> Result<Value, String> {
    let s = one_string(&args, "str")?;
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        if is_separator(prev) {
            out.push(crate::upper::go_to_title(c));
        } else {
            out.push(c);
        }
        prev = c;
    }
    Ok(Value::from(out))
}

/// `trimspace(str)`: removes Unicode white space at both ends.
pub(super) fn trimspace(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::from(one_string(&args, "str")?.trim()))
}

/// `trim(str, cutset)`: removes any of the characters of `cutset` at both ends.
pub(super) fn trim(args: FuncArgs) -> Result<Value, String> {
    let [s, cutset] = fixed(&args, ["str", "cutset"])?;
    let s = string(s, "str")?;
    let cutset: Vec<char> = string(cutset, "cutset")?.chars().collect();
    Ok(Value::from(s.trim_matches(cutset.as_slice())))
}

/// `trimprefix(str, prefix)`.
pub(super) fn trimprefix(args: FuncArgs) -> Result<Value, String> {
    let [s, prefix] = fixed(&args, ["str", "prefix"])?;
    let s = string(s, "str")?;
    let prefix = string(prefix, "prefix")?;
    Ok(Value::from(s.strip_prefix(prefix.as_str()).unwrap_or(&s)))
}

/// `trimsuffix(str, suffix)`.
pub(super) fn trimsuffix(args: FuncArgs) -> Result<Value, String> {
    let [s, suffix] = fixed(&args, ["str", "suffix"])?;
    let s = string(s, "str")?;
    let suffix = string(suffix, "suffix")?;
    Ok(Value::from(s.strip_suffix(suffix.as_str()).unwrap_or(&s)))
}

/// `replace(str, substr, replace)`: every occurrence of the plain substring. (Nomad uses cty's
/// `replace`, which, unlike Terraform's, gives `/.../` no regular-expression meaning.)
pub(super) fn replace(args: FuncArgs) -> Result<Value, String> {
    let [s, sub, rep] = fixed(&args, ["str", "substr", "replace"])?;
    let s = string(s, "str")?;
    let sub = string(sub, "substr")?;
    let rep = string(rep, "replace")?;
    let grows = rep.len().saturating_sub(sub.len());
    let places = if sub.is_empty() { s.chars().count() + 1 } else { s.matches(sub.as_str()).count() };
    too_long(s.len().saturating_add(places.saturating_mul(grows)))?;
    if sub.is_empty() {
        // Go's strings.Replace inserts the replacement before every UTF-8 character and at the end.
        let mut out = String::new();
        for c in s.chars() {
            out.push_str(&rep);
            out.push(c);
        }
        out.push_str(&rep);
        return Ok(Value::from(out));
    }
    Ok(Value::from(s.replace(sub.as_str(), &rep)))
}

/// `regex_replace(str, pattern, replace)`: Go `regexp` syntax (RE2), read by `regex-lite`, the
/// regex authors' small engine: `\d`, `\w`, `\s` and `\b` are ASCII as in Go; Unicode classes
/// (`\pL`) and Unicode case folding are not supported (an error says so). `$1`/`${name}` in the
/// replacement expand as in Go.
pub(super) fn regex_replace(args: FuncArgs) -> Result<Value, String> {
    let [s, pattern, rep] = fixed(&args, ["str", "pattern", "replace"])?;
    let s = string(s, "str")?;
    let pattern = string(pattern, "pattern")?;
    let rep = string(rep, "replace")?;
    let re = regex_lite::Regex::new(&pattern).map_err(|e| format!("error parsing regexp: {}", regex_error(&e)))?;
    Ok(Value::from(re.replace_all(&s, rep.as_str()).into_owned()))
}

/// The last line of a `regex` error (the rest is a picture of the pattern).
fn regex_error(e: &regex_lite::Error) -> String {
    let text = e.to_string();
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(&text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use hcl::Value;

    #[test]
    fn case_and_length() {
        assert_eq!(ok("upper", vec![s("héllo")]), s("HÉLLO"));
        assert_eq!(ok("lower", vec![s("HÉLLO")]), s("héllo"));
        assert_eq!(ok("upper", vec![Value::from(5)]), s("5"), "numbers convert to strings");
        assert_eq!(ok("strlen", vec![s("💃🏿ab")]), Value::from(3), "grapheme clusters");
        assert_eq!(ok("strrev", vec![s("ab💃🏿")]), s("💃🏿ba"));
        assert!(err("upper", vec![]).contains(r#"missing value for "str""#));
        assert!(err("upper", vec![s("a"), s("b")]).contains("Too many"));
        assert!(err("lower", vec![Value::Null]).contains("must not be null"));
    }

    #[test]
    fn substr_follows_cty() {
        let f = |o: i64, l: i64| ok("substr", vec![s("hello world"), Value::from(o), Value::from(l)]);
        assert_eq!(f(1, 4), s("ello"));
        assert_eq!(f(0, 0), s(""));
        assert_eq!(f(-5, -1), s("world"));
        assert_eq!(f(-5, 2), s("wo"));
        assert_eq!(f(6, 100), s("world"));
        assert_eq!(f(100, 1), s(""));
        assert_eq!(f(-100, 3), s("hel"));
        assert!(err("substr", vec![s("a"), Value::from(0.5), Value::from(1)]).contains("whole number"));
    }

    #[test]
    fn join_sort_split() {
        assert_eq!(ok("join", vec![s(", "), strs(&["a", "b"]), strs(&["c"])]), s("a, b, c"));
        assert_eq!(ok("join", vec![s("-"), arr([Value::from(1), Value::from(true)])]), s("1-true"));
        assert_eq!(err("join", vec![s(",")]), "at least one list is required");
        assert!(err("join", vec![s(","), arr([Value::Null])]).contains("element 0 is null"));
        assert!(err("join", vec![s(","), strs(&[]), arr([Value::Null])]).contains("element 0 of list 2 is null"));
        assert!(err("join", vec![s(","), s("x")]).contains("list of string required"));
        assert_eq!(ok("sort", vec![strs(&["b", "a", "B"])]), strs(&["B", "a", "b"]));
        assert!(err("sort", vec![arr([s("a"), Value::Null])]).contains("element 1 is null"));
        assert_eq!(ok("split", vec![s(","), s("a,,b")]), strs(&["a", "", "b"]));
        assert_eq!(ok("split", vec![s(","), s("")]), strs(&[""]));
        assert_eq!(ok("split", vec![s(""), s("ab")]), strs(&["a", "b"]));
    }

    #[test]
    fn trimming() {
        assert_eq!(ok("chomp", vec![s("a\n\r\n\n")]), s("a"));
        assert_eq!(ok("chomp", vec![s("a\nb")]), s("a\nb"));
        assert_eq!(ok("trimspace", vec![s(" \t a \n")]), s("a"));
        assert_eq!(ok("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(ok("trimprefix", vec![s("helloworld"), s("hello")]), s("world"));
        assert_eq!(ok("trimprefix", vec![s("helloworld"), s("x")]), s("helloworld"));
        assert_eq!(ok("trimsuffix", vec![s("helloworld"), s("world")]), s("hello"));
    }

    #[test]
    fn case_functions_map_each_character_as_go_does() {
        assert_eq!(ok("upper", vec![s("straße")]), s("STRAßE"), "std would write STRASSE");
        assert_eq!(ok("lower", vec![s("ΟΔΟΣ İ")]), s("οδοσ i"), "no final sigma, no combining dot");
        assert_eq!(ok("title", vec![s("ǆemal ßa")]), s("ǅemal ßa"), "title case, not upper case");
    }

    #[test]
    fn indent_and_title() {
        assert_eq!(ok("indent", vec![Value::from(2), s("a\nb\n")]), s("a\n  b\n  "));
        assert!(err("indent", vec![Value::from(1 << 30), s("\n\n")]).contains("netplay stops at"));
        assert_eq!(ok("title", vec![s("hello wORLD-foo_bar")]), s("Hello WORLD-Foo_bar"));
    }

    #[test]
    fn replacing() {
        assert_eq!(ok("replace", vec![s("1 + 2 + 3"), s("+"), s("-")]), s("1 - 2 - 3"));
        assert_eq!(ok("replace", vec![s("a/b"), s("/b/"), s("x")]), s("a/b"), "no regex meaning");
        assert_eq!(ok("replace", vec![s("ab"), s(""), s("-")]), s("-a-b-"));
        assert_eq!(ok("regex_replace", vec![s("hello world"), s("o(.)"), s("0$1")]), s("hell0 w0rld"));
        assert_eq!(ok("regex_replace", vec![s("a1b22"), s(r"(?P<d>\d+)"), s("<${d}>")]), s("a<1>b<22>"));
        assert!(err("regex_replace", vec![s("a"), s("("), s("")]).starts_with("error parsing regexp"));
    }
}

//! Encodings, hashes and identifiers: base64, JSON, YAML, CSV, URL, md5/sha*, bcrypt, UUIDs
//! (go-cty-funcs `encoding`, `crypto`, `uuid`; cty `json.go`, `csv.go`; go-cty-yaml).

use super::values::{fixed, int, number_text, sorted_entries, sorted_object, string};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hcl::eval::FuncArgs;
use hcl::{Map, Value};

fn one_string(args: &FuncArgs) -> Result<String, String> {
    let [s] = fixed(args, ["str"])?;
    string(s, "str")
}

/// `base64encode(str)`: standard alphabet, padded.
pub(super) fn base64encode(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::from(STANDARD.encode(one_string(&args)?)))
}

/// `base64decode(str)`: the result must be UTF-8.
pub(super) fn base64decode(args: FuncArgs) -> Result<Value, String> {
    let s = one_string(&args)?;
    let bytes = STANDARD.decode(&s).map_err(|_| format!("failed to decode base64 data '{s}'"))?;
    String::from_utf8(bytes)
        .map(Value::from)
        .map_err(|_| "the result of decoding the the provided string is not valid UTF-8".to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `md5(str)`: lowercase hex.
pub(super) fn md5(args: FuncArgs) -> Result<Value, String> {
    use md5::Digest;
    Ok(Value::from(hex(&md5::Md5::digest(one_string(&args)?))))
}

/// `sha1(str)`: lowercase hex.
pub(super) fn sha1(args: FuncArgs) -> Result<Value, String> {
    use sha1::Digest;
    Ok(Value::from(hex(&sha1::Sha1::digest(one_string(&args)?))))
}

/// `sha256(str)`: lowercase hex.
pub(super) fn sha256(args: FuncArgs) -> Result<Value, String> {
    use sha2::Digest;
    Ok(Value::from(hex(&sha2::Sha256::digest(one_string(&args)?))))
}

/// `sha512(str)`: lowercase hex.
pub(super) fn sha512(args: FuncArgs) -> Result<Value, String> {
    use sha2::Digest;
    Ok(Value::from(hex(&sha2::Sha512::digest(one_string(&args)?))))
}

/// `urlencode(str)`: Go's `url.QueryEscape` (unreserved `A-Za-z0-9-_.~` kept, space as `+`,
/// everything else `%XX`).
pub(super) fn urlencode(args: FuncArgs) -> Result<Value, String> {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const QUERY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    let s = one_string(&args)?;
    let encoded: String =
        s.split(' ').map(|part| utf8_percent_encode(part, QUERY).to_string()).collect::<Vec<_>>().join("+");
    Ok(Value::from(encoded))
}

/// `uuidv4()`: from the environment's seeded generator, so a seed always gives the same ids.
pub(super) fn uuidv4(args: FuncArgs) -> Result<Value, String> {
    fixed(&args, [])?;
    let id = uuid::Builder::from_random_bytes(super::random_bytes::<16>()).into_uuid();
    Ok(Value::from(id.hyphenated().to_string()))
}

/// `uuidv5(namespace, name)`: `dns`, `url`, `oid`, `x500` or a UUID as the namespace.
pub(super) fn uuidv5(args: FuncArgs) -> Result<Value, String> {
    let [namespace, name] = fixed(&args, ["namespace", "name"])?;
    let namespace = string(namespace, "namespace")?;
    let name = string(name, "name")?;
    let ns = match namespace.as_str() {
        "dns" => uuid::Uuid::NAMESPACE_DNS,
        "url" => uuid::Uuid::NAMESPACE_URL,
        "oid" => uuid::Uuid::NAMESPACE_OID,
        "x500" => uuid::Uuid::NAMESPACE_X500,
        other => {
            uuid::Uuid::parse_str(other).map_err(|e| format!("uuidv5() doesn't support namespace {other} ({e})"))?
        }
    };
    Ok(Value::from(uuid::Uuid::new_v5(&ns, name.as_bytes()).hyphenated().to_string()))
}

/// The bcrypt flavour of base64 (`./A-Za-z0-9`, no padding).
fn bcrypt_base64() -> base64::engine::GeneralPurpose {
    let config = base64::engine::GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent);
    base64::engine::GeneralPurpose::new(&base64::alphabet::BCRYPT, config)
}

/// The `$2a$` modular-crypt string of `password` with `cost` and `salt`, as Go's
/// `bcrypt.GenerateFromPassword` builds it.
pub(super) fn bcrypt_with_salt(password: &[u8], cost: u32, salt: [u8; 16]) -> String {
    // Like Go (and the bcrypt crate), the key is the password with a trailing NUL, and only its
    // first 72 bytes count.
    let mut key = password.to_vec();
    key.push(0);
    key.truncate(72);
    let hash = bcrypt::bcrypt(cost, salt, &key);
    let engine = bcrypt_base64();
    format!("$2a${cost:02}${}{}", engine.encode(salt), engine.encode(&hash[..23]))
}

/// `bcrypt(str, cost)`: the salt comes from the environment's seeded generator (Nomad's is
/// random), so a seed always gives the same hash.
pub(super) fn bcrypt(args: FuncArgs) -> Result<Value, String> {
    let [password, rest @ ..] = &args[..] else {
        return Err(
            "Not enough function arguments: the function expects at least 1 argument(s); missing value for \"str\""
                .to_string(),
        );
    };
    let password = string(password, "str")?;
    let mut cost = 10;
    if let Some(c) = rest.first() {
        cost = int(c, "cost")?;
    }
    if rest.len() > 1 {
        return Err("bcrypt() takes no more than two arguments".to_string());
    }
    if cost < 4 {
        cost = 10; // Go uses the default cost below the minimum.
    }
    if cost > 31 {
        return Err(format!(
            "error occured generating password crypto/bcrypt: cost {cost} is outside allowed inclusive range 4..31"
        ));
    }
    if cost > crate::limits::MAX_BCRYPT_COST {
        return Err(format!(
            "netplay computes bcrypt costs up to {} (this one, {cost}, would take too long in a browser)",
            crate::limits::MAX_BCRYPT_COST
        ));
    }
    if password.len() > 72 {
        return Err("error occured generating password bcrypt: password length exceeds 72 bytes".to_string());
    }
    let salt = super::random_bytes::<16>();
    Ok(Value::from(bcrypt_with_salt(password.as_bytes(), cost as u32, salt)))
}

/// `rsadecrypt(ciphertext, privatekey)`: not supported by netplay.
pub(super) fn rsadecrypt(args: FuncArgs) -> Result<Value, String> {
    fixed(&args, ["ciphertext", "privatekey"])?;
    Err("rsadecrypt is not supported by netplay (it carries no RSA implementation); decrypt the value before planning"
        .to_string())
}

/// Go's JSON quoting of a string (`encoding/json` escapes `<`, `>`, `&`, U+2028 and U+2029 too).
fn json_quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_write(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => json_quote(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in sorted_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_quote(k, out);
                out.push(':');
                json_write(item, out);
            }
            out.push('}');
        }
    }
}

/// cty's compact JSON of a value (object keys sorted, numbers without exponent).
pub(crate) fn json_text(v: &Value) -> String {
    let mut out = String::new();
    json_write(v, &mut out);
    out
}

/// `jsonencode(val)`.
pub(super) fn jsonencode(args: FuncArgs) -> Result<Value, String> {
    let [v] = fixed(&args, ["val"])?;
    Ok(Value::from(json_text(v)))
}

fn from_json(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().and_then(hcl::Number::from_f64).map_or(Value::Null, Value::Number)
            }
        }
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::Array(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(map) => sorted_object(map.into_iter().map(|(k, v)| (k, from_json(v))).collect()),
    }
}

/// `jsondecode(str)`.
pub(super) fn jsondecode(args: FuncArgs) -> Result<Value, String> {
    let [s] = fixed(&args, ["str"])?;
    let s = string(s, "str")?;
    if let Some(c) = s.trim_start().chars().next()
        && !matches!(c, '{' | '[' | '"' | 't' | 'f' | 'n' | '-' | '0'..='9')
    {
        return Err(format!(
            "Invalid value for \"str\" parameter: a JSON document cannot begin with the character {c:?}"
        ));
    }
    serde_json::from_str::<serde_json::Value>(&s).map(from_json).map_err(|e| format!("invalid JSON: {e}"))
}

fn from_yaml(v: serde_norway::Value) -> Result<Value, String> {
    use serde_norway::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Value::Number(hcl::Number::from_f64(f).ok_or("cannot represent a non-finite YAML number")?)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(from_yaml).collect::<Result<_, _>>()?),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match from_yaml(k)? {
                    Value::String(s) => s,
                    other => {
                        super::values::as_text(&other).ok_or("YAML mapping keys must be strings, numbers or bools")?
                    }
                };
                out.insert(key, from_yaml(v)?);
            }
            sorted_object(out)
        }
        Y::Tagged(tagged) => from_yaml(tagged.value)?,
    })
}

/// `yamldecode(src)`: one YAML document.
pub(super) fn yamldecode(args: FuncArgs) -> Result<Value, String> {
    let [src] = fixed(&args, ["src"])?;
    let src = string(src, "src")?;
    if src.trim().is_empty() {
        return Ok(Value::Null);
    }
    let doc: serde_norway::Value = serde_norway::from_str(&src).map_err(|e| format!("on line {e}"))?;
    from_yaml(doc)
}

/// A libyaml double-quoted scalar (as go-cty-yaml emits strings).
fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A libyaml literal block (`|`) for a multi-line string, indented by `indent`.
fn yaml_literal(s: &str, indent: usize) -> String {
    let chomp = if !s.ends_with('\n') {
        "-"
    } else if s.ends_with("\n\n") || s == "\n" {
        "+"
    } else {
        ""
    };
    let hint = if s.starts_with(' ') || s.starts_with('\n') { "2" } else { "" };
    let pad = " ".repeat(indent.max(2));
    let mut out = format!("|{hint}{chomp}\n");
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn yaml_scalar(v: &Value, indent: usize) -> String {
    match v {
        Value::Null => "null\n".to_string(),
        Value::Bool(b) => format!("{b}\n"),
        Value::Number(n) => format!("{}\n", number_text(n)),
        Value::String(s) if s.contains('\n') => yaml_literal(s, indent),
        Value::String(s) => format!("{}\n", yaml_quote(s)),
        Value::Array(_) => "[]\n".to_string(),
        Value::Object(_) => "{}\n".to_string(),
    }
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        _ => false,
    }
}

/// Writes `v` as the block node at `indent` (the current line already holds its prefix).
fn yaml_node(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&" ".repeat(indent));
                }
                out.push_str("- ");
                if is_block(item) {
                    yaml_node(item, indent + 2, out);
                } else {
                    out.push_str(&yaml_scalar(item, indent + 2));
                }
            }
        }
        Value::Object(map) if !map.is_empty() => {
            for (i, (k, item)) in sorted_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(&" ".repeat(indent));
                }
                out.push_str(&yaml_quote(k));
                out.push(':');
                match item {
                    Value::Object(_) if is_block(item) => {
                        out.push('\n');
                        out.push_str(&" ".repeat(indent + 2));
                        yaml_node(item, indent + 2, out);
                    }
                    // libyaml does not indent a sequence under a mapping key.
                    Value::Array(_) if is_block(item) => {
                        out.push('\n');
                        out.push_str(&" ".repeat(indent));
                        yaml_node(item, indent, out);
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&yaml_scalar(item, indent + 2));
                    }
                }
            }
        }
        scalar => out.push_str(&yaml_scalar(scalar, indent)),
    }
}

/// `yamlencode(value)`: block style with double-quoted strings and keys, as go-cty-yaml
/// (libyaml) writes it.
pub(super) fn yamlencode(args: FuncArgs) -> Result<Value, String> {
    let [v] = fixed(&args, ["value"])?;
    let mut out = String::new();
    yaml_node(v, 0, &mut out);
    Ok(Value::from(out))
}

/// `csvdecode(str)`: a list of objects keyed by the header line; every field is a string.
pub(super) fn csvdecode(args: FuncArgs) -> Result<Value, String> {
    let [s] = fixed(&args, ["str"])?;
    let s = string(s, "str")?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(s.as_bytes());
    let mut records = reader.records();
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(0, csv::Position::line);
        match e.kind() {
            csv::ErrorKind::UnequalLengths { .. } => format!("CSV parse error on line {line}: wrong number of fields"),
            _ => format!("CSV parse error on line {line}: {e}"),
        }
    };
    let headers: Vec<String> = match records.next() {
        None => return Err("missing header line".to_string()),
        Some(Err(e)) => return Err(csv_error(e)),
        Some(Ok(h)) => h.iter().map(str::to_string).collect(),
    };
    for (i, name) in headers.iter().enumerate() {
        if headers.iter().take(i).any(|earlier| earlier == name) {
            return Err(format!("duplicate column name {}", json_text(&Value::from(name.as_str()))));
        }
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(csv_error)?;
        let row: Map<String, Value> = headers.iter().cloned().zip(record.iter().map(Value::from)).collect();
        rows.push(sorted_object(row));
    }
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::{FunctionEnv, with_env};
    use hcl::Value;

    #[test]
    fn base64_round_trip() {
        assert_eq!(ok("base64encode", vec![s("Hello World")]), s("SGVsbG8gV29ybGQ="));
        assert_eq!(ok("base64decode", vec![s("SGVsbG8gV29ybGQ=")]), s("Hello World"));
        assert_eq!(err("base64decode", vec![s("**")]), "failed to decode base64 data '**'");
        assert!(err("base64decode", vec![s("/w==")]).contains("not valid UTF-8"));
    }

    #[test]
    fn hashes() {
        assert_eq!(ok("md5", vec![s("hello world")]), s("5eb63bbbe01eeed093cb22bb8f5acdc3"));
        assert_eq!(ok("sha1", vec![s("test")]), s("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"));
        assert_eq!(
            ok("sha256", vec![s("hello world")]),
            s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        let sha512 = ok("sha512", vec![s("")]);
        assert!(sha512.as_str().is_some_and(|h| h.starts_with("cf83e1357eefb8bd") && h.len() == 128));
    }

    #[test]
    fn urlencode_is_go_query_escape() {
        assert_eq!(ok("urlencode", vec![s("Hello World")]), s("Hello+World"));
        assert_eq!(ok("urlencode", vec![s("a-_.~b/c?d=e&f")]), s("a-_.~b%2Fc%3Fd%3De%26f"));
        assert_eq!(ok("urlencode", vec![s("☃")]), s("%E2%98%83"));
    }

    #[test]
    fn uuidv4_follows_the_seed() {
        let run = |seed| with_env(FunctionEnv { files: None, seed }, || (ok("uuidv4", vec![]), ok("uuidv4", vec![])));
        let (a1, a2) = run(1);
        assert_eq!(run(1), (a1.clone(), a2.clone()), "same seed, same ids");
        assert_ne!(a1, a2, "each call draws a new id");
        assert_ne!(run(2).0, a1, "another seed, other ids");
        let text = a1.as_str().unwrap_or_default().to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "4", "version 4");
        assert!(matches!(&text[19..20], "8" | "9" | "a" | "b"), "RFC 4122 variant");
        assert!(err("uuidv4", vec![s("x")]).contains("Too many"));
    }

    #[test]
    fn uuidv5_namespaces() {
        assert_eq!(ok("uuidv5", vec![s("dns"), s("www.example.com")]), s("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
        assert_eq!(
            ok("uuidv5", vec![s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), s("www.example.com")]),
            s("2ed6657d-e927-568b-95e1-2665a8aea6a2"),
            "the DNS namespace by its UUID"
        );
        assert!(err("uuidv5", vec![s("nope"), s("x")]).starts_with("uuidv5() doesn't support namespace nope ("));
    }

    #[test]
    fn bcrypt_matches_the_openbsd_vector_and_follows_the_seed() {
        use base64::Engine;
        let salt = super::bcrypt_base64().decode("CCCCCCCCCCCCCCCCCCCCC.").expect("salt");
        let salt: [u8; 16] = salt.try_into().expect("16 bytes");
        assert_eq!(
            super::bcrypt_with_salt(b"U*U", 5, salt),
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        );
        let run =
            |seed| with_env(FunctionEnv { files: None, seed }, || ok("bcrypt", vec![s("secret"), Value::from(4)]));
        let a = run(3);
        assert_eq!(run(3), a);
        assert_ne!(run(4), a);
        assert!(a.as_str().is_some_and(|h| h.starts_with("$2a$04$") && h.len() == 60));
        assert!(err("bcrypt", vec![s("x"), Value::from(32)]).contains("outside allowed inclusive range"));
        assert!(err("bcrypt", vec![s("x"), Value::from(20)]).contains("netplay computes bcrypt costs up to"));
        assert_eq!(
            err("bcrypt", vec![s("x"), Value::from(4), Value::from(4)]),
            "bcrypt() takes no more than two arguments"
        );
        assert!(err("bcrypt", vec![s(&"x".repeat(73))]).contains("exceeds 72 bytes"));
    }

    #[test]
    fn rsadecrypt_is_not_supported() {
        assert!(err("rsadecrypt", vec![s("x"), s("y")]).contains("not supported by netplay"));
    }

    #[test]
    fn json_encode_and_decode() {
        let v = obj([("b", arr([Value::from(1), Value::Bool(true), Value::Null])), ("a", s("<x>"))]);
        assert_eq!(ok("jsonencode", vec![v]), s(r#"{"a":"\u003cx\u003e","b":[1,true,null]}"#));
        assert_eq!(ok("jsonencode", vec![Value::from(1e21)]), s("1000000000000000000000"));
        let decoded = ok("jsondecode", vec![s(r#"{"z": 1, "a": [1.5, "x", null, false]}"#)]);
        assert_eq!(
            decoded,
            obj([("a", arr([Value::from(1.5), s("x"), Value::Null, Value::Bool(false)])), ("z", Value::from(1))])
        );
        assert_eq!(ok("jsondecode", vec![s("\"hi\"")]), s("hi"));
        assert!(err("jsondecode", vec![s("{")]).starts_with("invalid JSON"));
        assert!(err("jsondecode", vec![s("x")]).contains("cannot begin with the character 'x'"));
    }

    #[test]
    fn yaml_decode() {
        let v = ok("yamldecode", vec![s("b: [1, two]\na:\n  c: true\n  d: ~\n")]);
        assert_eq!(
            v,
            obj([("a", obj([("c", Value::Bool(true)), ("d", Value::Null)])), ("b", arr([Value::from(1), s("two")]))])
        );
        assert_eq!(ok("yamldecode", vec![s("")]), Value::Null);
        assert_eq!(ok("yamldecode", vec![s("1: x")]), obj([("1", s("x"))]));
        assert!(err("yamldecode", vec![s("a: [")]).starts_with("on line"));
    }

    #[test]
    fn yaml_encode_like_go_cty_yaml() {
        let v = obj([
            ("b", arr([Value::from(1), s("x")])),
            ("a", obj([("c", s("multi\nline")), ("d", arr([]))])),
            ("e", arr([obj([("f", Value::Bool(true)), ("g", Value::Null)]), arr([Value::from(2), Value::from(3)])])),
        ]);
        let want = "\"a\":\n  \"c\": |-\n    multi\n    line\n  \"d\": []\n\"b\":\n- 1\n- \"x\"\n\"e\":\n- \"f\": true\n  \"g\": null\n- - 2\n  - 3\n";
        assert_eq!(ok("yamlencode", vec![v]), s(want));
        assert_eq!(ok("yamlencode", vec![s("a\"b")]), s("\"a\\\"b\"\n"));
        assert_eq!(ok("yamlencode", vec![obj([])]), s("{}\n"));
        assert_eq!(ok("yamlencode", vec![s("end\n")]), s("|\n  end\n"));
    }

    #[test]
    fn csv_decode() {
        let rows = ok("csvdecode", vec![s("b,a\n1,2\n\"x,y\",z\n")]);
        assert_eq!(rows, arr([obj([("a", s("2")), ("b", s("1"))]), obj([("a", s("z")), ("b", s("x,y"))])]));
        assert_eq!(ok("csvdecode", vec![s("a,b\n")]), arr([]));
        assert_eq!(err("csvdecode", vec![s("")]), "missing header line");
        assert_eq!(err("csvdecode", vec![s("a,a\n1,2\n")]), "duplicate column name \"a\"");
        assert_eq!(err("csvdecode", vec![s("a,b\n1\n")]), "CSV parse error on line 2: wrong number of fields");
    }
}

//! Reading Nomad's JSON with positions: a thin cursor over `jiter`'s streaming reader.
//!
//! Decoders walk the JSON as they would a struct: [`Cursor::object`] hands them each key with
//! its span, typed reads ([`Cursor::string`], [`Cursor::int`], ...) return the value with its
//! span or, for a value of the wrong type, a `type-mismatch` diagnostic naming its JSON path
//! (`NodeResources.Networks[0].MBits must be a number, found string`) and skip it. `null`
//! reads as absent, unknown keys are skipped, as Go's decoder does. A syntax error stops the
//! whole text: it is reported once as `json-syntax` and every read after it returns
//! [`Stop`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiter::{Jiter, JiterError, NumberInt, Peek};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::{SourceId, Span};

/// The text is not valid JSON; the error is already reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

/// What a read returns: `Ok(None)` for `null`, a missing or a mistyped value.
pub type Read<T> = Result<Option<T>, Stop>;

/// One step of a JSON path.
#[derive(Debug, Clone)]
enum Step<'t> {
    Key(Cow<'t, str>),
    Index(usize),
}

/// A position in a JSON text being decoded.
pub struct Cursor<'t, 'd> {
    jiter: Jiter<'t>,
    text: &'t str,
    source: SourceId,
    path: Vec<Step<'t>>,
    /// Where diagnostics go.
    pub diags: &'d mut Diagnostics,
}

/// A value's JSON type, for messages.
fn type_name(peek: Peek) -> &'static str {
    match peek {
        Peek::Null => "null",
        Peek::True | Peek::False => "bool",
        Peek::String => "string",
        Peek::Array => "array",
        Peek::Object => "object",
        _ => "number",
    }
}

impl<'t, 'd> Cursor<'t, 'd> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str, source: SourceId, diags: &'d mut Diagnostics) -> Self {
        Cursor { jiter: Jiter::new(text.as_bytes()), text, source, path: Vec::new(), diags }
    }

    /// Which text this cursor reads.
    pub fn source(&self) -> SourceId {
        self.source
    }

    /// The byte offset of the next unread byte.
    fn at(&self) -> usize {
        self.jiter.current_index()
    }

    /// The offset where the next value starts (after whitespace).
    fn value_start(&mut self) -> usize {
        let at = self.at();
        let rest = self.text.as_bytes().get(at..).unwrap_or_default();
        at + rest.iter().take_while(|b| b.is_ascii_whitespace()).count()
    }

    /// Reports a syntax error once.
    fn fail(&mut self, e: JiterError) -> Stop {
        // The character at the error, whole: jiter counts bytes, and the text may be any UTF-8.
        let at = Span::char_at(self.text, e.index);
        let message = match &e.error_type {
            jiter::JiterErrorType::JsonError(t) => t.to_string(),
            jiter::JiterErrorType::WrongType { expected, actual } => format!("expected {expected}, found {actual}"),
        };
        self.diags.push(
            Diagnostic::error(Code::JsonSyntax, self.source, at, message)
                .with_help("this is read as JSON because it starts with `{` or `[`; paste the output as it came"),
        );
        Stop
    }

    /// The current JSON path (`NodeResources.Networks[0]`), with `key` appended when given.
    pub fn path(&self, key: Option<&str>) -> String {
        let mut out = String::new();
        let steps = self.path.iter().map(|s| match s {
            Step::Key(k) => Step::Key(Cow::Borrowed(k.as_ref())),
            Step::Index(i) => Step::Index(*i),
        });
        for step in steps.chain(key.map(|k| Step::Key(Cow::Borrowed(k)))) {
            match step {
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() { "the top level".to_string() } else { out }
    }

    /// Reports that the value at the cursor has the wrong type, and skips it.
    fn mismatch(&mut self, peek: Peek, expected: &str) -> Read<()> {
        let start = self.value_start();
        self.jiter.known_skip(peek).map_err(|e| self.fail(e))?;
        let span = Span::new(start, self.at());
        let message = format!("`{}` must be {expected}, found {}", self.path(None), type_name(peek));
        self.diags.push(
            Diagnostic::error(Code::TypeMismatch, self.source, span, message)
                .with_help("netplay reads Nomad's API JSON as Nomad writes it; this value is left out"),
        );
        Ok(None)
    }

    /// Looks at the next value's type.
    fn peek(&mut self) -> Result<Peek, Stop> {
        self.jiter.peek().map_err(|e| self.fail(e))
    }

    /// True when the next value is an array (it is not consumed).
    pub fn peek_array(&mut self) -> Result<bool, Stop> {
        Ok(self.peek()? == Peek::Array)
    }

    /// Skips the next value.
    pub fn skip(&mut self) -> Result<(), Stop> {
        self.jiter.next_skip().map_err(|e| self.fail(e))
    }

    /// Walks an object: `each` gets the cursor (at the value) and the key with its span, and
    /// must read or skip the value. Returns the object's span, or `None` for `null` or a
    /// value of another type (reported).
    pub fn object(&mut self, mut each: impl FnMut(&mut Self, &str, Span) -> Result<(), Stop>) -> Read<Span> {
        let peek = self.peek()?;
        if peek == Peek::Null {
            self.jiter.known_null().map_err(|e| self.fail(e))?;
            return Ok(None);
        }
        if peek != Peek::Object {
            return self.mismatch(peek, "an object").map(|_| None);
        }
        let start = self.value_start();
        let base = self.text.as_ptr() as usize;
        let first = self.jiter.next_object_bytes().map(|k| k.map(|b| range_of(base, b)));
        let mut key = first.map_err(|e| self.fail(e))?;
        while let Some(range) = key {
            let (name, span) = self.key_at(range);
            self.path.push(Step::Key(name.clone()));
            let result = each(self, &name, span);
            self.path.pop();
            result?;
            let next = self.jiter.next_key_bytes().map(|k| k.map(|b| range_of(base, b)));
            key = next.map_err(|e| self.fail(e))?;
        }
        Ok(Some(Span::new(start, self.at())))
    }

    /// The key whose raw text (between its quotes) is at `start..end`, and its span with quotes.
    fn key_at(&self, (start, end): (usize, usize)) -> (Cow<'t, str>, Span) {
        let span = Span::new(start.saturating_sub(1), end.saturating_add(1).min(self.text.len()));
        let raw = self.text.get(start..end).unwrap_or_default();
        let name = if raw.contains('\\') {
            let quoted = self.text.get(span.start..span.end).unwrap_or("\"\"");
            Cow::Owned(serde_json::from_str::<String>(quoted).unwrap_or_default())
        } else {
            Cow::Borrowed(raw)
        };
        (name, span)
    }

    /// Walks an array: `each` gets the cursor at each element and its index. Returns the
    /// array's span, or `None` for `null` or another type (reported).
    pub fn array(&mut self, mut each: impl FnMut(&mut Self, usize) -> Result<(), Stop>) -> Read<Span> {
        let peek = self.peek()?;
        if peek == Peek::Null {
            self.jiter.known_null().map_err(|e| self.fail(e))?;
            return Ok(None);
        }
        if peek != Peek::Array {
            return self.mismatch(peek, "an array").map(|_| None);
        }
        let start = self.value_start();
        let mut next = self.jiter.known_array().map_err(|e| self.fail(e))?;
        let mut index = 0;
        while next.is_some() {
            self.path.push(Step::Index(index));
            let result = each(self, index);
            self.path.pop();
            result?;
            index += 1;
            next = self.jiter.array_step().map_err(|e| self.fail(e))?;
        }
        Ok(Some(Span::new(start, self.at())))
    }

    /// A string value.
    pub fn string(&mut self) -> Read<(String, Span)> {
        let peek = self.peek()?;
        match peek {
            Peek::Null => self.jiter.known_null().map(|()| None).map_err(|e| self.fail(e)),
            Peek::String => {
                let start = self.value_start();
                let text = self.jiter.known_str().map(str::to_string);
                let text = text.map_err(|e| self.fail(e))?;
                Ok(Some((text, Span::new(start, self.at()))))
            }
            _ => self.mismatch(peek, "a string").map(|_| None),
        }
    }

    /// An integer value (Go's `int` fields take no fractions).
    pub fn int(&mut self) -> Read<(i64, Span)> {
        let peek = self.peek()?;
        if peek == Peek::Null {
            return self.jiter.known_null().map(|()| None).map_err(|e| self.fail(e));
        }
        if !peek.is_num() {
            return self.mismatch(peek, "a number").map(|_| None);
        }
        let start = self.value_start();
        match self.jiter.known_int(peek) {
            Ok(NumberInt::Int(n)) => Ok(Some((n, Span::new(start, self.at())))),
            Err(_) => {
                // A fraction, an exponent or a number too large for i64: skip it as a number.
                self.jiter.known_number(peek).map_err(|e| self.fail(e))?;
                let span = Span::new(start, self.at());
                let message = format!("`{}` must be a whole number", self.path(None));
                self.diags.push(Diagnostic::error(Code::TypeMismatch, self.source, span, message).with_help(
                    "Nomad's Go decoder refuses fractions and numbers beyond 64 bits here; this value is left out",
                ));
                Ok(None)
            }
        }
    }

    /// A boolean value.
    pub fn bool(&mut self) -> Read<(bool, Span)> {
        let peek = self.peek()?;
        match peek {
            Peek::Null => self.jiter.known_null().map(|()| None).map_err(|e| self.fail(e)),
            Peek::True | Peek::False => {
                let start = self.value_start();
                let b = self.jiter.known_bool(peek).map_err(|e| self.fail(e))?;
                Ok(Some((b, Span::new(start, self.at()))))
            }
            _ => self.mismatch(peek, "true or false").map(|_| None),
        }
    }

    /// The one integer field `field` of an object (`Cpu.CpuShares`, `Memory.MemoryMB`); the
    /// object's other fields are skipped.
    pub fn nested_int(&mut self, field: &str) -> Read<i64> {
        let mut value = None;
        self.object(|c, key, _| {
            if key == field {
                value = c.int()?.map(|v| v.0);
                Ok(())
            } else {
                c.skip()
            }
        })?;
        Ok(value)
    }

    /// An object of strings (`Meta`, `Attributes`, `Env`); entries of other types are
    /// reported and left out.
    pub fn string_map(&mut self) -> Read<BTreeMap<String, String>> {
        let mut map = BTreeMap::new();
        let span = self.object(|c, key, _| {
            if let Some((value, _)) = c.string()? {
                map.insert(key.to_string(), value);
            }
            Ok(())
        })?;
        Ok(span.map(|_| map))
    }

    /// Checks that nothing but whitespace follows the value read.
    pub fn finish(&mut self) -> Result<(), Stop> {
        self.jiter.finish().map_err(|e| self.fail(e))
    }

    /// Reports a field that is missing (or `null`) where a value is needed.
    pub fn missing(&mut self, at: Span, key: &str, help: &str) {
        let message = format!("`{}` is missing", self.path(Some(key)));
        self.diags.push(Diagnostic::error(Code::MissingField, self.source, at, message).with_help(help.to_string()));
    }

    /// A value as a generic tree of `serde_json` values with the span of the whole value,
    /// for free-form settings (a task's driver `config`).
    pub fn span_of_next(&mut self) -> usize {
        self.value_start()
    }

    /// The byte offset just after the last value read.
    pub fn end(&self) -> usize {
        self.at()
    }

    /// Peeks at the next value: a small description used by generic readers.
    pub fn kind(&mut self) -> Result<Kind, Stop> {
        Ok(match self.peek()? {
            Peek::Null => Kind::Null,
            Peek::True | Peek::False => Kind::Bool,
            Peek::String => Kind::String,
            Peek::Array => Kind::Array,
            Peek::Object => Kind::Object,
            _ => Kind::Number,
        })
    }

    /// A number of any kind, as its source text (for generic readers).
    pub fn number_text(&mut self) -> Read<(&'t str, Span)> {
        let peek = self.peek()?;
        if !peek.is_num() {
            return self.mismatch(peek, "a number").map(|_| None);
        }
        let start = self.value_start();
        self.jiter.known_number(peek).map_err(|e| self.fail(e))?;
        let end = self.at();
        Ok(Some((self.text.get(start..end).unwrap_or_default(), Span::new(start, end))))
    }
}

/// The JSON type of the next value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// Where a slice jiter handed out lies in the text starting at address `base` (jiter's raw
/// keys are slices of the text it reads).
fn range_of(base: usize, raw: &[u8]) -> (usize, usize) {
    let start = (raw.as_ptr() as usize).wrapping_sub(base);
    (start, start.saturating_add(raw.len()))
}

/// True when `text` is JSON rather than HCL: its first character (after whitespace and a
/// byte-order mark) opens an object or an array. HCL bodies never start that way.
pub fn looks_like_json(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('{') || trimmed.starts_with('[')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_paths() {
        let text = r#"{ "A": {"B": [1, "x", {"C": true}]}, "D\"q": null }"#;
        let mut diags = Diagnostics::new();
        let mut c = Cursor::new(text, SourceId::Nodes, &mut diags);
        let mut seen = Vec::new();
        let span = c
            .object(|c, key, span| {
                seen.push((key.to_string(), text[span.start..span.end].to_string()));
                if key == "A" {
                    c.object(|c, _, _| {
                        c.array(|c, i| {
                            if i == 0 {
                                assert_eq!(c.int()?.map(|v| v.0), Some(1));
                            } else {
                                assert_eq!(c.int()?, None);
                            }
                            Ok(())
                        })
                        .map(|_| ())
                    })?;
                    Ok(())
                } else {
                    c.skip()
                }
            })
            .expect("valid");
        assert_eq!(span, Some(Span::new(0, text.len())));
        assert_eq!(seen, vec![("A".into(), "\"A\"".into()), ("D\"q".into(), "\"D\\\"q\"".into())]);
        let messages: Vec<&str> = diags.as_slice().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec!["`A.B[1]` must be a number, found string", "`A.B[2]` must be a number, found object"]
        );
        let at = diags.as_slice()[0].span;
        assert_eq!(&text[at.start..at.end], "\"x\"");
    }

    #[test]
    fn syntax_errors_stop_with_one_diagnostic() {
        let mut diags = Diagnostics::new();
        let mut c = Cursor::new("{\"A\": [1, 2", SourceId::Nodes, &mut diags);
        assert_eq!(c.object(|c, _, _| c.skip()), Err(Stop));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags.as_slice()[0].code, Code::JsonSyntax);
    }

    #[test]
    fn a_syntax_error_at_a_wide_character_points_at_all_of_it() {
        let text = "{\"A\": 1, \u{00e9}}";
        let mut diags = Diagnostics::new();
        let mut c = Cursor::new(text, SourceId::Nodes, &mut diags);
        assert_eq!(c.object(|c, _, _| c.skip()), Err(Stop));
        let at = diags.as_slice()[0].span;
        assert_eq!(&text[at.start..at.end], "\u{00e9}");
    }

    #[test]
    fn detection() {
        assert!(looks_like_json("\u{feff}  \n[{}]"));
        assert!(looks_like_json("{\"Job\": {}}"));
        assert!(!looks_like_json("# comment\nnode \"a\" {}"));
    }
}

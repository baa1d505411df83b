//! The HCL2 reader netplay used before it had its own, kept for the tests as an oracle: the
//! text is parsed by the `hcl-edit` crate (a dev-dependency) and its syntax tree turned into
//! the shared tree of [`crate::syntax`]. The tests below check that the reader's HCL2 mode and
//! this one agree on real and on edited jobspecs: both read a text to the same tree, or both
//! refuse it.
//!
//! Conversion rules (the reader's HCL2 mode follows them):
//!
//! - A block `port "http" { ... }` becomes an [`Item`] with the keys `port` and `"http"`
//!   (identifier labels such as `block foo {}` are unquoted keys), `assign = false` and an
//!   [`ValueKind::Object`] value whose span (and [`Body`] span) runs from `{` to `}` inclusive.
//!   An attribute `static = 80` becomes an item with one unquoted key and `assign = true`.
//!   Item spans run from the first key to the end of the value; key spans include quotes; the
//!   file body spans the whole text.
//! - Values: `null`, booleans and numbers map to their kinds. A number is
//!   [`Number::Int`] when written without fraction or exponent and it fits an `i64`, otherwise
//!   [`Number::Float`] (`1.0` stays a float). `-1` (also `- 1`) is a negative number, as is
//!   unary minus applied to a number literal.
//! - A quoted string without `${...}` or `%{...}` is [`ValueKind::String`] with its escapes
//!   resolved (`$${` and `%%{` become `${` and `%{`). With interpolation or directives it is
//!   [`ValueKind::Template`] holding the raw text between the quotes.
//! - A heredoc without interpolation is a [`ValueKind::String`] of its content, the line break
//!   before the closing marker included; `<<-` strips the smallest indentation of the lines. A
//!   heredoc with interpolation or directives is a [`ValueKind::Template`] of its body as
//!   written, except that `<<-` removes the same indentation from its literal lines.
//! - `[...]` is a [`ValueKind::List`]; an object `{ k = v, "k2": v }` is a
//!   [`ValueKind::Object`] with one item (`assign = true`) per entry: an identifier key is
//!   unquoted, a string key quoted, and any other key expression (`(var.k)`, `"${x}"`) keeps
//!   its source text as an unquoted key.
//! - Anything else is [`ValueKind::Expression`] with its exact source text.
//!
//! `hcl-edit` records no span for a block's body written on one line, nor the position of the
//! `{` of a block: the body span is derived by skipping blanks and comments after the last
//! label up to the `{`.
//!
//! A syntax error gives an empty body and one [`Code::HclSyntax`] diagnostic: `hcl-edit`'s own
//! message at its own position (the tests compare only whether the two readers refuse a text;
//! where each places the error is printed, not checked). `hcl-edit`'s limits become
//! [`Code::LimitExceeded`]. A light pre-scan of the text refuses quoted strings written over
//! several lines (which `hcl-edit` accepts) and nesting deeper than 32 levels (`MAX_DEPTH`, with
//! [`Code::LimitExceeded`]): `hcl-edit` needs much stack per level.

use std::ops::Range;

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey, UnaryOperator};
use hcl_edit::structure::{self, BlockLabel, Structure};
use hcl_edit::template::{Element, HeredocTemplate, StringTemplate};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceId, Span};
use crate::syntax::{Body, Item, Key, Number, Value, ValueKind};

/// Deepest nesting this reader hands to `hcl-edit`, as estimated by the pre-scan (see the
/// module documentation). Lower than [`crate::limits::MAX_NESTING`] because `hcl-edit` stops at
/// 64 levels itself and needs much stack per level: 64 levels of `{for x in ...` take about
/// 2.2 MiB of stack in a debug build (a test thread has 2 MiB) and 0.6 MiB in a native release
/// build; 32 levels take half of that. Real jobspecs stay below 10.
const MAX_DEPTH: usize = 32;

/// Reads `text` as HCL2 (what Nomad 1.x reads). On a syntax error returns an empty body and one
/// `Code::HclSyntax` diagnostic at the error's position.
pub fn parse(text: &str, source: SourceId) -> (Body, Vec<Diagnostic>) {
    let whole = Span::new(0, text.len());
    let scan = Scanner::run(text);
    if let Some(at) = scan.too_deep {
        let span = char_span(text, at);
        let diagnostic =
            Diagnostic::error(Code::LimitExceeded, source, span, format!("nesting deeper than {MAX_DEPTH} levels"))
                .with_help(format!("netplay stops reading the {} here", source.name()));
        return (Body { items: Vec::new(), span: whole }, vec![diagnostic]);
    }
    match hcl_edit::parser::parse_body(text) {
        Ok(_) if let Some((at, eol)) = scan.multiline => {
            // `hcl-edit` accepts line breaks in quoted strings; HCL2 does not.
            let diagnostic = Diagnostic::error(Code::HclSyntax, source, Span::new(at, eol), "unterminated string");
            (Body { items: Vec::new(), span: whole }, vec![diagnostic])
        }
        Ok(body) => {
            let items = Converter { text }.items(&body);
            (Body { items, span: whole }, Vec::new())
        }
        Err(error) => (Body { items: Vec::new(), span: whole }, vec![diagnose(text, source, &error)]),
    }
}

// ----- conversion ---------------------------------------------------------------------------

/// Turns `hcl-edit` nodes into the shared tree.
struct Converter<'a> {
    text: &'a str,
}

impl Converter<'_> {
    /// The span of a node, or an empty span at `fallback` if `hcl-edit` recorded none.
    fn span_of(&self, range: Option<Range<usize>>, fallback: usize) -> Span {
        match range {
            Some(r) if r.start <= r.end && r.end <= self.text.len() => Span::new(r.start, r.end),
            _ => Span::empty(fallback.min(self.text.len())),
        }
    }

    fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    fn items(&self, body: &structure::Body) -> Vec<Item> {
        body.iter().map(|structure| self.structure(structure)).collect()
    }

    fn structure(&self, structure: &Structure) -> Item {
        match structure {
            Structure::Attribute(attribute) => {
                let fallback = structure.span().map_or(0, |r| r.start);
                let key_span = self.span_of(attribute.key.span(), fallback);
                let key = Key { text: attribute.key.as_str().to_string(), quoted: false, span: key_span };
                let value = self.value(&attribute.value, key_span.end);
                let span = Span::new(key_span.start, value.span.end.max(key_span.end));
                Item { keys: vec![key], value, assign: true, span }
            }
            Structure::Block(block) => {
                let block_span = self.span_of(block.span(), 0);
                let ident_span = self.span_of(block.ident.span(), block_span.start);
                let mut keys = vec![Key { text: block.ident.as_str().to_string(), quoted: false, span: ident_span }];
                let mut last = ident_span.end;
                for label in &block.labels {
                    let span = self.span_of(label.span(), last);
                    last = span.end;
                    keys.push(Key {
                        text: label.as_str().to_string(),
                        quoted: matches!(label, BlockLabel::String(_)),
                        span,
                    });
                }
                let end = block_span.end.max(last);
                let open = self.brace_after(last, end);
                let span = Span::new(open, end);
                let body = Body { items: self.items(&block.body), span };
                let value = Value { kind: ValueKind::Object(body), span };
                Item { keys, value, assign: false, span: Span::new(ident_span.start, end) }
            }
        }
    }

    /// The offset of the `{` opening a block body: the first character after `from` that is not
    /// a blank or an inline comment (what `hcl-edit` allows between labels and `{`).
    fn brace_after(&self, from: usize, end: usize) -> usize {
        let at = skip_blanks(self.text, from, false);
        if self.text.as_bytes().get(at) == Some(&b'{') {
            return at;
        }
        self.text.get(from..end).and_then(|s| s.find('{')).map_or(from, |i| from + i)
    }

    fn value(&self, expr: &Expression, fallback: usize) -> Value {
        let span = self.span_of(expr.span(), fallback);
        let kind = match expr {
            Expression::Null(_) => ValueKind::Null,
            Expression::Bool(b) => ValueKind::Bool(*b.value()),
            Expression::Number(n) => ValueKind::Number(number(*n.value(), self.slice(span))),
            Expression::String(s) => ValueKind::String(s.value().clone()),
            Expression::Array(array) => {
                let mut last = span.start;
                let values = array
                    .iter()
                    .map(|e| {
                        let value = self.value(e, last);
                        last = value.span.end;
                        value
                    })
                    .collect();
                ValueKind::List(values)
            }
            Expression::Object(object) => {
                let mut items = Vec::with_capacity(object.len());
                let mut last = span.start;
                for (key, value) in object.iter() {
                    let key_span = self.span_of(key.span(), last);
                    let key = match key {
                        ObjectKey::Ident(ident) => {
                            Key { text: ident.as_str().to_string(), quoted: false, span: key_span }
                        }
                        ObjectKey::Expression(Expression::String(s)) => {
                            Key { text: s.value().clone(), quoted: true, span: key_span }
                        }
                        ObjectKey::Expression(_) => {
                            Key { text: self.slice(key_span).to_string(), quoted: false, span: key_span }
                        }
                    };
                    let value = self.value(value.expr(), key_span.end);
                    last = value.span.end.max(key_span.end);
                    let span = Span::new(key.span.start, last);
                    items.push(Item { keys: vec![key], value, assign: true, span });
                }
                ValueKind::Object(Body { items, span })
            }
            Expression::StringTemplate(template) => self.string_template(template, span),
            Expression::HeredocTemplate(heredoc) => self.heredoc(heredoc, span),
            Expression::UnaryOp(op) if op.operator.value() == &UnaryOperator::Neg => match &op.expr {
                Expression::Number(n) => ValueKind::Number(negate(number(*n.value(), self.slice(span)))),
                _ => ValueKind::Expression(self.slice(span).to_string()),
            },
            _ => ValueKind::Expression(self.slice(span).to_string()),
        };
        Value { kind, span }
    }

    /// A quoted template: a string if it holds only literal text, else its raw text.
    fn string_template(&self, template: &StringTemplate, span: Span) -> ValueKind {
        match literal_text(template.iter()) {
            Some(text) => ValueKind::String(text),
            None => {
                let inner = Span::new((span.start + 1).min(span.end), span.end.saturating_sub(1).max(span.start));
                ValueKind::Template(self.slice(inner).to_string())
            }
        }
    }

    /// A heredoc: its content, or (with interpolation) its body as written, `<<-` indentation
    /// removed from the literal lines the way `hcl-edit` removes it from the content.
    fn heredoc(&self, heredoc: &HeredocTemplate, span: Span) -> ValueKind {
        if let Some(text) = literal_text(heredoc.template.iter()) {
            return ValueKind::String(text);
        }
        let body = self.span_of(heredoc.template.span(), span.start);
        let indent = heredoc.indent().unwrap_or(0);
        if indent == 0 {
            return ValueKind::Template(self.slice(body).to_string());
        }
        let mut out = String::with_capacity(body.len());
        let mut skip_first = false;
        for element in heredoc.template.iter() {
            let raw = self.slice(self.span_of(element.span(), body.start));
            match element {
                Element::Literal(_) => {
                    dedent_into(&mut out, raw, indent, skip_first);
                    skip_first = !raw.ends_with('\n');
                }
                _ => {
                    out.push_str(raw);
                    skip_first = true;
                }
            }
        }
        ValueKind::Template(out)
    }
}

/// The text of template elements that are all literals (`None` if any is not).
fn literal_text<'e>(elements: impl Iterator<Item = &'e Element>) -> Option<String> {
    let mut text = String::new();
    for element in elements {
        match element {
            Element::Literal(literal) => text.push_str(literal.value()),
            _ => return None,
        }
    }
    Some(text)
}

/// Appends `raw` to `out` without the first `indent` characters of each non-empty line (not of
/// the first line when `skip_first`: it continues a line begun by an interpolation).
fn dedent_into(out: &mut String, raw: &str, indent: usize, skip_first: bool) {
    for (i, line) in raw.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        if (i == 0 && skip_first) || content.is_empty() {
            out.push_str(line);
        } else {
            let cut = line.char_indices().nth(indent).map_or(content.len(), |(at, _)| at.min(content.len()));
            out.push_str(&line[cut..]);
        }
    }
}

/// A number as the tree keeps it: an integer when written without fraction or exponent and in
/// `i64` range, otherwise a float.
fn number(n: hcl_edit::Number, written: &str) -> Number {
    let float_syntax = written.contains(['.', 'e', 'E']);
    match n.as_i64() {
        Some(i) if !float_syntax => Number::Int(i),
        _ => Number::Float(n.as_f64().unwrap_or(f64::NAN)),
    }
}

fn negate(n: Number) -> Number {
    match n {
        Number::Int(i) => i.checked_neg().map_or(Number::Float(-(i as f64)), Number::Int),
        Number::Float(f) => Number::Float(-f),
    }
}

// ----- pre-scan -----------------------------------------------------------------------------

/// What opened a frame of the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// The file itself (the bottom frame).
    File,
    /// `{` after a block's name and labels.
    Block,
    /// `{` of an object value.
    Object,
    /// `[` of a list.
    List,
    /// `[` right after a value (an index).
    Index,
    /// `(` of a parenthesised expression.
    Paren,
    /// `(` right after a name (a function call).
    Call,
    /// `${` in a template.
    Interpolation,
    /// `%{` in a template.
    Directive,
}

impl Open {
    /// The bracket that closes it.
    fn closer(self) -> u8 {
        match self {
            Open::File => 0,
            Open::Block | Open::Object | Open::Interpolation | Open::Directive => b'}',
            Open::List | Open::Index => b']',
            Open::Paren | Open::Call => b')',
        }
    }
}

/// One level of the scan.
#[derive(Debug, Clone)]
enum Frame {
    /// Expression or body text: the file, or the inside of a bracket or of `${`/`%{`.
    Code {
        open: Open,
        /// Unary operators and conditionals of the expression being read (each nests a level
        /// in `hcl-edit`); reset where the expression surely ended.
        ops: usize,
        /// True where a `-` would be unary.
        unary: bool,
        /// The last significant byte.
        last: u8,
    },
    /// A quoted template string.
    Quoted {
        at: usize,
        /// The `%{` of open `if`/`for` directives.
        directives: Vec<usize>,
        /// The first line break of the string's own text (outside `${...}`).
        newline: Option<usize>,
    },
    /// The body of a heredoc.
    Heredoc {
        /// The marker's place in the text.
        marker: Span,
        /// The `%{` of open `if`/`for` directives.
        directives: Vec<usize>,
    },
}

/// A linear scan that follows strings, heredocs, comments and brackets as `hcl-edit` reads
/// them, to bound the nesting and to place errors.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    frames: Vec<Frame>,
    /// The nesting estimate at the current position.
    depth: usize,
    /// Where the estimate first went beyond [`MAX_DEPTH`] (the scan stops there).
    too_deep: Option<usize>,
    /// The first quoted string written over several lines: its quote and its first line break.
    multiline: Option<(usize, usize)>,
}

impl<'a> Scanner<'a> {
    /// Scans `text`.
    fn run(text: &'a str) -> Self {
        let mut scanner = Scanner {
            text,
            bytes: text.as_bytes(),
            frames: vec![Frame::Code { open: Open::File, ops: 0, unary: true, last: b'\n' }],
            depth: 0,
            too_deep: None,
            multiline: None,
        };
        let end = text.len();
        let mut i = 0;
        while i < end && scanner.too_deep.is_none() {
            let next = match scanner.frames.last() {
                Some(Frame::Code { .. }) => scanner.code(i),
                Some(Frame::Quoted { .. }) => scanner.quoted(i),
                Some(Frame::Heredoc { .. }) => scanner.heredoc(i),
                None => break,
            };
            i = next.max(i + 1);
        }
        scanner
    }

    fn byte(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn deeper(&mut self, at: usize, levels: usize) {
        self.depth += levels;
        if self.depth > MAX_DEPTH && self.too_deep.is_none() {
            self.too_deep = Some(at);
        }
    }

    /// Updates the code frame on top after a token: its last byte and whether `-` is unary next.
    fn after_token(&mut self, last: u8, unary: bool) {
        if let Some(Frame::Code { last: l, unary: u, .. }) = self.frames.last_mut() {
            *l = last;
            *u = unary;
        }
    }

    /// Forgets the operators of the expression that just ended.
    fn end_expression(&mut self) {
        if let Some(Frame::Code { ops, unary, .. }) = self.frames.last_mut() {
            self.depth = self.depth.saturating_sub(*ops);
            *ops = 0;
            *unary = true;
        }
    }

    /// Counts a unary operator or conditional at `i`.
    fn operator(&mut self, i: usize) {
        if let Some(Frame::Code { ops, .. }) = self.frames.last_mut() {
            *ops += 1;
            self.deeper(i, 1);
        }
    }

    fn push_code(&mut self, open: Open, at: usize) {
        self.frames.push(Frame::Code { open, ops: 0, unary: true, last: b'(' });
        self.deeper(at, 1);
    }

    /// Pops the top frame, undoing its share of the depth.
    fn pop(&mut self) {
        match self.frames.pop() {
            Some(Frame::Code { ops, .. }) => self.depth = self.depth.saturating_sub(1 + ops),
            Some(Frame::Quoted { directives, .. } | Frame::Heredoc { directives, .. }) => {
                self.depth = self.depth.saturating_sub(directives.len());
            }
            None => {}
        }
    }

    /// One step in a code frame at `i`; returns the next position.
    fn code(&mut self, i: usize) -> usize {
        let b = self.byte(i);
        let next = self.byte(i + 1);
        let (open, last, unary) = match self.frames.last() {
            Some(Frame::Code { open, last, unary, .. }) => (*open, *last, *unary),
            _ => return i + 1,
        };
        match b {
            b' ' | b'\t' | b'\r' => i + 1,
            b'\n' => {
                if matches!(open, Open::File | Open::Block | Open::Object) {
                    self.end_expression();
                }
                i + 1
            }
            b'#' => line_end(self.bytes, i),
            b'/' if next == b'/' => line_end(self.bytes, i),
            b'/' if next == b'*' => match self.text.get(i + 2..).and_then(|rest| rest.find("*/")) {
                Some(k) => i + 2 + k + 2,
                None => self.bytes.len(),
            },
            b'"' => {
                self.frames.push(Frame::Quoted { at: i, directives: Vec::new(), newline: None });
                i + 1
            }
            b'<' if next == b'<' => match heredoc_intro(self.text, i) {
                Some((marker, body)) => {
                    self.frames.push(Frame::Heredoc { marker, directives: Vec::new() });
                    body
                }
                None => {
                    self.after_token(b'<', true);
                    i + 2
                }
            },
            b'{' => {
                let body = matches!(open, Open::File | Open::Block);
                let kind = if body && (is_word_byte(last) || last == b'"') { Open::Block } else { Open::Object };
                self.after_token(b'{', true);
                self.push_code(kind, i);
                i + 1
            }
            b'[' => {
                let kind =
                    if is_word_byte(last) || matches!(last, b']' | b')' | b'"') { Open::Index } else { Open::List };
                self.after_token(b'[', true);
                self.push_code(kind, i);
                i + 1
            }
            b'(' => {
                let kind = if is_word_byte(last) { Open::Call } else { Open::Paren };
                self.after_token(b'(', true);
                self.push_code(kind, i);
                i + 1
            }
            b'}' | b']' | b')' => {
                self.close(b);
                i + 1
            }
            b',' => {
                self.end_expression();
                self.after_token(b',', true);
                i + 1
            }
            b'!' if next == b'=' => {
                self.after_token(b'=', true);
                i + 2
            }
            b'!' | b'?' => {
                self.operator(i);
                self.after_token(b, true);
                i + 1
            }
            b'-' => {
                // `-1` (also `- 1`) is a number literal; other unary minus nests a level.
                if unary && !self.byte(skip_spaces(self.bytes, i + 1)).is_ascii_digit() {
                    self.operator(i);
                }
                self.after_token(b'-', true);
                i + 1
            }
            b'=' | b':' | b'+' | b'*' | b'/' | b'%' | b'<' | b'>' | b'&' | b'|' => {
                self.after_token(b, true);
                i + 1
            }
            _ => {
                self.after_token(b, false);
                i + 1
            }
        }
    }

    /// A closing bracket `b`.
    fn close(&mut self, b: u8) {
        let top = match self.frames.last() {
            Some(Frame::Code { open, .. }) => *open,
            _ => return,
        };
        if top == Open::File {
            return;
        }
        if top.closer() != b {
            // Recover where a frame below matches (without leaving the template we are in).
            let matching = self
                .frames
                .iter()
                .rev()
                .take_while(|f| matches!(f, Frame::Code { open, .. } if *open != Open::File))
                .position(|f| matches!(f, Frame::Code { open, .. } if open.closer() == b));
            match matching {
                Some(n) => (0..n).for_each(|_| self.pop()),
                None => return,
            }
        }
        self.pop();
        self.after_token(b, false);
    }

    /// One step in a quoted string at `i`.
    fn quoted(&mut self, i: usize) -> usize {
        // `hcl-edit` reads the body of a `%{ if }` / `%{ for }` directive as a template where
        // quotes and backslashes are plain text: the string goes on until the directive ends.
        let in_directive =
            matches!(self.frames.last(), Some(Frame::Quoted { directives, .. }) if !directives.is_empty());
        match self.byte(i) {
            b'"' | b'\\' if in_directive => i + 1,
            b'"' => {
                if let Some(Frame::Quoted { at, newline: Some(eol), .. }) = self.frames.last()
                    && self.multiline.is_none()
                {
                    self.multiline = Some((*at, *eol));
                }
                self.pop();
                self.after_token(b'"', false);
                i + 1
            }
            b'\\' => i + 2,
            b'\n' => {
                if let Some(Frame::Quoted { newline, .. }) = self.frames.last_mut() {
                    newline.get_or_insert(i);
                }
                i + 1
            }
            b'$' | b'%' => self.template_marker(i),
            _ => i + 1,
        }
    }

    /// One step in a heredoc body at `i`.
    fn heredoc(&mut self, i: usize) -> usize {
        if i == 0 || self.byte(i - 1) == b'\n' {
            // As in quoted strings, a directive's body runs on past the closing marker.
            let marker = match self.frames.last() {
                Some(Frame::Heredoc { marker, directives, .. }) if directives.is_empty() => *marker,
                Some(Frame::Heredoc { .. }) => return self.heredoc_text(i),
                _ => return i + 1,
            };
            let start = skip_spaces(self.bytes, i);
            let word = self.text.get(marker.start..marker.end).unwrap_or("");
            let rest = self.text.get(start..).unwrap_or("");
            if !word.is_empty()
                && rest.starts_with(word)
                && !rest[word.len()..].chars().next().is_some_and(is_id_continue)
            {
                self.pop();
                self.after_token(b'F', false);
                return start + word.len();
            }
        }
        self.heredoc_text(i)
    }

    /// One step in the text of a heredoc at `i` (not at a closing marker).
    fn heredoc_text(&mut self, i: usize) -> usize {
        match self.byte(i) {
            b'$' | b'%' => self.template_marker(i),
            _ => i + 1,
        }
    }

    /// `${`, `%{`, `$${` or `%%{` (or a plain `$`/`%`) at `i` in a template.
    fn template_marker(&mut self, i: usize) -> usize {
        let rest = self.bytes.get(i..).unwrap_or_default();
        if rest.starts_with(b"$${") || rest.starts_with(b"%%{") {
            return i + 3;
        }
        if rest.starts_with(b"${") {
            self.push_code(Open::Interpolation, i);
            return i + 2;
        }
        if !rest.starts_with(b"%{") {
            return i + 1;
        }
        let mut k = i + 2;
        if self.byte(k) == b'~' {
            k += 1;
        }
        let k = skip_blanks(self.text, k, true);
        let keyword = word_at(self.text, k);
        let opens = matches!(keyword, "if" | "for");
        let closes = matches!(keyword, "endif" | "endfor");
        let mut stray = false;
        if let Some(Frame::Quoted { directives, .. } | Frame::Heredoc { directives, .. }) = self.frames.last_mut() {
            if opens {
                directives.push(i);
            } else if closes {
                stray = directives.pop().is_none();
            }
        }
        if opens {
            self.deeper(i, 1);
        } else if closes && !stray {
            self.depth = self.depth.saturating_sub(1);
        }
        self.push_code(Open::Directive, i);
        i + 2
    }
}

/// `<<EOF` / `<<-EOF` followed by a line break at `i`: the marker and where the body starts.
fn heredoc_intro(text: &str, i: usize) -> Option<(Span, usize)> {
    let mut k = i + 2;
    if text.as_bytes().get(k) == Some(&b'-') {
        k += 1;
    }
    let word = word_at(text, k);
    if !word.chars().next().is_some_and(is_id_start) {
        return None;
    }
    let end = k + word.len();
    let rest = text.get(end..)?;
    let body = if rest.starts_with('\n') {
        end + 1
    } else if rest.starts_with("\r\n") {
        end + 2
    } else {
        return None;
    };
    Some((Span::new(k, end), body))
}

/// HCL identifier characters (close to Unicode XID, plus `-` after the start).
fn is_id_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_id_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// True for bytes that end a name or number (a call or index may follow).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The identifier (or number-like word) starting at `i`, possibly empty.
fn word_at(text: &str, i: usize) -> &str {
    let rest = text.get(i..).unwrap_or("");
    let end = rest.char_indices().find(|&(_, c)| !is_id_continue(c)).map_or(rest.len(), |(at, _)| at);
    &rest[..end]
}

/// The offset of the line break ending the line at `i` (or the end of the text).
fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'\n')).map_or(bytes.len(), |k| i + k)
}

/// Skips spaces and tabs from `i`.
fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// Skips spaces, tabs and `/* */` comments from `i`, and also line breaks and line comments
/// when `lines` is true.
fn skip_blanks(text: &str, mut i: usize, lines: bool) -> usize {
    let bytes = text.as_bytes();
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b' ' | b'\t'), _) => i += 1,
            (Some(b'\r' | b'\n'), _) if lines => i += 1,
            (Some(b'/'), Some(b'*')) => match text.get(i + 2..).and_then(|rest| rest.find("*/")) {
                Some(k) => i += 2 + k + 2,
                None => return i,
            },
            (Some(b'#'), _) if lines => i = line_end(bytes, i),
            (Some(b'/'), Some(b'/')) if lines => i = line_end(bytes, i),
            _ => return i,
        }
    }
}

/// The span of the character at `at` (empty at the end of the text).
fn char_span(text: &str, at: usize) -> Span {
    let at = floor_boundary(text, at);
    let len = text.get(at..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
    Span::new(at, at + len)
}

/// `at` clamped to the text and moved back to a character boundary.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

// ----- syntax errors ------------------------------------------------------------------------

/// The one diagnostic for a failed parse: `hcl-edit`'s message at its position, or
/// [`Code::LimitExceeded`] where `hcl-edit` stopped at one of its own limits.
fn diagnose(text: &str, source: SourceId, error: &hcl_edit::parser::Error) -> Diagnostic {
    let span = char_span(text, error_offset(text, error));
    let message = error.message();
    let label = message.strip_prefix("invalid ").and_then(|rest| rest.split_once("; ")).map(|(label, _)| label);
    match label {
        Some("nesting depth") => Diagnostic::error(Code::LimitExceeded, source, span, "nesting deeper than 64 levels"),
        Some("binary operation") => {
            Diagnostic::error(Code::LimitExceeded, source, span, "more than 128 binary operators in one expression")
        }
        _ => Diagnostic::error(Code::HclSyntax, source, span, message),
    }
}

/// The byte offset of an `hcl-edit` error (its own offset is clamped before the end of the text;
/// line and column are not).
fn error_offset(text: &str, error: &hcl_edit::parser::Error) -> usize {
    let location = error.location();
    let line_start = match location.line() {
        0 | 1 => Some(0),
        n => text.match_indices('\n').nth(n - 2).map(|(i, _)| i + 1),
    };
    let from_column = line_start.map(|start| {
        let rest = text.get(start..).unwrap_or("");
        rest.char_indices().nth(location.column().saturating_sub(1)).map_or(text.len(), |(i, _)| start + i)
    });
    floor_boundary(text, from_column.unwrap_or(location.offset()))
}

mod tests;

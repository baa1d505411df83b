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
//! A syntax error gives an empty body and one [`Code::HclSyntax`] diagnostic. A light pre-scan
//! of the text places errors where `hcl-edit` backtracked, refuses quoted strings written over
//! several lines (which `hcl-edit` accepts) and refuses nesting deeper than 32 levels
//! (`MAX_DEPTH`, with [`Code::LimitExceeded`]): `hcl-edit` needs much stack per level.

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
    let scan = Scanner::run(text, None);
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
            let diagnostic = Reporter { text, source }.multiline(at, eol);
            (Body { items: Vec::new(), span: whole }, vec![diagnostic])
        }
        Ok(body) => {
            let items = Converter { text }.items(&body);
            (Body { items, span: whole }, Vec::new())
        }
        Err(error) => (Body { items: Vec::new(), span: whole }, vec![diagnose(text, source, &error, &scan)]),
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

    /// A noun for messages.
    fn noun(self) -> &'static str {
        match self {
            Open::File => "file",
            Open::Block => "block",
            Open::Object => "object",
            Open::List => "list",
            Open::Index => "index",
            Open::Paren => "parenthesis",
            Open::Call => "function call",
            Open::Interpolation => "interpolation",
            Open::Directive => "template directive",
        }
    }
}

/// One level of the scan.
#[derive(Debug, Clone)]
enum Frame {
    /// Expression or body text: the file, or the inside of a bracket or of `${`/`%{`.
    Code {
        open: Open,
        /// Where the opening bracket stands.
        at: usize,
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
        /// `<<EOF` or `<<-EOF`.
        intro: Span,
        /// The marker's place in the text.
        marker: Span,
        /// The `%{` of open `if`/`for` directives.
        directives: Vec<usize>,
    },
}

/// A lexical or bracket problem found by the scan.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    /// `/*` without `*/`.
    Comment(usize),
    /// A quoted string still open at the end of the text: the quote and the end of its line.
    String(usize, usize),
    /// A heredoc without its closing marker.
    Heredoc { intro: Span, marker: Span },
    /// A bracket still open at the end of the text.
    Unclosed { open: Open, at: usize },
    /// A closing bracket that does not match the innermost open one.
    Mismatched { open: Open, at: usize, close: usize },
    /// A closing bracket with nothing open.
    Unopened(usize),
    /// `%{ if }` or `%{ for }` without its `%{ endif }` / `%{ endfor }`.
    OpenDirective(usize),
    /// `%{ endif }` or `%{ endfor }` without its opening directive.
    StrayDirective(usize),
}

impl Problem {
    /// Where the problem starts: the opening bracket for bracket problems.
    fn anchor(&self, len: usize) -> usize {
        match *self {
            Problem::Unclosed { at, .. } | Problem::Mismatched { at, .. } => at,
            _ => self.position(len),
        }
    }

    /// Where the problem shows (the end of the text for brackets left open).
    fn position(&self, len: usize) -> usize {
        match *self {
            Problem::Comment(at)
            | Problem::String(at, _)
            | Problem::Unopened(at)
            | Problem::OpenDirective(at)
            | Problem::StrayDirective(at) => at,
            Problem::Heredoc { intro, .. } => intro.start,
            Problem::Unclosed { .. } => len,
            Problem::Mismatched { close, .. } => close,
        }
    }
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
    /// The first problem.
    problem: Option<Problem>,
    /// The first quoted string written over several lines: its quote and its first line break.
    multiline: Option<(usize, usize)>,
}

impl<'a> Scanner<'a> {
    /// Scans `text`, up to `stop` if given (then the frames are those open at `stop`).
    fn run(text: &'a str, stop: Option<usize>) -> Self {
        let mut scanner = Scanner {
            text,
            bytes: text.as_bytes(),
            frames: vec![Frame::Code { open: Open::File, at: 0, ops: 0, unary: true, last: b'\n' }],
            depth: 0,
            too_deep: None,
            problem: None,
            multiline: None,
        };
        let end = stop.unwrap_or(text.len()).min(text.len());
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
        if stop.is_none() && scanner.too_deep.is_none() {
            scanner.finish();
        }
        scanner
    }

    fn byte(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn report(&mut self, problem: Problem) {
        if self.problem.is_none() {
            self.problem = Some(problem);
        }
    }

    fn deeper(&mut self, at: usize, levels: usize) {
        self.depth += levels;
        if self.depth > MAX_DEPTH && self.too_deep.is_none() {
            self.too_deep = Some(at);
        }
    }

    /// The innermost open bracket (not a template), if any.
    fn innermost(&self) -> Option<(Open, usize)> {
        self.frames.iter().rev().find_map(|frame| match frame {
            Frame::Code { open, at, .. } if *open != Open::File => Some((*open, *at)),
            _ => None,
        })
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
        self.frames.push(Frame::Code { open, at, ops: 0, unary: true, last: b'(' });
        self.deeper(at, 1);
    }

    /// Pops the top frame, undoing its share of the depth.
    fn pop(&mut self) {
        match self.frames.pop() {
            Some(Frame::Code { ops, .. }) => self.depth = self.depth.saturating_sub(1 + ops),
            Some(Frame::Quoted { directives, .. } | Frame::Heredoc { directives, .. }) => {
                self.depth = self.depth.saturating_sub(directives.len());
                if let Some(&first) = directives.first() {
                    self.report(Problem::OpenDirective(first));
                }
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
                None => {
                    self.report(Problem::Comment(i));
                    self.bytes.len()
                }
            },
            b'"' => {
                self.frames.push(Frame::Quoted { at: i, directives: Vec::new(), newline: None });
                i + 1
            }
            b'<' if next == b'<' => match heredoc_intro(self.text, i) {
                Some((intro, marker, body)) => {
                    self.frames.push(Frame::Heredoc { intro, marker, directives: Vec::new() });
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
                self.close(i, b);
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

    /// A closing bracket `b` at `i`.
    fn close(&mut self, i: usize, b: u8) {
        let top = match self.frames.last() {
            Some(Frame::Code { open, at, .. }) => (*open, *at),
            _ => return,
        };
        if top.0 == Open::File {
            self.report(Problem::Unopened(i));
            return;
        }
        if top.0.closer() != b {
            self.report(Problem::Mismatched { open: top.0, at: top.1, close: i });
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
        } else if stray {
            self.report(Problem::StrayDirective(i));
        }
        self.push_code(Open::Directive, i);
        i + 2
    }

    /// Records what the end of the text leaves open (the innermost thing).
    fn finish(&mut self) {
        let problem = match self.frames.last() {
            Some(Frame::Quoted { directives, .. }) if !directives.is_empty() => Problem::OpenDirective(directives[0]),
            Some(Frame::Quoted { at, newline, .. }) => Problem::String(*at, newline.unwrap_or(self.text.len())),
            Some(Frame::Heredoc { intro, marker, .. }) => Problem::Heredoc { intro: *intro, marker: *marker },
            Some(Frame::Code { open, at, .. }) if *open != Open::File => Problem::Unclosed { open: *open, at: *at },
            _ => return,
        };
        self.report(problem);
    }
}

/// `<<EOF` / `<<-EOF` followed by a line break at `i`: the intro, the marker and where the body
/// starts.
fn heredoc_intro(text: &str, i: usize) -> Option<(Span, Span, usize)> {
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
    Some((Span::new(i, end), Span::new(k, end), body))
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

const VALUE_HELP: &str = "a value is a quoted string, a number, `true`, `false`, `null`, a heredoc (`<<EOF`), a list \
                          `[...]`, an object `{...}` or an expression";

const COMMA_HELP: &str = "HCL2 ends an attribute or block at the end of its line; commas between them are HCL1 \
                          syntax: remove it";

const ONE_LINE_HELP: &str = "a block written on one line holds at most one attribute and no blocks (HCL1 allowed \
                             more): put each attribute and nested block on its own line";

/// `hcl-edit`'s one-line message taken apart: `invalid LABEL; expected A, B or C; CAUSE`.
struct Message<'m> {
    raw: &'m str,
    label: Option<&'m str>,
    expected: Vec<&'m str>,
}

impl<'m> Message<'m> {
    fn parse(raw: &'m str) -> Self {
        let mut rest = raw;
        let mut label = None;
        if let Some(after) = rest.strip_prefix("invalid ")
            && let Some((l, tail)) = after.split_once("; ")
        {
            label = Some(l);
            rest = tail;
        }
        let expected = match rest.strip_prefix("expected ") {
            Some(list) => {
                let list = list.split("; ").next().unwrap_or("");
                list.split(", ").flat_map(|part| part.split(" or ")).filter(|s| !s.is_empty()).collect()
            }
            None => Vec::new(),
        };
        Message { raw, label, expected }
    }

    fn expects(&self, what: &str) -> bool {
        self.expected.contains(&what)
    }

    /// The closing bracket the parser wanted, if that is what it reports.
    fn closer(&self) -> Option<u8> {
        if self.label.is_some() {
            return None;
        }
        [("`]`", b']'), ("`)`", b')'), ("`}`", b'}')].into_iter().find(|(s, _)| self.expects(s)).map(|(_, b)| b)
    }
}

/// Builds the one diagnostic for a failed parse.
fn diagnose(text: &str, source: SourceId, error: &hcl_edit::parser::Error, scan: &Scanner<'_>) -> Diagnostic {
    let reporter = Reporter { text, source };
    let off = error_offset(text, error);
    let message = Message::parse(error.message());
    match message.label {
        Some("nesting depth") => {
            return Diagnostic::error(
                Code::LimitExceeded,
                source,
                char_span(text, off),
                "nesting deeper than 64 levels",
            )
            .with_help(format!("netplay stops reading the {} here", source.name()));
        }
        Some("binary operation") => {
            return Diagnostic::error(
                Code::LimitExceeded,
                source,
                char_span(text, off),
                "more than 128 binary operators in one expression",
            )
            .with_help(format!("netplay stops reading the {} here", source.name()));
        }
        _ => {}
    }
    // Where `hcl-edit` backtracked, its position is the start of the item that failed.
    let weak = message.raw == "unexpected token" || message.label == Some("block body");
    if let Some((at, eol)) = scan.multiline
        && (weak || at <= off)
    {
        return reporter.multiline(at, eol);
    }
    let line = |at: usize| text.as_bytes().get(..at).unwrap_or_default().iter().filter(|&&b| b == b'\n').count();
    if message.label == Some("block body")
        && scan.problem.as_ref().is_none_or(|p| line(p.anchor(text.len())) != line(off))
        && let Some(d) = reporter.one_line_block(off)
    {
        return d;
    }
    if let Some(problem) = &scan.problem {
        // A backtracking failure at `off` comes from the item there, or from the end of the text.
        let relevant = (weak && (problem.anchor(text.len()) >= off || off >= text.len()))
            || (matches!(problem, Problem::Mismatched { .. }) && problem.position(text.len()) == off)
            || message.expects("heredoc end delimiter")
            || match (message.closer(), problem) {
                (Some(_), Problem::Unclosed { at, .. } | Problem::Mismatched { at, .. }) => *at <= off,
                // `f(` at the end: `hcl-edit` stops before the bracket.
                (None, Problem::Unclosed { at, .. } | Problem::Mismatched { at, .. }) => *at == off,
                _ => false,
            };
        if relevant {
            return reporter.problem(problem);
        }
    }
    if weak {
        return reporter.refine(off);
    }
    reporter.translate(&message, off)
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

/// Writes diagnostics about one text.
struct Reporter<'a> {
    text: &'a str,
    source: SourceId,
}

impl Reporter<'_> {
    fn error(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(Code::HclSyntax, self.source, span, message)
    }

    fn slice(&self, from: usize, to: usize) -> &str {
        self.text.get(from..to).unwrap_or("")
    }

    fn line_of(&self, offset: usize) -> usize {
        1 + self.text.as_bytes().get(..offset).unwrap_or_default().iter().filter(|&&b| b == b'\n').count()
    }

    /// The token at `off` in backticks (or `end of line` / `end of input`) and its span.
    fn found(&self, off: usize) -> (String, Span) {
        let rest = self.text.get(off..).unwrap_or("");
        let Some(c) = rest.chars().next() else {
            return ("end of input".to_string(), Span::empty(self.text.len()));
        };
        let len = if c == '\n' || c == '\r' {
            return ("end of line".to_string(), Span::empty(off));
        } else if is_id_start(c) || c.is_ascii_digit() {
            rest.char_indices().find(|&(_, c)| !(is_id_continue(c) || c == '.')).map_or(rest.len(), |(i, _)| i)
        } else if c == '"' {
            quoted_len(rest).unwrap_or(1)
        } else {
            c.len_utf8()
        };
        let span = Span::new(off, off + len);
        let shown = if c == ' ' {
            "a space".to_string()
        } else if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{feff}' {
            format!("U+{:04X}", u32::from(c))
        } else {
            format!("`{}`", short(&rest[..len]))
        };
        (shown, span)
    }

    /// The keys written before `off` on its line (`port "http"`), for messages.
    fn written_before(&self, off: usize) -> String {
        let start = self.text.get(..off).and_then(|s| s.rfind(['\n', '{'])).map_or(0, |i| i + 1);
        short(self.slice(start, off).trim()).to_string()
    }

    fn multiline(&self, at: usize, eol: usize) -> Diagnostic {
        let end = if self.slice(at, eol).ends_with('\r') { eol - 1 } else { eol };
        self.error(Span::new(at, end), "unterminated string").with_help(
            "HCL2 strings end on their line: add the closing `\"`, write `\\n` for a line break or use a heredoc \
             (`<<EOF`)",
        )
    }

    fn problem(&self, problem: &Problem) -> Diagnostic {
        match *problem {
            Problem::Comment(at) => {
                self.error(Span::new(at, at + 2), "unterminated block comment").with_help("close it with `*/`")
            }
            Problem::String(at, eol) => self.multiline(at, eol),
            Problem::Heredoc { intro, marker } => {
                let marker = self.slice(marker.start, marker.end);
                self.error(intro, "unterminated heredoc")
                    .with_help(format!("end the heredoc with a line holding only `{marker}`"))
            }
            Problem::Unclosed { open, at } => {
                let (close, what) = (char::from(open.closer()), open.noun());
                let line = self.line_of(at);
                self.error(
                    Span::empty(self.text.len()),
                    format!("expected `{close}` to close the {what} opened at line {line}"),
                )
                .with_label(Span::new(at, at + 1), format!("{what} opened here"))
                .with_help(format!("add the missing `{close}`"))
            }
            Problem::Mismatched { open, at, close } => {
                let (closer, what) = (char::from(open.closer()), open.noun());
                let line = self.line_of(at);
                let found = self.slice(close, close + 1);
                self.error(
                    Span::new(close, close + 1),
                    format!("expected `{closer}` to close the {what} opened at line {line}, found `{found}`"),
                )
                .with_label(Span::new(at, at + 1), format!("{what} opened here"))
                .with_help("check the brackets: each `{`, `[` and `(` needs its own closing bracket")
            }
            Problem::Unopened(close) => {
                let found = self.slice(close, close + 1);
                self.error(Span::new(close, close + 1), format!("unexpected `{found}`"))
                    .with_help("it closes nothing that is open; remove it or check the brackets before it")
            }
            Problem::OpenDirective(at) => {
                let span = Span::new(at, line_end(self.text.as_bytes(), at).min(self.directive_end(at)));
                self.error(span, format!("`{}` has no matching end", short(self.slice(span.start, span.end))))
                    .with_help("close `%{ if ... }` with `%{ endif }` and `%{ for ... }` with `%{ endfor }`")
            }
            Problem::StrayDirective(at) => {
                let span = Span::new(at, line_end(self.text.as_bytes(), at).min(self.directive_end(at)));
                self.error(span, format!("`{}` ends no directive", short(self.slice(span.start, span.end))))
                    .with_help("`%{ endif }` closes a `%{ if ... }` and `%{ endfor }` a `%{ for ... }` before it")
            }
        }
    }

    /// The end of the `%{ ... }` starting at `at` (just after its `}`), or the end of the text.
    fn directive_end(&self, at: usize) -> usize {
        self.text.get(at..).and_then(|rest| rest.find('}')).map_or(self.text.len(), |k| at + k + 1)
    }

    /// A one-line block (`resources { cpu = 20 memory = 100 }`) holding more than it may.
    fn one_line_block(&self, off: usize) -> Option<Diagnostic> {
        let scan = Scanner::run(self.text, Some(off));
        let (open, at) = scan.innermost()?;
        let first = skip_blanks(self.text, at + 1, false);
        let one_line = open == Open::Block
            && !matches!(self.text.as_bytes().get(first), None | Some(b'\n' | b'\r' | b'#'))
            && !self.slice(first, first + 2).starts_with("//");
        if !one_line || off >= self.text.len() {
            return None;
        }
        let (found, span) = self.found(off);
        let d = self.error(span, format!("expected `}}` to close the one-line block, found {found}"));
        Some(match found.as_str() {
            "`,`" => d.with_help(COMMA_HELP),
            "end of line" => d.with_help(
                "in HCL2 the items of a block start on the line after its `{`, unless the whole block fits on one \
                 line (HCL1 allowed both)",
            ),
            _ => d.with_help(ONE_LINE_HELP),
        })
    }

    /// A better message where `hcl-edit` only says the item at `off` failed.
    fn refine(&self, off: usize) -> Diagnostic {
        let rest = self.text.get(off..).unwrap_or("");
        let Some(c) = rest.chars().next() else {
            return self.error(Span::empty(self.text.len()), "unexpected end of input");
        };
        let (found, span) = self.found(off);
        match c {
            '\u{feff}' => self
                .error(span, "unexpected byte order mark (U+FEFF)")
                .with_help("save the file as UTF-8 without a byte order mark"),
            c if is_id_start(c) => {
                let name = word_at(self.text, off);
                let after = skip_blanks(self.text, off + name.len(), false);
                let bytes = self.text.as_bytes();
                if bytes.get(after) == Some(&b'=') && bytes.get(after + 1) != Some(&b'=') {
                    let value = skip_blanks(self.text, after + 1, false);
                    let rest = self.text.get(value..).unwrap_or("");
                    if rest.is_empty() || rest.starts_with(['\n', '\r', '#']) || rest.starts_with("//") {
                        return self.missing_value(after);
                    }
                    let end = line_end(bytes, value);
                    if let Some(d) = self.value_on_line(value, end) {
                        return d;
                    }
                    let shown = short(self.slice(value, end).trim_end());
                    return self
                        .error(Span::new(value, end), format!("invalid value `{shown}` for `{name}`"))
                        .with_help("check its quotes, brackets and template directives");
                }
                let end = line_end(bytes, off);
                let shown = short(self.slice(off, end).trim_end());
                self.error(Span::new(off, end), format!("cannot read `{shown}`"))
                    .with_help("an item is an attribute `name = value` or a block `name \"label\" { ... }`")
            }
            '"' => {
                let help = match self.slice(span.start + 1, span.end.saturating_sub(1)) {
                    name if !name.is_empty() && !name.contains(['\\', '$', '%', ' ']) => {
                        format!("HCL2 names are not quoted (HCL1 allowed it): write `{name} = ...`")
                    }
                    _ => "HCL2 names are identifiers without quotes (HCL1 allowed quoted ones)".to_string(),
                };
                self.error(span, format!("expected an attribute or block name, found {found}")).with_help(help)
            }
            ',' => self.error(span, "unexpected `,`").with_help(COMMA_HELP),
            '\'' | '@' | '`' | '^' | '~' | ';' | '\\' | '$' => self.unexpected_char(c, span),
            '}' | ']' | ')' => self
                .error(span, format!("unexpected {found}"))
                .with_help("it closes nothing that is open; remove it or check the brackets before it"),
            c if c.is_ascii_punctuation() || c.is_ascii_digit() => self
                .error(span, format!("expected an attribute or block name, found {found}"))
                .with_help("an item is an attribute `name = value` or a block `name \"label\" { ... }`"),
            _ => self.unexpected_char(c, span),
        }
    }

    /// The error of the value written from `start` to `end` (the end of its line), parsed on its
    /// own, if its brackets and quotes close on the line and `hcl-edit` places the error well.
    fn value_on_line(&self, start: usize, end: usize) -> Option<Diagnostic> {
        let line = self.text.get(start..end)?;
        let scan = Scanner::run(line, None);
        if scan.problem.is_some() || scan.multiline.is_some() {
            return None;
        }
        let error = hcl_edit::parser::parse_expr(line).err()?;
        let message = Message::parse(error.message());
        let off = error_offset(line, &error);
        if message.label == Some("nesting depth") || (message.raw == "unexpected token" && off == 0) {
            return None;
        }
        let off = start + off;
        if message.raw == "unexpected token" {
            // The value ended there: something follows it on the line.
            let (found, span) = self.found(off);
            return Some(self.after_item(off, found, span));
        }
        Some(self.translate(&message, off))
    }

    fn unexpected_char(&self, c: char, span: Span) -> Diagnostic {
        match c {
            '\'' => self.error(span, "unexpected character `'`").with_help("HCL strings use double quotes: `\"...\"`"),
            c if c.is_control() || c.is_whitespace() => {
                self.error(span, format!("unexpected character U+{:04X}", u32::from(c)))
            }
            c => self.error(span, format!("unexpected character `{c}`")),
        }
    }

    fn missing_value(&self, eq: usize) -> Diagnostic {
        self.error(Span::new(eq, eq + 1), "missing value after `=`").with_help(VALUE_HELP)
    }

    /// Rewrites `hcl-edit`'s message for the error at `off`.
    fn translate(&self, message: &Message<'_>, off: usize) -> Diagnostic {
        let (found, span) = self.found(off);
        let label = message.label.unwrap_or("");
        if message.raw.contains("redefined attribute") {
            let name = word_at(self.text, off);
            return self
                .error(Span::new(off, off + name.len()), format!("`{name}` is set twice in the same block"))
                .with_help("HCL2 allows each attribute once per block; remove one of them");
        }
        if message.raw.contains("redefined object key") {
            return self
                .error(span, format!("object key {found} appears twice"))
                .with_help("each key of an HCL2 object must be different");
        }
        if label == "structure" {
            let written = self.written_before(off);
            let d = self.error(span, format!("expected `=` or `{{` after `{written}`, found {found}"));
            if found == "`.`" {
                let start = self.text.get(..off).and_then(|s| s.rfind(written.as_str())).unwrap_or(off);
                let rest = self.text.get(start..).unwrap_or("");
                let name = rest.split(|c: char| !(is_id_continue(c) || c == '.')).next().unwrap_or("");
                return d.with_help(format!(
                    "HCL2 names cannot contain `.` (HCL1 allowed it); in an object value, quote the key: \
                     `{{ \"{name}\" = ... }}`"
                ));
            }
            return d.with_help(format!("write `{written} = value` or a block `{written} {{ ... }}`"));
        }
        if label == "attribute" {
            let written = self.written_before(off);
            let help = if found.starts_with("`{") || found.starts_with("`\"") {
                ONE_LINE_HELP.to_string()
            } else {
                format!("write `{written} = value`")
            };
            return self.error(span, format!("expected `=` after `{written}`, found {found}")).with_help(help);
        }
        if label == "expression" {
            let rest = self.text.get(off..).unwrap_or("");
            let nothing = rest.is_empty() || rest.starts_with(['\n', '\r', '#']) || rest.starts_with("//");
            let before = self.text.get(..off).unwrap_or("").trim_end_matches([' ', '\t']);
            let operator: String = before.chars().rev().take_while(|c| "+-*/%<>=!&|:?".contains(*c)).collect();
            let operator: String = operator.chars().rev().collect();
            if nothing && operator == "=" {
                return self.missing_value(before.len() - 1);
            }
            if nothing && !operator.is_empty() {
                let start = before.len() - operator.len();
                return self
                    .error(Span::new(start, before.len()), format!("missing operand after `{operator}`"))
                    .with_help("an operator needs a value on both sides, on the same line");
            }
            let c = self.text.get(off..).and_then(|s| s.chars().next());
            if let Some(c @ ('\'' | '@' | '`' | '^' | '~' | ';' | '\\')) = c {
                return self.unexpected_char(c, span);
            }
            return self.error(span, format!("expected a value, found {found}")).with_help(VALUE_HELP);
        }
        if label == "object item" {
            return self
                .error(span, format!("expected `,`, a line break or `}}` after the object item, found {found}"))
                .with_help("separate the items of an object with commas or line breaks");
        }
        if label == "object value assignment" {
            // `hcl-edit` reports the position after the offending character.
            let off = self.text.get(..off).and_then(|s| s.char_indices().next_back()).map_or(off, |(i, _)| i);
            let (found, span) = self.found(off);
            let written = self.written_before(off);
            let help = if found == "`{`" {
                format!(
                    "an object value (`= {{ ... }}`) holds `key = value` pairs, not blocks: write `{written} = {{ ... }}`"
                )
            } else {
                format!("write `{written} = value`")
            };
            return self.error(span, format!("expected `=` or `:` after `{written}`, found {found}")).with_help(help);
        }
        if label == "traversal operator" {
            return self.error(span, format!("expected an attribute name, an index or `*` after `.`, found {found}"));
        }
        if label == "escape sequence" || label.starts_with("unicode") {
            let start = self.text.get(..off).and_then(|s| s.rfind('\\')).filter(|&b| off - b <= 10).unwrap_or(off);
            let end = if label == "escape sequence" {
                off
            } else {
                let digits = self.slice(start + 2, self.text.len()).bytes().take(8).take_while(u8::is_ascii_hexdigit);
                start + 2 + digits.count()
            };
            let escape = self.slice(start, end);
            let shown = match escape.chars().nth(1) {
                Some(c) if c.is_control() || c.is_whitespace() => format!("`\\` before U+{:04X}", u32::from(c)),
                _ => format!("`{escape}`"),
            };
            let help = "HCL2 strings know the escapes `\\n`, `\\r`, `\\t`, `\\\"`, `\\\\`, `\\uNNNN` and `\\UNNNNNNNN`";
            let message = if label == "escape sequence" {
                format!("unknown escape sequence {shown}")
            } else {
                format!("invalid unicode escape {shown}")
            };
            return self.error(Span::new(start, end), message).with_help(help);
        }
        if message.expects("newline") && message.expects("eof") {
            return self.after_item(off, found, span);
        }
        if message.expects("`{`") && message.expected.len() == 1 {
            let written = self.written_before(off);
            return self
                .error(span, format!("expected `{{` after `{written}`, found {found}"))
                .with_help(format!("a name followed by labels starts a block: `{written} {{ ... }}`"));
        }
        if let Some(close) = message.closer() {
            let scan = Scanner::run(self.text, Some(off));
            let open = scan.frames.iter().rev().find_map(|frame| match frame {
                Frame::Code { open, at, .. } if open.closer() == close => Some((*open, *at)),
                _ => None,
            });
            let close = char::from(close);
            return match open {
                Some((open, at)) => {
                    let (what, line) = (open.noun(), self.line_of(at));
                    let help = match open {
                        Open::List => "separate list elements with commas",
                        Open::Call => "separate function arguments with commas",
                        Open::Interpolation => "end the interpolation `${...}` with `}`",
                        _ => "check what stands before it",
                    };
                    self.error(
                        span,
                        format!("expected `{close}` to close the {what} opened at line {line}, found {found}"),
                    )
                    .with_label(Span::new(at, at + 1), format!("{what} opened here"))
                    .with_help(help)
                }
                None => self.error(span, format!("expected `{close}`, found {found}")),
            };
        }
        let simple = [
            (
                "`:`",
                "expected `:`, found",
                "a conditional reads `condition ? a : b` and a `for` expression `[for x in list : value]`",
            ),
            ("`=>`", "expected `=>`, found", "an object `for` expression reads `{for k, v in map : k => v}`"),
            ("`in`", "expected `in`, found", "a `for` expression reads `[for x in list : value]`"),
            ("`endif`", "expected `endif`, found", "close `%{ if ... }` with `%{ endif }`"),
            ("`endfor`", "expected `endfor`, found", "close `%{ for ... }` with `%{ endfor }`"),
            (
                "newline",
                "expected a line break after the heredoc marker, found",
                "the text of a heredoc starts on the line after `<<MARKER`",
            ),
            (
                "heredoc end delimiter",
                "expected the end of the heredoc, found",
                "end the heredoc with a line holding only its marker",
            ),
            ("digit", "expected the digits of the exponent, found", "write an exponent as in `1e3`"),
            ("identifier", "expected a name, found", "names start with a letter or `_`"),
        ];
        for (expected, text, help) in simple {
            if message.expects(expected) && (expected != "newline" || message.expected.len() == 1) {
                return self.error(span, format!("{text} {found}")).with_help(help);
            }
        }
        self.error(span, format!("unexpected {found}")).with_help(format!("the HCL2 parser reports: {}", message.raw))
    }

    /// Something after a complete attribute or block, on the same line.
    fn after_item(&self, off: usize, found: String, span: Span) -> Diagnostic {
        let c = self.text.get(off..).and_then(|s| s.chars().next()).unwrap_or(' ');
        let before = self.text.get(..off).and_then(|s| s.chars().next_back());
        if c == ',' {
            return self.error(span, "unexpected `,`").with_help(COMMA_HELP);
        }
        if c == '}' {
            return self
                .error(span, "unexpected `}`")
                .with_help("it closes nothing that is open; remove it or check the braces before it");
        }
        if c == '.' {
            let (next, _) = self.found(off + 1);
            return self.error(span, format!("expected an attribute name, an index or `*` after `.`, found {next}"));
        }
        let operator: String =
            self.text.get(off..).unwrap_or("").chars().take_while(|c| "+-*/%<>=!&|".contains(*c)).collect();
        let after = skip_blanks(self.text, off + operator.len(), false);
        let line_done = matches!(self.text.as_bytes().get(after), None | Some(b'\n' | b'\r' | b'#'))
            || self.slice(after, after + 2) == "//";
        if !operator.is_empty() && line_done {
            let span = Span::new(off, off + operator.len());
            return self
                .error(span, format!("missing operand after `{operator}`"))
                .with_help("an operator needs a value on both sides, on the same line");
        }
        if is_id_start(c) && before.is_some_and(|b| b.is_ascii_digit()) {
            let start = self.text.get(..off).map_or(off, |s| {
                s.char_indices()
                    .rev()
                    .take_while(|&(_, c)| c.is_ascii_digit() || c == '.')
                    .last()
                    .map_or(off, |(i, _)| i)
            });
            let word = self.slice(start, span.end);
            return self
                .error(Span::new(start, span.end), format!("invalid number `{word}`"))
                .with_help(format!("quote it if it is text: `\"{word}\"`"));
        }
        self.error(span, format!("expected a line break, found {found}"))
            .with_help("in HCL2 an attribute or block ends at the end of its line")
    }
}

/// The length of the quoted string at the start of `text` (up to its closing quote on the same
/// line), if it closes.
fn quoted_len(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            '\n' => return None,
            '"' if !escaped => return Some(i + 1),
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    None
}

/// The first line of `text`, cut to 48 characters, with `...` if anything was left out.
fn short(text: &str) -> std::borrow::Cow<'_, str> {
    let line = text.lines().next().unwrap_or("");
    let cut = line.char_indices().nth(48).map_or(line.len(), |(i, _)| i);
    if cut == text.len() { std::borrow::Cow::Borrowed(text) } else { format!("{}...", &line[..cut]).into() }
}

mod tests;

//! A span-preserving reader for HCL2, the language of Nomad 1.x jobspecs.
//!
//! The text is parsed by the [`hcl_edit`] crate and its syntax tree is turned into the shared
//! tree of [`crate::syntax`], so that the decoders see the same shapes as for HCL1:
//!
//! - A block `port "http" { ... }` becomes an [`Item`] with the keys `port` and `"http"`
//!   (identifier labels such as `block foo {}` are unquoted keys), `assign = false` and an
//!   [`ValueKind::Object`] value whose span (and [`Body`] span) runs from `{` to `}` inclusive.
//!   An attribute `static = 80` becomes an item with one unquoted key and `assign = true`.
//!   Item spans run from the first key to the end of the value; key spans include quotes; the
//!   file body spans the whole text.
//! - Values: `null`, booleans and numbers map to their kinds. A number is
//!   [`Number::Int`] when written without fraction or exponent and it fits an `i64`, otherwise
//!   [`Number::Float`] (as HCL1 does; `1.0` stays a float). `-1` (also `- 1`) is a negative
//!   number, as is unary minus applied to a number literal.
//! - A quoted string without `${...}` or `%{...}` is [`ValueKind::String`] with its escapes
//!   resolved (`$${` and `%%{` become `${` and `%{`). With interpolation or directives it is
//!   [`ValueKind::Template`] holding the raw text between the quotes.
//! - A heredoc without interpolation is a [`ValueKind::String`] of its content, the line break
//!   before the closing marker included; `<<-` strips the smallest indentation of the
//!   lines, as HCL2 does. A heredoc with interpolation or directives is a
//!   [`ValueKind::Template`] of its body as written, except that `<<-` removes the same
//!   indentation from its literal lines (so a template reads like the string it produces;
//!   this matches the HCL1 reader).
//! - `[...]` is a [`ValueKind::List`]; an object `{ k = v, "k2": v }` is a
//!   [`ValueKind::Object`] with one item (`assign = true`) per entry: an identifier key is
//!   unquoted, a string key quoted, and any other key expression (`(var.k)`, `"${x}"`) keeps
//!   its source text as an unquoted key.
//! - Anything else (references, function calls, operators, conditionals, `for` expressions,
//!   splats, parentheses) is [`ValueKind::Expression`] with its exact source text.
//!
//! Every span comes from `hcl-edit`. It records no span for a block's body when the body is
//! written on one line, nor the position of the `{` of a block: the body span is derived by
//! skipping blanks and comments after the last label up to the `{`, and ends where the block
//! ends.
//!
//! A syntax error gives an empty body and one [`Code::HclSyntax`] diagnostic. `hcl-edit`
//! reports the position where its parse gave up, which for errors inside a value is often the
//! start of the item (it backtracks); a light scan of the text for unterminated strings,
//! comments, heredocs and unbalanced brackets finds the real place in those cases, and the
//! library's message is rewritten in netplay's words.
//!
//! Nesting: `hcl-edit` refuses more than 64 levels by itself, but each level costs it a lot of
//! stack (up to about 35 KiB in debug builds). Before parsing, the same scan estimates the
//! nesting (brackets, interpolations, template directives, unary operators and conditionals,
//! always at least what `hcl-edit` counts) and refuses more than 32 levels (`MAX_DEPTH`) with
//! one [`Code::LimitExceeded`] diagnostic. That is below [`crate::limits::MAX_NESTING`], which
//! `hcl-edit` cannot reach. The scan is linear; so is `hcl-edit` on every input tried.

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
#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn at(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    fn clean(text: &str) -> Body {
        let (body, diagnostics) = parse(text, SourceId::Jobspec);
        assert!(diagnostics.is_empty(), "{text:?}: {diagnostics:#?}");
        assert_eq!(body.span, Span::new(0, text.len()));
        body
    }

    /// The one diagnostic of `text` (the body must be empty).
    fn error(text: &str) -> Diagnostic {
        let (body, mut diagnostics) = parse(text, SourceId::Jobspec);
        assert_eq!(diagnostics.len(), 1, "{text:?}: {diagnostics:#?}");
        assert!(body.items.is_empty());
        assert_eq!(body.span, Span::new(0, text.len()));
        let d = diagnostics.remove(0);
        assert_eq!(d.severity, Severity::Error);
        d
    }

    /// The one syntax error of `text`: its message and the text it points at.
    fn syntax(text: &str) -> (String, String) {
        let d = error(text);
        assert_eq!(d.code, Code::HclSyntax, "{d:#?}");
        (d.message.clone(), at(text, d.span).to_string())
    }

    fn value_of(text: &str) -> Value {
        let body = clean(text);
        assert_eq!(body.items.len(), 1, "{body:#?}");
        body.items[0].value.clone()
    }

    fn kind_of(text: &str) -> ValueKind {
        value_of(text).kind
    }

    fn object(item: &Item) -> &Body {
        item.body().expect("an object")
    }

    fn keys(item: &Item) -> Vec<&str> {
        item.keys.iter().map(|k| k.text.as_str()).collect()
    }

    fn names(body: &Body) -> Vec<&str> {
        body.items.iter().map(Item::name).collect()
    }

    fn string(s: &str) -> ValueKind {
        ValueKind::String(s.to_string())
    }

    fn template(s: &str) -> ValueKind {
        ValueKind::Template(s.to_string())
    }

    fn expression(s: &str) -> ValueKind {
        ValueKind::Expression(s.to_string())
    }

    fn int(n: i64) -> ValueKind {
        ValueKind::Number(Number::Int(n))
    }

    fn float(f: f64) -> ValueKind {
        ValueKind::Number(Number::Float(f))
    }

    fn list(value: &Value) -> &[Value] {
        match &value.kind {
            ValueKind::List(values) => values,
            other => panic!("not a list: {other:?}"),
        }
    }

    // ----- structure and spans ------------------------------------------------------------

    #[test]
    fn block_with_string_label() {
        let text = "port \"http\" {\n  static = 80\n}\n";
        let body = clean(text);
        let item = &body.items[0];
        assert_eq!(keys(item), ["port", "http"]);
        assert!(!item.keys[0].quoted && item.keys[1].quoted);
        assert_eq!(at(text, item.keys[0].span), "port");
        assert_eq!(at(text, item.keys[1].span), "\"http\"");
        assert!(!item.assign);
        assert_eq!(at(text, item.span), "port \"http\" {\n  static = 80\n}");
        assert_eq!(at(text, item.value.span), "{\n  static = 80\n}");
        let inner = object(item);
        assert_eq!(inner.span, item.value.span);
        let attribute = &inner.items[0];
        assert_eq!(keys(attribute), ["static"]);
        assert!(attribute.assign && !attribute.keys[0].quoted);
        assert_eq!(attribute.value.kind, int(80));
        assert_eq!(at(text, attribute.span), "static = 80");
        assert_eq!(at(text, attribute.keys[0].span), "static");
        assert_eq!(at(text, attribute.value.span), "80");
    }

    #[test]
    fn blocks_with_ident_labels_one_line_bodies_and_comments() {
        let text = "block foo \"bar\" baz /* c */ { }\nempty {}\none { a = \"x\" }\n";
        let body = clean(text);
        assert_eq!(names(&body), ["block", "empty", "one"]);
        let block = &body.items[0];
        assert_eq!(keys(block), ["block", "foo", "bar", "baz"]);
        assert_eq!(block.keys.iter().map(|k| k.quoted).collect::<Vec<_>>(), [false, false, true, false]);
        assert_eq!(at(text, block.keys[3].span), "baz");
        assert_eq!(at(text, block.value.span), "{ }");
        assert_eq!(at(text, block.span), "block foo \"bar\" baz /* c */ { }");
        assert_eq!(object(block).items, []);
        assert_eq!(at(text, body.items[1].value.span), "{}");
        let one = &body.items[2];
        assert_eq!(at(text, one.value.span), "{ a = \"x\" }");
        assert_eq!(at(text, object(one).items[0].span), "a = \"x\"");
        assert_eq!(object(one).items[0].value.kind, string("x"));
    }

    #[test]
    fn comments_are_ignored() {
        let text = "# hash\n// slashes\n/* block\n spanning */\na = 1 /* inline */ # trailing\nb {\n  # inside\n  c = 2 // end\n}\n";
        let body = clean(text);
        assert_eq!(names(&body), ["a", "b"]);
        assert_eq!(at(text, body.items[0].span), "a = 1");
        assert_eq!(names(object(&body.items[1])), ["c"]);
        assert_eq!(at(text, object(&body.items[1]).items[0].span), "c = 2");
        assert_eq!(clean("").items, []);
        assert_eq!(clean("  \n# only a comment").items, []);
        let text = "\r\na = 1\r\nb {\r\n  c = [\r\n    1,\r\n  ]\r\n}\r\n";
        let body = clean(text);
        assert_eq!(at(text, body.items[1].value.span), "{\r\n  c = [\r\n    1,\r\n  ]\r\n}");
    }

    #[test]
    fn nested_blocks_objects_and_lists() {
        let text = r#"job "web" {
  group "g" {
    task "t" {
      config {
        ports = ["http", "db"]
        labels = [{ a = 1, "b.c": true }, [null]]
        mounts = {
          type = "bind"
          "target" = "/x"
          (var.key) = 3
        }
      }
    }
  }
}
"#;
        let body = clean(text);
        let job = object(&body.items[0]);
        let group = object(&job.items[0]);
        let task = object(&group.items[0]);
        let config = object(&task.items[0]);
        assert_eq!(names(config), ["ports", "labels", "mounts"]);
        let ports = &config.items[0].value;
        assert_eq!(at(text, ports.span), r#"["http", "db"]"#);
        assert_eq!(list(ports).iter().map(|v| v.kind.clone()).collect::<Vec<_>>(), [string("http"), string("db")]);
        assert_eq!(at(text, list(ports)[1].span), "\"db\"");
        let labels = list(&config.items[1].value);
        let ValueKind::Object(first) = &labels[0].kind else { panic!("{labels:?}") };
        assert_eq!(at(text, first.span), r#"{ a = 1, "b.c": true }"#);
        assert_eq!(first.span, labels[0].span);
        assert_eq!(keys(&first.items[0]), ["a"]);
        assert!(first.items[0].assign && !first.items[0].keys[0].quoted);
        assert_eq!(at(text, first.items[0].span), "a = 1");
        assert_eq!(keys(&first.items[1]), ["b.c"]);
        assert!(first.items[1].keys[0].quoted);
        assert_eq!(at(text, first.items[1].keys[0].span), "\"b.c\"");
        assert_eq!(at(text, first.items[1].span), "\"b.c\": true");
        assert_eq!(first.items[1].value.kind, ValueKind::Bool(true));
        assert_eq!(list(&labels[1])[0].kind, ValueKind::Null);
        assert_eq!(at(text, list(&labels[1])[0].span), "null");
        let mounts = &config.items[2];
        assert!(mounts.assign);
        let mounts = object(mounts);
        assert_eq!(names(mounts), ["type", "target", "(var.key)"]);
        assert_eq!(mounts.items.iter().map(|i| i.keys[0].quoted).collect::<Vec<_>>(), [false, true, false]);
        assert_eq!(at(text, mounts.items[2].keys[0].span), "(var.key)");
        assert_eq!(at(text, mounts.items[2].span), "(var.key) = 3");
        assert_eq!(mounts.items[1].value.kind, string("/x"));
    }

    // ----- values -------------------------------------------------------------------------

    #[test]
    fn scalar_values() {
        assert_eq!(kind_of("x = null"), ValueKind::Null);
        assert_eq!(kind_of("x = true"), ValueKind::Bool(true));
        assert_eq!(kind_of("x = false"), ValueKind::Bool(false));
        assert_eq!(kind_of("x = 0"), int(0));
        assert_eq!(kind_of("x = 8080"), int(8080));
        assert_eq!(kind_of("x = 1.5"), float(1.5));
        assert_eq!(kind_of("x = 1.0"), float(1.0));
        assert_eq!(kind_of("x = 1e3"), float(1000.0));
        assert_eq!(kind_of("x = 2.5E-1"), float(0.25));
        assert_eq!(kind_of(r#"x = "a\"b\\c\n\t\u00e9\U0001F600""#), string("a\"b\\c\n\té😀"));
        assert_eq!(kind_of(r#"x = """#), string(""));
        // Escaped template markers are plain text.
        assert_eq!(kind_of(r#"x = "$${a} %%{b}""#), string("${a} %{b}"));
        let text = "x = \"é\" # ü";
        assert_eq!(at(text, value_of(text).span), "\"é\"");
    }

    #[test]
    fn negative_and_big_numbers() {
        assert_eq!(kind_of("x = -1"), int(-1));
        assert_eq!(kind_of("x = - 12"), int(-12));
        assert_eq!(kind_of("x = -1.5"), float(-1.5));
        assert_eq!(kind_of("x = -0"), int(0));
        assert_eq!(kind_of("x = --1"), int(1));
        assert_eq!(kind_of("x = 9223372036854775807"), int(i64::MAX));
        assert_eq!(kind_of("x = -9223372036854775808"), int(i64::MIN));
        assert_eq!(kind_of("x = 9223372036854775808"), float(9_223_372_036_854_775_808.0));
        assert_eq!(kind_of("x = 18446744073709551616"), float(18_446_744_073_709_551_616.0));
        assert_eq!(kind_of("x = 99999999999999999999"), float(1e20));
        assert_eq!(kind_of("x = -99999999999999999999"), float(-1e20));
        let text = "x = - 12";
        assert_eq!(at(text, value_of(text).span), "- 12");
        let text = "x = [-1, 2]";
        assert_eq!(list(&value_of(text))[0].kind, int(-1));
        assert_eq!(at(text, list(&value_of(text))[0].span), "-1");
        // Minus on anything but a number literal stays an expression.
        assert_eq!(kind_of("x = -(1)"), expression("-(1)"));
        assert_eq!(kind_of("x = -a"), expression("-a"));
        assert_eq!(kind_of("x = 1 - 2"), expression("1 - 2"));
    }

    #[test]
    fn templates_keep_their_raw_text() {
        let text = r#"x = "${lookup(var.x, "y")}-\n""#;
        let value = value_of(text);
        assert_eq!(value.kind, template(r#"${lookup(var.x, "y")}-\n"#));
        assert_eq!(at(text, value.span), r#""${lookup(var.x, "y")}-\n""#);
        assert_eq!(kind_of(r#"x = "${NOMAD_PORT_http}""#), template("${NOMAD_PORT_http}"));
        assert_eq!(
            kind_of(r#"x = "%{ if a == "b" }c%{ else }d%{ endif }""#),
            template(r#"%{ if a == "b" }c%{ else }d%{ endif }"#)
        );
        assert_eq!(kind_of(r#"x = "%{ for p in ps }${p},%{ endfor }""#), template("%{ for p in ps }${p},%{ endfor }"));
        assert_eq!(kind_of(r#"x = "$${a}${b}""#), template("$${a}${b}"));
        assert_eq!(kind_of("x = \"${ {a = 1}.a }\""), template("${ {a = 1}.a }"));
    }

    #[test]
    fn heredocs() {
        let text = "data = <<EOF\nhello\n  world\nEOF\nnext = 1\n";
        let body = clean(text);
        let value = &body.items[0].value;
        assert_eq!(value.kind, string("hello\n  world\n"));
        assert_eq!(at(text, value.span), "<<EOF\nhello\n  world\nEOF");
        assert_eq!(at(text, body.items[0].span), "data = <<EOF\nhello\n  world\nEOF");
        assert_eq!(names(&body), ["data", "next"]);

        // Interpolation: the body as written.
        let text = "data = <<EOF\nport ${NOMAD_PORT_http}\n  $${x}\nEOF\n";
        let value = value_of(text);
        assert_eq!(value.kind, template("port ${NOMAD_PORT_http}\n  $${x}\n"));
        assert_eq!(at(text, value.span), "<<EOF\nport ${NOMAD_PORT_http}\n  $${x}\nEOF");

        // `<<-` strips the smallest indentation; the closing marker may be indented.
        let text = "template {\n  data = <<-EOT\n    a\n      b\n\n    c $${d}\n    EOT\n}\n";
        let body = clean(text);
        assert_eq!(object(&body.items[0]).items[0].value.kind, string("a\n  b\n\nc ${d}\n"));
        let text = "data = <<-EOT\n    a ${x}\n      %{ if y }b%{ endif }\n    EOT\n";
        assert_eq!(kind_of(text), template("a ${x}\n  %{ if y }b%{ endif }\n"));
        // An interpolation at the start of a line leaves the indentation alone.
        let text = "data = <<-EOT\n    a\n${x}\n    EOT\n";
        assert_eq!(kind_of(text), template("    a\n${x}\n"));
        // Without `-`, indentation is kept.
        assert_eq!(kind_of("data = <<EOT\n    a\n    EOT\n"), string("    a\n"));
        assert_eq!(kind_of("data = <<EOT\nEOT\n"), string(""));

        // A heredoc as a list element and as a function argument.
        let text = "args = [<<EOF\nx\nEOF\n, \"y\"]";
        let elements = list(&value_of(text)).to_vec();
        assert_eq!(elements[0].kind, string("x\n"));
        assert_eq!(at(text, elements[0].span), "<<EOF\nx\nEOF");
        assert_eq!(elements[1].kind, string("y"));
        assert_eq!(kind_of("x = trimspace(<<EOF\nx\nEOF\n)"), expression("trimspace(<<EOF\nx\nEOF\n)"));
    }

    #[test]
    fn expressions_keep_their_source_text() {
        let cases = [
            "var.image",
            "local.ports[0].static",
            "var.list[*].name",
            "var.map.*.x",
            "upper(\"a\")",
            "format(\"%s-%d\", var.a, 1)",
            "merge(local.a, {\n    b = 1\n  })",
            "a ? b : c",
            "var.n > 1 && !var.off",
            "1 + 2 * 3",
            "!var.off",
            "(1)",
            "[for s in var.list : upper(s) if s != \"\"]",
            "{for k, v in var.map : k => v...}",
            "provider::p::f(1)",
            "NOMAD_PORT_http",
        ];
        for expr in cases {
            let text = format!("x = {expr}\n");
            let value = value_of(&text);
            assert_eq!(value.kind, expression(expr), "{text:?}");
            assert_eq!(at(&text, value.span), expr);
        }
        // Inside lists and objects too.
        let text = "x = [var.a, { b = var.c }]";
        let value = value_of(text);
        assert_eq!(list(&value)[0].kind, expression("var.a"));
        let ValueKind::Object(inner) = &list(&value)[1].kind else { panic!() };
        assert_eq!(inner.items[0].value.kind, expression("var.c"));
        assert_eq!(at(text, inner.items[0].value.span), "var.c");
        // Multi-line expressions inside brackets.
        let text = "count = (\n  var.a +\n  var.b\n)\n";
        assert_eq!(at(text, value_of(text).span), "(\n  var.a +\n  var.b\n)");
    }

    #[test]
    fn hcl2_block_types_and_multibyte_names() {
        let text = "variable \"x\" {\n  type = list(string)\n  default = []\n}\nlocals {\n  é = \"ü\"\n}\njob \"j\" {\n  dynamic \"port\" {\n    for_each = var.ports\n    content {\n      to = port.value\n    }\n  }\n}\n";
        let body = clean(text);
        assert_eq!(names(&body), ["variable", "locals", "job"]);
        let variable = object(&body.items[0]);
        assert_eq!(variable.items[0].value.kind, expression("list(string)"));
        assert_eq!(variable.items[1].value.kind, ValueKind::List(vec![]));
        assert_eq!(at(text, object(&body.items[1]).items[0].span), "é = \"ü\"");
        let dynamic = &object(&body.items[2]).items[0];
        assert_eq!(keys(dynamic), ["dynamic", "port"]);
    }

    // ----- syntax errors ------------------------------------------------------------------

    #[test]
    fn missing_closing_brace() {
        let text = "job \"x\" {\n  group \"g\" {\n    count = 1\n  }\n";
        let d = error(text);
        assert_eq!(d.code, Code::HclSyntax);
        assert_eq!(d.message, "expected `}` to close the block opened at line 1");
        assert_eq!(d.span, Span::empty(text.len()));
        assert_eq!(d.labels.len(), 1);
        assert_eq!(at(text, d.labels[0].span), "{");
        assert_eq!(d.labels[0].span.start, 8);
        assert_eq!(d.help.as_deref(), Some("add the missing `}`"));
        let (message, _) = syntax("x = {\n  a = 1\n");
        assert_eq!(message, "expected `}` to close the object opened at line 1");
        let (message, _) = syntax("x = [1,\n2");
        assert_eq!(message, "expected `]` to close the list opened at line 1");
        assert_eq!(syntax("x = f(1,"), ("expected `)` to close the function call opened at line 1".into(), "".into()));
        assert_eq!(
            syntax("x = [1, 2\n}"),
            ("expected `]` to close the list opened at line 1, found `}`".into(), "}".into())
        );
        assert_eq!(syntax("a = 1\n}"), ("unexpected `}`".into(), "}".into()));
        assert_eq!(syntax("a = 1 }"), ("unexpected `}`".into(), "}".into()));
    }

    #[test]
    fn missing_values() {
        for text in ["a = ", "a =", "a =\n", "a = # comment\n", "b {\n  a = \n}\n", "a =\nb = 2"] {
            let d = error(text);
            assert_eq!(d.message, "missing value after `=`", "{text:?}");
            assert_eq!(at(text, d.span), "=", "{text:?}");
        }
        assert_eq!(syntax("a = ]"), ("expected a value, found `]`".into(), "]".into()));
        assert_eq!(syntax("a = [1,,2]"), ("expected a value, found `,`".into(), ",".into()));
    }

    #[test]
    fn hcl1_only_syntax_is_refused() {
        // Several attributes in a one-line block.
        let text = "resources { cpu=20 memory=100 }";
        let d = error(text);
        assert_eq!(d.message, "expected `}` to close the one-line block, found `memory`");
        assert_eq!(at(text, d.span), "memory");
        assert_eq!(d.help.as_deref(), Some(ONE_LINE_HELP));
        // Commas between attributes.
        let text = "job \"x\" {\n  a = 1,\n  b = 2\n}\n";
        let d = error(text);
        assert_eq!((d.message.as_str(), d.span), ("unexpected `,`", Span::new(17, 18)));
        assert_eq!(d.help.as_deref(), Some(COMMA_HELP));
        assert_eq!(
            syntax("port \"a\" { static = 80, to = 8 }"),
            ("expected `}` to close the one-line block, found `,`".into(), ",".into())
        );
        // A block inside a one-line block, and inside an object value.
        assert_eq!(
            syntax("config { port_map { http = 80 } }"),
            ("expected `=` after `port_map`, found `{`".into(), "{".into())
        );
        assert_eq!(
            syntax("network { port \"http\" {} }"),
            ("expected `=` after `port`, found `\"http\"`".into(), "\"http\"".into())
        );
        let d = error("config = {\n  volume_options {\n    a = 1\n  }\n}\n");
        assert_eq!(d.message, "expected `=` or `:` after `volume_options`, found `{`");
        // Quoted names, `a b = 1`, repeated attributes, bare durations.
        let d = error("job \"x\" {\n  \"a\" = 1\n}");
        assert_eq!(d.message, "expected an attribute or block name, found `\"a\"`");
        assert_eq!(d.help.as_deref(), Some("HCL2 names are not quoted (HCL1 allowed it): write `a = ...`"));
        assert_eq!(syntax("a b = 1"), ("expected `{` after `a b`, found `=`".into(), "=".into()));
        assert_eq!(syntax("a = 1\na = 2"), ("`a` is set twice in the same block".into(), "a".into()));
        assert_eq!(syntax("timeout = 10s"), ("invalid number `10s`".into(), "10s".into()));
        assert_eq!(syntax("port 8080"), ("expected `=` or `{` after `port`, found `8080`".into(), "8080".into()));
        let d = error("labels {\n  com.example.a = \"x\"\n}\n");
        assert_eq!(d.message, "expected `=` or `{` after `com`, found `.`");
        assert_eq!(
            d.help.as_deref(),
            Some(
                "HCL2 names cannot contain `.` (HCL1 allowed it); in an object value, quote the key: \
                 `{ \"com.example.a\" = ... }`"
            )
        );
        let d = error("update { stagger = \"10s\"\n  max_parallel = 1\n}\n");
        assert_eq!(d.message, "expected `}` to close the one-line block, found end of line");
        assert_eq!(d.span, Span::empty(24));
    }

    #[test]
    fn lexical_errors() {
        assert_eq!(syntax("a = \"abc\nb = 1\n"), ("unterminated string".into(), "\"abc".into()));
        assert_eq!(syntax("a = \"abc"), ("unterminated string".into(), "\"abc".into()));
        assert_eq!(syntax("a = \"x\r\nb = \"y\"\r\n"), ("unterminated string".into(), "\"x".into()));
        assert_eq!(syntax("job {\n  x = \"abc\n}\n"), ("unterminated string".into(), "\"abc".into()));
        assert_eq!(syntax("a = 1\n/* open"), ("unterminated block comment".into(), "/*".into()));
        assert_eq!(syntax("a = <<EOF\nx\nEO\n"), ("unterminated heredoc".into(), "<<EOF".into()));
        assert_eq!(syntax("a = \"\\q\""), ("unknown escape sequence `\\q`".into(), "\\q".into()));
        assert_eq!(syntax("a = \"\\u12\""), ("invalid unicode escape `\\u12`".into(), "\\u12".into()));
        assert_eq!(syntax("a = 'x'"), ("unexpected character `'`".into(), "'".into()));
        assert_eq!(syntax("a = 1\n@"), ("unexpected character `@`".into(), "@".into()));
        assert_eq!(syntax("\u{feff}a = 1"), ("unexpected byte order mark (U+FEFF)".into(), "\u{feff}".into()));
        assert_eq!(
            syntax("a = \"${x\""),
            ("expected `}` to close the interpolation opened at line 1, found `\"`".into(), "\"".into())
        );
        assert_eq!(syntax("a = \"%{ if x }y\""), ("`%{ if x }` has no matching end".into(), "%{ if x }".into()));
        assert_eq!(syntax("a = \"%{ endif }\""), ("`%{ endif }` ends no directive".into(), "%{ endif }".into()));
        // With two errors, the first one counts.
        assert_eq!(syntax("a { b = \"x }\nc = 1\n"), ("unterminated string".into(), "\"x }".into()));
        let (message, _) = syntax("r { cpu = 20 memory = 100 }\n/* open");
        assert_eq!(message, "expected `}` to close the one-line block, found `memory`");
        let (message, _) = syntax("job {\n  \"a\" = 1\n");
        assert_eq!(message, "expected an attribute or block name, found `\"a\"`");
        let (message, _) = syntax("job {\n  a = {\n    b = 1\n");
        assert_eq!(message, "expected `}` to close the object opened at line 2");
        let d = error("a = \"x\\\ny\"\n");
        assert_eq!(d.message, "unknown escape sequence `\\` before U+000A");
        // A quoted string over several lines is refused even where `hcl-edit` accepts it.
        assert_eq!(syntax("a = \"x\ny\"\n"), ("unterminated string".into(), "\"x".into()));
    }

    #[test]
    fn expression_errors() {
        assert_eq!(
            syntax("x = [1 2]"),
            ("expected `]` to close the list opened at line 1, found `2`".into(), "2".into())
        );
        assert_eq!(
            syntax("x = f(a b)"),
            ("expected `)` to close the function call opened at line 1, found `b`".into(), "b".into())
        );
        assert_eq!(syntax("x = a ? b"), ("expected `:`, found end of input".into(), "".into()));
        assert_eq!(syntax("x = 1 +\n"), ("missing operand after `+`".into(), "+".into()));
        assert_eq!(
            syntax("x = a.\n"),
            ("expected an attribute name, an index or `*` after `.`, found end of line".into(), ".".into())
        );
        assert_eq!(
            syntax("x = {a = 1 b = 2}"),
            ("expected `,`, a line break or `}` after the object item, found `b`".into(), "b".into())
        );
        assert_eq!(syntax("x = {\"k\": 1, \"k\": 2}"), ("object key `\"k\"` appears twice".into(), "\"k\"".into()));
        assert_eq!(syntax("x = 1e"), ("expected the digits of the exponent, found end of input".into(), "".into()));
        assert_eq!(
            syntax("x = <<EOF x\nEOF\n"),
            ("expected a line break after the heredoc marker, found a space".into(), " ".into())
        );
        assert_eq!(syntax("{}"), ("expected an attribute or block name, found `{`".into(), "{".into()));
    }

    // ----- limits -------------------------------------------------------------------------

    #[test]
    fn nesting_limit() {
        let lists = |levels: usize| format!("x = {}{}", "[".repeat(levels), "]".repeat(levels));
        let blocks = |levels: usize| format!("{}{}", "a {\n".repeat(levels), "}\n".repeat(levels));
        clean(&lists(MAX_DEPTH));
        clean(&blocks(MAX_DEPTH));
        let text = lists(MAX_DEPTH + 1);
        let d = error(&text);
        assert_eq!((d.code, d.message.as_str()), (Code::LimitExceeded, "nesting deeper than 32 levels"));
        assert_eq!(d.span, Span::new(4 + MAX_DEPTH, 5 + MAX_DEPTH));
        assert_eq!(error(&blocks(MAX_DEPTH + 1)).code, Code::LimitExceeded);
        // Unary operators and conditionals nest in `hcl-edit` and count too.
        assert_eq!(error(&format!("x = {}a", "!".repeat(MAX_DEPTH + 1))).code, Code::LimitExceeded);
        clean(&format!("x = [{}]", "!a, ".repeat(1000)));
        clean(&format!("x = [{}]", "-1, a - 1, ".repeat(1000)));
        // Far deeper input neither overflows the stack nor reports more than once.
        for open in [
            "[",
            "{",
            "a {\n",
            "x = {a = ",
            "(",
            "x = [",
            "x = (",
            "x = f([",
            "x = \"${",
            "x = - ",
            "x = !",
            "x = a ? b : ",
            "x = a[",
            "x = [for x in ",
            "x = {for x in ",
            "x = \"%{ if a }",
            "x = <<EOF\n${",
            "x = \"%{ for a in b }",
        ] {
            let text = open.repeat(100_000);
            let (body, diagnostics) = parse(&text, SourceId::Jobspec);
            assert_eq!(diagnostics.len(), 1, "{open}");
            assert!(body.items.is_empty());
        }
    }

    #[test]
    fn pathological_inputs_run_in_linear_time() {
        let inputs = [
            "\"${".repeat(50_000),
            "x = <<EOF\n".to_string() + &"EOFX\n".repeat(50_000),
            "a = 1\n".repeat(50_000),
            "/*".repeat(50_000),
            "x = [".to_string() + &"1,".repeat(100_000) + "]",
            "x = ".to_string() + &"a.".repeat(100_000) + "b",
            "x = \"".to_string() + &"\\n".repeat(100_000) + "\"",
            "x = ".to_string() + &"1 + ".repeat(100_000) + "1",
            "a b c d ".repeat(50_000),
            "x = {".to_string() + &"a = 1, ".repeat(50_000) + "}",
        ];
        for text in inputs {
            let start = std::time::Instant::now();
            let _ = parse(&text, SourceId::Jobspec);
            assert!(start.elapsed() < std::time::Duration::from_secs(10), "{:?}", &text[..20]);
        }
    }

    // ----- robustness ---------------------------------------------------------------------

    const JOBSPEC: &str = r#"# A realistic Nomad 1.x jobspec.
variable "image" {
  type    = string
  default = "nginx:1.25"
}

locals {
  ports = ["http", "https"]
}

job "web" {
  datacenters = ["dc1", "dc2"]
  type        = "service"
  priority    = 50

  update {
    max_parallel = 1
    stagger      = "10s"
  }

  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }

  group "frontend" {
    count = var.count > 0 ? var.count : 3

    network {
      mode = "bridge"
      port "http" {
        to = 80
      }
      port "https" { static = 443 }
    }

    task "nginx" {
      driver = "docker"

      config {
        image = var.image
        ports = local.ports
        args  = ["-c", "${NOMAD_TASK_DIR}/nginx.conf", -1, 2.5]
        labels = {
          "com.example/app" = "web"
          tier              = upper("front")
        }
      }

      env {
        A = "é\u00e9\""
      }

      template {
        data        = <<-EOT
          server { listen {{ env "NOMAD_PORT_http" }}; }
          %{ for p in local.ports }${p} %{ endfor }
        EOT
        destination = "local/nginx.conf"
      }

      resources {
        cpu    = 500 /* MHz */
        memory = 256
      }
    }
  }
}
"#;

    /// Parses `text` and checks what must hold for any input: spans inside the text and on
    /// character boundaries, an empty body with exactly one diagnostic on error, messages in
    /// style.
    fn check(text: &str) {
        let (body, diagnostics) = parse(text, SourceId::Jobspec);
        crate::syntax::mutate::assert_spans_inside(text, &crate::syntax::mutate::all_spans(&body, &diagnostics));
        assert!(diagnostics.len() <= 1, "{text:?}: {diagnostics:#?}");
        for d in &diagnostics {
            assert!(body.items.is_empty());
            assert!(matches!(d.code, Code::HclSyntax | Code::LimitExceeded), "{d:?}");
            let first = d.message.chars().next().unwrap_or('.');
            assert!(!first.is_uppercase() && !d.message.ends_with('.') && !d.message.contains('\n'), "{d:?}");
        }
    }

    #[test]
    fn realistic_jobspec_is_clean() {
        let body = clean(JOBSPEC);
        assert_eq!(names(&body), ["variable", "locals", "job"]);
        let job = object(&body.items[2]);
        let group = object(job.last_named("group").expect("group"));
        assert_eq!(group.items[0].value.kind, expression("var.count > 0 ? var.count : 3"));
        let network = object(group.last_named("network").expect("network"));
        assert_eq!(keys(&network.items[2]), ["port", "https"]);
        assert_eq!(object(&network.items[2]).items[0].value.kind, int(443));
        let task = object(group.last_named("task").expect("task"));
        let config = object(task.last_named("config").expect("config"));
        let args = list(&config.items[2].value);
        assert_eq!(args[1].kind, template("${NOMAD_TASK_DIR}/nginx.conf"));
        assert_eq!((args[2].kind.clone(), args[3].kind.clone()), (int(-1), float(2.5)));
        let labels = object(&config.items[3]);
        assert_eq!(names(labels), ["com.example/app", "tier"]);
        let env = object(task.last_named("env").expect("env"));
        assert_eq!(env.items[0].value.kind, string("éé\""));
        let template_block = object(task.last_named("template").expect("template"));
        assert_eq!(
            template_block.items[0].value.kind,
            template("server { listen {{ env \"NOMAD_PORT_http\" }}; }\n%{ for p in local.ports }${p} %{ endfor }\n")
        );
    }

    #[test]
    fn every_prefix_and_mutation_terminates_without_panic() {
        let text = JOBSPEC;
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            check(&text[..end]);
            check(&text[end..]);
        }
        // Deterministic pseudo-random edits: insert, delete and replace characters.
        crate::syntax::mutate::for_each_mutation(
            text,
            "{}[]()\"'=,.:?!+-*/#<>\\$%@~ \n\tEOF0x9éa_\u{feff}",
            3000,
            check,
        );
    }

    // ----- real jobspecs ------------------------------------------------------------------

    /// Differences between the HCL1 and the HCL2 tree of one text.
    #[derive(Default)]
    struct Differences {
        /// Item names, keys or counts that differ.
        structure: Vec<String>,
        /// Number, bool or string values (as HCL1 reads them) that differ.
        values: Vec<String>,
        /// Heredocs `<<EOF` whose closing marker is indented: HCL1 keeps the marker's indentation
        /// at the end of the text, HCL2 does not.
        heredoc_indentation: Vec<String>,
        /// Spans that differ.
        spans: Vec<String>,
    }

    fn line_col(text: &str, offset: usize) -> String {
        let index = crate::source::LineIndex::new(text);
        let p = index.position(offset);
        format!("{}:{}", p.line, p.column)
    }

    fn compare_bodies(text: &str, path: &str, one: &Body, two: &Body, out: &mut Differences) {
        if one.span != two.span {
            out.spans.push(format!("{path}: body {:?} vs {:?}", at(text, one.span), at(text, two.span)));
        }
        if one.items.len() != two.items.len() {
            out.structure.push(format!("{path}: {:?} vs {:?}", names(one), names(two)));
            return;
        }
        for (a, b) in one.items.iter().zip(&two.items) {
            let path = format!("{path}/{}", keys(a).join(" "));
            if keys(a) != keys(b) {
                out.structure.push(format!("{path}: keys {:?} vs {:?}", keys(a), keys(b)));
                continue;
            }
            if a.assign != b.assign {
                out.structure.push(format!("{path}: assign {} vs {}", a.assign, b.assign));
            }
            if a.span != b.span || a.keys.iter().zip(&b.keys).any(|(x, y)| x.span != y.span || x.quoted != y.quoted) {
                out.spans.push(format!(
                    "{path} at {}: item {:?} vs {:?}",
                    line_col(text, a.span.start),
                    at(text, a.span),
                    at(text, b.span)
                ));
            }
            compare_values(text, &path, &a.value, &b.value, out);
        }
    }

    fn compare_values(text: &str, path: &str, a: &Value, b: &Value, out: &mut Differences) {
        if a.span != b.span {
            out.spans.push(format!(
                "{path} at {}: value {:?} vs {:?}",
                line_col(text, a.span.start),
                at(text, a.span),
                at(text, b.span)
            ));
        }
        match (&a.kind, &b.kind) {
            (ValueKind::Object(x), ValueKind::Object(y)) => compare_bodies(text, path, x, y, out),
            (ValueKind::List(x), ValueKind::List(y)) if x.len() == y.len() => {
                for (i, (x, y)) in x.iter().zip(y).enumerate() {
                    compare_values(text, &format!("{path}[{i}]"), x, y, out);
                }
            }
            (ValueKind::List(x), ValueKind::List(y)) => {
                out.structure.push(format!("{path}: {} vs {} list elements", x.len(), y.len()));
            }
            (ValueKind::String(x), ValueKind::String(y))
                if at(text, a.span).starts_with("<<")
                    && x.strip_prefix(y.as_str())
                        .is_some_and(|rest| !rest.is_empty() && rest.trim_matches([' ', '\t']).is_empty()) =>
            {
                out.heredoc_indentation.push(format!("{path} at {}", line_col(text, a.span.start)));
            }
            (ValueKind::Number(_) | ValueKind::Bool(_) | ValueKind::String(_), _) if a.kind != b.kind => {
                out.values.push(format!("{path} at {}: {:?} vs {:?}", line_col(text, a.span.start), a.kind, b.kind));
            }
            (ValueKind::Object(_) | ValueKind::List(_), _) | (_, ValueKind::Object(_) | ValueKind::List(_)) => {
                out.structure.push(format!("{path}: {} vs {}", a.kind.type_name(), b.kind.type_name()));
            }
            _ => {}
        }
    }

    /// Every real-world jobspec of the shared corpus (skipped when it is absent): the files not
    /// marked HCL1-only parse cleanly; where both readers parse a file cleanly, the trees agree.
    #[test]
    fn real_world_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real-world");
        let Ok(index) = std::fs::read_to_string(dir.join("INDEX.tsv")) else {
            eprintln!("skipped: no corpus at {}", dir.display());
            return;
        };
        let (mut files, mut rejected, mut accepted, mut compared) = (0, Vec::new(), Vec::new(), 0);
        let mut differences = Differences::default();
        for line in index.lines().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            let (Some(file), Some(hcl1_only)) = (columns.first(), columns.get(7)) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
                continue;
            };
            files += 1;
            check(&text);
            let (body, diagnostics) = parse(&text, SourceId::Jobspec);
            match (*hcl1_only, diagnostics.first()) {
                ("y", Some(d)) => rejected.push(format!("{file}:{}: {}", line_col(&text, d.span.start), d.message)),
                ("y", None) => accepted.push(file.to_string()),
                (_, d) => assert!(d.is_none(), "{file}: {diagnostics:#?}"),
            }
            let (hcl1, hcl1_diagnostics) = crate::syntax::hcl1::parse(&text, SourceId::Jobspec);
            if diagnostics.is_empty() && hcl1_diagnostics.is_empty() {
                compared += 1;
                compare_bodies(&text, file, &hcl1, &body, &mut differences);
            }
        }
        eprintln!("{files} files; HCL1-only files rejected: {}, accepted: {}", rejected.len(), accepted.len());
        rejected.iter().for_each(|r| eprintln!("  rejected {r}"));
        accepted.iter().for_each(|a| eprintln!("  accepted {a}"));
        eprintln!("{compared} files read cleanly by both readers");
        for (what, list) in [
            ("structure", &differences.structure),
            ("value", &differences.values),
            ("span", &differences.spans),
            ("heredoc marker indentation", &differences.heredoc_indentation),
        ] {
            eprintln!("{} {what} differences", list.len());
            list.iter().for_each(|d| eprintln!("  {d}"));
        }
        assert!(differences.structure.is_empty() && differences.values.is_empty() && differences.spans.is_empty());
    }

    mod fuzz {
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn arbitrary_hcl_like_text(text in "[a-z0-9 {}\\[\\]()\"'=,.:?!+*/#<>\\\\$%~\n\t-]{0,80}") {
                super::check(&text);
            }

            #[test]
            fn arbitrary_unicode(text in any::<String>()) {
                super::check(&text);
            }
        }
    }
}

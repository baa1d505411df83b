//! The HCL2 mode of the reader: a recursive-descent parser that reads the text character by
//! character and builds the shared tree directly. The grammar, and where it follows or departs
//! from `hcl-edit`, is described in [`crate::syntax::reader`].
//!
//! `hcl-edit` peeks two characters to decide whether an operator or a traversal follows a
//! term; [`Parser::two_left`] reproduces that. Every recursive construct (block, bracket,
//! template, unary operator, conditional) goes through [`Parser::enter`], which bounds the
//! recursion by [`MAX_NESTING`]. The first error found, in text order, stops the read and is
//! the only diagnostic.

mod expr;
mod report;
mod template;

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::limits::MAX_NESTING;
use crate::source::{SourceId, Span};
use crate::syntax::{Body, Item, Key, Value, ValueKind};

use self::report::Open;

/// A syntax error, already worded.
type Fail = Box<Diagnostic>;

type Parsed<T> = Result<T, Fail>;

/// Reads `text` as HCL2. On an error returns an empty body and that one diagnostic.
pub(super) fn parse(text: &str, source: SourceId) -> (Body, Vec<Diagnostic>) {
    let whole = Span::new(0, text.len());
    let mut parser = Parser { text, bytes: text.as_bytes(), pos: 0, depth: 0, source };
    let mut items = Vec::new();
    match parser.body(&mut items, None) {
        Ok(()) => (Body { items, span: whole }, Vec::new()),
        Err(diagnostic) => (Body { items: Vec::new(), span: whole }, vec![*diagnostic]),
    }
}

/// The parser state: the text and a position in it.
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The next byte to read (always on a character boundary).
    pos: usize,
    /// Open levels of nesting (blocks, brackets, templates, unary operators, conditionals).
    depth: usize,
    source: SourceId,
}

/// Identifiers start with a letter or `_`.
fn is_id_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && c.is_alphabetic())
}

/// Identifiers go on with letters, digits, `_` and `-`.
fn is_id_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || (!c.is_ascii() && c.is_alphanumeric())
}

impl<'a> Parser<'a> {
    // ----- reading ----------------------------------------------------------------------------

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|rest| rest.chars().next())
    }

    /// True if the text at the position starts with `s`.
    fn at(&self, s: &str) -> bool {
        self.bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(s.as_bytes()))
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.pos += 1;
        }
        found
    }

    fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// True if at least two characters are left (what `hcl-edit` needs to look for an operator).
    fn two_left(&self) -> bool {
        self.text.get(self.pos..).is_some_and(|rest| rest.chars().nth(1).is_some())
    }

    /// An identifier at the position, consumed.
    fn ident(&mut self) -> Option<Span> {
        let start = self.pos;
        let first = self.char_at(start).filter(|&c| is_id_start(c))?;
        let mut end = start + first.len_utf8();
        while let Some(c) = self.char_at(end).filter(|&c| is_id_continue(c)) {
            end += c.len_utf8();
        }
        self.pos = end;
        Some(Span::new(start, end))
    }

    /// True if an identifier starts at the position.
    fn ident_ahead(&self) -> bool {
        self.char_at(self.pos).is_some_and(is_id_start)
    }

    /// Skips spaces, tabs and `/* */` comments (which may hold line breaks).
    fn sp(&mut self) -> Parsed<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.pos += 1,
                Some(b'/') if self.peek_at(self.pos + 1) == Some(b'*') => self.block_comment()?,
                _ => return Ok(()),
            }
        }
    }

    /// Skips blanks, line breaks and comments of every kind.
    fn ws(&mut self) -> Parsed<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'/') if self.peek_at(self.pos + 1) == Some(b'*') => self.block_comment()?,
                Some(b'#') => self.line_comment()?,
                Some(b'/') if self.peek_at(self.pos + 1) == Some(b'/') => self.line_comment()?,
                _ => return Ok(()),
            }
        }
    }

    /// [`Parser::ws`] where line breaks are blanks, [`Parser::sp`] where they end things.
    fn blank(&mut self, lines: bool) -> Parsed<()> {
        if lines { self.ws() } else { self.sp() }
    }

    fn block_comment(&mut self) -> Parsed<()> {
        let start = self.pos;
        match self.text.get(start + 2..).and_then(|rest| rest.find("*/")) {
            Some(k) => {
                self.pos = start + 2 + k + 2;
                Ok(())
            }
            None => Err(self.error(Span::new(start, start + 2), "unterminated block comment", "close it with `*/`")),
        }
    }

    /// Skips a `#` or `//` comment up to (not including) its line break.
    fn line_comment(&mut self) -> Parsed<()> {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => break,
                b'\r' if self.peek_at(self.pos + 1) == Some(b'\n') => break,
                b'\r' => {
                    let span = Span::new(self.pos, self.pos + 1);
                    return Err(self.error(span, "unexpected character U+000D", "end lines with `\\n` or `\\r\\n`"));
                }
                _ => self.pos += 1,
            }
        }
        Ok(())
    }

    /// True if a `#` or `//` comment starts at the position.
    fn line_comment_ahead(&self) -> bool {
        self.peek() == Some(b'#') || self.at("//")
    }

    /// Consumes a line break (`\n` or `\r\n`).
    fn line_break(&mut self) -> bool {
        if self.at("\r\n") {
            self.pos += 2;
            true
        } else {
            self.eat(b'\n')
        }
    }

    /// Enters one more level of nesting at `open`, refusing to go past [`MAX_NESTING`].
    fn enter(&mut self, open: Span) -> Parsed<()> {
        if self.depth >= MAX_NESTING {
            let message = format!("nesting deeper than {MAX_NESTING} levels");
            let diagnostic = Diagnostic::error(Code::LimitExceeded, self.source, open, message)
                .with_help(format!("netplay stops reading the {} here", self.source.name()));
            return Err(Box::new(diagnostic));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ----- bodies ---------------------------------------------------------------------------

    /// Items up to the end of the text or, inside the block opened at `open`, up to its `}`
    /// (left for the caller).
    fn body(&mut self, items: &mut Vec<Item>, open: Option<Span>) -> Parsed<()> {
        // Attribute names set so far, with where: HCL2 allows each once per body.
        let mut names: BTreeMap<&'a str, Span> = BTreeMap::new();
        loop {
            self.ws()?;
            match self.char_at(self.pos) {
                None => {
                    return match open {
                        Some(open) => Err(self.unclosed(open, Open::Block)),
                        None => Ok(()),
                    };
                }
                Some('}') if open.is_some() => return Ok(()),
                Some(c) if is_id_start(c) => {}
                Some(_) => return Err(self.not_an_item(open)),
            }
            let item = self.item(&mut names)?;
            items.push(item);
            self.sp()?;
            if self.line_comment_ahead() {
                self.line_comment()?;
            }
            if self.peek().is_some() && !self.line_break() {
                return Err(self.after_item(open));
            }
        }
    }

    /// One attribute or block, starting at its name.
    fn item(&mut self, names: &mut BTreeMap<&'a str, Span>) -> Parsed<Item> {
        let Some(name) = self.ident() else {
            return Err(self.not_an_item(None));
        };
        let text = self.slice(name);
        let key = Key { text: text.to_string(), quoted: false, span: name };
        self.sp()?;
        match self.peek() {
            Some(b'=') => {
                if let Some(&first) = names.get(text) {
                    return Err(self.set_twice(name, first));
                }
                names.insert(text, name);
                self.attribute(key)
            }
            Some(b'{') => self.block(vec![key]),
            Some(b'"') => self.labels(vec![key]),
            _ if self.ident_ahead() => self.labels(vec![key]),
            _ => Err(self.after_name(&[key])),
        }
    }

    /// `= value` after the name `key`.
    fn attribute(&mut self, key: Key) -> Parsed<Item> {
        let eq = self.pos;
        self.pos += 1;
        self.sp()?;
        if self.at_end_of_value() {
            return Err(self.missing_value(eq));
        }
        let value = self.expr(false)?;
        let span = Span::new(key.span.start, value.span.end);
        Ok(Item { keys: vec![key], value, assign: true, span })
    }

    /// True where a value was expected but the line (or the block) ends.
    fn at_end_of_value(&self) -> bool {
        matches!(self.peek(), None | Some(b'\n' | b'\r' | b'}')) || self.line_comment_ahead()
    }

    /// Block labels after the name, then the block.
    fn labels(&mut self, mut keys: Vec<Key>) -> Parsed<Item> {
        loop {
            if self.peek() == Some(b'"') {
                let start = self.pos;
                let value = self.quoted()?;
                let ValueKind::String(text) = value.kind else {
                    return Err(self.template_label(value.span));
                };
                keys.push(Key { text, quoted: true, span: Span::new(start, self.pos) });
            } else if let Some(span) = self.ident() {
                keys.push(Key { text: self.slice(span).to_string(), quoted: false, span });
            } else {
                break;
            }
            self.sp()?;
        }
        if self.peek() == Some(b'{') { self.block(keys) } else { Err(self.after_labels(&keys)) }
    }

    /// The body of a block whose `{` is next: on the following lines, or one attribute at most
    /// on the same line.
    fn block(&mut self, keys: Vec<Key>) -> Parsed<Item> {
        let open = Span::new(self.pos, self.pos + 1);
        self.enter(open)?;
        self.pos += 1;
        let mut items = Vec::new();
        let after_brace = self.pos;
        self.sp()?;
        if self.line_comment_ahead() {
            self.line_comment()?;
        }
        if self.line_break() {
            self.body(&mut items, Some(open))?;
        } else {
            self.pos = after_brace;
            self.sp()?;
            if let Some(name) = self.ident() {
                let key = Key { text: self.slice(name).to_string(), quoted: false, span: name };
                self.sp()?;
                if self.peek() != Some(b'=') {
                    return Err(self.one_line_missing_assign(name));
                }
                items.push(self.attribute(key)?);
                self.sp()?;
            }
            if self.peek() != Some(b'}') {
                return Err(self.one_line_end(open));
            }
        }
        self.pos += 1;
        self.leave();
        let span = Span::new(open.start, self.pos);
        let start = keys.first().map_or(open.start, |k| k.span.start);
        let value = Value { kind: ValueKind::Object(Body { items, span }), span };
        Ok(Item { keys, value, assign: false, span: Span::new(start, self.pos) })
    }
}

//! HCL2 expressions: terms, operators, conditionals, collections, `for` expressions, function
//! calls and traversals.
//!
//! `lines` says whether line breaks are blanks where the expression stands (inside brackets)
//! or end it. A term starting with a list, a function call or an object `for` expression turns
//! them into blanks for the rest of its expression, as `hcl-edit` does; `&mut bool` parameters
//! carry that change back to the expression being read.

use std::collections::BTreeSet;

use super::report::Open;
use super::{Parsed, Parser, is_id_continue, is_id_start};
use crate::source::Span;
use crate::syntax::{Body, Item, Key, Number, Value, ValueKind};

/// A numeric literal before it becomes a [`Number`]: an integer keeps its sign and magnitude
/// apart so that `-9223372036854775808` and `18446744073709551615` are exact.
#[derive(Debug, Clone, Copy)]
enum Literal {
    /// Zero or more.
    Positive(u64),
    /// Less than zero.
    Negative(i64),
    /// Finite, with a fraction, an exponent or out of integer range.
    Float(f64),
}

impl Literal {
    /// A float, as an integer when it has no fraction and fits.
    fn from_f64(value: f64) -> Literal {
        if value.fract() == 0.0 && (-9_223_372_036_854_775_808.0..0.0).contains(&value) {
            Literal::Negative(value as i64)
        } else if value.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&value) {
            Literal::Positive(value as u64)
        } else {
            Literal::Float(value)
        }
    }

    fn negate(self) -> Literal {
        match self {
            Literal::Positive(0) => Literal::Positive(0),
            Literal::Positive(n) if n <= i64::MIN.unsigned_abs() => Literal::Negative(0i64.wrapping_sub_unsigned(n)),
            Literal::Positive(n) => Literal::Float(-(n as f64)),
            Literal::Negative(n) => Literal::Positive(n.unsigned_abs()),
            Literal::Float(f) => Literal::Float(-f),
        }
    }

    fn as_f64(self) -> f64 {
        match self {
            Literal::Positive(n) => n as f64,
            Literal::Negative(n) => n as f64,
            Literal::Float(f) => f,
        }
    }

    /// The number of the tree: an integer when `written` has no `.`, `e` or `E` and the value
    /// fits an `i64`.
    fn number(self, written: &str) -> Number {
        let integer = match self {
            _ if written.contains(['.', 'e', 'E']) => None,
            Literal::Positive(n) => i64::try_from(n).ok(),
            Literal::Negative(n) => Some(n),
            Literal::Float(_) => None,
        };
        integer.map_or(Number::Float(self.as_f64()), Number::Int)
    }
}

/// How an object key is told apart from the others of its object.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum KeyId {
    Ident(String),
    String(String),
    Other(String),
}

impl<'a> Parser<'a> {
    /// An expression's value: its exact source text from `start` to the position.
    fn expression(&self, start: usize) -> Value {
        let span = Span::new(start, self.pos);
        Value { kind: ValueKind::Expression(self.slice(span).to_string()), span }
    }

    /// An expression one level deeper than its surroundings.
    fn nested(&mut self, lines: bool) -> Parsed<Value> {
        self.enter(self.char_span(self.pos))?;
        let value = self.expr(lines);
        self.leave();
        value
    }

    /// A whole expression: a term, binary operators and a conditional.
    pub(super) fn expr(&mut self, lines: bool) -> Parsed<Value> {
        let start = self.pos;
        let mut lines = lines;
        let mut value = self.term(&mut lines)?;
        loop {
            let before = self.pos;
            self.blank(lines)?;
            if !self.two_left() {
                self.pos = before;
                return Ok(value);
            }
            if self.peek() == Some(b'?') {
                self.conditional(lines)?;
                return Ok(self.expression(start));
            }
            if !self.operator_ahead() {
                self.pos = before;
                return Ok(value);
            }
            self.binary_operators(lines)?;
            value = self.expression(start);
        }
    }

    /// True if what is ahead starts a binary operator (`/` not starting a comment).
    fn operator_ahead(&self) -> bool {
        match (self.peek(), self.peek_at(self.pos + 1)) {
            (Some(b'/'), Some(b'/' | b'*')) => false,
            (Some(b'='), Some(b'=')) => true,
            (Some(b'!' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|'), Some(_)) => true,
            _ => false,
        }
    }

    /// Operators and their operands, the first operator being next.
    fn binary_operators(&mut self, lines: bool) -> Parsed<()> {
        loop {
            let start = self.pos;
            let len = match (self.peek(), self.peek_at(self.pos + 1)) {
                (Some(b'=' | b'!' | b'<' | b'>'), Some(b'=')) | (Some(b'&'), Some(b'&')) | (Some(b'|'), Some(b'|')) => {
                    2
                }
                (Some(b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%'), _) => 1,
                _ => return Err(self.not_an_operator()),
            };
            self.pos += len;
            self.blank(lines)?;
            if matches!(self.peek(), None | Some(b'\n' | b'\r')) || self.line_comment_ahead() {
                return Err(self.missing_operand(Span::new(start, start + len)));
            }
            let mut operand_lines = lines;
            self.term(&mut operand_lines)?;
            let before = self.pos;
            self.blank(lines)?;
            if !(self.two_left() && self.operator_ahead()) {
                self.pos = before;
                return Ok(());
            }
        }
    }

    /// `? a : b`, the `?` being next.
    fn conditional(&mut self, lines: bool) -> Parsed<()> {
        self.pos += 1;
        self.blank(lines)?;
        self.nested(lines)?;
        self.blank(lines)?;
        if !self.eat(b':') {
            return Err(self.expected(
                "`:`",
                "a conditional reads `condition ? a : b` and a `for` expression `[for x in list : value]`",
            ));
        }
        self.blank(lines)?;
        self.nested(lines)?;
        Ok(())
    }

    /// A term (a literal, collection, call, parenthesis, template, ...) and its traversal.
    fn term(&mut self, lines: &mut bool) -> Parsed<Value> {
        let start = self.pos;
        let value = match self.char_at(start) {
            Some('"') => self.quoted()?,
            Some('[') => {
                *lines = true;
                self.list()?
            }
            Some('{') => self.object(lines)?,
            Some('0'..='9') => {
                let literal = self.number()?;
                let span = Span::new(start, self.pos);
                Value { kind: ValueKind::Number(literal.number(self.slice(span))), span }
            }
            Some('<') => self.heredoc()?,
            Some('-') => self.minus(*lines)?,
            Some('!') => self.unary(*lines)?,
            Some('(') => self.parenthesis()?,
            Some(c) if is_id_start(c) => self.identlike(lines)?,
            _ => return Err(self.expected_value()),
        };
        let before = self.pos;
        self.blank(*lines)?;
        if self.traversal_ahead() {
            self.traversal(*lines)?;
            return Ok(self.expression(start));
        }
        self.pos = before;
        Ok(value)
    }

    /// `.` or `[` ahead, but not `..` (the `...` of a `for` expression or a call).
    fn traversal_ahead(&self) -> bool {
        self.two_left() && matches!(self.peek(), Some(b'.' | b'[')) && !self.at("..")
    }

    /// Attribute accesses, indexes and splats, the first `.` or `[` being next.
    fn traversal(&mut self, lines: bool) -> Parsed<()> {
        loop {
            if self.eat(b'.') {
                let dot = Span::new(self.pos - 1, self.pos);
                self.ws()?;
                match self.peek() {
                    Some(b'*') => self.pos += 1,
                    Some(b'0') => self.pos += 1,
                    Some(b'1'..=b'9') => {
                        let start = self.pos;
                        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                            self.pos += 1;
                        }
                        if self.slice(Span::new(start, self.pos)).parse::<u64>().is_err() {
                            return Err(self.bad_index(Span::new(start, self.pos)));
                        }
                    }
                    _ if self.ident().is_some() => {}
                    _ => return Err(self.after_dot(dot)),
                }
            } else {
                let open = Span::new(self.pos, self.pos + 1);
                self.enter(open)?;
                self.pos += 1;
                self.ws()?;
                if !self.eat(b'*') {
                    self.expr(true)?;
                }
                self.ws()?;
                if !self.eat(b']') {
                    return Err(self.unclosed(open, Open::Index));
                }
                self.leave();
            }
            let before = self.pos;
            self.blank(lines)?;
            // Unlike the first, a further operator needs no second character after it.
            let continues = matches!(self.peek(), Some(b'.' | b'[')) && !self.at("..");
            if !continues {
                self.pos = before;
                return Ok(());
            }
        }
    }

    /// A number literal (digits, fraction, exponent), the first digit being next.
    fn number(&mut self) -> Parsed<Literal> {
        let start = self.pos;
        self.digits();
        let mut float = false;
        if self.peek() == Some(b'.') && self.peek_at(self.pos + 1).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
            self.digits();
            float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.expected("the digits of the exponent", "write an exponent as in `1e3`"));
            }
            self.digits();
            float = true;
        }
        let span = Span::new(start, self.pos);
        let text = self.slice(span);
        if !float && let Ok(n) = text.parse::<u64>() {
            return Ok(Literal::Positive(n));
        }
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(Literal::from_f64(value)),
            _ => Err(self.number_too_large(span)),
        }
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// `-`: a negative number (`-1`, `- 1`) or the unary minus.
    fn minus(&mut self, lines: bool) -> Parsed<Value> {
        let start = self.pos;
        self.pos += 1;
        self.sp()?;
        if self.peek().is_some_and(|b| b.is_ascii_digit()) {
            let literal = self.number()?.negate();
            let span = Span::new(start, self.pos);
            return Ok(Value { kind: ValueKind::Number(literal.number(self.slice(span))), span });
        }
        self.pos = start;
        self.unary(lines)
    }

    /// `!` or `-` and its operand (a term). Minus applied to a number literal is a number.
    fn unary(&mut self, lines: bool) -> Parsed<Value> {
        let start = self.pos;
        let minus = self.peek() == Some(b'-');
        self.pos += 1;
        self.sp()?;
        self.enter(Span::new(start, start + 1))?;
        let mut operand_lines = lines;
        let operand = self.term(&mut operand_lines)?;
        self.leave();
        let literal = match operand.kind {
            ValueKind::Number(n) if minus && self.is_number_literal(operand.span) => Some(n),
            _ => None,
        };
        let span = Span::new(start, self.pos);
        let kind = match literal {
            Some(n) => ValueKind::Number(negate(reread(n, self.slice(span)))),
            None => ValueKind::Expression(self.slice(span).to_string()),
        };
        Ok(Value { kind, span })
    }

    /// True if `span` holds a number literal (`1`, `-1`, `- 1`) rather than a unary minus.
    fn is_number_literal(&self, span: Span) -> bool {
        let mut text = self.slice(span);
        if let Some(rest) = text.strip_prefix('-') {
            // Skip what `sp` skips between `-` and the digits: blanks and `/* */` comments.
            text = rest;
            loop {
                let trimmed = text.trim_start_matches([' ', '\t']);
                match trimmed.strip_prefix("/*").and_then(|r| r.find("*/").map(|k| &r[k + 2..])) {
                    Some(after) => text = after,
                    None => {
                        text = trimmed;
                        break;
                    }
                }
            }
        }
        text.starts_with(|c: char| c.is_ascii_digit())
    }

    /// `( expression )`, the `(` being next.
    fn parenthesis(&mut self) -> Parsed<Value> {
        let start = self.pos;
        let open = Span::new(start, start + 1);
        self.enter(open)?;
        self.pos += 1;
        self.ws()?;
        self.expr(true)?;
        self.ws()?;
        if !self.eat(b')') {
            return Err(self.unclosed(open, Open::Paren));
        }
        self.leave();
        Ok(self.expression(start))
    }

    /// A name: `null`, `true`, `false`, a variable, or a function call (`f(...)`, `p::f(...)`).
    fn identlike(&mut self, lines: &mut bool) -> Parsed<Value> {
        let start = self.pos;
        let Some(name) = self.ident() else {
            return Err(self.expected_value());
        };
        let after = self.pos;
        self.blank(*lines)?;
        if !(self.at("::") || self.peek() == Some(b'(')) {
            self.pos = after;
            let kind = match self.slice(name) {
                "null" => ValueKind::Null,
                "true" => ValueKind::Bool(true),
                "false" => ValueKind::Bool(false),
                other => ValueKind::Expression(other.to_string()),
            };
            return Ok(Value { kind, span: name });
        }
        while self.at("::") {
            self.pos += 2;
            self.blank(*lines)?;
            if self.ident().is_none() {
                return Err(self.expected(
                    "a function name after `::`",
                    "a provider function reads `provider::name::function(...)`",
                ));
            }
            self.blank(*lines)?;
        }
        *lines = true;
        if self.peek() != Some(b'(') {
            return Err(self.expected("`(`", "a function call reads `name(arguments)`"));
        }
        self.arguments()?;
        Ok(self.expression(start))
    }

    /// `( arguments )` of a function call, the `(` being next.
    fn arguments(&mut self) -> Parsed<()> {
        let open = Span::new(self.pos, self.pos + 1);
        self.enter(open)?;
        self.pos += 1;
        self.ws()?;
        if !matches!(self.peek(), None | Some(b',' | b'.' | b')')) {
            loop {
                self.expr(true)?;
                self.ws()?;
                if self.peek() != Some(b',') {
                    break;
                }
                let comma = self.pos;
                self.pos += 1;
                self.ws()?;
                if matches!(self.peek(), None | Some(b',' | b'.' | b')')) {
                    self.pos = comma;
                    break;
                }
            }
            if !self.eat(b',') && self.peek() == Some(b'.') {
                if !self.at("...") {
                    return Err(self.expected("`...`", "`...` after the last argument expands a list into arguments"));
                }
                self.pos += 3;
            }
        }
        self.ws()?;
        if !self.eat(b')') {
            return Err(self.unclosed(open, Open::Call));
        }
        self.leave();
        Ok(())
    }

    /// True if a `for` expression starts after the bracket just read.
    fn for_ahead(&mut self) -> bool {
        let before = self.pos;
        let found = self.ws().is_ok()
            && self.at("for")
            && matches!(self.peek_at(self.pos + 3), Some(b' ' | b'\t' | b'#' | b'/' | b'\n'));
        self.pos = before;
        found
    }

    /// `[ ... ]`, the `[` being next: a list or a `for` expression.
    fn list(&mut self) -> Parsed<Value> {
        let start = self.pos;
        let open = Span::new(start, start + 1);
        self.enter(open)?;
        self.pos += 1;
        if self.for_ahead() {
            self.for_intro()?;
            self.ws()?;
            self.expr(true)?;
            self.ws()?;
            self.for_condition()?;
            if !self.eat(b']') {
                return Err(self.unclosed(open, Open::List));
            }
            self.leave();
            return Ok(self.expression(start));
        }
        let mut values = Vec::new();
        loop {
            self.ws()?;
            match self.peek() {
                Some(b']') => break,
                None => return Err(self.unclosed(open, Open::List)),
                _ => {}
            }
            values.push(self.expr(true)?);
            self.ws()?;
            if self.eat(b',') {
                continue;
            }
            if self.peek() != Some(b']') {
                return Err(self.unclosed(open, Open::List));
            }
        }
        self.pos += 1;
        self.leave();
        let span = Span::new(start, self.pos);
        Ok(Value { kind: ValueKind::List(values), span })
    }

    /// `for a, b in collection :` after `[` or `{`.
    fn for_intro(&mut self) -> Parsed<()> {
        self.ws()?;
        self.pos += 3;
        self.ws()?;
        if self.ident().is_none() {
            return Err(
                self.expected("a variable name after `for`", "a `for` expression reads `[for x in list : value]`")
            );
        }
        self.ws()?;
        if self.eat(b',') {
            self.ws()?;
            if self.ident().is_none() {
                return Err(
                    self.expected("a variable name after `,`", "a `for` expression reads `{for k, v in map : k => v}`")
                );
            }
            self.ws()?;
        }
        if !self.at("in") {
            return Err(self.expected("`in`", "a `for` expression reads `[for x in list : value]`"));
        }
        self.pos += 2;
        self.ws()?;
        self.expr(false)?;
        self.ws()?;
        if !self.eat(b':') {
            return Err(self.expected("`:`", "a `for` expression reads `[for x in list : value]`"));
        }
        Ok(())
    }

    /// The optional `if condition` closing a `for` expression (blanks before it are read).
    fn for_condition(&mut self) -> Parsed<()> {
        if self.at("if") {
            self.pos += 2;
            self.ws()?;
            self.expr(true)?;
            self.ws()?;
        }
        Ok(())
    }

    /// `{ ... }`, the `{` being next: an object or an object `for` expression.
    fn object(&mut self, lines: &mut bool) -> Parsed<Value> {
        let start = self.pos;
        let open = Span::new(start, start + 1);
        self.enter(open)?;
        self.pos += 1;
        if self.for_ahead() {
            *lines = true;
            self.for_intro()?;
            self.ws()?;
            self.expr(false)?;
            self.ws()?;
            if !self.at("=>") {
                return Err(self.expected("`=>`", "an object `for` expression reads `{for k, v in map : k => v}`"));
            }
            self.pos += 2;
            self.ws()?;
            self.expr(false)?;
            self.ws()?;
            if self.at("...") {
                self.pos += 3;
                self.ws()?;
            }
            self.for_condition()?;
            if !self.eat(b'}') {
                return Err(self.unclosed(open, Open::Object));
            }
            self.leave();
            return Ok(self.expression(start));
        }
        let mut items = Vec::new();
        let mut seen = BTreeSet::new();
        loop {
            self.ws()?;
            match self.peek() {
                Some(b'}') => break,
                None => return Err(self.unclosed(open, Open::Object)),
                _ => {}
            }
            let key_value = self.expr(false)?;
            let (key, id) = self.object_key(&key_value);
            if !seen.insert(id) {
                return Err(self.key_twice(&items, &key));
            }
            self.sp()?;
            if !(self.eat(b'=') || self.eat(b':')) {
                return Err(self.after_object_key(&key));
            }
            let assign = self.pos - 1;
            self.sp()?;
            if matches!(self.peek(), None | Some(b'\n' | b'\r' | b'}' | b',')) || self.line_comment_ahead() {
                return Err(self.missing_value(assign));
            }
            let value = self.expr(false)?;
            self.sp()?;
            let span = Span::new(key.span.start, value.span.end.max(key.span.end));
            items.push(Item { keys: vec![key], value, assign: true, span });
            match self.peek() {
                Some(b'}') => break,
                Some(b',') => self.pos += 1,
                Some(b'#' | b'/') if self.line_comment_ahead() => {
                    self.line_comment()?;
                    if !self.line_break() {
                        return Err(self.after_object_item(open));
                    }
                }
                _ if self.line_break() => {}
                _ => return Err(self.after_object_item(open)),
            }
        }
        self.pos += 1;
        self.leave();
        let span = Span::new(start, self.pos);
        Ok(Value { kind: ValueKind::Object(Body { items, span }), span })
    }

    /// The key of an object item (an identifier, a quoted string or any other expression, as
    /// its source text) and what tells it from the other keys.
    fn object_key(&self, value: &Value) -> (Key, KeyId) {
        let text = self.slice(value.span);
        let span = value.span;
        match &value.kind {
            ValueKind::Expression(name) if text.starts_with(is_id_start) && text.chars().all(is_id_continue) => {
                (Key { text: name.clone(), quoted: false, span }, KeyId::Ident(name.clone()))
            }
            ValueKind::String(s) if text.starts_with('"') => {
                (Key { text: s.clone(), quoted: true, span }, KeyId::String(s.clone()))
            }
            _ => (Key { text: text.to_string(), quoted: false, span }, KeyId::Other(text.to_string())),
        }
    }

    /// The span of the character at `at` (empty at the end of the text).
    pub(super) fn char_span(&self, at: usize) -> Span {
        Span::new(at, at + self.char_at(at).map_or(0, char::len_utf8))
    }
}

/// A number read again as part of a longer text (a float if that text has `.` or an exponent).
fn reread(n: Number, written: &str) -> Number {
    match n {
        Number::Int(i) if written.contains(['.', 'e', 'E']) => Number::Float(i as f64),
        n => n,
    }
}

fn negate(n: Number) -> Number {
    match n {
        Number::Int(i) => i.checked_neg().map_or(Number::Float(-(i as f64)), Number::Int),
        Number::Float(f) => Number::Float(-f),
    }
}

//! Tokens of HCL1, plus the few HCL2 symbols the parser needs to recognise: netplay's one set of
//! HCL lexical rules.
//!
//! The lexer never fails outright: a malformed string, number, heredoc or comment becomes one
//! [`TokenKind::Error`] token carrying its diagnostic, after which only [`TokenKind::Eof`]
//! follows. Characters HCL1 does not know (`(`, `*`, `?`, ...) still become tokens so that the
//! parser can tell an HCL2 expression from plain garbage.
//!
//! The same scanning functions also drive the lenient stream of [`super::stream`] (for
//! highlighting) through [`Lexer::lenient`] and [`Lexer::next_lenient`]. That mode differs only
//! in these points: comments are returned instead of skipped; lexing goes on after an error;
//! `${...}` and `%{...}` in strings and heredocs follow HCL2 (a quoted string inside them is
//! skipped whole, `$${` and `%%{` are escapes) and are recorded as [`Part`]s, as are bad escapes;
//! a heredoc may end at the end of the text (closed or not); `...` is one operator, also after
//! a word (`args...`). To stay linear in time, an interpolation in a quoted string must close on
//! its line in that mode.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceId, Span};
use crate::syntax::Number;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum TokenKind {
    /// A bare word: letters, digits, `_`, `-` and `.` (`job`, `com.example.x`, `var.image`).
    Ident,
    /// A double-quoted string or a heredoc.
    Text {
        /// The value: escapes resolved outside `${...}` (HCL1's unquoting), heredoc indentation
        /// removed.
        value: String,
        /// True if the text contains `${`.
        template: bool,
        /// True for a heredoc.
        heredoc: bool,
    },
    /// A numeric literal.
    Number(Number),
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `[`
    LBrack,
    /// `]`
    RBrack,
    /// `(` (HCL2 only).
    LParen,
    /// `)` (HCL2 only).
    RParen,
    /// `,`
    Comma,
    /// `=`
    Assign,
    /// `.` not followed by a digit (HCL2 attribute access and splats).
    Dot,
    /// An HCL2 operator: `+ - * / % ! == != < <= > >= && || ? : =>` and the like.
    Op,
    /// A character that starts no token.
    Unknown(char),
    /// A malformed token; the diagnostic says why. Only `Eof` follows it.
    Error(Box<Diagnostic>),
    /// End of input.
    Eof,
}

/// One token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its bytes in the text.
    pub span: Span,
    /// True if a line break (possibly inside a comment) separates it from the previous token.
    pub newline_before: bool,
}

/// What a [`Part`] of a string or heredoc is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PartKind {
    /// A `${...}` or `%{...}`, braces included.
    Interpolation,
    /// A malformed escape sequence.
    BadEscape,
}

/// A piece of the last string or heredoc that is not plain text (lenient mode only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Part {
    /// What it is.
    pub kind: PartKind,
    /// Its bytes in the text.
    pub span: Span,
}

/// One step of the lenient mode ([`Lexer::next_lenient`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
    /// A comment (an unclosed `/*` runs to the end of the text).
    Comment(Span),
    /// A token; for a string or heredoc, [`Lexer::parts`] holds its interpolations and bad
    /// escapes.
    Token(TokenKind, Span),
    /// Bytes that make no valid token (an unterminated string up to the end of its line, a bad
    /// number, a bad heredoc introduction); lexing goes on after them.
    Failed(Span),
    /// The end of the text.
    Eof,
}

/// Turns a text into tokens on demand, in one left-to-right pass.
pub(super) struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    source: SourceId,
    failed: bool,
    /// The highlighting mode (see the module docs).
    lenient: bool,
    /// Interpolations and bad escapes of the last string or heredoc (lenient mode only).
    parts: Vec<Part>,
}

/// A lexing failure: the diagnostic to report.
type Fail = Box<Diagnostic>;

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub fn new(text: &'a str, source: SourceId) -> Self {
        Lexer { text, bytes: text.as_bytes(), pos: 0, source, failed: false, lenient: false, parts: Vec::new() }
    }

    /// A lexer in the lenient mode of the highlighting stream, at the start of `text`.
    pub fn lenient(text: &'a str) -> Self {
        Lexer { lenient: true, ..Lexer::new(text, SourceId::Jobspec) }
    }

    /// The next comment, token or malformed run (lenient mode), skipping blanks. Every step but
    /// `Eof` moves forward, so the steps of a text are at most its length plus one.
    pub fn next_lenient(&mut self) -> Step {
        self.parts.clear();
        while self.byte(self.pos).is_some_and(is_blank) {
            self.pos += 1;
        }
        let start = self.pos;
        match self.comment(start) {
            Some(Ok(end)) => {
                self.pos = end;
                return Step::Comment(Span::new(start, end));
            }
            Some(Err(_)) => {
                self.pos = self.text.len();
                return Step::Comment(Span::new(start, self.pos));
            }
            None => {}
        }
        match self.token() {
            Ok((TokenKind::Eof, _)) => Step::Eof,
            Ok((kind, span)) => Step::Token(kind, span),
            Err(diagnostic) => {
                let next = start + self.char_at(start).map_or(1, char::len_utf8);
                let end = if diagnostic.span.start == start { diagnostic.span.end.max(next) } else { next };
                self.pos = end.min(self.text.len());
                self.parts.clear();
                Step::Failed(Span::new(start, self.pos))
            }
        }
    }

    /// The interpolations and bad escapes of the string or heredoc just returned by
    /// [`Lexer::next_lenient`], in text order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The next token; `Eof` forever once the text (or a malformed token) is reached.
    pub fn next_token(&mut self) -> Token {
        if self.failed {
            return Token { kind: TokenKind::Eof, span: Span::empty(self.text.len()), newline_before: false };
        }
        let mut newline_before = false;
        let result = self.skip_trivia(&mut newline_before).and_then(|()| self.token());
        match result {
            Ok((kind, span)) => Token { kind, span, newline_before },
            Err(diagnostic) => {
                self.failed = true;
                let span = diagnostic.span;
                self.pos = self.text.len();
                Token { kind: TokenKind::Error(diagnostic), span, newline_before }
            }
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|rest| rest.chars().next())
    }

    fn error(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(Code::HclSyntax, self.source, span, message)
    }

    /// Skips blanks and comments, noting line breaks.
    fn skip_trivia(&mut self, newline: &mut bool) -> Result<(), Fail> {
        while let Some(b) = self.byte(self.pos) {
            if is_blank(b) {
                *newline |= b == b'\n';
                self.pos += 1;
                continue;
            }
            match self.comment(self.pos) {
                Some(end) => {
                    let end = end?;
                    // Only a block comment can hold a line break (a line comment stops before it).
                    *newline |= self.bytes.get(self.pos..end).is_some_and(|comment| comment.contains(&b'\n'));
                    self.pos = end;
                }
                None => break,
            }
        }
        Ok(())
    }

    /// If a comment (`#`, `//` or `/* */`) starts at `start`, where it ends: before the line
    /// break for a line comment, after `*/` for a block comment (an error if there is none).
    fn comment(&self, start: usize) -> Option<Result<usize, Fail>> {
        match (self.byte(start)?, self.byte(start + 1)) {
            (b'#', _) | (b'/', Some(b'/')) => Some(Ok(self.line_end(start))),
            (b'/', Some(b'*')) => Some(match find(self.bytes, start + 2, b"*/") {
                Some(close) => Ok(close + 2),
                None => Err(self
                    .error(Span::new(start, start + 2), "unterminated block comment")
                    .with_help("close the comment with `*/`")
                    .into()),
            }),
            _ => None,
        }
    }

    /// Offset of the next `\n` at or after `from` (or the end of the text).
    fn line_end(&self, from: usize) -> usize {
        self.bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(self.bytes.len(), |i| from + i)
    }

    fn token(&mut self) -> Result<(TokenKind, Span), Fail> {
        let start = self.pos;
        let Some(c) = self.char_at(start) else {
            return Ok((TokenKind::Eof, Span::empty(start)));
        };
        let next = self.byte(start + 1);
        let single = |kind| (kind, Span::new(start, start + 1));
        let result = match c {
            '{' => single(TokenKind::LBrace),
            '}' => single(TokenKind::RBrace),
            '[' => single(TokenKind::LBrack),
            ']' => single(TokenKind::RBrack),
            '(' => single(TokenKind::LParen),
            ')' => single(TokenKind::RParen),
            ',' => single(TokenKind::Comma),
            '"' => return self.string(start),
            '<' if next == Some(b'<') => return self.heredoc(start),
            '0'..='9' => return self.number(start),
            '-' if next.is_some_and(|b| b.is_ascii_digit()) => return self.number(start),
            '.' if next.is_some_and(|b| b.is_ascii_digit()) => return self.number(start),
            '.' if self.lenient && self.text[start..].starts_with("...") => {
                (TokenKind::Op, Span::new(start, start + 3))
            }
            '.' => single(TokenKind::Dot),
            '=' => match next {
                Some(b'=' | b'>') => (TokenKind::Op, Span::new(start, start + 2)),
                _ => single(TokenKind::Assign),
            },
            '!' | '<' | '>' => match next {
                Some(b'=') => (TokenKind::Op, Span::new(start, start + 2)),
                _ => single(TokenKind::Op),
            },
            '&' | '|' if next == Some(c as u8) => (TokenKind::Op, Span::new(start, start + 2)),
            '+' | '-' | '*' | '/' | '%' | '?' | ':' => single(TokenKind::Op),
            c if is_letter(c) => {
                let mut end = start + c.len_utf8();
                while let Some(c) = self.char_at(end).filter(|&c| is_ident_char(c)) {
                    // HCL2's `args...` is a word and an ellipsis.
                    if self.lenient && self.text[end..].starts_with("...") {
                        break;
                    }
                    end += c.len_utf8();
                }
                (TokenKind::Ident, Span::new(start, end))
            }
            c => (TokenKind::Unknown(c), Span::new(start, start + c.len_utf8())),
        };
        self.pos = result.1.end;
        Ok(result)
    }

    /// A double-quoted string starting at `start`, following HCL1's scanner: inside `${ ... }`
    /// quotes do not end the string, braces nest and line breaks are allowed; escapes are
    /// checked everywhere but resolved only outside `${ ... }`. In lenient mode interpolations
    /// follow HCL2 instead ([`Lexer::interpolation_end`], on the string's line) and bad escapes
    /// are recorded, not fatal.
    fn string(&mut self, start: usize) -> Result<(TokenKind, Span), Fail> {
        let mut i = start + 1;
        let mut braces = 0usize;
        let mut template = false;
        let mut value = String::new();
        let mut plain_from = i;
        loop {
            let Some(b) = self.byte(i) else {
                return Err(self.unterminated_string(start));
            };
            match b {
                b'\n' if braces == 0 => return Err(self.unterminated_string(start)),
                b'"' if braces == 0 => {
                    value.push_str(&self.text[plain_from..i]);
                    self.pos = i + 1;
                    let kind = TokenKind::Text { value, template, heredoc: false };
                    return Ok((kind, Span::new(start, i + 1)));
                }
                b'$' | b'%' if self.lenient && self.byte(i + 1) == Some(b) && self.byte(i + 2) == Some(b'{') => i += 3,
                b'$' | b'%' if self.lenient && self.byte(i + 1) == Some(b'{') => {
                    let Some(end) = self.interpolation_end(i, self.text.len(), false) else {
                        return Err(self.unterminated_string(start));
                    };
                    self.parts.push(Part { kind: PartKind::Interpolation, span: Span::new(i, end) });
                    template = true;
                    i = end;
                }
                b'$' if braces == 0 && self.byte(i + 1) == Some(b'{') => {
                    braces = 1;
                    template = true;
                    i += 2;
                }
                b'\\' if self.lenient => match self.escape(start, i) {
                    Ok((_, len)) => i += len,
                    Err(bad) => {
                        let end = if bad.span.start == i { bad.span.end.max(i + 1) } else { i + 1 };
                        self.parts.push(Part { kind: PartKind::BadEscape, span: Span::new(i, end) });
                        i = end;
                    }
                },
                b'\\' => {
                    let (decoded, len) = self.escape(start, i)?;
                    if braces == 0 {
                        value.push_str(&self.text[plain_from..i]);
                        value.push(decoded);
                        plain_from = i + len;
                    }
                    i += len;
                }
                b'{' if braces > 0 => {
                    braces += 1;
                    i += 1;
                }
                b'}' if braces > 0 => {
                    braces -= 1;
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    /// The end (after the closing `}`) of the `${...}` or `%{...}` opening at `at`, as HCL2 reads
    /// it: braces nest, and a quoted string inside (with interpolations of its own) is skipped
    /// whole. `None` if it does not close before `limit`, if a quoted string inside it meets a
    /// line break, or if it meets one itself and `lines` is false. One pass, no recursion.
    fn interpolation_end(&self, at: usize, limit: usize, lines: bool) -> Option<usize> {
        // What is open, innermost last: `true` for a quoted string, `false` for a brace.
        let mut open = vec![false];
        let mut i = at + 2;
        while i < limit
            && let Some(b) = self.byte(i)
        {
            let next = self.byte(i + 1);
            if *open.last()? {
                match b {
                    b'"' => {
                        open.pop();
                    }
                    b'\n' => return None,
                    b'\\' if next != Some(b'\n') => i += 1,
                    b'$' | b'%' if next == Some(b) && self.byte(i + 2) == Some(b'{') => i += 2,
                    b'$' | b'%' if next == Some(b'{') => {
                        open.push(false);
                        i += 1;
                    }
                    _ => {}
                }
            } else {
                match b {
                    b'{' => open.push(false),
                    b'"' => open.push(true),
                    b'}' => {
                        open.pop();
                        if open.is_empty() {
                            return Some(i + 1);
                        }
                    }
                    b'\n' if !lines => return None,
                    _ => {}
                }
            }
            i += 1;
        }
        None
    }

    /// Records the interpolations of a heredoc body (`from..to`) in lenient mode. An
    /// interpolation that does not close inside the body ends the search: the rest is text.
    fn heredoc_parts(&mut self, from: usize, to: usize) {
        let mut i = from;
        while i + 1 < to
            && let Some(b) = self.byte(i)
        {
            match b {
                b'$' | b'%' if self.byte(i + 1) == Some(b) && self.byte(i + 2) == Some(b'{') => i += 3,
                b'$' | b'%' if self.byte(i + 1) == Some(b'{') => {
                    let Some(end) = self.interpolation_end(i, to, true) else { return };
                    self.parts.push(Part { kind: PartKind::Interpolation, span: Span::new(i, end) });
                    i = end;
                }
                _ => i += 1,
            }
        }
    }

    fn unterminated_string(&self, start: usize) -> Fail {
        let end = self.line_end(start);
        let end = if end > start + 1 && self.byte(end - 1) == Some(b'\r') { end - 1 } else { end };
        self.error(Span::new(start, end), "unterminated string")
            .with_help(
                "add the closing `\"`; outside `${...}` a quoted string must end on its line (use a heredoc such as \
             `<<EOF` for text over several lines)",
            )
            .into()
    }

    /// Checks the escape sequence at `at` (a backslash) and returns the character it stands for
    /// and its length in bytes.
    fn escape(&self, string_start: usize, at: usize) -> Result<(char, usize), Fail> {
        let Some(c) = self.char_at(at + 1) else {
            return Err(self.unterminated_string(string_start));
        };
        let simple = match c {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            _ => None,
        };
        if let Some(decoded) = simple {
            return Ok((decoded, 2));
        }
        let (digits, radix, first) = match c {
            '0'..='7' => (3, 8, at + 1),
            'x' => (2, 16, at + 2),
            'u' => (4, 16, at + 2),
            'U' => (8, 16, at + 2),
            '\n' | '\r' => {
                return Err(self
                    .error(Span::new(at, at + 1), "unknown escape sequence: `\\` at the end of a line")
                    .with_help(ESCAPE_HELP)
                    .into());
            }
            other => {
                let span = Span::new(at, at + 1 + other.len_utf8());
                return Err(self
                    .error(span, format!("unknown escape sequence `{}`", &self.text[span.start..span.end]))
                    .with_help(ESCAPE_HELP)
                    .into());
            }
        };
        let mut code = 0u32;
        let mut end = first;
        while end < first + digits {
            match self.byte(end).and_then(|b| char::from(b).to_digit(radix)) {
                Some(d) => code = code * radix + d,
                None => {
                    let span = Span::new(at, end.max(at + 2));
                    let what = if radix == 8 { "octal" } else { "hexadecimal" };
                    return Err(self
                        .error(
                            span,
                            format!(
                                "invalid escape sequence `{}`: expected {digits} {what} digits",
                                &self.text[span.start..span.end]
                            ),
                        )
                        .with_help(ESCAPE_HELP)
                        .into());
                }
            }
            end += 1;
        }
        let span = Span::new(at, end);
        let decoded = match c {
            'x' => Some(char::from(code as u8)),
            'u' | 'U' if (0xD800..0xE000).contains(&code) => Some(char::REPLACEMENT_CHARACTER),
            'u' | 'U' => char::from_u32(code),
            _ => u8::try_from(code).ok().map(char::from),
        };
        match decoded {
            Some(decoded) => Ok((decoded, end - at)),
            None => Err(self
                .error(span, format!("escape sequence `{}` is out of range", &self.text[span.start..span.end]))
                .with_help(ESCAPE_HELP)
                .into()),
        }
    }

    /// A number starting at `start` (a digit, `-` before a digit, or `.` before a digit).
    fn number(&mut self, start: usize) -> Result<(TokenKind, Span), Fail> {
        let negative = self.byte(start) == Some(b'-');
        let digits_start = if negative { start + 1 } else { start };
        let mut i = digits_start;
        let hex = self.byte(i) == Some(b'0') && matches!(self.byte(i + 1), Some(b'x' | b'X'));
        let mut float = false;
        let mut bad_exponent = false;
        if hex {
            i += 2;
            while self.byte(i).is_some_and(|b| b.is_ascii_hexdigit()) {
                i += 1;
            }
        } else {
            while self.byte(i).is_some_and(|b| b.is_ascii_digit()) {
                i += 1;
            }
            if self.byte(i) == Some(b'.') {
                float = true;
                i += 1;
                while self.byte(i).is_some_and(|b| b.is_ascii_digit()) {
                    i += 1;
                }
            }
            if matches!(self.byte(i), Some(b'e' | b'E')) {
                float = true;
                i += 1;
                if matches!(self.byte(i), Some(b'+' | b'-')) {
                    i += 1;
                }
                let exponent_start = i;
                while self.byte(i).is_some_and(|b| b.is_ascii_digit()) {
                    i += 1;
                }
                bad_exponent = i == exponent_start;
            }
        }
        // A number glued to letters (`10s`, `512MB`) is one bad word, not a number and a key.
        let mut end = i;
        if self.char_at(i).is_some_and(is_letter) {
            while let Some(c) = self.char_at(end).filter(|&c| is_ident_char(c)) {
                end += c.len_utf8();
            }
        }
        let span = Span::new(start, end);
        let text = &self.text[start..end];
        if end > i && !bad_exponent {
            return Err(self
                .error(span, format!("invalid number `{text}`"))
                .with_help(format!("durations, sizes and other words are strings in HCL: write `\"{text}\"`"))
                .into());
        }
        let invalid = |what: &str| self.error(span, format!("invalid {what} `{text}`"));
        let value = if hex {
            let digits = &self.text[digits_start + 2..i];
            if digits.is_empty() {
                return Err(invalid("hexadecimal number").with_help("write at least one hex digit after `0x`").into());
            }
            integer(digits, 16, negative)
        } else if float {
            match text.parse::<f64>() {
                Ok(v) if !bad_exponent => Number::Float(v),
                _ => {
                    return Err(invalid("number").with_help("an exponent needs digits, as in `1e3`").into());
                }
            }
        } else if self.byte(digits_start) == Some(b'0') && i - digits_start > 1 {
            let digits = &self.text[digits_start + 1..i];
            if digits.bytes().any(|b| b > b'7') {
                return Err(invalid("octal number")
                    .with_help("HCL1 reads a number with a leading `0` as octal; remove the leading zeros")
                    .into());
            }
            integer(digits, 8, negative)
        } else {
            integer(&self.text[digits_start..i], 10, negative)
        };
        self.pos = end;
        Ok((TokenKind::Number(value), span))
    }

    /// A heredoc starting at `start` (the first `<`), as HCL1 reads it: `<<MARKER` or
    /// `<<-MARKER` ending its line, then lines up to one holding only (blanks and) `MARKER`,
    /// which must itself end with a line break.
    fn heredoc(&mut self, start: usize) -> Result<(TokenKind, Span), Fail> {
        let indented = self.byte(start + 2) == Some(b'-');
        let marker_start = if indented { start + 3 } else { start + 2 };
        let mut i = marker_start;
        while let Some(c) = self.char_at(i).filter(|&c| is_letter(c) || c.is_alphanumeric()) {
            i += c.len_utf8();
        }
        let marker = &self.text[marker_start..i];
        let intro = Span::new(start, i);
        if marker.is_empty() {
            let help = "name the end marker right after `<<`, as in `<<EOF`";
            return Err(self.error(intro, "missing heredoc marker after `<<`").with_help(help).into());
        }
        if self.byte(i) == Some(b'\r') && self.byte(i + 1) == Some(b'\n') {
            i += 1;
        }
        match self.byte(i) {
            Some(b'\n') => {}
            None => {
                return Err(self
                    .error(intro, "unterminated heredoc")
                    .with_help(format!("the text starts on the next line and ends with a line holding `{marker}`"))
                    .into());
            }
            Some(_) => {
                let bad = self.char_at(i).map_or(1, char::len_utf8);
                return Err(self
                    .error(Span::new(start, i + bad), format!("heredoc marker `{marker}` must end its line"))
                    .with_help("the text of a heredoc starts on the line after `<<MARKER`")
                    .into());
            }
        }
        let body_start = i + 1;
        let mut line_start = body_start;
        loop {
            let line_end = self.line_end(line_start);
            let line = &self.text[line_start..line_end];
            let blanks = line.len() - line.trim_start_matches(is_space).len();
            let rest = &line[blanks..];
            let closes = rest.strip_prefix(marker).is_some_and(|tail| tail.bytes().all(|b| b == b'\r'));
            if line_end == self.text.len() && self.lenient && !closes {
                // Unclosed: in lenient mode the rest of the text is the heredoc's body.
                self.heredoc_parts(body_start, line_end);
                self.pos = line_end;
                let kind = TokenKind::Text { value: String::new(), template: false, heredoc: true };
                return Ok((kind, Span::new(start, self.pos)));
            }
            if line_end == self.text.len() && !self.lenient {
                let help = if closes {
                    format!("HCL1 needs a line break after the closing `{marker}`")
                } else {
                    format!("end the heredoc with a line holding only `{marker}`")
                };
                return Err(self.error(intro, "unterminated heredoc").with_help(help).into());
            }
            if closes {
                let marker_at = line_start + blanks;
                if self.lenient {
                    self.heredoc_parts(body_start, marker_at);
                }
                let body = self.text[body_start..marker_at].replace("\r\n", "\n");
                let value = if indented { unindent(&body) } else { body };
                let template = value.contains("${");
                self.pos = marker_at + marker.len();
                let kind = TokenKind::Text { value, template, heredoc: true };
                return Ok((kind, Span::new(start, self.pos)));
            }
            line_start = line_end + 1;
        }
    }
}

const ESCAPE_HELP: &str = "HCL1 knows the escapes `\\n`, `\\t`, `\\r`, `\\\"`, `\\\\`, `\\a`, `\\b`, `\\f`, `\\v`, \
                           `\\NNN` (octal), `\\xNN`, `\\uNNNN` and `\\UNNNNNNNN`; write `\\\\` for a backslash";

/// HCL1's `<<-` rule: the closing marker's indentation is removed from every line, but only if
/// every line starts with it; otherwise the text is kept, minus the blanks before the marker.
/// `body` ends with the blanks that preceded the marker.
fn unindent(body: &str) -> String {
    let (lines, prefix) = match body.rfind('\n') {
        Some(i) => (&body[..i + 1], &body[i + 1..]),
        None => ("", body),
    };
    if lines.split_inclusive('\n').all(|line| line.starts_with(prefix)) {
        let mut out = String::with_capacity(lines.len());
        for line in lines.split_inclusive('\n') {
            out.push_str(line.strip_prefix(prefix).unwrap_or(line));
        }
        out
    } else {
        body.trim_end_matches([' ', '\t']).to_string()
    }
}

/// The value of `digits` (already checked for `radix`): an `i64` if it fits, else the nearest
/// float.
fn integer(digits: &str, radix: u32, negative: bool) -> Number {
    let sign = if negative { "-" } else { "" };
    if let Ok(v) = i64::from_str_radix(&format!("{sign}{digits}"), radix) {
        return Number::Int(v);
    }
    let magnitude = match u128::from_str_radix(digits, radix) {
        Ok(v) if radix != 10 => v as f64,
        _ if radix == 10 => digits.parse::<f64>().unwrap_or(f64::INFINITY),
        _ => digits.chars().filter_map(|c| c.to_digit(radix)).fold(0.0, |v, d| v * f64::from(radix) + f64::from(d)),
    };
    Number::Float(if negative { -magnitude } else { magnitude })
}

/// First offset at or after `from` where `needle` starts.
fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| from + i)
}

/// Letters start identifiers (HCL1: ASCII letters, `_` and Unicode letters).
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && c.is_alphabetic())
}

/// Characters that continue an identifier.
fn is_ident_char(c: char) -> bool {
    is_letter(c) || c.is_ascii_digit() || c == '-' || c == '.' || (!c.is_ascii() && c.is_numeric())
}

/// Bytes between tokens: spaces, tabs and line breaks.
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The blanks HCL1 allows before a heredoc's closing marker (`[[:space:]]`).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(text: &str) -> Vec<Token> {
        let mut lexer = Lexer::new(text, SourceId::Jobspec);
        let mut out = Vec::new();
        for _ in 0..=text.len() + 1 {
            let token = lexer.next_token();
            let end = token.kind == TokenKind::Eof;
            out.push(token);
            if end {
                break;
            }
        }
        out
    }

    fn one(text: &str) -> TokenKind {
        lex(text).remove(0).kind
    }

    fn text_value(text: &str) -> (String, bool) {
        match one(text) {
            TokenKind::Text { value, template, .. } => (value, template),
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    fn error(text: &str) -> Diagnostic {
        for token in lex(text) {
            if let TokenKind::Error(d) = token.kind {
                return *d;
            }
        }
        panic!("no error for {text:?}");
    }

    #[test]
    fn punctuation_idents_and_newlines() {
        let text = "a.b-c_1 = {\n} [ ] ( ) , . == => != <= >= && || ! ? : + * % / < >";
        let tokens = lex(text);
        let texts: Vec<&str> = tokens.iter().map(|t| &text[t.span.start..t.span.end]).collect();
        assert_eq!(
            texts,
            [
                "a.b-c_1", "=", "{", "}", "[", "]", "(", ")", ",", ".", "==", "=>", "!=", "<=", ">=", "&&", "||", "!",
                "?", ":", "+", "*", "%", "/", "<", ">", ""
            ]
        );
        assert_eq!(tokens[0].kind, TokenKind::Ident);
        assert_eq!(tokens[9].kind, TokenKind::Dot);
        assert!(tokens[10..26].iter().all(|t| t.kind == TokenKind::Op));
        assert!(!tokens[2].newline_before);
        assert!(tokens[3].newline_before);
        assert_eq!(one("é1x"), TokenKind::Ident);
        assert_eq!(one("@"), TokenKind::Unknown('@'));
        assert_eq!(one("'a'"), TokenKind::Unknown('\''));
    }

    #[test]
    fn comments_are_skipped_and_count_as_line_breaks() {
        let tokens = lex("a # x\n// y\nb /* c\n d */ c /* e */ d");
        assert_eq!(tokens.len(), 5);
        assert!(tokens[1].newline_before && tokens[2].newline_before && !tokens[3].newline_before);
        let d = error("a /* never closed");
        assert_eq!((d.span, d.message.as_str()), (Span::new(2, 4), "unterminated block comment"));
    }

    #[test]
    fn numbers_follow_hcl1() {
        assert_eq!(one("42"), TokenKind::Number(Number::Int(42)));
        assert_eq!(one("-1"), TokenKind::Number(Number::Int(-1)));
        assert_eq!(one("0x1F"), TokenKind::Number(Number::Int(31)));
        assert_eq!(one("-0X10"), TokenKind::Number(Number::Int(-16)));
        assert_eq!(one("0755"), TokenKind::Number(Number::Int(493)));
        assert_eq!(one("0"), TokenKind::Number(Number::Int(0)));
        assert_eq!(one("1.5"), TokenKind::Number(Number::Float(1.5)));
        assert_eq!(one("1e3"), TokenKind::Number(Number::Float(1000.0)));
        assert_eq!(one("-2.5E-1"), TokenKind::Number(Number::Float(-0.25)));
        assert_eq!(one(".5"), TokenKind::Number(Number::Float(0.5)));
        assert_eq!(one("0159.5"), TokenKind::Number(Number::Float(159.5)));
        assert_eq!(one("9223372036854775807"), TokenKind::Number(Number::Int(i64::MAX)));
        assert_eq!(one("-9223372036854775808"), TokenKind::Number(Number::Int(i64::MIN)));
        assert_eq!(one("9223372036854775808"), TokenKind::Number(Number::Float(9223372036854775808.0)));
        assert_eq!(error("0x").message, "invalid hexadecimal number `0x`");
        assert_eq!(error("089").message, "invalid octal number `089`");
        assert_eq!(error("1e").message, "invalid number `1e`");
        let d = error("timeout = 10s\n");
        assert_eq!((d.span, d.message.as_str()), (Span::new(10, 13), "invalid number `10s`"));
        assert_eq!(d.help.as_deref(), Some("durations, sizes and other words are strings in HCL: write `\"10s\"`"));
    }

    #[test]
    fn strings_resolve_escapes_outside_interpolation() {
        assert_eq!(text_value(r#""a\n\t\r\"\\b""#), ("a\n\t\r\"\\b".into(), false));
        assert_eq!(text_value(r#""\u00e9\U0001F600\x41\101""#), ("é😀AA".into(), false));
        assert_eq!(text_value(r#""\ud800""#), ("\u{FFFD}".into(), false));
        assert_eq!(text_value(r#""é ü""#), ("é ü".into(), false));
        assert_eq!(text_value(r#""%{ if x }""#), ("%{ if x }".into(), false));
        // Inside `${}` quotes and braces nest and escapes stay as written.
        let (value, template) = text_value(r#""x\n${lookup(var.m, "k\n", {a = "}"})}y\t" z"#);
        assert!(template);
        assert_eq!(value, "x\n${lookup(var.m, \"k\\n\", {a = \"}\"})}y\t");
        let (value, template) = text_value("\"${a +\n b}\"");
        assert_eq!((value.as_str(), template), ("${a +\n b}", true));
    }

    #[test]
    fn string_errors() {
        let d = error("x = \"abc\ny = 1");
        assert_eq!((d.span, d.message.as_str()), (Span::new(4, 8), "unterminated string"));
        assert_eq!(error("x = \"abc\r\n").span, Span::new(4, 8));
        assert_eq!(error("\"${ \"a\" ").span, Span::new(0, 8));
        let d = error(r#""a\qb""#);
        assert_eq!((d.span, d.message.as_str()), (Span::new(2, 4), "unknown escape sequence `\\q`"));
        assert_eq!(error(r#""\/""#).message, "unknown escape sequence `\\/`");
        assert_eq!(error("\"\\é\"").span, Span::new(1, 4));
        assert_eq!(error(r#""\u12""#).message, "invalid escape sequence `\\u12`: expected 4 hexadecimal digits");
        assert_eq!(error(r#""\777""#).message, "escape sequence `\\777` is out of range");
        assert_eq!(error(r#""\U00110000""#).message, "escape sequence `\\U00110000` is out of range");
        assert_eq!(error("\"\\").message, "unterminated string");
        assert_eq!(error("\"\\\nx\"").message, "unknown escape sequence: `\\` at the end of a line");
    }

    #[test]
    fn heredocs() {
        let text = "<<EOF\nline 1\n  line 2\nEOF\nnext";
        let tokens = lex(text);
        assert_eq!(
            tokens[0].kind,
            TokenKind::Text { value: "line 1\n  line 2\n".into(), template: false, heredoc: true }
        );
        assert_eq!(&text[tokens[0].span.start..tokens[0].span.end], "<<EOF\nline 1\n  line 2\nEOF");
        assert!(tokens[1].newline_before);
        // `<<-` removes the closing marker's indentation when every line has it.
        assert_eq!(text_value("<<-EOT\n    a\n      b\n    EOT\n").0, "a\n  b\n");
        // ... and otherwise keeps the text (minus the blanks before the marker), as HCL1 does.
        assert_eq!(text_value("<<-EOT\n    a\n\n    b\n    EOT\n").0, "    a\n\n    b\n");
        // `<<` keeps everything up to the marker, including the marker's indentation.
        assert_eq!(text_value("<<EOF\n  a\n  EOF\n").0, "  a\n  ");
        assert_eq!(text_value("<<EOF\r\na\r\nEOF\r\n").0, "a\n");
        assert_eq!(text_value("<<EOF\nEOF\n").0, "");
        assert_eq!(text_value("<<EOF\n${x}\nEOFX\nEOF\n"), ("${x}\nEOFX\n".into(), true));
        let d = error("x = <<EOF\nabc\n");
        assert_eq!((d.span, d.message.as_str()), (Span::new(4, 9), "unterminated heredoc"));
        assert_eq!(error("<<EOF\na\nEOF").help.as_deref(), Some("HCL1 needs a line break after the closing `EOF`"));
        assert_eq!(error("<< EOF\n").message, "missing heredoc marker after `<<`");
        assert_eq!(error("<<EOF x\n").message, "heredoc marker `EOF` must end its line");
        assert_eq!(error("<<EOF").message, "unterminated heredoc");
    }

    #[test]
    fn unindent_rule() {
        assert_eq!(unindent("  a\n  b\n  "), "a\nb\n");
        assert_eq!(unindent("a\n"), "a\n");
        assert_eq!(unindent("\ta\n  b\n  "), "\ta\n  b\n");
        assert_eq!(unindent(""), "");
    }

    #[test]
    fn after_an_error_only_eof() {
        let tokens = lex("\"abc\n x y z");
        assert_eq!(tokens.len(), 2);
        assert!(matches!(tokens[0].kind, TokenKind::Error(_)));
        assert_eq!(tokens[1].kind, TokenKind::Eof);
    }
}

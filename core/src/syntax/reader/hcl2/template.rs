//! HCL2 templates: quoted strings, heredocs, `${...}` interpolations and `%{...}` directives.

use super::report::Open;
use super::{Parsed, Parser, is_id_continue};
use crate::source::Span;
use crate::syntax::{Value, ValueKind};

/// Where a template stands, which decides how it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A quoted string: ends at `"`, knows escapes, must end on its line.
    Quoted,
    /// The text of a heredoc: ends at a line holding its marker (`marker`), opened by `intro`.
    Heredoc { intro: Span, marker: Span },
    /// The body of a `%{ if }` or `%{ for }` directive opened at `open` (`quoted` inside a
    /// quoted string): ends at the `%{` of `else`, `endif` or `endfor`; quotes and backslashes
    /// are plain text.
    Directive { open: Span, quoted: bool },
}

/// One element of a template: literal text (its value, escapes resolved) or an interpolation
/// or directive (`None`), and where it is written.
#[derive(Debug)]
struct Part {
    literal: Option<String>,
    span: Span,
}

impl Parser<'_> {
    /// A quoted string, the `"` being next: a string, or a template if it interpolates.
    pub(super) fn quoted(&mut self) -> Parsed<Value> {
        let start = self.pos;
        self.pos += 1;
        let mut parts = Vec::new();
        self.template(Mode::Quoted, start, &mut parts)?;
        self.pos += 1;
        let span = Span::new(start, self.pos);
        let kind = match literal_text(&parts) {
            Some(text) => ValueKind::String(text),
            None => ValueKind::Template(self.slice(Span::new(start + 1, self.pos - 1)).to_string()),
        };
        Ok(Value { kind, span })
    }

    /// A heredoc, the `<` being next.
    pub(super) fn heredoc(&mut self) -> Parsed<Value> {
        let start = self.pos;
        if !self.at("<<") {
            return Err(self.expected_value());
        }
        self.pos += 2;
        let indented = self.eat(b'-');
        let Some(marker) = self.ident() else {
            return Err(self.missing_marker(Span::new(start, self.pos)));
        };
        let intro = Span::new(start, self.pos);
        if !self.line_break() {
            return Err(self.after_marker(marker));
        }
        let body_start = self.pos;
        let mut parts = Vec::new();
        if !self.closing_marker(marker) {
            self.template(Mode::Heredoc { intro, marker }, start, &mut parts)?;
            // The line break before the closing marker belongs to the text.
            let from = self.pos;
            self.line_break();
            let line_break = Span::new(from, self.pos);
            match parts.last_mut() {
                Some(Part { literal: Some(text), span }) => {
                    text.push_str(self.slice(line_break));
                    span.end = line_break.end;
                }
                _ => parts.push(Part { literal: Some(self.slice(line_break).to_string()), span: line_break }),
            }
        }
        let body = Span::new(body_start, self.pos);
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.pos += marker.end - marker.start;
        let kind = match literal_text(&parts) {
            Some(text) if indented => ValueKind::String(match common_indent(&parts) {
                Some(indent) => dedent(&text, indent),
                None => text,
            }),
            Some(text) => ValueKind::String(text),
            None => match common_indent(&parts).filter(|_| indented) {
                Some(indent) => {
                    let mut out = String::with_capacity(body.end - body.start);
                    let mut continues_line = false;
                    for part in &parts {
                        let raw = self.slice(part.span);
                        if part.literal.is_some() {
                            dedent_raw(&mut out, raw, indent, continues_line);
                            continues_line = !raw.ends_with('\n');
                        } else {
                            out.push_str(raw);
                            continues_line = true;
                        }
                    }
                    ValueKind::Template(out)
                }
                None => ValueKind::Template(self.slice(body).to_string()),
            },
        };
        Ok(Value { kind, span: Span::new(start, self.pos) })
    }

    /// True if the line at the position holds the heredoc's closing `marker`: blanks, the
    /// marker, then no identifier character.
    fn closing_marker(&self, marker: Span) -> bool {
        let rest = self.text.get(self.pos..).unwrap_or("");
        let rest = rest.trim_start_matches([' ', '\t']);
        rest.strip_prefix(self.slice(marker)).is_some_and(|after| !after.starts_with(is_id_continue))
    }

    /// The elements of a template up to its end (see [`Mode`]), left at the position. `start`
    /// is where the string or heredoc starts, for messages.
    fn template(&mut self, mode: Mode, start: usize, parts: &mut Vec<Part>) -> Parsed<()> {
        let mut literal = String::new();
        let mut literal_start = self.pos;
        loop {
            let at = self.pos;
            let Some(b) = self.peek() else {
                return Err(match mode {
                    Mode::Quoted => self.unterminated_string(start),
                    Mode::Heredoc { intro, marker } => self.unterminated_heredoc(intro, marker),
                    Mode::Directive { open, .. } => self.open_directive(open),
                });
            };
            match b {
                b'$' | b'%' if self.peek_at(at + 1) == Some(b) && self.peek_at(at + 2) == Some(b'{') => {
                    // `$${` and `%%{` stand for `${` and `%{`.
                    literal.push(char::from(b));
                    literal.push('{');
                    self.pos += 3;
                    continue;
                }
                b'$' | b'%' if self.peek_at(at + 1) == Some(b'{') => {
                    let keyword = if b == b'%' { self.directive_keyword() } else { "" };
                    let opens = b == b'$' || keyword.starts_with("if") || keyword.starts_with("for");
                    if !opens {
                        if let Mode::Directive { .. } = mode {
                            break;
                        }
                        return Err(self.stray_directive(at, keyword));
                    }
                    if at > literal_start {
                        parts.push(Part {
                            literal: Some(std::mem::take(&mut literal)),
                            span: Span::new(literal_start, at),
                        });
                    }
                    let quoted = matches!(mode, Mode::Quoted | Mode::Directive { quoted: true, .. });
                    if b == b'$' {
                        self.interpolation()?
                    } else {
                        self.directive(keyword, quoted)?
                    }
                    parts.push(Part { literal: None, span: Span::new(at, self.pos) });
                    literal_start = self.pos;
                    continue;
                }
                _ => {}
            }
            match mode {
                Mode::Quoted => match b {
                    b'"' => break,
                    b'\n' => return Err(self.unterminated_string(start)),
                    b'\\' => {
                        literal.push(self.escape(start)?);
                        continue;
                    }
                    _ => {}
                },
                Mode::Heredoc { marker, .. } if b == b'\n' || (b == b'\r' && self.peek_at(at + 1) == Some(b'\n')) => {
                    let after = at + if b == b'\r' { 2 } else { 1 };
                    self.pos = after;
                    let ends = self.closing_marker(marker);
                    self.pos = at;
                    if ends {
                        break;
                    }
                }
                Mode::Directive { open, quoted: true } if b == b'\n' => return Err(self.open_directive(open)),
                _ => {}
            }
            let c = self.char_at(at).unwrap_or('\u{fffd}');
            literal.push(c);
            self.pos += c.len_utf8();
        }
        if self.pos > literal_start {
            parts.push(Part { literal: Some(literal), span: Span::new(literal_start, self.pos) });
        }
        Ok(())
    }

    /// The word after `%{` (and `~` and blanks) at the position, for telling directives apart.
    fn directive_keyword(&mut self) -> &'static str {
        let before = self.pos;
        self.pos += 2;
        self.eat(b'~');
        let ok = self.ws().is_ok();
        let keyword =
            ["if", "for", "else", "endif", "endfor"].into_iter().rev().find(|k| ok && self.at(k)).unwrap_or("");
        self.pos = before;
        keyword
    }

    /// An escape sequence in a quoted string, the `\` being next; returns the character.
    fn escape(&mut self, start: usize) -> Parsed<char> {
        let at = self.pos;
        let Some(c) = self.char_at(at + 1) else {
            return Err(self.unterminated_string(start));
        };
        let simple = match c {
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            _ => None,
        };
        if let Some(decoded) = simple {
            self.pos += 2;
            return Ok(decoded);
        }
        let digits = match c {
            'u' => 4,
            'U' => 8,
            _ => return Err(self.unknown_escape(at, c)),
        };
        let hex = self.bytes[at + 2..].iter().take(digits).take_while(|b| b.is_ascii_hexdigit()).count();
        let span = Span::new(at, at + 2 + hex);
        let decoded = match hex == digits {
            true => u32::from_str_radix(self.slice(Span::new(at + 2, span.end)), 16).ok().and_then(char::from_u32),
            false => None,
        };
        match decoded {
            Some(decoded) => {
                self.pos = span.end;
                Ok(decoded)
            }
            None => Err(self.bad_unicode_escape(span)),
        }
    }

    /// `${ expression }`, the `$` being next.
    fn interpolation(&mut self) -> Parsed<()> {
        let open = Span::new(self.pos, self.pos + 2);
        self.enter(open)?;
        self.pos += 2;
        self.eat(b'~');
        self.ws()?;
        self.expr(true)?;
        self.ws()?;
        self.eat(b'~');
        if !self.eat(b'}') {
            return Err(self.unclosed(open, Open::Interpolation));
        }
        self.leave();
        Ok(())
    }

    /// `%{ if ... }` or `%{ for ... }` up to its `%{ endif }` / `%{ endfor }`, the `%` being
    /// next; `keyword` is `if` or `for`.
    fn directive(&mut self, keyword: &str, quoted: bool) -> Parsed<()> {
        let open = Span::new(self.pos, self.pos + 2);
        self.enter(open)?;
        self.control_start();
        if keyword.starts_with("if") {
            self.pos += 2;
            self.ws()?;
            self.expr(false)?;
        } else {
            self.pos += 3;
            self.ws()?;
            if self.ident().is_none() {
                return Err(self.expected("a variable name after `for`", "a directive reads `%{ for x in list }`"));
            }
            self.ws()?;
            if self.eat(b',') {
                self.ws()?;
                if self.ident().is_none() {
                    return Err(self.expected("a variable name after `,`", "a directive reads `%{ for k, v in map }`"));
                }
                self.ws()?;
            }
            if !self.at("in") {
                return Err(self.expected("`in`", "a directive reads `%{ for x in list }`"));
            }
            self.pos += 2;
            self.ws()?;
            self.expr(false)?;
        }
        self.control_end(open)?;
        let body = Mode::Directive { open, quoted };
        let mut parts = Vec::new();
        self.template(body, open.start, &mut parts)?;
        let end = if keyword.starts_with("if") {
            if self.directive_keyword().starts_with("else") {
                let at = self.pos;
                self.control_start();
                self.pos += 4;
                self.control_end(Span::new(at, at + 2))?;
                self.template(body, open.start, &mut parts)?;
            }
            "endif"
        } else {
            "endfor"
        };
        let at = self.pos;
        self.control_start();
        if !self.at(end) {
            return Err(self.missing_end(open, at, end));
        }
        self.pos += end.len();
        self.control_end(Span::new(at, at + 2))?;
        self.leave();
        Ok(())
    }

    /// Reads `%{`, an optional `~` and blanks.
    fn control_start(&mut self) {
        self.pos += 2;
        self.eat(b'~');
        // The keyword was found after the same blanks, so they hold no bad comment.
        let _ = self.ws();
    }

    /// Reads blanks, an optional `~` and the `}` ending the directive opened at `open`.
    fn control_end(&mut self, open: Span) -> Parsed<()> {
        self.ws()?;
        self.eat(b'~');
        if !self.eat(b'}') {
            return Err(self.unclosed(open, Open::Directive));
        }
        Ok(())
    }
}

/// The text of a template made only of literal parts (`None` if it interpolates).
fn literal_text(parts: &[Part]) -> Option<String> {
    let mut text = String::new();
    for part in parts {
        text.push_str(part.literal.as_deref()?);
    }
    Some(text)
}

/// The indentation `<<-` removes: the fewest blanks starting a line of the literal text, or
/// `None` if a line starts with no blank or with an interpolation or directive. The first line
/// of a literal that follows an interpolation on the same line does not count.
fn common_indent(parts: &[Part]) -> Option<usize> {
    let mut indent: Option<usize> = None;
    let mut continues_line = false;
    for part in parts {
        let Some(text) = &part.literal else {
            if !continues_line {
                return None;
            }
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if (i == 0 && continues_line) || line.is_empty() {
                continue;
            }
            let blanks = line.chars().take_while(|c| c.is_whitespace()).count();
            if blanks == 0 {
                return None;
            }
            indent = Some(indent.map_or(blanks, |n| n.min(blanks)));
        }
        continues_line = !text.ends_with('\n');
    }
    indent
}

/// `text` without the first `indent` characters of each non-empty line (line breaks become
/// `\n`, as `hcl-edit` writes them).
fn dedent(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.extend(line.chars().skip(indent));
        out.push('\n');
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}

/// Appends `raw` (literal text as written) to `out` without the first `indent` characters of
/// each non-empty line, except the first line when it continues a line begun by an
/// interpolation (`continues_line`).
fn dedent_raw(out: &mut String, raw: &str, indent: usize, continues_line: bool) {
    for (i, line) in raw.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        if (i == 0 && continues_line) || content.is_empty() {
            out.push_str(line);
        } else {
            let cut = line.char_indices().nth(indent).map_or(content.len(), |(at, _)| at.min(content.len()));
            out.push_str(&line[cut..]);
        }
    }
}

//! The syntax errors of the HCL2 mode, in netplay's words: what was expected, what was found
//! (in backticks, or `end of line` / `end of input`), where, and a help text. HCL1 habits get a
//! help that names the HCL2 way.

use super::{Fail, Parser, is_id_continue, is_id_start};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::reader::parser::short;
use crate::syntax::{Item, Key};

/// What a bracket opened, for messages about closing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Open {
    Block,
    Object,
    List,
    Index,
    Paren,
    Call,
    Interpolation,
    Directive,
}

impl Open {
    fn closer(self) -> char {
        match self {
            Open::List | Open::Index => ']',
            Open::Paren | Open::Call => ')',
            _ => '}',
        }
    }

    fn noun(self) -> &'static str {
        match self {
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

const VALUE_HELP: &str = "a value is a quoted string, a number, `true`, `false`, `null`, a heredoc (`<<EOF`), a list \
                          `[...]`, an object `{...}` or an expression";

const COMMA_HELP: &str = "HCL2 ends an attribute or block at the end of its line; commas between them are HCL1 \
                          syntax: remove it";

const ONE_LINE_HELP: &str = "a block written on one line holds at most one attribute and no blocks (HCL1 allowed \
                             more): put each attribute and nested block on its own line";

const ITEM_HELP: &str = "an item is an attribute `name = value` or a block `name \"label\" { ... }`";

const CLOSES_NOTHING: &str = "it closes nothing that is open; remove it or check the brackets before it";

impl Parser<'_> {
    pub(super) fn error(&self, span: Span, message: impl Into<String>, help: impl Into<String>) -> Fail {
        Box::new(Diagnostic::error(Code::HclSyntax, self.source, span, message).with_help(help))
    }

    fn line_of(&self, offset: usize) -> usize {
        1 + self.bytes.get(..offset).unwrap_or_default().iter().filter(|&&b| b == b'\n').count()
    }

    /// What stands at `at`, for a message, and its span: a word, a quoted string, one
    /// character, `end of line` or `end of input`.
    fn describe(&self, at: usize) -> (String, Span) {
        let rest = self.text.get(at..).unwrap_or("");
        let Some(c) = rest.chars().next() else {
            return ("end of input".to_string(), Span::empty(self.text.len()));
        };
        if c == '\n' || (c == '\r' && rest[1..].starts_with('\n')) {
            return ("end of line".to_string(), Span::empty(at));
        }
        let len = if is_id_start(c) || c.is_ascii_digit() {
            rest.char_indices().find(|&(_, c)| !(is_id_continue(c) || c == '.')).map_or(rest.len(), |(i, _)| i)
        } else if c == '"' {
            quoted_len(rest).unwrap_or(1)
        } else {
            c.len_utf8()
        };
        let span = Span::new(at, at + len);
        let shown = if c == ' ' {
            "a space".to_string()
        } else if c.is_control() || c.is_whitespace() || c == '\u{feff}' {
            format!("U+{:04X}", u32::from(c))
        } else {
            format!("`{}`", short(&rest[..len]))
        };
        (shown, span)
    }

    /// An unexpected character at `at`, if it is one no HCL2 token starts with.
    fn strange_char(&self, at: usize) -> Option<Fail> {
        let c = self.char_at(at)?;
        let span = self.char_span(at);
        match c {
            '\u{feff}' => Some(self.error(
                span,
                "unexpected byte order mark (U+FEFF)",
                "save the file as UTF-8 without a byte order mark",
            )),
            '\'' => Some(self.error(span, "unexpected character `'`", "HCL strings use double quotes: `\"...\"`")),
            '@' | '`' | '^' | '~' | ';' | '\\' | '$' => Some(Box::new(Diagnostic::error(
                Code::HclSyntax,
                self.source,
                span,
                format!("unexpected character `{c}`"),
            ))),
            ' ' | '\t' | '\n' | '\r' => None,
            c if c.is_control() || c.is_whitespace() => Some(Box::new(Diagnostic::error(
                Code::HclSyntax,
                self.source,
                span,
                format!("unexpected character U+{:04X}", u32::from(c)),
            ))),
            c if !c.is_ascii() && !is_id_start(c) => Some(Box::new(Diagnostic::error(
                Code::HclSyntax,
                self.source,
                span,
                format!("unexpected character `{c}`"),
            ))),
            _ => None,
        }
    }

    /// `10s`: letters glued to the digits before `at` make one bad number.
    fn glued_number(&self, at: usize) -> Option<Fail> {
        let before = self.text.get(..at)?;
        if !self.char_at(at).is_some_and(is_id_start) || !before.ends_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let start = before.len() - before.chars().rev().take_while(|c| c.is_ascii_digit() || *c == '.').count();
        let end = at + self.text[at..].find(|c: char| !is_id_continue(c)).unwrap_or(self.text.len() - at);
        let word = &self.text[start..end];
        Some(self.error(
            Span::new(start, end),
            format!("invalid number `{word}`"),
            format!("quote it if it is text: `\"{word}\"`"),
        ))
    }

    /// "expected `what`, found ..." at the position.
    pub(super) fn expected(&self, what: &str, help: &str) -> Fail {
        if let Some(d) = self.strange_char(self.pos).or_else(|| self.glued_number(self.pos)) {
            return d;
        }
        let (found, span) = self.describe(self.pos);
        self.error(span, format!("expected {what}, found {found}"), help)
    }

    /// The closing bracket of `open` is missing: the text ends, or something else stands at
    /// the position.
    pub(super) fn unclosed(&self, open: Span, what: Open) -> Fail {
        self.unclosed_at(open, what, self.pos)
    }

    /// [`Parser::unclosed`] with what stands at `at`.
    fn unclosed_at(&self, open: Span, what: Open, at: usize) -> Fail {
        let (close, noun) = (what.closer(), what.noun());
        let line = self.line_of(open.start);
        let label = format!("{noun} opened here");
        if at >= self.text.len() {
            let message = format!("expected `{close}` to close the {noun} opened at line {line}");
            let d = Diagnostic::error(Code::HclSyntax, self.source, Span::empty(self.text.len()), message);
            return Box::new(d.with_label(open, label).with_help(format!("add the missing `{close}`")));
        }
        if let Some(d) = self.strange_char(at).or_else(|| self.glued_number(at)) {
            return d;
        }
        let (found, span) = self.describe(at);
        let help = match what {
            _ if matches!(self.peek_at(at), Some(b'}' | b']' | b')')) => {
                "check the brackets: each `{`, `[` and `(` needs its own closing bracket"
            }
            Open::List => "separate list elements with commas",
            Open::Call => "separate function arguments with commas",
            Open::Interpolation => "end the interpolation `${...}` with `}`",
            Open::Directive => "end the directive `%{...}` with `}`",
            _ => "check what stands before it",
        };
        let message = format!("expected `{close}` to close the {noun} opened at line {line}, found {found}");
        let d = Diagnostic::error(Code::HclSyntax, self.source, span, message);
        Box::new(d.with_label(open, label).with_help(help))
    }

    /// Something at the position that starts no item of a body (`open` is the block's `{`).
    pub(super) fn not_an_item(&self, open: Option<Span>) -> Fail {
        let at = self.pos;
        if let Some(d) = self.strange_char(at) {
            return d;
        }
        let (found, span) = self.describe(at);
        match self.char_at(at) {
            Some('"') => {
                let name = self.slice(Span::new(at + 1, span.end.saturating_sub(1).max(at + 1)));
                let help = if !name.is_empty() && !name.contains(['\\', '$', '%', ' ']) {
                    format!("HCL2 names are not quoted (HCL1 allowed it): write `{name} = ...`")
                } else {
                    "HCL2 names are identifiers without quotes (HCL1 allowed quoted ones)".to_string()
                };
                self.error(span, format!("expected an attribute or block name, found {found}"), help)
            }
            Some(',') => self.error(span, "unexpected `,`", COMMA_HELP),
            Some(']' | ')') if let Some(open) = open => self.unclosed(open, Open::Block),
            Some('}' | ']' | ')') => self.error(span, format!("unexpected {found}"), CLOSES_NOTHING),
            _ => self.error(span, format!("expected an attribute or block name, found {found}"), ITEM_HELP),
        }
    }

    /// Something after a complete attribute or block on its line (`open` is the enclosing
    /// block's `{`).
    pub(super) fn after_item(&self, open: Option<Span>) -> Fail {
        let at = self.pos;
        if let Some(d) = self.strange_char(at).or_else(|| self.glued_number(at)) {
            return d;
        }
        let (found, span) = self.describe(at);
        match self.peek() {
            Some(b',') => return self.error(span, "unexpected `,`", COMMA_HELP),
            Some(b'}') if open.is_some() => {
                return self.error(
                    span,
                    "expected a line break, found `}`",
                    "a block whose `{` ends its line closes with a `}` on a line of its own",
                );
            }
            Some(b'}' | b']' | b')') => return self.error(span, format!("unexpected {found}"), CLOSES_NOTHING),
            Some(b'.') => {
                let (next, _) = self.describe(at + 1);
                return self.error(
                    span,
                    format!("expected an attribute name, an index or `*` after `.`, found {next}"),
                    "an attribute access reads `name.attribute`",
                );
            }
            _ => {}
        }
        let rest = self.text.get(at..).unwrap_or("");
        let operator: String = rest.chars().take_while(|c| "+-*/%<>=!&|?:".contains(*c)).collect();
        let after = rest[operator.len()..].trim_start_matches([' ', '\t']);
        if !operator.is_empty() && (after.is_empty() || after.starts_with(['\n', '\r', '#']) || after.starts_with("//"))
        {
            return self.missing_operand(Span::new(at, at + operator.len()));
        }
        self.error(
            span,
            format!("expected a line break, found {found}"),
            "in HCL2 an attribute or block ends at the end of its line",
        )
    }

    /// An attribute name set a second time in one body.
    pub(super) fn set_twice(&self, name: Span, first: Span) -> Fail {
        let text = self.slice(name);
        let d =
            Diagnostic::error(Code::HclSyntax, self.source, name, format!("`{text}` is set twice in the same block"))
                .with_label(first, "first set here")
                .with_help("HCL2 allows each attribute once per block; remove one of them");
        Box::new(d)
    }

    /// Nothing after the `=` at `eq`.
    pub(super) fn missing_value(&self, eq: usize) -> Fail {
        self.error(Span::new(eq, eq + 1), "missing value after `=`", VALUE_HELP)
    }

    /// A block label with `${...}` or `%{...}`.
    pub(super) fn template_label(&self, span: Span) -> Fail {
        self.error(
            span,
            format!("block label {} holds a template", short(self.slice(span))),
            "a block label is a plain string: `${...}` and `%{...}` are not allowed in it",
        )
    }

    /// The keys of an item as written, for messages.
    fn written(&self, keys: &[Key]) -> String {
        short(&keys.iter().map(|k| self.slice(k.span)).collect::<Vec<_>>().join(" ")).into_owned()
    }

    /// Neither `=` nor `{` (nor a label) after a name.
    pub(super) fn after_name(&self, keys: &[Key]) -> Fail {
        let written = self.written(keys);
        if self.peek() == Some(b'.') {
            let start = keys.first().map_or(self.pos, |k| k.span.start);
            let rest = self.text.get(start..).unwrap_or("");
            let name = rest.split(|c: char| !(is_id_continue(c) || c == '.')).next().unwrap_or("");
            let (found, span) = self.describe(self.pos);
            return self.error(
                span,
                format!("expected `=` or `{{` after `{written}`, found {found}"),
                format!(
                    "HCL2 names cannot contain `.` (HCL1 allowed it); in an object value, quote the key: \
                     `{{ \"{name}\" = ... }}`"
                ),
            );
        }
        self.expected(
            &format!("`=` or `{{` after `{written}`"),
            &format!("write `{written} = value` or a block `{written} {{ ... }}`"),
        )
    }

    /// No `{` after a name and its labels.
    pub(super) fn after_labels(&self, keys: &[Key]) -> Fail {
        let written = self.written(keys);
        let help = if self.peek() == Some(b'=') {
            format!(
                "HCL2 assigns with `=` after a single name; a name followed by labels starts a block: \
                 `{written} {{ ... }}`"
            )
        } else {
            format!("a name followed by labels starts a block: `{written} {{ ... }}`")
        };
        self.expected(&format!("`{{` after `{written}`"), &help)
    }

    /// No `=` after the name inside a one-line block.
    pub(super) fn one_line_missing_assign(&self, name: Span) -> Fail {
        let written = short(self.slice(name)).into_owned();
        let help = if matches!(self.peek(), Some(b'{' | b'"')) {
            ONE_LINE_HELP.to_string()
        } else {
            format!("write `{written} = value`")
        };
        self.expected(&format!("`=` after `{written}`"), &help)
    }

    /// A one-line block that does not end with `}` after its attribute.
    pub(super) fn one_line_end(&self, open: Span) -> Fail {
        if self.pos >= self.text.len() || self.line_comment_ahead() {
            return self.unclosed_at(open, Open::Block, self.text.len());
        }
        if let Some(d) = self.strange_char(self.pos).or_else(|| self.glued_number(self.pos)) {
            return d;
        }
        let (found, span) = self.describe(self.pos);
        let help = match found.as_str() {
            "`,`" => COMMA_HELP,
            "end of line" => {
                "in HCL2 the items of a block start on the line after its `{`, unless the whole block fits on one \
                 line (HCL1 allowed both)"
            }
            _ if self.peek() == Some(b'"') => {
                "HCL2 names are identifiers without quotes (HCL1 allowed quoted ones); a block written on one line \
                 holds at most one attribute"
            }
            _ => ONE_LINE_HELP,
        };
        self.error(span, format!("expected `}}` to close the one-line block, found {found}"), help)
    }

    /// No value where a term must start.
    pub(super) fn expected_value(&self) -> Fail {
        let at = self.pos;
        if let Some(d) = self.strange_char(at) {
            return d;
        }
        let rest = self.text.get(at..).unwrap_or("");
        let nothing = rest.is_empty() || rest.starts_with(['\n', '\r', '#']) || rest.starts_with("//");
        if nothing {
            let before = self.text.get(..at).unwrap_or("").trim_end_matches([' ', '\t']);
            let operator: String = before.chars().rev().take_while(|c| "+-*/%<>=!&|:?".contains(*c)).collect();
            if operator == "=" {
                return self.missing_value(before.len() - 1);
            }
            if !operator.is_empty() {
                let start = before.len() - operator.len();
                return self.missing_operand(Span::new(start, before.len()));
            }
        }
        let (found, span) = self.describe(at);
        self.error(span, format!("expected a value, found {found}"), VALUE_HELP)
    }

    /// An operator with no operand after it on its line.
    pub(super) fn missing_operand(&self, operator: Span) -> Fail {
        let text = self.slice(operator);
        self.error(
            operator,
            format!("missing operand after `{text}`"),
            "an operator needs a value on both sides, on the same line",
        )
    }

    /// `!`, `&` or `|` that is no binary operator.
    pub(super) fn not_an_operator(&self) -> Fail {
        let (found, span) = self.describe(self.pos);
        self.error(
            span,
            format!("expected an operator, found {found}"),
            "HCL2 operators are `==`, `!=`, `<`, `<=`, `>`, `>=`, `+`, `-`, `*`, `/`, `%`, `&&` and `||`",
        )
    }

    /// An index after `.` that does not fit 64 bits.
    pub(super) fn bad_index(&self, span: Span) -> Fail {
        self.error(span, format!("index `{}` is too large", short(self.slice(span))), "write an index below 2^64")
    }

    /// Nothing usable after the `.` at `dot`.
    pub(super) fn after_dot(&self, dot: Span) -> Fail {
        let (found, _) = self.describe(self.pos);
        let text = self.text.get(dot.end..self.pos).unwrap_or("");
        let found = if text.contains('\n') && found == "end of input" { "end of line".to_string() } else { found };
        if let Some(d) = self.strange_char(self.pos) {
            return d;
        }
        self.error(
            dot,
            format!("expected an attribute name, an index or `*` after `.`, found {found}"),
            "an attribute access reads `name.attribute`",
        )
    }

    pub(super) fn number_too_large(&self, span: Span) -> Fail {
        self.error(
            span,
            format!("number `{}` is too large", short(self.slice(span))),
            "numbers must fit a 64-bit float; quote it if it is text",
        )
    }

    /// An object key written a second time.
    pub(super) fn key_twice(&self, items: &[Item], key: &Key) -> Fail {
        let written = short(self.slice(key.span)).into_owned();
        let first =
            items.iter().flat_map(|item| item.keys.first()).find(|k| k.text == key.text && k.quoted == key.quoted);
        let mut d =
            Diagnostic::error(Code::HclSyntax, self.source, key.span, format!("object key `{written}` appears twice"))
                .with_help("each key of an HCL2 object must be different");
        if let Some(first) = first {
            d = d.with_label(first.span, "first written here");
        }
        Box::new(d)
    }

    /// Neither `=` nor `:` after an object key.
    pub(super) fn after_object_key(&self, key: &Key) -> Fail {
        let written = short(self.slice(key.span)).into_owned();
        let help = if self.peek() == Some(b'{') {
            format!(
                "an object value (`= {{ ... }}`) holds `key = value` pairs, not blocks: write `{written} = {{ ... }}`"
            )
        } else {
            format!("write `{written} = value`")
        };
        self.expected(&format!("`=` or `:` after `{written}`"), &help)
    }

    /// Something after an object item that is no separator (the object opened at `open`).
    pub(super) fn after_object_item(&self, open: Span) -> Fail {
        if self.pos >= self.text.len() {
            return self.unclosed(open, Open::Object);
        }
        self.expected(
            "`,`, a line break or `}` after the object item",
            "separate the items of an object with commas or line breaks",
        )
    }

    /// `<<` without a marker.
    pub(super) fn missing_marker(&self, intro: Span) -> Fail {
        self.error(intro, "missing heredoc marker after `<<`", "name the end marker right after `<<`, as in `<<EOF`")
    }

    /// Something after the heredoc marker on its line.
    pub(super) fn after_marker(&self, _marker: Span) -> Fail {
        self.expected(
            "a line break after the heredoc marker",
            "the text of a heredoc starts on the line after `<<MARKER`",
        )
    }

    /// A quoted string starting at `start` that does not end on its line.
    pub(super) fn unterminated_string(&self, start: usize) -> Fail {
        let end = self.bytes[start..].iter().position(|&b| b == b'\n').map_or(self.text.len(), |k| start + k);
        let end = if end > start + 1 && self.bytes[end - 1] == b'\r' { end - 1 } else { end };
        self.error(
            Span::new(start, end),
            "unterminated string",
            "HCL2 strings end on their line: add the closing `\"`, write `\\n` for a line break or use a heredoc \
             (`<<EOF`)",
        )
    }

    pub(super) fn unterminated_heredoc(&self, intro: Span, marker: Span) -> Fail {
        let marker = self.slice(marker);
        self.error(intro, "unterminated heredoc", format!("end the heredoc with a line holding only `{marker}`"))
    }

    /// The span of the directive starting at `at`: up to its `}` or the end of its line.
    fn directive_span(&self, at: usize) -> Span {
        let rest = &self.bytes[at..];
        let line = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let close = rest.iter().position(|&b| b == b'}').map_or(rest.len(), |k| k + 1);
        let mut end = at + line.min(close);
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        Span::new(at, end)
    }

    /// A directive opened at `open` whose body runs to the end of the string or text.
    pub(super) fn open_directive(&self, open: Span) -> Fail {
        let span = self.directive_span(open.start);
        self.error(
            span,
            format!("`{}` has no matching end", short(self.slice(span))),
            "close `%{ if ... }` with `%{ endif }` and `%{ for ... }` with `%{ endfor }`, in the same string",
        )
    }

    /// `%{` that opens no `if` or `for` directive where one would be needed.
    pub(super) fn stray_directive(&self, at: usize, keyword: &str) -> Fail {
        let span = self.directive_span(at);
        let shown = short(self.slice(span)).into_owned();
        if keyword.is_empty() {
            return self.error(
                span,
                format!("`{shown}` is not a template directive"),
                "directives are `%{ if ... }`, `%{ else }`, `%{ endif }`, `%{ for ... in ... }` and `%{ endfor }`; \
                 write `%%{` for a literal `%{`",
            );
        }
        self.error(
            span,
            format!("`{shown}` ends no directive"),
            "`%{ endif }` closes a `%{ if ... }` and `%{ endfor }` a `%{ for ... }` before it",
        )
    }

    /// The wrong directive (or none) where `end` must close the one opened at `open`.
    pub(super) fn missing_end(&self, open: Span, at: usize, end: &str) -> Fail {
        let opened = short(self.slice(self.directive_span(open.start))).into_owned();
        let found = short(self.slice(self.directive_span(at))).into_owned();
        let d = Diagnostic::error(
            Code::HclSyntax,
            self.source,
            self.directive_span(at),
            format!("expected `%{{ {end} }}` to close `{opened}`, found `{found}`"),
        )
        .with_label(self.directive_span(open.start), "opened here")
        .with_help("close `%{ if ... }` with `%{ endif }` and `%{ for ... }` with `%{ endfor }`");
        Box::new(d)
    }

    /// A backslash before `c` (at `at`) that starts no HCL2 escape.
    pub(super) fn unknown_escape(&self, at: usize, c: char) -> Fail {
        let span = Span::new(at, at + 1 + c.len_utf8());
        let shown = if c.is_control() || c.is_whitespace() {
            format!("`\\` before U+{:04X}", u32::from(c))
        } else {
            format!("`\\{c}`")
        };
        self.error(span, format!("unknown escape sequence {shown}"), ESCAPE_HELP)
    }

    pub(super) fn bad_unicode_escape(&self, span: Span) -> Fail {
        self.error(span, format!("invalid unicode escape `{}`", self.slice(span)), ESCAPE_HELP)
    }
}

const ESCAPE_HELP: &str = "HCL2 strings know the escapes `\\n`, `\\r`, `\\t`, `\\\"`, `\\\\`, `\\uNNNN` and \
                           `\\UNNNNNNNN`; write `\\\\` for a backslash";

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

//! Recursive descent over the tokens of [`super::lexer`], building the shared syntax tree.
//!
//! Errors are pushed to `diagnostics` and signalled with [`Stop`]; blocks and objects left open
//! by an error are kept with the items read so far (see [`Parser::partial`]). HCL2 expressions
//! are skipped with a flat bracket stack, so they neither recurse nor stop the parse.

use std::collections::VecDeque;

use super::lexer::{Lexer, Token, TokenKind};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::source::{SourceId, Span};
use crate::syntax::{Body, Item, Key, Value, ValueKind};

/// Deepest nesting of `{`, `[` (and `(` inside HCL2 expressions) that is read.
pub(in crate::syntax) const MAX_DEPTH: usize = 128;

/// Further HCL2 expressions are attached to the first HCL2 diagnostic as labels, up to this many.
pub(in crate::syntax) const MAX_HCL2_LABELS: usize = 16;

/// Parsing stopped; the reason is already in the diagnostics.
pub(super) struct Stop;

type Parsed<T> = Result<T, Stop>;

/// Where a value stands: after `=` (a line break ends it) or in a list (line breaks are blanks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Item,
    List,
}

/// What kind of HCL2 construct was skipped, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hcl2 {
    /// Starts with an identifier, `(`, `!` or `-` (references, calls, conditionals, ...).
    Expression,
    /// A literal followed by an operator, `.` or `[`.
    Operator,
    /// `[for ...]` or `{for ...}`.
    For,
    /// A template directive `%{ ... }` with quotes inside, which HCL1 cuts into several strings.
    Directive,
}

const VALUE_HELP: &str = "a value is a quoted string, a number, `true` or `false`, a heredoc (`<<EOF`), a list \
                          `[...]` or an object `{...}`";

/// The parser state for one text.
pub(super) struct Parser<'a> {
    text: &'a str,
    source: SourceId,
    lexer: Lexer<'a>,
    /// Tokens read ahead (at most four).
    ahead: VecDeque<Token>,
    /// End of the last token consumed.
    prev_end: usize,
    /// Open `{` and `[` around the current position.
    depth: usize,
    diagnostics: Vec<Diagnostic>,
    /// Index of the first HCL2 diagnostic; later HCL2 expressions become its labels.
    hcl2_first: Option<usize>,
    /// HCL2 expressions beyond [`MAX_HCL2_LABELS`].
    hcl2_unmarked: usize,
    /// An object cut short by an error, handed from [`Parser::object`] to the item that owns it.
    partial: Option<Value>,
}

impl<'a> Parser<'a> {
    /// A parser at the start of `text`.
    pub fn new(text: &'a str, source: SourceId) -> Self {
        Parser {
            text,
            source,
            lexer: Lexer::new(text, source),
            ahead: VecDeque::new(),
            prev_end: 0,
            depth: 0,
            diagnostics: Vec::new(),
            hcl2_first: None,
            hcl2_unmarked: 0,
            partial: None,
        }
    }

    /// Parses the whole text.
    pub fn parse_file(mut self) -> (Body, Vec<Diagnostic>) {
        let mut items = Vec::new();
        // On `Err` the diagnostic is recorded and `items` holds what was read.
        let _ = self.items(&mut items, None);
        if let (Some(first), n @ 1..) = (self.hcl2_first, self.hcl2_unmarked)
            && let Some(d) = self.diagnostics.get_mut(first)
        {
            let more =
                if n == 1 { "1 more HCL2 expression is".to_string() } else { format!("{n} more HCL2 expressions are") };
            let help = d.help.take().unwrap_or_default();
            d.help = Some(format!("{help}; {more} not marked"));
        }
        (Body { items, span: Span::new(0, self.text.len()) }, self.diagnostics)
    }

    // ----- tokens -------------------------------------------------------------------------

    // In range: the loop reads tokens until `ahead` holds index `n` (a checked get would need
    // a fallback token, and one that reads the lexer again is rejected by the borrow checker).
    #[allow(clippy::indexing_slicing)]
    fn peek(&mut self, n: usize) -> &Token {
        while self.ahead.len() <= n {
            let token = self.lexer.next_token();
            self.ahead.push_back(token);
        }
        &self.ahead[n]
    }

    fn bump(&mut self) -> Token {
        let token = match self.ahead.pop_front() {
            Some(token) => token,
            None => self.lexer.next_token(),
        };
        if token.kind != TokenKind::Eof {
            self.prev_end = token.span.end;
        }
        token
    }

    fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// True if token `n` ahead is the identifier `word`.
    fn peek_word(&mut self, n: usize, word: &str) -> bool {
        let token = self.peek(n).clone();
        token.kind == TokenKind::Ident && self.slice(token.span) == word
    }

    /// `end of input` or the token's text in backticks.
    fn describe(&self, token: &Token) -> String {
        match token.kind {
            TokenKind::Eof => "end of input".to_string(),
            _ => format!("`{}`", short(self.slice(token.span))),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        1 + self.text.as_bytes().get(..offset).unwrap_or_default().iter().filter(|&&b| b == b'\n').count()
    }

    // ----- errors -------------------------------------------------------------------------

    fn fail(&mut self, diagnostic: Diagnostic) -> Stop {
        self.diagnostics.push(diagnostic);
        Stop
    }

    fn syntax(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(Code::HclSyntax, self.source, span, message)
    }

    /// Reports the token ahead as unexpected where `expected` was wanted.
    fn unexpected(&mut self, expected: &str, help: &str) -> Stop {
        let token = self.peek(0).clone();
        let diagnostic = match token.kind {
            TokenKind::Error(d) => *d,
            TokenKind::Unknown(c) => self.unknown_char(c, token.span),
            _ => {
                let message = format!("expected {expected}, found {}", self.describe(&token));
                self.syntax(token.span, message).with_help(help)
            }
        };
        self.fail(diagnostic)
    }

    fn unknown_char(&self, c: char, span: Span) -> Diagnostic {
        match c {
            '\u{feff}' => self
                .syntax(span, "unexpected byte order mark (U+FEFF)")
                .with_help("HCL1 does not accept it; save the file as UTF-8 without a byte order mark"),
            '\'' => self.syntax(span, "unexpected character `'`").with_help("HCL strings use double quotes: `\"...\"`"),
            c if c.is_control() || c.is_whitespace() => {
                self.syntax(span, format!("unexpected character U+{:04X}", u32::from(c))).with_help(
                    "an invisible character that HCL does not read; delete it (pasted binary data or a stray \
                     control character)",
                )
            }
            '\u{fffd}' => self.syntax(span, format!("unexpected character `{c}`")).with_help(
                "U+FFFD stands for bytes that were not UTF-8 text: the text holds binary data or another encoding",
            ),
            c => self
                .syntax(span, format!("unexpected character `{c}`"))
                .with_help("HCL names use letters, digits, `_` and `-`; quote anything else as a string"),
        }
    }

    /// Reports the end of the text, or the wrong closing bracket ahead, inside the `open`
    /// bracket (a `block`, `object`, `list`, `parenthesis`, `bracket` or `brace`).
    fn unclosed(&mut self, open: Span, what: &str) -> Stop {
        let close = match what {
            "list" | "bracket" => "]",
            "parenthesis" => ")",
            _ => "}",
        };
        let line = self.line_of(open.start);
        let token = self.peek(0).clone();
        let (span, found) = match token.kind {
            TokenKind::Eof => (Span::empty(self.text.len()), String::new()),
            _ => (token.span, format!(", found {}", self.describe(&token))),
        };
        // A forgotten `}` is usually where the indentation goes back out, well before the end.
        if close == "}"
            && token.kind == TokenKind::Eof
            && let Some(hint) = crate::syntax::braces::misplaced_close(self.text, self.source, span)
        {
            return self.fail(hint);
        }
        let message = format!("expected `{close}` to close the {what} opened at line {line}{found}");
        let diagnostic = self
            .syntax(span, message)
            .with_label(open, format!("{what} opened here"))
            .with_help(format!("add the missing `{close}`"));
        self.fail(diagnostic)
    }

    /// Enters one more level of `{` / `[`, refusing to go deeper than [`MAX_DEPTH`].
    fn enter(&mut self, open: Span) -> Parsed<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.limit(open));
        }
        self.depth += 1;
        Ok(())
    }

    fn limit(&mut self, at: Span) -> Stop {
        let diagnostic = Diagnostic::error(Code::LimitExceeded, self.source, at, "nesting deeper than 128 levels")
            .with_help(format!("netplay stops reading the {} here", self.source.name()));
        self.fail(diagnostic)
    }

    // ----- grammar ------------------------------------------------------------------------

    /// Items up to the end of the text (`open` is `None`) or up to the `}` closing the brace
    /// `open`. Returns the span of that `}` (empty at the end of the text).
    fn items(&mut self, items: &mut Vec<Item>, open: Option<(Span, &str)>) -> Parsed<Span> {
        loop {
            let token = self.peek(0).clone();
            match token.kind {
                TokenKind::Eof => {
                    return match open {
                        Some((open, what)) => Err(self.unclosed(open, what)),
                        None => Ok(token.span),
                    };
                }
                TokenKind::RBrace if open.is_some() => return Ok(self.bump().span),
                TokenKind::RBrack | TokenKind::RParen if let Some((open, what)) = open => {
                    return Err(self.unclosed(open, what));
                }
                TokenKind::RBrace => {
                    let diagnostic = self
                        .syntax(token.span, "unexpected `}`")
                        .with_help("it closes no open block; remove it or check the braces before it");
                    return Err(self.fail(diagnostic));
                }
                TokenKind::Ident | TokenKind::Text { heredoc: false, .. } => {
                    self.item(items)?;
                    if self.peek(0).kind == TokenKind::Comma {
                        self.bump();
                    }
                }
                _ => {
                    let help = "an item starts with a name, as in `name = value` or `name { ... }`";
                    return Err(self.unexpected("a key", help));
                }
            }
        }
    }

    /// One item: keys, then `= value` or `{ body }`. Pushes it (also when an error cuts its
    /// object short).
    fn item(&mut self, items: &mut Vec<Item>) -> Parsed<()> {
        let mut keys = Vec::new();
        loop {
            let token = self.peek(0).clone();
            let text = match &token.kind {
                TokenKind::Ident if matches!(self.slice(token.span), "true" | "false") => {
                    let word = self.slice(token.span);
                    let diagnostic = self
                        .syntax(token.span, format!("`{word}` cannot be a key"))
                        .with_help(format!("HCL1 reads it as a boolean; quote it: `\"{word}\"`"));
                    return Err(self.fail(diagnostic));
                }
                TokenKind::Ident => self.slice(token.span).to_string(),
                TokenKind::Text { value, heredoc: false, .. } => value.clone(),
                _ => break,
            };
            self.bump();
            keys.push(Key { text, quoted: token.kind != TokenKind::Ident, span: token.span });
        }
        let start = keys.first().map_or(self.prev_end, |k| k.span.start);
        let written = short(&keys.iter().map(|k| self.slice(k.span)).collect::<Vec<_>>().join(" ")).to_string();
        self.partial = None;
        let next = self.peek(0).clone();
        let (value, assign) = match next.kind {
            TokenKind::Assign if keys.len() > 1 => {
                let message = format!("expected `{{` after `{written}`, found `=`");
                let help = format!(
                    "HCL1 assigns with `=` after a single key only; with labels, write a block: `{written} {{ ... }}`"
                );
                let diagnostic = self.syntax(next.span, message).with_help(help);
                return Err(self.fail(diagnostic));
            }
            TokenKind::Assign => {
                self.bump();
                (self.value_after_assign(next.span), true)
            }
            TokenKind::LBrace => {
                self.bump();
                (self.object(next.span, "block"), false)
            }
            TokenKind::Op if keys.len() == 1 && self.slice(next.span) == ":" => {
                // HCL2 object constructors accept `key: value`; read it as `=` and go on.
                self.bump();
                let help = format!("HCL1 objects use `=`: write `{written} = ...`{}", self.alternative());
                let message = "`:` between a key and its value is HCL2 syntax".to_string();
                self.report_hcl2(next.span, message, help, &format!("{written}:"));
                (self.value_after_assign(next.span), true)
            }
            _ => {
                let expected = format!("`=` or `{{` after `{written}`");
                let help = format!("write `{written} = value` or a block `{written} {{ ... }}`");
                return Err(self.unexpected(&expected, &help));
            }
        };
        let (value, result) = match value {
            Ok(value) => (value, Ok(())),
            Err(stop) => match self.partial.take() {
                Some(value) => (value, Err(stop)),
                None => return Err(stop),
            },
        };
        let span = Span::new(start, value.span.end);
        items.push(Item { keys, value, assign, span });
        result
    }

    /// The value after `=` (`eq`), which must start on the same line unless it is a literal.
    fn value_after_assign(&mut self, eq: Span) -> Parsed<Value> {
        let token = self.peek(0).clone();
        let missing = match token.kind {
            TokenKind::Eof | TokenKind::RBrace | TokenKind::RBrack | TokenKind::Comma | TokenKind::Assign => true,
            TokenKind::Text { .. }
            | TokenKind::Number(_)
            | TokenKind::LBrace
            | TokenKind::LBrack
            | TokenKind::Error(_) => false,
            TokenKind::Ident => token.newline_before && !matches!(self.slice(token.span), "true" | "false"),
            _ => token.newline_before,
        };
        if missing {
            let diagnostic = self.syntax(eq, "missing value after `=`").with_help(VALUE_HELP);
            return Err(self.fail(diagnostic));
        }
        self.value(Context::Item)
    }

    /// A value, and any HCL2 operator continuing it.
    fn value(&mut self, context: Context) -> Parsed<Value> {
        let token = self.peek(0).clone();
        let span = token.span;
        let kind = match token.kind {
            TokenKind::Text { value, template, heredoc } => {
                self.bump();
                match (template, heredoc) {
                    (false, _) => ValueKind::String(value),
                    (true, true) => ValueKind::Template(value),
                    (true, false) => ValueKind::Template(self.slice(Span::new(span.start + 1, span.end - 1)).into()),
                }
            }
            TokenKind::Number(n) => {
                self.bump();
                ValueKind::Number(n)
            }
            TokenKind::Ident if matches!(self.slice(span), "true" | "false") => {
                self.bump();
                ValueKind::Bool(self.slice(span) == "true")
            }
            TokenKind::Ident | TokenKind::LParen => return self.hcl2(span.start, context, Hcl2::Expression, true),
            TokenKind::Op if matches!(self.slice(span), "!" | "-") && self.operand_follows() => {
                return self.hcl2(span.start, context, Hcl2::Expression, true);
            }
            TokenKind::LBrack if self.peek_word(1, "for") => return self.hcl2(span.start, context, Hcl2::For, true),
            TokenKind::LBrace if self.for_object() => return self.hcl2(span.start, context, Hcl2::For, true),
            TokenKind::LBrack => return self.list().and_then(|v| self.after_value(v, context)),
            TokenKind::LBrace => {
                self.bump();
                return self.object(span, "object").and_then(|v| self.after_value(v, context));
            }
            _ => return Err(self.unexpected("a value", VALUE_HELP)),
        };
        self.after_value(Value { kind, span }, context)
    }

    /// True if the token after the one ahead can start an operand of the unary operator ahead.
    fn operand_follows(&mut self) -> bool {
        let token = self.peek(1).clone();
        !token.newline_before
            && match token.kind {
                TokenKind::Ident
                | TokenKind::LParen
                | TokenKind::LBrack
                | TokenKind::LBrace
                | TokenKind::Text { .. }
                | TokenKind::Number(_) => true,
                TokenKind::Op => matches!(self.slice(token.span), "!" | "-"),
                _ => false,
            }
    }

    /// `{ for k, v in` / `{ for x in` ahead (HCL2's object `for` expression).
    fn for_object(&mut self) -> bool {
        self.peek_word(1, "for")
            && self.peek(2).kind == TokenKind::Ident
            && (self.peek(3).kind == TokenKind::Comma
                || (self.peek_word(3, "in") && self.peek(4).kind != TokenKind::LBrace))
    }

    /// Turns `value` into an HCL2 expression if an operator, `.` or `[` continues it.
    fn after_value(&mut self, value: Value, context: Context) -> Parsed<Value> {
        let token = self.peek(0).clone();
        let continues = match token.kind {
            TokenKind::Op | TokenKind::Dot => true,
            TokenKind::Number(_) => self.slice(token.span).starts_with('-'),
            // In a list, HCL1 reads `[[1] [2]]` as two lists.
            TokenKind::LBrack => context == Context::Item,
            _ => false,
        };
        if continues && (context == Context::List || !token.newline_before) {
            self.hcl2(value.span.start, context, Hcl2::Operator, false)
        } else if token.span.start == value.span.end
            && matches!(token.kind, TokenKind::Text { .. } | TokenKind::Ident | TokenKind::Unknown(_))
            && self.open_directive(value.span)
        {
            // `"%{ if a == "b" }..."`: HCL1 ends the string at the quote inside the directive.
            self.hcl2(value.span.start, context, Hcl2::Directive, false)
        } else {
            Ok(value)
        }
    }

    /// True if `span` is a quoted string whose last `%{` is not closed: HCL1 cut an HCL2
    /// template directive at a quote inside it.
    fn open_directive(&self, span: Span) -> bool {
        let text = self.slice(span);
        text.starts_with('"') && text.rfind("%{").is_some_and(|i| !text[i..].contains('}'))
    }

    /// A `{ ... }` body whose `{` (`open`) was consumed. On error the items read so far are left
    /// in [`Parser::partial`].
    fn object(&mut self, open: Span, what: &str) -> Parsed<Value> {
        self.enter(open)?;
        let mut items = Vec::new();
        let result = self.items(&mut items, Some((open, what)));
        self.depth -= 1;
        match result {
            Ok(close) => {
                let span = open.join(close);
                Ok(Value { kind: ValueKind::Object(Body { items, span }), span })
            }
            Err(stop) => {
                let span = Span::new(open.start, items.last().map_or(open.end, |item| item.span.end));
                self.partial = Some(Value { kind: ValueKind::Object(Body { items, span }), span });
                Err(stop)
            }
        }
    }

    /// A list `[ ... ]`, the `[` being next.
    fn list(&mut self) -> Parsed<Value> {
        let open = self.bump().span;
        self.enter(open)?;
        let mut values = Vec::new();
        let mut need_comma = false;
        let result = loop {
            let token = self.peek(0).clone();
            match token.kind {
                TokenKind::RBrack => break Ok(self.bump().span),
                TokenKind::Eof => break Err(self.unclosed(open, "list")),
                TokenKind::Comma => {
                    self.bump();
                    need_comma = false;
                }
                TokenKind::Error(_) => break Err(self.unexpected("a value", VALUE_HELP)),
                TokenKind::RBrace | TokenKind::RParen => break Err(self.unclosed(open, "list")),
                _ if need_comma => {
                    let help = "separate list elements with commas";
                    break Err(self.unexpected("`,` or `]` after a list element", help));
                }
                kind => match self.value(Context::List) {
                    Ok(value) => {
                        // HCL1 needs no comma after a nested list.
                        need_comma = !(kind == TokenKind::LBrack && matches!(value.kind, ValueKind::List(_)));
                        values.push(value);
                    }
                    Err(stop) => break Err(stop),
                },
            }
        };
        self.depth -= 1;
        self.partial = None;
        let close = result?;
        Ok(Value { kind: ValueKind::List(values), span: open.join(close) })
    }

    // ----- HCL2 ---------------------------------------------------------------------------

    /// Skips an HCL2 expression starting at `start` and reports it. When `first` is true the
    /// token ahead belongs to the expression whatever it is; after it, the expression ends
    /// outside brackets at `,`, a closing bracket, the end of the text or (after `=`) a line
    /// break.
    fn hcl2(&mut self, start: usize, context: Context, what: Hcl2, mut first: bool) -> Parsed<Value> {
        let mut open: Vec<Span> = Vec::new();
        let mut end = self.prev_end.max(start);
        // True while the expression is one bare word, or words side by side (`echo hello`).
        let mut words = what == Hcl2::Expression;
        let mut count = 0usize;
        loop {
            let token = self.peek(0).clone();
            let outside = open.is_empty() && !first;
            match token.kind {
                TokenKind::Eof => match open.last() {
                    Some(&bracket) => {
                        let what = match self.slice(bracket) {
                            "(" => "parenthesis",
                            "[" => "bracket",
                            _ => "brace",
                        };
                        return Err(self.unclosed(bracket, what));
                    }
                    None => break,
                },
                TokenKind::Error(_) => return Err(self.unexpected("a value", VALUE_HELP)),
                TokenKind::Comma | TokenKind::Assign | TokenKind::RBrace | TokenKind::RBrack | TokenKind::RParen
                    if outside =>
                {
                    break;
                }
                _ if outside && context == Context::Item && token.newline_before => break,
                TokenKind::LParen | TokenKind::LBrack | TokenKind::LBrace => {
                    if self.depth + open.len() >= MAX_DEPTH {
                        return Err(self.limit(token.span));
                    }
                    open.push(token.span);
                }
                TokenKind::RParen | TokenKind::RBrack | TokenKind::RBrace => {
                    open.pop();
                }
                _ => {}
            }
            words &= match token.kind {
                TokenKind::Ident => !self.slice(token.span).contains('.'),
                TokenKind::Text { heredoc: false, .. } | TokenKind::Number(_) => count > 0,
                _ => false,
            };
            count += 1;
            end = self.bump().span.end;
            first = false;
        }
        let span = Span::new(start, end);
        let text = self.slice(span);
        let shown = short(text);
        let (reader, alternative) = (self.reader(), self.alternative());
        let (message, help, kind) = if what == Hcl2::For {
            let help = format!("{reader}, which computes nothing: write the resulting value out{alternative}");
            (format!("`{shown}` is an HCL2 `for` expression"), help, ValueKind::Expression(text.into()))
        } else if what == Hcl2::Directive {
            let help = format!(
                "HCL1 has no template directives and ends the string at the first quote inside `%{{ ... }}`: write \
                 the text out{alternative}"
            );
            let message = format!("`{shown}` uses an HCL2 template directive with quotes inside");
            (message, help, ValueKind::Expression(text.into()))
        } else if text == "null" {
            let help = format!("HCL1 has no null: leave the attribute out to get its default{alternative}");
            ("`null` is an HCL2 value".to_string(), help, ValueKind::Null)
        } else if matches!(text, "string" | "number" | "bool" | "any")
            || ["list(", "map(", "set(", "object(", "tuple("].iter().any(|p| text.starts_with(p))
        {
            let help = format!(
                "type constraints belong to HCL2 `variable` blocks; {reader}, which has no input variables: remove \
                 the block{alternative}"
            );
            (format!("`{shown}` is an HCL2 type constraint"), help, ValueKind::Expression(text.into()))
        } else if words {
            // Bare words are more likely a string without quotes than HCL2 variables.
            let help = if text.contains(['"', '\n']) {
                "strings need double quotes".to_string()
            } else {
                format!("strings need double quotes: `\"{text}\"`")
            };
            let diagnostic = self.syntax(span, format!("expected a value, found `{shown}`")).with_help(help);
            return Err(self.fail(diagnostic));
        } else {
            let quotable = what == Hcl2::Expression
                && text.len() <= 60
                && !text.contains('\n')
                && !text.contains("${")
                && !text.contains("<<");
            let values = "where values are literals: strings, numbers, booleans, lists and objects";
            let help = if quotable {
                format!("{reader}, {values}. Quote it as `\"${{{text}}}\"`{alternative}")
            } else {
                format!("{reader}, {values}. Write the value itself{alternative}")
            };
            (format!("`{shown}` is an HCL2 expression"), help, ValueKind::Expression(text.into()))
        };
        self.report_hcl2(span, message, help, &shown);
        Ok(Value { kind, span })
    }

    /// Who reads this text as HCL1, for help texts.
    fn reader(&self) -> &'static str {
        match self.source {
            SourceId::Jobspec => "Nomad 0.2 reads jobspecs as HCL1",
            SourceId::Nodes => "netplay reads the node inventory as HCL1",
            SourceId::VarFile(_) => "this variable file is read as HCL1",
            SourceId::Interfaces | SourceId::Allocs(_) => "this file is read as HCL1",
        }
    }

    /// The way out of HCL1 that help texts end with (for jobspecs: another Nomad version).
    fn alternative(&self) -> &'static str {
        match self.source {
            SourceId::Jobspec => " or choose Nomad 1.x",
            SourceId::Nodes | SourceId::VarFile(_) | SourceId::Interfaces | SourceId::Allocs(_) => "",
        }
    }

    /// The first HCL2 construct gets a diagnostic; later ones become its labels.
    fn report_hcl2(&mut self, span: Span, message: String, help: String, shown: &str) {
        match self.hcl2_first.and_then(|i| self.diagnostics.get_mut(i)) {
            Some(first) if first.labels.len() < MAX_HCL2_LABELS => {
                first.labels.push(Label {
                    source: first.source,
                    span,
                    start: Default::default(),
                    end: Default::default(),
                    message: format!("`{shown}` is HCL2 too"),
                });
            }
            Some(_) => self.hcl2_unmarked += 1,
            None => {
                self.hcl2_first = Some(self.diagnostics.len());
                let diagnostic = Diagnostic::error(Code::Hcl2Syntax, self.source, span, message).with_help(help);
                self.diagnostics.push(diagnostic);
            }
        }
    }
}

/// The first line of `text`, cut to 48 characters, with `...` if anything was left out.
pub(in crate::syntax) fn short(text: &str) -> std::borrow::Cow<'_, str> {
    let line = text.lines().next().unwrap_or("");
    let cut = line.char_indices().nth(48).map_or(line.len(), |(i, _)| i);
    if cut == text.len() { std::borrow::Cow::Borrowed(text) } else { format!("{}...", &line[..cut]).into() }
}

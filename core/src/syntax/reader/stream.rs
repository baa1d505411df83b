//! A lenient token stream of an HCL text, for syntax highlighting.
//!
//! [`tokens`] runs the reader's own lexer ([`super::lexer`]) in its lenient mode, so the HCL1
//! reader and the highlighter share one set of lexical rules: what the reader takes for a
//! string, a heredoc, a number or a comment, the highlighter colours as one. The stream never
//! stops: a broken string becomes an [`TokenKind::Error`] token up to the end of its line, a bad
//! number or heredoc introduction an error token of its own bytes, and lexing goes on after it.
//! It reads HCL2 text as well (`%{...}` directives, `$${` escapes, quoted strings inside
//! `${...}`, heredocs closed at the end of the text, `...`), and takes time linear in the text.
//!
//! Tokens are in text order and do not overlap; the bytes between them are blanks (spaces,
//! tabs, line breaks). Every span starts and ends on a character boundary.

use super::lexer::{Lexer, PartKind, Step, TokenKind as Raw};
use crate::source::Span;

/// What a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A `#`, `//` or `/* */` comment (an unclosed `/*` runs to the end of the text).
    Comment,
    /// Text of a quoted string, quotes included, between its interpolations.
    String,
    /// A `${...}` or `%{...}` inside a string or heredoc, braces included.
    Interpolation,
    /// Text of a heredoc, from `<<` to its closing marker (or to the end of the text when it
    /// is not closed), between its interpolations.
    Heredoc,
    /// A numeric literal (decimal, `0x` hexadecimal, with sign, fraction or exponent).
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// Any other word: HCL1 identifiers may hold `-` and `.` (`var.image` is one token).
    Ident,
    /// Brackets, `=`, `,` and operators (`==`, `=>`, `&&`, `?`, `:`, `...`, ...).
    Punct,
    /// Bytes that make no valid token: an unterminated string (up to its line's end), a bad
    /// escape inside a string, a bad number (`10s`), a bad heredoc introduction (`<<` without
    /// a marker), a character HCL does not know (`@`).
    Error,
}

/// One token of [`tokens`] and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its bytes in the text.
    pub span: Span,
}

/// Splits `text` into highlighting tokens, in order, never stopping at an error (see the
/// module's docs).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut lexer = Lexer::lenient(text);
    let mut out = Vec::new();
    let mut push = |kind, start: usize, end: usize| {
        if start < end {
            out.push(Token { kind, span: Span::new(start, end) });
        }
    };
    loop {
        match lexer.next_lenient() {
            Step::Eof => break,
            Step::Comment(span) => {
                // A line comment keeps the `\r` of a CRLF line break out.
                let end = if text[span.start..span.end].ends_with('\r') && !text[span.start..].starts_with("/*") {
                    span.end - 1
                } else {
                    span.end
                };
                push(TokenKind::Comment, span.start, end);
            }
            Step::Failed(span) => {
                // HCL2 reads `089` as a decimal number, HCL1 as a bad octal one.
                let digits = text[span.start..span.end].bytes().all(|b| b.is_ascii_digit());
                push(if digits { TokenKind::Number } else { TokenKind::Error }, span.start, span.end);
            }
            Step::Token(Raw::Text { heredoc, .. }, span) => {
                let text_kind = if heredoc { TokenKind::Heredoc } else { TokenKind::String };
                let mut at = span.start;
                for part in lexer.parts() {
                    push(text_kind, at, part.span.start);
                    let kind = match part.kind {
                        PartKind::Interpolation => TokenKind::Interpolation,
                        PartKind::BadEscape => TokenKind::Error,
                    };
                    push(kind, part.span.start, part.span.end);
                    at = part.span.end;
                }
                push(text_kind, at, span.end);
            }
            Step::Token(raw, span) => {
                let kind = match raw {
                    Raw::Number(_) => TokenKind::Number,
                    Raw::Ident => match &text[span.start..span.end] {
                        "true" | "false" => TokenKind::Bool,
                        "null" => TokenKind::Null,
                        _ => TokenKind::Ident,
                    },
                    Raw::Unknown(_) | Raw::Error(_) => TokenKind::Error,
                    _ => TokenKind::Punct,
                };
                push(kind, span.start, span.end);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text` as (kind, text) pairs, after checking the stream's promises: in
    /// order, not overlapping, not empty, on character boundaries, only blanks in between.
    fn lex(text: &str) -> Vec<(TokenKind, &str)> {
        let tokens = tokens(text);
        let mut at = 0;
        for t in &tokens {
            let Span { start, end } = t.span;
            assert!(at <= start && start < end && end <= text.len(), "{t:?} after {at} in {text:?}");
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{t:?} in {text:?}");
            assert!(
                text[at..start].bytes().all(|b| b" \t\r\n".contains(&b)),
                "{:?} skipped in {text:?}",
                &text[at..start]
            );
            at = end;
        }
        assert!(text[at..].bytes().all(|b| b" \t\r\n".contains(&b)), "{:?} dropped in {text:?}", &text[at..]);
        tokens.into_iter().map(|t| (t.kind, &text[t.span.start..t.span.end])).collect()
    }

    use TokenKind::*;

    #[test]
    fn every_kind() {
        let text = "# c\njob \"web\" {\n  count = -2 // n\n  ok = true\n  no = null\n  s = \"a${b}c\"\n  \
                    h = <<EOF\nx ${y}\nEOF\n  f = false /* b */ x = 0x1F @\n}";
        assert_eq!(
            lex(text),
            [
                (Comment, "# c"),
                (Ident, "job"),
                (String, "\"web\""),
                (Punct, "{"),
                (Ident, "count"),
                (Punct, "="),
                (Number, "-2"),
                (Comment, "// n"),
                (Ident, "ok"),
                (Punct, "="),
                (Bool, "true"),
                (Ident, "no"),
                (Punct, "="),
                (Null, "null"),
                (Ident, "s"),
                (Punct, "="),
                (String, "\"a"),
                (Interpolation, "${b}"),
                (String, "c\""),
                (Ident, "h"),
                (Punct, "="),
                (Heredoc, "<<EOF\nx "),
                (Interpolation, "${y}"),
                (Heredoc, "\nEOF"),
                (Ident, "f"),
                (Punct, "="),
                (Bool, "false"),
                (Comment, "/* b */"),
                (Ident, "x"),
                (Punct, "="),
                (Number, "0x1F"),
                (Error, "@"),
                (Punct, "}"),
            ]
        );
    }

    #[test]
    fn hcl2_operators_and_punctuation() {
        let text = "a == b != c <= d >= e && f || !g ? h : i => [x...] (1 + 2 * 3 / 4 % 5 - 6) < > , .";
        let punct: Vec<&str> = lex(text).into_iter().filter(|(k, _)| *k == Punct).map(|(_, s)| s).collect();
        assert_eq!(
            punct,
            [
                "==", "!=", "<=", ">=", "&&", "||", "!", "?", ":", "=>", "[", "...", "]", "(", "+", "*", "/", "%", "-",
                ")", "<", ">", ",", "."
            ]
        );
        // HCL1's words: `-` and `.` continue an identifier.
        assert_eq!(lex("var.image x-1"), [(Ident, "var.image"), (Ident, "x-1")]);
    }

    #[test]
    fn hcl2_templates() {
        // A quoted string inside an interpolation is skipped whole, braces and all.
        assert_eq!(
            lex(r#""x\"${f("}", {a = "${b}"})}-%{ if c }y%{ endif }""#),
            [
                (String, r#""x\""#),
                (Interpolation, r#"${f("}", {a = "${b}"})}"#),
                (String, "-"),
                (Interpolation, "%{ if c }"),
                (String, "y"),
                (Interpolation, "%{ endif }"),
                (String, "\""),
            ]
        );
        // `$${` and `%%{` are escapes, not interpolations.
        assert_eq!(lex(r#""$${a} %%{b}""#), [(String, r#""$${a} %%{b}""#)]);
        // In a heredoc an interpolation may span lines; `<<-` works the same.
        assert_eq!(
            lex("<<-EOT\n  ${jsonencode({\n    a = 1\n  })}\n  EOT\n"),
            [(Heredoc, "<<-EOT\n  "), (Interpolation, "${jsonencode({\n    a = 1\n  })}"), (Heredoc, "\n  EOT")]
        );
        // An interpolation a heredoc body does not close is text.
        assert_eq!(lex("<<EOF\n${a\nEOF\n"), [(Heredoc, "<<EOF\n${a\nEOF")]);
    }

    #[test]
    fn errors_do_not_stop_the_stream() {
        // An unterminated string is an error up to the end of its line.
        assert_eq!(
            lex("a = \"open\nb = 1"),
            [(Ident, "a"), (Punct, "="), (Error, "\"open"), (Ident, "b"), (Punct, "="), (Number, "1")]
        );
        // ... as is one whose interpolation does not close on its line.
        assert_eq!(lex("\"${a\n}\" x"), [(Error, "\"${a"), (Punct, "}"), (Error, "\" x")]);
        // A bad escape is an error inside a string that goes on.
        assert_eq!(lex(r#""a\qb" c"#), [(String, "\"a"), (Error, "\\q"), (String, "b\""), (Ident, "c")]);
        assert_eq!(lex(r#""\u12" c"#), [(String, "\""), (Error, "\\u12"), (String, "\""), (Ident, "c")]);
        // A bad number is one error word; HCL2's leading zeros are a number.
        assert_eq!(
            lex("t = 10s 1e 0x 089 2"),
            [(Ident, "t"), (Punct, "="), (Error, "10s"), (Error, "1e"), (Error, "0x"), (Number, "089"), (Number, "2")]
        );
        // `<<` without a marker, or a marker not ending its line.
        assert_eq!(lex("1 << 2"), [(Number, "1"), (Error, "<<"), (Number, "2")]);
        assert_eq!(lex("<<EOF x\n1"), [(Error, "<<EOF "), (Ident, "x"), (Number, "1")]);
        assert_eq!(lex("' $ ~"), [(Error, "'"), (Error, "$"), (Error, "~")]);
    }

    #[test]
    fn unclosed_at_the_end_of_the_text() {
        assert_eq!(lex("a /* open\nb"), [(Ident, "a"), (Comment, "/* open\nb")]);
        assert_eq!(
            lex("a = <<EOF\nb ${c}\nd"),
            [(Ident, "a"), (Punct, "="), (Heredoc, "<<EOF\nb "), (Interpolation, "${c}"), (Heredoc, "\nd")]
        );
        assert_eq!(lex("a = <<EOF"), [(Ident, "a"), (Punct, "="), (Error, "<<EOF")]);
        assert_eq!(lex("a = \"b"), [(Ident, "a"), (Punct, "="), (Error, "\"b")]);
        assert_eq!(lex("\"b\\"), [(Error, "\"b\\")]);
        assert_eq!(lex("\"${"), [(Error, "\"${")]);
        assert_eq!(lex("# c"), [(Comment, "# c")]);
        // A heredoc closed by the last line needs no line break after its marker (HCL2).
        assert_eq!(lex("<<EOF\na\nEOF"), [(Heredoc, "<<EOF\na\nEOF")]);
        assert_eq!(lex(""), []);
        assert_eq!(lex("\n \t\r\n"), []);
    }

    #[test]
    fn crlf_line_breaks() {
        assert_eq!(
            lex("# c\r\na = \"b\r\nc = <<EOF\r\nx\r\nEOF\r\n"),
            [
                (Comment, "# c"),
                (Ident, "a"),
                (Punct, "="),
                (Error, "\"b"),
                (Ident, "c"),
                (Punct, "="),
                (Heredoc, "<<EOF\r\nx\r\nEOF"),
            ]
        );
    }

    #[test]
    fn unicode() {
        assert_eq!(
            lex("ünï = \"😀 ${é}\" # ☃\n😀 é1"),
            [
                (Ident, "ünï"),
                (Punct, "="),
                (String, "\"😀 "),
                (Interpolation, "${é}"),
                (String, "\""),
                (Comment, "# ☃"),
                (Error, "😀"),
                (Ident, "é1"),
            ]
        );
        assert_eq!(lex("\"\\é\" x"), [(String, "\""), (Error, "\\é"), (String, "\""), (Ident, "x")]);
    }

    #[test]
    fn every_prefix_of_a_jobspec_lexes() {
        let text = "job \"w\" {\n  a = \"x${f(\"}\")}\" # c\n  b = <<-EOF\n    ${y}\n    EOF\n  /* z */ c = [1.5e3, \
                    -0x1, null]\n}\n";
        for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            lex(&text[..cut]);
            lex(&text[cut..]);
        }
    }

    #[test]
    fn a_megabyte_of_hostile_text_finishes() {
        // Each pattern would cost quadratic time if a failed scan were started again on every
        // line or every token.
        for unit in ["\"${\n", "\"${\"${\"\n", "<<EOF\n", "/* ", "a = \"x\" ", "${${", "\"${a}${b}", "\"\\q"] {
            let text = unit.repeat((1 << 20) / unit.len());
            assert!(text.len() > 1_000_000);
            let tokens = tokens(&text);
            assert!(!tokens.is_empty(), "{unit:?}");
            assert!(tokens.last().is_some_and(|t| t.span.end <= text.len()));
        }
    }
}

//! Where a missing `}` most likely belongs.
//!
//! A parser meets a forgotten `}` only at the end of the text (or at a bracket that does not
//! fit), often far from the mistake: every later `}` closes the block one level further out
//! than its author meant. People indent their blocks, though, so the indentation tells where a
//! block really ends. Like the hints of rustc and gcc, [`likely_missing_close`] walks the text
//! and finds the first line that goes back out (to the indentation of a block's opening line,
//! or further) while that block is still open: the `}` belongs right before it.
//!
//! Only blocks whose body is indented deeper than their opening line are judged (a text written
//! without indentation gets no hint). Brackets inside strings, heredocs, comments and
//! interpolations do not count: the walk reads the lenient token stream of [`super::tokens`],
//! so it works for HCL1 and HCL2 alike. Time is linear in the text.

use super::{TokenKind, tokens};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceId, Span};

/// A block that is probably missing its `}`, and where the `}` most likely belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingClose {
    /// The block's `{`.
    pub open: Span,
    /// The block's name: the first word of its opening line (`network`), when there is one.
    pub name: Option<Span>,
    /// The first word of the first line that goes back out while the block is open.
    pub goes_out: Span,
}

/// One open bracket while walking the text.
#[derive(Debug, Clone, Copy)]
struct Open {
    /// `{`, `[` or `(`.
    bracket: u8,
    span: Span,
    /// Indentation of the line the bracket is on.
    indent: usize,
    /// The first word of that line.
    first: Option<Span>,
    /// Indentation of the first line after it that starts something (not known yet: `None`).
    body_indent: Option<usize>,
}

/// Finds the block that the indentation says is missing its `}` (see the [module docs](self)).
pub fn likely_missing_close(text: &str) -> Option<MissingClose> {
    walk(text).0
}

/// The diagnostic for a block left open, where the indentation points at an earlier line than
/// `stopped`, the place a parser noticed (the end of the text, or a bracket that does not fit).
///
/// It sits on the first word of the line that goes back out, names the block and its opening
/// line, and labels the opening brace and (when later) where the parser stopped. `None` when the
/// indentation says nothing earlier than `stopped`.
pub fn misplaced_close(text: &str, source: SourceId, stopped: Span) -> Option<Diagnostic> {
    let m = walk(text).0.filter(|m| m.goes_out.start <= stopped.start)?;
    let block = block_name(text, m.name);
    let (open_line, out_line) = (line_of(text, m.open.start), line_of(text, m.goes_out.start));
    let d = Diagnostic::error(
        Code::HclSyntax,
        source,
        m.goes_out,
        format!("expected `}}` before line {out_line} to close the {block} opened at line {open_line}"),
    )
    .with_label(m.open, format!("{block} opened here"))
    .with_help(format!(
        "the indentation goes back out at line {out_line} while the {block} of line {open_line} is still open: \
         add its `}}` on the line before"
    ));
    if stopped.start <= m.goes_out.start {
        return Some(d);
    }
    let at_end = stopped.start >= text.trim_end().len();
    Some(d.with_label(
        stopped,
        if at_end { "the text ends with the block still open" } else { "the parser stopped here" },
    ))
}

/// [`misplaced_close`], else the diagnostic at `stopped` naming the innermost block still open at
/// the end of the text and its opening line. `None` when no `{` is left open.
pub fn unclosed_block(text: &str, source: SourceId, stopped: Span) -> Option<Diagnostic> {
    if let Some(d) = misplaced_close(text, source, stopped) {
        return Some(d);
    }
    let open = walk(text).1?;
    let block = block_name(text, open.first);
    Some(
        Diagnostic::error(
            Code::HclSyntax,
            source,
            stopped,
            format!("expected `}}` to close the {block} opened at line {}", line_of(text, open.span.start)),
        )
        .with_label(open.span, format!("{block} opened here"))
        .with_help("add the missing `}`"),
    )
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    1 + text.get(..offset).map_or(0, |before| before.matches('\n').count())
}

/// "`network` block", or "block" for a brace without a name before it.
fn block_name(text: &str, name: Option<Span>) -> String {
    name.and_then(|n| text.get(n.start..n.end)).map_or_else(|| "block".to_string(), |n| format!("`{n}` block"))
}

/// The first block the indentation says is missing its `}`, and the innermost `{` still open at
/// the end of the text.
fn walk(text: &str) -> (Option<MissingClose>, Option<Open>) {
    let mut found = None;
    let mut stack: Vec<Open> = Vec::new();
    let mut line_start = usize::MAX;
    let mut line_first: Option<Span> = None;
    // The start of the line of the current token, found by scanning each byte once.
    let (mut scanned, mut this_line) = (0, 0);
    for token in tokens(text) {
        let start = token.span.start;
        if let Some(nl) = text.get(scanned..start).and_then(|between| between.rfind('\n')) {
            this_line = scanned + nl + 1;
        }
        scanned = scanned.max(start);
        let first_on_line = this_line != line_start;
        if first_on_line && token.kind != TokenKind::Comment {
            line_start = this_line;
            let indent = indentation(text, this_line);
            line_first = Some(token.span);
            let closes = text.get(token.span.start..token.span.end) == Some("}");
            if let Some(top) = stack.last_mut().filter(|t| t.bracket == b'{') {
                match top.body_indent {
                    // The block's first line tells whether its body is indented at all.
                    None if !closes => top.body_indent = Some(indent),
                    Some(body) if body > top.indent => {
                        let out = if closes { indent < top.indent } else { indent <= top.indent };
                        if out && found.is_none() {
                            found = Some(MissingClose { open: top.span, name: top.first, goes_out: token.span });
                        }
                    }
                    _ => {}
                }
            }
        } else if first_on_line {
            // A comment alone on its line says nothing about the structure.
            continue;
        }
        if token.kind != TokenKind::Punct {
            continue;
        }
        match text.get(token.span.start..token.span.end) {
            Some(open @ ("{" | "[" | "(")) => stack.push(Open {
                bracket: open.bytes().next().unwrap_or(b'{'),
                span: token.span,
                indent: indentation(text, line_start),
                first: line_first.filter(|f| *f != token.span),
                body_indent: None,
            }),
            Some("}" | "]" | ")") => {
                stack.pop();
            }
            _ => {}
        }
    }
    (found, stack.into_iter().rev().find(|o| o.bracket == b'{'))
}

/// The number of blanks (spaces, tabs) a line starts with.
fn indentation(text: &str, line_start: usize) -> usize {
    text.get(line_start..).map_or(0, |line| line.bytes().take_while(|b| *b == b' ' || *b == b'\t').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 1-based line of a byte offset.
    fn line(text: &str, offset: usize) -> usize {
        1 + text[..offset].matches('\n').count()
    }

    /// (line of the `{`, the block's name, line that goes back out)
    fn hint(text: &str) -> Option<(usize, String, usize)> {
        likely_missing_close(text).map(|m| {
            let name = m.name.map(|n| text[n.start..n.end].to_string()).unwrap_or_default();
            (line(text, m.open.start), name, line(text, m.goes_out.start))
        })
    }

    #[test]
    fn a_deleted_brace_in_the_middle_is_found_where_the_indentation_goes_back_out() {
        let text = "job \"x\" {\n  group \"g\" {\n    network {\n      port \"http\" {}\n\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";
        assert_eq!(hint(text), Some((3, "network".into(), 6)));
    }

    #[test]
    fn a_closing_brace_further_out_than_its_block_counts_as_going_out() {
        let text = "job \"x\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n  }\n}\n";
        assert_eq!(hint(text), Some((3, "task".into(), 5)));
    }

    #[test]
    fn well_formed_and_end_of_file_cases_give_no_hint() {
        assert_eq!(hint("job \"x\" {\n  group \"g\" {\n    count = 1\n  }\n}\n"), None);
        // The last brace is missing: nothing goes back out before the end.
        assert_eq!(hint("job \"x\" {\n  group \"g\" {\n    count = 1\n  }\n"), None);
    }

    #[test]
    fn text_without_indentation_gets_no_hint() {
        assert_eq!(hint("job \"x\" {\ngroup \"g\" {\ncount = 1\n}\n"), None);
    }

    #[test]
    fn braces_in_strings_comments_heredocs_and_interpolations_do_not_count() {
        let text = "job \"x\" {\n  # a { in a comment\n  meta {\n    a = \"{\"\n    b = \"${x}\"\n    c = <<EOF\n{\nEOF\n  }\n  group \"g\" {\n    count = 1\n\n  task \"t\" {}\n}\n";
        assert_eq!(hint(text), Some((10, "group".into(), 13)));
    }

    #[test]
    fn multi_line_lists_and_one_line_blocks_are_fine() {
        let text = "job \"x\" {\n  task \"t\" {\n    config {\n      args = [\n  \"-a\",\n      ]\n    }\n    resources { cpu = 1 }\n  }\n}\n";
        assert_eq!(hint(text), None);
        // A block opened and left open on a line holding other items.
        let text = "job \"x\" {\n  task \"t\" { driver = \"exec\"\n    env { A = \"1\" }\n  group \"g\" {}\n}\n";
        assert_eq!(hint(text), Some((2, "task".into(), 4)));
    }

    #[test]
    fn tabs_indent_like_spaces_and_unnamed_blocks_have_no_name() {
        let text = "job \"x\" {\n\tgroup \"g\" {\n\t\tx = {\n\t\t\ta = 1\n\t\tcount = 1\n\t}\n}\n";
        assert_eq!(hint(text), Some((3, "x".into(), 5)));
        let text = "{\n  a = 1\n{\n";
        assert_eq!(hint(text), Some((1, String::new(), 3)));
    }

    /// The jobspec of the first test, read by both parsers (HCL1 for 0.2, hcl-edit for 1.x).
    const DELETED: &str = "job \"x\" {\n  group \"g\" {\n    network {\n      port \"http\" {}\n\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";

    fn only_syntax_error(diagnostics: &[Diagnostic]) -> &Diagnostic {
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == Code::HclSyntax).collect();
        assert_eq!(errors.len(), 1, "{diagnostics:#?}");
        errors[0]
    }

    #[test]
    fn both_parsers_point_at_the_line_that_goes_back_out_and_name_the_opening_line() {
        let (_, hcl1) = crate::syntax::parse(DELETED, SourceId::Jobspec, crate::syntax::Dialect::Hcl1);
        let hcl2 = crate::hcl2::parse(DELETED, SourceId::Jobspec).expect_err("a syntax error");
        for d in [only_syntax_error(&hcl1), &hcl2] {
            assert_eq!(d.message, "expected `}` before line 6 to close the `network` block opened at line 3");
            assert_eq!(&DELETED[d.span.start..d.span.end], "task");
            assert_eq!(line(DELETED, d.labels[0].span.start), 3, "{d:#?}");
            assert_eq!(d.labels[0].message, "`network` block opened here");
            assert_eq!(d.labels[1].message, "the text ends with the block still open");
            assert!(d.help.as_deref().is_some_and(|h| h.contains("line 6")), "{d:#?}");
        }
    }

    #[test]
    fn without_an_indentation_hint_the_end_still_names_the_innermost_open_block() {
        let text = "job \"x\" {\n  group \"g\" {\n    count = 1\n  }\n";
        let d = crate::hcl2::parse(text, SourceId::Jobspec).expect_err("a syntax error");
        assert_eq!(d.message, "expected `}` to close the `job` block opened at line 1");
        assert_eq!(d.labels[0].span, Span::new(8, 9));
        let (_, hcl1) = crate::syntax::parse(text, SourceId::Jobspec, crate::syntax::Dialect::Hcl1);
        assert_eq!(only_syntax_error(&hcl1).message, "expected `}` to close the block opened at line 1");
        // A syntax error in the middle keeps hcl-edit's own message and place.
        let broken = "job \"x\" {\n  group \"g\" {\n    count = = 1\n  }\n}\n";
        let d = crate::hcl2::parse(broken, SourceId::Jobspec).expect_err("a syntax error");
        assert!(!d.message.contains("to close"), "{d:#?}");
    }
}

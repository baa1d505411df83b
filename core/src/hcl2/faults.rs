//! Where hcl-edit and Nomad's HCL disagree on a text, said plainly.
//!
//! netplay reads HCL2 with the `hcl-edit` crate (0.10). On a few inputs it reads what Nomad's
//! HCL refuses, or reads something else; [`check`] finds those in the parsed tree and reports
//! them, so netplay never shows results for a text Nomad would not run, or with a value Nomad
//! would not compute:
//!
//! - a quoted string that runs over a line break: hcl-edit keeps the line break, Nomad refuses
//!   the file (`Invalid multi-line string`);
//! - a `<<-` heredoc whose lines are indented less than hcl-edit's computed indentation (with
//!   interpolation in it): hcl-edit drops characters of those lines, Nomad keeps them.
//!
//! The third known difference, hcl-edit's limit of 64 nested brackets (Nomad has none), is a
//! parse error; `hcl2::syntax_error` adds the explanation to it.

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::Body as EditBody;
use hcl_edit::template::HeredocTemplate;
use hcl_edit::visit::{self, Visit};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::{SourceId, Span};

/// Reports every place of `body` (parsed from `text`) that hcl-edit reads unlike Nomad.
pub fn check(body: &EditBody, text: &str, source: SourceId, diags: &mut Diagnostics) {
    let mut finder = Finder { text, source, found: Vec::new() };
    finder.visit_body(body);
    diags.extend(finder.found);
}

struct Finder<'t> {
    text: &'t str,
    source: SourceId,
    found: Vec<Diagnostic>,
}

impl Visit for Finder<'_> {
    fn visit_expr(&mut self, node: &Expression) {
        if let (Expression::String(_) | Expression::StringTemplate(_), Some(range)) = (node, node.span())
            && let Some(raw) = self.text.get(range.clone())
            && raw.starts_with('"')
            && let Some(at) = line_break_outside_interpolation(raw)
        {
            let offset = range.start + at;
            self.found.push(
                Diagnostic::error(
                    Code::HclSyntax,
                    self.source,
                    Span::new(offset, offset + 1),
                    "Invalid multi-line string",
                )
                .with_help(
                    "Quoted strings may not be split over multiple lines. To produce a multi-line string, either \
                         use the \\n escape to represent a newline character or use the \"heredoc\" multi-line \
                         template syntax. (Nomad refuses this; netplay's HCL2 parser would have let it through.)",
                ),
            );
        }
        visit::visit_expr(self, node);
    }

    fn visit_heredoc_template(&mut self, node: &HeredocTemplate) {
        if let Some(indent) = node.indent()
            && let Some(range) = node.template.span()
            && let Some(body) = self.text.get(range.clone())
        {
            let mut offset = range.start;
            for line in body.split_inclusive('\n') {
                let content = line.trim_end_matches(['\n', '\r']);
                let leading = content.len() - content.trim_start_matches([' ', '\t']).len();
                if !content.trim().is_empty() && leading < indent {
                    self.found.push(
                        Diagnostic::error(
                            Code::ParserDifference,
                            self.source,
                            Span::new(offset, offset + content.len()),
                            "netplay cannot read this `<<-` heredoc as Nomad does",
                        )
                        .with_help(format!(
                            "this line is indented less than the heredoc's other lines ({indent} blanks); Nomad strips \
                             only the common indentation, but netplay's HCL2 parser (hcl-edit) would cut characters \
                             from this line. Indent it like the others, or use `<<` without `-`"
                        )),
                    );
                    break;
                }
                offset += line.len();
            }
        }
        visit::visit_heredoc_template(self, node);
    }
}

/// The offset of the first line break of a quoted string (with its quotes) that is not inside
/// a `${...}` or `%{...}`.
fn line_break_outside_interpolation(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    let mut depth = 0usize;
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 1,
            b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') && bytes.get(i.wrapping_sub(1)) != Some(&b) => {
                depth += 1;
                i += 1;
            }
            b'{' if depth > 0 => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b'\n' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults(text: &str) -> Vec<Diagnostic> {
        let body = hcl_edit::parser::parse_body(text).expect("hcl-edit reads it");
        let mut diags = Diagnostics::new();
        check(&body, text, SourceId::Jobspec, &mut diags);
        diags.into_vec()
    }

    #[test]
    fn hcl_edit_accepts_a_quoted_string_over_two_lines_and_nomad_does_not() {
        let text = "job \"j\" {\n  region = \"a\nb\"\n}\n";
        let found = faults(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, "Invalid multi-line string");
        assert_eq!(found[0].span.start, text.find("a\n").expect("there") + 1);
        // Inside an interpolation a line break is fine.
        assert!(faults("a = \"${1 +\n2}\"\n").is_empty());
        assert!(faults("a = \"one\\ntwo\"\n").is_empty());
    }

    #[test]
    fn hcl_edit_cuts_a_less_indented_heredoc_line_and_netplay_says_so() {
        let text = "a = <<-EOF\n  ab ${1}\ncd\n  EOF\n";
        let found = faults(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, Code::ParserDifference);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "cd");
        // Evenly indented heredocs read the same in both.
        assert!(faults("a = <<-EOF\n  ab ${1}\n  cd\n  EOF\n").is_empty());
        assert!(faults("a = <<EOF\nab\ncd\nEOF\n").is_empty());
    }

    #[test]
    fn hcl_edits_nesting_limit_is_explained() {
        let text = format!("a = {}1{}\n", "[".repeat(70), "]".repeat(70));
        let d = super::super::parse(&text, SourceId::Jobspec).expect_err("hcl-edit stops");
        assert!(d.help.as_deref().unwrap_or("").contains("Nomad's HCL has no such limit"), "{d:#?}");
    }
}

//! A bound on objects nested as operands, checked before hcl-edit parses a text.
//!
//! hcl-edit's parser backtracks on an object constructor that is the operand of an operator
//! (`x == {...}`, `-{...}`) when something inside it does not parse: each such object left
//! open multiplies the work by two, and every attempt reads on to where the parse fails, so the
//! rest of the text multiplies it again. The `inventory` fuzz target found 739 bytes of
//! `-{a - 0 -{a - 0 ...` (21 levels) that took 0.8 s to read; 8 levels followed by 500 KB of
//! blanks take 0.15 s. Brackets of any other kind, or objects that are not operands, nest
//! without that cost (measured to 18 levels with 500 KB after them).
//!
//! An object is almost never an operand in a jobspec (only `==` and `!=` accept one; the other
//! operators fail on it when Nomad evaluates the job), so netplay refuses a text where such
//! objects nest more than [`MAX_OPERAND_OBJECT_NESTING`] deep, with a diagnostic, before
//! hcl-edit sees it. The walk reads the lenient token stream of [`crate::syntax::tokens`] (the
//! project's one HCL lexer), so brackets inside strings, heredocs and comments do not count; it
//! is linear in the text.

use crate::diagnostic::{Code, Diagnostic};
use crate::limits::MAX_OPERAND_OBJECT_NESTING;
use crate::source::{SourceId, Span};
use crate::syntax::{TokenKind, tokens};

/// The operators after which a `{` opens an object that is their operand.
const OPERATORS: &[&str] = &["-", "+", "*", "/", "%", "!", "==", "!=", "<", ">", "<=", ">=", "&&", "||"];

/// The `limit-exceeded` error for the first object of `text` nested as an operand deeper than
/// [`MAX_OPERAND_OBJECT_NESTING`], or `None` when there is none.
pub(crate) fn too_deep(text: &str, source: SourceId) -> Option<Diagnostic> {
    // For each open bracket: whether it is an object after an operator.
    let mut stack: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    let mut after_operator = false;
    for token in tokens(text) {
        if token.kind == TokenKind::Comment {
            continue;
        }
        let punct = if token.kind == TokenKind::Punct { text.get(token.span.start..token.span.end) } else { None };
        match punct {
            Some("{") if after_operator => {
                stack.push(true);
                depth += 1;
                if depth > MAX_OPERAND_OBJECT_NESTING {
                    return Some(error(source, token.span));
                }
            }
            Some("{" | "[" | "(") => stack.push(false),
            Some("}" | "]" | ")") => {
                let operand = stack.pop() == Some(true);
                depth = depth.saturating_sub(usize::from(operand));
            }
            _ => {}
        }
        after_operator = punct.is_some_and(|p| OPERATORS.contains(&p));
    }
    None
}

fn error(source: SourceId, at: Span) -> Diagnostic {
    Diagnostic::error(
        Code::LimitExceeded,
        source,
        at,
        format!("objects nested as operands more than {MAX_OPERAND_OBJECT_NESTING} levels deep"),
    )
    .with_help(format!(
        "an object after an operator (`== {{`, `- {{`) opens here inside {MAX_OPERAND_OBJECT_NESTING} others; Nomad \
         has no such limit, but netplay's HCL2 parser (hcl-edit) can take seconds on such a text, so netplay reads \
         at most {MAX_OPERAND_OBJECT_NESTING}. Check for brackets left open"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(text: &str) -> Option<usize> {
        too_deep(text, SourceId::Jobspec).map(|d| d.span.start)
    }

    #[test]
    fn the_fuzz_finding_is_refused_at_the_first_object_past_the_limit() {
        let unit = "-{a - 0 ";
        let text = format!("a = {}", unit.repeat(21));
        assert_eq!(deep(&text), Some(4 + MAX_OPERAND_OBJECT_NESTING * unit.len() + 1));
        assert_eq!(deep(&format!("a = {}", unit.repeat(MAX_OPERAND_OBJECT_NESTING))), None);
        let comparisons = format!("a = x{}", " == {a - 0".repeat(MAX_OPERAND_OBJECT_NESTING + 1));
        assert!(deep(&comparisons).is_some());
    }

    #[test]
    fn objects_that_are_no_operands_and_other_brackets_nest_freely() {
        let n = 40;
        for text in [
            format!("a = {}1{}", "{ k = ".repeat(n), " }".repeat(n)),
            format!("a = {}1{}", "[".repeat(n), "]".repeat(n)),
            format!("a = {}1{}", "f(".repeat(n), ")".repeat(n)),
            format!("{}x = 1\n{}", "b \"l\" {\n".repeat(n), "}\n".repeat(n)),
            // Conditionals and lists take objects without the cost.
            format!("a = {}", "c ? {a - 0 : ".repeat(n)),
            format!("a = {}", "[{a - 0 ".repeat(n)),
        ] {
            assert_eq!(deep(&text), None, "{text}");
        }
    }

    #[test]
    fn closed_objects_give_their_level_back() {
        let closed = "a = x == { k = 1 } && y != { k = -{} }\n".repeat(100);
        assert_eq!(deep(&closed), None);
    }

    #[test]
    fn operators_in_strings_heredocs_and_comments_do_not_count() {
        let many = "-{a - 0 ".repeat(20);
        let text = format!("a = \"{many}\"\n# {many}\nb = <<EOF\n{many}\nEOF\n/* {many} */\n");
        assert_eq!(deep(&text), None);
    }
}

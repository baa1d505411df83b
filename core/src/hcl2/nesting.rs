//! A bound on bracket nesting inside one expression, checked before hcl-edit parses a text.
//!
//! hcl-edit's parser backtracks: on some texts that do not parse, its time doubles with each
//! level of brackets left open inside an expression. The `inventory` fuzz target found one
//! (`a = -{a - 0 -{a - 0 ...` and `x == {a - 0 == {a - 0 ...`: an object whose first item is
//! an operation, after an operator, nested 21 levels deep): 739 bytes that took 0.8 s to read.
//! Texts people write nest far less (5 levels at most in the real-world corpus, counting every
//! `[`, `(` and object `{` of one attribute's value), so netplay refuses a text that nests more
//! than [`MAX_EXPRESSION_NESTING`] with a diagnostic, before hcl-edit sees it, and every text
//! it does give hcl-edit is read in milliseconds.
//!
//! The walk reads the lenient token stream of [`crate::syntax::tokens`] (the project's one HCL
//! lexer), so brackets inside strings, heredocs and comments do not count; it is linear in the
//! text. A `{` opens a block body when it stands where a statement may (at the top of the text
//! or directly inside a block body) after a block's name or label; any other `{` is an object.

use crate::diagnostic::{Code, Diagnostic};
use crate::limits::MAX_EXPRESSION_NESTING;
use crate::source::{SourceId, Span};
use crate::syntax::{TokenKind, tokens};

/// What an open bracket opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// A block's body: statements.
    Block,
    /// A list, a parenthesised expression, a call's arguments or an object: an expression.
    Expression,
}

/// The `limit-exceeded` error for the first bracket of `text` that nests deeper than
/// [`MAX_EXPRESSION_NESTING`] inside one expression, or `None` when there is none.
pub(crate) fn too_deep(text: &str, source: SourceId) -> Option<Diagnostic> {
    let mut stack: Vec<Open> = Vec::new();
    let mut depth = 0usize;
    let mut after_name = false;
    for token in tokens(text) {
        if token.kind == TokenKind::Comment {
            continue;
        }
        let punct = if token.kind == TokenKind::Punct { text.get(token.span.start..token.span.end) } else { None };
        let opened = match punct {
            Some("{") if after_name && stack.last() != Some(&Open::Expression) => Some(Open::Block),
            Some("{" | "[" | "(") => Some(Open::Expression),
            Some("}" | "]" | ")") => {
                if stack.pop() == Some(Open::Expression) {
                    depth = depth.saturating_sub(1);
                }
                None
            }
            _ => None,
        };
        after_name = matches!(token.kind, TokenKind::Ident | TokenKind::String);
        let Some(open) = opened else { continue };
        stack.push(open);
        if open == Open::Expression {
            depth += 1;
            if depth > MAX_EXPRESSION_NESTING {
                return Some(error(source, token.span));
            }
        }
    }
    None
}

fn error(source: SourceId, at: Span) -> Diagnostic {
    Diagnostic::error(
        Code::LimitExceeded,
        source,
        at,
        format!("brackets nested more than {MAX_EXPRESSION_NESTING} levels deep in one expression"),
    )
    .with_help(format!(
        "Nomad has no such limit, but netplay's HCL2 parser (hcl-edit) can take time that doubles with each \
         level on such a text, so netplay reads at most {MAX_EXPRESSION_NESTING}; check for brackets left open, \
         or write the value with fewer levels"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(text: &str) -> Option<(usize, String)> {
        too_deep(text, SourceId::Jobspec).map(|d| (d.span.start, d.message))
    }

    #[test]
    fn nesting_up_to_the_limit_passes_and_one_more_level_is_refused_at_its_bracket() {
        let at_limit = format!("a = {}1{}", "[".repeat(MAX_EXPRESSION_NESTING), "]".repeat(MAX_EXPRESSION_NESTING));
        assert_eq!(deep(&at_limit), None);
        let over = format!("a = {}1{}", "[".repeat(MAX_EXPRESSION_NESTING + 1), "]".repeat(MAX_EXPRESSION_NESTING + 1));
        let (at, message) = deep(&over).expect("one level too many");
        assert_eq!(at, 4 + MAX_EXPRESSION_NESTING, "the first bracket past the limit");
        assert!(message.contains(&MAX_EXPRESSION_NESTING.to_string()), "{message}");
    }

    #[test]
    fn every_kind_of_expression_bracket_counts_and_closing_ones_give_the_levels_back() {
        let mixed = "a = f({ k = [(1)] })\n".repeat(50);
        assert_eq!(deep(&mixed), None, "levels closed again do not add up");
        let half = MAX_EXPRESSION_NESTING / 2 + 1;
        let text = format!("a = {}{}", "f(".repeat(half), "{ k = ".repeat(half));
        assert!(deep(&text).is_some(), "calls and objects count together");
    }

    #[test]
    fn block_bodies_do_not_count_but_objects_inside_them_do() {
        let blocks = format!("{}x = 1\n{}", "b \"l\" {\n".repeat(40), "}\n".repeat(40));
        assert_eq!(deep(&blocks), None, "40 nested blocks are statements, not an expression");
        let objects = format!(
            "b {{\n  x = {}1{}\n}}\n",
            "{ k = ".repeat(MAX_EXPRESSION_NESTING + 1),
            " }".repeat(MAX_EXPRESSION_NESTING + 1)
        );
        assert!(deep(&objects).is_some());
        // A block inside an object is no block: `{ k {` is an object with a key and an object.
        let shape = format!("x = {}", "{ k ".repeat(MAX_EXPRESSION_NESTING + 1));
        assert!(deep(&shape).is_some());
    }

    #[test]
    fn brackets_in_strings_heredocs_and_comments_do_not_count() {
        let many = "[".repeat(100);
        let text = format!("a = \"{many}\"\n# {many}\nb = <<EOF\n{many}\nEOF\n/* {many} */\n");
        assert_eq!(deep(&text), None);
    }

    #[test]
    fn the_fuzz_finding_is_refused() {
        let unit = "-{a - 0 ";
        assert!(deep(&format!("a = {}", unit.repeat(21))).is_some());
        assert_eq!(deep(&format!("a = {}", unit.repeat(MAX_EXPRESSION_NESTING))), None);
    }
}

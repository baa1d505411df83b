//! The evaluation budget and the nesting limit, through `read`: expressions built to multiply
//! work stop with one `limit-exceeded` diagnostic, and realistic texts never come near it.

use super::*;
use crate::diagnostic::{Code, Diagnostics};
use crate::hcl2::{Inputs, VariableInputs, read};
use crate::source::{SourceId, Span};

fn diagnostics(text: &str) -> Vec<crate::Diagnostic> {
    let mut diags = Diagnostics::new();
    let vars = VariableInputs::default();
    let _ = read(text, SourceId::Jobspec, &Inputs { variables: Some(&vars), files: None, seed: 1 }, &mut diags);
    diags.into_vec()
}

fn limits(text: &str) -> Vec<crate::Diagnostic> {
    diagnostics(text).into_iter().filter(|d| d.code == Code::LimitExceeded).collect()
}

const JOB: &str = "job \"j\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";

#[test]
fn locals_that_double_each_other_stop_at_the_budget_once() {
    let mut text = String::from("locals {\n  a0 = \"xxxxxxxxxxxxxxxx\"\n");
    for i in 1..64 {
        text.push_str(&format!("  a{i} = \"${{local.a{p}}}${{local.a{p}}}\"\n", p = i - 1));
    }
    text.push_str("}\n");
    text.push_str(JOB);
    let found = limits(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].help.as_deref().is_some_and(|h| h.contains(&MAX_EVALUATION_WORK.to_string())));
}

#[test]
fn nested_loops_stop_at_the_budget() {
    let expr = "[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]";
    let text = format!("locals {{\n  a = {expr}\n}}\n{JOB}");
    let found = limits(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let start = text.find(expr).expect("the expression");
    assert_eq!(found[0].span, Span::new(start, start + expr.len()), "at the expression");
}

#[test]
fn a_template_loop_costs_its_text_per_element() {
    let literal = "y".repeat(100_000);
    let text = format!("locals {{\n  a = \"%{{ for x in range(1024) }}{literal}%{{ endfor }}\"\n}}\n{JOB}");
    assert_eq!(limits(&text).len(), 1);
    // The same loop over a short text is fine.
    let text = format!("locals {{\n  a = \"%{{ for x in range(1024) }}y%{{ endfor }}\"\n}}\n{JOB}");
    assert!(diagnostics(&text).is_empty());
}

#[test]
fn a_long_chain_of_locals_written_last_first_is_evaluated_level_by_level() {
    let mut text = String::from("locals {\n");
    for i in (1..500).rev() {
        text.push_str(&format!("  l{i} = local.l{} + 1\n", i - 1));
    }
    text.push_str("  l0 = 0\n}\n");
    text.push_str(JOB);
    assert!(diagnostics(&text).is_empty());
}

#[test]
fn values_nested_deeper_than_the_limit_are_refused() {
    let depth = crate::limits::MAX_NESTING / 32 + 2;
    let mut text = String::from("locals {\n  l0 = 1\n");
    // Each local nests the previous one 32 levels deeper.
    for i in 1..=depth {
        text.push_str(&format!("  l{i} = {}local.l{}{}\n", "[".repeat(32), i - 1, "]".repeat(32)));
    }
    text.push_str("}\n");
    text.push_str(JOB);
    let found = limits(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("levels deep"), "{}", found[0].message);
}

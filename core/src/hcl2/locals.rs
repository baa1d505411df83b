//! `locals { ... }`: values that may refer to variables, functions and each other, written in
//! any order.
//!
//! Nomad evaluates them in dependency order. netplay reads which locals each one names
//! (`local.<name>`), sorts them into levels (a local comes one level after the deepest local it
//! names) and evaluates one level per round, so no local is evaluated before what it needs
//! (which would cost a failed evaluation per round) and the work grows with the number of
//! locals, not its square. A local that fails is reported at once. Locals on a cycle, after a
//! failed local, or naming a local in a way netplay does not see (`local["x"]`) are evaluated
//! in further rounds until one makes no progress; then each says why it has no value, as Nomad
//! reports the references of a cycle. Each round copies the values so far, which is charged to
//! the evaluation budget ([`super::budget`]).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use hcl::eval::Context;
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::Body as EditBody;
use hcl_edit::visit::{self, Visit};

use super::variables::{Scope, header_span};
use super::{EvalFailure, edit_span, eval_error};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::{SourceId, Span};

const SRC: SourceId = SourceId::Jobspec;

/// One local waiting for its value.
struct Pending<'b> {
    name: String,
    span: Span,
    expr: &'b Expression,
    /// Other locals it names.
    needs: BTreeSet<String>,
}

/// Evaluates every `locals` attribute of `body` into `scope.locals`.
pub(super) fn evaluate(body: &EditBody, text: &str, scope: &mut Scope, base: &Context<'_>, diags: &mut Diagnostics) {
    let mut pending: Vec<Pending<'_>> = Vec::new();
    for block in body.blocks().filter(|b| b.ident.as_str() == "locals") {
        for attr in block.body.attributes() {
            let name = attr.key.as_str().to_string();
            let span = edit_span(attr.key.span(), header_span(block));
            if pending.iter().any(|p| p.name == name) {
                diags.push(
                    Diagnostic::error(Code::DuplicateVariable, SRC, span, "Duplicate value in locals")
                        .with_help(format!("Duplicate {name} definition found.")),
                );
                continue;
            }
            let mut names = Names::default();
            names.visit_expr(&attr.value);
            pending.push(Pending { name, span, expr: &attr.value, needs: names.0 });
        }
    }
    let declared: BTreeSet<String> = pending.iter().map(|p| p.name.clone()).collect();
    for p in &mut pending {
        p.needs.retain(|n| declared.contains(n));
    }
    let levels = levels(&pending);
    // Locals on no level: on a cycle, or naming one that is.
    let placed: BTreeSet<&str> = levels.iter().flatten().map(|p| p.name.as_str()).collect();
    let mut left: Vec<&Pending<'_>> = pending.iter().filter(|p| !placed.contains(p.name.as_str())).collect();
    for level in &levels {
        if !round(level, text, scope, base, diags, &mut left) {
            return;
        }
    }
    // What is left (cycles, locals after a failed one, names netplay did not see): rounds until
    // one makes no progress.
    while !left.is_empty() {
        let before = left.len();
        let mut again = Vec::new();
        if !round(&left, text, scope, base, diags, &mut again) {
            return;
        }
        if again.len() == before {
            let mut ctx = base.clone();
            scope.declare(&mut ctx);
            for p in &again {
                if let Err(e) = super::evaluate(p.expr, text, &[], &ctx) {
                    diags.push(eval_error(&e, edit_span(p.expr.span(), p.span), SRC));
                }
            }
            return;
        }
        left = again;
    }
}

/// Evaluates the locals `these` against the values so far. Those whose named locals lack a
/// value, or that name a local netplay did not see, go to `left`; other failures are reported.
/// False when the budget is spent (and reported).
fn round<'p, 'b>(
    these: &[&'p Pending<'b>],
    text: &str,
    scope: &mut Scope,
    base: &Context<'_>,
    diags: &mut Diagnostics,
    left: &mut Vec<&'p Pending<'b>>,
) -> bool {
    if !super::budget::charge(super::budget::CONTEXT_COPY + scope.work()) {
        if let Some(p) = these.first() {
            diags.push(eval_error(&EvalFailure::Budget, edit_span(p.expr.span(), p.span), SRC));
        }
        return false;
    }
    let mut ctx = base.clone();
    scope.declare(&mut ctx);
    let mut values = Vec::new();
    for &p in these {
        if !p.needs.iter().all(|n| scope.locals.contains_key(n)) {
            left.push(p);
            continue;
        }
        match super::evaluate(p.expr, text, &[], &ctx) {
            Ok(value) => values.push((p.name.clone(), value)),
            Err(EvalFailure::Budget) => {
                diags.push(eval_error(&EvalFailure::Budget, edit_span(p.expr.span(), p.span), SRC));
                return false;
            }
            Err(e) if e.is_missing_key() => left.push(p),
            Err(e) => diags.push(eval_error(&e, edit_span(p.expr.span(), p.span), SRC)),
        }
    }
    scope.locals.extend(values);
    true
}

/// The locals grouped by dependency level (level 0 names no other local; level n + 1 names
/// one of level n), each group in file order. Locals on a cycle, or naming one, are in no group.
fn levels<'p, 'b>(pending: &'p [Pending<'b>]) -> Vec<Vec<&'p Pending<'b>>> {
    let mut waiting: BTreeMap<&str, usize> = pending.iter().map(|p| (p.name.as_str(), p.needs.len())).collect();
    let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in pending {
        for need in &p.needs {
            dependents.entry(need.as_str()).or_default().push(p.name.as_str());
        }
    }
    let mut level: BTreeMap<&str, usize> = BTreeMap::new();
    let mut queue: VecDeque<&str> = waiting.iter().filter(|(_, n)| **n == 0).map(|(name, _)| *name).collect();
    while let Some(name) = queue.pop_front() {
        let l = level.get(name).copied().unwrap_or(0);
        level.insert(name, l);
        for &d in dependents.get(name).map(Vec::as_slice).unwrap_or_default() {
            let at = level.entry(d).or_insert(0);
            *at = (*at).max(l + 1);
            if let Some(w) = waiting.get_mut(d) {
                *w = w.saturating_sub(1);
                if *w == 0 {
                    queue.push_back(d);
                }
            }
        }
    }
    let mut out: Vec<Vec<&Pending<'b>>> = Vec::new();
    for p in pending {
        // Only the locals the queue reached have a level whose needs were all met.
        if waiting.get(p.name.as_str()) != Some(&0) {
            continue;
        }
        let l = level.get(p.name.as_str()).copied().unwrap_or(0);
        if out.len() <= l {
            out.resize_with(l + 1, Vec::new);
        }
        if let Some(group) = out.get_mut(l) {
            group.push(p);
        }
    }
    out
}
/// The names of the locals an expression refers to as `local.<name>`.
#[derive(Default)]
struct Names(BTreeSet<String>);

impl Visit for Names {
    fn visit_expr(&mut self, node: &Expression) {
        if let Expression::Traversal(t) = node
            && let Expression::Variable(root) = &t.expr
            && root.as_str() == "local"
            && let Some(TraversalOperator::GetAttr(name)) = t.operators.first().map(|o| o.value())
        {
            self.0.insert(name.as_str().to_string());
        }
        visit::visit_expr(self, node);
    }
}

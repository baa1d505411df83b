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

use std::collections::BTreeSet;

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
    let mut left = Vec::new();
    let levels = levels(&pending);
    let placed: usize = levels.iter().map(Vec::len).sum();
    if placed < pending.len() {
        let mut on_a_level = vec![false; pending.len()];
        levels.iter().flatten().for_each(|&i| on_a_level[i] = true);
        left.extend((0..pending.len()).filter(|&i| !on_a_level[i]));
    }
    for level in levels {
        if !round(&level, &pending, text, scope, base, diags, &mut left) {
            return;
        }
    }
    // What is left (cycles, locals after a failed one, names netplay did not see): rounds until
    // one makes no progress.
    let mut left: Vec<usize> = left;
    while !left.is_empty() {
        let before = left.len();
        let mut again = Vec::new();
        if !round(&left, &pending, text, scope, base, diags, &mut again) {
            return;
        }
        if again.len() == before {
            let mut ctx = base.clone();
            scope.declare(&mut ctx);
            for &i in &again {
                let p = &pending[i];
                if let Err(e) = super::evaluate(p.expr, text, &[], &ctx) {
                    diags.push(eval_error(&e, edit_span(p.expr.span(), p.span), SRC));
                }
            }
            return;
        }
        left = again;
    }
}

/// Evaluates the locals `these` (indexes into `pending`) against the values so far. Those whose
/// named locals lack a value, or that name a local netplay did not see, go to `left`; other
/// failures are reported. False when the budget is spent (and reported).
fn round(
    these: &[usize],
    pending: &[Pending<'_>],
    text: &str,
    scope: &mut Scope,
    base: &Context<'_>,
    diags: &mut Diagnostics,
    left: &mut Vec<usize>,
) -> bool {
    if !super::budget::charge(super::budget::CONTEXT_COPY + scope.work()) {
        if let Some(p) = these.first().map(|&i| &pending[i]) {
            diags.push(eval_error(&EvalFailure::Budget, edit_span(p.expr.span(), p.span), SRC));
        }
        return false;
    }
    let mut ctx = base.clone();
    scope.declare(&mut ctx);
    let mut values = Vec::new();
    for &i in these {
        let p = &pending[i];
        if !p.needs.iter().all(|n| scope.locals.contains_key(n)) {
            left.push(i);
            continue;
        }
        match super::evaluate(p.expr, text, &[], &ctx) {
            Ok(value) => values.push((p.name.clone(), value)),
            Err(EvalFailure::Budget) => {
                diags.push(eval_error(&EvalFailure::Budget, edit_span(p.expr.span(), p.span), SRC));
                return false;
            }
            Err(e) if e.is_missing_key() => left.push(i),
            Err(e) => diags.push(eval_error(&e, edit_span(p.expr.span(), p.span), SRC)),
        }
    }
    scope.locals.extend(values);
    true
}

/// The locals grouped by dependency level (level 0 names no other local; level n + 1 names
/// one of level n), each group in file order. Locals on a cycle are in no group.
fn levels(pending: &[Pending<'_>]) -> Vec<Vec<usize>> {
    let index: std::collections::BTreeMap<&str, usize> =
        pending.iter().enumerate().map(|(i, p)| (p.name.as_str(), i)).collect();
    let mut waiting: Vec<usize> = pending.iter().map(|p| p.needs.len()).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); pending.len()];
    for (i, p) in pending.iter().enumerate() {
        for need in &p.needs {
            if let Some(&j) = index.get(need.as_str()) {
                dependents[j].push(i);
            }
        }
    }
    let mut level = vec![0usize; pending.len()];
    let mut queue: std::collections::VecDeque<usize> = (0..pending.len()).filter(|&i| waiting[i] == 0).collect();
    let mut out: Vec<Vec<usize>> = Vec::new();
    while let Some(i) = queue.pop_front() {
        let l = level[i];
        if out.len() <= l {
            out.resize_with(l + 1, Vec::new);
        }
        out[l].push(i);
        for &d in &dependents[i] {
            level[d] = level[d].max(l + 1);
            waiting[d] -= 1;
            if waiting[d] == 0 {
                queue.push_back(d);
            }
        }
    }
    for group in &mut out {
        group.sort_unstable();
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

//! The evaluation budget: a bound on the work HCL2 expressions may ask for.
//!
//! A jobspec of a few lines can ask `hcl::eval` for unbounded work: locals that each double
//! the one before, `for` expressions nested over `range(1024)`, a template loop repeating a long
//! literal, thousands of references to one large value (each reference copies it). `hcl::eval`
//! has no limit of its own, so netplay counts the work as it happens:
//!
//! - before evaluation, every function call, every variable reference inside a loop body and
//!   the collection of every `for` expression or `%{ for }` directive is wrapped in a call to
//!   [`FUNCTION`], which returns its argument unchanged and charges its size, plus (for a `for`
//!   collection) its element count times the length of the loop's text;
//! - references outside loop bodies are evaluated once each: they are counted instead of
//!   wrapped ([`Roots`]) and charged before the evaluation, count times the size of the variable
//!   (a reference such as `local.x` copies the whole `local` object);
//! - the evaluating code charges what it copies itself (contexts for `dynamic` blocks and for
//!   each round of `locals`).
//!
//! A charge is one unit per value and one per 16 bytes of text in it, which follows the memory
//! `hcl::eval` allocates. Once [`MAX_EVALUATION_WORK`] units are spent, the charge fails, every
//! later evaluation of the same text fails at once, and the reader reports one `limit-exceeded`
//! diagnostic. Each text (a jobspec, an inventory) has its own budget. Values nested deeper
//! than [`MAX_NESTING`] are refused as well (they would exhaust the stack of later stages).

use std::cell::Cell;
use std::collections::BTreeMap;

use hcl::Value;
use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ForExpr, FuncArgs as EditArgs, FuncCall, ObjectValue};
use hcl_edit::template::ForDirective;
use hcl_edit::visit_mut::{self, VisitMut};

use crate::limits::{MAX_EVALUATION_WORK, MAX_NESTING};

/// The name of the charging function (an identity function with a cost).
pub const FUNCTION: &str = "netplay_cost";

/// Units of one call of [`FUNCTION`] besides what it measures: looking the function up, its
/// argument list and the measuring cost about as much as copying 16 small values.
pub const CALL: u64 = 16;

/// Units of copying an evaluation context with Nomad's functions in it (each round of `locals`
/// and each element of a `dynamic` block starts from a copy).
pub const CONTEXT_COPY: u64 = 256;

/// Bytes of expression text per unit of preparing it for evaluation (each evaluation clones,
/// rewrites and converts the whole expression).
const PREPARED_BYTES_PER_UNIT: u64 = 4;

/// Charges the preparation of an expression of `text_len` bytes; false when the budget is spent.
pub fn charge_preparation(text_len: usize) -> bool {
    charge(CALL + text_len as u64 / PREPARED_BYTES_PER_UNIT)
}

/// Text length assumed for a loop whose source span is unknown.
const UNKNOWN_LOOP_TEXT: u64 = 64;

thread_local! {
    static REMAINING: Cell<u64> = const { Cell::new(MAX_EVALUATION_WORK) };
    /// Sizes of the variables declared for the current text ([`declared`]), so that counted
    /// references need not copy a variable to learn its size.
    static SIZES: std::cell::RefCell<BTreeMap<String, u64>> = const { std::cell::RefCell::new(BTreeMap::new()) };
}

/// Notes that `name` is now declared with a value of `units` work units (see [`Roots::charge`]).
pub fn declared(name: &str, units: u64) {
    SIZES.with(|s| s.borrow_mut().insert(name.to_string(), units));
}

/// Runs `f` (the evaluation of one text) with a full budget, then puts back the budget that was
/// there before.
pub fn scoped<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(u64);
    impl Drop for Restore {
        fn drop(&mut self) {
            REMAINING.with(|r| r.set(self.0));
        }
    }
    let _restore = Restore(REMAINING.with(|r| r.replace(MAX_EVALUATION_WORK)));
    let sizes = SIZES.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let out = f();
    SIZES.with(|s| *s.borrow_mut() = sizes);
    out
}

/// True once the budget of the current text is spent.
pub fn exhausted() -> bool {
    REMAINING.with(|r| r.get() == 0)
}

/// Spends `units`; false (and the budget is empty from then on) when fewer are left.
pub fn charge(units: u64) -> bool {
    REMAINING.with(|r| {
        let left = r.get();
        let ok = units < left;
        r.set(if ok { left - units } else { 0 });
        ok
    })
}

/// Charges the copy of `value`; false when the budget is spent.
pub fn charge_value(value: &Value) -> bool {
    charge(measure(value).units)
}

/// The size of a value in work units, and how deep it nests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Measure {
    /// One per value, one per 16 bytes of strings and object keys.
    pub units: u64,
    /// Levels of lists and objects (a scalar is 0).
    pub depth: usize,
    /// Elements of the outermost list or object.
    pub elements: u64,
}

/// Measures `value` without recursion (its depth is what is being checked).
pub fn measure(value: &Value) -> Measure {
    let text = |s: &str| 1 + s.len() as u64 / 16;
    let elements = match value {
        Value::Array(items) => items.len() as u64,
        Value::Object(map) => map.len() as u64,
        _ => 0,
    };
    let mut out = Measure { elements, ..Measure::default() };
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((value, depth)) = stack.pop() {
        out.depth = out.depth.max(depth);
        out.units += 1;
        match value {
            Value::String(s) => out.units += text(s),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(map) => {
                for (key, v) in map {
                    out.units += text(key);
                    stack.push((v, depth + 1));
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    out
}

/// True when `value` nests deeper than netplay follows.
pub fn too_deep(value: &Value) -> bool {
    measure(value).depth > MAX_NESTING
}

/// The message of a failed charge, which [`crate::hcl2`] turns into its diagnostic.
const SPENT: &str = "netplay's evaluation budget is spent";

/// The charging function: returns its first argument; the second, if any, is the length of the
/// loop text run once per element.
fn cost(args: FuncArgs) -> Result<Value, String> {
    let mut values = args.into_values().into_iter();
    let value = values.next().unwrap_or(Value::Null);
    let m = measure(&value);
    let per_element = match values.next() {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(UNKNOWN_LOOP_TEXT),
        _ => 0,
    };
    let units = CALL.saturating_add(m.units).saturating_add(m.elements.saturating_mul(per_element));
    if charge(units) { Ok(value) } else { Err(SPENT.to_string()) }
}

/// Declares [`FUNCTION`] in `ctx`.
pub fn declare(ctx: &mut Context<'_>) {
    ctx.declare_func(FUNCTION, FuncDef::builder().variadic_param(ParamType::Any).build(cost));
}

/// How often each variable is referenced outside loop bodies (by the name of the variable at
/// the root of the reference: `local`, `var`, a `dynamic` iterator).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roots(BTreeMap<String, u64>);

impl Roots {
    /// Charges every counted reference: its count times the size of the variable in `ctx`
    /// (each reference copies it), plus a call's worth each. False when the budget is spent.
    pub fn charge(&self, ctx: &Context<'_>) -> bool {
        self.0.iter().all(|(name, &count)| {
            let noted = SIZES.with(|s| s.borrow().get(name).copied());
            let units = noted.unwrap_or_else(|| {
                let Ok(ident) = hcl::Identifier::new(name.as_str()) else { return 0 };
                hcl::Expression::Variable(ident.into()).evaluate(ctx).map_or(0, |v| measure(&v).units)
            });
            charge(count.saturating_mul(CALL.saturating_add(units)))
        })
    }
}

/// Wraps the parts of `expr` that cost work in calls to [`FUNCTION`] and counts the references
/// outside loops (see the module docs); charge the returned [`Roots`] before evaluating.
pub fn instrument(expr: &mut Expression) -> Roots {
    let mut instrument = Instrument::default();
    instrument.visit_expr_mut(expr);
    instrument.roots
}

#[derive(Default)]
struct Instrument {
    /// How many loop bodies the visit is inside.
    loops: usize,
    roots: Roots,
}

fn is_cost(call: &FuncCall) -> bool {
    call.name.namespace.is_empty() && call.name.name.as_str() == FUNCTION
}

/// Replaces `expr` with `netplay_cost(expr)` or, for a loop, `netplay_cost(expr, text)`.
fn wrap(expr: &mut Expression, loop_text: Option<u64>) {
    let inner = std::mem::replace(expr, Expression::null());
    let mut args = EditArgs::new();
    args.push(inner);
    if let Some(text) = loop_text {
        args.push(Expression::from(text));
    }
    let name = hcl_edit::Ident::new(FUNCTION);
    *expr = Expression::from(FuncCall::new(name, args));
}

fn text_length(span: Option<std::ops::Range<usize>>) -> u64 {
    span.map_or(UNKNOWN_LOOP_TEXT, |r| r.len() as u64)
}

impl VisitMut for Instrument {
    fn visit_expr_mut(&mut self, expr: &mut Expression) {
        visit_mut::visit_expr_mut(self, expr);
        let costs = match expr {
            Expression::Variable(v) if self.loops == 0 => {
                *self.roots.0.entry(v.as_str().to_string()).or_insert(0) += 1;
                false
            }
            Expression::Variable(_) => true,
            Expression::FuncCall(call) => !is_cost(call),
            _ => false,
        };
        if costs {
            wrap(expr, None);
        }
    }

    fn visit_func_call_mut(&mut self, call: &mut FuncCall) {
        // `convert`'s second argument is a type expression, not a value.
        let values =
            if call.name.namespace.is_empty() && call.name.name.as_str() == "convert" { 1 } else { usize::MAX };
        for (i, arg) in call.args.iter_mut().enumerate() {
            if i < values {
                self.visit_expr_mut(arg);
            }
        }
    }

    fn visit_for_expr_mut(&mut self, node: &mut ForExpr) {
        let text = text_length(node.span());
        self.visit_expr_mut(&mut node.intro.collection_expr);
        self.loops += 1;
        if let Some(key) = &mut node.key_expr {
            self.visit_expr_mut(key);
        }
        self.visit_expr_mut(&mut node.value_expr);
        if let Some(cond) = &mut node.cond {
            self.visit_expr_mut(&mut cond.expr);
        }
        self.loops -= 1;
        wrap(&mut node.intro.collection_expr, Some(text));
    }

    fn visit_for_directive_mut(&mut self, node: &mut ForDirective) {
        let text = text_length(node.span());
        self.visit_expr_mut(&mut node.for_expr.collection_expr);
        self.loops += 1;
        self.visit_template_mut(&mut node.for_expr.template);
        self.loops -= 1;
        wrap(&mut node.for_expr.collection_expr, Some(text));
    }

    fn visit_object_item_mut(&mut self, _key: hcl_edit::expr::ObjectKeyMut, value: &mut ObjectValue) {
        // Keys stay as written: a bare name is a literal key, not a variable.
        self.visit_expr_mut(value.expr_mut());
    }
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod read_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_counts_values_text_and_depth() {
        let value = Value::from(vec![Value::from("0123456789abcdef0123"), Value::from(vec![Value::from(1)])]);
        let m = measure(&value);
        assert_eq!((m.depth, m.elements), (2, 2));
        // outer list, the string (1 + 1 + 20 / 16), the inner list, the number
        assert_eq!(m.units, 1 + 3 + 1 + 1);
    }

    #[test]
    fn a_spent_budget_stays_spent_until_the_scope_ends() {
        scoped(|| {
            assert!(charge(MAX_EVALUATION_WORK - 1));
            assert!(!exhausted());
            assert!(!charge(1));
            assert!(exhausted());
            assert!(!charge(0));
        });
        assert!(!exhausted());
    }

    fn instrumented(text: &str) -> String {
        let mut expr: Expression = text.parse().expect("an expression");
        let _ = instrument(&mut expr);
        let converted: hcl::Expression = expr.into();
        converted.to_string()
    }

    #[test]
    fn references_calls_and_loops_are_wrapped() {
        // References outside loops are counted, not wrapped.
        assert_eq!(instrumented("local.a"), "local.a");
        let mut expr: Expression = "[local.a, local.b, var.x]".parse().expect("an expression");
        let roots = instrument(&mut expr);
        assert_eq!(roots.0.into_iter().collect::<Vec<_>>(), [("local".to_string(), 2), ("var".to_string(), 1)]);
        assert_eq!(instrumented("upper(var.x)"), "netplay_cost(upper(var.x))");
        let looped = instrumented("[for x in local.l : [x, local.y]]").split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(looped, "[for x in netplay_cost(local.l, 33) : [ netplay_cost(x), netplay_cost(local).y ]]");
        assert_eq!(instrumented("{ a = 1 }"), "{\n  a = 1\n}");
        assert_eq!(instrumented("convert(var.x, string)"), "netplay_cost(convert(var.x, string))");
        assert_eq!(instrumented("\"${var.x}\""), "\"${var.x}\"");
        let template: String = instrumented("\"%{ for x in var.l }${x}%{ endfor }\"").split_whitespace().collect();
        assert_eq!(template, "\"%{forxinnetplay_cost(var.l,34)}${netplay_cost(x)}%{endfor}\"");
    }
}

//! `can`, `try` and `convert`: the functions that need their arguments *unevaluated*.
//!
//! `hcl::eval` evaluates every argument of a call before calling the function (see
//! `FuncCall::evaluate` in hcl-rs 0.20) and stops the whole evaluation at the first failing
//! argument. So a declared `try(a, b)` never sees `a` fail, and `convert(x, string)` sees the
//! *variable* `string`, which does not exist. netplay handles this in two layers:
//!
//! 1. [`resolve_lazy_calls`] rewrites an expression before it is evaluated: every `try`, `can`
//!    and `convert` call (outside `for` bodies and string templates) is evaluated here, with
//!    Nomad's semantics, and replaced by its value. The lead runs this on each attribute's
//!    expression before `evaluate`.
//! 2. What remains (calls inside `for` bodies or templates, whose variables only exist during
//!    the loop) reaches the declared functions: `try` returns its first argument, `can`
//!    returns `true` (a failing argument fails the whole expression instead of yielding
//!    `false`), and `convert` fails: its type argument was evaluated like any other (so
//!    `string` is an undefined variable), and no value is a type.
//!
//! Type expressions and conversions are those of [`crate::hcl2::types`], the same that
//! Nomad's `variable` blocks use.

use super::values::fixed;
use crate::hcl2::types;
use hcl::Value;
use hcl::eval::{Context, Evaluate, FuncArgs};
use hcl::expr::{Expression, ObjectKey, Operation, TraversalOperator};

/// Reads `convert`'s type argument as a type constraint (`any` and `optional(...)` allowed),
/// worded as HCL's type-expression decoder reports a bad one.
fn type_argument(expr: hcl_edit::expr::Expression) -> Result<types::Type, String> {
    types::parse_type_constraint(&expr).map_err(|e| format!("{}: {}", types::INVALID_TYPE_SUMMARY, e.message))
}

/// Converts with go-cty's rules, worded as Nomad reports a failed argument of a call.
fn convert_to(value: &Value, ty: &types::Type) -> Result<Value, String> {
    types::convert(value, ty).map_err(|e| format!("Invalid value for \"value\" parameter: {e}."))
}

/// `can(expr)` as a plain function: its argument evaluated, so `true` (see the module docs).
pub(super) fn can(args: FuncArgs) -> Result<Value, String> {
    fixed(&args, ["expression"])?;
    Ok(Value::Bool(true))
}

/// `try(exprs...)` as a plain function: every argument evaluated, so the first (see the module
/// docs).
pub(super) fn try_(args: FuncArgs) -> Result<Value, String> {
    args.first().cloned().ok_or_else(|| "at least one argument is required".to_string())
}

/// `convert(value, type)` as a plain function. Its type argument arrives evaluated, and no
/// value is a type expression, so this always fails with HCL's text for what the argument
/// was (a literal `null`, `true`, `false`, or anything else).
pub(super) fn convert(args: FuncArgs) -> Result<Value, String> {
    let [value, ty] = fixed(&args, ["value", "type"])?;
    let ty = type_argument(Expression::from(ty.clone()).into())?;
    convert_to(value, &ty)
}

/// `try(args...)` with Nomad's semantics: the value of the first argument that evaluates
/// without error. The error lists every argument's failure.
pub fn try_exprs(args: &[Expression], ctx: &Context<'_>) -> Result<Value, String> {
    if args.is_empty() {
        return Err("at least one argument is required".to_string());
    }
    let mut failures = Vec::new();
    for arg in args {
        match arg.evaluate(ctx) {
            Ok(v) => return Ok(v),
            // The kind only: the expression attached to the error carries netplay's budget calls.
            Err(e) => failures.push(format!("- {}", e.kind())),
        }
    }
    Err(format!(
        "no expression succeeded:\n{}\n\nAt least one expression must produce a successful result",
        failures.join("\n")
    ))
}

/// `can(arg)` with Nomad's semantics: whether `arg` evaluates without error.
pub fn can_expr(arg: &Expression, ctx: &Context<'_>) -> bool {
    arg.evaluate(ctx).is_ok()
}

/// `convert(value, type)` on the unevaluated arguments.
pub fn convert_exprs(value: &Expression, ty: &Expression, ctx: &Context<'_>) -> Result<Value, String> {
    // hclsyntax evaluates the arguments in order, so a failing value is reported first.
    let value = value.evaluate(ctx).map_err(|e| e.to_string())?;
    let ty = type_argument(ty.clone().into())?;
    convert_to(&value, &ty)
}

/// An error of [`resolve_lazy_calls`]: which function failed and why (shown by Nomad as
/// `Call to function "<function>" failed: <reason>.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LazyCallError {
    /// `try`, `can` or `convert`.
    pub function: &'static str,
    /// The reason.
    pub reason: String,
}

/// Evaluates every `try`, `can` and `convert` call in `expr` (innermost first) and replaces it
/// with its value, so that a later `evaluate` sees constants there. Calls inside `for` bodies
/// and string templates are left alone (their variables exist only during the loop).
pub fn resolve_lazy_calls(expr: &mut Expression, ctx: &Context<'_>) -> Result<(), LazyCallError> {
    match expr {
        Expression::Array(items) => items.iter_mut().try_for_each(|e| resolve_lazy_calls(e, ctx))?,
        Expression::Object(obj) => {
            for (key, value) in obj.iter_mut() {
                if let ObjectKey::Expression(_) = key {
                    // Keys are immutable in the map; their calls are left to the eager path.
                }
                resolve_lazy_calls(value, ctx)?;
            }
        }
        Expression::Traversal(t) => {
            resolve_lazy_calls(&mut t.expr, ctx)?;
            for op in &mut t.operators {
                if let TraversalOperator::Index(e) = op {
                    resolve_lazy_calls(e, ctx)?;
                }
            }
        }
        Expression::Parenthesis(inner) => resolve_lazy_calls(inner, ctx)?,
        Expression::Conditional(c) => {
            resolve_lazy_calls(&mut c.cond_expr, ctx)?;
            resolve_lazy_calls(&mut c.true_expr, ctx)?;
            resolve_lazy_calls(&mut c.false_expr, ctx)?;
        }
        Expression::Operation(op) => match op.as_mut() {
            Operation::Unary(u) => resolve_lazy_calls(&mut u.expr, ctx)?,
            Operation::Binary(b) => {
                resolve_lazy_calls(&mut b.lhs_expr, ctx)?;
                resolve_lazy_calls(&mut b.rhs_expr, ctx)?;
            }
        },
        Expression::ForExpr(f) => resolve_lazy_calls(&mut f.collection_expr, ctx)?,
        Expression::FuncCall(call) => {
            let name = if call.name.namespace.is_empty() { call.name.name.as_str() } else { "" };
            let lazy = match name {
                "try" => Some("try"),
                "can" => Some("can"),
                "convert" => Some("convert"),
                _ => None,
            };
            // `convert`'s type argument is not an expression to resolve.
            let resolvable = if lazy == Some("convert") { 1.min(call.args.len()) } else { call.args.len() };
            call.args.iter_mut().take(resolvable).try_for_each(|e| resolve_lazy_calls(e, ctx))?;
            if let Some(function) = lazy
                && !call.expand_final
            {
                let fail = |reason: String| LazyCallError { function, reason };
                let value = match function {
                    "try" => try_exprs(&call.args, ctx).map_err(fail)?,
                    "can" => match &call.args[..] {
                        [arg] => Value::Bool(can_expr(arg, ctx)),
                        _ => {
                            return Err(fail(
                                "Not enough function arguments: the function expects 1 argument(s)".into(),
                            ));
                        }
                    },
                    _ => match &call.args[..] {
                        [value, ty] => convert_exprs(value, ty, ctx).map_err(fail)?,
                        _ => return Err(fail("the function expects 2 argument(s): value and type".into())),
                    },
                };
                *expr = Expression::from(value);
            }
        }
        Expression::Null
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_)
        | Expression::TemplateExpr(_)
        | Expression::Variable(_) => {}
        // `Expression` is non-exhaustive; a future kind is left for the eager path.
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn ctx() -> Context<'static> {
        let mut ctx = Context::new();
        super::super::declare_all(&mut ctx);
        ctx.declare_var("m", obj([("a", s("x"))]));
        ctx
    }

    fn resolved(text: &str) -> Result<Value, String> {
        let ctx = ctx();
        let mut expr: Expression = text.parse().map_err(|e| format!("parse: {e}"))?;
        resolve_lazy_calls(&mut expr, &ctx).map_err(|e| format!("{}: {}", e.function, e.reason))?;
        expr.evaluate(&ctx).map_err(|e| e.to_string())
    }

    #[test]
    fn try_and_can_are_lazy_after_resolving() {
        assert_eq!(resolved("try(m.b, m.a, \"z\")"), Ok(s("x")));
        assert_eq!(resolved("try(m.b, \"fallback\")"), Ok(s("fallback")));
        assert_eq!(resolved("can(m.b)"), Ok(Value::Bool(false)));
        assert_eq!(resolved("can(m.a)"), Ok(Value::Bool(true)));
        assert_eq!(resolved("upper(try(m.b, \"in\"))"), Ok(s("IN")));
        assert_eq!(resolved("[for k, v in m: try(v, 0)]"), Ok(strs(&["x"])), "for bodies use the eager function");
        let e = resolved("try(m.b, m.c)").expect_err("fails");
        assert!(e.starts_with("try: no expression succeeded:\n- "), "{e}");
        assert!(e.ends_with("At least one expression must produce a successful result"), "{e}");
    }

    #[test]
    fn eager_fallbacks() {
        assert_eq!(ok("try", vec![s("a"), s("b")]), s("a"));
        assert_eq!(err("try", vec![]), "at least one argument is required");
        assert_eq!(ok("can", vec![Value::from(1)]), Value::Bool(true));
    }

    #[test]
    fn convert_after_resolving() {
        assert_eq!(resolved("convert(5, string)"), Ok(s("5")));
        assert_eq!(resolved("convert([\"b\", \"a\", \"b\"], set(string))"), Ok(strs(&["a", "b"])));
        assert_eq!(resolved("convert({x = \"1\"}, map(number))"), Ok(obj([("x", Value::from(1))])));
        assert_eq!(resolved("convert({x = 1, y = 2}, object({x = string}))"), Ok(obj([("x", s("1"))])));
        assert_eq!(resolved("convert([1, \"a\"], tuple([string, string]))"), Ok(strs(&["1", "a"])));
        assert_eq!(resolved("convert([1, \"a\"], list(any))"), Ok(strs(&["1", "a"])), "unified to string");
        assert_eq!(
            resolved("convert([1, true], list(any))"),
            Err("convert: Invalid value for \"value\" parameter: all list elements must have the same type.".into()),
            "go-cty unifies to one of the elements' own types"
        );
        assert_eq!(resolved("convert({a = [1]}, map(list(string)))"), Ok(obj([("a", strs(&["1"]))])));
        assert_eq!(resolved("convert(null, number)"), Ok(Value::Null));
        assert_eq!(
            resolved("convert({}, object({x = optional(string)}))"),
            Ok(obj([("x", Value::Null)])),
            "a missing optional attribute is null"
        );
        let value = "convert: Invalid value for \"value\" parameter: ";
        let ty = "convert: Invalid type specification: ";
        for (text, want) in [
            ("convert(\"x\", number)", format!("{value}a number is required.")),
            ("convert([], bool)", format!("{value}bool required, but have tuple.")),
            ("convert({}, object({x = string}))", format!("{value}attribute \"x\" is required.")),
            ("convert(1, foo)", format!("{ty}The keyword \"foo\" is not a valid type specification.")),
            (
                "convert(1, object({\"x\" = string}))",
                format!("{ty}Object constructor map keys must be attribute names."),
            ),
        ] {
            assert_eq!(resolved(text), Err(want), "{text}");
        }
        // The value is evaluated (and fails) before the type is read.
        let e = resolved("convert(m.b, foo)").expect_err("fails");
        assert!(e.starts_with("convert: ") && !e.contains("type specification"), "{e}");
    }

    #[test]
    fn eager_convert_never_sees_a_type() {
        let not_a_type = "Invalid type specification: A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).";
        assert_eq!(err("convert", vec![Value::from(1), Value::from(2)]), not_a_type);
        assert_eq!(err("convert", vec![Value::from(1), s("string")]), not_a_type);
        assert_eq!(
            err("convert", vec![Value::from(1), Value::Null]),
            "Invalid type specification: The keyword \"null\" is not a valid type specification."
        );
        assert!(err("convert", vec![Value::from(1)]).starts_with("Not enough function arguments"));
        let ctx = ctx();
        let in_for: Expression = "[for v in [1]: convert(v, string)]".parse().expect("parses");
        assert!(in_for.evaluate(&ctx).is_err(), "`string` is no variable in a for body");
    }
}

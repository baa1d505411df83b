//! Arithmetic (`+ - * / %`) as checked calls.
//!
//! `hcl::eval` computes with the number type of `hcl-primitives`, which panics on `x % 0` (an
//! integer remainder by zero) and, in builds with debug assertions, on integer overflow and on
//! an infinite result (`1 / 0`, `1e308 * 10`). Nomad computes with go-cty's arbitrary-precision
//! numbers and reports a division by zero as an error. So before an expression is evaluated,
//! every arithmetic operation becomes a call of [`FUNCTION`], which computes in 128-bit integers
//! where both operands are whole (and falls back to 64-bit floats), and returns an error where
//! netplay cannot give Nomad's value: a zero divisor, or a result too large for a 64-bit float.

use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};
use hcl::{Number, Value};
use hcl_edit::expr::{BinaryOperator, Expression, FuncArgs as EditArgs, FuncCall};
use hcl_edit::visit_mut::{self, VisitMut};

/// The name of the checked arithmetic function.
pub const FUNCTION: &str = "netplay_arith";

/// Declares [`FUNCTION`] in `ctx`.
pub fn declare(ctx: &mut Context<'_>) {
    ctx.declare_func(FUNCTION, FuncDef::builder().variadic_param(ParamType::Any).build(arith));
}

/// Turns every `a <op> b` with an arithmetic operator in `expr` into `netplay_arith(a, b, "<op>")`.
pub fn rewrite(expr: &mut Expression) {
    Rewrite.visit_expr_mut(expr);
}

struct Rewrite;

impl VisitMut for Rewrite {
    fn visit_expr_mut(&mut self, expr: &mut Expression) {
        visit_mut::visit_expr_mut(self, expr);
        let Expression::BinaryOp(op) = expr else { return };
        let symbol = match op.operator.value() {
            BinaryOperator::Plus => "+",
            BinaryOperator::Minus => "-",
            BinaryOperator::Mul => "*",
            BinaryOperator::Div => "/",
            BinaryOperator::Mod => "%",
            _ => return,
        };
        let Expression::BinaryOp(op) = std::mem::replace(expr, Expression::null()) else { return };
        let mut args = EditArgs::new();
        args.push(op.lhs_expr);
        args.push(op.rhs_expr);
        args.push(Expression::from(symbol));
        *expr = Expression::from(FuncCall::new(hcl_edit::Ident::new(FUNCTION), args));
    }
}

/// A number operand, as the error names it.
fn operand(value: Option<&Value>, side: &str) -> Result<Number, String> {
    match value {
        Some(Value::Number(n)) => Ok(*n),
        Some(other) => Err(format!("the {side} operand is {other}, where a number is required")),
        None => Err(format!("the {side} operand is missing")),
    }
}

fn whole(n: &Number) -> Option<i128> {
    n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from))
}

fn from_whole(n: i128) -> Value {
    match (i64::try_from(n), u64::try_from(n)) {
        (Ok(i), _) => Value::from(i),
        (_, Ok(u)) => Value::from(u),
        _ => from_float(n as f64).unwrap_or(Value::Null),
    }
}

fn from_float(f: f64) -> Result<Value, String> {
    Number::from_f64(f).map(Value::Number).ok_or_else(|| {
        "the result is too large for netplay's 64-bit numbers (Nomad computes it with arbitrary precision)".to_string()
    })
}

/// `netplay_arith(a, b, op)`.
fn arith(args: FuncArgs) -> Result<Value, String> {
    let a = operand(args.first(), "left")?;
    let b = operand(args.get(1), "right")?;
    let op = args.get(2).and_then(Value::as_str).unwrap_or_default();
    if matches!(op, "/" | "%") && b.as_f64() == Some(0.0) {
        return Err(
            if op == "/" { "can't divide by zero" } else { "can't take a remainder of a division by zero" }.into()
        );
    }
    if let (Some(x), Some(y)) = (whole(&a), whole(&b)) {
        match op {
            "+" => return Ok(from_whole(x + y)),
            "-" => return Ok(from_whole(x - y)),
            "*" => return Ok(from_whole(x * y)),
            "%" => return Ok(from_whole(x % y)),
            "/" if x % y == 0 => return Ok(from_whole(x / y)),
            _ => {}
        }
    }
    let (x, y) = (a.as_f64().unwrap_or(f64::NAN), b.as_f64().unwrap_or(f64::NAN));
    from_float(match op {
        "+" => x + y,
        "-" => x - y,
        "*" => x * y,
        "/" => x / y,
        "%" => x % y,
        other => return Err(format!("unknown operator `{other}`")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::eval::Evaluate;

    fn eval(text: &str) -> Result<Value, String> {
        let mut expr: Expression = text.parse().expect("an expression");
        rewrite(&mut expr);
        let expr: hcl::Expression = expr.into();
        let mut ctx = Context::new();
        declare(&mut ctx);
        expr.evaluate(&ctx).map_err(|e| match e.kind() {
            hcl::eval::ErrorKind::FuncCall(_, reason) => reason.clone(),
            other => other.to_string(),
        })
    }

    #[test]
    fn whole_numbers_stay_whole_and_do_not_overflow() {
        assert_eq!(eval("1 + 2 * 3"), Ok(Value::from(7)));
        assert_eq!(eval("7 / 2"), Ok(Value::from(3.5)));
        assert_eq!(eval("6 / 3"), Ok(Value::from(2)));
        assert_eq!(eval("-7 % 3"), Ok(Value::from(-1)));
        assert_eq!(eval("9223372036854775807 + 1"), Ok(Value::from(9_223_372_036_854_775_808u64)));
        assert_eq!(eval("18446744073709551615 * 2"), Ok(Value::from(36_893_488_147_419_103_230f64)));
        assert_eq!(eval("-9223372036854775808 % -1"), Ok(Value::from(0)));
        assert_eq!(eval("2.5 * 2"), Ok(Value::from(5.0)));
    }

    #[test]
    fn zero_divisors_and_infinite_results_are_errors() {
        assert_eq!(eval("1 / 0"), Err("can't divide by zero".into()));
        assert_eq!(eval("5 % 0"), Err("can't take a remainder of a division by zero".into()));
        assert!(eval("1e308 * 10").is_err_and(|e| e.contains("too large")));
        assert!(eval("\"a\" + 1").is_err_and(|e| e.contains("a number is required")));
        // Comparisons and logic are left to hcl::eval.
        assert_eq!(eval("1 < 2 && true"), Ok(Value::from(true)));
    }
}

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
//!    `false`), and `convert` works when [`declare_type_keywords`] has declared `string`,
//!    `number`, `bool`, `any` and `list`/`set`/`map`/`tuple`/`object` as type values.

use super::values::{as_number, as_text, fixed, into_set, num, type_name};
use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl::expr::{Expression, ObjectKey, Operation, TraversalOperator};
use hcl::{Map, Value};

/// A type constraint as written in `convert(value, <type>)`.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeConstraint {
    /// `any`.
    Any,
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list(T)`.
    List(Box<TypeConstraint>),
    /// `set(T)`.
    Set(Box<TypeConstraint>),
    /// `map(T)`.
    Map(Box<TypeConstraint>),
    /// `tuple([T, ...])`.
    Tuple(Vec<TypeConstraint>),
    /// `object({name = T, ...})`.
    Object(Vec<(String, TypeConstraint)>),
}

const NOT_A_TYPE: &str = "A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).";
const MARKER: &str = "__netplay_type__";

impl TypeConstraint {
    /// Reads a type from its (unevaluated) expression, as HCL's `typeexpr` does.
    pub fn from_expr(expr: &Expression) -> Result<TypeConstraint, String> {
        match expr {
            Expression::Variable(v) => match v.as_str() {
                "any" => Ok(TypeConstraint::Any),
                "string" => Ok(TypeConstraint::String),
                "number" => Ok(TypeConstraint::Number),
                "bool" => Ok(TypeConstraint::Bool),
                other => Err(format!("The keyword \"{other}\" is not a valid type specifier.")),
            },
            Expression::Parenthesis(inner) => TypeConstraint::from_expr(inner),
            Expression::FuncCall(call) if call.name.namespace.is_empty() => {
                let name = call.name.name.as_str();
                let [arg] = &call.args[..] else {
                    return Err(format!(
                        "The {name} type constructor requires one argument specifying the element type."
                    ));
                };
                match name {
                    "list" => Ok(TypeConstraint::List(Box::new(TypeConstraint::from_expr(arg)?))),
                    "set" => Ok(TypeConstraint::Set(Box::new(TypeConstraint::from_expr(arg)?))),
                    "map" => Ok(TypeConstraint::Map(Box::new(TypeConstraint::from_expr(arg)?))),
                    "tuple" => match arg {
                        Expression::Array(items) => {
                            Ok(TypeConstraint::Tuple(items.iter().map(TypeConstraint::from_expr).collect::<Result<_, _>>()?))
                        }
                        _ => Err("The tuple type constructor requires a list of element types.".to_string()),
                    },
                    "object" => match arg {
                        Expression::Object(attrs) => {
                            let mut out = Vec::new();
                            for (key, ty) in attrs {
                                let key = match key {
                                    ObjectKey::Identifier(id) => id.to_string(),
                                    ObjectKey::Expression(Expression::String(s)) => s.clone(),
                                    _ => return Err("Object constructor map keys must be attribute names.".to_string()),
                                };
                                out.push((key, TypeConstraint::from_expr(ty)?));
                            }
                            Ok(TypeConstraint::Object(out))
                        }
                        _ => Err("The object type constructor requires one argument specifying the attribute types as a map.".to_string()),
                    },
                    other => Err(format!("Keyword \"{other}\" is not a valid type constructor.")),
                }
            }
            _ => Err(NOT_A_TYPE.to_string()),
        }
    }

    /// The type as a value, as [`declare_type_keywords`] makes type expressions evaluate.
    fn to_marker(&self) -> Value {
        let mut m = Map::new();
        let (kind, detail) = match self {
            TypeConstraint::Any => ("any", None),
            TypeConstraint::String => ("string", None),
            TypeConstraint::Number => ("number", None),
            TypeConstraint::Bool => ("bool", None),
            TypeConstraint::List(t) => ("list", Some(t.to_marker())),
            TypeConstraint::Set(t) => ("set", Some(t.to_marker())),
            TypeConstraint::Map(t) => ("map", Some(t.to_marker())),
            TypeConstraint::Tuple(ts) => ("tuple", Some(Value::Array(ts.iter().map(Self::to_marker).collect()))),
            TypeConstraint::Object(attrs) => {
                ("object", Some(Value::Object(attrs.iter().map(|(k, t)| (k.clone(), t.to_marker())).collect())))
            }
        };
        m.insert(MARKER.to_string(), Value::from(kind));
        if let Some(d) = detail {
            m.insert("of".to_string(), d);
        }
        Value::Object(m)
    }

    /// Reads back a value made by [`TypeConstraint::to_marker`].
    fn from_marker(v: &Value) -> Option<TypeConstraint> {
        let m = v.as_object()?;
        let of = m.get("of");
        let inner = || of.and_then(TypeConstraint::from_marker).map(Box::new);
        Some(match m.get(MARKER)?.as_str()? {
            "any" => TypeConstraint::Any,
            "string" => TypeConstraint::String,
            "number" => TypeConstraint::Number,
            "bool" => TypeConstraint::Bool,
            "list" => TypeConstraint::List(inner()?),
            "set" => TypeConstraint::Set(inner()?),
            "map" => TypeConstraint::Map(inner()?),
            "tuple" => {
                TypeConstraint::Tuple(of?.as_array()?.iter().map(TypeConstraint::from_marker).collect::<Option<_>>()?)
            }
            "object" => TypeConstraint::Object(
                of?.as_object()?
                    .iter()
                    .map(|(k, t)| TypeConstraint::from_marker(t).map(|t| (k.clone(), t)))
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        })
    }

    fn name(&self) -> String {
        match self {
            TypeConstraint::Any => "any".into(),
            TypeConstraint::String => "string".into(),
            TypeConstraint::Number => "number".into(),
            TypeConstraint::Bool => "bool".into(),
            TypeConstraint::List(t) => format!("list of {}", t.name()),
            TypeConstraint::Set(t) => format!("set of {}", t.name()),
            TypeConstraint::Map(t) => format!("map of {}", t.name()),
            TypeConstraint::Tuple(_) => "tuple".into(),
            TypeConstraint::Object(_) => "object".into(),
        }
    }
}

/// Converts `value` to `ty` as cty's `convert` does (null stays null).
pub fn convert_value(value: &Value, ty: &TypeConstraint) -> Result<Value, String> {
    let mismatch = || format!("cannot convert {} to {}", type_name(value), ty.name());
    if value.is_null() {
        return Ok(Value::Null);
    }
    match ty {
        TypeConstraint::Any => Ok(value.clone()),
        TypeConstraint::String => as_text(value).map(Value::from).ok_or_else(mismatch),
        TypeConstraint::Number => match value {
            Value::Number(_) => Ok(value.clone()),
            Value::String(s) => as_number(value).map(num).unwrap_or_else(|| {
                Err(format!(
                    "cannot convert \"{s}\" to number; given string must be a decimal representation of a number"
                ))
            }),
            _ => Err(mismatch()),
        },
        TypeConstraint::Bool => match value {
            Value::Bool(_) => Ok(value.clone()),
            Value::String(s) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
            Value::String(s) => {
                Err(format!("cannot convert \"{s}\" to bool; only the strings \"true\" or \"false\" are allowed"))
            }
            _ => Err(mismatch()),
        },
        TypeConstraint::List(t) | TypeConstraint::Set(t) => {
            let Value::Array(items) = value else { return Err(mismatch()) };
            let items: Vec<Value> = items.iter().map(|i| convert_value(i, t)).collect::<Result<_, _>>()?;
            Ok(if matches!(ty, TypeConstraint::Set(_)) { into_set(items) } else { Value::Array(items) })
        }
        TypeConstraint::Tuple(ts) => {
            let Value::Array(items) = value else { return Err(mismatch()) };
            if items.len() != ts.len() {
                return Err(format!(
                    "incompatible tuple type for conversion: tuple required with {} elements",
                    ts.len()
                ));
            }
            Ok(Value::Array(items.iter().zip(ts).map(|(i, t)| convert_value(i, t)).collect::<Result<_, _>>()?))
        }
        TypeConstraint::Map(t) => {
            let Value::Object(m) = value else { return Err(mismatch()) };
            let out: Map<String, Value> =
                m.iter().map(|(k, v)| convert_value(v, t).map(|v| (k.clone(), v))).collect::<Result<_, _>>()?;
            Ok(super::values::sorted_object(out))
        }
        TypeConstraint::Object(attrs) => {
            let Value::Object(m) = value else { return Err(mismatch()) };
            let mut out = Map::new();
            for (k, t) in attrs {
                let v = m
                    .get(k)
                    .ok_or_else(|| format!("incompatible object type for conversion: attribute \"{k}\" is required"))?;
                out.insert(k.clone(), convert_value(v, t)?);
            }
            Ok(super::values::sorted_object(out))
        }
    }
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

/// `convert(value, type)` where the type evaluated to a type value of
/// [`declare_type_keywords`].
pub(super) fn convert(args: FuncArgs) -> Result<Value, String> {
    let [value, ty] = fixed(&args, ["value", "type"])?;
    let ty = TypeConstraint::from_marker(ty).ok_or_else(|| format!("Invalid type specification: {NOT_A_TYPE}"))?;
    convert_value(value, &ty).map_err(|e| format!("Invalid value for \"value\" parameter: {e}."))
}

fn keyword_marker(name: &str) -> Value {
    let mut m = Map::new();
    m.insert(MARKER.to_string(), Value::from(name));
    Value::Object(m)
}

fn type_ctor(kind: &str, args: &FuncArgs) -> Result<Value, String> {
    let [arg] = fixed(args, ["type"])?;
    let inner = match kind {
        "tuple" => Value::Array(
            arg.as_array()
                .ok_or("The tuple type constructor requires a list of element types.")?
                .iter()
                .map(|t| TypeConstraint::from_marker(t).map(|t| t.to_marker()).ok_or(NOT_A_TYPE))
                .collect::<Result<_, _>>()?,
        ),
        "object" => Value::Object(
            arg.as_object()
                .ok_or("The object type constructor requires one argument specifying the attribute types as a map.")?
                .iter()
                .map(|(k, t)| TypeConstraint::from_marker(t).map(|t| (k.clone(), t.to_marker())).ok_or(NOT_A_TYPE))
                .collect::<Result<_, _>>()?,
        ),
        _ => TypeConstraint::from_marker(arg).ok_or(NOT_A_TYPE)?.to_marker(),
    };
    let mut m = Map::new();
    m.insert(MARKER.to_string(), Value::from(kind));
    m.insert("of".to_string(), inner);
    Ok(Value::Object(m))
}

fn list_type(args: FuncArgs) -> Result<Value, String> {
    type_ctor("list", &args)
}
fn set_type(args: FuncArgs) -> Result<Value, String> {
    type_ctor("set", &args)
}
fn map_type(args: FuncArgs) -> Result<Value, String> {
    type_ctor("map", &args)
}
fn tuple_type(args: FuncArgs) -> Result<Value, String> {
    type_ctor("tuple", &args)
}
fn object_type(args: FuncArgs) -> Result<Value, String> {
    type_ctor("object", &args)
}

/// Declares the type keywords (`string`, `number`, `bool`, `any`) as variables and the type
/// constructors (`list`, `set`, `map`, `tuple`, `object`) as functions whose values `convert`
/// understands. Nomad has no such variables or functions; declare them only in the scope of a
/// `convert` argument if that matters.
pub fn declare_type_keywords(ctx: &mut Context<'_>) {
    for name in ["string", "number", "bool", "any"] {
        ctx.declare_var(name, keyword_marker(name));
    }
    let ctors: [(&str, hcl::eval::Func); 5] =
        [("list", list_type), ("set", set_type), ("map", map_type), ("tuple", tuple_type), ("object", object_type)];
    for (name, f) in ctors {
        ctx.declare_func(name, FuncDef::builder().variadic_param(ParamType::Any).build(f));
    }
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
            Err(e) => failures.push(format!("- {e}")),
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
    let ty = TypeConstraint::from_expr(ty).map_err(|e| format!("Invalid type specification: {e}"))?;
    let value = value.evaluate(ctx).map_err(|e| e.to_string())?;
    convert_value(&value, &ty).map_err(|e| format!("Invalid value for \"value\" parameter: {e}."))
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
            call.args[..resolvable].iter_mut().try_for_each(|e| resolve_lazy_calls(e, ctx))?;
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
        assert!(
            resolved("convert(\"x\", number)")
                .expect_err("fails")
                .contains("given string must be a decimal representation")
        );
        assert!(
            resolved("convert(1, foo)")
                .expect_err("fails")
                .contains("The keyword \"foo\" is not a valid type specifier.")
        );
        assert!(
            resolved("convert({}, object({x = string}))").expect_err("fails").contains("attribute \"x\" is required")
        );
    }

    #[test]
    fn convert_with_declared_type_keywords() {
        let mut ctx = ctx();
        declare_type_keywords(&mut ctx);
        let eval = |t: &str| {
            t.parse::<Expression>().map_err(|e| e.to_string()).and_then(|e| e.evaluate(&ctx).map_err(|e| e.to_string()))
        };
        assert_eq!(eval("convert(true, string)"), Ok(s("true")));
        assert_eq!(eval("convert([1, 2], list(string))"), Ok(strs(&["1", "2"])));
        assert_eq!(eval("convert({a = [1]}, map(list(string)))"), Ok(obj([("a", strs(&["1"]))])));
        assert!(eval("convert(1, 2)").expect_err("fails").contains("Invalid type specification"));
        assert!(eval("convert([], bool)").expect_err("fails").contains("cannot convert tuple to bool"));
    }
}

//! Interim: Nomad's type constraints land from the `types` branch.

use std::fmt;

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;

/// A type constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `string`
    String,
    /// `number`
    Number,
    /// `bool`
    Bool,
    /// `any` and everything else for now.
    Any,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::String => "string",
            Type::Number => "number",
            Type::Bool => "bool",
            Type::Any => "any",
        })
    }
}

/// A bad type expression.
#[derive(Debug)]
pub struct TypeError {
    /// HCL's text.
    pub message: String,
    /// Where.
    pub span: std::ops::Range<usize>,
}

/// Reads a type expression.
pub fn parse_type(expr: &Expression) -> Result<Type, TypeError> {
    match expr {
        Expression::Variable(v) => match v.as_str() {
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            _ => Ok(Type::Any),
        },
        other => Err(TypeError { message: "unsupported".into(), span: other.span().unwrap_or(0..0) }),
    }
}

/// Converts a value to a type.
pub fn convert(value: &hcl::Value, ty: &Type) -> Result<hcl::Value, String> {
    match (ty, value) {
        (Type::Number, hcl::Value::String(s)) => s
            .parse::<i64>()
            .map(hcl::Value::from)
            .or_else(|_| s.parse::<f64>().map(hcl::Value::from))
            .map_err(|_| "a number is required".to_string()),
        (Type::Number, hcl::Value::Number(_)) => Ok(value.clone()),
        (Type::Number, _) => Err("a number is required".into()),
        (Type::String, hcl::Value::String(_)) => Ok(value.clone()),
        (Type::String, hcl::Value::Number(n)) => Ok(hcl::Value::String(n.to_string())),
        (Type::String, _) => Err("string required".into()),
        _ => Ok(value.clone()),
    }
}

/// A value given as text.
pub fn value_from_cli(text: &str, ty: Option<&Type>) -> Result<hcl::Value, String> {
    let v = hcl::Value::String(text.to_string());
    match ty {
        Some(t) => convert(&v, t),
        None => Ok(v),
    }
}

/// The type of a value.
pub fn type_of(value: &hcl::Value) -> Type {
    match value {
        hcl::Value::String(_) => Type::String,
        hcl::Value::Number(_) => Type::Number,
        hcl::Value::Bool(_) => Type::Bool,
        _ => Type::Any,
    }
}

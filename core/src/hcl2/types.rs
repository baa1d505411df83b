//! The type system of Nomad 1.x `variable` blocks: type expressions, the types of values and
//! the conversion of values to a type.
//!
//! Nomad reads a variable's `type` with HCL's `typeexpr` package and converts every value
//! (default, `-var`, `-var-file`, `NOMAD_VAR_*`) with go-cty's `convert` package. This module
//! keeps their rules on `hcl-rs` values:
//!
//! - [`parse_type`] reads a type expression the way Nomad does (`typeexpr.Type`: exact types,
//!   so `any` and `optional(...)` are rejected); [`parse_type_constraint`] is the looser
//!   `typeexpr.TypeConstraint` that accepts both.
//! - [`type_of`] is the type a value has on its own (a literal list is a tuple, a literal
//!   object an object), which Nomad uses as the variable's type when only a default is given.
//! - [`convert`] applies go-cty's conversions, with its error texts.
//! - [`value_from_cli`] turns the text of a `-var` or `NOMAD_VAR_*` setting into a value.
//!
//! go-cty values carry their type; `hcl::Value` does not, so a converted list, set or tuple
//! all come back as an array and a map or an object as an object. A set comes back with its
//! duplicates removed and in go-cty's order.

mod convert;
mod mismatch;
mod number;
mod parse;
mod set;
mod unify;

use std::collections::BTreeMap;
use std::fmt;

use hcl::Value;

pub use convert::convert;
pub use parse::{INVALID_TYPE_SUMMARY, TypeError, parse_type, parse_type_constraint};

/// A type as HCL's type expressions and go-cty know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `any` (go-cty's dynamic pseudo-type): any value, also the type of a bare `null`.
    Any,
    /// `list(T)`: an ordered sequence of one element type.
    List(Box<Type>),
    /// `set(T)`: an unordered collection of distinct values of one element type.
    Set(Box<Type>),
    /// `map(T)`: string keys to values of one element type.
    Map(Box<Type>),
    /// `object({a = T, ...})`: named attributes, each with its own type; the flag marks an
    /// attribute declared `optional(T)`.
    Object(BTreeMap<String, (Type, bool)>),
    /// `tuple([T, ...])`: a fixed-length sequence with a type per position.
    Tuple(Vec<Type>),
}

impl Type {
    /// A `list(element)`.
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    /// A `set(element)`.
    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    /// A `map(element)`.
    pub fn map(element: Type) -> Type {
        Type::Map(Box::new(element))
    }

    /// An object type whose attributes are all required.
    pub fn object<'a>(attributes: impl IntoIterator<Item = (&'a str, Type)>) -> Type {
        Type::Object(attributes.into_iter().map(|(name, ty)| (name.to_owned(), (ty, false))).collect())
    }

    /// True for `string`, `number` and `bool`.
    pub fn is_primitive(&self) -> bool {
        matches!(self, Type::String | Type::Number | Type::Bool)
    }

    /// True for lists, sets and maps.
    pub fn is_collection(&self) -> bool {
        matches!(self, Type::List(_) | Type::Set(_) | Type::Map(_))
    }

    /// The element type of a list, set or map.
    pub fn element(&self) -> Option<&Type> {
        match self {
            Type::List(element) | Type::Set(element) | Type::Map(element) => Some(element),
            _ => None,
        }
    }

    /// True if `any` occurs anywhere in the type.
    pub fn has_any(&self) -> bool {
        match self {
            Type::Any => true,
            Type::String | Type::Number | Type::Bool => false,
            Type::List(element) | Type::Set(element) | Type::Map(element) => element.has_any(),
            Type::Object(attributes) => attributes.values().any(|(ty, _)| ty.has_any()),
            Type::Tuple(elements) => elements.iter().any(Type::has_any),
        }
    }

    /// The same type with every `optional` mark removed, at every depth.
    pub fn without_optional(&self) -> Type {
        match self {
            Type::String | Type::Number | Type::Bool | Type::Any => self.clone(),
            Type::List(element) => Type::list(element.without_optional()),
            Type::Set(element) => Type::set(element.without_optional()),
            Type::Map(element) => Type::map(element.without_optional()),
            Type::Object(attributes) => Type::Object(
                attributes.iter().map(|(name, (ty, _))| (name.clone(), (ty.without_optional(), false))).collect(),
            ),
            Type::Tuple(elements) => Type::Tuple(elements.iter().map(Type::without_optional).collect()),
        }
    }

    /// go-cty's short English name (`list of string`, `object`, `dynamic`), used in
    /// conversion errors.
    pub fn friendly_name(&self) -> String {
        self.friendly(false)
    }

    /// go-cty's name for the type as a constraint: like [`Type::friendly_name`] but `any`
    /// reads `any type`, and a collection of `any` `list of any single type`.
    pub fn friendly_name_for_constraint(&self) -> String {
        self.friendly(true)
    }

    fn friendly(&self, constraint: bool) -> String {
        let collection = |prefix: &str, element: &Type| {
            if constraint && *element == Type::Any {
                format!("{prefix} of any single type")
            } else {
                format!("{prefix} of {}", element.friendly(constraint))
            }
        };
        match self {
            Type::String => "string".to_owned(),
            Type::Number => "number".to_owned(),
            Type::Bool => "bool".to_owned(),
            Type::Any if constraint => "any type".to_owned(),
            Type::Any => "dynamic".to_owned(),
            Type::List(element) => collection("list", element),
            Type::Set(element) => collection("set", element),
            Type::Map(element) => collection("map", element),
            Type::Object(_) => "object".to_owned(),
            Type::Tuple(_) => "tuple".to_owned(),
        }
    }
}

/// Writes the type as an HCL type expression, the way HCL's `typeexpr.TypeString` does:
/// `list(string)`, `object({a=number,b=bool})` (attributes sorted, no spaces, optional marks
/// not shown), `tuple([string,number])`.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Number => f.write_str("number"),
            Type::Bool => f.write_str("bool"),
            Type::Any => f.write_str("any"),
            Type::List(element) => write!(f, "list({element})"),
            Type::Set(element) => write!(f, "set({element})"),
            Type::Map(element) => write!(f, "map({element})"),
            Type::Object(attributes) => {
                f.write_str("object({")?;
                for (i, (name, (ty, _))) in attributes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    if is_identifier(name) {
                        f.write_str(name)?;
                    } else {
                        f.write_str(&go_quote(name))?;
                    }
                    write!(f, "={ty}")?;
                }
                f.write_str("})")
            }
            Type::Tuple(elements) => {
                f.write_str("tuple([")?;
                for (i, ty) in elements.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{ty}")?;
                }
                f.write_str("])")
            }
        }
    }
}

/// The type a value has by itself, as HCL gives it to a literal: `null` is `any`, an array a
/// tuple of its elements' types, an object an object type with every attribute required.
///
/// Nomad takes this as the variable's type when a `variable` block has a `default` but no
/// `type`; later values must then convert to it.
pub fn type_of(value: &Value) -> Type {
    match value {
        Value::Null => Type::Any,
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::Array(items) => Type::Tuple(items.iter().map(type_of).collect()),
        Value::Object(attributes) => {
            Type::Object(attributes.iter().map(|(name, value)| (name.clone(), (type_of(value), false))).collect())
        }
    }
}

/// Why the text of a `-var` or `NOMAD_VAR_*` setting gave no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CliValueError {
    /// The text is not an HCL expression (for variables whose type is not string or number).
    #[error("{0}")]
    Syntax(String),
    /// The expression could not be evaluated without variables and functions.
    #[error("{0}")]
    Eval(String),
    /// The value does not convert to the variable's type; go-cty's text, to be placed in
    /// Nomad's `... is not compatible with the variable's type constraint: <text>.`
    #[error("{0}")]
    Convert(String),
}

/// The value of a variable set from the command line (`-var name=text`) or the environment
/// (`NOMAD_VAR_name=text`), as Nomad's `expressionFromVariableDefinition` reads it.
///
/// For a variable of type `string` or `number`, or one without a type, the text is taken as
/// a literal string; otherwise it is parsed as an HCL expression and evaluated as a constant.
/// The value is then converted to the type (a variable without a type keeps the string).
///
/// Nomad words a [`CliValueError::Convert`] differently by source: for `-var`, "Invalid
/// argument value for -var variable" / "The received arg value for NAME is not compatible
/// with the variable's type constraint: TEXT."; for `NOMAD_VAR_*` (and var-files), "Invalid
/// value for variable" / "The value for NAME is not compatible with the variable's type
/// constraint: TEXT.". Syntax errors carry hcl-edit's text, not hclsyntax's.
pub fn value_from_cli(text: &str, ty: Option<&Type>) -> Result<Value, CliValueError> {
    let value = match ty {
        None => return Ok(Value::String(text.to_owned())),
        Some(Type::String | Type::Number) => Value::String(text.to_owned()),
        Some(_) => evaluate_constant(text)?,
    };
    match ty {
        Some(ty) => convert(&value, ty).map_err(CliValueError::Convert),
        None => Ok(value),
    }
}

/// Parses `text` as one HCL expression and evaluates it with no variables and no functions.
fn evaluate_constant(text: &str) -> Result<Value, CliValueError> {
    use hcl::eval::Evaluate;
    // hcl-edit refuses nesting past its own limit, so neither the parser nor the evaluator
    // can recurse without bound; netplay's bound on objects nested as operands (`nesting`)
    // keeps it from backtracking for seconds.
    if let Some(d) = crate::hcl2::nesting::too_deep(text, crate::source::SourceId::Jobspec) {
        return Err(CliValueError::Syntax(d.message));
    }
    let mut parsed = hcl::edit::parser::parse_expr(text).map_err(|err| CliValueError::Syntax(err.to_string()))?;
    // Checked arithmetic and the evaluation budget, as for the jobspec's own expressions.
    crate::hcl2::arith::rewrite(&mut parsed);
    let _ = crate::hcl2::budget::instrument(&mut parsed);
    let expr = hcl::Expression::from(parsed);
    let mut ctx = hcl::eval::Context::new();
    crate::hcl2::arith::declare(&mut ctx);
    crate::hcl2::budget::declare(&mut ctx);
    let value = expr.evaluate(&ctx);
    if crate::hcl2::budget::exhausted() {
        return Err(CliValueError::Eval(format!(
            "netplay stopped evaluating this value: it asks for more than {} units of work",
            crate::limits::MAX_EVALUATION_WORK
        )));
    }
    value.map_err(|err| {
        CliValueError::Eval(match err.kind() {
            // hclsyntax's texts for an expression evaluated without a context.
            hcl::eval::ErrorKind::UndefinedVar(_) => {
                "Variables not allowed: Variables may not be used here.".to_owned()
            }
            hcl::eval::ErrorKind::UndefinedFunc(_) => {
                "Function calls not allowed: Functions may not be called here.".to_owned()
            }
            hcl::eval::ErrorKind::FuncCall(name, reason) if name.name.as_str() == crate::hcl2::arith::FUNCTION => {
                format!("Operation failed: Error during operation: {reason}.")
            }
            _ => err.to_string(),
        })
    })
}

/// True if `name` is an HCL identifier: a letter or `_` first, then letters, digits, `_`, `-`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Quotes `text` the way Go's `%q` does for the texts that occur here: backslash escapes for
/// quotes, backslashes and control characters, everything else as it is.
fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x80 && c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_written_as_hcl_writes_them() {
        let ty = Type::Object(
            [
                ("tags".to_owned(), (Type::map(Type::String), false)),
                ("ports".to_owned(), (Type::list(Type::Number), true)),
                ("pair".to_owned(), (Type::Tuple(vec![Type::Bool, Type::Any]), false)),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(ty.to_string(), "object({pair=tuple([bool,any]),ports=list(number),tags=map(string)})");
        assert_eq!(Type::set(Type::list(Type::String)).to_string(), "set(list(string))");
    }

    #[test]
    fn friendly_names() {
        assert_eq!(Type::list(Type::map(Type::String)).friendly_name(), "list of map of string");
        assert_eq!(Type::list(Type::Any).friendly_name(), "list of dynamic");
        assert_eq!(Type::list(Type::Any).friendly_name_for_constraint(), "list of any single type");
        assert_eq!(Type::Any.friendly_name_for_constraint(), "any type");
        assert_eq!(Type::Tuple(vec![]).friendly_name(), "tuple");
        assert_eq!(Type::object([]).friendly_name(), "object");
    }

    #[test]
    fn the_type_of_a_literal() {
        let value: Value = hcl::value!({ a = [1, "x", null], b = { c = true } });
        let want = Type::object([
            ("a", Type::Tuple(vec![Type::Number, Type::String, Type::Any])),
            ("b", Type::object([("c", Type::Bool)])),
        ]);
        assert_eq!(type_of(&value), want);
        assert_eq!(type_of(&Value::Null), Type::Any);
    }

    #[test]
    fn cli_values_for_strings_numbers_and_untyped_variables_are_literal_strings() {
        assert_eq!(value_from_cli("[1, 2]", None), Ok(Value::from("[1, 2]")));
        assert_eq!(value_from_cli("\"quoted\"", Some(&Type::String)), Ok(Value::from("\"quoted\"")));
        assert_eq!(value_from_cli("5", Some(&Type::Number)), Ok(Value::from(5)));
        assert_eq!(value_from_cli("1.5", Some(&Type::Number)), Ok(Value::from(1.5)));
        assert_eq!(
            value_from_cli(" 5", Some(&Type::Number)),
            Err(CliValueError::Convert("a number is required".to_owned()))
        );
        assert_eq!(
            value_from_cli("1 + 1", Some(&Type::Number)),
            Err(CliValueError::Convert("a number is required".to_owned())),
            "not evaluated for number variables"
        );
    }

    #[test]
    fn cli_values_for_other_types_are_hcl_expressions() {
        let strings = Type::list(Type::String);
        assert_eq!(value_from_cli("[\"a\", 1, true]", Some(&strings)), Ok(hcl::value!(["a", "1", "true"])));
        assert_eq!(value_from_cli("true", Some(&Type::Bool)), Ok(Value::from(true)));
        assert_eq!(value_from_cli("1 == 1", Some(&Type::Bool)), Ok(Value::from(true)));
        assert_eq!(
            value_from_cli("\"${1 + 2}x\"", Some(&Type::Bool)),
            Err(CliValueError::Convert("a bool is required".to_owned()))
        );
        // A template of one interpolation is the interpolated value itself, as in HCL.
        assert_eq!(
            value_from_cli("\"${1 + 2}\"", Some(&Type::Bool)),
            Err(CliValueError::Convert("bool required, but have number".to_owned()))
        );
        let ports = Type::map(Type::Number);
        assert_eq!(value_from_cli("{ http = \"80\" }", Some(&ports)), Ok(hcl::value!({ http = 80 })));
        // A tuple default gives a tuple type; the value must match its length.
        let pair = Type::Tuple(vec![Type::Number, Type::Number]);
        assert_eq!(value_from_cli("[1, 2]", Some(&pair)), Ok(hcl::value!([1, 2])));
        assert_eq!(value_from_cli("[1]", Some(&pair)), Err(CliValueError::Convert("tuple required".to_owned())));
        // A variable whose default is `null` has type `any`: the text is still an expression.
        assert_eq!(value_from_cli("[1, \"a\"]", Some(&Type::Any)), Ok(hcl::value!([1, "a"])));
        assert_eq!(value_from_cli("\"x\"", Some(&Type::Any)), Ok(Value::from("x")));
    }

    #[test]
    fn cli_collections_written_as_quoted_strings_stay_strings() {
        // `-var 'datacenters="[\"dc1\"]"'`: the shell leaves the quotes, HCL reads a string.
        let text = r#""[\"dc1\", \"dc2\"]""#;
        assert_eq!(
            value_from_cli(text, Some(&Type::list(Type::String))),
            Err(CliValueError::Convert("list of string required, but have string".to_owned()))
        );
        let env = Type::object([("foo", Type::String), ("bar", Type::String)]);
        assert_eq!(
            value_from_cli(r#""{foo=\"a\", bar=\"b\"}""#, Some(&env)),
            Err(CliValueError::Convert("object required, but have string".to_owned()))
        );
        assert_eq!(value_from_cli("{foo=\"a\", bar=\"b\"}", Some(&env)), Ok(hcl::value!({ bar = "b", foo = "a" })));
    }

    #[test]
    fn cli_values_that_are_not_constants() {
        assert_eq!(
            value_from_cli("yes", Some(&Type::Bool)),
            Err(CliValueError::Eval("Variables not allowed: Variables may not be used here.".to_owned()))
        );
        assert_eq!(
            value_from_cli("upper(\"a\")", Some(&Type::list(Type::String))),
            Err(CliValueError::Eval("Function calls not allowed: Functions may not be called here.".to_owned()))
        );
        assert!(matches!(value_from_cli("[1,", Some(&Type::list(Type::String))), Err(CliValueError::Syntax(_))));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(value_from_cli(&deep, Some(&Type::Any)), Err(CliValueError::Syntax(_))));
    }

    #[test]
    fn go_quoting() {
        assert_eq!(go_quote("a"), "\"a\"");
        assert_eq!(go_quote("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\x01\"");
        assert_eq!(go_quote("ä"), "\"ä\"");
    }
}

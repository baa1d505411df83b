//! Reading type expressions (`list(string)`, `object({port = number})`) from an hcl-edit
//! expression, as HCL's `typeexpr` package does, with its error texts.
//!
//! A type expression is not evaluated: it is a keyword (`string`, `number`, `bool`, and in
//! constraints `any`) or a call of a type constructor (`list`, `set`, `map`, `object`,
//! `tuple`) whose argument is again read as a type, or for `object` and `tuple` an object
//! or array of types. Parentheses, quotes and other expressions are errors.

use hcl_edit::Decorate as _;
use hcl_edit::expr::{Expression, FuncCall, ObjectKey};

use super::{Type, go_quote};
use crate::Span;
use hcl_edit::Span as _;

/// The summary line HCL gives every type expression error.
pub const INVALID_TYPE_SUMMARY: &str = "Invalid type specification";

/// A type expression HCL would refuse, with HCL's explanation and where it points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TypeError {
    /// HCL's detail text, e.g. `The keyword "strng" is not a valid type specification.`
    /// (the summary is always [`INVALID_TYPE_SUMMARY`]).
    pub message: String,
    /// The part of the text the error is about, as byte offsets into the text the expression
    /// was parsed from.
    pub span: Span,
}

/// Reads a `variable` block's `type` the way Nomad does (`typeexpr.Type`): exact types only,
/// so `any` and `optional(...)` are errors.
///
/// Only the first problem is returned; HCL goes on and may report more.
pub fn parse_type(expr: &Expression) -> Result<Type, TypeError> {
    Reader { constraint: false }.read(expr, Span::default())
}

/// Reads a type constraint (`typeexpr.TypeConstraint`, as Terraform reads a variable's type):
/// like [`parse_type`], but `any` is allowed and object attributes may be `optional(T)`.
pub fn parse_type_constraint(expr: &Expression) -> Result<Type, TypeError> {
    Reader { constraint: true }.read(expr, Span::default())
}

struct Reader {
    constraint: bool,
}

/// The byte span of a node, or `fallback` for nodes that were not parsed from text.
fn span_of(node: &impl hcl_edit::Span, fallback: Span) -> Span {
    node.span().map_or(fallback, |r| Span::new(r.start, r.end))
}

fn error(message: impl Into<String>, span: Span) -> TypeError {
    TypeError { message: message.into(), span }
}

/// The expression as a bare keyword (`hcl.ExprAsKeyword`): a single name, where HCL also
/// counts the literals `null`, `true` and `false` as names.
fn keyword(expr: &Expression) -> Option<&str> {
    match expr {
        Expression::Variable(name) => Some(name.as_str()),
        Expression::Null(_) => Some("null"),
        Expression::Bool(b) => Some(if *b.value() { "true" } else { "false" }),
        _ => None,
    }
}

/// The span of a call's parenthesised arguments, `(` to `)`. hcl-edit records no span for
/// the arguments; they run from the end of the name (and the blanks after it) to the end of
/// the call.
fn args_span(call: &FuncCall, call_span: Span) -> Span {
    if let Some(span) = call.args.span() {
        return Span::new(span.start, span.end);
    }
    let name = &call.name.name;
    match name.span() {
        Some(r) => {
            let blanks = name.decor().suffix().map_or(0, |s| s.len());
            Span::new((r.end + blanks).min(call_span.end), call_span.end)
        }
        None => call_span,
    }
}

/// A function's full name, namespaces joined with `::` as hclsyntax writes it.
fn call_name(call: &FuncCall) -> String {
    let mut name = String::new();
    for part in &call.name.namespace {
        name.push_str(part.as_str());
        name.push_str("::");
    }
    name.push_str(call.name.name.as_str());
    name
}

impl Reader {
    fn read(&self, expr: &Expression, fallback: Span) -> Result<Type, TypeError> {
        let span = span_of(expr, fallback);
        if let Some(kw) = keyword(expr) {
            return match kw {
                "bool" => Ok(Type::Bool),
                "string" => Ok(Type::String),
                "number" => Ok(Type::Number),
                "any" if self.constraint => Ok(Type::Any),
                "any" => Err(error(
                    format!(
                        "The keyword {} cannot be used in this type specification: an exact type is required.",
                        go_quote(kw)
                    ),
                    span,
                )),
                "list" | "map" | "set" => Err(error(
                    format!("The {kw} type constructor requires one argument specifying the element type."),
                    span,
                )),
                "object" => Err(error(OBJECT_ARGUMENT, span)),
                "tuple" => Err(error(TUPLE_ARGUMENT, span)),
                _ => Err(error(format!("The keyword {} is not a valid type specification.", go_quote(kw)), span)),
            };
        }
        let Expression::FuncCall(call) = expr else {
            return Err(error(
                "A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).",
                span,
            ));
        };
        let name = call_name(call);
        let args: Vec<&Expression> = call.args.iter().collect();
        let args_span = args_span(call, span);
        match name.as_str() {
            "bool" | "string" | "number" => {
                return Err(error(
                    format!("Primitive type keyword {} does not expect arguments.", go_quote(&name)),
                    args_span,
                ));
            }
            "any" => {
                return Err(error(
                    format!("Type constraint keyword {} does not expect arguments.", go_quote(&name)),
                    args_span,
                ));
            }
            _ => {}
        }
        if args.len() != 1 && matches!(name.as_str(), "list" | "set" | "map" | "object" | "tuple") {
            // Too many arguments: point at the extra ones.
            let subject = match (args.get(1), args.last()) {
                (Some(second), Some(last)) => span_of(*second, args_span).join(span_of(*last, args_span)),
                _ => args_span,
            };
            let message = match name.as_str() {
                "object" => OBJECT_ARGUMENT.to_owned(),
                "tuple" => TUPLE_ARGUMENT.to_owned(),
                _ => format!("The {name} type constructor requires one argument specifying the element type."),
            };
            return Err(error(message, subject));
        }
        match (name.as_str(), args.first()) {
            ("list", Some(arg)) => Ok(Type::list(self.read(arg, span)?)),
            ("set", Some(arg)) => Ok(Type::set(self.read(arg, span)?)),
            ("map", Some(arg)) => Ok(Type::map(self.read(arg, span)?)),
            ("object", Some(arg)) => self.object(arg, span),
            ("tuple", Some(arg)) => {
                let Expression::Array(items) = arg else {
                    return Err(error("Tuple type constructor requires a list of element types.", span_of(*arg, span)));
                };
                let types = items.iter().map(|item| self.read(item, span)).collect::<Result<_, _>>()?;
                Ok(Type::Tuple(types))
            }
            ("optional", _) => Err(error(
                format!("Keyword {} is valid only as a modifier for object type attributes.", go_quote(&name)),
                span_of(&call.name.name, span),
            )),
            _ => Err(error(format!("Keyword {} is not a valid type constructor.", go_quote(&name)), span)),
        }
    }

    /// The argument of `object(...)`: an object of attribute names to types, each type
    /// possibly wrapped in `optional(...)`.
    fn object(&self, arg: &Expression, parent: Span) -> Result<Type, TypeError> {
        let Expression::Object(object) = arg else {
            return Err(error(
                "Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.",
                span_of(arg, parent),
            ));
        };
        let mut attributes = std::collections::BTreeMap::new();
        for (key, value) in object.iter() {
            let key_span = span_of(key, parent);
            let name = match key {
                ObjectKey::Ident(name) => Some(name.as_str()),
                ObjectKey::Expression(expr) => keyword(expr),
            };
            let Some(name) = name else {
                return Err(error("Object constructor map keys must be attribute names.", key_span));
            };
            // HCL's "Object constructor map keys must be unique." cannot occur: hcl-edit already
            // refuses a repeated key when it parses the text.
            let mut type_expr = value.expr();
            let mut optional = false;
            if let Expression::FuncCall(call) = type_expr
                && call_name(call) == "optional"
            {
                let args: Vec<&Expression> = call.args.iter().collect();
                let args_span = args_span(call, span_of(type_expr, key_span));
                let Some(first) = args.first() else {
                    return Err(error(
                        "Optional attribute modifier requires the attribute type as its argument.",
                        args_span,
                    ));
                };
                if !self.constraint {
                    return Err(error(
                        "Optional attribute modifier is only for type constraints, not for exact types.",
                        span_of(&call.name.name, key_span),
                    ));
                }
                if args.len() > 1 {
                    return Err(error(
                        "Optional attribute modifier expects only one argument: the attribute type.",
                        args_span,
                    ));
                }
                optional = true;
                type_expr = first;
            }
            let ty = self.read(type_expr, key_span)?;
            attributes.insert(name.to_owned(), (ty, optional));
        }
        Ok(Type::Object(attributes))
    }
}

const OBJECT_ARGUMENT: &str =
    "The object type constructor requires one argument specifying the attribute types and values as a map.";
const TUPLE_ARGUMENT: &str = "The tuple type constructor requires one argument specifying the element types as a list.";

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` as the value of `type = ...` and reads it as Nomad does.
    fn exact(text: &str) -> Result<String, (String, String)> {
        read(text, false)
    }

    fn constraint(text: &str) -> Result<String, (String, String)> {
        read(text, true)
    }

    /// The type written back, or the error with the text its span covers.
    fn read(text: &str, constraint: bool) -> Result<String, (String, String)> {
        let source = format!("type = {text}\n");
        let body = hcl_edit::parser::parse_body(&source).map_err(|e| (format!("parse: {e}"), String::new()))?;
        let attr = body.get_attribute("type").ok_or_else(|| ("no attribute".to_owned(), String::new()))?;
        let result = if constraint { parse_type_constraint(&attr.value) } else { parse_type(&attr.value) };
        result.map(|t| t.to_string()).map_err(|e| {
            let covered = source.get(e.span.start..e.span.end).unwrap_or("<bad span>").to_owned();
            (e.message, covered)
        })
    }

    fn err(message: &str, covered: &str) -> Result<String, (String, String)> {
        Err((message.to_owned(), covered.to_owned()))
    }

    #[test]
    fn keywords_and_constructors() {
        assert_eq!(exact("string"), Ok("string".to_owned()));
        assert_eq!(exact("number"), Ok("number".to_owned()));
        assert_eq!(exact("bool"), Ok("bool".to_owned()));
        assert_eq!(exact("list(string)"), Ok("list(string)".to_owned()));
        assert_eq!(exact("set( number )"), Ok("set(number)".to_owned()));
        assert_eq!(exact("map(list(bool))"), Ok("map(list(bool))".to_owned()));
        assert_eq!(
            exact("object({ port = number, name = string, tags = map(string) })"),
            Ok("object({name=string,port=number,tags=map(string)})".to_owned())
        );
        assert_eq!(exact("object({})"), Ok("object({})".to_owned()));
        assert_eq!(exact("tuple([string, number])"), Ok("tuple([string,number])".to_owned()));
        assert_eq!(exact("tuple([])"), Ok("tuple([])".to_owned()));
    }

    #[test]
    fn any_and_optional_are_constraint_only() {
        assert_eq!(constraint("any"), Ok("any".to_owned()));
        assert_eq!(constraint("list(any)"), Ok("list(any)".to_owned()));
        assert_eq!(
            exact("any"),
            err("The keyword \"any\" cannot be used in this type specification: an exact type is required.", "any")
        );
        assert_eq!(
            exact("map(any)"),
            err("The keyword \"any\" cannot be used in this type specification: an exact type is required.", "any")
        );
        let source = "type = object({ a = optional(string), b = number })\n";
        let body = hcl_edit::parser::parse_body(source).map_err(|e| e.to_string());
        let attr = body.as_ref().ok().and_then(|b| b.get_attribute("type"));
        let ty = attr.map(|a| parse_type_constraint(&a.value));
        let mut want = std::collections::BTreeMap::new();
        want.insert("a".to_owned(), (Type::String, true));
        want.insert("b".to_owned(), (Type::Number, false));
        assert_eq!(ty, Some(Ok(Type::Object(want))));
        assert_eq!(constraint("object({ a = optional(string) })"), Ok("object({a=string})".to_owned()));
        assert_eq!(
            exact("object({ a = optional(string) })"),
            err("Optional attribute modifier is only for type constraints, not for exact types.", "optional")
        );
        assert_eq!(
            constraint("object({ a = optional() })"),
            err("Optional attribute modifier requires the attribute type as its argument.", "()")
        );
        assert_eq!(
            constraint("object({ a = optional(string, \"x\") })"),
            err("Optional attribute modifier expects only one argument: the attribute type.", "(string, \"x\")")
        );
        assert_eq!(
            constraint("optional(string)"),
            err("Keyword \"optional\" is valid only as a modifier for object type attributes.", "optional")
        );
    }

    #[test]
    fn keyword_errors() {
        assert_eq!(exact("strng"), err("The keyword \"strng\" is not a valid type specification.", "strng"));
        assert_eq!(exact("null"), err("The keyword \"null\" is not a valid type specification.", "null"));
        assert_eq!(exact("true"), err("The keyword \"true\" is not a valid type specification.", "true"));
        assert_eq!(
            exact("list"),
            err("The list type constructor requires one argument specifying the element type.", "list")
        );
        assert_eq!(
            exact("map"),
            err("The map type constructor requires one argument specifying the element type.", "map")
        );
        assert_eq!(
            exact("object"),
            err(
                "The object type constructor requires one argument specifying the attribute types and values as a map.",
                "object"
            )
        );
        assert_eq!(
            exact("tuple"),
            err("The tuple type constructor requires one argument specifying the element types as a list.", "tuple")
        );
    }

    #[test]
    fn call_errors() {
        const NOT_A_TYPE: &str = "A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).";
        assert_eq!(exact("\"string\""), err(NOT_A_TYPE, "\"string\""));
        assert_eq!(exact("(string)"), err(NOT_A_TYPE, "(string)"));
        assert_eq!(exact("var.x"), err(NOT_A_TYPE, "var.x"));
        assert_eq!(exact("string()"), err("Primitive type keyword \"string\" does not expect arguments.", "()"));
        assert_eq!(exact("any(number)"), err("Type constraint keyword \"any\" does not expect arguments.", "(number)"));
        assert_eq!(
            exact("list()"),
            err("The list type constructor requires one argument specifying the element type.", "()")
        );
        assert_eq!(
            exact("set(string, number, bool)"),
            err("The set type constructor requires one argument specifying the element type.", "number, bool")
        );
        assert_eq!(exact("lst(string)"), err("Keyword \"lst\" is not a valid type constructor.", "lst(string)"));
        assert_eq!(exact("tuple(string)"), err("Tuple type constructor requires a list of element types.", "string"));
        assert_eq!(
            exact("object([string])"),
            err(
                "Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.",
                "[string]"
            )
        );
        assert_eq!(
            exact("object({ \"a\" = string })"),
            err("Object constructor map keys must be attribute names.", "\"a\"")
        );
        assert_eq!(
            exact("object({ a = list(strng) })"),
            err("The keyword \"strng\" is not a valid type specification.", "strng")
        );
    }

    #[test]
    fn written_types_read_back_as_the_same_type() {
        let types = [
            Type::list(Type::set(Type::map(Type::Bool))),
            Type::object([("a", Type::Tuple(vec![Type::String, Type::Number])), ("b_2", Type::object([]))]),
            Type::Tuple(vec![]),
        ];
        for ty in types {
            let written = ty.to_string();
            assert_eq!(exact(&written), Ok(written.clone()));
            let source = format!("type = {written}\n");
            let body = hcl_edit::parser::parse_body(&source).map_err(|e| e.to_string());
            let back = body.as_ref().ok().and_then(|b| b.get_attribute("type")).map(|a| parse_type(&a.value));
            assert_eq!(back, Some(Ok(ty)));
        }
    }

    #[test]
    fn spans_point_into_the_whole_text() {
        let source = "variable \"x\" {\n  type = map(lst(string))\n}\n";
        let body = hcl_edit::parser::parse_body(source).map_err(|e| e.to_string());
        let block = body.as_ref().ok().and_then(|b| b.get_blocks("variable").next());
        let attr = block.and_then(|b| b.body.get_attribute("type"));
        let error = attr.map(|a| parse_type(&a.value));
        let Some(Err(error)) = error else { panic!("expected an error, got {error:?}") };
        assert_eq!(error.message, "Keyword \"lst\" is not a valid type constructor.");
        assert_eq!(&source[error.span.start..error.span.end], "lst(string)");
        assert_eq!(error.span.start, source.find("lst").unwrap_or(0));
    }

    #[test]
    fn names_that_need_quotes_are_quoted_when_written() {
        let ty = Type::Object([("a b".to_owned(), (Type::String, false))].into_iter().collect());
        assert_eq!(ty.to_string(), "object({\"a b\"=string})");
    }
}

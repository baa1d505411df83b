//! Runtime references stay literal.
//!
//! When `nomad job run` evaluates a jobspec, only `var.*`, `local.*`, functions and the names a
//! `for` expression or `dynamic` block binds have values. Every other reference
//! (`${NOMAD_PORT_http}`, `${attr.kernel.name}`, `${meta.rack}`, `${env["X"]}`) evaluates to its
//! own text wrapped in `${...}`, so that the client can interpolate it when the task starts.
//! [`literalize`] rewrites an expression tree that way before `hcl::eval` sees it: each such
//! variable or traversal becomes a string literal holding `${<source text>}`.

use hcl_edit::expr::{Expression, ForExpr};
use hcl_edit::template::ForTemplateExpr;
use hcl_edit::visit_mut::{self, VisitMut};
use hcl_edit::{Decorated, Span as _};

/// The roots that have values while a jobspec is evaluated.
const EVALUATED_ROOTS: [&str; 2] = ["var", "local"];

/// Replaces every reference to a name outside `bound` (and `var`/`local`) with the string
/// `${<its source text in text>}`. Returns how many references were replaced.
pub fn literalize(expr: &mut Expression, text: &str, bound: &[String]) -> usize {
    let mut v = Literalizer { text, bound: bound.to_vec(), replaced: 0 };
    v.visit_expr_mut(expr);
    v.replaced
}

/// True when `expr` refers to a root name that is neither evaluated nor bound.
pub fn is_runtime_reference(expr: &Expression, bound: &[String]) -> bool {
    root_name(expr).is_some_and(|name| is_runtime_name(name, bound))
}

fn is_runtime_name(name: &str, bound: &[String]) -> bool {
    !EVALUATED_ROOTS.contains(&name) && !bound.iter().any(|b| b == name)
}

/// The variable a variable or traversal expression starts from.
fn root_name(expr: &Expression) -> Option<&str> {
    match expr {
        Expression::Variable(ident) => Some(ident.as_str()),
        Expression::Traversal(traversal) => root_name(&traversal.expr),
        _ => None,
    }
}

struct Literalizer<'t> {
    text: &'t str,
    bound: Vec<String>,
    replaced: usize,
}

impl Literalizer<'_> {
    fn source(&self, expr: &Expression) -> Option<String> {
        let range = expr.span()?;
        self.text.get(range).map(|s| s.trim().to_string())
    }

    fn with_bound(&mut self, names: Vec<String>, visit: impl FnOnce(&mut Self)) {
        let before = self.bound.len();
        self.bound.extend(names);
        visit(self);
        self.bound.truncate(before);
    }
}

impl VisitMut for Literalizer<'_> {
    fn visit_expr_mut(&mut self, node: &mut Expression) {
        let runtime = match node {
            Expression::Variable(_) | Expression::Traversal(_) => is_runtime_reference(node, &self.bound),
            _ => false,
        };
        if runtime && let Some(source) = self.source(node) {
            *node = Expression::String(Decorated::new(format!("${{{source}}}")));
            self.replaced += 1;
            return;
        }
        visit_mut::visit_expr_mut(self, node);
    }

    fn visit_for_expr_mut(&mut self, node: &mut ForExpr) {
        self.visit_expr_mut(&mut node.intro.collection_expr);
        let mut names = vec![node.intro.value_var.as_str().to_string()];
        if let Some(key) = &node.intro.key_var {
            names.push(key.as_str().to_string());
        }
        self.with_bound(names, |v| {
            if let Some(key) = &mut node.key_expr {
                v.visit_expr_mut(key);
            }
            v.visit_expr_mut(&mut node.value_expr);
            if let Some(cond) = &mut node.cond {
                v.visit_expr_mut(&mut cond.expr);
            }
        });
    }

    fn visit_for_template_expr_mut(&mut self, node: &mut ForTemplateExpr) {
        self.visit_expr_mut(&mut node.collection_expr);
        let mut names = vec![node.value_var.as_str().to_string()];
        if let Some(key) = &node.key_var {
            names.push(key.as_str().to_string());
        }
        self.with_bound(names, |v| v.visit_template_mut(&mut node.template));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` as one expression, literalizes it and evaluates it with `var.n = 2`.
    fn eval(text: &str, bound: &[&str]) -> hcl::Value {
        let mut expr = hcl_edit::parser::parse_expr(text).expect("parses");
        let bound: Vec<String> = bound.iter().map(|s| s.to_string()).collect();
        literalize(&mut expr, text, &bound);
        let expr: hcl::Expression = expr.into();
        let mut ctx = hcl::eval::Context::new();
        let mut var = hcl::Map::new();
        var.insert("n".to_string(), hcl::Value::from(2));
        ctx.declare_var("var", hcl::Value::Object(var));
        use hcl::eval::Evaluate;
        expr.evaluate(&ctx).expect("evaluates")
    }

    #[test]
    fn runtime_references_keep_their_text() {
        assert_eq!(eval(r#""${NOMAD_PORT_http}""#, &[]), hcl::Value::from("${NOMAD_PORT_http}"));
        assert_eq!(eval(r#""${attr.kernel.name}-x""#, &[]), hcl::Value::from("${attr.kernel.name}-x"));
        assert_eq!(eval(r#""${meta.rack}""#, &[]), hcl::Value::from("${meta.rack}"));
        assert_eq!(eval(r#""${node.unique.name}""#, &[]), hcl::Value::from("${node.unique.name}"));
        assert_eq!(eval(r#""${env["X"]}""#, &[]), hcl::Value::from(r#"${env["X"]}"#));
        assert_eq!(eval("NOMAD_ALLOC_INDEX", &[]), hcl::Value::from("${NOMAD_ALLOC_INDEX}"));
    }

    #[test]
    fn variables_are_evaluated_next_to_runtime_references() {
        assert_eq!(eval(r#""${var.n}:${NOMAD_PORT_x}""#, &[]), hcl::Value::from("2:${NOMAD_PORT_x}"));
        assert_eq!(eval("var.n + 1", &[]), hcl::Value::from(3));
    }

    #[test]
    fn bound_names_are_not_runtime_references() {
        assert_eq!(
            eval("[for p in [1, 2] : p + var.n]", &[]),
            hcl::Value::Array(vec![hcl::Value::from(3), hcl::Value::from(4)])
        );
        assert_eq!(eval(r#""%{ for x in ["a", "b"] }${x}%{ endfor }""#, &[]), hcl::Value::from("ab"));
        let mut expr = hcl_edit::parser::parse_expr("port.value").expect("parses");
        assert_eq!(literalize(&mut expr, "port.value", &["port".to_string()]), 0);
        assert!(!is_runtime_reference(&expr, &["port".to_string()]));
        assert!(is_runtime_reference(&expr, &[]));
    }
}

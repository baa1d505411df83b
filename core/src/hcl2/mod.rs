//! HCL2, as Nomad 1.x and later read jobspecs: parsed by `hcl-edit` (the tree with byte
//! spans), evaluated by `hcl-rs` (`hcl::eval`), then handed to the decoders as netplay's
//! span-carrying [`crate::syntax::Body`].
//!
//! [`read`] does what `nomad job run` does before it decodes a job:
//!
//! 1. parse the text (a syntax error gives one diagnostic at hcl-edit's position and no body);
//! 2. read the `variable`/`variables` declarations, gather their values ([`variables`]) and
//!    evaluate the `locals`;
//! 3. evaluate every attribute with `var`, `local` and Nomad's functions ([`functions`]) in
//!    scope; references to anything else (`${NOMAD_PORT_http}`, `${attr.kernel.name}`) stay
//!    literal ([`runtime`]);
//! 4. expand `dynamic "<type>" { for_each, iterator, labels, content }` blocks into one block
//!    per element, their spans pointing at the `dynamic` block.
//!
//! Literal values keep the spans of what was written (each list element, each object entry);
//! a computed value takes the span of its whole expression. Declarations (`variable`,
//! `variables`, `locals`) stay in the tree unevaluated, for the schema check.

pub mod arith;
pub mod budget;
pub mod faults;
pub mod functions;
mod locals;
mod nesting;
pub mod runtime;
pub mod types;
pub mod variables;

use std::ops::Range;

use hcl::eval::{Context, Evaluate};
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Body as EditBody};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::limits::{MAX_DYNAMIC_BLOCKS, MAX_EVALUATION_WORK, MAX_NESTING};
use crate::source::{SourceId, Span};
use crate::syntax::{Body, Item, Key, Number, Value, ValueKind};
use functions::{FunctionEnv, with_env};
pub use variables::{ValueSource, VarArg, VarFile, VariableInputs, VariableReport};

/// What the evaluation may use besides the text.
#[derive(Debug, Clone, Default)]
pub struct Inputs<'a> {
    /// Values for the variables.
    pub variables: Option<&'a VariableInputs>,
    /// File access for `file()` and friends (the CLI); `None` in the browser.
    pub files: Option<std::sync::Arc<dyn functions::Files>>,
    /// Seed for `uuidv4()` and the like.
    pub seed: u64,
}

/// The tree of an HCL2 text and its declared variables.
#[derive(Debug, Default)]
pub struct Read {
    /// The evaluated tree.
    pub body: Body,
    /// The declared variables.
    pub variables: Vec<VariableReport>,
}

/// Parses `text` with hcl-edit. A syntax error is one diagnostic; so is nesting that hcl-edit
/// could take seconds on ([`crate::limits::MAX_OPERAND_OBJECT_NESTING`]), found before it parses.
pub fn parse(text: &str, source: SourceId) -> Result<EditBody, Diagnostic> {
    if let Some(d) = nesting::too_deep(text, source) {
        return Err(d);
    }
    hcl_edit::parser::parse_body(text).map_err(|e| syntax_error(&e, text, source))
}

/// Reads and evaluates an HCL2 text. Returns `None` (and one diagnostic) on a syntax error.
pub fn read(text: &str, source: SourceId, inputs: &Inputs<'_>, diags: &mut Diagnostics) -> Option<Read> {
    let body = match parse(text, source) {
        Ok(body) => body,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    faults::check(&body, text, source, diags);
    let env = FunctionEnv { files: inputs.files.clone(), seed: inputs.seed };
    let read = with_env(env, || {
        budget::scoped(|| {
            // The node inventory is data: plain values, no functions (but loops cost work too).
            let mut ctx = if source == SourceId::Nodes { Context::new() } else { functions::context() };
            budget::declare(&mut ctx);
            arith::declare(&mut ctx);
            // `variable` and `locals` blocks are the jobspec's language; in the inventory they are
            // unknown keys like any other, and `var` and `local` are unknown names.
            let empty = VariableInputs::default();
            let scope = if source == SourceId::Nodes {
                variables::Scope::default()
            } else {
                let scope = variables::evaluate_scope(&body, text, inputs.variables.unwrap_or(&empty), &ctx, diags);
                scope.declare(&mut ctx);
                scope
            };
            let scope_copy = scope.work();
            let mut converter = Converter { text, source, diags, bound: Vec::new(), expanded: 0, depth: 0, scope_copy };
            let tree = converter.body(&body, &ctx, Span::new(0, text.len()), true);
            Read { body: tree, variables: scope.reports }
        })
    });
    // Once the budget is spent every later expression fails the same way: report it once.
    let mut budget_reported = false;
    diags.retain(|d| {
        let repeat = d.code == Code::LimitExceeded && d.message == BUDGET_SPENT && budget_reported;
        budget_reported |= d.code == Code::LimitExceeded && d.message == BUDGET_SPENT;
        !repeat
    });
    Some(read)
}

/// The message of the diagnostic for a spent [`budget`].
const BUDGET_SPENT: &str = "netplay stopped evaluating this text: its expressions ask for too much work";

/// The diagnostic for an hcl-edit parse error.
pub(crate) fn syntax_error(e: &hcl_edit::parser::Error, text: &str, source: SourceId) -> Diagnostic {
    let loc = e.location();
    let offset = offset_of(text, loc.line(), loc.column()).unwrap_or_else(|| loc.offset().min(text.len()));
    let at = Span::char_at(text, offset);
    let d = Diagnostic::error(Code::HclSyntax, source, at, e.message().to_string());
    // hcl-edit notices a forgotten `}` only at the end; say where it belongs and which block.
    if e.message().contains("expected `}`")
        && at.start >= text.trim_end().len()
        && let Some(unclosed) = crate::syntax::braces::unclosed_block(text, source, at)
    {
        return unclosed;
    }
    let help = if e.message().contains("nesting depth") {
        "Nomad's HCL has no such limit, but netplay's HCL2 parser (hcl-edit) reads at most 64 nested brackets \
         and blocks; flatten the expression"
    } else if text.starts_with('\u{feff}') {
        "the text starts with a byte order mark (U+FEFF), which HCL does not read; save it as UTF-8 without one"
    } else if text.trim_start().starts_with(['{', '[']) {
        "this looks like JSON, which netplay does not read here; write it in HCL"
    } else {
        "check the brackets, quotes and `=` signs up to here; netplay reads this text as HCL2, as Nomad 1.x does"
    };
    d.with_help(help)
}

/// The byte offset of a 1-based line and column (columns counted in characters).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)? };
    let rest = text.get(start..)?;
    let mut chars = rest.char_indices();
    let at = if column <= 1 { Some(0) } else { chars.nth(column - 1).map(|(i, _)| i) };
    Some(start + at.unwrap_or(rest.len()))
}

/// An hcl-edit span as a netplay span, or `fallback` where it has none.
pub(crate) fn edit_span(range: Option<Range<usize>>, fallback: Span) -> Span {
    range.map_or(fallback, |r| Span::new(r.start, r.end))
}

/// Why an expression has no value.
#[derive(Debug)]
pub(crate) enum EvalFailure {
    /// `hcl::eval` refused it.
    Eval(hcl::eval::Error),
    /// A `try`, `can` or `convert` call failed.
    Lazy(functions::lazy::LazyCallError),
    /// The text's evaluation [`budget`] is spent.
    Budget,
    /// The value nests deeper than [`MAX_NESTING`].
    TooDeep,
}

impl EvalFailure {
    /// True when the failure is a reference to a missing object key (`var.unset`).
    pub(crate) fn is_missing_key(&self) -> bool {
        matches!(self, EvalFailure::Eval(e) if matches!(e.kind(), hcl::eval::ErrorKind::NoSuchKey(_)))
    }
}

/// Evaluates `expr` in `ctx`: runtime references are made literal first, then `try`, `can` and
/// `convert` calls (which need their arguments unevaluated) are resolved, then the rest.
pub(crate) fn evaluate(
    expr: &Expression,
    text: &str,
    bound: &[String],
    ctx: &Context<'_>,
) -> Result<hcl::Value, EvalFailure> {
    if !budget::charge_preparation(expr.span().map_or(0, |r| r.len())) {
        return Err(EvalFailure::Budget);
    }
    let mut expr = expr.clone();
    runtime::literalize(&mut expr, text, bound);
    arith::rewrite(&mut expr);
    let roots = budget::instrument(&mut expr);
    if !roots.charge(ctx) {
        return Err(EvalFailure::Budget);
    }
    let mut expr: hcl::Expression = expr.into();
    let value = functions::lazy::resolve_lazy_calls(&mut expr, ctx)
        .map_err(EvalFailure::Lazy)
        .and_then(|()| expr.evaluate(ctx).map_err(EvalFailure::Eval));
    checked(value)
}

/// `value`, unless the budget ran out while it was computed or it nests too deep.
pub(crate) fn checked(value: Result<hcl::Value, EvalFailure>) -> Result<hcl::Value, EvalFailure> {
    if budget::exhausted() {
        return Err(EvalFailure::Budget);
    }
    match value {
        Ok(v) if budget::too_deep(&v) => Err(EvalFailure::TooDeep),
        other => other,
    }
}

/// An evaluation error in Nomad's words, where Nomad has them.
pub(crate) fn eval_error(failure: &EvalFailure, span: Span, source: SourceId) -> Diagnostic {
    use hcl::eval::ErrorKind;
    let e = match failure {
        EvalFailure::Eval(e) => e,
        EvalFailure::Budget => {
            return Diagnostic::error(Code::LimitExceeded, source, span, BUDGET_SPENT).with_help(format!(
                "netplay spends at most {MAX_EVALUATION_WORK} units of work on a text's expressions (a unit is \
                 one value copied or 16 bytes of its text; a loop costs its text once per element). Nomad has \
                 no such limit; loops over large collections, many references to a large value or locals that \
                 grow each other exceed it"
            ));
        }
        EvalFailure::TooDeep => {
            return Diagnostic::error(
                Code::LimitExceeded,
                source,
                span,
                format!("this value nests lists and objects more than {MAX_NESTING} levels deep"),
            )
            .with_help("netplay follows at most that many levels; Nomad has no such limit");
        }
        EvalFailure::Lazy(lazy) => {
            return Diagnostic::error(
                Code::EvalError,
                source,
                span,
                format!("Error in function call: Call to function \"{}\" failed: {}.", lazy.function, lazy.reason),
            )
            .with_help(format!("Nomad refuses this call too; check the arguments of `{}`", lazy.function));
        }
    };
    let (message, help) = match e.kind() {
        ErrorKind::UndefinedFunc(name) => (
            "Call to unknown function".to_string(),
            format!(
                "There is no function named \"{name}\"; Nomad's jobspec functions are listed in its HCL2 documentation"
            ),
        ),
        ErrorKind::FuncCall(name, reason) if name.name.as_str() == arith::FUNCTION => {
            ("Operation failed".to_string(), format!("Error during operation: {reason}."))
        }
        ErrorKind::FuncCall(name, reason) => (
            format!("Error in function call: Call to function \"{name}\" failed: {reason}."),
            format!("Nomad refuses this call too; check the arguments of `{name}` in its HCL2 function reference"),
        ),
        ErrorKind::NoSuchKey(key) => {
            ("Unsupported attribute".to_string(), format!("This object does not have an attribute named \"{key}\"."))
        }
        ErrorKind::UndefinedVar(name) => {
            ("Unknown variable".to_string(), format!("There is no variable named \"{name}\"."))
        }
        other => (
            format!("Invalid expression: {other}"),
            "Nomad cannot evaluate this expression either; check the types of the values it combines".to_string(),
        ),
    };
    Diagnostic::error(Code::EvalError, source, span, message).with_help(help)
}

struct Converter<'t, 'd> {
    text: &'t str,
    source: SourceId,
    diags: &'d mut Diagnostics,
    /// Names bound by enclosing `dynamic` blocks.
    bound: Vec<String>,
    /// Blocks made by `dynamic` so far.
    expanded: usize,
    depth: usize,
    /// Work units of copying the variables and locals (each `dynamic` element copies them).
    scope_copy: u64,
}

impl Converter<'_, '_> {
    fn body(&mut self, body: &EditBody, ctx: &Context<'_>, span: Span, top: bool) -> Body {
        let mut items = Vec::new();
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.depth -= 1;
            return Body { items, span };
        }
        for structure in body.iter() {
            if let Some(attr) = structure.as_attribute() {
                let key_span = edit_span(attr.key.span(), span);
                let value = self.value(&attr.value, ctx, key_span);
                // Left unset once the budget is spent (see `evaluated`).
                if matches!(value.kind, ValueKind::Null)
                    && !matches!(attr.value, Expression::Null(_))
                    && budget::exhausted()
                {
                    continue;
                }
                let item_span = edit_span(attr.span(), key_span.join(value.span));
                items.push(Item {
                    keys: vec![Key { text: attr.key.as_str().to_string(), quoted: false, span: key_span }],
                    value,
                    assign: true,
                    span: item_span,
                });
            } else if let Some(block) = structure.as_block() {
                let name = block.ident.as_str();
                if top && matches!(name, "variable" | "variables" | "locals") {
                    items.push(self.literal_block(block, span));
                } else if name == "dynamic" {
                    // The block itself stays (unevaluated) for the schema check, which knows
                    // `dynamic` and checks its `content` even when nothing is expanded.
                    items.push(self.literal_block(block, span));
                    self.dynamic(block, ctx, span, &mut items);
                } else {
                    items.push(self.block(block, ctx, span, None));
                }
            }
        }
        self.depth -= 1;
        Body { items, span }
    }

    /// A block; `labels` replaces the written labels (for `dynamic` expansions).
    fn block(&mut self, block: &Block, ctx: &Context<'_>, outer: Span, labels: Option<Vec<Key>>) -> Item {
        let (keys, span, body_span) = self.header(block, outer, labels);
        let body = self.body(&block.body, ctx, body_span, false);
        Item { keys, value: Value { kind: ValueKind::Object(body), span: body_span }, assign: false, span }
    }

    /// A block's keys (its identifier, then `labels` or the written labels), its span and the
    /// span of its body.
    fn header(&self, block: &Block, outer: Span, labels: Option<Vec<Key>>) -> (Vec<Key>, Span, Span) {
        let ident_span = edit_span(block.ident.span(), outer);
        let mut keys = vec![Key { text: block.ident.as_str().to_string(), quoted: false, span: ident_span }];
        keys.extend(labels.unwrap_or_else(|| block.labels.iter().map(|l| label_key(l, ident_span)).collect()));
        let span = edit_span(block.span(), ident_span);
        (keys, span, body_span(block, self.text, span))
    }

    /// A declaration block, kept with its values unevaluated.
    fn literal_block(&mut self, block: &Block, outer: Span) -> Item {
        let (keys, span, body_span) = self.header(block, outer, None);
        let mut items = Vec::new();
        for structure in block.body.iter() {
            if let Some(attr) = structure.as_attribute() {
                let key_span = edit_span(attr.key.span(), body_span);
                let value_span = edit_span(attr.value.span(), key_span);
                let value = Value { kind: self.unevaluated(&attr.value, value_span), span: value_span };
                items.push(Item {
                    keys: vec![Key { text: attr.key.as_str().to_string(), quoted: false, span: key_span }],
                    value,
                    assign: true,
                    span: key_span.join(value_span),
                });
            } else if let Some(inner) = structure.as_block() {
                items.push(self.literal_block(inner, body_span));
            }
        }
        let body = Body { items, span: body_span };
        Item { keys, value: Value { kind: ValueKind::Object(body), span: body_span }, assign: false, span }
    }

    fn unevaluated(&self, expr: &Expression, span: Span) -> ValueKind {
        match expr {
            Expression::Null(_) => ValueKind::Null,
            Expression::Bool(b) => ValueKind::Bool(*b.value()),
            Expression::String(s) => ValueKind::String(s.value().clone()),
            Expression::Number(n) => number_kind(n.value()),
            _ => ValueKind::Expression(self.text.get(span.start..span.end).unwrap_or_default().to_string()),
        }
    }

    /// An attribute's value: literals keep their structure and spans, the rest is evaluated.
    fn value(&mut self, expr: &Expression, ctx: &Context<'_>, fallback: Span) -> Value {
        let span = edit_span(expr.span(), fallback);
        let kind = match expr {
            Expression::Null(_) => ValueKind::Null,
            Expression::Bool(b) => ValueKind::Bool(*b.value()),
            Expression::Number(n) => number_kind(n.value()),
            Expression::String(s) => string_kind(s.value().clone()),
            Expression::Array(array) => ValueKind::List(array.iter().map(|e| self.value(e, ctx, span)).collect()),
            Expression::Object(object) => {
                let mut items = Vec::new();
                for (key, value) in object.iter() {
                    let (text, quoted, key_span) = match key {
                        ObjectKey::Ident(ident) => (ident.as_str().to_string(), false, edit_span(ident.span(), span)),
                        ObjectKey::Expression(e) => {
                            let key_span = edit_span(e.span(), span);
                            match e {
                                Expression::String(s) => (s.value().clone(), true, key_span),
                                Expression::Variable(v) => (v.as_str().to_string(), false, key_span),
                                other => match self.evaluated(other, ctx, key_span) {
                                    ValueKind::String(s) | ValueKind::Template(s) => (s, true, key_span),
                                    _ => continue,
                                },
                            }
                        }
                    };
                    let value = self.value(value.expr(), ctx, key_span);
                    let item_span = key_span.join(value.span);
                    items.push(Item {
                        keys: vec![Key { text, quoted, span: key_span }],
                        value,
                        assign: true,
                        span: item_span,
                    });
                }
                ValueKind::Object(Body { items, span })
            }
            other => self.evaluated(other, ctx, span),
        };
        Value { kind, span }
    }

    fn evaluated(&mut self, expr: &Expression, ctx: &Context<'_>, span: Span) -> ValueKind {
        match evaluate(expr, self.text, &self.bound, ctx) {
            Ok(value) => kind_of(value, span),
            // Once the budget is spent, every later expression fails the same way, and the one
            // diagnostic says so: the value is `null` and `body` leaves its attribute out, rather
            // than have each later field also called the wrong type.
            Err(EvalFailure::Budget) if budget::exhausted() => {
                self.diags.push(eval_error(&EvalFailure::Budget, span, self.source));
                ValueKind::Null
            }
            Err(e) => {
                // An unset variable is reported once, at its declaration.
                let unset = e.is_missing_key() && self.diags.as_slice().iter().any(|d| d.code == Code::UnsetVariable);
                if !unset {
                    self.diags.push(eval_error(&e, span, self.source));
                }
                ValueKind::Expression(self.text.get(span.start..span.end).unwrap_or_default().to_string())
            }
        }
    }

    /// Expands `dynamic "<type>" { for_each = ..., iterator = ..., labels = [...], content { ... } }`.
    fn dynamic(&mut self, block: &Block, ctx: &Context<'_>, outer: Span, items: &mut Vec<Item>) {
        let span = edit_span(block.span(), outer);
        let header = variables::header_span(block);
        let Some(kind) = block.labels.first().map(|l| l.as_str().to_string()) else {
            self.diags.push(
                Diagnostic::error(Code::MissingField, self.source, header, "Missing block label")
                    .with_help("a `dynamic` block names the block type it makes: `dynamic \"port\" { ... }`"),
            );
            return;
        };
        let Some(for_each) = block.body.get_attribute("for_each") else {
            self.diags.push(
                Diagnostic::error(Code::MissingField, self.source, header, "Missing required argument")
                    .with_help("The argument \"for_each\" is required, but no definition was found."),
            );
            return;
        };
        let Some(content) = block.body.get_blocks("content").next() else {
            self.diags.push(
                Diagnostic::error(Code::MissingField, self.source, header, "Missing content block")
                    .with_help("a `dynamic` block needs one nested `content { ... }` block"),
            );
            return;
        };
        let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
            None => kind.clone(),
            Some(Expression::Variable(v)) => v.as_str().to_string(),
            Some(other) => {
                self.diags.push(
                    Diagnostic::error(
                        Code::EvalError,
                        self.source,
                        edit_span(other.span(), header),
                        "Invalid dynamic iterator name",
                    )
                    .with_help("Dynamic iterator must be a single variable name."),
                );
                return;
            }
        };
        let for_each_span = edit_span(for_each.value.span(), header);
        let collection = match evaluate(&for_each.value, self.text, &self.bound, ctx) {
            Ok(value) => value,
            Err(e) => {
                self.diags.push(eval_error(&e, for_each_span, self.source));
                return;
            }
        };
        let elements: Vec<(hcl::Value, hcl::Value)> = match collection {
            hcl::Value::Array(values) => {
                values.into_iter().enumerate().map(|(i, v)| (hcl::Value::from(i as u64), v)).collect()
            }
            hcl::Value::Object(map) => {
                // cty iterates maps and objects in key order, whatever order they were written in.
                let mut entries: Vec<(String, hcl::Value)> = map.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                entries.into_iter().map(|(k, v)| (hcl::Value::String(k), v)).collect()
            }
            hcl::Value::Null => Vec::new(),
            other => {
                self.diags.push(
                    Diagnostic::error(Code::EvalError, self.source, for_each_span, "Invalid dynamic for_each value")
                        .with_help(format!(
                            "Cannot use a {} value in for_each. An iterable collection is required.",
                            type_word(&other)
                        )),
                );
                return;
            }
        };
        if self.expanded + elements.len() > MAX_DYNAMIC_BLOCKS {
            self.diags.push(
                Diagnostic::error(
                    Code::LimitExceeded,
                    self.source,
                    for_each_span,
                    format!("`dynamic` blocks would make more than {MAX_DYNAMIC_BLOCKS} blocks"),
                )
                .with_help("netplay expands at most that many blocks per jobspec; iterate over fewer elements"),
            );
            return;
        }
        self.expanded += elements.len();
        let labels_expr = block.body.get_attribute("labels").map(|a| &a.value);
        // One copy of the context for the whole block; each element re-declares the iterator.
        if !budget::charge(budget::CONTEXT_COPY + self.scope_copy) {
            self.diags.push(eval_error(&EvalFailure::Budget, for_each_span, self.source));
            return;
        }
        let mut inner = ctx.clone();
        for (key, value) in elements {
            if !budget::charge(budget::CALL) {
                self.diags.push(eval_error(&EvalFailure::Budget, for_each_span, self.source));
                return;
            }
            let mut it = hcl::Map::new();
            it.insert("key".to_string(), key);
            it.insert("value".to_string(), value);
            inner.declare_var(iterator.clone(), hcl::Value::Object(it));
            self.bound.push(iterator.clone());
            let labels = labels_expr.map(|e| self.labels(e, &inner, header));
            let mut item = self.block(content, &inner, span, Some(labels.unwrap_or_default()));
            self.bound.pop();
            if let Some(first) = item.keys.first_mut() {
                first.text.clone_from(&kind);
                first.span = header;
            }
            item.span = span;
            items.push(item);
        }
    }

    fn labels(&mut self, expr: &Expression, ctx: &Context<'_>, header: Span) -> Vec<Key> {
        let span = edit_span(expr.span(), header);
        match evaluate(expr, self.text, &self.bound, ctx) {
            Ok(hcl::Value::Array(values)) => values
                .into_iter()
                .map(|v| Key {
                    text: match v {
                        hcl::Value::String(s) => s,
                        other => variables::render(&other),
                    },
                    quoted: true,
                    span,
                })
                .collect(),
            Ok(other) => {
                self.diags.push(
                    Diagnostic::error(Code::EvalError, self.source, span, "Invalid dynamic block labels")
                        .with_help(format!("`labels` must be a list of strings, found {}", type_word(&other))),
                );
                Vec::new()
            }
            Err(e) => {
                self.diags.push(eval_error(&e, span, self.source));
                Vec::new()
            }
        }
    }
}

fn label_key(label: &hcl_edit::structure::BlockLabel, fallback: Span) -> Key {
    match label {
        hcl_edit::structure::BlockLabel::Ident(i) => {
            Key { text: i.as_str().to_string(), quoted: false, span: edit_span(i.span(), fallback) }
        }
        hcl_edit::structure::BlockLabel::String(s) => {
            Key { text: s.value().clone(), quoted: true, span: edit_span(s.span(), fallback) }
        }
    }
}

/// From a block's `{` to its `}`.
fn body_span(block: &Block, text: &str, span: Span) -> Span {
    let after_header = variables::header_span(block).end.max(span.start);
    let open = text.get(after_header..span.end).and_then(|s| s.find('{')).map_or(after_header, |i| after_header + i);
    Span::new(open, span.end)
}

fn number_kind(n: &hcl::Number) -> ValueKind {
    match n.as_i64() {
        Some(i) if !n.is_f64() => ValueKind::Number(Number::Int(i)),
        _ => ValueKind::Number(Number::Float(n.as_f64().unwrap_or(f64::NAN))),
    }
}

fn string_kind(s: String) -> ValueKind {
    if s.contains("${") { ValueKind::Template(s) } else { ValueKind::String(s) }
}

/// An evaluated value in the tree; every part takes `span`.
fn kind_of(value: hcl::Value, span: Span) -> ValueKind {
    match value {
        hcl::Value::Null => ValueKind::Null,
        hcl::Value::Bool(b) => ValueKind::Bool(b),
        hcl::Value::Number(n) => number_kind(&n),
        hcl::Value::String(s) => string_kind(s),
        hcl::Value::Array(values) => {
            ValueKind::List(values.into_iter().map(|v| Value { kind: kind_of(v, span), span }).collect())
        }
        hcl::Value::Object(map) => ValueKind::Object(Body {
            items: map
                .into_iter()
                .map(|(k, v)| Item {
                    keys: vec![Key { text: k, quoted: true, span }],
                    value: Value { kind: kind_of(v, span), span },
                    assign: true,
                    span,
                })
                .collect(),
            span,
        }),
    }
}

fn type_word(value: &hcl::Value) -> &'static str {
    match value {
        hcl::Value::Null => "null",
        hcl::Value::Bool(_) => "bool",
        hcl::Value::Number(_) => "number",
        hcl::Value::String(_) => "string",
        hcl::Value::Array(_) => "list",
        hcl::Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests;

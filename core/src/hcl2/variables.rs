//! Input variables and locals, as `nomad job run` evaluates them before it decodes the job.
//!
//! A jobspec declares `variable "name" { type, default, description, validation { ... } }`
//! blocks (or a `variables { name = default }` block) and `locals { ... }` blocks. Values come
//! from four places; a later one in this list wins over an earlier one, as in Nomad:
//!
//! 1. the declaration's `default`;
//! 2. `NOMAD_VAR_<name>` environment variables (the CLI only; unknown names are skipped);
//! 3. variable files (`--var-file`, HCL attributes `name = value`), in the order given;
//! 4. `--var name=value` arguments (the playground's Variables panel counts as these).
//!
//! A value given as text (environment, arguments) for a variable of type `string`, `number` or
//! no type is a literal string; for any other type it is read as an HCL expression. Values
//! convert to the declared type (or, without one, the type of the default). Every declared
//! variable must end up with a value (`Unset variable`), and passes its `validation` rules.
//!
//! Locals may refer to variables, functions and each other in any order (module `hcl2::locals`).

use std::collections::HashMap;

use hcl::eval::{Context, Evaluate};
use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body as EditBody};
use serde::{Deserialize, Serialize};

use super::types::{self, Type};
use super::{edit_span, eval_error};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::limits::MAX_VARIABLES;
use crate::source::{Position, SourceId, Span};

/// Values for a jobspec's variables from outside the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableInputs {
    /// `--var name=value` (or the playground's Variables panel), in order; the last one wins.
    #[serde(default)]
    pub args: Vec<VarArg>,
    /// `--var-file` files, in order; see [`VarFile`].
    #[serde(default)]
    pub files: Vec<VarFile>,
    /// `NOMAD_VAR_<name>` environment variables, without the prefix.
    #[serde(default)]
    pub env: Vec<VarArg>,
}

impl VariableInputs {
    /// True when nothing is given.
    pub fn is_empty(&self) -> bool {
        self.args.is_empty() && self.files.is_empty() && self.env.is_empty()
    }
}

/// One `name=value` pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VarArg {
    /// The variable's name.
    pub name: String,
    /// Its value as text.
    pub value: String,
}

/// A variable file: HCL attributes `name = value`. Its diagnostics point into `text` with
/// [`SourceId::VarFile`] and the file's index in [`VariableInputs::files`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VarFile {
    /// How to name the file in messages (its path).
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// Where a variable's value was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ValueSource {
    /// The declaration's `default`.
    Default,
    /// A `NOMAD_VAR_<name>` environment variable.
    Env,
    /// A variable file.
    VarFile {
        /// The file's name.
        file: String,
    },
    /// A `--var` argument or the playground's Variables panel.
    Argument,
}

impl ValueSource {
    /// A short phrase for reports: `the default`, `--var`, ...
    pub fn describe(&self) -> String {
        match self {
            ValueSource::Default => "its default".to_string(),
            ValueSource::Env => "a NOMAD_VAR_ environment variable".to_string(),
            ValueSource::VarFile { file } => format!("the var file `{file}`"),
            ValueSource::Argument => "a --var value".to_string(),
        }
    }

    /// Nomad's word for the source in `Invalid value for <from> variable`.
    fn nomad_word(&self) -> &'static str {
        match self {
            ValueSource::Default => "default",
            ValueSource::Env => "env",
            ValueSource::VarFile { .. } => "varfile",
            ValueSource::Argument => "cmd",
        }
    }
}

/// A declared variable, what it was set to and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VariableReport {
    /// The variable's name (`var.<name>`).
    pub name: String,
    /// The declared type, as written in HCL (`number`, `list(string)`), if any.
    #[serde(rename = "type")]
    pub type_name: Option<String>,
    /// Its `description`.
    pub description: Option<String>,
    /// The default, as HCL, if any.
    pub default: Option<String>,
    /// The value used, as HCL; `None` when unset or invalid.
    pub value: Option<String>,
    /// Where the value came from.
    pub source: Option<ValueSource>,
    /// The `variable` block's header in the jobspec.
    pub span: Span,
    /// Where the declaration starts (filled in at the end of the analysis).
    pub start: Position,
    /// Where the variable is used in the jobspec (`var.<name>` references).
    pub uses: Vec<Span>,
}

/// The evaluated variables and locals of one jobspec.
#[derive(Debug, Default)]
pub struct Scope {
    /// `var.*` values of the variables that have one.
    pub vars: hcl::Map<String, hcl::Value>,
    /// `local.*` values.
    pub locals: hcl::Map<String, hcl::Value>,
    /// The declared variables, in file order.
    pub reports: Vec<VariableReport>,
}

impl Scope {
    /// Declares `var` and `local` in `ctx` (and their sizes to [`super::budget`]).
    pub fn declare(&self, ctx: &mut Context<'_>) {
        super::budget::declared("var", size(&self.vars));
        super::budget::declared("local", size(&self.locals));
        ctx.declare_var("var", hcl::Value::Object(self.vars.clone()));
        ctx.declare_var("local", hcl::Value::Object(self.locals.clone()));
    }

    /// The work units of one [`Scope::declare`] (see [`super::budget`]).
    pub fn work(&self) -> u64 {
        size(&self.vars) + size(&self.locals)
    }
}

/// The help of a default or var-file value that is not a constant.
const CONSTANT_HELP: &str =
    "defaults and var-file values are constants: literal values, lists and objects, without variables or functions";

/// The work units of an object of these values.
fn size(map: &hcl::Map<String, hcl::Value>) -> u64 {
    1 + map.iter().map(|(k, v)| 1 + k.len() as u64 / 16 + super::budget::measure(v).units).sum::<u64>()
}

struct Declared {
    report: VariableReport,
    ty: Option<Type>,
    /// Candidate values, lowest precedence first: (value, source, span to blame).
    values: Vec<(hcl::Value, ValueSource, SourceId, Span)>,
    validations: Vec<Validation>,
}

struct Validation {
    condition: Expression,
    message: String,
    span: Span,
}

const SRC: SourceId = SourceId::Jobspec;

/// Reads the declarations at the top of `body`, gathers their values from `inputs`, evaluates
/// the locals, and reports every problem Nomad reports.
pub fn evaluate_scope(
    body: &EditBody,
    text: &str,
    inputs: &VariableInputs,
    base: &Context<'_>,
    diags: &mut Diagnostics,
) -> Scope {
    let mut declared: Vec<Declared> = Vec::new();
    for structure in body.iter() {
        if let Some(block) = structure.as_block() {
            match block.ident.as_str() {
                "variable" => declare_block(block, &mut declared, diags),
                "variables" => {
                    for attr in block.body.attributes() {
                        declare_attribute(attr, &mut declared, diags);
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(first_unread) = declared.get(MAX_VARIABLES) {
        diags.push(
            Diagnostic::error(
                Code::LimitExceeded,
                SRC,
                first_unread.report.span,
                format!("the jobspec declares {} variables; netplay reads at most {MAX_VARIABLES}", declared.len()),
            )
            .with_help("the variables after that are left unset"),
        );
        declared.truncate(MAX_VARIABLES);
    }
    gather_env(&inputs.env, &mut declared, diags);
    for (index, file) in inputs.files.iter().enumerate() {
        gather_file(index, file, &mut declared, diags);
    }
    gather_args(&inputs.args, &mut declared, diags);

    let mut scope = Scope::default();
    for mut d in declared {
        match d.values.pop() {
            None => diags.push(
                Diagnostic::error(
                    Code::UnsetVariable,
                    SRC,
                    d.report.span,
                    format!("Unset variable \"{}\"", d.report.name),
                )
                .with_help(format!(
                    "a used variable must be set or have a default value: add `default = ...` to the block, or \
                         set it with `--var {}=VALUE`, a var file, `NOMAD_VAR_{}` or the Variables panel",
                    d.report.name, d.report.name
                )),
            ),
            Some((value, source, value_source, value_span)) => {
                let valid = validate(&d, &value, &source, value_source, value_span, base, diags);
                d.report.value = Some(render(&value));
                d.report.source = Some(source);
                if valid {
                    scope.vars.insert(d.report.name.clone(), value);
                }
            }
        }
        scope.reports.push(d.report);
    }
    find_uses(body, text, &mut scope.reports);
    super::locals::evaluate(body, text, &mut scope, base, diags);
    scope
}

fn declare_block(block: &Block, declared: &mut Vec<Declared>, diags: &mut Diagnostics) {
    let header = header_span(block);
    let Some(label) = block.labels.first() else {
        diags.push(
            Diagnostic::error(Code::MissingField, SRC, header, "Missing name for variable")
                .with_help("write the variable's name as the block's label: `variable \"port\" { ... }`"),
        );
        return;
    };
    let name = label.as_str().to_string();
    if declared.iter().any(|d| d.report.name == name) {
        diags.push(
            Diagnostic::error(Code::DuplicateVariable, SRC, header, "Duplicate variable")
                .with_help(format!("Duplicate {name} variable definition found.")),
        );
        return;
    }
    if !valid_identifier(&name) {
        diags.push(
            Diagnostic::error(Code::BadVariable, SRC, edit_span(label_span(label), header), "Invalid variable name")
                .with_help(
                    "A name must start with a letter or underscore and may contain only letters, digits, \
                     underscores, and dashes.",
                ),
        );
    }
    let mut d = Declared {
        report: VariableReport {
            name,
            type_name: None,
            description: None,
            default: None,
            value: None,
            source: None,
            span: header,
            start: Position::default(),
            uses: Vec::new(),
        },
        ty: None,
        values: Vec::new(),
        validations: Vec::new(),
    };
    if let Some(attr) = block.body.get_attribute("type") {
        match types::parse_type(&attr.value) {
            Ok(ty) => {
                d.report.type_name = Some(ty.to_string());
                d.ty = Some(ty);
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(Code::BadVariable, SRC, e.span, types::INVALID_TYPE_SUMMARY).with_help(e.message),
                );
                return;
            }
        }
    }
    if let Some(attr) = block.body.get_attribute("description")
        && let Ok(hcl::Value::String(s)) = constant(&attr.value)
    {
        d.report.description = Some(s);
    }
    if let Some(attr) = block.body.get_attribute("default") {
        let span = edit_span(attr.value.span(), header);
        match constant(&attr.value) {
            Err(message) => {
                diags.push(Diagnostic::error(Code::BadVariable, SRC, span, message).with_help(CONSTANT_HELP))
            }
            Ok(value) => {
                d.report.default = Some(render(&value));
                let converted = match &d.ty {
                    Some(ty) => types::convert(&value, ty).map_err(|reason| {
                        Diagnostic::error(Code::BadVariable, SRC, span, "Invalid default value for variable").with_help(
                            format!(
                                "This default value is not compatible with the variable's type constraint: {reason}."
                            ),
                        )
                    }),
                    None => {
                        d.ty = Some(types::type_of(&value));
                        Ok(value)
                    }
                };
                match converted {
                    Ok(value) => d.values.push((value, ValueSource::Default, SRC, span)),
                    Err(diag) => diags.push(diag),
                }
            }
        }
    }
    for validation in block.body.get_blocks("validation") {
        let vspan = header_span(validation);
        let condition = validation.body.get_attribute("condition").map(|a| a.value.clone());
        let message = validation.body.get_attribute("error_message").and_then(|a| match constant(&a.value) {
            Ok(hcl::Value::String(s)) => Some(s),
            _ => None,
        });
        if let Some(message) = &message
            && !looks_like_sentences(message)
        {
            let at = validation.body.get_attribute("error_message").map(|a| edit_span(a.value.span(), vspan));
            diags.push(
                Diagnostic::error(Code::BadVariable, SRC, at.unwrap_or(vspan), "Invalid validation error message")
                    .with_help(
                        "Validation error message must be at least one full sentence starting with an uppercase \
                         letter ( if the alphabet permits it ) and ending with a period or question mark.",
                    ),
            );
        }
        match (condition, message) {
            (Some(condition), Some(message)) => d.validations.push(Validation { condition, message, span: vspan }),
            _ => diags.push(
                Diagnostic::error(Code::MissingField, SRC, vspan, "Missing required argument")
                    .with_help("a `validation` block needs `condition` and `error_message`"),
            ),
        }
    }
    declared.push(d);
}

fn declare_attribute(attr: &Attribute, declared: &mut Vec<Declared>, diags: &mut Diagnostics) {
    let name = attr.key.as_str().to_string();
    let span = edit_span(attr.key.span(), Span::default());
    if declared.iter().any(|d| d.report.name == name) {
        diags.push(
            Diagnostic::error(Code::DuplicateVariable, SRC, span, "Duplicate variable")
                .with_help(format!("Duplicate {name} variable definition found.")),
        );
        return;
    }
    let value_span = edit_span(attr.value.span(), span);
    match constant(&attr.value) {
        Err(message) => {
            diags.push(Diagnostic::error(Code::BadVariable, SRC, value_span, message).with_help(CONSTANT_HELP))
        }
        Ok(value) => declared.push(Declared {
            report: VariableReport {
                name,
                type_name: None,
                description: None,
                default: Some(render(&value)),
                value: None,
                source: None,
                span,
                start: Position::default(),
                uses: Vec::new(),
            },
            ty: Some(types::type_of(&value)),
            values: vec![(value, ValueSource::Default, SRC, value_span)],
            validations: Vec::new(),
        }),
    }
}

/// Converts a value given as text (`--var`, environment) for `d`.
fn from_text(d: &Declared, text: &str) -> Result<hcl::Value, types::CliValueError> {
    types::value_from_cli(text, d.ty.as_ref())
}

/// Nomad's summary and detail for a value given as text that does not fit; `arg` picks the
/// `-var` wording.
fn text_value_error(name: &str, e: &types::CliValueError, arg: bool) -> (String, String) {
    match e {
        types::CliValueError::Convert(reason) if arg => (
            "Invalid argument value for -var variable".to_string(),
            format!(
                "The received arg value for {name} is not compatible with the variable's type constraint: {reason}."
            ),
        ),
        types::CliValueError::Convert(reason) => (
            "Invalid value for variable".to_string(),
            format!("The value for {name} is not compatible with the variable's type constraint: {reason}."),
        ),
        other => (format!("Invalid value for variable `{name}`"), other.to_string()),
    }
}

fn gather_env(env: &[VarArg], declared: &mut [Declared], diags: &mut Diagnostics) {
    for arg in env {
        let Some(d) = declared.iter_mut().find(|d| d.report.name == arg.name) else { continue };
        match from_text(d, &arg.value) {
            Ok(value) => d.values.push((value, ValueSource::Env, SRC, d.report.span)),
            Err(e) => {
                let (message, help) = text_value_error(&arg.name, &e, false);
                diags.push(
                    Diagnostic::error(Code::BadVariable, SRC, d.report.span, message)
                        .with_help(format!("{help} (from NOMAD_VAR_{})", arg.name)),
                );
            }
        }
    }
}

fn gather_args(args: &[VarArg], declared: &mut [Declared], diags: &mut Diagnostics) {
    for arg in args {
        let Some(d) = declared.iter_mut().find(|d| d.report.name == arg.name) else {
            diags.push(
                Diagnostic::error(Code::UndefinedVariable, SRC, Span::empty(0), "Undefined -var variable").with_help(
                    format!(
                        "A \"{}\" variable was passed in the command line but was not found in known variables. To \
                         declare variable \"{}\", place this block in your job file",
                        arg.name, arg.name
                    ),
                ),
            );
            continue;
        };
        match from_text(d, &arg.value) {
            Ok(value) => d.values.push((value, ValueSource::Argument, SRC, d.report.span)),
            Err(e) => {
                let (message, help) = text_value_error(&arg.name, &e, true);
                diags.push(Diagnostic::error(Code::BadVariable, SRC, d.report.span, message).with_help(help));
            }
        }
    }
}

fn gather_file(index: usize, file: &VarFile, declared: &mut [Declared], diags: &mut Diagnostics) {
    let source = SourceId::VarFile(index);
    let help = "a var file only assigns values: keep it to the variables the jobspec declares";
    if let Some(d) = crate::limits::oversized(&file.text, source, &format!("var file `{}`", file.name), help) {
        diags.push(d);
        return;
    }
    let body = match super::parse(&file.text, source) {
        Ok(body) => body,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    for block in body.blocks() {
        let name = block.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default();
        diags.push(
            Diagnostic::error(Code::BadVariable, source, header_span(block), "Variable declaration in a .var file")
                .with_help(format!(
                    "A .var file assigns values to variables that are declared in the job file; it does not declare \
                     them. Declare `{name}` in the jobspec, and write `{name} = <value>` here"
                )),
        );
    }
    if body.blocks().next().is_some() {
        return;
    }
    for attr in body.attributes() {
        let name = attr.key.as_str();
        let span = edit_span(attr.key.span(), Span::default());
        let value_span = edit_span(attr.value.span(), span);
        let Some(d) = declared.iter_mut().find(|d| d.report.name == name) else {
            diags
                .push(Diagnostic::error(Code::UndefinedVariable, source, span, "Undefined variable").with_help(format!(
                "A \"{name}\" variable was set but was not found in known variables. To declare variable \"{name}\", \
                 place this block in your job files"
            )));
            continue;
        };
        let value = match constant(&attr.value) {
            Ok(value) => value,
            Err(message) => {
                diags.push(Diagnostic::error(Code::BadVariable, source, value_span, message).with_help(CONSTANT_HELP));
                continue;
            }
        };
        let converted = match &d.ty {
            Some(ty) => types::convert(&value, ty),
            None => Ok(value),
        };
        match converted {
            Ok(value) => {
                d.values.push((value, ValueSource::VarFile { file: file.name.clone() }, source, value_span));
            }
            Err(reason) => diags.push(
                Diagnostic::error(Code::BadVariable, source, value_span, "Invalid value for variable").with_help(
                    format!("The value for {name} is not compatible with the variable's type constraint: {reason}."),
                ),
            ),
        }
    }
}

/// Runs the validation rules of `d` on `value`. Returns false when one fails.
fn validate(
    d: &Declared,
    value: &hcl::Value,
    from: &ValueSource,
    value_source: SourceId,
    value_span: Span,
    base: &Context<'_>,
    diags: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    for rule in &d.validations {
        let mut ctx = base.clone();
        let mut var = hcl::Map::new();
        var.insert(d.report.name.clone(), value.clone());
        ctx.declare_var("var", hcl::Value::Object(var));
        let mut condition = rule.condition.clone();
        super::arith::rewrite(&mut condition);
        let roots = super::budget::instrument(&mut condition);
        let expr: hcl::Expression = condition.into();
        let value = if roots.charge(&ctx) {
            expr.evaluate(&ctx).map_err(super::EvalFailure::Eval)
        } else {
            Err(super::EvalFailure::Budget)
        };
        match super::checked(value) {
            Ok(hcl::Value::Bool(true)) => {}
            Ok(hcl::Value::Bool(false)) => {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        Code::BadVariable,
                        value_source,
                        value_span,
                        format!("Invalid value for {} variable", from.nomad_word()),
                    )
                    .with_help(rule.message.clone())
                    .with_label(rule.span, "checked by this validation rule"),
                );
            }
            Ok(other) => diags.push(
                Diagnostic::error(Code::BadVariable, SRC, rule.span, "Invalid variable validation result")
                    .with_help(format!("the condition must give true or false, not `{}`", render(&other))),
            ),
            Err(e) => diags.push(eval_error(&e, rule.span, SRC)),
        }
    }
    ok
}

/// Records where each variable is referenced (`var.<name>`), by a scan of the source text of
/// every attribute outside the declarations. One pass over the text: each `var.` found is
/// followed by a name (letters, digits, `_`, `-`), looked up among the declared ones, so the
/// work grows with the text and not with the text times the variables.
fn find_uses(body: &EditBody, text: &str, reports: &mut [VariableReport]) {
    if reports.is_empty() {
        return;
    }
    let by_name: HashMap<&str, usize> = reports.iter().enumerate().map(|(i, r)| (r.name.as_str(), i)).collect();
    let mut spans: Vec<Span> = Vec::new();
    collect_attribute_spans(body, &mut spans, true);
    let mut found: Vec<(usize, Span)> = Vec::new();
    for span in &spans {
        let Some(piece) = text.get(span.start..span.end) else { continue };
        for (at, needle) in piece.match_indices("var.") {
            let start = span.start + at;
            let name_start = start + needle.len();
            let rest = text.get(name_start..).unwrap_or_default();
            let name_len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
            let name = rest.get(..name_len).unwrap_or_default();
            if let Some(&i) = by_name.get(name) {
                found.push((i, Span::new(start, name_start + name_len)));
            }
        }
    }
    for (i, span) in found {
        if let Some(report) = reports.get_mut(i) {
            report.uses.push(span);
        }
    }
}

fn collect_attribute_spans(body: &EditBody, spans: &mut Vec<Span>, top: bool) {
    for structure in body.iter() {
        if let Some(attr) = structure.as_attribute() {
            if let Some(range) = attr.value.span() {
                spans.push(Span::new(range.start, range.end));
            }
        } else if let Some(block) = structure.as_block() {
            if top && matches!(block.ident.as_str(), "variable" | "variables") {
                continue;
            }
            collect_attribute_spans(&block.body, spans, false);
        }
    }
}

/// Evaluates an expression that may use neither variables nor functions (defaults, var files),
/// as Nomad does; the error is a message in Nomad's words.
fn constant(expr: &Expression) -> Result<hcl::Value, String> {
    let mut expr = expr.clone();
    super::arith::rewrite(&mut expr);
    // No variables are in scope here: a counted reference fails below and costs nothing.
    let _ = super::budget::instrument(&mut expr);
    let converted: hcl::Expression = expr.into();
    let mut ctx = Context::new();
    super::budget::declare(&mut ctx);
    super::arith::declare(&mut ctx);
    let value = converted.evaluate(&ctx);
    if super::budget::exhausted() {
        return Err(format!(
            "netplay stopped evaluating this value: it asks for more than {} units of work",
            crate::limits::MAX_EVALUATION_WORK
        ));
    }
    match value {
        Ok(v) if super::budget::too_deep(&v) => {
            Err(format!("the value nests lists and objects more than {} levels deep", crate::limits::MAX_NESTING))
        }
        Ok(v) => Ok(v),
        Err(e) => Err(match e.kind() {
            hcl::eval::ErrorKind::UndefinedVar(_) => {
                "Variables not allowed: variables may not be used here".to_string()
            }
            hcl::eval::ErrorKind::UndefinedFunc(_) => {
                "Function calls not allowed: functions may not be called here".to_string()
            }
            hcl::eval::ErrorKind::FuncCall(name, reason) if name.name.as_str() == super::arith::FUNCTION => {
                format!("Operation failed: Error during operation: {reason}.")
            }
            other => other.to_string(),
        }),
    }
}

/// A value as HCL would write it, on one line (`{ "http" = 8080 }`).
pub fn render(value: &hcl::Value) -> String {
    use hcl::format::{Format, Formatter};
    let mut formatter = Formatter::builder().compact(true).build_vec();
    value.format_string(&mut formatter).unwrap_or_else(|_| value.to_string())
}

/// Nomad's check on validation messages: a letter first must be upper case, and the text ends
/// with `.`, `?` or `!`.
fn looks_like_sentences(s: &str) -> bool {
    let (Some(first), Some(last)) = (s.chars().next(), s.chars().last()) else { return false };
    (!first.is_alphabetic() || first.is_uppercase() || !first.is_lowercase()) && matches!(last, '.' | '?' | '!')
}

fn valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The span of a block's header: from its identifier to the end of its last label.
pub(crate) fn header_span(block: &Block) -> Span {
    let start = block.ident.span().map(|r| r.start);
    let end = block.labels.last().and_then(label_span).or_else(|| block.ident.span()).map(|r| r.end);
    match (start, end) {
        (Some(s), Some(e)) => Span::new(s, e),
        _ => block.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default(),
    }
}

fn label_span(label: &hcl_edit::structure::BlockLabel) -> Option<std::ops::Range<usize>> {
    match label {
        hcl_edit::structure::BlockLabel::Ident(i) => i.span(),
        hcl_edit::structure::BlockLabel::String(s) => s.span(),
    }
}

impl VariableReport {
    /// Fills in the declaration's position.
    pub fn locate(&mut self, index: &crate::source::LineIndex<'_>) {
        self.start = index.position(self.span.start);
    }
}

//! Diagnostics are data: a stable code, a severity, where, what and how to fix it.
//!
//! Stages create diagnostics with byte [`Span`]s only; [`crate::analyze`] fills in the
//! line/column [`Position`]s once at the end with a [`LineIndex`] per source.
//!
//! Style: messages are lowercase, without a final period, user input in backticks; extra
//! sentences go into `help`. Where Nomad has an exact error text, the message is that text.

use serde::{Deserialize, Serialize};

use crate::source::{LineIndex, Position, SourceId, Span};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The input is wrong; the affected part is left out of the analysis.
    Error,
    /// The input works but probably not as intended, or netplay simplified something.
    Warning,
    /// Something worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident => $text:literal, )*) => {
        /// The closed set of diagnostic codes. Their kebab-case spelling is stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case spelling (`port-collision`, ...).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }
        }
    };
}

codes! {
    /// The text is not valid HCL.
    HclSyntax => "hcl-syntax",
    /// HCL2 syntax in a place read as HCL1 (Nomad 0.2 reads jobspecs as HCL1).
    Hcl2Syntax => "hcl2-syntax",
    /// HCL1-only syntax in a jobspec read as HCL2 (Nomad 1.x).
    Hcl1Syntax => "hcl1-syntax",
    /// A value has the wrong type (`static = "abc"`).
    TypeMismatch => "type-mismatch",
    /// A block or attribute appears more often than allowed.
    DuplicateBlock => "duplicate-block",
    /// A key the inventory format does not know (probably a typo).
    UnknownKey => "unknown-key",
    /// A block lacks a required label or attribute.
    MissingField => "missing-field",
    /// A port label breaks the naming rules.
    BadPortLabel => "bad-port-label",
    /// Two ports share a label.
    DuplicatePortLabel => "duplicate-port-label",
    /// Syntax or a feature that the selected Nomad version does not have.
    UnsupportedFeature => "unsupported-feature",
    /// Something Nomad still accepts but has deprecated (task-level networks, `mbits`).
    Deprecated => "deprecated",
    /// Something netplay reads but does not evaluate (constraints, interpolation).
    NotEvaluated => "not-evaluated",
    /// The input has no `job` block, or more than one.
    NoJob => "no-job",
    /// A port value is out of range or otherwise invalid.
    BadPort => "bad-port",
    /// A service names a port label that does not exist.
    UnknownPortLabel => "unknown-port-label",
    /// A driver would refuse the task's port configuration.
    DriverError => "driver-error",
    /// A CIDR block or IP address does not parse.
    BadAddress => "bad-address",
    /// Two nodes or allocations share a name.
    DuplicateName => "duplicate-name",
    /// A reservation or allocation names a device the node lacks.
    UnknownDevice => "unknown-device",
    /// The node inventory itself is inconsistent (colliding reservations, ...).
    InventoryConflict => "inventory-conflict",
    /// An explicit limit of netplay was exceeded (input size, counts, address walk).
    LimitExceeded => "limit-exceeded",
    /// A group instance could not be placed on any node.
    NotPlaced => "not-placed",
    /// The inventory has no nodes.
    NoNodes => "no-nodes",
    /// A declared HCL2 variable has no value (Nomad's `Unset variable`).
    UnsetVariable => "unset-variable",
    /// A variable or local is declared twice.
    DuplicateVariable => "duplicate-variable",
    /// A variable's declaration, value or validation is wrong.
    BadVariable => "bad-variable",
    /// A value was given for a variable the jobspec does not declare.
    UndefinedVariable => "undefined-variable",
    /// An HCL2 expression could not be evaluated (unknown function, bad operands, ...).
    EvalError => "eval-error",
    /// netplay's HCL2 parser (hcl-edit) would read the text unlike Nomad.
    ParserDifference => "parser-difference",
    /// An attribute (argument) the jobspec schema does not have here (probably a typo).
    UnsupportedArgument => "unsupported-argument",
    /// A block type the jobspec schema does not have here, or a label it does not take.
    UnsupportedBlock => "unsupported-block",
    /// Consul Connect settings Nomad's job admission refuses (Nomad's texts).
    BadConnect => "bad-connect",
    /// A `service` or `check` Nomad refuses or cannot register (Nomad's texts).
    BadService => "bad-service",
    /// A `${...}` runtime reference to a variable the task will not have.
    UnknownReference => "unknown-reference",
    /// The text is not valid JSON (an imported node, allocation list or JSON jobspec).
    JsonSyntax => "json-syntax",
    /// An input the given one needs is missing (the host's addresses for an agent configuration).
    MissingInput => "missing-input",
    /// A node Nomad's scheduler does not consider (down, draining, ineligible); left out.
    NodeExcluded => "node-excluded",
    /// An allocation names a node the inventory does not have.
    UnknownNode => "unknown-node",
}

/// A secondary location attached to a diagnostic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Label {
    /// Which text.
    pub source: SourceId,
    /// Byte range.
    pub span: Span,
    /// Start, filled in by [`Diagnostic::locate`].
    pub start: Position,
    /// End, filled in by [`Diagnostic::locate`].
    pub end: Position,
    /// What this place has to do with the diagnostic.
    pub message: String,
}

/// One problem or remark about the inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Error, warning or info.
    pub severity: Severity,
    /// Which text.
    pub source: SourceId,
    /// Byte range of the offending text.
    pub span: Span,
    /// Start of the span, 1-based (filled in by [`Diagnostic::locate`]).
    pub start: Position,
    /// End of the span (filled in by [`Diagnostic::locate`]).
    pub end: Position,
    /// What is wrong; Nomad's own text where it has one.
    pub message: String,
    /// How to fix it, if there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub help: Option<String>,
    /// Other places involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<Label>>", optional))]
    pub labels: Vec<Label>,
}

impl Diagnostic {
    /// A new diagnostic; positions are filled in later.
    pub fn new(severity: Severity, code: Code, source: SourceId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            source,
            span,
            start: Position::default(),
            end: Position::default(),
            message: message.into(),
            help: None,
            labels: Vec::new(),
        }
    }

    /// An error.
    pub fn error(code: Code, source: SourceId, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, source, span, message)
    }

    /// A warning.
    pub fn warning(code: Code, source: SourceId, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, source, span, message)
    }

    /// An informational note.
    pub fn info(code: Code, source: SourceId, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, source, span, message)
    }

    /// Adds a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary location in the same source.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            source: self.source,
            span,
            start: Position::default(),
            end: Position::default(),
            message: message.into(),
        });
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Fills in line/column positions from the indexes of both sources.
    pub fn locate(&mut self, jobspec: &LineIndex<'_>, nodes: &LineIndex<'_>) {
        self.locate_in(&|source| if source == SourceId::Nodes { nodes } else { jobspec });
    }

    /// Fills in `start`/`end` (and the labels' positions) with the index `pick` gives for
    /// each source.
    pub fn locate_in<'i>(&mut self, pick: &dyn Fn(SourceId) -> &'i LineIndex<'i>) {
        let index = pick(self.source);
        self.start = index.position(self.span.start);
        self.end = index.position(self.span.end);
        for label in &mut self.labels {
            let index = pick(label.source);
            label.start = index.position(label.span.start);
            label.end = index.position(label.span.end);
        }
    }
}

/// Collects diagnostics while a stage runs.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True if any error was pushed.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number collected.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics, in the order pushed.
    ///
    /// A diagnostic identical to an earlier one (same code, place and message) is dropped: one
    /// `dynamic` block expands to several blocks that share the spans of what was written.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut seen = std::collections::HashSet::new();
        self.items.into_iter().filter(|d| seen.insert((d.code, d.source, d.span, d.message.clone()))).collect()
    }

    /// Keeps only the diagnostics for which `keep` returns true, in order.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// The first diagnostic with `code`, to extend it.
    pub fn first_mut(&mut self, code: Code) -> Option<&mut Diagnostic> {
        self.items.iter_mut().find(|d| d.code == code)
    }

    /// Looks at the diagnostics collected so far.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.items.extend(iter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(text.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()), "{text}");
            assert!(seen.insert(text), "duplicate code {text}");
            let json = serde_json::to_string(code).expect("serialize");
            assert_eq!(json, format!("\"{text}\""));
        }
    }

    #[test]
    fn locate_fills_positions_of_the_right_source() {
        let job = "job \"a\" {\n  x = 1\n}";
        let nodes = "node \"n\" {}";
        let mut d = Diagnostic::error(Code::TypeMismatch, SourceId::Jobspec, Span::new(12, 13), "bad")
            .with_label(Span::new(0, 3), "here");
        d.locate(&LineIndex::new(job), &LineIndex::new(nodes));
        assert_eq!((d.start.line, d.start.column), (2, 3));
        assert_eq!((d.labels[0].start.line, d.labels[0].start.column), (1, 1));
        assert!(d.is_error());
    }
}

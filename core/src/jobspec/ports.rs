//! A `network` block and its `port` blocks, with Nomad's label rules.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::jobspec::{NetworkAsk, PortAsk};
use crate::limits::MAX_PORTS_PER_NETWORK;
use crate::source::{SourceId, Span};
use crate::syntax::Body;
use crate::syntax::read::Reader;

/// Nomad 0.2's exact message for a label outside `^[a-zA-Z0-9_]+$`.
pub const LABEL_RULE_MESSAGE: &str = "Port label does not conform to naming requirements ^[a-zA-Z0-9_]+$";

/// True when `label` matches `^[a-zA-Z0-9_]+$`.
pub fn label_is_valid(label: &str) -> bool {
    !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Decodes the body of a task's `network` block (HCL1 rules: label regex, case-insensitive
/// duplicates). Errors are wrapped as `task '<task>': ...`, as Nomad wraps them.
pub fn parse_network(span: Span, body: &Body, task: &str, read: Reader, diags: &mut Diagnostics) -> NetworkAsk {
    let src = SourceId::Jobspec;
    let mut ask = NetworkAsk { span, ..NetworkAsk::default() };
    if let Some(mbits) = body.last_named("mbits") {
        match read.int(&mbits.value, "mbits") {
            Ok(n) => ask.mbits = n,
            Err(d) => diags.push(d),
        }
    }
    // Lower-cased label → where it was first written.
    let mut known: BTreeMap<String, Span> = BTreeMap::new();
    for (index, item) in body.items_named("port").enumerate() {
        if index == MAX_PORTS_PER_NETWORK {
            diags.push(
                Diagnostic::error(
                    Code::LimitExceeded,
                    src,
                    item.name_span(),
                    format!("more than {MAX_PORTS_PER_NETWORK} ports in one `network` block"),
                )
                .with_help("netplay stops reading ports here; split the work across tasks"),
            );
            break;
        }
        let Some(key) = item.labels().first() else {
            diags.push(
                Diagnostic::error(
                    Code::MissingField,
                    src,
                    item.name_span(),
                    format!("task '{task}': ports must be named"),
                )
                .with_help("give the port a label: `port \"http\" {}`"),
            );
            continue;
        };
        if !label_is_valid(&key.text) {
            diags.push(
                Diagnostic::error(Code::BadPortLabel, src, key.span, format!("task '{task}': {LABEL_RULE_MESSAGE}"))
                    .with_help("use only letters, digits and `_`, e.g. `port \"http_admin\" {}`"),
            );
            continue;
        }
        let lower = key.text.to_ascii_lowercase();
        if let Some(first) = known.get(&lower) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicatePortLabel,
                    src,
                    key.span,
                    format!("task '{task}': found a port label collision: {}", key.text),
                )
                .with_label(*first, "first written here")
                .with_help("Nomad 0.2 compares port labels ignoring case; rename one of them"),
            );
            continue;
        }
        let Some(port_body) = item.body() else {
            diags.push(
                Diagnostic::error(Code::TypeMismatch, src, item.value.span, "a `port` takes a block")
                    .with_help("write `port \"http\" {}` or `port \"http\" { static = 8080 }`"),
            );
            continue;
        };
        let mut value = 0;
        if let Some(s) = port_body.last_named("static") {
            match read.int(&s.value, "static") {
                Ok(n) => value = n,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            }
        }
        known.insert(lower, key.span);
        let port = PortAsk { label: key.text.clone(), label_span: key.span, value, span: item.span };
        if value > 0 { ask.reserved_ports.push(port) } else { ask.dynamic_ports.push(port) }
    }
    ask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_regex() {
        for ok in ["http", "HTTP_2", "_", "a1"] {
            assert!(label_is_valid(ok), "{ok}");
        }
        for bad in ["", "my-http", "a.b", "é", "a b"] {
            assert!(!label_is_valid(bad), "{bad}");
        }
    }
}

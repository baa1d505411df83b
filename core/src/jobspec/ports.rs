//! A `network` block and its `port` blocks.
//!
//! Nomad 0.2 (HCL1): labels must match `^[a-zA-Z0-9_]+$`, are compared ignoring case, and
//! errors are wrapped as `task '<task>': ...`. Nomad 1.x (HCL2): any label, no duplicate check
//! here (validation reports duplicates across the group), plus `mode`, `hostname`, `cni`,
//! `to`, `host_network` and `ignore_collision`. Interpolated numbers in a network block are not
//! evaluated: they get a warning and count as unset.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::jobspec::{NetworkAsk, PortAsk, PortSpans};
use crate::limits::MAX_PORTS_PER_NETWORK;
use crate::source::{SourceId, Span};
use crate::syntax::read::Reader;
use crate::syntax::{Body, Item, ValueKind};
use crate::version::NomadVersion;

const SRC: SourceId = SourceId::Jobspec;

/// Nomad 0.2's exact message for a label outside `^[a-zA-Z0-9_]+$`.
pub const LABEL_RULE_MESSAGE: &str = "Port label does not conform to naming requirements ^[a-zA-Z0-9_]+$";

/// Whose network block this is.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    /// A task's `resources { network { ... } }`.
    Task(&'a str),
    /// A group's `network { ... }` (1.x).
    Group,
}

impl Owner<'_> {
    /// Nomad 0.2 wraps task-level errors as `task '<name>': <message>`.
    fn wrap(&self, message: &str, version: NomadVersion) -> String {
        match self {
            Owner::Task(task) if !version.is_modern() => format!("task '{task}': {message}"),
            _ => message.to_string(),
        }
    }
}

/// True when `label` matches `^[a-zA-Z0-9_]+$`.
pub fn label_is_valid(label: &str) -> bool {
    !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Decodes the body of a `network` block.
pub fn parse_network(
    span: Span,
    body: &Body,
    owner: &Owner<'_>,
    read: Reader,
    version: NomadVersion,
    diags: &mut Diagnostics,
) -> NetworkAsk {
    let modern = version.is_modern();
    let mut ask = NetworkAsk { span, ..NetworkAsk::default() };
    if let Some(mbits) = body.last_named("mbits") {
        ask.mbits_span = Some(mbits.span);
        if let Some(n) = number(mbits, read, modern, diags) {
            ask.mbits = n;
        }
    }
    if modern {
        if let Some(mode) = body.last_named("mode") {
            match read.string(&mode.value, "mode") {
                Ok(m) => ask.mode = m,
                Err(d) => diags.push(d),
            }
        }
        if let Some(h) = body.last_named("hostname") {
            match read.string(&h.value, "hostname") {
                Ok(name) => ask.hostname = Some((name, h.value.span)),
                Err(d) => diags.push(d),
            }
        }
        for cni in body.items_named("cni") {
            let args = cni.body().and_then(|b| b.last_named("args")).and_then(|a| a.body());
            for arg in args.map(|a| a.items.as_slice()).unwrap_or_default() {
                if let Ok(v) = read.string(&arg.value, arg.name()) {
                    ask.cni_args.push((arg.name().to_string(), v, arg.span));
                }
            }
        }
    }
    // Lower-cased label → where it was first written (0.2's case-insensitive check).
    let mut known: BTreeMap<String, Span> = BTreeMap::new();
    for (index, item) in body.items_named("port").enumerate() {
        if index == MAX_PORTS_PER_NETWORK {
            diags.push(
                Diagnostic::error(
                    Code::LimitExceeded,
                    SRC,
                    item.name_span(),
                    format!("more than {MAX_PORTS_PER_NETWORK} ports in one `network` block"),
                )
                .with_help("netplay stops reading ports here; split the work across tasks"),
            );
            break;
        }
        let Some(key) = item.labels().first() else {
            let message = if modern {
                "Missing name for port; All port blocks must have 1 labels (name).".to_string()
            } else {
                owner.wrap("ports must be named", version)
            };
            diags.push(
                Diagnostic::error(Code::MissingField, SRC, item.name_span(), message)
                    .with_help("give the port a label: `port \"http\" {}`"),
            );
            continue;
        };
        if !modern {
            if !label_is_valid(&key.text) {
                diags.push(
                    Diagnostic::error(Code::BadPortLabel, SRC, key.span, owner.wrap(LABEL_RULE_MESSAGE, version))
                        .with_help("use only letters, digits and `_`, e.g. `port \"http_admin\" {}`"),
                );
                continue;
            }
            let lower = key.text.to_ascii_lowercase();
            if let Some(first) = known.get(&lower) {
                diags.push(
                    Diagnostic::error(
                        Code::DuplicatePortLabel,
                        SRC,
                        key.span,
                        owner.wrap(&format!("found a port label collision: {}", key.text), version),
                    )
                    .with_label(*first, "first written here")
                    .with_help("Nomad 0.2 compares port labels ignoring case; rename one of them"),
                );
                continue;
            }
            known.insert(lower, key.span);
        }
        let Some(port_body) = item.body() else {
            diags.push(
                Diagnostic::error(Code::TypeMismatch, SRC, item.value.span, "a `port` takes a block")
                    .with_help("write `port \"http\" {}` or `port \"http\" { static = 8080 }`"),
            );
            continue;
        };
        let Some(port) = parse_port(item, key.text.clone(), key.span, port_body, read, modern, diags) else { continue };
        if port.value > 0 { ask.reserved_ports.push(port) } else { ask.dynamic_ports.push(port) }
    }
    ask
}

fn parse_port(
    item: &Item,
    label: String,
    label_span: Span,
    body: &Body,
    read: Reader,
    modern: bool,
    diags: &mut Diagnostics,
) -> Option<PortAsk> {
    let mut port = PortAsk {
        label,
        label_span,
        host_network: if modern { "default".to_string() } else { String::new() },
        span: item.span,
        ..PortAsk::default()
    };
    let mut spans = PortSpans::default();
    if let Some(s) = body.last_named("static") {
        spans.value = Some(s.value.span);
        match number(s, read, modern, diags) {
            Some(n) => port.value = n,
            None if !modern => return None,
            None => {}
        }
    }
    if modern {
        if let Some(t) = body.last_named("to") {
            spans.to = Some(t.value.span);
            if let Some(n) = number(t, read, modern, diags) {
                port.to = n;
            }
        }
        if let Some(h) = body.last_named("host_network") {
            spans.host_network = Some(h.value.span);
            match read.string(&h.value, "host_network") {
                Ok(name) if !name.is_empty() => port.host_network = name,
                Ok(_) => {}
                Err(d) => diags.push(d),
            }
        }
        if let Some(i) = body.last_named("ignore_collision") {
            spans.ignore_collision = Some(i.value.span);
            match read.bool(&i.value, "ignore_collision") {
                Ok(b) => port.ignore_collision = b,
                Err(d) => diags.push(d),
            }
        }
    }
    port.spans = spans;
    Some(port)
}

/// A whole number. In 1.x an interpolated value is not evaluated: a warning, and `None`.
fn number(item: &Item, read: Reader, modern: bool, diags: &mut Diagnostics) -> Option<i64> {
    let key = item.name();
    if modern && matches!(item.value.kind, ValueKind::Template(_) | ValueKind::Expression(_)) {
        diags.push(
            Diagnostic::warning(Code::NotEvaluated, SRC, item.value.span, format!("`{key}` is not evaluated"))
                .with_help(format!("netplay does not evaluate expressions in network blocks; `{key}` counts as unset")),
        );
        return None;
    }
    match read.int(&item.value, key) {
        Ok(n) => Some(n),
        Err(d) => {
            diags.push(d);
            None
        }
    }
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

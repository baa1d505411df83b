//! Nomad 1.x validation of `service` and `check` blocks, with Nomad's texts: a group's
//! services (`TaskGroup.validateServices`), each task's (`validateServices`), each service on
//! its own (`Service.Validate`), and, from 2.0.1, the `shutdown_delay` warnings.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::jobspec::{Group, NetworkAsk, Service, Task};
use crate::source::{SourceId, Span};
use crate::version::NomadVersion;

const SRC: SourceId = SourceId::Jobspec;

/// Validates the services of one group and of its tasks.
pub(super) fn validate(group: &Group, version: NomadVersion, diags: &mut Diagnostics) {
    let group_labels: Vec<&str> = group.networks.first().map(labels_of).unwrap_or_default();
    let mut providers = BTreeSet::new();
    for (i, s) in group.services.iter().enumerate() {
        providers.insert(s.provider());
        for (message, span, help) in service_problems(s) {
            diags.push(bad(span, format!("Service[{i}] {} validation failed: {message}", s.name), help));
        }
        if s.address_mode.as_deref() == Some("driver") {
            diags.push(bad(
                s.address_mode_span.unwrap_or(s.span),
                format!(
                    "service {:?} cannot use address_mode=\"driver\", only services defined in a \"task\" block can use this mode",
                    s.name
                ),
                "move the service into the task whose driver holds the address, or use `address_mode = \"alloc\"`",
            ));
        }
        group_service_port(s, &group_labels, diags);
    }
    for task in &group.tasks {
        providers.extend(task.services.iter().map(Service::provider));
        task_services(task, &group_labels, diags);
    }
    if providers.len() > 1 {
        diags.push(bad(
            group.span,
            "Multiple service providers used: task group services must use the same provider".to_string(),
            "register every service of the group with one provider (`consul` or `nomad`)",
        ));
    }
    if version.rules().warns_service_shutdown_delay {
        shutdown_delay_warnings(group, diags);
    }
}

fn bad(span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(Code::BadService, SRC, span, message).with_help(help.to_string())
}

/// `Service.Validate` and its checks: (message, place, help).
fn service_problems(s: &Service) -> Vec<(String, Span, &'static str)> {
    let mut out = Vec::new();
    let stripped = strip_references(&s.name);
    if !is_service_name(&stripped) {
        out.push((
            format!(
                "Service name must be valid per RFC 1123 and can contain only alphanumeric characters or dashes and must be no longer than 63 characters: {:?}",
                s.name
            ),
            s.span,
            "Nomad refuses the job: name the service with letters, digits and dashes (no `_` or `.`), at most 63 characters, not starting or ending with a dash",
        ));
    }
    let mode_span = s.address_mode_span.unwrap_or(s.span);
    match s.address_mode.as_deref().unwrap_or("") {
        "" | "auto" => {}
        "host" | "driver" | "alloc" | "alloc_ipv6" if s.address.is_some() => {
            out.push((
                r#"Service address_mode must be "auto" if address is set"#.to_string(),
                mode_span,
                "a service with its own `address` registers that address; remove `address_mode` or `address`",
            ));
        }
        "host" | "driver" | "alloc" | "alloc_ipv6" => {}
        other => out.push((
            format!(r#"Service address_mode must be "auto", "host", or "driver"; not {other:?}"#),
            mode_span,
            "write one of `auto`, `host`, `driver`, or (group services) `alloc` and `alloc_ipv6`",
        )),
    }
    let provider = s.provider();
    if provider != "consul" && provider != "nomad" {
        let span = s.provider.as_ref().map_or(s.span, |(_, sp)| *sp);
        out.push((
            format!(r#"Service provider must be "consul", or "nomad"; not {provider:?}"#),
            span,
            "write `provider = \"consul\"` (the default) or `provider = \"nomad\"`",
        ));
        return out;
    }
    for c in &s.checks {
        let name = c.display_name(&s.name);
        if s.port.is_none() && c.port.is_none() && c.requires_port() {
            out.push((
                format!(
                    "Check {name} invalid: check requires a port but neither check nor service {:?} have a port",
                    s.name
                ),
                c.span,
                "give the check or its service a `port` (a label of the group's network)",
            ));
            continue;
        }
        let mode = c.address_mode.as_ref();
        let mode_error = match mode.map_or("", |(m, _)| m.as_str()) {
            "" | "host" | "driver" | "alloc" | "alloc_ipv6" => None,
            "auto" => Some(r#"invalid address_mode "auto" - auto only valid for services"#.to_string()),
            other => Some(format!("invalid address_mode {other:?}")),
        };
        let span = mode.map_or(c.span, |(_, sp)| *sp);
        const CHECK_MODES: &str = "a check's `address_mode` is `host`, `driver`, `alloc` or `alloc_ipv6`";
        match (provider, mode_error) {
            ("consul", Some(e)) => out.push((format!("Check {name} invalid: {e}"), span, CHECK_MODES)),
            (_, Some(e)) => out.push((e, span, CHECK_MODES)),
            ("nomad", None) if mode.is_some_and(|(m, _)| m == "driver") => {
                out.push((
                    "address_mode = driver may only be set for Consul service checks".to_string(),
                    span,
                    "remove `address_mode = \"driver\"` from the check, or register the service with Consul",
                ));
            }
            _ => {}
        }
    }
    out
}

/// `${...}` replaced by a placeholder, as Nomad does before checking a name.
fn strip_references(name: &str) -> String {
    crate::env::braced_references(name)
        .into_iter()
        .map(|p| match p {
            crate::env::Piece::Text(t) => t,
            crate::env::Piece::Reference { .. } => "ENV-VAR",
        })
        .collect()
}

/// RFC 1123 labels: letters, digits and `-`, not starting or ending with `-`, 1 to 63 long.
fn is_service_name(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// Group services are not checked against the group's ports by Nomad's validation (Connect
/// services name numbers there); a label that matches nothing fails at registration.
fn group_service_port(s: &Service, labels: &[&str], diags: &mut Diagnostics) {
    let Some((label, span)) = &s.port else { return };
    if label.is_empty() || label.contains("${") || label.parse::<u16>().is_ok() || labels.contains(&label.as_str()) {
        return;
    }
    diags.push(
        Diagnostic::warning(
            Code::UnknownPortLabel,
            SRC,
            *span,
            format!("service `{}` uses port `{label}`, which the group network does not have", s.name),
        )
        .with_help(known_help(label, labels, "the service cannot register (Nomad: `invalid port \"<label>\": port label not found`); add it to the group's `network` block")),
    );
}

/// `did you mean` and the known labels.
fn known_help(label: &str, labels: &[&str], none: &str) -> String {
    if labels.is_empty() {
        return none.to_string();
    }
    let nearest =
        labels.iter().min_by_key(|l| strsim::levenshtein(l, label)).filter(|l| strsim::levenshtein(l, label) <= 3);
    match nearest {
        Some(n) => format!("did you mean `{n}`? known ports: {}", labels.join(", ")),
        None => format!("known ports: {}", labels.join(", ")),
    }
}

/// Nomad's `validateServices` for one task.
fn task_services(task: &Task, group_labels: &[&str], diags: &mut Diagnostics) {
    // label → (services naming it, first place)
    let mut referenced: BTreeMap<String, (BTreeSet<String>, Span)> = BTreeMap::new();
    let mut refer = |label: &str, service: &str, span: Span| {
        referenced.entry(label.to_string()).or_insert_with(|| (BTreeSet::new(), span)).0.insert(service.to_string());
    };
    let mut known_services = BTreeSet::new();
    for (i, s) in task.services.iter().enumerate() {
        for (message, span, help) in service_problems(s) {
            diags.push(bad(span, format!("service[{i}] {:?} validation failed: {message}", s.name), help));
        }
        let mode_span = s.address_mode_span.unwrap_or(s.span);
        if let Some(mode @ ("alloc" | "alloc_ipv6")) = s.address_mode.as_deref() {
            diags.push(bad(
                mode_span,
                format!(
                    "service {:?} cannot use address_mode={mode:?}, only services defined in a \"group\" block can use this mode",
                    s.name
                ),
                "move the service to the group, or use `address_mode = \"driver\"` for the task's own address",
            ));
        }
        if !known_services.insert(format!("{}{}", s.name, s.port_label())) {
            diags.push(bad(
                s.span,
                format!("service {:?} is duplicate", s.name),
                "a task registers each name and port once; rename one service or give it another port",
            ));
        }
        if let Some((label, span)) = &s.port
            && !label.is_empty()
            && !(s.address_mode.as_deref() == Some("driver") && label.parse::<i64>().is_ok())
        {
            refer(label, &s.name, *span);
        }
        if let Some(c) = &s.connect {
            diags.push(bad(
                c.span,
                format!(
                    "service {:?} cannot have \"connect\" block, only services defined in a \"group\" block can",
                    s.name
                ),
                "move the service with its `connect` block to the group (a bridge network)",
            ));
        }
        let mut checks = BTreeSet::new();
        for c in &s.checks {
            let name = c.display_name(&s.name);
            if !checks.insert(name.clone()) {
                diags.push(bad(
                    c.span,
                    format!("check {name:?} is duplicate"),
                    "give each check of a service its own `name`",
                ));
            }
            let mode = c.address_mode.as_ref().map(|(m, sp)| (m.as_str(), *sp));
            if let Some((m @ ("alloc" | "alloc_ipv6"), sp)) = mode {
                diags.push(bad(
                    sp,
                    format!(
                        "check {:?} cannot use address_mode={m:?}, only checks defined in a \"group\" service block can use this mode",
                        s.name
                    ),
                    "use `host` or `driver` here, or move the service to the group",
                ));
            }
            if !c.requires_port() {
                continue;
            }
            let (port, span) = match (&c.port, &s.port) {
                (Some((p, sp)), _) => (p.as_str(), *sp),
                (None, Some((p, sp))) => (p.as_str(), *sp),
                (None, None) => ("", c.span),
            };
            if port.is_empty() {
                diags.push(bad(
                    c.span,
                    format!("check {name:?} is missing a port"),
                    "give the check or its service a `port` (a label of the network)",
                ));
                continue;
            }
            let driver = mode.is_some_and(|(m, _)| m == "driver");
            match port.parse::<i64>() {
                Ok(n) if driver && n <= 0 => diags.push(bad(
                    span,
                    format!("check {name:?} has invalid numeric port {n}"),
                    "a port number is 1 to 65535",
                )),
                Ok(_) if driver => {}
                Ok(n) => diags.push(bad(
                    span,
                    format!(r#"check {name:?} cannot use a numeric port {n} without setting address_mode="driver""#),
                    "a number is the port inside the container, which only `address_mode = \"driver\"` reaches; or name a port label",
                )),
                Err(_) => refer(port, &s.name, span),
            }
        }
    }
    let mut known: Vec<&str> = group_labels.to_vec();
    if let Some(net) = task.resources.as_ref().and_then(|r| r.network.as_ref()) {
        known.extend(labels_of(net));
    }
    for (label, (names, span)) in referenced {
        if known.contains(&label.as_str()) {
            continue;
        }
        let names: Vec<String> = names.into_iter().collect();
        diags.push(
            Diagnostic::error(
                Code::UnknownPortLabel,
                SRC,
                span,
                format!("port label {label:?} referenced by services {} does not exist", names.join(", ")),
            )
            .with_help(known_help(
                &label,
                &known,
                "the group has no ports; add `port \"<label>\" {}` to its `network` block",
            )),
        );
    }
}

fn labels_of(net: &NetworkAsk) -> Vec<&str> {
    net.ports().map(|p| p.label.as_str()).collect()
}

/// Nomad 2.0.1+: services whose tasks stop without a delay (after Connect admission, whose
/// sidecar tasks have one).
fn shutdown_delay_warnings(group: &Group, diags: &mut Diagnostics) {
    let mut referenced: BTreeSet<&str> = BTreeSet::new();
    let mut unscoped = false;
    let warn = |span: Span, message: String| {
        Diagnostic::warning(Code::BadService, SRC, span, message).with_help(
            "Nomad 2 warns on submission: without `shutdown_delay` a task stops before Consul stops routing to it",
        )
    };
    for s in &group.services {
        if let Some(task) = &s.task {
            referenced.insert(task.as_str());
            continue;
        }
        if let Some(st) = s.connect.as_ref().and_then(|c| c.sidecar_task.as_ref()) {
            if !st.shutdown_delay {
                diags.push(warn(
                    st.span,
                    format!(
                        "service {:?} defines a sidecar task in Consul Connect definition, but the task has no shutdown_delay set",
                        s.name
                    ),
                ));
            }
            continue;
        }
        unscoped = true;
    }
    let mut any_delay = false;
    for t in &group.tasks {
        if referenced.contains(t.name.as_str()) && !t.shutdown_delay {
            diags.push(warn(
                t.span,
                format!(
                    "group {:?} references task {:?} in a service definition, but the task has no shutdown_delay set",
                    group.name, t.name
                ),
            ));
        }
        if t.shutdown_delay {
            any_delay = true;
        } else if !t.services.is_empty() {
            diags.push(warn(
                t.span,
                format!("task {:?} in group {:?} defines services, but has no shutdown_delay set", t.name, group.name),
            ));
        }
    }
    if unscoped && !group.shutdown_delay && !any_delay {
        diags.push(warn(
            group.span,
            format!(
                "group {:?} defines services, but neither the group nor any of its tasks have shutdown_delay set",
                group.name
            ),
        ));
    }
}

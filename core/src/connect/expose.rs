//! `expose = true` checks of Connect services (Nomad's expose-check admission hook).
//!
//! An exposable check (`http` or `grpc` with a `path` starting with `/`) of a group service
//! with a sidecar gets a listener port: when the check names none, the dynamic port
//! `svc_<service>_ck_<hash>` with `to = -1` is added to the group network. `<hash>` is the first
//! six hex digits of the check's hash with `<service>_<index>` as its ID: SHA-1 up to Nomad 1.x
//! and 2.0.4, SHA-256 from 2.0.5 (the version rules say which). The local port the path is
//! served on is the service port's static value or the service `port` as a number; anything else
//! is Nomad's `unable to determine local service port` error.

use sha1::Digest;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::jobspec::{Check, Group, PortAsk, Service};
use crate::source::SourceId;
use crate::version::{CheckHash, NomadVersion};

const SRC: SourceId = SourceId::Jobspec;

/// Adds the listener ports of the group's exposed checks.
pub(super) fn mutate(group: &mut Group, version: NomadVersion, diags: &mut Diagnostics) {
    let mut added: Vec<(usize, usize, String)> = Vec::new();
    for (si, s) in group.services.iter().enumerate() {
        if s.connect.as_ref().is_none_or(|c| c.sidecar_service.is_none()) {
            continue;
        }
        for (ci, check) in s.checks.iter().enumerate() {
            if !check.expose || !exposable(check) {
                continue;
            }
            if network_problem(group) {
                continue;
            }
            if check.port.is_none() {
                let label = check_port_label(s, check, ci, version);
                added.push((si, ci, label));
            }
            if local_port(group, s).is_none() {
                diags.push(
                    Diagnostic::error(
                        Code::BadConnect,
                        SRC,
                        check.span,
                        format!(
                            "unable to determine local service port for service check {}->{}->{}",
                            group.name,
                            s.name,
                            check.display_name(&s.name)
                        ),
                    )
                    .with_help("give the service a numeric `port` (the port it listens on inside the namespace) or a static port label"),
                );
            }
        }
    }
    for (si, ci, label) in added {
        let Some(service) = group.services.get_mut(si) else { continue };
        let rule = super::added_for(&service.name);
        let span = service.span;
        if let Some(check) = service.checks.get_mut(ci) {
            check.port = Some((label.clone(), check.span));
        }
        if let Some(net) = group.networks.first_mut() {
            net.dynamic_ports.push(PortAsk {
                label,
                label_span: span,
                to: -1,
                host_network: "default".into(),
                span,
                injected: Some(format!("{rule} (exposed check)")),
                ..PortAsk::default()
            });
        }
    }
}

/// Exposed checks need a group service with a sidecar, in a group with one bridge network.
pub(super) fn validate(group: &Group, diags: &mut Diagnostics) {
    let uses = group.services.iter().flat_map(|s| &s.checks).find(|c| c.expose);
    if let Some(check) = uses
        && let Err(d) = super::network_mode(group, "connect expose check", false, check.span)
    {
        diags.push(d);
        return;
    }
    for s in &group.services {
        for check in s.checks.iter().filter(|c| c.expose) {
            if s.connect.as_ref().is_none_or(|c| c.sidecar_service.is_none()) {
                diags.push(Diagnostic::error(
                    Code::BadConnect,
                    SRC,
                    check.span,
                    format!(
                        "exposed service check {}->{}->{} requires use of sidecar_proxy",
                        group.name,
                        s.name,
                        check.display_name(&s.name)
                    ),
                )
                .with_help("an exposed check reaches the task through the Envoy sidecar: give the service `connect { sidecar_service {} }`, or remove `expose = true`"));
                return;
            }
        }
    }
    for task in &group.tasks {
        for s in &task.services {
            if let Some(check) = s.checks.iter().find(|c| c.expose) {
                diags.push(
                    Diagnostic::error(
                        Code::BadConnect,
                        SRC,
                        check.span,
                        format!(
                            "exposed service check {}[{}]->{}->{} is not a task-group service",
                            group.name,
                            task.name,
                            s.name,
                            check.display_name(&s.name)
                        ),
                    )
                    .with_help("move the service to the group, next to its `connect` block, or remove `expose = true`"),
                );
                return;
            }
        }
    }
}

fn network_problem(group: &Group) -> bool {
    super::network_mode(group, "", false, group.span).is_err()
}

fn exposable(check: &Check) -> bool {
    matches!(check.kind.as_str(), "http" | "grpc") && check.path.starts_with('/')
}

/// The port the service listens on inside the namespace: the static value of its port label,
/// else its `port` as a number.
fn local_port(group: &Group, s: &Service) -> Option<i64> {
    let label = s.port_label();
    let value = group.networks.iter().flat_map(|n| n.ports()).find(|p| p.label == label).map_or(0, |p| p.value);
    if value > 0 {
        return Some(value);
    }
    label.parse::<i64>().ok().filter(|p| *p > 0)
}

/// The label Nomad gives an exposed check without a `port`: `svc_<service>_ck_<6 hex>`.
pub fn check_port_label(service: &Service, check: &Check, index: usize, version: NomadVersion) -> String {
    let id = format!("{}_{index}", service.name);
    let hash = check_hash(&id, service, check, version.rules().check_hash);
    format!("svc_{}_ck_{}", service.name, hash.get(..6).unwrap_or(&hash))
}

/// Nomad's `ServiceCheck.Hash` of a check as job admission sees it (canonicalized: a default
/// name, `on_update = "require_healthy"`, no port label yet).
fn check_hash(id: &str, service: &Service, check: &Check, algorithm: CheckHash) -> String {
    let d = &check.details;
    let mut parts: Vec<String> = vec![
        id.to_string(),
        check.display_name(&service.name),
        check.kind.clone(),
        d.command.clone(),
        d.args.concat(),
        check.path.clone(),
        check.protocol.clone(),
        check.port.as_ref().map(|(p, _)| p.clone()).unwrap_or_default(),
        go_duration(&d.interval),
        go_duration(&d.timeout),
        d.method.clone(),
        d.body.clone(),
        if d.on_update.is_empty() { "require_healthy".to_string() } else { d.on_update.clone() },
        d.notes.clone(),
    ];
    if d.tls_skip_verify {
        parts.push("true".into());
    }
    parts.push(d.tls_server_name.clone());
    if !d.header.is_empty() {
        let mut headers: Vec<String> = d.header.iter().map(|(k, v)| format!("{k}{}", v.concat())).collect();
        headers.sort();
        parts.push(headers.concat());
    }
    if let Some((mode, _)) = &check.address_mode {
        parts.push(mode.clone());
    }
    parts.push(d.grpc_service.clone());
    if d.grpc_use_tls {
        parts.push("true".into());
    }
    for (name, n) in [
        ("success", d.success_before_passing),
        ("failures", d.failures_before_critical),
        ("failures-before-warning", d.failures_before_warning),
    ] {
        if n != 0 {
            parts.push(format!("{name}:{n}"));
        }
    }
    let text = parts.concat();
    match algorithm {
        CheckHash::Sha1 => hex(&sha1::Sha1::digest(text.as_bytes())),
        CheckHash::Sha256 => hex(&sha2::Sha256::digest(text.as_bytes())),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A Go duration string (`"10s"`, `"1m30s"`, `"500ms"`) as Go's `Duration.String` prints it;
/// an empty or unreadable text is zero (`"0s"`), as Nomad's decoder leaves it.
pub(crate) fn go_duration(text: &str) -> String {
    format_nanos(crate::hcl2::functions::parse_duration(text).map_or(0, i128::from))
}

fn format_nanos(nanos: i128) -> String {
    if nanos == 0 {
        return "0s".into();
    }
    let sign = if nanos < 0 { "-" } else { "" };
    let u = nanos.unsigned_abs();
    let fraction = |value: u128, unit: u128| {
        let whole = value / unit;
        let rest = value % unit;
        if rest == 0 {
            return whole.to_string();
        }
        let width = unit.to_string().len() - 1;
        let digits = format!("{rest:0width$}");
        format!("{whole}.{}", digits.trim_end_matches('0'))
    };
    let body = if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}µs", fraction(u, 1_000))
    } else if u < 1_000_000_000 {
        format!("{}ms", fraction(u, 1_000_000))
    } else {
        let hours = u / 3_600_000_000_000;
        let minutes = (u / 60_000_000_000) % 60;
        let seconds = u % 60_000_000_000;
        let mut out = String::new();
        if hours > 0 {
            out.push_str(&format!("{hours}h"));
        }
        if hours > 0 || minutes > 0 {
            out.push_str(&format!("{minutes}m"));
        }
        out.push_str(&format!("{}s", fraction(seconds, 1_000_000_000)));
        out
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations_print_as_go_prints_them() {
        for (text, go) in [
            ("10s", "10s"),
            ("", "0s"),
            ("0", "0s"),
            ("1m", "1m0s"),
            ("90s", "1m30s"),
            ("2h", "2h0m0s"),
            ("1.5s", "1.5s"),
            ("500ms", "500ms"),
            ("1500us", "1.5ms"),
            ("250ns", "250ns"),
            ("1h1s", "1h0m1s"),
            ("bad", "0s"),
        ] {
            assert_eq!(go_duration(text), go, "{text}");
        }
    }
}

//! Nomad 1.x job validation of networks and service ports, with Nomad's exact texts. All
//! errors are collected (Nomad joins them under `Task group network validation failed: ...`;
//! netplay shows each at its place). Deprecations are warnings.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::jobspec::{Group, Job, PortAsk};
use crate::source::{SourceId, Span};
use crate::version::NomadVersion;

const SRC: SourceId = SourceId::Jobspec;

/// Nomad's `Missing tasks for task group`, for group `name` written at `span`.
pub fn missing_tasks(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(Code::MissingField, SRC, span, "Missing tasks for task group")
        .with_help(format!("group `{name}` needs at least one `task` block"))
}

/// Validates every group of a 1.x job.
pub fn validate(job: &Job, version: NomadVersion, diags: &mut Diagnostics) {
    for group in &job.groups {
        validate_group(group, version, diags);
    }
}

/// How a task of `driver` moves its task-level network to the group network.
fn task_network_migration(driver: &str) -> String {
    match driver {
        "docker" | "podman" => format!(
            "move the ports into the group's `network` block and publish them with `ports = [...]` in the {driver} \
             config (`to` on a port sets the container side)"
        ),
        "qemu" => "the qemu driver forwards only the ports of the task's own network into the VM, so keep this \
                   network for qemu; Nomad still runs it, with this warning"
            .to_string(),
        _ => format!(
            "move the ports into the group's `network` block; a `{driver}` task binds the host ports itself \
             (NOMAD_PORT_<label>), so no driver setting is needed"
        ),
    }
}

fn validate_group(group: &Group, version: NomadVersion, diags: &mut Diagnostics) {
    let mut labels: BTreeSet<&str> = BTreeSet::new();
    // (host network, value) → who reserved it first.
    let mut statics: BTreeMap<(String, i64), String> = BTreeMap::new();
    let mut cni_keys: BTreeSet<&str> = BTreeSet::new();
    for net in &group.networks {
        if net.mbits > 0 {
            diags.push(
                Diagnostic::warning(
                    Code::Deprecated,
                    SRC,
                    net.mbits_span.unwrap_or(net.span),
                    "mbits has been deprecated as of Nomad 0.12.0. Please remove mbits from the network block",
                )
                .with_help("bandwidth is not checked for group networks"),
            );
        }
        for port in net.reserved_ports.iter().chain(&net.dynamic_ports) {
            if !labels.insert(port.label.as_str()) {
                diags.push(label_in_use(port));
            }
            if port.value != 0 {
                let key = (host_network_key(port), port.value);
                match statics.get(&key) {
                    Some(owner) if !port.ignore_collision => diags.push(static_reserved(port, owner)),
                    _ if port.value > 65_535 => diags.push(too_large(port)),
                    _ => {
                        statics.insert(key, format!("taskgroup network:{}", port.label));
                    }
                }
            }
            check_to(port, diags);
            if port.ignore_collision && !(net.mode.is_empty() || net.mode == "host") {
                diags.push(
                    Diagnostic::error(
                        Code::BadPort,
                        SRC,
                        port.spans.ignore_collision.unwrap_or(port.span),
                        format!(
                            "Port {:?} collision may not be ignored on non-host network mode {:?}",
                            port.label, net.mode
                        ),
                    )
                    .with_help("`ignore_collision` works in host mode only; remove it or use `mode = \"host\"`"),
                );
            }
        }
        for (key, value, span) in &net.cni_args {
            if !cni_keys.insert(key.as_str()) {
                diags.push(
                    Diagnostic::error(Code::DuplicateBlock, SRC, *span, format!("duplicate CNI arg {key:?}"))
                        .with_help("give each CNI arg once"),
                );
            }
            if key.contains(';') {
                diags.push(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        SRC,
                        *span,
                        format!("invalid ';' character in CNI arg key {key:?}"),
                    )
                    .with_help("CNI args are passed as `key=value;...`, so `;` cannot appear in them"),
                );
            }
            if value.contains(';') {
                diags.push(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        SRC,
                        *span,
                        format!("invalid ';' character in CNI arg value {value:?}"),
                    )
                    .with_help("CNI arguments are joined with `;`, so a value cannot hold one"),
                );
            }
        }
        if let Some((hostname, span)) = &net.hostname
            && !hostname.contains("${")
            && !is_dns_name(hostname)
        {
            diags.push(
                Diagnostic::error(Code::TypeMismatch, SRC, *span, "Hostname is not a valid DNS name")
                    .with_help("use letters, digits and `-` in dot-separated parts of up to 63 characters"),
            );
        }
    }
    for task in &group.tasks {
        let Some(net) = task.resources.as_ref().and_then(|r| r.network.as_ref()) else { continue };
        diags.push(
            Diagnostic::warning(
                Code::Deprecated,
                SRC,
                net.span,
                "task network resources have been deprecated as of Nomad 0.12.0. Please configure networking via group network block.",
            )
            .with_help(task_network_migration(&task.driver)),
        );
        for port in net.reserved_ports.iter().chain(&net.dynamic_ports) {
            if labels.contains(port.label.as_str()) {
                diags.push(label_in_use(port));
            }
            if port.value != 0 {
                let key = (host_network_key(port), port.value);
                if let Some(owner) = statics.get(&key) {
                    diags.push(static_reserved(port, owner));
                } else if port.value > 65_535 {
                    diags.push(too_large(port));
                } else {
                    statics.insert(key, format!("{}:{}", task.name, port.label));
                }
            }
        }
    }
    super::service_validate::validate(group, version, diags);
}

fn host_network_key(port: &PortAsk) -> String {
    if port.host_network.is_empty() { "default".to_string() } else { port.host_network.clone() }
}

fn label_in_use(port: &PortAsk) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicatePortLabel,
        SRC,
        port.label_span,
        format!("Port label {} already in use by taskgroup network", port.label),
    )
    .with_help("every port label of a group must be unique")
}

fn static_reserved(port: &PortAsk, owner: &str) -> Diagnostic {
    Diagnostic::error(
        Code::BadPort,
        SRC,
        port.spans.value.unwrap_or(port.span),
        format!("Static port {} already reserved by {owner}", port.value),
    )
    .with_help(
        "two ports of one group cannot share a static value on the same host network (unless `ignore_collision`)",
    )
}

fn too_large(port: &PortAsk) -> Diagnostic {
    Diagnostic::error(
        Code::BadPort,
        SRC,
        port.spans.value.unwrap_or(port.span),
        format!("Port {} ({}) cannot be greater than 65535", port.label, port.value),
    )
    .with_help("ports are numbers from 1 to 65535; leave `static` out for a dynamic port")
}

fn check_to(port: &PortAsk, diags: &mut Diagnostics) {
    let span = port.spans.to.unwrap_or(port.span);
    if port.to < -1 {
        diags.push(
            Diagnostic::error(
                Code::BadPort,
                SRC,
                span,
                format!("Port {:?} cannot be mapped to negative value {}", port.label, port.to),
            )
            .with_help("`to = -1` means \"the same as the host port\"; other values must be 0..65535"),
        );
    } else if port.to > 65_535 {
        diags.push(
            Diagnostic::error(
                Code::BadPort,
                SRC,
                span,
                format!("Port {:?} cannot be mapped to a port ({}) greater than 65535", port.label, port.to),
            )
            .with_help("`to` is a port number inside the network namespace, 1 to 65535 (or -1 for the host port)"),
        );
    }
}

/// A DNS name: dot-separated labels of 1..63 letters, digits or `-`, not starting or ending
/// with `-`, at most 253 characters in all.
pub fn is_dns_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names() {
        assert!(is_dns_name("foobar"));
        assert!(is_dns_name("web-1.example.com"));
        assert!(!is_dns_name("............"));
        assert!(!is_dns_name("-bad"));
        assert!(!is_dns_name("a_b"));
        assert!(!is_dns_name(&"a".repeat(64)));
    }

    #[test]
    fn the_task_network_deprecation_suggests_what_fits_the_driver() {
        assert!(task_network_migration("docker").contains("`ports = [...]` in the docker config"));
        assert!(task_network_migration("podman").contains("podman config"));
        let exec = task_network_migration("exec");
        assert!(exec.contains("binds the host ports itself") && !exec.contains("ports = ["), "{exec}");
        assert!(task_network_migration("raw_exec").contains("`raw_exec` task"));
        assert!(task_network_migration("qemu").contains("keep this network for qemu"));
    }
}

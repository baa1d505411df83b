//! What drivers do with allocated ports: docker publishing and `port_map`, qemu `hostfwd`.
//!
//! Nomad 0.2 semantics. Docker: every allocated port (static, then dynamic) is published for
//! tcp and udp on the offer's IP; the container port is the `port_map` value for the label or
//! else the host port itself; several `port_map` blocks are merged. QEMU: only with a network
//! and exactly one `port_map` block, each entry becomes `hostfwd=udp::<host>-:<guest>` and
//! `hostfwd=tcp::<host>-:<guest>`, in the order written.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::alloc::Offer;
use crate::diagnostic::{Code, Diagnostic};
use crate::jobspec::Task;
use crate::source::SourceId;

/// One docker port binding: `<container>/<proto>` → `host_ip:host_port`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedPort {
    /// Port label the binding comes from.
    pub label: String,
    /// Container side, e.g. `8080/tcp`.
    pub container: String,
    /// Host address.
    pub host_ip: String,
    /// Host port.
    pub host_port: i64,
}

/// How a task's driver maps ports, decided from the jobspec alone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DriverPorts {
    /// Docker/qemu: label → port inside the container or VM (merged `port_map`).
    pub port_map: BTreeMap<String, i64>,
    /// The map in the order written (qemu forwards in this order).
    pub ordered: Vec<(String, i64)>,
    /// The driver would refuse the task: its mappings are not shown.
    pub refused: bool,
}

/// Reads a task's `port_map`s and reports what its driver would refuse or ignore.
pub fn driver_ports(task: &Task, has_network: bool, diags: &mut Vec<Diagnostic>) -> DriverPorts {
    let src = SourceId::Jobspec;
    let mut out = DriverPorts::default();
    let maps = &task.config.port_maps;
    if maps.is_empty() {
        return out;
    }
    let driver = task.driver.as_str();
    if driver != "docker" && driver != "qemu" {
        diags.push(
            Diagnostic::warning(
                Code::DriverError,
                src,
                maps[0].span,
                format!("the `{driver}` driver ignores `port_map`"),
            )
            .with_help("only the docker and qemu drivers map ports; the task binds the host ports itself"),
        );
        return out;
    }
    for entry in maps.iter().flat_map(|m| &m.entries) {
        match &entry.value {
            Ok(v) => {
                out.port_map.insert(entry.label.clone(), *v);
                out.ordered.retain(|(l, _)| l != &entry.label);
                out.ordered.push((entry.label.clone(), *v));
            }
            Err(message) => {
                out.refused = true;
                diags.push(
                    Diagnostic::error(Code::DriverError, src, entry.span, message.clone())
                        .with_help(format!("the {driver} driver would refuse to start task `{}`", task.name)),
                );
            }
        }
    }
    if driver == "qemu" && maps.len() > 1 {
        out.refused = true;
        diags.push(
            Diagnostic::error(
                Code::DriverError,
                src,
                maps[1].span,
                "Only one port_map block is allowed in the qemu driver config",
            )
            .with_label(maps[0].span, "first `port_map`"),
        );
    }
    if !has_network {
        if driver == "docker" {
            out.refused = true;
            diags.push(
                Diagnostic::error(
                    Code::DriverError,
                    src,
                    maps[0].span,
                    "Trying to map ports but no network interface is available",
                )
                .with_help(format!(
                    "give task `{}` a `resources {{ network {{ ... }} }}` with the ports to map",
                    task.name
                )),
            );
        } else {
            diags.push(
                Diagnostic::warning(Code::DriverError, src, maps[0].span, "`port_map` has no effect without a network")
                    .with_help("the qemu driver forwards ports only when the task has a `network` block"),
            );
        }
        return out;
    }
    let asked: Vec<&str> = task
        .resources
        .as_ref()
        .and_then(|r| r.network.as_ref())
        .map(|n| n.ports().map(|p| p.label.as_str()).collect())
        .unwrap_or_default();
    for entry in maps.iter().flat_map(|m| &m.entries) {
        if asked.contains(&entry.label.as_str()) {
            continue;
        }
        if driver == "qemu" {
            out.refused = true;
            diags.push(
                Diagnostic::error(Code::DriverError, src, entry.span, format!("Unknown port label {:?}", entry.label))
                    .with_help(format!("the task's ports are: {}", asked.join(", "))),
            );
        } else {
            diags.push(
                Diagnostic::warning(
                    Code::DriverError,
                    src,
                    entry.span,
                    format!("`port_map` label `{}` matches no port of the task", entry.label),
                )
                .with_help(format!("docker ignores it; the task's ports are: {}", asked.join(", "))),
            );
        }
    }
    out
}

/// Docker's bindings for an offer. Bindings are keyed by container port: when two labels map
/// to the same container port, the later one replaces the earlier (as in Nomad 0.2).
pub fn docker_bindings(offer: &Offer, driver: &DriverPorts) -> Vec<PublishedPort> {
    let mut by_container: BTreeMap<(i64, &str), PublishedPort> = BTreeMap::new();
    for port in offer.reserved_ports.iter().chain(&offer.dynamic_ports) {
        let container = driver.port_map.get(&port.label).copied().unwrap_or(port.value);
        for proto in ["tcp", "udp"] {
            by_container.insert(
                (container, proto),
                PublishedPort {
                    label: port.label.clone(),
                    container: format!("{container}/{proto}"),
                    host_ip: offer.ip.to_string(),
                    host_port: port.value,
                },
            );
        }
    }
    by_container.into_values().collect()
}

/// QEMU's `-netdev`/`-device` arguments for an offer, or nothing when qemu forwards nothing.
pub fn qemu_args(offer: &Offer, driver: &DriverPorts) -> Vec<String> {
    let host_of = |label: &str| {
        offer.reserved_ports.iter().chain(&offer.dynamic_ports).find(|p| p.label == label).map(|p| p.value)
    };
    let mut forwards = Vec::new();
    for (label, guest) in &driver.ordered {
        let Some(host) = host_of(label) else { return Vec::new() };
        for proto in ["udp", "tcp"] {
            forwards.push(format!("hostfwd={proto}::{host}-:{guest}"));
        }
    }
    if forwards.is_empty() {
        return Vec::new();
    }
    vec![
        "-netdev".to_string(),
        format!("user,id=user.0,{}", forwards.join(",")),
        "-device".to_string(),
        "virtio-net,netdev=user.0".to_string(),
    ]
}

//! What drivers and network modes do with allocated ports: docker publishing (`port_map`,
//! `ports`), qemu `hostfwd`, and the bridge/CNI port mappings of a group network.
//!
//! Docker: every port of a task-level network (static, then dynamic) is published for tcp and
//! udp on the offer's IP; the container port is the `port_map` value for the label or else the
//! host port itself; several `port_map` blocks are merged. Nomad 0.2 keyed bindings by container
//! port, so a later label mapped to the same container port replaced an earlier one; 1.x keeps
//! both. In 1.x, `ports = [...]` publishes group ports (container port = `to` when set), unless
//! the container joins the group's network namespace (bridge or CNI mode).
//!
//! QEMU: only with a task-level network and exactly one `port_map` block, each entry becomes
//! `hostfwd=udp::<host>-:<guest>` and `hostfwd=tcp::<host>-:<guest>`, in the order written
//! (Nomad walks a Go map here). In 1.x the driver reports its map back (and so changes
//! `NOMAD_PORT_<label>`) only when it has exactly one entry.
//!
//! Bridge/CNI (1.x): every group port is mapped from `host_ip:value` to the namespace port
//! `to` (when at least 1) or the host port, tcp and udp.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::alloc::{AllocatedPort, Offer};
use crate::diagnostic::{Code, Diagnostic};
use crate::jobspec::{Group, Task};
use crate::last_wins::last_wins;
use crate::source::SourceId;
use crate::version::NomadVersion;

/// One port binding: `<container>/<proto>` → `host_ip:host_port`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublishedPort {
    /// Port label the binding comes from.
    pub label: String,
    /// Container (or namespace) side, e.g. `8080/tcp`.
    pub container: String,
    /// Host address.
    pub host_ip: String,
    /// Host port.
    pub host_port: i64,
}

/// How a task's driver maps ports, decided from the jobspec alone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DriverPorts {
    /// The task's driver.
    pub driver: String,
    /// Docker/qemu: label → port inside the container or VM (merged `port_map`).
    pub port_map: BTreeMap<String, i64>,
    /// The map in the order written (qemu forwards in this order).
    pub ordered: Vec<(String, i64)>,
    /// The driver would refuse the task: its mappings are not shown.
    pub refused: bool,
    /// Docker `ports = [...]` (1.x), when they are published (not joined to the group netns).
    pub publish: Vec<String>,
}

impl DriverPorts {
    /// The port map the driver reports back to Nomad (it sets `NOMAD_PORT_<label>` in 1.x):
    /// docker's whole `port_map`, qemu's only when it has exactly one entry.
    pub fn reported_map(&self) -> BTreeMap<String, i64> {
        match self.driver.as_str() {
            "docker" if !self.refused => self.port_map.clone(),
            "qemu" if !self.refused && self.ordered.len() == 1 => self.port_map.clone(),
            _ => BTreeMap::new(),
        }
    }
}

/// Reads a task's `port_map`s and docker `ports` and reports what its driver would refuse or
/// ignore.
pub fn driver_ports(task: &Task, group: &Group, version: NomadVersion, diags: &mut Vec<Diagnostic>) -> DriverPorts {
    let src = SourceId::Jobspec;
    let driver = task.driver.as_str();
    let mut out = DriverPorts { driver: driver.to_string(), ..DriverPorts::default() };
    let has_network = task.resources.as_ref().is_some_and(|r| r.network.is_some());
    let group_net = group.networks.first();
    if version.is_modern() && driver == "docker" {
        let labels: Vec<&str> = group_net.map(|n| n.ports().map(|p| p.label.as_str()).collect()).unwrap_or_default();
        for (label, span) in &task.config.ports {
            if !labels.contains(&label.as_str()) {
                out.refused = true;
                diags.push(
                    Diagnostic::error(
                        Code::DriverError,
                        src,
                        *span,
                        format!("Port {label:?} not found, check network block"),
                    )
                    .with_help(if labels.is_empty() {
                        "the group has no `network` block with ports".to_string()
                    } else {
                        format!("the group's ports are: {}", labels.join(", "))
                    }),
                );
            }
        }
        let joined = group_net.is_some_and(|n| n.mode == "bridge" || n.mode.starts_with("cni/"))
            && task.config.network_mode.as_deref().is_none_or(str::is_empty);
        if group_net.is_some()
            && let Some((_, first_port)) = task.config.ports.first()
        {
            if joined {
                diags.push(
                    Diagnostic::info(
                        Code::DriverError,
                        src,
                        *first_port,
                        "docker does not publish `ports` for a container in the group's network namespace",
                    )
                    .with_help("in bridge mode the group network maps the ports; `ports` has no effect here"),
                );
            } else if !out.refused {
                out.publish = task.config.ports.iter().map(|(l, _)| l.clone()).collect();
            }
        }
    }
    let maps = &task.config.port_maps;
    let Some(first_map) = maps.first() else { return out };
    if driver != "docker" && driver != "qemu" {
        diags.push(
            Diagnostic::warning(
                Code::DriverError,
                src,
                first_map.span,
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
    // A label mapped twice keeps its last value, in the place of that last entry.
    out.ordered = last_wins(std::mem::take(&mut out.ordered), |(l, _)| l.as_str());
    if driver == "qemu"
        && let Some(second_map) = maps.get(1)
    {
        out.refused = true;
        diags.push(
            Diagnostic::error(
                Code::DriverError,
                src,
                second_map.span,
                "Only one port_map block is allowed in the qemu driver config",
            )
            .with_label(first_map.span, "first `port_map`")
            .with_help("merge the labels into the first `port_map` block"),
        );
    }
    if !has_network {
        if driver == "docker" {
            out.refused = true;
            let group_ports = version.is_modern() && group_net.is_some();
            let message = if group_ports {
                "'port_map' cannot map group network ports, use 'ports' instead"
            } else {
                "Trying to map ports but no network interface is available"
            };
            diags.push(Diagnostic::error(Code::DriverError, src, first_map.span, message).with_help(if group_ports {
                format!(
                    "publish group ports with `ports = [\"<label>\"]` in task `{}`'s config and set `to` on the port",
                    task.name
                )
            } else {
                format!("give task `{}` a network with the ports to map", task.name)
            }));
        } else {
            diags.push(
                Diagnostic::warning(
                    Code::DriverError,
                    src,
                    first_map.span,
                    "`port_map` has no effect without a task network",
                )
                .with_help("the qemu driver forwards only the ports of the task's own `network` block"),
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

fn binding(label: &str, container: i64, proto: &str, host_ip: String, host_port: i64) -> PublishedPort {
    PublishedPort { label: label.to_string(), container: format!("{container}/{proto}"), host_ip, host_port }
}

/// Docker's bindings for a task: its task-level offer mapped through `port_map`, or (1.x) the
/// group ports listed in `ports`. Sorted by container port.
pub fn docker_bindings(
    offer: Option<&Offer>,
    group_ports: &[AllocatedPort],
    driver: &DriverPorts,
    version: NomadVersion,
) -> Vec<PublishedPort> {
    let mut out: Vec<((i64, &str), PublishedPort)> = Vec::new();
    let mut push = |container: i64, label: &str, ip: String, host: i64| {
        for proto in ["tcp", "udp"] {
            let key = (container, proto);
            out.push((key, binding(label, container, proto, ip.clone(), host)));
        }
    };
    if !driver.publish.is_empty() {
        for label in &driver.publish {
            if let Some(p) = group_ports.iter().find(|p| &p.label == label) {
                let container = if p.to != 0 { p.to } else { p.value };
                push(container, &p.label, p.host_ip.to_string(), p.value);
            }
        }
    } else if let Some(offer) = offer {
        for port in offer.reserved_ports.iter().chain(&offer.dynamic_ports) {
            let container = driver.port_map.get(&port.label).copied().unwrap_or(port.value);
            push(container, &port.label, offer.ip.to_string(), port.value);
        }
    }
    // 0.2 kept one binding per container port, the last one written.
    if !version.is_modern() {
        out = last_wins(out, |(key, _)| key);
    }
    out.sort_by_key(|(key, _)| *key);
    out.into_iter().map(|(_, b)| b).collect()
}

/// The bridge/CNI mappings of a group network: host port → namespace port (`to` when at least
/// 1, else the host port), tcp and udp.
pub fn netns_mappings(ports: &[AllocatedPort]) -> Vec<PublishedPort> {
    let mut out = Vec::new();
    for p in ports {
        let inside = if p.to >= 1 { p.to } else { p.value };
        for proto in ["tcp", "udp"] {
            out.push(binding(&p.label, inside, proto, p.host_ip.to_string(), p.value));
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn ports(driver: &str, entries: &[(&str, i64)], refused: bool) -> DriverPorts {
        DriverPorts {
            driver: driver.to_string(),
            port_map: entries.iter().map(|(l, p)| (l.to_string(), *p)).collect(),
            ordered: entries.iter().map(|(l, p)| (l.to_string(), *p)).collect(),
            refused,
            publish: Vec::new(),
        }
    }

    /// Docker reports its whole `port_map`, qemu only a map of exactly one entry, and a
    /// driver that refuses the task reports nothing.
    #[test]
    fn the_reported_map_follows_the_driver() {
        let one = [("http", 8080)];
        let two = [("http", 8080), ("ssh", 22)];
        assert_eq!(ports("docker", &two, false).reported_map().len(), 2);
        assert_eq!(ports("docker", &two, true).reported_map().len(), 0);
        assert_eq!(ports("qemu", &one, false).reported_map().get("http"), Some(&8080));
        assert_eq!(ports("qemu", &one, true).reported_map().len(), 0);
        assert_eq!(ports("qemu", &two, false).reported_map().len(), 0);
        assert_eq!(ports("exec", &one, false).reported_map().len(), 0);
    }

    /// The driver diagnostics `analyze` gives a jobspec under Nomad 1.x, as (severity, message).
    fn driver_findings(job: &str) -> Vec<(Severity, String)> {
        let nodes = "node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n}\n";
        let analysis = crate::analyze(job, nodes, &crate::Options::for_version(NomadVersion::V1));
        analysis
            .diagnostics
            .into_iter()
            .filter(|d| d.code == Code::DriverError)
            .map(|d| (d.severity, d.message))
            .collect()
    }

    /// A task with a network asking for `ssh`, two `port_map` blocks, the second mapping `web`.
    fn two_port_maps(driver: &str, image: &str) -> String {
        format!(
            "job \"vm\" {{\n  group \"g\" {{\n    task \"t\" {{\n      driver = \"{driver}\"\n      config {{\n        {image}\n        port_map {{\n          ssh = 22\n        }}\n        port_map {{\n          web = 80\n        }}\n      }}\n      resources {{\n        network {{\n          mbits = 10\n          port \"ssh\" {{}}\n        }}\n      }}\n    }}\n  }}\n}}\n"
        )
    }

    /// qemu refuses a second `port_map` block and a label its network does not ask for; docker
    /// takes both blocks and only warns about the label.
    #[test]
    fn qemu_refuses_what_docker_only_warns_about() {
        let second = "Only one port_map block is allowed in the qemu driver config".to_string();
        let unknown = "Unknown port label \"web\"".to_string();
        let qemu = driver_findings(&two_port_maps("qemu", "image_path = \"vm.img\""));
        assert!(qemu.contains(&(Severity::Error, second.clone())), "{qemu:?}");
        assert!(qemu.contains(&(Severity::Error, unknown.clone())), "{qemu:?}");
        let docker = driver_findings(&two_port_maps("docker", "image = \"x\""));
        assert!(!docker.iter().any(|(_, m)| *m == second || *m == unknown), "{docker:?}");
        assert!(
            docker.contains(&(Severity::Warning, "`port_map` label `web` matches no port of the task".to_string()))
        );
    }

    /// A docker task in a bridge or CNI group network shares the group's namespace, so its
    /// `ports` publish nothing (an info); in host mode they are published.
    #[test]
    fn docker_ports_publish_nothing_inside_a_group_namespace() {
        let job = |mode: &str| {
            format!(
                "job \"web\" {{\n  group \"g\" {{\n    network {{\n      mode = \"{mode}\"\n      port \"http\" {{\n        to = 8080\n      }}\n    }}\n    task \"app\" {{\n      driver = \"docker\"\n      config {{\n        image = \"x\"\n        ports = [\"http\"]\n      }}\n    }}\n  }}\n}}\n"
            )
        };
        let joined = (
            Severity::Info,
            "docker does not publish `ports` for a container in the group's network namespace".to_string(),
        );
        assert!(driver_findings(&job("bridge")).contains(&joined));
        assert!(driver_findings(&job("cni/mynet")).contains(&joined));
        assert!(!driver_findings(&job("host")).contains(&joined));
    }
}

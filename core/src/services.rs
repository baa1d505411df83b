//! The address and port each `service` and `check` registers (in Consul, or in Nomad's own
//! catalog with `provider = "nomad"`), resolved as the client does (`GetAddress`) for a placed
//! instance.
//!
//! Services default to `address_mode = "auto"` (the host, since no driver netplay models
//! advertises its own address), checks to `host` (`auto` when the service has an `address`):
//! - `host`: a port label gives its host address and host port (group ports first, then the
//!   task's own network); a number gives the Consul agent's address and that port;
//! - `driver`: the container's address (docker or podman assign it when the task starts) and
//!   the port inside it (`to`, the `port_map` value, or the number);
//! - `alloc` / `alloc_ipv6`: the allocation's address in its network namespace (bridge and CNI
//!   modes) and `to` when set, else the host port;
//! - `auto` with `address = "..."`: that address with the host port or the number.
//!
//! A Connect sidecar registers the host address and port of its proxy port; Connect gateways
//! bind the listeners listed in [`ServiceResult::listeners`]. Nomad's registration errors are
//! given in Nomad's words.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::alloc::{AllocatedPort, Offer};
use crate::env::join_host_port;
use crate::jobspec::{Check, GatewayKind, Group, Service, Task};
use crate::mapping::DriverPorts;

/// Where a registered address comes from when netplay cannot name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum AddressSource {
    /// netplay computed it.
    Known,
    /// Empty in the registration: Consul uses the address of its local agent.
    ConsulAgent,
    /// The container's own address, which the driver assigns when the task starts.
    Container,
}

/// One registered address (or Nomad's reason for not registering).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Registration {
    /// The address, when netplay knows it.
    pub address: Option<String>,
    /// Who decides the address.
    pub address_from: AddressSource,
    /// The port (0: none).
    pub port: i64,
    /// `address:port` for people (`10.0.0.10:23456`, `<Consul agent>:9001`).
    pub text: String,
    /// How it was chosen.
    pub rule: String,
    /// Nomad's error when the service or check cannot register.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub error: Option<String>,
}

/// A check of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckResult {
    /// Name (Nomad's default `service: "<name>" check` when none is written).
    pub name: String,
    /// `http`, `tcp`, `grpc`, `script`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The effective `address_mode`.
    pub address_mode: String,
    /// The effective `port` (the check's, else the service's).
    pub port: Option<String>,
    /// Where it points (none for script checks).
    pub target: Option<Registration>,
}

/// A service of a placed instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ServiceResult {
    /// Service name.
    pub name: String,
    /// `consul` or `nomad`.
    pub provider: String,
    /// The task whose service it is (task services), or `service.task` of a group service.
    pub task: Option<String>,
    /// True for a group-level service.
    pub group_level: bool,
    /// The effective `address_mode`.
    pub address_mode: String,
    /// `port` as written (label or number).
    pub port: Option<String>,
    /// What it registers.
    pub registration: Registration,
    /// `sidecar`, `native`, `ingress gateway`, `terminating gateway`, `mesh gateway`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub connect: Option<String>,
    /// The sidecar proxy's own registration (Connect sidecar services).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sidecar: Option<Registration>,
    /// Envoy listeners of a gateway in bridge mode, `name → address:port`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub listeners: Vec<String>,
    /// Its checks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<CheckResult>>", optional))]
    pub checks: Vec<CheckResult>,
}

/// What one task (or the group) offers to address resolution.
struct Workload<'a> {
    /// Group ports (`AllocatedResources.Shared.Ports`).
    ports: &'a [AllocatedPort],
    /// The task's own network (task services), or none.
    offer: Option<&'a Offer>,
    /// The driver's network (docker, podman): its port map.
    driver: Option<&'a DriverPorts>,
    /// The allocation's namespace address (bridge, CNI).
    netns: Option<IpAddr>,
}

impl Workload<'_> {
    fn port(&self, label: &str) -> Option<&AllocatedPort> {
        self.ports.iter().find(|p| p.label == label)
    }

    fn task_port(&self, label: &str) -> Option<(String, i64)> {
        let offer = self.offer?;
        let p = offer.reserved_ports.iter().chain(&offer.dynamic_ports).find(|p| p.label == label)?;
        (p.value > 0).then(|| (offer.ip.to_string(), p.value))
    }
}

/// Everything one placed instance needs.
pub struct Instance<'a> {
    /// The group (after Connect admission).
    pub group: &'a Group,
    /// Its allocated group ports.
    pub ports: &'a [AllocatedPort],
    /// Task-level offers, per task.
    pub offers: &'a [Option<Offer>],
    /// Driver port maps, per task.
    pub drivers: &'a [DriverPorts],
    /// The namespace address (bridge, CNI).
    pub netns: Option<IpAddr>,
}

/// Every service of the instance: group services first, then each task's, in file order.
pub fn resolve(instance: &Instance<'_>) -> Vec<ServiceResult> {
    let group_workload = Workload { ports: instance.ports, offer: None, driver: None, netns: instance.netns };
    let mut out: Vec<ServiceResult> =
        instance.group.services.iter().map(|s| service(s, None, &group_workload, instance)).collect();
    for (i, task) in instance.group.tasks.iter().enumerate() {
        let driver = instance.drivers.get(i).filter(|d| has_driver_network(&d.driver));
        let w = Workload {
            ports: instance.ports,
            offer: instance.offers.get(i).and_then(Option::as_ref),
            driver,
            netns: instance.netns,
        };
        out.extend(task.services.iter().map(|s| service(s, Some(task), &w, instance)));
    }
    out
}

/// Drivers that report a network of their own to Nomad.
fn has_driver_network(driver: &str) -> bool {
    matches!(driver, "docker" | "podman")
}

fn service(s: &Service, task: Option<&Task>, w: &Workload<'_>, instance: &Instance<'_>) -> ServiceResult {
    let mode = s.address_mode.clone().filter(|m| !m.is_empty()).unwrap_or_else(|| "auto".into());
    let address = s.address.as_ref().map_or("", |(a, _)| a.as_str());
    let registration = get_address(address, &mode, s.port_label(), w);
    let checks = s
        .checks
        .iter()
        .map(|c| {
            let default_mode = if address.is_empty() { "host" } else { "auto" };
            let check_mode = c.address_mode.as_ref().map_or(default_mode, |(m, _)| m.as_str()).to_string();
            let port = c.port.as_ref().map_or(s.port_label(), |(p, _)| p.as_str()).to_string();
            let target = (c.kind != "script").then(|| get_address(address, &check_mode, &port, w));
            CheckResult {
                name: c.display_name(&s.name),
                kind: c.kind.clone(),
                address_mode: check_mode,
                port: (!port.is_empty()).then_some(port),
                target,
            }
        })
        .collect();
    let connect = s.connect.as_ref();
    let sidecar = connect.and_then(|c| c.sidecar_service.as_ref()).map(|sc| {
        let label = sc.port.as_ref().map_or_else(|| format!("connect-proxy-{}", s.name), |(p, _)| p.clone());
        let mut r = get_address("", "host", &label, w);
        r.rule = format!("the sidecar proxy registers the host address and port of `{label}`");
        r
    });
    ServiceResult {
        name: s.name.clone(),
        provider: s.provider().to_string(),
        task: task.map(|t| t.name.clone()).or_else(|| s.task.clone()),
        group_level: task.is_none(),
        address_mode: mode,
        port: s.port.as_ref().map(|(p, _)| p.clone()),
        registration,
        connect: connect.and_then(connect_kind),
        sidecar,
        listeners: connect.map(|_| listeners(s, instance)).unwrap_or_default(),
        checks,
    }
}

fn connect_kind(c: &crate::jobspec::Connect) -> Option<String> {
    if c.sidecar_service.is_some() {
        return Some("sidecar".into());
    }
    if c.native {
        return Some("native".into());
    }
    c.gateway.as_ref().and_then(|g| g.kind.as_ref()).map(|k| format!("{} gateway", k.word()))
}

/// The Envoy bind addresses Nomad sets for a gateway in bridge or CNI mode (default proxy).
fn listeners(s: &Service, instance: &Instance<'_>) -> Vec<String> {
    let Some(gateway) = s.connect.as_ref().and_then(|c| c.gateway.as_ref()) else { return Vec::new() };
    let mode = instance.group.networks.first().map_or("", |n| n.mode.as_str());
    if gateway.custom_binds || !(mode == "bridge" || mode.starts_with("cni/")) {
        return Vec::new();
    }
    let value = |label: &str| instance.ports.iter().find(|p| p.label == label).map_or(0, |p| p.value);
    match &gateway.kind {
        Some(GatewayKind::Ingress { listeners }) => listeners
            .iter()
            .flat_map(|l| l.services.iter().map(move |name| format!("{name} → 0.0.0.0:{}", l.port)))
            .collect(),
        Some(GatewayKind::Terminating) => {
            vec![format!("default → 0.0.0.0:{}", value(&format!("connect-terminating-{}", s.name)))]
        }
        Some(GatewayKind::Mesh) => vec![
            format!("wan → 0.0.0.0:{}", value(s.port_label())),
            format!("lan → 0.0.0.0:{}", value(&format!("connect-mesh-{}-lan", s.name))),
        ],
        None => Vec::new(),
    }
}

fn known(address: String, port: i64, rule: impl Into<String>) -> Registration {
    Registration {
        text: join_host_port(&address, port),
        address: Some(address),
        address_from: AddressSource::Known,
        port,
        rule: rule.into(),
        error: None,
    }
}

fn elsewhere(from: AddressSource, port: i64, rule: impl Into<String>) -> Registration {
    let who = match from {
        AddressSource::Container => "<container address>",
        _ => "<Consul agent address>",
    };
    let text = if port > 0 { format!("{who}:{port}") } else { who.to_string() };
    Registration { address: None, address_from: from, port, text, rule: rule.into(), error: None }
}

fn failed(error: String) -> Registration {
    Registration {
        address: None,
        address_from: AddressSource::Known,
        port: 0,
        text: "not registered".into(),
        rule: "Nomad refuses the registration".into(),
        error: Some(error),
    }
}

/// Nomad's `GetAddress`.
fn get_address(address: &str, mode: &str, label: &str, w: &Workload<'_>) -> Registration {
    let number = label.parse::<i64>().ok();
    match mode {
        "auto" if !address.is_empty() => {
            if label.is_empty() {
                return known(address.into(), 0, "the service's `address`");
            }
            if let Some(p) = w.port(label) {
                return known(
                    address.into(),
                    p.value,
                    format!("the service's `address` with the host port of `{label}`"),
                );
            }
            match number {
                Some(n) => known(address.into(), n, "the service's `address` and port"),
                None => failed(format!("invalid port: {label:?}: not a valid port mapping or numeric port")),
            }
        }
        "auto" | "host" => {
            if mode == "host" && !address.is_empty() {
                return failed("cannot use custom advertise address with \"host\" address mode".into());
            }
            if label.is_empty() {
                return match w.ports.first() {
                    Some(p) => known(p.host_ip.to_string(), 0, "the host address, no port"),
                    None => elsewhere(AddressSource::ConsulAgent, 0, "no port: Consul advertises its agent's address"),
                };
            }
            if let Some(p) = w.port(label) {
                return known(p.host_ip.to_string(), p.value, format!("host address and host port of `{label}`"));
            }
            if let Some((ip, value)) = w.task_port(label) {
                return known(ip, value, format!("host address and port of `{label}` of the task's network"));
            }
            match number {
                None => failed(format!("invalid port {label:?}: port label not found")),
                Some(n) if n <= 0 => failed(format!("invalid port: {label:?}: port must be >0")),
                Some(n) => elsewhere(
                    AddressSource::ConsulAgent,
                    n,
                    "a numeric port: Consul registers it on its agent's address",
                ),
            }
        }
        "driver" => {
            if !address.is_empty() {
                return failed("cannot use custom advertise address with \"driver\" address mode".into());
            }
            let Some(driver) = w.driver else {
                return failed("cannot use address_mode=\"driver\": no driver network exists".into());
            };
            if label.is_empty() {
                return elsewhere(AddressSource::Container, 0, "the container's address");
            }
            if let Some(p) = w.port(label) {
                return elsewhere(
                    AddressSource::Container,
                    p.to,
                    format!("the container's address and `to` of `{label}`"),
                );
            }
            if let Some(port) = driver.port_map.get(label) {
                return elsewhere(
                    AddressSource::Container,
                    *port,
                    format!("the container's address and `port_map` of `{label}`"),
                );
            }
            match number {
                None => failed(format!(
                    "invalid port label {label:?}: port labels in driver address_mode must be numeric or in the driver's port map"
                )),
                Some(n) if n <= 0 => failed(format!("invalid port: {label:?}: port must be >0")),
                Some(n) => elsewhere(AddressSource::Container, n, "the container's address and the numeric port"),
            }
        }
        "alloc" | "alloc_ipv6" => {
            if !address.is_empty() {
                return failed("cannot use custom advertise address with \"alloc\" address mode".into());
            }
            let Some(netns) = w.netns else {
                return failed("cannot use address_mode=\"alloc\": no allocation network status reported".into());
            };
            let ip = netns.to_string();
            if label.is_empty() {
                return known(ip, 0, "the allocation's address in its network namespace");
            }
            if let Some(p) = w.port(label) {
                let (port, how) = if p.to > 0 { (p.to, "`to`") } else { (p.value, "the host port") };
                return known(ip, port, format!("the namespace address and {how} of `{label}`"));
            }
            match number {
                None => failed(format!("invalid port {label:?}: port label not found or is not numeric")),
                Some(n) if n <= 0 => failed(format!("invalid port: {label:?}: port must be >0")),
                Some(n) => known(ip, n, "the namespace address and the numeric port"),
            }
        }
        other => failed(format!("invalid address mode {other:?}")),
    }
}

/// The effective port label of a check: its own, else its service's.
pub fn check_port<'s>(service: &'s Service, check: &'s Check) -> &'s str {
    check.port.as_ref().map_or(service.port_label(), |(p, _)| p.as_str())
}

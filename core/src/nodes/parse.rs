//! Decoding the node inventory tree, strictly typed, with diagnostics for inconsistencies.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use crate::cidr::Cidr;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::limits::MAX_NODES;
use crate::nodes::{
    AllocStatus, AllocTask, Capacity, ClientStatus, DesiredStatus, ExistingAlloc, Inventory, NetworkUse, Node,
    NodeNetwork, Reserved, UsedPort,
};
use crate::source::{SourceId, Span};
use crate::syntax::read::{Conversion, Reader};
use crate::syntax::{Body, Item};

const SRC: SourceId = SourceId::Nodes;
/// Link speed assumed when a node network gives no `mbits`.
pub const DEFAULT_MBITS: i64 = 1000;

/// Decodes an inventory. Nodes with errors are left out; the rest are returned.
pub fn parse(body: &Body, diags: &mut Diagnostics) -> Inventory {
    let mut p = Parser { read: Reader::new(SRC, Conversion::Strict), diags };
    p.unknown_keys(body, &["node"], "the inventory");
    let mut nodes = Vec::new();
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    for item in body.items_named("node") {
        if nodes.len() == MAX_NODES {
            p.diags.push(
                Diagnostic::error(
                    Code::LimitExceeded,
                    SRC,
                    item.name_span(),
                    format!("more than {MAX_NODES} nodes in the inventory"),
                )
                .with_help("netplay reads the first nodes and ignores the rest"),
            );
            break;
        }
        let Some(key) = item.labels().first() else {
            p.diags.push(
                Diagnostic::error(Code::MissingField, SRC, item.name_span(), "`node` block needs a name")
                    .with_help("write it as `node \"node-1\" { ... }`"),
            );
            continue;
        };
        if let Some(first) = names.get(&key.text) {
            p.diags.push(
                Diagnostic::error(Code::DuplicateName, SRC, key.span, format!("node `{}` is defined twice", key.text))
                    .with_label(*first, "first defined here")
                    .with_help("node names must be unique"),
            );
            continue;
        }
        names.insert(key.text.clone(), key.span);
        if let Some(node) = p.node(item, &key.text, key.span) {
            nodes.push(node);
        }
    }
    Inventory { nodes }
}

struct Parser<'d> {
    read: Reader,
    diags: &'d mut Diagnostics,
}

impl Parser<'_> {
    fn node(&mut self, item: &Item, name: &str, span: Span) -> Option<Node> {
        let body = self.block(item)?;
        self.unknown_keys(body, &["resources", "network", "reserved", "alloc"], &format!("node `{name}`"));
        let errors_before = self.diags.as_slice().iter().filter(|d| d.is_error()).count();
        let capacity = match body.last_named("resources").and_then(|r| self.block(r)) {
            Some(r) => {
                self.unknown_keys(r, &["cpu", "memory", "disk", "iops"], "`resources`");
                Capacity {
                    cpu: self.opt_int(r, "cpu"),
                    memory_mb: self.opt_int(r, "memory"),
                    disk_mb: self.opt_int(r, "disk"),
                    iops: self.opt_int(r, "iops"),
                }
            }
            None => Capacity::default(),
        };
        let networks: Vec<NodeNetwork> = body.items_named("network").filter_map(|n| self.node_network(n)).collect();
        let reserved = match body.last_named("reserved").and_then(|r| self.block(r)) {
            Some(r) => {
                self.unknown_keys(r, &["cpu", "memory", "disk", "iops", "network"], "`reserved`");
                Reserved {
                    cpu: self.opt_int(r, "cpu").unwrap_or(0),
                    memory_mb: self.opt_int(r, "memory").unwrap_or(0),
                    disk_mb: self.opt_int(r, "disk").unwrap_or(0),
                    iops: self.opt_int(r, "iops").unwrap_or(0),
                    networks: r.items_named("network").filter_map(|n| self.network_use(n, &networks)).collect(),
                }
            }
            None => Reserved::default(),
        };
        let mut allocs = Vec::new();
        let mut alloc_names = BTreeSet::new();
        for a in body.items_named("alloc") {
            let Some(key) = a.labels().first() else {
                self.diags.push(
                    Diagnostic::error(Code::MissingField, SRC, a.name_span(), "`alloc` block needs a name")
                        .with_help("write it as `alloc \"cache\" { ... }`"),
                );
                continue;
            };
            if !alloc_names.insert(key.text.clone()) {
                self.diags.push(Diagnostic::error(
                    Code::DuplicateName,
                    SRC,
                    key.span,
                    format!("allocation `{}` is defined twice on node `{name}`", key.text),
                ));
                continue;
            }
            if let Some(alloc) = self.alloc(a, &key.text, key.span, &networks) {
                allocs.push(alloc);
            }
        }
        let errors_after = self.diags.as_slice().iter().filter(|d| d.is_error()).count();
        if errors_after > errors_before {
            return None;
        }
        let node = Node { name: name.to_string(), span, capacity, networks, reserved, allocs };
        self.check_collisions(&node);
        Some(node)
    }

    fn node_network(&mut self, item: &Item) -> Option<NodeNetwork> {
        let body = self.block(item)?;
        self.unknown_keys(body, &["device", "cidr", "mbits"], "a node `network`");
        let device = self.opt_string(body, "device");
        let Some(cidr_item) = body.last_named("cidr") else {
            self.diags.push(
                Diagnostic::error(Code::MissingField, SRC, item.name_span(), "node `network` needs a `cidr`")
                    .with_help("give the interface's address block, e.g. `cidr = \"10.0.0.10/32\"`"),
            );
            return None;
        };
        let text = self.read.string(&cidr_item.value, "cidr").map_err(|d| self.diags.push(d)).ok()?;
        let cidr = match text.parse::<Cidr>() {
            Ok(c) => c,
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    Code::BadAddress,
                    SRC,
                    cidr_item.value.span,
                    format!("invalid CIDR: {e}"),
                ));
                return None;
            }
        };
        let Some(device) = device else {
            self.diags.push(
                Diagnostic::error(Code::MissingField, SRC, item.name_span(), "node `network` needs a `device`")
                    .with_help("Nomad skips networks without a device; name the interface, e.g. `device = \"eth0\"`"),
            );
            return None;
        };
        let mbits = self.opt_int(body, "mbits").unwrap_or(DEFAULT_MBITS);
        Some(NodeNetwork { device, cidr, mbits, span: item.span })
    }

    /// A reservation's or an allocation's network on the node.
    fn network_use(&mut self, item: &Item, networks: &[NodeNetwork]) -> Option<NetworkUse> {
        let body = self.block(item)?;
        self.unknown_keys(body, &["device", "ip", "mbits", "port"], "this `network`");
        let device = self.opt_string(body, "device");
        let interface = match &device {
            Some(dev) => match networks.iter().find(|n| &n.device == dev) {
                Some(n) => n,
                None => {
                    let known: Vec<&str> = networks.iter().map(|n| n.device.as_str()).collect();
                    let span = body.last_named("device").map_or(item.span, |d| d.value.span);
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnknownDevice,
                            SRC,
                            span,
                            format!("the node has no network with device `{dev}`"),
                        )
                        .with_help(if known.is_empty() {
                            "add a `network { device = ... cidr = ... }` block to the node first".to_string()
                        } else {
                            format!("the node's devices: {}", known.join(", "))
                        }),
                    );
                    return None;
                }
            },
            None => match networks.first() {
                Some(n) => n,
                None => {
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnknownDevice,
                            SRC,
                            item.name_span(),
                            "this `network` needs a node network to belong to",
                        )
                        .with_help("add a `network { device = ... cidr = ... }` block to the node"),
                    );
                    return None;
                }
            },
        };
        let ip = match body.last_named("ip") {
            None => interface.cidr.addr,
            Some(ip_item) => {
                let text = self.read.string(&ip_item.value, "ip").map_err(|d| self.diags.push(d)).ok()?;
                match text.parse::<IpAddr>() {
                    Ok(ip) => {
                        if !interface.cidr.contains(ip) {
                            self.diags.push(
                                Diagnostic::warning(
                                    Code::BadAddress,
                                    SRC,
                                    ip_item.value.span,
                                    format!("`{ip}` is outside `{}` of device `{}`", interface.cidr, interface.device),
                                )
                                .with_help("ports on this address never collide with task asks on the device"),
                            );
                        }
                        ip
                    }
                    Err(_) => {
                        self.diags.push(Diagnostic::error(
                            Code::BadAddress,
                            SRC,
                            ip_item.value.span,
                            format!("`{text}` is not an IP address"),
                        ));
                        return None;
                    }
                }
            }
        };
        let mbits = self.opt_int(body, "mbits").unwrap_or(0);
        let mut ports = Vec::new();
        for port in body.items_named("port") {
            let Some(key) = port.labels().first() else {
                self.diags.push(
                    Diagnostic::error(Code::MissingField, SRC, port.name_span(), "ports must be named")
                        .with_help("write it as `port \"ssh\" { static = 22 }`"),
                );
                continue;
            };
            let Some(pbody) = self.block(port) else { continue };
            let Some(value_item) = pbody.last_named("static") else {
                self.diags.push(
                    Diagnostic::error(
                        Code::MissingField,
                        SRC,
                        key.span,
                        format!("port `{}` needs its number: `static = N`", key.text),
                    )
                    .with_help("ports on a node are already assigned, so each needs a value"),
                );
                continue;
            };
            let Ok(value) = self.read.int(&value_item.value, "static").map_err(|d| self.diags.push(d)) else {
                continue;
            };
            if !(1..=65535).contains(&value) {
                self.diags.push(Diagnostic::error(
                    Code::BadPort,
                    SRC,
                    value_item.value.span,
                    format!("port {value} is outside 1..65535"),
                ));
                continue;
            }
            ports.push(UsedPort { label: key.text.clone(), value, span: port.span });
        }
        Some(NetworkUse { device: interface.device.clone(), ip, mbits, ports, span: item.span })
    }

    fn alloc(&mut self, item: &Item, name: &str, span: Span, networks: &[NodeNetwork]) -> Option<ExistingAlloc> {
        let body = self.block(item)?;
        self.unknown_keys(body, &["job", "task", "desired_status", "client_status"], &format!("alloc `{name}`"));
        let job = self.opt_string(body, "job");
        let desired = match self.opt_string(body, "desired_status").as_deref() {
            None | Some("run") => DesiredStatus::Run,
            Some("stop") => DesiredStatus::Stop,
            Some("evict") => DesiredStatus::Evict,
            Some("failed") => DesiredStatus::Failed,
            Some(other) => {
                self.bad_choice(body, "desired_status", other, "run, stop, evict, failed");
                return None;
            }
        };
        let client = match self.opt_string(body, "client_status").as_deref() {
            None | Some("running") => ClientStatus::Running,
            Some("pending") => ClientStatus::Pending,
            Some("dead") => ClientStatus::Dead,
            Some("complete") => ClientStatus::Complete,
            Some("failed") => ClientStatus::Failed,
            Some("lost") => ClientStatus::Lost,
            Some(other) => {
                self.bad_choice(body, "client_status", other, "pending, running, dead, complete, failed, lost");
                return None;
            }
        };
        let mut tasks = Vec::new();
        for t in body.items_named("task") {
            let task_name = t.labels().first().map_or_else(|| format!("task{}", tasks.len() + 1), |k| k.text.clone());
            let Some(tbody) = self.block(t) else { continue };
            self.unknown_keys(tbody, &["resources", "network"], &format!("task `{task_name}`"));
            let res = tbody.last_named("resources").and_then(|r| self.block(r));
            let dim = |p: &mut Self, key: &str| res.and_then(|r| p.opt_int(r, key)).unwrap_or(0);
            let (cpu, memory_mb, disk_mb, iops) =
                (dim(self, "cpu"), dim(self, "memory"), dim(self, "disk"), dim(self, "iops"));
            let network = tbody.last_named("network").and_then(|n| self.network_use(n, networks));
            tasks.push(AllocTask { name: task_name, cpu, memory_mb, disk_mb, iops, network });
        }
        Some(ExistingAlloc { name: name.to_string(), job, status: AllocStatus { desired, client }, tasks, span })
    }

    /// Warns about ports reserved twice on one address: Nomad ignores such collisions while
    /// scheduling, but they usually mean a typo in the inventory.
    fn check_collisions(&mut self, node: &Node) {
        let mut seen: BTreeMap<(IpAddr, i64), Span> = BTreeMap::new();
        let uses = node
            .reserved
            .networks
            .iter()
            .chain(node.allocs.iter().flat_map(|a| a.tasks.iter().filter_map(|t| t.network.as_ref())));
        for net in uses {
            for port in &net.ports {
                if let Some(first) = seen.get(&(net.ip, port.value)) {
                    self.diags.push(
                        Diagnostic::warning(
                            Code::InventoryConflict,
                            SRC,
                            port.span,
                            format!("port {} is already in use on {} of node `{}`", port.value, net.ip, node.name),
                        )
                        .with_label(*first, "first use")
                        .with_help(
                            "Nomad's scheduler ignores collisions inside a node's existing state; fix the inventory",
                        ),
                    );
                } else {
                    seen.insert((net.ip, port.value), port.span);
                }
            }
        }
    }

    fn bad_choice(&mut self, body: &Body, key: &str, value: &str, choices: &str) {
        let span = body.last_named(key).map_or(body.span, |i| i.value.span);
        self.diags.push(
            Diagnostic::error(Code::TypeMismatch, SRC, span, format!("unknown {key} `{value}`"))
                .with_help(format!("use one of: {choices}")),
        );
    }

    fn block<'b>(&mut self, item: &'b Item) -> Option<&'b Body> {
        let body = item.body();
        if body.is_none() {
            self.diags.push(
                Diagnostic::error(
                    Code::TypeMismatch,
                    SRC,
                    item.value.span,
                    format!("`{}` must be a block, found {}", item.name(), item.value.kind.type_name()),
                )
                .with_help(format!("write it as `{} {{ ... }}`", item.name())),
            );
        }
        body
    }

    fn opt_int(&mut self, body: &Body, key: &str) -> Option<i64> {
        let item = body.last_named(key)?;
        let n = self.read.int(&item.value, key).map_err(|d| self.diags.push(d)).ok()?;
        if n < 0 {
            self.diags.push(Diagnostic::error(
                Code::TypeMismatch,
                SRC,
                item.value.span,
                format!("`{key}` cannot be negative"),
            ));
            return None;
        }
        Some(n)
    }

    fn opt_string(&mut self, body: &Body, key: &str) -> Option<String> {
        let item = body.last_named(key)?;
        self.read.string(&item.value, key).map_err(|d| self.diags.push(d)).ok()
    }

    fn unknown_keys(&mut self, body: &Body, known: &[&str], place: &str) {
        for item in &body.items {
            if !known.contains(&item.name()) {
                self.diags.push(
                    Diagnostic::warning(
                        Code::UnknownKey,
                        SRC,
                        item.name_span(),
                        format!("unknown key `{}` in {place}", item.name()),
                    )
                    .with_help(format!("known keys here: {}", known.join(", "))),
                );
            }
        }
    }
}

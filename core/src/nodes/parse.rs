//! Decoding the node inventory tree, strictly typed, with diagnostics for inconsistencies.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use crate::cidr::Cidr;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::limits::{MAX_ALLOCATIONS, MAX_HOST_NETWORKS, MAX_NODES};
use crate::nodes::{
    AllocPort, AllocStatus, AllocTask, Capacity, ClientStatus, DesiredStatus, ExistingAlloc, HostNetwork, Inventory,
    NetworkUse, Node, NodeAddress, NodeNetwork, Reserved, UsedPort,
};
use crate::port_range::{parse_port_ranges, reject_65536};
use crate::source::{SourceId, Span};
use crate::syntax::read::{Conversion, Reader};
use crate::syntax::{Body, Item, Key};
use crate::version::NomadVersion;

const SRC: SourceId = SourceId::Nodes;
/// Link speed assumed when a node network gives no `mbits`.
pub const DEFAULT_MBITS: i64 = 1000;

/// Keys only Nomad 1.x clients have; under 0.2 they are read, checked and ignored.
const MODERN_NODE_KEYS: &[&str] =
    &["meta", "network_interface", "min_dynamic_port", "max_dynamic_port", "bridge", "cni", "host_network"];
/// Keys describing the node that placement does not read (kept for `${attr.*}` and `${node.*}`).
const DESCRIPTIVE_NODE_KEYS: &[&str] = &["id", "datacenter", "attributes", "address"];

/// The help of every CIDR that does not parse.
const CIDR_HELP: &str = "write an address and a prefix length, such as `10.0.0.10/32` or `fd00::1/64`";

/// Decodes an inventory for `version`. Nodes with errors are left out; the rest are returned.
pub fn parse(body: &Body, version: NomadVersion, diags: &mut Diagnostics) -> Inventory {
    let mut p =
        Parser { read: Reader::new(SRC, Conversion::Strict), diags, version, modern_noted: false, allocations: 0 };
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
        let Some(key) = p.label(item, "`node` block needs a name", "node \"node-1\" { ... }") else { continue };
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
    version: NomadVersion,
    modern_noted: bool,
    /// Allocations read so far, against [`MAX_ALLOCATIONS`].
    allocations: usize,
}

impl Parser<'_> {
    fn node(&mut self, item: &Item, name: &str, span: Span) -> Option<Node> {
        let body = self.block(item)?;
        let mut known = vec!["resources", "network", "reserved", "alloc", "attributes", "datacenter"];
        known.extend_from_slice(MODERN_NODE_KEYS);
        known.extend_from_slice(DESCRIPTIVE_NODE_KEYS);
        self.unknown_keys(body, &known, &format!("node `{name}`"));
        self.note_modern_keys(body);
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
                self.unknown_keys(r, &["cpu", "memory", "disk", "iops", "network", "reserved_ports"], "`reserved`");
                Reserved {
                    cpu: self.opt_int(r, "cpu").unwrap_or(0),
                    memory_mb: self.opt_int(r, "memory").unwrap_or(0),
                    disk_mb: self.opt_int(r, "disk").unwrap_or(0),
                    iops: self.opt_int(r, "iops").unwrap_or(0),
                    networks: r.items_named("network").filter_map(|n| self.network_use(n, &networks)).collect(),
                    reserved_ports: self
                        .port_ranges(r, "reserved_ports", "reserved.reserved_ports")
                        .unwrap_or_default(),
                    reserved_ports_span: r.last_named("reserved_ports").map_or(r.span, |i| i.value.span),
                }
            }
            None => Reserved::default(),
        };
        let mut allocs = Vec::new();
        let mut alloc_names = BTreeSet::new();
        for a in body.items_named("alloc") {
            if self.allocations == MAX_ALLOCATIONS {
                self.diags.push(
                    Diagnostic::error(
                        Code::LimitExceeded,
                        SRC,
                        a.name_span(),
                        format!("more than {MAX_ALLOCATIONS} allocations in the inventory"),
                    )
                    .with_help("netplay reads the first allocations and ignores the rest"),
                );
                break;
            }
            self.allocations += 1;
            let Some(key) = self.label(a, "`alloc` block needs a name", "alloc \"cache\" { ... }") else { continue };
            if !alloc_names.insert(key.text.clone()) {
                self.diags.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        SRC,
                        key.span,
                        format!("allocation `{}` is defined twice on node `{name}`", key.text),
                    )
                    .with_help("allocation names must be unique on a node; the second one is ignored"),
                );
                continue;
            }
            if let Some(alloc) = self.alloc(a, &key.text, key.span, &networks) {
                allocs.push(alloc);
            }
        }
        let meta = self.string_map(body, "meta");
        let attributes = self.string_map(body, "attributes");
        let datacenter = self.opt_string(body, "datacenter");
        let id = self.opt_string(body, "id");
        let dynamic_range = self.dynamic_range(body);
        let bridge = match body.last_named("bridge") {
            Some(b) => self.read.bool(&b.value, "bridge").map_err(|d| self.diags.push(d)).unwrap_or(true),
            None => true,
        };
        let cni = match body.last_named("cni") {
            Some(c) => self
                .read
                .string_list(&c.value, "cni")
                .map_err(|d| self.diags.push(d))
                .map(|l| l.into_iter().map(|(s, _)| s).collect())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let mut host_networks: Vec<HostNetwork> = Vec::new();
        for h in body.items_named("host_network") {
            if host_networks.len() == MAX_HOST_NETWORKS {
                self.diags.push(
                    Diagnostic::error(
                        Code::LimitExceeded,
                        SRC,
                        h.name_span(),
                        format!("more than {MAX_HOST_NETWORKS} host networks on node `{name}`"),
                    )
                    .with_help("netplay reads the first host networks of a node and ignores the rest"),
                );
                break;
            }
            host_networks.extend(self.host_network(h));
        }
        let interface = match body.last_named("network_interface") {
            Some(i) => {
                let name = self.read.string(&i.value, "network_interface").map_err(|d| self.diags.push(d)).ok();
                if let Some(dev) = &name
                    && !networks.iter().any(|n| &n.device == dev)
                {
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnknownDevice,
                            SRC,
                            i.value.span,
                            format!("the node has no network with device `{dev}`"),
                        )
                        .with_help("`network_interface` names one of the node's `network` devices"),
                    );
                }
                name
            }
            None => networks.first().map(|n| n.device.clone()),
        };
        let errors_after = self.diags.as_slice().iter().filter(|d| d.is_error()).count();
        if errors_after > errors_before {
            return None;
        }
        let given: Vec<NodeAddress> = body.items_named("address").filter_map(|a| self.address(a)).collect();
        let addresses = if body.items_named("address").next().is_some() {
            given
        } else {
            node_addresses(&networks, &host_networks, interface.as_deref())
        };
        let node = Node {
            name: name.to_string(),
            span,
            capacity,
            networks,
            reserved,
            allocs,
            meta,
            attributes,
            datacenter,
            dynamic_range,
            bridge,
            cni,
            host_networks,
            addresses,
            id,
        };
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
                self.diags.push(
                    Diagnostic::error(Code::BadAddress, SRC, cidr_item.value.span, format!("invalid CIDR: {e}"))
                        .with_help(CIDR_HELP),
                );
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
        let (ip, ip_span) = match body.last_named("ip") {
            None => (interface.cidr.addr, item.span),
            Some(ip_item) => (self.ip_value(ip_item)?, ip_item.value.span),
        };
        let mbits = self.opt_int(body, "mbits").unwrap_or(0);
        let mut ports = Vec::new();
        for port in body.items_named("port") {
            let Some(key) = self.label(port, "ports must be named", "port \"ssh\" { static = 22 }") else { continue };
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
            if !self.port_in_range(value, value_item.value.span) {
                continue;
            }
            ports.push(UsedPort { label: key.text.clone(), value, span: port.span });
        }
        Some(NetworkUse { device: interface.device.clone(), ip, ip_span, mbits, ports, span: item.span })
    }

    fn alloc(&mut self, item: &Item, name: &str, span: Span, networks: &[NodeNetwork]) -> Option<ExistingAlloc> {
        let body = self.block(item)?;
        self.unknown_keys(
            body,
            &["job", "task", "port", "network", "desired_status", "client_status"],
            &format!("alloc `{name}`"),
        );
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
            Some("unknown") => ClientStatus::Unknown,
            Some(other) => {
                self.bad_choice(
                    body,
                    "client_status",
                    other,
                    "pending, running, dead, complete, failed, lost, unknown",
                );
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
        let mut ports = Vec::new();
        for port in body.items_named("port") {
            if let Some(p) = self.alloc_port(port, networks) {
                ports.push(p);
            }
        }
        let shared = body.items_named("network").filter_map(|n| self.network_use(n, networks)).collect();
        Some(ExistingAlloc {
            name: name.to_string(),
            job,
            status: AllocStatus { desired, client },
            tasks,
            ports,
            networks: shared,
            span,
            source: SRC,
        })
    }

    /// A group port held by an allocation: `port "http" { static = 8080  host_ip = "10.0.0.10" }`.
    fn alloc_port(&mut self, item: &Item, networks: &[NodeNetwork]) -> Option<AllocPort> {
        let key = self.label(item, "ports must be named", "port \"http\" { static = 8080 }")?;
        let body = self.block(item)?;
        self.unknown_keys(body, &["static", "host_ip", "ignore_collision"], &format!("port `{}`", key.text));
        let Some(value_item) = body.last_named("static") else {
            self.diags.push(
                Diagnostic::error(
                    Code::MissingField,
                    SRC,
                    key.span,
                    format!("port `{}` needs its number: `static = N`", key.text),
                )
                .with_help("ports of an existing allocation are already assigned, so each needs a value"),
            );
            return None;
        };
        let value = self.read.int(&value_item.value, "static").map_err(|d| self.diags.push(d)).ok()?;
        if !self.port_in_range(value, value_item.value.span) {
            return None;
        }
        let host_ip = match body.last_named("host_ip") {
            Some(ip_item) => self.ip_value(ip_item)?,
            None => match networks.first() {
                Some(n) => n.cidr.addr,
                None => {
                    self.diags.push(
                        Diagnostic::error(
                            Code::MissingField,
                            SRC,
                            key.span,
                            format!("port `{}` needs a `host_ip`", key.text),
                        )
                        .with_help("the node has no network to take a default address from"),
                    );
                    return None;
                }
            },
        };
        let ignore_collision = match body.last_named("ignore_collision") {
            Some(b) => self.read.bool(&b.value, "ignore_collision").map_err(|d| self.diags.push(d)).ok()?,
            None => false,
        };
        Some(AllocPort { label: key.text.clone(), value, host_ip, ignore_collision, span: item.span })
    }

    /// An address given as it is, as Nomad's `NodeNetworks` list it:
    /// `address "<alias>" { ip = "..."  device = "eth1"  reserved_ports = "22" }`.
    fn address(&mut self, item: &Item) -> Option<NodeAddress> {
        let key = self.label(item, "`address` block needs its alias", "address \"default\" { ip = \"10.0.0.10\" }")?;
        let body = self.block(item)?;
        self.unknown_keys(body, &["ip", "device", "reserved_ports"], &format!("address `{}`", key.text));
        let Some(ip_item) = body.last_named("ip") else {
            self.diags.push(
                Diagnostic::error(Code::MissingField, SRC, key.span, format!("address `{}` needs an `ip`", key.text))
                    .with_help("write it as `ip = \"10.0.0.10\"`"),
            );
            return None;
        };
        let ip = self.ip_value(ip_item)?;
        let device = self.opt_string(body, "device").unwrap_or_default();
        let reserved_ports = self
            .port_ranges(body, "reserved_ports", &format!("host_network[{:?}].reserved_ports", key.text))
            .unwrap_or_default();
        Some(NodeAddress { alias: key.text.clone(), ip, device, reserved_ports })
    }

    /// A client `host_network "<name>" { cidr, interface, reserved_ports }`.
    fn host_network(&mut self, item: &Item) -> Option<HostNetwork> {
        let key = self.label(
            item,
            "`host_network` block needs a name",
            "host_network \"public\" { cidr = \"203.0.113.0/24\" }",
        )?;
        let body = self.block(item)?;
        self.unknown_keys(body, &["cidr", "interface", "reserved_ports"], &format!("host_network `{}`", key.text));
        let mut cidrs = Vec::new();
        if let Some(c) = body.last_named("cidr") {
            let text = self.read.string(&c.value, "cidr").map_err(|d| self.diags.push(d)).ok()?;
            for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                match part.parse::<Cidr>() {
                    Ok(cidr) => cidrs.push(cidr),
                    Err(e) => {
                        self.diags.push(
                            Diagnostic::error(Code::BadAddress, SRC, c.value.span, format!("invalid CIDR: {e}"))
                                .with_help(CIDR_HELP),
                        );
                        return None;
                    }
                }
            }
        }
        let interface = self.opt_string(body, "interface");
        let reserved_ports = self
            .port_ranges(body, "reserved_ports", &format!("host_network[{:?}].reserved_ports", key.text))
            .unwrap_or_default();
        Some(HostNetwork { name: key.text.clone(), cidrs, interface, reserved_ports, span: item.span })
    }

    /// A port-range string, checked with Nomad's parser and its agent's message
    /// (`<setting> "<spec>" invalid: <err>`); 65536 is refused too.
    fn port_ranges(&mut self, body: &Body, key: &str, setting: &str) -> Option<String> {
        let item = body.last_named(key)?;
        let spec = self.read.string(&item.value, key).map_err(|d| self.diags.push(d)).ok()?;
        let checked = parse_port_ranges(&spec).map_err(|e| e.to_string()).and_then(|ports| reject_65536(&ports));
        match checked {
            Ok(()) => Some(spec),
            Err(err) => {
                self.diags.push(
                    Diagnostic::error(
                        Code::BadPort,
                        SRC,
                        item.value.span,
                        format!("{setting} {spec:?} invalid: {err}"),
                    )
                    .with_help("write single ports and ranges separated by commas, e.g. `\"22,80,8000-8100\"`"),
                );
                None
            }
        }
    }

    /// `min_dynamic_port` / `max_dynamic_port`, with the agent's checks.
    fn dynamic_range(&mut self, body: &Body) -> (Option<i64>, Option<i64>) {
        let mut read = |key: &str| -> Option<(i64, Span)> {
            let item = body.last_named(key)?;
            let n = self.read.int(&item.value, key).map_err(|d| self.diags.push(d)).ok()?;
            Some((n, item.value.span))
        };
        let min = read("min_dynamic_port");
        let max = read("max_dynamic_port");
        let mut ok = true;
        for (value, key) in [(min, "min_dynamic_port"), (max, "max_dynamic_port")] {
            if let Some((n, span)) = value
                && !(0..=65_535).contains(&n)
            {
                ok = false;
                let message = format!("Invalid dynamic port range: {key}={n}");
                self.diags.push(
                    Diagnostic::error(Code::BadPort, SRC, span, message)
                        .with_help("dynamic ports lie between 1 and 65535"),
                );
            }
        }
        if let (Some((a, span)), Some((b, _))) = (min, max)
            && ok
            && a > b
        {
            self.diags.push(
                Diagnostic::error(
                    Code::BadPort,
                    SRC,
                    span,
                    format!("Invalid dynamic port range: min_dynamic_port={a} and max_dynamic_port={b}"),
                )
                .with_help("`min_dynamic_port` must not be above `max_dynamic_port`"),
            );
        }
        (min.map(|(n, _)| n), max.map(|(n, _)| n))
    }

    fn string_map(&mut self, body: &Body, key: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for item in body.items_named(key) {
            let Some(map) = self.block(item) else { continue };
            for entry in &map.items {
                if let Ok(v) = self.read.string(&entry.value, entry.name()).map_err(|d| self.diags.push(d)) {
                    out.insert(entry.name().to_string(), v);
                }
            }
        }
        out
    }

    /// Under Nomad 0.2, notes once that 1.x client settings are ignored.
    fn note_modern_keys(&mut self, body: &Body) {
        if self.version.is_modern() || self.modern_noted {
            return;
        }
        if let Some(item) = body.items.iter().find(|i| MODERN_NODE_KEYS.contains(&i.name())) {
            self.modern_noted = true;
            self.diags.push(
                Diagnostic::info(
                    Code::UnsupportedFeature,
                    SRC,
                    item.name_span(),
                    format!("`{}` is a Nomad 1.x client setting; Nomad 0.2 ignores it", item.name()),
                )
                .with_help("select Nomad 1.x to use host networks, reserved port ranges and dynamic port ranges"),
            );
        }
    }

    fn bad_choice(&mut self, body: &Body, key: &str, value: &str, choices: &str) {
        let span = body.last_named(key).map_or(body.span, |i| i.value.span);
        self.diags.push(
            Diagnostic::error(Code::TypeMismatch, SRC, span, format!("unknown {key} `{value}`"))
                .with_help(format!("use one of: {choices}")),
        );
    }

    /// An attribute holding an IP address.
    fn ip_value(&mut self, item: &Item) -> Option<IpAddr> {
        let text = self.read.string(&item.value, item.name()).map_err(|d| self.diags.push(d)).ok()?;
        let ip = text.parse::<IpAddr>().ok();
        if ip.is_none() {
            self.diags.push(
                Diagnostic::error(Code::BadAddress, SRC, item.value.span, format!("`{text}` is not an IP address"))
                    .with_help("write an IPv4 or IPv6 address without a prefix, such as `10.0.0.10` or `fd00::1`"),
            );
        }
        ip
    }

    /// True for a port number of a port in use; else false and an error at `span`.
    fn port_in_range(&mut self, value: i64, span: Span) -> bool {
        let ok = (1..=65535).contains(&value);
        if !ok {
            self.diags.push(
                Diagnostic::error(Code::BadPort, SRC, span, format!("port {value} is outside 1..65535"))
                    .with_help("a port in use is a number from 1 to 65535"),
            );
        }
        ok
    }

    /// The block's first label, or a `missing-field` error showing how to write it.
    fn label<'b>(&mut self, item: &'b Item, message: &str, example: &str) -> Option<&'b Key> {
        let key = item.labels().first();
        if key.is_none() {
            self.diags.push(
                Diagnostic::error(Code::MissingField, SRC, item.name_span(), message)
                    .with_help(format!("write it as `{example}`")),
            );
        }
        key
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
            self.diags.push(
                Diagnostic::error(Code::TypeMismatch, SRC, item.value.span, format!("`{key}` cannot be negative"))
                    .with_help(format!("give `{key}` as 0 or more; leave it out for no limit")),
            );
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

/// Nomad's `NodeNetworks` addresses: one entry per (address, alias). An address gets every host
/// network whose CIDRs contain it (no CIDR: any) and whose interface matches (none: any), plus
/// `default` when it is on the default interface. Addresses without an alias are dropped.
pub fn node_addresses(
    networks: &[NodeNetwork],
    host_networks: &[HostNetwork],
    default_device: Option<&str>,
) -> Vec<NodeAddress> {
    let mut out = Vec::new();
    for network in networks {
        let ip = network.cidr.addr;
        for h in host_networks {
            let cidr_ok = h.cidrs.is_empty() || h.cidrs.iter().any(|c| c.contains(ip));
            let interface_ok = h.interface.as_deref().is_none_or(|i| i == network.device);
            if cidr_ok && interface_ok {
                out.push(NodeAddress {
                    alias: h.name.clone(),
                    ip,
                    device: network.device.clone(),
                    reserved_ports: h.reserved_ports.clone(),
                });
            }
        }
        if default_device == Some(network.device.as_str()) {
            out.push(NodeAddress {
                alias: "default".into(),
                ip,
                device: network.device.clone(),
                reserved_ports: String::new(),
            });
        }
    }
    out
}

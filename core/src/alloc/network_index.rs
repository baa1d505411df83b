//! The per-node network index: which addresses a task may get, which ports are used on each
//! address, how much bandwidth each device has left, and (1.x) the host networks. Built fresh
//! for every node the scheduler looks at, like Nomad's `NetworkIndex`. Version differences are
//! read from [`Rules`].

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::alloc::assign::AllocatedPort;
use crate::alloc::port_set::PortSet;
use crate::nodes::{AllocPort, ExistingAlloc, NetworkUse, Node, NodeNetwork};
use crate::port_range::parse_port_ranges;
use crate::version::Rules;

/// A port of an offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferedPort {
    /// The label from the jobspec.
    pub label: String,
    /// The host port.
    pub value: i64,
    /// The port inside the task's network namespace (`to`; -1 becomes the host port).
    pub to: i64,
}

/// What the index grants a task-level network ask: device, address and port numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// Interface.
    pub device: String,
    /// Address on it.
    pub ip: IpAddr,
    /// Bandwidth recorded on the offer (0 in Nomad 0.2, which never copied it).
    pub mbits: i64,
    /// Static ports, as asked.
    pub reserved_ports: Vec<OfferedPort>,
    /// Dynamic ports with the values picked.
    pub dynamic_ports: Vec<OfferedPort>,
}

/// A node network whose address walk hit [`crate::limits::MAX_ADDRESSES_PER_NETWORK`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkTruncated {
    /// Index of the network in the node's list.
    pub network: usize,
}

/// Network usage of one node.
#[derive(Debug, Clone, Default)]
pub struct NetworkIndex<'n> {
    /// Node networks with a device (Nomad's task networks), with their index in the node's list.
    pub(crate) networks: Vec<(usize, &'n NodeNetwork)>,
    /// 1.x host networks: alias → addresses, in node order.
    pub(crate) host_networks: BTreeMap<String, Vec<IpAddr>>,
    avail_bandwidth: BTreeMap<&'n str, i64>,
    used_bandwidth: BTreeMap<String, i64>,
    pub(crate) used_ports: BTreeMap<IpAddr, PortSet>,
    /// Smallest dynamic port.
    pub(crate) min_dynamic: i64,
    /// Largest dynamic port (see [`Rules::dynamic_max`]).
    pub(crate) max_dynamic: i64,
}

impl<'n> NetworkIndex<'n> {
    /// An empty index (no networks: every ask fails) with the default dynamic range of `rules`.
    pub fn new(rules: &Rules) -> Self {
        NetworkIndex { min_dynamic: rules.dynamic_min, max_dynamic: rules.dynamic_max, ..Self::default() }
    }

    /// Loads a node. Nomad 0.2: networks and the reserved networks (`Ok(true)` when reserved
    /// ports collide). 1.x: networks, host-network addresses, reserved port ranges and the
    /// node's dynamic range; a reserved-ports string that does not parse is `Err` with Nomad's
    /// text (the scheduler then calls the node invalid).
    pub fn set_node(&mut self, node: &'n Node, rules: &Rules) -> Result<bool, String> {
        for (i, network) in node.networks.iter().enumerate() {
            if network.device.is_empty() {
                continue;
            }
            self.networks.push((i, network));
            self.avail_bandwidth.insert(network.device.as_str(), network.mbits);
        }
        if !rules.ports_bounded {
            let mut collide = false;
            for reserved in &node.reserved.networks {
                collide |= self.add_use(reserved);
            }
            return Ok(collide);
        }
        // 1.x: reserved ports are host ports reserved on every address; reserved MBits are gone.
        let mut global: Vec<i64> =
            node.reserved.networks.iter().flat_map(|n| n.ports.iter().map(|p| p.value)).collect();
        let parsed = parse_port_ranges(&node.reserved.reserved_ports)
            .map_err(|e| format!("error parsing reserved_ports: {e}"))?;
        global.extend(parsed.iter().map(|&p| p as i64));
        for &(_, network) in &self.networks {
            let set = self.used_ports.entry(network.cidr.addr).or_default();
            for &p in &global {
                set.insert(p);
            }
        }
        for address in &node.addresses {
            self.host_networks.entry(address.alias.clone()).or_default().push(address.ip);
            let own = parse_port_ranges(&address.reserved_ports)
                .map_err(|e| format!("error parsing reserved_ports for network {:?}: {e}", address.alias))?;
            let set = self.used_ports.entry(address.ip).or_default();
            for &p in &global {
                set.insert(p);
            }
            for p in own {
                set.insert(p as i64);
            }
        }
        if let Some(min) = node.dynamic_range.0.filter(|&m| m > 0) {
            self.min_dynamic = min;
        }
        if let Some(max) = node.dynamic_range.1.filter(|&m| m > 0) {
            self.max_dynamic = max;
        }
        Ok(false)
    }

    /// Marks a reservation's or allocation's ports and bandwidth as used. Returns true on a
    /// port collision (the bandwidth is counted anyway).
    pub fn add_use(&mut self, used: &NetworkUse) -> bool {
        self.add(&used.device, used.ip, used.mbits, used.ports.iter().map(|p| p.value)).is_some()
    }

    /// Marks an offer as used, so the next task or instance sees its ports.
    pub fn add_offer(&mut self, offer: &Offer) -> bool {
        let ports = offer.reserved_ports.iter().chain(&offer.dynamic_ports).map(|p| p.value);
        self.add(&offer.device, offer.ip, offer.mbits, ports).is_some()
    }

    /// Marks ports and bandwidth; returns the reasons of a collision (`port 80 already in use`).
    fn add(&mut self, device: &str, ip: IpAddr, mbits: i64, ports: impl Iterator<Item = i64>) -> Option<Vec<String>> {
        let set = self.used_ports.entry(ip).or_default();
        let mut reasons = Vec::new();
        for port in ports {
            if !set.insert(port) {
                reasons.push(format!("port {port} already in use"));
            }
        }
        *self.used_bandwidth.entry(device.to_string()).or_default() += mbits;
        (!reasons.is_empty()).then_some(reasons)
    }

    /// Marks group ports as used (1.x `AddReservedPorts`). A used port collides unless it was
    /// placed with `ignore_collision`; an invalid port stops at once.
    pub fn add_ports<'p>(
        &mut self,
        ports: impl IntoIterator<Item = (&'p str, i64, IpAddr, bool)>,
    ) -> Option<Vec<String>> {
        let mut reasons = Vec::new();
        for (_, value, host_ip, ignore) in ports {
            if !(0..65_536).contains(&value) {
                return Some(vec![format!("invalid port {value}")]);
            }
            let set = self.used_ports.entry(host_ip).or_default();
            if set.contains(value) && !ignore {
                reasons.push(format!("port {value} already in use"));
            } else {
                set.insert(value);
            }
        }
        (!reasons.is_empty()).then_some(reasons)
    }

    /// Marks an offer of group ports as used.
    pub fn add_allocated(&mut self, ports: &[AllocatedPort]) -> Option<Vec<String>> {
        self.add_ports(ports.iter().map(|p| (p.label.as_str(), p.value, p.host_ip, p.ignore_collision)))
    }

    /// Adds an existing allocation (1.x `AddAllocs` for one allocation): its group ports if it
    /// holds any, else its task networks. Returns Nomad's collision reason.
    pub fn add_existing(&mut self, alloc: &ExistingAlloc) -> Option<String> {
        if !alloc.ports.is_empty() {
            let ports =
                alloc.ports.iter().map(|p: &AllocPort| (p.label.as_str(), p.value, p.host_ip, p.ignore_collision));
            return self
                .add_ports(ports)
                .map(|r| format!("collision when reserving port for alloc {}: [{}]", alloc.name, r.join(" ")));
        }
        let mut reason = None;
        for task in &alloc.tasks {
            if let Some(net) = &task.network
                && let Some(r) = self.add(&net.device, net.ip, net.mbits, net.ports.iter().map(|p| p.value))
            {
                reason = Some(format!(
                    "collision when reserving port for network {} in task {} of alloc {}: [{}]",
                    net.ip,
                    task.name,
                    alloc.name,
                    r.join(" ")
                ));
            }
        }
        reason
    }

    /// True if any device uses more bandwidth than it has (an unknown device has none).
    pub fn overcommitted(&self) -> bool {
        self.used_bandwidth
            .iter()
            .any(|(device, used)| *used > self.avail_bandwidth.get(device.as_str()).copied().unwrap_or(0))
    }

    /// The node networks asks can be placed on (those with a device), in order.
    pub fn usable_networks(&self) -> impl Iterator<Item = &'n NodeNetwork> + '_ {
        self.networks.iter().map(|&(_, n)| n)
    }

    /// Bandwidth a device offers (0 for an unknown device).
    pub fn available_bandwidth(&self, device: &str) -> i64 {
        self.avail_bandwidth.get(device).copied().unwrap_or(0)
    }

    /// Bandwidth counted as used on a device.
    pub fn used_bandwidth(&self, device: &str) -> i64 {
        self.used_bandwidth.get(device).copied().unwrap_or(0)
    }

    /// True when `port` is used on `ip`.
    pub fn port_used(&self, ip: IpAddr, port: i64) -> bool {
        self.used_ports.get(&ip).is_some_and(|s| s.contains(port))
    }

    /// The addresses of a host network alias, in node order.
    pub fn host_network(&self, alias: &str) -> &[IpAddr] {
        self.host_networks.get(alias).map_or(&[], Vec::as_slice)
    }

    /// The dynamic range in force: `(min, max)`.
    pub fn dynamic_range(&self) -> (i64, i64) {
        (self.min_dynamic, self.max_dynamic)
    }

    /// Whether bandwidth would be exceeded on `device` by `mbits` more.
    pub(crate) fn bandwidth_exceeded(&self, device: &str, mbits: i64) -> bool {
        self.used_bandwidth(device) + mbits > self.available_bandwidth(device)
    }

    /// Used ports of an address (empty when none).
    pub(crate) fn used_on(&self, ip: IpAddr) -> Option<&PortSet> {
        self.used_ports.get(&ip)
    }
}

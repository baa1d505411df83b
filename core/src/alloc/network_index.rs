//! The per-node network index: which addresses a task may get, which ports are used on each
//! address, and how much bandwidth each device has left. Built fresh for every node the
//! scheduler looks at, exactly like Nomad's `NetworkIndex`.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use crate::alloc::port_set::PortSet;
use crate::jobspec::NetworkAsk;
use crate::limits::MAX_ADDRESSES_PER_NETWORK;
use crate::nodes::{NetworkUse, Node, NodeNetwork};
use crate::rng::Rng;
use crate::version::Rules;

/// A port of an offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferedPort {
    /// The label from the jobspec.
    pub label: String,
    /// The host port.
    pub value: i64,
}

/// What the index grants a task: device, address and port numbers.
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

/// Why no address of the node fits the ask; `Display` gives Nomad's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignError {
    /// The node has no usable network.
    NoNetworks,
    /// The device's bandwidth would be exceeded.
    BandwidthExceeded,
    /// A static port is used on every address tried.
    ReservedPortCollision,
    /// The random probes for a dynamic port all hit used ports.
    DynamicPortSelectionFailed,
}

impl fmt::Display for AssignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AssignError::NoNetworks => "no networks available",
            AssignError::BandwidthExceeded => "bandwidth exceeded",
            AssignError::ReservedPortCollision => "reserved port collision",
            AssignError::DynamicPortSelectionFailed => "dynamic port selection failed",
        })
    }
}

/// A node network whose address walk hit [`MAX_ADDRESSES_PER_NETWORK`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkTruncated {
    /// Index of the network in the node's list.
    pub network: usize,
}

/// Network usage of one node.
#[derive(Debug, Clone, Default)]
pub struct NetworkIndex<'n> {
    /// Node networks with a device, in order, with their index in the node's list.
    networks: Vec<(usize, &'n NodeNetwork)>,
    avail_bandwidth: BTreeMap<&'n str, i64>,
    used_bandwidth: BTreeMap<String, i64>,
    used_ports: BTreeMap<IpAddr, PortSet>,
}

impl<'n> NetworkIndex<'n> {
    /// An empty index (no networks: every ask fails with `no networks available`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Loads a node's networks and reservations. Returns true if reservations collide.
    pub fn set_node(&mut self, node: &'n Node) -> bool {
        for (i, network) in node.networks.iter().enumerate() {
            if network.device.is_empty() {
                continue;
            }
            self.networks.push((i, network));
            self.avail_bandwidth.insert(network.device.as_str(), network.mbits);
        }
        let mut collide = false;
        for reserved in &node.reserved.networks {
            collide |= self.add_use(reserved);
        }
        collide
    }

    /// Marks a reservation's or allocation's ports and bandwidth as used. Returns true on a
    /// port collision (the bandwidth is counted anyway).
    pub fn add_use(&mut self, used: &NetworkUse) -> bool {
        self.add(&used.device, used.ip, used.mbits, used.ports.iter().map(|p| p.value))
    }

    /// Marks an offer as used, so the next task or instance sees its ports.
    pub fn add_offer(&mut self, offer: &Offer) -> bool {
        let ports = offer.reserved_ports.iter().chain(&offer.dynamic_ports).map(|p| p.value);
        self.add(&offer.device, offer.ip, offer.mbits, ports)
    }

    fn add(&mut self, device: &str, ip: IpAddr, mbits: i64, ports: impl Iterator<Item = i64>) -> bool {
        let set = self.used_ports.entry(ip).or_default();
        let mut collide = false;
        for port in ports {
            collide |= !set.insert(port);
        }
        *self.used_bandwidth.entry(device.to_string()).or_default() += mbits;
        collide
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

    /// Finds an address for `ask` and picks its dynamic ports: Nomad 0.2's `AssignNetwork`.
    ///
    /// Addresses are tried in order (every network, every address of its CIDR from the network
    /// address up, broadcast included). An address is skipped when the device lacks bandwidth,
    /// when a static port is used on it, or when a dynamic port cannot be found in
    /// `rules.dynamic_attempts` random probes. The error of the last address tried is returned.
    /// The index itself is not changed; `truncated` collects networks whose walk was cut short.
    pub fn assign_network(
        &self,
        ask: &NetworkAsk,
        rules: &Rules,
        rng: &mut Rng,
        truncated: &mut Vec<WalkTruncated>,
    ) -> Result<Offer, AssignError> {
        let mut err = AssignError::NoNetworks;
        // Nomad's offer shares the ask's dynamic-port slice, so values picked on an address that
        // then failed stay in place (and are avoided) when the next address is tried.
        let mut dynamic: Vec<i64> = ask.dynamic_ports.iter().map(|p| p.value).collect();
        for &(network_index, network) in &self.networks {
            let used_bw = self.used_bandwidth.get(network.device.as_str()).copied().unwrap_or(0);
            let avail_bw = self.avail_bandwidth.get(network.device.as_str()).copied().unwrap_or(0);
            if used_bw + ask.mbits > avail_bw {
                // The same for every address of this device: skip the walk, same outcome.
                err = AssignError::BandwidthExceeded;
                continue;
            }
            for (walked, ip) in network.cidr.addresses().enumerate() {
                if walked as u64 == MAX_ADDRESSES_PER_NETWORK {
                    truncated.push(WalkTruncated { network: network_index });
                    break;
                }
                let used = self.used_ports.get(&ip);
                let is_used = |p: i64| used.is_some_and(|s| s.contains(p));
                if ask.reserved_ports.iter().any(|p| is_used(p.value)) {
                    err = AssignError::ReservedPortCollision;
                    continue;
                }
                if pick_dynamic(&mut dynamic, ask, rules, rng, &is_used) {
                    return Ok(Offer {
                        device: network.device.clone(),
                        ip,
                        mbits: if rules.offer_carries_mbits { ask.mbits } else { 0 },
                        reserved_ports: ask
                            .reserved_ports
                            .iter()
                            .map(|p| OfferedPort { label: p.label.clone(), value: p.value })
                            .collect(),
                        dynamic_ports: ask
                            .dynamic_ports
                            .iter()
                            .zip(&dynamic)
                            .map(|(p, &value)| OfferedPort { label: p.label.clone(), value })
                            .collect(),
                    });
                }
                err = AssignError::DynamicPortSelectionFailed;
            }
        }
        Err(err)
    }
}

/// Picks every dynamic port in order with random probes. A probe is rejected when the port is
/// used on the address, equals a static port of the ask, or equals the current value of any
/// dynamic slot (itself included). Returns false when a port runs out of attempts.
fn pick_dynamic(
    dynamic: &mut [i64],
    ask: &NetworkAsk,
    rules: &Rules,
    rng: &mut Rng,
    is_used: &dyn Fn(i64) -> bool,
) -> bool {
    for i in 0..dynamic.len() {
        let mut found = false;
        for _ in 0..rules.dynamic_attempts {
            let candidate = rules.dynamic_min + rng.below(rules.dynamic_span as u64) as i64;
            if is_used(candidate)
                || ask.reserved_ports.iter().any(|p| p.value == candidate)
                || dynamic.contains(&candidate)
            {
                continue;
            }
            dynamic[i] = candidate;
            found = true;
            break;
        }
        if !found {
            return false;
        }
    }
    true
}

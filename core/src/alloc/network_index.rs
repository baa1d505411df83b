//! The per-node network index: which addresses a task may get, which ports are used on each
//! address, how much bandwidth each device has left, and (1.x) the host networks. Built fresh
//! for every node the scheduler looks at, like Nomad's `NetworkIndex`. Version differences are
//! read from [`Rules`].

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use foldhash::fast::FixedState;

use crate::alloc::assign::AllocatedPort;
use crate::alloc::port_set::PortSet;
use crate::nodes::{AllocPort, AllocTask, ExistingAlloc, NetworkUse, Node, NodeNetwork};
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
    pub(crate) host_networks: BTreeMap<&'n str, Vec<IpAddr>>,
    /// Bandwidth per device (a node has few devices: a list beats a map).
    avail_bandwidth: Vec<(&'n str, i64)>,
    used_bandwidth: Vec<(String, i64)>,
    /// Used ports per address.
    used_ports: AddressPorts,
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
            match self.avail_bandwidth.iter_mut().find(|(d, _)| *d == network.device) {
                Some(entry) => entry.1 = network.mbits,
                None => self.avail_bandwidth.push((network.device.as_str(), network.mbits)),
            }
        }
        if !rules.ports_bounded {
            let mut collide = false;
            for reserved in &node.reserved.networks {
                collide |= self.add_use(reserved);
            }
            return Ok(collide);
        }
        // 1.x: reserved ports are host ports reserved on every address; reserved MBits are gone.
        let parsed = parse_port_ranges(&node.reserved.reserved_ports)
            .map_err(|e| format!("error parsing reserved_ports: {e}"))?;
        let global = || {
            let from_networks = node.reserved.networks.iter().flat_map(|n| n.ports.iter().map(|p| p.value));
            from_networks.chain(parsed.iter().map(|&p| p as i64))
        };
        for &(_, network) in &self.networks {
            let set = self.used_ports.set_mut(network.cidr.addr);
            for p in global() {
                set.insert(p);
            }
        }
        for address in &node.addresses {
            self.host_networks.entry(address.alias.as_str()).or_default().push(address.ip);
            let own = if address.reserved_ports.is_empty() {
                Vec::new()
            } else {
                parse_port_ranges(&address.reserved_ports)
                    .map_err(|e| format!("error parsing reserved_ports for network {:?}: {e}", address.alias))?
            };
            let set = self.used_ports.set_mut(address.ip);
            for p in global() {
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
        !self.add_use_clashes(used).is_empty()
    }

    /// Marks a reservation's or allocation's ports and bandwidth as used (Nomad's
    /// `AddReserved`) and returns the ports that were already in use.
    pub fn add_use_clashes(&mut self, used: &NetworkUse) -> Vec<Clash> {
        self.add(&used.device, used.ip, used.mbits, used.ports.iter().map(|p| p.value))
    }

    /// Marks an offer as used, so the next task or instance sees its ports. An offer was picked
    /// around the ports already in use, so it cannot clash with them.
    pub fn add_offer(&mut self, offer: &Offer) {
        let ports = offer.reserved_ports.iter().chain(&offer.dynamic_ports).map(|p| p.value);
        self.add(&offer.device, offer.ip, offer.mbits, ports);
    }

    /// Marks ports and bandwidth; returns the ports already in use.
    fn add(&mut self, device: &str, ip: IpAddr, mbits: i64, ports: impl Iterator<Item = i64>) -> Vec<Clash> {
        let set = self.used_ports.set_mut(ip);
        let mut clashes = Vec::new();
        for (position, value) in ports.enumerate() {
            if !set.insert(value) {
                clashes.push(Clash { position, value, invalid: false });
            }
        }
        match self.used_bandwidth.iter_mut().find(|(d, _)| d == device) {
            Some(entry) => entry.1 = entry.1.saturating_add(mbits),
            None => self.used_bandwidth.push((device.to_string(), mbits)),
        }
        clashes
    }

    /// Marks group ports as used (1.x `AddReservedPorts`). A used port collides unless it was
    /// placed with `ignore_collision`; an invalid port stops at once.
    pub fn add_ports<P: HeldPort>(&mut self, ports: &[P]) -> Option<Vec<String>> {
        let clashes = self.add_ports_clashes(ports);
        (!clashes.is_empty()).then(|| clashes.iter().map(Clash::reason).collect())
    }

    /// [`NetworkIndex::add_ports`], returning the ports that collided (or the one invalid port,
    /// alone, after which nothing more was added).
    pub fn add_ports_clashes<P: HeldPort>(&mut self, ports: &[P]) -> Vec<Clash> {
        let mut clashes = Vec::new();
        for (position, p) in ports.iter().enumerate() {
            let value = p.value();
            let Ok(port) = u16::try_from(value) else {
                return vec![Clash { position, value, invalid: true }];
            };
            // Ports of one allocation usually share an address: `set_mut` answers those from
            // its last-address cache without hashing.
            if !self.used_ports.set_mut(p.host_ip()).insert_port(port) && !p.ignore_collision() {
                clashes.push(Clash { position, value, invalid: false });
            }
        }
        clashes
    }

    /// Marks an offer of group ports as used.
    pub fn add_allocated(&mut self, ports: &[AllocatedPort]) -> Option<Vec<String>> {
        self.add_ports(ports)
    }

    /// Adds an existing allocation (1.x `AddAllocs` for one allocation): its group ports if it
    /// holds any, else its group networks and then its task networks. Returns Nomad's
    /// collision reason (the last one, as Nomad keeps it).
    pub fn add_existing(&mut self, alloc: &ExistingAlloc) -> Option<String> {
        let mut reason = None;
        self.add_existing_each(alloc, |holder, clashes| {
            let list: Vec<String> = clashes.iter().map(Clash::reason).collect();
            let list = list.join(" ");
            reason = Some(match holder {
                Holder::Ports => format!("collision when reserving port for alloc {}: [{list}]", alloc.name),
                Holder::Shared(net) => {
                    format!("collision when reserving port for network {} in alloc {}: [{list}]", net.ip, alloc.name)
                }
                Holder::Task(task, net) => format!(
                    "collision when reserving port for network {} in task {} of alloc {}: [{list}]",
                    net.ip, task.name, alloc.name
                ),
            });
        });
        reason
    }

    /// Adds an existing allocation as [`NetworkIndex::add_existing`] does, calling `on` for
    /// every holder of ports (its group ports, a group network, a task network) that collided.
    pub fn add_existing_each<'a>(&mut self, alloc: &'a ExistingAlloc, mut on: impl FnMut(Holder<'a>, &[Clash])) {
        if !alloc.ports.is_empty() {
            let clashes = self.add_ports_clashes(&alloc.ports);
            if !clashes.is_empty() {
                on(Holder::Ports, &clashes);
            }
            return;
        }
        for net in &alloc.networks {
            let clashes = self.add_use_clashes(net);
            if !clashes.is_empty() {
                on(Holder::Shared(net), &clashes);
            }
        }
        for task in &alloc.tasks {
            if let Some(net) = &task.network {
                let clashes = self.add_use_clashes(net);
                if !clashes.is_empty() {
                    on(Holder::Task(task, net), &clashes);
                }
            }
        }
    }

    /// True if any device uses more bandwidth than it has (an unknown device has none).
    pub fn overcommitted(&self) -> bool {
        self.used_bandwidth.iter().any(|(device, used)| *used > self.available_bandwidth(device))
    }

    /// The node networks asks can be placed on (those with a device), in order.
    pub fn usable_networks(&self) -> impl Iterator<Item = &'n NodeNetwork> + '_ {
        self.networks.iter().map(|&(_, n)| n)
    }

    /// Bandwidth a device offers (0 for an unknown device).
    pub fn available_bandwidth(&self, device: &str) -> i64 {
        self.avail_bandwidth.iter().find(|(d, _)| *d == device).map_or(0, |&(_, b)| b)
    }

    /// Bandwidth counted as used on a device.
    pub fn used_bandwidth(&self, device: &str) -> i64 {
        self.used_bandwidth.iter().find(|(d, _)| d == device).map_or(0, |(_, b)| *b)
    }

    /// True when `port` is used on `ip`.
    pub fn port_used(&self, ip: IpAddr, port: i64) -> bool {
        self.used_ports.get(ip).is_some_and(|s| s.contains(port))
    }

    /// The addresses of a host network alias, in node order.
    pub fn host_network(&self, alias: &str) -> &[IpAddr] {
        self.host_networks.get(alias).map_or(&[], Vec::as_slice)
    }

    /// Whether bandwidth would be exceeded on `device` by `mbits` more.
    pub(crate) fn bandwidth_exceeded(&self, device: &str, mbits: i64) -> bool {
        self.used_bandwidth(device).saturating_add(mbits) > self.available_bandwidth(device)
    }

    /// Used ports of an address (empty when none).
    pub(crate) fn used_on(&self, ip: IpAddr) -> Option<&PortSet> {
        self.used_ports.get(ip)
    }
}

/// A port found already in use (or out of range) when ports were added to the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clash {
    /// Position of the port in what was added (a network's ports, or group ports).
    pub position: usize,
    /// The port number.
    pub value: i64,
    /// Outside 0..65535: Nomad stops adding the holder's ports at once.
    pub invalid: bool,
}

impl Clash {
    /// Nomad's text for it (`port 80 already in use`, `invalid port 70000`).
    pub fn reason(&self) -> String {
        if self.invalid {
            format!("invalid port {}", self.value)
        } else {
            format!("port {} already in use", self.value)
        }
    }
}

/// What holds ports in an existing allocation.
#[derive(Debug, Clone, Copy)]
pub enum Holder<'a> {
    /// Its group ports (Nomad's `Shared.Ports`).
    Ports,
    /// One of its group networks (`Shared.Networks`, allocations without group ports).
    Shared(&'a NetworkUse),
    /// A task's network.
    Task(&'a AllocTask, &'a NetworkUse),
}

/// A port held on a host address: what [`NetworkIndex::add_ports`] marks as used.
pub trait HeldPort {
    /// Port number.
    fn value(&self) -> i64;
    /// Address it is bound on.
    fn host_ip(&self) -> IpAddr;
    /// Whether it may share the port with others.
    fn ignore_collision(&self) -> bool;
}

/// Both kinds of held port carry the same three fields.
macro_rules! held_port {
    ($($ty:ty),*) => {$(
        impl HeldPort for $ty {
            fn value(&self) -> i64 {
                self.value
            }
            fn host_ip(&self) -> IpAddr {
                self.host_ip
            }
            fn ignore_collision(&self) -> bool {
                self.ignore_collision
            }
        }
    )*};
}

held_port!(AllocPort, AllocatedPort);

/// `(label, value, host address, ignore_collision)`, for tests and callers without a struct.
impl HeldPort for (&str, i64, IpAddr, bool) {
    fn value(&self) -> i64 {
        self.1
    }
    fn host_ip(&self) -> IpAddr {
        self.2
    }
    fn ignore_collision(&self) -> bool {
        self.3
    }
}

/// Port sets per address: a hash index into a list of sets, with the last address looked up
/// remembered (ports of one allocation come in runs on one address). Only looked up, never
/// iterated, so the hash map cannot make output depend on hashing. The hasher is foldhash's with a
/// fixed seed: fast on small keys and the same on every platform (addresses come from the
/// user's own inventory, so there is no attacker to randomise against).
#[derive(Debug, Clone, Default)]
struct AddressPorts {
    index: HashMap<IpAddr, usize, FixedState>,
    sets: Vec<PortSet>,
    last: Option<(IpAddr, usize)>,
}

impl AddressPorts {
    fn get(&self, ip: IpAddr) -> Option<&PortSet> {
        match self.last {
            Some((last, i)) if last == ip => self.sets.get(i),
            _ => self.index.get(&ip).and_then(|&i| self.sets.get(i)),
        }
    }

    /// The set of `ip`, created when new. The common case (the same address as last time) is
    /// inlined into the callers' loops; the hash lookup stays out of line.
    #[inline]
    // In range: `i` comes from `last` or `look_up`, which hold only indices of `sets`, and `sets`
    // never shrinks (a checked get has no fallback here: the borrow checker rejects one that
    // touches `self` again while the returned borrow is live).
    #[allow(clippy::indexing_slicing)]
    fn set_mut(&mut self, ip: IpAddr) -> &mut PortSet {
        let i = match self.last {
            Some((last, i)) if last == ip => i,
            _ => self.look_up(ip),
        };
        &mut self.sets[i]
    }

    #[inline(never)]
    fn look_up(&mut self, ip: IpAddr) -> usize {
        let next = self.sets.len();
        let i = *self.index.entry(ip).or_insert(next);
        if i == next {
            self.sets.push(PortSet::new());
        }
        self.last = Some((ip, i));
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cidr::Cidr;
    use crate::nodes::UsedPort;
    use crate::source::Span;
    use crate::version::NomadVersion;
    use std::hash::BuildHasher;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test address")
    }

    fn node(mbits: i64) -> Node {
        Node {
            networks: vec![NodeNetwork {
                device: "eth0".into(),
                cidr: "10.0.0.1/32".parse::<Cidr>().expect("test CIDR"),
                mbits,
                span: Span::default(),
            }],
            ..Node::named("n")
        }
    }

    /// An index with `node` loaded under `rules`.
    fn loaded<'n>(node: &'n Node, rules: &Rules) -> NetworkIndex<'n> {
        let mut index = NetworkIndex::new(rules);
        assert_eq!(index.set_node(node, rules), Ok(false));
        index
    }

    fn used(address: &str, mbits: i64, ports: &[i64]) -> NetworkUse {
        NetworkUse {
            device: "eth0".into(),
            ip: ip(address),
            ip_span: Span::default(),
            mbits,
            ports: ports.iter().map(|&value| UsedPort { label: "p".into(), value, span: Span::default() }).collect(),
            span: Span::default(),
        }
    }

    #[test]
    fn a_dynamic_range_bound_of_zero_keeps_the_default() {
        let rules = NomadVersion::V1.rules();
        for range in [(Some(0), Some(0)), (Some(-1), Some(-5)), (None, None)] {
            let node = Node { dynamic_range: range, ..node(100) };
            let index = loaded(&node, rules);
            assert_eq!((index.min_dynamic, index.max_dynamic), (rules.dynamic_min, rules.dynamic_max), "{range:?}");
        }
        let node = Node { dynamic_range: (Some(1), Some(2)), ..node(100) };
        let index = loaded(&node, rules);
        assert_eq!((index.min_dynamic, index.max_dynamic), (1, 2));
    }

    #[test]
    fn a_device_may_use_all_its_bandwidth_but_not_more() {
        let rules = NomadVersion::V0_2.rules();
        let node = node(100);
        let mut index = loaded(&node, rules);
        assert!(!index.overcommitted());
        assert!(!index.add_use(&used("10.0.0.1", 100, &[])));
        assert!(!index.overcommitted(), "100 of 100 Mbit/s");
        assert!(!index.add_use(&used("10.0.0.1", 1, &[])));
        assert!(index.overcommitted(), "101 of 100 Mbit/s");
    }

    #[test]
    fn clashes_name_each_port_by_its_place_across_addresses() {
        let rules = NomadVersion::V1.rules();
        let node = node(100);
        let mut index = loaded(&node, rules);
        let (a, b) = (ip("10.0.0.1"), ip("10.0.0.2"));
        assert!(index.add_ports_clashes(&[("x", 80, a, false), ("y", 443, b, false)]).is_empty());
        // Runs of one address, then another, then the first again: positions count over all.
        let ports =
            [("p", 81, a, false), ("q", 80, a, false), ("r", 80, b, false), ("s", 443, b, false), ("t", 80, a, true)];
        let clashes = index.add_ports_clashes(&ports);
        let found: Vec<(usize, i64)> = clashes.iter().map(|c| (c.position, c.value)).collect();
        assert_eq!(found, [(1, 80), (3, 443)]);
        assert!(index.port_used(b, 80) && index.port_used(a, 81));
        let invalid = index.add_ports_clashes(&[("u", 82, a, false), ("v", 70_000, a, false), ("w", 83, a, false)]);
        assert_eq!(invalid, [Clash { position: 1, value: 70_000, invalid: true }]);
        assert!(index.port_used(a, 82) && !index.port_used(a, 83), "nothing is added after an invalid port");
    }

    #[test]
    fn an_allocation_whose_group_network_clashes_is_reported_for_that_network_only() {
        let rules = NomadVersion::V1.rules();
        let node = node(1000);
        let mut index = loaded(&node, rules);
        let first = ExistingAlloc { networks: vec![used("10.0.0.1", 10, &[8080])], ..ExistingAlloc::named("a") };
        assert_eq!(index.add_existing(&first), None);
        let second = ExistingAlloc {
            networks: vec![used("10.0.0.1", 10, &[9090]), used("10.0.0.1", 10, &[8080, 9091])],
            ..ExistingAlloc::named("b")
        };
        let mut holders = Vec::new();
        index.add_existing_each(&second, |holder, clashes| {
            let Holder::Shared(net) = holder else { panic!("a group network holds these ports") };
            holders.push((net.ports.len(), clashes.to_vec()));
        });
        assert_eq!(holders, [(2, vec![Clash { position: 0, value: 8080, invalid: false }])]);
        let third = ExistingAlloc { networks: vec![used("10.0.0.1", 10, &[9090])], ..ExistingAlloc::named("c") };
        assert_eq!(
            index.add_existing(&third).as_deref(),
            Some("collision when reserving port for network 10.0.0.1 in alloc c: [port 9090 already in use]")
        );
    }

    #[test]
    fn addresses_of_one_subnet_spread_over_the_low_bits() {
        // The map indexes its table by the hash's low bits, and the addresses of one subnet
        // differ only in a few bytes: the hasher must spread them, or lookups degrade.
        let build = FixedState::default();
        let mut buckets = std::collections::BTreeSet::new();
        for i in 0..256u32 {
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + (i << 8)));
            buckets.insert(build.hash_one(ip) & 0xff);
        }
        assert!(buckets.len() > 128, "only {} of 256 low-byte buckets used", buckets.len());
    }
}

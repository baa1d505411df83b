//! Picking addresses and ports for an ask: Nomad's `AssignNetwork` (0.2), `AssignTaskNetwork`
//! (task-level networks in 1.x) and `AssignPorts` (group networks in 1.x). The index is not
//! changed; the scheduler reserves the offer afterwards.

use std::cell::Cell;
use std::fmt;
use std::net::IpAddr;

use crate::alloc::network_index::{NetworkIndex, Offer, OfferedPort, WalkTruncated};
use crate::alloc::port_set::PortSet;
use crate::jobspec::{NetworkAsk, PortAsk};
use crate::limits::MAX_ADDRESSES_PER_NETWORK;
use crate::rng::Rng;
use crate::version::Rules;

/// Why an ask gets no offer on a node; `Display` gives Nomad's text for the version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignError {
    /// The node has no usable network.
    NoNetworks,
    /// The device's bandwidth would be exceeded.
    BandwidthExceeded,
    /// A static port is used on every address tried; 1.x names the port.
    ReservedPortCollision(Option<(String, i64)>),
    /// No free dynamic port was found.
    DynamicPortSelectionFailed,
    /// A port outside 0..65535 (1.x).
    InvalidPort(i64),
    /// The host network has no address on this node (1.x).
    NoAddresses(String),
}

impl fmt::Display for AssignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssignError::NoNetworks => f.write_str("no networks available"),
            AssignError::BandwidthExceeded => f.write_str("bandwidth exceeded"),
            AssignError::ReservedPortCollision(None) => f.write_str("reserved port collision"),
            AssignError::ReservedPortCollision(Some((label, value))) => {
                write!(f, "reserved port collision {label}={value}")
            }
            AssignError::DynamicPortSelectionFailed => f.write_str("dynamic port selection failed"),
            AssignError::InvalidPort(v) => write!(f, "invalid port {v} (out of range)"),
            AssignError::NoAddresses(alias) => write!(f, "no addresses available for {alias} network"),
        }
    }
}

/// A group port granted on a host address (Nomad's `AllocatedPortMapping`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocatedPort {
    /// Label.
    pub label: String,
    /// Host port.
    pub value: i64,
    /// Port inside the network namespace (`to`; 0 when not set; -1 stays -1 for statics).
    pub to: i64,
    /// Address the port is bound on.
    pub host_ip: IpAddr,
    /// The host network it came from.
    pub host_network: String,
    /// Placed with `ignore_collision`.
    pub ignore_collision: bool,
}

impl NetworkIndex<'_> {
    /// Finds an address for a task-level `ask` and picks its dynamic ports.
    ///
    /// Addresses are tried in order (every network, every address of its CIDR from the network
    /// address up, broadcast included). An address is skipped when the device lacks bandwidth,
    /// when a static port is used on it (or, 1.x, out of range), or when its dynamic ports
    /// cannot be picked. The error of the last address tried is returned. `truncated` collects
    /// networks whose walk was cut at [`MAX_ADDRESSES_PER_NETWORK`].
    pub fn assign_network(
        &self,
        ask: &NetworkAsk,
        rules: &Rules,
        rng: &mut Rng,
        truncated: &mut Vec<WalkTruncated>,
    ) -> Result<Offer, AssignError> {
        let mut err = AssignError::NoNetworks;
        // 0.2's offer shared the ask's dynamic slots: values picked on an address that then
        // failed stay in place (and are avoided) when the next address is tried.
        let mut carried: Vec<i64> = ask.dynamic_ports.iter().map(|p| p.value).collect();
        let statics: Vec<i64> = ask.reserved_ports.iter().map(|p| p.value).collect();
        let hopeless = self.fails_on_every_address(ask, rules);
        for &(network_index, network) in &self.networks {
            if self.bandwidth_exceeded(&network.device, ask.mbits) {
                // The same for every address of this device: skip the walk, same outcome.
                err = AssignError::BandwidthExceeded;
                continue;
            }
            if let Some(e) = &hopeless {
                // Every address, used or not, would fail: skip the walk (a `/0` or an IPv6 `/64`
                // would otherwise take 65,536 tries per node evaluation).
                err = e.clone();
                continue;
            }
            'address: for (walked, ip) in network.cidr.addresses().enumerate() {
                if walked as u64 == MAX_ADDRESSES_PER_NETWORK {
                    truncated.push(WalkTruncated { network: network_index });
                    break;
                }
                let used = self.used_on(ip);
                for port in &ask.reserved_ports {
                    if rules.ports_bounded && !(0..65_536).contains(&port.value) {
                        err = AssignError::InvalidPort(port.value);
                        continue 'address;
                    }
                    if used.is_some_and(|s| s.contains(port.value)) {
                        err = collision(rules, port);
                        continue 'address;
                    }
                }
                let mut slots = if rules.dynamic_values_carry_over {
                    carried.clone()
                } else {
                    ask.dynamic_ports.iter().map(|p| p.value).collect()
                };
                let picked = self.pick_dynamic(&mut slots, &statics, &[], used, rules, rng);
                if rules.dynamic_values_carry_over {
                    carried.clone_from(&slots);
                }
                if !picked {
                    err = AssignError::DynamicPortSelectionFailed;
                    continue;
                }
                let port = |p: &PortAsk, value: i64| OfferedPort {
                    label: p.label.clone(),
                    value,
                    to: if p.to == -1 { value } else { p.to },
                };
                return Ok(Offer {
                    device: network.device.clone(),
                    ip,
                    mbits: if rules.offer_carries_mbits { ask.mbits } else { 0 },
                    reserved_ports: ask
                        .reserved_ports
                        .iter()
                        .map(|p| OfferedPort { label: p.label.clone(), value: p.value, to: p.to })
                        .collect(),
                    dynamic_ports: ask.dynamic_ports.iter().zip(&slots).map(|(p, &v)| port(p, v)).collect(),
                });
            }
        }
        Err(err)
    }

    /// 1.x: why no address at all could take `ask`, if none could: a static port out of range,
    /// or more dynamic ports than the dynamic range has room for beside the ask's statics. An
    /// address without used ports takes any other ask, so the walk ends at the first such one;
    /// these are the asks for which it would go on to the end of the block. The error is the
    /// one an unused address gives (an address with used ports could have given a collision).
    fn fails_on_every_address(&self, ask: &NetworkAsk, rules: &Rules) -> Option<AssignError> {
        if !rules.ports_bounded {
            return None;
        }
        if let Some(port) = ask.reserved_ports.iter().find(|p| !(0..65_536).contains(&p.value)) {
            return Some(AssignError::InvalidPort(port.value));
        }
        if !rules.precise_fallback || ask.dynamic_ports.is_empty() {
            return None;
        }
        let (min, max) = (self.min_dynamic, self.max_dynamic);
        let mut inside: Vec<i64> =
            ask.reserved_ports.iter().map(|p| p.value).filter(|v| (min..=max).contains(v)).collect();
        inside.sort_unstable();
        inside.dedup();
        let room = usize::try_from(max - min + 1).unwrap_or(0).saturating_sub(inside.len());
        (ask.dynamic_ports.len() > room).then_some(AssignError::DynamicPortSelectionFailed)
    }

    /// Picks every dynamic slot in order with random probes. A probe is rejected when the port
    /// is used on the address, is one of `statics`, one of `taken`, or equals the current value
    /// of any slot (itself included). When a slot runs out of attempts: with
    /// [`Rules::precise_fallback`] all slots are picked again from the full list of free ports
    /// of `[min, max]`, else the address fails.
    fn pick_dynamic(
        &self,
        slots: &mut [i64],
        statics: &[i64],
        taken: &[i64],
        used: Option<&PortSet>,
        rules: &Rules,
        rng: &mut Rng,
    ) -> bool {
        let (min, max) = (self.min_dynamic, self.max_dynamic);
        let is_used = |p: i64| used.is_some_and(|s| s.contains(p));
        let mut stochastic_ok = true;
        // Each slot is compared with all slots (itself included) while being picked: cells let
        // the loop read the whole list and write the current slot.
        let cells = Cell::from_mut(slots).as_slice_of_cells();
        for slot in cells {
            let mut found = false;
            for _ in 0..rules.dynamic_attempts {
                let candidate = probe(min, max, rng);
                if is_used(candidate)
                    || statics.contains(&candidate)
                    || taken.contains(&candidate)
                    || cells.iter().any(|c| c.get() == candidate)
                {
                    continue;
                }
                slot.set(candidate);
                found = true;
                break;
            }
            if !found {
                stochastic_ok = false;
                break;
            }
        }
        if stochastic_ok {
            return true;
        }
        if !rules.precise_fallback {
            return false;
        }
        // Precise: a copy of the used set with the ask's own ports marked, then uniform picks
        // among what is left.
        let mut free = used.cloned().unwrap_or_default();
        for &p in statics.iter().chain(taken) {
            free.insert(p);
        }
        for slot in slots.iter_mut() {
            let count = free.count_free(min, max);
            if count == 0 {
                return false;
            }
            let Some(port) = free.nth_free(min, max, rng.below(count)) else { return false };
            *slot = port;
            free.insert(port);
        }
        true
    }

    /// Picks host addresses and ports for a group network ask (Nomad 1.x `AssignPorts`).
    ///
    /// Statics first, in order: the first address of the port's host network where the value is
    /// free (or `ignore_collision` is set). Then dynamics: per address, random probes avoiding
    /// used ports and every port already in the offer, then the precise fallback. Statics of one
    /// ask are not checked against each other.
    ///
    /// Nomad also passes the ask's statics on the port's host network to the dynamic pick. By
    /// then every static of the ask is in the offer (a static that cannot be placed ends the
    /// call), so that list adds nothing to what the offer already excludes, and netplay leaves
    /// it out.
    pub fn assign_ports(
        &self,
        ask: &NetworkAsk,
        rules: &Rules,
        rng: &mut Rng,
    ) -> Result<Vec<AllocatedPort>, AssignError> {
        let mut offer: Vec<AllocatedPort> = Vec::new();
        let mut in_offer: Vec<i64> = Vec::new();
        for port in &ask.reserved_ports {
            let mut err = None;
            let mut taken = None;
            for &address in self.host_network(&port.host_network) {
                if !(0..65_536).contains(&port.value) {
                    return Err(AssignError::InvalidPort(port.value));
                }
                if !port.ignore_collision && self.port_used(address, port.value) {
                    err = Some(collision(rules, port));
                    continue;
                }
                taken = Some(address);
                break;
            }
            let Some(host_ip) = taken else {
                return Err(err.unwrap_or_else(|| AssignError::NoAddresses(port.host_network.clone())));
            };
            offer.push(AllocatedPort {
                label: port.label.clone(),
                value: port.value,
                to: port.to,
                host_ip,
                host_network: port.host_network.clone(),
                ignore_collision: port.ignore_collision,
            });
            in_offer.push(port.value);
        }
        for port in &ask.dynamic_ports {
            let mut err = None;
            let mut granted = None;
            for &address in self.host_network(&port.host_network) {
                let mut slot = [0];
                if self.pick_dynamic(&mut slot, &[], &in_offer, self.used_on(address), rules, rng) {
                    granted = Some((address, slot[0]));
                    break;
                }
                err = Some(AssignError::DynamicPortSelectionFailed);
            }
            let Some((host_ip, value)) = granted else {
                return Err(err.unwrap_or_else(|| AssignError::NoAddresses(port.host_network.clone())));
            };
            offer.push(AllocatedPort {
                label: port.label.clone(),
                value,
                to: if port.to == -1 { value } else { port.to },
                host_ip,
                host_network: port.host_network.clone(),
                ignore_collision: port.ignore_collision,
            });
            in_offer.push(value);
        }
        Ok(offer)
    }
}

/// One random probe: `min + uniform(0, max - min - 1)`, or `min` when the range has one port.
fn probe(min: i64, max: i64, rng: &mut Rng) -> i64 {
    if max <= min { min } else { min + rng.below((max - min) as u64) as i64 }
}

fn collision(rules: &Rules, port: &PortAsk) -> AssignError {
    AssignError::ReservedPortCollision(rules.errors_name_ports.then(|| (port.label.clone(), port.value)))
}

#[cfg(test)]
#[path = "assign_tests.rs"]
mod tests;

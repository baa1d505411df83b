//! Why a result is what it is, in data and words: which node address a port or a task network
//! got and what picked it (`port_address`, `task_address`), and what would make a refused
//! node fit ([`fix`]).
//!
//! Addresses: a group port takes the first address of its host network (the alias the node's
//! `host_network` blocks give addresses by `cidr` and `interface`, or `default` for the default
//! interface) where its port is free; a task-level network walks a node network's address block
//! from its first address. Fixes are read from Nomad's reason texts, which netplay writes itself
//! (see [`crate::schedule`]), so every reason the scheduler gives has its case here.

use crate::alloc::{AllocatedPort, Offer};
use crate::analysis::{AddressBy, AddressReason};
use crate::limits::MAX_ADDRESSES_PER_NETWORK;
use crate::nodes::Node;

/// `n thing` or `n things`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// Why group port `port` (static when `is_static`) got its address on `node`. `written` is the
/// port's `host_network` as the jobspec writes it (before `${meta...}` is filled in).
pub(crate) fn port_address(node: &Node, port: &AllocatedPort, written: &str, is_static: bool) -> AddressReason {
    let alias = port.host_network.as_str();
    let matching: Vec<_> = node.addresses.iter().filter(|a| a.alias == alias).collect();
    let passed_over = matching.iter().position(|a| a.ip == port.host_ip).unwrap_or(0);
    let device = matching.iter().find(|a| a.ip == port.host_ip).map(|a| a.device.clone()).unwrap_or_default();
    let ip = port.host_ip;
    let (by, mut why) = match node.host_networks.iter().find(|h| h.name == alias) {
        Some(h) => {
            let cidr: Vec<String> = h.cidrs.iter().map(ToString::to_string).collect();
            let blocks = if cidr.is_empty() {
                "any address".to_string()
            } else {
                format!("addresses in `{}`", cidr.join("`, `"))
            };
            let on = h.interface.as_deref().map_or_else(|| "on any interface".to_string(), |i| format!("on `{i}`"));
            let template = (written != alias && !written.is_empty()).then(|| written.to_string());
            let lead = template
                .as_deref()
                .map_or_else(String::new, |t| format!("`host_network = \"{t}\"` is `{alias}` on this node. "));
            let why = format!("{lead}The node's `host_network \"{alias}\"` matches {blocks} {on}; {ip} is one.");
            (AddressBy::HostNetwork { name: alias.to_string(), cidr, interface: h.interface.clone(), template }, why)
        }
        None => (
            AddressBy::DefaultInterface,
            format!(
                "No `host_network` asked for: an address of the node's default interface, `{device}` (its \
                 `network_interface`, else its first network)."
            ),
        ),
    };
    if passed_over > 0 {
        let earlier = count(passed_over, "earlier address", "earlier addresses");
        if is_static {
            why.push_str(&format!(" Port {} was taken on {earlier}.", port.value));
        } else {
            why.push_str(&format!(" {earlier} had no free dynamic port."));
        }
    }
    if port.ignore_collision {
        why.push_str(" Placed with `ignore_collision`: the port may be in use there already.");
    }
    AddressReason { device, by, passed_over, why }
}

/// Why task-level network `offer` got its address on `node`.
pub(crate) fn task_address(node: &Node, offer: &Offer) -> AddressReason {
    let network = node.networks.iter().find(|n| n.device == offer.device && n.cidr.contains(offer.ip));
    let Some(network) = network else {
        return AddressReason {
            device: offer.device.clone(),
            by: AddressBy::NetworkWalk { cidr: String::new() },
            passed_over: 0,
            why: format!("An address of `{}`.", offer.device),
        };
    };
    let passed_over = network
        .cidr
        .addresses()
        .take(usize::try_from(MAX_ADDRESSES_PER_NETWORK).unwrap_or(usize::MAX))
        .take_while(|a| *a != offer.ip)
        .count();
    let cidr = network.cidr.to_string();
    let why = if passed_over == 0 {
        format!(
            "The first address of node network `{}` (`{cidr}`): the task's ports and bandwidth fit there.",
            offer.device
        )
    } else {
        format!(
            "Node network `{}` (`{cidr}`) is tried address by address: {} did not fit (a static port taken, no \
             free dynamic port), so the task got {}.",
            offer.device,
            count(passed_over, "earlier address", "earlier addresses"),
            offer.ip
        )
    };
    AddressReason { device: offer.device.clone(), by: AddressBy::NetworkWalk { cidr }, passed_over, why }
}

/// The first `"quoted"` part of `text` and what follows it.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let (_, rest) = text.split_once('"')?;
    rest.split_once('"')
}

/// What would make a node fit that the scheduler refused with `reason` (Nomad's text), for a
/// group whose network mode is `mode` (empty when it has no group network).
pub fn fix(reason: &str, mode: &str) -> Option<String> {
    let network = reason.strip_prefix("network: ").unwrap_or(reason);
    let text = if reason == "missing network" {
        match mode {
            "bridge" => "Give the node bridge networking (`bridge = true` in its inventory block).".to_string(),
            m if m.starts_with("cni/") => {
                format!("Add `{}` to the node's `cni` list.", m.trim_start_matches("cni/"))
            }
            _ => "Give the node a `network` block.".to_string(),
        }
    } else if let Some(rest) = reason.strip_prefix("missing host network ") {
        let (alias, rest) = quoted(rest)?;
        let port = quoted(rest).map_or(String::new(), |(p, _)| format!(" port `{p}`"));
        format!("Add `host_network \"{alias}\" {{ ... }}` to the node, or take `host_network` off{port}.")
    } else if reason.starts_with("invalid host network") {
        "Give the node the `meta` key the port's `host_network` template names.".to_string()
    } else if let Some(rest) = network.strip_prefix("reserved port collision") {
        match rest.trim().split_once('=') {
            Some((label, value)) => format!(
                "Free port {value} on the node (what holds it is in the inventory), give `{label}` another \
                 `static`, or leave the number to Nomad (a dynamic port)."
            ),
            None => "Free the static port on the node, choose another one, or use a dynamic port.".to_string(),
        }
    } else if network == "port collision" {
        "The node's own allocations already collide on a port (see the detail): fix the inventory.".to_string()
    } else if network == "dynamic port selection failed" {
        "Free ports in the node's dynamic range (a reserved range may cover it), widen it with \
         `min_dynamic_port` / `max_dynamic_port`, or ask for fewer dynamic ports."
            .to_string()
    } else if network == "bandwidth exceeded" {
        "Ask for fewer `mbits`, or free bandwidth on the node's device.".to_string()
    } else if network == "no networks available" {
        "Give the node a `network` block.".to_string()
    } else if let Some(alias) =
        network.strip_prefix("no addresses available for ").and_then(|r| r.strip_suffix(" network"))
    {
        format!("Give the node an address on host network `{alias}`.")
    } else if network.starts_with("invalid port") {
        "Use a port from 0 to 65535.".to_string()
    } else if network == "invalid node" {
        "Fix the node's `reserved_ports` (see the detail).".to_string()
    } else if let Some(dimension) = reason.strip_suffix(" exhausted") {
        format!(
            "Ask for less `{dimension}` in the tasks' `resources`, or give the node more: its capacity minus what \
             is reserved and running is too small."
        )
    } else {
        return None;
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_the_scheduler_gives_has_a_fix() {
        for (reason, mode, expected) in [
            ("missing network", "bridge", "bridge = true"),
            ("missing network", "cni/mynet", "`mynet`"),
            ("missing network", "", "`network` block"),
            ("missing host network \"public\" for port \"https\"", "", "host_network \"public\""),
            ("invalid host network \"${meta.x}\" template for port \"a\"", "", "`meta`"),
            ("network: reserved port collision http=8080", "", "Free port 8080"),
            ("network: reserved port collision", "", "static port"),
            ("network: port collision", "", "inventory"),
            ("network: dynamic port selection failed", "", "dynamic range"),
            ("network: bandwidth exceeded", "", "mbits"),
            ("bandwidth exceeded", "", "mbits"),
            ("network: no networks available", "", "`network` block"),
            ("network: no addresses available for public network", "", "`public`"),
            ("network: invalid port 70000 (out of range)", "", "65535"),
            ("network: invalid node", "", "reserved_ports"),
            ("cpu exhausted", "", "`cpu`"),
            ("memory exhausted", "", "`memory`"),
        ] {
            let fix = fix(reason, mode).unwrap_or_else(|| panic!("no fix for {reason:?}"));
            assert!(fix.contains(expected), "{reason}: {fix}");
        }
        assert_eq!(fix("something new", ""), None);
        assert_eq!(fix("missing host network", ""), None, "no quoted alias: nothing to say, no panic");
    }

    fn two_address_node() -> Node {
        use crate::nodes::{HostNetwork, NodeAddress, NodeNetwork};
        let network = |device: &str, cidr: &str| NodeNetwork {
            device: device.into(),
            cidr: cidr.parse().expect("cidr"),
            mbits: 1000,
            span: crate::source::Span::default(),
        };
        let address = |alias: &str, ip: &str, device: &str| NodeAddress {
            alias: alias.into(),
            ip: ip.parse().expect("ip"),
            device: device.into(),
            reserved_ports: String::new(),
        };
        Node {
            networks: vec![network("eth0", "10.0.0.8/30"), network("eth1", "203.0.113.10/24")],
            host_networks: vec![HostNetwork {
                name: "public".into(),
                cidrs: vec!["203.0.113.0/24".parse().expect("cidr")],
                interface: None,
                reserved_ports: String::new(),
                span: crate::source::Span::default(),
            }],
            addresses: vec![
                address("default", "10.0.0.8", "eth0"),
                address("default", "10.0.0.9", "eth0"),
                address("public", "203.0.113.10", "eth1"),
            ],
            ..Node::named("n")
        }
    }

    fn port(alias: &str, ip: &str) -> AllocatedPort {
        AllocatedPort {
            label: "http".into(),
            value: 8080,
            to: 0,
            host_ip: ip.parse().expect("ip"),
            host_network: alias.into(),
            ignore_collision: false,
        }
    }

    #[test]
    fn a_port_says_which_alias_and_block_gave_its_address_and_what_it_passed_over() {
        let node = two_address_node();
        let r = port_address(&node, &port("default", "10.0.0.9"), "", true);
        assert_eq!((r.by.clone(), r.passed_over, r.device.as_str()), (AddressBy::DefaultInterface, 1, "eth0"));
        assert!(r.why.contains("Port 8080 was taken on 1 earlier address."), "{}", r.why);
        let r = port_address(&node, &port("public", "203.0.113.10"), "${meta.net}", false);
        assert_eq!(r.passed_over, 0);
        assert!(
            matches!(&r.by, AddressBy::HostNetwork { name, template: Some(t), .. } if name == "public" && t == "${meta.net}")
        );
        assert!(r.why.starts_with("`host_network = \"${meta.net}\"` is `public` on this node."), "{}", r.why);
        assert!(r.why.contains("matches addresses in `203.0.113.0/24` on any interface"), "{}", r.why);
    }

    #[test]
    fn a_task_network_says_how_far_the_walk_went() {
        let node = two_address_node();
        let offer = |ip: &str| Offer {
            device: "eth0".into(),
            ip: ip.parse().expect("ip"),
            mbits: 0,
            reserved_ports: vec![],
            dynamic_ports: vec![],
        };
        let r = task_address(&node, &offer("10.0.0.10"));
        assert_eq!(r.passed_over, 2, "10.0.0.8 and .9 come first in 10.0.0.8/30");
        assert!(r.why.contains("2 earlier addresses did not fit"), "{}", r.why);
        assert_eq!(task_address(&node, &offer("10.0.0.8")).passed_over, 0);
        assert_eq!(task_address(&node, &offer("192.0.2.1")).by, AddressBy::NetworkWalk { cidr: String::new() });
    }
}

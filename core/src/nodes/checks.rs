//! The inventory's own warnings, for written and imported nodes alike: addresses outside
//! their device's blocks (`bad-address`) and ports a node's existing state holds twice
//! (`inventory-conflict`), reported exactly where Nomad's network index reports a collision
//! for the selected version.
//!
//! - Nomad 0.2: `SetNode` adds the reserved networks one by one and `AddAllocs` the task
//!   networks of the allocations the scheduler still counts; both report collisions, and the
//!   0.2 scheduler ignores the report.
//! - Nomad 1.x: `SetNode` marks the reserved ports on every address and never collides;
//!   `AddAllocs` skips allocations the client reports terminal, adds an allocation's group
//!   ports when it has any (with `ignore_collision`), else its group networks and task
//!   networks. A collision there makes the scheduler refuse the node for every placement
//!   (`network: port collision`).

use std::net::IpAddr;

use crate::alloc::{Clash, Holder, NetworkIndex};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Label};
use crate::nodes::{ExistingAlloc, Inventory, NetworkUse, Node};
use crate::port_range::parse_port_ranges;
use crate::schedule::alloc_counts;
use crate::source::{Position, SourceId, Span};
use crate::version::NomadVersion;

/// Adds the inventory's warnings for every node.
pub fn check(inventory: &Inventory, version: NomadVersion, diags: &mut Diagnostics) {
    for node in &inventory.nodes {
        bad_addresses(node, diags);
        conflicts(node, version, diags);
    }
}

/// An address of a reservation or allocation network must lie in one of the blocks of its
/// device (a device may have several `network` blocks).
fn bad_addresses(node: &Node, diags: &mut Diagnostics) {
    let reserved = node.reserved.networks.iter().map(|n| (n, SourceId::Nodes));
    let allocs = node.allocs.iter().flat_map(|a| {
        let tasks = a.tasks.iter().filter_map(|t| t.network.as_ref());
        a.networks.iter().chain(tasks).map(move |n| (n, a.source))
    });
    for (used, source) in reserved.chain(allocs) {
        let blocks: Vec<String> =
            node.networks.iter().filter(|n| n.device == used.device).map(|n| n.cidr.to_string()).collect();
        if blocks.is_empty() || node.networks.iter().any(|n| n.device == used.device && n.cidr.contains(used.ip)) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                Code::BadAddress,
                source,
                used.ip_span,
                format!("`{}` is outside {} of device `{}`", used.ip, join_blocks(&blocks), used.device),
            )
            .with_help("ports on this address never collide with task asks on the device"),
        );
    }
}

fn join_blocks(blocks: &[String]) -> String {
    let quoted: Vec<String> = blocks.iter().map(|b| format!("`{b}`")).collect();
    quoted.join(" and ")
}

/// Replays Nomad's `SetNode` and `AddAllocs` on the node and warns at every port they report
/// as colliding.
fn conflicts(node: &Node, version: NomadVersion, diags: &mut Diagnostics) {
    let rules = version.rules();
    let mut index = NetworkIndex::new(rules);
    if !rules.ports_bounded {
        // 0.2: the reserved networks are added one after the other, then the task networks.
        for net in &node.reserved.networks {
            let clashes = index.add_use_clashes(net);
            warn_network(node, net, SourceId::Nodes, &clashes, None, version, diags);
        }
        for (i, alloc) in node.allocs.iter().enumerate().filter(|(_, a)| alloc_counts(a, rules)) {
            for net in alloc.tasks.iter().filter_map(|t| t.network.as_ref()) {
                let clashes = index.add_use_clashes(net);
                warn_network(node, net, alloc.source, &clashes, Some(i), version, diags);
            }
        }
        return;
    }
    // A reserved-ports string that does not parse is reported where it is read; the scheduler
    // then calls the node invalid, so there is nothing to compare against.
    if index.set_node(node, rules).is_err() {
        return;
    }
    for (i, alloc) in node.allocs.iter().enumerate().filter(|(_, a)| alloc_counts(a, rules)) {
        let mut found = Vec::new();
        index.add_existing_each(alloc, |holder, clashes| found.push((holder, clashes.to_vec())));
        for (holder, clashes) in found {
            match holder {
                Holder::Ports => {
                    for clash in &clashes {
                        let Some(port) = alloc.ports.get(clash.position) else { continue };
                        let at = Place { ip: port.host_ip, span: port.span, source: alloc.source };
                        warn(node, at, clash, Some(i), version, diags);
                    }
                }
                Holder::Shared(net) | Holder::Task(_, net) => {
                    warn_network(node, net, alloc.source, &clashes, Some(i), version, diags);
                }
            }
        }
    }
}

/// Where a colliding port is written.
#[derive(Clone, Copy)]
struct Place {
    ip: IpAddr,
    span: Span,
    source: SourceId,
}

fn warn_network(
    node: &Node,
    net: &NetworkUse,
    source: SourceId,
    clashes: &[Clash],
    alloc: Option<usize>,
    version: NomadVersion,
    diags: &mut Diagnostics,
) {
    for clash in clashes {
        let span = net.ports.get(clash.position).map_or(net.span, |p| p.span);
        warn(node, Place { ip: net.ip, span, source }, clash, alloc, version, diags);
    }
}

fn warn(node: &Node, at: Place, clash: &Clash, alloc: Option<usize>, version: NomadVersion, diags: &mut Diagnostics) {
    let message = if clash.invalid {
        format!(
            "port {} on {} of node `{}` is out of range: invalid port {}",
            clash.value, at.ip, node.name, clash.value
        )
    } else {
        format!("port {} is already in use on {} of node `{}`", clash.value, at.ip, node.name)
    };
    let help = if version.is_modern() {
        format!(
            "Nomad {version} refuses this node for every placement (`network: port collision`); free the port or \
             fix the inventory"
        )
    } else {
        "Nomad 0.2's scheduler ignores collisions inside a node's existing state; fix the inventory".to_string()
    };
    let mut d = Diagnostic::warning(Code::InventoryConflict, at.source, at.span, message).with_help(help);
    if !clash.invalid
        && let Some((source, span, what)) = first_holder(node, at.ip, clash.value, alloc, version)
    {
        d.labels.push(Label {
            source,
            span,
            start: Position::default(),
            end: Position::default(),
            message: what.to_string(),
        });
    }
    diags.push(d);
}

/// Where `port` on `ip` was first held: a reservation, or an allocation before `before`.
fn first_holder(
    node: &Node,
    ip: IpAddr,
    port: i64,
    before: Option<usize>,
    version: NomadVersion,
) -> Option<(SourceId, Span, &'static str)> {
    // 1.x reserves a reservation's ports on every address; 0.2 on its own address.
    for net in node.reserved.networks.iter().filter(|n| n.ip == ip || version.is_modern()) {
        if let Some(p) = net.ports.iter().find(|p| p.value == port) {
            return Some((SourceId::Nodes, p.span, "reserved here"));
        }
    }
    if version.is_modern() {
        let in_ranges = |spec: &str| parse_port_ranges(spec).is_ok_and(|ports| ports.contains(&(port as u64)));
        if in_ranges(&node.reserved.reserved_ports) {
            return Some((SourceId::Nodes, node.reserved.reserved_ports_span, "reserved on every address here"));
        }
        for address in node.addresses.iter().filter(|a| a.ip == ip) {
            if in_ranges(&address.reserved_ports)
                && let Some(h) = node.host_networks.iter().find(|h| h.name == address.alias)
            {
                return Some((SourceId::Nodes, h.span, "reserved by this host network"));
            }
        }
    }
    let earlier = node.allocs.iter().take(before.unwrap_or(0));
    for alloc in earlier {
        if let Some(span) = held_by(alloc, ip, port) {
            return Some((alloc.source, span, "first held here"));
        }
    }
    None
}

fn held_by(alloc: &ExistingAlloc, ip: IpAddr, port: i64) -> Option<Span> {
    let group = alloc.ports.iter().find(|p| p.host_ip == ip && p.value == port).map(|p| p.span);
    let networks = || alloc.networks.iter().chain(alloc.tasks.iter().filter_map(|t| t.network.as_ref()));
    group.or_else(|| networks().filter(|n| n.ip == ip).flat_map(|n| &n.ports).find(|p| p.value == port).map(|p| p.span))
}

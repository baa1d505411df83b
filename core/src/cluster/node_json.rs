//! Nodes as Nomad's HTTP API returns them: one node (`GET /v1/node/:id`), a JSON array of
//! nodes, or the stubs of `GET /v1/nodes?resources=true`, read into netplay's [`Node`].
//!
//! | Nomad's field | netplay |
//! | --- | --- |
//! | `ID`, `Name`, `Datacenter`, `Attributes`, `Meta` | `id`, `name`, `datacenter`, `attributes`, `meta` |
//! | `NodeResources.Cpu.CpuShares`, `.Memory.MemoryMB`, `.Disk.DiskMB` | capacity (0 or absent: unlimited) |
//! | `NodeResources.Networks[]` with a `Device` (Nomad's task networks) | `network { device, cidr, mbits }` |
//! | `NodeResources.Networks[]` of mode `bridge` / `cni/<name>` | `bridge` / `cni` |
//! | `NodeResources.NodeNetworks[].Addresses[]` | the addresses and their aliases, as given |
//! | `NodeResources.MinDynamicPort` / `MaxDynamicPort` | the dynamic range (0 or absent: the default) |
//! | `ReservedResources.{Cpu.CpuShares, Memory.MemoryMB, Disk.DiskMB}` | `reserved` |
//! | `ReservedResources.Networks.ReservedHostPorts` | `reserved.reserved_ports` |
//! | `HostNetworks.<name>.{CIDR, Interface, ReservedPorts}` | `host_network` blocks (the configuration echoed) |
//! | `Resources` / `Reserved` (nodes of 0.x releases) | capacity, networks and reserved networks |
//! | `Status`, `SchedulingEligibility`, `Drain`, `DrainStrategy` | a node that is not ready and eligible is left out |
//!
//! A node without `NodeNetworks` (0.x releases) gets its addresses as an inventory `network`
//! block gives them: the address of each network, alias `default` on the first device.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::cidr::Cidr;
use crate::cluster::json::{Cursor, Read, Stop};
use crate::cluster::network_json::{RawNetwork, network_use, networks};
use crate::cluster::not_an_ip;
use crate::diagnostic::{Code, Diagnostic};
use crate::limits::MAX_NODES;
use crate::nodes::parse::{DEFAULT_MBITS, node_addresses};
use crate::nodes::{Capacity, HostNetwork, Inventory, Node, NodeAddress, NodeNetwork, Reserved};
use crate::port_range::parse_port_ranges;
use crate::source::Span;

/// Resources of the older `Resources` / `Reserved` shapes.
#[derive(Debug, Default)]
struct OldResources {
    cpu: Option<i64>,
    memory: Option<i64>,
    disk: Option<i64>,
    iops: Option<i64>,
    networks: Vec<RawNetwork>,
}

fn old_resources(c: &mut Cursor<'_, '_>) -> Read<OldResources> {
    let mut r = OldResources::default();
    let span = c.object(|c, key, _| {
        match key {
            "CPU" => r.cpu = c.int()?.map(|v| v.0),
            "MemoryMB" => r.memory = c.int()?.map(|v| v.0),
            "DiskMB" => r.disk = c.int()?.map(|v| v.0),
            "IOPS" => r.iops = c.int()?.map(|v| v.0),
            "Networks" => networks(c, &mut r.networks)?,
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(span.map(|_| r))
}

#[derive(Debug, Default)]
struct RawAddress {
    alias: String,
    address: Option<(String, Span)>,
    reserved_ports: Option<(String, Span)>,
}

#[derive(Debug, Default)]
struct RawNodeResources {
    cpu: Option<i64>,
    memory: Option<i64>,
    disk: Option<i64>,
    networks: Vec<RawNetwork>,
    /// `(device, addresses)` per `NodeNetworks` entry.
    node_networks: Option<Vec<(String, Vec<RawAddress>)>>,
    min_dynamic: Option<(i64, Span)>,
    max_dynamic: Option<(i64, Span)>,
}

fn node_resources(c: &mut Cursor<'_, '_>) -> Read<RawNodeResources> {
    let mut r = RawNodeResources::default();
    let span = c.object(|c, key, _| {
        match key {
            "Cpu" => r.cpu = c.nested_int("CpuShares")?,
            "Memory" => r.memory = c.nested_int("MemoryMB")?,
            "Disk" => r.disk = c.nested_int("DiskMB")?,
            "Networks" => networks(c, &mut r.networks)?,
            "NodeNetworks" => {
                let mut list = Vec::new();
                c.array(|c, _| {
                    let mut device = String::new();
                    let mut addresses = Vec::new();
                    c.object(|c, key, _| {
                        match key {
                            "Device" => device = c.string()?.map(|s| s.0).unwrap_or_default(),
                            "Addresses" => {
                                c.array(|c, _| {
                                    let mut a = RawAddress::default();
                                    c.object(|c, key, _| {
                                        match key {
                                            "Alias" => a.alias = c.string()?.map(|s| s.0).unwrap_or_default(),
                                            "Address" => a.address = c.string()?,
                                            "ReservedPorts" => a.reserved_ports = c.string()?,
                                            _ => c.skip()?,
                                        }
                                        Ok(())
                                    })?;
                                    addresses.push(a);
                                    Ok(())
                                })?;
                            }
                            _ => c.skip()?,
                        }
                        Ok(())
                    })?;
                    list.push((device, addresses));
                    Ok(())
                })?;
                r.node_networks = Some(list);
            }
            "MinDynamicPort" => r.min_dynamic = c.int()?,
            "MaxDynamicPort" => r.max_dynamic = c.int()?,
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(span.map(|_| r))
}

#[derive(Debug, Default)]
struct RawReserved {
    cpu: Option<i64>,
    memory: Option<i64>,
    disk: Option<i64>,
    host_ports: Option<(String, Span)>,
}

fn reserved_resources(c: &mut Cursor<'_, '_>) -> Read<RawReserved> {
    let mut r = RawReserved::default();
    let span = c.object(|c, key, _| {
        match key {
            "Cpu" => r.cpu = c.nested_int("CpuShares")?,
            "Memory" => r.memory = c.nested_int("MemoryMB")?,
            "Disk" => r.disk = c.nested_int("DiskMB")?,
            "Networks" => {
                c.object(|c, key, _| {
                    if key == "ReservedHostPorts" {
                        r.host_ports = c.string()?;
                        Ok(())
                    } else {
                        c.skip()
                    }
                })?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(span.map(|_| r))
}

/// Every field of one node object that netplay reads.
#[derive(Debug, Default)]
struct RawNode {
    id: Option<String>,
    name: Option<(String, Span)>,
    datacenter: Option<String>,
    status: Option<(String, Span)>,
    eligibility: Option<(String, Span)>,
    draining: Option<Span>,
    attributes: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    host_networks: Vec<HostNetwork>,
    resources: Option<RawNodeResources>,
    reserved: Option<RawReserved>,
    old_resources: Option<OldResources>,
    old_reserved: Option<OldResources>,
}

fn raw_node(c: &mut Cursor<'_, '_>) -> Read<(RawNode, Span)> {
    let mut n = RawNode::default();
    let span = c.object(|c, key, key_span| {
        match key {
            "ID" => n.id = c.string()?.map(|s| s.0),
            "Name" => n.name = c.string()?,
            "Datacenter" => n.datacenter = c.string()?.map(|s| s.0),
            "Status" => n.status = c.string()?,
            "SchedulingEligibility" => n.eligibility = c.string()?,
            "Drain" => {
                if c.bool()?.is_some_and(|b| b.0) {
                    n.draining = Some(key_span);
                }
            }
            "DrainStrategy" => {
                if c.object(|c, _, _| c.skip())?.is_some() {
                    n.draining = Some(key_span);
                }
            }
            "Attributes" => n.attributes = c.string_map()?.unwrap_or_default(),
            "Meta" => n.meta = c.string_map()?.unwrap_or_default(),
            "HostNetworks" => {
                c.object(|c, name, _| {
                    let mut h = HostNetwork {
                        name: name.to_string(),
                        cidrs: Vec::new(),
                        interface: None,
                        reserved_ports: String::new(),
                        span: Span::default(),
                    };
                    let span = c.object(|c, key, _| {
                        match key {
                            "CIDR" => {
                                let text = c.string()?.map(|s| s.0).unwrap_or_default();
                                h.cidrs = text.split(',').filter_map(|p| p.trim().parse::<Cidr>().ok()).collect();
                            }
                            "Interface" => h.interface = c.string()?.map(|s| s.0).filter(|s| !s.is_empty()),
                            "ReservedPorts" => h.reserved_ports = c.string()?.map(|s| s.0).unwrap_or_default(),
                            _ => c.skip()?,
                        }
                        Ok(())
                    })?;
                    if let Some(span) = span {
                        n.host_networks.push(HostNetwork { span, ..h });
                    }
                    Ok(())
                })?;
            }
            "NodeResources" => n.resources = node_resources(c)?,
            "ReservedResources" => n.reserved = reserved_resources(c)?,
            "Resources" => n.old_resources = old_resources(c)?,
            "Reserved" => n.old_reserved = old_resources(c)?,
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(span.map(|s| (n, s)))
}

/// Reads a node, a JSON array of nodes or a node list into an inventory.
pub fn read_nodes(c: &mut Cursor<'_, '_>) -> Result<Inventory, Stop> {
    let mut nodes = Vec::new();
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    let mut add = |c: &mut Cursor<'_, '_>, nodes: &mut Vec<Node>| -> Result<(), Stop> {
        let Some((raw, span)) = raw_node(c)? else { return Ok(()) };
        if nodes.len() == MAX_NODES {
            c.diags.push(
                Diagnostic::error(
                    crate::diagnostic::Code::LimitExceeded,
                    c.source(),
                    span,
                    format!("more than {MAX_NODES} nodes in the inventory"),
                )
                .with_help("netplay reads the first nodes and ignores the rest"),
            );
            return Ok(());
        }
        if let Some(node) = build(c, raw, span, &mut names) {
            nodes.push(node);
        }
        Ok(())
    };
    if c.peek_array()? {
        c.array(|c, _| add(c, &mut nodes))?;
    } else {
        add(c, &mut nodes)?;
    }
    c.finish()?;
    Ok(Inventory { nodes })
}

/// Turns the fields read into a node, or leaves it out with a diagnostic.
fn build(c: &mut Cursor<'_, '_>, raw: RawNode, span: Span, names: &mut BTreeMap<String, Span>) -> Option<Node> {
    let head = Span::new(span.start, span.start + 1);
    let (name, name_span) = match (&raw.name, &raw.id) {
        (Some((name, s)), _) if !name.is_empty() => (name.clone(), *s),
        (_, Some(id)) if !id.is_empty() => (id.clone(), head),
        _ => {
            c.missing(head, "Name", "a node needs its `Name` (or `ID`); paste the node as the API returns it");
            return None;
        }
    };
    if let Some(first) = names.get(&name) {
        c.diags.push(
            Diagnostic::error(Code::DuplicateName, c.source(), name_span, format!("node `{name}` is listed twice"))
                .with_label(*first, "first listed here")
                .with_help("node names must be unique"),
        );
        return None;
    }
    names.insert(name.clone(), name_span);
    if !ready(c, &raw, &name) {
        return None;
    }
    let res = raw.resources.as_ref();
    let old = raw.old_resources.as_ref();
    let positive = |v: Option<i64>| v.filter(|n| *n > 0);
    let capacity = match res {
        Some(r) => {
            Capacity { cpu: positive(r.cpu), memory_mb: positive(r.memory), disk_mb: positive(r.disk), iops: None }
        }
        None => Capacity {
            cpu: positive(old.and_then(|o| o.cpu)),
            memory_mb: positive(old.and_then(|o| o.memory)),
            disk_mb: positive(old.and_then(|o| o.disk)),
            iops: positive(old.and_then(|o| o.iops)),
        },
    };
    let raw_networks: &[RawNetwork] = match (res, old) {
        (Some(r), _) if !r.networks.is_empty() || r.node_networks.is_some() => &r.networks,
        (_, Some(o)) => &o.networks,
        _ => &[],
    };
    let mut networks = Vec::new();
    for n in raw_networks.iter().filter(|n| !n.device.is_empty()) {
        if let Some(network) = node_network(c, n) {
            networks.push(network);
        }
    }
    // Nodes of releases before bridge networking had no bridge entry and were let through.
    let bridge = res.is_none() || raw_networks.iter().any(|n| n.mode == "bridge");
    let cni = raw_networks.iter().filter_map(|n| n.mode.strip_prefix("cni/")).map(str::to_string).collect();
    let addresses = match res.and_then(|r| r.node_networks.as_ref()) {
        Some(list) => addresses(c, list),
        None => node_addresses(&networks, &[], networks.first().map(|n| n.device.as_str())),
    };
    let reserved = reserved(c, &raw, &networks);
    let dynamic = |v: Option<(i64, Span)>| v.map(|(n, _)| n).filter(|n| *n > 0);
    let dynamic_range = (dynamic(res.and_then(|r| r.min_dynamic)), dynamic(res.and_then(|r| r.max_dynamic)));
    Some(Node {
        name,
        span: name_span,
        capacity,
        networks,
        reserved,
        allocs: Vec::new(),
        meta: raw.meta,
        attributes: raw.attributes,
        datacenter: raw.datacenter,
        dynamic_range,
        bridge,
        cni,
        host_networks: raw.host_networks,
        addresses,
        id: raw.id.filter(|id| !id.is_empty()),
    })
}

/// Nomad's scheduler only looks at nodes that are `ready`, eligible and not draining.
fn ready(c: &mut Cursor<'_, '_>, raw: &RawNode, name: &str) -> bool {
    let why = match (&raw.status, &raw.eligibility, raw.draining) {
        (Some((s, span)), _, _) if s != "ready" => Some((format!("node `{name}` is `{s}`"), *span)),
        (_, Some((e, span)), _) if e != "eligible" => Some((format!("node `{name}` is `{e}` for scheduling"), *span)),
        (_, _, Some(span)) => Some((format!("node `{name}` is draining"), span)),
        _ => None,
    };
    let Some((message, span)) = why else { return true };
    c.diags.push(
        Diagnostic::warning(Code::NodeExcluded, c.source(), span, message)
            .with_help("Nomad's scheduler places nothing on it, so netplay leaves it out"),
    );
    false
}

fn node_network(c: &mut Cursor<'_, '_>, n: &RawNetwork) -> Option<NodeNetwork> {
    let (text, span) = match (&n.cidr, &n.ip) {
        (Some(cidr), _) => cidr.clone(),
        (None, Some((ip, span))) if ip.contains(':') => (format!("{ip}/128"), *span),
        (None, Some((ip, span))) => (format!("{ip}/32"), *span),
        (None, None) => {
            c.missing(Span::new(n.span.start, n.span.start + 1), "CIDR", "a node network needs its `CIDR` or `IP`");
            return None;
        }
    };
    match text.parse::<Cidr>() {
        Ok(cidr) => {
            Some(NodeNetwork { device: n.device.clone(), cidr, mbits: n.mbits.unwrap_or(DEFAULT_MBITS), span: n.span })
        }
        Err(e) => {
            c.diags.push(
                Diagnostic::error(Code::BadAddress, c.source(), span, format!("invalid CIDR: {e}"))
                    .with_help("a network's `CIDR` is an address and a prefix, e.g. `10.0.0.5/32`; it is left out"),
            );
            None
        }
    }
}

fn addresses(c: &mut Cursor<'_, '_>, list: &[(String, Vec<RawAddress>)]) -> Vec<NodeAddress> {
    let mut out = Vec::new();
    for (device, addresses) in list {
        for a in addresses {
            let Some((text, span)) = &a.address else { continue };
            let Ok(ip) = text.parse::<IpAddr>() else {
                c.diags.push(not_an_ip(c.source(), *span, text));
                continue;
            };
            let reserved_ports = a.reserved_ports.as_ref().map(|r| r.0.clone()).unwrap_or_default();
            if let Some((spec, span)) = &a.reserved_ports
                && let Err(e) = parse_port_ranges(spec)
            {
                c.diags.push(
                    Diagnostic::warning(
                        Code::BadPort,
                        c.source(),
                        *span,
                        format!("error parsing reserved_ports for network {:?}: {e}", a.alias),
                    )
                    .with_help("Nomad's scheduler calls this node invalid (`network: invalid node`)"),
                );
            }
            out.push(NodeAddress { alias: a.alias.clone(), ip, device: device.clone(), reserved_ports });
        }
    }
    out
}

fn reserved(c: &mut Cursor<'_, '_>, raw: &RawNode, networks: &[NodeNetwork]) -> Reserved {
    let mut r = Reserved::default();
    if let Some(rr) = &raw.reserved {
        r.cpu = rr.cpu.unwrap_or(0);
        r.memory_mb = rr.memory.unwrap_or(0);
        r.disk_mb = rr.disk.unwrap_or(0);
        if let Some((spec, span)) = &rr.host_ports {
            if let Err(e) = parse_port_ranges(spec) {
                c.diags.push(
                    Diagnostic::warning(Code::BadPort, c.source(), *span, format!("error parsing reserved_ports: {e}"))
                        .with_help("Nomad's scheduler calls this node invalid (`network: invalid node`)"),
                );
            }
            r.reserved_ports = spec.clone();
            r.reserved_ports_span = *span;
        }
    } else if let Some(old) = &raw.old_reserved {
        r.cpu = old.cpu.unwrap_or(0);
        r.memory_mb = old.memory.unwrap_or(0);
        r.disk_mb = old.disk.unwrap_or(0);
        r.iops = old.iops.unwrap_or(0);
        let source = c.source();
        r.networks = old.networks.iter().filter_map(|n| network_use(c.diags, source, n, networks)).collect();
    }
    r
}

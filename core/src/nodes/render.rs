//! An [`Inventory`] printed as netplay's inventory HCL: what the playground's "Show as
//! inventory HCL" button shows for an imported node, and what reads back into the same
//! inventory (spans aside).
//!
//! Addresses are written as `host_network` blocks and `network_interface` when the reader
//! derives exactly the node's addresses from them, else as explicit `address` blocks (an
//! imported node's `NodeNetworks` often list addresses no derivation rebuilds).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::nodes::parse::node_addresses;
use crate::nodes::{AllocStatus, ClientStatus, DesiredStatus, ExistingAlloc, Inventory, NetworkUse, Node, NodeAddress};

/// Prints `inventory` as inventory HCL.
pub fn to_hcl(inventory: &Inventory) -> String {
    let mut out = String::new();
    for (i, node) in inventory.nodes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_node(&mut out, node);
    }
    out
}

/// An HCL string literal: quotes, escapes, and `${`/`%{` doubled so they stay literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A map as an object attribute (`name = { "key" = "value" }`): keys such as `kernel.name`
/// are not HCL identifiers, so every key is quoted.
fn write_map(out: &mut String, indent: &str, name: &str, map: &BTreeMap<String, String>) {
    if map.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}{name} = {{");
    for (k, v) in map {
        let _ = writeln!(out, "{indent}  {} = {}", quote(k), quote(v));
    }
    let _ = writeln!(out, "{indent}}}");
}

fn write_node(out: &mut String, node: &Node) {
    let _ = writeln!(out, "node {} {{", quote(&node.name));
    if let Some(id) = &node.id {
        let _ = writeln!(out, "  id = {}", quote(id));
    }
    if let Some(dc) = &node.datacenter {
        let _ = writeln!(out, "  datacenter = {}", quote(dc));
    }
    let c = &node.capacity;
    let dims = [("cpu", c.cpu), ("memory", c.memory_mb), ("disk", c.disk_mb), ("iops", c.iops)];
    if dims.iter().any(|(_, v)| v.is_some()) {
        out.push_str("  resources {\n");
        for (key, value) in dims {
            if let Some(v) = value {
                let _ = writeln!(out, "    {key} = {v}");
            }
        }
        out.push_str("  }\n");
    }
    for n in &node.networks {
        let _ = writeln!(
            out,
            "  network {{\n    device = {}\n    cidr   = {}\n    mbits  = {}\n  }}",
            quote(&n.device),
            quote(&n.cidr.to_string()),
            n.mbits
        );
    }
    write_addresses(out, node);
    if let Some(min) = node.dynamic_range.0 {
        let _ = writeln!(out, "  min_dynamic_port = {min}");
    }
    if let Some(max) = node.dynamic_range.1 {
        let _ = writeln!(out, "  max_dynamic_port = {max}");
    }
    if !node.bridge {
        out.push_str("  bridge = false\n");
    }
    if !node.cni.is_empty() {
        let names: Vec<String> = node.cni.iter().map(|c| quote(c)).collect();
        let _ = writeln!(out, "  cni = [{}]", names.join(", "));
    }
    write_map(out, "  ", "meta", &node.meta);
    write_map(out, "  ", "attributes", &node.attributes);
    write_reserved(out, node);
    for alloc in &node.allocs {
        write_alloc(out, alloc);
    }
    out.push_str("}\n");
}

/// `network_interface` and `host_network` blocks when they rebuild the node's addresses,
/// else the addresses one by one.
fn write_addresses(out: &mut String, node: &Node) {
    let default_device = node.addresses.iter().find(|a| a.alias == "default").map(|a| a.device.as_str());
    let first_device = node.networks.first().map(|n| n.device.as_str());
    let derived = node_addresses(&node.networks, &node.host_networks, default_device.or(first_device));
    let derivable = derived == node.addresses && (default_device.is_some() || first_device.is_none());
    if derivable && let Some(dev) = default_device.filter(|d| Some(*d) != first_device) {
        let _ = writeln!(out, "  network_interface = {}", quote(dev));
    }
    for h in &node.host_networks {
        let _ = writeln!(out, "  host_network {} {{", quote(&h.name));
        let cidrs: Vec<String> = h.cidrs.iter().map(ToString::to_string).collect();
        if !cidrs.is_empty() {
            let _ = writeln!(out, "    cidr = {}", quote(&cidrs.join(",")));
        }
        if let Some(i) = &h.interface {
            let _ = writeln!(out, "    interface = {}", quote(i));
        }
        if !h.reserved_ports.is_empty() {
            let _ = writeln!(out, "    reserved_ports = {}", quote(&h.reserved_ports));
        }
        out.push_str("  }\n");
    }
    if !derivable {
        for a in &node.addresses {
            write_address(out, a);
        }
    }
}

fn write_address(out: &mut String, a: &NodeAddress) {
    let _ = writeln!(out, "  address {} {{\n    ip = {}", quote(&a.alias), quote(&a.ip.to_string()));
    if !a.device.is_empty() {
        let _ = writeln!(out, "    device = {}", quote(&a.device));
    }
    if !a.reserved_ports.is_empty() {
        let _ = writeln!(out, "    reserved_ports = {}", quote(&a.reserved_ports));
    }
    out.push_str("  }\n");
}

fn write_reserved(out: &mut String, node: &Node) {
    let r = &node.reserved;
    if r.cpu == 0
        && r.memory_mb == 0
        && r.disk_mb == 0
        && r.iops == 0
        && r.networks.is_empty()
        && r.reserved_ports.is_empty()
    {
        return;
    }
    out.push_str("  reserved {\n");
    for (key, v) in [("cpu", r.cpu), ("memory", r.memory_mb), ("disk", r.disk_mb), ("iops", r.iops)] {
        if v != 0 {
            let _ = writeln!(out, "    {key} = {v}");
        }
    }
    if !r.reserved_ports.is_empty() {
        let _ = writeln!(out, "    reserved_ports = {}", quote(&r.reserved_ports));
    }
    for n in &r.networks {
        write_network_use(out, "    ", n);
    }
    out.push_str("  }\n");
}

fn write_network_use(out: &mut String, indent: &str, n: &NetworkUse) {
    let _ = writeln!(out, "{indent}network {{");
    let _ = writeln!(out, "{indent}  device = {}", quote(&n.device));
    let _ = writeln!(out, "{indent}  ip     = {}", quote(&n.ip.to_string()));
    if n.mbits != 0 {
        let _ = writeln!(out, "{indent}  mbits  = {}", n.mbits);
    }
    for p in &n.ports {
        let _ = writeln!(out, "{indent}  port {} {{ static = {} }}", quote(&p.label), p.value);
    }
    let _ = writeln!(out, "{indent}}}");
}

fn write_alloc(out: &mut String, alloc: &ExistingAlloc) {
    let _ = writeln!(out, "  alloc {} {{", quote(&alloc.name));
    if let Some(job) = &alloc.job {
        let _ = writeln!(out, "    job = {}", quote(job));
    }
    let AllocStatus { desired, client } = alloc.status;
    if desired != DesiredStatus::default() {
        let _ = writeln!(out, "    desired_status = {}", quote(desired_text(desired)));
    }
    if client != ClientStatus::default() {
        let _ = writeln!(out, "    client_status = {}", quote(client_text(client)));
    }
    for p in &alloc.ports {
        let _ = write!(
            out,
            "    port {} {{ static = {}  host_ip = {}",
            quote(&p.label),
            p.value,
            quote(&p.host_ip.to_string())
        );
        if p.ignore_collision {
            out.push_str("  ignore_collision = true");
        }
        out.push_str(" }\n");
    }
    for n in &alloc.networks {
        write_network_use(out, "    ", n);
    }
    for t in &alloc.tasks {
        let _ = writeln!(out, "    task {} {{", quote(&t.name));
        let dims = [("cpu", t.cpu), ("memory", t.memory_mb), ("disk", t.disk_mb), ("iops", t.iops)];
        if dims.iter().any(|(_, v)| *v != 0) {
            let parts: Vec<String> = dims.iter().filter(|(_, v)| *v != 0).map(|(k, v)| format!("{k} = {v}")).collect();
            let _ = writeln!(out, "      resources {{\n        {}\n      }}", parts.join("\n        "));
        }
        if let Some(n) = &t.network {
            write_network_use(out, "      ", n);
        }
        out.push_str("    }\n");
    }
    out.push_str("  }\n");
}

/// The inventory's spelling of a desired status.
pub fn desired_text(status: DesiredStatus) -> &'static str {
    match status {
        DesiredStatus::Run => "run",
        DesiredStatus::Stop => "stop",
        DesiredStatus::Evict => "evict",
        DesiredStatus::Failed => "failed",
    }
}

/// The inventory's spelling of a client status.
pub fn client_text(status: ClientStatus) -> &'static str {
    match status {
        ClientStatus::Pending => "pending",
        ClientStatus::Running => "running",
        ClientStatus::Dead => "dead",
        ClientStatus::Complete => "complete",
        ClientStatus::Failed => "failed",
        ClientStatus::Lost => "lost",
        ClientStatus::Unknown => "unknown",
    }
}

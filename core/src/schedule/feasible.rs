//! Nomad 1.x network feasibility: does the node offer the group network's mode, and every
//! host network its ports name (after `${meta.<key>}` interpolation)?

use crate::jobspec::NetworkAsk;
use crate::nodes::Node;

/// Checks a group network against a node. The error is Nomad's filter reason.
pub fn network_feasible(net: &NetworkAsk, node: &Node) -> Result<(), String> {
    let mode = net.mode.as_str();
    if mode == "none" {
        return Ok(());
    }
    let has_mode = match mode {
        "" | "host" => !node.networks.is_empty(),
        "bridge" => node.bridge,
        _ => mode.strip_prefix("cni/").is_some_and(|name| node.cni.iter().any(|c| c == name)),
    };
    if !has_mode {
        return Err("missing network".to_string());
    }
    for port in net.reserved_ports.iter().chain(&net.dynamic_ports) {
        let alias = resolve_host_network(&port.host_network, node).ok_or_else(|| {
            format!("invalid host network {:?} template for port {:?}", port.host_network, port.label)
        })?;
        if !node.addresses.iter().any(|a| a.alias == alias) {
            return Err(format!("missing host network {alias:?} for port {:?}", port.label));
        }
    }
    Ok(())
}

/// Interpolates a `host_network` value against the node: `${meta.<key>}` and
/// `${node.unique.name}`. Anything else in `${...}`, or a missing meta key, gives `None`, as
/// Nomad fails when the node lacks the value.
pub fn resolve_host_network(template: &str, node: &Node) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        let key = after[..end].trim();
        let value = if let Some(meta) = key.strip_prefix("meta.") {
            node.meta.get(meta)?.as_str()
        } else if key == "node.unique.name" {
            node.name.as_str()
        } else {
            return None;
        };
        out.push_str(value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

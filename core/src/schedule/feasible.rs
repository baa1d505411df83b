//! Nomad 1.x network feasibility: does the node offer the group network's mode, and every
//! host network its ports name (after Nomad's `${meta.<key>}`, `${attr.<key>}` and `${node.*}`
//! resolution)?

use crate::jobspec::NetworkAsk;
use crate::nodes::Node;
use crate::runtime;

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

/// Resolves a port's `host_network` against a node as Nomad's scheduler does
/// (`resolveTarget`). A value that does not start with `${` is the alias itself. Otherwise the
/// whole value must be one of `${node.unique.id}`, `${node.datacenter}`, `${node.unique.name}`,
/// `${node.class}`, `${node.pool}`, `${attr.<key>}` or `${meta.<key>}`; anything else, or an
/// attribute or meta key the node lacks, gives `None` (Nomad's "invalid host network template").
/// Only a whole value is replaced: `public-${meta.x}` names the alias `public-${meta.x}`, and
/// `${meta.x}-b` looks up the meta key `x}-b`, as in Nomad.
///
/// Where the inventory is silent: the datacenter is `dc1`, the pool `default` and the class
/// empty (Nomad's defaults); a node without an `id` has no `${node.unique.id}`; meta falls back
/// to the Connect defaults every client sets.
pub fn resolve_host_network(template: &str, node: &Node) -> Option<String> {
    if !template.starts_with("${") {
        return Some(template.to_string());
    }
    let value = match template {
        "${node.unique.id}" => node.id.as_deref()?,
        "${node.datacenter}" => runtime::node_datacenter(node),
        "${node.unique.name}" => node.name.as_str(),
        "${node.class}" => "",
        "${node.pool}" => runtime::DEFAULT_NODE_POOL,
        _ => {
            if let Some(rest) = template.strip_prefix("${attr.") {
                node.attributes.get(rest.strip_suffix('}').unwrap_or(rest))?.as_str()
            } else if let Some(rest) = template.strip_prefix("${meta.") {
                runtime::node_meta(node, rest.strip_suffix('}').unwrap_or(rest))?
            } else {
                return None;
            }
        }
    };
    Some(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node() -> Node {
        let mut node = Node::named("client-1");
        node.meta.insert("net".into(), "public".into());
        node.attributes.insert("unique.network.ip-address".into(), "10.0.0.7".into());
        node.datacenter = Some("eu-west".into());
        node
    }

    #[test]
    fn whole_values_resolve_as_nomads_resolve_target() {
        let n = node();
        let resolved = |t: &str| resolve_host_network(t, &n);
        assert_eq!(resolved("public").as_deref(), Some("public"));
        assert_eq!(resolved("${meta.net}").as_deref(), Some("public"));
        assert_eq!(resolved("${attr.unique.network.ip-address}").as_deref(), Some("10.0.0.7"));
        assert_eq!(resolved("${node.datacenter}").as_deref(), Some("eu-west"));
        assert_eq!(resolved("${node.unique.name}").as_deref(), Some("client-1"));
        assert_eq!(resolved("${node.pool}").as_deref(), Some("default"));
        assert_eq!(resolved("${node.class}").as_deref(), Some(""));
        assert_eq!(resolved("${meta.connect.log_level}").as_deref(), Some("info"), "a client's Connect default");
    }

    #[test]
    fn what_nomad_cannot_resolve_fails() {
        let n = node();
        assert_eq!(resolve_host_network("${meta.missing}", &n), None);
        assert_eq!(resolve_host_network("${attr.missing}", &n), None);
        assert_eq!(resolve_host_network("${node.unique.id}", &n), None, "the inventory gave no id");
        assert_eq!(resolve_host_network("${env.X}", &n), None);
        assert_eq!(resolve_host_network("${meta.net}-b", &n), None, "the key is `net}}-b`");
    }

    #[test]
    fn a_node_id_from_the_inventory_names_the_host_network() {
        let n = Node { id: Some("4f2a".into()), ..node() };
        assert_eq!(resolve_host_network("${node.unique.id}", &n).as_deref(), Some("4f2a"));
    }

    #[test]
    fn only_a_whole_value_is_replaced() {
        assert_eq!(resolve_host_network("public-${meta.net}", &node()).as_deref(), Some("public-${meta.net}"));
    }
}

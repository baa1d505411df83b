//! Nomad's `NetworkResource` as the API returns it (a node's task networks, the reserved
//! networks of 0.x nodes, an allocation's group and task networks), and its place on a node.

use std::net::IpAddr;

use crate::cluster::json::{Cursor, Read, Stop};
use crate::cluster::not_an_ip;
use crate::diagnostic::Diagnostics;
use crate::nodes::{NetworkUse, NodeNetwork, UsedPort};
use crate::source::{SourceId, Span};

/// A `NetworkResource` (node task networks, reservations, allocations).
#[derive(Debug, Default, Clone)]
pub(crate) struct RawNetwork {
    pub mode: String,
    pub device: String,
    pub cidr: Option<(String, Span)>,
    pub ip: Option<(String, Span)>,
    pub mbits: Option<i64>,
    pub ports: Vec<UsedPort>,
    pub span: Span,
}

/// Reads one `NetworkResource` object.
pub(crate) fn network(c: &mut Cursor<'_, '_>) -> Read<RawNetwork> {
    let mut n = RawNetwork::default();
    let span = c.object(|c, key, _| {
        match key {
            "Mode" => n.mode = c.string()?.map(|s| s.0).unwrap_or_default(),
            "Device" => n.device = c.string()?.map(|s| s.0).unwrap_or_default(),
            "CIDR" => n.cidr = c.string()?.filter(|s| !s.0.is_empty()),
            "IP" => n.ip = c.string()?.filter(|s| !s.0.is_empty()),
            "MBits" => n.mbits = c.int()?.map(|v| v.0),
            "ReservedPorts" | "DynamicPorts" => {
                c.array(|c, _| {
                    let mut label = String::new();
                    let mut value = None;
                    let span = c.object(|c, key, _| {
                        match key {
                            "Label" => label = c.string()?.map(|s| s.0).unwrap_or_default(),
                            "Value" => value = c.int()?,
                            _ => c.skip()?,
                        }
                        Ok(())
                    })?;
                    if let (Some(span), Some((value, _))) = (span, value) {
                        n.ports.push(UsedPort { label, value, span });
                    }
                    Ok(())
                })?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(span.map(|span| RawNetwork { span, ..n }))
}

/// Reads a list of `NetworkResource` objects into `into`.
pub(crate) fn networks(c: &mut Cursor<'_, '_>, into: &mut Vec<RawNetwork>) -> Result<(), Stop> {
    c.array(|c, _| {
        if let Some(n) = network(c)? {
            into.push(n);
        }
        Ok(())
    })?;
    Ok(())
}

/// A reservation's or allocation's network on a node: its device defaults to the node's
/// first network, its address to that network's address.
pub(crate) fn network_use(
    diags: &mut Diagnostics,
    source: SourceId,
    n: &RawNetwork,
    networks: &[NodeNetwork],
) -> Option<NetworkUse> {
    let device = if n.device.is_empty() { networks.first().map(|n| n.device.clone()) } else { Some(n.device.clone()) };
    let (ip, ip_span) = match &n.ip {
        Some((text, span)) => match text.parse::<IpAddr>() {
            Ok(ip) => (ip, *span),
            Err(_) => {
                diags.push(not_an_ip(source, *span, text));
                return None;
            }
        },
        None => (networks.iter().find(|x| Some(&x.device) == device.as_ref())?.cidr.addr, n.span),
    };
    Some(NetworkUse {
        device: device.unwrap_or_default(),
        ip,
        ip_span,
        mbits: n.mbits.unwrap_or(0),
        ports: n.ports.clone(),
        span: n.span,
    })
}

//! A Nomad client agent configuration (the HCL file with a `client` block, or its JSON form,
//! [`super::agent_json`]) together with the host's addresses as `ip -j addr` prints them,
//! turned into the node that client would register, as Nomad's network fingerprint derives it:
//!
//! - every address of every interface gets the name of each `host_network` whose `cidr`
//!   (comma-separated; empty matches all) contains it and whose `interface` (empty: any)
//!   is its interface, in file order, plus `default` on the `network_interface`; addresses
//!   without a name are dropped, link-local addresses are used only when an interface has
//!   nothing else; each address reserves its host network's `reserved_ports`;
//! - the `network_interface`'s addresses are also the node's task networks
//!   (`IP/32`, `IP/128`) with `network_speed` MBits (default 1000);
//! - `reserved { cpu, memory, disk, reserved_ports }`, `min_dynamic_port`/`max_dynamic_port`,
//!   `meta`, the top-level `name` and `datacenter` carry over;
//! - `client_min_port`-`client_max_port` (default 14000-14512) is added to the reserved ports
//!   by Windows clients only (Nomad's agent does so since 0.3.1 on Windows alone); addresses
//!   from Linux's `ip` mean a Linux client, so the range stays free, and a note says so.
//!
//! Where Nomad asks the host and netplay cannot: without `network_interface`, Nomad takes
//! the interface of the default route, which `ip addr` does not show; netplay takes the first
//! interface that is up, not a loopback, and has an address that is not link-local, and says
//! so. Link speeds are not in `ip addr`: 1000 MBits unless `network_speed` is set.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::cidr::Cidr;
use crate::cluster::json::{Cursor, Stop};
use crate::cluster::not_an_ip;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::nodes::parse::DEFAULT_MBITS;
use crate::nodes::{Capacity, HostNetwork, Inventory, Node, NodeAddress, NodeNetwork, Reserved};
use crate::port_range::{parse_port_ranges, reject_65536};
use crate::source::{SourceId, Span};
use crate::syntax::read::{Conversion, Reader};
use crate::syntax::{Body, Item};

const SRC: SourceId = SourceId::Nodes;
/// The client's own port range when the configuration sets none.
pub const CLIENT_PORTS: (i64, i64) = (14_000, 14_512);

/// True when an inventory text is an agent configuration: a `client` block and no `node`.
pub fn is_agent_config(body: &Body) -> bool {
    body.items_named("client").next().is_some() && body.items_named("node").next().is_none()
}

/// One interface of `ip -j addr`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interface {
    /// `ifname`.
    pub name: String,
    /// `flags` holds `UP`.
    pub up: bool,
    /// `flags` holds `LOOPBACK`.
    pub loopback: bool,
    /// `addr_info[].local`, in order.
    pub addresses: Vec<IpAddr>,
}

/// Reads `ip -j addr` output.
pub fn read_interfaces(c: &mut Cursor<'_, '_>) -> Result<Vec<Interface>, Stop> {
    let mut out = Vec::new();
    c.array(|c, _| {
        let mut iface = Interface::default();
        c.object(|c, key, _| {
            match key {
                "ifname" => iface.name = c.string()?.map(|s| s.0).unwrap_or_default(),
                "flags" => {
                    c.array(|c, _| {
                        match c.string()?.map(|s| s.0).as_deref() {
                            Some("UP") => iface.up = true,
                            Some("LOOPBACK") => iface.loopback = true,
                            _ => {}
                        }
                        Ok(())
                    })?;
                }
                "addr_info" => {
                    c.array(|c, _| {
                        c.object(|c, key, _| {
                            if key == "local" {
                                if let Some((text, span)) = c.string()? {
                                    match text.parse::<IpAddr>() {
                                        Ok(ip) => iface.addresses.push(ip),
                                        Err(_) => c.diags.push(not_an_ip(c.source(), span, &text)),
                                    }
                                }
                                Ok(())
                            } else {
                                c.skip()
                            }
                        })?;
                        Ok(())
                    })?;
                }
                _ => c.skip()?,
            }
            Ok(())
        })?;
        // `ip -j` prints `{}` for interfaces it has nothing to say about.
        if !iface.name.is_empty() {
            out.push(iface);
        }
        Ok(())
    })?;
    c.finish()?;
    Ok(out)
}

/// The `client` settings netplay reads.
#[derive(Debug, Default)]
struct Client {
    network_interface: Option<(String, Span)>,
    network_speed: Option<i64>,
    min_dynamic: Option<i64>,
    max_dynamic: Option<i64>,
    client_ports: (i64, i64),
    reserved: Reserved,
    host_networks: Vec<HostNetwork>,
    meta: BTreeMap<String, String>,
    memory_total: Option<i64>,
    cpu_total: Option<i64>,
    disk_total: Option<i64>,
}

/// Derives the node of an agent configuration. `interfaces` is the `ip -j addr` output, if
/// given; without it the result is an error saying how to get it.
pub fn derive(body: &Body, interfaces: Option<&[Interface]>, diags: &mut Diagnostics) -> Inventory {
    let read = Reader::new(SRC, Conversion::Weak);
    let Some(client_item) = body.items_named("client").last() else { return Inventory::default() };
    let Some(client_body) = client_item.body() else { return Inventory::default() };
    let Some(interfaces) = interfaces else {
        diags.push(
            Diagnostic::error(
                Code::MissingInput,
                SRC,
                client_item.name_span(),
                "a client agent configuration needs the host's addresses to become a node",
            )
            .with_help(
                "run `ip -j addr > addrs.json` on the client and pass it with `--interfaces addrs.json` \
                 (in the playground: drop the file on the inventory editor or use Add interfaces…), or paste \
                 the node from `curl $NOMAD_ADDR/v1/node/<id>` instead",
            ),
        );
        return Inventory::default();
    };
    let client = client_settings(client_body, &read, diags);
    let top_string = |key: &str| body.last_named(key).and_then(|i| read.string(&i.value, key).ok());
    let name = top_string("name").unwrap_or_else(|| "client".to_string());
    let default_iface = match &client.network_interface {
        Some((name, span)) => {
            if !interfaces.iter().any(|i| &i.name == name) {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownDevice,
                        SRC,
                        *span,
                        format!(
                            "Error while detecting network interface {name} during fingerprinting: no such interface"
                        ),
                    )
                    .with_help("`network_interface` names one of the interfaces in the `ip -j addr` output"),
                );
                return Inventory::default();
            }
            Some(name.clone())
        }
        None => {
            let guess = interfaces
                .iter()
                .find(|i| i.up && !i.loopback && i.addresses.iter().any(|a| !link_local(*a)))
                .map(|i| i.name.clone());
            diags.push(
                Diagnostic::info(
                    Code::NotEvaluated,
                    SRC,
                    client_item.name_span(),
                    format!(
                        "no `network_interface`: Nomad takes the interface of the default route; netplay takes {}",
                        guess
                            .as_deref()
                            .map_or("none (no interface is up with an address)".to_string(), |g| format!("`{g}`"))
                    ),
                )
                .with_help("set `network_interface` to name the interface yourself"),
            );
            guess
        }
    };
    let mut addresses = Vec::new();
    let mut networks = Vec::new();
    for iface in interfaces {
        let mut usable = Vec::new();
        let mut link_locals = Vec::new();
        for &ip in &iface.addresses {
            for alias in aliases(&client.host_networks, &iface.name, ip, default_iface.as_deref()) {
                let reserved_ports = client
                    .host_networks
                    .iter()
                    .find(|h| h.name == alias)
                    .map(|h| h.reserved_ports.clone())
                    .unwrap_or_default();
                let address = NodeAddress { alias, ip, device: iface.name.clone(), reserved_ports };
                if link_local(ip) { link_locals.push(address) } else { usable.push(address) }
            }
        }
        addresses.extend(if usable.is_empty() { link_locals } else { usable });
        if default_iface.as_deref() == Some(iface.name.as_str()) {
            let plain: Vec<IpAddr> = iface.addresses.iter().copied().filter(|a| !link_local(*a)).collect();
            let chosen = if plain.is_empty() { iface.addresses.clone() } else { plain };
            for ip in chosen {
                let prefix = if ip.is_ipv4() { 32 } else { 128 };
                if let Ok(cidr) = format!("{ip}/{prefix}").parse::<Cidr>() {
                    networks.push(NodeNetwork {
                        device: iface.name.clone(),
                        cidr,
                        mbits: client.network_speed.unwrap_or(DEFAULT_MBITS),
                        span: client_item.name_span(),
                    });
                }
            }
        }
    }
    diags.push(
        Diagnostic::info(
            Code::NotEvaluated,
            SRC,
            client_item.name_span(),
            format!(
                "client ports {}-{} are reserved by Windows clients only; addresses from `ip` mean Linux, so they \
                 stay free",
                client.client_ports.0, client.client_ports.1
            ),
        )
        .with_help("add them to `reserved { reserved_ports }` if this client runs Windows"),
    );
    let node = Node {
        capacity: Capacity {
            cpu: client.cpu_total,
            memory_mb: client.memory_total,
            disk_mb: client.disk_total,
            iops: None,
        },
        networks,
        reserved: client.reserved,
        meta: client.meta,
        datacenter: top_string("datacenter"),
        dynamic_range: (client.min_dynamic, client.max_dynamic),
        host_networks: client.host_networks,
        addresses,
        span: client_item.name_span(),
        ..Node::named(&name)
    };
    Inventory { nodes: vec![node] }
}

/// Nomad's `deriveAddressAliases`: the host networks an address belongs to, then `default`.
pub fn aliases(host_networks: &[HostNetwork], iface: &str, ip: IpAddr, default_iface: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = host_networks
        .iter()
        .filter(|h| h.cidrs.is_empty() || h.cidrs.iter().any(|c| c.contains(ip)))
        .filter(|h| h.interface.as_deref().is_none_or(|i| i == iface))
        .map(|h| h.name.clone())
        .collect();
    if default_iface == Some(iface) {
        out.push("default".to_string());
    }
    out
}

/// Go's `IsLinkLocalUnicast() || IsLinkLocalMulticast()`.
fn link_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local() || (v4.octets()[0] == 224 && v4.octets()[1] == 0 && v4.octets()[2] == 0),
        IpAddr::V6(v6) => {
            let s = v6.segments()[0];
            (s & 0xffc0) == 0xfe80 || (s & 0xff0f) == 0xff02
        }
    }
}

/// `reserved.reserved_ports` with the client's own range appended, as a Windows agent does.
pub fn reserve_client_ports(reserved_ports: &str, (min, max): (i64, i64)) -> String {
    if reserved_ports.is_empty() { format!("{min}-{max}") } else { format!("{reserved_ports},{min}-{max}") }
}

fn client_settings(body: &Body, read: &Reader, diags: &mut Diagnostics) -> Client {
    let int = |key: &str, diags: &mut Diagnostics| -> Option<i64> {
        let item = body.last_named(key)?;
        read.int(&item.value, key).map_err(|d| diags.push(d)).ok()
    };
    let mut client = Client {
        network_interface: body.last_named("network_interface").and_then(|i| {
            read.string(&i.value, "network_interface").map_err(|d| diags.push(d)).ok().map(|s| (s, i.value.span))
        }),
        network_speed: int("network_speed", diags).filter(|n| *n > 0),
        min_dynamic: int("min_dynamic_port", diags).filter(|n| *n > 0),
        max_dynamic: int("max_dynamic_port", diags).filter(|n| *n > 0),
        memory_total: int("memory_total_mb", diags).filter(|n| *n > 0),
        cpu_total: int("cpu_total_compute", diags).filter(|n| *n > 0),
        disk_total: int("disk_total_mb", diags).filter(|n| *n > 0),
        ..Client::default()
    };
    client.client_ports = (
        int("client_min_port", diags).filter(|n| *n > 0).unwrap_or(CLIENT_PORTS.0),
        int("client_max_port", diags).filter(|n| *n > 0).unwrap_or(CLIENT_PORTS.1),
    );
    if let Some(r) = body.last_named("reserved").and_then(Item::body) {
        let dim = |key: &str, diags: &mut Diagnostics| {
            r.last_named(key).and_then(|i| read.int(&i.value, key).map_err(|d| diags.push(d)).ok()).unwrap_or(0)
        };
        client.reserved.cpu = dim("cpu", diags);
        client.reserved.memory_mb = dim("memory", diags);
        client.reserved.disk_mb = dim("disk", diags);
        if let Some((spec, span)) = port_ranges(r, "reserved.reserved_ports", read, diags) {
            client.reserved.reserved_ports = spec;
            client.reserved.reserved_ports_span = span;
        }
    }
    for item in body.items_named("host_network") {
        let (Some(key), Some(h)) = (item.labels().first(), item.body()) else { continue };
        let setting = format!("host_network[{:?}].reserved_ports", key.text);
        let cidr_text =
            h.last_named("cidr").and_then(|c| read.string(&c.value, "cidr").map_err(|d| diags.push(d)).ok());
        let cidrs = cidr_text
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse::<Cidr>().ok())
            .collect();
        let interface = h
            .last_named("interface")
            .and_then(|i| read.string(&i.value, "interface").map_err(|d| diags.push(d)).ok())
            .filter(|s| !s.is_empty());
        let reserved_ports = port_ranges(h, &setting, read, diags).map(|(s, _)| s).unwrap_or_default();
        client.host_networks.push(HostNetwork {
            name: key.text.clone(),
            cidrs,
            interface,
            reserved_ports,
            span: item.span,
        });
    }
    for item in body.items_named("meta") {
        for entry in item.body().map(|b| b.items.as_slice()).unwrap_or_default() {
            if let Ok(v) = read.string(&entry.value, entry.name()) {
                client.meta.insert(entry.name().to_string(), v);
            }
        }
    }
    client
}

/// A `reserved_ports` string checked with Nomad's parser and the agent's message.
fn port_ranges(body: &Body, setting: &str, read: &Reader, diags: &mut Diagnostics) -> Option<(String, Span)> {
    let item = body.last_named("reserved_ports")?;
    let spec = read.string(&item.value, "reserved_ports").map_err(|d| diags.push(d)).ok()?;
    let checked = parse_port_ranges(&spec).map_err(|e| e.to_string()).and_then(|ports| reject_65536(&ports));
    match checked {
        Ok(()) => Some((spec, item.value.span)),
        Err(err) => {
            diags.push(
                Diagnostic::error(Code::BadPort, SRC, item.value.span, format!("{setting} {spec:?} invalid: {err}"))
                    .with_help("write ports and ranges separated by commas, as in `\"22,80,8000-8100\"`"),
            );
            None
        }
    }
}

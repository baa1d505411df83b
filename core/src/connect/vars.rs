//! The environment variables Consul Connect gives tasks.
//!
//! - Every task of a group whose services have sidecar upstreams gets
//!   `NOMAD_UPSTREAM_IP_<name>` = `127.0.0.1` (the sidecar listens on the loopback),
//!   `NOMAD_UPSTREAM_PORT_<name>` = `local_bind_port` and `NOMAD_UPSTREAM_ADDR_<name>`, each
//!   under the destination name as written and cleaned (`count-api` → `count_api`).
//! - Proxy and gateway tasks get `NOMAD_ENVOY_ADMIN_ADDR_<service>` and
//!   `NOMAD_ENVOY_READY_ADDR_<service>` (names cleaned) from the Envoy bootstrap hook: on
//!   `127.0.0.2` and `127.0.0.1`, at 19000 and 19100 plus the task's position in the group in
//!   bridge mode; in host mode at the static value of the service's port label (0 when it has
//!   none: Nomad reads the job's port, not the allocated one).
//! - A Connect native task in bridge mode gets `CONSUL_HTTP_ADDR` =
//!   `unix:///alloc/tmp/consul_http.sock` unless its `env` sets it; in host mode the client's
//!   own Consul address, which the inventory does not say.

use crate::env::{EnvSource, PortField, clean_env_var, join_host_port};
use crate::jobspec::{Group, Task};

/// Where sidecars bind upstreams.
const UPSTREAM_IP: &str = "127.0.0.1";
/// Envoy's admin listener address and first port (bridge mode).
const ADMIN: (&str, i64) = ("127.0.0.2", 19_000);
/// Envoy's ready listener address and first port (bridge mode).
const READY: (&str, i64) = ("127.0.0.1", 19_100);

/// One variable: name, value, rule.
pub type Var = (String, String, EnvSource);

/// The upstream variables every task of `group` gets, in Nomad's order (raw, then cleaned).
pub fn upstreams(group: &Group) -> Vec<Var> {
    let mut out = Vec::new();
    for service in &group.services {
        let Some(sidecar) = service.connect.as_ref().and_then(|c| c.sidecar_service.as_ref()) else { continue };
        for up in &sidecar.upstreams {
            let port = up.local_bind_port.to_string();
            let addr = join_host_port(UPSTREAM_IP, up.local_bind_port);
            let cleaned = clean_env_var(&up.destination_name);
            for (name, is_cleaned) in [(up.destination_name.as_str(), false), (cleaned.as_str(), true)] {
                let src = |field| EnvSource::Upstream {
                    service: service.name.clone(),
                    destination: up.destination_name.clone(),
                    local_bind_port: up.local_bind_port,
                    field,
                    cleaned: is_cleaned,
                };
                out.push((format!("NOMAD_UPSTREAM_IP_{name}"), UPSTREAM_IP.to_string(), src(PortField::Ip)));
                out.push((format!("NOMAD_UPSTREAM_PORT_{name}"), port.clone(), src(PortField::Port)));
                out.push((format!("NOMAD_UPSTREAM_ADDR_{name}"), addr.clone(), src(PortField::Addr)));
            }
        }
    }
    out
}

/// The variables Connect's task hooks add to task `index` of `group` (after its `env` block).
pub fn hooks(group: &Group, index: usize, env: &[(String, String)]) -> Vec<Var> {
    let Some(task) = group.tasks.get(index) else { return Vec::new() };
    let Some(kind) = &task.kind else { return Vec::new() };
    let mode = group.networks.first().map_or("host", |n| if n.mode.is_empty() { "host" } else { n.mode.as_str() });
    if kind.prefix == super::NATIVE_PREFIX {
        if mode != "bridge" || env.iter().any(|(k, _)| k == "CONSUL_HTTP_ADDR") {
            return Vec::new();
        }
        let source = EnvSource::ConnectNative { service: kind.service.clone() };
        return vec![("CONSUL_HTTP_ADDR".into(), "unix:///alloc/tmp/consul_http.sock".into(), source)];
    }
    let mut out = Vec::new();
    for (prefix, (ip, base), ready) in
        [("NOMAD_ENVOY_ADMIN_ADDR_", ADMIN, false), ("NOMAD_ENVOY_READY_ADDR_", READY, true)]
    {
        let (port, how) = envoy_port(group, task, index, mode, base);
        let source = EnvSource::EnvoyListener { service: kind.service.clone(), ready, how };
        out.push((clean_env_var(&format!("{prefix}{}", kind.service)), join_host_port(ip, port), source));
    }
    out
}

/// The port of an Envoy listener and how it was chosen.
fn envoy_port(group: &Group, task: &Task, index: usize, mode: &str, base: i64) -> (i64, String) {
    if mode == "host" {
        let service = super::service_of(group, task);
        let label = service.map(|s| s.port_label()).unwrap_or_default();
        let value = group.networks.iter().flat_map(|n| n.ports()).find(|p| p.label == label).map_or(0, |p| p.value);
        return (value, format!("host mode: the static value of the service's port `{label}` (0 when dynamic)"));
    }
    let position = i64::try_from(index).unwrap_or(0);
    (base + position, format!("{base} plus the task's position {position} in the group"))
}

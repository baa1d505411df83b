//! `service`, `check` and `connect` blocks as a jobspec writes them (Nomad's `api.Service`,
//! `api.ServiceCheck`, `api.ConsulConnect`): only what decides an address, a port, an injected
//! task or a validation message is kept. [`super::service_parse`] reads them.

use crate::source::Span;

/// A `service` block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    /// Service name (Nomad's default when omitted: `<job>-<group>-<task>`).
    pub name: String,
    /// The `port` it advertises (a label or a number), with its span.
    pub port: Option<(String, Span)>,
    /// `address_mode` as written (`auto`, `host`, `driver`, `alloc`, `alloc_ipv6`).
    pub address_mode: Option<String>,
    /// Where `address_mode` is written.
    pub address_mode_span: Option<Span>,
    /// `address`: a custom advertise address, with its span.
    pub address: Option<(String, Span)>,
    /// `provider`: `consul` (default) or `nomad`, with its span.
    pub provider: Option<(String, Span)>,
    /// `task` of a group service (the task that implements it).
    pub task: Option<String>,
    /// `check` blocks, in file order.
    pub checks: Vec<Check>,
    /// The `connect` block, if any.
    pub connect: Option<Connect>,
    /// The block.
    pub span: Span,
}

impl Service {
    /// The provider, `consul` when not written.
    pub fn provider(&self) -> &str {
        self.provider.as_ref().map_or("consul", |(p, _)| p.as_str())
    }

    /// The `port` label or number, empty when not written.
    pub fn port_label(&self) -> &str {
        self.port.as_ref().map_or("", |(p, _)| p.as_str())
    }
}

/// A `check` block. The fields Nomad hashes into an exposed check's port label are kept too.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Check {
    /// `name` as written (empty: Nomad names it `service: "<service>" check`).
    pub name: String,
    /// `type` (`http`, `tcp`, `grpc`, `script`).
    pub kind: String,
    /// `port` (a label or a number), with its span.
    pub port: Option<(String, Span)>,
    /// `address_mode`, with its span.
    pub address_mode: Option<(String, Span)>,
    /// `path` of http checks.
    pub path: String,
    /// `protocol` of http checks.
    pub protocol: String,
    /// `expose = true`: the sidecar proxy exposes the check path.
    pub expose: bool,
    /// `task` (group services: the task whose driver runs a script check).
    pub task: Option<String>,
    /// Fields that only matter for the check's hash.
    pub details: CheckDetails,
    /// The block.
    pub span: Span,
}

impl Check {
    /// True for the check types that need a port (`http`, `tcp`, `grpc`).
    pub fn requires_port(&self) -> bool {
        matches!(self.kind.as_str(), "http" | "tcp" | "grpc")
    }

    /// The name Nomad gives it: as written, or `service: "<service>" check`.
    pub fn display_name(&self, service: &str) -> String {
        if self.name.is_empty() { format!("service: {service:?} check") } else { self.name.clone() }
    }
}

/// The rest of a check's fields, as written (durations as Go duration strings).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckDetails {
    /// `command`.
    pub command: String,
    /// `args`.
    pub args: Vec<String>,
    /// `interval`.
    pub interval: String,
    /// `timeout`.
    pub timeout: String,
    /// `method`.
    pub method: String,
    /// `body`.
    pub body: String,
    /// `on_update`.
    pub on_update: String,
    /// `notes`.
    pub notes: String,
    /// `tls_skip_verify`.
    pub tls_skip_verify: bool,
    /// `tls_server_name`.
    pub tls_server_name: String,
    /// `header { Name = ["value", ...] }`.
    pub header: Vec<(String, Vec<String>)>,
    /// `grpc_service`.
    pub grpc_service: String,
    /// `grpc_use_tls`.
    pub grpc_use_tls: bool,
    /// `success_before_passing`.
    pub success_before_passing: i64,
    /// `failures_before_critical`.
    pub failures_before_critical: i64,
    /// `failures_before_warning`.
    pub failures_before_warning: i64,
}

/// A `connect` block: exactly one of native, a sidecar or a gateway (Nomad checks that).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Connect {
    /// `native = true`.
    pub native: bool,
    /// `sidecar_service { ... }`.
    pub sidecar_service: Option<SidecarService>,
    /// `sidecar_task { ... }`: overrides of the injected proxy or gateway task.
    pub sidecar_task: Option<SidecarTask>,
    /// `gateway { ... }`.
    pub gateway: Option<Gateway>,
    /// The block.
    pub span: Span,
}

/// `sidecar_service { port, proxy { upstreams, expose, transparent_proxy } }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SidecarService {
    /// `port`: the label of the proxy's port (default `connect-proxy-<service>`).
    pub port: Option<(String, Span)>,
    /// `proxy { upstreams { ... } }`, in file order.
    pub upstreams: Vec<Upstream>,
    /// `proxy { transparent_proxy { ... } }` is present.
    pub transparent_proxy: bool,
    /// `disable_default_tcp_check`.
    pub disable_default_tcp_check: bool,
    /// The block.
    pub span: Span,
}

/// One `upstreams { ... }` block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Upstream {
    /// `destination_name`.
    pub destination_name: String,
    /// `local_bind_port`.
    pub local_bind_port: i64,
    /// `local_bind_address` (empty: not written).
    pub local_bind_address: String,
    /// `local_bind_socket_path` (empty: not written).
    pub local_bind_socket_path: String,
    /// The block.
    pub span: Span,
}

/// `sidecar_task { ... }`: what it overrides in the injected task.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SidecarTask {
    /// `name`.
    pub name: Option<String>,
    /// `driver`.
    pub driver: Option<String>,
    /// `config { args = [...] }` and the other port settings, when given.
    pub config: Option<super::DriverConfig>,
    /// `config` settings the runtime view shows.
    pub runtime: super::RuntimeConfig,
    /// `env`.
    pub env: Vec<(String, String)>,
    /// `meta`.
    pub meta: Vec<(String, String)>,
    /// `resources { cpu }`.
    pub cpu: Option<i64>,
    /// `resources { memory }`.
    pub memory_mb: Option<i64>,
    /// `shutdown_delay` is written.
    pub shutdown_delay: bool,
    /// The block.
    pub span: Span,
}

/// `gateway { proxy { ... } ingress | terminating | mesh { ... } }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Gateway {
    /// Which gateway.
    pub kind: Option<GatewayKind>,
    /// The `proxy` block sets its own bind addresses (Nomad then leaves them alone).
    pub custom_binds: bool,
    /// The block.
    pub span: Span,
}

/// The three kinds of Consul gateway.
#[derive(Debug, Clone, PartialEq)]
pub enum GatewayKind {
    /// `ingress { listener { port, protocol, service { name } } }`.
    Ingress {
        /// Listeners in file order.
        listeners: Vec<Listener>,
    },
    /// `terminating { service { name } }`.
    Terminating,
    /// `mesh {}`.
    Mesh,
}

impl GatewayKind {
    /// Nomad's task-kind prefix: `connect-ingress`, `connect-terminating`, `connect-mesh`.
    pub fn prefix(&self) -> &'static str {
        match self {
            GatewayKind::Ingress { .. } => "connect-ingress",
            GatewayKind::Terminating => "connect-terminating",
            GatewayKind::Mesh => "connect-mesh",
        }
    }

    /// `ingress`, `terminating` or `mesh`.
    pub fn word(&self) -> &'static str {
        match self {
            GatewayKind::Ingress { .. } => "ingress",
            GatewayKind::Terminating => "terminating",
            GatewayKind::Mesh => "mesh",
        }
    }
}

/// An ingress `listener`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listener {
    /// `port`: where Envoy listens inside the allocation.
    pub port: i64,
    /// `protocol` (`tcp` when not written).
    pub protocol: String,
    /// The `service { name }` entries.
    pub services: Vec<String>,
    /// The block.
    pub span: Span,
}

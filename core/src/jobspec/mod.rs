//! The parts of a Nomad jobspec that networking and placement depend on.
//!
//! [`parse`] turns a [`crate::syntax::Body`] into a [`Job`]; everything unrelated to networking
//! or placement (templates, artifacts, vault, ...) is not decoded, but every name in the file is
//! checked against Nomad's schema (`schema`), so a typo there is reported as Nomad reports it.

mod compat;
mod parse;
mod ports;
mod schema;
mod service;
mod service_parse;
mod service_validate;
mod validate;

pub use compat::suggest as suggest_version;
pub use parse::{parse, parse_with};
pub use service::{
    Check, CheckDetails, Connect, Gateway, GatewayKind, Listener, Service, SidecarService, SidecarTask, Upstream,
};
pub use validate::missing_tasks;

use std::collections::BTreeMap;

use crate::source::Span;

/// A job: what `nomad run` would submit.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The job ID (its label).
    pub id: String,
    /// Where the label is written.
    pub span: Span,
    /// Scheduler type.
    pub kind: JobType,
    /// Task groups, in Nomad's order: bare tasks under `job` first, then `group` blocks.
    pub groups: Vec<Group>,
    /// Job `meta`.
    pub meta: Vec<(String, String)>,
}

/// The scheduler a job uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum JobType {
    /// Long-running services (default).
    Service,
    /// Batch work: the limit iterator looks at 2 nodes.
    Batch,
    /// One instance on every node.
    System,
}

impl JobType {
    /// `service`, `batch` or `system`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobType::Service => "service",
            JobType::Batch => "batch",
            JobType::System => "system",
        }
    }
}

/// A task group: the unit that is placed on a node, `count` times.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    /// Group name.
    pub name: String,
    /// Where the name is written (the task's name for an implicit group).
    pub span: Span,
    /// How many instances to place.
    pub count: u32,
    /// Tasks in file order.
    pub tasks: Vec<Task>,
    /// Group `network` blocks (1.x); the scheduler uses the first.
    pub networks: Vec<NetworkAsk>,
    /// Group `service` blocks (1.x).
    pub services: Vec<Service>,
    /// Group `meta`.
    pub meta: Vec<(String, String)>,
    /// `shutdown_delay` is written (and not zero).
    pub shutdown_delay: bool,
}

/// A task inside a group.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    /// Task name.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// Driver name (`docker`, `exec`, `qemu`, ...).
    pub driver: String,
    /// The `resources` block, when present.
    pub resources: Option<TaskResources>,
    /// Driver settings that concern ports.
    pub config: DriverConfig,
    /// `service` blocks.
    pub services: Vec<Service>,
    /// Task `meta`, in file order (later keys override earlier ones).
    pub meta: Vec<(String, String)>,
    /// Task `env`, in file order.
    pub env: Vec<(String, String)>,
    /// Where each `env` value is written, by key.
    pub env_spans: BTreeMap<String, Span>,
    /// Driver settings shown with runtime values (docker `args`, `command`, `entrypoint`).
    pub runtime: RuntimeConfig,
    /// Inline `template` blocks.
    pub templates: Vec<Template>,
    /// `shutdown_delay` is written (and not zero).
    pub shutdown_delay: bool,
    /// The task's Connect role (Nomad's task `Kind`), set by job admission.
    pub kind: Option<TaskKind>,
}

/// What Consul Connect made of a task (Nomad's task `Kind`, `<prefix>:<service>`).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskKind {
    /// `connect-proxy`, `connect-native`, `connect-ingress`, `connect-terminating` or `connect-mesh`.
    pub prefix: &'static str,
    /// The service it serves.
    pub service: String,
    /// Set when job admission added the task: the rule in words (`added by Connect for service
    /// `count-api``).
    pub added: Option<String>,
}

/// Driver settings whose `${...}` the client substitutes when the task starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuntimeConfig {
    /// `args`, each with its span.
    pub args: Vec<(String, Span)>,
    /// `command`.
    pub command: Option<(String, Span)>,
    /// `entrypoint`.
    pub entrypoint: Vec<(String, Span)>,
    /// `image`.
    pub image: Option<(String, Span)>,
}

/// An inline `template { data = ... }` block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    /// `data`: the consul-template text.
    pub data: String,
    /// Where `data` is written.
    pub data_span: Span,
    /// `destination`.
    pub destination: String,
    /// `env = true`: the rendered file is read into the task's environment.
    pub env: bool,
    /// The block.
    pub span: Span,
}

/// A task's `resources` block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskResources {
    /// MHz.
    pub cpu: i64,
    /// MiB.
    pub memory_mb: i64,
    /// MiB.
    pub disk_mb: i64,
    /// IOPS weight.
    pub iops: i64,
    /// The task's network ask (at most one).
    pub network: Option<NetworkAsk>,
    /// The block.
    pub span: Span,
}

/// A `network` block: what a task (or, in 1.x, a group) asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetworkAsk {
    /// Networking mode (1.x group networks): `""`/`host`, `bridge`, `none`, `cni/<name>`.
    pub mode: String,
    /// `hostname` (bridge mode), with its span.
    pub hostname: Option<(String, Span)>,
    /// CNI args (1.x), key → value, with the span of each entry.
    pub cni_args: Vec<(String, String, Span)>,
    /// Bandwidth in MBits.
    pub mbits: i64,
    /// Where `mbits` is written, if it is.
    pub mbits_span: Option<Span>,
    /// Ports with `static > 0`, in file order.
    pub reserved_ports: Vec<PortAsk>,
    /// All other ports (dynamic), in file order.
    pub dynamic_ports: Vec<PortAsk>,
    /// The block.
    pub span: Span,
}

impl NetworkAsk {
    /// Static then dynamic ports, the order Nomad lists them in.
    pub fn ports(&self) -> impl Iterator<Item = &PortAsk> {
        self.reserved_ports.iter().chain(&self.dynamic_ports)
    }
}

/// One `port "<label>" { ... }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PortAsk {
    /// The label as written.
    pub label: String,
    /// Where the label is written.
    pub label_span: Span,
    /// The `static` value (0 or less means dynamic).
    pub value: i64,
    /// `to` (1.x): the port inside the network namespace; 0 unset, -1 "same as the host port".
    pub to: i64,
    /// `host_network` (1.x), `default` when not given; may hold `${meta.<key>}`.
    pub host_network: String,
    /// `ignore_collision` (1.x).
    pub ignore_collision: bool,
    /// Where `static`, `to` and `host_network` are written, if they are.
    pub spans: PortSpans,
    /// The whole `port` block.
    pub span: Span,
    /// Set when Nomad's job admission added the port (Connect), with the rule in words.
    pub injected: Option<String>,
}

/// Where the attributes of a `port` block are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PortSpans {
    /// `static = N`.
    pub value: Option<Span>,
    /// `to = N`.
    pub to: Option<Span>,
    /// `host_network = "..."`.
    pub host_network: Option<Span>,
    /// `ignore_collision = true`.
    pub ignore_collision: Option<Span>,
}

/// Driver configuration that affects ports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DriverConfig {
    /// Every `port_map` block, in file order (docker merges them; qemu allows one).
    pub port_maps: Vec<PortMap>,
    /// Docker `ports = [...]` (1.x): group port labels to publish, with spans.
    pub ports: Vec<(String, Span)>,
    /// Docker `network_mode`, when given.
    pub network_mode: Option<String>,
}

/// One `port_map` block: label → port inside the container or VM.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PortMap {
    /// Entries in file order.
    pub entries: Vec<PortMapEntry>,
    /// The block.
    pub span: Span,
}

/// `label = port` inside `port_map`.
#[derive(Debug, Clone, PartialEq)]
pub struct PortMapEntry {
    /// Port label.
    pub label: String,
    /// The mapped port, or the reason it is not a number (the driver refuses the task then).
    pub value: Result<i64, String>,
    /// The entry.
    pub span: Span,
}

//! The result of an analysis: what the CLI prints, the web app renders and the tests snapshot.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::env::EnvVar;
use crate::hcl2::VariableReport;
use crate::jobspec::JobType;
use crate::mapping::PublishedPort;
use crate::runtime::RuntimeValue;
use crate::services::ServiceResult;
use crate::source::Span;
use crate::version::NomadVersion;

/// Everything netplay computed from a jobspec and an inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Analysis {
    /// The Nomad version whose behaviour was reproduced.
    pub nomad: NomadVersion,
    /// The seed behind dynamic ports and the node shuffle.
    pub seed: u64,
    /// The job, when the jobspec had one.
    pub job: Option<JobInfo>,
    /// One entry per group instance, in placement order.
    pub placements: Vec<Placement>,
    /// Every node of the inventory, in inventory order.
    pub nodes: Vec<NodeReport>,
    /// The jobspec's declared HCL2 variables, with the value used and where it was set.
    pub variables: Vec<VariableReport>,
    /// Problems and remarks, ordered by source and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The jobspec is written for another Nomad version than the one analysed, when it says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub version_hint: Option<VersionHint>,
    /// Counts at a glance.
    pub summary: Summary,
}

impl Analysis {
    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// True when every instance found a node.
    pub fn all_placed(&self) -> bool {
        self.placements.iter().all(|p| p.node.is_some())
    }
}

/// A jobspec that makes sense under another Nomad version: which one, and why, in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionHint {
    /// The version to analyse it with instead.
    pub suggest: NomadVersion,
    /// Why, in one sentence.
    pub message: String,
    /// Where the jobspec shows it (the first such place).
    pub span: Span,
    /// The 1-based line of `span`.
    pub line: u32,
}

/// The job's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobInfo {
    /// Job ID.
    pub id: String,
    /// Scheduler type.
    #[serde(rename = "type")]
    pub kind: JobType,
    /// The order in which the scheduler walked the nodes (node names).
    pub node_order: Vec<String>,
    /// How many feasible nodes were compared per placement (0 for system jobs).
    pub limit: usize,
}

/// Counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    /// Group instances asked for.
    pub instances: usize,
    /// Instances placed.
    pub placed: usize,
    /// Error diagnostics.
    pub errors: usize,
    /// Warning diagnostics.
    pub warnings: usize,
}

/// One group instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Placement {
    /// `<job>.<group>[<index>]`, Nomad's allocation name.
    pub name: String,
    /// Group name.
    pub group: String,
    /// Instance index.
    pub index: u32,
    /// The node chosen, if any.
    pub node: Option<String>,
    /// The winning score, if placed.
    pub score: Option<f64>,
    /// Why it was not placed, if so.
    pub failure: Option<String>,
    /// The group network's ports (1.x), when placed and the group has one.
    pub group_network: Option<GroupNetworkResult>,
    /// The tasks with their network, mappings and env (empty when not placed).
    pub tasks: Vec<TaskResult>,
    /// Every service and check with the address and port it registers (1.x, when placed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<ServiceResult>>", optional))]
    pub services: Vec<ServiceResult>,
    /// Every node considered, in order.
    pub evaluated: Vec<Evaluated>,
}

/// One node's verdict for one instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evaluated {
    /// Node name.
    pub node: String,
    /// Whether it could take the instance.
    pub fit: bool,
    /// Its score, when it fit.
    pub score: Option<f64>,
    /// Nomad's reason, when it did not.
    pub reason: Option<String>,
    /// More about the reason (the colliding port, the bad reservation), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub detail: Option<String>,
    /// What would make the node fit, when it did not and netplay can say.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fix: Option<String>,
}

/// A placed instance's group network (1.x).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupNetworkResult {
    /// `host`, `bridge`, `none` or `cni/<name>` (empty means host).
    pub mode: String,
    /// The allocation's address inside its network namespace (bridge), as netplay assigns it.
    pub netns_ip: Option<String>,
    /// Every group port.
    pub ports: Vec<GroupPortResult>,
    /// Bridge/CNI port mappings: host address and port to the namespace port, tcp and udp.
    pub mappings: Vec<PublishedPort>,
}

/// One group port (Nomad's allocated port mapping).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupPortResult {
    /// Label.
    pub label: String,
    /// Static or dynamic.
    pub kind: PortKind,
    /// Host network alias it was placed on.
    pub host_network: String,
    /// Host address.
    pub host_ip: String,
    /// Host port.
    pub host: i64,
    /// `to` after allocation (0: not set; the host port is used inside too).
    pub to: i64,
    /// Why the port got this host address.
    pub address: AddressReason,
    /// Why the port exists when the jobspec does not write it (`added by Connect for service
    /// `count-api``).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rule: Option<String>,
}

/// Why a port or a task network got its host address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddressReason {
    /// The node interface the address is on.
    pub device: String,
    /// What picked the address.
    pub by: AddressBy,
    /// How many addresses that would have matched were passed over (the port was taken there,
    /// no dynamic port was left, or the device had no bandwidth left).
    pub passed_over: usize,
    /// The reason in words.
    pub why: String,
}

/// What picked an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AddressBy {
    /// No host network was asked for: the addresses of the node's default interface (its
    /// `network_interface`, else its first network) carry the alias `default`.
    DefaultInterface,
    /// A client `host_network` block whose `cidr` and `interface` the address matches.
    HostNetwork {
        /// The alias.
        name: String,
        /// Its address blocks (empty: any address).
        cidr: Vec<String>,
        /// The interface it is limited to, if any.
        interface: Option<String>,
        /// The port's `host_network` as written, when it is a template (`${meta.net}`).
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        template: Option<String>,
    },
    /// The walk of a node network's address block (task-level networks).
    NetworkWalk {
        /// The block walked.
        cidr: String,
    },
}

/// A task of a placed instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskResult {
    /// Task name.
    pub name: String,
    /// Driver.
    pub driver: String,
    /// The network offer, if the task asked for one.
    pub network: Option<NetworkResult>,
    /// Environment variables, sorted by name.
    pub env: Vec<EnvVar>,
    /// Docker port bindings (docker tasks with a network).
    pub docker_ports: Vec<PublishedPort>,
    /// QEMU network arguments (qemu tasks with one `port_map`).
    pub qemu_args: Vec<String>,
    /// Why the task exists when the jobspec does not write it (`added by Connect for service
    /// `count-api``).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rule: Option<String>,
    /// Driver settings and inline templates with their `${...}` substituted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<RuntimeValue>>", optional))]
    pub runtime: Vec<RuntimeValue>,
}

/// The address and ports a task got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NetworkResult {
    /// Device.
    pub device: String,
    /// IP address.
    pub ip: String,
    /// Bandwidth asked for.
    pub mbits: i64,
    /// Static ports then dynamic ports, in file order.
    pub ports: Vec<PortResult>,
    /// Why the task got this address.
    pub address: AddressReason,
}

/// Static or dynamic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum PortKind {
    /// `static = N`.
    Static,
    /// Picked by the scheduler.
    Dynamic,
}

/// One allocated port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PortResult {
    /// Label.
    pub label: String,
    /// Static or dynamic.
    pub kind: PortKind,
    /// Host port.
    pub host: i64,
    /// Port inside the container or VM, when the driver maps it.
    pub mapped: Option<i64>,
}

/// A node across all placements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NodeReport {
    /// Node name.
    pub name: String,
    /// Instances placed on it.
    pub placed: Vec<String>,
    /// How many times it was considered.
    pub evaluated: usize,
    /// Why it was turned down, with how many times.
    pub reasons: Vec<ReasonCount>,
}

/// A rejection reason and how often it occurred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReasonCount {
    /// Nomad's reason text.
    pub reason: String,
    /// Occurrences.
    pub count: usize,
    /// What would make the node fit, when netplay can say.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fix: Option<String>,
}

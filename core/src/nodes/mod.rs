//! The node inventory: netplay's own HCL format mirroring Nomad's node and allocation
//! structures (see the README for the full format).
//!
//! ```hcl
//! node "node-1" {
//!   resources { cpu = 4000  memory = 8192 }            # optional capacity
//!   network { device = "eth0"  cidr = "10.0.0.10/32"  mbits = 1000 }
//!   reserved {
//!     cpu = 100
//!     network { device = "eth0"  ip = "10.0.0.10"  mbits = 1  port "ssh" { static = 22 } }
//!   }
//!   alloc "cache" {
//!     job = "cache"                                     # optional: enables job anti-affinity
//!     task "redis" {
//!       resources { cpu = 500  memory = 256 }          # optional
//!       network { device = "eth0"  ip = "10.0.0.10"  mbits = 10  port "db" { static = 6379 } }
//!     }
//!   }
//! }
//! ```
//!
//! Nomad 1.x client settings (ignored under 0.2, with a warning):
//!
//! ```hcl
//! node "node-2" {
//!   meta { public_net = "public" }           # for `host_network = "${meta.public_net}"`
//!   network_interface = "eth0"               # the interface whose addresses get alias `default`
//!   min_dynamic_port  = 20000                # the node's dynamic range (inclusive)
//!   max_dynamic_port  = 32000
//!   bridge = true                            # bridge networking available (default true)
//!   cni    = ["mynet"]                       # CNI networks available
//!   network { device = "eth0"  cidr = "10.0.0.10/24" }
//!   network { device = "eth1"  cidr = "203.0.113.5/24" }
//!   host_network "public" { cidr = "203.0.113.0/24"  interface = "eth1"  reserved_ports = "22,80" }
//!   reserved { reserved_ports = "22,8000-8100" }
//!   alloc "web" {
//!     port "http" { static = 8080  host_ip = "10.0.0.10" }   # a group port held by the allocation
//!   }
//! }
//! ```
//!
//! What Nomad knows about a node besides its networks (imported nodes carry these; the
//! playground's "Inventory as HCL" prints them):
//!
//! ```hcl
//! node "edge-1" {
//!   id         = "5f1a2b3c-..."               # Nomad's node ID: allocation lists match by it
//!   datacenter = "dc1"
//!   attributes = { "kernel.name" = "linux" }  # for `${attr.<key>}`
//!   address "public" {                        # addresses as Nomad's `NodeNetworks` list them;
//!     ip = "203.0.113.5"  device = "eth1"     # given, they replace the ones derived from
//!     reserved_ports = "22"                   # `network`, `host_network`, `network_interface`
//!   }
//!   alloc "old" {
//!     network { device = "eth0"  ip = "10.0.0.10"  port "http" { static = 8080 } }  # group
//!   }                                         # network of an allocation without group ports
//! }
//! ```
//!
//! The same model is filled from Nomad's own data by [`crate::cluster`] (node JSON, node
//! lists, allocation lists, client agent configurations); [`check`] then gives every node the
//! inventory's warnings, and [`to_hcl`] prints an inventory back as this format.
//!
//! Choices where Nomad has no equivalent input: `mbits` of a node network defaults to 1000;
//! a reservation or allocation network without `device` uses the node's first network, and
//! without `ip` the address part of that network's `cidr`; a capacity dimension that is not
//! given is unlimited.

mod checks;
pub(crate) mod parse;
mod render;

pub use checks::check;
pub use parse::{node_addresses, parse};
pub use render::{client_text, desired_text, to_hcl};

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::cidr::Cidr;
use crate::source::{SourceId, Span};

/// Every node of the inventory, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inventory {
    /// The nodes.
    pub nodes: Vec<Node>,
}

/// One client node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Node name (its label).
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// Capacity; `None` dimensions are unlimited.
    pub capacity: Capacity,
    /// Network interfaces, in file order.
    pub networks: Vec<NodeNetwork>,
    /// What the node holds back.
    pub reserved: Reserved,
    /// Allocations already running on the node.
    pub allocs: Vec<ExistingAlloc>,
    /// Node `meta`, for `${meta.<key>}` in `host_network`.
    pub meta: BTreeMap<String, String>,
    /// Node attributes (`${attr.<key>}`), as fingerprinted by the client.
    pub attributes: BTreeMap<String, String>,
    /// The node's datacenter (`${node.datacenter}`, `NOMAD_DC`), when known.
    pub datacenter: Option<String>,
    /// The node's dynamic port range, when set (1.x `min_dynamic_port` / `max_dynamic_port`).
    pub dynamic_range: (Option<i64>, Option<i64>),
    /// Whether bridge networking is available (1.x; default true).
    pub bridge: bool,
    /// CNI networks available (`cni/<name>` modes).
    pub cni: Vec<String>,
    /// Client `host_network` blocks.
    pub host_networks: Vec<HostNetwork>,
    /// One entry per (address, alias): Nomad's `NodeNetworks` addresses, in order.
    pub addresses: Vec<NodeAddress>,
    /// Nomad's node ID, when known (imported nodes; `id` in the inventory): allocations are
    /// matched to nodes by it.
    pub id: Option<String>,
}

impl Node {
    /// A node with nothing on it: no capacity limits, networks or allocations, bridge available.
    pub fn named(name: &str) -> Node {
        Node {
            name: name.to_string(),
            span: Span::default(),
            capacity: Capacity::default(),
            networks: Vec::new(),
            reserved: Reserved::default(),
            allocs: Vec::new(),
            meta: BTreeMap::new(),
            attributes: BTreeMap::new(),
            datacenter: None,
            dynamic_range: (None, None),
            bridge: true,
            cni: Vec::new(),
            host_networks: Vec::new(),
            addresses: Vec::new(),
            id: None,
        }
    }
}

/// A client `host_network "<name>" { ... }` block.
#[derive(Debug, Clone, PartialEq)]
pub struct HostNetwork {
    /// Alias jobs refer to.
    pub name: String,
    /// Address blocks it matches (empty: any address).
    pub cidrs: Vec<Cidr>,
    /// Interface it is limited to, if any.
    pub interface: Option<String>,
    /// Ports reserved on its addresses (a port-range string, parsed when the node is used).
    pub reserved_ports: String,
    /// The block.
    pub span: Span,
}

/// An address of the node under one alias (Nomad's `NodeNetworkAddress`).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeAddress {
    /// Host network alias (`default` for the default interface).
    pub alias: String,
    /// The address.
    pub ip: IpAddr,
    /// Interface it is on.
    pub device: String,
    /// Ports reserved on it by its host network (a port-range string).
    pub reserved_ports: String,
}

/// A node's total resources. Dimensions not given are unlimited and not scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capacity {
    /// MHz.
    pub cpu: Option<i64>,
    /// MiB.
    pub memory_mb: Option<i64>,
    /// MiB.
    pub disk_mb: Option<i64>,
    /// IOPS.
    pub iops: Option<i64>,
}

/// One network interface of a node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeNetwork {
    /// Interface name (`eth0`).
    pub device: String,
    /// Address block walked for task IPs.
    pub cidr: Cidr,
    /// Link speed in MBits.
    pub mbits: i64,
    /// The block.
    pub span: Span,
}

/// Resources a node holds back from scheduling.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reserved {
    /// MHz.
    pub cpu: i64,
    /// MiB.
    pub memory_mb: i64,
    /// MiB.
    pub disk_mb: i64,
    /// IOPS.
    pub iops: i64,
    /// Reserved bandwidth and ports per interface.
    pub networks: Vec<NetworkUse>,
    /// 1.x `reserved_ports` (a port-range string reserved on every address of the node).
    pub reserved_ports: String,
    /// Where `reserved_ports` is written.
    pub reserved_ports_span: Span,
}

/// Ports and bandwidth in use on one address: a reservation or an allocation's network.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkUse {
    /// Interface.
    pub device: String,
    /// Address the ports are bound on.
    pub ip: IpAddr,
    /// Where the address is written (the block when it is not).
    pub ip_span: Span,
    /// Bandwidth used.
    pub mbits: i64,
    /// Ports used, in file order.
    pub ports: Vec<UsedPort>,
    /// The block.
    pub span: Span,
}

/// A port in use.
#[derive(Debug, Clone, PartialEq)]
pub struct UsedPort {
    /// Its label.
    pub label: String,
    /// Port number.
    pub value: i64,
    /// The `port` block.
    pub span: Span,
}

/// Where an existing allocation stands; decides whether its ports still count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AllocStatus {
    /// What the servers want.
    pub desired: DesiredStatus,
    /// What the client reports.
    pub client: ClientStatus,
}

/// Nomad's desired status of an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DesiredStatus {
    /// Keep running (default).
    #[default]
    Run,
    /// Being stopped.
    Stop,
    /// Being evicted.
    Evict,
    /// Failed to place or start.
    Failed,
}

/// Nomad's client status of an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientStatus {
    /// Not started yet.
    Pending,
    /// Running (default).
    #[default]
    Running,
    /// Finished (0.2 spelling).
    Dead,
    /// Completed successfully.
    Complete,
    /// Failed.
    Failed,
    /// The node was lost.
    Lost,
    /// The client is disconnected (1.3 and later); not terminal.
    Unknown,
}

/// An allocation already on the node.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingAlloc {
    /// Its name (label).
    pub name: String,
    /// The job it belongs to, for job anti-affinity.
    pub job: Option<String>,
    /// Status.
    pub status: AllocStatus,
    /// Its tasks.
    pub tasks: Vec<AllocTask>,
    /// Group ports it holds (1.x `AllocatedPorts`).
    pub ports: Vec<AllocPort>,
    /// Group networks it holds when it has no group ports (Nomad's `Shared.Networks` of
    /// allocations placed before 0.12).
    pub networks: Vec<NetworkUse>,
    /// Where the name is written.
    pub span: Span,
    /// The text its spans point into (the inventory, or an allocations file).
    pub source: SourceId,
}

impl ExistingAlloc {
    /// A running allocation holding nothing, written in the inventory.
    pub fn named(name: &str) -> ExistingAlloc {
        ExistingAlloc {
            name: name.to_string(),
            job: None,
            status: AllocStatus::default(),
            tasks: Vec::new(),
            ports: Vec::new(),
            networks: Vec::new(),
            span: Span::default(),
            source: SourceId::Nodes,
        }
    }
}

/// A group port held by an existing allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocPort {
    /// Label.
    pub label: String,
    /// Host port.
    pub value: i64,
    /// Address it is bound on.
    pub host_ip: IpAddr,
    /// Whether it was placed with `ignore_collision`.
    pub ignore_collision: bool,
    /// The `port` block.
    pub span: Span,
}

/// A task of an existing allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocTask {
    /// Task name.
    pub name: String,
    /// MHz.
    pub cpu: i64,
    /// MiB.
    pub memory_mb: i64,
    /// MiB.
    pub disk_mb: i64,
    /// IOPS.
    pub iops: i64,
    /// Its network, if any.
    pub network: Option<NetworkUse>,
}

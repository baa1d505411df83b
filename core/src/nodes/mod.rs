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
//! Choices where Nomad has no equivalent input: `mbits` of a node network defaults to 1000;
//! a reservation or allocation network without `device` uses the node's first network, and
//! without `ip` the address part of that network's `cidr`; a capacity dimension that is not
//! given is unlimited.

mod parse;

pub use parse::parse;

use std::net::IpAddr;

use crate::cidr::Cidr;
use crate::source::Span;

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
}

/// Ports and bandwidth in use on one address: a reservation or an allocation's network.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkUse {
    /// Interface.
    pub device: String,
    /// Address the ports are bound on.
    pub ip: IpAddr,
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
    /// Where the name is written.
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

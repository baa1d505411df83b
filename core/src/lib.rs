//! # netplay-core
//!
//! Reproduces Nomad's task networking without a cluster: parses a jobspec and a node
//! inventory, places every group instance on a node the way Nomad's scheduler does, allocates
//! IPs and static/dynamic ports, and renders the environment variables and driver port
//! mappings each task would get. Every problem is a [`Diagnostic`] with a line and column.
//!
//! The crate is platform-free (no I/O, no clock, no unseeded randomness), so it runs the same
//! natively and as WebAssembly.
//!
//! ```
//! use netplay_core::{analyze, NomadVersion, Options};
//!
//! let job = r#"
//! job "web" {
//!   group "app" {
//!     task "server" {
//!       driver = "exec"
//!       resources {
//!         network {
//!           port "http" {}
//!           port "dns" { static = 53 }
//!         }
//!       }
//!     }
//!   }
//! }"#;
//! let nodes = r#"node "n1" { network { device = "eth0" cidr = "10.0.0.10/32" } }"#;
//! let analysis = analyze(job, nodes, &Options { nomad: NomadVersion::V0_2, seed: 1, ..Options::default() });
//! assert!(analysis.diagnostics.is_empty());
//! let env = &analysis.placements[0].tasks[0].env;
//! let ip = env.iter().find(|v| v.name == "NOMAD_IP").unwrap();
//! assert_eq!(ip.value, "10.0.0.10");
//! let dns = env.iter().find(|v| v.name == "NOMAD_PORT_dns").unwrap();
//! assert_eq!(dns.value, "53");
//! ```

pub mod alloc;
pub mod analysis;
mod analyze;
pub mod cidr;
pub mod cluster;
pub mod connect;
pub mod diagnostic;
pub mod env;
pub mod explain;
pub mod hcl2;
pub mod jobspec;
mod last_wins;
pub mod limits;
pub mod mapping;
pub mod nodes;
pub mod port_range;
pub mod render;
pub mod rng;
pub mod runtime;
pub mod schedule;
pub mod services;
pub mod source;
pub mod syntax;
mod upper;
pub mod version;

pub use analysis::Analysis;
pub use analyze::{DEFAULT_SEED, FileAccess, Options, analyze, check, inventory};
pub use cluster::{ClusterInputs, InventoryFormat, JobspecFormat, detect_inventory, detect_jobspec};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use hcl2::{ValueSource, VarArg, VarFile, VariableInputs, VariableReport};
pub use source::{LineIndex, Position, SourceId, Span};
pub use version::NomadVersion;

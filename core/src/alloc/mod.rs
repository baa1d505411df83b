//! IP and port allocation on one node: the port set and the network index.

mod assign;
mod network_index;
mod port_set;

pub use assign::{AllocatedPort, AssignError};
pub use network_index::{Clash, HeldPort, Holder, NetworkIndex, Offer, OfferedPort, WalkTruncated};
pub use port_set::PortSet;

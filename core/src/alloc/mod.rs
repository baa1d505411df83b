//! IP and port allocation on one node: the port set and the network index.

mod network_index;
mod port_set;

pub use network_index::{AssignError, NetworkIndex, Offer, OfferedPort, WalkTruncated};
pub use port_set::PortSet;

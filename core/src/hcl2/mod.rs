//! HCL2 (Nomad 1.x jobspecs) on top of `hcl-edit` trees and `hcl-rs` values.

pub mod types;

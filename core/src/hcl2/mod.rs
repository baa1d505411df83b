//! HCL2 (Nomad 1.x jobspec) expression support on top of `hcl::eval`.

pub mod functions;

//! TEMPORARY STUB (replaced by the real HCL1 reader).
use crate::diagnostic::Diagnostic;
use crate::source::SourceId;
use crate::syntax::Body;
/// Stub.
pub fn parse(_text: &str, _source: SourceId) -> (Body, Vec<Diagnostic>) {
    (Body::default(), Vec::new())
}

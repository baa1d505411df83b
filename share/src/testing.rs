//! Links as earlier builds wrote them, for tests here and in the web app (feature `testing`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::{FORMAT_V1, Snapshot};

/// A `v1` record, written field by field as builds before the variables wrote it.
pub fn record_v1(s: &Snapshot) -> Vec<u8> {
    let mut out = vec![s.nomad.as_str().len() as u8];
    out.extend_from_slice(s.nomad.as_str().as_bytes());
    out.extend_from_slice(&s.seed.to_le_bytes());
    out.push(s.tab.id().len() as u8);
    out.extend_from_slice(s.tab.id().as_bytes());
    for text in [&s.jobspec, &s.nodes] {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out
}

/// A `v1` link of `s` (its variable values are left out: `v1` has none).
pub fn v1_link(s: &Snapshot) -> String {
    pack_as(FORMAT_V1, &record_v1(s))
}

/// A link of tag `tag` holding `bytes` as its record, compressed as earlier builds did.
pub fn pack_as(tag: &str, bytes: &[u8]) -> String {
    format!("{tag}.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6)))
}

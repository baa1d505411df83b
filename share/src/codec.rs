//! Encoding and decoding of share links (see the crate docs for the format).

use std::rc::Rc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_zlib_with_limit};
use netplay_core::limits::{MAX_INPUT_BYTES, MAX_VARIABLES};
use netplay_core::{NomadVersion, VarArg};

use crate::Tab;

/// The format version written by this build. Its record, before compression, is:
///
/// | field | encoding |
/// |---|---|
/// | Nomad version | `u8` length + UTF-8 (`0.2`) |
/// | seed | `u64`, little endian |
/// | open tab | `u8` length + UTF-8 (`env`, ...) |
/// | jobspec | `u32` little-endian length + UTF-8 |
/// | nodes | `u32` little-endian length + UTF-8 |
/// | variable values | `u32` little-endian count, then per value its name and its text, each `u32` little-endian length + UTF-8 |
/// | attached inputs | `u32` little-endian count, then per input its kind as `u8` length + UTF-8 (`allocations`, `interfaces`), its name and its text, each `u32` little-endian length + UTF-8 |
///
/// and nothing after it. The values are sorted by name, each name once, no text empty (what
/// [`Snapshot::variables`] holds); at most [`MAX_ATTACHED`] inputs, at most one of them
/// `interfaces`, none with an empty name; a record that breaks this is not a state.
///
/// [`FORMAT_V2`] records are the same without the attached inputs, [`FORMAT_V1`] records
/// without the variable values either; they still open, with none.
pub const FORMAT: &str = "v3";

/// The second format: the record of [`FORMAT`] up to and including the variable values.
pub const FORMAT_V2: &str = "v2";

/// The first format: the record of [`FORMAT`] up to and including the nodes.
pub const FORMAT_V1: &str = "v1";

/// Most inputs attached to the inventory that a record holds.
pub const MAX_ATTACHED: usize = 16;

/// Most variable values a record holds (a jobspec declares at most this many variables).
pub const MAX_SHARED_VARIABLES: usize = MAX_VARIABLES;

/// Largest fragment accepted or produced, in characters. Browsers keep URLs of a few MiB;
/// this stays far below and bounds the work a pasted link can cause.
pub const MAX_LINK_CHARS: usize = 1 << 21;

/// Largest decompressed record accepted: both texts at netplay's input limit, as much again
/// for the variable values, and the rest.
///
/// Inflating stops as soon as the output would pass this size
/// (`decompress_to_vec_zlib_with_limit`), so a crafted link of a few kilobytes that inflates to
/// gigabytes (a zip bomb) costs no more memory or time than the largest real state; it is
/// refused as [`ShareError::TooLarge`].
pub const MAX_RECORD_BYTES: usize = 3 * MAX_INPUT_BYTES + 1024;

/// What an input attached to the inventory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachedKind {
    /// An allocation list (Nomad's allocations JSON; core's `ClusterInputs::allocations`).
    Allocations,
    /// The host's addresses as `ip -j addr` prints them, for a client agent configuration
    /// (core's `ClusterInputs::interfaces`).
    Interfaces,
}

impl AttachedKind {
    /// The id a record carries: `allocations` or `interfaces`.
    pub fn id(self) -> &'static str {
        match self {
            AttachedKind::Allocations => "allocations",
            AttachedKind::Interfaces => "interfaces",
        }
    }

    /// The kind with this [`AttachedKind::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        [AttachedKind::Allocations, AttachedKind::Interfaces].into_iter().find(|k| k.id() == id)
    }
}

/// An input attached to the inventory: a file given next to the nodes, as the CLI's
/// `--allocs` and `--interfaces` give them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    /// What it is.
    pub kind: AttachedKind,
    /// The file's name, or a description of what was pasted.
    pub name: String,
    /// Its text (shared: the state is cloned on every change, and these can be large).
    pub text: Rc<str>,
}

/// Everything a link reproduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The jobspec text.
    pub jobspec: String,
    /// The node inventory text.
    pub nodes: String,
    /// The Nomad version whose behaviour is reproduced.
    pub nomad: NomadVersion,
    /// The seed for dynamic ports.
    pub seed: u64,
    /// The results tab that was open.
    pub tab: Tab,
    /// Values typed in the Variables panel, sorted by name, none empty; kept even for
    /// variables the jobspec no longer declares (see `crate::variables`). Links of format
    /// [`FORMAT_V1`] have none.
    pub variables: Vec<VarArg>,
    /// Inputs attached to the inventory, in order: allocation lists (the i-th is core's
    /// `SourceId::Allocs(i)`) and at most one `ip -j addr` output. Links before [`FORMAT`]
    /// have none.
    pub attached: Vec<Attached>,
}

/// Why a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment does not start with a known format tag.
    UnknownFormat(String),
    /// The fragment is longer than [`MAX_LINK_CHARS`].
    LinkTooLong(usize),
    /// The payload is not base64url, the compressed stream is cut short or altered, or the
    /// record inside does not describe a state (all signs of a truncated or edited link).
    Damaged(&'static str),
    /// The payload decompresses to more than [`MAX_RECORD_BYTES`], or a text is longer than
    /// netplay accepts.
    TooLarge,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::UnknownFormat(tag) if tag.is_empty() => {
                write!(f, "this link has no netplay state in it (expected `#{FORMAT}.`…)")
            }
            ShareError::UnknownFormat(tag) => write!(
                f,
                "this link uses format `{tag}`, which this version of netplay cannot read (it reads `{FORMAT_V1}` to `{FORMAT}`)"
            ),
            ShareError::LinkTooLong(n) => {
                write!(f, "this link is {n} characters long; netplay opens links up to {MAX_LINK_CHARS}")
            }
            ShareError::Damaged(what) => {
                write!(f, "this link is damaged ({what}); it was probably cut short when it was copied")
            }
            ShareError::TooLarge => write!(
                f,
                "this link holds more text than netplay accepts: at most {MAX_INPUT_BYTES} bytes per text and \
                 {MAX_RECORD_BYTES} in all once unpacked"
            ),
        }
    }
}

/// Encodes a snapshot as a fragment (without the leading `#`).
pub fn encode(snapshot: &Snapshot) -> String {
    let record = record(snapshot);
    // Best compression for link-sized work; faster levels keep autosaving huge texts cheap.
    let level = match record.len() {
        0..=65_536 => 9,
        65_537..=262_144 => 6,
        _ => 1,
    };
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&record, level);
    let mut out = String::with_capacity(FORMAT.len() + 1 + packed.len() * 4 / 3 + 4);
    out.push_str(FORMAT);
    out.push('.');
    URL_SAFE_NO_PAD.encode_string(packed, &mut out);
    out
}

/// Decodes a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Snapshot, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if fragment.len() > MAX_LINK_CHARS {
        return Err(ShareError::LinkTooLong(fragment.len()));
    }
    let Some((tag, payload)) = fragment.split_once('.') else {
        let tag = if fragment.starts_with('v') && fragment.len() <= 8 { fragment } else { "" };
        return Err(ShareError::UnknownFormat(tag.to_string()));
    };
    let version = match tag {
        FORMAT_V1 => 1,
        FORMAT_V2 => 2,
        FORMAT => 3,
        _ => 0,
    };
    if version == 0 {
        let shown = if tag.len() <= 8 && tag.starts_with('v') { tag } else { "" };
        return Err(ShareError::UnknownFormat(shown.to_string()));
    }
    // Canonical base64url only: no padding, no other alphabet, no stray bits in the last character.
    let packed = URL_SAFE_NO_PAD.decode(payload).map_err(|_| ShareError::Damaged("its text is not valid base64url"))?;
    // Checks the zlib header and the Adler-32 checksum, and stops at MAX_RECORD_BYTES.
    let bytes = decompress_to_vec_zlib_with_limit(&packed, MAX_RECORD_BYTES).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        _ => ShareError::Damaged("its compressed data is incomplete or altered"),
    })?;
    parse_record(&bytes, version)
}

/// True when a record of `snapshot` opens again: every text within netplay's input limit and
/// the whole within [`MAX_RECORD_BYTES`] (what the autosave can keep). Counts bytes only.
pub fn fits(snapshot: &Snapshot) -> bool {
    let texts = [snapshot.jobspec.len(), snapshot.nodes.len()]
        .into_iter()
        .chain(snapshot.variables.iter().flat_map(|v| [v.name.len(), v.value.len()]))
        .chain(snapshot.attached.iter().flat_map(|a| [a.name.len(), a.text.len()]));
    let mut total = 64;
    for len in texts {
        if len > MAX_INPUT_BYTES {
            return false;
        }
        total += len + 4;
    }
    total + snapshot.attached.len() * 16 <= MAX_RECORD_BYTES
}

fn record(s: &Snapshot) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.jobspec.len() + s.nodes.len() + 32);
    let short = |out: &mut Vec<u8>, text: &str| {
        out.push(text.len() as u8);
        out.extend_from_slice(text.as_bytes());
    };
    let long = |out: &mut Vec<u8>, text: &str| {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    };
    short(&mut out, s.nomad.as_str());
    out.extend_from_slice(&s.seed.to_le_bytes());
    short(&mut out, s.tab.id());
    long(&mut out, &s.jobspec);
    long(&mut out, &s.nodes);
    out.extend_from_slice(&(s.variables.len() as u32).to_le_bytes());
    for v in &s.variables {
        long(&mut out, &v.name);
        long(&mut out, &v.value);
    }
    out.extend_from_slice(&(s.attached.len() as u32).to_le_bytes());
    for a in &s.attached {
        short(&mut out, a.kind.id());
        long(&mut out, &a.name);
        long(&mut out, &a.text);
    }
    out
}

const NOT_A_STATE: ShareError = ShareError::Damaged("its content is not a netplay state");

/// Reads a record front to back; any inconsistency is [`NOT_A_STATE`].
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ShareError> {
        if n > self.bytes.len() {
            return Err(NOT_A_STATE);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn text(&mut self, n: usize) -> Result<&'a str, ShareError> {
        std::str::from_utf8(self.take(n)?).map_err(|_| NOT_A_STATE)
    }

    fn short_text(&mut self) -> Result<&'a str, ShareError> {
        let n = self.take(1)?[0] as usize;
        self.text(n)
    }

    fn u32(&mut self) -> Result<usize, ShareError> {
        let mut bytes = [0u8; 4];
        bytes.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(bytes) as usize)
    }

    fn long_text(&mut self) -> Result<&'a str, ShareError> {
        let n = self.u32()?;
        if n > MAX_INPUT_BYTES {
            return Err(ShareError::TooLarge);
        }
        self.text(n)
    }
}

/// Reads a record of format `version` (1 for [`FORMAT_V1`] to 3 for [`FORMAT`]).
fn parse_record(bytes: &[u8], version: u8) -> Result<Snapshot, ShareError> {
    let mut r = Reader { bytes };
    let nomad = r.short_text()?.parse::<NomadVersion>().map_err(|_| NOT_A_STATE)?;
    let mut seed = [0u8; 8];
    seed.copy_from_slice(r.take(8)?);
    let tab = Tab::from_id(r.short_text()?).ok_or(NOT_A_STATE)?;
    let jobspec = r.long_text()?.to_string();
    let nodes = r.long_text()?.to_string();
    let mut variables: Vec<VarArg> = Vec::new();
    if version >= 2 {
        let count = r.u32()?;
        if count > MAX_SHARED_VARIABLES {
            return Err(NOT_A_STATE);
        }
        for _ in 0..count {
            let name = r.long_text()?;
            let value = r.long_text()?;
            let in_order = variables.last().is_none_or(|last| last.name.as_str() < name);
            if name.is_empty() || value.is_empty() || !in_order {
                return Err(NOT_A_STATE);
            }
            variables.push(VarArg { name: name.to_string(), value: value.to_string() });
        }
    }
    let mut attached: Vec<Attached> = Vec::new();
    if version >= 3 {
        let count = r.u32()?;
        if count > MAX_ATTACHED {
            return Err(NOT_A_STATE);
        }
        for _ in 0..count {
            let kind = AttachedKind::from_id(r.short_text()?).ok_or(NOT_A_STATE)?;
            let name = r.long_text()?;
            let text = r.long_text()?;
            let second_interfaces = kind == AttachedKind::Interfaces && attached.iter().any(|a| a.kind == kind);
            if name.is_empty() || second_interfaces {
                return Err(NOT_A_STATE);
            }
            attached.push(Attached { kind, name: name.to_string(), text: text.into() });
        }
    }
    if !r.bytes.is_empty() {
        return Err(NOT_A_STATE);
    }
    Ok(Snapshot { jobspec, nodes, nomad, seed: u64::from_le_bytes(seed), tab, variables, attached })
}

/// True when `fragment` (with or without `#`) is meant for netplay: `v<digits>.` and then
/// anything (which [`decode`] then accepts or explains). Other fragments, such as an in-page
/// anchor, are not links to a state and are ignored rather than reported.
pub fn is_state_fragment(fragment: &str) -> bool {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    let Some(rest) = fragment.strip_prefix('v') else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with('.')
}

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;

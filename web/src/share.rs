//! The share-link codec: the whole playground state in a URL fragment.
//!
//! Format `v3.<payload>` (links of the older `v1` and `v2` still open): `payload` is base64url (no padding) of the zlib stream (deflate with
//! an Adler-32 checksum, so a damaged link is detected rather than half-read) of a small binary
//! record (see [`FORMAT`]). Decoding either returns a complete, validated snapshot or a
//! [`ShareError`] that says what is wrong; nothing is applied half-way. The same string is what
//! the app autosaves to `localStorage`.
//!
//! The record is binary rather than JSON: two strings and three scalars need no parser, and
//! every link written since the first build keeps this layout.

use std::rc::Rc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_zlib_with_limit};
use netplay_core::limits::{MAX_INPUT_BYTES, MAX_VARIABLES};
use netplay_core::{NomadVersion, VarArg};

use crate::state::Tab;

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
            ShareError::TooLarge => write!(f, "this link holds more text than netplay accepts"),
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
pub(crate) mod tests {
    use super::*;

    fn sample() -> Snapshot {
        Snapshot {
            jobspec: "job \"web\" {\n  # <script>alert(1)</script> ünï 😀\n}\n".to_string(),
            nodes: "node \"n1\" {}\n".to_string(),
            nomad: NomadVersion::V0_2,
            seed: 424_242,
            tab: Tab::Mappings,
            variables: vec![
                VarArg { name: "count".to_string(), value: "3".to_string() },
                VarArg { name: "tags".to_string(), value: "[\"a\", \"ü\"]".to_string() },
            ],
            attached: vec![
                Attached {
                    kind: AttachedKind::Allocations,
                    name: "allocs.json".to_string(),
                    text: "[{\"NodeID\": \"n1\"}]".into(),
                },
                Attached { kind: AttachedKind::Interfaces, name: "ip ü.json".to_string(), text: "[]".into() },
            ],
        }
    }

    /// A `v1` record, written field by field as builds before the variables wrote it.
    fn record_v1(s: &Snapshot) -> Vec<u8> {
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

    /// A `v2` record: the `v1` record and the variable values, as builds before the attached
    /// inputs wrote it.
    fn record_v2(s: &Snapshot) -> Vec<u8> {
        let mut out = record_v1(s);
        out.extend_from_slice(&(s.variables.len() as u32).to_le_bytes());
        for v in &s.variables {
            for text in [&v.name, &v.value] {
                out.extend_from_slice(&(text.len() as u32).to_le_bytes());
                out.extend_from_slice(text.as_bytes());
            }
        }
        out
    }

    /// A `v1` link of `s` (its variable values are left out: `v1` has none).
    pub(crate) fn v1_link(s: &Snapshot) -> String {
        pack_as(FORMAT_V1, &record_v1(s))
    }

    fn without_variables(mut s: Snapshot) -> Snapshot {
        s.variables.clear();
        s.attached.clear();
        s
    }

    fn without_attached(mut s: Snapshot) -> Snapshot {
        s.attached.clear();
        s
    }

    #[test]
    fn round_trip() {
        let s = sample();
        let link = encode(&s);
        assert!(link.starts_with("v3."), "{link}");
        assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{link}");
        assert_eq!(decode(&link), Ok(s.clone()));
        assert_eq!(decode(&format!("#{link}")), Ok(s));
    }

    #[test]
    fn round_trip_of_empty_and_large_texts() {
        let mut s = sample();
        s.jobspec = String::new();
        s.nodes = "node \"n\" { network { device = \"eth0\" cidr = \"10.0.0.1/32\" } }\n".repeat(2000);
        s.seed = u64::MAX;
        assert_eq!(decode(&encode(&s)), Ok(s));
    }

    #[test]
    fn unknown_version() {
        let link = encode(&sample()).replacen("v3.", "v4.", 1);
        let err = decode(&link).expect_err("v4 is unknown");
        assert_eq!(err, ShareError::UnknownFormat("v4".to_string()));
        assert!(err.to_string().contains("`v4`"), "{err}");
        assert_eq!(decode("hello"), Err(ShareError::UnknownFormat(String::new())));
        assert_eq!(decode("#section-2"), Err(ShareError::UnknownFormat(String::new())));
    }

    #[test]
    fn truncated_links_are_damaged() {
        let link = encode(&sample());
        for cut in [link.len() - 1, link.len() - 5, link.len() / 2, 4] {
            let err = decode(&link[..cut]).expect_err("truncated");
            assert!(matches!(err, ShareError::Damaged(_)), "cut at {cut}: {err:?}");
            assert!(err.to_string().contains("damaged"));
        }
        assert!(matches!(decode("v1."), Err(ShareError::Damaged(_))));
        assert!(matches!(decode("v2."), Err(ShareError::Damaged(_))));
    }

    fn pack_as(tag: &str, bytes: &[u8]) -> String {
        format!("{tag}.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6)))
    }

    fn pack(bytes: &[u8]) -> String {
        pack_as(FORMAT, bytes)
    }

    #[test]
    fn base64url_is_canonical() {
        // Not base64url: padding, the standard alphabet's `+` and `/`, impossible lengths, stray
        // bits in the last character, other characters.
        for bad in ["A", "AAAAA", "AB", "AAB", "AA==", "A+", "A/", "A A", "ä"] {
            assert!(matches!(decode(&format!("v1.{bad}")), Err(ShareError::Damaged(_))), "{bad}");
        }
        let link = encode(&sample());
        assert!(!link.contains(['=', '+', '/']), "{link}");
    }

    #[test]
    fn links_written_by_the_builds_with_their_own_codec_still_open() {
        // Written by builds that deflated with netplay's own encoder (dynamic Huffman blocks of
        // its own choosing) rather than miniz_oxide.
        let small = "v1.eNpjNtAzMqpkYwABjtzEgoLMvPRicyAnKz9JQak8NUlJoZpLQUFZwaY4uSizoMQuMSe1qETDUNNGHyqgcHhP3uH1Ch_mz2jgquXiBWrNy09JVVDKMwRqreUCAPccHH4";
        assert_eq!(decode(small), Ok(without_variables(sample())));
        let larger = "v1.eNqV1Utqw0AQhGGBFwGtc4BmDuC4uv1c-DKxBz8CkhGKEzC6eySchWFqU9JCNM2v1cfMDPPft-r5zHJz34_fa_tp6ZrsUZuduvb7Zun0nMya3P-03Zc97NZ2vaVz39_G3WDDuB7qoX6vq6ppj9lSsxgXL8Ex3y-HbHtLuT-Pu8Pl2E0TFvPpxUd4sulH_zmEHGXuQu5lHkIeZb4U8mWZr4R8VeZrIV-X-UbIN2W-FfJtme-EfEfYKOzA3EnwiDwo9EDsQcEHog8KPxB_UACCCIRCEMQgFIQgCqEwBHEIBSKIRFckOpHoikRnZ6B0CBKJrkh0ItEViU4kuiLRiURXJDqR6IpEJxJdkehEoisSnUgMRWIQiaFIDCIxFInB7mPpQiYSQ5EYRGIoEoNIDEViEImhSAwiMRSJQSSGIjFeJf4BdvfitQ";
        let nodes: String = (0..40)
            .map(|i| format!("node \"n{i}\" {{ network {{ device = \"eth0\" cidr = \"10.0.{i}.1/32\" }} }}\n"))
            .collect();
        let expected = Snapshot {
            jobspec: "job \"j\" {\n  group \"g\" {\n    network { port \"http\" {} }\n  }\n}\n".to_string(),
            nodes,
            nomad: NomadVersion::V1,
            seed: 7,
            tab: Tab::Env,
            variables: Vec::new(),
            attached: Vec::new(),
        };
        assert_eq!(decode(larger), Ok(expected));
    }

    #[test]
    fn links_written_by_earlier_builds_still_open() {
        // Earlier builds compressed `v1` records with miniz_oxide at levels 9, 6 and 1.
        let s = sample();
        for level in [1, 6, 9] {
            let link = format!(
                "v1.{}",
                URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&record_v1(&s), level))
            );
            assert_eq!(decode(&link), Ok(without_variables(s.clone())), "level {level}");
        }
    }

    #[test]
    fn a_v1_link_opens_with_no_variable_values() {
        let s = sample();
        let opened = decode(&v1_link(&s)).expect("a v1 link opens");
        assert!(opened.variables.is_empty());
        assert_eq!((opened.jobspec.as_str(), opened.seed, opened.tab), (s.jobspec.as_str(), s.seed, s.tab));
        // A v1 record carries nothing after the nodes; a v3 record under the v1 tag is not a state.
        assert_eq!(decode(&pack_as(FORMAT_V1, &record(&s))), Err(NOT_A_STATE));
        // Nor is a v1 record under the v2 or v3 tag (the count of values is missing).
        assert_eq!(decode(&pack_as(FORMAT_V2, &record_v1(&s))), Err(NOT_A_STATE));
        assert_eq!(decode(&pack_as(FORMAT, &record_v1(&s))), Err(NOT_A_STATE));
    }

    #[test]
    fn a_v2_link_opens_with_its_values_and_nothing_attached() {
        let s = sample();
        let opened = decode(&pack_as(FORMAT_V2, &record_v2(&s))).expect("a v2 link opens");
        assert_eq!(opened, without_attached(s.clone()));
        // A v2 record under the v3 tag lacks the count of inputs; a v3 record under v2 has bytes left.
        assert_eq!(decode(&pack_as(FORMAT, &record_v2(&s))), Err(NOT_A_STATE));
        assert_eq!(decode(&pack_as(FORMAT_V2, &record(&s))), Err(NOT_A_STATE));
    }

    #[test]
    fn a_v3_link_round_trips_the_variable_values_and_the_attached_inputs() {
        let s = sample();
        let link = encode(&s);
        let opened = decode(&link).expect("opens");
        assert_eq!(opened.variables, s.variables);
        assert_eq!(opened.attached, s.attached);
        assert_eq!(opened, s);
        // The v3 record is the v2 record, then the inputs.
        let mut expected = record_v2(&s);
        expected.extend_from_slice(&2u32.to_le_bytes());
        for (kind, name, text) in
            [("allocations", "allocs.json", "[{\"NodeID\": \"n1\"}]"), ("interfaces", "ip ü.json", "[]")]
        {
            expected.push(kind.len() as u8);
            expected.extend_from_slice(kind.as_bytes());
            for text in [name, text] {
                expected.extend_from_slice(&(text.len() as u32).to_le_bytes());
                expected.extend_from_slice(text.as_bytes());
            }
        }
        assert_eq!(record(&s), expected);
        assert_eq!(decode(&encode(&without_variables(s.clone()))).map(|o| o.variables), Ok(Vec::new()));
    }

    #[test]
    fn attached_inputs_of_unknown_kind_without_a_name_twice_interfaces_or_too_many_are_not_a_state() {
        let input = |kind, name: &str| Attached { kind, name: name.to_string(), text: "[]".into() };
        let mut s = sample();
        for bad in [
            vec![input(AttachedKind::Allocations, "")],
            vec![input(AttachedKind::Interfaces, "a"), input(AttachedKind::Interfaces, "b")],
            (0..=MAX_ATTACHED).map(|i| input(AttachedKind::Allocations, &format!("a{i}"))).collect(),
        ] {
            s.attached = bad;
            assert_eq!(decode(&encode(&s)), Err(NOT_A_STATE));
        }
        s.attached = (0..MAX_ATTACHED).map(|i| input(AttachedKind::Allocations, &format!("a{i}"))).collect();
        assert_eq!(decode(&encode(&s)).map(|o| o.attached.len()), Ok(MAX_ATTACHED));
        let mut unknown = record(&without_attached(sample()));
        let at = unknown.len() - 4;
        unknown[at..].copy_from_slice(&1u32.to_le_bytes());
        unknown.push(4);
        unknown.extend_from_slice(b"jobs");
        for text in ["a", "[]"] {
            unknown.extend_from_slice(&(text.len() as u32).to_le_bytes());
            unknown.extend_from_slice(text.as_bytes());
        }
        assert_eq!(decode(&pack(&unknown)), Err(NOT_A_STATE));
    }

    #[test]
    fn fits_says_whether_the_record_opens_again() {
        let mut s = sample();
        assert!(fits(&s));
        s.attached[0].text = "x".repeat(MAX_INPUT_BYTES + 1).into();
        assert!(!fits(&s));
        assert_eq!(decode(&encode(&s)), Err(ShareError::TooLarge));
        // Every text within the limit, but more than a record holds in all.
        s.attached = (0..4)
            .map(|i| Attached {
                kind: AttachedKind::Allocations,
                name: format!("a{i}"),
                text: "x".repeat(MAX_INPUT_BYTES).into(),
            })
            .collect();
        assert!(!fits(&s));
        s.attached.truncate(2);
        assert!(fits(&s));
    }

    #[test]
    fn variable_values_out_of_order_empty_or_too_many_are_not_a_state() {
        let value = |name: &str, value: &str| VarArg { name: name.to_string(), value: value.to_string() };
        let mut s = sample();
        for bad in [
            vec![value("b", "1"), value("a", "1")],
            vec![value("a", "1"), value("a", "2")],
            vec![value("a", "")],
            vec![value("", "1")],
        ] {
            s.variables = bad.clone();
            assert_eq!(decode(&encode(&s)), Err(NOT_A_STATE), "{bad:?}");
        }
        s.variables = (0..=MAX_SHARED_VARIABLES).map(|i| value(&format!("v{i:05}"), "1")).collect();
        assert_eq!(decode(&encode(&s)), Err(NOT_A_STATE));
        s.variables.pop();
        assert_eq!(decode(&encode(&s)).map(|o| o.variables.len()), Ok(MAX_SHARED_VARIABLES));
        // A value over netplay's input limit.
        s.variables = vec![value("a", &"1".repeat(MAX_INPUT_BYTES + 1))];
        assert_eq!(decode(&encode(&s)), Err(ShareError::TooLarge));
    }

    #[test]
    fn garbage_is_damaged() {
        assert!(matches!(decode("v1.!!!not base64!!!"), Err(ShareError::Damaged(_))));
        // Valid base64url of bytes that are not a zlib stream.
        assert!(matches!(decode("v1.aGVsbG8gd29ybGQ"), Err(ShareError::Damaged(_))));
        // A valid zlib stream of something that is not a record.
        assert_eq!(decode(&pack(br#"{"jobspec": 5}"#)), Err(NOT_A_STATE));
        assert_eq!(decode(&pack(b"")), Err(NOT_A_STATE));
        let good = record(&sample());
        // An unknown Nomad version or tab inside is not a state either.
        let mut bad = good.clone();
        bad[1..4].copy_from_slice(b"9.9");
        assert_eq!(decode(&pack(&bad)), Err(NOT_A_STATE));
        let tab_at = 1 + 3 + 8;
        let mut bad = good.clone();
        bad[tab_at + 1] = b'x';
        assert_eq!(decode(&pack(&bad)), Err(NOT_A_STATE));
        // Cut short inside the record, trailing bytes, or invalid UTF-8 in a text.
        assert_eq!(decode(&pack(&good[..good.len() - 1])), Err(NOT_A_STATE));
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(decode(&pack(&longer)), Err(NOT_A_STATE));
        let mut invalid = good.clone();
        let last = invalid.len() - 2;
        invalid[last] = 0xff;
        assert_eq!(decode(&pack(&invalid)), Err(NOT_A_STATE));
        assert_eq!(parse_record(&good, 3), Ok(sample()));
        assert_eq!(parse_record(&record_v1(&sample()), 1), Ok(without_variables(sample())));
    }

    #[test]
    fn altered_payload_fails_the_checksum() {
        let link = encode(&sample());
        let mut bytes = URL_SAFE_NO_PAD.decode(&link[3..]).expect("b64");
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
        let altered = format!("v3.{}", URL_SAFE_NO_PAD.encode(bytes));
        assert!(decode(&altered).is_err());
    }

    #[test]
    fn oversized_payloads_are_refused() {
        // Highly compressible: a few KB of link inflating past the limit (a zip bomb).
        let link = pack(&vec![b'a'; MAX_RECORD_BYTES + 10]);
        assert!(link.len() < 64 * 1024, "{}", link.len());
        assert_eq!(decode(&link), Err(ShareError::TooLarge));

        // Within the record limit but a text over netplay's input limit.
        let mut s = sample();
        s.jobspec = "#".repeat(MAX_INPUT_BYTES + 1);
        assert_eq!(decode(&encode(&s)), Err(ShareError::TooLarge));

        let long = format!("v2.{}", "A".repeat(MAX_LINK_CHARS));
        assert!(matches!(decode(&long), Err(ShareError::LinkTooLong(_))));
    }

    #[test]
    fn only_versioned_fragments_are_state() {
        assert!(!is_state_fragment(""));
        assert!(!is_state_fragment("#"));
        assert!(!is_state_fragment("#jobspec-input"));
        assert!(!is_state_fragment("#v1"));
        assert!(!is_state_fragment("#version.2"));
        assert!(is_state_fragment("#v1.abc"));
        assert!(is_state_fragment("v1."));
        assert!(is_state_fragment("#v12.x"));
    }
}

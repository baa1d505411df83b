//! The codec's tests: round trips, every old format, and every kind of damage.

use super::*;
use crate::Tab;
use crate::testing::{pack_as, record_v1, v1_link};

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

/// What a `v1` link of `s` holds: neither variable values nor attached inputs.
fn without_variables(mut s: Snapshot) -> Snapshot {
    s.variables.clear();
    s.attached.clear();
    s
}

fn without_attached(mut s: Snapshot) -> Snapshot {
    s.attached.clear();
    s
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
fn every_tab_survives_a_link() {
    for tab in Tab::ALL {
        let s = Snapshot { tab, ..sample() };
        assert_eq!(decode(&encode(&s)).map(|o| o.tab), Ok(tab), "{}", tab.id());
    }
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
        let link =
            format!("v1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&record_v1(&s), level)));
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
    // An input of a kind this build does not know.
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

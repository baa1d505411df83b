//! Shared helpers for netplay's test suites: paths to the examples and the real-world corpus,
//! and small builders for the core data types used by the oracle tests.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use netplay_core::cidr::Cidr;
use netplay_core::jobspec::{NetworkAsk, PortAsk};
use netplay_core::nodes::{NetworkUse, Node, NodeNetwork, UsedPort};
use netplay_core::source::Span;

pub mod cluster_export;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Every example folder (`examples/<name>/{job.hcl,nodes.hcl}`), sorted by name; a folder without a
/// `job.hcl` is no example.
pub fn examples() -> Vec<(String, String, String)> {
    let dir = repo_root().join("examples");
    let mut out: Vec<(String, String, String)> = std::fs::read_dir(&dir)
        .expect("examples/ exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("job.hcl").is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let job = std::fs::read_to_string(e.path().join("job.hcl")).expect("job.hcl");
            let nodes = std::fs::read_to_string(e.path().join("nodes.hcl")).expect("nodes.hcl");
            (name, job, nodes)
        })
        .collect();
    out.sort();
    out
}

/// What an example's `README.md` says about it in its front matter (the lines between the
/// leading `---` lines, `key: value` each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleMeta {
    /// `nomad:`, the version the example is written for.
    pub nomad: netplay_core::NomadVersion,
    /// `errors:`, the codes of the errors the example shows on purpose, in order.
    pub errors: Vec<String>,
}

/// The front matter of `examples/<name>/README.md`.
pub fn example_meta(name: &str) -> ExampleMeta {
    let path = repo_root().join("examples").join(name).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let front = text.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---")).map_or("", |(front, _)| front);
    let value = |key: &str| {
        front.lines().find_map(|l| l.strip_prefix(key).and_then(|rest| rest.strip_prefix(':'))).map(str::trim)
    };
    ExampleMeta {
        nomad: value("nomad")
            .unwrap_or_else(|| panic!("{name}: README.md names no `nomad:` version"))
            .parse()
            .unwrap_or_else(|e| panic!("{name}: {e}")),
        errors: value("errors").map(|codes| codes.split_whitespace().map(str::to_string).collect()).unwrap_or_default(),
    }
}

/// The Nomad version an example is written for (`nomad:` in its README).
pub fn example_version(name: &str) -> netplay_core::NomadVersion {
    example_meta(name).nomad
}

/// The folder of real jobspecs written by Nomad users (`../shared/corpus/real-world`), if present.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/corpus/real-world");
    dir.is_dir().then_some(dir)
}

/// An IP address from text.
pub fn ip(text: &str) -> IpAddr {
    text.parse().expect("test IP")
}

/// A node with one network and nothing reserved.
pub fn node(device: &str, cidr: &str, mbits: i64) -> Node {
    Node {
        networks: vec![NodeNetwork {
            device: device.into(),
            cidr: cidr.parse::<Cidr>().expect("test CIDR"),
            mbits,
            span: Span::default(),
        }],
        ..Node::named("node")
    }
}

/// Ports and bandwidth in use on an address.
pub fn used(device: &str, address: &str, mbits: i64, ports: &[(&str, i64)]) -> NetworkUse {
    NetworkUse {
        device: device.into(),
        ip: ip(address),
        ip_span: Span::default(),
        mbits,
        ports: ports.iter().map(|&(l, v)| UsedPort { label: l.into(), value: v, span: Span::default() }).collect(),
        span: Span::default(),
    }
}

/// A network ask with static ports `(label, value)` and dynamic port labels, all on the
/// `default` host network.
pub fn ask(mbits: i64, statics: &[(&str, i64)], dynamics: &[&str]) -> NetworkAsk {
    let port = |label: &str, value: i64| PortAsk {
        label: label.into(),
        value,
        host_network: "default".into(),
        ..PortAsk::default()
    };
    NetworkAsk {
        mbits,
        reserved_ports: statics.iter().map(|&(l, v)| port(l, v)).collect(),
        dynamic_ports: dynamics.iter().map(|&l| port(l, 0)).collect(),
        ..NetworkAsk::default()
    }
}

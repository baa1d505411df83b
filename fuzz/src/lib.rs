//! What the fuzz targets share: the input conventions, the checks every analysis must pass, and
//! [`Scenario`], an `arbitrary` generator of jobspecs and inventories with real networking.
//!
//! Run the targets with `scripts/fuzz.sh` (it installs nightly Rust and cargo-fuzz and seeds the
//! corpora from `examples/`, `tests/fixtures/` and the real-world jobspecs).

use std::fmt::Write;

use arbitrary::{Arbitrary, Unstructured};
use netplay_core::{Analysis, Diagnostic, NomadVersion, SourceId};

/// A jobspec valid in both dialects, for targets that vary only the inventory.
pub const JOB: &str = "job \"web\" {\n  group \"app\" {\n    count = 2\n    task \"server\" {\n      driver = \"docker\"\n      resources {\n        cpu = 100\n        memory = 64\n        network {\n          port \"http\" {}\n          port \"admin\" { static = 8080 }\n        }\n      }\n    }\n  }\n}\n";

/// One node, for targets that vary only the jobspec.
pub const NODES: &str = "node \"n1\" {\n  network {\n    device = \"eth0\"\n    cidr   = \"10.0.0.10/32\"\n  }\n}\n";

/// Text from fuzz bytes: UTF-8 with invalid sequences replaced, as a browser text box holds it.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The two texts of an `analyze` input: the jobspec, a NUL byte, the inventory (no NUL: the
/// bytes are the jobspec and [`NODES`] is the inventory).
pub fn split(data: &[u8]) -> (String, String) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (text(&data[..at]), text(&data[at + 1..])),
        None => (text(data), NODES.to_string()),
    }
}

/// Panics unless every diagnostic points inside the text it names, on character boundaries,
/// with 1-based positions, and has a message and a help text; and the summary counts match.
pub fn check(analysis: &Analysis, jobspec: &str, nodes: &str) {
    for d in &analysis.diagnostics {
        check_diagnostic(d, jobspec, nodes);
    }
    let errors = analysis.diagnostics.iter().filter(|d| d.is_error()).count();
    assert_eq!(analysis.summary.errors, errors);
    assert!(analysis.summary.placed <= analysis.summary.instances);
}

/// [`check`] for one diagnostic.
pub fn check_diagnostic(d: &Diagnostic, jobspec: &str, nodes: &str) {
    let text = |source: SourceId| if source == SourceId::Nodes { nodes } else { jobspec };
    let spans = std::iter::once((d.source, d.span, d.start, d.end))
        .chain(d.labels.iter().map(|l| (l.source, l.span, l.start, l.end)));
    for (source, span, start, end) in spans {
        if matches!(source, SourceId::VarFile(_)) {
            continue;
        }
        let t = text(source);
        assert!(span.start <= span.end && span.end <= t.len(), "{d:#?} is outside the text");
        assert!(t.is_char_boundary(span.start) && t.is_char_boundary(span.end), "{d:#?} splits a character");
        assert!(start.line >= 1 && start.column >= 1, "{d:#?}");
        assert!((start.line, start.column) <= (end.line, end.column), "{d:#?}");
    }
    assert!(!d.message.is_empty(), "{d:#?}");
    assert!(d.help.as_deref().is_some_and(|h| !h.is_empty()), "no help: {d:#?}");
}

/// Panics unless the placed ports are plausible: every port a placed instance got is a port
/// number, and under 1.x no two group ports of instances on one address share a value unless
/// one was placed with `ignore_collision` (the scenario never asks for that).
pub fn check_ports(analysis: &Analysis) {
    let mut seen: std::collections::BTreeMap<(String, i64), String> = std::collections::BTreeMap::new();
    for p in &analysis.placements {
        let Some(node) = &p.node else { continue };
        if let Some(net) = &p.group_network {
            for port in &net.ports {
                assert!((0..=65_535).contains(&port.host), "{} got port {}", p.name, port.host);
                if analysis.nomad.is_modern() {
                    let key = (format!("{node}/{}", port.host_ip), port.host);
                    if let Some(other) = seen.insert(key, p.name.clone()) {
                        assert_eq!(other, p.name, "{} and {other} share port {} on {node}", p.name, port.host);
                    }
                }
            }
        }
        for task in &p.tasks {
            for port in task.network.iter().flat_map(|n| &n.ports) {
                assert!(port.host >= 0, "{} got port {}", p.name, port.host);
            }
        }
    }
}

/// A jobspec and an inventory with networking in them, built by `arbitrary`.
#[derive(Debug, Clone, Arbitrary)]
pub struct Scenario {
    /// Nomad 1.x (group networks) or 0.2 (task networks).
    pub modern: bool,
    /// The analysis seed.
    pub seed: u64,
    /// A batch or system job instead of a service.
    pub kind: JobKind,
    /// The groups (at most 4 are used).
    pub groups: Vec<GroupSpec>,
    /// The nodes (at most 6 are used).
    pub nodes: Vec<NodeSpec>,
}

/// The scheduler type.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum JobKind {
    /// `service`.
    Service,
    /// `batch`.
    Batch,
    /// `system`.
    System,
}

/// One group: its count, network mode and ports.
#[derive(Debug, Clone, Arbitrary)]
pub struct GroupSpec {
    /// 1 to 8 instances.
    pub count: u8,
    /// Network mode of a 1.x group network.
    pub mode: Mode,
    /// Ports (at most 6 are used).
    pub ports: Vec<PortSpec>,
    /// CPU asked for, in 100 MHz steps.
    pub cpu: u8,
    /// Bandwidth asked for (0.2).
    pub mbits: u8,
}

/// A group network's mode.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Mode {
    /// `host`.
    Host,
    /// `bridge`.
    Bridge,
}

/// One port ask.
#[derive(Debug, Clone, Arbitrary)]
pub struct PortSpec {
    /// Label index (labels repeat on purpose).
    pub label: u8,
    /// Static value, or dynamic.
    pub value: PortValue,
    /// `to` (1.x), if any.
    pub to: Option<PortValue>,
    /// Ask for the `public` host network (1.x).
    pub public: bool,
}

/// A port number, biased towards the edges.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum PortValue {
    /// A dynamic port.
    Dynamic,
    /// One of the numbers where rules change.
    Edge(u8),
    /// Any number.
    Any(u16),
}

const EDGES: [i64; 14] = [-1, 0, 1, 22, 80, 443, 8080, 19_999, 20_000, 31_999, 32_000, 59_999, 65_535, 65_536];

impl PortValue {
    fn render(self) -> Option<i64> {
        match self {
            PortValue::Dynamic => None,
            PortValue::Edge(i) => Some(EDGES[usize::from(i) % EDGES.len()]),
            PortValue::Any(n) => Some(i64::from(n)),
        }
    }
}

/// One node.
#[derive(Debug, Clone, Arbitrary)]
pub struct NodeSpec {
    /// The address block of its network.
    pub cidr: CidrSpec,
    /// Ports reserved on the node (1.x range string from these).
    pub reserved: Vec<PortValue>,
    /// Existing allocations with a static port each.
    pub allocs: Vec<PortValue>,
    /// A `public` host network (1.x).
    pub public_network: bool,
    /// A small dynamic range (1.x), as (min offset, width).
    pub dynamic_range: Option<(u8, u8)>,
    /// CPU capacity in 500 MHz steps (0: none given).
    pub cpu: u8,
    /// Link speed in 10 MBit steps (0: default).
    pub mbits: u8,
}

/// A node network's address block.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum CidrSpec {
    /// One IPv4 address.
    Single,
    /// Four IPv4 addresses.
    Small,
    /// IPv6 `/126`.
    V6,
    /// IPv6 `/64`.
    V6Wide,
    /// `/0`.
    Everything,
}

impl Scenario {
    /// The Nomad version to analyse under.
    pub fn version(&self) -> NomadVersion {
        if self.modern { NomadVersion::V1 } else { NomadVersion::V0_2 }
    }

    /// The jobspec text.
    pub fn jobspec(&self) -> String {
        let kind = match self.kind {
            JobKind::Service => "service",
            JobKind::Batch => "batch",
            JobKind::System => "system",
        };
        let mut out = format!("job \"fuzz\" {{\n  type = \"{kind}\"\n");
        for (g, group) in self.groups.iter().take(4).enumerate() {
            let _ = writeln!(out, "  group \"g{g}\" {{\n    count = {}", 1 + group.count % 8);
            let ports: String = group.ports.iter().take(6).map(|p| self.port(p)).collect();
            if self.modern {
                let mode = match group.mode {
                    Mode::Host => "host",
                    Mode::Bridge => "bridge",
                };
                let _ = writeln!(out, "    network {{\n      mode = \"{mode}\"\n{ports}    }}");
            }
            let _ = writeln!(
                out,
                "    task \"t\" {{\n      driver = \"docker\"\n      resources {{\n        cpu = {}\n        memory = 64",
                100 + u32::from(group.cpu) * 100
            );
            if !self.modern {
                let _ = writeln!(out, "        network {{\n          mbits = {}\n{ports}        }}", group.mbits);
            }
            out.push_str("      }\n    }\n  }\n");
        }
        out.push_str("}\n");
        out
    }

    fn port(&self, p: &PortSpec) -> String {
        let mut body = String::new();
        if let Some(v) = p.value.render() {
            let _ = write!(body, " static = {v}");
        }
        if self.modern {
            if let Some(to) = p.to.and_then(PortValue::render) {
                let _ = write!(body, " to = {to}");
            }
            if p.public {
                body.push_str(" host_network = \"public\"");
            }
        }
        format!("      port \"p{}\" {{{body} }}\n", p.label % 8)
    }

    /// The inventory text.
    pub fn inventory(&self) -> String {
        let mut out = String::new();
        for (n, node) in self.nodes.iter().take(6).enumerate() {
            let (cidr, ip) = match node.cidr {
                CidrSpec::Single => (format!("10.0.{n}.10/32"), format!("10.0.{n}.10")),
                CidrSpec::Small => (format!("10.1.{n}.8/30"), format!("10.1.{n}.8")),
                CidrSpec::V6 => (format!("fd00:{n}::4/126"), format!("fd00:{n}::4")),
                CidrSpec::V6Wide => (format!("fd01:{n}::/64"), format!("fd01:{n}::")),
                CidrSpec::Everything => ("0.0.0.0/0".to_string(), "0.0.0.0".to_string()),
            };
            let _ = writeln!(out, "node \"n{n}\" {{");
            if node.cpu > 0 {
                let _ = writeln!(out, "  resources {{\n    cpu = {}\n    memory = 4096\n  }}", u32::from(node.cpu) * 500);
            }
            let mbits = if node.mbits == 0 { 1000 } else { u32::from(node.mbits) * 10 };
            let _ = writeln!(out, "  network {{\n    device = \"eth0\"\n    cidr = \"{cidr}\"\n    mbits = {mbits}\n  }}");
            if self.modern {
                let reserved: Vec<String> = node
                    .reserved
                    .iter()
                    .take(4)
                    .filter_map(|v| v.render())
                    .filter(|v| (1..=65_535).contains(v))
                    .map(|v| v.to_string())
                    .collect();
                if !reserved.is_empty() {
                    let _ = writeln!(out, "  reserved {{\n    reserved_ports = \"{}\"\n  }}", reserved.join(","));
                }
                if node.public_network {
                    let _ = writeln!(out, "  host_network \"public\" {{\n    cidr = \"{cidr}\"\n  }}");
                }
                if let Some((offset, width)) = node.dynamic_range {
                    let min = 20_000 + u32::from(offset);
                    let _ = writeln!(out, "  min_dynamic_port = {min}\n  max_dynamic_port = {}", min + u32::from(width % 8));
                }
            }
            for (a, port) in node.allocs.iter().take(4).enumerate() {
                let Some(value) = port.render().filter(|v| (1..=65_535).contains(v)) else { continue };
                let _ = writeln!(
                    out,
                    "  alloc \"a{a}\" {{\n    task \"t\" {{\n      network {{\n        ip = \"{ip}\"\n        port \"x\" {{ static = {value} }}\n      }}\n    }}\n  }}"
                );
            }
            out.push_str("}\n");
        }
        out
    }
}

/// A scenario from raw fuzz bytes, if they make one.
pub fn scenario(data: &[u8]) -> Option<Scenario> {
    Scenario::arbitrary(&mut Unstructured::new(data)).ok()
}

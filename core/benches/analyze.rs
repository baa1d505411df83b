//! Benchmarks of the whole façade (`cargo bench -p netplay-core --bench analyze`).
//!
//! Targets (issue 2): the seed page's example ≤ 100 µs; 1,000 nodes with a `count = 100`
//! group ≤ 50 ms. Results are recorded in BENCHMARKS.md.

use std::fmt::Write;

use netplay_core::{NomadVersion, Options, analyze};

fn v0_2() -> Options {
    Options::for_version(NomadVersion::V0_2)
}

fn v1() -> Options {
    Options::for_version(NomadVersion::V1)
}

fn main() {
    divan::main();
}

const SEED_JOB: &str = include_str!("../../examples/seed-dynamic-ports/job.hcl");
const SEED_NODES: &str = include_str!("../../examples/seed-dynamic-ports/nodes.hcl");

/// The seed page's example under Nomad 0.2 (HCL1): one task, two dynamic ports, one node.
#[divan::bench]
fn seed_page_example() -> netplay_core::Analysis {
    analyze(divan::black_box(SEED_JOB), divan::black_box(SEED_NODES), &v0_2())
}

const BRIDGE_JOB: &str = include_str!("../../examples/v1-bridge-to/job.hcl");
const BRIDGE_NODES: &str = include_str!("../../examples/v1-bridge-to/nodes.hcl");

/// A 1.x example (read as HCL2): bridge mode with `to`, two instances on two nodes.
#[divan::bench]
fn v1_bridge_example() -> netplay_core::Analysis {
    analyze(divan::black_box(BRIDGE_JOB), divan::black_box(BRIDGE_NODES), &v1())
}

/// An inventory of `n` nodes, each with capacity, a reservation and one busy allocation.
fn inventory(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let (a, b) = (i / 250, i % 250);
        let _ = write!(
            out,
            r#"node "node-{i}" {{
  resources {{ cpu = 8000 memory = 16384 }}
  network {{ device = "eth0" cidr = "10.{a}.{b}.10/32" mbits = 1000 }}
  reserved {{ cpu = 100 network {{ device = "eth0" ip = "10.{a}.{b}.10" mbits = 1 port "ssh" {{ static = 22 }} }} }}
  alloc "busy-{i}" {{
    task "t" {{
      resources {{ cpu = 500 memory = 512 }}
      network {{ device = "eth0" ip = "10.{a}.{b}.10" mbits = 10 port "a" {{ static = 8080 }} port "b" {{ static = 9090 }} }}
    }}
  }}
}}
"#
        );
    }
    out
}

const COUNT_100_JOB: &str = r#"
job "fleet" {
  group "web" {
    count = 100
    task "server" {
      driver = "docker"
      config { port_map { http = 8080 } }
      resources {
        cpu = 250
        memory = 256
        network {
          mbits = 10
          port "http" {}
          port "admin" {}
          port "dns" { static = 53 }
        }
      }
    }
  }
}
"#;

/// 1,000 nodes, a group with `count = 100`: parse both, place 100 instances, render env.
#[divan::bench(sample_count = 20, args = ["0.2", "1.x"])]
fn thousand_nodes_count_100(bencher: divan::Bencher, version: &str) {
    let nodes = inventory(1000);
    let options = if version == "0.2" { v0_2() } else { v1() };
    bencher.bench(|| analyze(divan::black_box(COUNT_100_JOB), divan::black_box(&nodes), &options));
}

/// The largest real jobspec of `../shared/corpus/real-world/` (the file the web app's
/// largest-file keystroke benchmark types into), under 1.x on the bridge example's nodes.
#[divan::bench]
fn largest_corpus_jobspec(bencher: divan::Bencher) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real-world");
    let largest = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) != Some("tsv"))
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    let Some(text) = largest.and_then(|p| std::fs::read_to_string(p).ok()) else {
        eprintln!("largest_corpus_jobspec: ../shared/corpus/real-world is not beside the project");
        return;
    };
    bencher.bench(|| analyze(divan::black_box(&text), divan::black_box(BRIDGE_NODES), &v1()));
}

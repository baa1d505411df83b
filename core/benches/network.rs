//! Per-node network work under Nomad 1.x (`cargo bench -p netplay-core --bench network`): what
//! the scheduler does for every candidate node: build the index (node, reserved ports,
//! existing allocations), assign the group's ports, reserve them.
//!
//! Reference (issue 4): Nomad's own `network.go` on this kind of machine: 1.6 µs per node for
//! the small case, 32 µs for the busy one, 2.0 ms for 1,000 nodes, 12.4 ms to fill a node's
//! default range one dynamic port at a time. Target: at most half of each.

// Core's library code may not panic (core/Cargo.toml); a benchmark builds its own inputs and
// stops at once when they are wrong.
#![allow(clippy::expect_used)]

use std::net::{IpAddr, Ipv4Addr};

use netplay_core::alloc::NetworkIndex;
use netplay_core::jobspec::{NetworkAsk, PortAsk};
use netplay_core::nodes::{AllocPort, ExistingAlloc, Node, NodeAddress, NodeNetwork};
use netplay_core::rng::Rng;
use netplay_core::source::Span;
use netplay_core::version::NomadVersion;

fn main() {
    divan::main();
}

fn address(i: u32) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(u32::from(Ipv4Addr::new(10, 0, 0, 10)) + i))
}

/// A node with one interface and `allocs` allocations holding `ports` static ports each.
fn busy_node(i: u32, allocs: u32, ports: u32) -> Node {
    let ip = address(i);
    let mut node = Node::named(&format!("node-{i}"));
    node.networks.push(NodeNetwork {
        device: "eth0".into(),
        cidr: format!("{ip}/32").parse().expect("cidr"),
        mbits: 1000,
        span: Span::default(),
    });
    node.addresses.push(NodeAddress {
        alias: "default".into(),
        ip,
        device: "eth0".into(),
        reserved_ports: String::new(),
    });
    node.reserved.reserved_ports = "22".into();
    for a in 0..allocs {
        node.allocs.push(ExistingAlloc {
            ports: (0..ports)
                .map(|p| AllocPort {
                    label: format!("p{p}"),
                    value: i64::from(20_000 + a * ports + p),
                    host_ip: ip,
                    ignore_collision: false,
                    span: Span::default(),
                })
                .collect(),
            ..ExistingAlloc::named(&format!("alloc-{a}"))
        });
    }
    node
}

fn port(label: &str, value: i64) -> PortAsk {
    PortAsk { label: label.into(), value, host_network: "default".into(), ..PortAsk::default() }
}

/// One static and three dynamic ports on the default host network.
fn ask() -> NetworkAsk {
    NetworkAsk {
        reserved_ports: vec![port("static", 8080)],
        dynamic_ports: vec![port("a", 0), port("b", 0), port("c", 0)],
        ..NetworkAsk::default()
    }
}

/// The scheduler's per-node network step.
fn per_node(node: &Node, ask: &NetworkAsk, rng: &mut Rng) -> usize {
    let rules = NomadVersion::V1.rules();
    let mut index = NetworkIndex::new(rules);
    index.set_node(node, rules).expect("valid node");
    for alloc in &node.allocs {
        index.add_existing(alloc);
    }
    let offer = index.assign_ports(ask, rules, rng).expect("offer");
    index.add_allocated(&offer);
    offer.len()
}

/// One node with 10 allocations × 2 ports; ask 1 static + 3 dynamic.
#[divan::bench]
fn small_node(bencher: divan::Bencher) {
    let node = busy_node(0, 10, 2);
    let ask = ask();
    let mut rng = Rng::new(1);
    bencher.bench_local(|| per_node(divan::black_box(&node), &ask, &mut rng));
}

/// One node with 1,000 allocations × 5 ports; the same ask.
#[divan::bench]
fn busy_node_1000_allocs(bencher: divan::Bencher) {
    let node = busy_node(0, 1000, 5);
    let ask = ask();
    let mut rng = Rng::new(1);
    bencher.bench_local(|| per_node(divan::black_box(&node), &ask, &mut rng));
}

/// 1,000 nodes of the small kind, each evaluated once.
#[divan::bench(sample_count = 30)]
fn thousand_nodes(bencher: divan::Bencher) {
    let nodes: Vec<Node> = (0..1000).map(|i| busy_node(i, 10, 2)).collect();
    let ask = ask();
    let mut rng = Rng::new(1);
    bencher.bench_local(|| nodes.iter().map(|n| per_node(n, &ask, &mut rng)).sum::<usize>());
}

/// Fill an empty node's default range (20000..=32000, 12,001 ports) one dynamic port at a
/// time; the last ones only through the precise fallback.
#[divan::bench(sample_count = 10)]
fn fill_default_range(bencher: divan::Bencher) {
    let node = busy_node(0, 0, 0);
    let rules = NomadVersion::V1.rules();
    let one = NetworkAsk { dynamic_ports: vec![port("d", 0)], ..NetworkAsk::default() };
    bencher.bench_local(|| {
        let mut rng = Rng::new(1);
        let mut index = NetworkIndex::new(rules);
        index.set_node(&node, rules).expect("valid node");
        let mut placed = 0;
        while let Ok(offer) = index.assign_ports(&one, rules, &mut rng) {
            index.add_allocated(&offer);
            placed += 1;
        }
        assert_eq!(placed, 12_001);
        placed
    });
}

//! The number of random probes per dynamic port, measured by what it changes: how often 0.2
//! gives up on a crowded address, and how often 1.x falls back to the precise search (the only
//! way to reach the top of the range). Fixed seeds keep the counts deterministic; the bounds
//! sit about four standard deviations around the rate 20 probes give, and a count of 15 or 25
//! probes already falls outside them.

use std::net::IpAddr;

use super::*;
use crate::cidr::Cidr;
use crate::nodes::{NetworkUse, Node, NodeAddress, NodeNetwork, UsedPort};
use crate::source::Span;
use crate::version::NomadVersion;

const ADDRESS: &str = "10.0.0.1";

fn address() -> IpAddr {
    ADDRESS.parse().expect("test address")
}

fn node_with_network() -> Node {
    Node {
        networks: vec![NodeNetwork {
            device: "eth0".into(),
            cidr: format!("{ADDRESS}/32").parse::<Cidr>().expect("test CIDR"),
            mbits: 1000,
            span: Span::default(),
        }],
        ..Node::named("n")
    }
}

fn dynamic_ask(labels: &[&str]) -> NetworkAsk {
    NetworkAsk {
        dynamic_ports: labels
            .iter()
            .map(|&label| PortAsk { label: label.into(), host_network: "default".into(), ..PortAsk::default() })
            .collect(),
        ..NetworkAsk::default()
    }
}

/// Share of `trials` that `attempt` reports as a hit, as a fraction.
fn rate(trials: u32, mut attempt: impl FnMut() -> bool) -> f64 {
    f64::from((0..trials).filter(|_| attempt()).count() as u32) / f64::from(trials)
}

#[test]
fn nomad_0_2_gives_up_after_twenty_probes() {
    // 0.2 draws from 20000..59999 with no fallback. One port in ten is free, so an address
    // fails when 20 draws all hit used ports: 0.9^20 = 12.2 % (5 probes would give 59 %).
    let rules = NomadVersion::V0_2.rules();
    let node = node_with_network();
    let mut index = NetworkIndex::new(rules);
    assert_eq!(index.set_node(&node, rules), Ok(false));
    let ports = (20_000..60_000)
        .filter(|p| p % 10 != 0)
        .map(|value| UsedPort { label: "x".into(), value, span: Span::default() })
        .collect();
    let crowd = NetworkUse {
        device: "eth0".into(),
        ip: address(),
        ip_span: Span::default(),
        mbits: 0,
        ports,
        span: Span::default(),
    };
    assert!(!index.add_use(&crowd));
    let ask = dynamic_ask(&["d"]);
    let mut rng = Rng::new(12);
    let failed = rate(4000, || {
        let result = index.assign_network(&ask, rules, &mut rng, &mut Vec::new());
        match result {
            Ok(offer) => {
                assert!(offer.dynamic_ports.iter().all(|p| p.value % 10 == 0), "only free ports are given");
                false
            }
            Err(e) => {
                assert_eq!(e, AssignError::DynamicPortSelectionFailed);
                true
            }
        }
    });
    assert!((0.095..0.15).contains(&failed), "0.2 failed {failed} of the time; 0.9^20 = 0.122");
}

#[test]
fn nomad_1x_falls_back_after_twenty_probes() {
    // The node's range is 20000..20020 and only 20019 and 20020 are free. Probes draw from
    // 20000..20019, so each hits the free 20019 with chance 1/20; after 20 misses
    // (0.95^20 = 35.8 %) the precise search picks 20019 or 20020 evenly. 20020 therefore turns
    // up 17.9 % of the time (5 probes: 38.7 %), for group ports and task networks alike.
    let rules = NomadVersion::V1.rules();
    let mut node = node_with_network();
    node.addresses.push(NodeAddress {
        alias: "default".into(),
        ip: address(),
        device: "eth0".into(),
        reserved_ports: String::new(),
    });
    node.reserved.reserved_ports = "20000-20018".into();
    node.dynamic_range = (Some(20_000), Some(20_020));
    let mut index = NetworkIndex::new(rules);
    assert_eq!(index.set_node(&node, rules), Ok(false));
    let ask = dynamic_ask(&["d"]);
    let mut rng = Rng::new(7);
    let top_by_group_ports = rate(4000, || {
        let offer = index.assign_ports(&ask, rules, &mut rng).expect("a free port is left");
        assert!(matches!(offer.first().map(|p| p.value), Some(20_019 | 20_020)));
        offer.first().is_some_and(|p| p.value == 20_020)
    });
    let top_by_task_network = rate(4000, || {
        let offer = index.assign_network(&ask, rules, &mut rng, &mut Vec::new()).expect("a free port is left");
        offer.dynamic_ports.first().is_some_and(|p| p.value == 20_020)
    });
    for (what, top) in [("group ports", top_by_group_ports), ("task network", top_by_task_network)] {
        assert!((0.155..0.205).contains(&top), "{what}: the top port came {top} of the time; 0.95^20 / 2 = 0.179");
    }
}

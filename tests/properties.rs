//! Property tests of the allocator and the façade: invariants that hold for every input.

use netplay_core::alloc::NetworkIndex;
use netplay_core::rng::Rng;
use netplay_core::version::NomadVersion;
use netplay_core::{Options, analyze};
use netplay_tests::{ask, node, used};
use proptest::prelude::*;

const ADDRESSES: [&str; 4] = ["10.0.0.8", "10.0.0.9", "10.0.0.10", "10.0.0.11"];

/// Used ports per address of a /30, the ask's statics and the number of dynamic ports.
fn scenario() -> impl Strategy<Value = (Vec<Vec<i64>>, Vec<i64>, usize, u64)> {
    let port = prop_oneof![1i64..1024, 20_000i64..20_050, 59_950i64..60_000];
    (
        prop::collection::vec(prop::collection::vec(port.clone(), 0..30), 4),
        prop::collection::btree_set(port, 0..4).prop_map(|s| s.into_iter().collect::<Vec<_>>()),
        0usize..6,
        any::<u64>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn offers_respect_range_distinctness_and_used_ports((used_ports, statics, dynamics, seed) in scenario(), modern in any::<bool>()) {
        let version = if modern { NomadVersion::V1 } else { NomadVersion::V0_2 };
        let rules = version.rules();
        // The highest port a dynamic pick can reach: 59999 in 0.2 (probes only), 32000 in 1.x.
        let top = if modern { rules.dynamic_max } else { rules.dynamic_max - 1 };
        let n = node("eth0", "10.0.0.8/30", 1000);
        let mut index = NetworkIndex::new(rules);
        index.set_node(&n, rules).expect("valid node");
        for (address, ports) in ADDRESSES.iter().zip(&used_ports) {
            let labelled: Vec<(&str, i64)> = ports.iter().map(|&p| ("x", p)).collect();
            index.add_use(&used("eth0", address, 0, &labelled));
        }
        let labels: Vec<String> = (0..dynamics).map(|i| format!("d{i}")).collect();
        let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        let static_pairs: Vec<(String, i64)> = statics.iter().enumerate().map(|(i, &v)| (format!("s{i}"), v)).collect();
        let static_refs: Vec<(&str, i64)> = static_pairs.iter().map(|(l, v)| (l.as_str(), *v)).collect();
        let a = ask(0, &static_refs, &label_refs);
        let first = index.assign_network(&a, rules, &mut Rng::new(seed), &mut Vec::new());
        let again = index.assign_network(&a, rules, &mut Rng::new(seed), &mut Vec::new());
        prop_assert_eq!(&first, &again, "same seed, same offer");
        if let Ok(offer) = first {
            prop_assert!(ADDRESSES.contains(&offer.ip.to_string().as_str()));
            let mut seen: Vec<i64> = Vec::new();
            for p in &offer.reserved_ports {
                prop_assert!(!index.port_used(offer.ip, p.value), "static {} is free on {}", p.value, offer.ip);
                seen.push(p.value);
            }
            for p in &offer.dynamic_ports {
                prop_assert!((20_000..=top).contains(&p.value), "dynamic {} in range", p.value);
                prop_assert!(!index.port_used(offer.ip, p.value), "dynamic {} is free", p.value);
                prop_assert!(!seen.contains(&p.value), "dynamic {} distinct from the ask's ports", p.value);
                seen.push(p.value);
            }
            prop_assert_eq!(offer.dynamic_ports.len(), dynamics);
        }
    }

    #[test]
    fn statics_collide_only_where_used((used_ports, statics, _d, seed) in scenario(), modern in any::<bool>()) {
        let version = if modern { NomadVersion::V1 } else { NomadVersion::V0_2 };
        let n = node("eth0", "10.0.0.8/30", 1000);
        let mut index = NetworkIndex::new(version.rules());
        index.set_node(&n, version.rules()).expect("valid node");
        for (address, ports) in ADDRESSES.iter().zip(&used_ports) {
            let labelled: Vec<(&str, i64)> = ports.iter().map(|&p| ("x", p)).collect();
            index.add_use(&used("eth0", address, 0, &labelled));
        }
        let pairs: Vec<(String, i64)> = statics.iter().enumerate().map(|(i, &v)| (format!("s{i}"), v)).collect();
        let refs: Vec<(&str, i64)> = pairs.iter().map(|(l, v)| (l.as_str(), *v)).collect();
        let result = index.assign_network(&ask(0, &refs, &[]), version.rules(), &mut Rng::new(seed), &mut Vec::new());
        // The first address (in CIDR order) where no static is used is the one chosen.
        let expected = ADDRESSES.iter().zip(&used_ports).find(|(_, ports)| !statics.iter().any(|s| ports.contains(s)));
        match (result, expected) {
            (Ok(offer), Some((address, _))) => prop_assert_eq!(offer.ip.to_string(), *address),
            (Err(e), None) => prop_assert!(e.to_string().starts_with("reserved port collision")),
            (r, e) => prop_assert!(false, "unexpected {:?} vs {:?}", r, e),
        }
    }

    #[test]
    fn analyze_never_panics_on_arbitrary_text(job in ".{0,400}", nodes in ".{0,200}", seed in any::<u64>(), modern in any::<bool>()) {
        let nomad = if modern { NomadVersion::V1 } else { NomadVersion::V0_2 };
        let a = analyze(&job, &nodes, &Options { seed, nomad, ..Options::default() });
        for d in &a.diagnostics {
            prop_assert!(d.start.line >= 1 && d.start.column >= 1, "located: {:?}", d);
        }
    }

    #[test]
    fn analyze_never_panics_on_mutated_examples(cut in 0usize..2000, insert in "[{}\"=#\\[\\]a-z0-9 \n]{0,4}", seed in 0u64..4) {
        for (_, job, nodes) in netplay_tests::examples() {
            let at = job.char_indices().map(|(i, _)| i).nth(cut % job.chars().count().max(1)).unwrap_or(0);
            let mutated = format!("{}{}{}", &job[..at], insert, &job[at..]);
            for nomad in NomadVersion::ALL {
                let a = analyze(&mutated, &nodes, &Options { seed, nomad: *nomad, ..Options::default() });
                prop_assert!(a.diagnostics.iter().all(|d| d.start.line >= 1));
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_analysis_and_statics_never_move() {
    for (name, job, nodes) in netplay_tests::examples() {
        let nomad = netplay_tests::example_version(&name);
        let one = analyze(&job, &nodes, &Options { seed: 11, nomad, ..Options::default() });
        let two = analyze(&job, &nodes, &Options { seed: 11, nomad, ..Options::default() });
        assert_eq!(one, two, "{name}: deterministic");
        let other = analyze(&job, &nodes, &Options { seed: 12, nomad, ..Options::default() });
        let statics = |a: &netplay_core::Analysis| -> Vec<(String, i64)> {
            a.placements
                .iter()
                .flat_map(|p| &p.tasks)
                .filter_map(|t| t.network.as_ref())
                .flat_map(|n| &n.ports)
                .filter(|p| p.kind == netplay_core::analysis::PortKind::Static)
                .map(|p| (p.label.clone(), p.host))
                .collect()
        };
        if one.summary.placed == other.summary.placed {
            assert_eq!(statics(&one), statics(&other), "{name}: statics stay");
        }
    }
}

//! The limit iterator, seen through `analyze`: which node wins and which nodes were looked at,
//! relative to the shuffled order the plan reports (so the tests hold for every seed).

use crate::analysis::Analysis;
use crate::{NomadVersion, Options, analyze};

/// Nodes without CPU and memory capacity: every one of them scores 0.
fn zero_scoring_nodes(n: usize) -> String {
    (1..=n)
        .map(|i| format!("node \"n{i}\" {{\n  network {{ device = \"eth0\" cidr = \"10.0.0.{i}/32\" }}\n}}\n"))
        .collect()
}

const ONE_INSTANCE: &str = "job \"j\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";

fn run(nomad: NomadVersion, nodes: usize, seed: u64) -> Analysis {
    analyze(ONE_INSTANCE, &zero_scoring_nodes(nodes), &Options { nomad, seed, ..Options::default() })
}

/// The shuffled node order and the single placement's chosen node and evaluated nodes.
fn walk(a: &Analysis) -> (Vec<String>, String, Vec<String>) {
    let order = a.job.as_ref().map(|j| j.node_order.clone()).unwrap_or_default();
    let placement = a.placements.first().expect("one instance");
    let chosen = placement.node.clone().expect("placed");
    let evaluated = placement.evaluated.iter().map(|e| e.node.clone()).collect();
    (order, chosen, evaluated)
}

#[test]
fn modern_limit_sets_aside_three_nodes_scoring_zero_and_takes_the_fourth() {
    for seed in 0..20 {
        let a = run(NomadVersion::V1, 6, seed);
        assert!(a.diagnostics.iter().all(|d| !d.is_error()), "{:?}", a.diagnostics);
        let (order, chosen, evaluated) = walk(&a);
        // 6 nodes: limit ceil(log2 6) = 3. The first three score 0 and are set aside; the
        // fourth, fifth and sixth fill the limit and tie at 0, so the first of them wins.
        assert_eq!(a.job.as_ref().map(|j| j.limit), Some(3));
        assert_eq!(chosen, order[3], "seed {seed}");
        assert_eq!(evaluated, order, "seed {seed}: every node is looked at");
    }
}

#[test]
fn set_aside_nodes_are_used_when_the_walk_runs_dry() {
    for seed in 0..20 {
        let a = run(NomadVersion::V1, 3, seed);
        let (order, chosen, evaluated) = walk(&a);
        // Three nodes, all set aside: the walk ends and the first one set aside is handed out.
        assert_eq!(chosen, order[0], "seed {seed}");
        assert_eq!(evaluated, order, "seed {seed}");
    }
}

#[test]
fn nomad_0_2_has_no_skipping_the_limit_stops_the_walk() {
    for seed in 0..20 {
        let a = run(NomadVersion::V0_2, 6, seed);
        let (order, chosen, evaluated) = walk(&a);
        assert_eq!(chosen, order[0], "seed {seed}");
        assert_eq!(evaluated, order[..3], "seed {seed}: the limit of 3 ends the walk");
    }
}

#[test]
fn nodes_whose_penalty_takes_them_to_zero_are_passed_over_for_an_empty_one() {
    // Five instances on five nodes of different sizes (limit 3). A node that already holds an
    // instance scores (fit / 18 - (1 + 1) / 5) / 2, which is 0 or less on the three larger
    // nodes, so the modern limit iterator sets them aside and walks on to an empty node: no
    // node gets two instances. Without the skipping, 11 of these 50 seeds fill the limit with
    // occupied nodes and stack two instances.
    let job = "job \"j\" {\n  group \"g\" {\n    count = 5\n    task \"t\" {\n      driver = \"exec\"\n      resources {\n        cpu = 500\n        memory = 256\n      }\n    }\n  }\n}\n";
    let nodes: String = [4000, 2000, 3000, 6000, 1500]
        .iter()
        .enumerate()
        .map(|(i, cpu)| {
            format!(
                "node \"n{i}\" {{\n  resources {{\n    cpu = {cpu}\n    memory = 8192\n  }}\n  network {{ device = \"eth0\" cidr = \"10.0.0.{i}/32\" }}\n}}\n"
            )
        })
        .collect();
    for seed in 0..50 {
        let a = analyze(job, &nodes, &Options { nomad: NomadVersion::V1, seed, ..Options::default() });
        let mut chosen: Vec<_> = a.placements.iter().filter_map(|p| p.node.clone()).collect();
        assert_eq!(chosen.len(), 5, "seed {seed}");
        chosen.sort();
        chosen.dedup();
        assert_eq!(chosen.len(), 5, "seed {seed}: two instances share a node");
    }
}

#[test]
fn a_system_job_is_placed_once_on_every_node() {
    let job =
        "job \"j\" {\n  type = \"system\"\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";
    let a = analyze(job, &zero_scoring_nodes(4), &Options { nomad: NomadVersion::V1, seed: 7, ..Options::default() });
    let mut chosen: Vec<_> = a.placements.iter().filter_map(|p| p.node.clone()).collect();
    chosen.sort();
    assert_eq!(chosen, ["n1", "n2", "n3", "n4"]);
    // A system job has no limit: every node is its own walk.
    assert_eq!(a.job.as_ref().map(|j| j.limit), Some(0));
}

#[test]
fn a_batch_job_looks_at_two_nodes_where_a_service_job_looks_at_log2_of_them() {
    let limit = |kind: &str| {
        let job = ONE_INSTANCE.replacen("group", &format!("type = \"{kind}\"\n  group"), 1);
        let a =
            analyze(&job, &zero_scoring_nodes(16), &Options { nomad: NomadVersion::V1, seed: 3, ..Options::default() });
        a.job.as_ref().map(|j| j.limit)
    };
    assert_eq!(limit("batch"), Some(2));
    assert_eq!(limit("service"), Some(4));
}

/// Every allocation and port a node holds makes evaluating it dearer (once more per
/// `HELD_PER_EVALUATION`), and what a placement holds counts at once: 1,000 instances with one
/// task port each on one node cost 125,500 evaluations and stop at the 100,000 budget, while
/// counting the allocation alone or the port alone would stay under it (63,000).
#[test]
fn what_each_placement_holds_makes_the_next_evaluation_dearer() {
    let job = |port: &str| {
        format!(
            "job \"j\" {{\n  group \"g\" {{\n    count = 1000\n    task \"t\" {{\n      driver = \"exec\"\n      resources {{\n        network {{\n          mbits = 1\n          {port}\n        }}\n      }}\n    }}\n  }}\n}}\n"
        )
    };
    let stopped = |job: &str| {
        let a =
            analyze(job, &zero_scoring_nodes(1), &Options { nomad: NomadVersion::V0_2, seed: 1, ..Options::default() });
        a.diagnostics.iter().any(|d| d.message == "netplay stopped after 100000 node evaluations")
    };
    assert!(stopped(&job("port \"http\" {}")));
    assert!(!stopped(&job("")));
}

/// Nomad 0.2 scores a node by its fit minus 10 for each instance of the same job on it, its
/// own earlier instances and allocations the inventory lists alike: with two equal nodes, the
/// second instance goes to the empty node although the busier one fits better, and an
/// allocation of the job already on a node sends the first instance elsewhere.
#[test]
fn nomad_0_2_spreads_the_instances_of_a_job() {
    let job = |count: u32| {
        format!(
            "job \"j\" {{\n  group \"g\" {{\n    count = {count}\n    task \"t\" {{\n      driver = \"exec\"\n      resources {{\n        cpu = 500\n        memory = 256\n      }}\n    }}\n  }}\n}}\n"
        )
    };
    let node = |name: &str, ip: u8, alloc: &str| {
        format!(
            "node \"{name}\" {{\n  resources {{\n    cpu = 4000\n    memory = 8192\n  }}\n  network {{ device = \"eth0\" cidr = \"10.0.0.{ip}/32\" }}\n{alloc}}}\n"
        )
    };
    let chosen = |job: &str, nodes: &str, seed| {
        let a = analyze(job, nodes, &Options { nomad: NomadVersion::V0_2, seed, ..Options::default() });
        assert!(a.diagnostics.iter().all(|d| !d.is_error()), "{:?}", a.diagnostics);
        a.placements.iter().filter_map(|p| p.node.clone()).collect::<Vec<_>>()
    };
    let empty = node("a", 1, "") + &node("b", 2, "");
    let held = node("a", 1, "  alloc \"old\" {\n    job = \"j\"\n  }\n") + &node("b", 2, "");
    for seed in 0..10 {
        let two = chosen(&job(2), &empty, seed);
        assert_eq!(two.len(), 2, "seed {seed}");
        assert_ne!(two.first(), two.get(1), "seed {seed}: both instances on one node");
        assert_eq!(chosen(&job(1), &held, seed), ["b"], "seed {seed}");
    }
}

/// The allocations a node already holds, and their ports, make each evaluation of it dearer
/// from the start: 800 allocations with a port each (1,600 held, 201 evaluations per look)
/// stop 500 instances at the budget; counting each allocation without its port (101 per look)
/// or not at all would not.
#[test]
fn the_allocations_a_node_holds_make_evaluating_it_dearer() {
    let job =
        "job \"j\" {\n  group \"g\" {\n    count = 500\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";
    let allocs: String = (0..800)
        .map(|i| format!("  alloc \"a{i}\" {{\n    port \"p\" {{ static = {} }}\n  }}\n", 10_000 + i))
        .collect();
    let nodes = format!("node \"n\" {{\n  network {{ device = \"eth0\" cidr = \"10.0.0.1/32\" }}\n{allocs}}}\n");
    let a = analyze(job, &nodes, &Options { nomad: NomadVersion::V0_2, seed: 1, ..Options::default() });
    assert!(a.diagnostics.iter().any(|d| d.message == "netplay stopped after 100000 node evaluations"));
}

/// One instance of a task whose own network asks for `ports` dynamic ports.
fn task_network_job(ports: usize) -> String {
    let ports: String = (0..ports).map(|i| format!("          port \"p{i}\" {{}}\n")).collect();
    format!(
        "job \"j\" {{\n  group \"g\" {{\n    task \"t\" {{\n      driver = \"exec\"\n      resources {{\n        network {{\n          mbits = 1\n{ports}        }}\n      }}\n    }}\n  }}\n}}\n"
    )
}

/// A task network that asks for exactly as many dynamic ports as the node's dynamic range holds
/// gets all of them under 1.x: the check that skips hopeless addresses counts the whole range.
#[test]
fn a_dynamic_range_can_be_filled_to_the_last_port() {
    let job = task_network_job(5);
    let nodes = "node \"n\" {\n  min_dynamic_port = 20000\n  max_dynamic_port = 20004\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n}\n";
    let a = analyze(&job, nodes, &Options { nomad: NomadVersion::V1, seed: 1, ..Options::default() });
    let placement = a.placements.first().expect("one instance");
    assert!(placement.node.is_some(), "{:?}", a.diagnostics);
    let env = placement.tasks.first().map(|t| t.env.as_slice()).unwrap_or_default();
    let mut values: Vec<&str> =
        env.iter().filter(|v| v.name.starts_with("NOMAD_HOST_PORT_p")).map(|v| v.value.as_str()).collect();
    values.sort_unstable();
    assert_eq!(values, ["20000", "20001", "20002", "20003", "20004"]);
}

/// An ask no address can meet (three dynamic ports from a range of two) fails at once under 1.x,
/// without walking the addresses of a large block up to the walk limit.
#[test]
fn a_hopeless_ask_fails_without_walking_the_block() {
    let job = task_network_job(3);
    let nodes = "node \"n\" {\n  min_dynamic_port = 20000\n  max_dynamic_port = 20001\n  network { device = \"eth0\" cidr = \"10.0.0.0/8\" }\n}\n";
    let a = analyze(&job, nodes, &Options { nomad: NomadVersion::V1, seed: 1, ..Options::default() });
    assert!(a.placements.first().is_some_and(|p| p.node.is_none()));
    assert!(!a.diagnostics.iter().any(|d| d.code == crate::diagnostic::Code::LimitExceeded), "{:?}", a.diagnostics);
}

/// When the walk runs dry, the limit is filled from the set-aside nodes in turn: the second
/// instance on three nodes that all score 0 gets a node other than the first's (which now
/// scores below 0 for holding an instance), although every node was set aside.
#[test]
fn set_aside_nodes_are_handed_out_in_turn() {
    let job = ONE_INSTANCE.replacen("group \"g\" {", "group \"g\" {\n    count = 2", 1);
    for seed in 0..20 {
        let a = analyze(&job, &zero_scoring_nodes(3), &Options { nomad: NomadVersion::V1, seed, ..Options::default() });
        let chosen: Vec<_> = a.placements.iter().filter_map(|p| p.node.clone()).collect();
        assert_eq!(chosen.len(), 2, "seed {seed}");
        assert_ne!(chosen.first(), chosen.get(1), "seed {seed}: both instances on one node");
    }
}

/// A dynamic port is never given a value a static port of the same network already has: with
/// a dynamic range of two ports and a static on the first, the dynamic port gets the second.
#[test]
fn a_dynamic_port_avoids_the_static_ports_of_its_network() {
    let job = "job \"j\" {\n  group \"g\" {\n    network {\n      port \"fixed\" {\n        static = 20000\n      }\n      port \"free\" {}\n    }\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";
    let nodes = "node \"n\" {\n  min_dynamic_port = 20000\n  max_dynamic_port = 20001\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n}\n";
    for seed in 0..20 {
        let a = analyze(job, nodes, &Options { nomad: NomadVersion::V1, seed, ..Options::default() });
        let ports = a.placements.first().and_then(|p| p.group_network.as_ref()).map(|n| n.ports.clone());
        let free = ports.unwrap_or_default().into_iter().find(|p| p.label == "free").map(|p| p.host);
        assert_eq!(free, Some(20001), "seed {seed}");
    }
}

/// Each device keeps its own bandwidth: an ask of 500 Mbit/s does not fit the 100 Mbit/s of
/// eth0 and lands on eth1's 1,000.
#[test]
fn each_device_keeps_its_own_bandwidth() {
    let job = "job \"j\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n      resources {\n        network {\n          mbits = 500\n        }\n      }\n    }\n  }\n}\n";
    let nodes = "node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.1/32\"\n    mbits = 100\n  }\n  network {\n    device = \"eth1\"\n    cidr = \"10.0.1.1/32\"\n    mbits = 1000\n  }\n}\n";
    let a = analyze(job, nodes, &Options { nomad: NomadVersion::V0_2, seed: 1, ..Options::default() });
    let env = a.placements.first().and_then(|p| p.tasks.first()).map(|t| t.env.clone()).unwrap_or_default();
    let ip = env.into_iter().find(|v| v.name == "NOMAD_IP").map(|v| v.value);
    assert_eq!(ip.as_deref(), Some("10.0.1.1"), "{:?}", a.diagnostics);
}

/// Under 1.x an ask that takes exactly the bandwidth a device has left fits; one more Mbit/s
/// does not.
#[test]
fn an_ask_may_use_the_last_mbit_of_a_device() {
    let job = |mbits: u32| {
        format!(
            "job \"j\" {{\n  group \"g\" {{\n    task \"t\" {{\n      driver = \"exec\"\n      resources {{\n        network {{\n          mbits = {mbits}\n        }}\n      }}\n    }}\n  }}\n}}\n"
        )
    };
    let nodes =
        "node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.1/32\"\n    mbits = 100\n  }\n}\n";
    let placed = |mbits| {
        let a = analyze(&job(mbits), nodes, &Options { nomad: NomadVersion::V1, seed: 1, ..Options::default() });
        a.placements.first().is_some_and(|p| p.node.is_some())
    };
    assert!(placed(100));
    assert!(!placed(101));
}

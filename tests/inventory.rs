//! The node inventory format: what it reads, its defaults, and the diagnostics for mistakes.

use netplay_core::diagnostic::Diagnostics;
use netplay_core::nodes::{self, Inventory};
use netplay_core::source::SourceId;
use netplay_core::syntax::hcl1;
use netplay_core::{Code, Diagnostic, LineIndex, NomadVersion, Options, analyze};

fn read(text: &str, version: NomadVersion) -> (Inventory, Vec<Diagnostic>) {
    let (body, found) = hcl1::parse(text, SourceId::Nodes);
    let mut diags = Diagnostics::new();
    diags.extend(found);
    let inventory = nodes::parse(&body, version, &mut diags);
    let index = LineIndex::new(text);
    let mut diags = diags.into_vec();
    for d in &mut diags {
        d.locate(&index, &index);
    }
    (inventory, diags)
}

fn only_error(text: &str) -> Diagnostic {
    let (_, diags) = read(text, NomadVersion::V1);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().expect("one")
}

fn snippet(text: &str, d: &Diagnostic) -> String {
    text[d.span.start..d.span.end].to_string()
}

#[test]
fn the_readme_example_reads_with_its_defaults() {
    let text = r#"
node "node-1" {
  resources { cpu = 4000 memory = 8192 }
  network { device = "eth0" cidr = "10.0.0.10/32" }
  reserved {
    cpu = 100
    network { mbits = 1 port "ssh" { static = 22 } }
  }
  alloc "cache" {
    task "redis" {
      network { mbits = 10 port "db" { static = 6379 } }
    }
  }
}
node "node-2" {
  network { device = "eth1" cidr = "10.0.0.11/24" mbits = 100 }
}"#;
    let (inv, diags) = read(text, NomadVersion::V0_2);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(inv.nodes.len(), 2);
    let n1 = &inv.nodes[0];
    assert_eq!(n1.capacity.cpu, Some(4000));
    assert_eq!(n1.capacity.disk_mb, None, "not given: unlimited");
    assert_eq!(n1.networks[0].mbits, 1000, "default link speed");
    let reserved = &n1.reserved.networks[0];
    assert_eq!((reserved.device.as_str(), reserved.ip.to_string()), ("eth0", "10.0.0.10".to_string()), "defaults");
    let alloc_net = n1.allocs[0].tasks[0].network.as_ref().expect("network");
    assert_eq!((alloc_net.ip.to_string(), alloc_net.mbits), ("10.0.0.10".to_string(), 10));
    assert_eq!(inv.nodes[1].networks[0].cidr.to_string(), "10.0.0.11/24");
}

#[test]
fn mistakes_are_located() {
    let bad_cidr = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.300/32\" }\n}";
    let d = only_error(bad_cidr);
    assert_eq!((d.code, d.start.line, d.start.column), (Code::BadAddress, 2, 36));
    assert_eq!(d.message, "invalid CIDR: `10.0.0.300` is not an IP address");
    assert_eq!(snippet(bad_cidr, &d), "\"10.0.0.300/32\"");

    let twice = "node \"a\" {}\nnode \"a\" {}\n";
    let d = only_error(twice);
    assert_eq!((d.code, d.start.line, d.message.as_str()), (Code::DuplicateName, 2, "node `a` is defined twice"));
    assert_eq!(d.labels.len(), 1);

    let device = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n  reserved { network { device = \"eth9\" } }\n}";
    let d = only_error(device);
    assert_eq!((d.code, d.message.as_str()), (Code::UnknownDevice, "the node has no network with device `eth9`"));
    assert_eq!(d.help.as_deref(), Some("the node's devices: eth0"));

    let port = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n  reserved { network { port \"x\" { static = 70000 } } }\n}";
    assert_eq!(only_error(port).message, "port 70000 is outside 1..65535");

    let no_prefix = "node \"n\" { network { device = \"eth0\" cidr = \"10.0.0.1\" } }";
    assert!(only_error(no_prefix).message.contains("has no prefix length"));
}

#[test]
fn typos_in_keys_are_warnings() {
    let (inv, diags) = read(
        "node \"n\" {\n  network { device = \"eth0\" cdir = \"10.0.0.1/32\" cidr = \"10.0.0.1/32\" }\n}",
        NomadVersion::V1,
    );
    assert_eq!(inv.nodes.len(), 1);
    let d = diags.iter().find(|d| d.code == Code::UnknownKey).expect("warning");
    assert_eq!(d.message, "unknown key `cdir` in a node `network`");
}

#[test]
fn modern_client_settings_use_the_agents_texts() {
    let ranges = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n  min_dynamic_port = 30000\n  max_dynamic_port = 20000\n}";
    assert_eq!(
        only_error(ranges).message,
        "Invalid dynamic port range: min_dynamic_port=30000 and max_dynamic_port=20000"
    );
    let too_big = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n  max_dynamic_port = 70000\n}";
    assert_eq!(only_error(too_big).message, "Invalid dynamic port range: max_dynamic_port=70000");
    let spaced = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n  reserved { reserved_ports = \"80 - 81\" }\n}";
    assert_eq!(
        only_error(spaced).message,
        "reserved.reserved_ports \"80 - 81\" invalid: strconv.ParseUint: parsing \"80 \": invalid syntax"
    );
    let host = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n  host_network \"pub\" { reserved_ports = \"0\" }\n}";
    assert_eq!(only_error(host).message, "host_network[\"pub\"].reserved_ports \"0\" invalid: port must be > 0");
    let crash = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n  reserved { reserved_ports = \"65536\" }\n}";
    assert!(only_error(crash).message.contains("port 65536 does not exist"), "refused instead of crashing");
}

#[test]
fn addresses_get_aliases_from_host_networks_and_the_default_interface() {
    let text = r#"node "n" {
  network { device = "eth0" cidr = "10.0.0.10/24" }
  network { device = "eth1" cidr = "203.0.113.10/24" }
  host_network "public" { cidr = "203.0.113.0/24" interface = "eth1" }
  host_network "anything" {}
  host_network "wrong-interface" { interface = "eth7" }
}"#;
    let (inv, diags) = read(text, NomadVersion::V1);
    assert!(diags.is_empty(), "{diags:#?}");
    let aliases: Vec<(String, String)> =
        inv.nodes[0].addresses.iter().map(|a| (a.alias.clone(), a.ip.to_string())).collect();
    let expect =
        [("anything", "10.0.0.10"), ("default", "10.0.0.10"), ("public", "203.0.113.10"), ("anything", "203.0.113.10")];
    assert_eq!(aliases, expect.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn network_interface_must_name_one_of_the_nodes_devices() {
    let node = |interface: &str| {
        format!(
            "node \"n\" {{\n  network {{ device = \"eth0\" cidr = \"10.0.0.10/24\" }}\n  network {{ device = \"eth1\" cidr = \"203.0.113.10/24\" }}\n  network_interface = \"{interface}\"\n}}"
        )
    };
    let (inv, diags) = read(&node("eth1"), NomadVersion::V1);
    assert!(diags.is_empty(), "{diags:#?}");
    let default: Vec<String> =
        inv.nodes[0].addresses.iter().filter(|a| a.alias == "default").map(|a| a.ip.to_string()).collect();
    assert_eq!(default, ["203.0.113.10"], "the named interface's address is `default`");

    let d = only_error(&node("eth9"));
    assert_eq!((d.code, d.start.line, d.start.column), (Code::UnknownDevice, 4, 23));
    assert_eq!(d.message, "the node has no network with device `eth9`");
}

#[test]
fn resources_may_be_zero_but_not_negative() {
    let node =
        |cpu: i64| format!("node \"n\" {{\n  resources {{ cpu = {cpu} memory = 0 }}\n  reserved {{ cpu = 0 }}\n}}");
    let (inv, diags) = read(&node(0), NomadVersion::V1);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!((inv.nodes[0].capacity.cpu, inv.nodes[0].capacity.memory_mb), (Some(0), Some(0)));
    let d = only_error(&node(-1));
    assert_eq!((d.code, d.start.line, d.message.as_str()), (Code::TypeMismatch, 2, "`cpu` cannot be negative"));
}

#[test]
fn an_allocation_status_must_be_one_nomad_knows() {
    let alloc = |status: &str| {
        format!(
            "node \"n\" {{\n  network {{ device = \"eth0\" cidr = \"10.0.0.1/32\" }}\n  alloc \"a\" {{\n    desired_status = \"{status}\"\n  }}\n}}"
        )
    };
    let (inv, diags) = read(&alloc("evict"), NomadVersion::V1);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(inv.nodes[0].allocs.len(), 1);
    let d = only_error(&alloc("paused"));
    assert_eq!((d.code, d.start.line, d.start.column), (Code::TypeMismatch, 4, 22));
    assert_eq!(d.message, "unknown desired_status `paused`");
    assert_eq!(d.help.as_deref(), Some("use one of: run, stop, evict, failed"));
}

#[test]
fn modern_settings_under_0_2_are_noted_once() {
    let text = "node \"n\" {\n  network { device = \"eth0\" cidr = \"10.0.0.1/32\" }\n  min_dynamic_port = 21000\n  host_network \"x\" {}\n}";
    let (_, diags) = read(text, NomadVersion::V0_2);
    let notes: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == Code::UnsupportedFeature).collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].message, "`min_dynamic_port` is a Nomad 1.x client setting; Nomad 0.2 ignores it");
}

#[test]
fn huge_blocks_finish_quickly() {
    let job = "job \"j\" {\n  task \"t\" {\n    driver = \"exec\"\n    resources {\n      network {\n        mbits = 100\n        port \"p\" {}\n      }\n    }\n  }\n}\n";
    let nodes = "node \"n\" { network { device = \"eth0\" cidr = \"0.0.0.0/0\" mbits = 10 } }";
    let a = analyze(job, nodes, &Options { nomad: NomadVersion::V0_2, seed: 1, ..Options::default() });
    assert_eq!(a.placements[0].evaluated[0].reason.as_deref(), Some("network: bandwidth exceeded"));
    let roomy = nodes.replace("mbits = 10", "mbits = 1000");
    let a = analyze(job, &roomy, &Options { nomad: NomadVersion::V0_2, seed: 1, ..Options::default() });
    let ip = a.placements[0].tasks[0].network.as_ref().map(|n| n.ip.clone());
    assert_eq!(ip.as_deref(), Some("0.0.0.0"), "the walk starts at the network address");
}

#[test]
fn a_cluster_where_nothing_fits_stops_at_the_evaluation_limit() {
    let job = "job \"j\" {\n  group \"g\" {\n    count = 1000\n    network {\n      port \"p\" { static = 22 }\n    }\n    task \"t\" { driver = \"exec\" }\n  }\n}\n";
    let nodes: String = (0..300)
        .map(|i| format!("node \"n{i}\" {{\n  network {{ device = \"eth0\" cidr = \"10.0.{}.{}/32\" }}\n  reserved {{ reserved_ports = \"22\" }}\n}}\n", i / 250, i % 250))
        .collect();
    let a = analyze(job, &nodes, &Options { nomad: NomadVersion::V1, seed: 1, ..Options::default() });
    assert_eq!(a.summary.placed, 0);
    let limit = netplay_core::limits::MAX_NODE_EVALUATIONS;
    let evaluated: usize = a.placements.iter().map(|p| p.evaluated.len()).sum();
    assert_eq!(evaluated, limit);
    assert!(a.diagnostics.iter().any(|d| d.code == Code::LimitExceeded && d.message.contains("node evaluations")));
    let last = a.placements.last().expect("placements");
    assert!(last.failure.as_deref().unwrap_or("").starts_with("not evaluated"), "{:?}", last.failure);
}

/// The inventory's warnings from an analysis (as the CLI and the playground show them).
fn warnings(nodes: &str, version: NomadVersion) -> Vec<Diagnostic> {
    let job = "job \"j\" {\n  group \"g\" {\n    task \"t\" { driver = \"exec\" }\n  }\n}";
    let a = analyze(job, nodes, &Options { nomad: version, seed: 1, ..Options::default() });
    a.diagnostics.into_iter().filter(|d| d.source == SourceId::Nodes).collect()
}

/// An address is checked against every block of its device, not only the first.
#[test]
fn an_address_on_the_second_block_of_a_device_is_not_outside_it() {
    let nodes = r#"node "n" {
  network { device = "eth0"  cidr = "10.0.0.1/32" }
  network { device = "eth0"  cidr = "10.0.0.2/32" }
  reserved { network { device = "eth0"  ip = "10.0.0.2"  port "ssh" { static = 22 } } }
  alloc "a" { task "t" { network { device = "eth0"  ip = "10.0.0.2"  port "db" { static = 6379 } } } }
}"#;
    for version in NomadVersion::ALL {
        assert!(warnings(nodes, *version).is_empty(), "{version}: {:#?}", warnings(nodes, *version));
    }
    let outside = nodes.replace("ip = \"10.0.0.2\"  port \"db\"", "ip = \"10.0.0.3\"  port \"db\"");
    let found = warnings(&outside, NomadVersion::V1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::BadAddress);
    assert_eq!(found[0].message, "`10.0.0.3` is outside `10.0.0.1/32` and `10.0.0.2/32` of device `eth0`");
}

/// Terminal allocations hold no ports; an allocation with group ports has its task networks
/// skipped by Nomad's index; 1.x sees group port against group port and reserved ports
/// against allocations on every address, and says that the node is refused.
#[test]
fn inventory_conflicts_are_where_nomads_index_reports_them() {
    let base = r#"node "n" {
  network { device = "eth0"  cidr = "10.0.0.1/32" }
  network { device = "eth1"  cidr = "10.0.1.1/32" }
  reserved { reserved_ports = "22" }
  alloc "running" { port "http" { static = 8080  host_ip = "10.0.0.1" } }
  alloc "done" {
    client_status = "complete"
    port "http" { static = 8080  host_ip = "10.0.0.1" }
  }
  alloc "grouped" {
    port "x" { static = 9000  host_ip = "10.0.0.1" }
    task "t" { network { device = "eth0"  ip = "10.0.0.1"  port "again" { static = 8080 } } }
  }
}"#;
    let found = warnings(base, NomadVersion::V1);
    assert!(found.is_empty(), "terminal allocations and skipped task networks: {found:#?}");

    let group_twice = base.replace("client_status = \"complete\"", "client_status = \"running\"");
    let found = warnings(&group_twice, NomadVersion::V1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::InventoryConflict);
    assert_eq!(found[0].message, "port 8080 is already in use on 10.0.0.1 of node `n`");
    assert!(found[0].help.as_deref().unwrap_or_default().contains("refuses this node"), "{:?}", found[0].help);
    assert_eq!(found[0].labels[0].message, "first held here");

    let on_reserved = base
        .replace("static = 9000", "static = 22")
        .replace("host_ip = \"10.0.0.1\" }\n    task", "host_ip = \"10.0.1.1\" }\n    task");
    let found = warnings(&on_reserved, NomadVersion::V1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].message, "port 22 is already in use on 10.0.1.1 of node `n`");
    assert_eq!(found[0].labels[0].message, "reserved on every address here");

    // Nomad 0.2 saw only task networks (and reservations), and ignored what it found.
    let old = r#"node "n" {
  network { device = "eth0"  cidr = "10.0.0.1/32" }
  reserved { network { port "ssh" { static = 22 } } }
  alloc "a" { task "t" { network { port "s" { static = 22 } } } }
  alloc "b" {
    desired_status = "stop"
    task "t" { network { port "s" { static = 22 } } }
  }
}"#;
    let found = warnings(old, NomadVersion::V0_2);
    assert_eq!(found.len(), 1, "the stopped allocation does not count under 0.2: {found:#?}");
    assert!(found[0].help.as_deref().unwrap_or_default().contains("ignores collisions"), "{:?}", found[0].help);
}

/// Under 1.x the warning agrees with the scheduler: the node is refused with
/// `network: port collision`.
#[test]
fn a_conflicting_node_is_refused_under_1x() {
    let nodes = r#"node "n" {
  network { device = "eth0"  cidr = "10.0.0.1/32" }
  alloc "a" { port "p" { static = 8080 } }
  alloc "b" { port "p" { static = 8080 } }
}"#;
    let job = "job \"j\" {\n  group \"g\" {\n    task \"t\" { driver = \"exec\" }\n  }\n}";
    let a = analyze(job, nodes, &Options { nomad: NomadVersion::V1, seed: 1, ..Options::default() });
    assert_eq!(a.placements[0].evaluated[0].reason.as_deref(), Some("network: port collision"));
    assert!(a.diagnostics.iter().any(|d| d.code == Code::InventoryConflict));
}

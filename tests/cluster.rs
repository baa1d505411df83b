//! Real cluster data: nodes, allocations and jobs as Nomad's API returns them, and a client
//! agent configuration with `ip -j addr`. Fixtures in `tests/fixtures/cluster/` are written
//! here from the JSON shapes of Nomad's structs; analyses are snapshot-tested, and the rules
//! Nomad's code fixes (alias derivation, the client port range, terminal allocations) are
//! oracle tests.

use netplay_core::cluster::agent::{self, CLIENT_PORTS, reserve_client_ports};
use netplay_core::nodes::{HostNetwork, Inventory, to_hcl};
use netplay_core::source::{SourceId, Span};
use netplay_core::{ClusterInputs, Code, InventoryFormat, JobspecFormat, NomadVersion, Options, analyze, render};
use netplay_tests::repo_root;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/cluster").join(name)).expect("fixture")
}

fn options(cluster: ClusterInputs) -> Options {
    Options { nomad: NomadVersion::V1, seed: 1, cluster, ..Options::default() }
}

fn inventory(text: &str, cluster: ClusterInputs) -> (Inventory, Vec<netplay_core::Diagnostic>) {
    netplay_core::inventory(text, &options(cluster))
}

fn codes(diags: &[netplay_core::Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn formats_are_told_apart_by_content() {
    assert_eq!(netplay_core::detect_inventory(&fixture("node.json")), InventoryFormat::NodeJson);
    assert_eq!(netplay_core::detect_inventory(&fixture("nodes.json")), InventoryFormat::NodeList);
    assert_eq!(netplay_core::detect_inventory(&fixture("client.hcl")), InventoryFormat::AgentConfig);
    assert_eq!(netplay_core::detect_inventory(&fixture("client.json")), InventoryFormat::AgentConfig);
    let hcl = std::fs::read_to_string(repo_root().join("examples/v1-host-networks/nodes.hcl")).expect("example");
    assert_eq!(netplay_core::detect_inventory(&hcl), InventoryFormat::Hcl);
    assert_eq!(netplay_core::detect_jobspec(&fixture("job.json")), JobspecFormat::Json);
    assert_eq!(netplay_core::detect_jobspec("job \"a\" {}"), JobspecFormat::Hcl);
}

#[test]
fn a_node_from_the_api_places_on_its_addresses() {
    let analysis = analyze(&fixture("job.hcl"), &fixture("node.json"), &options(ClusterInputs::default()));
    insta::assert_yaml_snapshot!("node-json.analysis", analysis);
    insta::assert_snapshot!("node-json.text", render::text(&analysis));
    let placed = &analysis.placements[0];
    assert_eq!(placed.node.as_deref(), Some("edge-1"));
    let net = placed.group_network.as_ref().expect("group network");
    let https = net.ports.iter().find(|p| p.label == "https").expect("https");
    assert_eq!((https.host_ip.as_str(), https.host), ("203.0.113.5", 443));
}

#[test]
fn node_fields_map_onto_the_inventory() {
    let (inv, diags) = inventory(&fixture("node.json"), ClusterInputs::default());
    assert!(diags.is_empty(), "{diags:#?}");
    let node = &inv.nodes[0];
    assert_eq!(node.id.as_deref(), Some("5f1a2b3c-0000-4000-8000-00000000e001"));
    assert_eq!(node.datacenter.as_deref(), Some("dc1"));
    assert_eq!(node.attributes.get("kernel.name").map(String::as_str), Some("linux"));
    assert_eq!(node.meta.get("rack").map(String::as_str), Some("r1"));
    assert_eq!((node.capacity.cpu, node.capacity.memory_mb), (Some(4000), Some(8192)));
    assert_eq!(node.reserved.reserved_ports, "22,8500-8600");
    assert_eq!((node.reserved.cpu, node.reserved.memory_mb), (100, 256));
    assert!(node.bridge);
    let aliases: Vec<(&str, String)> = node.addresses.iter().map(|a| (a.alias.as_str(), a.ip.to_string())).collect();
    assert_eq!(aliases, vec![("default", "10.0.0.5".into()), ("public", "203.0.113.5".into())]);
    assert_eq!(node.networks.len(), 1, "only the device's task network, not the bridge entry");
    insta::assert_snapshot!("node-json.inventory-hcl", to_hcl(&inv));
}

#[test]
fn older_nodes_read_resources_and_reserved() {
    let (inv, diags) = inventory(&fixture("node-0.8.json"), ClusterInputs::default());
    assert!(diags.is_empty(), "{diags:#?}");
    let node = &inv.nodes[0];
    assert_eq!(node.capacity.cpu, Some(2500));
    assert_eq!(node.networks[0].mbits, 100);
    assert_eq!(node.reserved.networks[0].ports[0].value, 22);
    assert_eq!(node.addresses[0].alias, "default");
    insta::assert_snapshot!("node-0.8.inventory-hcl", to_hcl(&inv));
}

#[test]
fn a_node_list_leaves_out_nodes_the_scheduler_skips() {
    let (inv, diags) = inventory(&fixture("nodes.json"), ClusterInputs::default());
    let names: Vec<&str> = inv.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, vec!["web-1", "web-2"]);
    assert_eq!(codes(&diags), vec!["node-excluded"]);
    assert_eq!(diags[0].message, "node `web-3` is `down`");
}

#[test]
fn allocations_are_matched_by_node_id_and_terminal_ones_hold_nothing() {
    let allocs = ClusterInputs { allocations: vec![fixture("allocs.json")], ..ClusterInputs::default() };
    let (inv, diags) = inventory(&fixture("nodes.json"), allocs.clone());
    let web1 = &inv.nodes[0];
    assert_eq!(web1.allocs.len(), 1);
    let alloc = &web1.allocs[0];
    assert_eq!(alloc.name, "c0000000-0000-4000-8000-0000000000a1");
    assert_eq!(alloc.ports.iter().map(|p| p.value).collect::<Vec<_>>(), vec![8080, 20001]);
    assert!(alloc.networks.is_empty(), "Shared.Networks are read only without group ports");
    assert_eq!(alloc.tasks[0].disk_mb, 300, "the shared disk counts once");
    assert_eq!(inv.nodes[1].allocs.len(), 2);
    assert_eq!(codes(&diags), vec!["node-excluded", "unknown-node"]);
    assert!(diags.iter().any(|d| d.source == SourceId::Allocs(0) && d.start.line > 1));

    // A job asking for 8080 on both nodes: web-1 holds it (running), web-2's holder is complete.
    let job = r#"job "j" {
  group "g" {
    count = 2
    network { port "http" { static = 8080 } }
    task "t" { driver = "docker" }
  }
}"#;
    let analysis = analyze(job, &fixture("nodes.json"), &options(allocs));
    let placed: Vec<Option<&str>> = analysis.placements.iter().map(|p| p.node.as_deref()).collect();
    assert_eq!(placed.iter().filter(|n| **n == Some("web-2")).count(), 1);
    assert!(!placed.contains(&Some("web-1")));
    insta::assert_yaml_snapshot!("allocs.analysis", analysis);
}

#[test]
fn a_client_configuration_with_its_addresses_becomes_a_node() {
    let with = ClusterInputs { interfaces: Some(fixture("addrs.json")), ..ClusterInputs::default() };
    let (inv, diags) = inventory(&fixture("client.hcl"), with);
    assert_eq!(codes(&diags), vec!["not-evaluated"], "{diags:#?}");
    let node = &inv.nodes[0];
    assert_eq!(node.name, "edge-7");
    assert_eq!(node.datacenter.as_deref(), Some("dc1"));
    assert_eq!(node.dynamic_range, (Some(21000), Some(21999)));
    assert_eq!(node.reserved.reserved_ports, "8300-8302", "Linux clients reserve no client port range");
    let aliases: Vec<(String, String, String)> =
        node.addresses.iter().map(|a| (a.device.clone(), a.alias.clone(), a.ip.to_string())).collect();
    assert_eq!(
        aliases,
        vec![
            ("eth0".into(), "default".into(), "10.0.7.10".into()),
            ("eth1".into(), "public".into(), "203.0.113.7".into()),
            ("eth1".into(), "private".into(), "203.0.113.7".into()),
        ]
    );
    assert_eq!(node.addresses[1].reserved_ports, "22");
    let networks: Vec<String> = node.networks.iter().map(|n| format!("{} {}", n.device, n.cidr)).collect();
    assert_eq!(networks, vec!["eth0 10.0.7.10/32"]);
    insta::assert_snapshot!("client.inventory-hcl", to_hcl(&inv));
}

#[test]
fn a_client_configuration_without_addresses_says_how_to_get_them() {
    let (inv, diags) = inventory(&fixture("client.hcl"), ClusterInputs::default());
    assert!(inv.nodes.is_empty());
    assert_eq!(codes(&diags), vec!["missing-input"]);
    let help = diags[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("ip -j addr > addrs.json") && help.contains("--interfaces"), "{help}");
}

/// Nomad's `deriveAddressAliases`: a host network matches when its CIDRs (any of a comma
/// list; none: all) contain the address and its interface (none: any) is the address's.
#[test]
fn oracle_alias_derivation() {
    let net = |name: &str, cidr: &str, iface: Option<&str>| HostNetwork {
        name: name.into(),
        cidrs: cidr.split(',').filter(|c| !c.is_empty()).map(|c| c.parse().expect("cidr")).collect(),
        interface: iface.map(str::to_string),
        reserved_ports: String::new(),
        span: Span::default(),
    };
    let ip = |s: &str| s.parse().expect("ip");
    let nets = vec![
        net("public", "203.0.113.0/24,198.51.100.0/24", None),
        net("eth1-any", "", Some("eth1")),
        net("pinned", "203.0.113.0/24", Some("eth0")),
    ];
    assert_eq!(agent::aliases(&nets, "eth1", ip("198.51.100.9"), Some("eth0")), vec!["public", "eth1-any"]);
    assert_eq!(agent::aliases(&nets, "eth0", ip("203.0.113.9"), Some("eth0")), vec!["public", "pinned", "default"]);
    assert_eq!(agent::aliases(&nets, "eth2", ip("10.1.1.1"), Some("eth0")), Vec::<String>::new());
    assert_eq!(agent::aliases(&[], "eth0", ip("10.1.1.1"), Some("eth0")), vec!["default"]);
}

/// The agent appends `client_min_port-client_max_port` (14000-14512 by default) to the
/// reserved ports on Windows.
#[test]
fn oracle_client_port_range() {
    assert_eq!(CLIENT_PORTS, (14_000, 14_512));
    assert_eq!(reserve_client_ports("", CLIENT_PORTS), "14000-14512");
    assert_eq!(reserve_client_ports("22,80", (15000, 15010)), "22,80,15000-15010");
}

/// The network index skips allocations the client reports complete, failed or lost; an
/// allocation desired to stop still holds its ports in 1.x (and frees them in 0.2).
#[test]
fn oracle_terminal_allocations() {
    let node = r#"[{"ID": "n1", "Name": "n1", "NodeResources": {
        "Networks": [{"Mode": "host", "Device": "eth0", "CIDR": "10.0.0.1/32", "IP": "10.0.0.1", "MBits": 1000}],
        "NodeNetworks": [{"Device": "eth0", "Addresses": [{"Alias": "default", "Address": "10.0.0.1"}]}]}}]"#;
    let job = r#"job "j" {
  group "g" {
    network { port "http" { static = 80 } }
    task "t" { driver = "docker" }
  }
}"#;
    let alloc = |desired: &str, client: &str| {
        format!(
            r#"[{{"ID": "a", "NodeID": "n1", "DesiredStatus": "{desired}", "ClientStatus": "{client}",
            "AllocatedResources": {{"Shared": {{"Ports": [{{"Label": "http", "Value": 80, "HostIP": "10.0.0.1"}}]}}}}}}]"#
        )
    };
    for (desired, client, v1_free, v0_2_free) in [
        ("run", "running", false, false),
        ("run", "pending", false, false),
        ("run", "unknown", false, false),
        ("run", "complete", true, true),
        ("run", "failed", true, true),
        ("run", "lost", true, true),
        ("stop", "running", false, true),
        ("evict", "running", false, true),
    ] {
        let cluster = ClusterInputs { allocations: vec![alloc(desired, client)], ..ClusterInputs::default() };
        let v1 = analyze(job, node, &options(cluster.clone()));
        assert_eq!(v1.placements[0].node.is_some(), v1_free, "1.x {desired}/{client}: {:#?}", v1.diagnostics);
        let (inv, _) =
            netplay_core::inventory(node, &Options { nomad: NomadVersion::V0_2, cluster, ..Options::default() });
        let counts = netplay_core::schedule::alloc_counts(&inv.nodes[0].allocs[0], NomadVersion::V0_2.rules());
        assert_eq!(!counts, v0_2_free, "0.2 {desired}/{client}");
    }
}

#[test]
fn json_jobspecs_decode_like_hcl() {
    let nodes = fixture("node.json");
    let wrapped = analyze(&fixture("job.json"), &nodes, &options(ClusterInputs::default()));
    assert!(wrapped.diagnostics.iter().all(|d| !d.is_error()), "{:#?}", wrapped.diagnostics);
    insta::assert_yaml_snapshot!("job-json.analysis", wrapped);
    let from_hcl = analyze(&fixture("job.hcl"), &nodes, &options(ClusterInputs::default()));
    let ports = |a: &netplay_core::Analysis| {
        a.placements[0]
            .group_network
            .as_ref()
            .map(|n| n.ports.iter().map(|p| (p.host_ip.clone(), p.host)).collect::<Vec<_>>())
    };
    assert_eq!(ports(&wrapped), ports(&from_hcl));

    let bare = analyze(&fixture("job-bare.json"), &nodes, &options(ClusterInputs::default()));
    assert_eq!(bare.placements.len(), 2);
    let noted = bare.diagnostics.iter().find(|d| d.code == Code::NotEvaluated).expect("constraints noted");
    assert_eq!((noted.message.as_str(), noted.start.line), ("constraints are not evaluated", 5));
    let docker = &bare.placements[0].tasks[0].docker_ports;
    assert!(!docker.is_empty(), "port_map from a list of maps: {:#?}", bare.diagnostics);
}

#[test]
fn a_client_configuration_in_json_gives_the_node_of_its_hcl_form() {
    let with = || ClusterInputs { interfaces: Some(fixture("addrs.json")), ..ClusterInputs::default() };
    let (from_hcl, hcl_diags) = inventory(&fixture("client.hcl"), with());
    let (from_json, json_diags) = inventory(&fixture("client.json"), with());
    assert_eq!(codes(&json_diags), codes(&hcl_diags), "{json_diags:#?}");
    assert_eq!(to_hcl(&from_json), to_hcl(&from_hcl));
    // Blocks as plain objects and labelled blocks as objects keyed by label read the same.
    let objects = r#"{
  "datacenter": "dc1", "name": "edge-7",
  "client": {
    "enabled": true, "network_interface": "eth0", "min_dynamic_port": 21000, "max_dynamic_port": 21999,
    "host_network": { "public": { "cidr": "203.0.113.0/24", "reserved_ports": "22" }, "private": { "interface": "eth1" } },
    "reserved": { "cpu": 200, "memory": 512, "reserved_ports": "8300-8302" },
    "meta": { "rack": "r7" }
  }
}"#;
    let (from_objects, _) = inventory(objects, with());
    assert_eq!(to_hcl(&from_objects), to_hcl(&from_hcl));
    // The diagnostic of the agent points into the JSON.
    let d = json_diags.iter().find(|d| d.code == Code::NotEvaluated).expect("the client port note");
    assert_eq!((d.start.line, d.start.column), (5, 3), "at the `client` key");
}

#[test]
fn a_client_configuration_in_json_reports_at_line_and_column() {
    let with = ClusterInputs { interfaces: Some(fixture("addrs.json")), ..ClusterInputs::default() };
    let bad = fixture("client.json").replace("\"8300-8302\"", "\"8300-70000\"");
    let (_, diags) = inventory(&bad, with.clone());
    let d = diags.iter().find(|d| d.code == Code::BadPort).expect("a bad port range");
    assert_eq!((d.start.line, d.start.column), (16, 56), "at the value: {}", d.message);
    assert!(d.message.starts_with("reserved.reserved_ports \"8300-70000\" invalid"), "{}", d.message);
    let (_, diags) = inventory("{\"client\": {\"enabled\": true,}}", with.clone());
    assert_eq!(codes(&diags), vec!["json-syntax"]);
    assert_eq!((diags[0].start.line, diags[0].start.column), (1, 29), "at the `}}` after the comma");
    let (inv, diags) = inventory(&fixture("client.json"), ClusterInputs::default());
    assert!(inv.nodes.is_empty());
    assert_eq!(codes(&diags), vec!["missing-input"]);
    assert_eq!((diags[0].start.line, diags[0].start.column), (5, 3));
}

#[test]
fn other_outputs_given_as_the_inventory_say_where_they_go() {
    for (name, what, flag) in [
        ("allocs.json", "the inventory holds allocations, not nodes", "--allocs"),
        ("addrs.json", "the inventory holds the host's addresses (`ip -j addr`), not nodes", "--interfaces"),
        ("job.json", "the inventory holds a job, not nodes", "jobspec"),
    ] {
        let (inv, diags) = inventory(&fixture(name), ClusterInputs::default());
        assert!(inv.nodes.is_empty(), "{name}");
        assert_eq!(codes(&diags), vec!["missing-input"], "{name}: {diags:#?}");
        assert_eq!(diags[0].message, what);
        assert!(diags[0].help.as_deref().is_some_and(|h| h.contains(flag)), "{name}: {:?}", diags[0].help);
    }
}

/// The playground's background analysis sends the analysis as JSON and reads it back: every
/// field comes back as it was, for the examples and for cluster inputs.
#[test]
fn analyses_read_back_from_their_json() {
    let mut cases: Vec<(String, String, Options)> = netplay_tests::examples()
        .into_iter()
        .map(|(name, job, nodes)| (job, nodes, Options::for_version(netplay_tests::example_version(&name))))
        .collect();
    let cluster = ClusterInputs { interfaces: Some(fixture("addrs.json")), allocations: vec![fixture("allocs.json")] };
    cases.push((fixture("job.hcl"), fixture("nodes.json"), options(cluster.clone())));
    cases.push((fixture("job.json"), fixture("client.json"), options(cluster)));
    for (job, nodes, options) in cases {
        let analysis = analyze(&job, &nodes, &options);
        let text = serde_json::to_string(&analysis).expect("serializes");
        let back: netplay_core::Analysis = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back, analysis);
    }
}

#[test]
fn json_errors_name_the_path_at_line_and_column() {
    let node = "{\n  \"Name\": \"n\",\n  \"NodeResources\": {\n    \"Networks\": [ { \"Device\": \"eth0\", \"IP\": \"10.0.0.1\", \"MBits\": \"fast\" } ]\n  }\n}";
    let (_, diags) = inventory(node, ClusterInputs::default());
    let d = diags.iter().find(|d| d.code == Code::TypeMismatch).expect("mismatch");
    assert_eq!(d.message, "`NodeResources.Networks[0].MBits` must be a number, found string");
    assert_eq!((d.start.line, d.start.column), (4, 66));
    let (_, diags) = inventory("[{\"Name\": \"n\",}]", ClusterInputs::default());
    assert_eq!(codes(&diags), vec!["json-syntax"]);
    let (_, diags) = inventory("[{\"ID\": \"\"}]", ClusterInputs::default());
    assert_eq!(diags[0].message, "`[0].Name` is missing");
}

#[test]
fn inventory_hcl_round_trips() {
    let all = [
        fixture("node.json"),
        fixture("nodes.json"),
        fixture("node-0.8.json"),
        std::fs::read_to_string(repo_root().join("examples/v1-host-networks/nodes.hcl")).expect("example"),
        std::fs::read_to_string(repo_root().join("examples/v1-static-collision/nodes.hcl")).expect("example"),
    ];
    for text in all {
        let allocs = ClusterInputs { allocations: vec![fixture("allocs.json")], ..ClusterInputs::default() };
        let (first, _) = inventory(&text, allocs);
        let hcl = to_hcl(&first);
        let (second, diags) = inventory(&hcl, ClusterInputs::default());
        assert!(diags.iter().all(|d| !d.is_error()), "{hcl}\n{diags:#?}");
        assert_eq!(strip(first), strip(second), "{hcl}");
    }
}

/// Spans and sources differ between a text and its printed form; everything else is equal.
fn strip(mut inv: Inventory) -> Inventory {
    for node in &mut inv.nodes {
        node.span = Span::default();
        node.reserved.reserved_ports_span = Span::default();
        for n in &mut node.networks {
            n.span = Span::default();
        }
        for h in &mut node.host_networks {
            h.span = Span::default();
        }
        let uses = node.reserved.networks.iter_mut().chain(node.allocs.iter_mut().flat_map(|a| {
            let tasks = a.tasks.iter_mut().filter_map(|t| t.network.as_mut());
            a.networks.iter_mut().chain(tasks)
        }));
        for u in uses {
            u.span = Span::default();
            u.ip_span = Span::default();
            for p in &mut u.ports {
                p.span = Span::default();
            }
        }
        for a in &mut node.allocs {
            a.span = Span::default();
            a.source = SourceId::Nodes;
            for p in &mut a.ports {
                p.span = Span::default();
            }
        }
    }
    inv
}

/// Allocations from before 0.9 hold their task networks through `TaskResources`; when
/// `AllocatedResources` is there, `TaskResources` is not read (Nomad's `AddAllocs`).
#[test]
fn older_allocations_hold_their_task_resources() {
    let old_net =
        r#"{"Device": "ens3", "IP": "10.0.1.11", "MBits": 10, "ReservedPorts": [{"Label": "db", "Value": 6379}]}"#;
    let allocs = format!(
        r#"[
  {{"ID": "old", "NodeID": "a1000000-0000-4000-8000-000000000001",
    "TaskResources": {{"redis": {{"CPU": 500, "MemoryMB": 256, "Networks": [{old_net}]}}}}}},
  {{"ID": "both", "NodeID": "a1000000-0000-4000-8000-000000000002",
    "TaskResources": {{"redis": {{"CPU": 500, "Networks": [{old_net}]}}}},
    "AllocatedResources": {{"Tasks": {{"web": {{"Cpu": {{"CpuShares": 100}}}}}}}}}}
]"#
    );
    let (inv, diags) =
        inventory(&fixture("nodes.json"), ClusterInputs { allocations: vec![allocs], ..ClusterInputs::default() });
    assert_eq!(codes(&diags), vec!["node-excluded"], "{diags:#?}");
    let old = &inv.nodes[0].allocs[0];
    assert_eq!((old.tasks[0].name.as_str(), old.tasks[0].cpu), ("redis", 500));
    assert_eq!(old.tasks[0].network.as_ref().map(|n| n.ports[0].value), Some(6379));
    let both = &inv.nodes[1].allocs[0];
    let names: Vec<&str> = both.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["web"]);
}

mod mutated {
    //! Every fixture, cut short or with a byte changed anywhere, still gives an analysis:
    //! JSON and agent configurations never make the engine panic.
    use super::*;
    use proptest::prelude::*;

    const FILES: [&str; 7] =
        ["node.json", "nodes.json", "node-0.8.json", "allocs.json", "job.json", "job-bare.json", "addrs.json"];

    /// A fixture cut at `cut` (as a fraction) with the byte at `at` replaced by `with`.
    fn mutate(text: &str, cut: f64, at: f64, with: u8) -> String {
        let mut bytes = text.as_bytes().to_vec();
        let len = bytes.len();
        if let Some(b) = bytes.get_mut((at * len as f64) as usize) {
            *b = with;
        }
        bytes.truncate(((cut * len as f64) as usize).max(1));
        String::from_utf8_lossy(&bytes).into_owned()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn mutated_cluster_inputs_never_panic(
            file in 0usize..FILES.len(),
            cut in 0.0f64..1.0,
            at in 0.0f64..1.0,
            with in prop::sample::select(b"{}[]\":,0 -ax\\".to_vec()),
        ) {
            let text = mutate(&fixture(FILES[file]), cut, at, with);
            let job = fixture("job.hcl");
            let cluster = ClusterInputs {
                interfaces: Some(text.clone()),
                allocations: vec![text.clone()],
            };
            let a = analyze(&job, &text, &options(cluster.clone()));
            prop_assert!(a.summary.instances <= 1);
            let b = analyze(&text, &fixture("node.json"), &options(ClusterInputs::default()));
            prop_assert!(b.summary.instances <= 2);
            let _ = inventory(&fixture("client.hcl"), cluster);
        }
    }
}

//! Nomad's own modern test cases (restated in `nomad-test-cases.md`, sections F to L) run
//! against netplay's 1.x rules. IDs match the spec. Cases that need inputs netplay does not
//! model are noted where they would be.

use netplay_core::alloc::{AllocatedPort, AssignError, NetworkIndex};
use netplay_core::jobspec::NetworkAsk;
use netplay_core::nodes::{
    AllocPort, AllocStatus, AllocTask, ClientStatus, DesiredStatus, ExistingAlloc, Node, NodeAddress,
};
use netplay_core::port_range::parse_port_ranges;
use netplay_core::rng::Rng;
use netplay_core::schedule::{alloc_counts, network_feasible};
use netplay_core::source::Span;
use netplay_core::version::{NomadVersion, Rules};
use netplay_core::{Options, analyze, check};
use netplay_tests::{ask, ip, node, used};

fn rules() -> &'static Rules {
    NomadVersion::V1.rules()
}

fn address(alias: &str, at: &str, reserved: &str) -> NodeAddress {
    NodeAddress { alias: alias.into(), ip: ip(at), device: "eth0".into(), reserved_ports: reserved.into() }
}

/// A node with the legacy network eth0 `cidr` and the `default` alias on its address.
fn modern_node(cidr: &str, reserved: &str) -> Node {
    let mut n = node("eth0", cidr, 1000);
    n.addresses.push(address("default", &n.networks[0].cidr.addr.to_string(), ""));
    n.reserved.reserved_ports = reserved.into();
    n
}

fn index(n: &Node) -> NetworkIndex<'_> {
    let mut idx = NetworkIndex::new(rules());
    idx.set_node(n, rules()).expect("valid node");
    idx
}

fn alloc(name: &str, tasks: Vec<(&str, netplay_core::nodes::NetworkUse)>, status: AllocStatus) -> ExistingAlloc {
    ExistingAlloc {
        status,
        tasks: tasks
            .into_iter()
            .map(|(t, n)| AllocTask { name: t.into(), cpu: 0, memory_mb: 0, disk_mb: 0, iops: 0, network: Some(n) })
            .collect(),
        ..ExistingAlloc::named(name)
    }
}

fn with_to(mut a: NetworkAsk, tos: &[(&str, i64)]) -> NetworkAsk {
    for port in a.reserved_ports.iter_mut().chain(a.dynamic_ports.iter_mut()) {
        if let Some((_, to)) = tos.iter().find(|(l, _)| *l == port.label) {
            port.to = *to;
        }
    }
    a
}

fn on_network(mut a: NetworkAsk, alias: &str) -> NetworkAsk {
    for port in a.reserved_ports.iter_mut().chain(a.dynamic_ports.iter_mut()) {
        port.host_network = alias.into();
    }
    a
}

fn ports(idx: &NetworkIndex<'_>, a: &NetworkAsk, seed: u64) -> Result<Vec<AllocatedPort>, AssignError> {
    idx.assign_ports(a, rules(), &mut Rng::new(seed))
}

// ---- F. network index ----

#[test]
fn m01_set_node() {
    let n = modern_node("192.168.0.100/32", "22");
    let idx = index(&n);
    assert_eq!(idx.usable_networks().count(), 1);
    assert_eq!(idx.available_bandwidth("eth0"), 1000);
    assert!(idx.port_used(ip("192.168.0.100"), 22));
}

#[test]
fn m02_add_allocs_skips_client_terminal_ones() {
    let n = modern_node("192.168.0.100/32", "");
    let mut idx = index(&n);
    let running = AllocStatus::default();
    let stopping = AllocStatus { desired: DesiredStatus::Stop, client: ClientStatus::Running };
    let failed = AllocStatus { desired: DesiredStatus::Run, client: ClientStatus::Failed };
    let allocs = [
        alloc("a1", vec![("web", used("eth0", "192.168.0.100", 20, &[("one", 8000), ("two", 9000)]))], running),
        alloc("a2", vec![("api", used("eth0", "192.168.0.100", 0, &[("one", 10000)]))], running),
        alloc("a3", vec![("api", used("eth0", "192.168.0.100", 0, &[("one", 10001)]))], stopping),
        alloc("a4", vec![("api", used("eth0", "192.168.0.100", 0, &[("one", 10001)]))], failed),
    ];
    let mut reason = None;
    for a in allocs.iter().filter(|a| alloc_counts(a, rules())) {
        reason = reason.or(idx.add_existing(a));
    }
    assert_eq!(reason, None, "no collision");
    for p in [8000, 9000, 10000, 10001] {
        assert!(idx.port_used(ip("192.168.0.100"), p), "{p}");
    }
}

#[test]
fn m03_add_reserved_twice() {
    let mut idx = NetworkIndex::new(rules());
    let r = used("eth0", "192.168.0.100", 20, &[("one", 8000), ("two", 9000)]);
    assert!(!idx.add_use(&r));
    assert_eq!(idx.used_bandwidth("eth0"), 20);
    assert!(idx.add_use(&r));
}

#[test]
fn m05_the_top_of_the_range_only_through_the_precise_fallback() {
    let n = modern_node("192.168.0.100/32", "20000-31998");
    let idx = index(&n);
    let a = with_to(ask(0, &[("static", 443)], &["http", "admin"]), &[("static", 443), ("http", 80), ("admin", 8080)]);
    for seed in 0..50 {
        let offer = ports(&idx, &on_network(a.clone(), "default"), seed).expect("offer");
        assert_eq!(offer[0].value, 443);
        let mut dynamic: Vec<i64> = offer[1..].iter().map(|p| p.value).collect();
        dynamic.sort_unstable();
        assert_eq!(dynamic, [31_999, 32_000], "seed {seed}");
    }
}

fn small_range(min: i64, max: i64) -> Node {
    let mut n = modern_node("192.168.0.100/32", "");
    n.dynamic_range = (Some(min), Some(max));
    n
}

#[test]
fn m06_to_m08_small_ranges() {
    let one = small_range(20_000, 20_000);
    let idx = index(&one);
    assert_eq!(ports(&idx, &on_network(ask(0, &[], &["http"]), "default"), 1).expect("M-06")[0].value, 20_000);
    let two = ports(&idx, &on_network(ask(0, &[], &["http", "admin"]), "default"), 1);
    assert_eq!(two.expect_err("M-07").to_string(), "dynamic port selection failed");
    let pair = small_range(20_000, 20_001);
    let idx = index(&pair);
    let offer = ports(&idx, &on_network(ask(0, &[], &["http", "admin"]), "default"), 1).expect("M-08");
    assert_eq!(offer.len(), 2);
}

fn two_ip_node() -> Node {
    let mut n = node("eth0", "192.168.0.100/32", 1000);
    n.networks.push(netplay_core::nodes::NodeNetwork {
        device: "eth1".into(),
        cidr: "192.168.0.101/32".parse().expect("cidr"),
        mbits: 1000,
        span: Span::default(),
    });
    n.addresses.push(address("two_ip_test", "192.168.0.100", ""));
    n.addresses.push(address("two_ip_test", "192.168.0.101", ""));
    n
}

#[test]
fn m09_and_m10_statics_try_every_address_of_the_host_network() {
    let n = two_ip_node();
    let mut idx = index(&n);
    idx.add_ports(&[("x", 7000, ip("192.168.0.100"), false)]);
    let a = on_network(with_to(ask(0, &[("static", 7000)], &[]), &[("static", 7000)]), "two_ip_test");
    assert_eq!(ports(&idx, &a, 1).expect("M-09")[0].host_ip, ip("192.168.0.101"));
    idx.add_ports(&[("x", 7000, ip("192.168.0.101"), false)]);
    assert_eq!(ports(&idx, &a, 1).expect_err("M-10").to_string(), "reserved port collision static=7000");
}

#[test]
fn m11_ignore_collision() {
    let mut n = Node::named("n");
    n.addresses.push(address("test-ignore-port-collision", "127.3.2.1", ""));
    let mut idx = index(&n);
    let at = ip("127.3.2.1");
    assert_eq!(idx.add_ports(&[("test-port", 10, at, false)]), None);
    assert_eq!(idx.add_ports(&[("test-port", 10, at, false)]), Some(vec!["port 10 already in use".to_string()]));
    assert_eq!(idx.add_ports(&[("test-port", 10, at, true)]), None);
    let mut a =
        on_network(with_to(ask(0, &[("test-port", 10)], &[]), &[("test-port", 10)]), "test-ignore-port-collision");
    assert!(ports(&idx, &a, 1).expect_err("collides").to_string().contains("reserved port collision test-port=10"));
    a.reserved_ports[0].ignore_collision = true;
    let offer = ports(&idx, &a, 1).expect("ignored");
    assert_eq!(
        offer,
        [AllocatedPort {
            label: "test-port".into(),
            value: 10,
            to: 10,
            host_ip: at,
            host_network: "test-ignore-port-collision".into(),
            ignore_collision: true
        }]
    );
}

/// The modern counterpart of the 0.2 mock: eth0 192.168.0.100/30 with S-05's allocations.
fn task_network_index(n: &Node) -> NetworkIndex<'_> {
    let mut idx = index(n);
    idx.add_use(&used("eth0", "192.168.0.100", 20, &[("one", 8000), ("two", 9000)]));
    idx.add_use(&used("eth0", "192.168.0.100", 50, &[("one", 10000)]));
    idx
}

fn assign(idx: &NetworkIndex<'_>, a: &NetworkAsk, seed: u64) -> Result<netplay_core::alloc::Offer, AssignError> {
    idx.assign_network(a, rules(), &mut Rng::new(seed), &mut Vec::new())
}

#[test]
fn m12_to_m15_assign_task_network() {
    let n = modern_node("192.168.0.100/30", "");
    let idx = task_network_index(&n);
    let offer = assign(&idx, &ask(0, &[("main", 8000)], &[]), 1).expect("M-12");
    assert_eq!(offer.ip, ip("192.168.0.101"));
    let a = with_to(ask(0, &[], &["http", "https", "admin"]), &[("http", 80), ("https", 443), ("admin", -1)]);
    let offer = assign(&idx, &a, 1).expect("M-13");
    assert_eq!(offer.ip, ip("192.168.0.100"));
    assert!(offer.dynamic_ports.iter().all(|p| p.value > 0));
    assert_eq!(offer.dynamic_ports[2].to, offer.dynamic_ports[2].value, "to = -1 follows the host port");
    let offer = assign(&idx, &ask(0, &[("main", 2345)], &["http", "https", "admin"]), 1).expect("M-14");
    assert_eq!((offer.ip, offer.reserved_ports[0].value), (ip("192.168.0.100"), 2345));
    assert_eq!(assign(&idx, &ask(1000, &[], &[]), 1).expect_err("M-15").to_string(), "bandwidth exceeded");
}

#[test]
fn m16_task_network_contention_reaches_the_top() {
    let n = modern_node("192.168.0.100/32", "20000-31998");
    let idx = index(&n);
    let a = with_to(ask(0, &[], &["http", "admin"]), &[("http", 80), ("admin", 443)]);
    for seed in 0..30 {
        let offer = assign(&idx, &a, seed).expect("offer");
        let mut values: Vec<i64> = offer.dynamic_ports.iter().map(|p| p.value).collect();
        values.sort_unstable();
        assert_eq!(values, [31_999, 32_000]);
    }
}

#[test]
fn m17_reserved_ports_per_address_and_host_network() {
    let mut n = node("lo", "127.0.0.1/32", 1000);
    n.networks.push(netplay_core::nodes::NodeNetwork {
        device: "lo".into(),
        cidr: "::1/128".parse().expect("cidr"),
        mbits: 1000,
        span: Span::default(),
    });
    n.addresses = vec![
        address("default", "127.0.0.1", ""),
        address("default", "::1", ""),
        address("eth0", "192.168.0.1", "22"),
        address("eth1", "192.168.1.1", "80"),
    ];
    n.reserved.reserved_ports = "22".into();
    let idx = index(&n);
    assert_eq!(idx.usable_networks().count(), 2);
    for at in ["127.0.0.1", "::1", "192.168.0.1", "192.168.1.1"] {
        assert!(idx.port_used(ip(at), 22), "22 on {at}");
        assert_eq!(idx.port_used(ip(at), 80), at == "192.168.1.1", "80 on {at}");
    }
}

// ---- G. port ranges ----

#[test]
fn m19_to_m27_port_ranges() {
    let err = |s: &str| parse_port_ranges(s).expect_err(s).to_string();
    assert_eq!(err("-1"), "strconv.ParseUint: parsing \"\": invalid syntax");
    assert_eq!(err("0"), "port must be > 0");
    assert_eq!(err("1-65537"), "port must be < 65536 but found 65537");
    assert_eq!(err("9223372036854775807"), "port must be < 65536 but found 9223372036854775807");
    assert_eq!(parse_port_ranges("1-3,2-4"), Ok(vec![1, 2, 3, 2, 3, 4]));
    assert_eq!(err("3-1"), "invalid range: ending value (1) less than starting (3) value");
    assert_eq!(err("0-1"), "port must be > 0");
    assert_eq!(parse_port_ranges("2-4,1-3"), Ok(vec![2, 3, 4, 1, 2, 3]));
    assert_eq!(err("1-65536,1-65536"), "maximum of 65536 ports can be reserved");
}

#[test]
fn mh04_unparsable_reservations_make_the_node_invalid() {
    let n = modern_node("10.0.0.1/32", "not-valid-ports");
    let err = NetworkIndex::new(rules()).set_node(&n, rules()).expect_err("invalid");
    assert_eq!(
        err,
        "error parsing reserved_ports: can only parse single port numbers or port ranges (ex. 80,100-120,150)"
    );
    let mut n = modern_node("10.0.0.1/32", "");
    n.addresses.push(address("pub", "10.0.0.1", "0"));
    let err = NetworkIndex::new(rules()).set_node(&n, rules()).expect_err("invalid");
    assert_eq!(err, "error parsing reserved_ports for network \"pub\": port must be > 0");
}

// ---- H. edges of the current network.go ----

#[test]
fn mh05_to_mh08_assign_ports_errors() {
    let empty = NetworkIndex::new(rules());
    assert_eq!(
        ports(&empty, &on_network(ask(0, &[("x", 80)], &[]), ""), 1).expect_err("MH-05").to_string(),
        "no addresses available for  network"
    );
    assert_eq!(
        ports(&empty, &on_network(ask(0, &[], &["x"]), "default"), 1).expect_err("MH-06").to_string(),
        "no addresses available for default network"
    );
    assert_eq!(
        ports(&empty, &on_network(ask(0, &[("x", 70_000)], &[]), "default"), 1).expect_err("MH-06b").to_string(),
        "no addresses available for default network"
    );
    let n = modern_node("10.0.0.1/32", "22");
    let idx = index(&n);
    assert_eq!(
        ports(&idx, &on_network(ask(0, &[("x", 70_000)], &[]), "default"), 1).expect_err("MH-07").to_string(),
        "invalid port 70000 (out of range)"
    );
    assert_eq!(
        ports(&idx, &on_network(ask(0, &[("ssh", 22)], &[]), "default"), 1).expect_err("MH-08").to_string(),
        "reserved port collision ssh=22"
    );
}

#[test]
fn mh09_and_mh10_statics_of_one_ask_and_to() {
    let n = modern_node("10.0.0.1/32", "22");
    let idx = index(&n);
    let both = ports(&idx, &on_network(ask(0, &[("a", 80), ("b", 80)], &[]), "default"), 1).expect("MH-09");
    assert!(both.iter().all(|p| p.value == 80 && p.host_ip == ip("10.0.0.1")));
    let a = on_network(with_to(ask(0, &[("s", 8080)], &["d", "e"]), &[("s", -1), ("d", -1)]), "default");
    let offer = ports(&idx, &a, 1).expect("MH-10");
    assert_eq!(offer[0].to, -1, "a static's -1 stays");
    assert_eq!(offer[1].to, offer[1].value);
    assert_eq!(offer[2].to, 0);
}

#[test]
fn mh11_and_mh12_dynamic_avoids_own_statics_and_moves_on() {
    let n = small_range(80, 80);
    let idx = index(&n);
    let a = on_network(ask(0, &[("s", 80)], &["d"]), "default");
    assert_eq!(ports(&idx, &a, 1).expect_err("MH-11").to_string(), "dynamic port selection failed");
    let mut n = small_range(20_000, 20_000);
    n.addresses = vec![address("default", "10.0.0.1", ""), address("default", "10.0.0.2", "")];
    let mut idx = index(&n);
    idx.add_ports(&[("x", 20_000, ip("10.0.0.1"), false)]);
    let offer = ports(&idx, &on_network(ask(0, &[], &["d"]), "default"), 1).expect("MH-12");
    assert_eq!((offer[0].host_ip, offer[0].value), (ip("10.0.0.2"), 20_000));
}

#[test]
fn mh13_and_mh14_probes_never_draw_the_maximum() {
    let n = small_range(20_000, 20_001);
    let idx = index(&n);
    let mut rng = Rng::new(9);
    for _ in 0..2000 {
        let offer = idx.assign_ports(&on_network(ask(0, &[], &["d"]), "default"), rules(), &mut rng).expect("offer");
        assert_eq!(offer[0].value, 20_000);
    }
    let n = modern_node("10.0.0.1/32", "");
    let idx = index(&n);
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for _ in 0..200_000 {
        let offer = idx.assign_ports(&on_network(ask(0, &[], &["d"]), "default"), rules(), &mut rng).expect("offer");
        lo = lo.min(offer[0].value);
        hi = hi.max(offer[0].value);
    }
    assert_eq!((lo, hi), (20_000, 31_999));
}

#[test]
fn mh15_to_mh17_existing_allocation_collisions() {
    let n = modern_node("10.0.0.1/32", "80");
    let mut idx = index(&n);
    let mut a1 = alloc("a1", vec![], AllocStatus::default());
    a1.ports.push(AllocPort {
        label: "h".into(),
        value: 80,
        host_ip: ip("10.0.0.1"),
        ignore_collision: false,
        span: Span::default(),
    });
    assert_eq!(
        idx.add_existing(&a1).as_deref(),
        Some("collision when reserving port for alloc a1: [port 80 already in use]")
    );
    let mut idx = index(&n);
    let a2 = alloc("a2", vec![("web", used("eth0", "10.0.0.1", 0, &[("h", 80)]))], AllocStatus::default());
    assert_eq!(
        idx.add_existing(&a2).as_deref(),
        Some("collision when reserving port for network 10.0.0.1 in task web of alloc a2: [port 80 already in use]")
    );
    a1.status.client = ClientStatus::Complete;
    assert!(!alloc_counts(&a1, rules()), "MH-17: client-terminal allocations are skipped");
}

#[test]
fn mh18_to_mh20_task_networks_and_group_bandwidth() {
    let n = modern_node("192.168.0.100/32", "22");
    let idx = index(&n);
    assert_eq!(
        assign(&idx, &ask(0, &[("ssh", 22)], &[]), 1).expect_err("a").to_string(),
        "reserved port collision ssh=22"
    );
    assert_eq!(
        assign(&idx, &ask(0, &[("big", 65_536)], &[]), 1).expect_err("b").to_string(),
        "invalid port 65536 (out of range)"
    );
    assert_eq!(assign(&idx, &ask(1001, &[], &[]), 1).expect_err("c").to_string(), "bandwidth exceeded");
    let a = with_to(ask(1000, &[], &["a"]), &[("a", -1)]);
    let offer = assign(&idx, &a, 1).expect("MH-19");
    assert_eq!((offer.ip, offer.mbits), (ip("192.168.0.100"), 1000));
    assert_eq!(offer.dynamic_ports[0].to, offer.dynamic_ports[0].value);
    let group_ask = NetworkAsk { mbits: 999_999, ..NetworkAsk::default() };
    assert_eq!(ports(&idx, &group_ask, 1), Ok(vec![]), "MH-20: bandwidth is not checked for group networks");
}

// ---- I. job validation ----

fn errors_of(job: &str) -> Vec<String> {
    check(job, &Options { nomad: NomadVersion::V1, ..Options::default() })
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| d.message)
        .collect()
}

fn group_job(network: &str, tasks: &str) -> String {
    format!("job \"j\" {{\n  group \"g\" {{\n{network}\n{tasks}\n  }}\n}}\n")
}

const TASK: &str = "    task \"t\" {\n      driver = \"docker\"\n    }";

#[test]
fn m28_and_m29_bounds() {
    let ok = group_job(
        "    network {\n      port \"ok\" { static = 65535 }\n      port \"to_static\" { static = 1 to = 65535 }\n      port \"to_dyn\" { to = 65535 }\n    }",
        TASK,
    );
    assert_eq!(errors_of(&ok), Vec::<String>::new());
    let bad = group_job(
        "    network {\n      port \"too-high\" { static = 65536 }\n      port \"s\" { static = 2 to = 65536 }\n      port \"d\" { to = 65536 }\n    }",
        TASK,
    );
    let errs = errors_of(&bad);
    assert_eq!(
        errs,
        [
            "Port too-high (65536) cannot be greater than 65535",
            "Port \"s\" cannot be mapped to a port (65536) greater than 65535",
            "Port \"d\" cannot be mapped to a port (65536) greater than 65535"
        ]
    );
}

#[test]
fn m30_to_m32_static_ports_per_host_network() {
    let two = group_job(
        "    network {\n      port \"net1_http\" { static = 80 host_network = \"net1\" }\n      port \"net2_http\" { static = 80 host_network = \"net2\" }\n    }",
        TASK,
    );
    assert_eq!(errors_of(&two), Vec::<String>::new());
    let task_static = "    task \"task1\" {\n      driver = \"docker\"\n      resources {\n        network {\n          port \"task_http\" { static = 80 }\n        }\n      }\n    }";
    let clash = group_job("    network {\n      port \"group_http\" { static = 80 }\n    }", task_static);
    assert_eq!(errors_of(&clash), ["Static port 80 already reserved by taskgroup network:group_http"]);
    let other = group_job(
        "    network {\n      port \"group_http\" { static = 80 host_network = \"net1\" }\n    }",
        task_static,
    );
    assert_eq!(errors_of(&other), Vec::<String>::new());
}

#[test]
fn m33_hostnames() {
    let ok = group_job("    network {\n      mode = \"bridge\"\n      hostname = \"foobar\"\n    }", TASK);
    assert_eq!(errors_of(&ok), Vec::<String>::new());
    let bad = group_job("    network {\n      mode = \"bridge\"\n      hostname = \"............\"\n    }", TASK);
    assert_eq!(errors_of(&bad), ["Hostname is not a valid DNS name"]);
}

#[test]
fn m34_cni_args() {
    let net = |args: &str| {
        format!("    network {{\n      mode = \"cni/x\"\n      cni {{\n        args = {{ {args} }}\n      }}\n    }}")
    };
    let twice = group_job(&format!("{}\n{}", net("static = \"1\""), net("static = \"2\"")), TASK);
    assert_eq!(errors_of(&twice), ["duplicate CNI arg \"static\""]);
    assert_eq!(
        errors_of(&group_job(&format!("{}\n{}", net("a = \"1\""), net("b = \"2\"")), TASK)),
        Vec::<String>::new()
    );
    assert_eq!(
        errors_of(&group_job(&net("\"static;\" = \"1\""), TASK)),
        ["invalid ';' character in CNI arg key \"static;\""]
    );
    assert_eq!(
        errors_of(&group_job(&net("static = \"first_value;\""), TASK)),
        ["invalid ';' character in CNI arg value \"first_value;\""]
    );
}

#[test]
fn m35_and_m36_ignore_collision() {
    let ports = "      port \"one\" { static = 10 ignore_collision = true }\n      port \"two\" { static = 10 ignore_collision = true }";
    assert_eq!(
        errors_of(&group_job(&format!("    network {{\n      mode = \"host\"\n{ports}\n    }}"), TASK)),
        Vec::<String>::new()
    );
    let errs = errors_of(&group_job(&format!("    network {{\n      mode = \"not-host\"\n{ports}\n    }}"), TASK));
    assert!(errs.iter().all(|e| e.contains("collision may not be ignored on non-host network mode")), "{errs:?}");
    assert_eq!(errs.len(), 2);
}

#[test]
fn m37_to_m39_task_ports_against_the_group() {
    let task = |name: &str, ports: &str| {
        format!(
            "    task \"{name}\" {{\n      driver = \"docker\"\n      resources {{\n        network {{\n{ports}\n        }}\n      }}\n    }}"
        )
    };
    let two = group_job(
        "",
        &format!(
            "{}\n{}",
            task("task-a", "port \"foo\" { static = 123 }"),
            task("task-b", "port \"foo\" { static = 123 }")
        ),
    );
    assert_eq!(errors_of(&two), ["Static port 123 already reserved by task-a:foo"]);
    let twice = group_job("", &task("task-a", "port \"foo\" { static = 123 }\nport \"bar\" { static = 123 }"));
    assert_eq!(errors_of(&twice), ["Static port 123 already reserved by task-a:foo"]);
    let label = group_job(
        "    network {\n      port \"http\" { to = 80 }\n    }",
        &task("task-a", "port \"http\" { to = 80 }"),
    );
    assert_eq!(errors_of(&label), ["Port label http already in use by taskgroup network"]);
}

// ---- J. scheduler ----

#[test]
fn m40_network_checker() {
    let base = || {
        let mut n = modern_node("192.168.0.100/32", "");
        n.bridge = false;
        n
    };
    let mut a = base();
    a.bridge = true;
    a.addresses.push(address("public", "192.168.0.100", ""));
    a.addresses.push(address("private", "192.168.0.100", ""));
    a.meta.insert("public_network".into(), "public".into());
    a.meta.insert("private_network".into(), "private".into());
    a.meta.insert("wrong_network".into(), String::new());
    let b = a.clone();
    let mut c = base();
    c.cni.push("mynet".into());
    let nodes = [a, b, c];
    let feasible = |mode: &str, host_networks: &[&str]| -> Vec<bool> {
        let mut net = NetworkAsk { mode: mode.into(), ..NetworkAsk::default() };
        for (i, h) in host_networks.iter().enumerate() {
            let mut p = ask(0, &[], &[&format!("p{i}")]).dynamic_ports.remove(0);
            p.host_network = (*h).into();
            net.dynamic_ports.push(p);
        }
        nodes.iter().map(|n| network_feasible(&net, n).is_ok()).collect()
    };
    assert_eq!(feasible("host", &[]), [true, true, true]);
    assert_eq!(feasible("bridge", &[]), [true, true, false]);
    assert_eq!(feasible("bridge", &["${meta.public_network}", "${meta.private_network}"]), [true, true, false]);
    assert_eq!(feasible("bridge", &["${meta.wrong_network}"]), [false, false, false]);
    assert_eq!(feasible("bridge", &["${meta.nonetwork}"]), [false, false, false]);
    assert_eq!(feasible("bridge", &["public"]), [true, true, false]);
    assert_eq!(feasible("bridge", &["${meta.private_network}-nonexisting"]), [false, false, false]);
    assert_eq!(feasible("cni/mynet", &[]), [false, false, true]);
    assert_eq!(feasible("cni/nonexistent", &[]), [false, false, false]);
    let mut net = NetworkAsk { mode: "bridge".into(), ..NetworkAsk::default() };
    net.dynamic_ports.push(netplay_core::jobspec::PortAsk {
        label: "x".into(),
        host_network: "${meta.nonetwork}".into(),
        ..Default::default()
    });
    assert_eq!(
        network_feasible(&net, &nodes[0]),
        Err("invalid host network \"${meta.nonetwork}\" template for port \"x\"".to_string())
    );
    net.dynamic_ports[0].host_network = "nope".into();
    assert_eq!(network_feasible(&net, &nodes[0]), Err("missing host network \"nope\" for port \"x\"".to_string()));
}

fn v1(job: &str, nodes: &str) -> netplay_core::Analysis {
    analyze(job, nodes, &Options { nomad: NomadVersion::V1, seed: 1, ..Options::default() })
}

const TWO_NODES: &str = r#"
node "a" {
  network { device = "eth0" cidr = "192.168.0.100/32" mbits = 1000 }
  reserved { reserved_ports = "1000-2000" }
}
node "b" {
  network { device = "eth0" cidr = "192.168.0.100/32" mbits = 1000 }
  reserved { reserved_ports = "1000-2000" }
}
"#;

#[test]
fn m42_bandwidth_is_recorded_not_enforced() {
    let job = r#"
job "j" {
  group "g" {
    count = 2
    network {
      mbits = 500
      port "http" {}
    }
    task "t" {
      driver = "exec"
      resources {
        network {
          mbits = 300
          port "x" {}
        }
      }
    }
  }
}"#;
    let a = v1(job, TWO_NODES);
    assert_eq!(a.summary.placed, 2);
    for p in &a.placements {
        assert_eq!(p.tasks[0].network.as_ref().map(|n| n.mbits), Some(300));
        assert_eq!(p.group_network.as_ref().map(|g| g.ports.len()), Some(1));
    }
    assert!(a.diagnostics.iter().any(|d| d.message.starts_with("mbits has been deprecated")));
    assert!(a.diagnostics.iter().any(|d| d.message.starts_with("task network resources have been deprecated")));
}

#[test]
fn m43_to_m45_node_level_network_outcomes() {
    let job = "job \"j\" {\n  group \"g\" {\n    network {\n      port \"p\" { static = 8080 }\n    }\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";
    let merged = r#"node "n" {
  network { device = "eth0" cidr = "192.168.0.100/32" }
  host_network "private" { cidr = "192.168.0.100/32" reserved_ports = "22" }
  reserved { reserved_ports = "22,80" }
}"#;
    assert_eq!(v1(job, merged).summary.placed, 1, "M-43: reserved ports merge per address");
    let colliding = r#"node "n" {
  network { device = "eth0" cidr = "192.168.0.100/32" }
  alloc "one" {
    task "web" { network { ip = "192.168.0.100" port "admin" { static = 5000 } port "http" { static = 9876 } } }
  }
  alloc "two" {
    task "web" { network { ip = "192.168.0.100" port "admin" { static = 5000 } port "http" { static = 9876 } } }
  }
}"#;
    let a = v1(job, colliding);
    assert_eq!(a.summary.placed, 0);
    let e = &a.placements[0].evaluated[0];
    assert_eq!(e.reason.as_deref(), Some("network: port collision"), "M-45");
    assert_eq!(
        e.detail.as_deref(),
        Some(
            "collision when reserving port for network 192.168.0.100 in task web of alloc two: [port 5000 already in use port 9876 already in use]"
        )
    );
}

#[test]
fn the_last_collision_reason_is_kept() {
    let job = "job \"j\" {\n  group \"g\" {\n    network {\n      port \"p\" {}\n    }\n    task \"t\" { driver = \"exec\" }\n  }\n}\n";
    let alloc = |name: &str| format!("  alloc \"{name}\" {{\n    port \"a\" {{ static = 5000 }}\n  }}\n");
    let nodes = format!(
        "node \"n\" {{\n  network {{ device = \"eth0\" cidr = \"10.0.0.1/32\" }}\n{}{}{}}}\n",
        alloc("one"),
        alloc("two"),
        alloc("three")
    );
    let a = v1(job, &nodes);
    assert_eq!(
        a.placements[0].evaluated[0].detail.as_deref(),
        Some("collision when reserving port for alloc three: [port 5000 already in use]")
    );
}

#[test]
fn m44_an_invalid_node_is_exhausted_once() {
    // The inventory refuses such a node (as Nomad's agent does), so build it directly.
    let n = modern_node("192.168.0.100/32", "not-valid-ports");
    let mut idx = NetworkIndex::new(rules());
    assert!(idx.set_node(&n, rules()).is_err());
}

#[test]
fn m46_to_m48_host_network_interpolation() {
    let job = r#"
job "j" {
  group "g" {
    network {
      mode = "bridge"
      port "http" { host_network = "${meta.test_network}" }
      port "stats" { host_network = "${meta.some_network}" }
    }
    task "t" { driver = "docker" }
  }
}"#;
    let nodes = r#"
node "node1" {
  meta { test_network = "private"  some_network = "public" }
  network { device = "eth0" cidr = "192.168.0.101/32" }
  network { device = "eth1" cidr = "9.9.9.9/32" }
  host_network "private" { cidr = "192.168.0.101/32" reserved_ports = "9091-10000" }
  host_network "public" { cidr = "9.9.9.9/32" }
}"#;
    let a = v1(job, nodes);
    assert_eq!(a.summary.placed, 1, "{:#?}", a.diagnostics);
    let g = a.placements[0].group_network.as_ref().expect("group network");
    let nets: Vec<(&str, &str)> = g.ports.iter().map(|p| (p.host_network.as_str(), p.host_ip.as_str())).collect();
    assert_eq!(nets, [("private", "192.168.0.101"), ("public", "9.9.9.9")]);
    let absent = nodes.replace("some_network = \"public\"", "");
    let a = v1(job, &absent);
    assert_eq!(a.summary.placed, 0, "M-47");
    assert_eq!(
        a.placements[0].evaluated[0].reason.as_deref(),
        Some("invalid host network \"${meta.some_network}\" template for port \"stats\"")
    );
    let wrong = nodes.replace("some_network = \"public\"", "some_network = \"absent\"");
    let a = v1(job, &wrong);
    assert_eq!(
        a.placements[0].evaluated[0].reason.as_deref(),
        Some("missing host network \"absent\" for port \"stats\""),
        "M-48"
    );
}

// ---- K. environment ----

#[test]
fn m49_and_m50_environment() {
    let job = r#"
job "j" {
  group "g" {
    network {
      mode = "bridge"
      port "admin" { to = 9000 }
      port "hostonly" {}
      port "static" { static = 9997 to = 97 }
    }
    task "web" {
      driver = "docker"
      config { port_map { https = 443 } }
      resources {
        network {
          port "https" { static = 8080 }
          port "http" {}
        }
      }
    }
    task "ssh" {
      driver = "exec"
      resources {
        network {
          port "ssh" { static = 22 }
          port "other" { static = 1234 }
        }
      }
    }
  }
}"#;
    let nodes = r#"node "n" { network { device = "eth0" cidr = "127.0.0.1/32" } }"#;
    let a = v1(job, nodes);
    assert_eq!(a.summary.placed, 1, "{:#?}", a.diagnostics);
    let env = |task: usize, key: &str| -> Option<String> {
        a.placements[0].tasks[task].env.iter().find(|v| v.name == key).map(|v| v.value.clone())
    };
    let group = a.placements[0].group_network.as_ref().expect("group");
    let admin = group.ports.iter().find(|p| p.label == "admin").expect("admin").host;
    let hostonly = group.ports.iter().find(|p| p.label == "hostonly").expect("hostonly").host;
    let web = &a.placements[0].tasks[0];
    let http = web.network.as_ref().expect("net").ports.iter().find(|p| p.label == "http").expect("http").host;
    assert_eq!(env(0, "NOMAD_ADDR_http"), Some(format!("127.0.0.1:{http}")));
    assert_eq!(env(0, "NOMAD_PORT_http"), Some(http.to_string()));
    assert_eq!(env(0, "NOMAD_IPv4_http").as_deref(), Some("127.0.0.1"));
    assert_eq!(env(0, "NOMAD_ADDR_https").as_deref(), Some("127.0.0.1:8080"));
    assert_eq!(env(0, "NOMAD_PORT_https").as_deref(), Some("443"), "the driver's port map");
    assert_eq!(env(0, "NOMAD_HOST_PORT_https").as_deref(), Some("8080"));
    assert_eq!(env(0, "NOMAD_ADDR_ssh_other").as_deref(), Some("127.0.0.1:1234"));
    assert_eq!(env(0, "NOMAD_PORT_ssh_ssh").as_deref(), Some("22"));
    assert_eq!(env(0, "NOMAD_IP"), None, "no NOMAD_IP in 1.x");
    // M-50: group ports
    assert_eq!(env(0, "NOMAD_PORT_hostonly"), Some(hostonly.to_string()));
    assert_eq!(env(0, "NOMAD_PORT_static").as_deref(), Some("97"));
    assert_eq!(env(0, "NOMAD_HOST_PORT_static").as_deref(), Some("9997"));
    assert_eq!(env(0, "NOMAD_ADDR_admin"), Some(format!("127.0.0.1:{admin}")));
    assert_eq!(env(0, "NOMAD_HOST_ADDR_admin"), Some(format!("127.0.0.1:{admin}")));
    assert_eq!(env(0, "NOMAD_HOST_IP_admin").as_deref(), Some("127.0.0.1"));
    assert_eq!(env(0, "NOMAD_PORT_admin").as_deref(), Some("9000"));
    assert_eq!(env(0, "NOMAD_ALLOC_PORT_admin").as_deref(), Some("9000"));
    assert_eq!(env(0, "NOMAD_HOST_PORT_admin"), Some(admin.to_string()));
    assert_eq!(env(0, "NOMAD_ALLOC_INTERFACE_admin").as_deref(), Some("eth0"));
    assert_eq!(env(0, "NOMAD_ALLOC_IP_admin").as_deref(), Some("172.26.64.2"));
    assert_eq!(env(0, "NOMAD_ALLOC_ADDR_admin").as_deref(), Some("172.26.64.2:9000"));
    assert_eq!(env(0, "NOMAD_ALLOC_ADDR_hostonly"), Some(format!("172.26.64.2:{hostonly}")), "M-52: no `to`");
}

#[test]
fn m49_ipv6_is_bracketed() {
    let job = "job \"j\" {\n  group \"g\" {\n    task \"web\" {\n      driver = \"exec\"\n    }\n    task \"mail\" {\n      driver = \"exec\"\n      resources {\n        network {\n          port \"ipv6\" { static = 2222 }\n        }\n      }\n    }\n  }\n}\n";
    let nodes = r#"node "n" { network { device = "eth0" cidr = "fd12:3456:789a:1::1/128" } }"#;
    let a = v1(job, nodes);
    let env = &a.placements[0].tasks[0].env;
    let get = |k: &str| env.iter().find(|v| v.name == k).map(|v| v.value.as_str());
    assert_eq!(get("NOMAD_ADDR_mail_ipv6"), Some("[fd12:3456:789a:1::1]:2222"));
    assert_eq!(get("NOMAD_IP_mail_ipv6"), Some("fd12:3456:789a:1::1"));
    let own = &a.placements[0].tasks[1].env;
    assert!(own.iter().any(|v| v.name == "NOMAD_IPv6_ipv6"), "the task's own family variable");
}

#[test]
fn mh21_and_m55_key_sanitising() {
    let job = r#"
job "j" {
  group "g" {
    network {
      port "my-http" {}
      port "my.http" {}
    }
    task "t" {
      driver = "exec"
      meta { x-y = "1" }
      env { test-one-two = "three-four" }
    }
  }
}"#;
    let nodes = r#"node "n" { network { device = "eth0" cidr = "10.0.0.1/32" } }"#;
    let a = v1(job, nodes);
    let names: Vec<&str> = a.placements[0].tasks[0].env.iter().map(|v| v.name.as_str()).collect();
    for present in [
        "NOMAD_PORT_my_http",
        "NOMAD_PORT_my.http",
        "NOMAD_ADDR_my_http",
        "NOMAD_META_x_y",
        "NOMAD_META_X_Y",
        "NOMAD_HOST_ADDR_my-http",
        "NOMAD_ALLOC_PORT_my-http",
        "NOMAD_HOST_IP_my-http",
        "test-one-two",
    ] {
        assert!(names.contains(&present), "{present} in {names:?}");
    }
    assert!(!names.contains(&"NOMAD_PORT_my-http"));
    let warned = a.placements[0].tasks[0].env.iter().find(|v| v.name == "NOMAD_PORT_my_http").expect("var");
    assert!(warned.warning.as_deref().unwrap_or("").contains("renamed"), "{warned:?}");
}

/// The upper-cased meta key keeps `ß` (Go's per-rune simple mapping), so cleaning turns its
/// two bytes into `__`; a full mapping (`SS`) would have given `NOMAD_META_STRASSE`.
#[test]
fn meta_keys_are_upper_cased_rune_by_rune_then_cleaned() {
    let job = r#"
job "j" {
  group "g" {
    task "t" {
      driver = "exec"
      meta { straße = "1" }
    }
  }
}"#;
    let nodes = r#"node "n" { network { device = "eth0" cidr = "10.0.0.1/32" } }"#;
    let a = v1(job, nodes);
    let names: Vec<&str> = a.placements[0].tasks[0].env.iter().map(|v| v.name.as_str()).collect();
    assert!(names.contains(&"NOMAD_META_STRA__E"), "{names:?}");
    assert!(names.contains(&"NOMAD_META_stra__e"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("STRASSE")), "{names:?}");
}

// ---- L. drivers ----

#[test]
fn m57_and_m58_docker_publishes_group_ports() {
    let job = r#"
job "j" {
  group "g" {
    network {
      port "main" { to = 8080 }
      port "REDIS" { to = 6379 }
      port "other" { to = 8080 }
    }
    task "t" {
      driver = "docker"
      config { ports = ["main", "REDIS", "other"] }
    }
  }
}"#;
    let nodes = r#"node "n" { network { device = "eth0" cidr = "127.0.0.1/32" } }"#;
    let a = v1(job, nodes);
    let bindings: Vec<(String, String)> =
        a.placements[0].tasks[0].docker_ports.iter().map(|b| (b.container.clone(), b.label.clone())).collect();
    let count = |c: &str| bindings.iter().filter(|(x, _)| x == c).count();
    assert_eq!((count("8080/tcp"), count("8080/udp")), (2, 2), "M-57: two bindings on one container port");
    assert_eq!((count("6379/tcp"), count("6379/udp")), (1, 1));
    let missing = job.replace("\"other\"]", "\"nope\"]");
    assert!(errors_of(&missing).contains(&"Port \"nope\" not found, check network block".to_string()));
}

#[test]
fn m59_and_port_map_misuse() {
    let job = r#"
job "j" {
  group "g" {
    task "t" {
      driver = "docker"
      config { port_map { main = 8080  REDIS = 6379 } }
      resources { network { port "main" { static = 5000 } port "REDIS" {} } }
    }
  }
}"#;
    let nodes = r#"node "n" { network { device = "eth0" cidr = "127.0.0.1/32" } }"#;
    let a = v1(job, nodes);
    let env = &a.placements[0].tasks[0].env;
    let get = |k: &str| env.iter().find(|v| v.name == k).map(|v| v.value.as_str());
    assert_eq!(get("NOMAD_PORT_main"), Some("8080"));
    assert_eq!(get("NOMAD_PORT_REDIS"), Some("6379"));
    let group_ports = "job \"j\" {\n  group \"g\" {\n    network {\n      port \"main\" {}\n    }\n    task \"t\" {\n      driver = \"docker\"\n      config { port_map { main = 8080 } }\n    }\n  }\n}\n";
    assert!(
        errors_of(group_ports).contains(&"'port_map' cannot map group network ports, use 'ports' instead".to_string())
    );
    let nothing = "job \"j\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"docker\"\n      config { port_map { main = 8080 } }\n    }\n  }\n}\n";
    assert!(errors_of(nothing).contains(&"Trying to map ports but no network interface is available".to_string()));
}

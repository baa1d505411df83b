//! Nomad's own 0.2-era test cases (restated in `nomad-test-cases.md`, sections A, B, D and E)
//! run against netplay's index, fit, env and driver code. IDs match the spec.

use netplay_core::alloc::{AssignError, NetworkIndex, Offer, OfferedPort, PortSet};
use netplay_core::env::{EnvContext, task_env};
use netplay_core::jobspec::{DriverConfig, Group, Job, JobType, PortMap, PortMapEntry, Task, TaskResources};
use netplay_core::mapping::{DriverPorts, docker_bindings, driver_ports, qemu_args};
use netplay_core::nodes::{Capacity, Node};
use netplay_core::rng::Rng;
use netplay_core::schedule::{Usage, exhausted_dimension};
use netplay_core::source::Span;
use netplay_core::version::NomadVersion;
use netplay_tests::{ask, ip, node, used};

fn rules() -> &'static netplay_core::version::Rules {
    NomadVersion::V0_2.rules()
}

/// The mock node of Nomad's 0.2 tests: eth0 192.168.0.100/30, 1000 MBits, ssh=22 reserved.
fn mock_node() -> Node {
    let mut n = node("eth0", "192.168.0.100/30", 1000);
    n.reserved.networks.push(used("eth0", "192.168.0.100", 1, &[("ssh", 22)]));
    n
}

/// The allocations of S-05: web 8000+9000 (20 MBits) and api 10000 (50 MBits) on .100.
fn add_s05_allocs(index: &mut NetworkIndex<'_>) -> bool {
    let web = used("eth0", "192.168.0.100", 20, &[("one", 8000), ("two", 9000)]);
    let api = used("eth0", "192.168.0.100", 50, &[("one", 10000)]);
    index.add_use(&web) | index.add_use(&api)
}

fn assign(index: &NetworkIndex<'_>, a: &netplay_core::jobspec::NetworkAsk, seed: u64) -> Result<Offer, AssignError> {
    index.assign_network(a, rules(), &mut Rng::new(seed), &mut Vec::new())
}

#[test]
fn s01_to_s03_overcommitted() {
    let n = node("eth0", "192.168.0.100/32", 1000);
    let mut index = NetworkIndex::new(rules());
    let reserved = used("eth0", "192.168.0.100", 505, &[("one", 8000), ("two", 9000)]);
    assert!(!index.add_use(&reserved), "S-01 no collision");
    assert!(index.overcommitted(), "S-01 eth0 has no bandwidth yet");
    index.set_node(&n, rules()).expect("valid");
    assert!(!index.overcommitted(), "S-02 505 <= 1000");
    index.add_use(&reserved);
    assert_eq!(index.used_bandwidth("eth0"), 1010);
    assert!(index.overcommitted(), "S-03 1010 > 1000");
}

#[test]
fn s04_set_node() {
    let mut n = node("eth0", "192.168.0.100/32", 1000);
    n.reserved.networks.push(used("eth0", "192.168.0.100", 1, &[("ssh", 22)]));
    let mut index = NetworkIndex::new(rules());
    assert!(!index.set_node(&n, rules()).expect("valid"));
    assert_eq!(index.usable_networks().count(), 1);
    assert_eq!(index.available_bandwidth("eth0"), 1000);
    assert_eq!(index.used_bandwidth("eth0"), 1);
    assert!(index.port_used(ip("192.168.0.100"), 22));
}

#[test]
fn s05_add_allocs() {
    let mut index = NetworkIndex::new(rules());
    assert!(!add_s05_allocs(&mut index));
    assert_eq!(index.used_bandwidth("eth0"), 70);
    for p in [8000, 9000, 10000] {
        assert!(index.port_used(ip("192.168.0.100"), p), "{p}");
    }
}

#[test]
fn s06_add_reserved_twice_collides() {
    let mut index = NetworkIndex::new(rules());
    let r = used("eth0", "192.168.0.100", 20, &[("one", 8000), ("two", 9000)]);
    assert!(!index.add_use(&r));
    assert_eq!(index.used_bandwidth("eth0"), 20);
    assert!(index.add_use(&r));
}

#[test]
fn s07_and_sh11_address_walk_order() {
    let walk = |cidr: &str| -> Vec<String> {
        cidr.parse::<netplay_core::cidr::Cidr>().expect("cidr").addresses().map(|a| a.to_string()).collect()
    };
    assert_eq!(walk("192.168.0.100/30"), ["192.168.0.100", "192.168.0.101", "192.168.0.102", "192.168.0.103"]);
    assert_eq!(walk("10.0.0.5/29"), (0..8).map(|i| format!("10.0.0.{i}")).collect::<Vec<_>>());
}

#[test]
fn s08_static_collision_moves_to_the_next_ip() {
    let n = mock_node();
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    add_s05_allocs(&mut index);
    let offer = assign(&index, &ask(0, &[("main", 8000)], &[]), 1).expect("offer");
    assert_eq!(offer.ip, ip("192.168.0.101"));
    assert_eq!(offer.reserved_ports, [OfferedPort { label: "main".into(), value: 8000, to: 0 }]);
}

#[test]
fn s09_dynamic_ports_on_the_first_ip() {
    let n = mock_node();
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    add_s05_allocs(&mut index);
    for seed in 0..200 {
        let offer = assign(&index, &ask(0, &[], &["http", "https", "admin"]), seed).expect("offer");
        assert_eq!(offer.ip, ip("192.168.0.100"));
        let values: Vec<i64> = offer.dynamic_ports.iter().map(|p| p.value).collect();
        assert_eq!(values.len(), 3);
        for (i, v) in values.iter().enumerate() {
            assert!((20_000..=59_999).contains(v), "seed {seed}: {v}");
            assert!(![22, 8000, 9000, 10000].contains(v));
            assert!(!values[..i].contains(v), "distinct");
        }
    }
}

#[test]
fn s10_static_and_dynamic() {
    let n = mock_node();
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    add_s05_allocs(&mut index);
    let offer = assign(&index, &ask(0, &[("main", 2345)], &["http", "https", "admin"]), 3).expect("offer");
    assert_eq!(offer.ip, ip("192.168.0.100"));
    assert_eq!(offer.reserved_ports, [OfferedPort { label: "main".into(), value: 2345, to: 0 }]);
    assert!(offer.dynamic_ports.iter().all(|p| p.value != 2345 && p.value >= 20_000));
}

#[test]
fn s11_bandwidth_exceeded() {
    let n = mock_node();
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    add_s05_allocs(&mut index);
    assert_eq!(index.used_bandwidth("eth0"), 71);
    let err = assign(&index, &ask(1000, &[], &[]), 1).expect_err("no offer");
    assert_eq!(err.to_string(), "bandwidth exceeded");
}

#[test]
fn s12_int_contains() {
    let mut set = PortSet::new();
    for p in [1, 2, 10, 20] {
        set.insert(p);
    }
    assert!(!set.contains(50));
    assert!(set.contains(20) && set.contains(1));
}

#[test]
fn s13_the_same_allocation_twice_collides_on_its_static_port() {
    let n = node("eth0", "10.0.0.0/8", 100);
    let a1 = used("eth0", "10.0.0.1", 50, &[("main", 8000)]);
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    assert!(!index.add_use(&a1), "[a1] fits");
    assert!(!index.overcommitted());
    assert!(index.add_use(&a1), "[a1, a1]: port 8000 twice on 10.0.0.1");
}

#[test]
fn s14_allocs_fit() {
    let capacity = Capacity { cpu: Some(2000), memory_mb: Some(2048), disk_mb: Some(10_000), iops: Some(100) };
    let reserved = Usage { cpu: 1000, memory_mb: 1024, disk_mb: 5000, iops: 50 };
    let a1 = Usage { cpu: 1000, memory_mb: 1024, disk_mb: 5000, iops: 50 };
    let mut one = reserved;
    one.add(a1);
    assert_eq!((one.cpu, one.memory_mb), (2000, 2048));
    assert_eq!(exhausted_dimension(&capacity, &one), None);
    let mut two = one;
    two.add(a1);
    assert_eq!((two.cpu, two.memory_mb), (3000, 3072));
    assert_eq!(exhausted_dimension(&capacity, &two), Some("cpu exhausted"));
}

fn task(driver: &str, port_map: &[(&str, i64)]) -> Task {
    let maps = if port_map.is_empty() {
        vec![]
    } else {
        vec![PortMap {
            entries: port_map
                .iter()
                .map(|&(l, v)| PortMapEntry { label: l.into(), value: Ok(v), span: Span::default() })
                .collect(),
            span: Span::default(),
        }]
    };
    Task {
        name: "web".into(),
        span: Span::default(),
        driver: driver.into(),
        resources: Some(TaskResources { network: Some(ask(0, &[], &[])), ..TaskResources::default() }),
        config: DriverConfig { port_maps: maps, ..DriverConfig::default() },
        ..Task::default()
    }
}

fn offer(address: &str, statics: &[(&str, i64)], dynamics: &[(&str, i64)]) -> Offer {
    let ports =
        |list: &[(&str, i64)]| list.iter().map(|&(l, v)| OfferedPort { label: l.into(), value: v, to: 0 }).collect();
    Offer {
        device: "eth0".into(),
        ip: ip(address),
        mbits: 0,
        reserved_ports: ports(statics),
        dynamic_ports: ports(dynamics),
    }
}

fn job_of(t: &Task) -> Job {
    let group = Group { name: "g".into(), span: Span::default(), count: 1, tasks: vec![t.clone()], ..Group::default() };
    Job { id: "j".into(), span: Span::default(), kind: JobType::Service, groups: vec![group], meta: vec![] }
}

fn driver_of(job: &Job) -> DriverPorts {
    driver_ports(&job.groups[0].tasks[0], &job.groups[0], NomadVersion::V0_2, &mut Vec::new())
}

fn env_pairs(t: &Task, o: &Offer) -> Vec<(String, String)> {
    let job = job_of(t);
    let driver = driver_of(&job);
    let offers = [Some(o.clone())];
    let ctx = EnvContext {
        version: NomadVersion::V0_2,
        job: &job,
        group: &job.groups[0],
        task: 0,
        index: 0,
        offers: &offers,
        group_ports: &[],
        netns_ip: None,
        driver: &driver,
        node_name: "node",
        node_values: &std::collections::BTreeMap::new(),
        datacenter: None,
        alloc_id: "00000000-0000-0000-0000-000000000000",
    };
    // Nomad's environment tests build the environment without an allocation directory.
    task_env(&ctx)
        .into_iter()
        .filter(|v| v.group != netplay_core::env::EnvGroup::Directories)
        .map(|v| (v.name, v.value))
        .collect()
}

fn bindings_of(t: &Task, o: &Offer) -> Vec<netplay_core::mapping::PublishedPort> {
    let job = job_of(t);
    docker_bindings(Some(o), &[], &driver_of(&job), NomadVersion::V0_2)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|&(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn s22_environment_as_list() {
    let mut t = task("exec", &[]);
    t.meta = vec![("foo".into(), "baz".into())];
    let o = offer("127.0.0.1", &[], &[("http", 80)]);
    assert_eq!(
        env_pairs(&t, &o),
        pairs(&[("NOMAD_IP", "127.0.0.1"), ("NOMAD_META_FOO", "baz"), ("NOMAD_PORT_http", "80")])
    );
}

/// `strings.ToUpper` maps rune by rune (simple case mapping): `ß` has no one-rune capital and
/// stays, where Rust's `to_uppercase` would write `SS`.
#[test]
fn meta_keys_are_upper_cased_rune_by_rune() {
    let mut t = task("exec", &[]);
    t.meta = vec![("straße".into(), "1".into()), ("ǆ_ᾳ".into(), "2".into())];
    let o = offer("127.0.0.1", &[], &[]);
    assert_eq!(
        env_pairs(&t, &o),
        pairs(&[("NOMAD_IP", "127.0.0.1"), ("NOMAD_META_STRAßE", "1"), ("NOMAD_META_Ǆ_ᾼ", "2")])
    );
}

#[test]
fn s23_user_env_sits_beside_nomads() {
    let mut t = task("exec", &[]);
    t.env = vec![("foo".into(), "baz".into()), ("bar".into(), "bang".into())];
    let o = offer("127.0.0.1", &[], &[]);
    assert_eq!(env_pairs(&t, &o), pairs(&[("NOMAD_IP", "127.0.0.1"), ("bar", "bang"), ("foo", "baz")]));
}

#[test]
fn s24_docker_ports_without_a_map() {
    let t = task("docker", &[]);
    let o = offer("127.0.0.1", &[("main", 40_001)], &[("REDIS", 50_002)]);
    let bindings: Vec<(String, String, i64)> =
        bindings_of(&t, &o).into_iter().map(|b| (b.container, b.host_ip, b.host_port)).collect();
    let expected = [("40001/tcp", 40_001), ("40001/udp", 40_001), ("50002/tcp", 50_002), ("50002/udp", 50_002)];
    assert_eq!(bindings, expected.map(|(c, p)| (c.to_string(), "127.0.0.1".to_string(), p)));
    let env = env_pairs(&t, &o);
    assert!(env.contains(&("NOMAD_PORT_main".into(), "40001".into())));
    assert!(env.contains(&("NOMAD_PORT_REDIS".into(), "50002".into())));
}

#[test]
fn s25_docker_port_map_shows_container_ports() {
    let t = task("docker", &[("main", 8080), ("REDIS", 6379)]);
    let o = offer("127.0.0.1", &[("main", 40_001)], &[("REDIS", 50_002)]);
    let bindings: Vec<(String, i64)> = bindings_of(&t, &o).into_iter().map(|b| (b.container, b.host_port)).collect();
    assert_eq!(
        bindings,
        [("6379/tcp", 50_002), ("6379/udp", 50_002), ("8080/tcp", 40_001), ("8080/udp", 40_001)]
            .map(|(c, p)| (c.to_string(), p))
    );
    let env = env_pairs(&t, &o);
    assert!(env.contains(&("NOMAD_PORT_main".into(), "8080".into())));
    assert!(env.contains(&("NOMAD_PORT_REDIS".into(), "6379".into())));
    assert!(env.contains(&("NOMAD_IP".into(), "127.0.0.1".into())), "NOMAD_IP stays the host IP");
}

#[test]
fn s26_qemu_hostfwd() {
    let t = task("qemu", &[("main", 22), ("web", 8080)]);
    let o = offer("127.0.0.1", &[("main", 22_000), ("web", 80)], &[]);
    let driver = driver_of(&job_of(&t));
    assert_eq!(
        qemu_args(&o, &driver),
        [
            "-netdev",
            "user,id=user.0,hostfwd=udp::22000-:22,hostfwd=tcp::22000-:22,hostfwd=udp::80-:8080,hostfwd=tcp::80-:8080",
            "-device",
            "virtio-net,netdev=user.0"
        ]
    );
    // QEMU does not change env vars: the host ports stay.
    let env = env_pairs(&t, &o);
    assert!(env.contains(&("NOMAD_PORT_main".into(), "22000".into())));
}

#[test]
fn sh01_and_sh02_no_networks() {
    let empty = NetworkIndex::new(rules());
    assert_eq!(assign(&empty, &ask(0, &[], &["x"]), 1), Err(AssignError::NoNetworks));
    let mut n = node("", "10.0.0.1/32", 1000);
    n.networks[0].device = String::new();
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    assert_eq!(assign(&index, &ask(0, &[], &["x"]), 1).expect_err("none").to_string(), "no networks available");
}

#[test]
fn sh03_and_sh04_statics_are_checked_per_ip() {
    let n = node("eth0", "192.168.0.100/31", 1000);
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    index.add_use(&used("eth0", "192.168.0.100", 0, &[("a", 80)]));
    let offer = assign(&index, &ask(0, &[("web", 80)], &[]), 1).expect("SH-04");
    assert_eq!(offer.ip, ip("192.168.0.101"));
    index.add_use(&used("eth0", "192.168.0.101", 0, &[("a", 80)]));
    assert_eq!(
        assign(&index, &ask(0, &[("web", 80)], &[]), 1).expect_err("SH-03").to_string(),
        "reserved port collision"
    );
}

#[test]
fn sh05_a_zero_mbit_ask_fails_on_an_overcommitted_device() {
    let n = node("eth0", "10.0.0.1/32", 100);
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    index.add_use(&used("eth0", "10.0.0.1", 150, &[]));
    assert_eq!(assign(&index, &ask(0, &[], &[]), 1), Err(AssignError::BandwidthExceeded));
}

#[test]
fn sh06_placed_bandwidth_is_never_counted() {
    let n = node("eth0", "10.0.0.1/32", 100);
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    let first = assign(&index, &ask(60, &[], &[]), 1).expect("first 60");
    assert_eq!(first.mbits, 0, "the 0.2 offer carries no MBits");
    index.add_offer(&first);
    assert!(assign(&index, &ask(60, &[], &[]), 2).is_ok(), "second 60 also fits");
}

#[test]
fn sh07_reserved_bandwidth_counts() {
    let mut n = node("eth0", "10.0.0.1/32", 1000);
    n.reserved.networks.push(used("eth0", "10.0.0.1", 1, &[]));
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    assert!(assign(&index, &ask(999, &[], &[]), 1).is_ok());
    assert_eq!(assign(&index, &ask(1000, &[], &[]), 1), Err(AssignError::BandwidthExceeded));
}

#[test]
fn sh08_dynamic_range_is_20000_to_59999() {
    let n = node("eth0", "10.0.0.1/32", 1000);
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    let mut rng = Rng::new(42);
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for _ in 0..200_000 {
        let o = index.assign_network(&ask(0, &[], &["p"]), rules(), &mut rng, &mut Vec::new()).expect("offer");
        let v = o.dynamic_ports[0].value;
        lo = lo.min(v);
        hi = hi.max(v);
    }
    assert!(lo >= 20_000 && hi <= 59_999, "{lo}..{hi}");
    assert!(lo < 20_010 && hi > 59_990, "the whole range is used: {lo}..{hi}");
}

#[test]
fn sh09_no_upper_bound_on_statics_in_0_2() {
    let n = node("eth0", "10.0.0.1/32", 1000);
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    let offer = assign(&index, &ask(0, &[("big", 70_000)], &[]), 1).expect("accepted");
    assert_eq!(offer.reserved_ports[0].value, 70_000);
}

#[test]
fn sh10_reserved_ports_colliding_on_one_ip() {
    let mut n = node("eth0", "10.0.0.1/32", 1000);
    n.reserved.networks.push(used("eth0", "10.0.0.1", 0, &[("a", 22), ("b", 22)]));
    assert!(NetworkIndex::new(rules()).set_node(&n, rules()).expect("valid"));
}

#[test]
fn a_device_without_bandwidth_fails_without_walking_its_block() {
    let n = node("eth0", "10.0.0.0/8", 10);
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    let mut truncated = Vec::new();
    let r = index.assign_network(&ask(100, &[], &["x"]), rules(), &mut Rng::new(1), &mut truncated);
    assert_eq!(r, Err(AssignError::BandwidthExceeded));
    assert!(truncated.is_empty(), "bandwidth is decided per device, without walking");
}

#[test]
fn the_address_walk_stops_at_the_limit() {
    let n = node("eth0", "10.0.0.0/8", 1000);
    let mut index = NetworkIndex::new(rules());
    index.set_node(&n, rules()).expect("valid");
    let limit = netplay_core::limits::MAX_ADDRESSES_PER_NETWORK as u32;
    for i in 0..=limit {
        let address = std::net::Ipv4Addr::from(u32::from(std::net::Ipv4Addr::new(10, 0, 0, 0)) + i);
        index.add_use(&used("eth0", &address.to_string(), 0, &[("web", 80)]));
    }
    let mut truncated = Vec::new();
    let r = index.assign_network(&ask(0, &[("web", 80)], &[]), rules(), &mut Rng::new(1), &mut truncated);
    assert_eq!(r, Err(AssignError::ReservedPortCollision(None)));
    assert_eq!(truncated.len(), 1, "the walk was cut and reported");
}

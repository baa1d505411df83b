//! A real cluster's export at scale (`cargo bench -p netplay-core --bench cluster`): a
//! `/v1/nodes?resources=true` list of 5,000 nodes and a `/v1/allocations?resources=true` list
//! of 50,000 allocations (generated here, in Nomad's JSON shapes), read and analysed with a
//! service job. Target (issue 9): at most 1 s. Results are recorded in BENCHMARKS.md.

use std::fmt::Write;

use netplay_core::{ClusterInputs, NomadVersion, Options, analyze};

fn main() {
    divan::main();
}

const NODES: usize = 5_000;
const ALLOCS_PER_NODE: usize = 10;

/// `n` node stubs as `/v1/nodes?resources=true` lists them.
fn nodes(n: usize) -> String {
    let mut out = String::from("[");
    for i in 0..n {
        let (a, b) = (i / 250, i % 250 + 1);
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"Address":"10.{a}.{b}.10","ID":"node-{i:08}-0000-4000-8000-000000000000","Attributes":{{"kernel.name":"linux","os.name":"ubuntu","cpu.arch":"amd64","nomad.version":"1.9.3","driver.docker":"1"}},"Datacenter":"dc{dc}","Name":"client-{i}","NodePool":"default","NodeClass":"","Version":"1.9.3","Drain":false,"SchedulingEligibility":"eligible","Status":"ready","StatusDescription":"","Drivers":{{"docker":{{"Attributes":{{"driver.docker.version":"27.3.1"}},"Detected":true,"Healthy":true,"HealthDescription":"Healthy","UpdateTime":"2026-11-01T10:00:00Z"}},"exec":{{"Attributes":null,"Detected":true,"Healthy":true,"HealthDescription":"Healthy","UpdateTime":"2026-11-01T10:00:00Z"}}}},"HostVolumes":null,"NodeResources":{{"Cpu":{{"CpuShares":8000,"TotalCpuCores":4,"ReservableCpuCores":[0,1,2,3]}},"Memory":{{"MemoryMB":16384}},"Disk":{{"DiskMB":100000}},"Networks":[{{"Mode":"host","Device":"eth0","CIDR":"10.{a}.{b}.10/32","IP":"10.{a}.{b}.10","Hostname":"","MBits":1000,"DNS":null,"ReservedPorts":null,"DynamicPorts":null}},{{"Mode":"bridge","Device":"","CIDR":"","IP":"","MBits":0,"DNS":null,"ReservedPorts":null,"DynamicPorts":null}}],"NodeNetworks":[{{"Mode":"host","Device":"eth0","MacAddress":"02:00:00:00:{a:02x}:{b:02x}","Speed":1000,"Addresses":[{{"Family":"ipv4","Alias":"default","Address":"10.{a}.{b}.10","ReservedPorts":"","Gateway":""}}]}},{{"Mode":"bridge","Device":"","MacAddress":"","Speed":0,"Addresses":null}}],"MinDynamicPort":20000,"MaxDynamicPort":32000}},"ReservedResources":{{"Cpu":{{"CpuShares":100,"ReservedCpuCores":null}},"Memory":{{"MemoryMB":256}},"Disk":{{"DiskMB":0}},"Networks":{{"ReservedHostPorts":"22"}}}},"LastDrain":null,"CreateIndex":{i},"ModifyIndex":{i}}}"#,
            dc = i % 3 + 1
        );
    }
    out.push(']');
    out
}

/// `per_node` allocation stubs per node as `/v1/allocations?resources=true` lists them; every
/// fifth one is complete.
fn allocations(n: usize, per_node: usize) -> String {
    let mut out = String::from("[");
    for i in 0..n {
        let (a, b) = (i / 250, i % 250 + 1);
        for k in 0..per_node {
            if i > 0 || k > 0 {
                out.push(',');
            }
            let status = if k % 5 == 4 { "complete" } else { "running" };
            let _ = write!(
                out,
                r#"{{"ID":"alloc-{i:06}-{k:04}-4000-8000-000000000000","EvalID":"eval-{i:06}-{k:04}","Name":"svc-{k}.web[{i}]","Namespace":"default","NodeID":"node-{i:08}-0000-4000-8000-000000000000","NodeName":"client-{i}","JobID":"svc-{k}","JobType":"service","JobVersion":3,"TaskGroup":"web","AllocatedResources":{{"Tasks":{{"server":{{"Cpu":{{"CpuShares":250,"ReservedCores":null}},"Memory":{{"MemoryMB":256,"MemoryMaxMB":0}},"Networks":null,"Devices":null}}}},"TaskLifecycles":{{"server":null}},"Shared":{{"Networks":[{{"Mode":"host","Device":"","CIDR":"","IP":"10.{a}.{b}.10","Hostname":"","MBits":0,"DNS":null,"ReservedPorts":null,"DynamicPorts":[{{"Label":"http","Value":{port},"To":0,"HostNetwork":"default"}}]}}],"DiskMB":300,"Ports":[{{"Label":"http","Value":{port},"To":0,"HostIP":"10.{a}.{b}.10"}}]}}}},"DesiredStatus":"run","DesiredDescription":"","ClientStatus":"{status}","ClientDescription":"Tasks are running","DesiredTransition":{{"Migrate":null,"Reschedule":null}},"TaskStates":{{"server":{{"State":"running","Failed":false,"Restarts":0,"LastRestart":null,"StartedAt":"2026-11-01T10:00:00Z","FinishedAt":null,"Events":null}}}},"DeploymentStatus":{{"Healthy":true,"Timestamp":"2026-11-01T10:00:30Z","Canary":false,"ModifyIndex":12}},"FollowupEvalID":"","RescheduleTracker":null,"PreemptedAllocations":null,"PreemptedByAllocation":"","CreateIndex":{i},"ModifyIndex":{i},"CreateTime":1761991200000000000,"ModifyTime":1761991230000000000}}"#,
                port = 20_000 + k * 7
            );
        }
    }
    out.push(']');
    out
}

const JOB: &str = r#"job "web" {
  group "web" {
    count = 20
    network {
      port "http" { static = 8080 }
      port "metrics" {}
    }
    task "server" {
      driver = "docker"
      config { ports = ["http", "metrics"] }
      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}"#;

/// 5,000 node stubs and 50,000 allocation stubs, read and analysed.
#[divan::bench(sample_count = 10)]
fn nodes_5000_allocs_50000(bencher: divan::Bencher) {
    let nodes = nodes(NODES);
    let options = Options {
        nomad: NomadVersion::V1,
        cluster: ClusterInputs { allocations: vec![allocations(NODES, ALLOCS_PER_NODE)], ..ClusterInputs::default() },
        ..Options::default()
    };
    eprintln!(
        "input: {} MB of nodes, {} MB of allocations",
        nodes.len() / 1_000_000,
        options.cluster.allocations.iter().map(|a| a.len()).sum::<usize>() / 1_000_000
    );
    let first = analyze(JOB, &nodes, &options);
    assert_eq!(first.summary.placed, 20, "{:#?}", first.diagnostics.first());
    bencher.bench(|| analyze(divan::black_box(JOB), divan::black_box(&nodes), &options));
}

/// The node list alone: reading 5,000 node stubs into the inventory.
#[divan::bench(sample_count = 10)]
fn read_nodes_5000(bencher: divan::Bencher) {
    let nodes = nodes(NODES);
    let options = Options::for_version(NomadVersion::V1);
    bencher.bench(|| netplay_core::inventory(divan::black_box(&nodes), &options));
}

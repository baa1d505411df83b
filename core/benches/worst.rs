//! The worst inputs netplay can be given (`cargo bench -p netplay-core --bench worst`): each is
//! built to make one stage as slow or as hungry as netplay's limits (`limits.rs`) allow, and
//! `analyze` must finish every one of them in under 100 ms on a 2-core machine (issue 12).
//! Results are recorded in BENCHMARKS.md ("Worst inputs").
//!
//! Every input stays within [`MAX_INPUT_BYTES`]; where a limit stops the input, the benchmark
//! measures the time to the limit's diagnostic (the work done before netplay gives up).

use std::fmt::Write;

use netplay_core::limits::{MAX_COUNT, MAX_INPUT_BYTES, MAX_NODES, MAX_PORTS_PER_NETWORK};
use netplay_core::{Analysis, NomadVersion, Options, analyze};

fn main() {
    divan::main();
}

fn options(version: &str) -> Options {
    Options::for_version(if version == "0.2" { NomadVersion::V0_2 } else { NomadVersion::V1 })
}

const VERSIONS: [&str; 2] = ["0.2", "1.x"];

/// One node with one address.
const ONE_NODE: &str = "node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n}\n";

/// A job of one group and one task whose body is `task_body`, with `count` instances.
fn job(count: usize, group_body: &str, task_body: &str) -> String {
    format!(
        "job \"j\" {{\n  group \"g\" {{\n    count = {count}\n{group_body}    task \"t\" {{\n      driver = \"exec\"\n      resources {{\n        cpu = 10\n        memory = 10\n{task_body}      }}\n    }}\n  }}\n}}\n"
    )
}

/// Repeats `line(i)` while the text stays under the input limit.
fn fill(prefix: &str, suffix: &str, mut line: impl FnMut(usize) -> String) -> String {
    let mut out = prefix.to_string();
    let budget = MAX_INPUT_BYTES - suffix.len() - 64;
    for i in 0.. {
        let next = line(i);
        if out.len() + next.len() > budget {
            break;
        }
        out.push_str(&next);
    }
    out.push_str(suffix);
    out
}

fn run(bencher: divan::Bencher, jobspec: &str, nodes: &str, version: &str) {
    let options = options(version);
    bencher.bench(|| -> Analysis { analyze(divan::black_box(jobspec), divan::black_box(nodes), &options) });
}

/// A jobspec of 1 MiB: one task with an `env` block of about 25,000 lines.
#[divan::bench(args = VERSIONS, sample_count = 10)]
fn jobspec_of_1_mib(bencher: divan::Bencher, version: &str) {
    let text = fill(
        "job \"j\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n      resources {\n        cpu = 10\n        memory = 10\n      }\n      env {\n",
        "      }\n    }\n  }\n}\n",
        |i| format!("        VARIABLE_{i} = \"value number {i}\"\n"),
    );
    run(bencher, &text, ONE_NODE, version);
}

/// 1 MiB of groups, each with a group network (1.x) or a task network (0.2) of one static and
/// one dynamic port: as many placements as the text holds.
#[divan::bench(args = VERSIONS, sample_count = 10)]
fn jobspec_of_1_mib_of_groups(bencher: divan::Bencher, version: &str) {
    let text = fill("job \"j\" {\n", "}\n", |i| {
        if version == "0.2" {
            format!(
                "  group \"g{i}\" {{\n    task \"t\" {{\n      driver = \"exec\"\n      resources {{\n        cpu = 1\n        memory = 1\n        network {{\n          port \"a\" {{ static = {} }}\n          port \"b\" {{}}\n        }}\n      }}\n    }}\n  }}\n",
                1000 + i % 60_000
            )
        } else {
            format!(
                "  group \"g{i}\" {{\n    network {{\n      port \"a\" {{ static = {} }}\n      port \"b\" {{}}\n    }}\n    task \"t\" {{ driver = \"exec\" }}\n  }}\n",
                1000 + i % 60_000
            )
        }
    });
    run(bencher, &text, ONE_NODE, version);
}

/// `MAX_PORTS_PER_NETWORK` dynamic ports in one network, `count` as large as the placements allow.
#[divan::bench(args = VERSIONS, sample_count = 10)]
fn most_ports_per_network(bencher: divan::Bencher, version: &str) {
    let mut ports = String::new();
    for i in 0..MAX_PORTS_PER_NETWORK {
        let _ = writeln!(ports, "          port \"p{i}\" {{}}");
    }
    let text = job(30, "", &format!("        network {{\n{ports}        }}\n"));
    run(bencher, &text, ONE_NODE, version);
}

/// `count = MAX_COUNT` on 1,000 nodes, one dynamic port each.
#[divan::bench(args = VERSIONS, sample_count = 10)]
fn largest_count(bencher: divan::Bencher, version: &str) {
    let text = job(MAX_COUNT as usize, "", "        network {\n          port \"http\" {}\n        }\n");
    let nodes: String = (0..1000)
        .map(|i| {
            format!(
                "node \"n{i}\" {{\n  network {{\n    device = \"eth0\"\n    cidr = \"10.0.{}.{}/32\"\n  }}\n}}\n",
                i / 250,
                i % 250
            )
        })
        .collect();
    run(bencher, &text, &nodes, version);
}

/// As many nodes as 1 MiB holds (up to `MAX_NODES`), and a system job placed on every one.
#[divan::bench(args = VERSIONS, sample_count = 10)]
fn most_nodes_system_job(bencher: divan::Bencher, version: &str) {
    let mut nodes = String::new();
    for i in 0..MAX_NODES {
        let next = format!(
            "node \"n{i}\" {{\n  network {{\n    device = \"eth0\"\n    cidr = \"10.{}.{}.1/32\"\n  }}\n}}\n",
            i / 250,
            i % 250
        );
        if nodes.len() + next.len() > MAX_INPUT_BYTES {
            break;
        }
        nodes.push_str(&next);
    }
    let text = job(1, "", "        network {\n          port \"http\" {}\n        }\n").replacen(
        "job \"j\" {\n",
        "job \"j\" {\n  type = \"system\"\n",
        1,
    );
    run(bencher, &text, &nodes, version);
}

/// One node holding 1 MiB of allocations (each with a static port), and `MAX_COUNT` instances
/// asking for that node's ports: every evaluation adds every allocation to the index.
#[divan::bench(args = VERSIONS, sample_count = 10)]
fn busiest_node(bencher: divan::Bencher, version: &str) {
    let nodes = fill(
        "node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n",
        "}\n",
        |i| {
            format!(
                "  alloc \"a{i}\" {{\n    task \"t\" {{\n      network {{\n        port \"p\" {{ static = {} }}\n      }}\n    }}\n  }}\n",
                1 + i % 19_000
            )
        },
    );
    let text = job(MAX_COUNT as usize, "", "        network {\n          port \"http\" {}\n        }\n");
    run(bencher, &text, &nodes, version);
}

/// Task networks that fail on every address of a huge block: a static port out of range (1.x)
/// or taken on every address tried, on `/0` and IPv6 `/64` networks of 100 nodes.
#[divan::bench(args = VERSIONS, sample_count = 10)]
fn longest_address_walks(bencher: divan::Bencher, version: &str) {
    let text = job(100, "", "        network {\n          port \"p\" { static = 70000 }\n        }\n");
    let nodes: String = (0..100)
        .map(|i| {
            let cidr = if i % 2 == 0 { format!("10.{i}.0.0/0") } else { format!("fd00:{i}::/64") };
            format!("node \"n{i}\" {{\n  network {{\n    device = \"eth0\"\n    cidr = \"{cidr}\"\n  }}\n}}\n")
        })
        .collect();
    run(bencher, &text, &nodes, version);
}

/// 1.x jobspec expressions built to multiply work: every local doubles the previous one.
#[divan::bench(sample_count = 10)]
fn doubling_locals(bencher: divan::Bencher) {
    let mut locals = String::from("locals {\n  a0 = \"xxxxxxxxxxxxxxxx\"\n");
    for i in 1..64 {
        let _ = writeln!(locals, "  a{i} = \"${{local.a{p}}}${{local.a{p}}}\"", p = i - 1);
    }
    locals.push_str("}\n");
    run(bencher, &(locals + &job(1, "", "")), ONE_NODE, "1.x");
}

/// Three nested `for` expressions over `range(1024)` (a billion iterations as written).
#[divan::bench(sample_count = 10)]
fn nested_for_expressions(bencher: divan::Bencher) {
    let locals = "locals {\n  a = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]\n}\n";
    run(bencher, &(locals.to_string() + &job(1, "", "")), ONE_NODE, "1.x");
}

/// A template `for` directive repeating a long literal over a large list.
#[divan::bench(sample_count = 10)]
fn template_loop_over_a_long_literal(bencher: divan::Bencher) {
    let literal = "y".repeat(100_000);
    let locals = format!("locals {{\n  a = \"%{{ for x in range(1024) }}{literal}%{{ endfor }}\"\n}}\n");
    run(bencher, &(locals + &job(1, "", "")), ONE_NODE, "1.x");
}

/// 1 MiB of references to one large local: each reference copies it.
#[divan::bench(sample_count = 10)]
fn many_references_to_a_large_value(bencher: divan::Bencher) {
    let prefix =
        "locals {\n  big = join(\"\", [for i in range(1024) : \"0123456789abcdef0123456789abcdef\"])\n  many = [\n";
    let text = fill(prefix, &format!("  ]\n}}\n{}", job(1, "", "")), |_| "    local.big,\n".to_string());
    run(bencher, &text, ONE_NODE, "1.x");
}

/// A chain of locals written last-first: each evaluation round settles only one of them.
#[divan::bench(sample_count = 10)]
fn locals_in_reverse_order(bencher: divan::Bencher) {
    let n = 5000;
    let mut locals = String::from("locals {\n");
    for i in (1..n).rev() {
        let _ = writeln!(locals, "  l{i} = local.l{}", i - 1);
    }
    locals.push_str("  l0 = 1\n}\n");
    run(bencher, &(locals + &job(1, "", "")), ONE_NODE, "1.x");
}

/// `dynamic` blocks making as many `port` blocks as netplay expands: ten groups of 1,000.
#[divan::bench(sample_count = 10)]
fn dynamic_blocks(bencher: divan::Bencher) {
    let mut text = String::from("job \"j\" {\n");
    for g in 0..10 {
        let _ = write!(
            text,
            "  group \"g{g}\" {{\n    network {{\n      dynamic \"port\" {{\n        for_each = range(1000)\n        labels = [\"p${{port.key}}\"]\n        content {{}}\n      }}\n    }}\n    task \"t\" {{ driver = \"exec\" }}\n  }}\n"
        );
    }
    text.push_str("}\n");
    run(bencher, &text, ONE_NODE, "1.x");
}

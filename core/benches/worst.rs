//! The worst inputs netplay can be given: each is built to make one stage as slow or as hungry
//! as netplay's limits (`limits.rs`) allow, and `analyze` must finish every one of them in
//! under 100 ms on a 2-core machine (issue 12). Results are in BENCHMARKS.md ("Worst inputs").
//!
//! ```text
//! cargo bench -p netplay-core --bench worst                      # divan: wall-clock time
//! NETPLAY_CPU_TIME=1 cargo bench -p netplay-core --bench worst   # on-CPU time and peak memory
//! ```
//!
//! The second form runs each case a few times and prints the median time the thread spent on
//! a CPU (`/proc/thread-self/schedstat`, Linux), which a busy shared machine does not inflate
//! the way it inflates wall-clock time, and the process's peak resident memory after each case.
//!
//! Every input stays within [`MAX_INPUT_BYTES`]; where a limit stops an input, the time is the
//! work done before netplay gives up with the limit's diagnostic.

// Core's library code may not panic (core/Cargo.toml); a benchmark builds its own inputs and
// stops at once when they are wrong.
#![allow(clippy::panic)]

use std::fmt::Write;

use netplay_core::limits::{
    MAX_COUNT, MAX_DYNAMIC_BLOCKS, MAX_INPUT_BYTES, MAX_NODES, MAX_OPERAND_OBJECT_NESTING, MAX_PORTS_PER_NETWORK,
    MAX_VARIABLES,
};
use netplay_core::{Analysis, NomadVersion, Options, analyze};

/// Every case, as `<input>/<version>`.
const CASES: &[&str] = &[
    "largest_jobspec/0.2",
    "largest_jobspec/1.x",
    "largest_jobspec_of_groups/0.2",
    "largest_jobspec_of_groups/1.x",
    "most_ports_per_network/0.2",
    "most_ports_per_network/1.x",
    "largest_count_on_1000_nodes/0.2",
    "largest_count_on_1000_nodes/1.x",
    "most_nodes_system_job/0.2",
    "most_nodes_system_job/1.x",
    "busiest_node/0.2",
    "busiest_node/1.x",
    "longest_address_walks/0.2",
    "longest_address_walks/1.x",
    "doubling_locals/1.x",
    "nested_for_expressions/1.x",
    "template_loop_over_a_long_literal/1.x",
    "references_to_a_large_value/1.x",
    "locals_in_reverse_order/1.x",
    "most_dynamic_blocks/1.x",
    "operand_objects_left_open/1.x",
    "most_variables_used_everywhere/1.x",
    "port_variables_on_many_instances/1.x",
    "group_ports_in_many_tasks/1.x",
];

fn main() {
    if std::env::var_os("NETPLAY_CPU_TIME").is_some() {
        cpu_time_table();
    } else {
        divan::main();
    }
}

#[divan::bench(args = CASES, sample_count = 10)]
fn worst(bencher: divan::Bencher, case: &str) {
    let (jobspec, nodes, options) = build(case);
    bencher.bench(|| -> Analysis { analyze(divan::black_box(&jobspec), divan::black_box(&nodes), &options) });
}

/// Prints `case  median on-CPU ms  peak RSS MiB` for every case.
fn cpu_time_table() {
    println!("| case | on-CPU time (median of 5) | peak resident memory so far |");
    println!("| --- | --- | --- |");
    for case in CASES {
        let (jobspec, nodes, options) = build(case);
        let mut samples: [u64; 5] = std::array::from_fn(|_| {
            let start = on_cpu_ns();
            let analysis = analyze(&jobspec, &nodes, &options);
            let spent = on_cpu_ns().saturating_sub(start);
            drop(divan::black_box(analysis));
            spent
        });
        samples.sort_unstable();
        println!("| `{case}` | {:.1} ms | {} MiB |", samples[2] as f64 / 1e6, peak_rss_kib() / 1024);
    }
}

/// Nanoseconds this thread has spent on a CPU (Linux; 0 elsewhere).
fn on_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// The process's peak resident set, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("VmHWM:").and_then(|v| v.trim().trim_end_matches(" kB").parse().ok()))
        })
        .unwrap_or(0)
}

/// One node with one address.
const ONE_NODE: &str = "node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n}\n";

/// A job of one group with `count` instances and one task; `group_body` goes into the group,
/// `task_body` into the task's `resources`.
fn job(count: usize, group_body: &str, task_body: &str) -> String {
    format!(
        "job \"j\" {{\n  group \"g\" {{\n    count = {count}\n{group_body}    task \"t\" {{\n      driver = \"exec\"\n      resources {{\n        cpu = 10\n        memory = 10\n{task_body}      }}\n    }}\n  }}\n}}\n"
    )
}

/// `prefix`, then `line(0)`, `line(1)`, ... while the text stays under the input limit with
/// `suffix` after it.
fn fill(prefix: &str, suffix: &str, mut line: impl FnMut(usize) -> String) -> String {
    let mut out = prefix.to_string();
    let room = MAX_INPUT_BYTES - suffix.len() - 64;
    for i in 0.. {
        let next = line(i);
        if out.len() + next.len() > room {
            break;
        }
        out.push_str(&next);
    }
    out.push_str(suffix);
    out
}

/// Nodes `n0`, `n1`, ... with one address each, while they fit in the input limit.
fn nodes(n: usize, cidr: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    for i in 0..n {
        let next =
            format!("node \"n{i}\" {{\n  network {{\n    device = \"eth0\"\n    cidr = \"{}\"\n  }}\n}}\n", cidr(i));
        if out.len() + next.len() > MAX_INPUT_BYTES {
            break;
        }
        out.push_str(&next);
    }
    out
}

const DYNAMIC_PORT: &str = "        network {\n          port \"http\" {}\n        }\n";

/// The jobspec, the inventory and the options of `case`.
fn build(case: &str) -> (String, String, Options) {
    let (name, version) = case.split_once('/').unwrap_or((case, "1.x"));
    let nomad = if version == "0.2" { NomadVersion::V0_2 } else { NomadVersion::V1 };
    let options = Options::for_version(nomad);
    let v1 = nomad == NomadVersion::V1;
    let (jobspec, inventory) = match name {
        // The largest jobspec: one task with an `env` block of about 12,000 lines.
        "largest_jobspec" => (
            fill(
                "job \"j\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n      resources {\n        cpu = 10\n        memory = 10\n      }\n      env {\n",
                "      }\n    }\n  }\n}\n",
                |i| format!("        VARIABLE_{i} = \"value number {i}\"\n"),
            ),
            ONE_NODE.to_string(),
        ),
        // As many groups as the input limit holds, each with one static and one dynamic port: more
        // placements than netplay computes, so the time is reading and decoding.
        "largest_jobspec_of_groups" => (
            fill("job \"j\" {\n", "}\n", |i| {
                let port = 1000 + i % 60_000;
                if v1 {
                    format!(
                        "  group \"g{i}\" {{\n    network {{\n      port \"a\" {{ static = {port} }}\n      port \"b\" {{}}\n    }}\n    task \"t\" {{ driver = \"exec\" }}\n  }}\n"
                    )
                } else {
                    format!(
                        "  group \"g{i}\" {{\n    task \"t\" {{\n      driver = \"exec\"\n      resources {{\n        cpu = 1\n        memory = 1\n        network {{\n          port \"a\" {{ static = {port} }}\n          port \"b\" {{}}\n        }}\n      }}\n    }}\n  }}\n"
                    )
                }
            }),
            ONE_NODE.to_string(),
        ),
        // The most ports one network may have, all dynamic, in 30 instances on one node.
        "most_ports_per_network" => {
            let mut ports = String::new();
            for i in 0..MAX_PORTS_PER_NETWORK {
                let _ = writeln!(ports, "          port \"p{i}\" {{}}");
            }
            (job(30, "", &format!("        network {{\n{ports}        }}\n")), ONE_NODE.to_string())
        }
        // The largest count, one dynamic port each, on 1,000 nodes (limit 10).
        "largest_count_on_1000_nodes" => {
            (job(MAX_COUNT as usize, "", DYNAMIC_PORT), nodes(1000, |i| format!("10.0.{}.{}/32", i / 250, i % 250)))
        }
        // A system job on as many nodes as the input limit (or `MAX_NODES`) holds: more placements than
        // netplay computes.
        "most_nodes_system_job" => (
            job(1, "", DYNAMIC_PORT).replacen("job \"j\" {\n", "job \"j\" {\n  type = \"system\"\n", 1),
            nodes(MAX_NODES, |i| format!("10.{}.{}.1/32", i / 250, i % 250)),
        ),
        // One node holding as many allocations as the input limit holds (about 5,000, a static
        // port each) and the
        // largest count asking it for a dynamic port: every evaluation indexes every allocation.
        "busiest_node" => (
            job(MAX_COUNT as usize, "", DYNAMIC_PORT),
            fill("node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n", "}\n", |i| {
                format!(
                    "  alloc \"a{i}\" {{\n    task \"t\" {{\n      network {{\n        port \"p\" {{ static = {} }}\n      }}\n    }}\n  }}\n",
                    1 + i % 19_000
                )
            }),
        ),
        // Task networks no address can take (a static port out of range), on `/0` and IPv6
        // `/64` blocks of 100 nodes.
        "longest_address_walks" => (
            job(100, "", "        network {\n          port \"p\" { static = 70000 }\n        }\n"),
            nodes(100, |i| if i % 2 == 0 { format!("10.{i}.0.0/0") } else { format!("fd00:{i}::/64") }),
        ),
        // 63 locals, each the previous one twice.
        "doubling_locals" => {
            let mut locals = String::from("locals {\n  a0 = \"xxxxxxxxxxxxxxxx\"\n");
            for i in 1..64 {
                let _ = writeln!(locals, "  a{i} = \"${{local.a{p}}}${{local.a{p}}}\"", p = i - 1);
            }
            (locals + "}\n" + &job(1, "", ""), ONE_NODE.to_string())
        }
        // Three nested `for` expressions over `range(1024)`: a billion iterations as written.
        "nested_for_expressions" => (
            "locals {\n  a = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]\n}\n"
                .to_string()
                + &job(1, "", ""),
            ONE_NODE.to_string(),
        ),
        // A template `for` directive repeating a 100 KB literal 1,024 times.
        "template_loop_over_a_long_literal" => {
            let literal = "y".repeat(100_000);
            (
                format!("locals {{\n  a = \"%{{ for x in range(1024) }}{literal}%{{ endfor }}\"\n}}\n")
                    + &job(1, "", ""),
                ONE_NODE.to_string(),
            )
        }
        // The most variables, then the rest of the input limit in `env` lines naming them: every
        // use of every variable is found and recorded.
        "most_variables_used_everywhere" => {
            let mut declarations = String::new();
            for i in 0..MAX_VARIABLES {
                let _ = writeln!(declarations, "variable \"v{i}\" {{\n  default = \"x\"\n}}");
            }
            let head = format!(
                "{declarations}job \"j\" {{\n  group \"g\" {{\n    task \"t\" {{\n      driver = \"exec\"\n      env {{\n"
            );
            let body =
                fill(&head, "      }\n    }\n  }\n}\n", |i| format!("        K{i} = var.v{}\n", i % MAX_VARIABLES));
            (body, ONE_NODE.to_string())
        }
        // The most ports per network, each mapped `to = var.to`, in 30 instances: each port's
        // variables say which variable set its `to`.
        "port_variables_on_many_instances" => {
            let mut ports = String::new();
            for i in 0..MAX_PORTS_PER_NETWORK {
                let _ = writeln!(ports, "      port \"p{i}\" {{\n        to = var.to\n      }}");
            }
            let network = format!("    network {{\n      mode = \"bridge\"\n{ports}    }}\n");
            (format!("variable \"to\" {{\n  default = 8080\n}}\n{}", job(30, &network, "")), ONE_NODE.to_string())
        }
        // The most ports in a group network, and as many tasks as the input limit holds: every
        // task gets the variables of every group port.
        "group_ports_in_many_tasks" => {
            let mut ports = String::new();
            for i in 0..MAX_PORTS_PER_NETWORK {
                let _ = writeln!(ports, "      port \"p{i}\" {{}}");
            }
            let head = format!("job \"j\" {{\n  group \"g\" {{\n    network {{\n{ports}    }}\n");
            let body = fill(&head, "  }\n}\n", |i| format!("    task \"t{i}\" {{\n      driver = \"exec\"\n    }}\n"));
            (body, ONE_NODE.to_string())
        }
        // The input limit filled with references to a 32 KB local (each reference copies it).
        "references_to_a_large_value" => (
            fill(
                "locals {\n  big = join(\"\", [for i in range(1024) : \"0123456789abcdef0123456789abcdef\"])\n  many = [\n",
                &format!("  ]\n}}\n{}", job(1, "", "")),
                |_| "    local.big,\n".to_string(),
            ),
            ONE_NODE.to_string(),
        ),
        // 5,000 locals, each naming the one after it.
        "locals_in_reverse_order" => {
            let mut locals = String::from("locals {\n");
            for i in (1..5000).rev() {
                let _ = writeln!(locals, "  l{i} = local.l{}", i - 1);
            }
            (locals + "  l0 = 1\n}\n" + &job(1, "", ""), ONE_NODE.to_string())
        }
        // `dynamic` blocks making as many `port` blocks as netplay expands, 1,000 per group.
        "most_dynamic_blocks" => {
            let mut text = String::from("job \"j\" {\n");
            for g in 0..MAX_DYNAMIC_BLOCKS / 1000 {
                let _ = write!(
                    text,
                    "  group \"g{g}\" {{\n    network {{\n      dynamic \"port\" {{\n        for_each = range(1000)\n        labels = [\"p${{port.key}}\"]\n        content {{}}\n      }}\n    }}\n    task \"t\" {{ driver = \"exec\" }}\n  }}\n"
                );
            }
            (text + "}\n", ONE_NODE.to_string())
        }
        // Objects nested as operands as deep as netplay lets hcl-edit read them, left open,
        // then the rest of the input limit: hcl-edit backtracks over all of it at each level
        // (`hcl2::nesting`), and the HCL1 reader then reads the text too.
        "operand_objects_left_open" => (
            fill(
                &format!("job \"j\" {{\n  meta {{\n    a = {}", "-{a - 0 ".repeat(MAX_OPERAND_OBJECT_NESTING)),
                "\n",
                |_| "a - 0 ".to_string(),
            ),
            ONE_NODE.to_string(),
        ),
        other => panic!("no case {other}"),
    };
    (jobspec, inventory, options)
}

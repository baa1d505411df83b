//! The `netplay` command as users and scripts see it: arguments, output formats, exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn example(name: &str, file: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples").join(name).join(file);
    root.to_string_lossy().into_owned()
}

fn netplay(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_netplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("netplay runs");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("netplay exits")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_file(name: &str, contents: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn plan_text_shows_placement_ports_and_env() {
    let out = netplay(
        &[
            "plan",
            &example("seed-dynamic-ports", "job.hcl"),
            &example("seed-dynamic-ports", "nodes.hcl"),
            "--nomad",
            "0.2",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Nomad 0.2 · seed 1"), "{stdout}");
    assert!(stdout.contains("webservice.webservice[0] → node-1"), "{stdout}");
    assert!(stdout.contains("NOMAD_IP=10.0.0.10"), "{stdout}");
    assert!(stdout.contains("port http"), "{stdout}");
    assert!(out.stderr.is_empty(), "no diagnostics: {}", text(&out.stderr));
}

#[test]
fn plan_env_format_is_headers_and_sorted_pairs() {
    let out = netplay(
        &[
            "plan",
            &example("multi-node-count", "job.hcl"),
            &example("multi-node-count", "nodes.hcl"),
            "--nomad",
            "0.2",
            "--format",
            "env",
        ],
        None,
    );
    let stdout = text(&out.stdout);
    let mut blocks = 0;
    let mut names: Vec<String> = Vec::new();
    for line in stdout.lines() {
        if let Some(header) = line.strip_prefix("# ") {
            assert!(names.windows(2).all(|w| w[0] <= w[1]), "sorted: {names:?}");
            names.clear();
            blocks += 1;
            let parts: Vec<&str> = header.split(' ').collect();
            assert_eq!(parts.len(), 4, "`# <job>.<group>[<index>] <task> on <node>`: {header}");
            assert!(parts[0].starts_with("cache.redis["), "{header}");
            assert_eq!((parts[1], parts[2]), ("redis", "on"));
        } else {
            let (key, _value) = line.split_once('=').expect("KEY=VALUE");
            names.push(key.to_string());
        }
    }
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "sorted: {names:?}");
    assert_eq!(blocks, 3, "three of five instances fit (one per node): {stdout}");
    assert_eq!(out.status.code(), Some(1), "some instances were not placed");
}

#[test]
fn plan_json_is_the_serialized_analysis() {
    let out = netplay(
        &[
            "plan",
            &example("seed-static-port", "job.hcl"),
            &example("seed-static-port", "nodes.hcl"),
            "--nomad",
            "0.2",
            "--format",
            "json",
            "--seed",
            "7",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["nomad"], "0.2");
    assert_eq!(json["seed"], 7);
    assert_eq!(json["placements"][0]["tasks"][0]["network"]["ports"][0]["host"], 53);
}

#[test]
fn the_seed_moves_dynamic_ports_and_keeps_statics() {
    let job = example("qemu-port-map", "job.hcl");
    let nodes = example("qemu-port-map", "nodes.hcl");
    let port = |seed: &str, name: &str| -> String {
        let out = netplay(&["plan", &job, &nodes, "--nomad", "0.2", "--format", "env", "--seed", seed], None);
        let stdout = text(&out.stdout);
        stdout.lines().find_map(|l| l.strip_prefix(&format!("{name}="))).expect(name).to_string()
    };
    assert_eq!(port("1", "NOMAD_PORT_ssh"), "22000");
    assert_eq!(port("2", "NOMAD_PORT_ssh"), "22000");
    assert_ne!(port("1", "NOMAD_PORT_web"), port("2", "NOMAD_PORT_web"));
    assert_eq!(port("3", "NOMAD_PORT_web"), port("3", "NOMAD_PORT_web"), "same seed, same port");
}

#[test]
fn unplaceable_work_exits_1() {
    let out = netplay(
        &[
            "plan",
            &example("bandwidth-exceeded", "job.hcl"),
            &example("bandwidth-exceeded", "nodes.hcl"),
            "--nomad",
            "0.2",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("network: bandwidth exceeded"));
    assert!(text(&out.stderr).contains("warning[not-placed]"));
}

#[test]
fn input_errors_exit_2_with_compiler_style_diagnostics() {
    let job = temp_file(
        "typo.hcl",
        "job \"x\" {\n  task \"t\" {\n    driver = \"exec\"\n    resources {\n      network {\n        port \"p\" { static = \"abc\" }\n      }\n    }\n  }\n}\n",
    );
    let out = netplay(&["plan", &job, &example("seed-dynamic-ports", "nodes.hcl"), "--nomad", "0.2"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("typo.hcl:6:29: error[type-mismatch]: `static` must be a whole number"), "{stderr}");
    assert!(stderr.contains("6 |         port \"p\" { static = \"abc\" }"), "{stderr}");
    let caret = format!("  | {}^^^^^\n", " ".repeat(28));
    assert!(stderr.contains(&caret), "{stderr}");
    assert!(stderr.contains("= help: write it as `static = 8080`"), "{stderr}");
}

#[test]
fn a_broken_inventory_is_an_input_error_and_the_report_lists_no_node_order() {
    let nodes = temp_file(
        "bad-range.hcl",
        "node \"n1\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n  reserved {\n    reserved_ports = \"80 - 81\"\n  }\n}\n",
    );
    let out = netplay(&["plan", &example("v1-bridge-to", "job.hcl"), &nodes], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad-range.hcl:7:22: error[bad-port]"), "{stderr}");
    assert!(stderr.contains("strconv.ParseUint: parsing \"80 \": invalid syntax"), "{stderr}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("NOT PLACED: no usable nodes: the inventory has errors"), "{stdout}");
    assert!(!stdout.contains("node order"), "{stdout}");
}

#[test]
fn standard_input_is_read_for_dash() {
    let job = std::fs::read_to_string(example("seed-static-port", "job.hcl")).expect("example");
    let out = netplay(
        &["plan", "-", &example("seed-static-port", "nodes.hcl"), "--nomad", "0.2", "--format", "env"],
        Some(&job),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("NOMAD_PORT_dns=53"));
    let twice = netplay(&["plan", "-", "-"], Some(&job));
    assert_eq!(twice.status.code(), Some(2));
    assert!(text(&twice.stderr).contains("only one input can come from standard input"));
}

#[test]
fn check_reports_errors_and_exits_accordingly() {
    let ok = netplay(&["check", &example("seed-docker-port-map", "job.hcl"), "--nomad", "0.2"], None);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("ok under Nomad 0.2"));
    let dup = temp_file(
        "dup.hcl",
        "job \"x\" {\n  task \"t\" {\n    driver = \"exec\"\n    resources {\n      network {\n        port \"Http\" {}\n        port \"http\" {}\n      }\n    }\n  }\n}\n",
    );
    let bad = netplay(&["check", &dup, "--nomad", "0.2"], None);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = text(&bad.stderr);
    assert!(
        stderr.contains("dup.hcl:7:14: error[duplicate-port-label]: task 't': found a port label collision: http"),
        "{stderr}"
    );
}

#[test]
fn bad_arguments_exit_2() {
    let out = netplay(&["check", "x.hcl", "--nomad", "9.9"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown Nomad version `9.9` (implemented: 0.2, 1.x, 2.x)"),
        "{}",
        text(&out.stderr)
    );
    let missing = netplay(&["check", "/nonexistent/job.hcl"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("/nonexistent/job.hcl"));
    let format = netplay(&["plan", "a", "b", "--format", "yaml"], None);
    assert_eq!(format.status.code(), Some(2));
}

const VAR_JOB: &str = r#"variable "count" {
  type    = number
  default = 1
}

variable "http_port" {
  type = number
}

job "web" {
  group "app" {
    count = var.count
    network {
      port "http" {
        static = var.http_port
      }
    }
    task "server" {
      driver = "exec"
      config {
        command = "/bin/server"
      }
    }
  }
}
"#;

const VAR_NODES: &str = "node \"n1\" {\n  network {\n    device = \"eth0\"\n    cidr   = \"10.0.0.10/32\"\n  }\n}\n\nnode \"n2\" {\n  network {\n    device = \"eth0\"\n    cidr   = \"10.0.0.11/32\"\n  }\n}\n";

#[test]
fn var_sets_a_variable_and_the_last_one_wins() {
    let job = temp_file("var-job.hcl", VAR_JOB);
    let nodes = temp_file("var-nodes.hcl", VAR_NODES);
    let out = netplay(
        &["plan", &job, &nodes, "--format", "env", "--var", "http_port=8080", "--var", "count=1", "--var", "count=2"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.matches("NOMAD_PORT_http=8080").count(), 2, "{stdout}");
    assert!(stdout.contains("web.app[1]"), "{stdout}");
}

#[test]
fn an_unset_variable_is_an_input_error_with_nomads_text() {
    let job = temp_file("var-unset.hcl", VAR_JOB);
    let nodes = temp_file("var-unset-nodes.hcl", VAR_NODES);
    let out = netplay(&["plan", &job, &nodes], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("Unset variable \"http_port\""), "{stderr}");
    assert!(stderr.contains(":6:1:"), "located at the declaration: {stderr}");
}

#[test]
fn a_value_of_the_wrong_type_is_refused() {
    let job = temp_file("var-type.hcl", VAR_JOB);
    let out = netplay(&["check", &job, "--var", "http_port=abc"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("Invalid argument value for -var variable"), "{stderr}");
}

#[test]
fn var_files_are_read_and_their_errors_point_into_them() {
    let job = temp_file("varfile-job.hcl", VAR_JOB);
    let nodes = temp_file("varfile-nodes.hcl", VAR_NODES);
    let good = temp_file("good.vars.hcl", "http_port = 9090\ncount = 2\n");
    let out = netplay(&["plan", &job, &nodes, "--format", "env", "--var-file", &good], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout).matches("NOMAD_PORT_http=9090").count(), 2);

    // --var wins over --var-file.
    let out = netplay(&["plan", &job, &nodes, "--format", "env", "--var-file", &good, "--var", "http_port=7070"], None);
    assert_eq!(text(&out.stdout).matches("NOMAD_PORT_http=7070").count(), 2);

    let bad = temp_file("bad.vars.hcl", "http_port = 9090\nhtp_port = 1\n");
    let out = netplay(&["check", &job, "--var-file", &bad], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad.vars.hcl:2:1: error[undefined-variable]: Undefined variable"), "{stderr}");
}

#[test]
fn nomad_var_environment_variables_are_the_lowest_outside_source() {
    let job = temp_file("env-job.hcl", VAR_JOB);
    let nodes = temp_file("env-nodes.hcl", VAR_NODES);
    let out = Command::new(env!("CARGO_BIN_EXE_netplay"))
        .args(["plan", &job, &nodes, "--format", "env"])
        .env("NOMAD_VAR_http_port", "6060")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("NOMAD_PORT_http=6060"));
    let out = Command::new(env!("CARGO_BIN_EXE_netplay"))
        .args(["plan", &job, &nodes, "--format", "env", "--var", "http_port=5050"])
        .env("NOMAD_VAR_http_port", "6060")
        .output()
        .expect("runs");
    assert!(text(&out.stdout).contains("NOMAD_PORT_http=5050"));
}

#[test]
fn file_functions_read_next_to_the_jobspec() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("filefn");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("port.txt"), "7001\n").expect("write");
    let job = dir.join("job.hcl");
    std::fs::write(
        &job,
        "job \"w\" {\n  group \"g\" {\n    network {\n      port \"p\" {\n        static = trimspace(file(\"port.txt\"))\n      }\n    }\n    task \"t\" {\n      driver = \"exec\"\n      config {\n        command = \"x\"\n      }\n    }\n  }\n}\n",
    )
    .expect("write");
    let nodes = temp_file("filefn-nodes.hcl", VAR_NODES);
    let out = netplay(&["plan", &job.to_string_lossy(), &nodes, "--format", "env"], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("NOMAD_PORT_p=7001"), "{}", text(&out.stdout));
}

#[test]
fn nomad_2_spellings_are_accepted_and_2x_is_the_default() {
    let job = example("v2-connect-countdash", "job.hcl");
    let nodes = example("v2-connect-countdash", "nodes.hcl");
    for spelling in ["2.0", "2", "2.0.5", "v2.x"] {
        let out = netplay(&["plan", &job, &nodes, "--nomad", spelling], None);
        assert_eq!(out.status.code(), Some(0), "{spelling}: {}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("Nomad 2.x · seed 1"), "{spelling}");
    }
    let default = netplay(&["plan", &job, &nodes], None);
    assert!(text(&default.stdout).starts_with("Nomad 2.x · seed 1"), "the default is the newest line");
    let check = netplay(&["check", &job], None);
    assert!(text(&check.stdout).contains("ok under Nomad 2.x"), "{}", text(&check.stdout));
}

#[test]
fn countdash_shows_its_sidecar_port_upstream_and_services() {
    let job = example("v2-connect-countdash", "job.hcl");
    let nodes = example("v2-connect-countdash", "nodes.hcl");
    let out = netplay(&["plan", &job, &nodes], None);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("port connect-proxy-count-api  dynamic"), "{stdout}");
    assert!(stdout.contains("(added by Connect for service `count-api`)"), "{stdout}");
    assert!(stdout.contains("COUNTING_SERVICE_URL=http://127.0.0.1:8080"), "{stdout}");
    assert!(
        stdout.contains("services:\n    count-api (group, consul, address_mode auto, Connect sidecar)"),
        "{stdout}"
    );
    assert!(stdout.contains("sidecar proxy → 10.0.0.10:"), "{stdout}");
    let env = text(&netplay(&["plan", &job, &nodes, "--format", "env"], None).stdout);
    assert!(env.contains("NOMAD_UPSTREAM_ADDR_count_api=127.0.0.1:8080\n"), "{env}");
    assert!(env.contains("NOMAD_UPSTREAM_ADDR_count-api=127.0.0.1:8080\n"), "{env}");
    let json = text(&netplay(&["plan", &job, &nodes, "--format", "json"], None).stdout);
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let services = &value["placements"][0]["services"][0];
    assert_eq!(services["name"], "count-api");
    assert_eq!(services["connect"], "sidecar");
    assert_eq!(services["registration"]["address_from"], "consul-agent");
    assert_eq!(value["placements"][0]["tasks"][1]["rule"], "added by Connect for service `count-api`");
}

#[test]
fn a_reference_typo_is_a_located_warning() {
    let job = temp_file(
        "typo.hcl",
        "job \"j\" {\n  group \"g\" {\n    network {\n      port \"http\" {}\n    }\n    task \"t\" {\n      driver = \"docker\"\n      config {\n        image = \"x\"\n        args  = [\"${NOMAD_PORT_htp}\"]\n      }\n    }\n  }\n}\n",
    );
    let out = netplay(&["plan", &job, &example("v2-connect-countdash", "nodes.hcl")], None);
    assert_eq!(out.status.code(), Some(0), "a warning does not fail the plan");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(":10:19: warning[unknown-reference]: task `t` has no variable `NOMAD_PORT_htp`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `NOMAD_PORT_http`?"), "{stderr}");
}

fn cluster(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/cluster").join(file);
    path.to_string_lossy().into_owned()
}

#[test]
fn plan_reads_a_node_as_the_api_returns_it() {
    let out = netplay(&["plan", &cluster("job.hcl"), &cluster("node.json")], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("edge.proxy[0] → edge-1"), "{stdout}");
    assert!(stdout.contains("port https  static   public  203.0.113.5:443"), "{stdout}");
}

#[test]
fn plan_reads_a_json_jobspec_wrapped_or_bare() {
    for job in ["job.json", "job-bare.json"] {
        let out = netplay(&["plan", &cluster(job), &cluster("node.json"), "--format", "json"], None);
        assert_eq!(out.status.code(), Some(0), "{job}: {}", text(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(json["summary"]["errors"], 0, "{job}");
    }
    let out = netplay(&["check", &cluster("job.json")], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn plan_reads_a_node_list_and_allocation_lists() {
    let job = temp_file(
        "cluster-job.hcl",
        "job \"j\" {\n  group \"g\" {\n    count = 2\n    network { port \"http\" { static = 8080 } }\n    task \"t\" { driver = \"docker\" }\n  }\n}\n",
    );
    let without = netplay(&["plan", &job, &cluster("nodes.json")], None);
    assert_eq!(without.status.code(), Some(0), "{}", text(&without.stderr));
    let allocs = cluster("allocs.json");
    let out = netplay(&["plan", &job, &cluster("nodes.json"), "--allocs", &allocs], None);
    // web-1's running allocation holds 8080: one instance cannot be placed.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("allocs.json:") && stderr.contains("warning[unknown-node]"), "{stderr}");
    assert!(stderr.contains("nodes.json:") && stderr.contains("warning[node-excluded]"), "{stderr}");
    // Repeated: the same list twice puts each allocation on its node twice.
    let twice = netplay(&["plan", &job, &cluster("nodes.json"), "--allocs", &allocs, "--allocs", &allocs], None);
    assert!(text(&twice.stderr).contains("warning[inventory-conflict]"), "{}", text(&twice.stderr));
}

#[test]
fn plan_reads_an_agent_configuration_with_its_interfaces() {
    let out =
        netplay(&["plan", &cluster("job.hcl"), &cluster("client.hcl"), "--interfaces", &cluster("addrs.json")], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("edge.proxy[0] → edge-7"), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("203.0.113.7:443"), "{}", text(&out.stdout));

    let missing = netplay(&["plan", &cluster("job.hcl"), &cluster("client.hcl")], None);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = text(&missing.stderr);
    assert!(stderr.contains("error[missing-input]") && stderr.contains("ip -j addr > addrs.json"), "{stderr}");
}

#[test]
fn json_mistakes_are_reported_at_their_line_in_their_file() {
    let bad = temp_file("bad-allocs.json", "[\n  {\"ID\": \"a\", \"NodeID\": 7}\n]\n");
    let out = netplay(&["plan", &cluster("job.hcl"), &cluster("node.json"), "--allocs", &bad], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad-allocs.json:2:"), "{stderr}");
    assert!(stderr.contains("`[0].NodeID` must be a string, found number"), "{stderr}");
    let missing = netplay(&["plan", &cluster("job.hcl"), &cluster("node.json"), "--allocs", "/nonexistent.json"], None);
    assert_eq!(missing.status.code(), Some(2));
}

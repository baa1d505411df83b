//! Nomad 0.2's jobspec parsing cases (`nomad-test-cases.md` section C, and S-25's string
//! `port_map` values) run through netplay's HCL1 reader and jobspec decoder.

use netplay_core::diagnostic::Diagnostics;
use netplay_core::jobspec::{self, Job};
use netplay_core::source::SourceId;
use netplay_core::syntax::hcl1;
use netplay_core::{Diagnostic, NomadVersion};

fn parse(text: &str) -> (Option<Job>, Vec<Diagnostic>) {
    let (body, found) = hcl1::parse(text, SourceId::Jobspec);
    let mut diags = Diagnostics::new();
    diags.extend(found);
    let job = jobspec::parse(&body, NomadVersion::V0_2, &mut diags);
    (job, diags.into_vec())
}

fn errors(text: &str) -> Vec<String> {
    parse(text).1.into_iter().filter(|d| d.is_error()).map(|d| d.message).collect()
}

fn task_with_network(network: &str) -> String {
    format!(
        "job \"binstore-storagelocker\" {{\n  group \"binsl\" {{\n    task \"binstore\" {{\n      driver = \"docker\"\n      resources {{\n        cpu = 500\n        network {{\n{network}\n        }}\n      }}\n    }}\n  }}\n}}\n"
    )
}

#[test]
fn s15_basic_ports_keep_file_order_and_weak_mbits() {
    let text = task_with_network(
        r#"          mbits = "100"
          port "one" { static = 1 }
          port "two" { static = 2 }
          port "three" { static = 3 }
          port "http" {}
          port "https" {}
          port "admin" {}"#,
    );
    let (job, diags) = parse(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    let job = job.expect("job");
    let net = job.groups[0].tasks[0].resources.as_ref().and_then(|r| r.network.as_ref()).expect("network");
    assert_eq!(net.mbits, 100);
    let statics: Vec<(&str, i64)> = net.reserved_ports.iter().map(|p| (p.label.as_str(), p.value)).collect();
    assert_eq!(statics, [("one", 1), ("two", 2), ("three", 3)]);
    let dynamics: Vec<(&str, i64)> = net.dynamic_ports.iter().map(|p| (p.label.as_str(), p.value)).collect();
    assert_eq!(dynamics, [("http", 0), ("https", 0), ("admin", 0)]);
}

#[test]
fn s16_bad_port_labels() {
    let text = task_with_network(
        "          port \"one\" { static = 1 }\n          port \"this_is_aport\" {}\n          port \"\" {}",
    );
    let errs = errors(&text);
    assert_eq!(errs, ["task 'binstore': Port label does not conform to naming requirements ^[a-zA-Z0-9_]+$"]);
    let dash = errors(&task_with_network("          port \"my-http\" {}"));
    assert_eq!(dash.len(), 1);
    assert!(dash[0].contains("naming requirements"));
}

#[test]
fn s17_labels_collide_ignoring_case() {
    let text = task_with_network("          port \"Http\" {}\n          port \"http\" {}\n          port \"HTTP\" {}");
    let errs = errors(&text);
    assert_eq!(
        errs,
        ["task 'binstore': found a port label collision: http", "task 'binstore': found a port label collision: HTTP"]
    );
    // The error points at the second spelling, with the first as a label.
    let (_, diags) = parse(&text);
    let first = &diags[0];
    assert_eq!(&text[first.span.start..first.span.end], "\"http\"");
    assert_eq!(&text[first.labels[0].span.start..first.labels[0].span.end], "\"Http\"");
}

#[test]
fn s18_one_network_per_resources() {
    let text = "job \"j\" {\n  task \"t\" {\n    driver = \"exec\"\n    resources {\n      network { mbits = 1 }\n      network { mbits = 2 }\n    }\n  }\n}\n";
    assert_eq!(errors(text), ["task 't': only one 'network' resource allowed"]);
}

#[test]
fn s19_one_resources_per_task() {
    let text = "job \"j\" {\n  task \"t\" {\n    driver = \"exec\"\n    resources { cpu = 1 }\n    resources { cpu = 2 }\n  }\n}\n";
    assert_eq!(errors(text), ["task 't': only one 'resource' block allowed per task"]);
}

#[test]
fn s20_nested_port_map() {
    let text = "job \"j\" {\n  task \"t\" {\n    driver = \"docker\"\n    config {\n      image = \"x\"\n      port_map {\n        db = 1234\n      }\n    }\n    resources { network { port \"db\" {} } }\n  }\n}\n";
    let (job, diags) = parse(text);
    assert!(diags.is_empty(), "{diags:#?}");
    let maps = &job.expect("job").groups[0].tasks[0].config.port_maps;
    assert_eq!(maps.len(), 1);
    assert_eq!(maps[0].entries.len(), 1);
    assert_eq!((maps[0].entries[0].label.as_str(), maps[0].entries[0].value.clone()), ("db", Ok(1234)));
}

#[test]
fn s21_only_one_service_may_omit_its_name() {
    let text = "job \"j\" {\n  task \"t\" {\n    driver = \"exec\"\n    resources { network { port \"one\" { static = 1 } port \"three\" { static = 3 } port \"http\" {} } }\n    service { port = \"one\" }\n    service { port = \"three\" }\n  }\n}\n";
    assert_eq!(errors(text), ["Only one service block may omit the Name field"]);
}

#[test]
fn s25_port_map_values_may_be_strings() {
    let text = "job \"j\" {\n  task \"t\" {\n    driver = \"docker\"\n    config { port_map { main = \"8080\" REDIS = \"6379\" } }\n    resources { network { port \"main\" { static = 40001 } port \"REDIS\" {} } }\n  }\n}\n";
    let (job, diags) = parse(text);
    assert!(diags.is_empty(), "{diags:#?}");
    let entries = &job.expect("job").groups[0].tasks[0].config.port_maps[0].entries;
    assert_eq!(entries.iter().map(|e| e.value.clone()).collect::<Vec<_>>(), [Ok(8080), Ok(6379)]);
}

#[test]
fn static_must_be_a_number() {
    let text = task_with_network("          port \"p\" { static = \"abc\" }");
    let (_, diags) = parse(&text);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].message, "`static` must be a whole number, found string `\"abc\"`");
    assert_eq!(&text[diags[0].span.start..diags[0].span.end], "\"abc\"");
}

#[test]
fn bare_tasks_become_groups_before_the_group_blocks() {
    let text = "job \"j\" {\n  group \"g\" {\n    count = \"3\"\n    task \"a\" {\n      driver = \"exec\"\n      resources {}\n    }\n  }\n  task \"b\" {\n    driver = \"exec\"\n    resources {}\n  }\n}\n";
    let (job, diags) = parse(text);
    assert!(diags.is_empty(), "{diags:#?}");
    let groups: Vec<(String, u32)> = job.expect("job").groups.iter().map(|g| (g.name.clone(), g.count)).collect();
    assert_eq!(groups, [("b".to_string(), 1), ("g".to_string(), 3)]);
}

#[test]
fn structural_errors_use_nomads_words() {
    assert_eq!(errors("group \"x\" {}"), ["'job' stanza not found"]);
    assert_eq!(
        errors("job \"a\" {\n  task \"t\" {\n    driver = \"exec\"\n    resources {}\n  }\n}\njob \"b\" {}\n"),
        ["only one 'job' block allowed"]
    );
    let no_res = "job \"a\" {\n  task \"t\" {\n    driver = \"exec\"\n  }\n}\n";
    assert_eq!(errors(no_res), ["Missing task resources"]);
    let zero = "job \"a\" {\n  group \"g\" {\n    count = 0\n    task \"t\" {\n      driver = \"exec\"\n      resources {}\n    }\n  }\n}\n";
    assert_eq!(errors(zero), ["Task group count must be positive"]);
}

#[test]
fn later_features_get_one_diagnostic_naming_the_version() {
    let text = "job \"a\" {\n  group \"g\" {\n    network {\n      port \"http\" { to = 8080 }\n    }\n    task \"t\" {\n      driver = \"docker\"\n      config { ports = [\"http\"] }\n    }\n  }\n}\n";
    let (_, diags) = parse(text);
    let errs: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errs.len(), 1, "{diags:#?}");
    assert_eq!(errs[0].message, "a group-level `network` block needs Nomad 0.12 or later");
    assert_eq!(errs[0].labels.len(), 1, "docker ports listed as a second place");
    let to = "job \"a\" {\n  task \"t\" {\n    driver = \"exec\"\n    resources { network { port \"p\" { to = 80 } } }\n  }\n}\n";
    assert_eq!(errors(to), ["`to` in a port needs Nomad 0.12 or later"]);
}

#[test]
fn a_pasted_doc_snippet_gets_one_clear_error() {
    let snippet = "job \"x\" {\n  task \"webservice\" {\n    ...\n    resources {\n      network {\n        port \"http\" {}\n      }\n    }\n  }\n}\n";
    for nomad in NomadVersion::ALL {
        let diags =
            netplay_core::check(snippet, &netplay_core::Options { nomad: *nomad, seed: 1, ..Options::default() });
        let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{nomad}: {errors:#?}");
        assert_eq!((errors[0].start.line, errors[0].start.column), (3, 5));
        assert!(errors[0].help.as_deref().unwrap_or("").contains("elided settings"), "{nomad}");
    }
}

//! The hostile corpus: `tests/fixtures/hostile/<case>/` (see its README) plus the large cases
//! this file generates. Every case is analysed under every Nomad version; it must not panic,
//! every diagnostic must point inside the text it names and carry a help text, and an insta
//! snapshot records the diagnostics with the text they point at (review changes with
//! `cargo insta review`).

use std::fmt::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use netplay_core::limits::{
    MAX_ALLOCATIONS, MAX_HOST_NETWORKS, MAX_INPUT_BYTES, MAX_NESTING, MAX_NODES, MAX_PORTS_PER_NETWORK,
    MAX_RENDERED_VARIABLES, MAX_VARIABLES,
};
use netplay_core::{Analysis, Diagnostic, NomadVersion, Options, SourceId, analyze};
use netplay_tests::repo_root;

/// The jobspec of a case that has none: valid in both dialects, no networks.
const DEFAULT_JOB: &str = "job \"web\" {\n  group \"app\" {\n    task \"server\" {\n      driver = \"exec\"\n      resources {\n        cpu    = 100\n        memory = 64\n      }\n    }\n  }\n}\n";

/// The inventory of a case that has none.
const DEFAULT_NODES: &str =
    "node \"n1\" {\n  network {\n    device = \"eth0\"\n    cidr   = \"10.0.0.10/32\"\n  }\n}\n";

/// Diagnostics listed one by one in a snapshot; the rest are counted by code.
const LISTED: usize = 25;

/// A case: its name and its two texts.
struct Case {
    name: String,
    jobspec: String,
    nodes: String,
}

/// The first file of `dir` named `<stem>.<anything>`, read as UTF-8 with invalid bytes replaced
/// (what a browser's text box holds after a binary paste).
fn read_named(dir: &Path, stem: &str) -> Option<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_stem().is_some_and(|s| s == stem))
        .collect();
    files.sort();
    let bytes = std::fs::read(files.first()?).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn committed() -> Vec<Case> {
    let dir = repo_root().join("tests/fixtures/hostile");
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/hostile exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let path = e.path();
            let jobspec = read_named(&path, "job");
            let nodes = read_named(&path, "nodes");
            assert!(jobspec.is_some() || nodes.is_some(), "{} has neither job.* nor nodes.*", path.display());
            Case {
                name: e.file_name().to_string_lossy().into_owned(),
                jobspec: jobspec.unwrap_or_else(|| DEFAULT_JOB.to_string()),
                nodes: nodes.unwrap_or_else(|| DEFAULT_NODES.to_string()),
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

fn job_with_ports(ports: usize) -> String {
    let mut out = String::from("job \"web\" {\n  group \"app\" {\n    network {\n");
    for i in 0..ports {
        let _ = writeln!(out, "      port \"p{i}\" {{}}");
    }
    out.push_str("    }\n    task \"server\" {\n      driver = \"docker\"\n    }\n  }\n}\n");
    out
}

/// `n` nodes, as short as a node can be written (so that more than `MAX_NODES` fit the input).
fn nodes(n: usize) -> String {
    (0..n).map(|i| format!("node \"{i}\" {{}}\n")).collect()
}

/// The cases too large to commit, built here (listed in the folder's README).
fn generated() -> Vec<Case> {
    let case = |name: &str, jobspec: String, nodes: String| Case { name: format!("generated-{name}"), jobspec, nodes };
    let filler = |target: usize| {
        let mut out = String::from(
            "job \"web\" {\n  group \"app\" {\n    task \"server\" {\n      driver = \"exec\"\n      env {\n",
        );
        let footer = "      }\n    }\n  }\n}\n";
        for i in 0.. {
            let line = format!("        KEY_{i} = \"value {i}\"\n");
            if out.len() + line.len() + footer.len() > target {
                break;
            }
            out.push_str(&line);
        }
        out + footer
    };
    let mut json = String::from("{\"Nodes\": [\n");
    let mut i = 0;
    while json.len() < 5_000_000 {
        let _ = writeln!(json, "  {{\"ID\": \"node-{i}\", \"Name\": \"client-{i}\", \"Address\": \"10.0.0.1\"}},");
        i += 1;
    }
    json.push_str("  {}\n]}\n");
    let mut nested = String::from("job \"web\" {\n");
    for _ in 0..(MAX_NESTING + 72) {
        nested.push_str("meta {\n");
    }
    for _ in 0..(MAX_NESTING + 72) {
        nested.push_str("}\n");
    }
    nested.push_str("}\n");
    let allocations = {
        let mut out = String::from("node \"busy\" {\n  network { device = \"eth0\" cidr = \"10.0.0.10/32\" }\n");
        for i in 0..=MAX_ALLOCATIONS {
            let _ = writeln!(out, "  alloc \"a{i}\" {{}}");
        }
        out + "}\n"
    };
    let host_networks = {
        let mut out = String::from("node \"n1\" {\n  network { device = \"eth0\" cidr = \"10.0.0.10/32\" }\n");
        for i in 0..=MAX_HOST_NETWORKS {
            let _ = writeln!(out, "  host_network \"h{i}\" {{ cidr = \"10.0.0.0/8\" }}");
        }
        out + "}\n"
    };
    let variables = {
        let mut out = String::new();
        for i in 0..=MAX_VARIABLES {
            let _ = writeln!(out, "variable \"v{i}\" {{\n  default = {i}\n}}");
        }
        out + DEFAULT_JOB
    };
    let unknown_keys = {
        let mut out = String::from("job \"web\" {\n");
        for i in 0..2000 {
            let _ = writeln!(out, "  unknown_{i} = {i}");
        }
        out + "  group \"app\" {\n    task \"server\" { driver = \"exec\" }\n  }\n}\n"
    };
    let long_line = format!(
        "job \"web\" {{ meta {{ k = \"{}\" }} group \"app\" {{ task \"t\" {{ driver = \"exec\" }} }} }}",
        "x".repeat(400_000)
    );
    vec![
        case("jobspec-of-1-mb", filler(1_000_000), DEFAULT_NODES.to_string()),
        case("jobspec-just-under-the-limit", filler(MAX_INPUT_BYTES - 1), DEFAULT_NODES.to_string()),
        case("json-of-5-mb", DEFAULT_JOB.to_string(), json),
        case("port-blocks-at-the-limit", job_with_ports(MAX_PORTS_PER_NETWORK), DEFAULT_NODES.to_string()),
        case("port-blocks-over-the-limit", job_with_ports(MAX_PORTS_PER_NETWORK + 1), DEFAULT_NODES.to_string()),
        case("blocks-nested-past-the-limit", nested, DEFAULT_NODES.to_string()),
        case("nodes-over-the-limit", DEFAULT_JOB.to_string(), nodes(MAX_NODES + 1)),
        case("allocations-over-the-limit", DEFAULT_JOB.to_string(), allocations),
        case("host-networks-over-the-limit", DEFAULT_JOB.to_string(), host_networks),
        case("variables-over-the-limit", variables, DEFAULT_NODES.to_string()),
        case("two-thousand-unknown-keys", unknown_keys, DEFAULT_NODES.to_string()),
        case("one-line-of-400-kb", long_line, DEFAULT_NODES.to_string()),
    ]
}

/// `text` with control and bidirectional-override characters escaped, cut to `max` characters.
fn shown(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        let invisible = c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
        if invisible {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Checks that `d` points inside the text it names and has a help text.
fn check_diagnostic(case: &str, d: &Diagnostic, jobspec: &str, nodes: &str) {
    let text = |source: SourceId| if source == SourceId::Nodes { nodes } else { jobspec };
    let spans = std::iter::once((d.source, d.span, d.start, d.end))
        .chain(d.labels.iter().map(|l| (l.source, l.span, l.start, l.end)));
    for (source, span, start, end) in spans {
        let t = text(source);
        assert!(span.start <= span.end && span.end <= t.len(), "{case}: {d:#?} is outside the text");
        assert!(t.is_char_boundary(span.start) && t.is_char_boundary(span.end), "{case}: {d:#?} splits a character");
        assert!(
            start.line >= 1 && start.column >= 1 && (start.line, start.column) <= (end.line, end.column),
            "{case}: {d:#?}"
        );
        assert!(start.line as usize <= t.split('\n').count(), "{case}: {d:#?} is past the last line");
    }
    assert!(!d.message.is_empty(), "{case}: empty message {d:#?}");
    assert!(d.help.as_deref().is_some_and(|h| !h.is_empty()), "{case}: no help in {d:#?}");
}

/// The snapshot text of one analysis.
fn render(case: &Case, analysis: &Analysis) -> String {
    let mut out = format!(
        "nomad {}: {} of {} instances placed, {} errors, {} warnings\n",
        analysis.nomad,
        analysis.summary.placed,
        analysis.summary.instances,
        analysis.summary.errors,
        analysis.summary.warnings
    );
    for d in analysis.diagnostics.iter().take(LISTED) {
        let text = if d.source == SourceId::Nodes { &case.nodes } else { &case.jobspec };
        let at = text.get(d.span.start..d.span.end).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}:{}-{}:{} {} {} `{}`\n    {}",
            match d.source {
                SourceId::Nodes => "nodes",
                _ => "job",
            },
            d.start.line,
            d.start.column,
            d.end.line,
            d.end.column,
            d.severity.as_str(),
            d.code.as_str(),
            shown(at, 40),
            shown(&d.message, 300),
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {}", shown(help, 300));
        }
    }
    if analysis.diagnostics.len() > LISTED {
        let mut counts = std::collections::BTreeMap::new();
        for d in &analysis.diagnostics[LISTED..] {
            *counts.entry(d.code.as_str()).or_insert(0usize) += 1;
        }
        let _ = writeln!(out, "  … and {} more: {counts:?}", analysis.diagnostics.len() - LISTED);
    }
    out
}

fn run(case: &Case) -> String {
    let mut snapshot = String::new();
    for &nomad in NomadVersion::ALL {
        let options = Options { nomad, ..Options::default() };
        let analysis = catch_unwind(AssertUnwindSafe(|| analyze(&case.jobspec, &case.nodes, &options)))
            .unwrap_or_else(|_| panic!("{}: analyze panicked under {nomad}", case.name));
        for d in &analysis.diagnostics {
            check_diagnostic(&case.name, d, &case.jobspec, &case.nodes);
        }
        let errors = analysis.diagnostics.iter().filter(|d| d.is_error()).count();
        assert_eq!(analysis.summary.errors, errors, "{}", case.name);
        snapshot.push_str(&render(case, &analysis));
    }
    snapshot
}

#[test]
fn the_committed_cases_are_at_least_fifty() {
    assert!(committed().len() >= 50, "{} cases", committed().len());
}

#[test]
fn every_hostile_case_gives_located_diagnostics_and_no_panic() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/hostile");
    settings.bind(|| {
        for case in committed().into_iter().chain(generated()) {
            insta::assert_snapshot!(case.name.clone(), run(&case));
        }
    });
}

/// Once the evaluation budget is spent, the values left are not set, with one diagnostic for
/// all of them (not one "wrong type" per field as well).
#[test]
fn a_spent_budget_is_one_diagnostic_and_leaves_later_values_unset() {
    let mut jobspec = String::from(
        "locals {\n  big = join(\"\", [for i in range(1024) : \"0123456789abcdef0123456789abcdef\"])\n}\n\
         job \"j\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n      env {\n",
    );
    for i in 0..2000 {
        let _ = writeln!(jobspec, "        K{i} = local.big");
    }
    jobspec.push_str("      }\n    }\n  }\n}\n");
    let analysis = analyze(&jobspec, DEFAULT_NODES, &Options::for_version(NomadVersion::V1));
    let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["limit-exceeded"], "{:#?}", analysis.diagnostics);
}

/// Every task gets the variables of every group port: past `MAX_RENDERED_VARIABLES` the tasks
/// are listed without them, and one diagnostic says so.
#[test]
fn task_variables_stop_at_the_limit_with_one_diagnostic() {
    let mut jobspec = String::from("job \"j\" {\n  group \"g\" {\n    network {\n");
    for i in 0..MAX_PORTS_PER_NETWORK {
        let _ = writeln!(jobspec, "      port \"p{i}\" {{}}");
    }
    jobspec.push_str("    }\n");
    for i in 0..100 {
        let _ = writeln!(jobspec, "    task \"t{i}\" {{\n      driver = \"exec\"\n    }}");
    }
    jobspec.push_str("  }\n}\n");
    let analysis = analyze(&jobspec, DEFAULT_NODES, &Options::for_version(NomadVersion::V1));
    let limits: Vec<&Diagnostic> =
        analysis.diagnostics.iter().filter(|d| d.code.as_str() == "limit-exceeded").collect();
    assert_eq!(limits.len(), 1, "{:#?}", analysis.diagnostics);
    assert!(limits[0].message.starts_with("netplay stopped rendering task variables after "), "{}", limits[0].message);
    assert_eq!((limits[0].start.line, limits[0].start.column), (2, 9), "at the group's name");
    let tasks = &analysis.placements[0].tasks;
    assert_eq!(tasks.len(), 100);
    let rendered: usize = tasks.iter().map(|t| t.env.len()).sum();
    assert!(rendered >= MAX_RENDERED_VARIABLES, "{rendered}");
    assert!(!tasks[0].env.is_empty() && tasks[99].env.is_empty());
}

//! The real jobspecs in `../shared/corpus/real-world/` (180 files written by Nomad users), read
//! under Nomad 0.2 with `check` and analysed against the default node. Prints the counts.
//!
//! Expectations: no panic; a file whose networks are task-level and whose syntax is HCL1 has no
//! error at all; a file using later syntax has exactly one error, naming the feature or the HCL2
//! syntax and the version; the only other errors are real syntax errors (unbalanced braces).
//!
//! Without the corpus beside the project the tests are listed as ignored (`core/build.rs`, which the tests crate uses too).

use std::collections::BTreeMap;

use netplay_core::{Code, NomadVersion, Options, analyze, check};
use netplay_tests::corpus_dir;

const DEFAULT_NODE: &str = r#"node "default" {
  network {
    device = "eth0"
    cidr   = "10.0.0.10/32"
    mbits  = 1000
  }
}"#;

/// Files that every Nomad rejects (or Nomad 0.2 rejects for a 0.2 reason), with the error that
/// must be reported for them.
const GENUINE_ERRORS: &[(&str, &str)] = &[
    (
        "angrycub-examples__consul__add_check__e1.nomad",
        "expected `}` before line 19 to close the `task` block opened at line 11",
    ),
    ("angrycub-examples__task_deps__sidecar__example.nomad", "unexpected `}`"),
    ("angrycub-examples__docker__docker_network__example1.nomad", "task 'redis' defined more than once"),
    // Nomad 0.2's task validation requires `resources`; this task has none.
    ("angrycub-examples__failing_jobs__failing_sidecar__example.nomad", "Missing task resources"),
];

/// Files Nomad 1.x rejects as well, with the error that must be reported.
const GENUINE_ERRORS_1X: &[(&str, &str)] = &[
    // An unclosed block (placed where the indentation goes back out) and hcl-edit's words for a
    // stray brace.
    (
        "angrycub-examples__consul__add_check__e1.nomad",
        "expected `}` before line 19 to close the `task` block opened at line 11",
    ),
    ("angrycub-examples__task_deps__sidecar__example.nomad", "unexpected token"),
    ("angrycub-examples__docker__docker_network__example1.nomad", "Task 2 redefines 'redis' from task 1"),
    // Variables without a default: `nomad job run` refuses the file until a value is given.
    ("angrycub-examples__applications__wordpress__distributed__wordpress.nomad", "Unset variable \"site_name\""),
    ("angrycub-examples__connect__discuss__job.nomad", "Unset variable \"config_data\""),
    // `file("...")` of a file that is not in the corpus; netplay here runs without file access, as
    // in the browser (the CLI reads next to the jobspec, and Nomad fails on a missing file too).
    (
        "angrycub-examples__template__secure_variables__variable_view.nomad",
        "Error in function call: Call to function \"file\" failed: file needs the netplay CLI: the file functions \
         read files next to the jobspec, which netplay in a browser cannot do (run `netplay` on your machine).",
    ),
    // Accepted at submission, but docker refuses the task: `ports` names a label the group lacks.
    ("angrycub-examples__fabio__fabio-docker.nomad", "Port \"proxy\" not found, check network block"),
];

#[derive(Debug)]
struct Entry {
    file: String,
    group_network: bool,
    task_network: bool,
}

fn index() -> Vec<Entry> {
    let dir = corpus_dir().expect("the corpus");
    let tsv = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("the corpus has INDEX.tsv");
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols.len() >= 5).then(|| Entry {
                file: cols[0].to_string(),
                group_network: cols[3] == "y",
                task_network: cols[4] == "y",
            })
        })
        .collect()
}

/// `file: line:column code message | ...`, for the failure message.
fn describe(file: &str, errors: &[&netplay_core::Diagnostic]) -> String {
    let each: Vec<String> = errors
        .iter()
        .map(|e| format!("{}:{} {} {}", e.start.line, e.start.column, e.code.as_str(), e.message))
        .collect();
    format!("{file}: {}", each.join(" | "))
}

#[test]
#[cfg_attr(not(netplay_corpus), ignore = "needs the real-world corpus in ../shared/corpus/real-world")]
fn every_real_jobspec_gets_an_analysis_or_one_clear_diagnostic() {
    let entries = index();
    let dir = corpus_dir().expect("the corpus");
    assert_eq!(entries.len(), 180, "the corpus has 180 files");
    let options = Options { nomad: NomadVersion::V0_2, ..Options::default() };
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in &entries {
        let text = std::fs::read_to_string(dir.join(&entry.file)).expect("readable");
        let diagnostics = check(&text, &options);
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        let analysis = analyze(&text, DEFAULT_NODE, &options);
        assert_eq!(
            analysis.diagnostics.iter().filter(|d| d.is_error() && d.source == netplay_core::SourceId::Jobspec).count(),
            errors.len(),
            "{}: analyze and check agree",
            entry.file
        );
        if let Some((_, message)) = GENUINE_ERRORS.iter().find(|(f, _)| *f == entry.file) {
            assert!(errors.iter().any(|e| e.message == *message), "{}: expected `{message}`: {errors:#?}", entry.file);
            *counts.entry("genuine errors (every Nomad rejects them, or 0.2 does)").or_default() += 1;
            continue;
        }
        let class = match errors.as_slice() {
            [] if entry.task_network => "task networks, analysed without error",
            [] => "no ports for 0.2 (and no error)",
            [one] if one.code == Code::UnsupportedFeature => "later Nomad feature: one diagnostic",
            [one] if one.code == Code::Hcl2Syntax => "HCL2 syntax: one diagnostic",
            _ => "other",
        };
        *counts.entry(class).or_default() += 1;
        for e in &errors {
            assert!(e.start.line >= 1 && e.start.column >= 1, "{}: located", entry.file);
        }
        let clean_task_file = entry.task_network && !entry.group_network;
        if class == "other"
            || (clean_task_file && errors.iter().any(|e| e.code != Code::Hcl2Syntax && e.code != Code::HclSyntax))
        {
            problems.push(describe(&entry.file, &errors));
        }
        if entry.group_network && errors.is_empty() {
            problems.push(format!("{}: has a group network but no diagnostic under 0.2", entry.file));
        }
    }
    eprintln!("corpus under Nomad 0.2 ({} files):", entries.len());
    for (class, n) in &counts {
        eprintln!("  {n:4}  {class}");
    }
    assert!(problems.is_empty(), "unexpected results:\n{}", problems.join("\n"));
}

/// Under Nomad 1.x every file Nomad accepts analyses with no error. HCL1-only files get one
/// `hcl1-syntax` warning (Nomad 1.9 rejects them; 1.0–1.8 read them with `-hcl1`) and are read
/// as HCL1. `${...}` outside networking is ignored.
#[test]
#[cfg_attr(not(netplay_corpus), ignore = "needs the real-world corpus in ../shared/corpus/real-world")]
fn every_real_jobspec_analyses_under_1x() {
    let entries = index();
    let dir = corpus_dir().expect("the corpus");
    let options = Options { nomad: NomadVersion::V1, ..Options::default() };
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    let (mut placed, mut instances) = (0, 0);
    let mut usage = Usage::default();
    for entry in &entries {
        let text = std::fs::read_to_string(dir.join(&entry.file)).expect("readable");
        usage.count(&text);
        let analysis = analyze(&text, DEFAULT_NODE, &options);
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.source == netplay_core::SourceId::Jobspec)
            .collect();
        placed += analysis.summary.placed;
        instances += analysis.summary.instances;
        if let Some((_, message)) = GENUINE_ERRORS_1X.iter().find(|(f, _)| *f == entry.file) {
            assert!(
                errors.iter().any(|e| e.message == *message),
                "{}: expected `{message}`: {:?}",
                entry.file,
                errors.iter().map(|e| (&e.message, e.start.line, e.start.column)).collect::<Vec<_>>()
            );
            *counts.entry("genuine errors (Nomad rejects them too)").or_default() += 1;
            continue;
        }
        let hcl1: Vec<_> = analysis.diagnostics.iter().filter(|d| d.code == Code::Hcl1Syntax).collect();
        assert!(hcl1.len() <= 1, "{}: one HCL1 warning at most: {hcl1:#?}", entry.file);
        let read_as_hcl1 = hcl1.iter().any(|d| d.message.starts_with("HCL1 syntax:"));
        let class = match (errors.is_empty(), read_as_hcl1, hcl1.is_empty()) {
            (false, _, _) => "other",
            (true, true, _) => "HCL1-only syntax: one warning, analysed as HCL1",
            (true, false, false) => "HCL2 with a block written as an attribute: one warning",
            (true, false, true) => "HCL2, analysed without error",
        };
        *counts.entry(class).or_default() += 1;
        if !errors.is_empty() {
            problems.push(describe(&entry.file, &errors));
        }
    }
    eprintln!(
        "corpus under Nomad 1.x ({} files, {placed} of {instances} instances placed on the default node):",
        entries.len()
    );
    for (class, n) in &counts {
        eprintln!("  {n:4}  {class}");
    }
    eprintln!(
        "HCL2 features (files using them, evaluated from their defaults): {} variables, {} locals, {} function \
         calls, {} dynamic blocks",
        usage.variables, usage.locals, usage.functions, usage.dynamic
    );
    eprintln!(
        "Consul Connect (files using it, analysed with admission applied): {} sidecar services, {} gateways, {} \
         native services, {} exposed checks",
        usage.sidecars, usage.gateways, usage.natives, usage.exposes
    );
    assert!(usage.variables > 0, "the corpus has files with variables");
    assert!(usage.sidecars > 0, "the corpus has Connect sidecar files");
    assert!(problems.is_empty(), "unexpected errors:\n{}", problems.join("\n"));
}

/// How many files use each HCL2 language feature, found with hcl-edit.
#[derive(Default)]
struct Usage {
    variables: usize,
    locals: usize,
    functions: usize,
    dynamic: usize,
    sidecars: usize,
    gateways: usize,
    natives: usize,
    exposes: usize,
}

impl Usage {
    fn count(&mut self, text: &str) {
        use hcl_edit::visit::Visit;
        struct Finder {
            blocks: Vec<String>,
            calls: usize,
        }
        impl Visit for Finder {
            fn visit_block(&mut self, node: &hcl_edit::structure::Block) {
                self.blocks.push(node.ident.as_str().to_string());
                hcl_edit::visit::visit_block(self, node);
            }
            fn visit_func_call(&mut self, node: &hcl_edit::expr::FuncCall) {
                self.calls += 1;
                hcl_edit::visit::visit_func_call(self, node);
            }
        }
        let Ok(body) = hcl_edit::parser::parse_body(text) else { return };
        let mut finder = Finder { blocks: Vec::new(), calls: 0 };
        finder.visit_body(&body);
        let has = |name: &str| finder.blocks.iter().any(|b| b == name);
        self.variables += usize::from(has("variable") || has("variables"));
        self.locals += usize::from(has("locals"));
        self.dynamic += usize::from(has("dynamic"));
        self.functions += usize::from(finder.calls > 0);
        self.sidecars += usize::from(has("sidecar_service"));
        self.gateways += usize::from(has("gateway"));
        let set = |key: &str| {
            text.lines().any(|l| l.split('#').next().unwrap_or("").replace(' ', "") == format!("{key}=true"))
        };
        self.natives += usize::from(has("connect") && set("native"));
        self.exposes += usize::from(has("connect") && set("expose"));
    }
}

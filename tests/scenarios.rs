//! Every example under `examples/` analysed with the default options and snapshot-tested.
//! The snapshot is the serialized `Analysis` (what `netplay plan --format json` prints) in
//! YAML, plus the text report; review changes with `cargo insta review`.

use netplay_core::{Options, analyze, render};
use netplay_tests::{example_version, examples};

#[test]
fn examples_match_their_snapshots() {
    let all = examples();
    assert!(all.len() >= 7, "the gallery has its seven scenarios");
    for (name, job, nodes) in all {
        let analysis = analyze(&job, &nodes, &Options { nomad: example_version(&job), ..Options::default() });
        // An example may show an error on purpose: its `# expect: <code>...` line lists them.
        let expected: Vec<&str> = job
            .lines()
            .find_map(|l| l.strip_prefix("# expect:"))
            .map(|codes| codes.split_whitespace().collect())
            .unwrap_or_default();
        let errors: Vec<&str> = analysis.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.as_str()).collect();
        assert_eq!(errors, expected, "example {name}: {:#?}", analysis.diagnostics);
        insta::assert_yaml_snapshot!(format!("{name}.analysis"), analysis);
        insta::assert_snapshot!(format!("{name}.text"), render::text(&analysis));
    }
}

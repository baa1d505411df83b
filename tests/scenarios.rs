//! Every example under `examples/` analysed with the default options and snapshot-tested.
//! The snapshot is the serialized `Analysis` (what `netplay plan --format json` prints) in
//! YAML, plus the text report; review changes with `cargo insta review`. Each example's
//! `README.md` names its Nomad version (`nomad:`) and the errors it shows on purpose (`errors:`).

use netplay_core::{Options, analyze, render};
use netplay_tests::{example_meta, examples};

#[test]
fn examples_match_their_snapshots() {
    let all = examples();
    assert!(all.len() >= 7, "the gallery has its seven scenarios");
    for (name, job, nodes) in all {
        let meta = example_meta(&name);
        let analysis = analyze(&job, &nodes, &Options { nomad: meta.nomad, ..Options::default() });
        // An example may show an error on purpose: `errors:` in its README lists their codes.
        let errors: Vec<&str> = analysis.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.as_str()).collect();
        assert_eq!(errors, meta.errors, "example {name}: {:#?}", analysis.diagnostics);
        insta::assert_yaml_snapshot!(format!("{name}.analysis"), analysis);
        insta::assert_snapshot!(format!("{name}.text"), render::text(&analysis));
    }
}

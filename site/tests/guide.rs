//! The guide builds, and the build refuses what it must: an example whose expectation does not
//! hold, a challenge its text already meets, an error nobody declared, a link to no page.

use std::fs;
use std::path::{Path, PathBuf};

use netplay_site::guide;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("netplay-site-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create a scratch folder");
    dir
}

fn guide_dir() -> PathBuf {
    netplay_site::repo_root().join("docs").join("guide")
}

#[test]
fn the_guide_builds_with_every_example_checked() {
    let out = scratch("guide");
    let summary = guide::build(&guide_dir(), &out).unwrap_or_else(|problems| {
        panic!("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    });
    assert!(summary.pages >= 8, "{summary:?}");
    assert!(summary.examples >= 14, "{summary:?}");
    assert_eq!(summary.solutions, summary.challenges, "{summary:?}");
    let index = fs::read_to_string(out.join("index.html")).expect("index written");
    // The page index lists every page; every page links the embed script and the stylesheet.
    for page in guide::pages(&guide_dir()).expect("pages") {
        if page.slug != "index" {
            assert!(index.contains(&format!("href=\"{}.html\"", page.slug)), "{} missing from the index", page.slug);
        }
        let html = fs::read_to_string(out.join(format!("{}.html", page.slug))).expect("page written");
        assert!(html.contains("<script type=\"module\" src=\"../api/embed.js\"></script>"));
        assert!(html.contains("name=\"viewport\""));
    }
    assert!(out.join("guide.css").is_file() && out.join("handwritten.html").is_file());
}

/// Every concept page pins each example to a version and has a challenge.
#[test]
fn every_page_has_pinned_examples_and_a_challenge() {
    for page in guide::pages(&guide_dir()).expect("pages") {
        let fences: Vec<&str> = page.source.lines().filter(|l| l.starts_with("```netplay ")).collect();
        if page.slug == "embedding" {
            continue;
        }
        assert!(!fences.is_empty(), "{} has no example", page.slug);
        assert!(fences.iter().all(|f| f.contains(" nomad=")), "{}: an example without `nomad=`", page.slug);
        assert!(fences.iter().any(|f| f.contains(" challenge=")), "{} has no challenge", page.slug);
        // Every challenge comes with a solution the build checks, so none is out of reach.
        let challenges = fences.iter().filter(|f| f.contains(" challenge=")).count();
        let solutions = page.source.lines().filter(|l| l.starts_with("```netplay-solution")).count();
        assert_eq!(challenges, solutions, "{}: a challenge without a solution", page.slug);
    }
}

/// Pre-rendered results are real analyses: the static port example names port 53 on both nodes.
#[test]
fn examples_are_prerendered_with_their_results() {
    let out = scratch("prerender");
    guide::build(&guide_dir(), &out).expect("builds");
    let page = fs::read_to_string(out.join("static-ports.html")).expect("page");
    assert!(page.contains("class=\"netplay\" id=\"static-ports-1\""), "{page}");
    assert!(page.contains("<code>10.0.0.10:53</code>") && page.contains("<code>10.0.0.11:53</code>"));
    assert!(page.contains("data-prerendered=\"true\""));
    assert!(page.contains("<div class=\"netplay-inventory\" id=\"two-nodes\"><pre><code>node \"node-1\""), "{page}");
}

/// The Connect example is pre-rendered with its services: what the service and its sidecar
/// proxy register, and the upstream's variable.
#[test]
fn the_connect_example_is_prerendered_with_its_services() {
    let out = scratch("connect");
    guide::build(&guide_dir(), &out).expect("builds");
    let page = fs::read_to_string(out.join("modern-networking.html")).expect("page");
    let at = page.find("data-nomad=\"2.x\"").expect("the 2.x example");
    let example = &page[at..];
    assert!(example.contains("<section class=\"np-pane\" data-pane=\"services\">"), "{example}");
    assert!(example.contains("<code>web</code> (Connect sidecar) registers <code>"), "{example}");
    assert!(example.contains("<li>sidecar proxy <code>10.0.0.10:"), "{example}");
    assert!(example.contains("NOMAD_UPSTREAM_ADDR_payments=127.0.0.1:9090"), "{example}");
}

fn build_one(name: &str, markdown: &str) -> Vec<String> {
    let dir = scratch(&format!("{name}-src"));
    fs::write(dir.join("index.md"), "# Index\n\nThe front page.\n").expect("write");
    fs::write(dir.join("01-page.md"), markdown).expect("write");
    match guide::build(&dir, &scratch(name)) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

const JOB: &str = "job \"web\" {\n  task \"web\" {\n    driver = \"exec\"\n    config {\n      command = \"web\"\n    }\n    resources {\n      network {\n        port \"http\" {\n          static = 8080\n        }\n      }\n    }\n  }\n}\n";

fn page(info: &str) -> String {
    format!("# A page\n\nText.\n\n```netplay {info}\n{JOB}```\n")
}

#[test]
fn a_correct_page_builds() {
    assert_eq!(build_one("ok", &page("nomad=0.2 expect=\"NOMAD_PORT_http = 8080\"")), Vec::<String>::new());
}

#[test]
fn an_expectation_that_does_not_hold_fails_with_the_line_and_what_was_found() {
    let problems = build_one("wrong", &page("nomad=0.2 expect=\"NOMAD_PORT_http = 9090\""));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("01-page.md:5:"), "{}", problems[0]);
    assert!(problems[0].contains("does not hold: `NOMAD_PORT_http` is 8080"), "{}", problems[0]);
}

#[test]
fn a_challenge_met_by_the_original_text_fails() {
    let problems = build_one("met", &page("nomad=0.2 challenge=\"NOMAD_PORT_http = 8080\""));
    assert!(problems.iter().any(|p| p.contains("already met")), "{problems:#?}");
}

#[test]
fn an_undeclared_error_fails_and_a_declared_one_builds() {
    let broken = "# A page\n\nText.\n\n```netplay nomad=0.2\njob \"web\" {\n```\n".to_string();
    let problems = build_one("broken", &broken);
    assert!(problems.iter().any(|p| p.contains("error it does not declare")), "{problems:#?}");
    let declared = broken.replace("nomad=0.2", "nomad=0.2 expect=\"error hcl-syntax\"");
    assert_eq!(build_one("declared", &declared), Vec::<String>::new());
}

#[test]
fn an_example_pinned_to_a_version_its_text_is_not_written_for_fails() {
    // Task-level networks only: a 0.2 jobspec, which netplay's version hint flags under 2.x.
    let problems = build_one("pinned", &page("nomad=2.x"));
    assert!(
        problems.iter().any(|p| p.contains("pinned to Nomad 2.x, but its text is written for Nomad 0.2")),
        "{problems:#?}"
    );
    assert_eq!(build_one("pinned-right", &page("nomad=0.2")), Vec::<String>::new());
}

#[test]
fn a_solution_that_does_not_reach_its_challenge_fails() {
    let base = format!("{}\n```netplay-solution\n", page("nomad=0.2 challenge=\"NOMAD_PORT_http = 9090\""));
    let good = format!("{base}- static = 8080\n+           static = 9090\n```\n");
    assert_eq!(build_one("solved", &good), Vec::<String>::new());
    let wrong = format!("{base}- static = 8080\n+           static = 9091\n```\n");
    assert!(build_one("unsolved", &wrong).iter().any(|p| p.contains("does not reach")), "{wrong}");
}

#[test]
fn settings_typos_missing_inventories_and_dead_links_fail() {
    assert!(build_one("typo", &page("nomda=0.2")).iter().any(|p| p.contains("unknown setting `nomda`")));
    assert!(build_one("version", &page("nomad=0.9")).iter().any(|p| p.contains("data-nomad")));
    assert!(build_one("shared", &page("nomad=0.2 nodes=nowhere")).iter().any(|p| p.contains("nodes id=nowhere")));
    let link = format!("{}\nSee [elsewhere](missing.html).\n", page("nomad=0.2"));
    assert!(build_one("link", &link).iter().any(|p| p.contains("names no guide page")));
}

#[test]
fn nothing_is_written_when_an_example_fails() {
    let out = scratch("nothing");
    let dir = scratch("nothing-src");
    fs::write(dir.join("index.md"), "# Index\n\nThe front page.\n").expect("write");
    fs::write(dir.join("01-page.md"), page("nomad=0.2 expect=\"placed on 3 nodes\"")).expect("write");
    assert!(guide::build(&dir, &out).is_err());
    assert!(!Path::new(&out.join("index.html")).exists());
}

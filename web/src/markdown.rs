//! "Copy as Markdown": jobspec, nodes, diagnostics and results in one block for an issue report.

use netplay_core::{Analysis, SourceId, render};

use crate::share::Snapshot;

/// Links longer than this are left out of the report (issue trackers cap the body length).
pub const MAX_LINK_IN_REPORT: usize = 8 * 1024;

/// The report. `link` is the share URL of the same state, if there is one.
pub fn report(snapshot: &Snapshot, analysis: &Analysis, link: Option<&str>) -> String {
    let mut out = format!("### netplay: Nomad {}, seed {}\n\n", snapshot.nomad, snapshot.seed);
    if let Some(link) = link.filter(|l| l.len() <= MAX_LINK_IN_REPORT) {
        out.push_str(&format!("[Open this state in netplay]({link})\n\n"));
    }
    section(&mut out, "Jobspec", "hcl", &snapshot.jobspec);
    section(&mut out, "Nodes", "hcl", &snapshot.nodes);
    if !analysis.diagnostics.is_empty() {
        let text: String = analysis
            .diagnostics
            .iter()
            .map(|d| match d.source {
                SourceId::Jobspec | SourceId::VarFile(_) => render::diagnostic(d, "jobspec", &snapshot.jobspec),
                SourceId::Nodes => render::diagnostic(d, "nodes", &snapshot.nodes),
            })
            .collect();
        section(&mut out, "Diagnostics", "text", &text);
    }
    section(&mut out, "Results", "text", &render::text(analysis));
    out
}

fn section(out: &mut String, title: &str, lang: &str, body: &str) {
    let fence = "`".repeat(longest_backtick_run(body).max(2) + 1);
    out.push_str(&format!("**{title}**\n\n{fence}{lang}\n{body}"));
    if !body.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{fence}\n\n"));
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use netplay_core::{NomadVersion, Options, analyze};

    use super::*;
    use crate::state::Tab;

    fn snapshot(jobspec: &str) -> Snapshot {
        Snapshot {
            jobspec: jobspec.into(),
            nodes: "node \"n\" {}".into(),
            nomad: NomadVersion::V0_2,
            seed: 3,
            tab: Tab::Env,
        }
    }

    #[test]
    fn the_report_has_every_part_in_fences() {
        let s = snapshot("job \"a\" {}\n");
        let a = analyze(&s.jobspec, &s.nodes, &Options { nomad: s.nomad, seed: s.seed, ..Options::default() });
        let md = report(&s, &a, Some("http://x/#v1.abc"));
        assert!(md.starts_with("### netplay: Nomad 0.2, seed 3\n"), "{md}");
        assert!(md.contains("[Open this state in netplay](http://x/#v1.abc)"));
        assert!(md.contains("**Jobspec**\n\n```hcl\njob \"a\" {}\n```\n"), "{md}");
        assert!(md.contains("**Nodes**\n\n```hcl\nnode \"n\" {}\n```\n"), "{md}");
        assert!(md.contains("**Results**\n\n```text\nNomad 0.2 · seed 3\n"), "{md}");
    }

    #[test]
    fn fences_outgrow_backticks_in_the_text() {
        let s = snapshot("# ```` four\n");
        let a = analyze(&s.jobspec, &s.nodes, &Options::default());
        let md = report(&s, &a, None);
        assert!(md.contains("`````hcl\n# ```` four\n`````\n"), "{md}");
        assert!(!md.contains("Open this state"));
        assert_eq!(longest_backtick_run("a``b```c"), 3);
    }

    #[test]
    fn long_links_are_left_out() {
        let s = snapshot("");
        let a = analyze("", "", &Options::default());
        let link = format!("http://x/#{}", "a".repeat(MAX_LINK_IN_REPORT));
        assert!(!report(&s, &a, Some(&link)).contains("Open this state"));
    }
}

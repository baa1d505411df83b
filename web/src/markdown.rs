//! "Copy as Markdown": jobspec, nodes, diagnostics and results in one block for an issue report.

use netplay_core::{Analysis, LineIndex, SourceId, render};

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
    // The values that took part, as `nomad job run -var` would take them.
    let set: String = snapshot
        .variables
        .iter()
        .filter(|v| analysis.variables.iter().any(|d| d.name == v.name))
        .map(|v| format!("{}={}\n", v.name, v.value))
        .collect();
    if !set.is_empty() {
        section(&mut out, "Variables (-var)", "text", &set);
    }
    if !analysis.diagnostics.is_empty() {
        let (jobspec, nodes, other) =
            (LineIndex::new(&snapshot.jobspec), LineIndex::new(&snapshot.nodes), LineIndex::new(""));
        let text: String = analysis
            .diagnostics
            .iter()
            .map(|d| match d.source {
                SourceId::Jobspec => render::diagnostic(d, "jobspec", &jobspec),
                SourceId::Nodes => render::diagnostic(d, "nodes", &nodes),
                // The playground gives core no variable files, interfaces or allocation lists.
                SourceId::VarFile(_) | SourceId::Interfaces | SourceId::Allocs(_) => {
                    render::diagnostic(d, "file", &other)
                }
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
            variables: Vec::new(),
            attached: Vec::new(),
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
    fn the_report_lists_the_values_of_declared_variables_only() {
        let mut s = snapshot("variable \"port\" {\n  default = 1\n}\njob \"a\" {}\n");
        s.nomad = NomadVersion::V1;
        s.variables = ["gone", "port"]
            .into_iter()
            .map(|name| netplay_core::VarArg { name: name.into(), value: "8080".into() })
            .collect();
        let mut options = Options::for_version(s.nomad);
        options.variables.args = vec![s.variables[1].clone()];
        let a = analyze(&s.jobspec, &s.nodes, &options);
        let md = report(&s, &a, None);
        assert!(md.contains("**Variables (-var)**\n\n```text\nport=8080\n```\n"), "{md}");
        assert!(!md.contains("gone"), "{md}");
        s.variables.clear();
        assert!(!report(&s, &a, None).contains("Variables"));
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

//! Inline results: beside each `port "label"` line of a jobspec, the address it got and the
//! env vars it produced (`→ 10.0.0.10:23456 · NOMAD_PORT_http`), for the embeds' editors.
//!
//! The analysis says which ports each group and task got, not on which line each was
//! declared, so the lines are found in the text: a line whose first word is `port` followed
//! by a quoted label, inside the `group` and `task` whose headers came last before it. This is
//! a reading aid only; the results panes stay the reference. A port of a group that was never
//! placed gets `→ not placed`.

use netplay_core::Analysis;
use netplay_core::analysis::{Placement, TaskResult};
use netplay_core::env::join_host_port;

/// One inline result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line of the `port` declaration.
    pub line: u32,
    /// What to show after the line's end.
    pub text: String,
}

/// At most this many env var names per note; the rest are counted.
const MAX_NAMES: usize = 2;

/// The quoted label after `keyword` at the start of a trimmed line (`port "http" {`).
fn header<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = line.trim_start().strip_prefix(keyword)?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start().strip_prefix('"')?;
    rest.split_once('"').map(|(label, _)| label)
}

fn names(task: &TaskResult, label: &str) -> Vec<String> {
    task.env
        .iter()
        .filter(|v| v.source.port_label().is_some_and(|l| l.eq_ignore_ascii_case(label)))
        .map(|v| v.name.clone())
        .collect()
}

/// The address and env var names of port `label` in `placement` (task `task` when known).
fn describe(p: &Placement, task: Option<&str>, label: &str) -> Option<String> {
    let tasks: Vec<&TaskResult> = p.tasks.iter().filter(|t| task.is_none_or(|name| t.name == name)).collect();
    let own = tasks.iter().find_map(|t| {
        let net = t.network.as_ref()?;
        let port = net.ports.iter().find(|x| x.label.eq_ignore_ascii_case(label))?;
        let mapped = port.mapped.map(|m| format!(" → {m}")).unwrap_or_default();
        Some((format!("{}{mapped}", join_host_port(&net.ip, port.host)), names(t, label)))
    });
    let group = || {
        let net = p.group_network.as_ref()?;
        let port = net.ports.iter().find(|x| x.label.eq_ignore_ascii_case(label))?;
        let to = if port.to > 0 { format!(" → {}", port.to) } else { String::new() };
        let vars = p.tasks.first().map(|t| names(t, label)).unwrap_or_default();
        Some((format!("{}{to}", join_host_port(&port.host_ip, port.host)), vars))
    };
    let (address, mut vars) = own.or_else(group)?;
    let more = vars.len().saturating_sub(MAX_NAMES);
    vars.truncate(MAX_NAMES);
    let mut text = format!("→ {address}");
    if !vars.is_empty() {
        text.push_str(" · ");
        text.push_str(&vars.join(", "));
    }
    if more > 0 {
        text.push_str(&format!(" +{more}"));
    }
    Some(text)
}

/// The inline results of every `port` line of `jobspec`, by line.
pub fn port_notes(jobspec: &str, analysis: &Analysis) -> Vec<Note> {
    let mut notes = Vec::new();
    let (mut group, mut task) = (None::<&str>, None::<&str>);
    for (i, line) in jobspec.lines().enumerate() {
        if let Some(name) = header(line, "group") {
            (group, task) = (Some(name), None);
        } else if let Some(name) = header(line, "task") {
            task = Some(name);
        } else if let Some(label) = header(line, "port") {
            // 0.2 jobs without a `group` block put each task in a group of its own name.
            let group = group.or(task);
            let mut ours = analysis.placements.iter().filter(|p| group.is_none_or(|g| p.group == g));
            let text = match ours.clone().find(|p| p.node.is_some()) {
                Some(p) => describe(p, task, label).or_else(|| describe(p, None, label)),
                None if ours.next().is_some() => Some("→ not placed".to_string()),
                None => None,
            };
            if let Some(text) = text {
                notes.push(Note { line: i as u32 + 1, text });
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use netplay_core::{NomadVersion, Options, analyze};

    use super::*;

    #[test]
    fn a_0_2_task_port_shows_its_address_and_variables() {
        let job = "job \"web\" {\n  task \"web\" {\n    driver = \"docker\"\n    config {\n      image = \"nginx\"\n      port_map { http = 80 }\n    }\n    resources {\n      network {\n        port \"http\" {}\n        port \"admin\" { static = 9000 }\n      }\n    }\n  }\n}\n";
        let a =
            analyze(job, crate::DEFAULT_NODES, &Options { nomad: NomadVersion::V0_2, seed: 7, ..Options::default() });
        let notes = port_notes(job, &a);
        assert_eq!(notes.iter().map(|n| n.line).collect::<Vec<_>>(), [10, 11]);
        let http = a.placements[0].tasks[0]
            .network
            .as_ref()
            .expect("network")
            .ports
            .iter()
            .find(|p| p.label == "http")
            .expect("http")
            .host;
        assert!(notes[0].text.starts_with(&format!("→ 10.0.0.10:{http} → 80 · NOMAD_")), "{}", notes[0].text);
        assert!(notes[1].text.starts_with("→ 10.0.0.10:9000 · "), "{}", notes[1].text);
    }

    #[test]
    fn a_1x_group_port_shows_its_host_port_and_to() {
        let job = "job \"web\" {\n  group \"app\" {\n    network {\n      mode = \"bridge\"\n      port \"http\" { to = 8080 }\n    }\n    task \"server\" {\n      driver = \"docker\"\n      config { image = \"nginx\" }\n    }\n  }\n}\n";
        let a = analyze(job, crate::DEFAULT_NODES, &Options::for_version(NomadVersion::V1));
        let notes = port_notes(job, &a);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].line, 5);
        assert!(notes[0].text.contains(" → 8080"), "{}", notes[0].text);
        assert!(notes[0].text.contains("NOMAD_"), "{}", notes[0].text);
    }

    #[test]
    fn an_unplaced_group_says_so() {
        let job = "job \"web\" {\n  group \"app\" {\n    count = 2\n    network {\n      port \"dns\" { static = 53 }\n    }\n    task \"t\" {\n      driver = \"exec\"\n      config { command = \"x\" }\n    }\n  }\n}\n";
        let a = analyze(job, crate::DEFAULT_NODES, &Options::for_version(NomadVersion::V1));
        // One instance is placed (its port is shown), the other collides on the only node.
        assert_eq!(a.summary.placed, 1);
        assert!(port_notes(job, &a)[0].text.starts_with("→ 10.0.0.10:53"));
    }
}

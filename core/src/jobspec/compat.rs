//! Jobspec features newer than the selected Nomad version.
//!
//! Nomad 0.2 silently ignored blocks it did not know, so a modern jobspec would "work" there
//! and get no ports at all. netplay says so instead: one error per file, at the first newer
//! feature, naming it and the release that introduced it, with the other places as labels.

use crate::analysis::VersionHint;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::{SourceId, Span};
use crate::syntax::Body;
use crate::version::NomadVersion;

/// A jobspec feature and the Nomad release that introduced it.
struct Feature {
    what: &'static str,
    since: &'static str,
}

const GROUP_NETWORK: Feature = Feature { what: "a group-level `network` block", since: "0.12" };
const PORT_TO: Feature = Feature { what: "`to` in a port", since: "0.12" };
const HOST_NETWORK: Feature = Feature { what: "`host_network` in a port", since: "0.12" };
const IGNORE_COLLISION: Feature = Feature { what: "`ignore_collision` in a port", since: "1.9" };
const DOCKER_PORTS: Feature = Feature { what: "docker `ports = [...]`", since: "0.12" };
const NETWORK_MODE: Feature = Feature { what: "network `mode`", since: "0.12" };
const HCL2_VARIABLE: Feature = Feature { what: "an HCL2 `variable` block", since: "1.0" };
const HCL2_LOCALS: Feature = Feature { what: "an HCL2 `locals` block", since: "1.0" };
const HCL2_DYNAMIC: Feature = Feature { what: "an HCL2 `dynamic` block", since: "1.0" };

/// Most extra places listed on the one diagnostic.
const MAX_LABELS: usize = 8;

/// Flags features newer than `version`. Returns true when the jobspec is written for a later
/// Nomad (newer features, or HCL2 syntax already reported by the reader), so that later checks
/// can stay quiet about what follows from that.
pub fn check(body: &Body, version: NomadVersion, diags: &mut Diagnostics) -> bool {
    if version.is_modern() {
        // A file already read as HCL1 has its one warning; attribute-style blocks are HCL1 too.
        if !diags.as_slice().iter().any(|d| d.code == Code::Hcl1Syntax) {
            check_block_attributes(body, diags);
        }
        return false;
    }
    let mut found: Vec<(Span, &'static Feature)> = Vec::new();
    walk(body, &mut Vec::new(), &mut found);
    found.sort_by_key(|(span, _)| span.start);
    // HCL2 syntax was already reported: one diagnostic per file, so the features join it.
    if let Some(hcl2) = diags.first_mut(Code::Hcl2Syntax) {
        for (span, feature) in found.iter().take(MAX_LABELS) {
            *hcl2 = hcl2.clone().with_label(*span, format!("{} (Nomad {})", feature.what, feature.since));
        }
        return true;
    }
    let Some((span, first)) = found.first() else { return false };
    let mut d = Diagnostic::error(
        Code::UnsupportedFeature,
        SourceId::Jobspec,
        *span,
        format!("{} needs Nomad {} or later", first.what, first.since),
    )
    .with_help(format!(
        "this jobspec is written for a later Nomad; Nomad 0.2 ignores what it does not know, so these \
         ports would not exist. Select Nomad {}, or declare ports in `task > resources > network`",
        NomadVersion::latest()
    ));
    for (span, feature) in found.iter().skip(1).take(MAX_LABELS) {
        d = d.with_label(*span, format!("{} (Nomad {})", feature.what, feature.since));
    }
    diags.push(d);
    true
}

/// Which Nomad version the jobspec is written for, when it is not `version`: newer features (or
/// HCL2 syntax) under 0.2 point to the latest line; under a later line, task-level networks with
/// no group network (or HCL1-only syntax) are Nomad 0.2's style. `diags` are the diagnostics of
/// reading and decoding the jobspec. The hint's line is filled in by the caller.
pub fn suggest(body: &Body, version: NomadVersion, diags: &[Diagnostic]) -> Option<VersionHint> {
    let hint = |suggest, message: String, span| Some(VersionHint { suggest, message, span, line: 0 });
    let from_diag = |code: Code| diags.iter().find(|d| d.code == code && d.source == SourceId::Jobspec);
    if !version.is_modern() {
        let latest = NomadVersion::latest();
        let mut found = Vec::new();
        walk(body, &mut Vec::new(), &mut found);
        found.sort_by_key(|(span, _)| span.start);
        if let Some((span, feature)) = found.first() {
            let message = format!(
                "This jobspec is written for a later Nomad: it uses {} (Nomad {}), which Nomad 0.2 ignores.",
                feature.what, feature.since
            );
            return hint(latest, message, *span);
        }
        let hcl2 = from_diag(Code::Hcl2Syntax)?;
        let message = "This jobspec is written in HCL2, which Nomad reads since 1.0; Nomad 0.2 read HCL1.";
        return hint(latest, message.to_string(), hcl2.span);
    }
    if let Some(hcl1) = from_diag(Code::Hcl1Syntax) {
        let message = format!(
            "This jobspec is written in HCL1, as for Nomad 0.2; Nomad {version} reads HCL2 (1.0 to 1.8 took HCL1 with `-hcl1`)."
        );
        return hint(NomadVersion::V0_2, message, hcl1.span);
    }
    let mut newer = Vec::new();
    walk(body, &mut Vec::new(), &mut newer);
    let (task_network, group_network) = networks(body);
    match (task_network, group_network) {
        (Some(span), false) if newer.is_empty() => hint(
            NomadVersion::V0_2,
            format!(
                "Ports in the task's `resources` are how Nomad 0.2 declared them; Nomad {version} still runs them, \
                 deprecated since 0.12."
            ),
            span,
        ),
        _ => None,
    }
}

/// The blocks named `name` directly in `body`.
fn blocks<'b>(body: &'b Body, name: &str) -> Vec<&'b Body> {
    body.items.iter().filter(|i| i.name() == name).filter_map(|i| i.body()).collect()
}

/// The first task-level `network` block (`job > [group >] task > resources > network`) and
/// whether any group has a `network` block.
fn networks(body: &Body) -> (Option<Span>, bool) {
    let mut task_network = None;
    let mut group_network = false;
    for job in blocks(body, "job") {
        let groups = blocks(job, "group");
        let tasks = groups.iter().flat_map(|g| blocks(g, "task")).chain(blocks(job, "task"));
        for task in tasks {
            for resources in blocks(task, "resources") {
                let first = resources.items.iter().find(|i| i.name() == "network" && i.body().is_some());
                if let (None, Some(net)) = (task_network, first) {
                    task_network = Some(net.name_span());
                }
            }
        }
        group_network |= groups.iter().any(|g| g.items.iter().any(|i| i.name() == "network"));
    }
    (task_network, group_network)
}

fn walk<'b>(body: &'b Body, path: &mut Vec<&'b str>, found: &mut Vec<(Span, &'static Feature)>) {
    for item in &body.items {
        let name = item.name();
        let parent = path.last().copied();
        let feature = match (parent, name) {
            (_, "variable") if path.is_empty() => Some(&HCL2_VARIABLE),
            (_, "locals") if path.is_empty() => Some(&HCL2_LOCALS),
            (_, "dynamic") => Some(&HCL2_DYNAMIC),
            (Some("group"), "network") => Some(&GROUP_NETWORK),
            (Some("port"), "to") => Some(&PORT_TO),
            (Some("port"), "host_network") => Some(&HOST_NETWORK),
            (Some("port"), "ignore_collision") => Some(&IGNORE_COLLISION),
            (Some("network"), "mode") if path.contains(&"resources") => Some(&NETWORK_MODE),
            (Some("config"), "ports") => Some(&DOCKER_PORTS),
            _ => None,
        };
        if let Some(feature) = feature {
            found.push((item.name_span(), feature));
            // The inside of a group network is reported by its block already.
            if std::ptr::eq(feature, &GROUP_NETWORK) {
                continue;
            }
        }
        if let Some(inner) = item.body() {
            path.push(name);
            walk(inner, path, found);
            path.pop();
        }
    }
}

/// Blocks of a jobspec that HCL2 only accepts in block form (the schema check leaves their
/// attribute form to this module).
pub(super) const BLOCKS: &[&str] =
    &["job", "group", "task", "config", "resources", "network", "port", "service", "port_map", "check"];

/// Under 1.x (HCL2), `config = { ... }` is an attribute where Nomad expects a block: HCL1
/// accepted both, Nomad 1.x's decoder rejects the attribute. One warning per file, at the
/// first, with the others as labels; netplay reads them as blocks anyway.
fn check_block_attributes(body: &Body, diags: &mut Diagnostics) {
    let mut found = Vec::new();
    collect_block_attributes(body, &mut found);
    let Some((first_span, first_name)) = found.first() else { return };
    let mut d = Diagnostic::warning(
        Code::Hcl1Syntax,
        SourceId::Jobspec,
        *first_span,
        format!("`{first_name} = {{ ... }}` is HCL1 style; in HCL2 `{first_name}` is a block"),
    )
    .with_help(format!(
        "Nomad 1.x rejects the attribute form (\"Unsupported argument\"); write `{first_name} {{ ... }}` without `=`"
    ));
    for (span, name) in found.iter().skip(1).take(MAX_LABELS) {
        d = d.with_label(*span, format!("`{name} = {{`"));
    }
    diags.push(d);
}

fn collect_block_attributes<'b>(body: &'b Body, found: &mut Vec<(Span, &'b str)>) {
    for item in &body.items {
        if item.assign && item.body().is_some() && BLOCKS.contains(&item.name()) {
            found.push((item.name_span(), item.name()));
        }
        if let Some(inner) = item.body() {
            collect_block_attributes(inner, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Dialect, parse};

    fn hint(text: &str, version: NomadVersion) -> Option<(NomadVersion, String, usize)> {
        let (body, diags) = parse(text, SourceId::Jobspec, Dialect::Hcl1);
        suggest(&body, version, &diags).map(|h| (h.suggest, h.message, h.span.start))
    }

    const GROUP: &str = "job \"a\" {\n  group \"g\" {\n    network {\n      port \"http\" {}\n    }\n  }\n}\n";
    const TASK: &str = "job \"a\" {\n  group \"g\" {\n    task \"t\" {\n      resources {\n        network {\n          port \"http\" {}\n        }\n      }\n    }\n  }\n}\n";

    #[test]
    fn a_group_network_under_0_2_points_to_the_latest_line() {
        let (suggest, message, at) = hint(GROUP, NomadVersion::V0_2).expect("a hint");
        assert_eq!(suggest, NomadVersion::latest());
        assert!(message.contains("a group-level `network` block (Nomad 0.12)"), "{message}");
        assert_eq!(&GROUP[at..at + 7], "network");
        assert_eq!(hint(GROUP, NomadVersion::latest()), None, "no hint where it belongs");
    }

    #[test]
    fn task_networks_under_a_later_line_point_to_0_2_unless_the_job_is_modern_otherwise() {
        let (suggest, message, at) = hint(TASK, NomadVersion::latest()).expect("a hint");
        assert_eq!(suggest, NomadVersion::V0_2);
        assert!(message.contains("deprecated since 0.12"), "{message}");
        assert_eq!(&TASK[at..at + 7], "network");
        assert_eq!(hint(TASK, NomadVersion::V0_2), None);
        let mixed = TASK.replacen("task \"t\" {", "network {}\n    task \"t\" {", 1);
        assert_eq!(hint(&mixed, NomadVersion::latest()), None, "a group network: the job is written for later");
        let modern = TASK.replacen("port \"http\" {}", "port \"http\" { to = 80 }", 1);
        assert_eq!(hint(&modern, NomadVersion::latest()), None, "`to` came with 0.12");
    }

    #[test]
    fn the_analysis_carries_the_hint_with_its_line() {
        let nodes = "node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n}\n";
        let a = crate::analyze(GROUP, nodes, &crate::Options::for_version(NomadVersion::V0_2));
        let h = a.version_hint.expect("a hint");
        assert_eq!((h.suggest, h.line), (NomadVersion::latest(), 3));
        let a = crate::analyze(GROUP, nodes, &crate::Options::for_version(NomadVersion::latest()));
        assert_eq!(a.version_hint, None);
    }
}

//! Plain-text views of an [`Analysis`]: the CLI's `text` and `env` formats and compiler-style
//! diagnostics. The web app's "Copy as Markdown" reuses them.

use std::fmt::Write;

use crate::analysis::{Analysis, PortKind, TaskResult};
use crate::diagnostic::Diagnostic;
use crate::services::ServiceResult;
use crate::source::{LineIndex, Position};

/// The `env` format: for each placed task a header `# <job>.<group>[<index>] <task> on <node>`
/// followed by its variables sorted by name, one `KEY=VALUE` per line.
pub fn env(analysis: &Analysis) -> String {
    let mut out = String::new();
    for p in &analysis.placements {
        let Some(node) = &p.node else { continue };
        for task in &p.tasks {
            let _ = writeln!(out, "# {} {} on {}", p.name, task.name, node);
            for var in &task.env {
                let _ = writeln!(out, "{}={}", var.name, var.value);
            }
        }
    }
    out
}

/// The `text` format: a readable report of placements, ports, mappings, env and nodes.
pub fn text(analysis: &Analysis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Nomad {} · seed {}", analysis.nomad, analysis.seed);
    let Some(job) = &analysis.job else {
        let _ = writeln!(out, "no job to place");
        return out;
    };
    let s = &analysis.summary;
    let _ = writeln!(out, "job {:?} ({}): {} of {} instances placed", job.id, job.kind.as_str(), s.placed, s.instances);
    if !analysis.variables.is_empty() {
        let _ = writeln!(out, "variables:");
        for v in &analysis.variables {
            let value = v.value.as_deref().unwrap_or("(no value)");
            let from = v.source.as_ref().map_or_else(|| "unset".to_string(), |s| s.describe());
            let _ = writeln!(out, "  var.{} = {value}  (set by {from}; declared at line {})", v.name, v.start.line);
        }
    }
    if job.limit > 0 && !job.node_order.is_empty() {
        let _ =
            writeln!(out, "node order: {} (compares up to {} feasible nodes)", job.node_order.join(", "), job.limit);
    }
    for p in &analysis.placements {
        out.push('\n');
        match (&p.node, p.score) {
            (Some(node), Some(score)) => {
                let _ = writeln!(out, "{} → {} (score {score})", p.name, node);
            }
            (Some(node), None) => {
                let _ = writeln!(out, "{} → {}", p.name, node);
            }
            (None, _) => {
                let _ = writeln!(out, "{} NOT PLACED: {}", p.name, p.failure.as_deref().unwrap_or("no node fits"));
            }
        }
        if let Some(g) = &p.group_network {
            let netns = g.netns_ip.as_deref().map(|ip| format!(", namespace address {ip}")).unwrap_or_default();
            let _ = writeln!(out, "  group network ({}{netns})", g.mode);
            let width = g.ports.iter().map(|p| p.label.chars().count()).max().unwrap_or(0);
            for port in &g.ports {
                let kind = match port.kind {
                    PortKind::Static => "static ",
                    PortKind::Dynamic => "dynamic",
                };
                let to = if port.to > 0 { format!(" → {}", port.to) } else { String::new() };
                let rule = port.rule.as_deref().map(|r| format!("  ({r})")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    port {:width$}  {kind}  {}  {}{to}{rule}",
                    port.label,
                    port.host_network,
                    crate::env::join_host_port(&port.host_ip, port.host)
                );
                let _ = writeln!(out, "      why: {}", port.address.why);
            }
            for m in &g.mappings {
                let _ = writeln!(
                    out,
                    "    {} {} → {}",
                    g.mode,
                    crate::env::join_host_port(&m.host_ip, m.host_port),
                    m.container
                );
            }
        }
        for task in &p.tasks {
            task_text(&mut out, task, p.group_network.is_some());
        }
        services_text(&mut out, &p.services);
        let tried: Vec<String> = p
            .evaluated
            .iter()
            .map(|e| match (&e.reason, e.score) {
                (Some(reason), _) => format!("{} ({reason})", e.node),
                (None, Some(score)) => format!("{} (fits, score {score})", e.node),
                (None, None) => format!("{} (fits)", e.node),
            })
            .collect();
        if !tried.is_empty() {
            let _ = writeln!(out, "  nodes tried: {}", tried.join(", "));
        }
        if p.node.is_none() {
            for e in &p.evaluated {
                if let Some(fix) = &e.fix {
                    let _ = writeln!(out, "  to fit on {}: {fix}", e.node);
                }
            }
        }
    }
    if !analysis.nodes.is_empty() {
        let _ = writeln!(out, "\nnodes:");
        let width = analysis.nodes.iter().map(|n| n.name.chars().count()).max().unwrap_or(0);
        for n in &analysis.nodes {
            let placed = if n.placed.is_empty() {
                "no instances".to_string()
            } else {
                format!("placed {}", n.placed.join(", "))
            };
            let reasons: Vec<String> = n.reasons.iter().map(|r| format!("{} ×{}", r.reason, r.count)).collect();
            let rejected =
                if reasons.is_empty() { String::new() } else { format!("; rejected: {}", reasons.join(", ")) };
            let seen = if n.evaluated == 0 { "; not evaluated" } else { "" };
            let _ = writeln!(out, "  {:width$}  {placed}{rejected}{seen}", n.name);
            for fix in n.reasons.iter().filter_map(|r| r.fix.as_ref()) {
                let _ = writeln!(out, "  {:width$}    to fit: {fix}", "");
            }
        }
    }
    out
}

/// The services of an instance with what each registers, and their checks.
fn services_text(out: &mut String, services: &[ServiceResult]) {
    if services.is_empty() {
        return;
    }
    let _ = writeln!(out, "  services:");
    for s in services {
        let owner = match (&s.task, s.group_level) {
            (Some(task), false) => format!("task {task}"),
            (Some(task), true) => format!("group, task {task}"),
            (None, _) => "group".to_string(),
        };
        let connect = s.connect.as_deref().map(|c| format!(", Connect {c}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "    {} ({owner}, {}, address_mode {}{connect}) → {}  # {}",
            s.name, s.provider, s.address_mode, s.registration.text, s.registration.rule
        );
        if let Some(error) = &s.registration.error {
            let _ = writeln!(out, "      ✗ {error}");
        }
        if let Some(sidecar) = &s.sidecar {
            let _ = writeln!(out, "      sidecar proxy → {}  # {}", sidecar.text, sidecar.rule);
        }
        for listener in &s.listeners {
            let _ = writeln!(out, "      envoy listener {listener}");
        }
        for c in &s.checks {
            let target = c.target.as_ref().map_or_else(|| "runs in the task".to_string(), |t| t.text.clone());
            let _ = writeln!(out, "      check {:?} ({}, address_mode {}) → {target}", c.name, c.kind, c.address_mode);
            if let Some(error) = c.target.as_ref().and_then(|t| t.error.as_ref()) {
                let _ = writeln!(out, "        ✗ {error}");
            }
        }
    }
}

fn task_text(out: &mut String, task: &TaskResult, group_network: bool) {
    match &task.network {
        Some(net) => {
            let _ = writeln!(
                out,
                "  task {} ({}) on {} {}, {} MBits",
                task.name, task.driver, net.device, net.ip, net.mbits
            );
            let _ = writeln!(out, "    why: {}", net.address.why);
            let width = net.ports.iter().map(|p| p.label.chars().count()).max().unwrap_or(0);
            for port in &net.ports {
                let kind = match port.kind {
                    PortKind::Static => "static ",
                    PortKind::Dynamic => "dynamic",
                };
                let mapped = port.mapped.map(|m| format!(" → {m}")).unwrap_or_default();
                let _ = writeln!(out, "    port {:width$}  {kind}  {}:{}{mapped}", port.label, net.ip, port.host);
            }
        }
        None if group_network => {
            let _ = writeln!(out, "  task {} ({}) on the group network", task.name, task.driver);
        }
        None => {
            let _ = writeln!(out, "  task {} ({}) without a network", task.name, task.driver);
        }
    }
    if let Some(rule) = &task.rule {
        let _ = writeln!(out, "    ({rule})");
    }
    for b in &task.docker_ports {
        let _ = writeln!(out, "    docker {} → {}", crate::env::join_host_port(&b.host_ip, b.host_port), b.container);
    }
    if !task.qemu_args.is_empty() {
        let _ = writeln!(out, "    qemu {}", task.qemu_args.join(" "));
    }
    if !task.runtime.is_empty() {
        let _ = writeln!(out, "    runtime values:");
        for v in &task.runtime {
            let value = v.value.replace('\n', "\n        ");
            let _ = writeln!(out, "      {} = {value}", v.setting);
            for note in &v.notes {
                let _ = writeln!(out, "        ⚠ {note}");
            }
        }
    }
    if !task.env.is_empty() {
        let _ = writeln!(out, "    env:");
        let pairs: Vec<String> = task.env.iter().map(|v| format!("{}={}", v.name, v.value)).collect();
        let width = pairs.iter().map(|p| p.chars().count()).max().unwrap_or(0);
        for (pair, var) in pairs.iter().zip(&task.env) {
            let _ = writeln!(out, "      {pair:width$}  # {}", var.rule);
            if let Some(warning) = &var.warning {
                let _ = writeln!(out, "      {:width$}  #   ⚠ {warning}", "");
            }
            if let Some(caveat) = &var.caveat {
                let _ = writeln!(out, "      {:width$}  #   note: {caveat}", "");
            }
        }
    }
}

/// A compiler-style diagnostic: `path:line:col: severity[code]: message`, the source line with
/// a caret under the span, secondary labels, then `help:`.
///
/// `index` is the [`LineIndex`] of the text the diagnostic points into. Indexing walks the
/// whole text, so a caller printing many diagnostics builds one index per text and passes it
/// to every call.
pub fn diagnostic(d: &Diagnostic, path: &str, index: &LineIndex<'_>) -> String {
    let mut out = format!(
        "{path}:{}:{}: {}[{}]: {}\n",
        d.start.line,
        d.start.column,
        d.severity.as_str(),
        d.code.as_str(),
        d.message
    );
    let labels: Vec<_> = d.labels.iter().filter(|l| l.source == d.source).collect();
    let gutter = labels.iter().map(|l| l.start.line).chain([d.start.line]).max().unwrap_or(1).to_string().len();
    snippet(&mut out, index, gutter, (d.start, d.end), None);
    for label in labels {
        snippet(&mut out, index, gutter, (label.start, label.end), Some(&label.message));
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{} = help: {help}", " ".repeat(gutter));
    }
    out
}

/// One source line with carets under `start..end` (to the end of the line when the span goes on),
/// and an optional note after the carets.
fn snippet(
    out: &mut String,
    index: &LineIndex<'_>,
    gutter: usize,
    (start, end): (Position, Position),
    note: Option<&str>,
) {
    if start.line == 0 {
        return;
    }
    let source_line = index.line_text(start.line);
    let pad = " ".repeat(gutter);
    let line_chars = source_line.chars().count() as u32;
    let width = if end.line == start.line && end.column > start.column {
        end.column - start.column
    } else {
        line_chars.saturating_sub(start.column - 1).max(1)
    };
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{:>gutter$} | {source_line}", start.line);
    let carets = "^".repeat(width.max(1) as usize);
    let indent: String = source_line
        .chars()
        .take(start.column.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    match note {
        Some(note) => {
            let _ = writeln!(out, "{pad} | {indent}{carets} {note}");
        }
        None => {
            let _ = writeln!(out, "{pad} | {indent}{carets}");
        }
    }
}

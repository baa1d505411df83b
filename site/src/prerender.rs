//! The results of an example as static HTML, written into the page when the docs are built:
//! what a reader without JavaScript (or a search engine, or a feed reader) sees. The live embed
//! replaces it with the same panes, computed in the browser.
//!
//! Class names start with `np-` and are styled by the guide's stylesheet (`site/assets/guide.css`).

use netplay_core::Analysis;
use netplay_core::analysis::{Placement, TaskResult};
use netplay_core::env::join_host_port;
use netplay_core::services::{Registration, ServiceResult};
use netplay_embed::settings::{Pane, Settings};
use pulldown_cmark_escape::escape_html_body_text;

fn text(out: &mut String, s: &str) {
    let _ = escape_html_body_text(&mut *out, s);
}

fn summary(out: &mut String, a: &Analysis) {
    out.push_str("<p class=\"np-summary\">");
    match &a.job {
        Some(job) => {
            out.push_str("Job <code>");
            text(out, &job.id);
            out.push_str(&format!(
                "</code> · {} of {} {} placed",
                a.summary.placed,
                a.summary.instances,
                if a.summary.instances == 1 { "instance" } else { "instances" }
            ));
        }
        None => out.push_str("No job to place"),
    }
    out.push_str(&format!(" · Nomad {} · seed {}</p>\n", a.nomad, a.seed));
}

fn diagnostics(out: &mut String, a: &Analysis) {
    if a.diagnostics.is_empty() {
        return;
    }
    out.push_str("<ul class=\"np-problems\">\n");
    for d in &a.diagnostics {
        out.push_str(&format!(
            "<li class=\"np-{}\">{}[{}] {}:{}:{}: ",
            d.severity.as_str(),
            d.severity.as_str(),
            d.code.as_str(),
            d.source.name(),
            d.start.line,
            d.start.column
        ));
        text(out, &d.message);
        if let Some(help) = &d.help {
            out.push_str(" <span class=\"np-help\">help: ");
            text(out, help);
            out.push_str("</span>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn placed(a: &Analysis) -> impl Iterator<Item = (&Placement, &TaskResult)> {
    a.placements.iter().filter(|p| p.node.is_some()).flat_map(|p| p.tasks.iter().map(move |t| (p, t)))
}

fn allocations(out: &mut String, a: &Analysis) {
    for p in &a.placements {
        out.push_str("<p class=\"np-alloc\"><code>");
        text(out, &p.name);
        out.push_str("</code> ");
        match (&p.node, &p.failure) {
            (Some(node), _) => {
                out.push_str("on <code>");
                text(out, node);
                out.push_str("</code>");
            }
            (None, failure) => {
                out.push_str("<strong>not placed</strong>");
                if let Some(f) = failure {
                    out.push_str(": ");
                    text(out, f);
                }
            }
        }
        out.push_str("</p>\n");
        let mut rows = Vec::new();
        if let Some(net) = &p.group_network {
            for port in &net.ports {
                let to = if port.to > 0 { port.to.to_string() } else { "same".to_string() };
                rows.push(("group".to_string(), port.label.clone(), join_host_port(&port.host_ip, port.host), to));
            }
        }
        for t in &p.tasks {
            let Some(net) = &t.network else { continue };
            for port in &net.ports {
                let mapped = port.mapped.map_or_else(|| "—".to_string(), |m| m.to_string());
                rows.push((t.name.clone(), port.label.clone(), join_host_port(&net.ip, port.host), mapped));
            }
        }
        if !rows.is_empty() {
            out.push_str("<table class=\"np-ports\"><thead><tr><th>Task</th><th>Port</th><th>Host address</th><th>Inside</th></tr></thead><tbody>\n");
            for (task, label, host, inside) in rows {
                out.push_str("<tr><td>");
                text(out, &task);
                out.push_str("</td><td><code>");
                text(out, &label);
                out.push_str("</code></td><td><code>");
                text(out, &host);
                out.push_str("</code></td><td>");
                text(out, &inside);
                out.push_str("</td></tr>\n");
            }
            out.push_str("</tbody></table>\n");
        }
    }
}

fn env(out: &mut String, a: &Analysis) {
    for (p, t) in placed(a) {
        out.push_str("<p class=\"np-task\">Task <code>");
        text(out, &t.name);
        out.push_str("</code> of <code>");
        text(out, &p.name);
        out.push_str("</code></p>\n<pre class=\"np-env\">");
        for v in &t.env {
            text(out, &format!("{}={}\n", v.name, v.value));
        }
        out.push_str("</pre>\n");
    }
}

fn mappings(out: &mut String, a: &Analysis) {
    out.push_str("<ul class=\"np-mappings\">\n");
    for p in a.placements.iter().filter(|p| p.node.is_some()) {
        for m in p.group_network.iter().flat_map(|n| &n.mappings) {
            out.push_str("<li><code>");
            text(out, &format!("{} → {}", join_host_port(&m.host_ip, m.host_port), m.container));
            out.push_str("</code></li>\n");
        }
        for t in &p.tasks {
            for m in &t.docker_ports {
                out.push_str("<li><code>");
                text(out, &format!("{} → {}", join_host_port(&m.host_ip, m.host_port), m.container));
                out.push_str("</code> (docker, ");
                text(out, &t.name);
                out.push_str(")</li>\n");
            }
            if !t.qemu_args.is_empty() {
                out.push_str("<li><code>");
                text(out, &t.qemu_args.join(" "));
                out.push_str("</code> (qemu, ");
                text(out, &t.name);
                out.push_str(")</li>\n");
            }
        }
    }
    out.push_str("</ul>\n");
}

fn nodes(out: &mut String, a: &Analysis) {
    out.push_str("<ul class=\"np-nodes\">\n");
    for n in &a.nodes {
        out.push_str("<li><code>");
        text(out, &n.name);
        out.push_str("</code>: ");
        if n.placed.is_empty() {
            out.push_str("nothing placed");
        } else {
            text(out, &format!("holds {}", n.placed.join(", ")));
        }
        for r in &n.reasons {
            out.push_str("; ");
            text(out, &format!("{} ×{}", r.reason, r.count));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// What a service, its sidecar or a check registers, or Nomad's reason for not registering.
fn registration(out: &mut String, r: &Registration) {
    match &r.error {
        Some(error) => {
            out.push_str("<strong>not registered</strong>: ");
            text(out, error);
        }
        None => {
            out.push_str("<code>");
            text(out, &r.text);
            out.push_str("</code>");
        }
    }
}

fn service(out: &mut String, s: &ServiceResult) {
    out.push_str("<li><code>");
    text(out, &s.name);
    out.push_str("</code>");
    if let Some(connect) = &s.connect {
        text(out, &format!(" (Connect {connect})"));
    }
    out.push_str(" registers ");
    registration(out, &s.registration);
    let mut parts = Vec::new();
    if let Some(sidecar) = &s.sidecar {
        let mut part = String::from("sidecar proxy ");
        registration(&mut part, sidecar);
        parts.push(part);
    }
    for listener in &s.listeners {
        let mut part = String::from("Envoy listener <code>");
        text(&mut part, listener);
        part.push_str("</code>");
        parts.push(part);
    }
    for c in &s.checks {
        let mut part = String::from("check ");
        text(&mut part, &format!("{} ({}) ", c.name, c.kind));
        match &c.target {
            Some(target) => registration(&mut part, target),
            None => part.push_str("runs inside the task"),
        }
        parts.push(part);
    }
    if !parts.is_empty() {
        out.push_str("<ul>");
        for part in parts {
            out.push_str(&format!("<li>{part}</li>"));
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>\n");
}

fn services(out: &mut String, a: &Analysis) {
    let with: Vec<&Placement> = a.placements.iter().filter(|p| p.node.is_some() && !p.services.is_empty()).collect();
    if with.is_empty() {
        out.push_str("<p>No placed instance has a service.</p>\n");
    }
    for p in with {
        out.push_str("<p class=\"np-alloc\"><code>");
        text(out, &p.name);
        out.push_str("</code></p>\n<ul class=\"np-services\">\n");
        for s in &p.services {
            service(out, s);
        }
        out.push_str("</ul>\n");
    }
}

fn panes(out: &mut String, settings: &Settings, a: &Analysis) {
    summary(out, a);
    diagnostics(out, a);
    for pane in &settings.panes {
        out.push_str(&format!(
            "<section class=\"np-pane\" data-pane=\"{}\"><h4>{}</h4>\n",
            pane.as_str(),
            pane.title()
        ));
        match pane {
            Pane::Env => env(out, a),
            Pane::Allocations => allocations(out, a),
            Pane::Mappings => mappings(out, a),
            Pane::Nodes => nodes(out, a),
            Pane::Services => services(out, a),
        }
        out.push_str("</section>\n");
    }
}

/// The static results block of one example (and of its comparison version, side by side).
pub fn results(settings: &Settings, a: &Analysis, compared: Option<&Analysis>) -> String {
    let mut out = String::from("<div class=\"netplay-static\" data-prerendered=\"true\">\n");
    if let Some(goal) = &settings.challenge {
        out.push_str("<p class=\"np-goal\">Try this: reach <code>");
        text(&mut out, &goal.text);
        out.push_str("</code> (live when JavaScript is on)</p>\n");
    }
    match compared {
        Some(b) => {
            out.push_str("<div class=\"np-compare\">\n<div>\n");
            panes(&mut out, settings, a);
            out.push_str("</div>\n<div>\n");
            panes(&mut out, settings, b);
            out.push_str("</div>\n</div>\n");
        }
        None => panes(&mut out, settings, a),
    }
    out.push_str("</div>\n");
    out
}

//! The Allocations tab: per group instance and task, the node, device, IP and every port.

use netplay_core::Analysis;
use netplay_core::analysis::{GroupNetworkResult, PortKind, TaskResult};
use netplay_core::decimal::format_f64;
use yew::prelude::*;

/// One card per group instance.
pub fn allocations(analysis: &Analysis) -> Html {
    let placements = &analysis.placements;
    if placements.is_empty() {
        return html! { <p class="empty">{ "The job has no group instances to place." }</p> };
    }
    html! {
        <div class="cards">
            { for placements.iter().map(|p| html! {
                <article ~className={if p.node.is_none() { "card card-unplaced" } else { "card" }} data-testid="allocation"
                    data-name={p.name.clone()}>
                    <header class="card-head">
                        <h3 class="card-title">{ p.name.clone() }</h3>
                        { match (&p.node, p.score) {
                            (Some(node), Some(score)) => html! {
                                <span class="pill pill-ok">{ format!("on {node}") }<span class="muted">{ format!(" · score {}", format_f64(score)) }</span></span>
                            },
                            (Some(node), None) => html! { <span class="pill pill-ok">{ format!("on {node}") }</span> },
                            (None, _) => html! { <span class="pill pill-bad">{ "not placed" }</span> },
                        } }
                    </header>
                    if let Some(failure) = &p.failure {
                        <p class="card-note">{ super::rich(failure) }</p>
                    }
                    if let Some(net) = &p.group_network {
                        { group_network(net) }
                    }
                    { for p.tasks.iter().map(|t| task(t, p.group_network.is_some())) }
                </article>
            }) }
        </div>
    }
}

fn kind_tag(kind: PortKind) -> Html {
    match kind {
        PortKind::Static => html! { <span class="tag tag-static">{ "static" }</span> },
        PortKind::Dynamic => html! { <span class="tag tag-dynamic">{ "dynamic" }</span> },
    }
}

/// A 1.x group network: its mode, namespace address and ports.
fn group_network(net: &GroupNetworkResult) -> Html {
    let mode = if net.mode.is_empty() { "host" } else { net.mode.as_str() };
    html! {
        <section class="task" data-testid="group-network">
            <h4 class="task-title">{ "group network" }<span class="muted">{ format!(" · {mode} mode") }</span></h4>
            if let Some(ip) = &net.netns_ip {
                <p class="net-line">
                    <span class="kv"><span class="k">{ "namespace IP" }</span><code>{ ip.clone() }</code></span>
                </p>
            }
            if net.ports.is_empty() {
                <p class="muted">{ "No ports." }</p>
            } else {
                <div class="table-wrap">
                    <table class="ports">
                        <thead><tr>
                            <th scope="col">{ "Label" }</th><th scope="col">{ "Kind" }</th>
                            <th scope="col">{ "Host network" }</th><th scope="col">{ "Host port" }</th>
                            <th scope="col">{ "To" }</th>
                        </tr></thead>
                        <tbody>
                        { for net.ports.iter().map(|port| html! {
                            <tr data-testid="port" data-label={port.label.clone()}>
                                <th scope="row"><code>{ port.label.clone() }</code></th>
                                <td>{ kind_tag(port.kind) }</td>
                                <td><code>{ port.host_network.clone() }</code></td>
                                <td><code class="port-host">{ host_port(&port.host_ip, port.host) }</code></td>
                                <td>{ if port.to > 0 {
                                    html! { <code>{ port.to.to_string() }</code> }
                                } else {
                                    html! { <span class="muted">{ "same" }</span> }
                                } }</td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

/// `ip:port`, with IPv6 addresses in brackets.
pub fn host_port(ip: &str, port: i64) -> String {
    if ip.contains(':') { format!("[{ip}]:{port}") } else { format!("{ip}:{port}") }
}

fn task(t: &TaskResult, group_network: bool) -> Html {
    html! {
        <section class="task" data-testid="allocation-task" data-task={t.name.clone()}>
            <h4 class="task-title">
                { "task " }<strong>{ t.name.clone() }</strong>
                <span class="muted">{ format!(" · {} driver", t.driver) }</span>
            </h4>
            { match &t.network {
                None if group_network => html! { <p class="muted">{ "Uses the group network above." }</p> },
                None => html! { <p class="muted">{ "No network: no IP and no ports." }</p> },
                Some(net) => html! {
                    <>
                    <p class="net-line">
                        <span class="kv"><span class="k">{ "device" }</span><code>{ net.device.clone() }</code></span>
                        <span class="kv"><span class="k">{ "IP" }</span><code data-testid="task-ip">{ net.ip.clone() }</code></span>
                        <span class="kv"><span class="k">{ "bandwidth" }</span><code>{ format!("{} MBits", net.mbits) }</code></span>
                    </p>
                    if net.ports.is_empty() {
                        <p class="muted">{ "No ports." }</p>
                    } else {
                        <div class="table-wrap">
                            <table class="ports">
                                <thead><tr>
                                    <th scope="col">{ "Label" }</th><th scope="col">{ "Kind" }</th>
                                    <th scope="col">{ "Host port" }</th><th scope="col">{ "Mapped to" }</th>
                                </tr></thead>
                                <tbody>
                                { for net.ports.iter().map(|port| html! {
                                    <tr data-testid="port" data-label={port.label.clone()}>
                                        <th scope="row"><code>{ port.label.clone() }</code></th>
                                        <td>{ kind_tag(port.kind) }</td>
                                        <td><code class="port-host">{ host_port(&net.ip, port.host) }</code></td>
                                        <td>{ match port.mapped {
                                            Some(m) => html! { <code>{ m.to_string() }</code> },
                                            None => html! { <span class="muted">{ "—" }</span> },
                                        } }</td>
                                    </tr>
                                }) }
                                </tbody>
                            </table>
                        </div>
                    }
                    </>
                },
            } }
        </section>
    }
}

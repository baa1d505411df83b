//! The Allocations tab: per group instance and task, the node, device, IP and every port, with
//! why each port got its address; for an instance not placed, what would make each node fit.

use netplay_core::Analysis;
use netplay_core::analysis::{GroupNetworkResult, PortKind, TaskResult};
use netplay_core::env::join_host_port;
use yew::prelude::*;

use super::parts::{aside, card_head, code, kv, note, pill, ports_table};

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
                    { card_head(p.name.clone().into(), match (&p.node, p.score) {
                        (Some(node), Some(score)) => pill("pill pill-ok", html! {
                            <>{ format!("on {node}") }{ aside(format!(" · score {score}")) }</>
                        }),
                        (Some(node), None) => pill("pill pill-ok", format!("on {node}")),
                        (None, _) => pill("pill pill-bad", "not placed"),
                    }) }
                    if let Some(failure) = &p.failure {
                        <p class="card-note">{ super::rich(failure) }</p>
                        <ul class="fixes" data-testid="fixes">{ super::parts::fixes(&p.evaluated) }</ul>
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
            <h4 class="task-title">{ "group network" }{ aside(format!(" · {mode} mode")) }</h4>
            if let Some(ip) = &net.netns_ip {
                <p class="net-line">{ kv("namespace IP", code(ip.clone())) }</p>
            }
            if net.ports.is_empty() {
                { note("No ports.") }
            } else {
                { ports_table(&["Label", "Kind", "Host network", "Host port", "To"],
                    net.ports.iter().map(|port| html! {
                        <>
                        <tr data-testid="port" data-label={port.label.clone()}>
                            <th scope="row">{ code(port.label.clone()) }</th>
                            <td>{ kind_tag(port.kind) }</td>
                            <td data-col="host network">{ code(port.host_network.clone()) }</td>
                            <td data-col="host"><code class="port-host">{ join_host_port(&port.host_ip, port.host) }</code></td>
                            <td data-col="to">{ if port.to > 0 { code(port.to.to_string()) } else { aside("same") } }</td>
                        </tr>
                        { why_row(&port.address.why, 5) }
                        </>
                    }).collect()
                ) }
            }
        </section>
    }
}

/// A table row under a port, spanning `columns`, saying why the port got its address.
fn why_row(why: &str, columns: u32) -> Html {
    html! {
        <tr class="why-row" data-testid="why">
            <td colspan={columns.to_string()}>{ super::rich(why) }</td>
        </tr>
    }
}

fn task(t: &TaskResult, group_network: bool) -> Html {
    html! {
        <section class="task" data-testid="allocation-task" data-task={t.name.clone()}>
            <h4 class="task-title">
                { "task " }<strong>{ t.name.clone() }</strong>
                { aside(format!(" · {} driver", t.driver)) }
            </h4>
            { match &t.network {
                None if group_network => note("Uses the group network above."),
                None => note("No network: no IP and no ports."),
                Some(net) => html! {
                    <>
                    <p class="net-line">
                        { kv("device", code(net.device.clone())) }
                        { kv("IP", html! { <code data-testid="task-ip">{ net.ip.clone() }</code> }) }
                        { kv("bandwidth", code(format!("{} MBits", net.mbits))) }
                    </p>
                    <p class="why" data-testid="why">{ super::rich(&net.address.why) }</p>
                    if net.ports.is_empty() {
                        { note("No ports.") }
                    } else {
                        { ports_table(&["Label", "Kind", "Host port", "Mapped to"],
                            net.ports.iter().map(|port| html! {
                                <tr data-testid="port" data-label={port.label.clone()}>
                                    <th scope="row">{ code(port.label.clone()) }</th>
                                    <td>{ kind_tag(port.kind) }</td>
                                    <td data-col="host"><code class="port-host">{ join_host_port(&net.ip, port.host) }</code></td>
                                    <td data-col="mapped to">{ match port.mapped {
                                        Some(m) => code(m.to_string()),
                                        None => aside("—"),
                                    } }</td>
                                </tr>
                            }).collect()
                        ) }
                    }
                    </>
                },
            } }
        </section>
    }
}

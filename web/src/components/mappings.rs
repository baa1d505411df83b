//! The Mappings tab: what each network mode does with the ports (bridge and CNI map host ports
//! into the allocation's namespace; host mode binds them directly), then per task the docker
//! port bindings and qemu `hostfwd` arguments.

use netplay_core::Analysis;
use netplay_core::analysis::{Placement, TaskResult};
use netplay_core::env::join_host_port;
use netplay_core::mapping::PublishedPort;
use yew::prelude::*;

use super::parts::{aside, card_head, note, pill};

/// What each placed task's driver does with its ports.
pub fn mappings(analysis: &Analysis) -> Html {
    let placed: Vec<&Placement> = analysis.placements.iter().filter(|p| p.node.is_some()).collect();
    if placed.is_empty() {
        return html! { <p class="empty">{ "Nothing was placed, so nothing is mapped." }</p> };
    }
    html! {
        <div class="cards">
            { for placed.iter().filter_map(|p| group(p)) }
            { for placed.iter().flat_map(|p| p.tasks.iter().map(move |t| task(p, t, p.group_network.as_ref().map(|g| g.mode.as_str())))) }
        </div>
    }
}

fn bindings(list: &[PublishedPort], what: &'static str) -> Html {
    html! {
        <ul class="mapping-list" aria-label={what}>
            { for list.iter().map(|b| html! {
                <li data-testid="mapping" data-label={b.label.clone()}>
                    <code>{ format!("{} → {}", join_host_port(&b.host_ip, b.host_port), b.container) }</code>
                    { aside(format!(" ({})", b.label)) }
                </li>
            }) }
        </ul>
    }
}

/// A 1.x group network's bridge/CNI mappings.
fn group(p: &Placement) -> Option<Html> {
    let net = p.group_network.as_ref()?;
    let mode = if net.mode.is_empty() { "host" } else { net.mode.as_str() };
    let lead = match mode {
        "host" => {
            "Host mode maps nothing: the tasks bind the host ports directly, on the node's own network.".to_string()
        }
        "none" => "No network: the allocation has only a loopback interface, so nothing is reachable from outside."
            .to_string(),
        "bridge" => "Bridge mode: the allocation has its own network namespace, and Nomad maps each host port into it."
            .to_string(),
        m => format!(
            "CNI network `{}`: the allocation has its own network namespace, and Nomad maps each host port into it.",
            m.trim_start_matches("cni/")
        ),
    };
    let body = html! {
        <>
            <p class="mode-line" data-testid="mode-line">{ super::rich(&lead) }</p>
            if !net.mappings.is_empty() {
                { bindings(&net.mappings, "group network port mappings") }
            }
        </>
    };
    Some(html! {
        <article class="card" data-testid="mapping-group" data-name={p.name.clone()}>
            { card_head(format!("{} · group network", p.name).into(), pill("pill", mode.to_string())) }
            { body }
        </article>
    })
}

fn task(p: &Placement, t: &TaskResult, group_mode: Option<&str>) -> Html {
    let body = if !t.docker_ports.is_empty() {
        html! {
            <>
                { note("Docker publishes these host ports into the container:") }
                { bindings(&t.docker_ports, "docker port bindings") }
            </>
        }
    } else if !t.qemu_args.is_empty() {
        html! {
            <>
                { note("QEMU forwards these host ports into the VM:") }
                <pre class="code-block" data-testid="qemu-args">{ t.qemu_args.join(" ") }</pre>
            </>
        }
    } else if t.network.is_some() {
        note(format!("The {} driver maps nothing: the task binds its host ports directly.", t.driver))
    } else {
        match group_mode {
            Some("bridge") => note("The task runs in the group's namespace: the mappings above reach it."),
            Some(m) if m.starts_with("cni/") => {
                note("The task runs in the group's namespace: the mappings above reach it.")
            }
            Some("none") | None => note("No network, so no ports to map."),
            Some(_) => {
                note(format!("The {} driver maps nothing: the task binds the group's host ports directly.", t.driver))
            }
        }
    };
    html! {
        <article class="card" data-testid="mapping-task" data-task={t.name.clone()}>
            { card_head(format!("{} · {}", p.name, t.name).into(), pill("pill", t.driver.clone())) }
            { body }
        </article>
    }
}

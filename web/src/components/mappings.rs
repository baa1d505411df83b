//! The Mappings tab: docker port bindings and qemu `hostfwd` arguments per task.

use netplay_core::Analysis;
use netplay_core::analysis::{Placement, TaskResult};
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
            { for placed.iter().flat_map(|p| p.tasks.iter().map(move |t| task(p, t))) }
        </div>
    }
}

fn bindings(list: &[PublishedPort], what: &'static str) -> Html {
    html! {
        <ul class="mapping-list" aria-label={what}>
            { for list.iter().map(|b| html! {
                <li data-testid="mapping" data-label={b.label.clone()}>
                    <code>{ format!("{} → {}", super::allocations::host_port(&b.host_ip, b.host_port), b.container) }</code>
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
    let body = if net.mappings.is_empty() {
        note(format!("{mode} mode maps no ports: tasks bind the host ports directly."))
    } else {
        bindings(&net.mappings, "group network port mappings")
    };
    Some(html! {
        <article class="card" data-testid="mapping-group" data-name={p.name.clone()}>
            { card_head(format!("{} · group network", p.name).into(), pill("pill", mode.to_string())) }
            { body }
        </article>
    })
}

fn task(p: &Placement, t: &TaskResult) -> Html {
    let body = if !t.docker_ports.is_empty() {
        bindings(&t.docker_ports, "docker port bindings")
    } else if !t.qemu_args.is_empty() {
        html! {
            <>
                { note("qemu arguments:") }
                <pre class="code-block" data-testid="qemu-args">{ t.qemu_args.join(" ") }</pre>
            </>
        }
    } else if t.network.is_none() {
        note("No task network, so the driver maps no ports.")
    } else {
        note(format!("The {} driver maps no ports: the task binds its host ports directly.", t.driver))
    };
    html! {
        <article class="card" data-testid="mapping-task" data-task={t.name.clone()}>
            { card_head(format!("{} · {}", p.name, t.name).into(), pill("pill", t.driver.clone())) }
            { body }
        </article>
    }
}

//! The Services tab: per placed instance, every `service` and `check` with the address and
//! port it registers (Consul or Nomad's catalog), the Connect sidecar's own registration, a
//! gateway's Envoy listeners, and Nomad's error where a registration fails.

use netplay_core::Analysis;
use netplay_core::analysis::Placement;
use netplay_core::services::{Registration, ServiceResult};
use yew::prelude::*;

use super::parts::{aside, card_head, code, head_row, note, pill};
use super::rich;

/// One card per placed instance that has services.
pub fn services_tab(analysis: &Analysis) -> Html {
    let with: Vec<&Placement> =
        analysis.placements.iter().filter(|p| p.node.is_some() && !p.services.is_empty()).collect();
    if with.is_empty() {
        return html! { <p class="empty">{ "No placed instance has a service." }</p> };
    }
    html! { <div class="cards">{ for with.iter().map(|p| instance(p)) }</div> }
}

fn instance(p: &Placement) -> Html {
    let node = p.node.clone().unwrap_or_default();
    html! {
        <article class="card" data-testid="services-instance" data-instance={p.name.clone()}>
            { card_head(html! { <>{ p.name.clone() }{ aside(format!(" on {node}")) }</> }, Html::default()) }
            <table class="ports services">
                { head_row(&["Service / check", "Registers", "Rule"]) }
                <tbody>{ for p.services.iter().map(service) }</tbody>
            </table>
        </article>
    }
}

fn service(s: &ServiceResult) -> Html {
    let owner = match (&s.task, s.group_level) {
        (Some(task), false) => format!("task {task}"),
        (Some(task), true) => format!("group · task {task}"),
        (None, _) => "group".to_string(),
    };
    let what = format!(
        "{owner} · {} · address_mode {}{}",
        s.provider,
        s.address_mode,
        s.connect.as_deref().map(|c| format!(" · Connect {c}")).unwrap_or_default()
    );
    html! {
        <>
            <tr data-testid="service" data-service={s.name.clone()}>
                <th scope="row">{ code(s.name.clone()) }<br />{ aside(what) }</th>
                { registration(&s.registration) }
            </tr>
            if let Some(sidecar) = &s.sidecar {
                <tr data-testid="service-sidecar">
                    <td>{ aside("sidecar proxy") }</td>
                    { registration(sidecar) }
                </tr>
            }
            { for s.listeners.iter().map(|l| html! {
                <tr><td>{ aside("Envoy listener") }</td><td colspan="2">{ code(l.clone()) }</td></tr>
            }) }
            { for s.checks.iter().map(|c| html! {
                <tr data-testid="service-check">
                    <td>{ aside(format!("check {} · {} · address_mode {}", c.name, c.kind, c.address_mode)) }</td>
                    if let Some(target) = &c.target {
                        { registration(target) }
                    } else {
                        <td colspan="2">{ note("runs inside the task") }</td>
                    }
                </tr>
            }) }
        </>
    }
}

fn registration(r: &Registration) -> Html {
    match &r.error {
        Some(error) => html! {
            <>
                <td data-testid="service-address">{ pill("pill pill-bad", "not registered") }</td>
                <td>{ rich(error) }</td>
            </>
        },
        None => html! {
            <>
                <td data-testid="service-address">{ code(r.text.clone()) }</td>
                <td>{ rich(&r.rule) }</td>
            </>
        },
    }
}

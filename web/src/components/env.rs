//! The Env tab: per placed task, why the task exists when Connect added it, its driver settings
//! and templates with runtime values filled in, and its variables `KEY=VALUE` grouped by what
//! they are (the task's ports and addresses, other tasks' ports, Consul Connect, allocation and
//! job, directories, resources, meta, the task's `env` block), each with its rule as a sentence,
//! a warning where users get hurt and a note where a real task may see another value; a filter
//! box above, and a button copying a task's variables.

use netplay_core::Analysis;
use netplay_core::analysis::{Placement, TaskResult};
use netplay_core::env::{EnvGroup, EnvSource, EnvVar, PortField};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::parts::{aside, card_head, note};
use super::rich;

/// True when `v` matches the filter (already lower-cased): by name, value or rule.
fn matches(v: &EnvVar, filter: &str) -> bool {
    filter.is_empty()
        || v.name.to_lowercase().contains(filter)
        || v.value.to_lowercase().contains(filter)
        || v.rule.to_lowercase().contains(filter)
}

/// The filter box and one block of variables per placed task; `on_copy` copies `(text, what)`
/// to the clipboard.
pub fn env_tab(
    analysis: &Analysis,
    on_copy: &Callback<(String, String)>,
    filter: &str,
    on_filter: &Callback<String>,
) -> Html {
    if !analysis.placements.iter().any(|p| p.node.is_some()) {
        return env_cards(analysis, on_copy, "");
    }
    let oninput = on_filter.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <>
            <div class="env-filter">
                <label class="visually-hidden" for="env-filter">{ "Filter the variables" }</label>
                <input id="env-filter" type="search" data-testid="env-filter" placeholder="Filter: name, value or rule"
                    value={filter.to_string()} {oninput} autocomplete="off" spellcheck="false" />
            </div>
            { env_cards(analysis, on_copy, &filter.trim().to_lowercase()) }
        </>
    }
}

/// One block of variables per placed task, those matching `needle` (lower-cased; empty: all),
/// without the filter box: the documentation embeds show them so.
pub fn env_cards(analysis: &Analysis, on_copy: &Callback<(String, String)>, needle: &str) -> Html {
    let placed: Vec<&Placement> = analysis.placements.iter().filter(|p| p.node.is_some()).collect();
    if placed.is_empty() {
        return html! { <p class="empty">{ "Nothing was placed, so no task has an environment." }</p> };
    }
    html! {
        <div class="cards">
            { for placed.iter().flat_map(|p| p.tasks.iter().map(|t| task(p, t, on_copy, needle))) }
        </div>
    }
}

fn task(p: &Placement, t: &TaskResult, on_copy: &Callback<(String, String)>, needle: &str) -> Html {
    let text: String = t.env.iter().map(|v| format!("{}={}\n", v.name, v.value)).collect();
    let what = format!("{} variables of {}", t.env.len(), t.name);
    let onclick = on_copy.reform(move |_: MouseEvent| (text.clone(), what.clone()));
    let node = p.node.clone().unwrap_or_default();
    let shown: Vec<&EnvVar> = t.env.iter().filter(|v| matches(v, needle)).collect();
    html! {
        <article class="card" data-testid="env-task" data-task={t.name.clone()}>
            { card_head(html! { <>{ format!("{} · {}", p.name, t.name) }{ aside(format!(" on {node}")) }</> }, html! {
                <button type="button" class="btn btn-small" {onclick} data-testid="copy-env"
                    aria-label={format!("Copy the variables of task {}", t.name)} disabled={t.env.is_empty()}>
                    { "Copy" }
                </button>
            }) }
            if let Some(rule) = &t.rule {
                { note(rich(rule)) }
            }
            if !t.runtime.is_empty() {
                <dl class="env-list" data-testid="runtime-values">
                    { for t.runtime.iter().map(|v| html! {
                        <div class="env-row" data-testid="runtime-value" data-setting={v.setting.clone()}>
                            <dt><code class="env-kv"><span class="env-key">{ v.setting.clone() }</span>{ " = " }<span class="env-value">{ v.value.clone() }</span></code></dt>
                            { for v.notes.iter().map(|n| html! {
                                <dd class="env-warning" role="note"><span aria-hidden="true">{ "⚠ " }</span>{ rich(n) }</dd>
                            }) }
                        </div>
                    }) }
                </dl>
            }
            if t.env.is_empty() {
                { note("No variables.") }
            } else if shown.is_empty() {
                <p class="muted" data-testid="env-none">{ format!("No variable matches \u{201c}{needle}\u{201d}.") }</p>
            } else {
                { for EnvGroup::ALL.iter().map(|&g| group(g, &shown)) }
            }
        </article>
    }
}

/// Where a port variable stands among its port's: the port to bind, the host port and the
/// address first (the three users look for), then the rest; other variables keep name order.
fn port_order(v: &EnvVar) -> (&str, u8) {
    let field = match &v.source {
        EnvSource::TaskPort { field, .. } | EnvSource::GroupPort { field, .. } => *field,
        EnvSource::TaskIp { .. } => return ("", 0),
        _ => PortField::Port,
    };
    let rank = match field {
        PortField::Port => 0,
        PortField::HostPort => 1,
        PortField::Addr => 2,
        PortField::Ip => 3,
        PortField::HostIp => 4,
        PortField::HostAddr => 5,
        PortField::AllocPort => 6,
        PortField::NetnsAddr => 7,
        PortField::NetnsIp => 8,
        PortField::NetnsInterface => 9,
        PortField::IpFamily => 10,
    };
    (v.source.port_label().unwrap_or(""), rank)
}

fn group(g: EnvGroup, vars: &[&EnvVar]) -> Html {
    let mut in_group: Vec<&&EnvVar> = vars.iter().filter(|v| v.group == g).collect();
    if g == EnvGroup::Ports {
        in_group.sort_by_key(|v| port_order(v));
    }
    if in_group.is_empty() {
        return html! {};
    }
    html! {
        <section class="env-group" data-testid="env-group" data-group={g.id()}>
            <h4 class="env-group-title">{ g.title() }</h4>
            <dl class="env-list">
                { for in_group.into_iter().map(|v| row(v)) }
            </dl>
        </section>
    }
}

fn row(v: &EnvVar) -> Html {
    html! {
        <div ~className={if v.warning.is_some() { "env-row env-row-warn" } else { "env-row" }} data-testid="env-var" data-env-name={v.name.clone()}>
            <dt><code class="env-kv"><span class="env-key">{ v.name.clone() }</span>{ "=" }<span class="env-value" data-testid="env-value">{ v.value.clone() }</span></code></dt>
            <dd class="env-rule">{ rich(&v.rule) }</dd>
            if let Some(warning) = &v.warning {
                <dd class="env-warning" data-testid="env-warning" role="note">
                    <span aria-hidden="true">{ "⚠ " }</span>{ rich(warning) }
                </dd>
            }
            if let Some(caveat) = &v.caveat {
                <dd class="env-caveat" data-testid="env-caveat">
                    <span aria-hidden="true">{ "ⓘ " }</span>{ rich(caveat) }
                </dd>
            }
        </div>
    }
}

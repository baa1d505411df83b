//! The Env tab: per placed task, its variables `KEY=VALUE` sorted by name, each with the rule
//! that produced it (and a warning where users get hurt: a `NOMAD_PORT_x` that is not the host
//! port, a label renamed in some variables and not in others), and a button copying them all.

use netplay_core::Analysis;
use netplay_core::analysis::{Placement, TaskResult};
use yew::prelude::*;

use super::parts::{aside, card_head, note};
use super::rich;

/// One block of variables per placed task; `on_copy` copies `(text, what)` to the clipboard.
pub fn env_tab(analysis: &Analysis, on_copy: &Callback<(String, String)>) -> Html {
    let placed: Vec<&Placement> = analysis.placements.iter().filter(|p| p.node.is_some()).collect();
    if placed.is_empty() {
        return html! { <p class="empty">{ "Nothing was placed, so no task has an environment." }</p> };
    }
    html! {
        <div class="cards">
            { for placed.iter().flat_map(|p| p.tasks.iter().map(|t| task(p, t, on_copy))) }
        </div>
    }
}

fn task(p: &Placement, t: &TaskResult, on_copy: &Callback<(String, String)>) -> Html {
    let text: String = t.env.iter().map(|v| format!("{}={}\n", v.name, v.value)).collect();
    let what = format!("{} variables of {}", t.env.len(), t.name);
    let onclick = on_copy.reform(move |_: MouseEvent| (text.clone(), what.clone()));
    let node = p.node.clone().unwrap_or_default();
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
            } else {
                <dl class="env-list">
                    { for t.env.iter().map(|v| html! {
                        <div ~className={if v.warning.is_some() { "env-row env-row-warn" } else { "env-row" }} data-testid="env-var" data-env-name={v.name.clone()}>
                            <dt><code class="env-kv"><span class="env-key">{ v.name.clone() }</span>{ "=" }<span class="env-value" data-testid="env-value">{ v.value.clone() }</span></code></dt>
                            <dd class="env-rule">{ rich(&v.rule) }</dd>
                            if let Some(warning) = &v.warning {
                                <dd class="env-warning" data-testid="env-warning" role="note">
                                    <span aria-hidden="true">{ "⚠ " }</span>{ rich(warning) }
                                </dd>
                            }
                        </div>
                    }) }
                </dl>
            }
        </article>
    }
}

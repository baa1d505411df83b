//! The results panel: the headline (how much was placed), a summary line and five tabs
//! (Allocations, Mappings, Env, Services, Nodes).

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::Shared;
use super::allocations::allocations;
use super::env::env_tab;
use super::headline::headline;
use super::mappings::mappings;
use super::nodes::nodes;
use super::services::services_tab;
use crate::state::Tab;

/// The panel's inputs.
pub struct ResultsProps {
    /// The analysis to show (the last one without errors while the inputs have errors).
    pub analysis: Shared,
    /// True when `analysis` is older than the inputs because they have errors.
    pub stale: bool,
    /// Counts analyses; exposed as `data-analysis-gen` for tests and benchmarks.
    pub generation: u64,
    /// The open tab.
    pub tab: Tab,
    /// Open another tab.
    pub on_tab: Callback<Tab>,
    /// Copy a text to the clipboard (with a label for the confirmation).
    pub on_copy: Callback<(String, String)>,
    /// The Env tab's filter text.
    pub env_filter: String,
    /// The filter text changed.
    pub on_filter: Callback<String>,
}

/// Summary, tabs and the open tab's content.
pub fn results(props: &ResultsProps) -> Html {
    let a = &props.analysis;
    let onkeydown = {
        let (on_tab, tab) = (props.on_tab.clone(), props.tab);
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == tab).unwrap_or(0);
            let n = Tab::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => Tab::ALL[(i + 1) % n],
                "ArrowLeft" => Tab::ALL[(i + n - 1) % n],
                "Home" => Tab::ALL[0],
                "End" => Tab::ALL[n - 1],
                _ => return,
            };
            e.prevent_default();
            on_tab.emit(next);
            focus_tab(next);
        })
    };
    let summary = match &a.job {
        Some(job) => format!("Job `{}` ({})", job.id, job.kind.as_str()),
        None => "No job to place".to_string(),
    };
    let panel = match props.tab {
        Tab::Allocations => allocations(a),
        Tab::Mappings => mappings(a),
        Tab::Env => env_tab(a, &props.on_copy, &props.env_filter, &props.on_filter),
        Tab::Nodes => nodes(a),
        Tab::Services => services_tab(a),
    };
    html! {
        <section ~className={if props.stale { "results is-stale" } else { "results" }} aria-labelledby="results-title"
            data-testid="results" data-analysis-gen={props.generation.to_string()}
            data-stale={if props.stale { "true" } else { "false" }}>
            <div class="results-head">
                <h2 id="results-title" class="section-title">{ "Results" }</h2>
                <span class="results-summary" data-testid="results-summary">
                    { super::rich(&summary) }
                    { format!(" · Nomad {} · seed {}", a.nomad, a.seed) }
                </span>
            </div>
            if !props.stale {
                { headline(a) }
            }
            if props.stale {
                <p class="stale-banner" role="status" data-testid="stale">
                    <strong>{ "Stale: " }</strong>
                    { "these are the results of the last inputs without errors. Fix the problems listed above to update them." }
                </p>
            } else if a.has_errors() && a.job.is_some() {
                <p class="stale-banner" role="status" data-testid="partial">
                    <strong>{ "Partial: " }</strong>
                    { "the inputs have errors, so these results leave out what could not be read." }
                </p>
            }
            <div class="tabs" role="tablist" aria-label="Result views" {onkeydown}>
                { for Tab::ALL.iter().map(|&t| tab_button(t, props.tab, &props.on_tab)) }
            </div>
            <div class="tab-panel" role="tabpanel" id={format!("panel-{}", props.tab.id())}
                aria-labelledby={format!("tab-{}", props.tab.id())} tabindex="0" data-testid={format!("panel-{}", props.tab.id())}>
                if a.job.is_none() {
                    <p class="empty">
                        { "Nothing to place yet: the jobspec has no job that netplay could read. " }
                        { "The problems above say why." }
                    </p>
                } else {
                    { panel }
                }
            </div>
        </section>
    }
}

fn tab_button(tab: Tab, current: Tab, on_tab: &Callback<Tab>) -> Html {
    let selected = tab == current;
    let onclick = on_tab.reform(move |_: MouseEvent| tab);
    html! {
        <button type="button" role="tab" id={format!("tab-{}", tab.id())} class="tab"
            aria-selected={if selected { "true" } else { "false" }} aria-controls={format!("panel-{}", tab.id())}
            tabindex={if selected { "0" } else { "-1" }} data-testid={format!("tab-{}", tab.id())} {onclick}>
            { tab.label() }
        </button>
    }
}

fn focus_tab(tab: Tab) {
    if let Some(el) = crate::browser::document()
        .and_then(|d| d.get_element_by_id(&format!("tab-{}", tab.id())))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

//! The header: Nomad version, example gallery (grouped by version, "custom" for the user's own
//! text), seed with re-roll, the problem count, and the page actions (share, copy as Markdown,
//! reset, docs, theme, help).

use netplay_core::{NomadVersion, Severity};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::examples;
use crate::state::Theme;

/// Nomad's documentation of the `network` block, linked from the header.
pub const NOMAD_DOCS: &str = "https://developer.hashicorp.com/nomad/docs/job-specification/network";

/// The header's inputs.
pub struct HeaderProps {
    /// The Nomad version.
    pub nomad: NomadVersion,
    /// The seed.
    pub seed: u64,
    /// The example the editors hold exactly (`None`: the user's own text, "custom").
    pub example: Option<&'static str>,
    /// How many problems, and the worst severity among them.
    pub problems: (usize, Option<Severity>),
    /// The colour theme.
    pub theme: Theme,
    /// Pick a version.
    pub on_nomad: Callback<NomadVersion>,
    /// Pick a seed.
    pub on_seed: Callback<u64>,
    /// Re-roll the seed.
    pub on_reroll: Callback<()>,
    /// Load an example (by slug).
    pub on_example: Callback<String>,
    /// Share a link.
    pub on_share: Callback<()>,
    /// Copy a Markdown report.
    pub on_markdown: Callback<()>,
    /// Back to the example.
    pub on_reset: Callback<()>,
    /// Toggle light/dark.
    pub on_theme: Callback<()>,
    /// Show the help dialog.
    pub on_help: Callback<()>,
    /// Bring the problems list into view.
    pub on_problems: Callback<()>,
}

/// The page header.
pub fn header(props: &HeaderProps) -> Html {
    let on_nomad = props.on_nomad.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value().parse::<NomadVersion>().unwrap_or_default()
    });
    let on_example = props.on_example.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    let on_seed = {
        let on_seed = props.on_seed.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(seed) = input.value().trim().parse::<u64>() {
                on_seed.emit(seed);
            }
        })
    };
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    let dark = props.theme == Theme::Dark;
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "⇄" }</span>
                <h1 class="title">{ "netplay" }</h1>
                <span class="tagline">{ "Nomad networking playground" }</span>
            </div>
            <div class="controls">
                <label class="field">
                    <span class="field-label">{ "Nomad" }</span>
                    <select id="nomad-version" data-testid="nomad-version" onchange={on_nomad}>
                        { for NomadVersion::ALL.iter().map(|v| html! {
                            <option value={v.as_str()} selected={*v == props.nomad}>{ v.as_str() }</option>
                        }) }
                    </select>
                </label>
                <label class="field field-example">
                    <span class="field-label">{ "Example" }</span>
                    <select id="example" data-testid="example" onchange={on_example}>
                        if props.example.is_none() {
                            <option value="" selected=true disabled=true data-testid="example-custom">{ "custom (your own text)" }</option>
                        }
                        { for examples::groups().into_iter().map(|(group, list)| html! {
                            <optgroup label={group}>
                                { for list.into_iter().map(|e| html! {
                                    <option value={e.slug} selected={props.example == Some(e.slug)}>{ e.plain_title() }</option>
                                }) }
                            </optgroup>
                        }) }
                    </select>
                </label>
                <div class="field field-seed">
                    <label class="field-label" for="seed">{ "Seed" }</label>
                    <input id="seed" data-testid="seed" type="text" inputmode="numeric" pattern="[0-9]*"
                        value={props.seed.to_string()} oninput={on_seed} autocomplete="off" size="8" />
                    <button type="button" class="btn btn-icon" data-testid="reroll" onclick={click(&props.on_reroll)}
                        title="Re-roll the seed: dynamic ports change, static ports stay" aria-label="Re-roll the seed">
                        <span aria-hidden="true">{ "⟳" }</span>
                    </button>
                </div>
            </div>
            { problem_count(props.problems, &props.on_problems) }
            <nav class="actions" aria-label="Page actions">
                <button type="button" class="btn btn-primary" data-testid="share" onclick={click(&props.on_share)}>{ "Share" }</button>
                <button type="button" class="btn" data-testid="copy-markdown" onclick={click(&props.on_markdown)}
                    title="Copy jobspec, nodes and results as Markdown, ready for an issue report"><span class="wide-only">{ "Copy as " }</span>{ "Markdown" }</button>
                <button type="button" class="btn" data-testid="reset" onclick={click(&props.on_reset)}
                    title="Back to the example, with the default version and seed">{ "Reset" }</button>
            </nav>
            <div class="tools">
                <a class="btn btn-link" href={NOMAD_DOCS} target="_blank" rel="noopener" data-testid="docs"
                    title="Nomad's documentation of the network block">{ "Docs" }</a>
                <button type="button" class="btn btn-icon" data-testid="theme" onclick={click(&props.on_theme)}
                    aria-pressed={if dark { "true" } else { "false" }} aria-label="Dark theme"
                    title={if dark { "Switch to the light theme" } else { "Switch to the dark theme" }}>
                    <span aria-hidden="true">{ if dark { "☀" } else { "☾" } }</span>
                </button>
                <button type="button" class="btn btn-icon" data-testid="help" onclick={click(&props.on_help)}
                    aria-label="Help and keyboard shortcuts" title="Help and keyboard shortcuts (?)">
                    <span aria-hidden="true">{ "?" }</span>
                </button>
            </div>
        </header>
    }
}

/// The problem count, coloured by the worst severity; activating it shows the list.
fn problem_count((count, worst): (usize, Option<Severity>), on_problems: &Callback<()>) -> Html {
    let (class, text) = match worst {
        _ if count == 0 => ("problem-count sev-ok", "No problems".to_string()),
        Some(Severity::Error) => ("problem-count sev-error", plural(count)),
        Some(Severity::Warning) => ("problem-count sev-warning", plural(count)),
        _ => ("problem-count sev-info", if count == 1 { "1 note".to_string() } else { format!("{count} notes") }),
    };
    html! {
        <button type="button" ~className={class} data-testid="problem-count" onclick={on_problems.reform(|_: MouseEvent| ())}
            title="Show the problems">{ text }</button>
    }
}

fn plural(count: usize) -> String {
    if count == 1 { "1 problem".to_string() } else { format!("{count} problems") }
}

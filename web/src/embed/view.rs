//! The embed itself: the playground's editor over one example, its problems, its results in
//! the panes the page asked for, inline port results, the challenge's state, a comparison
//! between two versions, and Reset / Copy / Open in playground.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use netplay_core::{Analysis, NomadVersion, Options, SourceId, VarArg, analyze};
use netplay_embed::notes::{Note, port_notes};
use netplay_embed::settings::{Pane, Settings};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::compare::differences;
use crate::app::underlines;
use crate::browser;
use crate::components::allocations::allocations;
use crate::components::diagnostics::{Goto, diagnostics};
use crate::components::editor::{self, Editor};
use crate::components::env::env_cards;
use crate::components::mappings::mappings;
use crate::components::nodes::nodes;
use crate::components::services::services_tab;
use crate::components::{Local, Shared, rich};
use crate::edit;
use crate::share::{self, Snapshot};
use crate::state::Tab;

/// How long "Copied" stays in the bar (ms).
const STATUS_MS: u32 = 2000;

/// What an embed is made of.
#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    /// Its settings (the element's `data-*` attributes).
    pub settings: Rc<Settings>,
    /// Attribute values that could not be read, shown above the editor.
    pub problems: Rc<Vec<String>>,
    /// The example's jobspec as the page wrote it.
    pub jobspec: AttrValue,
    /// Its inventory (its own, the shared one it names, or the default).
    pub nodes: AttrValue,
    /// True when the inventory is the example's own, shown in a second editor.
    pub own_nodes: bool,
    /// The id of the page's shared inventory the example follows ([`super::linked`]).
    #[prop_or_default]
    pub linked: Option<AttrValue>,
    /// Set when this is not an example but the page's shared inventory of this id: only its
    /// editor shows, and its edits reach the linked examples.
    #[prop_or_default]
    pub shares: Option<AttrValue>,
    /// The playground's address, for "Open in playground".
    pub playground: AttrValue,
    /// Called with the state after every edit (the iframe form keeps it in the URL).
    #[prop_or_default]
    pub on_change: Option<Callback<Snapshot>>,
    /// Values for the jobspec's variables (the compact form keeps those of its link).
    #[prop_or_default]
    pub variables: Rc<Vec<VarArg>>,
    /// The playground's results tab in the state this embed writes (the compact form keeps
    /// its link's); none: the Env tab.
    #[prop_or_default]
    pub tab: Option<Tab>,
}

fn run(jobspec: &str, nodes: &str, nomad: NomadVersion, seed: u64, values: &[VarArg]) -> Shared {
    let options = Options { nomad, seed, ..Options::default() };
    // As in the playground, only the values of variables the jobspec declares reach core.
    let analysis = if values.is_empty() {
        analyze(jobspec, nodes, &options)
    } else {
        crate::variables::analyze_declared(jobspec, nodes, &options, values, &mut Vec::new())
    };
    Shared(Rc::new(analysis))
}

fn pane(pane: Pane, a: &Analysis, on_copy: &Callback<(String, String)>) -> Html {
    let body = match pane {
        Pane::Env => env_cards(a, on_copy, ""),
        Pane::Allocations => allocations(a),
        Pane::Mappings => mappings(a),
        Pane::Nodes => nodes(a),
        Pane::Services => services_tab(a),
    };
    html! {
        <section class="np-pane" data-pane={pane.as_str()} data-testid={format!("embed-pane-{}", pane.as_str())}>
            <h3 class="np-pane-title">{ pane.title() }</h3>
            if a.job.is_none() {
                <p class="empty">{ "Nothing to place: the jobspec has no job that netplay could read." }</p>
            } else {
                { body }
            }
        </section>
    }
}

fn summary(a: &Analysis) -> String {
    match &a.job {
        Some(job) => format!(
            "Job `{}` · {} of {} placed · Nomad {} · seed {}",
            job.id, a.summary.placed, a.summary.instances, a.nomad, a.seed
        ),
        None => format!("No job to place · Nomad {}", a.nomad),
    }
}

fn results(settings: &Settings, a: &Analysis, on_copy: &Callback<(String, String)>) -> Html {
    html! {
        <div class="np-results" data-nomad={a.nomad.as_str()}>
            <p class="np-summary" data-testid="embed-summary">{ rich(&summary(a)) }</p>
            { for settings.panes.iter().map(|p| pane(*p, a, on_copy)) }
        </div>
    }
}

fn comparison(left: &Analysis, right: &Analysis) -> Html {
    let diff = differences(left, right);
    let value = |v: &Option<String>| match v {
        Some(v) => html! { <code>{ v.clone() }</code> },
        None => html! { <span class="muted">{ "not set" }</span> },
    };
    html! {
        <div class="np-diff" data-testid="embed-diff">
            if diff.is_empty() {
                <p class="muted">{ format!("Nomad {} and {} give the same variables.", left.nomad, right.nomad) }</p>
            } else {
                <table class="ports">
                    <caption>{ format!("What differs between Nomad {} and {}", left.nomad, right.nomad) }</caption>
                    <thead><tr>
                        <th scope="col">{ "Variable" }</th>
                        <th scope="col">{ left.nomad.as_str() }</th>
                        <th scope="col">{ right.nomad.as_str() }</th>
                    </tr></thead>
                    <tbody>
                        { for diff.iter().map(|d| html! {
                            <tr data-testid="embed-diff-row" data-env-name={d.name.clone()}>
                                <th scope="row"><code>{ d.name.clone() }</code><span class="muted">{ format!(" {}", d.task) }</span></th>
                                <td>{ value(&d.left) }</td>
                                <td>{ value(&d.right) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

/// One live example.
#[function_component(Embed)]
pub fn embed(props: &EmbedProps) -> Html {
    let redraw = use_force_update();
    let jobspec = Local { value: use_mut_ref(|| props.jobspec.clone()), redraw: redraw.clone() };
    let nodes_text = Local { value: use_mut_ref(|| props.nodes.clone()), redraw: redraw.clone() };
    let status = Local { value: use_mut_ref(|| None::<&'static str>), redraw };
    let status_timer = use_mut_ref(|| None::<Timeout>);
    let job_ref = use_node_ref();
    let nodes_ref = use_node_ref();
    let s = props.settings.clone();

    let (job, inv) = (jobspec.get(), nodes_text.get());
    let generation = use_mut_ref(|| 0u64);
    let analysis = {
        let (nomad, seed, generation, values) = (s.nomad, s.seed, generation.clone(), props.variables.clone());
        use_memo((job.clone(), inv.clone()), move |(j, n)| {
            *generation.borrow_mut() += 1;
            run(j, n, nomad, seed, &values)
        })
    };
    // The first example of a page to render sets the benchmarks' "first embed interactive" mark.
    use_effect_with(props.shares.is_none(), |example| {
        if *example {
            browser::mark("netplay:embed");
        }
    });
    let compared = {
        let (other, seed, values) = (s.compare, s.seed, props.variables.clone());
        use_memo((job.clone(), inv.clone()), move |(j, n)| other.map(|v| run(j, n, v, seed, &values)))
    };
    let marks = use_memo(analysis.clone(), |a| (underlines(a, SourceId::Jobspec), underlines(a, SourceId::Nodes)));
    let notes = use_memo((job.clone(), analysis.clone(), s.inline), |(j, a, inline)| {
        Rc::new(if *inline { port_notes(j, a) } else { Vec::<Note>::new() })
    });
    let snapshot = Snapshot {
        jobspec: job.to_string(),
        nodes: inv.to_string(),
        nomad: s.nomad,
        seed: s.seed,
        tab: props.tab.unwrap_or(Tab::Env),
        variables: props.variables.to_vec(),
        attached: Vec::new(),
    };
    let open_href = use_memo(snapshot.clone(), |snap| format!("{}#{}", props.playground, share::encode(snap)));
    {
        let on_change = props.on_change.clone();
        use_effect_with(snapshot, move |snap| {
            if let Some(on_change) = on_change {
                on_change.emit(snap.clone());
            }
        });
    }

    // A linked example follows the shared inventory's edits.
    {
        let nodes_text = nodes_text.clone();
        use_effect_with(props.linked.clone(), move |id| {
            let subscription = id.as_ref().map(|id| {
                let nodes_text = nodes_text.clone();
                super::linked::subscribe(id, Callback::from(move |text: String| nodes_text.set(text.into())))
            });
            move || drop(subscription)
        });
    }

    // The jobspec is the example's own; a linked inventory is the page's.
    let changed = job != props.jobspec || (props.linked.is_none() && inv != props.nodes);
    let on_job = {
        let jobspec = jobspec.clone();
        Callback::from(move |text: String| jobspec.set(crate::state::normalize_newlines(text).into()))
    };
    let on_nodes = {
        let (nodes_text, shares) = (nodes_text.clone(), props.shares.clone());
        Callback::from(move |text: String| {
            let text = crate::state::normalize_newlines(text);
            if let Some(id) = &shares {
                super::linked::publish(id, &text);
            }
            nodes_text.set(text.into());
        })
    };
    let on_reset = {
        let (jobspec, original) = (jobspec.clone(), (props.jobspec.clone(), props.nodes.clone()));
        let (job_ref, linked, on_nodes) = (job_ref.clone(), props.linked.is_some(), on_nodes.clone());
        Callback::from(move |_: MouseEvent| {
            jobspec.set(original.0.clone());
            // A linked example keeps the page's inventory as it is now.
            if !linked {
                on_nodes.emit(original.1.to_string());
            }
            // The textarea keeps what the reader typed until its value is set again.
            if let Some(area) = job_ref.cast::<HtmlTextAreaElement>() {
                area.set_value(&original.0);
            }
        })
    };
    let show_status = {
        let (status, timer) = (status.clone(), status_timer.clone());
        move |text: &'static str| {
            status.set(Some(text));
            let status = status.clone();
            *timer.borrow_mut() = Some(Timeout::new(STATUS_MS, move || status.set(None)));
        }
    };
    let on_copy_text = {
        let show_status = show_status.clone();
        Callback::from(move |(text, _what): (String, String)| {
            let show_status = show_status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                show_status(if browser::copy_text(&text).await { "Copied" } else { "Could not copy" });
            });
        })
    };
    let on_copy = {
        let (on_copy_text, job) = (on_copy_text.clone(), job.clone());
        Callback::from(move |_: MouseEvent| on_copy_text.emit((job.to_string(), "the jobspec".into())))
    };
    let on_goto = {
        let (job_ref, nodes_ref, texts) = (job_ref.clone(), nodes_ref.clone(), (job.clone(), inv.clone()));
        Callback::from(move |goto: Goto| {
            let (area, text) = match goto.source {
                SourceId::Jobspec => (job_ref.cast::<HtmlTextAreaElement>(), &texts.0),
                SourceId::Nodes => (nodes_ref.cast::<HtmlTextAreaElement>(), &texts.1),
                SourceId::VarFile(_) | SourceId::Interfaces | SourceId::Allocs(_) => return,
            };
            if let Some(area) = area {
                editor::reveal(&area, goto.utf16.min(edit::byte_to_utf16(text, text.len())), goto.line);
            }
        })
    };

    let rows = |text: &str| s.height.unwrap_or_else(|| (text.lines().count() as u32 + 1).clamp(4, 24));
    if let Some(id) = &props.shares {
        return html! {
            <div class="np-embed np-inventory" data-testid="inventory">
                <div class="np-bar">
                    <span class="np-version">{ format!("Shared inventory {id} · the examples using it follow your edits") }</span>
                    <button type="button" class="btn btn-small" data-testid="inventory-reset" onclick={on_reset}
                        disabled={inv == props.nodes}>{ "Reset" }</button>
                </div>
                <Editor id="nodes" label="Nodes" file="nodes.hcl" value={inv.clone()} underlines={marks.1.clone()}
                    textarea={nodes_ref} rows={rows(&inv)} on_input={on_nodes} />
                <p id="editor-keys" class="visually-hidden">
                    { "Tab indents and Shift+Tab outdents. Press Escape to leave the editor, then Tab to move on." }
                </p>
            </div>
        };
    }
    let goal = s.challenge.as_ref().map(|c| {
        let done = c.check(&analysis).is_ok();
        html! {
            <p ~className={if done { "np-goal is-done" } else { "np-goal" }} data-testid="embed-goal"
                data-done={if done { "true" } else { "false" }} role="status" aria-live="polite">
                <strong>{ if done { "✓ Done: " } else { "Try this: " } }</strong>{ rich(&format!("reach `{}`", c.text)) }
            </p>
        }
    });
    let expect = s.expect.as_ref().map(|e| {
        let holds = e.check(&analysis);
        html! {
            <p ~className={if holds.is_ok() { "np-expect is-done" } else { "np-expect" }} data-testid="embed-expect"
                data-holds={if holds.is_ok() { "true" } else { "false" }}>
                { rich(&match &holds {
                    Ok(()) => format!("As the guide says: `{}`", e.text),
                    Err(found) => format!("Changed: the guide's `{}` no longer holds ({found})", e.text),
                }) }
            </p>
        }
    });

    html! {
        <div class="np-embed" data-testid="embed" data-nomad={s.nomad.as_str()}
            data-analysis-gen={generation.borrow().to_string()}
            data-readonly={if s.readonly { "true" } else { "false" }}>
            <div class="np-bar">
                <span class="np-version">
                    { format!("Nomad {}", s.nomad) }
                    if let Some(other) = s.compare { { format!(" vs {other}") } }
                    { format!(" · seed {}", s.seed) }
                    if s.readonly { { " · read-only" } }
                </span>
                <span class="np-status" role="status" aria-live="polite">{ status.get().unwrap_or_default() }</span>
                <button type="button" class="btn btn-small" data-testid="embed-reset" onclick={on_reset} disabled={!changed}>{ "Reset" }</button>
                <button type="button" class="btn btn-small" data-testid="embed-copy" onclick={on_copy}>{ "Copy" }</button>
                <a class="btn btn-small" data-testid="embed-open" href={(*open_href).clone()} target="_blank" rel="noopener">
                    { "Open in playground" }
                </a>
            </div>
            if !props.problems.is_empty() {
                <ul class="np-problems" data-testid="embed-settings-problems">
                    { for props.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                </ul>
            }
            <Editor id="jobspec" label="Jobspec" file="job.hcl" value={job.clone()} underlines={marks.0.clone()}
                textarea={job_ref} rows={rows(&job)} on_input={on_job} readonly={s.readonly} notes={(*notes).clone()} />
            if props.own_nodes {
                <Editor id="nodes" label="Nodes" file="nodes.hcl" value={inv.clone()} underlines={marks.1.clone()}
                    textarea={nodes_ref} rows={rows(&inv)} on_input={on_nodes} readonly={s.readonly} />
            }
            { goal.unwrap_or_default() }
            { expect.unwrap_or_default() }
            if !analysis.diagnostics.is_empty() {
                { diagnostics(&analysis, &on_goto) }
            }
            if let Some(other) = &*compared {
                { comparison(&analysis, other) }
                <div class="np-columns">
                    { results(&s, &analysis, &on_copy_text) }
                    { results(&s, other, &on_copy_text) }
                </div>
            } else {
                { results(&s, &analysis, &on_copy_text) }
            }
            <p id="editor-keys" class="visually-hidden">
                { "Tab indents and Shift+Tab outdents. Press Escape to leave the editor, then Tab to move on." }
            </p>
        </div>
    }
}

//! The app root: owns the state, derives the analysis once per change, keeps the URL and the
//! autosave in step, and lays out the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use netplay_core::{Analysis, Code, NomadVersion, Options, SourceId, VarArg};
use wasm_bindgen::JsCast;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::autosave::{self, Autosave, Status};
use crate::browser::{self, AUTOSAVE_KEY, BACKUP_KEY, THEME_KEY};
use crate::components::banner::{BannerProps, Tone, banner};
use crate::components::diagnostics::{Goto, diagnostics};
use crate::components::editor::{self, Editor, Underline};
use crate::components::header::{HeaderProps, header};
use crate::components::help::Help;
use crate::components::results::{ResultsProps, results};
use crate::components::share_panel::share_panel;
use crate::components::variables::{VariablesProps, variables_panel};
use crate::components::{Local, Shared};
use crate::share::{self, Snapshot};
use crate::state::{Action, AppState, Editor as Which, Tab, Theme};
use crate::{edit, markdown, variables};

/// An analysis slower than this (ms) switches typing to debounced analysis.
const SLOW_ANALYSIS_MS: f64 = 12.0;
/// The debounce delay in that mode (ms after the last keystroke).
const DEBOUNCE_MS: u32 = 80;
/// The URL and the autosave follow edits at most this often (ms).
const PERSIST_MS: u32 = 400;
/// Fragments longer than this are autosaved but not put in the address bar.
const MAX_URL_FRAGMENT: usize = 256 * 1024;
/// How long a toast stays (ms).
const TOAST_MS: u32 = 2600;

/// What one analysis is computed from.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    jobspec: AttrValue,
    nodes: AttrValue,
    options: Options,
    /// Every value typed in the Variables panel (core gets those of declared variables).
    variables: Vec<VarArg>,
    epoch: u32,
}

/// One computed analysis.
#[derive(Debug)]
struct Computed {
    analysis: Shared,
    generation: u64,
    epoch: u32,
}

/// What the autosave and the URL record (cheap to clone: the texts are shared).
type Saved = (AttrValue, AttrValue, NomadVersion, u64, Tab, Vec<VarArg>);

fn to_snapshot((jobspec, nodes, nomad, seed, tab, variables): &Saved) -> Snapshot {
    Snapshot {
        jobspec: jobspec.to_string(),
        nodes: nodes.to_string(),
        nomad: *nomad,
        seed: *seed,
        tab: *tab,
        variables: variables.clone(),
    }
}

/// False when the jobspec does not parse, so its variables are unknown (not absent).
fn variables_known(analysis: &Analysis) -> bool {
    !analysis.diagnostics.iter().any(|d| d.code == Code::HclSyntax && d.source == SourceId::Jobspec && d.is_error())
}

/// Autosave and URL writing, throttled.
#[derive(Default)]
struct Persist {
    latest: RefCell<Option<Saved>>,
    pending: Cell<bool>,
    timer: RefCell<Option<Timeout>>,
    started: Cell<bool>,
    autosave: Autosave,
}

impl Persist {
    /// Writes the autosave and the URL; `over_other_tab` saves over another tab's work.
    fn flush(&self, over_other_tab: bool) -> Option<Status> {
        self.pending.set(false);
        let saved = self.latest.borrow().clone()?;
        let fragment = share::encode(&to_snapshot(&saved));
        if fragment.len() <= MAX_URL_FRAGMENT {
            autosave::note_address(&fragment);
            browser::replace_hash(&fragment);
        } else {
            browser::replace_hash("");
        }
        Some(self.autosave.write(&fragment, over_other_tab))
    }
}

fn initial_state() -> AppState {
    let theme = match browser::load(THEME_KEY).as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ if browser::prefers_dark() => Theme::Dark,
        _ => Theme::Light,
    };
    let autosave = browser::load(AUTOSAVE_KEY);
    let hash = browser::hash();
    // A reload of this tab's own work opens the autosave, its newest state (see `autosave`).
    let reloaded = autosave.as_deref().is_some_and(|saved| autosave::is_own_reload(&hash, saved));
    let fragment = if reloaded { None } else { Some(hash.as_str()) };
    let state = AppState::startup(fragment, autosave.as_deref(), theme);
    // The link replaces the autosave as the work in progress: keep the old one aside.
    if let (Some(_), Some(saved)) = (&state.restore, &autosave) {
        browser::save(BACKUP_KEY, saved);
    }
    state
}

fn underlines(analysis: &Analysis, source: SourceId) -> Rc<Vec<Underline>> {
    Rc::new(
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.source == source)
            .map(|d| {
                let mut message = format!("{}[{}]: {}", d.severity.as_str(), d.code.as_str(), d.message);
                if let Some(help) = &d.help {
                    message.push_str("\nhelp: ");
                    message.push_str(help);
                }
                Underline {
                    range: d.span.start..d.span.end,
                    utf16: d.start.utf16..d.end.utf16,
                    line: d.start.line,
                    severity: d.severity,
                    message,
                }
            })
            .collect(),
    )
}

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let job_ref = use_node_ref();
    let nodes_ref = use_node_ref();
    let redraw = use_force_update();
    let help_open = Local { value: use_mut_ref(|| false), redraw: redraw.clone() };
    let share_link = Local { value: use_mut_ref(|| None::<(AttrValue, bool)>), redraw: redraw.clone() };

    // ---- the analysis: once per change of the inputs, here and nowhere else ----
    let live = Inputs {
        jobspec: state.jobspec.clone(),
        nodes: state.nodes.clone(),
        options: Options { nomad: state.nomad, seed: state.seed, ..Options::default() },
        variables: state.variables.clone(),
        epoch: state.epoch,
    };
    let committed = Local { value: use_mut_ref(|| live.clone()), redraw };
    let slow = use_mut_ref(|| false);
    let generation = use_mut_ref(|| 0u64);
    let declared = use_mut_ref(Vec::<String>::new);
    let computed = {
        let (slow, generation) = (slow.clone(), generation.clone());
        use_memo(committed.get(), move |inputs| {
            let started = browser::now();
            let analysis = variables::analyze_declared(
                &inputs.jobspec,
                &inputs.nodes,
                &inputs.options,
                &inputs.variables,
                &mut declared.borrow_mut(),
            );
            *slow.borrow_mut() = browser::now() - started > SLOW_ANALYSIS_MS;
            *generation.borrow_mut() += 1;
            Computed { analysis: Shared(Rc::new(analysis)), generation: *generation.borrow(), epoch: inputs.epoch }
        })
    };
    // Cheap analyses follow every keystroke; slow ones wait for a pause in typing.
    {
        let (committed, slow) = (committed.clone(), slow.clone());
        use_effect_with(live.clone(), move |live| {
            let mut timer = None;
            if *committed.value.borrow() != *live {
                if *slow.borrow() {
                    let live = live.clone();
                    timer = Some(Timeout::new(DEBOUNCE_MS, move || committed.set(live)));
                } else {
                    committed.set(live.clone());
                }
            }
            move || drop(timer)
        });
    }
    // While the inputs have errors, keep showing the last results without errors of the same
    // work (epoch), as stale; without such results, show what could be computed.
    let last_good = use_mut_ref(|| None::<(u32, Shared)>);
    let current = computed.analysis.clone();
    if !current.has_errors() {
        *last_good.borrow_mut() = Some((computed.epoch, current.clone()));
    }
    let (shown, stale) = match (current.has_errors(), last_good.borrow().clone()) {
        (true, Some((epoch, good))) if epoch == computed.epoch => (good, true),
        _ => (current.clone(), false),
    };
    // The Variables panel lists the variables of the current jobspec; while it does not parse,
    // those of the last one that did (of the same work), so the panel does not vanish mid-edit.
    let last_declared = use_mut_ref(|| None::<(u32, Shared)>);
    if variables_known(&current) {
        *last_declared.borrow_mut() = Some((computed.epoch, current.clone()));
    }
    let (declaring, declared_stale) = match last_declared.borrow().clone() {
        Some((epoch, known)) if epoch == computed.epoch => {
            let stale = !Rc::ptr_eq(&known.0, &current.0);
            (known, stale)
        }
        _ => (current.clone(), false),
    };
    let marks = use_memo(current.clone(), |a| (underlines(a, SourceId::Jobspec), underlines(a, SourceId::Nodes)));

    // ---- effects: theme, autosave + URL, links opened later, shortcuts, toasts ----
    use_effect_with(state.theme, |theme| browser::apply_theme(theme.as_str()));

    let persist =
        use_mut_ref(|| Persist { autosave: Autosave::new(browser::load(AUTOSAVE_KEY)), ..Persist::default() });
    let report = {
        let (dispatch, shown) = (state.dispatcher(), state.autosave);
        move |status: Option<Status>| {
            if let Some(status) = status.filter(|s| *s != shown) {
                dispatch.dispatch(Action::Autosaved(status));
            }
        }
    };
    {
        let (persist, report) = (persist.clone(), report.clone());
        let saved: Saved =
            (state.jobspec.clone(), state.nodes.clone(), state.nomad, state.seed, state.tab, state.variables.clone());
        use_effect_with(saved, move |saved| {
            let p = persist.borrow();
            *p.latest.borrow_mut() = Some(saved.clone());
            // The loaded state is already where it came from; follow changes only.
            if !p.started.replace(true) || p.pending.get() {
                return;
            }
            p.pending.set(true);
            let flush_from = persist.clone();
            *p.timer.borrow_mut() = Some(Timeout::new(PERSIST_MS, move || report(flush_from.borrow().flush(false))));
        });
    }
    {
        let (persist, dispatch, help_open) = (persist.clone(), state.dispatcher(), help_open.clone());
        use_effect_with((), move |_| {
            browser::mark("netplay:ready");
            if let Some(root) = browser::document().and_then(|d| d.document_element()) {
                let _ = root.set_attribute("data-ready", "true");
            }
            let window = web_sys::window();
            let listeners: Vec<EventListener> = window
                .map(|w| {
                    let flush_on_hide = persist.clone();
                    let keep = persist.clone();
                    vec![
                        EventListener::new(&w, "pagehide", move |_| {
                            let p = flush_on_hide.borrow();
                            if p.pending.get() {
                                p.flush(false);
                            }
                        }),
                        EventListener::new(&w, "hashchange", move |_| {
                            let hash = browser::hash();
                            if !share::is_state_fragment(&hash) {
                                return;
                            }
                            match share::decode(&hash) {
                                Ok(snapshot) => {
                                    let current = keep.borrow().latest.borrow().as_ref().map(to_snapshot);
                                    if let Some(current) = current.filter(|c| *c != snapshot) {
                                        browser::save(BACKUP_KEY, &share::encode(&current));
                                    }
                                    dispatch.dispatch(Action::Open(snapshot));
                                }
                                Err(e) => dispatch.dispatch(Action::OpenFailed(e.to_string())),
                            }
                        }),
                    ]
                })
                .unwrap_or_default();
            // `?` opens the help (outside the editors and fields).
            let help = browser::document().map(|d| {
                EventListener::new(&d, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    let in_field = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
                    if e.key() == "?" && !in_field && !e.ctrl_key() && !e.meta_key() && !e.alt_key() {
                        e.prevent_default();
                        help_open.set(true);
                    }
                })
            });
            move || drop((listeners, help))
        });
    }
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.toast.as_ref().map(|t| t.id), move |id| {
            let timer = id.map(|id| Timeout::new(TOAST_MS, move || dispatch.dispatch(Action::ClearToast(id))));
            move || drop(timer)
        });
    }

    // ---- callbacks ----
    let act = state.dispatcher().to_callback();
    let dispatch = |make: fn() -> Action| act.reform(move |_: ()| make());
    let on_job = act.reform(|text| Action::Edit(Which::Jobspec, text));
    let on_nodes = act.reform(|text| Action::Edit(Which::Nodes, text));
    let on_nomad = act.reform(Action::SetNomad);
    let on_seed = act.reform(Action::SetSeed);
    let on_variable = act.reform(|(name, value)| Action::SetVariable(name, value));
    let on_example = act.reform(Action::LoadExample);
    let on_tab = act.reform(Action::SetTab);
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            browser::save(THEME_KEY, state.theme.toggled().as_str());
            state.dispatch(Action::ToggleTheme);
        })
    };
    let on_copy = {
        let state = state.clone();
        Callback::from(move |(text, what): (String, String)| {
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = browser::copy_text(&text).await;
                state.dispatch(Action::Toast(if ok {
                    format!("Copied {what}")
                } else {
                    format!("Could not copy {what}")
                }));
            });
        })
    };
    let on_share = {
        let (state, share_link) = (state.clone(), share_link.clone());
        Callback::from(move |_: ()| {
            let fragment = share::encode(&state.snapshot());
            if fragment.len() > MAX_URL_FRAGMENT {
                state.dispatch(Action::Toast("This work is too large to share as a link".into()));
                return;
            }
            browser::replace_hash(&fragment);
            let url = format!("{}#{fragment}", browser::page_url());
            share_link.set(Some((url.clone().into(), false)));
            let share_link = share_link.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = browser::copy_text(&url).await;
                share_link.set(Some((url.into(), copied)));
            });
        })
    };
    let on_markdown = {
        let (state, current) = (state.clone(), current.clone());
        let on_copy = on_copy.clone();
        Callback::from(move |_: ()| {
            let snapshot = state.snapshot();
            let link = format!("{}#{}", browser::page_url(), share::encode(&snapshot));
            let report = markdown::report(&snapshot, &current, Some(&link));
            on_copy.emit((report, "the Markdown report".to_string()));
        })
    };
    let on_goto = {
        let (job_ref, nodes_ref, state) = (job_ref.clone(), nodes_ref.clone(), state.clone());
        Callback::from(move |goto: Goto| {
            let (area, text) = match goto.source {
                SourceId::Jobspec => (job_ref.cast::<HtmlTextAreaElement>(), &state.jobspec),
                SourceId::Nodes => (nodes_ref.cast::<HtmlTextAreaElement>(), &state.nodes),
                // The playground gives core no variable files.
                SourceId::VarFile(_) => return,
            };
            if let Some(area) = area {
                let end = edit::byte_to_utf16(text, text.len());
                editor::reveal(&area, goto.utf16.min(end), goto.line);
            }
        })
    };
    let on_help = {
        let help_open = help_open.clone();
        Callback::from(move |_: ()| help_open.set(true))
    };
    let on_help_close = {
        let help_open = help_open.clone();
        Callback::from(move |_: ()| help_open.set(false))
    };
    let on_share_close = {
        let share_link = share_link.clone();
        Callback::from(move |_: ()| share_link.set(None))
    };

    let on_save_here = {
        let (persist, dispatch) = (persist.clone(), state.dispatcher());
        Callback::from(move |_: ()| {
            if let Some(status) = persist.borrow().flush(true) {
                dispatch.dispatch(Action::Autosaved(status));
            }
        })
    };

    let on_skip = {
        let job_ref = job_ref.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if let Some(area) = job_ref.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
            }
        })
    };

    html! {
        <>
            <a class="skip-link" href="#jobspec-input" onclick={on_skip}>{ "Skip to the editors" }</a>
            { header(&HeaderProps {
                nomad: state.nomad, seed: state.seed, example: state.example, theme: state.theme,
                on_nomad, on_seed, on_reroll: dispatch(|| Action::Reroll), on_example, on_share, on_markdown,
                on_reset: dispatch(|| Action::Reset), on_theme, on_help,
            }) }
            if let Some((url, copied)) = share_link.get() {
                { share_panel(url, copied, &on_share_close) }
            }
            <div class="notices">
                if let Some(error) = &state.share_error {
                    { banner(BannerProps {
                        tone: Tone::Error, testid: "share-error", action: None,
                        on_dismiss: dispatch(|| Action::DismissError),
                        children: html! { <>
                            <strong>{ "Could not open the link: " }</strong>{ error.clone() }
                            { ". Your previous work is still here." }
                        </> },
                    }) }
                }
                if state.restore.is_some() {
                    { banner(BannerProps {
                        tone: Tone::Notice, testid: "restore",
                        action: Some(("Restore my autosaved work", dispatch(|| Action::Restore))),
                        on_dismiss: dispatch(|| Action::DismissRestore),
                        children: html! {
                            { "You opened a shared link; it replaced your work in the editors. Your autosaved work is kept." }
                        },
                    }) }
                }
                if state.autosave == Status::StorageFull {
                    { banner(BannerProps {
                        tone: Tone::Error, testid: "storage-full", action: None,
                        on_dismiss: dispatch(|| Action::Autosaved(Status::Saved)),
                        children: html! {
                            { "This browser's storage is full or turned off, so your work is not being autosaved. Use Share to keep it as a link, or free some storage for this site." }
                        },
                    }) }
                }
                if state.autosave == Status::OtherTab {
                    { banner(BannerProps {
                        tone: Tone::Notice, testid: "other-tab",
                        action: Some(("Autosave this tab's work", on_save_here.clone())),
                        on_dismiss: dispatch(|| Action::Autosaved(Status::Saved)),
                        children: html! {
                            { "netplay is open in another tab, which autosaved its work after this tab did. This tab does not write over it: its own work stays in this tab (and in its address, for a reload). Autosaving it here keeps the other tab's work for restoring." }
                        },
                    }) }
                }
                if state.hint {
                    { banner(BannerProps {
                        tone: Tone::Hint, testid: "hint", action: None,
                        on_dismiss: dispatch(|| Action::DismissHint),
                        children: html! { <>
                            <strong>{ "Try it: " }</strong>
                            { "give " }<code>{ "port \"http\" {}" }</code>{ " a " }<code>{ "static = 8080" }</code>
                            { " and watch the Env tab, or re-roll the seed to move the dynamic ports." }
                        </> },
                    }) }
                }
            </div>
            <main class="workspace">
                <div class="inputs">
                    <Editor id="jobspec" label="Jobspec" file="job.hcl" value={state.jobspec.clone()}
                        underlines={marks.0.clone()} textarea={job_ref} rows={26} on_input={on_job} />
                    { variables_panel(&VariablesProps {
                        reports: &declaring.variables, stale: declared_stale, values: &state.variables,
                        diagnostics: &current.diagnostics, on_set: &on_variable,
                    }) }
                    <Editor id="nodes" label="Nodes" file="nodes.hcl" value={state.nodes.clone()}
                        underlines={marks.1.clone()} textarea={nodes_ref} rows={12} on_input={on_nodes} />
                    { diagnostics(&current, &on_goto) }
                </div>
                { results(&ResultsProps { analysis: shown, stale, generation: computed.generation, tab: state.tab, on_tab, on_copy }) }
            </main>
            <footer class="footer">
                { "netplay-core runs in this page as WebAssembly: nothing you type leaves your browser." }
            </footer>
            <p id="editor-keys" class="visually-hidden">
                { "Tab indents and Shift+Tab outdents. Press Escape to leave the editor, then Tab to move on. F8 jumps to the next problem." }
            </p>
            <div class="toast" role="status" aria-live="polite" data-testid="toast">
                { state.toast.as_ref().map(|t| t.text.clone()).unwrap_or_default() }
            </div>
            <Help open={help_open.get()} on_close={on_help_close} />
        </>
    }
}

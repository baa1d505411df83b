//! The app root: owns the state, derives the analysis once per change, keeps the URL and the
//! autosave in step, and lays out the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use netplay_core::cluster::count_entries;
use netplay_core::limits::MAX_INPUT_BYTES;
use netplay_core::{
    Analysis, Code, InventoryFormat, NomadVersion, Options, Severity, SourceId, VarArg, detect_inventory,
};
use wasm_bindgen::JsCast;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::autosave::{self, Autosave, Status};
use crate::browser::{self, AUTOSAVE_KEY, BACKUP_KEY, THEME_KEY};
use crate::components::about::about;
use crate::components::attached::{AttachedProps, attached_inputs, attached_kind, pasted_name};
use crate::components::banner::{BannerProps, Tone, banner};
use crate::components::busy::Busy;
use crate::components::diagnostics::{Goto, diagnostics};
use crate::components::drop::drop_target;
use crate::components::editor::{self, Editor, Underline};
use crate::components::header::{HeaderProps, header};
use crate::components::help::Help;
use crate::components::inventory_hcl::InventoryHcl;
use crate::components::pane_switch::{Pane, pane_switch};
use crate::components::results::{ResultsProps, results};
use crate::components::share_panel::share_panel;
use crate::components::variables::{VariablesProps, variables_panel};
use crate::components::{Local, Shared};
use crate::share::{self, Snapshot};
use crate::state::{Action, AppState, Attached, AttachedKind, Editor as Which, Tab, Theme, saved_attached};
use crate::worker::{Attachments, Background, Inputs, Outcome};
use crate::{edit, examples, markdown, variables};

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

/// What the shown analysis was computed from: these inputs on the page, or the background
/// analysis's answer of this number.
#[derive(Debug, Clone, PartialEq)]
enum Basis {
    Page(Box<Inputs>),
    Answer(u64),
}

/// The background analysis's latest answer: its number, its inputs and the analysis.
type Answer = (u64, Box<Inputs>, Shared);

/// One computed analysis.
#[derive(Debug)]
struct Computed {
    analysis: Shared,
    generation: u64,
    epoch: u32,
}

/// What the autosave and the URL record (cheap to clone: the texts are shared).
type Saved = (AttrValue, AttrValue, NomadVersion, u64, Tab, Vec<VarArg>, Attachments);

/// The snapshot the autosave and the URL keep of `saved`: without the attached inputs too
/// large for them ([`saved_attached`]), and `None` when the work does not open again from a
/// link ([`share::fits`]: an editor's text over netplay's input limit, checked before any
/// text is copied).
fn to_snapshot((jobspec, nodes, nomad, seed, tab, variables, attached): &Saved) -> Option<Snapshot> {
    if jobspec.len().max(nodes.len()) > MAX_INPUT_BYTES {
        return None;
    }
    let snapshot = Snapshot {
        jobspec: jobspec.to_string(),
        nodes: nodes.to_string(),
        nomad: *nomad,
        seed: *seed,
        tab: *tab,
        variables: variables.clone(),
        attached: attached.0.iter().filter(|a| saved_attached(a)).cloned().collect(),
    };
    share::fits(&snapshot).then_some(snapshot)
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
        // Work too large to open again from a link is neither autosaved nor put in the URL (a
        // note under the inventory says so).
        let Some(saved) = self.latest.borrow().as_ref().and_then(to_snapshot) else {
            browser::replace_hash("");
            return None;
        };
        let fragment = share::encode(&saved);
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

/// How many diagnostics, and the worst severity among them.
fn problem_count(analysis: &Analysis) -> (usize, Option<Severity>) {
    (analysis.diagnostics.len(), analysis.diagnostics.iter().map(|d| d.severity).min())
}

/// Brings the problems list into view (on a phone, after switching to the results).
fn show_problems() {
    if let Some(el) = browser::document().and_then(|d| d.get_element_by_id("problems-title")) {
        el.scroll_into_view();
    }
}

/// The diagnostics of `source` as the editor underlines them (the embeds use it too).
pub(crate) fn underlines(analysis: &Analysis, source: SourceId) -> Rc<Vec<Underline>> {
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
    let pane = Local { value: use_mut_ref(Pane::default), redraw: redraw.clone() };
    let env_filter = Local { value: use_mut_ref(String::new), redraw: redraw.clone() };

    // ---- the analysis: once per change of the inputs, here and nowhere else ----
    let live = Inputs {
        jobspec: state.jobspec.clone(),
        nodes: state.nodes.clone(),
        options: Options { nomad: state.nomad, seed: state.seed, ..Options::default() },
        variables: state.variables.clone(),
        attached: Attachments(state.attached.clone()),
        epoch: state.epoch,
    };
    let committed = Local { value: use_mut_ref(|| live.clone()), redraw: redraw.clone() };
    let slow = use_mut_ref(|| false);
    let generation = use_mut_ref(|| 0u64);
    let declared = use_mut_ref(Vec::<String>::new);
    // Large inputs are analysed in a Web Worker (crate::worker); its answers arrive here.
    let answer = use_mut_ref(|| None::<Answer>);
    let worker_failed = Local { value: use_mut_ref(|| None::<String>), redraw: redraw.clone() };
    let cancelled = Local { value: use_mut_ref(|| false), redraw: redraw.clone() };
    let background = {
        let (answer, declared, worker_failed, redraw) =
            (answer.clone(), declared.clone(), worker_failed.clone(), redraw.clone());
        use_memo((), move |_| {
            Background::new(Callback::from(move |outcome| match outcome {
                Outcome::Done(done) => {
                    let (inputs, analysis) = *done;
                    *declared.borrow_mut() = variables::declared_names(&analysis);
                    let number = answer.borrow().as_ref().map_or(1, |a| a.0 + 1);
                    *answer.borrow_mut() = Some((number, Box::new(inputs), Shared(Rc::new(analysis))));
                    redraw.force_update();
                }
                Outcome::Failed(message) => worker_failed.set(Some(message)),
            }))
        })
    };
    // Cheap analyses follow every keystroke within the keystroke's own render (one render per
    // keystroke, not a second one for the results); slow ones wait for a pause in typing.
    if !*slow.borrow() && *committed.value.borrow() != live {
        *committed.value.borrow_mut() = live.clone();
    }
    let inputs = committed.get();
    // Without a worker (it failed to start or stopped) everything is analysed on the page.
    let in_background = inputs.in_background() && worker_failed.value.borrow().is_none();
    let basis = use_mut_ref(|| Basis::Page(Box::new(inputs.clone())));
    let waiting = {
        let mut basis = basis.borrow_mut();
        let answered = answer.borrow();
        match (in_background, answered.as_ref()) {
            (false, _) => *basis = Basis::Page(Box::new(inputs.clone())),
            (true, Some((number, _, _))) => *basis = Basis::Answer(*number),
            // Until the first answer, the results of the page's last analysis stay (as stale).
            (true, None) => {}
        }
        in_background && answered.as_ref().is_none_or(|(_, of, _)| **of != inputs)
    };
    if in_background {
        // A request is cheap, but each keystroke need not be one: wait for a pause in typing.
        *slow.borrow_mut() = true;
    }
    {
        let (background, declared, cancelled) = (background.clone(), declared.clone(), cancelled.clone());
        use_effect_with((inputs.clone(), in_background), move |(inputs, in_background)| {
            *cancelled.value.borrow_mut() = false;
            if *in_background {
                background.request(inputs.clone(), declared.borrow().clone());
                cancelled.redraw.force_update();
            } else if background.in_flight().is_some() {
                // Smaller inputs are analysed on the page: the running analysis is not wanted.
                background.cancel();
            }
        });
    }
    let previous = use_mut_ref(|| None::<Shared>);
    let computed = {
        let (slow, generation, answer, declared) = (slow.clone(), generation.clone(), answer.clone(), declared.clone());
        use_memo(basis.borrow().clone(), move |basis| {
            let (analysis, epoch) = match basis {
                Basis::Page(inputs) => {
                    let started = browser::now();
                    let analysis = variables::analyze_declared(
                        &inputs.jobspec,
                        &inputs.nodes,
                        &inputs.options(),
                        &inputs.variables,
                        &mut declared.borrow_mut(),
                    );
                    *slow.borrow_mut() = browser::now() - started > SLOW_ANALYSIS_MS;
                    (Shared(Rc::new(analysis)), inputs.epoch)
                }
                Basis::Answer(_) => {
                    let answer = answer.borrow();
                    let (_, inputs, analysis) = answer.as_ref().expect("an answer is kept once given");
                    (analysis.clone(), inputs.epoch)
                }
            };
            *generation.borrow_mut() += 1;
            // An edit that changes nothing in the results (a comment, a blank line) keeps the
            // previous analysis itself, so everything keyed on it (underlines, painted blocks)
            // stays as it is.
            let mut previous = previous.borrow_mut();
            let analysis = match previous.as_ref() {
                Some(same) if same.0 == analysis.0 => same.clone(),
                _ => analysis,
            };
            *previous = Some(analysis.clone());
            Computed { analysis, generation: *generation.borrow(), epoch }
        })
    };
    // After a slow analysis the inputs run ahead of what was analysed: analyse them once typing
    // pauses for DEBOUNCE_MS (a new keystroke drops the pending timer).
    {
        let committed = committed.clone();
        use_effect_with(live.clone(), move |live| {
            let mut timer = None;
            if *committed.value.borrow() != *live {
                let live = live.clone();
                timer = Some(Timeout::new(DEBOUNCE_MS, move || committed.set(live)));
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
    // A jobspec written for another Nomad line gets the hint and its own (partial) results, not
    // the stale results of what was there before.
    let mismatch = current.version_hint.as_ref().is_some_and(|h| h.suggest != current.nomad);
    let (shown, stale) = match (current.has_errors() && !mismatch, last_good.borrow().clone()) {
        (true, Some((epoch, good))) if epoch == computed.epoch => (good, true),
        _ => (current.clone(), waiting),
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
    // The header's selects follow the state, also after the user picked an option by hand.
    use_effect_with((state.nomad, state.shown_example().map(|e| e.slug)), |(nomad, example)| {
        browser::select_value("nomad-version", nomad.as_str());
        browser::select_value("example", example.unwrap_or(""));
    });

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
    let saved: Saved = (
        state.jobspec.clone(),
        state.nodes.clone(),
        state.nomad,
        state.seed,
        state.tab,
        state.variables.clone(),
        live.attached.clone(),
    );
    // Work too large to open again from a link is neither autosaved nor put in the URL.
    let unsaved = *use_memo(saved.clone(), |saved| to_snapshot(saved).is_none());
    let undo_pending = use_mut_ref(|| false);
    *undo_pending.borrow_mut() = state.undo_pending();
    {
        let (persist, report, saved) = (persist.clone(), report.clone(), saved.clone());
        // While Reset's or an example's text stands untouched, the autosave (and the URL) keep
        // the work it replaced, so a reload brings that back; editing moves on.
        let hold = state.undo_pending();
        use_effect_with((saved, hold), move |(saved, hold)| {
            let p = persist.borrow();
            if *hold {
                return;
            }
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
        let undo_pending = undo_pending.clone();
        let undo = state.dispatcher();
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
                                    let current = keep.borrow().latest.borrow().as_ref().and_then(to_snapshot);
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
            // `?` opens the help (outside the editors and fields). Ctrl/⌘+Z right after Reset or
            // an example brings the replaced work back (the editors have nothing to undo then).
            let help = browser::document().map(|d| {
                EventListener::new(&d, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    let command = e.ctrl_key() || e.meta_key();
                    if command && !e.shift_key() && e.key().eq_ignore_ascii_case("z") && *undo_pending.borrow() {
                        e.prevent_default();
                        undo.dispatch(Action::Undo);
                        return;
                    }
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
    use_effect_with(state.undo.as_ref().map(|u| u.previous.clone()), |previous| {
        if let Some(previous) = previous {
            browser::save(BACKUP_KEY, &share::encode(previous));
        }
    });
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
    let on_job_file = on_job.reform(|(_name, text): (String, String)| text);
    let on_attach = act.reform(Action::Attach);
    let on_detach = act.reform(Action::Detach);
    // A file dropped on the inventory editor: an allocation list or the host's addresses is
    // attached, anything else replaces the text.
    let on_nodes_file = act.reform(|(name, text): (String, String)| match attached_kind(&text) {
        Some(kind) => Action::Attach(Attached { kind, name, text: text.into() }),
        None => Action::Edit(Which::Nodes, text),
    });
    // Pasting either of those into the inventory editor attaches it instead of inserting it; a
    // text over the editor's limit replaces the inventory without going through the textarea.
    let on_nodes_paste = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let Some(data) = e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|e| e.clipboard_data()) else { return };
            let Some(text) = browser::transfer_text(&data) else { return };
            let Some(kind) = attached_kind(&text) else {
                // A text too large to edit in the textarea replaces the inventory without being
                // inserted there (the editor shows its start; see components::editor).
                if text.len().max(state.nodes.len()) > editor::MIRROR_LIMIT {
                    e.prevent_default();
                    state.dispatch(Action::Edit(Which::Nodes, text));
                }
                return;
            };
            e.prevent_default();
            let name = pasted_name(&state.attached, kind);
            state.dispatch(Action::Attach(Attached { kind, name, text: text.into() }));
        })
    };
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
        let (state, share_link, saved) = (state.clone(), share_link.clone(), saved.clone());
        Callback::from(move |_: ()| {
            let fragment = to_snapshot(&saved).map(|s| share::encode(&s)).unwrap_or_default();
            if fragment.is_empty() || fragment.len() > MAX_URL_FRAGMENT {
                state.dispatch(Action::Toast("This work is too large to share as a link".into()));
                return;
            }
            let left_out: Vec<&str> =
                state.attached.iter().filter(|a| !saved_attached(a)).map(|a| a.name.as_str()).collect();
            if !left_out.is_empty() {
                let names = left_out.join(", ");
                state.dispatch(Action::Toast(format!("The link leaves out {names}: too large for a link")));
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
        let (state, current, saved) = (state.clone(), current.clone(), saved.clone());
        let on_copy = on_copy.clone();
        Callback::from(move |_: ()| {
            let link = to_snapshot(&saved).map(|s| format!("{}#{}", browser::page_url(), share::encode(&s)));
            let report = markdown::report(&state.snapshot(), &current, link.as_deref());
            on_copy.emit((report, "the Markdown report".to_string()));
        })
    };
    let on_goto = {
        let (job_ref, nodes_ref, state, pane) = (job_ref.clone(), nodes_ref.clone(), state.clone(), pane.clone());
        Callback::from(move |goto: Goto| {
            pane.set(Pane::Editors);
            let (area, text) = match goto.source {
                SourceId::Jobspec => (job_ref.cast::<HtmlTextAreaElement>(), &state.jobspec),
                SourceId::Nodes => (nodes_ref.cast::<HtmlTextAreaElement>(), &state.nodes),
                // An attached input has no editor: its chip takes the focus.
                SourceId::Interfaces | SourceId::Allocs(_) => {
                    if let Some(chip) = state
                        .attached_index(goto.source)
                        .and_then(|i| browser::document()?.get_element_by_id(&format!("attached-{i}")))
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = chip.focus();
                    }
                    return;
                }
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

    let on_pane = {
        let pane = pane.clone();
        Callback::from(move |p: Pane| pane.set(p))
    };
    let on_problems = {
        let pane = pane.clone();
        Callback::from(move |_: ()| {
            pane.set(Pane::Results);
            show_problems();
        })
    };
    let on_filter = {
        let env_filter = env_filter.clone();
        Callback::from(move |text: String| env_filter.set(text))
    };
    let on_cancel = {
        let (background, cancelled) = (background.clone(), cancelled.clone());
        Callback::from(move |_: ()| {
            background.cancel();
            cancelled.set(true);
        })
    };
    let on_analyse_again = {
        let (background, cancelled, inputs, declared) =
            (background.clone(), cancelled.clone(), inputs.clone(), declared.clone());
        Callback::from(move |_: ()| {
            background.request(inputs.clone(), declared.borrow().clone());
            cancelled.set(false);
        })
    };
    let has_interfaces = state.attached.iter().any(|a| a.kind == AttachedKind::Interfaces);
    let interfaces_unused = *use_memo((state.nodes.clone(), has_interfaces), |(nodes, has)| {
        *has && detect_inventory(nodes) != InventoryFormat::AgentConfig
    });
    // Counting walks the whole JSON: only inputs the editor would still show are counted.
    let counts = use_memo(live.attached.clone(), |attached| {
        attached
            .0
            .iter()
            .map(|a| (a.text.len() <= editor::MIRROR_LIMIT).then(|| count_entries(&a.text)).flatten())
            .collect::<Vec<_>>()
    });
    let problems = problem_count(&current);
    let shown_example = state.shown_example();
    let started_from = examples::find(state.example).filter(|_| state.from_example);
    let try_it = shown_example.and_then(|e| e.try_it).filter(|_| state.hint);
    let version_hint =
        current.version_hint.as_ref().filter(|h| h.suggest != state.nomad && !state.version_hint_dismissed).cloned();
    let pane_badge = match problems {
        (0, _) => None,
        (n, Some(Severity::Error)) => Some((n.to_string(), "badge sev-error")),
        (n, Some(Severity::Warning)) => Some((n.to_string(), "badge sev-warning")),
        (n, _) => Some((n.to_string(), "badge sev-info")),
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
                nomad: state.nomad, seed: state.seed, example: shown_example.map(|e| e.slug), problems, theme: state.theme,
                on_nomad: on_nomad.clone(), on_seed, on_reroll: dispatch(|| Action::Reroll), on_example, on_share, on_markdown,
                on_reset: dispatch(|| Action::Reset), on_theme, on_help, on_problems,
            }) }
            if let Some((url, copied)) = share_link.get() {
                { share_panel(url, copied, &on_share_close) }
            }
            <div class="notices">
                if let Some((busy, started)) = background.in_flight() {
                    <Busy {started} bytes={busy.bytes()} on_cancel={on_cancel} />
                } else if cancelled.get() && waiting {
                    { banner(BannerProps {
                        tone: Tone::Notice, testid: "analysis-cancelled",
                        action: Some(("Analyse".to_string(), on_analyse_again)),
                        on_dismiss: { let cancelled = cancelled.clone(); Callback::from(move |_: ()| cancelled.set(false)) },
                        children: html! { "Analysis cancelled: the results shown are of earlier inputs (marked stale). Edit the inputs, or analyse these." },
                    }) }
                }
                if let Some(failure) = worker_failed.get() {
                    { banner(BannerProps {
                        tone: Tone::Notice, testid: "worker-failed", action: None,
                        on_dismiss: { let worker_failed = worker_failed.clone(); Callback::from(move |_: ()| worker_failed.set(None)) },
                        children: html! { <>
                            { failure }{ ". Large inputs are analysed on the page instead; it may stop responding while it works." }
                        </> },
                    }) }
                }
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
                if let Some(undo) = &state.undo {
                    { banner(BannerProps {
                        tone: Tone::Notice, testid: "undo",
                        action: Some(("Undo".to_string(), dispatch(|| Action::Undo))),
                        on_dismiss: dispatch(|| Action::DismissUndo),
                        children: html! { <>
                            <strong>{ if undo.by == "Reset" { "Reset: ".to_string() } else { format!("Example \u{201c}{}\u{201d}: ", undo.by) } }</strong>
                            { "your own text was replaced and is kept. Undo (or Ctrl+Z) brings it back." }
                        </> },
                    }) }
                }
                if let Some(hint) = &version_hint {
                    { banner(BannerProps {
                        tone: Tone::Notice, testid: "version-hint",
                        action: Some((format!("Switch to Nomad {}", hint.suggest), on_nomad.reform({
                            let suggest = hint.suggest;
                            move |_| suggest
                        }))),
                        on_dismiss: dispatch(|| Action::DismissVersionHint),
                        children: html! { <>
                            { crate::components::rich(&hint.message) }
                            <span class="muted">{ format!(" (line {})", hint.line) }</span>
                        </> },
                    }) }
                }
                if state.restore.is_some() {
                    { banner(BannerProps {
                        tone: Tone::Notice, testid: "restore",
                        action: Some(("Restore my autosaved work".to_string(), dispatch(|| Action::Restore))),
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
                        action: Some(("Autosave this tab's work".to_string(), on_save_here.clone())),
                        on_dismiss: dispatch(|| Action::Autosaved(Status::Saved)),
                        children: html! {
                            { "netplay is open in another tab, which autosaved its work after this tab did. This tab does not write over it: its own work stays in this tab (and in its address, for a reload). Autosaving it here keeps the other tab's work for restoring." }
                        },
                    }) }
                }
                if let Some(try_it) = try_it {
                    { banner(BannerProps {
                        tone: Tone::Hint, testid: "hint", action: None,
                        on_dismiss: dispatch(|| Action::DismissHint),
                        children: html! { <>
                            <strong>{ "Try it: " }</strong>{ crate::components::rich(try_it) }
                        </> },
                    }) }
                }
            </div>
            { pane_switch(pane.get(), pane_badge, &on_pane) }
            <main class="workspace" data-pane={pane.get().id()}
                data-analysis={if matches!(*basis.borrow(), Basis::Answer(_)) { "worker" } else { "page" }}>
                <div class="inputs">
                    if let Some(example) = started_from {
                        { about(example, shown_example.is_some_and(|e| e.slug == example.slug)) }
                    }
                    { drop_target("jobspec-drop", &on_job_file, html! {
                        <Editor id="jobspec" label="Jobspec" file="job.hcl" value={state.jobspec.clone()}
                            underlines={marks.0.clone()} textarea={job_ref} rows={26} on_input={on_job.clone()} />
                    }) }
                    { variables_panel(&VariablesProps {
                        reports: &declaring.variables, stale: declared_stale, values: &state.variables,
                        diagnostics: &current.diagnostics, on_set: &on_variable,
                    }) }
                    { drop_target("nodes-drop", &on_nodes_file, html! {
                        <Editor id="nodes" label="Nodes" file="nodes.hcl" value={state.nodes.clone()}
                            underlines={marks.1.clone()} textarea={nodes_ref} rows={12} on_input={on_nodes.clone()}
                            on_paste={on_nodes_paste} />
                    }) }
                    { attached_inputs(&AttachedProps {
                        inputs: &state.attached, counts: &counts, interfaces_unused, on_attach: &on_attach,
                        on_detach: &on_detach,
                    }) }
                    if unsaved {
                        <p class="muted attached-note" data-testid="unsaved">
                            { "This work is too large for the autosave and share links (they hold texts up to 1 MB): it is not kept when you leave the page." }
                        </p>
                    }
                    <InventoryHcl inputs={live.clone()} on_copy={on_copy.clone()} on_use={act.reform(Action::UseInventory)} />
                </div>
                <div class="outputs">
                    { diagnostics(&current, &on_goto) }
                    { results(&ResultsProps {
                        analysis: shown, stale, generation: computed.generation, tab: state.tab, on_tab, on_copy,
                        env_filter: env_filter.get(), on_filter,
                    }) }
                </div>
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

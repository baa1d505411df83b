//! The background analysis: inputs too large to analyse between two keystrokes (over
//! [`BACKGROUND_BYTES`] together) are analysed in a Web Worker that runs this same
//! WebAssembly module, so the page keeps responding while core works; the page shows a notice
//! with the time spent and a Cancel button, which ends the worker.
//!
//! - The worker's script is `api/worker.js` (written by the docs build next to the JS API): it
//!   imports the module's glue and instantiates the module the page hands it
//!   (`wasm_bindgen::module()`), so nothing is downloaded or compiled again. `main` does
//!   nothing there (a worker has no document).
//! - A request carries the texts and settings; a text the worker already holds (the same
//!   shared string as in the request before) is not sent again, so typing in the jobspec next
//!   to a 30 MB allocation list moves a few kilobytes, not 30 MB. Texts cross as UTF-8 bytes
//!   (a `Uint8Array` whose buffer is transferred), which both sides copy in one piece.
//! - The worker calls [`background_analyze`], which runs the playground's own analysis
//!   ([`crate::variables::analyze_declared`]) and returns it as JSON text (serde_json), which
//!   the page reads back into core's `Analysis`. Plain text crosses between threads in one
//!   copy, and reading it back is one pass of serde_json over a string.
//! - One request runs at a time; while it runs only the newest next one is kept, and sent
//!   when the answer comes.
//!
//! If the worker cannot start (a page without `api/`, a browser without module workers), the
//! outcome says so and the app analyses on the page instead.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use netplay_core::{Analysis, ClusterInputs, NomadVersion, Options, VarArg};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::{AttrValue, Callback};

use crate::state::{Attached, AttachedKind};

/// Inputs larger than this together (bytes) are analysed in the background.
pub const BACKGROUND_BYTES: usize = 256 * 1024;

/// The worker's script, relative to the playground's page.
const WORKER_SCRIPT: &str = "api/worker.js";

/// Analyses as the playground does, inside the worker (`api/worker.js` calls it). `values`
/// holds the typed variable values as name, value, name, value...; `guess` the names the
/// previous analysis declared (see [`crate::variables::analyze_declared`]).
#[wasm_bindgen(js_name = backgroundAnalyze, skip_typescript)]
/// The texts come as UTF-8 bytes (`Uint8Array`; see [`Background::request`]).
#[allow(clippy::too_many_arguments)] // one call site, in api/worker.js, with plain values
pub fn background_analyze(
    jobspec: Vec<u8>,
    nodes: Vec<u8>,
    nomad: &str,
    seed: &str,
    values: Vec<String>,
    guess: Vec<String>,
    interfaces: Option<Vec<u8>>,
    allocations: js_sys::Array,
) -> Result<String, JsValue> {
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).map_err(|e| JsValue::from_str(&e.to_string()));
    let (jobspec, nodes) = (text(jobspec)?, text(nodes)?);
    let interfaces = interfaces.map(text).transpose()?;
    let allocations = allocations
        .iter()
        .map(|a| {
            text(
                a.dyn_into::<js_sys::Uint8Array>()
                    .map_err(|_| JsValue::from_str("an allocation list is no Uint8Array"))?
                    .to_vec(),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let nomad = nomad.parse::<NomadVersion>().map_err(|e| JsValue::from_str(&e.to_string()))?;
    let seed = seed.parse::<u64>().map_err(|e| JsValue::from_str(&e.to_string()))?;
    let values: Vec<VarArg> = values
        .chunks(2)
        .map(|pair| VarArg { name: pair[0].clone(), value: pair.get(1).cloned().unwrap_or_default() })
        .collect();
    let options = Options { nomad, seed, cluster: ClusterInputs { interfaces, allocations }, ..Options::default() };
    let mut guess = guess;
    let analysis = crate::variables::analyze_declared(&jobspec, &nodes, &options, &values, &mut guess);
    serde_json::to_string(&analysis).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// The attached inputs, compared by identity: their texts are shared, never changed in place,
/// and can be tens of MB (comparing them byte by byte on every render would cost more than
/// the render).
#[derive(Debug, Clone, Default)]
pub struct Attachments(pub Vec<Attached>);

impl PartialEq for Attachments {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| a.kind == b.kind && a.name == b.name && Rc::ptr_eq(&a.text, &b.text))
    }
}

impl Attachments {
    /// The texts of one kind, in order.
    pub fn texts(&self, kind: AttachedKind) -> impl Iterator<Item = &Rc<str>> {
        self.0.iter().filter(move |a| a.kind == kind).map(|a| &a.text)
    }

    /// What core gets besides the two texts: the allocation lists in order (the i-th is
    /// `SourceId::Allocs(i)`) and the host's addresses.
    pub fn cluster_inputs(&self) -> ClusterInputs {
        let text = |t: &Rc<str>| t.to_string();
        ClusterInputs {
            interfaces: self.texts(AttachedKind::Interfaces).next().map(text),
            allocations: self.texts(AttachedKind::Allocations).map(text).collect(),
        }
    }
}

/// What one analysis is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// The jobspec text.
    pub jobspec: AttrValue,
    /// The inventory text.
    pub nodes: AttrValue,
    /// Core's options, without the cluster inputs (they come from `attached`) and the variable
    /// values (core gets those of declared variables, from `variables`).
    pub options: Options,
    /// Every value typed in the Variables panel.
    pub variables: Vec<VarArg>,
    /// The inputs attached to the inventory.
    pub attached: Attachments,
    /// The work's epoch ([`crate::state::AppState::epoch`]).
    pub epoch: u32,
}

impl Inputs {
    /// The bytes of text analysed.
    pub fn bytes(&self) -> usize {
        self.jobspec.len() + self.nodes.len() + self.attached.0.iter().map(|a| a.text.len()).sum::<usize>()
    }

    /// True when these inputs are analysed in the background: over [`BACKGROUND_BYTES`].
    pub fn in_background(&self) -> bool {
        self.bytes() > BACKGROUND_BYTES
    }

    /// Core's options with the attached inputs.
    pub fn options(&self) -> Options {
        Options { cluster: self.attached.cluster_inputs(), ..self.options.clone() }
    }
}

/// A request: the inputs and the variables the previous analysis declared.
#[derive(Debug, Clone)]
struct Request {
    inputs: Inputs,
    guess: Vec<String>,
    /// When it was sent (`performance.now()`).
    started: f64,
}

/// How a request ended.
#[derive(Debug)]
pub enum Outcome {
    /// The analysis of these inputs.
    Done(Box<(Inputs, Analysis)>),
    /// The worker failed (could not start, or stopped on an error): why.
    Failed(String),
}

/// Identifies a text the worker holds: where it lives on the page and its length (the page
/// shares texts, so an unchanged text is the same allocation).
type Held = (usize, usize);

fn held(text: &str) -> Held {
    (text.as_ptr() as usize, text.len())
}

/// The texts the worker holds, as of the last request sent to it.
#[derive(Debug, Default, PartialEq)]
struct Holding {
    jobspec: Option<Held>,
    nodes: Option<Held>,
    interfaces: Option<Option<Held>>,
    allocations: Option<Vec<Held>>,
}

struct Running {
    worker: Worker,
    _listeners: [EventListener; 2],
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

#[derive(Default)]
struct Inner {
    running: Option<Running>,
    holding: Holding,
    in_flight: Option<Request>,
    queued: Option<Request>,
}

/// The page's side of the background analysis. Cheap to clone (shared).
#[derive(Clone)]
pub struct Background {
    inner: Rc<RefCell<Inner>>,
    on_outcome: Callback<Outcome>,
}

impl PartialEq for Background {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Background {
    /// A background analysis whose answers go to `on_outcome` (no worker runs until the first
    /// request).
    pub fn new(on_outcome: Callback<Outcome>) -> Self {
        Background { inner: Rc::default(), on_outcome }
    }

    /// Analyses `inputs` now, or after the running analysis (replacing any request waiting);
    /// `guess` holds the variables the previous analysis declared.
    pub fn request(&self, inputs: Inputs, guess: Vec<String>) {
        let request = Request { inputs, guess, started: crate::browser::now() };
        let mut inner = self.inner.borrow_mut();
        if inner.in_flight.is_some() {
            inner.queued = Some(request);
            return;
        }
        drop(inner);
        self.send(request);
    }

    /// Ends the running analysis and any waiting one (the worker is ended; the next request
    /// starts a new one).
    pub fn cancel(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.running = None;
        inner.holding = Holding::default();
        inner.in_flight = None;
        inner.queued = None;
    }

    /// The inputs being analysed and when that started (`performance.now()`), if any.
    pub fn in_flight(&self) -> Option<(Inputs, f64)> {
        self.inner.borrow().in_flight.as_ref().map(|r| (r.inputs.clone(), r.started))
    }

    fn send(&self, mut request: Request) {
        request.started = crate::browser::now();
        if let Err(message) = self.try_send(&request) {
            self.cancel();
            self.on_outcome.emit(Outcome::Failed(message));
            return;
        }
        self.inner.borrow_mut().in_flight = Some(request);
    }

    fn try_send(&self, request: &Request) -> Result<(), String> {
        let worker = self.worker()?;
        let mut inner = self.inner.borrow_mut();
        let message = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
        };
        // Texts travel as UTF-8 bytes whose buffers are handed over, not copied again: one copy
        // out of the module's memory, where a JavaScript string would cost a conversion here
        // and a character-by-character walk in the worker.
        let transfer = js_sys::Array::new();
        let bytes = |text: &str| {
            let array = js_sys::Uint8Array::from(text.as_bytes());
            transfer.push(&array.buffer());
            JsValue::from(array)
        };
        let inputs = &request.inputs;
        let jobspec = held(&inputs.jobspec);
        if inner.holding.jobspec != Some(jobspec) {
            set("jobspec", &bytes(&inputs.jobspec));
            inner.holding.jobspec = Some(jobspec);
        }
        let nodes = held(&inputs.nodes);
        if inner.holding.nodes != Some(nodes) {
            set("nodes", &bytes(&inputs.nodes));
            inner.holding.nodes = Some(nodes);
        }
        let interfaces_text = inputs.attached.texts(AttachedKind::Interfaces).next();
        let interfaces = interfaces_text.map(|t| held(t));
        if inner.holding.interfaces != Some(interfaces) {
            set("interfaces", &interfaces_text.map_or(JsValue::NULL, |t| bytes(t)));
            inner.holding.interfaces = Some(interfaces);
        }
        let allocations: Vec<Held> = inputs.attached.texts(AttachedKind::Allocations).map(|t| held(t)).collect();
        if inner.holding.allocations.as_ref() != Some(&allocations) {
            let list: js_sys::Array = inputs.attached.texts(AttachedKind::Allocations).map(|t| bytes(t)).collect();
            set("allocations", &list);
            inner.holding.allocations = Some(allocations);
        }
        set("nomad", &JsValue::from_str(inputs.options.nomad.as_str()));
        set("seed", &JsValue::from_str(&inputs.options.seed.to_string()));
        set("values", &strings(inputs.variables.iter().flat_map(|v| [v.name.as_str(), v.value.as_str()])));
        set("guess", &strings(request.guess.iter().map(String::as_str)));
        drop(inner);
        worker.post_message_with_transfer(&message, &transfer).map_err(|e| describe(&e))
    }

    /// The running worker, started (and handed the module) if there is none.
    fn worker(&self) -> Result<Worker, String> {
        if let Some(running) = &self.inner.borrow().running {
            return Ok(running.worker.clone());
        }
        let base = crate::browser::document().and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
        let url = web_sys::Url::new_with_base(WORKER_SCRIPT, &base).map(|u| u.href()).map_err(|e| describe(&e))?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&url, &options).map_err(|e| describe(&e))?;
        let start = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&start, &JsValue::from_str("module"), &wasm_bindgen::module());
        worker.post_message(&start).map_err(|e| describe(&e))?;
        let on_message = {
            let this = self.clone();
            EventListener::new(&worker, "message", move |e| {
                if let Some(e) = e.dyn_ref::<MessageEvent>() {
                    this.answered(&e.data());
                }
            })
        };
        let on_error = {
            let this = self.clone();
            EventListener::new(&worker, "error", move |e| {
                let detail = e.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.message()).filter(|m| !m.is_empty());
                this.cancel();
                this.on_outcome.emit(Outcome::Failed(format!(
                    "the background analysis could not run ({})",
                    detail.unwrap_or_else(|| format!("{WORKER_SCRIPT} did not load"))
                )));
            })
        };
        self.inner.borrow_mut().running = Some(Running { worker: worker.clone(), _listeners: [on_message, on_error] });
        Ok(worker)
    }

    /// The worker's answer to the request in flight.
    fn answered(&self, data: &JsValue) {
        let Some(request) = self.inner.borrow_mut().in_flight.take() else { return };
        let field = |key: &str| js_sys::Reflect::get(data, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
        let outcome = match (field("json"), field("error")) {
            (Some(json), _) => match serde_json::from_str::<Analysis>(&json) {
                Ok(analysis) => Outcome::Done(Box::new((request.inputs, analysis))),
                Err(e) => {
                    Outcome::Failed(format!("the background analysis answered in a shape this page cannot read ({e})"))
                }
            },
            (None, error) => {
                // A trap leaves the worker's module unusable: start a new one next time.
                self.cancel();
                Outcome::Failed(format!(
                    "the background analysis stopped on an internal error ({})",
                    error.unwrap_or_default()
                ))
            }
        };
        let next = self.inner.borrow_mut().queued.take();
        if let Some(next) = next {
            self.send(next);
        }
        self.on_outcome.emit(outcome);
    }
}

/// A JS array of strings.
fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> JsValue {
    items.into_iter().map(JsValue::from_str).collect::<js_sys::Array>().into()
}

/// A thrown JS value as text.
fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

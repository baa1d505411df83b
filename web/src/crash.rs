//! What happens when the app panics: the user's text is kept and the page says so.
//!
//! Release builds abort on a panic (the `web` profile), which stops the WebAssembly instance
//! for good; the hook installed here runs first. It saves both editors' text (as they are in the
//! page, so even the last keystrokes) over the autosave, keeping the version, seed, tab and
//! variable values the autosave had, and puts a message at the top of the page. The editors stay
//! where they are, with the text in them. Reloading the page restores the work.
//!
//! The compact iframe form (`?view=compact`) keeps its state in the page's address after every
//! edit, not in the autosave: there the hook only says so (the playground's autosave is the
//! user's own work, which an iframe's example must not replace).
//!
//! A `netplay:panic` event on `window` makes the app panic on purpose, so that the browser tests
//! can check all this (`window.dispatchEvent(new Event("netplay:panic"))`); any script on the
//! page could stop the app anyway. The panic is a real one: the hook runs, then the release
//! build aborts (a WebAssembly trap), which `web/boot.js`'s trap handler leaves alone once this
//! hook's message is on the page.

use netplay_share::{Snapshot, Tab};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

use crate::browser::{self, AUTOSAVE_KEY};
use crate::share;

/// The name of the event that makes the app panic (for the browser tests).
pub const PANIC_EVENT: &str = "netplay:panic";

/// Where the page keeps the user's text between loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The playground: the autosave, which the hook brings up to date.
    Autosave,
    /// The compact iframe form: the page's address, already up to date.
    Address,
}

/// Installs the panic hook (through Yew, which otherwise puts its own in place when it starts
/// rendering) and the test event's listener.
pub fn install(keep: Keep) {
    yew::set_custom_panic_hook(Box::new(move |info| {
        let detail = info.to_string();
        web_sys::console::error_1(&detail.as_str().into());
        let saved = match keep {
            Keep::Autosave => keep_the_text(),
            Keep::Address => true,
        };
        show(&detail, saved, keep);
    }));
    if let Some(window) = web_sys::window() {
        gloo_events::EventListener::new(&window, PANIC_EVENT, |_| panic!("the page asked for a panic ({PANIC_EVENT})"))
            .forget();
    }
}

fn editor_text(id: &str) -> Option<String> {
    let area = browser::document()?.get_element_by_id(id)?.dyn_into::<HtmlTextAreaElement>().ok()?;
    Some(area.value())
}

/// Saves the editors' text over the autosave; false when there was nothing to save or storage
/// refused it.
fn keep_the_text() -> bool {
    let (Some(jobspec), Some(nodes)) = (editor_text("jobspec-input"), editor_text("nodes-input")) else {
        return false;
    };
    let base = browser::load(AUTOSAVE_KEY).and_then(|s| share::decode(&s).ok());
    let snapshot = match base {
        Some(saved) => Snapshot { jobspec, nodes, ..saved },
        None => Snapshot {
            jobspec,
            nodes,
            nomad: netplay_core::NomadVersion::default(),
            seed: netplay_core::DEFAULT_SEED,
            tab: Tab::default(),
            variables: Vec::new(),
            attached: Vec::new(),
        },
    };
    // Text over netplay's input limits would not open again: the autosave stays as it was.
    share::fits(&snapshot) && browser::save(AUTOSAVE_KEY, &share::encode(&snapshot))
}

/// Puts the message at the top of the page (as text).
fn show(detail: &str, saved: bool, keep: Keep) {
    let Some(doc) = browser::document() else { return };
    let Some(body) = doc.body() else { return };
    let Ok(note) = doc.create_element("div") else { return };
    note.set_class_name("crash");
    let _ = note.set_attribute("role", "alert");
    let _ = note.set_attribute("data-testid", "crash");
    let kept = if keep == Keep::Address {
        "Your text is still in the editors and in the page's address: reload the page to go on working."
    } else if saved {
        "Your text is still in the editors and saved in this browser: reload the page to go on working."
    } else {
        "Your text is still in the editors: copy it before you reload the page (this browser did not let netplay save it)."
    };
    note.set_text_content(Some(&format!(
        "netplay stopped after an internal error, so the results no longer follow your edits. {kept} \
         Please report the error with a share link of your work. Details: {detail}"
    )));
    let _ = body.prepend_with_node_1(&note);
}

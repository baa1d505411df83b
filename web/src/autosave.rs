//! The autosave in `localStorage`, written so that no work is lost without a word.
//!
//! - Storage full or disabled: the write fails, and the page says that the work is not being
//!   saved (until a write works again).
//! - Two tabs: every tab remembers what it last wrote to the autosave (or found there at page
//!   load). When the stored value has changed since, another tab wrote it: this tab does not
//!   write over it, and the page says so and offers to save this tab's work instead, which first
//!   keeps the other tab's work where an opened link keeps the replaced work
//!   ([`BACKUP_KEY`], offered for restoring on the next load). This tab's work also stays in
//!   its address bar (when it fits), so a reload of this tab opens it.
//! - A reload in the middle of typing: the address the browser reloads may hold the state from
//!   before the last keystrokes, while the autosave written as the page went away holds them.
//!   Each tab notes (in `sessionStorage`, which a reload keeps) the states it put in its address
//!   and the autosave it wrote last; when the address holds one of its own states and the
//!   autosave is still its own, the page opens the autosave: the newer of the two, and not a
//!   link anyone sent.

use std::cell::RefCell;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::browser::{self, AUTOSAVE_KEY, BACKUP_KEY};

/// How the last autosave went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// Saved (or nothing to save yet).
    #[default]
    Saved,
    /// The browser refused the write: storage is full or turned off.
    StorageFull,
    /// Another tab saved its work since this tab last did; this tab did not write over it.
    OtherTab,
}

/// What this tab last wrote to the autosave, or found there.
#[derive(Debug, Default)]
pub struct Autosave {
    last: RefCell<Option<String>>,
}

impl Autosave {
    /// Starts from `stored`, the autosave as the page found it.
    pub fn new(stored: Option<String>) -> Self {
        Autosave { last: RefCell::new(stored) }
    }

    /// Saves `fragment` unless another tab saved since this tab last did (or `over_other_tab`,
    /// which keeps the other tab's work in [`BACKUP_KEY`] first).
    pub fn write(&self, fragment: &str, over_other_tab: bool) -> Status {
        let stored = browser::load(AUTOSAVE_KEY);
        if stored.as_deref() == Some(fragment) {
            *self.last.borrow_mut() = stored;
            return Status::Saved;
        }
        let other_tab = stored.is_some() && stored != *self.last.borrow();
        if other_tab && !over_other_tab {
            return Status::OtherTab;
        }
        if let (true, Some(theirs)) = (other_tab, &stored) {
            browser::save(BACKUP_KEY, theirs);
        }
        if browser::save(AUTOSAVE_KEY, fragment) {
            *self.last.borrow_mut() = Some(fragment.to_string());
            browser::session_save(OWN_AUTOSAVE_KEY, &fingerprint(fragment));
            Status::Saved
        } else {
            Status::StorageFull
        }
    }
}

/// `sessionStorage` key: fingerprints of the states this tab put in its address, newest last.
const OWN_STATES_KEY: &str = "netplay.tab.states.v1";
/// `sessionStorage` key: the fingerprint of the autosave this tab wrote last.
const OWN_AUTOSAVE_KEY: &str = "netplay.tab.autosave.v1";
/// How many of its address states a tab remembers.
const OWN_STATES: usize = 64;

/// A short fingerprint of a state fragment (std's hasher: the same in every build of the page,
/// which is all a tab's own notes need).
fn fingerprint(fragment: &str) -> String {
    let mut h = DefaultHasher::new();
    fragment.trim_start_matches('#').hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Notes that this tab put `fragment` in its address.
pub fn note_address(fragment: &str) {
    let mut states: Vec<String> =
        browser::session_load(OWN_STATES_KEY).map(|s| s.split(',').map(str::to_string).collect()).unwrap_or_default();
    let own = fingerprint(fragment);
    states.retain(|s| *s != own);
    states.push(own);
    let from = states.len().saturating_sub(OWN_STATES);
    browser::session_save(OWN_STATES_KEY, &states[from..].join(","));
}

/// True when the page is this tab reloading its own work: `fragment` is a state this tab put in
/// its address and `autosave` the autosave it wrote last (so the autosave is the newer work).
pub fn is_own_reload(fragment: &str, autosave: &str) -> bool {
    let own_autosave = browser::session_load(OWN_AUTOSAVE_KEY).is_some_and(|f| f == fingerprint(autosave));
    let own_state = browser::session_load(OWN_STATES_KEY)
        .is_some_and(|states| states.split(',').any(|s| s == fingerprint(fragment)));
    own_autosave && own_state
}

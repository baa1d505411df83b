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

use std::cell::RefCell;

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
            Status::Saved
        } else {
            Status::StorageFull
        }
    }
}

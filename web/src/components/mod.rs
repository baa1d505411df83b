//! The UI, one part per file. Parts only render what they are given and report what the user
//! did through `on_*` callbacks; the app root owns the state and the analysis.
//!
//! Only the parts with state of their own, or that must skip re-rendering when their inputs are
//! unchanged, are Yew components (the editors, the editors' painted blocks of lines and the help
//! dialog); the rest are plain functions returning [`Html`]. Yew compiles every component into
//! its own copy of the component lifecycle, and these parts would re-render with the app anyway
//! (their callbacks are new on every render), so as functions they cost less and behave the same.
//! For the same reason, `class` values chosen at run time are set as the `className` property:
//! the `class` attribute of `html!` goes through `Classes`, a hashed set.

pub mod about;
pub mod allocations;
pub mod attached;
pub mod banner;
pub mod busy;
pub mod diagnostics;
pub mod drop;
pub mod editor;
pub mod env;
pub mod header;
pub mod headline;
pub mod help;
pub mod inventory_hcl;
pub mod mappings;
pub mod nodes;
pub mod paint;
pub mod pane_switch;
pub mod parts;
pub mod results;
pub mod services;
pub mod share_panel;
pub mod variables;

use std::cell::RefCell;
use std::rc::Rc;

use netplay_core::Analysis;
use yew::functional::UseForceUpdateHandle;
use yew::{Html, html};

/// An analysis shared between components, compared by identity: the app computes one per
/// change, so "same allocation" means "same analysis" and props compare in O(1).
#[derive(Debug, Clone)]
pub struct Shared(pub Rc<Analysis>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Shared {
    type Target = Analysis;

    fn deref(&self) -> &Analysis {
        &self.0
    }
}

/// Renders a message where `backticked` parts become `<code>` (core's messages quote user
/// input that way). Text only: nothing in `text` is ever interpreted as markup.
pub fn rich(text: &str) -> Html {
    let parts: Vec<Html> = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { part.to_string() }
            }
        })
        .collect();
    html! { <>{ for parts }</> }
}

/// A size in bytes as people read it: `812 B`, `12 KB`, `3.4 MB` (powers of 1,000).
pub fn size(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..100_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        100_000..1_000_000 => format!("{} KB", bytes / 1_000),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// A component's own value (like `use_state_eq`, without a hook of its own type): `set` stores
/// a different value and redraws the component. Yew compiles its state hook once per state
/// type, about 2 KB of WebAssembly each; these share `use_mut_ref` and `use_force_update`.
#[derive(Clone)]
pub struct Local<T> {
    /// The value.
    pub value: Rc<RefCell<T>>,
    /// Redraws the component that owns the value.
    pub redraw: UseForceUpdateHandle,
}

impl<T: PartialEq + Clone> Local<T> {
    /// A copy of the value.
    pub fn get(&self) -> T {
        self.value.borrow().clone()
    }

    /// Replaces the value; redraws when it changed.
    pub fn set(&self, value: T) {
        if *self.value.borrow() != value {
            *self.value.borrow_mut() = value;
            self.redraw.force_update();
        }
    }
}

//! The playground's state and everything that changes it.
//!
//! [`AppState`] is the single source of truth for what the user edits (both texts, the inputs
//! attached to the inventory, the Nomad version, the seed, the open tab, the values of the
//! jobspec's variables) plus the UI's notices. It changes only through
//! [`Action`]s in [`AppState::reduce`], so every transition is a pure function tested
//! natively. The analysis is not stored here: the app derives it from these inputs.

use std::rc::Rc;

use netplay_core::{DEFAULT_SEED, NomadVersion, SourceId, VarArg};
use yew::{AttrValue, Reducible};

use crate::autosave;
use crate::examples::{self, Example};
use crate::share::{self, Snapshot};
pub use crate::share::{Attached, AttachedKind};

pub use netplay_share::Tab;

/// Light or dark colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

impl Theme {
    /// `light` or `dark` (the `data-theme` attribute and the stored preference).
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The other theme.
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// Which editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editor {
    /// The jobspec editor.
    Jobspec,
    /// The node inventory editor.
    Nodes,
}

/// Work that Reset or an example replaced, kept for a one-step undo.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// The work as it was.
    pub previous: Snapshot,
    /// The example that work had started from (Reset's target before the replacement).
    pub example: &'static str,
    /// Whether that work had started from the example (see [`AppState::from_example`]).
    pub from_example: bool,
    /// What replaced it, for the banner: `Reset` or the example's title.
    pub by: String,
}

/// A short-lived message ("Link copied").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Distinguishes toasts so a timer clears only its own.
    pub id: u32,
    /// The message.
    pub text: String,
}

/// The whole UI state.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The jobspec text.
    pub jobspec: AttrValue,
    /// The node inventory text.
    pub nodes: AttrValue,
    /// The Nomad version.
    pub nomad: NomadVersion,
    /// The seed for dynamic ports.
    pub seed: u64,
    /// The open results tab.
    pub tab: Tab,
    /// Values typed in the Variables panel (like `--var name=value`), sorted by name, none
    /// empty. Values of variables the jobspec no longer declares stay here (and in links) but
    /// are not given to core: see [`crate::variables`].
    pub variables: Vec<VarArg>,
    /// Inputs attached to the inventory (allocation lists, the host's addresses), in the order
    /// they were attached; at most one of them interfaces, at most [`share::MAX_ATTACHED`].
    pub attached: Vec<Attached>,
    /// The example the work started from (what Reset returns to).
    pub example: &'static str,
    /// True when the work in the editors started from `example` (picked, reset to, or opened as
    /// a link of it), so its explanation still applies; false for a link or an autosave of
    /// other text.
    pub from_example: bool,
    /// The colour theme.
    pub theme: Theme,
    /// Show an example's "Try it" hint while the editors hold that example (until dismissed).
    pub hint: bool,
    /// The user hid the version hint of the current work.
    pub version_hint_dismissed: bool,
    /// The user's own work that Reset or an example replaced, until they undo it, dismiss the
    /// offer or replace the work again.
    pub undo: Option<Undo>,
    /// Why the last share link could not be opened.
    pub share_error: Option<String>,
    /// Autosaved work that an opened share link replaced, offered for restoring.
    pub restore: Option<Snapshot>,
    /// The transient message, if any.
    pub toast: Option<Toast>,
    /// Counts replacements of the work as a whole (example, reset, link, restore) and version
    /// changes. Results of an earlier epoch are never shown as this work's stale results.
    pub epoch: u32,
    /// How the last autosave went (storage full, or another tab's work not written over).
    pub autosave: autosave::Status,
}

/// Everything that changes the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user edited one of the texts.
    Edit(Editor, String),
    /// Pick a Nomad version.
    SetNomad(NomadVersion),
    /// Pick a seed.
    SetSeed(u64),
    /// Set the value of a variable (name, value) in the Variables panel; an empty value unsets
    /// it, so its default applies again.
    SetVariable(String, String),
    /// Attach an input to the inventory: an allocation list is added after the others (one of
    /// the same name is replaced where it stands), the host's addresses replace the ones
    /// attached before.
    Attach(Attached),
    /// Remove the attached input at this index.
    Detach(usize),
    /// Replace the inventory with the printed inventory HCL (Inventory as HCL), which already
    /// holds what the attached inputs added: they are removed, so nothing counts twice.
    UseInventory(String),
    /// Move to another seed (derived from the current one, so re-rolls are reproducible).
    Reroll,
    /// Open a results tab.
    SetTab(Tab),
    /// Replace both texts with an example (by slug) and select its Nomad version.
    LoadExample(String),
    /// Back to the example the work started from, with its version and the default seed.
    Reset,
    /// Load a decoded share link (replaces texts, version, seed and tab; the replaced work is
    /// offered for restoring).
    Open(Snapshot),
    /// A share link could not be opened: say why, change nothing else.
    OpenFailed(String),
    /// Load the offered autosave.
    Restore,
    /// Hide the restore offer.
    DismissRestore,
    /// Hide the share-link error.
    DismissError,
    /// Hide the "Try it" hints.
    DismissHint,
    /// Hide the version hint of the current work.
    DismissVersionHint,
    /// Bring back the work Reset or an example replaced.
    Undo,
    /// Let the replaced work go.
    DismissUndo,
    /// Switch between light and dark.
    ToggleTheme,
    /// Show a transient message.
    Toast(String),
    /// The autosave went this way.
    Autosaved(autosave::Status),
    /// Hide the toast with this id (if it is still the one shown).
    ClearToast(u32),
}

impl AppState {
    /// The first-visit state: the default example under the latest Nomad line, defaults, and
    /// the example's hint.
    pub fn first_visit(theme: Theme) -> Self {
        let example = examples::default_example();
        AppState {
            jobspec: example.jobspec.into(),
            nodes: example.nodes.into(),
            nomad: example.version_for(NomadVersion::latest()),
            seed: DEFAULT_SEED,
            tab: Tab::default(),
            variables: Vec::new(),
            attached: Vec::new(),
            example: example.slug,
            from_example: true,
            theme,
            hint: true,
            version_hint_dismissed: false,
            undo: None,
            share_error: None,
            restore: None,
            toast: None,
            epoch: 0,
            autosave: autosave::Status::Saved,
        }
    }

    /// The state at page load, from the URL fragment (if any) and the autosave (if any).
    ///
    /// A valid link wins; a differing autosave is then offered for restoring. A bad link leaves
    /// the previous work (the autosave, else the example) and explains what is wrong.
    pub fn startup(fragment: Option<&str>, autosave: Option<&str>, theme: Theme) -> Self {
        let saved = autosave.and_then(|s| share::decode(s).ok());
        let mut state = AppState::first_visit(theme);
        if let Some(saved) = &saved {
            state.apply(saved.clone());
        }
        match fragment.filter(|f| share::is_state_fragment(f)).map(share::decode) {
            Some(Ok(linked)) => {
                state.restore = saved.filter(|s| *s != linked);
                state.apply(linked);
            }
            Some(Err(e)) => state.share_error = Some(e.to_string()),
            None => {}
        }
        state
    }

    /// What a share link or the autosave records.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            jobspec: self.jobspec.to_string(),
            nodes: self.nodes.to_string(),
            nomad: self.nomad,
            seed: self.seed,
            tab: self.tab,
            variables: self.variables.clone(),
            attached: self.attached.clone(),
        }
    }

    /// The index in [`AppState::attached`] of the input a diagnostic of `source` points into
    /// (none for the two editors).
    pub fn attached_index(&self, source: SourceId) -> Option<usize> {
        let of = |kind: AttachedKind| self.attached.iter().enumerate().filter(move |(_, a)| a.kind == kind);
        match source {
            SourceId::Interfaces => of(AttachedKind::Interfaces).next(),
            SourceId::Allocs(i) => of(AttachedKind::Allocations).nth(i),
            SourceId::Jobspec | SourceId::Nodes | SourceId::VarFile(_) => None,
        }
        .map(|(i, _)| i)
    }

    /// The text of one editor.
    pub fn text(&self, editor: Editor) -> &AttrValue {
        match editor {
            Editor::Jobspec => &self.jobspec,
            Editor::Nodes => &self.nodes,
        }
    }

    /// The example the editors hold exactly, if any (the gallery then shows it, else "custom").
    pub fn shown_example(&self) -> Option<&'static Example> {
        examples::matching(&self.jobspec, &self.nodes)
    }

    /// True while the editors hold the example that replaced the user's work, untouched: the
    /// replaced work is still the one to keep (autosave), and Ctrl+Z outside a changed editor
    /// brings it back.
    pub fn undo_pending(&self) -> bool {
        self.undo.is_some() && examples::find(self.example).is_some_and(|e| e.is(&self.jobspec, &self.nodes))
    }

    fn apply(&mut self, s: Snapshot) {
        self.epoch = self.epoch.wrapping_add(1);
        self.jobspec = normalize_newlines(s.jobspec).into();
        self.nodes = normalize_newlines(s.nodes).into();
        self.nomad = s.nomad;
        self.seed = s.seed;
        self.tab = s.tab;
        self.variables = s.variables;
        self.attached = s.attached.into_iter().map(normalize_attached).collect();
        self.version_hint_dismissed = false;
        self.from_example = false;
        if let Some(example) = self.shown_example() {
            self.example = example.slug;
            self.from_example = true;
        }
    }

    /// Replaces the work with `example` (under `nomad`), keeping the user's own work for undo.
    fn load_example(&mut self, example: &'static Example, nomad: NomadVersion, by: String) {
        if self.shown_example().is_none() {
            self.undo =
                Some(Undo { previous: self.snapshot(), example: self.example, from_example: self.from_example, by });
        }
        self.epoch = self.epoch.wrapping_add(1);
        self.jobspec = example.jobspec.into();
        self.nodes = example.nodes.into();
        self.nomad = nomad;
        self.variables.clear();
        self.attached.clear();
        self.example = example.slug;
        self.from_example = true;
        self.share_error = None;
        self.version_hint_dismissed = false;
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(editor, text) => {
                let text = normalize_newlines(text);
                if self.text(editor).as_str() == text {
                    return self;
                }
                match editor {
                    Editor::Jobspec => next.jobspec = text.into(),
                    Editor::Nodes => next.nodes = text.into(),
                }
            }
            Action::SetNomad(v) => {
                next.nomad = v;
                next.epoch = self.epoch.wrapping_add(1);
            }
            Action::SetSeed(seed) => next.seed = seed,
            Action::SetVariable(name, value) => set_variable(&mut next.variables, name, value),
            Action::Attach(input) => {
                let input = normalize_attached(input);
                let slot = self
                    .attached
                    .iter()
                    .position(|a| a.kind == input.kind && (a.kind == AttachedKind::Interfaces || a.name == input.name));
                match slot {
                    Some(i) => next.attached[i] = input,
                    None if self.attached.len() >= share::MAX_ATTACHED => {
                        let text = format!("At most {} files can be attached; remove one first", share::MAX_ATTACHED);
                        next.toast = Some(Toast { id: self.toast.as_ref().map_or(1, |t| t.id.wrapping_add(1)), text });
                    }
                    None => next.attached.push(input),
                }
            }
            Action::UseInventory(text) => {
                next.nodes = normalize_newlines(text).into();
                next.attached.clear();
            }
            Action::Detach(index) => {
                if index >= next.attached.len() {
                    return self;
                }
                next.attached.remove(index);
            }
            Action::Reroll => next.seed = next_seed(self.seed),
            Action::SetTab(tab) => next.tab = tab,
            Action::LoadExample(slug) => match examples::find(&slug) {
                Some(example) => next.load_example(example, example.version_for(self.nomad), example.plain_title()),
                None => return self,
            },
            Action::Reset => {
                let example = examples::find(self.example).unwrap_or_else(examples::default_example);
                next.load_example(example, example.version_for(self.nomad), "Reset".to_string());
                next.seed = DEFAULT_SEED;
                next.tab = Tab::default();
            }
            Action::Undo => match next.undo.take() {
                Some(undo) => {
                    next.apply(undo.previous);
                    next.example = undo.example;
                    next.from_example = undo.from_example;
                }
                None => return self,
            },
            Action::DismissUndo => next.undo = None,
            Action::DismissVersionHint => next.version_hint_dismissed = true,
            Action::Open(snapshot) => {
                let previous = self.snapshot();
                if previous != snapshot {
                    next.restore = Some(previous);
                }
                next.apply(snapshot);
                next.share_error = None;
            }
            Action::OpenFailed(message) => next.share_error = Some(message),
            Action::Restore => match next.restore.take() {
                Some(saved) => next.apply(saved),
                None => return self,
            },
            Action::DismissRestore => next.restore = None,
            Action::DismissError => next.share_error = None,
            Action::DismissHint => next.hint = false,
            Action::ToggleTheme => next.theme = self.theme.toggled(),
            Action::Toast(text) => {
                let id = self.toast.as_ref().map_or(1, |t| t.id.wrapping_add(1));
                next.toast = Some(Toast { id, text });
            }
            Action::Autosaved(status) => next.autosave = status,
            Action::ClearToast(id) => {
                if self.toast.as_ref().is_none_or(|t| t.id != id) {
                    return self;
                }
                next.toast = None;
            }
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

/// The seed after `seed` for the re-roll button: a SplitMix64 step folded into six digits, so
/// seeds stay short enough to read and type, never equal to the previous one.
pub fn next_seed(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let next = z % 1_000_000;
    if next == seed { (next + 1) % 1_000_000 } else { next }
}

/// Sets, replaces or (for an empty value) removes one value, keeping `values` sorted by name.
/// A new name beyond [`share::MAX_SHARED_VARIABLES`] values is ignored, so every state fits a link.
fn set_variable(values: &mut Vec<VarArg>, name: String, value: String) {
    let value = normalize_newlines(value);
    match values.binary_search_by(|v| v.name.as_str().cmp(&name)) {
        Ok(i) if value.is_empty() => {
            values.remove(i);
        }
        Ok(i) => values[i].value = value,
        Err(_) if value.is_empty() || name.is_empty() || values.len() >= share::MAX_SHARED_VARIABLES => {}
        Err(i) => values.insert(i, VarArg { name, value }),
    }
}

/// Attached inputs larger than this (bytes) are left out of the autosave and share links:
/// a cluster's allocation list runs to tens of MB, which no link holds and which compressing
/// on every edit would stop the page for. The chip says so.
pub const SAVED_ATTACHED_BYTES: usize = 256 * 1024;

/// True when an attached input goes into the autosave and share links.
pub fn saved_attached(input: &Attached) -> bool {
    input.text.len() <= SAVED_ATTACHED_BYTES
}

/// An attached input with `\n` line ends (as the editors' texts), shared as it was when it
/// already had them.
fn normalize_attached(mut input: Attached) -> Attached {
    if input.text.contains('\r') {
        input.text = normalize_newlines(input.text.to_string()).into();
    }
    input
}

/// `<textarea>` values use `\n` only; texts from links and files may carry `\r\n` or `\r`.
pub fn normalize_newlines(text: String) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: AppState, action: Action) -> AppState {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn first_visit_opens_the_modern_example_under_the_latest_line_with_its_hint() {
        let s = AppState::first_visit(Theme::Dark);
        assert_eq!(s.example, examples::DEFAULT_SLUG);
        assert!(s.jobspec.contains("port \"http\""));
        assert_eq!(s.nomad, NomadVersion::latest());
        assert_eq!(s.shown_example().map(|e| e.slug), Some(examples::DEFAULT_SLUG));
        assert!(s.shown_example().is_some_and(|e| e.try_it.is_some()), "the first example has something to try");
        assert_eq!(s.seed, DEFAULT_SEED);
        assert_eq!(s.tab, Tab::Env);
        assert!(s.hint);
        assert_eq!(s.theme, Theme::Dark);
    }

    #[test]
    fn edits_replace_text_and_normalize_newlines() {
        let s = reduce(AppState::first_visit(Theme::Light), Action::Edit(Editor::Nodes, "a\r\nb\rc".into()));
        assert_eq!(s.nodes.as_str(), "a\nb\nc");
        let s = reduce(s, Action::Edit(Editor::Jobspec, "job".into()));
        assert_eq!(s.jobspec.as_str(), "job");
    }

    #[test]
    fn unchanged_state_keeps_the_same_allocation() {
        let s = Rc::new(AppState::first_visit(Theme::Light));
        let same = s.clone().reduce(Action::Edit(Editor::Jobspec, s.jobspec.to_string()));
        assert!(Rc::ptr_eq(&s, &same));
        let same = s.clone().reduce(Action::SetTab(Tab::Env));
        assert!(Rc::ptr_eq(&s, &same));
        let same = s.clone().reduce(Action::ClearToast(7));
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn reroll_changes_the_seed_deterministically() {
        let s = AppState::first_visit(Theme::Light);
        let a = reduce(s.clone(), Action::Reroll);
        let b = reduce(s.clone(), Action::Reroll);
        assert_ne!(a.seed, s.seed);
        assert_eq!(a.seed, b.seed);
        assert!(a.seed < 1_000_000);
        let mut seed = 0;
        for _ in 0..1000 {
            let next = next_seed(seed);
            assert_ne!(next, seed);
            seed = next;
        }
    }

    #[test]
    fn examples_load_and_reset_returns_to_them() {
        let s = AppState::first_visit(Theme::Light);
        let s = reduce(s, Action::LoadExample("qemu-port-map".into()));
        assert_eq!(s.example, "qemu-port-map");
        assert!(s.jobspec.contains("qemu"));
        let s = reduce(s, Action::Edit(Editor::Jobspec, "broken {".into()));
        let s = reduce(s, Action::SetSeed(99));
        let s = reduce(s, Action::SetTab(Tab::Nodes));
        let s = reduce(s, Action::Reset);
        assert!(s.jobspec.contains("qemu"));
        assert_eq!((s.seed, s.tab), (DEFAULT_SEED, Tab::Env));
        let unknown = reduce(s.clone(), Action::LoadExample("nope".into()));
        assert_eq!(unknown, s);
    }

    #[test]
    fn every_example_loads_with_a_version_of_its_line() {
        let mut s = AppState::first_visit(Theme::Light);
        for e in examples::EXAMPLES {
            let before = s.nomad;
            s = reduce(s, Action::LoadExample(e.slug.to_string()));
            assert_eq!((s.example, s.nomad), (e.slug, e.version_for(before)));
            assert_eq!(s.nomad.is_modern(), e.nomad().is_modern(), "{}", e.slug);
            s = reduce(s, Action::SetNomad(NomadVersion::V0_2));
            s = reduce(s, Action::Reset);
            assert_eq!(s.nomad, e.version_for(NomadVersion::V0_2), "Reset goes back to the example's line");
            assert_eq!(s.undo, None, "an untouched example needs no undo");
        }
    }

    #[test]
    fn reset_and_examples_keep_the_users_work_for_one_undo() {
        let s = AppState::first_visit(Theme::Light);
        let mine = "job \"mine\" {}\n";
        let s = reduce(s, Action::Edit(Editor::Jobspec, mine.into()));
        let s = reduce(s, Action::SetSeed(42));
        assert_eq!(s.shown_example(), None, "the user's own text: the gallery says custom");
        let reset = reduce(s.clone(), Action::Reset);
        assert_eq!(reset.jobspec.as_str(), examples::default_example().jobspec);
        let undo = reset.undo.clone().expect("the work is kept");
        assert_eq!((undo.previous.jobspec.as_str(), undo.previous.seed, undo.by.as_str()), (mine, 42, "Reset"));
        assert!(reset.undo_pending());
        let back = reduce(reset.clone(), Action::Undo);
        assert_eq!((back.jobspec.as_str(), back.seed, back.undo.clone()), (mine, 42, None));
        assert_eq!((back.example, back.from_example), (s.example, true));
        // Picking an example keeps it the same way, under the example's title.
        let picked = reduce(s.clone(), Action::LoadExample("seed-static-port".into()));
        assert_eq!(picked.undo.as_ref().map(|u| u.by.as_str()), Some("A static port"));
        assert_eq!(reduce(picked.clone(), Action::Undo).jobspec.as_str(), mine);
        // Typing into the example is moving on: the offer stays, but is no longer pending.
        let typed = reduce(picked.clone(), Action::Edit(Editor::Jobspec, "x".into()));
        assert!(typed.undo.is_some() && !typed.undo_pending());
        // Dismissing lets it go; without an offer, Undo changes nothing.
        let dismissed = reduce(picked, Action::DismissUndo);
        assert_eq!(dismissed.undo, None);
        let same = Rc::new(dismissed);
        assert!(Rc::ptr_eq(&same, &same.clone().reduce(Action::Undo)));
    }

    #[test]
    fn a_link_to_an_untouched_example_shows_that_example() {
        let example = examples::find("v1-bridge-to").expect("example");
        let mut snapshot = AppState::first_visit(Theme::Light).snapshot();
        snapshot.jobspec = example.jobspec.to_string();
        snapshot.nodes = example.nodes.to_string();
        let s = AppState::startup(Some(&share::encode(&snapshot)), None, Theme::Light);
        assert_eq!(s.example, "v1-bridge-to");
        assert_eq!(s.shown_example().map(|e| e.slug), Some("v1-bridge-to"));
        assert!(s.from_example);
        snapshot.jobspec = "job \"other\" {}".into();
        let s = AppState::startup(Some(&share::encode(&snapshot)), None, Theme::Light);
        assert!(!s.from_example, "other text: no example's explanation applies");
    }

    #[test]
    fn the_version_hint_stays_hidden_for_the_work_it_was_dismissed_for() {
        let s = reduce(AppState::first_visit(Theme::Light), Action::DismissVersionHint);
        assert!(s.version_hint_dismissed);
        let typed = reduce(s.clone(), Action::Edit(Editor::Jobspec, "job \"a\" {}".into()));
        assert!(typed.version_hint_dismissed);
        assert!(!reduce(s, Action::LoadExample("seed-static-port".into())).version_hint_dismissed);
    }

    #[test]
    fn startup_prefers_a_link_and_offers_the_autosave() {
        let mut saved = AppState::first_visit(Theme::Light).snapshot();
        saved.jobspec = "# my work\n".into();
        let mut linked = saved.clone();
        linked.jobspec = "# shared\n".into();
        linked.seed = 7;
        let s = AppState::startup(
            Some(&format!("#{}", share::encode(&linked))),
            Some(&share::encode(&saved)),
            Theme::Light,
        );
        assert_eq!(s.jobspec.as_str(), "# shared\n");
        assert_eq!(s.seed, 7);
        assert_eq!(s.restore.as_ref(), Some(&saved));
        let restored = reduce(s, Action::Restore);
        assert_eq!(restored.jobspec.as_str(), "# my work\n");
        assert_eq!(restored.restore, None);

        // A link equal to the autosave offers nothing.
        let s = AppState::startup(Some(&share::encode(&saved)), Some(&share::encode(&saved)), Theme::Light);
        assert_eq!(s.restore, None);
    }

    #[test]
    fn startup_with_a_bad_link_keeps_the_previous_work() {
        let mut saved = AppState::first_visit(Theme::Light).snapshot();
        saved.jobspec = "# my work\n".into();
        let link = share::encode(&AppState::first_visit(Theme::Light).snapshot());
        let truncated = &link[..link.len() / 2];
        let s = AppState::startup(Some(truncated), Some(&share::encode(&saved)), Theme::Light);
        assert_eq!(s.jobspec.as_str(), "# my work\n");
        assert!(s.share_error.as_deref().is_some_and(|e| e.contains("damaged")), "{:?}", s.share_error);

        let s = AppState::startup(Some("#v9.xyz"), None, Theme::Light);
        assert_eq!(s.example, examples::DEFAULT_SLUG);
        assert!(s.share_error.is_some());

        // An ordinary anchor is no link to a state: the autosave loads, without an error.
        let s = AppState::startup(Some("#jobspec-input"), Some(&share::encode(&saved)), Theme::Light);
        assert_eq!(s.jobspec.as_str(), "# my work\n");
        assert_eq!(s.share_error, None);
    }

    #[test]
    fn startup_without_a_link_uses_the_autosave() {
        let mut saved = AppState::first_visit(Theme::Light).snapshot();
        saved.seed = 1234;
        let s = AppState::startup(Some(""), Some(&share::encode(&saved)), Theme::Light);
        assert_eq!(s.seed, 1234);
        assert!(s.share_error.is_none());
        // A corrupt autosave is ignored.
        let s = AppState::startup(None, Some("v1.garbage"), Theme::Light);
        assert_eq!(s, AppState::first_visit(Theme::Light));
    }

    #[test]
    fn open_failed_changes_nothing_but_the_message() {
        let s = AppState::first_visit(Theme::Light);
        let failed = reduce(s.clone(), Action::OpenFailed("bad".into()));
        assert_eq!(failed.jobspec, s.jobspec);
        assert_eq!(failed.share_error.as_deref(), Some("bad"));
        let opened = reduce(failed, Action::Open(s.snapshot()));
        assert_eq!(opened.share_error, None);
    }

    fn attached(kind: AttachedKind, name: &str, text: &str) -> Attached {
        Attached { kind, name: name.to_string(), text: text.into() }
    }

    fn attach(state: AppState, kind: AttachedKind, name: &str, text: &str) -> AppState {
        reduce(state, Action::Attach(attached(kind, name, text)))
    }

    fn chips(state: &AppState) -> Vec<(&str, &str)> {
        state.attached.iter().map(|a| (a.name.as_str(), &*a.text)).collect()
    }

    #[test]
    fn attached_inputs_go_to_core_in_order_and_name_the_sources_of_diagnostics() {
        let s = attach(AppState::first_visit(Theme::Light), AttachedKind::Allocations, "a.json", "[1]");
        let s = attach(s, AttachedKind::Interfaces, "ip.json", "[]");
        let s = attach(s, AttachedKind::Allocations, "b.json", "[2]");
        assert_eq!(chips(&s), [("a.json", "[1]"), ("ip.json", "[]"), ("b.json", "[2]")]);
        let inputs = crate::worker::Attachments(s.attached.clone()).cluster_inputs();
        assert_eq!(inputs.allocations, ["[1]", "[2]"]);
        assert_eq!(inputs.interfaces.as_deref(), Some("[]"));
        let name = |source| s.attached_index(source).map(|i| s.attached[i].name.as_str());
        assert_eq!(name(SourceId::Allocs(0)), Some("a.json"));
        assert_eq!(name(SourceId::Allocs(1)), Some("b.json"));
        assert_eq!(name(SourceId::Allocs(2)), None);
        assert_eq!(name(SourceId::Interfaces), Some("ip.json"));
        assert_eq!(name(SourceId::Nodes), None);
        // Attaching inputs is editing: the work stays the same work.
        assert_eq!(s.epoch, AppState::first_visit(Theme::Light).epoch);
    }

    #[test]
    fn a_file_attached_again_replaces_itself_and_interfaces_are_one() {
        let s = attach(AppState::first_visit(Theme::Light), AttachedKind::Allocations, "a.json", "[1]");
        let s = attach(s, AttachedKind::Allocations, "b.json", "[2]");
        let same = Rc::new(s.clone());
        let again = same.clone().reduce(Action::Attach(attached(AttachedKind::Allocations, "a.json", "[1]")));
        assert!(Rc::ptr_eq(&same, &again), "the same file twice changes nothing");
        let s = attach(s, AttachedKind::Allocations, "a.json", "[1, 3]");
        assert_eq!(chips(&s), [("a.json", "[1, 3]"), ("b.json", "[2]")], "a new version keeps its place");
        let s = attach(s, AttachedKind::Interfaces, "ip.json", "[]");
        let s = attach(s, AttachedKind::Interfaces, "other.json", "[{}]");
        assert_eq!(chips(&s), [("a.json", "[1, 3]"), ("b.json", "[2]"), ("other.json", "[{}]")]);
        let s = attach(s, AttachedKind::Allocations, "crlf.json", "[\r\n1\r]");
        assert_eq!(s.attached[3].text.as_ref(), "[\n1\n]");
    }

    #[test]
    fn the_printed_inventory_replaces_the_text_and_the_attached_inputs() {
        let s = attach(AppState::first_visit(Theme::Light), AttachedKind::Allocations, "a.json", "[1]");
        let s = reduce(s, Action::UseInventory("node \"n\" {}\r\n".into()));
        assert_eq!(s.nodes.as_str(), "node \"n\" {}\n");
        assert!(s.attached.is_empty());
    }

    #[test]
    fn detaching_removes_one_input() {
        let s = attach(AppState::first_visit(Theme::Light), AttachedKind::Allocations, "a.json", "[1]");
        let s = attach(s, AttachedKind::Allocations, "b.json", "[2]");
        let s = reduce(s, Action::Detach(0));
        assert_eq!(chips(&s), [("b.json", "[2]")]);
        assert_eq!(crate::worker::Attachments(s.attached.clone()).cluster_inputs().allocations, ["[2]"]);
        let s = Rc::new(s);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Detach(5))));
    }

    #[test]
    fn no_more_inputs_are_attached_than_a_link_holds() {
        let mut s = AppState::first_visit(Theme::Light);
        for i in 0..share::MAX_ATTACHED {
            s = attach(s, AttachedKind::Allocations, &format!("{i}.json"), "[]");
        }
        let s = attach(s, AttachedKind::Allocations, "one-more.json", "[]");
        assert_eq!(s.attached.len(), share::MAX_ATTACHED);
        assert!(s.toast.as_ref().is_some_and(|t| t.text.contains("At most")), "{:?}", s.toast);
        // Replacing one still works.
        let s = attach(s, AttachedKind::Allocations, "0.json", "[1]");
        assert_eq!(&*s.attached[0].text, "[1]");
    }

    #[test]
    fn attached_inputs_travel_in_links_and_the_autosave_and_leave_with_an_example() {
        let s = attach(AppState::first_visit(Theme::Light), AttachedKind::Allocations, "a.json", "[1]");
        let s = reduce(s, Action::Edit(Editor::Jobspec, "job \"mine\" {}\n".into()));
        let link = share::encode(&s.snapshot());
        let opened = AppState::startup(Some(&link), None, Theme::Light);
        assert_eq!(chips(&opened), [("a.json", "[1]")]);
        // A link replaces them; the autosaved ones come back with Restore.
        let other = AppState::first_visit(Theme::Light);
        let s2 = AppState::startup(Some(&share::encode(&other.snapshot())), Some(&link), Theme::Light);
        assert!(s2.attached.is_empty());
        assert_eq!(chips(&reduce(s2, Action::Restore)), [("a.json", "[1]")]);
        // An example replaces the work with them, and Undo brings them back.
        let example = reduce(s.clone(), Action::LoadExample("seed-static-port".into()));
        assert!(example.attached.is_empty());
        assert_eq!(chips(&reduce(example, Action::Undo)), [("a.json", "[1]")]);
        assert!(reduce(s, Action::Reset).attached.is_empty());
    }

    #[test]
    fn toasts_clear_only_themselves() {
        let s = reduce(AppState::first_visit(Theme::Light), Action::Toast("one".into()));
        let first = s.toast.clone().expect("toast");
        let s = reduce(s, Action::Toast("two".into()));
        let s = reduce(s, Action::ClearToast(first.id));
        assert_eq!(s.toast.as_ref().map(|t| t.text.as_str()), Some("two"));
        let id = s.toast.as_ref().map(|t| t.id).expect("id");
        assert_eq!(reduce(s, Action::ClearToast(id)).toast, None);
    }

    #[test]
    fn replacing_the_work_starts_a_new_epoch_typing_does_not() {
        let s = AppState::first_visit(Theme::Light);
        let typed = reduce(s.clone(), Action::Edit(Editor::Jobspec, "x".into()));
        let seeded = reduce(typed.clone(), Action::Reroll);
        assert_eq!(seeded.epoch, s.epoch);
        for action in [
            Action::LoadExample("seed-static-port".into()),
            Action::Reset,
            Action::Open(s.snapshot()),
            Action::SetNomad(NomadVersion::V1),
        ] {
            assert_ne!(reduce(typed.clone(), action.clone()).epoch, typed.epoch, "{action:?}");
        }
    }

    fn set(state: AppState, name: &str, value: &str) -> AppState {
        reduce(state, Action::SetVariable(name.to_string(), value.to_string()))
    }

    impl AppState {
        fn variable(&self, name: &str) -> Option<&str> {
            self.variables.iter().find(|v| v.name == name).map(|v| v.value.as_str())
        }
    }

    fn values(state: &AppState) -> Vec<(&str, &str)> {
        state.variables.iter().map(|v| (v.name.as_str(), v.value.as_str())).collect()
    }

    #[test]
    fn setting_variables_keeps_them_sorted_by_name_and_replaces_earlier_values() {
        let s = AppState::first_visit(Theme::Light);
        assert!(s.variables.is_empty());
        let s = set(s, "port", "8080");
        let s = set(s, "count", "3");
        let s = set(s, "port", "9090");
        assert_eq!(values(&s), [("count", "3"), ("port", "9090")]);
        assert_eq!(s.variable("port"), Some("9090"));
        assert_eq!(s.variable("missing"), None);
    }

    #[test]
    fn an_empty_value_unsets_the_variable_so_its_default_applies() {
        let s = set(set(AppState::first_visit(Theme::Light), "count", "3"), "count", "");
        assert!(s.variables.is_empty());
        // Unsetting what is not set changes nothing (the same state comes back).
        let s = Rc::new(s);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::SetVariable("other".into(), String::new()))));
    }

    #[test]
    fn setting_a_variable_is_like_typing_it_keeps_the_epoch() {
        let s = AppState::first_visit(Theme::Light);
        let set_once = set(s.clone(), "count", "3");
        assert_eq!(set_once.epoch, s.epoch);
        assert_eq!(set_once.jobspec, s.jobspec);
    }

    #[test]
    fn values_of_variables_no_longer_declared_are_kept_when_the_jobspec_changes() {
        let s = set(AppState::first_visit(Theme::Light), "count", "3");
        let s = reduce(s, Action::Edit(Editor::Jobspec, "job \"x\" {}\n".into()));
        assert_eq!(values(&s), [("count", "3")]);
    }

    #[test]
    fn loading_an_example_or_resetting_clears_the_values() {
        let s = set(AppState::first_visit(Theme::Light), "count", "3");
        assert!(reduce(s.clone(), Action::LoadExample("v1-variables".into())).variables.is_empty());
        assert!(reduce(s, Action::Reset).variables.is_empty());
    }

    #[test]
    fn values_travel_in_the_snapshot_and_come_back_with_a_link_or_restore() {
        let s = set(AppState::first_visit(Theme::Light), "http_port", "9090");
        let snapshot = s.snapshot();
        assert_eq!(snapshot.variables, s.variables);
        let link = share::encode(&snapshot);
        let opened = AppState::startup(Some(&link), None, Theme::Light);
        assert_eq!(values(&opened), [("http_port", "9090")]);
        // A link replaces the values; the autosaved ones come back with Restore.
        let other = set(AppState::first_visit(Theme::Light), "count", "5");
        let s = AppState::startup(Some(&link), Some(&share::encode(&other.snapshot())), Theme::Light);
        assert_eq!(values(&s), [("http_port", "9090")]);
        assert_eq!(values(&reduce(s, Action::Restore)), [("count", "5")]);
    }

    #[test]
    fn a_v1_link_opens_with_no_values_and_replaces_the_typed_ones() {
        let typed = set(AppState::first_visit(Theme::Light), "count", "3");
        let mut shared = AppState::first_visit(Theme::Light).snapshot();
        shared.jobspec = "# shared before variables existed\n".into();
        let link = netplay_share::testing::v1_link(&shared);
        assert!(link.starts_with("v1."), "{link}");
        let opened = AppState::startup(Some(&link), Some(&share::encode(&typed.snapshot())), Theme::Light);
        assert_eq!(opened.jobspec.as_str(), "# shared before variables existed\n");
        assert!(opened.variables.is_empty());
        assert_eq!(opened.share_error, None);
    }

    #[test]
    fn values_hold_normalized_newlines_and_are_capped_to_what_a_link_holds() {
        let s = set(AppState::first_visit(Theme::Light), "list", "[\r\n1]");
        assert_eq!(s.variable("list"), Some("[\n1]"));
        let mut s = s;
        for i in 0..share::MAX_SHARED_VARIABLES + 5 {
            s = set(s, &format!("v{i:05}"), "1");
        }
        assert_eq!(s.variables.len(), share::MAX_SHARED_VARIABLES);
        assert_eq!(share::decode(&share::encode(&s.snapshot())).map(|o| o.variables.len()), Ok(s.variables.len()));
        // Existing values can still change.
        let s = set(s, "list", "[2]");
        assert_eq!(s.variable("list"), Some("[2]"));
    }

    #[test]
    fn theme_toggles() {
        let s = reduce(AppState::first_visit(Theme::Light), Action::ToggleTheme);
        assert_eq!(s.theme, Theme::Dark);
        assert_eq!(reduce(s, Action::ToggleTheme).theme, Theme::Light);
    }

    #[test]
    fn an_autosave_problem_stays_shown_until_it_is_dismissed_or_a_save_works() {
        let s = AppState::first_visit(Theme::Light);
        assert_eq!(s.autosave, autosave::Status::Saved);
        let full = reduce(s, Action::Autosaved(autosave::Status::StorageFull));
        assert_eq!(full.autosave, autosave::Status::StorageFull);
        let edited = reduce(full, Action::Edit(Editor::Jobspec, "job \"x\" {}".into()));
        assert_eq!(edited.autosave, autosave::Status::StorageFull, "an edit alone does not clear it");
        let other = reduce(edited, Action::Autosaved(autosave::Status::OtherTab));
        assert_eq!(other.autosave, autosave::Status::OtherTab);
        assert_eq!(reduce(other, Action::Autosaved(autosave::Status::Saved)).autosave, autosave::Status::Saved);
    }
}

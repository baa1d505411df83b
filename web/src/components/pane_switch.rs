//! On a phone the editors and the results take turns: a sticky two-way switch under the header
//! (hidden on wider screens, where both stand side by side).

use yew::prelude::*;

/// Which half of the workspace a phone shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    /// The jobspec and inventory editors.
    #[default]
    Editors,
    /// Problems and results.
    Results,
}

impl Pane {
    /// `editors` or `results` (the workspace's `data-pane`).
    pub fn id(self) -> &'static str {
        match self {
            Pane::Editors => "editors",
            Pane::Results => "results",
        }
    }
}

/// The switch; `badge` is shown on the Results side (the problem count, when there are any).
pub fn pane_switch(current: Pane, badge: Option<(String, &'static str)>, on_pane: &Callback<Pane>) -> Html {
    let button = |pane: Pane, label: &'static str, badge: Option<(String, &'static str)>| {
        let selected = pane == current;
        html! {
            <button type="button" role="tab" class="pane-tab" aria-selected={if selected { "true" } else { "false" }}
                data-testid={format!("pane-{}", pane.id())} onclick={on_pane.reform(move |_: MouseEvent| pane)}>
                { label }
                if let Some((text, class)) = badge {
                    <span ~className={class}>{ text }</span>
                }
            </button>
        }
    };
    html! {
        <div class="pane-switch" role="tablist" aria-label="Show the editors or the results">
            { button(Pane::Editors, "Editors", None) }
            { button(Pane::Results, "Results", badge) }
        </div>
    }
}

//! The share panel: the link to this exact state, selectable for copying by hand.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The panel's inputs.
#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The full URL.
    pub url: AttrValue,
    /// Whether the clipboard took it.
    pub copied: bool,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The link in a read-only field, selected on focus.
#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let onfocus = Callback::from(|e: FocusEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="share-panel" role="region" aria-label="Share link" data-testid="share-panel">
            <label for="share-url" class="field-label">
                { if props.copied { "Link copied to the clipboard:" } else { "Copy this link:" } }
            </label>
            <input id="share-url" data-testid="share-url" type="text" readonly=true value={props.url.clone()} {onfocus} />
            <button type="button" class="btn btn-small btn-ghost" onclick={props.on_close.reform(|_: MouseEvent| ())}
                aria-label="Close the share panel" data-testid="share-close">{ "✕" }</button>
        </div>
    }
}

//! The share panel: the link to this exact state, selectable for copying by hand.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The link (`url`) in a read-only field, selected on focus; `copied` says whether the
/// clipboard took it.
pub fn share_panel(url: AttrValue, copied: bool, on_close: &Callback<()>) -> Html {
    let onfocus = Callback::from(|e: FocusEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="share-panel" role="region" aria-label="Share link" data-testid="share-panel">
            <label for="share-url" class="field-label">
                { if copied { "Link copied to the clipboard:" } else { "Copy this link:" } }
            </label>
            <input id="share-url" data-testid="share-url" type="text" readonly=true value={url} {onfocus} />
            <button type="button" class="btn btn-small btn-ghost" onclick={on_close.reform(|_: MouseEvent| ())}
                aria-label="Close the share panel" data-testid="share-close">{ "✕" }</button>
        </div>
    }
}

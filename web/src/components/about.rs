//! The explanation of the example the work started from, beside the editors: what it shows,
//! open while the editors hold it untouched, folded once the text is the user's own.

use yew::prelude::*;

use super::rich;
use crate::examples::Example;

/// The example's title and explanation; `untouched` when the editors hold it exactly.
pub fn about(example: &Example, untouched: bool) -> Html {
    let lead = if untouched { "Example: " } else { "Started from the example " };
    html! {
        <details class="about" open={untouched} data-testid="about" data-example={example.slug}>
            <summary class="about-title">
                <span class="muted">{ lead }</span>{ rich(example.title) }
                <span class="about-version">{ format!("Nomad {}", example.nomad) }</span>
            </summary>
            { for example.about.split("\n\n").map(|paragraph| html! { <p>{ rich(paragraph.trim()) }</p> }) }
        </details>
    }
}

//! The notice shown while the background analysis works: what is analysed, the time spent so
//! far, and Cancel. Its own component, so that only it redraws as the time goes by.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::size;
use crate::browser;

/// The notice's inputs.
#[derive(Properties, PartialEq)]
pub struct BusyProps {
    /// When the analysis started (`performance.now()`).
    pub started: f64,
    /// The bytes being analysed.
    pub bytes: usize,
    /// Ends the analysis.
    pub on_cancel: Callback<()>,
}

/// "Analysing 31 MB in the background… 1.4 s" with an indeterminate progress bar and Cancel.
#[function_component(Busy)]
pub fn busy(props: &BusyProps) -> Html {
    let redraw = use_force_update();
    use_effect_with(props.started, move |_| {
        let tick = Interval::new(250, move || redraw.force_update());
        move || drop(tick)
    });
    let elapsed = ((browser::now() - props.started) / 1000.0).max(0.0);
    html! {
        <div class="banner banner-notice busy" data-testid="analysing">
            <progress class="busy-bar" aria-label="Analysing"></progress>
            <div class="banner-text" role="status">
                { format!("Analysing {} in the background; the page stays usable. ", size(props.bytes)) }
                <span class="muted" aria-hidden="true" data-testid="analysing-time">{ format!("{elapsed:.1} s") }</span>
            </div>
            <button type="button" class="btn btn-small" data-testid="analysing-cancel"
                onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
        </div>
    }
}

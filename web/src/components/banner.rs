//! A one-line notice above the workspace (hint, broken link, restore offer), with actions.

use yew::prelude::*;

/// How a banner looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A tip.
    Hint,
    /// Something went wrong.
    Error,
    /// Something to decide.
    Notice,
}

/// The banner's inputs.
pub struct BannerProps {
    /// Look and ARIA role.
    pub tone: Tone,
    /// Test id.
    pub testid: &'static str,
    /// The message.
    pub children: Html,
    /// Optional main action: label and callback.
    pub action: Option<(String, Callback<()>)>,
    /// Dismiss.
    pub on_dismiss: Callback<()>,
}

/// A dismissible notice.
pub fn banner(props: BannerProps) -> Html {
    let (class, role) = match props.tone {
        Tone::Hint => ("banner banner-hint", "note"),
        Tone::Error => ("banner banner-error", "alert"),
        Tone::Notice => ("banner banner-notice", "status"),
    };
    html! {
        <div ~className={class} role={role} data-testid={props.testid}>
            <div class="banner-text">{ props.children }</div>
            if let Some((label, cb)) = &props.action {
                <button type="button" class="btn btn-small btn-primary" onclick={cb.reform(|_: MouseEvent| ())}
                    data-testid={format!("{}-action", props.testid)}>{ label.clone() }</button>
            }
            <button type="button" class="btn btn-small btn-ghost" onclick={props.on_dismiss.reform(|_: MouseEvent| ())}
                aria-label="Dismiss" data-testid={format!("{}-dismiss", props.testid)}>{ "✕" }</button>
        </div>
    }
}

//! Small pieces of markup the result tabs share. Each `html!` element compiles to its own
//! construction code, so markup that repeats lives here once (smaller bundle, one look).

use yew::{Html, html};

/// Secondary text as a paragraph: `<p class="muted">`.
pub fn note(text: impl Into<Html>) -> Html {
    note_html(text.into())
}

fn note_html(text: Html) -> Html {
    html! { <p class="muted">{ text }</p> }
}

/// Secondary text inline: `<span class="muted">`.
pub fn aside(text: impl Into<Html>) -> Html {
    aside_html(text.into())
}

fn aside_html(text: Html) -> Html {
    html! { <span class="muted">{ text }</span> }
}

/// Text set as code: `<code>`.
pub fn code(text: impl Into<Html>) -> Html {
    code_html(text.into())
}

fn code_html(text: Html) -> Html {
    html! { <code>{ text }</code> }
}

/// A labelled pill (`class` is the whole class list, e.g. `"pill pill-ok"`).
pub fn pill(class: &'static str, text: impl Into<Html>) -> Html {
    pill_html(class, text.into())
}

fn pill_html(class: &'static str, text: Html) -> Html {
    html! { <span ~className={class}>{ text }</span> }
}

/// A card's head: its title, then what stands beside it (a pill, a button).
pub fn card_head(title: Html, beside: Html) -> Html {
    html! {
        <header class="card-head">
            <h3 class="card-title">{ title }</h3>
            { beside }
        </header>
    }
}

/// A table's column headers.
pub fn head_row(columns: &[&'static str]) -> Html {
    html! {
        <thead><tr>
            { for columns.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }
        </tr></thead>
    }
}

/// A table of ports (`<table class="ports">` in a scrolling wrapper) with these columns and rows.
pub fn ports_table(columns: &[&'static str], rows: Html) -> Html {
    html! {
        <div class="table-wrap">
            <table class="ports">
                { head_row(columns) }
                <tbody>{ rows }</tbody>
            </table>
        </div>
    }
}

/// A `name value` pair on a network line: `<span class="kv"><span class="k">`.
pub fn kv(name: &'static str, value: Html) -> Html {
    html! { <span class="kv"><span class="k">{ name }</span>{ value }</span> }
}

/// What would make each refused node fit, nodes with the same fix on one line:
/// `<li><strong>To fit on a, b: </strong>fix</li>`, in the order the nodes were tried.
pub fn fixes(evaluated: &[netplay_core::analysis::Evaluated]) -> Html {
    let mut lines: Vec<(Vec<&str>, &str)> = Vec::new();
    for e in evaluated {
        let Some(fix) = e.fix.as_deref() else { continue };
        match lines.iter_mut().find(|(_, f)| *f == fix) {
            Some((nodes, _)) => nodes.push(&e.node),
            None => lines.push((vec![&e.node], fix)),
        }
    }
    html! {
        { for lines.into_iter().map(|(nodes, fix)| html! {
            <li><strong>{ format!("To fit on {}: ", nodes.join(", ")) }</strong>{ super::rich(fix) }</li>
        }) }
    }
}

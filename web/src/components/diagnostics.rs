//! The problems list, above the results. Activating an entry puts the caret on the problem.

use netplay_core::{Analysis, Diagnostic, Severity, SourceId};
use yew::prelude::*;

use super::editor::severity_class;
use super::rich;

/// Where to put the caret: which editor, the UTF-16 offset and the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goto {
    /// The editor.
    pub source: SourceId,
    /// UTF-16 offset of the problem's start.
    pub utf16: usize,
    /// Its 1-based line.
    pub line: u32,
}

/// Every diagnostic of the current analysis, errors and warnings and notes alike; activating one
/// calls `on_select`.
pub fn diagnostics(analysis: &Analysis, on_select: &Callback<Goto>) -> Html {
    let list = &analysis.diagnostics;
    let s = &analysis.summary;
    let infos = list.len() - s.errors - s.warnings;
    let summary = if list.is_empty() {
        "No problems".to_string()
    } else {
        let mut parts = Vec::new();
        for (n, one, many) in
            [(s.errors, "error", "errors"), (s.warnings, "warning", "warnings"), (infos, "note", "notes")]
        {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        }
        parts.join(", ")
    };
    html! {
        <section class="problems" aria-labelledby="problems-title" data-testid="diagnostics">
            <h2 id="problems-title" class="section-title">
                { "Problems" }
                <span ~className={count_class(list)} data-testid="diagnostics-summary">
                    { summary }
                </span>
            </h2>
            if !list.is_empty() {
                <ul class="problem-list">
                    { for list.iter().map(|d| entry(d, on_select)) }
                </ul>
            }
        </section>
    }
}

/// The count's colour: the worst severity listed (green only when there is nothing).
fn count_class(list: &[Diagnostic]) -> &'static str {
    match list.iter().map(|d| d.severity).min() {
        None => "count",
        Some(Severity::Error) => "count count-error",
        Some(Severity::Warning) => "count count-warning",
        Some(Severity::Info) => "count count-info",
    }
}

fn entry(d: &Diagnostic, on_select: &Callback<Goto>) -> Html {
    let goto = Goto { source: d.source, utf16: d.start.utf16, line: d.start.line };
    let onclick = on_select.reform(move |_: MouseEvent| goto);
    let place = format!("{}:{}:{}", d.source.name(), d.start.line, d.start.column);
    html! {
        <li>
            <button type="button" ~className={format!("problem {}", severity_class(d.severity))} {onclick}
                data-testid="diagnostic" data-source={d.source.name()} data-line={d.start.line.to_string()}
                data-column={d.start.column.to_string()} data-code={d.code.as_str()}
                aria-label={format!("{} at {place}: {}", d.severity.as_str(), d.message)}>
                <span class="problem-severity">{ d.severity.as_str() }</span>
                <span class="problem-place">{ place }</span>
                <span class="problem-message">{ rich(&d.message) }</span>
                <span class="problem-code">{ d.code.as_str() }</span>
                if let Some(help) = &d.help {
                    <span class="problem-help">{ rich(help) }</span>
                }
            </button>
        </li>
    }
}

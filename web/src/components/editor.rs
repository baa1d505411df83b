//! A code editor that is a real `<textarea>`: the textarea (text transparent, caret visible) lies
//! exactly over a `<pre>` that paints the highlighted text and the diagnostic underlines, so
//! selection, IME, mobile keyboards, copy/paste, spell-off and undo stay the browser's own.
//!
//! The `<pre>` and the line-number gutter follow the textarea's scroll position with CSS
//! transforms. A text over [`MIRROR_LIMIT`] (a cluster's export runs to tens of MB) gets
//! neither, and the textarea holds only its first [`PREVIEW_BYTES`], read-only: laying out
//! megabytes in a textarea, a painted layer and a gutter of numbers stops the page for seconds
//! (a textarea alone takes about 0.2 s per MB in Chromium). Its problems are still listed;
//! pasting or dropping on the editor replaces it (the app handles the paste itself then). Tab,
//! Shift+Tab and Enter edit through `execCommand("insertText")`, which keeps them on the native
//! undo stack; Escape leaves the editor; F8 / Shift+F8 jump between problems.

use std::ops::Range;
use std::rc::Rc;

use netplay_core::Severity;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement, KeyboardEvent, MouseEvent};
use yew::prelude::*;

use super::Local;
use super::paint::{self, CHUNK_LINES, PaintedBlock};
use crate::browser;
use crate::edit::{self, Edit};
use crate::highlight::{self, Mark, Token, TokenKind};
use netplay_embed::notes::Note;

/// Texts longer than this (bytes) are shown without token colours, to keep typing smooth.
pub const HIGHLIGHT_LIMIT: usize = 256 * 1024;

/// Texts longer than this (bytes) are shown in part, read-only, by the textarea alone: no
/// painted copy (so no underlines) and no line numbers.
pub const MIRROR_LIMIT: usize = 1024 * 1024;

/// How much of a text over [`MIRROR_LIMIT`] the textarea shows (bytes).
pub const PREVIEW_BYTES: usize = 64 * 1024;

/// The start of `text` that the textarea shows when it is over [`MIRROR_LIMIT`]: up to
/// [`PREVIEW_BYTES`], ending at a line end where there is one, then a line saying how much is
/// left out.
pub fn preview(text: &str) -> String {
    let mut end = PREVIEW_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(line_end) = text[..end].rfind('\n') {
        end = line_end + 1;
    }
    let rest = super::size(text.len() - end);
    format!(
        "{}\n… ({rest} more, not shown: too large to edit here; paste or drop to replace it)",
        text[..end].trim_end_matches('\n')
    )
}

/// A diagnostic as the editor shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Underline {
    /// Byte range in the text that was analysed.
    pub range: Range<usize>,
    /// The same range in UTF-16 units (for the textarea selection).
    pub utf16: Range<usize>,
    /// 1-based line of the start.
    pub line: u32,
    /// How bad.
    pub severity: Severity,
    /// `error[code]: message`, shown on hover.
    pub message: String,
}

/// Where the problem tooltip sits and what it says.
#[derive(Debug, Clone, PartialEq)]
struct Tip {
    underline: usize,
    top: f64,
    left: f64,
    from_caret: bool,
}

/// The editor's inputs.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// `jobspec` or `nodes`: the base of element ids and test ids.
    pub id: AttrValue,
    /// Visible label.
    pub label: AttrValue,
    /// The file name shown next to the label.
    pub file: AttrValue,
    /// The text.
    pub value: AttrValue,
    /// Diagnostics to underline.
    pub underlines: Rc<Vec<Underline>>,
    /// The `<textarea>`, for the app to focus and select in.
    pub textarea: NodeRef,
    /// Initial height in lines.
    #[prop_or(16)]
    pub rows: u32,
    /// The new text after every edit.
    pub on_input: Callback<String>,
    /// True when the reader may select and copy but not edit (documentation embeds).
    #[prop_or_default]
    pub readonly: bool,
    /// Inline results shown after the end of their lines (documentation embeds).
    #[prop_or_default]
    pub notes: Rc<Vec<Note>>,
    /// Called on a paste into the textarea, before the browser inserts the text (which the
    /// callback may prevent).
    #[prop_or_default]
    pub on_paste: Option<Callback<Event>>,
}

/// One editor with its label, gutter and highlighting.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let code_ref = use_node_ref();
    let gutter_ref = use_node_ref();
    let area_ref = use_node_ref();
    let tip = Local { value: use_mut_ref(|| None::<Tip>), redraw: use_force_update() };

    let plain = props.value.len() > MIRROR_LIMIT;
    let shown =
        use_memo(
            props.value.clone(),
            |text| if text.len() > MIRROR_LIMIT { preview(text).into() } else { text.clone() },
        );
    // Tokens follow the text only; the blocks follow the text and the underlines. A keystroke
    // changes the text (one render) and then the analysis's underlines (a second render): the
    // text is lexed once.
    let tokens = use_memo(props.value.clone(), |text| {
        if text.len() > MIRROR_LIMIT {
            Vec::new()
        } else if text.len() > HIGHLIGHT_LIMIT {
            vec![Token { kind: TokenKind::Plain, range: 0..text.len() }]
        } else {
            highlight::tokenize(text)
        }
    });
    let blocks = use_memo((props.value.clone(), props.underlines.clone()), move |(text, underlines)| {
        if text.len() > MIRROR_LIMIT {
            return Vec::new();
        }
        let marks: Vec<Mark> = underlines
            .iter()
            .enumerate()
            .map(|(i, u)| Mark { range: u.range.clone(), rank: rank(u.severity), diagnostic: i })
            .collect();
        let segments = highlight::segments(text, &tokens, &marks);
        paint::blocks(text, segments, &highlight::chunk_starts(text, CHUNK_LINES), underlines)
    });

    let line_count = props.value.as_bytes().iter().filter(|&&b| b == b'\n').count() + 1;
    let gutter = use_memo((line_count, props.underlines.clone(), plain), |(count, underlines, plain)| {
        if *plain { Html::default() } else { gutter_html(*count, underlines) }
    });

    // Keep the painted copy aligned after every render (the text or size may have changed).
    {
        let (textarea, code, gutter) = (props.textarea.clone(), code_ref.clone(), gutter_ref.clone());
        use_effect(move || sync_scroll(&textarea, &code, &gutter));
    }

    let onscroll = {
        let (textarea, code, gutter) = (props.textarea.clone(), code_ref.clone(), gutter_ref.clone());
        Callback::from(move |_: Event| sync_scroll(&textarea, &code, &gutter))
    };

    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_input.emit(area.value());
        })
    };

    let onkeydown = {
        let on_input = props.on_input.clone();
        let underlines = props.underlines.clone();
        Callback::from(move |e: KeyboardEvent| on_key(&e, &underlines, &on_input))
    };

    let onmousemove = {
        let (tip, code, area) = (tip.clone(), code_ref.clone(), area_ref.clone());
        let has_marks = !props.underlines.is_empty();
        Callback::from(move |e: MouseEvent| {
            if !has_marks {
                return;
            }
            let found = mark_at_point(&code, f64::from(e.client_x()), f64::from(e.client_y()));
            match found {
                Some((underline, rect)) => tip.set(place_tip(&area, underline, &rect, false)),
                None if tip.value.borrow().as_ref().is_some_and(|t| !t.from_caret) => tip.set(None),
                None => {}
            }
        })
    };
    let onmouseleave = {
        let tip = tip.clone();
        Callback::from(move |_: MouseEvent| {
            if tip.value.borrow().as_ref().is_some_and(|t| !t.from_caret) {
                tip.set(None);
            }
        })
    };
    let caret_tip = {
        let (tip, code, area) = (tip.clone(), code_ref.clone(), area_ref.clone());
        let underlines = props.underlines.clone();
        move |target: Option<HtmlTextAreaElement>| {
            let Some(textarea) = target else { return };
            let text = textarea.value();
            let caret = edit::utf16_to_byte(&text, textarea.selection_start().ok().flatten().unwrap_or(0) as usize);
            let hit = underlines.iter().position(|u| u.range.start <= caret && caret <= u.range.end);
            let placed = hit.and_then(|i| {
                let el = code.cast::<Element>()?.query_selector(&format!("[data-diag=\"{i}\"]")).ok().flatten()?;
                place_tip(&area, i, &el.get_bounding_client_rect(), true)
            });
            if placed.is_some() || tip.value.borrow().as_ref().is_some_and(|t| t.from_caret) {
                tip.set(placed);
            }
        }
    };
    let onkeyup = {
        let caret_tip = caret_tip.clone();
        Callback::from(move |e: KeyboardEvent| caret_tip(e.target_dyn_into()))
    };
    let onclick = Callback::from(move |e: MouseEvent| caret_tip(e.target_dyn_into()));
    let onblur = {
        let tip = tip.clone();
        Callback::from(move |_: FocusEvent| {
            if tip.value.borrow().as_ref().is_some_and(|t| t.from_caret) {
                tip.set(None);
            }
        })
    };

    let last = blocks.len().saturating_sub(1);
    let painted: Html = blocks
        .iter()
        .enumerate()
        .map(|(i, block)| html! { <PaintedBlock block={block.clone()} last={i == last} /> })
        .collect();
    let errors = props.underlines.iter().filter(|u| u.severity == Severity::Error).count();
    let id = props.id.as_str();
    let tooltip = tip.get().and_then(|t| {
        let u = props.underlines.get(t.underline)?;
        Some(html! {
            <div ~className={format!("editor-tip {}", severity_class(u.severity))} role="tooltip" id={format!("{id}-tip")}
                data-testid={format!("{id}-tip")} style={format!("top:{:.0}px;left:{:.0}px", t.top, t.left)}>
                { crate::components::rich(&u.message) }
            </div>
        })
    });

    html! {
        <section class="editor" data-testid={format!("editor-{id}")}>
            <div class="editor-head">
                <label class="editor-label" for={format!("{id}-input")}>{ props.label.clone() }</label>
                <span class="editor-file">{ props.file.clone() }</span>
                <span class="editor-meta" aria-hidden="true">
                    { format!("{line_count} {}", if line_count == 1 { "line" } else { "lines" }) }
                    if errors > 0 {
                        <span class="editor-errors">{ format!(" · {errors} {}", if errors == 1 { "error" } else { "errors" }) }</span>
                    }
                    if plain {
                        <span data-testid={format!("{id}-preview")}>
                            { format!(" · {}, its start shown read-only", super::size(props.value.len())) }
                        </span>
                    }
                </span>
            </div>
            <div class="editor-body" style={format!("--rows:{}", props.rows)}>
                if !plain {
                    <pre class="editor-gutter" aria-hidden="true"><code ref={gutter_ref}>{ (*gutter).clone() }</code></pre>
                }
                <div class="editor-code" ref={area_ref}>
                    <pre class="editor-paint" aria-hidden="true"><code ref={code_ref}>
                        { painted }
                        if !props.notes.is_empty() { { notes_html(&props.value, &props.notes) } }
                    </code></pre>
                    <textarea
                        id={format!("{id}-input")}
                        ref={props.textarea.clone()}
                        ~className={if plain { "editor-input editor-plain" } else { "editor-input" }}
                        data-testid={format!("{id}-input")}
                        value={(*shown).clone()}
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        autocorrect="off"
                        wrap="off"
                        readonly={props.readonly || plain}
                        aria-describedby="editor-keys"
                        aria-invalid={if errors > 0 { "true" } else { "false" }}
                        onpaste={props.on_paste.clone()}
                        {oninput} {onkeydown} {onkeyup} {onclick} {onblur} {onscroll} {onmousemove} {onmouseleave}
                    />
                    { tooltip.unwrap_or_default() }
                </div>
            </div>
        </section>
    }
}

/// The inline results layer: each noted line's text, invisible, to push its note past the
/// line's end (the layer lies over the painted text, in the same font).
fn notes_html(text: &str, notes: &[Note]) -> Html {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    let mut items: Vec<Html> = Vec::with_capacity(notes.len() * 2 + 1);
    let mut line = 1;
    for note in notes {
        let Some(pad) = lines.get(note.line as usize - 1) else { break };
        while line < note.line {
            out.push('\n');
            line += 1;
        }
        items.push(html! { std::mem::take(&mut out) });
        items.push(html! { <><span class="note-pad">{ pad.to_string() }</span><span class="inline-note" data-testid="inline-note">{ note.text.clone() }</span></> });
    }
    items.push(html! { out });
    html! { <span class="editor-notes" data-testid="inline-notes">{ for items }</span> }
}

/// Sort key of a severity: errors first.
fn rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The CSS class of a severity.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// Line numbers, one text run between marked lines (cheap for long files).
fn gutter_html(count: usize, underlines: &[Underline]) -> Html {
    let mut marked: Vec<(usize, u8)> = underlines.iter().map(|u| (u.line as usize, rank(u.severity))).collect();
    marked.sort();
    marked.dedup_by_key(|m| m.0);
    let mut out: Vec<Html> = Vec::with_capacity(marked.len() * 2 + 1);
    let mut run = String::with_capacity(count * 4);
    let mut marks = marked.into_iter().peekable();
    for n in 1..=count {
        // Marks on line 0 or behind (never produced by core, but cheap to tolerate).
        while marks.next_if(|m| m.0 < n).is_some() {}
        match marks.next_if(|m| m.0 == n) {
            Some((_, r)) => {
                out.push(html! { std::mem::take(&mut run) });
                let class = match r {
                    0 => "g-error",
                    1 => "g-warning",
                    _ => "g-info",
                };
                out.push(html! { <span ~className={class}>{ n.to_string() }</span> });
                run.push('\n');
            }
            None => {
                run.push_str(&n.to_string());
                run.push('\n');
            }
        }
    }
    out.push(html! { run });
    html! { <>{ for out }</> }
}

fn sync_scroll(textarea: &NodeRef, code: &NodeRef, gutter: &NodeRef) {
    let Some(area) = textarea.cast::<HtmlTextAreaElement>() else { return };
    let (top, left) = (area.scroll_top(), area.scroll_left());
    if let Some(code) = code.cast::<HtmlElement>() {
        let _ = code.style().set_property("transform", &format!("translate({}px,{}px)", -left, -top));
    }
    if let Some(gutter) = gutter.cast::<HtmlElement>() {
        let _ = gutter.style().set_property("transform", &format!("translateY({}px)", -top));
    }
}

fn mark_at_point(code: &NodeRef, x: f64, y: f64) -> Option<(usize, web_sys::DomRect)> {
    let code = code.cast::<Element>()?;
    let marks = code.query_selector_all("[data-diag]").ok()?;
    for i in 0..marks.length() {
        let Some(el) = marks.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let rects = el.get_client_rects();
        for j in 0..rects.length() {
            let Some(r) = rects.item(j) else { continue };
            // Point marks have no width; give them (and thin underlines) a usable hit area.
            let (left, right) = if r.width() < 4.0 { (r.left() - 3.0, r.left() + 9.0) } else { (r.left(), r.right()) };
            if x >= left && x <= right && y >= r.top() && y <= r.bottom() + 2.0 {
                let index = el.get_attribute("data-diag")?.parse().ok()?;
                return Some((index, r));
            }
        }
    }
    None
}

fn place_tip(area: &NodeRef, underline: usize, rect: &web_sys::DomRect, from_caret: bool) -> Option<Tip> {
    let area = area.cast::<Element>()?.get_bounding_client_rect();
    let max_left = (area.width() - 260.0).max(0.0);
    Some(Tip {
        underline,
        top: rect.bottom() - area.top() + 4.0,
        left: (rect.left() - area.left()).clamp(0.0, max_left),
        from_caret,
    })
}

fn on_key(e: &KeyboardEvent, underlines: &[Underline], on_input: &Callback<String>) {
    // Never interfere with an IME composition (Enter or Escape there belong to the IME).
    if e.is_composing() || e.key_code() == 229 {
        return;
    }
    let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() else { return };
    // A read-only editor keeps the browser's keys: Tab moves the focus on, Enter does nothing.
    let plain = !e.ctrl_key() && !e.alt_key() && !e.meta_key() && !area.read_only();
    match e.key().as_str() {
        "Tab" if plain => {
            e.prevent_default();
            let text = area.value();
            let sel = selection_bytes(&area, &text);
            let change = if e.shift_key() { edit::outdent(&text, sel) } else { Some(edit::indent(&text, sel)) };
            if let Some(change) = change {
                apply(&area, &text, &change, on_input);
            }
        }
        "Enter" if plain && !e.shift_key() => {
            e.prevent_default();
            let text = area.value();
            let sel = selection_bytes(&area, &text);
            apply(&area, &text, &edit::newline(&text, sel), on_input);
        }
        "Escape" => {
            e.prevent_default();
            let _ = area.blur();
        }
        "F8" if !underlines.is_empty() => {
            e.prevent_default();
            let caret = area.selection_start().ok().flatten().unwrap_or(0) as usize;
            let mut starts: Vec<usize> = underlines.iter().map(|u| u.utf16.start).collect();
            starts.sort();
            starts.dedup();
            let target = if e.shift_key() {
                starts.iter().rev().find(|&&s| s < caret).or(starts.last())
            } else {
                starts.iter().find(|&&s| s > caret).or(starts.first())
            };
            if let (Some(&at), Some(u)) = (target, underlines.iter().find(|u| Some(&u.utf16.start) == target)) {
                reveal(&area, at, u.line);
            }
        }
        _ => {}
    }
}

fn selection_bytes(area: &HtmlTextAreaElement, text: &str) -> Range<usize> {
    let start = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = area.selection_end().ok().flatten().unwrap_or(start as u32) as usize;
    edit::utf16_to_byte(text, start)..edit::utf16_to_byte(text, end)
}

/// Performs an edit as typing would (undoable), falling back to a direct value change.
fn apply(area: &HtmlTextAreaElement, text: &str, change: &Edit, on_input: &Callback<String>) {
    let to16 = |t: &str, b: usize| edit::byte_to_utf16(t, b) as u32;
    let _ = area.set_selection_range(to16(text, change.range.start), to16(text, change.range.end));
    if !browser::insert_text(&change.insert) {
        let _ = area.set_range_text(&change.insert);
        on_input.emit(area.value());
    }
    let after = change.apply(text);
    let _ = area.set_selection_range(to16(&after, change.selection.start), to16(&after, change.selection.end));
}

/// Focuses a textarea with the caret at UTF-16 offset `at` and scrolls line `line` into view.
pub fn reveal(area: &HtmlTextAreaElement, at: usize, line: u32) {
    let _ = area.focus();
    let _ = area.set_selection_range(at as u32, at as u32);
    // The editors' computed line height (`20px`); 20 when it is not in pixels (`normal`).
    let line_height = web_sys::window()
        .and_then(|w| w.get_computed_style(area).ok().flatten())
        .and_then(|s| s.get_property_value("line-height").ok())
        .and_then(|v| v.trim().strip_suffix("px").and_then(|n| n.trim().parse::<f64>().ok()))
        .filter(|h| h.is_finite() && *h > 0.0)
        .unwrap_or(20.0);
    let top = f64::from(line.saturating_sub(1)) * line_height;
    let view = f64::from(area.client_height());
    let scrolled = f64::from(area.scroll_top());
    if top < scrolled || top + 2.0 * line_height > scrolled + view {
        area.set_scroll_top((top - view / 3.0).max(0.0) as i32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_ends_at_a_line_and_says_how_much_is_left_out() {
        let text = format!("{}\n{}", "a".repeat(PREVIEW_BYTES - 10), "b".repeat(2 * MIRROR_LIMIT));
        let shown = preview(&text);
        assert!(shown.starts_with("aaa") && !shown.contains('b'), "cut at the line end");
        let tail = "(2.1 MB more, not shown: too large to edit here; paste or drop to replace it)";
        assert!(shown.ends_with(tail), "{}", &shown[shown.len() - 90..]);
        // One long line is cut at a character boundary.
        let line = "ü".repeat(PREVIEW_BYTES);
        assert!(preview(&line).len() < PREVIEW_BYTES + 100);
    }
}

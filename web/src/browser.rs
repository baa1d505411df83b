//! The thin shell around browser APIs the app uses: storage, the URL, the clipboard, timing,
//! the colour-scheme preference and text insertion that keeps the native undo stack.
//!
//! Every function degrades quietly: storage can be disabled, the clipboard refused, and the app
//! must keep working. Nothing here knows about netplay's state.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlDocument, HtmlTextAreaElement};

/// `localStorage` key of the autosaved work (a share-link fragment).
pub const AUTOSAVE_KEY: &str = "netplay.autosave.v1";
/// `localStorage` key where the autosave is kept when an opened link replaces it.
pub const BACKUP_KEY: &str = "netplay.autosave.before-link.v1";
/// `localStorage` key of an explicit theme choice (`light` or `dark`).
pub const THEME_KEY: &str = "netplay.theme";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The document, if there is one.
pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Reads a `localStorage` entry.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Writes a `localStorage` entry; returns false when storage is unavailable or full.
pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

fn session() -> Option<web_sys::Storage> {
    window()?.session_storage().ok().flatten()
}

/// Reads a `sessionStorage` entry (this tab's, kept across reloads).
pub fn session_load(key: &str) -> Option<String> {
    session()?.get_item(key).ok().flatten()
}

/// Writes a `sessionStorage` entry; returns false when storage is unavailable or full.
pub fn session_save(key: &str, value: &str) -> bool {
    session().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// The URL fragment including `#` (empty when there is none).
pub fn hash() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The page URL without its fragment.
pub fn page_url() -> String {
    let Some(location) = window().map(|w| w.location()) else { return String::new() };
    let href = location.href().unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
}

/// Replaces the current history entry's fragment (no navigation, no `hashchange`). An empty
/// fragment removes it.
pub fn replace_hash(fragment: &str) {
    let Some(history) = window().and_then(|w| w.history().ok()) else { return };
    let url = if fragment.is_empty() { page_url() } else { format!("#{fragment}") };
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// Milliseconds since navigation start (`performance.now()`), 0 without a performance object.
pub fn now() -> f64 {
    window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Adds a `performance.mark` (used by the benchmarks).
pub fn mark(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// True when the system asks for a dark colour scheme.
pub fn prefers_dark() -> bool {
    window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|m| m.matches())
}

/// Sets `data-theme` on `<html>` (the stylesheet keys its colours on it).
pub fn apply_theme(theme: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// Copies text to the clipboard: the async Clipboard API, else a hidden `<textarea>` and
/// `execCommand("copy")`. Returns whether it worked.
pub async fn copy_text(text: &str) -> bool {
    if let Some(w) = window() {
        let navigator = w.navigator();
        // `navigator.clipboard` is missing outside secure contexts (plain http on a LAN address).
        let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| c.is_object());
        if has_clipboard && JsFuture::from(navigator.clipboard().write_text(text)).await.is_ok() {
            return true;
        }
    }
    copy_with_exec_command(text)
}

fn copy_with_exec_command(text: &str) -> bool {
    let Some(doc) = document() else { return false };
    let Some(body) = doc.body() else { return false };
    let Some(area) = doc.create_element("textarea").ok().and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok()) else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("style", "position:fixed;top:0;left:0;opacity:0;");
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let ok = doc.dyn_ref::<HtmlDocument>().and_then(|d| d.exec_command("copy").ok()).unwrap_or(false);
    area.remove();
    ok
}

/// Inserts `text` at the focused editable element's selection as if typed, so that the
/// browser's own undo and redo include it. Returns false when the browser refused.
pub fn insert_text(text: &str) -> bool {
    let Some(doc) = document().and_then(|d| d.dyn_into::<HtmlDocument>().ok()) else { return false };
    let command = if text.is_empty() { "delete" } else { "insertText" };
    doc.exec_command_with_show_ui_and_value(command, false, text).unwrap_or(false)
}

/// True when the page was opened as the compact iframe form (`?view=compact`). It then also
/// loads the embed styles (`api/embed.css`).
pub fn is_compact() -> bool {
    let search = window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let compact = search.trim_start_matches('?').split('&').any(|p| p == "view=compact");
    if compact && let Some(doc) = document() {
        if let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) {
            let _ = link.set_attribute("rel", "stylesheet");
            let _ = link.set_attribute("href", "api/embed.css");
            let _ = head.append_child(&link);
        }
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("data-view", "compact");
        }
    }
    compact
}

/// Sets the value of the `<select>` with this id. The options' `selected` attributes only set
/// the selection until the user picks an option; the property follows the state ever after.
pub fn select_value(id: &str, value: &str) {
    if let Some(select) =
        document().and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        && select.value() != value
    {
        select.set_value(value);
    }
}

#[wasm_bindgen]
extern "C" {
    /// The platform's `TextEncoder`, bound here to take a JavaScript string as it is (web-sys's
    /// binding takes a Rust `&str`, which would first cross into the module).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder")]
    fn encode(this: &Utf8Encoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
    /// `DataTransfer`, bound here for a `getData` that answers the JavaScript string itself.
    #[wasm_bindgen(js_name = DataTransfer)]
    type Transfer;
    #[wasm_bindgen(method, catch, js_name = getData)]
    fn get_data(this: &Transfer, format: &str) -> Result<js_sys::JsString, JsValue>;
}

/// The plain text a paste or a drop carries, if any.
pub fn transfer_text(data: &web_sys::DataTransfer) -> Option<String> {
    data.unchecked_ref::<Transfer>().get_data("text/plain").ok().map(|text| js_text(&text))
}

/// A JavaScript string as Rust text, by way of the platform's UTF-8 encoder, which copies it
/// natively: wasm-bindgen's own crossing walks the string character by character in JavaScript,
/// about 0.13 s for 8 MB on a page that has not done it before. A lone surrogate becomes U+FFFD,
/// as in that crossing.
pub fn js_text(text: &js_sys::JsString) -> String {
    from_utf8(Utf8Encoder::new().encode(text).to_vec())
}

/// A file's bytes as text, decoded as the browser decodes a file's text (`Blob.text()`, the
/// Encoding standard's "UTF-8 decode"): a leading byte order mark is dropped and each invalid
/// sequence becomes U+FFFD.
pub fn utf8_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    from_utf8(bytes)
}

/// UTF-8 bytes as text, each invalid sequence replaced by U+FFFD.
fn from_utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::utf8_text;

    #[test]
    fn file_bytes_decode_as_the_browser_decodes_a_file() {
        assert_eq!(utf8_text(b"job \"a\" {}".to_vec()), "job \"a\" {}");
        assert_eq!(utf8_text("port \"h\u{e9}\" {}".as_bytes().to_vec()), "port \"h\u{e9}\" {}");
        // The byte order mark goes, once; a second one stays.
        assert_eq!(utf8_text(b"\xEF\xBB\xBF[]".to_vec()), "[]");
        assert_eq!(utf8_text(b"\xEF\xBB\xBF\xEF\xBB\xBF[]".to_vec()), "\u{feff}[]");
        // Each maximal invalid part is one replacement character, as TextDecoder gives.
        assert_eq!(utf8_text(b"a\xFFb\xE2\x82c".to_vec()), "a\u{fffd}b\u{fffd}c");
        assert_eq!(utf8_text(b"\xF0\x9F".to_vec()), "\u{fffd}");
        assert_eq!(utf8_text(Vec::new()), "");
    }
}

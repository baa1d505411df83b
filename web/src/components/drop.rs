//! Dropping a file on an editor: its text replaces the editor's, as if pasted. The editors
//! take any format core reads (a node JSON, a node list, an agent configuration, a JSON
//! jobspec), so a file from `curl` or `nomad job run -output` can be dropped as it is. The app
//! attaches an allocation list or `ip -j addr` output dropped on the inventory editor instead
//! (see `components::attached`).

use wasm_bindgen_futures::JsFuture;
use web_sys::DragEvent;
use yew::prelude::*;

/// True when the drag carries files (a text drag stays the textarea's own).
fn carries_files(e: &DragEvent) -> bool {
    e.data_transfer().and_then(|d| d.files()).is_some_and(|f| f.length() > 0)
        || e.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}

/// The text of a file the user gave (dropped or chosen), if it could be read.
///
/// The file's bytes are copied into the module in one piece and decoded here
/// ([`crate::browser::utf8_text`]), not read as a JavaScript string: handing a string of tens of MB to the
/// module walks it character by character on the page's thread (0.74 s for a 69 MB allocation
/// list, against 0.05 s for the bytes; BENCHMARKS.md, "In the browser").
pub async fn read_file(file: &web_sys::File) -> Option<String> {
    let bytes = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(crate::browser::utf8_text(js_sys::Uint8Array::new(&bytes).to_vec()))
}

/// Wraps `children` (an editor) so that each dropped file's name and text go to `on_file`.
pub fn drop_target(testid: &'static str, on_file: &Callback<(String, String)>, children: Html) -> Html {
    let ondragover = Callback::from(|e: DragEvent| {
        if carries_files(&e) {
            e.prevent_default();
        }
    });
    let ondrop = {
        let on_file = on_file.clone();
        Callback::from(move |e: DragEvent| {
            let Some(files) = e.data_transfer().and_then(|d| d.files()).filter(|f| f.length() > 0) else { return };
            e.prevent_default();
            let on_file = on_file.clone();
            wasm_bindgen_futures::spawn_local(async move {
                for file in (0..files.length()).filter_map(|i| files.get(i)) {
                    if let Some(text) = read_file(&file).await {
                        on_file.emit((file.name(), text));
                    }
                }
            });
        })
    };
    html! { <div class="drop-target" data-testid={testid} {ondragover} {ondrop}>{ children }</div> }
}

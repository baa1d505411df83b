//! Dropping a file on an editor: its text replaces the editor's, as if pasted. The editors
//! take any format core reads (a node JSON, a node list, an agent configuration, a JSON
//! jobspec), so a file from `curl` or `nomad job run -output` can be dropped as it is.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::DragEvent;
use yew::prelude::*;

/// True when the drag carries files (a text drag stays the textarea's own).
fn carries_files(e: &DragEvent) -> bool {
    e.data_transfer().and_then(|d| d.files()).is_some_and(|f| f.length() > 0)
        || e.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}

/// Wraps `children` (an editor) so that a dropped file's text goes to `on_text`.
pub fn drop_target(testid: &'static str, on_text: &Callback<String>, children: Html) -> Html {
    let ondragover = Callback::from(|e: DragEvent| {
        if carries_files(&e) {
            e.prevent_default();
        }
    });
    let ondrop = {
        let on_text = on_text.clone();
        Callback::from(move |e: DragEvent| {
            let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) else { return };
            e.prevent_default();
            let on_text = on_text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(text) = JsFuture::from(file.text()).await
                    && let Some(text) = text.dyn_ref::<js_sys::JsString>()
                {
                    on_text.emit(String::from(text));
                }
            });
        })
    };
    html! { <div class="drop-target" data-testid={testid} {ondragover} {ondrop}>{ children }</div> }
}

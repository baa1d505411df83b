//! The JS API (`/api/netplay.js`): `analyze(jobspec, nodes, options)` for pages that render
//! results their own way. The same module runs the playground and the documentation embeds,
//! so a page that uses all three loads one WebAssembly instance.
//!
//! The result is core's [`Analysis`](netplay_core::Analysis) as a plain JavaScript object,
//! through serde-wasm-bindgen, shaped exactly as the CLI's JSON: `null` for absent values,
//! plain objects, numbers for integers. Mistakes in the texts are diagnostics inside it; a
//! wrong argument type or bad `options` is a thrown `TypeError`. The declarations are
//! `/api/netplay.d.ts` (netplay-embed's `typescript` module).

use netplay_embed::DEFAULT_NODES;
use netplay_embed::options::AnalyzeOptions;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A text argument: a string, or (when `default` is given) `undefined`/`null` for the default.
fn text(value: &JsValue, name: &str, default: Option<&str>) -> Result<String, JsValue> {
    match (value.as_string(), default) {
        (Some(text), _) => Ok(text),
        (None, Some(default)) if value.is_undefined() || value.is_null() => Ok(default.to_string()),
        (None, _) => Err(type_error(&format!("netplay.analyze: `{name}` must be a string"))),
    }
}

/// Core's options from the JS `options` argument (`undefined`/`null`: the defaults).
pub fn options(value: JsValue) -> Result<netplay_core::Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(netplay_core::Options::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(type_error("netplay.analyze: bad options: `options` must be an object"));
    }
    serde_wasm_bindgen::from_value::<AnalyzeOptions>(value)
        .map_err(AnalyzeOptions::refuse)
        .and_then(AnalyzeOptions::to_options)
        .map_err(|e| type_error(&e.to_string()))
}

/// Analyses `jobspec` against `nodes` (default: [`DEFAULT_NODES`]) with `options`.
#[wasm_bindgen(skip_typescript)]
pub fn analyze(jobspec: JsValue, nodes: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let jobspec = text(&jobspec, "jobspec", None)?;
    let nodes = text(&nodes, "nodes", Some(DEFAULT_NODES))?;
    let options = self::options(options)?;
    let analysis = netplay_core::analyze(&jobspec, &nodes, &options);
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    analysis.serialize(&serializer).map_err(JsValue::from)
}

/// The inventory `analyze` uses when it gets none.
#[wasm_bindgen(js_name = defaultNodes, skip_typescript)]
pub fn default_nodes() -> String {
    DEFAULT_NODES.to_string()
}

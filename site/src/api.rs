//! The `/api/` folder of the built site:
//!
//! - `netplay.js`: the JS API at a stable address. Trunk names the engine's files by their
//!   hash (`netplay-web-<hash>.js`, `..._bg.wasm`) so browsers can cache them for ever; this
//!   small module, written after each build, imports the current one and re-exports it, so
//!   pages and scripts import `/api/netplay.js` whatever the hash. Its `init()` starts the
//!   engine once per page however often it is called, so every embed and API caller shares one
//!   WebAssembly instance (the playground's own module).
//! - `netplay.d.ts`: the declarations ([`netplay_embed::typescript`]).
//! - `embed.js`, `embed.css`: the embed script (itself a user of `netplay.js`) and the styles
//!   of an embed's shadow root, which adopts the playground's stylesheet too.

use std::fs;
use std::path::Path;

const NETPLAY_JS: &str = include_str!("../assets/netplay.js");
const EMBED_JS: &str = include_str!("../assets/embed.js");
const EMBED_CSS: &str = include_str!("../assets/embed.css");

/// The single file of `dir` whose name starts with `prefix` and ends with `suffix`.
fn hashed(dir: &Path, prefix: &str, suffix: &str) -> Result<String, String> {
    let names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(prefix) && n.ends_with(suffix) && !n.ends_with(&format!("_bg{suffix}")))
        .collect();
    match names.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("no {prefix}*{suffix} in {} (run this after Trunk's build)", dir.display())),
        _ => Err(format!("several {prefix}*{suffix} in {}: {}", dir.display(), names.join(", "))),
    }
}

/// The text of `netplay.js` for the engine's glue file `glue` and stylesheet `css`.
pub fn netplay_js(glue: &str, css: &str) -> String {
    let nodes = format!("{:?}", netplay_embed::DEFAULT_NODES);
    NETPLAY_JS.replace("__GLUE__", glue).replace("__STYLESHEET__", css).replace("__DEFAULT_NODES__", &nodes)
}

/// Writes `out/api/` next to Trunk's output in `out`.
pub fn write(_root: &Path, out: &Path) -> Result<(), String> {
    let glue = hashed(out, "netplay-web", ".js")?;
    let css = hashed(out, "style", ".css")?;
    let api = out.join("api");
    fs::create_dir_all(&api).map_err(|e| format!("cannot create {}: {e}", api.display()))?;
    for (name, text) in [
        ("netplay.js", netplay_js(&glue, &css)),
        ("netplay.d.ts", netplay_embed::typescript::declarations()),
        ("embed.js", EMBED_JS.to_string()),
        ("embed.css", EMBED_CSS.to_string()),
    ] {
        fs::write(api.join(name), text).map_err(|e| format!("cannot write api/{name}: {e}"))?;
    }
    Ok(())
}

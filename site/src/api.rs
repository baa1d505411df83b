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
//! - `worker.js`: the playground's background analysis, a module worker that runs the page's
//!   own WebAssembly module on large inputs (the web app's `worker` module). Not part of the
//!   API.

use std::fs;
use std::path::Path;

const NETPLAY_JS: &str = include_str!("../assets/netplay.js");
const EMBED_JS: &str = include_str!("../assets/embed.js");
const EMBED_CSS: &str = include_str!("../assets/embed.css");
const WORKER_JS: &str = include_str!("../assets/worker.js");

/// The single file of `dir` whose name starts with `prefix` and ends with `suffix`.
fn hashed(dir: &Path, prefix: &str, suffix: &str) -> Result<String, String> {
    let names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(prefix) && n.ends_with(suffix))
        .collect();
    match names.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("no {prefix}*{suffix} in {} (run this after Trunk's build)", dir.display())),
        _ => Err(format!("several {prefix}*{suffix} in {}: {}", dir.display(), names.join(", "))),
    }
}

/// The names Trunk gave the engine's files after hashing them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engine {
    /// The wasm-bindgen glue (`netplay-web-<hash>.js`).
    pub glue: String,
    /// The module (`netplay-web-<hash>_bg.wasm`): the glue's own default path is the name
    /// before hashing, so `netplay.js` passes this one.
    pub wasm: String,
    /// The playground's stylesheet (`style-<hash>.css`).
    pub css: String,
}

impl Engine {
    /// Finds the files in Trunk's output folder.
    pub fn find(out: &Path) -> Result<Engine, String> {
        Ok(Engine {
            glue: hashed(out, "netplay-web-", ".js")?,
            wasm: hashed(out, "netplay-web-", "_bg.wasm")?,
            css: hashed(out, "style-", ".css")?,
        })
    }
}

/// The text of `netplay.js` for the engine's files.
pub fn netplay_js(engine: &Engine) -> String {
    // A JSON string is a JavaScript string literal.
    let nodes = format!("{:?}", netplay_embed::DEFAULT_NODES);
    NETPLAY_JS
        .replace("__GLUE__", &engine.glue)
        .replace("__WASM__", &engine.wasm)
        .replace("__STYLESHEET__", &engine.css)
        .replace("__DEFAULT_NODES__", &nodes)
}

/// Writes `out/api/` next to Trunk's output in `out`.
pub fn write(_root: &Path, out: &Path) -> Result<(), String> {
    let engine = Engine::find(out)?;
    let api = out.join("api");
    fs::create_dir_all(&api).map_err(|e| format!("cannot create {}: {e}", api.display()))?;
    for (name, text) in [
        ("netplay.js", netplay_js(&engine)),
        ("netplay.d.ts", netplay_embed::typescript::declarations()),
        ("embed.js", EMBED_JS.replace("__GLUE__", &engine.glue)),
        ("embed.css", EMBED_CSS.to_string()),
        ("worker.js", WORKER_JS.replace("__GLUE__", &engine.glue)),
    ] {
        fs::write(api.join(name), text).map_err(|e| format!("cannot write api/{name}: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_module_names_the_hashed_engine_files() {
        let dir = std::env::temp_dir().join(format!("netplay-api-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("dir");
        for name in ["netplay-web-ab12.js", "netplay-web-ab12_bg.wasm", "style-cd34.css", "index.html"] {
            fs::write(dir.join(name), "").expect("file");
        }
        write(&dir, &dir).expect("written");
        let js = fs::read_to_string(dir.join("api/netplay.js")).expect("netplay.js");
        assert!(js.contains("from \"../netplay-web-ab12.js\""), "{js}");
        assert!(js.contains("new URL(\"../netplay-web-ab12_bg.wasm\", import.meta.url)"), "{js}");
        assert!(js.contains("new URL(\"../style-cd34.css\", import.meta.url)"), "{js}");
        assert!(js.contains("export const DEFAULT_NODES = \"# netplay's default inventory"), "{js}");
        assert!(!js.contains("__"), "every placeholder is filled: {js}");
        for name in ["netplay.d.ts", "embed.js", "embed.css", "worker.js"] {
            assert!(dir.join("api").join(name).is_file(), "{name}");
        }
        let worker = fs::read_to_string(dir.join("api/worker.js")).expect("worker.js");
        assert!(worker.contains("from \"../netplay-web-ab12.js\";") && !worker.contains("__GLUE__"), "{worker}");
        let embed = fs::read_to_string(dir.join("api/embed.js")).expect("embed.js");
        assert!(embed.contains("import \"../netplay-web-ab12.js\";") && !embed.contains("__GLUE__"), "{embed}");
        fs::write(dir.join("netplay-web-ef56.js"), "").expect("second glue");
        let _ = fs::remove_file(dir.join("api/netplay.js"));
        assert!(write(&dir, &dir).is_err_and(|e| e.contains("several")), "an ambiguous folder is refused");
    }

    /// The names a module exports (`export function x`, `export const x`, `export default`).
    fn exports(text: &str) -> Vec<String> {
        let mut names: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("export "))
            .filter_map(|rest| {
                if rest.starts_with("default") {
                    return Some("default".to_string());
                }
                let rest = rest.strip_prefix("function ").or_else(|| rest.strip_prefix("const "))?;
                Some(rest.split(|c: char| !c.is_alphanumeric() && c != '_').next()?.to_string())
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_declarations_declare_what_the_module_exports() {
        let module = exports(NETPLAY_JS);
        assert_eq!(
            module,
            ["DEFAULT_NODES", "PLAYGROUND_URL", "STYLESHEET_URL", "analyze", "default", "mountEmbed", "mountInventory"]
        );
        // `export type ...` lines (the result's types) are not values: they do not count here.
        assert_eq!(exports(&netplay_embed::typescript::declarations()), module);
    }
}

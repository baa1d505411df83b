//! netplay in the browser: a Yew app that runs `netplay-core` as WebAssembly in the page.
//!
//! `main` mounts [`app::App`] into `#app`; `app` lays out the page and owns the state
//! ([`state`]); the components under [`components`] render; [`share`] is the link codec
//! (the `netplay-share` crate), [`highlight`] the editors' tokenizer, [`edit`] their editing
//! commands, [`crash`] what a panic does (the text is kept), [`markdown`] the issue report, [`variables`] the choice of the variable values core
//! gets, and [`browser`] the thin layer over browser APIs. Everything but `browser` and
//! the components is pure and unit-tested natively (`cargo test -p netplay-web`).

mod app;
mod autosave;
mod browser;
mod components;
mod crash;
mod edit;
mod examples;
mod highlight;
mod markdown;
mod share;
mod state;
mod variables;

/// The page's allocator: talc instead of the standard library's dlmalloc, for a smaller bundle
/// (the page is single-threaded; wasm32 without the `atomics` feature has one thread).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    if cfg!(not(target_arch = "wasm32")) {
        eprintln!("netplay-web runs in a browser: `scripts/serve.sh`, then open http://127.0.0.1:8080");
        std::process::exit(2);
    }
    crash::install();
    let root = browser::document().and_then(|d| {
        let root = d.get_element_by_id("app")?;
        root.set_inner_html("");
        Some(root)
    });
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}

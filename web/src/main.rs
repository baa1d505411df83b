//! netplay in the browser: a Yew app that runs `netplay-core` as WebAssembly in the page.
//!
//! `main` mounts [`app::App`] into `#app`; `app` lays out the page and owns the state
//! ([`state`]); the components under [`components`] render; [`share`] is the link codec
//! (the `netplay-share` crate), [`highlight`] the editors' tokenizer, [`edit`] their editing
//! commands, [`crash`] what a panic does (the text is kept), [`markdown`] the issue report, [`variables`] the choice of the variable values core
//! gets, and [`browser`] the thin layer over browser APIs. Everything but `browser` and
//! the components is pure and unit-tested natively (`cargo test -p netplay-web`).
//!
//! The same module serves documentation pages: [`embed`] renders live examples into them and
//! [`api`] is the JS API; [`worker`] runs large analyses in a Web Worker on this same module.
//! `main` runs whenever the module starts; it mounts the playground only
//! on the playground's page (the one with `#app`), in its compact iframe form with
//! `?view=compact`, and does nothing elsewhere.

mod api;
mod app;
mod autosave;
mod browser;
mod components;
mod crash;
mod edit;
mod embed;
mod examples;
mod highlight;
mod markdown;
mod share;
mod state;
mod variables;
mod worker;

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
    // Documentation pages and API users load this module without the playground's root.
    let Some(root) = browser::document().and_then(|d| d.get_element_by_id("app")) else { return };
    root.set_inner_html("");
    if browser::is_compact() {
        crash::install(crash::Keep::Address);
        embed::mount_compact(root, embed::compact_snapshot(&browser::hash()));
    } else {
        crash::install(crash::Keep::Autosave);
        yew::Renderer::<app::App>::with_root(root).render();
    }
}

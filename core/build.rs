//! Sets `cfg(netplay_corpus)` when the real-world corpus (`../shared/corpus/real-world`) is
//! beside the project: the corpus tests then run, and are listed as ignored with the reason
//! when it is absent (a clean clone in CI). The tests crate uses this same script.
//!
//! Cargo re-runs it when the corpus index changes; after adding the corpus to a checkout that
//! was built without it, `touch core/build.rs` (a path that does not exist cannot be watched
//! without re-running the script, and rebuilding, on every build).

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(netplay_corpus)");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let index = Path::new(&manifest).join("../../shared/corpus/real-world/INDEX.tsv");
    if index.is_file() {
        println!("cargo::rerun-if-changed={}", index.display());
        println!("cargo::rustc-cfg=netplay_corpus");
    }
}

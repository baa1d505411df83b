//! Sets `cfg(netplay_corpus)` when the real-world corpus (`../shared/corpus/real-world`) is
//! beside the project: the reader's corpus test then runs, and is listed as ignored with the
//! reason when it is absent. Nothing else depends on it; see `tests/build.rs` for the same
//! switch in the test crate.

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

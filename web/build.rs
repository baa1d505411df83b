//! Embeds every example under `examples/` (each a folder with `job.hcl` and `nodes.hcl`) into
//! the web app, so a new example shows up in the menu without touching the app's code.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

/// The seed page's scenarios come first, in this order; the rest follow alphabetically.
const FIRST: &[&str] = &["seed-dynamic-ports", "seed-static-port", "seed-docker-port-map"];

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("..").join("examples");
    println!("cargo:rerun-if-changed={}", root.display());

    let mut slugs: Vec<String> = fs::read_dir(&root)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.path().join("job.hcl").is_file() && e.path().join("nodes.hcl").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    slugs.sort_by_key(|s| (FIRST.iter().position(|f| f == s).unwrap_or(FIRST.len()), s.clone()));

    let mut code = String::from("&[\n");
    for slug in &slugs {
        let dir = root.join(slug);
        for file in ["job.hcl", "nodes.hcl"] {
            println!("cargo:rerun-if-changed={}", dir.join(file).display());
        }
        let _ = writeln!(
            code,
            "    Example {{ slug: {slug:?}, jobspec: include_str!({job:?}), nodes: include_str!({nodes:?}) }},",
            job = dir.join("job.hcl").display().to_string(),
            nodes = dir.join("nodes.hcl").display().to_string(),
        );
    }
    code.push_str("]\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    fs::write(out, code).expect("write the example table");
}

//! Embeds every example under `examples/` into the web app, so a new example shows up in the
//! gallery without touching the app's code. An example is a folder with `job.hcl`, `nodes.hcl`
//! and a `README.md` whose front matter (between two `---` lines, one `key: value` a line) gives
//! its `title`, its Nomad version (`nomad`), its gallery `group` and optionally a `try` hint; the
//! text after it is the explanation shown beside the editor.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The examples of the later lines come first, then Nomad 0.2's; within each, these come first in
/// this order (the first visit's example, the seed page's scenarios), then the rest by name.
const FIRST: &[&str] = &["v1-group-ports", "seed-dynamic-ports", "seed-static-port", "seed-docker-port-map"];

/// One example's README: front matter and explanation.
struct Readme {
    title: String,
    nomad: String,
    group: String,
    try_it: Option<String>,
    about: String,
}

fn readme(dir: &Path) -> Readme {
    let path = dir.join("README.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (front, about) = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .unwrap_or_else(|| panic!("{}: no front matter between `---` lines", path.display()));
    let value = |key: &str| {
        front.lines().find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':'))).map(|v| v.trim().to_string())
    };
    let required = |key: &str| value(key).unwrap_or_else(|| panic!("{}: front matter has no `{key}`", path.display()));
    Readme {
        title: required("title"),
        nomad: required("nomad"),
        group: required("group"),
        try_it: value("try"),
        about: about.trim().to_string(),
    }
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("..").join("examples");
    println!("cargo:rerun-if-changed={}", root.display());

    let mut examples: Vec<(String, Readme)> = fs::read_dir(&root)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.path().join("job.hcl").is_file() && e.path().join("nodes.hcl").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .map(|slug| {
                    let meta = readme(&root.join(&slug));
                    (slug, meta)
                })
                .collect()
        })
        .unwrap_or_default();
    examples.sort_by_key(|(slug, meta)| {
        let first = FIRST.iter().position(|f| f == slug).unwrap_or(FIRST.len());
        (meta.nomad == "0.2", first, slug.clone())
    });

    let mut code = String::from("&[\n");
    for (slug, meta) in &examples {
        let dir = root.join(slug);
        for file in ["job.hcl", "nodes.hcl", "README.md"] {
            println!("cargo:rerun-if-changed={}", dir.join(file).display());
        }
        let _ = writeln!(
            code,
            "    Example {{ slug: {slug:?}, title: {title:?}, nomad: {nomad:?}, group: {group:?}, try_it: {try_it:?}, \
             about: {about:?}, jobspec: include_str!({job:?}), nodes: include_str!({nodes:?}) }},",
            title = meta.title,
            nomad = meta.nomad,
            group = meta.group,
            try_it = meta.try_it,
            about = meta.about,
            job = dir.join("job.hcl").display().to_string(),
            nodes = dir.join("nodes.hcl").display().to_string(),
        );
    }
    code.push_str("]\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    fs::write(out, code).expect("write the example table");
}

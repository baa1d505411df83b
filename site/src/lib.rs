//! # netplay-site
//!
//! The docs build. It turns the networking guide's Markdown pages (`docs/guide/*.md`) into
//! HTML pages whose examples are live embeds, **pre-rendered by the native engine** (readers
//! without JavaScript, search engines and feed readers see each jobspec and its real results),
//! and **verified**: an example whose declared expectation does not hold, or whose challenge is
//! already met by its original text, fails the build. It also writes the `/api/` files: the
//! stable ES module of the JS API, its TypeScript declarations, the embed script and styles.
//!
//! Trunk runs it after every build (`Trunk.toml` post-build hook, `scripts/build-site.sh`),
//! writing into the staging folder that becomes `dist/`; `cargo test -p netplay-site` runs the
//! same checks.
//!
//! An example in a page is a fenced block:
//!
//! ````markdown
//! ```netplay nomad=0.2 panes=env,allocations challenge="not placed: collision"
//! job "web" { ... }
//! ```
//! ````
//!
//! The words after `netplay` are the embed's settings ([`netplay_embed::settings`], without
//! the `data-` prefix; values with spaces in double quotes). A line `--- nodes ---` inside the
//! block starts the example's own inventory; `nodes=<id>` uses a shared inventory declared on
//! the page by a ```` ```netplay-nodes id=<id> ```` block; without either, the example runs on
//! [`netplay_embed::DEFAULT_NODES`].

pub mod api;
pub mod example;
pub mod guide;
pub mod prerender;
pub mod template;

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem that stops the build, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The source file.
    pub file: PathBuf,
    /// 1-based line in it (0 when the problem is about the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// The repository's root (where `docs/` and `site/` are), from this crate's manifest.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Builds the whole site's generated part into `out` (Trunk's staging folder or `dist/`):
/// `out/docs/` from `<root>/docs/guide/` and `out/api/`. Returns every problem found.
pub fn build(root: &Path, out: &Path) -> Result<guide::Summary, Vec<Problem>> {
    let summary = guide::build(&root.join("docs").join("guide"), &out.join("docs"))?;
    api::write(root, out).map_err(|e| vec![Problem { file: out.join("api"), line: 0, message: e }])?;
    Ok(summary)
}

//! The example gallery (`examples/*` of the repository), embedded at build time.
//!
//! An example's `job.hcl` may open with directive comments, one per line: `# nomad: 1.x` names
//! the Nomad version it is written for (none means 0.2, the seed page's scenarios) and
//! `# expect: <code>` marks an error shown on purpose. The title is the first comment line
//! after them.

use netplay_core::NomadVersion;

/// One example: a jobspec and a node inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The folder name (`seed-dynamic-ports`).
    pub slug: &'static str,
    /// `job.hcl`.
    pub jobspec: &'static str,
    /// `nodes.hcl`.
    pub nodes: &'static str,
}

/// Every example: the seed page's scenarios first, then the rest alphabetically.
pub static EXAMPLES: &[Example] = include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example a first visit opens.
pub const DEFAULT_SLUG: &str = "seed-dynamic-ports";

/// A leading `# key: value` comment whose key is one lowercase word.
fn directive(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.strip_prefix('#')?.trim_start().split_once(':')?;
    let word = !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    word.then(|| (key, value.trim()))
}

impl Example {
    /// The Nomad version the example is written for (`# nomad: ...`, else 0.2).
    pub fn nomad(&self) -> NomadVersion {
        self.jobspec
            .lines()
            .map_while(directive)
            .find(|(key, _)| *key == "nomad")
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or(NomadVersion::V0_2)
    }

    /// The title: the first comment line of `job.hcl` after the directives (else the slug).
    pub fn title(&self) -> &'static str {
        self.jobspec
            .lines()
            .map(str::trim)
            .skip_while(|l| directive(l).is_some())
            .find(|l| !l.is_empty())
            .and_then(|l| l.strip_prefix('#').or_else(|| l.strip_prefix("//")))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(self.slug)
    }
}

/// The example with this slug.
pub fn find(slug: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.slug == slug)
}

/// The first-visit example (the seed page's dynamic ports).
pub fn default_example() -> &'static Example {
    find(DEFAULT_SLUG).or(EXAMPLES.first()).unwrap_or(&FALLBACK)
}

/// Used only if the repository had no examples at build time.
static FALLBACK: Example = Example { slug: DEFAULT_SLUG, jobspec: "", nodes: "" };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_folder_is_embedded_seed_ones_first() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("examples/")
            .filter_map(Result::ok)
            .filter(|e| e.path().join("job.hcl").is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EXAMPLES.iter().map(|e| e.slug.to_string()).collect();
        let first: Vec<&str> = EXAMPLES.iter().take(3).map(|e| e.slug).collect();
        assert_eq!(first, ["seed-dynamic-ports", "seed-static-port", "seed-docker-port-map"]);
        let rest: Vec<&str> = EXAMPLES.iter().skip(3).map(|e| e.slug).collect();
        let mut sorted = rest.clone();
        sorted.sort_unstable();
        assert_eq!(rest, sorted);
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn titles_come_from_the_first_comment_line() {
        let e = find("seed-static-port").expect("example");
        assert_eq!(e.title(), "A static port: the task gets port 53 on the host or is not placed at all.");
        let bare = Example { slug: "x", jobspec: "job \"a\" {}", nodes: "" };
        assert_eq!(bare.title(), "x");
        assert_eq!(bare.nomad(), NomadVersion::V0_2);
        let directed = Example {
            slug: "y",
            jobspec: "# nomad: 1.x\n# expect: driver-error\n# Ports: half migrated.\njob \"a\" {}",
            nodes: "",
        };
        assert_eq!(directed.title(), "Ports: half migrated.");
        assert_eq!(directed.nomad(), NomadVersion::V1);
        let titled = Example { slug: "z", jobspec: "# Dynamic ports: a title\n# nomad: 1.x\n", nodes: "" };
        assert_eq!(titled.title(), "Dynamic ports: a title");
        assert_eq!(titled.nomad(), NomadVersion::V0_2, "directives only lead the file");
        assert_eq!(default_example().slug, DEFAULT_SLUG);
        assert_eq!(default_example().nomad(), NomadVersion::V0_2, "the seed page's example is 0.2");
    }
}

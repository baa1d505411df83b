//! The example gallery (`examples/*` of the repository), embedded at build time by `build.rs`
//! from each example's `job.hcl`, `nodes.hcl` and the front matter and text of its `README.md`.

use netplay_core::NomadVersion;

/// One example: a jobspec, a node inventory and what they show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The folder name (`v1-group-ports`).
    pub slug: &'static str,
    /// A short title for the gallery.
    pub title: &'static str,
    /// The Nomad version it is written for, as spelled in the README (`1.x`, `0.2`).
    pub nomad: &'static str,
    /// The gallery heading it is listed under.
    pub group: &'static str,
    /// Something to try, shown while the example is in the editors.
    pub try_it: Option<&'static str>,
    /// What the example shows, shown beside the editors (paragraphs split by blank lines).
    pub about: &'static str,
    /// `job.hcl`.
    pub jobspec: &'static str,
    /// `nodes.hcl`.
    pub nodes: &'static str,
}

/// Every example: the first visit's one, the other examples of later lines, then Nomad 0.2's
/// (the seed page's scenarios first).
pub static EXAMPLES: &[Example] = include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example a first visit opens.
pub const DEFAULT_SLUG: &str = "v1-group-ports";

impl Example {
    /// The Nomad version the example is written for.
    pub fn nomad(&self) -> NomadVersion {
        self.nomad.parse().unwrap_or_default()
    }

    /// The version to analyse the example with when the user has `current` selected: its own
    /// line for Nomad 0.2's examples; for the others, the user's modern line, else the latest.
    pub fn version_for(&self, current: NomadVersion) -> NomadVersion {
        let own = self.nomad();
        match (own.is_modern(), current.is_modern()) {
            (true, true) => current,
            (true, false) => NomadVersion::latest(),
            _ => own,
        }
    }

    /// The title as plain text (backticks dropped), for places that cannot show code.
    pub fn plain_title(&self) -> String {
        self.title.replace('`', "")
    }

    /// True when the editors hold exactly this example.
    pub fn is(&self, jobspec: &str, nodes: &str) -> bool {
        self.jobspec == jobspec && self.nodes == nodes
    }
}

/// The example with this slug.
pub fn find(slug: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.slug == slug)
}

/// The example whose texts these are, if any (a share link of an untouched example is one).
pub fn matching(jobspec: &str, nodes: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.is(jobspec, nodes))
}

/// The gallery's headings in order, each with its examples.
pub fn groups() -> Vec<(&'static str, Vec<&'static Example>)> {
    let mut out: Vec<(&'static str, Vec<&'static Example>)> = Vec::new();
    for e in EXAMPLES {
        match out.iter_mut().find(|(g, _)| *g == e.group) {
            Some((_, list)) => list.push(e),
            None => out.push((e.group, vec![e])),
        }
    }
    out
}

/// The first-visit example.
pub fn default_example() -> &'static Example {
    find(DEFAULT_SLUG).or(EXAMPLES.first()).unwrap_or(&FALLBACK)
}

/// Used only if the repository had no examples at build time.
static FALLBACK: Example =
    Example { slug: DEFAULT_SLUG, title: "", nomad: "", group: "", try_it: None, about: "", jobspec: "", nodes: "" };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_folder_is_embedded_modern_ones_first() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("examples/")
            .filter_map(Result::ok)
            .filter(|e| e.path().join("job.hcl").is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EXAMPLES.iter().map(|e| e.slug.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
        assert_eq!(EXAMPLES[0].slug, DEFAULT_SLUG);
        let modern: Vec<bool> = EXAMPLES.iter().map(|e| e.nomad().is_modern()).collect();
        let mut modern_first = modern.clone();
        modern_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(modern, modern_first, "the later lines' examples, then 0.2's");
        let seed: Vec<&str> =
            EXAMPLES.iter().filter(|e| e.nomad() == NomadVersion::V0_2).take(3).map(|e| e.slug).collect();
        assert_eq!(seed, ["seed-dynamic-ports", "seed-static-port", "seed-docker-port-map"]);
    }

    #[test]
    fn every_example_has_a_short_title_a_version_a_group_and_an_explanation() {
        for e in EXAMPLES {
            assert!(!e.title.is_empty() && e.title.chars().count() <= 48, "{}: {:?}", e.slug, e.title);
            assert!(e.nomad.parse::<NomadVersion>().is_ok(), "{}: {:?}", e.slug, e.nomad);
            assert!(!e.group.is_empty(), "{}", e.slug);
            assert!(e.about.len() > 40, "{}: explain what it shows", e.slug);
            assert!(!e.jobspec.contains("# expect:") && !e.jobspec.starts_with("# nomad:"), "{}", e.slug);
        }
        let groups = groups();
        assert!(groups.len() >= 2, "{groups:?}");
        assert!(groups[0].1.iter().all(|e| e.nomad().is_modern()), "modern examples come first");
        assert!(
            groups.iter().any(|(g, list)| list.len() == 3
                && list.iter().all(|e| e.slug.starts_with("seed-"))
                && g.contains("0.2"))
        );
        let seed = find("seed-docker-port-map").expect("example");
        assert_eq!(seed.plain_title(), "Docker port_map");
    }

    #[test]
    fn versions_follow_the_users_line_within_the_modern_ones() {
        let modern = default_example();
        assert!(modern.nomad().is_modern());
        assert_eq!(modern.version_for(NomadVersion::V0_2), NomadVersion::latest());
        assert_eq!(modern.version_for(NomadVersion::latest()), NomadVersion::latest());
        let old = find("seed-static-port").expect("example");
        assert_eq!(old.version_for(NomadVersion::latest()), NomadVersion::V0_2);
        assert_eq!(matching(old.jobspec, old.nodes).map(|e| e.slug), Some("seed-static-port"));
        assert_eq!(matching("job {}", old.nodes), None);
    }
}

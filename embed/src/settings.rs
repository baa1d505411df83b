//! An embed's settings, read from the `data-*` attributes of its element (the same reader runs
//! in the browser and in the docs build, so both understand a page alike).
//!
//! | attribute          | meaning                                                          | default   |
//! |--------------------|------------------------------------------------------------------|-----------|
//! | `data-nomad`       | Nomad version: `0.2`, `1.x` or `2.x`                             | `2.x` (the latest line) |
//! | `data-seed`        | seed for dynamic ports and the node shuffle                      | `1`       |
//! | `data-readonly`    | present: the reader cannot edit                                  | editable  |
//! | `data-panes`       | result panes, comma-separated: `env`, `allocations`, `mappings`, `nodes`, `services` | `env` |
//! | `data-height`      | editor height in lines                                           | the text's |
//! | `data-nodes`       | `id` of the page element holding a shared inventory              | its own `<pre>` or [`DEFAULT_NODES`](crate::DEFAULT_NODES) |
//! | `data-expect`      | an [expectation](crate::expect) the example meets as written     | none      |
//! | `data-challenge`   | an expectation the reader should reach by editing                | none      |
//! | `data-compare`     | a second Nomad version to run side by side                       | none      |
//! | `data-inline`      | `off`: no inline results beside `port` lines                     | on        |

use netplay_core::NomadVersion;

use crate::expect::Expectation;

/// A result pane an embed can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Env vars per task.
    Env,
    /// Nodes, addresses and ports per instance.
    Allocations,
    /// Driver port mappings.
    Mappings,
    /// Node verdicts.
    Nodes,
    /// Service and check registrations, Connect sidecars and gateway listeners.
    Services,
}

impl Pane {
    /// Every pane, in display order.
    pub const ALL: [Pane; 5] = [Pane::Allocations, Pane::Env, Pane::Mappings, Pane::Nodes, Pane::Services];

    /// The attribute spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Pane::Env => "env",
            Pane::Allocations => "allocations",
            Pane::Mappings => "mappings",
            Pane::Nodes => "nodes",
            Pane::Services => "services",
        }
    }

    /// The heading shown above the pane.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Env => "Env",
            Pane::Allocations => "Allocations",
            Pane::Mappings => "Mappings",
            Pane::Nodes => "Nodes",
            Pane::Services => "Services",
        }
    }
}

/// Everything an embed's attributes say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The version to reproduce.
    pub nomad: NomadVersion,
    /// The seed.
    pub seed: u64,
    /// True when the reader cannot edit.
    pub readonly: bool,
    /// The panes to show, in the order given.
    pub panes: Vec<Pane>,
    /// Editor height in lines, when set.
    pub height: Option<u32>,
    /// The `id` of a shared inventory element, when set.
    pub nodes_ref: Option<String>,
    /// What the example meets as written.
    pub expect: Option<Expectation>,
    /// What the reader should reach.
    pub challenge: Option<Expectation>,
    /// A second version to compare with.
    pub compare: Option<NomadVersion>,
    /// Inline results beside `port` lines.
    pub inline: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            nomad: NomadVersion::latest(),
            seed: netplay_core::DEFAULT_SEED,
            readonly: false,
            panes: vec![Pane::Env],
            height: None,
            nodes_ref: None,
            expect: None,
            challenge: None,
            compare: None,
            inline: true,
        }
    }
}

/// The largest editor height accepted, in lines.
pub const MAX_HEIGHT: u32 = 200;

impl Settings {
    /// Reads the settings through `attribute` (an attribute's value by name, `None` when
    /// absent). Values that cannot be read are left at their default and described in the
    /// returned problems (the docs build fails on them; an embed shows them).
    pub fn read(attribute: impl Fn(&str) -> Option<String>) -> (Settings, Vec<String>) {
        let mut s = Settings::default();
        let mut problems = Vec::new();
        if let Some(v) = attribute("data-nomad") {
            match v.parse() {
                Ok(version) => s.nomad = version,
                Err(e) => problems.push(format!("data-nomad: {e}")),
            }
        }
        if let Some(v) = attribute("data-seed") {
            match v.trim().parse::<u64>() {
                Ok(seed) if seed <= crate::options::MAX_SEED => s.seed = seed,
                _ => problems
                    .push(format!("data-seed: `{v}` is not a whole number from 0 to {}", crate::options::MAX_SEED)),
            }
        }
        s.readonly = attribute("data-readonly").is_some_and(|v| v != "false");
        if let Some(v) = attribute("data-panes") {
            let mut panes = Vec::new();
            for word in v.split([',', ' ']).map(str::trim).filter(|w| !w.is_empty()) {
                match Pane::ALL.iter().find(|p| p.as_str() == word) {
                    Some(p) if !panes.contains(p) => panes.push(*p),
                    Some(_) => {}
                    None => problems.push(format!(
                        "data-panes: unknown pane `{word}` (known: env, allocations, mappings, nodes, services)"
                    )),
                }
            }
            s.panes = panes;
        }
        if let Some(v) = attribute("data-height") {
            match v.trim().parse::<u32>() {
                Ok(h) if (1..=MAX_HEIGHT).contains(&h) => s.height = Some(h),
                _ => problems.push(format!("data-height: `{v}` is not a number of lines from 1 to {MAX_HEIGHT}")),
            }
        }
        s.nodes_ref = attribute("data-nodes").map(|v| v.trim().trim_start_matches('#').to_string());
        for (name, slot) in [("data-expect", &mut s.expect), ("data-challenge", &mut s.challenge)] {
            if let Some(v) = attribute(name) {
                match Expectation::parse(&v) {
                    Ok(e) => *slot = Some(e),
                    Err(e) => problems.push(format!("{name}: {e}")),
                }
            }
        }
        if let Some(v) = attribute("data-compare") {
            match v.parse::<NomadVersion>() {
                Ok(other) if other != s.nomad => s.compare = Some(other),
                Ok(_) => problems.push(format!("data-compare: `{v}` is the example's own version")),
                Err(e) => problems.push(format!("data-compare: {e}")),
            }
        }
        s.inline = attribute("data-inline").is_none_or(|v| v != "off");
        (s, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> (Settings, Vec<String>) {
        Settings::read(|name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn no_attributes_give_the_defaults() {
        assert_eq!(read(&[]), (Settings::default(), vec![]));
    }

    #[test]
    fn every_attribute_is_read() {
        let (s, problems) = read(&[
            ("data-nomad", "0.2"),
            ("data-seed", "42"),
            ("data-readonly", ""),
            ("data-panes", "allocations, env,env"),
            ("data-height", "12"),
            ("data-nodes", "#shared"),
            ("data-expect", "placed"),
            ("data-challenge", "not placed"),
            ("data-compare", "1.x"),
            ("data-inline", "off"),
        ]);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!((s.nomad, s.seed, s.readonly, s.height), (NomadVersion::V0_2, 42, true, Some(12)));
        assert_eq!(s.panes, [Pane::Allocations, Pane::Env]);
        assert_eq!(s.nodes_ref.as_deref(), Some("shared"));
        assert!(s.expect.is_some() && s.challenge.is_some());
        assert_eq!(s.compare, Some(NomadVersion::V1));
        assert!(!s.inline);
    }

    #[test]
    fn bad_values_are_problems_and_keep_the_default() {
        let (s, problems) = read(&[
            ("data-nomad", "9"),
            ("data-seed", "-3"),
            ("data-panes", "env,ports"),
            ("data-height", "0"),
            ("data-expect", "works"),
            ("data-compare", "2.x"),
        ]);
        assert_eq!(problems.len(), 6, "{problems:#?}");
        assert_eq!((s.nomad, s.seed, s.height, s.expect), (NomadVersion::latest(), 1, None, None));
        assert_eq!(s.panes, [Pane::Env]);
        assert!(problems[2].contains("`ports`"));
    }
}

//! Compare versions: the env vars and ports that differ between two analyses of one example
//! (Nomad 0.2 against 1.x), for the embed's side-by-side view.

use std::collections::BTreeMap;

use netplay_core::Analysis;

/// One variable of one task whose value differs, or that only one version sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `<allocation> · <task>`.
    pub task: String,
    /// The variable.
    pub name: String,
    /// Its value under the first version (`None`: not set there).
    pub left: Option<String>,
    /// Its value under the second version.
    pub right: Option<String>,
}

fn variables(a: &Analysis) -> BTreeMap<(String, String), String> {
    a.placements
        .iter()
        .filter(|p| p.node.is_some())
        .flat_map(|p| {
            p.tasks.iter().flat_map(move |t| {
                t.env.iter().map(move |v| ((format!("{} · {}", p.name, t.name), v.name.clone()), v.value.clone()))
            })
        })
        .collect()
}

/// Every variable that differs between `left` and `right`, by task then name.
pub fn differences(left: &Analysis, right: &Analysis) -> Vec<Difference> {
    let (l, r) = (variables(left), variables(right));
    let mut keys: Vec<&(String, String)> = l.keys().chain(r.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| l.get(*k) != r.get(*k))
        .map(|k| Difference { task: k.0.clone(), name: k.1.clone(), left: l.get(k).cloned(), right: r.get(k).cloned() })
        .collect()
}

#[cfg(test)]
mod tests {
    use netplay_core::{NomadVersion, Options, analyze};

    use super::*;

    #[test]
    fn versions_differ_in_the_variables_they_set() {
        let job = "job \"web\" {\n  group \"web\" {\n    task \"web\" {\n      driver = \"exec\"\n      config { command = \"x\" }\n      resources {\n        network {\n          port \"http\" { static = 8080 }\n        }\n      }\n    }\n  }\n}\n";
        let run = |nomad| analyze(job, netplay_embed::DEFAULT_NODES, &Options::for_version(nomad));
        let (old, new) = (run(NomadVersion::V0_2), run(NomadVersion::V1));
        let diff = differences(&old, &new);
        // 1.x sets NOMAD_ADDR_http and friends that 0.2 did not have.
        assert!(diff.iter().any(|d| d.name == "NOMAD_ADDR_http" && d.left.is_none() && d.right.is_some()), "{diff:#?}");
        // NOMAD_PORT_http is 8080 in both: not a difference.
        assert!(!diff.iter().any(|d| d.name == "NOMAD_PORT_http"), "{diff:#?}");
        assert!(differences(&old, &old).is_empty());
    }
}

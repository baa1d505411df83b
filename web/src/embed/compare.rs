//! Compare versions: the env vars and ports that differ between two analyses of one example
//! (Nomad 0.2 against 1.x), for the embed's side-by-side view.

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

/// `(task, name, value)` of every variable of the placed tasks, sorted.
fn variables(a: &Analysis) -> Vec<(String, &str, &str)> {
    let mut out: Vec<(String, &str, &str)> = a
        .placements
        .iter()
        .filter(|p| p.node.is_some())
        .flat_map(|p| {
            p.tasks.iter().flat_map(move |t| {
                t.env.iter().map(move |v| (format!("{} · {}", p.name, t.name), v.name.as_str(), v.value.as_str()))
            })
        })
        .collect();
    out.sort_unstable();
    out
}

/// Every variable that differs between `left` and `right`, by task then name.
pub fn differences(left: &Analysis, right: &Analysis) -> Vec<Difference> {
    let (l, r) = (variables(left), variables(right));
    let mut keys: Vec<(&str, &str)> = l.iter().chain(&r).map(|(t, n, _)| (t.as_str(), *n)).collect();
    keys.sort_unstable();
    keys.dedup();
    let value = |list: &[(String, &str, &str)], key: (&str, &str)| {
        list.iter().find(|(t, n, _)| (t.as_str(), *n) == key).map(|(_, _, v)| v.to_string())
    };
    keys.into_iter()
        .map(|key| (key, value(&l, key), value(&r, key)))
        .filter(|(_, a, b)| a != b)
        .map(|((task, name), left, right)| Difference { task: task.to_string(), name: name.to_string(), left, right })
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

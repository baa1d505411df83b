//! Expectations: what an example declares about its own results, checked against the analysis.
//!
//! A documentation example carries them as text, in `data-expect` (must hold for the text as
//! written: the docs build fails when it does not) or `data-challenge` (what the reader should
//! achieve by editing: the docs build fails when the text as written already achieves it; the
//! embed shows "done" once the reader's edit does). Conditions are separated by `;` and all
//! must hold:
//!
//! | condition                | holds when                                                        |
//! |--------------------------|-------------------------------------------------------------------|
//! | `placed`                 | there is at least one instance and every instance found a node   |
//! | `not placed`             | some instance found no node                                       |
//! | `not placed: <text>`     | …and its failure or a node's reason for it contains `<text>`      |
//! | `placed on N nodes`      | the placed instances sit on exactly N different nodes             |
//! | `N placed`               | exactly N instances were placed                                   |
//! | `NAME = VALUE`           | a placed task has the env var `NAME` with the value `VALUE`       |
//! | `NAME set`               | a placed task has the env var `NAME`                              |
//! | `no NAME`                | no placed task has the env var `NAME`                             |
//! | `no errors`              | the analysis has no error diagnostics                             |
//! | `error CODE`, `warning CODE` | a diagnostic with that severity and code (`hcl-syntax`, …)    |
//!
//! Names and values may be written in backticks (`` `NOMAD_PORT_http` = 8080 ``); texts
//! compare case-insensitively.

use std::collections::BTreeSet;
use std::fmt;

use netplay_core::{Analysis, Severity};

/// One condition of an expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Every instance placed.
    Placed,
    /// Some instance not placed, optionally for a reason containing this text.
    NotPlaced(Option<String>),
    /// Placed instances on exactly this many nodes.
    OnNodes(usize),
    /// Exactly this many instances placed.
    PlacedCount(usize),
    /// An env var with this value in some placed task.
    Env(String, String),
    /// An env var present in some placed task.
    EnvSet(String),
    /// An env var in no placed task.
    EnvUnset(String),
    /// No error diagnostics.
    NoErrors,
    /// A diagnostic with this severity and code.
    Diagnostic(Severity, String),
}

/// A parsed expectation: its text and its conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The text as declared.
    pub text: String,
    /// Every condition, in order.
    pub conditions: Vec<Condition>,
}

/// Why an expectation's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The condition that was not understood.
    pub condition: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read the condition `{}` (known: `placed`, `not placed[: reason]`, `placed on N nodes`, \
             `N placed`, `NAME = VALUE`, `NAME set`, `no NAME`, `no errors`, `error CODE`, `warning CODE`)",
            self.condition
        )
    }
}

impl std::error::Error for ParseError {}

fn unquote(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix('`').and_then(|t| t.strip_suffix('`')).unwrap_or(t).trim()
}

fn is_name(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

fn condition(text: &str) -> Option<Condition> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let number = |s: &str| s.trim().parse::<usize>().ok();
    if lower == "placed" {
        return Some(Condition::Placed);
    }
    if lower == "no errors" {
        return Some(Condition::NoErrors);
    }
    if let Some(rest) = lower.strip_prefix("not placed") {
        let reason = rest.trim_start().strip_prefix(':').map(|r| unquote(r).to_string());
        return match (rest.trim().is_empty(), reason) {
            (true, _) => Some(Condition::NotPlaced(None)),
            (false, Some(r)) if !r.is_empty() => Some(Condition::NotPlaced(Some(r))),
            _ => None,
        };
    }
    if let Some(rest) = lower.strip_prefix("placed on ") {
        let n = rest.strip_suffix(" nodes").or_else(|| rest.strip_suffix(" node"))?;
        return number(n).map(Condition::OnNodes);
    }
    if let Some(n) = lower.strip_suffix(" placed") {
        return number(n).map(Condition::PlacedCount);
    }
    for (word, severity) in [("error ", Severity::Error), ("warning ", Severity::Warning)] {
        if let Some(code) = lower.strip_prefix(word) {
            let code = unquote(code);
            return is_name(code).then(|| Condition::Diagnostic(severity, code.to_string()));
        }
    }
    if let Some((name, value)) = t.split_once('=') {
        let name = unquote(name);
        return is_name(name).then(|| Condition::Env(name.to_string(), unquote(value).to_string()));
    }
    if let Some(name) = t.strip_suffix(" set") {
        let name = unquote(name);
        return is_name(name).then(|| Condition::EnvSet(name.to_string()));
    }
    if let Some(name) = t.strip_prefix("no ") {
        let name = unquote(name);
        return is_name(name).then(|| Condition::EnvUnset(name.to_string()));
    }
    None
}

impl Expectation {
    /// Reads `text` (conditions separated by `;`).
    pub fn parse(text: &str) -> Result<Expectation, ParseError> {
        let conditions = text
            .split(';')
            .filter(|c| !c.trim().is_empty())
            .map(|c| condition(c).ok_or_else(|| ParseError { condition: c.trim().to_string() }))
            .collect::<Result<Vec<_>, _>>()?;
        if conditions.is_empty() {
            return Err(ParseError { condition: text.trim().to_string() });
        }
        Ok(Expectation { text: text.trim().to_string(), conditions })
    }

    /// `Ok` when every condition holds for `analysis`, else what the analysis shows instead
    /// of the first condition that fails.
    pub fn check(&self, analysis: &Analysis) -> Result<(), String> {
        self.conditions.iter().try_for_each(|c| check(c, analysis))
    }
}

/// Every `(name, value)` of the env vars of placed tasks.
fn env(analysis: &Analysis) -> impl Iterator<Item = (&str, &str)> {
    analysis
        .placements
        .iter()
        .filter(|p| p.node.is_some())
        .flat_map(|p| p.tasks.iter().flat_map(|t| t.env.iter().map(|v| (v.name.as_str(), v.value.as_str()))))
}

fn reasons(analysis: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for p in analysis.placements.iter().filter(|p| p.node.is_none()) {
        out.extend(p.failure.iter().cloned());
        for e in &p.evaluated {
            out.extend(e.reason.iter().cloned());
            out.extend(e.detail.iter().cloned());
        }
    }
    out
}

fn check(condition: &Condition, a: &Analysis) -> Result<(), String> {
    let placed = a.placements.iter().filter(|p| p.node.is_some()).count();
    let summary = || format!("{placed} of {} instances placed", a.placements.len());
    match condition {
        Condition::Placed if !a.placements.is_empty() && placed == a.placements.len() => Ok(()),
        Condition::Placed => Err(summary()),
        Condition::NotPlaced(reason) => {
            if placed == a.placements.len() {
                return Err(format!("every instance was placed ({})", summary()));
            }
            let Some(reason) = reason else { return Ok(()) };
            let found = reasons(a);
            if found.iter().any(|r| r.to_lowercase().contains(reason.as_str())) {
                Ok(())
            } else {
                Err(format!("not placed, but for: {}", found.join("; ")))
            }
        }
        Condition::OnNodes(n) => {
            let nodes: BTreeSet<&str> = a.placements.iter().filter_map(|p| p.node.as_deref()).collect();
            if nodes.len() == *n { Ok(()) } else { Err(format!("placed on {} nodes", nodes.len())) }
        }
        Condition::PlacedCount(n) if placed == *n => Ok(()),
        Condition::PlacedCount(_) => Err(summary()),
        Condition::Env(name, value) => {
            let values: Vec<&str> = env(a).filter(|(n, _)| n == name).map(|(_, v)| v).collect();
            if values.iter().any(|v| v == value) {
                Ok(())
            } else if values.is_empty() {
                Err(format!("no placed task has `{name}`"))
            } else {
                Err(format!("`{name}` is {}", values.join(", ")))
            }
        }
        Condition::EnvSet(name) if env(a).any(|(n, _)| n == name) => Ok(()),
        Condition::EnvSet(name) => Err(format!("no placed task has `{name}`")),
        Condition::EnvUnset(name) => match env(a).find(|(n, _)| n == name) {
            Some((_, v)) => Err(format!("`{name}` is {v}")),
            None => Ok(()),
        },
        Condition::NoErrors => match a.diagnostics.iter().find(|d| d.is_error()) {
            Some(d) => Err(format!("error[{}] at {}:{}: {}", d.code.as_str(), d.start.line, d.start.column, d.message)),
            None => Ok(()),
        },
        Condition::Diagnostic(severity, code) => {
            if a.diagnostics.iter().any(|d| d.severity == *severity && d.code.as_str() == code) {
                Ok(())
            } else {
                Err(format!("no {} `{code}`", severity.as_str()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use netplay_core::{NomadVersion, Options, analyze};

    use super::*;

    const JOB: &str = r#"
job "dns" {
  datacenters = ["dc1"]
  group "dns" {
    count = 2
    task "dns" {
      driver = "exec"
      config { command = "dnsmasq" }
      resources {
        network {
          port "dns" { static = 53 }
        }
      }
    }
  }
}
"#;

    fn run(nodes: &str) -> Analysis {
        analyze(JOB, nodes, &Options::for_version(NomadVersion::V0_2))
    }

    fn holds(expect: &str, a: &Analysis) -> Result<(), String> {
        Expectation::parse(expect).map_err(|e| e.to_string())?.check(a)
    }

    #[test]
    fn conditions_read_from_text() {
        let e = Expectation::parse("not placed: port collision; `NOMAD_PORT_http` = 8080 ; placed on 2 nodes")
            .expect("valid");
        assert_eq!(
            e.conditions,
            [
                Condition::NotPlaced(Some("port collision".into())),
                Condition::Env("NOMAD_PORT_http".into(), "8080".into()),
                Condition::OnNodes(2),
            ]
        );
        assert_eq!(Expectation::parse("3 placed").map(|e| e.conditions), Ok(vec![Condition::PlacedCount(3)]));
        assert_eq!(
            Expectation::parse("error hcl-syntax").map(|e| e.conditions),
            Ok(vec![Condition::Diagnostic(Severity::Error, "hcl-syntax".into())])
        );
        assert!(Expectation::parse("it works").is_err());
        assert!(Expectation::parse(" ; ").is_err());
    }

    #[test]
    fn a_static_port_on_one_node_collides_and_on_two_does_not() {
        let one = run(netplay_embed_default());
        assert_eq!(holds("1 placed; not placed: collision; NOMAD_PORT_dns = 53", &one), Ok(()));
        assert!(holds("placed", &one).is_err());
        let two = format!(
            "{}\n{}",
            netplay_embed_default(),
            netplay_embed_default().replace("node-1", "node-2").replace("10.0.0.10", "10.0.0.11")
        );
        let two = run(&two);
        assert_eq!(holds("placed; placed on 2 nodes; no errors", &two), Ok(()));
        let wrong = holds("NOMAD_PORT_dns = 8053", &two).expect_err("53, not 8053");
        assert!(wrong.contains("is 53"), "{wrong}");
        assert!(holds("no NOMAD_PORT_dns", &two).is_err());
        assert_eq!(holds("NOMAD_PORT_dns set; no NOMAD_PORT_http", &two), Ok(()));
    }

    fn netplay_embed_default() -> &'static str {
        crate::DEFAULT_NODES
    }
}

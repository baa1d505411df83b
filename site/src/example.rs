//! One example of a guide page: its settings, its texts, its verification and its HTML.

use std::collections::HashMap;

use netplay_core::{Analysis, Options, Severity, analyze};
use netplay_embed::expect::Condition;
use netplay_embed::settings::Settings;
use pulldown_cmark_escape::{escape_html, escape_html_body_text};

use crate::prerender;

/// The settings an example block may carry (the embed's `data-*` attributes without `data-`).
const KNOWN: &[&str] =
    &["nomad", "seed", "readonly", "panes", "height", "nodes", "expect", "challenge", "compare", "inline"];

/// The line that starts an example's own inventory inside its block.
pub const NODES_SEPARATOR: &str = "--- nodes ---";

/// Where an example's inventory comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inventory {
    /// Its own, after the `--- nodes ---` line.
    Own(String),
    /// A shared inventory of the page, by id.
    Shared(String),
    /// [`netplay_embed::DEFAULT_NODES`].
    Default,
}

/// An example as written in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// 1-based line of the block's opening fence.
    pub line: usize,
    /// Its settings, in order, without the `data-` prefix (flags have an empty value).
    pub attributes: Vec<(String, String)>,
    /// The jobspec.
    pub jobspec: String,
    /// The inventory.
    pub inventory: Inventory,
}

/// Splits a fence's info string after its first word: `key=value`, `key="a b"`, `flag`.
pub fn attributes(info: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = info.trim();
    while !rest.is_empty() {
        let end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = rest[..end].to_string();
        rest = &rest[end..];
        let value = if let Some(after) = rest.strip_prefix('=') {
            if let Some(quoted) = after.strip_prefix('"') {
                let close = quoted.find('"').ok_or_else(|| format!("`{key}`: the quoted value is not closed"))?;
                rest = &quoted[close + 1..];
                quoted[..close].to_string()
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                rest = &after[end..];
                after[..end].to_string()
            }
        } else {
            String::new()
        };
        if key.is_empty() {
            return Err("an empty setting name".to_string());
        }
        out.push((key, value));
        rest = rest.trim_start();
    }
    Ok(out)
}

/// One verified example, ready to write.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Its settings.
    pub settings: Settings,
    /// The analysis of the text as written.
    pub analysis: Analysis,
    /// The analysis under the version compared with, when there is one.
    pub compared: Option<Analysis>,
}

impl Example {
    /// Reads a block: `info` is what follows `netplay` on the fence line, `body` its text.
    pub fn new(line: usize, info: &str, body: &str) -> Result<Example, String> {
        let attributes = attributes(info)?;
        if let Some((key, _)) = attributes.iter().find(|(k, _)| !KNOWN.contains(&k.as_str())) {
            return Err(format!("unknown setting `{key}` (known: {})", KNOWN.join(", ")));
        }
        let (jobspec, own) = match body.split_once(&format!("\n{NODES_SEPARATOR}\n")) {
            Some((job, nodes)) => (format!("{job}\n"), Some(nodes.to_string())),
            None => (body.to_string(), None),
        };
        let shared = attributes.iter().find(|(k, _)| k == "nodes").map(|(_, v)| v.clone());
        let inventory = match (own, shared) {
            (Some(_), Some(_)) => return Err("both its own inventory and `nodes=`".to_string()),
            (Some(own), None) => Inventory::Own(own),
            (None, Some(id)) => Inventory::Shared(id),
            (None, None) => Inventory::Default,
        };
        Ok(Example { line, attributes, jobspec, inventory })
    }

    fn attribute(&self, name: &str) -> Option<String> {
        let key = name.strip_prefix("data-")?;
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    /// The inventory text, given the page's shared inventories.
    pub fn nodes<'a>(&'a self, shared: &'a HashMap<String, String>) -> Result<&'a str, String> {
        match &self.inventory {
            Inventory::Own(text) => Ok(text),
            Inventory::Default => Ok(netplay_embed::DEFAULT_NODES),
            Inventory::Shared(id) => shared
                .get(id)
                .map(String::as_str)
                .ok_or_else(|| format!("no `netplay-nodes id={id}` block on the page")),
        }
    }

    /// Runs the example natively and checks what it declares: its settings read, it has no
    /// error unless it expects one, its expectation holds and its challenge is not yet met.
    pub fn check(&self, shared: &HashMap<String, String>) -> Result<Checked, Vec<String>> {
        let (settings, mut problems) = Settings::read(|name| self.attribute(name));
        let nodes = match self.nodes(shared) {
            Ok(nodes) => nodes,
            Err(e) => {
                problems.push(e);
                return Err(problems);
            }
        };
        let run = |nomad| analyze(&self.jobspec, nodes, &Options { nomad, seed: settings.seed, ..Options::default() });
        let analysis = run(settings.nomad);
        let compared = settings.compare.map(run);
        let expects_error = settings
            .expect
            .as_ref()
            .is_some_and(|e| e.conditions.iter().any(|c| matches!(c, Condition::Diagnostic(Severity::Error, _))));
        if !expects_error && let Some(d) = analysis.diagnostics.iter().find(|d| d.is_error()) {
            problems.push(format!(
                "the example has an error it does not declare (add `expect=\"error {}\"` if it is meant): {}:{}: {}",
                d.code.as_str(),
                d.start.line,
                d.start.column,
                d.message
            ));
        }
        // An example says what a version does: its text must be one that version's users write.
        if let Some(hint) = &analysis.version_hint {
            problems.push(format!(
                "pinned to Nomad {}, but its text is written for Nomad {} (line {}: {}): pin it to that version or \
                 write it as {} users do",
                settings.nomad, hint.suggest, hint.line, hint.message, settings.nomad
            ));
        }
        if let Some(expect) = &settings.expect
            && let Err(found) = expect.check(&analysis)
        {
            problems.push(format!("expect=\"{}\" does not hold: {found}", expect.text));
        }
        if let Some(challenge) = &settings.challenge
            && challenge.check(&analysis).is_ok()
        {
            problems.push(format!(
                "challenge=\"{}\" is already met by the text as written: the reader has nothing to do",
                challenge.text
            ));
        }
        if problems.is_empty() { Ok(Checked { settings, analysis, compared }) } else { Err(problems) }
    }

    /// The embed element with the texts and the pre-rendered results.
    pub fn html(&self, id: &str, checked: &Checked) -> String {
        let mut out = format!("<div class=\"netplay\" id=\"{id}\"");
        for (key, value) in &self.attributes {
            out.push_str(&format!(" data-{key}=\""));
            let _ = escape_html(&mut out, value);
            out.push('"');
        }
        out.push_str(">\n<pre class=\"netplay-jobspec\"><code>");
        let _ = escape_html_body_text(&mut out, &self.jobspec);
        out.push_str("</code></pre>\n");
        if let Inventory::Own(nodes) = &self.inventory {
            out.push_str("<pre class=\"netplay-nodes\"><code>");
            let _ = escape_html_body_text(&mut out, nodes);
            out.push_str("</code></pre>\n");
        }
        out.push_str(&prerender::results(&checked.settings, &checked.analysis, checked.compared.as_ref()));
        out.push_str("</div>\n");
        out
    }
}

/// Applies a solution written as line edits to `text`: `= line` moves past the next line equal
/// to `line` (spaces around ignored), `- line` removes the next such line, `+ line` inserts
/// `line` (as written after `+ `) where the cursor is.
pub fn apply_solution(text: &str, edits: &str) -> Result<String, String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cursor = 0;
    let find = |lines: &[String], from: usize, wanted: &str| {
        (from..lines.len())
            .find(|&i| lines[i].trim() == wanted.trim())
            .ok_or_else(|| format!("no line `{}` to edit", wanted.trim()))
    };
    for edit in edits.lines().filter(|l| !l.trim().is_empty()) {
        let (op, rest) = edit.split_at(edit.len().min(2));
        match op.trim_end() {
            "=" => cursor = find(&lines, cursor, rest)? + 1,
            "-" => {
                cursor = find(&lines, cursor, rest)?;
                lines.remove(cursor);
            }
            "+" => {
                lines.insert(cursor, rest.to_string());
                cursor += 1;
            }
            _ => return Err(format!("a solution line starts with `= `, `- ` or `+ `: `{edit}`")),
        }
    }
    Ok(lines.join("\n") + "\n")
}

impl Example {
    /// Checks that `edits` (see [`apply_solution`]) bring the example to its challenge.
    pub fn check_solution(&self, shared: &HashMap<String, String>, edits: &str) -> Result<(), String> {
        let (settings, _) = Settings::read(|name| self.attribute(name));
        let challenge = settings.challenge.ok_or("a solution follows an example without a challenge")?;
        let text = match &self.inventory {
            Inventory::Own(nodes) => format!("{}{NODES_SEPARATOR}\n{nodes}", self.jobspec),
            _ => self.jobspec.clone(),
        };
        let solved = apply_solution(&text, edits)?;
        let (jobspec, nodes) = match solved.split_once(&format!("\n{NODES_SEPARATOR}\n")) {
            Some((job, nodes)) => (format!("{job}\n"), nodes.to_string()),
            None => (solved, self.nodes(shared)?.to_string()),
        };
        let analysis =
            analyze(&jobspec, &nodes, &Options { nomad: settings.nomad, seed: settings.seed, ..Options::default() });
        challenge
            .check(&analysis)
            .map_err(|found| format!("the solution does not reach \"{}\": {found}", challenge.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_split_with_quotes_and_flags() {
        assert_eq!(
            attributes(r#"nomad=0.2 readonly challenge="not placed: port collision"  seed=7"#),
            Ok(vec![
                ("nomad".into(), "0.2".into()),
                ("readonly".into(), String::new()),
                ("challenge".into(), "not placed: port collision".into()),
                ("seed".into(), "7".into()),
            ])
        );
        assert!(attributes(r#"expect="open"#).is_err());
    }

    #[test]
    fn an_example_reads_its_own_inventory_or_a_shared_one() {
        let e = Example::new(1, "", "job \"a\" {}\n--- nodes ---\nnode \"n\" {}\n").expect("valid");
        assert_eq!(e.jobspec, "job \"a\" {}\n");
        assert_eq!(e.inventory, Inventory::Own("node \"n\" {}\n".into()));
        let e = Example::new(1, "nodes=two", "job \"a\" {}\n").expect("valid");
        assert_eq!(e.inventory, Inventory::Shared("two".into()));
        assert!(e.nodes(&HashMap::new()).is_err());
        assert!(Example::new(1, "nomda=0.2", "").is_err(), "a typo in a setting is refused");
    }

    #[test]
    fn solutions_edit_lines_in_order() {
        let text = "a {\n  b = 1\n}\nc {\n  b = 1\n}\n";
        assert_eq!(apply_solution(text, "= c {\n- b = 1\n+   b = 2"), Ok("a {\n  b = 1\n}\nc {\n  b = 2\n}\n".into()));
        assert_eq!(apply_solution(text, "+ # top"), Ok(format!("# top\n{text}")));
        assert!(apply_solution(text, "- d").is_err());
        assert!(apply_solution(text, "* x").is_err());
    }
}

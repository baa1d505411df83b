//! The task's `env` block: `${...}` references filled in from the node's values and the
//! variables set before it, as 0.2 (`$NAME` and `${NAME}`) and 1.x and later (`${name}` only)
//! substitute them.

use std::collections::BTreeMap;

use super::{EnvContext, EnvMap, EnvSource, identity};
use crate::jobspec::Task;

/// The task's `env` block on top, with references to node values and the variables so far.
pub(super) fn user_env(task: &Task, ctx: &EnvContext<'_>, env: &mut EnvMap) {
    let current: BTreeMap<&str, &str> = env.iter().map(|(k, (v, _))| (k.as_str(), v.as_str())).collect();
    let node_values: BTreeMap<&str, &str> =
        BTreeMap::from([("node.unique.name", ctx.node_name), ("node.datacenter", identity::datacenter(ctx).0)]);
    let user: Vec<(String, String, bool)> = task
        .env
        .iter()
        .map(|(k, v)| {
            let replaced = replace_env(v, &[&node_values, &current]);
            let substituted = replaced != *v;
            (k.clone(), replaced, substituted)
        })
        .collect();
    for (key, value, substituted) in user {
        env.insert(key, (value, EnvSource::TaskEnv { substituted }));
    }
}

/// 1.x: the `env` block on top; `${name}` references (name of letters, digits, `_`, `-`, `.`)
/// take the node's values first, then the variables so far; unknown ones stay as written.
pub(super) fn modern_user_env(task: &Task, node_values: &BTreeMap<String, String>, env: &mut EnvMap) {
    let user: Vec<(String, String, bool)> = task
        .env
        .iter()
        .map(|(k, v)| {
            let replaced = replace_braced(v, &|name| {
                node_values.get(name).or_else(|| env.get(name).map(|(value, _)| value)).cloned()
            });
            let substituted = replaced != *v;
            (k.clone(), replaced, substituted)
        })
        .collect();
    for (key, value, substituted) in user {
        env.insert(key, (value, EnvSource::TaskEnv { substituted }));
    }
}

/// Nomad 1.x's `ReplaceEnv`: every `${name}` whose name is made of letters, digits, `_`, `-`
/// and `.` is replaced with `lookup(name)`, when that has a value; the rest stays as written.
pub fn replace_braced(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in braced_references(text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Reference { name, written } => match lookup(name) {
                Some(value) => out.push_str(&value),
                None => out.push_str(written),
            },
        }
    }
    out
}

/// A piece of a text split at `${name}` references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'t> {
    /// Text between references.
    Text(&'t str),
    /// A reference: the name and the whole `${name}` as written.
    Reference {
        /// The name inside the braces.
        name: &'t str,
        /// `${name}`.
        written: &'t str,
    },
}

/// Splits `text` at Nomad's `${name}` references (name of `A-Z a-z 0-9 _ - .`).
pub fn braced_references(text: &str) -> Vec<Piece<'_>> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        let after = rest.get(at + 2..).unwrap_or("");
        let len = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
        if len > 0 && after.get(len..).is_some_and(|r| r.starts_with('}')) {
            out.push(Piece::Text(rest.get(..at).unwrap_or("")));
            out.push(Piece::Reference {
                name: after.get(..len).unwrap_or(""),
                written: rest.get(at..at + 3 + len).unwrap_or(""),
            });
            rest = rest.get(at + 3 + len..).unwrap_or("");
        } else {
            out.push(Piece::Text(rest.get(..at + 2).unwrap_or("")));
            rest = after;
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Substitutes `$NAME` and `${NAME}` (NAME of letters, digits, `_` and `.`) with the first map
/// that has it; unknown references stay as written.
pub fn replace_env(text: &str, maps: &[&BTreeMap<&str, &str>]) -> String {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, consumed) = if let Some(inner) = after.strip_prefix('{') {
            let len = inner.find(|c: char| !is_name(c)).unwrap_or(inner.len());
            if len > 0 && inner[len..].starts_with('}') { (&inner[..len], len + 2) } else { ("", 0) }
        } else {
            let len = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
            (&after[..len], len)
        };
        let value = (!name.is_empty()).then(|| maps.iter().find_map(|m| m.get(name))).flatten();
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[dollar..dollar + 1 + consumed]),
        }
        rest = &rest[dollar + 1 + consumed..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_replaced_from_the_first_map_that_knows_them() {
        let a = BTreeMap::from([("node.unique.name", "n1")]);
        let b = BTreeMap::from([("NOMAD_PORT_http", "23456"), ("node.unique.name", "other")]);
        let maps = [&a, &b];
        assert_eq!(replace_env("${NOMAD_PORT_http}", &maps), "23456");
        assert_eq!(replace_env("port=$NOMAD_PORT_http!", &maps), "port=23456!");
        assert_eq!(replace_env("${node.unique.name}-x", &maps), "n1-x");
        assert_eq!(replace_env("$UNKNOWN and ${ALSO}", &maps), "$UNKNOWN and ${ALSO}");
        assert_eq!(replace_env("cost $ 5 ${ bad } $", &maps), "cost $ 5 ${ bad } $");
        assert_eq!(replace_env("ünï $NOMAD_PORT_http", &maps), "ünï 23456");
    }

    #[test]
    fn braced_references_follow_nomads_pattern() {
        let values = BTreeMap::from([("NOMAD_UPSTREAM_ADDR_count-api", "127.0.0.1:8080"), ("attr.os.name", "linux")]);
        let lookup = |n: &str| values.get(n).map(|v| v.to_string());
        assert_eq!(replace_braced("http://${NOMAD_UPSTREAM_ADDR_count-api}", &lookup), "http://127.0.0.1:8080");
        assert_eq!(replace_braced("${attr.os.name}/${attr.missing}", &lookup), "linux/${attr.missing}");
        assert_eq!(replace_braced("$NOMAD_X ${} ${a b} ${", &lookup), "$NOMAD_X ${} ${a b} ${");
        let pieces = braced_references("a${x}b");
        assert_eq!(pieces, vec![Piece::Text("a"), Piece::Reference { name: "x", written: "${x}" }, Piece::Text("b")]);
    }
}

//! Runtime values: what the client substitutes when a task starts, shown with the placement's
//! and the node's values.
//!
//! - Driver settings (`args`, `command`, `entrypoint`, `image`): the client evaluates `${...}`
//!   against the task's final environment and the node (`attr.*`, `meta.*`, `node.*`); a name
//!   it does not have stops the task (`failed to parse config: Unknown variable`).
//! - `env` values: `${name}` is replaced where known and kept as written otherwise
//!   ([`crate::env`]).
//! - Inline `template` data is consul-template text: `{{ env "NAME" }}` reads the task's
//!   environment; Nomad does not substitute `${...}` there (the file keeps it as written), and
//!   netplay does not run consul-template's other functions (`service`, `key`, ...): those are
//!   marked as not evaluated.
//!
//! A value netplay cannot know (a node attribute the inventory does not give, a client path)
//! stays as written with a note saying so.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic};
use crate::env::identity::DEFAULT_DATACENTER;
use crate::env::{EnvVar, Piece, braced_references};
use crate::jobspec::Task;
use crate::nodes::Node;
use crate::source::{SourceId, Span};

/// Variables the client sets whose values netplay does not always give: the directories and the
/// allocation ID are in the environment for the drivers netplay knows ([`crate::env::identity`]),
/// the rest never are.
pub const CLIENT_VARIABLES: [&str; 11] = [
    "NOMAD_ALLOC_DIR",
    "NOMAD_TASK_DIR",
    "NOMAD_SECRETS_DIR",
    "NOMAD_ALLOC_ID",
    "NOMAD_SHORT_ALLOC_ID",
    "NOMAD_PARENT_CGROUP",
    "NOMAD_CPU_CORES",
    "NOMAD_MEMORY_MAX_LIMIT",
    "NOMAD_JOB_PARENT_ID",
    "NOMAD_TOKEN",
    "NOMAD_UNIX_ADDR",
];

/// The node pool of a node that names none (Nomad's `default` pool).
pub const DEFAULT_NODE_POOL: &str = "default";

/// The meta every client sets for Connect unless its configuration says otherwise.
pub const CONNECT_META_DEFAULTS: [(&str, &str); 4] = [
    ("connect.sidecar_image", "docker.io/envoyproxy/envoy:v${NOMAD_envoy_version}"),
    ("connect.gateway_image", "docker.io/envoyproxy/envoy:v${NOMAD_envoy_version}"),
    ("connect.log_level", "info"),
    ("connect.proxy_concurrency", "1"),
];

/// The node's datacenter: the inventory's, else Nomad's default `dc1`.
pub fn node_datacenter(node: &Node) -> &str {
    node.datacenter.as_deref().filter(|dc| !dc.is_empty()).unwrap_or(DEFAULT_DATACENTER)
}

/// A node meta value: the inventory's, else the Connect default a client sets for that key.
pub fn node_meta<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.meta
        .get(key)
        .map(String::as_str)
        .or_else(|| CONNECT_META_DEFAULTS.iter().find(|(k, _)| *k == key).map(|(_, v)| *v))
}

/// The node's values for `${node.*}`, `${attr.*}` and `${meta.*}`, as the client builds them:
/// its name, datacenter (Nomad's default `dc1` when the inventory names none) and pool, the job's region, its attributes and meta, and the meta
/// defaults every client sets for Connect (`connect.sidecar_image`, `connect.log_level`, ...).
pub fn node_values(node: &Node) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("node.unique.name".to_string(), node.name.clone());
    out.insert("node.region".to_string(), "global".to_string());
    out.insert("node.pool".to_string(), DEFAULT_NODE_POOL.to_string());
    out.insert("node.datacenter".to_string(), node_datacenter(node).to_string());
    for (key, value) in CONNECT_META_DEFAULTS {
        out.insert(format!("meta.{key}"), value.to_string());
    }
    for (k, v) in &node.attributes {
        out.insert(format!("attr.{k}"), v.clone());
    }
    for (k, v) in &node.meta {
        out.insert(format!("meta.{k}"), v.clone());
    }
    out
}

/// One driver setting or inline template, as written and as the task gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RuntimeValue {
    /// Which setting: `args[1]`, `command`, `image`, `template local/app.conf`.
    pub setting: String,
    /// As written in the jobspec (after HCL2 evaluation).
    pub written: String,
    /// With the values substituted (unknown parts stay as written).
    pub value: String,
    /// What netplay could not know or what Nomad leaves as written, one sentence each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub notes: Vec<String>,
}

/// Everything the substitution of one task needs.
pub struct Context<'a> {
    /// The task.
    pub task: &'a Task,
    /// Its final environment.
    pub env: &'a [EnvVar],
    /// [`node_values`] of its node.
    pub node: &'a BTreeMap<String, String>,
    /// The node's name, for notes.
    pub node_name: &'a str,
    /// The jobspec text, to place diagnostics inside values.
    pub source: &'a str,
}

impl Context<'_> {
    fn env_value(&self, name: &str) -> Option<&str> {
        self.env.iter().find(|v| v.name == name).map(|v| v.value.as_str())
    }

    /// The note for a variable whose value a real task may see differently, if it has one.
    fn caveat(&self, name: &str) -> Option<String> {
        let caveat = self.env.iter().find(|v| v.name == name)?.caveat.as_ref()?;
        Some(format!("`{name}`: {caveat}"))
    }

    /// The nearest variable name the task has.
    fn nearest(&self, name: &str) -> Option<String> {
        self.env
            .iter()
            .map(|v| (strsim::levenshtein(&v.name, name), &v.name))
            .filter(|(d, _)| *d <= name.len() / 2 + 1)
            .min()
            .map(|(_, n)| n.clone())
    }

    /// A warning for a `${name}` the task will not have, placed inside `span` of the source.
    fn unknown(&self, name: &str, written: &str, span: Span, fails: bool) -> Diagnostic {
        let at = locate(self.source, span, written);
        let mut help = match self.nearest(name) {
            Some(n) => format!("did you mean `{n}`?"),
            None => "netplay lists the task's variables in the Env tab".to_string(),
        };
        if fails {
            help.push_str(&format!(
                " Nomad fails the task at start: `failed to parse config: Unknown variable: There is no variable named \"{name}\".`"
            ));
        } else {
            help.push_str(" Nomad leaves the reference as written.");
        }
        Diagnostic::warning(
            Code::UnknownReference,
            SourceId::Jobspec,
            at,
            format!("task `{}` has no variable `{name}`", self.task.name),
        )
        .with_help(help)
    }
}

/// Where `needle` is written inside `span` of `source` (the whole span if it is not there).
pub fn locate(source: &str, span: Span, needle: &str) -> Span {
    let start = span.start.min(source.len());
    let end = span.end.min(source.len()).max(start);
    match source.get(start..end).and_then(|text| text.find(needle)) {
        Some(at) => Span::new(start + at, start + at + needle.len()),
        None => span,
    }
}

/// The driver settings that hold `${...}` and the inline templates of a task with values
/// substituted, and a warning for each reference to a `NOMAD_*` variable the task will not
/// have.
pub fn task_values(ctx: &Context<'_>, diags: &mut Vec<Diagnostic>) -> Vec<RuntimeValue> {
    let mut out = Vec::new();
    let r = &ctx.task.runtime;
    let settings = r
        .image
        .iter()
        .map(|v| ("image".to_string(), v))
        .chain(r.command.iter().map(|v| ("command".to_string(), v)))
        .chain(r.entrypoint.iter().enumerate().map(|(i, v)| (format!("entrypoint[{i}]"), v)))
        .chain(r.args.iter().enumerate().map(|(i, v)| (format!("args[{i}]"), v)));
    // Settings without a `${...}` are the same at run time: only the others are listed.
    for (setting, (written, span)) in settings.filter(|(_, (w, _))| w.contains("${")) {
        out.push(driver_setting(ctx, setting, written, *span, diags));
    }
    for t in &ctx.task.templates {
        out.push(template(ctx, t));
    }
    // `env` values: only the warnings (the values are in the environment).
    for (key, value) in &ctx.task.env {
        let Some(span) = ctx.task.env_spans.get(key) else { continue };
        for piece in braced_references(value) {
            if let Piece::Reference { name, written } = piece
                && is_missing_nomad_variable(ctx, name)
            {
                diags.push(ctx.unknown(name, written, *span, false));
            }
        }
    }
    out
}

fn is_missing_nomad_variable(ctx: &Context<'_>, name: &str) -> bool {
    name.starts_with("NOMAD_") && ctx.env_value(name).is_none() && !CLIENT_VARIABLES.contains(&name)
}

fn driver_setting(
    ctx: &Context<'_>,
    setting: String,
    written: &str,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> RuntimeValue {
    let mut value = String::with_capacity(written.len());
    let mut notes = Vec::new();
    for piece in braced_references(written) {
        match piece {
            Piece::Text(t) => value.push_str(t),
            Piece::Reference { name, written: w } => {
                if let Some(v) = ctx.env_value(name).or_else(|| ctx.node.get(name).map(String::as_str)) {
                    value.push_str(v);
                    notes.extend(ctx.caveat(name).filter(|c| !notes.contains(c)));
                    continue;
                }
                value.push_str(w);
                notes.push(unknown_note(ctx, name));
                if !is_node_name(name) && !CLIENT_VARIABLES.contains(&name) && span != Span::default() {
                    diags.push(ctx.unknown(name, w, span, true));
                }
            }
        }
    }
    if value.contains("${NOMAD_envoy_version}") {
        notes.push("the client replaces `${NOMAD_envoy_version}` with the Envoy version Consul prefers".to_string());
    }
    RuntimeValue { setting, written: written.to_string(), value, notes }
}

fn is_node_name(name: &str) -> bool {
    name.starts_with("attr.") || name.starts_with("meta.") || name.starts_with("node.")
}

fn unknown_note(ctx: &Context<'_>, name: &str) -> String {
    if is_node_name(name) {
        format!(
            "`{name}` is not in the inventory's description of node `{}`: Nomad uses the node's value",
            ctx.node_name
        )
    } else if CLIENT_VARIABLES.contains(&name) {
        format!("`{name}` is set by the client at run time; netplay does not model it")
    } else {
        format!("the task has no variable `{name}`")
    }
}

/// An inline template: `{{ env "NAME" }}` filled in, everything else kept with a note.
fn template(ctx: &Context<'_>, t: &crate::jobspec::Template) -> RuntimeValue {
    let mut value = String::with_capacity(t.data.len());
    let mut notes = Vec::new();
    let mut rest = t.data.as_str();
    while let Some(open) = rest.find("{{") {
        value.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open..).unwrap_or("");
        let Some(close) = after.find("}}") else {
            value.push_str(after);
            rest = "";
            break;
        };
        let action = after.get(..close + 2).unwrap_or("");
        let inner = action.trim_start_matches("{{").trim_end_matches("}}").trim_matches(['-', ' ']);
        match env_action(inner).map(|name| (name, ctx.env_value(name))) {
            Some((name, Some(v))) => {
                value.push_str(v);
                notes.extend(ctx.caveat(name).filter(|c| !notes.contains(c)));
            }
            Some((name, None)) => {
                value.push_str(action);
                notes
                    .push(format!("`{{{{ env \"{name}\" }}}}` is empty when the task starts: it has no such variable"));
            }
            None => {
                value.push_str(action);
                let function = inner.split_whitespace().next().unwrap_or("");
                notes.push(format!("`{action}` is not evaluated: netplay does not run consul-template (`{function}`)"));
            }
        }
        rest = after.get(close + 2..).unwrap_or("");
    }
    value.push_str(rest);
    if braced_references(&t.data).iter().any(|p| matches!(p, Piece::Reference { .. })) {
        notes.push(
            "Nomad does not substitute `${...}` in template data: the file keeps it as written (use `{{ env \"NAME\" }}`)"
                .to_string(),
        );
    }
    let dest = if t.destination.is_empty() { "(no destination)".to_string() } else { t.destination.clone() };
    RuntimeValue { setting: format!("template {dest}"), written: t.data.clone(), value, notes }
}

/// The variable of a `env "NAME"` action.
fn env_action(inner: &str) -> Option<&str> {
    let rest = inner.strip_prefix("env")?.trim();
    rest.strip_prefix('"')?.strip_suffix('"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::EnvSource;

    fn var(name: &str, value: &str) -> EnvVar {
        EnvVar {
            name: name.into(),
            value: value.into(),
            rule: String::new(),
            source: EnvSource::CpuLimit,
            group: EnvSource::CpuLimit.group(),
            warning: None,
            caveat: None,
        }
    }

    #[test]
    fn driver_settings_take_env_and_node_values_and_flag_the_rest() {
        let source = r#"args = ["${NOMAD_PORT_htp}"]"#;
        let mut task = Task { name: "web".into(), ..Task::default() };
        task.runtime.args = vec![
            ("-port=${NOMAD_PORT_http}".into(), Span::new(0, 0)),
            ("-v".into(), Span::new(0, 0)),
            ("${attr.kernel.name}/${attr.cpu.arch}".into(), Span::new(1, 2)),
            ("${NOMAD_PORT_htp}".into(), Span::new(8, 27)),
        ];
        let env = vec![var("NOMAD_PORT_http", "8080")];
        let mut node = Node::named("n1");
        node.attributes.insert("kernel.name".into(), "linux".into());
        let values = node_values(&node);
        let ctx = Context { task: &task, env: &env, node: &values, node_name: "n1", source };
        let mut diags = Vec::new();
        let out = task_values(&ctx, &mut diags);
        assert_eq!(out[0].value, "-port=8080");
        assert_eq!(out[1].value, "linux/${attr.cpu.arch}");
        assert!(out[1].notes[0].contains("not in the inventory"), "{:?}", out[1].notes);
        assert_eq!(out[2].value, "${NOMAD_PORT_htp}");
        assert_eq!(diags.len(), 1, "only the unknown NOMAD_ name; a node attribute is just not known: {diags:?}");
        let d = diags.iter().find(|d| d.message.contains("NOMAD_PORT_htp")).expect("warning");
        assert_eq!(d.span, Span::new(9, 26));
        assert!(d.help.as_deref().unwrap_or("").contains("NOMAD_PORT_http"));
    }

    #[test]
    fn templates_fill_env_actions_only() {
        let mut task = Task { name: "web".into(), ..Task::default() };
        task.templates.push(crate::jobspec::Template {
            data: "port={{ env \"NOMAD_PORT_http\" }} db={{ key \"db\" }} raw=${NOMAD_PORT_http}".into(),
            destination: "local/app.conf".into(),
            ..Default::default()
        });
        let env = vec![var("NOMAD_PORT_http", "8080")];
        let values = BTreeMap::new();
        let ctx = Context { task: &task, env: &env, node: &values, node_name: "n1", source: "" };
        let out = task_values(&ctx, &mut Vec::new());
        assert_eq!(out[0].value, "port=8080 db={{ key \"db\" }} raw=${NOMAD_PORT_http}");
        assert_eq!(out[0].notes.len(), 2);
    }

    #[test]
    fn a_value_a_real_task_may_see_differently_keeps_its_caveat() {
        let mut task = Task { name: "web".into(), ..Task::default() };
        task.runtime.args = vec![("${NOMAD_ALLOC_DIR}/data@${node.datacenter}".into(), Span::new(0, 0))];
        let mut dir = var("NOMAD_ALLOC_DIR", "/alloc");
        dir.caveat = Some("Depends on the client.".into());
        let env = vec![dir];
        let values = node_values(&Node::named("n1"));
        let ctx = Context { task: &task, env: &env, node: &values, node_name: "n1", source: "" };
        let out = task_values(&ctx, &mut Vec::new());
        assert_eq!(out[0].value, "/alloc/data@dc1", "a node without a datacenter is in Nomad's default one");
        assert_eq!(out[0].notes, ["`NOMAD_ALLOC_DIR`: Depends on the client."]);
    }
}

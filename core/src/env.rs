//! The environment variables a task starts with, each with the rule that produced it.
//!
//! Nomad 0.2 (`GetTaskEnv`): `NOMAD_META_<KEY>` (key upper-cased) from the task's `meta`,
//! `NOMAD_PORT_<label>` (label as written) for every allocated port, `NOMAD_MEMORY_LIMIT` and
//! `NOMAD_CPU_LIMIT` when non-zero, `NOMAD_IP` when the task has a network, then the task's
//! `env` block on top, with `$VAR` / `${VAR}` references to node values and the variables
//! above substituted. The docker driver rebuilds the ports with `port_map` applied, so mapped
//! labels show the container port.
//!
//! Left out: `NOMAD_ALLOC_DIR` and `NOMAD_TASK_DIR`, whose values depend on the client's data
//! directory and the allocation ID, not on the jobspec.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::alloc::Offer;
use crate::jobspec::Task;
use crate::mapping::DriverPorts;

/// Where a variable's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EnvSource {
    /// The offer's IP address.
    TaskIp {
        /// Device the IP is on.
        device: String,
    },
    /// A static port's value.
    StaticPort {
        /// Port label.
        label: String,
    },
    /// A dynamic port's host value.
    DynamicPort {
        /// Port label.
        label: String,
    },
    /// The container/VM port from the driver's `port_map`.
    PortMap {
        /// Port label.
        label: String,
        /// The host port it is published on.
        host_port: i64,
    },
    /// `resources.cpu`.
    CpuLimit,
    /// `resources.memory`.
    MemoryLimit,
    /// A task `meta` entry.
    Meta {
        /// The key as written.
        key: String,
    },
    /// The task's `env` block.
    TaskEnv {
        /// True when `$VAR` references were substituted.
        substituted: bool,
    },
}

impl EnvSource {
    /// A sentence fragment explaining the rule, for people.
    pub fn describe(&self) -> String {
        match self {
            EnvSource::TaskIp { device } => format!("IP address of the task's network on `{device}`"),
            EnvSource::StaticPort { label } => format!("static port `{label}`"),
            EnvSource::DynamicPort { label } => format!("host port of dynamic port `{label}`"),
            EnvSource::PortMap { label, host_port } => {
                format!("container port from `port_map` for `{label}` (published on host port {host_port})")
            }
            EnvSource::CpuLimit => "`resources.cpu` of the task".to_string(),
            EnvSource::MemoryLimit => "`resources.memory` of the task".to_string(),
            EnvSource::Meta { key } => format!("task `meta` key `{key}`, upper-cased"),
            EnvSource::TaskEnv { substituted: false } => "the task's `env` block".to_string(),
            EnvSource::TaskEnv { substituted: true } => {
                "the task's `env` block, with `${...}` references substituted".to_string()
            }
        }
    }
}

/// One variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvVar {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
    /// The rule, in words.
    pub rule: String,
    /// The rule, as data.
    pub source: EnvSource,
}

/// Builds a task's variables, sorted by name. `node_name` feeds `${node.unique.name}`.
pub fn task_env(task: &Task, offer: Option<&Offer>, driver: &DriverPorts, node_name: &str) -> Vec<EnvVar> {
    let mut env: BTreeMap<String, (String, EnvSource)> = BTreeMap::new();
    for (key, value) in &task.meta {
        env.insert(format!("NOMAD_META_{}", key.to_uppercase()), (value.clone(), EnvSource::Meta { key: key.clone() }));
    }
    if let Some(offer) = offer {
        let mapped = task.driver == "docker" && !driver.port_map.is_empty();
        let ports =
            offer.reserved_ports.iter().map(|p| (p, true)).chain(offer.dynamic_ports.iter().map(|p| (p, false)));
        for (port, is_static) in ports {
            let (value, source) = match driver.port_map.get(&port.label) {
                Some(&container) if mapped => {
                    (container, EnvSource::PortMap { label: port.label.clone(), host_port: port.value })
                }
                _ if is_static => (port.value, EnvSource::StaticPort { label: port.label.clone() }),
                _ => (port.value, EnvSource::DynamicPort { label: port.label.clone() }),
            };
            env.insert(format!("NOMAD_PORT_{}", port.label), (value.to_string(), source));
        }
    }
    if let Some(res) = &task.resources {
        if res.memory_mb != 0 {
            env.insert("NOMAD_MEMORY_LIMIT".into(), (res.memory_mb.to_string(), EnvSource::MemoryLimit));
        }
        if res.cpu != 0 {
            env.insert("NOMAD_CPU_LIMIT".into(), (res.cpu.to_string(), EnvSource::CpuLimit));
        }
    }
    if let Some(offer) = offer {
        env.insert("NOMAD_IP".into(), (offer.ip.to_string(), EnvSource::TaskIp { device: offer.device.clone() }));
    }
    let nomad: BTreeMap<&str, &str> = env.iter().map(|(k, (v, _))| (k.as_str(), v.as_str())).collect();
    let node_values: BTreeMap<&str, &str> = BTreeMap::from([("node.unique.name", node_name)]);
    let user: Vec<(String, String, bool)> = task
        .env
        .iter()
        .map(|(k, v)| {
            let replaced = replace_env(v, &[&node_values, &nomad]);
            let substituted = replaced != *v;
            (k.clone(), replaced, substituted)
        })
        .collect();
    for (key, value, substituted) in user {
        env.insert(key, (value, EnvSource::TaskEnv { substituted }));
    }
    env.into_iter().map(|(name, (value, source))| EnvVar { name, value, rule: source.describe(), source }).collect()
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
}

//! The environment variables a task starts with, each with the rule that produced it.
//!
//! **Nomad 0.2** (`GetTaskEnv`): `NOMAD_META_<KEY>` (key upper-cased) from the task's `meta`,
//! `NOMAD_PORT_<label>` (label as written) for every allocated port, `NOMAD_MEMORY_LIMIT` and
//! `NOMAD_CPU_LIMIT` when non-zero, `NOMAD_IP` when the task has a network, then the task's
//! `env` block on top with `$VAR` / `${VAR}` substituted. Docker with `port_map` shows the
//! container port for mapped labels.
//!
//! **Nomad 1.x and 2.x** (`taskenv.Builder`): limits and allocation facts, then the task's own
//! task-level network (`NOMAD_IP_`, `NOMAD_IPv4_`/`NOMAD_IPv6_`, `NOMAD_HOST_PORT_`, `NOMAD_ADDR_`,
//! `NOMAD_PORT_` with the driver's port map), then other tasks' networks
//! (`NOMAD_ADDR_<task>_<label>`, ...) and the group ports (`NOMAD_IP_`, `NOMAD_HOST_IP_`,
//! `NOMAD_PORT_` = `to` when > 0, `NOMAD_ALLOC_PORT_`, `NOMAD_HOST_PORT_`, `NOMAD_ADDR_`,
//! `NOMAD_HOST_ADDR_`) overriding them, `NOMAD_ALLOC_INTERFACE_/IP_/ADDR_` in bridge mode, the
//! combined job/group/task meta under both spellings, then the `env` block (`substitute`),
//! then what Consul Connect adds ([`crate::connect::vars`]: upstreams come with the group ports,
//! Envoy's listeners and a native task's Consul socket after the `env` block). Finally keys starting
//! with `NOMAD_ADDR_`, `NOMAD_IP_`, `NOMAD_PORT_`, `NOMAD_HOST_PORT_` or `NOMAD_META_` have
//! every byte outside `A-Z a-z 0-9 _ .` replaced by `_`; the other prefixes keep the raw label.
//! IPv6 addresses are bracketed in `ip:port` joins. There is no `NOMAD_IP`.
//!
//! Identity and directories ([`identity`]): `NOMAD_ALLOC_DIR` and `NOMAD_TASK_DIR` (every
//! version), `NOMAD_SECRETS_DIR`, `NOMAD_ALLOC_ID`, `NOMAD_SHORT_ALLOC_ID` and `NOMAD_DC` (1.x on),
//! as [`crate::version::TaskEnvRules`] says. Their values depend on the client or the cluster,
//! so each carries a caveat: the allocation ID is a stand-in derived from the seed, the
//! directories follow the driver's filesystem isolation and the client's default `data_dir`.
//! `NOMAD_NAMESPACE` and `NOMAD_REGION` show Nomad's defaults (`default`, `global`).
//!
//! Every variable carries its rule as a sentence and the group it belongs to (`words`).

pub mod identity;
mod substitute;
mod words;

pub use identity::{TaskDir, stand_in_alloc_id};
pub use substitute::{Piece, braced_references, replace_braced, replace_env};
use substitute::{modern_user_env, user_env};
pub use words::EnvGroup;
pub(crate) use words::sentence;

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::alloc::{AllocatedPort, Offer};
use crate::jobspec::{Group, Job, Task};
use crate::last_wins::last_wins;
use crate::mapping::DriverPorts;
use crate::version::NomadVersion;

/// Which value of a port a variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum PortField {
    /// The host address.
    Ip,
    /// The host address, under its family's name (`NOMAD_IPv4_` / `NOMAD_IPv6_`).
    IpFamily,
    /// The host address (`NOMAD_HOST_IP_`).
    HostIp,
    /// The port the task should bind (`to`, the driver's port map, or the host port).
    Port,
    /// Same as `Port`, for group ports (`NOMAD_ALLOC_PORT_`).
    AllocPort,
    /// The host port.
    HostPort,
    /// `ip:port` on the host.
    Addr,
    /// `ip:port` on the host (`NOMAD_HOST_ADDR_`).
    HostAddr,
    /// The network namespace's interface.
    NetnsInterface,
    /// The network namespace's address.
    NetnsIp,
    /// `netns-ip:port`.
    NetnsAddr,
}

impl PortField {
    fn describe(self) -> &'static str {
        match self {
            PortField::Ip | PortField::IpFamily | PortField::HostIp => "host address",
            PortField::Port | PortField::AllocPort => "port to bind",
            PortField::HostPort => "host port",
            PortField::Addr | PortField::HostAddr => "host address and port",
            PortField::NetnsInterface => "interface inside the network namespace",
            PortField::NetnsIp => "address inside the network namespace",
            PortField::NetnsAddr => "address and port inside the network namespace",
        }
    }
}

/// Where a variable's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EnvSource {
    /// 0.2: the offer's IP address.
    TaskIp {
        /// Device the IP is on.
        device: String,
    },
    /// 0.2: a static port's value.
    StaticPort {
        /// Port label.
        label: String,
    },
    /// 0.2: a dynamic port's host value.
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
    /// 1.x: a port of the task's own task-level network.
    TaskPort {
        /// Port label.
        label: String,
        /// Which value.
        field: PortField,
    },
    /// 1.x: a port of another task's task-level network.
    OtherTaskPort {
        /// The other task.
        task: String,
        /// Port label.
        label: String,
        /// Which value.
        field: PortField,
    },
    /// 1.x: a group port.
    GroupPort {
        /// Port label.
        label: String,
        /// Which value.
        field: PortField,
        /// The port's `to`.
        to: i64,
    },
    /// `resources.cpu`.
    CpuLimit,
    /// `resources.memory`.
    MemoryLimit,
    /// A fact about the allocation (name, index, job, group, task, namespace, region).
    Allocation {
        /// What it is.
        what: String,
    },
    /// A `meta` entry.
    Meta {
        /// The key as written.
        key: String,
    },
    /// The task's `env` block.
    TaskEnv {
        /// True when `$VAR` references were substituted.
        substituted: bool,
    },
    /// The allocation's ID (netplay's seeded stand-in).
    AllocId {
        /// Only its first 8 characters (`NOMAD_SHORT_ALLOC_ID`).
        short: bool,
    },
    /// The datacenter of the node.
    Datacenter {
        /// The inventory names none: Nomad's default `dc1`.
        defaulted: bool,
    },
    /// One of the allocation's directories.
    Directory {
        /// Which one.
        dir: TaskDir,
        /// Mounted inside the task's filesystem (the driver isolates it), else the client's path.
        inside: bool,
    },
    /// A Consul Connect upstream of a group service's sidecar.
    Upstream {
        /// The service whose sidecar proxies it.
        service: String,
        /// `destination_name` as written.
        destination: String,
        /// `local_bind_port`.
        local_bind_port: i64,
        /// Which value (`Ip`, `Port`, `Addr`).
        field: PortField,
        /// True for the copy under the cleaned name.
        cleaned: bool,
    },
    /// Envoy's admin or ready listener in a Connect proxy or gateway task.
    EnvoyListener {
        /// The service.
        service: String,
        /// True for the ready listener, false for the admin listener.
        ready: bool,
        /// How the port was chosen.
        how: String,
    },
    /// The Consul address of a Connect native task.
    ConnectNative {
        /// The service.
        service: String,
    },
}

impl EnvSource {
    /// The port label this variable is about, if it is about a port.
    pub fn port_label(&self) -> Option<&str> {
        match self {
            EnvSource::StaticPort { label }
            | EnvSource::DynamicPort { label }
            | EnvSource::PortMap { label, .. }
            | EnvSource::TaskPort { label, .. }
            | EnvSource::GroupPort { label, .. } => Some(label),
            _ => None,
        }
    }

    /// A sentence fragment explaining the rule, for people.
    pub fn describe(&self) -> String {
        match self {
            EnvSource::TaskIp { device } => format!("IP address of the task's network on `{device}`"),
            EnvSource::StaticPort { label } => format!("static port `{label}`"),
            EnvSource::DynamicPort { label } => format!("host port of dynamic port `{label}`"),
            EnvSource::PortMap { label, host_port } => {
                format!("container port from `port_map` for `{label}` (published on host port {host_port})")
            }
            EnvSource::TaskPort { label, field } => {
                format!("{} of port `{label}` of the task's own network", field.describe())
            }
            EnvSource::OtherTaskPort { task, label, field } => {
                format!("{} of port `{label}` of task `{task}`", field.describe())
            }
            EnvSource::GroupPort { label, field: PortField::Port | PortField::AllocPort, to } if *to > 0 => {
                format!("`to = {to}` of group port `{label}`")
            }
            EnvSource::GroupPort { label, field: PortField::NetnsAddr, to } if *to != 0 => {
                format!("address inside the network namespace with `to` of group port `{label}`")
            }
            EnvSource::GroupPort { label, field, .. } => format!("{} of group port `{label}`", field.describe()),
            EnvSource::CpuLimit => "`resources.cpu` of the task".to_string(),
            EnvSource::MemoryLimit => "`resources.memory` of the task".to_string(),
            EnvSource::Allocation { what } => what.clone(),
            EnvSource::Meta { key } => format!("`meta` key `{key}`"),
            EnvSource::TaskEnv { substituted: false } => "the task's `env` block".to_string(),
            EnvSource::TaskEnv { substituted: true } => {
                "the task's `env` block, with `${...}` references substituted".to_string()
            }
            EnvSource::AllocId { short: false } => "the allocation's ID".to_string(),
            EnvSource::AllocId { short: true } => "the first 8 characters of the allocation's ID".to_string(),
            EnvSource::Datacenter { .. } => "the node's datacenter".to_string(),
            EnvSource::Directory { dir, .. } => dir.describe().to_string(),
            EnvSource::Upstream { service, destination, local_bind_port, field, cleaned } => {
                let what = match field {
                    PortField::Ip => "address",
                    PortField::Port => "port",
                    _ => "address and port",
                };
                let name = if *cleaned { " (name cleaned)" } else { "" };
                format!(
                    "{what} the sidecar listens on for upstream `{destination}`{name} (`local_bind_port = {local_bind_port}`); {}",
                    crate::connect::added_for(service)
                )
            }
            EnvSource::EnvoyListener { service, ready, how } => format!(
                "Envoy's {} listener ({how}); {}",
                if *ready { "ready" } else { "admin" },
                crate::connect::added_for(service)
            ),
            EnvSource::ConnectNative { service } => format!(
                "the Consul API socket in the allocation (Connect native, bridge mode); {}",
                crate::connect::added_for(service)
            ),
        }
    }
}

/// One variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvVar {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
    /// The rule, in words: a sentence.
    pub rule: String,
    /// The rule, as data.
    pub source: EnvSource,
    /// What kind of variable it is, for grouping.
    pub group: EnvGroup,
    /// Where users get hurt by this variable, if anywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub warning: Option<String>,
    /// Why a real task may see another value (a stand-in, a client setting), if it may.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub caveat: Option<String>,
}

/// Everything a task's environment depends on.
#[derive(Debug, Clone, Copy)]
pub struct EnvContext<'a> {
    /// The version whose rules apply.
    pub version: NomadVersion,
    /// The job.
    pub job: &'a Job,
    /// The task's group.
    pub group: &'a Group,
    /// Index of the task in the group (an index past the group's tasks gives no variables).
    pub task: usize,
    /// Instance number.
    pub index: u32,
    /// Task-level offers of every task of the group (same order as the tasks).
    pub offers: &'a [Option<Offer>],
    /// Group ports.
    pub group_ports: &'a [AllocatedPort],
    /// The allocation's network namespace address (bridge).
    pub netns_ip: Option<IpAddr>,
    /// The task's driver port map.
    pub driver: &'a DriverPorts,
    /// The node's name (`${node.unique.name}`).
    pub node_name: &'a str,
    /// The node's values for `${node.*}`, `${attr.*}` and `${meta.*}` (1.x; see
    /// [`crate::runtime::node_values`]).
    pub node_values: &'a BTreeMap<String, String>,
    /// The node's datacenter, when the inventory names one (`NOMAD_DC`).
    pub datacenter: Option<&'a str>,
    /// The allocation's ID (a stand-in, see [`stand_in_alloc_id`]).
    pub alloc_id: &'a str,
}

/// Variables by name: value and rule.
pub(crate) type EnvMap = BTreeMap<String, (String, EnvSource)>;

/// Builds a task's variables, sorted by name.
pub fn task_env(ctx: &EnvContext<'_>) -> Vec<EnvVar> {
    let env = if ctx.version.is_modern() { modern_env(ctx) } else { v0_2_env(ctx) };
    let mut vars: Vec<EnvVar> = env
        .into_iter()
        .map(|(name, (value, source))| EnvVar {
            rule: source.sentence(),
            group: source.group(),
            caveat: source.caveat(),
            name,
            value,
            source,
            warning: None,
        })
        .collect();
    if ctx.version.is_modern() {
        add_warnings(&mut vars);
    }
    vars
}

fn v0_2_env(ctx: &EnvContext<'_>) -> EnvMap {
    let Some(task) = ctx.group.tasks.get(ctx.task) else { return EnvMap::new() };
    let offer = ctx.offers.get(ctx.task).and_then(Option::as_ref);
    let mut env: EnvMap = BTreeMap::new();
    for (key, value) in &task.meta {
        env.insert(
            format!("NOMAD_META_{}", crate::upper::go_to_upper(key)),
            (value.clone(), EnvSource::Meta { key: key.clone() }),
        );
    }
    if let Some(offer) = offer {
        let mapped = task.driver == "docker" && !ctx.driver.port_map.is_empty();
        let ports =
            offer.reserved_ports.iter().map(|p| (p, true)).chain(offer.dynamic_ports.iter().map(|p| (p, false)));
        for (port, is_static) in ports {
            let (value, source) = match ctx.driver.port_map.get(&port.label) {
                Some(&container) if mapped => {
                    (container, EnvSource::PortMap { label: port.label.clone(), host_port: port.value })
                }
                _ if is_static => (port.value, EnvSource::StaticPort { label: port.label.clone() }),
                _ => (port.value, EnvSource::DynamicPort { label: port.label.clone() }),
            };
            env.insert(format!("NOMAD_PORT_{}", port.label), (value.to_string(), source));
        }
    }
    limits(task, &mut env);
    identity::add(ctx, task, &mut env);
    if let Some(offer) = offer {
        env.insert("NOMAD_IP".into(), (offer.ip.to_string(), EnvSource::TaskIp { device: offer.device.clone() }));
    }
    user_env(task, ctx, &mut env);
    env
}

fn limits(task: &Task, env: &mut EnvMap) {
    if let Some(res) = &task.resources {
        if res.memory_mb != 0 {
            env.insert("NOMAD_MEMORY_LIMIT".into(), (res.memory_mb.to_string(), EnvSource::MemoryLimit));
        }
        if res.cpu != 0 {
            env.insert("NOMAD_CPU_LIMIT".into(), (res.cpu.to_string(), EnvSource::CpuLimit));
        }
    }
}

/// `ip:port`, with IPv6 addresses in brackets.
pub fn join_host_port(ip: &str, port: i64) -> String {
    if ip.contains(':') { format!("[{ip}]:{port}") } else { format!("{ip}:{port}") }
}

fn modern_env(ctx: &EnvContext<'_>) -> EnvMap {
    let Some(task) = ctx.group.tasks.get(ctx.task) else { return EnvMap::new() };
    // Everything up to the task's `env` block is gathered in order and turned into the map
    // once: inserting thousands of port variables into a map one by one was most of the
    // analysis of a job with thousands of ports. A later entry for a key wins, as an insert would.
    let mut head = EnvMap::new();
    limits(task, &mut head);
    let mut env: Vec<(String, (String, EnvSource))> = head.into_iter().collect();
    let alloc = |what: &str| EnvSource::Allocation { what: what.to_string() };
    let facts = [
        ("NOMAD_ALLOC_NAME", format!("{}.{}[{}]", ctx.job.id, ctx.group.name, ctx.index), "the allocation's name"),
        ("NOMAD_ALLOC_INDEX", ctx.index.to_string(), "the instance's index in its group"),
        ("NOMAD_GROUP_NAME", ctx.group.name.clone(), "the group's name"),
        ("NOMAD_TASK_NAME", task.name.clone(), "the task's name"),
        ("NOMAD_JOB_ID", ctx.job.id.clone(), "the job's ID"),
        ("NOMAD_JOB_NAME", ctx.job.id.clone(), "the job's name"),
        ("NOMAD_NAMESPACE", "default".to_string(), "the job's namespace (Nomad's default)"),
        ("NOMAD_REGION", "global".to_string(), "the job's region (Nomad's default)"),
    ];
    for (key, value, what) in facts {
        env.push((key.to_string(), (value, alloc(what))));
    }
    let mut identity = EnvMap::new();
    identity::add(ctx, task, &mut identity);
    env.extend(identity);
    // The task's own task-level network.
    if let Some(offer) = ctx.offers.get(ctx.task).and_then(Option::as_ref) {
        let ip = offer.ip.to_string();
        let family = if ip.contains(':') { "NOMAD_IPv6_" } else { "NOMAD_IPv4_" };
        // A copy of the driver's map: taken once, not once per port.
        let reported = ctx.driver.reported_map();
        for port in offer.reserved_ports.iter().chain(&offer.dynamic_ports) {
            let src = |field| EnvSource::TaskPort { label: port.label.clone(), field };
            let l = &port.label;
            env.push((format!("NOMAD_IP_{l}"), (ip.clone(), src(PortField::Ip))));
            env.push((format!("{family}{l}"), (ip.clone(), src(PortField::IpFamily))));
            env.push((format!("NOMAD_HOST_PORT_{l}"), (port.value.to_string(), src(PortField::HostPort))));
            env.push((format!("NOMAD_ADDR_{l}"), (join_host_port(&ip, port.value), src(PortField::Addr))));
            let (bind, source) = match reported.get(l) {
                Some(&mapped) if mapped != 0 => {
                    (mapped, EnvSource::PortMap { label: l.clone(), host_port: port.value })
                }
                _ => (port.value, src(PortField::Port)),
            };
            env.push((format!("NOMAD_PORT_{l}"), (bind.to_string(), source)));
        }
    }
    // Other tasks' task-level networks, then the group ports: these override the task's own.
    for (other, offer) in ctx.group.tasks.iter().zip(ctx.offers) {
        let Some(offer) = offer.as_ref().filter(|_| other.name != task.name) else { continue };
        let ip = offer.ip.to_string();
        for port in offer.reserved_ports.iter().chain(&offer.dynamic_ports) {
            let src = |field| EnvSource::OtherTaskPort { task: other.name.clone(), label: port.label.clone(), field };
            let key = format!("{}_{}", other.name, port.label);
            env.push((format!("NOMAD_ADDR_{key}"), (join_host_port(&ip, port.value), src(PortField::Addr))));
            env.push((format!("NOMAD_IP_{key}"), (ip.clone(), src(PortField::Ip))));
            env.push((format!("NOMAD_PORT_{key}"), (port.value.to_string(), src(PortField::Port))));
        }
    }
    for p in ctx.group_ports {
        let ip = p.host_ip.to_string();
        let src = |field| EnvSource::GroupPort { label: p.label.clone(), field, to: p.to };
        let l = &p.label;
        let bind = if p.to > 0 { p.to } else { p.value };
        env.push((format!("NOMAD_ADDR_{l}"), (join_host_port(&ip, p.value), src(PortField::Addr))));
        env.push((format!("NOMAD_HOST_ADDR_{l}"), (join_host_port(&ip, p.value), src(PortField::HostAddr))));
        env.push((format!("NOMAD_IP_{l}"), (ip.clone(), src(PortField::Ip))));
        env.push((format!("NOMAD_HOST_IP_{l}"), (ip.clone(), src(PortField::HostIp))));
        env.push((format!("NOMAD_PORT_{l}"), (bind.to_string(), src(PortField::Port))));
        env.push((format!("NOMAD_ALLOC_PORT_{l}"), (bind.to_string(), src(PortField::AllocPort))));
        env.push((format!("NOMAD_HOST_PORT_{l}"), (p.value.to_string(), src(PortField::HostPort))));
    }
    for (key, value, source) in crate::connect::vars::upstreams(ctx.group) {
        env.push((key, (value, source)));
    }
    if let Some(netns) = ctx.netns_ip {
        let address = netns.to_string();
        for p in ctx.group_ports {
            let src = |field| EnvSource::GroupPort { label: p.label.clone(), field, to: p.to };
            let inside = if p.to != 0 { p.to } else { p.value };
            let l = &p.label;
            env.push((format!("NOMAD_ALLOC_INTERFACE_{l}"), ("eth0".to_string(), src(PortField::NetnsInterface))));
            env.push((format!("NOMAD_ALLOC_IP_{l}"), (address.clone(), src(PortField::NetnsIp))));
            env.push((format!("NOMAD_ALLOC_ADDR_{l}"), (join_host_port(&address, inside), src(PortField::NetnsAddr))));
        }
    }
    // Meta: job, then group, then task (later wins), under the upper-cased and the raw key.
    for (key, value) in ctx.job.meta.iter().chain(&ctx.group.meta).chain(&task.meta) {
        let source = EnvSource::Meta { key: key.clone() };
        env.push((format!("NOMAD_META_{}", crate::upper::go_to_upper(key)), (value.clone(), source.clone())));
        env.push((format!("NOMAD_META_{key}"), (value.clone(), source)));
    }
    let mut env: EnvMap = last_wins(env, |(key, _)| key.as_str()).into_iter().collect();
    modern_user_env(task, ctx.node_values, &mut env);
    for (key, value, source) in crate::connect::vars::hooks(ctx.group, ctx.task, &task.env) {
        env.insert(key, (value, source));
    }
    sanitise(env)
}

/// Prefixes whose keys are cleaned after the map is built.
const CLEANED_PREFIXES: [&str; 5] = ["NOMAD_ADDR_", "NOMAD_IP_", "NOMAD_PORT_", "NOMAD_HOST_PORT_", "NOMAD_META_"];

/// Nomad's `CleanEnvVar`: keep `A-Z a-z _ .` and digits (not first), every other byte → `_`.
pub fn clean_env_var(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (i, b) in key.bytes().enumerate() {
        let keep = b.is_ascii_alphabetic() || b == b'_' || b == b'.' || (i > 0 && b.is_ascii_digit());
        out.push(if keep { b as char } else { '_' });
    }
    out
}

/// Applies the key cleaning. When two keys clean to the same name Nomad keeps whichever Go's
/// map order visits last; netplay keeps the one whose original key sorts last.
fn sanitise(env: EnvMap) -> EnvMap {
    let cleaned: Vec<_> = env
        .into_iter()
        .map(|(key, value)| {
            let key = if CLEANED_PREFIXES.iter().any(|p| key.starts_with(p)) { clean_env_var(&key) } else { key };
            (key, value)
        })
        .collect();
    last_wins(cleaned, |(key, _)| key.as_str()).into_iter().collect()
}

/// Marks the variables where users commonly get hurt.
fn add_warnings(vars: &mut [EnvVar]) {
    let warnings: Vec<Option<String>> = vars.iter().map(|var| warning(var, vars)).collect();
    for (var, warning) in vars.iter_mut().zip(warnings) {
        if warning.is_some() {
            var.warning = warning;
        }
    }
}

/// The warning for one variable of `vars`, which is sorted by name (it comes out of an
/// [`EnvMap`]), so another variable is found by binary search.
fn warning(var: &EnvVar, vars: &[EnvVar]) -> Option<String> {
    let label = match &var.source {
        EnvSource::GroupPort { label, .. } | EnvSource::TaskPort { label, .. } | EnvSource::PortMap { label, .. } => {
            label
        }
        _ => return None,
    };
    if let Some(rest) = var.name.strip_prefix("NOMAD_PORT_") {
        let host_name = format!("NOMAD_HOST_PORT_{rest}");
        let host = vars.binary_search_by(|v| v.name.as_str().cmp(&host_name)).ok().and_then(|i| vars.get(i));
        if let Some(host) = host.map(|h| &h.value).filter(|h| **h != var.value) {
            return Some(format!(
                "differs from NOMAD_HOST_PORT_{rest}={host}: this is the port inside the container or namespace. \
                 Binding NOMAD_IP_{rest}:NOMAD_PORT_{rest} on the host fails; other hosts reach the task at NOMAD_ADDR_{rest}"
            ));
        }
    }
    let cleaned = clean_env_var(label);
    if cleaned == *label {
        return None;
    }
    Some(if var.name.ends_with(label.as_str()) {
        format!(
            "keeps the raw label `{label}`, while NOMAD_PORT_/NOMAD_ADDR_/NOMAD_IP_ variables rename it to `{cleaned}`"
        )
    } else {
        format!(
            "label `{label}` is renamed `{cleaned}` here, while NOMAD_HOST_ADDR_/NOMAD_ALLOC_* variables keep `{label}`"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Env tab's "why" column: a group port's `to` is named only when it decides the
    /// value (a positive `to` for the port to bind; any `to` but 0, `-1` included, for the
    /// address inside the namespace), and each field says which value it is.
    #[test]
    fn group_port_sources_name_to_only_when_it_decides_the_value() {
        let group = |field, to| EnvSource::GroupPort { label: "http".into(), field, to }.describe();
        assert_eq!(group(PortField::Port, 8080), "`to = 8080` of group port `http`");
        assert_eq!(group(PortField::AllocPort, 1), "`to = 1` of group port `http`");
        assert_eq!(group(PortField::Port, 0), "port to bind of group port `http`");
        assert_eq!(group(PortField::Port, -1), "port to bind of group port `http`");
        assert_eq!(
            group(PortField::NetnsAddr, -1),
            "address inside the network namespace with `to` of group port `http`"
        );
        assert_eq!(
            group(PortField::NetnsAddr, 0),
            "address and port inside the network namespace of group port `http`"
        );
        assert_eq!(group(PortField::HostPort, 8080), "host port of group port `http`");
        assert_eq!(group(PortField::Addr, 0), "host address and port of group port `http`");
        assert_eq!(group(PortField::Ip, 0), "host address of group port `http`");
    }

    #[test]
    fn upstream_sources_say_which_value_of_the_sidecar_listener() {
        let upstream = |field, cleaned| {
            EnvSource::Upstream {
                service: "web".into(),
                destination: "count-api".into(),
                local_bind_port: 8080,
                field,
                cleaned,
            }
            .describe()
        };
        let tail = "the sidecar listens on for upstream `count-api`";
        assert!(upstream(PortField::Ip, false).starts_with(&format!("address {tail} (`local_bind_port = 8080`); ")));
        assert!(upstream(PortField::Port, false).starts_with(&format!("port {tail} (`local")));
        assert!(
            upstream(PortField::Addr, true).starts_with(&format!("address and port {tail} (name cleaned) (`local"))
        );
    }

    /// Under 1.x a task network's `NOMAD_PORT_<label>` is the port `port_map` gives the label
    /// inside the container, unless that is 0: then it is the host port, as without a map.
    #[test]
    fn a_port_map_entry_of_zero_leaves_the_host_port() {
        let job = |mapped: u16| {
            format!(
                "job \"web\" {{\n  group \"g\" {{\n    task \"app\" {{\n      driver = \"docker\"\n      config {{\n        image = \"x\"\n        port_map = {{\n          http = {mapped}\n        }}\n      }}\n      resources {{\n        network {{\n          mbits = 10\n          port \"http\" {{\n            static = 8000\n          }}\n        }}\n      }}\n    }}\n  }}\n}}\n"
            )
        };
        let nodes = "node \"n\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n}\n";
        let port = |mapped| {
            let options = crate::Options::for_version(crate::NomadVersion::V1);
            let analysis = crate::analyze(&job(mapped), nodes, &options);
            let task = analysis.placements.first().and_then(|p| p.tasks.first()).cloned();
            task.and_then(|t| t.env.into_iter().find(|v| v.name == "NOMAD_PORT_http")).map(|v| v.value)
        };
        assert_eq!(port(8080).as_deref(), Some("8080"));
        assert_eq!(port(0).as_deref(), Some("8000"));
    }

    #[test]
    fn only_port_sources_have_a_port_label() {
        let label = |source: EnvSource| source.port_label().map(str::to_string);
        assert_eq!(label(EnvSource::StaticPort { label: "db".into() }), Some("db".into()));
        assert_eq!(label(EnvSource::DynamicPort { label: "db".into() }), Some("db".into()));
        assert_eq!(label(EnvSource::PortMap { label: "db".into(), host_port: 1 }), Some("db".into()));
        assert_eq!(label(EnvSource::TaskPort { label: "db".into(), field: PortField::Port }), Some("db".into()));
        assert_eq!(
            label(EnvSource::GroupPort { label: "db".into(), field: PortField::Port, to: 0 }),
            Some("db".into())
        );
        assert_eq!(label(EnvSource::CpuLimit), None);
    }

    #[test]
    fn clean_env_var_matches_nomads_cases() {
        // M-56
        for (input, expected) in [
            ("asdf", "asdf"),
            ("ASDF", "ASDF"),
            ("0sdf", "_sdf"),
            ("asd0", "asd0"),
            ("_asd", "_asd"),
            ("-asd", "_asd"),
            ("asd.fgh", "asd.fgh"),
            ("A💩Z", "A____Z"),
        ] {
            assert_eq!(clean_env_var(input), expected, "{input}");
        }
        let punct = "A~!@#$%^&*()_+-={}[]|\\;:'\"<,>?/Z";
        assert_eq!(clean_env_var(punct), format!("A{}Z", "_".repeat(30)));
    }

    #[test]
    fn ipv6_addresses_are_bracketed() {
        assert_eq!(join_host_port("fd12:3456:789a:1::1", 2222), "[fd12:3456:789a:1::1]:2222");
        assert_eq!(join_host_port("10.0.0.1", 80), "10.0.0.1:80");
    }
}

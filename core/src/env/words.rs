//! Variables for people: each rule as a sentence, the group a variable belongs to, and the
//! caveat of a value a real task may see differently.

use serde::{Deserialize, Serialize};

use super::identity::{CLIENT_DATA_DIR, DEFAULT_DATACENTER};
use super::{EnvSource, PortField, clean_env_var};

/// What a variable is about; the web app's Env tab groups variables by it, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum EnvGroup {
    /// The task's own ports and addresses (its task network, or the group network it shares).
    Ports,
    /// Ports of the other tasks of the group.
    OtherTasks,
    /// What Consul Connect adds: upstreams through the sidecar, Envoy's listeners, the Consul
    /// socket of a native task.
    Connect,
    /// Who and where the allocation is: names, IDs, job, namespace, region, datacenter.
    Identity,
    /// The allocation's directories.
    Directories,
    /// CPU and memory limits.
    Resources,
    /// `meta` entries.
    Meta,
    /// The task's `env` block.
    UserEnv,
}

impl EnvGroup {
    /// Every group, in display order.
    pub const ALL: [EnvGroup; 8] = [
        EnvGroup::Ports,
        EnvGroup::OtherTasks,
        EnvGroup::Connect,
        EnvGroup::Identity,
        EnvGroup::Directories,
        EnvGroup::Resources,
        EnvGroup::Meta,
        EnvGroup::UserEnv,
    ];

    /// The group's stable kebab-case id (its JSON spelling).
    pub fn id(self) -> &'static str {
        match self {
            EnvGroup::Ports => "ports",
            EnvGroup::OtherTasks => "other-tasks",
            EnvGroup::Connect => "connect",
            EnvGroup::Identity => "identity",
            EnvGroup::Directories => "directories",
            EnvGroup::Resources => "resources",
            EnvGroup::Meta => "meta",
            EnvGroup::UserEnv => "user-env",
        }
    }

    /// A heading for the group.
    pub fn title(self) -> &'static str {
        match self {
            EnvGroup::Ports => "This task's ports and addresses",
            EnvGroup::OtherTasks => "Other tasks' ports",
            EnvGroup::Connect => "Consul Connect",
            EnvGroup::Identity => "Allocation and job",
            EnvGroup::Directories => "Directories",
            EnvGroup::Resources => "Resources",
            EnvGroup::Meta => "Meta",
            EnvGroup::UserEnv => "The task's env block",
        }
    }
}

/// `text` with its first letter upper-cased and a final period.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

impl EnvSource {
    /// The group the variable belongs to.
    pub fn group(&self) -> EnvGroup {
        match self {
            EnvSource::TaskIp { .. }
            | EnvSource::StaticPort { .. }
            | EnvSource::DynamicPort { .. }
            | EnvSource::PortMap { .. }
            | EnvSource::TaskPort { .. }
            | EnvSource::GroupPort { .. } => EnvGroup::Ports,
            EnvSource::OtherTaskPort { .. } => EnvGroup::OtherTasks,
            EnvSource::Upstream { .. } | EnvSource::EnvoyListener { .. } | EnvSource::ConnectNative { .. } => {
                EnvGroup::Connect
            }
            EnvSource::Allocation { .. } | EnvSource::AllocId { .. } | EnvSource::Datacenter { .. } => {
                EnvGroup::Identity
            }
            EnvSource::Directory { .. } => EnvGroup::Directories,
            EnvSource::CpuLimit | EnvSource::MemoryLimit => EnvGroup::Resources,
            EnvSource::Meta { .. } => EnvGroup::Meta,
            EnvSource::TaskEnv { .. } => EnvGroup::UserEnv,
        }
    }

    /// The rule as a sentence a user reads.
    pub fn sentence(&self) -> String {
        match self {
            EnvSource::TaskIp { device } => format!("The address of the task's network, on `{device}`."),
            EnvSource::StaticPort { label } => {
                format!("Static port `{label}`: the same number on the host and in the task.")
            }
            EnvSource::DynamicPort { label } => format!("The host port Nomad picked for dynamic port `{label}`."),
            EnvSource::PortMap { label, host_port } => format!(
                "The port `port_map` gives `{label}` inside the task; the driver publishes it on host port {host_port}."
            ),
            EnvSource::TaskPort { label, field } => own_port(label, *field, None),
            EnvSource::GroupPort { label, field, to } => own_port(label, *field, Some(*to)),
            EnvSource::OtherTaskPort { task, label, field } => match field {
                PortField::Ip | PortField::IpFamily | PortField::HostIp => {
                    format!("The host address of port `{label}` of task `{task}`, in the same allocation.")
                }
                PortField::Addr | PortField::HostAddr => {
                    format!("Where port `{label}` of task `{task}`, in the same allocation, is reached.")
                }
                _ => format!("The host port of port `{label}` of task `{task}`, in the same allocation."),
            },
            EnvSource::CpuLimit => "The task's `resources.cpu`, in MHz.".to_string(),
            EnvSource::MemoryLimit => "The task's `resources.memory`, in MiB.".to_string(),
            EnvSource::Allocation { what } => sentence(what),
            EnvSource::Meta { key } => format!("The `meta` entry `{key}`."),
            EnvSource::TaskEnv { substituted: false } => "Set in the task's `env` block.".to_string(),
            EnvSource::TaskEnv { substituted: true } => {
                "Set in the task's `env` block, with its `${...}` references filled in.".to_string()
            }
            EnvSource::AllocId { .. } | EnvSource::Datacenter { .. } => sentence(&self.describe()),
            EnvSource::Directory { dir, inside: true } => {
                sentence(&format!("{}, mounted inside the task's filesystem", dir.describe()))
            }
            EnvSource::Directory { dir, inside: false } => sentence(&format!(
                "{}: the client's own path, as the driver does not isolate the task's filesystem",
                dir.describe()
            )),
            EnvSource::Upstream { service, destination, local_bind_port, field, cleaned } => {
                let sidecar = format!("the Connect sidecar of service `{service}`");
                let text = match field {
                    PortField::Ip => format!("The loopback address {sidecar} serves upstream `{destination}` on."),
                    PortField::Port => format!(
                        "The port {sidecar} serves upstream `{destination}` on: its `local_bind_port = {local_bind_port}`."
                    ),
                    _ => format!(
                        "Where the task reaches upstream `{destination}`: {sidecar}, on the loopback at its \
                         `local_bind_port = {local_bind_port}`."
                    ),
                };
                if *cleaned && clean_env_var(destination) != *destination {
                    format!("{text} This copy spells the name with `_` for the characters a variable name cannot hold.")
                } else {
                    text
                }
            }
            EnvSource::EnvoyListener { service, ready, how } => format!(
                "Envoy's {} listener in the Connect proxy of service `{service}` ({how}).",
                if *ready { "ready" } else { "admin" }
            ),
            EnvSource::ConnectNative { service } => format!(
                "The Consul API socket Nomad puts in the allocation for the Connect native service `{service}` \
                 (bridge mode)."
            ),
        }
    }

    /// Why a real task may see another value, for values that depend on more than the jobspec
    /// and the inventory.
    pub fn caveat(&self) -> Option<String> {
        match self {
            EnvSource::AllocId { .. } => Some(
                "A stand-in: Nomad gives every allocation a random ID; netplay derives this one from the seed \
                 and the allocation's name."
                    .to_string(),
            ),
            EnvSource::Datacenter { defaulted: true } => Some(format!(
                "The inventory names no datacenter for this node, so this is Nomad's default, `{DEFAULT_DATACENTER}`."
            )),
            EnvSource::Directory { inside: true, .. } => Some(
                "Depends on the client: the mount point on Linux clients (Windows clients use `c:\\`).".to_string(),
            ),
            EnvSource::Directory { inside: false, .. } => Some(format!(
                "Depends on the client: its `data_dir` (netplay assumes `{CLIENT_DATA_DIR}`, as Nomad's packages \
                 set it) and the allocation ID."
            )),
            _ => None,
        }
    }
}

/// A sentence about one of the task's own ports: of its task-level network (`to` is `None`) or
/// of the group network (`to` as written, 0 when not set).
fn own_port(label: &str, field: PortField, to: Option<i64>) -> String {
    match (field, to) {
        (PortField::Port | PortField::AllocPort, Some(to)) if to > 0 => {
            format!("The port `{label}` listens on inside the task: its `to = {to}`.")
        }
        (PortField::Port | PortField::AllocPort, _) => {
            format!("The port `{label}` listens on: the host port itself, as nothing maps it.")
        }
        (PortField::HostPort, _) => format!("Port `{label}` on the host."),
        (PortField::Ip | PortField::IpFamily | PortField::HostIp, _) => {
            format!("The host address port `{label}` is on.")
        }
        (PortField::Addr | PortField::HostAddr, _) => {
            format!("Where other machines reach port `{label}`: the host address and the host port.")
        }
        (PortField::NetnsInterface, _) => "The interface inside the allocation's network namespace.".to_string(),
        (PortField::NetnsIp, _) => "The allocation's address inside its network namespace.".to_string(),
        (PortField::NetnsAddr, Some(to)) if to != 0 => {
            format!("Port `{label}` inside the network namespace: the namespace address and its `to`.")
        }
        (PortField::NetnsAddr, _) => {
            format!("Port `{label}` inside the network namespace: the namespace address and the port.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::TaskDir;

    #[test]
    fn rules_read_as_sentences() {
        let group_port = |field, to| EnvSource::GroupPort { label: "http".into(), field, to };
        assert_eq!(
            group_port(PortField::Port, 8080).sentence(),
            "The port `http` listens on inside the task: its `to = 8080`."
        );
        assert_eq!(
            group_port(PortField::Port, 0).sentence(),
            "The port `http` listens on: the host port itself, as nothing maps it."
        );
        let allocation = EnvSource::Allocation { what: "the allocation's name".into() };
        assert_eq!(allocation.sentence(), "The allocation's name.");
        for source in [
            group_port(PortField::Addr, 0),
            EnvSource::StaticPort { label: "dns".into() },
            EnvSource::Directory { dir: TaskDir::Local, inside: false },
            EnvSource::AllocId { short: true },
        ] {
            let text = source.sentence();
            assert!(text.starts_with(char::is_uppercase) && text.ends_with('.'), "{text}");
        }
    }

    #[test]
    fn connect_variables_read_as_sentences_in_their_own_group() {
        let upstream = |field, cleaned| EnvSource::Upstream {
            service: "dash".into(),
            destination: "count-api".into(),
            local_bind_port: 8080,
            field,
            cleaned,
        };
        let addr = upstream(PortField::Addr, false).sentence();
        assert!(addr.contains("upstream `count-api`") && addr.contains("`local_bind_port = 8080`"), "{addr}");
        assert!(upstream(PortField::Ip, true).sentence().contains("spells the name with `_`"));
        let clean = EnvSource::Upstream {
            service: "dash".into(),
            destination: "db".into(),
            local_bind_port: 5432,
            field: PortField::Port,
            cleaned: true,
        };
        assert!(!clean.sentence().contains("spells"), "a name that needs no cleaning says nothing about it");
        let envoy = EnvSource::EnvoyListener { service: "api".into(), ready: true, how: "19100 plus 1".into() };
        let native = EnvSource::ConnectNative { service: "api".into() };
        for source in [upstream(PortField::Port, false), envoy, native] {
            let text = source.sentence();
            assert!(text.starts_with(char::is_uppercase) && text.ends_with('.'), "{text}");
            assert_eq!(source.group(), EnvGroup::Connect);
            assert_eq!(source.caveat(), None);
        }
    }

    #[test]
    fn groups_and_caveats() {
        assert_eq!(
            EnvSource::OtherTaskPort { task: "a".into(), label: "b".into(), field: PortField::Ip }.group(),
            EnvGroup::OtherTasks
        );
        assert_eq!(EnvSource::Datacenter { defaulted: false }.group(), EnvGroup::Identity);
        assert_eq!(EnvSource::Datacenter { defaulted: false }.caveat(), None);
        assert!(EnvSource::Datacenter { defaulted: true }.caveat().is_some_and(|c| c.contains("dc1")));
        assert!(EnvSource::AllocId { short: false }.caveat().is_some_and(|c| c.contains("stand-in")));
        assert_eq!(EnvSource::CpuLimit.caveat(), None);
        for g in EnvGroup::ALL {
            assert_eq!(serde_json::to_string(&g).expect("json"), format!("\"{}\"", g.id()));
        }
        let mut sorted = EnvGroup::ALL;
        sorted.sort();
        assert_eq!(sorted, EnvGroup::ALL, "display order is the declaration order");
    }
}

//! The variables a task gets from the allocation and the client rather than the jobspec:
//! `NOMAD_ALLOC_ID`, `NOMAD_SHORT_ALLOC_ID`, `NOMAD_DC`, `NOMAD_ALLOC_DIR`, `NOMAD_TASK_DIR` and
//! `NOMAD_SECRETS_DIR`, as far as netplay can know them.
//!
//! - The allocation ID is a UUID Nomad draws at random. netplay shows a stand-in: a name-based
//!   UUID (version 5) of the seed and the allocation's name, so the same inputs give the same ID
//!   everywhere and another seed gives another one.
//! - `NOMAD_DC` is the node's datacenter, Nomad's default `dc1` when the inventory names none.
//! - The directories depend on the driver's filesystem isolation. A driver that isolates the
//!   task (docker and podman by image, exec and java by chroot on Linux) mounts them at `/alloc`,
//!   `/local` and `/secrets`; one that does not (raw_exec, qemu) hands the task the client's own
//!   paths: `<data_dir>/alloc/<alloc ID>/alloc`, `.../<task>/local` and `.../<task>/secrets`.
//!   netplay takes `/opt/nomad/data` for `data_dir`, the value of Nomad's Linux packages (the
//!   agent has no default of its own). Tasks of drivers netplay does not know get no directory
//!   variables. Which drivers isolate is per Nomad version ([`crate::version::TaskEnvRules`]).

use serde::{Deserialize, Serialize};

use super::{EnvContext, EnvMap, EnvSource};
use crate::jobspec::Task;

/// The client's data directory netplay assumes (`data_dir` in Nomad's Linux packages).
pub const CLIENT_DATA_DIR: &str = "/opt/nomad/data";

/// Nomad's default datacenter.
pub const DEFAULT_DATACENTER: &str = "dc1";

/// One of the allocation's directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum TaskDir {
    /// The directory every task of the allocation shares (`NOMAD_ALLOC_DIR`).
    Alloc,
    /// The task's own `local` directory (`NOMAD_TASK_DIR`).
    Local,
    /// The task's `secrets` directory (`NOMAD_SECRETS_DIR`).
    Secrets,
}

impl TaskDir {
    /// What the directory is, as a phrase.
    pub fn describe(self) -> &'static str {
        match self {
            TaskDir::Alloc => "the directory all tasks of the allocation share",
            TaskDir::Local => "the task's own `local` directory",
            TaskDir::Secrets => "the task's private `secrets` directory",
        }
    }

    /// The directory's name inside the task's filesystem and under the task's directory.
    fn name(self) -> &'static str {
        match self {
            TaskDir::Alloc => "alloc",
            TaskDir::Local => "local",
            TaskDir::Secrets => "secrets",
        }
    }
}

/// netplay's stand-in for the ID of allocation `alloc_name` under `seed`: a version 5 UUID, the
/// same on every platform for the same inputs.
pub fn stand_in_alloc_id(seed: u64, alloc_name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("netplay/{seed}/{alloc_name}").as_bytes()).to_string()
}

/// The node's datacenter and whether it is Nomad's default because the inventory names none.
pub(crate) fn datacenter<'a>(ctx: &EnvContext<'a>) -> (&'a str, bool) {
    match ctx.datacenter.filter(|dc| !dc.is_empty()) {
        Some(dc) => (dc, false),
        None => (DEFAULT_DATACENTER, true),
    }
}

/// Adds the identity and directory variables of `task` that its version sets.
pub(crate) fn add(ctx: &EnvContext<'_>, task: &Task, env: &mut EnvMap) {
    let rules = ctx.version.rules().task_env;
    if rules.identity {
        let (dc, defaulted) = datacenter(ctx);
        env.insert("NOMAD_DC".into(), (dc.to_string(), EnvSource::Datacenter { defaulted }));
        env.insert("NOMAD_ALLOC_ID".into(), (ctx.alloc_id.to_string(), EnvSource::AllocId { short: false }));
        let short: String = ctx.alloc_id.chars().take(8).collect();
        env.insert("NOMAD_SHORT_ALLOC_ID".into(), (short, EnvSource::AllocId { short: true }));
    }
    let driver = task.driver.as_str();
    let inside = if rules.isolated_drivers.contains(&driver) {
        true
    } else if rules.host_path_drivers.contains(&driver) {
        false
    } else {
        return;
    };
    let mut dirs = vec![("NOMAD_ALLOC_DIR", TaskDir::Alloc), ("NOMAD_TASK_DIR", TaskDir::Local)];
    if rules.secrets_dir {
        dirs.push(("NOMAD_SECRETS_DIR", TaskDir::Secrets));
    }
    for (key, dir) in dirs {
        let path = if inside {
            format!("/{}", dir.name())
        } else if dir == TaskDir::Alloc {
            format!("{CLIENT_DATA_DIR}/alloc/{}/alloc", ctx.alloc_id)
        } else {
            format!("{CLIENT_DATA_DIR}/alloc/{}/{}/{}", ctx.alloc_id, task.name, dir.name())
        };
        env.insert(key.to_string(), (path, EnvSource::Directory { dir, inside }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_id_is_a_uuid_that_follows_the_seed_and_the_allocation() {
        let id = stand_in_alloc_id(1, "web.app[0]");
        assert_eq!(id, stand_in_alloc_id(1, "web.app[0]"));
        assert_ne!(id, stand_in_alloc_id(2, "web.app[0]"));
        assert_ne!(id, stand_in_alloc_id(1, "web.app[1]"));
        assert_eq!(id.len(), 36);
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    }
}

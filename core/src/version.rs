//! Nomad versions and the rules that differ between them.
//!
//! Behaviour that changed across Nomad releases is looked up here, as data, by the stages
//! that need it; there is one allocator, one scheduler and one env renderer for all
//! versions.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A Nomad release line whose networking netplay reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum NomadVersion {
    /// Nomad 0.2.x (January 2016): task-level networks, `NOMAD_IP` and `NOMAD_PORT_<label>`.
    #[serde(rename = "0.2")]
    V0_2,
    /// The 1.x line: group networks, `to`, host networks, reserved port ranges and the
    /// modern env set.
    #[serde(rename = "1.x")]
    V1,
    /// The 2.x line (2.0, Nomad's current release; modelled at 2.0.5): networking as in 1.x,
    /// with the differences its [`Rules`] list.
    #[default]
    #[serde(rename = "2.x")]
    V2,
}

impl NomadVersion {
    /// Every implemented version, oldest first.
    pub const ALL: &'static [NomadVersion] = &[NomadVersion::V0_2, NomadVersion::V1, NomadVersion::V2];

    /// The spelling users type and see (`0.2`, `1.x`, `2.x`).
    pub fn as_str(self) -> &'static str {
        match self {
            NomadVersion::V0_2 => "0.2",
            NomadVersion::V1 => "1.x",
            NomadVersion::V2 => "2.x",
        }
    }

    /// The behaviour rules of this version.
    pub fn rules(self) -> &'static Rules {
        match self {
            NomadVersion::V0_2 => &V0_2_RULES,
            NomadVersion::V1 => &V1_RULES,
            NomadVersion::V2 => &V2_RULES,
        }
    }

    /// The newest implemented line: what a first visit and `--nomad` without a value mean.
    pub fn latest() -> NomadVersion {
        NomadVersion::ALL.last().copied().unwrap_or_default()
    }

    /// True from 1.0 on (group networks and everything that came with them).
    pub fn is_modern(self) -> bool {
        self >= NomadVersion::V1
    }
}

impl fmt::Display for NomadVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a version string netplay does not implement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown Nomad version `{given}` (implemented: {known})")]
pub struct UnknownVersion {
    /// What was asked for.
    pub given: String,
    /// The implemented versions, comma-separated.
    pub known: String,
}

impl FromStr for NomadVersion {
    type Err = UnknownVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().trim_start_matches('v');
        // `1`, `1.9`, `1.10.3` mean the 1.x line; `2`, `2.0`, `2.0.5` the 2.x line.
        let line = |major: &str| {
            wanted == major
                || wanted
                    .strip_prefix(major)
                    .and_then(|r| r.strip_prefix('.'))
                    .is_some_and(|rest| rest.split('.').all(|p| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty()))
        };
        if line("1") {
            return Ok(NomadVersion::V1);
        }
        if line("2") {
            return Ok(NomadVersion::V2);
        }
        NomadVersion::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| UnknownVersion {
            given: s.to_string(),
            known: NomadVersion::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
        })
    }
}

/// Per-version behaviour, consulted where versions differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Dynamic range used when the node sets none: smallest port.
    pub dynamic_min: i64,
    /// Dynamic range used when the node sets none: the upper bound. Random probes draw
    /// `min + uniform(0, max - min - 1)` in every version, so they never produce `max` itself
    /// (0.2: 60000, probes give 20000..59999); in 1.x the precise fallback can reach it.
    pub dynamic_max: i64,
    /// After the random probes fail, search every free port of `[min, max]` (1.x).
    pub precise_fallback: bool,
    /// Random probes per dynamic port before giving up (or falling back).
    pub dynamic_attempts: u32,
    /// Whether an offer records the MBits it asked for (0.2: no, so placed work never counts).
    pub offer_carries_mbits: bool,
    /// Whether a node's reserved MBits count as used (0.2 yes, 1.x no).
    pub reserved_mbits_counted: bool,
    /// Whether the fit check fails overcommitted bandwidth (0.2 yes, 1.x no).
    pub fit_checks_bandwidth: bool,
    /// Port labels must match `^[a-zA-Z0-9_]+$` and are compared case-insensitively (HCL1).
    pub hcl1_label_rules: bool,
    /// Whether an allocation desired to stop frees its ports at once (0.2) or only once the
    /// client reports it terminal (later versions).
    pub desired_stop_frees_ports: bool,
    /// Ports must lie in 0..65535 (`invalid port N (out of range)`); 0.2 had no bound.
    pub ports_bounded: bool,
    /// Error texts name the port (`reserved port collision http=80`).
    pub errors_name_ports: bool,
    /// 0.2's offer shared the ask's dynamic slots, so values picked on an address that then
    /// failed stay (and are avoided) on the next address.
    pub dynamic_values_carry_over: bool,
    /// Scores are normalised to 0..1 and averaged with the anti-affinity penalty; the limit
    /// iterator skips up to 3 nodes scoring 0 or less (1.x). 0.2: raw 0..18 minus penalties.
    pub normalized_scores: bool,
    /// The task environment's identity and directory variables.
    pub task_env: &'static TaskEnvRules,
    /// The digest of a check's hash, which names the port of an exposed Connect check
    /// (`svc_<service>_ck_<6 hex>`): SHA-1 until 2.0.4, SHA-256 from 2.0.5.
    pub check_hash: CheckHash,
    /// Job submission warns about services whose group and tasks set no `shutdown_delay`
    /// (2.0.1 and later).
    pub warns_service_shutdown_delay: bool,
}

/// The digest behind a check's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckHash {
    /// SHA-1 (0.x, 1.x, 2.0.0–2.0.4).
    Sha1,
    /// SHA-256 (2.0.5 and later).
    Sha256,
}

/// Which identity and directory variables a task gets (`NOMAD_ALLOC_ID`, `NOMAD_ALLOC_DIR`,
/// ...), and where drivers show the allocation's directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskEnvRules {
    /// `NOMAD_ALLOC_ID`, `NOMAD_SHORT_ALLOC_ID` and `NOMAD_DC` are set.
    pub identity: bool,
    /// `NOMAD_SECRETS_DIR` is set.
    pub secrets_dir: bool,
    /// Drivers that isolate the task's filesystem: the directories are mounted at `/alloc`,
    /// `/local` and `/secrets` inside it.
    pub isolated_drivers: &'static [&'static str],
    /// Drivers without filesystem isolation: the task sees the client's own paths under its
    /// data directory.
    pub host_path_drivers: &'static [&'static str],
}

/// Nomad 0.2: only the docker driver and exec's Linux executor chroot the task.
static V0_2_TASK_ENV: TaskEnvRules = TaskEnvRules {
    identity: false,
    secrets_dir: false,
    isolated_drivers: &["docker", "exec"],
    host_path_drivers: &["raw_exec", "java", "qemu", "rkt"],
};

/// Later Nomad: image drivers and chroot drivers (java chroots on Linux clients) see mounts.
static MODERN_TASK_ENV: TaskEnvRules = TaskEnvRules {
    identity: true,
    secrets_dir: true,
    isolated_drivers: &["docker", "podman", "exec", "java"],
    host_path_drivers: &["raw_exec", "qemu"],
};

static V0_2_RULES: Rules = Rules {
    dynamic_min: 20_000,
    dynamic_max: 60_000,
    precise_fallback: false,
    dynamic_attempts: 20,
    offer_carries_mbits: false,
    reserved_mbits_counted: true,
    fit_checks_bandwidth: true,
    hcl1_label_rules: true,
    desired_stop_frees_ports: true,
    ports_bounded: false,
    errors_name_ports: false,
    dynamic_values_carry_over: true,
    normalized_scores: false,
    task_env: &V0_2_TASK_ENV,
    check_hash: CheckHash::Sha1,
    warns_service_shutdown_delay: false,
};

static V1_RULES: Rules = V1_RULES_BASE;

/// 2.x: 1.x's networking (port collisions, the dynamic range, scoring, env vars and service
/// addresses are the same code in Nomad 1.11 and 2.0), and these differences.
static V2_RULES: Rules = Rules { check_hash: CheckHash::Sha256, warns_service_shutdown_delay: true, ..V1_RULES_BASE };

/// `V1_RULES` as a constant, so that later lines can be written as its differences.
const V1_RULES_BASE: Rules = Rules {
    dynamic_min: 20_000,
    dynamic_max: 32_000,
    precise_fallback: true,
    dynamic_attempts: 20,
    offer_carries_mbits: true,
    reserved_mbits_counted: false,
    fit_checks_bandwidth: false,
    hcl1_label_rules: false,
    desired_stop_frees_ports: false,
    ports_bounded: true,
    errors_name_ports: true,
    dynamic_values_carry_over: false,
    normalized_scores: true,
    task_env: &MODERN_TASK_ENV,
    check_hash: CheckHash::Sha1,
    warns_service_shutdown_delay: false,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_round_trip_through_their_spelling() {
        for v in NomadVersion::ALL {
            assert_eq!(v.as_str().parse::<NomadVersion>(), Ok(*v));
            assert_eq!(serde_json::to_string(v).expect("json"), format!("\"{}\"", v.as_str()));
        }
        assert_eq!("v0.2".parse::<NomadVersion>(), Ok(NomadVersion::V0_2));
        for modern in ["1", "1.x", "1.9", "v1.10.3"] {
            assert_eq!(modern.parse::<NomadVersion>(), Ok(NomadVersion::V1), "{modern}");
        }
        for current in ["2", "2.0", "2.0.5", "2.x", "v2.1"] {
            assert_eq!(current.parse::<NomadVersion>(), Ok(NomadVersion::V2), "{current}");
        }
        let err = "9.9".parse::<NomadVersion>().expect_err("unknown");
        assert_eq!(err.to_string(), "unknown Nomad version `9.9` (implemented: 0.2, 1.x, 2.x)");
        assert!("1.x.2".parse::<NomadVersion>().is_err());
        assert!("20".parse::<NomadVersion>().is_err());
        assert_eq!(NomadVersion::default(), NomadVersion::V2, "the default is the newest line");
        assert!(NomadVersion::V2.is_modern() && NomadVersion::V1.is_modern() && !NomadVersion::V0_2.is_modern());
    }

    #[test]
    fn the_latest_line_is_the_last_implemented_one() {
        assert_eq!(Some(&NomadVersion::latest()), NomadVersion::ALL.last());
        assert!(NomadVersion::latest().is_modern());
        assert!(NomadVersion::ALL.iter().all(|v| *v <= NomadVersion::latest()));
    }

    #[test]
    fn dynamic_ranges() {
        let old = NomadVersion::V0_2.rules();
        assert_eq!((old.dynamic_min, old.dynamic_max - 1), (20_000, 59_999));
        let new = NomadVersion::V1.rules();
        assert_eq!((new.dynamic_min, new.dynamic_max), (20_000, 32_000));
    }

    #[test]
    fn the_2x_line_differs_from_1x_only_where_listed() {
        let (one, two) = (NomadVersion::V1.rules(), NomadVersion::V2.rules());
        assert_eq!((one.check_hash, two.check_hash), (CheckHash::Sha1, CheckHash::Sha256));
        assert!(!one.warns_service_shutdown_delay && two.warns_service_shutdown_delay);
        let same = Rules { check_hash: one.check_hash, warns_service_shutdown_delay: false, ..two.clone() };
        assert_eq!(&same, one, "every other rule is 1.x's");
    }
}

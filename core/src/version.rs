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
pub enum NomadVersion {
    /// Nomad 0.2.x (January 2016): task-level networks, `NOMAD_IP` and `NOMAD_PORT_<label>`.
    #[default]
    #[serde(rename = "0.2")]
    V0_2,
}

impl NomadVersion {
    /// Every implemented version, oldest first.
    pub const ALL: &'static [NomadVersion] = &[NomadVersion::V0_2];

    /// The spelling users type and see (`0.2`).
    pub fn as_str(self) -> &'static str {
        match self {
            NomadVersion::V0_2 => "0.2",
        }
    }

    /// The behaviour rules of this version.
    pub fn rules(self) -> &'static Rules {
        match self {
            NomadVersion::V0_2 => &V0_2_RULES,
        }
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
        NomadVersion::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| UnknownVersion {
            given: s.to_string(),
            known: NomadVersion::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
        })
    }
}

/// Per-version behaviour, consulted where versions differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Smallest dynamic port a random probe can produce.
    pub dynamic_min: i64,
    /// Number of distinct values a probe draws from (`dynamic_min + uniform(0, span - 1)`).
    pub dynamic_span: i64,
    /// Random probes per dynamic port before giving up on an address.
    pub dynamic_attempts: u32,
    /// Whether an offer records the MBits it asked for (0.2: no, so placed work never
    /// counts against bandwidth).
    pub offer_carries_mbits: bool,
    /// Port labels must match `^[a-zA-Z0-9_]+$` and are compared case-insensitively.
    pub hcl1_label_rules: bool,
    /// Whether an allocation desired to stop frees its ports at once (0.2) or only once the
    /// client reports it terminal (later versions).
    pub desired_stop_frees_ports: bool,
}

static V0_2_RULES: Rules = Rules {
    dynamic_min: 20_000,
    dynamic_span: 40_000,
    dynamic_attempts: 20,
    offer_carries_mbits: false,
    hcl1_label_rules: true,
    desired_stop_frees_ports: true,
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
        let err = "9.9".parse::<NomadVersion>().expect_err("unknown");
        assert_eq!(err.to_string(), "unknown Nomad version `9.9` (implemented: 0.2)");
    }

    #[test]
    fn the_0_2_range_is_20000_to_59999() {
        let r = NomadVersion::V0_2.rules();
        assert_eq!(r.dynamic_min, 20_000);
        assert_eq!(r.dynamic_min + r.dynamic_span - 1, 59_999);
    }
}

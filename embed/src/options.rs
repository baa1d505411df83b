//! The JS API's `options` argument: `{ nomad?, seed?, variables? }`.
//!
//! The browser deserializes the JavaScript object into [`AnalyzeOptions`] (serde-wasm-bindgen)
//! and turns it into core's [`Options`] with [`AnalyzeOptions::to_options`]. Anything that does
//! not fit (an unknown key, a seed that is no whole number, a version netplay does not
//! implement) is an [`OptionsError`], which the API throws as a `TypeError`: a bad `options`
//! value is a programming error of the caller, unlike mistakes in the jobspec or inventory
//! text, which are diagnostics in the result.

use std::collections::BTreeMap;
use std::fmt;

use netplay_core::{NomadVersion, Options, VarArg, VariableInputs};
use serde::Deserialize;

/// What `analyze(jobspec, nodes, options)` accepts as `options`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AnalyzeOptions {
    /// The Nomad version whose behaviour is reproduced: `"0.2"`, `"1.x"` or `"2.x"` (`"1"`,
    /// `"1.10"` and the like mean 1.x; `"2"`, `"2.0.5"` 2.x). Default: the latest line, `"2.x"`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub nomad: Option<String>,
    /// The seed behind dynamic ports and the node shuffle: a whole number from 0 to
    /// 2^53 - 1. Default: 1.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable, type = "number"))]
    pub seed: Option<u64>,
    /// Values of the jobspec's HCL2 variables by name, as `-var name=value` gives them
    /// (numbers and booleans are turned into their text).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable, type = "Record<string, string | number | boolean>"))]
    pub variables: Option<BTreeMap<String, VarValue>>,
}

/// A variable's value as JavaScript gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum VarValue {
    /// Text, used as typed.
    Text(String),
    /// A number, written as JavaScript would (`8080`, `0.5`).
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

/// Reads a string, a number or a boolean as it comes. (Written out rather than derived with
/// `#[serde(untagged)]`, which buffers every value through serde's generic `Content` first:
/// about 3 KB more WebAssembly for the same result.)
impl<'de> Deserialize<'de> for VarValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = VarValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<VarValue, E> {
                Ok(VarValue::Text(v.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<VarValue, E> {
                Ok(VarValue::Text(v))
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<VarValue, E> {
                Ok(VarValue::Number(v))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<VarValue, E> {
                Ok(VarValue::Number(v as f64))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<VarValue, E> {
                Ok(VarValue::Number(v as f64))
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<VarValue, E> {
                Ok(VarValue::Bool(v))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

impl VarValue {
    fn into_text(self) -> String {
        match self {
            VarValue::Text(text) => text,
            VarValue::Number(n) => n.to_string(),
            VarValue::Bool(b) => b.to_string(),
        }
    }
}

/// The largest seed a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// Why an `options` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsError(pub String);

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "netplay.analyze: bad options: {}", self.0)
    }
}

impl std::error::Error for OptionsError {}

impl AnalyzeOptions {
    /// Core's options for these, or why they cannot be used.
    pub fn to_options(self) -> Result<Options, OptionsError> {
        let nomad = match &self.nomad {
            None => NomadVersion::default(),
            Some(text) => text.parse().map_err(|e| OptionsError(format!("`nomad`: {e}")))?,
        };
        let seed = self.seed.unwrap_or(netplay_core::DEFAULT_SEED);
        if seed > MAX_SEED {
            return Err(OptionsError(format!("`seed` {seed} is larger than {MAX_SEED}")));
        }
        let args = self
            .variables
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| VarArg { name, value: value.into_text() })
            .collect();
        Ok(Options {
            nomad,
            seed,
            variables: VariableInputs { args, ..VariableInputs::default() },
            ..Options::default()
        })
    }

    /// Wraps a deserialization error (unknown key, wrong type) in the API's wording.
    pub fn refuse(error: impl fmt::Display) -> OptionsError {
        OptionsError(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Options, OptionsError> {
        serde_json::from_str::<AnalyzeOptions>(json).map_err(AnalyzeOptions::refuse)?.to_options()
    }

    #[test]
    fn empty_options_are_the_defaults() {
        assert_eq!(parse("{}"), Ok(Options::default()));
    }

    #[test]
    fn version_seed_and_variables_carry_over() {
        let o = parse(r#"{"nomad": "0.2", "seed": 42, "variables": {"port": 8080, "name": "web", "on": true}}"#)
            .expect("valid");
        assert_eq!((o.nomad, o.seed), (NomadVersion::V0_2, 42));
        let args: Vec<(&str, &str)> = o.variables.args.iter().map(|v| (v.name.as_str(), v.value.as_str())).collect();
        assert_eq!(args, [("name", "web"), ("on", "true"), ("port", "8080")]);
        assert_eq!(parse(r#"{"nomad": "1.10"}"#).map(|o| o.nomad), Ok(NomadVersion::V1));
    }

    #[test]
    fn mistakes_are_refused_with_what_was_wrong() {
        let unknown = parse(r#"{"nomd": "0.2"}"#).expect_err("unknown key");
        assert!(unknown.0.contains("unknown field `nomd`"), "{unknown}");
        let version = parse(r#"{"nomad": "3"}"#).expect_err("unknown version");
        assert!(version.to_string().contains("`nomad`: unknown Nomad version `3`"), "{version}");
        let seed = parse(r#"{"seed": -1}"#).expect_err("negative seed");
        assert!(seed.0.contains("-1"), "{seed}");
        let big = parse(r#"{"seed": 9007199254740993}"#).expect_err("too large");
        assert!(big.0.contains("larger than"), "{big}");
        let value = parse(r#"{"variables": {"x": [1]}}"#).expect_err("array value");
        assert!(value.0.contains("a string, a number or a boolean"), "{value}");
    }
}

//! Interim: Nomad's function library lands from the `funcs` branch.

use std::sync::Arc;

/// File access for the file functions (the CLI implements it).
pub trait Files: Send + Sync + std::fmt::Debug {
    /// Reads a file relative to the jobspec's folder.
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
    /// Whether a file exists.
    fn exists(&self, path: &str) -> Result<bool, String>;
    /// The files under `base` matching `pattern`.
    fn glob(&self, base: &str, pattern: &str) -> Result<Vec<String>, String>;
    /// An absolute path.
    fn absolute(&self, path: &str) -> Result<String, String>;
}

/// What the functions may use.
#[derive(Debug, Clone, Default)]
pub struct FunctionEnv {
    /// File access, if any.
    pub files: Option<Arc<dyn Files>>,
    /// Seed for the random functions.
    pub seed: u64,
}

/// Runs `f` with `env` available to the functions.
pub fn with_env<R>(_env: FunctionEnv, f: impl FnOnce() -> R) -> R {
    f()
}

/// Declares Nomad's functions.
pub fn declare_all(_ctx: &mut hcl::eval::Context<'_>) {}

//! File access for the jobspec's HCL2 file functions (`file`, `fileexists`, `fileset`,
//! `abspath`, ...): paths are relative to the jobspec's folder, as `nomad job run` reads them.

use std::path::{Path, PathBuf};

use netplay_core::hcl2::functions::Files;

/// The folder relative paths start from: the jobspec's own, or the working directory for
/// standard input.
pub fn base_dir(job_path: &str) -> PathBuf {
    let dir = if job_path == "-" { None } else { Path::new(job_path).parent() };
    let dir = dir.filter(|d| !d.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// The local disk, seen from one folder.
#[derive(Debug)]
pub struct Disk {
    base: PathBuf,
}

impl Disk {
    /// Reads relative paths from `base`.
    pub fn new(base: PathBuf) -> Self {
        Disk { base }
    }

    fn resolve(&self, path: &str) -> PathBuf {
        let p = Path::new(path);
        if p.is_absolute() { p.to_path_buf() } else { self.base.join(p) }
    }
}

impl Files for Disk {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.resolve(path)).map_err(|e| format!("could not read {path}: {e}"))
    }

    fn exists(&self, path: &str) -> Result<bool, String> {
        let p = self.resolve(path);
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => Err(format!("{path} is a directory, not a file")),
            Ok(_) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(format!("could not read {path}: {e}")),
        }
    }

    fn glob(&self, base: &str, pattern: &str) -> Result<Vec<String>, String> {
        let root = self.resolve(base);
        let full = root.join(pattern);
        let full = full.to_str().ok_or_else(|| format!("the path {pattern} is not UTF-8"))?;
        let paths = glob::glob(full).map_err(|e| format!("failed to glob pattern {pattern}: {e}"))?;
        let mut found = Vec::new();
        for entry in paths {
            let entry = entry.map_err(|e| format!("failed to glob pattern {pattern}: {e}"))?;
            if !entry.is_file() {
                continue;
            }
            let relative = entry.strip_prefix(&root).unwrap_or(&entry);
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
        found.sort();
        Ok(found)
    }

    fn absolute(&self, path: &str) -> Result<String, String> {
        Ok(self.resolve(path).to_string_lossy().into_owned())
    }
}

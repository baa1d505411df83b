//! File-system functions (go-cty-funcs `filesystem`). The host's files come from the
//! environment's [`Files`](super::Files); `basename` and `dirname` only look at the text.

use super::values::{fixed, into_set, string};
use super::{Files, current_files};
use base64::Engine;
use hcl::Value;
use hcl::eval::FuncArgs;
use std::sync::Arc;

fn files(name: &str) -> Result<Arc<dyn Files>, String> {
    current_files().ok_or_else(|| {
        format!(
            "{name} needs the netplay CLI: the file functions read files next to the jobspec, which netplay in a browser cannot do (run `netplay` on your machine)"
        )
    })
}

fn one_path(args: &FuncArgs) -> Result<String, String> {
    let [p] = fixed(args, ["path"])?;
    string(p, "path")
}

/// Go's `filepath.Clean` for `/`-separated paths.
fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

/// `basename(path)`: Go's `filepath.Base`.
pub(super) fn basename(args: FuncArgs) -> Result<Value, String> {
    let path = one_path(&args)?;
    if path.is_empty() {
        return Ok(Value::from("."));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::from("/"));
    }
    Ok(Value::from(trimmed.rsplit('/').next().unwrap_or(trimmed)))
}

/// `dirname(path)`: Go's `filepath.Dir`.
pub(super) fn dirname(args: FuncArgs) -> Result<Value, String> {
    let path = one_path(&args)?;
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    Ok(Value::from(clean(dir)))
}

/// `pathexpand(path)`: a leading `~` becomes the home directory.
pub(super) fn pathexpand(args: FuncArgs) -> Result<Value, String> {
    let path = one_path(&args)?;
    let files = files("pathexpand")?;
    let Some(rest) = path.strip_prefix('~') else { return Ok(Value::from(path)) };
    if !rest.is_empty() && !rest.starts_with('/') {
        return Err("cannot expand user-specific home dir".to_string());
    }
    let home = files.home()?;
    Ok(Value::from(format!("{}{rest}", home.trim_end_matches('/'))))
}

/// `abspath(path)`.
pub(super) fn abspath(args: FuncArgs) -> Result<Value, String> {
    let path = one_path(&args)?;
    Ok(Value::from(files("abspath")?.absolute(&path)?))
}

/// `file(path)`: the contents, which must be UTF-8.
pub(super) fn file(args: FuncArgs) -> Result<Value, String> {
    let path = one_path(&args)?;
    let bytes = files("file")?.read(&path)?;
    String::from_utf8(bytes).map(Value::from).map_err(|_| {
        format!(
            "contents of {path} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead"
        )
    })
}

/// `filebase64(path)`: the contents in standard base64.
pub(super) fn filebase64(args: FuncArgs) -> Result<Value, String> {
    let path = one_path(&args)?;
    let bytes = files("filebase64")?.read(&path)?;
    Ok(Value::from(base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// `fileexists(path)`.
pub(super) fn fileexists(args: FuncArgs) -> Result<Value, String> {
    let path = one_path(&args)?;
    Ok(Value::Bool(files("fileexists")?.exists(&path)?))
}

/// `fileset(path, pattern)`: a set of paths relative to `path`.
pub(super) fn fileset(args: FuncArgs) -> Result<Value, String> {
    let [base, pattern] = fixed(&args, ["path", "pattern"])?;
    let base = string(base, "path")?;
    let pattern = string(pattern, "pattern")?;
    let found = files("fileset")?.glob(&base, &pattern)?;
    Ok(into_set(found.into_iter().map(Value::from).collect()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::{Files, FunctionEnv, with_env};
    use hcl::Value;
    use std::sync::Arc;

    /// Two files and a folder, in memory.
    #[derive(Debug)]
    struct Fake;

    impl Files for Fake {
        fn read(&self, path: &str) -> Result<Vec<u8>, String> {
            match path {
                "hello.txt" => Ok(b"Hello World".to_vec()),
                "icon.bin" => Ok(vec![0xff, 0x00, 0x01]),
                other => Err(format!("no file exists at {other}")),
            }
        }
        fn exists(&self, path: &str) -> Result<bool, String> {
            match path {
                "hello.txt" | "icon.bin" => Ok(true),
                "conf" => Err("conf is not a regular file, but \"drwxr-xr-x\"".to_string()),
                _ => Ok(false),
            }
        }
        fn glob(&self, base: &str, pattern: &str) -> Result<Vec<String>, String> {
            if base == "." && pattern == "*" { Ok(vec!["icon.bin".into(), "hello.txt".into()]) } else { Ok(vec![]) }
        }
        fn absolute(&self, path: &str) -> Result<String, String> {
            Ok(format!("/jobs/{path}"))
        }
        fn home(&self) -> Result<String, String> {
            Ok("/home/me".to_string())
        }
    }

    fn with_fake<R>(f: impl FnOnce() -> R) -> R {
        with_env(FunctionEnv { files: Some(Arc::new(Fake)), seed: 1 }, f)
    }

    #[test]
    fn file_functions_use_the_files_of_the_environment() {
        with_fake(|| {
            assert_eq!(ok("file", vec![s("hello.txt")]), s("Hello World"));
            assert_eq!(err("file", vec![s("nope")]), "no file exists at nope");
            assert!(
                err("file", vec![s("icon.bin")])
                    .starts_with("contents of icon.bin are not valid UTF-8; use the filebase64")
            );
            assert_eq!(ok("filebase64", vec![s("icon.bin")]), s("/wAB"));
            assert_eq!(ok("fileexists", vec![s("hello.txt")]), Value::Bool(true));
            assert_eq!(ok("fileexists", vec![s("missing")]), Value::Bool(false));
            assert!(err("fileexists", vec![s("conf")]).contains("is not a regular file"));
            assert_eq!(ok("fileset", vec![s("."), s("*")]), strs(&["hello.txt", "icon.bin"]));
            assert_eq!(ok("fileset", vec![s("."), s("*.none")]), arr([]));
            assert_eq!(ok("abspath", vec![s("a/b")]), s("/jobs/a/b"));
            assert_eq!(ok("pathexpand", vec![s("~/.ssh/id")]), s("/home/me/.ssh/id"));
            assert_eq!(ok("pathexpand", vec![s("~")]), s("/home/me"));
            assert_eq!(ok("pathexpand", vec![s("/etc/hosts")]), s("/etc/hosts"));
            assert_eq!(err("pathexpand", vec![s("~bob/x")]), "cannot expand user-specific home dir");
        });
    }

    #[test]
    fn without_files_the_file_functions_say_they_need_the_cli() {
        let calls = [
            ("file", vec![s("a")]),
            ("filebase64", vec![s("a")]),
            ("fileexists", vec![s("a")]),
            ("fileset", vec![s("."), s("*")]),
            ("abspath", vec![s("a")]),
            ("pathexpand", vec![s("~/a")]),
        ];
        with_env(FunctionEnv::default(), || {
            for (name, args) in calls {
                let e = err(name, args);
                assert!(e.starts_with(&format!("{name} needs the netplay CLI")), "{e}");
                assert!(e.contains("in a browser"), "{e}");
            }
        });
    }

    #[test]
    fn basename_and_dirname_work_without_files() {
        with_env(FunctionEnv::default(), || {
            assert_eq!(ok("basename", vec![s("foo/bar/baz.txt")]), s("baz.txt"));
            assert_eq!(ok("basename", vec![s("foo/bar/")]), s("bar"));
            assert_eq!(ok("basename", vec![s("")]), s("."));
            assert_eq!(ok("basename", vec![s("///")]), s("/"));
            assert_eq!(ok("dirname", vec![s("foo/bar/baz.txt")]), s("foo/bar"));
            assert_eq!(ok("dirname", vec![s("baz.txt")]), s("."));
            assert_eq!(ok("dirname", vec![s("/baz.txt")]), s("/"));
            assert_eq!(ok("dirname", vec![s("a/../b/./c")]), s("b"));
            assert_eq!(ok("dirname", vec![s("../../x")]), s("../.."));
        });
    }
}

//! Nomad's jobspec function library (`jobspec2/functions.go`) as `hcl::eval` functions.
//!
//! [`declare_all`] puts every function Nomad 1.x offers a jobspec into an evaluation
//! [`Context`]. Their behaviour follows go-cty's `stdlib` and HashiCorp's `go-cty-funcs`, which
//! Nomad uses; where netplay cannot do the same the function says so in its error and the
//! difference is listed here:
//!
//! - `hcl::Value` knows no lists vs. tuples vs. sets or maps vs. objects: functions accept either
//!   form, and sets (`setunion`, `fileset`, …) come back as arrays sorted the way cty orders
//!   string, number and bool sets. Objects come back with their keys sorted, as cty iterates them.
//! - Numbers are `f64`/`i64`, not cty's 512-bit floats; results that are infinite or NaN are an
//!   error rather than a value.
//! - `uuidv4` and `bcrypt`'s salt are drawn from the seeded generator of the [`FunctionEnv`]
//!   given to [`with_env`], so a seed always yields the same values.
//! - `rsadecrypt` is not supported (netplay carries no RSA implementation): it always fails.
//! - `can`, `try` and `convert` need their arguments unevaluated, which `hcl::eval` functions
//!   never see; see [`lazy`] for what the declared versions do and the helpers that do better.
//! - The file functions ask the [`Files`] of the environment; without one (the browser) they
//!   fail saying so. `basename` and `dirname` only look at the text and always work.
//! - `yamlencode` does not fold double-quoted strings longer than 80 columns as libyaml does.

mod collections;
mod datetime;
pub(crate) use datetime::parse_duration;
mod encoding;
mod files;
mod format;
pub mod lazy;
mod net;
mod numbers;
mod strings;
mod values;

use hcl::Value;
use hcl::eval::{Context, Func, FuncDef, ParamType};
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;
use std::cell::RefCell;
use std::sync::Arc;

/// The host's files, as the CLI sees them. Paths are relative to the jobspec's folder.
///
/// Core never touches the disk: the CLI implements this and passes it in a [`FunctionEnv`].
pub trait Files: Send + Sync + std::fmt::Debug {
    /// The bytes of the file at `path`. The message on failure is shown to the user as is
    /// (Nomad says `no file exists at <path>` or `failed to read <path>`).
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
    /// Whether `path` is a regular file (`Ok(false)` when nothing is there; an error when it
    /// is something other than a regular file, as Nomad's `fileexists` does).
    fn exists(&self, path: &str) -> Result<bool, String>;
    /// The regular files under `base` matching the doublestar glob `pattern`, relative to
    /// `base`, with `/` separators.
    fn glob(&self, base: &str, pattern: &str) -> Result<Vec<String>, String>;
    /// `path` made absolute (against the working directory, as Go's `filepath.Abs`), with `/`
    /// separators.
    fn absolute(&self, path: &str) -> Result<String, String>;
    /// The user's home directory, for `pathexpand` (`~` and `~/…`). Implementations that have
    /// none keep this default, an error.
    fn home(&self) -> Result<String, String> {
        Err("failed to expand ~: the home directory is not known".to_string())
    }
}

/// What the functions may use from outside during one evaluation.
#[derive(Debug, Clone, Default)]
pub struct FunctionEnv {
    /// The host's files; `None` in the browser, where the file functions fail.
    pub files: Option<Arc<dyn Files>>,
    /// Seed of the generator behind `uuidv4` and `bcrypt`'s salt.
    pub seed: u64,
}

struct State {
    files: Option<Arc<dyn Files>>,
    rng: Pcg64Mcg,
}

impl State {
    fn new(env: FunctionEnv) -> Self {
        State { files: env.files, rng: Pcg64Mcg::seed_from_u64(env.seed) }
    }
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::new(FunctionEnv { files: None, seed: crate::DEFAULT_SEED }));
}

/// Runs `f` (an evaluation) with `env` available to the functions, then puts back what was
/// there before (also if `f` panics). Without it the functions see no files and a generator
/// seeded with [`crate::DEFAULT_SEED`].
pub fn with_env<R>(env: FunctionEnv, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<State>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(old) = self.0.take() {
                STATE.with(|s| *s.borrow_mut() = old);
            }
        }
    }
    let old = STATE.with(|s| std::mem::replace(&mut *s.borrow_mut(), State::new(env)));
    let _restore = Restore(Some(old));
    f()
}

/// The files of the current environment, if any.
fn current_files() -> Option<Arc<dyn Files>> {
    STATE.with(|s| s.borrow().files.clone())
}

/// `N` bytes from the current environment's seeded generator.
fn random_bytes<const N: usize>() -> [u8; N] {
    use rand::Rng;
    let mut out = [0u8; N];
    STATE.with(|s| s.borrow_mut().rng.fill_bytes(&mut out));
    out
}

/// Every function of Nomad's jobspec scope, by name.
const FUNCTIONS: &[(&str, Func)] = &[
    ("abs", numbers::abs),
    ("abspath", files::abspath),
    ("base64decode", encoding::base64decode),
    ("base64encode", encoding::base64encode),
    ("basename", files::basename),
    ("bcrypt", encoding::bcrypt),
    ("can", lazy::can),
    ("ceil", numbers::ceil),
    ("chomp", strings::chomp),
    ("chunklist", collections::chunklist),
    ("cidrhost", net::cidrhost),
    ("cidrnetmask", net::cidrnetmask),
    ("cidrsubnet", net::cidrsubnet),
    ("cidrsubnets", net::cidrsubnets),
    ("coalesce", collections::coalesce),
    ("coalescelist", collections::coalescelist),
    ("compact", collections::compact),
    ("concat", collections::concat),
    ("contains", collections::contains),
    ("convert", lazy::convert),
    ("csvdecode", encoding::csvdecode),
    ("dirname", files::dirname),
    ("distinct", collections::distinct),
    ("element", collections::element),
    ("file", files::file),
    ("filebase64", files::filebase64),
    ("fileexists", files::fileexists),
    ("fileset", files::fileset),
    ("flatten", collections::flatten),
    ("floor", numbers::floor),
    ("format", format::format),
    ("formatdate", datetime::formatdate),
    ("formatlist", format::formatlist),
    ("indent", strings::indent),
    ("index", collections::index),
    ("join", strings::join),
    ("jsondecode", encoding::jsondecode),
    ("jsonencode", encoding::jsonencode),
    ("keys", collections::keys),
    ("length", collections::length),
    ("log", numbers::log),
    ("lookup", collections::lookup),
    ("lower", strings::lower),
    ("max", numbers::max),
    ("md5", encoding::md5),
    ("merge", collections::merge),
    ("min", numbers::min),
    ("parseint", numbers::parseint),
    ("pathexpand", files::pathexpand),
    ("pow", numbers::pow),
    ("range", collections::range),
    ("regex_replace", strings::regex_replace),
    ("replace", strings::replace),
    ("reverse", collections::reverse),
    ("rsadecrypt", encoding::rsadecrypt),
    ("setintersection", collections::setintersection),
    ("setproduct", collections::setproduct),
    ("setunion", collections::setunion),
    ("sha1", encoding::sha1),
    ("sha256", encoding::sha256),
    ("sha512", encoding::sha512),
    ("signum", numbers::signum),
    ("slice", collections::slice),
    ("sort", strings::sort),
    ("split", strings::split),
    ("strlen", strings::strlen),
    ("strrev", strings::strrev),
    ("substr", strings::substr),
    ("timeadd", datetime::timeadd),
    ("title", strings::title),
    ("trim", strings::trim),
    ("trimprefix", strings::trimprefix),
    ("trimspace", strings::trimspace),
    ("trimsuffix", strings::trimsuffix),
    ("try", lazy::try_),
    ("upper", strings::upper),
    ("urlencode", encoding::urlencode),
    ("uuidv4", encoding::uuidv4),
    ("uuidv5", encoding::uuidv5),
    ("values", collections::values),
    ("yamldecode", encoding::yamldecode),
    ("yamlencode", encoding::yamlencode),
    ("zipmap", collections::zipmap),
];

/// The names of all functions [`declare_all`] declares, in alphabetical order.
pub fn names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|(name, _)| *name)
}

/// Declares every function of Nomad's jobspec scope in `ctx`.
///
/// Each takes any number of arguments of any type and checks them itself, so argument errors
/// read as cty's (`Invalid value for "str" parameter: string required.`); an `Err` is the
/// reason Nomad shows after `Call to function "<name>" failed: `.
pub fn declare_all(ctx: &mut Context<'_>) {
    for (name, func) in FUNCTIONS {
        ctx.declare_func(*name, FuncDef::builder().variadic_param(ParamType::Any).build(*func));
    }
}

/// A context holding every function of Nomad's jobspec scope (and nothing else).
///
/// Declaring the functions one by one costs tens of microseconds per analysis (each
/// declaration searches the ones before it), so the context is built once per thread and
/// cloned.
pub fn context() -> Context<'static> {
    thread_local! {
        static FUNCTIONS_ONLY: Context<'static> = {
            let mut ctx = Context::new();
            declare_all(&mut ctx);
            ctx
        };
    }
    FUNCTIONS_ONLY.with(Context::clone)
}

/// Calls the function `name` directly on already evaluated `args` (`None` if there is none).
pub fn call(name: &str, args: Vec<Value>) -> Option<Result<Value, String>> {
    let (_, func) = FUNCTIONS.iter().find(|(n, _)| *n == name)?;
    let def = FuncDef::builder().variadic_param(ParamType::Any).build(*func);
    let mut ctx = Context::new();
    ctx.declare_func("f", def);
    let call = hcl::expr::FuncCall::builder("f");
    let call = args.into_iter().fold(call, |c, arg| c.arg(value_expr(arg))).build();
    use hcl::eval::Evaluate;
    Some(call.evaluate(&ctx).map_err(|e| match e.kind() {
        hcl::eval::ErrorKind::FuncCall(_, msg) => msg.clone(),
        other => other.to_string(),
    }))
}

/// A literal expression for an already evaluated value.
fn value_expr(v: Value) -> hcl::Expression {
    hcl::Expression::from(v)
}

#[cfg(test)]
pub(crate) mod testing {
    use hcl::Value;

    /// Calls `name` and expects success.
    pub fn ok(name: &str, args: Vec<Value>) -> Value {
        match super::call(name, args) {
            Some(Ok(v)) => v,
            Some(Err(e)) => panic!("{name} failed: {e}"),
            None => panic!("no function {name}"),
        }
    }

    /// Calls `name` and expects an error; returns its text.
    pub fn err(name: &str, args: Vec<Value>) -> String {
        match super::call(name, args) {
            Some(Ok(v)) => panic!("{name} succeeded with {v:?}"),
            Some(Err(e)) => e,
            None => panic!("no function {name}"),
        }
    }

    /// A string value.
    pub fn s(text: &str) -> Value {
        Value::from(text)
    }

    /// An array of values.
    pub fn arr<const N: usize>(items: [Value; N]) -> Value {
        Value::Array(items.into())
    }

    /// An array of strings.
    pub fn strs(items: &[&str]) -> Value {
        Value::Array(items.iter().map(|t| Value::from(*t)).collect())
    }

    /// An object from pairs (in the given order).
    pub fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use hcl::eval::Evaluate;

    #[test]
    fn nomad_list_is_complete_and_sorted() {
        let nomad = [
            "abs",
            "abspath",
            "base64decode",
            "base64encode",
            "basename",
            "bcrypt",
            "can",
            "ceil",
            "chomp",
            "chunklist",
            "cidrhost",
            "cidrnetmask",
            "cidrsubnet",
            "cidrsubnets",
            "coalesce",
            "coalescelist",
            "compact",
            "concat",
            "contains",
            "convert",
            "csvdecode",
            "dirname",
            "distinct",
            "element",
            "file",
            "filebase64",
            "fileexists",
            "fileset",
            "flatten",
            "floor",
            "format",
            "formatdate",
            "formatlist",
            "indent",
            "index",
            "join",
            "jsondecode",
            "jsonencode",
            "keys",
            "length",
            "log",
            "lookup",
            "lower",
            "max",
            "md5",
            "merge",
            "min",
            "parseint",
            "pathexpand",
            "pow",
            "range",
            "regex_replace",
            "replace",
            "reverse",
            "rsadecrypt",
            "setintersection",
            "setproduct",
            "setunion",
            "sha1",
            "sha256",
            "sha512",
            "signum",
            "slice",
            "sort",
            "split",
            "strlen",
            "strrev",
            "substr",
            "timeadd",
            "title",
            "trim",
            "trimprefix",
            "trimspace",
            "trimsuffix",
            "try",
            "upper",
            "urlencode",
            "uuidv4",
            "uuidv5",
            "values",
            "yamldecode",
            "yamlencode",
            "zipmap",
        ];
        assert_eq!(names().collect::<Vec<_>>(), nomad);
    }

    #[test]
    fn declared_functions_evaluate_in_hcl_expressions() {
        let mut ctx = Context::new();
        declare_all(&mut ctx);
        let expr: hcl::Expression = "upper(format(\"%s-%03d\", \"web\", 7))".parse().expect("expression");
        assert_eq!(expr.evaluate(&ctx).expect("evaluates"), s("WEB-007"));
        let expr: hcl::Expression = "join(\",\", [for p in [1, 2]: tostring(p)])".parse().expect("expression");
        assert!(expr.evaluate(&ctx).is_err(), "tostring is not a Nomad function");
        let bad: hcl::Expression = "upper([])".parse().expect("expression");
        let err = bad.evaluate(&ctx).expect_err("type error");
        assert!(err.to_string().contains(r#"Invalid value for "str" parameter: string required."#), "{err}");
    }

    #[test]
    fn unknown_name_is_none() {
        assert!(call("tostring", vec![]).is_none());
    }

    #[test]
    fn with_env_restores_the_previous_environment() {
        let a = with_env(FunctionEnv { files: None, seed: 1 }, || ok("uuidv4", vec![]));
        let b = with_env(FunctionEnv { files: None, seed: 1 }, || {
            let inner = with_env(FunctionEnv { files: None, seed: 2 }, || ok("uuidv4", vec![]));
            assert_ne!(inner, a);
            ok("uuidv4", vec![])
        });
        assert_eq!(a, b, "the outer environment's generator is untouched by the inner one");
    }
}

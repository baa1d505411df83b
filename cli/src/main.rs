//! `netplay`: see where Nomad would put a job's tasks, with which IPs, ports and env vars.
//!
//! ```text
//! netplay plan JOBSPEC NODES [--nomad VERSION] [--seed N] [--format text|json|env]
//!                             [--var NAME=VALUE]... [--var-file FILE]...
//!                             [--allocs FILE]... [--interfaces FILE]
//! netplay check JOBSPEC [--nomad VERSION] [--var NAME=VALUE]... [--var-file FILE]...
//! ```
//!
//! HCL2 variables take their values as `nomad job run` gives them: `--var` over `--var-file`
//! over `NOMAD_VAR_<name>` environment variables over the default. File functions (`file()`,
//! `fileset()`, ...) read relative to the jobspec's folder. JOBSPEC is HCL or JSON (`nomad job
//! run -output`, `/v1/jobs/parse`); NODES is an inventory HCL file, a node or node list as
//! Nomad's API returns it, or a client agent configuration (with `--interfaces`, the host's
//! `ip -j addr` output); `--allocs` adds allocation lists. `-` reads standard input. Diagnostics go to standard error. Exit status: 0 when everything
//! was placed (or `check` found no error), 1 when the inputs are valid but an instance could
//! not be placed, 2 on input errors.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use netplay_core::{
    Analysis, Diagnostic, FileAccess, LineIndex, NomadVersion, Options, SourceId, VarArg, VarFile, VariableInputs,
    analyze, check, render,
};

mod files;

/// Exit status: everything placed, no errors.
const EXIT_OK: u8 = 0;
/// Exit status: valid inputs, but something could not be placed.
const EXIT_UNPLACED: u8 = 1;
/// Exit status: the inputs have errors (or could not be read).
const EXIT_INPUT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(name = "netplay", version, about = "Nomad networking playground: IPs, ports and env vars without a cluster")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Place a job on a node inventory and show placements, ports, mappings and env vars.
    Plan {
        /// The jobspec (`-` for standard input).
        jobspec: String,
        /// The nodes (`-` for standard input): inventory HCL, a node or node list as Nomad's API
        /// returns it (`/v1/node/<id>`, `/v1/nodes?resources=true`), or a client agent
        /// configuration; detected by content.
        nodes: String,
        /// Allocations as Nomad's API returns them (`/v1/allocations?resources=true`,
        /// `/v1/node/<id>/allocations`), matched to the nodes by `NodeID` (repeatable).
        #[arg(long = "allocs", value_name = "FILE")]
        allocs: Vec<String>,
        /// The host's addresses as `ip -j addr` prints them, for a client agent configuration.
        #[arg(long, value_name = "FILE")]
        interfaces: Option<String>,
        /// Nomad version whose behaviour to reproduce (`0.2`, `1.x` or `2.x`; `2.0.5`, `1.9` also work).
        #[arg(long, default_value = "2.x", value_parser = parse_version)]
        nomad: NomadVersion,
        /// Seed for dynamic ports and the node shuffle.
        #[arg(long, default_value_t = netplay_core::DEFAULT_SEED)]
        seed: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        vars: VarArgs,
    },
    /// Check a jobspec alone: syntax and Nomad's parse and validation rules.
    Check {
        /// The jobspec (`-` for standard input).
        jobspec: String,
        /// Nomad version whose rules to apply.
        #[arg(long, default_value = "2.x", value_parser = parse_version)]
        nomad: NomadVersion,
        #[command(flatten)]
        vars: VarArgs,
    },
}

/// Values for the jobspec's HCL2 variables.
#[derive(clap::Args)]
struct VarArgs {
    /// Set an HCL2 variable (repeatable; the last one for a name wins).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<VarArg>,
    /// Read HCL2 variable values from a file of `name = value` lines (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<String>,
}

fn parse_var(s: &str) -> Result<VarArg, String> {
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok(VarArg { name: name.to_string(), value: value.to_string() }),
        _ => Err(format!("`{s}` is not NAME=VALUE")),
    }
}

/// `NOMAD_VAR_<name>=<value>` from the environment, sorted by name.
fn env_vars() -> Vec<VarArg> {
    let mut vars: Vec<VarArg> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .filter_map(|(k, v)| Some(VarArg { name: k.strip_prefix("NOMAD_VAR_")?.to_string(), value: v }))
        .collect();
    vars.sort_by(|a, b| a.name.cmp(&b.name));
    vars
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A readable report.
    Text,
    /// The serialized analysis.
    Json,
    /// Each placed task's variables, `KEY=VALUE`.
    Env,
}

fn parse_version(s: &str) -> Result<NomadVersion, String> {
    s.parse().map_err(|e: netplay_core::version::UnknownVersion| e.to_string())
}

/// An input file and its text.
struct Input {
    path: String,
    text: String,
}

fn read_input(path: &str, stdin_used: &mut bool) -> Result<Input, String> {
    if path == "-" {
        if *stdin_used {
            return Err("only one input can come from standard input (`-`)".to_string());
        }
        *stdin_used = true;
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map_err(|e| format!("<stdin>: {e}"))?;
        return Ok(Input { path: "<stdin>".to_string(), text });
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{path}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))?;
    Ok(Input { path: path.to_string(), text })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Plan { jobspec, nodes, allocs, interfaces, nomad, seed, format, vars } => {
            match options(nomad, seed, &jobspec, vars) {
                Ok((options, files)) => plan(&jobspec, &nodes, Cluster { allocs, interfaces }, options, &files, format),
                Err(e) => fail(&e),
            }
        }
        Command::Check { jobspec, nomad, vars } => match options(nomad, netplay_core::DEFAULT_SEED, &jobspec, vars) {
            Ok((options, files)) => check_command(&jobspec, options, &files),
            Err(e) => fail(&e),
        },
    };
    ExitCode::from(code)
}

/// The analysis options, and the var files' paths and texts (for diagnostics).
fn options(nomad: NomadVersion, seed: u64, job_path: &str, vars: VarArgs) -> Result<(Options, Vec<Input>), String> {
    let mut files = Vec::new();
    let mut stdin_used = job_path == "-";
    for path in &vars.var_files {
        files.push(read_input(path, &mut stdin_used)?);
    }
    let variables = VariableInputs {
        args: vars.vars,
        files: files.iter().map(|f| VarFile { name: f.path.clone(), text: f.text.clone() }).collect(),
        env: env_vars(),
    };
    let base = files::base_dir(job_path);
    let access = FileAccess(std::sync::Arc::new(files::Disk::new(base)));
    Ok((Options { nomad, seed, variables, files: Some(access), ..Options::default() }, files))
}

fn fail(message: &str) -> u8 {
    eprintln!("netplay: error: {message}");
    EXIT_INPUT_ERROR
}

/// The paths of the inputs that complete the inventory.
struct Cluster {
    allocs: Vec<String>,
    interfaces: Option<String>,
}

fn plan(
    job_path: &str,
    nodes_path: &str,
    cluster: Cluster,
    mut options: Options,
    var_files: &[Input],
    format: Format,
) -> u8 {
    let mut stdin_used = var_files.iter().any(|f| f.path == "<stdin>");
    let mut read = |path: &str| read_input(path, &mut stdin_used);
    let job = match read(job_path) {
        Ok(i) => i,
        Err(e) => return fail(&e),
    };
    let nodes = match read(nodes_path) {
        Ok(i) => i,
        Err(e) => return fail(&e),
    };
    let interfaces = match cluster.interfaces.as_deref().map(&mut read).transpose() {
        Ok(i) => i,
        Err(e) => return fail(&e),
    };
    let allocs = match cluster.allocs.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>() {
        Ok(a) => a,
        Err(e) => return fail(&e),
    };
    options.cluster.interfaces = interfaces.as_ref().map(|i| i.text.clone());
    options.cluster.allocations = allocs.iter().map(|a| a.text.clone()).collect();
    let analysis = analyze(&job.text, &nodes.text, &options);
    let inputs = Inputs { job: &job, nodes: &nodes, var_files, interfaces: interfaces.as_ref(), allocs: &allocs };
    print_diagnostics(&analysis.diagnostics, &inputs);
    let output = match format {
        Format::Text => render::text(&analysis),
        Format::Env => render::env(&analysis),
        Format::Json => match serde_json::to_string_pretty(&analysis) {
            Ok(s) => s + "\n",
            Err(e) => return fail(&format!("could not serialize the analysis: {e}")),
        },
    };
    let mut stdout = io::stdout().lock();
    if stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return EXIT_INPUT_ERROR;
    }
    exit_status(&analysis)
}

fn exit_status(analysis: &Analysis) -> u8 {
    if analysis.has_errors() {
        EXIT_INPUT_ERROR
    } else if analysis.all_placed() {
        EXIT_OK
    } else {
        EXIT_UNPLACED
    }
}

fn check_command(job_path: &str, options: Options, var_files: &[Input]) -> u8 {
    let mut stdin_used = var_files.iter().any(|f| f.path == "<stdin>");
    let job = match read_input(job_path, &mut stdin_used) {
        Ok(i) => i,
        Err(e) => return fail(&e),
    };
    let diagnostics = check(&job.text, &options);
    let inputs = Inputs { job: &job, nodes: &job, var_files, interfaces: None, allocs: &[] };
    print_diagnostics(&diagnostics, &inputs);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!("{}: {errors} error(s) under Nomad {}", job.path, options.nomad);
        EXIT_INPUT_ERROR
    } else {
        println!("{}: ok under Nomad {} ({} warning(s))", job.path, options.nomad, diagnostics.len());
        EXIT_OK
    }
}

/// Every input of a run, for printing diagnostics with their file's path and line.
struct Inputs<'a> {
    job: &'a Input,
    nodes: &'a Input,
    var_files: &'a [Input],
    interfaces: Option<&'a Input>,
    allocs: &'a [Input],
}

impl<'a> Inputs<'a> {
    /// The input a diagnostic points into.
    fn of(&self, source: SourceId) -> &'a Input {
        match source {
            SourceId::Jobspec => self.job,
            SourceId::Nodes => self.nodes,
            SourceId::VarFile(i) => self.var_files.get(i).unwrap_or(self.job),
            SourceId::Interfaces => self.interfaces.unwrap_or(self.nodes),
            SourceId::Allocs(i) => self.allocs.get(i).unwrap_or(self.nodes),
        }
    }
}

/// Prints every diagnostic to stderr. Each input is indexed once, when a diagnostic first points
/// into it: indexing walks the whole text, and a file can carry thousands of diagnostics.
fn print_diagnostics<'a>(diagnostics: &[Diagnostic], inputs: &Inputs<'a>) {
    let mut indexes: Vec<(&'a Input, LineIndex<'a>)> = Vec::new();
    let mut stderr = io::stderr().lock();
    for d in diagnostics {
        let input = inputs.of(d.source);
        let at = match indexes.iter().position(|(seen, _)| std::ptr::eq(*seen, input)) {
            Some(at) => at,
            None => {
                indexes.push((input, LineIndex::new(&input.text)));
                indexes.len() - 1
            }
        };
        if let Some((_, index)) = indexes.get(at) {
            let _ = writeln!(stderr, "{}", render::diagnostic(d, &input.path, index));
        }
    }
}

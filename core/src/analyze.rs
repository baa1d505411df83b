//! The façade: text in, [`Analysis`] out. Never fails and never panics on user input; what
//! cannot be computed is explained in `diagnostics`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::analysis::{
    Analysis, Evaluated, GroupNetworkResult, GroupPortResult, JobInfo, NetworkResult, NodeReport, Placement, PortKind,
    PortResult, ReasonCount, Summary, TaskResult, VersionHint,
};
use crate::cluster::{self, ClusterInputs, JobspecFormat, JsonKind};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Severity};
use crate::env::{EnvContext, stand_in_alloc_id, task_env};
use crate::explain;
use crate::hcl2::functions::Files;
use crate::hcl2::{self, VariableInputs, VariableReport};
use crate::jobspec::{self, Group, Job, Task};
use crate::limits::{
    HELD_PER_EVALUATION, MAX_ADDRESSES_PER_NETWORK, MAX_NODE_EVALUATIONS, MAX_PLACEMENTS, MAX_RENDERED_VARIABLES,
};
use crate::mapping::{DriverPorts, docker_bindings, driver_ports, netns_mappings, qemu_args};
use crate::nodes::{self, Inventory, Node};
use crate::rng::Rng;
use crate::schedule::{self, Grant, Plan, Verdict};
use crate::source::{LineIndex, SourceId, Span};
use crate::syntax::read::Conversion;
use crate::syntax::{Body, Dialect, parse};
use crate::version::NomadVersion;
use crate::{runtime, services};
use std::sync::Arc;

/// The seed used when the user picks none.
pub const DEFAULT_SEED: u64 = 1;

/// What to reproduce and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// Nomad version whose behaviour is reproduced.
    pub nomad: NomadVersion,
    /// Seed for dynamic ports, the node shuffle and seeded functions (`uuidv4`).
    pub seed: u64,
    /// Values for the jobspec's HCL2 variables (`--var`, `--var-file`, `NOMAD_VAR_*`).
    #[serde(default)]
    pub variables: VariableInputs,
    /// File access for `file()` and the other file functions (the CLI gives one; the
    /// browser has none).
    #[serde(skip)]
    pub files: Option<FileAccess>,
    /// The host's addresses for an agent configuration, and allocation lists.
    #[serde(default)]
    pub cluster: ClusterInputs,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            nomad: NomadVersion::default(),
            seed: DEFAULT_SEED,
            variables: VariableInputs::default(),
            files: None,
            cluster: ClusterInputs::default(),
        }
    }
}

impl Options {
    /// The default options for `nomad`.
    pub fn for_version(nomad: NomadVersion) -> Self {
        Options { nomad, ..Options::default() }
    }
}

/// Shared file access for the HCL2 file functions; two are equal when they are the same one.
#[derive(Debug, Clone)]
pub struct FileAccess(pub Arc<dyn Files>);

impl PartialEq for FileAccess {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Analyses a jobspec against a node inventory.
pub fn analyze(jobspec: &str, nodes: &str, options: &Options) -> Analysis {
    let mut diags = Diagnostics::new();
    let rules = options.nomad.rules();

    let read = read_jobspec(jobspec, options, &mut diags);
    let (job_body, mut variables) = (read.body, read.variables);
    let job = job_body.as_ref().and_then(|body| jobspec::parse_with(body, options.nomad, read.conversion, &mut diags));
    let (read, inventory) = read_inventory(nodes, options, &mut diags);
    if read && inventory.nodes.is_empty() && !diags.as_slice().iter().any(|d| d.source == SourceId::Nodes) {
        diags.push(
            Diagnostic::warning(Code::NoNodes, SourceId::Nodes, Span::empty(0), "the inventory has no nodes")
                .with_help("add `node \"node-1\" { network { device = \"eth0\" cidr = \"10.0.0.10/32\" } }`"),
        );
    }

    let mut placements = Vec::new();
    let mut job_info = None;
    let mut reports: Vec<NodeReport> = inventory
        .nodes
        .iter()
        .map(|n| NodeReport { name: n.name.clone(), placed: vec![], evaluated: 0, reasons: vec![] })
        .collect();

    if let Some(job) = &job {
        let drivers: Vec<Vec<DriverPorts>> = job
            .groups
            .iter()
            .map(|g| g.tasks.iter().map(|t| task_driver_ports(t, g, options.nomad, &mut diags)).collect())
            .collect();
        if !options.nomad.is_modern() {
            check_service_ports(job, &mut diags);
        }
        if placements_within_limit(job, &inventory, &mut diags) {
            let mut rng = Rng::new(options.seed);
            let plan = schedule::schedule(job, &inventory, rules, &mut rng);
            report_truncated_walks(&plan, &inventory, &mut diags);
            if plan.budget_exhausted {
                diags.push(
                    Diagnostic::warning(
                        Code::LimitExceeded,
                        SourceId::Jobspec,
                        job.span,
                        format!("netplay stopped after {MAX_NODE_EVALUATIONS} node evaluations"),
                    )
                    .with_help(format!(
                        "instances after that point are shown as not evaluated; lower the counts or the number of \
                         nodes (a node counts once more per {HELD_PER_EVALUATION} allocations and ports it holds)"
                    )),
                );
            }
            let ctx = BuildContext {
                job,
                inventory: &inventory,
                plan: &plan,
                drivers: &drivers,
                version: options.nomad,
                seed: options.seed,
                jobspec,
            };
            placements = build_placements(&ctx, &mut reports, &mut diags);
            job_info = Some(JobInfo {
                id: job.id.clone(),
                kind: job.kind,
                node_order: plan
                    .node_order
                    .iter()
                    .filter_map(|&i| Some(inventory.nodes.get(i)?.name.clone()))
                    .collect(),
                limit: plan.limit,
            });
        }
    }

    if let Some(job) = &job {
        note_variables(&mut placements, job, &variables);
    }
    let job_index = LineIndex::new(jobspec);
    let version_hint = job_body.as_ref().and_then(|b| jobspec::suggest_version(b, options.nomad, diags.as_slice()));
    let version_hint = version_hint.map(|h| VersionHint { line: job_index.position(h.span.start).line, ..h });
    let diagnostics = locate_all(diags.into_vec(), &job_index, nodes, options);
    for v in &mut variables {
        v.locate(&job_index);
    }
    let summary = Summary {
        instances: placements.len(),
        placed: placements.iter().filter(|p| p.node.is_some()).count(),
        errors: diagnostics.iter().filter(|d| d.severity == Severity::Error).count(),
        warnings: diagnostics.iter().filter(|d| d.severity == Severity::Warning).count(),
    };
    Analysis {
        nomad: options.nomad,
        seed: options.seed,
        job: job_info,
        placements,
        nodes: reports,
        variables,
        diagnostics,
        version_hint,
        summary,
    }
}

/// Reads an inventory text in any format netplay takes (inventory HCL, a node or node list as
/// Nomad's API returns them, a client agent configuration with `options.cluster.interfaces`),
/// with the allocation lists of `options.cluster`: the inventory the analysis would use and
/// the diagnostics about it. The playground prints the result with [`nodes::to_hcl`].
pub fn inventory(text: &str, options: &Options) -> (Inventory, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new();
    let (_, inventory) = read_inventory(text, options, &mut diags);
    (inventory, locate_all(diags.into_vec(), &LineIndex::new(""), text, options))
}

/// Reads the jobspec: JSON (`{"Job": ...}` or a bare job) or HCL.
///
/// A JSON jobspec is no cluster export: like HCL it stays within `MAX_INPUT_BYTES`, not the
/// cluster exports' `MAX_JSON_INPUT_BYTES`. Its values convert weakly, as they always have.
fn read_jobspec(text: &str, options: &Options, diags: &mut Diagnostics) -> Read {
    match cluster::detect_jobspec(text) {
        JobspecFormat::Json => {
            if let Some(d) = crate::limits::oversized(text, SourceId::Jobspec, SourceId::Jobspec.name(), TRIM_HELP) {
                diags.push(d);
                return Read::NOTHING;
            }
            Read { body: cluster::read_job_json(text, diags), ..Read::NOTHING }
        }
        JobspecFormat::Hcl => read_source(text, SourceId::Jobspec, options, diags),
    }
}

/// Reads the inventory in whichever format it is, adds the allocation lists and checks the
/// result. The flag tells whether the text was read at all (not over a limit, no syntax error
/// that stops everything).
pub(crate) fn read_inventory(text: &str, options: &Options, diags: &mut Diagnostics) -> (bool, Inventory) {
    // JSON by its first character; HCL is told apart from an agent configuration once read.
    let (read, mut inventory) = if cluster::json::looks_like_json(text) {
        let interfaces = options.cluster.interfaces.as_deref();
        match cluster::sniff_json(text) {
            Some(JsonKind::AgentConfig) => (true, cluster::read_agent_json(text, interfaces, diags)),
            Some(kind @ (JsonKind::Allocations | JsonKind::Interfaces | JsonKind::Job)) => {
                cluster::not_an_inventory(kind, diags);
                (false, Inventory::default())
            }
            _ => (true, cluster::read_node_json(text, diags)),
        }
    } else {
        let body = read_source(text, SourceId::Nodes, options, diags).body;
        let inventory = match &body {
            Some(b) if cluster::agent::is_agent_config(b) => {
                cluster::read_agent(b, options.cluster.interfaces.as_deref(), diags)
            }
            Some(b) => nodes::parse(b, options.nomad, diags),
            None => Inventory::default(),
        };
        (body.is_some(), inventory)
    };
    cluster::add_allocations(&mut inventory, &options.cluster.allocations, diags);
    nodes::check(&inventory, options.nomad, diags);
    (read, inventory)
}

/// Says, in the rule of each port variable, which HCL2 variable its port's value came from
/// (`static = var.http_port`, `to = var.port`) and where that variable was set.
fn note_variables(placements: &mut [Placement], job: &Job, variables: &[VariableReport]) {
    if variables.is_empty() {
        return;
    }
    // Every use of every variable, by position, with the variable's place in the declarations.
    let mut uses: Vec<(Span, usize)> =
        variables.iter().enumerate().flat_map(|(i, v)| v.uses.iter().map(move |&u| (u, i))).collect();
    uses.sort_unstable_by_key(|&(u, i)| (u.start, i));
    // The first declared variable used inside `span`: a binary search to the uses that start in
    // it, so a jobspec with many ports and many uses stays linear.
    let from = |span: Option<Span>| -> Option<&VariableReport> {
        let span = span?;
        let first = uses.partition_point(|(u, _)| u.start < span.start);
        let inside = uses.get(first..)?.iter().take_while(|(u, _)| u.start < span.end);
        let i = inside.filter(|(u, _)| u.end <= span.end).map(|&(_, i)| i).min()?;
        variables.get(i)
    };
    for placement in placements {
        let Some(group) = job.groups.iter().find(|g| g.name == placement.group) else { continue };
        for task in &mut placement.tasks {
            let task_networks = group
                .tasks
                .iter()
                .filter(|t| t.name == task.name)
                .filter_map(|t| t.resources.as_ref().and_then(|r| r.network.as_ref()));
            // The first port of each label, as the task's variables name them.
            let mut ports: HashMap<&str, &jobspec::PortAsk> = HashMap::new();
            for port in group.networks.iter().chain(task_networks).flat_map(|n| n.ports()) {
                ports.entry(port.label.as_str()).or_insert(port);
            }
            for var in &mut task.env {
                let Some(label) = var.source.port_label() else { continue };
                let Some(port) = ports.get(label) else { continue };
                let mut notes = Vec::new();
                for (what, span) in [("static", port.spans.value), ("to", port.spans.to)] {
                    if let Some(v) = from(span) {
                        let set = v.source.as_ref().map_or_else(|| "unset".to_string(), |s| s.describe());
                        notes.push(format!("Its `{what}` comes from `var.{}`, set by {set}.", v.name));
                    }
                }
                if !notes.is_empty() {
                    var.rule = format!("{} {}", var.rule, notes.join(" "));
                }
            }
        }
    }
}

/// Fills in every diagnostic's positions from the text it points into, and orders them: the
/// jobspec, the variable files, then the inventory, each by position.
fn locate_all<'t>(
    mut diagnostics: Vec<Diagnostic>,
    job_index: &LineIndex<'_>,
    nodes: &'t str,
    options: &'t Options,
) -> Vec<Diagnostic> {
    // Only the texts diagnostics point into are indexed: a cluster export runs to tens of MB.
    let used: std::collections::BTreeSet<SourceId> =
        diagnostics.iter().flat_map(|d| std::iter::once(d.source).chain(d.labels.iter().map(|l| l.source))).collect();
    let index = |source: SourceId, text: &'t str| LineIndex::new(if used.contains(&source) { text } else { "" });
    let node_index = index(SourceId::Nodes, nodes);
    let file_indexes: Vec<LineIndex<'_>> =
        options.variables.files.iter().enumerate().map(|(i, f)| index(SourceId::VarFile(i), &f.text)).collect();
    let interfaces = index(SourceId::Interfaces, options.cluster.interfaces.as_deref().unwrap_or_default());
    let alloc_indexes: Vec<LineIndex<'_>> =
        options.cluster.allocations.iter().enumerate().map(|(i, t)| index(SourceId::Allocs(i), t)).collect();
    let pick = |source: SourceId| match source {
        SourceId::Jobspec => job_index,
        SourceId::Nodes => &node_index,
        SourceId::VarFile(i) => file_indexes.get(i).unwrap_or(job_index),
        SourceId::Interfaces => &interfaces,
        SourceId::Allocs(i) => alloc_indexes.get(i).unwrap_or(&node_index),
    };
    for d in &mut diagnostics {
        d.locate_in(&pick);
    }
    // The jobspec, its variable files, the inventory, the interfaces, the allocation lists.
    let rank = |source: SourceId| match source {
        SourceId::Jobspec => (0, 0),
        SourceId::VarFile(i) => (1, i),
        SourceId::Nodes => (2, 0),
        SourceId::Interfaces => (3, 0),
        SourceId::Allocs(i) => (4, i),
    };
    diagnostics.sort_by_key(|d| (rank(d.source), d.span.start));
    diagnostics
}

/// Checks a jobspec on its own: syntax, Nomad's parse and validation rules, driver port maps
/// and service ports. Returns the diagnostics, located and ordered.
pub fn check(jobspec: &str, options: &Options) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new();
    let read = read_jobspec(jobspec, options, &mut diags);
    let (body, conversion) = (read.body, read.conversion);
    if let Some(job) = body.as_ref().and_then(|b| jobspec::parse_with(b, options.nomad, conversion, &mut diags)) {
        for group in &job.groups {
            for task in &group.tasks {
                task_driver_ports(task, group, options.nomad, &mut diags);
            }
        }
        if !options.nomad.is_modern() {
            check_service_ports(&job, &mut diags);
        }
    }
    locate_all(diags.into_vec(), &LineIndex::new(jobspec), "", options)
}

/// Reads a text into the tree. Jobspecs are HCL1 under Nomad 0.2 and HCL2 under 1.x and
/// later (read with hcl-edit and evaluated, [`crate::hcl2`]); a 1.x jobspec that only HCL1
/// reads gets a warning and is read as HCL1, as Nomad 1.0–1.8 did with `-hcl1` (1.9 removed
/// that). The inventory is netplay's own format: HCL2, or HCL1 where hcl-edit refuses it and
/// the HCL1 reader does not (earlier netplay inventories put several attributes on one line).
fn read_source(text: &str, source: SourceId, options: &Options, diags: &mut Diagnostics) -> Read {
    let nothing = Read::NOTHING;
    let what = if source == SourceId::Nodes { "node inventory" } else { source.name() };
    if let Some(d) = crate::limits::oversized(text, source, what, TRIM_HELP) {
        diags.push(d);
        return nothing;
    }
    let hcl2_jobspec = source == SourceId::Jobspec && options.nomad.is_modern();
    if hcl2_jobspec || source == SourceId::Nodes {
        let inputs = hcl2::Inputs {
            variables: hcl2_jobspec.then_some(&options.variables),
            files: options.files.as_ref().map(|f| f.0.clone()),
            seed: options.seed,
        };
        let mut found = Diagnostics::new();
        if let Some(read) = hcl2::read(text, source, &inputs, &mut found) {
            diags.extend(found.into_vec());
            return Read { body: Some(read.body), variables: read.variables, conversion: Conversion::Hcl2 };
        }
        let hcl2_error = found.into_vec().into_iter().next();
        let (old_body, old_found) = parse(text, source, Dialect::Hcl1);
        if old_found.iter().any(Diagnostic::is_error) {
            diags.extend(hcl2_error.map(|d| explain_placeholder(d, text)));
            return nothing;
        }
        // Not HCL1 syntax: a nesting limit of netplay's or of hcl-edit's, which Nomad's HCL does
        // not have.
        let nesting_limit = hcl2_error.as_ref().and_then(|d| match d.code {
            Code::LimitExceeded => Some((
                d.span,
                format!(
                    "netplay's HCL2 reading takes at most {} levels of objects nested as operands; this text was \
                     read as HCL1",
                    crate::limits::MAX_OPERAND_OBJECT_NESTING
                ),
            )),
            _ if d.message.contains("nesting depth") => Some((
                d.span,
                "netplay's HCL2 parser reads at most 64 nested brackets and blocks; this text was read as HCL1".into(),
            )),
            _ => None,
        });
        if let Some((span, message)) = nesting_limit {
            diags.push(Diagnostic::warning(Code::ParserDifference, source, span, message).with_help(
                "Nomad reads it as HCL2; netplay's HCL1 reader gives the same values unless the text uses \
                     HCL2 expressions. Flatten the nesting to have it read as HCL2",
            ));
        } else if let (true, Some(hcl2_error)) = (hcl2_jobspec, hcl2_error) {
            diags.push(
                Diagnostic::warning(
                    Code::Hcl1Syntax,
                    source,
                    hcl2_error.span,
                    format!("HCL1 syntax: {}", hcl2_error.message),
                )
                .with_help(
                    "Nomad 1.9 and later read jobspecs as HCL2 only and reject this; Nomad 1.0 to 1.8 accepted it \
                     with `nomad job run -hcl1`. netplay reads it as HCL1",
                ),
            );
        }
        diags.extend(old_found);
        return Read { body: Some(old_body), ..nothing };
    }
    let (body, found) = parse(text, source, Dialect::Hcl1);
    diags.extend(found.into_iter().map(|d| explain_placeholder(d, text)));
    Read { body: Some(body), ..nothing }
}

/// A text read into the tree.
struct Read {
    /// The tree, unless the text could not be read at all.
    body: Option<Body>,
    /// The jobspec's declared HCL2 variables.
    variables: Vec<VariableReport>,
    /// How its values convert: HCL2's rules when it was read as HCL2, else HCL1's weak ones.
    conversion: Conversion,
}

impl Read {
    /// A text that could not be read.
    const NOTHING: Read = Read { body: None, variables: Vec::new(), conversion: Conversion::Weak };
}

/// The help of a text over `MAX_INPUT_BYTES`.
const TRIM_HELP: &str = "trim it to the parts about networking and placement";

/// Documentation snippets elide settings with `...`; say so instead of a bare syntax error.
fn explain_placeholder(d: Diagnostic, text: &str) -> Diagnostic {
    let at = d.span.start.min(text.len());
    if d.code == Code::HclSyntax && text.get(at..).is_some_and(|rest| rest.starts_with("...")) {
        let help = "`...` stands for elided settings in documentation snippets; replace it with real ones or delete it";
        return Diagnostic { help: Some(help.to_string()), ..d };
    }
    d
}

fn task_driver_ports(task: &Task, group: &Group, version: NomadVersion, diags: &mut Diagnostics) -> DriverPorts {
    let mut found = Vec::new();
    let ports = driver_ports(task, group, version, &mut found);
    diags.extend(found);
    ports
}

/// Warns about services that advertise a port label the task does not have.
fn check_service_ports(job: &Job, diags: &mut Diagnostics) {
    for task in job.groups.iter().flat_map(|g| &g.tasks) {
        let labels: Vec<&str> = task
            .resources
            .as_ref()
            .and_then(|r| r.network.as_ref())
            .map(|n| n.ports().map(|p| p.label.as_str()).collect())
            .unwrap_or_default();
        for service in &task.services {
            let Some((label, span)) = &service.port else { continue };
            if label.is_empty() || labels.contains(&label.as_str()) || label.parse::<u16>().is_ok() {
                continue;
            }
            diags.push(
                Diagnostic::warning(
                    Code::UnknownPortLabel,
                    SourceId::Jobspec,
                    *span,
                    format!(
                        "service `{}` advertises port `{label}`, which task `{}` does not have",
                        service.name, task.name
                    ),
                )
                .with_help(if labels.is_empty() {
                    "the task has no ports; add `port \"<label>\" {}` to its network".to_string()
                } else {
                    format!("the task's ports are: {}", labels.join(", "))
                }),
            );
        }
    }
}

fn placements_within_limit(job: &Job, inventory: &Inventory, diags: &mut Diagnostics) -> bool {
    let total: usize = if job.kind == jobspec::JobType::System {
        job.groups.len() * inventory.nodes.len()
    } else {
        job.groups.iter().map(|g| g.count as usize).sum()
    };
    if total <= MAX_PLACEMENTS {
        return true;
    }
    diags.push(
        Diagnostic::error(
            Code::LimitExceeded,
            SourceId::Jobspec,
            job.span,
            format!("job `{}` needs {total} placements; netplay computes at most {MAX_PLACEMENTS}", job.id),
        )
        .with_help("lower the group counts (or the number of nodes for a system job)"),
    );
    false
}

fn report_truncated_walks(plan: &Plan, inventory: &Inventory, diags: &mut Diagnostics) {
    for &(node, network) in &plan.truncated_walks {
        let Some(node) = inventory.nodes.get(node) else { continue };
        let Some(net) = node.networks.get(network) else { continue };
        diags.push(
            Diagnostic::warning(
                Code::LimitExceeded,
                SourceId::Nodes,
                net.span,
                format!(
                    "stopped walking `{}` after {MAX_ADDRESSES_PER_NETWORK} addresses on node `{}`",
                    net.cidr, node.name
                ),
            )
            .with_help(
                "Nomad would keep trying every address of the block; netplay treats the rest as failing the same way",
            ),
        );
    }
}

/// What building the placements reads.
struct BuildContext<'a> {
    job: &'a Job,
    inventory: &'a Inventory,
    plan: &'a Plan,
    drivers: &'a [Vec<DriverPorts>],
    version: NomadVersion,
    /// The seed, for the allocations' stand-in IDs.
    seed: u64,
    /// The jobspec text, to place runtime-reference warnings inside values.
    jobspec: &'a str,
}

fn build_placements(b: &BuildContext<'_>, reports: &mut [NodeReport], diags: &mut Diagnostics) -> Vec<Placement> {
    let (job, inventory, plan, drivers, version) = (b.job, b.inventory, b.plan, b.drivers, b.version);
    let node_values: Vec<BTreeMap<String, String>> = inventory.nodes.iter().map(runtime::node_values).collect();
    let mut reasons: Vec<BTreeMap<String, (usize, Option<String>)>> = vec![BTreeMap::new(); reports.len()];
    let mut out = Vec::with_capacity(plan.placements.len());
    let mut unplaced: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    // Task variables rendered so far, against `MAX_RENDERED_VARIABLES`; the group where the
    // limit was reached, for its diagnostic.
    let mut rendered = 0usize;
    let mut stopped_at: Option<&jobspec::Group> = None;
    // Group, node and driver indices below come from the job and inventory the plan was made for.
    for p in &plan.placements {
        let Some(group) = job.groups.get(p.group) else { continue };
        let group_drivers = drivers.get(p.group).map_or(&[][..], Vec::as_slice);
        let name = format!("{}.{}[{}]", job.id, group.name, p.index);
        let evaluated: Vec<Evaluated> = p
            .evaluated
            .iter()
            .map(|o| {
                if let Some(report) = reports.get_mut(o.node) {
                    report.evaluated += 1;
                }
                let node = inventory.nodes.get(o.node).map(|n| n.name.clone()).unwrap_or_default();
                match &o.verdict {
                    Verdict::Fit { score } => {
                        Evaluated { node, fit: true, score: Some(round(*score)), reason: None, detail: None, fix: None }
                    }
                    Verdict::Exhausted { reason, detail } => {
                        let mode = group.networks.first().map_or("", |n| n.mode.as_str());
                        let fix = explain::fix(reason, mode);
                        if let Some(counts) = reasons.get_mut(o.node) {
                            counts.entry(reason.clone()).or_insert_with(|| (0, fix.clone())).0 += 1;
                        }
                        Evaluated {
                            node,
                            fit: false,
                            score: None,
                            reason: Some(reason.clone()),
                            detail: detail.clone(),
                            fix,
                        }
                    }
                }
            })
            .collect();
        let placed = p.node.and_then(|n| Some((n, inventory.nodes.get(n)?)));
        let score = placed.and_then(|(_, on)| evaluated.iter().rev().find(|e| e.node == on.name)?.score);
        let mut services = Vec::new();
        let (tasks, failure) = match placed {
            Some((node, on)) => {
                if let Some(report) = reports.get_mut(node) {
                    report.placed.push(name.clone());
                }
                let node_name = &on.name;
                let alloc_id = stand_in_alloc_id(b.seed, &name);
                let empty = BTreeMap::new();
                let values = node_values.get(node).unwrap_or(&empty);
                let tasks = group
                    .tasks
                    .iter()
                    .zip(group_drivers)
                    .enumerate()
                    .map(|(t, (task, driver))| {
                        let ctx = EnvContext {
                            version,
                            job,
                            group,
                            task: t,
                            index: p.index,
                            offers: &p.grant.tasks,
                            group_ports: &p.grant.group_ports,
                            netns_ip: p.grant.netns_ip,
                            driver,
                            node_name,
                            node_values: values,
                            datacenter: on.datacenter.as_deref(),
                            alloc_id: &alloc_id,
                        };
                        let render = rendered < MAX_RENDERED_VARIABLES;
                        if !render && stopped_at.is_none() {
                            stopped_at = Some(group);
                        }
                        let result = task_result(&ctx, task, on, b.jobspec, render, diags);
                        rendered = rendered.saturating_add(result.env.len());
                        result
                    })
                    .collect();
                if version.is_modern() {
                    services = services::resolve(&services::Instance {
                        group,
                        ports: &p.grant.group_ports,
                        offers: &p.grant.tasks,
                        drivers: group_drivers,
                        netns: p.grant.netns_ip,
                    });
                }
                (tasks, None)
            }
            None => {
                let inventory_errors = diags.as_slice().iter().any(|d| d.source == SourceId::Nodes && d.is_error());
                let failure = failure_text(&evaluated, inventory.nodes.len(), inventory_errors);
                unplaced.entry(p.group).or_default().push((name.clone(), failure.clone()));
                (Vec::new(), Some(failure))
            }
        };
        out.push(Placement {
            name,
            group: group.name.clone(),
            index: p.index,
            node: placed.map(|(_, on)| on.name.clone()),
            score,
            failure,
            group_network: group_network(group, &p.grant, placed.map(|(_, on)| on)),
            tasks,
            services,
            evaluated,
        });
    }
    if let Some(group) = stopped_at {
        diags.push(
            Diagnostic::error(
                Code::LimitExceeded,
                SourceId::Jobspec,
                group.span,
                format!(
                    "netplay stopped rendering task variables after {rendered}: it lists at most \
                     {MAX_RENDERED_VARIABLES} per analysis"
                ),
            )
            .with_help(
                "every task gets the variables of every group port in every instance; lower `count`, the number of \
                 tasks or the group's ports to see them all (the tasks past the limit are listed without variables)",
            ),
        );
    }
    for (g, failed) in unplaced {
        let (Some(group), Some((first_name, first_reason))) = (job.groups.get(g), failed.first()) else { continue };
        let total = out.iter().filter(|p: &&Placement| p.group == group.name).count();
        let message = if failed.len() == 1 {
            format!("`{first_name}` could not be placed: {first_reason}")
        } else {
            format!(
                "{} of {total} instances of group `{}` could not be placed; `{first_name}`: {first_reason}",
                failed.len(),
                group.name
            )
        };
        diags.push(
            Diagnostic::warning(Code::NotPlaced, SourceId::Jobspec, group.span, message)
                .with_help("see the per-node reasons; free the ports or bandwidth, lower the count, or add nodes"),
        );
    }
    for (report, counts) in reports.iter_mut().zip(reasons) {
        report.reasons = counts.into_iter().map(|(reason, (count, fix))| ReasonCount { reason, count, fix }).collect();
    }
    out
}

fn failure_text(evaluated: &[Evaluated], nodes: usize, inventory_errors: bool) -> String {
    if evaluated.is_empty() && nodes > 0 {
        return format!("not evaluated: netplay's limit of {MAX_NODE_EVALUATIONS} node evaluations was reached");
    }
    if nodes == 0 && inventory_errors {
        return "no usable nodes: the inventory has errors".to_string();
    }
    if nodes == 0 {
        return "the inventory has no nodes".to_string();
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in evaluated {
        if let Some(r) = &e.reason {
            *counts.entry(r.as_str()).or_default() += 1;
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(reason, n)| if *n == 1 { format!("{reason} (1 node)") } else { format!("{reason} ({n} nodes)") })
        .collect();
    parts.join(", ")
}

fn group_network(group: &Group, grant: &Grant, node: Option<&Node>) -> Option<GroupNetworkResult> {
    let node = node?;
    let net = group.networks.first()?;
    let ports = grant
        .group_ports
        .iter()
        .map(|p| {
            let kind = if net.reserved_ports.iter().any(|a| a.label == p.label) {
                PortKind::Static
            } else {
                PortKind::Dynamic
            };
            let ask = net.ports().find(|a| a.label == p.label);
            GroupPortResult {
                label: p.label.clone(),
                kind,
                host_network: p.host_network.clone(),
                host_ip: p.host_ip.to_string(),
                host: p.value,
                to: p.to,
                address: explain::port_address(node, p, ask.map_or("", |a| &a.host_network), kind == PortKind::Static),
                rule: ask.and_then(|a| a.injected.clone()),
            }
        })
        .collect();
    let namespaced = net.mode == "bridge" || net.mode.starts_with("cni/");
    Some(GroupNetworkResult {
        mode: if net.mode.is_empty() { "host".to_string() } else { net.mode.clone() },
        netns_ip: grant.netns_ip.map(|ip| ip.to_string()),
        ports,
        mappings: if namespaced { netns_mappings(&grant.group_ports) } else { Vec::new() },
    })
}

/// One task's result (`task` is the task at `ctx.task` in its group); with `render` false its
/// variables are left out ([`MAX_RENDERED_VARIABLES`]).
fn task_result(
    ctx: &EnvContext<'_>,
    task: &Task,
    node: &Node,
    jobspec: &str,
    render: bool,
    diags: &mut Diagnostics,
) -> TaskResult {
    let offer = ctx.offers.get(ctx.task).and_then(Option::as_ref);
    let driver = ctx.driver;
    let maps_ports = !driver.refused && !driver.port_map.is_empty();
    let is_docker = task.driver == "docker";
    let is_qemu = task.driver == "qemu" && task.config.port_maps.len() == 1;
    let network = offer.map(|o| {
        let mbits = task.resources.as_ref().and_then(|r| r.network.as_ref()).map_or(0, |n| n.mbits);
        let ports = o
            .reserved_ports
            .iter()
            .map(|p| (p, PortKind::Static))
            .chain(o.dynamic_ports.iter().map(|p| (p, PortKind::Dynamic)))
            .map(|(p, kind)| PortResult {
                label: p.label.clone(),
                kind,
                host: p.value,
                mapped: if maps_ports && (is_docker || is_qemu) {
                    driver.port_map.get(&p.label).copied()
                } else {
                    None
                },
            })
            .collect();
        NetworkResult {
            device: o.device.clone(),
            ip: o.ip.to_string(),
            mbits,
            ports,
            address: explain::task_address(node, o),
        }
    });
    let mut env = if render { task_env(ctx) } else { Vec::new() };
    // Variables of ports Connect added say so, in a sentence of their own.
    let added: Vec<(&str, &str)> = ctx
        .group
        .networks
        .first()
        .map(|n| n.ports().filter_map(|p| Some((p.label.as_str(), p.injected.as_deref()?))).collect())
        .unwrap_or_default();
    for var in &mut env {
        if let Some((_, rule)) = var.source.port_label().and_then(|l| added.iter().find(|(label, _)| *label == l)) {
            var.rule = format!("{} {}", var.rule, crate::env::sentence(rule));
        }
    }
    let runtime = if ctx.version.is_modern() {
        let mut found = Vec::new();
        let values = runtime::task_values(
            &runtime::Context { task, env: &env, node: ctx.node_values, node_name: ctx.node_name, source: jobspec },
            &mut found,
        );
        diags.extend(found);
        values
    } else {
        Vec::new()
    };
    TaskResult {
        name: task.name.clone(),
        driver: task.driver.clone(),
        network,
        env,
        rule: task.kind.as_ref().and_then(|k| k.added.clone()),
        runtime,
        docker_ports: if is_docker && !driver.refused {
            docker_bindings(offer, ctx.group_ports, driver, ctx.version)
        } else {
            Vec::new()
        },
        qemu_args: match offer {
            Some(o) if is_qemu && !driver.refused => qemu_args(o, driver),
            _ => Vec::new(),
        },
    }
}

/// Scores are shown with 4 decimals.
fn round(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}

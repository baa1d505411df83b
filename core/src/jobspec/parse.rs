//! Decoding a jobspec tree into a [`Job`], with Nomad's own error texts.
//!
//! Nomad 0.2 stops at the first error; netplay keeps going so that every mistake is shown at
//! once, but each message is Nomad's text for that mistake. Whatever decodes cleanly is kept,
//! so the analysis can still show the rest.

use std::collections::{BTreeSet, HashMap};

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Severity};
use crate::jobspec::ports::{Owner, parse_network};
use crate::jobspec::service_parse::{self, Fields};
use crate::jobspec::{
    DriverConfig, Group, Job, JobType, PortMap, PortMapEntry, RuntimeConfig, Service, Task, TaskResources, Template,
};
use crate::jobspec::{compat, schema};
use crate::limits::MAX_COUNT;
use crate::source::{SourceId, Span};
use crate::syntax::read::{Conversion, Reader};
use crate::syntax::{Body, Item, Value, ValueKind};
use crate::version::NomadVersion;

const SRC: SourceId = SourceId::Jobspec;

/// Decodes the job in `body`. Returns `None` when there is no usable `job` block.
///
/// Values are read weakly, as Go's mapstructure does for HCL1 (see [`parse_with`] for HCL2).
pub fn parse(body: &Body, version: NomadVersion, diags: &mut Diagnostics) -> Option<Job> {
    parse_with(body, version, Conversion::Weak, diags)
}

/// [`parse`] with the value conversions of the dialect the text was read in: [`Conversion::Weak`]
/// for HCL1 (Nomad 0.2, and 1.x's `-hcl1`), [`Conversion::Hcl2`] for a jobspec read as HCL2.
pub fn parse_with(body: &Body, version: NomadVersion, conversion: Conversion, diags: &mut Diagnostics) -> Option<Job> {
    // A syntax error leaves a partial tree: what is "missing" may only be cut off.
    let partial = diags.as_slice().iter().any(|d| d.code == Code::HclSyntax && d.source == SRC);
    let newer = compat::check(body, version, diags);
    // Under 0.2, a jobspec written for a later Nomad has its one error already.
    if version.is_modern() || !newer {
        schema::check(body, version, diags);
    }
    let later = newer || partial;
    let mut decoder = Decoder { read: Reader::new(SRC, conversion), version, diags, constraint_noted: false, later };
    let mut job = decoder.job(body)?;
    if version.is_modern() {
        if later {
            job.groups.retain(|g| !g.tasks.is_empty());
        } else {
            crate::connect::admit(&mut job, version, diags);
        }
        super::validate::validate(&job, version, diags);
    }
    Some(job)
}

/// Nomad 1.x fills in these when a task gives no `resources` (or leaves a field out).
const MODERN_DEFAULT_CPU: i64 = 100;
const MODERN_DEFAULT_MEMORY: i64 = 300;

struct Decoder<'d> {
    read: Reader,
    version: NomadVersion,
    diags: &'d mut Diagnostics,
    constraint_noted: bool,
    /// The jobspec is written for a later Nomad (already reported once), or was cut short by
    /// a syntax error: skip checks for missing parts, which would only repeat that.
    later: bool,
}

impl Decoder<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn job(&mut self, body: &Body) -> Option<Job> {
        let jobs: Vec<&Item> = body.items_named("job").collect();
        let Some(item) = jobs.first() else {
            if self.later {
                return None;
            }
            self.push(
                Diagnostic::error(Code::NoJob, SRC, Span::empty(0), "'job' stanza not found")
                    .with_help("a jobspec needs one `job \"<name>\" { ... }` block around its groups and tasks"),
            );
            return None;
        };
        for extra in jobs.iter().skip(1) {
            self.push(
                Diagnostic::error(Code::NoJob, SRC, extra.name_span(), "only one 'job' block allowed")
                    .with_label(item.name_span(), "first `job` block")
                    .with_help("a jobspec holds one job; put the other job in a file of its own"),
            );
        }
        let (id, span) = match item.labels().first() {
            Some(key) => (key.text.clone(), key.span),
            None => {
                self.push(
                    Diagnostic::error(Code::MissingField, SRC, item.name_span(), "`job` block needs a name")
                        .with_help("write it as `job \"example\" { ... }`"),
                );
                return None;
            }
        };
        let job_body = self.object(item, &format!("job '{id}' value: should be an object"))?;
        self.note_constraints(job_body);

        let kind = match job_body.last_named("type") {
            None => JobType::Service,
            Some(t) => match self.read.string(&t.value, "type") {
                Ok(s) if s == "service" => JobType::Service,
                Ok(s) if s == "batch" => JobType::Batch,
                Ok(s) if s == "system" => JobType::System,
                Ok(s) => {
                    self.push(
                        Diagnostic::error(Code::TypeMismatch, SRC, t.value.span, format!("Invalid job type: {s:?}"))
                            .with_help("use `service`, `batch` or `system`"),
                    );
                    JobType::Service
                }
                Err(d) => {
                    self.push(d);
                    JobType::Service
                }
            },
        };

        let mut groups = Vec::new();
        // Bare tasks become groups of their own, named after the task, before the `group`s.
        for task_item in job_body.items_named("task") {
            if let Some(task) = self.task(task_item, &id, None) {
                groups.push(Group {
                    name: task.name.clone(),
                    span: task.span,
                    count: 1,
                    tasks: vec![task],
                    networks: vec![],
                    services: vec![],
                    meta: vec![],
                    shutdown_delay: false,
                });
            }
        }
        let mut seen = BTreeSet::new();
        for group_item in job_body.items_named("group") {
            let Some(name_key) = group_item.labels().first() else {
                self.push(
                    Diagnostic::error(Code::MissingField, SRC, group_item.name_span(), "`group` block needs a name")
                        .with_help("write it as `group \"web\" { ... }`"),
                );
                continue;
            };
            if !seen.insert(name_key.text.clone()) {
                let message = if self.version.is_modern() {
                    let first = job_body
                        .items_named("group")
                        .position(|g| g.labels().first().is_some_and(|k| k.text == name_key.text));
                    let this = groups.len() + 1;
                    format!(
                        "Job task group {this} redefines '{}' from group {}",
                        name_key.text,
                        first.map_or(1, |i| i + 1)
                    )
                } else {
                    format!("group '{}' defined more than once", name_key.text)
                };
                self.push(
                    Diagnostic::error(Code::DuplicateBlock, SRC, name_key.span, message)
                        .with_help("group names must be unique in a job; rename one of them"),
                );
                continue;
            }
            if let Some(group) = self.group(group_item, &name_key.text, name_key.span, &id) {
                groups.push(group);
            }
        }
        let meta = self.string_map(job_body, "meta");
        Some(Job { id, span, kind, groups, meta })
    }

    fn group(&mut self, item: &Item, name: &str, span: Span, job_id: &str) -> Option<Group> {
        let body = self.object(item, &format!("group '{name}': should be an object"))?;
        self.note_constraints(body);
        let count = match body.last_named("count") {
            None => 1,
            Some(c) => match self.read.int(&c.value, "count") {
                Ok(n) if n <= 0 => {
                    self.push(
                        Diagnostic::error(Code::TypeMismatch, SRC, c.value.span, "Task group count must be positive")
                            .with_help(format!("group `{name}` needs `count = 1` or more")),
                    );
                    return None;
                }
                Ok(n) if n > MAX_COUNT => {
                    self.push(
                        Diagnostic::error(
                            Code::LimitExceeded,
                            SRC,
                            c.value.span,
                            format!("`count = {n}` is more than netplay places ({MAX_COUNT})"),
                        )
                        .with_help("lower the count; placement repeats the same steps for every instance"),
                    );
                    return None;
                }
                Ok(n) => n as u32,
                Err(d) => {
                    self.push(d);
                    return None;
                }
            },
        };
        let mut tasks = Vec::new();
        // Each task name with the place of its first labelled task; `labelled` counts them all,
        // repeats included (Nomad numbers the tasks the same way).
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut labelled = 0usize;
        for (index, task_item) in body.items_named("task").enumerate() {
            if let Some(key) = task_item.labels().first()
                && let Some(&first) = seen.get(key.text.as_str())
            {
                let message = if self.version.is_modern() {
                    format!("Task {} redefines '{}' from task {}", index + 1, key.text, first + 1)
                } else {
                    format!("task '{}' defined more than once", key.text)
                };
                self.push(
                    Diagnostic::error(Code::DuplicateBlock, SRC, key.span, message)
                        .with_help("task names must be unique in a group; rename one of them"),
                );
                labelled += 1;
                continue;
            }
            if let Some(key) = task_item.labels().first() {
                seen.insert(key.text.as_str(), labelled);
                labelled += 1;
            }
            if let Some(task) = self.task(task_item, job_id, Some(name)) {
                tasks.push(task);
            }
        }
        // Under 1.x a group of only a Connect gateway gets its task from job admission: the
        // check waits until then (`connect::admit`).
        if tasks.is_empty() && !self.later && !self.version.is_modern() {
            self.push(super::missing_tasks(name, span));
            return None;
        }
        let (networks, services) = if self.version.is_modern() {
            let networks = body
                .items_named("network")
                .filter_map(|n| {
                    let net_body = self.object(n, "network: should be an object")?;
                    Some(parse_network(n.span, net_body, &Owner::Group, self.read, self.version, self.diags))
                })
                .collect();
            (networks, self.services(body, job_id, name, None))
        } else {
            (Vec::new(), Vec::new())
        };
        let meta = self.string_map(body, "meta");
        let shutdown_delay = nonzero_duration(body, "shutdown_delay");
        Some(Group { name: name.to_string(), span, count, tasks, networks, services, meta, shutdown_delay })
    }

    fn task(&mut self, item: &Item, job_id: &str, group: Option<&str>) -> Option<Task> {
        let Some(key) = item.labels().first() else {
            self.push(
                Diagnostic::error(Code::MissingField, SRC, item.name_span(), "`task` block needs a name")
                    .with_help("write it as `task \"server\" { ... }`"),
            );
            return None;
        };
        let name = key.text.clone();
        let body = self.object(item, &format!("group '{name}': should be an object"))?;
        self.note_constraints(body);
        let driver = match body.last_named("driver") {
            Some(d) => self.read.string(&d.value, "driver").unwrap_or_else(|e| {
                self.push(e);
                String::new()
            }),
            None => String::new(),
        };
        if driver.is_empty() && !self.later {
            self.push(
                Diagnostic::error(Code::MissingField, SRC, key.span, "Missing task driver")
                    .with_help(format!("task `{name}` needs a driver, e.g. `driver = \"docker\"`")),
            );
        }
        let mut resources = self.resources(body, &name);
        if self.version.is_modern() {
            let res = resources.get_or_insert_with(|| TaskResources { span: key.span, ..TaskResources::default() });
            if body.last_named("resources").and_then(|r| r.body()).is_none_or(|b| b.last_named("cpu").is_none()) {
                res.cpu = MODERN_DEFAULT_CPU;
            }
            if body.last_named("resources").and_then(|r| r.body()).is_none_or(|b| b.last_named("memory").is_none()) {
                res.memory_mb = MODERN_DEFAULT_MEMORY;
            }
        } else if resources.is_none() && !self.later {
            self.push(
                Diagnostic::error(Code::MissingField, SRC, key.span, "Missing task resources").with_help(format!(
                    "Nomad 0.2 rejects a task without `resources`; give task `{name}` e.g. `resources {{ cpu = 100 memory = 128 }}`"
                )),
            );
        }
        let services = self.services(body, job_id, group.unwrap_or(&name), Some(&name));
        let config = self.driver_config(body);
        let meta = self.string_map(body, "meta");
        let (env, env_spans) = {
            let mut f = Fields { read: self.read, diags: self.diags };
            let entries = f.map(body, "env");
            let spans = entries.iter().map(|(k, _, s)| (k.clone(), *s)).collect();
            (entries.into_iter().map(|(k, v, _)| (k, v)).collect(), spans)
        };
        let runtime = match body.items_named("config").filter_map(Item::body).last() {
            Some(cbody) => Fields { read: self.read, diags: &mut Diagnostics::new() }.runtime(cbody),
            None => RuntimeConfig::default(),
        };
        let templates = self.templates(body);
        let shutdown_delay = nonzero_duration(body, "shutdown_delay");
        Some(Task {
            name,
            span: key.span,
            driver,
            resources,
            config,
            services,
            meta,
            env,
            env_spans,
            runtime,
            templates,
            shutdown_delay,
            kind: None,
        })
    }

    fn resources(&mut self, body: &Body, task: &str) -> Option<TaskResources> {
        let blocks: Vec<&Item> = body.items_named("resources").collect();
        let first = *blocks.first()?;
        if let Some(second) = blocks.get(1) {
            self.push(
                Diagnostic::error(
                    Code::DuplicateBlock,
                    SRC,
                    second.name_span(),
                    format!("task '{task}': only one 'resource' block allowed per task"),
                )
                .with_label(first.name_span(), "first `resources` block")
                .with_help("merge the settings into the first `resources` block"),
            );
        }
        let body = self.object(first, &format!("task '{task}': resource: should be an object"))?;
        let mut res = TaskResources { span: first.span, ..TaskResources::default() };
        for (field, slot) in
            [("cpu", &mut res.cpu), ("memory", &mut res.memory_mb), ("disk", &mut res.disk_mb), ("iops", &mut res.iops)]
        {
            if let Some(item) = body.last_named(field) {
                match self.read.int(&item.value, field) {
                    Ok(n) => *slot = n,
                    Err(d) => self.push(d),
                }
            }
        }
        let networks: Vec<&Item> = body.items_named("network").collect();
        if let [first, second, ..] = networks.as_slice() {
            self.push(
                Diagnostic::error(
                    Code::DuplicateBlock,
                    SRC,
                    second.name_span(),
                    format!("task '{task}': only one 'network' resource allowed"),
                )
                .with_label(first.name_span(), "first `network` block")
                .with_help("merge the ports into the first `network` block"),
            );
        }
        if let Some(net) = networks.first() {
            let body = self.object(net, &format!("task '{task}': resource: should be an object"));
            if let Some(body) = body {
                res.network =
                    Some(parse_network(net.span, body, &Owner::Task(task), self.read, self.version, self.diags));
            }
        }
        Some(res)
    }

    fn services(&mut self, body: &Body, job: &str, group: &str, task: Option<&str>) -> Vec<Service> {
        let default_name = match task {
            Some(task) => format!("{job}-{group}-{task}"),
            None => format!("{job}-{group}"),
        };
        service_parse::services(body, &default_name, task, self.read, self.diags)
    }

    /// Inline `template` blocks (those whose `data` is text; 1.x). Nothing here is reported:
    /// templates do not decide placement, and a `data` netplay cannot read is just not shown.
    fn templates(&mut self, body: &Body) -> Vec<Template> {
        if !self.version.is_modern() {
            return Vec::new();
        }
        let read = self.read;
        let text = |b: &Body, key: &str| {
            b.last_named(key).and_then(|i| Some((read.string(&i.value, key).ok()?, i.value.span)))
        };
        let mut out = Vec::new();
        for item in body.items_named("template") {
            let Some(tbody) = item.body() else { continue };
            let Some((data, data_span)) = text(tbody, "data") else { continue };
            let destination = text(tbody, "destination").map(|(d, _)| d).unwrap_or_default();
            let env = tbody.last_named("env").is_some_and(|e| read.bool(&e.value, "env").unwrap_or(false));
            out.push(Template { data, data_span, destination, env, span: item.span });
        }
        out
    }

    fn driver_config(&mut self, body: &Body) -> DriverConfig {
        let mut config = DriverConfig::default();
        for item in body.items_named("config") {
            let Some(cbody) = item.body() else { continue };
            if let Some(mode) = cbody.last_named("network_mode")
                && let Ok(s) = self.read.string(&mode.value, "network_mode")
            {
                config.network_mode = Some(s);
            }
            if let Some(ports) = cbody.last_named("ports") {
                match self.read.string_list(&ports.value, "ports") {
                    Ok(list) => config.ports = list,
                    Err(d) => self.push(d),
                }
            }
            for pm in cbody.items_named("port_map") {
                match &pm.value.kind {
                    ValueKind::Object(map) => config.port_maps.push(self.port_map(map, pm.span)),
                    ValueKind::List(list) => {
                        for v in list {
                            if let ValueKind::Object(map) = &v.kind {
                                config.port_maps.push(self.port_map(map, v.span));
                            } else {
                                self.push(port_map_shape(v));
                            }
                        }
                    }
                    _ => self.push(port_map_shape(&pm.value)),
                }
            }
        }
        config
    }

    fn port_map(&mut self, map: &Body, span: Span) -> PortMap {
        let entries = map
            .items
            .iter()
            .map(|entry| PortMapEntry {
                label: entry.name().to_string(),
                value: self.read.int(&entry.value, entry.name()).map_err(|d| d.message),
                span: entry.span,
            })
            .collect();
        PortMap { entries, span }
    }

    /// `meta` / `env`: every block of that name merged, values read weakly as strings.
    fn string_map(&mut self, body: &Body, name: &str) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = Vec::new();
        for item in body.items_named(name) {
            let Some(map) = item.body() else { continue };
            for entry in &map.items {
                match self.read.string(&entry.value, entry.name()) {
                    Ok(v) => all.push((entry.name().to_string(), v)),
                    Err(d) => self.push(d),
                }
            }
        }
        // A key written twice keeps its last value, in the place of its last occurrence.
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<(String, String)> = all.into_iter().rev().filter(|(k, _)| seen.insert(k.clone())).collect();
        out.reverse();
        out
    }

    fn object<'b>(&mut self, item: &'b Item, message: &str) -> Option<&'b Body> {
        let body = item.body();
        if body.is_none() {
            self.push(Diagnostic::error(Code::TypeMismatch, SRC, item.value.span, message).with_help(format!(
                "`{}` takes a block: `{} {{ ... }}`",
                item.name(),
                item.name()
            )));
        }
        body
    }

    fn note_constraints(&mut self, body: &Body) {
        if self.constraint_noted {
            return;
        }
        if let Some(c) = body.items_named("constraint").next() {
            self.constraint_noted = true;
            self.push(
                Diagnostic::new(
                    Severity::Info,
                    Code::NotEvaluated,
                    SRC,
                    c.name_span(),
                    "constraints are not evaluated",
                )
                .with_help("netplay does not match them against node attributes: every node is treated as eligible"),
            );
        }
    }
}

/// True when a duration attribute is written with a value other than zero (`"0s"`, `0`).
fn nonzero_duration(body: &Body, key: &str) -> bool {
    body.last_named(key).is_some_and(|item| match &item.value.kind {
        ValueKind::String(s) => s.bytes().any(|b| (b'1'..=b'9').contains(&b)),
        ValueKind::Number(crate::syntax::Number::Int(n)) => *n != 0,
        ValueKind::Number(crate::syntax::Number::Float(f)) => *f != 0.0,
        _ => true,
    })
}

fn port_map_shape(value: &Value) -> Diagnostic {
    Diagnostic::error(
        Code::TypeMismatch,
        SRC,
        value.span,
        format!("`port_map` must be a block of `label = port` pairs, found {}", value.kind.type_name()),
    )
    .with_help("write it as `port_map { http = 8080 }`")
}

//! Consul Connect: what Nomad's job admission does to a job before the scheduler sees it
//! (`nomad job plan` and `run` apply it; `nomad job run -output` and `/v1/jobs/parse` do not).
//!
//! For every group that has a network, in service order:
//! - a `sidecar_service` adds the dynamic port `connect-proxy-<service>` (or the label
//!   `sidecar_service.port` names) with `to = -1` (the namespace port is the host port) to the
//!   group's first network, and the task `connect-proxy-<service>` (docker, or podman when the
//!   group runs podman tasks and no docker ones; 250 MHz, 128 MiB; `sidecar_task` overrides);
//! - a `native = true` service marks its task (`service.task`, or the group's only task);
//! - a gateway adds its task `connect-<kind>-<service>`; a terminating gateway without a `port`
//!   gets the port `connect-terminating-<service>`, a mesh gateway the port
//!   `connect-mesh-<service>-lan` (and must name its WAN port);
//! - `expose = true` checks get their listener ports (module `expose`).
//!
//! Then Nomad's Connect validation runs, with its texts. Every added port and task carries the
//! rule `` added by Connect for service `<name>` ``. A group left without tasks after this is
//! Nomad's `Missing tasks for task group`.

mod expose;
pub mod vars;

pub use expose::check_port_label;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::jobspec::{self, Group, Job, PortAsk, Service, SidecarTask, Task, TaskKind, TaskResources};
use crate::last_wins::last_wins;
use crate::source::{SourceId, Span};
use crate::version::NomadVersion;

const SRC: SourceId = SourceId::Jobspec;

/// Task-kind prefix of sidecar proxies.
pub const PROXY_PREFIX: &str = "connect-proxy";
/// Task-kind prefix of Connect native tasks.
pub const NATIVE_PREFIX: &str = "connect-native";
/// The sidecar's default resources (MHz, MiB).
pub const SIDECAR_CPU: i64 = 250;
/// See [`SIDECAR_CPU`].
pub const SIDECAR_MEMORY: i64 = 128;

/// The rule text of everything admission adds for `service`.
pub fn added_for(service: &str) -> String {
    format!("added by Connect for service `{service}`")
}

/// Applies admission to every group of a 1.x (or later) job and validates the result. Groups
/// left without tasks are reported and removed.
pub fn admit(job: &mut Job, version: NomadVersion, diags: &mut Diagnostics) {
    let job_id = job.id.clone();
    let job_meta = job.meta.clone();
    for group in &mut job.groups {
        // Nomad skips groups without networks here; validation then explains.
        if !group.networks.is_empty()
            && let Err(d) = mutate_group(&job_id, &job_meta, group)
        {
            diags.push(d);
        }
        expose::mutate(group, version, diags);
        if let Err(d) = validate_group(group) {
            diags.push(d);
        }
        expose::validate(group, diags);
    }
    job.groups.retain(|g| {
        if g.tasks.is_empty() {
            diags.push(jobspec::missing_tasks(&g.name, g.span));
        }
        !g.tasks.is_empty()
    });
}

/// `${NOMAD_JOB_NAME}` and the other values Nomad has when admission interpolates a Connect
/// service's name (job, group, region and meta; no task, node or allocation yet).
fn interpolate_name(name: &str, job_id: &str, job_meta: &[(String, String)], group: &Group) -> String {
    let mut values: Vec<(String, String)> = vec![
        ("NOMAD_JOB_ID".into(), job_id.into()),
        ("NOMAD_JOB_NAME".into(), job_id.into()),
        ("NOMAD_GROUP_NAME".into(), group.name.clone()),
        ("NOMAD_REGION".into(), "global".into()),
    ];
    for (k, v) in job_meta.iter().chain(&group.meta) {
        values.push((format!("NOMAD_META_{}", crate::upper::go_to_upper(k)), v.clone()));
        values.push((format!("NOMAD_META_{k}"), v.clone()));
    }
    crate::env::replace_braced(name, &|key| values.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
}

fn mutate_group(job_id: &str, job_meta: &[(String, String)], group: &mut Group) -> Result<(), Diagnostic> {
    let driver = guess_driver(group);
    let host_mode = group.networks.first().is_some_and(|n| n.mode.is_empty() || n.mode == "host");
    let mut services = std::mem::take(&mut group.services);
    let mut result = Ok(());
    for service in &mut services {
        let Some(connect) = service.connect.clone() else { continue };
        if let Some(sidecar) = &connect.sidecar_service {
            service.name = interpolate_name(&service.name, job_id, job_meta, group);
            let rule = added_for(&service.name);
            if !group.tasks.iter().any(|t| is_kind(t, PROXY_PREFIX, &service.name)) {
                let mut task = new_task(PROXY_PREFIX, &service.name, &driver, "connect.sidecar_image", false);
                if group.tasks.iter().any(|t| t.name == task.name) {
                    // Nomad appends a random 6-character fragment of a UUID here.
                    task.name.push_str("-xxxxxx");
                }
                if let Some(overrides) = &connect.sidecar_task {
                    merge_into(overrides, &mut task);
                }
                group.tasks.push(task);
            }
            let label =
                sidecar.port.as_ref().map_or_else(|| format!("{PROXY_PREFIX}-{}", service.name), |(p, _)| p.clone());
            inject_port(group, &label, &rule, service.span);
        } else if connect.native {
            let task_name = service.task.clone().unwrap_or_default();
            let index = native_task(group, &service.name, &task_name)?;
            if let Some(task) = group.tasks.get_mut(index) {
                task.kind = Some(TaskKind { prefix: NATIVE_PREFIX, service: service.name.clone(), added: None });
                service.task = Some(task.name.clone());
            }
        } else if let Some(kind) = connect.gateway.as_ref().and_then(|g| g.kind.clone()) {
            service.name = interpolate_name(&service.name, job_id, job_meta, group);
            let rule = added_for(&service.name);
            if kind == jobspec::GatewayKind::Terminating && service.port.is_none() {
                let label = format!("{}-{}", kind.prefix(), service.name);
                service.port = Some((label.clone(), service.span));
                inject_port(group, &label, &rule, service.span);
            }
            if kind == jobspec::GatewayKind::Mesh {
                if service.port.is_none() {
                    result = Err(Diagnostic::error(
                        Code::BadConnect,
                        SRC,
                        service.span,
                        "service.port must be set for mesh gateway service",
                    )
                    .with_help("a mesh gateway's `port` is its WAN address, usually on a `host_network`"));
                    break;
                }
                inject_port(group, &format!("{}-{}-lan", kind.prefix(), service.name), &rule, service.span);
            }
            if !group.tasks.iter().any(|t| is_kind(t, kind.prefix(), &service.name)) {
                let mut task = new_task(kind.prefix(), &service.name, &driver, "connect.gateway_image", host_mode);
                if let Some(overrides) = &connect.sidecar_task {
                    merge_into(overrides, &mut task);
                }
                group.tasks.push(task);
            }
        }
    }
    group.services = services;
    result
}

fn is_kind(task: &Task, prefix: &str, service: &str) -> bool {
    task.kind.as_ref().is_some_and(|k| k.prefix == prefix && k.service == service)
}

/// Docker, unless the group runs podman tasks and no docker ones.
fn guess_driver(group: &Group) -> String {
    let has = |d: &str| group.tasks.iter().any(|t| t.driver == d);
    if has("podman") && !has("docker") { "podman".into() } else { "docker".into() }
}

/// The task Nomad adds for a sidecar proxy or a gateway.
fn new_task(prefix: &'static str, service: &str, driver: &str, image_meta: &str, network_host: bool) -> Task {
    let here = Span::default();
    let args = [
        "-c",
        "${NOMAD_SECRETS_DIR}/envoy_bootstrap.json",
        "-l",
        "${meta.connect.log_level}",
        "--concurrency",
        "${meta.connect.proxy_concurrency}",
        "--disable-hot-restart",
    ];
    let mut config = jobspec::DriverConfig::default();
    if network_host {
        config.network_mode = Some("host".into());
    }
    Task {
        name: format!("{prefix}-{service}"),
        driver: driver.to_string(),
        resources: Some(TaskResources { cpu: SIDECAR_CPU, memory_mb: SIDECAR_MEMORY, ..TaskResources::default() }),
        config,
        runtime: jobspec::RuntimeConfig {
            args: args.iter().map(|a| (a.to_string(), here)).collect(),
            command: None,
            entrypoint: Vec::new(),
            image: Some((format!("${{meta.{image_meta}}}"), here)),
        },
        shutdown_delay: true,
        kind: Some(TaskKind { prefix, service: service.to_string(), added: Some(added_for(service)) }),
        ..Task::default()
    }
}

/// `sidecar_task` over the added task: a new driver replaces the config, the same driver
/// merges it; env and meta merge; non-zero resources replace.
fn merge_into(overrides: &SidecarTask, task: &mut Task) {
    if let Some(name) = &overrides.name {
        task.name = name.clone();
    }
    let runtime = &overrides.runtime;
    match &overrides.driver {
        Some(driver) if *driver != task.driver => {
            task.driver = driver.clone();
            task.runtime = runtime.clone();
            task.config = overrides.config.clone().unwrap_or_default();
        }
        _ => {
            if !runtime.args.is_empty() {
                task.runtime.args = runtime.args.clone();
            }
            if runtime.command.is_some() {
                task.runtime.command = runtime.command.clone();
            }
            if !runtime.entrypoint.is_empty() {
                task.runtime.entrypoint = runtime.entrypoint.clone();
            }
            if runtime.image.is_some() {
                task.runtime.image = runtime.image.clone();
            }
        }
    }
    // An override replaces the task's entry of the same key and goes after the others.
    task.env.extend(overrides.env.iter().cloned());
    task.env = last_wins(std::mem::take(&mut task.env), |(k, _)| k.as_str());
    task.meta.extend(overrides.meta.iter().cloned());
    task.meta = last_wins(std::mem::take(&mut task.meta), |(k, _)| k.as_str());
    if let Some(res) = task.resources.as_mut() {
        if let Some(cpu) = overrides.cpu.filter(|c| *c != 0) {
            res.cpu = cpu;
        }
        if let Some(memory) = overrides.memory_mb.filter(|m| *m != 0) {
            res.memory_mb = memory;
        }
    }
    if overrides.shutdown_delay {
        task.shutdown_delay = true;
    }
}

/// Adds a dynamic port with `to = -1` to the group's first network, unless a dynamic port of
/// that label is already there.
fn inject_port(group: &mut Group, label: &str, rule: &str, span: Span) {
    let Some(net) = group.networks.first_mut() else { return };
    if net.dynamic_ports.iter().any(|p| p.label == label) {
        return;
    }
    net.dynamic_ports.push(PortAsk {
        label: label.to_string(),
        label_span: span,
        to: -1,
        host_network: "default".into(),
        span,
        injected: Some(rule.to_string()),
        ..PortAsk::default()
    });
}

fn native_task(group: &Group, service: &str, task: &str) -> Result<usize, Diagnostic> {
    let span = group.services.iter().find(|s| s.name == service).map_or(group.span, |s| s.span);
    if task.is_empty() {
        if group.tasks.len() == 1 {
            return Ok(0);
        }
        return Err(Diagnostic::error(
            Code::BadConnect,
            SRC,
            span,
            format!("task for Consul Connect Native service {}->{service} is ambiguous and must be set", group.name),
        )
        .with_help("set `task = \"<name>\"` in the service"));
    }
    group.tasks.iter().position(|t| t.name == task).ok_or_else(|| {
        Diagnostic::error(
            Code::BadConnect,
            SRC,
            span,
            format!("task {task} named by Consul Connect Native service {}->{service} does not exist", group.name),
        )
        .with_help("set the service's `task` to the name of a task of this group")
    })
}

/// Nomad's `groupConnectValidate`: the first problem of the group's Connect services.
fn validate_group(group: &Group) -> Result<(), Diagnostic> {
    for s in &group.services {
        let Some(connect) = &s.connect else { continue };
        let err = |message: String| Diagnostic::error(Code::BadConnect, SRC, connect.span, message);
        let kinds = usize::from(connect.sidecar_service.is_some())
            + usize::from(connect.native)
            + usize::from(connect.gateway.is_some());
        if kinds != 1 {
            return Err(err(
                "Consul Connect must be exclusively native, make use of a sidecar, or represent a Gateway".into(),
            )
            .with_help("keep exactly one of `sidecar_service`, `native = true` or `gateway` in the `connect` block"));
        }
        if s.provider() == "nomad" {
            return Err(err("Service with provider nomad cannot include Connect blocks".into())
                .with_help("Connect needs Consul: remove `provider = \"nomad\"` or the `connect` block"));
        }
        if connect.gateway.as_ref().is_some_and(|g| g.kind.is_none()) {
            return Err(err("One Consul Gateway Configuration must be set".into())
                .with_help("add `ingress`, `terminating` or `mesh` to the `gateway` block"));
        }
        if connect.sidecar_service.is_some() {
            network_mode(group, "connect sidecar", false, s.span)?;
            if s.name != s.name.to_lowercase() {
                return Err(err(format!(
                    "Consul Connect service name {:?} in group {:?} must not contain uppercase characters",
                    s.name, group.name
                ))
                .with_help("Consul's service names are lower case: write the service's `name` in lower case"));
            }
            if group.name != group.name.to_lowercase() {
                return Err(err(format!(
                    "Consul Connect group {:?} with service {:?} must not contain uppercase characters",
                    group.name, s.name
                ))
                .with_help("the sidecar is named after the group: write the group's name in lower case"));
            }
            if let Some(check) = s.checks.iter().find(|c| c.kind == "tcp") {
                return Err(Diagnostic::error(
                    Code::BadConnect,
                    SRC,
                    check.span,
                    format!(
                        "Check {} invalid: tcp checks are not valid for Connect enabled services",
                        check.display_name(&s.name)
                    ),
                )
                .with_help("the service listens on the loopback of its network namespace; use an http or grpc check with `expose = true`"));
            }
        } else if connect.native {
            let task = s.task.clone().unwrap_or_default();
            native_task(group, &s.name, &task)?;
        } else {
            network_mode(group, "connect gateway", true, s.span)?;
        }
    }
    upstreams(group)
}

/// Nomad's `groupConnectNetworkModeValidate`.
fn network_mode(group: &Group, prefix: &str, allow_host: bool, span: Span) -> Result<(), Diagnostic> {
    let count = group.networks.len();
    if count != 1 {
        return Err(Diagnostic::error(
            Code::BadConnect,
            SRC,
            span,
            format!(
                "{prefix}: must have exactly one network for Consul Connect: group {:?} has {count} networks",
                group.name
            ),
        )
        .with_help("give the group one `network { mode = \"bridge\" }` block"));
    }
    let mode = group.networks.first().map_or("host", |n| if n.mode.is_empty() { "host" } else { n.mode.as_str() });
    if mode == "bridge" || (allow_host && mode == "host") || mode.starts_with("cni/") {
        return Ok(());
    }
    let allowed = if allow_host { r#""bridge", "host", or "cni/*""# } else { r#""bridge" or "cni/*""# };
    Err(Diagnostic::error(
        Code::BadConnect,
        SRC,
        group.networks.first().map_or(span, |n| n.span),
        format!(
            "{prefix}: invalid network mode for Consul Connect: group {:?} uses network mode {mode:?}; must be {allowed}",
            group.name
        ),
    )
    .with_help("Connect sidecars run in the group's network namespace: set `mode = \"bridge\"` in its `network` block"))
}

/// Two upstreams may not bind the same address; transparent proxies want one `connect` block.
fn upstreams(group: &Group) -> Result<(), Diagnostic> {
    let mut listeners: Vec<(String, &str)> = Vec::new();
    let mut tproxy = false;
    let mut connects = 0;
    for s in &group.services {
        let Some(connect) = &s.connect else { continue };
        connects += 1;
        let Some(sidecar) = &connect.sidecar_service else { continue };
        tproxy |= sidecar.transparent_proxy;
        for up in &sidecar.upstreams {
            let listener = if up.local_bind_socket_path.is_empty() {
                crate::env::join_host_port(&up.local_bind_address, up.local_bind_port)
            } else {
                up.local_bind_socket_path.clone()
            };
            if let Some((_, other)) = listeners.iter().find(|(l, _)| *l == listener) {
                return Err(Diagnostic::error(
                    Code::BadConnect,
                    SRC,
                    up.span,
                    format!(
                        "Consul Connect services {:?} and {:?} in group {:?} using same address for upstreams ({listener})",
                        s.name, other, group.name
                    ),
                )
                .with_help("give each upstream its own `local_bind_port`"));
            }
            listeners.push((listener, s.name.as_str()));
        }
    }
    if tproxy && connects > 1 {
        let span = group.services.iter().find_map(|s| s.connect.as_ref()).map_or(group.span, |c| c.span);
        return Err(Diagnostic::error(
            Code::BadConnect,
            SRC,
            span,
            "Consul Connect transparent proxy requires there is only one connect block",
        )
        .with_help(
            "keep one service with `connect` in a group that uses `transparent_proxy`, or turn transparent proxy off",
        ));
    }
    Ok(())
}

/// The group service of a Connect task, if `task` is one.
pub fn service_of<'g>(group: &'g Group, task: &Task) -> Option<&'g Service> {
    let kind = task.kind.as_ref()?;
    group.services.iter().find(|s| s.name == kind.service)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hcl2::{Inputs, read};

    /// Decodes a jobspec under 2.x (admission included) and returns the job and diagnostics.
    fn admitted(text: &str) -> (Job, Vec<Diagnostic>) {
        let mut diags = Diagnostics::new();
        let inputs = Inputs { variables: None, files: None, seed: 1 };
        let body = read(text, SRC, &inputs, &mut diags).expect("reads").body;
        let job = jobspec::parse(&body, NomadVersion::V2, &mut diags).expect("job");
        (job, diags.into_vec())
    }

    /// A group `api` with `network`, one service with `connect` and `tasks`.
    fn job(network: &str, connect: &str, tasks: &str) -> String {
        format!(
            "job \"j\" {{\n  group \"api\" {{\n{network}\n    service {{\n      name = \"count-api\"\n      port = \"9001\"\n      connect {{\n{connect}\n      }}\n    }}\n{tasks}\n  }}\n}}\n"
        )
    }

    const BRIDGE: &str = "    network {\n      mode = \"bridge\"\n    }";
    const DOCKER: &str = "    task \"web\" {\n      driver = \"docker\"\n    }";

    #[test]
    fn a_sidecar_adds_its_port_and_task() {
        let (job, diags) = admitted(&job(BRIDGE, "sidecar_service {}", DOCKER));
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
        let group = &job.groups[0];
        let port = group.networks[0].dynamic_ports.last().expect("injected port");
        assert_eq!((port.label.as_str(), port.to), ("connect-proxy-count-api", -1));
        assert_eq!(port.injected.as_deref(), Some("added by Connect for service `count-api`"));
        let task = group.tasks.last().expect("sidecar");
        assert_eq!((task.name.as_str(), task.driver.as_str()), ("connect-proxy-count-api", "docker"));
        let res = task.resources.as_ref().expect("resources");
        assert_eq!((res.cpu, res.memory_mb), (SIDECAR_CPU, SIDECAR_MEMORY));
    }

    #[test]
    fn sidecar_task_overrides_apply() {
        let connect = "sidecar_service {}\nsidecar_task {\n  name = \"envoy\"\n  resources {\n    cpu = 500\n  }\n  env {\n    A = \"b\"\n  }\n}";
        let podman = "    task \"web\" {\n      driver = \"podman\"\n    }";
        let (job, _) = admitted(&job(BRIDGE, connect, podman));
        let task = job.groups[0].tasks.last().expect("sidecar");
        assert_eq!((task.name.as_str(), task.driver.as_str()), ("envoy", "podman"));
        let res = task.resources.as_ref().expect("resources");
        assert_eq!((res.cpu, res.memory_mb), (500, SIDECAR_MEMORY));
        assert_eq!(task.env, vec![("A".to_string(), "b".to_string())]);
    }

    #[test]
    fn a_lone_gateway_gets_its_task_instead_of_missing_tasks() {
        let gateway = "gateway {\n  ingress {\n    listener {\n      port = 8080\n      service {\n        name = \"uuid-api\"\n      }\n    }\n  }\n}";
        let (job, diags) = admitted(&job(BRIDGE, gateway, ""));
        assert!(diags.iter().all(|d| d.message != "Missing tasks for task group"), "{diags:#?}");
        assert_eq!(job.groups[0].tasks[0].name, "connect-ingress-count-api");
    }

    #[test]
    fn a_terminating_gateway_gets_a_port_and_a_mesh_gateway_needs_one() {
        let terminating = "gateway {\n  terminating {\n    service {\n      name = \"db\"\n    }\n  }\n}";
        let text = job(BRIDGE, terminating, "").replace("      port = \"9001\"\n", "");
        let (job_t, _) = admitted(&text);
        let labels: Vec<&str> = job_t.groups[0].networks[0].ports().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["connect-terminating-count-api"]);
        let mesh = job(BRIDGE, "gateway {\n  mesh {}\n}", "").replace("      port = \"9001\"\n", "");
        let (_, diags) = admitted(&mesh);
        assert!(diags.iter().any(|d| d.message == "service.port must be set for mesh gateway service"), "{diags:#?}");
    }

    #[test]
    fn validation_uses_nomads_texts() {
        for (network, expected) in [
            (
                "    network {\n      mode = \"host\"\n    }",
                "connect sidecar: invalid network mode for Consul Connect: group \"api\" uses network mode \"host\"; must be \"bridge\" or \"cni/*\"",
            ),
            ("", "connect sidecar: must have exactly one network for Consul Connect: group \"api\" has 0 networks"),
        ] {
            let (_, diags) = admitted(&job(network, "sidecar_service {}", DOCKER));
            assert!(diags.iter().any(|d| d.code == Code::BadConnect && d.message == expected), "{diags:#?}");
        }
    }
}

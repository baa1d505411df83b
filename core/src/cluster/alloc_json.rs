//! Allocations as Nomad's HTTP API returns them: the stubs of
//! `GET /v1/allocations?resources=true`, the full allocations of `GET /v1/node/:id/allocations`
//! (a JSON array), or one allocation (`GET /v1/allocation/:id`), matched to the inventory's
//! nodes by `NodeID` (then by `NodeName`).
//!
//! What holds ports, as Nomad's `AddAllocs` reads it: `AllocatedResources.Shared.Ports` when
//! there are any; otherwise `AllocatedResources.Shared.Networks` and the first network of
//! each task in `AllocatedResources.Tasks`; allocations from before 0.9 (no
//! `AllocatedResources`) hold the first network of each task in `TaskResources`. The status
//! decides whether the ports still count ([`crate::schedule::alloc_counts`]): under 1.x an
//! allocation the client reports `complete`, `failed` or `lost` holds none.
//!
//! Without `?resources=true` the stubs carry no resources: such allocations hold nothing and a
//! warning says so once per file.

use std::collections::HashMap;

use crate::cluster::json::{Cursor, Read, Stop};
use crate::cluster::network_json::{RawNetwork, network, network_use};
use crate::cluster::not_an_ip;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::limits::MAX_JSON_ALLOCATIONS;
use crate::nodes::{AllocPort, AllocStatus, AllocTask, ClientStatus, DesiredStatus, ExistingAlloc, Inventory, Node};
use crate::source::{SourceId, Span};

#[derive(Debug, Default)]
struct RawTask {
    name: String,
    cpu: i64,
    memory: i64,
    disk: i64,
    iops: i64,
    network: Option<RawNetwork>,
}

/// Every field of one allocation that netplay reads.
#[derive(Debug, Default)]
struct RawAlloc {
    id: Option<String>,
    name: Option<String>,
    node_id: Option<(String, Span)>,
    node_name: Option<String>,
    job: Option<String>,
    desired: Option<(String, Span)>,
    client: Option<(String, Span)>,
    /// `AllocatedResources` was there (then `TaskResources` is not read, as in Nomad).
    has_resources: bool,
    tasks: Vec<RawTask>,
    old_tasks: Vec<RawTask>,
    shared_networks: Vec<RawNetwork>,
    shared_disk: i64,
    ports: Vec<RawPort>,
    span: Span,
}

/// One of `AllocatedResources.Shared.Ports`.
#[derive(Debug)]
struct RawPort {
    label: String,
    value: i64,
    host_ip: Option<(String, Span)>,
    ignore_collision: bool,
    span: Span,
}

/// A map of task name to its resources, each field read by `field`.
fn tasks(
    c: &mut Cursor<'_, '_>,
    into: &mut Vec<RawTask>,
    field: fn(&mut Cursor<'_, '_>, &str, &mut RawTask) -> Result<(), Stop>,
) -> Result<(), Stop> {
    c.object(|c, name, _| {
        let mut t = RawTask { name: name.to_string(), ..RawTask::default() };
        c.object(|c, key, _| field(c, key, &mut t))?;
        into.push(t);
        Ok(())
    })?;
    Ok(())
}

/// A field of `AllocatedResources.Tasks.<name>`: `Cpu.CpuShares`, `Memory.MemoryMB`, `Networks`.
fn allocated_task(c: &mut Cursor<'_, '_>, key: &str, t: &mut RawTask) -> Result<(), Stop> {
    match key {
        "Cpu" => t.cpu = c.nested_int("CpuShares")?.unwrap_or(0),
        "Memory" => t.memory = c.nested_int("MemoryMB")?.unwrap_or(0),
        "Networks" => t.network = first_network(c)?,
        _ => c.skip()?,
    }
    Ok(())
}

/// A field of `TaskResources.<name>` (allocations before 0.9): `CPU`, `MemoryMB`, `DiskMB`,
/// `IOPS`, `Networks`.
fn old_task(c: &mut Cursor<'_, '_>, key: &str, t: &mut RawTask) -> Result<(), Stop> {
    match key {
        "CPU" => t.cpu = c.int()?.map_or(0, |v| v.0),
        "MemoryMB" => t.memory = c.int()?.map_or(0, |v| v.0),
        "DiskMB" => t.disk = c.int()?.map_or(0, |v| v.0),
        "IOPS" => t.iops = c.int()?.map_or(0, |v| v.0),
        "Networks" => t.network = first_network(c)?,
        _ => c.skip()?,
    }
    Ok(())
}

/// The first of a list of networks (Nomad reads only `Networks[0]` of a task).
fn first_network(c: &mut Cursor<'_, '_>) -> Read<RawNetwork> {
    let mut first = None;
    c.array(|c, i| {
        if i == 0 {
            first = network(c)?;
            Ok(())
        } else {
            c.skip()
        }
    })?;
    Ok(first)
}

fn shared(c: &mut Cursor<'_, '_>, a: &mut RawAlloc) -> Result<(), Stop> {
    c.object(|c, key, _| {
        match key {
            "DiskMB" => a.shared_disk = c.int()?.map_or(0, |v| v.0),
            "Networks" => {
                c.array(|c, _| {
                    if let Some(n) = network(c)? {
                        a.shared_networks.push(n);
                    }
                    Ok(())
                })?;
            }
            "Ports" => {
                c.array(|c, _| {
                    let (mut label, mut value, mut host_ip, mut ignore) = (String::new(), None, None, false);
                    let span = c.object(|c, key, _| {
                        match key {
                            "Label" => label = c.string()?.map(|s| s.0).unwrap_or_default(),
                            "Value" => value = c.int()?.map(|v| v.0),
                            "HostIP" => host_ip = c.string()?,
                            "IgnoreCollision" => ignore = c.bool()?.is_some_and(|b| b.0),
                            _ => c.skip()?,
                        }
                        Ok(())
                    })?;
                    if let (Some(span), Some(value)) = (span, value) {
                        a.ports.push(RawPort { label, value, host_ip, ignore_collision: ignore, span });
                    }
                    Ok(())
                })?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(())
}

fn raw_alloc(c: &mut Cursor<'_, '_>) -> Read<RawAlloc> {
    let mut a = RawAlloc::default();
    let span = c.object(|c, key, _| {
        match key {
            "ID" => a.id = c.string()?.map(|s| s.0),
            "Name" => a.name = c.string()?.map(|s| s.0),
            "NodeID" => a.node_id = c.string()?,
            "NodeName" => a.node_name = c.string()?.map(|s| s.0),
            "JobID" => a.job = c.string()?.map(|s| s.0),
            "DesiredStatus" => a.desired = c.string()?,
            "ClientStatus" => a.client = c.string()?,
            "AllocatedResources" => {
                let found = c.object(|c, key, _| {
                    match key {
                        "Tasks" => tasks(c, &mut a.tasks, allocated_task)?,
                        "Shared" => shared(c, &mut a)?,
                        _ => c.skip()?,
                    }
                    Ok(())
                })?;
                a.has_resources |= found.is_some();
            }
            "TaskResources" => tasks(c, &mut a.old_tasks, old_task)?,
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(span.map(|span| RawAlloc { span, ..a }))
}

/// Reads an allocation list (or one allocation) from `text` and adds each allocation to its
/// node in `inventory`.
pub fn read_allocations(c: &mut Cursor<'_, '_>, inventory: &mut Inventory, budget: &mut usize) -> Result<(), Stop> {
    let by_id: HashMap<String, usize> =
        inventory.nodes.iter().enumerate().filter_map(|(i, n)| Some((n.id.clone()?, i))).collect();
    let by_name: HashMap<String, usize> =
        inventory.nodes.iter().enumerate().map(|(i, n)| (n.name.clone(), i)).collect();
    let mut without_resources = None;
    let mut unmatched: Vec<(String, Span)> = Vec::new();
    let mut add = |c: &mut Cursor<'_, '_>, nodes: &mut [Node]| -> Result<(), Stop> {
        let Some(raw) = raw_alloc(c)? else { return Ok(()) };
        if *budget == 0 {
            return Ok(());
        }
        *budget -= 1;
        if *budget == 0 {
            c.diags.push(
                Diagnostic::error(
                    Code::LimitExceeded,
                    c.source(),
                    raw.span,
                    format!("more than {MAX_JSON_ALLOCATIONS} allocations"),
                )
                .with_help("netplay reads the first allocations and ignores the rest"),
            );
        }
        let node = raw
            .node_id
            .as_ref()
            .and_then(|(id, _)| by_id.get(id))
            .or_else(|| raw.node_name.as_ref().and_then(|n| by_name.get(n)))
            .copied();
        let Some(node) = node.and_then(|i| nodes.get_mut(i)) else {
            let (what, span) = match (&raw.node_id, &raw.node_name) {
                (Some((id, span)), _) => (id.clone(), *span),
                (None, Some(name)) => (name.clone(), raw.span),
                (None, None) => (String::new(), raw.span),
            };
            unmatched.push((what, span));
            return Ok(());
        };
        if !raw.has_resources && raw.old_tasks.is_empty() && without_resources.is_none() {
            without_resources = Some(raw.span);
        }
        if let Some(alloc) = build(c.diags, c.source(), raw, node) {
            node.allocs.push(alloc);
        }
        Ok(())
    };
    if c.peek_array()? {
        c.array(|c, _| add(c, &mut inventory.nodes))?;
    } else {
        add(c, &mut inventory.nodes)?;
    }
    c.finish()?;
    if let Some(span) = without_resources {
        c.diags.push(
            Diagnostic::warning(
                Code::MissingField,
                c.source(),
                span,
                "allocations without `AllocatedResources` hold no ports here",
            )
            .with_help("list them with `/v1/allocations?resources=true` (or `/v1/node/<id>/allocations`)"),
        );
    }
    if let Some((first, span)) = unmatched.first() {
        let message = if unmatched.len() == 1 {
            format!("allocation on node `{first}`, which the inventory does not have")
        } else {
            format!("{} allocations are on nodes the inventory does not have (the first on `{first}`)", unmatched.len())
        };
        c.diags.push(
            Diagnostic::warning(Code::UnknownNode, c.source(), *span, message)
                .with_help("allocations are matched to nodes by `NodeID`, then by `NodeName`; they are left out"),
        );
    }
    Ok(())
}

fn build(diags: &mut Diagnostics, source: SourceId, raw: RawAlloc, node: &Node) -> Option<ExistingAlloc> {
    let name = raw.id.clone().or(raw.name.clone()).unwrap_or_default();
    let desired = match raw.desired.as_ref().map(|(s, span)| (s.as_str(), *span)) {
        None | Some(("run" | "", _)) => DesiredStatus::Run,
        Some(("stop", _)) => DesiredStatus::Stop,
        Some(("evict", _)) => DesiredStatus::Evict,
        Some(("failed", _)) => DesiredStatus::Failed,
        Some((other, span)) => {
            diags.push(unknown_status(source, span, "DesiredStatus", other));
            DesiredStatus::Run
        }
    };
    let client = match raw.client.as_ref().map(|(s, span)| (s.as_str(), *span)) {
        None | Some(("running" | "", _)) => ClientStatus::Running,
        Some(("pending", _)) => ClientStatus::Pending,
        Some(("complete", _)) => ClientStatus::Complete,
        Some(("failed", _)) => ClientStatus::Failed,
        Some(("lost", _)) => ClientStatus::Lost,
        Some(("unknown", _)) => ClientStatus::Unknown,
        Some(("dead", _)) => ClientStatus::Dead,
        Some((other, span)) => {
            diags.push(unknown_status(source, span, "ClientStatus", other));
            ClientStatus::Running
        }
    };
    let mut ports = Vec::new();
    for RawPort { label, value, host_ip, ignore_collision, span } in raw.ports {
        let ip = match host_ip {
            Some((text, ip_span)) => match text.parse() {
                Ok(ip) => ip,
                Err(_) => {
                    diags.push(not_an_ip(source, ip_span, &text));
                    continue;
                }
            },
            None => node.addresses.first().map(|a| a.ip).or(node.networks.first().map(|n| n.cidr.addr))?,
        };
        ports.push(AllocPort { label, value, host_ip: ip, ignore_collision, span });
    }
    // Nomad adds the group networks only when there are no group ports.
    let networks = if ports.is_empty() {
        raw.shared_networks.iter().filter_map(|n| network_use(diags, source, n, &node.networks)).collect()
    } else {
        Vec::new()
    };
    let chosen = if raw.has_resources { raw.tasks } else { raw.old_tasks };
    let mut tasks: Vec<AllocTask> = chosen
        .into_iter()
        .map(|t| AllocTask {
            network: t.network.as_ref().and_then(|n| network_use(diags, source, n, &node.networks)),
            name: t.name,
            cpu: t.cpu,
            memory_mb: t.memory,
            disk_mb: t.disk,
            iops: t.iops,
        })
        .collect();
    // The group's shared disk counts once; netplay adds it to the first task.
    if let Some(first) = tasks.first_mut() {
        first.disk_mb += raw.shared_disk;
    }
    Some(ExistingAlloc {
        name,
        job: raw.job,
        status: AllocStatus { desired, client },
        tasks,
        ports,
        networks,
        span: raw.span,
        source,
    })
}

fn unknown_status(source: SourceId, span: Span, field: &str, value: &str) -> Diagnostic {
    Diagnostic::warning(Code::TypeMismatch, source, span, format!("unknown {field} `{value}`"))
        .with_help("netplay treats it as running: its ports count")
}

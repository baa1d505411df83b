//! Placing group instances on nodes, the way Nomad's generic and system schedulers do.
//!
//! Service and batch jobs: the nodes are shuffled once per evaluation (seeded Fisher–Yates).
//! Every instance is then placed by walking that order from where the previous instance's
//! walk stopped (wrapping around), collecting feasible nodes until the *limit* is reached
//! (2 for batch, `max(2, ceil(log2 n))` for services), and taking the best score; ties keep the
//! first seen. In 1.x the limit skips up to 3 nodes scoring 0 or less, using them only when
//! nothing better turns up. A node is feasible when its networks fit the group's mode and host
//! networks (1.x), every network ask gets an offer and the resources fit. Placed instances are
//! visible to the following ones (ports, bandwidth, resources, job anti-affinity).
//!
//! System jobs: every group is tried on every node, in inventory order.
//!
//! Where Nomad's order is Go map order (random), netplay uses file order: groups as written,
//! instances by index.

mod feasible;
mod fit;
#[cfg(test)]
mod tests;

pub use feasible::{network_feasible, resolve_host_network};
pub use fit::{Usage, alloc_counts, exhausted_dimension, score_fit};

use std::net::{IpAddr, Ipv4Addr};

use crate::alloc::{AllocatedPort, NetworkIndex, Offer, WalkTruncated};
use crate::jobspec::{Group, Job, JobType, NetworkAsk};
use crate::limits::{HELD_PER_EVALUATION, MAX_NODE_EVALUATIONS};
use crate::nodes::{Inventory, Node};
use crate::rng::Rng;
use crate::version::Rules;

/// Score penalty per allocation of the same job already on a node (0.2 service jobs).
pub const SERVICE_ANTI_AFFINITY: f64 = 10.0;
/// Score penalty per allocation of the same job already on a node (0.2 batch jobs).
pub const BATCH_ANTI_AFFINITY: f64 = 5.0;
/// Highest bin-pack score; 1.x divides by it.
pub const MAX_FIT_SCORE: f64 = 18.0;
/// 1.x: how many low-scoring nodes the limit iterator may set aside.
pub const MAX_SKIP: usize = 3;
/// First address of netplay's stand-in for the bridge IPAM (Nomad's default bridge subnet is
/// 172.26.64.0/20 and the gateway takes .1): the n-th bridge allocation on a node gets .(n + 2).
pub const BRIDGE_SUBNET: Ipv4Addr = Ipv4Addr::new(172, 26, 64, 0);

/// The outcome of one evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Node indexes in the shuffled order the scheduler walked (inventory order for system jobs).
    pub node_order: Vec<usize>,
    /// The limit of feasible nodes compared per placement (0 for system jobs).
    pub limit: usize,
    /// One entry per group instance, in placement order.
    pub placements: Vec<Placement>,
    /// Node networks whose address walk was cut at the limit: (node, network).
    pub truncated_walks: Vec<(usize, usize)>,
    /// True when [`MAX_NODE_EVALUATIONS`] stopped the evaluation early.
    pub budget_exhausted: bool,
}

/// One group instance and where it went.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Index of the group in [`Job::groups`].
    pub group: usize,
    /// Instance number (`job.group[index]`).
    pub index: u32,
    /// The chosen node, if any.
    pub node: Option<usize>,
    /// What the instance got there.
    pub grant: Grant,
    /// Every node looked at, in order, and what came of it.
    pub evaluated: Vec<NodeOutcome>,
}

/// The network resources an instance gets on a node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grant {
    /// Group ports (1.x group network), in ask order: statics then dynamics.
    pub group_ports: Vec<AllocatedPort>,
    /// The group network's mode (`""` when there is none).
    pub mode: String,
    /// The allocation's address inside its network namespace (bridge mode).
    pub netns_ip: Option<IpAddr>,
    /// Per task of the group (same order): the task-level network offer, if it has one.
    pub tasks: Vec<Option<Offer>>,
}

/// What happened when one node was considered for one instance.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeOutcome {
    /// Node index in the inventory.
    pub node: usize,
    /// Fit with a score, or the reason it does not fit.
    pub verdict: Verdict,
}

/// A node's verdict for one instance.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Feasible, with its final score.
    Fit {
        /// The score compared between feasible nodes.
        score: f64,
    },
    /// Not feasible.
    Exhausted {
        /// Nomad's reason (`network: reserved port collision`, `cpu exhausted`, `missing network`).
        reason: String,
        /// More detail where Nomad logs some (the colliding port, the invalid reservation).
        detail: Option<String>,
    },
}

impl Verdict {
    fn no(reason: impl Into<String>) -> Self {
        Verdict::Exhausted { reason: reason.into(), detail: None }
    }
}

/// An allocation planned during this evaluation.
#[derive(Debug, Clone)]
struct Planned {
    group: usize,
    usage: Usage,
    grant: Grant,
}

/// Places every instance of `job` on the inventory.
pub fn schedule(job: &Job, inventory: &Inventory, rules: &Rules, rng: &mut Rng) -> Plan {
    let mut state = State {
        job,
        nodes: &inventory.nodes,
        rules,
        planned: vec![Vec::new(); inventory.nodes.len()],
        truncated: Vec::new(),
        evaluations: 0,
        held: inventory.nodes.iter().map(|n| held(n, rules)).collect(),
    };
    let n = inventory.nodes.len();
    let mut placements = Vec::new();
    let (node_order, limit) = if job.kind == JobType::System {
        let order: Vec<usize> = (0..n).collect();
        for &node in &order {
            for (g, group) in job.groups.iter().enumerate() {
                if state.evaluations >= MAX_NODE_EVALUATIONS {
                    break;
                }
                let (verdict, grant) = state.evaluate(node, g, rng);
                let placed = matches!(verdict, Verdict::Fit { .. });
                let grant = if placed { state.commit(node, g, grant) } else { Grant::default() };
                placements.push(Placement {
                    group: g,
                    index: 0,
                    node: placed.then_some(node),
                    grant: if placed { grant } else { empty_grant(group) },
                    evaluated: vec![NodeOutcome { node, verdict }],
                });
            }
        }
        (order, 0)
    } else {
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let limit = match job.kind {
            JobType::Batch => 2,
            _ => {
                let log = if n > 1 { (n as f64).log2().ceil() as usize } else { 0 };
                log.max(2)
            }
        };
        let mut walker = Walker { offset: 0, seen: 0 };
        for (g, group) in job.groups.iter().enumerate() {
            for index in 0..group.count {
                let placement = state.select(&order, limit, &mut walker, g, index, rng);
                placements.push(placement);
            }
        }
        (order, limit)
    };
    let budget_exhausted = state.evaluations >= MAX_NODE_EVALUATIONS;
    let mut truncated = state.truncated;
    truncated.sort();
    truncated.dedup();
    Plan { node_order, limit, placements, truncated_walks: truncated, budget_exhausted }
}

fn empty_grant(group: &Group) -> Grant {
    Grant { tasks: vec![None; group.tasks.len()], ..Grant::default() }
}

/// Nomad's static node iterator: keeps its offset between placements, wraps around, and
/// stops once every node has been seen in the current placement.
struct Walker {
    offset: usize,
    seen: usize,
}

impl Walker {
    fn next(&mut self, order: &[usize]) -> Option<usize> {
        let n = order.len();
        if self.offset == n || self.seen == n {
            if self.seen == n {
                return None;
            }
            self.offset = 0;
        }
        let node = *order.get(self.offset)?;
        self.offset += 1;
        self.seen += 1;
        Some(node)
    }
}

/// One placement's walk over the nodes: where it stands and what it has seen.
struct Pass<'a> {
    order: &'a [usize],
    walker: &'a mut Walker,
    group: usize,
    evaluated: Vec<NodeOutcome>,
}

/// State of the limit iterator for one placement.
struct Limit {
    limit: usize,
    seen: usize,
    skipped: Vec<Candidate>,
    skipped_index: usize,
}

/// A feasible node for the instance being placed.
#[derive(Clone)]
struct Candidate {
    node: usize,
    score: f64,
    grant: Grant,
}

struct State<'a> {
    job: &'a Job,
    nodes: &'a [Node],
    rules: &'a Rules,
    planned: Vec<Vec<Planned>>,
    truncated: Vec<(usize, usize)>,
    /// Node evaluations so far, against [`MAX_NODE_EVALUATIONS`] (a node counts once more
    /// per [`HELD_PER_EVALUATION`] allocations and ports it holds: its index is built from them).
    evaluations: usize,
    /// Allocations and ports each node holds: its own and those planned in this evaluation.
    held: Vec<usize>,
}

impl State<'_> {
    /// The next feasible node from the walker, recording every node looked at.
    fn next_feasible(&mut self, pass: &mut Pass<'_>, rng: &mut Rng) -> Option<Candidate> {
        while self.evaluations < MAX_NODE_EVALUATIONS
            && let Some(node) = pass.walker.next(pass.order)
        {
            let (verdict, grant) = self.evaluate(node, pass.group, rng);
            let score = match verdict {
                Verdict::Fit { score } => Some(score),
                Verdict::Exhausted { .. } => None,
            };
            pass.evaluated.push(NodeOutcome { node, verdict });
            if let Some(score) = score {
                return Some(Candidate { node, score, grant });
            }
        }
        None
    }

    /// Picks a node for one instance: Nomad's limit iterator over the feasible nodes, then
    /// the highest score (the first one on ties).
    fn select(
        &mut self,
        order: &[usize],
        limit: usize,
        walker: &mut Walker,
        g: usize,
        index: u32,
        rng: &mut Rng,
    ) -> Placement {
        walker.seen = 0;
        let mut pass = Pass { order, walker, group: g, evaluated: Vec::new() };
        let mut st = Limit { limit, seen: 0, skipped: Vec::new(), skipped_index: 0 };
        let mut best: Option<Candidate> = None;
        while let Some(c) = self.limit_next(&mut st, &mut pass, rng) {
            if best.as_ref().is_none_or(|b| c.score > b.score) {
                best = Some(c);
            }
        }
        let evaluated = pass.evaluated;
        match best {
            Some(c) => {
                let grant = self.commit(c.node, g, c.grant);
                Placement { group: g, index, node: Some(c.node), grant, evaluated }
            }
            None => {
                let grant = self.job.groups.get(g).map(empty_grant).unwrap_or_default();
                Placement { group: g, index, node: None, grant, evaluated }
            }
        }
    }

    /// The limit iterator: at most `limit` options; in 1.x options scoring 0 or less are set
    /// aside (up to [`MAX_SKIP`]) and handed out only when the walk runs dry.
    fn limit_next(&mut self, st: &mut Limit, pass: &mut Pass<'_>, rng: &mut Rng) -> Option<Candidate> {
        if st.seen == st.limit {
            return None;
        }
        let mut option = self.limit_option(st, pass, rng);
        if self.rules.normalized_scores {
            while st.skipped.len() < MAX_SKIP {
                let Some(c) = option.take_if(|c| c.score <= 0.0) else { break };
                st.skipped.push(c);
                option = self.next_feasible(pass, rng);
            }
        }
        st.seen += 1;
        if option.is_none() {
            return self.limit_option(st, pass, rng);
        }
        option
    }

    /// The next feasible node, or once the walk is dry, the next node set aside.
    fn limit_option(&mut self, st: &mut Limit, pass: &mut Pass<'_>, rng: &mut Rng) -> Option<Candidate> {
        let next = self.next_feasible(pass, rng);
        if next.is_none()
            && let Some(skipped) = st.skipped.get(st.skipped_index)
        {
            st.skipped_index += 1;
            return Some(skipped.clone());
        }
        next
    }

    /// Records a placement so later instances see it; gives bridge allocations their address.
    fn commit(&mut self, node: usize, g: usize, mut grant: Grant) -> Grant {
        // Node and group indices come from the inventory and the job this state was made for.
        let (Some(planned), Some(group)) = (self.planned.get_mut(node), self.job.groups.get(g)) else { return grant };
        if grant.mode == "bridge" {
            let earlier = planned.iter().filter(|p| p.grant.mode == "bridge").count() as u32;
            grant.netns_ip = Some(IpAddr::V4(Ipv4Addr::from(u32::from(BRIDGE_SUBNET) + 2 + earlier)));
        }
        if let Some(held) = self.held.get_mut(node) {
            let offered: usize =
                grant.tasks.iter().flatten().map(|o| o.reserved_ports.len() + o.dynamic_ports.len()).sum();
            *held += 1 + grant.group_ports.len() + offered;
        }
        planned.push(Planned { group: g, usage: group_usage(group), grant: grant.clone() });
        grant
    }

    /// Nomad's feasibility and bin-pack steps for one node: network mode and host networks,
    /// the network index, group ports, task offers, the fit check and the score.
    fn evaluate(&mut self, node_index: usize, g: usize, rng: &mut Rng) -> (Verdict, Grant) {
        self.evaluations += 1 + self.held.get(node_index).copied().unwrap_or(0) / HELD_PER_EVALUATION;
        let (Some(node), Some(group)) = (self.nodes.get(node_index), self.job.groups.get(g)) else {
            return (Verdict::no("no such node or group"), Grant::default());
        };
        let rules = self.rules;
        let mut grant = empty_grant(group);
        let group_net = group.networks.first();
        if let Some(net) = group_net {
            grant.mode = net.mode.clone();
            if let Err(reason) = network_feasible(net, node) {
                return (Verdict::no(reason), grant);
            }
        }
        let mut index = NetworkIndex::new(rules);
        if let Err(detail) = index.set_node(node, rules) {
            return (Verdict::Exhausted { reason: "network: invalid node".into(), detail: Some(detail) }, grant);
        }
        let mut used = Usage::reserved(node);
        let mut same_job = 0usize;
        let mut same_group = 0usize;
        // 1.x: every allocation is added; a collision rejects the node with the last reason.
        let mut collision: Option<String> = None;
        for alloc in node.allocs.iter().filter(|a| alloc_counts(a, rules)) {
            if rules.ports_bounded {
                if let Some(detail) = index.add_existing(alloc) {
                    collision = Some(detail);
                }
            } else {
                for net in alloc.tasks.iter().filter_map(|t| t.network.as_ref()) {
                    index.add_use(net);
                }
            }
            used.add(Usage::of_alloc(alloc));
            same_job += usize::from(alloc.job.as_deref() == Some(self.job.id.as_str()));
        }
        if let Some(detail) = collision {
            return (Verdict::Exhausted { reason: "network: port collision".into(), detail: Some(detail) }, grant);
        }
        for planned in self.planned.get(node_index).into_iter().flatten() {
            index.add_allocated(&planned.grant.group_ports);
            for offer in planned.grant.tasks.iter().flatten() {
                index.add_offer(offer);
            }
            used.add(planned.usage);
            same_job += 1;
            same_group += usize::from(planned.group == g);
        }
        if let Some(net) = group_net.filter(|n| n.mode != "none") {
            let ask = resolved_ask(net, node);
            match index.assign_ports(&ask, rules, rng) {
                Ok(ports) => {
                    index.add_allocated(&ports);
                    grant.group_ports = ports;
                }
                Err(e) => return (Verdict::no(format!("network: {e}")), grant),
            }
        }
        let mut truncated: Vec<WalkTruncated> = Vec::new();
        for (slot, task) in grant.tasks.iter_mut().zip(&group.tasks) {
            let Some(ask) = task.resources.as_ref().and_then(|r| r.network.as_ref()) else { continue };
            let result = index.assign_network(ask, rules, rng, &mut truncated);
            self.truncated.extend(truncated.drain(..).map(|t| (node_index, t.network)));
            match result {
                Ok(offer) => {
                    index.add_offer(&offer);
                    *slot = Some(offer);
                }
                Err(e) => return (Verdict::no(format!("network: {e}")), grant),
            }
        }
        used.add(group_usage(group));
        if let Some(dimension) = exhausted_dimension(&node.capacity, &used) {
            return (Verdict::no(dimension), grant);
        }
        if rules.fit_checks_bandwidth && index.overcommitted() {
            return (Verdict::no("bandwidth exceeded"), grant);
        }
        let fit = score_fit(node, &used);
        let score = if rules.normalized_scores {
            let mut scores = vec![fit / MAX_FIT_SCORE];
            if same_group > 0 {
                scores.push(-((same_group + 1) as f64) / f64::from(group.count.max(1)));
            }
            scores.iter().sum::<f64>() / scores.len() as f64
        } else {
            let penalty = match self.job.kind {
                JobType::Service => SERVICE_ANTI_AFFINITY,
                JobType::Batch => BATCH_ANTI_AFFINITY,
                JobType::System => 0.0,
            };
            fit - penalty * same_job as f64
        };
        (Verdict::Fit { score }, grant)
    }
}

/// The group ask with every port's `host_network` resolved against the node (`resolve_host_network`).
fn resolved_ask(net: &NetworkAsk, node: &Node) -> NetworkAsk {
    let mut ask = net.clone();
    for port in ask.reserved_ports.iter_mut().chain(ask.dynamic_ports.iter_mut()) {
        if let Some(alias) = resolve_host_network(&port.host_network, node) {
            port.host_network = alias;
        }
    }
    ask
}

/// The allocations of `node` the scheduler adds to its index, and their ports.
fn held(node: &Node, rules: &Rules) -> usize {
    let task_ports = |a: &crate::nodes::ExistingAlloc| -> usize {
        a.tasks.iter().filter_map(|t| t.network.as_ref()).map(|n| n.ports.len()).sum()
    };
    node.allocs.iter().filter(|a| alloc_counts(a, rules)).map(|a| 1 + a.ports.len() + task_ports(a)).sum()
}

/// The resources one instance of `group` needs.
fn group_usage(group: &Group) -> Usage {
    let mut u = Usage::default();
    for r in group.tasks.iter().filter_map(|t| t.resources.as_ref()) {
        u.add(Usage { cpu: r.cpu, memory_mb: r.memory_mb, disk_mb: r.disk_mb, iops: r.iops });
    }
    u
}

//! Placing group instances on nodes, the way Nomad's generic and system schedulers do.
//!
//! Service and batch jobs: the nodes are shuffled once per evaluation (seeded Fisher–Yates).
//! Every instance is then placed by walking that order from where the previous instance's
//! walk stopped (wrapping around), collecting feasible nodes until the *limit* is reached
//! (2 for batch, `max(2, ceil(log2 n))` for services), and taking the best score; ties keep the
//! first seen. A node is feasible when every task's network ask gets an offer and the
//! resources fit. Placed instances are visible to the following ones (ports, bandwidth,
//! resources, job anti-affinity).
//!
//! System jobs: every group is tried on every node, in inventory order.
//!
//! Where Nomad's order is Go map order (random), netplay uses file order: groups as written,
//! instances by index.

mod fit;

pub use fit::{Usage, alloc_counts, exhausted_dimension, score_fit};

use crate::alloc::{NetworkIndex, Offer, WalkTruncated};
use crate::jobspec::{Group, Job, JobType};
use crate::nodes::{Inventory, Node};
use crate::rng::Rng;
use crate::version::Rules;

/// Score penalty per allocation of the same job already on a node (service jobs).
pub const SERVICE_ANTI_AFFINITY: f64 = 10.0;
/// Score penalty per allocation of the same job already on a node (batch jobs).
pub const BATCH_ANTI_AFFINITY: f64 = 5.0;

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
    /// Per task of the group (same order): the network offer, if the task has a network.
    pub offers: Vec<Option<Offer>>,
    /// Every node looked at, in order, and what came of it.
    pub evaluated: Vec<NodeOutcome>,
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
    /// Feasible, with its final score (bin-pack minus anti-affinity).
    Fit {
        /// The score compared between feasible nodes.
        score: f64,
    },
    /// Not feasible; Nomad's reason (`network: reserved port collision`, `cpu exhausted`, ...).
    Exhausted(String),
}

/// An allocation planned during this evaluation.
#[derive(Debug, Clone)]
struct Planned {
    usage: Usage,
    offers: Vec<Offer>,
}

/// Places every instance of `job` on the inventory.
pub fn schedule(job: &Job, inventory: &Inventory, rules: &Rules, rng: &mut Rng) -> Plan {
    let mut state = State {
        job,
        nodes: &inventory.nodes,
        rules,
        planned: vec![Vec::new(); inventory.nodes.len()],
        truncated: Vec::new(),
    };
    let n = inventory.nodes.len();
    let mut placements = Vec::new();
    let (node_order, limit) = if job.kind == JobType::System {
        let order: Vec<usize> = (0..n).collect();
        for &node in &order {
            for (g, group) in job.groups.iter().enumerate() {
                let (verdict, offers) = state.evaluate(node, group, rng);
                let placed = matches!(verdict, Verdict::Fit { .. });
                if placed {
                    state.commit(node, group, &offers);
                }
                placements.push(Placement {
                    group: g,
                    index: 0,
                    node: placed.then_some(node),
                    offers: if placed { offers } else { vec![None; group.tasks.len()] },
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
        let mut walker = Walker { offset: 0 };
        for (g, group) in job.groups.iter().enumerate() {
            for index in 0..group.count {
                let placement = state.select(&order, limit, &mut walker, g, index, rng);
                placements.push(placement);
            }
        }
        (order, limit)
    };
    let mut truncated = state.truncated;
    truncated.sort_unstable();
    truncated.dedup();
    Plan { node_order, limit, placements, truncated_walks: truncated }
}

/// Nomad's static node iterator: keeps its offset between placements, wraps around, and
/// stops once every node has been seen in the current placement.
struct Walker {
    offset: usize,
}

struct State<'a> {
    job: &'a Job,
    nodes: &'a [Node],
    rules: &'a Rules,
    planned: Vec<Vec<Planned>>,
    truncated: Vec<(usize, usize)>,
}

impl State<'_> {
    fn select(
        &mut self,
        order: &[usize],
        limit: usize,
        walker: &mut Walker,
        g: usize,
        index: u32,
        rng: &mut Rng,
    ) -> Placement {
        let group = &self.job.groups[g];
        let n = order.len();
        let mut seen = 0;
        let mut evaluated = Vec::new();
        let mut best: Option<(f64, usize, Vec<Option<Offer>>)> = None;
        let mut feasible = 0;
        while feasible < limit {
            if walker.offset == n || seen == n {
                if seen != n {
                    walker.offset = 0;
                } else {
                    break;
                }
            }
            let node = order[walker.offset];
            walker.offset += 1;
            seen += 1;
            let (verdict, offers) = self.evaluate(node, group, rng);
            if let Verdict::Fit { score } = verdict {
                feasible += 1;
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, node, offers));
                }
            }
            evaluated.push(NodeOutcome { node, verdict });
        }
        match best {
            Some((_, node, offers)) => {
                self.commit(node, group, &offers);
                Placement { group: g, index, node: Some(node), offers, evaluated }
            }
            None => Placement { group: g, index, node: None, offers: vec![None; group.tasks.len()], evaluated },
        }
    }

    fn commit(&mut self, node: usize, group: &Group, offers: &[Option<Offer>]) {
        self.planned[node]
            .push(Planned { usage: group_usage(group), offers: offers.iter().flatten().cloned().collect() });
    }

    /// Nomad's bin-pack step for one node: network offers task by task, then the fit check
    /// and the score.
    fn evaluate(&mut self, node_index: usize, group: &Group, rng: &mut Rng) -> (Verdict, Vec<Option<Offer>>) {
        let node = &self.nodes[node_index];
        let mut index = NetworkIndex::new();
        index.set_node(node);
        let mut used = Usage::reserved(node);
        let mut same_job = 0usize;
        for alloc in node.allocs.iter().filter(|a| alloc_counts(a, self.rules)) {
            for net in alloc.tasks.iter().filter_map(|t| t.network.as_ref()) {
                index.add_use(net);
            }
            used.add(Usage::of_alloc(alloc));
            same_job += usize::from(alloc.job.as_deref() == Some(self.job.id.as_str()));
        }
        for planned in &self.planned[node_index] {
            for offer in &planned.offers {
                index.add_offer(offer);
            }
            used.add(planned.usage);
            same_job += 1;
        }
        let mut offers = Vec::with_capacity(group.tasks.len());
        let mut truncated: Vec<WalkTruncated> = Vec::new();
        for task in &group.tasks {
            let Some(ask) = task.resources.as_ref().and_then(|r| r.network.as_ref()) else {
                offers.push(None);
                continue;
            };
            let result = index.assign_network(ask, self.rules, rng, &mut truncated);
            self.truncated.extend(truncated.drain(..).map(|t| (node_index, t.network)));
            match result {
                Ok(offer) => {
                    index.add_offer(&offer);
                    offers.push(Some(offer));
                }
                Err(e) => return (Verdict::Exhausted(format!("network: {e}")), offers),
            }
        }
        used.add(group_usage(group));
        if let Some(dimension) = exhausted_dimension(&node.capacity, &used) {
            return (Verdict::Exhausted(dimension.to_string()), offers);
        }
        if index.overcommitted() {
            return (Verdict::Exhausted("bandwidth exceeded".to_string()), offers);
        }
        let penalty = match self.job.kind {
            JobType::Service => SERVICE_ANTI_AFFINITY,
            JobType::Batch => BATCH_ANTI_AFFINITY,
            JobType::System => 0.0,
        };
        let score = score_fit(node, &used) - penalty * same_job as f64;
        (Verdict::Fit { score }, offers)
    }
}

/// The resources one instance of `group` needs.
fn group_usage(group: &Group) -> Usage {
    let mut u = Usage::default();
    for r in group.tasks.iter().filter_map(|t| t.resources.as_ref()) {
        u.add(Usage { cpu: r.cpu, memory_mb: r.memory_mb, disk_mb: r.disk_mb, iops: r.iops });
    }
    u
}

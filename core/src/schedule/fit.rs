//! Resource fit and bin-pack scoring (Nomad's `AllocsFit` and `ScoreFit`).

use crate::nodes::{Capacity, ClientStatus, DesiredStatus, ExistingAlloc, Node};
use crate::version::Rules;

/// CPU, memory, disk and IOPS summed over allocations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// MHz.
    pub cpu: i64,
    /// MiB.
    pub memory_mb: i64,
    /// MiB.
    pub disk_mb: i64,
    /// IOPS.
    pub iops: i64,
}

impl Usage {
    /// Adds `other` into `self`, saturating (an inventory may give `i64::MAX`).
    pub fn add(&mut self, other: Usage) {
        self.cpu = self.cpu.saturating_add(other.cpu);
        self.memory_mb = self.memory_mb.saturating_add(other.memory_mb);
        self.disk_mb = self.disk_mb.saturating_add(other.disk_mb);
        self.iops = self.iops.saturating_add(other.iops);
    }

    /// The node's reservation.
    pub fn reserved(node: &Node) -> Usage {
        let r = &node.reserved;
        Usage { cpu: r.cpu, memory_mb: r.memory_mb, disk_mb: r.disk_mb, iops: r.iops }
    }

    /// An existing allocation's total.
    pub fn of_alloc(alloc: &ExistingAlloc) -> Usage {
        let mut u = Usage::default();
        for t in &alloc.tasks {
            u.add(Usage { cpu: t.cpu, memory_mb: t.memory_mb, disk_mb: t.disk_mb, iops: t.iops });
        }
        u
    }
}

/// Whether an existing allocation still holds its resources for the scheduler.
///
/// Nomad 0.2 drops an allocation from the proposed set as soon as it is desired to stop, be
/// evicted or has failed, or the client reports it dead or failed. netplay's `complete` and
/// `lost` statuses (later spellings) count as terminal there too.
pub fn alloc_counts(alloc: &ExistingAlloc, rules: &Rules) -> bool {
    let client_terminal = matches!(
        alloc.status.client,
        ClientStatus::Dead | ClientStatus::Complete | ClientStatus::Failed | ClientStatus::Lost
    );
    let desired_terminal =
        matches!(alloc.status.desired, DesiredStatus::Stop | DesiredStatus::Evict | DesiredStatus::Failed);
    !(client_terminal || (rules.desired_stop_frees_ports && desired_terminal))
}

/// The first exhausted dimension, in Nomad's order and words, or `None` when `used` fits.
/// Dimensions the inventory leaves out are unlimited.
pub fn exhausted_dimension(capacity: &Capacity, used: &Usage) -> Option<&'static str> {
    let over = |cap: Option<i64>, used: i64| cap.is_some_and(|c| c < used);
    if over(capacity.cpu, used.cpu) {
        Some("cpu exhausted")
    } else if over(capacity.memory_mb, used.memory_mb) {
        Some("memory exhausted")
    } else if over(capacity.disk_mb, used.disk_mb) {
        Some("disk exhausted")
    } else if over(capacity.iops, used.iops) {
        Some("iops exhausted")
    } else {
        None
    }
}

/// Nomad's "best fit" bin-pack score, 0 (empty node) to 18 (perfect fit), from CPU and memory.
///
/// Free fractions are taken against capacity minus the node's reservation, while `used`
/// already contains that reservation: Nomad 0.2 counts it twice, and so does this.
/// Without CPU and memory capacity in the inventory every node scores 0.
pub fn score_fit(node: &Node, used: &Usage) -> f64 {
    let (Some(cpu), Some(memory)) = (node.capacity.cpu, node.capacity.memory_mb) else {
        return 0.0;
    };
    let node_cpu = cpu.saturating_sub(node.reserved.cpu) as f64;
    let node_mem = memory.saturating_sub(node.reserved.memory_mb) as f64;
    if node_cpu <= 0.0 || node_mem <= 0.0 {
        return 0.0;
    }
    let free_cpu = 1.0 - used.cpu as f64 / node_cpu;
    let free_mem = 1.0 - used.memory_mb as f64 / node_mem;
    // libm: the same bits natively and in wasm32, so scores never differ by platform.
    let total = libm::pow(10.0, free_cpu) + libm::pow(10.0, free_mem);
    (20.0 - total).clamp(0.0, 18.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nodes::{AllocStatus, Reserved};
    use crate::version::NomadVersion;

    fn node(cpu: i64, mem: i64, reserved_cpu: i64, reserved_mem: i64) -> Node {
        Node {
            capacity: Capacity { cpu: Some(cpu), memory_mb: Some(mem), disk_mb: Some(10_000), iops: Some(100) },
            reserved: Reserved { cpu: reserved_cpu, memory_mb: reserved_mem, ..Reserved::default() },
            ..Node::named("n")
        }
    }

    #[test]
    fn dimensions_are_checked_in_nomads_order() {
        let cap = node(2000, 2048, 0, 0).capacity;
        let fits = Usage { cpu: 2000, memory_mb: 2048, disk_mb: 10_000, iops: 100 };
        assert_eq!(exhausted_dimension(&cap, &fits), None);
        let both = Usage { cpu: 3000, memory_mb: 3072, ..fits };
        assert_eq!(exhausted_dimension(&cap, &both), Some("cpu exhausted"));
        assert_eq!(exhausted_dimension(&cap, &Usage { memory_mb: 3000, ..fits }), Some("memory exhausted"));
        assert_eq!(exhausted_dimension(&cap, &Usage { disk_mb: 10_001, ..fits }), Some("disk exhausted"));
        assert_eq!(exhausted_dimension(&cap, &Usage { iops: 101, ..fits }), Some("iops exhausted"));
        assert_eq!(exhausted_dimension(&Capacity::default(), &both), None);
    }

    #[test]
    fn score_grows_with_utilisation_and_is_bounded() {
        let n = node(4000, 8192, 0, 0);
        let empty = score_fit(&n, &Usage::default());
        let half = score_fit(&n, &Usage { cpu: 2000, memory_mb: 4096, ..Usage::default() });
        let full = score_fit(&n, &Usage { cpu: 4000, memory_mb: 8192, ..Usage::default() });
        assert!((empty - 0.0).abs() < 1e-9, "{empty}");
        assert!(half > empty && half < full, "{half}");
        assert!((full - 18.0).abs() < 1e-9, "{full}");
        // Over-full (the reservation counted twice) is clamped to 18.
        assert!(
            (score_fit(&node(2000, 2048, 1000, 1024), &Usage { cpu: 2000, memory_mb: 2048, ..Usage::default() })
                - 18.0)
                .abs()
                < 1e-9
        );
        let mut no_cap = n.clone();
        no_cap.capacity.cpu = None;
        assert_eq!(score_fit(&no_cap, &Usage::default()), 0.0);
    }

    #[test]
    fn a_node_whose_reservation_takes_all_of_one_resource_scores_zero() {
        // Only CPU (or only memory) left to give: no score, whatever the other resource's use.
        for used in [Usage::default(), Usage { cpu: 500, memory_mb: 1024, ..Usage::default() }] {
            assert_eq!(score_fit(&node(2000, 4096, 2000, 0), &used), 0.0, "{used:?}");
            assert_eq!(score_fit(&node(2000, 4096, 0, 4096), &used), 0.0, "{used:?}");
        }
    }

    #[test]
    fn terminal_allocations_do_not_count_in_0_2() {
        let rules = NomadVersion::V0_2.rules();
        let mut a = ExistingAlloc::named("a");
        assert!(alloc_counts(&a, rules));
        a.status.desired = DesiredStatus::Stop;
        assert!(!alloc_counts(&a, rules));
        a.status = AllocStatus { desired: DesiredStatus::Run, client: ClientStatus::Dead };
        assert!(!alloc_counts(&a, rules));
        a.status.client = ClientStatus::Pending;
        assert!(alloc_counts(&a, rules));
    }
}

//! A set of port numbers: a bitmap for 0..65535 plus a small ordered set for values outside
//! (Nomad 0.2 kept a plain integer set, so `static = 70000` was a legal, usable value).

use std::collections::BTreeSet;

const WORDS: usize = 65_536 / 64;

/// Ports in use on one IP address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortSet {
    /// Bit `p` set when port `p` (0..65535) is used; grows on demand.
    bits: Vec<u64>,
    /// Values outside 0..65535.
    outliers: BTreeSet<i64>,
    len: usize,
}

impl PortSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when `port` is in the set.
    pub fn contains(&self, port: i64) -> bool {
        match usize::try_from(port) {
            Ok(p) if p < 65_536 => self.bits.get(p / 64).is_some_and(|w| w & (1 << (p % 64)) != 0),
            _ => self.outliers.contains(&port),
        }
    }

    /// Adds `port`; returns false if it was already there.
    pub fn insert(&mut self, port: i64) -> bool {
        let added = match usize::try_from(port) {
            Ok(p) if p < 65_536 => {
                let word = p / 64;
                if self.bits.len() <= word {
                    self.bits.resize((word + 1).min(WORDS), 0);
                }
                let mask = 1 << (p % 64);
                let fresh = self.bits[word] & mask == 0;
                self.bits[word] |= mask;
                fresh
            }
            _ => self.outliers.insert(port),
        };
        self.len += usize::from(added);
        added
    }

    /// Number of ports in the set.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Ports in `lo..=hi` that are not in the set, ascending.
    pub fn free_in(&self, lo: i64, hi: i64) -> impl Iterator<Item = i64> + '_ {
        (lo..=hi).filter(move |&p| !self.contains(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_and_contains_across_the_range_and_outside() {
        let mut s = PortSet::new();
        assert!(s.is_empty());
        for p in [0, 1, 63, 64, 22, 65_535, 70_000, -4] {
            assert!(!s.contains(p));
            assert!(s.insert(p), "{p}");
            assert!(s.contains(p));
            assert!(!s.insert(p), "{p} twice");
        }
        assert_eq!(s.len(), 8);
        assert!(!s.contains(65_534));
        assert!(!s.contains(65_536));
    }

    #[test]
    fn free_ports_skip_used_ones() {
        let mut s = PortSet::new();
        s.insert(20_001);
        assert_eq!(s.free_in(20_000, 20_003).collect::<Vec<_>>(), [20_000, 20_002, 20_003]);
    }
}

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
    #[inline]
    pub fn insert(&mut self, port: i64) -> bool {
        match u16::try_from(port) {
            Ok(p) => self.insert_port(p),
            Err(_) => self.outliers.insert(port),
        }
    }

    /// Adds a port of 0..65535; returns false if it was already there.
    #[inline]
    pub fn insert_port(&mut self, port: u16) -> bool {
        match self.bits.get_mut(usize::from(port >> 6)) {
            Some(word) => set_bit(word, port),
            None => self.grow_and_insert(port),
        }
    }

    /// Makes room for the word of `port`, in whole steps so that ascending inserts do not
    /// resize every 64 ports, then inserts it.
    #[cold]
    fn grow_and_insert(&mut self, port: u16) -> bool {
        let word = usize::from(port >> 6);
        self.bits.resize((word + 1).next_power_of_two().clamp(16, WORDS), 0);
        // Always there: `word` is below `WORDS` and the new length is above it.
        self.bits.get_mut(word).is_some_and(|w| set_bit(w, port))
    }

    /// Number of ports in the set.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum::<usize>() + self.outliers.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0) && self.outliers.is_empty()
    }

    /// Ports in `lo..=hi` that are not in the set, ascending.
    pub fn free_in(&self, lo: i64, hi: i64) -> impl Iterator<Item = i64> + '_ {
        (lo..=hi).filter(move |&p| !self.contains(p))
    }

    /// The free bits of each 64-port word overlapping `lo..=hi` (clamped to 0..65535), with
    /// the port number of the word's bit 0.
    fn free_words(&self, lo: i64, hi: i64) -> impl Iterator<Item = (i64, u64)> + '_ {
        let lo = lo.clamp(0, 65_535);
        let hi = hi.clamp(-1, 65_535);
        let words = if hi < lo { 1..1 } else { (lo / 64) as usize..(hi / 64) as usize + 1 };
        words.map(move |w| {
            let base = w as i64 * 64;
            let mut mask = u64::MAX;
            if base < lo {
                mask &= u64::MAX << (lo - base);
            }
            if base + 63 > hi {
                mask &= u64::MAX >> (base + 63 - hi);
            }
            let used = self.bits.get(w).copied().unwrap_or(0);
            (base, !used & mask)
        })
    }

    /// How many ports of `lo..=hi` are free (only 0..65535 counts).
    pub fn count_free(&self, lo: i64, hi: i64) -> u64 {
        self.free_words(lo, hi).map(|(_, free)| u64::from(free.count_ones())).sum()
    }

    /// The `n`-th free port of `lo..=hi` (0-based, ascending), if there are that many.
    pub fn nth_free(&self, lo: i64, hi: i64, n: u64) -> Option<i64> {
        let mut left = n;
        for (base, mut free) in self.free_words(lo, hi) {
            let here = u64::from(free.count_ones());
            if left >= here {
                left -= here;
                continue;
            }
            for _ in 0..left {
                free &= free - 1;
            }
            return Some(base + i64::from(free.trailing_zeros()));
        }
        None
    }
}

/// Sets the bit of `port` in its word; false if it was set already.
fn set_bit(word: &mut u64, port: u16) -> bool {
    let mask = 1u64 << (port & 63);
    let fresh = *word & mask == 0;
    *word |= mask;
    fresh
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
    fn ports_inserted_from_the_top_down_land_in_their_own_words() {
        // The first insert sizes the bitmap for the whole range; later ones find their words.
        let mut s = PortSet::new();
        let ports = [65_535, 1_024, 1, 64 * 17, 4_097, 0];
        for p in ports {
            assert!(s.insert(p), "{p}");
        }
        for p in ports {
            assert!(s.contains(p), "{p}");
        }
        assert_eq!(s.len(), 6);
        assert_eq!(s.count_free(0, 65_535), 65_536 - 6);
        for p in [2, 64, 1_025, 4_096, 4_161, 65_534] {
            assert!(!s.contains(p), "{p}");
        }
    }

    #[test]
    fn the_port_just_past_the_bitmap_is_an_outlier() {
        let mut s = PortSet::new();
        assert!(s.insert(65_536));
        assert!(s.contains(65_536));
        assert!(!s.contains(65_535));
        assert_eq!(s.count_free(0, 65_536), 65_536, "only 0..65535 count as free");
    }

    #[test]
    fn empty_means_no_port_in_the_bitmap_and_no_outlier() {
        assert!(PortSet::new().is_empty());
        let mut outlier = PortSet::new();
        outlier.insert(70_000);
        assert!(!outlier.is_empty());
        // One port in every word of the bitmap.
        let mut full = PortSet::new();
        for w in 0..16 {
            full.insert(w * 64);
        }
        assert!(!full.is_empty());
        assert_eq!(full.len(), 16);
    }

    #[test]
    fn ranges_below_zero_have_no_free_ports() {
        let s = PortSet::new();
        for (lo, hi) in [(-10, -5), (-1, -1), (0, -1), (-3, 0)] {
            let expected = u64::from(hi >= 0);
            assert_eq!(s.count_free(lo, hi), expected, "{lo}..={hi}");
            assert_eq!(s.nth_free(lo, hi, 0), (hi >= 0).then_some(0), "{lo}..={hi}");
        }
    }

    #[test]
    fn free_ports_skip_used_ones() {
        let mut s = PortSet::new();
        s.insert(20_001);
        assert_eq!(s.free_in(20_000, 20_003).collect::<Vec<_>>(), [20_000, 20_002, 20_003]);
    }

    #[test]
    fn counting_and_selecting_free_ports_agree_with_a_scan() {
        let mut s = PortSet::new();
        for p in (20_000..32_000).step_by(3) {
            s.insert(p);
        }
        s.insert(31_999);
        for (lo, hi) in [(20_000, 32_000), (20_001, 20_001), (0, 70), (65_500, 65_535), (63, 64), (5, 4)] {
            let scan: Vec<i64> = s.free_in(lo, hi).collect();
            assert_eq!(s.count_free(lo, hi), scan.len() as u64, "{lo}..={hi}");
            for (i, p) in scan.iter().enumerate() {
                assert_eq!(s.nth_free(lo, hi, i as u64), Some(*p));
            }
            assert_eq!(s.nth_free(lo, hi, scan.len() as u64), None);
        }
    }
}

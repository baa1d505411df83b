//! Stable sorting through one shared routine.
//!
//! Every `sort_by_key` on another element type or key closure compiles into a copy of the
//! standard library's sort of its own, 3–4 KB of WebAssembly each (collecting into a `BTreeMap`
//! adds one more), which the web build pays for. Here the caller turns its key into a `u64`; the
//! sort itself always runs on `u128`s (the key, then the original position), so there is one
//! copy, and the order is the same as `sort_by_key`'s: by key, equal keys in their original order.

/// Sorts `items` by `key`, keeping items with equal keys in their original order.
pub fn by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut order: Vec<u128> =
        items.iter().enumerate().map(|(i, item)| (u128::from(key(item)) << 64) | i as u128).collect();
    sort(&mut order);
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|o| slots.get_mut(o as u64 as usize).and_then(Option::take)));
}

#[inline(never)]
fn sort(values: &mut [u128]) {
    values.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut items: Vec<(u64, char)> =
            vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e'), (u64::MAX, 'f'), (0, 'g'), (3, 'h')];
        let mut expected = items.clone();
        expected.sort_by_key(|i| i.0);
        by_key(&mut items, |i| i.0);
        assert_eq!(items, expected);
        let mut empty: Vec<u8> = Vec::new();
        by_key(&mut empty, |&b| u64::from(b));
        assert!(empty.is_empty());
    }
}

//! Test support shared by the readers: deterministic random edits of a text.

/// Calls `check` on `rounds` texts made from `text` by 1 to 4 random insertions, deletions and
/// replacements of characters from `alphabet` (a fixed xorshift stream: the same every run).
pub(crate) fn for_each_mutation(text: &str, alphabet: &str, rounds: usize, mut check: impl FnMut(&str)) {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    for _ in 0..rounds {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + next(4) {
            let at = next(chars.len() + 1);
            match next(3) {
                0 => chars.insert(at, alphabet[next(alphabet.len())]),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = alphabet[next(alphabet.len())],
                _ => {}
            }
        }
        check(&chars.into_iter().collect::<String>());
    }
}

//! The share links' compression: zlib streams (RFC 1950) around deflate (RFC 1951), written for
//! the web bundle, where a general-purpose codec costs more than the rest of the link code.
//!
//! [`decompress`] reads every valid zlib stream (stored, fixed and dynamic Huffman blocks), so
//! links written by earlier builds (which used `miniz_oxide`) keep opening. [`compress`] writes one
//! dynamic-Huffman block found by LZ77 with hash chains and one step of lazy matching; its output
//! is within a few percent of zlib's level 9.

/// How hard [`compress`] searches: the number of earlier positions tried per match.
pub type Effort = u16;

/// Why a stream could not be inflated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InflateError {
    /// The output would exceed the given limit.
    TooLarge,
    /// Not a zlib stream, cut short, or its checksum does not match.
    Damaged,
}

use InflateError::{Damaged, TooLarge};

/// Length codes 257..=285: base length and extra bits.
const LEN_BASE: [u16; 29] = bases::<29>(3, 8, 4, 258);
/// Distance codes 0..=29: base distance and extra bits.
const DIST_BASE: [u16; 30] = bases::<30>(1, 4, 2, 0);

/// Extra bits of length code `i` (`first` codes without, then `per` codes per extra bit) or
/// distance code `i`.
const fn extra(i: usize, first: usize, per: usize) -> u32 {
    if i < first { 0 } else { ((i - first) / per + 1) as u32 }
}

/// The base values of a code table; `last` (when not 0) replaces the final entry (length 258).
const fn bases<const N: usize>(start: u16, first: usize, per: usize, last: u16) -> [u16; N] {
    let mut out = [0u16; N];
    let mut base = start;
    let mut i = 0;
    while i < N {
        out[i] = base;
        base += 1 << extra(i, first, per);
        i += 1;
    }
    if last != 0 {
        out[N - 1] = last;
    }
    out
}

fn len_extra(code: usize) -> u32 {
    if code == 28 { 0 } else { extra(code, 8, 4) }
}

fn dist_extra(code: usize) -> u32 {
    extra(code, 4, 2)
}

/// The order in which code-length code lengths are stored.
const CL_ORDER: [u8; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// The code lengths of the fixed Huffman codes: 288 literal/length codes, then 30 distance codes.
fn fixed_lengths() -> [u8; 288 + 30] {
    let mut lengths = [8u8; 288 + 30];
    lengths[144..256].fill(9);
    lengths[256..280].fill(7);
    lengths[288..].fill(5);
    lengths
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    b << 16 | a
}

// ---- inflate ----

/// A canonical Huffman code for decoding: how many codes of each length, and the symbols in
/// code order.
struct Code {
    count: [u16; 16],
    symbol: Vec<u16>,
}

impl Code {
    /// Builds the code of `lengths`; over-subscribed lengths are damage.
    fn new(lengths: &[u8]) -> Result<Code, InflateError> {
        let mut count = [0u16; 16];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        let mut left: i32 = 1;
        let mut offset = [0u16; 16];
        for len in 1..16 {
            left = (left << 1) - i32::from(count[len]);
            if left < 0 {
                return Err(Damaged);
            }
            if len < 15 {
                offset[len + 1] = offset[len] + count[len];
            }
        }
        let mut symbol = vec![0u16; lengths.len()];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbol[usize::from(offset[usize::from(l)])] = s as u16;
                offset[usize::from(l)] += 1;
            }
        }
        count[0] = 0;
        Ok(Code { count, symbol })
    }
}

struct Input<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u32,
    held: u32,
}

impl Input<'_> {
    fn bits(&mut self, n: u32) -> Result<u32, InflateError> {
        while self.held < n {
            let byte = *self.data.get(self.pos).ok_or(Damaged)?;
            self.pos += 1;
            self.acc |= u32::from(byte) << self.held;
            self.held += 8;
        }
        let value = self.acc & ((1u32 << n) - 1);
        self.acc >>= n;
        self.held -= n;
        Ok(value)
    }

    fn decode(&mut self, code: &Code) -> Result<usize, InflateError> {
        let (mut bits, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            bits |= self.bits(1)? as i32;
            let count = i32::from(code.count[len]);
            if bits - first < count {
                return Ok(usize::from(code.symbol[(index + bits - first) as usize]));
            }
            index += count;
            first = (first + count) << 1;
            bits <<= 1;
        }
        Err(Damaged)
    }
}

/// Inflates a zlib stream whose content is at most `limit` bytes.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let (cmf, flg) = match data {
        [cmf, flg, ..] => (*cmf, *flg),
        _ => return Err(Damaged),
    };
    if cmf & 0x0f != 8 || cmf >> 4 > 7 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 || flg & 0x20 != 0 {
        return Err(Damaged);
    }
    let mut input = Input { data, pos: 2, acc: 0, held: 0 };
    let mut out = Vec::new();
    loop {
        let last = input.bits(1)?;
        match input.bits(2)? {
            0 => {
                input.acc = 0;
                input.held = 0;
                let header = data.get(input.pos..input.pos + 4).ok_or(Damaged)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                if u16::from_le_bytes([header[2], header[3]]) != !(len as u16) {
                    return Err(Damaged);
                }
                input.pos += 4;
                let stored = data.get(input.pos..input.pos + len).ok_or(Damaged)?;
                if out.len() + len > limit {
                    return Err(TooLarge);
                }
                out.extend_from_slice(stored);
                input.pos += len;
            }
            1 => {
                let lengths = fixed_lengths();
                inflate_block(&mut input, &mut out, limit, &lengths[..288], &lengths[288..])?;
            }
            2 => {
                let nlen = input.bits(5)? as usize + 257;
                let ndist = input.bits(5)? as usize + 1;
                let ncode = input.bits(4)? as usize + 4;
                if nlen > 286 || ndist > 30 {
                    return Err(Damaged);
                }
                let mut cl = [0u8; 19];
                for &i in &CL_ORDER[..ncode] {
                    cl[usize::from(i)] = input.bits(3)? as u8;
                }
                let cl = Code::new(&cl)?;
                let mut lengths = vec![0u8; nlen + ndist];
                let mut i = 0;
                while i < lengths.len() {
                    let (value, repeat) = match input.decode(&cl)? {
                        sym @ 0..=15 => (sym as u8, 1),
                        16 => (*lengths[..i].last().ok_or(Damaged)?, 3 + input.bits(2)?),
                        17 => (0, 3 + input.bits(3)?),
                        _ => (0, 11 + input.bits(7)?),
                    };
                    let end = i + repeat as usize;
                    lengths.get_mut(i..end).ok_or(Damaged)?.fill(value);
                    i = end;
                }
                if lengths[256] == 0 {
                    return Err(Damaged);
                }
                inflate_block(&mut input, &mut out, limit, &lengths[..nlen], &lengths[nlen..])?;
            }
            _ => return Err(Damaged),
        }
        if last == 1 {
            break;
        }
    }
    let trailer = data.get(input.pos..input.pos + 4).ok_or(Damaged)?;
    if u32::from_be_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]) != adler32(&out) {
        return Err(Damaged);
    }
    Ok(out)
}

fn inflate_block(
    input: &mut Input,
    out: &mut Vec<u8>,
    limit: usize,
    lit_lengths: &[u8],
    dist_lengths: &[u8],
) -> Result<(), InflateError> {
    let (lit, dist) = (Code::new(lit_lengths)?, Code::new(dist_lengths)?);
    loop {
        let sym = input.decode(&lit)?;
        if sym < 256 {
            if out.len() >= limit {
                return Err(TooLarge);
            }
            out.push(sym as u8);
            continue;
        }
        if sym == 256 {
            return Ok(());
        }
        let code = sym - 257;
        let base = *LEN_BASE.get(code).ok_or(Damaged)?;
        let len = usize::from(base) + input.bits(len_extra(code))? as usize;
        let code = input.decode(&dist)?;
        let base = *DIST_BASE.get(code).ok_or(Damaged)?;
        let back = usize::from(base) + input.bits(dist_extra(code))? as usize;
        if back > out.len() {
            return Err(Damaged);
        }
        if out.len() + len > limit {
            return Err(TooLarge);
        }
        let from = out.len() - back;
        for k in 0..len {
            out.push(out[from + k]);
        }
    }
}

// ---- deflate ----

const WINDOW: usize = 32 * 1024;
const MAX_MATCH: usize = 258;
/// Matches at least this long are taken without looking one byte further.
const GOOD_ENOUGH: usize = 32;

/// LZ77 tokens: a literal byte (`< 256`) or `length << 16 | distance`.
fn tokens(data: &[u8], effort: Effort) -> Vec<u32> {
    let n = data.len();
    let mut head = vec![u32::MAX; 1 << 15];
    let mut prev = vec![u32::MAX; WINDOW];
    let hash =
        |i: usize| ((usize::from(data[i]) << 10) ^ (usize::from(data[i + 1]) << 5) ^ usize::from(data[i + 2])) & 0x7fff;
    let insert = |i: usize, head: &mut [u32], prev: &mut [u32]| {
        if i + 2 < n {
            let h = hash(i);
            prev[i % WINDOW] = head[h];
            head[h] = i as u32;
        }
    };
    // The longest earlier match at `i`: (length, distance).
    let longest = |i: usize, head: &[u32], prev: &[u32]| {
        let mut best = (0, 0);
        if i + 2 >= n {
            return best;
        }
        let max = (n - i).min(MAX_MATCH);
        let mut candidate = head[hash(i)];
        let mut tries = effort;
        while candidate != u32::MAX && tries > 0 {
            let c = candidate as usize;
            if i - c >= WINDOW {
                break;
            }
            if data[c + best.0] == data[i + best.0] {
                let len = data[c..c + max].iter().zip(&data[i..i + max]).take_while(|(a, b)| a == b).count();
                if len > best.0 {
                    best = (len, i - c);
                    if len == max {
                        break;
                    }
                }
            }
            candidate = prev[c % WINDOW];
            tries -= 1;
        }
        best
    };
    let mut out = Vec::with_capacity(n / 2);
    let mut i = 0;
    while i < n {
        let (len, dist) = longest(i, &head, &prev);
        insert(i, &mut head, &mut prev);
        if len < 3 || (len < GOOD_ENOUGH && longest(i + 1, &head, &prev).0 > len) {
            out.push(u32::from(data[i]));
            i += 1;
            continue;
        }
        out.push((len as u32) << 16 | dist as u32);
        for k in i + 1..i + len {
            insert(k, &mut head, &mut prev);
        }
        i += len;
    }
    out
}

/// Huffman code lengths for `freq`, none longer than `limit`. Every alphabet gets at least two
/// codes, so that the code is complete.
fn code_lengths(freq: &mut [u32], limit: u8) -> Vec<u8> {
    for s in 0..2 {
        if freq.iter().filter(|&&f| f > 0).count() < 2 && freq[s] == 0 {
            freq[s] = 1;
        }
    }
    loop {
        // Leaves are 0..n, inner nodes follow; `parent` links every merged node.
        let n = freq.len();
        let mut live: Vec<(u32, usize)> =
            freq.iter().enumerate().filter(|(_, f)| **f > 0).map(|(s, f)| (*f, s)).collect();
        let mut parent = vec![usize::MAX; n];
        while live.len() > 1 {
            let mut merged = (0, parent.len());
            for _ in 0..2 {
                let lightest = (0..live.len()).min_by_key(|&k| live[k].0).unwrap_or(0);
                let (weight, node) = live.swap_remove(lightest);
                merged.0 += weight;
                parent[node] = merged.1;
            }
            parent.push(usize::MAX);
            live.push(merged);
        }
        let lengths: Vec<u8> = (0..n)
            .map(|s| {
                let mut depth = 0u8;
                let mut node = s;
                while freq[s] > 0 && parent[node] != usize::MAX {
                    node = parent[node];
                    depth += 1;
                }
                depth
            })
            .collect();
        if lengths.iter().all(|&l| l <= limit) {
            return lengths;
        }
        for f in freq.iter_mut().filter(|f| **f > 0) {
            *f = f.div_ceil(2);
        }
    }
}

/// Canonical codes of `lengths`, bit-reversed for LSB-first output.
fn codes(lengths: &[u8]) -> Vec<u16> {
    let mut count = [0u16; 16];
    for &l in lengths {
        count[usize::from(l)] += 1;
    }
    count[0] = 0;
    let mut next = [0u16; 16];
    for len in 1..16 {
        next[len] = (next[len - 1] + count[len - 1]) << 1;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                return 0;
            }
            let code = next[usize::from(l)];
            next[usize::from(l)] += 1;
            code.reverse_bits() >> (16 - l)
        })
        .collect()
}

struct Output {
    bytes: Vec<u8>,
    acc: u64,
    held: u32,
}

impl Output {
    fn put(&mut self, value: u32, n: u32) {
        self.acc |= u64::from(value) << self.held;
        self.held += n;
        while self.held >= 8 {
            self.bytes.push(self.acc as u8);
            self.acc >>= 8;
            self.held -= 8;
        }
    }
}

/// The code (index into a base table) of `value`.
fn code_of(bases: &[u16], value: u32) -> usize {
    bases.iter().rposition(|&b| u32::from(b) <= value).unwrap_or(0)
}

/// Deflates `data` into a zlib stream; `effort` bounds the match search per byte.
pub fn compress(data: &[u8], effort: Effort) -> Vec<u8> {
    let tokens = tokens(data, effort);
    let mut lit_freq = [0u32; 286];
    let mut dist_freq = [0u32; 30];
    lit_freq[256] = 1;
    for &t in &tokens {
        if t < 256 {
            lit_freq[t as usize] += 1;
        } else {
            lit_freq[257 + code_of(&LEN_BASE, t >> 16)] += 1;
            dist_freq[code_of(&DIST_BASE, t & 0xffff)] += 1;
        }
    }
    let (lit_used, dist_used) = (lit_freq, dist_freq);
    let lit_len = code_lengths(&mut lit_freq, 15);
    let dist_len = code_lengths(&mut dist_freq, 15);
    let nlen = 257.max(lit_len.iter().rposition(|&l| l > 0).unwrap_or(0) + 1);
    let ndist = 1.max(dist_len.iter().rposition(|&l| l > 0).unwrap_or(0) + 1);

    // The code lengths, run-length coded: (symbol, extra bits, extra value).
    let all: Vec<u8> = lit_len[..nlen].iter().chain(&dist_len[..ndist]).copied().collect();
    let mut runs: Vec<(u8, u32, u32)> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let l = all[i];
        let run = all[i..].iter().take_while(|&&x| x == l).count();
        if l == 0 && run >= 3 {
            let r = run.min(138);
            runs.push(if r >= 11 { (18, 7, r as u32 - 11) } else { (17, 3, r as u32 - 3) });
            i += r;
        } else if l != 0 && run >= 4 {
            let r = (run - 1).min(6);
            runs.push((l, 0, 0));
            runs.push((16, 2, r as u32 - 3));
            i += 1 + r;
        } else {
            runs.push((l, 0, 0));
            i += 1;
        }
    }
    let mut cl_freq = [0u32; 19];
    for &(s, _, _) in &runs {
        cl_freq[usize::from(s)] += 1;
    }
    let cl_len = code_lengths(&mut cl_freq, 7);
    let ncode = 4.max(CL_ORDER.iter().rposition(|&s| cl_len[usize::from(s)] > 0).unwrap_or(0) + 1);

    // Short inputs take fewer bits with the fixed codes than with a table of their own.
    let cost = |lit: &[u8], dist: &[u8]| -> usize {
        let sum =
            |freq: &[u32], len: &[u8]| freq.iter().zip(len).map(|(&f, &l)| f as usize * usize::from(l)).sum::<usize>();
        sum(&lit_used, lit) + sum(&dist_used, dist)
    };
    let header = 14
        + 3 * ncode
        + runs.iter().map(|&(s, bits, _)| usize::from(cl_len[usize::from(s)]) + bits as usize).sum::<usize>();
    let fixed = fixed_lengths();
    let dynamic = header + cost(&lit_len, &dist_len) < cost(&fixed[..286], &fixed[288..]);

    let mut out = Output { bytes: Vec::with_capacity(data.len() / 3 + 64), acc: 0, held: 0 };
    out.bytes.extend_from_slice(&[0x78, 0xda]);
    let (lit_len, dist_len) = if dynamic {
        out.put(0b101, 3); // the last block, dynamic Huffman codes
        out.put(nlen as u32 - 257, 5);
        out.put(ndist as u32 - 1, 5);
        out.put(ncode as u32 - 4, 4);
        for &s in &CL_ORDER[..ncode] {
            out.put(u32::from(cl_len[usize::from(s)]), 3);
        }
        let cl_code = codes(&cl_len);
        for &(s, bits, value) in &runs {
            out.put(u32::from(cl_code[usize::from(s)]), u32::from(cl_len[usize::from(s)]));
            out.put(value, bits);
        }
        (lit_len, dist_len)
    } else {
        out.put(0b011, 3); // the last block, fixed Huffman codes
        (fixed[..288].to_vec(), fixed[288..].to_vec())
    };
    let (lit_code, dist_code) = (codes(&lit_len), codes(&dist_len));
    fn symbol(out: &mut Output, codes: &[u16], lengths: &[u8], s: usize) {
        out.put(u32::from(codes[s]), u32::from(lengths[s]));
    }
    for &t in &tokens {
        if t < 256 {
            symbol(&mut out, &lit_code, &lit_len, t as usize);
            continue;
        }
        let (len, dist) = (t >> 16, t & 0xffff);
        let code = code_of(&LEN_BASE, len);
        symbol(&mut out, &lit_code, &lit_len, 257 + code);
        out.put(len - u32::from(LEN_BASE[code]), len_extra(code));
        let code = code_of(&DIST_BASE, dist);
        symbol(&mut out, &dist_code, &dist_len, code);
        out.put(dist - u32::from(DIST_BASE[code]), dist_extra(code));
    }
    symbol(&mut out, &lit_code, &lit_len, 256);
    out.put(0, 7); // flush the last partial byte
    let mut bytes = out.bytes;
    bytes.extend_from_slice(&adler32(data).to_be_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"a".to_vec(),
            b"abcabcabcabcabcabcabc".to_vec(),
            vec![0; 100_000],
            (0..=255u8).cycle().take(70_000).collect(),
        ];
        for e in crate::examples::EXAMPLES {
            out.push(format!("{}{}", e.jobspec, e.nodes).into_bytes());
        }
        // Pseudo-random bytes: incompressible, and every byte value.
        let mut x = 0x1234_5678_u32;
        out.push(
            (0..50_000)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    x as u8
                })
                .collect(),
        );
        // Text with long-distance repeats.
        out.push("node \"n\" { network { device = \"eth0\" cidr = \"10.0.0.1/32\" } }\n".repeat(3000).into_bytes());
        out
    }

    #[test]
    fn the_tables_match_rfc_1951() {
        assert_eq!(&LEN_BASE[..10], &[3, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
        assert_eq!(&LEN_BASE[24..], &[131, 163, 195, 227, 258]);
        assert_eq!((len_extra(7), len_extra(8), len_extra(27), len_extra(28)), (0, 1, 5, 0));
        assert_eq!(&DIST_BASE[..6], &[1, 2, 3, 4, 5, 7]);
        assert_eq!(DIST_BASE[29], 24577);
        assert_eq!((dist_extra(3), dist_extra(4), dist_extra(29)), (0, 1, 13));
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn round_trips_and_miniz_reads_what_we_write() {
        for data in samples() {
            for effort in [1, 8, 1024] {
                let packed = compress(&data, effort);
                assert_eq!(decompress(&packed, data.len()).as_deref(), Ok(&data[..]), "{} bytes", data.len());
                assert_eq!(miniz_oxide::inflate::decompress_to_vec_zlib(&packed).ok().as_deref(), Some(&data[..]));
            }
        }
    }

    #[test]
    fn reads_what_miniz_writes_at_every_level() {
        for data in samples() {
            for level in 0..=10 {
                let packed = miniz_oxide::deflate::compress_to_vec_zlib(&data, level);
                assert_eq!(decompress(&packed, usize::MAX).as_deref(), Ok(&data[..]), "level {level}");
            }
        }
    }

    #[test]
    fn compresses_about_as_well_as_miniz() {
        for data in samples() {
            let ours = compress(&data, 1024).len();
            let theirs = miniz_oxide::deflate::compress_to_vec_zlib(&data, 9).len();
            assert!(ours <= theirs + theirs / 20 + 8, "{} bytes: ours {ours}, miniz {theirs}", data.len());
        }
    }

    #[test]
    fn limits_and_damage() {
        let data = b"hello hello hello hello".to_vec();
        let packed = compress(&data, 64);
        assert_eq!(decompress(&packed, data.len() - 1), Err(TooLarge));
        for cut in 0..packed.len() {
            assert!(decompress(&packed[..cut], 1000).is_err(), "cut at {cut}");
        }
        // Any altered bit is refused, except the padding bits before the checksum.
        for i in 0..packed.len() {
            for bit in 0..8 {
                let mut bad = packed.clone();
                bad[i] ^= 1 << bit;
                let result = decompress(&bad, 1000);
                if i < 2 || i >= packed.len() - 4 {
                    assert!(result.is_err(), "byte {i} bit {bit}");
                }
            }
        }
        assert_eq!(decompress(b"", 10), Err(Damaged));
        assert_eq!(decompress(b"hello world", 10), Err(Damaged));
    }
}

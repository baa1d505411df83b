//! Decimal numbers to and from `f64`, exactly as the standard library reads and writes them.
//!
//! The standard library's float parsing and printing carry about 25 KB of tables and fast paths,
//! the largest single piece of the web build after the UI; numbers with a fraction or an exponent
//! are rare in jobspecs, and scores are printed a few at a time, so this module takes the plain
//! road with a little big-integer arithmetic instead:
//!
//! - [`parse_f64`]: the digits become a big integer, which is scaled by the power of ten exactly
//!   (multiplied, or divided with the remainder kept as a "sticky" bit), and then rounded to 53
//!   bits, half to even.
//! - [`format_f64`]: Steele & White's / Burger & Dybvig's shortest digits with big integers (the
//!   algorithm the standard library falls back to when its fast path gives up), so the output is
//!   the same: the fewest digits that read back as the number, the closest of them.
//!
//! Tests compare both with the standard library on random numbers and on the hardest cases (the
//! midpoints between two doubles, powers of two, subnormals).

/// Significant digits kept; the rest only count as "more nonzero digits". Every double and
/// every midpoint between two doubles has at most 768 significant digits, so a literal cut after
/// 800 rounds the same way once a nonzero digit stands in for what was cut.
const MAX_DIGITS: usize = 800;

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (at least one digit before the exponent; `1.`
/// and `.5` are numbers) to the nearest `f64`, ties to even; too large is infinite. `None` for
/// anything else (unlike `str::parse`, also for `inf` and `NaN`, which no caller passes).
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let negative = bytes.first() == Some(&b'-');
    let mut i = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    let mut digits: Vec<u8> = Vec::new();
    let (mut any_digit, mut seen_point, mut cut_nonzero) = (false, false, false);
    // The value is `digits × 10^exponent`.
    let mut exponent: i64 = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                any_digit = true;
                exponent -= i64::from(seen_point);
                if digits.len() < MAX_DIGITS {
                    if !digits.is_empty() || b != b'0' {
                        digits.push(b - b'0');
                    }
                } else {
                    exponent += 1;
                    cut_nonzero |= b != b'0';
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' if any_digit => break,
            _ => return None,
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if i < bytes.len() {
        let rest = &bytes[i + 1..];
        let (sign, rest) = match rest.first() {
            Some(b'-') => (-1, &rest[1..]),
            Some(b'+') => (1, &rest[1..]),
            _ => (1, rest),
        };
        if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let written = rest.iter().fold(0i64, |e, &d| (e * 10 + i64::from(d - b'0')).min(1_000_000));
        exponent += sign * written;
    }
    let magnitude = magnitude(digits, exponent, cut_nonzero);
    Some(if negative { -magnitude } else { magnitude })
}

fn magnitude(mut digits: Vec<u8>, mut exponent: i64, cut_nonzero: bool) -> f64 {
    if digits.is_empty() {
        return 0.0;
    }
    if cut_nonzero {
        digits.push(1);
        exponent -= 1;
    }
    // The value lies in [10^(order - 1), 10^order).
    let order = digits.len() as i64 + exponent;
    if order > 309 {
        return f64::INFINITY;
    }
    if order < -324 {
        return 0.0;
    }
    let mut big: Vec<u32> = Vec::new();
    for &d in &digits {
        mul_add(&mut big, 10, u32::from(d));
    }
    if exponent >= 0 {
        for _ in 0..exponent {
            mul_add(&mut big, 10, 0);
        }
        return round(&big, 0, false);
    }
    // value = big / 10^k = (big × 2^s / 5^k) × 2^-(s + k), with at least 64 bits in the quotient.
    let k = exponent.unsigned_abs() as usize;
    let s = (k * 2322 / 1000 + 68).saturating_sub(bit_length(&big));
    shift_left(&mut big, s);
    let mut sticky = false;
    let mut left = k;
    while left > 0 {
        let step = left.min(13);
        sticky |= div_rem(&mut big, 5u32.pow(step as u32)) != 0;
        left -= step;
    }
    round(&big, -((s + k) as i64), sticky)
}

/// `big × 2^exp` (plus a little more when `sticky`) rounded to the nearest `f64`, ties to even.
fn round(big: &[u32], exp: i64, sticky: bool) -> f64 {
    let len = bit_length(big) as i64;
    // Bits dropped: down to 53 significant bits, or to the subnormals' fixed 2^-1074.
    let shift = (len - 53).max(-1074 - exp);
    let (mut mantissa, mut exp) = if shift <= 0 {
        (bits(big, 0) << -shift, exp + shift)
    } else {
        let at = shift as usize;
        let kept = bits(big, at) & ((1 << 53) - 1);
        let half = bit(big, at - 1);
        let below = sticky || (0..at - 1).any(|i| bit(big, i));
        (kept + u64::from(half && (below || kept & 1 == 1)), exp + shift)
    };
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        exp += 1;
    }
    if mantissa < 1 << 52 {
        // A subnormal (or zero): its exponent is the fixed 2^-1074.
        return f64::from_bits(mantissa);
    }
    let biased = exp + 52 + 1023;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits((biased as u64) << 52 | (mantissa & ((1 << 52) - 1)))
}

/// Formats `x` as `format!("{x}")` does: the shortest digits that read back as `x` (the closest
/// to `x` of them, ties up), in plain decimal notation (`0.001`, `1e21` as 22 digits, `1.0` as
/// `1`, `-0.0` as `-0`, `NaN`, `inf`).
pub fn format_f64(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    let mut out = String::from(if x.is_sign_negative() { "-" } else { "" });
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }
    if x == 0.0 {
        out.push('0');
        return out;
    }
    // The value is 0.d1d2d3... × 10^point.
    let (digits, point) = shortest(x.abs());
    let zeros = |out: &mut String, n: i32| out.extend(std::iter::repeat_n('0', n.max(0) as usize));
    let len = digits.len() as i32;
    if point <= 0 {
        out.push_str("0.");
        zeros(&mut out, -point);
        out.push_str(&digits);
    } else if point < len {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    } else {
        out.push_str(&digits);
        zeros(&mut out, point - len);
    }
    out
}

/// The shortest digits of a positive finite `x` and the position of the decimal point.
fn shortest(x: f64) -> (String, i32) {
    let bits = x.to_bits();
    let (biased, fraction) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
    // `x` = mant × 2^exp; the doubles next to it are `minus` and `plus` units of 2^exp away,
    // halved (the rounding interval), with the same conventions as the standard library.
    let (mant, exp) = if biased == 0 { (fraction << 1, -1075) } else { (fraction | 1 << 52, biased - 1075) };
    let inclusive = mant & 1 == 0;
    let (mant, minus, plus, exp) = if biased == 0 {
        (mant, 1, 1, exp)
    } else if mant == 1 << 52 {
        (mant << 2, 1, 2, exp - 2)
    } else {
        (mant << 1, 1, 1, exp - 1)
    };
    // Below the interval's end when inclusive, else below or at it.
    let before = |a: &[u32], b: &[u32]| if inclusive { compare(a, b).is_le() } else { compare(a, b).is_lt() };

    // Estimate the decimal exponent k (at most one too small), then scale so that
    // mant / scale = x / 10^k.
    let nbits = 64 - i64::from((mant + plus - 1).leading_zeros());
    let mut k = (((nbits + i64::from(exp)) * 1_292_913_986) >> 32) as i32;
    let (mut mant, mut minus, mut plus) = (big(mant), big(minus), big(plus));
    let mut scale = big(1);
    if exp < 0 {
        shift_left(&mut scale, exp.unsigned_abs() as usize);
    } else {
        for b in [&mut mant, &mut minus, &mut plus] {
            shift_left(b, exp as usize);
        }
    }
    for _ in 0..k.unsigned_abs() {
        if k >= 0 {
            mul_add(&mut scale, 10, 0);
        } else {
            for b in [&mut mant, &mut minus, &mut plus] {
                mul_add(b, 10, 0);
            }
        }
    }
    if before(&scale, &add(&mant, &plus)) {
        k += 1;
    } else {
        for b in [&mut mant, &mut minus, &mut plus] {
            mul_add(b, 10, 0);
        }
    }

    let mut digits = Vec::new();
    let (down, up) = loop {
        let mut d = b'0';
        while compare(&mant, &scale).is_ge() {
            subtract(&mut mant, &scale);
            d += 1;
        }
        digits.push(d);
        let down = before(&mant, &minus);
        let up = before(&scale, &add(&mant, &plus));
        if down || up {
            break (down, up);
        }
        for b in [&mut mant, &mut minus, &mut plus] {
            mul_add(b, 10, 0);
        }
    };
    // Between two candidates, the closer one; halfway rounds up.
    let mut twice = mant;
    shift_left(&mut twice, 1);
    if up && (!down || compare(&twice, &scale).is_ge()) {
        match digits.iter().rposition(|&c| c != b'9') {
            Some(i) => {
                digits[i] += 1;
                digits[i + 1..].fill(b'0');
            }
            None => {
                digits.fill(b'0');
                digits[0] = b'1';
                digits.push(b'0');
                k += 1;
            }
        }
    }
    (digits.into_iter().map(char::from).collect(), k)
}

// ---- a little unsigned big-integer arithmetic on little-endian 32-bit limbs ----
fn big(value: u64) -> Vec<u32> {
    let mut out = vec![value as u32, (value >> 32) as u32];
    trim(&mut out);
    out
}

fn trim(big: &mut Vec<u32>) {
    while big.last() == Some(&0) {
        big.pop();
    }
}

fn compare(a: &[u32], b: &[u32]) -> std::cmp::Ordering {
    let (a, b) = (&a[..significant(a)], &b[..significant(b)]);
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn significant(big: &[u32]) -> usize {
    big.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1)
}

fn add(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0u64;
    for i in 0..a.len().max(b.len()) {
        let sum = u64::from(a.get(i).copied().unwrap_or(0)) + u64::from(b.get(i).copied().unwrap_or(0)) + carry;
        out.push(sum as u32);
        carry = sum >> 32;
    }
    out.push(carry as u32);
    trim(&mut out);
    out
}

/// `a -= b`, for `a >= b`.
fn subtract(a: &mut Vec<u32>, b: &[u32]) {
    let mut borrow = 0i64;
    for (i, limb) in a.iter_mut().enumerate() {
        let diff = i64::from(*limb) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        *limb = diff as u32;
        borrow = i64::from(diff < 0);
    }
    trim(a);
}

fn mul_add(big: &mut Vec<u32>, factor: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in big.iter_mut() {
        let x = u64::from(*limb) * u64::from(factor) + carry;
        *limb = x as u32;
        carry = x >> 32;
    }
    if carry > 0 {
        big.push(carry as u32);
    }
}

fn shift_left(big: &mut Vec<u32>, s: usize) {
    let (limbs, bits) = (s / 32, (s % 32) as u32);
    if bits > 0 {
        let mut carry = 0;
        for limb in big.iter_mut() {
            let x = (u64::from(*limb) << bits) | carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            big.push(carry as u32);
        }
    }
    big.splice(0..0, std::iter::repeat_n(0, limbs));
}

/// Divides in place; returns the remainder.
fn div_rem(big: &mut Vec<u32>, divisor: u32) -> u32 {
    let mut rem = 0u64;
    for limb in big.iter_mut().rev() {
        let x = (rem << 32) | u64::from(*limb);
        *limb = (x / u64::from(divisor)) as u32;
        rem = x % u64::from(divisor);
    }
    trim(big);
    rem as u32
}

fn bit_length(big: &[u32]) -> usize {
    big.iter().rposition(|&l| l != 0).map_or(0, |i| i * 32 + 32 - big[i].leading_zeros() as usize)
}

fn bit(big: &[u32], i: usize) -> bool {
    big.get(i / 32).is_some_and(|l| l >> (i % 32) & 1 == 1)
}

/// The 64 bits from bit `from` up.
fn bits(big: &[u32], from: usize) -> u64 {
    (0..64).filter(|&k| bit(big, from + k)).fold(0, |acc, k| acc | 1 << k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str) {
        let ours = parse_f64(text);
        let std = text.parse::<f64>().ok();
        assert_eq!(ours.map(f64::to_bits), std.map(f64::to_bits), "{text}: ours {ours:?}, std {std:?}");
    }

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn same_text(x: f64) {
        assert_eq!(format_f64(x), format!("{x}"), "bits {:#x}", x.to_bits());
    }

    #[test]
    fn formats_as_display_does() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.2,
            0.3,
            1.5,
            100.0,
            1e21,
            1e22,
            1e23,
            123456789.0,
            0.001,
            1e-7,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            9007199254740993.0,
            2.0f64.powi(60),
            0.5,
            0.25,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            12.3457,
            -0.0001,
            17.9999,
            2.5,
            1e15,
            1e16,
            1e17,
        ] {
            same_text(x);
        }
        // Powers of two (the uneven intervals), subnormals and their neighbours.
        for bits in (0..52).map(|k| 1u64 << k).chain((1..2047).map(|e| e << 52)) {
            for x in [bits - 1, bits, bits + 1] {
                same_text(f64::from_bits(x));
            }
        }
        for bits in (0..2000).chain((1 << 52) - 1000..(1 << 52) + 1000) {
            same_text(f64::from_bits(bits));
        }
    }

    #[test]
    fn formats_random_doubles_as_display_does() {
        let mut rng = Rng(2024);
        for _ in 0..30_000 {
            let x = f64::from_bits(rng.next());
            same_text(x);
        }
        // Numbers of few digits, like scores and sizes.
        for _ in 0..30_000 {
            let digits = rng.below(1_000_000_000) as f64;
            let scale = 10f64.powi(rng.below(30) as i32 - 15);
            same_text(digits * scale);
            same_text(digits / 10_000.0);
            same_text((digits * 1e-4 * 10_000.0).round() / 10_000.0);
        }
    }

    #[test]
    fn literals_and_forms() {
        for text in [
            "0",
            "-0",
            "+0",
            "0.0",
            "1",
            "1.",
            ".5",
            "-.5",
            "1.5",
            "1e3",
            "1E3",
            "1e+3",
            "1e-3",
            "-2.5E-1",
            "0159.5",
            "1.e5",
            "00000.000001e6",
            "9223372036854775808",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.797693134862315807e308",
            "2e308",
            "1e309",
            "1e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "4.9e-324",
            "5e-324",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "1e-400",
            "1e400",
            "0e999999999",
            "123456789012345678901234567890",
            "0.1",
            "0.2",
            "0.3",
            "9007199254740993",
            "9007199254740992.5",
            "1e23",
            "8.988465674311579e307",
            "4.35679845e-5",
        ] {
            same(text);
        }
        for bad in ["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1x", " 1", "1 ", "--1", "1e5e5", ".e1"] {
            assert_eq!(parse_f64(bad), None, "{bad}");
            assert!(bad.parse::<f64>().is_err(), "{bad}");
        }
        same(&format!("1{}", "0".repeat(400)));
        same(&format!("0.{}1", "0".repeat(400)));
        same(&format!("{}e-1000", "7".repeat(1500)));
        same(&format!("1.{}1e5", "0".repeat(2000)));
    }

    #[test]
    fn random_literals() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..30_000 {
            let longest = if rng.below(4) == 0 { 40 } else { 20 };
            let len = 1 + rng.below(longest) as usize;
            let mut text: String = (0..len).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
            if rng.below(2) == 0 {
                let at = rng.below(len as u64 + 1) as usize;
                text.insert(at, '.');
            }
            if rng.below(2) == 0 {
                let e = rng.below(700) as i64 - 350;
                text.push_str(&format!("e{e}"));
            }
            same(&text);
        }
    }

    #[test]
    fn doubles_round_trip() {
        let mut rng = Rng(12345);
        for _ in 0..50_000 {
            let x = f64::from_bits(rng.next() & !(1 << 63));
            if !x.is_finite() {
                continue;
            }
            for text in [format!("{x}"), format!("{x:e}"), format!("{x:.20e}"), format!("{x:.3e}")] {
                same(&text);
            }
        }
    }

    /// The exact decimal value of a finite double, as (digits, exponent of the last digit).
    fn exact(x: f64) -> (Vec<u8>, i64) {
        let text = format!("{x:.1100e}");
        let (mantissa, e) = text.split_once('e').expect("exponent");
        let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        let e: i64 = e.parse().expect("exponent");
        let n = digits.len() as i64;
        (digits, e - (n - 1))
    }

    fn text((digits, e): &(Vec<u8>, i64)) -> String {
        let d: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        format!("{d}e{e}")
    }

    /// The midpoint of two doubles, exactly: their decimal expansions added and halved.
    fn midpoint(a: f64, b: f64) -> (Vec<u8>, i64) {
        let ((mut da, ea), (mut db, eb)) = (exact(a), exact(b));
        let e = ea.min(eb) - 1;
        da.extend(std::iter::repeat_n(0, (ea - e) as usize));
        db.extend(std::iter::repeat_n(0, (eb - e) as usize));
        let n = da.len().max(db.len()) + 1;
        let pad = |d: Vec<u8>| [vec![0; n - d.len()], d].concat();
        let (da, db) = (pad(da), pad(db));
        let mut sum = vec![0u8; n];
        let mut carry = 0;
        for i in (0..n).rev() {
            let s = da[i] + db[i] + carry;
            sum[i] = s % 10;
            carry = s / 10;
        }
        // Halve: with the extra trailing zero digit, the result stays an integer.
        let mut rem = 0;
        for d in sum.iter_mut() {
            let v = rem * 10 + *d;
            *d = v / 2;
            rem = v % 2;
        }
        (sum, e)
    }

    #[test]
    fn midpoints_between_doubles_round_to_even() {
        let mut rng = Rng(777);
        let mut cases: Vec<f64> = vec![0.0, f64::MIN_POSITIVE, 1.0, 9007199254740992.0, f64::MAX / 2.0];
        cases.extend((0..300).map(|_| f64::from_bits(rng.next() & !(1 << 63))).filter(|x| x.is_finite()));
        cases.extend((0..100).map(|_| f64::from_bits(rng.below(1 << 53))));
        for a in cases {
            let b = f64::from_bits(a.to_bits() + 1);
            if !b.is_finite() {
                continue;
            }
            let mid = midpoint(a, b);
            same(&text(&mid));
            // Just above and just below the midpoint.
            let (mut up, e) = mid.clone();
            up.extend([0, 0, 1]);
            same(&text(&(up, e - 3)));
            let (mut down, e) = mid.clone();
            if let Some(last) = down.iter().rposition(|&d| d > 0) {
                down[last] -= 1;
                down.extend([9, 9, 9]);
                same(&text(&(down, e - 3)));
            }
        }
    }
}

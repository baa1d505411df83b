//! Case mapping the way Nomad's Go code does it: env keys (`NOMAD_META_<KEY>`) and the HCL2
//! functions `upper`, `lower` and `title`, which go-cty implements with Go's `strings.ToUpper`,
//! `strings.ToLower` and `strings.Title`.
//!
//! Nomad builds `NOMAD_META_<KEY>` with Go's `strings.ToUpper`, in 0.2 (`SetMeta` in
//! `client/driver/environment`) and in 1.x (`taskenv.Builder`, which also keeps the key as
//! written; 1.x then cleans both names with `CleanEnvVar`). `strings.ToUpper` maps each rune on
//! its own through `unicode.ToUpper`, which is Unicode's *simple* upper-case mapping
//! (`UnicodeData.txt`, one code point to one code point). Rust's `str::to_uppercase` and
//! `char::to_uppercase` apply the *full* mapping, which adds `SpecialCasing.txt`'s one-to-many
//! entries. The two agree on every code point except those entries:
//!
//! - most of them have no simple mapping, so Go leaves them as they are: `ß` (std: `SS`), `ŉ`
//!   (`ʼN`), `ǰ`, `ΐ`, `ΰ`, `և`, the ligatures `ﬀ`…`ﬆ` and `ﬓ`…`ﬗ`, the Greek letters with a
//!   breathing or accent and a following iota (`ᾲ`, `ᾴ`, `ᾶ`, `ᾷ`, …), and the title-case Greek
//!   letters with prosgegrammeni (`ᾈ`…`ᾏ`, `ᾼ`, …), which are already capitals in the simple
//!   mapping;
//! - the small Greek letters with ypogegrammeni (`ᾀ`…`ᾇ`, `ᾐ`…`ᾗ`, `ᾠ`…`ᾧ`, `ᾳ`, `ῃ`, `ῳ`) have
//!   a simple mapping to their title-case form (`ᾳ` → `ᾼ`), where std writes capital + `Ι`.
//!
//! So [`go_to_upper`] takes std's mapping where it yields exactly one character and asks
//! `icu_casemap` (ICU4X's simple case mapping) for the others. A key such as `straße` therefore
//! becomes `STRAßE` as under Nomad (`NOMAD_META_STRAßE` in 0.2; `NOMAD_META_STRA__E` once 1.x
//! has cleaned it), not `STRASSE`.
//!
//! Taking std first also keeps the one-character cases on the older of the two Unicode versions
//! (Rust 1.95: Unicode 17; ICU4X 2.4: Unicode 18, which adds capitals for a few existing small
//! letters such as `ɷ`), the closer one to Go's.
//!
//! One difference remains and is accepted: the Unicode version. A Nomad binary uses the tables
//! of the Go release that built it (Unicode 7 or 8 for 0.2, 11 to 15 for 1.x); netplay uses the
//! Unicode version of its Rust release. Only letters that gained a case mapping in between
//! differ, for example the Georgian Mkhedruli letters (`ა` → `Ა` since Unicode 11, left alone by
//! Nomad 0.2) or letters added to Unicode after that Go release.

use icu_casemap::CaseMapper;

/// Upper-cases `text` as Go's `strings.ToUpper` does: each character by its simple Unicode
/// mapping, never one character into several.
pub fn go_to_upper(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    let icu = CaseMapper::new();
    each_simply(text, char::to_uppercase, |c| icu.simple_uppercase(c))
}

/// Lower-cases `text` as Go's `strings.ToLower` does: each character by its simple mapping.
/// std's full mapping differs on `İ` (std `i̇`, Go `i`) and on a final `Σ` (std `ς` at the end
/// of a word, Go `σ` everywhere).
pub fn go_to_lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let icu = CaseMapper::new();
    each_simply(text, char::to_lowercase, |c| icu.simple_lowercase(c))
}

/// Maps every character on its own: std's `full` mapping where it gives one character, the
/// `simple` (ICU4X) mapping where std would write several.
fn each_simply<I: Iterator<Item = char>>(
    text: &str,
    full: impl Fn(char) -> I,
    simple: impl Fn(char) -> char,
) -> String {
    text.chars()
        .map(|c| {
            let mut mapped = full(c);
            match (mapped.next(), mapped.next()) {
                (Some(one), None) => one,
                _ => simple(c),
            }
        })
        .collect()
}

/// The title case of one character as Go's `unicode.ToTitle` gives it (simple mapping): what
/// `strings.Title` puts at the start of a word. It differs from the upper case for the Latin
/// digraphs (`ǆ` → `ǅ`, not `Ǆ`).
pub fn go_to_title(c: char) -> char {
    CaseMapper::new().simple_titlecase(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_and_title_follow_go() {
        assert_eq!(go_to_lower("HELLO"), "hello");
        assert_eq!(go_to_lower("İSTANBUL"), "istanbul");
        assert_eq!("İ".to_lowercase(), "i\u{307}", "std's full mapping");
        assert_eq!(go_to_lower("ΟΔΟΣ"), "οδοσ");
        assert_eq!("ΟΔΟΣ".to_lowercase(), "οδος", "std's final sigma");
        assert_eq!(go_to_title('ǆ'), 'ǅ');
        assert_eq!(go_to_title('a'), 'A');
        assert_eq!(go_to_title('ß'), 'ß');
    }

    fn upper(c: char) -> String {
        go_to_upper(c.encode_utf8(&mut [0; 4]))
    }

    #[test]
    fn ascii_and_ordinary_letters() {
        assert_eq!(go_to_upper("foo_bar.1-x"), "FOO_BAR.1-X");
        assert_eq!(go_to_upper(""), "");
        assert_eq!(go_to_upper("ünïcödé_ǳ_µ_ſ_ı"), "ÜNÏCÖDÉ_Ǳ_Μ_S_I");
        assert_eq!(go_to_upper("привет_γειά"), "ПРИВЕТ_ΓΕΙΆ");
    }

    #[test]
    fn one_to_many_mappings_stay_one_character() {
        // Where std's full mapping writes several characters, Go keeps the letter.
        for (c, std) in [
            ('ß', "SS"),
            ('ŉ', "\u{2BC}N"),
            ('ǰ', "J\u{30C}"),
            ('ΐ', "\u{399}\u{308}\u{301}"),
            ('ΰ', "\u{3A5}\u{308}\u{301}"),
            ('ﬀ', "FF"),
            ('ﬃ', "FFI"),
            ('և', "ԵՒ"),
            ('ᾶ', "\u{391}\u{342}"),
            ('ᾈ', "\u{1F08}\u{399}"),
            ('ᾼ', "\u{391}\u{399}"),
        ] {
            assert_eq!(c.to_uppercase().to_string(), std, "std, U+{:04X}", c as u32);
            assert_eq!(upper(c), c.to_string(), "U+{:04X}", c as u32);
        }
        assert_eq!(go_to_upper("straße"), "STRAßE");
    }

    #[test]
    fn ypogegrammeni_letters_map_to_their_title_case() {
        for (c, simple) in [('ᾳ', 'ᾼ'), ('ῃ', 'ῌ'), ('ῳ', 'ῼ'), ('ᾀ', 'ᾈ'), ('ᾗ', 'ᾟ'), ('ᾧ', 'ᾯ')]
        {
            assert_eq!(c.to_uppercase().count(), 2, "U+{:04X}", c as u32);
            assert_eq!(upper(c), simple.to_string(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn title_case_digraphs_map_to_capitals() {
        // `ǅ`, `ǈ`, `ǋ`, `ǲ` are title case; Go's ToUpper gives the all-capital digraph.
        for (c, capital) in [('ǅ', 'Ǆ'), ('ǆ', 'Ǆ'), ('ǈ', 'Ǉ'), ('ǋ', 'Ǌ'), ('ǲ', 'Ǳ')] {
            assert_eq!(upper(c), capital.to_string(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn every_code_point_maps_to_one_and_agrees_with_std_where_std_gives_one() {
        let (mut differing, mut newer) = (Vec::new(), 0);
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let ours = upper(c);
            assert_eq!(ours.chars().count(), 1, "U+{:04X}", c as u32);
            let full: String = c.to_uppercase().collect();
            if full.chars().count() == 1 {
                // ICU4X's simple mapping is the same data as std's one-character results.
                // ICU4X's simple mapping is the same data, except that its Unicode version may be
                // newer than std's: then it maps letters that std (and every Go) leaves alone.
                let icu = CaseMapper::new().simple_uppercase(c);
                if icu.to_string() != full {
                    assert_eq!(full, c.to_string(), "U+{:04X}: std {full}, icu {icu}", c as u32);
                    newer += 1;
                }
            } else if ours != c.to_string() {
                differing.push(c);
            }
        }
        // The only multi-character cases that still change are the 27 ypogegrammeni letters.
        assert_eq!(differing.len(), 27, "{differing:?}");
        assert!(differing.iter().all(|&c| ('\u{1F80}'..='\u{1FF3}').contains(&c)), "{differing:?}");
        // A handful of new mappings at most (20 with ICU4X 2.4's Unicode 18 and Rust 1.95's 17).
        assert!(newer < 100, "{newer}");
    }
}

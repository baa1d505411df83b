//! `formatdate` and `timeadd` (cty `stdlib/datetime.go`). No clock: both only transform the
//! RFC 3339 timestamp they are given.

use super::values::{fixed, invalid, string};
use hcl::Value;
use hcl::eval::FuncArgs;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

fn parse_timestamp(s: &str) -> Result<OffsetDateTime, String> {
    if s.len() >= 10 && s.is_char_boundary(10) && !s[10..].starts_with(['T', 't']) {
        return Err("not a valid RFC3339 timestamp: missing required time introducer 'T'".to_string());
    }
    OffsetDateTime::parse(s, &Rfc3339).map_err(|e| format!("not a valid RFC3339 timestamp: {e}"))
}

/// Go's `time.RFC3339` layout: no fractional seconds, `Z` for a zero offset.
fn rfc3339(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        zone(t, "Z07:00")
    )
}

/// The offset in one of Go's layouts: `Z07:00` (`Z` when zero), `-0700` or `-07:00`.
fn zone(t: OffsetDateTime, layout: &str) -> String {
    let offset = t.offset();
    if layout == "Z07:00" && offset.is_utc() {
        return "Z".to_string();
    }
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    let (h, m) = (h.unsigned_abs(), m.unsigned_abs());
    if layout == "-0700" { format!("{sign}{h:02}{m:02}") } else { format!("{sign}{h:02}:{m:02}") }
}

/// Go's `time.ParseDuration` in nanoseconds.
pub(crate) fn parse_duration(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration \"{text}\"");
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        let scale = match unit {
            "" => return Err(format!("time: missing unit in duration \"{text}\"")),
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            other => return Err(format!("time: unknown unit \"{other}\" in duration \"{text}\"")),
        };
        total += value * scale;
        rest = &rest[unit_len..];
    }
    if total >= 9.223_372_036_854_776e18 {
        return Err(invalid());
    }
    let nanos = total.round() as i64;
    Ok(if negative { -nanos } else { nanos })
}

/// `timeadd(timestamp, duration)`.
pub(super) fn timeadd(args: FuncArgs) -> Result<Value, String> {
    let [ts, duration] = fixed(&args, ["timestamp", "duration"])?;
    let t = parse_timestamp(&string(ts, "timestamp")?)?;
    let nanos = parse_duration(&string(duration, "duration")?)?;
    let later = t.checked_add(time::Duration::nanoseconds(nanos)).ok_or("the resulting time is out of range")?;
    Ok(Value::from(rfc3339(later)))
}

/// `formatdate(format, time)`: `YYYY YY MMMM MMM MM M DD D EEEE EEE hh h HH H AA aa mm m ss s
/// ZZZZZ ZZZZ ZZZ Z`, other letters are errors, `'...'` is literal text (`''` a quote).
pub(super) fn formatdate(args: FuncArgs) -> Result<Value, String> {
    let [fmt, ts] = fixed(&args, ["format", "time"])?;
    let fmt = string(fmt, "format")?;
    let t = parse_timestamp(&string(ts, "time")?).map_err(|e| invalid("time", e))?;
    let bad = |tok: &str, why: &str| {
        let why = if why.is_empty() { String::new() } else { format!(": {why}") };
        invalid("format", format!("invalid date format verb \"{tok}\"{why}"))
    };
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut rest = chars.as_slice();
    while let [c, after @ ..] = rest {
        let c = *c;
        if c == '\'' {
            if let ['\'', after @ ..] = after {
                out.push('\'');
                rest = after;
                continue;
            }
            // A literal up to the next lone quote; two quotes inside stand for one.
            let mut literal = after;
            let mut closed = false;
            while let [d, more @ ..] = literal {
                literal = more;
                if *d == '\'' {
                    if let ['\'', more @ ..] = more {
                        out.push('\'');
                        literal = more;
                        continue;
                    }
                    closed = true;
                    break;
                }
                out.push(*d);
            }
            if !closed {
                return Err(invalid("format", "unterminated literal '"));
            }
            rest = literal;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            rest = after;
            continue;
        }
        let run = rest.iter().take_while(|&&d| d == c).count();
        // `run` counts a prefix of `rest`, so the split always succeeds.
        let (tok, after) = rest.split_at_checked(run).unwrap_or((rest, &[]));
        let tok: String = tok.iter().collect();
        rest = after;
        let num = |n: u32, width: usize| if width == 2 { format!("{n:02}") } else { n.to_string() };
        let text = match (c, run) {
            ('Y', 2) => format!("{:02}", t.year().rem_euclid(100)),
            ('Y', 4) => format!("{:04}", t.year()),
            ('Y', _) => return Err(bad(&tok, "year must either be \"YY\" or \"YYYY\"")),
            ('M', 1 | 2) => num(u32::from(u8::from(t.month())), run),
            ('M', 3 | 4) => {
                let name = t.month().to_string();
                if run == 3 { name[..3].to_string() } else { name }
            }
            ('M', _) => return Err(bad(&tok, "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")),
            ('D', 1 | 2) => num(u32::from(t.day()), run),
            ('D', _) => return Err(bad(&tok, "day of month must either be \"D\" or \"DD\"")),
            ('E', 3 | 4) => {
                let name = t.weekday().to_string();
                if run == 3 { name[..3].to_string() } else { name }
            }
            ('E', _) => return Err(bad(&tok, "day of week must either be \"EEE\" or \"EEEE\"")),
            ('h', 1 | 2) => num(u32::from(t.hour()), run),
            ('h', _) => return Err(bad(&tok, "24-hour must either be \"h\" or \"hh\"")),
            ('H', 1 | 2) => num(u32::from(if t.hour() % 12 == 0 { 12 } else { t.hour() % 12 }), run),
            ('H', _) => return Err(bad(&tok, "12-hour must either be \"H\" or \"HH\"")),
            ('A' | 'a', 2) => {
                let pm = t.hour() >= 12;
                match (c, pm) {
                    ('A', false) => "AM",
                    ('A', true) => "PM",
                    (_, false) => "am",
                    (_, true) => "pm",
                }
                .to_string()
            }
            ('A' | 'a', _) => return Err(bad(&tok, &format!("must be \"{c}{c}\""))),
            ('m', 1 | 2) => num(u32::from(t.minute()), run),
            ('m', _) => return Err(bad(&tok, "minute must either be \"m\" or \"mm\"")),
            ('s', 1 | 2) => num(u32::from(t.second()), run),
            ('s', _) => return Err(bad(&tok, "second must either be \"s\" or \"ss\"")),
            ('Z', 1) => zone(t, "Z07:00"),
            ('Z', 3) => match zone(t, "-0700").as_str() {
                "+0000" => "UTC".to_string(),
                other => other.to_string(),
            },
            ('Z', 4) => zone(t, "-0700"),
            ('Z', 5) => zone(t, "-07:00"),
            ('Z', _) => return Err(bad(&tok, "timezone must be Z, ZZZZ, or ZZZZZ")),
            _ => return Err(bad(&tok, "")),
        };
        out.push_str(&text);
    }
    Ok(Value::from(out))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn formatdate_verbs() {
        let t = s("2017-03-05T09:04:05-08:00");
        let f = |fmt: &str| ok("formatdate", vec![s(fmt), t.clone()]);
        assert_eq!(f("DD MMM YYYY hh:mm ZZZ"), s("05 Mar 2017 09:04 -0800"));
        assert_eq!(f("EEEE, MMMM D, YY"), s("Sunday, March 5, 17"));
        assert_eq!(f("EEE, DD MMM YYYY hh:mm:ss ZZZZ"), s("Sun, 05 Mar 2017 09:04:05 -0800"));
        assert_eq!(f("H:mmaa"), s("9:04am"));
        assert_eq!(f("HH AA M/D/YY h:m:s"), s("09 AM 3/5/17 9:4:5"));
        assert_eq!(f("ZZZZZ Z"), s("-08:00 -08:00"));
        assert_eq!(f("'Date:' YYYY 'o''clock' ''"), s("Date: 2017 o'clock '"));
        assert_eq!(ok("formatdate", vec![s("Z ZZZ"), s("2017-03-05T21:04:05Z")]), s("Z UTC"));
        assert_eq!(ok("formatdate", vec![s("HH aa"), s("2017-03-05T00:04:05Z")]), s("12 am"));
        assert!(
            err("formatdate", vec![s("YYY"), t.clone()])
                .contains(r#"invalid date format verb "YYY": year must either be "YY" or "YYYY""#)
        );
        assert!(err("formatdate", vec![s("q"), t.clone()]).contains(r#"invalid date format verb "q""#));
        assert!(err("formatdate", vec![s("'abc"), t.clone()]).contains("unterminated literal '"));
        assert!(err("formatdate", vec![s("YYYY"), s("2017-03-05")]).contains("not a valid RFC3339 timestamp"));
        assert!(
            err("formatdate", vec![s("YYYY"), s("2017-03-05 09:04:05Z")])
                .contains("missing required time introducer 'T'")
        );
    }

    #[test]
    fn timeadd_durations() {
        let t = s("2017-11-22T00:00:00Z");
        let f = |d: &str| ok("timeadd", vec![t.clone(), s(d)]);
        assert_eq!(f("10m"), s("2017-11-22T00:10:00Z"));
        assert_eq!(f("-1h30m"), s("2017-11-21T22:30:00Z"));
        assert_eq!(f("1.5h"), s("2017-11-22T01:30:00Z"));
        assert_eq!(f("24h0s"), s("2017-11-23T00:00:00Z"));
        assert_eq!(f("0"), t);
        assert_eq!(f("1500ms"), s("2017-11-22T00:00:01Z"), "fractional seconds are dropped as in Go's RFC3339 layout");
        assert_eq!(ok("timeadd", vec![s("2017-11-22T00:00:00+05:30"), s("1h")]), s("2017-11-22T01:00:00+05:30"));
        assert_eq!(err("timeadd", vec![t.clone(), s("1d")]), "time: unknown unit \"d\" in duration \"1d\"");
        assert_eq!(err("timeadd", vec![t.clone(), s("10")]), "time: missing unit in duration \"10\"");
        assert_eq!(err("timeadd", vec![t.clone(), s("abc")]), "time: invalid duration \"abc\"");
        assert_eq!(err("timeadd", vec![t.clone(), s("")]), "time: invalid duration \"\"");
        assert!(err("timeadd", vec![s("yesterday"), s("1h")]).starts_with("not a valid RFC3339 timestamp"));
    }
}

//! Port-range strings such as `"22,80,8000-8100"`, read exactly as Nomad's `ParsePortRanges`
//! reads them, with its error texts and its quirks: pieces are trimmed but the numbers around
//! a `-` are not (`"80 - 81"` fails), duplicates and overlaps are kept, and 65536 passes.
//!
//! 65536 passing is a bug in Nomad (the client crashes on it later); callers reject it with
//! [`reject_65536`].

use std::fmt;

/// Nomad's error for a port-range string; `Display` is Nomad's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortRangeError {
    /// `80,,81`.
    EmptyPort,
    /// Not an unsigned decimal number (Go's `strconv.ParseUint` syntax error).
    Syntax(String),
    /// A number larger than `u64` (Go's `strconv.ParseUint` range error).
    OutOfRange(String),
    /// `0`.
    Zero,
    /// A value above 65536.
    TooLarge(u64),
    /// `b < a` in `a-b`.
    Backwards {
        /// Start of the range.
        start: u64,
        /// End of the range.
        end: u64,
    },
    /// `1-2-3`.
    TooManyDashes,
    /// More than 65536 ports counted.
    TooMany,
}

impl fmt::Display for PortRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortRangeError::EmptyPort => f.write_str("can't specify empty port"),
            PortRangeError::Syntax(text) => write!(f, "strconv.ParseUint: parsing {text:?}: invalid syntax"),
            PortRangeError::OutOfRange(text) => write!(f, "strconv.ParseUint: parsing {text:?}: value out of range"),
            PortRangeError::Zero => f.write_str("port must be > 0"),
            PortRangeError::TooLarge(n) => write!(f, "port must be < 65536 but found {n}"),
            PortRangeError::Backwards { start, end } => {
                write!(f, "invalid range: ending value ({end}) less than starting ({start}) value")
            }
            PortRangeError::TooManyDashes => {
                f.write_str("can only parse single port numbers or port ranges (ex. 80,100-120,150)")
            }
            PortRangeError::TooMany => f.write_str("maximum of 65536 ports can be reserved"),
        }
    }
}

/// The most ports one string may expand to (Nomad's count, including its off-by-one).
const MAX_PORTS: u64 = 65_536;

/// Expands a port-range string into its ports, in order, duplicates kept.
pub fn parse_port_ranges(spec: &str) -> Result<Vec<u64>, PortRangeError> {
    let mut ports = Vec::new();
    if spec.is_empty() {
        return Ok(ports);
    }
    let mut count: u64 = 0;
    for part in spec.split(',') {
        let part = part.trim();
        let pieces: Vec<&str> = part.split('-').collect();
        match pieces.as_slice() {
            [single] => {
                if single.is_empty() {
                    return Err(PortRangeError::EmptyPort);
                }
                let port = parse_uint(single)?;
                if port == 0 {
                    return Err(PortRangeError::Zero);
                }
                if port > MAX_PORTS {
                    return Err(PortRangeError::TooLarge(port));
                }
                ports.push(port);
                count += 1;
            }
            [start, end] => {
                let start = parse_uint(start)?;
                let end = parse_uint(end)?;
                if end < start {
                    return Err(PortRangeError::Backwards { start, end });
                }
                if start == 0 {
                    return Err(PortRangeError::Zero);
                }
                if end > MAX_PORTS {
                    return Err(PortRangeError::TooLarge(end));
                }
                ports.extend(start..=end);
                count += end - start;
            }
            _ => return Err(PortRangeError::TooManyDashes),
        }
        if count > MAX_PORTS {
            return Err(PortRangeError::TooMany);
        }
    }
    Ok(ports)
}

/// netplay's guard for Nomad's off-by-one: port 65536 parses but does not exist.
pub fn reject_65536(ports: &[u64]) -> Result<(), String> {
    if ports.contains(&65_536) {
        Err("port 65536 does not exist (ports end at 65535); Nomad accepts it here and then crashes".to_string())
    } else {
        Ok(())
    }
}

/// Go's `strconv.ParseUint(s, 10, 64)`: ASCII digits only, no sign, no spaces.
fn parse_uint(text: &str) -> Result<u64, PortRangeError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PortRangeError::Syntax(text.to_string()));
    }
    text.parse::<u64>().map_err(|_| PortRangeError::OutOfRange(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(spec: &str) -> String {
        parse_port_ranges(spec).expect_err(spec).to_string()
    }

    // Nomad's own cases M-19 .. M-27 are in tests/oracle_1x.rs (`m19_to_m27_port_ranges`).

    #[test]
    fn observed_edges() {
        // MH-01 .. MH-03
        let ports = parse_port_ranges("22,80,8000-8100").expect("ok");
        assert_eq!(ports.len(), 103);
        assert_eq!((ports[0], ports[102]), (22, 8100));
        assert_eq!(parse_port_ranges(""), Ok(vec![]));
        assert_eq!(parse_port_ranges("5-5"), Ok(vec![5]));
        assert_eq!(parse_port_ranges(" 80 , 81 "), Ok(vec![80, 81]));
        assert_eq!(err("80,,81"), "can't specify empty port");
        assert_eq!(err("80-"), "strconv.ParseUint: parsing \"\": invalid syntax");
        assert_eq!(err("1-2-3"), "can only parse single port numbers or port ranges (ex. 80,100-120,150)");
        assert_eq!(err("a"), "strconv.ParseUint: parsing \"a\": invalid syntax");
        assert_eq!(err("80 - 81"), "strconv.ParseUint: parsing \"80 \": invalid syntax");
        assert_eq!(parse_port_ranges("65536"), Ok(vec![65_536]));
        assert_eq!(parse_port_ranges("1-65536").map(|p| p.len()), Ok(65_536));
        assert!(reject_65536(&[65_536]).is_err());
        assert!(reject_65536(&[65_535]).is_ok());
        assert_eq!(
            err("99999999999999999999"),
            "strconv.ParseUint: parsing \"99999999999999999999\": value out of range"
        );
        assert_eq!(err("+5"), "strconv.ParseUint: parsing \"+5\": invalid syntax");
    }

    /// A single port counts one towards the 65,536 limit and a range `a-b` counts `b - a`
    /// (one short, as Nomad counts it): the whole range and one more port fit, a second one
    /// does not.
    #[test]
    fn every_single_port_counts_towards_the_limit() {
        assert_eq!(parse_port_ranges("1-65536,1").map(|p| p.len()), Ok(65_537));
        assert_eq!(err("1-65536,1,2"), "maximum of 65536 ports can be reserved");
    }
}

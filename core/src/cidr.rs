//! CIDR blocks and the address walk Nomad uses to pick a task's IP.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// An address with a prefix length, as written (`10.0.0.10/32`, `fd00::1/64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    /// The address part as written (not masked).
    pub addr: IpAddr,
    /// Prefix length in bits.
    pub prefix: u8,
}

/// Why a CIDR does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    /// No `/` in the text.
    #[error("`{0}` has no prefix length; write it as `address/prefix`, e.g. `10.0.0.10/32`")]
    MissingPrefix(String),
    /// The address part is not an IP address.
    #[error("`{0}` is not an IP address")]
    BadAddress(String),
    /// The prefix is not a number or too long for the address family.
    #[error("`/{prefix}` is not a valid prefix length for {family} (0 to {max})")]
    BadPrefix {
        /// The prefix as written.
        prefix: String,
        /// `IPv4` or `IPv6`.
        family: &'static str,
        /// 32 or 128.
        max: u8,
    },
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (addr, prefix) = s.split_once('/').ok_or_else(|| CidrError::MissingPrefix(s.to_string()))?;
        let addr: IpAddr = addr.parse().map_err(|_| CidrError::BadAddress(addr.to_string()))?;
        let (family, max) = match addr {
            IpAddr::V4(_) => ("IPv4", 32),
            IpAddr::V6(_) => ("IPv6", 128),
        };
        let bad = || CidrError::BadPrefix { prefix: prefix.to_string(), family, max };
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) || prefix.len() > 3 {
            return Err(bad());
        }
        let prefix: u8 = prefix.parse().map_err(|_| bad())?;
        if prefix > max {
            return Err(bad());
        }
        Ok(Cidr { addr, prefix })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl Cidr {
    fn bits(self) -> u32 {
        if self.addr.is_ipv4() { 32 } else { 128 }
    }

    fn mask(self) -> u128 {
        let host_bits = self.bits() - u32::from(self.prefix);
        let all = if self.bits() == 32 { u128::from(u32::MAX) } else { u128::MAX };
        if host_bits >= 128 { 0 } else { all & !((1u128 << host_bits) - 1) }
    }

    /// The first address of the block (the address with host bits cleared).
    pub fn network(self) -> IpAddr {
        from_u128(self.addr, to_u128(self.addr) & self.mask())
    }

    /// Number of addresses in the block (saturating at `u128::MAX`).
    pub fn size(self) -> u128 {
        let host_bits = self.bits() - u32::from(self.prefix);
        if host_bits >= 128 { u128::MAX } else { 1u128 << host_bits }
    }

    /// True when `ip` is inside the block (same family).
    pub fn contains(self, ip: IpAddr) -> bool {
        ip.is_ipv4() == self.addr.is_ipv4() && (to_u128(ip) & self.mask()) == (to_u128(self.addr) & self.mask())
    }

    /// Every address of the block in ascending order, starting at the network address and
    /// including the broadcast address, as Nomad walks it.
    pub fn addresses(self) -> impl Iterator<Item = IpAddr> {
        let start = to_u128(self.network());
        let size = self.size();
        let template = self.addr;
        (0..size).map(move |i| from_u128(template, start.wrapping_add(i)))
    }
}

fn to_u128(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

fn from_u128(family: IpAddr, value: u128) -> IpAddr {
    match family {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(value as u32)),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(s: &str) -> Vec<String> {
        s.parse::<Cidr>().expect("cidr").addresses().map(|ip| ip.to_string()).collect()
    }

    #[test]
    fn walks_include_network_and_broadcast() {
        assert_eq!(walk("192.168.0.100/30"), ["192.168.0.100", "192.168.0.101", "192.168.0.102", "192.168.0.103"]);
        assert_eq!(walk("10.0.0.5/29"), (0..8).map(|i| format!("10.0.0.{i}")).collect::<Vec<_>>());
        assert_eq!(walk("10.0.0.10/32"), ["10.0.0.10"]);
        assert_eq!(walk("fd00::5/127"), ["fd00::4", "fd00::5"]);
    }

    #[test]
    fn huge_blocks_are_lazy() {
        let all: Cidr = "0.0.0.0/0".parse().expect("cidr");
        assert_eq!(all.size(), 1 << 32);
        assert_eq!(all.addresses().nth(3).map(|ip| ip.to_string()), Some("0.0.0.3".into()));
        let v6: Cidr = "::/0".parse().expect("cidr");
        assert_eq!(v6.size(), u128::MAX);
        assert_eq!(v6.addresses().next().map(|ip| ip.to_string()), Some("::".into()));
    }

    #[test]
    fn contains_respects_family_and_mask() {
        let c: Cidr = "10.0.0.0/8".parse().expect("cidr");
        assert!(c.contains("10.255.0.1".parse().expect("ip")));
        assert!(!c.contains("11.0.0.1".parse().expect("ip")));
        assert!(!c.contains("::1".parse().expect("ip")));
    }

    #[test]
    fn parse_errors_say_what_is_wrong() {
        assert_eq!(
            "10.0.0.1".parse::<Cidr>().expect_err("no prefix").to_string(),
            "`10.0.0.1` has no prefix length; write it as `address/prefix`, e.g. `10.0.0.10/32`"
        );
        assert_eq!("10.0.0.256/32".parse::<Cidr>().expect_err("addr").to_string(), "`10.0.0.256` is not an IP address");
        assert_eq!(
            "10.0.0.1/33".parse::<Cidr>().expect_err("prefix").to_string(),
            "`/33` is not a valid prefix length for IPv4 (0 to 32)"
        );
        assert!("fd00::1/129".parse::<Cidr>().is_err());
        assert!("10.0.0.1/".parse::<Cidr>().is_err());
        assert!("10.0.0.1/+3".parse::<Cidr>().is_err());
        assert_eq!("fd00::1/64".parse::<Cidr>().expect("v6").to_string(), "fd00::1/64");
    }
}

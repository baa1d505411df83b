//! CIDR arithmetic (go-cty-funcs `cidr`, on go-cidr): `cidrhost`, `cidrnetmask`, `cidrsubnet`,
//! `cidrsubnets`. Addresses are held as `u128` with the family's width.

use super::values::{fixed, int, invalid, leading, string};
use hcl::Value;
use hcl::eval::FuncArgs;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A network: its masked address, address width (32 or 128) and prefix length.
#[derive(Debug, Clone, Copy)]
struct Net {
    addr: u128,
    bits: u32,
    prefix: u32,
}

impl Net {
    /// Go's `net.ParseCIDR` (the host part is masked off).
    fn parse(text: &str) -> Result<Net, String> {
        let bad = || format!("invalid CIDR expression: invalid CIDR address: {text}");
        let (addr, prefix) = text.split_once('/').ok_or_else(bad)?;
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let (addr, bits) = match addr {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
            IpAddr::V6(a) => (u128::from(a), 128),
        };
        if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let prefix: u32 = prefix.parse().map_err(|_| bad())?;
        if prefix > bits {
            return Err(bad());
        }
        Ok(Net { addr: addr & mask(prefix, bits), bits, prefix })
    }

    fn host_bits(self) -> u32 {
        self.bits - self.prefix
    }

    /// The last address of the network.
    fn last(self) -> u128 {
        self.addr | (!mask(self.prefix, self.bits) & full(self.bits))
    }

    fn contains(self, addr: u128) -> bool {
        addr & mask(self.prefix, self.bits) == self.addr
    }

    fn with_prefix(self, addr: u128, prefix: u32) -> Net {
        Net { addr: addr & mask(prefix, self.bits), bits: self.bits, prefix }
    }
}

/// All ones in a `bits`-wide address.
fn full(bits: u32) -> u128 {
    if bits >= 128 { u128::MAX } else { (1u128 << bits) - 1 }
}

/// The netmask of a `prefix` in a `bits`-wide address.
fn mask(prefix: u32, bits: u32) -> u128 {
    if prefix == 0 { 0 } else { full(bits) & !(full(bits - prefix.min(bits))) }
}

fn ip_text(addr: u128, bits: u32) -> String {
    if bits == 32 { Ipv4Addr::from(addr as u32).to_string() } else { Ipv6Addr::from(addr).to_string() }
}

fn net_text(net: Net) -> String {
    format!("{}/{}", ip_text(net.addr, net.bits), net.prefix)
}

/// `cidrhost(prefix, hostnum)`: a negative number counts back from the last address.
pub(super) fn cidrhost(args: FuncArgs) -> Result<Value, String> {
    let [prefix, hostnum] = fixed(&args, ["prefix", "hostnum"])?;
    let num = int(hostnum, "hostnum")?;
    let net = Net::parse(&string(prefix, "prefix")?)?;
    let max = full(net.host_bits());
    let offset = if num < 0 { max.checked_sub(u128::from(num.unsigned_abs() - 1)) } else { Some(num as u128) };
    match offset {
        Some(o) if o <= max => Ok(Value::from(ip_text(net.addr + o, net.bits))),
        _ => Err(format!("prefix of {} does not accommodate a host numbered {num}", net.prefix)),
    }
}

/// `cidrnetmask(prefix)`: the mask in address notation.
pub(super) fn cidrnetmask(args: FuncArgs) -> Result<Value, String> {
    let [prefix] = fixed(&args, ["prefix"])?;
    let net = Net::parse(&string(prefix, "prefix")?)?;
    Ok(Value::from(ip_text(mask(net.prefix, net.bits), net.bits)))
}

/// `cidrsubnet(prefix, newbits, netnum)`.
pub(super) fn cidrsubnet(args: FuncArgs) -> Result<Value, String> {
    let [prefix, newbits, netnum] = fixed(&args, ["prefix", "newbits", "netnum"])?;
    let newbits = int(newbits, "newbits")?;
    let netnum = int(netnum, "netnum")?;
    let net = Net::parse(&string(prefix, "prefix")?)?;
    if newbits > 32 {
        return Err("may not extend prefix by more than 32 bits".to_string());
    }
    let new_prefix = i64::from(net.prefix) + newbits;
    if newbits < 0 || new_prefix > i64::from(net.bits) {
        return Err(format!("insufficient address space to extend prefix of {} by {newbits}", net.prefix));
    }
    let new_prefix = new_prefix as u32;
    if netnum < 0 || (netnum as u128) > full(newbits as u32) {
        return Err(format!("prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"));
    }
    let addr = net.addr | ((netnum as u128) << (net.bits - new_prefix));
    Ok(Value::from(net_text(Net { addr, bits: net.bits, prefix: new_prefix })))
}

/// `cidrsubnets(prefix, newbits...)`: consecutive subnets of the given sizes, each aligned after
/// the previous one.
pub(super) fn cidrsubnets(args: FuncArgs) -> Result<Value, String> {
    let ([prefix], newbits) = leading(&args, ["prefix"])?;
    let net = Net::parse(&string(prefix, "prefix")?).map_err(|e| invalid("prefix", e))?;
    let Some(first) = newbits.first() else { return Ok(Value::Array(vec![])) };
    let first = int(first, "newbits")?.clamp(0, 128) as u32;
    let first_len = (net.prefix + first).min(net.bits);
    // The subnet just before the base address, so that the first "next" is the first subnet.
    let mut current = net.with_prefix(net.addr.wrapping_sub(1) & full(net.bits), first_len);
    let mut out = Vec::with_capacity(newbits.len());
    for arg in newbits {
        let bits = int(arg, "newbits")?;
        if bits < 1 {
            return Err(invalid("newbits", "must extend prefix by at least one bit"));
        }
        if bits > 32 {
            return Err(invalid("newbits", "may not extend prefix by more than 32 bits"));
        }
        let length = net.prefix + bits as u32;
        if length > net.bits {
            let family = if net.bits == 32 { "IPv4" } else { "IPv6" };
            return Err(invalid(
                "newbits",
                format!("would extend prefix to {length} bits, which is too long for an {family} address"),
            ));
        }
        let subnet = current.with_prefix(current.last(), length);
        let next_addr = subnet.last().wrapping_add(1) & full(net.bits);
        let next = current.with_prefix(next_addr, length);
        if next_addr == 0 || !net.contains(next.addr) {
            return Err(invalid(
                "newbits",
                format!(
                    "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                    net_text(current)
                ),
            ));
        }
        current = next;
        out.push(Value::from(net_text(current)));
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use hcl::Value;

    fn n(i: i64) -> Value {
        Value::from(i)
    }

    #[test]
    fn cidrhost_counts_from_both_ends() {
        assert_eq!(ok("cidrhost", vec![s("10.12.112.0/20"), n(16)]), s("10.12.112.16"));
        assert_eq!(ok("cidrhost", vec![s("10.12.112.0/20"), n(268)]), s("10.12.113.12"));
        assert_eq!(ok("cidrhost", vec![s("10.12.112.7/20"), n(0)]), s("10.12.112.0"), "host bits are masked off");
        assert_eq!(ok("cidrhost", vec![s("10.0.0.0/30"), n(-1)]), s("10.0.0.3"));
        assert_eq!(ok("cidrhost", vec![s("fd00:fd12:3456:7890:00a2::/72"), n(34)]), s("fd00:fd12:3456:7890::22"));
        assert_eq!(
            err("cidrhost", vec![s("10.0.0.0/30"), n(4)]),
            "prefix of 30 does not accommodate a host numbered 4"
        );
        assert_eq!(
            err("cidrhost", vec![s("10.0.0.0/30"), n(-5)]),
            "prefix of 30 does not accommodate a host numbered -5"
        );
        assert_eq!(
            err("cidrhost", vec![s("10.0.0.0"), n(1)]),
            "invalid CIDR expression: invalid CIDR address: 10.0.0.0"
        );
        assert!(err("cidrhost", vec![s("10.0.0.0/33"), n(1)]).contains("invalid CIDR address"));
    }

    #[test]
    fn cidrnetmask_values() {
        assert_eq!(ok("cidrnetmask", vec![s("172.16.0.0/12")]), s("255.240.0.0"));
        assert_eq!(ok("cidrnetmask", vec![s("10.0.0.0/0")]), s("0.0.0.0"));
        assert_eq!(ok("cidrnetmask", vec![s("10.0.0.1/32")]), s("255.255.255.255"));
        assert_eq!(ok("cidrnetmask", vec![s("::/64")]), s("ffff:ffff:ffff:ffff::"));
    }

    #[test]
    fn cidrsubnet_values() {
        assert_eq!(ok("cidrsubnet", vec![s("172.16.0.0/12"), n(4), n(2)]), s("172.18.0.0/16"));
        assert_eq!(ok("cidrsubnet", vec![s("10.1.2.0/24"), n(4), n(15)]), s("10.1.2.240/28"));
        assert_eq!(
            ok("cidrsubnet", vec![s("fd00:fd12:3456:7890::/56"), n(16), n(162)]),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(
            err("cidrsubnet", vec![s("10.0.0.0/30"), n(3), n(0)]),
            "insufficient address space to extend prefix of 30 by 3"
        );
        assert_eq!(
            err("cidrsubnet", vec![s("10.0.0.0/24"), n(2), n(4)]),
            "prefix extension of 2 does not accommodate a subnet numbered 4"
        );
        assert_eq!(err("cidrsubnet", vec![s("::/0"), n(33), n(0)]), "may not extend prefix by more than 32 bits");
    }

    #[test]
    fn cidrsubnets_are_consecutive_and_aligned() {
        let got = ok("cidrsubnets", vec![s("10.1.0.0/16"), n(4), n(4), n(8), n(4)]);
        assert_eq!(got, strs(&["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]));
        let got = ok("cidrsubnets", vec![s("fd00:fd12:3456:7890::/56"), n(16), n(16), n(16), n(32)]);
        let want = [
            "fd00:fd12:3456:7800::/72",
            "fd00:fd12:3456:7800:100::/72",
            "fd00:fd12:3456:7800:200::/72",
            "fd00:fd12:3456:7800:300::/88",
        ];
        assert_eq!(got, strs(&want));
        assert_eq!(ok("cidrsubnets", vec![s("10.0.0.0/8")]), arr([]));
        // go-cidr reports a roll-over for a base at the zero address, so Nomad refuses these.
        assert!(err("cidrsubnets", vec![s("0.0.0.0/0"), n(1)]).contains("not enough remaining address space"));
        assert!(
            err("cidrsubnets", vec![s("10.0.0.0/30"), n(1), n(1), n(1)])
                .contains("not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31")
        );
        assert!(err("cidrsubnets", vec![s("10.0.0.0/30"), n(0)]).contains("must extend prefix by at least one bit"));
        assert!(
            err("cidrsubnets", vec![s("10.0.0.0/30"), n(3)])
                .contains("would extend prefix to 33 bits, which is too long for an IPv4 address")
        );
    }
}

//! IP addressing: networks in CIDR form (which tokens are limited to), pools that hand out
//! addresses in order, and the reverse DNS names Katapult gives them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use katapult_core::types as katapult;

/// A range of addresses handed out in order.
pub(crate) struct Pool {
    /// The network address.
    pub base: IpAddr,
    /// The prefix length of the network.
    pub prefix: u8,
    /// The offset from `base` of the next address to hand out.
    pub next: u64,
    /// One past the offset of the last address.
    pub end: u64,
}

impl Pool {
    /// The next free address, or `None` when the pool has run dry.
    pub fn allocate(&mut self) -> Option<IpAddr> {
        if self.next >= self.end {
            return None;
        }
        let offset = self.next;
        self.next += 1;
        Some(match self.base {
            IpAddr::V4(base) => IpAddr::V4(Ipv4Addr::from(
                u32::from(base) + u32::try_from(offset).ok()?,
            )),
            IpAddr::V6(base) => IpAddr::V6(Ipv6Addr::from(u128::from(base) + u128::from(offset))),
        })
    }
}

/// An IPv4 or IPv6 network in CIDR form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cidr {
    base: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `a.b.c.d/n` or `x:y::/n`.
    pub fn parse(text: &str) -> Option<Self> {
        let (base, prefix) = text.split_once('/')?;
        let base: IpAddr = base.parse().ok()?;
        let prefix: u8 = prefix.parse().ok()?;
        let max = if base.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(Self { base, prefix })
    }

    /// Whether `address` is inside the network (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.base, address) {
            (IpAddr::V4(base), IpAddr::V4(address)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(base) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(base), IpAddr::V6(address)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(base) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// The reverse DNS name Katapult gives an address: `185-199-216-10.uk-lon-01.katapult.cloud`.
pub(crate) fn reverse_dns(address: &str, network: &katapult::Network) -> String {
    let permalink = network
        .data_center
        .as_ref()
        .and_then(|dc| dc.permalink.as_deref())
        .unwrap_or("katapult");
    let label = match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => v6
            .segments()
            .iter()
            .map(|segment| format!("{segment:x}"))
            .collect::<Vec<_>>()
            .join("-"),
        _ => address.replace('.', "-"),
    };
    format!("{label}.{permalink}.katapult.cloud")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_match_their_own_addresses_only() {
        let office = Cidr::parse("203.0.113.0/24").expect("valid");
        assert!(office.contains("203.0.113.77".parse().expect("ip")));
        assert!(!office.contains("127.0.0.1".parse().expect("ip")));
        assert!(!office.contains("::1".parse().expect("ip")));
        let loopback = Cidr::parse("127.0.0.0/8").expect("valid");
        assert!(loopback.contains("::ffff:127.0.0.1".parse().expect("ip")));
        let v6 = Cidr::parse("::1/128").expect("valid");
        assert!(v6.contains("::1".parse().expect("ip")));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .expect("valid")
                .contains("8.8.8.8".parse().expect("ip"))
        );
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
    }

    #[test]
    fn pools_run_dry() {
        let mut pool = Pool {
            base: "192.0.2.0".parse().expect("ip"),
            prefix: 30,
            next: 1,
            end: 3,
        };
        assert_eq!(pool.allocate(), Some("192.0.2.1".parse().expect("ip")));
        assert_eq!(pool.allocate(), Some("192.0.2.2".parse().expect("ip")));
        assert_eq!(pool.allocate(), None);
    }
}

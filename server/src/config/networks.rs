//! `--metrics-allowed-networks`: the networks `/metrics` answers to, written as CIDRs
//! (`10.0.0.0/8`, `fd00::/8`; a bare address is a network of one).

use std::{fmt, net::IpAddr, str::FromStr};

use serde::Deserialize;

/// An IP network: an address and how many of its leading bits every member shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNetwork {
    /// The network's first address (no bits set past the prefix).
    address: IpAddr,
    /// The prefix length: 0 to 32 (IPv4) or 128 (IPv6).
    prefix: u8,
}

impl IpNetwork {
    /// Whether `ip` is in this network. An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`, what a
    /// dual-stack socket reports for an IPv4 client) is in the IPv4 networks its IPv4 address
    /// is in.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.contains_exactly(ip) || self.contains_exactly(ip.to_canonical())
    }

    fn contains_exactly(&self, ip: IpAddr) -> bool {
        match (self.address, ip) {
            (IpAddr::V4(network), IpAddr::V4(ip)) => {
                let mask = mask_u32(self.prefix);
                u32::from(ip) & mask == u32::from(network)
            }
            (IpAddr::V6(network), IpAddr::V6(ip)) => {
                let mask = mask_u128(self.prefix);
                u128::from(ip) & mask == u128::from(network)
            }
            _ => false,
        }
    }
}

/// The leading `prefix` bits of 32 set.
fn mask_u32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

/// The leading `prefix` bits of 128 set.
fn mask_u128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

impl FromStr for IpNetwork {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.parse().map_err(|_| {
            format!("{text:?} is not a network: write an address and a prefix length, like 10.0.0.0/8 or fd00::/8")
        })?;
        let bits: u8 = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= bits)
                .ok_or_else(|| {
                    format!("{text:?} is not a network: its prefix length must be from 0 to {bits}")
                })?,
        };
        let network = match address {
            IpAddr::V4(a) => IpAddr::from((u32::from(a) & mask_u32(prefix)).to_be_bytes()),
            IpAddr::V6(a) => IpAddr::from((u128::from(a) & mask_u128(prefix)).to_be_bytes()),
        };
        // 10.1.2.3/8 is most likely a typo for a narrower network: ask rather than widen it.
        if network != address {
            return Err(format!(
                "{text:?} has bits set past its prefix: did you mean {network}/{prefix}?"
            ));
        }
        Ok(Self {
            address: network,
            prefix,
        })
    }
}

impl fmt::Display for IpNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

/// The networks `/metrics` answers to: comma-separated CIDRs on the command line and in the
/// environment, a list (or the same string) in the file. Never empty.
#[derive(Clone, PartialEq, Eq)]
pub struct AllowedNetworks(Vec<IpNetwork>);

/// As written (`laps config show` prints the configuration's `Debug`).
impl fmt::Debug for AllowedNetworks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AllowedNetworks(\"{self}\")")
    }
}

impl AllowedNetworks {
    /// Whether `ip` is in any of the networks.
    pub fn allows(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(ip))
    }

    fn from_entries<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let networks = entries
            .into_iter()
            .filter(|entry| !entry.trim().is_empty())
            .map(str::parse)
            .collect::<Result<Vec<IpNetwork>, String>>()?;
        if networks.is_empty() {
            return Err(
                "metrics_allowed_networks names no network (to serve no one, leave metrics off)"
                    .to_owned(),
            );
        }
        Ok(Self(networks))
    }
}

/// Loopback only: a scraper on the same machine, or one that reaches it through a tunnel.
impl Default for AllowedNetworks {
    fn default() -> Self {
        Self::from_entries(["127.0.0.0/8", "::1/128"]).expect("valid networks")
    }
}

impl FromStr for AllowedNetworks {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_entries(s.split(','))
    }
}

impl fmt::Display for AllowedNetworks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, network) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{network}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for AllowedNetworks {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            List(Vec<String>),
            Text(String),
        }
        match Written::deserialize(deserializer)? {
            Written::List(entries) => Self::from_entries(entries.iter().map(String::as_str)),
            Written::Text(text) => text.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn network(s: &str) -> IpNetwork {
        s.parse().unwrap()
    }

    #[test]
    fn ipv4_networks_hold_the_addresses_under_their_prefix() {
        let cases = [
            ("10.0.0.0/8", "10.255.1.2", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.168.1.0/24", "192.168.1.255", true),
            ("192.168.1.0/24", "192.168.2.1", false),
            ("0.0.0.0/0", "203.0.113.9", true),
            ("203.0.113.9", "203.0.113.9", true),
            ("203.0.113.9/32", "203.0.113.10", false),
            ("10.0.0.0/8", "::1", false),
        ];
        for (net, addr, expected) in cases {
            assert_eq!(network(net).contains(ip(addr)), expected, "{addr} in {net}");
        }
    }

    #[test]
    fn ipv6_networks_hold_the_addresses_under_their_prefix() {
        let cases = [
            ("::1/128", "::1", true),
            ("::1/128", "::2", false),
            ("fd00::/8", "fd12:3456::1", true),
            ("fd00::/8", "fe80::1", false),
            ("2001:db8::/32", "2001:db8:ffff::1", true),
            ("::/0", "2001:db8::1", true),
            ("::/0", "10.0.0.1", false),
        ];
        for (net, addr, expected) in cases {
            assert_eq!(network(net).contains(ip(addr)), expected, "{addr} in {net}");
        }
    }

    #[test]
    fn an_ipv4_mapped_peer_is_judged_by_its_ipv4_address() {
        assert!(network("127.0.0.0/8").contains(ip("::ffff:127.0.0.1")));
        assert!(!network("10.0.0.0/8").contains(ip("::ffff:127.0.0.1")));
        // A network written in the mapped form still holds the mapped addresses.
        assert!(network("::ffff:0:0/96").contains(ip("::ffff:10.0.0.1")));
        assert!(AllowedNetworks::default().allows(ip("::ffff:127.0.0.1")));
    }

    #[test]
    fn the_default_is_loopback_only() {
        let default = AllowedNetworks::default();
        assert!(default.allows(ip("127.0.0.1")) && default.allows(ip("127.8.9.10")));
        assert!(default.allows(ip("::1")));
        assert!(!default.allows(ip("10.0.0.1")) && !default.allows(ip("fe80::1")));
        assert_eq!(default.to_string(), "127.0.0.0/8,::1/128");
    }

    #[test]
    fn bad_networks_are_refused_with_what_is_wrong() {
        let cases = [
            ("10.0.0.0/33", "prefix length must be from 0 to 32"),
            ("::/129", "prefix length must be from 0 to 128"),
            ("10.0.0.0/x", "prefix length"),
            ("ten.0.0.0/8", "is not a network"),
            ("10.1.2.3/8", "did you mean 10.0.0.0/8?"),
            ("fd00::1/8", "did you mean fd00::/8?"),
            ("", "names no network"),
            (" , ", "names no network"),
        ];
        for (text, message) in cases {
            let error = text.parse::<AllowedNetworks>().unwrap_err();
            assert!(error.contains(message), "{text:?}: {error}");
        }
    }

    #[test]
    fn the_command_line_takes_commas_and_the_file_a_list_or_the_same_text() {
        let listed: AllowedNetworks = " 10.0.0.0/8, fd00::/8 ".parse().unwrap();
        assert_eq!(listed.to_string(), "10.0.0.0/8,fd00::/8");
        #[derive(Deserialize)]
        struct File {
            networks: AllowedNetworks,
        }
        let file: File = toml::from_str("networks = [\"10.0.0.0/8\", \"fd00::/8\"]").unwrap();
        assert_eq!(file.networks, listed);
        let file: File = toml::from_str("networks = \"10.0.0.0/8,fd00::/8\"").unwrap();
        assert_eq!(file.networks, listed);
        let error = toml::from_str::<File>("networks = [\"10.0.0.0/99\"]")
            .err()
            .unwrap();
        assert!(error.to_string().contains("prefix length"), "{error}");
    }
}

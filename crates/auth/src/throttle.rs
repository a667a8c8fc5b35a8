//! How many failed sign-ins are allowed before an account or an address must wait.

use std::{net::IpAddr, time::Duration};

/// Limits on failed sign-ins, each counted in a fixed window.
///
/// The per-account limit stops guessing one person's password from many addresses; the
/// per-address limit stops one address from trying many accounts. Successful sign-ins clear the
/// account's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed per account within one window.
    pub per_account: u32,
    /// Failures allowed per client address within one window.
    pub per_address: u32,
    /// The length of a window.
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 20,
            window: Duration::from_secs(15 * 60),
        }
    }
}

impl ThrottlePolicy {
    pub(crate) fn window_ms(&self) -> i64 {
        i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX)
    }
}

/// The database key counting failures for an account (by its case-folded name).
pub(crate) fn account_key(username_key: &str) -> String {
    format!("account:{username_key}")
}

/// The database key counting failures from an address. IPv6 clients are counted per /64, the
/// block one household or server usually gets, so rotating addresses within it does not help.
pub(crate) fn address_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => format!("ip:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("ip:{v4}"),
            None => {
                let s = v6.segments();
                format!("ip:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_in_one_64_block_share_a_key() {
        let a = address_key("2001:db8:1:2::1".parse().unwrap());
        let b = address_key("2001:db8:1:2:ffff::9".parse().unwrap());
        assert_eq!(a, b);
        assert_eq!(a, "ip:2001:db8:1:2::/64");
        assert_ne!(a, address_key("2001:db8:1:3::1".parse().unwrap()));
    }

    #[test]
    fn ipv4_mapped_addresses_count_as_ipv4() {
        assert_eq!(
            address_key("::ffff:192.0.2.7".parse().unwrap()),
            "ip:192.0.2.7"
        );
    }
}

//! How many sign-in failures and requests an address may make before it must wait.
//!
//! Every limit is a count in a fixed window, kept in the database (so every instance sees the
//! same counts), and every count is taken *before* the work it guards: a slot is reserved in
//! one statement, then the password is hashed. Parallel requests therefore cannot overrun a
//! limit, however many arrive at once.

use std::{net::IpAddr, time::Duration};

/// Limits on sign-in failures and on per-address requests, each counted in one window.
///
/// Failed sign-ins are counted per account *from one address* and per address: a stranger
/// hammering an account from their address runs into both, while the owner, from any other
/// address, can still sign in with the right password (a per-account count alone would let
/// anyone lock anyone out). A successful sign-in clears its account-and-address count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed per account from one client address within one window.
    pub per_account: u32,
    /// Failures allowed per client address (all accounts together) within one window.
    pub per_address: u32,
    /// The length of a window.
    pub window: Duration,
    /// Sign-ups (each hashes a password) allowed per client address within one window.
    pub sign_up_per_address: u32,
    /// `/oauth/token` requests allowed per client address within one window.
    pub oauth_token_per_address: u32,
    /// `/oauth/introspect` requests allowed per client address within one window.
    pub oauth_introspect_per_address: u32,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 20,
            window: Duration::from_secs(15 * 60),
            sign_up_per_address: 5,
            oauth_token_per_address: 600,
            oauth_introspect_per_address: 1200,
        }
    }
}

/// A request counted per client address, with its own limit in [`ThrottlePolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    /// Creating an account.
    SignUp,
    /// `POST /oauth/token` (and its AccessLink alias).
    OAuthToken,
    /// `POST /oauth/introspect`.
    OAuthIntrospect,
}

impl Limited {
    fn name(self) -> &'static str {
        match self {
            Self::SignUp => "sign-up",
            Self::OAuthToken => "oauth-token",
            Self::OAuthIntrospect => "oauth-introspect",
        }
    }
}

impl ThrottlePolicy {
    pub(crate) fn window_ms(&self) -> i64 {
        i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX)
    }

    pub(crate) fn limit_of(&self, limited: Limited) -> u32 {
        match limited {
            Limited::SignUp => self.sign_up_per_address,
            Limited::OAuthToken => self.oauth_token_per_address,
            Limited::OAuthIntrospect => self.oauth_introspect_per_address,
        }
    }
}

/// The database key counting sign-in failures for an account (by its case-folded name) from
/// one address.
pub(crate) fn account_key(username_key: &str, address: IpAddr) -> String {
    format!("account:{username_key}|{}", address_key(address))
}

/// The database key counting `limited` requests from an address.
pub(crate) fn request_key(limited: Limited, address: IpAddr) -> String {
    format!("{}|{}", limited.name(), address_key(address))
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

    #[test]
    fn an_account_is_counted_separately_from_each_address() {
        let home = "192.0.2.7".parse().unwrap();
        let elsewhere = "198.51.100.9".parse().unwrap();
        assert_ne!(account_key("ada", home), account_key("ada", elsewhere));
        assert_ne!(
            request_key(Limited::SignUp, home),
            request_key(Limited::OAuthToken, home)
        );
    }
}

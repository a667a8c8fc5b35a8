//! Webhook delivery: the PING when a partner creates a webhook, and the worker that sends the
//! outbox's events, signed, with retries.
//!
//! Events are written to the outbox with the data they announce (`db::Db::insert_upload`), so a
//! crash loses none. Every instance runs the worker; each claims rows in the database before
//! sending, so an event goes out once however many instances share the database. A failed
//! attempt is retried with exponential backoff (from `webhook_retry_seconds`, at most an hour);
//! a webhook that has failed for 7 days is deactivated, as AccessLink does. Rows delivered or
//! given up on more than a week ago are pruned by the same worker.

use std::{net::IpAddr, sync::Arc, time::Duration};

use futures::future::BoxFuture;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use serde_json::json;

use crate::iso8601::iso_utc;

/// How long a claimed row is reserved for the instance that claimed it.
const LEASE_MS: i64 = 60_000;
/// Rows claimed per round.
const BATCH: i64 = 20;
/// A webhook failing this long is switched off.
const GIVE_UP_MS: i64 = 7 * 86_400_000;
/// Longest wait between attempts.
const MAX_BACKOFF_MS: i64 = 3_600_000;
/// How often the worker deletes outbox rows older than [`db::OUTBOX_KEEP_MS`] (delivered, or
/// given up on): the outbox keeps a week of history, not all of it.
const PRUNE_EVERY: Duration = Duration::from_secs(600);

/// Resolves a host name to its addresses (the system resolver, or a stand-in in tests).
pub type Lookup = dyn Fn(String) -> BoxFuture<'static, std::io::Result<Vec<IpAddr>>> + Send + Sync;

/// Sends webhook requests. Cheap to clone.
///
/// A target's host is resolved once per connection, by [`PinnedResolver`], which checks every
/// address it got and hands reqwest exactly those: there is no second lookup between the check
/// and the connection for a rebinding DNS server to answer differently.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    allow_private: bool,
}

/// reqwest's resolver for webhook targets: looks the name up, refuses it unless every address
/// is public (or private targets are allowed), and returns the checked addresses, which are the
/// ones reqwest connects to.
struct PinnedResolver {
    allow_private: bool,
    lookup: Arc<Lookup>,
}

/// Why [`PinnedResolver`] refused a name (found again in reqwest's error chain).
#[derive(Debug, thiserror::Error)]
enum Refused {
    #[error("{0} does not resolve")]
    NoAddress(String),
    #[error("{0} is not a public address")]
    NotPublic(String),
}

impl Resolve for PinnedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let name = name.as_str().to_owned();
        let lookup = (self.lookup)(name.clone());
        let allow_private = self.allow_private;
        Box::pin(async move {
            let addresses = lookup
                .await
                .map_err(|_| Box::new(Refused::NoAddress(name.clone())))?;
            if addresses.is_empty() {
                return Err(Box::new(Refused::NoAddress(name)) as _);
            }
            if !allow_private && addresses.iter().any(|ip| !is_public(*ip)) {
                return Err(Box::new(Refused::NotPublic(name)) as _);
            }
            // Port 0: reqwest puts the URL's port in.
            let addrs: Addrs = Box::new(
                addresses
                    .into_iter()
                    .map(|ip| std::net::SocketAddr::new(ip, 0)),
            );
            Ok(addrs)
        })
    }
}

/// The system resolver.
fn system_lookup(name: String) -> BoxFuture<'static, std::io::Result<Vec<IpAddr>>> {
    Box::pin(async move {
        Ok(tokio::net::lookup_host((name.as_str(), 0))
            .await?
            .map(|a| a.ip())
            .collect())
    })
}

impl Sender {
    /// A sender; `allow_private` lets webhooks target loopback and private addresses over plain
    /// HTTP (tests, a home network). Otherwise only HTTPS to public addresses is allowed
    /// (partners cannot make Laps call into its own network).
    pub fn new(allow_private: bool) -> Self {
        Self::with_lookup(allow_private, Arc::new(system_lookup))
    }

    /// A sender that resolves names with `lookup`.
    pub fn with_lookup(allow_private: bool, lookup: Arc<Lookup>) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve the name itself, after the check.
            .no_proxy()
            .dns_resolver(Arc::new(PinnedResolver {
                allow_private,
                lookup,
            }))
            .user_agent(concat!("laps/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            client,
            allow_private,
        }
    }

    /// Checks what can be checked of `url` without resolving it: the scheme, a host, and an
    /// address written into the URL (reqwest connects to those without asking the resolver).
    fn check_url(&self, url: &str) -> Result<reqwest::Url, String> {
        let parsed = reqwest::Url::parse(url).map_err(|_| "the URL is not valid".to_owned())?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_private => {}
            _ => return Err("the URL must use https".into()),
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err("the URL must not carry a user name or password".into());
        }
        let host = parsed.host_str().ok_or("the URL has no host")?;
        // The URL parser writes an address host in its canonical form ("0x7f.1" becomes
        // "127.0.0.1"), so parsing it again finds every address spelling.
        let literal = host.trim_matches(['[', ']']).parse::<IpAddr>().ok();
        if let Some(ip) = literal
            && !self.allow_private
            && !is_public(ip)
        {
            return Err(format!("{ip} is not a public address"));
        }
        Ok(parsed)
    }

    /// Posts a signed JSON body; `Ok` only for a 2xx answer.
    pub async fn post(
        &self,
        url: &str,
        secret: &str,
        event: &str,
        body: &str,
    ) -> Result<(), String> {
        let url = self.check_url(url)?;
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("polar-webhook-event", event)
            .header(
                "polar-webhook-signature",
                partner::secret::sign(secret, body.as_bytes()),
            )
            .body(body.to_owned())
            .send()
            .await
            .map_err(|e| why_not_sent(&e))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("answered {}", response.status().as_u16()))
        }
    }

    /// The PING a new (or re-activated, or moved) webhook must answer with 200.
    pub async fn ping(&self, url: &str, secret: &str) -> Result<(), String> {
        let body =
            json!({ "timestamp": iso_utc(domain::Timestamp::now().unix_ms()), "event": "PING" })
                .to_string();
        self.post(url, secret, "PING", &body).await
    }
}

/// What to tell the partner about a request that was not sent: the resolver's refusal if it
/// was one, else timeout or connection failure (nothing more about our network).
fn why_not_sent(error: &reqwest::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(refused) = e.downcast_ref::<Refused>() {
            return refused.to_string();
        }
        source = e.source();
    }
    if error.is_timeout() {
        "timed out".to_owned()
    } else {
        "could not connect".to_owned()
    }
}

/// Whether Laps may call `ip` for a partner: a globally reachable unicast address, never one
/// of its own network's. IPv6 forms that carry an IPv4 address (NAT64 `64:ff9b::/96`) are
/// judged by that address; the others that can reach IPv4 space by other routes (6to4
/// `2002::/16`, Teredo `2001::/32`, IPv4-compatible `::a.b.c.d`, IPv4-mapped
/// `::ffff:a.b.c.d`, local NAT64 `64:ff9b:1::/48`) are refused outright.
fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || o[0] == 0
                // 100.64.0.0/10: carrier-grade NAT.
                || (o[0] == 100 && (64..128).contains(&o[1]))
                // 192.0.0.0/24: IETF protocol assignments; 192.88.99.0/24: 6to4 relays.
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 192 && o[1] == 88 && o[2] == 99)
                // 198.18.0.0/15: benchmarking.
                || (o[0] == 198 && (o[1] & 0xfe) == 18)
                // 240.0.0.0/4: reserved.
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            // 64:ff9b::/96, NAT64 of the embedded IPv4 address.
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [a, b] = s[6].to_be_bytes();
                let [c, d] = s[7].to_be_bytes();
                return is_public(IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d)));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // ::/96 (IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped).
                || s[..5] == [0; 5]
                // 64:ff9b:1::/48: local-use NAT64.
                || s[..3] == [0x64, 0xff9b, 1]
                // 100::/64: discard.
                || s[..4] == [0x100, 0, 0, 0]
                // 2001::/32 Teredo, 2001:db8::/32 documentation, 2002::/16 6to4.
                || (s[0] == 0x2001 && (s[1] == 0 || s[1] == 0xdb8))
                || s[0] == 0x2002
                // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local.
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0)
        }
    }
}

/// The delivery worker: every `poll`, claims due events and sends them.
pub async fn deliver_forever(
    partners: partner::Partners,
    sender: Sender,
    public_url: String,
    retry_base: Duration,
    poll: Duration,
    metrics: Option<crate::metrics::Metrics>,
) {
    let mut tick = tokio::time::interval(poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut pruned_at: Option<tokio::time::Instant> = None;
    loop {
        tick.tick().await;
        if let Err(e) = deliver_due(
            &partners,
            &sender,
            &public_url,
            retry_base,
            metrics.as_ref(),
        )
        .await
        {
            tracing::warn!(error = ?e, "webhook delivery round failed");
        }
        if pruned_at.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
            pruned_at = Some(tokio::time::Instant::now());
            match partners
                .prune_outbox(domain::Timestamp::now().unix_ms())
                .await
            {
                Ok(pruned) => tracing::debug!(pruned, "old webhook events pruned"),
                Err(e) => tracing::warn!(error = ?e, "could not prune the webhook outbox"),
            }
        }
    }
}

/// One round: claim, send, record (and count each attempt in `metrics`). Returns how many
/// were sent.
pub async fn deliver_due(
    partners: &partner::Partners,
    sender: &Sender,
    public_url: &str,
    retry_base: Duration,
    metrics: Option<&crate::metrics::Metrics>,
) -> partner::Result<usize> {
    use crate::metrics::Delivery;
    let count = |result| {
        if let Some(metrics) = metrics {
            metrics.webhook_delivery(result);
        }
    };
    let items = partners.claim_deliveries(BATCH, LEASE_MS).await?;
    let mut sent = 0;
    for item in items {
        let body = body_of(partners, public_url, &item);
        let span = tracing::info_span!("webhook", delivery = item.delivery_id, event = %item.event, attempt = item.attempts + 1);
        let _enter = span.enter();
        match sender
            .post(&item.url, &item.secret, &item.event, &body)
            .await
        {
            Ok(()) => {
                partners.delivered(item.delivery_id).await?;
                count(Delivery::Delivered);
                sent += 1;
            }
            Err(why) => {
                let base_ms = i64::try_from(retry_base.as_millis())
                    .unwrap_or(30_000)
                    .max(1);
                let backoff = base_ms
                    .saturating_mul(1_i64 << item.attempts.clamp(0, 20))
                    .min(MAX_BACKOFF_MS);
                let off = partners
                    .delivery_failed(
                        item.delivery_id,
                        &why,
                        domain::Timestamp::now().unix_ms() + backoff,
                        GIVE_UP_MS,
                    )
                    .await?;
                count(if off {
                    Delivery::GivenUp
                } else {
                    Delivery::Failed
                });
                tracing::warn!(
                    why,
                    retry_in_ms = backoff,
                    deactivated = off,
                    "webhook delivery failed"
                );
            }
        }
    }
    Ok(sent)
}

/// The event's JSON, built from the row alone, so every retry signs the same bytes.
fn body_of(partners: &partner::Partners, public_url: &str, item: &db::OutboxItem) -> String {
    let timestamp = iso_utc(item.created_at);
    match item.event.as_str() {
        "EXERCISE" => {
            let workout = item.entity.parse().unwrap_or_default();
            let entity = partners.exercise_id(item.partner_id, workout);
            json!({
                "event": "EXERCISE",
                "user_id": item.user_id,
                "entity_id": entity,
                "timestamp": timestamp,
                "url": format!("{public_url}/v3/exercises/{entity}"),
            })
        }
        _ => json!({
            "event": item.event,
            "user_id": item.user_id,
            "date": item.entity,
            "timestamp": timestamp,
            "url": format!("{public_url}/v3/users/activities/{}", item.entity),
        }),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn refused(ip: &str) -> bool {
        !is_public(ip.parse().unwrap())
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "192.0.2.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(refused(ip), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"] {
            assert!(!refused(ip), "{ip}");
        }
    }

    #[test]
    fn benchmarking_multicast_and_reserved_ipv4_are_refused() {
        for ip in [
            "198.18.0.1",
            "198.19.255.254",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "250.1.2.3",
            "192.0.0.8",
            "192.88.99.1",
        ] {
            assert!(refused(ip), "{ip}");
        }
        // The neighbours of those ranges are ordinary addresses.
        for ip in ["198.17.255.255", "198.20.0.1", "223.255.255.254"] {
            assert!(!refused(ip), "{ip}");
        }
    }

    #[test]
    fn nat64_is_judged_by_the_ipv4_address_it_carries() {
        assert!(refused("64:ff9b::7f00:1"), "NAT64 of 127.0.0.1");
        assert!(refused("64:ff9b::a00:1"), "NAT64 of 10.0.0.1");
        assert!(refused("64:ff9b::c0a8:101"), "NAT64 of 192.168.1.1");
        assert!(!refused("64:ff9b::5db8:d822"), "NAT64 of 93.184.216.34");
        assert!(refused("64:ff9b:1::a00:1"), "local-use NAT64");
    }

    #[test]
    fn ipv6_forms_that_reach_ipv4_space_are_refused() {
        for ip in [
            "2002:7f00:1::1",                       // 6to4 of 127.0.0.1
            "2002:5db8:d822::1",                    // 6to4, even of a public address
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
            "::7f00:1",                             // IPv4-compatible 127.0.0.1
            "::5db8:d822",                          // IPv4-compatible, public
            "::ffff:5db8:d822",                     // IPv4-mapped, public
            "2001:db8::1",                          // documentation
            "ff02::1",                              // multicast
            "fec0::1",                              // site-local
            "100::1",                               // discard
        ] {
            assert!(refused(ip), "{ip}");
        }
    }

    /// A sender whose resolver answers `addresses` for every name, counting lookups.
    fn sender_resolving(allow_private: bool, addresses: Vec<IpAddr>) -> (Sender, Arc<AtomicUsize>) {
        let lookups = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&lookups);
        let lookup: Arc<Lookup> = Arc::new(move |_name| {
            counter.fetch_add(1, Ordering::SeqCst);
            let addresses = addresses.clone();
            Box::pin(async move { Ok(addresses) })
        });
        (Sender::with_lookup(allow_private, lookup), lookups)
    }

    #[tokio::test]
    async fn a_name_with_one_private_address_is_refused_before_any_connection() {
        let (sender, lookups) = sender_resolving(
            false,
            vec![
                "93.184.216.34".parse().unwrap(),
                "127.0.0.1".parse().unwrap(),
            ],
        );
        let why = sender
            .ping("https://hooks.partner.test/in", "key")
            .await
            .unwrap_err();
        assert_eq!(why, "hooks.partner.test is not a public address");
        assert_eq!(lookups.load(Ordering::SeqCst), 1, "resolved once");
    }

    #[tokio::test]
    async fn the_connection_goes_to_the_checked_addresses_after_one_lookup() {
        // A receiver on loopback, reachable only through the sender's own resolver: the name
        // does not exist anywhere else, so reaching it proves reqwest used the checked answer.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let router = axum::Router::new().route("/in", axum::routing::post(|| async { "ok" }));
        tokio::spawn(async move { axum::serve(listener, router).await.ok() });
        let (sender, lookups) = sender_resolving(true, vec!["127.0.0.1".parse().unwrap()]);
        sender
            .ping(&format!("http://hooks.partner.invalid:{port}/in"), "key")
            .await
            .expect("delivered to the pinned address");
        assert_eq!(lookups.load(Ordering::SeqCst), 1, "no second lookup");
    }

    #[tokio::test]
    async fn addresses_written_in_the_url_are_checked_too() {
        let (sender, lookups) = sender_resolving(false, Vec::new());
        for url in [
            "https://127.0.0.1/in",
            "https://0x7f.1/in",
            "https://[::ffff:10.0.0.1]/in",
            "https://[64:ff9b::a00:1]/in",
        ] {
            let why = sender.ping(url, "key").await.unwrap_err();
            assert!(why.ends_with("is not a public address"), "{url}: {why}");
        }
        let why = sender
            .ping("https://user:pw@hooks.partner.test/in", "key")
            .await
            .unwrap_err();
        assert!(why.contains("user name or password"), "{why}");
        assert_eq!(lookups.load(Ordering::SeqCst), 0);
    }
}

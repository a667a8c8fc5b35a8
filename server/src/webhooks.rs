//! Webhook delivery: the PING when a partner creates a webhook, and the worker that sends the
//! outbox's events, signed, with retries.
//!
//! Events are written to the outbox with the data they announce (`db::Db::insert_upload`), so a
//! crash loses none. Every instance runs the worker; each claims rows in the database before
//! sending, so an event goes out once however many instances share the database. A failed
//! attempt is retried with exponential backoff (from `webhook_retry_seconds`, at most an hour);
//! a webhook that has failed for 7 days is deactivated, as AccessLink does.

use std::{net::IpAddr, time::Duration};

use serde_json::json;

use crate::http::v3::time::iso_utc;

/// How long a claimed row is reserved for the instance that claimed it.
const LEASE_MS: i64 = 60_000;
/// Rows claimed per round.
const BATCH: i64 = 20;
/// A webhook failing this long is switched off.
const GIVE_UP_MS: i64 = 7 * 86_400_000;
/// Longest wait between attempts.
const MAX_BACKOFF_MS: i64 = 3_600_000;

/// Sends webhook requests. Cheap to clone.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    allow_private: bool,
}

impl Sender {
    /// A sender; `allow_private` lets webhooks target loopback and private addresses over plain
    /// HTTP (tests, a home network). Otherwise only HTTPS to public addresses is allowed
    /// (partners cannot make Laps call into its own network).
    pub fn new(allow_private: bool) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("laps/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            client,
            allow_private,
        }
    }

    /// Checks that `url` may be called: scheme, and every address its host resolves to.
    pub async fn check_target(&self, url: &str) -> Result<(), String> {
        let parsed = reqwest::Url::parse(url).map_err(|_| "the URL is not valid".to_owned())?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_private => {}
            _ => return Err("the URL must use https".into()),
        }
        let host = parsed.host_str().ok_or("the URL has no host")?;
        let port = parsed.port_or_known_default().unwrap_or(443);
        let addresses: Vec<IpAddr> = tokio::net::lookup_host((host.trim_matches(['[', ']']), port))
            .await
            .map_err(|_| format!("{host} does not resolve"))?
            .map(|a| a.ip())
            .collect();
        if addresses.is_empty() {
            return Err(format!("{host} does not resolve"));
        }
        if !self.allow_private && addresses.iter().any(|ip| !is_public(*ip)) {
            return Err(format!("{host} is not a public address"));
        }
        Ok(())
    }

    /// Posts a signed JSON body; `Ok` only for a 2xx answer.
    pub async fn post(
        &self,
        url: &str,
        secret: &str,
        event: &str,
        body: &str,
    ) -> Result<(), String> {
        self.check_target(url).await?;
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
            .map_err(|e| {
                if e.is_timeout() {
                    "timed out".to_owned()
                } else {
                    "could not connect".to_owned()
                }
            })?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("answered {}", response.status().as_u16()))
        }
    }

    /// The PING a new (or re-activated, or moved) webhook must answer with 200.
    pub async fn ping(&self, url: &str, secret: &str) -> Result<(), String> {
        let body = json!({ "timestamp": iso_utc(crate::now_ms()), "event": "PING" }).to_string();
        self.post(url, secret, "PING", &body).await
    }
}

/// Not loopback, private, link-local, shared, documentation or unspecified.
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
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1])))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
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
) {
    let mut tick = tokio::time::interval(poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = deliver_due(&partners, &sender, &public_url, retry_base).await {
            tracing::warn!(error = ?e, "webhook delivery round failed");
        }
    }
}

/// One round: claim, send, record. Returns how many were sent.
pub async fn deliver_due(
    partners: &partner::Partners,
    sender: &Sender,
    public_url: &str,
    retry_base: Duration,
) -> Result<usize, db::DbError> {
    let db = partners.db();
    let items = db.outbox_claim(BATCH, LEASE_MS).await?;
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
                db.outbox_delivered(item.delivery_id).await?;
                sent += 1;
            }
            Err(why) => {
                let base_ms = i64::try_from(retry_base.as_millis())
                    .unwrap_or(30_000)
                    .max(1);
                let backoff = base_ms
                    .saturating_mul(1_i64 << item.attempts.clamp(0, 20))
                    .min(MAX_BACKOFF_MS);
                let off = db
                    .outbox_failed(
                        item.delivery_id,
                        &why,
                        crate::now_ms() + backoff,
                        GIVE_UP_MS,
                    )
                    .await?;
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
    use super::is_public;

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
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:2800:220:1::1"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }
}

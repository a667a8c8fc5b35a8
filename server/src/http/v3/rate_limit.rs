//! AccessLink's per-partner rate limits: `500 + 20 × users` requests per 15 minutes and
//! `5000 + 100 × users` per 24 hours, reported in `RateLimit-Usage`, `RateLimit-Limit` and
//! `RateLimit-Reset` (each "short window, long window") and enforced with 429.
//!
//! Counted per instance, in memory: with several instances each allows the full budget. That
//! keeps a database write off every API request; a shared budget would need one.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::http::{HeaderMap, HeaderValue};

const SHORT_MS: i64 = 15 * 60_000;
const LONG_MS: i64 = 24 * 3_600_000;
/// How long a partner's registered-user count is trusted before it is read again.
const USERS_TTL_MS: i64 = 5 * 60_000;

#[derive(Debug, Default)]
struct Partner {
    short_start: i64,
    short_used: u64,
    long_start: i64,
    long_used: u64,
    users: u64,
    users_read_at: Option<i64>,
}

/// The counters of every partner. Cheap to clone.
#[derive(Clone, Default)]
pub struct RateLimits {
    partners: Arc<Mutex<HashMap<i64, Partner>>>,
}

/// One request's standing.
#[derive(Debug, Clone, Copy)]
pub struct Verdict {
    /// Over either limit: answer 429.
    pub exceeded: bool,
    usage: (u64, u64),
    limit: (u64, u64),
    reset_s: (i64, i64),
}

impl Verdict {
    /// Adds the `RateLimit-*` headers.
    pub fn add_headers(&self, headers: &mut HeaderMap) {
        let mut set = |name: &'static str, value: String| {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        };
        set(
            "ratelimit-usage",
            format!("{}, {}", self.usage.0, self.usage.1),
        );
        set(
            "ratelimit-limit",
            format!("{}, {}", self.limit.0, self.limit.1),
        );
        set(
            "ratelimit-reset",
            format!("{}, {}", self.reset_s.0, self.reset_s.1),
        );
    }
}

impl RateLimits {
    /// Re-reads a partner's user count on its next request (after a registration or a
    /// de-registration changed it).
    pub fn users_changed(&self, partner_id: i64) {
        let mut partners = self
            .partners
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(p) = partners.get_mut(&partner_id) {
            p.users_read_at = None;
        }
    }

    /// Counts a request of `partner_id` and says whether it is within the limits. Requests
    /// over the short limit still count toward the long one, as AccessLink documents.
    pub async fn count(&self, partner_id: i64, partners: &partner::Partners) -> Verdict {
        let now = domain::Timestamp::now().unix_ms();
        let stale = {
            let partners = self
                .partners
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            partners
                .get(&partner_id)
                .and_then(|p| p.users_read_at)
                .is_none_or(|at| now - at > USERS_TTL_MS)
        };
        let users = if stale {
            match partners.registered_users(partner_id).await {
                Ok(n) => Some(n),
                Err(e) => {
                    tracing::warn!(error = ?e, "could not count a partner's users; keeping the last count");
                    None
                }
            }
        } else {
            None
        };
        let mut partners = self
            .partners
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let p = partners.entry(partner_id).or_default();
        if let Some(users) = users {
            p.users = users;
            p.users_read_at = Some(now);
        }
        if now - p.short_start >= SHORT_MS {
            p.short_start = now;
            p.short_used = 0;
        }
        if now - p.long_start >= LONG_MS {
            p.long_start = now;
            p.long_used = 0;
        }
        p.short_used += 1;
        p.long_used += 1;
        let limit = (500 + 20 * p.users, 5000 + 100 * p.users);
        Verdict {
            exceeded: p.short_used > limit.0 || p.long_used > limit.1,
            usage: (p.short_used, p.long_used),
            limit,
            reset_s: (
                (p.short_start + SHORT_MS - now).max(0) / 1000,
                (p.long_start + LONG_MS - now).max(0) / 1000,
            ),
        }
    }
}

//! Prometheus metrics, served at `/metrics` when `--metrics` is on (see `crate::http::metrics`
//! for who may read them).
//!
//! A small registry of atomics rather than a metrics crate: the families are few and fixed,
//! and recording stays a map lookup plus relaxed adds. Requests are recorded by the access log
//! (the same route template, status and duration it writes), imports by the workouts service's
//! observer (every way in: uploads, the sync API, the inbox, archives), webhook deliveries by
//! their worker. Gauges (the outbox's depth, the database pool, memory) are read when scraped.

mod family;
mod histogram;
mod process;
mod scrape;
pub mod text;

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering::Relaxed},
    },
    time::{Duration, SystemTime},
};

use http::Method;
use workouts::{FileImport, FileOutcome, ImportObserver};

use self::{
    family::Family,
    histogram::{Histogram, IMPORT_SECONDS, REQUEST_SECONDS},
};

/// The label sets of requests kept at most: routes are templates from the route table (a few
/// hundred with their methods and statuses), so this bound is only reached by surprise.
const MAX_REQUEST_SERIES: usize = 2000;
/// The route label of requests no route matched (any path; never the path itself).
const UNMATCHED: &str = "unmatched";

/// The registry, and what it reads at scrape time. Cheap to clone.
#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    requests: Family<RequestKey, Histogram>,
    uploads: Family<UploadKey, AtomicU64>,
    import_bytes: AtomicU64,
    import_seconds: Histogram,
    deliveries: [AtomicU64; Delivery::ALL.len()],
    /// When the process started serving, unix seconds.
    started: f64,
    /// The pool's use is read from the store's handle (no query).
    db: db::Db,
    /// The outbox's depth is the partner service's to tell.
    partners: partner::Partners,
}

/// One request's labels.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct RequestKey {
    route: String,
    method: &'static str,
    /// The status code; 0 for the overflow series.
    status: u16,
}

impl RequestKey {
    fn labels<'a>(&'a self, status: &'a str) -> [(&'static str, &'a str); 3] {
        [
            ("method", self.method),
            ("route", self.route.as_str()),
            ("status", status),
        ]
    }
}

/// One file's outcome's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct UploadKey {
    outcome: &'static str,
    reason: Option<&'static str>,
}

/// What became of one webhook delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The receiver answered 2xx.
    Delivered,
    /// It failed; it will be tried again later.
    Failed,
    /// It failed, and its webhook, failing for too long, was switched off.
    GivenUp,
}

impl Delivery {
    const ALL: [Self; 3] = [Self::Delivered, Self::Failed, Self::GivenUp];

    fn as_str(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::GivenUp => "given_up",
        }
    }
}

impl Metrics {
    /// An empty registry reading the pool of `db` and the outbox through `partners`.
    pub fn new(db: db::Db, partners: partner::Partners) -> Self {
        let started = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0.0, |since| since.as_secs_f64());
        Self(Arc::new(Inner {
            requests: Family::new(
                MAX_REQUEST_SERIES,
                RequestKey {
                    route: "overflow".to_owned(),
                    method: "other",
                    status: 0,
                },
                || Histogram::new(REQUEST_SECONDS),
            ),
            // Outcomes and reasons are fixed sets; the bound only guards against a mistake.
            uploads: Family::new(
                200,
                UploadKey {
                    outcome: "refused",
                    reason: Some("overflow"),
                },
                AtomicU64::default,
            ),
            import_bytes: AtomicU64::new(0),
            import_seconds: Histogram::new(IMPORT_SECONDS),
            deliveries: Default::default(),
            started,
            db,
            partners,
        }))
    }

    /// Counts one answered request: `route` is its route template (`None` when no route
    /// matched), `elapsed` runs until its body was sent.
    pub fn request(&self, method: &Method, route: Option<String>, status: u16, elapsed: Duration) {
        let key = RequestKey {
            route: route.unwrap_or_else(|| UNMATCHED.to_owned()),
            method: method_label(method),
            status,
        };
        self.0
            .requests
            .with(key, |histogram| histogram.observe(elapsed.as_secs_f64()));
    }

    /// Counts one webhook delivery attempt.
    pub fn webhook_delivery(&self, result: Delivery) {
        let index = Delivery::ALL
            .iter()
            .position(|d| *d == result)
            .expect("every result is listed");
        self.0.deliveries[index].fetch_add(1, Relaxed);
    }
}

impl ImportObserver for Metrics {
    fn file_done(&self, file: &FileImport) {
        let key = match file.outcome {
            FileOutcome::Imported => UploadKey {
                outcome: "imported",
                reason: None,
            },
            FileOutcome::Duplicate => UploadKey {
                outcome: "duplicate",
                reason: None,
            },
            FileOutcome::Linked => UploadKey {
                outcome: "linked",
                reason: None,
            },
            FileOutcome::Refused(reason) => UploadKey {
                outcome: "refused",
                reason: Some(reason.as_str()),
            },
        };
        self.0.uploads.with(key, |n| {
            n.fetch_add(1, Relaxed);
        });
        self.0.import_bytes.fetch_add(file.bytes, Relaxed);
        self.0.import_seconds.observe(file.elapsed.as_secs_f64());
    }
}

/// The method's label: the standard ones by name, any other as `other` (a client may send any
/// token as a method; each must not become a series).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

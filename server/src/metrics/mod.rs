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
    text::{Kind, Text},
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

    /// The scrape: every family, in the text format.
    pub async fn render(&self) -> String {
        let mut text = Text::default();
        self.render_requests(&mut text);
        self.render_imports(&mut text);
        self.render_webhooks(&mut text).await;
        self.render_pool(&mut text);
        render_process(&mut text, self.0.started);
        text.finish()
    }

    fn render_requests(&self, text: &mut Text) {
        let requests: Vec<(RequestKey, String, _)> = self
            .0
            .requests
            .collect(Histogram::snapshot)
            .into_iter()
            .map(|(key, snapshot)| {
                let status = match key.status {
                    0 => "other".to_owned(),
                    code => code.to_string(),
                };
                (key, status, snapshot)
            })
            .collect();
        text.family(
            "laps_http_requests_total",
            "HTTP requests answered, by method, route template and status code.",
            Kind::Counter,
        );
        for (key, status, snapshot) in &requests {
            text.sample(
                "laps_http_requests_total",
                &key.labels(status),
                snapshot.count() as f64,
            );
        }
        text.family(
            "laps_http_request_duration_seconds",
            "Time from a request's arrival to its answer's last byte, by method, route template and status code.",
            Kind::Histogram,
        );
        for (key, status, snapshot) in &requests {
            text.histogram(
                "laps_http_request_duration_seconds",
                &key.labels(status),
                snapshot,
            );
        }
    }

    fn render_imports(&self, text: &mut Text) {
        text.family(
            "laps_uploads_total",
            "Files imported, by outcome (imported, duplicate, linked, refused) and, for refused ones, reason.",
            Kind::Counter,
        );
        for (key, count) in self.0.uploads.collect(|n| n.load(Relaxed)) {
            let mut labels = vec![("outcome", key.outcome)];
            labels.extend(key.reason.map(|reason| ("reason", reason)));
            text.sample("laps_uploads_total", &labels, count as f64);
        }
        text.family(
            "laps_import_bytes_total",
            "Bytes of the files read for import, as they came (compressed ones compressed), whatever their outcome.",
            Kind::Counter,
        );
        text.sample(
            "laps_import_bytes_total",
            &[],
            self.0.import_bytes.load(Relaxed) as f64,
        );
        text.family(
            "laps_import_seconds",
            "Time to import one file, from reading it to its result.",
            Kind::Histogram,
        );
        text.histogram(
            "laps_import_seconds",
            &[],
            &self.0.import_seconds.snapshot(),
        );
    }

    async fn render_webhooks(&self, text: &mut Text) {
        text.family(
            "laps_webhook_deliveries_total",
            "Webhook delivery attempts, by result (delivered, failed and to be retried, given_up: failed and the webhook switched off).",
            Kind::Counter,
        );
        for (result, count) in Delivery::ALL.iter().zip(&self.0.deliveries) {
            text.sample(
                "laps_webhook_deliveries_total",
                &[("result", result.as_str())],
                count.load(Relaxed) as f64,
            );
        }
        // Left out when the store cannot say: a gauge of 0 would claim an empty outbox.
        match self.0.partners.outbox_depth().await {
            Ok(depth) => {
                text.family(
                    "laps_webhook_outbox_depth",
                    "Webhook events waiting to be sent to active webhooks.",
                    Kind::Gauge,
                );
                text.sample("laps_webhook_outbox_depth", &[], depth as f64);
            }
            Err(e) => tracing::warn!(error = ?e, "metrics: the webhook outbox's depth is unknown"),
        }
    }

    fn render_pool(&self, text: &mut Text) {
        let pool = self.0.db.pool_stats();
        for (name, help, value) in [
            (
                "laps_db_pool_connections",
                "Database connections open, idle or in use.",
                pool.size,
            ),
            (
                "laps_db_pool_idle_connections",
                "Database connections open and waiting for a query.",
                pool.idle,
            ),
            (
                "laps_db_pool_in_use_connections",
                "Database connections lent out to a query or transaction.",
                pool.in_use,
            ),
            (
                "laps_db_pool_max_connections",
                "The most database connections the pool opens (db_max_connections).",
                pool.max,
            ),
        ] {
            text.family(name, help, Kind::Gauge);
            text.sample(name, &[], f64::from(value));
        }
    }
}

/// Memory, open files, start time and the build: what the process is.
fn render_process(text: &mut Text, started: f64) {
    if let Some(memory) = process::memory() {
        text.family(
            "laps_process_resident_memory_bytes",
            "Memory of the process in RAM.",
            Kind::Gauge,
        );
        text.sample(
            "laps_process_resident_memory_bytes",
            &[],
            memory.resident_bytes as f64,
        );
        text.family(
            "laps_process_virtual_memory_bytes",
            "Memory the process has mapped, in RAM or not.",
            Kind::Gauge,
        );
        text.sample(
            "laps_process_virtual_memory_bytes",
            &[],
            memory.virtual_bytes as f64,
        );
    }
    if let Some(fds) = process::open_fds() {
        text.family(
            "laps_process_open_fds",
            "File descriptors the process has open.",
            Kind::Gauge,
        );
        text.sample("laps_process_open_fds", &[], fds as f64);
    }
    text.family(
        "laps_process_start_time_seconds",
        "When the server started, seconds since the Unix epoch.",
        Kind::Gauge,
    );
    text.sample("laps_process_start_time_seconds", &[], started.floor());
    text.family(
        "laps_build_info",
        "The version and commit this server was built from; always 1.",
        Kind::Gauge,
    );
    text.sample(
        "laps_build_info",
        &[
            ("version", env!("CARGO_PKG_VERSION")),
            ("commit", env!("LAPS_COMMIT")),
        ],
        1.0,
    );
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

//! The scrape: every family written in the text format, counters from the registry and gauges
//! read now (the outbox's depth, the database pool, the process).

use std::sync::atomic::Ordering::Relaxed;

use super::{
    Delivery, Metrics, RequestKey,
    histogram::Histogram,
    process,
    text::{Kind, Text},
};

impl Metrics {
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

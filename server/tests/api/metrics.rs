//! `/metrics` (issue 14, point 4): off by default, answered only to the allowed networks, and
//! what it says read back by PyPI prometheus-client's own parser
//! (`server/tests/prometheus/samples.py`, with `LAPS_PROMETHEUS_PYTHON`).

use std::{collections::BTreeMap, path::PathBuf, process::Stdio};

use db::Backend;
use laps::config::Settings;
use reqwest::{StatusCode, header};
use serde::Deserialize;
use tokio::io::AsyncWriteExt as _;

use crate::{
    helpers::{TestApp, settings, spawn_app, spawn_app_with},
    inbox::wait_for,
    workouts::corpus_dir,
};

const PASSWORD: &str = "correct horse battery";

/// One sample as the Python parser read it.
#[derive(Debug, Deserialize)]
struct Sample {
    family: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    labels: BTreeMap<String, String>,
    value: serde_json::Value,
}

impl Sample {
    fn value(&self) -> f64 {
        self.value
            .as_f64()
            .unwrap_or_else(|| panic!("{} is not finite: {:?}", self.name, self.value))
    }
}

/// The samples of one scrape.
pub(crate) struct Scrape(Vec<Sample>);

impl Scrape {
    /// The value of the one sample named `name` whose labels include `labels`; 0 when there is
    /// none (a counter not yet incremented is not written), a panic when several match.
    pub(crate) fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let found: Vec<&Sample> = self.matching(name, labels).collect();
        assert!(
            found.len() <= 1,
            "{name} {labels:?} matches several samples: {found:?}"
        );
        found.first().map_or(0.0, |s| s.value())
    }

    /// The value of `name` (without labels), which must be there.
    pub(crate) fn gauge(&self, name: &str) -> f64 {
        let sample = self
            .matching(name, &[])
            .next()
            .unwrap_or_else(|| panic!("the scrape has no {name}"));
        sample.value()
    }

    fn matching<'a>(
        &'a self,
        name: &'a str,
        labels: &'a [(&str, &str)],
    ) -> impl Iterator<Item = &'a Sample> + 'a {
        self.0.iter().filter(move |s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
    }

    fn family_type(&self, family: &str) -> &str {
        &self
            .0
            .iter()
            .find(|s| s.family == family)
            .unwrap_or_else(|| panic!("the scrape has no family {family}"))
            .kind
    }
}

fn python() -> String {
    std::env::var("LAPS_PROMETHEUS_PYTHON")
        .unwrap_or_else(|_| "/tmp/laps-prometheus/bin/python".to_owned())
}

/// Parses the exposition with prometheus-client's parser.
pub(crate) async fn parse(text: &str) -> Scrape {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/prometheus/samples.py");
    let mut child = tokio::process::Command::new(python())
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}): install PyPI prometheus-client with \
                 `source scripts/lib.sh && ensure_prometheus_client` (scripts/test does), \
                 or set LAPS_PROMETHEUS_PYTHON",
                python()
            )
        });
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(text.as_bytes()).await.unwrap();
    drop(stdin);
    let output = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named 'prometheus_client'"),
        "PyPI prometheus-client is missing from {}: run `source scripts/lib.sh && \
         ensure_prometheus_client` (scripts/test does)",
        python()
    );
    assert!(
        output.status.success(),
        "prometheus-client's parser refused the scrape: {stderr}\n--- the scrape ---\n{text}"
    );
    Scrape(serde_json::from_slice(&output.stdout).expect("the script prints JSON"))
}

fn corpus(relative: &str) -> (String, Vec<u8>) {
    let bytes =
        std::fs::read(corpus_dir().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    (relative.rsplit('/').next().unwrap().to_owned(), bytes)
}

fn with_metrics(change: impl FnOnce(&mut Settings)) -> Settings {
    let mut settings = Settings {
        metrics: Some(true),
        ..settings()
    };
    change(&mut settings);
    settings
}

pub(crate) async fn get_metrics(app: &TestApp) -> reqwest::Response {
    app.client.get(app.url("/metrics")).send().await.unwrap()
}

async fn metrics_are_off_by_default_and_the_path_is_unknown(backend: Backend) {
    let app = spawn_app(backend).await;
    let metrics = get_metrics(&app).await;
    let unknown = app
        .client
        .get(app.url("/no-such-page"))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        metrics.headers().get(header::CONTENT_TYPE),
        unknown.headers().get(header::CONTENT_TYPE),
        "the same answer as any unknown path"
    );
}

async fn metrics_count_the_uploads_requests_and_pool_in_the_prometheus_format(backend: Backend) {
    // Arrange: three files that import, then one again and two that cannot be read.
    let app = spawn_app_with(backend, with_metrics(|_| {})).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let first = [
        corpus("fit/fitparse__2013-02-06-12-11-14.fit"),
        corpus("gpx/fittrackee__test.gpx"),
        corpus("tcx/dblock-tcx__running_activity_1.tcx"),
    ];
    let second = [
        corpus("fit/fitparse__2013-02-06-12-11-14.fit"),
        corpus("invalid/fitparse__activity-filecrc.fit"),
        corpus("invalid/sportslib__6281425038.tcx"),
    ];

    // Act
    let mut statuses = Vec::new();
    for files in [&first[..], &second[..]] {
        let results = app.upload_ok(files).await;
        statuses.extend(
            results
                .iter()
                .map(|r| r["status"].as_str().unwrap().to_owned()),
        );
    }
    let response = get_metrics(&app).await;

    // Assert
    assert_eq!(
        statuses,
        [
            "imported",
            "imported",
            "imported",
            "duplicate",
            "refused",
            "refused"
        ],
        "the uploads did what the test counts on"
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get(header::CONTENT_TYPE).unwrap(),
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let scrape = parse(&response.text().await.unwrap()).await;

    let uploads = |labels: &[(&str, &str)]| scrape.value("laps_uploads_total", labels);
    assert_eq!(scrape.family_type("laps_uploads"), "counter");
    assert_eq!(uploads(&[("outcome", "imported")]), 3.0);
    assert_eq!(uploads(&[("outcome", "duplicate")]), 1.0);
    assert_eq!(
        uploads(&[("outcome", "refused"), ("reason", "crc_mismatch")]),
        1.0
    );
    assert_eq!(
        uploads(&[
            ("outcome", "refused"),
            ("reason", "xml_declaration_not_at_start")
        ]),
        1.0
    );
    let counted: f64 = scrape
        .matching("laps_uploads_total", &[])
        .map(Sample::value)
        .sum();
    assert_eq!(counted, 6.0, "one count per file, no more");
    let bytes: usize = first.iter().chain(&second).map(|(_, b)| b.len()).sum();
    assert_eq!(scrape.gauge("laps_import_bytes_total"), bytes as f64);
    assert_eq!(scrape.family_type("laps_import_seconds"), "histogram");
    assert_eq!(scrape.value("laps_import_seconds_count", &[]), 6.0);
    assert!(scrape.value("laps_import_seconds_sum", &[]) > 0.0);

    let upload_route = [
        ("method", "POST"),
        ("route", "/api/v1/uploads"),
        ("status", "200"),
    ];
    assert_eq!(scrape.value("laps_http_requests_total", &upload_route), 2.0);
    assert_eq!(
        scrape.family_type("laps_http_request_duration_seconds"),
        "histogram"
    );
    assert_eq!(
        scrape.value("laps_http_request_duration_seconds_count", &upload_route),
        2.0
    );
    let all_buckets = [upload_route.as_slice(), &[("le", "+Inf")]].concat();
    assert_eq!(
        scrape.value("laps_http_request_duration_seconds_bucket", &all_buckets),
        2.0
    );
    assert!(
        scrape
            .0
            .iter()
            .filter(|s| s.name == "laps_http_requests_total")
            .all(|s| s.labels["route"].starts_with('/') || s.labels["route"] == "unmatched"),
        "routes are templates, never raw paths"
    );

    let max = scrape.gauge("laps_db_pool_max_connections");
    let size = scrape.gauge("laps_db_pool_connections");
    let idle = scrape.gauge("laps_db_pool_idle_connections");
    let in_use = scrape.gauge("laps_db_pool_in_use_connections");
    assert_eq!(max, 10.0, "the default db_max_connections");
    assert!(
        (1.0..=max).contains(&size) && idle + in_use == size,
        "size {size}, idle {idle}, in use {in_use}"
    );
    assert_eq!(scrape.gauge("laps_webhook_outbox_depth"), 0.0);
    assert_eq!(
        scrape.value("laps_webhook_deliveries_total", &[("result", "delivered")]),
        0.0
    );
    let resident = scrape.gauge("laps_process_resident_memory_bytes");
    let virtual_bytes = scrape.gauge("laps_process_virtual_memory_bytes");
    assert!(
        resident > 1e6 && virtual_bytes >= resident,
        "resident {resident}, virtual {virtual_bytes}"
    );
    assert!(scrape.gauge("laps_process_open_fds") > 0.0);
    let build = scrape
        .matching("laps_build_info", &[])
        .next()
        .expect("build info");
    assert_eq!(build.labels["version"], env!("CARGO_PKG_VERSION"));
    assert!(!build.labels["commit"].is_empty());
}

async fn files_from_the_inbox_are_counted_too(backend: Backend) {
    // Arrange: a watched folder, quick to settle, with a 1 MiB upload limit.
    let inbox = tempfile::tempdir().unwrap();
    let app = spawn_app_with(
        backend,
        with_metrics(|s| {
            s.inbox = Some(inbox.path().to_owned());
            s.inbox_poll_seconds = Some(1);
            s.inbox_settle_seconds = Some(1);
            s.max_upload_mib = Some(1);
        }),
    )
    .await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let ada = inbox.path().join("ada");
    std::fs::create_dir_all(&ada).unwrap();

    // Act: a workout, a file cut short, and one refused unread for its size.
    let (_, run) = corpus("fit/fitparse__2013-02-06-12-11-14.fit");
    let (_, cut) = corpus("invalid/fitparse__activity-unexpected-eof.fit");
    let huge = vec![0u8; (1 << 20) + 1];
    std::fs::write(ada.join("run.fit"), &run).unwrap();
    std::fs::write(ada.join("cut.fit"), &cut).unwrap();
    std::fs::write(ada.join("huge.fit"), &huge).unwrap();
    wait_for(&[
        ada.join("imported/run.fit"),
        ada.join("refused/cut.fit.reason.txt"),
        ada.join("refused/huge.fit.reason.txt"),
    ])
    .await;
    let scrape = parse(&get_metrics(&app).await.text().await.unwrap()).await;

    // Assert
    let uploads = |labels: &[(&str, &str)]| scrape.value("laps_uploads_total", labels);
    assert_eq!(uploads(&[("outcome", "imported")]), 1.0);
    assert_eq!(
        uploads(&[("outcome", "refused"), ("reason", "truncated")]),
        1.0
    );
    assert_eq!(
        uploads(&[("outcome", "refused"), ("reason", "too_large")]),
        1.0
    );
    assert_eq!(
        scrape.gauge("laps_import_bytes_total"),
        (run.len() + cut.len()) as f64,
        "the file refused unread counts no bytes"
    );
}

async fn metrics_are_refused_to_a_peer_outside_the_allowed_networks(backend: Backend) {
    // The test's peer is 127.0.0.1; it claims 10.1.2.3 in X-Forwarded-For, which the client
    // address logic believes here (trust_forwarded_for), and /metrics must not.
    let app = spawn_app_with(
        backend,
        with_metrics(|s| {
            s.metrics_allowed_networks = Some("10.0.0.0/8".parse().unwrap());
            s.trust_forwarded_for = Some(true);
        }),
    )
    .await;
    let response = app
        .client
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "10.1.2.3")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body = response.text().await.unwrap();
    assert!(!body.contains("laps_"), "no metric leaks: {body}");
}

db::on_both_backends!(
    metrics_are_off_by_default_and_the_path_is_unknown,
    metrics_count_the_uploads_requests_and_pool_in_the_prometheus_format,
    files_from_the_inbox_are_counted_too,
    metrics_are_refused_to_a_peer_outside_the_allowed_networks,
);

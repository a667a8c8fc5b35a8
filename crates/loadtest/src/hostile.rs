//! `laps-load hostile`: every hostile request of issue 11 at once, in parallel with an
//! athlete's normal traffic (uploads of real files, page views, an export). Passes when every
//! normal request succeeded (a 503 from a full gate is retried after its `Retry-After`, as a
//! well-behaved client does), every hostile one got a 4xx/503 or a per-file refusal, and the
//! server still answers `/healthz`. `scripts/hostile-run` runs it against a release server
//! under a memory limit.

use std::{io::Write as _, path::Path, sync::Arc, time::Duration};

use anyhow::{Context as _, bail};
use reqwest::{Client, StatusCode, multipart};
use serde_json::{Value, json};
use tokio::task::JoinSet;

/// What one request was and how it ended.
struct Outcome {
    name: String,
    ok: bool,
    detail: String,
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("gzip to memory");
    e.finish().expect("gzip to memory")
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in entries {
        w.start_file(*name, options).expect("zip to memory");
        w.write_all(bytes).expect("zip to memory");
    }
    w.finish().expect("zip to memory").into_inner()
}

/// A TCX of `activities` runs with `points` trackpoints each, claiming `distance` metres.
fn tcx(activities: usize, points: usize, distance: &str) -> Vec<u8> {
    let mut out = String::from(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>"#,
    );
    for a in 0..activities {
        let (day, hour) = (1 + a % 28, a / 28 % 24);
        out.push_str(&format!(
            r#"<Activity Sport="Running"><Id>2023-04-{day:02}T{hour:02}:00:00Z</Id><Lap StartTime="2023-04-{day:02}T{hour:02}:00:00Z"><TotalTimeSeconds>{points}</TotalTimeSeconds><DistanceMeters>{distance}</DistanceMeters><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod><Track>"#
        ));
        for s in 0..points {
            out.push_str(&format!(
                "<Trackpoint><Time>2023-04-{day:02}T{hour:02}:{:02}:{:02}Z</Time><DistanceMeters>{distance}</DistanceMeters><HeartRateBpm><Value>4000</Value></HeartRateBpm></Trackpoint>",
                s / 60 % 60,
                s % 60
            ));
        }
        out.push_str("</Track></Lap></Activity>");
    }
    out.push_str("</Activities></TrainingCenterDatabase>");
    out.into_bytes()
}

/// Files of one request: (name, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// The hostile uploads: (what, files).
fn hostile_uploads() -> Vec<(&'static str, Files)> {
    let mut layered = tcx(1, 10, "30");
    for _ in 0..4_000 {
        layered = gzip(&layered);
    }
    let mut wide = String::from(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity"#,
    );
    for i in 0..80_000 {
        wide.push_str(&format!(" a{i}=\"x\""));
    }
    wide.push_str("/></Activities></TrainingCenterDatabase>");
    let deep = format!(
        "<?xml version=\"1.0\"?><gpx>{}</gpx>",
        "<trk>".repeat(100_000)
    );
    // Zip bombs: 64 MiB of zeros in one entry (64 KB compressed), and 40 such entries.
    let zeros = vec![0u8; 64 << 20];
    let one_bomb = zip(&[("zeros.fit", &zeros)]);
    let many: Files = (0..3)
        .map(|k| {
            let big = tcx(1, 250_000, "9000");
            (format!("part{k}.zip"), zip(&[("big.tcx", &big)]))
        })
        .collect();
    let repeated: Vec<(String, &[u8])> = (0..40)
        .map(|k| (format!("zeros{k}.fit"), zeros.as_slice()))
        .collect();
    let repeated: Vec<(&str, &[u8])> = repeated.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    vec![
        ("4,000 gzip layers", vec![("deep.tcx.gz".into(), layered)]),
        (
            "1e300 m and 4000 bpm",
            vec![("far.tcx".into(), tcx(1, 600, "1e300"))],
        ),
        (
            "1,000 activities in a small gzip",
            vec![("many.tcx.gz".into(), gzip(&tcx(1_000, 2, "5")))],
        ),
        (
            "80,000 attributes",
            vec![("wide.tcx".into(), wide.into_bytes())],
        ),
        (
            "100,000 nested elements",
            vec![("deep.gpx".into(), deep.into_bytes())],
        ),
        (
            "a 64 MiB entry of zeros",
            vec![("bomb.zip".into(), one_bomb)],
        ),
        (
            "40 entries of 64 MiB zeros",
            vec![("bombs.zip".into(), zip(&repeated))],
        ),
        ("three large zips in one request", many),
        (
            "a gzip of 1 GiB zeros",
            vec![("zeros.fit.gz".into(), gzip_zeros(1 << 30))],
        ),
    ]
}

/// Gzip of `len` zero bytes, written in pieces (never whole in memory).
fn gzip_zeros(len: usize) -> Vec<u8> {
    let chunk = vec![0u8; 16 << 20];
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..len / chunk.len() {
        e.write_all(&chunk).expect("gzip to memory");
    }
    e.finish().expect("gzip to memory")
}

/// Sends a request, retrying after `Retry-After` while the server is busy (at most a minute).
async fn send(make: impl Fn() -> reqwest::RequestBuilder) -> anyhow::Result<reqwest::Response> {
    for _ in 0..60 {
        let response = make().send().await?;
        if response.status() != StatusCode::SERVICE_UNAVAILABLE {
            return Ok(response);
        }
        let wait = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        tokio::time::sleep(Duration::from_secs(wait)).await;
    }
    bail!("still busy after a minute")
}

fn upload_form(files: &[(String, Vec<u8>)]) -> multipart::Form {
    files
        .iter()
        .fold(multipart::Form::new(), |form, (name, bytes)| {
            form.part(
                "file",
                multipart::Part::bytes(bytes.clone()).file_name(name.clone()),
            )
        })
}

/// A hostile upload ends well when the request is refused or every file in it is.
async fn hostile_upload(
    client: Client,
    base: String,
    token: String,
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
) -> Outcome {
    let result = send(|| {
        client
            .post(format!("{base}/api/v1/uploads"))
            .header("x-csrf-token", &token)
            .multipart(upload_form(&files))
    })
    .await;
    let (ok, detail) = match result {
        Err(e) => (false, format!("no answer: {e:#}")),
        Ok(r) if r.status().is_client_error() => (true, format!("{}", r.status())),
        Ok(r) if r.status() == StatusCode::OK => {
            let body: Value = r.json().await.unwrap_or(Value::Null);
            let results = body["files"].as_array().cloned().unwrap_or_default();
            // Absurd values are dropped with a warning: such a file may import, sanitised.
            let sanitised = name.starts_with("1e300");
            let refused = results.iter().all(|f| f["status"] == "refused");
            let first = results
                .first()
                .and_then(|f| f["error"].as_str().or(f["status"].as_str()))
                .unwrap_or("no result")
                .to_owned();
            (refused || sanitised, first)
        }
        Ok(r) => (false, format!("{}", r.status())),
    };
    Outcome {
        name: format!("hostile: {name}"),
        ok,
        detail,
    }
}

/// The sync API's hostile cases: a clock that overflows, a notification 4e15 ms away, a
/// session spanning days.
async fn hostile_sync(client: Client, base: String, token: String) -> Vec<Outcome> {
    let post = |path: String, body: Value| {
        let client = client.clone();
        let token = token.clone();
        async move {
            send(|| {
                client
                    .post(&path)
                    .header("x-csrf-token", &token)
                    .json(&body)
            })
            .await
        }
    };
    let mut out = Vec::new();
    let session = match post(
        format!("{base}/api/v1/sync/sessions"),
        json!({ "sport": "running" }),
    )
    .await
    {
        Ok(r) => r.json::<Value>().await.unwrap_or(Value::Null),
        Err(e) => {
            out.push(Outcome {
                name: "hostile: sync session".into(),
                ok: false,
                detail: format!("{e:#}"),
            });
            return out;
        }
    };
    let id = session["id"].as_i64().unwrap_or(0);
    let batches = format!("{base}/api/v1/sync/sessions/{id}/batches");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let cases = [
        (
            "sync: clock overflow",
            json!({ "seq": 0, "clock": { "device_ms": i64::MIN, "utc_ms": i64::MAX } }),
        ),
        (
            "sync: 4e15 ms apart",
            json!({ "seq": 1, "clock": { "device_ms": 0, "utc_ms": now }, "notifications": [
                { "characteristic": "2a37", "t": 0, "value": "0078" },
                { "characteristic": "2a37", "t": 4_000_000_000_000_000i64, "value": "0078" }] }),
        ),
        (
            "sync: eight days later",
            json!({ "seq": 2, "clock": { "device_ms": 0, "utc_ms": now - 9 * 86_400_000 },
                    "notifications": [{ "characteristic": "2a37", "t": 86_400_000, "value": "0078" }] }),
        ),
    ];
    for (name, body) in cases {
        let answer = post(batches.clone(), body).await;
        out.push(Outcome {
            name: format!("hostile: {name}"),
            ok: answer.as_ref().is_ok_and(|r| r.status().as_u16() < 500),
            detail: answer.map_or_else(|e| format!("{e:#}"), |r| r.status().to_string()),
        });
    }
    let close = post(format!("{base}/api/v1/sync/sessions/{id}/close"), json!({})).await;
    out.push(Outcome {
        name: "hostile: sync close spanning days".into(),
        ok: close
            .as_ref()
            .is_ok_and(|r| r.status() == StatusCode::BAD_REQUEST),
        detail: close.map_or_else(|e| format!("{e:#}"), |r| r.status().to_string()),
    });
    out
}

/// An athlete's normal traffic: every file of `dir` uploaded one at a time (each must import,
/// or be a duplicate or a refusal the corpus expects: the answer must be 200), pages viewed
/// between them, and the account exported at the end.
async fn normal(
    client: Client,
    base: String,
    token: String,
    dir: std::path::PathBuf,
) -> Vec<Outcome> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let answer = send(|| {
            client
                .post(format!("{base}/api/v1/uploads"))
                .header("x-csrf-token", &token)
                .multipart(upload_form(&[(name.clone(), bytes.clone())]))
        })
        .await;
        out.push(Outcome {
            name: format!("normal: upload {name}"),
            ok: answer.as_ref().is_ok_and(|r| r.status() == StatusCode::OK),
            detail: answer.map_or_else(|e| format!("{e:#}"), |r| r.status().to_string()),
        });
        for page in ["/calendar", "/workouts", "/healthz"] {
            let answer = send(|| client.get(format!("{base}{page}"))).await;
            out.push(Outcome {
                name: format!("normal: GET {page}"),
                ok: answer.as_ref().is_ok_and(|r| r.status() == StatusCode::OK),
                detail: answer.map_or_else(|e| format!("{e:#}"), |r| r.status().to_string()),
            });
        }
    }
    let export = send(|| client.get(format!("{base}/api/v1/export"))).await;
    let ok = match export {
        Ok(r) if r.status() == StatusCode::OK => r.bytes().await.is_ok_and(|b| b.len() > 22),
        _ => false,
    };
    out.push(Outcome {
        name: "normal: account export".into(),
        ok,
        detail: String::new(),
    });
    out
}

/// Runs everything at once and reports; fails when anything went wrong.
pub async fn run(base: &str, user: &str, password: &str, normal_dir: &Path) -> anyhow::Result<()> {
    let (hostile_client, hostile_token) = crate::http::signed_in(base, user, password).await?;
    let (normal_client, normal_token) = crate::http::signed_in(base, user, password).await?;
    let mut tasks: JoinSet<Vec<Outcome>> = JoinSet::new();
    tasks.spawn(normal(
        normal_client,
        base.to_owned(),
        normal_token,
        normal_dir.to_owned(),
    ));
    let uploads = Arc::new(tokio::sync::Semaphore::new(4));
    for (name, files) in hostile_uploads() {
        let (client, base, token) = (
            hostile_client.clone(),
            base.to_owned(),
            hostile_token.clone(),
        );
        let uploads = Arc::clone(&uploads);
        tasks.spawn(async move {
            // The hostile side keeps four requests in flight: more than the heavy gate holds.
            let _slot = uploads.acquire_owned().await;
            vec![hostile_upload(client, base, token, name, files).await]
        });
    }
    tasks.spawn(hostile_sync(
        hostile_client.clone(),
        base.to_owned(),
        hostile_token.clone(),
    ));
    let mut outcomes = Vec::new();
    while let Some(done) = tasks.join_next().await {
        outcomes.extend(done.context("a task failed")?);
    }
    let health = reqwest::get(format!("{base}/healthz")).await;
    outcomes.push(Outcome {
        name: "after: /healthz".into(),
        ok: health.as_ref().is_ok_and(|r| r.status() == StatusCode::OK),
        detail: health.map_or_else(|e| format!("{e:#}"), |r| r.status().to_string()),
    });
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.ok).collect();
    for o in outcomes.iter().filter(|o| o.name.starts_with("hostile")) {
        println!(
            "{:<5} {} ({})",
            if o.ok { "ok" } else { "FAIL" },
            o.name,
            o.detail
        );
    }
    let normal_count = outcomes
        .iter()
        .filter(|o| o.name.starts_with("normal"))
        .count();
    println!(
        "{} normal requests, {} hostile, {} failed",
        normal_count,
        outcomes.len() - normal_count - 1,
        failed.len()
    );
    for o in &failed {
        println!("FAIL {}: {}", o.name, o.detail);
    }
    if failed.is_empty() {
        Ok(())
    } else {
        bail!("{} requests failed", failed.len())
    }
}

//! Signing in, uploading and timing pages over HTTP.

use std::{path::Path, sync::Arc, time::Instant};

use anyhow::{Context as _, bail};
use reqwest::{Client, header};

/// A client with a session and its CSRF token: signs in through the form the sign-in page posts.
pub async fn signed_in(base: &str, user: &str, password: &str) -> anyhow::Result<(Client, String)> {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = Client::builder()
        .cookie_provider(Arc::clone(&jar))
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .build()?;
    let page = client
        .get(format!("{base}/signin"))
        .send()
        .await?
        .text()
        .await?;
    // The form's action is the sign-in server function's URL.
    let action = page
        .split("action=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("no sign-in form on /signin")?
        .to_owned();
    let token = csrf_token(&jar, base)?;
    let answer = client
        .post(format!("{base}{action}"))
        .header(header::ACCEPT, "application/json")
        .form(&[
            ("username", user),
            ("password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await?;
    if !answer.status().is_success() {
        bail!("sign-in as {user} failed: {}", answer.status());
    }
    Ok((client, token))
}

fn csrf_token(jar: &reqwest::cookie::Jar, base: &str) -> anyhow::Result<String> {
    use reqwest::cookie::CookieStore as _;
    let cookies = jar.cookies(&base.parse()?).context("no cookies")?;
    cookies
        .to_str()?
        .split("; ")
        .find_map(|c| c.strip_prefix("laps_csrf="))
        .map(str::to_owned)
        .context("no CSRF cookie")
}

/// The server's own time from `Server-Timing: app;dur=…`, milliseconds.
fn server_ms(response: &reqwest::Response) -> Option<f64> {
    response
        .headers()
        .get("server-timing")?
        .to_str()
        .ok()?
        .split("dur=")
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Uploads every file of `dir`, `concurrency` at a time, one request per file.
pub async fn upload(
    client: &Client,
    token: &str,
    base: &str,
    dir: &Path,
    concurrency: usize,
) -> anyhow::Result<()> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let total = paths.len();
    let started = Instant::now();
    let paths = Arc::new(tokio::sync::Mutex::new(paths));
    let mut workers = Vec::new();
    for _ in 0..concurrency.max(1) {
        let (client, base, paths, token) = (
            client.clone(),
            base.to_owned(),
            Arc::clone(&paths),
            token.to_owned(),
        );
        workers.push(tokio::spawn(async move {
            let (mut bytes, mut imported, mut other, mut server) = (0u64, 0usize, 0usize, 0.0f64);
            while let Some(path) = paths.lock().await.pop() {
                let data = tokio::fs::read(&path).await?;
                bytes += data.len() as u64;
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                let form = reqwest::multipart::Form::new().part(
                    "file",
                    reqwest::multipart::Part::bytes(data).file_name(name),
                );
                let response = client
                    .post(format!("{base}/api/v1/uploads"))
                    .header("x-csrf-token", &token)
                    .multipart(form)
                    .send()
                    .await?;
                server += server_ms(&response).unwrap_or(0.0);
                let body: serde_json::Value = response.json().await?;
                for file in body["files"].as_array().into_iter().flatten() {
                    if file["status"] == "imported" {
                        imported += 1
                    } else {
                        other += 1
                    }
                }
            }
            anyhow::Ok((bytes, imported, other, server))
        }));
    }
    let (mut bytes, mut imported, mut other, mut server) = (0, 0, 0, 0.0);
    for worker in workers {
        let (b, i, o, s) = worker.await??;
        (bytes, imported, other, server) = (bytes + b, imported + i, other + o, server + s);
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "HTTP upload: {total} files, {:.1} MB in {secs:.1} s: {:.0} files/s, {:.1} MB/s; {imported} imported, {other} not; mean server time {:.2} ms per file",
        bytes as f64 / 1e6,
        total as f64 / secs,
        bytes as f64 / 1e6 / secs,
        server / total.max(1) as f64
    );
    Ok(())
}

/// Requests each path `requests` times with `concurrency` clients; prints a table row each,
/// after `/healthz` as the baseline.
pub async fn pages(
    client: &Client,
    base: &str,
    paths: &[String],
    requests: usize,
    concurrency: usize,
) -> anyhow::Result<()> {
    println!(
        "| path | requests | req/s | server p50 | server p99 | round trip p50 | round trip p99 | req/s vs /healthz |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut baseline = None;
    for path in std::iter::once("/healthz").chain(paths.iter().map(String::as_str)) {
        let started = Instant::now();
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut workers = Vec::new();
        for _ in 0..concurrency.max(1) {
            let (client, url, next) = (client.clone(), format!("{base}{path}"), Arc::clone(&next));
            workers.push(tokio::spawn(async move {
                let mut samples = Vec::new();
                while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < requests {
                    let sent = Instant::now();
                    let response = client
                        .get(&url)
                        .header(header::ACCEPT, "text/html")
                        .send()
                        .await?;
                    let status = response.status();
                    let server = server_ms(&response).unwrap_or(f64::NAN);
                    let _ = response.bytes().await?;
                    if !status.is_success() {
                        bail!("{url}: {status}");
                    }
                    samples.push((server, sent.elapsed().as_secs_f64() * 1000.0));
                }
                anyhow::Ok(samples)
            }));
        }
        let mut samples = Vec::new();
        for worker in workers {
            samples.extend(worker.await??);
        }
        let secs = started.elapsed().as_secs_f64();
        let rate = samples.len() as f64 / secs;
        let mut server: Vec<f64> = samples.iter().map(|s| s.0).collect();
        let mut trip: Vec<f64> = samples.iter().map(|s| s.1).collect();
        server.sort_by(f64::total_cmp);
        trip.sort_by(f64::total_cmp);
        let vs = baseline.map_or("1.00× (baseline)".to_owned(), |b: f64| {
            format!("{:.2}×", rate / b)
        });
        baseline.get_or_insert(rate);
        println!(
            "| {path} | {} | {rate:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {vs} |",
            samples.len(),
            percentile(&server, 0.5),
            percentile(&server, 0.99),
            percentile(&trip, 0.5),
            percentile(&trip, 0.99),
        );
    }
    Ok(())
}

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
) -> anyhow::Result<Uploaded> {
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
    let mb = bytes as f64 / 1e6;
    println!(
        "HTTP upload: {total} files, {mb:.1} MB in {secs:.1} s: {:.0} files/s, {:.1} MB/s; {imported} imported, {other} not; mean server time {:.2} ms per file, {:.2} ms per MB",
        total as f64 / secs,
        mb / secs,
        server / total.max(1) as f64,
        server / mb.max(1e-9)
    );
    Ok(Uploaded {
        files: total,
        mb,
        secs,
        server_ms: server,
    })
}

/// What an upload run did.
#[derive(Debug, Clone, Copy)]
pub struct Uploaded {
    /// Files sent.
    pub files: usize,
    /// Their size, MB.
    pub mb: f64,
    /// Wall time, s.
    pub secs: f64,
    /// The server's own time, summed over the files, ms.
    pub server_ms: f64,
}

/// Requests each path `requests` times with `concurrency` clients; prints a table row each,
/// after `/healthz` as the baseline, and appends each to `out` when given.
pub async fn pages(
    client: &Client,
    base: &str,
    paths: &[String],
    requests: usize,
    concurrency: usize,
    out: Option<&crate::results::Sink>,
) -> anyhow::Result<()> {
    println!(
        "| path | requests | req/s | server p50 | server p99 | round trip p50 | round trip p99 | req/s vs /healthz |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut baseline = None;
    for path in std::iter::once("/healthz").chain(paths.iter().map(String::as_str)) {
        let url = format!("{base}{path}");
        let timing = load(client, requests, concurrency, move |client| {
            let url = url.clone();
            async move { get(&client, &url).await }
        })
        .await?;
        let vs = baseline.map_or("1.00× (baseline)".to_owned(), |b: f64| {
            format!("{:.2}×", timing.rate / b)
        });
        baseline.get_or_insert(timing.rate);
        println!(
            "| {path} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {vs} |",
            timing.requests,
            timing.rate,
            timing.server_p50,
            timing.server_p99,
            timing.trip_p50,
            timing.trip_p99,
        );
        if let Some(out) = out {
            out.timing(path, concurrency, &timing)?;
        }
    }
    Ok(())
}

/// One GET as a browser asks for a page: the server's time and the body.
async fn get(client: &Client, url: &str) -> anyhow::Result<(f64, String)> {
    let response = client
        .get(url)
        .header(header::ACCEPT, "text/html")
        .send()
        .await?;
    let status = response.status();
    let server = server_ms(&response).unwrap_or(f64::NAN);
    let body = response.text().await?;
    if !status.is_success() {
        bail!("{url}: {status}");
    }
    Ok((server, body))
}

/// What a desktop browser loads after a page from the same server: its style sheets, scripts,
/// WebAssembly and icon (`<link>` and `<script>`), and its pictures (`<img>`; a `<source>` is
/// for phones). Links to other pages are not loads.
fn loads(page: &str) -> Vec<String> {
    let attribute = |tag: &str, name: &str| {
        tag.split(&format!(" {name}=\"")[..])
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(|v| v.replace("&amp;", "&"))
    };
    let mut urls: Vec<String> = Vec::new();
    for tag in page.split('<').filter_map(|t| t.split('>').next()) {
        let url = if tag.starts_with("link ") {
            let rel = attribute(tag, "rel").unwrap_or_default();
            ["stylesheet", "modulepreload", "preload", "icon"]
                .contains(&rel.as_str())
                .then(|| attribute(tag, "href"))
                .flatten()
        } else if tag.starts_with("script ") || tag.starts_with("img ") {
            attribute(tag, "src")
        } else {
            None
        };
        if let Some(url) = url.filter(|u| u.starts_with('/') && !u.starts_with("//"))
            && !urls.contains(&url)
        {
            urls.push(url);
        }
    }
    urls
}

/// Whether a browser keeps this answer for later views (a `max-age` above zero).
fn kept_by_browser(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            !v.contains("no-store")
                && !v.contains("no-cache")
                && v.split(',').any(|d| {
                    d.trim()
                        .strip_prefix("max-age=")
                        .and_then(|n| n.parse::<u64>().ok())
                        .is_some_and(|n| n > 0)
                })
        })
}

/// The whole workout view against the page alone. A view is the page, then everything it
/// loads from this server at once (see [`loads`]), as a browser does: on a first visit all of
/// it, on every later view only what the browser does not keep (the style sheets, scripts and
/// icon are kept for a day or a year). Its server time is the sum of the page's and the loads'
/// own times. Measured with `concurrency` clients: the page alone, every later view, and the
/// first visit.
pub async fn view(
    client: &Client,
    base: &str,
    path: &str,
    name: &str,
    requests: usize,
    concurrency: usize,
    out: Option<&crate::results::Sink>,
) -> anyhow::Result<()> {
    let page_url = format!("{base}{path}");
    let (_, page) = get(client, &page_url).await?;
    let (mut every_view, mut first_only) = (Vec::new(), Vec::new());
    for url in loads(&page).into_iter().map(|src| format!("{base}{src}")) {
        let response = client.get(&url).send().await?;
        if !response.status().is_success() {
            bail!("{url}: {}", response.status());
        }
        if kept_by_browser(&response) {
            first_only.push(url);
        } else {
            every_view.push(url);
        }
    }
    println!(
        "{path} loads {} more on every view {every_view:?}, and {} on a first visit only",
        every_view.len(),
        first_only.len()
    );
    let with = |loads: Vec<String>| {
        let (page_url, loads) = (page_url.clone(), Arc::new(loads));
        move |client: Client| {
            let (url, loads) = (page_url.clone(), Arc::clone(&loads));
            async move {
                let (page_ms, _) = get(&client, &url).await?;
                let answers =
                    futures::future::join_all(loads.iter().map(|l| get(&client, l))).await;
                let mut server = page_ms;
                for answer in answers {
                    server += answer?.0;
                }
                Ok((server, String::new()))
            }
        }
    };
    let alone = load(client, requests, concurrency, with(Vec::new())).await?;
    let later = load(client, requests, concurrency, with(every_view.clone())).await?;
    let all: Vec<String> = every_view.iter().chain(&first_only).cloned().collect();
    let first = load(client, requests, concurrency, with(all)).await?;
    println!(
        "{path}, {concurrency} clients, server p50 / p99: the page alone {:.2} / {:.2} ms; a view {:.2} / {:.2} ms ({:.2}× the page at p99); a first visit {:.2} / {:.2} ms ({:.2}×)",
        alone.server_p50,
        alone.server_p99,
        later.server_p50,
        later.server_p99,
        later.server_p99 / alone.server_p99,
        first.server_p50,
        first.server_p99,
        first.server_p99 / alone.server_p99,
    );
    if let Some(out) = out {
        out.timing(name, concurrency, &alone)?;
        out.timing(&format!("{name} + its loads"), concurrency, &later)?;
        out.timing(&format!("{name}, first visit"), concurrency, &first)?;
    }
    Ok(())
}

/// What a run of requests measured.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Requests made.
    pub requests: usize,
    /// Requests per second over the run.
    pub rate: f64,
    /// The server's own time (`Server-Timing`), median, ms.
    pub server_p50: f64,
    /// ... 99th percentile, ms.
    pub server_p99: f64,
    /// The round trip as the client saw it, median, ms.
    pub trip_p50: f64,
    /// ... 99th percentile, ms.
    pub trip_p99: f64,
}

/// Runs `request` `requests` times from `concurrency` clients at once; each answers its
/// server time in ms.
async fn load<F, Fut>(
    client: &Client,
    requests: usize,
    concurrency: usize,
    request: F,
) -> anyhow::Result<Timing>
where
    F: Fn(Client) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = anyhow::Result<(f64, String)>> + Send,
{
    let started = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency.max(1) {
        let (client, next, request) = (client.clone(), Arc::clone(&next), request.clone());
        workers.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < requests {
                let sent = Instant::now();
                let (server, _) = request(client.clone()).await?;
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
    let mut server: Vec<f64> = samples.iter().map(|s| s.0).collect();
    let mut trip: Vec<f64> = samples.iter().map(|s| s.1).collect();
    server.sort_by(f64::total_cmp);
    trip.sort_by(f64::total_cmp);
    Ok(Timing {
        requests: samples.len(),
        rate: samples.len() as f64 / secs,
        server_p50: percentile(&server, 0.5),
        server_p99: percentile(&server, 0.99),
        trip_p50: percentile(&trip, 0.5),
        trip_p99: percentile(&trip, 0.99),
    })
}

/// Downloads every workout of the signed-in account as `format` into `out` (one file each,
/// named by workout id), through `GET /api/v1/workouts/{id}/export/{format}`.
pub async fn export_all(
    client: &Client,
    base: &str,
    format: &str,
    out: &Path,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)?;
    let mut written = 0;
    for page in 1.. {
        let list: serde_json::Value = client
            .get(format!("{base}/api/v1/workouts?per_page=500&page={page}"))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let ids: Vec<i64> = list["workouts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w["id"].as_i64())
            .collect();
        if ids.is_empty() {
            break;
        }
        for id in ids {
            let body = client
                .get(format!("{base}/api/v1/workouts/{id}/export/{format}"))
                .send()
                .await?
                .error_for_status()?
                .bytes()
                .await?;
            std::fs::write(out.join(format!("{id}.{format}")), body)?;
            written += 1;
        }
    }
    println!(
        "{written} workouts written to {} as {format}",
        out.display()
    );
    Ok(())
}

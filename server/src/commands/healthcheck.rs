//! `laps healthcheck`: asks the running server whether it and its database are up, for a
//! container's `HEALTHCHECK`, systemd or a monitor (exit 0 when they are, 1 otherwise).

use std::{net::IpAddr, time::Duration};

use anyhow::{Context as _, bail};

use crate::config::Config;

/// How long the server has to answer before it counts as down.
const TIMEOUT: Duration = Duration::from_secs(5);

/// `GET /healthz` at the configured listen address (the loopback address when the server
/// listens on every interface); succeeds when the answer is `200` with `"status": "ok"`.
pub async fn healthcheck(config: &Config) -> anyhow::Result<()> {
    let mut address = config.listen;
    if address.ip().is_unspecified() {
        address.set_ip(match address.ip() {
            IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
            IpAddr::V6(_) => IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
        });
    }
    let url = format!("http://{address}/healthz");
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .context("no HTTP client")?;
    let response = client
        .get(&url)
        .send()
        .await
        .with_context(|| format!("{url}: no answer"))?;
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    if !status.is_success() || body["status"] != "ok" {
        bail!("{url} answered {status}: {body}");
    }
    println!("ok: {url} ({})", body["database"].as_str().unwrap_or("?"));
    Ok(())
}

//! `laps-load`: the load tool behind the README's page and upload figures.
//!
//! - `generate`: a decade of synthetic but realistic FIT workouts (and one 4-hour 1 Hz ride),
//!   for the calendar and workout-page measurements;
//! - `upload`: posts every file of a folder through `POST /api/v1/uploads`, as the upload page
//!   does, and reports files/s and MB/s;
//! - `pages`: requests pages with several clients at once and reports requests/s and the p50 and
//!   p99 of the server's own time (its `Server-Timing` header) and of the round trip, next to
//!   `/healthz` in the same run as the baseline;
//! - `hostile`: every hostile request of the hardening issue at once, beside normal traffic
//!   (`scripts/hostile-run`);
//! - `apple-export`: a synthetic Apple Health export of hundreds of MB, for the memory
//!   benchmark of streamed imports (`scripts/bench-apple`).
#![forbid(unsafe_code)]

mod apple;
mod generate;
mod hostile;
mod http;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "laps-load", about = "Measures Laps under load")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where to sign in, and as whom.
#[derive(clap::Args)]
struct Account {
    /// The server, e.g. http://127.0.0.1:3000
    #[arg(long)]
    base: String,
    /// Account to sign in as
    #[arg(long)]
    user: String,
    /// Its password
    #[arg(long)]
    password: String,
}

impl Account {
    async fn sign_in(&self) -> anyhow::Result<(reqwest::Client, String)> {
        http::signed_in(&self.base, &self.user, &self.password).await
    }
}

#[derive(Subcommand)]
enum Command {
    /// Write a decade of FIT workouts to a folder
    Generate {
        /// Where to write them
        #[arg(long)]
        out: PathBuf,
        /// How many workouts in all (one of them a 4-hour 1 Hz ride)
        #[arg(long, default_value_t = 4000)]
        workouts: u32,
        /// Make every workout exactly this many minutes (no long ride)
        #[arg(long)]
        minutes: Option<u32>,
    },
    /// Upload every file of a folder over HTTP
    Upload {
        #[command(flatten)]
        account: Account,
        /// Folder of files
        #[arg(long)]
        dir: PathBuf,
        /// Uploads in flight at once
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
    },
    /// Send every hostile request at once beside normal traffic; fail if anything broke
    Hostile {
        #[command(flatten)]
        account: Account,
        /// Folder of real files the normal traffic uploads
        #[arg(long)]
        dir: PathBuf,
    },
    /// Write a synthetic Apple Health export (a zip in Apple's layout) of about a MB a day
    AppleExport {
        /// The zip to write
        #[arg(long)]
        out: PathBuf,
        /// How many days (a workout each)
        #[arg(long, default_value_t = 500)]
        days: u32,
    },
    /// Print the id of the longest workout starting in a date range (for the page runs)
    Longest {
        #[command(flatten)]
        account: Account,
        /// From, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// To (exclusive), YYYY-MM-DD
        #[arg(long)]
        to: String,
    },
    /// Request pages under load
    Pages {
        #[command(flatten)]
        account: Account,
        /// Paths to measure, each on its own
        #[arg(long = "path", required = true)]
        paths: Vec<String>,
        /// Requests per path
        #[arg(long, default_value_t = 2000)]
        requests: usize,
        /// Clients at once
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
    },
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Generate {
            out,
            workouts,
            minutes,
        } => generate::decade(&out, workouts, minutes),
        Command::Upload {
            account,
            dir,
            concurrency,
        } => {
            let (client, token) = account.sign_in().await?;
            http::upload(&client, &token, &account.base, &dir, concurrency).await
        }
        Command::AppleExport { out, days } => apple::write(&out, days),
        Command::Hostile { account, dir } => {
            hostile::run(&account.base, &account.user, &account.password, &dir).await
        }
        Command::Longest { account, from, to } => {
            let (client, _) = account.sign_in().await?;
            let base = &account.base;
            let url = format!("{base}/api/v1/workouts?from={from}&to={to}&per_page=500");
            let page: serde_json::Value = client.get(url).send().await?.json().await?;
            let longest = page["workouts"]
                .as_array()
                .into_iter()
                .flatten()
                .max_by_key(|w| w["elapsed_ms"].as_i64().unwrap_or(0))
                .and_then(|w| w["id"].as_i64())
                .ok_or_else(|| anyhow::anyhow!("no workouts from {from} to {to}"))?;
            println!("{longest}");
            Ok(())
        }
        Command::Pages {
            account,
            paths,
            requests,
            concurrency,
        } => {
            let (client, _) = account.sign_in().await?;
            http::pages(&client, &account.base, &paths, requests, concurrency).await
        }
    }
}

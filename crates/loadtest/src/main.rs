//! `laps-load`: the load tool behind the README's page and upload figures.
//!
//! - `generate`: a decade of synthetic but realistic FIT workouts (and one 4-hour 1 Hz ride),
//!   for the calendar and workout-page measurements;
//! - `upload`: posts every file of a folder through `POST /api/v1/uploads`, as the upload page
//!   does, and reports files/s and MB/s;
//! - `pages`: requests pages with several clients at once and reports requests/s and the p50 and
//!   p99 of the server's own time (its `Server-Timing` header) and of the round trip, next to
//!   `/healthz` in the same run as the baseline.
#![forbid(unsafe_code)]

mod generate;
mod http;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "laps-load", about = "Measures Laps under load")]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// The server, e.g. http://127.0.0.1:3000
        #[arg(long)]
        base: String,
        /// Account to sign in as
        #[arg(long)]
        user: String,
        /// Its password
        #[arg(long)]
        password: String,
        /// Folder of files
        #[arg(long)]
        dir: PathBuf,
        /// Uploads in flight at once
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
    },
    /// Print the id of the longest workout starting in a date range (for the page runs)
    Longest {
        /// The server
        #[arg(long)]
        base: String,
        /// Account to sign in as
        #[arg(long)]
        user: String,
        /// Its password
        #[arg(long)]
        password: String,
        /// From, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// To (exclusive), YYYY-MM-DD
        #[arg(long)]
        to: String,
    },
    /// Request pages under load
    Pages {
        /// The server
        #[arg(long)]
        base: String,
        /// Account to sign in as
        #[arg(long)]
        user: String,
        /// Its password
        #[arg(long)]
        password: String,
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
            base,
            user,
            password,
            dir,
            concurrency,
        } => {
            let (client, token) = http::signed_in(&base, &user, &password).await?;
            http::upload(&client, &token, &base, &dir, concurrency).await
        }
        Command::Longest {
            base,
            user,
            password,
            from,
            to,
        } => {
            let (client, _) = http::signed_in(&base, &user, &password).await?;
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
            base,
            user,
            password,
            paths,
            requests,
            concurrency,
        } => {
            let (client, _) = http::signed_in(&base, &user, &password).await?;
            http::pages(&client, &base, &paths, requests, concurrency).await
        }
    }
}

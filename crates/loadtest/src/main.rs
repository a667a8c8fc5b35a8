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
//! - `view`: the whole workout view (the page and every chart picture it references) against
//!   the page alone;
//! - `export`: downloads every workout of an account in one format (the TCX files the upload
//!   measurement sends);
//! - `record` and `report`: measurements appended to a results file as JSON lines, and the
//!   README's tables made from it, SQLite and Postgres side by side;
//! - `apple-export`: a synthetic Apple Health export of hundreds of MB, for the memory
//!   benchmark of streamed imports (`scripts/bench-apple`).
#![forbid(unsafe_code)]

mod apple;
mod generate;
mod hostile;
mod http;
mod results;

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

/// Where measurements are appended, if anywhere.
#[derive(clap::Args)]
struct Out {
    /// A JSON-lines file to append the measurements to (`laps-load report` reads it)
    #[arg(long)]
    results: Option<PathBuf>,
    /// The backend the server runs on, for the results file
    #[arg(long, default_value = "sqlite")]
    backend: String,
}

impl Out {
    fn sink(&self) -> Option<results::Sink> {
        self.results.as_ref().map(|path| results::Sink {
            path: path.clone(),
            backend: self.backend.clone(),
        })
    }
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
        /// The run's name in the results file
        #[arg(long, default_value = "upload")]
        name: String,
        #[command(flatten)]
        out: Out,
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
        #[command(flatten)]
        out: Out,
    },
    /// The workout view (page and charts) against the page alone, under load
    View {
        #[command(flatten)]
        account: Account,
        /// The workout page's path
        #[arg(long)]
        path: String,
        /// What to call the page in the results file
        #[arg(long, default_value = "workout page")]
        name: String,
        /// Views (and pages alone) to request
        #[arg(long, default_value_t = 1000)]
        requests: usize,
        /// Clients at once
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        #[command(flatten)]
        out: Out,
    },
    /// Download every workout of an account in one format into a folder
    Export {
        #[command(flatten)]
        account: Account,
        /// `tcx`, `gpx`, `fit` or `original`
        #[arg(long)]
        format: String,
        /// Where to write the files
        #[arg(long)]
        out: PathBuf,
    },
    /// Append a measurement made outside laps-load (a command's run over files)
    Record {
        /// Its name in the results file
        #[arg(long)]
        name: String,
        /// Files processed
        #[arg(long)]
        files: usize,
        /// Their size, MB
        #[arg(long)]
        mb: f64,
        /// Seconds it took
        #[arg(long)]
        secs: f64,
        #[command(flatten)]
        out: Out,
    },
    /// Print the README's tables from a results file
    Report {
        /// The results file
        results: PathBuf,
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
            name,
            out,
        } => {
            let (client, token) = account.sign_in().await?;
            let run = http::upload(&client, &token, &account.base, &dir, concurrency).await?;
            out.sink().map_or(Ok(()), |sink| sink.run(&name, &run))
        }
        Command::View {
            account,
            path,
            name,
            requests,
            concurrency,
            out,
        } => {
            let (client, _) = account.sign_in().await?;
            let sink = out.sink();
            let base = &account.base;
            http::view(
                &client,
                base,
                &path,
                &name,
                requests,
                concurrency,
                sink.as_ref(),
            )
            .await
        }
        Command::Export {
            account,
            format,
            out,
        } => {
            let (client, _) = account.sign_in().await?;
            http::export_all(&client, &account.base, &format, &out).await
        }
        Command::Record {
            name,
            files,
            mb,
            secs,
            out,
        } => {
            let run = http::Uploaded {
                files,
                mb,
                secs,
                server_ms: 0.0,
            };
            out.sink()
                .map_or(Ok(()), |sink: results::Sink| sink.run(&name, &run))
        }
        Command::Report { results } => results::report(&results),
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
            out,
        } => {
            let (client, _) = account.sign_in().await?;
            let sink = out.sink();
            http::pages(
                &client,
                &account.base,
                &paths,
                requests,
                concurrency,
                sink.as_ref(),
            )
            .await
        }
    }
}

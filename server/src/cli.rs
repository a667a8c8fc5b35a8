//! The command line: `laps serve | migrate | user ... | config ...`.

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

use crate::config::{Config, Settings};

/// Laps: a self-hosted training log.
///
/// Every option can also be set in a TOML file (--config) or as a LAPS_* environment variable;
/// flags win over the environment, which wins over the file. `laps config example` prints a
/// file with every key and its default.
#[derive(Debug, Parser)]
#[command(name = "laps", version, max_term_width = 100)]
pub struct Cli {
    /// Configuration file (TOML) [default: ./laps.toml when it exists]
    #[arg(long, env = "LAPS_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    settings: Settings,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (applies pending migrations first)
    Serve,
    /// Apply pending database migrations and exit
    Migrate,
    /// Manage accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Partner apps (OAuth clients): add, list, rotate-secret, suspend, approve
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Personal access tokens: add, list, revoke
    #[command(subcommand)]
    Token(TokenCommand),
    /// Show configuration: an example file, or the resolved values
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Import workout files for a user: files, folders (recursively) and zips; an HRM with the
    /// GPX of the same name becomes one workout. Safe to run while the server runs
    Import {
        /// Whose workouts these are
        #[arg(long, value_name = "NAME")]
        user: String,
        /// Files and folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print every file's result as JSON on standard output
        #[arg(long)]
        json: bool,
    },
    /// Print a JSON summary of each workout file (FIT, TCX, GPX, HRM, gzipped or not)
    Inspect {
        /// The files
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// UTC offset to read local-time files (HRM) in, e.g. +02:00 [default: +00:00]
        #[arg(long, value_name = "OFFSET", allow_hyphen_values = true, value_parser = parse_offset)]
        utc_offset: Option<i32>,
    },
    /// Convert a workout file to the format of OUT's extension (fit, tcx, gpx, hrm, csv)
    Convert {
        /// The file to read
        input: PathBuf,
        /// The file to write
        output: PathBuf,
        /// The GPX track recorded with an HRM file: merged into it by time
        #[arg(long, value_name = "GPX")]
        gpx: Option<PathBuf>,
        /// UTC offset to read local-time files (HRM) in, e.g. +02:00 [default: +00:00, or what an HRM + GPX pair shows]
        #[arg(long, value_name = "OFFSET", allow_hyphen_values = true, value_parser = parse_offset)]
        utc_offset: Option<i32>,
    },
}

/// `+02:00`, `-0530` or minutes (`120`) to minutes east of UTC.
fn parse_offset(text: &str) -> Result<i32, String> {
    let bad = || format!("{text:?} is not a UTC offset like +02:00 or -05:30");
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => (1, text),
    };
    let minutes = if let Some((h, m)) = rest.split_once(':') {
        h.parse::<i32>().map_err(|_| bad())? * 60 + m.parse::<i32>().map_err(|_| bad())?
    } else if rest.len() == 4 && text.starts_with(['+', '-']) {
        rest[..2].parse::<i32>().map_err(|_| bad())? * 60
            + rest[2..].parse::<i32>().map_err(|_| bad())?
    } else {
        rest.parse::<i32>().map_err(|_| bad())?
    };
    if minutes > 14 * 60 {
        return Err(bad());
    }
    Ok(sign * minutes)
}

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Create an account; the password is read from standard input when it is not a terminal
    Add {
        /// The username
        name: String,
        /// Make the account an administrator
        #[arg(long)]
        admin: bool,
    },
    /// List accounts
    List {
        /// Print JSON (one array) instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Set a user's password (read like `user add`); their sessions are signed out
    SetPassword {
        /// The username
        name: String,
    },
    /// Grant administrator rights (or withdraw them with --revoke)
    SetAdmin {
        /// The username
        name: String,
        /// Withdraw the rights instead
        #[arg(long)]
        revoke: bool,
    },
}

/// `laps partner …`.
#[derive(Debug, Subcommand)]
pub(crate) enum PartnerCommand {
    /// Registers a partner app and prints its client id and (once) its secret
    Add {
        /// Shown to users on the consent page
        name: String,
        /// An exact redirect URI; repeat for more (the first is the default)
        #[arg(long = "redirect-uri", value_name = "URI", required = true)]
        redirect_uris: Vec<String>,
        /// The partner's homepage, shown on the consent page
        #[arg(long, value_name = "URL")]
        homepage: Option<String>,
        /// Allowed scopes, space-separated [default: accesslink.read_all with --accesslink,
        /// else "workouts:read activity:read profile:read"]
        #[arg(long, value_name = "SCOPES")]
        scopes: Option<String>,
        /// AccessLink compatibility: PKCE optional, year-long tokens, no refresh tokens
        #[arg(long)]
        accesslink: bool,
        /// Anyone may connect it (otherwise it starts in the sandbox)
        #[arg(long)]
        approved: bool,
        /// A public client (no secret; must use PKCE)
        #[arg(long)]
        public: bool,
        /// The account that owns it (may connect it in the sandbox)
        #[arg(long, value_name = "USER")]
        owner: Option<String>,
        /// An account that may connect it in the sandbox; repeat for more
        #[arg(long = "test-user", value_name = "USER")]
        test_users: Vec<String>,
        /// Print {"client_id", "client_secret", …} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Lists partners
    List {
        /// As JSON
        #[arg(long)]
        json: bool,
    },
    /// Replaces a partner's secret and prints the new one (the old one stops working)
    RotateSecret {
        /// The partner's client id
        client_id: String,
        /// As JSON
        #[arg(long)]
        json: bool,
    },
    /// Suspends a partner: nobody may connect it and every token it holds is refused
    Suspend {
        /// The partner's client id
        client_id: String,
    },
    /// Approves a partner (anyone may connect it), also after a suspension
    Approve {
        /// The partner's client id
        client_id: String,
    },
}

/// `laps token …`.
#[derive(Debug, Subcommand)]
pub(crate) enum TokenCommand {
    /// Makes a token for a user and prints it (shown once)
    Add {
        /// The user it acts for
        #[arg(long, value_name = "NAME")]
        user: String,
        /// What it may do: upload, sync, read (comma-separated)
        #[arg(long, value_name = "SCOPES", default_value = "upload")]
        scope: String,
        /// What to call it [default: "Command line"]
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Print {"token", "id", "name", "scopes"} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Lists a user's tokens (never their values)
    List {
        /// Whose
        #[arg(long, value_name = "NAME")]
        user: String,
        /// As JSON
        #[arg(long)]
        json: bool,
    },
    /// Revokes a token
    Revoke {
        /// Whose
        #[arg(long, value_name = "NAME")]
        user: String,
        /// Its id (from `laps token list`)
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print an example configuration file with every key and its default
    Example,
    /// Print the resolved configuration (passwords masked)
    Show,
}

/// Parses the command line and runs the command. Exit codes: 0 done, 1 failed, 2 bad usage.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // File commands need no configuration, database or runtime.
    let file_result = match &cli.command {
        Command::Inspect { files, utc_offset } => {
            Some(crate::commands::inspect(files, &read_options(*utc_offset)))
        }
        Command::Convert {
            input,
            output,
            gpx,
            utc_offset,
        } => Some(crate::commands::convert(
            input,
            output,
            gpx.as_deref(),
            &read_options(*utc_offset),
        )),
        _ => None,
    };
    if let Some(result) = file_result {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(crate::commands::FileError::Invalid(message)) => {
                // inspect has printed its line per file already
                if !matches!(cli.command, Command::Inspect { .. }) {
                    report(&message);
                }
                ExitCode::from(1)
            }
            Err(crate::commands::FileError::Usage(message)) => {
                report(&message);
                ExitCode::from(2)
            }
        };
    }
    let config = match Config::resolve(cli.settings, cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => return fail(&error),
    };
    let serving = matches!(cli.command, Command::Serve);
    // Commands other than `serve` print their results; their logs would only be noise.
    let filter = if serving {
        config.log.clone()
    } else {
        "warn".to_owned()
    };
    crate::telemetry::init(&filter, config.log_format);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error.into()),
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve => crate::commands::serve(config).await,
            Command::Migrate => crate::commands::migrate(&config).await,
            Command::User(command) => crate::commands::user(&config, command).await,
            Command::Partner(command) => crate::commands::partner(&config, command).await,
            Command::Token(command) => crate::commands::token(&config, command).await,
            Command::Import { user, paths, json } => {
                crate::commands::import(&config, &user, &paths, json).await
            }
            Command::Config(ConfigCommand::Example) => {
                print!("{}", crate::config::EXAMPLE);
                Ok(())
            }
            Command::Config(ConfigCommand::Show) => {
                println!("{config:#?}");
                Ok(())
            }
            Command::Inspect { .. } | Command::Convert { .. } => unreachable!("handled above"),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn read_options(utc_offset: Option<i32>) -> formats::Options {
    formats::Options {
        local_utc_offset_minutes: utc_offset.unwrap_or(0),
        ..formats::Options::default()
    }
}

fn fail(error: &anyhow::Error) -> ExitCode {
    report(&format!("error: {error:#}"));
    ExitCode::FAILURE
}

#[allow(clippy::print_stderr)] // the one place the command line reports a failure
fn report(line: &str) {
    eprintln!("{line}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_documents_every_setting_with_its_default_and_variable() {
        let help = Cli::command().render_long_help().to_string();
        // (file commands are documented by their own --help)
        for (flag, env) in [
            ("--listen", "LAPS_LISTEN"),
            ("--database-url", "LAPS_DATABASE_URL"),
            ("--data-dir", "LAPS_DATA_DIR"),
            ("--public-url", "LAPS_PUBLIC_URL"),
            ("--site-dir", "LAPS_SITE_DIR"),
            ("--log-format", "LAPS_LOG_FORMAT"),
            ("--trust-forwarded-for", "LAPS_TRUST_FORWARDED_FOR"),
            ("--session-days", "LAPS_SESSION_DAYS"),
            ("--max-body-kib", "LAPS_MAX_BODY_KIB"),
        ] {
            assert!(help.contains(flag), "help lacks {flag}");
            assert!(help.contains(env), "help lacks {env}");
        }
        let defaults = help.matches("[default: ").count();
        assert!(
            defaults >= 14,
            "every setting states its default ({defaults} found)\n{help}"
        );
    }

    #[test]
    fn utc_offsets_parse_in_the_usual_forms() {
        assert_eq!(parse_offset("+02:00"), Ok(120));
        assert_eq!(parse_offset("-05:30"), Ok(-330));
        assert_eq!(parse_offset("+0545"), Ok(345));
        assert_eq!(parse_offset("-60"), Ok(-60));
        assert!(parse_offset("+25:00").is_err());
        assert!(parse_offset("noon").is_err());
    }

    #[test]
    fn settings_are_accepted_after_the_subcommand_too() {
        let cli = Cli::try_parse_from(["laps", "serve", "--listen", "127.0.0.1:0"]).unwrap();
        assert_eq!(cli.settings.listen.unwrap().port(), 0);
        let cli = Cli::try_parse_from([
            "laps",
            "--listen",
            "127.0.0.1:9",
            "user",
            "add",
            "ada",
            "--admin",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Command::User(UserCommand::Add { admin: true, .. })
        ));
    }
}

//! `laps user …`: accounts from the command line.

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{Context as _, bail};
use clap::Subcommand;

use crate::{config::Config, startup};

/// `laps user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
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

impl UserCommand {
    /// Runs the command against the configured database.
    pub async fn run(self, config: &Config) -> anyhow::Result<()> {
        let db = startup::connect(config).await?;
        let accounts = auth::Accounts::new(db.clone(), config.throttle);
        let result = match self {
            Self::Add { name, admin } => {
                let password = read_password()?;
                let user = accounts
                    .add_user(&name, &password, admin)
                    .await
                    .map_err(account_error)?;
                let role = if user.is_admin {
                    "administrator"
                } else {
                    "athlete"
                };
                println!("created {} ({role})", user.username);
                Ok(())
            }
            Self::List { json } => {
                let users = accounts.users().await?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&users)?);
                } else {
                    println!("{:<8} {:<32} ROLE", "ID", "USERNAME");
                    for user in users {
                        let role = if user.is_admin {
                            "administrator"
                        } else {
                            "athlete"
                        };
                        println!("{:<8} {:<32} {role}", user.id, user.username);
                    }
                }
                Ok(())
            }
            Self::SetPassword { name } => {
                let password = read_password()?;
                let user = accounts
                    .set_password(&name, &password)
                    .await
                    .map_err(account_error)?;
                println!(
                    "password of {} changed; their sessions are signed out",
                    user.username
                );
                Ok(())
            }
            Self::SetAdmin { name, revoke } => {
                let user = accounts
                    .set_admin(&name, !revoke)
                    .await
                    .map_err(account_error)?;
                let verb = if user.is_admin {
                    "is now"
                } else {
                    "is no longer"
                };
                println!("{} {verb} an administrator", user.username);
                Ok(())
            }
        };
        db.close().await;
        result
    }
}

/// The user-facing text of an account error; internal ones keep their cause for the log line.
pub(super) fn account_error(error: auth::AccountError) -> anyhow::Error {
    match error {
        auth::AccountError::Internal(source) => {
            anyhow::anyhow!(source).context("account operation failed")
        }
        other => anyhow::anyhow!("{other}"),
    }
}

/// A password from the terminal (asked twice, not echoed) or from standard input (one line),
/// so scripts can pipe it in without it appearing in the process list.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let password = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Password (again): ")?;
        if password != again {
            bail!("the two passwords differ");
        }
        Ok(password)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("Failed to read the password from standard input")?;
        let password = line.strip_suffix('\n').unwrap_or(&line);
        let password = password.strip_suffix('\r').unwrap_or(password);
        if password.is_empty() {
            bail!("no password on standard input");
        }
        Ok(password.to_owned())
    }
}

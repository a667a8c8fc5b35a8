//! `laps token …`: personal access tokens from the command line (for scripts).

use anyhow::Context as _;
use auth::TokenScope;
use clap::Subcommand;
use domain::Username;
use serde_json::json;

use super::user::account_error;
use crate::{config::Config, startup};

/// `laps token …`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
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

impl TokenCommand {
    /// Runs the command against the configured database.
    pub async fn run(self, config: &Config) -> anyhow::Result<()> {
        let db = startup::connect(config).await?;
        let accounts = auth::Accounts::new(db.clone(), config.throttle);
        let result = run(&accounts, self).await;
        db.close().await;
        result
    }
}

async fn user_id(accounts: &auth::Accounts, name: &str) -> anyhow::Result<domain::UserId> {
    let username = Username::parse(name).map_err(|e| anyhow::anyhow!("{name:?}: {e}"))?;
    Ok(accounts
        .user_named(&username)
        .await?
        .with_context(|| format!("there is no user named {name}"))?
        .id)
}

async fn run(accounts: &auth::Accounts, command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Add {
            user,
            scope,
            name,
            json,
        } => {
            let scopes = TokenScope::parse_list(&scope).map_err(|unknown| {
                anyhow::anyhow!("unknown scope {unknown:?} (upload, sync, read)")
            })?;
            let made = accounts
                .create_token(
                    user_id(accounts, &user).await?,
                    name.as_deref().unwrap_or("Command line"),
                    &scopes,
                )
                .await
                .map_err(account_error)?;
            if json {
                println!(
                    "{}",
                    json!({ "token": made.token, "id": made.record.id, "name": made.record.name, "scopes": made.record.scopes.split_whitespace().collect::<Vec<_>>() })
                );
            } else {
                println!("{}\n(shown once: store it now)", made.token);
            }
        }
        TokenCommand::List { user, json } => {
            let tokens = accounts
                .tokens(user_id(accounts, &user).await?)
                .await
                .map_err(account_error)?;
            if json {
                let rows: Vec<_> = tokens
                    .iter()
                    .map(|t| json!({ "id": t.id, "name": t.name, "scopes": t.scopes.split_whitespace().collect::<Vec<_>>(), "created_at": t.created_at, "last_used_at": t.last_used_at }))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!("{:<6} {:<20} NAME", "ID", "SCOPES");
                for t in tokens {
                    println!("{:<6} {:<20} {}", t.id, t.scopes.replace(' ', ","), t.name);
                }
            }
        }
        TokenCommand::Revoke { user, id } => {
            if !accounts
                .revoke_token(user_id(accounts, &user).await?, id)
                .await
                .map_err(account_error)?
            {
                anyhow::bail!("{user} has no token {id}");
            }
            println!("token {id} revoked");
        }
    }
    Ok(())
}

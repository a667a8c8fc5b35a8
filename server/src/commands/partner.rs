//! `laps partner …`: register and manage partner apps from the command line.

use clap::Subcommand;
use db::PartnerStatus;
use serde_json::json;

use crate::{config::Config, startup};

/// `laps partner …`.
#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
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

impl PartnerCommand {
    /// Runs the command against the configured database.
    pub async fn run(self, config: &Config) -> anyhow::Result<()> {
        let db = startup::connect(config).await?;
        let partners = partner::Partners::new(
            db.clone(),
            config.public_url.as_str().to_owned(),
            partner::Lifetimes::default(),
        )
        .await?;
        let result = run(&partners, self).await;
        db.close().await;
        result
    }
}

async fn run(partners: &partner::Partners, command: PartnerCommand) -> anyhow::Result<()> {
    match command {
        PartnerCommand::Add {
            name,
            redirect_uris,
            homepage,
            scopes,
            accesslink,
            approved,
            public,
            owner,
            test_users,
            json,
        } => {
            let owner = match owner {
                Some(name) => Some(partners.account_named(&name).await.map_err(partner_error)?),
                None => None,
            };
            let created = partners
                .create(&partner::PartnerSpec {
                    name,
                    homepage,
                    redirect_uris,
                    scopes,
                    public,
                    accesslink,
                    approved,
                    owner,
                    test_users,
                })
                .await
                .map_err(partner_error)?;
            let p = &created.partner;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({
                        "client_id": p.client_id,
                        "client_secret": created.client_secret,
                        "name": p.name,
                        "status": p.status,
                        "accesslink": p.accesslink,
                        "scopes": p.scopes,
                        "redirect_uris": p.redirect_uris,
                    }))?
                );
            } else {
                println!("registered {} ({})", p.name, p.status.as_str());
                println!("client_id:     {}", p.client_id);
                match &created.client_secret {
                    Some(secret) => println!("client_secret: {secret}\n(shown once: store it now)"),
                    None => println!("public client: no secret; it must use PKCE"),
                }
            }
        }
        PartnerCommand::List { json } => {
            let list = partners.partners().await.map_err(partner_error)?;
            if json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|p| json!({ "client_id": p.client_id, "name": p.name, "status": p.status, "accesslink": p.accesslink, "public": p.secret_hash.is_none(), "scopes": p.scopes, "redirect_uris": p.redirect_uris }))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!(
                    "{:<34} {:<10} {:<11} NAME",
                    "CLIENT_ID", "STATUS", "PROFILE"
                );
                for p in list {
                    let profile = if p.accesslink {
                        "accesslink"
                    } else {
                        "standard"
                    };
                    println!(
                        "{:<34} {:<10} {profile:<11} {}",
                        p.client_id,
                        p.status.as_str(),
                        p.name
                    );
                }
            }
        }
        PartnerCommand::RotateSecret { client_id, json } => {
            let secret = partners
                .rotate_secret(&client_id)
                .await
                .map_err(partner_error)?;
            if json {
                println!(
                    "{}",
                    json!({ "client_id": client_id, "client_secret": secret })
                );
            } else {
                println!("client_secret: {secret}\n(shown once: the old secret no longer works)");
            }
        }
        PartnerCommand::Suspend { client_id } => {
            let p = partners
                .set_status(&client_id, PartnerStatus::Suspended)
                .await
                .map_err(partner_error)?;
            println!(
                "{} is suspended: its tokens are refused and nobody may connect it",
                p.name
            );
        }
        PartnerCommand::Approve { client_id } => {
            let p = partners
                .set_status(&client_id, PartnerStatus::Approved)
                .await
                .map_err(partner_error)?;
            println!("{} is approved: anyone may connect it", p.name);
        }
    }
    Ok(())
}

fn partner_error(error: partner::PartnerError) -> anyhow::Error {
    match error {
        partner::PartnerError::Db(e) => anyhow::Error::new(e).context("partner operation failed"),
        other => anyhow::anyhow!("{other}"),
    }
}

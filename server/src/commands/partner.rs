//! `laps partner …`: register and manage partner apps from the command line.

use db::PartnerStatus;
use serde_json::json;

use crate::{cli::PartnerCommand, config::Config};

/// `laps partner …`.
pub async fn partner(config: &Config, command: PartnerCommand) -> anyhow::Result<()> {
    let db = super::connect(config).await?;
    let partners = partner::Partners::new(
        db.clone(),
        config.public_url.as_str().to_owned(),
        partner::Lifetimes::default(),
    )
    .await?;
    let result = run(&db, &partners, command).await;
    db.close().await;
    result
}

async fn run(
    db: &db::Db,
    partners: &partner::Partners,
    command: PartnerCommand,
) -> anyhow::Result<()> {
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
            let list = db.partners().await?;
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

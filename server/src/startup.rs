//! Building and running the application: [`connect`] to the store, [`Application::build`],
//! then [`Application::run_until_stopped`]. Tests build one on port 0; the other commands only
//! [`connect`].

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::{
    config::Config,
    http::{AppState, Assets},
};

/// Connects to the configured database and applies pending migrations: every command that
/// touches the store starts here, so none of them sees an unmigrated schema.
pub async fn connect(config: &Config) -> anyhow::Result<db::Db> {
    let db = db::Db::connect(&config.database_url, config.db_max_connections)
        .await
        .with_context(|| format!("Failed to connect to the database {}", config.database_url))?;
    db.migrate()
        .await
        .context("Failed to apply database migrations")?;
    Ok(db)
}

/// A bound, migrated, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    /// The store, kept here for the hourly sweep and to be closed on the way out.
    db: db::Db,
}

impl Application {
    /// Connects to the database, applies migrations and binds the listening socket.
    #[tracing::instrument(name = "startup", skip_all, fields(listen = %config.listen, database = %config.database_url))]
    pub async fn build(mut config: Config) -> anyhow::Result<Self> {
        let db = connect(&config).await?;
        let assets = Assets::discover(config.site_dir.as_deref());
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("Failed to listen on {}", config.listen))?;
        // On port 0 (tests) the default public URL names the port actually bound.
        let bound = listener.local_addr()?;
        if config.listen.port() == 0
            && config.public_url.as_str() == format!("http://{}", config.listen)
        {
            config.public_url = format!("http://{bound}")
                .parse()
                .map_err(anyhow::Error::msg)?;
        }
        let partners = partner::Partners::new(
            db.clone(),
            config.public_url.as_str().to_owned(),
            partner::Lifetimes::default(),
        )
        .await
        .context("Failed to load the partner key")?;
        let accounts = auth::Accounts::new(db.clone(), config.throttle);
        let metrics = config.metrics.as_ref().map(|metrics| {
            tracing::info!(allowed_networks = %metrics.allowed_networks, "metrics are served at /metrics");
            crate::metrics::Metrics::new(db.clone(), partners.clone())
        });
        let mut workouts = workouts::Workouts::with_limits(db.clone(), config.limits);
        if let Some(metrics) = &metrics {
            workouts = workouts.observed_by(Arc::new(metrics.clone()));
        }
        // The zone polygons load in the background now, not in the first upload (tens of ms).
        workouts.load_zone_lookup_in_background();
        let state = AppState {
            accounts,
            leptos_options: assets.leptos_options(),
            assets: Arc::new(assets),
            webhooks: crate::webhooks::Sender::new(config.webhook_allow_private),
            workouts,
            partners,
            rate_limits: crate::http::v3::RateLimits::default(),
            gates: crate::http::Gates::new(
                config.max_requests,
                config.heavy_requests,
                config.queue_wait,
            ),
            sessions: crate::http::DbSessionStore::new(db.clone()),
            metrics,
            config: Arc::new(config),
        };
        Ok(Self {
            listener,
            state,
            db,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound socket has an address")
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let db = self.db.clone();
        // One stop for the HTTP server and the inbox; dropped with `shutdown` if serving fails.
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let shutdown = async move {
            shutdown.await;
            let _ = stop.send(true);
        };
        let inbox = self.state.config.inbox.as_ref().map(|config| {
            let inbox = crate::inbox::Inbox::new(
                config,
                self.state.config.max_upload_bytes as u64,
                self.state.workouts.clone(),
                self.state.accounts.clone(),
            );
            tokio::spawn(inbox.run(stopped))
        });
        let sweeper = tokio::spawn(sweep_expired(db.clone(), self.state.config.throttle.window));
        let backfill = tokio::spawn(backfill_analyses(self.state.workouts.clone()));
        let deliveries = tokio::spawn(crate::webhooks::deliver_forever(
            self.state.partners.clone(),
            self.state.webhooks.clone(),
            self.state.config.public_url.as_str().to_owned(),
            self.state.config.webhook_retry,
            Duration::from_secs(1),
            self.state.metrics.clone(),
        ));
        tracing::info!(address = %self.local_addr(), public_url = self.state.config.public_url.as_str(), "Laps is listening");
        // Trailing slashes are trimmed before routing (AccessLink clients call
        // `/v3/users/sleep/`); a layer inside the router would run after routing.
        let app = tower::Layer::layer(
            &tower_http::normalize_path::NormalizePathLayer::trim_trailing_slash(),
            crate::http::router(self.state),
        );
        let served = axum::serve(
            self.listener,
            axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
                SocketAddr,
            >(app),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("HTTP server failed");
        sweeper.abort();
        backfill.abort();
        deliveries.abort();
        if let Some(inbox) = inbox {
            // Stops at once: a running import is abandoned and its file put back.
            let _ = inbox.await;
        }
        db.close().await;
        tracing::info!("stopped");
        served
    }
}

/// Analyses the workouts stored before their analysis existed (or by an older version of it),
/// once, after start-up; records and fitness count them as they are done and say how many
/// wait. A failure is logged and tried again at the next start.
async fn backfill_analyses(workouts: workouts::Workouts) {
    match workouts.backfill_analyses().await {
        Ok(0) => {}
        Ok(done) => tracing::info!(done, "backfill: every workout is analysed"),
        Err(e) => tracing::warn!(error = %e, "backfill of workout analyses stopped"),
    }
}

/// Deletes expired sessions and throttle windows once an hour. Every instance may run it: the
/// deletes are idempotent.
async fn sweep_expired(db: db::Db, throttle_window: Duration) {
    let window_ms = i64::try_from(throttle_window.as_millis()).unwrap_or(i64::MAX);
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match (
            db.session_delete_expired().await,
            db.throttle_delete_expired(window_ms).await,
            db.oauth_delete_expired().await,
        ) {
            (Ok(sessions), Ok(windows), Ok(tokens)) => {
                tracing::debug!(sessions, windows, tokens, "expired rows deleted");
            }
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                tracing::warn!(error = ?e, "could not delete expired rows");
            }
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}

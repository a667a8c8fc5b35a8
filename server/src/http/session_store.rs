//! tower-sessions' store over [`db::Db`]: sessions live in the same database as everything
//! else, so they survive restarts and are shared by every instance on one Postgres.

use async_trait::async_trait;
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store::{Error, Result},
};

/// Stores session records as JSON in the `session` table.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: db::Db,
}

impl DbSessionStore {
    /// A store over `db`.
    pub fn new(db: db::Db) -> Self {
        Self { db }
    }
}

fn encode(record: &Record) -> Result<(Vec<u8>, i64)> {
    let data = serde_json::to_vec(record).map_err(|e| Error::Encode(e.to_string()))?;
    let expires_at_ms =
        i64::try_from(record.expiry_date.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
    Ok((data, expires_at_ms))
}

fn backend(error: &db::DbError) -> Error {
    // The store's error text reaches only the log (tower-sessions logs it; the request fails
    // with a plain 500).
    Error::Backend(format!("{error:?}"))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A new random id until one is free: two sessions must never share an id.
        loop {
            let (data, expires_at_ms) = encode(record)?;
            if self
                .db
                .session_create(&record.id.to_string(), &data, expires_at_ms)
                .await
                .map_err(|e| backend(&e))?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let (data, expires_at_ms) = encode(record)?;
        self.db
            .session_save(&record.id.to_string(), &data, expires_at_ms)
            .await
            .map_err(|e| backend(&e))
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(data) = self
            .db
            .session_load(&id.to_string())
            .await
            .map_err(|e| backend(&e))?
        else {
            return Ok(None);
        };
        serde_json::from_slice(&data)
            .map(Some)
            .map_err(|e| Error::Decode(e.to_string()))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.db
            .session_delete(&id.to_string())
            .await
            .map_err(|e| backend(&e))
    }
}

/// The session key holding when the session's expiry was last pushed back (unix seconds).
const REFRESHED_KEY: &str = "laps.refreshed";

/// Sessions expire after a time of inactivity, not after a time since sign-in: tower-sessions
/// saves a session (and so moves its expiry) only when it changes, so a signed-in session that
/// is merely used would expire a fixed time after sign-in. This marks it changed once per
/// `idle / 30` (a day, by default), which saves it with a new expiry at the cost of one write a
/// day per session. Static files never touch the session.
pub async fn keep_alive(
    axum::extract::State(idle): axum::extract::State<std::time::Duration>,
    session: tower_sessions::Session,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    let is_asset = path.starts_with("/pkg/")
        || path.rsplit_once('.').is_some_and(|(_, ext)| {
            matches!(
                ext,
                "css" | "js" | "wasm" | "svg" | "png" | "ico" | "webmanifest"
            )
        });
    if !is_asset && session.id().is_some() {
        let now = domain::Timestamp::now().unix_ms() / 1000;
        let every = (idle.as_secs() / 30).max(60) as i64;
        // Errors here are the store's; the request's own use of the session reports them.
        if let Ok(last) = session.get::<i64>(REFRESHED_KEY).await
            && last.is_none_or(|t| now.saturating_sub(t) >= every)
            && !session.is_empty().await
        {
            let _ = session.insert(REFRESHED_KEY, now).await;
        }
    }
    next.run(request).await
}

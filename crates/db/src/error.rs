//! The error type of the persistence layer.

/// What went wrong in a [`crate::Db`] call.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique or foreign-key constraint refused the write; `constraint` names it.
    #[error("conflict on {constraint}")]
    Conflict {
        /// The constraint's name (Postgres) or the columns SQLite reports.
        constraint: String,
    },
    /// Anything else: connection, I/O, a migration that failed. Log it; do not show it.
    #[error("database error")]
    Other(#[source] sqlx::Error),
}

impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(db_error)
                if db_error.is_unique_violation() || db_error.is_foreign_key_violation() =>
            {
                // Postgres names the constraint; SQLite only says which columns.
                let constraint = db_error
                    .constraint()
                    .map(str::to_owned)
                    .unwrap_or_else(|| db_error.message().to_owned());
                Self::Conflict { constraint }
            }
            _ => Self::Other(error),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        Self::Other(error.into())
    }
}

impl DbError {
    /// A broken invariant of the stored data (a value no code writes), reported as [`Self::Other`].
    pub(crate) fn invariant(message: impl Into<String>) -> Self {
        Self::Other(sqlx::Error::Protocol(message.into()))
    }
}

//! Fresh databases for tests, on either backend (feature `test-support`).
//!
//! SQLite gets a new file in a temporary folder. Postgres gets a new database on the server named
//! by `LAPS_TEST_POSTGRES_URL`, which `scripts/test` (or `scripts/with-postgres`) starts from the
//! machine's own binaries and stops afterwards. Without that variable the Postgres tests fail
//! with a message that says how to run them; they never pass silently.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, PgConnection};

use crate::{Backend, DatabaseUrl, Db};

/// The variable naming the throwaway Postgres server (`postgres://user@host:port/postgres`).
pub const POSTGRES_URL_VAR: &str = "LAPS_TEST_POSTGRES_URL";

/// A new, empty, migrated database. Keep it alive for as long as the test uses the database:
/// the SQLite file is deleted when it drops.
pub struct TestDb {
    /// The store, migrated.
    pub db: Db,
    /// Its URL, to start a server or a second connection on the same data.
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// Creates a fresh database on `backend` and applies the migrations.
    pub async fn new(backend: Backend) -> Self {
        Self::migrated_to(backend, None).await
    }

    /// A fresh database with the migrations up to `version` applied (every one for `None`):
    /// the schema an older release left.
    pub async fn migrated_to(backend: Backend, version: Option<i64>) -> Self {
        let (url, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("create a temporary folder");
                (DatabaseUrl::sqlite_in(dir.path()), Some(dir))
            }
            Backend::Postgres => (fresh_postgres_database().await, None),
        };
        let db = Db::connect(&url, 5)
            .await
            .expect("connect to the test database");
        match version {
            None => db.migrate().await,
            Some(version) => db.migrate_to(version).await,
        }
        .expect("migrate the test database");
        Self { db, url, _dir: dir }
    }
}

impl TestDb {
    /// A database someone else made (a restored copy), kept open for a test's server; `dir`
    /// is the temporary folder holding it, dropped with it.
    pub async fn existing(url: DatabaseUrl, dir: Option<tempfile::TempDir>) -> Self {
        let db = Db::connect(&url, 5)
            .await
            .expect("connect to the test database");
        db.migrate().await.expect("migrate the test database");
        Self { db, url, _dir: dir }
    }
}

/// A new, empty Postgres database with no tables (what `pg_restore` restores into) on the
/// server named by [`POSTGRES_URL_VAR`].
pub async fn empty_postgres_database() -> DatabaseUrl {
    fresh_postgres_database().await
}

async fn fresh_postgres_database() -> DatabaseUrl {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let admin_url = std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_URL_VAR} is not set: the Postgres half of the suite needs a server. \
             Run `scripts/test`, or `scripts/with-postgres cargo test`."
        )
    });
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    let name = format!(
        "laps_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("connect to {POSTGRES_URL_VAR}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create the test database");
    admin.close().await.ok();
    // Replace the database name (the path) in the admin URL, keeping host, user and options.
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url.as_str(), None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(server, _)| server);
    let url = match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    };
    DatabaseUrl::parse(&url).expect("a postgres URL")
}

/// Runs a test's future on one multi-threaded runtime shared by the whole test process.
///
/// `#[tokio::test]` gives each test a runtime of its own that dies with the test. Servers under
/// test spawn tasks (Leptos does, from whichever thread renders), and a task that lands on a
/// finished test's runtime is dropped, leaving another test waiting forever. One long-lived
/// runtime, as in production, has no such edge.
pub fn block_on<F: Future>(future: F) -> F::Output {
    static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a test runtime")
    });
    RUNTIME.block_on(future)
}

/// Writes one test per backend for each named async fn taking a [`Backend`]:
/// `mod sqlite { fn name() }` and `mod postgres { fn name() }`, run by [`block_on`].
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    $crate::testing::block_on(super::$name($crate::Backend::Sqlite));
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    $crate::testing::block_on(super::$name($crate::Backend::Postgres));
                }
            )*
        }
    };
}

//! Schema migrations, embedded at build time from `migrations/{sqlite,postgres}`.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::{Db, Result, on_pool};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

/// The embedded migrations of one backend, as sqlx sees them.
fn migrator(list: &'static [(i64, &'static str, &'static str)]) -> Migrator {
    let migrations: Vec<Migration> = list
        .iter()
        .map(|&(version, description, sql)| {
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                false,
            )
        })
        .collect();
    Migrator {
        migrations: Cow::Owned(migrations),
        ..Migrator::DEFAULT
    }
}

impl Db {
    /// Applies every migration not yet applied. Safe to run from several processes at once:
    /// sqlx takes a database lock first.
    #[tracing::instrument(skip_all, fields(backend = ?self.backend()))]
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            crate::Pool::Sqlite(pool) => migrator(embedded::SQLITE).run(pool).await?,
            crate::Pool::Postgres(pool) => migrator(embedded::POSTGRES).run(pool).await?,
        }
        Ok(())
    }

    /// Applies the migrations up to `version` and no further: a database as an older release
    /// left it, for the upgrade tests.
    #[cfg(feature = "test-support")]
    pub async fn migrate_to(&self, version: i64) -> Result<()> {
        let up_to = |list: &'static [(i64, &'static str, &'static str)]| {
            let mut migrator = migrator(list);
            migrator.migrations = Cow::Owned(
                migrator
                    .migrations
                    .iter()
                    .filter(|m| m.version <= version)
                    .cloned()
                    .collect(),
            );
            migrator
        };
        match &self.pool {
            crate::Pool::Sqlite(pool) => up_to(embedded::SQLITE).run(pool).await?,
            crate::Pool::Postgres(pool) => up_to(embedded::POSTGRES).run(pool).await?,
        }
        Ok(())
    }

    /// Runs SQL statements as they are (several, separated by `;`), for tests that write rows
    /// the way an older release did.
    #[cfg(feature = "test-support")]
    pub async fn execute_script(&self, sql: &str) -> Result<()> {
        on_pool!(self, pool => sqlx::raw_sql(sql).execute(pool).await.map(drop))?;
        Ok(())
    }

    /// The versions and descriptions of the embedded migrations for this backend.
    pub fn known_migrations(&self) -> Vec<(i64, &'static str)> {
        let list = match self.backend() {
            crate::Backend::Sqlite => embedded::SQLITE,
            crate::Backend::Postgres => embedded::POSTGRES,
        };
        list.iter().map(|&(v, d, _)| (v, d)).collect()
    }

    /// The versions already applied to this database, in order.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
                .fetch_all(pool)
                .await
        )?;
        Ok(rows.into_iter().map(|(v,)| v).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::embedded::{POSTGRES, SQLITE};

    #[test]
    fn sqlite_and_postgres_have_the_same_migrations() {
        let names = |list: &[(i64, &'static str, &str)]| -> Vec<(i64, &'static str)> {
            list.iter().map(|&(v, d, _)| (v, d)).collect()
        };
        assert!(!SQLITE.is_empty(), "no migrations embedded");
        assert_eq!(
            names(SQLITE),
            names(POSTGRES),
            "migrations/sqlite and migrations/postgres must hold the same versions and names"
        );
    }

    #[test]
    fn both_backends_create_the_same_tables() {
        let tables = |list: &[(i64, &str, &str)]| -> Vec<String> {
            let mut tables: Vec<String> = list
                .iter()
                .flat_map(|(_, _, sql)| sql.lines())
                .filter_map(|line| line.trim().strip_prefix("CREATE TABLE "))
                .map(|rest| {
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect();
            tables.sort();
            tables
        };
        assert_eq!(tables(SQLITE), tables(POSTGRES));
    }
}

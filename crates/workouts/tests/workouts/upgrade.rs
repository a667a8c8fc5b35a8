//! Upgrading from the previous release: a database at the previous release's last migration,
//! holding what that release stored (accounts, preferences, workouts with their laps, recordings
//! and originals), is migrated to the current schema and then serves exactly what a fresh import
//! of the same files serves: summaries, laps, every export, records (after the analysis
//! backfill), the map's routes and statistics. It then takes new uploads.
//!
//! The rows are the reference database's, copied column by column into the old schema, whose
//! columns are read from the old migrations themselves; Postgres copies across databases with
//! `dblink` (a contrib module of the Postgres server package).

use std::path::PathBuf;

use db::{Backend, testing::TestDb};
use domain::{Preferences, UserId, WorkoutId};
use formats::OutputFormat;
use workouts::{ExportFormat, Span, WorkoutFilter, Workouts};

use crate::{corpus, imported, setup};

/// The last migration of the previous release (0.1, the first one people installed): the
/// migrations up to it are that release's schema.
const PREVIOUS_RELEASE: i64 = 6;

/// The tables of the previous release that hold an athlete's data.
const TABLES: [&str; 5] = [
    "account",
    "account_preferences",
    "workout",
    "workout_lap",
    "workout_data",
];

const FILES: [&str; 3] = [
    "fit/fitparse__2013-02-06-12-11-14.fit",
    "tcx/dblock-tcx__running_activity_1.tcx",
    "gpx/sportstracker__bike-tour-garmin-oregon-with-heartrate.gpx",
];

/// `(name, Postgres type)` of each column `table` had after the previous release's migrations,
/// read from `migrations/postgres` (Postgres types; SQLite needs the names only).
fn columns_at_previous_release(table: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../migrations/postgres");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let version: i64 = path.file_name().unwrap().to_str().unwrap()[..4]
                .parse()
                .unwrap();
            version <= PREVIOUS_RELEASE
        })
        .collect();
    files.sort();
    let mut columns = Vec::new();
    for file in files {
        let sql = std::fs::read_to_string(&file).unwrap();
        let start = format!("CREATE TABLE {table} (");
        if let Some(at) = sql.find(&start) {
            let body = &sql[at + start.len()..];
            let body = &body[..body.find("\n);").expect("a table's end")];
            for line in body.lines().map(str::trim) {
                let line = line.split("--").next().unwrap().trim();
                let mut words = line.split_whitespace();
                let Some(name) = words.next() else { continue };
                if ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(&name) {
                    continue;
                }
                let kind: Vec<&str> = words
                    .take_while(|w| {
                        ![
                            "NOT",
                            "NULL",
                            "GENERATED",
                            "REFERENCES",
                            "PRIMARY",
                            "DEFAULT",
                            "CHECK",
                        ]
                        .contains(w)
                    })
                    .collect();
                columns.push((
                    name.to_owned(),
                    kind.join(" ").trim_end_matches(',').to_owned(),
                ));
            }
        }
        assert!(
            !sql.contains(&format!("ALTER TABLE {table} ")),
            "{}: the column list assumes no ALTER TABLE before the previous release",
            file.display()
        );
    }
    assert!(
        !columns.is_empty(),
        "{table} is not in the previous release"
    );
    columns
}

/// SQL that copies the previous release's columns of every table from `from` into `to`.
fn copy_script(backend: Backend, from: &TestDb) -> String {
    let mut sql = String::new();
    match backend {
        Backend::Sqlite => {
            let path = from.url.expose().trim_start_matches("sqlite://");
            let path = path.split('?').next().unwrap();
            sql.push_str(&format!("ATTACH DATABASE '{path}' AS reference;\n"));
            for table in TABLES {
                let names: Vec<String> = columns_at_previous_release(table)
                    .into_iter()
                    .map(|(name, _)| name)
                    .collect();
                let names = names.join(", ");
                sql.push_str(&format!(
                    "INSERT INTO {table} ({names}) SELECT {names} FROM reference.{table};\n"
                ));
            }
        }
        Backend::Postgres => {
            sql.push_str("CREATE EXTENSION IF NOT EXISTS dblink;\n");
            let source = from.url.expose().replace('\'', "''");
            for table in TABLES {
                let columns = columns_at_previous_release(table);
                let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
                let typed: Vec<String> = columns.iter().map(|(n, t)| format!("{n} {t}")).collect();
                let (names, typed) = (names.join(", "), typed.join(", "));
                sql.push_str(&format!(
                    "INSERT INTO {table} ({names}) OVERRIDING SYSTEM VALUE SELECT * FROM \
                     dblink('{source}', 'SELECT {names} FROM {table}') AS copied ({typed});\n"
                ));
            }
            // New rows must not take the copied ids.
            for (table, id) in [("account", "account_id"), ("workout", "workout_id")] {
                sql.push_str(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{id}'), \
                     (SELECT max({id}) FROM {table}));\n"
                ));
            }
        }
    }
    sql
}

/// What the athlete sees of each workout, as text to compare.
async fn everything(service: &Workouts, user: UserId, ids: &[WorkoutId]) -> Vec<String> {
    let mut seen = Vec::new();
    let page = service
        .list(user, &WorkoutFilter::default(), 0, 100)
        .await
        .unwrap();
    seen.push(format!("{:?}", page.workouts.len()));
    for &id in ids {
        seen.push(format!("{:?}", service.summary(user, id).await.unwrap()));
        seen.push(format!("{:?}", service.laps(user, id).await.unwrap()));
        for format in [
            ExportFormat::Original,
            ExportFormat::Written(OutputFormat::Tcx),
            ExportFormat::Written(OutputFormat::Gpx),
            ExportFormat::Written(OutputFormat::Fit),
        ] {
            match service.export(user, id, format).await {
                Ok(file) => seen.push(format!("{} {:?}", file.file_name, file.bytes)),
                Err(e) => seen.push(format!("refused: {e}")),
            }
        }
    }
    seen.push(format!(
        "{:?}",
        service.records(user, &Span::default()).await.unwrap()
    ));
    seen.push(format!(
        "{:?}",
        service.map_routes(user, Default::default()).await.unwrap()
    ));
    seen
}

async fn the_previous_release_upgrades_with_its_data(backend: Backend) {
    // The reference: today's import of the files.
    let (reference_db, reference, user) = setup(backend).await;
    reference_db
        .db
        .set_preferences(
            user,
            &Preferences {
                time_zone: "Europe/Berlin".to_owned(),
                max_hr: 191,
                ..Preferences::default()
            },
        )
        .await
        .unwrap();
    let mut ids = Vec::new();
    for file in FILES {
        let results = reference.import(user, vec![corpus(file)]).await.unwrap();
        ids.push(imported(&results[0].outcome));
    }

    // The previous release's database with the same rows, then the upgrade.
    let old = TestDb::migrated_to(backend, Some(PREVIOUS_RELEASE)).await;
    assert_eq!(
        old.db.applied_migrations().await.unwrap().last(),
        Some(&PREVIOUS_RELEASE)
    );
    old.db
        .execute_script(&copy_script(backend, &reference_db))
        .await
        .unwrap();
    old.db.migrate().await.expect("the upgrade applies");
    let known = old.db.known_migrations();
    assert_eq!(
        old.db.applied_migrations().await.unwrap(),
        known.iter().map(|(v, _)| *v).collect::<Vec<_>>()
    );
    assert!(
        known.len() as i64 > PREVIOUS_RELEASE,
        "there is something to upgrade"
    );
    let upgraded = Workouts::new(old.db.clone());
    assert_eq!(
        upgraded.analysis_pending(user).await.unwrap(),
        FILES.len() as u64,
        "the old workouts wait for their analysis"
    );
    assert_eq!(
        upgraded.backfill_analyses().await.unwrap(),
        FILES.len() as u64
    );

    let (want, got) = (
        everything(&reference, user, &ids).await,
        everything(&upgraded, user, &ids).await,
    );
    assert_eq!(want.len(), got.len());
    for (want, got) in want.iter().zip(&got) {
        assert_eq!(
            got, want,
            "the upgraded database serves what a fresh import does"
        );
    }
    assert_eq!(
        old.db.preferences(user).await.unwrap().time_zone,
        "Europe/Berlin"
    );

    // And it takes new uploads, without reusing an id.
    let results = upgraded
        .import(user, vec![corpus("fit/fitparse__garmin-edge-820-bike.fit")])
        .await
        .unwrap();
    let new = imported(&results[0].outcome);
    assert!(!ids.contains(&new));
    let again = upgraded.import(user, vec![corpus(FILES[0])]).await.unwrap();
    assert!(
        matches!(again[0].outcome, workouts::Outcome::Duplicate { workout_id } if workout_id == ids[0]),
        "an old upload is still known: {:?}",
        again[0].outcome
    );
}

db::on_both_backends!(the_previous_release_upgrades_with_its_data);

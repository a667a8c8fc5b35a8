//! Backups while uploads run: `laps backup` and `laps restore` on SQLite, the README's
//! `pg_dump` recipe on Postgres, and `laps check` on both, run as processes against servers.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
    sync::atomic::{AtomicBool, Ordering},
    time::Duration,
};

use db::{Backend, DatabaseUrl, testing::TestDb};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    helpers::{TestApp, spawn_on_db},
    workouts::{Expect, corpus, manifest, signed_in},
};

const PASSWORD: &str = "correct horse battery";

/// Runs `laps` on the database at `url` (a SQLite one through its data directory when `dir`
/// is given, so the default URL is exercised).
fn laps(target: &Target, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_laps"));
    command.args(args).env_remove("LAPS_DATABASE_URL");
    match target {
        Target::DataDir(dir) => command.env("LAPS_DATA_DIR", dir),
        Target::Url(url) => command.env("LAPS_DATABASE_URL", url.expose()),
    };
    command.output().expect("laps runs")
}

/// Where a `laps` command finds its database.
#[derive(Clone)]
enum Target {
    DataDir(PathBuf),
    Url(DatabaseUrl),
}

async fn run(target: &Target, args: &[&str]) -> Output {
    let (target, args) = (
        target.clone(),
        args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>(),
    );
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        laps(&target, &args)
    })
    .await
    .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `laps check`'s exit code and report.
async fn check(target: &Target) -> (Option<i32>, String) {
    let out = run(target, &["check"]).await;
    (out.status.code(), text(&out.stdout))
}

/// The workout files of the corpus small enough to keep a test quick.
fn small_workout_files() -> Vec<(String, Vec<u8>)> {
    manifest()
        .into_iter()
        .filter(|(_, expect)| *expect == Expect::Workout)
        .map(|(path, _)| corpus(&path))
        .filter(|(_, bytes)| bytes.len() < 100_000)
        .collect()
}

async fn workout_count(app: &TestApp) -> u64 {
    app.get_json("/api/v1/workouts?per_page=1").await.1["total"]
        .as_u64()
        .unwrap()
}

/// Every workout of the signed-in account, newest first.
async fn workout_list(app: &TestApp) -> Vec<Value> {
    let (status, body) = app.get_json("/api/v1/workouts?per_page=500").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["total"].as_u64().unwrap() <= 500, "one page holds all");
    body["workouts"].as_array().unwrap().clone()
}

/// Uploads `files` one at a time on each of `lanes` lanes until `stop` is set.
async fn upload_until(app: &TestApp, files: &[(String, Vec<u8>)], stop: &AtomicBool, lanes: usize) {
    let lane = |k: usize| async move {
        for file in files.iter().skip(k).step_by(lanes) {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let results = app.upload_ok(std::slice::from_ref(file)).await;
            assert!(
                matches!(
                    results[0]["status"].as_str(),
                    Some("imported" | "duplicate")
                ),
                "{}: {}",
                file.0,
                results[0]
            );
        }
    };
    futures::future::join_all((0..lanes).map(lane)).await;
}

/// A Postgres client tool from the server's own bin folder (as `scripts/lib.sh` finds the
/// server), so it is at least the server's version; else the one on the PATH.
fn pg_tool(name: &str) -> PathBuf {
    let mut folders: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| entries.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    folders.sort_by_key(|f| {
        let version = f
            .parent()
            .and_then(|v| v.file_name())
            .map(|v| v.to_string_lossy().into_owned());
        std::cmp::Reverse(version.and_then(|v| v.parse::<u32>().ok()).unwrap_or(0))
    });
    folders
        .into_iter()
        .map(|f| f.join(name))
        .find(|tool| tool.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

fn succeeded(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed ({:?}):\n{}\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// A backup of the database at `url` into `file`: `laps backup` on SQLite, the README's
/// `pg_dump` recipe on Postgres.
async fn take_backup(url: &DatabaseUrl, file: &Path) {
    match url.backend() {
        Backend::Sqlite => {
            let out = run(
                &Target::Url(url.clone()),
                &["backup", file.to_str().unwrap(), "--force"],
            )
            .await;
            succeeded("laps backup", &out);
        }
        Backend::Postgres => {
            let (url, file) = (url.expose().to_owned(), file.to_owned());
            let out = tokio::task::spawn_blocking(move || {
                Command::new(pg_tool("pg_dump"))
                    .args(["--format=custom", "--file"])
                    .arg(&file)
                    .arg("--dbname")
                    .arg(&url)
                    .output()
                    .expect("pg_dump runs")
            })
            .await
            .unwrap();
            succeeded("pg_dump", &out);
        }
    }
}

/// The backup restored as the README says: `laps restore` into a new data directory, or
/// `pg_restore` into a new empty database, then `laps migrate`.
async fn restore(backend: Backend, file: &Path) -> TestDb {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let data = dir.path().join("data");
            let out = run(
                &Target::DataDir(data.clone()),
                &["restore", file.to_str().unwrap()],
            )
            .await;
            succeeded("laps restore", &out);
            TestDb::existing(DatabaseUrl::sqlite_in(&data), Some(dir)).await
        }
        Backend::Postgres => {
            let url = db::testing::empty_postgres_database().await;
            let (target, file) = (url.expose().to_owned(), file.to_owned());
            let out = tokio::task::spawn_blocking(move || {
                Command::new(pg_tool("pg_restore"))
                    .args(["--no-owner", "--exit-on-error", "--dbname"])
                    .arg(&target)
                    .arg(&file)
                    .output()
                    .expect("pg_restore runs")
            })
            .await
            .unwrap();
            succeeded("pg_restore", &out);
            succeeded(
                "laps migrate",
                &run(&Target::Url(url.clone()), &["migrate"]).await,
            );
            TestDb::existing(url, None).await
        }
    }
}

/// A server on a restored database, signed in as the account the backup holds.
async fn serve_restored(restored: TestDb) -> TestApp {
    let app = spawn_on_db(restored).await;
    assert_eq!(app.sign_in("ada", PASSWORD).await.status(), StatusCode::OK);
    app
}

/// The report's `workouts: N` line.
fn reported_workouts(report: &str) -> u64 {
    report
        .lines()
        .find_map(|l| l.strip_prefix("workouts: "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no workouts line in\n{report}"))
}

/// A backup taken while uploads are stored holds a consistent part of them: every workout in
/// it is complete and served as the source serves it, and their number lies between the counts
/// before and after the backup. Taken again once uploads stop, it restores to an instance with
/// the same `laps check` report and the same workout list as the source.
async fn a_backup_during_uploads_restores_a_consistent_instance(backend: Backend) {
    let app = signed_in(backend).await;
    let files = small_workout_files();
    assert!(files.len() > 40, "{} corpus files", files.len());
    let dir = tempfile::tempdir().unwrap();
    let during = dir.path().join("during.backup");
    let stop = AtomicBool::new(false);

    let ((), overlap) = tokio::join!(upload_until(&app, &files, &stop, 3), async {
        while workout_count(&app).await < 3 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // A backup that happens to fall between two commits proves nothing: try again, until
        // an upload was stored while one ran.
        let mut overlap = None;
        for _ in 0..5 {
            let before = workout_count(&app).await;
            take_backup(&app.test_db.url, &during).await;
            let after = workout_count(&app).await;
            if after > before {
                overlap = Some((before, after));
                break;
            }
        }
        stop.store(true, Ordering::Relaxed);
        overlap
    });
    let (before, after) = overlap.expect("uploads were stored while a backup ran (5 tries)");

    // Uploads have stopped: this one holds everything.
    let quiet = dir.path().join("quiet.backup");
    take_backup(&app.test_db.url, &quiet).await;
    let source_list = workout_list(&app).await;
    let source = Target::Url(app.test_db.url.clone());
    let (code, source_report) = check(&source).await;
    assert_eq!(code, Some(0), "{source_report}");

    // The backup taken during uploads: a consistent part.
    let restored = serve_restored(restore(backend, &during).await).await;
    let restored_list = workout_list(&restored).await;
    let n = restored_list.len() as u64;
    assert!(
        before <= n && n <= after,
        "the backup holds {n} workouts; {before} were stored before it began, {after} when it ended"
    );
    let restored_ids: Vec<i64> = restored_list
        .iter()
        .map(|w| w["id"].as_i64().unwrap())
        .collect();
    if backend == Backend::Sqlite {
        // SQLite commits one writer at a time, in the order it numbers workouts: the copy
        // holds every workout up to its newest, a prefix of the source's.
        let newest = restored_ids.iter().max().copied().unwrap_or(0);
        let source_ids: Vec<i64> = source_list
            .iter()
            .map(|w| w["id"].as_i64().unwrap())
            .filter(|id| *id <= newest)
            .collect();
        let (mut a, mut b) = (restored_ids.clone(), source_ids);
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "the backup holds every workout up to its newest");
    }
    for (workout, &id) in restored_list.iter().zip(&restored_ids) {
        assert!(
            source_list.contains(workout),
            "workout {id} differs: {workout}"
        );
        let path = format!("/api/v1/workouts/{id}");
        let (status, mut served) = app.get_json(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        // The source also names, as overlapping, workouts stored after the backup.
        if let Some(overlaps) = served["overlaps"].as_array_mut() {
            overlaps.retain(|o| restored_ids.contains(&o.as_i64().unwrap()));
        }
        assert_eq!(
            restored.get_json(&path).await,
            (StatusCode::OK, served),
            "{path}"
        );
        let path = format!("/api/v1/workouts/{id}/export/original");
        let (a, b) = (
            app.client.get(app.url(&path)).send().await.unwrap(),
            restored
                .client
                .get(restored.url(&path))
                .send()
                .await
                .unwrap(),
        );
        assert_eq!(
            (a.status(), b.status()),
            (StatusCode::OK, StatusCode::OK),
            "{path}"
        );
        assert_eq!(a.bytes().await.unwrap(), b.bytes().await.unwrap(), "{path}");
    }
    let (code, report) = check(&Target::Url(restored.test_db.url.clone())).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(reported_workouts(&report), n, "{report}");

    // The backup taken after: the same instance.
    let restored = serve_restored(restore(backend, &quiet).await).await;
    assert_eq!(workout_list(&restored).await, source_list);
    let (code, report) = check(&Target::Url(restored.test_db.url.clone())).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report, source_report);
    assert!(reported_workouts(&report) >= after, "{report}");
}

/// Uploads `names` (corpus paths) and answers their workout ids.
async fn upload_files(app: &TestApp, names: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for name in names {
        let results = app.upload_ok(&[corpus(name)]).await;
        ids.push(crate::workouts::id_of(&results[0]));
    }
    ids
}

const RUN: &str = "fit/fitparse__2013-02-06-12-11-14.fit";
const RIDE: &str = "tcx/dblock-tcx__running_activity_1.tcx";
const TRACK: &str = "gpx/hrmparser__gps-flat-run.gpx";

/// `laps check` names a workout whose recording no longer decodes and one whose original is
/// no longer the file it was imported from, and exits 1.
async fn check_names_a_damaged_recording_and_a_damaged_original(backend: Backend) {
    let app = signed_in(backend).await;
    let ids = upload_files(&app, &[RUN, RIDE, TRACK]).await;
    let source = Target::Url(app.test_db.url.clone());
    assert_eq!(check(&source).await.0, Some(0));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("laps.backup");
    take_backup(&app.test_db.url, &file).await;
    let copy = restore(backend, &file).await;
    let (broken_recording, broken_original) = (ids[0], ids[2]);
    let gz = {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder
            .write_all(b"<gpx>not the file it was</gpx>")
            .unwrap();
        encoder.finish().unwrap()
    };
    // Blob literals in each backend's syntax, written through the test store's raw SQL.
    let blob = |bytes: &[u8]| {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        match backend {
            Backend::Sqlite => format!("X'{hex}'"),
            Backend::Postgres => format!("'\\x{hex}'::bytea"),
        }
    };
    copy.db
        .execute_script(&format!(
            "UPDATE workout_data SET recording = {} WHERE workout_id = {broken_recording}; \
             UPDATE workout_data SET original_gz = {} WHERE workout_id = {broken_original};",
            blob(b"LAPS\x01 damaged"),
            blob(&gz),
        ))
        .await
        .unwrap();

    let (code, report) = check(&Target::Url(copy.url.clone())).await;
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("problems: 2\n"), "{report}");
    assert!(
        report.contains(&format!(
            "workout {broken_recording} (account 1, ada): the recording does not decode: "
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "workout {broken_original} (account 1, ada): the original's content does not match \
             its stored hash"
        )),
        "{report}"
    );
    // The source is untouched.
    assert_eq!(check(&source).await.0, Some(0));
}

db::on_both_backends!(
    a_backup_during_uploads_restores_a_consistent_instance,
    check_names_a_damaged_recording_and_a_damaged_original,
);

/// The backup with a byte flipped from its middle on, at the first place where that changes
/// the database it holds. Not every flip does: deflate can carry one that decodes to the same
/// bytes (a back-reference moved within a run of zeros, which a database has plenty of), and
/// a file so changed is whole, and restored (about one flip in a hundred here).
fn damaged_in_the_middle(backup: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let database = |file: &[u8]| -> Option<Vec<u8>> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(file)).ok()?;
        let mut entry = zip.by_name("laps.db").ok()?;
        let mut bytes = Vec::new();
        // The reader checks the CRC-32 at the end.
        entry.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    };
    let whole = database(backup).expect("the backup reads");
    (backup.len() / 2..backup.len())
        .find_map(|at| {
            let mut damaged = backup.to_vec();
            damaged[at] ^= 0x55;
            (database(&damaged).as_ref() != Some(&whole)).then_some(damaged)
        })
        .expect("a flip that changes the database")
}

/// `laps restore` refuses a data directory with an instance in it (not an empty database), and
/// a truncated or damaged backup, saying why and writing nothing; `laps backup` keeps an existing file unless told,
/// and on Postgres points to the README's recipe.
#[test]
fn restore_refuses_data_and_damaged_backups_and_writes_nothing() {
    db::testing::block_on(async {
        let app = signed_in(Backend::Sqlite).await;
        upload_files(&app, &[RUN]).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("laps.backup");
        take_backup(&app.test_db.url, &file).await;
        let path = file.to_str().unwrap();

        let kept = run(&Target::Url(app.test_db.url.clone()), &["backup", path]).await;
        assert_eq!(kept.status.code(), Some(1));
        assert!(
            text(&kept.stderr).contains("exists: pass --force to replace it"),
            "{}",
            text(&kept.stderr)
        );
        let postgres = DatabaseUrl::parse("postgres://laps@localhost/laps").unwrap();
        for command in ["backup", "restore"] {
            let refused = run(&Target::Url(postgres.clone()), &[command, path]).await;
            assert_eq!(refused.status.code(), Some(1));
            assert!(
                text(&refused.stderr).contains("see the README, section \"Backups\""),
                "{}",
                text(&refused.stderr)
            );
        }

        // An instance in the target: refused, and its database left as it was.
        let occupied = dir.path().join("occupied");
        succeeded(
            "laps restore",
            &run(&Target::DataDir(occupied.clone()), &["restore", path]).await,
        );
        let database = occupied.join("laps.db");
        let before = std::fs::read(&database).unwrap();
        let refused = run(&Target::DataDir(occupied.clone()), &["restore", path]).await;
        assert_eq!(refused.status.code(), Some(1));
        assert!(
            text(&refused.stderr).contains("already holds a Laps database with accounts"),
            "{}",
            text(&refused.stderr)
        );
        assert_eq!(std::fs::read(&database).unwrap(), before);

        // A database with no account yet (`laps migrate` made it) gives way.
        let migrated = Target::DataDir(dir.path().join("migrated"));
        succeeded("laps migrate", &run(&migrated, &["migrate"]).await);
        succeeded("laps restore", &run(&migrated, &["restore", path]).await);
        let (code, report) = check(&migrated).await;
        assert_eq!((code, reported_workouts(&report)), (Some(0), 1), "{report}");

        // Truncated, damaged in the middle, or not a backup at all: refused before anything
        // is written.
        let bytes = std::fs::read(&file).unwrap();
        let damaged = damaged_in_the_middle(&bytes);
        for (name, content, reason) in [
            (
                "truncated",
                bytes[..bytes.len() / 2].to_vec(),
                "not a readable zip",
            ),
            ("damaged", damaged, "laps.db is damaged"),
            ("empty", Vec::new(), "not a readable zip"),
        ] {
            let bad = dir.path().join(name);
            std::fs::write(&bad, content).unwrap();
            let target = dir.path().join(format!("into-{name}"));
            let refused = run(
                &Target::DataDir(target.clone()),
                &["restore", bad.to_str().unwrap()],
            )
            .await;
            let stderr = text(&refused.stderr);
            assert_eq!(refused.status.code(), Some(1), "{name}: {stderr}");
            assert!(
                stderr.contains(&format!("{} is refused", bad.display()))
                    && stderr.contains(reason),
                "{name}: {stderr}"
            );
            assert!(
                !target.exists(),
                "{name}: the refused restore wrote nothing"
            );
        }
    });
}

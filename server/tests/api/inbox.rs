//! The inbox: a real server watching a temporary folder, real corpus files dropped into a
//! user's subfolder the ways sync tools and phone apps write them, on both databases.

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use db::Backend;
use laps::config::{Config, Settings};
use reqwest::StatusCode;

use crate::{
    helpers::{TestApp, settings, spawn_app_with, spawn_on},
    workouts::corpus_dir,
};

const PASSWORD: &str = "correct horse battery";
const RUN: &str = "fit/fitparse__2013-02-06-12-11-14.fit";
const TCX: &str = "tcx/sportstracker__Edge705-Running-Heartrate-2Laps.tcx";
const SLOW: &str = "fit/fitparse__activity-small-fenix2-run.fit";
const BROKEN: &str = "invalid/fitparse__activity-unexpected-eof.fit";

fn corpus(relative: &str) -> Vec<u8> {
    std::fs::read(corpus_dir().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Settings for a server watching `inbox`, quick to notice and to settle (a second each).
fn inbox_settings(inbox: &Path) -> Settings {
    Settings {
        inbox: Some(inbox.to_owned()),
        inbox_poll_seconds: Some(1),
        inbox_settle_seconds: Some(1),
        max_upload_mib: Some(1),
        ..settings()
    }
}

async fn watching(backend: Backend, inbox: &Path) -> TestApp {
    let app = spawn_app_with(backend, inbox_settings(inbox)).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    app
}

/// Waits until every path exists (the inbox works in the background), or fails saying which
/// did not appear and what the folder holds.
pub(crate) async fn wait_for(paths: &[PathBuf]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Some(missing) = paths.iter().find(|p| !p.exists()) {
        if Instant::now() > deadline {
            panic!(
                "{} did not appear; the folder holds {:?}",
                missing.display(),
                listing(missing.parent().unwrap().parent().unwrap())
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every file under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

async fn source_names(app: &TestApp) -> Vec<String> {
    let (_, page) = app.get_json("/api/v1/workouts?per_page=100").await;
    let mut titles: Vec<String> = page["workouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["source_name"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    titles
}

async fn files_dropped_in_a_users_folder_are_imported_and_filed(backend: Backend) {
    let inbox = tempfile::tempdir().unwrap();
    let app = watching(backend, inbox.path()).await;
    let ada = inbox.path().join("ada");
    let nobody = inbox.path().join("nobody");
    std::fs::create_dir_all(ada.join("watch")).unwrap();
    std::fs::create_dir_all(&nobody).unwrap();

    // Left alone: a folder naming no user, a dot file, a sync tool's file in progress.
    std::fs::write(nobody.join("run.fit"), corpus(RUN)).unwrap();
    std::fs::write(ada.join(".notes.fit"), corpus(RUN)).unwrap();
    std::fs::write(ada.join("~syncthing~ride.fit.tmp"), &corpus(RUN)[..100]).unwrap();
    // Taken: a workout in a subfolder, a broken file, a zip with a workout and a stray file,
    // a file beyond the upload limit (1 MiB here).
    std::fs::write(ada.join("watch/run.fit"), corpus(RUN)).unwrap();
    std::fs::write(ada.join("broken.fit"), corpus(BROKEN)).unwrap();
    let zip = workouts::archive::zip_files(&[("ride.tcx", &corpus(TCX)), ("notes.txt", b"hello")]);
    std::fs::write(ada.join("season.zip"), zip).unwrap();
    std::fs::write(ada.join("huge.fit"), vec![0u8; (1 << 20) + 1]).unwrap();
    // Written slowly, as a phone app writes over Wi-Fi: it changes for three seconds, longer
    // than the settle time, and must be imported whole.
    let slow = corpus(SLOW);
    let partial = ada.join("slow.fit");
    let chunks: Vec<&[u8]> = slow.chunks(slow.len().div_ceil(10)).collect();
    for chunk in chunks {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&partial)
            .unwrap();
        file.write_all(chunk).unwrap();
        drop(file);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    let imported = ada.join("imported");
    let refused = ada.join("refused");
    wait_for(&[
        imported.join("watch/run.fit"),
        imported.join("season.zip"),
        imported.join("slow.fit"),
        refused.join("broken.fit.reason.txt"),
        refused.join("huge.fit.reason.txt"),
    ])
    .await;

    assert_eq!(
        source_names(&app).await,
        ["ride.tcx", "run.fit", "slow.fit"],
        "the run, the zip's ride and the slowly written file, whole"
    );
    let broken = std::fs::read_to_string(refused.join("broken.fit.reason.txt")).unwrap();
    assert!(
        broken.starts_with("broken.fit was not imported:\n") && broken.contains("cut short"),
        "{broken}"
    );
    let huge = std::fs::read_to_string(refused.join("huge.fit.reason.txt")).unwrap();
    assert!(
        huge.contains("more than the upload limit of 1 MB"),
        "{huge}"
    );
    let partly = std::fs::read_to_string(imported.join("season.zip.reason.txt")).unwrap();
    assert!(
        partly.starts_with("season.zip: 1 workout, 1 refused. Refused:\nseason.zip/notes.txt: "),
        "{partly}"
    );
    assert_eq!(
        listing(&ada),
        [
            ".notes.fit",
            "imported/season.zip",
            "imported/season.zip.reason.txt",
            "imported/slow.fit",
            "imported/watch/run.fit",
            "refused/broken.fit",
            "refused/broken.fit.reason.txt",
            "refused/huge.fit",
            "refused/huge.fit.reason.txt",
            "~syncthing~ride.fit.tmp",
        ],
        "nothing left in processing, nothing lost"
    );
    assert!(
        nobody.join("run.fit").exists(),
        "a folder naming no user is left alone"
    );

    // The sync tool finishes its file: it is taken under its final name. The same run again
    // is in the log already, and is filed beside the first without overwriting it.
    std::fs::rename(ada.join("~syncthing~ride.fit.tmp"), ada.join("again.fit")).unwrap();
    std::fs::write(ada.join("again.fit"), corpus(RUN)).unwrap();
    std::fs::write(ada.join("run.fit"), corpus(RUN)).unwrap();
    wait_for(&[imported.join("again.fit"), imported.join("run.fit")]).await;
    std::fs::write(ada.join("run.fit"), corpus(RUN)).unwrap();
    wait_for(&[imported.join("run (2).fit")]).await;
    assert_eq!(source_names(&app).await.len(), 3, "duplicates add nothing");
    assert!(!imported.join("run (2).fit.reason.txt").exists());
}

async fn two_instances_watching_one_folder_import_each_file_once(backend: Backend) {
    let inbox = tempfile::tempdir().unwrap();
    let first = watching(backend, inbox.path()).await;
    let second = spawn_on(&first).await;
    let ada = inbox.path().join("ada");
    std::fs::create_dir_all(&ada).unwrap();
    let files = [
        RUN,
        "fit/fitparse__2015-10-13-08-43-15.fit",
        "fit/fitparse__garmin-fenix-5-run.fit",
        "fit/fitparse__garmin-fenix-5-walk.fit",
        "fit/fitparse__garmin-edge-820-bike.fit",
    ];
    let mut expected = Vec::new();
    for (i, file) in files.iter().enumerate() {
        std::fs::write(ada.join(format!("{i}.fit")), corpus(file)).unwrap();
        expected.push(ada.join("imported").join(format!("{i}.fit")));
    }
    wait_for(&expected).await;
    // Give a second import, were there one, the time to file its copy.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let filed = listing(&ada);
    assert_eq!(
        filed,
        (0..5)
            .map(|i| format!("imported/{i}.fit"))
            .collect::<Vec<_>>(),
        "each file imported once: no duplicate filed beside it"
    );
    assert_eq!(source_names(&first).await.len(), 5);
    drop(second);
}

/// The worker on its own, polling only (as on a network share, where the file system reports
/// nothing), stopping when told.
async fn the_inbox_polls_where_no_changes_are_reported_and_stops_when_told(backend: Backend) {
    let test_db = db::testing::TestDb::new(backend).await;
    let inbox = tempfile::tempdir().unwrap();
    let config = Config::from_settings(inbox_settings(inbox.path()));
    let accounts = auth::Accounts::new(test_db.db.clone(), config.throttle);
    let user = accounts.add_user("bea", PASSWORD, false).await.unwrap();
    let workouts = workouts::Workouts::with_limits(test_db.db.clone(), config.limits);
    let worker = laps::inbox::Inbox::new(
        config.inbox.as_ref().unwrap(),
        config.max_upload_bytes as u64,
        workouts.clone(),
        accounts,
    )
    .polling_only();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let running = tokio::spawn(worker.run(stopped));

    let bea = inbox.path().join("bea");
    std::fs::create_dir_all(&bea).unwrap();
    std::fs::write(bea.join("run.fit"), corpus(RUN)).unwrap();
    wait_for(&[bea.join("imported/run.fit")]).await;
    let list = workouts
        .list(user.id, &db::WorkoutFilter::default(), 0, 10)
        .await
        .unwrap();
    assert_eq!(list.total, 1);

    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), running)
        .await
        .expect("the inbox stops at once")
        .unwrap();
}

db::on_both_backends!(
    files_dropped_in_a_users_folder_are_imported_and_filed,
    two_instances_watching_one_folder_import_each_file_once,
    the_inbox_polls_where_no_changes_are_reported_and_stops_when_told,
);

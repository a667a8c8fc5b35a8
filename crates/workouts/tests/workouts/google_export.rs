//! Google Fit in Google Takeout, assembled here in Takeout's layout (no free sample exists) in
//! Dutch, as an account set to Dutch gets it: a real TCX of the corpus named as Takeout names
//! activities, the assembled daily metrics and a per-day file of quarters of an hour.

use db::Backend;
use domain::{Date, UploadSummary};
use workouts::{Outcome, Upload, WorkoutFilter};

use super::{corpus_bytes, imported, setup};

const TCX: &str = "tcx/dblock-tcx__running_activity_1.tcx";
/// Its UTC `Id` is 2014-12-26T10:00:39Z: Takeout names it by the local start and offset.
const ACTIVITY: &str = "Takeout/Fit/Activiteiten/2014-12-26T11_00_39+01_00_PT52M_Hardlopen.tcx";
const DAYS: &str = "Takeout/Fit/Dagelijkse activiteitsstatistieken";

fn takeout() -> Vec<u8> {
    let files = takeout_files();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    workouts::archive::zip_files(&refs)
}

fn takeout_files() -> Vec<(String, Vec<u8>)> {
    let metrics = "Datum,Aantal bewegingsminuten,Calorieën (kcal),Afstand (m),Hartpunten,Aantal stappen\n\
2014-12-26,64,2600.5,9000,40,11020\n\
2014-12-27,12,1800,900,2,3050\n";
    let quarters = "Begintijd,Eindtijd,Aantal bewegingsminuten,Calorieën (kcal),Aantal stappen\n\
07:00:00.000+01:00,07:15:00.000+01:00,5,30.0,600\n\
11:00:00.000+01:00,11:15:00.000+01:00,15,120.0,2500\n\
11:15:00.000+01:00,11:30:00.000+01:00,15,120.0,2400\n";
    let sessions = "Takeout/Fit/Alle sessies";
    vec![
        (ACTIVITY.to_owned(), corpus_bytes(TCX)),
        (
            format!("{DAYS}/Dagelijkse activiteitsstatistieken.csv"),
            metrics.as_bytes().to_vec(),
        ),
        (
            format!("{DAYS}/2014-12-26.csv"),
            quarters.as_bytes().to_vec(),
        ),
        (
            format!("{sessions}/2014-12-26T11_00_39+01_00_PT52M_Hardlopen.json"),
            b"{}".to_vec(),
        ),
        (
            format!("{sessions}/2014-12-27T08_00_00+01_00_PT10M_Wandelen.json"),
            b"{}".to_vec(),
        ),
        (
            "Takeout/archive_browser.html".to_owned(),
            b"<html></html>".to_vec(),
        ),
    ]
}

pub(super) async fn a_takeout_in_dutch_imports_its_activity_and_its_days(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let upload = || Upload::new("takeout-20250101T000000Z-001.zip", takeout());
    let results = service.import(user, vec![upload()]).await.unwrap();
    let files: Vec<&str> = results.iter().map(|r| r.file.as_str()).collect();
    let zip = "takeout-20250101T000000Z-001.zip";
    assert_eq!(
        files,
        [
            format!("{zip}/{ACTIVITY}"),
            format!("{zip}/{DAYS}"),
            zip.to_owned(),
            zip.to_owned(),
        ],
        "{results:#?}"
    );
    let id = imported(&results[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(
        (w.title.as_str(), w.sport.name().as_str()),
        ("Hardlopen", "running"),
        "the activity as the account's language names it"
    );
    assert_eq!(w.source_format, "tcx");
    assert_eq!(w.start.unix_ms(), 1_419_588_039_000);
    assert_eq!(w.utc_offset_min, 60, "the offset the name states");

    assert_eq!(
        results[1].outcome,
        Outcome::Days {
            stored: 2,
            kept: 0,
            refused: Vec::new()
        }
    );
    let skipped: Vec<_> = results[2..].iter().map(|r| r.outcome.clone()).collect();
    assert_eq!(
        skipped,
        [
            Outcome::Skipped {
                kind: "Alle sessies".to_owned(),
                count: 2
            },
            Outcome::Skipped {
                kind: "archive_browser.html".to_owned(),
                count: 1
            },
        ]
    );
    let days = service
        .activity_days(
            user,
            Date::parse("2014-12-26").unwrap(),
            Date::parse("2014-12-27").unwrap(),
        )
        .await
        .unwrap();
    let got: Vec<_> = days
        .iter()
        .map(|d| (d.steps, d.active_kcal, d.active_s, d.source.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (11020, 0, 64 * 60, "Google Fit"),
            (3050, 0, 12 * 60, "Google Fit")
        ],
        "the assembled file's totals; calories are not active energy"
    );
    let hours: Vec<_> = days[0]
        .hours
        .iter()
        .map(|h| (h.hour, h.steps, h.active_seconds))
        .collect();
    assert_eq!(
        hours,
        [(7, 600, 300), (11, 4900, 1800)],
        "the per-day file's hours"
    );
    assert_eq!(
        i18n::upload_summary(domain::Language::En, &UploadSummary::of(&results)),
        "1 workout, 2 days of activity, 3 skipped (Alle sessies, archive_browser.html)"
    );

    let again = service.import(user, vec![upload()]).await.unwrap();
    assert_eq!(again[0].outcome, Outcome::Duplicate { workout_id: id });
    let total = service
        .list(user, &WorkoutFilter::default(), 0, 10)
        .await
        .unwrap()
        .total;
    assert_eq!(total, 1, "imported twice, nothing added");
}

pub(super) async fn an_unpacked_takeout_sent_as_files_imports_as_its_zip_does(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let mut uploads = Vec::new();
    for (name, bytes) in takeout_files() {
        let path = dir.path().join("takeout").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        uploads.push(Upload::path(path.display().to_string(), path));
    }
    let results = service.import(user, uploads).await.unwrap();
    assert_eq!(
        i18n::upload_summary(domain::Language::En, &UploadSummary::of(&results)),
        "1 workout, 2 days of activity, 3 skipped (Alle sessies, archive_browser.html)",
        "{results:#?}"
    );
    let w = service
        .summary(user, imported(&results[0].outcome))
        .await
        .unwrap();
    assert_eq!((w.title.as_str(), w.utc_offset_min), ("Hardlopen", 60));
}

/// A Takeout's day preferred by the athlete's Garmin export keeps Garmin's figure.
pub(super) async fn a_day_the_watch_makers_export_describes_keeps_its_figure(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let uds = br#"[{"calendarDate": "2014-12-26", "totalSteps": 11500, "activeKilocalories": 700, "activeSeconds": 4000}]"#;
    let garmin = workouts::archive::zip_files(&[(
        "DI_CONNECT/DI-Connect-Aggregator/UDSFile_2014-12-01_2015-03-10.json",
        uds,
    )]);
    service
        .import(user, vec![Upload::new("garmin.zip", garmin)])
        .await
        .unwrap();
    let results = service
        .import(user, vec![Upload::new("takeout.zip", takeout())])
        .await
        .unwrap();
    assert_eq!(
        results[1].outcome,
        Outcome::Days {
            stored: 1,
            kept: 1,
            refused: Vec::new()
        }
    );
    let days = service
        .activity_days(
            user,
            Date::parse("2014-12-26").unwrap(),
            Date::parse("2014-12-26").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        (days[0].steps, days[0].source.as_str()),
        (11500, "Garmin Connect")
    );
}

db::on_both_backends!(
    a_takeout_in_dutch_imports_its_activity_and_its_days,
    a_day_the_watch_makers_export_describes_keeps_its_figure,
    an_unpacked_takeout_sent_as_files_imports_as_its_zip_does,
);

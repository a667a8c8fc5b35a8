//! Workouts: stored per upload in one transaction, deduplicated, scoped to their account.

use db::{
    AdminRule, Backend, DbError, NewUpload, NewWorkout, SourceRef, UploadOutcome, WorkoutFilter,
    testing::TestDb,
};
use domain::{
    Date, Intensity, LapSummary, LapTrigger, Metrics, Preferences, Sport, Timestamp, Units, UserId,
    WorkoutId, WorkoutSummary,
};

pub(crate) async fn user(t: &TestDb, name: &str) -> UserId {
    let name = domain::Username::parse(name).unwrap();
    t.db.create_user(&name, "h", AdminRule::No)
        .await
        .unwrap()
        .id
}

/// 2024-05-01T05:30:00Z, 07:30 in Berlin.
pub(crate) const MAY_FIRST: i64 = 1_714_541_400_000;
pub(crate) const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

pub(crate) fn summary(title: &str, sport: &str, start_ms: i64) -> WorkoutSummary {
    WorkoutSummary {
        id: WorkoutId::new(0),
        title: title.to_owned(),
        sport: Sport::from_name(sport),
        start: Timestamp::from_unix_ms(start_ms),
        utc_offset_min: 120,
        time_zone: Some("Europe/Berlin".to_owned()),
        metrics: Metrics {
            elapsed_ms: HOUR,
            distance_m: Some(10_012.5),
            calories: Some(640),
            avg_hr: Some(151),
            max_hr: Some(178),
            avg_speed: Some(2.85),
            max_speed: Some(4.1),
            avg_cadence: Some(86),
            avg_power: None,
            ascent_m: Some(120.0),
            descent_m: Some(118.0),
        },
        moving_ms: HOUR - 60_000,
        max_power: None,
        has_gps: true,
        sample_count: 3600,
        device: Some("Garmin Forerunner 935".to_owned()),
        source_format: "fit".to_owned(),
        source_name: format!("{title}.fit"),
        notes: String::new(),
    }
}

fn lap(index: u32, start_ms: i64) -> LapSummary {
    LapSummary {
        index,
        start: Timestamp::from_unix_ms(start_ms),
        metrics: Metrics {
            elapsed_ms: HOUR / 2,
            distance_m: Some(5000.0),
            calories: Some(320),
            avg_hr: Some(150),
            max_hr: Some(170),
            avg_speed: Some(2.8),
            max_speed: Some(4.0),
            avg_cadence: Some(85),
            avg_power: None,
            ascent_m: Some(60.0),
            descent_m: Some(59.0),
        },
        timer_ms: Some(HOUR / 2),
        trigger: LapTrigger::Distance,
        intensity: Intensity::Active,
        normalized_power: None,
    }
}

pub(crate) fn upload(hash: &str, workouts: Vec<WorkoutSummary>) -> NewUpload {
    NewUpload {
        content_hash: hash.to_owned(),
        equivalent_hashes: Vec::new(),
        original_gz: format!("original of {hash}").into_bytes(),
        workouts: workouts
            .into_iter()
            .map(|s| NewWorkout {
                laps: vec![
                    lap(0, s.start.unix_ms()),
                    lap(1, s.start.unix_ms() + HOUR / 2),
                ],
                recording: format!("blob of {}", s.title).into_bytes(),
                sources: Vec::new(),
                analysis: None,
                summary: s,
            })
            .collect(),
        source: None,
        gear: db::GearChoice::default(),
    }
}

fn imported(outcome: UploadOutcome) -> Vec<WorkoutId> {
    match outcome {
        UploadOutcome::Imported(ids) => ids,
        other => panic!("expected an import, got {other:?}"),
    }
}

async fn an_upload_reads_back_whole(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let s = summary("Morning run", "running", MAY_FIRST);
    let ids = imported(
        t.db.insert_upload(ada, &upload("h1", vec![s.clone()]))
            .await
            .unwrap(),
    );
    assert_eq!(ids.len(), 1);
    let back = t.db.workout(ada, ids[0]).await.unwrap().expect("stored");
    assert_eq!(back, WorkoutSummary { id: ids[0], ..s });
    let laps = t.db.workout_laps(ada, ids[0]).await.unwrap();
    assert_eq!(laps, vec![lap(0, MAY_FIRST), lap(1, MAY_FIRST + HOUR / 2)]);
    assert_eq!(
        t.db.workout_recording(ada, ids[0]).await.unwrap().unwrap(),
        b"blob of Morning run"
    );
    let original = t.db.workout_original(ada, ids[0]).await.unwrap().unwrap();
    assert_eq!(
        (original.name.as_str(), original.gz.as_slice()),
        ("Morning run.fit", &b"original of h1"[..])
    );
}

/// A file's laps are written a statement per 500: more than that (a lap every kilometre of a
/// long ultra, or every interval of a track session) read back whole, in order, with the
/// values each lap lacks still absent.
async fn many_laps_read_back_whole_and_in_order(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let mut file = upload("laps", vec![summary("Track", "running", MAY_FIRST)]);
    let laps: Vec<LapSummary> = (0..1201u32)
        .map(|i| {
            let mut l = lap(i, MAY_FIRST + i64::from(i) * 1000);
            if i % 2 == 1 {
                l.metrics.avg_hr = None;
                l.metrics.ascent_m = None;
                l.timer_ms = None;
                l.trigger = LapTrigger::Manual;
            }
            l
        })
        .collect();
    file.workouts[0].laps = laps.clone();
    let ids = imported(t.db.insert_upload(ada, &file).await.unwrap());
    assert_eq!(t.db.workout_laps(ada, ids[0]).await.unwrap(), laps);
}

async fn the_same_file_twice_is_a_duplicate_per_account(backend: Backend) {
    let t = TestDb::new(backend).await;
    let (ada, bob) = (user(&t, "ada").await, user(&t, "bob").await);
    let file = upload(
        "same",
        vec![
            summary("A", "running", MAY_FIRST),
            summary("B", "cycling", MAY_FIRST + DAY),
        ],
    );
    let ids = imported(t.db.insert_upload(ada, &file).await.unwrap());
    assert_eq!(ids.len(), 2, "both activities of the file");
    assert_eq!(
        t.db.insert_upload(ada, &file).await.unwrap(),
        UploadOutcome::Duplicate(ids[0])
    );
    // Another account uploading the same bytes gets its own copy.
    let bobs = imported(t.db.insert_upload(bob, &file).await.unwrap());
    assert!(bobs.iter().all(|id| !ids.contains(id)));
    let page =
        t.db.list_workouts(ada, &WorkoutFilter::default(), 0, 10)
            .await
            .unwrap();
    assert_eq!(page.total, 2);
}

async fn the_same_services_activity_is_a_duplicate_whatever_its_bytes(backend: Backend) {
    let t = TestDb::new(backend).await;
    let (ada, bob) = (user(&t, "ada").await, user(&t, "bob").await);
    let from_strava = |hash: &str, id: &str| NewUpload {
        source: Some(SourceRef {
            service: "Strava".to_owned(),
            id: id.to_owned(),
        }),
        // Two workouts: the reference goes with the first only, so the index holds.
        ..upload(
            hash,
            vec![
                summary("A", "running", MAY_FIRST),
                summary("B", "cycling", MAY_FIRST + DAY),
            ],
        )
    };
    let ids = imported(
        t.db.insert_upload(ada, &from_strava("h1", "7"))
            .await
            .unwrap(),
    );
    assert_eq!(
        t.db.insert_upload(ada, &from_strava("h2", "7"))
            .await
            .unwrap(),
        UploadOutcome::Duplicate(ids[0]),
        "the same activity exported again with other bytes"
    );
    imported(
        t.db.insert_upload(ada, &from_strava("h3", "8"))
            .await
            .unwrap(),
    );
    imported(
        t.db.insert_upload(bob, &from_strava("h1", "7"))
            .await
            .unwrap(),
    );
    let other_service = NewUpload {
        source: Some(SourceRef {
            service: "Polar Flow".to_owned(),
            id: "7".to_owned(),
        }),
        ..upload("h4", vec![summary("C", "running", MAY_FIRST)])
    };
    imported(t.db.insert_upload(ada, &other_service).await.unwrap());
}

async fn a_failing_upload_leaves_nothing(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let mut file = upload(
        "bad",
        vec![
            summary("A", "running", MAY_FIRST),
            summary("B", "running", MAY_FIRST + DAY),
        ],
    );
    // Two laps with one index: the second workout's insert fails inside the transaction.
    file.workouts[1].laps[1].index = 0;
    let err = t.db.insert_upload(ada, &file).await.unwrap_err();
    assert!(matches!(err, DbError::Conflict { .. }), "got {err:?}");
    let page =
        t.db.list_workouts(ada, &WorkoutFilter::default(), 0, 10)
            .await
            .unwrap();
    assert_eq!(page.total, 0, "the first workout was rolled back too");
    assert!(t.db.workout_ids(ada).await.unwrap().is_empty());
}

async fn another_accounts_workout_is_invisible(backend: Backend) {
    let t = TestDb::new(backend).await;
    let (ada, bob) = (user(&t, "ada").await, user(&t, "bob").await);
    let id = imported(
        t.db.insert_upload(ada, &upload("h", vec![summary("A", "running", MAY_FIRST)]))
            .await
            .unwrap(),
    )[0];
    assert_eq!(t.db.workout(bob, id).await.unwrap(), None);
    assert!(t.db.workout_laps(bob, id).await.unwrap().is_empty());
    assert!(t.db.workout_recording(bob, id).await.unwrap().is_none());
    assert!(t.db.workout_original(bob, id).await.unwrap().is_none());
    assert!(
        !t.db
            .update_workout(bob, id, "mine", Sport::Cycling, "")
            .await
            .unwrap()
    );
    assert!(!t.db.delete_workout(bob, id).await.unwrap());
    assert!(t.db.workout(ada, id).await.unwrap().is_some(), "untouched");
    assert!(
        t.db.workouts_on_days(bob, Date::from_days(0), Date::from_days(100_000))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn calendar_days_are_local_days(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    // 23:30 UTC on April 30th is May 1st in Berlin (+02:00): a May workout.
    let late = summary("Late", "running", MAY_FIRST - 6 * HOUR);
    let mut new_york = summary("NY", "running", MAY_FIRST + 2 * HOUR);
    // 07:30Z is 03:30 in New York (-04:00): still May 1st there.
    new_york.utc_offset_min = -240;
    t.db.insert_upload(ada, &upload("a", vec![late]))
        .await
        .unwrap();
    t.db.insert_upload(ada, &upload("b", vec![new_york]))
        .await
        .unwrap();
    let may_first = Date::new(2024, 5, 1).unwrap();
    let april =
        t.db.workouts_on_days(
            ada,
            Date::from_days(may_first.days() - 30),
            Date::from_days(may_first.days() - 1),
        )
        .await
        .unwrap();
    assert!(
        april.is_empty(),
        "nothing on April 30th local time: {april:?}"
    );
    let day =
        t.db.workouts_on_days(ada, may_first, may_first)
            .await
            .unwrap();
    let titles: Vec<&str> = day.iter().map(|w| w.title.as_str()).collect();
    assert_eq!(titles, ["Late", "NY"]);
}

async fn lists_page_and_filter(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    for i in 0..5 {
        let sport = if i % 2 == 0 { "running" } else { "cycling" };
        let s = summary(&format!("W{i}"), sport, MAY_FIRST + i * DAY);
        t.db.insert_upload(ada, &upload(&format!("h{i}"), vec![s]))
            .await
            .unwrap();
    }
    let page =
        t.db.list_workouts(ada, &WorkoutFilter::default(), 1, 2)
            .await
            .unwrap();
    let titles: Vec<&str> = page.workouts.iter().map(|w| w.title.as_str()).collect();
    assert_eq!((titles, page.total), (vec!["W3", "W2"], 5), "newest first");
    let runs = WorkoutFilter {
        sport: Some("running".to_owned()),
        ..WorkoutFilter::default()
    };
    let page = t.db.list_workouts(ada, &runs, 0, 10).await.unwrap();
    assert_eq!(page.total, 3);
    assert!(page.workouts.iter().all(|w| w.sport == Sport::Running));
    let window = WorkoutFilter {
        from_ms: Some(MAY_FIRST + DAY),
        to_ms: Some(MAY_FIRST + 3 * DAY),
        sport: None,
    };
    let page = t.db.list_workouts(ada, &window, 0, 10).await.unwrap();
    let titles: Vec<&str> = page.workouts.iter().map(|w| w.title.as_str()).collect();
    assert_eq!(titles, ["W2", "W1"], "from inclusive, to exclusive");
    // Every filter at once, and each bound alone (the statement holds only those given).
    let all = WorkoutFilter {
        from_ms: Some(MAY_FIRST + DAY),
        to_ms: Some(MAY_FIRST + 4 * DAY),
        sport: Some("running".to_owned()),
    };
    let page = t.db.list_workouts(ada, &all, 0, 10).await.unwrap();
    let titles: Vec<&str> = page.workouts.iter().map(|w| w.title.as_str()).collect();
    assert_eq!((titles, page.total), (vec!["W2"], 1));
    for (from_ms, to_ms, expected) in [
        (Some(MAY_FIRST + 3 * DAY), None, vec!["W4", "W3"]),
        (None, Some(MAY_FIRST + DAY), vec!["W0"]),
    ] {
        let only = WorkoutFilter {
            from_ms,
            to_ms,
            sport: None,
        };
        let page = t.db.list_workouts(ada, &only, 0, 10).await.unwrap();
        let titles: Vec<&str> = page.workouts.iter().map(|w| w.title.as_str()).collect();
        assert_eq!(page.total as usize, expected.len());
        assert_eq!(titles, expected);
    }
    let entries = t.db.day_entries(ada).await.unwrap();
    let seen: Vec<(i64, Sport, u64)> = entries
        .iter()
        .map(|e| (e.day.days(), e.sport, e.totals.workouts))
        .collect();
    let first = entries[0].day.days();
    assert_eq!(
        seen,
        (0..5)
            .map(|i| {
                let sport = if i % 2 == 0 {
                    Sport::Running
                } else {
                    Sport::Cycling
                };
                (first + i, sport, 1)
            })
            .collect::<Vec<_>>(),
        "every workout, by day"
    );
}

async fn overlaps_edits_and_deletes(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let a = imported(
        t.db.insert_upload(
            ada,
            &upload("a", vec![summary("Watch", "running", MAY_FIRST)]),
        )
        .await
        .unwrap(),
    )[0];
    let b = imported(
        t.db.insert_upload(
            ada,
            &upload("b", vec![summary("Strap", "running", MAY_FIRST + HOUR / 2)]),
        )
        .await
        .unwrap(),
    )[0];
    let c = imported(
        t.db.insert_upload(
            ada,
            &upload("c", vec![summary("Later", "running", MAY_FIRST + HOUR)]),
        )
        .await
        .unwrap(),
    )[0];
    let overlaps =
        t.db.overlapping_workouts(
            ada,
            Some(a),
            Timestamp::from_unix_ms(MAY_FIRST),
            Timestamp::from_unix_ms(MAY_FIRST + HOUR),
        )
        .await
        .unwrap();
    assert_eq!(
        overlaps,
        vec![(b, "Strap".to_owned())],
        "touching ends do not overlap"
    );
    assert!(
        t.db.update_workout(ada, c, "Evening ride", Sport::Cycling, "felt good")
            .await
            .unwrap()
    );
    let edited = t.db.workout(ada, c).await.unwrap().unwrap();
    assert_eq!(
        (
            edited.title.as_str(),
            edited.sport.name().as_str(),
            edited.notes.as_str()
        ),
        ("Evening ride", "cycling", "felt good")
    );
    assert!(t.db.delete_workout(ada, b).await.unwrap());
    assert!(t.db.workout(ada, b).await.unwrap().is_none());
    assert!(t.db.workout_recording(ada, b).await.unwrap().is_none());
    assert!(t.db.workout_laps(ada, b).await.unwrap().is_empty());
    assert_eq!(t.db.workout_ids(ada).await.unwrap(), vec![a, c]);
}

async fn preferences_default_then_round_trip(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    assert_eq!(t.db.preferences(ada).await.unwrap(), Preferences::default());
    let p = Preferences {
        units: Units::Imperial,
        time_zone: "America/New_York".to_owned(),
        first_day_of_week: 6,
        max_hr: 185,
        resting_hr: 48,
        hr_zones: domain::HrZones::new([110, 130, 145, 160, 172], 185).unwrap(),
        ftp_w: Some(265),
        trimp: domain::TrimpModel::Women,
        language: Some(domain::Language::Fr),
    };
    t.db.set_preferences(ada, &p).await.unwrap();
    t.db.set_preferences(ada, &p).await.unwrap();
    assert_eq!(t.db.preferences(ada).await.unwrap(), p);
}

/// Every change to an account's workouts or their analyses raises its revision (the kept
/// analyses of the records pages depend on it), and only its own.
async fn the_revision_rises_with_every_change_and_only_the_accounts_own(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let bob = user(&t, "bob").await;
    let mut seen = t.db.account_revision(ada).await.unwrap();
    assert_eq!(seen, 0, "no workouts yet");
    fn rises(seen: &mut i64, now: i64, what: &str) {
        assert!(now > *seen, "{what}: {now} after {seen}");
        *seen = now;
    }
    let w = imported(
        t.db.insert_upload(
            ada,
            &upload("a", vec![summary("Run", "running", MAY_FIRST)]),
        )
        .await
        .unwrap(),
    )[0];
    rises(
        &mut seen,
        t.db.account_revision(ada).await.unwrap(),
        "an import",
    );
    assert!(
        t.db.update_workout(ada, w, "Renamed", Sport::Running, "")
            .await
            .unwrap()
    );
    rises(
        &mut seen,
        t.db.account_revision(ada).await.unwrap(),
        "a rename",
    );
    let analysis = db::StoredAnalysis {
        version: 1,
        indoor: false,
        dropped_samples: 0,
        data: vec![1, 2, 3],
    };
    assert!(t.db.store_analysis(ada, w, &analysis).await.unwrap());
    rises(
        &mut seen,
        t.db.account_revision(ada).await.unwrap(),
        "an analysis",
    );
    assert!(t.db.store_analysis(ada, w, &analysis).await.unwrap());
    rises(
        &mut seen,
        t.db.account_revision(ada).await.unwrap(),
        "an analysis replaced",
    );
    // Another account's writes and refused writes leave it alone.
    assert!(!t.db.store_analysis(bob, w, &analysis).await.unwrap());
    assert!(!t.db.delete_workout(bob, w).await.unwrap());
    assert_eq!(t.db.account_revision(ada).await.unwrap(), seen);
    assert_eq!(t.db.account_revision(bob).await.unwrap(), 0);
    assert!(t.db.delete_workout(ada, w).await.unwrap());
    rises(
        &mut seen,
        t.db.account_revision(ada).await.unwrap(),
        "a delete",
    );
}

db::on_both_backends!(
    the_revision_rises_with_every_change_and_only_the_accounts_own,
    an_upload_reads_back_whole,
    many_laps_read_back_whole_and_in_order,
    the_same_file_twice_is_a_duplicate_per_account,
    the_same_services_activity_is_a_duplicate_whatever_its_bytes,
    a_failing_upload_leaves_nothing,
    another_accounts_workout_is_invisible,
    calendar_days_are_local_days,
    lists_page_and_filter,
    overlaps_edits_and_deletes,
    preferences_default_then_round_trip,
);

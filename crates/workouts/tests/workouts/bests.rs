//! Records, curves and fitness through the service: computed at import and stored with the
//! workout, right after deletes and sport edits (the next best is promoted, nothing stale), the
//! backfill for workouts stored without an analysis, and the fitness model following the
//! athlete's settings. Recordings are made here with known speeds, so the expected records are
//! worked out by hand; the corpus's pyfitness rides check power against their labels.

use db::Backend;
use domain::{Date, EffortKind, LoadBasis, Preferences, Record, Sport, Timestamp, UserId};
use formats::{Recording, Samples};
use workouts::{Item, Outcome, Span, Workouts};

use super::{corpus, imported, other_user, setup};

/// 2024-05-01T08:00:00Z.
const MAY_1: i64 = 1_714_550_400_000;
const DAY_MS: i64 = 86_400_000;

/// A run of `seconds` at a steady `speed` (m/s), 1 Hz, with heart rate `hr`, starting
/// `day` days after May 1st, due north from Berlin; `indoor` makes it a treadmill run (FIT
/// sub-sport 1, no positions).
fn run(day: i64, seconds: usize, speed: f64, hr: f32, indoor: bool) -> Recording {
    let start = Timestamp::from_unix_ms(MAY_1 + day * DAY_MS);
    let time = (0..=seconds)
        .map(|s| start.add_ms(s as i64 * 1000))
        .collect();
    Recording {
        sport: Sport::Running,
        sub_sport: indoor.then_some(1),
        start,
        utc_offset_minutes: Some(0),
        samples: Samples {
            time,
            distance: Some((0..=seconds).map(|s| s as f64 * speed).collect()),
            latitude: (!indoor).then(|| {
                (0..=seconds)
                    .map(|s| 52.5 + s as f64 * speed / 111_195.0)
                    .collect()
            }),
            longitude: (!indoor).then(|| vec![13.4; seconds + 1]),
            heart_rate: Some(vec![hr; seconds + 1]),
            ..Samples::default()
        },
        ..Recording::default()
    }
}

/// A ride of `seconds` at `watts`, 1 Hz, with heart rate 140.
fn ride(day: i64, seconds: usize, watts: f32) -> Recording {
    let mut r = run(day, seconds, 8.0, 140.0, false);
    r.sport = Sport::Cycling;
    r.samples.power = Some(vec![watts; seconds + 1]);
    r
}

async fn import(service: &Workouts, user: UserId, name: &str, r: Recording) -> domain::WorkoutId {
    let item = Item::recording(
        name.to_owned(),
        r,
        format!("original of {name}").into_bytes(),
    );
    imported(&service.import_item(user, item).await.unwrap().outcome)
}

fn find(records: &[Record], sport: Sport, kind: EffortKind, target: u32) -> Option<&Record> {
    records
        .iter()
        .find(|r| r.sport == sport && r.kind == kind && r.target == target)
}

async fn records_follow_imports_deletes_and_sport_edits(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    // 4:00 per km, 5:00 per km, and a treadmill run at 3:20 per km.
    let fast = import(
        &service,
        user,
        "fast",
        run(0, 1500, 1000.0 / 240.0, 160.0, false),
    )
    .await;
    let slow = import(
        &service,
        user,
        "slow",
        run(1, 1800, 1000.0 / 300.0, 150.0, false),
    )
    .await;
    let _treadmill = import(&service, user, "mill", run(2, 1200, 5.0, 170.0, true)).await;

    let all = service.records(user, &Span::default()).await.unwrap();
    assert_eq!(all.pending, 0, "analysed at import");
    let km = find(&all.records, Sport::Running, EffortKind::Distance, 1000).unwrap();
    assert_eq!(km.workout_id, fast);
    assert!((km.value - 240.0).abs() < 0.01, "{}", km.value);
    assert!(!km.indoor, "the treadmill's 3:20 is left out by default");
    let five = find(&all.records, Sport::Running, EffortKind::Distance, 5000).unwrap();
    assert!((five.value - 1200.0).abs() < 0.01 && five.workout_id == fast);
    assert!(
        find(&all.records, Sport::Running, EffortKind::Distance, 10_000).is_none(),
        "nobody ran 10 km"
    );
    let longest = find(&all.records, Sport::Running, EffortKind::Longest, 0).unwrap();
    // 1800 s at 3.33 m/s is 6 km; 1500 s at 4.17 m/s is 6.25 km.
    assert_eq!(longest.workout_id, fast, "{}", longest.value);
    assert!((longest.value - 6250.0).abs() < 0.5);
    // Heart rate counts indoors: the treadmill's 170 bpm is the 5-minute best.
    let hr = find(&all.records, Sport::Running, EffortKind::Hr, 300).unwrap();
    assert!((hr.value - 170.0).abs() < 0.01 && hr.indoor);

    let with_indoor = Span {
        include_indoor: true,
        ..Span::default()
    };
    let indoor = service.records(user, &with_indoor).await.unwrap();
    let km = find(&indoor.records, Sport::Running, EffortKind::Distance, 1000).unwrap();
    assert!(km.indoor && (km.value - 200.0).abs() < 0.01);

    // The record's workout deleted: the next best is the record at once.
    service.delete(user, fast).await.unwrap();
    let after = service.records(user, &Span::default()).await.unwrap();
    let km = find(&after.records, Sport::Running, EffortKind::Distance, 1000).unwrap();
    assert_eq!(km.workout_id, slow);
    assert!((km.value - 300.0).abs() < 0.01);

    // A run that was a ride: its efforts move to cycling.
    let summary = service.summary(user, slow).await.unwrap();
    service
        .update(user, slow, &summary.title, Sport::Cycling, "")
        .await
        .unwrap();
    let moved = service.records(user, &Span::default()).await.unwrap();
    assert!(find(&moved.records, Sport::Running, EffortKind::Distance, 1000).is_none());
    assert_eq!(
        find(&moved.records, Sport::Cycling, EffortKind::Distance, 1000).map(|r| r.workout_id),
        Some(slow)
    );

    // A second instance on the same database (as behind a load balancer) with its own kept
    // analyses: a rename made through either is seen by both at once.
    let other = Workouts::new(t.db.clone());
    let seen = other.records(user, &Span::default()).await.unwrap();
    assert_eq!(seen.records, moved.records);
    other
        .update(user, slow, "Renamed", Sport::Cycling, "")
        .await
        .unwrap();
    for instance in [&service, &other] {
        let renamed = instance.records(user, &Span::default()).await.unwrap();
        let km = find(&renamed.records, Sport::Cycling, EffortKind::Distance, 1000).unwrap();
        assert_eq!(km.title, "Renamed");
    }

    // A year's records hold that year's workouts only; another athlete sees none of them.
    let span_2023 = Span {
        from: Date::new(2023, 1, 1),
        to: Date::new(2023, 12, 31),
        ..Span::default()
    };
    assert!(
        service
            .records(user, &span_2023)
            .await
            .unwrap()
            .records
            .is_empty()
    );
    let eve = other_user(&t, "eve").await;
    assert!(
        service
            .records(eve, &Span::default())
            .await
            .unwrap()
            .records
            .is_empty()
    );
    assert!(matches!(
        service.workout_curve(eve, slow, EffortKind::Hr).await,
        Err(workouts::WorkoutsError::NotFound)
    ));
}

async fn power_records_match_the_pyfitness_labels(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let dir = super::corpus_dir().join("fit");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("pyfitness__") && n.contains("_power5_"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "the corpus's pyfitness rides: {names:?}");
    // Three of them through the store (the crate's own tests check every one).
    for name in names.iter().take(3) {
        let label: f64 = name
            .rsplit("_power5_")
            .next()
            .and_then(|n| n.strip_suffix(".fit"))
            .and_then(|n| n.parse().ok())
            .unwrap();
        let results = service
            .import(user, vec![corpus(&format!("fit/{name}"))])
            .await
            .unwrap();
        let id = match &results[0].outcome {
            Outcome::Imported { workout_id, .. } => *workout_id,
            other => panic!("{name}: {other:?}"),
        };
        // The stored best 5 minutes, as the label has it (the floor of the best 300 s mean).
        let stored = service.workout_analysis(user, id).await.unwrap();
        let five = stored
            .power_curve
            .iter()
            .find(|p| p.duration_s == 300)
            .unwrap();
        assert_eq!(five.value.floor(), label, "{name}");
        // The workout's curve as shown never rises with duration.
        let curve = service
            .workout_curve(user, id, EffortKind::Power)
            .await
            .unwrap();
        for pair in curve.points.windows(2) {
            assert!(pair[1].value <= pair[0].value + 1e-6, "{name}: {pair:?}");
        }
    }
    // The athlete's curve is the best of them at each duration, naming where it comes from.
    let curve = service
        .curve(user, EffortKind::Power, &Span::default())
        .await
        .unwrap();
    let five = curve.points.iter().find(|p| p.duration_s == 300).unwrap();
    let records = service.records(user, &Span::default()).await.unwrap();
    let record = records
        .records
        .iter()
        .find(|r| r.kind == EffortKind::Power && r.target == 300)
        .unwrap();
    assert_eq!(
        (five.value, five.workout_id),
        (record.value, record.workout_id)
    );
}

async fn the_backfill_analyses_workouts_stored_without_one(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    // Stored as a Laps before records would have stored it: no analysis.
    let r = run(0, 1300, 4.0, 150.0, false);
    let time = workouts::summary::LocalTime {
        utc_offset_min: 0,
        time_zone: None,
    };
    let summary = workouts::summary::summarise(&r, &time, "old.fit");
    let upload = db::NewUpload {
        content_hash: "old".to_owned(),
        equivalent_hashes: Vec::new(),
        original_gz: Vec::new(),
        workouts: vec![db::NewWorkout {
            summary,
            laps: Vec::new(),
            recording: formats::store::encode(&r),
            sources: Vec::new(),
            analysis: None,
        }],
        source: None,
        gear: db::GearChoice::Nothing,
    };
    t.db.insert_upload(user, &upload).await.unwrap();
    let before = service.records(user, &Span::default()).await.unwrap();
    assert_eq!((before.pending, before.records.len()), (1, 0));

    assert_eq!(service.backfill_analyses().await.unwrap(), 1);
    let after = service.records(user, &Span::default()).await.unwrap();
    assert_eq!(after.pending, 0);
    let km = find(&after.records, Sport::Running, EffortKind::Distance, 1000).unwrap();
    assert!((km.value - 250.0).abs() < 0.01, "{}", km.value);
    assert_eq!(
        service.backfill_analyses().await.unwrap(),
        0,
        "nothing left"
    );
}

async fn fitness_follows_the_loads_and_the_settings(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let eve = other_user(&t, "eve").await;
    // The same five workouts, imported in order by one athlete and backwards by another (an
    // import of old data after new): the same fitness.
    let workouts: Vec<(String, Recording)> = (0..5)
        .map(|i| {
            (
                format!("w{i}"),
                run(i * 3, 2400, 3.5, 150.0 + i as f32 * 5.0, false),
            )
        })
        .collect();
    for (name, r) in &workouts {
        import(&service, user, name, r.clone()).await;
    }
    for (name, r) in workouts.iter().rev() {
        import(&service, eve, name, r.clone()).await;
    }
    let from = Date::new(2024, 5, 1).unwrap();
    let to = Date::new(2024, 6, 30).unwrap();
    let ada = service.fitness(user, from, to).await.unwrap();
    let other = service.fitness(eve, from, to).await.unwrap();
    assert_eq!(ada, other, "the order of imports does not matter");
    assert_eq!(ada.days.len(), 61, "every day of the span");
    assert_eq!(ada.days[0].date, from);
    let loaded: Vec<_> = ada.days.iter().filter(|d| d.load > 0.0).collect();
    assert_eq!(loaded.len(), 5, "one workout every third day");
    assert!(ada.days[12].fitness > ada.days[0].fitness, "fitness builds");
    let last = ada.days.last().unwrap();
    assert!(
        last.fatigue < last.fitness,
        "a month of rest: fatigue falls faster"
    );
    assert!((last.form - (last.fitness - last.fatigue)).abs() < 1e-9);

    // Heart-rate load until an FTP is set; then a ride's load comes from power.
    let ride_id = import(&service, user, "ride", ride(20, 3600, 200.0)).await;
    let load = service.workout_load(user, ride_id).await.unwrap().unwrap();
    assert_eq!(load.basis, LoadBasis::Hr);
    let p = Preferences {
        ftp_w: Some(250),
        ..t.db.preferences(user).await.unwrap()
    };
    t.db.set_preferences(user, &p).await.unwrap();
    let load = service.workout_load(user, ride_id).await.unwrap().unwrap();
    assert_eq!(load.basis, LoadBasis::Power);
    // An hour at 80% of FTP: IF 0.8, training stress 64.
    assert!((load.intensity.unwrap() - 0.8).abs() < 0.01, "{load:?}");
    assert!((load.load - 64.0).abs() < 1.0, "{load:?}");
}

/// A small deterministic generator (xorshift), so a failing sequence can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A run of a few stretches at different speeds (some with a pause, some with a GPS spike).
fn varied(rng: &mut Rng, day: i64) -> Recording {
    let start = Timestamp::from_unix_ms(MAY_1 + day * DAY_MS);
    let (mut time, mut distance, mut latitude) = (Vec::new(), Vec::new(), Vec::new());
    let (mut t, mut d) = (0i64, 0.0f64);
    for _ in 0..(2 + rng.below(4)) {
        let speed = 2.5 + rng.below(300) as f64 / 100.0;
        for _ in 0..(120 + rng.below(900)) {
            t += 1;
            d += speed;
            time.push(start.add_ms(t * 1000));
            distance.push(d);
            latitude.push(52.5 + d / 111_195.0);
        }
        if rng.below(3) == 0 {
            t += 60 + rng.below(300) as i64;
        }
    }
    if rng.below(4) == 0 {
        // One sample 2 km ahead: a GPS spike, not a record.
        let k = distance.len() / 2;
        distance[k] += 2000.0;
    }
    let n = time.len();
    Recording {
        sport: Sport::Running,
        start,
        utc_offset_minutes: Some(0),
        samples: Samples {
            time,
            distance: Some(distance),
            latitude: Some(latitude),
            longitude: Some(vec![13.4; n]),
            heart_rate: Some((0..n).map(|i| 120.0 + (i % 60) as f32).collect()),
            ..Samples::default()
        },
        ..Recording::default()
    }
}

/// Records after any sequence of imports, sport edits and deletes equal the records worked
/// out afresh from the workouts left (each analysed again from its stored recording with its
/// sport now): nothing stale, nothing lost. And they keep their order: a longer distance never takes
/// less time, the longest distance covers every distance with a record.
async fn records_stay_right_under_random_imports_edits_and_deletes(backend: Backend) {
    let (t, service, _) = setup(backend).await;
    let sports = [Sport::Running, Sport::Walking, Sport::Cycling];
    for seed in [7u64, 1_234_567, 99_991] {
        // An athlete of its own per sequence.
        let user = other_user(&t, &format!("seed{seed}")).await;
        let mut rng = Rng(seed);
        let mut live: Vec<(domain::WorkoutId, Recording, Sport)> = Vec::new();
        for step in 0..24 {
            match rng.below(6) {
                0 if !live.is_empty() => {
                    let (id, ..) = live.remove(rng.below(live.len() as u64) as usize);
                    service.delete(user, id).await.unwrap();
                }
                1 if !live.is_empty() => {
                    let k = rng.below(live.len() as u64) as usize;
                    let sport = sports[rng.below(3) as usize];
                    let title = service.summary(user, live[k].0).await.unwrap().title;
                    service
                        .update(user, live[k].0, &title, sport, "")
                        .await
                        .unwrap();
                    live[k].2 = sport;
                }
                _ => {
                    let day = rng.below(700) as i64;
                    let r = varied(&mut rng, day);
                    let name = format!("{seed}-{step}");
                    let id = import(&service, user, &name, r.clone()).await;
                    live.push((id, r, Sport::Running));
                }
            }
            let all = Span {
                include_indoor: true,
                ..Span::default()
            };
            let got = service.records(user, &all).await.unwrap().records;
            let mut afresh = Vec::new();
            for (id, _, sport) in &live {
                let summary = service.summary(user, *id).await.unwrap();
                // The recording as stored (the import sanitizes what it is given).
                let r = service.recording(user, *id).await.unwrap();
                afresh.push(workouts::bests::Analysed {
                    id: *id,
                    day: summary.local_date(),
                    title: summary.title,
                    sport: *sport,
                    start: summary.start,
                    analysis: training::analyse(&r, *sport),
                });
            }
            afresh.sort_by_key(|w| (w.start, w.id));
            let want = workouts::bests::records::records(&afresh, true);
            assert_eq!(got.len(), want.len(), "seed {seed} step {step}");
            for (g, w) in got.iter().zip(&want) {
                // Stored as f32: the same record, to f32's precision.
                assert_eq!(
                    (g.sport, g.kind, g.target, g.workout_id),
                    (w.sport, w.kind, w.target, w.workout_id),
                    "seed {seed} step {step}"
                );
                assert!(
                    (g.value - w.value).abs() <= w.value.abs() * 1e-6 + 1e-3,
                    "{g:?} vs {w:?}"
                );
            }
            for sport in sports {
                let times: Vec<&Record> = got
                    .iter()
                    .filter(|r| r.sport == sport && r.kind == EffortKind::Distance)
                    .collect();
                for pair in times.windows(2) {
                    assert!(
                        pair[0].target < pair[1].target && pair[0].value <= pair[1].value,
                        "{pair:?}"
                    );
                }
                if let (Some(longest), Some(last)) =
                    (find(&got, sport, EffortKind::Longest, 0), times.last())
                {
                    assert!(
                        longest.value + 0.5 >= f64::from(last.target),
                        "{longest:?} {last:?}"
                    );
                }
            }
        }
    }
}

/// The curves page's lines (spans, then the workout) on a log-scaled axis, drawn with a
/// legend; the fitness chart's lines over a bar per day.
async fn curves_and_fitness_are_drawn(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let hard = import(&service, user, "hard", ride(0, 1800, 300.0)).await;
    import(&service, user, "easy", ride(5, 3600, 180.0)).await;
    let today = Date::new(2024, 6, 30).unwrap();
    let lines = service
        .curve_lines(
            user,
            EffortKind::Power,
            Some(Sport::Cycling),
            Some(hard),
            today,
        )
        .await
        .unwrap();
    let labels: Vec<&str> = lines.lines.iter().map(|l| l.label.as_str()).collect();
    let title = service.summary(user, hard).await.unwrap().title;
    assert_eq!(
        labels,
        ["All time", "This year", "Last 90 days", title.as_str()]
    );
    // Log-scaled: x is log10 of the duration; the 20-minute best is the hard ride's 300 W.
    let all_time = &lines.lines[0].points;
    let twenty = all_time
        .iter()
        .find(|p| (p.0 - 1200f64.log10()).abs() < 1e-9)
        .unwrap();
    assert!((twenty.1 - 300.0).abs() < 0.01, "{twenty:?}");
    let hour = all_time
        .iter()
        .find(|p| (p.0 - 3600f64.log10()).abs() < 1e-9)
        .unwrap();
    assert!(
        (hour.1 - 180.0).abs() < 0.01,
        "only the easy ride lasted an hour: {hour:?}"
    );
    let svg = lines.svg(domain::Language::En).unwrap();
    assert!(svg.starts_with("<svg ") && svg.contains("role=\"img\"") && svg.contains("All time"));
    let chart = lines.chart().unwrap();
    assert_eq!(chart.points.len(), all_time.len());

    let from = Date::new(2024, 5, 1).unwrap();
    let (fitness, lines) = service.fitness_lines(user, from, today).await.unwrap();
    assert_eq!(lines.bars.len(), fitness.days.len());
    assert_eq!(lines.lines.len(), 3);
    assert!(lines.svg(domain::Language::En).unwrap().contains("Fatigue"));
}

db::on_both_backends!(
    curves_and_fitness_are_drawn,
    records_stay_right_under_random_imports_edits_and_deletes,
    records_follow_imports_deletes_and_sport_edits,
    power_records_match_the_pyfitness_labels,
    the_backfill_analyses_workouts_stored_without_one,
    fitness_follows_the_loads_and_the_settings,
);

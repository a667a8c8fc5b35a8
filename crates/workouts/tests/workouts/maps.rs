//! The maps through the service: a workout's track for its page, and the map of all routes
//! (only the athlete's own workouts with positions, newest first, filtered by sport and days,
//! within its bounds, outlines kept once worked out, deletes followed at once).

use db::{Backend, RouteFilter};
use domain::{Date, Sport, Timestamp, UserId, XAxis, decode_polyline};
use formats::{Recording, Samples};
use workouts::{Item, Limits, Workouts, maps::OUTLINE_VERSION, route};

use super::{RUN, corpus, imported, other_user, setup};

/// 2024-05-01T08:00:00Z.
const MAY_1: i64 = 1_714_550_400_000;
const DAY_MS: i64 = 86_400_000;

/// A run of `seconds` at 1 Hz and 3 m/s, `day` days after May 1st 2024, from `(lat, lon)`
/// north-east in a zigzag (a corner every 20 s); `gps` false makes it a treadmill run.
fn run(day: i64, seconds: usize, (lat, lon): (f64, f64), gps: bool) -> Recording {
    let start = Timestamp::from_unix_ms(MAY_1 + day * DAY_MS);
    let time = (0..=seconds)
        .map(|s| start.add_ms(s as i64 * 1000))
        .collect();
    let step = 3.0 / 111_195.0;
    Recording {
        sport: Sport::Running,
        sub_sport: (!gps).then_some(1),
        start,
        utc_offset_minutes: Some(0),
        samples: Samples {
            time,
            distance: Some((0..=seconds).map(|s| s as f64 * 3.0).collect()),
            latitude: gps.then(|| (0..=seconds).map(|s| lat + s as f64 * step).collect()),
            longitude: gps.then(|| {
                (0..=seconds)
                    .map(|s| lon + if (s / 20) % 2 == 0 { 0.0 } else { 0.0005 })
                    .collect()
            }),
            heart_rate: Some(vec![150.0; seconds + 1]),
            ..Samples::default()
        },
        ..Recording::default()
    }
}

async fn import(service: &Workouts, user: UserId, name: &str, r: Recording) -> domain::WorkoutId {
    let item = Item::recording(
        name.to_owned(),
        r,
        format!("original of {name}").into_bytes(),
    );
    imported(&service.import_item(user, item).await.unwrap().outcome)
}

const BERLIN: (f64, f64) = (52.5, 13.4);
const SYDNEY: (f64, f64) = (-33.87, 151.21);

async fn the_map_holds_the_athletes_own_routes_newest_first(backend: Backend) {
    let (t, service, ada) = setup(backend).await;
    let old = imported(&service.import(ada, vec![corpus(RUN)]).await.unwrap()[0].outcome);
    let morning = import(&service, ada, "morning", run(0, 1800, BERLIN, true)).await;
    let mut ride = run(2, 3600, BERLIN, true);
    ride.sport = Sport::Cycling;
    let ride = import(&service, ada, "ride", ride).await;
    let _treadmill = import(&service, ada, "treadmill", run(3, 1200, BERLIN, false)).await;
    let bob = other_user(&t, "bob").await;
    let bobs = import(&service, bob, "bob's", run(1, 600, SYDNEY, true)).await;

    let map = service
        .map_routes(ada, RouteFilter::default())
        .await
        .unwrap();
    let ids: Vec<_> = map.routes.iter().map(|r| r.workout_id).collect();
    assert_eq!(
        ids,
        [ride, morning, old],
        "newest first, the treadmill without a route left out"
    );
    assert_eq!(map.matching, 3);
    assert_eq!(
        (map.max_routes, map.max_points),
        (500, route::MAX_OUTLINE_POINTS as u32)
    );
    for r in &map.routes {
        let points = decode_polyline(&r.polyline).expect("a polyline");
        assert!(
            (2..=route::MAX_OUTLINE_POINTS).contains(&points.len()),
            "{}: {} points",
            r.workout_id,
            points.len()
        );
        assert!(
            points.iter().all(|p| p.0 > 0.0),
            "none of bob's Sydney routes"
        );
    }
    let morning_line = decode_polyline(&map.routes[1].polyline).unwrap();
    assert_eq!(morning_line[0], BERLIN, "starts where the run started");
    assert!(
        morning_line.len() > 50,
        "a zigzag keeps its corners: {}",
        morning_line.len()
    );
    assert_eq!(map.routes[0].sport, Sport::Cycling);
    assert_eq!(map.routes[0].day, Date::new(2024, 5, 3).unwrap());

    // Outlines are kept once worked out.
    let (rows, _) =
        t.db.route_outlines(ada, RouteFilter::default(), OUTLINE_VERSION, 10)
            .await
            .unwrap();
    assert!(rows.iter().all(|r| r.outline.is_some()), "{rows:?}");
    assert_eq!(
        service
            .map_routes(ada, RouteFilter::default())
            .await
            .unwrap(),
        map,
        "the same map from the kept outlines"
    );

    // Filters: a sport, a span of days.
    let rides = RouteFilter {
        sport: Some(Sport::Cycling),
        ..RouteFilter::default()
    };
    let only_ride = service.map_routes(ada, rides).await.unwrap();
    assert_eq!(only_ride.routes.len(), 1);
    assert_eq!(
        (only_ride.routes[0].workout_id, only_ride.matching),
        (ride, 1)
    );
    let year_2013 = RouteFilter {
        from: Date::new(2013, 1, 1),
        to: Date::new(2013, 12, 31),
        ..RouteFilter::default()
    };
    let in_2013 = service.map_routes(ada, year_2013).await.unwrap();
    assert_eq!(
        in_2013
            .routes
            .iter()
            .map(|r| r.workout_id)
            .collect::<Vec<_>>(),
        [old]
    );

    // Bob sees his own route only, and Ada's outlines were never his.
    let bobs_map = service
        .map_routes(bob, RouteFilter::default())
        .await
        .unwrap();
    assert_eq!(
        bobs_map
            .routes
            .iter()
            .map(|r| r.workout_id)
            .collect::<Vec<_>>(),
        [bobs]
    );
    assert_eq!(bobs_map.matching, 1);
    assert!(
        !t.db
            .store_route_outline(bob, morning, OUTLINE_VERSION, "??")
            .await
            .unwrap(),
        "an outline is never stored for another account's workout"
    );

    // A deleted workout leaves the map at once.
    service.delete(ada, morning).await.unwrap();
    let after = service
        .map_routes(ada, RouteFilter::default())
        .await
        .unwrap();
    assert_eq!(
        after
            .routes
            .iter()
            .map(|r| r.workout_id)
            .collect::<Vec<_>>(),
        [ride, old]
    );
}

async fn the_map_and_the_track_stay_within_their_bounds(backend: Backend) {
    let (t, _, ada) = setup(backend).await;
    let limits = Limits {
        max_map_routes: 3,
        ..Limits::default()
    };
    let service = Workouts::with_limits(t.db.clone(), limits);
    let mut ids = Vec::new();
    for day in 0..5 {
        ids.push(
            import(
                &service,
                ada,
                &format!("run {day}"),
                run(day, 120, BERLIN, true),
            )
            .await,
        );
    }
    // Five hours of zigzag: a corner every 20 s, 900 of them.
    let long = import(&service, ada, "long", run(10, 18_000, BERLIN, true)).await;

    let map = service
        .map_routes(ada, RouteFilter::default())
        .await
        .unwrap();
    let shown: Vec<_> = map.routes.iter().map(|r| r.workout_id).collect();
    assert_eq!(shown, [long, ids[4], ids[3]], "the newest three");
    assert_eq!((map.matching, map.max_routes), (6, 3));
    let outline = decode_polyline(&map.routes[0].polyline).unwrap();
    assert_eq!(outline.len(), route::MAX_OUTLINE_POINTS);

    // The page's track: bounded, in time order, with chart positions when charts go by
    // distance.
    let detail = service
        .detail(ada, long, XAxis::Distance, domain::Language::En)
        .await
        .unwrap();
    let track = detail.route.expect("a track");
    assert_eq!(track.len(), route::MAX_TRACK_POINTS);
    assert_eq!((track.t[0], *track.t.last().unwrap()), (0, 18_000));
    assert!(track.t.windows(2).all(|w| w[0] < w[1]), "in time order");
    let x = track.x.expect("chart positions in km");
    assert!(
        (x.last().unwrap() - 54.0).abs() < 0.01,
        "{}",
        x.last().unwrap()
    );
    assert_eq!((track.lat[0], track.lon[0]), BERLIN);
    let by_time = service
        .detail(ada, long, XAxis::Time, domain::Language::En)
        .await
        .unwrap();
    assert_eq!(by_time.route.unwrap().x, None, "time is the x axis");

    // A treadmill run has no track.
    let mill = import(&service, ada, "mill", run(20, 600, BERLIN, false)).await;
    assert_eq!(
        service
            .detail(ada, mill, XAxis::Time, domain::Language::En)
            .await
            .unwrap()
            .route,
        None
    );
}

db::on_both_backends!(
    the_map_holds_the_athletes_own_routes_newest_first,
    the_map_and_the_track_stay_within_their_bounds,
);

//! The calendar finds the log: a month without workouts says so and links to the nearest
//! ones, the picker reaches any month, and a year shows as twelve small months.

use db::Backend;

use crate::workouts::{id_of, ids_on_day, signed_in, track_at};

/// 2013-04-10 12:00 UTC and 2016-07-05 12:00 UTC (the user's zone is UTC; the tracks are in
/// London, an hour ahead in summer: still the same days).
const APRIL_2013: i64 = 1_365_595_200;
const JULY_2016: i64 = 1_467_720_000;

async fn the_calendar_finds_the_log_from_any_month_and_year(backend: Backend) {
    let app = signed_in(backend).await;
    // Without Leptos' hydration markers (`<!>` between a message and the text after it).
    let page = |path: &'static str| {
        let app = &app;
        async move {
            let html = app.get_page(path).await.text().await.unwrap();
            html.replace("<!>", "")
        }
    };
    let empty = page("/calendar").await;
    assert!(empty.contains("Your training log is empty."), "a new log");

    let old = id_of(
        &app.upload_ok(&[("a.gpx".to_owned(), track_at(51.5, -0.12, APRIL_2013))])
            .await[0],
    );
    let new = id_of(
        &app.upload_ok(&[("b.gpx".to_owned(), track_at(51.5, -0.12, JULY_2016))])
            .await[0],
    );

    // This month (2026 or later) has none: it says so, and where the latest are.
    let now = page("/calendar").await;
    assert!(
        !now.contains("Your training log is empty."),
        "the log is not empty"
    );
    assert!(now.contains("No workouts in "), "{now}");
    assert!(
        now.contains("Earlier: <a href=\"/calendar/2016/07\""),
        "{now}"
    );
    assert!(!now.contains("Later: "), "nothing after this month");

    // Between the two: both ways, and no separate "latest" when "later" is that month.
    let between = page("/calendar/2015/01").await;
    assert!(between.contains("No workouts in January 2015."));
    assert!(
        between.contains("Earlier: <a href=\"/calendar/2013/04\""),
        "{between}"
    );
    assert!(
        between.contains("Later: <a href=\"/calendar/2016/07\""),
        "{between}"
    );
    assert!(!between.contains("Latest workouts: "));
    // Before the first: the later one, and the latest.
    let before = page("/calendar/2012/06").await;
    assert!(before.contains("Later: <a href=\"/calendar/2013/04\""));
    assert!(before.contains("Latest workouts: <a href=\"/calendar/2016/07\""));

    // The picker's form reaches a month by its query, and offers the log's years.
    let picked = page("/calendar?year=2013&month=4").await;
    assert_eq!(ids_on_day(&picked, "2013-04-10"), [old]);
    assert!(picked.contains("<form method=\"get\" action=\"/calendar\" class=\"month-picker\">"));
    assert!(picked.contains("<option value=\"4\" selected>April</option>"));
    assert!(picked.contains("<option value=\"2013\" selected>2013</option>"));
    for year in [2013, 2016, 2026] {
        assert!(
            picked.contains(&format!("<option value=\"{year}\"")),
            "{year}"
        );
    }
    assert!(
        !picked.contains("<option value=\"2012\""),
        "no year before the log"
    );
    assert!(!picked.contains("No workouts in"), "April 2013 has one");
    let july = page("/calendar/2016/07").await;
    assert_eq!(ids_on_day(&july, "2016-07-05"), [new]);
    assert!(
        july.contains("<a href=\"/calendar/2016\""),
        "the title's year leads to the year"
    );

    // The year: twelve months, the day with a workout shaded and linked into its month.
    let year = page("/calendar/2013").await;
    assert_eq!(year.matches("<section class=\"mini-month\">").count(), 12);
    assert_eq!(year.matches("data-date=\"2013-").count(), 365);
    let day = year.find("data-date=\"2013-04-10\"").unwrap();
    let cell = &year[year[..day].rfind("<td").unwrap()..day + 200];
    assert!(cell.starts_with("<td class=\"heat-1\""), "{cell}");
    assert!(
        cell.contains("<a href=\"/calendar/2013/04\" title=\"2013-04-10: 1 workout, 9:50"),
        "{cell}"
    );
    assert_eq!(year.matches("<td class=\"heat-0").count(), 364);
    let quiet = page("/calendar/2014").await;
    assert!(quiet.contains("No workouts in 2014."));
    assert!(quiet.contains("Earlier: <a href=\"/calendar/2013/04\""));
    assert!(quiet.contains("Later: <a href=\"/calendar/2016/07\""));
    let out_of_range = page("/calendar/30000").await;
    assert!(
        out_of_range.contains("30000 is out of range"),
        "{out_of_range}"
    );
}

db::on_both_backends!(the_calendar_finds_the_log_from_any_month_and_year);

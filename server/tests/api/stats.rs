//! Statistics over the JSON API and on the pages: the answer's shape and sums for an uploaded
//! run, the 400 that names each malformed parameter, another user's workouts never counted,
//! the OpenAPI description, and the `/stats` and home pages as a browser without script gets
//! them.

use auth::TokenScope;
use db::Backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::workouts::corpus_dir;

const PASSWORD: &str = "correct horse battery";
/// A run on 2013-02-06.
const RUN: &str = "fit/fitparse__2013-02-06-12-11-14.fit";

async fn signed_in(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    app
}

/// Uploads the corpus run; its workout as `GET /api/v1/workouts/{id}` shows it.
async fn upload_run(who: &Browser) -> Value {
    let bytes = std::fs::read(corpus_dir().join(RUN)).unwrap();
    let results = who.upload_ok(&[("run.fit".to_owned(), bytes)]).await;
    assert_eq!(results[0]["status"], "imported", "{}", results[0]);
    let id = results[0]["workout_id"].as_i64().unwrap();
    let (_, one) = who.get_json(&format!("/api/v1/workouts/{id}")).await;
    one["workout"].clone()
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

const TOTALS: [&str; 6] = [
    "ascent_m",
    "calories",
    "distance_m",
    "elapsed_ms",
    "moving_ms",
    "workouts",
];

fn zero() -> Value {
    json!({ "workouts": 0, "moving_ms": 0, "elapsed_ms": 0, "distance_m": 0.0, "ascent_m": 0.0, "calories": 0 })
}

async fn the_answer_has_its_shape_and_the_runs_sums(backend: Backend) {
    let app = signed_in(backend).await;
    let run = upload_run(&app).await;
    let (status, stats) = app
        .get_json("/api/v1/stats?period=month&from=2013-01-15&to=2013-03-02")
        .await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(
        keys(&stats),
        ["period", "periods", "span", "sport", "streaks", "today"]
    );
    assert_eq!(
        (&stats["period"], &stats["sport"]),
        (&json!("month"), &Value::Null)
    );
    assert!(
        domain::Date::parse(stats["today"].as_str().unwrap()).is_some(),
        "{}",
        stats["today"]
    );
    let periods = stats["periods"].as_array().unwrap();
    let bounds: Vec<(&str, &str)> = periods
        .iter()
        .map(|p| (p["start"].as_str().unwrap(), p["end"].as_str().unwrap()))
        .collect();
    assert_eq!(
        bounds,
        [
            ("2013-01-01", "2013-01-31"),
            ("2013-02-01", "2013-02-28"),
            ("2013-03-01", "2013-03-31")
        ],
        "whole months, those without workouts too"
    );
    let february = &periods[1];
    assert_eq!(
        keys(february),
        ["end", "previous_year", "sports", "start", "total"]
    );
    assert_eq!(keys(&february["total"]), TOTALS);
    let total = &february["total"];
    assert_eq!(total["workouts"], 1);
    assert_eq!(total["distance_m"], run["distance_m"], "the run's distance");
    assert_eq!(total["moving_ms"], run["moving_ms"]);
    assert_eq!(total["elapsed_ms"], run["elapsed_ms"]);
    let mut running = total.clone();
    running["sport"] = json!("running");
    assert_eq!(february["sports"], json!([running]));
    assert_eq!(
        february["previous_year"],
        json!({ "start": "2012-02-01", "end": "2012-02-29", "total": zero(), "sports": [] })
    );
    assert_eq!(periods[0]["total"], zero());
    let span = &stats["span"];
    assert_eq!(
        (&span["start"], &span["end"]),
        (&json!("2013-01-01"), &json!("2013-03-31"))
    );
    assert_eq!(span["total"], *total);
    assert_eq!(
        (
            &span["previous_year"]["start"],
            &span["previous_year"]["end"]
        ),
        (&json!("2012-01-01"), &json!("2012-03-31"))
    );
    assert_eq!(
        stats["streaks"],
        json!({
            "longest": { "start": "2013-02-06", "end": "2013-02-06", "days": 1 },
            "current": null
        })
    );

    // Weeks from Monday (the default), against the week 52 weeks before.
    let (_, weeks) = app
        .get_json("/api/v1/stats?period=week&from=2013-02-06&to=2013-02-06")
        .await;
    let week = &weeks["periods"][0];
    assert_eq!(
        (&week["start"], &week["end"]),
        (&json!("2013-02-04"), &json!("2013-02-10"))
    );
    assert_eq!(week["previous_year"]["start"], "2012-02-06");
    assert_eq!(week["total"]["workouts"], 1);

    // Another sport: nothing, and no streak of it.
    let (_, rides) = app
        .get_json("/api/v1/stats?from=2013-01-01&to=2013-12-31&sport=cycling")
        .await;
    assert_eq!(rides["sport"], "cycling");
    assert_eq!(rides["span"]["total"], zero());
    assert_eq!(
        rides["streaks"],
        json!({ "longest": null, "current": null })
    );

    // Without days: twelve months up to today.
    let (_, recent) = app.get_json("/api/v1/stats").await;
    assert_eq!(recent["periods"].as_array().unwrap().len(), 12);

    // A year's days, for a heatmap.
    let (status, days) = app.get_json("/api/v1/stats/days?year=2013").await;
    assert_eq!(status, StatusCode::OK, "{days}");
    assert_eq!(
        days,
        json!({
            "year": 2013,
            "sport": null,
            "days": [{
                "day": "2013-02-06",
                "workouts": 1,
                "moving_ms": run["moving_ms"],
                "elapsed_ms": run["elapsed_ms"],
                "distance_m": run["distance_m"],
            }]
        })
    );
    let (_, other_year) = app
        .get_json("/api/v1/stats/days?year=2014&sport=running")
        .await;
    assert_eq!(other_year["days"], json!([]));

    // A token with the read scope reads them; nobody else does.
    let user = app.current_user().await.unwrap();
    let token = auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default())
        .create_token(user.id, "reader", &[TokenScope::Read])
        .await
        .unwrap()
        .token;
    let agent = reqwest::Client::new();
    for path in ["/api/v1/stats?period=year", "/api/v1/stats/days"] {
        let read = agent
            .get(app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(read.status(), StatusCode::OK, "{path}");
        let anonymous = agent.get(app.url(path)).send().await.unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
}

async fn malformed_parameters_are_400s_that_name_them(backend: Backend) {
    let app = signed_in(backend).await;
    let cases: [(&str, &str); 15] = [
        (
            "/api/v1/stats?period=fortnight",
            "period: \"fortnight\" is not one of week, month, year.",
        ),
        (
            "/api/v1/stats?from=2024-13-01",
            "from: \"2024-13-01\" is not a day; write it as YYYY-MM-DD",
        ),
        (
            "/api/v1/stats?from=2023-02-29",
            "from: \"2023-02-29\" is not a day",
        ),
        (
            "/api/v1/stats?to=yesterday",
            "to: \"yesterday\" is not a day",
        ),
        ("/api/v1/stats?to=2024-5-1", "to: \"2024-5-1\" is not a day"),
        (
            "/api/v1/stats?from=2024-05-01&to=2024-04-01",
            "to: 2024-04-01 is before the first day asked for (2024-05-01).",
        ),
        (
            "/api/v1/stats?from=1900-01-01&to=2024-01-01",
            "to: 1900-01-01 to 2024-01-01 is 45,291 days; ask for at most 36,525 days",
        ),
        (
            "/api/v1/stats?period=week&from=1950-01-01&to=2020-01-01",
            "period: 1950-01-01 to 2020-01-01 holds 3,654 weeks; one answer holds at most 3,000 periods",
        ),
        (
            "/api/v1/stats?from=0999-12-31&to=1000-01-05",
            "from: 0999-12-31 is out of range",
        ),
        (
            "/api/v1/stats?sport=quidditch",
            "sport: \"quidditch\" is not a sport's name; use one of running, cycling,",
        ),
        (
            "/api/v1/stats?period=week&period=month",
            "The query string is not what this needs: ",
        ),
        (
            "/api/v1/stats/days?year=24",
            "year: \"24\" is not a year; write it as YYYY",
        ),
        (
            "/api/v1/stats/days?year=abcd",
            "year: \"abcd\" is not a year",
        ),
        ("/api/v1/stats/days?year=0999", "year: 999 is out of range"),
        (
            "/api/v1/stats/days?sport=Run",
            "sport: \"Run\" is not a sport's name",
        ),
    ];
    for (path, expected) in cases {
        let (status, answer) = app.get_json(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {answer}");
        let error = answer["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{path}: {answer}"));
        assert!(error.starts_with(expected), "{path}: {error}");
    }
    // A long value is quoted short.
    let long = "9".repeat(2000);
    let (status, answer) = app.get_json(&format!("/api/v1/stats?from={long}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["error"].as_str().unwrap().len() < 200, "{answer}");
}

async fn another_users_workouts_are_never_counted(backend: Backend) {
    let app = signed_in(backend).await;
    app.call_with_csrf::<app::auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    let bob = app.new_browser();
    assert_eq!(bob.sign_up("bob", PASSWORD).await.status(), StatusCode::OK);
    upload_run(&bob).await;
    let path = "/api/v1/stats?period=year&from=2013-01-01&to=2013-12-31";
    let (_, adas) = app.get_json(path).await;
    assert_eq!(adas["span"]["total"], zero());
    assert_eq!(adas["streaks"]["longest"], Value::Null);
    let (_, days) = app.get_json("/api/v1/stats/days?year=2013").await;
    assert_eq!(days["days"], json!([]));
    let (_, bobs) = bob.get_json(path).await;
    assert_eq!(bobs["span"]["total"]["workouts"], 1);
}

async fn the_openapi_description_documents_every_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let spec: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        spec["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "stats"),
        "the stats tag"
    );
    let operation = &spec["paths"]["/api/v1/stats"]["get"];
    assert_eq!(operation["tags"], json!(["stats"]));
    let parameters: Vec<&str> = operation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(parameters, ["period", "from", "to", "sport"]);
    for code in ["200", "400", "401", "403"] {
        assert!(operation["responses"][code].is_object(), "{code}");
    }
    let days = &spec["paths"]["/api/v1/stats/days"]["get"];
    assert!(days["parameters"].to_string().contains("\"year\""));
    // Every field of every shape the answers use says what it is.
    let schemas = &spec["components"]["schemas"];
    for name in [
        "Stats",
        "PeriodStats",
        "PeriodTotals",
        "SportTotals",
        "Totals",
        "Streaks",
        "Streak",
        "YearDays",
        "DayTotals",
    ] {
        let schema = &schemas[name];
        assert!(schema.is_object(), "{name} is described");
        let text = schema.to_string();
        let mut properties = Vec::new();
        collect_properties(schema, &mut properties);
        assert!(!properties.is_empty(), "{name}: {text}");
        for (field, property) in properties {
            // A reference carries its description beside it, in an `allOf` or `oneOf` part.
            let described = property["description"].is_string()
                || ["allOf", "oneOf", "anyOf"].iter().any(|key| {
                    property[key]
                        .as_array()
                        .is_some_and(|parts| parts.iter().any(|p| p["description"].is_string()))
                });
            assert!(described, "{name}.{field} is documented: {property}");
        }
    }
}

/// The properties of a schema, its `allOf` parts' included (a flattened field).
fn collect_properties<'a>(schema: &'a Value, out: &mut Vec<(&'a str, &'a Value)>) {
    if let Some(properties) = schema["properties"].as_object() {
        out.extend(properties.iter().map(|(k, v)| (k.as_str(), v)));
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        collect_properties(part, out);
    }
}

/// What a browser without script gets: the page, its GET form, the heatmap's day, the tables.
async fn the_stats_page_and_the_home_summary_work_without_script(backend: Backend) {
    let app = signed_in(backend).await;
    let empty = app.get_page("/stats").await.text().await.unwrap();
    assert!(
        empty.contains("Your training log is empty."),
        "the empty state"
    );
    assert!(
        empty.contains("href=\"/stats\""),
        "the navigation links the page"
    );

    upload_run(&app).await;
    let page = app.get_page("/stats?period=month&year=2013").await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    let main = page.split("<main").nth(1).unwrap();
    assert!(main.contains("Statistics 2013"), "the year's heading");
    assert!(
        main.contains("<form method=\"get\" action=\"/stats\""),
        "a GET form"
    );
    assert!(
        main.contains("<option value=\"month\" selected"),
        "the period chosen"
    );
    assert!(
        main.contains("<option value=\"running\""),
        "the athlete's sports"
    );
    // The day of the run: a link to its month, labelled in words.
    let cell = main
        .split("data-date=\"2013-02-06\"")
        .nth(1)
        .expect("the run's day in the heatmap");
    let cell = &cell[..cell.find("</td>").unwrap()];
    assert!(cell.contains("href=\"/calendar/2013/02\""), "{cell}");
    assert!(cell.contains("title=\"2013-02-06: 1 workout, "), "{cell}");
    assert!(
        main.contains("title=\"2013-02-07: no workouts\""),
        "a day without"
    );
    assert!(main.contains("class=\"heat-0\""), "shades");
    assert_eq!(
        main.matches("<th scope=\"row\" class=\"heat-weekday\">")
            .count(),
        7
    );
    // The streak and the months against 2012.
    assert!(
        main.contains("Longest streak") && main.contains("1 day"),
        "streak"
    );
    assert!(main.contains("February 2013") && main.contains("December 2013"));
    assert!(main.contains(">new<"), "no run in February 2012: new");

    // Weeks and years, one sport: their own tables.
    let weeks = app
        .get_page("/stats?period=week&year=2013&sport=running")
        .await;
    let weeks = weeks.text().await.unwrap();
    assert!(
        weeks.contains("Totals by week") && weeks.contains("4–10 Feb"),
        "weeks"
    );
    let years = app
        .get_page("/stats?period=year&year=2013")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        years.contains("Totals by year") && years.contains(">2004<"),
        "ten years"
    );
    let rides = app
        .get_page("/stats?year=2013&sport=cycling")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        rides.contains("title=\"2013-02-06: no workouts\""),
        "the sport alone"
    );

    let home = app.get_page("/").await.text().await.unwrap();
    assert!(
        home.contains("This week") && home.contains("This month"),
        "home"
    );
    assert!(
        home.contains("No workouts yet"),
        "the 2013 run is not this week's"
    );
    assert!(home.contains("href=\"/stats\""));
}

db::on_both_backends!(
    the_answer_has_its_shape_and_the_runs_sums,
    malformed_parameters_are_400s_that_name_them,
    another_users_workouts_are_never_counted,
    the_openapi_description_documents_every_field,
    the_stats_page_and_the_home_summary_work_without_script,
);

//! Issue 16, point 3: a workout's laps over the API and on its page carry what the device left
//! out, worked out from the samples.

use db::Backend;
use reqwest::StatusCode;

use crate::helpers::spawn_app;
use crate::workouts::corpus_dir;

const PASSWORD: &str = "correct horse battery";

fn corpus(relative: &str) -> (String, Vec<u8>) {
    let bytes =
        std::fs::read(corpus_dir().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    (relative.rsplit('/').next().unwrap().to_owned(), bytes)
}

async fn laps_without_averages_in_the_file_have_them_in_the_api_and_on_the_page(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    // Suunto's TCX laps hold time and distance only; its trackpoints heart rate and cadence.
    let run = &app
        .upload_ok(&[corpus("tcx/sportslib__unknown_example.tcx")])
        .await[0];
    let id = run["workout_id"].as_i64().expect("imported");
    let (status, workout) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let laps = workout["laps"].as_array().unwrap();
    assert_eq!(laps.len(), 32);
    let with = |key: &str| laps.iter().filter(|l| l[key].is_u64()).count();
    assert!(with("avg_hr") >= 16, "{laps:?}");
    assert!(with("max_hr") >= 16 && with("avg_cadence") >= 16);
    assert!(
        laps.iter()
            .filter(|l| l["distance_m"].as_f64().is_some_and(|d| d > 100.0))
            .all(|l| l["avg_speed"].is_f64()),
        "every lap that went somewhere has a pace"
    );

    // An Edge 810's laps hold the Vector's average power; normalized power comes from the
    // samples.
    let ride = &app
        .upload_ok(&[corpus(
            "fit/fitparse__Edge810-Vector-2013-08-16-15-35-10.fit",
        )])
        .await[0];
    let id = ride["workout_id"].as_i64().expect("imported");
    let (_, workout) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    let laps = workout["laps"].as_array().unwrap();
    assert!(
        laps.iter()
            .filter(|l| l["avg_power"].as_u64().is_some_and(|w| w > 0))
            .filter(|l| l["elapsed_ms"].as_i64().unwrap() >= 60_000)
            .all(|l| l["normalized_power"].as_u64().is_some()),
        "{laps:?}"
    );
    // Its page's laps show the power columns.
    let html = app
        .get_page(&format!("/workouts/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(">Avg power</th>"), "a power column");
    assert!(html.contains("<abbr title=\"Normalized power\">NP</abbr>"));
    assert!(html.contains(">Cadence</th>"));
}

/// Issue 16, point 4: the charts' axis choice is marked once, on the axis shown.
async fn the_chart_axis_shown_is_the_only_one_marked(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let run = &app
        .upload_ok(&[corpus(
            "fit/fitparse__Edge810-Vector-2013-08-16-15-35-10.fit",
        )])
        .await[0];
    let id = run["workout_id"].as_i64().expect("imported");
    for (query, marked) in [("", "By time"), ("?x=distance", "By distance")] {
        let html = app
            .get_page(&format!("/workouts/{id}{query}"))
            .await
            .text()
            .await
            .unwrap();
        let start = html
            .find("aria-label=\"Chart x axis\"")
            .expect("the axis toggle");
        let toggle = &html[start..start + html[start..].find("</nav>").unwrap()];
        assert_eq!(
            toggle.matches("aria-current").count(),
            1,
            "{query}: {toggle}"
        );
        let current = toggle.find("aria-current").unwrap();
        let label = &toggle[current..];
        let label = &label[label.find('>').unwrap() + 1..label.find("</a>").unwrap()];
        assert_eq!(label, marked, "{query}: {toggle}");
    }
}

db::on_both_backends!(
    laps_without_averages_in_the_file_have_them_in_the_api_and_on_the_page,
    the_chart_axis_shown_is_the_only_one_marked
);

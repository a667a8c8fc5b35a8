//! Gear over the JSON API: add, list with totals and wear, change, retire, delete; a workout's
//! gear; defaults per sport; another user's gear is not there; bad input is a 400 that says
//! what is wrong.

use auth::TokenScope;
use db::Backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::workouts::corpus_dir;

const PASSWORD: &str = "correct horse battery";
const RUN: &str = "fit/fitparse__2013-02-06-12-11-14.fit";

async fn signed_in(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    app
}

/// A JSON request as the signed-in browser sends it (with the CSRF header).
async fn send(
    who: &Browser,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let token = who.csrf_token().await;
    let mut request = who
        .client
        .request(method, who.url(path))
        .header("x-csrf-token", token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get(who: &Browser, path: &str) -> (StatusCode, Value) {
    send(who, Method::GET, path, None).await
}

/// Uploads the corpus run; its workout id.
async fn upload_run(who: &Browser) -> i64 {
    let bytes = std::fs::read(corpus_dir().join(RUN)).unwrap();
    let results = who.upload_ok(&[("run.fit".to_owned(), bytes)]).await;
    assert_eq!(results[0]["status"], "imported", "{}", results[0]);
    results[0]["workout_id"].as_i64().unwrap()
}

async fn add(who: &Browser, body: Value) -> Value {
    let (status, gear) = send(who, Method::POST, "/api/v1/gear", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{gear}");
    gear
}

async fn gear_is_added_used_changed_retired_and_deleted(backend: Backend) {
    let app = signed_in(backend).await;
    let (status, empty) = get(&app, "/api/v1/gear").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(empty, json!({ "gear": [], "defaults": [] }));

    let shoes = add(
        &app,
        json!({ "kind": "shoes", "name": "Pegasus", "brand": "Nike", "model": "Pegasus 40", "warn_distance_m": 2000 }),
    )
    .await;
    assert_eq!(shoes["wear"], "fine");
    assert_eq!(shoes["usage"]["workouts"], 0);
    let bike = add(&app, json!({ "kind": "bike", "name": "Canyon" })).await;
    assert_eq!(
        bike["warn_distance_m"],
        Value::Null,
        "bikes warn only when told"
    );
    let usual = add(&app, json!({ "kind": "shoes", "name": "Trail" })).await;
    assert_eq!(usual["warn_distance_m"], 700_000.0, "the usual for shoes");
    let id = shoes["id"].as_i64().unwrap();

    // Assigned to a workout: it shows there, and its totals count the run.
    let workout = upload_run(&app).await;
    let (status, answer) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/workouts/{workout}/gear"),
        Some(json!({ "gear_id": id })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["gear"]["name"], "Pegasus");
    let (_, one) = get(&app, &format!("/api/v1/workouts/{workout}")).await;
    assert_eq!(one["gear"]["id"], id);
    let (_, item) = get(&app, &format!("/api/v1/gear/{id}")).await;
    let distance = item["usage"]["distance_m"].as_f64().unwrap();
    assert_eq!(item["usage"]["workouts"], 1);
    assert!(distance > 2000.0, "the run's distance: {distance}");
    assert_eq!(
        item["usage"]["distance_m"], one["workout"]["distance_m"],
        "the total is the workout's distance"
    );
    assert_eq!(item["usage"]["moving_ms"], one["workout"]["moving_ms"]);
    assert!(
        item["usage"]["first_day"]
            .as_str()
            .unwrap()
            .starts_with("2013-02-")
    );
    assert_eq!(item["wear"], "past", "a run longer than its 2 km: {item}");
    assert!(item["wear_fraction"].as_f64().unwrap() > 1.0);

    // The threshold moves, then goes.
    let path = format!("/api/v1/gear/{id}");
    let patch = |body: Value| send(&app, Method::PATCH, &path, Some(body));
    let (_, item) = patch(json!({ "warn_distance_m": distance / 0.95 })).await;
    assert_eq!(item["wear"], "near");
    let (_, item) = patch(json!({ "warn_distance_m": 700_000 })).await;
    assert_eq!(item["wear"], "fine");
    let (status, item) =
        patch(json!({ "warn_distance_m": null, "brand": null, "notes": "for races" })).await;
    assert_eq!(status, StatusCode::OK, "{item}");
    assert_eq!(
        (
            &item["wear"],
            &item["brand"],
            &item["model"],
            &item["notes"]
        ),
        (
            &json!("untracked"),
            &Value::Null,
            &json!("Pegasus 40"),
            &json!("for races")
        ),
        "only the fields given change"
    );

    // Retired: listed after the gear in use.
    let (_, item) = patch(json!({ "retired": true })).await;
    assert_eq!(item["retired"], true);
    let (_, list) = get(&app, "/api/v1/gear").await;
    let names: Vec<&str> = list["gear"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Canyon", "Trail", "Pegasus"]);

    // Cleared from the workout, then deleted.
    let (_, answer) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/workouts/{workout}/gear"),
        Some(json!({ "gear_id": null })),
    )
    .await;
    assert_eq!(answer, json!({ "gear": null }));
    let (_, item) = get(&app, &format!("/api/v1/gear/{id}")).await;
    assert_eq!(item["usage"]["workouts"], 0);
    let (status, _) = send(&app, Method::DELETE, &format!("/api/v1/gear/{id}"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        get(&app, &format!("/api/v1/gear/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &format!("/api/v1/workouts/{workout}")).await.0,
        StatusCode::OK
    );
}

async fn a_sports_default_goes_to_its_new_workouts(backend: Backend) {
    let app = signed_in(backend).await;
    let shoes = add(&app, json!({ "kind": "shoes", "name": "Everyday" })).await;
    let (status, defaults) = send(
        &app,
        Method::PUT,
        "/api/v1/gear/defaults",
        Some(json!({ "sport": "running", "gear_id": shoes["id"] })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{defaults}");
    assert_eq!(
        defaults,
        json!({ "defaults": [{ "sport": "running", "gear_id": shoes["id"] }] })
    );
    let workout = upload_run(&app).await;
    let (_, one) = get(&app, &format!("/api/v1/workouts/{workout}")).await;
    assert_eq!(one["gear"]["name"], "Everyday");
    let (_, item) = get(&app, &format!("/api/v1/gear/{}", shoes["id"])).await;
    assert_eq!(item["usage"]["workouts"], 1);

    // A read token lists gear; changing it takes the signed-in browser.
    let user = app.current_user().await.unwrap();
    let token = auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default())
        .create_token(user.id, "reader", &[TokenScope::Read])
        .await
        .unwrap()
        .token;
    let agent = reqwest::Client::new();
    let listed = agent
        .get(app.url("/api/v1/gear/defaults"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    let refused = agent
        .post(app.url("/api/v1/gear"))
        .bearer_auth(&token)
        .json(&json!({ "kind": "bike", "name": "Sneaky" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let (_, cleared) = send(
        &app,
        Method::PUT,
        "/api/v1/gear/defaults",
        Some(json!({ "sport": "running", "gear_id": null })),
    )
    .await;
    assert_eq!(cleared, json!({ "defaults": [] }));
}

async fn another_users_gear_is_not_found(backend: Backend) {
    let app = signed_in(backend).await;
    let adas = add(&app, json!({ "kind": "bike", "name": "Canyon" })).await;
    let adas_workout = upload_run(&app).await;
    app.call_with_csrf::<app::auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    let bob = app.new_browser();
    assert_eq!(bob.sign_up("bob", PASSWORD).await.status(), StatusCode::OK);
    let bobs_workout = upload_run(&bob).await;
    let id = adas["id"].as_i64().unwrap();
    let cases: [(Method, String, Option<Value>); 6] = [
        (Method::GET, format!("/api/v1/gear/{id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/gear/{id}"),
            Some(json!({ "name": "Mine now" })),
        ),
        (Method::DELETE, format!("/api/v1/gear/{id}"), None),
        (
            Method::PUT,
            format!("/api/v1/workouts/{bobs_workout}/gear"),
            Some(json!({ "gear_id": id })),
        ),
        (
            Method::PUT,
            format!("/api/v1/workouts/{adas_workout}/gear"),
            Some(json!({ "gear_id": null })),
        ),
        (
            Method::PUT,
            "/api/v1/gear/defaults".to_owned(),
            Some(json!({ "sport": "cycling", "gear_id": id })),
        ),
    ];
    for (method, path, body) in cases {
        let (status, answer) = send(&bob, method.clone(), &path, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {answer}");
        assert_eq!(answer, json!({ "error": "Not found." }), "{method} {path}");
    }
    assert_eq!(get(&bob, "/api/v1/gear").await.1["gear"], json!([]));
    let (_, item) = get(&app, &format!("/api/v1/gear/{id}")).await;
    assert_eq!(item["name"], "Canyon", "untouched");
    let (_, one) = get(&bob, &format!("/api/v1/workouts/{bobs_workout}")).await;
    assert_eq!(one["gear"], Value::Null);
}

async fn bad_input_is_a_400_that_says_what_is_wrong(backend: Backend) {
    let app = signed_in(backend).await;
    let old = add(
        &app,
        json!({ "kind": "shoes", "name": "Pegasus", "retired": true }),
    )
    .await;
    let workout = upload_run(&app).await;
    let long = "x".repeat(81);
    let cases: Vec<(&str, Method, String, Value, &str)> = vec![
        (
            "no kind",
            Method::POST,
            "/api/v1/gear".into(),
            json!({ "name": "x" }),
            "missing field `kind`",
        ),
        (
            "unknown kind",
            Method::POST,
            "/api/v1/gear".into(),
            json!({ "kind": "boots", "name": "x" }),
            "unknown variant `boots`, expected one of `shoes`, `bike`, `other`",
        ),
        (
            "blank name",
            Method::POST,
            "/api/v1/gear".into(),
            json!({ "kind": "bike", "name": "  " }),
            "name: Give the gear a name.",
        ),
        (
            "long name",
            Method::POST,
            "/api/v1/gear".into(),
            json!({ "kind": "bike", "name": long }),
            "name: Names have at most 80 characters.",
        ),
        (
            "control character",
            Method::POST,
            "/api/v1/gear".into(),
            json!({ "kind": "bike", "name": "a", "model": "b\u{7}" }),
            "model: Models are one line, without control characters.",
        ),
        (
            "negative distance",
            Method::POST,
            "/api/v1/gear".into(),
            json!({ "kind": "bike", "name": "a", "warn_distance_m": -5 }),
            "warn_distance_m: A warning distance is more than 0 and at most 100,000 km",
        ),
        (
            "name taken",
            Method::POST,
            "/api/v1/gear".into(),
            json!({ "kind": "bike", "name": "PEGASUS" }),
            "name: You already have gear called “PEGASUS”; choose another name.",
        ),
        (
            "unknown field",
            Method::POST,
            "/api/v1/gear".into(),
            json!({ "kind": "bike", "name": "a", "colour": "red" }),
            "unknown field `colour`",
        ),
        (
            "renamed blank",
            Method::PATCH,
            format!("/api/v1/gear/{}", old["id"]),
            json!({ "name": "" }),
            "name: Give the gear a name.",
        ),
        (
            "unknown sport",
            Method::PUT,
            "/api/v1/gear/defaults".into(),
            json!({ "sport": "quidditch", "gear_id": null }),
            "sport: \"quidditch\" is not one of running, cycling,",
        ),
        (
            "retired default",
            Method::PUT,
            "/api/v1/gear/defaults".into(),
            json!({ "sport": "running", "gear_id": old["id"] }),
            "gear_id: “Pegasus” is retired",
        ),
        (
            "no gear_id",
            Method::PUT,
            format!("/api/v1/workouts/{workout}/gear"),
            json!({}),
            "missing field `gear_id`",
        ),
        (
            "gear_id a word",
            Method::PUT,
            format!("/api/v1/workouts/{workout}/gear"),
            json!({ "gear_id": "one" }),
            "gear_id: invalid type: string \"one\"",
        ),
    ];
    for (what, method, path, body, expected) in cases {
        let (status, answer) = send(&app, method, &path, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {answer}");
        let error = answer["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: {answer}"));
        assert!(error.contains(expected), "{what}: {error}");
    }
    // Not JSON at all.
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url("/api/v1/gear"))
        .header("x-csrf-token", token)
        .header("content-type", "application/json")
        .body("{ kind: shoes")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let answer: Value = response.json().await.unwrap();
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .starts_with("The body is not what this needs: "),
        "{answer}"
    );
    let (_, list) = get(&app, "/api/v1/gear").await;
    assert_eq!(list["gear"].as_array().unwrap().len(), 1, "nothing stored");
}

/// The page's forms post as HTML to the server functions: what a browser without script does.
async fn the_gear_page_and_its_forms_work_without_script(backend: Backend) {
    use app::gear::{AddGear, EditGear, SetDefaultGear, SetWorkoutGear};
    let app = signed_in(backend).await;
    let page = app.get_page("/gear").await.text().await.unwrap();
    assert!(page.contains("No gear yet."), "the empty state explains");
    let main = page.split("<main").nth(1).unwrap();
    assert!(
        page.contains("href=\"/gear\""),
        "the navigation links the page"
    );
    assert!(main.contains("id=\"add-gear\""));

    let added = app
        .call_with_csrf::<AddGear>(&[
            ("kind", "shoes"),
            ("name", "Pegasus"),
            ("brand", "Nike"),
            ("warn_distance", "2,5"),
        ])
        .await;
    assert_eq!(added.status(), StatusCode::OK, "{:?}", added.text().await);
    let refused = app
        .call_with_csrf::<AddGear>(&[("kind", "shoes"), ("name", "x"), ("warn_distance", "far")])
        .await;
    assert_eq!(
        crate::helpers::app_error(refused).await,
        (
            StatusCode::BAD_REQUEST,
            app::AppError::Field {
                field: "warn_distance".into(),
                message: "Write the distance as a number of km, such as 700.".into()
            }
        )
    );
    let (_, list) = get(&app, "/api/v1/gear").await;
    let shoes = &list["gear"][0];
    assert_eq!(shoes["warn_distance_m"], 2500.0, "2,5 km");
    let id = shoes["id"].to_string();

    let workout = upload_run(&app).await.to_string();
    let given = app
        .call_with_csrf::<SetWorkoutGear>(&[("workout", &workout), ("gear_id", &id)])
        .await;
    assert_eq!(given.status(), StatusCode::OK);
    let workout_page = app
        .get_page(&format!("/workouts/{workout}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        workout_page.contains("Done with"),
        "the workout page names its gear"
    );
    assert!(workout_page.contains(">Pegasus</a>"));

    let page = app.get_page("/gear").await.text().await.unwrap();
    assert!(
        page.contains("Past its warning distance"),
        "the run is longer than 2.5 km"
    );
    assert!(page.contains("<meter"), "a bar towards the threshold");

    let taken = app
        .call_with_csrf::<AddGear>(&[("kind", "bike"), ("name", "pegasus")])
        .await;
    let (status, error) = crate::helpers::app_error(taken).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error.for_field("name").unwrap(),
        "You already have gear called “pegasus”; choose another name."
    );
    let edited = app
        .call_with_csrf::<EditGear>(&[
            ("id", &id),
            ("kind", "shoes"),
            ("name", "Pegasus 40"),
            ("warn_distance", ""),
        ])
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let (_, item) = get(&app, &format!("/api/v1/gear/{id}")).await;
    assert_eq!(
        (&item["name"], &item["wear"], &item["brand"]),
        (&json!("Pegasus 40"), &json!("untracked"), &Value::Null)
    );
    let default = app
        .call_with_csrf::<SetDefaultGear>(&[("sport", "running"), ("gear_id", &id)])
        .await;
    assert_eq!(default.status(), StatusCode::OK);
    assert_eq!(
        get(&app, "/api/v1/gear/defaults").await.1["defaults"][0]["sport"],
        "running"
    );
}

db::on_both_backends!(
    the_gear_page_and_its_forms_work_without_script,
    gear_is_added_used_changed_retired_and_deleted,
    a_sports_default_goes_to_its_new_workouts,
    another_users_gear_is_not_found,
    bad_input_is_a_400_that_says_what_is_wrong,
);

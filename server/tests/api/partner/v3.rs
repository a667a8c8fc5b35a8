//! The AccessLink-compatible resource API: Polar's own client, users and transactions, errors
//! and the rate limit.

use db::Backend;

use super::*;

async fn polar_accesslink_library_runs_the_whole_flow(backend: Backend) {
    let app = spawn_with_transactions_for(backend, 120).await;
    app.sign_up("ada", PASSWORD).await;
    let (id, secret) = add_partner(
        &app,
        approved("Coach", true, "http://localhost:5000/oauth2_callback"),
    )
    .await;
    run_script(
        &app,
        "accesslink_flow.py",
        &[
            &id,
            &secret,
            "http://localhost:5000/oauth2_callback",
            "ada",
            PASSWORD,
            &corpus_path(ROUTE_FIT),
            &corpus_path(RR_HRM),
        ],
    )
    .await;
}

async fn users_transactions_and_errors_follow_accesslink(backend: Backend) {
    let app = spawn(backend).await;
    let bob = ada_and_bob(&app).await;
    let (id, secret) = add_partner(&app, approved("Coach", true, REDIRECT)).await;
    let (ada_token, ada_id) = connect_and_register(&app, &app, &id, &secret).await;
    let (bob_token, bob_id) = connect_and_register(&app, &bob, &id, &secret).await;
    assert_ne!(ada_id, bob_id);

    // Ada's token on Bob's id.
    let foreign = app
        .client
        .get(app.url(&format!("/v3/users/{bob_id}")))
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let body: Value = foreign.json().await.unwrap();
    for key in ["timestamp", "status", "errorType", "message", "corrId"] {
        assert!(body.get(key).is_some(), "error object lacks {key}: {body}");
    }
    let foreign_tx = app
        .client
        .post(app.url(&format!("/v3/users/{bob_id}/exercise-transactions")))
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign_tx.status(), StatusCode::FORBIDDEN);

    // Bad client credentials; unknown resources; rate-limit headers.
    let bad = app
        .client
        .get(app.url("/v3/notifications"))
        .basic_auth(&id, Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    let unknown = app
        .client
        .get(app.url("/v3/users/continuous-heart-rate/2024-01-01"))
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.headers()["ratelimit-limit"],
        "540, 5200",
        "500 + 20 and 5000 + 100 per registered user"
    );
    assert!(
        unknown.headers()["ratelimit-usage"]
            .to_str()
            .unwrap()
            .contains(", ")
    );

    // Only data uploaded after registration, only the user's own.
    upload(&bob, ROUTE_FIT).await;
    let url = |path: &str| app.url(&format!("/v3/users/{ada_id}{path}"));
    let none = app
        .client
        .post(url("/exercise-transactions"))
        .bearer_auth(&ada_token)
        .header(header::CONTENT_TYPE, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::NO_CONTENT);
    assert!(none.headers().get(header::CONTENT_TYPE).is_none());
    upload(&app, ROUTE_FIT).await;
    upload(&app, RR_HRM).await;

    // An open transaction expires (2 s here) and its items come back.
    let created = app
        .client
        .post(url("/exercise-transactions"))
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let tx: Value = created.json().await.unwrap();
    let uri = tx["resource-uri"].as_str().unwrap().to_owned();
    assert!(
        uri.starts_with(&app.base),
        "absolute URL from the public base: {uri}"
    );
    let listed: Value = app
        .client
        .get(&uri)
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["exercises"].as_array().unwrap().len(), 2);
    let bobs = app
        .client
        .get(&uri)
        .bearer_auth(&bob_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        bobs.status(),
        StatusCode::FORBIDDEN,
        "Bob's token on Ada's transaction"
    );
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let expired = app
        .client
        .get(&uri)
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::NOT_FOUND);
    let committed = app
        .client
        .put(&uri)
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        committed.status(),
        StatusCode::NOT_FOUND,
        "an expired transaction cannot be committed"
    );
    let again: Value = app
        .client
        .post(url("/exercise-transactions"))
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let again_uri = again["resource-uri"].as_str().unwrap();
    let relisted: Value = app
        .client
        .get(again_uri)
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        relisted["exercises"].as_array().unwrap().len(),
        2,
        "the expired transaction's items return"
    );

    // De-registration revokes the token; a new token works only after registering again.
    let gone = app
        .client
        .delete(url(""))
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let after = app
        .client
        .get(url(""))
        .bearer_auth(&ada_token)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let back = consent(&app, &authorize_url(&app, &id, &[])).await;
    let (_, t) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &param(&back, "code").unwrap()),
        ],
        Some((&id, &secret)),
    )
    .await;
    let fresh = t["access_token"].as_str().unwrap();
    let new_id = t["x_user_id"].as_i64().unwrap();
    let unregistered = app
        .client
        .post(app.url(&format!("/v3/users/{new_id}/exercise-transactions")))
        .bearer_auth(fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(unregistered.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        unregistered.json::<Value>().await.unwrap()["errorType"],
        "user_not_registered"
    );
}

async fn the_rate_limit_answers_429_with_its_headers(backend: Backend) {
    let app = spawn(backend).await;
    let (id, secret) = add_partner(&app, approved("Greedy", true, REDIRECT)).await;
    let mut last = None;
    for _ in 0..501 {
        last = Some(
            app.client
                .get(app.url("/v3/notifications"))
                .basic_auth(&id, Some(&secret))
                .send()
                .await
                .unwrap(),
        );
    }
    let last = last.unwrap();
    assert_eq!(last.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(last.headers()["ratelimit-usage"], "501, 501");
    assert_eq!(last.headers()["ratelimit-limit"], "500, 5000");
    let reset = last.headers()["ratelimit-reset"]
        .to_str()
        .unwrap()
        .to_owned();
    let (short, long) = reset.split_once(", ").unwrap();
    assert!(
        short.parse::<u32>().unwrap() <= 900 && long.parse::<u32>().unwrap() <= 86_400,
        "{reset}"
    );
    let body: Value = last.json().await.unwrap();
    assert_eq!(body["errorType"], "rate_limit_exceeded");
    // Another partner has its own budget.
    let (other, other_secret) = add_partner(&app, approved("Modest", true, REDIRECT)).await;
    let fine = app
        .client
        .get(app.url("/v3/notifications"))
        .basic_auth(&other, Some(&other_secret))
        .send()
        .await
        .unwrap();
    assert_eq!(fine.status(), StatusCode::NO_CONTENT);
}

/// A value for each path parameter of the description, so that every described path can be
/// requested as it is written.
fn sample_value(parameter: &str, user: i64) -> String {
    match parameter {
        "user" => user.to_string(),
        "collection" => "exercise-transactions".into(),
        "items" => "exercises".into(),
        "tx" | "item" => "1".into(),
        "resource" => "gpx".into(),
        "sample" => "0".into(),
        "samples" => "step-samples".into(),
        "file" => "fit".into(),
        "date" => "2024-01-01".into(),
        "id" => "an-id".into(),
        other => panic!("the test has no value for the path parameter {other}"),
    }
}

/// The description is served without credentials, is valid OpenAPI (judged by the PyPI
/// `openapi-spec-validator`), and every path and method it describes is served: with the right
/// credentials, none gets the answer of an unknown route.
async fn the_openapi_description_is_valid_and_every_described_route_is_served(backend: Backend) {
    let app = spawn(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (id, secret) = add_partner(&app, approved("Coach", true, REDIRECT)).await;
    let (bearer, user) = connect_and_register(&app, &app, &id, &secret).await;

    let response = reqwest::get(app.url("/v3/openapi.json")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "no credentials needed");
    let text = response.text().await.unwrap();
    let spec: Value = serde_json::from_str(&text).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &text).unwrap();
    let checked = tokio::process::Command::new(python())
        .args(["-c", "import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('valid')"])
        .arg(&file)
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run {} (scripts/test installs it): {e}", python()));
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );

    let paths = spec["paths"].as_object().expect("paths");
    assert!(paths.len() >= 15, "every /v3 route is described: {paths:?}");
    let mut requests = Vec::new();
    for (template, item) in paths {
        assert!(template.starts_with("/v3/"), "{template}");
        let mut path = template.clone();
        while let Some(open) = path.find('{') {
            let close = open + path[open..].find('}').unwrap();
            let value = sample_value(&path[open + 1..close], user);
            path.replace_range(open..=close, &value);
        }
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()) else {
                continue;
            };
            let basic = operation["security"][0].get("basic").is_some();
            requests.push((method, path.clone(), basic));
        }
    }
    // De-registering the user revokes the token: last.
    requests.sort_by_key(|(method, path, _)| {
        (
            *method == reqwest::Method::DELETE && path.starts_with("/v3/users/"),
            path.clone(),
        )
    });
    for (method, path, basic) in requests {
        let request = app.client.request(method.clone(), app.url(&path));
        let request = if basic {
            request.basic_auth(&id, Some(&secret))
        } else {
            request.bearer_auth(&bearer)
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert!(
            !body.contains("No such resource."),
            "{method} {path} is described but answered as an unknown route: {status} {body}"
        );
    }

    // The check above can tell: an undescribed path gets the unknown route's answer.
    let unknown = app
        .client
        .get(app.url("/v3/continuous-heart-rate"))
        .basic_auth(&id, Some(&secret))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(unknown.text().await.unwrap().contains("No such resource."));
}

/// Every `/v3` route is registered through `utoipa_axum::routes!` from its `#[utoipa::path]`,
/// so it is described: the only plain `.route(` calls in `server/src/http/v3` are the
/// unknown-route answers and the description itself, and no router is merged or nested in.
#[test]
fn every_v3_route_is_described() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http/v3");
    let allowed = ["/v3", "/v3/{*rest}", "/v3/openapi.json"];
    let mut plain = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        for forbidden in [
            ".merge(",
            ".nest(",
            ".nest_service(",
            ".route_service(",
            "Router::new(",
        ] {
            assert!(
                !source.contains(forbidden),
                "{}: {forbidden} would serve routes the description does not list",
                path.display()
            );
        }
        for (at, _) in source.match_indices(".route(") {
            let rest = &source[at + ".route(".len()..];
            let literal = rest
                .trim_start()
                .strip_prefix('"')
                .and_then(|r| r.split('"').next())
                .unwrap_or_else(|| panic!("{}: a .route( without a literal path", path.display()));
            plain.push(literal.to_owned());
        }
    }
    for route in &plain {
        assert!(
            allowed.contains(&route.as_str()),
            "{route} is routed without routes!, so the OpenAPI description misses it"
        );
    }
    assert_eq!(plain.len(), allowed.len(), "{plain:?}");
}

db::on_both_backends!(
    the_openapi_description_is_valid_and_every_described_route_is_served,
    polar_accesslink_library_runs_the_whole_flow,
    users_transactions_and_errors_follow_accesslink,
    the_rate_limit_answers_429_with_its_headers,
);

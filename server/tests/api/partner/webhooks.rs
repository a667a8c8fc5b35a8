//! Webhooks: the PING, signatures, retries, single delivery across instances, and changes.

use db::Backend;

use super::*;

async fn webhooks_ping_sign_retry_and_deliver_once_across_instances(backend: Backend) {
    // With metrics on, to count the deliveries of both instances.
    let app = spawn_app_with(
        backend,
        laps::config::Settings {
            metrics: Some(true),
            ..spawn_settings(2)
        },
    )
    .await;
    app.sign_up("ada", PASSWORD).await;
    let (id, secret) = add_partner(&app, approved("Coach", true, REDIRECT)).await;
    let (_, user_id) = connect_and_register(&app, &app, &id, &secret).await;
    let (url, seen) = receiver().await;
    let hooks = app.url("/v3/webhooks");

    let refused = app
        .client
        .post(&hooks)
        .basic_auth(&id, Some(&secret))
        .json(&json!({ "events": ["EXERCISE"], "url": "http://127.0.0.1:9/none" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        StatusCode::BAD_REQUEST,
        "a URL that does not answer the PING"
    );
    let created = app
        .client
        .post(&hooks)
        .basic_auth(&id, Some(&secret))
        .json(&json!({ "events": ["EXERCISE"], "url": url }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let key = created["data"]["signature_secret_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = app
        .client
        .post(&hooks)
        .basic_auth(&id, Some(&secret))
        .json(&json!({ "events": ["EXERCISE"], "url": url }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "one webhook per partner"
    );
    let read: Value = app
        .client
        .get(&hooks)
        .basic_auth(&id, Some(&secret))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["data"][0]["url"], url.as_str());
    assert!(
        read["data"][0].get("signature_secret_key").is_none(),
        "the key is shown once"
    );
    {
        let seen = seen.lock().unwrap();
        let (event, signature, body) = &seen.requests[0];
        assert_eq!(event, "PING");
        assert_eq!(*signature, partner::secret::sign(&key, body.as_bytes()));
        assert_eq!(
            serde_json::from_str::<Value>(body).unwrap()["event"],
            "PING"
        );
    }

    // A second instance on the same database: each event must still be delivered once.
    let second = crate::helpers::spawn_on(&app).await;
    for file in [ROUTE_FIT, RR_HRM, "tcx/dblock-tcx__running_activity_1.tcx"] {
        upload(&app, file).await;
    }
    let db = app.test_db.db.clone();
    let partner_id = partners(&app).await.find(&id).await.unwrap().id;
    for _ in 0..200 {
        if db.outbox_pending(partner_id).await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        db.outbox_pending(partner_id).await.unwrap(),
        0,
        "every event delivered within 20 s"
    );
    let mut deliveries = [0.0, 0.0, 0.0];
    for instance in [&app, &second] {
        let text = crate::metrics::get_metrics(instance)
            .await
            .text()
            .await
            .unwrap();
        let scrape = crate::metrics::parse(&text).await;
        for (count, result) in deliveries
            .iter_mut()
            .zip(["delivered", "failed", "given_up"])
        {
            *count += scrape.value("laps_webhook_deliveries_total", &[("result", result)]);
        }
        assert_eq!(scrape.gauge("laps_webhook_outbox_depth"), 0.0);
    }
    assert_eq!(
        deliveries,
        [3.0, 2.0, 0.0],
        "the instances' metrics count each attempt once: three delivered, two refused"
    );
    drop(second);
    let seen = seen.lock().unwrap();
    let exercises: Vec<&(String, String, String)> = seen
        .requests
        .iter()
        .filter(|(e, _, _)| e == "EXERCISE")
        .collect();
    assert_eq!(
        exercises.len(),
        3 + 2,
        "three events, the first two refusals retried"
    );
    let mut entities = Vec::new();
    for (_, signature, body) in &exercises {
        assert_eq!(
            *signature,
            partner::secret::sign(&key, body.as_bytes()),
            "signed over the raw body"
        );
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["user_id"], user_id);
        let entity = event["entity_id"].as_str().unwrap().to_owned();
        assert_eq!(event["url"], format!("{}/v3/exercises/{entity}", app.base));
        entities.push(entity);
    }
    entities.sort();
    entities.dedup();
    assert_eq!(
        entities.len(),
        3,
        "three workouts, each announced (retries repeat the same body)"
    );
}

async fn webhooks_are_changed_paused_and_deleted(backend: Backend) {
    let app = spawn(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (id, secret) = add_partner(&app, approved("Coach", true, REDIRECT)).await;
    connect_and_register(&app, &app, &id, &secret).await;
    let (first, _) = receiver().await;
    let (second, seen) = receiver().await;
    let call = |method: reqwest::Method, path: &str| {
        app.client
            .request(method, app.url(path))
            .basic_auth(&id, Some(&secret))
    };
    let bad = call(reqwest::Method::POST, "/v3/webhooks")
        .json(&json!({ "events": ["NAPS"], "url": first }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let created: Value = call(reqwest::Method::POST, "/v3/webhooks")
        .json(&json!({ "events": ["EXERCISE"], "url": first }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let hook = created["data"]["id"].as_str().unwrap().to_owned();

    // A new URL is pinged before it is taken.
    let patched = call(reqwest::Method::PATCH, &format!("/v3/webhooks/{hook}"))
        .json(&json!({ "url": second, "events": ["EXERCISE", "ACTIVITY_SUMMARY"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(seen.lock().unwrap().requests[0].0, "PING");
    let read: Value = call(reqwest::Method::GET, "/v3/webhooks")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["data"][0]["url"], second.as_str());
    assert_eq!(
        read["data"][0]["events"],
        json!(["EXERCISE", "ACTIVITY_SUMMARY"])
    );

    // Paused: nothing is queued for what arrives meanwhile.
    assert_eq!(
        call(reqwest::Method::POST, "/v3/webhooks/deactivate")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    upload(&app, ROUTE_FIT).await;
    let partner_id = partners(&app).await.find(&id).await.unwrap().id;
    assert_eq!(app.test_db.db.outbox_pending(partner_id).await.unwrap(), 0);
    assert_eq!(
        call(reqwest::Method::POST, "/v3/webhooks/activate")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        seen.lock().unwrap().requests.len(),
        2,
        "re-activation pings again"
    );
    upload(&app, RR_HRM).await;
    assert_eq!(
        app.test_db.db.outbox_pending(partner_id).await.unwrap(),
        1,
        "active again: the new workout is queued"
    );
    let synced = app
        .client
        .post(app.url("/api/v1/sync/activity"))
        .header("x-csrf-token", app.csrf_token().await)
        .json(&json!({ "days": [{ "date": "2026-11-23", "steps": 5000 }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(synced.status(), StatusCode::OK);
    assert_eq!(
        app.test_db.db.outbox_pending(partner_id).await.unwrap(),
        2,
        "a synced day is announced as ACTIVITY_SUMMARY"
    );

    assert_eq!(
        call(reqwest::Method::DELETE, &format!("/v3/webhooks/{hook}"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(reqwest::Method::DELETE, &format!("/v3/webhooks/{hook}"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(reqwest::Method::POST, "/v3/webhooks/activate")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.test_db.db.outbox_pending(partner_id).await.unwrap(),
        0,
        "its queue went with it"
    );
}

db::on_both_backends!(
    webhooks_ping_sign_retry_and_deliver_once_across_instances,
    webhooks_are_changed_paused_and_deleted,
);

//! Maps: the Content-Security-Policy lets images come from exactly the configured tile origin;
//! the workout page and the map page load Leaflet only when tiles are on (and the site has the
//! map's files), keeping their SVG as the fallback; the routes API answers the caller's own
//! routes and refuses bad filters with a 400 that says which.

use std::fs;

use auth::TokenScope;
use db::Backend;
use laps::config::{MapTiles, Settings};
use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::helpers::{TestApp, settings, spawn_app_with};
use crate::workouts::corpus_dir;

const PASSWORD: &str = "correct horse battery";
const RUN: &str = "fit/fitparse__2013-02-06-12-11-14.fit";
const STUB: &str = "http://127.0.0.1:9/{z}/{x}/{y}.png";

/// The CSP's `img-src` on a page of a server started with `tiles`.
async fn img_src(backend: Backend, tiles: Option<&str>) -> String {
    let app = spawn_app_with(
        backend,
        Settings {
            map_tiles: tiles.map(|t| t.parse::<MapTiles>().unwrap()),
            ..settings()
        },
    )
    .await;
    let page = app.get_page("/signin").await;
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    csp.split("; ")
        .find(|d| d.starts_with("img-src"))
        .unwrap_or_else(|| panic!("no img-src: {csp}"))
        .to_owned()
}

async fn the_csp_allows_exactly_the_tile_origin(backend: Backend) {
    assert_eq!(
        img_src(backend, None).await,
        "img-src 'self' data: blob: https://tile.openstreetmap.org",
        "OpenStreetMap's tiles by default"
    );
    assert_eq!(
        img_src(backend, Some(STUB)).await,
        "img-src 'self' data: blob: http://127.0.0.1:9"
    );
    assert_eq!(
        img_src(
            backend,
            Some("https://{s}.tiles.example.org/{z}/{x}/{y}{r}.png?key=k")
        )
        .await,
        "img-src 'self' data: blob: https://a.tiles.example.org https://b.tiles.example.org \
         https://c.tiles.example.org"
    );
    assert_eq!(
        img_src(backend, Some("none")).await,
        "img-src 'self' data: blob:",
        "no tiles, no other origin"
    );
}

/// A site folder as scripts/build-site leaves it, with the map's files.
fn site_with_map() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    fs::create_dir_all(site.path().join("pkg")).unwrap();
    fs::write(
        site.path().join("hash.txt"),
        "bundle: aaaa\ncss: cccc\nleaflet_js: llll\nleaflet_css: mmmm\nmap_js: gggg\n",
    )
    .unwrap();
    for file in ["leaflet.llll.js", "leaflet.mmmm.css", "map.gggg.js"] {
        fs::write(site.path().join("pkg").join(file), "/* */").unwrap();
    }
    site
}

/// A server on a site with the map's files, with `tiles`, and Ada signed in with the corpus
/// run uploaded; its id.
async fn app_with_a_run(backend: Backend, site: &tempfile::TempDir, tiles: &str) -> (TestApp, i64) {
    let app = spawn_app_with(
        backend,
        Settings {
            site_dir: Some(site.path().to_owned()),
            map_tiles: Some(tiles.parse().unwrap()),
            ..settings()
        },
    )
    .await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let bytes = fs::read(corpus_dir().join(RUN)).unwrap();
    let results = app.upload_ok(&[("run.fit".to_owned(), bytes)]).await;
    let id = results[0]["workout_id"].as_i64().unwrap();
    (app, id)
}

/// What `html` holds around `needle`, for failure messages.
fn around(html: &str, needle: &str) -> String {
    let at = html.find(needle).unwrap_or(0);
    html.chars()
        .skip(html[..at].chars().count().saturating_sub(200))
        .take(600)
        .collect()
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get_page(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

async fn pages_load_the_map_only_where_it_is_shown(backend: Backend) {
    let site = site_with_map();
    let (app, id) = app_with_a_run(backend, &site, STUB).await;

    let workout = page(&app, &format!("/workouts/{id}?from=60&to=300")).await;
    assert!(
        workout.contains("class=\"route-map map-box\""),
        "the map's container"
    );
    assert!(workout.contains(&format!("data-tiles=\"{STUB}\"")));
    assert!(
        workout.contains("data-segment=\"[60,300]\""),
        "the record's effort marked"
    );
    assert!(
        workout.contains("data-track=\"{&quot;lat&quot;:["),
        "the track"
    );
    assert!(workout.contains("data-laps=\"[0,"), "where the laps start");
    for file in [
        "/pkg/leaflet.llll.js",
        "/pkg/leaflet.mmmm.css",
        "/pkg/map.gggg.js",
    ] {
        assert!(workout.contains(file), "the workout page loads {file}");
    }
    assert!(
        workout.contains("id=\"route-svg\"") && workout.contains("class=\"route-svg\""),
        "the SVG fallback"
    );

    let map = page(&app, "/map").await;
    assert!(
        map.contains("class=\"heat-map map-box\""),
        "the map of all routes"
    );
    assert!(map.contains(&format!("data-routes=\"[[{id},")), "its route");
    assert!(map.contains("/pkg/leaflet.llll.js"));
    assert!(
        map.contains("<noscript><img src=\"/api/v1/routes.svg?\"")
            && around(&map, "<noscript>").contains("class=\"heat-picture\""),
        "{}",
        around(&map, "heat-picture")
    );

    for path in [
        "/",
        "/calendar",
        "/workouts",
        "/records",
        "/upload",
        "/settings",
    ] {
        let html = page(&app, path).await;
        assert!(!html.contains("leaflet"), "{path} loads no map");
    }
}

async fn with_tiles_off_pages_keep_their_svg(backend: Backend) {
    let site = site_with_map();
    let (app, id) = app_with_a_run(backend, &site, "none").await;
    let workout = page(&app, &format!("/workouts/{id}")).await;
    assert!(
        !workout.contains("route-map") && !workout.contains("leaflet"),
        "no map"
    );
    assert!(workout.contains("class=\"route-svg\""), "the route as SVG");
    let map = page(&app, "/map?year=2013").await;
    assert!(
        !map.contains("heat-map") && !map.contains("leaflet"),
        "no map"
    );
    assert!(
        map.contains("<img src=\"/api/v1/routes.svg?from=2013-01-01&amp;to=2013-12-31\"")
            && !map.contains("<noscript>"),
        "{}",
        around(&map, "heat-picture")
    );
    let svg = app
        .client
        .get(app.url("/api/v1/routes.svg?from=2013-01-01&to=2013-12-31"))
        .send()
        .await
        .unwrap();
    assert_eq!(svg.status(), StatusCode::OK);
    assert_eq!(svg.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert!(svg.text().await.unwrap().contains("Map of 1 route,"));
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn the_routes_api_answers_the_callers_own_routes(backend: Backend) {
    let site = site_with_map();
    let (app, id) = app_with_a_run(backend, &site, STUB).await;
    let user = app.current_user().await.unwrap();
    let accounts = auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default());
    let token = accounts
        .create_token(user.id, "reader", &[TokenScope::Read])
        .await
        .unwrap()
        .token;

    let (status, body) = get(&app, &token, "/api/v1/routes?sport=running").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["matching"], 1);
    assert_eq!(body["max_routes"], 500);
    assert_eq!(body["max_points"], 200);
    let route = &body["routes"][0];
    assert_eq!(
        (route["workout_id"].as_i64(), route["day"].as_str()),
        (Some(id), Some("2013-02-06"))
    );
    let line = domain::decode_polyline(route["polyline"].as_str().unwrap()).unwrap();
    assert!((2..=200).contains(&line.len()), "{}", line.len());
    let (_, none) = get(&app, &token, "/api/v1/routes?sport=cycling&from=2013-01-01").await;
    assert_eq!(
        (
            none["matching"].as_i64(),
            none["routes"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );
    let (status, _) = get(&app, &token, "/api/v1/routes.svg?sport=cycling").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no route to draw");

    for (path, says) in [
        ("/api/v1/routes?from=yesterday", "from"),
        ("/api/v1/routes?sport=quidditch", "sport"),
        ("/api/v1/routes.svg?from=2024-02-01&to=2024-01-01", "after"),
    ] {
        let (status, body) = get(&app, &token, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert!(body.to_string().contains(says), "{path}: {body}");
    }

    // Another athlete's routes hold none of Ada's.
    app.call_with_csrf::<app::auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    let eve = app.new_browser();
    assert_eq!(eve.sign_up("eve", PASSWORD).await.status(), StatusCode::OK);
    let eve_id = eve.current_user().await.unwrap().id;
    let eve_token = accounts
        .create_token(eve_id, "reader", &[TokenScope::Read])
        .await
        .unwrap()
        .token;
    let (_, theirs) = get(&app, &eve_token, "/api/v1/routes").await;
    assert_eq!(
        (
            theirs["matching"].as_i64(),
            theirs["routes"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );
    let eve_map = eve.get_page("/map").await.text().await.unwrap();
    assert!(eve_map.contains("No routes yet."), "Eve's map is empty");

    let (status, _) = reqwest::Client::new()
        .get(app.url("/api/v1/routes"))
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The OpenAPI description names them.
    let (_, description) = get(&app, &token, "/api/v1/openapi.json").await;
    for path in ["/api/v1/routes", "/api/v1/routes.svg"] {
        assert!(description["paths"][path]["get"].is_object(), "{path}");
    }
    assert!(description["components"]["schemas"]["MapRoutes"].is_object());
}

db::on_both_backends!(
    the_csp_allows_exactly_the_tile_origin,
    pages_load_the_map_only_where_it_is_shown,
    with_tiles_off_pages_keep_their_svg,
    the_routes_api_answers_the_callers_own_routes,
);

//! Partner apps: the OAuth provider and the AccessLink v3-compatible API, driven by real,
//! independently written clients (Polar's `polar-accesslink`, Authlib, requests-oauthlib and
//! the Rust `oauth2` crate) and by hand-made requests for the refusals.

use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
};

use db::Backend;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge, RedirectUrl,
    Scope as OAuthScope, TokenResponse as _, TokenUrl, basic::BasicClient,
};
use partner::{PartnerSpec, Partners};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::{
    PASSWORD,
    helpers::{Browser, TestApp, settings, spawn_app_with},
    workouts::corpus_dir,
};

mod oauth;
mod v3;
mod webhooks;

pub(crate) const ROUTE_FIT: &str = "fit/fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit";

const RR_HRM: &str = "hrm/hrmparser__polarRS800-RR.hrm";

pub(crate) const REDIRECT: &str = "http://127.0.0.1:8765/cb";

/// A server whose transactions expire in 2 s, whose webhooks may call loopback and retry after
/// a second.
pub(crate) async fn spawn(backend: Backend) -> TestApp {
    spawn_with_transactions_for(backend, 2).await
}

/// [`spawn`] with transactions that expire after `seconds`: a long script of requests on a
/// busy machine can outlive 2 s, and only the expiry tests need them short.
pub(crate) async fn spawn_with_transactions_for(backend: Backend, seconds: u32) -> TestApp {
    spawn_app_with(backend, spawn_settings(seconds)).await
}

/// The settings of [`spawn_with_transactions_for`].
pub(crate) fn spawn_settings(transaction_seconds: u32) -> laps::config::Settings {
    let mut s = settings();
    s.partner_transaction_seconds = Some(transaction_seconds);
    s.webhook_allow_private = Some(true);
    s.webhook_retry_seconds = Some(1);
    s
}

pub(crate) async fn partners(app: &TestApp) -> Partners {
    Partners::new(
        app.test_db.db.clone(),
        app.base.clone(),
        partner::Lifetimes::default(),
    )
    .await
    .unwrap()
}

/// Registers a partner; returns (client_id, client_secret).
pub(crate) async fn add_partner(app: &TestApp, spec: PartnerSpec) -> (String, String) {
    let created = partners(app).await.create(&spec).await.unwrap();
    (
        created.partner.client_id,
        created.client_secret.unwrap_or_default(),
    )
}

pub(crate) fn approved(name: &str, accesslink: bool, redirect: &str) -> PartnerSpec {
    PartnerSpec {
        name: name.into(),
        redirect_uris: vec![redirect.into()],
        accesslink,
        approved: true,
        ..PartnerSpec::default()
    }
}

fn python() -> String {
    std::env::var("LAPS_PARTNER_PYTHON").unwrap_or_else(|_| "/tmp/laps-partner/bin/python".into())
}

/// Runs one of the client scripts in `tests/partner/` against the app and checks it passed.
async fn run_script(app: &TestApp, script: &str, args: &[&str]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/partner");
    let output = tokio::process::Command::new(python())
        .arg(dir.join(script))
        .args(args)
        .env("LAPS_URL", &app.base)
        .env("PYTHONPATH", &dir)
        .output()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (scripts/test installs the partner clients): {e}",
                python()
            )
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script} failed\n--- stdout\n{stdout}\n--- stderr\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("flow passed"), "{stdout}");
}

fn corpus_path(relative: &str) -> String {
    corpus_dir().join(relative).to_string_lossy().into_owned()
}

/// Ada (the administrator, signed in as `app`) opens sign-up; Bob signs up in his own browser.
pub(crate) async fn ada_and_bob(app: &TestApp) -> Browser {
    app.sign_up("ada", PASSWORD).await;
    app.call_with_csrf::<app::auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    let bob = app.new_browser();
    assert_eq!(bob.sign_up("bob", PASSWORD).await.status(), StatusCode::OK);
    bob
}

/// Signs `browser` in as a user and answers the consent page; returns the redirect target.
pub(crate) async fn consent(browser: &Browser, url: &str) -> String {
    let page = browser
        .client
        .get(url)
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    if page.status().is_redirection() {
        return location(&page);
    }
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let mut form: Vec<(String, String)> = hidden_inputs(&html);
    form.push(("decision".into(), "approve".into()));
    form.push(("csrf_token".into(), browser.csrf_token().await));
    let answer = browser
        .client
        .post(browser.url("/oauth/authorize"))
        .header(header::ACCEPT, "text/html")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::FOUND,
        "{:?}",
        answer.text().await
    );
    location(&answer)
}

pub(crate) fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}

/// The hidden fields of the consent form (the authorization request, echoed).
fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    html.split("<input")
        .skip(1) // the text before the first <input>
        .filter(|tag| tag.contains("type=\"hidden\"") && !tag.contains("csrf_token"))
        .filter_map(|tag| {
            let attr = |name: &str| {
                let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
                let end = tag[start..].find('"')? + start;
                Some(tag[start..end].replace("&amp;", "&"))
            };
            Some((attr("name")?, attr("value")?))
        })
        .collect()
}

pub(crate) fn param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// Consents (as `browser`'s user) to `client_id` with these extra parameters; the code issued.
async fn code_for(
    app: &TestApp,
    browser: &Browser,
    client_id: &str,
    extra: &[(&str, &str)],
) -> String {
    let back = consent(browser, &authorize_url(app, client_id, extra)).await;
    param(&back, "code").unwrap_or_else(|| panic!("no code in {back}"))
}

/// An authorization URL for `client_id` with these extra parameters.
pub(crate) fn authorize_url(app: &TestApp, client_id: &str, extra: &[(&str, &str)]) -> String {
    let mut query = vec![("response_type", "code"), ("client_id", client_id)];
    query.extend_from_slice(extra);
    let encoded = query
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.replace(':', "%3A")
                    .replace('/', "%2F")
                    .replace(' ', "%20")
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    app.url(&format!("/oauth/authorize?{encoded}"))
}

pub(crate) const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

pub(crate) const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

pub(crate) async fn token(
    app: &TestApp,
    form: &[(&str, &str)],
    basic: Option<(&str, &str)>,
) -> (StatusCode, Value) {
    let mut request = app.client.post(app.url("/oauth/token")).form(form);
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    (status, response.json().await.unwrap())
}

/// A token request that must be refused with this status and OAuth error code.
async fn refused(
    app: &TestApp,
    form: &[(&str, &str)],
    basic: Option<(&str, &str)>,
    status: StatusCode,
    code: &str,
) {
    let (got, body) = token(app, form, basic).await;
    assert_eq!(
        (got, body["error"].as_str()),
        (status, Some(code)),
        "{body}"
    );
}

/// Connects `browser`'s user to an AccessLink partner and registers them; returns
/// (access token, partner user id).
pub(crate) async fn connect_and_register(
    app: &TestApp,
    browser: &Browser,
    id: &str,
    secret: &str,
) -> (String, i64) {
    let back = consent(browser, &authorize_url(app, id, &[])).await;
    let (status, t) = token(
        app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &param(&back, "code").unwrap()),
        ],
        Some((id, secret)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    let access = t["access_token"].as_str().unwrap().to_owned();
    let registered = app
        .client
        .post(app.url("/v3/users"))
        .bearer_auth(&access)
        .json(&json!({ "member-id": "m" }))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), StatusCode::OK);
    (access, t["x_user_id"].as_i64().unwrap())
}

pub(crate) async fn upload(browser: &Browser, relative: &str) {
    let bytes = std::fs::read(corpus_dir().join(relative)).unwrap();
    let name = relative.rsplit('/').next().unwrap().to_owned();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name),
    );
    let response = browser
        .client
        .post(browser.url("/api/v1/uploads"))
        .header("x-csrf-token", browser.csrf_token().await)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

/// What the loopback webhook receiver saw.
#[derive(Default)]
pub(crate) struct Received {
    /// (event header, signature header, body) of every request.
    pub(crate) requests: Vec<(String, String, String)>,
    /// How many EXERCISE deliveries to refuse with 500 before accepting.
    pub(crate) refuse: usize,
}

pub(crate) async fn receiver() -> (String, Arc<Mutex<Received>>) {
    use axum::{extract::State, http::HeaderMap, routing::post};
    let seen = Arc::new(Mutex::new(Received {
        refuse: 2,
        ..Received::default()
    }));
    async fn hook(
        State(seen): State<Arc<Mutex<Received>>>,
        headers: HeaderMap,
        body: String,
    ) -> StatusCode {
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let mut seen = seen.lock().unwrap();
        let event = get("polar-webhook-event");
        seen.requests
            .push((event.clone(), get("polar-webhook-signature"), body));
        if event == "EXERCISE" && seen.refuse > 0 {
            seen.refuse -= 1;
            return StatusCode::INTERNAL_SERVER_ERROR;
        }
        StatusCode::OK
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let router = axum::Router::new()
        .route("/hook", post(hook))
        .with_state(Arc::clone(&seen));
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });
    (url, seen)
}

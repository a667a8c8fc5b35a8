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

pub(crate) const ROUTE_FIT: &str = "fit/fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit";
const RR_HRM: &str = "hrm/hrmparser__polarRS800-RR.hrm";
pub(crate) const REDIRECT: &str = "http://127.0.0.1:8765/cb";

/// A server whose transactions expire in 2 s, whose webhooks may call loopback and retry after
/// a second.
pub(crate) async fn spawn(backend: Backend) -> TestApp {
    let mut s = settings();
    s.partner_transaction_seconds = Some(2);
    s.webhook_allow_private = Some(true);
    s.webhook_retry_seconds = Some(1);
    spawn_app_with(backend, s).await
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

async fn polar_accesslink_library_runs_the_whole_flow(backend: Backend) {
    let app = spawn(backend).await;
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

async fn standard_clients_use_pkce_refresh_revocation_and_introspection(backend: Backend) {
    let app = spawn(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (id, secret) = add_partner(&app, approved("Analyzer", false, REDIRECT)).await;
    run_script(
        &app,
        "standard_flow.py",
        &[&id, &secret, REDIRECT, "ada", PASSWORD],
    )
    .await;
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

async fn the_rust_oauth2_crate_completes_a_pkce_flow(backend: Backend) {
    let app = spawn(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (id, secret) = add_partner(&app, approved("Rusty", false, REDIRECT)).await;
    let client = BasicClient::new(ClientId::new(id))
        .set_client_secret(ClientSecret::new(secret))
        .set_auth_uri(AuthUrl::new(app.url("/oauth/authorize")).unwrap())
        .set_token_uri(TokenUrl::new(app.url("/oauth/token")).unwrap())
        .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scope(OAuthScope::new("workouts:read".into()))
        .set_pkce_challenge(challenge)
        .url();
    let back = consent(&app, url.as_str()).await;
    assert_eq!(
        param(&back, "state").as_deref(),
        Some(state.secret().as_str())
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token = client
        .exchange_code(AuthorizationCode::new(param(&back, "code").unwrap()))
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .expect("the token exchange succeeds");
    assert!(token.refresh_token().is_some());
    let me = app
        .client
        .post(app.url("/v3/users"))
        .bearer_auth(token.access_token().secret())
        .json(&json!({ "member-id": "rust" }))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let refreshed = client
        .exchange_refresh_token(token.refresh_token().unwrap())
        .request_async(&http)
        .await
        .expect("the refresh succeeds");
    assert_ne!(
        refreshed.access_token().secret(),
        token.access_token().secret()
    );
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

async fn bad_authorization_requests_are_refused(backend: Backend) {
    let app = spawn(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (std_id, std_secret) = add_partner(&app, approved("Analyzer", false, REDIRECT)).await;
    let (al_id, al_secret) = add_partner(&app, approved("Coach", true, REDIRECT)).await;
    let page = |url: String| {
        let client = app.client.clone();
        async move {
            client
                .get(url)
                .header(header::ACCEPT, "text/html")
                .send()
                .await
                .unwrap()
        }
    };

    // A redirect URI that is not registered exactly: a page, never a redirect.
    let wrong = page(authorize_url(
        &app,
        &std_id,
        &[
            ("redirect_uri", "http://127.0.0.1:8765/cb/evil"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    ))
    .await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert!(wrong.headers().get(header::LOCATION).is_none());
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("not one it registered")
    );
    let unknown = page(authorize_url(&app, "nobody", &[])).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);

    // A standard partner without PKCE, a plain challenge, a scope it may not have.
    let no_pkce = page(authorize_url(&app, &std_id, &[("state", "s1")])).await;
    let back = location(&no_pkce);
    assert!(back.starts_with(REDIRECT));
    assert_eq!(param(&back, "error").as_deref(), Some("invalid_request"));
    assert_eq!(param(&back, "state").as_deref(), Some("s1"));
    let plain = location(
        &page(authorize_url(
            &app,
            &std_id,
            &[
                ("code_challenge", VERIFIER),
                ("code_challenge_method", "plain"),
            ],
        ))
        .await,
    );
    assert_eq!(param(&plain, "error").as_deref(), Some("invalid_request"));
    let scope = location(&page(authorize_url(&app, &al_id, &[("scope", "workouts:read")])).await);
    assert_eq!(param(&scope, "error").as_deref(), Some("invalid_scope"));
    let unknown_scope = location(
        &page(authorize_url(
            &app,
            &std_id,
            &[
                ("scope", "admin"),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        ))
        .await,
    );
    assert_eq!(
        param(&unknown_scope, "error").as_deref(),
        Some("invalid_scope")
    );
    let implicit = location(
        &page(
            authorize_url(&app, &al_id, &[]).replace("response_type=code", "response_type=token"),
        )
        .await,
    );
    assert_eq!(
        param(&implicit, "error").as_deref(),
        Some("unsupported_response_type")
    );

    // PKCE downgrade: the code was bound to a challenge; the token request drops the verifier.
    let code = code_for(
        &app,
        &app,
        &std_id,
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    refused(
        &app,
        &[("grant_type", "authorization_code"), ("code", &code)],
        Some((&std_id, &std_secret)),
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    // The other way round: a verifier for a code issued without a challenge.
    let code = code_for(&app, &app, &al_id, &[]).await;
    refused(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("code_verifier", VERIFIER),
        ],
        Some((&al_id, &al_secret)),
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;

    // A code is bound to its client and to the redirect URI sent with it.
    let code = code_for(&app, &app, &al_id, &[("redirect_uri", REDIRECT)]).await;
    // redirect_uri must be repeated
    refused(
        &app,
        &[("grant_type", "authorization_code"), ("code", &code)],
        Some((&al_id, &al_secret)),
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    let code = code_for(&app, &app, &al_id, &[]).await;
    // another client's code
    refused(
        &app,
        &[("grant_type", "authorization_code"), ("code", &code)],
        Some((&std_id, &std_secret)),
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;

    // Client authentication.
    refused(
        &app,
        &[("grant_type", "authorization_code"), ("code", "x")],
        Some((&al_id, "wrong")),
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    // Basic and body disagree
    refused(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("client_id", &std_id),
            ("client_secret", &std_secret),
        ],
        Some((&al_id, &al_secret)),
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    refused(
        &app,
        &[
            ("grant_type", "password"),
            ("client_id", &al_id),
            ("client_secret", &al_secret),
        ],
        None,
        StatusCode::BAD_REQUEST,
        "unsupported_grant_type",
    )
    .await;
}

async fn suspended_and_sandbox_partners_are_held_back(backend: Backend) {
    let app = spawn(backend).await;
    let bob = ada_and_bob(&app).await;
    let ada = app.current_user().await.unwrap();
    let (al_id, al_secret) = add_partner(&app, approved("Coach", true, REDIRECT)).await;
    let (sandbox_id, _) = add_partner(
        &app,
        PartnerSpec {
            owner: Some(ada.id),
            approved: false,
            ..approved("Beta", true, REDIRECT)
        },
    )
    .await;

    // Sandbox: the owner may connect it, bob may not.
    let back = consent(&app, &authorize_url(&app, &sandbox_id, &[])).await;
    assert!(param(&back, "code").is_some(), "{back}");
    let refused = consent(&bob, &authorize_url(&app, &sandbox_id, &[])).await;
    assert_eq!(param(&refused, "error").as_deref(), Some("access_denied"));

    // A token works until the partner is suspended; then it, its client credentials and its
    // authorization requests are refused.
    let back = consent(&app, &authorize_url(&app, &al_id, &[])).await;
    let (status, t) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &param(&back, "code").unwrap()),
        ],
        Some((&al_id, &al_secret)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let access = t["access_token"].as_str().unwrap().to_owned();
    let register = |token: String| {
        let client = app.client.clone();
        let url = app.url("/v3/users");
        async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({ "member-id": "m" }))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(register(access.clone()).await.status(), StatusCode::OK);
    partners(&app)
        .await
        .set_status(&al_id, db::PartnerStatus::Suspended)
        .await
        .unwrap();
    assert_eq!(
        register(access.clone()).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let notes = app
        .client
        .get(app.url("/v3/notifications"))
        .basic_auth(&al_id, Some(&al_secret))
        .send()
        .await
        .unwrap();
    assert_eq!(notes.status(), StatusCode::UNAUTHORIZED);
    let page = app
        .client
        .get(authorize_url(&app, &al_id, &[]))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    assert!(page.text().await.unwrap().contains("suspended"));
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

async fn webhooks_ping_sign_retry_and_deliver_once_across_instances(backend: Backend) {
    let app = spawn(backend).await;
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

async fn connected_apps_are_listed_and_disconnected_over_the_json_api(backend: Backend) {
    let app = spawn(backend).await;
    let bob = ada_and_bob(&app).await;
    let (id, secret) = add_partner(&app, approved("Coach", true, REDIRECT)).await;
    let (access, user_id) = connect_and_register(&app, &app, &id, &secret).await;
    let list = |browser: &Browser| {
        let request = browser.client.get(browser.url("/api/v1/me/connections"));
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let mine = list(&app).await;
    assert_eq!(mine["connections"][0]["client_id"], id.as_str());
    assert_eq!(
        mine["connections"][0]["scopes"],
        json!(["accesslink.read_all"])
    );
    assert_eq!(mine["connections"][0]["registered"], true);
    assert!(
        mine["connections"][0]["last_used_at"].is_i64(),
        "the registration used the token"
    );
    assert_eq!(
        list(&bob).await["connections"],
        json!([]),
        "nobody sees another's connections"
    );

    let bobs_try = bob
        .client
        .delete(bob.url(&format!("/api/v1/me/connections/{id}")))
        .header("x-csrf-token", bob.csrf_token().await)
        .send()
        .await
        .unwrap();
    assert_eq!(bobs_try.status(), StatusCode::NOT_FOUND);
    let gone = app
        .client
        .delete(app.url(&format!("/api/v1/me/connections/{id}")))
        .header("x-csrf-token", app.csrf_token().await)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let after = app
        .client
        .get(app.url(&format!("/v3/users/{user_id}")))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.status(),
        StatusCode::UNAUTHORIZED,
        "disconnecting revokes the token"
    );
    assert_eq!(list(&app).await["connections"], json!([]));
}

async fn a_public_client_proves_itself_with_pkce_alone(backend: Backend) {
    let app = spawn(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let spec = PartnerSpec {
        public: true,
        ..approved("Phone app", false, "com.example.phone:/cb")
    };
    let (id, secret) = add_partner(&app, spec).await;
    assert!(secret.is_empty(), "a public client has no secret");
    let back = consent(
        &app,
        &authorize_url(
            &app,
            &id,
            &[
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        ),
    )
    .await;
    assert!(back.starts_with("com.example.phone:/cb?"), "{back}");
    let code = param(&back, "code").unwrap();
    refused(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &id),
            (
                "code_verifier",
                "a-wrong-verifier-of-the-right-length-0123456789",
            ),
        ],
        None,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    // The failed attempt spent the code: the right verifier needs a new one.
    let code = code_for(
        &app,
        &app,
        &id,
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    let (status, body) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &id),
            ("code_verifier", VERIFIER),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["refresh_token"].is_string() && body["expires_in"] == 3600);
    // Without a challenge it may not even start.
    let page = app
        .client
        .get(authorize_url(&app, &id, &[]))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        param(&location(&page), "error").as_deref(),
        Some("invalid_request")
    );
    // Its refresh tokens are bound to it: another client cannot use them.
    let refresh = body["refresh_token"].as_str().unwrap();
    let (other, other_secret) = add_partner(&app, approved("Other", false, REDIRECT)).await;
    refused(
        &app,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
        Some((&other, &other_secret)),
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    let (status, renewed) = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", &id),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
}

db::on_both_backends!(
    a_public_client_proves_itself_with_pkce_alone,
    connected_apps_are_listed_and_disconnected_over_the_json_api,
    webhooks_are_changed_paused_and_deleted,
    the_rate_limit_answers_429_with_its_headers,
    polar_accesslink_library_runs_the_whole_flow,
    standard_clients_use_pkce_refresh_revocation_and_introspection,
    the_rust_oauth2_crate_completes_a_pkce_flow,
    bad_authorization_requests_are_refused,
    suspended_and_sandbox_partners_are_held_back,
    users_transactions_and_errors_follow_accesslink,
    webhooks_ping_sign_retry_and_deliver_once_across_instances,
);

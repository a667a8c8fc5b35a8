//! The OAuth provider: standard clients (Authlib, requests-oauthlib, the Rust `oauth2` crate),
//! refusals, partner status, connections and public clients.

use db::Backend;

use super::*;

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

/// While an administrator keeps bob's account disabled, his partner app's tokens are inactive
/// and cannot be refreshed, but can still be revoked; enabled again, what was not revoked works.
async fn a_disabled_accounts_partner_tokens_are_refused_but_can_be_revoked(backend: Backend) {
    let app = spawn(backend).await;
    let bob = ada_and_bob(&app).await;
    let (id, secret) = add_partner(&app, approved("Coach", false, REDIRECT)).await;
    let pkce = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let issue = |code: String| {
        let (id, secret) = (id.clone(), secret.clone());
        let app = &app;
        async move {
            let (status, t) = token(
                app,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("code_verifier", VERIFIER),
                ],
                Some((&id, &secret)),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{t}");
            (
                t["access_token"].as_str().unwrap().to_owned(),
                t["refresh_token"].as_str().unwrap().to_owned(),
            )
        }
    };
    let (access, refresh) = issue(code_for(&app, &bob, &id, &pkce).await).await;
    let (_, other_refresh) = issue(code_for(&app, &bob, &id, &pkce).await).await;
    let code = code_for(&app, &bob, &id, &pkce).await;
    let active = |t: String| {
        let (id, secret) = (id.clone(), secret.clone());
        let app = &app;
        async move {
            let answer: Value = app
                .client
                .post(app.url("/oauth/introspect"))
                .basic_auth(id, Some(secret))
                .form(&[("token", t)])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            answer["active"].as_bool().unwrap()
        }
    };
    assert!(active(access.clone()).await);

    let bob_id = bob.current_user().await.unwrap().id.to_string();
    let disable = |on: &'static str| {
        let bob_id = bob_id.clone();
        let app = &app;
        async move {
            app.call_with_csrf::<app::admin::SetAccountDisabled>(&[
                ("id", &bob_id),
                ("disable", on),
            ])
            .await
        }
    };
    disable("true").await;
    assert!(!active(access.clone()).await, "inactive while disabled");
    let (status, answer) = token(
        &app,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
        Some((&id, &secret)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"], "invalid_grant");
    let (status, _) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("code_verifier", VERIFIER),
        ],
        Some((&id, &secret)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "no new tokens from a code either"
    );
    // Revoked while disabled: it stays revoked.
    let revoked = app
        .client
        .post(app.url("/oauth/revoke"))
        .basic_auth(&id, Some(&secret))
        .form(&[("token", other_refresh.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);

    disable("false").await;
    assert!(active(access).await, "back once enabled");
    let (status, _) = token(
        &app,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
        Some((&id, &secret)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the refresh token was not spent by the refusal"
    );
    let (status, _) = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &other_refresh),
        ],
        Some((&id, &secret)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the revoked one stays revoked"
    );
}

db::on_both_backends!(
    a_disabled_accounts_partner_tokens_are_refused_but_can_be_revoked,
    standard_clients_use_pkce_refresh_revocation_and_introspection,
    the_rust_oauth2_crate_completes_a_pkce_flow,
    bad_authorization_requests_are_refused,
    suspended_and_sandbox_partners_are_held_back,
    connected_apps_are_listed_and_disconnected_over_the_json_api,
    a_public_client_proves_itself_with_pkce_alone,
);

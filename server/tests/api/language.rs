//! The interface's language over HTTP: the browser's `Accept-Language` until the athlete
//! chooses one in Settings, then the choice, on pages and in the messages server functions
//! answer with; `Content-Language` names it.

use db::Backend;
use reqwest::{StatusCode, header};

use crate::{
    PASSWORD,
    helpers::{Browser, app_error, preferences_form, spawn_app},
};

/// The page's `<html lang>`, its `Content-Language` and its text.
async fn page_in(browser: &Browser, path: &str, accept: Option<&str>) -> (String, String, String) {
    let mut request = browser
        .client
        .get(browser.url(path))
        .header(header::ACCEPT, "text/html");
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT_LANGUAGE, accept);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let vary: Vec<_> = response
        .headers()
        .get_all(header::VARY)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        vary.iter().any(|v| v.contains("Accept-Language")),
        "{path} varies by language: {vary:?}"
    );
    let content_language = response
        .headers()
        .get(header::CONTENT_LANGUAGE)
        .expect("Content-Language")
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();
    let lang = html
        .split("<html lang=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("<html lang>")
        .to_owned();
    (lang, content_language, html)
}

async fn save_language(browser: &Browser, code: &str) {
    let form = preferences_form(&[("language", code)]);
    let saved = browser
        .call_with_csrf::<app::workouts::SavePreferences>(&form)
        .await;
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{}",
        saved.status()
    );
}

async fn pages_speak_the_browsers_language_until_the_athlete_chooses_one(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);

    let (lang, content, html) = page_in(&app, "/fitness", None).await;
    assert_eq!((lang.as_str(), content.as_str()), ("en", "en"));
    assert!(html.contains(">Calendar<") && html.contains("No training load in the last year."));

    let (lang, content, html) = page_in(&app, "/fitness", Some("it-IT, de;q=0.8, en;q=0.5")).await;
    assert_eq!((lang.as_str(), content.as_str()), ("de", "de"));
    assert!(html.contains(">Kalender<"), "the frame in German");
    assert!(html.contains("Keine Trainingsbelastung im letzten Jahr."));
    assert!(
        !html.contains("No training load"),
        "nothing left in English"
    );

    // The account's choice wins over the browser's.
    save_language(&app, "fr").await;
    let (lang, content, html) = page_in(&app, "/fitness", Some("de")).await;
    assert_eq!((lang.as_str(), content.as_str()), ("fr", "fr"));
    assert!(html.contains(">Calendrier<") && html.contains("Aucune charge d’entraînement"));

    // Back to the browser's.
    save_language(&app, "").await;
    let (lang, _, _) = page_in(&app, "/fitness", Some("de")).await;
    assert_eq!(lang, "de");

    // A page's refusal, worded by the page in its language rather than by the service.
    let (_, _, html) = page_in(&app, "/stats?year=999", Some("de")).await;
    assert!(
        html.contains("Statistiken gibt es für die Jahre 1000 bis 9999."),
        "the stats page refuses the year in German"
    );

    // A hostile header (thousands of entries, odd qualities) costs nothing and picks nothing.
    let junk = (0..4000)
        .map(|i| format!("x{i};q=0.{}", i % 10))
        .collect::<Vec<_>>()
        .join(",");
    let (lang, _, _) = page_in(&app.new_browser(), "/signin", Some(&format!("{junk},de"))).await;
    assert_eq!(lang, "en", "entries past the first 32 are not read");

    // Someone else, signed out, is unaffected by Ada's choice.
    save_language(&app, "fr").await;
    let visitor = app.new_browser();
    let (lang, _, _) = page_in(&visitor, "/signin", None).await;
    assert_eq!(lang, "en");
}

/// A server function's refusal is worded in the request's language, with its data: the wrong
/// password, the username rules, and a form without script coming back to its page.
async fn refusals_speak_the_requests_language(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let visitor = app.new_browser();
    let token = visitor.csrf_token().await;
    let sign_in = |language: &'static str, password: &'static str| {
        let (visitor, token) = (&visitor, &token);
        async move {
            let response = visitor
                .client
                .post(visitor.url(<app::auth::SignIn as leptos::server_fn::ServerFn>::PATH))
                .header(header::ACCEPT, "application/json")
                .header(header::ACCEPT_LANGUAGE, language)
                .form(&[
                    ("username", "ada"),
                    ("password", password),
                    ("csrf_token", token),
                ])
                .send()
                .await
                .unwrap();
            app_error(response).await
        }
    };
    let (status, german) = sign_in("de-CH", "not the password").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        german,
        app::AppError::Refused("Benutzername oder Passwort ist falsch.".into())
    );
    let (_, french) = sign_in("fr", "still not it").await;
    assert_eq!(
        french,
        app::AppError::Refused("Nom d’utilisateur ou mot de passe incorrect.".into())
    );
    let (_, english) = sign_in("en-GB", "nor this").await;
    assert_eq!(
        english,
        app::AppError::Refused("Wrong username or password.".into())
    );

    // A rule with its figure, next to its field (Ada adds an account).
    let token = app.csrf_token().await;
    let long_name = "x".repeat(40);
    let response = app
        .client
        .post(app.url(<app::admin::AddAccount as leptos::server_fn::ServerFn>::PATH))
        .header(header::ACCEPT, "application/json")
        .header(header::ACCEPT_LANGUAGE, "de")
        .form(&[
            ("username", long_name.as_str()),
            ("password", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let (_, error) = app_error(response).await;
    let message = error.for_field("username").expect("next to the username");
    assert!(
        message.contains("32") && !message.contains("Usernames"),
        "{message}"
    );
}

db::on_both_backends!(
    pages_speak_the_browsers_language_until_the_athlete_chooses_one,
    refusals_speak_the_requests_language,
);

//! The Laps web interface: pages, components and server functions.
//!
//! Built twice from the same source: with feature `ssr` into the `laps` server, which renders
//! every page to HTML (pages and forms work without any WebAssembly), and with feature
//! `hydrate` into the WebAssembly bundle, which holds only the islands (`#[island]`): the parts
//! that need script (the upload drop zone, the chart readout). Forms post as plain HTML and come
//! back through a redirect ([`done`] on success; Leptos echoes errors).
//!
//! - [`pages`]: one module per route, listed in [`App`]'s route table;
//! - [`components`]: pieces shared by pages (layout, form fields, chart);
//! - [`auth`], [`admin`], [`workouts`], [`gear`], [`stats`], [`partners`]: the server functions, and the
//!   context that knows who is signed in;
//! - [`csrf`]: the anti-forgery token every form carries;
//! - [`error`]: the one error type server functions return;
//! - [`i18n`]: the `t!` macro, which gives every string in the page's language.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[macro_use]
pub mod i18n;

pub mod admin;
pub mod answers;
pub mod auth;
pub mod ble;
pub mod components;
pub mod csrf;
pub mod error;
pub mod gear;
pub mod pages;
pub mod partners;
#[cfg(feature = "ssr")]
pub mod reveal;
pub mod stats;
pub mod time_zone;
pub mod tokens;
pub mod workouts;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

pub use components::KeptForm;
pub use csrf::CsrfToken;

/// After a state-changing server function succeeded: back to `page` with `?done=1`, which the
/// page's [`components::FormMessage`] shows as its success note. Forms post as plain HTML (the
/// app hydrates islands only), so this redirect is how the result reaches the page.
#[cfg(feature = "ssr")]
pub fn done(page: &str) {
    leptos_axum::redirect(&format!("{page}?done=1"));
}
pub use error::AppError;

/// The HTML document around the app, rendered on the server only.
///
/// `asset_version` is appended to the stylesheet URL so browsers fetch a new one after an
/// upgrade while caching it for a long time in between.
pub fn shell(options: LeptosOptions, css_href: String) -> impl IntoView {
    let csrf = CsrfToken::from_request().unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html lang=i18n::language().code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <meta name=csrf::META_NAME content=csrf.0 />
                <link rel="stylesheet" href=css_href />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                // Installable to a phone's home screen: the manifest names the app and its icons.
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
                <meta name="theme-color" content="#c8401b" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: contexts, layout and the route table.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    csrf::provide_csrf_context();

    view! {
        <Title formatter=|title: String| if title.is_empty() { "Laps".to_owned() } else { format!("{title} · Laps") } />
        <Router>
            <components::Layout>
                // Async: each page is rendered whole before it is sent, so a page can still
                // redirect (e.g. to sign-in) with a real 302.
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Home ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=pages::SignIn ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=pages::SignUp ssr=SsrMode::Async />
                    <Route path=path!("/settings/password") view=pages::ChangePassword ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=pages::Admin ssr=SsrMode::Async />
                    <Route path=path!("/upload") view=pages::Upload ssr=SsrMode::Async />
                    <Route path=path!("/calendar") view=pages::Calendar ssr=SsrMode::Async />
                    <Route path=path!("/calendar/:year") view=pages::CalendarYear ssr=SsrMode::Async />
                    <Route path=path!("/calendar/:year/:month") view=pages::Calendar ssr=SsrMode::Async />
                    <Route path=path!("/workouts") view=pages::WorkoutList ssr=SsrMode::Async />
                    <Route path=path!("/workouts/:id") view=pages::Workout ssr=SsrMode::Async />
                    <Route path=path!("/gear") view=pages::GearPage ssr=SsrMode::Async />
                    <Route path=path!("/records") view=pages::RecordsPage ssr=SsrMode::Async />
                    <Route path=path!("/curves") view=pages::CurvesPage ssr=SsrMode::Async />
                    <Route path=path!("/fitness") view=pages::FitnessPage ssr=SsrMode::Async />
                    <Route path=path!("/map") view=pages::MapPage ssr=SsrMode::Async />
                    <Route path=path!("/stats") view=pages::StatsPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=pages::Settings ssr=SsrMode::Async />
                    <Route path=path!("/settings/connections") view=pages::Connections ssr=SsrMode::Async />
                    <Route path=path!("/settings/time-zone") view=pages::TimeZoneMove ssr=SsrMode::Async />
                    <Route path=path!("/settings/tokens") view=pages::Tokens ssr=SsrMode::Async />
                    <Route path=path!("/activity/:date") view=pages::Activity ssr=SsrMode::Async />
                    <Route path=path!("/record") view=pages::Record ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=pages::AdminUsers ssr=SsrMode::Async />
                    <Route path=path!("/admin/partners") view=pages::Partners ssr=SsrMode::Async />
                    <Route path=path!("/oauth/authorize") view=pages::Consent ssr=SsrMode::Async />
                    <Route path=path!("/oauth2/authorization") view=pages::Consent ssr=SsrMode::Async />
                </Routes>
            </components::Layout>
        </Router>
    }
}

/// The WebAssembly entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Islands: only the interactive parts (drop zone, chart readouts) are hydrated; every
    // page is otherwise plain server-rendered HTML, and forms post without script.
    hydrate_islands();
    // A signal for people and tests alike that the page is now interactive.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        body.set_attribute("data-hydrated", "true").ok();
    }
}

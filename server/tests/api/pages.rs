//! Rendering the pages: one server render calls each of its data functions once.
//!
//! A page's data function calls one service method that opens a span of its own (see
//! `server_log`); Leptos' work for a request runs in the request's span, so counting that
//! method's spans under the request's id counts the calls.

use db::Backend;

use crate::{PASSWORD, helpers::spawn_app};

async fn each_page_calls_its_data_function_once_per_render(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    // (page, the service and its method that the page's data function calls once)
    let cases = [
        ("/", "workouts", "list"),
        ("/calendar", "workouts", "calendar_month"),
        ("/calendar/2024/03", "workouts", "calendar_month"),
        ("/calendar/2024", "workouts", "calendar_year"),
        ("/workouts", "workouts", "list"),
        ("/workouts/999", "workouts", "detail"),
        ("/gear", "workouts", "gear_items"),
        ("/map", "workouts", "map_routes"),
        ("/stats", "workouts", "stats"),
        ("/stats?period=week&year=2013", "workouts", "year_days"),
        ("/activity/2024-03-09", "workouts", "activity_days"),
        ("/settings", "auth", "preferences"),
        ("/settings/tokens", "auth", "preferences"),
        ("/settings/connections", "partner", "connections"),
        ("/admin", "auth", "users"),
        ("/admin/partners", "partner", "partners"),
        (
            "/oauth/authorize?response_type=code&client_id=nobody&redirect_uri=https%3A%2F%2Fx.example%2Fcb",
            "partner",
            "authorize",
        ),
    ];
    for (page, service, method) in cases {
        let counts = app.page_span_counts(page, &[(service, method)]).await;
        assert_eq!(
            counts,
            [1],
            "{page}: calls of {service}'s `{method}` in one render"
        );
    }
}

db::on_both_backends!(each_page_calls_its_data_function_once_per_render);

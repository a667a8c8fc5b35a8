//! Changing the time zone moves the workouts that took their local time from it: the preview
//! and the move (the settings form sends the athlete to the preview when there are any).

use domain::ZoneMovePreview;
use leptos::{prelude::*, server_fn::codec::GetUrl};

use crate::AppError;

/// `/settings/time-zone?from=ZONE`, the zone written for a query (`+` would read as a space).
pub fn preview_href(from: &str) -> String {
    format!("/settings/time-zone?from={}", from.replace('+', "%2B"))
}

/// The signed-in user and the zone they have set now (where the workouts would go).
#[cfg(feature = "ssr")]
async fn user_and_zone(from: &str) -> Result<(domain::User, String), AppError> {
    let user = crate::auth::require_user().await?;
    // Named here, in the page's language (the service refuses it too, in English).
    if !workouts::zone::is_known_zone(from) {
        return Err(AppError::Field {
            field: "time_zone".to_owned(),
            message: crate::workouts::preference_message(&domain::PreferenceError::TimeZone(
                from.to_owned(),
            )),
        });
    }
    let zone = crate::auth::ssr_accounts()?
        .preferences(user.id)
        .await?
        .time_zone;
    Ok((user, zone))
}

/// What moving the workouts placed in `from` to the athlete's current zone would do.
#[server(input = GetUrl)]
pub async fn zone_move_page(
    /// The zone the workouts have now (the one the athlete left).
    from: String,
) -> Result<ZoneMovePreview, AppError> {
    let (user, to) = user_and_zone(&from).await?;
    Ok(crate::workouts::ssr::service()?
        .zone_move_preview(user.id, &from, &to)
        .await?)
}

/// Moves the workouts placed in `from` to the athlete's current zone.
#[server]
pub async fn move_workouts_zone(
    /// The zone the workouts have now.
    from: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let (user, to) = user_and_zone(&from).await?;
    let moved = crate::workouts::ssr::service()?
        .move_zone(user.id, &from, &to)
        .await?;
    leptos_axum::redirect(&format!("/settings?moved={moved}"));
    Ok(())
}

//! Daily activity as a wearable syncs it: the hours of a day.

use serde::{Deserialize, Serialize};

/// One hour of a day's activity, as a wearable sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityHour {
    /// 0 to 23, local time.
    pub hour: u8,
    /// Steps.
    #[serde(default)]
    pub steps: u32,
    /// Active calories, kcal.
    #[serde(default)]
    pub active_calories: u32,
    /// Active time, seconds.
    #[serde(default)]
    pub active_seconds: u32,
}

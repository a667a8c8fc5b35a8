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

/// Checks a day's figures for what no person can do in a day (at most 200,000 steps, 20,000
/// kcal of active energy, 86,400 s of active time), and its hours for 0 to 23, each once,
/// within the day's figures. Sorts the hours. Every door (the sync API, archives) checks days
/// with this, so the store never holds an impossible one.
pub fn check_day(
    steps: u32,
    active_kcal: u32,
    active_s: u32,
    hours: &mut [ActivityHour],
) -> Result<(), &'static str> {
    if steps > 200_000 || active_kcal > 20_000 || active_s > 86_400 {
        return Err("impossible figures (at most 200,000 steps, 20,000 kcal, 86,400 s)");
    }
    hours.sort_by_key(|h| h.hour);
    if hours
        .iter()
        .any(|h| h.hour > 23 || h.active_seconds > 3600 || h.steps > steps)
        || hours.windows(2).any(|w| w[0].hour == w[1].hour)
    {
        return Err("hours must be 0 to 23, each once, within the day's figures");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_days_and_hours_are_refused_and_hours_sorted() {
        let hour = |hour, steps| ActivityHour {
            hour,
            steps,
            ..ActivityHour::default()
        };
        assert!(check_day(200_001, 0, 0, &mut []).is_err());
        assert!(check_day(0, 20_001, 0, &mut []).is_err());
        assert!(check_day(0, 0, 86_401, &mut []).is_err());
        assert!(check_day(10, 0, 0, &mut [hour(24, 1)]).is_err());
        assert!(check_day(10, 0, 0, &mut [hour(3, 11)]).is_err());
        assert!(check_day(10, 0, 0, &mut [hour(3, 1), hour(3, 2)]).is_err());
        let mut hours = [hour(9, 5), hour(8, 5)];
        assert!(check_day(10, 0, 0, &mut hours).is_ok());
        assert_eq!((hours[0].hour, hours[1].hour), (8, 9));
    }
}

//! Times as AccessLink writes them (the /v3 answers and the webhook events).

use domain::Date;

/// `2024-05-01T07:00:00Z` (or with milliseconds when there are any).
pub fn iso_utc(ms: i64) -> String {
    format!("{}Z", iso_local(ms, 0))
}

/// The local wall-clock time at `offset_min` east of UTC, without an offset:
/// `2024-05-01T09:00:00`.
pub fn iso_local(ms: i64, offset_min: i32) -> String {
    // Stored times come from files: saturate rather than wrap on absurd ones.
    let local = ms.saturating_add(i64::from(offset_min) * 60_000);
    let day = Date::from_days(local.div_euclid(86_400_000));
    let in_day = local.rem_euclid(86_400_000);
    let (h, m, s, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    if milli == 0 {
        format!("{day}T{h:02}:{m:02}:{s:02}")
    } else {
        format!("{day}T{h:02}:{m:02}:{s:02}.{milli:03}")
    }
}

/// An ISO 8601 duration: `PT1H2M3S`, `PT4.5S`, `PT0S`.
pub fn iso_duration(ms: i64) -> String {
    let ms = ms.max(0);
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut out = String::from("PT");
    if h > 0 {
        out += &format!("{h}H");
    }
    if m > 0 {
        out += &format!("{m}M");
    }
    if milli > 0 {
        out += &format!("{s}.{milli:03}S");
    } else if s > 0 || (h == 0 && m == 0) {
        out += &format!("{s}S");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_times_and_durations_as_accesslink_does() {
        // 2024-05-01T07:00:00Z.
        let ms = 1_714_546_800_000;
        assert_eq!(iso_utc(ms), "2024-05-01T07:00:00Z");
        assert_eq!(iso_local(ms, 120), "2024-05-01T09:00:00");
        assert_eq!(iso_local(ms, -480), "2024-04-30T23:00:00");
        assert_eq!(iso_duration(3_723_000), "PT1H2M3S");
        assert_eq!(iso_duration(4_500), "PT4.500S");
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(7_200_000), "PT2H");
    }
}

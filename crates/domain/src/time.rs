//! Instants: milliseconds since the Unix epoch, in UTC, the unit of every stored time, and the
//! one place that reads the clock.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Date;

/// An instant, in whole milliseconds since 1970-01-01T00:00:00Z (UTC).
///
/// Serialised as the bare number, so JSON and stored columns keep their `*_ms` integers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The Unix epoch.
    pub const EPOCH: Self = Self(0);

    /// The current time, from the system clock (on the server) or the browser's `Date.now()`
    /// (in the WebAssembly build, where `SystemTime` panics). A clock set before 1970 reads as
    /// the epoch.
    pub fn now() -> Self {
        Self(clock_ms())
    }

    /// The instant `ms` milliseconds after the Unix epoch.
    #[inline]
    pub const fn from_unix_ms(ms: i64) -> Self {
        Self(ms)
    }

    /// The instant `s` seconds after the Unix epoch.
    #[inline]
    pub const fn from_unix_s(s: i64) -> Self {
        Self(s.saturating_mul(1000))
    }

    /// Milliseconds since the Unix epoch.
    #[inline]
    pub const fn unix_ms(self) -> i64 {
        self.0
    }

    /// This instant moved by `ms` milliseconds.
    #[inline]
    #[must_use]
    pub const fn add_ms(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self` (negative if `earlier` is later).
    #[inline]
    pub const fn ms_since(self, earlier: Self) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// The local day number (days since 1970-01-01) of this instant at an offset of
    /// `offset_min` minutes east of UTC.
    pub fn local_days(self, offset_min: i32) -> i64 {
        (self.0 + i64::from(offset_min) * 60_000).div_euclid(86_400_000)
    }
}

/// RFC 3339 in UTC: `2024-05-01T07:30:00Z`, with `.123` when the milliseconds are not zero.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = Date::from_days(self.0.div_euclid(86_400_000));
        let ms = self.0.rem_euclid(86_400_000);
        let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        write!(
            f,
            "{:04}-{:02}-{:02}T{h:02}:{m:02}:{s:02}",
            date.year.max(0),
            date.month,
            date.day
        )?;
        if milli != 0 {
            write!(f, ".{milli:03}")?;
        }
        f.write_str("Z")
    }
}

/// The clock, unix milliseconds.
#[cfg(not(target_arch = "wasm32"))]
fn clock_ms() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(now.as_millis()).unwrap_or(i64::MAX)
}

/// The clock, unix milliseconds: `std::time::SystemTime` is not available in the browser.
#[cfg(target_arch = "wasm32")]
fn clock_ms() -> i64 {
    js_sys::Date::now() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_serialise_as_bare_milliseconds() {
        let t = Timestamp::from_unix_s(1_714_548_600);
        assert_eq!(serde_json::to_string(&t).unwrap(), "1714548600000");
        assert_eq!(
            serde_json::from_str::<Timestamp>("42").unwrap().unix_ms(),
            42
        );
        assert_eq!(t.add_ms(500).ms_since(t), 500);
        assert_eq!(t.to_string(), "2024-05-01T07:30:00Z");
        assert_eq!(t.add_ms(7).to_string(), "2024-05-01T07:30:00.007Z");
    }

    #[test]
    fn now_is_after_the_epoch_and_moves_forward() {
        let a = Timestamp::now();
        let b = Timestamp::now();
        // 2020-01-01, well before any machine running these tests.
        assert!(a.unix_ms() > 1_577_836_800_000, "{a}");
        assert!(b >= a);
    }
}

//! Time zones: the zone of a place (offline polygon lookup) and the UTC offset of a zone at an
//! instant (the bundled tz database), so a workout's local time is right without any network.

use std::sync::{Arc, OnceLock};

use domain::Timestamp;

/// Finds zones by position. Cheap to clone; the polygon index loads on first use (a few tens
/// of milliseconds and some megabytes), so processes that never import never pay for it.
#[derive(Clone, Default)]
pub struct ZoneLookup {
    finder: Arc<OnceLock<tzf_rs::DefaultFinder>>,
}

impl std::fmt::Debug for ZoneLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZoneLookup")
            .field("loaded", &self.finder.get().is_some())
            .finish()
    }
}

impl ZoneLookup {
    /// Loads the polygon index now, if it is not loaded yet.
    pub fn load(&self) {
        self.finder.get_or_init(tzf_rs::DefaultFinder::new);
    }

    /// The IANA zone at a position, if it is on land or in territorial waters the data covers.
    pub fn zone_at(&self, latitude: f64, longitude: f64) -> Option<String> {
        if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
            return None;
        }
        let finder = self.finder.get_or_init(tzf_rs::DefaultFinder::new);
        let name = finder.get_tz_name(longitude, latitude);
        // Ocean cells come back as `Etc/GMT+3` and the like: a nautical zone, not a place.
        (!name.is_empty() && !name.starts_with("Etc/")).then(|| name.to_owned())
    }
}

/// Whether `name` is a zone the bundled database knows.
pub fn is_known_zone(name: &str) -> bool {
    jiff::tz::TimeZone::get(name).is_ok()
}

/// The offset from UTC, minutes east, of `zone` at the instant `utc_ms`.
pub fn offset_at(zone: &str, utc_ms: i64) -> Option<i32> {
    let tz = jiff::tz::TimeZone::get(zone).ok()?;
    let instant = jiff::Timestamp::from_millisecond(utc_ms).ok()?;
    Some(tz.to_offset(instant).seconds() / 60)
}

/// The offset of `zone` for a local wall-clock time (`local_ms`: the wall time read as if it
/// were UTC), as files that carry local time only need. In the hour a DST change repeats, the
/// earlier reading wins, as most devices do.
pub fn offset_for_local(zone: &str, local_ms: i64) -> Option<i32> {
    // First guess with the offset at the wall time taken as UTC, then correct once: at most an
    // hour off near a transition, which the second lookup resolves.
    let guess = offset_at(zone, local_ms)?;
    offset_at(zone, local_ms - i64::from(guess) * 60_000)
}

/// Today's date in `zone` (UTC if the zone is unknown).
pub fn today(zone: &str) -> domain::Date {
    domain::Date::from_days(Timestamp::now().local_days(offset_now(zone)))
}

/// The UTC offset of `zone` now, minutes (0 if the zone is unknown).
pub fn offset_now(zone: &str) -> i32 {
    offset_at(zone, Timestamp::now().unix_ms()).unwrap_or(0)
}

/// Every zone name, sorted, for the settings page.
pub fn zone_names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_owned())
        .filter(|name| name.contains('/') || name == "UTC")
        .collect();
    names.sort();
    names.dedup();
    names
}

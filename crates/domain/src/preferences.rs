//! A user's preferences: units, time zone, first day of the week, heart-rate zones, and what
//! training load is computed from (FTP, TRIMP coefficients).

use serde::{Deserialize, Serialize};

/// Metric or imperial display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Kilometres, metres, km/h, min/km.
    #[default]
    Metric,
    /// Miles, feet, mph, min/mi.
    Imperial,
}

impl Units {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Metric => "metric",
            Self::Imperial => "imperial",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "metric" => Some(Self::Metric),
            "imperial" => Some(Self::Imperial),
            _ => None,
        }
    }
}

/// Whose coefficients Banister's TRIMP (heart-rate training load) uses: the exponential
/// weighting he fitted to men's and to women's blood lactate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrimpModel {
    /// 0.64 · e^(1.92 x).
    #[default]
    Men,
    /// 0.86 · e^(1.67 x).
    Women,
}

impl TrimpModel {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Men => "men",
            Self::Women => "women",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "men" => Some(Self::Men),
            "women" => Some(Self::Women),
            _ => None,
        }
    }
}

/// Why a preference was refused; the text is for the person editing their settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreferenceError {
    /// Heart rates outside what a human heart does.
    #[error("Heart rates must be between 30 and 250 bpm.")]
    HeartRateRange,
    /// Resting heart rate not below the maximum.
    #[error("The resting heart rate must be below the maximum.")]
    RestingAboveMax,
    /// Zone bounds not rising, or above the maximum.
    #[error("Zone limits must rise from zone 1 to zone 5 and stay below the maximum heart rate.")]
    ZoneOrder,
    /// An FTP outside what a human produces for an hour.
    #[error("FTP must be between 30 and 700 W, or empty.")]
    FtpRange,
    /// An unknown time zone name.
    #[error("Unknown time zone: {0}")]
    TimeZone(String),
}

/// Five heart-rate zones: the lower bound of each, bpm, rising, with zone 5 ending at the
/// maximum heart rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HrZones([u16; 5]);

impl HrZones {
    /// Zones from their lower bounds, checked against the maximum heart rate.
    pub fn new(bounds: [u16; 5], max_hr: u16) -> Result<Self, PreferenceError> {
        let rising = bounds.windows(2).all(|w| w[0] < w[1]);
        if !rising || bounds[4] >= max_hr || bounds[0] < 30 {
            return Err(PreferenceError::ZoneOrder);
        }
        Ok(Self(bounds))
    }

    /// The usual five zones at 50, 60, 70, 80 and 90% of the maximum heart rate.
    pub fn from_max(max_hr: u16) -> Self {
        Self([50, 60, 70, 80, 90].map(|p| (u32::from(max_hr) * p / 100) as u16))
    }

    /// The lower bounds.
    pub fn bounds(self) -> [u16; 5] {
        self.0
    }

    /// The zone (0 to 4) of a heart rate, or `None` below zone 1.
    pub fn zone_of(self, bpm: f64) -> Option<usize> {
        self.0.iter().rposition(|&low| bpm >= f64::from(low))
    }

    /// As stored: comma-separated bounds.
    pub fn to_text(self) -> String {
        self.0.map(|b| b.to_string()).join(",")
    }

    /// Parses the stored form (without the maximum check: stored zones were checked).
    pub fn parse_text(text: &str) -> Option<Self> {
        let values: Vec<u16> = text
            .split(',')
            .map(|v| v.trim().parse().ok())
            .collect::<Option<_>>()?;
        Some(Self(values.try_into().ok()?))
    }
}

/// Everything a user can set about how Laps shows their data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// Metric or imperial.
    pub units: Units,
    /// IANA zone used when a workout has no position to take its zone from.
    pub time_zone: String,
    /// First day of the week: 0 = Monday ... 6 = Sunday.
    pub first_day_of_week: u32,
    /// Maximum heart rate, bpm.
    pub max_hr: u16,
    /// Resting heart rate, bpm.
    pub resting_hr: u16,
    /// Heart-rate zones.
    pub hr_zones: HrZones,
    /// Functional threshold power, watts, when known: workouts with power then get their
    /// training load from it (training stress) rather than from heart rate.
    #[serde(default)]
    pub ftp_w: Option<u16>,
    /// Whose coefficients heart-rate training load (TRIMP) uses.
    #[serde(default)]
    pub trimp: TrimpModel,
    /// The interface's language; `None` follows the browser (`Accept-Language`).
    #[serde(default)]
    pub language: Option<crate::Language>,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            units: Units::Metric,
            time_zone: "UTC".to_owned(),
            first_day_of_week: 0,
            max_hr: 190,
            resting_hr: 60,
            hr_zones: HrZones::from_max(190),
            ftp_w: None,
            trimp: TrimpModel::Men,
            language: None,
        }
    }
}

impl Preferences {
    /// Checks heart rates and zones together (the time zone name is the server's to check).
    pub fn check(&self) -> Result<(), PreferenceError> {
        let human = 30..=250;
        if !human.contains(&self.max_hr) || !human.contains(&self.resting_hr) {
            return Err(PreferenceError::HeartRateRange);
        }
        if self.resting_hr >= self.max_hr {
            return Err(PreferenceError::RestingAboveMax);
        }
        if self.ftp_w.is_some_and(|w| !(30..=700).contains(&w)) {
            return Err(PreferenceError::FtpRange);
        }
        HrZones::new(self.hr_zones.bounds(), self.max_hr).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_zones_are_percentages_of_the_maximum() {
        let zones = HrZones::from_max(200);
        assert_eq!(zones.bounds(), [100, 120, 140, 160, 180]);
        assert_eq!(zones.zone_of(99.0), None);
        assert_eq!(zones.zone_of(100.0), Some(0));
        assert_eq!(zones.zone_of(185.0), Some(4));
        assert_eq!(HrZones::parse_text(&zones.to_text()), Some(zones));
        assert!(Preferences::default().check().is_ok());
    }

    #[test]
    fn bad_zones_and_heart_rates_are_refused() {
        assert_eq!(
            HrZones::new([100, 90, 140, 160, 180], 200),
            Err(PreferenceError::ZoneOrder)
        );
        assert_eq!(
            HrZones::new([100, 120, 140, 160, 200], 200),
            Err(PreferenceError::ZoneOrder)
        );
        let mut p = Preferences {
            resting_hr: 200,
            ..Preferences::default()
        };
        assert_eq!(p.check(), Err(PreferenceError::RestingAboveMax));
        p.max_hr = 300;
        assert_eq!(p.check(), Err(PreferenceError::HeartRateRange));
        assert_eq!(HrZones::parse_text("1,2,3"), None);
        p.max_hr = 190;
        p.resting_hr = 50;
        p.ftp_w = Some(5);
        assert_eq!(p.check(), Err(PreferenceError::FtpRange));
        p.ftp_w = Some(280);
        assert_eq!(p.check(), Ok(()));
        assert_eq!(
            TrimpModel::parse(TrimpModel::Women.as_str()),
            Some(TrimpModel::Women)
        );
    }
}

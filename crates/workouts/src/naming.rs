//! What a workout is called and what sport it was, when its file does not say well: titles
//! that are only a timestamp are replaced by "Morning ride"; a GPX track without a type gets
//! the sport its speed tells.

use domain::Sport;
use formats::{Format, Recording};

/// Whether a name the file gives is only a date and time (`02-MRT-12 19:53:30` from a Garmin
/// Oregon, `2010_03_21_16_28_34`): digits, separators and month abbreviations, nothing an
/// athlete wrote. Such a name says less than "Evening ride" and is not used as the title.
pub fn is_timestamp_like(name: &str) -> bool {
    const MONTHS: [&str; 30] = [
        "jan", "feb", "mar", "mrt", "mär", "mrz", "apr", "may", "mai", "mei", "jun", "jul", "aug",
        "sep", "sept", "oct", "okt", "nov", "dec", "dez", "janv", "févr", "avr", "juin", "juil",
        "déc", "gen", "mag", "giu", "ott",
    ];
    let mut any_digit = false;
    for word in name.split(|c: char| !c.is_alphanumeric()) {
        let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
        any_digit |= word.chars().any(|c| c.is_ascii_digit());
        let letters = letters.to_lowercase();
        // `T` and `Z` of ISO 8601, `h` of 19h53, am/pm.
        let allowed = letters.is_empty()
            || MONTHS.contains(&letters.as_str())
            || matches!(
                letters.as_str(),
                "t" | "z" | "tz" | "h" | "am" | "pm" | "utc"
            );
        if !allowed {
            return false;
        }
    }
    any_digit
}

/// A sport told by a recording's speed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inferred {
    /// Walking, running or cycling.
    pub sport: Sport,
    /// The median speed between samples while moving, metres per second.
    pub median_speed: f64,
}

impl Inferred {
    /// The note the workout carries so that the athlete knows the sport was a guess.
    pub fn note(&self) -> String {
        format!(
            "Sport inferred from the speed ({:.1} km/h median while moving): the file names none. Change it above if it is wrong.",
            self.median_speed * 3.6
        )
    }
}

/// The sport of a GPX track that names none (`<type>` missing: Garmin's Oregon, most route
/// tools), from the median speed between its samples while moving (over 0.5 m/s, gaps up to
/// 30 s): under 2 m/s (7.2 km/h) walking, under 4.3 m/s (about 3:52 per km) running, under
/// 20 m/s (72 km/h) cycling; faster is a vehicle and left alone. The median, not the mean,
/// so that a descent or a GPS spike does not make a run a ride. Needs five minutes in motion.
///
/// `None` for other formats and for files that name a sport.
pub fn infer_sport(r: &Recording) -> Option<Inferred> {
    if r.format != Some(Format::Gpx) || r.sport != Sport::Generic {
        return None;
    }
    let distance = r.distance_stream()?;
    let t = &r.samples.time;
    let mut speeds = Vec::with_capacity(t.len());
    let mut moving_ms = 0;
    for i in 1..t.len() {
        let dt = t[i].ms_since(t[i - 1]);
        let (a, b) = (distance[i - 1], distance[i]);
        if dt <= 0 || dt > 30_000 || !a.is_finite() || !b.is_finite() {
            continue;
        }
        let v = (b - a) / (dt as f64 / 1000.0);
        if v > 0.5 {
            speeds.push(v);
            moving_ms += dt;
        }
    }
    if moving_ms < 5 * 60_000 {
        return None;
    }
    speeds.sort_unstable_by(f64::total_cmp);
    let median_speed = speeds[speeds.len() / 2];
    let sport = match median_speed {
        v if v < 2.0 => Sport::Walking,
        v if v < 4.3 => Sport::Running,
        v if v < 20.0 => Sport::Cycling,
        _ => return None,
    };
    Some(Inferred {
        sport,
        median_speed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_told_from_names() {
        for stamp in [
            "02-MRT-12 19:53:30",
            "2010_03_21_16_28_34",
            "2024-05-01T07:12:00Z",
            "Mar 3, 2012 7:53 pm",
        ] {
            assert!(is_timestamp_like(stamp), "{stamp}");
        }
        for name in [
            "Move",
            "just a workout",
            "Passport, attempt 2",
            "Rose X-Lite CRS Force – Do., 18. Apr. 2019, 16:12",
            "ляляля",
            "",
        ] {
            assert!(!is_timestamp_like(name), "{name}");
        }
    }
}

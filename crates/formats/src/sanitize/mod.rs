//! The last step of every read: what no workout can hold is dropped, repaired or refused, so
//! that what is stored is believable whatever the file said.
//!
//! Files carry absurd values for many reasons: a writer that scales a unit twice, a device
//! without a clock, a strap without skin contact, a hostile upload. Every value that cannot be
//! a measurement is dropped (set to missing, never clamped: a clamped value looks real), and
//! each kind of drop is told in one warning of the recording.

mod text;
pub(crate) mod times;
mod values;

use crate::{Error, ErrorKind, Options, Recording, Result, Samples};

/// Makes a recording believable, in place, by the limits and ranges of `options`:
///
/// - text (device names, notes) loses NUL and other control characters (notes keep tabs and
///   line breaks);
/// - more than [`Options::max_samples`] samples: refused;
/// - sample times: those outside [`crate::Ranges::earliest`]`..=`[`crate::Ranges::latest`],
///   and groups of a tenth of the samples or fewer that lie more than [`Options::max_span`]
///   from the rest, are dropped with their samples; if no time is possible, or the groups are
///   larger, the recording is refused. Lap and session starts that lie far from the kept
///   samples are repaired, and the recording's start follows the kept times;
/// - sample values outside [`crate::Ranges`] (and distances growing faster than the fastest
///   speed) are dropped; so are lap and session totals outside them, and elapsed or timer
///   times longer than [`Options::max_span`] (an elapsed time is then worked out again);
/// - a recording spanning more than [`Options::max_span`]: refused.
///
/// [`crate::read_all`] applies it to every recording it returns; recordings built from other
/// sources (a live sync session) should pass through it before they are stored.
pub fn sanitize(recording: &mut Recording, options: &Options) -> Result<()> {
    text::clean(recording);
    align(&mut recording.samples);
    if recording.samples.len() > options.max_samples {
        return Err(Error::new(ErrorKind::TooManySamples {
            limit: options.max_samples,
        }));
    }
    times::check(recording, options)?;
    values::samples(recording, &options.ranges);
    values::totals(recording, &options.ranges);
    times::durations(recording, options);
    times::span(recording, options)
}

/// Makes every column exactly as long as the time column (readers always do; a recording put
/// together elsewhere might not, and every later step indexes the columns by row).
fn align(samples: &mut Samples) {
    let rows = samples.time.len();
    let Samples {
        time: _,
        latitude,
        longitude,
        altitude,
        distance,
        heart_rate,
        cadence,
        speed,
        power,
        temperature,
    } = samples;
    for column in [latitude, longitude, distance].into_iter().flatten() {
        column.resize(rows, f64::NAN);
    }
    for column in [altitude, heart_rate, cadence, speed, power, temperature]
        .into_iter()
        .flatten()
    {
        column.resize(rows, f32::NAN);
    }
}

/// A quantity's name for warnings, with how to show its bounds.
struct Quantity {
    /// As in "dropped 3 heart-rate values".
    name: &'static str,
    /// The unit the bounds are shown in.
    unit: &'static str,
    /// Stored value per shown unit (1000 to show metres as km).
    per_unit: f64,
}

impl Quantity {
    /// "20–250 bpm".
    fn range(&self, bounds: crate::Bounds) -> String {
        let show = |v: f64| {
            let v = v / self.per_unit;
            let whole = v.round();
            if (v - whole).abs() < 1e-9 {
                group_thousands(whole as i64)
            } else {
                format!("{v}")
            }
        };
        format!("{}–{} {}", show(bounds.min), show(bounds.max), self.unit)
    }
}

/// 50000 as "50,000".
fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 value" or "3 values".
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_shown_in_their_unit_with_thousands_grouped() {
        let km = Quantity {
            name: "distance",
            unit: "km",
            per_unit: 1000.0,
        };
        assert_eq!(
            km.range(crate::Bounds::new(0.0, 50_000_000.0)),
            "0–50,000 km"
        );
        let celsius = Quantity {
            name: "temperature",
            unit: "°C",
            per_unit: 1.0,
        };
        assert_eq!(
            celsius.range(crate::Bounds::new(-70.0, 70.5)),
            "-70–70.5 °C"
        );
    }
}

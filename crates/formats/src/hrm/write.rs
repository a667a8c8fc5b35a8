//! The Polar HRM 1.06 writer: `SMode` from the streams present, samples on a fixed interval,
//! `[IntTimes]` from the laps, local wall-clock times.

use super::read::RR_INTERVAL;
use crate::TimestampExt as _;
use crate::{Recording, Stream, Timestamp};

/// Writes a recording as HRM 1.06 (CRLF line ends, as Polar's software writes them).
///
/// Times are written in the recording's UTC offset (UTC when it has none). Samples are put on
/// a fixed interval, the recording's most common spacing rounded to whole seconds; a recording
/// made of beat-to-beat intervals is written in R-R mode.
pub fn write(recording: &Recording) -> String {
    let s = &recording.samples;
    let offset = recording.utc_offset_minutes.unwrap_or(0);
    let rr_mode =
        !recording.rr_intervals_ms.is_empty() && recording.rr_intervals_ms.len() == s.len();
    let interval = if rr_mode {
        RR_INTERVAL
    } else {
        grid_interval_s(recording)
    };
    let speed = s.has(Stream::Speed);
    let cadence = s.has(Stream::Cadence);
    let altitude = s.has(Stream::Altitude);
    let power = s.has(Stream::Power);
    let cycling = speed || cadence || power;
    let smode: String = [
        speed, cadence, altitude, power, false, false, cycling, false, false,
    ]
    .iter()
    .map(|&on| if on { '1' } else { '0' })
    .collect();
    let start = recording.start.civil(offset);
    let length_ms = recording.duration_ms();
    let mut out = String::with_capacity(512 + s.len() * 24);
    let line = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push_str("\r\n");
    };
    line(&mut out, "[Params]");
    line(&mut out, "Version=106");
    line(&mut out, "Monitor=0");
    line(&mut out, &format!("SMode={smode}"));
    line(
        &mut out,
        &format!("Date={:04}{:02}{:02}", start.year, start.month, start.day),
    );
    line(
        &mut out,
        &format!(
            "StartTime={:02}:{:02}:{:02}.{}",
            start.hour,
            start.minute,
            start.second,
            start.millisecond / 100
        ),
    );
    line(&mut out, &format!("Length={}", duration(length_ms)));
    line(&mut out, &format!("Interval={interval}"));
    for key in ["Upper1", "Lower1", "Upper2", "Lower2", "Upper3", "Lower3"] {
        line(&mut out, &format!("{key}=0"));
    }
    for key in ["Timer1", "Timer2", "Timer3"] {
        line(&mut out, &format!("{key}=00:00:00.0"));
    }
    line(&mut out, "ActiveLimit=0");
    let max_hr = s.heart_rate.as_ref().map_or(0.0, |h| {
        h.iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f32::max)
    });
    line(&mut out, &format!("MaxHR={}", max_hr.round() as u32));
    line(&mut out, "RestHR=0");
    line(&mut out, "StartDelay=0");
    line(&mut out, "VO2max=0");
    line(&mut out, "Weight=0");
    line(&mut out, "");
    line(&mut out, "[Note]");
    if let Some(notes) = &recording.notes {
        for note in notes.lines() {
            // A note line that reads as a section header (`[IntTimes]`) would end the note
            // and start that section when read back; HRM has no escape, so its brackets
            // become parentheses.
            match note
                .trim()
                .strip_prefix('[')
                .and_then(|n| n.strip_suffix(']'))
            {
                Some(name) => line(&mut out, &format!("({name})")),
                None => line(&mut out, note),
            }
        }
    }
    line(&mut out, "");
    line(&mut out, "[IntTimes]");
    for lap in &recording.laps {
        let end = lap.end().ms_since(recording.start).max(0);
        let t = &lap.totals;
        let hr = |v: Option<u8>| v.map_or(0, u32::from);
        line(
            &mut out,
            &format!(
                "{}\t{}\t{}\t{}\t{}",
                duration(end),
                hr(t.max_heart_rate),
                0,
                hr(t.avg_heart_rate),
                hr(t.max_heart_rate)
            ),
        );
        line(&mut out, "0\t0\t0\t0\t0\t0");
        line(&mut out, "0\t0\t0\t0\t0");
        let meters = t.distance_m.map_or(0, |d| d.round() as i64);
        line(&mut out, &format!("0\t{meters}\t0\t0\t0\t0"));
        line(&mut out, "0\t0\t0\t0\t0\t0");
    }
    line(&mut out, "");
    if !recording.hr_zone_bounds.is_empty() {
        line(&mut out, "[HRZones]");
        for bound in &recording.hr_zone_bounds {
            line(&mut out, &bound.to_string());
        }
        line(&mut out, "");
    }
    line(&mut out, "[HRData]");
    if rr_mode {
        for rr in &recording.rr_intervals_ms {
            line(&mut out, &rr.to_string());
        }
        return out;
    }
    let f32_at = |column: &Option<Vec<f32>>, i: usize| column.as_ref().map_or(f32::NAN, |c| c[i]);
    let int = |v: f32| if v.is_finite() { v.round() as i64 } else { 0 };
    // Sample and hold: each row takes the last sample at or before its time.
    let rows = if s.is_empty() {
        0
    } else {
        (s.time[s.len() - 1].ms_since(recording.start) / (i64::from(interval) * 1000)) + 1
    };
    let mut i = 0;
    let mut row = String::with_capacity(48);
    for k in 0..rows {
        let at = recording.start.add_ms(k * i64::from(interval) * 1000);
        while i + 1 < s.len() && s.time[i + 1] <= at {
            i += 1;
        }
        row.clear();
        if s.time[0] > at {
            // Before the first sample: HRM has no "no value", zeros are what Polar writes.
            row.push('0');
            for _ in 0..usize::from(speed)
                + usize::from(cadence)
                + usize::from(altitude)
                + usize::from(power)
            {
                row.push_str("\t0");
            }
            line(&mut out, &row);
            continue;
        }
        row.push_str(&int(f32_at(&s.heart_rate, i)).to_string());
        if speed {
            // Tenths of km/h.
            row.push('\t');
            row.push_str(&int(f32_at(&s.speed, i) * 36.0).to_string());
        }
        if cadence {
            row.push('\t');
            row.push_str(&int(f32_at(&s.cadence, i)).to_string());
        }
        if altitude {
            row.push('\t');
            row.push_str(&int(f32_at(&s.altitude, i)).to_string());
        }
        if power {
            row.push('\t');
            row.push_str(&int(f32_at(&s.power, i)).to_string());
        }
        line(&mut out, &row);
    }
    out
}

/// The most rows an HRM file gets. A recording can span weeks with few samples (or claim to:
/// a hostile file might); its rows must not grow with the span alone.
const MAX_ROWS: i64 = 1_000_000;

/// The most rows a recording of `samples` samples gets: HRM has no gaps, so a long pause is
/// written as empty rows, but a few samples over days must not become a million rows of nothing.
fn row_limit(samples: usize) -> i64 {
    (samples as i64).saturating_mul(4).clamp(86_400, MAX_ROWS)
}

/// The sampling interval: the typical spacing, widened so the rows stay under [`row_limit`].
fn grid_interval_s(recording: &Recording) -> u32 {
    let typical = typical_interval_s(&recording.samples.time);
    let span_s = recording
        .samples
        .time
        .last()
        .map_or(0, |last| last.ms_since(recording.start) / 1000);
    let limit = row_limit(recording.samples.len());
    let needed = u32::try_from(span_s / limit + 1).unwrap_or(u32::MAX);
    typical.max(needed)
}

/// The most common spacing between samples, whole seconds, at least one.
fn typical_interval_s(time: &[Timestamp]) -> u32 {
    let mut counts = std::collections::BTreeMap::<i64, usize>::new();
    for w in time.windows(2) {
        let seconds = (w[1].ms_since(w[0]) as f64 / 1000.0).round() as i64;
        if seconds > 0 {
            *counts.entry(seconds).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(seconds, count)| (count, -seconds))
        .map_or(1, |(seconds, _)| seconds.clamp(1, 60) as u32)
}

/// `HH:MM:SS.t`
fn duration(ms: i64) -> String {
    let ms = ms.max(0);
    format!(
        "{:02}:{:02}:{:02}.{}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000 / 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SamplesBuilder;

    /// Fuzzing found TCX, GPX and FIT inputs whose few samples span years: the HRM export took
    /// minutes and gigabytes, one row per second of the span.
    #[test]
    fn regression_fuzz_sparse_samples_over_centuries_stay_under_the_row_limit() {
        let start = Timestamp::from_unix_s(1_761_319_526);
        let mut b = SamplesBuilder::new();
        for t in [start, start.add_ms(1000), start.add_ms(55_256_257_416_000)] {
            b.push_row(t);
            b.heart_rate(120.0);
        }
        let recording = Recording {
            start,
            samples: b.finish(),
            ..Recording::default()
        };
        let hrm = write(&recording);
        let rows = hrm
            .split("[HRData]")
            .nth(1)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count();
        assert!(rows as i64 <= row_limit(3) + 1, "{rows} rows");
        assert!(
            hrm.contains("Interval=639541"),
            "the interval widens to fit the span"
        );
    }

    #[test]
    fn the_interval_is_the_most_common_spacing() {
        let start = Timestamp::from_unix_s(1_000_000_000);
        let times: Vec<Timestamp> = [0, 5, 10, 15, 16, 21]
            .iter()
            .map(|s| start.add_ms(s * 1000))
            .collect();
        assert_eq!(typical_interval_s(&times), 5);
        assert_eq!(typical_interval_s(&[]), 1);
    }
}

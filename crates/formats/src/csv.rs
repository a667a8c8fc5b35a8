//! CSV of the samples: one row per sample, one column per stream the recording has, a header.

use crate::TimestampExt as _;
use crate::{Recording, Stream, xml::push_float};

/// Writes the samples as CSV (comma-separated, `\n` line ends, UTC times).
pub fn write(recording: &Recording) -> String {
    let s = &recording.samples;
    let columns: Vec<Stream> = Stream::ALL
        .into_iter()
        .filter(|&stream| stream != Stream::Time && stream != Stream::RrIntervals && s.has(stream))
        .collect();
    let mut out = String::with_capacity(64 + s.len() * 80);
    out.push_str("time,elapsed_s");
    for stream in &columns {
        out.push_str(match stream {
            Stream::Position => ",latitude,longitude",
            Stream::Altitude => ",altitude_m",
            Stream::Distance => ",distance_m",
            Stream::HeartRate => ",heart_rate_bpm",
            Stream::Cadence => ",cadence_rpm",
            Stream::Speed => ",speed_m_s",
            Stream::Power => ",power_w",
            Stream::Temperature => ",temperature_c",
            Stream::Time | Stream::RrIntervals => "",
        });
    }
    out.push('\n');
    let cell = |out: &mut String, value: f64, decimals: u32| {
        out.push(',');
        if value.is_finite() {
            push_float(out, value, decimals);
        }
    };
    for i in 0..s.len() {
        s.time[i].write_rfc3339(&mut out);
        cell(
            &mut out,
            s.time[i].ms_since(recording.start) as f64 / 1000.0,
            3,
        );
        for stream in &columns {
            match stream {
                Stream::Position => {
                    cell(&mut out, s.latitude.as_ref().map_or(f64::NAN, |c| c[i]), 8);
                    cell(&mut out, s.longitude.as_ref().map_or(f64::NAN, |c| c[i]), 8);
                }
                Stream::Distance => {
                    cell(&mut out, s.distance.as_ref().map_or(f64::NAN, |c| c[i]), 3)
                }
                other => {
                    let value = s.column(*other).map_or(f32::NAN, |c| c[i]);
                    cell(&mut out, f64::from(value), 3);
                }
            }
        }
        out.push('\n');
    }
    out
}

//! The stored form of a workout's analysis: a few hundred bytes that records, curves and
//! fitness decode for every workout of an account on each request, so it is binary, fixed
//! width per entry and indexes the distance and duration tables rather than repeating them.
//!
//! Layout (little-endian), format 1:
//! `u8 format`, distance efforts (`u8 n`, then `n × (u8 index into DISTANCES_M, f32 seconds,
//! f32 start)`), `f32 longest` (NaN: none), the power, pace and heart-rate curves (each `u8 n`,
//! then `n × (u8 index into DURATIONS_S, f32 value, f32 start)`), `f32 normalized power`
//! (NaN: none), `f32 power seconds`, the heart-rate histogram (`u16 n`, then
//! `n × (u16 bpm, f32 seconds)`).

use training::{Analysis, CurvePoint, DISTANCES_M, DURATIONS_S, DistanceEffort};

/// The layout written now.
const FORMAT: u8 = 1;

/// Why stored bytes are not an analysis (a row written by a newer Laps, or damaged).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored analysis unreadable: {0}")]
pub struct CodecError(&'static str);

/// An analysis as stored bytes (`indoor` and `dropped_samples` live in their own columns).
pub fn encode(a: &Analysis) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    out.push(FORMAT);
    let distances: Vec<(u8, f64, f64)> = a
        .distance_efforts
        .iter()
        .filter_map(|e| {
            let i = DISTANCES_M
                .iter()
                .position(|d| (d - e.target_m).abs() < 0.01)?;
            Some((i as u8, e.seconds, e.start_offset_s))
        })
        .collect();
    out.push(distances.len() as u8);
    for (i, seconds, start) in distances {
        out.push(i);
        put(&mut out, seconds);
        put(&mut out, start);
    }
    put(&mut out, a.longest_m.unwrap_or(f64::NAN));
    for curve in [&a.power_curve, &a.pace_curve, &a.hr_curve] {
        let points: Vec<(u8, &CurvePoint)> = curve
            .iter()
            .filter_map(|p| {
                let i = DURATIONS_S.iter().position(|d| *d == p.duration_s)?;
                Some((i as u8, p))
            })
            .collect();
        out.push(points.len() as u8);
        for (i, p) in points {
            out.push(i);
            put(&mut out, p.value);
            put(&mut out, p.start_offset_s);
        }
    }
    put(&mut out, a.normalized_power.unwrap_or(f64::NAN));
    put(&mut out, a.power_seconds);
    let bins = a.hr_histogram.len().min(usize::from(u16::MAX));
    out.extend_from_slice(&(bins as u16).to_le_bytes());
    for &(bpm, seconds) in &a.hr_histogram[..bins] {
        out.extend_from_slice(&bpm.to_le_bytes());
        out.extend_from_slice(&seconds.to_le_bytes());
    }
    out
}

/// The analysis stored as `bytes`, with `indoor` and `dropped_samples` from their columns.
pub fn decode(bytes: &[u8], indoor: bool, dropped_samples: u32) -> Result<Analysis, CodecError> {
    let mut r = Reader(bytes);
    if r.u8()? != FORMAT {
        return Err(CodecError("unknown format"));
    }
    let n = r.u8()?;
    let mut distance_efforts = Vec::with_capacity(usize::from(n));
    for _ in 0..n {
        let target_m = *DISTANCES_M
            .get(usize::from(r.u8()?))
            .ok_or(CodecError("distance out of range"))?;
        distance_efforts.push(DistanceEffort {
            target_m,
            seconds: r.f32()?,
            start_offset_s: r.f32()?,
        });
    }
    let longest_m = Some(r.f32()?).filter(|m| !m.is_nan());
    let mut curves: [Vec<CurvePoint>; 3] = Default::default();
    for curve in &mut curves {
        let n = r.u8()?;
        for _ in 0..n {
            let duration_s = *DURATIONS_S
                .get(usize::from(r.u8()?))
                .ok_or(CodecError("duration out of range"))?;
            curve.push(CurvePoint {
                duration_s,
                value: r.f32()?,
                start_offset_s: r.f32()?,
            });
        }
    }
    let normalized_power = Some(r.f32()?).filter(|w| !w.is_nan());
    let power_seconds = r.f32()?;
    let bins = u16::from_le_bytes(r.take()?);
    let mut hr_histogram = Vec::with_capacity(usize::from(bins));
    for _ in 0..bins {
        let bpm = u16::from_le_bytes(r.take()?);
        let seconds = f32::from_le_bytes(r.take()?);
        hr_histogram.push((bpm, seconds));
    }
    if !r.0.is_empty() {
        return Err(CodecError("trailing bytes"));
    }
    let [power_curve, pace_curve, hr_curve] = curves;
    Ok(Analysis {
        distance_efforts,
        longest_m,
        power_curve,
        pace_curve,
        hr_curve,
        normalized_power,
        power_seconds,
        hr_histogram,
        dropped_samples,
        indoor,
    })
}

/// Writes a value as `f32`: plenty for seconds, watts and metres at the precision they are
/// shown with, and half the bytes.
fn put(out: &mut Vec<u8>, value: f64) {
    out.extend_from_slice(&(value as f32).to_le_bytes());
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], CodecError> {
        let (head, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(CodecError("cut short"))?;
        self.0 = rest;
        Ok(*head)
    }

    fn u8(&mut self) -> Result<u8, CodecError> {
        Ok(self.take::<1>()?[0])
    }

    fn f32(&mut self) -> Result<f64, CodecError> {
        Ok(f64::from(f32::from_le_bytes(self.take()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Analysis {
        Analysis {
            distance_efforts: vec![
                DistanceEffort {
                    target_m: 1000.0,
                    seconds: 241.5,
                    start_offset_s: 600.0,
                },
                DistanceEffort {
                    target_m: 1609.344,
                    seconds: 400.25,
                    start_offset_s: 580.0,
                },
            ],
            longest_m: Some(10_234.5),
            power_curve: vec![CurvePoint {
                duration_s: 300,
                value: 374.5,
                start_offset_s: 1200.0,
            }],
            pace_curve: Vec::new(),
            hr_curve: vec![CurvePoint {
                duration_s: 60,
                value: 171.25,
                start_offset_s: 30.0,
            }],
            normalized_power: Some(250.5),
            power_seconds: 3600.0,
            hr_histogram: vec![(120, 30.0), (150, 600.5)],
            dropped_samples: 3,
            indoor: true,
        }
    }

    #[test]
    fn an_analysis_comes_back_as_it_was_stored() {
        let a = sample();
        let bytes = encode(&a);
        assert_eq!(decode(&bytes, true, 3), Ok(a));
    }

    #[test]
    fn damaged_or_foreign_bytes_are_refused_not_misread() {
        let bytes = encode(&sample());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], false, 0).is_err(), "cut at {cut}");
        }
        let mut newer = bytes.clone();
        newer[0] = 2;
        assert_eq!(decode(&newer, false, 0), Err(CodecError("unknown format")));
        let mut longer = bytes;
        longer.push(0);
        assert_eq!(decode(&longer, false, 0), Err(CodecError("trailing bytes")));
    }
}

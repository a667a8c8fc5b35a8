//! The Polar pair: an HRM file and the GPX track of the same session, merged into one recording.

use crate::{Error, ErrorKind, Recording, Result, Timestamp};

/// How far apart the two starts may be, after the zone correction, to count as one session.
const MAX_START_GAP_MS: i64 = 10 * 60_000;

/// Adds the GPX track's positions (and altitude and distance where the HRM has none) to the HRM
/// recording.
///
/// HRM records local time without a zone, GPX records UTC, so the pair tells the zone: the HRM
/// times are moved by the whole quarter hours that line the two starts up, and that becomes the
/// recording's UTC offset. Positions are interpolated between GPX points at most 30 s apart.
pub fn merge_gpx(mut hrm: Recording, gpx: &Recording) -> Result<Recording> {
    if gpx.samples.is_empty() || hrm.samples.is_empty() {
        return Err(Error::new(ErrorKind::NotAPair(
            "one of the two files has no samples".to_owned(),
        )));
    }
    let gap = gpx.start.ms_since(hrm.start);
    let quarter = 15 * 60_000;
    let shift = (gap as f64 / quarter as f64).round() as i64 * quarter;
    if (gap - shift).abs() > MAX_START_GAP_MS || shift.abs() > 14 * 3_600_000 {
        return Err(Error::new(ErrorKind::NotAPair(format!(
            "the HRM recording starts at {} and the GPX track at {}: they are not the same session",
            hrm.start, gpx.start
        ))));
    }
    shift_times(&mut hrm, shift);
    hrm.utc_offset_minutes = Some(hrm.utc_offset_minutes.unwrap_or(0) - (shift / 60_000) as i32);

    let g = &gpx.samples;
    let (Some(glat), Some(glon)) = (g.latitude.as_ref(), g.longitude.as_ref()) else {
        return Err(Error::new(ErrorKind::NotAPair(
            "the GPX file has no positions".to_owned(),
        )));
    };
    let n = hrm.samples.len();
    let (mut lat, mut lon, mut alt) = (vec![f64::NAN; n], vec![f64::NAN; n], vec![f32::NAN; n]);
    let mut matched = 0;
    for (i, &t) in hrm.samples.time.iter().enumerate() {
        let j = g.time.partition_point(|&x| x <= t);
        let (a, b) = match j {
            0 => continue,
            j if j == g.len() => {
                // Exactly at the last point, or past it.
                if g.time[j - 1] == t {
                    (j - 1, j - 1)
                } else {
                    continue;
                }
            }
            j => (j - 1, j),
        };
        let span = g.time[b].ms_since(g.time[a]);
        if span > 30_000 {
            continue;
        }
        let f = if span == 0 {
            0.0
        } else {
            t.ms_since(g.time[a]) as f64 / span as f64
        };
        let mix = |x: f64, y: f64| x + (y - x) * f;
        if glat[a].is_finite() && glat[b].is_finite() {
            lat[i] = mix(glat[a], glat[b]);
            lon[i] = mix(glon[a], glon[b]);
            matched += 1;
        }
        if let Some(ga) = g.altitude.as_ref() {
            alt[i] = mix(f64::from(ga[a]), f64::from(ga[b])) as f32;
        }
    }
    if matched == 0 {
        return Err(Error::new(ErrorKind::NotAPair(
            "the GPX track and the HRM recording do not overlap in time".to_owned(),
        )));
    }
    hrm.samples.latitude = Some(lat);
    hrm.samples.longitude = Some(lon);
    if hrm.samples.altitude.is_none() && alt.iter().any(|a| a.is_finite()) {
        hrm.samples.altitude = Some(alt);
    }
    if hrm.samples.distance.is_none() {
        hrm.samples.distance = crate::geo::distance_from_positions(&hrm.samples);
        if let (Some(total), Some(session)) = (hrm.distance_m(), hrm.sessions.first_mut()) {
            session.totals.distance_m = Some(total);
        }
    }
    hrm.warnings.push(format!(
        "positions from the GPX track were added to {matched} of {n} samples; the HRM times were read as UTC{:+}:{:02}",
        hrm.utc_offset_minutes.unwrap_or(0) / 60,
        hrm.utc_offset_minutes.unwrap_or(0).abs() % 60
    ));
    Ok(hrm)
}

fn shift_times(r: &mut Recording, ms: i64) {
    let moved = |t: &mut Timestamp| *t = t.add_ms(ms);
    moved(&mut r.start);
    r.samples.time.iter_mut().for_each(moved);
    r.laps.iter_mut().for_each(|l| moved(&mut l.start));
    r.sessions.iter_mut().for_each(|s| moved(&mut s.start));
    for pause in &mut r.pauses {
        moved(&mut pause.start);
        moved(&mut pause.end);
    }
}

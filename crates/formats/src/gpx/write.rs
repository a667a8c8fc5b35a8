//! The GPX 1.1 writer, with Garmin TrackPointExtension v2 (air temperature, heart rate, cadence,
//! speed). A pause starts a new `<trkseg>`. GPX has no laps and no power.
//!
//! Every GPX point needs a position. A sample without one (before the first fix, in a tunnel,
//! indoors between outdoor parts) is written at the nearest position the recording had before
//! it (before the first fix: at the first fix), so that the track still spans the recording's
//! time and keeps those samples' heart rate, cadence and speed; standing still adds no
//! distance, so the distance measured along the track is the same. (Splitting the track into
//! segments instead would not help: a segment's points still need positions, and readers take
//! a new segment for a pause.) A recording without any position has nothing GPX can hold and is
//! refused rather than written as an empty track.

use crate::TimestampExt as _;
use crate::{
    Error, ErrorKind, Recording, Result, Sport, Stream,
    xml::{escape_into, push_float, push_int},
};

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Laps" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd http://www.garmin.com/xmlschemas/TrackPointExtension/v2 http://www.garmin.com/xmlschemas/TrackPointExtensionv2.xsd">
"#;

/// Whether [`write`] can write a recording: it needs at least one position.
pub fn can_write(recording: &Recording) -> bool {
    recording.samples.has(Stream::Position)
}

/// Writes a recording as GPX 1.1, or refuses one without any position
/// ([`ErrorKind::NoPositions`]).
pub fn write(recording: &Recording) -> Result<String> {
    if !can_write(recording) {
        return Err(Error::new(ErrorKind::NoPositions));
    }
    let s = &recording.samples;
    let mut out = String::with_capacity(512 + s.len() * 160);
    out.push_str(HEADER);
    out.push_str("  <metadata>\n");
    if let Some(name) = &recording.notes {
        out.push_str("    <name>");
        escape_into(&mut out, name.lines().next().unwrap_or_default());
        out.push_str("</name>\n");
    }
    out.push_str("    <time>");
    recording.start.write_rfc3339(&mut out);
    out.push_str("</time>\n  </metadata>\n  <trk>\n");
    if let Some(name) = &recording.notes {
        out.push_str("    <name>");
        escape_into(&mut out, name.lines().next().unwrap_or_default());
        out.push_str("</name>\n");
    }
    if recording.sport != Sport::Generic {
        out.push_str("    <type>");
        out.push_str(&recording.sport.name());
        out.push_str("</type>\n");
    }
    out.push_str("    <trkseg>\n");
    let f32_at = |column: &Option<Vec<f32>>, i: usize| {
        column.as_ref().map(|c| c[i]).filter(|v| v.is_finite())
    };
    let f64_at = |column: &Option<Vec<f64>>, i: usize| {
        column.as_ref().map(|c| c[i]).filter(|v| v.is_finite())
    };
    let mut pauses = recording.pauses.iter().peekable();
    let position = |i: usize| f64_at(&s.latitude, i).zip(f64_at(&s.longitude, i));
    let Some(mut held) = (0..s.len()).find_map(position) else {
        return Err(Error::new(ErrorKind::NoPositions));
    };
    for i in 0..s.len() {
        let time = s.time[i];
        let mut paused = false;
        while let Some(pause) = pauses.peek() {
            if pause.end <= time {
                paused |= i > 0 && s.time[i - 1] <= pause.start;
                pauses.next();
            } else {
                break;
            }
        }
        if let Some(fix) = position(i) {
            held = fix;
        }
        let (lat, lon) = held;
        if paused {
            out.push_str("    </trkseg>\n    <trkseg>\n");
        }
        out.push_str("      <trkpt lat=\"");
        push_float(&mut out, lat, 8);
        out.push_str("\" lon=\"");
        push_float(&mut out, lon, 8);
        out.push_str("\">\n");
        if let Some(v) = f32_at(&s.altitude, i) {
            out.push_str("        <ele>");
            push_float(&mut out, f64::from(v), 2);
            out.push_str("</ele>\n");
        }
        out.push_str("        <time>");
        time.write_rfc3339(&mut out);
        out.push_str("</time>\n");
        // TrackPointExtension v2, in its schema's order: atemp, hr, cad, speed.
        let temperature = f32_at(&s.temperature, i);
        let hr = f32_at(&s.heart_rate, i)
            .map(f32::round)
            .filter(|v| (1.0..=255.0).contains(v));
        let cadence = f32_at(&s.cadence, i)
            .map(f32::round)
            .filter(|v| (0.0..=254.0).contains(v));
        let speed = f32_at(&s.speed, i).filter(|v| *v >= 0.0);
        if temperature.is_some() || hr.is_some() || cadence.is_some() || speed.is_some() {
            out.push_str("        <extensions>\n          <gpxtpx:TrackPointExtension>\n");
            if let Some(v) = temperature {
                out.push_str("            <gpxtpx:atemp>");
                push_float(&mut out, f64::from(v), 1);
                out.push_str("</gpxtpx:atemp>\n");
            }
            if let Some(v) = hr {
                out.push_str("            <gpxtpx:hr>");
                push_int(&mut out, v as i64);
                out.push_str("</gpxtpx:hr>\n");
            }
            if let Some(v) = cadence {
                out.push_str("            <gpxtpx:cad>");
                push_int(&mut out, v as i64);
                out.push_str("</gpxtpx:cad>\n");
            }
            if let Some(v) = speed {
                out.push_str("            <gpxtpx:speed>");
                push_float(&mut out, f64::from(v), 3);
                out.push_str("</gpxtpx:speed>\n");
            }
            out.push_str("          </gpxtpx:TrackPointExtension>\n        </extensions>\n");
        }
        out.push_str("      </trkpt>\n");
    }
    out.push_str("    </trkseg>\n  </trk>\n</gpx>\n");
    Ok(out)
}

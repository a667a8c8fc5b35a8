//! The GPX 1.1 writer, with Garmin TrackPointExtension v2 (air temperature, heart rate, cadence,
//! speed). A pause starts a new `<trkseg>`. GPX points need a position, so samples without one
//! are not written; GPX has no laps and no power.

use crate::{
    Recording, Sport,
    xml::{escape_into, push_float, push_int},
};

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Laps" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd http://www.garmin.com/xmlschemas/TrackPointExtension/v2 http://www.garmin.com/xmlschemas/TrackPointExtensionv2.xsd">
"#;

/// Writes a recording as GPX 1.1.
pub fn write(recording: &Recording) -> String {
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
    let mut written = 0usize;
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
        let (Some(lat), Some(lon)) = (f64_at(&s.latitude, i), f64_at(&s.longitude, i)) else {
            continue;
        };
        if paused && written > 0 {
            out.push_str("    </trkseg>\n    <trkseg>\n");
        }
        written += 1;
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
    out
}

//! The TCX writer: TrainingCenterDatabase v2 with ActivityExtension v2, every device lap kept
//! with its trigger, times in UTC, one `<Track>` per stretch between pauses.

use crate::LapTrigger;
use crate::TimestampExt as _;
use crate::{
    Lap, Recording, Sport, Stream,
    xml::{escape_into, push_float, push_int},
};

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd">
"#;

fn tcx_sport(sport: Sport) -> &'static str {
    match sport {
        Sport::Running => "Running",
        Sport::Cycling => "Biking",
        _ => "Other",
    }
}

/// Writes a recording as TCX. A multisport recording becomes a `<MultiSportSession>`.
pub fn write(recording: &Recording) -> String {
    let mut out = String::with_capacity(1024 + recording.samples.len() * 200);
    out.push_str(HEADER);
    out.push_str("  <Activities>\n");
    let laps = recording.laps_or_whole();
    // (sport, laps) per activity element.
    let mut parts: Vec<(Sport, std::ops::Range<usize>)> = recording
        .sessions
        .iter()
        .filter(|s| !s.laps.is_empty() && s.laps.end <= laps.len())
        .map(|s| (s.sport, s.laps.clone()))
        .collect();
    if parts.is_empty() || parts.iter().map(|(_, r)| r.len()).sum::<usize>() != laps.len() {
        parts = vec![(recording.sport, 0..laps.len())];
    }
    let multisport = parts.len() > 1;
    if multisport {
        out.push_str("    <MultiSportSession>\n      <Id>");
        recording.start.write_rfc3339(&mut out);
        out.push_str("</Id>\n");
    }
    for (index, (sport, range)) in parts.iter().enumerate() {
        if multisport {
            out.push_str(if index == 0 {
                "      <FirstSport>\n"
            } else {
                "      <NextSport>\n"
            });
        }
        out.push_str("    <Activity Sport=\"");
        out.push_str(tcx_sport(*sport));
        out.push_str("\">\n      <Id>");
        laps[range.start]
            .start
            .min(if index == 0 {
                recording.start
            } else {
                laps[range.start].start
            })
            .write_rfc3339(&mut out);
        out.push_str("</Id>\n");
        for i in range.clone() {
            lap(&mut out, recording, &laps, i, *sport);
        }
        if index == 0
            && let Some(notes) = &recording.notes
        {
            out.push_str("      <Notes>");
            escape_into(&mut out, notes);
            out.push_str("</Notes>\n");
        }
        creator(&mut out, recording);
        out.push_str("    </Activity>\n");
        if multisport {
            out.push_str(if index == 0 {
                "      </FirstSport>\n"
            } else {
                "      </NextSport>\n"
            });
        }
    }
    if multisport {
        out.push_str("    </MultiSportSession>\n");
    }
    out.push_str("  </Activities>\n");
    out.push_str(
        "  <Author xsi:type=\"Application_t\">\n    <Name>Laps</Name>\n    <Build>\n      <Version>\n        \
         <VersionMajor>0</VersionMajor>\n        <VersionMinor>1</VersionMinor>\n      </Version>\n    </Build>\n    \
         <LangID>en</LangID>\n    <PartNumber>000-00000-00</PartNumber>\n  </Author>\n",
    );
    out.push_str("</TrainingCenterDatabase>\n");
    out
}

fn creator(out: &mut String, recording: &Recording) {
    let Some(device) = &recording.device else {
        return;
    };
    let Some(name) = device.product.as_deref().or(device.manufacturer.as_deref()) else {
        return;
    };
    out.push_str("      <Creator xsi:type=\"Device_t\">\n        <Name>");
    escape_into(out, name);
    out.push_str("</Name>\n        <UnitId>");
    push_int(out, i64::from(device.serial.unwrap_or(0)));
    out.push_str("</UnitId>\n        <ProductID>");
    push_int(out, i64::from(device.product_id.unwrap_or(0)));
    out.push_str("</ProductID>\n        <Version>\n");
    let (major, minor) = device
        .software
        .as_deref()
        .and_then(|s| s.split_once('.'))
        .map_or((0, 0), |(a, b)| {
            (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
        });
    for (tag, value) in [
        ("VersionMajor", major),
        ("VersionMinor", minor),
        ("BuildMajor", 0),
        ("BuildMinor", 0),
    ] {
        out.push_str("          <");
        out.push_str(tag);
        out.push('>');
        push_int(out, value);
        out.push_str("</");
        out.push_str(tag);
        out.push_str(">\n");
    }
    out.push_str("        </Version>\n      </Creator>\n");
}

fn tag_value(out: &mut String, indent: &str, tag: &str, value: impl FnOnce(&mut String)) {
    out.push_str(indent);
    out.push('<');
    out.push_str(tag);
    out.push('>');
    value(out);
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

fn lap(out: &mut String, recording: &Recording, laps: &[Lap], index: usize, sport: Sport) {
    let lap = &laps[index];
    let t = &lap.totals;
    let s = &recording.samples;
    // Samples belong to the lap that started last before them; the first lap also takes any
    // sample before it, the last any after.
    let from = if index == 0 {
        0
    } else {
        s.time.partition_point(|&x| x < lap.start)
    };
    let to = laps
        .get(index + 1)
        .map_or(s.len(), |next| s.time.partition_point(|&x| x < next.start));
    let distances = recording.distance_stream();
    let distance = t.distance_m.or_else(|| {
        let d = distances.as_ref()?;
        let first = d[from..to].iter().find(|v| v.is_finite())?;
        let last = d[from..to].iter().rev().find(|v| v.is_finite())?;
        Some(last - first)
    });
    out.push_str("      <Lap StartTime=\"");
    lap.start.write_rfc3339(out);
    out.push_str("\">\n");
    let i = "        ";
    let seconds = t.timer_ms.unwrap_or(t.elapsed_ms) as f64 / 1000.0;
    tag_value(out, i, "TotalTimeSeconds", |o| {
        push_float(o, seconds.max(0.0), 3)
    });
    tag_value(out, i, "DistanceMeters", |o| {
        push_float(o, distance.unwrap_or(0.0).max(0.0), 3)
    });
    if let Some(v) = t.max_speed {
        tag_value(out, i, "MaximumSpeed", |o| push_float(o, f64::from(v), 3));
    }
    tag_value(out, i, "Calories", |o| {
        push_int(o, i64::from(t.calories.unwrap_or(0).min(65535)))
    });
    if let Some(v) = t.avg_heart_rate.filter(|&v| v > 0) {
        out.push_str(i);
        out.push_str("<AverageHeartRateBpm><Value>");
        push_int(out, i64::from(v));
        out.push_str("</Value></AverageHeartRateBpm>\n");
    }
    if let Some(v) = t.max_heart_rate.filter(|&v| v > 0) {
        out.push_str(i);
        out.push_str("<MaximumHeartRateBpm><Value>");
        push_int(out, i64::from(v));
        out.push_str("</Value></MaximumHeartRateBpm>\n");
    }
    let resting = matches!(lap.intensity, crate::Intensity::Rest);
    tag_value(out, i, "Intensity", |o| {
        o.push_str(if resting { "Resting" } else { "Active" })
    });
    let bike = sport == Sport::Cycling;
    if bike && let Some(v) = t.avg_cadence.filter(|&v| v <= 254) {
        tag_value(out, i, "Cadence", |o| push_int(o, i64::from(v)));
    }
    tag_value(out, i, "TriggerMethod", |o| {
        o.push_str(trigger_name(lap.trigger))
    });
    track(out, recording, distances.as_deref(), from, to, bike);
    // ActivityExtension v2 lap extension, in its schema's order.
    let mut lx = String::new();
    if let Some(v) = t.avg_speed {
        tag_value(&mut lx, "            ", "ns3:AvgSpeed", |o| {
            push_float(o, f64::from(v), 3)
        });
    }
    if !bike {
        if let Some(v) = t.avg_cadence.filter(|&v| v <= 254) {
            tag_value(&mut lx, "            ", "ns3:AvgRunCadence", |o| {
                push_int(o, i64::from(v))
            });
        }
        if let Some(v) = t.max_cadence.filter(|&v| v <= 254) {
            tag_value(&mut lx, "            ", "ns3:MaxRunCadence", |o| {
                push_int(o, i64::from(v))
            });
        }
    }
    if let Some(v) = t.avg_power {
        tag_value(&mut lx, "            ", "ns3:AvgWatts", |o| {
            push_int(o, i64::from(v))
        });
    }
    if let Some(v) = t.max_power {
        tag_value(&mut lx, "            ", "ns3:MaxWatts", |o| {
            push_int(o, i64::from(v))
        });
    }
    if !lx.is_empty() {
        out.push_str("        <Extensions>\n          <ns3:LX>\n");
        out.push_str(&lx);
        out.push_str("          </ns3:LX>\n        </Extensions>\n");
    }
    out.push_str("      </Lap>\n");
}

fn track(
    out: &mut String,
    recording: &Recording,
    distances: Option<&[f64]>,
    from: usize,
    to: usize,
    bike: bool,
) {
    let s = &recording.samples;
    if from >= to {
        return;
    }
    let f32_at = |column: &Option<Vec<f32>>, i: usize| {
        column.as_ref().map(|c| c[i]).filter(|v| v.is_finite())
    };
    let f64_at = |column: &Option<Vec<f64>>, i: usize| {
        column.as_ref().map(|c| c[i]).filter(|v| v.is_finite())
    };
    let has_extension =
        s.has(Stream::Speed) || s.has(Stream::Power) || (!bike && s.has(Stream::Cadence));
    let mut pauses = recording.pauses.iter().peekable();
    out.push_str("        <Track>\n");
    for i in from..to {
        let time = s.time[i];
        // A pause that ended by this sample closes the track: the timer was stopped.
        let mut paused = false;
        while let Some(pause) = pauses.peek() {
            if pause.end <= time {
                paused |= i > from && s.time[i - 1] <= pause.start;
                pauses.next();
            } else {
                break;
            }
        }
        if paused {
            out.push_str("        </Track>\n        <Track>\n");
        }
        out.push_str("          <Trackpoint>\n            <Time>");
        time.write_rfc3339(out);
        out.push_str("</Time>\n");
        if let (Some(lat), Some(lon)) = (f64_at(&s.latitude, i), f64_at(&s.longitude, i)) {
            out.push_str("            <Position>\n              <LatitudeDegrees>");
            push_float(out, lat, 8);
            out.push_str("</LatitudeDegrees>\n              <LongitudeDegrees>");
            push_float(out, lon, 8);
            out.push_str("</LongitudeDegrees>\n            </Position>\n");
        }
        let p = "            ";
        if let Some(v) = f32_at(&s.altitude, i) {
            tag_value(out, p, "AltitudeMeters", |o| push_float(o, f64::from(v), 2));
        }
        if let Some(v) = distances.map(|d| d[i]).filter(|v| v.is_finite()) {
            tag_value(out, p, "DistanceMeters", |o| push_float(o, v, 3));
        }
        if let Some(v) = f32_at(&s.heart_rate, i)
            .map(f32::round)
            .filter(|v| (1.0..=255.0).contains(v))
        {
            out.push_str(p);
            out.push_str("<HeartRateBpm><Value>");
            push_int(out, v as i64);
            out.push_str("</Value></HeartRateBpm>\n");
        }
        let cadence = f32_at(&s.cadence, i)
            .map(f32::round)
            .filter(|v| (0.0..=254.0).contains(v));
        if bike && let Some(v) = cadence {
            tag_value(out, p, "Cadence", |o| push_int(o, v as i64));
        }
        if has_extension {
            let mut tpx = String::new();
            if let Some(v) = f32_at(&s.speed, i) {
                tag_value(&mut tpx, "                ", "ns3:Speed", |o| {
                    push_float(o, f64::from(v), 3)
                });
            }
            if !bike && let Some(v) = cadence {
                tag_value(&mut tpx, "                ", "ns3:RunCadence", |o| {
                    push_int(o, v as i64)
                });
            }
            if let Some(v) = f32_at(&s.power, i)
                .map(f32::round)
                .filter(|v| (0.0..=65535.0).contains(v))
            {
                tag_value(&mut tpx, "                ", "ns3:Watts", |o| {
                    push_int(o, v as i64)
                });
            }
            if !tpx.is_empty() {
                out.push_str("            <Extensions>\n              <ns3:TPX>\n");
                out.push_str(&tpx);
                out.push_str("              </ns3:TPX>\n            </Extensions>\n");
            }
        }
        out.push_str("          </Trackpoint>\n");
    }
    out.push_str("        </Track>\n");
}

/// A lap's trigger as TCX `TriggerMethod` (which has no "session end": a lap ended by stopping
/// is manual).
fn trigger_name(trigger: LapTrigger) -> &'static str {
    match trigger {
        LapTrigger::Time => "Time",
        LapTrigger::Distance => "Distance",
        LapTrigger::Position => "Location",
        LapTrigger::HeartRate => "HeartRate",
        LapTrigger::Manual | LapTrigger::SessionEnd | LapTrigger::Split | LapTrigger::Other(_) => {
            "Manual"
        }
    }
}

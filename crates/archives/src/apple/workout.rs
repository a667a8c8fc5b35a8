//! A `Workout` element: its attributes, its totals (`WorkoutStatistics` on newer exports), its
//! metadata, its route, and, when read in full, the element written out again.

use std::io::BufRead;

use formats::{Device, Recording, SamplesBuilder};

use super::xml::{Event, Tag};
use super::{Export, Workout, units};
use crate::{ArchiveError, ArchiveWorkout, Meta, Samples, Summary};

/// The most route points read from a workout's inline `Location`s (older exports): a day's
/// worth at one a second.
const MAX_LOCATIONS: usize = 86_400;

impl<R: BufRead> Export<R> {
    /// Reads a workout from its start tag to its end; `detailed` keeps its inline route and
    /// writes the element out again.
    pub(super) fn workout(
        &mut self,
        tag: &Tag,
        ordinal: usize,
        detailed: bool,
    ) -> Result<Workout, ArchiveError> {
        // The start tag was read already: `<`, its name, its attributes, `>`.
        let start_tag = (tag.name.len() + tag.raw().len() + 2) as u64;
        let from = self.reader.position().saturating_sub(start_tag);
        let activity_type = tag.get("workoutActivityType").unwrap_or_default();
        let sport = units::sport(activity_type);
        let start = self.time(tag, "startDate")?;
        let end = self.time(tag, "endDate")?;
        if end.utc < start.utc {
            return Err(self.error(tag.line, "<Workout> ends before it starts"));
        }
        let moving_ms = self.measure(tag, "duration", "durationUnit", units::duration_ms)?;
        let mut summary = Summary {
            start: Some(start.utc),
            utc_offset_min: Some(start.offset_min),
            elapsed_ms: Some(end.utc.ms_since(start.utc)),
            // Saturating: an absurd duration is dropped when the recording is assembled.
            moving_ms: moving_ms.map(|ms| ms.round() as i64),
            distance_m: self.measure(tag, "totalDistance", "totalDistanceUnit", units::length_m)?,
            calories: self
                .measure(
                    tag,
                    "totalEnergyBurned",
                    "totalEnergyBurnedUnit",
                    units::energy_kcal,
                )?
                .map(|k| k.round().max(0.0) as u32),
            ..Summary::default()
        };
        let source = tag.get("sourceName").unwrap_or_default().to_owned();
        let device = device(tag.get("device"), &source);
        let mut capture = detailed.then(|| Capture::new(tag));
        let mut time_zone = None;
        let mut route_file = None;
        let mut locations = 0usize;
        let mut route = SamplesBuilder::with_limit(MAX_LOCATIONS);
        // The workout's children, up to its end (depth counted from the workout).
        let mut depth = 1usize;
        while depth > 0 {
            let mut child = match self.next_event()? {
                Event::Start(child) => child,
                Event::End => {
                    depth -= 1;
                    if let Some(capture) = &mut capture {
                        capture.end();
                    }
                    continue;
                }
                Event::Eof => return Err(self.error(tag.line, "<Workout> is not closed")),
            };
            depth += 1;
            let wanted = matches!(
                child.name.as_str(),
                "MetadataEntry" | "WorkoutStatistics" | "FileReference"
            );
            if wanted || detailed {
                self.parse(&mut child)?;
            }
            if let Some(capture) = &mut capture {
                capture.start(&child);
            }
            match (child.name.as_str(), child.depth - tag.depth) {
                ("MetadataEntry", 1) => match child.get("key") {
                    Some("HKTimeZone") => time_zone = child.get("value").map(str::to_owned),
                    Some("HKElevationAscended") => {
                        summary.ascent_m = summary.ascent_m.or(quantity_text(
                            child.get("value").unwrap_or_default(),
                            units::length_m,
                        ));
                    }
                    _ => {}
                },
                // Totals on newer exports (iOS 16 and later); those of the workout's own
                // attributes, where present, win. Only direct children: a `WorkoutActivity`
                // repeats them for its part.
                ("WorkoutStatistics", 1) => self.statistics(&child, &mut summary)?,
                ("FileReference", 2) => {
                    let path = self.required(&child, "path")?;
                    route_file = Some(path.trim_start_matches('/').to_owned());
                }
                ("Location", 2) => {
                    locations += 1;
                    if detailed {
                        self.location(&child, &mut route)?;
                    }
                }
                _ => {}
            }
        }
        let samples = match route_file {
            Some(path) => Samples::File(path),
            None if !route.is_empty() => Samples::Recording(Box::new(Recording {
                sport,
                start: start.utc,
                utc_offset_minutes: Some(start.offset_min),
                samples: route.finish(),
                ..Recording::default()
            })),
            None => Samples::None,
        };
        // Apple gives workouts no id: the source, type, start and end name one across
        // exports (an edit in Health changes the element, not these).
        let source_id = format!("{activity_type} {} {} {source}", start.utc, end.utc);
        Ok(Workout {
            workout: ArchiveWorkout {
                samples,
                meta: Meta {
                    source_id: Some(source_id),
                    sport: Some(sport),
                    time_zone,
                    ..Meta::default()
                },
                summary,
            },
            end: end.utc,
            ordinal,
            line: tag.line,
            activity_type: activity_type.to_owned(),
            device,
            locations,
            bytes: self.reader.position().saturating_sub(from),
            xml: capture.map(Capture::finish),
        })
    }

    /// One inline `Location` of an older export's route.
    fn location(&self, tag: &Tag, route: &mut SamplesBuilder) -> Result<(), ArchiveError> {
        let at = self.time(tag, "date")?;
        route.push_row(at.utc);
        if let (Some(lat), Some(lon)) = (
            self.number(tag, "latitude")?,
            self.number(tag, "longitude")?,
        ) {
            route.latitude(lat);
            route.longitude(lon);
        }
        if let Some(alt) = self.number(tag, "altitude")? {
            route.altitude(alt as f32);
        }
        if let Some(speed) = self.number(tag, "speed")?.filter(|s| *s >= 0.0) {
            route.speed(speed as f32);
        }
        Ok(())
    }

    fn statistics(&self, tag: &Tag, summary: &mut Summary) -> Result<(), ArchiveError> {
        let kind = tag.get("type").unwrap_or_default();
        let kind = kind
            .strip_prefix("HKQuantityTypeIdentifier")
            .unwrap_or(kind);
        match kind {
            "ActiveEnergyBurned" if summary.calories.is_none() => {
                let kcal = self.measure(tag, "sum", "unit", units::energy_kcal)?;
                summary.calories = kcal.map(|k| k.round().max(0.0) as u32);
            }
            k if k.starts_with("Distance") && summary.distance_m.is_none() => {
                summary.distance_m = self.measure(tag, "sum", "unit", units::length_m)?;
            }
            "HeartRate" => {
                let bpm = |v: Option<f64>| v.map(|b| b.round().clamp(0.0, 255.0) as u16);
                summary.avg_hr = bpm(self.number(tag, "average")?);
                summary.max_hr = bpm(self.number(tag, "maximum")?);
            }
            _ => {}
        }
        Ok(())
    }
}

/// A quantity written as text with its unit, `"2540 cm"`, in the unit `convert` gives.
fn quantity_text(text: &str, convert: fn(&str) -> Option<f64>) -> Option<f64> {
    let (value, unit) = text.trim().split_once(' ')?;
    Some(value.parse::<f64>().ok()? * convert(unit.trim())?)
}

/// The device of Apple's `device` attribute, `<<HKDevice: 0x…>, name:Apple Watch,
/// manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1>`, else the source
/// by name.
fn device(description: Option<&str>, source: &str) -> Option<Device> {
    let mut device = Device::default();
    for part in description.unwrap_or_default().split(", ") {
        let Some((key, value)) = part.split_once(':') else {
            continue;
        };
        let value = value.trim_end_matches('>').trim();
        if value.is_empty() {
            continue;
        }
        match key.trim() {
            "name" => device.product = Some(value.to_owned()),
            "manufacturer" => device.manufacturer = Some(value.to_owned()),
            "software" => device.software = Some(value.to_owned()),
            _ => {}
        }
    }
    if device.product.is_none() && !source.is_empty() {
        device.product = Some(source.to_owned());
    }
    (device != Device::default()).then_some(device)
}

/// An element written out again from its events, as a small XML document of its own.
struct Capture {
    out: String,
    /// The names of the elements written and not yet closed.
    open: Vec<String>,
    /// The last start tag still lacks its `>` (it may yet be closed as `/>`).
    unclosed: bool,
}

impl Capture {
    fn new(tag: &Tag) -> Self {
        let mut capture = Self {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            open: Vec::new(),
            unclosed: false,
        };
        capture.start(tag);
        capture
    }

    fn start(&mut self, tag: &Tag) {
        if self.unclosed {
            self.out.push('>');
        }
        self.out.push('\n');
        self.indent();
        self.out.push('<');
        self.out.push_str(&tag.name);
        for (key, value) in tag.attributes() {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape(&mut self.out, value);
            self.out.push('"');
        }
        self.open.push(tag.name.clone());
        self.unclosed = true;
    }

    fn end(&mut self) {
        let Some(name) = self.open.pop() else {
            return;
        };
        if std::mem::take(&mut self.unclosed) {
            self.out.push_str("/>");
            return;
        }
        self.out.push('\n');
        self.indent();
        self.out.push_str("</");
        self.out.push_str(&name);
        self.out.push('>');
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        self.out.push('\n');
        self.out
    }
}

/// An attribute value with the characters XML reserves escaped.
fn escape(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apples_device_description_names_the_watch() {
        let d = device(
            Some("<<HKDevice: 0x283f8d2c0>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1>"),
            "Ada’s Apple Watch",
        )
        .unwrap();
        assert_eq!(d.product.as_deref(), Some("Apple Watch"));
        assert_eq!(d.manufacturer.as_deref(), Some("Apple Inc."));
        assert_eq!(d.software.as_deref(), Some("10.1"));
        let by_source = device(None, "Strava").unwrap();
        assert_eq!(by_source.product.as_deref(), Some("Strava"));
        assert_eq!(device(None, ""), None);
    }

    #[test]
    fn a_captured_element_is_written_back_with_its_values_escaped() {
        let tag =
            |name: &str, attributes: &[(&str, &str)]| Tag::new(name, attributes.iter().copied());
        let mut capture =
            Capture::new(&tag("Workout", &[("sourceName", "Ada’s <Watch> & \"co\"")]));
        capture.start(&tag("MetadataEntry", &[("key", "k")]));
        capture.end();
        capture.start(&tag("WorkoutRoute", &[]));
        capture.start(&tag("FileReference", &[("path", "/a.gpx")]));
        capture.end();
        capture.end();
        let xml = capture.finish();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Workout sourceName=\"Ada’s &lt;Watch&gt; &amp; &quot;co&quot;\">\n  <MetadataEntry key=\"k\"/>\n  <WorkoutRoute>\n    <FileReference path=\"/a.gpx\"/>\n  </WorkoutRoute>\n</Workout>\n"
        );
    }
}

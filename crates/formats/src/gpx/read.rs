//! The GPX reader (1.0 and 1.1): tracks and segments (a gap between segments is a pause), Garmin
//! TrackPointExtension v1/v2 and the vendor extensions seen in the wild for heart rate, cadence,
//! temperature, speed, distance and power.

use crate::TimestampExt as _;
use crate::{
    Device, Error, ErrorKind, Format, Options, Recording, Result, SamplesBuilder, Session, Sport,
    Timestamp, Totals,
    xml::{Event, TextBuffer, Walker, local, number},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Metadata,
    Trk,
    Trkseg,
    Trkpt,
    Rtept,
    Ele,
    Time,
    Name,
    Type,
    HeartRate,
    Cadence,
    Temperature,
    Speed,
    Power,
    Distance,
    Other,
}

fn tag(name: &[u8]) -> Tag {
    match name {
        b"metadata" => Tag::Metadata,
        b"trk" => Tag::Trk,
        b"trkseg" => Tag::Trkseg,
        b"trkpt" => Tag::Trkpt,
        b"rtept" => Tag::Rtept,
        b"ele" => Tag::Ele,
        b"time" => Tag::Time,
        b"name" => Tag::Name,
        b"type" => Tag::Type,
        b"hr" | b"heartrate" | b"HeartRate" | b"bpm" => Tag::HeartRate,
        b"cad" | b"cadence" => Tag::Cadence,
        b"atemp" | b"temp" | b"Temperature" => Tag::Temperature,
        b"speed" => Tag::Speed,
        b"power" | b"PowerInWatts" | b"watts" => Tag::Power,
        b"distance" => Tag::Distance,
        _ => Tag::Other,
    }
}

#[derive(Default)]
struct Point {
    /// NaN when the point has no usable position.
    latitude: f64,
    longitude: f64,
    /// The first point of a segment.
    segment_start: bool,
    elevation: Option<f64>,
    time: Option<Timestamp>,
    heart_rate: Option<f64>,
    cadence: Option<f64>,
    temperature: Option<f64>,
    speed: Option<f64>,
    power: Option<f64>,
    distance: Option<f64>,
}

/// Reads a GPX document.
pub fn read(input: &[u8], options: &Options) -> Result<Recording> {
    let mut walker = Walker::new(input, options)?;
    let mut stack: Vec<Tag> = Vec::with_capacity(16);
    let mut timed: Vec<Point> = Vec::new();
    let mut point: Option<Point> = None;
    let mut new_segment = false;
    let mut legacy_pause = false;
    let (mut points, mut untimed, mut route_points) = (0usize, 0usize, 0usize);
    let mut text = TextBuffer::default();
    let (mut name, mut kind, mut creator) = (None, None, None);
    let mut root_seen = false;
    loop {
        match walker.next()? {
            Event::Open(start) => {
                let element = local(start.name);
                if !root_seen {
                    root_seen = true;
                    if element != b"gpx" {
                        let found = String::from_utf8_lossy(element).into_owned();
                        return Err(Error::new(ErrorKind::WrongRoot {
                            expected: "gpx",
                            found,
                        }));
                    }
                    creator = walker
                        .attribute(b"creator")
                        .map(|c| String::from_utf8_lossy(&c).trim().to_owned())
                        .filter(|c| !c.is_empty());
                }
                let t = tag(element);
                match t {
                    Tag::Trkseg => new_segment = true,
                    Tag::Trkpt => {
                        // One pass over the attributes for both coordinates.
                        let (mut lat, mut lon) = (None, None);
                        for &(name, value) in walker.attributes() {
                            match local(name) {
                                b"lat" => lat = Some(value),
                                b"lon" => lon = Some(value),
                                _ => {}
                            }
                        }
                        let coordinate = |value: Option<&[u8]>| -> Result<f64> {
                            let value = value
                                .ok_or_else(|| walker.bad_value("trkpt lat/lon", b"(missing)"))?;
                            number(value).ok_or_else(|| walker.bad_value("trkpt lat/lon", value))
                        };
                        let (latitude, longitude) = (coordinate(lat)?, coordinate(lon)?);
                        point = Some(Point {
                            latitude,
                            longitude,
                            ..Point::default()
                        });
                    }
                    Tag::Rtept => route_points += 1,
                    _ => {}
                }
                stack.push(t);
            }
            Event::Text(raw) => {
                let current = stack.last().copied().unwrap_or(Tag::Other);
                let parent = stack.len().checked_sub(2).map_or(Tag::Other, |i| stack[i]);
                if let Some(p) = point.as_mut() {
                    if raw.trim_ascii().is_empty() {
                        continue;
                    }
                    // Vendor extensions may carry a second value of a kind (Holux writes the GPS
                    // and barometric elevations); the standard child of <trkpt> wins for those.
                    let num = || number(raw);
                    match (parent, current) {
                        (Tag::Trkpt, Tag::Ele) => p.elevation = num(),
                        (Tag::Trkpt, Tag::Time) => {
                            p.time = Some(
                                Timestamp::parse_rfc3339(raw)
                                    .ok_or_else(|| walker.bad_value("trkpt time", raw))?,
                            );
                        }
                        (_, Tag::HeartRate) => {
                            p.heart_rate = p.heart_rate.or(num().filter(|v| *v > 0.0))
                        }
                        (_, Tag::Cadence) => p.cadence = p.cadence.or(num()),
                        (_, Tag::Temperature) => p.temperature = p.temperature.or(num()),
                        (_, Tag::Speed) => p.speed = p.speed.or(num().filter(|v| *v >= 0.0)),
                        (_, Tag::Power) => p.power = p.power.or(num().filter(|v| *v >= 0.0)),
                        (_, Tag::Distance) => {
                            p.distance = p.distance.or(num().filter(|v| *v >= 0.0))
                        }
                        _ => {}
                    }
                } else if matches!(current, Tag::Name | Tag::Type) && parent == Tag::Trk {
                    text.push(&Event::Text(raw));
                }
            }
            Event::Ref(c) => {
                if point.is_none() {
                    text.push(&Event::Ref(c));
                }
            }
            Event::Close => {
                let Some(t) = stack.pop() else { continue };
                let parent = stack.last().copied().unwrap_or(Tag::Other);
                match t {
                    Tag::Trkpt => {
                        let Some(mut p) = point.take() else { continue };
                        points += 1;
                        if p.time.is_none() {
                            untimed += 1;
                            continue;
                        }
                        // MyTracks and early OpenTracks marked a pause with a point at latitude 100
                        // and the resume with one at latitude 200.
                        if p.latitude == 100.0 || p.latitude == 200.0 {
                            legacy_pause = p.latitude == 100.0;
                            new_segment = true;
                            continue;
                        }
                        if legacy_pause {
                            continue;
                        }
                        if p.latitude.abs() > 90.0 || p.longitude.abs() > 180.0 {
                            p.latitude = f64::NAN;
                            p.longitude = f64::NAN;
                        }
                        p.segment_start = std::mem::take(&mut new_segment);
                        timed.push(p);
                    }
                    Tag::Name if parent == Tag::Trk => name = name.or(text.take()),
                    Tag::Type if parent == Tag::Trk => kind = kind.or(text.take()),
                    _ => {}
                }
            }
            Event::Eof => break,
        }
    }
    if timed.is_empty() && (points > 0 || route_points > 0) {
        return Err(Error::new(ErrorKind::NoTimestamps));
    }
    let mut warnings = Vec::new();
    if untimed > 0 {
        warnings.push(format!(
            "{untimed} of {points} track points had no time and were left out"
        ));
    }
    if timed.is_empty() {
        warnings.push("this GPX file holds no track, not a recorded activity".to_owned());
    }
    // A point stamped far from the others (an app's "no time", a clock gone wrong) must not
    // become the clock the points after it are held to below: leave it out first. (When no
    // time is believable, the recording is refused after reading, saying why.)
    let times: Vec<Timestamp> = timed.iter().filter_map(|p| p.time).collect();
    let what = ("track point", "track points");
    if let Ok(Some(window)) = crate::sanitize::times::window_of(&times, &[], what, options) {
        let outside = |t: &Timestamp| *t < window.0 || *t > window.1;
        let far: Vec<Timestamp> = times.iter().copied().filter(outside).collect();
        if let (Some(first), Some(last)) = (far.iter().min(), far.iter().max()) {
            let warning = crate::sanitize::times::far_warning(far.len(), (*first, *last), window);
            warnings.push(warning);
            // A segment that began with a left-out point begins with the next one.
            let mut segment_start = false;
            timed.retain_mut(|p| {
                segment_start |= p.segment_start;
                let keep = p.time.is_some_and(|t| !outside(&t));
                if keep {
                    p.segment_start = std::mem::take(&mut segment_start);
                }
                keep
            });
        }
    }
    // Some apps (Sports Tracker) interleave sensor readings, carrying the last position, with
    // jittered times. File order is the order along the path: keep it, and hold the clock still
    // where it would run backwards.
    let mut clamped = 0;
    let mut latest = None;
    for p in &mut timed {
        match (p.time, latest) {
            (Some(t), Some(l)) if t < l => {
                p.time = Some(l);
                clamped += 1;
            }
            (Some(t), _) => latest = Some(t),
            _ => {}
        }
    }
    if clamped > 0 {
        warnings.push(format!("{clamped} track points had a time earlier than the point before; they were kept in file order"));
    }
    let (mut samples, segment_starts) = build(&timed);
    // GPX carries positions, not distance: measure the track unless a vendor gave distances.
    if samples.distance.is_none() {
        samples.distance = crate::geo::distance_from_positions(&samples);
    }
    let pauses = segment_gaps(&samples.time, &segment_starts);
    let start = samples.time.first().copied().unwrap_or_default();
    let end = samples.time.last().copied().unwrap_or_default();
    let sport = kind.as_deref().map_or(Sport::Generic, Sport::from_name);
    let session = Session {
        sport,
        start,
        totals: Totals {
            elapsed_ms: end.ms_since(start),
            ..Totals::default()
        },
        ..Session::default()
    };
    Ok(Recording {
        format: Some(Format::Gpx),
        sport,
        sub_sport: None,
        start,
        utc_offset_minutes: None,
        device: creator.map(|c| Device {
            product: Some(c),
            ..Device::default()
        }),
        sessions: if samples.is_empty() {
            Vec::new()
        } else {
            vec![session]
        },
        laps: Vec::new(),
        pauses,
        samples,
        rr_intervals_ms: Vec::new(),
        notes: name,
        hr_zone_bounds: Vec::new(),
        warnings,
    })
}

fn build(points: &[Point]) -> (crate::Samples, Vec<usize>) {
    let mut samples = SamplesBuilder::new();
    let mut segment_starts = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let Some(time) = p.time else { continue };
        if p.segment_start {
            segment_starts.push(i);
        }
        samples.push_row(time);
        if p.latitude.is_finite() && p.longitude.is_finite() {
            samples.latitude(p.latitude);
            samples.longitude(p.longitude);
        }
        let set = |samples: &mut SamplesBuilder,
                   value: Option<f64>,
                   setter: fn(&mut SamplesBuilder, f32)| {
            if let Some(v) = value {
                setter(samples, v as f32);
            }
        };
        set(&mut samples, p.elevation, SamplesBuilder::altitude);
        set(&mut samples, p.heart_rate, SamplesBuilder::heart_rate);
        set(&mut samples, p.cadence, SamplesBuilder::cadence);
        set(&mut samples, p.temperature, SamplesBuilder::temperature);
        set(&mut samples, p.speed, SamplesBuilder::speed);
        set(&mut samples, p.power, SamplesBuilder::power);
        if let Some(v) = p.distance {
            samples.distance(v);
        }
    }
    (samples.finish(), segment_starts)
}

/// Every boundary between segments with time passing across it is a pause: writers start a new
/// segment when the recording is paused.
fn segment_gaps(time: &[Timestamp], starts: &[usize]) -> Vec<crate::Pause> {
    starts
        .iter()
        .filter(|&&i| i > 0 && i < time.len() && time[i] > time[i - 1])
        .map(|&i| crate::Pause {
            start: time[i - 1],
            end: time[i],
        })
        .collect()
}

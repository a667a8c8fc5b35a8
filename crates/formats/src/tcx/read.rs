//! The TCX reader: activities (several, or multisport), laps with their totals, tracks of
//! trackpoints with ActivityExtension v2 speed, run cadence and watts, the Creator device;
//! courses and workout-only files read as what they are.

use crate::TimestampExt as _;
use crate::{
    Device, Error, ErrorKind, Format, Intensity, Lap, LapTrigger, Options, Pause, Recording,
    Result, SamplesBuilder, Session, Sport, Timestamp, Totals,
    xml::{Event, TextBuffer, Walker, local, number},
};

/// The elements the reader cares about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Activity,
    Course,
    Workouts,
    MultiSportSession,
    Id,
    Lap,
    TotalTimeSeconds,
    DistanceMeters,
    MaximumSpeed,
    Calories,
    AverageHeartRateBpm,
    MaximumHeartRateBpm,
    Value,
    Intensity,
    Cadence,
    TriggerMethod,
    Track,
    Trackpoint,
    Time,
    LatitudeDegrees,
    LongitudeDegrees,
    AltitudeMeters,
    HeartRateBpm,
    Speed,
    RunCadence,
    Watts,
    AvgSpeed,
    AvgRunCadence,
    MaxRunCadence,
    AvgWatts,
    MaxWatts,
    MaxBikeCadence,
    Creator,
    Name,
    UnitId,
    ProductId,
    VersionMajor,
    VersionMinor,
    Notes,
    Other,
}

fn tag(name: &[u8]) -> Tag {
    match name {
        b"Activity" => Tag::Activity,
        b"Course" => Tag::Course,
        b"Workouts" => Tag::Workouts,
        b"MultiSportSession" => Tag::MultiSportSession,
        b"Id" => Tag::Id,
        b"Lap" => Tag::Lap,
        b"TotalTimeSeconds" => Tag::TotalTimeSeconds,
        b"DistanceMeters" => Tag::DistanceMeters,
        b"MaximumSpeed" => Tag::MaximumSpeed,
        b"Calories" => Tag::Calories,
        b"AverageHeartRateBpm" => Tag::AverageHeartRateBpm,
        b"MaximumHeartRateBpm" => Tag::MaximumHeartRateBpm,
        b"Value" => Tag::Value,
        b"Intensity" => Tag::Intensity,
        b"Cadence" => Tag::Cadence,
        b"TriggerMethod" => Tag::TriggerMethod,
        b"Track" => Tag::Track,
        b"Trackpoint" => Tag::Trackpoint,
        b"Time" => Tag::Time,
        b"LatitudeDegrees" => Tag::LatitudeDegrees,
        b"LongitudeDegrees" => Tag::LongitudeDegrees,
        b"AltitudeMeters" => Tag::AltitudeMeters,
        b"HeartRateBpm" => Tag::HeartRateBpm,
        b"Speed" => Tag::Speed,
        b"RunCadence" => Tag::RunCadence,
        b"Watts" => Tag::Watts,
        b"AvgSpeed" => Tag::AvgSpeed,
        b"AvgRunCadence" => Tag::AvgRunCadence,
        b"MaxRunCadence" => Tag::MaxRunCadence,
        b"AvgWatts" => Tag::AvgWatts,
        b"MaxWatts" => Tag::MaxWatts,
        b"MaxBikeCadence" => Tag::MaxBikeCadence,
        b"Creator" => Tag::Creator,
        b"Name" => Tag::Name,
        b"UnitId" => Tag::UnitId,
        b"ProductID" => Tag::ProductId,
        b"VersionMajor" => Tag::VersionMajor,
        b"VersionMinor" => Tag::VersionMinor,
        b"Notes" => Tag::Notes,
        _ => Tag::Other,
    }
}

#[derive(Default)]
struct Point {
    time: Option<Timestamp>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    altitude: Option<f64>,
    distance: Option<f64>,
    heart_rate: Option<f64>,
    cadence: Option<f64>,
    speed: Option<f64>,
    power: Option<f64>,
}

/// One activity of the file: a top-level `<Activity>`, a whole `<MultiSportSession>`, or a
/// `<Course>`.
#[derive(Default)]
struct Group {
    samples: SamplesBuilder,
    sessions: Vec<Session>,
    laps: Vec<Lap>,
    /// Sample indices where a new `<Track>` began.
    track_starts: Vec<usize>,
    device: Device,
    version: (Option<u32>, Option<u32>),
    notes: Option<String>,
    course: bool,
    untimed_points: usize,
    /// An activity `<Id>` that is not a time (PainSled writes `android_id:…`): the start then
    /// comes from the first lap or trackpoint, and without either the file is refused with it.
    bad_id: Option<Error>,
}

#[derive(Default)]
struct State {
    groups: Vec<Group>,
    new_track: bool,
    point: Option<Point>,
    lap: Option<Lap>,
    session: Option<Session>,
    text: TextBuffer,
    workouts: bool,
    in_creator: bool,
    /// Inside a `<MultiSportSession>`: the group all its activities go to, once opened.
    multisport: Option<Option<usize>>,
}

impl State {
    fn group(&mut self) -> &mut Group {
        if self.groups.is_empty() {
            self.groups.push(Group::default());
        }
        let last = self.groups.len() - 1;
        &mut self.groups[last]
    }
}

/// Reads a TCX document: the first of its activities (see [`read_all`]).
pub fn read(input: &[u8], options: &Options) -> Result<Recording> {
    Ok(read_all(input, options)?.swap_remove(0))
}

/// Reads a TCX document: one recording per activity in it (a multisport session is one
/// activity). Always at least one, possibly empty, recording.
pub fn read_all(input: &[u8], options: &Options) -> Result<Vec<Recording>> {
    let mut walker = Walker::new(input, options)?;
    let mut stack: Vec<Tag> = Vec::with_capacity(16);
    let mut s = State::default();
    let mut root_seen = false;
    loop {
        let event = walker.next()?;
        match event {
            Event::Open(start) => {
                let name = local(start.name);
                if !root_seen {
                    root_seen = true;
                    if name != b"TrainingCenterDatabase" {
                        let found = String::from_utf8_lossy(name).into_owned();
                        return Err(Error::new(ErrorKind::WrongRoot {
                            expected: "TrainingCenterDatabase",
                            found,
                        }));
                    }
                }
                let t = tag(name);
                match t {
                    Tag::Activity | Tag::Course => {
                        let sport = walker.attribute(b"Sport").map_or(Sport::Generic, |s| {
                            Sport::from_name(&String::from_utf8_lossy(&s))
                        });
                        match s.multisport {
                            Some(Some(group)) if group + 1 == s.groups.len() => {}
                            Some(_) => {
                                s.groups.push(Group::default());
                                s.multisport = Some(Some(s.groups.len() - 1));
                            }
                            None => s.groups.push(Group::default()),
                        }
                        if s.groups.len() > options.max_activities {
                            // Stop before a hostile file costs more (`read_all` counts them all).
                            let (count, limit) = (s.groups.len(), options.max_activities);
                            return Err(Error::new(ErrorKind::TooManyActivities { count, limit }));
                        }
                        let group = s.group();
                        group.course |= t == Tag::Course;
                        let laps = group.laps.len();
                        s.session = Some(Session {
                            sport,
                            laps: laps..laps,
                            ..Session::default()
                        });
                    }
                    Tag::MultiSportSession => s.multisport = Some(None),
                    Tag::Lap if s.session.is_some() => {
                        let start_time = match walker.attribute(b"StartTime") {
                            Some(value) => Some(
                                Timestamp::parse_rfc3339(&value)
                                    .ok_or_else(|| walker.bad_value("Lap StartTime", &value))?,
                            ),
                            None => None,
                        };
                        s.lap = Some(Lap {
                            start: start_time.unwrap_or_default(),
                            ..Lap::default()
                        });
                    }
                    Tag::Track => s.new_track = true,
                    Tag::Trackpoint => s.point = Some(Point::default()),
                    Tag::Workouts => s.workouts = true,
                    Tag::Creator => s.in_creator = true,
                    _ => {}
                }
                stack.push(t);
            }
            Event::Text(text) => {
                let current = stack.last().copied().unwrap_or(Tag::Other);
                let parent = stack.len().checked_sub(2).map_or(Tag::Other, |i| stack[i]);
                if matches!(current, Tag::Name | Tag::Notes | Tag::Id) {
                    s.text.push(&Event::Text(text));
                } else {
                    value(&mut s, &walker, parent, current, text)?;
                }
            }
            Event::Ref(c) => s.text.push(&Event::Ref(c)),
            Event::Close => {
                let Some(t) = stack.pop() else { continue };
                let parent = stack.last().copied().unwrap_or(Tag::Other);
                close(&mut s, &walker, t, parent)?;
            }
            Event::Eof => break,
        }
    }
    finish(s)
}

fn value(s: &mut State, walker: &Walker<'_>, parent: Tag, current: Tag, text: &[u8]) -> Result<()> {
    if text.trim_ascii().is_empty() {
        return Ok(());
    }
    let num = || number(text).ok_or_else(|| walker.bad_value(field_name(current), text));
    if let Some(point) = s.point.as_mut() {
        match (parent, current) {
            (_, Tag::Time) => {
                point.time = Some(
                    Timestamp::parse_rfc3339(text)
                        .ok_or_else(|| walker.bad_value("Trackpoint Time", text))?,
                );
            }
            (_, Tag::LatitudeDegrees) => point.latitude = Some(num()?),
            (_, Tag::LongitudeDegrees) => point.longitude = Some(num()?),
            (_, Tag::AltitudeMeters) => point.altitude = Some(num()?),
            (_, Tag::DistanceMeters) => point.distance = Some(num()?),
            (Tag::HeartRateBpm, Tag::Value) => point.heart_rate = Some(num()?),
            (_, Tag::Cadence | Tag::RunCadence) => point.cadence = Some(num()?),
            (_, Tag::Speed) => point.speed = Some(num()?),
            (_, Tag::Watts) => point.power = Some(num()?),
            _ => {}
        }
        return Ok(());
    }
    if let Some(lap) = s.lap.as_mut() {
        let t = &mut lap.totals;
        let int = |v: f64| v.round().clamp(0.0, f64::from(u16::MAX));
        match (parent, current) {
            (_, Tag::TotalTimeSeconds) => t.timer_ms = Some((num()? * 1000.0).round() as i64),
            (Tag::Lap, Tag::DistanceMeters) => t.distance_m = Some(num()?),
            (_, Tag::MaximumSpeed) => t.max_speed = Some(num()? as f32),
            (_, Tag::Calories) => t.calories = Some(num()?.max(0.0) as u32),
            (Tag::AverageHeartRateBpm, Tag::Value) => {
                t.avg_heart_rate = Some(int(num()?).min(255.0) as u8)
            }
            (Tag::MaximumHeartRateBpm, Tag::Value) => {
                t.max_heart_rate = Some(int(num()?).min(255.0) as u8)
            }
            (Tag::Lap, Tag::Cadence) | (_, Tag::AvgRunCadence) => {
                t.avg_cadence = Some(int(num()?).min(255.0) as u8)
            }
            (_, Tag::MaxRunCadence | Tag::MaxBikeCadence) => {
                t.max_cadence = Some(int(num()?).min(255.0) as u8)
            }
            (_, Tag::AvgSpeed) => t.avg_speed = Some(num()? as f32),
            (_, Tag::AvgWatts) => t.avg_power = Some(int(num()?) as u16),
            (_, Tag::MaxWatts) => t.max_power = Some(int(num()?) as u16),
            (_, Tag::Intensity) => {
                lap.intensity = if text.trim_ascii() == b"Resting" {
                    Intensity::Rest
                } else {
                    Intensity::Active
                };
            }
            (_, Tag::TriggerMethod) => {
                lap.trigger = trigger_from_tcx(&String::from_utf8_lossy(text))
            }
            _ => {}
        }
        return Ok(());
    }
    match (parent, current) {
        (Tag::Creator, Tag::UnitId) => s.group().device.serial = num().ok().map(|v| v as u32),
        (Tag::Creator, Tag::ProductId) => {
            s.group().device.product_id = num().ok().map(|v| v as u16)
        }
        (_, Tag::VersionMajor) if s.in_creator => {
            s.group().version.0 = num().ok().map(|v| v as u32)
        }
        (_, Tag::VersionMinor) if s.in_creator => {
            s.group().version.1 = num().ok().map(|v| v as u32)
        }
        _ => {}
    }
    Ok(())
}

fn field_name(tag: Tag) -> &'static str {
    match tag {
        Tag::LatitudeDegrees => "LatitudeDegrees",
        Tag::LongitudeDegrees => "LongitudeDegrees",
        Tag::AltitudeMeters => "AltitudeMeters",
        Tag::DistanceMeters => "DistanceMeters",
        Tag::Value => "heart rate Value",
        Tag::Cadence | Tag::RunCadence => "Cadence",
        Tag::Speed => "Speed",
        Tag::Watts => "Watts",
        Tag::TotalTimeSeconds => "TotalTimeSeconds",
        Tag::Calories => "Calories",
        _ => "number",
    }
}

fn close(s: &mut State, walker: &Walker<'_>, t: Tag, parent: Tag) -> Result<()> {
    match t {
        Tag::Trackpoint => {
            let Some(point) = s.point.take() else {
                return Ok(());
            };
            let new_track = std::mem::take(&mut s.new_track);
            let group = s.group();
            let Some(time) = point.time else {
                group.untimed_points += 1;
                return Ok(());
            };
            if group.samples.last_time().is_some_and(|last| time < last) {
                // Out of order within one activity: a stray point.
                return Ok(());
            }
            if new_track {
                group.track_starts.push(group.samples.len());
            }
            let b = &mut group.samples;
            b.push_row(time);
            if let (Some(lat), Some(lon)) = (point.latitude, point.longitude) {
                // Some devices write 0,0 when they have no fix.
                if lat.abs() <= 90.0 && lon.abs() <= 180.0 && (lat != 0.0 || lon != 0.0) {
                    b.latitude(lat);
                    b.longitude(lon);
                }
            }
            if let Some(v) = point.altitude {
                b.altitude(v as f32);
            }
            if let Some(v) = point.distance {
                b.distance(v);
            }
            if let Some(v) = point.heart_rate {
                b.heart_rate(v as f32);
            }
            if let Some(v) = point.cadence {
                b.cadence(v as f32);
            }
            if let Some(v) = point.speed {
                b.speed(v as f32);
            }
            if let Some(v) = point.power {
                b.power(v as f32);
            }
        }
        Tag::Lap => {
            if let Some(mut lap) = s.lap.take() {
                lap.totals.elapsed_ms = lap.totals.timer_ms.unwrap_or(0);
                s.group().laps.push(lap);
            }
        }
        Tag::Activity | Tag::Course => {
            if let Some(mut session) = s.session.take() {
                let group = s.group();
                session.laps.end = group.laps.len();
                group.sessions.push(session);
            }
        }
        Tag::MultiSportSession => s.multisport = None,
        Tag::Id if parent == Tag::Activity => {
            if let (Some(text), true) = (s.text.take(), s.session.is_some()) {
                match Timestamp::parse_rfc3339(text.as_bytes()) {
                    Some(start) => s.session.as_mut().unwrap().start = start,
                    None => {
                        let error = walker.bad_value("Activity Id", text.as_bytes());
                        s.group().bad_id.get_or_insert(error);
                    }
                }
            }
        }
        Tag::Creator => s.in_creator = false,
        Tag::Name if parent == Tag::Creator => s.group().device.product = s.text.take(),
        Tag::Notes if matches!(parent, Tag::Activity | Tag::Lap) => {
            if let Some(text) = s.text.take() {
                let group = s.group();
                group.notes = Some(match group.notes.take() {
                    Some(before) => format!("{before}\n{text}"),
                    None => text,
                });
            }
        }
        Tag::Name | Tag::Notes | Tag::Id => {
            s.text.take();
        }
        _ => {}
    }
    Ok(())
}

fn finish(s: State) -> Result<Vec<Recording>> {
    if s.groups.is_empty() {
        let what = if s.workouts {
            "a workout plan"
        } else {
            "no activity"
        };
        return Ok(vec![Recording {
            format: Some(Format::Tcx),
            warnings: vec![format!(
                "this TCX file holds {what}, not a recorded activity"
            )],
            ..Recording::default()
        }]);
    }
    s.groups.into_iter().map(group_recording).collect()
}

fn group_recording(group: Group) -> Result<Recording> {
    let Group {
        samples,
        mut sessions,
        mut laps,
        track_starts,
        mut device,
        version,
        notes,
        course,
        untimed_points,
        bad_id,
    } = group;
    let samples = samples.finish();
    let mut warnings = Vec::new();
    if untimed_points > 0 {
        warnings.push(format!(
            "{untimed_points} trackpoints without a time were left out"
        ));
    }
    if course {
        warnings.push(
            "this TCX file holds a course (a planned route), not a recorded activity".to_owned(),
        );
    }
    let first_sample = samples.time.first().copied();
    for lap in &mut laps {
        // Course laps have no start time: they start with the track.
        if lap.start == Timestamp::default() {
            lap.start = first_sample.unwrap_or_default();
        }
    }
    // Lap times: TCX gives each lap's start and timer time; its wall-clock length runs to the
    // next lap's start (or to the lap's last sample for the last one).
    // Within a session only: the last lap of a multisport leg does not run into the next leg.
    let last_of_session: Vec<bool> = (0..laps.len())
        .map(|i| sessions.iter().any(|s| s.laps.end == i + 1) || i + 1 == laps.len())
        .collect();
    for i in 0..laps.len() {
        let next_start = laps.get(i + 1).map(|l| l.start);
        let same_session_next = next_start.filter(|_| !last_of_session[i]);
        let lap = &mut laps[i];
        let last_sample = samples
            .time
            .iter()
            .rev()
            .find(|&&t| t >= lap.start && next_start.is_none_or(|n| t < n));
        let end = match (same_session_next, last_sample) {
            (Some(next), _) if next > lap.start => Some(next),
            (_, Some(&last)) => Some(last),
            _ => None,
        };
        let Some(span) = end.map(|end| end.ms_since(lap.start)) else {
            continue;
        };
        let timer = lap.totals.timer_ms.unwrap_or(0);
        if span > 0 && timer > span + span / 10 + 60_000 {
            warnings.push(format!(
                "lap {} says it lasted {} s but its samples span {} s; the samples were believed",
                i + 1,
                timer / 1000,
                span / 1000
            ));
            lap.totals.timer_ms = Some(span);
        }
        lap.totals.elapsed_ms = span.max(lap.totals.timer_ms.unwrap_or(0));
    }
    for session in &mut sessions {
        let session_laps = &laps[session.laps.clone()];
        if session.start == Timestamp::default() {
            session.start = session_laps
                .first()
                .map(|l| l.start)
                .or(first_sample)
                .unwrap_or_default();
        }
        let end = session_laps
            .iter()
            .map(Lap::end)
            .max()
            .unwrap_or(session.start);
        let sum = |f: fn(&Totals) -> Option<f64>| -> Option<f64> {
            session_laps.iter().map(|l| f(&l.totals)).sum()
        };
        session.totals = Totals {
            elapsed_ms: end.ms_since(session.start).max(0),
            timer_ms: sum(|t| t.timer_ms.map(|v| v as f64)).map(|v| v as i64),
            distance_m: sum(|t| t.distance_m),
            calories: sum(|t| t.calories.map(f64::from)).map(|v| v as u32),
            max_heart_rate: session_laps
                .iter()
                .filter_map(|l| l.totals.max_heart_rate)
                .max(),
            ..Totals::default()
        };
    }
    if let Some(error) = bad_id {
        if sessions.iter().any(|s| s.start == Timestamp::default()) {
            return Err(error);
        }
        warnings.push(format!(
            "{}: the start was taken from the first lap or trackpoint",
            error.kind
        ));
    }
    sessions.sort_by_key(|s| s.start);
    let pauses = track_pauses(&samples.time, &track_starts);
    let start = sessions
        .first()
        .map(|s| s.start)
        .into_iter()
        .chain(first_sample)
        .chain(laps.first().map(|l| l.start))
        .min()
        .unwrap_or_default();
    if let (Some(major), Some(minor)) = version {
        device.software = Some(format!("{major}.{minor:02}"));
    }
    let device = (device != Device::default()).then_some(device);
    let (sport, sub_sport) = sessions
        .first()
        .map_or((Sport::Generic, None), |s| (s.sport, s.sub_sport));
    Ok(Recording {
        format: Some(Format::Tcx),
        sport,
        sub_sport,
        start,
        utc_offset_minutes: None,
        device,
        sessions,
        laps,
        pauses,
        samples,
        rr_intervals_ms: Vec::new(),
        notes,
        hr_zone_bounds: Vec::new(),
        warnings,
    })
}

/// A new track that starts well after the previous point is a pause (the timer was stopped):
/// more than three typical sample intervals and at least three seconds.
pub(crate) fn track_pauses(time: &[Timestamp], track_starts: &[usize]) -> Vec<Pause> {
    let mut intervals: Vec<i64> = time
        .windows(2)
        .map(|w| w[1].ms_since(w[0]))
        .filter(|&d| d > 0)
        .collect();
    if intervals.is_empty() {
        return Vec::new();
    }
    let middle = intervals.len() / 2;
    let typical = *intervals.select_nth_unstable(middle).1;
    let threshold = (typical * 3).max(3000);
    track_starts
        .iter()
        .filter(|&&i| i > 0 && i < time.len())
        .filter(|&&i| time[i].ms_since(time[i - 1]) > threshold)
        .map(|&i| Pause {
            start: time[i - 1],
            end: time[i],
        })
        .collect()
}

/// A lap's trigger from TCX `TriggerMethod`.
fn trigger_from_tcx(name: &str) -> LapTrigger {
    match name.trim() {
        "Time" => LapTrigger::Time,
        "Distance" => LapTrigger::Distance,
        "Location" => LapTrigger::Position,
        "HeartRate" => LapTrigger::HeartRate,
        _ => LapTrigger::Manual,
    }
}

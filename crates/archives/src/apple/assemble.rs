//! A workout, its route and its heart rate put together into one [`Recording`].

use domain::Timestamp;
use formats::{Recording, SamplesBuilder, Session, Totals};

use super::{HeartRate, Workout};

/// A minute of slack either side of a workout: a GPS fix may come a little early or late.
const SLACK_MS: i64 = 60_000;

/// One route point.
#[derive(Debug, Clone, Copy)]
struct Point {
    time: Timestamp,
    latitude: f64,
    longitude: f64,
    altitude: f32,
    speed: f32,
}

/// The recording of a workout: one session with Apple's totals (duration, distance, energy,
/// heart rate and ascent where given), its route (`route`: the GPX file it names, read, or its
/// inline `Location`s) and its heart-rate samples (`heart`, in time order) merged by time.
///
/// Apple's span is the workout's: route points outside it are left out, and a route lying
/// entirely outside it (a file whose clock was not the workout's) is moved to begin at its
/// start, with a warning. When the samples end before the workout did, an empty row at its end
/// keeps the workout's length (the end Apple recorded) in what is stored. Values are as read:
/// [`formats::sanitize`] is the caller's last step, as for any file.
pub fn recording(workout: &Workout, route: Option<Recording>, heart: &[HeartRate]) -> Recording {
    let summary = &workout.workout.summary;
    let start = summary.start.unwrap_or_default();
    let end = workout.end.max(start);
    let elapsed_ms = end.ms_since(start);
    let sport = workout.workout.meta.sport.unwrap_or_default();
    let mut warnings = Vec::new();
    let points = route
        .map(|r| route_points(r, start, end, &mut warnings))
        .unwrap_or_default();

    let mut builder = SamplesBuilder::new();
    let (mut p, mut h) = (points.iter().peekable(), heart.iter().peekable());
    let mut last_heart = None;
    loop {
        let take_point = match (p.peek(), h.peek()) {
            (Some(a), Some(b)) => a.time <= b.time,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_point {
            let Some(point) = p.next() else { break };
            builder.row(point.time);
            builder.latitude(point.latitude);
            builder.longitude(point.longitude);
            if point.altitude.is_finite() {
                builder.altitude(point.altitude);
            }
            if point.speed.is_finite() && point.speed >= 0.0 {
                builder.speed(point.speed);
            }
        } else {
            let Some(sample) = h.next() else { break };
            // Two sources measuring the same second: the first one read stays.
            if last_heart == Some(sample.time) {
                continue;
            }
            last_heart = Some(sample.time);
            builder.row(sample.time);
            builder.heart_rate(sample.bpm);
        }
    }
    if builder.last_time().is_some_and(|last| last < end) {
        builder.row(end);
    }
    let s = summary;
    let whole = |v: Option<u16>| v.and_then(|b| u8::try_from(b).ok());
    let totals = Totals {
        elapsed_ms,
        // Apple's duration leaves pauses out, so it cannot exceed the span by more than the
        // seconds its dates are rounded to (the real sample's 5.194 min spans 311 s); more is
        // not a duration.
        timer_ms: s
            .moving_ms
            .filter(|ms| (0..=elapsed_ms + 2000).contains(ms))
            .map(|ms| ms.min(elapsed_ms)),
        distance_m: s.distance_m,
        calories: s.calories,
        avg_heart_rate: whole(s.avg_hr),
        max_heart_rate: whole(s.max_hr),
        ascent_m: s
            .ascent_m
            .filter(|m| m.is_finite() && *m >= 0.0 && *m <= f64::from(u16::MAX))
            .map(|m| m.round() as u16),
        ..Totals::default()
    };
    Recording {
        sport,
        start,
        utc_offset_minutes: s.utc_offset_min,
        device: workout.device.clone(),
        sessions: vec![Session {
            sport,
            sub_sport: None,
            start,
            totals,
            laps: 0..0,
        }],
        samples: builder.finish(),
        warnings,
        ..Recording::default()
    }
}

/// The route's points with a position, in time order, within the workout's span.
fn route_points(
    route: Recording,
    start: Timestamp,
    end: Timestamp,
    warnings: &mut Vec<String>,
) -> Vec<Point> {
    let s = route.samples;
    let (Some(lat), Some(lon)) = (s.latitude, s.longitude) else {
        return Vec::new();
    };
    let mut points: Vec<Point> = s
        .time
        .iter()
        .enumerate()
        .filter(|&(i, _)| lat[i].is_finite() && lon[i].is_finite())
        .map(|(i, &time)| Point {
            time,
            latitude: lat[i],
            longitude: lon[i],
            altitude: s.altitude.as_ref().map_or(f32::NAN, |a| a[i]),
            speed: s.speed.as_ref().map_or(f32::NAN, |v| v[i]),
        })
        .collect();
    points.sort_by_key(|p| p.time);
    let (earliest, latest) = (start.add_ms(-SLACK_MS), end.add_ms(SLACK_MS));
    let inside = points
        .iter()
        .any(|p| p.time >= earliest && p.time <= latest);
    if let (false, Some(first)) = (inside, points.first()) {
        let shift = start.ms_since(first.time);
        warnings.push(format!(
            "the route's times lie outside its workout: moved by {} s to begin at its start",
            shift as f64 / 1000.0
        ));
        for p in &mut points {
            p.time = p.time.add_ms(shift);
        }
    }
    let before = points.len();
    points.retain(|p| p.time >= start && p.time <= end);
    if points.len() < before {
        warnings.push(format!(
            "{} route points outside the workout's span left out",
            before - points.len()
        ));
    }
    points
}

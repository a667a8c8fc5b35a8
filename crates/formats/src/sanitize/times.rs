//! Times: each sample's time is judged against the absolute range of believable times and
//! against the others, lap and session starts against the kept samples, and durations and the
//! whole span against [`Options::max_span`].
//!
//! Devices write impossible times: a FIT record stamped at the FIT epoch (1989-12-31) among
//! records of 2024 (Zwift does), GPX points at 1901-12-13T20:45:52Z (the 32-bit minimum, some
//! apps' "no time"). Left in, one such sample makes a workout start in 1989 and last 34 years.

use std::borrow::Cow;
use std::ops::Range;

use super::count;
use crate::{Error, ErrorKind, Options, Recording, Result, Samples, Timestamp};

const DAY_MS: i64 = 86_400_000;

/// How far a lap or session start (or a pause) may lie outside the kept samples: devices start a
/// session moments before the first sample, never a day.
const ANCHOR_SLACK_MS: i64 = DAY_MS;

/// Samples far from the rest are dropped only when they are at most one in this many: more,
/// and the file holds two workouts (or is hostile), not a few bad stamps.
const OUTLIER_SHARE: usize = 10;

/// Drops samples at impossible times or far from the rest, and samples that go back in time;
/// repairs lap and session starts and pauses likewise; the recording's start follows.
pub(super) fn check(r: &mut Recording, options: &Options) -> Result<()> {
    let Some((lo, hi)) = window(r, options)? else {
        return Ok(());
    };
    let far = drop_rows(&mut r.samples, |t| t < lo || t > hi);
    if let Some((n, first, last)) = far {
        r.warnings.push(far_warning(n, (first, last), (lo, hi)));
    }
    // Readers keep samples in time order; a recording built elsewhere might not.
    let mut latest = None;
    let backwards = drop_rows(&mut r.samples, |t| {
        let back = latest.is_some_and(|l| t < l);
        if !back {
            latest = Some(t);
        }
        back
    });
    if let Some((n, _, _)) = backwards {
        r.warnings.push(format!(
            "dropped {} stamped earlier than the sample before",
            count(n, "sample", "samples")
        ));
    }
    repair_anchors(r, lo, hi, far.is_some() || backwards.is_some());
    Ok(())
}

/// The range of believable times of a recording: see [`window_of`]; judged by the sample
/// times, or by the lap and session starts when there are no samples.
fn window(r: &Recording, options: &Options) -> Result<Option<(Timestamp, Timestamp)>> {
    let anchors = anchors(r);
    // Nothing but a start the file gave (a FIT file of a file_id alone): an impossible one
    // would be stored, and written as the start of the export's lap and session. (A file
    // without any time, such as a settings file, keeps the default start, as before.)
    if r.samples.is_empty() && anchors.is_empty() && r.start != Timestamp::default() {
        return window_of(&[r.start], &[], ("start", "starts"), options);
    }
    if r.samples.is_empty() {
        let what = ("lap or session start", "lap and session starts");
        window_of(&anchors, &anchors, what, options)
    } else {
        window_of(&r.samples.time, &anchors, ("sample", "samples"), options)
    }
}

/// The range of believable times among `source` (in any order): the largest group of possible
/// times, split where two times are further apart than the longest workout; of equal groups,
/// the one with more of the `anchors` (sorted lap and session starts) near it. `None` when
/// there is no time to judge. Refused when no time is possible, or when the other groups hold
/// more than a tenth of the times. `what` names one and several of the times, for the error.
pub(crate) fn window_of(
    source: &[Timestamp],
    anchors: &[Timestamp],
    what: (&str, &str),
    options: &Options,
) -> Result<Option<(Timestamp, Timestamp)>> {
    let ranges = &options.ranges;
    let possible_time = |t: &Timestamp| (ranges.earliest..=ranges.latest).contains(t);
    if source.is_empty() {
        return Ok(None);
    }
    let possible: Cow<'_, [Timestamp]> = if source.is_sorted()
        && possible_time(&source[0])
        && possible_time(&source[source.len() - 1])
    {
        Cow::Borrowed(source)
    } else {
        let mut kept: Vec<Timestamp> = source.iter().copied().filter(possible_time).collect();
        kept.sort_unstable();
        Cow::Owned(kept)
    };
    let (Some(&first), Some(&last)) = (possible.first(), possible.last()) else {
        return Err(impossible(source, what, options));
    };
    let gap = options.max_span_ms();
    let mut groups: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for i in 1..possible.len() {
        if possible[i].ms_since(possible[i - 1]) > gap {
            groups.push(start..i);
            start = i;
        }
    }
    groups.push(start..possible.len());
    if groups.len() == 1 {
        return Ok(Some((first, last)));
    }
    // The largest group; of equal ones, the one the laps and sessions say the workout is in.
    let anchors_near = |g: &Range<usize>| {
        let from = possible[g.start].add_ms(-ANCHOR_SLACK_MS);
        let to = possible[g.end - 1].add_ms(ANCHOR_SLACK_MS);
        anchors.partition_point(|a| *a <= to) - anchors.partition_point(|a| *a < from)
    };
    let main = groups
        .iter()
        .max_by_key(|g| (g.len(), anchors_near(g)))
        .cloned()
        .unwrap_or(0..possible.len());
    let others = possible.len() - main.len();
    if others * OUTLIER_SHARE > possible.len() {
        return Err(too_long(last.ms_since(first), options));
    }
    Ok(Some((possible[main.start], possible[main.end - 1])))
}

/// The warning for `n` samples stamped from `dropped.0` to `dropped.1` that were dropped for
/// lying outside the believable `window`.
pub(crate) fn far_warning(
    n: usize,
    dropped: (Timestamp, Timestamp),
    window: (Timestamp, Timestamp),
) -> String {
    let (first, last) = dropped;
    let when = if first == last {
        first.to_string()
    } else {
        format!("between {first} and {last}")
    };
    format!(
        "dropped {} stamped {when}, impossible or far from the rest of the recording ({} to {})",
        count(n, "sample", "samples"),
        window.0,
        window.1
    )
}

/// The lap and session starts a file states (a start of zero is "not known"), in order.
fn anchors(r: &Recording) -> Vec<Timestamp> {
    let sessions = r.sessions.iter().map(|s| s.start);
    let laps = r.laps.iter().map(|l| l.start);
    let mut anchors: Vec<Timestamp> = sessions
        .chain(laps)
        .filter(|t| *t != Timestamp::default())
        .collect();
    anchors.sort_unstable();
    anchors
}

fn impossible(source: &[Timestamp], what: (&str, &str), options: &Options) -> Error {
    let (earliest, latest) = (options.ranges.earliest, options.ranges.latest);
    let min = source.iter().min().copied().unwrap_or_default();
    let max = source.iter().max().copied().unwrap_or_default();
    let when = if min == max {
        min.to_string()
    } else {
        format!("between {min} and {max}")
    };
    let why = if max < earliest {
        format!("before {earliest}; the device did not know the date")
    } else if min > latest {
        format!("after {latest}")
    } else {
        format!("outside {earliest} to {latest}")
    };
    let all = if source.len() == 1 {
        format!("the only {} is", what.0)
    } else {
        format!("all {} {} are", source.len(), what.1)
    };
    Error::new(ErrorKind::ImpossibleTimes(format!(
        "{all} stamped {when}, {why}"
    )))
}

fn too_long(span_ms: i64, options: &Options) -> Error {
    Error::new(ErrorKind::SpanTooLong {
        days: u64::try_from(span_ms / DAY_MS).unwrap_or(0),
        limit_days: options.max_span.as_secs() / 86_400,
    })
}

/// Removes the rows for which `drop(time)` says so, from every column. Returns how many
/// were dropped, with the earliest and latest of their times.
fn drop_rows(
    samples: &mut Samples,
    mut drop: impl FnMut(Timestamp) -> bool,
) -> Option<(usize, Timestamp, Timestamp)> {
    let keep: Vec<bool> = samples.time.iter().map(|&t| !drop(t)).collect();
    let dropped: Vec<Timestamp> = samples
        .time
        .iter()
        .zip(&keep)
        .filter(|(_, k)| !**k)
        .map(|(t, _)| *t)
        .collect();
    let first = dropped.iter().min().copied()?;
    let last = dropped.iter().max().copied()?;
    fn retain<T>(column: &mut Vec<T>, keep: &[bool]) {
        let mut row = 0;
        column.retain(|_| {
            row += 1;
            keep[row - 1]
        });
    }
    let s = samples;
    retain(&mut s.time, &keep);
    for column in [&mut s.latitude, &mut s.longitude, &mut s.distance]
        .into_iter()
        .flatten()
    {
        retain(column, &keep);
    }
    for column in [
        &mut s.altitude,
        &mut s.heart_rate,
        &mut s.cadence,
        &mut s.speed,
        &mut s.power,
        &mut s.temperature,
    ]
    .into_iter()
    .flatten()
    {
        retain(column, &keep);
    }
    Some((dropped.len(), first, last))
}

/// Moves lap and session starts that lie far from the kept times onto them, drops pauses
/// that do, and makes the recording start with what is left.
fn repair_anchors(r: &mut Recording, lo: Timestamp, hi: Timestamp, samples_dropped: bool) {
    let near = |t: Timestamp| t >= lo.add_ms(-ANCHOR_SLACK_MS) && t <= hi.add_ms(ANCHOR_SLACK_MS);
    let mut repaired = Vec::new();
    for i in 0..r.laps.len() {
        if near(r.laps[i].start) {
            continue;
        }
        repaired.push(r.laps[i].start);
        let previous_end = i
            .checked_sub(1)
            .map(|p| r.laps[p].end())
            .filter(|&t| near(t));
        r.laps[i].start = previous_end.unwrap_or(lo);
    }
    for s in &mut r.sessions {
        if near(s.start) {
            continue;
        }
        repaired.push(s.start);
        let first_lap = r.laps.get(s.laps.start).map(|l| l.start);
        s.start = first_lap.filter(|&t| near(t)).unwrap_or(lo);
    }
    if let Some(example) = repaired.first() {
        r.warnings.push(format!(
            "replaced {} far from the samples (such as {example}) with the samples' times",
            count(
                repaired.len(),
                "lap or session start",
                "lap and session starts"
            )
        ));
    }
    let pauses = r.pauses.len();
    r.pauses
        .retain(|p| near(p.start) && near(p.end) && p.start <= p.end);
    if r.pauses.len() < pauses {
        r.warnings.push(format!(
            "dropped {} at impossible times",
            count(pauses - r.pauses.len(), "pause", "pauses")
        ));
    }
    if samples_dropped || !repaired.is_empty() || !near(r.start) {
        let sessions = r.sessions.iter().map(|s| s.start);
        let laps = r.laps.first().map(|l| l.start);
        r.start = sessions
            .chain(r.samples.time.first().copied())
            .chain(laps)
            .min()
            .unwrap_or(lo);
    }
}

/// Lap and session elapsed and timer times must lie within `0..=max_span`: a timer time
/// outside is dropped; an elapsed time outside is worked out again from the laps and samples.
pub(super) fn durations(r: &mut Recording, options: &Options) {
    let max = options.max_span_ms();
    let valid = |ms: i64| (0..=max).contains(&ms);
    let last_sample = r.samples.time.last().copied();
    let (mut timers, mut elapsed) = (0, 0);
    let lap_starts: Vec<Timestamp> = r.laps.iter().map(|l| l.start).collect();
    for (i, lap) in r.laps.iter_mut().enumerate() {
        if lap.totals.timer_ms.is_some_and(|t| !valid(t)) {
            lap.totals.timer_ms = None;
            timers += 1;
        }
        if !valid(lap.totals.elapsed_ms) {
            let end = lap_starts
                .get(i + 1)
                .copied()
                .or(last_sample)
                .unwrap_or(lap.start);
            lap.totals.elapsed_ms = end.ms_since(lap.start).clamp(0, max);
            elapsed += 1;
        }
    }
    let session_starts: Vec<Timestamp> = r.sessions.iter().map(|s| s.start).collect();
    for (i, session) in r.sessions.iter_mut().enumerate() {
        if session.totals.timer_ms.is_some_and(|t| !valid(t)) {
            session.totals.timer_ms = None;
            timers += 1;
        }
        if !valid(session.totals.elapsed_ms) {
            let next = session_starts.get(i + 1).copied();
            let last_sample = r
                .samples
                .time
                .iter()
                .rev()
                .find(|&&t| next.is_none_or(|n| t < n))
                .copied();
            let laps = r.laps.get(session.laps.clone()).unwrap_or_default();
            let end = laps
                .iter()
                .map(crate::Lap::end)
                .chain(last_sample)
                .max()
                .unwrap_or(session.start);
            session.totals.elapsed_ms = end.ms_since(session.start).clamp(0, max);
            elapsed += 1;
        }
    }
    let limit = format!("0–{} days", options.max_span.as_secs() / 86_400);
    if elapsed > 0 {
        r.warnings.push(format!(
            "worked out again {} outside {limit}",
            count(
                elapsed,
                "lap or session elapsed time",
                "lap and session elapsed times"
            )
        ));
    }
    if timers > 0 {
        r.warnings.push(format!(
            "dropped {} outside {limit}",
            count(
                timers,
                "lap or session timer time",
                "lap and session timer times"
            )
        ));
    }
}

/// Refuses a recording that spans longer than [`Options::max_span`].
pub(super) fn span(r: &Recording, options: &Options) -> Result<()> {
    let span = r.end().ms_since(r.start);
    if span > options.max_span_ms() {
        return Err(too_long(span, options));
    }
    Ok(())
}

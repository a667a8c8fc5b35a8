//! Read, write, read again: the same start, duration, distance (within 0.1%), the same number
//! of samples for every stream the format can carry, the same heart rates and the same laps.
//! Where a format cannot carry something, the comparison below says so explicitly.

use formats::{OutputFormat, Recording, Stream, Timestamp};

use crate::{Entry, manifest, read};

/// The corpus recordings worth writing: those with samples or laps.
fn sources() -> Vec<(Entry, Recording)> {
    let mut out = Vec::new();
    for entry in manifest() {
        if let Ok(recordings) = read(&entry) {
            for r in recordings {
                if !r.samples.is_empty() || !r.laps.is_empty() {
                    out.push((entry.clone(), r));
                }
            }
        }
    }
    assert!(
        out.len() > 180,
        "only {} recordings to round-trip",
        out.len()
    );
    out
}

fn again(r: &Recording, format: OutputFormat, options: &formats::Options) -> Recording {
    let bytes = formats::write(r, format);
    let mut all = formats::read_all(&bytes, options)
        .unwrap_or_else(|e| panic!("re-reading our own {format:?}: {e}"));
    assert_eq!(all.len(), 1, "one recording in, one out");
    all.remove(0)
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= (a.abs() * 0.001).max(0.5),
        (None, None) => true,
        (Some(x), None) | (None, Some(x)) => x.abs() < 0.5,
    }
}

fn hr_values(r: &Recording, indices: &[usize]) -> Vec<i32> {
    let Some(hr) = r.samples.heart_rate.as_ref() else {
        return Vec::new();
    };
    indices
        .iter()
        .map(|&i| hr[i])
        .filter(|v| v.is_finite() && v.round() >= 1.0)
        .map(|v| v.round() as i32)
        .collect()
}

/// How many of `indices` carry a value of `stream` that `valid` accepts.
fn count(r: &Recording, stream: Stream, indices: &[usize], valid: fn(f64) -> bool) -> usize {
    let s = &r.samples;
    let value = |i: usize| -> f64 {
        match stream {
            Stream::Position => {
                let (lat, lon) = (
                    s.latitude.as_ref().map_or(f64::NAN, |c| c[i]),
                    s.longitude.as_ref().map_or(f64::NAN, |c| c[i]),
                );
                if lat.is_finite() && lon.is_finite() {
                    0.0
                } else {
                    f64::NAN
                }
            }
            // Exports carry a distance stream even where the source had only positions.
            Stream::Distance => r.distance_stream().map_or(f64::NAN, |c| c[i]),
            other => s.column(other).map_or(f64::NAN, |c| f64::from(c[i])),
        }
    };
    indices
        .iter()
        .filter(|&&i| value(i).is_finite() && valid(value(i)))
        .count()
}

fn all(r: &Recording) -> Vec<usize> {
    (0..r.samples.len()).collect()
}

fn any(_: f64) -> bool {
    true
}

fn heart_rate(v: f64) -> bool {
    (1.0..=255.0).contains(&v.round())
}

fn cadence(v: f64) -> bool {
    (0.0..=254.0).contains(&v.round())
}

/// Which values of a stream the target format can hold.
type Valid = fn(f64) -> bool;

fn compare_streams(
    label: &str,
    source: &Recording,
    source_indices: &[usize],
    result: &Recording,
    streams: &[(Stream, Valid)],
    problems: &mut Vec<String>,
) {
    let result_indices = all(result);
    for &(stream, valid) in streams {
        let want = count(source, stream, source_indices, valid);
        let got = count(result, stream, &result_indices, any);
        if want != got {
            problems.push(format!(
                "{label}: {} samples: {want} became {got}",
                stream.name()
            ));
        }
    }
    if hr_values(source, source_indices) != hr_values(result, &result_indices) {
        problems.push(format!("{label}: heart-rate values differ"));
    }
}

fn compare_laps(
    label: &str,
    source: &Recording,
    result: &Recording,
    start_tolerance_ms: i64,
    problems: &mut Vec<String>,
) {
    let (a, b) = (source.laps_or_whole(), result.laps_or_whole());
    if a.len() != b.len() {
        problems.push(format!("{label}: {} laps became {}", a.len(), b.len()));
        return;
    }
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if (x.start.ms_since(y.start)).abs() > start_tolerance_ms {
            problems.push(format!(
                "{label}: lap {} starts at {} instead of {}",
                i + 1,
                y.start,
                x.start
            ));
        }
        if x.totals.distance_m.is_some() && !close(x.totals.distance_m, y.totals.distance_m) {
            problems.push(format!(
                "{label}: lap {} distance {:?} became {:?}",
                i + 1,
                x.totals.distance_m,
                y.totals.distance_m
            ));
        }
    }
}

fn compare_totals(
    label: &str,
    source: &Recording,
    result: &Recording,
    tolerance_ms: i64,
    problems: &mut Vec<String>,
) {
    if source.start.ms_since(result.start).abs() > tolerance_ms {
        problems.push(format!(
            "{label}: start {} became {}",
            source.start, result.start
        ));
    }
    if (source.duration_ms() - result.duration_ms()).abs() > tolerance_ms {
        problems.push(format!(
            "{label}: duration {} ms became {} ms",
            source.duration_ms(),
            result.duration_ms()
        ));
    }
    if !close(source.distance_m(), result.distance_m()) {
        problems.push(format!(
            "{label}: distance {:?} became {:?}",
            source.distance_m(),
            result.distance_m()
        ));
    }
}

fn report(format: &str, checked: usize, problems: &[String]) {
    assert!(
        checked > 100,
        "{format}: only {checked} recordings compared"
    );
    assert!(
        problems.is_empty(),
        "{format} round trip lost data in {} places:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// FIT keeps whole seconds: the last sample of each second stands for it.
fn last_of_each_second(r: &Recording) -> Vec<usize> {
    let (t, second) = (&r.samples.time, |i: usize| {
        r.samples.time[i].unix_ms().div_euclid(1000)
    });
    // Samples at one instant are all written (FIT records of one second).
    (0..r.samples.len())
        .filter(|&i| i + 1 == r.samples.len() || second(i + 1) != second(i) || t[i + 1] == t[i])
        .collect()
}

fn truncate_to_second(t: Timestamp) -> Timestamp {
    Timestamp::from_unix_ms(t.unix_ms().div_euclid(1000) * 1000)
}

#[test]
fn fit_round_trip_keeps_every_stream_and_lap() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (entry, source) in sources() {
        let result = again(&source, OutputFormat::Fit, &formats::Options::default());
        let label = entry.relative.as_str();
        let indices = last_of_each_second(&source);
        // Times lose their milliseconds.
        let mut truncated = source.clone();
        truncated.start = truncate_to_second(source.start);
        compare_totals(label, &truncated, &result, 1000, &mut problems);
        compare_streams(
            label,
            &source,
            &indices,
            &result,
            &[
                (Stream::Position, any),
                (Stream::Altitude, |v| v >= -500.0),
                (Stream::Distance, |v| v >= 0.0),
                (Stream::HeartRate, |v| v.round() <= 254.0),
                (Stream::Cadence, cadence),
                (Stream::Speed, |v| v >= 0.0),
                (Stream::Power, any),
                (Stream::Temperature, any),
            ],
            &mut problems,
        );
        compare_laps(label, &source, &result, 1000, &mut problems);
        if source.rr_intervals_ms.len() != result.rr_intervals_ms.len() {
            problems.push(format!(
                "{label}: R-R intervals {} became {}",
                source.rr_intervals_ms.len(),
                result.rr_intervals_ms.len()
            ));
        }
        if source.sessions.len().max(1) != result.sessions.len() {
            problems.push(format!(
                "{label}: {} sessions became {}",
                source.sessions.len(),
                result.sessions.len()
            ));
        }
        checked += 1;
    }
    report("FIT", checked, &problems);
}

#[test]
fn tcx_round_trip_keeps_every_stream_but_temperature_and_every_lap() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (entry, source) in sources() {
        let result = again(&source, OutputFormat::Tcx, &formats::Options::default());
        let label = entry.relative.as_str();
        if source.samples.is_empty() {
            // TCX laps record timer time only: without samples, time paused inside a lap is lost.
            let mut timer_only = source.clone();
            timer_only.laps.iter_mut().for_each(|l| {
                l.totals.elapsed_ms = l.totals.timer_ms.unwrap_or(l.totals.elapsed_ms)
            });
            timer_only.sessions.iter_mut().for_each(|s| {
                s.totals.elapsed_ms = s.totals.timer_ms.unwrap_or(s.totals.elapsed_ms)
            });
            compare_totals(label, &timer_only, &result, 1, &mut problems);
        } else {
            compare_totals(label, &source, &result, 1, &mut problems);
        }
        compare_streams(
            label,
            &source,
            &all(&source),
            &result,
            &[
                (Stream::Position, any),
                (Stream::Altitude, any),
                (Stream::Distance, any),
                (Stream::HeartRate, heart_rate),
                (Stream::Cadence, cadence),
                (Stream::Speed, any),
                (Stream::Power, |v| v.round() <= 65535.0),
            ],
            &mut problems,
        );
        // TCX has no temperature: it is not written.
        assert!(
            !result.samples.has(Stream::Temperature),
            "{label}: TCX cannot carry temperature"
        );
        compare_laps(label, &source, &result, 0, &mut problems);
        checked += 1;
    }
    report("TCX", checked, &problems);
}

#[test]
fn gpx_round_trip_keeps_every_sample_and_says_what_gpx_cannot_carry() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (entry, source) in sources() {
        let label = entry.relative.as_str();
        // GPX points need a position: samples without one are held at the nearest one before
        // (or the first fix), so every sample is written; a recording without any is refused.
        let positioned: Vec<usize> = all(&source)
            .into_iter()
            .filter(|&i| count(&source, Stream::Position, &[i], any) == 1)
            .collect();
        if positioned.is_empty() {
            let refusal = formats::try_write(&source, OutputFormat::Gpx).unwrap_err();
            assert_eq!(refusal.kind, formats::ErrorKind::NoPositions, "{label}");
            assert!(
                formats::write(&source, OutputFormat::Gpx).is_empty(),
                "{label}"
            );
            continue;
        }
        let bytes = formats::write(&source, OutputFormat::Gpx);
        let result = formats::read_all(&bytes, &formats::Options::default())
            .unwrap()
            .remove(0);
        let every = all(&source);
        let (first, last) = (source.samples.time[0], *source.samples.time.last().unwrap());
        if count(&result, Stream::Position, &all(&result), any) != source.samples.len() {
            problems.push(format!("{label}: not every sample has a position"));
        }
        if result.start != first || result.end() != last {
            problems.push(format!(
                "{label}: {}..{} became {}..{}",
                first,
                last,
                result.start,
                result.end()
            ));
        }
        compare_streams(
            label,
            &source,
            &every,
            &result,
            &[
                (Stream::Altitude, any),
                (Stream::HeartRate, heart_rate),
                (Stream::Cadence, cadence),
                (Stream::Speed, |v| v >= 0.0),
                (Stream::Temperature, any),
            ],
            &mut problems,
        );
        // GPX has no laps and no power; its distance is measured along the track.
        assert!(result.laps.is_empty(), "{label}: GPX cannot carry laps");
        assert!(
            !result.samples.has(Stream::Power),
            "{label}: GPX (TrackPointExtension v2) cannot carry power"
        );
        let measured = formats::geo::track_length_m(&source.samples);
        if !close(measured, result.distance_m()) {
            problems.push(format!(
                "{label}: track length {measured:?} became {:?}",
                result.distance_m()
            ));
        }
        checked += 1;
    }
    report("GPX", checked, &problems);
}

#[test]
fn hrm_round_trip_keeps_heart_rate_laps_and_times_on_a_regular_grid() {
    let mut problems = Vec::new();
    let (mut checked, mut regular) = (0, 0);
    for (entry, source) in sources() {
        let label = entry.relative.as_str();
        let options = formats::Options {
            local_utc_offset_minutes: source.utc_offset_minutes.unwrap_or(0),
            ..formats::Options::default()
        };
        let result = again(&source, OutputFormat::Hrm, &options);
        // HRM samples sit on a fixed interval (or are R-R intervals). A source on such a grid
        // comes back sample for sample; others are resampled, ending up to one interval early.
        let t = &source.samples.time;
        let step = t.get(1).map_or(0, |b| b.ms_since(t[0]));
        let rr_mode = !source.rr_intervals_ms.is_empty()
            && source.rr_intervals_ms.len() == source.samples.len();
        let on_grid = rr_mode
            || (step > 0
                && step % 1000 == 0
                && t[0] == source.start
                && t.windows(2).all(|w| w[1].ms_since(w[0]) == step));
        // Resampled or not, the file's Length keeps the duration, to HRM's tenths of seconds.
        if source.start.ms_since(result.start).abs() > 100
            || (source.duration_ms() - result.duration_ms()).abs() > 100
        {
            problems.push(format!(
                "{label}: {} for {} ms became {} for {} ms",
                source.start,
                source.duration_ms(),
                result.start,
                result.duration_ms()
            ));
        }
        // HRM has laps as end times, so laps that leave gaps or overlap come back contiguous:
        // the count is what must survive.
        if source.laps.len() != result.laps.len() {
            problems.push(format!(
                "{label}: {} laps became {}",
                source.laps.len(),
                result.laps.len()
            ));
        }
        if rr_mode {
            regular += 1;
            if source.rr_intervals_ms != result.rr_intervals_ms {
                problems.push(format!("{label}: R-R intervals differ"));
            }
        } else if on_grid {
            regular += 1;
            compare_streams(
                label,
                &source,
                &all(&source),
                &result,
                &[(Stream::HeartRate, heart_rate)],
                &mut problems,
            );
        }
        // HRM holds either samples or R-R intervals: a recording with both keeps its samples.
        if !rr_mode && !source.rr_intervals_ms.is_empty() {
            assert!(
                result.rr_intervals_ms.is_empty(),
                "{label}: HRM cannot carry R-R intervals beside samples"
            );
        }
        checked += 1;
    }
    assert!(regular > 40, "only {regular} regularly sampled recordings");
    report("HRM", checked, &problems);
}

#[test]
fn csv_has_a_header_and_one_row_per_sample() {
    for (entry, source) in sources().into_iter().take(40) {
        let csv = String::from_utf8(formats::write(&source, OutputFormat::Csv)).unwrap();
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(&header[..2], ["time", "elapsed_s"], "{}", entry.relative);
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), source.samples.len(), "{}", entry.relative);
        assert!(
            rows.iter().all(|r| r.split(',').count() == header.len()),
            "{}: ragged rows",
            entry.relative
        );
    }
}

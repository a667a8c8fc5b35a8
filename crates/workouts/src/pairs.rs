//! An HRM file and the GPX track uploaded with it: one workout when they are the same session,
//! two when their times do not match (a watch's clock set wrong, the GPX of another day), each
//! with a note saying why, in the athlete's local time.

use formats::{ErrorKind, Options, Recording, Timestamp};

use crate::{observe::Refusal, zone};

/// The recordings of a pair and the note each workout made from them carries (`None` when the
/// two were merged into one).
pub(crate) struct PairRead {
    /// One merged recording, or the HRM's then the GPX's.
    pub recordings: Vec<Recording>,
    /// Why they were not merged, for the workouts' notes.
    pub note: Option<String>,
}

/// Reads the pair `hrm` + `gpx` (names and bytes) for an athlete in `user_zone`: merged when
/// [`formats::hrm::merge_gpx`] finds them one session; else, when it finds they are not a
/// pair (times that do not line up, a track without positions), each read as it would be
/// alone. A file that cannot be read refuses the pair, naming the file.
pub(crate) fn read_pair(
    hrm: (&str, &[u8]),
    gpx: (&str, &[u8]),
    options: &Options,
    user_zone: &str,
) -> Result<PairRead, Refusal> {
    let track = formats::read(gpx.1, options).map_err(|e| named(gpx.0, &e))?;
    let heart = formats::read(hrm.1, options).map_err(|e| named(hrm.0, &e))?;
    let error = match formats::hrm::merge_gpx(heart, &track) {
        Ok(merged) => {
            return Ok(PairRead {
                recordings: vec![merged],
                note: None,
            });
        }
        Err(e) => e,
    };
    let ErrorKind::NotAPair(why) = &error.kind else {
        return Err(error.into());
    };
    // Each as if uploaded alone: the HRM's local times in the athlete's zone.
    let mut recordings =
        crate::ingest::read(hrm.1, options, user_zone).map_err(|e| named(hrm.0, &e))?;
    let heart_span = span(&recordings);
    let tracks = crate::ingest::read(gpx.1, options, user_zone).map_err(|e| named(gpx.0, &e))?;
    let track_span = span(&tracks);
    recordings.extend(tracks);
    let reason = match (heart_span, track_span) {
        (Some(h), Some(g)) if !overlaps(h, g) => format!(
            "their times do not overlap: {} recorded {}, {} {} (your local time)",
            hrm.0,
            local_span(h, user_zone),
            gpx.0,
            local_span(g, user_zone)
        ),
        _ => sentence(why),
    };
    Ok(PairRead {
        recordings,
        note: Some(format!(
            "Uploaded together, {} and {} were imported as two workouts: {reason}.",
            hrm.0, gpx.0
        )),
    })
}

/// A reader's refusal of one file of the pair, naming the file.
fn named(name: &str, error: &formats::Error) -> Refusal {
    Refusal::new((&error.kind).into(), format!("{name}: {error}"))
}

/// The first start and the last end of some recordings.
fn span(recordings: &[Recording]) -> Option<(Timestamp, Timestamp)> {
    let start = recordings.iter().map(|r| r.start).min()?;
    let end = recordings
        .iter()
        .map(|r| r.start.add_ms(r.duration_ms().max(0)))
        .max()?;
    Some((start, end))
}

fn overlaps(a: (Timestamp, Timestamp), b: (Timestamp, Timestamp)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// `formats`' reason without the instants it names in UTC (the note says what is needed).
fn sentence(why: &str) -> String {
    why.split(':').next().unwrap_or(why).trim().to_owned()
}

/// `on 2012-03-02 from 07:53 to 09:10`, or across days `from 2012-03-02 23:10 to 2012-03-03
/// 00:40`, in the athlete's zone.
fn local_span((start, end): (Timestamp, Timestamp), user_zone: &str) -> String {
    let local = |t: Timestamp| {
        let offset = zone::offset_at(user_zone, t.unix_ms()).unwrap_or(0);
        let ms = t.unix_ms() + i64::from(offset) * 60_000;
        let day = domain::Date::from_days(ms.div_euclid(86_400_000));
        let minute = ms.rem_euclid(86_400_000) / 60_000;
        (day, format!("{:02}:{:02}", minute / 60, minute % 60))
    };
    let ((day_a, a), (day_b, b)) = (local(start), local(end));
    if day_a == day_b {
        format!("on {day_a} from {a} to {b}")
    } else {
        format!("from {day_a} {a} to {day_b} {b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_worded_in_the_athletes_zone() {
        // 2012-03-02 18:53Z to 20:10Z is 19:53 to 21:10 in Brussels (+01:00).
        let start = Timestamp::from_unix_ms(1_330_714_380_000);
        let end = start.add_ms(77 * 60_000);
        assert_eq!(
            local_span((start, end), "Europe/Brussels"),
            "on 2012-03-02 from 19:53 to 21:10"
        );
        assert_eq!(
            local_span((start, end.add_ms(4 * 3_600_000)), "Europe/Brussels"),
            "from 2012-03-02 19:53 to 2012-03-03 01:10"
        );
    }
}

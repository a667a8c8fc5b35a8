//! When an upload is a workout stored before: the rules the store applies inside an import's
//! transaction ([`db::Matching`]).
//!
//! The same bytes are the same file, gzipped or not. Beyond that, only a workout that a
//! service's export describes (a [`Described`] item with the service's id) is judged the same
//! activity as a stored one by its figures: a watch's FIT that Garmin Connect and Strava both
//! hand out (re-encoded by one of them), or a manual entry on Strava of a run the watch also
//! recorded. Two files uploaded by hand at the same time stay two workouts (two devices on one
//! ride), listed as overlapping.

use db::{Fill, Matching};
use domain::{Sport, WorkoutSummary};

use crate::{ingest::content_hash, service_export::Described, summary};

/// How far apart two starts of one activity may be: services copy the device's start to the
/// second; a manual entry typed by hand is within a minute or two.
const START_TOLERANCE_MS: i64 = 2 * 60_000;

/// How far apart two durations of one activity may be, as a share of the longer: services
/// trim or pad a recording's end by a few seconds, a manual entry rounds it.
const DURATION_TOLERANCE: f64 = 0.05;

/// The least allowed difference of durations, so a short activity is not judged on seconds.
const DURATION_SLACK_MS: i64 = 60_000;

/// What an upload brings to the store's judgement: its content's hash, and for a service's
/// activity, what it is (start, duration, sport) and what the service said about it.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// The hash of the upload's content once decompressed.
    content_hash: String,
    /// How large a stored original may be once decompressed, to compare it.
    max_bytes: u64,
    /// The upload's first workout, as the service describes it (its sport applied).
    activity: Option<WorkoutSummary>,
    /// What the service says that a stored workout may lack.
    offer: Fill,
}

impl Matcher {
    /// The rules for an upload: `first` is its first workout's summary (the service's title,
    /// notes and sport applied), `described` what a service's export said of it.
    pub(crate) fn new(
        content_hash: String,
        max_bytes: u64,
        first: Option<&WorkoutSummary>,
        described: Option<&Described>,
    ) -> Self {
        let Some(d) = described else {
            return Self {
                content_hash,
                max_bytes,
                activity: None,
                offer: Fill::default(),
            };
        };
        let text = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        Self {
            content_hash,
            max_bytes,
            activity: first.cloned(),
            offer: Fill {
                title: text(d.meta.title.as_deref()),
                notes: text(Some(&crate::service_export::notes(
                    &d.meta,
                    d.gear.is_none(),
                ))),
                sport: d.meta.sport.filter(|s| *s != Sport::Generic),
            },
        }
    }
}

impl Matching for Matcher {
    fn start_tolerance_ms(&self) -> i64 {
        if self.activity.is_some() {
            START_TOLERANCE_MS
        } else {
            0
        }
    }

    fn same_content(&self, stored_hash: &str, original_gz: &[u8]) -> bool {
        // Under the old form, a gzip upload was hashed as its own bytes and stored as they
        // came; any other original is the gzip of a file hashed as itself.
        if !formats::is_gzip(original_gz) || content_hash(&[original_gz]) != stored_hash {
            return false;
        }
        formats::gunzip(original_gz, self.max_bytes)
            .is_ok_and(|inflated| content_hash(&[&inflated]) == self.content_hash)
    }

    fn same_activity(&self, stored: &WorkoutSummary) -> bool {
        let Some(new) = &self.activity else {
            return false;
        };
        let apart = (stored.start.unix_ms() - new.start.unix_ms()).abs();
        apart <= START_TOLERANCE_MS
            && durations_agree(stored.metrics.elapsed_ms, new.metrics.elapsed_ms)
            && sports_agree(stored.sport, new.sport)
    }

    fn fill(&self, stored: &WorkoutSummary) -> Fill {
        Fill {
            // Only over the title made up on import: one the file gave, or the athlete typed,
            // stays.
            title: self
                .offer
                .title
                .clone()
                .filter(|t| stored.title == summary::generated_title(stored) && *t != stored.title),
            notes: self
                .offer
                .notes
                .clone()
                .filter(|_| stored.notes.trim().is_empty()),
            sport: self.offer.sport.filter(|_| stored.sport == Sport::Generic),
        }
    }
}

/// Whether two durations (ms) can be one activity's.
fn durations_agree(a: i64, b: i64) -> bool {
    let longer = a.max(b);
    let allowed = ((longer as f64 * DURATION_TOLERANCE) as i64).max(DURATION_SLACK_MS);
    (a - b).abs() <= allowed
}

/// Whether two sports can be one activity's: the same, the same kind (a hike a device calls a
/// walk), or one of them not known.
fn sports_agree(a: Sport, b: Sport) -> bool {
    let kind = |s: Sport| match s {
        Sport::Walking | Sport::Hiking | Sport::Mountaineering => Some(1),
        Sport::Training | Sport::FitnessEquipment => Some(2),
        Sport::Generic | Sport::Other(_) => None,
        _ => Some(100 + u16::from(s.fit_code())),
    };
    a == b || matches!((kind(a), kind(b)), (None, _) | (_, None)) || kind(a) == kind(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut encoder, bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_gzip_stored_under_the_hash_of_its_own_bytes_is_recognised_by_its_content() {
        let file = b"the bytes of a FIT file".to_vec();
        let gz = gzip(&file);
        let m = Matcher::new(content_hash(&[&file]), 1 << 20, None, None);
        assert!(m.same_content(&content_hash(&[&gz]), &gz), "the old form");
        assert!(
            !m.same_content(&content_hash(&[&file]), &gz),
            "stored under the new form: found by its hash, not here"
        );
        let other = gzip(b"another file");
        assert!(!m.same_content(&content_hash(&[&other]), &other));
        let small = Matcher::new(content_hash(&[&file]), 4, None, None);
        assert!(
            !small.same_content(&content_hash(&[&gz]), &gz),
            "inflated within the file limit only"
        );
    }

    #[test]
    fn a_link_fills_only_what_the_workout_lacks() {
        let described = Described {
            service: archives::Service::Strava,
            gear: None,
            meta: archives::Meta {
                source_id: Some("7".to_owned()),
                title: Some("Lunch run".to_owned()),
                notes: Some("Windy".to_owned()),
                sport: Some(Sport::Running),
                ..archives::Meta::default()
            },
            summary: archives::Summary::default(),
        };
        let mut stored = WorkoutSummary {
            id: domain::WorkoutId::new(1),
            title: String::new(),
            sport: Sport::Generic,
            start: domain::Timestamp::from_unix_ms(1_714_541_400_000),
            utc_offset_min: 120,
            time_zone: None,
            metrics: domain::Metrics::default(),
            moving_ms: 0,
            max_power: None,
            has_gps: false,
            sample_count: 0,
            device: None,
            source_format: "fit".to_owned(),
            source_name: "run.fit".to_owned(),
            notes: String::new(),
        };
        stored.title = summary::generated_title(&stored);
        assert_eq!(stored.title, "Morning workout");
        let m = Matcher::new("h".to_owned(), 1 << 20, Some(&stored), Some(&described));
        let fill = m.fill(&stored);
        assert_eq!(
            fill,
            Fill {
                title: Some("Lunch run".to_owned()),
                notes: Some("Windy".to_owned()),
                sport: Some(Sport::Running),
            }
        );
        let edited = WorkoutSummary {
            title: "Parkrun".to_owned(),
            notes: "PB!".to_owned(),
            sport: Sport::Running,
            ..stored
        };
        assert_eq!(m.fill(&edited), Fill::default(), "the athlete's stay");
    }

    #[test]
    fn durations_agree_within_five_percent_or_a_minute() {
        let cases = [
            ("the same", 3_600_000, 3_600_000, true),
            ("5 % of an hour", 3_600_000, 3_420_000, true),
            ("over 5 % of an hour", 3_600_000, 3_400_000, false),
            ("a minute on a short one", 300_000, 360_000, true),
            ("twice as long", 1_428_000, 2_856_000, false),
        ];
        for (what, a, b, want) in cases {
            assert_eq!(durations_agree(a, b), want, "{what}");
            assert_eq!(durations_agree(b, a), want, "{what}, the other way");
        }
    }

    #[test]
    fn sports_agree_by_kind_and_when_one_is_not_known() {
        let cases = [
            (Sport::Running, Sport::Running, true),
            (Sport::Running, Sport::Cycling, false),
            (Sport::Hiking, Sport::Walking, true),
            (Sport::Training, Sport::FitnessEquipment, true),
            (Sport::Generic, Sport::Swimming, true),
            (Sport::Other(42), Sport::Running, true),
            (Sport::Rowing, Sport::Paddling, false),
        ];
        for (a, b, want) in cases {
            assert_eq!(sports_agree(a, b), want, "{a} and {b}");
            assert_eq!(sports_agree(b, a), want, "{b} and {a}");
        }
    }
}

//! What the log answers: each workout's best efforts, curves and load inputs (computed once
//! at import by the `training` crate and stored with the workout), and from them the
//! athlete's records, curves and fitness, worked out per request so that an edit, a delete or
//! an import of old data is reflected at once.

mod backfill;
pub(crate) mod cache;
pub mod codec;
mod fitness;
pub mod records;
mod views;

use std::sync::Arc;

use db::{AnalysedWorkout, StoredAnalysis};
use domain::{
    Curve, CurvePoint, Date, EffortKind, Preferences, Record, Records, Sport, UserId, WorkoutId,
};
use formats::Recording;

use crate::{Workouts, WorkoutsError};

pub use records::Analysed;

/// The analysis code's version: raise it when what is computed changes, and the backfill
/// recomputes every stored analysis of an older version.
pub const VERSION: i32 = 1;

/// A recording's analysis, ready to store with its workout.
pub(crate) fn stored(recording: &Recording, sport: Sport) -> StoredAnalysis {
    let a = training::analyse(recording, sport);
    StoredAnalysis {
        version: VERSION,
        indoor: a.indoor,
        dropped_samples: a.dropped_samples,
        data: codec::encode(&a),
    }
}

/// Which workouts records and curves look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    /// Only this sport, or all.
    pub sport: Option<Sport>,
    /// From this local day on.
    pub from: Option<Date>,
    /// Up to and including this local day.
    pub to: Option<Date>,
    /// Count indoor (treadmill, trainer) distances and paces too.
    pub include_indoor: bool,
}

impl Span {
    /// Whether a workout falls in the span (its local day and sport; indoor efforts are
    /// judged per kind by the records).
    fn holds(&self, w: &Analysed) -> bool {
        self.from.is_none_or(|from| w.day >= from)
            && self.to.is_none_or(|to| w.day <= to)
            && self.sport.is_none_or(|s| s == w.sport)
    }
}

/// An account's analyses as of one revision of it, with the answers worked out from them so
/// far (records and curves per span, loads per setting), so a page asked again is a lookup.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// Every analysed workout of the account, in start order.
    analysed: Vec<Analysed>,
    /// How many of its workouts wait for an analysis of the current version.
    pending: u64,
    /// Records per span.
    records: cache::Memo<Span, Vec<Record>>,
    /// Curves per kind and span.
    curves: cache::Memo<(EffortKind, Span), Vec<CurvePoint>>,
    /// Each workout's (local day, load) with the athlete's settings (their FTP, heart rates and
    /// TRIMP model).
    loads: cache::Memo<Preferences, Vec<(i32, f64)>>,
}

impl Workouts {
    /// Every analysed workout of the user, decoded, in start order, with how many wait for
    /// an analysis: kept between requests while the account's revision stays the same (see
    /// [`cache`]). A row that cannot be decoded (written by a newer Laps) is left out rather
    /// than failing the page.
    async fn snapshot(&self, user: UserId) -> Result<Arc<Snapshot>, WorkoutsError> {
        // The revision first: see `RevisionCache::get`.
        let revision = self.db.account_revision(user).await?;
        if let Some(kept) = self.analyses.get(user, revision) {
            return Ok(kept);
        }
        let rows = self.db.analysed_workouts(user, None, None).await?;
        let analysed = rows.into_iter().filter_map(|w| decoded(w).ok()).collect();
        let snapshot = Arc::new(Snapshot {
            analysed,
            pending: self.analysis_pending(user).await?,
            ..Snapshot::default()
        });
        self.analyses.put(user, revision, snapshot.clone());
        Ok(snapshot)
    }

    /// The user's records in the span: per sport, the fastest time over each distance, the
    /// longest distance, the highest mean power and heart rate over each duration, each with
    /// the workout and the segment it comes from; and how many workouts still wait for their
    /// analysis.
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn records(&self, user: UserId, span: &Span) -> Result<Records, WorkoutsError> {
        let snapshot = self.snapshot(user).await?;
        let records = snapshot.records.get_or(span, || {
            let analysed = snapshot.analysed.iter().filter(|w| span.holds(w));
            records::records(analysed, span.include_indoor)
        });
        Ok(Records {
            records: records.as_ref().clone(),
            pending: snapshot.pending,
        })
    }

    /// The user's mean-max curve of `kind` (power, pace or heart rate) over the span.
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn curve(
        &self,
        user: UserId,
        kind: EffortKind,
        span: &Span,
    ) -> Result<Curve, WorkoutsError> {
        let snapshot = self.snapshot(user).await?;
        let points = snapshot.curves.get_or(&(kind, *span), || {
            let analysed = snapshot.analysed.iter().filter(|w| span.holds(w));
            records::curve(analysed, kind, span.include_indoor)
        });
        Ok(Curve {
            kind,
            points: points.as_ref().clone(),
        })
    }

    /// One workout's own curve of `kind`, never rising with duration (see
    /// [`records::envelope`]); [`WorkoutsError::NotFound`] when the user has no such workout. A
    /// workout not analysed yet is analysed now.
    #[tracing::instrument(skip_all, fields(user = user.get(), workout = id.get()))]
    pub async fn workout_curve(
        &self,
        user: UserId,
        id: WorkoutId,
        kind: EffortKind,
    ) -> Result<Curve, WorkoutsError> {
        let analysis = self.workout_analysis(user, id).await?;
        let points = records::workout_points(&analysis, kind)
            .iter()
            .map(|p| CurvePoint {
                duration_s: p.duration_s,
                value: p.value,
                workout_id: id,
                start_offset_s: p.start_offset_s,
            })
            .collect();
        Ok(Curve {
            kind,
            points: records::envelope(points),
        })
    }

    /// One workout's analysis: the stored one, or computed (and stored) now when it has none
    /// of the current version.
    pub async fn workout_analysis(
        &self,
        user: UserId,
        id: WorkoutId,
    ) -> Result<training::Analysis, WorkoutsError> {
        if let Some(stored) = self.db.workout_analysis(user, id).await?
            && stored.version >= VERSION
            && let Ok(a) = codec::decode(&stored.data, stored.indoor, stored.dropped_samples)
        {
            return Ok(a);
        }
        let stored = self.analyse_now(user, id).await?;
        codec::decode(&stored.data, stored.indoor, stored.dropped_samples)
            .map_err(|e| WorkoutsError::Task(e.to_string()))
    }

    /// Computes and stores one workout's analysis from its recording, with its sport now.
    pub(crate) async fn analyse_now(
        &self,
        user: UserId,
        id: WorkoutId,
    ) -> Result<StoredAnalysis, WorkoutsError> {
        let summary = self.summary(user, id).await?;
        let blob = self
            .db
            .workout_recording(user, id)
            .await?
            .ok_or(WorkoutsError::NotFound)?;
        let stored = tokio::task::spawn_blocking(move || {
            // A recording that no longer decodes gets an empty analysis, so the backfill does
            // not try it again on every start.
            let recording = formats::store::decode(&blob).unwrap_or_default();
            stored(&recording, summary.sport)
        })
        .await
        .map_err(|e| WorkoutsError::Task(e.to_string()))?;
        self.db.store_analysis(user, id, &stored).await?;
        Ok(stored)
    }

    /// The years the user has workouts in, newest first (the records page's choices).
    pub async fn workout_years(&self, user: UserId) -> Result<Vec<i32>, WorkoutsError> {
        Ok(match self.ledger(user).await?.day_range() {
            Some((first, last)) => (first.year..=last.year).rev().collect(),
            None => Vec::new(),
        })
    }

    /// How many of the user's workouts wait for an analysis of the current version.
    pub async fn analysis_pending(&self, user: UserId) -> Result<u64, WorkoutsError> {
        let (done, total) = self.db.analysis_progress(user, VERSION).await?;
        Ok(total.saturating_sub(done))
    }
}

/// A stored row decoded.
fn decoded(w: AnalysedWorkout) -> Result<Analysed, codec::CodecError> {
    let s = &w.analysis;
    let analysis = codec::decode(&s.data, s.indoor, s.dropped_samples)?;
    Ok(Analysed {
        id: w.id,
        title: w.title,
        sport: w.sport,
        start: w.start,
        day: w.day,
        analysis,
    })
}

//! `laps check`: whether the store still holds what it was given. Every workout's recording
//! decodes (with the storage decoder the pages use) and agrees with its summary and laps, every
//! original still hashes to the content hash its file was imported under, each file keeps its
//! original exactly once, analyses sit with their workout's account, and SQLite's own checks
//! pass.
//!
//! The walk reads workouts a page at a time, so memory holds one page of blobs whatever the
//! store's size; it only reads, so it is safe while the server runs. The report is plain text
//! and deterministic (no times, everything in id order): two stores with the same data give
//! the same report, which is how a restored backup is compared with its source.

mod original;

use std::{collections::BTreeMap, fmt};

use db::{AccountCounts, Db, StoredWorkout};
use domain::{UserId, WorkoutId};

use crate::WorkoutsError;

/// Workouts read per page. A page holds their recordings and originals at once: eight keeps
/// that to a few megabytes for ordinary files, and under 300 MB even if every one were an
/// original at the largest upload limit (32 MiB).
const PAGE: u32 = 8;

/// What `laps check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Every account with its counts, by id.
    pub accounts: Vec<AccountCounts>,
    /// Every problem, storage ones first, then by workout id.
    pub problems: Vec<Problem>,
}

/// One thing wrong with the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// SQLite's integrity or foreign-key check reported this line.
    Storage(String),
    /// Something wrong with one workout.
    Workout {
        /// Whose workout it is.
        account: UserId,
        /// The workout.
        workout: WorkoutId,
        /// What is wrong.
        defect: Defect,
    },
}

/// What can be wrong with one workout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Defect {
    /// It has no data row: no recording and no original.
    NoData,
    /// Its recording blob does not decode; the decoder's reason.
    Recording(String),
    /// Its summary's sample count is not its recording's.
    SampleCount {
        /// What the summary says.
        stated: u64,
        /// What the recording holds.
        recorded: u64,
    },
    /// Its laps table holds another number of laps than its recording.
    LapCount {
        /// Rows in the laps table.
        stored: u64,
        /// Laps in the recording.
        recorded: u64,
    },
    /// Its original does not match the content hash it was imported under; the reason.
    Original(String),
    /// The file it is the first workout of keeps its original this many times, not once.
    Originals(u64),
    /// Its analysis is filed under this other account.
    MisfiledAnalysis(UserId),
}

impl CheckReport {
    /// Whether nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    fn username(&self, account: UserId) -> &str {
        self.accounts
            .iter()
            .find(|a| a.account == account)
            .map_or("?", |a| a.username.as_str())
    }
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoData => f.write_str("no recording or original is stored (no data row)"),
            Self::Recording(why) => write!(f, "the recording does not decode: {why}"),
            Self::SampleCount { stated, recorded } => write!(
                f,
                "the summary states {stated} samples, the recording holds {recorded}"
            ),
            Self::LapCount { stored, recorded } => write!(
                f,
                "{stored} laps are stored, the recording holds {recorded}"
            ),
            Self::Original(why) => f.write_str(why),
            Self::Originals(0) => f.write_str("its file's original is missing"),
            Self::Originals(n) => write!(f, "its file's original is stored {n} times"),
            Self::MisfiledAnalysis(other) => {
                write!(f, "its analysis is filed under account {other}")
            }
        }
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sum = |count: fn(&AccountCounts) -> u64| self.accounts.iter().map(count).sum::<u64>();
        writeln!(f, "accounts: {}", self.accounts.len())?;
        writeln!(f, "workouts: {}", sum(|a| a.workouts))?;
        writeln!(f, "laps: {}", sum(|a| a.laps))?;
        writeln!(f, "originals: {}", sum(|a| a.originals))?;
        writeln!(f, "analysed: {}", sum(|a| a.analysed))?;
        for a in &self.accounts {
            writeln!(
                f,
                "account {} ({}): {} workouts, {} laps, {} originals, {} analysed",
                a.account, a.username, a.workouts, a.laps, a.originals, a.analysed
            )?;
        }
        writeln!(f, "problems: {}", self.problems.len())?;
        for problem in &self.problems {
            match problem {
                Problem::Storage(line) => writeln!(f, "storage: {line}")?,
                Problem::Workout {
                    account,
                    workout,
                    defect,
                } => writeln!(
                    f,
                    "workout {workout} (account {account}, {}): {defect}",
                    self.username(*account)
                )?,
            }
        }
        Ok(())
    }
}

/// Checks the whole store (see the module documentation). Originals are decompressed up to
/// `max_file_bytes`, the largest file an import accepts.
#[tracing::instrument(skip_all)]
pub async fn check(db: &Db, max_file_bytes: u64) -> Result<CheckReport, WorkoutsError> {
    let mut problems: Vec<Problem> = db
        .storage_problems()
        .await?
        .into_iter()
        .map(Problem::Storage)
        .collect();
    // Keyed by workout, so the report lists each workout's problems together, in id order.
    let mut by_workout: BTreeMap<(WorkoutId, u8), (UserId, Defect)> = BTreeMap::new();
    let mut after = None;
    loop {
        let page = db.stored_workouts_after(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        // Decoding and hashing are CPU work: off the async threads.
        let found = tokio::task::spawn_blocking(move || {
            page.iter()
                .flat_map(|w| check_workout(w, max_file_bytes))
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| WorkoutsError::Task(e.to_string()))?;
        for (workout, account, defect) in found {
            by_workout.insert((workout, order(&defect)), (account, defect));
        }
    }
    for file in db.files_without_one_original().await? {
        let defect = Defect::Originals(file.originals);
        by_workout.insert((file.first, order(&defect)), (file.account, defect));
    }
    for misfiled in db.misfiled_analyses().await? {
        let defect = Defect::MisfiledAnalysis(misfiled.filed_under);
        by_workout.insert(
            (misfiled.workout, order(&defect)),
            (misfiled.account, defect),
        );
    }
    problems.extend(
        by_workout
            .into_iter()
            .map(|((workout, _), (account, defect))| Problem::Workout {
                account,
                workout,
                defect,
            }),
    );
    Ok(CheckReport {
        accounts: db.account_counts().await?,
        problems,
    })
}

/// Where a defect lists among its workout's: the order the checks run in.
fn order(defect: &Defect) -> u8 {
    match defect {
        Defect::NoData => 0,
        Defect::Recording(_) => 1,
        Defect::SampleCount { .. } => 2,
        Defect::LapCount { .. } => 3,
        Defect::Original(_) => 4,
        Defect::Originals(_) => 5,
        Defect::MisfiledAnalysis(_) => 6,
    }
}

/// The defects of one workout's own rows.
fn check_workout(w: &StoredWorkout, max_file_bytes: u64) -> Vec<(WorkoutId, UserId, Defect)> {
    let mut defects = Vec::new();
    if !w.has_data {
        defects.push(Defect::NoData);
    } else {
        match formats::store::decode(&w.recording) {
            Err(e) => defects.push(Defect::Recording(e.0)),
            Ok(recording) => {
                let recorded = recording.samples.len() as u64;
                if recorded != w.sample_count {
                    defects.push(Defect::SampleCount {
                        stated: w.sample_count,
                        recorded,
                    });
                }
                let recorded = recording.laps.len() as u64;
                if recorded != w.laps {
                    defects.push(Defect::LapCount {
                        stored: w.laps,
                        recorded,
                    });
                }
            }
        }
        // A file's later workouts keep no copy; `files_without_one_original` checks that one
        // of them does.
        if !w.original_gz.is_empty()
            && let Err(why) = original::verify(&w.content_hash, &w.original_gz, max_file_bytes)
        {
            defects.push(Defect::Original(why));
        }
    }
    defects
        .into_iter()
        .map(|defect| (w.id, w.account, defect))
        .collect()
}

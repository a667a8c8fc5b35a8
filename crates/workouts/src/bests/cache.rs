//! An account's decoded analyses kept between requests. Records, curves and fitness read every
//! analysed workout of the account: a decade is 4,000 rows and 3 MB of analyses, tens of
//! milliseconds to read and decode, for an answer that changes only when the workouts do. The
//! store's account revision (raised by triggers with every change to the account's workouts
//! or analyses) says whether a kept copy is still current: a request costs one small query
//! when nothing changed, and is never served stale data, whichever instance made the change.

use std::sync::{Arc, Mutex, PoisonError};

use domain::UserId;

use super::records::Analysed;

/// How many accounts' analyses are kept (the most recently used); a decade of workouts is
/// about 10 MB decoded.
const ACCOUNTS: usize = 8;

/// An account's analyses as of one revision.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// The account's revision they were read at (or after: see [`AnalysesCache::get`]).
    pub revision: i64,
    /// Every analysed workout of the account, in start order.
    pub analysed: Arc<Vec<Analysed>>,
    /// How many of its workouts wait for an analysis of the current version.
    pub pending: u64,
}

/// The kept snapshots, most recently used last.
type Kept = Vec<(UserId, Arc<Snapshot>)>;

/// The accounts' kept snapshots. Cheap to clone (shared).
#[derive(Debug, Clone, Default)]
pub(crate) struct AnalysesCache {
    kept: Arc<Mutex<Kept>>,
}

impl AnalysesCache {
    /// The user's snapshot if it was taken at `revision`. The revision must be read before
    /// the snapshot's rows: rows read after it are at least that new, so a snapshot kept under
    /// a revision never holds older data than the revision says, and any later change raises
    /// the revision past it.
    pub fn get(&self, user: UserId, revision: i64) -> Option<Arc<Snapshot>> {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let at = kept
            .iter()
            .position(|(u, s)| *u == user && s.revision == revision)?;
        let entry = kept.remove(at);
        let snapshot = entry.1.clone();
        kept.push(entry);
        Some(snapshot)
    }

    /// Keeps `snapshot` as the user's, dropping their older one and, past [`ACCOUNTS`], the
    /// least recently used account's.
    pub fn put(&self, user: UserId, snapshot: Arc<Snapshot>) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.retain(|(u, s)| *u != user || s.revision > snapshot.revision);
        if kept.iter().any(|(u, _)| *u == user) {
            return; // a newer one was kept meanwhile
        }
        if kept.len() >= ACCOUNTS {
            kept.remove(0);
        }
        kept.push((user, snapshot));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(revision: i64) -> Arc<Snapshot> {
        Arc::new(Snapshot {
            revision,
            analysed: Arc::new(Vec::new()),
            pending: 0,
        })
    }

    #[test]
    fn only_the_revision_asked_for_is_served() {
        let cache = AnalysesCache::default();
        let user = UserId::new(1);
        cache.put(user, snapshot(3));
        assert!(cache.get(user, 3).is_some());
        assert!(cache.get(user, 4).is_none());
        assert!(cache.get(UserId::new(2), 3).is_none());
        cache.put(user, snapshot(4));
        assert!(
            cache.get(user, 3).is_none(),
            "the older snapshot is dropped"
        );
        // A slow request that read revision 2 cannot replace the newer snapshot.
        cache.put(user, snapshot(2));
        assert!(cache.get(user, 4).is_some());
        assert!(cache.get(user, 2).is_none());
    }

    #[test]
    fn the_least_recently_used_account_goes_first() {
        let cache = AnalysesCache::default();
        for id in 1..=ACCOUNTS as i64 {
            cache.put(UserId::new(id), snapshot(1));
        }
        assert!(cache.get(UserId::new(1), 1).is_some()); // now the most recent
        cache.put(UserId::new(100), snapshot(1));
        assert!(cache.get(UserId::new(1), 1).is_some());
        assert!(cache.get(UserId::new(2), 1).is_none(), "the oldest went");
        assert!(cache.get(UserId::new(100), 1).is_some());
    }
}

//! What an account's pages compute from all of its workouts, kept between requests. Records,
//! curves and fitness read every analysed workout of the account (a decade is 4,000 rows and 3
//! MB of analyses, tens of milliseconds to read and decode) and statistics every workout's
//! day and totals, for answers that change only when the workouts do. The store's account
//! revision (raised by triggers with every change to the account's workouts or analyses) says
//! whether a kept value is still current: a request costs one small query when nothing
//! changed, and is never served stale data, whichever instance made the change.

use std::sync::{Arc, Mutex, PoisonError};

use domain::UserId;

/// How many accounts' values are kept (the most recently used); a decade of workouts is about
/// 10 MB of decoded analyses.
const ACCOUNTS: usize = 8;

/// The kept values, most recently used last: (account, revision, value).
type Kept<T> = Vec<(UserId, i64, Arc<T>)>;

/// Per-account values, each as of one revision of its account. Cheap to clone (shared).
#[derive(Debug)]
pub(crate) struct RevisionCache<T> {
    kept: Arc<Mutex<Kept<T>>>,
}

impl<T> Default for RevisionCache<T> {
    fn default() -> Self {
        Self {
            kept: Arc::new(Mutex::new(Vec::new())),
        }
    }
}

impl<T> Clone for RevisionCache<T> {
    fn clone(&self) -> Self {
        Self {
            kept: self.kept.clone(),
        }
    }
}

impl<T> RevisionCache<T> {
    /// The user's value if it was computed at `revision`. The revision must be read before
    /// the rows a value is computed from: rows read after it are at least that new, so a value
    /// kept under a revision never holds older data than the revision says, and any later
    /// change raises the revision past it.
    pub fn get(&self, user: UserId, revision: i64) -> Option<Arc<T>> {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let at = kept
            .iter()
            .position(|(u, r, _)| *u == user && *r == revision)?;
        let entry = kept.remove(at);
        let value = entry.2.clone();
        kept.push(entry);
        Some(value)
    }

    /// Keeps `value` as the user's at `revision`, dropping their older one and, past
    /// [`ACCOUNTS`], the least recently used account's.
    pub fn put(&self, user: UserId, revision: i64, value: Arc<T>) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.retain(|(u, r, _)| *u != user || *r > revision);
        if kept.iter().any(|(u, _, _)| *u == user) {
            return; // a newer one was kept meanwhile
        }
        if kept.len() >= ACCOUNTS {
            kept.remove(0);
        }
        kept.push((user, revision, value));
    }
}

/// Answers worked out from one kept value, each kept beside it under its question (a span, a
/// setting): the same page asked again is a lookup. Bounded: past [`Memo::SIZE`] questions
/// the oldest answer goes.
#[derive(Debug)]
pub(crate) struct Memo<K, V> {
    answers: Mutex<Vec<(K, Arc<V>)>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self {
            answers: Mutex::new(Vec::new()),
        }
    }
}

impl<K: PartialEq + Clone, V> Memo<K, V> {
    /// How many answers are kept.
    const SIZE: usize = 16;

    /// The answer to `key`: the kept one, or `work`'s (kept for next time).
    pub fn get_or(&self, key: &K, work: impl FnOnce() -> V) -> Arc<V> {
        {
            let answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((_, v)) = answers.iter().find(|(k, _)| k == key) {
                return v.clone();
            }
        }
        // Worked out without the lock: two requests may both do it, never wait on each other.
        let value = Arc::new(work());
        let mut answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        if !answers.iter().any(|(k, _)| k == key) {
            if answers.len() >= Self::SIZE {
                answers.remove(0);
            }
            answers.push((key.clone(), value.clone()));
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_revision_asked_for_is_served() {
        let cache = RevisionCache::<u32>::default();
        let user = UserId::new(1);
        cache.put(user, 3, Arc::new(3));
        assert_eq!(cache.get(user, 3).as_deref(), Some(&3));
        assert!(cache.get(user, 4).is_none());
        assert!(cache.get(UserId::new(2), 3).is_none());
        cache.put(user, 4, Arc::new(4));
        assert!(cache.get(user, 3).is_none(), "the older value is dropped");
        // A slow request that read revision 2 cannot replace the newer value.
        cache.put(user, 2, Arc::new(2));
        assert_eq!(cache.get(user, 4).as_deref(), Some(&4));
        assert!(cache.get(user, 2).is_none());
    }

    #[test]
    fn the_least_recently_used_account_goes_first() {
        let cache = RevisionCache::<u32>::default();
        for id in 1..=ACCOUNTS as i64 {
            cache.put(UserId::new(id), 1, Arc::new(0));
        }
        assert!(cache.get(UserId::new(1), 1).is_some()); // now the most recent
        cache.put(UserId::new(100), 1, Arc::new(0));
        assert!(cache.get(UserId::new(1), 1).is_some());
        assert!(cache.get(UserId::new(2), 1).is_none(), "the oldest went");
        assert!(cache.get(UserId::new(100), 1).is_some());
    }

    #[test]
    fn a_memo_works_each_question_out_once_and_forgets_the_oldest() {
        let memo = Memo::<u32, u32>::default();
        let mut worked = 0;
        for _ in 0..3 {
            let v = memo.get_or(&7, || {
                worked += 1;
                49
            });
            assert_eq!(*v, 49);
        }
        assert_eq!(worked, 1, "asked three times, worked out once");
        for k in 100..100 + Memo::<u32, u32>::SIZE as u32 {
            memo.get_or(&k, || k);
        }
        let again = memo.get_or(&7, || {
            worked += 1;
            0
        });
        assert_eq!((*again, worked), (0, 2), "the oldest answer was dropped");
    }
}

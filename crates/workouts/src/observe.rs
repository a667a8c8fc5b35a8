//! What the service tells an [`ImportObserver`] about each file it imports: the server counts
//! them for its metrics. The service keeps no counters itself; it only says what happened, once
//! per file, whichever way the file came in (an upload, a synced session, the inbox, an
//! archive's entries).

use std::{fmt, sync::Arc, time::Duration};

/// Why a file was refused, as one of a fixed set of names (for counting: the words for the
/// uploader are in [`domain::Outcome::Refused`], and are free text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalReason {
    /// The file reader refused it; the name is the reader's error kind
    /// ([`formats::ErrorKind::code`]: `crc_mismatch`, `unknown_format`, `too_large`, ...).
    Format(&'static str),
    /// The file could not be taken out of its upload: an archive's entry past a limit, a zip
    /// inside a zip, a part of an export that cannot be read.
    NotLoaded,
    /// Read, but holding nothing to store (no samples, laps or duration).
    NothingToImport,
    /// Any other refusal: a service export's entry without its figures, a restored file that
    /// its export's index does not list.
    Other,
}

impl RefusalReason {
    /// The reason's name, `snake_case`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Format(code) => code,
            Self::NotLoaded => "not_loaded",
            Self::NothingToImport => "nothing_to_import",
            Self::Other => "other",
        }
    }
}

impl From<&formats::ErrorKind> for RefusalReason {
    fn from(kind: &formats::ErrorKind) -> Self {
        Self::Format(kind.code())
    }
}

/// What became of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileOutcome {
    /// Stored as one or more new workouts.
    Imported,
    /// The same file was imported before.
    Duplicate,
    /// The same activity was stored before from elsewhere, and linked to.
    Linked,
    /// Not imported.
    Refused(RefusalReason),
}

/// One file the service handled.
#[derive(Debug, Clone, Copy)]
pub struct FileImport {
    /// What became of it.
    pub outcome: FileOutcome,
    /// Its size as it came (compressed, if it came compressed), as read for the import; 0 for
    /// what has no file (a service's manual entry) and for a file refused unread (past a
    /// limit, or not loaded from its archive).
    pub bytes: u64,
    /// From the start of its import to its result.
    pub elapsed: Duration,
}

/// Told about every file the service imports. Called on the import's task, once per file:
/// keep it cheap (count, do not block).
pub trait ImportObserver: Send + Sync + 'static {
    /// One file is done.
    fn file_done(&self, file: &FileImport);
}

/// The service's observer, if it has one.
#[derive(Clone, Default)]
pub(crate) struct Observer(Option<Arc<dyn ImportObserver>>);

impl Observer {
    pub(crate) fn new(observer: Arc<dyn ImportObserver>) -> Self {
        Self(Some(observer))
    }

    pub(crate) fn file_done(&self, file: FileImport) {
        if let Some(observer) = &self.0 {
            observer.file_done(&file);
        }
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Observer(Some)"
        } else {
            "Observer(None)"
        })
    }
}

/// Why [`crate::Workouts`] could not prepare a file: the words for the uploader and the reason
/// they are counted under.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub reason: RefusalReason,
    pub message: String,
}

impl Refusal {
    pub(crate) fn new(reason: RefusalReason, message: String) -> Self {
        Self { reason, message }
    }
}

/// A refusal given only in words (a service export's, a restore's): counted as
/// [`RefusalReason::Other`].
impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Self::new(RefusalReason::Other, message)
    }
}

impl From<formats::Error> for Refusal {
    fn from(error: formats::Error) -> Self {
        Self::new((&error.kind).into(), error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_error_is_counted_under_its_kind_and_keeps_its_words() {
        let refusal = Refusal::from(formats::Error::new(formats::ErrorKind::Empty));
        assert_eq!(refusal.reason.as_str(), "empty");
        assert_eq!(refusal.message, "the file is empty");
        assert_eq!(Refusal::from("no".to_owned()).reason, RefusalReason::Other);
    }
}

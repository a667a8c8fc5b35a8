//! Every bound on what one request may make the workout service do, in one place. The server's
//! configuration sets them (`laps --help`, the README's "Limits" table); the defaults keep one
//! request under about 200 MB of memory on a small machine.

use formats::Options;

/// Most archives opened inside one archive (a Garmin Connect export's `UploadedFiles_*.zip`
/// parts: a handful even for a decade of data). Each stays open while its files are imported,
/// so the bound keeps one request's open files few.
pub const MAX_INNER_ARCHIVES: usize = 64;

/// The limits of imports and sensor sessions.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// What the codecs accept per file: bytes, XML depth and attributes, activities per file,
    /// samples per workout, value ranges (see [`formats::Options`]).
    pub read: Options,
    /// Most files one request may hold, zip entries counted one by one.
    pub max_items: usize,
    /// Largest single file, bytes, once decompressed (zip entry or gzip).
    pub max_file_bytes: u64,
    /// Decompressed bytes one request may produce in all, over every zip entry and gzip file
    /// in it: the budget is per request, not per archive, so many archives gain nothing.
    pub decompression_budget: u64,
    /// Bytes one request may read as a stream, every pass counted: the index of an account
    /// export too large to load (Apple Health's `export.xml`, several GB), which is read in
    /// passes rather than whole and so sits outside [`Limits::max_file_bytes`] and the
    /// decompression budget. It bounds the time such an import takes.
    pub max_streamed_bytes: u64,
    /// Largest archive inside an archive, bytes once decompressed: the `UploadedFiles_*.zip`
    /// parts of a Garmin Connect export, the only zips inside a zip that are expanded (one
    /// level deep: a zip inside such a part is refused). Spooled to a temporary file, not held
    /// in memory, and counted in [`Limits::decompression_budget`] like any other entry; its
    /// own entries then count as files (the item limit) and as decompressed bytes.
    pub max_inner_archive_bytes: u64,
    /// Longest time, ms, from the first to the last notification of a synced sensor session.
    pub max_sync_span_ms: i64,
    /// Most decodable notifications one synced session may collect.
    pub max_sync_notifications: u64,
    /// Most routes one map of all routes holds: the newest of those its filter lets through.
    /// Each route is at most [`crate::route::MAX_OUTLINE_POINTS`] points (about 1 KB).
    pub max_map_routes: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            read: Options::default(),
            max_items: 10_000,
            // Ten times the largest real file we know of (a 3 MB TCX of a long ride), with room
            // for multi-day events; a FIT file this size decodes to about 250 MB, and the
            // sample limit refuses it before that.
            max_file_bytes: 32 << 20,
            // Enough for a decade of files in one zip; the time it takes is bounded too.
            decompression_budget: 2 << 30,
            // A large Apple Health export is 4 to 6 GB of XML, read two or three times (once
            // for its workouts and days, then for their heart rate in batches): about four
            // minutes of reading on a small machine.
            max_streamed_bytes: 32 << 30,
            // Garmin splits an export's uploaded files into parts of a few hundred MB.
            max_inner_archive_bytes: 1 << 30,
            // Multi-day ultras are recorded in one session; a week is beyond any of them.
            max_sync_span_ms: 7 * 24 * 3_600_000,
            // A 24-hour ride with heart rate, power at 4 Hz and speed/cadence: about 600,000.
            max_sync_notifications: 1_000_000,
            // About 500 KB of page; a decade of data is shown a year or a sport at a time.
            max_map_routes: 500,
        }
    }
}

impl Limits {
    /// The read options for one file, given what is left of the request's budget.
    pub(crate) fn read_options(&self, budget_left: u64) -> Options {
        Options {
            max_bytes: self.max_file_bytes.min(budget_left),
            ..self.read
        }
    }
}

//! Where a calendar page stands in the log: the workouts nearest a month, and the log's span.

use serde::{Deserialize, Serialize};

use crate::Date;

/// The days with workouts nearest to a month (or a year), and the span of the whole log:
/// what a month without workouts links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AroundMonth {
    /// The last local day with a workout before the month's (or year's) first day.
    pub earlier: Option<Date>,
    /// The first local day with a workout after the month's (or year's) last day.
    pub later: Option<Date>,
    /// The first and the last local day with a workout; `None` for an empty log.
    pub span: Option<(Date, Date)>,
}

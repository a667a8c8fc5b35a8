//! Polar HRM: [`read()`] and [`write()`], and [`merge_gpx`] for the Polar pair of an `.hrm`
//! with the `.gpx` of the same session.

mod merge;
mod read;
mod write;

pub use merge::merge_gpx;
pub use read::{RR_INTERVAL, read};
pub use write::write;

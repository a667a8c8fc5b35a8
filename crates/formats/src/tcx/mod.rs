//! TCX, Garmin's Training Center XML: [`read()`] and [`write()`].

mod read;
mod write;

pub(crate) use read::track_pauses;
pub use read::{read, read_all};
pub use write::write;

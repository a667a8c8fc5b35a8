//! TCX, Garmin's Training Center XML: [`read()`] and [`write()`].

mod read;
mod write;

pub use read::{read, read_all};
pub use write::write;

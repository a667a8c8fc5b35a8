//! FIT, Garmin's binary activity format: [`read()`] and [`write()`].

mod crc;
pub mod profile;
mod read;
mod write;

pub use read::{Statistics, read, statistics};
pub use write::write;

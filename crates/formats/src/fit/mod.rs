//! FIT, Garmin's binary activity format: [`read()`] and [`write()`].

pub mod crc;
mod hr;
pub mod profile;
mod read;
mod write;

pub use read::{Statistics, read, read_with, statistics};
pub use write::write;

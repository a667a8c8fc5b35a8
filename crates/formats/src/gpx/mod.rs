//! GPX, the GPS Exchange Format (1.0 and 1.1): [`read()`] and [`write()`].

mod read;
mod write;

pub use read::read;
pub use write::{can_write, write};

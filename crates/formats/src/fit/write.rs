//! The FIT writer (filled in below).
use crate::Recording;

/// Writes a recording as a FIT activity file.
pub fn write(_recording: &Recording) -> Vec<u8> {
    Vec::new()
}

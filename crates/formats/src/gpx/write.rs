//! The GPX writer (below).
use crate::Recording;

/// Writes a recording as GPX 1.1.
pub fn write(_recording: &Recording) -> String {
    String::new()
}

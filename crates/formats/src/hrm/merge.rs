use crate::Recording;
/// Merges (below).
pub fn merge_gpx(hrm: Recording, _gpx: &Recording) -> Recording {
    hrm
}

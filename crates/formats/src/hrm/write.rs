use crate::Recording;
/// Writes HRM (below).
pub fn write(_r: &Recording) -> String {
    String::new()
}

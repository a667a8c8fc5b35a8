//! Lower-case hexadecimal, as tokens, hashes and raw device bytes are written.

use std::fmt::Write as _;

/// Bytes as lower-case hex, two digits per byte: `[0x0a, 0xff]` → `0aff`.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_written_as_two_lower_case_digits_each() {
        assert_eq!(hex(&[0x00, 0x0a, 0xff, 0x42]), "000aff42");
        assert_eq!(hex(&[]), "");
    }
}

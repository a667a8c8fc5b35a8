//! The FIT CRC-16 (polynomial 0xA001, nibble table from the FIT protocol document).

const TABLE: [u16; 16] = [
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401,
    0x5000, 0x9C01, 0x8801, 0x4400,
];

/// Continues a CRC over `bytes`.
pub fn update(mut crc: u16, bytes: &[u8]) -> u16 {
    for &byte in bytes {
        let mut tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from(byte & 0xF)];
        tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from(byte >> 4)];
    }
    crc
}

/// The CRC of `bytes`.
pub fn of(bytes: &[u8]) -> u16 {
    update(0, bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_block_followed_by_its_crc_checks_to_zero() {
        let data = b"123456789";
        let crc = super::of(data);
        assert_eq!(crc, 0xBB3D, "CRC-16/ARC check value");
        let mut with_crc = data.to_vec();
        with_crc.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(super::of(&with_crc), 0);
    }
}

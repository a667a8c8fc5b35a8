//! The FIT CRC-16 (CRC-16/ARC: polynomial 0x8005 reflected as 0xA001, initial value 0).
//!
//! The FIT document gives a nibble-wise routine; this is the same CRC with a byte table and
//! slicing by eight bytes, since the whole file is checked on every read.

/// `TABLES[k][b]`: the CRC contribution of byte `b` followed by `k` zero bytes.
const TABLES: [[u16; 256]; 8] = {
    let mut tables = [[0u16; 256]; 8];
    let mut b = 0;
    while b < 256 {
        let mut crc = b as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
            bit += 1;
        }
        tables[0][b] = crc;
        b += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut b = 0;
        while b < 256 {
            let previous = tables[k - 1][b];
            tables[k][b] = (previous >> 8) ^ tables[0][(previous & 0xFF) as usize];
            b += 1;
        }
        k += 1;
    }
    tables
};

/// Continues a CRC over `bytes`.
pub fn update(mut crc: u16, bytes: &[u8]) -> u16 {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let low = crc ^ u16::from_le_bytes([chunk[0], chunk[1]]);
        crc = TABLES[7][usize::from(low as u8)]
            ^ TABLES[6][usize::from(low >> 8)]
            ^ TABLES[5][usize::from(chunk[2])]
            ^ TABLES[4][usize::from(chunk[3])]
            ^ TABLES[3][usize::from(chunk[4])]
            ^ TABLES[2][usize::from(chunk[5])]
            ^ TABLES[1][usize::from(chunk[6])]
            ^ TABLES[0][usize::from(chunk[7])];
    }
    for &byte in chunks.remainder() {
        crc = (crc >> 8) ^ TABLES[0][usize::from((crc ^ u16::from(byte)) as u8)];
    }
    crc
}

/// The CRC of `bytes`.
pub fn of(bytes: &[u8]) -> u16 {
    update(0, bytes)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// The nibble-wise routine from the FIT protocol document, as the reference.
    fn reference(bytes: &[u8]) -> u16 {
        const T: [u16; 16] = [
            0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
            0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
        ];
        let mut crc = 0u16;
        for &byte in bytes {
            let mut tmp = T[usize::from(crc & 0xF)];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ T[usize::from(byte & 0xF)];
            tmp = T[usize::from(crc & 0xF)];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ T[usize::from(byte >> 4)];
        }
        crc
    }

    #[test]
    fn a_block_followed_by_its_crc_checks_to_zero() {
        let data = b"123456789";
        let crc = super::of(data);
        assert_eq!(crc, 0xBB3D, "CRC-16/ARC check value");
        let mut with_crc = data.to_vec();
        with_crc.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(super::of(&with_crc), 0);
    }

    proptest! {
        #[test]
        fn the_fast_crc_equals_the_fit_documents_routine(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(super::of(&bytes), reference(&bytes));
        }
    }
}

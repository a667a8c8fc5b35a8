//! Text from files that predate UTF-8: Polar's HRM notes were written in the Windows code
//! page of the PC that saved them (Windows-1251 in Russia, 1250 in Central Europe, 1252 in the
//! West), and the file does not say which.
//!
//! ```
//! // "ляляля" as a Russian Polar ProTrainer saved it.
//! assert_eq!(formats::text::decode(b"\xeb\xff\xeb\xff\xeb\xff"), "ляляля");
//! assert_eq!(formats::text::decode("Läufer".as_bytes()), "Läufer");
//! assert_eq!(formats::text::decode(b"L\xe4ufer \xfcber"), "Läufer über");
//! ```

use std::borrow::Cow;

use encoding_rs::{Encoding, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252};

/// The code pages tried for text that is not UTF-8, in the order a tie goes.
const CANDIDATES: [&Encoding; 3] = [WINDOWS_1252, WINDOWS_1250, WINDOWS_1251];

/// The text of `bytes`: as it is when it is valid UTF-8 (a byte order mark dropped), else
/// decoded with the Windows code page (1250, 1251 or 1252) under which it reads most
/// plausibly ([`plausibility`]). Never holds a replacement character: each of these code
/// pages gives every byte some character.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut best: Option<(i64, String)> = None;
    for encoding in CANDIDATES {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        let score = plausibility(&text);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, text.into_owned()));
        }
    }
    // Bytes no code page maps (0x81 in 1252, ...) would decode to U+FFFD: left out.
    let mut text = best.map(|(_, t)| t).unwrap_or_default();
    text.retain(|c| c != char::REPLACEMENT_CHARACTER);
    Cow::Owned(text)
}

/// An XML document that is not UTF-8 but declares the legacy encoding it is in (`<?xml
/// version="1.0" encoding="ISO-8859-1"?>`, `windows-1251`, ...), as UTF-8 with the
/// declaration saying so; `None` for a document that is UTF-8 already, declares none, declares
/// UTF-8 (then its bytes are damaged, and the reader says where), or names an encoding that is
/// not a single-byte one (the reader refuses UTF-16 and the like as before).
pub fn declared_xml(bytes: &[u8]) -> Option<Vec<u8>> {
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let head = &bytes[..bytes.len().min(256)];
    let end = memchr::memmem::find(head, b"?>")?;
    let declaration = &head[..end];
    let at = memchr::memmem::find(declaration, b"encoding")?;
    let rest = &declaration[at + b"encoding".len()..];
    let open = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    let quote = rest[open];
    let label_len = rest[open + 1..].iter().position(|&b| b == quote)?;
    let label = &rest[open + 1..open + 1 + label_len];
    let encoding = Encoding::for_label(label)?;
    if encoding == encoding_rs::UTF_8 || !encoding.is_single_byte() {
        return None;
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    // The declaration now names what the bytes are.
    let label = std::str::from_utf8(label).ok()?;
    Some(text.replacen(label, "UTF-8", 1).into_bytes())
}

/// How plausible a decoding is as human text: letters of the alphabets these code pages are
/// made for score, the more common ones more; symbols a note seldom holds (`¤`, `˙`, C1
/// controls, unmapped bytes) cost; and a word mixing Latin and Cyrillic letters costs most,
/// since no language writes so (this is what tells "Läufer" in 1252 from "Lдufer" in 1251).
pub fn plausibility(text: &str) -> i64 {
    let mut score = 0;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let cyrillic = word.chars().any(is_cyrillic);
        let latin = word.chars().any(|c| c.is_alphabetic() && !is_cyrillic(c));
        if cyrillic && latin {
            score -= 10;
        }
    }
    for c in text.chars().filter(|c| !c.is_ascii()) {
        score += match c {
            'а'..='я' => 3,
            'А'..='Я' | 'ё' | 'Ё' | 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'ў' => 2,
            // The accented letters of Western and Central European languages.
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'æ' | 'ç' | 'è' | 'é' | 'ê' | 'í' | 'î' | 'ï'
            | 'ñ' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ù' | 'ú' | 'û' | 'ü' | 'ß' | 'Ä' | 'Ö'
            | 'Ü' | 'É' | 'Å' | 'Ø' | 'Æ' | 'Ç' | 'ą' | 'ć' | 'ę' | 'ł' | 'ń' | 'ś' | 'ź' | 'ż'
            | 'Ł' | 'Ś' | 'Ż' | 'č' | 'ď' | 'ě' | 'ň' | 'ř' | 'š' | 'ť' | 'ů' | 'ž' | 'Č' | 'Ř'
            | 'Š' | 'Ž' | 'ő' | 'ű' | 'ý' | 'ă' | 'ș' | 'ț' | 'ş' | 'ţ' | 'đ' | 'Đ' => {
                3
            }
            // Typographic punctuation every code page has.
            '€' | '–' | '—' | '‘' | '’' | '“' | '”' | '„' | '…' | '«' | '»' | '°' | '·' | '•'
            | '\u{a0}' => 1,
            c if c.is_alphabetic() => 1,
            _ => -3,
        };
    }
    score
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_page_is_recognised_by_its_letters() {
        // Windows-1251: "Пробежка в парке" (a run in the park).
        let russian = WINDOWS_1251.encode("Пробежка в парке").0;
        assert_eq!(decode(&russian), "Пробежка в парке");
        // Windows-1250: Polish and Czech.
        let polish = WINDOWS_1250.encode("Bieg przełajowy, źle się czułem").0;
        assert_eq!(decode(&polish), "Bieg przełajowy, źle się czułem");
        let czech = WINDOWS_1250.encode("Běh kolem řeky").0;
        assert_eq!(decode(&czech), "Běh kolem řeky");
        // Windows-1252: French and German.
        let french = WINDOWS_1252.encode("Sortie vélo, très agréable").0;
        assert_eq!(decode(&french), "Sortie vélo, très agréable");
        let german = WINDOWS_1252.encode("Lauf am Fluss, schöne Strecke").0;
        assert_eq!(decode(&german), "Lauf am Fluss, schöne Strecke");
    }

    #[test]
    fn an_xml_file_in_a_declared_legacy_encoding_reads_as_utf8() {
        let gpx = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<gpx><trk><name>Sortie v\xe9lo</name></trk></gpx>";
        let utf8 = declared_xml(gpx).unwrap();
        assert_eq!(
            String::from_utf8(utf8).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx><trk><name>Sortie vélo</name></trk></gpx>"
        );
        assert_eq!(
            declared_xml(b"<?xml version='1.0' encoding='UTF-8'?><a>\xe9</a>"),
            None
        );
        assert_eq!(declared_xml(b"<?xml version='1.0'?><a>\xe9</a>"), None);
        assert_eq!(
            declared_xml("<?xml version='1.0' encoding='ISO-8859-1'?><a>é</a>".as_bytes()),
            None
        );
    }

    #[test]
    fn a_latin1_gpx_is_read_with_its_accents() {
        let gpx = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n\
<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>Sortie v\xe9lo</name><trkseg>\
<trkpt lat=\"50.8\" lon=\"4.6\"><time>2012-03-02T06:53:51Z</time></trkpt>\
<trkpt lat=\"50.81\" lon=\"4.6\"><time>2012-03-02T06:55:51Z</time></trkpt>\
</trkseg></trk></gpx>";
        let r = crate::read(gpx, &crate::Options::default()).unwrap();
        assert_eq!(r.notes.as_deref(), Some("Sortie vélo"));
    }

    #[test]
    fn utf8_stays_as_it_is_and_nothing_becomes_a_replacement_character() {
        assert!(matches!(
            decode("Пробежка".as_bytes()),
            Cow::Borrowed("Пробежка")
        ));
        assert_eq!(decode(b"\xEF\xBB\xBFrun"), "run");
        for bytes in [&b"\x81\x8d\x8f\x90\x9d"[..], b"\xff\xfe\x00", b"a\x98b"] {
            assert!(
                !decode(bytes).contains(char::REPLACEMENT_CHARACTER),
                "{bytes:?}"
            );
        }
    }
}

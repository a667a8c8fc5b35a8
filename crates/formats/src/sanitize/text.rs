//! Text a file carries loses NUL and other control characters: databases refuse NUL in text
//! (PostgreSQL) or store it invisibly, and no name or note needs them. Concept2 pads its TCX
//! Creator name with NULs (`Concept2\0\0\0…`), as C strings are padded.

use crate::Recording;

/// Cleans every text of a recording: device strings lose all control characters, notes keep
/// tabs and line breaks. A text left empty becomes `None`.
pub(super) fn clean(recording: &mut Recording) {
    if let Some(device) = recording.device.as_mut() {
        for text in [
            &mut device.manufacturer,
            &mut device.product,
            &mut device.software,
        ] {
            clean_text(text, false);
        }
    }
    clean_text(&mut recording.notes, true);
}

fn clean_text(text: &mut Option<String>, multiline: bool) {
    let Some(value) = text.as_mut() else { return };
    let unwanted = |c: char| c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r'));
    if value.contains(unwanted) {
        value.retain(|c| !unwanted(c));
        let trimmed = value.trim();
        if trimmed.len() != value.len() {
            *value = trimmed.to_owned();
        }
    }
    if value.is_empty() {
        *text = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Device;

    #[test]
    fn control_characters_go_and_line_breaks_stay_in_notes() {
        let mut r = Recording {
            device: Some(Device {
                product: Some("Concept2\0\0\0".to_owned()),
                manufacturer: Some("\u{1}\u{7f}".to_owned()),
                software: Some("7.\u{9b}10".to_owned()),
                ..Device::default()
            }),
            notes: Some("Intervals\r\n\t4 x 500 m\0".to_owned()),
            ..Recording::default()
        };
        clean(&mut r);
        let device = r.device.unwrap();
        assert_eq!(device.product.as_deref(), Some("Concept2"));
        assert_eq!(device.manufacturer, None, "nothing but control characters");
        assert_eq!(device.software.as_deref(), Some("7.10"), "C1 controls too");
        assert_eq!(r.notes.as_deref(), Some("Intervals\r\n\t4 x 500 m"));
    }
}

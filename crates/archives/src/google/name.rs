//! What the name of a Takeout TCX file says: Google Fit names each activity
//! `2020-01-01T10_00_00+01_00_PT1H2M3S_Running.tcx` (local start with `_` for `:`, its UTC
//! offset, the ISO-8601 duration, the activity in the account's language), so the start, the
//! offset and the sport are known without opening the file.

use domain::{Date, Sport, Timestamp};

/// The parts of an activity file's name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActivityName {
    /// The start, UTC.
    pub start: Timestamp,
    /// The offset of the local start, minutes east.
    pub utc_offset_min: i32,
    /// The duration, ms, when the name has one.
    pub elapsed_ms: Option<i64>,
    /// The activity as written (underscores read as spaces), when the name has one.
    pub activity: Option<String>,
}

/// Reads a file stem (the name without `.tcx`); `None` when it does not start with a local
/// date-time and offset, as names given by other tools do not.
pub(crate) fn parse(stem: &str) -> Option<ActivityName> {
    // `2020-01-01T10_00_00`, then an optional fraction of a second.
    let date = Date::new(
        number(stem.get(0..4)?)? as i32,
        number(stem.get(5..7)?)?,
        number(stem.get(8..10)?)?,
    )?;
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b'_'), (16, b'_')];
    if separators
        .iter()
        .any(|&(at, c)| stem.as_bytes().get(at) != Some(&c))
    {
        return None;
    }
    let (h, m, s) = (
        number(stem.get(11..13)?)?,
        number(stem.get(14..16)?)?,
        number(stem.get(17..19)?)?,
    );
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut rest = &stem[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        millis = fraction_ms(&fraction[..digits])?;
        rest = &fraction[digits..];
    }
    let (utc_offset_min, rest) = offset(rest)?;

    let mut rest = rest.strip_prefix('_').unwrap_or(rest);
    let mut elapsed_ms = None;
    let first = rest.split('_').next().unwrap_or("");
    if let Some(ms) = duration_ms(first) {
        elapsed_ms = Some(ms);
        rest = rest[first.len()..].strip_prefix('_').unwrap_or("");
    }
    let activity = activity_name(rest);

    let local_ms = (date.days() * 86_400 + i64::from(h * 3600 + m * 60 + s)) * 1000 + millis;
    Some(ActivityName {
        start: Timestamp::from_unix_ms(local_ms - i64::from(utc_offset_min) * 60_000),
        utc_offset_min,
        elapsed_ms,
        activity,
    })
}

fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Milliseconds of a fraction of a second's digits (`745` → 745, `5` → 500).
fn fraction_ms(digits: &str) -> Option<i64> {
    if digits.is_empty() {
        return None;
    }
    let ms: String = digits.chars().chain("00".chars()).take(3).collect();
    ms.parse().ok()
}

/// `Z`, or `+01_00` (`:` written `_`, sometimes kept as `:`, or left out: `+0100`).
fn offset(text: &str) -> Option<(i32, &str)> {
    if let Some(rest) = text.strip_prefix('Z') {
        return Some((0, rest));
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = number(text.get(1..3)?)?;
    let (minutes, used) = match text.as_bytes().get(3) {
        Some(b'_' | b':') => (number(text.get(4..6)?)?, 6),
        _ => (number(text.get(3..5)?)?, 5),
    };
    if hours > 18 || minutes > 59 {
        return None;
    }
    Some((sign * (hours * 60 + minutes) as i32, &text[used..]))
}

/// An ISO-8601 duration of hours, minutes and seconds (`PT1H2M3.5S`), ms.
fn duration_ms(text: &str) -> Option<i64> {
    let mut rest = text.strip_prefix("PT")?;
    if rest.is_empty() {
        return None;
    }
    let mut ms = 0.0;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let value: f64 = rest[..end].parse().ok()?;
        let unit = match rest.as_bytes()[end] {
            b'H' => 3_600_000.0,
            b'M' => 60_000.0,
            b'S' => 1000.0,
            _ => return None,
        };
        ms += value * unit;
        rest = &rest[end + 1..];
    }
    Some(ms.round() as i64)
}

/// The activity at the end of the name, spaces for underscores, without the ` (1)` a second
/// file of the same name gets when unpacked.
fn activity_name(text: &str) -> Option<String> {
    let text = text.replace('_', " ");
    let mut text = text.trim();
    if let Some(open) = text.rfind('(') {
        let inside = &text[open + 1..];
        if inside
            .strip_suffix(')')
            .is_some_and(|n| number(n).is_some())
        {
            text = text[..open].trim_end();
        }
    }
    (!text.is_empty()).then(|| text.to_owned())
}

/// The sport of a Google Fit activity name, in English or a common translation; `None` for an
/// activity with no match here (the recording's own sport then decides).
pub(crate) fn sport(activity: &str) -> Option<Sport> {
    let key: String = fold(activity)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let sport = match key.as_str() {
        "running" | "jogging" | "treadmillrunning" | "trailrunning" | "hardlopen" | "laufen"
        | "joggen" | "courseapied" | "course" | "correr" | "carrera" | "corsa" | "bieganie"
        | "corrida" => Sport::Running,
        "biking" | "cycling" | "mountainbiking" | "roadbiking" | "spinning" | "fietsen"
        | "radfahren" | "mountainbiken" | "cyclisme" | "velo" | "ciclismo" | "jazdanarowerze"
        | "andardebicicleta" => Sport::Cycling,
        "walking" | "wandelen" | "gehen" | "spazierengehen" | "marche" | "caminar" | "caminata"
        | "camminata" | "camminare" | "spacer" | "caminhada" => Sport::Walking,
        "hiking" | "wandern" | "randonnee" | "senderismo" | "escursionismo" | "trektochten"
        | "hiken" => Sport::Hiking,
        "swimming" | "poolswimming" | "openwaterswimming" | "zwemmen" | "schwimmen"
        | "natation" | "natacion" | "nuoto" | "natacao" | "plywanie" => Sport::Swimming,
        "rowing" | "rowingmachine" | "roeien" | "rudern" | "aviron" | "remo" | "canottaggio" => {
            Sport::Rowing
        }
        "kayaking"
        | "canoeing"
        | "paddling"
        | "standuppaddleboarding"
        | "kajakken"
        | "kajakfahren"
        | "kayak" => Sport::Paddling,
        "skiing" | "downhillskiing" | "snowboarding" | "skien" | "skifahren" | "ski" | "esqui"
        | "sci" => Sport::AlpineSkiing,
        "crosscountryskiing" | "langlaufen" | "skidefond" | "langlauf" => Sport::CrossCountrySkiing,
        "inlineskating" | "skaten" | "inlineskaten" | "rollerblading" => Sport::InlineSkating,
        "strengthtraining"
        | "weightlifting"
        | "crossfit"
        | "hiit"
        | "yoga"
        | "pilates"
        | "krachttraining"
        | "krafttraining"
        | "musculation"
        | "entrenamientodefuerza"
        | "allenamentoconipesi" => Sport::Training,
        "elliptical" | "stairclimbing" | "crosstrainer" | "elliptique" | "eliptica" => {
            Sport::FitnessEquipment
        }
        "mountaineering" | "rockclimbing" | "klimmen" | "bergsteigen" | "klettern" => {
            Sport::Mountaineering
        }
        _ => return None,
    };
    Some(sport)
}

/// Lower case without the accents of the languages above (`à pied` → `a pied`).
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ł' => 'l',
            'ż' | 'ź' => 'z',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_of_hours_minutes_and_fractional_seconds_are_read() {
        let cases = [
            ("PT1H2M3S", Some(3_723_000)),
            ("PT34M51.279S", Some(2_091_279)),
            ("PT45S", Some(45_000)),
            ("PT", None),
            ("P1D", None),
            ("Running", None),
        ];
        for (text, want) in cases {
            assert_eq!(duration_ms(text), want, "{text}");
        }
    }

    #[test]
    fn offsets_are_read_with_underscores_colons_or_neither() {
        let cases = [
            ("Z_x", Some((0, "_x"))),
            ("+01_00_x", Some((60, "_x"))),
            ("-05:30_x", Some((-330, "_x"))),
            ("+0200_x", Some((120, "_x"))),
            ("_PT1H", None),
        ];
        for (text, want) in cases {
            assert_eq!(offset(text), want, "{text}");
        }
    }

    #[test]
    fn names_without_a_start_are_not_read() {
        for stem in [
            "Morning run",
            "2020-13-01T10_00_00Z_PT1H_Running",
            "2020-01-01",
        ] {
            assert_eq!(parse(stem), None, "{stem}");
        }
    }
}

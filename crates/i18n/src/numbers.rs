//! Numbers as each language writes them: `1,234.5` in English, `1.234,5` in German,
//! `1 234,5` in French (a narrow no-break space groups, as the French typographic rules and
//! CLDR have it).

use domain::Language;

/// The decimal mark and the group separator.
fn marks(language: Language) -> (char, char) {
    match language {
        Language::En => ('.', ','),
        Language::De => (',', '.'),
        Language::Fr => (',', '\u{202f}'),
    }
}

/// A whole number with the language's group separator: `12,345`, `12.345`, `12 345`.
pub fn group(language: Language, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let (_, separator) = marks(language);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Text written by Laps' English formatters (`10.02 km`, `1,234 kJ`, `5:12 /km`, `+12%`) with
/// the language's marks: `10,02 km` in German and French, and a percent sign after a space
/// (`+12 %`; no-break, narrow in French). Only for text those formatters made, where `.` is
/// always a decimal mark and `,` a group separator.
pub fn number(language: Language, english: &str) -> String {
    if language == Language::En {
        return english.to_owned();
    }
    let (decimal, separator) = marks(language);
    let percent = match language {
        Language::Fr => "\u{202f}%",
        _ => "\u{a0}%",
    };
    let mut out = String::with_capacity(english.len() + 4);
    for c in english.chars() {
        match c {
            '.' => out.push(decimal),
            ',' => out.push(separator),
            '%' => out.push_str(percent),
            other => out.push(other),
        }
    }
    out
}

/// The CLDR plural category of a whole number: `one` or `other` in these languages (French
/// counts 0 as `one`; its `many` is for millions written in words, which Laps never does).
pub(crate) fn plural_category(language: Language, n: i64) -> &'static str {
    let one = match language {
        Language::En | Language::De => n == 1,
        Language::Fr => n == 0 || n == 1,
    };
    if one { "one" } else { "other" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_per_language() {
        assert_eq!(group(Language::En, 0), "0");
        assert_eq!(group(Language::En, 999), "999");
        assert_eq!(group(Language::En, -1234567), "-1,234,567");
        assert_eq!(group(Language::De, 1234), "1.234");
        assert_eq!(group(Language::Fr, 123456), "123\u{202f}456");
    }

    #[test]
    fn english_formatted_text_takes_the_languages_marks() {
        assert_eq!(number(Language::En, "1,234.5 km"), "1,234.5 km");
        assert_eq!(number(Language::De, "1,234.5 km"), "1.234,5 km");
        assert_eq!(
            number(Language::Fr, "10.02 km · 5:12 /km"),
            "10,02 km · 5:12 /km"
        );
        assert_eq!(number(Language::En, "+12%"), "+12%");
        assert_eq!(number(Language::De, "+12%"), "+12\u{a0}%");
        assert_eq!(number(Language::Fr, "93%"), "93\u{202f}%");
    }
}

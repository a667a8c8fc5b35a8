//! Polar's JSON as strict JSON: newer exports write non-finite numbers as bare `NaN`,
//! `Infinity` and `-Infinity` tokens, which `serde_json` (rightly) refuses.

/// The bare tokens written for a number that is not one, signed first so that `-Infinity` is
/// matched before its tail (`-NaN` is what some C libraries print).
const NON_FINITE: [&[u8]; 4] = [b"-Infinity", b"-NaN", b"Infinity", b"NaN"];

/// `bytes` with every bare `NaN`, `Infinity` and `-Infinity` outside strings replaced by `null`.
///
/// A tokenizer rather than a search-and-replace: the same letters inside a string (a session
/// named "NaN run", an escaped quote before them) are text and must stay as they are. Input
/// without any such token is returned unchanged, borrowed.
pub(crate) fn nulls_for_non_finite(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut in_string = false;
    let mut escaped = false;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if let Some(token) = NON_FINITE.iter().find(|t| bytes[i..].starts_with(t)) {
            let out = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 64));
            out.extend_from_slice(&bytes[copied..i]);
            out.extend_from_slice(b"null");
            i += token.len();
            copied = i;
            continue;
        }
        i += 1;
    }
    match out {
        None => std::borrow::Cow::Borrowed(bytes),
        Some(mut out) => {
            out.extend_from_slice(&bytes[copied..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::nulls_for_non_finite;

    #[test]
    fn bare_non_finite_tokens_become_null_and_the_rest_is_untouched() {
        let cases: [(&str, &str, &str); 7] = [
            ("a NaN value", r#"{"v":NaN}"#, r#"{"v":null}"#),
            (
                "values in an array",
                r#"[1.0, NaN, Infinity, -Infinity, -NaN, 2]"#,
                r#"[1.0, null, null, null, null, 2]"#,
            ),
            (
                "NaN inside a string",
                r#"{"name":"NaN run"}"#,
                r#"{"name":"NaN run"}"#,
            ),
            (
                "an escaped quote does not end the string",
                r#"{"n":"say \"NaN\" Infinity","v":NaN}"#,
                r#"{"n":"say \"NaN\" Infinity","v":null}"#,
            ),
            (
                "an escaped backslash before the closing quote",
                r#"{"n":"a\\","v":NaN}"#,
                r#"{"n":"a\\","v":null}"#,
            ),
            ("nothing to replace", r#"{"v":1}"#, r#"{"v":1}"#),
            ("a key named NaN", r#"{"NaN":NaN}"#, r#"{"NaN":null}"#),
        ];
        for (what, input, expected) in cases {
            let got = nulls_for_non_finite(input.as_bytes());
            assert_eq!(String::from_utf8_lossy(&got), expected, "{what}");
        }
    }

    #[test]
    fn input_without_tokens_is_borrowed() {
        let input = br#"{"name":"NaN"}"#;
        assert!(matches!(
            nulls_for_non_finite(input),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}

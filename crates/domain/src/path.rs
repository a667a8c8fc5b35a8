//! Where this site may send a browser after a form: a path on this site, never another host.

/// A path on this site (`/calendar?month=2024-05`), safe to put in a `Location` header: it can
/// only lead to this origin.
///
/// Browsers are forgiving in ways that turn innocent-looking paths into other hosts: `//host`
/// and `/\host` are protocol-relative, and tabs and newlines are dropped before parsing, so
/// `/\t/host` is `//host` too. So: it starts with one `/`, has no backslash, no control
/// character and no white space anywhere, and once percent-decoded (and stripped of tabs and
/// line breaks, as a browser would) it still starts with one `/` (a path that some component
/// decodes once more must not become a host either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// The path, if it is one that stays on this site.
    pub fn parse(raw: &str) -> Option<Self> {
        let decoded: String = percent_decoded(raw)
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        (is_local(raw) && starts_local(&decoded)).then(|| Self(raw.to_owned()))
    }

    /// The path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One `/`, not followed by another or by a backslash.
fn starts_local(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\'))
}

fn is_local(path: &str) -> bool {
    starts_local(path)
        && !path
            .as_bytes()
            .iter()
            .any(|&b| b == b'\\' || b.is_ascii_control() || b.is_ascii_whitespace())
}

/// `%XX` sequences decoded (others kept as they are); not UTF-8-checked, only inspected.
fn percent_decoded(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept() {
        for ok in [
            "/",
            "/calendar?month=2024-05",
            "/workouts/12#laps",
            "/a%20b",
        ] {
            assert_eq!(
                LocalPath::parse(ok).map(|p| p.0),
                Some(ok.to_owned()),
                "{ok}"
            );
        }
    }

    #[test]
    fn anything_a_browser_could_read_as_another_host_is_refused() {
        for bad in [
            "",
            "calendar",
            "//evil.example",
            "/\\evil.example",
            "/%09/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%2f/evil.example",
            "/%5cevil.example",
            "/ /evil.example",
            "https://evil.example",
            "/a\\b",
        ] {
            assert_eq!(LocalPath::parse(bad), None, "{bad:?}");
        }
    }
}

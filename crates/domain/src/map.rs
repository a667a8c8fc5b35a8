//! Where map tiles come from: the operator's tile URL template, parsed once at start-up, with
//! the origins it reaches (which the Content-Security-Policy lets images load from, and
//! nothing else).
//!
//! ```
//! use domain::TileTemplate;
//!
//! let osm = TileTemplate::parse("https://tile.openstreetmap.org/{z}/{x}/{y}.png").unwrap();
//! assert_eq!(osm.origins(), ["https://tile.openstreetmap.org"]);
//! assert!(TileTemplate::parse("https://tiles.example.org/{z}/{x}.png").is_err());
//! ```

/// OpenStreetMap's standard tiles: the default. Their usage policy asks for the attribution
/// below and forbids heavy use (<https://operations.osmfoundation.org/policies/tiles/>).
pub const OSM_TILES: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/// The attribution OpenStreetMap's tiles must carry (HTML: Leaflet shows it as such).
pub const OSM_ATTRIBUTION: &str =
    "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors";

/// The deepest zoom OpenStreetMap's standard tiles offer.
pub const OSM_MAX_ZOOM: u8 = 19;

/// The subdomains `{s}` stands for (Leaflet's default).
const SUBDOMAINS: [&str; 3] = ["a", "b", "c"];

/// The longest template accepted.
const MAX_LEN: usize = 2048;

/// Why a tile URL template was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileTemplateError {
    /// It does not start with `http://` or `https://`.
    #[error("the map tile URL must start with https:// or http:// (or be `none`), got {0:?}")]
    Scheme(String),
    /// Nothing names a host after the scheme.
    #[error("the map tile URL has no host: {0:?}")]
    NoHost(String),
    /// The host holds a user name or password, or characters no host has.
    #[error("the map tile URL's host {0:?} is not a plain host name, address or port")]
    BadHost(String),
    /// A placeholder Leaflet needs is missing.
    #[error("the map tile URL lacks {0}: tiles are addressed by {{z}}/{{x}}/{{y}}")]
    Missing(&'static str),
    /// A `{name}` Leaflet could not fill in.
    #[error(
        "the map tile URL holds the placeholder {{{0}}}; only {{z}}, {{x}}, {{y}}, {{s}} (in the host) and {{r}} are filled in"
    )]
    UnknownPlaceholder(String),
    /// White space, quotes or other characters a URL does not hold as they are.
    #[error("the map tile URL holds {0:?}, which a URL cannot hold as it is (percent-encode it)")]
    BadCharacter(char),
    /// Longer than anyone needs.
    #[error("the map tile URL is longer than {MAX_LEN} characters")]
    TooLong,
}

/// A tile URL template as Leaflet takes it: `{z}`, `{x}` and `{y}` in the path, optionally
/// `{s}` (subdomains a, b, c) in the host and `{r}` (`@2x` on high-density screens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileTemplate {
    template: String,
    /// Where the host part ends (the first `/` after the scheme, or the end).
    host_end: usize,
    /// Where the host part starts.
    host_start: usize,
}

impl TileTemplate {
    /// Parses a template, refusing what would not work or would open the CSP wider than the
    /// tile server.
    pub fn parse(text: &str) -> Result<Self, TileTemplateError> {
        let text = text.trim();
        if text.len() > MAX_LEN {
            return Err(TileTemplateError::TooLong);
        }
        if let Some(c) = text.chars().find(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`' | '^' | '|')
        }) {
            return Err(TileTemplateError::BadCharacter(c));
        }
        let host_start = if text.starts_with("https://") {
            8
        } else if text.starts_with("http://") {
            7
        } else {
            return Err(TileTemplateError::Scheme(text.to_owned()));
        };
        let rest = &text[host_start..];
        let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..host_len];
        if host.is_empty() {
            return Err(TileTemplateError::NoHost(text.to_owned()));
        }
        let plain = host.replace("{s}", "a");
        if !plain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
            || plain.starts_with([':', '.', '-'])
        {
            return Err(TileTemplateError::BadHost(host.to_owned()));
        }
        let mut placeholders = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or(TileTemplateError::BadCharacter('{'))?;
            let name = &after[..close];
            let in_host = text.len() - rest.len() + open < host_start + host_len;
            match name {
                "s" if in_host => {}
                "z" | "x" | "y" | "r" if !in_host => {}
                _ => return Err(TileTemplateError::UnknownPlaceholder(name.to_owned())),
            }
            placeholders.push(name);
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err(TileTemplateError::BadCharacter('}'));
        }
        for (name, shown) in [("z", "{z}"), ("x", "{x}"), ("y", "{y}")] {
            if !placeholders.contains(&name) {
                return Err(TileTemplateError::Missing(shown));
            }
        }
        Ok(Self {
            template: text.to_owned(),
            host_start,
            host_end: host_start + host_len,
        })
    }

    /// The template as Leaflet takes it.
    pub fn as_str(&self) -> &str {
        &self.template
    }

    /// The origins tiles load from (`scheme://host[:port]`): one, or one per subdomain when
    /// the host holds `{s}`.
    pub fn origins(&self) -> Vec<String> {
        let origin = &self.template[..self.host_end];
        if self.template[self.host_start..self.host_end].contains("{s}") {
            SUBDOMAINS
                .iter()
                .map(|s| origin.replace("{s}", s))
                .collect()
        } else {
            vec![origin.to_owned()]
        }
    }
}

impl std::str::FromStr for TileTemplate {
    type Err = TileTemplateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// The map's tiles as the operator configured them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileLayer {
    /// Where tiles come from.
    pub template: TileTemplate,
    /// Who must be credited (HTML, shown in the map's corner).
    pub attribution: String,
    /// The deepest zoom the tile server offers.
    pub max_zoom: u8,
}

impl Default for TileLayer {
    /// OpenStreetMap's standard tiles with their attribution.
    fn default() -> Self {
        Self {
            template: TileTemplate::parse(OSM_TILES).expect("the OSM template parses"),
            attribution: OSM_ATTRIBUTION.to_owned(),
            max_zoom: OSM_MAX_ZOOM,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_give_their_origins() {
        let cases = [
            (OSM_TILES, vec!["https://tile.openstreetmap.org"]),
            (
                "http://127.0.0.1:8089/{z}/{x}/{y}.png",
                vec!["http://127.0.0.1:8089"],
            ),
            (
                "https://{s}.tile.example.org/{z}/{x}/{y}{r}.png?key=abc",
                vec![
                    "https://a.tile.example.org",
                    "https://b.tile.example.org",
                    "https://c.tile.example.org",
                ],
            ),
            ("http://[::1]:80/t/{z}/{y}/{x}", vec!["http://[::1]:80"]),
        ];
        for (text, origins) in cases {
            let template = TileTemplate::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(template.origins(), origins, "{text}");
            assert_eq!(template.as_str(), text);
        }
    }

    #[test]
    fn bad_templates_are_refused_saying_why() {
        let cases = [
            (
                "tile.openstreetmap.org/{z}/{x}/{y}.png",
                "must start with https://",
            ),
            (
                "ftp://tiles.example.org/{z}/{x}/{y}.png",
                "must start with https://",
            ),
            ("https:///{z}/{x}/{y}.png", "has no host"),
            ("https://tiles.example.org/{z}/{x}.png", "lacks {y}"),
            (
                "https://tiles.example.org/{z}/{x}/{y}/{id}.png",
                "placeholder {id}",
            ),
            (
                "https://{z}.example.org/{z}/{x}/{y}.png",
                "not a plain host",
            ),
            (
                "https://tiles.example.org/{s}/{z}/{x}/{y}.png",
                "placeholder {s}",
            ),
            ("https://evil.org; script-src */{z}/{x}/{y}", "holds ' '"),
            (
                "https://user:pw@tiles.example.org/{z}/{x}/{y}",
                "not a plain host",
            ),
            ("https://tiles.example.org/{z}/{x}/{y}\".png", "holds '\"'"),
            (
                "https://tiles.example.org/{z/{x}/{y}.png",
                "placeholder {z/{x}",
            ),
            ("https://tiles.example.org/{z}/{x}/{y.png", "holds '{'"),
        ];
        for (text, message) in cases {
            let error = TileTemplate::parse(text).expect_err(text).to_string();
            assert!(error.contains(message), "{text}: {error}");
        }
        let long = format!(
            "https://t.example.org/{{z}}/{{x}}/{{y}}?{}",
            "a".repeat(3000)
        );
        assert_eq!(TileTemplate::parse(&long), Err(TileTemplateError::TooLong));
    }
}

//! The front end built into the binary (see `build.rs`): each file with its gzip and brotli
//! copies, made when the site was built, so serving one costs a lookup and no compression.

use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, Response, StatusCode, header},
};

/// One file of the built site.
#[derive(Debug)]
pub struct EmbeddedFile {
    /// Its path in the site, `/`-separated, without a leading slash (`pkg/laps.1a2b.css`).
    pub path: &'static str,
    /// A tag of its content, for the `ETag`.
    pub tag: &'static str,
    /// Its bytes.
    pub body: &'static [u8],
    /// The gzip copy, when the site has one.
    pub gzip: Option<&'static [u8]>,
    /// The brotli copy, when the site has one.
    pub brotli: Option<&'static [u8]>,
}

/// Every embedded file, sorted by path; empty when the binary was built without the site.
pub static FILES: &[EmbeddedFile] = include!(concat!(env!("OUT_DIR"), "/site.rs"));

/// The embedded file at `path`, if there is one.
pub fn find(path: &str) -> Option<&'static EmbeddedFile> {
    FILES
        .binary_search_by(|file| file.path.cmp(path))
        .ok()
        .map(|index| &FILES[index])
}

/// The coding a response uses for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl EmbeddedFile {
    /// The answer to a GET (or HEAD) for this file: the best coding the client accepts, its
    /// type, an ETag per coding, and `304 Not Modified` when the client has this version.
    pub fn respond(&self, request: &HeaderMap, cache_control: &'static str) -> Response<Body> {
        let accepted = request
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        let (coding, body) = match (self.brotli, self.gzip) {
            (Some(body), _) if accepts(&accepted, "br") => (Coding::Brotli, body),
            (_, Some(body)) if accepts(&accepted, "gzip") => (Coding::Gzip, body),
            _ => (Coding::Identity, self.body),
        };
        let etag = match coding {
            Coding::Brotli => format!("\"{}-br\"", self.tag),
            Coding::Gzip => format!("\"{}-gz\"", self.tag),
            Coding::Identity => format!("\"{}\"", self.tag),
        };
        let fresh = request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|candidate| {
                let candidate = candidate.trim();
                candidate == "*" || candidate.trim_start_matches("W/") == etag
            });
        let mut response = Response::builder()
            .header(header::ETAG, &etag)
            .header(header::CACHE_CONTROL, cache_control)
            .header(header::VARY, "Accept-Encoding");
        if fresh {
            return response
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .expect("static headers");
        }
        response = response
            .header(header::CONTENT_TYPE, content_type(self.path))
            .header(header::CONTENT_LENGTH, body.len());
        match coding {
            Coding::Brotli => {
                response =
                    response.header(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            Coding::Gzip => {
                response =
                    response.header(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            Coding::Identity => {}
        }
        response.body(Body::from(body)).expect("static headers")
    }
}

/// Whether an `Accept-Encoding` list accepts `coding` (named, or by `*`), with a quality above
/// zero.
fn accepts(list: &str, coding: &str) -> bool {
    let mut named = None;
    let mut any = None;
    for entry in list.split(',') {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let quality = parts
            .filter_map(|parameter| parameter.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            named = Some(quality > 0.0);
        } else if name == "*" {
            any = Some(quality > 0.0);
        }
    }
    named.or(any).unwrap_or(false)
}

/// The media type of a site file, from its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, extension)| extension) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("webmanifest") => "application/manifest+json",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_is_read_with_its_qualities() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(!accepts("gzip;q=0", "gzip"));
        assert!(!accepts("identity", "gzip"));
        assert!(accepts("*", "br"));
        assert!(
            !accepts("br;q=0, *", "br"),
            "a coding named with q=0 is refused"
        );
        assert!(!accepts("", "gzip"));
    }

    #[test]
    fn a_hostile_accept_encoding_is_read_in_one_pass() {
        // 40 KB of codings refused and malformed weights, with brotli at the very end.
        let mut list = "x;q=zz, gzip;q=0, ".repeat(2_300);
        list.push_str("br");
        assert!(list.len() > 40_000);
        assert!(accepts(&list, "br"));
        assert!(!accepts(&list, "gzip"), "refused by its q=0");
        assert!(!accepts(&list, "zstd"));
    }

    #[test]
    fn site_files_get_their_media_types() {
        assert_eq!(content_type("pkg/laps.ab.wasm"), "application/wasm");
        assert_eq!(
            content_type("pkg/laps.ab.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("manifest.webmanifest"),
            "application/manifest+json"
        );
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn the_embedded_table_is_sorted_for_lookups() {
        assert!(FILES.windows(2).all(|pair| pair[0].path < pair[1].path));
        for file in FILES {
            assert!(std::ptr::eq(find(file.path).unwrap(), file));
        }
    }
}

//! The built front end: the WASM bundle, its JS glue, the stylesheet and public files.
//!
//! `scripts/build-site` names the bundle's files after their content hashes and lists the
//! hashes in `hash.txt`. Hashed files never change, so they are served with a one-year
//! `immutable` cache lifetime; everything else must be revalidated. Files come pre-compressed
//! (`.gz` and `.br` beside each), so no CPU is spent compressing them per request.
//!
//! A release build carries the site inside the binary ([`embedded`]); `--site-dir` serves a
//! folder instead, for development (`scripts/build-site --dev`, `cargo leptos watch`).

mod embedded;

use std::path::{Path, PathBuf};

use axum::{
    Router,
    extract::Path as UrlPath,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use tower::ServiceBuilder;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use super::AppState;

/// The name of the bundle (`laps.<hash>.js`, `laps.<hash>.wasm`, `laps.<hash>.css`).
pub const OUTPUT_NAME: &str = "laps";

/// The cache lifetime of public files (favicon, icons, robots.txt), which keep their names.
const PUBLIC_CACHE: &str = "public, max-age=86400";

/// Where the front end's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Built into the binary.
    Embedded,
    /// A site folder (holds `pkg/` and the public files).
    Dir(PathBuf),
}

/// Where the front end is and what its files are called.
#[derive(Debug, Clone)]
pub struct Assets {
    /// Where its files come from.
    pub source: Source,
    /// The bundle's content hash, when its names carry one.
    pub bundle: Option<String>,
    /// The stylesheet's URL.
    pub css_href: String,
    /// The map's files, when the site was built with them.
    pub map: Option<MapFiles>,
}

/// The map's files (Leaflet from npm, and Laps' own map script), named after their content
/// hashes by `scripts/build-site` and listed in `hash.txt` as `leaflet_js`, `leaflet_css` and
/// `map_js`. Loaded only by pages that show a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapFiles {
    /// Leaflet's script.
    pub leaflet_js: String,
    /// Leaflet's stylesheet.
    pub leaflet_css: String,
    /// The map script.
    pub glue_js: String,
}

impl Assets {
    /// The site folder when one is named (`--site-dir`), else the site built into the binary,
    /// else `./target/site` (a development build run from the repository).
    pub fn discover(site_dir: Option<&Path>) -> Self {
        let source = match site_dir {
            Some(dir) => Source::Dir(dir.to_owned()),
            None if !embedded::FILES.is_empty() => Source::Embedded,
            None => Source::Dir(PathBuf::from("target/site")),
        };
        let hashes = match &source {
            Source::Embedded => embedded::find("hash.txt")
                .map(|file| String::from_utf8_lossy(file.body).into_owned()),
            Source::Dir(dir) => std::fs::read_to_string(dir.join("hash.txt")).ok(),
        };
        match &source {
            Source::Embedded => tracing::info!(
                files = embedded::FILES.len(),
                "serving the front end built into the binary"
            ),
            Source::Dir(dir) if !dir.join("pkg").is_dir() => tracing::warn!(
                site_dir = %dir.display(),
                "no built front end found: pages will render but not hydrate; run scripts/build-site"
            ),
            Source::Dir(dir) => {
                tracing::info!(site_dir = %dir.display(), "serving the front end from a folder");
            }
        }
        Self::from_hashes(source, hashes.as_deref())
    }

    /// The file names `hash.txt` (if any) gives.
    fn from_hashes(source: Source, hashes: Option<&str>) -> Self {
        let hash = |kind: &str| {
            hashes?
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(k, _)| k.trim() == kind)
                .map(|(_, hash)| hash.trim().to_owned())
        };
        let map = match (hash("leaflet_js"), hash("leaflet_css"), hash("map_js")) {
            (Some(js), Some(css), Some(glue)) => Some(MapFiles {
                leaflet_js: format!("/pkg/leaflet.{js}.js"),
                leaflet_css: format!("/pkg/leaflet.{css}.css"),
                glue_js: format!("/pkg/map.{glue}.js"),
            }),
            _ => None,
        };
        let css_href = match hash("css") {
            Some(hash) => format!("/pkg/{OUTPUT_NAME}.{hash}.css"),
            None => format!("/pkg/{OUTPUT_NAME}.css"),
        };
        Self {
            source,
            bundle: hash("bundle"),
            css_href,
            map,
        }
    }

    /// Leptos' view of the same facts. The bundle's hash goes into the output name (Leptos
    /// then loads `laps.<hash>.js` and `laps.<hash>.wasm`) rather than through Leptos' own
    /// hash file, which it would read from beside the executable: an embedded site has none.
    pub fn leptos_options(&self) -> leptos::config::LeptosOptions {
        let output_name = match &self.bundle {
            Some(hash) => format!("{OUTPUT_NAME}.{hash}"),
            None => OUTPUT_NAME.to_owned(),
        };
        let mut options = leptos::config::LeptosOptions::builder()
            .output_name(output_name)
            .build();
        if let Source::Dir(dir) = &self.source {
            options.site_root = dir.to_string_lossy().into();
        }
        options.site_pkg_dir = "pkg".into();
        options
    }

    /// The cache lifetime of `/pkg/*`: a year when names carry hashes.
    fn pkg_cache(&self) -> &'static str {
        if self.bundle.is_some() {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }
    }
}

/// `/pkg/*` with cache headers, and the public files at the root.
pub fn routes(state: &AppState) -> Router<AppState> {
    let assets = &state.assets;
    match &assets.source {
        Source::Embedded => embedded_routes(assets.pkg_cache()),
        Source::Dir(dir) => dir_routes(dir, assets.pkg_cache()),
    }
}

/// The embedded site: `/pkg/*` from the table, and each public file its own route, so unknown
/// paths still reach the app's "not found" page.
fn embedded_routes(pkg_cache: &'static str) -> Router<AppState> {
    let pkg = move |UrlPath(path): UrlPath<String>, headers: HeaderMap| async move {
        match embedded::find(&format!("pkg/{path}")) {
            Some(file) => file.respond(&headers, pkg_cache),
            None => StatusCode::NOT_FOUND.into_response(),
        }
    };
    let mut router = Router::new().route("/pkg/{*path}", get(pkg));
    for file in embedded::FILES {
        if file.path.contains('/') || file.path == "hash.txt" {
            continue;
        }
        let public = move |headers: HeaderMap| async move {
            let response: Response = file.respond(&headers, PUBLIC_CACHE);
            response
        };
        router = router.route(&format!("/{}", file.path), get(public));
    }
    router
}

/// A site folder, read per request.
fn dir_routes(dir: &Path, pkg_cache: &'static str) -> Router<AppState> {
    let pkg = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ))
        .service(
            ServeDir::new(dir.join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        );
    let mut router = Router::new().nest_service("/pkg", pkg);
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if path.is_file()
                && name != "hash.txt"
                && !name.ends_with(".gz")
                && !name.ends_with(".br")
            {
                let file = ServiceBuilder::new()
                    .layer(SetResponseHeaderLayer::overriding(
                        header::CACHE_CONTROL,
                        HeaderValue::from_static(PUBLIC_CACHE),
                    ))
                    .service(
                        tower_http::services::ServeFile::new(&path)
                            .precompressed_br()
                            .precompressed_gzip(),
                    );
                router = router.route_service(&format!("/{name}"), file);
            }
        }
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_hash_names_the_files_leptos_loads() {
        let assets = Assets::from_hashes(
            Source::Dir("site".into()),
            Some("bundle: 0123abcd\ncss: 4567\n"),
        );
        assert_eq!(assets.css_href, "/pkg/laps.4567.css");
        let options = assets.leptos_options();
        assert_eq!(&*options.output_name, "laps.0123abcd");
        assert!(!options.hash_files, "Leptos reads no hash file of its own");
        assert_eq!(assets.pkg_cache(), "public, max-age=31536000, immutable");
    }

    #[test]
    fn an_unhashed_site_is_revalidated() {
        let assets = Assets::from_hashes(Source::Dir("site".into()), None);
        assert_eq!(assets.css_href, "/pkg/laps.css");
        assert_eq!(&*assets.leptos_options().output_name, "laps");
        assert_eq!(assets.pkg_cache(), "no-cache");
    }
}

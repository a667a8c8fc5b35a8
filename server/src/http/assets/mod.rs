//! The built front end: the WASM bundle, its JS glue, the stylesheet and public files.
//!
//! `scripts/build-site` (and `cargo leptos build`) name the bundle's files after their content
//! hashes and list the hashes in `hash.txt`. Hashed files never change, so they are served with
//! a one-year `immutable` cache lifetime; everything else must be revalidated. Files come
//! pre-compressed (`.gz` beside each), so no CPU is spent compressing per request.

use std::path::{Path, PathBuf};

use axum::{
    Router,
    http::{HeaderValue, header},
};
use tower::ServiceBuilder;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use super::AppState;

/// The name of the bundle (`laps.js`, `laps.wasm`, `laps.css`).
pub const OUTPUT_NAME: &str = "laps";

/// Where the front end is and what its files are called.
#[derive(Debug, Clone)]
pub struct Assets {
    /// The site folder (holds `pkg/` and the public files).
    pub site_dir: PathBuf,
    /// The hash file, if the bundle's names carry hashes.
    pub hash_file: Option<PathBuf>,
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
    /// Looks for the hash file in the site folder (scripts/build-site), then beside the
    /// executable (cargo-leptos).
    pub fn discover(site_dir: &Path) -> Self {
        let candidates = [
            Some(site_dir.join("hash.txt")),
            std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt"))),
        ];
        let hash_file = candidates.into_iter().flatten().find(|path| path.is_file());
        let hashes = hash_file
            .as_deref()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        let hash = |kind: &str| {
            hashes
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
        if !site_dir.join("pkg").is_dir() {
            tracing::warn!(
                site_dir = %site_dir.display(),
                "no built front end found: pages will render but not hydrate; run scripts/build-site"
            );
        }
        Self {
            site_dir: site_dir.to_owned(),
            hash_file: hash_file.map(|path| std::path::absolute(&path).unwrap_or(path)),
            css_href,
            map,
        }
    }

    /// Leptos' view of the same facts.
    pub fn leptos_options(&self) -> leptos::config::LeptosOptions {
        let mut options = leptos::config::LeptosOptions::builder()
            .output_name(OUTPUT_NAME)
            .build();
        options.site_root = self.site_dir.to_string_lossy().into();
        options.site_pkg_dir = "pkg".into();
        if let Some(hash_file) = &self.hash_file {
            options.hash_files = true;
            // An absolute path: Leptos joins it to the executable's folder, which keeps it as is.
            options.hash_file = hash_file.to_string_lossy().into();
        }
        options
    }
}

/// `/pkg/*` with cache headers, and the public files at the root.
pub fn routes(state: &AppState) -> Router<AppState> {
    let assets = &state.assets;
    let pkg_cache = if assets.hash_file.is_some() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let pkg = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ))
        .service(ServeDir::new(assets.site_dir.join("pkg")).precompressed_gzip());
    let mut router = Router::new().nest_service("/pkg", pkg);
    // Public files (favicon, robots.txt): each one its own route, so unknown paths still reach
    // the app's "not found" page.
    if let Ok(entries) = std::fs::read_dir(&assets.site_dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if path.is_file() && name != "hash.txt" && !name.ends_with(".gz") {
                let file = ServiceBuilder::new()
                    .layer(SetResponseHeaderLayer::overriding(
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=86400"),
                    ))
                    .service(tower_http::services::ServeFile::new(&path).precompressed_gzip());
                router = router.route_service(&format!("/{name}"), file);
            }
        }
    }
    router
}

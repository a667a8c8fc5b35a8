//! Response compression for what the server makes per request: pages, JSON, chart pictures,
//! exports (TCX, GPX, CSV, FIT). Brotli, zstd or gzip, whichever the client prefers (zstd among
//! equals).
//!
//! The built front end's files are compressed ahead of time and carry `Content-Encoding`
//! already, which this layer leaves alone. Quality 4 for every coding: at the default (11 for
//! brotli) a large page costs more CPU to compress than to render, and 4 keeps most of the gain.
//! Pages can be compressed safely because the one secret they carry, the anti-forgery token, is
//! masked afresh in each response (see `csrf`).

use tower_http::compression::{
    CompressionLayer, CompressionLevel,
    predicate::{DefaultPredicate, NotForContentType, Predicate},
};

/// The compression layer: text and FIT bodies over 32 bytes; not images (but SVG), not zips
/// and gzipped files, which are compressed already, and not event streams.
pub fn layer() -> CompressionLayer<impl Predicate> {
    let predicate = DefaultPredicate::new()
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/gzip"));
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(4))
        .compress_when(predicate)
}

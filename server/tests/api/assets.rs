//! The built front end: hashed files cached for a year and sent pre-compressed.

use std::fs;

use db::Backend;
use laps::config::Settings;
use reqwest::{StatusCode, header};

use crate::helpers::{settings, spawn_app_with};

#[test]
fn hashed_bundle_files_are_immutable_and_gzipped() {
    db::testing::block_on(async {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("pkg")).unwrap();
        fs::write(site.path().join("hash.txt"), "bundle: aaaa\ncss: cccc\n").unwrap();
        fs::write(site.path().join("pkg/laps.cccc.css"), "body { color: red }").unwrap();
        fs::write(
            site.path().join("pkg/laps.cccc.css.gz"),
            gzip(b"body { color: red }"),
        )
        .unwrap();
        fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
        let app = spawn_app_with(
            Backend::Sqlite,
            Settings {
                site_dir: Some(site.path().to_owned()),
                ..settings()
            },
        )
        .await;

        let css = app
            .client
            .get(app.url("/pkg/laps.cccc.css"))
            .header(header::ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(css.status(), StatusCode::OK);
        assert_eq!(
            css.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(css.headers()[header::CONTENT_ENCODING], "gzip");

        let page = app.get_page("/signin").await.text().await.unwrap();
        assert!(
            page.contains("href=\"/pkg/laps.cccc.css\""),
            "pages link the hashed stylesheet"
        );
        assert!(
            page.contains("/pkg/laps.aaaa.js"),
            "pages load the hashed bundle"
        );

        let icon = app
            .client
            .get(app.url("/favicon.svg"))
            .send()
            .await
            .unwrap();
        assert_eq!(icon.status(), StatusCode::OK);
        assert_eq!(
            icon.headers()[header::CACHE_CONTROL],
            "public, max-age=86400"
        );
    });
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    fs::write(&path, bytes).unwrap();
    let status = std::process::Command::new("gzip")
        .arg("-9")
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    fs::read(dir.path().join("f.gz")).unwrap()
}

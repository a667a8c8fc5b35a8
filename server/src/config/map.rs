//! The map settings: where tiles come from (`--map-tiles`), whom they credit
//! (`--map-attribution`) and how deep they zoom (`--map-max-zoom`).

use std::str::FromStr;

use domain::{
    OSM_ATTRIBUTION, OSM_MAX_ZOOM, OSM_TILES, TileLayer, TileTemplate, TileTemplateError,
};
use serde::Deserialize;

/// `--map-tiles`: a tile URL template, or `none` (no tiles: routes are drawn as SVG only, and
/// no map library is loaded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapTiles {
    /// No map tiles.
    None,
    /// Tiles from this template.
    Template(TileTemplate),
}

impl FromStr for MapTiles {
    type Err = TileTemplateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("none") {
            Ok(Self::None)
        } else {
            TileTemplate::parse(s).map(Self::Template)
        }
    }
}

impl<'de> Deserialize<'de> for MapTiles {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The deepest zoom level of the tile server: 0 to 24.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxZoom(u8);

/// Deeper than any tile server goes.
const DEEPEST: u8 = 24;

impl MaxZoom {
    fn new(zoom: i64) -> Result<Self, String> {
        u8::try_from(zoom)
            .ok()
            .filter(|z| *z <= DEEPEST)
            .map(Self)
            .ok_or_else(|| format!("the map's max zoom must be from 0 to {DEEPEST}, got {zoom}"))
    }
}

impl FromStr for MaxZoom {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let zoom = s.trim().parse::<i64>().map_err(|_| {
            format!("the map's max zoom must be a whole number from 0 to {DEEPEST}, got {s:?}")
        })?;
        Self::new(zoom)
    }
}

impl<'de> Deserialize<'de> for MaxZoom {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(i64::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// The tile layer the settings give: OpenStreetMap's standard tiles, credited as their usage
/// policy asks, unless told otherwise; `None` for `none`. Another tile server gets no
/// attribution unless one is given (its terms say which).
pub fn tile_layer(
    tiles: Option<MapTiles>,
    attribution: Option<String>,
    max_zoom: Option<MaxZoom>,
) -> Option<TileLayer> {
    let template = match tiles {
        Some(MapTiles::None) => return None,
        Some(MapTiles::Template(template)) => template,
        None => TileTemplate::parse(OSM_TILES).expect("the OSM template parses"),
    };
    let osm = template.as_str() == OSM_TILES;
    Some(TileLayer {
        attribution: attribution.unwrap_or_else(|| {
            if osm {
                OSM_ATTRIBUTION.to_owned()
            } else {
                String::new()
            }
        }),
        max_zoom: max_zoom.map_or(if osm { OSM_MAX_ZOOM } else { 18 }, |z| z.0),
        template,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_openstreetmap_credited() {
        let layer = tile_layer(None, None, None).unwrap();
        assert_eq!(layer.template.as_str(), OSM_TILES);
        assert!(layer.attribution.contains("OpenStreetMap</a> contributors"));
        assert_eq!(layer.max_zoom, 19);
        assert_eq!(layer.template.origins(), ["https://tile.openstreetmap.org"]);
    }

    #[test]
    fn none_turns_the_map_off() {
        for text in ["none", "None", " NONE "] {
            assert_eq!(text.parse::<MapTiles>().unwrap(), MapTiles::None, "{text}");
        }
        assert_eq!(
            tile_layer(Some(MapTiles::None), Some("x".into()), None),
            None
        );
    }

    #[test]
    fn a_template_takes_its_own_attribution_and_zoom() {
        let tiles: MapTiles = "http://127.0.0.1:8089/{z}/{x}/{y}.png".parse().unwrap();
        let layer = tile_layer(
            Some(tiles),
            Some("Tiles: my server".into()),
            Some("16".parse().unwrap()),
        )
        .unwrap();
        assert_eq!(layer.template.origins(), ["http://127.0.0.1:8089"]);
        assert_eq!(
            (layer.attribution.as_str(), layer.max_zoom),
            ("Tiles: my server", 16)
        );
        let bare: MapTiles = "https://tiles.example.org/{z}/{x}/{y}.png".parse().unwrap();
        let layer = tile_layer(Some(bare), None, None).unwrap();
        assert_eq!((layer.attribution.as_str(), layer.max_zoom), ("", 18));
    }

    #[test]
    fn bad_values_are_refused_saying_why() {
        let error = "tiles.example.org/{z}/{x}/{y}.png"
            .parse::<MapTiles>()
            .unwrap_err();
        assert!(
            error.to_string().contains("must start with https://"),
            "{error}"
        );
        let error = "https://tiles.example.org/{z}/{x}.png"
            .parse::<MapTiles>()
            .unwrap_err();
        assert!(error.to_string().contains("lacks {y}"), "{error}");
        assert!(
            "25".parse::<MaxZoom>()
                .unwrap_err()
                .contains("from 0 to 24, got 25")
        );
        assert!(
            "deep"
                .parse::<MaxZoom>()
                .unwrap_err()
                .contains("got \"deep\"")
        );
        assert!("-1".parse::<MaxZoom>().is_err());
    }
}

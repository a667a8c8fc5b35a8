//! What kind of archive a zip (or an unpacked folder) is, told from the names of its entries
//! alone: the layout, never the archive's own file name (people rename downloads, and services
//! rename their exports between versions).

use crate::Service;

/// What an archive is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A service's account export.
    Service(Service),
    /// Laps' own "Export everything" zip: a restore.
    Laps,
    /// Anything else: the workout files inside are imported one by one.
    Loose,
}

/// An archive's kind, and the folder its layout starts in (`""` for the top; a folder when the
/// export was unpacked and zipped again inside a folder of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The kind.
    pub kind: Kind,
    /// The prefix (ending in `/`, or empty) before the layout's own paths.
    pub root: String,
}

/// Recognises an archive from its entry names (paths with `/`, as in a zip; folders may or may
/// not be listed).
///
/// The signs, checked from the most specific: Garmin puts everything under `DI_CONNECT/`;
/// Google Takeout under `Takeout/Fit/` (the product name is not translated, the folders below
/// it are); Apple Health writes `export.xml` beside `export_cda.xml` or inside
/// `apple_health_export/`; Strava an `activities.csv` beside `profile.csv` or an `activities/`
/// folder; Polar Flow `training-session-*.json` and `account-*.json` files; Laps an
/// `index.json` beside `fit/` and `originals/` folders (or alone, for an account without
/// workouts).
pub fn recognise<'a>(names: impl IntoIterator<Item = &'a str>) -> Layout {
    let names: Vec<&str> = names
        .into_iter()
        .map(|n| n.trim_start_matches("./"))
        .collect();
    for name in &names {
        // Each sign names the prefix it was found under, so a wrapped export is found too.
        if let Some(root) = prefix_before(name, "DI_CONNECT/") {
            return layout(Kind::Service(Service::Garmin), root);
        }
        if let Some(root) = prefix_before(name, "Takeout/Fit/") {
            return layout(Kind::Service(Service::GoogleFit), root);
        }
    }
    if let Some(root) = find_file(&names, "apple_health_export/export.xml")
        .or_else(|| sibling_of(&names, "export.xml", "export_cda.xml"))
    {
        return layout(Kind::Service(Service::AppleHealth), root);
    }
    if let Some(root) = sibling_of(&names, "activities.csv", "profile.csv")
        .or_else(|| sibling_folder(&names, "activities.csv", "activities/"))
    {
        return layout(Kind::Service(Service::Strava), root);
    }
    if let Some(root) = names.iter().find_map(|n| {
        let (dir, file) = split(n);
        let polar = file.starts_with("training-session-") && file.ends_with(".json");
        polar.then_some(dir)
    }) {
        return layout(Kind::Service(Service::PolarFlow), root);
    }
    if let Some(root) = sibling_folder(&names, "index.json", "fit/").filter(|root| {
        names
            .iter()
            .any(|n| n.starts_with(&format!("{root}originals/")))
    }) {
        return layout(Kind::Laps, root);
    }
    // The export of an account without workouts: its index alone (nothing else could be
    // imported from such an archive).
    if let [only] = names.as_slice()
        && let (root, "index.json") = split(only)
    {
        return layout(Kind::Laps, root);
    }
    layout(Kind::Loose, "")
}

fn layout(kind: Kind, root: &str) -> Layout {
    Layout {
        kind,
        root: root.to_owned(),
    }
}

/// `dir/` (with its slash, or empty) and the file name of a path.
fn split(name: &str) -> (&str, &str) {
    match name.rfind('/') {
        Some(i) => (&name[..=i], &name[i + 1..]),
        None => ("", name),
    }
}

/// The part of `name` before `marker` when the marker starts the path or follows a `/`.
fn prefix_before<'a>(name: &'a str, marker: &str) -> Option<&'a str> {
    let at = name.find(marker)?;
    (at == 0 || name[..at].ends_with('/')).then(|| &name[..at])
}

/// The prefix under which `path` (a file) is listed.
fn find_file<'a>(names: &[&'a str], path: &str) -> Option<&'a str> {
    names.iter().find_map(|n| {
        let root = n.strip_suffix(path)?;
        (root.is_empty() || root.ends_with('/')).then_some(root)
    })
}

/// The folder holding both `file` and `other` (a file).
fn sibling_of<'a>(names: &[&'a str], file: &str, other: &str) -> Option<&'a str> {
    names.iter().find_map(|n| {
        let (dir, name) = split(n);
        (name == file && names.contains(&format!("{dir}{other}").as_str())).then_some(dir)
    })
}

/// The folder holding `file` and a folder `folder` (ending in `/`) with something in it.
fn sibling_folder<'a>(names: &[&'a str], file: &str, folder: &str) -> Option<&'a str> {
    names.iter().find_map(|n| {
        let (dir, name) = split(n);
        let inside = format!("{dir}{folder}");
        (name == file
            && names
                .iter()
                .any(|m| m.starts_with(&inside) && m.len() > inside.len()))
        .then_some(dir)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_and_root(names: &[&str]) -> (Kind, String) {
        let found = recognise(names.iter().copied());
        (found.kind, found.root)
    }

    #[test]
    fn each_service_is_told_by_its_layout_wherever_it_was_unpacked() {
        let cases: &[(&str, &[&str], Kind, &str)] = &[
            (
                "Strava, top level",
                &["activities.csv", "profile.csv", "activities/1.fit.gz"],
                Kind::Service(Service::Strava),
                "",
            ),
            (
                "Strava inside a folder, no profile",
                &[
                    "export_123/activities.csv",
                    "export_123/activities/1.fit.gz",
                ],
                Kind::Service(Service::Strava),
                "export_123/",
            ),
            (
                "Garmin",
                &["DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"],
                Kind::Service(Service::Garmin),
                "",
            ),
            (
                "Google Takeout with a localized activities folder",
                &["Takeout/Fit/Activiteiten/2020-01-01T10_00_00+01_00_PT1H_Hardlopen.tcx"],
                Kind::Service(Service::GoogleFit),
                "",
            ),
            (
                "Apple Health",
                &[
                    "apple_health_export/export.xml",
                    "apple_health_export/workout-routes/r.gpx",
                ],
                Kind::Service(Service::AppleHealth),
                "",
            ),
            (
                "Apple Health unpacked",
                &["health/export.xml", "health/export_cda.xml"],
                Kind::Service(Service::AppleHealth),
                "health/",
            ),
            (
                "Polar Flow",
                &["polar-user-data-export/training-session-2017-01-23-1.json"],
                Kind::Service(Service::PolarFlow),
                "polar-user-data-export/",
            ),
            (
                "Laps",
                &["index.json", "fit/run_1.fit", "originals/1_run.fit.gz"],
                Kind::Laps,
                "",
            ),
            (
                "Laps, an account without workouts, unpacked",
                &["laps-export/index.json"],
                Kind::Laps,
                "laps-export/",
            ),
        ];
        for (what, names, kind, root) in cases {
            assert_eq!(
                kind_and_root(names),
                (kind.clone(), (*root).to_owned()),
                "{what}"
            );
        }
    }

    #[test]
    fn names_that_only_look_alike_stay_loose() {
        let cases: &[(&str, &[&str])] = &[
            ("a lone CSV", &["activities.csv"]),
            (
                "a folder named like Garmin's inside a name",
                &["MY_DI_CONNECT/x.fit"],
            ),
            ("an export.xml alone", &["export.xml"]),
            (
                "an index.json without the folders",
                &["index.json", "run.fit"],
            ),
            ("plain files", &["a.fit", "b.tcx", "c.gpx"]),
            ("nothing", &[]),
        ];
        for (what, names) in cases {
            assert_eq!(kind_and_root(names).0, Kind::Loose, "{what}");
        }
    }
}

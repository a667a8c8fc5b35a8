//! Which field of an `activities.csv` row holds what: resolved once from the header, by
//! position and meaning rather than by exact English text.
//!
//! Strava's exports have 94, 99 or 101 columns. The 94-column layout is known from the corpus
//! sample; the newer ones are taken to add their columns after those read here (near `Media`,
//! the last), so the columns read here sit at the same positions in all three (the positions
//! below, counted from 1 in messages and from 0 in the code). Where that assumption fails, the
//! name search below still finds them. Several names come twice with different
//! meanings (`Distance` in km, then in m), and the names are translated in localized exports.
//! So each column is resolved by:
//! 1. its known position, if the header there is one of the column's accepted names (any
//!    language);
//! 2. else the first (or, for the second of a duplicated name, the second) header with one of
//!    the accepted names, wherever it is;
//! 3. else, for a column a workout cannot do without, an error naming the column.
//!
//! Accepted names, compared in lower case without accents. The English ones are checked
//! against a real export (the corpus sample) and the German ones against the headers German
//! athletes published when other importers failed on them (94 columns; e.g. issues 191 and 393
//! of martin-ueding/geo-activity-playground); the other translations are our best reading of
//! Strava's localized labels. The position
//! and the name check together make that safe: a translation we lack leaves its column unread
//! (an error naming it when the column is required), never read from the wrong field; adding
//! the name here is the fix.
//!
//! | column | pos. | English | German | French | Spanish | Dutch |
//! |---|---|---|---|---|---|---|
//! | id | 1 | Activity ID | Aktivitäts-ID | ID de l'activité | ID de la actividad | Activiteits-ID |
//! | date | 2 | Activity Date | Aktivitätsdatum | Date de l'activité | Fecha de la actividad | Activiteitsdatum |
//! | name | 3 | Activity Name | Name der Aktivität | Nom de l'activité | Nombre de la actividad | Naam activiteit |
//! | type | 4 | Activity Type | Aktivitätsart | Type d'activité | Tipo de actividad | Activiteitstype |
//! | description | 5 | Activity Description | Aktivitätsbeschreibung | Description de l'activité | Descripción de la actividad | Beschrijving activiteit |
//! | elapsed (s) | 6 | Elapsed Time | Verstrichene Zeit | Temps écoulé | Tiempo transcurrido | Verstreken tijd |
//! | distance (km) | 7 | Distance | Distanz | Distance | Distancia | Afstand |
//! | commute | 10 | Commute | Pendeln | Trajet domicile-travail | Desplazamiento | Woon-werkverkeer |
//! | private note | 11 | Activity Private Note | Hinweis zur Privatsphäre für Aktivitäten | Note privée de l'activité | Nota privada de la actividad | Privénotitie activiteit |
//! | gear | 12 | Activity Gear | Aktivitätsausrüstung | Équipement de l'activité | Equipo de la actividad | Uitrusting activiteit |
//! | file | 13 | Filename | Dateiname | Nom du fichier | Nombre del archivo | Bestandsnaam |
//! | moving (s) | 17 | Moving Time | Bewegungszeit | Temps de déplacement | Tiempo en movimiento | Beweegtijd |
//! | distance (m) | 18 | Distance (2nd) | Distanz (2.) | Distance (2e) | Distancia (2.ª) | Afstand (2e) |
//! | ascent (m) | 21 | Elevation Gain | Höhenzunahme | Dénivelé positif | Desnivel positivo | Hoogtewinst |
//! | max HR | 31 | Max Heart Rate (2nd) | Max. Herzfrequenz (2.) | Fréquence cardiaque max. | Frecuencia cardiaca máxima | Maximale hartslag |
//! | avg HR | 32 | Average Heart Rate | Durchschnittliche Herzfrequenz | Fréquence cardiaque moyenne | Frecuencia cardiaca media | Gemiddelde hartslag |
//! | calories | 35 | Calories | Kalorien | Calories | Calorías | Calorieën |
//!
//! (A few variants of each are accepted too: see [`SPECS`].)

use super::date::fold;

/// A column read from `activities.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    ActivityId,
    Date,
    Name,
    Type,
    Description,
    ElapsedTime,
    DistanceKm,
    Commute,
    PrivateNote,
    Gear,
    Filename,
    MovingTime,
    DistanceM,
    ElevationGain,
    MaxHeartRate,
    AverageHeartRate,
    Calories,
}

/// How to find a column.
struct Spec {
    column: Column,
    /// Its English name, for messages.
    label: &'static str,
    /// Its position (from 0) in the 94-, 99- and 101-column layouts.
    position: usize,
    /// Which of the headers with an accepted name it is when not at its position (0: the
    /// first; 1: the second of a duplicated name).
    occurrence: usize,
    /// Whether a workout cannot be read without it.
    required: bool,
    /// Accepted header names, folded (lower case, no accents).
    names: &'static [&'static str],
}

const DISTANCE: &[&str] = &["distance", "distanz", "strecke", "distancia", "afstand"];
const MAX_HR: &[&str] = &[
    "max heart rate",
    "maximale herzfrequenz",
    "max. herzfrequenz",
    "frequence cardiaque max.",
    "frequence cardiaque max",
    "frequence cardiaque maximale",
    "frecuencia cardiaca maxima",
    "maximale hartslag",
    "max. hartslag",
];

/// The columns read, where they are, and their names.
const SPECS: &[Spec] = &[
    Spec {
        column: Column::ActivityId,
        label: "Activity ID",
        position: 0,
        occurrence: 0,
        required: true,
        names: &[
            "activity id",
            "aktivitats-id",
            "id de l'activite",
            "id de la actividad",
            "id de actividad",
            "activiteits-id",
            "activiteit-id",
        ],
    },
    Spec {
        column: Column::Date,
        label: "Activity Date",
        position: 1,
        occurrence: 0,
        required: true,
        names: &[
            "activity date",
            "aktivitatsdatum",
            "datum der aktivitat",
            "date de l'activite",
            "fecha de la actividad",
            "fecha de actividad",
            "activiteitsdatum",
            "datum activiteit",
        ],
    },
    Spec {
        column: Column::Name,
        label: "Activity Name",
        position: 2,
        occurrence: 0,
        required: false,
        names: &[
            "activity name",
            "name der aktivitat",
            "aktivitatsname",
            "nom de l'activite",
            "nombre de la actividad",
            "nombre de actividad",
            "naam activiteit",
            "activiteitsnaam",
        ],
    },
    Spec {
        column: Column::Type,
        label: "Activity Type",
        position: 3,
        occurrence: 0,
        required: false,
        names: &[
            "activity type",
            "aktivitatsart",
            "aktivitatstyp",
            "type d'activite",
            "tipo de actividad",
            "activiteitstype",
            "type activiteit",
        ],
    },
    Spec {
        column: Column::Description,
        label: "Activity Description",
        position: 4,
        occurrence: 0,
        required: false,
        names: &[
            "activity description",
            "beschreibung der aktivitat",
            "aktivitatsbeschreibung",
            "description de l'activite",
            "descripcion de la actividad",
            "descripcion de actividad",
            "beschrijving activiteit",
            "activiteitsbeschrijving",
        ],
    },
    Spec {
        column: Column::ElapsedTime,
        label: "Elapsed Time",
        position: 5,
        occurrence: 0,
        required: false,
        names: &[
            "elapsed time",
            "verstrichene zeit",
            "gesamtzeit",
            "temps ecoule",
            "tiempo transcurrido",
            "verstreken tijd",
        ],
    },
    Spec {
        column: Column::DistanceKm,
        label: "Distance",
        position: 6,
        occurrence: 0,
        required: false,
        names: DISTANCE,
    },
    Spec {
        column: Column::Commute,
        label: "Commute",
        position: 9,
        occurrence: 0,
        required: false,
        names: &[
            "commute",
            "pendeln",
            "pendelfahrt",
            "trajet domicile-travail",
            "trajet",
            "desplazamiento",
            "woon-werkverkeer",
        ],
    },
    Spec {
        column: Column::PrivateNote,
        label: "Activity Private Note",
        position: 10,
        occurrence: 0,
        required: false,
        names: &[
            "activity private note",
            "hinweis zur privatsphare fur aktivitaten",
            "private notiz zur aktivitat",
            "private aktivitatsnotiz",
            "note privee de l'activite",
            "nota privada de la actividad",
            "privenotitie activiteit",
            "prive-notitie activiteit",
        ],
    },
    Spec {
        column: Column::Gear,
        label: "Activity Gear",
        position: 11,
        occurrence: 0,
        required: false,
        names: &[
            "activity gear",
            "aktivitatsausrustung",
            "ausrustung der aktivitat",
            "equipement de l'activite",
            "equipo de la actividad",
            "uitrusting activiteit",
            "activiteitsuitrusting",
        ],
    },
    Spec {
        column: Column::Filename,
        label: "Filename",
        position: 12,
        occurrence: 0,
        required: true,
        names: &[
            "filename",
            "file name",
            "dateiname",
            "nom du fichier",
            "nom de fichier",
            "nombre del archivo",
            "nombre de archivo",
            "bestandsnaam",
        ],
    },
    Spec {
        column: Column::MovingTime,
        label: "Moving Time",
        position: 16,
        occurrence: 0,
        required: false,
        names: &[
            "moving time",
            "bewegungszeit",
            "temps de deplacement",
            "tiempo en movimiento",
            "beweegtijd",
        ],
    },
    Spec {
        column: Column::DistanceM,
        label: "Distance (the second, in m)",
        position: 17,
        occurrence: 1,
        required: false,
        names: DISTANCE,
    },
    Spec {
        column: Column::ElevationGain,
        label: "Elevation Gain",
        position: 20,
        occurrence: 0,
        required: false,
        names: &[
            "elevation gain",
            "hohenzunahme",
            "hohenmeter",
            "anstieg",
            "denivele positif",
            "gain d'altitude",
            "desnivel positivo",
            "ganancia de elevacion",
            "hoogtewinst",
        ],
    },
    Spec {
        column: Column::MaxHeartRate,
        label: "Max Heart Rate (the second)",
        position: 30,
        occurrence: 1,
        required: false,
        names: MAX_HR,
    },
    Spec {
        column: Column::AverageHeartRate,
        label: "Average Heart Rate",
        position: 31,
        occurrence: 0,
        required: false,
        names: &[
            "average heart rate",
            "durchschnittliche herzfrequenz",
            "o herzfrequenz",
            "frequence cardiaque moyenne",
            "frecuencia cardiaca media",
            "frecuencia cardiaca promedio",
            "gemiddelde hartslag",
        ],
    },
    Spec {
        column: Column::Calories,
        label: "Calories",
        position: 34,
        occurrence: 0,
        required: false,
        names: &["calories", "kalorien", "calorias", "calorieen"],
    },
];

/// Where each column is in one file's rows.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    index: Vec<(Column, &'static str, usize)>,
}

impl Columns {
    /// Resolves the columns from the header; `Err` names the first required column found
    /// neither at its position nor by name.
    pub(crate) fn resolve(header: &[String]) -> Result<Self, String> {
        let folded: Vec<String> = header.iter().map(|h| normalize(h)).collect();
        let mut index = Vec::with_capacity(SPECS.len());
        for spec in SPECS {
            let accepted = |i: &usize| spec.names.contains(&folded[*i].as_str());
            let at_position = Some(spec.position)
                .filter(|p| *p < folded.len())
                .filter(accepted);
            let found =
                at_position.or_else(|| (0..folded.len()).filter(accepted).nth(spec.occurrence));
            match found {
                Some(i) => index.push((spec.column, spec.label, i)),
                None if spec.required => {
                    let there = header
                        .get(spec.position)
                        .map_or("nothing (the header is shorter)".to_owned(), |h| {
                            format!("`{h}`")
                        });
                    return Err(format!(
                        "the header has no column `{}`: expected at position {} (the header there is {there}) or by one of its names ({})",
                        spec.label,
                        spec.position + 1,
                        spec.names.join(", "),
                    ));
                }
                None => {}
            }
        }
        Ok(Self { index })
    }

    /// The column's position (from 0) and English name, if the header has it.
    pub(crate) fn find(&self, column: Column) -> Option<(usize, &'static str)> {
        self.index
            .iter()
            .find(|(c, ..)| *c == column)
            .map(|(_, label, i)| (*i, *label))
    }
}

/// A header name as compared: folded, spaces trimmed and collapsed.
fn normalize(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn a_renamed_or_moved_column_is_found_by_its_name() {
        let h = header(&["Dateiname", "x", "Aktivitäts-ID", "Aktivitätsdatum"]);
        let c = Columns::resolve(&h).unwrap();
        assert_eq!(c.find(Column::Filename).map(|f| f.0), Some(0));
        assert_eq!(c.find(Column::ActivityId).map(|f| f.0), Some(2));
        assert_eq!(c.find(Column::Date).map(|f| f.0), Some(3));
        assert_eq!(c.find(Column::Calories), None);
    }

    #[test]
    fn the_second_of_a_duplicated_name_is_found_by_its_occurrence() {
        let h = header(&[
            "Activity ID",
            "Activity Date",
            "Distance",
            "Filename",
            "Distance",
        ]);
        let c = Columns::resolve(&h).unwrap();
        assert_eq!(c.find(Column::DistanceKm).map(|f| f.0), Some(2));
        assert_eq!(c.find(Column::DistanceM).map(|f| f.0), Some(4));
    }

    #[test]
    fn a_missing_required_column_is_named_in_the_error() {
        let h = header(&["Activity ID", "Activity Date", "Name"]);
        let e = Columns::resolve(&h).unwrap_err();
        assert!(e.contains("`Filename`"), "{e}");
        assert!(e.contains("position 13"), "{e}");
    }
}

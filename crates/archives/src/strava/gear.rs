//! `bikes.csv` and `shoes.csv`: the athlete's gear, so the caller can create what the
//! `Activity Gear` column names.

use crate::ArchiveError;
use crate::csv::Records;

/// What kind of gear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GearKind {
    /// A bike (`bikes.csv`).
    Bike,
    /// A pair of shoes (`shoes.csv`).
    Shoes,
}

impl GearKind {
    /// The archive's file that lists this kind.
    pub fn entry(self) -> &'static str {
        match self {
            Self::Bike => "bikes.csv",
            Self::Shoes => "shoes.csv",
        }
    }
}

/// One piece of gear as the export lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gear {
    /// Its name: what `Activity Gear` says of the workouts that used it.
    pub name: String,
    /// Bike or shoes.
    pub kind: GearKind,
    /// The brand, when given.
    pub brand: Option<String>,
    /// The model, when given.
    pub model: Option<String>,
}

/// Reads `bikes.csv` or `shoes.csv` (`kind` says which): name, brand and model are the first
/// three columns in every export, whatever the language of the header, so they are read by
/// position. Rows without a name are skipped (there is nothing to create).
pub fn read_gear(kind: GearKind, bytes: &[u8]) -> Result<Vec<Gear>, ArchiveError> {
    let entry = kind.entry();
    let mut records = Records::new(bytes);
    match records.next() {
        None => return Ok(Vec::new()),
        Some(Err(e)) => return Err(ArchiveError::new(entry, e)),
        Some(Ok(_header)) => {}
    }
    let mut gear = Vec::new();
    for record in records {
        let record = record.map_err(|e| ArchiveError::new(entry, e))?;
        let field = |i: usize| {
            record
                .fields
                .get(i)
                .map(|f| f.trim())
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
        };
        if let Some(name) = field(0) {
            gear.push(Gear {
                name,
                kind,
                brand: field(1),
                model: field(2),
            });
        }
    }
    Ok(gear)
}

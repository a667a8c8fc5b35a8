//! The training analysis against real workouts and independent references: the shared corpus
//! (`LAPS_CORPUS`, default `../shared/corpus` beside the repository), the labels its files
//! carry, the Python package `sweat` (`LAPS_SWEAT_PYTHON`, which `scripts/test` sets up), and
//! plain O(n²) and day-by-day references written out here.

mod corpus;
mod curves;
mod efforts;
mod load;
mod pyfitness;
mod sweat;
mod whole_corpus;

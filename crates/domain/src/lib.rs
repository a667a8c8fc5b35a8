//! Pure domain types shared by the Laps server and its WebAssembly frontend.
//!
//! Everything here is parsed, not validated: a value of one of these types is known to be
//! well-formed, so code that receives one never checks it again. The types have no I/O and no
//! heavy dependencies, so the same rules run in the browser (instant form feedback) and on the
//! server (the rules that count).
//!
//! ```
//! use domain::{Password, Username};
//!
//! let name = Username::parse("  Ada.Lovelace ").unwrap();
//! assert_eq!(name.as_str(), "Ada.Lovelace");
//! assert_eq!(name.key(), "ada.lovelace");
//! assert!(Password::parse("too short".to_owned()).is_err());
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod account;
mod activity;
mod bests;
mod calendar;
pub mod date;
pub mod display;
mod gear;
mod hex;
mod language;
mod map;
mod partner;
mod path;
mod preferences;
mod route;
mod sport;
mod stats;
mod time;
mod upload;
mod workout;
mod zone_move;

pub use account::{AccountSummary, Password, User, UserId, Username, ValidationError};
pub use activity::{ActivityHour, check_day};
pub use bests::{
    Curve, CurvePoint, EffortKind, Fitness, FitnessDay, LoadBasis, Record, Records, WorkoutLoad,
};
pub use calendar::AroundMonth;
pub use date::Date;
pub use gear::{
    Gear, GearDefault, GearDraft, GearError, GearField, GearId, GearItem, GearKind, GearUse, Wear,
};
pub use hex::hex;
pub use language::Language;
pub use map::{
    OSM_ATTRIBUTION, OSM_MAX_ZOOM, OSM_TILES, TileLayer, TileTemplate, TileTemplateError,
};
pub use partner::AuthorizeQuery;
pub use path::LocalPath;
pub use preferences::{HrZones, PreferenceError, Preferences, TrimpModel, Units};
pub use route::{MapRoute, MapRoutes, RouteTrack, decode_polyline, encode_polyline};
pub use sport::{Intensity, LapTrigger, SPORTS, Sport};
pub use stats::{
    DayTotals, Period, PeriodStats, PeriodTotals, RecentTotals, SportTotals, Stats, StatsError,
    StatsSpan, Streak, Streaks, Totals, YearDays, change,
};
pub use time::Timestamp;
pub use upload::{
    FileResult, Outcome, SkippedKind, UploadEvent, UploadReply, UploadSummary, UploadedWorkout,
    pair_names,
};
pub use workout::{
    Chart, ChartPictures, LapSummary, Metrics, SpeedStyle, WorkoutDetail, WorkoutId,
    WorkoutSummary, XAxis, ZoneTime, offset_label,
};
pub use zone_move::{LocalStamp, ZoneMove, ZoneMovePreview};

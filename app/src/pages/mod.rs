//! One module per route of [`crate::App`].

mod activity;
mod admin;
pub(crate) mod calendar;
mod connections;
mod consent;
pub(crate) mod gear;
mod home;
mod not_found;
mod partners;
mod password;
mod record;
mod settings;
mod sign_in;
mod sign_up;
mod tokens;
mod upload;
mod workout;
mod workout_list;

pub use activity::Activity;
pub use admin::Admin;
pub use calendar::Calendar;
pub use connections::Connections;
pub use consent::Consent;
pub use gear::GearPage;
pub use home::Home;
pub use not_found::NotFound;
pub use partners::Partners;
pub use password::ChangePassword;
pub use record::Record;
pub use settings::Settings;
pub use sign_in::SignIn;
pub use sign_up::SignUp;
pub use tokens::Tokens;
pub use upload::Upload;
pub use workout::Workout;
pub use workout_list::WorkoutList;

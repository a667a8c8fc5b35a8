//! One module per route of [`crate::App`].

mod admin;
mod home;
mod not_found;
mod password;
mod sign_in;
mod sign_up;

pub use admin::Admin;
pub use home::Home;
pub use not_found::NotFound;
pub use password::ChangePassword;
pub use sign_in::SignIn;
pub use sign_up::SignUp;

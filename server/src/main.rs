//! `laps`: see `laps --help`.

fn main() -> std::process::ExitCode {
    laps::cli::run()
}

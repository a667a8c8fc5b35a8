//! `laps`: see `laps --help`.

/// The static (musl) build allocates with mimalloc: musl's own allocator serialises threads on
/// one lock and is several times slower under a busy server's load. glibc builds keep glibc's.
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    laps::cli::run()
}

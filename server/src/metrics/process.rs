//! The process's memory, read from `/proc/self/status` at scrape time (Linux; elsewhere
//! there is none, and the metrics are left out rather than made up).
//!
//! `status` rather than `statm`: it states sizes in kB, where `statm` counts pages, whose
//! size only `sysconf` tells (unsafe code, which this crate forbids).

/// Resident and virtual memory, bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// In RAM now (`VmRSS`).
    pub resident_bytes: u64,
    /// Mapped, in RAM or not (`VmSize`).
    pub virtual_bytes: u64,
}

/// This process's memory, when the system says.
pub fn memory() -> Option<Memory> {
    parse_status(&std::fs::read_to_string("/proc/self/status").ok()?)
}

/// Open file descriptors (sockets, the database, files), when the system says.
pub fn open_fds() -> Option<u64> {
    Some(std::fs::read_dir("/proc/self/fd").ok()?.count() as u64)
}

fn parse_status(status: &str) -> Option<Memory> {
    let kib = |key: &str| -> Option<u64> {
        let line = status.lines().find(|line| line.starts_with(key))?;
        let value = line[key.len()..].trim().strip_suffix("kB")?.trim();
        value.parse::<u64>().ok()?.checked_mul(1024)
    };
    Some(Memory {
        resident_bytes: kib("VmRSS:")?,
        virtual_bytes: kib("VmSize:")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_sizes_are_read_in_kib() {
        let status = "Name:\tlaps\nVmPeak:\t  900 kB\nVmSize:\t  812344 kB\nVmRSS:\t   45120 kB\n";
        assert_eq!(
            parse_status(status),
            Some(Memory {
                resident_bytes: 45_120 * 1024,
                virtual_bytes: 812_344 * 1024,
            })
        );
        assert_eq!(parse_status("Name:\tlaps\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_memory() {
        let memory = memory().expect("Linux has /proc/self/status");
        assert!(memory.resident_bytes > 0 && memory.virtual_bytes >= memory.resident_bytes);
    }
}

//! `BULWARK_TIMING=1`: each command phase's wall time on standard error, so a slow run can be
//! taken apart without a profiler (load, rules, evaluation, output), with the resident memory
//! after each and its peak so far where the system reports them.

use super::term::errln;
use std::time::Instant;

/// Marks the end of each phase when timing is asked for; does nothing otherwise.
pub struct Phases {
    last: Option<Instant>,
}

impl Phases {
    /// Starts timing when `BULWARK_TIMING` is set to anything but `0` or empty.
    pub fn start() -> Self {
        let on = std::env::var_os("BULWARK_TIMING").is_some_and(|v| !v.is_empty() && v != "0");
        Self {
            last: on.then(Instant::now),
        }
    }

    /// Prints how long the phase that just ended took.
    pub fn mark(&mut self, phase: &str) {
        if let Some(last) = self.last {
            let now = Instant::now();
            errln!(
                "timing: {phase:<12} {:>9.1} ms{}",
                (now - last).as_secs_f64() * 1000.0,
                memory()
            );
            self.last = Some(now);
        }
    }
}

/// The process's resident memory now and at its peak so far, where the system says (Linux's
/// `/proc/self/status`), with the part that is heap and stacks (anonymous) apart from the
/// program's mapped code and data (file-backed): the two move for different reasons (the heap
/// with the model and the rules, the mapped pages with the code a run touches); empty elsewhere.
fn memory() -> String {
    let Ok(status) = bulwark::io::read_text(std::path::Path::new("/proc/self/status"), 1 << 16) else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().strip_suffix("kB"))
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let mb = |kb: f64| kb / 1024.0;
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => {
            let split = match (field("RssAnon:"), field("RssFile:")) {
                (Some(anon), Some(file)) => format!(" (anon {:.1}, file {:.1})", mb(anon), mb(file)),
                _ => String::new(),
            };
            format!("   {:>6.1} MB resident{split}, peak {:>6.1} MB", mb(now), mb(peak))
        }
        _ => String::new(),
    }
}

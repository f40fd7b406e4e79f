//! `BULWARK_TIMING=1` for the app: how long from the start of the process to the first frame
//! with the model painted, and to the first frame with its findings, on standard error. A
//! measurement for large models (issue 15), not a feature: nothing is printed without it.

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Notes when the process started; `main` calls it first thing (the dynamic loader's few
/// milliseconds before `main` are not counted).
pub fn process_started() {
    STARTED.get_or_init(Instant::now);
}

/// Which of the two moments have been reported.
#[derive(Debug)]
pub struct FirstFrames {
    on: bool,
    painted: bool,
    findings: bool,
}

impl Default for FirstFrames {
    fn default() -> Self {
        Self {
            on: std::env::var_os("BULWARK_TIMING").is_some_and(|v| !v.is_empty() && v != "0"),
            painted: false,
            findings: false,
        }
    }
}

impl FirstFrames {
    /// Called after each frame is built: reports the first with `elements` components painted,
    /// and the first with the evaluation of them done.
    pub fn frame(&mut self, elements: usize, evaluated: bool) {
        if !self.on || elements == 0 || (self.painted && self.findings) {
            return;
        }
        let since = STARTED.get().map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0);
        if !self.painted {
            self.painted = true;
            report(&format!(
                "timing: first frame with the model painted {since:.0} ms after start ({elements} components)"
            ));
        }
        if evaluated && !self.findings {
            self.findings = true;
            report(&format!(
                "timing: first frame with its findings {since:.0} ms after start"
            ));
        }
    }
}

/// One line on standard error, made printable like everything the program writes.
fn report(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{}", crate::io::printable(line));
}

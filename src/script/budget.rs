//! Counted budgets: the work one rule may cause, counted in steps, so that a hostile rule or
//! model stops at the same point on a fast machine and a loaded one. A rhai operation is one
//! step; native helpers charge for the work they do (a path search for every state it visits,
//! a sort for its comparisons, a collection helper for every item it returns). A rule that runs
//! out is a rule error naming the rule and what ran over; the rest of the run goes on.
//!
//! The meter is per thread: an evaluation runs its rules one after another on one thread, and
//! the engine starts and ends the meter around each rule. A wall-clock deadline exists only as
//! a backstop for work no count sees; reaching it is an error too, never silence.

use rhai::{Dynamic, EvalAltResult, Position};
use std::cell::{Cell, RefCell};
use std::time::Instant;

thread_local! {
    // Steps the running rule may still take; `u64::MAX` when nothing is metered.
    static LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
    static STARTED_WITH: Cell<u64> = const { Cell::new(u64::MAX) };
    // Counts rhai operations between looks at the clock.
    static TICKS: Cell<u32> = const { Cell::new(0) };
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    // What the allowance is, for the message ("its budget of 10,000,000 steps").
    static ALLOWANCE: RefCell<String> = const { RefCell::new(String::new()) };
    // Why the running rule was stopped, once it was.
    static OVERRUN: RefCell<Option<String>> = const { RefCell::new(None) };
    // Whether it was (`OVERRUN` is set), as a flag the engine's loops read without a borrow.
    static STOPPED: Cell<bool> = const { Cell::new(false) };
    // What a script may still report: findings, the longest explanation, bytes in all.
    static FINDINGS_LEFT: Cell<usize> = const { Cell::new(usize::MAX) };
    static WHY_MAX: Cell<usize> = const { Cell::new(usize::MAX) };
    static BYTES_LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
    static BYTES_START: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// What one rule may do: its steps, the findings and bytes it may report, and the deadline.
#[derive(Debug, Clone)]
pub struct Allowance {
    /// Steps it may take.
    pub steps: u64,
    /// What the steps are, for the message ("its budget of 10,000,000 steps").
    pub what: String,
    /// Findings it may report.
    pub findings: usize,
    /// Longest explanation of one finding, in bytes.
    pub why_bytes: usize,
    /// Bytes of explanations it may report in all (the run's remainder).
    pub out_bytes: u64,
    /// When the whole evaluation must have ended.
    pub deadline: Option<Instant>,
}

/// What a rule used, and why it was stopped if it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spent {
    /// Steps taken.
    pub steps: u64,
    /// Bytes of explanations reported.
    pub bytes: u64,
    /// Why it was stopped.
    pub overrun: Option<String>,
}

/// How often (in rhai operations) the clock is read for the backstop.
const CLOCK_EVERY: u32 = 256;

/// Starts metering a rule on this thread.
pub fn begin(a: Allowance) {
    LEFT.set(a.steps);
    STARTED_WITH.set(a.steps);
    TICKS.set(0);
    DEADLINE.set(a.deadline);
    ALLOWANCE.replace(a.what);
    OVERRUN.replace(None);
    STOPPED.set(false);
    FINDINGS_LEFT.set(a.findings);
    WHY_MAX.set(a.why_bytes);
    BYTES_LEFT.set(a.out_bytes);
    BYTES_START.set(a.out_bytes);
}

/// Ends metering: what the rule used and, when it was stopped, why.
pub fn end() -> Spent {
    let spent = Spent {
        steps: STARTED_WITH.get().saturating_sub(LEFT.get()),
        bytes: BYTES_START.get().saturating_sub(BYTES_LEFT.get()),
        overrun: OVERRUN.take(),
    };
    STOPPED.set(false);
    LEFT.set(u64::MAX);
    STARTED_WITH.set(u64::MAX);
    DEADLINE.set(None);
    FINDINGS_LEFT.set(usize::MAX);
    WHY_MAX.set(usize::MAX);
    BYTES_LEFT.set(u64::MAX);
    BYTES_START.set(u64::MAX);
    spent
}

/// Takes one finding with an explanation of `why_len` bytes out of what the rule may report;
/// false (and the rule stopped) when it may not.
pub fn report(why_len: usize) -> bool {
    if exhausted() {
        return false;
    }
    let left = FINDINGS_LEFT.get();
    if left == 0 {
        stop("reported more findings than a rule may in one run".to_owned());
        return false;
    }
    if why_len > WHY_MAX.get() {
        stop(format!(
            "gave an explanation of {why_len} bytes; the most a finding may carry is {}",
            WHY_MAX.get()
        ));
        return false;
    }
    let bytes = BYTES_LEFT.get();
    if why_len as u64 > bytes {
        stop("reported more bytes of explanations than all rules of a run may".to_owned());
        return false;
    }
    FINDINGS_LEFT.set(left - 1);
    BYTES_LEFT.set(bytes - why_len as u64);
    true
}

/// Why the running rule was stopped, if it was.
pub fn overrun() -> Option<String> {
    OVERRUN.with_borrow(Clone::clone)
}

/// Whether the running rule has been stopped.
pub fn exhausted() -> bool {
    STOPPED.get()
}

fn stop(reason: String) {
    OVERRUN.with_borrow_mut(|o| {
        if o.is_none() {
            *o = Some(reason);
        }
    });
    STOPPED.set(true);
    LEFT.set(0);
}

/// Charges `steps` for `what` (`"paths()"`, `"sort()"` …). False when the rule is out of budget
/// (now or before); the reason is kept for the rule error.
pub fn charge(steps: u64, what: &str) -> bool {
    if exhausted() {
        return false;
    }
    let left = LEFT.get();
    if steps > left {
        let allowance = ALLOWANCE.with_borrow(Clone::clone);
        stop(format!("ran over {allowance} in {what}"));
        return false;
    }
    LEFT.set(left - steps);
    // The clock as in `poll` (reading it at every charge was about 1% of a `check`; what a
    // charge pays for is counted anyway).
    !clock_ran_out(true)
}

/// As [`charge`], as the error a native rhai function returns.
pub fn charge_rhai(steps: u64, what: &str) -> Result<(), Box<EvalAltResult>> {
    if charge(steps, what) { Ok(()) } else { Err(terminated()) }
}

/// The error that ends a script once its budget is gone.
pub fn terminated() -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorTerminated(Dynamic::from("budget"), Position::NONE))
}

fn past_deadline() -> bool {
    match DEADLINE.get() {
        Some(d) if Instant::now() >= d => {
            stop(
                "ran past the evaluation's wall-clock deadline, a backstop for work its counted \
                 budget does not see"
                    .to_owned(),
            );
            true
        }
        _ => false,
    }
}

/// For the engine's own loops over elements, flows and path sources, which count no steps:
/// false once the rule is stopped, or the clock (read every few hundred calls) is past the
/// deadline — so built-in rules on a huge model end at the backstop too.
pub fn poll() -> bool {
    if exhausted() {
        return false;
    }
    // The first call of each rule reads the clock too, so rules with few candidates stop.
    !clock_ran_out(true)
}

/// Counts one call and, every [`CLOCK_EVERY`] calls (and at a rule's first with `first`),
/// whether the clock is past the deadline (which stops the rule).
fn clock_ran_out(first: bool) -> bool {
    let ticks = TICKS.get().wrapping_add(1);
    TICKS.set(ticks);
    ((first && ticks == 1) || ticks.is_multiple_of(CLOCK_EVERY)) && past_deadline()
}

/// Where a rule's meter stands: its steps left and its clock count, to go back to.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    left: u64,
    ticks: u32,
}

/// Where the meter stands now.
pub fn mark() -> Mark {
    Mark {
        left: LEFT.get(),
        ticks: TICKS.get(),
    }
}

/// Puts the meter back to `m`, undoing the steps and clock counts taken since, so that a
/// condition the native evaluator gave up on runs again in rhai as if it had run there first.
/// Only for a rule that has not been stopped since: a stop is never undone.
pub fn rewind(m: Mark) {
    debug_assert!(!exhausted(), "a stopped rule is never rewound");
    LEFT.set(m.left);
    TICKS.set(m.ticks);
}

/// rhai's progress callback: one step per operation; the clock every few hundred.
pub fn tick(_ops: u64) -> Option<Dynamic> {
    let left = LEFT.get();
    if left == 0 {
        if !exhausted() {
            let allowance = ALLOWANCE.with_borrow(Clone::clone);
            stop(format!("ran over {allowance} (rhai operations)"));
        }
        return Some(Dynamic::from("budget"));
    }
    LEFT.set(left - 1);
    clock_ran_out(false).then(|| Dynamic::from("deadline"))
}

/// 12345678 → "12,345,678", for messages about budgets.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Steps a sort of `n` items is charged: n·log2(n) comparisons.
pub fn sort_steps(n: usize) -> u64 {
    let n = n as u64;
    n.saturating_mul(u64::from(64 - n.leading_zeros()).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_stops_when_its_steps_are_spent_and_says_what_ran_over() {
        begin(allowance(10, None));
        assert!(charge(4, "elements()"));
        assert!(!charge(7, "paths()"));
        assert!(!charge(1, "sort()"), "a spent budget stays spent");
        let spent = end();
        assert_eq!(spent.steps, 10);
        assert_eq!(
            spent.overrun.as_deref(),
            Some("ran over its budget of 10 steps in paths()")
        );
        assert!(!exhausted(), "the next rule starts clean");
        assert!(charge(1_000_000, "unmetered"), "outside a rule nothing is metered");
    }

    #[test]
    fn the_deadline_is_an_error_not_silence() {
        begin(allowance(u64::MAX - 1, Some(Instant::now())));
        assert!(!charge(1, "paths()"));
        assert!(end().overrun.unwrap().contains("wall-clock deadline"));
    }

    #[test]
    fn findings_their_length_and_their_bytes_are_capped() {
        begin(Allowance {
            findings: 2,
            ..allowance(100, None)
        });
        assert!(report(10));
        assert!(!report(100), "longer than the 64 bytes a finding may carry");
        assert!(end().overrun.unwrap().contains("explanation of 100 bytes"));
        begin(Allowance {
            findings: 2,
            ..allowance(100, None)
        });
        assert!(report(1) && report(1));
        assert!(!report(1));
        assert!(end().overrun.unwrap().contains("more findings"));
        begin(Allowance {
            out_bytes: 50,
            ..allowance(100, None)
        });
        assert!(report(40));
        assert!(!report(40));
        let spent = end();
        assert_eq!(spent.bytes, 40);
        assert!(spent.overrun.unwrap().contains("bytes"));
    }

    fn allowance(steps: u64, deadline: Option<Instant>) -> Allowance {
        Allowance {
            steps,
            what: format!("its budget of {steps} steps"),
            findings: 1000,
            why_bytes: 64,
            out_bytes: 1 << 20,
            deadline,
        }
    }
}

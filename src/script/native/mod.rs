//! Conditions evaluated natively: a rule's rhai `condition` compiled once into a small tree that
//! is walked in Rust, calling the same element and flow views (`super::view`) as the rule API.
//!
//! It exists for speed alone (a condition runs for every candidate element or flow), so it must
//! be indistinguishable from rhai: the same result, and the same steps charged to the rule's
//! budget at the same points, so a rule that runs out stops with the same message, position
//! and [`Spent`](super::budget::Spent). rhai counts one step per operation at fixed places
//! (every statement and expression, each dot-chain level in its argument pass, each function
//! argument that is a literal, each native call, each closure call); the evaluator steps in the
//! same places, in the same order, read from the same AST.
//!
//! Only a condition every construct of which is supported here is compiled ([`compile`]); any
//! other keeps rhai. At run time, anything rhai would report as an error other than the budget
//! (a type mismatch, a non-boolean result, a value over a size limit) makes the evaluator give
//! up ([`Halt::Unsure`]): the caller rewinds the meter and runs the condition in rhai, so such
//! errors are rhai's own, message and position included.

mod ir;
mod lower;
mod run;

pub use lower::compile;
pub use run::eval;

/// A condition in native form, ready to run on any candidate of its rule.
#[derive(Debug)]
pub struct Native {
    main: ir::Block,
    closures: Vec<ir::Closure>,
    limits: Limits,
}

/// What a condition runs on, with the variable it sees: `el` or `flow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// An element rule's candidate, as `el`.
    Element,
    /// A flow rule's candidate, as `flow`.
    Flow,
}

/// The candidate a condition runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidate {
    /// Element `0`.
    Element(usize),
    /// Flow `0`, seen from what comes back over it when `1` is true.
    Flow(usize, bool),
}

/// Why a native evaluation did not give a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Halt {
    /// The rule's budget (or the deadline) stopped it, where rhai's error would point.
    Stop(rhai::Position),
    /// Something rhai reports as an error: run the condition in rhai instead.
    Unsure,
}

/// The engine limits rhai checks while evaluating, as they were when the condition compiled.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Operations one evaluation may take (0: no limit).
    operations: u64,
    /// Longest string, and most string bytes in one array (0: no limit).
    string: usize,
    /// Largest array (0: no limit).
    array: usize,
}

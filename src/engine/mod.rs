//! The threat engine: compiles the catalog's rules (selectors, rhai conditions, paths, scripts)
//! and evaluates a model into findings that name the missing control, incrementally and off the
//! UI thread.
//!
//! It reads the model and the catalog; it never changes the model and knows nothing of the UI.

pub mod accuracy;
mod aggregate;
mod changes;
mod closure;
mod compiled;
mod condition;
mod coverage;
mod delta;
mod evaluate;
mod family;
mod finding;
mod path;
mod preview;
mod relay;
mod reload;
mod rule_tests;
mod select;
mod user;
mod worker;

pub use changes::Changes;
pub use closure::SetState;
pub use coverage::{Coverage, coverage_of};
pub use delta::{Resolution, RiskDelta};
pub use evaluate::{Engine, Evaluation, Question};
pub use finding::{Finding, Fnv, Mitigation, Status};
pub use preview::{Preview, preview};
pub use reload::{POLL_INTERVAL, Reloaded, RuleDirs, RuleWatcher};
pub use rule_tests::{LocatedTest, Mismatch, Outcome, RuleTest, load_tests, rules_without_both_cases, run_tests};
pub use worker::{Request, Worker};

/// Coverage of every rule the engine runs for the catalog (RON and rhai).
pub fn coverage(cat: &std::sync::Arc<crate::catalog::Catalog>) -> Coverage {
    let engine = Engine::new(cat.clone());
    coverage_of(cat, engine.rules())
}

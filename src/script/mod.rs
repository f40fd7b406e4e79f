//! The rhai sandbox and the API rules see. Rules read the model as a read-only graph and report
//! findings; they cannot change the model, touch files or the network, or run unbounded.
//!
//! This module knows the model and the catalog; it does not decide status or severity (that is
//! the engine) and knows nothing of the UI.

mod api;
pub mod budget;
mod error;
pub mod native;
mod promote;
mod sandbox;
mod view;

pub use api::{
    Ctx, ElementRef, Emitted, FlowRef, MAX_HOPS, MAX_PATHS, ModelRef, Reads, TraitBits, record_reads, take_emitted,
    take_reads,
};
pub use error::{RuleError, RuleErrorKind};
pub use promote::rule_from_threat;
pub use sandbox::{Limits, charge_contains, new_engine};
pub use view::{ElementView, FlowView};

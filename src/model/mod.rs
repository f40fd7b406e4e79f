//! The threat-model document: elements, flows, trust boundaries, threats people wrote, triage, decisions and
//! assumptions, and layout; stable ids; the `.bulwark.ron` file format with versions and
//! migrations; and edit operations, the unit of undo/redo.
//!
//! This module knows nothing of the catalog, the engine or the UI: it checks structure
//! (references resolve, ids are well formed), not meaning (whether a kind exists).

mod boundary;
mod conflict;
mod date;
mod diff;
mod document;
mod edit;
mod element;
pub(crate) mod fast_ron;
mod file;
mod flow;
mod framework;
mod graph;
mod history;
mod ids;
mod layout;
mod merge;
mod migrate;
mod note;
mod pasta;
mod provenance;
mod suggestions;
mod threat;
mod touched;
mod triage;
mod unique_map;
mod value;
mod workshop;

pub use boundary::{Boundary, BoundaryKind};
pub use conflict::Conflict;
pub use date::Date;
pub use diff::{Change, DesignDiff, ItemChange, describe, diff};
pub use document::{FORMAT_VERSION, MAX_BOUNDARY_DEPTH, Model, ModelError};
pub use edit::{Edit, Target, Transaction, remove_element, remove_flow};
pub use element::{ControlState, Element};
pub use file::{
    LoadError, MAX_MODEL_BYTES, SaveError, backup_path, from_str, from_str_noting, load, load_noting, load_with_text,
    save, to_string, write_atomic, write_replacing,
};
pub use flow::{Fact, Flow, FlowFact, Operation};
pub use framework::{MaestroLayer, References, Severity, Stride};
pub use graph::{ModelGraph, Topology};
pub use history::{Applied, HISTORY_LIMIT, History, SNAPSHOT_EDITS};
pub use ids::{
    BoundaryId, ControlId, DataClassId, ElementId, FindingId, FlowId, KindId, NoteId, PropKey, RuleId, SessionId,
    is_valid_id, slug,
};
pub use layout::{Layout, Pos, Rect};
pub use merge::{Keep, Merged, SettleError, merge, settle};
pub use migrate::check_fast_read;
pub use note::{Note, NoteKind};
pub use pasta::{Objective, Pasta};
pub use provenance::{Confidence, Evidence, InferredState, Provenance};
pub use suggestions::{Proposal, Suggestion, Suggestions, sidecar_path};
pub use threat::{ThreatTarget, USER_PREFIX, UserThreat, is_user_id};
pub use touched::Touched;
pub use triage::{Triage, TriageStatus};
pub use value::Value;
pub use workshop::{Dots, Question, Record, Session, StepTime, Votes};

/// RON options for model files: `Some(..)` may be left out when writing by hand, and nesting is
/// limited so a hostile file cannot overflow the stack.
fn source_opts() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

#[cfg(test)]
pub(crate) mod tests;

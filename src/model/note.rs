//! Decisions and assumptions: short design records linked to elements.

use super::ids::ElementId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Whether a note records a decision taken or an assumption made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NoteKind {
    /// A design decision ("we use the provider's zero-retention endpoint").
    Decision,
    /// An assumption the model rests on ("only employees reach the admin UI").
    Assumption,
}

/// A decision or assumption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Decision or assumption.
    pub kind: NoteKind,
    /// The record itself.
    pub text: String,
    /// The elements it concerns.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub elements: BTreeSet<ElementId>,
}

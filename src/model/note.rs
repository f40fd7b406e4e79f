//! Decisions, assumptions, parked questions and actions: short records linked to elements and
//! flows (a workshop captures them with one key on the item in focus).

use super::ids::{ElementId, FlowId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Whether a note records a decision taken or an assumption made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NoteKind {
    /// A design decision ("we use the provider's zero-retention endpoint").
    Decision,
    /// An assumption the model rests on ("only employees reach the admin UI").
    Assumption,
    /// A question parked for later so the session can move on (format 8).
    ParkingLot,
    /// Something someone will do, with an owner and a due date (format 8).
    Action,
}

impl NoteKind {
    /// Every kind, in picker order.
    pub const ALL: [NoteKind; 4] = [
        NoteKind::Decision,
        NoteKind::Assumption,
        NoteKind::ParkingLot,
        NoteKind::Action,
    ];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Decision => "Decision",
            NoteKind::Assumption => "Assumption",
            NoteKind::ParkingLot => "Parked",
            NoteKind::Action => "Action",
        }
    }
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
    /// The flows it concerns (format 8).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub flows: BTreeSet<FlowId>,
    /// Who will do it (actions).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// By when (`YYYY-MM-DD`, actions).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due: String,
}

impl Note {
    /// A note of `kind` saying `text`, linked to nothing yet.
    pub fn new(kind: NoteKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            text: text.into(),
            elements: BTreeSet::new(),
            flows: BTreeSet::new(),
            owner: String::new(),
            due: String::new(),
        }
    }
}

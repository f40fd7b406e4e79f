//! A data flow: one element sending data to another.

use super::element::ControlState;
use super::ids::{ControlId, DataClassId, ElementId};
use super::provenance::Provenance;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A directed data flow. Whether it crosses a trust boundary is derived from the endpoints'
/// boundaries, never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// The sender.
    pub from: ElementId,
    /// The receiver.
    pub to: ElementId,
    /// What people call this flow ("user prompt", "tool call").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The data classes it carries.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub data: BTreeSet<DataClassId>,
    /// Protocol, free text ("HTTPS", "gRPC", "MCP stdio").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    /// Encrypted in transit.
    #[serde(default)]
    pub encrypted: bool,
    /// The receiver authenticates the sender.
    #[serde(default)]
    pub authenticated: bool,
    /// Data also comes back (request/response that matters for both sides).
    #[serde(default)]
    pub bidirectional: bool,
    /// Control states set on this flow.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub controls: BTreeMap<ControlId, ControlState>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Set when `bulwark map` drew it: the evidence and whether a person confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Provenance>,
}

impl Flow {
    /// A new flow with no data classes and no security properties set.
    pub fn new(from: impl Into<ElementId>, to: impl Into<ElementId>, label: impl Into<String>) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            label: label.into(),
            data: BTreeSet::new(),
            protocol: String::new(),
            encrypted: false,
            authenticated: false,
            bidirectional: false,
            controls: BTreeMap::new(),
            notes: String::new(),
            inferred: None,
        }
    }

    /// Whether `control` is implemented on this flow.
    pub fn has_control(&self, control: &ControlId) -> bool {
        self.controls.get(control) == Some(&ControlState::Implemented)
    }
}

//! An element: one component on the diagram, of a kind from the catalog.

use super::ids::{BoundaryId, ControlId, KindId, PropKey};
use super::provenance::Provenance;
use super::value::Value;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Where a control stands on one element. A threat can be linked to many controls, each with
/// its own state; only `Implemented` closes a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ControlState {
    /// Suggested by the tool or a reviewer, not yet decided.
    Recommended,
    /// Decided: it must be built before release.
    Required,
    /// In place. Findings this control mitigates on this element are closed.
    Implemented,
    /// Considered and turned down; the finding stays open.
    Rejected,
    /// Does not apply to this element.
    NotApplicable,
}

impl ControlState {
    /// Every state, in the order a picker shows them.
    pub const ALL: [ControlState; 5] = [
        ControlState::Recommended,
        ControlState::Required,
        ControlState::Implemented,
        ControlState::Rejected,
        ControlState::NotApplicable,
    ];

    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            ControlState::Recommended => "recommended",
            ControlState::Required => "required",
            ControlState::Implemented => "implemented",
            ControlState::Rejected => "rejected",
            ControlState::NotApplicable => "not applicable",
        }
    }
}

/// A component on the diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    /// The component kind (catalog id).
    pub kind: KindId,
    /// The name people see.
    pub name: String,
    /// The innermost trust boundary it sits in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<BoundaryId>,
    /// Answers to the kind's questions; a missing answer means the kind's default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<PropKey, Value>,
    /// Control states set on this element.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub controls: BTreeMap<ControlId, ControlState>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub tags: BTreeSet<String>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Set when `bulwark map` drew it: the evidence and whether a person confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Provenance>,
    /// The MAESTRO layer a person placed it in, overriding its kind's (format 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<super::MaestroLayer>,
}

impl Element {
    /// A new element of `kind` with no answers, controls or notes.
    pub fn new(kind: impl Into<KindId>, name: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            name: name.into(),
            boundary: None,
            properties: BTreeMap::new(),
            controls: BTreeMap::new(),
            tags: BTreeSet::new(),
            notes: String::new(),
            inferred: None,
            layer: None,
        }
    }

    /// Whether `control` is implemented here.
    pub fn has_control(&self, control: &ControlId) -> bool {
        self.controls.get(control) == Some(&ControlState::Implemented)
    }
}

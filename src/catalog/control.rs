//! Controls: what mitigates threats. Loaded from `libraries/controls.ron`.

use crate::model::ControlId;
use serde::{Deserialize, Serialize};

/// A security control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Stable id.
    pub id: ControlId,
    /// Name shown to people.
    pub name: String,
    /// What it is and what doing it well looks like, in our words.
    pub description: String,
    /// Area it belongs to ("runtime", "data", "supply-chain", "identity", "governance" …).
    pub area: String,
    /// MITRE ATLAS mitigation ids (`AML.M0015`).
    #[serde(default)]
    pub atlas: Vec<String>,
    /// CoSAI risk-map control ids (`controlInputValidationAndSanitization`).
    #[serde(default)]
    pub cosai: Vec<String>,
    /// A flow that shows the control is in place on its sender even when nobody set it (logs
    /// sent to an audit store are audit logging). A control set to rejected stays rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidenced_by: Option<Box<super::Selector>>,
    /// The ways into an element a gate in front of it must stand on for this control to count
    /// there (a flow selector, matched on the flows into the element and on what comes back on
    /// those it sends); unset, every way. A person approving actions stands on the calls and
    /// writes that make the element act, not on what it reads back from a store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gated_ways: Option<Box<super::Selector>>,
}

/// A data class a flow can carry. Loaded from `libraries/data-classes.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataClass {
    /// Stable id (`pii`).
    pub id: crate::model::DataClassId,
    /// Name shown to people.
    pub name: String,
    /// What falls under it.
    pub description: String,
    /// Whether leaking it harms people or the organisation (personal data, secrets, weights).
    #[serde(default)]
    pub sensitive: bool,
    /// Whether it can carry instructions an attacker controls (web pages, emails, tool output).
    #[serde(default)]
    pub untrusted: bool,
}

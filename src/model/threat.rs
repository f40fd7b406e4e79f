//! Threats people write: a finding no rule raised, kept in the model beside the triage. They
//! have ids of their own (`USER-…`, never a rule's), a statement in the threat-grammar shape
//! threat-composer made familiar, framework references checked like a rule's, and controls that
//! close them when implemented where they apply.

use super::framework::{References, Severity, Stride};
use super::ids::{BoundaryId, ControlId, ElementId, FlowId};
use serde::{Deserialize, Serialize};

/// The prefix every id of a threat people wrote starts with; no rule id may.
pub const USER_PREFIX: &str = "USER-";

/// What a written threat is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ThreatTarget {
    /// The system as a whole.
    Model,
    /// One element.
    Element(ElementId),
    /// One flow.
    Flow(FlowId),
    /// A trust boundary (or group).
    Boundary(BoundaryId),
}

/// A threat a person wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserThreat {
    /// One line: what can go wrong.
    pub statement: String,
    /// Where it applies. A threat whose element, flow or boundary was removed is kept (and
    /// shown as such), so undoing the removal brings it back in place.
    pub on: ThreatTarget,
    /// How bad, as the author judged it.
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// Threat grammar: who acts (`An external attacker`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actor: String,
    /// Threat grammar: with what access or knowledge (`who can post to a shared channel`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prerequisites: String,
    /// Threat grammar: what they do (`plants instructions in a document`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action: String,
    /// Threat grammar: what follows (`the agent mails customer records out`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub impact: String,
    /// Threat grammar: what is harmed (`customer records`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub asset: String,
    /// STRIDE categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stride: Vec<Stride>,
    /// Framework references, checked against the library's frameworks like a rule's.
    #[serde(default, skip_serializing_if = "References::is_empty")]
    pub references: References,
    /// Controls that close it when every one is implemented where it applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<ControlId>,
    /// A person's statement of how it is mitigated; when written, it closes the threat.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigated: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
}

fn default_severity() -> Severity {
    Severity::Medium
}

impl UserThreat {
    /// A threat with only a statement, on `on`.
    pub fn new(statement: impl Into<String>, on: ThreatTarget) -> Self {
        Self {
            statement: statement.into(),
            on,
            severity: default_severity(),
            actor: String::new(),
            prerequisites: String::new(),
            action: String::new(),
            impact: String::new(),
            asset: String::new(),
            stride: Vec::new(),
            references: References::default(),
            controls: Vec::new(),
            mitigated: String::new(),
            author: String::new(),
        }
    }

    /// The threat-grammar sentence when its parts are written, else the statement.
    pub fn sentence(&self) -> String {
        if self.actor.is_empty() || self.action.is_empty() {
            return self.statement.clone();
        }
        let mut s = self.actor.clone();
        if !self.prerequisites.is_empty() {
            s.push(' ');
            s.push_str(&self.prerequisites);
        }
        s.push_str(" can ");
        s.push_str(&self.action);
        if !self.impact.is_empty() {
            s.push_str(", which leads to ");
            s.push_str(&self.impact);
        }
        if !self.asset.is_empty() {
            s.push_str(", negatively impacting ");
            s.push_str(&self.asset);
        }
        s
    }
}

/// Whether `id` names a threat people wrote.
pub fn is_user_id(id: &str) -> bool {
    id.starts_with(USER_PREFIX)
}

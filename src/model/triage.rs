//! Triage: a person's decision about a finding, stored by finding id.

use serde::{Deserialize, Serialize};

/// What a person decided about a finding. `Open` and `Mitigated` are computed by the engine and
/// never stored; these are the human verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TriageStatus {
    /// The risk is known and accepted as it is.
    Accepted,
    /// The threat does not apply here.
    NotApplicable,
    /// Someone else owns the risk (a provider, another team, insurance).
    Transferred,
}

impl TriageStatus {
    /// Every status, in picker order.
    pub const ALL: [TriageStatus; 3] = [
        TriageStatus::Accepted,
        TriageStatus::NotApplicable,
        TriageStatus::Transferred,
    ];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            TriageStatus::Accepted => "accepted",
            TriageStatus::NotApplicable => "not applicable",
            TriageStatus::Transferred => "transferred",
        }
    }
}

/// A triage record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    /// The verdict.
    pub status: TriageStatus,
    /// Why: the reviewer's reasoning.
    #[serde(default)]
    pub justification: String,
    /// Who owns it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When it was decided (ISO date, as typed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// A fingerprint of what the rule read when the verdict was given; when the inputs change,
    /// the finding is flagged stale.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
}

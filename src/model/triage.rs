//! Triage: a person's decision about a finding, stored by finding id.

use super::date::Date;
use super::framework::Severity;
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
    /// Who owns the fix or the follow-up (not necessarily who decided).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Who took the decision.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub decided_by: String,
    /// When it was decided (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// When the decision is to be looked at again (`YYYY-MM-DD`): from that day an acceptance
    /// counts as open again, flagged "review due".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub review_by: String,
    /// The severity the person assessed; it wins over the computed one wherever severity is
    /// used (sorting, `--fail-on`, SARIF levels, reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// A fingerprint of what the rule read when the verdict was given; when the inputs change,
    /// the finding is flagged stale.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
}

impl Triage {
    /// A verdict with its reason, decided by no one in particular, today.
    pub fn new(status: TriageStatus, justification: impl Into<String>) -> Self {
        Self {
            status,
            justification: justification.into(),
            owner: String::new(),
            decided_by: String::new(),
            date: String::new(),
            review_by: String::new(),
            severity: None,
            fingerprint: String::new(),
        }
    }

    /// Whether the verdict carries a reason; one without is flagged wherever it is shown.
    pub fn is_justified(&self) -> bool {
        !self.justification.trim().is_empty()
    }

    /// Whether the review date has come (on `today` or before).
    pub fn review_due(&self, today: Date) -> bool {
        Date::parse(&self.review_by).is_some_and(|d| d <= today)
    }
}

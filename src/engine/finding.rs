//! Findings: what the engine reports. Each names its rule, the elements involved, why it fired,
//! and either the controls that are missing or the control that closed it.

use crate::catalog::{References, Severity, Stride};
use crate::model::{
    BoundaryId, ControlId, ElementId, FindingId, FlowFact, FlowId, PropKey, RuleId, Triage, TriageStatus,
};
use serde::Serialize;
use std::sync::Arc;

/// Where a finding stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nothing mitigates it yet: the missing controls are named.
    Open,
    /// One of its controls is implemented (or a guard sits on every path).
    Mitigated,
    /// A person accepted the risk.
    Accepted,
    /// A person judged it not applicable.
    NotApplicable,
    /// A person transferred the risk to someone else.
    Transferred,
}

impl Status {
    /// `"open"`, `"not_applicable"` …
    pub fn id(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Mitigated => "mitigated",
            Status::Accepted => "accepted",
            Status::NotApplicable => "not_applicable",
            Status::Transferred => "transferred",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Mitigated => "mitigated",
            Status::Accepted => "accepted",
            Status::NotApplicable => "not applicable",
            Status::Transferred => "transferred",
        }
    }

    /// Whether it still needs attention.
    pub fn is_open(self) -> bool {
        self == Status::Open
    }
}

impl From<TriageStatus> for Status {
    fn from(t: TriageStatus) -> Self {
        match t {
            TriageStatus::Accepted => Status::Accepted,
            TriageStatus::NotApplicable => Status::NotApplicable,
            TriageStatus::Transferred => Status::Transferred,
        }
    }
}

/// What closes a mitigated finding: a control implemented on an element or flow, or an element
/// that guards a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Mitigation {
    /// The control, when a control closed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlId>,
    /// The element it is on (for a flow control, the flow's receiver).
    pub element: ElementId,
    /// The flow it is on, for flow controls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<FlowId>,
    /// The protection the flow is answered to have (encrypted, authenticated …), when that
    /// answer closed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<FlowFact>,
    /// The question the element is answered on with its protection (pinned versions, no
    /// training on users' data …), when that answer closed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<PropKey>,
}

/// How a gathered finding's members are written out: each path, flow or report with its own
/// id, elements, path, flow, why and status (not the whole raw finding).
fn members_view<S: serde::Serializer>(members: &[Arc<Finding>], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Member<'a> {
        id: &'a FindingId,
        elements: &'a [ElementId],
        #[serde(skip_serializing_if = "<[ElementId]>::is_empty")]
        path: &'a [ElementId],
        #[serde(skip_serializing_if = "Option::is_none")]
        flow: &'a Option<FlowId>,
        why: &'a str,
        status: Status,
    }
    s.collect_seq(members.iter().map(|m| Member {
        id: &m.id,
        elements: &m.elements,
        path: &m.path,
        flow: &m.flow,
        why: &m.why,
        status: m.status,
    }))
}

/// How the findings folded into another are written out: what a reader needs to act on each
/// (its id, rule, title, severity and missing controls).
fn folded_view<S: serde::Serializer>(folded: &[Arc<Finding>], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Folded<'a> {
        id: &'a FindingId,
        rule: &'a RuleId,
        title: &'a str,
        severity: Severity,
        missing_controls: &'a [ControlId],
    }
    s.collect_seq(folded.iter().map(|f| Folded {
        id: &f.id,
        rule: &f.rule,
        title: &f.title,
        severity: f.severity,
        missing_controls: &f.missing_controls,
    }))
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable id: rule id then element ids (`LLM-PI-001@el-chat`).
    pub id: FindingId,
    /// The rule.
    pub rule: RuleId,
    /// The rule's title.
    pub title: Arc<str>,
    /// The severity computed for this model: the rule's base adjusted for exposure and for the
    /// sensitivity of the data involved (what sorting, `--fail-on` and reports use until a
    /// person assesses it).
    pub severity: Severity,
    /// The rule's own likelihood × impact.
    pub base_severity: Severity,
    /// Why the computed severity differs from the base, when it does.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub severity_why: String,
    /// The severity a person assessed in triage; when set it is `severity`, and the computed
    /// one is kept in `computed_severity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessed_severity: Option<Severity>,
    /// The computed severity, when a person's assessment replaced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed_severity: Option<Severity>,
    /// Open, mitigated or triaged.
    pub status: Status,
    /// The triage's review date has come: the verdict no longer holds and the finding is open.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub review_due: bool,
    /// The element the finding is shown on (badge).
    pub anchor: ElementId,
    /// Every element involved, in order (for a path, source to sink).
    pub elements: Vec<ElementId>,
    /// The flow, for flow findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<FlowId>,
    /// A threat people wrote about a trust boundary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundary: Option<BoundaryId>,
    /// For path findings: the path, source to sink.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<ElementId>,
    /// Why it fired, in a sentence or two.
    pub why: String,
    /// Controls that would close it and are not implemented (empty when mitigated).
    pub missing_controls: Arc<[ControlId]>,
    /// What closed it, when mitigated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mitigated_by: Vec<Mitigation>,
    /// The sets of controls that would close it, where each must be, and what each lacks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closing: Vec<super::closure::SetState>,
    /// The paths, flows or reports gathered into it, each a finding of its own with its own id
    /// (`RULE@source@sink`, the id findings had before they were gathered); empty for a finding
    /// about one element.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "members_view")]
    pub members: Vec<Arc<Finding>>,
    /// Rules whose findings on this element this finding stands for (one finding per threat):
    /// more general rules it refines, and the other members of its family in `folded`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refines: Vec<RuleId>,
    /// Open findings of other rules of its family on this element, shown inside this one
    /// rather than on their own: each keeps its id, severity and missing controls, and shows on
    /// its own again once this one is closed ([`super::family`]).
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "folded_view")]
    pub folded: Vec<Arc<Finding>>,
    /// STRIDE categories of the rule.
    pub stride: Arc<[Stride]>,
    /// Framework references of the rule (shared by its findings, so written once).
    #[serde(serialize_with = "crate::io::json::shared")]
    pub references: Arc<References>,
    /// A hash of what the rule read; triage given under another fingerprint is stale.
    pub fingerprint: String,
    /// The triage record, when a person triaged it (boxed: few findings have one, and every
    /// finding would otherwise carry its size).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub triage: Option<Box<Triage>>,
    /// The inputs changed since the triage was given.
    pub stale: bool,
}

impl Finding {
    /// An empty finding of a rule (never shown; keeps ids sortable where a result is missing).
    pub(crate) fn placeholder(prefix: &str) -> Self {
        Finding {
            id: FindingId::new(format!("{prefix}?")),
            rule: RuleId::new(prefix.trim_end_matches('@')),
            title: Arc::from(""),
            severity: Severity::Low,
            base_severity: Severity::Low,
            severity_why: String::new(),
            assessed_severity: None,
            computed_severity: None,
            status: Status::Open,
            review_due: false,
            anchor: ElementId::new("?"),
            elements: Vec::new(),
            flow: None,
            boundary: None,
            path: Vec::new(),
            why: String::new(),
            missing_controls: Arc::from(Vec::new()),
            mitigated_by: Vec::new(),
            closing: Vec::new(),
            members: Vec::new(),
            refines: Vec::new(),
            folded: Vec::new(),
            stride: Arc::from(Vec::new()),
            references: Arc::new(References::default()),
            fingerprint: String::new(),
            triage: None,
            stale: false,
        }
    }
}

/// 64-bit FNV-1a: small, stable across Rust versions (fingerprints are stored in files).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Feeds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    /// Feeds a string and a separator, so ("ab","c") and ("a","bc") differ.
    pub fn str(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.write(&[0xff]);
    }
    /// Feeds formatted text, as [`Self::write`] of the formatted string would, without making
    /// the string (no separator: follow with one where [`Self::str`] would add it).
    pub fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) {
        struct Feed<'h>(&'h mut Fnv);
        impl std::fmt::Write for Feed<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.write(s.as_bytes());
                Ok(())
            }
        }
        // Writing to the hash cannot fail; a `Debug` impl that errors would have made
        // `format!` panic before.
        if std::fmt::Write::write_fmt(&mut Feed(self), args).is_err() {
            debug_assert!(false, "a formatting trait failed while hashing");
        }
    }
    /// The hash.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// `v` as 16 lower-case hex digits, as `format!("{v:016x}")` writes it (without the
/// formatting machinery: every finding has a fingerprint).
pub(crate) fn hex16(v: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 16];
    for (k, d) in out.iter_mut().enumerate() {
        *d = DIGITS[((v >> (60 - 4 * k)) & 0xf) as usize];
    }
    // ASCII digits: always UTF-8.
    std::str::from_utf8(&out).unwrap_or_default().to_owned()
}

//! The risk side of a diff: how the findings of one evaluation differ from another's. Findings
//! are matched by id (ids are stable: rule and anchor), so a finding that moved to another
//! element counts as one resolved and one new.

use super::evaluate::Evaluation;
use super::finding::{Finding, Status};
use crate::catalog::Severity;
use crate::model::{ElementId, RuleId};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Why an open finding is no longer open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The rule no longer applies: the element, flow or path it was about is gone or changed.
    Gone,
    /// Controls now in place close it.
    Mitigated,
    /// A person decided it (accepted, not applicable, transferred).
    Decided,
}

impl Resolution {
    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Resolution::Gone => "no longer applies",
            Resolution::Mitigated => "mitigated",
            Resolution::Decided => "decided",
        }
    }
}

/// How the findings changed between two evaluations.
#[derive(Debug, Clone, Default)]
pub struct RiskDelta {
    /// Open now and not open before (new, or re-opened).
    pub new: Vec<Arc<Finding>>,
    /// Open before and not now: the old finding, what became of it, and the new one when the
    /// finding still exists.
    pub resolved: Vec<(Arc<Finding>, Resolution, Option<Arc<Finding>>)>,
    /// The triage record changed (old, new), whatever the status.
    pub retriaged: Vec<(Arc<Finding>, Arc<Finding>)>,
    /// Triage that was current and is stale now: the inputs changed under a decision.
    pub newly_stale: Vec<Arc<Finding>>,
    /// Open on both sides with another severity (old, new).
    pub severity: Vec<(Arc<Finding>, Arc<Finding>)>,
}

impl Evaluation {
    /// (element, rule) pairs an open finding stands for: a more general rule it refines or
    /// another member of its family on its element. That rule's finding there is not shown, yet
    /// the threat is still raised — by the finding that names it. A general rule it refines may
    /// stand at an element it hands the threat on to (a path rule's finding at the receiver of
    /// the same hand-over), so those count too.
    pub fn stood_for(&self) -> BTreeSet<(&ElementId, &RuleId)> {
        self.findings
            .iter()
            .filter(|f| f.status == Status::Open)
            .flat_map(|f| {
                f.refines.iter().flat_map(move |r| {
                    let folded = f.folded.iter().any(|o| o.rule == *r);
                    let at: &[ElementId] = if folded { &[] } else { &f.elements };
                    std::iter::once(&f.anchor)
                        .chain(at.iter().filter(|e| **e != f.anchor))
                        .map(move |e| (e, r))
                })
            })
            .collect()
    }
}

impl RiskDelta {
    /// Compares two evaluations. A finding that disappears because another now stands for it
    /// on its element (one finding per threat) is not resolved, and one that shows again when
    /// the finding standing for it closes is not new: the threat was raised all along.
    pub fn between(old: &Evaluation, new: &Evaluation) -> Self {
        let before: BTreeMap<_, _> = old.findings.iter().map(|f| (&f.id, f)).collect();
        let after: BTreeMap<_, _> = new.findings.iter().map(|f| (&f.id, f)).collect();
        let (stood_before, stood_after) = (old.stood_for(), new.stood_for());
        let mut d = RiskDelta::default();
        for (id, n) in &after {
            let o = before.get(id);
            let was_open = o.is_some_and(|o| o.status == Status::Open)
                || (o.is_none() && stood_before.contains(&(&n.anchor, &n.rule)));
            if n.status == Status::Open && !was_open {
                d.new.push(Arc::clone(n));
            }
            // A family member that opens where another member is already shown is folded into
            // that one and has no row of its own, but the threat is new all the same.
            if n.status == Status::Open {
                for m in &n.folded {
                    let open_before = before.get(&m.id).is_some_and(|o| o.status == Status::Open)
                        || stood_before.contains(&(&m.anchor, &m.rule));
                    if !open_before {
                        d.new.push(Arc::clone(m));
                    }
                }
            }
            let Some(o) = o else { continue };
            if was_open && n.status != Status::Open {
                let why = if n.status == Status::Mitigated {
                    Resolution::Mitigated
                } else {
                    Resolution::Decided
                };
                d.resolved.push((Arc::clone(o), why, Some(Arc::clone(n))));
            }
            if o.triage != n.triage {
                d.retriaged.push((Arc::clone(o), Arc::clone(n)));
            }
            if n.stale && !o.stale {
                d.newly_stale.push(Arc::clone(n));
            }
            if was_open && n.status == Status::Open && o.severity != n.severity {
                d.severity.push((Arc::clone(o), Arc::clone(n)));
            }
        }
        for (id, o) in &before {
            if o.status == Status::Open && !after.contains_key(id) && !stood_after.contains(&(&o.anchor, &o.rule)) {
                d.resolved.push((Arc::clone(o), Resolution::Gone, None));
            }
        }
        // And a folded member that closes while the one shown stays open is resolved.
        for o in before.values().filter(|o| o.status == Status::Open) {
            for m in &o.folded {
                let n = after.get(&m.id);
                if n.is_some_and(|n| n.status == Status::Open) || stood_after.contains(&(&m.anchor, &m.rule)) {
                    continue;
                }
                let why = match n {
                    None => Resolution::Gone,
                    Some(n) if n.status == Status::Mitigated => Resolution::Mitigated,
                    Some(_) => Resolution::Decided,
                };
                d.resolved.push((Arc::clone(m), why, n.map(|n| Arc::clone(n))));
            }
        }
        d
    }

    /// Whether the change adds risk at or above `threshold`: a new open finding there, or an
    /// open finding whose severity rose to it.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.new.iter().any(|f| f.severity >= threshold)
            || self
                .severity
                .iter()
                .any(|(o, n)| n.severity > o.severity && n.severity >= threshold)
    }

    /// Nothing about the findings changed.
    pub fn is_empty(&self) -> bool {
        self.new.is_empty()
            && self.resolved.is_empty()
            && self.retriaged.is_empty()
            && self.newly_stale.is_empty()
            && self.severity.is_empty()
    }
}

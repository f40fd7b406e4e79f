//! Threats people wrote, as findings beside the rules': the same fields, so every list, report
//! and gate shows them; their id is their rule id (`USER-…`). One is mitigated by a person's
//! statement, or when every control linked to it is implemented where it applies.

use super::finding::{Finding, Fnv, Mitigation, Status};
use crate::model::{ControlId, ControlState, ElementId, FindingId, Model, RuleId, ThreatTarget, UserThreat};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Every threat of `model` as a finding, in id order (triage is applied afterwards, as for
/// rules' findings).
pub(crate) fn findings(model: &Model) -> Vec<Arc<Finding>> {
    model
        .threats
        .iter()
        .map(|(id, t)| Arc::new(finding(model, id, t)))
        .collect()
}

fn finding(model: &Model, id: &FindingId, t: &UserThreat) -> Finding {
    let mut f = Finding::placeholder("");
    f.id = id.clone();
    f.rule = RuleId::new(id.as_str());
    f.title = Arc::from(t.statement.lines().next().unwrap_or_default());
    f.severity = t.severity;
    f.base_severity = t.severity;
    f.stride = Arc::from(t.stride.clone());
    f.references = Arc::new(t.references.clone());
    f.missing_controls = Arc::from(t.controls.clone());
    f.anchor = ElementId::new("");
    let empty = BTreeMap::new();
    // Where the linked controls count, and what the finding names.
    let (controls, place, gone): (&BTreeMap<ControlId, ControlState>, String, bool) = match &t.on {
        ThreatTarget::Model => (&empty, format!("the system {:?}", model.name), false),
        ThreatTarget::Element(e) => {
            f.anchor = e.clone();
            f.elements = vec![e.clone()];
            match model.elements.get(e) {
                Some(el) => (&el.controls, el.name.clone(), false),
                None => (&empty, format!("element {e}"), true),
            }
        }
        ThreatTarget::Flow(fl) => {
            f.flow = Some(fl.clone());
            match model.flows.get(fl) {
                Some(flow) => {
                    f.anchor = flow.to.clone();
                    f.elements = vec![flow.from.clone(), flow.to.clone()];
                    let label = if flow.label.is_empty() {
                        fl.as_str()
                    } else {
                        flow.label.as_str()
                    };
                    (&flow.controls, format!("flow {label:?}"), false)
                }
                None => (&empty, format!("flow {fl}"), true),
            }
        }
        ThreatTarget::Boundary(b) => {
            f.boundary = Some(b.clone());
            match model.boundaries.get(b) {
                Some(bd) => (&empty, format!("boundary {:?}", bd.name), false),
                None => (&empty, format!("boundary {b}"), true),
            }
        }
    };
    let mut why = format!(
        "Written by {}",
        if t.author.is_empty() {
            "a person"
        } else {
            t.author.as_str()
        }
    );
    why.push_str(&format!(" about {place}: {}", t.sentence()));
    if gone {
        why.push_str(" (what it is about is no longer in the model; undo or re-attach it)");
    }
    f.why = why;
    let missing: Vec<ControlId> = t
        .controls
        .iter()
        .filter(|c| controls.get(*c) != Some(&ControlState::Implemented))
        .cloned()
        .collect();
    if !t.mitigated.trim().is_empty() {
        f.status = Status::Mitigated;
        f.missing_controls = Arc::from(Vec::new());
    } else if !t.controls.is_empty() && missing.is_empty() && !gone {
        f.status = Status::Mitigated;
        f.mitigated_by = t
            .controls
            .iter()
            .map(|c| Mitigation {
                control: Some(c.clone()),
                element: f.anchor.clone(),
                flow: f.flow.clone(),
                answer: None,
                question: None,
            })
            .collect();
        f.missing_controls = Arc::from(Vec::new());
    } else {
        f.missing_controls = Arc::from(missing);
    }
    // What a verdict was given on: the threat as written and where it is.
    let mut h = Fnv::default();
    h.str(&format!("{t:?}"));
    f.fingerprint = format!("{:016x}", h.finish());
    f
}

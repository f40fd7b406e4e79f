//! One finding per threat: a rule's raw results (one per path, per flow, per script report) are
//! gathered into one finding per rule and anchor (`RULE@anchor`) that lists its members — the
//! paths, sources or flows — with a count. A reviewer reads each threat once.
//!
//! The raw results stay the unit of incremental evaluation; after an edit only the anchors
//! whose members changed are gathered again.

use super::compiled::{CompiledRule, Logic};
use super::finding::{Finding, Fnv, Member, Mitigation, Status};
use crate::model::{ControlId, ElementId, FindingId};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A rule's findings, sorted, shared between evaluations.
type Sorted = Arc<Vec<Arc<Finding>>>;

/// The aggregated findings of a rule (sorted by id) from its raw findings (sorted by raw id).
/// With `before` (the previous raw and aggregated lists), only anchors whose raw members
/// changed are rebuilt.
pub(crate) fn aggregate(rule: &CompiledRule, raw: &Sorted, before: Option<(&Sorted, &Sorted)>) -> Sorted {
    // One element, one finding, already `RULE@element`.
    if matches!(rule.logic, Logic::Element { .. }) {
        return raw.clone();
    }
    let prefix = format!("{}@", rule.rule.id);
    let Some((raw_before, agg_before)) = before else {
        let mut by_anchor: BTreeMap<&ElementId, Vec<&Arc<Finding>>> = BTreeMap::new();
        for f in raw.iter() {
            by_anchor.entry(&f.anchor).or_default().push(f);
        }
        let mut out: Vec<Arc<Finding>> = by_anchor.into_values().map(|m| fold(&prefix, &m)).collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        return Arc::new(out);
    };
    let changed = changed_anchors(raw_before, raw);
    if changed.is_empty() {
        return agg_before.clone();
    }
    let mut members: BTreeMap<&ElementId, Vec<&Arc<Finding>>> = BTreeMap::new();
    for f in raw.iter().filter(|f| changed.contains(&f.anchor)) {
        members.entry(&f.anchor).or_default().push(f);
    }
    let mut out: Vec<Arc<Finding>> = agg_before
        .iter()
        .filter(|f| !changed.contains(&f.anchor))
        .cloned()
        .collect();
    for m in members.into_values() {
        let f = fold(&prefix, &m);
        let at = out.partition_point(|x| x.id < f.id);
        out.insert(at, f);
    }
    Arc::new(out)
}

/// Anchors of raw findings that are in one list and not the other (compared by identity: an
/// untouched finding is the same `Arc` in both).
fn changed_anchors(old: &[Arc<Finding>], new: &[Arc<Finding>]) -> BTreeSet<ElementId> {
    let mut changed = BTreeSet::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if Arc::ptr_eq(a, b) => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) => {
                if (&a.id, &a.flow) <= (&b.id, &b.flow) {
                    changed.insert(a.anchor.clone());
                    i += 1;
                } else {
                    changed.insert(b.anchor.clone());
                    j += 1;
                }
            }
            (Some(a), None) => {
                changed.insert(a.anchor.clone());
                i += 1;
            }
            (None, Some(b)) => {
                changed.insert(b.anchor.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    changed
}

/// One finding from the raw findings of a rule at one anchor.
fn fold(prefix: &str, members: &[&Arc<Finding>]) -> Arc<Finding> {
    let Some(first) = members.iter().find(|f| f.status == Status::Open).or(members.first()) else {
        // Unreachable: an anchor has at least one member.
        return Arc::new(Finding::placeholder(prefix));
    };
    let id = FindingId::new(format!("{prefix}{}", first.anchor));
    if members.len() == 1 && first.id == id {
        return (*first).clone();
    }
    let mut f = (***first).clone();
    f.id = id;
    let open: Vec<&&Arc<Finding>> = members.iter().filter(|m| m.status == Status::Open).collect();
    f.status = if open.is_empty() {
        Status::Mitigated
    } else {
        Status::Open
    };
    let mut missing: Vec<ControlId> = Vec::new();
    for m in &open {
        for c in m.missing_controls.iter() {
            if !missing.contains(c) {
                missing.push(c.clone());
            }
        }
    }
    f.missing_controls = missing.into();
    // The worst of what is still open (or of everything, once all is closed).
    let counted: Vec<&&Arc<Finding>> = if open.is_empty() {
        members.iter().collect()
    } else {
        open.clone()
    };
    if let Some(worst) = counted.iter().max_by_key(|m| m.severity) {
        f.severity = worst.severity;
        f.severity_why = worst.severity_why.clone();
    }
    if f.status == Status::Mitigated {
        let mut by: Vec<Mitigation> = members.iter().flat_map(|m| m.mitigated_by.iter().cloned()).collect();
        by.sort();
        by.dedup();
        f.mitigated_by = by;
    } else {
        f.mitigated_by = Vec::new();
    }
    let mut elements: Vec<ElementId> = Vec::new();
    for m in members {
        for e in &m.elements {
            if !elements.contains(e) {
                elements.push(e.clone());
            }
        }
    }
    f.elements = elements;
    let mut h = Fnv::default();
    for m in members {
        h.str(&m.fingerprint);
    }
    f.fingerprint = format!("{:016x}", h.finish());
    {
        let noun = if first.path.is_empty() {
            if first.flow.is_some() { "flows" } else { "reports" }
        } else {
            "paths"
        };
        let still = if open.is_empty() {
            String::new()
        } else {
            format!(", {} of them open", open.len())
        };
        if members.len() > 1 {
            f.why = format!("{} {noun} lead here{still}. {}", members.len(), first.why);
        }
        f.members = members
            .iter()
            .map(|m| Member {
                id: m.id.clone(),
                elements: m.elements.clone(),
                path: m.path.clone(),
                flow: m.flow.clone(),
                why: m.why.clone(),
                status: m.status,
            })
            .collect();
    }
    Arc::new(f)
}

//! One finding per threat family on an element (issue 12, step 3). Rules that declare one
//! `family` raise one threat as experts list it, by different routes or with different
//! consequences (direct and indirect prompt injection; extraction, inversion and membership
//! inference through one inference API). Where several of them are open on one element, only
//! the most severe is shown: it carries the others (`folded`, with their ids, severities and
//! missing controls), lists their rules in `refines`, and its explanation names each with the
//! controls it lacks, so every report says what is folded. A folded finding comes back on its own
//! once the one shown is closed, and a finding a person triaged is never folded (a recorded
//! decision stays in view).
//!
//! Unlike refinement, which hides a general finding wherever the specific rule fired, folding
//! looks only at open findings: closing one member never hides another that is still open.
//!
//! This runs after refinement, on the lists refinement shows, and only for families whose
//! members' lists or the triage changed; the lists' identities are kept alive by the state that
//! holds them, so comparing pointers is sound.

use super::finding::{Finding, Status};
use crate::model::{ElementId, Model, RuleId};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One family's members' lists once folded, with the identities of the lists they came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    inputs: Vec<usize>,
    triage: u64,
    /// Per member, in the family's order.
    pub(crate) lists: Vec<Arc<Vec<Arc<Finding>>>>,
}

/// An open finding of a family member: the member's place in the family, the finding's place
/// in that member's list, and the finding.
type Member<'a> = (usize, usize, &'a Arc<Finding>);

/// Folds one family. `lists` are the members' shown lists in the family's order (rule id
/// order), `family` the family's id; `prev` is the last result, reused when no list and no
/// triage changed.
pub(crate) fn fold(
    family: &str,
    lists: &[&Arc<Vec<Arc<Finding>>>],
    prev: Option<&Folded>,
    model: &Model,
    triage: u64,
) -> Folded {
    let inputs: Vec<usize> = lists.iter().map(|l| Arc::as_ptr(l) as usize).collect();
    if let Some(p) = prev.filter(|p| p.inputs == inputs && p.triage == triage) {
        return p.clone();
    }
    // Open, untriaged findings by anchor, with their member and position in its list.
    let mut by_anchor: BTreeMap<&ElementId, Vec<Member<'_>>> = BTreeMap::new();
    for (m, list) in lists.iter().enumerate() {
        for (i, f) in list.iter().enumerate() {
            if f.status == Status::Open && !model.triage.contains_key(&f.id) {
                by_anchor.entry(&f.anchor).or_default().push((m, i, f));
            }
        }
    }
    // Per member: positions left out, and positions that stand for others (with which).
    let mut hidden: Vec<Vec<usize>> = vec![Vec::new(); lists.len()];
    let mut stands: Vec<BTreeMap<usize, Vec<&Arc<Finding>>>> = vec![BTreeMap::new(); lists.len()];
    for open in by_anchor.values().filter(|v| v.len() > 1) {
        // The most severe leads; among equals the first rule in id order.
        let Some(&(rm, ri, _)) = open.iter().max_by_key(|&&(m, _, f)| (f.severity, std::cmp::Reverse(m))) else {
            continue;
        };
        // A rule's own findings on one element are not folded into each other.
        for &(m, i, f) in open.iter().filter(|&&(m, _, _)| m != rm) {
            if let (Some(h), Some(s)) = (hidden.get_mut(m), stands.get_mut(rm)) {
                h.push(i);
                s.entry(ri).or_default().push(f);
            }
        }
    }
    for h in &mut hidden {
        h.sort_unstable();
    }
    let out = lists
        .iter()
        .zip(hidden.iter().zip(&stands))
        .map(|(list, (hidden, stands))| {
            if hidden.is_empty() && stands.is_empty() {
                return Arc::clone(list);
            }
            let kept = list
                .iter()
                .enumerate()
                .filter(|(i, _)| hidden.binary_search(i).is_err())
                .map(|(i, f)| match stands.get(&i) {
                    Some(others) => Arc::new(standing_for(f, others, family)),
                    None => Arc::clone(f),
                })
                .collect();
            Arc::new(kept)
        })
        .collect();
    Folded {
        inputs,
        triage,
        lists: out,
    }
}

/// `f` standing for `others` of its family: they are kept in its `folded`, their rules (and
/// what they stood for) join its `refines`, and its explanation names each with the controls
/// it lacks, so every report that prints the why says the same.
fn standing_for(f: &Finding, others: &[&Arc<Finding>], family: &str) -> Finding {
    let mut f = f.clone();
    let mut also = Vec::with_capacity(others.len());
    for o in others {
        for r in std::iter::once(&o.rule).chain(&o.refines) {
            push_unique(&mut f.refines, r);
        }
        also.push(named(o));
        f.folded.push(Arc::clone(o));
    }
    let family = family.replace('-', " ");
    f.why = [
        f.why.trim_end(),
        " Also here, one finding for the ",
        &family,
        " family: ",
        &also.join("; "),
        "; each shows on its own once this one is closed.",
    ]
    .concat();
    f
}

/// A finding named inside another that stands for it (a folded family member, a refined
/// general rule): its title, rule and the controls it lacks.
pub(crate) fn named(o: &Finding) -> String {
    let missing: Vec<&str> = o.missing_controls.iter().map(|c| c.as_str()).collect();
    if missing.is_empty() {
        [&o.title, " (", o.rule.as_str(), ")"].concat()
    } else {
        [&o.title, " (", o.rule.as_str(), "; missing ", &missing.join(", "), ")"].concat()
    }
}

pub(crate) fn push_unique(v: &mut Vec<RuleId>, r: &RuleId) {
    if !v.contains(r) {
        v.push(r.clone());
    }
}

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
//! holds them, so comparing pointers is sound. Where a few elements' findings changed (an edit),
//! only those elements are folded again and the rest of the last result is kept: folding a whole
//! family again cost about 2 ms of every edit at 10,000 elements.

use super::finding::{Finding, Status};
use crate::model::{ElementId, Model};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One family's members' lists once folded, with the identities of the lists they came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    /// The members' lists as given.
    inputs: Vec<Arc<Vec<Arc<Finding>>>>,
    triage: u64,
    /// Per member, in the family's order.
    pub(crate) lists: Vec<Arc<Vec<Arc<Finding>>>>,
}

/// An open finding of a family member: the member's place in the family, the finding's place
/// in that member's list, and the finding.
type Member<'a> = (usize, usize, &'a Arc<Finding>);

/// Per member: the positions left out, and the positions that stand for others (with which).
type Decisions<'a> = (Vec<Vec<usize>>, Vec<BTreeMap<usize, Vec<&'a Arc<Finding>>>>);

/// Past this many changed elements a family is folded whole again.
const PATCH_LIMIT: usize = 256;

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
    let inputs: Vec<Arc<Vec<Arc<Finding>>>> = lists.iter().map(|&l| l.clone()).collect();
    let prev = prev.filter(|p| p.triage == triage && p.inputs.len() == inputs.len());
    if let Some(p) = prev {
        if p.inputs.iter().zip(&inputs).all(|(a, b)| Arc::ptr_eq(a, b)) {
            return p.clone();
        }
        if let Some(folded) = patch(family, &inputs, p, model) {
            return folded;
        }
    }
    // Open, untriaged findings by anchor, with their member and position in its list.
    let mut by_anchor: BTreeMap<&ElementId, Vec<Member<'_>>> = BTreeMap::new();
    for (m, list) in lists.iter().enumerate() {
        for (i, f) in list.iter().enumerate() {
            // What `patch` finds a member's finding on an element by.
            debug_assert_eq!(
                f.id.as_str()
                    .strip_prefix(f.rule.as_str())
                    .and_then(|r| r.strip_prefix('@')),
                Some(f.anchor.as_str())
            );
            if f.status == Status::Open && !model.triage.contains_key(&f.id) {
                by_anchor.entry(&f.anchor).or_default().push((m, i, f));
            }
        }
    }
    let (hidden, stands) = decide(&by_anchor, lists.len());
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
                .filter_map(|(i, f)| shown(f, i, (hidden, stands), family))
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

/// Which of the open findings grouped by element are left out, and which stand for them.
fn decide<'a>(by_anchor: &BTreeMap<&ElementId, Vec<Member<'a>>>, members: usize) -> Decisions<'a> {
    let mut hidden: Vec<Vec<usize>> = vec![Vec::new(); members];
    let mut stands: Vec<BTreeMap<usize, Vec<&Arc<Finding>>>> = vec![BTreeMap::new(); members];
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
    (hidden, stands)
}

/// The last result `prev` brought up to date with `lists` by folding again only the elements
/// whose findings changed in some member (same triage); `None` when too many did.
fn patch(family: &str, lists: &[Arc<Vec<Arc<Finding>>>], prev: &Folded, model: &Model) -> Option<Folded> {
    let mut changed: Vec<&ElementId> = Vec::new();
    for (old, new) in prev.inputs.iter().zip(lists) {
        if !Arc::ptr_eq(old, new) {
            let (removed, added) = super::aggregate::diff(old, new);
            changed.extend(removed.into_iter().chain(added).map(|f| &f.anchor));
            if changed.len() > PATCH_LIMIT {
                return None;
            }
        }
    }
    changed.sort_unstable();
    changed.dedup();
    // Per member, the positions of its findings at the changed elements: a rule has one
    // finding per element, `RULE@element`, found by its id without reading the others.
    let at: Vec<Vec<usize>> = lists
        .iter()
        .map(|list| {
            let Some(rule) = list.first().map(|f| f.rule.as_str()) else {
                return Vec::new();
            };
            let mut key = String::new();
            changed
                .iter()
                .filter_map(|a| {
                    key.clear();
                    key.extend([rule, "@", a.as_str()]);
                    let k = list.partition_point(|f| f.id.as_str() < key.as_str());
                    list.get(k).filter(|f| f.id.as_str() == key).map(|_| k)
                })
                .collect()
        })
        .collect();
    // The open, untriaged findings at the changed elements.
    let mut by_anchor: BTreeMap<&ElementId, Vec<Member<'_>>> = BTreeMap::new();
    for (m, list) in lists.iter().enumerate() {
        for &i in &at[m] {
            let f = &list[i];
            if f.status == Status::Open && !model.triage.contains_key(&f.id) {
                by_anchor.entry(&f.anchor).or_default().push((m, i, f));
            }
        }
    }
    let (hidden, stands) = decide(&by_anchor, lists.len());
    let out = (0..lists.len())
        .map(|m| {
            let (list, before) = (&lists[m], &prev.lists[m]);
            if Arc::ptr_eq(list, &prev.inputs[m]) && at[m].is_empty() {
                return before.clone();
            }
            // Elsewhere a finding is what it was: it is shown as it was shown (as itself, or
            // standing for others), or left out as it was. Both lists are in id order.
            let mut kept = Vec::with_capacity(list.len());
            let mut o = 0;
            // In id order, as the changed elements are.
            let mut changed_here = at[m].iter().copied().peekable();
            for (i, f) in list.iter().enumerate() {
                if changed_here.next_if_eq(&i).is_some() {
                    kept.extend(shown(f, i, (&hidden[m], &stands[m]), family));
                    continue;
                }
                while o < before.len() && !Arc::ptr_eq(&before[o], f) && before[o].id < f.id {
                    o += 1;
                }
                if let Some(b) = before.get(o).filter(|b| Arc::ptr_eq(b, f) || b.id == f.id) {
                    kept.push(Arc::clone(b));
                    o += 1;
                }
            }
            Arc::new(kept)
        })
        .collect();
    Some(Folded {
        inputs: lists.to_vec(),
        triage: prev.triage,
        lists: out,
    })
}

/// Finding `f` at position `i` of its member's list as the fold decided: left out, standing for
/// others, or as it is.
fn shown(
    f: &Arc<Finding>,
    i: usize,
    (hidden, stands): (&[usize], &BTreeMap<usize, Vec<&Arc<Finding>>>),
    family: &str,
) -> Option<Arc<Finding>> {
    if hidden.binary_search(&i).is_ok() {
        return None;
    }
    Some(match stands.get(&i) {
        Some(others) => Arc::new(standing_for(f, others, family)),
        None => Arc::clone(f),
    })
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

/// Adds `r` to `v` unless it is there already (rule ids a finding stands for, elements it
/// involves: short lists, kept in first-seen order).
pub(crate) fn push_unique<T: PartialEq + Clone>(v: &mut Vec<T>, r: &T) {
    if !v.contains(r) {
        v.push(r.clone());
    }
}

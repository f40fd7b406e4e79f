//! One finding per threat: a rule's raw results (one per path, per flow, per script report) are
//! gathered into one finding per rule and anchor (`RULE@anchor`) that lists its members — the
//! paths, sources or flows — with a count. A reviewer reads each threat once.
//!
//! The raw results stay the unit of incremental evaluation; after an edit only the anchors
//! whose members changed are gathered again.

use super::compiled::{CompiledRule, Logic};
use super::finding::{Finding, Fnv, Mitigation, Status};
use crate::model::{ControlId, ElementId, FindingId};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Raw findings at one anchor.
type Members<'a> = Vec<&'a Arc<Finding>>;

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
    let (removed, added) = diff(raw_before, raw);
    if removed.is_empty() && added.is_empty() {
        return agg_before.clone();
    }
    // The anchors whose members changed, with the members that left and joined.
    let mut changed: BTreeMap<&ElementId, (Members, Members)> = BTreeMap::new();
    for f in &removed {
        changed.entry(&f.anchor).or_default().0.push(f);
    }
    for f in &added {
        changed.entry(&f.anchor).or_default().1.push(f);
    }
    let mut out: Vec<Arc<Finding>> = (**agg_before).clone();
    for (anchor, (gone, joined)) in changed {
        let id = [prefix.as_str(), anchor.as_str()].concat();
        let at = out.binary_search_by(|f| f.id.as_str().cmp(&id));
        // The members before: listed in the gathered finding, or the finding itself.
        let mut keys: Vec<(FindingId, Option<crate::model::FlowId>)> = match at {
            Ok(i) if out[i].members.is_empty() => vec![(out[i].id.clone(), out[i].flow.clone())],
            Ok(i) => out[i].members.iter().map(|m| (m.id.clone(), m.flow.clone())).collect(),
            Err(_) => Vec::new(),
        };
        keys.retain(|k| !gone.iter().any(|g| g.id == k.0 && g.flow == k.1));
        keys.extend(joined.iter().map(|f| (f.id.clone(), f.flow.clone())));
        keys.sort();
        keys.dedup();
        // Every raw finding with a member's key: a script may report one thing twice (once per
        // gateway in front of one service), and both are members, as a full gathering has them.
        let mut members: Vec<&Arc<Finding>> = keys
            .iter()
            .flat_map(|(kid, kflow)| {
                let key = (kid, kflow);
                let lo = raw.partition_point(|f| (&f.id, &f.flow) < key);
                let hi = raw.partition_point(|f| (&f.id, &f.flow) <= key);
                &raw[lo..hi]
            })
            .collect();
        members.sort_by(|a, b| (&a.id, &a.flow).cmp(&(&b.id, &b.flow)));
        members.dedup_by(|a, b| Arc::ptr_eq(a, b));
        match (at, members.is_empty()) {
            (Ok(i), true) => {
                out.remove(i);
            }
            (Ok(i), false) => out[i] = fold(&prefix, &members),
            (Err(_), true) => {}
            (Err(i), false) => out.insert(i, fold(&prefix, &members)),
        }
    }
    Arc::new(out)
}

/// The findings only in `old` (left) and only in `new` (joined; raw lists here, shown lists when
/// families fold again), compared by identity: an untouched finding is the same `Arc` in both
/// lists, both sorted by (id, flow).
pub(crate) fn diff<'a>(
    old: &'a [Arc<Finding>],
    new: &'a [Arc<Finding>],
) -> (Vec<&'a Arc<Finding>>, Vec<&'a Arc<Finding>>) {
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    loop {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if Arc::ptr_eq(a, b) => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) => match (&a.id, &a.flow).cmp(&(&b.id, &b.flow)) {
                std::cmp::Ordering::Less => {
                    removed.push(a);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    added.push(b);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    removed.push(a);
                    added.push(b);
                    i += 1;
                    j += 1;
                }
            },
            (Some(a), None) => {
                removed.push(a);
                i += 1;
            }
            (None, Some(b)) => {
                added.push(b);
                j += 1;
            }
            (None, None) => break,
        }
    }
    (removed, added)
}

/// One finding from the raw findings of a rule at one anchor.
pub(crate) fn fold(prefix: &str, members: &[&Arc<Finding>]) -> Arc<Finding> {
    let Some(first) = members.iter().find(|f| f.status == Status::Open).or(members.first()) else {
        // Unreachable: an anchor has at least one member.
        return Arc::new(Finding::placeholder(prefix));
    };
    let id = FindingId::new([prefix, first.anchor.as_str()].concat());
    if members.len() == 1 && first.id == id {
        return (*first).clone();
    }
    let open: Vec<&&Arc<Finding>> = members.iter().filter(|m| m.status == Status::Open).collect();
    let status = if open.is_empty() {
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
    // The worst of what is still open (or of everything, once all is closed).
    let counted: Vec<&&Arc<Finding>> = if open.is_empty() {
        members.iter().collect()
    } else {
        open.clone()
    };
    let worst = counted.iter().max_by_key(|m| m.severity).map_or(*first, |m| **m);
    let mitigated_by = if status == Status::Mitigated {
        let mut by: Vec<Mitigation> = members.iter().flat_map(|m| m.mitigated_by.iter().cloned()).collect();
        by.sort();
        by.dedup();
        by
    } else {
        Vec::new()
    };
    let mut seen: rustc_hash::FxHashSet<&ElementId> = rustc_hash::FxHashSet::default();
    let mut elements: Vec<ElementId> = Vec::new();
    for m in members {
        for e in &m.elements {
            if seen.insert(e) {
                elements.push(e.clone());
            }
        }
    }
    let mut h = Fnv::default();
    for m in members {
        h.str(&m.fingerprint);
    }
    let why = if members.len() > 1 {
        let noun = if first.path.is_empty() {
            if first.flow.is_some() { "flows" } else { "reports" }
        } else {
            "paths"
        };
        let mut why = members.len().to_string();
        why.push(' ');
        why.push_str(noun);
        why.push_str(" lead here");
        if !open.is_empty() {
            why.push_str(", ");
            why.push_str(&open.len().to_string());
            why.push_str(" of them open");
        }
        why.push_str(". ");
        why.push_str(&first.why);
        why
    } else {
        first.why.clone()
    };
    // Built field by field from the first member: cloning it whole and then replacing its id,
    // why, elements, controls and fingerprint made and dropped those for every gathered
    // finding (issue 15).
    let f = Finding {
        id,
        rule: first.rule.clone(),
        title: first.title.clone(),
        severity: worst.severity,
        base_severity: first.base_severity,
        severity_why: worst.severity_why.clone(),
        assessed_severity: first.assessed_severity,
        computed_severity: first.computed_severity,
        status,
        review_due: first.review_due,
        anchor: first.anchor.clone(),
        elements,
        flow: first.flow.clone(),
        boundary: first.boundary.clone(),
        path: first.path.clone(),
        why,
        missing_controls: missing.into(),
        mitigated_by,
        closing: first.closing.clone(),
        members: members.iter().map(|m| (*m).clone()).collect(),
        refines: first.refines.clone(),
        folded: first.folded.clone(),
        stride: first.stride.clone(),
        references: first.references.clone(),
        fingerprint: super::finding::hex16(h.finish()),
        triage: first.triage.clone(),
        stale: first.stale,
    };
    Arc::new(f)
}

/// Where what a member of a finding is about comes from: a path's source (and the element its
/// last hop leaves, where it enters the anchor), a flow (and its sender), or the whole element
/// (an element rule's finding, a script's report).
enum Origin<'a> {
    Whole,
    Path {
        source: &'a ElementId,
        entry: &'a ElementId,
        along: &'a [ElementId],
    },
    Flow {
        flow: &'a crate::model::FlowId,
        from: &'a ElementId,
    },
}

fn origin(m: &Finding) -> Origin<'_> {
    if let Some(source) = m.path.first() {
        let entry = m
            .path
            .len()
            .checked_sub(2)
            .and_then(|k| m.path.get(k))
            .unwrap_or(source);
        return Origin::Path {
            source,
            entry,
            along: &m.path,
        };
    }
    match (&m.flow, m.elements.first()) {
        (Some(flow), Some(from)) => Origin::Flow { flow, from },
        _ => Origin::Whole,
    }
}

/// Whether `specific` (a member of a refining finding) speaks for `general` (a member of the
/// finding it refines at the same anchor, whose members' sources are `sources`): a finding
/// about the whole element speaks for all of it, and anything speaks for a finding about the
/// whole element. A path that starts where the general finding's paths start too speaks for
/// those from an element on it (its own source, or one it passes), not for paths from
/// elsewhere: code one model suggests says nothing of another model's prose answers to the
/// same person. A path that starts where none of them does (private data, where the general
/// rule walks from the model that renders it) is about what reaches the anchor and speaks for
/// all its paths. A path speaks for the flow its last hop arrives over; a flow for itself and
/// for the paths whose last hop leaves its sender.
///
/// A refining finding at another element (`at`, the general finding's anchor, is one of the
/// receivers it names: what its element hands the threat on to) speaks only for the same
/// hand-over: a path from its element to that receiver through nothing else it names (the
/// hosts and validators its walk went through), or a flow from its element straight to it. A
/// path from another source, or one through an element it names as acting itself, is another
/// hand-over.
fn covers(specific: &Finding, general: &Finding, sources: &[&ElementId], at: &ElementId) -> bool {
    if specific.anchor != *at {
        return match origin(general) {
            Origin::Path { source, along, .. } => {
                *source == specific.anchor
                    && along.last() == Some(at)
                    && along
                        .get(1..along.len().saturating_sub(1))
                        .is_some_and(|inner| inner.iter().all(|e| !specific.elements.contains(e)))
            }
            Origin::Flow { from, .. } => *from == specific.anchor,
            Origin::Whole => false,
        };
    }
    match (origin(specific), origin(general)) {
        (Origin::Whole, _) | (_, Origin::Whole) => true,
        (Origin::Path { source: own, along, .. }, Origin::Path { source, .. }) => {
            !sources.contains(&own) || along.contains(source)
        }
        (Origin::Flow { flow: a, .. }, Origin::Flow { flow: b, .. }) => a == b,
        (Origin::Path { entry, .. }, Origin::Flow { from, .. })
        | (Origin::Flow { from, .. }, Origin::Path { entry, .. }) => entry == from,
    }
}

/// A finding's members, or the finding itself where it gathers none.
fn members_of(f: &Arc<Finding>) -> &[Arc<Finding>] {
    if f.members.is_empty() {
        std::slice::from_ref(f)
    } else {
        &f.members
    }
}

/// How much of a general finding open refining findings at its anchor speak for.
pub(crate) enum Coverage<'a> {
    /// None of it: it shows as it is.
    None,
    /// Some members: it shows with the others (`rest`); `left` are those the refining findings
    /// stand for.
    Part {
        rest: Vec<&'a Arc<Finding>>,
        left: Vec<&'a Arc<Finding>>,
    },
    /// All of it: it is left out.
    All,
}

/// What of `general` the members of `specifics` (refining findings at its anchor, or naming it
/// as a receiver) speak for, member by member ([`speaks_for`]): where the specific form is
/// closed on one source and the general threat from that source is not closed alike, the
/// general threat from that source shows.
pub(crate) fn coverage<'a>(general: &'a Arc<Finding>, specifics: &[&Arc<Finding>]) -> Coverage<'a> {
    let members: Vec<&Arc<Finding>> = specifics.iter().flat_map(|s| members_of(s)).collect();
    let sources: Vec<&ElementId> = members_of(general).iter().filter_map(|m| m.path.first()).collect();
    let (left, rest): (Vec<&Arc<Finding>>, Vec<&Arc<Finding>>) = members_of(general).iter().partition(|g| {
        members
            .iter()
            .any(|s| speaks_for(s, g) && covers(s, g, &sources, &general.anchor))
    });
    match (left.is_empty(), rest.is_empty()) {
        (true, _) => Coverage::None,
        (false, true) => Coverage::All,
        (false, false) => Coverage::Part { rest, left },
    }
}

/// Whether a refining rule's finding `spec` stands for the general finding `general` on its
/// element. An open one does, whatever the general finding's status. A mitigated one does only
/// for a general finding that is mitigated too and by nothing the specific one was not: two
/// closed rows for one threat say nothing a reader needs twice, while a general threat that is
/// open, or closed in a way of its own, keeps its own row (as a folded family member does).
pub(crate) fn speaks_for(spec: &Finding, general: &Finding) -> bool {
    match spec.status {
        Status::Open => true,
        Status::Mitigated => {
            general.status == Status::Mitigated
                && !general.mitigated_by.is_empty()
                && general.mitigated_by.iter().all(|m| spec.mitigated_by.contains(m))
        }
        _ => false,
    }
}

/// `general` showing only its members `rest`, the others being spoken for by refining findings
/// (`by`, their rules): gathered again from those members, with the elements and words later
/// steps added to it (inputs, relays) kept, a sentence naming where the rest went (`from`,
/// the quoted sources or senders of the members left out), and its own fingerprint, so a
/// decision given on it holds when the refining finding closes and it shows whole again.
pub(crate) fn restrict(general: &Arc<Finding>, rest: &[&Arc<Finding>], from: &[String], by: &[&str]) -> Arc<Finding> {
    let prefix = [general.rule.as_str(), "@"].concat();
    let all: Vec<&Arc<Finding>> = general.members.iter().collect();
    let whole = fold(&prefix, &all);
    let mut shown = fold(&prefix, rest);
    let f = Arc::make_mut(&mut shown);
    let mut within: rustc_hash::FxHashSet<&ElementId> = rustc_hash::FxHashSet::default();
    for m in &general.members {
        within.extend(m.elements.iter());
    }
    for e in general.elements.iter().filter(|e| !within.contains(e)) {
        super::family::push_unique(&mut f.elements, e);
    }
    if let Some(added) = general.why.strip_prefix(whole.why.as_str()) {
        f.why.push_str(added);
    }
    let noun = if general.members.iter().any(|m| !m.path.is_empty()) {
        "paths"
    } else {
        "flows"
    };
    let stand = if by.len() == 1 { "stands" } else { "stand" };
    f.why = format!(
        "{} Its {noun} from {} are left to {}, which {stand} for them here.",
        f.why.trim_end(),
        from.join(", "),
        by.join(", ")
    );
    f.fingerprint = general.fingerprint.clone();
    shown
}

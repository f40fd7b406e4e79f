//! Semantic diff of two models, expressed as the model's own edits: applying [`diff`]`(old,
//! new)` to `old` gives `new` exactly, so a diff can be reviewed, replayed and merged with the
//! same machinery as an edit in the app. [`describe`] says the same for people: what was added,
//! removed or changed, and which fields.

use super::document::Model;
use super::edit::Edit;
use super::flow::Flow;
use super::ids::FlowId;
use super::layout::Layout;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The edits that turn `old` into `new`, in an order that applies cleanly: new boundaries,
/// elements and flows before what refers to them, removals last, layout at the end.
pub fn diff(old: &Model, new: &Model) -> Vec<Edit> {
    // Every field is named, so a field added to the model fails to compile here until the diff
    // covers it.
    let Model {
        format: _,
        name,
        description,
        elements,
        flows,
        boundaries,
        notes,
        threats,
        triage,
        layout,
        conflicts,
        pasta,
        sessions,
        votes,
    } = new;
    let mut edits = Vec::new();
    if (name, description) != (&old.name, &old.description) {
        edits.push(Edit::SetModelInfo {
            name: name.clone(),
            description: description.clone(),
        });
    }
    // Boundaries: add the new ones at the top level, then give every new or re-parented
    // boundary its content. Parents that change are cleared first so that two boundaries
    // swapping their nesting never form a cycle on the way.
    for (id, b) in boundaries {
        if !old.boundaries.contains_key(id) {
            let mut top = b.clone();
            top.parent = None;
            edits.push(Edit::AddBoundary {
                id: id.clone(),
                boundary: top,
                rect: None,
                members: BTreeSet::new(),
                children: BTreeSet::new(),
            });
        }
    }
    for (id, b) in boundaries {
        if let Some(o) = old.boundaries.get(id)
            && o.parent != b.parent
            && o.parent.is_some()
        {
            let mut top = o.clone();
            top.parent = None;
            edits.push(Edit::SetBoundary {
                id: id.clone(),
                boundary: top,
            });
        }
    }
    for (id, b) in boundaries {
        let before = old.boundaries.get(id).map(|o| {
            let mut o = o.clone();
            if o.parent != b.parent {
                o.parent = None;
            }
            o
        });
        let before = before.or_else(|| {
            let mut top = b.clone();
            top.parent = None;
            Some(top)
        });
        if before.as_ref() != Some(b) {
            edits.push(Edit::SetBoundary {
                id: id.clone(),
                boundary: b.clone(),
            });
        }
    }
    for (id, e) in elements {
        match old.elements.get(id) {
            None => edits.push(Edit::AddElement {
                id: id.clone(),
                element: e.clone(),
                position: layout.elements.get(id).copied(),
                flows: BTreeMap::new(),
                routes: BTreeMap::new(),
            }),
            Some(o) if o != e => edits.push(Edit::SetElement {
                id: id.clone(),
                element: e.clone(),
            }),
            Some(_) => {}
        }
    }
    for (id, f) in flows {
        match old.flows.get(id) {
            None => edits.push(Edit::AddFlow {
                id: id.clone(),
                flow: f.clone(),
                route: layout.flows.get(id).cloned().unwrap_or_default(),
            }),
            Some(o) if o != f => edits.push(Edit::SetFlow {
                id: id.clone(),
                flow: f.clone(),
            }),
            Some(_) => {}
        }
    }
    for (id, t) in threats {
        if old.threats.get(id) != Some(t) {
            edits.push(Edit::SetThreat {
                id: id.clone(),
                threat: Some(t.clone()),
            });
        }
    }
    for (id, n) in notes {
        if old.notes.get(id) != Some(n) {
            edits.push(Edit::SetNote {
                id: id.clone(),
                note: Some(n.clone()),
            });
        }
    }
    for (id, t) in triage {
        if old.triage.get(id) != Some(t) {
            edits.push(Edit::SetTriage {
                finding: id.clone(),
                triage: Some(t.clone()),
            });
        }
    }
    // After additions (objectives may name new components), before removals.
    if pasta != &old.pasta {
        edits.push(Edit::SetPasta { pasta: pasta.clone() });
    }
    for (id, s) in sessions {
        if old.sessions.get(id) != Some(s) {
            edits.push(Edit::SetSession {
                id: id.clone(),
                session: Some(s.clone()),
            });
        }
    }
    for (id, v) in votes {
        if old.votes.get(id) != Some(v) {
            edits.push(Edit::SetVotes {
                finding: id.clone(),
                votes: Some(v.clone()),
            });
        }
    }
    for id in old.sessions.keys().filter(|id| !sessions.contains_key(*id)) {
        edits.push(Edit::SetSession {
            id: id.clone(),
            session: None,
        });
    }
    for id in old.votes.keys().filter(|id| !votes.contains_key(*id)) {
        edits.push(Edit::SetVotes {
            finding: id.clone(),
            votes: None,
        });
    }
    // Removals: what refers to an element goes before the element.
    for id in old.triage.keys().filter(|id| !triage.contains_key(*id)) {
        edits.push(Edit::SetTriage {
            finding: id.clone(),
            triage: None,
        });
    }
    for id in old.threats.keys().filter(|id| !threats.contains_key(*id)) {
        edits.push(Edit::SetThreat {
            id: id.clone(),
            threat: None,
        });
    }
    for id in old.notes.keys().filter(|id| !notes.contains_key(*id)) {
        edits.push(Edit::SetNote {
            id: id.clone(),
            note: None,
        });
    }
    for id in old.flows.keys().filter(|id| !flows.contains_key(*id)) {
        edits.push(Edit::RemoveFlow { id: id.clone() });
    }
    for id in old.elements.keys().filter(|id| !elements.contains_key(*id)) {
        edits.push(Edit::RemoveElement { id: id.clone() });
    }
    for id in old.boundaries.keys().filter(|id| !boundaries.contains_key(*id)) {
        edits.push(Edit::RemoveBoundary { id: id.clone() });
    }
    layout_edits(&old.layout, layout, flows, &mut edits);
    if conflicts != &old.conflicts {
        edits.push(Edit::SetConflicts {
            conflicts: conflicts.clone(),
        });
    }
    edits
}

/// Positions, rectangles and waypoints that differ. Added elements were placed, and added
/// flows routed, when they were added.
fn layout_edits(old: &Layout, new: &Layout, flows: &BTreeMap<FlowId, Flow>, edits: &mut Vec<Edit>) {
    let Layout {
        elements,
        boundaries,
        flows: routes,
    } = new;
    let added: BTreeSet<_> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::AddElement { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect();
    let mut positions = BTreeMap::new();
    for (id, p) in elements {
        if old.elements.get(id) != Some(p) && !added.contains(id) {
            positions.insert(id.clone(), Some(*p));
        }
    }
    // A removed element's position went with it; a kept one that lost its place is unplaced.
    let removed: BTreeSet<_> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::RemoveElement { id } => Some(id.clone()),
            _ => None,
        })
        .collect();
    for id in old.elements.keys() {
        if !elements.contains_key(id) && !removed.contains(id) {
            positions.insert(id.clone(), None);
        }
    }
    let added_flows: BTreeSet<_> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::AddFlow { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect();
    // A move drops the waypoints of the flows it touches, so those keep theirs explicitly.
    let mut route_edits = BTreeMap::new();
    for (id, f) in flows {
        if added_flows.contains(id) {
            continue;
        }
        let after = routes.get(id);
        let touched = positions.contains_key(&f.from) || positions.contains_key(&f.to);
        if old.flows.get(id) != after || (touched && after.is_some()) {
            route_edits.insert(id.clone(), after.cloned());
        }
    }
    if !positions.is_empty() || !route_edits.is_empty() {
        edits.push(Edit::MoveElements {
            positions,
            routes: route_edits,
        });
    }
    let removed_boundaries: BTreeSet<_> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::RemoveBoundary { id } => Some(id.clone()),
            _ => None,
        })
        .collect();
    for (id, r) in boundaries {
        if old.boundaries.get(id) != Some(r) {
            edits.push(Edit::SetBoundaryRect {
                id: id.clone(),
                rect: Some(*r),
            });
        }
    }
    for id in old.boundaries.keys() {
        if !boundaries.contains_key(id) && !removed_boundaries.contains(id) {
            edits.push(Edit::SetBoundaryRect {
                id: id.clone(),
                rect: None,
            });
        }
    }
}

/// What happened to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change", content = "fields")]
pub enum Change {
    /// It is new.
    Added,
    /// It is gone.
    Removed,
    /// These fields differ.
    Changed(Vec<String>),
}

/// One added, removed or changed item, with the name people know it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// Its id.
    pub id: String,
    /// Its name (the new one when it changed).
    pub name: String,
    /// What happened.
    #[serde(flatten)]
    pub change: Change,
}

/// The design side of a diff, for people: items added, removed or changed (with the fields
/// that changed) per section, and layout-only changes counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DesignDiff {
    /// Whether the name or description changed.
    pub info_changed: bool,
    /// Elements.
    pub elements: Vec<ItemChange>,
    /// Flows.
    pub flows: Vec<ItemChange>,
    /// Trust boundaries.
    pub boundaries: Vec<ItemChange>,
    /// Decisions, assumptions and notes.
    pub notes: Vec<ItemChange>,
    /// Threats people wrote.
    pub threats: Vec<ItemChange>,
    /// Triage decisions.
    pub triage: Vec<ItemChange>,
    /// Workshop sessions.
    pub sessions: Vec<ItemChange>,
    /// The room's votes on findings.
    pub votes: Vec<ItemChange>,
    /// Elements moved and boundaries resized, and nothing else changed about them.
    pub layout_moves: usize,
}

impl DesignDiff {
    /// Nothing but layout changed (or nothing at all).
    pub fn is_layout_only(&self) -> bool {
        !self.info_changed
            && self.elements.is_empty()
            && self.flows.is_empty()
            && self.boundaries.is_empty()
            && self.notes.is_empty()
            && self.threats.is_empty()
            && self.triage.is_empty()
            && self.sessions.is_empty()
            && self.votes.is_empty()
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.is_layout_only() && self.layout_moves == 0
    }
}

/// The design changes between two models, item by item.
pub fn describe(old: &Model, new: &Model) -> DesignDiff {
    let mut layout_moves = 0;
    for (id, p) in &new.layout.elements {
        if old.elements.contains_key(id) && old.layout.elements.get(id) != Some(p) {
            layout_moves += 1;
        }
    }
    for (id, r) in &new.layout.boundaries {
        if old.boundaries.contains_key(id) && old.layout.boundaries.get(id) != Some(r) {
            layout_moves += 1;
        }
    }
    DesignDiff {
        info_changed: (&old.name, &old.description) != (&new.name, &new.description),
        elements: section(&old.elements, &new.elements, |e| e.name.clone()),
        flows: section(&old.flows, &new.flows, |f| {
            if f.label.is_empty() {
                format!("{} → {}", f.from, f.to)
            } else {
                f.label.clone()
            }
        }),
        boundaries: section(&old.boundaries, &new.boundaries, |b| b.name.clone()),
        notes: section(&old.notes, &new.notes, |n| first_line(&n.text)),
        threats: section(&old.threats, &new.threats, |t| first_line(&t.sentence())),
        triage: section(&old.triage, &new.triage, |t| t.status.label().to_string()),
        sessions: section(&old.sessions, &new.sessions, |s| format!("{} ({})", s.title, s.date)),
        votes: section(&old.votes, &new.votes, |v| {
            v.confirmed
                .or_else(|| v.proposed())
                .map_or("votes".to_string(), |s| format!("votes: {}", s.id()))
        }),
        layout_moves,
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    match line.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// Added, removed and changed entries of one id-keyed section. Which fields changed is read
/// from the entries' serialised form, so a field added later is named without code here.
fn section<K, V>(old: &BTreeMap<K, V>, new: &BTreeMap<K, V>, name: impl Fn(&V) -> String) -> Vec<ItemChange>
where
    K: Ord + std::fmt::Display,
    V: PartialEq + Serialize,
{
    let mut out = Vec::new();
    for (id, v) in new {
        let change = match old.get(id) {
            None => Change::Added,
            Some(o) if o != v => Change::Changed(changed_fields(o, v)),
            Some(_) => continue,
        };
        out.push(ItemChange {
            id: id.to_string(),
            name: name(v),
            change,
        });
    }
    for (id, v) in old {
        if !new.contains_key(id) {
            out.push(ItemChange {
                id: id.to_string(),
                name: name(v),
                change: Change::Removed,
            });
        }
    }
    out
}

fn changed_fields<V: Serialize>(old: &V, new: &V) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return vec!["value".into()];
    };
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| k.to_string())
        .collect()
}

//! Three-way merge of models: what each side changed since their common ancestor is combined
//! item by item and field by field, so two people editing different elements, flows, answers,
//! controls, triage or layout merge cleanly. A field both changed differently, or an item one
//! removed and the other changed, becomes a [`Conflict`] record in the merged model (ours, or
//! the changed side, stays in place meanwhile), so the file stays valid and nothing is lost.
//! Concurrent layout changes are not conflicts: ours wins, with a note.

use super::conflict::Conflict;
use super::document::Model;
use super::layout::Layout;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The merged model and what happened on the way.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merge; its `conflicts` lists what is left to settle.
    pub model: Model,
    /// What was decided without asking (layout taken from ours, items kept because the other
    /// side still refers to them).
    pub notes: Vec<String>,
}

/// Merges `ours` and `theirs`, both descended from `base`.
pub fn merge(base: &Model, ours: &Model, theirs: &Model) -> Merged {
    // Every field is named: a section added to the model fails to compile here until it merges.
    let Model {
        format,
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
    } = ours;
    let mut c = Vec::new();
    let mut said = Vec::new();
    let name = value3(&base.name, name, &theirs.name, "model", "", "name", &mut c);
    let description = value3(
        &base.description,
        description,
        &theirs.description,
        "model",
        "",
        "description",
        &mut c,
    );
    let elements = map3(&base.elements, elements, &theirs.elements, "elements", &mut c);
    // Objectives name components; a component one side deleted leaves every side's objectives
    // first, so a deletion is not taken for a change to the PASTA section.
    let present = |p: &super::Pasta| {
        let mut p = p.clone();
        for o in &mut p.objectives {
            o.elements.retain(|e| elements.contains_key(e));
        }
        p
    };
    let pasta = value3(
        &present(&base.pasta),
        &present(pasta),
        &present(&theirs.pasta),
        "pasta",
        "",
        "",
        &mut c,
    );
    let mut model = Model {
        format: *format,
        name,
        description,
        elements,
        flows: map3(&base.flows, flows, &theirs.flows, "flows", &mut c),
        boundaries: map3(&base.boundaries, boundaries, &theirs.boundaries, "boundaries", &mut c),
        notes: map3(&base.notes, notes, &theirs.notes, "notes", &mut c),
        threats: map3(&base.threats, threats, &theirs.threats, "threats", &mut c),
        triage: map3(&base.triage, triage, &theirs.triage, "triage", &mut c),
        layout: layout3(&base.layout, layout, &theirs.layout, &mut said),
        conflicts: Vec::new(),
        pasta,
        sessions: map3(&base.sessions, sessions, &theirs.sessions, "sessions", &mut c),
        votes: map3(&base.votes, votes, &theirs.votes, "votes", &mut c),
    };
    keep_what_is_referred_to(&mut model, ours, theirs, &mut c, &mut said);
    // Conflicts still open on either side are carried over, once each.
    let mut carried: Vec<Conflict> = conflicts.clone();
    for x in theirs.conflicts.iter().chain(&c) {
        if !carried.contains(x) {
            carried.push(x.clone());
        }
    }
    model.conflicts = carried;
    // Layout for items that are gone is dropped.
    model.layout.elements.retain(|id, _| model.elements.contains_key(id));
    model.layout.flows.retain(|id, _| model.flows.contains_key(id));
    model
        .layout
        .boundaries
        .retain(|id, _| model.boundaries.contains_key(id));
    // Edits that are each fine can still make an invalid whole (each side nests one boundary
    // in the other). Then ours is the result, and the reason is the conflict to settle.
    if let Some(error) = model.validate().into_iter().next() {
        let mut fallback = ours.clone();
        fallback.conflicts.push(Conflict {
            section: "model".into(),
            id: String::new(),
            field: String::new(),
            base: None,
            ours: None,
            theirs: Some(text(&Value::String(format!(
                "their changes could not be combined with ours ({error}); merge by hand"
            )))),
        });
        said.push(format!("the combined model was invalid ({error}); ours was kept"));
        return Merged {
            model: fallback,
            notes: said,
        };
    }
    Merged { model, notes: said }
}

fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn text(v: &Value) -> String {
    v.to_string()
}

/// One value: whoever changed it wins; both changed differently is a conflict (ours stays).
fn value3<T: Clone + PartialEq + Serialize>(
    base: &T,
    ours: &T,
    theirs: &T,
    section: &str,
    id: &str,
    field: &str,
    c: &mut Vec<Conflict>,
) -> T {
    if ours == theirs || theirs == base {
        ours.clone()
    } else if ours == base {
        theirs.clone()
    } else {
        c.push(Conflict {
            section: section.into(),
            id: id.into(),
            field: field.into(),
            base: Some(text(&json(base))),
            ours: Some(text(&json(ours))),
            theirs: Some(text(&json(theirs))),
        });
        ours.clone()
    }
}

/// An id-keyed section, item by item; items both sides changed are merged field by field.
fn map3<K, V>(
    base: &BTreeMap<K, V>,
    ours: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
    section: &str,
    c: &mut Vec<Conflict>,
) -> BTreeMap<K, V>
where
    K: Ord + Clone + std::fmt::Display,
    V: Clone + PartialEq + Serialize + DeserializeOwned,
{
    let ids: BTreeSet<&K> = base.keys().chain(ours.keys()).chain(theirs.keys()).collect();
    let mut out = BTreeMap::new();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        let merged = if o == t || t == b {
            o.cloned()
        } else if o == b {
            t.cloned()
        } else {
            match (b, o, t) {
                (_, Some(o), Some(t)) => Some(fields3(b, o, t, section, &id.to_string(), c)),
                // One side removed what the other changed: keep the changed one, and ask.
                (_, o, t) => {
                    c.push(Conflict {
                        section: section.into(),
                        id: id.to_string(),
                        field: String::new(),
                        base: b.map(|v| text(&json(v))),
                        ours: o.map(|v| text(&json(v))),
                        theirs: t.map(|v| text(&json(v))),
                    });
                    o.or(t).cloned()
                }
            }
        };
        if let Some(v) = merged {
            out.insert(id.clone(), v);
        }
    }
    out
}

/// Both sides changed one item: merge its fields, and maps inside it (answers, controls) key
/// by key. Falls back to ours, with one conflict for the item, should the result not read back.
fn fields3<V>(base: Option<&V>, ours: &V, theirs: &V, section: &str, id: &str, c: &mut Vec<Conflict>) -> V
where
    V: Clone + Serialize + DeserializeOwned,
{
    let (b, o, t) = (base.map(json).unwrap_or(Value::Null), json(ours), json(theirs));
    let mut found = Vec::new();
    let merged = value_merge(&b, &o, &t, "", &mut found);
    match serde_json::from_value::<V>(merged) {
        Ok(v) => {
            for (field, (b, o, t)) in found {
                c.push(Conflict {
                    section: section.into(),
                    id: id.into(),
                    field,
                    base: b.map(|v| text(&v)),
                    ours: o.map(|v| text(&v)),
                    theirs: t.map(|v| text(&v)),
                });
            }
            v
        }
        Err(_) => {
            c.push(Conflict {
                section: section.into(),
                id: id.into(),
                field: String::new(),
                base: base.map(|v| text(&json(v))),
                ours: Some(text(&json(ours))),
                theirs: Some(text(&json(theirs))),
            });
            ours.clone()
        }
    }
}

type Found = Vec<(String, (Option<Value>, Option<Value>, Option<Value>))>;

/// Three-way merge of JSON values: objects key by key (two levels: an item's fields, then the
/// maps inside them), anything else as a whole.
fn value_merge(b: &Value, o: &Value, t: &Value, path: &str, found: &mut Found) -> Value {
    if o == t || t == b {
        return o.clone();
    }
    if o == b {
        return t.clone();
    }
    let depth = path.matches('.').count() + usize::from(!path.is_empty());
    if let (Value::Object(om), Value::Object(tm)) = (o, t)
        && depth < 2
    {
        let empty = serde_json::Map::new();
        let bm = b.as_object().unwrap_or(&empty);
        let keys: BTreeSet<&String> = bm.keys().chain(om.keys()).chain(tm.keys()).collect();
        let mut out = serde_json::Map::new();
        for k in keys {
            let (bv, ov, tv) = (bm.get(k), om.get(k), tm.get(k));
            let sub = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            let v = if ov == tv || tv == bv {
                ov.cloned()
            } else if ov == bv {
                tv.cloned()
            } else if let (Some(ov), Some(tv)) = (ov, tv) {
                Some(value_merge(bv.unwrap_or(&Value::Null), ov, tv, &sub, found))
            } else {
                found.push((sub, (bv.cloned(), ov.cloned(), tv.cloned())));
                ov.or(tv).cloned()
            };
            if let Some(v) = v {
                out.insert(k.clone(), v);
            }
        }
        return Value::Object(out);
    }
    found.push((
        path.to_string(),
        (
            Some(b.clone()).filter(|v| !v.is_null()),
            Some(o.clone()),
            Some(t.clone()),
        ),
    ));
    o.clone()
}

/// Positions and rectangles: whoever moved a thing wins; both moved it, ours wins (a layout
/// difference is not worth a conflict).
fn layout3(base: &Layout, ours: &Layout, theirs: &Layout, said: &mut Vec<String>) -> Layout {
    let mut both = 0;
    let mut pick = |b: Option<_>, o: Option<_>, t: Option<_>| {
        if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            both += 1;
            o.or(t)
        }
    };
    let mut out = Layout::default();
    let ids: BTreeSet<_> = base
        .elements
        .keys()
        .chain(ours.elements.keys())
        .chain(theirs.elements.keys())
        .collect();
    for id in ids {
        if let Some(p) = pick(base.elements.get(id), ours.elements.get(id), theirs.elements.get(id)) {
            out.elements.insert(id.clone(), *p);
        }
    }
    let mut pick_rect = |b: Option<_>, o: Option<_>, t: Option<_>| {
        if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            both += 1;
            o.or(t)
        }
    };
    let ids: BTreeSet<_> = base
        .boundaries
        .keys()
        .chain(ours.boundaries.keys())
        .chain(theirs.boundaries.keys())
        .collect();
    for id in ids {
        if let Some(r) = pick_rect(
            base.boundaries.get(id),
            ours.boundaries.get(id),
            theirs.boundaries.get(id),
        ) {
            out.boundaries.insert(id.clone(), *r);
        }
    }
    // Waypoints the same way. Ours moved a component and theirs rerouted its flow: the stale
    // waypoints are ignored when drawn (they no longer touch the component).
    let ids: BTreeSet<_> = base
        .flows
        .keys()
        .chain(ours.flows.keys())
        .chain(theirs.flows.keys())
        .collect();
    for id in ids {
        let (b, o, t) = (base.flows.get(id), ours.flows.get(id), theirs.flows.get(id));
        let picked = if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            both += 1;
            o.or(t)
        };
        if let Some(r) = picked {
            out.flows.insert(id.clone(), r.clone());
        }
    }
    if both > 0 {
        said.push(format!(
            "{both} items were moved on both sides; our positions were kept"
        ));
    }
    out
}

/// A merge can drop what the other side still uses (ours removed an element, theirs drew a
/// flow to it). Such items come back from the side that has them, with a conflict to settle.
/// "Uses" is what a valid model requires ([`Model::validate`]): flow ends, notes' elements,
/// element boundaries and boundary parents.
fn keep_what_is_referred_to(
    m: &mut Model,
    ours: &Model,
    theirs: &Model,
    c: &mut Vec<Conflict>,
    said: &mut Vec<String>,
) {
    // Flows are never restored (below), so a note's link to a flow the other side removed goes.
    for (id, n) in m.notes.iter_mut() {
        let before = n.flows.len();
        n.flows.retain(|f| m.flows.contains_key(f));
        if n.flows.len() != before {
            said.push(format!("note {id} no longer names a flow the other side removed"));
        }
    }
    // Each pass can only add items back, and there are finitely many: it ends.
    loop {
        let mut restored = false;
        let mut wanted_elements: BTreeSet<super::ids::ElementId> = BTreeSet::new();
        let mut wanted_boundaries: BTreeSet<super::ids::BoundaryId> = BTreeSet::new();
        for f in m.flows.values() {
            wanted_elements.insert(f.from.clone());
            wanted_elements.insert(f.to.clone());
        }
        for n in m.notes.values() {
            wanted_elements.extend(n.elements.iter().cloned());
        }
        for o in &m.pasta.objectives {
            wanted_elements.extend(o.elements.iter().cloned());
        }
        for e in m.elements.values() {
            wanted_boundaries.extend(e.boundary.iter().cloned());
        }
        for b in m.boundaries.values() {
            wanted_boundaries.extend(b.parent.iter().cloned());
        }
        for id in wanted_elements {
            if m.elements.contains_key(&id) {
                continue;
            }
            if let Some(e) = ours.elements.get(&id).or_else(|| theirs.elements.get(&id)) {
                m.elements.insert(id.clone(), e.clone());
                said.push(format!(
                    "element {id} was kept: one side removed it, the other still uses it"
                ));
                c.push(removed_but_used(
                    "elements",
                    id.as_str(),
                    ours.elements.get(&id),
                    theirs.elements.get(&id),
                ));
                restored = true;
            }
        }
        for id in wanted_boundaries {
            if m.boundaries.contains_key(&id) {
                continue;
            }
            if let Some(b) = ours.boundaries.get(&id).or_else(|| theirs.boundaries.get(&id)) {
                m.boundaries.insert(id.clone(), b.clone());
                said.push(format!(
                    "boundary {id} was kept: one side removed it, the other still uses it"
                ));
                c.push(removed_but_used(
                    "boundaries",
                    id.as_str(),
                    ours.boundaries.get(&id),
                    theirs.boundaries.get(&id),
                ));
                restored = true;
            }
        }
        // A flow whose other side changed its ends to something removed on ours, and the like,
        // is covered above; flows themselves are never restored.
        if !restored {
            break;
        }
    }
    for id in m.layout.elements.keys().cloned().collect::<Vec<_>>() {
        if !m.elements.contains_key(&id) {
            m.layout.elements.remove(&id);
        }
    }
    let positions: Vec<_> = [ours, theirs]
        .iter()
        .flat_map(|s| s.layout.elements.iter())
        .filter(|(id, _)| m.elements.contains_key(*id))
        .map(|(id, p)| (id.clone(), *p))
        .collect();
    for (id, p) in positions {
        m.layout.elements.entry(id).or_insert(p);
    }
}

/// An item one side removed while the other still refers to it: kept, to be settled.
fn removed_but_used<V: Serialize>(section: &str, id: &str, ours: Option<&V>, theirs: Option<&V>) -> Conflict {
    Conflict {
        section: section.into(),
        id: id.into(),
        field: String::new(),
        base: None,
        ours: ours.map(|v| text(&json(v))),
        theirs: theirs.map(|v| text(&json(v))),
    }
}

/// Which side a person keeps when settling a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Our value (already in the model).
    Ours,
    /// Their value.
    Theirs,
}

/// Why a conflict could not be settled as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettleError {
    /// No conflict at that index.
    #[error("there is no conflict number {0}")]
    NoSuchConflict(usize),
    /// The recorded value no longer fits the item (the file was edited by hand).
    #[error("{place}: the recorded value does not fit: {reason}")]
    DoesNotFit {
        /// Where.
        place: String,
        /// What went wrong.
        reason: String,
    },
}

/// The edits that settle conflict `index` by keeping one side: the chosen value is written into
/// the item (or the item added or removed), and the conflict record goes. As edits, so it can
/// be undone; the caller applies them in one transaction.
pub fn settle(model: &Model, index: usize, keep: Keep) -> Result<Vec<super::edit::Edit>, SettleError> {
    use super::edit::Edit;
    let c = model.conflicts.get(index).ok_or(SettleError::NoSuchConflict(index))?;
    let mut rest = model.conflicts.clone();
    rest.remove(index);
    let fit = |reason: String| SettleError::DoesNotFit {
        place: c.place(),
        reason,
    };
    // The model holds ours for a field, but the changed side for an item one side removed: so
    // the chosen side's value is always written (a no-op where it is already in place).
    let chosen = match keep {
        Keep::Ours => &c.ours,
        Keep::Theirs => &c.theirs,
    };
    let value: Option<Value> = match chosen {
        Some(t) => Some(serde_json::from_str(t).map_err(|e| fit(e.to_string()))?),
        None => None,
    };
    let mut edits = if c.section == "model" && c.field.is_empty() {
        // A note about the whole merge: settling it only acknowledges it.
        Vec::new()
    } else {
        set_item(model, c, value).map_err(fit)?
    };
    edits.push(Edit::SetConflicts { conflicts: rest });
    Ok(edits)
}

/// Writes `value` at the conflict's place: a field of an item, a whole item, or the model's
/// name or description.
fn set_item(model: &Model, c: &Conflict, value: Option<Value>) -> Result<Vec<super::edit::Edit>, String> {
    use super::edit::Edit;
    use super::ids::{BoundaryId, ElementId, FindingId, FlowId, NoteId};
    fn place<V: Serialize + DeserializeOwned>(
        current: Option<&V>,
        field: &str,
        value: Option<Value>,
    ) -> Result<Option<V>, String> {
        if field.is_empty() {
            return value
                .map(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
                .transpose();
        }
        let mut item = json(current.ok_or("the item is gone")?);
        let mut at = &mut item;
        let parts: Vec<&str> = field.split('.').collect();
        for p in &parts[..parts.len() - 1] {
            at = at.get_mut(*p).ok_or_else(|| format!("no field {p}"))?;
        }
        let last = parts[parts.len() - 1];
        let obj = at.as_object_mut().ok_or("not an object")?;
        match value {
            Some(v) => {
                obj.insert(last.to_string(), v);
            }
            None => {
                obj.remove(last);
            }
        }
        serde_json::from_value(item).map(Some).map_err(|e| e.to_string())
    }
    let id = c.id.as_str();
    Ok(match c.section.as_str() {
        "model" => {
            let v = value.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let (mut name, mut description) = (model.name.clone(), model.description.clone());
            match c.field.as_str() {
                "name" => name = v,
                "description" => description = v,
                other => return Err(format!("unknown model field {other}")),
            }
            vec![Edit::SetModelInfo { name, description }]
        }
        "pasta" => vec![Edit::SetPasta {
            pasta: place::<super::Pasta>(Some(&model.pasta), "", value)?.unwrap_or_default(),
        }],
        "elements" => {
            let key = ElementId::new(id);
            match (
                model.elements.get(&key),
                place(model.elements.get(&key), &c.field, value)?,
            ) {
                (Some(_), Some(e)) => vec![Edit::SetElement { id: key, element: e }],
                (None, Some(e)) => vec![Edit::AddElement {
                    id: key,
                    element: e,
                    position: None,
                    flows: BTreeMap::new(),
                    routes: BTreeMap::new(),
                }],
                (Some(_), None) => super::edit::remove_element(model, &key),
                (None, None) => Vec::new(),
            }
        }
        "flows" => {
            let key = FlowId::new(id);
            match (model.flows.get(&key), place(model.flows.get(&key), &c.field, value)?) {
                (Some(_), Some(f)) => vec![Edit::SetFlow { id: key, flow: f }],
                (None, Some(f)) => vec![Edit::AddFlow {
                    id: key,
                    flow: f,
                    route: Vec::new(),
                }],
                (Some(_), None) => vec![Edit::RemoveFlow { id: key }],
                (None, None) => Vec::new(),
            }
        }
        "boundaries" => {
            let key = BoundaryId::new(id);
            match (
                model.boundaries.get(&key),
                place(model.boundaries.get(&key), &c.field, value)?,
            ) {
                (Some(_), Some(b)) => vec![Edit::SetBoundary { id: key, boundary: b }],
                (None, Some(b)) => vec![Edit::AddBoundary {
                    id: key,
                    boundary: b,
                    rect: None,
                    members: BTreeSet::new(),
                    children: BTreeSet::new(),
                }],
                (Some(_), None) => vec![Edit::RemoveBoundary { id: key }],
                (None, None) => Vec::new(),
            }
        }
        "notes" => {
            let key = NoteId::new(id);
            let note = place(model.notes.get(&key), &c.field, value)?;
            vec![Edit::SetNote { id: key, note }]
        }
        "threats" => {
            let key = FindingId::new(id);
            let threat = place(model.threats.get(&key), &c.field, value)?;
            vec![Edit::SetThreat { id: key, threat }]
        }
        "triage" => {
            let key = FindingId::new(id);
            let triage = place(model.triage.get(&key), &c.field, value)?;
            vec![Edit::SetTriage { finding: key, triage }]
        }
        "sessions" => {
            let key = super::SessionId::new(id);
            let session = place(model.sessions.get(&key), &c.field, value)?;
            vec![Edit::SetSession { id: key, session }]
        }
        "votes" => {
            let key = FindingId::new(id);
            let votes = place(model.votes.get(&key), &c.field, value)?;
            vec![Edit::SetVotes { finding: key, votes }]
        }
        other => return Err(format!("unknown section {other}")),
    })
}

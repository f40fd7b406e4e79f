//! Edit operations: the single way a document changes. Applying an edit validates it against the
//! current model and returns its inverse, computed from the pre-edit state, so undo is exact and
//! the model is never left invalid.

use super::boundary::Boundary;
use super::document::{Model, ModelError};
use super::element::{ControlState, Element};
use super::flow::Flow;
use super::ids::{BoundaryId, ControlId, ElementId, FindingId, FlowId, NoteId, PropKey, is_valid_id};
use super::layout::{Pos, Rect};
use super::note::Note;
use super::provenance::InferredState;
use super::threat::{UserThreat, is_user_id};
use super::triage::Triage;
use super::value::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Something that carries control states: an element or a flow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// An element.
    Element(ElementId),
    /// A flow.
    Flow(FlowId),
}

/// One small structural change to a model.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add an element, optionally placed, optionally with flows attached (the inverse of a
    /// removal restores the flows that went with the element).
    AddElement {
        /// New id.
        id: ElementId,
        /// The element.
        element: Element,
        /// Where it is drawn.
        position: Option<Pos>,
        /// Flows to restore with it; each must touch it.
        flows: BTreeMap<FlowId, Flow>,
        /// Waypoints of those flows (see [`super::Layout::flows`]).
        routes: BTreeMap<FlowId, Vec<Pos>>,
    },
    /// Remove an element, its flows, their waypoints and its position.
    RemoveElement {
        /// The element.
        id: ElementId,
    },
    /// Replace an element's content (name, kind, boundary, properties, controls, tags, notes).
    SetElement {
        /// The element.
        id: ElementId,
        /// Its new content.
        element: Element,
    },
    /// Set or clear one property answer.
    SetProperty {
        /// The element.
        element: ElementId,
        /// The question.
        key: PropKey,
        /// The answer; `None` falls back to the kind's default.
        value: Option<Value>,
    },
    /// Set or clear a control's state on an element or flow.
    SetControl {
        /// Element or flow.
        target: Target,
        /// The control.
        control: ControlId,
        /// The state; `None` removes it.
        state: Option<ControlState>,
    },
    /// Add a flow.
    AddFlow {
        /// New id.
        id: FlowId,
        /// The flow.
        flow: Flow,
        /// Its waypoints; empty for a straight flow.
        route: Vec<Pos>,
    },
    /// Remove a flow and its waypoints.
    RemoveFlow {
        /// The flow.
        id: FlowId,
    },
    /// Replace a flow's content.
    SetFlow {
        /// The flow.
        id: FlowId,
        /// Its new content.
        flow: Flow,
    },
    /// Add a boundary, optionally with a rectangle, members and nested boundaries.
    AddBoundary {
        /// New id.
        id: BoundaryId,
        /// The boundary.
        boundary: Boundary,
        /// Where it is drawn.
        rect: Option<Rect>,
        /// Elements to move into it (from its parent).
        members: BTreeSet<ElementId>,
        /// Boundaries to nest in it (from its parent).
        children: BTreeSet<BoundaryId>,
    },
    /// Remove a boundary; its members and children move to its parent.
    RemoveBoundary {
        /// The boundary.
        id: BoundaryId,
    },
    /// Replace a boundary's content (name, kind, parent, notes).
    SetBoundary {
        /// The boundary.
        id: BoundaryId,
        /// Its new content.
        boundary: Boundary,
    },
    /// Set or clear the triage of a finding.
    SetTriage {
        /// The finding.
        finding: FindingId,
        /// The verdict; `None` reopens it.
        triage: Option<Triage>,
    },
    /// Add, change or remove a threat a person wrote.
    SetThreat {
        /// Its id (`USER-…`).
        id: FindingId,
        /// Its content; `None` removes it.
        threat: Option<UserThreat>,
    },
    /// Add, change or remove a decision or assumption.
    SetNote {
        /// The note.
        id: NoteId,
        /// Its content; `None` removes it.
        note: Option<Note>,
    },
    /// Set the review state of an inferred element or flow: the app's "Confirm" sets
    /// `Confirmed`. The item must have been inferred.
    SetInferredState {
        /// Element or flow.
        target: Target,
        /// The new state.
        state: InferredState,
    },
    /// Move elements (one edit for a whole drag of a multi-selection) and set flow waypoints.
    /// A flow touching a moved element loses its waypoints, which no longer fit, unless
    /// `routes` gives it new ones (Tidy layout moves everything and routes every flow).
    MoveElements {
        /// New positions; `None` removes the position.
        positions: BTreeMap<ElementId, Option<Pos>>,
        /// New waypoints; `None` (or none at all) makes the flow straight.
        routes: BTreeMap<FlowId, Option<Vec<Pos>>>,
    },
    /// Move or resize a boundary's rectangle.
    SetBoundaryRect {
        /// The boundary.
        id: BoundaryId,
        /// The rectangle; `None` removes it.
        rect: Option<Rect>,
    },
    /// Change the model's name and description.
    SetModelInfo {
        /// The name.
        name: String,
        /// The description.
        description: String,
    },
    /// Replace the merge conflicts still to settle (settling one removes it).
    SetConflicts {
        /// The conflicts left.
        conflicts: Vec<super::conflict::Conflict>,
    },
    /// Replace the PASTA section (business objectives and compliance needs).
    SetPasta {
        /// The new section.
        pasta: super::Pasta,
    },
    /// Start, update or remove a workshop session's record.
    SetSession {
        /// The session.
        id: super::SessionId,
        /// Its record; `None` removes it.
        session: Option<super::Session>,
    },
    /// Set or clear the room's votes on a finding.
    SetVotes {
        /// The finding.
        finding: FindingId,
        /// The votes; `None` clears them.
        votes: Option<super::Votes>,
    },
}

fn not_found(what: &'static str, id: &str) -> ModelError {
    ModelError::NotFound {
        what,
        id: id.to_owned(),
    }
}

fn check_new_id(what: &'static str, id: &str, taken: bool) -> Result<(), ModelError> {
    if !is_valid_id(id) {
        return Err(ModelError::InvalidId {
            what,
            id: id.to_owned(),
        });
    }
    if taken {
        return Err(ModelError::DuplicateId {
            what,
            id: id.to_owned(),
        });
    }
    Ok(())
}

fn check_pos(id: &str, pos: Option<Pos>) -> Result<(), ModelError> {
    match pos {
        Some(p) if !p.is_finite() => Err(ModelError::LayoutNotFinite { id: id.to_owned() }),
        _ => Ok(()),
    }
}

impl Edit {
    /// Applies the edit, returning its inverse. On error the model is unchanged.
    pub fn apply(self, model: &mut Model) -> Result<Edit, ModelError> {
        match self {
            Edit::AddElement {
                id,
                element,
                position,
                flows,
                routes,
            } => {
                check_new_id("element", id.as_str(), model.elements.contains_key(&id))?;
                check_element_refs(model, id.as_str(), &element)?;
                check_pos(id.as_str(), position)?;
                for (fid, f) in &flows {
                    check_new_id("flow", fid.as_str(), model.flows.contains_key(fid))?;
                    for end in [&f.from, &f.to] {
                        if end != &id && !model.elements.contains_key(end) {
                            return Err(ModelError::FlowEndpointMissing {
                                flow: fid.0.clone(),
                                element: end.0.clone(),
                            });
                        }
                    }
                    if f.from != id && f.to != id {
                        return Err(ModelError::FlowEndpointMissing {
                            flow: fid.0.clone(),
                            element: id.0.clone(),
                        });
                    }
                }
                check_routes(&routes, |f| flows.contains_key(f))?;
                model.elements.insert(id.clone(), element);
                if let Some(p) = position {
                    model.layout.elements.insert(id.clone(), p);
                }
                model.flows.extend(flows);
                model
                    .layout
                    .flows
                    .extend(routes.into_iter().filter(|(_, r)| !r.is_empty()));
                Ok(Edit::RemoveElement { id })
            }
            Edit::RemoveElement { id } => {
                let flow_ids: Vec<FlowId> = model.flows_of(&id).map(|(fid, _)| fid.clone()).collect();
                apply_remove_element(model, id, flow_ids)
            }
            Edit::SetElement { id, element } => {
                if !model.elements.contains_key(&id) {
                    return Err(not_found("element", id.as_str()));
                }
                check_element_refs(model, id.as_str(), &element)?;
                let old = model
                    .elements
                    .insert(id.clone(), element)
                    .ok_or_else(|| not_found("element", id.as_str()))?;
                Ok(Edit::SetElement { id, element: old })
            }
            Edit::SetProperty { element, key, value } => {
                let el = model
                    .elements
                    .get_mut(&element)
                    .ok_or_else(|| not_found("element", element.as_str()))?;
                let old = match value {
                    Some(v) => el.properties.insert(key.clone(), v),
                    None => el.properties.remove(&key),
                };
                Ok(Edit::SetProperty {
                    element,
                    key,
                    value: old,
                })
            }
            Edit::SetControl { target, control, state } => {
                let controls = match &target {
                    Target::Element(id) => {
                        &mut model
                            .elements
                            .get_mut(id)
                            .ok_or_else(|| not_found("element", id.as_str()))?
                            .controls
                    }
                    Target::Flow(id) => {
                        &mut model
                            .flows
                            .get_mut(id)
                            .ok_or_else(|| not_found("flow", id.as_str()))?
                            .controls
                    }
                };
                let old = match state {
                    Some(s) => controls.insert(control.clone(), s),
                    None => controls.remove(&control),
                };
                Ok(Edit::SetControl {
                    target,
                    control,
                    state: old,
                })
            }
            Edit::AddFlow { id, flow, route } => {
                check_new_id("flow", id.as_str(), model.flows.contains_key(&id))?;
                check_flow_refs(model, id.as_str(), &flow)?;
                check_points(id.as_str(), &route)?;
                model.flows.insert(id.clone(), flow);
                if !route.is_empty() {
                    model.layout.flows.insert(id.clone(), route);
                }
                Ok(Edit::RemoveFlow { id })
            }
            Edit::RemoveFlow { id } => {
                let flow = model.flows.remove(&id).ok_or_else(|| not_found("flow", id.as_str()))?;
                let route = model.layout.flows.remove(&id).unwrap_or_default();
                Ok(Edit::AddFlow { id, flow, route })
            }
            Edit::SetFlow { id, flow } => {
                if !model.flows.contains_key(&id) {
                    return Err(not_found("flow", id.as_str()));
                }
                check_flow_refs(model, id.as_str(), &flow)?;
                let old = model
                    .flows
                    .insert(id.clone(), flow)
                    .ok_or_else(|| not_found("flow", id.as_str()))?;
                Ok(Edit::SetFlow { id, flow: old })
            }
            Edit::AddBoundary {
                id,
                boundary,
                rect,
                members,
                children,
            } => apply_add_boundary(model, id, boundary, rect, members, children),
            Edit::RemoveBoundary { id } => apply_remove_boundary(model, id),
            Edit::SetBoundary { id, boundary } => {
                if !model.boundaries.contains_key(&id) {
                    return Err(not_found("boundary", id.as_str()));
                }
                check_parent(model, &id, boundary.parent.as_ref())?;
                let old = model
                    .boundaries
                    .insert(id.clone(), boundary)
                    .ok_or_else(|| not_found("boundary", id.as_str()))?;
                Ok(Edit::SetBoundary { id, boundary: old })
            }
            Edit::SetTriage { finding, triage } => {
                if !is_valid_id(finding.as_str()) {
                    return Err(ModelError::InvalidId {
                        what: "finding",
                        id: finding.0,
                    });
                }
                let old = match triage {
                    Some(t) => model.triage.insert(finding.clone(), t),
                    None => model.triage.remove(&finding),
                };
                Ok(Edit::SetTriage { finding, triage: old })
            }
            Edit::SetThreat { id, threat } => {
                if !is_valid_id(id.as_str()) {
                    return Err(ModelError::InvalidId {
                        what: "threat",
                        id: id.0,
                    });
                }
                if !is_user_id(id.as_str()) {
                    return Err(ModelError::ThreatIdNotUser { id: id.0 });
                }
                let old = match threat {
                    Some(t) => model.threats.insert(id.clone(), t),
                    None => model.threats.remove(&id),
                };
                Ok(Edit::SetThreat { id, threat: old })
            }
            Edit::SetNote { id, note } => {
                if !is_valid_id(id.as_str()) {
                    return Err(ModelError::InvalidId { what: "note", id: id.0 });
                }
                if let Some(n) = &note
                    && let Some(missing) = n.elements.iter().find(|e| !model.elements.contains_key(*e))
                {
                    return Err(ModelError::NoteElementMissing {
                        note: id.0.clone(),
                        element: missing.0.clone(),
                    });
                }
                if let Some(n) = &note
                    && let Some(missing) = n.flows.iter().find(|f| !model.flows.contains_key(*f))
                {
                    return Err(ModelError::NoteFlowMissing {
                        note: id.0.clone(),
                        flow: missing.0.clone(),
                    });
                }
                let old = match note {
                    Some(n) => model.notes.insert(id.clone(), n),
                    None => model.notes.remove(&id),
                };
                Ok(Edit::SetNote { id, note: old })
            }
            Edit::SetInferredState { target, state } => {
                let provenance = match &target {
                    Target::Element(id) => {
                        &mut model
                            .elements
                            .get_mut(id)
                            .ok_or_else(|| not_found("element", id.as_str()))?
                            .inferred
                    }
                    Target::Flow(id) => {
                        &mut model
                            .flows
                            .get_mut(id)
                            .ok_or_else(|| not_found("flow", id.as_str()))?
                            .inferred
                    }
                };
                let id = match &target {
                    Target::Element(id) => id.as_str(),
                    Target::Flow(id) => id.as_str(),
                };
                let p = provenance.as_mut().ok_or_else(|| not_found("inferred item", id))?;
                let old = std::mem::replace(&mut p.state, state);
                Ok(Edit::SetInferredState { target, state: old })
            }
            Edit::MoveElements { positions, routes } => apply_move(model, positions, routes),
            Edit::SetBoundaryRect { id, rect } => {
                if !model.boundaries.contains_key(&id) {
                    return Err(not_found("boundary", id.as_str()));
                }
                if let Some(r) = rect
                    && !r.is_valid()
                {
                    return Err(ModelError::LayoutNotFinite { id: id.0 });
                }
                let old = match rect {
                    Some(r) => model.layout.boundaries.insert(id.clone(), r),
                    None => model.layout.boundaries.remove(&id),
                };
                Ok(Edit::SetBoundaryRect { id, rect: old })
            }
            Edit::SetModelInfo { name, description } => {
                let old_name = std::mem::replace(&mut model.name, name);
                let old_description = std::mem::replace(&mut model.description, description);
                Ok(Edit::SetModelInfo {
                    name: old_name,
                    description: old_description,
                })
            }
            Edit::SetConflicts { conflicts } => Ok(Edit::SetConflicts {
                conflicts: std::mem::replace(&mut model.conflicts, conflicts),
            }),
            Edit::SetPasta { pasta } => {
                if let Some(el) = pasta
                    .objectives
                    .iter()
                    .flat_map(|o| o.elements.iter())
                    .find(|e| !model.elements.contains_key(*e))
                {
                    return Err(not_found("element", el.as_str()));
                }
                Ok(Edit::SetPasta {
                    pasta: std::mem::replace(&mut model.pasta, pasta),
                })
            }
            Edit::SetSession { id, session } => {
                if !is_valid_id(id.as_str()) {
                    return Err(ModelError::InvalidId {
                        what: "session",
                        id: id.0,
                    });
                }
                let old = match session {
                    Some(s) => model.sessions.insert(id.clone(), s),
                    None => model.sessions.remove(&id),
                };
                Ok(Edit::SetSession { id, session: old })
            }
            Edit::SetVotes { finding, votes } => {
                if !is_valid_id(finding.as_str()) {
                    return Err(ModelError::InvalidId {
                        what: "finding",
                        id: finding.0,
                    });
                }
                let old = match votes {
                    Some(v) => model.votes.insert(finding.clone(), v),
                    None => model.votes.remove(&finding),
                };
                Ok(Edit::SetVotes { finding, votes: old })
            }
        }
    }
}

fn check_points(id: &str, points: &[Pos]) -> Result<(), ModelError> {
    if points.iter().all(|p| p.is_finite()) {
        Ok(())
    } else {
        Err(ModelError::LayoutNotFinite { id: id.to_owned() })
    }
}

fn check_routes(routes: &BTreeMap<FlowId, Vec<Pos>>, exists: impl Fn(&FlowId) -> bool) -> Result<(), ModelError> {
    for (id, points) in routes {
        if !exists(id) {
            return Err(not_found("flow", id.as_str()));
        }
        check_points(id.as_str(), points)?;
    }
    Ok(())
}

/// Moves elements and sets waypoints. The inverse lists every flow whose waypoints this
/// touched, with what it had before, so undo restores the waypoints a move dropped.
fn apply_move(
    model: &mut Model,
    positions: BTreeMap<ElementId, Option<Pos>>,
    routes: BTreeMap<FlowId, Option<Vec<Pos>>>,
) -> Result<Edit, ModelError> {
    for (id, p) in &positions {
        if !model.elements.contains_key(id) {
            return Err(not_found("element", id.as_str()));
        }
        check_pos(id.as_str(), *p)?;
    }
    for (id, r) in &routes {
        if !model.flows.contains_key(id) {
            return Err(not_found("flow", id.as_str()));
        }
        check_points(id.as_str(), r.as_deref().unwrap_or_default())?;
    }
    let mut changes = routes;
    for (fid, f) in &model.flows {
        let touched = positions.contains_key(&f.from) || positions.contains_key(&f.to);
        if touched && model.layout.flows.contains_key(fid) && !changes.contains_key(fid) {
            changes.insert(fid.clone(), None);
        }
    }
    let mut old = BTreeMap::new();
    for (id, p) in positions {
        let prev = match p {
            Some(p) => model.layout.elements.insert(id.clone(), p),
            None => model.layout.elements.remove(&id),
        };
        old.insert(id, prev);
    }
    let mut old_routes = BTreeMap::new();
    for (id, r) in changes {
        let prev = match r.filter(|r| !r.is_empty()) {
            Some(r) => model.layout.flows.insert(id.clone(), r),
            None => model.layout.flows.remove(&id),
        };
        old_routes.insert(id, prev);
    }
    Ok(Edit::MoveElements {
        positions: old,
        routes: old_routes,
    })
}

fn check_element_refs(model: &Model, id: &str, element: &Element) -> Result<(), ModelError> {
    if let Some(b) = &element.boundary
        && !model.boundaries.contains_key(b)
    {
        return Err(ModelError::BoundaryMissing {
            owner: id.to_owned(),
            boundary: b.0.clone(),
        });
    }
    Ok(())
}

fn check_flow_refs(model: &Model, id: &str, flow: &Flow) -> Result<(), ModelError> {
    for end in [&flow.from, &flow.to] {
        if !model.elements.contains_key(end) {
            return Err(ModelError::FlowEndpointMissing {
                flow: id.to_owned(),
                element: end.0.clone(),
            });
        }
    }
    Ok(())
}

/// The parent must exist and must not be the boundary itself or one of its descendants.
fn check_parent(model: &Model, id: &BoundaryId, parent: Option<&BoundaryId>) -> Result<(), ModelError> {
    let mut cur = parent;
    let mut steps = 0;
    while let Some(p) = cur {
        if p == id {
            return Err(ModelError::BoundaryCycle { boundary: id.0.clone() });
        }
        let b = model.boundaries.get(p).ok_or_else(|| ModelError::BoundaryMissing {
            owner: id.0.clone(),
            boundary: p.0.clone(),
        })?;
        cur = b.parent.as_ref();
        steps += 1;
        if steps > model.boundaries.len() {
            return Err(ModelError::BoundaryCycle { boundary: id.0.clone() });
        }
    }
    Ok(())
}

fn apply_add_boundary(
    model: &mut Model,
    id: BoundaryId,
    boundary: Boundary,
    rect: Option<Rect>,
    members: BTreeSet<ElementId>,
    children: BTreeSet<BoundaryId>,
) -> Result<Edit, ModelError> {
    check_new_id("boundary", id.as_str(), model.boundaries.contains_key(&id))?;
    check_parent(model, &id, boundary.parent.as_ref())?;
    if let Some(r) = rect
        && !r.is_valid()
    {
        return Err(ModelError::LayoutNotFinite { id: id.0 });
    }
    if let Some(m) = members.iter().find(|m| !model.elements.contains_key(*m)) {
        return Err(not_found("element", m.as_str()));
    }
    if let Some(c) = children.iter().find(|c| !model.boundaries.contains_key(*c)) {
        return Err(not_found("boundary", c.as_str()));
    }
    // A child must not be an ancestor of the new boundary, or nesting would loop.
    let mut cur = boundary.parent.as_ref();
    while let Some(p) = cur {
        if children.contains(p) {
            return Err(ModelError::BoundaryCycle { boundary: id.0.clone() });
        }
        cur = model.boundaries.get(p).and_then(|b| b.parent.as_ref());
    }
    model.boundaries.insert(id.clone(), boundary);
    for m in &members {
        if let Some(el) = model.elements.get_mut(m) {
            el.boundary = Some(id.clone());
        }
    }
    for c in &children {
        if let Some(b) = model.boundaries.get_mut(c) {
            b.parent = Some(id.clone());
        }
    }
    if let Some(r) = rect {
        model.layout.boundaries.insert(id.clone(), r);
    }
    Ok(Edit::RemoveBoundary { id })
}

fn apply_remove_boundary(model: &mut Model, id: BoundaryId) -> Result<Edit, ModelError> {
    let boundary = model
        .boundaries
        .remove(&id)
        .ok_or_else(|| not_found("boundary", id.as_str()))?;
    let rect = model.layout.boundaries.remove(&id);
    let mut members = BTreeSet::new();
    for (eid, el) in model.elements.iter_mut() {
        if el.boundary.as_ref() == Some(&id) {
            el.boundary = boundary.parent.clone();
            members.insert(eid.clone());
        }
    }
    let mut children = BTreeSet::new();
    for (bid, b) in model.boundaries.iter_mut() {
        if b.parent.as_ref() == Some(&id) {
            b.parent = boundary.parent.clone();
            children.insert(bid.clone());
        }
    }
    Ok(Edit::AddBoundary {
        id,
        boundary,
        rect,
        members,
        children,
    })
}

/// A user action: a labelled list of edits applied together ("Move 3 elements").
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    /// What the menu says: "Undo {label}".
    pub label: String,
    /// The edits, in order.
    pub edits: Vec<Edit>,
}

/// The edits that delete an element without leaving anything pointing at it: notes first stop
/// naming it and its flows (a note naming a missing item makes the model invalid, so it could
/// not be saved), then the element goes with its flows. As edits, so undo restores the notes
/// too.
pub fn remove_element(model: &Model, id: &ElementId) -> Vec<Edit> {
    let flows: BTreeSet<&FlowId> = model
        .flows
        .iter()
        .filter(|(_, f)| &f.from == id || &f.to == id)
        .map(|(fid, _)| fid)
        .collect();
    let mut edits = unlink_notes(model, |n| {
        n.elements.remove(id);
        n.flows.retain(|f| !flows.contains(f));
    });
    if model.pasta.objectives.iter().any(|o| o.elements.contains(id)) {
        let mut pasta = model.pasta.clone();
        for o in &mut pasta.objectives {
            o.elements.remove(id);
        }
        edits.push(Edit::SetPasta { pasta });
    }
    edits.push(Edit::RemoveElement { id: id.clone() });
    edits
}

/// The edits that delete a flow, notes first ceasing to name it.
pub fn remove_flow(model: &Model, id: &FlowId) -> Vec<Edit> {
    let mut edits = unlink_notes(model, |n| {
        n.flows.remove(id);
    });
    edits.push(Edit::RemoveFlow { id: id.clone() });
    edits
}

/// `SetNote` edits for the notes that `unlink` changes.
fn unlink_notes(model: &Model, unlink: impl Fn(&mut super::Note)) -> Vec<Edit> {
    model
        .notes
        .iter()
        .filter_map(|(nid, n)| {
            let mut changed = n.clone();
            unlink(&mut changed);
            (&changed != n).then(|| Edit::SetNote {
                id: nid.clone(),
                note: Some(changed),
            })
        })
        .collect()
}

/// From how many element removals a transaction finds their flows in one pass.
const MANY_REMOVALS: usize = 8;

/// The flows touching each element a transaction removes, found in one pass over the flows:
/// undoing a paste of 2,000 components scanned every flow once per component (a frame of
/// tens of milliseconds). A flow between two removed elements is listed for both; the first
/// removal takes it, as the scan per element would have.
struct Touching(std::collections::HashMap<ElementId, Vec<FlowId>>);

impl Touching {
    fn new(model: &Model, removals: &[ElementId]) -> Self {
        let mut map: std::collections::HashMap<ElementId, Vec<FlowId>> =
            removals.iter().map(|id| (id.clone(), Vec::new())).collect();
        for (fid, f) in &model.flows {
            if let Some(v) = map.get_mut(&f.from) {
                v.push(fid.clone());
            }
            if f.to != f.from
                && let Some(v) = map.get_mut(&f.to)
            {
                v.push(fid.clone());
            }
        }
        Touching(map)
    }
}

/// Removes an element, its position, and the flows `flow_ids` (those touching it) with their
/// routes; flows already gone are skipped. Returns the edit that puts them all back.
fn apply_remove_element(model: &mut Model, id: ElementId, flow_ids: Vec<FlowId>) -> Result<Edit, ModelError> {
    let element = model
        .elements
        .remove(&id)
        .ok_or_else(|| not_found("element", id.as_str()))?;
    let position = model.layout.elements.remove(&id);
    let routes = flow_ids
        .iter()
        .filter_map(|fid| model.layout.flows.remove(fid).map(|r| (fid.clone(), r)))
        .collect();
    let flows = flow_ids
        .into_iter()
        .filter_map(|fid| model.flows.remove(&fid).map(|f| (fid, f)))
        .collect();
    Ok(Edit::AddElement {
        id,
        element,
        position,
        flows,
        routes,
    })
}

impl Transaction {
    /// A transaction of edits.
    pub fn new(label: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            label: label.into(),
            edits,
        }
    }

    /// A transaction of one edit.
    pub fn single(label: impl Into<String>, edit: Edit) -> Self {
        Self::new(label, vec![edit])
    }

    /// Applies every edit in order and returns the inverse transaction. If one edit fails, the
    /// ones already applied are rolled back and the model is as it was.
    pub fn apply(self, model: &mut Model) -> Result<Transaction, ModelError> {
        let mut inverses = Vec::with_capacity(self.edits.len());
        let removals: Vec<ElementId> = self
            .edits
            .iter()
            .filter_map(|e| match e {
                Edit::RemoveElement { id } => Some(id.clone()),
                _ => None,
            })
            .collect();
        let mut touching = (removals.len() >= MANY_REMOVALS).then(|| Touching::new(model, &removals));
        for edit in self.edits {
            let applied = match edit {
                Edit::RemoveElement { id } if touching.is_some() => {
                    let flows = touching.as_mut().and_then(|t| t.0.remove(&id)).unwrap_or_default();
                    apply_remove_element(model, id, flows)
                }
                edit => {
                    // Only removals and notes leave the flows each removed element touches as
                    // they were found; anything else may add or reconnect flows.
                    if !matches!(edit, Edit::RemoveFlow { .. } | Edit::SetNote { .. }) {
                        touching = None;
                    }
                    edit.apply(model)
                }
            };
            match applied {
                Ok(inv) => inverses.push(inv),
                Err(e) => {
                    for inv in inverses.into_iter().rev() {
                        // Inverses of edits that just succeeded always apply; a failure here
                        // would be a bug in an inverse.
                        let undone = inv.apply(model);
                        debug_assert!(undone.is_ok(), "inverse failed: {undone:?}");
                    }
                    return Err(e);
                }
            }
        }
        inverses.reverse();
        Ok(Transaction {
            label: self.label,
            edits: inverses,
        })
    }
}

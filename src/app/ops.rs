//! User actions as transactions: place, connect, move, resize, rename, delete. Each function
//! reads the model and returns the edits to apply (never applies them), so the canvas, the
//! palette and the commands share one definition and tests need no window.

use crate::app::geometry::{Placement, membership_edits, snap};
use crate::app::session::{Item, Selection};
use crate::catalog::Catalog;
use crate::model::{
    Boundary, BoundaryId, BoundaryKind, Edit, Element, ElementId, Flow, FlowId, KindId, Model, Pos, Rect, Transaction,
};
use std::collections::{BTreeMap, BTreeSet};

/// Something the palette places: dragged onto the canvas (egui's drag-and-drop payload) or
/// clicked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteItem {
    /// A component kind.
    Kind(KindId),
    /// A trust boundary of a kind.
    Boundary(BoundaryKind),
}

/// Size of a boundary placed from the palette, in canvas units.
pub const NEW_BOUNDARY_SIZE: egui::Vec2 = egui::vec2(440.0, 300.0);

/// Places a palette item centred at `at`; returns the transaction and what to select after it.
pub fn place_item(model: &Model, catalog: &Catalog, item: &PaletteItem, at: Pos) -> Option<(Transaction, Selection)> {
    match item {
        PaletteItem::Kind(kind) => {
            place_element(model, catalog, kind, at).map(|(tx, id)| (tx, Selection::only(Item::Element(id))))
        }
        PaletteItem::Boundary(kind) => {
            let size = NEW_BOUNDARY_SIZE;
            let rect = Rect::new(at.x - size.x / 2.0, at.y - size.y / 2.0, size.x, size.y);
            let (tx, id) = add_boundary(model, *kind, rect);
            Some((tx, Selection::only(Item::Boundary(id))))
        }
    }
}

/// `base`, or `base 2`, `base 3` … whichever is not taken.
pub fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2u32..)
        .map(|n| format!("{base} {n}"))
        .find(|s| !taken(s))
        .unwrap_or_else(|| base.to_owned())
}

fn element_name_taken(model: &Model, name: &str) -> bool {
    model.elements.values().any(|e| e.name == name)
}

/// Places a new component of `kind` centred at `at`, inside whichever boundary holds that spot.
pub fn place_element(model: &Model, catalog: &Catalog, kind: &KindId, at: Pos) -> Option<(Transaction, ElementId)> {
    let kind = catalog.kind(kind)?;
    let name = unique_name(&kind.name, |n| element_name_taken(model, n));
    let id = model.fresh_element_id(&name);
    let at = snap(at);
    let mut element = Element::new(kind.id.clone(), name);
    element.boundary = Placement::of(model).innermost(at);
    let tx = Transaction::single(
        format!("Add {}", kind.name),
        Edit::AddElement {
            id: id.clone(),
            element,
            position: Some(at),
            flows: BTreeMap::new(),
            routes: BTreeMap::new(),
        },
    );
    Some((tx, id))
}

/// Draws a new trust boundary; the components and boundaries its rectangle holds become its
/// members and children, and it nests in whichever boundary holds it.
pub fn add_boundary(model: &Model, kind: BoundaryKind, rect: Rect) -> (Transaction, BoundaryId) {
    let name = unique_name(kind.label(), |n| model.boundaries.values().any(|b| b.name == n));
    let id = model.fresh_boundary_id(&name);
    let mut after = Placement::of(model);
    after.boundaries.insert(id.clone(), rect);
    let mut boundary = Boundary::new(name, kind);
    boundary.parent = after.parent_of(&id);
    let members: BTreeSet<ElementId> = after
        .elements
        .iter()
        .filter(|(_, p)| after.innermost(**p).as_ref() == Some(&id))
        .map(|(e, _)| e.clone())
        .collect();
    let children: BTreeSet<BoundaryId> = model
        .boundaries
        .keys()
        .filter(|b| after.parent_of(b).as_ref() == Some(&id))
        .cloned()
        .collect();
    let tx = Transaction::single(
        format!("Add {} boundary", kind.label()),
        Edit::AddBoundary {
            id: id.clone(),
            boundary,
            rect: Some(rect),
            members,
            children,
        },
    );
    (tx, id)
}

/// A new flow from `from` to `to`, shaped as flows into the receiver's kind usually are (its
/// `receives` in the catalog: a prompt into a model, a query into an index). No flow to itself.
pub fn connect(
    model: &Model,
    cat: &crate::catalog::Catalog,
    from: &ElementId,
    to: &ElementId,
) -> Option<(Transaction, FlowId)> {
    if from == to {
        return None;
    }
    let (a, b) = (model.elements.get(from)?, model.elements.get(to)?);
    let id = model.fresh_flow_id(from, to);
    let mut flow = Flow::new(from.clone(), to.clone(), "");
    if let Some(d) = cat.kind(&b.kind).and_then(|k| k.receives.as_ref()) {
        flow.operation = d.operation;
        flow.data = d.data.iter().cloned().collect();
        flow.returns = d.returns.iter().cloned().collect();
    }
    let tx = Transaction::single(
        format!("Connect {} → {}", a.name, b.name),
        Edit::AddFlow {
            id: id.clone(),
            flow,
            route: Vec::new(),
        },
    );
    Some((tx, id))
}

/// Which end of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlowEnd {
    /// The sender.
    From,
    /// The receiver.
    To,
}

/// Moves one end of `flow` to `to` (one undo step). Its waypoints, which fitted the old ends,
/// go. `None` when nothing would change or the flow would start and end at one component.
pub fn reconnect(model: &Model, flow: &FlowId, end: FlowEnd, to: &ElementId) -> Option<Transaction> {
    let old = model.flows.get(flow)?;
    let target = model.elements.get(to)?;
    let (moved, other) = match end {
        FlowEnd::From => (&old.from, &old.to),
        FlowEnd::To => (&old.to, &old.from),
    };
    if moved == to || other == to {
        return None;
    }
    let mut new = old.clone();
    match end {
        FlowEnd::From => new.from = to.clone(),
        FlowEnd::To => new.to = to.clone(),
    }
    let mut edits = vec![Edit::SetFlow {
        id: flow.clone(),
        flow: new,
    }];
    if model.layout.flows.contains_key(flow) {
        edits.push(Edit::MoveElements {
            positions: BTreeMap::new(),
            routes: BTreeMap::from([(flow.clone(), None)]),
        });
    }
    let what = if old.label.is_empty() {
        "flow"
    } else {
        old.label.as_str()
    };
    let side = match end {
        FlowEnd::From => "from",
        FlowEnd::To => "to",
    };
    Some(Transaction::new(
        format!("Reconnect {what} {side} {}", target.name),
        edits,
    ))
}

/// Moves components to new centres (one undo step for a whole drag), updating membership.
pub fn move_elements(model: &Model, moves: &BTreeMap<ElementId, Pos>) -> Option<Transaction> {
    let before = Placement::of(model);
    let mut after = before.clone();
    let mut positions = BTreeMap::new();
    for (id, p) in moves {
        if !model.elements.contains_key(id) {
            continue;
        }
        let p = snap(*p);
        if before.elements.get(id) == Some(&p) {
            continue;
        }
        after.elements.insert(id.clone(), p);
        positions.insert(id.clone(), Some(p));
    }
    if positions.is_empty() {
        return None;
    }
    // Flows moved at both ends by the same amount keep their bends, moved along.
    let routes = crate::layout::shifted_routes(model, &after.elements);
    let n = positions.len();
    let mut edits = vec![Edit::MoveElements { positions, routes }];
    let membership = membership_edits(model, &before, &after);
    let label = move_label(model, n, &membership);
    edits.extend(membership);
    Some(Transaction::new(label, edits))
}

/// The undo step's name for moving `n` components, which the status bar shows: it says when
/// the drop put them in a boundary or took them out of one, since that changes their findings.
fn move_label(model: &Model, n: usize, membership: &[Edit]) -> String {
    let what = match n {
        1 => "component".to_owned(),
        n => format!("{n} components"),
    };
    let changed: Vec<(&ElementId, &Option<BoundaryId>)> = membership
        .iter()
        .filter_map(|e| match e {
            Edit::SetElement { id, element } => Some((id, &element.boundary)),
            _ => None,
        })
        .collect();
    let boundary_name = |b: &BoundaryId| {
        model
            .boundaries
            .get(b)
            .map_or_else(|| b.to_string(), |x| x.name.clone())
    };
    let Some((first, now)) = changed.first() else {
        return format!("Move {what}");
    };
    if changed.iter().any(|(_, b)| b != now) {
        return format!("Move {what} (into other boundaries)");
    }
    let who = if n == 1 && changed.len() == 1 {
        model.elements.get(*first).map_or(what.clone(), |e| e.name.clone())
    } else {
        what
    };
    match now {
        Some(b) => format!("Move {who} into {}", boundary_name(b)),
        None => {
            let was = model.elements.get(*first).and_then(|e| e.boundary.as_ref());
            match was {
                Some(b) => format!("Move {who} out of {}", boundary_name(b)),
                None => format!("Move {who}"),
            }
        }
    }
}

/// What moves with a boundary: the boundaries and components drawn inside its rectangle.
pub fn carried_by(placement: &Placement, id: &BoundaryId) -> (Vec<BoundaryId>, Vec<ElementId>) {
    let Some(r) = placement.boundaries.get(id) else {
        return (Vec::new(), Vec::new());
    };
    let outer = crate::app::geometry::to_rect(*r);
    let boundaries = placement
        .boundaries
        .iter()
        .filter(|(b, inner)| *b == id || outer.contains_rect(crate::app::geometry::to_rect(**inner)))
        .map(|(b, _)| b.clone())
        .collect();
    let elements = placement
        .elements
        .iter()
        .filter(|(_, p)| r.contains(**p))
        .map(|(e, _)| e.clone())
        .collect();
    (boundaries, elements)
}

/// Moves a boundary by `delta` with everything drawn inside it.
pub fn move_boundary(model: &Model, id: &BoundaryId, delta: egui::Vec2) -> Option<Transaction> {
    let delta = egui::vec2((delta.x / 10.0).round() * 10.0, (delta.y / 10.0).round() * 10.0);
    if delta == egui::Vec2::ZERO {
        return None;
    }
    let before = Placement::of(model);
    let (boundaries, elements) = carried_by(&before, id);
    let mut after = before.clone();
    let mut edits = Vec::new();
    for b in &boundaries {
        if let Some(r) = before.boundaries.get(b) {
            let moved = Rect::new(r.x + delta.x, r.y + delta.y, r.w, r.h);
            after.boundaries.insert(b.clone(), moved);
            edits.push(Edit::SetBoundaryRect {
                id: b.clone(),
                rect: Some(moved),
            });
        }
    }
    let mut positions = BTreeMap::new();
    for e in &elements {
        if let Some(p) = before.elements.get(e) {
            let moved = Pos::new(p.x + delta.x, p.y + delta.y);
            after.elements.insert(e.clone(), moved);
            positions.insert(e.clone(), Some(moved));
        }
    }
    if !positions.is_empty() {
        let routes = crate::layout::shifted_routes(model, &after.elements);
        edits.push(Edit::MoveElements { positions, routes });
    }
    edits.extend(membership_edits(model, &before, &after));
    let name = model.boundaries.get(id).map(|b| b.name.as_str()).unwrap_or("boundary");
    Some(Transaction::new(format!("Move {name}"), edits))
}

/// Gives a boundary a new rectangle; membership follows.
pub fn resize_boundary(model: &Model, id: &BoundaryId, rect: Rect) -> Option<Transaction> {
    let before = Placement::of(model);
    if before.boundaries.get(id) == Some(&rect) || !rect.is_valid() {
        return None;
    }
    let mut after = before.clone();
    after.boundaries.insert(id.clone(), rect);
    let mut edits = vec![Edit::SetBoundaryRect {
        id: id.clone(),
        rect: Some(rect),
    }];
    edits.extend(membership_edits(model, &before, &after));
    let name = model.boundaries.get(id).map(|b| b.name.as_str()).unwrap_or("boundary");
    Some(Transaction::new(format!("Resize {name}"), edits))
}

/// Renames an element, a flow (its label) or a boundary. Nothing if the name is unchanged or
/// (for elements and boundaries) blank.
pub fn rename(model: &Model, item: &Item, name: &str) -> Option<Transaction> {
    let name = name.trim();
    let edit = match item {
        Item::Element(id) => {
            let el = model.elements.get(id)?;
            if name.is_empty() || el.name == name {
                return None;
            }
            let mut el = el.clone();
            el.name = name.to_owned();
            Edit::SetElement {
                id: id.clone(),
                element: el,
            }
        }
        Item::Flow(id) => {
            let f = model.flows.get(id)?;
            if f.label == name {
                return None;
            }
            let mut f = f.clone();
            f.label = name.to_owned();
            Edit::SetFlow {
                id: id.clone(),
                flow: f,
            }
        }
        Item::Boundary(id) => {
            let b = model.boundaries.get(id)?;
            if name.is_empty() || b.name == name {
                return None;
            }
            let mut b = b.clone();
            b.name = name.to_owned();
            Edit::SetBoundary {
                id: id.clone(),
                boundary: b,
            }
        }
    };
    Some(Transaction::single(format!("Rename to {name:?}"), edit))
}

/// The current name of an item (what an in-place rename starts from).
pub fn name_of(model: &Model, item: &Item) -> Option<String> {
    match item {
        Item::Element(id) => model.elements.get(id).map(|e| e.name.clone()),
        Item::Flow(id) => model.flows.get(id).map(|f| f.label.clone()),
        Item::Boundary(id) => model.boundaries.get(id).map(|b| b.name.clone()),
    }
}

/// Deletes the selection: flows first (those not going with their elements), then elements
/// (with their flows), then boundaries (their members move to the parent).
pub fn delete(model: &Model, sel: &Selection) -> Option<Transaction> {
    let mut edits = Vec::new();
    // Notes naming several deleted items are edited once per item, each edit on the note as
    // the previous one left it.
    let mut after = model.clone();
    for id in &sel.flows {
        if let Some(f) = model.flows.get(id)
            && !sel.elements.contains(&f.from)
            && !sel.elements.contains(&f.to)
        {
            for e in crate::model::remove_flow(&after, id) {
                if let Ok(_inverse) = e.clone().apply(&mut after) {
                    edits.push(e);
                }
            }
        }
    }
    for id in &sel.elements {
        if after.elements.contains_key(id) {
            for e in crate::model::remove_element(&after, id) {
                if let Ok(_inverse) = e.clone().apply(&mut after) {
                    edits.push(e);
                }
            }
        }
    }
    for id in &sel.boundaries {
        if model.boundaries.contains_key(id) {
            edits.push(Edit::RemoveBoundary { id: id.clone() });
        }
    }
    if edits.is_empty() {
        return None;
    }
    let label = match sel.single() {
        Some(item) => format!("Delete {}", name_of(model, &item).unwrap_or_default()),
        None => format!("Delete {} items", sel.len()),
    };
    Some(Transaction::new(label, edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edit;

    fn catalog() -> Catalog {
        Catalog::builtin().0
    }

    #[test]
    fn placing_inside_a_boundary_makes_it_a_member_and_names_stay_unique() {
        let cat = catalog();
        let mut m = Model::new("t");
        let (tx, b) = add_boundary(&m, BoundaryKind::ThirdParty, Rect::new(0.0, 0.0, 500.0, 500.0));
        tx.apply(&mut m).unwrap();
        let kind = KindId::from("llm-api");
        let (tx, first) = place_element(&m, &cat, &kind, Pos::new(100.0, 100.0)).unwrap();
        tx.apply(&mut m).unwrap();
        let (tx, second) = place_element(&m, &cat, &kind, Pos::new(900.0, 900.0)).unwrap();
        tx.apply(&mut m).unwrap();
        assert_eq!(m.elements[&first].boundary, Some(b));
        assert_eq!(m.elements[&second].boundary, None);
        assert_ne!(m.elements[&first].name, m.elements[&second].name);
    }

    #[test]
    fn a_new_boundary_around_components_adopts_them() {
        let cat = catalog();
        let mut m = Model::new("t");
        let (tx, a) = place_element(&m, &cat, &KindId::from("agent-orchestrator"), Pos::new(100.0, 100.0)).unwrap();
        tx.apply(&mut m).unwrap();
        let (tx, b) = add_boundary(&m, BoundaryKind::ToolSandbox, Rect::new(0.0, 0.0, 300.0, 300.0));
        tx.apply(&mut m).unwrap();
        assert_eq!(m.elements[&a].boundary, Some(b));
    }

    #[test]
    fn deleting_an_element_and_its_selected_flow_is_one_valid_transaction() {
        let cat = catalog();
        let mut m = Model::new("t");
        let (tx, a) = place_element(&m, &cat, &KindId::from("user"), Pos::new(0.0, 0.0)).unwrap();
        tx.apply(&mut m).unwrap();
        let (tx, b) = place_element(&m, &cat, &KindId::from("llm-api"), Pos::new(300.0, 0.0)).unwrap();
        tx.apply(&mut m).unwrap();
        let (tx, f) = connect(&m, &cat, &a, &b).unwrap();
        // A flow into a model starts as a prompt that comes back as output.
        let drawn = match &tx.edits[..] {
            [Edit::AddFlow { flow, .. }] => flow.clone(),
            _ => panic!("one AddFlow"),
        };
        assert_eq!(drawn.operation, crate::model::Operation::Invoke);
        assert!(drawn.data.contains(&"prompts".into()) && drawn.returns.contains(&"model-output".into()));
        tx.apply(&mut m).unwrap();
        let mut sel = Selection::only(Item::Element(a.clone()));
        sel.insert(Item::Flow(f));
        let tx = delete(&m, &sel).unwrap();
        assert!(matches!(tx.edits.as_slice(), [Edit::RemoveElement { .. }]));
        let inverse = tx.apply(&mut m).unwrap();
        assert!(m.flows.is_empty());
        inverse.apply(&mut m).unwrap();
        assert_eq!(m.flows.len(), 1);
    }

    #[test]
    fn deleting_an_element_a_decision_names_keeps_the_model_saveable_and_undo_restores_it() {
        let cat = catalog();
        let mut m = Model::new("t");
        let (tx, a) = place_element(&m, &cat, &KindId::from("user"), Pos::new(0.0, 0.0)).unwrap();
        tx.apply(&mut m).unwrap();
        let note = crate::model::Note {
            elements: [a.clone()].into(),
            ..crate::model::Note::new(crate::model::NoteKind::Decision, "only staff")
        };
        m.notes.insert("note-1".into(), note.clone());
        let before = m.clone();
        let inverse = delete(&m, &Selection::only(Item::Element(a)))
            .unwrap()
            .apply(&mut m)
            .unwrap();
        assert!(m.validate().is_empty(), "{:?}", m.validate());
        assert!(m.notes[&crate::model::NoteId::new("note-1")].elements.is_empty());
        inverse.apply(&mut m).unwrap();
        assert_eq!(m, before);
    }

    #[test]
    fn moving_a_boundary_carries_what_is_inside() {
        let cat = catalog();
        let mut m = Model::new("t");
        let (tx, a) = place_element(&m, &cat, &KindId::from("agent-orchestrator"), Pos::new(100.0, 100.0)).unwrap();
        tx.apply(&mut m).unwrap();
        let (tx, b) = add_boundary(&m, BoundaryKind::ToolSandbox, Rect::new(0.0, 0.0, 300.0, 300.0));
        tx.apply(&mut m).unwrap();
        move_boundary(&m, &b, egui::vec2(500.0, 0.0))
            .unwrap()
            .apply(&mut m)
            .unwrap();
        assert_eq!(m.layout.elements[&a], Pos::new(600.0, 100.0));
        assert_eq!(m.elements[&a].boundary, Some(b));
    }

    #[test]
    fn no_flow_to_itself_and_renames_skip_no_ops() {
        let cat = catalog();
        let mut m = Model::new("t");
        let (tx, a) = place_element(&m, &cat, &KindId::from("agent-orchestrator"), Pos::new(0.0, 0.0)).unwrap();
        tx.apply(&mut m).unwrap();
        assert!(connect(&m, &cat, &a, &a).is_none());
        let name = m.elements[&a].name.clone();
        assert!(rename(&m, &Item::Element(a.clone()), &name).is_none());
        assert!(rename(&m, &Item::Element(a.clone()), "  ").is_none());
        assert!(rename(&m, &Item::Element(a), "Planner").is_some());
    }
}

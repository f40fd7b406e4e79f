//! Tidy layout: the layered layout applied to a model as one undoable transaction — the whole
//! model, or only a selection placed on a free spot among the rest — and the waypoints that
//! survive a move.

use super::layered::{self, Drawing};
use super::placement::{BOUNDARY_HEADER, BOUNDARY_PAD, NODE_H, NODE_W, union};
use crate::model::{BoundaryId, Edit, ElementId, FlowId, Model, Pos, Rect, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// Space kept between a tidied selection and what is already drawn.
const CLEARANCE: f32 = 30.0;
/// Step of the search for a free spot.
const SEARCH_STEP: f32 = 40.0;
/// How many steps out the search goes in each direction.
const SEARCH_RINGS: i32 = 40;

/// One transaction that lays `model` out afresh: every element placed by the layered layout,
/// every boundary drawn around its members and every flow routed. The app's "Tidy layout"
/// applies it (after a preview), the mapper and importers apply it to what they draw.
pub fn tidy_layout(model: &Model) -> Transaction {
    let drawing = layered::layout(model);
    Transaction::new("Tidy layout", edits_for(model, &drawing, None))
}

/// The edits that make `model` look like `drawing`: elements moved, flows given the drawing's
/// waypoints, boundaries' rectangles set (`None` clears the rectangles of boundaries the
/// drawing has none for; `Some(ids)` touches only those boundaries).
fn edits_for(model: &Model, drawing: &Drawing, only: Option<&BTreeSet<BoundaryId>>) -> Vec<Edit> {
    // On the canvas's 10-unit grid, as placed things are, so a later drag or nudge (which
    // snap) moves both ends of a flow by the same amount and its bends move along. The layout
    // leaves more than 10 units around every component, so routes and boundaries still fit.
    let snap = |p: &Pos| Pos::new((p.x / 10.0).round() * 10.0, (p.y / 10.0).round() * 10.0);
    let positions = drawing
        .elements
        .iter()
        .map(|(id, p)| (id.clone(), Some(snap(p))))
        .collect();
    let routes = model
        .flows
        .iter()
        .filter(|(_, f)| drawing.elements.contains_key(&f.from) && drawing.elements.contains_key(&f.to))
        .map(|(id, _)| {
            let waypoints = drawing.routes.get(id).map(|r| layered::waypoints(r));
            (id.clone(), waypoints.filter(|w| !w.is_empty()))
        })
        .collect();
    let mut edits = vec![Edit::MoveElements { positions, routes }];
    for id in model.boundaries.keys() {
        if only.is_some_and(|o| !o.contains(id)) {
            continue;
        }
        edits.push(Edit::SetBoundaryRect {
            id: id.clone(),
            rect: drawing.boundaries.get(id).copied(),
        });
    }
    edits
}

/// Lays out only the `selected` elements, keeping everything else where it is: the selection
/// is laid out on its own (boundaries wholly inside it as clusters, flows among it routed) and
/// the result placed on the free spot nearest to where the selection was, inside the boundary
/// that holds the selection (grown when the block does not fit in it). Flows between the
/// selection and the rest become straight. `None` when nothing is selected.
pub fn tidy_selection(model: &Model, selected: &BTreeSet<ElementId>) -> Option<Transaction> {
    let selected: BTreeSet<ElementId> = selected
        .iter()
        .filter(|id| model.elements.contains_key(*id))
        .cloned()
        .collect();
    if selected.is_empty() {
        return None;
    }
    let whole = wholly_selected(model, &selected);
    let part = sub_model(model, &selected, &whole);
    let mut drawing = layered::layout(&part);
    let block = drawing_bounds(&drawing)?;
    let host = host_boundary(model, &selected, &whole);
    let current = super::Placement::of(model);
    let anchor = union(
        &selected
            .iter()
            .filter_map(|id| current.node_rect(id))
            .collect::<Vec<_>>(),
    )
    .unwrap_or(block);
    let obstacles: Vec<Rect> = current
        .elements
        .iter()
        .filter(|(id, _)| !selected.contains(*id))
        .filter_map(|(id, _)| current.node_rect(id))
        .chain(
            current
                .boundaries
                .iter()
                .filter(|(id, _)| !whole.contains(*id) && !super::check::is_within(model, host.as_ref(), id))
                .map(|(_, r)| *r),
        )
        .collect();
    let room = host.as_ref().and_then(|h| current.boundaries.get(h)).map(|r| {
        Rect::new(
            r.x + BOUNDARY_PAD,
            r.y + BOUNDARY_HEADER + BOUNDARY_PAD,
            r.w - 2.0 * BOUNDARY_PAD,
            r.h - BOUNDARY_HEADER - 2.0 * BOUNDARY_PAD,
        )
    });
    let (dx, dy, grow) = free_spot(block, anchor, room, &obstacles);
    shift(&mut drawing, dx, dy);
    let mut edits = edits_for(model, &drawing, Some(&whole));
    if grow {
        let placed = Rect::new(block.x + dx, block.y + dy, block.w, block.h);
        edits.extend(grow_to_hold(model, &current.boundaries, host.as_ref(), placed));
    }
    let label = match selected.len() {
        1 => "Tidy 1 component".to_owned(),
        n => format!("Tidy {n} components"),
    };
    Some(Transaction::new(label, edits))
}

/// Boundaries whose every member and nested boundary's member is selected (and that have
/// at least one).
fn wholly_selected(model: &Model, selected: &BTreeSet<ElementId>) -> BTreeSet<BoundaryId> {
    let mut partly: BTreeSet<&BoundaryId> = BTreeSet::new();
    let mut touched: BTreeSet<&BoundaryId> = BTreeSet::new();
    for (id, el) in &model.elements {
        let mut cur = el.boundary.as_ref();
        let mut steps = 0;
        while let Some(b) = cur {
            if selected.contains(id) {
                touched.insert(b);
            } else {
                partly.insert(b);
            }
            steps += 1;
            if steps > model.boundaries.len() {
                break;
            }
            cur = model.boundaries.get(b).and_then(|x| x.parent.as_ref());
        }
    }
    touched.into_iter().filter(|b| !partly.contains(b)).cloned().collect()
}

/// The selection as a model of its own: its elements, the flows among them, and the wholly
/// selected boundaries (members of other boundaries sit in the nearest wholly selected one).
fn sub_model(model: &Model, selected: &BTreeSet<ElementId>, whole: &BTreeSet<BoundaryId>) -> Model {
    let mut part = Model::new(model.name.clone());
    let nearest_whole = |b: Option<&BoundaryId>| nearest_whole(model, whole, b);
    for id in whole {
        if let Some(b) = model.boundaries.get(id) {
            let mut b = b.clone();
            b.parent = nearest_whole(b.parent.as_ref());
            part.boundaries.insert(id.clone(), b);
        }
    }
    for id in selected {
        if let Some(e) = model.elements.get(id) {
            let mut e = e.clone();
            e.boundary = nearest_whole(e.boundary.as_ref());
            part.elements.insert(id.clone(), e);
        }
    }
    for (id, f) in &model.flows {
        if selected.contains(&f.from) && selected.contains(&f.to) {
            part.flows.insert(id.clone(), f.clone());
        }
    }
    part
}

/// `b` or its nearest ancestor that is wholly selected.
fn nearest_whole<'a>(
    model: &'a Model,
    whole: &BTreeSet<BoundaryId>,
    mut b: Option<&'a BoundaryId>,
) -> Option<BoundaryId> {
    let mut steps = 0;
    while let Some(id) = b {
        if whole.contains(id) || steps > model.boundaries.len() {
            break;
        }
        steps += 1;
        b = model.boundaries.get(id).and_then(|x| x.parent.as_ref());
    }
    b.filter(|id| whole.contains(*id)).cloned()
}

/// The innermost boundary holding the whole selection that is not itself wholly selected:
/// where the tidied block must land so every member stays in its boundary.
fn host_boundary(model: &Model, selected: &BTreeSet<ElementId>, whole: &BTreeSet<BoundaryId>) -> Option<BoundaryId> {
    let chain = |id: &ElementId| -> Vec<BoundaryId> {
        let mut out = Vec::new();
        let mut cur = model.elements.get(id).and_then(|e| e.boundary.as_ref());
        while let Some(b) = cur {
            if out.contains(b) || out.len() > model.boundaries.len() {
                break;
            }
            out.push(b.clone());
            cur = model.boundaries.get(b).and_then(|x| x.parent.as_ref());
        }
        out.reverse();
        out
    };
    let mut common: Option<Vec<BoundaryId>> = None;
    for id in selected {
        let c = chain(id);
        common = Some(match common {
            None => c,
            Some(prev) => prev
                .into_iter()
                .zip(c)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common?.into_iter().take_while(|b| !whole.contains(b)).last()
}

fn drawing_bounds(d: &Drawing) -> Option<Rect> {
    let mut rects: Vec<Rect> = d
        .elements
        .values()
        .map(|p| Rect::new(p.x - NODE_W / 2.0, p.y - NODE_H / 2.0, NODE_W, NODE_H))
        .collect();
    rects.extend(d.boundaries.values().copied());
    rects.extend(d.routes.values().flatten().map(|p| Rect::new(p.x, p.y, 0.0, 0.0)));
    union(&rects)
}

fn shift(d: &mut Drawing, dx: f32, dy: f32) {
    for p in d.elements.values_mut() {
        *p = Pos::new(p.x + dx, p.y + dy);
    }
    for r in d.boundaries.values_mut() {
        *r = Rect::new(r.x + dx, r.y + dy, r.w, r.h);
    }
    for route in d.routes.values_mut() {
        for p in route.iter_mut() {
            *p = Pos::new(p.x + dx, p.y + dy);
        }
    }
}

/// The offset that puts `block` on the free spot nearest to `anchor`'s top left corner: clear
/// of every obstacle and inside `room` when there is one. When no spot inside `room` is free,
/// the block goes just below `room`'s content and the third value says `room` must grow.
fn free_spot(block: Rect, anchor: Rect, room: Option<Rect>, obstacles: &[Rect]) -> (f32, f32, bool) {
    let base = ((anchor.x - block.x).round(), (anchor.y - block.y).round());
    let fits = |dx: f32, dy: f32| {
        let r = Rect::new(block.x + dx, block.y + dy, block.w, block.h);
        let inside = room.is_none_or(|room| {
            r.x >= room.x && r.y >= room.y && r.x + r.w <= room.x + room.w && r.y + r.h <= room.y + room.h
        });
        inside && obstacles.iter().all(|o| !meets(r, *o, CLEARANCE))
    };
    let mut candidates: Vec<(i32, i32)> = Vec::new();
    for i in -SEARCH_RINGS..=SEARCH_RINGS {
        for j in -SEARCH_RINGS..=SEARCH_RINGS {
            candidates.push((i, j));
        }
    }
    candidates.sort_by_key(|&(i, j)| (i * i + j * j, j, i));
    for (i, j) in candidates {
        let (dx, dy) = (base.0 + i as f32 * SEARCH_STEP, base.1 + j as f32 * SEARCH_STEP);
        if fits(dx, dy) {
            return (dx, dy, false);
        }
    }
    // Nothing free: below everything in the room (or below everything at all).
    let floor = obstacles
        .iter()
        .filter(|o| room.is_none_or(|r| meets(**o, r, 0.0)))
        .map(|o| o.y + o.h)
        .fold(room.map(|r| r.y).unwrap_or(anchor.y), f32::max);
    let x = room.map(|r| r.x).unwrap_or(anchor.x);
    (
        (x - block.x).round(),
        (floor + CLEARANCE - block.y).round(),
        room.is_some(),
    )
}

fn meets(a: Rect, b: Rect, margin: f32) -> bool {
    a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin
}

/// Grows `host` and its ancestors so they hold `placed`.
fn grow_to_hold(
    model: &Model,
    rects: &BTreeMap<BoundaryId, Rect>,
    host: Option<&BoundaryId>,
    placed: Rect,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut need = placed;
    let mut cur = host;
    let mut steps = 0;
    while let Some(b) = cur {
        let Some(r) = rects.get(b) else { break };
        let want = Rect::new(
            need.x - BOUNDARY_PAD,
            need.y - BOUNDARY_PAD - BOUNDARY_HEADER,
            need.w + 2.0 * BOUNDARY_PAD,
            need.h + 2.0 * BOUNDARY_PAD + BOUNDARY_HEADER,
        );
        let grown = union(&[*r, want]).unwrap_or(*r);
        if grown != *r {
            edits.push(Edit::SetBoundaryRect {
                id: b.clone(),
                rect: Some(grown),
            });
        }
        need = grown;
        steps += 1;
        if steps > model.boundaries.len() {
            break;
        }
        cur = model.boundaries.get(b).and_then(|x| x.parent.as_ref());
    }
    edits
}

/// Waypoints that survive a move: a flow whose two ends both move by the same amount keeps its
/// bends, moved along (a dragged group, a moved boundary). Every other flow touching a moved
/// element loses its waypoints, which `Edit::MoveElements` does by itself.
pub fn shifted_routes(model: &Model, after: &BTreeMap<ElementId, Pos>) -> BTreeMap<FlowId, Option<Vec<Pos>>> {
    let delta = |id: &ElementId| {
        let (a, b) = (model.layout.elements.get(id)?, after.get(id)?);
        Some((b.x - a.x, b.y - a.y))
    };
    let mut out = BTreeMap::new();
    for (id, points) in &model.layout.flows {
        let Some(f) = model.flows.get(id) else { continue };
        let (Some(da), Some(db)) = (delta(&f.from), delta(&f.to)) else {
            continue;
        };
        let same = (da.0 - db.0).abs() < 0.01 && (da.1 - db.1).abs() < 0.01;
        if same && (da.0 != 0.0 || da.1 != 0.0) {
            let moved = points.iter().map(|p| Pos::new(p.x + da.0, p.y + da.1)).collect();
            out.insert(id.clone(), Some(moved));
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! Where exports draw things: the model's layout when it has one, an automatic layered layout
//! when it has none, and boundary rectangles fitted around their members when the layout has
//! no rectangle for them.

use crate::model::{BoundaryId, ElementId, FlowId, Model, Pos, Rect};
use std::collections::BTreeMap;

/// Width of a component box (the app's `node_width`).
pub const NODE_W: f32 = 184.0;
/// Height of a component box (the app's `node_height`).
pub const NODE_H: f32 = 62.0;
/// Space between a fitted boundary and what it holds.
pub const BOUNDARY_PAD: f32 = 24.0;
/// Room for a boundary's title strip.
pub const BOUNDARY_HEADER: f32 = 30.0;

/// Node centres, boundary rectangles and flow routes, in canvas units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placement {
    /// Centre of each element's box.
    pub elements: BTreeMap<ElementId, Pos>,
    /// Each drawn boundary's rectangle.
    pub boundaries: BTreeMap<BoundaryId, Rect>,
    /// The route of each flow drawn through waypoints, from box edge to box edge; flows not
    /// here are drawn straight.
    pub routes: BTreeMap<FlowId, Vec<Pos>>,
}

impl Placement {
    /// Where `model` is drawn. Positions come from its layout; a model with no positions at all
    /// gets an automatic layered layout, and elements left unplaced in a laid-out model go in a
    /// row under the rest.
    pub fn of(model: &Model) -> Self {
        let elements: BTreeMap<ElementId, Pos> = model
            .layout
            .elements
            .iter()
            .filter(|(id, p)| model.elements.contains_key(*id) && p.is_finite())
            .map(|(id, p)| (id.clone(), *p))
            .collect();
        if elements.is_empty() && !model.elements.is_empty() {
            let d = super::layered::layout(model);
            return Placement {
                elements: d.elements,
                boundaries: d.boundaries,
                routes: d.routes,
            };
        }
        let mut placement = Placement {
            elements,
            boundaries: BTreeMap::new(),
            routes: BTreeMap::new(),
        };
        place_leftovers(model, &mut placement.elements);
        placement.fit_boundaries(model);
        placement.routes = routes_through_waypoints(model, &placement.elements);
        placement
    }

    /// The box of an element.
    pub fn node_rect(&self, id: &ElementId) -> Option<Rect> {
        self.elements
            .get(id)
            .map(|p| Rect::new(p.x - NODE_W / 2.0, p.y - NODE_H / 2.0, NODE_W, NODE_H))
    }

    /// Boundary rectangles from the layout, else fitted around members, innermost first so a
    /// parent is fitted around its fitted children.
    fn fit_boundaries(&mut self, model: &Model) {
        let mut order: Vec<(&BoundaryId, usize)> = model.boundaries.keys().map(|id| (id, depth(model, id))).collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        for (id, _) in order {
            if let Some(r) = model.layout.boundaries.get(id).filter(|r| r.is_valid()) {
                self.boundaries.insert(id.clone(), *r);
                continue;
            }
            let mut rects: Vec<Rect> = model
                .elements
                .iter()
                .filter(|(_, e)| e.boundary.as_ref() == Some(id))
                .filter_map(|(eid, _)| self.node_rect(eid))
                .collect();
            rects.extend(
                model
                    .boundaries
                    .iter()
                    .filter(|(_, b)| b.parent.as_ref() == Some(id))
                    .filter_map(|(cid, _)| self.boundaries.get(cid).copied()),
            );
            if let Some(u) = union(&rects) {
                let fitted = Rect::new(
                    u.x - BOUNDARY_PAD,
                    u.y - BOUNDARY_PAD - BOUNDARY_HEADER,
                    u.w + 2.0 * BOUNDARY_PAD,
                    u.h + 2.0 * BOUNDARY_PAD + BOUNDARY_HEADER,
                );
                self.boundaries.insert(id.clone(), fitted);
            }
        }
    }

    /// The smallest rectangle holding every box, boundary and route.
    pub fn bounds(&self) -> Option<Rect> {
        let mut rects: Vec<Rect> = self.elements.keys().filter_map(|id| self.node_rect(id)).collect();
        rects.extend(self.boundaries.values().copied());
        rects.extend(self.routes.values().flatten().map(|p| Rect::new(p.x, p.y, 0.0, 0.0)));
        union(&rects)
    }
}

/// How deeply a boundary is nested (0 for a top-level one), bounded against cycles.
fn depth(model: &Model, id: &BoundaryId) -> usize {
    let mut d = 0;
    let mut cur = model.boundaries.get(id).and_then(|b| b.parent.as_ref());
    while let Some(p) = cur {
        d += 1;
        if d > 64 {
            break;
        }
        cur = model.boundaries.get(p).and_then(|b| b.parent.as_ref());
    }
    d
}

/// The routes of flows whose stored waypoints still fit their two components.
pub fn routes_through_waypoints(model: &Model, elements: &BTreeMap<ElementId, Pos>) -> BTreeMap<FlowId, Vec<Pos>> {
    let node = |p: &Pos| Rect::new(p.x - NODE_W / 2.0, p.y - NODE_H / 2.0, NODE_W, NODE_H);
    model
        .layout
        .flows
        .iter()
        .filter_map(|(id, points)| {
            let f = model.flows.get(id)?;
            let (a, b) = (elements.get(&f.from)?, elements.get(&f.to)?);
            let route = super::layered::through(node(a), node(b), points)?;
            Some((id.clone(), route))
        })
        .collect()
}

/// Elements without a position go in a row under everything placed.
fn place_leftovers(model: &Model, elements: &mut BTreeMap<ElementId, Pos>) {
    let placed: Vec<Rect> = elements
        .values()
        .map(|p| Rect::new(p.x - NODE_W / 2.0, p.y - NODE_H / 2.0, NODE_W, NODE_H))
        .collect();
    let Some(u) = union(&placed) else { return };
    let mut x = u.x + NODE_W / 2.0;
    let y = u.y + u.h + NODE_H + 80.0;
    for id in model.elements.keys() {
        if !elements.contains_key(id) {
            elements.insert(id.clone(), Pos::new(x, y));
            x += NODE_W + 60.0;
        }
    }
}

/// The union of rectangles, if there are any.
pub fn union(rects: &[Rect]) -> Option<Rect> {
    let first = rects.first()?;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x + first.w, first.y + first.h);
    for r in rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.w);
        y1 = y1.max(r.y + r.h);
    }
    Some(Rect::new(x0, y0, x1 - x0, y1 - y0))
}

/// Where to put copies of components now centred at `centres`: the first of a few offsets,
/// starting with `preferred`, at which no copy's box overlaps a component already placed, so
/// pasted or duplicated components never land on top of others (the preferred offset when
/// every candidate overlaps).
pub fn free_offset(placement: &Placement, centres: &[Pos], preferred: (f32, f32)) -> (f32, f32) {
    let (w, h) = (NODE_W + 20.0, NODE_H + 20.0);
    let overlaps = |dx: f32, dy: f32| {
        centres.iter().any(|c| {
            placement
                .elements
                .values()
                .any(|p| ((c.x + dx) - p.x).abs() < NODE_W && ((c.y + dy) - p.y).abs() < NODE_H)
        })
    };
    let mut candidates = vec![preferred];
    for k in 1..=12 {
        let k = k as f32;
        candidates.extend([
            (preferred.0 + k * w, preferred.1),
            (preferred.0, preferred.1 + k * h),
            (preferred.0 + k * w, preferred.1 + k * h),
        ]);
    }
    candidates
        .into_iter()
        .find(|(dx, dy)| !overlaps(*dx, *dy))
        .unwrap_or(preferred)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, BoundaryKind, Element, Flow};

    fn small_model() -> Model {
        let mut m = Model::new("t");
        let mut inner = Boundary::new("inner", BoundaryKind::Tenant);
        inner.parent = Some("tb-outer".into());
        m.boundaries
            .insert("tb-outer".into(), Boundary::new("outer", BoundaryKind::CloudAccount));
        m.boundaries.insert("tb-inner".into(), inner);
        let mut a = Element::new("user", "A");
        a.boundary = Some("tb-inner".into());
        m.elements.insert("el-a".into(), a);
        m.elements.insert("el-b".into(), Element::new("llm-api", "B"));
        m.flows.insert("fl-ab".into(), Flow::new("el-a", "el-b", "x"));
        m
    }

    fn inside(outer: Rect, inner: Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w <= outer.x + outer.w
            && inner.y + inner.h <= outer.y + outer.h
    }

    #[test]
    fn a_model_without_layout_gets_every_element_placed_and_boundaries_fitted() {
        let m = small_model();
        let p = Placement::of(&m);
        assert_eq!(p.elements.len(), 2);
        let outer = p.boundaries[&BoundaryId::from("tb-outer")];
        let inner = p.boundaries[&BoundaryId::from("tb-inner")];
        assert!(inside(outer, inner), "{outer:?} {inner:?}");
        let a = p.node_rect(&"el-a".into()).unwrap();
        assert!(inside(inner, a));
        let b = p.node_rect(&"el-b".into()).unwrap();
        assert!(!inside(outer, b), "B is outside every boundary");
        assert!(b.x > a.x, "the receiver sits to the right of the sender");
    }

    #[test]
    fn layout_positions_win_and_leftovers_go_underneath() {
        let mut m = small_model();
        m.layout.elements.insert("el-a".into(), Pos::new(100.0, 100.0));
        let p = Placement::of(&m);
        assert_eq!(p.elements[&ElementId::from("el-a")], Pos::new(100.0, 100.0));
        assert!(p.elements[&ElementId::from("el-b")].y > 100.0 + NODE_H);
    }
}

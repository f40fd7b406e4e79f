//! Where exports draw things: the model's layout when it has one, an automatic layered layout
//! when it has none, and boundary rectangles fitted around their members when the layout has
//! no rectangle for them.

use super::auto as autolayout;
use crate::model::{BoundaryId, ElementId, Model, Pos, Rect};
use std::collections::BTreeMap;

/// Width of a component box (the app's `node_width`).
pub const NODE_W: f32 = 184.0;
/// Height of a component box (the app's `node_height`).
pub const NODE_H: f32 = 62.0;
/// Space between a fitted boundary and what it holds.
pub const BOUNDARY_PAD: f32 = 24.0;
/// Room for a boundary's title strip.
pub const BOUNDARY_HEADER: f32 = 30.0;

/// Node centres and boundary rectangles, in canvas units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placement {
    /// Centre of each element's box.
    pub elements: BTreeMap<ElementId, Pos>,
    /// Each drawn boundary's rectangle.
    pub boundaries: BTreeMap<BoundaryId, Rect>,
}

impl Placement {
    /// Where `model` is drawn. Positions come from its layout; a model with no positions at all
    /// gets an automatic layered layout, and elements left unplaced in a laid-out model go in a
    /// row under the rest.
    pub fn of(model: &Model) -> Self {
        let mut elements: BTreeMap<ElementId, Pos> = model
            .layout
            .elements
            .iter()
            .filter(|(id, p)| model.elements.contains_key(*id) && p.is_finite())
            .map(|(id, p)| (id.clone(), *p))
            .collect();
        if elements.is_empty() {
            elements = autolayout::layered(model);
        } else {
            place_leftovers(model, &mut elements);
        }
        let mut placement = Placement {
            elements,
            boundaries: BTreeMap::new(),
        };
        placement.fit_boundaries(model);
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

    /// The smallest rectangle holding every box and boundary.
    pub fn bounds(&self) -> Option<Rect> {
        let mut rects: Vec<Rect> = self.elements.keys().filter_map(|id| self.node_rect(id)).collect();
        rects.extend(self.boundaries.values().copied());
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

/// One transaction that lays `model` out afresh: every element placed by the automatic layered
/// layout and every boundary fitted around its members. The app's "Tidy layout" applies it.
pub fn tidy_layout(model: &Model) -> crate::model::Transaction {
    use crate::model::Edit;
    let mut bare = model.clone();
    bare.layout = crate::model::Layout::default();
    let placement = Placement::of(&bare);
    let mut edits = vec![Edit::MoveElements {
        positions: placement
            .elements
            .iter()
            .map(|(id, p)| (id.clone(), Some(*p)))
            .collect(),
    }];
    for id in model.boundaries.keys() {
        edits.push(Edit::SetBoundaryRect {
            id: id.clone(),
            rect: placement.boundaries.get(id).copied(),
        });
    }
    crate::model::Transaction::new("Tidy layout", edits)
}

#[cfg(test)]
mod tidy_tests {
    use super::*;

    #[test]
    fn tidy_layout_places_every_element_inside_its_boundary_and_undoes_exactly() {
        let text = include_str!("../../assets/examples/agentic-assistant.bulwark.ron");
        let mut model = crate::model::from_str(text, "agentic").expect("example loads");
        let before = model.clone();
        let inverse = tidy_layout(&model).apply(&mut model).expect("applies");
        for (id, el) in &model.elements {
            let p = model.layout.elements[id];
            if let Some(b) = &el.boundary {
                assert!(model.layout.boundaries[b].contains(p), "{id} is drawn inside {b}");
            }
        }
        inverse.apply(&mut model).expect("undo");
        assert_eq!(model, before);
    }
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

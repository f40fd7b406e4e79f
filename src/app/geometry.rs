//! Canvas geometry that decides meaning: membership follows position. A component belongs to the
//! innermost trust boundary whose rectangle holds its centre, and a boundary is nested in the
//! smallest boundary that holds its whole rectangle. Pure functions over the model, so they are
//! tested without a window.

use crate::model::{BoundaryId, Edit, ElementId, Model, Pos, Rect};
use egui::{Pos2, pos2, vec2};
use std::collections::BTreeMap;

/// Where each element is drawn (centre), and each boundary's rectangle, in canvas units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placement {
    /// Element centres; elements the file does not place get a spot below the drawing.
    pub elements: BTreeMap<ElementId, Pos>,
    /// Boundary rectangles; boundaries without one are not drawn.
    pub boundaries: BTreeMap<BoundaryId, Rect>,
}

/// Spacing of the grid that unplaced elements are put on.
const AUTO_STEP_X: f32 = 230.0;
const AUTO_STEP_Y: f32 = 130.0;
const AUTO_COLUMNS: usize = 6;

impl Placement {
    /// The model's layout, with a spot for every element the layout leaves out (imported and
    /// generated models), so everything can be drawn and dragged. Those spots are not saved
    /// until the element is moved.
    pub fn of(model: &Model) -> Self {
        let mut elements = model.layout.elements.clone();
        let unplaced: Vec<&ElementId> = model.elements.keys().filter(|id| !elements.contains_key(*id)).collect();
        if !unplaced.is_empty() {
            let bottom = elements
                .values()
                .map(|p| p.y)
                .chain(model.layout.boundaries.values().map(|r| r.y + r.h))
                .fold(f32::NEG_INFINITY, f32::max);
            let left = elements
                .values()
                .map(|p| p.x)
                .chain(model.layout.boundaries.values().map(|r| r.x))
                .fold(f32::INFINITY, f32::min);
            let top = if bottom.is_finite() { bottom + AUTO_STEP_Y } else { 0.0 };
            let left = if left.is_finite() { left } else { 0.0 };
            for (i, id) in unplaced.into_iter().enumerate() {
                let (row, col) = (i / AUTO_COLUMNS, i % AUTO_COLUMNS);
                elements.insert(
                    id.clone(),
                    Pos::new(left + col as f32 * AUTO_STEP_X, top + row as f32 * AUTO_STEP_Y),
                );
            }
        }
        elements.retain(|id, _| model.elements.contains_key(id));
        Self {
            elements,
            boundaries: model.layout.boundaries.clone(),
        }
    }

    /// Whether every component of `model` has a spot of its own in its layout: a placement
    /// then gives none a spot below the drawing, which would depend on all of it.
    pub fn all_placed(model: &Model) -> bool {
        model.elements.keys().all(|id| model.layout.elements.contains_key(id))
    }

    /// Brings a placement made by [`Placement::of`] for an earlier version of `model`, when
    /// [`Placement::all_placed`] held, up to `model`, which differs from it only in the
    /// components `touched` and in boundary rectangles: the same result, without copying
    /// 10,000 spots on every edit (a tenth of an edit's frame; issue 15). `false`, having
    /// changed nothing, when a touched component has no spot of its own: place afresh.
    pub fn refresh_touched<'a>(&mut self, model: &Model, touched: impl IntoIterator<Item = &'a ElementId>) -> bool {
        let mut spots = Vec::new();
        for id in touched {
            match (model.elements.contains_key(id), model.layout.elements.get(id)) {
                (true, None) => return false,
                (true, Some(at)) => spots.push((id, Some(*at))),
                (false, _) => spots.push((id, None)),
            }
        }
        for (id, at) in spots {
            match at {
                Some(at) => self.elements.insert(id.clone(), at),
                None => self.elements.remove(id),
            };
        }
        if self.boundaries != model.layout.boundaries {
            self.boundaries = model.layout.boundaries.clone();
        }
        true
    }

    /// The innermost boundary (smallest area) whose rectangle holds `p`.
    pub fn innermost(&self, p: Pos) -> Option<BoundaryId> {
        innermost(&self.boundaries, p)
    }

    /// The boundary `id` sits in: the smallest other rectangle that holds all of it and is
    /// larger. Strictly larger, so two boundaries can never contain each other.
    pub fn parent_of(&self, id: &BoundaryId) -> Option<BoundaryId> {
        let r = self.boundaries.get(id)?;
        self.boundaries
            .iter()
            .filter(|(other, o)| *other != id && area(o) > area(r) && contains_rect(o, r))
            .min_by(|(ia, a), (ib, b)| area(a).total_cmp(&area(b)).then_with(|| ia.cmp(ib)))
            .map(|(other, _)| other.clone())
    }
}

/// The innermost rectangle (smallest area, then lowest id) holding `p`.
pub fn innermost(rects: &BTreeMap<BoundaryId, Rect>, p: Pos) -> Option<BoundaryId> {
    rects
        .iter()
        .filter(|(_, r)| r.contains(p))
        .min_by(|(ia, a), (ib, b)| area(a).total_cmp(&area(b)).then_with(|| ia.cmp(ib)))
        .map(|(id, _)| id.clone())
}

fn area(r: &Rect) -> f32 {
    r.w * r.h
}

fn contains_rect(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.x + inner.w <= outer.x + outer.w
        && inner.y + inner.h <= outer.y + outer.h
}

/// The edits that make membership follow a change of geometry from `before` to `after`.
///
/// Only what the change moved is reassigned: an element whose geometric boundary is the same
/// before and after keeps whatever boundary the file says, so a hand-written file whose drawing
/// disagrees with its memberships is not silently rewritten by an unrelated drag.
pub fn membership_edits(model: &Model, before: &Placement, after: &Placement) -> Vec<Edit> {
    let mut clear_parents = Vec::new();
    let mut set_parents = Vec::new();
    for (id, b) in &model.boundaries {
        if !after.boundaries.contains_key(id) {
            continue;
        }
        let was = before.parent_of(id);
        let now = after.parent_of(id);
        if was != now && b.parent != now {
            // Parents are cleared first and set second, so two boundaries swapping nesting
            // never pass through a loop, which the model refuses.
            let mut cleared = b.clone();
            cleared.parent = None;
            if b.parent.is_some() {
                clear_parents.push(Edit::SetBoundary {
                    id: id.clone(),
                    boundary: cleared.clone(),
                });
            }
            if now.is_some() {
                let mut set = cleared;
                set.parent = now;
                set_parents.push(Edit::SetBoundary {
                    id: id.clone(),
                    boundary: set,
                });
            }
        }
    }
    let mut members = Vec::new();
    for (id, el) in &model.elements {
        let (Some(p0), Some(p1)) = (before.elements.get(id), after.elements.get(id)) else {
            continue;
        };
        let was = before.innermost(*p0);
        let now = after.innermost(*p1);
        if was != now && el.boundary != now {
            let mut moved = el.clone();
            moved.boundary = now;
            members.push(Edit::SetElement {
                id: id.clone(),
                element: moved,
            });
        }
    }
    clear_parents.into_iter().chain(set_parents).chain(members).collect()
}

/// A canvas position as an egui point.
pub fn to_pos2(p: Pos) -> Pos2 {
    pos2(p.x, p.y)
}

/// An egui point as a canvas position.
pub fn from_pos2(p: Pos2) -> Pos {
    Pos::new(p.x, p.y)
}

/// A model rectangle as an egui rectangle.
pub fn to_rect(r: Rect) -> egui::Rect {
    egui::Rect::from_min_size(pos2(r.x, r.y), vec2(r.w, r.h))
}

/// An egui rectangle as a model rectangle.
pub fn from_rect(r: egui::Rect) -> Rect {
    Rect::new(r.min.x, r.min.y, r.width(), r.height())
}

/// The box of a component centred at `p`.
pub fn node_rect(p: Pos, size: egui::Vec2) -> egui::Rect {
    egui::Rect::from_center_size(to_pos2(p), size)
}

/// Rounds to the 10-unit grid that placed things snap to, so files stay tidy.
pub fn snap(p: Pos) -> Pos {
    Pos::new((p.x / 10.0).round() * 10.0, (p.y / 10.0).round() * 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, BoundaryKind, Element, Transaction};

    fn model() -> Model {
        let mut m = Model::new("t");
        m.boundaries
            .insert("tb-out".into(), Boundary::new("Out", BoundaryKind::CloudAccount));
        let mut inner = Boundary::new("In", BoundaryKind::ToolSandbox);
        inner.parent = Some("tb-out".into());
        m.boundaries.insert("tb-in".into(), inner);
        m.layout
            .boundaries
            .insert("tb-out".into(), Rect::new(0.0, 0.0, 1000.0, 1000.0));
        m.layout
            .boundaries
            .insert("tb-in".into(), Rect::new(100.0, 100.0, 300.0, 300.0));
        let mut a = Element::new("agent", "A");
        a.boundary = Some("tb-in".into());
        m.elements.insert("el-a".into(), a);
        m.layout.elements.insert("el-a".into(), Pos::new(200.0, 200.0));
        m.elements.insert("el-free".into(), Element::new("user", "Free"));
        m
    }

    #[test]
    fn moving_a_component_out_of_a_boundary_moves_it_to_the_enclosing_one() {
        let m = model();
        let before = Placement::of(&m);
        let mut after = before.clone();
        after.elements.insert("el-a".into(), Pos::new(700.0, 700.0));
        let edits = membership_edits(&m, &before, &after);
        let mut m2 = m.clone();
        Transaction::new("move", edits).apply(&mut m2).unwrap();
        assert_eq!(m2.elements[&ElementId::from("el-a")].boundary, Some("tb-out".into()));
    }

    #[test]
    fn an_unrelated_change_leaves_membership_alone() {
        let mut m = model();
        // The file says el-a is outside every boundary although it is drawn inside one.
        if let Some(a) = m.elements.get_mut(&ElementId::from("el-a")) {
            a.boundary = None;
        }
        let before = Placement::of(&m);
        let mut after = before.clone();
        after.elements.insert("el-a".into(), Pos::new(210.0, 200.0));
        assert!(membership_edits(&m, &before, &after).is_empty());
    }

    #[test]
    fn boundaries_can_swap_nesting_without_a_loop() {
        let m = model();
        let before = Placement::of(&m);
        let mut after = before.clone();
        after
            .boundaries
            .insert("tb-out".into(), Rect::new(300.0, 300.0, 80.0, 80.0));
        let edits = membership_edits(&m, &before, &after);
        let mut m2 = m.clone();
        Transaction::new("resize", edits).apply(&mut m2).unwrap();
        assert_eq!(m2.boundaries[&BoundaryId::from("tb-out")].parent, Some("tb-in".into()));
        assert_eq!(m2.boundaries[&BoundaryId::from("tb-in")].parent, None);
        assert_eq!(m2.elements[&ElementId::from("el-a")].boundary, Some("tb-in".into()));
    }

    /// A placement kept from one revision to the next is what placing the model afresh gives.
    #[test]
    fn a_refreshed_placement_is_a_fresh_one() {
        let (cat, _) = crate::catalog::Catalog::builtin();
        let mut m = crate::synth::synth_model(&cat, 60, 2);
        assert!(Placement::all_placed(&m));
        let mut p = Placement::of(&m);
        let el = |i: usize| ElementId::new(format!("el-{i:05}"));
        let mut check = |m: &Model, touched: &[ElementId], what: &str| {
            assert!(p.refresh_touched(m, touched), "{what}");
            assert_eq!(p, Placement::of(m), "after {what}");
        };
        m.layout.elements.insert(el(3), Pos::new(-40.0, 12.5));
        check(&m, &[el(3)], "a move");
        m.elements.remove(&el(4));
        m.layout.elements.remove(&el(4));
        check(&m, &[el(4)], "a removal");
        m.elements.insert(ElementId::new("el-new"), Element::new("user", "New"));
        m.layout.elements.insert(ElementId::new("el-new"), Pos::new(3.0, 4.0));
        check(&m, &[ElementId::new("el-new")], "an addition");
        m.layout
            .boundaries
            .insert("tb-group-0".into(), Rect::new(1.0, 2.0, 3.0, 4.0));
        check(&m, &[], "a boundary moved");
        m.layout.elements.remove(&el(5));
        let before = p.clone();
        assert!(!p.refresh_touched(&m, &[el(5)]), "a component without a spot");
        assert_eq!(p, before);
    }

    #[test]
    fn unplaced_elements_get_a_spot_below_the_drawing() {
        let m = model();
        let p = Placement::of(&m);
        let free = p.elements[&ElementId::from("el-free")];
        assert!(free.y > 1000.0, "{free:?}");
        assert_eq!(p.innermost(free), None);
    }
}

//! Alignment guides while components are dragged: the moving group's left, centre or right
//! (top, middle or bottom) snaps to the same line of a component that stays put when it comes
//! within a few screen points of it, and the line is drawn across both. Alt turns it off.

use crate::app::geometry::{Placement, node_rect};
use crate::model::ElementId;
use egui::{Pos2, Rect, Vec2, pos2, vec2};
use std::collections::BTreeSet;

/// How close, in screen points, a line must come before it snaps.
pub const SNAP_PX: f32 = 6.0;

/// The left, centre and right (or top, middle and bottom) of a rectangle along one axis.
fn lines(r: Rect, vertical: bool) -> [f32; 3] {
    if vertical {
        [r.left(), r.center().x, r.right()]
    } else {
        [r.top(), r.center().y, r.bottom()]
    }
}

/// The bounding box of the moving components, moved by `delta`.
fn moving_box(placement: &Placement, moving: &BTreeSet<&ElementId>, delta: Vec2, size: Vec2) -> Option<Rect> {
    let b = moving
        .iter()
        .filter_map(|id| placement.elements.get(*id))
        .map(|p| node_rect(*p, size).translate(delta))
        .fold(Rect::NOTHING, |a, b| a.union(b));
    b.is_positive().then_some(b)
}

/// The correction to add to `delta` so that the moving group lines up with a component that
/// stays put, on each axis independently, when one is within `tolerance` (canvas units).
pub fn snap(placement: &Placement, moving: &[ElementId], delta: Vec2, size: Vec2, tolerance: f32) -> Vec2 {
    let moving: BTreeSet<&ElementId> = moving.iter().collect();
    let Some(mb) = moving_box(placement, &moving, delta, size) else {
        return Vec2::ZERO;
    };
    let mut best = [None::<f32>; 2];
    for (id, p) in &placement.elements {
        let r = node_rect(*p, size);
        for (axis, vertical) in [(0, true), (1, false)] {
            for m in lines(mb, vertical) {
                for s in lines(r, vertical) {
                    let d = s - m;
                    // Whether it moves is asked last: comparing ids for each of 10,000
                    // components cost a drag more than the arithmetic.
                    if d.abs() <= tolerance && best[axis].is_none_or(|b: f32| d.abs() < b.abs()) && !moving.contains(id)
                    {
                        best[axis] = Some(d);
                    }
                }
            }
        }
    }
    vec2(best[0].unwrap_or(0.0), best[1].unwrap_or(0.0))
}

/// The guide lines to draw (canvas units) where the moving group, as placed in `shown`, lines
/// up exactly with components that stay put: each spans the group and every component on it.
pub fn guides(shown: &Placement, moving: &[ElementId], size: Vec2) -> Vec<(Pos2, Pos2)> {
    let moving: BTreeSet<&ElementId> = moving.iter().collect();
    let Some(mb) = moving_box(shown, &moving, Vec2::ZERO, size) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for vertical in [true, false] {
        for m in lines(mb, vertical) {
            let mut span: Option<(f32, f32)> = None;
            for (id, p) in &shown.elements {
                let r = node_rect(*p, size);
                if lines(r, vertical).iter().any(|s| (s - m).abs() < 0.5) && !moving.contains(id) {
                    let (lo, hi) = if vertical {
                        (r.top(), r.bottom())
                    } else {
                        (r.left(), r.right())
                    };
                    span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
                }
            }
            if let Some((lo, hi)) = span {
                let (glo, ghi) = if vertical {
                    (mb.top(), mb.bottom())
                } else {
                    (mb.left(), mb.right())
                };
                let (lo, hi) = (lo.min(glo), hi.max(ghi));
                out.push(if vertical {
                    (pos2(m, lo), pos2(m, hi))
                } else {
                    (pos2(lo, m), pos2(hi, m))
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pos;

    fn placement(ps: &[(&str, f32, f32)]) -> Placement {
        let mut p = Placement::default();
        for (id, x, y) in ps {
            p.elements.insert(ElementId::new(*id), Pos::new(*x, *y));
        }
        p
    }

    const SIZE: Vec2 = vec2(160.0, 60.0);

    #[test]
    fn a_near_miss_snaps_to_the_other_components_line_and_a_far_one_does_not() {
        let p = placement(&[("a", 0.0, 0.0), ("b", 300.0, 200.0)]);
        let moving = [ElementId::new("b")];
        // Dragged so that b's centre is 4 units right of a's, and 150 units lower: x snaps.
        let delta = vec2(-296.0, -50.0);
        let c = snap(&p, &moving, delta, SIZE, 6.0);
        assert_eq!(c, vec2(-4.0, 0.0));
        // 20 units off is not a near miss.
        assert_eq!(snap(&p, &moving, vec2(-280.0, -50.0), SIZE, 6.0), Vec2::ZERO);
    }

    #[test]
    fn both_axes_snap_independently_and_edges_count() {
        let p = placement(&[("a", 0.0, 0.0), ("b", 500.0, 500.0)]);
        let moving = [ElementId::new("b")];
        // b's left edge 3 units from a's right edge; b's top 2 units below a's top.
        let delta = vec2(-500.0 + 160.0 + 3.0, -500.0 + 2.0);
        assert_eq!(snap(&p, &moving, delta, SIZE, 6.0), vec2(-3.0, -2.0));
    }

    #[test]
    fn guides_span_the_group_and_the_components_on_the_line() {
        let p = placement(&[("a", 0.0, 0.0), ("c", 0.0, 400.0), ("b", 0.0, 200.0)]);
        let g = guides(&p, &[ElementId::new("b")], SIZE);
        // The centre line x = 0 (and the two edges) run from a's top to c's bottom.
        assert!(g.contains(&(pos2(0.0, -30.0), pos2(0.0, 430.0))), "{g:?}");
        assert!(
            guides(
                &placement(&[("a", 0.0, 0.0), ("b", 33.0, 97.0)]),
                &[ElementId::new("b")],
                SIZE
            )
            .is_empty()
        );
    }
}

//! Geometric checks of a drawing, as a reader judges it: components never overlap, a flow
//! never runs through a component it does not join, every component lies inside its
//! boundary's rectangle and every nested boundary inside its parent's, sibling boundaries do
//! not meet, labels hang from their flows, and how often flows cross. The tests of the layout
//! assert on these, and the layout benchmark prints them.

use super::placement::{NODE_H, NODE_W};
use crate::model::{BoundaryId, ElementId, FlowId, Model, Pos, Rect};
use std::collections::BTreeMap;

/// How far inside a box a line must pass to count as going through it.
const EPS: f32 = 0.5;

/// What the checks found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Pairs of components whose boxes overlap.
    pub overlaps: Vec<(ElementId, ElementId)>,
    /// Flows with a segment through a component that is not one of their ends.
    pub through: Vec<(FlowId, ElementId)>,
    /// Routes with a segment that is neither horizontal nor vertical.
    pub slanted: Vec<FlowId>,
    /// Components not inside their boundary's rectangle.
    pub outside: Vec<ElementId>,
    /// Components whose centre lies in a boundary they do not belong to (the canvas would
    /// move them into it at the next drag).
    pub strays: Vec<(ElementId, BoundaryId)>,
    /// Boundaries not inside their parent's rectangle.
    pub unnested: Vec<BoundaryId>,
    /// Pairs of sibling boundaries whose rectangles meet.
    pub sibling_overlaps: Vec<(BoundaryId, BoundaryId)>,
    /// Flows whose label anchor lies further than a few points from the route.
    pub labels_off: Vec<FlowId>,
    /// Flows drawn without a route although both ends exist.
    pub unrouted: Vec<FlowId>,
    /// Points where two flows' routes cross.
    pub crossings: usize,
}

impl Report {
    /// Nothing wrong (crossings are counted, not faults).
    pub fn is_clean(&self) -> bool {
        self.overlaps.is_empty()
            && self.through.is_empty()
            && self.slanted.is_empty()
            && self.outside.is_empty()
            && self.strays.is_empty()
            && self.unnested.is_empty()
            && self.sibling_overlaps.is_empty()
            && self.labels_off.is_empty()
            && self.unrouted.is_empty()
    }
}

/// The box of a component centred at `p`.
pub fn node_box(p: Pos) -> Rect {
    Rect::new(p.x - NODE_W / 2.0, p.y - NODE_H / 2.0, NODE_W, NODE_H)
}

/// Checks a drawing of `model`.
pub fn check(
    model: &Model,
    elements: &BTreeMap<ElementId, Pos>,
    boundaries: &BTreeMap<BoundaryId, Rect>,
    routes: &BTreeMap<FlowId, Vec<Pos>>,
) -> Report {
    let mut r = Report::default();
    let boxes: Vec<(&ElementId, Rect)> = elements.iter().map(|(id, p)| (id, node_box(*p))).collect();
    let mut sorted: Vec<usize> = (0..boxes.len()).collect();
    sorted.sort_by(|&a, &b| boxes[a].1.x.total_cmp(&boxes[b].1.x));
    for (i, &a) in sorted.iter().enumerate() {
        for &b in &sorted[i + 1..] {
            if boxes[b].1.x >= boxes[a].1.x + boxes[a].1.w - EPS {
                break;
            }
            if overlap(boxes[a].1, boxes[b].1) {
                r.overlaps.push((boxes[a].0.clone(), boxes[b].0.clone()));
            }
        }
    }
    let grid = Grid::new(&boxes);
    for (id, f) in &model.flows {
        if !(elements.contains_key(&f.from) && elements.contains_key(&f.to)) {
            continue;
        }
        let Some(route) = routes.get(id).filter(|r| r.len() >= 2) else {
            r.unrouted.push(id.clone());
            continue;
        };
        if route
            .windows(2)
            .any(|w| (w[0].x - w[1].x).abs() > 0.01 && (w[0].y - w[1].y).abs() > 0.01)
        {
            r.slanted.push(id.clone());
        }
        for w in route.windows(2) {
            for (eid, b) in grid.near(w[0], w[1]) {
                if eid != &f.from
                    && eid != &f.to
                    && segment_hits(w[0], w[1], b)
                    && !r.through.contains(&(id.clone(), eid.clone()))
                {
                    r.through.push((id.clone(), eid.clone()));
                }
            }
        }
        if let Some(a) = super::layered::label_anchor(route)
            && distance_to_route(a, route) > 3.0
        {
            r.labels_off.push(id.clone());
        }
    }
    for (id, el) in &model.elements {
        let Some(p) = elements.get(id) else { continue };
        if let Some(b) = &el.boundary
            && let Some(rect) = boundaries.get(b)
            && !contains(*rect, node_box(*p))
        {
            r.outside.push(id.clone());
        }
        for (bid, rect) in boundaries {
            if rect.contains(*p) && !is_within(model, el.boundary.as_ref(), bid) {
                r.strays.push((id.clone(), bid.clone()));
            }
        }
    }
    for (id, b) in &model.boundaries {
        if let (Some(p), Some(rect)) = (b.parent.as_ref().and_then(|p| boundaries.get(p)), boundaries.get(id))
            && !contains(*p, *rect)
        {
            r.unnested.push(id.clone());
        }
    }
    let ids: Vec<&BoundaryId> = model.boundaries.keys().collect();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let (pa, pb) = (&model.boundaries[*a].parent, &model.boundaries[*b].parent);
            if pa == pb
                && let (Some(ra), Some(rb)) = (boundaries.get(*a), boundaries.get(*b))
                && overlap(*ra, *rb)
            {
                r.sibling_overlaps.push(((*a).clone(), (*b).clone()));
            }
        }
    }
    r.crossings = crossings(routes.values().map(Vec::as_slice));
    r
}

/// Whether boundary `b` is `own` or one of its ancestors.
pub(crate) fn is_within(model: &Model, own: Option<&BoundaryId>, b: &BoundaryId) -> bool {
    let mut cur = own;
    let mut steps = 0;
    while let Some(c) = cur {
        if c == b {
            return true;
        }
        steps += 1;
        if steps > model.boundaries.len() {
            break;
        }
        cur = model.boundaries.get(c).and_then(|x| x.parent.as_ref());
    }
    false
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS
}

fn contains(outer: Rect, inner: Rect) -> bool {
    inner.x >= outer.x - EPS
        && inner.y >= outer.y - EPS
        && inner.x + inner.w <= outer.x + outer.w + EPS
        && inner.y + inner.h <= outer.y + outer.h + EPS
}

/// Whether the segment `a`–`b` passes through the inside of `r` (clipped against the box
/// shrunk by [`EPS`]).
pub fn segment_hits(a: Pos, b: Pos, r: Rect) -> bool {
    clip_segment(
        (a.x, a.y),
        (b.x, b.y),
        (r.x + EPS, r.y + EPS),
        (r.x + r.w - EPS, r.y + r.h - EPS),
    )
    .is_some_and(|(t0, t1)| t0 < t1)
}

/// The part of the segment `a`–`b` inside the box from `min` to `max`, as fractions of its
/// length (Liang–Barsky clipping); `None` when none of it is. The canvas uses it to draw only
/// the dashes in view.
pub fn clip_segment(a: (f32, f32), b: (f32, f32), min: (f32, f32), max: (f32, f32)) -> Option<(f32, f32)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.0 - min.0),
        (dx, max.0 - a.0),
        (-dy, a.1 - min.1),
        (dy, max.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

fn distance_to_route(p: Pos, route: &[Pos]) -> f32 {
    route
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let (abx, aby) = (b.x - a.x, b.y - a.y);
            let len2 = abx * abx + aby * aby;
            let t = if len2 == 0.0 {
                0.0
            } else {
                (((p.x - a.x) * abx + (p.y - a.y) * aby) / len2).clamp(0.0, 1.0)
            };
            let (cx, cy) = (a.x + abx * t, a.y + aby * t);
            ((p.x - cx).powi(2) + (p.y - cy).powi(2)).sqrt()
        })
        .fold(f32::INFINITY, f32::min)
}

/// Points where polylines cross each other: segments of different polylines meeting at a
/// point inside both (touching ends and overlapping runs are not counted).
pub fn crossings<'a>(routes: impl Iterator<Item = &'a [Pos]>) -> usize {
    crossing_pairs(routes).len()
}

/// The crossings as pairs of indices of the polylines that cross (one pair per crossing).
pub fn crossing_pairs<'a>(routes: impl Iterator<Item = &'a [Pos]>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = crossing_points(routes).into_iter().map(|(i, j, _)| (i, j)).collect();
    out.sort_unstable();
    out
}

/// Every crossing: the indices of the two polylines (lower first) and where they cross. The
/// segments are swept by their left end, so only neighbours along x are compared (the canvas
/// uses this every frame to keep flow labels off crossings).
pub fn crossing_points<'a>(routes: impl Iterator<Item = &'a [Pos]>) -> Vec<(usize, usize, Pos)> {
    let mut segs: Vec<(usize, Pos, Pos)> = Vec::new();
    for (i, r) in routes.enumerate() {
        for w in r.windows(2) {
            segs.push((i, w[0], w[1]));
        }
    }
    segs.sort_by(|a, b| a.1.x.min(a.2.x).total_cmp(&b.1.x.min(b.2.x)));
    let mut out = Vec::new();
    for (k, &(ri, a, b)) in segs.iter().enumerate() {
        let max_x = a.x.max(b.x);
        for &(rj, c, d) in &segs[k + 1..] {
            if c.x.min(d.x) > max_x {
                break;
            }
            if ri != rj && proper_intersection(a, b, c, d) {
                out.push((ri.min(rj), ri.max(rj), intersection(a, b, c, d)));
            }
        }
    }
    out
}

/// Where the lines through `ab` and `cd` meet (they are known to cross).
fn intersection(a: Pos, b: Pos, c: Pos, d: Pos) -> Pos {
    let (rx, ry, sx, sy) = (b.x - a.x, b.y - a.y, d.x - c.x, d.y - c.y);
    let den = rx * sy - ry * sx;
    if den.abs() < 1e-9 {
        return a;
    }
    let t = ((c.x - a.x) * sy - (c.y - a.y) * sx) / den;
    Pos::new(a.x + rx * t, a.y + ry * t)
}

fn proper_intersection(a: Pos, b: Pos, c: Pos, d: Pos) -> bool {
    let cross = |o: Pos, p: Pos, q: Pos| (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x);
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    let tiny = 1e-3;
    ((d1 > tiny && d2 < -tiny) || (d1 < -tiny && d2 > tiny)) && ((d3 > tiny && d4 < -tiny) || (d3 < -tiny && d4 > tiny))
}

/// Boxes bucketed by area, so a segment is tested only against boxes near it.
struct Grid<'a> {
    cell: f32,
    cells: BTreeMap<(i64, i64), Vec<usize>>,
    boxes: &'a [(&'a ElementId, Rect)],
}

impl<'a> Grid<'a> {
    fn new(boxes: &'a [(&'a ElementId, Rect)]) -> Self {
        let cell = 400.0;
        let mut cells: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
        for (i, (_, r)) in boxes.iter().enumerate() {
            for cx in (r.x / cell).floor() as i64..=((r.x + r.w) / cell).floor() as i64 {
                for cy in (r.y / cell).floor() as i64..=((r.y + r.h) / cell).floor() as i64 {
                    cells.entry((cx, cy)).or_default().push(i);
                }
            }
        }
        Grid { cell, cells, boxes }
    }

    fn near(&self, a: Pos, b: Pos) -> Vec<(&'a ElementId, Rect)> {
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        let mut found: Vec<usize> = Vec::new();
        let span = |lo: f32, hi: f32| (lo / self.cell).floor() as i64..=(hi / self.cell).floor() as i64;
        if (x1 - x0) / self.cell > 1000.0 || (y1 - y0) / self.cell > 1000.0 {
            found.extend(0..self.boxes.len());
        } else {
            for cx in span(x0, x1) {
                for cy in span(y0, y1) {
                    if let Some(v) = self.cells.get(&(cx, cy)) {
                        found.extend(v.iter().copied());
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| (self.boxes[i].0, self.boxes[i].1)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_through_a_box_hits_it_and_one_along_its_edge_does_not() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert!(segment_hits(Pos::new(-10.0, 25.0), Pos::new(110.0, 25.0), r));
        assert!(!segment_hits(Pos::new(-10.0, 50.0), Pos::new(110.0, 50.0), r));
        assert!(!segment_hits(Pos::new(100.0, 25.0), Pos::new(200.0, 25.0), r));
    }

    #[test]
    fn crossing_routes_count_once_and_touching_ones_not_at_all() {
        let a = [Pos::new(0.0, 0.0), Pos::new(100.0, 0.0)];
        let b = [Pos::new(50.0, -50.0), Pos::new(50.0, 50.0)];
        let c = [Pos::new(100.0, 0.0), Pos::new(100.0, 80.0)];
        assert_eq!(crossings([&a[..], &b[..], &c[..]].into_iter()), 1);
    }
}

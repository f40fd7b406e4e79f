//! One flow routed at right angles between two boxes, around the components already on the
//! canvas: the canvas's "Route at right angles". The layered layout routes a whole model it
//! places itself; this routes one flow and moves nothing.
//!
//! It tries the shapes a person would draw — an L, a Z with its middle run in a gap or just
//! beside a component in the way, a U around both ends — and keeps the one that passes through
//! the fewest components, then the cheapest (length, with a price on each bend and on stubs
//! too short to read as a run). The waypoints it returns are the bends, in the form
//! [`super::layered::through`] rebuilds (the first beside the sender, the last beside the
//! receiver), so they are stored like Tidy layout's.

use super::check::segment_hits;
use super::layered::{through, waypoints};
use crate::model::{Pos, Rect};

/// Room kept between a routed line and a component it passes.
const CLEARANCE: f32 = 16.0;

/// The bends of a right-angled route from `from` to `to` that passes through as few of
/// `obstacles` as it can (each a component's box; the two ends are not obstacles) and runs
/// along the other flows' `lines` as little as it can (a route drawn on top of another flow
/// reads as one line). Empty when no right-angled route fits (the boxes overlap).
pub fn route(from: Rect, to: Rect, obstacles: &[Rect], lines: &[&[Pos]]) -> Vec<Pos> {
    // Only what lies near the two boxes can be in the way or offer an edge to run along.
    let span = grow(hull(from, to), 4.0 * CLEARANCE + 200.0);
    let near: Vec<Rect> = obstacles
        .iter()
        .copied()
        .filter(|r| overlaps(*r, span) && !same_box(*r, from) && !same_box(*r, to))
        .collect();
    let blocked: Vec<Rect> = near.iter().map(|r| grow(*r, CLEARANCE / 2.0)).collect();
    let lines: Vec<&[Pos]> = lines
        .iter()
        .copied()
        .filter(|l| l.iter().any(|p| span.contains(*p)) || l.windows(2).any(|w| segment_hits(w[0], w[1], span)))
        .collect();
    candidates(from, to, &near)
        .into_iter()
        .filter_map(|bends| {
            // A bend off a box's sides would be reached on a slant: not this route's shape.
            let full = through(from, to, &bends).filter(|r| is_orthogonal(r))?;
            let hits = blocked
                .iter()
                .filter(|r| full.windows(2).any(|w| segment_hits(w[0], w[1], **r)))
                .count();
            let along: f32 = full
                .windows(2)
                .map(|w| {
                    lines
                        .iter()
                        .map(|l| l.windows(2).map(|v| shared(w[0], w[1], v[0], v[1])).sum::<f32>())
                        .sum::<f32>()
                })
                .sum();
            Some((hits, cost(&full) + ALONG_COST * along, full))
        })
        .min_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap_or(std::cmp::Ordering::Equal))
        // Stored without the bends the route does not need (a straight run keeps one point).
        .map(|(_, _, full)| waypoints(&full))
        .unwrap_or_default()
}

/// What a bend costs, in units of length: a route one bend simpler wins over a slightly
/// shorter one.
const BEND_COST: f32 = 40.0;

/// Segments shorter than this look like a glitch beside the box they leave or enter.
const STUB: f32 = 24.0;

/// What a unit of running along another flow costs, over its own length.
const ALONG_COST: f32 = 3.0;

/// How far two segments run on one line (both horizontal on the same height, or both vertical
/// at the same x, give or take a few units), 0 otherwise.
fn shared(a0: Pos, a1: Pos, b0: Pos, b1: Pos) -> f32 {
    const NEAR: f32 = 6.0;
    let overlap =
        |p0: f32, p1: f32, q0: f32, q1: f32| (p0.max(p1).min(q0.max(q1)) - p0.min(p1).max(q0.min(q1))).max(0.0);
    let flat = |p: Pos, q: Pos| (p.y - q.y).abs() < 0.01;
    let upright = |p: Pos, q: Pos| (p.x - q.x).abs() < 0.01;
    if flat(a0, a1) && flat(b0, b1) && (a0.y - b0.y).abs() < NEAR {
        overlap(a0.x, a1.x, b0.x, b1.x)
    } else if upright(a0, a1) && upright(b0, b1) && (a0.x - b0.x).abs() < NEAR {
        overlap(a0.y, a1.y, b0.y, b1.y)
    } else {
        0.0
    }
}

/// Length, plus a price for each bend and each stub.
fn cost(route: &[Pos]) -> f32 {
    route
        .windows(2)
        .map(|w| {
            let len = (w[1].x - w[0].x).abs() + (w[1].y - w[0].y).abs();
            len + BEND_COST + if len < STUB { 3.0 * BEND_COST } else { 0.0 }
        })
        .sum()
}

/// Every route shape worth scoring, as bends.
fn candidates(from: Rect, to: Rect, near: &[Rect]) -> Vec<Vec<Pos>> {
    let (a, b) = (centre(from), centre(to));
    let mut out = Vec::new();
    // L: leave sideways, enter from above or below — and the other way round.
    out.push(vec![Pos::new(b.x, a.y)]);
    out.push(vec![Pos::new(a.x, b.y)]);
    // Z with a vertical middle run: in the gap between the boxes, or beside a component.
    let xs = runs(
        [
            from.x - CLEARANCE,
            from.x + from.w + CLEARANCE,
            to.x - CLEARANCE,
            to.x + to.w + CLEARANCE,
        ],
        (from.x + from.w + to.x) / 2.0,
        (to.x + to.w + from.x) / 2.0,
        near.iter().flat_map(|r| [r.x - CLEARANCE, r.x + r.w + CLEARANCE]),
    );
    for x in xs {
        out.push(vec![Pos::new(x, a.y), Pos::new(x, b.y)]);
    }
    // Z with a horizontal middle run.
    let ys = runs(
        [
            from.y - CLEARANCE,
            from.y + from.h + CLEARANCE,
            to.y - CLEARANCE,
            to.y + to.h + CLEARANCE,
        ],
        (from.y + from.h + to.y) / 2.0,
        (to.y + to.h + from.y) / 2.0,
        near.iter().flat_map(|r| [r.y - CLEARANCE, r.y + r.h + CLEARANCE]),
    );
    for y in ys {
        out.push(vec![Pos::new(a.x, y), Pos::new(b.x, y)]);
    }
    // U: out of one side of both boxes and back, for boxes stacked on top of each other.
    let (left, right) = (
        from.x.min(to.x) - 2.0 * CLEARANCE,
        (from.x + from.w).max(to.x + to.w) + 2.0 * CLEARANCE,
    );
    let (top, bottom) = (
        from.y.min(to.y) - 2.0 * CLEARANCE,
        (from.y + from.h).max(to.y + to.h) + 2.0 * CLEARANCE,
    );
    for x in [left, right] {
        out.push(vec![Pos::new(x, a.y), Pos::new(x, b.y)]);
    }
    for y in [top, bottom] {
        out.push(vec![Pos::new(a.x, y), Pos::new(b.x, y)]);
    }
    out
}

/// Positions for a middle run: beside either box, in either gap between them, and beside
/// each nearby component; finite, rounded to whole units and without repeats.
fn runs(ends: [f32; 4], gap_a: f32, gap_b: f32, beside: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut v: Vec<f32> = ends
        .into_iter()
        .chain([gap_a, gap_b])
        .chain(beside)
        .filter(|x| x.is_finite())
        .map(f32::round)
        .collect();
    v.sort_by(f32::total_cmp);
    v.dedup();
    v
}

fn centre(r: Rect) -> Pos {
    Pos::new(r.x + r.w / 2.0, r.y + r.h / 2.0)
}

fn hull(a: Rect, b: Rect) -> Rect {
    let (x0, y0) = (a.x.min(b.x), a.y.min(b.y));
    let (x1, y1) = ((a.x + a.w).max(b.x + b.w), (a.y + a.h).max(b.y + b.h));
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

fn grow(r: Rect, by: f32) -> Rect {
    Rect::new(r.x - by, r.y - by, r.w + 2.0 * by, r.h + 2.0 * by)
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

fn same_box(a: Rect, b: Rect) -> bool {
    (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01 && (a.w - b.w).abs() < 0.01 && (a.h - b.h).abs() < 0.01
}

/// Whether every segment of `route` runs horizontally or vertically.
pub fn is_orthogonal(route: &[Pos]) -> bool {
    route
        .windows(2)
        .all(|w| (w[0].x - w[1].x).abs() < 0.01 || (w[0].y - w[1].y).abs() < 0.01)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(x: f32, y: f32) -> Rect {
        Rect::new(x, y, 120.0, 60.0)
    }

    fn passes(route: &[Pos], r: Rect) -> bool {
        route.windows(2).any(|w| segment_hits(w[0], w[1], r))
    }

    #[test]
    fn a_route_runs_at_right_angles_and_goes_around_a_component_in_the_way() {
        let (a, b) = (boxed(0.0, 0.0), boxed(500.0, 200.0));
        let wall = Rect::new(250.0, -100.0, 120.0, 400.0);
        let bends = route(a, b, &[wall, a, b], &[]);
        let full = through(a, b, &bends).expect("the bends fit both boxes");
        assert!(is_orthogonal(&full), "{full:?}");
        // A tall component between the two: the route leaves it alone by going round.
        assert!(!passes(&full, wall), "{full:?}");
    }

    #[test]
    fn boxes_side_by_side_need_no_bend_beyond_the_straight_run() {
        let (a, b) = (boxed(0.0, 0.0), boxed(300.0, 0.0));
        let full = through(a, b, &route(a, b, &[], &[])).expect("fits");
        assert_eq!(full, vec![Pos::new(120.0, 30.0), Pos::new(300.0, 30.0)]);
    }

    #[test]
    fn boxes_one_below_the_other_and_offset_are_joined_down_across_and_down() {
        // The lower box starts under the middle of the upper one: an L would leave with a stub.
        let (a, b) = (boxed(0.0, 0.0), boxed(70.0, 180.0));
        let full = through(a, b, &route(a, b, &[], &[])).expect("fits");
        assert_eq!(full.first(), Some(&Pos::new(60.0, 60.0)), "out of the bottom: {full:?}");
        assert_eq!(full.last(), Some(&Pos::new(130.0, 180.0)), "into the top: {full:?}");
        assert_eq!(full.len(), 4);
    }

    #[test]
    fn a_route_keeps_off_another_flows_line() {
        // Another flow leaves the sender's right side at its middle height: running along it
        // would draw two flows as one line, so the route leaves from the bottom instead.
        let (a, b) = (boxed(0.0, 0.0), boxed(150.0, 200.0));
        let other = vec![Pos::new(120.0, 30.0), Pos::new(600.0, 30.0)];
        let full = through(a, b, &route(a, b, &[], &[&other])).expect("fits");
        assert!(
            full.windows(2)
                .all(|w| (w[0].y - 30.0).abs() > 1.0 || (w[1].y - 30.0).abs() > 1.0),
            "{full:?}"
        );
    }

    #[test]
    fn stacked_boxes_are_joined_from_above_or_below() {
        let (a, b) = (boxed(0.0, 0.0), boxed(0.0, 300.0));
        let blocker = boxed(0.0, 150.0);
        let full = through(a, b, &route(a, b, &[blocker], &[])).expect("fits");
        assert!(is_orthogonal(&full));
        assert!(
            !passes(&full, blocker),
            "goes round the component between them: {full:?}"
        );
    }
}

//! Routes: each flow's pieces in the clusters it passes joined into one orthogonal polyline,
//! the point its label hangs from, and the waypoints the model stores for it.

use super::tree::Input;
use super::{Chain, Kind, Level, Node, link_ys};
use crate::model::{ElementId, FlowId, Pos, Rect};
use std::collections::BTreeMap;

/// Every flow's route, on the canvas.
pub(super) fn assemble(
    input: &Input<'_>,
    levels: &[Level],
    elements: &BTreeMap<ElementId, Pos>,
) -> BTreeMap<FlowId, Vec<Pos>> {
    let mut routes = BTreeMap::new();
    for (fi, f) in input.flows.iter().enumerate() {
        let mut clusters = input.path_up(input.element_cluster[f.from], f.lca);
        clusters.push(f.lca);
        let mut down = input.path_up(input.element_cluster[f.to], f.lca);
        down.reverse();
        clusters.extend(down);
        let mut points: Vec<Pos> = Vec::new();
        for k in clusters {
            let Some(level) = levels.get(k) else { continue };
            let Some(chain) = level.chain_of.get(&fi).and_then(|&c| level.chains.get(c)) else {
                continue;
            };
            let mut piece = chain_points(level, chain);
            if !chain.forward {
                piece.reverse();
            }
            points.extend(piece);
        }
        routes.insert(f.id.clone(), simplify(points));
    }
    for (id, e) in &input.loops {
        if let Some(p) = input.elements.get(*e).and_then(|id| elements.get(*id)) {
            routes.insert((*id).clone(), self_loop(*p));
        }
    }
    routes
}

fn right_x(v: &Node) -> f32 {
    match v.kind {
        Kind::Port => v.x,
        _ => v.x + v.w / 2.0,
    }
}

fn left_x(v: &Node) -> f32 {
    match v.kind {
        Kind::Port => v.x,
        _ => v.x - v.w / 2.0,
    }
}

/// A chain's polyline, left to right, on the canvas.
fn chain_points(level: &Level, ch: &Chain) -> Vec<Pos> {
    let (ox, oy) = level.origin;
    let mut pts = Vec::with_capacity(ch.nodes.len() * 3);
    for i in 0..ch.nodes.len() - 1 {
        let (p, q) = (&level.nodes[ch.nodes[i]], &level.nodes[ch.nodes[i + 1]]);
        let (ya, yb) = link_ys(level, ch, i);
        let (xa, xb) = (right_x(p), left_x(q));
        pts.push(Pos::new(ox + xa, oy + ya));
        match ch.tracks.get(i).copied().flatten() {
            Some(xt) => {
                pts.push(Pos::new(ox + xt, oy + ya));
                pts.push(Pos::new(ox + xt, oy + yb));
                pts.push(Pos::new(ox + xb, oy + yb));
            }
            None => pts.push(Pos::new(ox + xb, oy + ya)),
        }
    }
    pts
}

/// Drops repeated points and the middle one of three on a line.
fn simplify(points: Vec<Pos>) -> Vec<Pos> {
    let mut out: Vec<Pos> = Vec::with_capacity(points.len());
    for p in points {
        if out.last().is_some_and(|q| same(*q, p)) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let on_line = (near(a.x, b.x) && near(b.x, p.x)) || (near(a.y, b.y) && near(b.y, p.y));
            if on_line {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

fn same(a: Pos, b: Pos) -> bool {
    near(a.x, b.x) && near(a.y, b.y)
}

/// A flow from a component to itself: a loop over its top right corner.
fn self_loop(c: Pos) -> Vec<Pos> {
    let (hw, hh) = (super::NODE_W / 2.0, super::NODE_H / 2.0);
    vec![
        Pos::new(c.x + hw, c.y - 10.0),
        Pos::new(c.x + hw + 24.0, c.y - 10.0),
        Pos::new(c.x + hw + 24.0, c.y - hh - 20.0),
        Pos::new(c.x + hw / 2.0, c.y - hh - 20.0),
        Pos::new(c.x + hw / 2.0, c.y - hh),
    ]
}

/// Where a flow's label goes on its route: the middle of its longest horizontal segment (a
/// label is wide), or of its longest segment when no horizontal one is long enough.
pub fn label_anchor(route: &[Pos]) -> Option<Pos> {
    label_spots(route).into_iter().next()
}

/// Places on a route a label may hang from, best first: the middles of its horizontal
/// segments, longest first (when the longest is long enough to hold a short label), then the
/// quarters of the long ones, then the middles of the rest. Renderers take the first spot
/// where the label covers nothing, so labels of flows leaving one side of a component
/// spread over their different segments instead of piling up.
pub fn label_spots(route: &[Pos]) -> Vec<Pos> {
    let segments: Vec<(Pos, Pos)> = route
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .collect();
    let length = |(a, b): &(Pos, Pos)| ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
    let at = |(a, b): &(Pos, Pos), t: f32| Pos::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
    let mut horizontal: Vec<&(Pos, Pos)> = segments.iter().filter(|(a, b)| near(a.y, b.y)).collect();
    // Longest first; a stable sort keeps route order among equals.
    horizontal.sort_by(|a, b| length(b).total_cmp(&length(a)));
    let mut spots = Vec::new();
    if horizontal.first().is_some_and(|s| length(s) >= 40.0) {
        spots.extend(horizontal.iter().map(|s| at(s, 0.5)));
        for s in horizontal.iter().filter(|s| length(s) >= 160.0) {
            spots.push(at(s, 0.25));
            spots.push(at(s, 0.75));
        }
    }
    let mut rest: Vec<&(Pos, Pos)> = segments.iter().collect();
    rest.sort_by(|a, b| length(b).total_cmp(&length(a)));
    for s in rest {
        let m = at(s, 0.5);
        if !spots.contains(&m) {
            spots.push(m);
        }
    }
    if spots.is_empty() {
        spots.extend(route.first().copied());
    }
    spots
}

/// The waypoints the model keeps for a route: its bends, without the two ends (which follow
/// the components). A straight route keeps its middle point, so it stays at the height it was
/// routed at.
pub fn waypoints(route: &[Pos]) -> Vec<Pos> {
    match route {
        [] | [_] => Vec::new(),
        [a, b] => vec![Pos::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0)],
        [_, inner @ .., _] => inner.to_vec(),
    }
}

/// The full route through stored `waypoints` between the boxes `from` and `to`: it leaves
/// `from` at a right angle towards the first waypoint when that lies beside the box (as Tidy
/// layout and "Route at right angles" place it), else from the edge on the line from the box's
/// centre (a bend a person dragged anywhere), and enters `to` the same way from the last. `None`
/// when an end waypoint lies inside its box: the flow is then drawn straight.
pub fn through(from: Rect, to: Rect, waypoints: &[Pos]) -> Option<Vec<Pos>> {
    let (first, last) = (waypoints.first()?, waypoints.last()?);
    if waypoints.iter().any(|p| !p.is_finite()) {
        return None;
    }
    let start = attach(from, *first).or_else(|| toward(from, *first))?;
    let end = attach(to, *last).or_else(|| toward(to, *last))?;
    let mut out = Vec::with_capacity(waypoints.len() + 2);
    out.push(start);
    out.extend_from_slice(waypoints);
    out.push(end);
    Some(simplify(out))
}

/// The point on `r`'s edge straight across from `p` (horizontally or vertically), if `p` lies
/// beside the box rather than inside it or off a corner.
fn attach(r: Rect, p: Pos) -> Option<Pos> {
    let (x0, x1, y0, y1) = (r.x, r.x + r.w, r.y, r.y + r.h);
    let within_y = p.y >= y0 && p.y <= y1;
    let within_x = p.x >= x0 && p.x <= x1;
    match (within_x, within_y) {
        (false, true) => Some(Pos::new(if p.x > x1 { x1 } else { x0 }, p.y)),
        (true, false) => Some(Pos::new(p.x, if p.y > y1 { y1 } else { y0 })),
        _ => None,
    }
}

/// Where the line from `r`'s centre to `p` leaves the box; `None` when `p` is inside it.
fn toward(r: Rect, p: Pos) -> Option<Pos> {
    if r.contains(p) {
        return None;
    }
    let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    let (dx, dy) = (p.x - cx, p.y - cy);
    // The smallest stretch of the ray that reaches a side.
    let tx = if dx == 0.0 {
        f32::INFINITY
    } else {
        (r.w / 2.0) / dx.abs()
    };
    let ty = if dy == 0.0 {
        f32::INFINITY
    } else {
        (r.h / 2.0) / dy.abs()
    };
    let t = tx.min(ty);
    Some(Pos::new(cx + dx * t, cy + dy * t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_waypoints_rebuild_the_route_between_the_boxes() {
        let a = Rect::new(0.0, 0.0, 100.0, 50.0);
        let b = Rect::new(300.0, 200.0, 100.0, 50.0);
        let route = vec![
            Pos::new(100.0, 20.0),
            Pos::new(200.0, 20.0),
            Pos::new(200.0, 230.0),
            Pos::new(300.0, 230.0),
        ];
        let w = waypoints(&route);
        assert_eq!(w.len(), 2);
        assert_eq!(through(a, b, &w), Some(route));
        // A bend off every side of a box is reached from the box's edge on the line from its
        // centre, as a person drew it; one inside a box cannot be reached.
        let free = through(a, b, &[Pos::new(200.0, 120.0)]).expect("a free bend is drawn");
        assert_eq!(free.len(), 3);
        // Out of the sender's bottom and into the receiver's top, both towards the bend.
        assert!(
            near(free[0].y, 50.0) && free[0].x > 50.0 && free[0].x < 100.0,
            "{free:?}"
        );
        assert_eq!(free[1], Pos::new(200.0, 120.0));
        assert!(
            near(free[2].y, 200.0) && free[2].x > 300.0 && free[2].x < 350.0,
            "{free:?}"
        );
        assert_eq!(through(a, b, &[Pos::new(50.0, 20.0)]), None);
    }

    #[test]
    fn the_label_hangs_from_the_longest_horizontal_run() {
        let route = [
            Pos::new(0.0, 0.0),
            Pos::new(50.0, 0.0),
            Pos::new(50.0, 300.0),
            Pos::new(250.0, 300.0),
        ];
        assert_eq!(label_anchor(&route), Some(Pos::new(150.0, 300.0)));
    }
}

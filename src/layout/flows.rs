//! Where flows are drawn between their two components: along their route when they have one,
//! straight otherwise, with the straight flows between the same two components spread apart
//! side by side so each stays visible (and clickable on the canvas). The canvas and the SVG
//! diagrams of reports and exports draw the same lines, so they are worked out here once, in
//! the model's own units and types; pair by pair, so the canvas can place again only the pairs
//! an edit touched.

use super::Placement;
use crate::model::{ElementId, Flow, FlowId, Model, Pos, Rect};

/// Distance between straight flows drawn side by side.
pub const PARALLEL_GAP: f32 = 18.0;
/// How far outside the sender's box a straight flow starts.
const START_GAP: f32 = 2.0;
/// How far outside the receiver's box a straight flow's tip stops.
const TIP_GAP: f32 = 3.0;

/// Where one flow is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLine {
    /// The flow.
    pub id: FlowId,
    /// Start, at the sender's box.
    pub a: Pos,
    /// End (the arrow's tip), at the receiver's box.
    pub b: Pos,
    /// Bends between `a` and `b` (a routed flow).
    pub bends: Vec<Pos>,
}

impl FlowLine {
    /// Every point of the line, start to tip.
    pub fn points(&self) -> Vec<Pos> {
        let mut out = Vec::with_capacity(self.bends.len() + 2);
        out.push(self.a);
        out.extend_from_slice(&self.bends);
        out.push(self.b);
        out
    }
}

/// Every flow of `model` as drawn at `placement` (along `placement.routes` where it has one),
/// pair after pair in the order of [`Model::flows_by_pair`], as [`pair`] places each.
pub fn lines(model: &Model, placement: &Placement) -> Vec<FlowLine> {
    let mut out = Vec::with_capacity(model.flows.len());
    for ((lo, hi), flows) in model.flows_by_pair() {
        let (Some(rlo), Some(rhi)) = (placement.node_rect(lo), placement.node_rect(hi)) else {
            continue;
        };
        let route = |id: &FlowId, _: &Flow, _: Rect, _: Rect| placement.routes.get(id).cloned();
        pair(lo, (rlo, rhi), &flows, route, |_, line| out.push(line));
    }
    out
}

/// The flows between one pair of components, in id order (`flows`, all between `lo`, the
/// lower id, whose box is `boxes.0`, and the other, whose box is `boxes.1`), handed to `emit`:
/// first each flow that `route` (given the sender's and the receiver's box) gives a route of
/// two points or more, along that route; then the others straight from box to box, spread
/// apart by [`PARALLEL_GAP`] about the line between the boxes' centres, starting just outside
/// the sender's box and stopping just outside the receiver's. When the boxes touch or overlap
/// there is no room between them and no straight flow is drawn.
pub fn pair<'f>(
    lo: &ElementId,
    (rlo, rhi): (Rect, Rect),
    flows: &[(&'f FlowId, &'f Flow)],
    mut route: impl FnMut(&FlowId, &Flow, Rect, Rect) -> Option<Vec<Pos>>,
    mut emit: impl FnMut(&'f Flow, FlowLine),
) {
    let ends = |f: &Flow| if &f.from == lo { (rlo, rhi) } else { (rhi, rlo) };
    let mut straight = Vec::new();
    for &(id, f) in flows {
        let (ra, rb) = ends(f);
        match route(id, f, ra, rb) {
            Some(points) if points.len() >= 2 => {
                let last = points.len() - 1;
                let line = FlowLine {
                    id: id.clone(),
                    a: points[0],
                    b: points[last],
                    bends: points[1..last].to_vec(),
                };
                emit(f, line);
            }
            _ => straight.push((id, f)),
        }
    }
    if touch(rlo, rhi) {
        return;
    }
    let (dx, dy) = unit(centre(rlo), centre(rhi));
    let normal = (-dy, dx);
    let n = straight.len() as f32;
    for (i, (id, f)) in straight.into_iter().enumerate() {
        let k = (i as f32 - (n - 1.0) / 2.0) * PARALLEL_GAP;
        let (ra, rb) = ends(f);
        let (sa, sb) = (step(centre(ra), normal, k), step(centre(rb), normal, k));
        let d = unit(sa, sb);
        let a = step(exit_point(ra, sa, d), d, START_GAP);
        let b = step(exit_point(rb, sb, (-d.0, -d.1)), d, -TIP_GAP);
        let line = FlowLine {
            id: id.clone(),
            a,
            b,
            bends: Vec::new(),
        };
        emit(f, line);
    }
}

/// Where a ray from `start` (inside `r`) in direction `d` leaves the rectangle.
fn exit_point(r: Rect, start: Pos, d: (f32, f32)) -> Pos {
    let along = |max: f32, min: f32, s: f32, dv: f32| {
        if dv > 0.0 {
            (max - s) / dv
        } else if dv < 0.0 {
            (s - min) / -dv
        } else {
            f32::INFINITY
        }
    };
    let t = along(r.x + r.w, r.x, start.x, d.0).min(along(r.y + r.h, r.y, start.y, d.1));
    if t.is_finite() {
        step(start, d, t.max(0.0))
    } else {
        start
    }
}

/// Whether two boxes overlap or share an edge.
fn touch(a: Rect, b: Rect) -> bool {
    a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h
}

fn centre(r: Rect) -> Pos {
    Pos::new(r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// `p` moved `k` times `d`.
fn step(p: Pos, d: (f32, f32), k: f32) -> Pos {
    Pos::new(p.x + d.0 * k, p.y + d.1 * k)
}

/// The direction from `a` to `b` (zero when they coincide).
fn unit(a: Pos, b: Pos) -> (f32, f32) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = dx.hypot(dy);
    if len > 0.0 { (dx / len, dy / len) } else { (0.0, 0.0) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, Flow};

    /// Two components 300 apart side by side (`el-a` left), with flows `(id, from, to)`.
    fn model(flows: &[(&str, &str, &str)]) -> Model {
        let mut m = Model::new("t");
        for (id, x) in [("el-a", 0.0), ("el-b", 300.0)] {
            m.elements.insert(id.into(), Element::new("llm-api", id));
            m.layout.elements.insert(id.into(), Pos::new(x, 0.0));
        }
        for (id, from, to) in flows {
            m.flows.insert((*id).into(), Flow::new(*from, *to, *id));
        }
        m
    }

    fn outside_by(r: Rect, p: Pos) -> f32 {
        let dx = (r.x - p.x).max(p.x - (r.x + r.w)).max(0.0);
        let dy = (r.y - p.y).max(p.y - (r.y + r.h)).max(0.0);
        dx.hypot(dy)
    }

    #[test]
    fn flows_between_one_pair_are_spread_evenly_about_the_centre_line_whichever_way_they_go() {
        let m = model(&[
            ("fl-1", "el-a", "el-b"),
            ("fl-2", "el-b", "el-a"),
            ("fl-3", "el-a", "el-b"),
        ]);
        let lines = lines(&m, &Placement::of(&m));
        let ys: Vec<f32> = lines.iter().map(|l| l.a.y).collect();
        assert_eq!(ys, vec![-PARALLEL_GAP, 0.0, PARALLEL_GAP]);
        for l in &lines {
            assert_eq!(l.a.y, l.b.y, "{l:?} runs level, beside the others");
        }
        let back = &lines[1];
        assert!(back.a.x > back.b.x, "fl-2 runs from B to A: {back:?}");
    }

    #[test]
    fn a_flow_starts_just_outside_the_sender_and_stops_just_outside_the_receiver() {
        let mut m = model(&[("fl-1", "el-a", "el-b")]);
        m.layout.elements.insert("el-b".into(), Pos::new(260.0, 170.0));
        let placed = Placement::of(&m);
        let (ra, rb) = (
            placed.node_rect(&"el-a".into()).unwrap(),
            placed.node_rect(&"el-b".into()).unwrap(),
        );
        let line = &lines(&m, &placed)[0];
        let (start, tip) = (outside_by(ra, line.a), outside_by(rb, line.b));
        assert!(start > 0.0 && start <= START_GAP + 1e-3, "{start}");
        assert!(tip > 0.0 && tip <= TIP_GAP + 1e-3, "{tip}");
        let mid = Pos::new((line.a.x + line.b.x) / 2.0, (line.a.y + line.b.y) / 2.0);
        assert!(outside_by(ra, mid) > 0.0 && outside_by(rb, mid) > 0.0);
    }

    #[test]
    fn components_that_overlap_draw_no_straight_flow_but_keep_routed_ones() {
        let mut m = model(&[("fl-1", "el-a", "el-b"), ("fl-2", "el-a", "el-b")]);
        m.layout.elements.insert("el-b".into(), Pos::new(50.0, 20.0));
        m.layout.flows.insert("fl-2".into(), vec![Pos::new(25.0, 200.0)]);
        let ids: Vec<FlowId> = lines(&m, &Placement::of(&m)).into_iter().map(|l| l.id).collect();
        assert_eq!(ids, vec![FlowId::from("fl-2")]);
    }

    #[test]
    fn a_routed_flow_runs_from_box_to_box_through_its_waypoints() {
        let mut m = model(&[("fl-1", "el-a", "el-b"), ("fl-2", "el-a", "el-b")]);
        let waypoints = vec![Pos::new(0.0, 150.0), Pos::new(300.0, 150.0)];
        m.layout.flows.insert("fl-1".into(), waypoints.clone());
        let placed = Placement::of(&m);
        let lines = lines(&m, &placed);
        let routed = lines.iter().find(|l| l.id == FlowId::from("fl-1")).unwrap();
        assert_eq!(routed.bends, waypoints);
        let (ra, rb) = (
            placed.node_rect(&"el-a".into()).unwrap(),
            placed.node_rect(&"el-b".into()).unwrap(),
        );
        assert_eq!(routed.a, Pos::new(0.0, ra.y + ra.h), "leaves A's bottom edge");
        assert_eq!(routed.b, Pos::new(300.0, rb.y + rb.h), "enters B's bottom edge");
        let straight = lines.iter().find(|l| l.id == FlowId::from("fl-2")).unwrap();
        assert_eq!(straight.a.y, 0.0, "the one straight flow keeps the centre line");
    }

    #[test]
    fn a_ray_leaves_a_box_on_the_side_it_points_at() {
        let r = Rect::new(-50.0, -25.0, 100.0, 50.0);
        assert_eq!(exit_point(r, Pos::new(0.0, 0.0), (1.0, 0.0)), Pos::new(50.0, 0.0));
        assert_eq!(exit_point(r, Pos::new(0.0, 0.0), (0.0, -1.0)), Pos::new(0.0, -25.0));
    }
}

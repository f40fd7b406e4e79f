//! A selected flow's bends as grips, as in a diagram tool: drag a bend to move it, drag the
//! small circle on a segment to bend the flow there, double-click a bend to take it out. On a
//! route of horizontal and vertical runs, the circle on a run between two bends moves the whole
//! run across instead, so the route keeps its right angles. The edits are
//! `routing::BendEdit`s; this module only finds, previews and paints the grips.

use super::View;
use super::edge::FlowGeom;
use super::shown::Flows;
use crate::app::geometry::{Placement, from_pos2, from_rect, node_rect, to_pos2};
use crate::app::routing::{BendEdit, bent};
use crate::model::{FlowId, Model, Pos};
use egui::{Painter, Pos2, Rect, Stroke, Vec2};

/// Segments shorter than this (canvas units) get no grip of their own: it would sit on a
/// bend's grip.
const MIN_SEGMENT: f32 = 36.0;

/// Where on a segment its grip sits, as a share of its length from the start.
const ALONG: f32 = 0.3;

/// One grip of the selected flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grip {
    /// The bend at this index.
    Bend(usize),
    /// A point on segment `index` (from the start, counting the ends): a new bend.
    Insert(usize),
    /// A point on the right-angled run between bends `index - 1` and `index`.
    Run(usize),
}

impl Grip {
    /// What dragging this grip to `to` does to the bends.
    pub fn edit(self, to: Pos2) -> BendEdit {
        let p = from_pos2(to);
        match self {
            Grip::Bend(i) => BendEdit::Move(i, p),
            Grip::Insert(i) => BendEdit::Insert(i, p),
            Grip::Run(i) => BendEdit::Shift(i, p),
        }
    }

    /// The grip's accessible name.
    pub fn name(self, flow: &str) -> String {
        match self {
            Grip::Bend(i) => format!("Bend {} of {flow}", i + 1),
            Grip::Insert(i) => format!("Add a bend to {flow} on segment {}", i + 1),
            Grip::Run(i) => format!("Move segment {} of {flow}", i + 1),
        }
    }
}

/// Every grip of a drawn flow, with where it sits (canvas units).
pub fn grips(g: &FlowGeom) -> Vec<(Grip, Pos2)> {
    let points = g.points();
    let square = g.bends.len() >= 2 && is_square(&points);
    let mut out = Vec::with_capacity(2 * points.len());
    for (k, w) in points.windows(2).enumerate() {
        if (w[1] - w[0]).length() < MIN_SEGMENT {
            continue;
        }
        let between_bends = k >= 1 && k < g.bends.len();
        let grip = if square && between_bends {
            Grip::Run(k)
        } else {
            Grip::Insert(k)
        };
        // A third of the way along: the middle is where a straight flow's label sits.
        out.push((grip, w[0] + (w[1] - w[0]) * ALONG));
    }
    out.extend(g.bends.iter().enumerate().map(|(i, p)| (Grip::Bend(i), *p)));
    out
}

fn is_square(points: &[Pos2]) -> bool {
    points
        .windows(2)
        .all(|w| (w[0].x - w[1].x).abs() < 0.01 || (w[0].y - w[1].y).abs() < 0.01)
}

/// The bends of a drawn flow, as stored points.
pub fn bends_of(g: &FlowGeom) -> Vec<Pos> {
    g.bends.iter().map(|p| from_pos2(*p)).collect()
}

/// `flow` (its index in `flows` and how it is drawn) as it will look once `edit` is applied to
/// its bends `start`; `None` when that cannot be drawn.
pub fn preview(
    flows: Flows<'_>,
    model: &Model,
    shown: &Placement,
    size: Vec2,
    (flow, start, edit): (&FlowId, &[Pos], &BendEdit),
) -> Option<(usize, FlowGeom)> {
    let ((index, g), f) = (flows.find(flow)?, model.flows.get(flow)?);
    let (a, b) = (shown.elements.get(&f.from)?, shown.elements.get(&f.to)?);
    let bends = bent(start, edit);
    let (ra, rb) = (from_rect(node_rect(*a, size)), from_rect(node_rect(*b, size)));
    let route = crate::layout::layered::through(ra, rb, &bends).filter(|r| r.len() >= 2)?;
    let points: Vec<Pos2> = route.into_iter().map(to_pos2).collect();
    let mut g = g.clone();
    g.a = points[0];
    g.b = points[points.len() - 1];
    g.bends = points[1..points.len() - 1].to_vec();
    Some((index, g))
}

/// The grab area of a grip, in canvas units.
pub fn area(at: Pos2, radius: f32) -> Rect {
    Rect::from_center_size(at, Vec2::splat(2.0 * radius))
}

/// Paints the selected flow's grips: a filled square on each bend, a small open circle where a
/// segment can be bent or a run moved.
pub fn paint(painter: &Painter, view: &View<'_>, g: &FlowGeom) {
    let pal = &view.theme.palette;
    let r = super::interact::flow_end_radius(view.zoom(), view.theme.sizes.handle_radius) * view.zoom() * 0.55;
    for (grip, at) in grips(g) {
        let c = view.pos(at);
        match grip {
            Grip::Bend(_) => {
                let rect = Rect::from_center_size(c, Vec2::splat(2.0 * r));
                painter.rect_filled(rect, 1.0, pal.selection);
                painter.rect_stroke(rect, 1.0, Stroke::new(1.0, pal.canvas_bg), egui::StrokeKind::Outside);
            }
            Grip::Insert(_) | Grip::Run(_) => {
                painter.circle_filled(c, r * 0.8, pal.canvas_bg);
                painter.circle_stroke(c, r * 0.8, Stroke::new(1.2, pal.selection));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geom(a: Pos2, bends: &[Pos2], b: Pos2) -> FlowGeom {
        FlowGeom {
            id: "fl".into(),
            a,
            b,
            bends: bends.to_vec(),
            crossing: false,
            encrypted: false,
            bidirectional: false,
        }
    }

    #[test]
    fn a_straight_flow_offers_one_new_bend_and_a_square_route_moves_its_middle_run() {
        let straight = geom(Pos2::new(0.0, 0.0), &[], Pos2::new(200.0, 0.0));
        assert_eq!(grips(&straight), vec![(Grip::Insert(0), Pos2::new(200.0 * ALONG, 0.0))]);
        // Right, down, right: the vertical run between the two bends moves across.
        let z = geom(
            Pos2::new(0.0, 0.0),
            &[Pos2::new(100.0, 0.0), Pos2::new(100.0, 200.0)],
            Pos2::new(200.0, 200.0),
        );
        let kinds: Vec<Grip> = grips(&z).into_iter().map(|(g, _)| g).collect();
        assert_eq!(
            kinds,
            vec![
                Grip::Insert(0),
                Grip::Run(1),
                Grip::Insert(2),
                Grip::Bend(0),
                Grip::Bend(1)
            ]
        );
    }
}

//! Flows: arrows from box edge to box edge with a label on the line — through their waypoints
//! when Tidy layout routed them (the arrowhead on the last segment, the label at the route's
//! anchor), straight otherwise. Straight flows between the same two components are spread
//! apart so each stays visible and clickable. A flow that crosses a trust boundary is drawn in
//! its own colour, dashed unless it is known to be encrypted (solid when zoomed far out).

use super::node::compact_name_height;
use super::shown::{Flows, Redrawn};
use super::{CanvasCtx, Highlight, View};
use crate::app::geometry::{Placement, from_pos2, from_rect, node_rect, to_pos2};
use crate::app::session::Session;
use crate::app::theme::with_alpha;
use crate::model::{ElementId, Flow, FlowId, Model, Pos};
use egui::{Color32, FontId, Galley, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2, vec2};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Flow labels are hidden below this zoom; they would only clutter.
pub(super) const LABELS_FROM_ZOOM: f32 = 0.3;

/// Below this zoom a crossing flow not known to be encrypted is drawn solid in its crossing
/// colour, not dashed: zoomed that far out the dashes of thousands of long lines cost more to
/// draw than they tell.
const DASHES_FROM_ZOOM: f32 = 0.15;

/// Where a flow is drawn, in canvas units.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FlowGeom {
    pub id: FlowId,
    /// Start, on the sender's edge.
    pub a: Pos2,
    /// End (arrow tip), on the receiver's edge.
    pub b: Pos2,
    /// Bends between `a` and `b` (a routed flow).
    pub bends: Vec<Pos2>,
    /// The flow crosses a trust boundary.
    pub crossing: bool,
    /// The flow is known to be encrypted in transit.
    pub encrypted: bool,
    /// Data comes back too (arrow heads at both ends).
    pub bidirectional: bool,
}

impl FlowGeom {
    /// Every point of the line, start to tip.
    pub fn points(&self) -> Vec<Pos2> {
        let mut out = Vec::with_capacity(self.bends.len() + 2);
        out.push(self.a);
        out.extend(self.bends.iter().copied());
        out.push(self.b);
        out
    }

    /// The rectangle holding the whole line.
    pub fn bounds(&self) -> Rect {
        self.bends
            .iter()
            .fold(Rect::from_two_pos(self.a, self.b), |r, p| r.union(Rect::from_pos(*p)))
    }

    /// Where the label goes first: the route's anchor, or the middle of a straight line.
    pub fn mid(&self) -> Pos2 {
        if self.bends.is_empty() {
            return self.a + (self.b - self.a) * 0.5;
        }
        let route: Vec<Pos> = self.points().into_iter().map(from_pos2).collect();
        crate::layout::layered::label_anchor(&route)
            .map(to_pos2)
            .unwrap_or(self.a)
    }

    /// The point a fraction `t` of the way along the line.
    pub fn along(&self, t: f32) -> Pos2 {
        let points = self.points();
        let total: f32 = points.windows(2).map(|w| w[0].distance(w[1])).sum();
        let mut left = total * t;
        for w in points.windows(2) {
            let l = w[0].distance(w[1]);
            if l > 0.0 && left <= l {
                return w[0] + (w[1] - w[0]) * (left / l);
            }
            left -= l;
        }
        self.b
    }

    /// Direction of the last segment (into the tip) and of the first (out of the start).
    fn ends(&self) -> (Vec2, Vec2) {
        let before_tip = self.bends.last().copied().unwrap_or(self.a);
        let after_start = self.bends.first().copied().unwrap_or(self.b);
        ((self.b - before_tip).normalized(), (after_start - self.a).normalized())
    }
}

/// Where every flow is drawn.
pub(super) fn geometry(model: &Model, shown: &Placement, size: Vec2) -> Vec<FlowGeom> {
    let mut out = Vec::with_capacity(model.flows.len());
    for (pair, flows) in model.flows_by_pair() {
        pair_geometry(model, shown, size, pair, &flows, &mut out);
    }
    out
}

/// The flows between one pair of components (lower id first), in id order.
pub(super) type PairFlows<'a> = ((&'a ElementId, &'a ElementId), Vec<(&'a FlowId, &'a Flow)>);

/// The flows of the components `moved`, pair by pair in pair order, found by walking every
/// flow: what the placed flows' index gives (see `PlacedFlows::pairs_touching`), which the
/// tests check it against.
#[cfg(test)]
pub(super) fn pairs_touching<'a>(model: &'a Model, moved: &BTreeSet<&ElementId>) -> Vec<PairFlows<'a>> {
    use std::collections::BTreeMap;
    let mut pairs: BTreeMap<(&ElementId, &ElementId), Vec<(&FlowId, &Flow)>> = BTreeMap::new();
    let touches = |e: &ElementId| match moved.len() {
        1 => moved.first().is_some_and(|m| *m == e),
        _ => moved.contains(e),
    };
    for (id, f) in &model.flows {
        if touches(&f.from) || touches(&f.to) {
            let pair = if f.from <= f.to {
                (&f.from, &f.to)
            } else {
                (&f.to, &f.from)
            };
            pairs.entry(pair).or_default().push((id, f));
        }
    }
    pairs.into_iter().collect()
}

/// The flows to draw again once components have moved in `shown`, over where they were drawn
/// before (`drawn`, whose index by id is `index_of`): only `pairs`, those between a moved
/// component and another, are placed again, so dragging one component
/// of a large model does not re-place every flow each frame.
pub(super) fn redrawn_after_move(
    model: &Model,
    index_of: &HashMap<FlowId, usize>,
    shown: &Placement,
    size: Vec2,
    pairs: &[PairFlows<'_>],
) -> Redrawn {
    let mut placed = Vec::new();
    let mut again = Vec::new();
    for (pair, flows) in pairs {
        again.extend(flows.iter().map(|(id, _)| *id));
        pair_geometry(model, shown, size, *pair, flows, &mut placed);
    }
    let mut placed: HashMap<FlowId, FlowGeom> = placed.into_iter().map(|g| (g.id.clone(), g)).collect();
    let mut out = Redrawn::default();
    // Drawn before: in their turn, so labels keep their turn for a free spot.
    for id in &again {
        if let Some(&i) = index_of.get(*id) {
            out.moved.push((i, placed.remove(id)));
        }
    }
    out.moved.sort_by_key(|(i, _)| *i);
    // Flows not drawn before (their components overlapped), in id order.
    out.extra = placed.into_values().collect();
    out.extra.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Where each flow sits in `drawn`, by id.
pub(super) fn index_by_id(drawn: &[FlowGeom]) -> HashMap<FlowId, usize> {
    drawn.iter().enumerate().map(|(i, g)| (g.id.clone(), i)).collect()
}

/// The components whose spot in `shown` differs from `placement` (the same components: a drag's
/// preview only moves them).
pub(super) fn moved_elements<'a>(placement: &'a Placement, shown: &Placement) -> BTreeSet<&'a ElementId> {
    placement
        .elements
        .iter()
        .zip(shown.elements.values())
        .filter(|((_, was), is)| was != is)
        .map(|((id, _), _)| id)
        .collect()
}

/// The flows between one pair of components (`lo` < `hi`) as [`crate::layout::flows::pair`]
/// places them — routed ones through their waypoints, the others straight and spread apart side
/// by side —, with what the canvas draws them by.
pub(super) fn pair_geometry(
    model: &Model,
    shown: &Placement,
    size: Vec2,
    (lo, hi): (&ElementId, &ElementId),
    flows: &[(&FlowId, &Flow)],
    out: &mut Vec<FlowGeom>,
) {
    let (Some(plo), Some(phi)) = (shown.elements.get(lo), shown.elements.get(hi)) else {
        return;
    };
    let boxes = (from_rect(node_rect(*plo, size)), from_rect(node_rect(*phi, size)));
    // Both ends of every flow of the pair are the same two components.
    let mut crossing = None;
    let route = |id: &FlowId, f: &Flow, ra, rb| routed(model, shown, id, f, ra, rb);
    crate::layout::flows::pair(lo, boxes, flows, route, |f, line| {
        out.push(FlowGeom {
            a: to_pos2(line.a),
            b: to_pos2(line.b),
            bends: line.bends.into_iter().map(to_pos2).collect(),
            id: line.id,
            crossing: *crossing.get_or_insert_with(|| model.crosses_boundary(f)),
            encrypted: f.encrypted.is_yes(),
            bidirectional: !f.returns.is_empty(),
        })
    });
}

/// A flow's route through its stored waypoints between the boxes `ra` (sender) and `rb`
/// (receiver), if it has waypoints that still fit them. While both ends are dragged by the
/// same amount the waypoints move along (as they will when the drag ends).
fn routed(
    model: &Model,
    shown: &Placement,
    id: &FlowId,
    f: &Flow,
    ra: crate::model::Rect,
    rb: crate::model::Rect,
) -> Option<Vec<Pos>> {
    let waypoints = model.layout.flows.get(id)?;
    let delta = |e: &ElementId| {
        let (was, is) = (model.layout.elements.get(e)?, shown.elements.get(e)?);
        Some(vec2(is.x - was.x, is.y - was.y))
    };
    let shift = match (delta(&f.from), delta(&f.to)) {
        (Some(da), Some(db)) if (da - db).length() < 0.01 => da,
        _ => Vec2::ZERO,
    };
    let moved: Vec<Pos> = waypoints
        .iter()
        .map(|p| Pos::new(p.x + shift.x, p.y + shift.y))
        .collect();
    crate::layout::layered::through(ra, rb, &moved)
}

/// The flow whose line passes within `tolerance` (canvas units) of `p`, nearest first.
pub(super) fn hit(flows: Flows<'_>, p: Pos2, tolerance: f32) -> Option<FlowId> {
    flows
        .iter()
        .map(|(_, g)| {
            let d = g
                .points()
                .windows(2)
                .map(|w| distance_to_segment(p, w[0], w[1]))
                .fold(f32::INFINITY, f32::min);
            (g, d)
        })
        .filter(|(_, d)| *d <= tolerance)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(g, _)| g.id.clone())
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 == 0.0 {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// Where along its line a label may sit, best first.
const LABEL_SPOTS: [f32; 5] = [0.5, 0.36, 0.64, 0.24, 0.76];

/// A flow label placed where it covers no component and no other label.
pub(super) struct PlacedLabel {
    /// The flow's index in the geometry list.
    pub index: usize,
    /// The pill, in canvas units.
    pub rect: Rect,
    /// The text, laid out with a placeholder colour.
    pub galley: Arc<Galley>,
}

/// Places the labels of the flows in view. A label that finds no free spot along its line is
/// left out rather than drawn over another; zooming in makes room for it.
pub(super) fn place_labels(
    painter: &Painter,
    cx: &CanvasCtx<'_>,
    flows: Flows<'_>,
    shown: &Placement,
    view_zoom: f32,
    visible: Rect,
) -> Vec<PlacedLabel> {
    if view_zoom < LABELS_FROM_ZOOM {
        return Vec::new();
    }
    let sizes = &cx.theme.sizes;
    let (model, node_size, min_font_px) = (cx.model, cx.node_size(), sizes.min_font_px);
    let font_px = (sizes.label_font_px * view_zoom).clamp(sizes.min_font_px, sizes.max_font_px);
    let font = FontId::proportional(font_px);
    // A compact component (low zoom) has its name underneath: keep that free too.
    let below = compact_name_height(node_size, view_zoom, min_font_px) / view_zoom;
    let mut taken: Vec<Rect> = shown
        .elements
        .values()
        .map(|p| {
            let r = node_rect(*p, node_size);
            Rect::from_min_max(r.min, r.max + vec2(0.0, below))
        })
        .filter(|r| visible.intersects(*r))
        .collect();
    // Where two flows cross, a label would hide which line goes where.
    let gap = 4.0 / view_zoom;
    taken.extend(
        crossings(flows, visible)
            .into_iter()
            .map(|p| Rect::from_center_size(p, vec2(2.0 * gap, 2.0 * gap))),
    );
    let mut out = Vec::new();
    for (index, g) in flows.iter() {
        if !visible.contains(g.mid()) {
            continue;
        }
        let Some(f) = model.flows.get(&g.id).filter(|f| !f.label.is_empty()) else {
            continue;
        };
        let galley = painter.layout_no_wrap(f.label.clone(), font.clone(), Color32::PLACEHOLDER);
        let size = (galley.size() + vec2(10.0, 4.0)) / view_zoom;
        // A routed flow's label goes to the route's spots (its anchor first), then along it.
        let routed = if g.bends.is_empty() {
            Vec::new()
        } else {
            let route: Vec<Pos> = g.points().into_iter().map(from_pos2).collect();
            crate::layout::layered::label_spots(&route)
        };
        let spot = routed
            .into_iter()
            .map(|p| Rect::from_center_size(to_pos2(p), size))
            .chain(LABEL_SPOTS.iter().map(|t| Rect::from_center_size(g.along(*t), size)));
        let free = spot
            .clone()
            .find(|r| !taken.iter().any(|t| t.intersects(r.shrink(1.0 / view_zoom))));
        if let Some(rect) = free {
            taken.push(rect);
            out.push(PlacedLabel { index, rect, galley });
        }
    }
    out
}

/// The points in `visible` where two different flows cross.
fn crossings(flows: Flows<'_>, visible: Rect) -> Vec<Pos2> {
    let routes: Vec<Vec<Pos>> = flows
        .iter()
        .filter(|(_, g)| visible.intersects(g.bounds()))
        .map(|(_, g)| g.points().into_iter().map(from_pos2).collect())
        .collect();
    crate::layout::check::crossing_points(routes.iter().map(|r| r.as_slice()))
        .into_iter()
        .map(|(_, _, p)| to_pos2(p))
        .filter(|p| visible.contains(*p))
        .collect()
}

pub(super) fn paint_all(
    painter: &Painter,
    view: &View<'_>,
    cx: &CanvasCtx<'_>,
    flows: Flows<'_>,
    shown: &Placement,
    session: &Session,
    highlight: &Highlight,
) {
    let pal = &view.theme.palette;
    let mut colors = vec![(pal.flow, false); flows.len()];
    let clip = painter.clip_rect();
    // One hand-over to the painter for every line, dash and head, in drawing order.
    let mut shapes = Vec::new();
    for (index, g) in flows.iter() {
        if !clip.intersects(view.rect(g.bounds()).expand(20.0)) {
            continue;
        }
        let Some(slot) = colors.get_mut(index) else { continue };
        let points: Vec<Pos2> = g.points().into_iter().map(|p| view.pos(p)).collect();
        let selected = !session.selection.flows.is_empty() && session.selection.flows.contains(&g.id);
        let lit = highlight.active && highlight.flows.contains(&g.id);
        let (width, mut color) = if lit {
            (3.0, pal.highlight)
        } else if selected {
            (2.5, pal.selection)
        } else if g.crossing {
            (1.8, pal.flow_crossing)
        } else {
            (1.5, pal.flow)
        };
        if highlight.active && !lit {
            color = color.gamma_multiply(0.35);
        }
        *slot = (color, lit || selected);
        let stroke = Stroke::new(width, color);
        let head = 9.0 + width;
        let (into_tip, out_of_start) = g.ends();
        let mut line = points.clone();
        let (first, last) = (0, line.len() - 1);
        let (a, b) = (line[first], line[last]);
        line[last] = b - into_tip * head * 0.8;
        if g.bidirectional {
            line[first] = a + out_of_start * head * 0.8;
        }
        if g.crossing && !g.encrypted && view.zoom() >= DASHES_FROM_ZOOM {
            super::dashes::dashed_line_in(&line, stroke, 7.0, 4.0, clip, &mut shapes);
        } else {
            shapes.push(Shape::line(line, stroke));
        }
        shapes.push(arrow_head(b, into_tip, head, color));
        if g.bidirectional {
            shapes.push(arrow_head(a, -out_of_start, head, color));
        }
    }
    painter.extend(shapes);
    // Labels go on top of every line so a crossing line never strikes through one.
    let visible = view.transform.inverse() * clip;
    for label in place_labels(painter, cx, flows, shown, view.zoom(), visible) {
        let Some((color, strong)) = colors.get(label.index).copied() else {
            continue;
        };
        let rect = view.rect(label.rect);
        painter.rect_filled(rect, rect.height() / 2.0, pal.label_bg);
        painter.rect_stroke(
            rect,
            rect.height() / 2.0,
            Stroke::new(1.0, with_alpha(color, 110)),
            StrokeKind::Inside,
        );
        let text = if strong { pal.text } else { pal.text_weak };
        let size = label.galley.size();
        painter.galley(rect.center() - size / 2.0, label.galley, text);
        let inferred = flows
            .get(label.index)
            .and_then(|g| cx.model.flows.get(&g.id))
            .and_then(|f| f.inferred.as_ref());
        if let Some(p) = inferred {
            super::inferred::paint_tag(painter, view, rect, p, highlight.active && !strong);
        }
    }
}

fn arrow_head(tip: Pos2, dir: Vec2, len: f32, color: egui::Color32) -> Shape {
    let normal = vec2(-dir.y, dir.x) * len * 0.42;
    let base = tip - dir * len;
    Shape::convex_polygon(vec![tip, base + normal, base - normal], color, Stroke::NONE)
}

/// Paints the arrow of a flow being dragged out of a handle.
pub(super) fn paint_rubber_band(painter: &Painter, from: Pos2, to: Pos2, color: egui::Color32) {
    if from.distance(to) < 4.0 {
        return;
    }
    let dir = (to - from).normalized();
    painter.extend(Shape::dashed_line(
        &[from, to - dir * 8.0],
        Stroke::new(2.0, color),
        6.0,
        4.0,
    ));
    painter.add(arrow_head(to, dir, 11.0, color));
}

/// The selected flow's two ends, as grips to drag to another component.
pub(super) fn paint_ends(painter: &Painter, view: &View<'_>, g: &FlowGeom) {
    let pal = &view.theme.palette;
    let r = super::interact::flow_end_radius(view.zoom(), view.theme.sizes.handle_radius) * view.zoom() * 0.7;
    for p in [g.a, g.b] {
        let c = view.pos(p);
        painter.circle_filled(c, r, pal.canvas_bg);
        painter.circle_stroke(c, r, egui::Stroke::new(1.5, pal.selection));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_flows_crossing_are_found_where_they_cross_and_shared_ends_are_not() {
        let g = |id: &str, a: (f32, f32), b: (f32, f32)| FlowGeom {
            id: FlowId::new(id),
            a: Pos2::new(a.0, a.1),
            b: Pos2::new(b.0, b.1),
            bends: Vec::new(),
            crossing: false,
            encrypted: false,
            bidirectional: false,
        };
        let view = Rect::from_min_max(Pos2::new(-100.0, -100.0), Pos2::new(100.0, 100.0));
        let x = [
            g("f1", (-50.0, -50.0), (50.0, 50.0)),
            g("f2", (-50.0, 50.0), (50.0, -50.0)),
        ];
        let found = super::crossings(Flows::new(&x, None), view);
        assert_eq!(found.len(), 1);
        assert!(found[0].distance(Pos2::ZERO) < 1e-3);
        let fan = [g("f1", (0.0, 0.0), (50.0, 50.0)), g("f2", (0.0, 0.0), (50.0, -50.0))];
        assert!(
            super::crossings(Flows::new(&fan, None), view).is_empty(),
            "a shared start is not a crossing"
        );
    }

    /// While components are dragged only their flows are placed again: what is drawn must be
    /// what placing every flow would draw — flows that follow, their parallel neighbours,
    /// waypoints carried along when both ends move, and flows the drag does not touch.
    #[test]
    fn dragging_places_only_the_moved_flows_and_draws_what_a_full_placement_draws() {
        let (cat, _) = crate::catalog::Catalog::builtin();
        let mut model = crate::synth::synth_model(&cat, 120, 3);
        // A routed flow and a second flow beside one of the moved component's flows.
        let (first, f) = model
            .flows
            .iter()
            .next()
            .map(|(id, f)| (id.clone(), f.clone()))
            .unwrap();
        let from = model.layout.elements[&f.from];
        model
            .layout
            .flows
            .insert(first.clone(), vec![Pos::new(from.x, from.y + 300.0)]);
        let mut twin = f.clone();
        twin.label = "twin".into();
        model.flows.insert(FlowId::new("fl-zz-twin"), twin);
        let size = vec2(150.0, 60.0);
        let placement = Placement::of(&model);
        let drawn = geometry(&model, &placement, size);
        let index_of = index_by_id(&drawn);
        let key = |g: &FlowGeom| {
            (
                g.id.clone(),
                format!("{:?} {:?} {:?} {}", g.a, g.b, g.bends, g.crossing),
            )
        };
        let nudge = vec2(40.0, -25.0);
        let (pa, pb) = (placement.elements[&f.from], placement.elements[&f.to]);
        // The last one drops the sender onto the receiver: flows between them are hidden.
        let onto = vec2(pb.x - pa.x + 5.0, pb.y - pa.y);
        for (moving, by) in [
            (vec![f.from.clone()], nudge),
            (vec![f.from.clone(), f.to.clone()], nudge),
            (vec![], nudge),
            (vec![f.from.clone()], onto),
        ] {
            let mut shown = placement.clone();
            for id in &moving {
                let p = shown.elements.get_mut(id).unwrap();
                *p = Pos::new(p.x + by.x, p.y + by.y);
            }
            let moved = moved_elements(&placement, &shown);
            assert_eq!(moved.len(), moving.len());
            let redrawn = redrawn_after_move(&model, &index_of, &shown, size, &pairs_touching(&model, &moved));
            let fast: Vec<_> = Flows::new(&drawn, Some(&redrawn)).iter().map(|(_, g)| key(g)).collect();
            let full: Vec<_> = geometry(&model, &shown, size).iter().map(key).collect();
            assert_eq!(fast, full, "moving {moving:?}");
        }
    }

    #[test]
    fn a_click_near_a_line_hits_it() {
        let g = FlowGeom {
            id: "fl-x".into(),
            a: Pos2::ZERO,
            b: Pos2::new(100.0, 0.0),
            bends: Vec::new(),
            crossing: false,
            encrypted: false,
            bidirectional: false,
        };
        assert_eq!(
            hit(Flows::new(std::slice::from_ref(&g), None), Pos2::new(50.0, 4.0), 6.0),
            Some("fl-x".into())
        );
        assert_eq!(hit(Flows::new(&[g], None), Pos2::new(50.0, 20.0), 6.0), None);
    }
}

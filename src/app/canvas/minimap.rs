//! The minimap: when the model does not fit the view, a small overview in the canvas's corner
//! — boundaries, components, the selection and the part in view — that pans the canvas where it
//! is clicked or dragged.

use super::View;
use crate::app::geometry::{Placement, node_rect, to_rect};
use crate::app::session::{Session, Viewport};
use crate::app::theme::with_alpha;
use egui::{Rect, Sense, Stroke, Ui, Vec2, pos2, vec2};

/// The minimap's size on screen, in points.
const SIZE: Vec2 = vec2(220.0, 150.0);
/// Gap to the canvas's right and bottom edges (the bottom leaves room for the hint line).
const MARGIN: Vec2 = vec2(12.0, 30.0);

/// Draws the minimap when part of the model is out of view, and pans on click or drag.
pub(super) fn ui(
    ui: &mut Ui,
    view: &View<'_>,
    placement: &Placement,
    node_size: Vec2,
    outer: Rect,
    session: &mut Session,
) {
    let nodes: Vec<Rect> = placement.elements.values().map(|p| node_rect(*p, node_size)).collect();
    let bounds = nodes
        .iter()
        .copied()
        .chain(placement.boundaries.values().map(|r| to_rect(*r)))
        .fold(Rect::NOTHING, |a, b| a.union(b));
    let in_view = view.transform.inverse() * outer;
    // Everything in view (or nothing to show, or no room): no minimap.
    if !bounds.is_positive()
        || in_view.contains_rect(bounds)
        || outer.width() < SIZE.x * 2.5
        || outer.height() < SIZE.y * 2.0
    {
        return;
    }
    let frame = Rect::from_min_size(outer.right_bottom() - MARGIN - SIZE, SIZE);
    let scale = ((SIZE.x - 12.0) / bounds.width()).min((SIZE.y - 12.0) / bounds.height());
    let offset = frame.center().to_vec2() - bounds.center().to_vec2() * scale;
    let to_mini = |r: Rect| {
        Rect::from_min_max(
            (r.min.to_vec2() * scale + offset).to_pos2(),
            (r.max.to_vec2() * scale + offset).to_pos2(),
        )
    };
    let pal = &view.theme.palette;
    // On a layer of its own above the canvas (the scene's layer would otherwise take the clicks).
    let area = egui::Area::new(ui.id().with("bulwark-minimap"))
        .order(egui::Order::Foreground)
        .fixed_pos(frame.min)
        .show(ui.ctx(), |ui| ui.allocate_exact_size(SIZE, Sense::click_and_drag()).1);
    let resp = area.inner;
    let painter = ui.ctx().layer_painter(area.response.layer_id).with_clip_rect(frame);
    painter.rect_filled(frame, 4.0, with_alpha(pal.label_bg, 235));
    painter.rect_stroke(frame, 4.0, Stroke::new(1.0, pal.node_stroke), egui::StrokeKind::Inside);
    for r in placement.boundaries.values() {
        painter.rect_stroke(
            to_mini(to_rect(*r)),
            1.0,
            Stroke::new(1.0, pal.text_weak),
            egui::StrokeKind::Inside,
        );
    }
    // One mesh for all the components: 10,000 rectangles handed over one by one cost a
    // millisecond a frame to add and more to tessellate (issue 15).
    let (plain, selected) = (with_alpha(pal.text, 170), with_alpha(pal.selection, 170));
    let mut mesh = egui::Mesh::default();
    mesh.reserve_triangles(2 * nodes.len());
    mesh.reserve_vertices(4 * nodes.len());
    // The selection is sorted like the placement: walked alongside it, not looked up.
    let mut chosen = session.selection.elements.iter().peekable();
    for (id, r) in placement.elements.keys().zip(&nodes) {
        while chosen.next_if(|c| *c < id).is_some() {}
        let color = if chosen.next_if(|c| *c == id).is_some() {
            selected
        } else {
            plain
        };
        let m = to_mini(*r);
        // Never thinner than a point, so a 2,000-component model still shows each component.
        mesh.add_colored_rect(Rect::from_center_size(m.center(), m.size().max(vec2(1.5, 1.5))), color);
    }
    painter.add(mesh);
    painter.rect_stroke(
        to_mini(in_view).intersect(frame),
        1.0,
        Stroke::new(1.5, pal.highlight),
        egui::StrokeKind::Inside,
    );
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Other, true, "Minimap"));
    if (resp.clicked() || resp.dragged())
        && let Some(p) = resp.interact_pointer_pos()
    {
        // Centre the view on the canvas point under the pointer, keeping the zoom.
        let target = pos2((p.x - offset.x) / scale, (p.y - offset.y) / scale);
        let zoom = view.zoom();
        session.viewport = Some(Viewport {
            top_left: target - outer.size() / zoom / 2.0,
            zoom,
        });
        ui.ctx().request_repaint();
    }
}

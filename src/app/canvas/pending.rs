//! Suggestions waiting for review, drawn on the canvas as dashed ghosts: proposed components
//! where they would be placed, proposed flows as dashed lines between their ends. Nothing of
//! them is in the model until a person accepts them.

use super::{CanvasCtx, View};
use crate::app::geometry::{Placement, node_rect, to_pos2};
use crate::app::session::PendingGhosts;
use egui::{Painter, Stroke};

pub(super) fn paint(painter: &Painter, view: &View<'_>, cx: &CanvasCtx<'_>, shown: &Placement, g: &PendingGhosts) {
    let colour = cx.theme.palette.selection;
    let size = cx.node_size();
    let width = (2.0 * view.zoom()).clamp(1.0, 3.0);
    let dash = (6.0 * view.zoom()).max(2.0);
    let at = |id: &crate::model::ElementId| shown.elements.get(id).or_else(|| g.placement.elements.get(id)).copied();
    for (from, to) in &g.flows {
        if let (Some(a), Some(b)) = (at(from), at(to)) {
            painter.extend(egui::Shape::dashed_line(
                &[view.pos(to_pos2(a)), view.pos(to_pos2(b))],
                Stroke::new(width, colour),
                dash,
                dash,
            ));
        }
    }
    let font = egui::FontId::proportional(view.font_px(13.0));
    for (id, name) in &g.elements {
        let Some(p) = g.placement.elements.get(id) else {
            continue;
        };
        let r = view.rect(node_rect(*p, size));
        if !painter.clip_rect().intersects(r) {
            continue;
        }
        super::paint_dashed_box(painter, view, r, Stroke::new(width, colour));
        painter.text(
            view.pos(to_pos2(*p)),
            egui::Align2::CENTER_CENTER,
            format!("+ {} (suggested)", crate::io::printable_line(name)),
            font.clone(),
            colour,
        );
    }
}

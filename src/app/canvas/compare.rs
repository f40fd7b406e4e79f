//! Compare mode on the canvas: added components outlined green, changed ones amber, and the
//! removed ones drawn as dashed ghosts where the other version had them, so a reviewer sees
//! the change in place.

use super::{CanvasCtx, View};
use crate::app::geometry::{Placement, node_rect, to_pos2};
use crate::app::session::Comparison;
use egui::{Painter, Stroke, StrokeKind};

pub(super) fn paint(painter: &Painter, view: &View<'_>, cx: &CanvasCtx<'_>, shown: &Placement, c: &Comparison) {
    // Theme tokens: the green of closed findings, the amber of medium, the red of critical.
    let p = &cx.theme.palette;
    let (added_colour, changed_colour, removed_colour) = (
        p.mitigated,
        p.severity(crate::catalog::Severity::Medium),
        p.severity(crate::catalog::Severity::Critical),
    );
    let size = cx.node_size();
    let (added, changed, removed) = c.marks();
    let width = (3.0 * view.zoom()).clamp(1.5, 4.0);
    for (set, colour) in [(&added, added_colour), (&changed, changed_colour)] {
        for id in set {
            if let Some(p) = shown.elements.get(id) {
                let r = view.rect(node_rect(*p, size)).expand(4.0 * view.zoom());
                painter.rect_stroke(r, 6.0 * view.zoom(), Stroke::new(width, colour), StrokeKind::Outside);
            }
        }
    }
    // Ghosts: where the other version drew what is gone now.
    let before = &c.base_placement;
    let font = egui::FontId::proportional(view.font_px(13.0));
    for id in &removed {
        let (Some(p), Some(el)) = (before.elements.get(id), c.base.elements.get(id)) else {
            continue;
        };
        let r = view.rect(node_rect(*p, size));
        if !painter.clip_rect().intersects(r) {
            continue;
        }
        super::paint_dashed_box(painter, view, r, Stroke::new(width, removed_colour));
        let name = crate::io::printable_line(&el.name);
        painter.text(
            view.pos(to_pos2(*p)),
            egui::Align2::CENTER_CENTER,
            format!("− {name}"),
            font.clone(),
            removed_colour.gamma_multiply(0.8),
        );
    }
}

//! Tidy layout's preview: where everything would go, drawn as dashed ghosts over the canvas,
//! with a bar to Apply or Cancel it. Nothing in the document changes until Apply, which is one
//! undo step; Escape cancels.

use super::{CanvasCtx, View, edge};
use crate::app::Effects;
use crate::app::geometry::{Placement, node_rect, to_pos2, to_rect};
use crate::app::session::{Session, TidyPreview};
use crate::app::theme::with_alpha;
use egui::{Painter, Rect, Stroke, vec2};

/// Draws the ghosts: components whose place changes, every boundary's new rectangle and every
/// flow's new route.
pub(super) fn paint(painter: &Painter, view: &View<'_>, cx: &CanvasCtx<'_>, shown: &Placement, p: &TidyPreview) {
    let colour = cx.theme.palette.selection;
    let size = cx.node_size();
    let width = (1.6 * view.zoom()).clamp(1.0, 2.5);
    let after = Placement::of(&p.after);
    let faint = Stroke::new(width * 0.6, with_alpha(colour, 140));
    for r in after.boundaries.values() {
        super::paint_dashed_box(painter, view, view.rect(to_rect(*r)), faint);
    }
    for g in edge::geometry(&p.after, &after, size) {
        let points: Vec<egui::Pos2> = g.points().into_iter().map(|q| view.pos(q)).collect();
        let dash = (5.0 * view.zoom()).max(2.0);
        painter.extend(egui::Shape::dashed_line(&points, faint, dash, dash));
    }
    for (id, pos) in &after.elements {
        if shown.elements.get(id) == Some(pos) {
            continue;
        }
        let r = view.rect(node_rect(*pos, size));
        if !painter.clip_rect().intersects(r) {
            continue;
        }
        painter.rect_filled(r, 6.0 * view.zoom(), with_alpha(cx.theme.palette.canvas_bg, 170));
        super::paint_dashed_box(painter, view, r, Stroke::new(width, colour));
        if let Some(e) = p.after.elements.get(id) {
            painter.text(
                view.pos(to_pos2(*pos)),
                egui::Align2::CENTER_CENTER,
                crate::io::printable_line(&e.name),
                egui::FontId::proportional(view.font_px(13.0)),
                colour,
            );
        }
    }
}

/// The bar above the canvas: what the preview does, Apply and Cancel.
pub(super) fn bar_ui(ui: &egui::Ui, cx: &CanvasCtx<'_>, outer: Rect, session: &mut Session, fx: &mut Effects) {
    let Some(p) = &session.tidy_preview else { return };
    let moved = p
        .after
        .layout
        .elements
        .iter()
        .filter(|(id, pos)| cx.model.layout.elements.get(*id) != Some(*pos))
        .count();
    let label = p.transaction.label.clone();
    let mut apply = false;
    let mut cancel = false;
    egui::Area::new(egui::Id::new("bulwark-tidy-preview"))
        .order(egui::Order::Foreground)
        .fixed_pos(outer.center_top() + vec2(-200.0, 12.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(format!("Preview: {label} — {moved} components move"));
                    if ui
                        .button("Apply")
                        .on_hover_text("Make the change (one undo step)")
                        .clicked()
                    {
                        apply = true;
                    }
                    if ui
                        .button("Cancel")
                        .on_hover_text("Keep the diagram as it is (Esc)")
                        .clicked()
                    {
                        cancel = true;
                    }
                });
            });
        });
    if apply && let Some(p) = session.tidy_preview.take() {
        fx.edit(p.transaction);
        session.viewport = None;
    }
    if cancel {
        session.tidy_preview = None;
    }
}

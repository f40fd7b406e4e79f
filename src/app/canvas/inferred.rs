//! The mark on what `bulwark map` inferred until a person confirms it, coloured by state
//! (inferred, new since the last map, vanished from the repository): a dashed outline and a
//! tag on components, a tag on flow labels.

use super::View;
use crate::catalog::Severity;
use crate::model::{InferredState, Provenance};
use egui::{Align2, FontId, Painter, Rect, Shape, Stroke};

/// The colour and tag of an item waiting for review; `None` once confirmed.
fn mark(view: &View<'_>, p: &Provenance, dimmed: bool) -> Option<(egui::Color32, &'static str)> {
    if !p.needs_review() {
        return None;
    }
    let pal = &view.theme.palette;
    let (color, tag) = match p.state {
        InferredState::New => (pal.highlight, "new"),
        InferredState::Vanished => (pal.severity(Severity::Medium), "vanished"),
        _ => (pal.text_weak, "inferred"),
    };
    Some((if dimmed { color.gamma_multiply(0.35) } else { color }, tag))
}

/// The tag alone, above the right end of a flow's label (`rect`, on screen).
pub(super) fn paint_tag(painter: &Painter, view: &View<'_>, rect: Rect, p: &Provenance, dimmed: bool) {
    let Some((color, tag)) = mark(view, p, dimmed) else {
        return;
    };
    let font = FontId::proportional(view.theme.sizes.min_font_px);
    painter.text(rect.right_top(), Align2::RIGHT_BOTTOM, tag, font, color);
}

/// Draws the mark around `rect` (already on screen).
pub(super) fn paint(painter: &Painter, view: &View<'_>, rect: Rect, p: &Provenance, dimmed: bool) {
    let Some((color, tag)) = mark(view, p, dimmed) else {
        return;
    };
    let outline = rect.expand(4.0);
    let corners = [
        outline.left_top(),
        outline.right_top(),
        outline.right_bottom(),
        outline.left_bottom(),
        outline.left_top(),
    ];
    painter.extend(Shape::dashed_line(&corners, Stroke::new(1.2, color), 6.0, 4.0));
    let font = FontId::proportional(view.theme.sizes.min_font_px);
    painter.text(outline.right_top(), Align2::RIGHT_BOTTOM, tag, font, color);
}

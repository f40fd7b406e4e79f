//! The mark on components `bulwark map` inferred: a dashed outline until a person confirms it,
//! coloured by state (inferred, new since the last map, vanished from the repository).

use super::View;
use crate::catalog::Severity;
use crate::model::{InferredState, Provenance};
use egui::{Align2, FontId, Painter, Rect, Shape, Stroke};

/// Draws the mark around `rect` (already on screen).
pub(super) fn paint(painter: &Painter, view: &View<'_>, rect: Rect, p: &Provenance, dimmed: bool) {
    if !p.needs_review() {
        return;
    }
    let pal = &view.theme.palette;
    let (color, tag) = match p.state {
        InferredState::New => (pal.highlight, "new"),
        InferredState::Vanished => (pal.severity(Severity::Medium), "vanished"),
        _ => (pal.text_weak, "inferred"),
    };
    let color = if dimmed { color.gamma_multiply(0.35) } else { color };
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

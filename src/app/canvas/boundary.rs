//! Trust boundaries: dashed, tinted regions drawn behind everything, outermost first, with the
//! name and kind in a title strip (drag it to move the boundary with what is inside) and a
//! resize handle in the bottom-right corner; a selected one also has eight grips, drawn above the components.

use super::interact::Hits;
use super::{CanvasCtx, View};
use crate::app::geometry::{Placement, to_rect};
use crate::app::session::Session;
use crate::app::theme::with_alpha;
use crate::model::BoundaryId;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{FontId, Painter, Pos2, Rect, Shape, Stroke, vec2};

/// Boundaries in drawing order: largest first, so nested ones are drawn (and hit) on top.
pub(super) fn in_drawing_order(shown: &Placement) -> Vec<(&BoundaryId, Rect)> {
    let mut v: Vec<(&BoundaryId, Rect)> = shown.boundaries.iter().map(|(id, r)| (id, to_rect(*r))).collect();
    v.sort_by(|(ia, a), (ib, b)| b.area().total_cmp(&a.area()).then_with(|| ia.cmp(ib)));
    v
}

/// The title strip (canvas units): at least 18 points tall on screen, at most half the box.
pub(super) fn header_rect(rect: Rect, header: f32, zoom: f32) -> Rect {
    let h = header.max(20.0 / zoom).min(rect.height() / 2.0);
    Rect::from_min_size(rect.min, vec2(rect.width(), h))
}

/// The resize handle (canvas units): at least 12 points on screen.
pub(super) fn corner_rect(rect: Rect, side: f32, zoom: f32) -> Rect {
    let s = side.max(14.0 / zoom);
    Rect::from_min_max(rect.max - vec2(s, s), rect.max)
}

/// Which edges a resize grip moves: -1 the left (top) edge, 1 the right (bottom), 0 neither.
pub type Grip = (i8, i8);

/// The eight resize grips of a selected boundary (canvas units): its corners and the middle of
/// each edge, at least 10 points on screen.
pub(super) fn grips(rect: Rect, side: f32, zoom: f32) -> [(Grip, Rect); 8] {
    let s = (side * 0.6).max(10.0 / zoom);
    let at = |g: Grip| {
        let x = match g.0 {
            -1 => rect.left(),
            0 => rect.center().x,
            _ => rect.right(),
        };
        let y = match g.1 {
            -1 => rect.top(),
            0 => rect.center().y,
            _ => rect.bottom(),
        };
        (g, Rect::from_center_size(Pos2::new(x, y), vec2(s, s)))
    };
    [
        at((-1, -1)),
        at((0, -1)),
        at((1, -1)),
        at((1, 0)),
        at((1, 1)),
        at((0, 1)),
        at((-1, 1)),
        at((-1, 0)),
    ]
}

/// The cursor over a grip.
pub(super) fn grip_cursor(g: Grip) -> egui::CursorIcon {
    use egui::CursorIcon as C;
    match g {
        (0, _) => C::ResizeVertical,
        (_, 0) => C::ResizeHorizontal,
        (x, y) if x == y => C::ResizeNwSe,
        _ => C::ResizeNeSw,
    }
}

/// Paints the grips of the selected boundary, above the components so none hides one.
pub(super) fn paint_grips(painter: &Painter, view: &View<'_>, rect: Rect) {
    let pal = &view.theme.palette;
    for (_, g) in grips(rect, view.theme.sizes.corner_handle, view.zoom()) {
        let r = view.rect(g);
        painter.rect_filled(r, 2.0, pal.canvas_bg);
        painter.rect_stroke(r, 2.0, Stroke::new(1.5, pal.selection), egui::StrokeKind::Inside);
    }
}

pub(super) fn paint_all(
    painter: &Painter,
    view: &View<'_>,
    cx: &CanvasCtx<'_>,
    shown: &Placement,
    session: &Session,
    hits: &Hits,
) {
    let pal = &view.theme.palette;
    for (id, rect) in in_drawing_order(shown) {
        let Some(b) = cx.model.boundaries.get(id) else { continue };
        let screen = view.rect(rect);
        if !painter.clip_rect().intersects(screen) {
            continue;
        }
        let color = pal.boundary(b.kind);
        let selected = session.selection.boundaries.contains(id);
        let hovered = hits.hovered_boundary.as_ref() == Some(id);
        painter.rect_filled(screen, 6.0, with_alpha(color, pal.boundary_fill_alpha));
        let corners = [
            screen.left_top(),
            screen.right_top(),
            screen.right_bottom(),
            screen.left_bottom(),
            screen.left_top(),
        ];
        if selected {
            painter.add(Shape::line(corners.to_vec(), Stroke::new(2.5, pal.selection)));
        } else {
            let stroke = Stroke::new(if hovered { 2.2 } else { 1.6 }, color);
            let mut dashes = Vec::new();
            super::dashes::dashed_line_in(&corners, stroke, 9.0, 5.0, painter.clip_rect(), &mut dashes);
            painter.extend(dashes);
        }

        let header = view.rect(header_rect(rect, view.theme.sizes.boundary_header, view.zoom()));
        let font_px = view.font_px(view.theme.sizes.label_font_px + 1.0);
        let mut job = LayoutJob::default();
        job.append(&b.name, 0.0, TextFormat::simple(FontId::proportional(font_px), color));
        job.append(
            &format!("   {}", b.kind.label()),
            0.0,
            TextFormat::simple(FontId::proportional((font_px - 1.5).max(9.0)), pal.text_weak),
        );
        job.wrap = TextWrapping {
            max_width: (header.width() - 16.0).max(20.0),
            max_rows: 1,
            break_anywhere: true,
            overflow_character: Some('…'),
        };
        let galley = painter.layout_job(job);
        let at = Pos2::new(header.left() + 8.0, header.center().y - galley.size().y / 2.0);
        painter.galley(at, galley, color);

        if selected || hovered {
            let c = view.rect(corner_rect(rect, view.theme.sizes.corner_handle, view.zoom()));
            let grip = if selected { pal.selection } else { color };
            for i in 1..=3 {
                let d = i as f32 * c.width() / 4.0;
                painter.line_segment(
                    [
                        Pos2::new(c.right() - d, c.bottom() - 2.0),
                        Pos2::new(c.right() - 2.0, c.bottom() - d),
                    ],
                    Stroke::new(1.5, grip),
                );
            }
        }
    }
}

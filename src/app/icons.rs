//! Component icons: simple vector glyphs from `assets/icons/glyphs.ron` (compiled in), drawn
//! with the painter in the category's colour. Icons are data, like the components that name
//! them: adding a glyph needs no Rust change.

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, pos2};

pub use crate::report::glyphs::{Prim, UNKNOWN_ICON};

/// The glyph for trust boundaries in the palette.
pub const BOUNDARY_ICON: &str = "boundary";

/// Draws the glyph `name` (or the unknown glyph) to fill the square `rect`.
pub fn paint(painter: &Painter, rect: Rect, name: &str, color: Color32) {
    let prims = crate::report::glyphs::glyph(name);
    let scale = rect.width().min(rect.height()) / 24.0;
    let origin = rect.center() - egui::vec2(12.0, 12.0) * scale;
    let at = |x: f32, y: f32| origin + egui::vec2(x, y) * scale;
    let stroke = Stroke::new((1.7 * scale).clamp(0.8, 3.5), color);
    for p in prims {
        match p {
            Prim::Line(pts) => {
                painter.add(Shape::line(pts.iter().map(|&(x, y)| at(x, y)).collect(), stroke));
            }
            Prim::Poly(pts) => {
                painter.add(Shape::closed_line(pts.iter().map(|&(x, y)| at(x, y)).collect(), stroke));
            }
            Prim::Circle(x, y, r) => {
                painter.circle_stroke(at(*x, *y), r * scale, stroke);
            }
            Prim::Dot(x, y, r) => {
                painter.circle_filled(at(*x, *y), r * scale, color);
            }
            Prim::Ellipse(x, y, rx, ry) => {
                let pts = arc_points(at(*x, *y), rx * scale, ry * scale, 0.0, 360.0);
                painter.add(Shape::closed_line(pts, stroke));
            }
            Prim::Arc(x, y, rx, ry, from, to) => {
                let pts = arc_points(at(*x, *y), rx * scale, ry * scale, *from, *to);
                painter.add(Shape::line(pts, stroke));
            }
            Prim::Rect(x, y, w, h, r) => {
                let r_rect = Rect::from_min_max(at(*x, *y), at(x + w, y + h));
                painter.rect_stroke(r_rect, r * scale, stroke, StrokeKind::Middle);
            }
        }
    }
}

/// Points along an elliptic arc, `from` to `to` degrees (0 = right, 90 = down).
fn arc_points(center: Pos2, rx: f32, ry: f32, from: f32, to: f32) -> Vec<Pos2> {
    let steps = (((to - from).abs() / 10.0).ceil() as usize).max(2);
    (0..=steps)
        .map(|i| {
            let t = (from + (to - from) * i as f32 / steps as f32).to_radians();
            pos2(center.x + rx * t.cos(), center.y + ry * t.sin())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::report::glyphs::glyphs;

    #[test]
    fn every_icon_the_catalog_names_has_a_glyph() {
        let parsed = glyphs();
        assert!(!parsed.is_empty(), "assets/icons/glyphs.ron parses");
        let (cat, _) = Catalog::builtin();
        let missing: Vec<&str> = cat
            .kinds
            .values()
            .map(|k| k.icon.as_str())
            .filter(|i| !parsed.contains_key(*i))
            .collect();
        assert!(missing.is_empty(), "icons without a glyph: {missing:?}");
        assert!(parsed.contains_key(UNKNOWN_ICON) && parsed.contains_key(BOUNDARY_ICON));
    }

    #[test]
    fn every_glyph_stays_on_its_grid() {
        let parsed = glyphs();
        let on_grid = |x: f32, y: f32| (0.0..=24.0).contains(&x) && (0.0..=24.0).contains(&y);
        for (name, prims) in parsed {
            for p in prims {
                let ok = match p {
                    Prim::Line(pts) | Prim::Poly(pts) => pts.iter().all(|&(x, y)| on_grid(x, y)),
                    Prim::Circle(x, y, r) | Prim::Dot(x, y, r) => on_grid(x - r, y - r) && on_grid(x + r, y + r),
                    Prim::Ellipse(x, y, rx, ry) => on_grid(x - rx, y - ry) && on_grid(x + rx, y + ry),
                    // Arcs may be centred off the grid; only their drawn part must be on it.
                    Prim::Arc(x, y, rx, ry, from, to) => arc_points(pos2(*x, *y), *rx, *ry, *from, *to)
                        .iter()
                        .all(|p| on_grid(p.x, p.y)),
                    Prim::Rect(x, y, w, h, _) => on_grid(*x, *y) && on_grid(x + w, y + h),
                };
                assert!(ok, "{name}: {p:?} leaves the 24 × 24 grid");
            }
        }
    }
}

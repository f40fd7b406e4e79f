//! Component icons in SVG: the same glyphs the canvas draws (`assets/icons/glyphs.ron`, a 24 × 24
//! grid of lines, circles and arcs), written as SVG shapes in the category's colour.

use super::svg_num::num;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One drawing primitive on the 24 × 24 glyph grid (the file's own format). The canvas and the
/// exports both draw from these.
#[derive(Debug, Clone, Deserialize)]
pub enum Prim {
    /// An open polyline.
    Line(Vec<(f32, f32)>),
    /// A closed polygon outline.
    Poly(Vec<(f32, f32)>),
    /// A circle outline: centre x, y and radius.
    Circle(f32, f32, f32),
    /// A filled circle: centre x, y and radius.
    Dot(f32, f32, f32),
    /// An ellipse outline: centre x, y and radii.
    Ellipse(f32, f32, f32, f32),
    /// An elliptic arc: centre x, y, radii, and start and end angles in degrees.
    Arc(f32, f32, f32, f32, f32, f32),
    /// A rectangle outline: x, y, width, height and corner radius.
    Rect(f32, f32, f32, f32, f32),
}

const GLYPHS_RON: &str = include_str!("../../assets/icons/glyphs.ron");

/// The glyph drawn for an icon name the file does not have.
pub const UNKNOWN_ICON: &str = "unknown";

static GLYPHS: OnceLock<BTreeMap<String, Vec<Prim>>> = OnceLock::new();

/// Every glyph by icon name; a broken file (caught by a test) draws no icons rather than failing.
pub fn glyphs() -> &'static BTreeMap<String, Vec<Prim>> {
    GLYPHS.get_or_init(|| ron::from_str(GLYPHS_RON).unwrap_or_default())
}

/// The primitives of icon `name`, or of the unknown glyph.
pub fn glyph(name: &str) -> &'static [Prim] {
    glyphs()
        .get(name)
        .or_else(|| glyphs().get(UNKNOWN_ICON))
        .map_or(&[], Vec::as_slice)
}

/// The SVG of glyph `icon` (or the unknown glyph) filling the square of side `side` whose
/// top-left corner is (`x`, `y`), stroked in `color`.
pub fn svg(icon: &str, x: f32, y: f32, side: f32, color: &str) -> String {
    let Some(prims) = glyphs().get(icon).or_else(|| glyphs().get(UNKNOWN_ICON)) else {
        return String::new();
    };
    let scale = side / 24.0;
    let mut out = format!(
        r#"<g transform="translate({} {}) scale({})" fill="none" stroke="{color}" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round">"#,
        num(x),
        num(y),
        num_fine(scale)
    );
    for p in prims {
        out.push_str(&prim(p, color));
    }
    out.push_str("</g>");
    out
}

fn prim(p: &Prim, color: &str) -> String {
    let pts = |v: &[(f32, f32)]| {
        v.iter()
            .map(|(x, y)| format!("{},{}", num_fine(*x), num_fine(*y)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match p {
        Prim::Line(v) => format!(r#"<polyline points="{}"/>"#, pts(v)),
        Prim::Poly(v) => format!(r#"<polygon points="{}"/>"#, pts(v)),
        Prim::Circle(x, y, r) => format!(
            r#"<circle cx="{}" cy="{}" r="{}"/>"#,
            num_fine(*x),
            num_fine(*y),
            num_fine(*r)
        ),
        Prim::Dot(x, y, r) => format!(
            r#"<circle cx="{}" cy="{}" r="{}" fill="{color}" stroke="none"/>"#,
            num_fine(*x),
            num_fine(*y),
            num_fine(*r)
        ),
        Prim::Ellipse(x, y, rx, ry) => format!(
            r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}"/>"#,
            num_fine(*x),
            num_fine(*y),
            num_fine(*rx),
            num_fine(*ry)
        ),
        Prim::Arc(x, y, rx, ry, from, to) => arc(*x, *y, *rx, *ry, *from, *to),
        Prim::Rect(x, y, w, h, r) => format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}"/>"#,
            num_fine(*x),
            num_fine(*y),
            num_fine(*w),
            num_fine(*h),
            num_fine(*r)
        ),
    }
}

/// An elliptic arc from `from` to `to` degrees (0 = right, 90 = down, as on screen).
fn arc(cx: f32, cy: f32, rx: f32, ry: f32, from: f32, to: f32) -> String {
    if (to - from).abs() >= 360.0 {
        return format!(
            r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}"/>"#,
            num_fine(cx),
            num_fine(cy),
            num_fine(rx),
            num_fine(ry)
        );
    }
    let at = |deg: f32| {
        let t = deg.to_radians();
        (cx + rx * t.cos(), cy + ry * t.sin())
    };
    let (x0, y0) = at(from);
    let (x1, y1) = at(to);
    let large = u8::from((to - from).abs() > 180.0);
    let sweep = u8::from(to > from);
    format!(
        r#"<path d="M{},{} A{},{} 0 {large} {sweep} {},{}"/>"#,
        num_fine(x0),
        num_fine(y0),
        num_fine(rx),
        num_fine(ry),
        num_fine(x1),
        num_fine(y1)
    )
}

/// Glyph coordinates keep two decimals: they are scaled up about tenfold.
fn num_fine(v: f32) -> String {
    super::svg_num::num_with(v, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_glyph_file_parses_and_covers_every_catalog_icon() {
        let parsed: BTreeMap<String, Vec<Prim>> = ron::from_str(GLYPHS_RON).unwrap();
        let (cat, _) = Catalog::builtin();
        for k in cat.kinds.values() {
            assert!(parsed.contains_key(&k.icon), "no glyph for icon {:?}", k.icon);
        }
        assert!(parsed.contains_key(UNKNOWN_ICON));
    }

    #[test]
    fn an_unknown_icon_draws_the_unknown_glyph() {
        let s = svg("no-such-icon", 0.0, 0.0, 24.0, "#000000");
        assert!(s.starts_with("<g ") && s.contains("<path"), "{s}");
    }

    #[test]
    fn arcs_go_the_short_or_long_way_as_asked() {
        assert!(arc(12.0, 12.0, 5.0, 5.0, 180.0, 360.0).contains(" 0 0 1 "));
        assert!(arc(12.0, 12.0, 5.0, 5.0, 90.0, 350.0).contains(" 0 1 1 "));
    }
}

//! The diagram as PNG: the SVG export rasterised by resvg with the embedded fonts, on white, so
//! it pastes into slides and tickets and looks the same on every machine.

use super::error::ExportError;
use super::fonts;
use resvg::{tiny_skia, usvg};

/// The largest image drawn, in pixels (about 256 MB of RGBA): a bigger diagram is drawn at a
/// smaller scale rather than refused.
const MAX_PIXELS: f32 = 64.0 * 1024.0 * 1024.0;

/// Rasterises `svg` at `scale` (2 gives a crisp image on high-density screens).
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let tree = usvg::Tree::from_str(svg, &fonts::svg_options()).map_err(|e| ExportError::Svg(e.to_string()))?;
    let size = tree.size();
    let area = size.width() * size.height();
    let scale = if area * scale * scale > MAX_PIXELS {
        (MAX_PIXELS / area).sqrt()
    } else {
        scale
    };
    let w = (size.width() * scale).ceil().max(1.0) as u32;
    let h = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(ExportError::ImageSize { width: w, height: h })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| ExportError::Png(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_becomes_a_png_of_the_scaled_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect x="0" y="0" width="20" height="20" fill="#ff0000"/><text x="22" y="15" font-family="Helvetica, sans-serif" font-size="12">Ab</text></svg>"##;
        let bytes = png(svg, 2.0).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let img = tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (80, 40));
        // The red square on the left, white background elsewhere, and the text drew ink.
        let px = |x: u32, y: u32| img.pixel(x, y).unwrap();
        assert_eq!((px(10, 10).red(), px(10, 10).green()), (255, 0));
        let inked = (44..80)
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .filter(|&(x, y)| px(x, y).red() < 128);
        assert!(inked.count() > 20, "the text was drawn with the embedded font");
    }

    #[test]
    fn an_arrow_in_a_label_changes_only_its_own_glyph() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30"><text x="2" y="20" font-family="Helvetica, sans-serif" font-size="12">question → answer</text></svg>"##;
        let tree = usvg::Tree::from_str(svg, &fonts::svg_options()).unwrap();
        let mut faces = Vec::new();
        fn walk(g: &usvg::Group, out: &mut Vec<(String, usvg::fontdb::ID)>) {
            for n in g.children() {
                match n {
                    usvg::Node::Text(t) => {
                        for span in t.layouted() {
                            out.extend(span.positioned_glyphs.iter().map(|g| (g.text.clone(), g.font)));
                        }
                    }
                    usvg::Node::Group(g) => walk(g, out),
                    _ => {}
                }
            }
        }
        walk(tree.root(), &mut faces);
        let face_of = |s: &str| faces.iter().find(|(t, _)| t == s).map(|(_, f)| *f).unwrap();
        assert_ne!(face_of("→"), face_of("q"), "the arrow comes from the fallback");
        assert_eq!(face_of("q"), face_of("a"), "the letters stay in the text font");
        let db = fonts::database();
        let family = |id| db.face(id).map(|f| f.families[0].0.clone()).unwrap_or_default();
        assert_eq!(family(face_of("q")), fonts::SANS);
    }

    #[test]
    fn not_svg_is_an_error_not_a_panic() {
        assert!(matches!(png("<html>", 1.0), Err(ExportError::Svg(_))));
    }
}

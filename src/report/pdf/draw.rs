//! Drawing a laid-out page onto a PDF page: text as runs of glyphs in the embedded fonts,
//! rectangles and rules as paths, and only the drawings (the diagram, the chart) through usvg.
//!
//! Why not one SVG document per page, as before: reading it back (text shaped, every glyph
//! turned into a path to find its bounds, the bold outline stroked) took about 20 s of CPU
//! for a 1,000-element model's 1,400 pages, and the glyph-by-glyph content it made took
//! another 4 s to compress (#15). Text here is placed with the advances of the same faces
//! that [`Measure`] wraps with, so what was measured is what is drawn.

use super::super::error::ExportError;
use super::super::fonts::{self, GlyphFace, Measure};
use super::ink::{Ink, Style};
use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Rect, Size, Transform};
use krilla::paint::{Fill, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla_svg::{SurfaceExt, SvgSettings};
use resvg::usvg;

/// The faces text is drawn in, in the order a missing glyph is looked for after the run's
/// own face: the one usvg followed for the SVG pages (symbols, then emoji, then any).
const SANS: usize = 0;
const MONO: usize = 1;
const SYMBOLS: usize = 2;
const EMOJI: usize = 3;

/// One embedded face: for the PDF, and measured (glyph ids and advances, cached).
struct Face {
    font: Font,
    measured: &'static GlyphFace,
}

impl Face {
    fn new(measured: Option<&'static GlyphFace>) -> Result<Self, ExportError> {
        let missing = || ExportError::Pdf("an embedded font could not be read".into());
        let measured = measured.ok_or_else(missing)?;
        let font = Font::new(krilla::Data::from(measured.data), 0).ok_or_else(missing)?;
        Ok(Self { font, measured })
    }

    /// The glyph for `c` and its advance in ems, when this face has one.
    fn glyph(&self, c: char) -> Option<(GlyphId, f32)> {
        self.measured
            .glyph(c)
            .map(|(g, advance)| (GlyphId::new(u32::from(g)), advance))
    }
}

/// Draws pages; holds the fonts, which the document embeds once however often they are used.
pub struct Painter {
    faces: [Face; 4],
    svg_options: usvg::Options<'static>,
}

impl Painter {
    /// A painter with the embedded fonts loaded.
    pub fn new() -> Result<Self, ExportError> {
        let m = Measure::get();
        Ok(Self {
            faces: [
                Face::new(m.sans.as_ref())?,
                Face::new(m.mono.as_ref())?,
                Face::new(m.symbols.as_ref())?,
                Face::new(m.emoji.as_ref())?,
            ],
            svg_options: fonts::svg_options(),
        })
    }

    /// Draws `ink` onto `surface`, in order.
    pub fn page(&self, surface: &mut Surface<'_>, ink: &[Ink]) -> Result<(), ExportError> {
        for i in ink {
            match i {
                Ink::Text { x, y, text, style } => self.text(surface, *x, *y, text, *style),
                Ink::Rect { x, y, w, h, fill, r } => {
                    if let Some(path) = rounded_rect(*x, *y, *w, *h, *r) {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill_of(fill)));
                        surface.draw_path(&path);
                    }
                }
                Ink::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    color,
                    width,
                } => {
                    let mut b = PathBuilder::new();
                    b.move_to(*x1, *y1);
                    b.line_to(*x2, *y2);
                    if let Some(path) = b.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb_of(color).into(),
                            width: *width,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Ink::Svg { x, y, scale, svg } => self.drawing(surface, *x, *y, *scale, svg)?,
            }
        }
        Ok(())
    }

    /// One line of text with its baseline at `y`. The line is cut into the runs the measure
    /// cut it into (text face, or monospaced for what the text face lacks), each placed where
    /// the measure put it; inside a run a glyph the face lacks comes from the next face that
    /// has it.
    fn text(&self, surface: &mut Surface<'_>, x: f32, y: f32, text: &str, style: Style) {
        let paint = rgb_of(style.color);
        surface.set_fill(Some(Fill {
            paint: paint.into(),
            ..Fill::default()
        }));
        // The embedded face has one weight, so bold is a thin outline in the text's colour
        // (PDF text render mode "fill and stroke"): it stays selectable text.
        surface.set_stroke(style.bold.then(|| Stroke {
            paint: paint.into(),
            width: style.px * 0.045,
            line_join: LineJoin::Round,
            ..Stroke::default()
        }));
        let measure = Measure::get();
        let mut at = x;
        for (mono, run) in runs(text, style.mono) {
            let own = if mono { MONO } else { SANS };
            self.glyph_runs(surface, Point::from_xy(at, y), &run, own, style.px);
            at += measure.width(&run, style.px, mono);
        }
    }

    /// `run` drawn from `start`, split where the face a glyph comes from changes.
    fn glyph_runs(&self, surface: &mut Surface<'_>, start: Point, run: &str, own: usize, px: f32) {
        let mut x = start.x;
        let mut face = own;
        let mut glyphs: Vec<KrillaGlyph> = Vec::with_capacity(run.len());
        let flush = |surface: &mut Surface<'_>, glyphs: &mut Vec<KrillaGlyph>, face: usize, x: &mut f32| {
            if glyphs.is_empty() {
                return;
            }
            surface.draw_glyphs(
                Point::from_xy(*x, start.y),
                glyphs,
                self.faces[face].font.clone(),
                run,
                px,
                false,
            );
            *x += glyphs.iter().map(|g| g.x_advance).sum::<f32>() * px;
            glyphs.clear();
        };
        for (i, c) in run.char_indices() {
            // As in the SVG pages: a tab is a space, other control characters are not drawn.
            let shown = match c {
                '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            let (f, glyph, advance) = self.pick(shown, own);
            if f != face {
                flush(surface, &mut glyphs, face, &mut x);
                face = f;
            }
            glyphs.push(KrillaGlyph::new(
                glyph,
                advance,
                0.0,
                0.0,
                0.0,
                i..i + c.len_utf8(),
                None,
            ));
        }
        flush(surface, &mut glyphs, face, &mut x);
    }

    /// The face and glyph that draw `c` in a run of face `own`; the run's own `.notdef` when
    /// no face has it.
    fn pick(&self, c: char, own: usize) -> (usize, GlyphId, f32) {
        [own, SYMBOLS, EMOJI, SANS, MONO]
            .into_iter()
            .find_map(|f| self.faces[f].glyph(c).map(|(g, a)| (f, g, a)))
            .unwrap_or_else(|| (own, GlyphId::new(0), self.faces[own].measured.notdef_advance()))
    }

    /// An SVG drawing placed at (`x`, `y`) and scaled: read by usvg, as only it can.
    fn drawing(&self, surface: &mut Surface<'_>, x: f32, y: f32, scale: f32, svg: &str) -> Result<(), ExportError> {
        // The drawings are written to sit inline in HTML, without a namespace; alone they
        // need one to be read as SVG.
        let svg = if svg.starts_with("<svg") && !svg.contains("xmlns=") {
            svg.replacen("<svg", r#"<svg xmlns="http://www.w3.org/2000/svg""#, 1)
        } else {
            svg.to_owned()
        };
        let tree = usvg::Tree::from_str(&svg, &self.svg_options).map_err(|e| ExportError::Svg(e.to_string()))?;
        let size = Size::from_wh(tree.size().width(), tree.size().height())
            .ok_or_else(|| ExportError::Pdf("a drawing has no size".into()))?;
        surface.push_transform(&Transform::from_row(scale, 0.0, 0.0, scale, x, y));
        let drawn = surface.draw_svg(&tree, size, SvgSettings::default());
        surface.pop();
        drawn.ok_or_else(|| ExportError::Pdf("cannot draw a drawing".into()))
    }
}

/// `text` cut into runs of one font each: the text font, or the monospaced font for the
/// characters the text font lacks (the measure cuts it the same way).
fn runs(text: &str, mono: bool) -> Vec<(bool, String)> {
    let m = Measure::get();
    let mut out: Vec<(bool, String)> = Vec::new();
    for c in text.chars() {
        let in_mono = mono || m.lacks(c);
        match out.last_mut() {
            Some((f, run)) if *f == in_mono => run.push(c),
            _ => out.push((in_mono, c.to_string())),
        }
    }
    out
}

/// A rectangle with corners rounded by `r`, clamped as SVG clamps `rx`; none when it is empty.
fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<Path> {
    // As in SVG, a rectangle without area (or with a NaN side) is not drawn.
    if !(w > 0.0 && h > 0.0) {
        return None;
    }
    let rect = Rect::from_xywh(x, y, w, h)?;
    let mut b = PathBuilder::new();
    let r = r.min(w / 2.0).min(h / 2.0);
    if r <= 0.0 || !r.is_finite() {
        b.push_rect(rect);
        return b.finish();
    }
    // A quarter circle as one cubic: the control points sit this far along the tangents.
    let k = r * 0.552_284_8;
    let (right, bottom) = (x + w, y + h);
    b.move_to(x + r, y);
    b.line_to(right - r, y);
    b.cubic_to(right - r + k, y, right, y + r - k, right, y + r);
    b.line_to(right, bottom - r);
    b.cubic_to(right, bottom - r + k, right - r + k, bottom, right - r, bottom);
    b.line_to(x + r, bottom);
    b.cubic_to(x + r - k, bottom, x, bottom - r + k, x, bottom - r);
    b.line_to(x, y + r);
    b.cubic_to(x, y + r - k, x + r - k, y, x + r, y);
    b.close();
    b.finish()
}

fn fill_of(color: &str) -> Fill {
    Fill {
        paint: rgb_of(color).into(),
        ..Fill::default()
    }
}

/// A colour written `#rrggbb` or `#rgb`, as the palette writes them; black for anything else.
fn rgb_of(color: &str) -> rgb::Color {
    let hex = color.strip_prefix('#').unwrap_or("");
    let digit = |i: usize, len: usize| hex.get(i..i + len).and_then(|h| u8::from_str_radix(h, 16).ok());
    match hex.len() {
        6 => match (digit(0, 2), digit(2, 2), digit(4, 2)) {
            (Some(r), Some(g), Some(b)) => rgb::Color::new(r, g, b),
            _ => rgb::Color::black(),
        },
        3 => match (digit(0, 1), digit(1, 1), digit(2, 1)) {
            (Some(r), Some(g), Some(b)) => rgb::Color::new(r * 17, g * 17, b * 17),
            _ => rgb::Color::black(),
        },
        _ => rgb::Color::black(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_colours_are_read_and_anything_else_is_black() {
        let c = rgb_of("#d1242f");
        assert_eq!((c.red(), c.green(), c.blue()), (0xd1, 0x24, 0x2f));
        let c = rgb_of("#000");
        assert_eq!((c.red(), c.green(), c.blue()), (0, 0, 0));
        let c = rgb_of("#fff");
        assert_eq!((c.red(), c.green(), c.blue()), (255, 255, 255));
        for odd in ["", "red", "#12345", "#zzzzzz", "#ééé"] {
            let c = rgb_of(odd);
            assert_eq!((c.red(), c.green(), c.blue()), (0, 0, 0), "{odd:?}");
        }
    }

    #[test]
    fn a_glyph_the_text_face_lacks_comes_from_a_face_that_has_it() {
        let p = Painter::new().unwrap();
        assert_eq!(p.pick('a', SANS).0, SANS);
        let (face, glyph, _) = p.pick('→', SANS);
        assert_ne!(face, SANS, "Ubuntu Light has no arrows");
        assert_ne!(glyph, GlyphId::new(0));
        // Nothing has it: the run's own face draws its .notdef rather than dropping it.
        assert_eq!(p.pick('\u{10ffff}', MONO).0, MONO);
    }

    #[test]
    fn degenerate_rectangles_draw_nothing_and_radii_are_clamped() {
        assert!(rounded_rect(0.0, 0.0, 0.0, 10.0, 2.0).is_none());
        assert!(rounded_rect(0.0, 0.0, f32::NAN, 10.0, 2.0).is_none());
        assert!(rounded_rect(0.0, 0.0, 10.0, 4.0, 50.0).is_some());
        assert!(rounded_rect(0.0, 0.0, 10.0, 4.0, 0.0).is_some());
    }
}

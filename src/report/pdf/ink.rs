//! What a PDF page is drawn with: text lines, rectangles, rules and embedded SVG, positioned
//! in points from the page's top left, and written out as one SVG document per page.

use super::super::escape::xml;
use super::super::fonts;
use super::super::svg_num::num;

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Size in points.
    pub px: f32,
    /// Fill colour.
    pub color: &'static str,
    /// Drawn heavier. The embedded face has one weight, so bold is a thin outline in the
    /// text's own colour: enough to make a title stand out, and the text stays selectable.
    pub bold: bool,
    /// Monospaced (ids).
    pub mono: bool,
}

impl Style {
    /// Plain text of `px` points in `color`.
    pub const fn new(px: f32, color: &'static str) -> Self {
        Self {
            px,
            color,
            bold: false,
            mono: false,
        }
    }

    /// The same, heavier.
    pub const fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    /// The same, monospaced.
    pub const fn mono(self) -> Self {
        Self { mono: true, ..self }
    }

    /// The same in another colour.
    pub const fn colored(self, color: &'static str) -> Self {
        Self { color, ..self }
    }

    /// Distance between baselines.
    pub fn line_height(&self) -> f32 {
        self.px * 1.38
    }

    /// Distance from a line's top to its baseline.
    pub fn ascent(&self) -> f32 {
        self.px * 1.02
    }
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Ink {
    /// A single line of text; `y` is the baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// The text, unescaped.
        text: String,
        /// Its look.
        style: Style,
    },
    /// A rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: &'static str,
        /// Corner radius.
        r: f32,
    },
    /// A straight rule.
    Line {
        /// Start.
        x1: f32,
        /// Start.
        y1: f32,
        /// End.
        x2: f32,
        /// End.
        y2: f32,
        /// Colour.
        color: &'static str,
        /// Width.
        width: f32,
    },
    /// An SVG drawing (without an XML declaration) at (`x`, `y`), scaled.
    Svg {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Scale from the drawing's units to points.
        scale: f32,
        /// The `<svg>` element.
        svg: String,
    },
}

impl Ink {
    /// The same ink moved by (`dx`, `dy`).
    pub fn shifted(self, dx: f32, dy: f32) -> Ink {
        match self {
            Ink::Text { x, y, text, style } => Ink::Text {
                x: x + dx,
                y: y + dy,
                text,
                style,
            },
            Ink::Rect { x, y, w, h, fill, r } => Ink::Rect {
                x: x + dx,
                y: y + dy,
                w,
                h,
                fill,
                r,
            },
            Ink::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => Ink::Line {
                x1: x1 + dx,
                y1: y1 + dy,
                x2: x2 + dx,
                y2: y2 + dy,
                color,
                width,
            },
            Ink::Svg { x, y, scale, svg } => Ink::Svg {
                x: x + dx,
                y: y + dy,
                scale,
                svg,
            },
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Ink::Text { x, y, text, style } => {
                let bold = if style.bold {
                    format!(
                        r#" stroke="{}" stroke-width="{}" stroke-linejoin="round""#,
                        style.color,
                        num_with2(style.px * 0.045)
                    )
                } else {
                    String::new()
                };
                // One <text> per font run, placed by measure: left to the renderer, a line with
                // one arrow in it was drawn wholly in the fallback font and outgrew its width.
                let mut at = *x;
                for (mono, run) in runs(text, style.mono) {
                    let family = if mono { fonts::MONO } else { fonts::SANS };
                    out.push_str(&format!(
                        r#"<text x="{}" y="{}" font-family="{family}" font-size="{}" fill="{}"{bold} xml:space="preserve">{}</text>"#,
                        num(at),
                        num(*y),
                        num(style.px),
                        style.color,
                        xml(&run)
                    ));
                    at += fonts::Measure::get().width(&run, style.px, mono);
                }
            }
            Ink::Rect { x, y, w, h, fill, r } => out.push_str(&format!(
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{fill}"/>"#,
                num(*x),
                num(*y),
                num(*w),
                num(*h),
                num(*r)
            )),
            Ink::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => out.push_str(&format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{color}" stroke-width="{}"/>"#,
                num(*x1),
                num(*y1),
                num(*x2),
                num(*y2),
                num_with2(*width)
            )),
            Ink::Svg { x, y, scale, svg } => {
                out.push_str(&format!(
                    r#"<g transform="translate({} {}) scale({})">"#,
                    num(*x),
                    num(*y),
                    num_with2(*scale)
                ));
                out.push_str(svg);
                out.push_str("</g>");
            }
        }
        out.push('\n');
    }
}

/// `text` cut into runs of one font each: the text font, or the monospaced font for the
/// characters the text font lacks.
fn runs(text: &str, mono: bool) -> Vec<(bool, String)> {
    let m = fonts::Measure::get();
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

fn num_with2(v: f32) -> String {
    super::super::svg_num::num_with(v, 1000.0)
}

/// A page of `w` × `h` points drawn as one SVG document.
pub fn page_svg(w: f32, h: f32, ink: &[Ink]) -> String {
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="{}">"#,
        num(w),
        num(h),
        num(w),
        num(h),
        fonts::SANS
    );
    s.push('\n');
    for i in ink {
        i.write(&mut s);
    }
    s.push_str("</svg>\n");
    s
}

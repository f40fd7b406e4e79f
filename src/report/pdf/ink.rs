//! What a PDF page is drawn with: text lines, rectangles, rules and embedded SVG, positioned
//! in points from the page's top left; `draw` puts them on a PDF page.

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
}

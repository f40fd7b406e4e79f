//! The building blocks the report sections are written with: headings, paragraphs, a chart and
//! finding cards, each as chunks the paginator places whole.

use super::flow::{BODY_W, Chunk, group_rows};
use super::ink::{Ink, Style};
use super::text::{self, BODY, H2, H3, LABEL, SMALL};
use crate::report::palette;

/// A section title on a new page, in the outline and the contents.
pub fn section(title: &str, new_page: bool) -> Chunk {
    let top = if new_page { 0.0 } else { 14.0 };
    let base = top + H2.ascent();
    let ink = vec![
        Ink::Text {
            x: 0.0,
            y: base,
            text: title.to_owned(),
            style: H2,
        },
        Ink::Line {
            x1: 0.0,
            y1: base + 7.0,
            x2: BODY_W,
            y2: base + 7.0,
            color: palette::TEXT,
            width: 1.2,
        },
    ];
    Chunk {
        keep_with_next: true,
        break_before: new_page,
        anchor: Some((title.to_owned(), 1)),
        ..Chunk::new(base + 20.0, ink)
    }
}

/// A sub-section title; `outline` puts it in the PDF outline.
pub fn sub(title: &str, style: Style, outline: bool) -> Chunk {
    let lines = text::wrap(title, style, BODY_W);
    let (ink, h) = text::lines_ink(&lines, style, 0.0, 8.0);
    Chunk {
        keep_with_next: true,
        anchor: outline.then(|| (title.to_owned(), 2)),
        ..Chunk::new(8.0 + h + 4.0, ink)
    }
}

/// A sub-section title in the usual style.
pub fn h3(title: &str) -> Chunk {
    sub(title, H3, false)
}

/// A paragraph, split between lines if it is taller than a page.
pub fn para(s: &str, style: Style) -> Vec<Chunk> {
    para_at(s, style, 0.0, 6.0)
}

/// A paragraph indented by `x`, with `gap` after it.
pub fn para_at(s: &str, style: Style, x: f32, gap: f32) -> Vec<Chunk> {
    let lines = text::wrap(s, style, BODY_W - x);
    let rows = lines
        .into_iter()
        .map(|l| {
            let (ink, h) = text::lines_ink(&[l], style, x, 0.0);
            (h, ink)
        })
        .collect();
    group_rows(rows, |_| Vec::new(), gap)
}

/// An SVG drawing of `w` × `h` units shown at `scale`.
pub fn drawing(svg: String, h: f32, scale: f32) -> Chunk {
    Chunk::new(
        h * scale + 8.0,
        vec![Ink::Svg {
            x: 0.0,
            y: 0.0,
            scale,
            svg,
        }],
    )
}

/// A coloured label with white text (a severity), `x` from the left; returns its width.
pub fn chip(ink: &mut Vec<Ink>, label: &str, color: &'static str, x: f32, top: f32) -> f32 {
    let style = Style::new(7.5, palette::NODE_FILL).bold();
    let w = text::width(label, style) + 10.0;
    ink.push(Ink::Rect {
        x,
        y: top,
        w,
        h: 12.0,
        fill: color,
        r: 2.5,
    });
    ink.push(Ink::Text {
        x: x + 5.0,
        y: top + 8.9,
        text: label.to_owned(),
        style,
    });
    w
}

/// A card: a title row, then labelled fields; drawn on a tinted panel with a bar of `accent`
/// down its left side. Kept whole on a page unless it is taller than one.
pub struct Card {
    accent: &'static str,
    rows: Vec<(f32, Vec<Ink>)>,
}

/// Left edge of a card's text.
const CARD_X: f32 = 11.0;
/// Width of a card's field labels.
const LABEL_W: f32 = 78.0;
/// Tint of a card's panel.
const CARD_FILL: &str = "#f7f8fa";

impl Card {
    /// A card whose bar is `accent`.
    pub fn new(accent: &'static str) -> Self {
        Self {
            accent,
            rows: vec![(7.0, Vec::new())],
        }
    }

    /// A row drawn by the caller: `ink` relative to the row's top left, `h` tall.
    pub fn raw(&mut self, h: f32, ink: Vec<Ink>) {
        self.rows.push((h, ink));
    }

    /// Text across the card.
    pub fn line(&mut self, s: &str, style: Style) {
        for l in text::wrap(s, style, BODY_W - CARD_X - 8.0) {
            let (ink, h) = text::lines_ink(&[l], style, CARD_X, 0.0);
            self.rows.push((h, ink));
        }
    }

    /// A labelled field: each paragraph of `values` wrapped beside the label.
    pub fn field(&mut self, label: &str, values: &[(String, Style)]) {
        let width = BODY_W - CARD_X - LABEL_W - 8.0;
        let mut first = true;
        self.rows.push((3.0, Vec::new()));
        for (v, style) in values {
            for l in text::wrap(v, *style, width) {
                let (mut ink, h) = text::lines_ink(&[l], *style, CARD_X + LABEL_W, 0.0);
                if first {
                    ink.push(Ink::Text {
                        x: CARD_X,
                        y: style.ascent(),
                        text: label.to_owned(),
                        style: LABEL,
                    });
                    first = false;
                }
                self.rows.push((h.max(LABEL.line_height()), ink));
            }
        }
    }

    /// The card as chunks, with space after it.
    pub fn chunks(mut self) -> Vec<Chunk> {
        self.rows.push((7.0, Vec::new()));
        let accent = self.accent;
        let frame = move |h: f32| {
            vec![
                Ink::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: BODY_W,
                    h,
                    fill: CARD_FILL,
                    r: 3.0,
                },
                Ink::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 3.5,
                    h,
                    fill: accent,
                    r: 1.5,
                },
            ]
        };
        let mut chunks = group_rows(self.rows, frame, 0.0);
        // The space after the card is not part of the panel.
        if let Some(last) = chunks.last_mut() {
            last.h += 8.0;
        }
        chunks
    }
}

/// Plain paragraphs for a card field.
pub fn plain(items: impl IntoIterator<Item = String>) -> Vec<(String, Style)> {
    items.into_iter().map(|s| (s, BODY)).collect()
}

/// Small print for a card field.
pub fn small(items: impl IntoIterator<Item = String>) -> Vec<(String, Style)> {
    items.into_iter().map(|s| (s, SMALL.colored(palette::TEXT))).collect()
}

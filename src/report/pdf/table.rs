//! Tables for PDF pages: columns with relative widths, cells of stacked paragraphs, a header
//! repeated on every page the table continues on, and rows that never split unless a single
//! row is taller than a page. Group rows (a band across every column) stay with the row after.

use super::flow::{BODY_W, Chunk, group_rows};
use super::ink::{Ink, Style};
use super::text::{self, SMALL};
use crate::report::palette;
use std::sync::Arc;

/// Rules between rows.
pub const RULE: &str = "#dfe3e8";
/// The band behind group rows and headers.
pub const BAND: &str = "#f3f5f8";

const PAD_X: f32 = 5.0;
const PAD_Y: f32 = 4.0;

/// A column: its title, its share of the width, and whether its numbers align right.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// Header text.
    pub title: &'static str,
    /// Share of the table width (shares are normalised).
    pub share: f32,
    /// Right-aligned (counts).
    pub right: bool,
}

impl Col {
    /// A left-aligned column.
    pub const fn new(title: &'static str, share: f32) -> Self {
        Self {
            title,
            share,
            right: false,
        }
    }

    /// A right-aligned column of numbers.
    pub const fn num(title: &'static str, share: f32) -> Self {
        Self {
            title,
            share,
            right: true,
        }
    }
}

/// A cell: paragraphs stacked top to bottom, each in its own style.
#[derive(Debug, Clone, Default)]
pub struct Cell(pub Vec<(String, Style)>);

impl Cell {
    /// One paragraph.
    pub fn text(s: impl Into<String>, style: Style) -> Self {
        Self(vec![(s.into(), style)])
    }

    /// Adds a paragraph below.
    pub fn then(mut self, s: impl Into<String>, style: Style) -> Self {
        let s = s.into();
        if !s.is_empty() {
            self.0.push((s, style));
        }
        self
    }
}

/// A table being built.
#[derive(Debug, Clone)]
pub struct Table {
    cols: Vec<Col>,
    rows: Vec<Row>,
}

#[derive(Debug, Clone)]
enum Row {
    Cells(Vec<Cell>),
    Group(Cell),
}

impl Table {
    /// A table with these columns.
    pub fn new(cols: &[Col]) -> Self {
        Self {
            cols: cols.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are empty).
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row::Cells(cells));
    }

    /// Adds a band across every column that introduces the rows after it.
    pub fn group(&mut self, cell: Cell) {
        self.rows.push(Row::Group(cell));
    }

    /// How many rows were added.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn widths(&self) -> Vec<f32> {
        let total: f32 = self.cols.iter().map(|c| c.share).sum::<f32>().max(f32::EPSILON);
        self.cols.iter().map(|c| c.share / total * BODY_W).collect()
    }

    /// The table as chunks, with `gap_after` points after its last row.
    pub fn chunks(self, gap_after: f32) -> Vec<Chunk> {
        let widths = self.widths();
        let header = Arc::new(self.header(&widths));
        let mut out: Vec<Chunk> = Vec::new();
        let last = self.rows.len().saturating_sub(1);
        for (i, row) in self.rows.into_iter().enumerate() {
            let (lines, band) = match row {
                Row::Cells(cells) => (cell_lines(&self.cols, &widths, &cells), false),
                Row::Group(cell) => (cell_lines(&[Col::new("", 1.0)], &[BODY_W], &[cell]), true),
            };
            let gap = if i == last { gap_after } else { 0.0 };
            let frame = move |h: f32| {
                let mut ink = Vec::new();
                if band {
                    ink.push(Ink::Rect {
                        x: 0.0,
                        y: 0.0,
                        w: BODY_W,
                        h,
                        fill: BAND,
                        r: 0.0,
                    });
                }
                ink.push(Ink::Line {
                    x1: 0.0,
                    y1: h,
                    x2: BODY_W,
                    y2: h,
                    color: RULE,
                    width: 0.6,
                });
                ink
            };
            for mut c in group_rows(lines, frame, gap) {
                c.header = Some(header.clone());
                c.keep_with_next = band;
                out.push(c);
            }
        }
        // The table's own first chunk carries the header; later chunks bring it back only
        // when they start a page.
        if let Some(first) = out.first_mut() {
            first.header = None;
            let mut ink = header.ink.clone();
            ink.extend(
                std::mem::take(&mut first.ink)
                    .into_iter()
                    .map(|i| i.shifted(0.0, header.h)),
            );
            first.ink = ink;
            first.h += header.h;
        }
        out
    }

    fn header(&self, widths: &[f32]) -> Chunk {
        let style = SMALL.bold();
        let h = style.line_height() + 2.0 * PAD_Y;
        let mut ink = Vec::new();
        let mut x = 0.0;
        for (col, w) in self.cols.iter().zip(widths) {
            let tx = if col.right {
                x + w - PAD_X - text::width(col.title, style)
            } else {
                x + PAD_X
            };
            ink.push(Ink::Text {
                x: tx,
                y: PAD_Y + style.ascent(),
                text: col.title.to_owned(),
                style,
            });
            x += w;
        }
        ink.push(Ink::Line {
            x1: 0.0,
            y1: h,
            x2: BODY_W,
            y2: h,
            color: palette::TEXT_WEAK,
            width: 0.8,
        });
        Chunk::new(h, ink)
    }
}

/// The cells of one row as lines of (height, ink) across every column, so a row taller than a
/// page can be split between lines.
fn cell_lines(cols: &[Col], widths: &[f32], cells: &[Cell]) -> Vec<(f32, Vec<Ink>)> {
    // Each column's lines, top to bottom, with their own heights.
    let mut columns: Vec<Vec<(f32, Ink)>> = Vec::new();
    let mut x = 0.0;
    for (i, (col, w)) in cols.iter().zip(widths).enumerate() {
        let inner = (w - 2.0 * PAD_X).max(10.0);
        let mut lines = Vec::new();
        if let Some(cell) = cells.get(i) {
            for (para, style) in &cell.0 {
                for l in text::wrap(para, *style, inner) {
                    let tx = if col.right {
                        x + w - PAD_X - text::width(&l, *style)
                    } else {
                        x + PAD_X
                    };
                    lines.push((
                        style.line_height(),
                        Ink::Text {
                            x: tx,
                            y: style.ascent(),
                            text: l,
                            style: *style,
                        },
                    ));
                }
            }
        }
        columns.push(lines);
        x += w;
    }
    // Rows of the grid: line k of every column side by side, as tall as the tallest.
    let depth = columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut rows = Vec::with_capacity(depth);
    for k in 0..depth {
        let h = columns
            .iter()
            .filter_map(|c| c.get(k).map(|(h, _)| *h))
            .fold(0.0, f32::max)
            .max(SMALL.line_height());
        let top = if k == 0 { PAD_Y } else { 0.0 };
        let bottom = if k + 1 == depth { PAD_Y } else { 0.0 };
        let ink: Vec<Ink> = columns
            .iter()
            .filter_map(|c| c.get(k))
            .map(|(_, i)| i.clone().shifted(0.0, top))
            .collect();
        rows.push((top + h + bottom, ink));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::super::text::BODY;
    use super::*;

    #[test]
    fn every_cell_is_drawn_and_the_header_is_attached() {
        let mut t = Table::new(&[Col::new("Name", 2.0), Col::num("Open", 1.0)]);
        t.group(Cell::text("Group", BODY));
        t.row(vec![Cell::text("Vector store", BODY), Cell::text("3", BODY)]);
        let chunks = t.chunks(10.0);
        assert_eq!(chunks.len(), 2);
        assert!(chunks[0].keep_with_next, "a group row stays with its first row");
        assert!(chunks[0].header.is_none() && chunks[1].header.is_some());
        let texts: Vec<String> = chunks
            .iter()
            .flat_map(|c| &c.ink)
            .filter_map(|i| match i {
                Ink::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["Name", "Open", "Group", "Vector store", "3"]);
    }
}

//! Pagination: the report is a sequence of chunks that must not be cut (a table row, a finding,
//! a heading with what follows it), placed top to bottom onto A4 pages. A table's header comes
//! back at the top of each page it continues on; a chunk can ask for a page of its own (the
//! diagram, on a page turned to suit its shape).

use super::ink::Ink;
use std::sync::Arc;

/// A4 portrait, in points.
pub const PAGE_W: f32 = 595.28;
/// A4 portrait, in points.
pub const PAGE_H: f32 = 841.89;
/// Left and right margin.
pub const MARGIN_X: f32 = 50.0;
/// Top margin (the running header sits in it).
pub const MARGIN_TOP: f32 = 62.0;
/// Bottom margin (the footer sits in it).
pub const MARGIN_BOTTOM: f32 = 58.0;
/// The width text and tables are laid out to.
pub const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// The height a portrait page offers.
pub const BODY_H: f32 = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;

/// Something placed whole: its height, and its ink relative to its own top left.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    /// Height, including the space after it.
    pub h: f32,
    /// What it draws.
    pub ink: Vec<Ink>,
    /// Stay on the page of the chunk that follows (headings).
    pub keep_with_next: bool,
    /// Drawn first when this chunk starts a page it did not start the table on.
    pub header: Option<Arc<Chunk>>,
    /// Start a new page first.
    pub break_before: bool,
    /// This chunk alone on a page of this size (width, height).
    pub own_page: Option<(f32, f32)>,
    /// An entry for the PDF outline and the contents: title and level (1 or 2).
    pub anchor: Option<(String, u8)>,
}

impl Chunk {
    /// A chunk of `h` points drawing `ink`.
    pub fn new(h: f32, ink: Vec<Ink>) -> Self {
        Self {
            h,
            ink,
            ..Self::default()
        }
    }
}

/// A laid-out page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Width in points.
    pub w: f32,
    /// Height in points.
    pub h: f32,
    /// What it draws.
    pub ink: Vec<Ink>,
}

/// Where an outline entry landed.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// Its title.
    pub title: String,
    /// 1 for a section, 2 for a part of one.
    pub level: u8,
    /// The page, counted from 0 in the pages paginated.
    pub page: usize,
    /// Its top, in points from the top of the page.
    pub y: f32,
}

/// Places `chunks` onto pages.
pub fn paginate(chunks: Vec<Chunk>) -> (Vec<Page>, Vec<Anchor>) {
    let mut p = Paginator::default();
    let mut chunks = chunks.into_iter().peekable();
    while let Some(chunk) = chunks.next() {
        if let Some((w, h)) = chunk.own_page {
            p.alone(chunk, w, h);
            continue;
        }
        // A heading goes with the first chunk after it (and that one's own followers).
        let mut need = chunk.h;
        if chunk.keep_with_next {
            need += chunks.peek().map_or(0.0, |n| n.h.min(BODY_H / 3.0));
        }
        p.place(chunk, need);
    }
    (p.pages, p.anchors)
}

#[derive(Default)]
struct Paginator {
    pages: Vec<Page>,
    anchors: Vec<Anchor>,
    /// The cursor on the current page, from the top of the body; `None` before the first page
    /// and after a page of its own.
    y: Option<f32>,
}

impl Paginator {
    fn new_page(&mut self) {
        self.pages.push(Page {
            w: PAGE_W,
            h: PAGE_H,
            ink: Vec::new(),
        });
        self.y = Some(0.0);
    }

    fn place(&mut self, chunk: Chunk, need: f32) {
        let fresh = match self.y {
            None => true,
            Some(y) => y > 0.0 && (chunk.break_before || y + need.min(BODY_H) > BODY_H),
        };
        if fresh {
            self.new_page();
            if let Some(header) = &chunk.header {
                self.draw(header.ink.clone(), header.h);
            }
        }
        if let Some((title, level)) = &chunk.anchor {
            let page = self.pages.len().saturating_sub(1);
            self.anchors.push(Anchor {
                title: title.clone(),
                level: *level,
                page,
                y: MARGIN_TOP + self.y.unwrap_or(0.0),
            });
        }
        self.draw(chunk.ink, chunk.h);
    }

    fn draw(&mut self, ink: Vec<Ink>, h: f32) {
        let y = self.y.unwrap_or(0.0);
        if let Some(page) = self.pages.last_mut() {
            page.ink
                .extend(ink.into_iter().map(|i| i.shifted(MARGIN_X, MARGIN_TOP + y)));
        }
        self.y = Some(y + h);
    }

    fn alone(&mut self, chunk: Chunk, w: f32, h: f32) {
        if let Some((title, level)) = &chunk.anchor {
            self.anchors.push(Anchor {
                title: title.clone(),
                level: *level,
                page: self.pages.len(),
                y: MARGIN_TOP,
            });
        }
        self.pages.push(Page {
            w,
            h,
            ink: chunk.ink.into_iter().map(|i| i.shifted(MARGIN_X, MARGIN_TOP)).collect(),
        });
        self.y = None;
    }
}

/// Rows of (height, ink) grouped into chunks no taller than a page, each group drawn over
/// `frame` (a background sized to the group), so something taller than a page is split
/// between rows rather than cut through one.
pub fn group_rows(rows: Vec<(f32, Vec<Ink>)>, frame: impl Fn(f32) -> Vec<Ink>, gap_after: f32) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut current: Vec<(f32, Vec<Ink>)> = Vec::new();
    let mut height = 0.0;
    let limit = BODY_H - gap_after - 4.0;
    for (h, ink) in rows {
        if height + h > limit && !current.is_empty() {
            chunks.push(framed(std::mem::take(&mut current), &frame));
            height = 0.0;
        }
        height += h;
        current.push((h, ink));
    }
    if !current.is_empty() {
        chunks.push(framed(current, &frame));
    }
    if let Some(last) = chunks.last_mut() {
        last.h += gap_after;
    }
    chunks
}

fn framed(rows: Vec<(f32, Vec<Ink>)>, frame: &impl Fn(f32) -> Vec<Ink>) -> Chunk {
    let total: f32 = rows.iter().map(|(h, _)| h).sum();
    let mut ink = frame(total);
    let mut y = 0.0;
    for (h, row) in rows {
        ink.extend(row.into_iter().map(|i| i.shifted(0.0, y)));
        y += h;
    }
    Chunk::new(total, ink)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f32) -> Ink {
        Ink::Line {
            x1: 0.0,
            y1: y,
            x2: 1.0,
            y2: y,
            color: "#000",
            width: 1.0,
        }
    }

    fn block(h: f32) -> Chunk {
        Chunk::new(h, vec![line(0.0), line(h)])
    }

    #[test]
    fn no_chunk_crosses_the_bottom_of_a_page() {
        let chunks: Vec<Chunk> = (0..40).map(|i| block(30.0 + (i % 7) as f32 * 25.0)).collect();
        let (pages, _) = paginate(chunks);
        assert!(pages.len() > 3);
        for p in &pages {
            for i in &p.ink {
                if let Ink::Line { y1, .. } = i {
                    assert!(*y1 >= MARGIN_TOP - 0.01 && *y1 <= PAGE_H - MARGIN_BOTTOM + 0.01, "{y1}");
                }
            }
        }
    }

    #[test]
    fn a_heading_moves_to_the_next_page_with_what_follows() {
        let mut chunks = vec![block(BODY_H - 40.0)];
        let mut heading = block(30.0);
        heading.keep_with_next = true;
        heading.anchor = Some(("Section".into(), 1));
        chunks.push(heading);
        chunks.push(block(100.0));
        let (pages, anchors) = paginate(chunks);
        assert_eq!(pages.len(), 2);
        assert_eq!(anchors[0].page, 1, "the heading is not left alone at the bottom");
    }

    #[test]
    fn a_continued_table_repeats_its_header() {
        let header = Arc::new(block(20.0));
        let rows: Vec<Chunk> = (0..30)
            .map(|_| Chunk {
                header: Some(header.clone()),
                ..block(50.0)
            })
            .collect();
        let (pages, _) = paginate(rows);
        assert!(pages.len() >= 2);
        // The second page starts with the header's top rule at the top of the body.
        assert!(matches!(pages[1].ink.first(), Some(Ink::Line { y1, .. }) if (*y1 - MARGIN_TOP).abs() < 0.01));
    }

    #[test]
    fn rows_taller_than_a_page_are_split_between_rows() {
        let rows: Vec<(f32, Vec<Ink>)> = (0..100).map(|_| (20.0, vec![line(0.0)])).collect();
        let chunks = group_rows(rows, |_| Vec::new(), 10.0);
        assert!(chunks.len() >= 3);
        assert!(chunks.iter().all(|c| c.h <= BODY_H));
        assert_eq!(chunks.iter().map(|c| c.ink.len()).sum::<usize>(), 100);
    }
}

//! The PDF report: the HTML report's content laid out on A4 pages — sections and tables that
//! never cut a row or a finding across pages, table headers repeated, the diagram as vector
//! graphics scaled onto a page of its own, a cover with contents, running headers and page
//! numbers, and an outline for the viewer's sidebar.
//!
//! Each page is drawn straight into the PDF by krilla: text as real, selectable text in the
//! embedded (subset) fonts, shapes as vectors, and the drawings (diagram, chart) through
//! krilla-svg. Why not typst: it
//! would typeset better, but it triples the clean build, adds ~20 MB to the binary and its
//! library API is not stable; a report is headings, paragraphs, tables and cards, which this
//! small layout does well (see `../shared/reference/stack.md`, section 7).

mod blocks;
mod cover;
mod draw;
mod flow;
mod handout;
mod ink;
mod sections;
mod table;
mod text;

use super::content::{Content, ReportInput, ReportOptions};
use super::error::ExportError;
use crate::report::palette;
use flow::{Anchor, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, Page};
use ink::{Ink, Style};
use krilla::destination::XyzDestination;
use krilla::geom::{Point, Size};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;

/// The report as PDF bytes.
pub fn pdf(input: &ReportInput<'_>, opts: ReportOptions) -> Result<Vec<u8>, ExportError> {
    let (pages, anchors) = layout(input, opts);
    write(&pages, &anchors, input.model.name.as_str())
}

/// The text of every page in drawing order, one line per text run, for golden tests: a change
/// in pagination shows as a readable diff where the PDF bytes would not.
pub fn layout_text(input: &ReportInput<'_>, opts: ReportOptions) -> String {
    let (pages, anchors) = layout(input, opts);
    let mut s = String::new();
    for (i, p) in pages.iter().enumerate() {
        s.push_str(&format!("=== page {} ({} × {} pt)\n", i + 1, p.w.round(), p.h.round()));
        for ink in &p.ink {
            match ink {
                Ink::Text { text, .. } => {
                    s.push_str(text);
                    s.push('\n');
                }
                Ink::Svg { scale, .. } => s.push_str(&format!("[drawing at {:.2}×]\n", scale)),
                _ => {}
            }
        }
    }
    s.push_str("=== outline\n");
    for a in &anchors {
        s.push_str(&format!(
            "{}{} … {}\n",
            "  ".repeat(usize::from(a.level)),
            a.title,
            a.page + 1
        ));
    }
    s
}

/// The pages, laid out and numbered, with the outline entries.
fn layout(input: &ReportInput<'_>, opts: ReportOptions) -> (Vec<Page>, Vec<Anchor>) {
    let c = Content::new(input, opts);
    let mut chunks = vec![cover::diagram(&c)];
    chunks.extend(sections::body(&c));
    let (body, mut anchors) = flow::paginate(chunks);
    // The cover comes first, so every body page moves one on.
    for a in &mut anchors {
        a.page += 1;
    }
    let mut pages = Vec::with_capacity(body.len() + 1);
    pages.push(cover::cover(&c, &anchors));
    pages.extend(body);
    let total = pages.len();
    let label = format!("Threat model report · {}", c.opts.date);
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        furniture(page, i + 1, total, &c.model.name, &label);
    }
    (pages, anchors)
}

/// A session handout as PDF bytes: its pages without a cover, the same furniture as reports.
pub fn handout(h: &super::handout::Handout, opts: ReportOptions) -> Result<Vec<u8>, ExportError> {
    let (mut pages, anchors) = flow::paginate(handout::chunks(h));
    let total = pages.len();
    let label = format!("Session handout · {}", opts.date);
    for (i, page) in pages.iter_mut().enumerate() {
        furniture(page, i + 1, total, &h.model, &label);
    }
    write(&pages, &anchors, &format!("Session handout: {}", h.model))
}

/// The handout's pages as text, for golden tests.
#[doc(hidden)]
pub fn handout_text(h: &super::handout::Handout) -> String {
    let (pages, _) = flow::paginate(handout::chunks(h));
    let mut s = String::new();
    for (i, p) in pages.iter().enumerate() {
        s.push_str(&format!("=== page {}\n", i + 1));
        for ink in &p.ink {
            if let Ink::Text { text, .. } = ink {
                s.push_str(text);
                s.push('\n');
            }
        }
    }
    s
}

/// The running header and the footer with the page number.
fn furniture(page: &mut Page, number: usize, total: usize, name: &str, label: &str) {
    let style = Style::new(7.5, palette::TEXT_WEAK);
    let right_edge = page.w - MARGIN_X;
    let head_y = MARGIN_TOP - 26.0;
    let label_w = text::width(label, style);
    page.ink.push(Ink::Text {
        x: MARGIN_X,
        y: head_y,
        text: text::truncate(name, style.bold(), right_edge - MARGIN_X - label_w - 20.0),
        style: style.bold(),
    });
    page.ink.push(Ink::Text {
        x: right_edge - label_w,
        y: head_y,
        text: label.to_owned(),
        style,
    });
    page.ink.push(Ink::Line {
        x1: MARGIN_X,
        y1: head_y + 6.0,
        x2: right_edge,
        y2: head_y + 6.0,
        color: table::RULE,
        width: 0.6,
    });
    let foot_y = page.h - MARGIN_BOTTOM + 30.0;
    let n = format!("Page {number} of {total}");
    page.ink.push(Ink::Text {
        x: right_edge - text::width(&n, style),
        y: foot_y,
        text: n,
        style,
    });
    page.ink.push(Ink::Text {
        x: MARGIN_X,
        y: foot_y,
        text: format!(
            "Bulwark {} · offline threat modeling for AI/ML systems",
            env!("CARGO_PKG_VERSION")
        ),
        style,
    });
}

fn write(pages: &[Page], anchors: &[Anchor], title: &str) -> Result<Vec<u8>, ExportError> {
    let painter = draw::Painter::new()?;
    let mut doc = krilla::Document::new();
    // No creation date: the same model gives the same bytes (the date is printed on the pages).
    doc.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creator(format!("Bulwark {}", env!("CARGO_PKG_VERSION"))),
    );
    for p in pages {
        let size = Size::from_wh(p.w, p.h).ok_or_else(|| ExportError::Pdf("page size".into()))?;
        let mut page = doc.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        painter.page(&mut surface, &p.ink)?;
        surface.finish();
        page.finish();
    }
    doc.set_outline(outline(anchors, pages.len()));
    doc.finish().map_err(|e| ExportError::Pdf(e.to_string()))
}

/// Sections at the top level of the outline, their parts under them.
fn outline(anchors: &[Anchor], pages: usize) -> Outline {
    let mut outline = Outline::new();
    let mut section: Option<OutlineNode> = None;
    for a in anchors.iter().filter(|a| a.page < pages) {
        let node = OutlineNode::new(a.title.clone(), XyzDestination::new(a.page, Point::from_xy(0.0, a.y)));
        if a.level <= 1 {
            if let Some(s) = section.take() {
                outline.push_child(s);
            }
            section = Some(node);
        } else if let Some(s) = section.as_mut() {
            s.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(s) = section {
        outline.push_child(s);
    }
    outline
}

#[cfg(test)]
mod tests;

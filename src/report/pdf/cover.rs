//! The two pages drawn whole rather than flowed: the cover (title, counts and contents with
//! page numbers) and the diagram, scaled to fit one page turned to suit its shape, with a key.

use super::blocks::section;
use super::flow::{Anchor, Chunk, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, PAGE_W, Page};
use super::ink::{Ink, Style};
use super::text::{self, BODY, SMALL};
use crate::catalog::Severity;
use crate::engine::Status;
use crate::model::BoundaryKind;
use crate::report::chart::capitalised;
use crate::report::content::Content;
use crate::report::{palette, svg};
use std::collections::BTreeSet;

const BAND_H: f32 = 230.0;
/// Text on the dark band.
const ON_BAND: &str = "#ffffff";
const ON_BAND_WEAK: &str = "#c3c9d3";

/// The cover page. `anchors` are the body's sections with their page numbers (counted from 1,
/// the cover included).
pub fn cover(c: &Content<'_>, anchors: &[Anchor]) -> Page {
    let m = c.model;
    let w = PAGE_W - 2.0 * MARGIN_X;
    let mut ink = vec![Ink::Rect {
        x: 0.0,
        y: 0.0,
        w: PAGE_W,
        h: BAND_H,
        fill: palette::TEXT,
        r: 0.0,
    }];
    let eyebrow = Style::new(9.0, ON_BAND_WEAK).bold();
    ink.push(Ink::Text {
        x: MARGIN_X,
        y: 78.0,
        text: "THREAT MODEL REPORT".to_owned(),
        style: eyebrow,
    });
    let title = Style::new(26.0, ON_BAND).bold();
    let mut lines = text::wrap(&m.name, title, w);
    if lines.len() > 3 {
        let rest = lines[2..].join(" ");
        lines.truncate(2);
        lines.push(text::truncate(&rest, title, w));
    }
    let (t, h) = text::lines_ink(&lines, title, MARGIN_X, 88.0);
    ink.extend(t);
    let meta = format!("{} · Bulwark {}", c.counts_line(), env!("CARGO_PKG_VERSION"));
    ink.push(Ink::Text {
        x: MARGIN_X,
        y: (88.0 + h + 16.0).min(BAND_H - 18.0),
        text: text::truncate(&meta, Style::new(9.5, ON_BAND_WEAK), w),
        style: Style::new(9.5, ON_BAND_WEAK),
    });

    // Counts, one card each.
    let mitigated = c.count_status(Status::Mitigated);
    let triaged = c.triaged();
    let mut cards: Vec<(String, usize, &'static str)> = vec![("open".into(), c.summary.open, palette::TEXT)];
    for sev in Severity::WORST_FIRST {
        cards.push((sev.id().to_owned(), c.summary.open_of(sev), palette::severity(sev)));
    }
    cards.push(("mitigated".into(), mitigated, palette::MITIGATED));
    cards.push(("triaged".into(), triaged, palette::TRIAGED));
    let gap = 8.0;
    let card_w = (w - gap * (cards.len() as f32 - 1.0)) / cards.len() as f32;
    let top = BAND_H + 28.0;
    for (i, (label, n, color)) in cards.iter().enumerate() {
        let x = MARGIN_X + i as f32 * (card_w + gap);
        ink.push(Ink::Rect {
            x,
            y: top,
            w: card_w,
            h: 54.0,
            fill: "#f3f5f8",
            r: 4.0,
        });
        ink.push(Ink::Rect {
            x,
            y: top,
            w: card_w,
            h: 3.0,
            fill: color,
            r: 1.5,
        });
        ink.push(Ink::Text {
            x: x + 8.0,
            y: top + 30.0,
            text: n.to_string(),
            style: Style::new(20.0, color).bold(),
        });
        ink.push(Ink::Text {
            x: x + 8.0,
            y: top + 45.0,
            text: label.clone(),
            style: SMALL,
        });
    }

    // The description, as much as fits; all of it opens the executive summary.
    let mut y = top + 54.0 + 26.0;
    if !m.description.is_empty() {
        let mut lines = text::wrap(&m.description, BODY, w);
        if lines.len() > 8 {
            let rest = lines[7..].join(" ");
            lines.truncate(7);
            lines.push(text::truncate(&rest, BODY, w));
        }
        let (t, h) = text::lines_ink(&lines, BODY, MARGIN_X, y);
        ink.extend(t);
        y += h + 22.0;
    }

    // Contents, with page numbers.
    ink.push(Ink::Text {
        x: MARGIN_X,
        y: y + 12.0,
        text: "Contents".to_owned(),
        style: Style::new(12.0, palette::TEXT).bold(),
    });
    y += 22.0;
    for a in anchors.iter().filter(|a| a.level == 1) {
        if y > PAGE_H - MARGIN_BOTTOM - 14.0 {
            break;
        }
        let number = (a.page + 1).to_string();
        ink.push(Ink::Text {
            x: MARGIN_X,
            y: y + 12.0,
            text: a.title.clone(),
            style: BODY,
        });
        ink.push(Ink::Text {
            x: PAGE_W - MARGIN_X - text::width(&number, BODY),
            y: y + 12.0,
            text: number,
            style: BODY,
        });
        ink.push(Ink::Line {
            x1: MARGIN_X,
            y1: y + 17.0,
            x2: PAGE_W - MARGIN_X,
            y2: y + 17.0,
            color: "#dfe3e8",
            width: 0.5,
        });
        y += 19.0;
    }
    Page {
        w: PAGE_W,
        h: PAGE_H,
        ink,
    }
}

/// The diagram on a page of its own, portrait or landscape, whichever shows it larger.
pub fn diagram(c: &Content<'_>) -> Chunk {
    let (drawing, dw, dh) = svg::svg_sized(c.model, c.cat, Some(c.eval));
    let title = section("Diagram", false);
    let title_h = title.h;
    let fit = |page_w: f32, page_h: f32| {
        let body_w = page_w - 2.0 * MARGIN_X;
        let (key, key_h) = legend(c, body_w);
        let room_h = page_h - MARGIN_TOP - MARGIN_BOTTOM - title_h - key_h - 10.0;
        let scale = (body_w / dw.max(1.0)).min(room_h / dh.max(1.0)).min(1.5);
        (scale, key, key_h)
    };
    let portrait = fit(PAGE_W, PAGE_H);
    let landscape = fit(PAGE_H, PAGE_W);
    let (size, (scale, key, _)) = if landscape.0 > portrait.0 * 1.05 {
        ((PAGE_H, PAGE_W), landscape)
    } else {
        ((PAGE_W, PAGE_H), portrait)
    };
    let mut ink = title.ink;
    ink.push(Ink::Svg {
        x: 0.0,
        y: title_h,
        scale,
        svg: drawing,
    });
    let key_top = title_h + dh * scale + 10.0;
    ink.extend(key.into_iter().map(|i| i.shifted(0.0, key_top)));
    Chunk {
        own_page: Some(size),
        anchor: title.anchor,
        ..Chunk::new(0.0, ink)
    }
}

/// The key under the diagram: categories in use, boundary kinds, flow styles, badge colours.
fn legend(c: &Content<'_>, width: f32) -> (Vec<Ink>, f32) {
    let used: BTreeSet<&str> = c
        .model
        .elements
        .values()
        .filter_map(|el| c.cat.kind(&el.kind).map(|k| k.category.as_str()))
        .collect();
    let mut items: Vec<(String, &'static str, bool)> = c
        .cat
        .categories
        .iter()
        .filter(|x| used.contains(x.id.as_str()))
        .map(|x| (x.name.clone(), palette::category(&x.id), false))
        .collect();
    let kinds: BTreeSet<BoundaryKind> = c.model.boundaries.values().map(|b| b.kind).collect();
    items.extend(
        kinds
            .into_iter()
            .map(|k| (k.label().to_owned(), palette::boundary(k), true)),
    );
    items.push(("flow".into(), palette::FLOW, true));
    items.push(("crosses a boundary".into(), palette::FLOW_CROSSING, true));
    for sev in Severity::WORST_FIRST {
        items.push((
            format!("{} open findings", capitalised(sev.id())),
            palette::severity(sev),
            false,
        ));
    }
    let style = SMALL;
    let mut ink = Vec::new();
    let (mut x, mut y) = (0.0, 0.0);
    for (label, color, line) in items {
        let w = 14.0 + text::width(&label, style) + 14.0;
        if x > 0.0 && x + w > width {
            x = 0.0;
            y += 14.0;
        }
        ink.push(if line {
            Ink::Line {
                x1: x,
                y1: y + 6.0,
                x2: x + 10.0,
                y2: y + 6.0,
                color,
                width: 2.0,
            }
        } else {
            Ink::Rect {
                x,
                y: y + 1.5,
                w: 9.0,
                h: 9.0,
                fill: color,
                r: 2.0,
            }
        });
        ink.push(Ink::Text {
            x: x + 14.0,
            y: y + 9.5,
            text: label,
            style,
        });
        x += w;
    }
    (ink, y + 16.0)
}

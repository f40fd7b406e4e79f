//! The diagram as SVG, drawn from the model and its layout like the canvas draws it: trust
//! boundaries as dashed, tinted rounded rectangles with their name and kind; components as
//! rounded boxes with the kind's glyph on a tile in the category colour, the name and the kind;
//! flows as arrows with their labels; and a badge with each component's open findings in the
//! colour of the worst. The view box is fitted to the content.

use super::badge::{Badge, badges};
use super::escape::xml;
use super::svg_num::num;
use super::{glyphs, palette, svg_flows, text_fit};
use crate::catalog::Catalog;
use crate::engine::Evaluation;
use crate::layout::{NODE_H, NODE_W, Placement, union};
use crate::model::{Element, Model, Rect};

/// The font stack: Helvetica's metrics drive the text fitting (see `text_fit`).
const FONT: &str = "Helvetica, Arial, Liberation Sans, DejaVu Sans, sans-serif";
/// Component name size and line height.
const NAME_PX: f32 = 14.0;
const NAME_LINE: f32 = 16.5;
/// Component kind size and line height.
const KIND_PX: f32 = 11.0;
const KIND_LINE: f32 = 13.5;
/// The icon tile's side.
const TILE: f32 = 40.0;
/// Space around the content inside the view box.
const MARGIN: f32 = 20.0;

/// A standalone SVG file of the diagram (with the SVG namespace and an XML declaration).
/// `eval` adds finding badges.
pub fn svg(model: &Model, cat: &Catalog, eval: Option<&Evaluation>) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&document(model, cat, eval, true).0);
    s.push('\n');
    s
}

/// The diagram for inlining in an HTML page: no namespace declaration (HTML5 does not need
/// one, and the report carries no URL at all).
pub fn svg_inline(model: &Model, cat: &Catalog, eval: Option<&Evaluation>) -> String {
    document(model, cat, eval, false).0
}

/// The inline diagram and its width and height, for a page that scales it to fit.
pub fn svg_sized(model: &Model, cat: &Catalog, eval: Option<&Evaluation>) -> (String, f32, f32) {
    document(model, cat, eval, false)
}

fn document(model: &Model, cat: &Catalog, eval: Option<&Evaluation>, standalone: bool) -> (String, f32, f32) {
    let placed = Placement::of(model);
    let geoms = crate::layout::flows::lines(model, &placed);
    let (flows, label_boxes) = svg_flows::svg(model, &placed, &geoms);
    let mut content: Vec<Rect> = label_boxes;
    content.extend(placed.bounds());
    let view = union(&content).unwrap_or(Rect::new(0.0, 0.0, 400.0, 200.0));
    let view = Rect::new(
        view.x - MARGIN,
        view.y - MARGIN,
        view.w + 2.0 * MARGIN,
        view.h + 2.0 * MARGIN,
    );
    let ns = if standalone {
        r#" xmlns="http://www.w3.org/2000/svg""#
    } else {
        ""
    };
    let mut s = format!(
        r#"<svg{ns} class="diagram" viewBox="{} {} {} {}" width="{}" height="{}" role="img" font-family="{FONT}">"#,
        num(view.x),
        num(view.y),
        num(view.w),
        num(view.h),
        num(view.w),
        num(view.h)
    );
    // One drawn thing per line, so a change to the model is a readable diff of the export.
    s.push_str(&format!("\n<title>{} — data-flow diagram</title>\n", xml(&model.name)));
    s.push_str(&format!(
        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
        num(view.x),
        num(view.y),
        num(view.w),
        num(view.h),
        palette::NODE_FILL
    ));
    s.push('\n');
    s.push_str(&boundaries(model, &placed));
    s.push_str(&flows);
    let badges = badges(eval);
    s.push_str("<g class=\"nodes\">\n");
    for (id, el) in &model.elements {
        if let Some(r) = placed.node_rect(id) {
            s.push_str(&node(cat, el, r, badges.get(id)));
        }
    }
    s.push_str("</g></svg>");
    (s, view.w, view.h)
}

/// Boundaries, largest first so nested ones sit on top.
fn boundaries(model: &Model, placed: &Placement) -> String {
    let mut order: Vec<_> = placed.boundaries.iter().collect();
    order.sort_by(|(ia, a), (ib, b)| (b.w * b.h).total_cmp(&(a.w * a.h)).then_with(|| ia.cmp(ib)));
    let mut s = String::from("<g class=\"boundaries\">\n");
    for (id, r) in order {
        let Some(b) = model.boundaries.get(id) else { continue };
        let color = palette::boundary(b.kind);
        s.push_str(&format!(
            r#"<g><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{color}" fill-opacity="{}" stroke="{color}" stroke-width="1.6" stroke-dasharray="9 5"/>"#,
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            palette::BOUNDARY_FILL_OPACITY
        ));
        let kind = b.kind.label();
        let room = r.w - 16.0 - text_fit::width(kind, 11.0, false) - 12.0;
        let name = text_fit::truncate(&b.name, 12.5, true, room.max(24.0));
        s.push_str(&format!(
            r#"<text x="{}" y="{}" font-size="12.5" font-weight="600" fill="{color}">{}<tspan dx="10" font-size="11" font-weight="400" fill="{}">{}</tspan></text></g>"#,
            num(r.x + 8.0),
            num(r.y + 18.0),
            xml(&name),
            palette::TEXT_WEAK,
            xml(kind)
        ));
        s.push('\n');
    }
    s.push_str("</g>\n");
    s
}

/// One component box.
fn node(cat: &Catalog, el: &Element, r: Rect, badge: Option<&Badge>) -> String {
    let kind = cat.kind(&el.kind);
    let accent = kind.map_or(palette::TEXT_WEAK, |k| palette::category(&k.category));
    let kind_name = kind.map_or("unknown kind", |k| k.name.as_str());
    let icon = kind.map_or("unknown", |k| k.icon.as_str());
    let mut tip = format!("{} ({kind_name})", el.name);
    if let Some(b) = badge {
        tip.push_str(&format!(
            ": {} open finding{}, worst {}",
            b.open,
            if b.open == 1 { "" } else { "s" },
            b.worst.id()
        ));
    }
    let mut s = format!(
        r#"<g><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="9" fill="{}" stroke="{}"/>"#,
        xml(&tip),
        num(r.x),
        num(r.y),
        num(NODE_W),
        num(NODE_H),
        palette::NODE_FILL,
        palette::NODE_STROKE
    );
    let pad = (NODE_H - TILE) / 2.0;
    let (tx, ty) = (r.x + pad, r.y + pad);
    s.push_str(&format!(
        r#"<rect x="{}" y="{}" width="{TILE}" height="{TILE}" rx="6.3" fill="{accent}" fill-opacity="0.16"/>"#,
        num(tx),
        num(ty)
    ));
    let inset = TILE * 0.17;
    s.push_str(&glyphs::svg(icon, tx + inset, ty + inset, TILE - 2.0 * inset, accent));

    let text_x = tx + TILE + pad * 0.9;
    let text_w = r.x + NODE_W - pad - text_x;
    let name_rows = text_fit::fit(&el.name, NAME_PX, true, text_w, 2);
    let kind_row = text_fit::truncate(kind_name, KIND_PX, false, text_w);
    let block_h = name_rows.len() as f32 * NAME_LINE + KIND_LINE;
    let mut top = r.y + (NODE_H - block_h) / 2.0;
    for row in &name_rows {
        s.push_str(&format!(
            r#"<text x="{}" y="{}" font-size="{NAME_PX}" font-weight="600" fill="{}">{}</text>"#,
            num(text_x),
            num(top + 12.5),
            palette::TEXT,
            xml(row)
        ));
        top += NAME_LINE;
    }
    s.push_str(&format!(
        r#"<text x="{}" y="{}" font-size="{KIND_PX}" fill="{}">{}</text>"#,
        num(text_x),
        num(top + 10.5),
        palette::TEXT_WEAK,
        xml(&kind_row)
    ));
    if let Some(b) = badge {
        s.push_str(&badge_svg(r, b));
    }
    s.push_str("</g>\n");
    s
}

/// A pill on the box's top-right corner with the open count, in the worst severity's colour.
fn badge_svg(r: Rect, b: &Badge) -> String {
    let radius = 9.5;
    let (cx, cy) = (r.x + NODE_W - radius * 0.35, r.y + radius * 0.35);
    let text = if b.open > 99 {
        "99+".to_owned()
    } else {
        b.open.to_string()
    };
    let w = (radius * 2.0).max(text.len() as f32 * 7.0 + 6.0);
    format!(
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="{radius}" fill="{}" stroke="{}" stroke-width="1.5"/><text x="{}" y="{}" text-anchor="middle" font-size="11.5" font-weight="700" fill="#ffffff">{text}</text>"##,
        num(cx - w / 2.0),
        num(cy - radius),
        num(w),
        num(radius * 2.0),
        palette::severity(b.worst),
        palette::NODE_FILL,
        num(cx),
        num(cy + 4.0)
    )
}

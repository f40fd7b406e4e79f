//! Flows in the SVG diagram: arrows from box edge to box edge — through their waypoints when
//! the layout routed them, straight otherwise with parallel flows spread apart —,
//! boundary-crossing flows in their own colour (dashed unless known to be encrypted), labels in
//! pills on top of every line. Where the lines run comes from [`crate::layout::flows`], as on
//! the canvas.

use super::escape::xml;
use super::palette;
use super::svg_num::num;
use super::text_fit;
use crate::layout::Placement;
use crate::layout::flows::FlowLine;
use crate::model::{Model, Pos, Rect};

/// Label text size.
pub const LABEL_PX: f32 = 11.5;
/// Widest a label may be before it wraps.
const LABEL_MAX_W: f32 = 200.0;

/// Where along its line a label may sit, in order of preference: the middle first, then
/// further out, so labels of flows that meet at a component do not cover each other.
const LABEL_STOPS: [f32; 5] = [0.5, 0.38, 0.62, 0.27, 0.73];

/// The SVG of every flow line and arrowhead, then every label; and the labels' boxes (for the
/// view box).
pub fn svg(model: &Model, placed: &Placement, geoms: &[FlowLine]) -> (String, Vec<Rect>) {
    let nodes: Vec<Rect> = placed.elements.keys().filter_map(|id| placed.node_rect(id)).collect();
    let mut lines = String::from("<g class=\"flows\">\n");
    let mut labels = String::from("<g class=\"flow-labels\">\n");
    let mut boxes = Vec::new();
    for g in geoms {
        let Some(f) = model.flows.get(&g.id) else { continue };
        let crossing = model.crosses_boundary(f);
        let (width, color) = if crossing {
            (1.8, palette::FLOW_CROSSING)
        } else {
            (1.5, palette::FLOW)
        };
        let head = 9.0 + width;
        let mut points = xy(g);
        let last = points.len() - 1;
        let (a, b) = (points[0], points[last]);
        let dir = normalized((b.0 - points[last - 1].0, b.1 - points[last - 1].1));
        let back = normalized((a.0 - points[1].0, a.1 - points[1].1));
        points[last] = add(b, scale(dir, -head * 0.8));
        if !f.returns.is_empty() {
            points[0] = add(a, scale(back, -head * 0.8));
        }
        let dash = if crossing && !f.encrypted.is_yes() {
            r#" stroke-dasharray="7 4""#
        } else {
            ""
        };
        if points.len() == 2 {
            lines.push_str(&format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{color}" stroke-width="{width}"{dash}/>"#,
                num(points[0].0),
                num(points[0].1),
                num(points[1].0),
                num(points[1].1)
            ));
        } else {
            let coords: Vec<String> = points.iter().map(|p| format!("{},{}", num(p.0), num(p.1))).collect();
            lines.push_str(&format!(
                r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="{width}" stroke-linejoin="round"{dash}/>"#,
                coords.join(" ")
            ));
        }
        lines.push_str(&arrow_head(b, dir, head, color));
        if !f.returns.is_empty() {
            lines.push_str(&arrow_head(a, back, head, color));
        }
        lines.push('\n');
        if !f.label.is_empty() {
            let (s, r) = label(&f.label, g, color, &nodes, &boxes);
            labels.push_str(&s);
            labels.push('\n');
            boxes.push(r);
        }
    }
    lines.push_str("</g>\n");
    labels.push_str("</g>\n");
    lines.push_str(&labels);
    (lines, boxes)
}

/// A label pill on the flow's line, with the full text as its tooltip: at the first stop where
/// it covers no component and no earlier label, else the first where it covers no label, else
/// the middle.
fn label(text: &str, g: &FlowLine, color: &str, nodes: &[Rect], taken: &[Rect]) -> (String, Rect) {
    let rows = text_fit::fit(text, LABEL_PX, false, LABEL_MAX_W, 2);
    let line_h = LABEL_PX + 3.0;
    let w = rows
        .iter()
        .map(|r| text_fit::width(r, LABEL_PX, false))
        .fold(0.0_f32, f32::max)
        + 12.0;
    let h = rows.len() as f32 * line_h + 5.0;
    let boxed = |mid: (f32, f32)| (mid, Rect::new(mid.0 - w / 2.0, mid.1 - h / 2.0, w, h));
    let clear = |r: &Rect, of: &[Rect]| of.iter().all(|o| !intersects(*r, *o));
    let points = xy(g);
    let mut candidates: Vec<((f32, f32), Rect)> = Vec::new();
    if !g.bends.is_empty() {
        // A routed flow: where the layout anchored its label, its other spots, then along it.
        candidates.extend(
            crate::layout::layered::label_spots(&g.points())
                .into_iter()
                .map(|p| boxed((p.x, p.y))),
        );
    }
    candidates.extend(LABEL_STOPS.iter().map(|t| boxed(along(&points, *t))));
    if g.bends.is_empty() {
        // On the line first; beside it when two components sit too close for the label to
        // fit between them.
        let d = normalized((g.b.x - g.a.x, g.b.y - g.a.y));
        let normal = (-d.1, d.0);
        let beside = crate::layout::NODE_H / 2.0 + h / 2.0 + 4.0;
        let mid = along(&points, 0.5);
        candidates.push(boxed(add(mid, scale(normal, -beside))));
        candidates.push(boxed(add(mid, scale(normal, beside))));
    }
    let fallback = candidates[0];
    let (mid, r) = candidates
        .iter()
        .find(|(_, r)| clear(r, taken) && clear(r, nodes))
        .or_else(|| candidates.iter().find(|(_, r)| clear(r, taken)))
        .copied()
        .unwrap_or(fallback);
    let mut s = format!(
        r#"<g><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" fill-opacity="0.92" stroke="{color}" stroke-opacity="0.43"/>"#,
        xml(text),
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h),
        num((h / 2.0).min(9.0)),
        palette::NODE_FILL
    );
    for (i, row) in rows.iter().enumerate() {
        let baseline = r.y + 2.5 + line_h * i as f32 + LABEL_PX * 0.95;
        s.push_str(&format!(
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="{LABEL_PX}" fill="{}">{}</text>"#,
            num(mid.0),
            num(baseline),
            palette::TEXT_WEAK,
            xml(row)
        ));
    }
    s.push_str("</g>");
    (s, r)
}

/// Every point of a flow's line as `(x, y)`.
fn xy(g: &FlowLine) -> Vec<(f32, f32)> {
    g.points().into_iter().map(|p: Pos| (p.x, p.y)).collect()
}

/// The point a fraction `t` of the way along a polyline.
fn along(points: &[(f32, f32)], t: f32) -> (f32, f32) {
    let seg_len = |a: (f32, f32), b: (f32, f32)| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let total: f32 = points.windows(2).map(|w| seg_len(w[0], w[1])).sum();
    let mut left = total * t;
    for w in points.windows(2) {
        let l = seg_len(w[0], w[1]);
        if l > 0.0 && left <= l {
            let k = left / l;
            return (w[0].0 + (w[1].0 - w[0].0) * k, w[0].1 + (w[1].1 - w[0].1) * k);
        }
        left -= l;
    }
    points.last().copied().unwrap_or((0.0, 0.0))
}

fn arrow_head(tip: (f32, f32), dir: (f32, f32), len: f32, color: &str) -> String {
    let normal = scale((-dir.1, dir.0), len * 0.42);
    let base = add(tip, scale(dir, -len));
    let p1 = add(base, normal);
    let p2 = add(base, scale(normal, -1.0));
    format!(
        r#"<polygon points="{},{} {},{} {},{}" fill="{color}"/>"#,
        num(tip.0),
        num(tip.1),
        num(p1.0),
        num(p1.1),
        num(p2.0),
        num(p2.1)
    )
}

fn intersects(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

fn add(a: (f32, f32), b: (f32, f32)) -> (f32, f32) {
    (a.0 + b.0, a.1 + b.1)
}

fn scale(a: (f32, f32), k: f32) -> (f32, f32) {
    (a.0 * k, a.1 * k)
}

fn normalized(v: (f32, f32)) -> (f32, f32) {
    let len = (v.0 * v.0 + v.1 * v.1).sqrt();
    if len > 0.0 { (v.0 / len, v.1 / len) } else { (1.0, 0.0) }
}

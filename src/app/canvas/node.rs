//! Components: a rounded box with the kind's icon on a tile coloured by category, the name and
//! the kind, a badge with the open findings (coloured by the worst severity), and a handle on
//! the right edge to drag out a flow. At low zoom the box shows only the icon and the name moves
//! underneath, where it has room to stay readable.

use super::interact::{Drag, Hits};
use super::{CanvasCtx, Highlight, View};
use crate::app::geometry::{Placement, node_rect};
use crate::app::icons;
use crate::app::session::Session;
use crate::app::theme::with_alpha;
use crate::catalog::ComponentKind;
use crate::model::{Element, ElementId, Model, Pos};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, StrokeKind, vec2};
use std::sync::Arc;

/// Below this box height on screen, a component is drawn compact (icon only, name below).
const COMPACT_BELOW_PX: f32 = 40.0;

/// Below this box height on screen, a component is a coloured block: no icon or text could be
/// read at that size, and a big model zoomed out stays cheap to draw.
const TINY_BELOW_PX: f32 = 14.0;

/// Below this box width on screen, a compact component's name is left out: it would only
/// overlap its neighbours' names.
pub(super) const NAMES_FROM_WIDTH_PX: f32 = 64.0;

/// Whether a component box of `height` screen points is drawn compact.
fn is_compact(height_px: f32) -> bool {
    height_px < COMPACT_BELOW_PX
}

/// Screen points under a compact component taken by its name (two rows); 0 when not compact.
pub(super) fn compact_name_height(node_size: egui::Vec2, zoom: f32, min_font_px: f32) -> f32 {
    if is_compact(node_size.y * zoom) {
        2.0 * min_font_px * 1.3 + 4.0
    } else {
        0.0
    }
}

/// How a component is drawn this frame.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct NodeStyle {
    pub selected: bool,
    pub highlighted: bool,
    pub dimmed: bool,
    pub hovered: bool,
    pub drop_target: bool,
    /// Where a compact component's name goes: below the box unless that is taken.
    pub name: NamePlace,
}

/// Where a compact component's name is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum NamePlace {
    /// Under the box.
    #[default]
    Below,
    /// Over the box: the space under it holds another component or name.
    Above,
    /// Neither is free (the tooltip and a closer zoom show it).
    Hidden,
}

/// The screen rectangle a compact component's name takes under (or over) `rect`: up to two
/// rows of the smallest font, a little wider than the box.
fn compact_name_rect(rect: Rect, name: &str, font_px: f32, above: bool) -> Rect {
    let wrap = (rect.width() * 1.3).max(96.0);
    // An estimate from the average glyph width, cheaper than laying the text out twice: a
    // short name takes only its own width, a long one wraps to two rows.
    let text_w = name.chars().count() as f32 * font_px * 0.55 + 8.0;
    let (width, rows) = if text_w > wrap { (wrap, 2.0) } else { (text_w, 1.0) };
    let h = rows * font_px * 1.3 + 2.0;
    let top = if above {
        rect.top() - 3.0 - h
    } else {
        rect.bottom() + 3.0
    };
    Rect::from_min_size(Pos2::new(rect.center().x - width / 2.0, top), vec2(width, h))
}

/// Where each compact component's name goes, in drawing order: below its box when that space
/// is free of other boxes and of names already placed, else above, else nowhere — names never
/// pile onto their neighbours at low zoom.
fn place_compact_names(boxes: &[(usize, Rect, &str)], font_px: f32) -> Vec<NamePlace> {
    use std::collections::HashMap;
    // Boxes and placed names bucketed on a grid, so each test looks only nearby.
    let cell = boxes
        .first()
        .map_or(100.0, |b| b.1.width().max(b.1.height()) * 1.5)
        .max(8.0);
    let cells = |r: Rect| {
        let (x0, x1) = ((r.min.x / cell).floor() as i64, (r.max.x / cell).floor() as i64);
        let (y0, y1) = ((r.min.y / cell).floor() as i64, (r.max.y / cell).floor() as i64);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    };
    let mut grid: HashMap<(i64, i64), Vec<Rect>> = HashMap::new();
    let mut owner: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (k, b) in boxes.iter().enumerate() {
        for c in cells(b.1) {
            grid.entry(c).or_default().push(b.1);
            owner.entry(c).or_default().push(k);
        }
    }
    let mut out = vec![NamePlace::Below; boxes.len()];
    for (k, &(_, rect, name)) in boxes.iter().enumerate() {
        let free = |r: Rect, grid: &HashMap<(i64, i64), Vec<Rect>>, owner: &HashMap<(i64, i64), Vec<usize>>| {
            cells(r).all(|c| {
                let (rects, owners) = (grid.get(&c), owner.get(&c));
                rects.is_none_or(|rs| {
                    rs.iter().enumerate().all(|(n, t)| {
                        // The component's own box never blocks its name.
                        owners.and_then(|o| o.get(n)) == Some(&k) || !t.intersects(r)
                    })
                })
            })
        };
        let below = compact_name_rect(rect, name, font_px, false);
        let above = compact_name_rect(rect, name, font_px, true);
        let place = if free(below, &grid, &owner) {
            Some((below, NamePlace::Below))
        } else if free(above, &grid, &owner) {
            Some((above, NamePlace::Above))
        } else {
            None
        };
        out[k] = match place {
            Some((r, p)) => {
                for c in cells(r) {
                    grid.entry(c).or_default().push(r);
                    owner.entry(c).or_default().push(usize::MAX);
                }
                p
            }
            None => NamePlace::Hidden,
        };
    }
    out
}

/// Paints every component, then badges and handles on top.
// Everything a component's look depends on is a separate input (selection, highlight, hover,
// the drag); bundling them into a struct for this one call would only rename the arguments.
#[allow(clippy::too_many_arguments)]
pub(super) fn paint_all(
    painter: &Painter,
    view: &View<'_>,
    cx: &CanvasCtx<'_>,
    shown: &Placement,
    session: &Session,
    highlight: &Highlight,
    hits: &Hits,
    drag: &Drag,
) {
    let size = cx.node_size();
    let drop_target = match drag {
        Drag::Connect { current, from } => hits.node_at(*current).filter(|t| t != from),
        _ => None,
    };
    // Those near the view (a margin wider than the tests below, which stay exact).
    let near = placed_in(
        cx.model,
        shown,
        size,
        view.transform.inverse() * painter.clip_rect().expand(80.0),
    );
    // Compact components (low zoom) have their names outside the box: place them first.
    let screen = size * view.zoom();
    let names: std::collections::HashMap<usize, NamePlace> =
        if is_compact(screen.y) && screen.x >= NAMES_FROM_WIDTH_PX && screen.y >= TINY_BELOW_PX {
            let clip = painter.clip_rect().expand(60.0);
            let boxes: Vec<(usize, Rect, &str)> = near
                .iter()
                .copied()
                .enumerate()
                .map(|(i, (_, el, p))| (i, view.rect(node_rect(p, size)), el.name.as_str()))
                .filter(|(_, r, _)| clip.intersects(*r))
                .collect();
            let places = place_compact_names(&boxes, view.theme.sizes.min_font_px);
            boxes.iter().map(|b| b.0).zip(places).collect()
        } else {
            Default::default()
        };
    for (i, (id, el, p)) in near.into_iter().enumerate() {
        let rect = view.rect(node_rect(p, size));
        if !painter.clip_rect().intersects(rect.expand(60.0)) {
            continue;
        }
        let style = NodeStyle {
            name: names.get(&i).copied().unwrap_or_default(),
            selected: session.selection.elements.contains(id),
            highlighted: highlight.elements.contains(id),
            dimmed: highlight.active && !highlight.elements.contains(id),
            hovered: hits.hovered_node.as_ref() == Some(id),
            drop_target: drop_target.as_ref() == Some(id),
        };
        let kind = cx.catalog.kind(&el.kind);
        if rect.height() < TINY_BELOW_PX {
            paint_tiny(painter, view, rect, kind, style, cx.eval.badge(id));
            continue;
        }
        paint_node(painter, view, rect, kind, &el.name, style);
        if session.lens.view == crate::app::views::Lens::Maestro
            && let Some(layer) = crate::lens::layer_of(el, cx.catalog)
        {
            paint_layer_tag(painter, view, rect, layer, style.dimmed);
        }
        if let Some(p) = &el.inferred {
            super::inferred::paint(painter, view, rect, p, style.dimmed);
        }
        if let Some(b) = cx.eval.badge(id) {
            paint_badge(
                painter,
                view,
                rect,
                b.open,
                view.theme.palette.severity(b.worst),
                style.dimmed,
            );
        }
        let connecting_from_here = matches!(drag, Drag::Connect { from, .. } if from == id);
        if style.hovered || style.selected || connecting_from_here {
            paint_handle(painter, view, rect, kind);
        }
    }
}

/// In the MAESTRO view: the component outlined in its layer's colour, with the layer's id on
/// a tab above its top-left corner.
fn paint_layer_tag(painter: &Painter, view: &View<'_>, rect: Rect, layer: crate::model::MaestroLayer, dimmed: bool) {
    let mut c = view.theme.palette.layer(layer);
    if dimmed {
        c = c.gamma_multiply(0.35);
    }
    let rounding = view.theme.sizes.node_rounding * view.zoom();
    painter.rect_stroke(rect, rounding, Stroke::new(2.5, c), StrokeKind::Outside);
    let font = FontId::proportional(view.theme.sizes.min_font_px.max(11.0));
    let galley = painter.layout_no_wrap(layer.id().to_owned(), font, view.theme.palette.badge_text);
    let tab = Rect::from_min_size(
        rect.left_top() + vec2(0.0, -galley.size().y - 4.0),
        galley.size() + vec2(8.0, 4.0),
    );
    painter.rect_filled(tab, 3.0, c);
    painter.galley(tab.min + vec2(4.0, 2.0), galley, view.theme.palette.badge_text);
}

/// The tooltip of a component: what it is, where it sits, and its open findings.
pub(super) fn tooltip_ui(ui: &mut egui::Ui, cx: &CanvasCtx<'_>, id: &ElementId, el: &crate::model::Element) {
    let pal = &cx.theme.palette;
    ui.set_max_width(360.0);
    ui.strong(&el.name);
    if let Some(k) = cx.catalog.kind(&el.kind) {
        let category = cx
            .catalog
            .categories
            .iter()
            .find(|c| c.id == k.category)
            .map(|c| c.name.as_str())
            .unwrap_or(k.category.as_str());
        ui.label(egui::RichText::new(format!("{} · {category}", k.name)).color(pal.category(&k.category)));
    }
    let zone = el
        .boundary
        .as_ref()
        .and_then(|b| cx.model.boundaries.get(b))
        .map(|b| format!("In {} ({})", b.name, b.kind.label().to_lowercase()))
        .unwrap_or_else(|| "Outside every trust boundary".to_owned());
    ui.weak(zone);
    let mut open: Vec<_> = cx.eval.open_on(id).collect();
    open.sort_by_key(|f| std::cmp::Reverse(f.severity));
    if open.is_empty() {
        ui.label(egui::RichText::new("No open findings").color(pal.mitigated));
    } else {
        ui.add_space(4.0);
        let n = open.len();
        ui.label(format!("{n} open finding{}", if n == 1 { "" } else { "s" }));
        for f in open.iter().take(5) {
            ui.label(egui::RichText::new(format!("◆ {}", f.title)).color(pal.severity(f.severity)));
        }
        if open.len() > 5 {
            ui.weak(format!("and {} more", open.len() - 5));
        }
    }
    ui.add_space(4.0);
    ui.weak("Double-click to rename · drag the circle on the right edge to draw a flow");
}

/// A component far zoomed out: a block in its category colour, outlined when selected or
/// highlighted, with a dot for its worst open finding.
fn paint_tiny(
    painter: &Painter,
    view: &View<'_>,
    rect: Rect,
    kind: Option<&ComponentKind>,
    style: NodeStyle,
    badge: Option<crate::app::evaluation::Badge>,
) {
    let pal = &view.theme.palette;
    let mut fill = with_alpha(category_color(view, kind), 150);
    if style.dimmed {
        fill = fill.gamma_multiply(0.35);
    }
    painter.rect_filled(rect, 2.0, fill);
    if style.selected || style.highlighted {
        let c = if style.selected { pal.selection } else { pal.highlight };
        painter.rect_stroke(rect.expand(1.5), 2.0, Stroke::new(1.5, c), StrokeKind::Outside);
    }
    if let Some(b) = badge {
        painter.circle_filled(rect.right_top(), 3.0, pal.severity(b.worst));
    }
}

/// The category colour of a kind (grey for an unknown kind).
fn category_color(view: &View<'_>, kind: Option<&ComponentKind>) -> Color32 {
    kind.map(|k| view.theme.palette.category(&k.category))
        .unwrap_or(view.theme.palette.text_weak)
}

pub(super) fn paint_node(
    painter: &Painter,
    view: &View<'_>,
    rect: Rect,
    kind: Option<&ComponentKind>,
    name: &str,
    style: NodeStyle,
) {
    let pal = &view.theme.palette;
    let fade = |c: Color32| if style.dimmed { c.gamma_multiply(0.35) } else { c };
    let accent = category_color(view, kind);
    let rounding = view.theme.sizes.node_rounding * view.zoom();
    if style.highlighted {
        painter.rect_filled(rect.expand(5.0), rounding + 5.0, with_alpha(pal.highlight, 60));
    }
    painter.rect_filled(rect, rounding, fade(pal.node_fill));
    let (stroke_w, stroke_c) = if style.drop_target || style.selected {
        (2.0, pal.selection)
    } else if style.highlighted {
        (2.0, pal.highlight)
    } else if style.hovered {
        (1.5, accent)
    } else {
        (1.0, pal.node_stroke)
    };
    painter.rect_stroke(
        rect,
        rounding,
        Stroke::new(stroke_w, fade(stroke_c)),
        StrokeKind::Inside,
    );
    let icon_name = kind.map(|k| k.icon.as_str()).unwrap_or(icons::UNKNOWN_ICON);

    if is_compact(rect.height()) {
        let side = rect.height().min(rect.width()) * 0.72;
        if rect.width() < NAMES_FROM_WIDTH_PX {
            icons::paint(
                painter,
                Rect::from_center_size(rect.center(), vec2(side, side)),
                icon_name,
                fade(accent),
            );
            return;
        }
        icons::paint(
            painter,
            Rect::from_center_size(rect.center(), vec2(side, side)),
            icon_name,
            fade(accent),
        );
        if style.name == NamePlace::Hidden {
            return;
        }
        let font = FontId::proportional(view.theme.sizes.min_font_px);
        let width = (rect.width() * 1.3).max(96.0);
        let galley = text_galley(painter, name, font, fade(pal.text), width, 2, true);
        // Centred text is laid out around x = 0, so it is placed by its centre.
        let at = if style.name == NamePlace::Above {
            Pos2::new(rect.center().x, rect.top() - 3.0 - galley.size().y)
        } else {
            Pos2::new(rect.center().x, rect.bottom() + 3.0)
        };
        // A backing keeps the name readable where flows leave the box underneath it.
        let backing = galley.rect.translate(at.to_vec2()).expand2(vec2(3.0, 1.0));
        painter.rect_filled(backing, 3.0, fade(pal.label_bg));
        painter.galley(at, galley, pal.text);
        return;
    }

    let pad = (rect.height() - view.theme.sizes.icon_tile * view.zoom()).max(4.0) / 2.0;
    let tile_side = rect.height() - 2.0 * pad;
    let tile = Rect::from_min_size(rect.min + vec2(pad, pad), vec2(tile_side, tile_side));
    painter.rect_filled(tile, rounding * 0.7, fade(with_alpha(accent, 40)));
    icons::paint(painter, tile.shrink(tile_side * 0.17), icon_name, fade(accent));

    let text_left = tile.right() + pad * 0.9;
    let width = (rect.right() - pad - text_left).max(10.0);
    let name_font = FontId::proportional(view.font_px(view.theme.sizes.name_font_px));
    let detail_font = FontId::proportional(view.font_px(view.theme.sizes.detail_font_px));
    let avail = rect.height() - 2.0 * pad * 0.6;
    let name_h = name_font.size * 1.25;
    let detail_h = detail_font.size * 1.25;
    // The name comes first: when it does not fit on one row, it takes two and the kind line
    // (also shown in the inspector) gives way.
    let mut with_detail = avail >= name_h + detail_h;
    let mut name_rows = (((avail - if with_detail { detail_h } else { 0.0 }) / name_h).floor() as usize).clamp(1, 2);
    let mut name_galley = text_galley(
        painter,
        name,
        name_font.clone(),
        fade(pal.text),
        width,
        name_rows,
        false,
    );
    if name_galley.elided && name_rows == 1 && avail >= 2.0 * name_h {
        with_detail = false;
        name_rows = 2;
        name_galley = text_galley(painter, name, name_font, fade(pal.text), width, name_rows, false);
    }
    let detail_galley = with_detail.then(|| {
        let label = kind.map(|k| k.name.as_str()).unwrap_or("unknown kind");
        text_galley(painter, label, detail_font, fade(pal.text_weak), width, 1, false)
    });
    let block_h = name_galley.size().y + detail_galley.as_ref().map_or(0.0, |g| g.size().y + 1.0);
    let mut y = rect.center().y - block_h / 2.0;
    let name_size = name_galley.size();
    painter.galley(Pos2::new(text_left, y), name_galley, pal.text);
    y += name_size.y + 1.0;
    if let Some(g) = detail_galley {
        painter.galley(Pos2::new(text_left, y), g, pal.text_weak);
    }
}

/// Text wrapped to `width` on at most `rows` rows, ending in "…" when it does not fit.
fn text_galley(
    painter: &Painter,
    text: &str,
    font: FontId,
    color: Color32,
    width: f32,
    rows: usize,
    centered: bool,
) -> Arc<egui::Galley> {
    let mut job = LayoutJob::single_section(text.to_owned(), TextFormat::simple(font, color));
    job.wrap = TextWrapping {
        max_width: width,
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    if centered {
        job.halign = egui::Align::Center;
    }
    painter.layout_job(job)
}

fn paint_badge(painter: &Painter, view: &View<'_>, rect: Rect, open: usize, color: Color32, dimmed: bool) {
    let r = view.theme.sizes.badge_radius_px;
    let center = rect.right_top() + vec2(-r * 0.35, r * 0.35);
    let color = if dimmed { color.gamma_multiply(0.4) } else { color };
    let text = if open > 99 { "99+".to_owned() } else { open.to_string() };
    let font = FontId::proportional(if text.len() > 2 { 9.5 } else { 11.5 });
    let width = (r * 2.0).max(text.len() as f32 * 7.0 + 6.0);
    let badge = Rect::from_center_size(center, vec2(width, r * 2.0));
    painter.rect_filled(badge, r, color);
    painter.rect_stroke(
        badge,
        r,
        Stroke::new(1.5, view.theme.palette.canvas_bg),
        StrokeKind::Outside,
    );
    painter.text(center, Align2::CENTER_CENTER, text, font, view.theme.palette.badge_text);
}

/// Where the flow handle of a component drawn at `rect` (canvas units) sits.
pub(super) fn handle_center(rect: Rect) -> Pos2 {
    rect.right_center()
}

fn paint_handle(painter: &Painter, view: &View<'_>, rect: Rect, kind: Option<&ComponentKind>) {
    let pal = &view.theme.palette;
    let r = (view.theme.sizes.handle_radius * view.zoom()).clamp(4.5, 8.0);
    let c = handle_center(rect);
    painter.circle_filled(c, r, pal.node_fill);
    painter.circle_stroke(c, r, Stroke::new(1.8, category_color(view, kind)));
    painter.circle_filled(c, r * 0.35, category_color(view, kind));
}

/// The screen-space size of a handle's hit area, in canvas units at `zoom`.
pub(super) fn handle_hit_radius(view_zoom: f32, handle_radius: f32) -> f32 {
    handle_radius.max(8.0 / view_zoom)
}

/// The components whose box meets `area` (canvas units) with their spots, in id order: those
/// `shown` places and the model holds. Only the spots are read to find them; pairing all
/// 10,000 components of a large model with their spots by id, twice a frame, cost more than
/// drawing those in view (issue 15).
pub(super) fn placed_in<'a>(
    model: &'a Model,
    shown: &'a Placement,
    size: egui::Vec2,
    area: Rect,
) -> Vec<(&'a ElementId, &'a Element, Pos)> {
    let near: Vec<(&ElementId, Pos)> = shown
        .elements
        .iter()
        .filter(|(_, p)| area.intersects(node_rect(**p, size)))
        .map(|(id, p)| (id, *p))
        .collect();
    // A few are looked up; when many are in view (the whole model), one walk of the model
    // beside them costs less than a lookup each.
    if near.len() * 16 < model.elements.len() {
        return near
            .into_iter()
            .filter_map(|(id, p)| model.elements.get_key_value(id).map(|(id, el)| (id, el, p)))
            .collect();
    }
    let mut elements = model.elements.iter().peekable();
    near.into_iter()
        .filter_map(|(id, p)| {
            while elements.next_if(|(e, _)| *e < id).is_some() {}
            elements.next_if(|(e, _)| *e == id).map(|(id, el)| (id, el, p))
        })
        .collect()
}

pub(super) fn rect_of(shown: &Placement, id: &ElementId, size: egui::Vec2) -> Option<Rect> {
    shown.elements.get(id).map(|p| node_rect(*p, size))
}

#[cfg(test)]
mod name_tests {
    use super::*;

    /// Components are drawn where the placement puts them: one without a spot is skipped, a
    /// spot without a component is ignored, and every other component keeps its own spot.
    #[test]
    fn components_are_walked_with_their_own_spots() {
        let (cat, _) = crate::catalog::Catalog::builtin();
        let mut model = crate::synth::synth_model(&cat, 12, 1);
        let ids: Vec<ElementId> = model.elements.keys().cloned().collect();
        assert!(ids.len() >= 3);
        let mut shown = Placement::of(&model);
        shown.elements.remove(&ids[1]);
        shown.elements.insert(ElementId::new("el-zz-gone"), Pos::new(1.0, 2.0));
        shown.elements.insert(ElementId::new("el-0-gone"), Pos::new(3.0, 4.0));
        model.layout.elements.clear();
        let walked: Vec<(ElementId, Pos)> = placed_in(&model, &shown, vec2(150.0, 60.0), Rect::EVERYTHING)
            .into_iter()
            .map(|(id, _, p)| (id.clone(), p))
            .collect();
        let expected: Vec<(ElementId, Pos)> = ids
            .iter()
            .filter(|id| *id != &ids[1])
            .map(|id| (id.clone(), shown.elements[id]))
            .collect();
        assert_eq!(walked, expected);
    }

    /// The components near the view are those of the whole walk whose box meets it, in the
    /// same order.
    #[test]
    fn the_components_in_an_area_are_those_of_the_whole_walk_that_meet_it() {
        let (cat, _) = crate::catalog::Catalog::builtin();
        let model = crate::synth::synth_model(&cat, 300, 4);
        let mut shown = Placement::of(&model);
        shown
            .elements
            .insert(ElementId::new("el-zz-gone"), Pos::new(700.0, 500.0));
        let size = vec2(150.0, 60.0);
        let area = Rect::from_min_max(Pos2::new(450.0, 300.0), Pos2::new(950.0, 700.0));
        // Few enough to be looked up one by one; the whole model is walked beside the model.
        let near = placed_in(&model, &shown, size, area);
        assert!(!near.is_empty() && near.len() * 16 < model.elements.len());
        let all = placed_in(&model, &shown, size, Rect::EVERYTHING);
        assert_eq!(all.len(), model.elements.len(), "not the spot without a component");
        let key = |(id, _, p): &(&ElementId, &Element, Pos)| ((*id).clone(), *p);
        let all: Vec<_> = all
            .iter()
            .filter(|(_, _, p)| area.intersects(node_rect(*p, size)))
            .map(key)
            .collect();
        assert_eq!(near.iter().map(key).collect::<Vec<_>>(), all);
    }

    #[test]
    fn a_compact_name_moves_above_when_a_box_is_under_it_and_hides_when_boxed_in() {
        let r = |x: f32, y: f32| Rect::from_min_size(Pos2::new(x, y), vec2(64.0, 22.0));
        // b sits just under a: a's name goes above; b's goes below (free).
        let boxes = [(0, r(0.0, 0.0), "a"), (1, r(0.0, 30.0), "b")];
        assert_eq!(place_compact_names(&boxes, 11.0), [NamePlace::Above, NamePlace::Below]);
        // c has boxes right above and below: no room.
        let boxes = [(0, r(0.0, 0.0), "a"), (1, r(0.0, 30.0), "c"), (2, r(0.0, 60.0), "d")];
        assert_eq!(place_compact_names(&boxes, 11.0)[1], NamePlace::Hidden);
        // Far apart, every name sits below its box.
        let boxes = [(0, r(0.0, 0.0), "a"), (1, r(0.0, 300.0), "b")];
        assert_eq!(place_compact_names(&boxes, 11.0), [NamePlace::Below, NamePlace::Below]);
    }
}

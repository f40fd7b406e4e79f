//! The palette: every component kind with its icon, grouped by category and searchable, plus
//! the trust-boundary kinds. Drag an item onto the canvas to place it where it is dropped, or
//! click it to place it in the middle of the view.

use super::PanelCtx;
use crate::app::icons;
pub use crate::app::ops::PaletteItem;
use crate::app::session::Session;
use crate::app::theme::with_alpha;
use crate::app::{Action, Effects};
use crate::catalog::ComponentKind;
use crate::model::BoundaryKind;
use egui::{Color32, CursorIcon, Id, Rect, Sense, Ui, WidgetInfo, WidgetType, vec2};

/// The palette panel.
#[derive(Debug, Default)]
pub struct Palette;

fn matches(kind: &ComponentKind, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty()
        || kind.name.to_lowercase().contains(&q)
        || kind.id.as_str().contains(&q)
        || kind.description.to_lowercase().contains(&q)
        || kind.traits.iter().any(|t| t.contains(&q))
}

impl Palette {
    /// Draws the palette.
    pub fn ui(&mut self, ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, fx: &mut Effects) {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading("Components");
        });
        let search = ui.add(
            egui::TextEdit::singleline(&mut session.palette_query)
                .hint_text("Search components…")
                .desired_width(f32::INFINITY),
        );
        search.widget_info(|| WidgetInfo::labeled(WidgetType::TextEdit, true, "Search components"));
        ui.add_space(4.0);
        let query = session.palette_query.clone();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            let mut any = false;
            for cat in categories_in_palette_order(cx.catalog) {
                let kinds: Vec<&ComponentKind> = cx
                    .catalog
                    .kinds_in_order()
                    .filter(|k| k.category == cat.id && matches(k, &query))
                    .collect();
                if kinds.is_empty() {
                    continue;
                }
                any = true;
                let color = cx.theme.palette.category(&cat.id);
                let header = egui::RichText::new(&cat.name).color(color).strong();
                egui::CollapsingHeader::new(header)
                    .id_salt(("palette-cat", &cat.id))
                    .default_open(true)
                    .open(if query.is_empty() { None } else { Some(true) })
                    .show(ui, |ui| {
                        for k in kinds {
                            let tip = format!(
                                "{}\n\n{} · {}\nDrag onto the canvas, or click to place it in the middle.",
                                k.description,
                                cat.name,
                                k.dfd.label()
                            );
                            let item = PaletteItem::Kind(k.id.clone());
                            item_ui(ui, &k.icon, color, &k.name, &tip, item, fx);
                        }
                    })
                    .header_response
                    .on_hover_text(&cat.description);
            }
            let q = query.trim().to_lowercase();
            let boundaries: Vec<BoundaryKind> = BoundaryKind::ALL
                .into_iter()
                .filter(|b| q.is_empty() || b.label().to_lowercase().contains(&q) || "trust boundary".contains(&q))
                .collect();
            if !boundaries.is_empty() {
                any = true;
                let header = egui::RichText::new("Trust boundaries").strong();
                egui::CollapsingHeader::new(header)
                    .id_salt("palette-boundaries")
                    .default_open(true)
                    .open(if query.is_empty() { None } else { Some(true) })
                    .show(ui, |ui| {
                        for b in boundaries {
                            let tip = format!(
                                "A {} trust zone. Components inside it become its members; boundaries nest.\nDrag onto the canvas, or click to place it in the middle.",
                                b.label().to_lowercase()
                            );
                            let color = cx.theme.palette.boundary(b);
                            let name = format!("{} boundary", b.label());
                            item_ui(ui, icons::BOUNDARY_ICON, color, &name, &tip, PaletteItem::Boundary(b), fx);
                        }
                    });
            }
            if !any {
                ui.weak("Nothing matches the search.");
            }
        });
    }
}

/// Categories in the order their kinds are written in the library (data first, classic last),
/// which reads better than the catalog's id order.
fn categories_in_palette_order(catalog: &crate::catalog::Catalog) -> Vec<&crate::catalog::Category> {
    let mut order: Vec<&str> = Vec::new();
    for k in catalog.kinds_in_order() {
        if !order.contains(&k.category.as_str()) {
            order.push(&k.category);
        }
    }
    let mut cats: Vec<&crate::catalog::Category> = catalog.categories.iter().collect();
    cats.sort_by_key(|c| order.iter().position(|o| *o == c.id).unwrap_or(usize::MAX));
    cats
}

/// One palette row: icon tile and name. Click places, drag carries the item to the canvas.
fn item_ui(ui: &mut Ui, icon: &str, color: Color32, name: &str, tip: &str, item: PaletteItem, fx: &mut Effects) {
    let height = 28.0;
    let (rect, resp) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click_and_drag());
    resp.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, format!("Add {name}")));
    let resp = resp.on_hover_text(tip).on_hover_cursor(CursorIcon::Grab);
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&resp);
        if resp.hovered() || resp.dragged() {
            ui.painter().rect_filled(rect, 4.0, visuals.weak_bg_fill);
        }
        let tile = Rect::from_min_size(rect.min + vec2(2.0, 3.0), vec2(height - 6.0, height - 6.0));
        ui.painter().rect_filled(tile, 4.0, with_alpha(color, 40));
        icons::paint(ui.painter(), tile.shrink(3.0), icon, color);
        let text_pos = egui::pos2(tile.right() + 8.0, rect.center().y);
        let galley = ui.painter().layout(
            name.to_owned(),
            egui::FontId::proportional(13.5),
            ui.visuals().text_color(),
            rect.right() - text_pos.x,
        );
        ui.painter().galley(
            text_pos - vec2(0.0, galley.size().y / 2.0),
            galley,
            ui.visuals().text_color(),
        );
    }
    if resp.drag_started() {
        egui::DragAndDrop::set_payload(ui.ctx(), item.clone());
    }
    if resp.dragged() {
        ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
        if let Some(p) = ui.ctx().pointer_latest_pos() {
            // A small tag follows the pointer; over the canvas the canvas also shows where the
            // item will land.
            let layer = egui::LayerId::new(egui::Order::Tooltip, Id::new("palette-drag-ghost"));
            let painter = ui.ctx().layer_painter(layer);
            let r = Rect::from_min_size(p + vec2(12.0, 12.0), vec2(24.0, 24.0));
            painter.rect_filled(r, 5.0, ui.visuals().window_fill);
            painter.rect_stroke(r, 5.0, egui::Stroke::new(1.0, color), egui::StrokeKind::Inside);
            icons::paint(&painter, r.shrink(3.0), icon, color);
        }
    }
    if resp.clicked() {
        fx.action(Action::Place(item));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::KindId;

    #[test]
    fn search_matches_names_ids_and_traits() {
        let (cat, _) = Catalog::builtin();
        let llm = cat.kind(&KindId::from("llm-api")).unwrap();
        assert!(matches(llm, ""));
        assert!(matches(llm, "LLM"));
        assert!(!matches(llm, "zzzz"));
    }
}

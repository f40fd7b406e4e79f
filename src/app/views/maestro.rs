//! The MAESTRO layer view: beside the diagram, the seven layers with their colour, components
//! and open findings (each layer can be hidden, which dims its components), and the
//! cross-layer threats on their own, as MAESTRO asks. The canvas tags each component with its
//! layer while this view is shown.

use crate::app::canvas::CanvasCtx;
use crate::app::session::Session;
use crate::model::MaestroLayer;
use egui::{RichText, Ui};

/// The layer list and the cross-layer threats.
pub fn legend_ui(ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session) {
    let pal = &cx.theme.palette;
    let layers = crate::lens::layers(cx.model, cx.catalog, cx.eval.findings().iter().map(|f| &**f));
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("MAESTRO layers");
        ui.weak("Each component in its kind's layer (or the one set in the inspector). Untick a layer to dim its components.");
        ui.add_space(6.0);
        for row in &layers.rows {
            let name = layer_name(cx, row.layer);
            let mut shown = !session.lens.hidden_layers.contains(&row.layer);
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 3.0, pal.layer(row.layer));
                let label = format!("{} {name}", row.layer.id());
                let r = ui
                    .checkbox(&mut shown, label)
                    .on_hover_text(format!("{} components · {} open findings", row.elements.len(), row.open.len()));
                if r.changed() {
                    if shown {
                        session.lens.hidden_layers.remove(&row.layer);
                    } else {
                        session.lens.hidden_layers.insert(row.layer);
                    }
                }
            });
            ui.horizontal(|ui| {
                ui.add_space(20.0);
                let n = row.open.len();
                let text = format!(
                    "{} component{} · {n} open finding{}",
                    row.elements.len(),
                    if row.elements.len() == 1 { "" } else { "s" },
                    if n == 1 { "" } else { "s" }
                );
                let worst = row.open.iter().map(|f| f.severity).max();
                match worst {
                    Some(s) => ui.label(RichText::new(text).color(pal.severity(s))),
                    None => ui.weak(text),
                };
            });
        }
        if !layers.unlayered.is_empty() {
            ui.add_space(4.0);
            ui.weak(format!(
                "{} component{} in no layer (their kinds are outside MAESTRO's layers)",
                layers.unlayered.len(),
                if layers.unlayered.len() == 1 { " is" } else { "s are" }
            ));
        }
        ui.separator();
        ui.strong(format!("Cross-layer threats ({})", layers.cross_layer.len()));
        ui.weak("Path findings whose components lie in more than one layer.");
        if layers.cross_layer.is_empty() {
            ui.label("None open.");
        }
        for (f, spanned) in &layers.cross_layer {
            let ids: Vec<&str> = spanned.iter().map(|l| l.id()).collect();
            let selected = session.selected_finding.as_ref() == Some(&f.id);
            let text = RichText::new(format!("◆ {}", f.title)).color(pal.severity(f.severity));
            let r = ui.selectable_label(selected, text).on_hover_text(format!(
                "{} · layers {}\n{}",
                f.id,
                ids.join(", "),
                f.why
            ));
            ui.horizontal(|ui| {
                ui.add_space(18.0);
                for l in spanned {
                    ui.label(RichText::new(l.id()).small().color(pal.layer(*l)));
                }
            });
            if r.clicked() {
                session.selected_finding = if selected { None } else { Some(f.id.clone()) };
            }
        }
    });
}

/// The layer's name from the framework registry ("Foundation Models").
pub fn layer_name(cx: &CanvasCtx<'_>, layer: MaestroLayer) -> String {
    cx.catalog
        .frameworks
        .maestro
        .iter()
        .find(|i| i.id == layer.id())
        .map(|i| short_name(&i.name).to_owned())
        .unwrap_or_else(|| layer.id().to_owned())
}

/// A registry name without its parenthesised aside.
fn short_name(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name).trim()
}

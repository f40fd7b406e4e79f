//! The secure-by-design view: each shipped checklist (NCSC/CISA secure AI development,
//! NSA/CISA deploying AI securely, NIST AI RMF functions) item by item, with where the model
//! stands from its control states (`crate::lens::checklist`, the same computation the reports
//! print). An open or partly met item can point out the components still missing its controls.

use super::Lens;
use crate::app::canvas::CanvasCtx;
use crate::app::session::Session;
use crate::lens::checklist::{self, ItemState};
use crate::model::ElementId;
use egui::{RichText, Ui};
use std::collections::BTreeSet;

/// The whole view.
pub fn ui(ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session) {
    let pal = &cx.theme.palette;
    let lists = match checklist::builtin() {
        Ok(l) => l,
        Err(e) => {
            ui.colored_label(pal.severity(crate::model::Severity::High), e);
            return;
        }
    };
    let ui = &mut ui
        .new_child(egui::UiBuilder::new().max_rect(ui.available_rect_before_wrap().shrink2(egui::vec2(10.0, 0.0))));
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        ui.weak("Published guidance item by item, from the control states in this model: met where every component its controls apply to has one in place, open where none has. Items no control can show say why.");
        for list in lists {
            let results = checklist::evaluate(list, cx.model, cx.catalog);
            let count = |s: ItemState| results.iter().filter(|r| r.state == s).count();
            let header = format!(
                "{} — {} met · {} partly · {} open",
                list.title,
                count(ItemState::Met),
                count(ItemState::Partly),
                count(ItemState::Open)
            );
            egui::CollapsingHeader::new(RichText::new(header).strong())
                .id_salt(&list.id)
                .default_open(true)
                .show(ui, |ui| {
                    ui.weak(format!("{}, {} · {}", list.publisher, list.published, list.url));
                    for r in &results {
                        let color = match r.state {
                            ItemState::Met => pal.mitigated,
                            ItemState::Partly => pal.severity(crate::model::Severity::Medium),
                            ItemState::Open => pal.severity(crate::model::Severity::High),
                            ItemState::NotApplicable | ItemState::Unmapped => pal.text_weak,
                        };
                        ui.horizontal_wrapped(|ui| {
                            let chip = match r.state {
                                ItemState::Met | ItemState::Partly | ItemState::Open => {
                                    format!("{} {}/{}", r.state.label(), r.in_place, r.places)
                                }
                                _ => r.state.label().to_owned(),
                            };
                            ui.label(RichText::new(chip).small().strong().color(color));
                            ui.label(&r.item.section).on_hover_text(&r.item.summary);
                            if matches!(r.state, ItemState::Open | ItemState::Partly)
                                && ui
                                    .small_button("Show where")
                                    .on_hover_text("Point out the components still missing these controls on the diagram")
                                    .clicked()
                            {
                                session.lens.highlight = missing(cx, &r.item.controls);
                                session.lens.view = Lens::Diagram;
                                session.viewport = None;
                            }
                        });
                        let detail = match (&r.item.unmapped, r.item.controls.is_empty()) {
                            (Some(why), _) => why.clone(),
                            (None, false) => {
                                let names: Vec<&str> = r
                                    .item
                                    .controls
                                    .iter()
                                    .map(|c| cx.catalog.controls.get(c).map_or(c.as_str(), |k| k.name.as_str()))
                                    .collect();
                                format!("Controls: {}", names.join(", "))
                            }
                            (None, true) => String::new(),
                        };
                        ui.indent(("item", &list.id, &r.item.id), |ui| {
                            ui.label(RichText::new(detail).small().color(pal.text_weak));
                        });
                    }
                });
            ui.add_space(6.0);
        }
    });
}

/// Components where one of `controls` applies and none is in place.
fn missing(cx: &CanvasCtx<'_>, controls: &[crate::model::ControlId]) -> BTreeSet<ElementId> {
    cx.model
        .elements
        .iter()
        .filter(|(_, e)| {
            let offered = cx.catalog.kind(&e.kind).map_or(&[][..], |k| k.controls.as_slice());
            checklist::place(controls, &e.controls, offered) == Some(false)
        })
        .map(|(id, _)| id.clone())
        .collect()
}

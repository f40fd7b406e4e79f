//! The inspector for several selected items: what they have in common, edited for all of them
//! at once as one undo step — the trust boundary of the components, their answers and control
//! states where every selected kind asks or offers the same, and the data classes of the flows.

use super::PanelCtx;
use super::widgets::section;
use crate::app::session::Session;
use crate::app::{AppCommand, Effects};
use crate::catalog::{AnswerType, Drawn};
use crate::model::{
    BoundaryId, ControlId, ControlState, Edit, Element, ElementId, FlowId, PropKey, Target, Transaction, Value,
};
use egui::{RichText, Ui};

/// Three states for a yes/no answer shared by several components.
fn mixed<T: PartialEq + Clone>(values: impl Iterator<Item = T>) -> Option<Option<T>> {
    let mut first: Option<T> = None;
    for v in values {
        match &first {
            None => first = Some(v),
            Some(f) if *f != v => return Some(None),
            Some(_) => {}
        }
    }
    first.map(Some)
}

/// Draws the inspector for a multi-selection.
pub fn multi_ui(ui: &mut Ui, cx: &PanelCtx<'_>, session: &Session, fx: &mut Effects) {
    let m = cx.model();
    let elements: Vec<(&ElementId, &Element)> = session
        .selection
        .elements
        .iter()
        .filter_map(|id| m.elements.get_key_value(id))
        .collect();
    let flows: Vec<&FlowId> = session
        .selection
        .flows
        .iter()
        .filter(|f| m.flows.contains_key(*f))
        .collect();
    ui.heading(format!("{} items selected", session.selection.len()));
    ui.weak(format!(
        "{} components, {} flows, {} boundaries. Changes here apply to all of them, as one undo step.",
        elements.len(),
        flows.len(),
        session.selection.boundaries.len()
    ));
    if ui.button("Delete selection").clicked() {
        fx.command(AppCommand::Delete);
    }
    if elements.len() >= 2 {
        arrange_ui(ui, cx, &elements, fx);
    }
    if !elements.is_empty() {
        boundary_ui(ui, cx, &elements, fx);
        answers_ui(ui, cx, &elements, fx);
        controls_ui(ui, cx, &elements, fx);
    }
    if !flows.is_empty() {
        data_ui(ui, cx, &flows, fx);
    }
}

/// Align and distribute the selected components (one undo step each).
fn arrange_ui(ui: &mut Ui, cx: &PanelCtx<'_>, elements: &[(&ElementId, &Element)], fx: &mut Effects) {
    use crate::app::arrange::{Arrange, positions};
    section(ui, "Arrange");
    let ids: Vec<ElementId> = elements.iter().map(|(id, _)| (*id).clone()).collect();
    let mut chosen = None;
    for row in Arrange::ALL.chunks(3) {
        ui.horizontal_wrapped(|ui| {
            for &a in row {
                if ui
                    .add_enabled(ids.len() >= a.needs(), egui::Button::new(a.label()))
                    .clicked()
                {
                    chosen = Some(a);
                }
            }
        });
    }
    let Some(how) = chosen else { return };
    let m = cx.model();
    let placement = crate::app::geometry::Placement::of(m);
    let size = egui::vec2(cx.theme.sizes.node_width, cx.theme.sizes.node_height);
    let moves = positions(&placement, &ids, how, size);
    if let Some(mut tx) = crate::app::ops::move_elements(m, &moves) {
        tx.label = how.label().to_owned();
        fx.edit(tx);
    }
}

fn boundary_ui(ui: &mut Ui, cx: &PanelCtx<'_>, elements: &[(&ElementId, &Element)], fx: &mut Effects) {
    let m = cx.model();
    section(ui, "Trust boundary");
    let current = mixed(elements.iter().map(|(_, e)| e.boundary.clone()));
    let shown = match &current {
        Some(Some(Some(b))) => m.boundaries.get(b).map_or(b.to_string(), |x| x.name.clone()),
        Some(Some(None)) => "— none —".to_owned(),
        _ => "(mixed)".to_owned(),
    };
    let mut pick: Option<Option<BoundaryId>> = None;
    let label = ui.label("Put them all in");
    egui::ComboBox::from_id_salt("multi-boundary")
        .selected_text(shown)
        .width((ui.available_width() - 16.0).max(60.0))
        .show_ui(ui, |ui| {
            if ui.selectable_label(false, "— none —").clicked() {
                pick = Some(None);
            }
            for (bid, b) in &m.boundaries {
                if ui.selectable_label(false, &b.name).clicked() {
                    pick = Some(Some(bid.clone()));
                }
            }
        })
        .response
        .labelled_by(label.id);
    if let Some(to) = pick {
        let edits: Vec<Edit> = elements
            .iter()
            .filter(|(_, e)| e.boundary != to)
            .map(|(id, e)| {
                let mut e = (*e).clone();
                e.boundary = to.clone();
                Edit::SetElement {
                    id: (*id).clone(),
                    element: e,
                }
            })
            .collect();
        if !edits.is_empty() {
            let n = edits.len();
            fx.edit(Transaction::new(format!("Move {n} components"), edits));
        }
    }
}

/// Questions every selected component's kind asks (yes/no and choices).
fn answers_ui(ui: &mut Ui, cx: &PanelCtx<'_>, elements: &[(&ElementId, &Element)], fx: &mut Effects) {
    let kinds: Vec<_> = elements.iter().filter_map(|(_, e)| cx.catalog.kind(&e.kind)).collect();
    if kinds.len() != elements.len() {
        return;
    }
    let shared: Vec<(&PropKey, &Value)> = kinds[0]
        .questions
        .iter()
        .filter(|(k, _)| kinds.iter().all(|kind| kind.questions.contains_key(*k)))
        .collect();
    if shared.is_empty() {
        return;
    }
    section(ui, "Answers they share");
    // The flows at each selected component, gathered in one pass over the model (a drawn tool
    // call or a caller on the internet answers a question), instead of one pass per component;
    // only when a shared question is one a drawing can answer.
    let model = cx.model();
    let mut drawn: std::collections::HashMap<&ElementId, Vec<Drawn<'_, &crate::model::FlowId>>> =
        std::collections::HashMap::new();
    let drawable = shared
        .iter()
        .any(|(k, _)| cx.catalog.questions.get(*k).is_some_and(|q| q.implied_by.is_some()));
    if drawable {
        drawn = elements.iter().map(|(id, _)| (*id, Vec::new())).collect();
        for (fid, f) in &model.flows {
            for (at, other, sent) in [(&f.from, &f.to, true), (&f.to, &f.from, false)] {
                if let (Some(list), Some(other)) = (drawn.get_mut(at), model.elements.get(other)) {
                    list.push(Drawn::new(model, fid, f, sent, other));
                }
            }
        }
    }
    for (key, _) in shared {
        let Some(q) = cx.catalog.questions.get(key) else {
            continue;
        };
        // Each component's effective answer: its own, the drawing's, or its kind's default.
        let values = elements.iter().filter_map(|(id, e)| {
            let flows = drawn.get(id).into_iter().flatten().copied();
            cx.catalog.answer_with(e, key, flows).map(|a| a.value.clone())
        });
        let current = mixed(values).flatten();
        let mut chosen: Option<Option<Value>> = None;
        ui.push_id(("multi-q", key.as_str()), |ui| match &q.answer {
            AnswerType::Bool => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(&q.label).on_hover_text(&q.help);
                    for (label, v) in [("yes", true), ("no", false)] {
                        let on = current == Some(Value::Bool(v));
                        if ui.selectable_label(on, label).clicked() && !on {
                            chosen = Some(Some(Value::Bool(v)));
                        }
                    }
                    if ui
                        .small_button("↺")
                        .on_hover_text("Back to each kind's default")
                        .clicked()
                    {
                        chosen = Some(None);
                    }
                });
            }
            AnswerType::Choice(options) => {
                ui.label(&q.label).on_hover_text(&q.help);
                let text = current
                    .as_ref()
                    .and_then(Value::as_text)
                    .unwrap_or("(mixed)")
                    .to_owned();
                egui::ComboBox::from_id_salt("choice")
                    .selected_text(text)
                    .show_ui(ui, |ui| {
                        for o in options {
                            if ui.selectable_label(false, o).clicked() {
                                chosen = Some(Some(Value::Text(o.clone())));
                            }
                        }
                    });
            }
            // Free text and numbers differ per component; they are edited one at a time.
            AnswerType::Text | AnswerType::Int => {}
        });
        if let Some(value) = chosen {
            let edits: Vec<Edit> = elements
                .iter()
                .filter(|(_, e)| e.properties.get(key) != value.as_ref())
                .map(|(id, _)| Edit::SetProperty {
                    element: (*id).clone(),
                    key: key.clone(),
                    value: value.clone(),
                })
                .collect();
            if !edits.is_empty() {
                fx.edit(Transaction::new(
                    format!("Answer {:?} for {} components", key.as_str(), edits.len()),
                    edits,
                ));
            }
        }
    }
}

/// Controls every selected component offers ([`PanelCtx::controls_offered`]).
fn controls_ui(ui: &mut Ui, cx: &PanelCtx<'_>, elements: &[(&ElementId, &Element)], fx: &mut Effects) {
    let offered: Vec<Vec<ControlId>> = elements.iter().map(|(id, e)| cx.controls_offered(id, e)).collect();
    let shared: Vec<&ControlId> = offered[0]
        .iter()
        .filter(|c| offered.iter().all(|o| o.contains(c)))
        .collect();
    if shared.is_empty() {
        return;
    }
    section(ui, "Controls they share");
    for c in shared {
        let name = cx.catalog.control(c).map_or(c.to_string(), |x| x.name.clone());
        let current = mixed(elements.iter().map(|(_, e)| e.controls.get(c).copied()));
        let shown = match current {
            Some(Some(s)) => s.map_or("—", ControlState::label),
            _ => "(mixed)",
        };
        let mut pick: Option<Option<ControlState>> = None;
        ui.horizontal(|ui| {
            ui.add(egui::Label::new(&name).truncate());
            egui::ComboBox::from_id_salt(("multi-control", c.as_str()))
                .selected_text(shown)
                .width(110.0)
                .show_ui(ui, |ui| {
                    for s in std::iter::once(None).chain(ControlState::ALL.into_iter().map(Some)) {
                        if ui.selectable_label(false, s.map_or("—", ControlState::label)).clicked() {
                            pick = Some(s);
                        }
                    }
                });
        });
        if let Some(state) = pick {
            let edits: Vec<Edit> = elements
                .iter()
                .filter(|(_, e)| e.controls.get(c).copied() != state)
                .map(|(id, _)| Edit::SetControl {
                    target: Target::Element((*id).clone()),
                    control: c.clone(),
                    state,
                })
                .collect();
            if !edits.is_empty() {
                let label = format!(
                    "{name}: {} on {} components",
                    state.map_or("—", ControlState::label),
                    edits.len()
                );
                fx.edit(Transaction::new(label, edits));
            }
        }
    }
}

/// The data classes the selected flows carry: ticked where all carry it.
fn data_ui(ui: &mut Ui, cx: &PanelCtx<'_>, flows: &[&FlowId], fx: &mut Effects) {
    let m = cx.model();
    section(ui, "Data the flows carry");
    ui.horizontal_wrapped(|ui| {
        for (dc, class) in &cx.catalog.data_classes {
            let carried = flows.iter().filter(|f| m.flows[**f].data.contains(dc)).count();
            let mut on = carried == flows.len();
            let mut text = RichText::new(&class.name);
            if carried > 0 && carried < flows.len() {
                text = text.italics();
            }
            if ui
                .checkbox(&mut on, text)
                .on_hover_text(format!("{} of {} selected flows carry it", carried, flows.len()))
                .changed()
            {
                let edits: Vec<Edit> = flows
                    .iter()
                    .filter(|f| m.flows[**f].data.contains(dc) != on)
                    .map(|f| {
                        let mut g = m.flows[*f].clone();
                        if on {
                            g.data.insert(dc.clone());
                        } else {
                            g.data.remove(dc);
                        }
                        Edit::SetFlow {
                            id: (*f).clone(),
                            flow: g,
                        }
                    })
                    .collect();
                let verb = if on { "Carry" } else { "Stop carrying" };
                fx.edit(Transaction::new(
                    format!("{verb} {} on {} flows", class.name, edits.len()),
                    edits,
                ));
            }
        }
    });
}

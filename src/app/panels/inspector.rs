//! The inspector: edits the selected component (name, kind, boundary, the kind's questions, its
//! controls, notes, linked decisions and assumptions), flow (label, data classes, protocol and
//! security properties) or boundary (name, kind, parent). Every change is returned as an edit.

use super::PanelCtx;
use super::widgets::{commit_int, commit_text, section};
use crate::app::Effects;
use crate::app::session::{Item, Selection, Session};
use crate::catalog::{Answer, AnswerSource, AnswerType};
use crate::model::{
    BoundaryId, BoundaryKind, ControlState, Edit, Element, ElementId, Flow, FlowId, Model, Note, NoteKind, PropKey,
    Target, Transaction, Value,
};
use egui::{Id, RichText, Ui};
use std::collections::BTreeSet;

/// The inspector panel.
#[derive(Debug, Default)]
pub struct Inspector;

impl Inspector {
    /// Draws the inspector for the current selection.
    pub fn ui(&mut self, ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, fx: &mut Effects) {
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            ui.add_space(4.0);
            match session.selection.single() {
                Some(Item::Element(id)) => element_ui(ui, cx, session, &id, fx),
                Some(Item::Flow(id)) => flow_ui(ui, cx, session, &id, fx),
                Some(Item::Boundary(id)) => boundary_ui(ui, cx, &id, fx),
                None if session.selection.is_empty() => model_ui(ui, cx, fx),
                None => super::multi::multi_ui(ui, cx, session, fx),
            }
        });
    }
}

fn model_ui(ui: &mut Ui, cx: &PanelCtx<'_>, fx: &mut Effects) {
    let m = cx.model();
    ui.heading("Threat model");
    ui.weak(format!(
        "{} components · {} flows · {} trust boundaries",
        m.elements.len(),
        m.flows.len(),
        m.boundaries.len()
    ));
    section(ui, "Name");
    if let Some(name) = commit_text(ui, Id::new("model-name"), &m.name, false, "System name") {
        fx.edit(Transaction::single(
            "Rename model",
            Edit::SetModelInfo {
                name,
                description: m.description.clone(),
            },
        ));
    }
    section(ui, "Description");
    if let Some(description) = commit_text(ui, Id::new("model-description"), &m.description, true, "What it does") {
        fx.edit(Transaction::single(
            "Edit description",
            Edit::SetModelInfo {
                name: m.name.clone(),
                description,
            },
        ));
    }
    ui.add_space(10.0);
    ui.weak("Select a component, flow or trust boundary on the canvas to edit it.");
}

/// A combo box as wide as the panel allows, without widening it.
fn combo_width(ui: &Ui) -> f32 {
    (ui.available_width() - 16.0).max(60.0)
}

fn set_element(id: &ElementId, label: &str, element: Element) -> Transaction {
    Transaction::single(
        label,
        Edit::SetElement {
            id: id.clone(),
            element,
        },
    )
}

fn element_ui(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, id: &ElementId, fx: &mut Effects) {
    let model = cx.model();
    let Some(el) = model.elements.get(id) else { return };
    let kind = cx.catalog.kind(&el.kind);
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(28.0, 28.0), egui::Sense::hover());
        let color = kind
            .map(|k| cx.theme.palette.category(&k.category))
            .unwrap_or(cx.theme.palette.text_weak);
        crate::app::icons::paint(
            ui.painter(),
            rect,
            kind.map(|k| k.icon.as_str()).unwrap_or(crate::app::icons::UNKNOWN_ICON),
            color,
        );
        ui.vertical(|ui| {
            ui.add(egui::Label::new(RichText::new(&el.name).heading()).wrap());
            let what = kind
                .map(|k| format!("{} · {}", k.name, k.dfd.label()))
                .unwrap_or_else(|| format!("unknown kind {:?}", el.kind.as_str()));
            ui.add(egui::Label::new(RichText::new(what).weak()).wrap());
        });
    });
    if let Some(k) = kind {
        ui.label(RichText::new(&k.description).small());
    }

    section(ui, "Name");
    if let Some(name) = commit_text(ui, Id::new(("el-name", id.as_str())), &el.name, false, "Name")
        && !name.trim().is_empty()
    {
        let mut e = el.clone();
        e.name = name.trim().to_owned();
        fx.edit(set_element(id, "Rename component", e));
    }

    section(ui, "Kind");
    let current = kind.map(|k| k.name.clone()).unwrap_or_else(|| el.kind.to_string());
    egui::ComboBox::from_id_salt(("el-kind", id.as_str()))
        .selected_text(current)
        .width(combo_width(ui))
        .show_ui(ui, |ui| {
            for k in cx.catalog.kinds_in_order() {
                if ui.selectable_label(k.id == el.kind, &k.name).clicked() && k.id != el.kind {
                    let mut e = el.clone();
                    e.kind = k.id.clone();
                    fx.edit(set_element(id, "Change kind", e));
                }
            }
        });
    section(ui, "Trust boundary");
    let current = el
        .boundary
        .as_ref()
        .and_then(|b| model.boundaries.get(b))
        .map(|b| b.name.clone())
        .unwrap_or_else(|| "— none —".to_owned());
    egui::ComboBox::from_id_salt(("el-boundary", id.as_str()))
        .selected_text(current)
        .width(combo_width(ui))
        .show_ui(ui, |ui| {
            if ui.selectable_label(el.boundary.is_none(), "— none —").clicked() && el.boundary.is_some() {
                let mut e = el.clone();
                e.boundary = None;
                fx.edit(set_element(id, "Move out of boundary", e));
            }
            for (bid, b) in &model.boundaries {
                let here = el.boundary.as_ref() == Some(bid);
                if ui.selectable_label(here, &b.name).clicked() && !here {
                    let mut e = el.clone();
                    e.boundary = Some(bid.clone());
                    fx.edit(set_element(id, "Move into boundary", e));
                }
            }
        });
    maestro_layer_ui(ui, cx, id, el, fx);

    if let Some(k) = kind
        && !k.questions.is_empty()
    {
        section(ui, "Questions");
        for (key, default) in &k.questions {
            question_ui(ui, cx, id, el, key, default, fx);
        }
    }

    controls_ui(ui, cx, id, el, fx);
    super::evidence::ui(ui, cx.theme, Target::Element(id.clone()), el.inferred.as_ref(), fx);
    findings_on_element(ui, cx, session, id);

    section(ui, "Notes");
    if let Some(notes) = commit_text(ui, Id::new(("el-notes", id.as_str())), &el.notes, true, "Design notes") {
        let mut e = el.clone();
        e.notes = notes;
        fx.edit(set_element(id, "Edit notes", e));
    }
    linked_notes_ui(ui, model, id, fx);
}

fn question_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    id: &ElementId,
    el: &Element,
    key: &PropKey,
    default: &Value,
    fx: &mut Effects,
) {
    let Some(q) = cx.catalog.questions.get(key) else { return };
    let answered = el.properties.get(key);
    // What the drawing answers (a tool call it sends, a caller on the internet), when the
    // person has not.
    let drawn = match cx.catalog.answer_in(cx.model(), id, key) {
        Some(Answer {
            value,
            source: AnswerSource::Drawing(fid),
        }) => Some((value, fid)),
        _ => None,
    };
    let value = answered.or(drawn.map(|d| d.0)).unwrap_or(default);
    let set = |value: Option<Value>| {
        Transaction::single(
            format!("Answer {:?}", key.as_str()),
            Edit::SetProperty {
                element: id.clone(),
                key: key.clone(),
                value,
            },
        )
    };
    let help = if q.help.is_empty() {
        q.label.clone()
    } else {
        q.help.clone()
    };
    ui.push_id(("q", key.as_str()), |ui| {
        ui.horizontal_top(|ui| {
            // Room on the right for the "default" tag or the reset button, so a long question
            // never widens the panel.
            let width = (ui.available_width() - 60.0).max(80.0);
            ui.vertical(|ui| {
                ui.set_width(width);
                match &q.answer {
                    AnswerType::Bool => {
                        let mut b = value.as_bool().unwrap_or(false);
                        if ui.checkbox(&mut b, &q.label).on_hover_text(&help).changed() {
                            fx.edit(set(Some(Value::Bool(b))));
                        }
                    }
                    AnswerType::Choice(options) => {
                        ui.add(egui::Label::new(&q.label).wrap()).on_hover_text(&help);
                        let current = value.as_text().unwrap_or_default().to_owned();
                        egui::ComboBox::from_id_salt("choice")
                            .selected_text(&current)
                            .width(width - 12.0)
                            .show_ui(ui, |ui| {
                                for o in options {
                                    if ui.selectable_label(*o == current, o).clicked() && *o != current {
                                        fx.edit(set(Some(Value::Text(o.clone()))));
                                    }
                                }
                            });
                    }
                    AnswerType::Text => {
                        ui.add(egui::Label::new(&q.label).wrap()).on_hover_text(&help);
                        let current = value.as_text().unwrap_or_default();
                        if let Some(t) =
                            commit_text(ui, Id::new(("q-text", id.as_str(), key.as_str())), current, false, "")
                        {
                            fx.edit(set(Some(Value::Text(t))));
                        }
                    }
                    AnswerType::Int => {
                        ui.add(egui::Label::new(&q.label).wrap()).on_hover_text(&help);
                        let current = match value {
                            Value::Int(i) => *i,
                            _ => 0,
                        };
                        if let Some(v) = commit_int(ui, Id::new(("q-int", id.as_str(), key.as_str())), current) {
                            fx.edit(set(Some(Value::Int(v))));
                        }
                    }
                }
            });
            if answered.is_some() {
                if ui
                    .small_button("↺")
                    .on_hover_text(format!(
                        "Back to the default for this kind ({value_default})",
                        value_default = default
                    ))
                    .clicked()
                {
                    fx.edit(set(None));
                }
            } else if let Some(flow) = drawn.and_then(|(_, fid)| cx.model().flows.get(fid)) {
                ui.weak("drawn").on_hover_text(format!(
                    "Not answered yet: the drawing answers it, since {}. Answer it to override.",
                    crate::catalog::drawing_reason(cx.model(), flow, &flow.from == id, q.implied_by.as_ref())
                ));
            } else {
                ui.weak("default")
                    .on_hover_text("Not answered yet: the kind's default is shown");
            }
        });
    });
}

/// A short label for a control state ("—" when none is set).
/// The MAESTRO layer: the kind's, or one a person sets for this component.
fn maestro_layer_ui(ui: &mut Ui, cx: &PanelCtx<'_>, id: &ElementId, el: &Element, fx: &mut Effects) {
    use crate::model::MaestroLayer;
    let name = |l: MaestroLayer| {
        let full = cx
            .catalog
            .frameworks
            .maestro
            .iter()
            .find(|i| i.id == l.id())
            .map_or(l.id(), |i| i.name.as_str());
        format!("{} {}", l.id(), full.split(" (").next().unwrap_or(full))
    };
    let of_kind = cx.catalog.kind(&el.kind).and_then(|k| k.maestro.first().copied());
    let kinds = match of_kind {
        Some(l) => format!("As its kind: {}", name(l)),
        None => "As its kind: none".to_owned(),
    };
    section(ui, "MAESTRO layer");
    egui::ComboBox::from_id_salt(("el-layer", id.as_str()))
        .selected_text(el.layer.map_or(kinds.clone(), name))
        .width(combo_width(ui))
        .show_ui(ui, |ui| {
            if ui.selectable_label(el.layer.is_none(), &kinds).clicked() && el.layer.is_some() {
                let mut e = el.clone();
                e.layer = None;
                fx.edit(set_element(id, "Use the kind's MAESTRO layer", e));
            }
            for l in MaestroLayer::ALL {
                let here = el.layer == Some(l);
                if ui.selectable_label(here, name(l)).clicked() && !here {
                    let mut e = el.clone();
                    e.layer = Some(l);
                    fx.edit(set_element(id, "Set MAESTRO layer", e));
                }
            }
        });
}

fn state_label(state: Option<ControlState>) -> &'static str {
    state.map(ControlState::label).unwrap_or("—")
}

fn controls_ui(ui: &mut Ui, cx: &PanelCtx<'_>, id: &ElementId, el: &Element, fx: &mut Effects) {
    let ids = cx.controls_offered(id, el);
    // How many open findings on this component each control would close.
    let open_here: Vec<_> = cx.eval.open_on(id).collect();
    if ids.is_empty() {
        return;
    }
    section(ui, "Controls");
    for c in ids {
        let control = cx.catalog.control(&c);
        let name = control.map(|c| c.name.clone()).unwrap_or_else(|| c.to_string());
        let desc = control.map(|c| c.description.clone()).unwrap_or_default();
        let closes = open_here.iter().filter(|f| f.missing_controls.contains(&c)).count();
        let state = el.controls.get(&c).copied();
        ui.horizontal(|ui| {
            // Fixed widths: a long control name is cut short (full name on hover) rather than
            // widening the panel.
            let combo_w = 118.0;
            let tag_w = if closes > 0 { 58.0 } else { 0.0 };
            let row_h = ui.spacing().interact_size.y;
            let name_w = (ui.available_width() - combo_w - tag_w - 3.0 * ui.spacing().item_spacing.x).max(40.0);
            ui.allocate_ui_with_layout(
                egui::vec2(name_w, row_h),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    ui.set_min_width(name_w);
                    ui.add(egui::Label::new(&name).truncate()).on_hover_text(&desc);
                },
            );
            if closes > 0 {
                let color = cx.theme.palette.severity(crate::catalog::Severity::High);
                ui.add_sized(
                    [tag_w, row_h],
                    egui::Label::new(RichText::new(format!("closes {closes}")).small().color(color)),
                )
                .on_hover_text("Implementing it closes this many open findings on this component");
            }
            egui::ComboBox::from_id_salt(("control", id.as_str(), c.as_str()))
                .selected_text(state_label(state))
                .width(combo_w - 10.0)
                .show_ui(ui, |ui| {
                    for s in std::iter::once(None).chain(ControlState::ALL.into_iter().map(Some)) {
                        if ui.selectable_label(s == state, state_label(s)).clicked() && s != state {
                            fx.edit(Transaction::single(
                                format!("{name}: {}", state_label(s)),
                                Edit::SetControl {
                                    target: Target::Element(id.clone()),
                                    control: c.clone(),
                                    state: s,
                                },
                            ));
                        }
                    }
                });
        });
    }
}

fn findings_on_element(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, id: &ElementId) {
    let open: Vec<_> = cx.eval.open_on(id).collect();
    if open.is_empty() {
        return;
    }
    section(ui, &format!("Open findings ({})", open.len()));
    for f in open {
        let color = cx.theme.palette.severity(f.severity);
        let selected = session.selected_finding.as_ref() == Some(&f.id);
        let text = RichText::new(format!("◆ {}", f.title)).color(color);
        if ui
            .add(egui::Button::selectable(selected, text).wrap())
            .on_hover_text(&f.why)
            .clicked()
        {
            session.selected_finding = if selected { None } else { Some(f.id.clone()) };
        }
    }
}

fn linked_notes_ui(ui: &mut Ui, model: &Model, id: &ElementId, fx: &mut Effects) {
    section(ui, "Decisions and assumptions");
    for (nid, note) in model.notes.iter().filter(|(_, n)| n.elements.contains(id)) {
        let kind = note.kind.label();
        ui.horizontal(|ui| {
            ui.label(RichText::new(kind).small().strong());
            if ui
                .small_button("Unlink")
                .on_hover_text("Unlink it from this component")
                .clicked()
            {
                let mut n = note.clone();
                n.elements.remove(id);
                let n = if n.elements.is_empty() && n.text.trim().is_empty() {
                    None
                } else {
                    Some(n)
                };
                fx.edit(Transaction::single(
                    format!("Unlink {}", kind.to_lowercase()),
                    Edit::SetNote {
                        id: nid.clone(),
                        note: n,
                    },
                ));
            }
        });
        if let Some(text) = commit_text(
            ui,
            Id::new(("note", nid.as_str())),
            &note.text,
            true,
            "What was decided or assumed",
        ) {
            let mut n = note.clone();
            n.text = text;
            fx.edit(Transaction::single(
                format!("Edit {}", kind.to_lowercase()),
                Edit::SetNote {
                    id: nid.clone(),
                    note: Some(n),
                },
            ));
        }
    }
    ui.horizontal(|ui| {
        for (label, kind) in [
            ("+ Decision", NoteKind::Decision),
            ("+ Assumption", NoteKind::Assumption),
        ] {
            if ui.button(label).clicked() {
                let mut note = Note::new(kind, String::new());
                note.elements = BTreeSet::from([id.clone()]);
                fx.edit(Transaction::single(
                    format!("Add {}", label.trim_start_matches("+ ").to_lowercase()),
                    Edit::SetNote {
                        id: model.fresh_note_id(),
                        note: Some(note),
                    },
                ));
            }
        }
    });
}

fn set_flow(id: &FlowId, label: &str, flow: Flow) -> Transaction {
    Transaction::single(label, Edit::SetFlow { id: id.clone(), flow })
}

fn flow_ui(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, id: &FlowId, fx: &mut Effects) {
    let model = cx.model();
    let Some(f) = model.flows.get(id) else { return };
    let name = |e: &ElementId| {
        model
            .elements
            .get(e)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| e.to_string())
    };
    let title = if f.label.is_empty() {
        "Data flow".to_owned()
    } else {
        f.label.clone()
    };
    ui.add(egui::Label::new(RichText::new(title).heading()).wrap());
    ui.horizontal_wrapped(|ui| {
        if ui.link(name(&f.from)).clicked() {
            session.selection = Selection::only(Item::Element(f.from.clone()));
        }
        ui.label(if f.returns.is_empty() { "→" } else { "⟷" });
        if ui.link(name(&f.to)).clicked() {
            session.selection = Selection::only(Item::Element(f.to.clone()));
        }
    });
    if model.crosses_boundary(f) {
        ui.label(RichText::new("Crosses a trust boundary").color(cx.theme.palette.flow_crossing));
    }
    super::evidence::ui(ui, cx.theme, Target::Flow(id.clone()), f.inferred.as_ref(), fx);

    section(ui, "Label");
    if let Some(label) = commit_text(
        ui,
        Id::new(("fl-label", id.as_str())),
        &f.label,
        false,
        "What it carries",
    ) {
        let mut g = f.clone();
        g.label = label.trim().to_owned();
        fx.edit(set_flow(id, "Rename flow", g));
    }
    section(ui, "Protocol");
    if let Some(p) = commit_text(
        ui,
        Id::new(("fl-proto", id.as_str())),
        &f.protocol,
        false,
        "HTTPS, gRPC, MCP stdio…",
    ) {
        let mut g = f.clone();
        g.protocol = p.trim().to_owned();
        fx.edit(set_flow(id, "Set protocol", g));
    }
    section(ui, "What it does");
    ui.horizontal_wrapped(|ui| {
        for op in crate::model::Operation::ALL {
            let tip = match op {
                crate::model::Operation::Read => "A query: results come back to the sender",
                crate::model::Operation::Write => "Stores or changes data at the receiver",
                crate::model::Operation::Invoke => "Makes the receiver act: an API or tool call",
                crate::model::Operation::Stream => "A continuous feed: logs, telemetry, replication",
                crate::model::Operation::Event => "A message or notification the receiver reacts to",
            };
            if ui
                .selectable_label(f.operation == op, op.id())
                .on_hover_text(tip)
                .clicked()
                && f.operation != op
            {
                let mut g = f.clone();
                g.operation = op;
                fx.edit(set_flow(id, &format!("Operation: {}", op.id()), g));
            }
        }
    });
    section(ui, "Security");
    for fact in crate::model::FlowFact::ALL {
        let current = fact.of(f);
        ui.horizontal_wrapped(|ui| {
            ui.label(fact.question());
            for value in [
                crate::model::Fact::Yes,
                crate::model::Fact::No,
                crate::model::Fact::Unknown,
            ] {
                let text = match value {
                    crate::model::Fact::Unknown => "not known".to_owned(),
                    v => v.id().to_owned(),
                };
                if ui.selectable_label(current == value, text).clicked() && current != value {
                    let mut g = f.clone();
                    fact.set(&mut g, value);
                    fx.edit(set_flow(id, &format!("{}: {}", fact.id(), value.id()), g));
                }
            }
        });
    }

    for back in [false, true] {
        section(
            ui,
            if back {
                "Data that comes back"
            } else {
                "Data it carries"
            },
        );
        data_chips_ui(ui, cx, f, id, back, fx);
    }
    ui.weak("Red: sensitive · italic: untrusted content");

    if !f.controls.is_empty() {
        section(ui, "Controls on this flow");
        for (c, state) in &f.controls {
            let name = cx
                .catalog
                .control(c)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| c.to_string());
            ui.horizontal(|ui| {
                ui.label(&name);
                egui::ComboBox::from_id_salt(("fl-control", id.as_str(), c.as_str()))
                    .selected_text(state.label())
                    .show_ui(ui, |ui| {
                        for s in std::iter::once(None).chain(ControlState::ALL.into_iter().map(Some)) {
                            if ui.selectable_label(s == Some(*state), state_label(s)).clicked() && s != Some(*state) {
                                fx.edit(Transaction::single(
                                    format!("{name}: {}", state_label(s)),
                                    Edit::SetControl {
                                        target: Target::Flow(id.clone()),
                                        control: c.clone(),
                                        state: s,
                                    },
                                ));
                            }
                        }
                    });
            });
        }
    }

    section(ui, "Notes");
    if let Some(notes) = commit_text(ui, Id::new(("fl-notes", id.as_str())), &f.notes, true, "Notes") {
        let mut g = f.clone();
        g.notes = notes;
        fx.edit(set_flow(id, "Edit flow notes", g));
    }
}

/// `id` and every boundary nested (at any depth) inside it: not allowed as its parent.
/// The data classes a flow carries (`back`: what comes back), one checkbox each.
fn data_chips_ui(ui: &mut Ui, cx: &PanelCtx<'_>, f: &Flow, id: &FlowId, back: bool, fx: &mut Effects) {
    ui.horizontal_wrapped(|ui| {
        for (dc, class) in &cx.catalog.data_classes {
            let set = if back { &f.returns } else { &f.data };
            let mut on = set.contains(dc);
            let mut text = RichText::new(&class.name);
            if class.sensitive {
                text = text.color(cx.theme.palette.severity(crate::catalog::Severity::High));
            }
            let mut tip = class.description.clone();
            if class.sensitive {
                tip.push_str("\nSensitive: leaking it does harm.");
            }
            if class.untrusted {
                tip.push_str("\nUntrusted: it can carry an attacker's instructions.");
            }
            let label = if class.untrusted { text.italics() } else { text };
            if ui.checkbox(&mut on, label).on_hover_text(tip).changed() {
                let mut g = f.clone();
                let set = if back { &mut g.returns } else { &mut g.data };
                if on {
                    set.insert(dc.clone());
                } else {
                    set.remove(dc);
                }
                let what = if back { "Returns" } else { "Data" };
                fx.edit(set_flow(id, &format!("{what}: {}", class.name), g));
            }
        }
    });
}

fn self_and_descendants(model: &Model, id: &BoundaryId) -> BTreeSet<BoundaryId> {
    let mut out = BTreeSet::from([id.clone()]);
    loop {
        let more: Vec<BoundaryId> = model
            .boundaries
            .iter()
            .filter(|(b, x)| !out.contains(*b) && x.parent.as_ref().is_some_and(|p| out.contains(p)))
            .map(|(b, _)| b.clone())
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

fn boundary_ui(ui: &mut Ui, cx: &PanelCtx<'_>, id: &BoundaryId, fx: &mut Effects) {
    let model = cx.model();
    let Some(b) = model.boundaries.get(id) else { return };
    let set = |label: &str, boundary| {
        Transaction::single(
            label,
            Edit::SetBoundary {
                id: id.clone(),
                boundary,
            },
        )
    };
    let title = RichText::new(&b.name)
        .heading()
        .color(cx.theme.palette.boundary(b.kind));
    ui.add(egui::Label::new(title).wrap());
    ui.weak("Trust boundary");
    section(ui, "Name");
    if let Some(name) = commit_text(ui, Id::new(("tb-name", id.as_str())), &b.name, false, "Name")
        && !name.trim().is_empty()
    {
        let mut c = b.clone();
        c.name = name.trim().to_owned();
        fx.edit(set("Rename boundary", c));
    }
    section(ui, "Kind");
    egui::ComboBox::from_id_salt(("tb-kind", id.as_str()))
        .selected_text(b.kind.label())
        .width(combo_width(ui))
        .show_ui(ui, |ui| {
            for k in BoundaryKind::ALL {
                if ui.selectable_label(k == b.kind, k.label()).clicked() && k != b.kind {
                    let mut c = b.clone();
                    c.kind = k;
                    fx.edit(set("Change boundary kind", c));
                }
            }
        });
    section(ui, "Nested inside");
    let excluded = self_and_descendants(model, id);
    let current = b
        .parent
        .as_ref()
        .and_then(|p| model.boundaries.get(p))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "— top level —".to_owned());
    egui::ComboBox::from_id_salt(("tb-parent", id.as_str()))
        .selected_text(current)
        .width(combo_width(ui))
        .show_ui(ui, |ui| {
            if ui.selectable_label(b.parent.is_none(), "— top level —").clicked() && b.parent.is_some() {
                let mut c = b.clone();
                c.parent = None;
                fx.edit(set("Un-nest boundary", c));
            }
            for (pid, p) in model.boundaries.iter().filter(|(p, _)| !excluded.contains(*p)) {
                let here = b.parent.as_ref() == Some(pid);
                if ui.selectable_label(here, &p.name).clicked() && !here {
                    let mut c = b.clone();
                    c.parent = Some(pid.clone());
                    fx.edit(set("Nest boundary", c));
                }
            }
        });
    let members: Vec<&str> = model
        .elements
        .values()
        .filter(|e| e.boundary.as_ref() == Some(id))
        .map(|e| e.name.as_str())
        .collect();
    section(ui, &format!("Members ({})", members.len()));
    if members.is_empty() {
        ui.weak("Move components into the boundary to make them members.");
    }
    for m in members {
        ui.label(format!("• {m}"));
    }
    section(ui, "Notes");
    if let Some(notes) = commit_text(ui, Id::new(("tb-notes", id.as_str())), &b.notes, true, "Notes") {
        let mut c = b.clone();
        c.notes = notes;
        fx.edit(set("Edit boundary notes", c));
    }
}

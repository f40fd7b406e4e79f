//! Small input widgets that commit once: text on Enter or focus loss, numbers at the end of a
//! drag, so typing a name or dragging a value is one undo step, not one per frame. The text
//! being typed is widget scratch in egui memory, keyed by the field's id.

use egui::{Id, Response, Ui};

/// A text field showing `current`. Returns the new text once, when the person presses Enter
/// (single line) or leaves the field, if it changed.
pub fn commit_text(ui: &mut Ui, id: Id, current: &str, multiline: bool, hint: &str) -> Option<String> {
    commit_text_labelled(ui, id, current, multiline, hint, None)
}

/// As [`commit_text`], named for screen readers (and tests) by the label drawn before it.
pub fn commit_text_labelled(
    ui: &mut Ui,
    id: Id,
    current: &str,
    multiline: bool,
    hint: &str,
    label: Option<Id>,
) -> Option<String> {
    let mut buf: String = ui.data(|d| d.get_temp(id)).unwrap_or_else(|| current.to_owned());
    let edit = if multiline {
        egui::TextEdit::multiline(&mut buf).desired_rows(3)
    } else {
        egui::TextEdit::singleline(&mut buf)
    };
    let mut resp: Response = ui.add(edit.id(id).hint_text(hint).desired_width(f32::INFINITY));
    if let Some(l) = label {
        resp = resp.labelled_by(l);
    }
    if resp.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(id));
        let cancelled = ui.input(|i| i.key_pressed(egui::Key::Escape));
        return (!cancelled && buf != current).then_some(buf);
    }
    if resp.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, buf));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    None
}

/// A number field showing `current`. Returns the new value once, when a drag ends or the
/// person leaves the field, if it changed.
pub fn commit_int(ui: &mut Ui, id: Id, current: i64) -> Option<i64> {
    let mut v: i64 = ui.data(|d| d.get_temp(id)).unwrap_or(current);
    let resp = ui
        .push_id(id, |ui| ui.add(egui::DragValue::new(&mut v).speed(0.25)))
        .inner;
    let done = resp.drag_stopped() || resp.lost_focus();
    if done {
        ui.data_mut(|d| d.remove::<i64>(id));
        return (v != current).then_some(v);
    }
    if resp.dragged() || resp.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, v));
    } else {
        ui.data_mut(|d| d.remove::<i64>(id));
    }
    None
}

/// A section title in a side panel.
pub fn section(ui: &mut Ui, title: &str) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(title).strong());
    ui.add_space(2.0);
}

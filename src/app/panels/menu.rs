//! The menu bar. Every entry is an [`AppCommand`] (label and shortcut from its one definition)
//! or an [`Action`] with a payload (a recent file, an example, a theme).

use super::PanelCtx;
use crate::app::export::ExportTarget;
use crate::app::files::EXAMPLES;
use crate::app::session::Session;
use crate::app::settings::{Settings, ThemeChoice};
use crate::app::{Action, AppCommand, Effects};
use egui::Ui;

/// The menu bar.
#[derive(Debug, Default)]
pub struct MenuBar;

fn command(ui: &mut Ui, c: AppCommand, enabled: bool, fx: &mut Effects) {
    let mut button = egui::Button::new(c.label());
    if let Some(s) = c.shortcut_text(ui.ctx()) {
        button = button.shortcut_text(s);
    }
    if ui.add_enabled(enabled, button).on_hover_text(c.tooltip()).clicked() {
        fx.command(c);
        ui.close();
    }
}

fn toggle(ui: &mut Ui, c: AppCommand, on: bool, fx: &mut Effects) {
    let mut state = on;
    if ui.checkbox(&mut state, c.label()).on_hover_text(c.tooltip()).clicked() {
        fx.command(c);
        ui.close();
    }
}

/// File → Export: every report, diagram and other-tool format, and whether reports list closed findings.
fn export_menu(ui: &mut Ui, settings: &Settings, has_sessions: bool, fx: &mut Effects) {
    let (mut diagrams, mut models) = (false, false);
    for target in ExportTarget::all() {
        // A handout is of a workshop session; a model without one has none to export.
        if matches!(target, ExportTarget::Handout(_)) && !has_sessions {
            continue;
        }
        if matches!(target, ExportTarget::Diagram(_)) && !diagrams {
            ui.separator();
            diagrams = true;
        }
        if matches!(target, ExportTarget::Model(_)) && !models {
            ui.separator();
            models = true;
        }
        let label = format!("{}…", target.label());
        if ui
            .button(label)
            .on_hover_text(format!("Write a .{} file", target.extension()))
            .clicked()
        {
            fx.action(Action::Export(target));
            ui.close();
        }
    }
    ui.separator();
    let mut closed = settings.export_include_closed;
    if ui
        .checkbox(&mut closed, "Reports include mitigated and triaged findings")
        .clicked()
    {
        fx.action(Action::SetExportIncludeClosed(closed));
    }
}

impl MenuBar {
    /// Draws the menu bar.
    pub fn ui(&mut self, ui: &mut Ui, cx: &PanelCtx<'_>, session: &Session, settings: &Settings, fx: &mut Effects) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                command(ui, AppCommand::New, true, fx);
                command(ui, AppCommand::Open, true, fx);
                command(ui, AppCommand::MapRepository, true, fx);
                command(ui, AppCommand::Import, true, fx);
                command(ui, AppCommand::CompareWith, true, fx);
                ui.menu_button("Open recent", |ui| {
                    if settings.recent.is_empty() {
                        ui.weak("No recent files");
                    }
                    for p in &settings.recent {
                        if ui.button(p.display().to_string()).clicked() {
                            fx.action(Action::OpenPath(p.clone()));
                            ui.close();
                        }
                    }
                });
                ui.menu_button("Open example", |ui| {
                    for (i, ex) in EXAMPLES.iter().enumerate() {
                        if ui.button(ex.title).clicked() {
                            fx.action(Action::OpenExample(i));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                command(ui, AppCommand::Save, true, fx);
                command(ui, AppCommand::SaveAs, true, fx);
                ui.menu_button("Export", |ui| {
                    export_menu(ui, settings, !cx.model().sessions.is_empty(), fx)
                });
                ui.separator();
                command(ui, AppCommand::Quit, true, fx);
            });
            ui.menu_button("Edit", |ui| {
                let undo = cx.doc.undo_label().map(|l| format!("Undo {l}"));
                let redo = cx.doc.redo_label().map(|l| format!("Redo {l}"));
                for (c, label) in [(AppCommand::Undo, undo), (AppCommand::Redo, redo)] {
                    let mut b = egui::Button::new(label.clone().unwrap_or_else(|| c.label().to_owned()));
                    if let Some(s) = c.shortcut_text(ui.ctx()) {
                        b = b.shortcut_text(s);
                    }
                    if ui.add_enabled(label.is_some(), b).clicked() {
                        fx.command(c);
                        ui.close();
                    }
                }
                ui.separator();
                let any = !session.selection.is_empty();
                let elements = !session.selection.elements.is_empty();
                command(ui, AppCommand::Cut, elements, fx);
                command(ui, AppCommand::Copy, elements, fx);
                command(ui, AppCommand::Paste, true, fx);
                command(ui, AppCommand::Duplicate, elements, fx);
                command(ui, AppCommand::Delete, any, fx);
                ui.separator();
                command(ui, AppCommand::Rename, session.selection.single().is_some(), fx);
                command(ui, AppCommand::SelectAll, true, fx);
                command(ui, AppCommand::ClearSelection, true, fx);
                command(ui, AppCommand::Find, true, fx);
                ui.separator();
                command(ui, AppCommand::AssistantSettings, true, fx);
            });
            // No assistant configured: nothing of it is in the way.
            if !settings.assistant.trim().is_empty() {
                ui.menu_button("Assistant", |ui| {
                    let finding = session.selected_finding.is_some();
                    command(ui, AppCommand::AssistantSuggest, true, fx);
                    command(ui, AppCommand::AssistantExplain, finding, fx);
                    if ui
                        .add_enabled(finding, egui::Button::new("Explain it for an executive"))
                        .on_hover_text("The same explanation, asked for a reader who decides on risk rather than code")
                        .clicked()
                    {
                        fx.action(crate::app::Action::ExplainForExecutive);
                        ui.close();
                    }
                    command(ui, AppCommand::AssistantControls, finding, fx);
                    command(ui, AppCommand::AssistantDraft, true, fx);
                    ui.separator();
                    ui.weak("Suggestions wait beside the saved model for your review.");
                });
            }
            ui.menu_button("Insert", |ui| {
                command(ui, AppCommand::AddBoundary, true, fx);
                ui.weak("Components: drag them from the palette");
            });
            ui.menu_button("View", |ui| {
                for lens in crate::app::views::Lens::ALL {
                    let c = lens.command();
                    let mut button = egui::Button::selectable(session.lens.view == lens, c.label());
                    if let Some(k) = c.shortcut_text(ui.ctx()) {
                        button = button.shortcut_text(k);
                    }
                    if ui.add(button).on_hover_text(c.tooltip()).clicked() {
                        fx.command(c);
                        ui.close();
                    }
                }
                ui.separator();
                command(ui, AppCommand::Present, true, fx);
                command(ui, AppCommand::EndSession, cx.workshop_running, fx);
                ui.separator();
                command(ui, AppCommand::Fit, true, fx);
                command(ui, AppCommand::TidyLayout, true, fx);
                command(
                    ui,
                    AppCommand::TidySelection,
                    !session.selection.elements.is_empty(),
                    fx,
                );
                let flows = !crate::app::routing::chosen_flows(cx.model(), &session.selection).is_empty();
                command(ui, AppCommand::RouteRightAngles, flows, fx);
                command(ui, AppCommand::Straighten, flows, fx);
                command(ui, AppCommand::ZoomIn, true, fx);
                command(ui, AppCommand::ZoomOut, true, fx);
                command(
                    ui,
                    AppCommand::Focus,
                    session.selection.single().is_some() || session.selected_finding.is_some(),
                    fx,
                );
                ui.separator();
                ui.menu_button(format!("UI scale ({:.0} %)", settings.scale() * 100.0), |ui| {
                    command(ui, AppCommand::UiScaleUp, true, fx);
                    command(ui, AppCommand::UiScaleDown, true, fx);
                    command(ui, AppCommand::UiScaleReset, true, fx);
                });
                ui.separator();
                toggle(ui, AppCommand::TogglePalette, session.panels.palette, fx);
                toggle(ui, AppCommand::ToggleInspector, session.panels.inspector, fx);
                toggle(ui, AppCommand::ToggleFindings, session.panels.findings, fx);
                toggle(ui, AppCommand::RuleEditor, session.panels.rule_editor, fx);
                ui.separator();
                ui.menu_button("Theme", |ui| {
                    for t in ThemeChoice::ALL {
                        if ui.radio(settings.theme == t, t.label()).clicked() {
                            fx.action(Action::SetTheme(t));
                            ui.close();
                        }
                    }
                });
            });
            ui.menu_button("Help", |ui| {
                command(ui, AppCommand::Help, true, fx);
                command(ui, AppCommand::RuleApi, true, fx);
            });
            ui.separator();
            ui.label(egui::RichText::new(&cx.model().name).strong());
        });
    }
}

//! Modal dialogs — unsaved work, a typed path when no file dialog exists, errors, recovered
//! work — and the keyboard help overlay. Each returns what the person chose; the app acts on it.

use crate::app::commands::AppCommand;
use crate::model::Model;
use egui::{Context, Id, RichText};
use std::path::PathBuf;

/// Something that was waiting for the person to decide about unsaved work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Start an empty model.
    New,
    /// Show the open dialog.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Open a shipped example.
    OpenExample(usize),
    /// Pick a repository and map it into a new model.
    MapRepository,
    /// Open the model a finished mapping produced.
    OpenMapped,
    /// Pick another tool's file and import it as a new model.
    Import,
    /// Close the window.
    Quit,
}

/// What a typed path is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open the file; the recent files are offered.
    Open(Vec<PathBuf>),
    /// Save to the file, then carry on with what was pending.
    Save(Option<Pending>),
    /// Export a report or the diagram to the file.
    Export(crate::app::export::ExportTarget),
}

/// A dialog on top of everything.
#[derive(Debug)]
pub enum Modal {
    /// Unsaved changes would be lost by `Pending`.
    Unsaved(Pending),
    /// No file dialog could be shown: type a path.
    Path {
        /// Open or save.
        purpose: PathPurpose,
        /// What was typed.
        text: String,
    },
    /// Something failed; the message says what and where.
    Error {
        /// One line.
        title: String,
        /// The details (a load error has file:line).
        message: String,
    },
    /// Unsaved work from the last run was found.
    Recovery {
        /// The recovered model.
        model: Box<Model>,
        /// The file it was being edited as.
        original: Option<PathBuf>,
    },
    /// The opened model brings its own rules: run them?
    ModelRules(crate::catalog::ModelRules),
    /// Compare with a file, or with a revision of this model in its git repository.
    CompareChoice {
        /// The repository folder.
        repo: PathBuf,
        /// The model's path inside it.
        file: String,
        /// The revision typed.
        rev: String,
    },
    /// What an import kept and dropped.
    ImportReport {
        /// One line.
        title: String,
        /// The migration report.
        text: String,
    },
    /// The model has merge conflicts to settle, one by one (each with where it is, for people).
    Conflicts(Vec<(crate::model::Conflict, String)>),
    /// The assistant command line.
    AssistantCommand {
        /// What is typed.
        text: String,
    },
    /// The first request of a session, shown before it is sent.
    AssistantPreview {
        /// The request, pretty-printed.
        json: String,
    },
    /// Saving while merge conflicts remain: the person must say so.
    SaveWithConflicts {
        /// How many remain.
        count: usize,
        /// Where it would be saved.
        path: PathBuf,
        /// What to do after saving.
        then: Option<Pending>,
    },
}

/// What the person chose in a modal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Closed it, nothing else.
    Dismiss,
    /// Save, then carry on.
    SaveThen(Pending),
    /// Throw the changes away and carry on.
    DiscardThen(Pending),
    /// Open the typed path.
    OpenTyped(PathBuf),
    /// Save to the typed path, then carry on.
    SaveTyped(PathBuf, Option<Pending>),
    /// Export to the typed path.
    ExportTyped(PathBuf, crate::app::export::ExportTarget),
    /// Restore the recovered work.
    Restore,
    /// Delete the recovered work.
    DiscardRecovery,
    /// Run (or not) the rules in this model rules folder.
    ModelRules(PathBuf, bool),
    /// Compare with `rev` of `file` in the repository `repo`.
    CompareRevision(PathBuf, String, String),
    /// Compare with a file picked in the dialog.
    ComparePickFile,
    /// Settle merge conflict number `.0` by keeping one side.
    Settle(usize, crate::model::Keep),
    /// Save although merge conflicts remain.
    SaveAnyway(PathBuf, Option<Pending>),
    /// Use this assistant command (empty: none).
    SetAssistant(String),
    /// Send the previewed request.
    SendAssistant,
}

/// Shows `modal`; returns the choice once made.
pub fn modal_ui(ctx: &Context, modal: &mut Modal) -> Option<Choice> {
    let mut choice = None;
    let response = egui::Modal::new(Id::new("bulwark-modal")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        match modal {
            Modal::Unsaved(pending) => {
                ui.heading("Save changes?");
                ui.label("The model has changes that are not saved. They are lost unless you save them.");
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        choice = Some(Choice::SaveThen(pending.clone()));
                    }
                    if ui.button("Don't save").clicked() {
                        choice = Some(Choice::DiscardThen(pending.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(Choice::Dismiss);
                    }
                });
            }
            Modal::Path { purpose, text } => {
                let (title, verb) = match purpose {
                    PathPurpose::Open(_) => ("Open a model file", "Open"),
                    PathPurpose::Save(_) => ("Save the model as", "Save"),
                    PathPurpose::Export(t) => (t.label(), "Export"),
                };
                ui.heading(title);
                ui.label("No file dialog is available here (no desktop portal answered). Type the file's path:");
                let edit = ui.add(
                    egui::TextEdit::singleline(text)
                        .desired_width(480.0)
                        .hint_text("/path/to/model.bulwark.ron"),
                );
                edit.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "File path"));
                // Focus the field once, when the dialog opens, so the path can be typed at once.
                let focused_once = Id::new("bulwark-path-field-focused");
                if ui.data(|d| d.get_temp::<bool>(focused_once)).is_none() {
                    edit.request_focus();
                    ui.data_mut(|d| d.insert_temp(focused_once, true));
                }
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if let PathPurpose::Open(recent) = purpose
                    && !recent.is_empty()
                {
                    ui.add_space(6.0);
                    ui.label("Or open a recent file:");
                    for p in recent.iter() {
                        let shown = crate::io::printable_line(&p.display().to_string()).into_owned();
                        if ui.link(shown).clicked() {
                            choice = Some(Choice::OpenTyped(p.clone()));
                        }
                    }
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    let path = PathBuf::from(text.trim());
                    if (ui.button(verb).clicked() || enter) && !text.trim().is_empty() {
                        choice = Some(match purpose {
                            PathPurpose::Open(_) => Choice::OpenTyped(path),
                            PathPurpose::Save(then) => Choice::SaveTyped(path, then.clone()),
                            PathPurpose::Export(t) => Choice::ExportTyped(path, *t),
                        });
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(Choice::Dismiss);
                    }
                });
            }
            Modal::Error { title, message } => {
                ui.heading(title.as_str());
                ui.add_space(4.0);
                ui.label(RichText::new(message.as_str()).monospace());
                ui.add_space(8.0);
                if ui.button("OK").clicked() {
                    choice = Some(Choice::Dismiss);
                }
            }
            Modal::Recovery { model, original } => {
                ui.heading("Restore unsaved work?");
                let from = original
                    .as_ref()
                    .map(|p| format!("changes to {}", p.display()))
                    .unwrap_or_else(|| "a model that was never saved".to_owned());
                ui.label(format!(
                    "Bulwark closed with unsaved work: {from} ({:?}, {} components).",
                    model.name,
                    model.elements.len()
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        choice = Some(Choice::Restore);
                    }
                    if ui.button("Discard").clicked() {
                        choice = Some(Choice::DiscardRecovery);
                    }
                });
            }
            Modal::ModelRules(mr) => choice = model_rules_ui(ui, mr),
            Modal::Conflicts(conflicts) => choice = conflicts_ui(ui, conflicts),
            Modal::CompareChoice { file, rev, repo } => {
                ui.heading("Compare with…");
                ui.label(format!(
                    "{} is in a git repository: compare with one of its revisions, or with another file.",
                    crate::io::printable_line(file)
                ));
                ui.horizontal(|ui| {
                    ui.label("Revision");
                    let edit = ui.add(
                        egui::TextEdit::singleline(rev)
                            .desired_width(200.0)
                            .hint_text("HEAD, main, a tag or a commit"),
                    );
                    edit.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Revision"));
                });
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Compare with revision").clicked() && !rev.trim().is_empty() {
                        choice = Some(Choice::CompareRevision(
                            repo.clone(),
                            file.clone(),
                            rev.trim().to_owned(),
                        ));
                    }
                    if ui.button("Pick a file…").clicked() {
                        choice = Some(Choice::ComparePickFile);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(Choice::Dismiss);
                    }
                });
            }
            Modal::ImportReport { title, text } => {
                ui.heading(title.as_str());
                ui.add_space(4.0);
                egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                    ui.label(RichText::new(text.as_str()).monospace());
                });
                ui.add_space(8.0);
                if ui.button("OK").clicked() {
                    choice = Some(Choice::Dismiss);
                }
            }
            Modal::AssistantCommand { text } => {
                ui.heading("Assistant command");
                ui.label("A command you trust — a local model runner behind a small script — run without a shell. Bulwark writes one JSON request to its input and reads one JSON reply; it stores no keys and makes no network call. Leave empty to turn the assistant off.");
                let edit = ui.add(
                    egui::TextEdit::singleline(text)
                        .desired_width(480.0)
                        .hint_text("sh /path/to/local-runner.sh"),
                );
                edit.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Assistant command"));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Use this command").clicked() {
                        choice = Some(Choice::SetAssistant(text.trim().to_owned()));
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(Choice::Dismiss);
                    }
                });
            }
            Modal::AssistantPreview { json } => {
                ui.heading("Send this to the assistant?");
                ui.label("This is exactly what the assistant command receives: the model's components, flows and boundaries and the library's ids — no notes, triage or files. Asked once per session.");
                egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                    ui.label(RichText::new(json.as_str()).monospace().small());
                });
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Send").clicked() {
                        choice = Some(Choice::SendAssistant);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(Choice::Dismiss);
                    }
                });
            }
            Modal::SaveWithConflicts { count, path, then } => {
                ui.heading("Save with merge conflicts?");
                ui.label(format!(
                    "{count} merge conflict(s) are not settled. The file keeps them as records and \
                     `bulwark check` refuses it until they are settled."
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save anyway").clicked() {
                        choice = Some(Choice::SaveAnyway(path.clone(), then.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(Choice::Dismiss);
                    }
                });
            }
        }
    });
    // Escape or a click outside dismisses what can be dismissed; unsaved work and recovery
    // need an explicit answer.
    if choice.is_none()
        && response.should_close()
        && matches!(
            modal,
            Modal::Path { .. }
                | Modal::Error { .. }
                | Modal::Conflicts(_)
                | Modal::SaveWithConflicts { .. }
                | Modal::ImportReport { .. }
                | Modal::CompareChoice { .. }
                | Modal::AssistantCommand { .. }
                | Modal::AssistantPreview { .. }
        )
    {
        choice = Some(Choice::Dismiss);
    }
    if choice.is_some() {
        ctx.data_mut(|d| d.remove::<bool>(Id::new("bulwark-path-field-focused")));
    }
    choice
}

/// What a merge could not decide, one row per conflict: where, ours, theirs, and a button to
/// keep each side. Later means closing: the conflicts stay in the model.
fn conflicts_ui(ui: &mut egui::Ui, conflicts: &[(crate::model::Conflict, String)]) -> Option<Choice> {
    use crate::model::Keep;
    let mut choice = None;
    ui.heading(format!("{} merge conflict(s) to settle", conflicts.len()));
    ui.label("Both sides changed these differently. Ours is in the model until you choose.");
    ui.add_space(6.0);
    let shown = |v: &Option<String>| {
        let text = v.clone().unwrap_or_else(|| "(removed)".to_owned());
        crate::io::printable_line(&text).chars().take(120).collect::<String>()
    };
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        for (i, (c, place)) in conflicts.iter().enumerate() {
            ui.separator();
            ui.label(RichText::new(crate::io::printable_line(place).into_owned()).strong());
            ui.horizontal(|ui| {
                if ui.button("Take ours").clicked() {
                    choice = Some(Choice::Settle(i, Keep::Ours));
                }
                ui.label(RichText::new(shown(&c.ours)).monospace());
            });
            ui.horizontal(|ui| {
                if ui.button("Take theirs").clicked() {
                    choice = Some(Choice::Settle(i, Keep::Theirs));
                }
                ui.label(RichText::new(shown(&c.theirs)).monospace());
            });
        }
    });
    ui.add_space(8.0);
    if ui.button("Later").clicked() {
        choice = Some(Choice::Dismiss);
    }
    choice
}

/// The question before a model's own rules run: how many, from where, and what they can do.
fn model_rules_ui(ui: &mut egui::Ui, mr: &crate::catalog::ModelRules) -> Option<Choice> {
    ui.heading("This model brings its own rules");
    ui.label(format!("{}.", mr.summary()));
    for f in mr.files.iter().take(8) {
        ui.label(RichText::new(format!("  {f}")).monospace());
    }
    if mr.files.len() > 8 {
        ui.weak(format!("  … and {} more", mr.files.len() - 8));
    }
    ui.add_space(4.0);
    ui.label(
        "They run in the same sandbox as every rule: they can read the diagram but no files or \
         network, are stopped when they run too long, and can add findings but not replace or \
         silence a built-in or user rule. Run them only if you trust where the model came from.",
    );
    ui.weak("Your answer is remembered for this folder until Bulwark closes.");
    ui.add_space(8.0);
    let mut choice = None;
    ui.horizontal(|ui| {
        if ui.button("Run them").clicked() {
            choice = Some(Choice::ModelRules(mr.dir.clone(), true));
        }
        if ui.button("Don't run").clicked() {
            choice = Some(Choice::ModelRules(mr.dir.clone(), false));
        }
    });
    choice
}

/// Canvas gestures that are not commands, for the help overlay.
const GESTURES: [(&str, &str); 10] = [
    ("Wheel", "Zoom around the pointer"),
    ("Right or middle drag, Space+drag", "Pan"),
    ("Drag on the background", "Select with a box (Shift adds)"),
    ("Click, Shift+click", "Select, add to the selection"),
    ("Drag a component", "Move the selection (one undo step)"),
    (
        "Drag the circle on a component's right edge",
        "Draw a flow to another component",
    ),
    ("Double-click", "Rename in place"),
    ("Drag a boundary's title", "Move it with everything inside"),
    ("Drag a boundary's corner", "Resize it; membership follows"),
    ("Dashed orange flow", "Crosses a trust boundary unencrypted"),
];

/// The keyboard and mouse help, built from the command definitions.
pub fn help_ui(ctx: &Context, open: &mut bool) {
    let response = egui::Modal::new(Id::new("bulwark-help")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        ui.heading("Keyboard and mouse");
        ui.add_space(6.0);
        ui.columns(2, |cols| {
            if let [left, right] = cols {
                egui::Grid::new("help-keys")
                    .striped(true)
                    .num_columns(2)
                    .show(left, |ui| {
                        for c in AppCommand::ALL {
                            let keys: Vec<String> = c
                                .shortcuts()
                                .iter()
                                .map(|s| crate::app::commands::shortcut_text(ctx, s))
                                .collect();
                            if keys.is_empty() {
                                continue;
                            }
                            ui.label(RichText::new(keys.join("  ")).monospace().strong());
                            ui.label(c.label()).on_hover_text(c.tooltip());
                            ui.end_row();
                        }
                    });
                egui::Grid::new("help-mouse")
                    .striped(true)
                    .num_columns(2)
                    .show(right, |ui| {
                        for (what, does) in GESTURES {
                            ui.label(RichText::new(what).strong());
                            ui.label(does);
                            ui.end_row();
                        }
                    });
            }
        });
        ui.add_space(8.0);
        if ui.button("Close").clicked() {
            *open = false;
        }
    });
    if response.should_close() {
        *open = false;
    }
}

//! Files and unsaved work: new, open, save, save as, the unsaved-work question, the typed-path
//! fallback when no file dialog exists, and the recovery file autosave keeps.

use super::{AUTOSAVE_AFTER, App};
use crate::app::dialogs::{Choice, Modal, PathPurpose, Pending};
use crate::app::files::{DialogAnswer, EXAMPLES, suggested_file_name, with_model_suffix};
use crate::model::Model;
use std::path::{Path, PathBuf};
use std::time::Instant;

impl App {
    /// Replaces the document (New, Open, restore) and forgets what belonged to the old one.
    pub(super) fn replace_document(&mut self, model: Model, path: Option<PathBuf>) {
        self.doc.replace(model, path);
        self.session.reset_for_new_document();
        self.paths = Default::default();
        self.eval.new_document();
        self.autosave_due = None;
        self.autosaved_revision = self.doc.revision();
        self.model_rules_check();
    }

    /// Shows a view of the model, remembered for the model's file.
    pub(super) fn show_view(&mut self, lens: crate::app::views::Lens) {
        if self.session.lens.view != lens {
            // The canvas changes width with the view's side panel: fit the model again.
            self.session.viewport = None;
        }
        self.session.lens.view = lens;
        if let Some(path) = self.doc.path() {
            let path = path.to_path_buf();
            self.settings.remember_view(&path, lens);
        }
    }

    /// Opens a file; on failure shows the loader's message and keeps the current document.
    pub(super) fn open_path(&mut self, path: &Path) -> bool {
        match crate::model::load(path) {
            Ok(model) => {
                let conflicts: Vec<_> = model
                    .conflicts
                    .iter()
                    .map(|c| (c.clone(), c.describe(&model)))
                    .collect();
                self.replace_document(model, Some(path.to_path_buf()));
                self.settings.remember(path);
                self.session.lens.view = self.settings.views.get(path).copied().unwrap_or_default();
                self.message = Some(format!("Opened {}", path.display()));
                if !conflicts.is_empty() {
                    self.modals.push(Modal::Conflicts(conflicts));
                }
                true
            }
            Err(e) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                self.modals.push(Modal::Error {
                    title: format!("Could not open {name}"),
                    message: e.to_string(),
                });
                false
            }
        }
    }

    pub(super) fn open_example(&mut self, i: usize) {
        let Some(ex) = EXAMPLES.get(i) else { return };
        match ex.model() {
            Ok(model) => {
                self.replace_document(model, None);
                self.message = Some(format!("Opened the example {:?}", ex.title));
            }
            Err(e) => self.modals.push(Modal::Error {
                title: format!("The example {:?} does not load", ex.title),
                message: e.to_string(),
            }),
        }
    }

    /// Saves, first asking when merge conflicts remain (unless the person already said so).
    pub(super) fn save_to_then(&mut self, path: PathBuf, then: Option<Pending>, anyway: bool) -> bool {
        let count = self.doc.model().conflicts.len();
        if count > 0 && !anyway {
            self.modals.push(Modal::SaveWithConflicts { count, path, then });
            return false;
        }
        match crate::model::save(self.doc.model(), &path) {
            Ok(()) => {
                self.message = Some(format!("Saved {}", path.display()));
                self.settings.remember(&path);
                self.doc.mark_saved(path);
                self.clear_recovery();
                // Saved somewhere else: the rules beside the new place are the model's now.
                self.model_rules_check();
                true
            }
            Err(e) => {
                self.modals.push(Modal::Error {
                    title: "Could not save".to_owned(),
                    message: e.to_string(),
                });
                false
            }
        }
    }

    /// Saves to the document's file, or asks where. Returns whether it was saved now.
    pub(super) fn save(&mut self, then: Option<Pending>) -> bool {
        match self.doc.path().map(Path::to_path_buf) {
            Some(p) => self.save_to_then(p, then, false),
            None => self.save_as(then),
        }
    }

    pub(super) fn save_as(&mut self, then: Option<Pending>) -> bool {
        let dir = self.doc.path().and_then(Path::parent).map(Path::to_path_buf);
        let name = suggested_file_name(self.doc.model());
        match self.dialog.pick_save(dir.as_deref(), &name) {
            DialogAnswer::Picked(p) => self.save_to_then(with_model_suffix(p), then, false),
            DialogAnswer::Cancelled => false,
            DialogAnswer::Unavailable => {
                let base = dir.or_else(|| std::env::current_dir().ok()).unwrap_or_default();
                self.modals.push(Modal::Path {
                    purpose: PathPurpose::Save(then),
                    text: base.join(name).display().to_string(),
                });
                false
            }
        }
    }

    pub(super) fn open_dialog(&mut self) {
        let dir = self.doc.path().and_then(Path::parent).map(Path::to_path_buf);
        match self.dialog.pick_open(dir.as_deref()) {
            DialogAnswer::Picked(p) => {
                self.open_path(&p);
            }
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable => self.modals.push(Modal::Path {
                purpose: PathPurpose::Open(self.settings.recent.clone()),
                text: String::new(),
            }),
        }
    }

    /// Runs `pending` now, or first asks about unsaved work.
    pub(super) fn guard(&mut self, ctx: &egui::Context, pending: Pending) {
        if self.doc.is_dirty() {
            if !self.modals.iter().any(|m| matches!(m, Modal::Unsaved(_))) {
                self.modals.push(Modal::Unsaved(pending));
            }
        } else {
            self.proceed(ctx, pending);
        }
    }

    pub(super) fn proceed(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::New => {
                self.replace_document(Model::default(), None);
                self.clear_recovery();
                self.message = Some("New model".to_owned());
            }
            Pending::Open => self.open_dialog(),
            Pending::OpenPath(p) => {
                self.open_path(&p);
            }
            Pending::OpenExample(i) => self.open_example(i),
            Pending::MapRepository => self.pick_repository(),
            Pending::OpenMapped => self.open_mapped(),
            Pending::Import => self.pick_import(),
            Pending::Quit => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    pub(super) fn on_choice(&mut self, ctx: &egui::Context, modal: Modal, choice: Choice) {
        match choice {
            Choice::Dismiss => {}
            Choice::SaveThen(pending) => {
                if self.save(Some(pending.clone())) {
                    self.proceed(ctx, pending);
                }
            }
            Choice::DiscardThen(pending) => {
                // The person chose to lose the changes: the recovery copy goes too.
                self.clear_recovery();
                self.proceed(ctx, pending);
            }
            Choice::OpenTyped(p) => {
                self.open_path(&p);
            }
            Choice::SaveTyped(p, then) => {
                if self.save_to_then(with_model_suffix(p), then.clone(), false)
                    && let Some(pending) = then
                {
                    self.proceed(ctx, pending);
                }
            }
            Choice::ExportTyped(p, target) => self.export_to(ctx, target, p),
            Choice::Restore => {
                if let Modal::Recovery { model, original } = modal {
                    self.replace_document(*model, original);
                    self.doc.mark_unsaved();
                    self.message = Some("Restored unsaved work".to_owned());
                }
            }
            Choice::DiscardRecovery => self.clear_recovery(),
            Choice::Settle(i, keep) => match crate::model::settle(self.doc.model(), i, keep) {
                Ok(edits) => {
                    let side = if keep == crate::model::Keep::Ours {
                        "ours"
                    } else {
                        "theirs"
                    };
                    self.apply_tx(
                        crate::model::Transaction::new(format!("Settle a conflict ({side})"), edits),
                        None,
                    );
                    // The next one, if any, without reopening the list by hand.
                    let model = self.doc.model();
                    let left: Vec<_> = model.conflicts.iter().map(|c| (c.clone(), c.describe(model))).collect();
                    if !left.is_empty() {
                        self.modals.push(Modal::Conflicts(left));
                    }
                }
                Err(e) => self.modals.push(Modal::Error {
                    title: "Could not settle the conflict".to_owned(),
                    message: e.to_string(),
                }),
            },
            Choice::CompareRevision(repo, file, rev) => self.compare_with_revision(&repo, &file, &rev),
            Choice::ComparePickFile => self.pick_compare_file(),
            Choice::SetAssistant(line) => {
                self.settings.assistant = line;
                self.message = Some(if self.settings.assistant.is_empty() {
                    "Assistant turned off".to_owned()
                } else {
                    "Assistant set: its menu asks it; nothing is sent without your consent".to_owned()
                });
            }
            Choice::SendAssistant => {
                self.assistant.consented = true;
                self.send_assistant();
            }
            Choice::SaveAnyway(p, then) => {
                if self.save_to_then(p, then.clone(), true)
                    && let Some(pending) = then
                {
                    self.proceed(ctx, pending);
                }
            }
            Choice::ModelRules(dir, run) => {
                self.rules.live.decide(&dir, run);
                self.message = Some(if run {
                    format!("Running the rules in {}", dir.display())
                } else {
                    format!("Not running the rules in {}", dir.display())
                });
            }
        }
    }

    /// Asks for another tool's file and imports it as a new, unsaved model.
    pub(super) fn pick_import(&mut self) {
        match self.dialog.pick_open(None) {
            DialogAnswer::Picked(path) => self.import_path(&path),
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable => self.modals.push(Modal::Error {
                title: "No file dialog is available".to_owned(),
                message:
                    "Import from the command line, then open the result:\n\nbulwark import FILE -o model.bulwark.ron"
                        .to_owned(),
            }),
        }
    }

    /// Imports `path` as a new, unsaved model and shows the migration report.
    pub fn import_path(&mut self, path: &Path) {
        use crate::interop::import::{Format, import};
        let shown = path.display().to_string();
        let failed = |message: String| Modal::Error {
            title: "Could not import".to_owned(),
            message,
        };
        let text = match crate::io::read_text(path, crate::io::MAX_INPUT_BYTES) {
            Ok(t) => t,
            Err(e) => return self.modals.push(failed(format!("{shown}: {e}"))),
        };
        let Some(format) = Format::detect(&text) else {
            return self
                .modals
                .push(failed(crate::interop::import::not_recognised(&text, &shown, "")));
        };
        match import(format, &text, &shown) {
            Ok((model, report)) => {
                self.replace_document(model, None);
                self.doc.mark_unsaved();
                self.message = Some(format!("Imported {shown}"));
                self.modals.push(Modal::ImportReport {
                    title: format!(
                        "Imported {}",
                        path.file_name()
                            .map_or(shown.clone(), |n| n.to_string_lossy().into_owned())
                    ),
                    text: report.text(),
                });
            }
            Err(e) => self.modals.push(failed(e.to_string())),
        }
    }

    pub(super) fn clear_recovery(&mut self) {
        if let Err(e) = self.recovery.clear() {
            self.message = Some(format!("Could not remove the recovery file: {e}"));
        }
        self.autosave_due = None;
    }

    /// Writes unsaved work to the recovery file a few seconds after it changes. Schedules one
    /// repaint for then; never a loop.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if !self.doc.is_dirty() || self.autosaved_revision == self.doc.revision() {
            self.autosave_due = None;
            return;
        }
        let now = Instant::now();
        let due = *self.autosave_due.get_or_insert(now + AUTOSAVE_AFTER);
        if now < due {
            ctx.request_repaint_after(due - now);
            return;
        }
        self.autosave_due = None;
        self.autosaved_revision = self.doc.revision();
        if let Err(e) = self.recovery.write(self.doc.model(), self.doc.path()) {
            self.message = Some(format!("Autosave failed: {e:#}"));
        }
    }

    /// Writes the recovery file now (tests; the app does it on a timer).
    pub fn autosave_now(&mut self) {
        self.autosave_due = Some(Instant::now());
        if self.doc.is_dirty() && self.autosaved_revision != self.doc.revision() {
            self.autosaved_revision = self.doc.revision();
            if let Err(e) = self.recovery.write(self.doc.model(), self.doc.path()) {
                self.message = Some(format!("Autosave failed: {e:#}"));
            }
        }
        self.autosave_due = None;
    }
}

//! File → Export in the window: ask where, then render and write in the background, and say
//! how it went in the status bar (or in a dialog when it failed).

use super::App;
use crate::app::dialogs::{Modal, PathPurpose};
use crate::app::export::{ExportInput, ExportTarget};
use crate::app::files::DialogAnswer;
use std::path::{Path, PathBuf};

impl App {
    /// Asks where to write `target`, then starts writing it.
    pub(super) fn export(&mut self, ctx: &egui::Context, target: ExportTarget) {
        if self.exports.running().is_some() {
            self.message = Some("An export is still being written".to_owned());
            return;
        }
        let dir = self.doc.path().and_then(Path::parent).map(Path::to_path_buf);
        let name = target.file_name(self.doc.model());
        match self
            .dialog
            .pick_export(dir.as_deref(), &name, target.label(), target.extension())
        {
            DialogAnswer::Picked(p) => self.export_to(ctx, target, p),
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable => {
                let base = dir.or_else(|| std::env::current_dir().ok()).unwrap_or_default();
                self.modals.push(Modal::Path {
                    purpose: PathPurpose::Export(target),
                    text: base.join(name).display().to_string(),
                });
            }
        }
    }

    /// Writes `target` to `path` in the background, from the model as it is now.
    pub(super) fn export_to(&mut self, ctx: &egui::Context, target: ExportTarget, path: PathBuf) {
        let model = self.doc.shared();
        let revision = self.doc.revision();
        // The report must describe this model, not the one before the last edit: the latest
        // evaluation when it is of this revision and engine, else the export thread evaluates.
        let engine = self.eval.engine();
        let eval = self
            .eval
            .latest()
            .filter(|e| e.revision == revision && e.engine == engine.id())
            .cloned();
        let input = ExportInput {
            model,
            engine,
            eval,
            file: self
                .doc
                .path()
                .map_or_else(|| self.doc.display_name(), |p| p.display().to_string()),
            include_closed: self.settings.export_include_closed,
        };
        self.message = Some(format!("Exporting {} to {}…", target.label(), path.display()));
        let ctx = ctx.clone();
        self.exports.start(target, path, input, move || ctx.request_repaint());
    }

    /// Takes in a finished export.
    pub(super) fn poll_exports(&mut self) {
        let Some(done) = self.exports.poll() else { return };
        self.finish_export(done);
    }

    pub(super) fn finish_export(&mut self, done: crate::app::export::Finished) {
        match done.result {
            Ok(bytes) => {
                self.message = Some(format!(
                    "Exported {} to {} ({} KB)",
                    done.target.label(),
                    done.path.display(),
                    bytes.div_ceil(1024)
                ));
            }
            Err(e) => {
                self.message = Some(format!("Export failed: {e}"));
                self.modals.push(Modal::Error {
                    title: format!("The {} could not be exported", done.target.label()),
                    message: e,
                });
            }
        }
    }

    /// Waits for a running export to finish (tests).
    pub fn wait_for_export(&mut self) {
        if let Some(done) = self.exports.wait() {
            self.finish_export(done);
        }
    }
}

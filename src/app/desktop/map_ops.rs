//! File → Map repository…: pick a folder, map it on a background thread with progress in the
//! status bar, then open the inferred model as a new, unsaved document.

use super::App;
use crate::app::dialogs::{Modal, Pending};
use crate::app::files::DialogAnswer;
use crate::app::mapping::MapJob;
use std::time::Duration;

impl App {
    /// Asks for a repository folder and starts mapping it.
    pub(super) fn pick_repository(&mut self) {
        if self.mapping.is_some() {
            self.message = Some("A repository is already being mapped".to_owned());
            return;
        }
        match self.dialog.pick_folder(None) {
            DialogAnswer::Picked(dir) => {
                self.message = Some(format!("Mapping {}…", dir.display()));
                let mut job = MapJob::start(dir, self.catalog.clone());
                job.revision = self.doc.revision();
                self.mapping = Some(job);
            }
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable => self.modals.push(Modal::Error {
                title: "No folder dialog is available".to_owned(),
                message: "Map from the command line, then open the result:\n\nbulwark map DIR -o model.bulwark.ron"
                    .to_owned(),
            }),
        }
    }

    /// Waits for a mapping in progress to finish and opens its model (tests use it instead of
    /// sleeping).
    pub fn wait_for_mapping(&mut self) {
        if let Some(job) = &mut self.mapping {
            let result = job.wait();
            let revision = job.revision;
            self.finish_mapping(result, revision);
        }
    }

    /// Shows progress, and opens the model once the mapping is done.
    pub(super) fn poll_mapping(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.mapping else { return };
        match job.finished() {
            None => {
                self.message = Some(format!(
                    "Mapping {}: {} files scanned…",
                    job.dir.display(),
                    job.files_scanned()
                ));
                ctx.request_repaint_after(Duration::from_millis(100));
            }
            Some(result) => {
                let revision = job.revision;
                self.finish_mapping(result, revision);
            }
        }
    }

    /// Opens the finished mapping as a new, unsaved document.
    pub(super) fn open_mapped(&mut self) {
        if let Some((model, message)) = self.mapped.take() {
            self.replace_document(model, None);
            self.message = Some(message);
        }
    }

    fn finish_mapping(&mut self, result: Result<crate::interop::map::Mapping, String>, started_at: u64) {
        match result {
            Ok(mapping) => {
                let s = &mapping.summary;
                let message = format!(
                    "Mapped {} files: {} components, {} flows, {} warnings. Every item is marked inferred until you confirm it.",
                    s.files_scanned,
                    s.elements,
                    s.flows,
                    s.warnings.len()
                );
                self.mapping = None;
                self.mapped = Some((mapping.model, message));
                // Edits made while the mapping ran are not thrown away without asking (unsaved
                // work from before it started was already asked about).
                if self.doc.is_dirty() && self.doc.revision() != started_at {
                    self.modals.push(Modal::Unsaved(Pending::OpenMapped));
                } else {
                    self.open_mapped();
                }
            }
            Err(e) => {
                self.mapping = None;
                self.modals.push(Modal::Error {
                    title: "Could not map the repository".to_owned(),
                    message: e,
                });
            }
        }
    }
}

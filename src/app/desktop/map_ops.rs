//! File → Map repository…: pick a folder, map it on a background thread with progress in the
//! status bar, then open the inferred model as a new, unsaved document.

use super::App;
use crate::app::dialogs::Modal;
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
                self.mapping = Some(MapJob::start(dir, self.catalog.clone()));
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
            self.finish_mapping(result);
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
            Some(result) => self.finish_mapping(result),
        }
    }

    fn finish_mapping(&mut self, result: Result<crate::interop::map::Mapping, String>) {
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
                self.replace_document(mapping.model, None);
                self.message = Some(message);
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

//! Compare mode (File → Compare with…): the document against another version of it. The other
//! version is read once and judged by the same engine; the design changes are recomputed when
//! the document changes. Leaving compare mode only forgets the other version.

use super::App;
use crate::app::dialogs::Modal;
use crate::app::files::DialogAnswer;
use crate::app::session::Comparison;
use std::path::Path;
use std::sync::Arc;

impl App {
    /// Starts compare mode with a file picked in the dialog, or leaves it when on.
    pub(super) fn toggle_compare(&mut self) {
        if self.session.compare.take().is_some() {
            self.message = Some("Left compare mode".to_owned());
            return;
        }
        // In a repository, a revision of this very file is the usual thing to compare with.
        if let Some((repo, file)) = self.doc.path().and_then(crate::io::git::locate) {
            self.modals.push(Modal::CompareChoice {
                repo,
                file,
                rev: "HEAD".to_owned(),
            });
            return;
        }
        self.pick_compare_file();
    }

    /// Compares with a file picked in the dialog.
    pub(super) fn pick_compare_file(&mut self) {
        let dir = self.doc.path().and_then(Path::parent).map(Path::to_path_buf);
        match self.dialog.pick_open(dir.as_deref()) {
            DialogAnswer::Picked(path) => self.compare_with(&path),
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable => self.modals.push(Modal::Error {
                title: "No file dialog is available".to_owned(),
                message: "Compare from the command line:\n\nbulwark diff OLD.bulwark.ron NEW.bulwark.ron".to_owned(),
            }),
        }
    }

    /// Compares the document with `rev` of `file` in the repository `repo`.
    pub fn compare_with_revision(&mut self, repo: &Path, file: &str, rev: &str) {
        let label = format!("git:{rev}:{file}");
        let loaded = crate::io::git::show(repo, rev, file, crate::model::MAX_MODEL_BYTES)
            .map_err(|e| format!("{label}: {e}"))
            .and_then(|text| crate::model::from_str(&text, &label).map_err(|e| e.to_string()));
        match loaded {
            Ok(base) => self.start_compare(base, label),
            Err(message) => self.modals.push(Modal::Error {
                title: "Could not compare".to_owned(),
                message,
            }),
        }
    }

    /// Compares the document with the model in `path`.
    pub fn compare_with(&mut self, path: &Path) {
        match crate::model::load(path) {
            Ok(base) => {
                let label = path
                    .file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                self.start_compare(base, label);
            }
            Err(e) => self.modals.push(Modal::Error {
                title: "Could not compare".to_owned(),
                message: e.to_string(),
            }),
        }
    }

    /// Judges the other version with the same engine and turns compare mode on.
    fn start_compare(&mut self, base: crate::model::Model, label: String) {
        let base = Arc::new(base);
        let base_eval = Arc::new(self.eval.engine().evaluate(base.clone(), 0));
        self.message = Some(format!("Comparing with {label}"));
        self.session.compare = Some(Comparison {
            label,
            base_placement: crate::app::geometry::Placement::of(&base),
            base,
            base_eval,
            design: crate::model::DesignDiff::default(),
            revision: None,
        });
        self.refresh_compare();
    }

    /// Recomputes the design changes when the document changed since the last time.
    pub(super) fn refresh_compare(&mut self) {
        let revision = self.doc.revision();
        if let Some(c) = &mut self.session.compare
            && c.revision != Some(revision)
        {
            c.design = crate::model::describe(&c.base, self.doc.model());
            c.revision = Some(revision);
        }
    }

    /// "Compared with v1.bulwark.ron: 2 added, 1 removed, 3 changed" while compare mode is on.
    pub fn compare_summary(&self) -> Option<String> {
        let c = self.session.compare.as_ref()?;
        let (added, changed, removed) = c.marks();
        Some(format!(
            "Compared with {}: {} added, {} removed, {} changed",
            c.label,
            added.len(),
            removed.len(),
            changed.len()
        ))
    }
}

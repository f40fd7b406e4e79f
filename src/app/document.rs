//! The open document: the model, its undo history, the file it came from, and whether it has
//! unsaved changes. Changes go through `apply`, `undo` and `redo` only.

use crate::app::journal::Journal;
use crate::engine::Changes;
use crate::model::{History, Model, ModelError, Touched, Transaction};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The document and its history.
#[derive(Debug)]
pub struct Document {
    /// Shared with the evaluation thread; copied on write only when the thread still holds the
    /// previous revision. A step of many edits is undone and redone by swapping in the model the
    /// history kept for it.
    model: Arc<Model>,
    history: History,
    /// What the last steps touched, for views that keep something between revisions.
    journal: Journal,
    path: Option<PathBuf>,
    saved_state: u64,
}

impl Document {
    /// A document for `model`, from `path` if it has a file.
    pub fn new(model: Model, path: Option<PathBuf>) -> Self {
        let history = History::new();
        let saved_state = history.state();
        Self {
            model: Arc::new(model),
            history,
            journal: Journal::default(),
            path,
            saved_state,
        }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model, shared (for the evaluation thread).
    pub fn shared(&self) -> Arc<Model> {
        self.model.clone()
    }

    /// The file the document is saved in.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The revision: it changes on every edit, undo and redo, and never goes back, even when
    /// another document is opened, so evaluation results can be matched to what they are for.
    pub fn revision(&self) -> u64 {
        self.history.revision()
    }

    /// Identifies what the model holds: undoing or redoing back to a revision gives its state
    /// again, and no other document has it (views keep what they derived per state).
    pub fn state(&self) -> u64 {
        self.history.state()
    }

    /// What the last steps touched, by revision.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Unsaved changes exist.
    pub fn is_dirty(&self) -> bool {
        self.history.state() != self.saved_state
    }

    /// Replaces the document (New, Open, restore); the history is forgotten.
    pub fn replace(&mut self, model: Model, path: Option<PathBuf>) {
        self.model = Arc::new(model);
        self.history.clear();
        self.journal.clear();
        self.path = path;
        self.saved_state = self.history.state();
    }

    /// Marks the document as not saved (restored recovery work).
    pub fn mark_unsaved(&mut self) {
        // Any value other than the current revision marks it dirty; revisions only grow.
        self.saved_state = u64::MAX;
    }

    /// Records that the document was saved to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_state = self.history.state();
    }

    /// Applies a user action as one undo step and says what the engine must re-evaluate.
    pub fn apply(&mut self, tx: Transaction) -> Result<Changes, ModelError> {
        if tx.edits.is_empty() {
            return Ok(Changes::default());
        }
        self.history.apply_shared(&mut self.model, tx)?;
        let Some((forward, inverse)) = self.history.last_step() else {
            return Ok(Changes::default());
        };
        let changes = Changes::of_step(forward, inverse, &self.model);
        self.journal
            .record(self.history.revision(), Touched::of(forward, inverse));
        Ok(changes)
    }

    /// Takes back the last step; returns its label and what the engine must re-evaluate.
    pub fn undo(&mut self) -> Result<Option<(String, Changes)>, ModelError> {
        // The revision the step makes, if there is one.
        let revision = self.history.revision() + 1;
        let applied = self.history.undo_shared(&mut self.model)?;
        Ok(applied.map(|a| record(&mut self.journal, revision, a, &self.model)))
    }

    /// Re-applies the last undone step; returns its label and what the engine must re-evaluate.
    pub fn redo(&mut self) -> Result<Option<(String, Changes)>, ModelError> {
        // The revision the step makes, if there is one.
        let revision = self.history.revision() + 1;
        let applied = self.history.redo_shared(&mut self.model)?;
        Ok(applied.map(|a| record(&mut self.journal, revision, a, &self.model)))
    }

    /// What undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    /// What redo would re-apply.
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// The name shown in the title bar: the file name, else the model's name.
    pub fn display_name(&self) -> String {
        self.path
            .as_deref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.model.name.clone())
    }
}

/// Notes in `journal` what an undone or redone step touched; returns its label and what the
/// engine must re-evaluate in `model`, the model the step led to.
fn record(journal: &mut Journal, revision: u64, a: crate::model::Applied<'_>, model: &Model) -> (String, Changes) {
    journal.record(revision, Touched::of(a.forward, &a.inverse));
    (a.label, Changes::of_step(a.forward, &a.inverse, model))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Element, Flow};

    fn two_connected() -> Model {
        let mut m = Model::new("t");
        m.elements.insert("el-a".into(), Element::new("user", "A"));
        m.elements.insert("el-b".into(), Element::new("llm-api", "B"));
        m.flows.insert("fl-a-b".into(), Flow::new("el-a", "el-b", "ask"));
        m
    }

    #[test]
    fn removing_an_element_marks_the_far_end_of_its_flows() {
        let mut d = Document::new(two_connected(), None);
        let tx = Transaction::single("Delete", Edit::RemoveElement { id: "el-a".into() });
        let c = d.apply(tx).unwrap();
        assert!(c.elements.contains(&"el-b".into()));
        assert!(c.flows.contains(&"fl-a-b".into()));
        assert!(c.structural);
    }

    #[test]
    fn a_rename_is_re_evaluated_as_content() {
        let mut d = Document::new(two_connected(), None);
        let mut el = d.model().elements[&"el-b".into()].clone();
        el.name = "Renamed".into();
        let c = d
            .apply(Transaction::single(
                "Rename",
                Edit::SetElement {
                    id: "el-b".into(),
                    element: el,
                },
            ))
            .unwrap();
        assert!(!c.structural && c.elements.contains(&"el-b".into()));
    }

    /// Undoing a paste of many components gives back exactly the model before it, and redoing
    /// it the model after it, though the evaluation held both meanwhile; the engine is told to
    /// evaluate everything again rather than read thousands of ids.
    #[test]
    fn undoing_a_bulk_paste_gives_back_the_model_before_it_though_the_evaluation_held_it() {
        let (cat, _) = crate::catalog::Catalog::builtin();
        let mut d = Document::new(crate::synth::synth_model(&cat, 300, 3), None);
        let before = d.model().clone();
        let state = d.state();
        // The evaluation of the model as loaded arrived and keeps it.
        let evaluated = d.shared();
        let edits = (0..crate::model::SNAPSHOT_EDITS)
            .map(|i| {
                let id = crate::model::ElementId::new(format!("el-pasted-{i:05}"));
                let to = before.elements.keys().nth(i % 300).expect("an element").clone();
                Edit::AddElement {
                    id: id.clone(),
                    element: Element::new("service", format!("Pasted {i}")),
                    position: Some(crate::model::Pos::new(i as f32 * 10.0, 9_000.0)),
                    flows: [(format!("fl-pasted-{i:05}").as_str().into(), Flow::new(id, to, "call"))].into(),
                    routes: Default::default(),
                }
            })
            .collect();
        let c = d.apply(Transaction::new("Paste", edits)).unwrap();
        assert!(c.everything, "a paste as large as the model is evaluated whole");
        let pasted = d.model().clone();
        assert_eq!(pasted.elements.len(), 300 + crate::model::SNAPSHOT_EDITS);
        // And that of the pasted model too.
        let evaluated_pasted = d.shared();
        let (label, c) = d.undo().unwrap().expect("a step to undo");
        assert_eq!(label, "Paste");
        assert!(c.everything);
        assert_eq!(*d.model(), before);
        assert_eq!(d.state(), state, "the state before the paste");
        assert!(Arc::ptr_eq(&d.shared(), &evaluated), "swapped back, not rebuilt");
        d.redo().unwrap().expect("a step to redo");
        assert_eq!(*d.model(), pasted);
        assert!(Arc::ptr_eq(&d.shared(), &evaluated_pasted));
        // An edit after the paste, and both undone.
        let tx = Transaction::single(
            "Delete",
            Edit::RemoveElement {
                id: "el-pasted-00007".into(),
            },
        );
        d.apply(tx).unwrap();
        assert_eq!(*evaluated_pasted, pasted, "what the evaluation holds is not written to");
        d.undo().unwrap();
        assert_eq!(*d.model(), pasted);
        d.undo().unwrap();
        assert_eq!(*d.model(), before);
        assert_eq!(d.undo_label(), None);
    }

    #[test]
    fn dirty_follows_edits_undo_and_save() {
        let mut d = Document::new(two_connected(), None);
        assert!(!d.is_dirty());
        let tx = Transaction::single("Delete", Edit::RemoveFlow { id: "fl-a-b".into() });
        d.apply(tx).unwrap();
        assert!(d.is_dirty());
        d.mark_saved(PathBuf::from("x.bulwark.ron"));
        assert!(!d.is_dirty());
        assert_eq!(d.undo().unwrap().map(|(label, _)| label).as_deref(), Some("Delete"));
        assert!(d.is_dirty());
        let before = d.revision();
        d.replace(Model::default(), None);
        assert!(d.revision() > before, "revisions never go back");
        assert!(!d.is_dirty());
    }
}

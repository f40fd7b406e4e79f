//! Undo/redo: a bounded linear history of transactions with their inverses.
//!
//! Limitation: linear, not a tree — a new edit after an undo drops the redo tail (as in egui and
//! Rerun). 100 steps are kept.
//!
//! A step of many edits (a paste or a deletion of thousands of components) also keeps the model
//! on its other side, so undoing and redoing it swaps that model in instead of applying every
//! edit again and copying the model the evaluation still holds (issue 15).

use super::document::{Model, ModelError};
use super::edit::Transaction;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many transactions undo can go back.
pub const HISTORY_LIMIT: usize = 100;

/// From this many edits a step keeps the model on its other side. Applying a paste of 10,000
/// components again, and copying the model the evaluation held to apply it to, took most of a
/// bulk undo's 150 ms; keeping the model costs one copy when the step is made (which the
/// evaluation holding the model often forces anyway) and the memory of a model.
pub const SNAPSHOT_EDITS: usize = 1_000;

/// How many steps keep a model at most (each is a whole model in memory); older ones are undone
/// and redone edit by edit.
const SNAPSHOTS_KEPT: usize = 4;

/// State ids are unique in the process, not only in one history, so a view that keeps what it
/// derived per state never mistakes another document's state for one it has seen.
static NEXT_STATE: AtomicU64 = AtomicU64::new(1);

fn fresh_state() -> u64 {
    NEXT_STATE.fetch_add(1, Ordering::Relaxed)
}

/// One undoable step: what was done and how to take it back, and the id of the document state
/// it leads to.
#[derive(Debug, Clone)]
struct Step {
    forward: Transaction,
    inverse: Transaction,
    state: u64,
    /// For a step of [`SNAPSHOT_EDITS`] or more: the model on its other side — as it was before
    /// the step while the step can be undone, as it was after it while it can be redone.
    other: Option<Arc<Model>>,
}

/// A step just applied, undone or redone: what changed the model and how to take it back. The
/// engine reads both sides to know what to re-evaluate.
///
/// Both sides are lent from the history where they can be: a step of thousands of edits (a large
/// paste undone) was copied twice more only to be read once.
#[derive(Debug, Clone)]
pub struct Applied<'a> {
    /// The step's label ("Move 3 elements").
    pub label: String,
    /// The edits that were applied to the model.
    pub forward: &'a Transaction,
    /// Their inverse.
    pub inverse: Cow<'a, Transaction>,
}

/// The undo/redo history of one document, plus its revision counter.
#[derive(Debug)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    revision: u64,
    /// The state before the oldest step still held.
    base: u64,
}

impl Default for History {
    fn default() -> Self {
        Self {
            undo: VecDeque::new(),
            redo: Vec::new(),
            revision: 0,
            base: fresh_state(),
        }
    }
}

impl History {
    /// An empty history at revision 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// Increases on every change, including undo and redo, so results computed for an older
    /// document can be recognised.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Identifies the document's current state: undoing back to the state that was saved gives
    /// the saved id again, so the dirty flag is "state differs from the saved state" (helix).
    /// No other history in the process has the same ids.
    pub fn state(&self) -> u64 {
        self.undo.back().map_or(self.base, |s| s.state)
    }

    /// Applies a transaction and records it. An empty transaction records nothing.
    pub fn apply(&mut self, model: &mut Model, tx: Transaction) -> Result<(), ModelError> {
        with_shared(model, |m| self.apply_shared(m, tx))
    }

    /// Applies a transaction to a shared model (copied on write) and records it. A step of
    /// [`SNAPSHOT_EDITS`] or more keeps the model as it was, for undo.
    pub fn apply_shared(&mut self, model: &mut Arc<Model>, tx: Transaction) -> Result<(), ModelError> {
        if tx.edits.is_empty() {
            return Ok(());
        }
        let before = (tx.edits.len() >= SNAPSHOT_EDITS).then(|| model.clone());
        let forward = tx.clone();
        let inverse = tx.apply(Arc::make_mut(model))?;
        self.undo.push_back(Step {
            forward,
            inverse,
            state: fresh_state(),
            other: before,
        });
        if self.undo.len() > HISTORY_LIMIT
            && let Some(dropped) = self.undo.pop_front()
        {
            self.base = dropped.state;
        }
        self.redo.clear();
        // Only the newest steps keep a model; a new one is only ever the newest.
        let mut kept = 0;
        for step in self.undo.iter_mut().rev() {
            if step.other.is_some() {
                kept += 1;
                if kept > SNAPSHOTS_KEPT {
                    step.other = None;
                }
            }
        }
        self.revision += 1;
        Ok(())
    }

    /// The newest step: the edits applied and their inverse (what an edit touched is read from
    /// both).
    pub fn last_step(&self) -> Option<(&Transaction, &Transaction)> {
        self.undo.back().map(|s| (&s.forward, &s.inverse))
    }

    /// Takes back the last step; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, model: &mut Model) -> Result<Option<String>, ModelError> {
        Ok(self.undo_applied(model)?.map(|a| a.label))
    }

    /// Takes back the last step; returns what was applied to the model (the step's inverse) and
    /// its own inverse.
    pub fn undo_applied(&mut self, model: &mut Model) -> Result<Option<Applied<'_>>, ModelError> {
        with_shared(model, |m| self.undo_shared(m))
    }

    /// Takes back the last step of a shared model (copied on write, or swapped for the model the
    /// step kept); returns what was applied to the model and its own inverse.
    pub fn undo_shared(&mut self, model: &mut Arc<Model>) -> Result<Option<Applied<'_>>, ModelError> {
        let Some(mut step) = self.undo.pop_back() else {
            return Ok(None);
        };
        let label = step.forward.label.clone();
        let back = match step.other.take() {
            // The model now is the step's result (later steps were undone): redo swaps it back.
            Some(before) => {
                step.other = Some(std::mem::replace(model, before));
                None
            }
            None => match step.inverse.clone().apply(Arc::make_mut(model)) {
                Ok(back) => Some(back),
                Err(e) => {
                    self.undo.push_back(step);
                    return Err(e);
                }
            },
        };
        self.redo.push(step);
        self.revision += 1;
        let step = self.redo.last().expect("just pushed");
        Ok(Some(Applied {
            label,
            forward: &step.inverse,
            inverse: back.map_or(Cow::Borrowed(&step.forward), Cow::Owned),
        }))
    }

    /// Re-applies the last undone step; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, model: &mut Model) -> Result<Option<String>, ModelError> {
        Ok(self.redo_applied(model)?.map(|a| a.label))
    }

    /// Re-applies the last undone step; returns what was applied and its inverse.
    pub fn redo_applied(&mut self, model: &mut Model) -> Result<Option<Applied<'_>>, ModelError> {
        with_shared(model, |m| self.redo_shared(m))
    }

    /// Re-applies the last undone step to a shared model (copied on write, or swapped for the
    /// model the step kept); returns what was applied and its inverse.
    pub fn redo_shared(&mut self, model: &mut Arc<Model>) -> Result<Option<Applied<'_>>, ModelError> {
        let Some(mut step) = self.redo.pop() else {
            return Ok(None);
        };
        let label = step.forward.label.clone();
        match step.other.take() {
            Some(after) => step.other = Some(std::mem::replace(model, after)),
            None => match step.forward.clone().apply(Arc::make_mut(model)) {
                Ok(inverse) => step.inverse = inverse,
                Err(e) => {
                    self.redo.push(step);
                    return Err(e);
                }
            },
        }
        self.undo.push_back(step);
        self.revision += 1;
        let step = self.undo.back().expect("just pushed");
        Ok(Some(Applied {
            label,
            forward: &step.forward,
            inverse: Cow::Borrowed(&step.inverse),
        }))
    }

    /// The label of the step undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|s| s.forward.label.as_str())
    }

    /// The label of the step redo would re-apply.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.forward.label.as_str())
    }

    /// Forgets everything (after opening another document); the revision still increases.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.revision += 1;
        self.base = fresh_state();
    }
}

/// Runs `f` on `model` as a shared model: the history keeps models as `Arc`s.
fn with_shared<T>(model: &mut Model, f: impl FnOnce(&mut Arc<Model>) -> T) -> T {
    let mut shared = Arc::new(std::mem::take(model));
    let out = f(&mut shared);
    *model = Arc::unwrap_or_clone(shared);
    out
}

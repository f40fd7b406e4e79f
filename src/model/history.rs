//! Undo/redo: a bounded linear history of transactions with their inverses.
//!
//! Limitation: linear, not a tree — a new edit after an undo drops the redo tail (as in egui and
//! Rerun). 100 steps are kept.

use super::document::{Model, ModelError};
use super::edit::Transaction;
use std::borrow::Cow;
use std::collections::VecDeque;

/// How many transactions undo can go back.
pub const HISTORY_LIMIT: usize = 100;

/// One undoable step: what was done and how to take it back, and the id of the document state
/// it leads to.
#[derive(Debug, Clone)]
struct Step {
    forward: Transaction,
    inverse: Transaction,
    state: u64,
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
#[derive(Debug, Default)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    revision: u64,
    /// The state before the oldest step still held.
    base: u64,
    next_state: u64,
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
    pub fn state(&self) -> u64 {
        self.undo.back().map_or(self.base, |s| s.state)
    }

    fn fresh_state(&mut self) -> u64 {
        self.next_state += 1;
        self.next_state
    }

    /// Applies a transaction and records it. An empty transaction records nothing.
    pub fn apply(&mut self, model: &mut Model, tx: Transaction) -> Result<(), ModelError> {
        if tx.edits.is_empty() {
            return Ok(());
        }
        let forward = tx.clone();
        let inverse = tx.apply(model)?;
        let state = self.fresh_state();
        self.undo.push_back(Step {
            forward,
            inverse,
            state,
        });
        if self.undo.len() > HISTORY_LIMIT
            && let Some(dropped) = self.undo.pop_front()
        {
            self.base = dropped.state;
        }
        self.redo.clear();
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
        let Some(step) = self.undo.pop_back() else {
            return Ok(None);
        };
        let label = step.forward.label.clone();
        match step.inverse.clone().apply(model) {
            Ok(back) => {
                self.redo.push(step);
                self.revision += 1;
                let step = self.redo.last().expect("just pushed");
                Ok(Some(Applied {
                    label,
                    forward: &step.inverse,
                    inverse: Cow::Owned(back),
                }))
            }
            Err(e) => {
                self.undo.push_back(step);
                Err(e)
            }
        }
    }

    /// Re-applies the last undone step; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, model: &mut Model) -> Result<Option<String>, ModelError> {
        Ok(self.redo_applied(model)?.map(|a| a.label))
    }

    /// Re-applies the last undone step; returns what was applied and its inverse.
    pub fn redo_applied(&mut self, model: &mut Model) -> Result<Option<Applied<'_>>, ModelError> {
        let Some(step) = self.redo.pop() else { return Ok(None) };
        let label = step.forward.label.clone();
        match step.forward.clone().apply(model) {
            Ok(inverse) => {
                self.undo.push_back(Step {
                    forward: step.forward,
                    inverse,
                    state: step.state,
                });
                self.revision += 1;
                let step = self.undo.back().expect("just pushed");
                Ok(Some(Applied {
                    label,
                    forward: &step.forward,
                    inverse: Cow::Borrowed(&step.inverse),
                }))
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
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
        self.base = self.fresh_state();
    }
}

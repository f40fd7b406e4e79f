//! What an edit touched, so the engine re-evaluates only that (and what it can reach).

use crate::model::{Edit, ElementId, FlowId, Target, Transaction};
use std::collections::BTreeSet;

/// The elements and flows a set of edits changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Elements added, removed or changed (including those whose flows changed).
    pub elements: BTreeSet<ElementId>,
    /// Flows added, removed or changed.
    pub flows: BTreeSet<FlowId>,
    /// Elements or flows were added or removed, an endpoint or a boundary membership changed:
    /// the graph structure must be rebuilt.
    pub structural: bool,
    /// Boundaries changed: re-evaluate everything.
    pub everything: bool,
}

impl Changes {
    /// Everything changed (a new document).
    pub fn all() -> Self {
        Self {
            everything: true,
            structural: true,
            ..Self::default()
        }
    }

    /// What a transaction and its inverse touched. Using both sides means no model is needed:
    /// the inverse of a removal lists what was removed.
    pub fn from_transaction(forward: &Transaction, inverse: &Transaction) -> Self {
        let mut c = Self::default();
        for e in forward.edits.iter().chain(&inverse.edits) {
            c.add(e);
        }
        c
    }

    /// Nothing a rule reads changed (layout, notes, triage, the model's name).
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty() && self.flows.is_empty() && !self.structural && !self.everything
    }

    /// Adds what one edit touched.
    pub fn add(&mut self, edit: &Edit) {
        match edit {
            Edit::AddElement { id, flows, .. } => {
                self.elements.insert(id.clone());
                for (fid, f) in flows {
                    self.flows.insert(fid.clone());
                    self.elements.insert(f.from.clone());
                    self.elements.insert(f.to.clone());
                }
                self.structural = true;
            }
            Edit::RemoveElement { id } => {
                self.elements.insert(id.clone());
                self.structural = true;
            }
            Edit::SetElement { id, .. } => {
                self.elements.insert(id.clone());
                // It may move the element to another boundary, which changes crossings.
                self.structural = true;
            }
            Edit::SetProperty { element, .. } => {
                self.elements.insert(element.clone());
            }
            Edit::SetControl {
                target: Target::Element(id),
                ..
            } => {
                self.elements.insert(id.clone());
            }
            Edit::SetControl {
                target: Target::Flow(id),
                ..
            } => {
                self.flows.insert(id.clone());
            }
            Edit::AddFlow { id, flow } | Edit::SetFlow { id, flow } => {
                self.flows.insert(id.clone());
                self.elements.insert(flow.from.clone());
                self.elements.insert(flow.to.clone());
                self.structural = true;
            }
            Edit::RemoveFlow { id } => {
                self.flows.insert(id.clone());
                self.structural = true;
            }
            Edit::AddBoundary { .. } | Edit::RemoveBoundary { .. } | Edit::SetBoundary { .. } => {
                self.everything = true;
                self.structural = true;
            }
            Edit::SetTriage { .. }
            | Edit::SetNote { .. }
            | Edit::MoveElements { .. }
            | Edit::SetBoundaryRect { .. }
            | Edit::SetModelInfo { .. }
            // Review state is for people; no rule reads it.
            | Edit::SetInferredState { .. } => {}
        }
    }
}

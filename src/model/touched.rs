//! What a step of the history touched, by id: for views that keep something per component or
//! flow from one revision to the next and bring it up to date from what changed, instead of
//! comparing 10,000 components and 19,000 flows on every edit (issue 15).

use super::edit::{Edit, Target, Transaction};
use super::ids::{ElementId, FlowId};
use std::collections::BTreeSet;

/// Above this many edits a step counts as touching everything: listing them would cost about
/// as much as starting again.
const MANY_EDITS: usize = 2_000;

/// Components and flows an edit may have added, removed or changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Touched {
    /// Anything may have changed (a step of many edits).
    pub everything: bool,
    /// Components added, removed, moved or changed, and both ends of every flow added, removed
    /// or changed (so a reconnected flow names where it was and where it is).
    pub elements: BTreeSet<ElementId>,
    /// Flows added, removed or changed, and those given new waypoints. A flow losing its
    /// waypoints because one of its components moved is not named: the component is.
    pub flows: BTreeSet<FlowId>,
    /// A boundary was added, removed or changed: trust zones may differ. A boundary's rectangle
    /// alone does not count.
    pub boundaries: bool,
}

impl Touched {
    /// What a step touched, from the edits applied and their inverses (so a removal names what
    /// was removed, and a replacement both the old and the new ends).
    pub fn of(forward: &Transaction, inverse: &Transaction) -> Self {
        let mut t = Self::default();
        if forward.edits.len() + inverse.edits.len() > MANY_EDITS {
            t.everything = true;
            return t;
        }
        for e in forward.edits.iter().chain(&inverse.edits) {
            t.add(e);
        }
        t
    }

    /// Adds what one edit touched.
    pub fn add(&mut self, edit: &Edit) {
        match edit {
            Edit::AddElement { id, flows, routes, .. } => {
                self.elements.insert(id.clone());
                for (fid, f) in flows {
                    self.flow(fid, Some((&f.from, &f.to)));
                }
                self.flows.extend(routes.keys().cloned());
            }
            Edit::RemoveElement { id } | Edit::SetElement { id, .. } | Edit::SetProperty { element: id, .. } => {
                self.elements.insert(id.clone());
            }
            Edit::SetControl { target, .. } | Edit::SetInferredState { target, .. } => match target {
                Target::Element(id) => {
                    self.elements.insert(id.clone());
                }
                Target::Flow(id) => self.flow(id, None),
            },
            Edit::AddFlow { id, flow, .. } | Edit::SetFlow { id, flow } => self.flow(id, Some((&flow.from, &flow.to))),
            Edit::RemoveFlow { id } => self.flow(id, None),
            Edit::AddBoundary { members, .. } => {
                self.boundaries = true;
                self.elements.extend(members.iter().cloned());
            }
            Edit::RemoveBoundary { .. } | Edit::SetBoundary { .. } => self.boundaries = true,
            Edit::MoveElements { positions, routes } => {
                self.elements.extend(positions.keys().cloned());
                self.flows.extend(routes.keys().cloned());
            }
            Edit::SetBoundaryRect { .. }
            | Edit::SetTriage { .. }
            | Edit::SetThreat { .. }
            | Edit::SetNote { .. }
            | Edit::SetModelInfo { .. }
            | Edit::SetConflicts { .. }
            | Edit::SetPasta { .. }
            | Edit::SetSession { .. }
            | Edit::SetVotes { .. } => {}
        }
    }

    /// Adds what a later step touched.
    pub fn extend(&mut self, later: &Touched) {
        self.everything |= later.everything;
        self.boundaries |= later.boundaries;
        self.elements.extend(later.elements.iter().cloned());
        self.flows.extend(later.flows.iter().cloned());
    }

    fn flow(&mut self, id: &FlowId, ends: Option<(&ElementId, &ElementId)>) {
        self.flows.insert(id.clone());
        if let Some((from, to)) = ends {
            self.elements.insert(from.clone());
            self.elements.insert(to.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, Flow, Model};

    fn model() -> Model {
        let mut m = Model::new("t");
        for id in ["el-a", "el-b", "el-c"] {
            m.elements.insert(id.into(), Element::new("user", id));
        }
        m.flows.insert("fl-a-b".into(), Flow::new("el-a", "el-b", "ask"));
        m
    }

    fn touched(m: &mut Model, edit: Edit) -> Touched {
        let tx = Transaction::single("edit", edit);
        let inverse = tx.clone().apply(m).unwrap();
        Touched::of(&tx, &inverse)
    }

    #[test]
    fn a_removal_names_what_went_and_a_reconnection_both_ends() {
        let mut m = model();
        let t = touched(&mut m, Edit::RemoveElement { id: "el-a".into() });
        assert_eq!(t.flows, ["fl-a-b".into()].into());
        assert_eq!(t.elements, ["el-a".into(), "el-b".into()].into());
        let mut m = model();
        let t = touched(
            &mut m,
            Edit::SetFlow {
                id: "fl-a-b".into(),
                flow: Flow::new("el-a", "el-c", "ask"),
            },
        );
        assert_eq!(t.elements, ["el-a".into(), "el-b".into(), "el-c".into()].into());
        assert!(!t.boundaries && !t.everything);
    }
}

//! What an edit touched, so the engine re-evaluates only that (and what it can reach).

use crate::model::{Edit, Element, ElementId, Flow, FlowId, Model, Target, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// A step of at least this many edits that edits at least half the model is re-evaluated whole.
const MANY_EDITS: usize = 1_000;

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

    /// What a step of the history changed in `model` (the model it led to): as
    /// [`Changes::from_transaction`], or everything when the step edited half the model or more
    /// (a paste of 10,000 components undone). The engine then rebuilds most of what it keeps
    /// anyway, and listing every id cost the UI thread more than a frame.
    pub fn of_step(forward: &Transaction, inverse: &Transaction, model: &Model) -> Self {
        let edits = forward.edits.len().max(inverse.edits.len());
        if edits >= MANY_EDITS && 2 * edits >= model.elements.len() {
            return Self::all();
        }
        Self::from_transaction(forward, inverse)
    }

    /// What a transaction touched, from the edits applied and their inverses (so a removal
    /// names what was removed and a replacement both the old and the new ends). Replacing an
    /// element that keeps its kind and boundary (a rename, new notes), or a flow that keeps its ends and direction, is a
    /// content change: the structure the engine keeps is reused.
    pub fn from_transaction(forward: &Transaction, inverse: &Transaction) -> Self {
        let mut c = Self::default();
        let in_place = in_place_replacements(forward, inverse);
        for e in forward.edits.iter().chain(&inverse.edits) {
            match e {
                Edit::SetElement { id, .. } if in_place.0.contains(id) => {
                    c.elements.insert(id.clone());
                }
                Edit::SetFlow { id, flow } if in_place.1.contains(id) => {
                    c.flows.insert(id.clone());
                    c.elements.insert(flow.from.clone());
                    c.elements.insert(flow.to.clone());
                }
                _ => c.add(e),
            }
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
            Edit::AddFlow { id, flow, .. } | Edit::SetFlow { id, flow } => {
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
            // Triage and people's threats are applied after the rules on every run.
            Edit::SetTriage { .. }
            | Edit::SetThreat { .. }
            | Edit::SetNote { .. }
            | Edit::MoveElements { .. }
            | Edit::SetBoundaryRect { .. }
            | Edit::SetModelInfo { .. }
            | Edit::SetConflicts { .. }
            // Business objectives are read by the PASTA view and reports, not by rules.
            | Edit::SetPasta { .. }
            // Sessions are history; votes' confirmed severity is applied after the rules.
            | Edit::SetSession { .. }
            | Edit::SetVotes { .. }
            // Review state is for people; no rule reads it.
            | Edit::SetInferredState { .. } => {}
        }
    }
}

/// Elements replaced without leaving their boundary or changing kind, and flows replaced with the same ends and
/// direction, each replaced once in the transaction (a second replacement could move it).
fn in_place_replacements(forward: &Transaction, inverse: &Transaction) -> (BTreeSet<ElementId>, BTreeSet<FlowId>) {
    fn once<'a, K: Ord + 'a, V: 'a>(edits: impl Iterator<Item = (&'a K, &'a V)>) -> BTreeMap<&'a K, Option<&'a V>> {
        let mut m: BTreeMap<&K, Option<&V>> = BTreeMap::new();
        for (k, v) in edits {
            m.entry(k).and_modify(|x| *x = None).or_insert(Some(v));
        }
        m
    }
    let elements = |t: &'_ Transaction| {
        once(t.edits.iter().filter_map(|e| match e {
            Edit::SetElement { id, element } => Some((id, element)),
            _ => None,
        }))
        .into_iter()
        .filter_map(|(k, v)| Some((k.clone(), v?.clone())))
        .collect::<BTreeMap<ElementId, Element>>()
    };
    let flows = |t: &'_ Transaction| {
        once(t.edits.iter().filter_map(|e| match e {
            Edit::SetFlow { id, flow } => Some((id, flow)),
            _ => None,
        }))
        .into_iter()
        .filter_map(|(k, v)| Some((k.clone(), v?.clone())))
        .collect::<BTreeMap<FlowId, Flow>>()
    };
    let (new_el, old_el) = (elements(forward), elements(inverse));
    let (new_fl, old_fl) = (flows(forward), flows(inverse));
    let els = new_el
        .iter()
        .filter(|(id, e)| {
            // A kind is structure to scripts (what `elements_with_trait` returns), so a new kind
            // is a structural change.
            old_el
                .get(*id)
                .is_some_and(|o| o.boundary == e.boundary && o.kind == e.kind)
        })
        .map(|(id, _)| id.clone())
        .collect();
    let fls = new_fl
        .iter()
        .filter(|(id, f)| {
            old_fl
                .get(*id)
                .is_some_and(|o| o.from == f.from && o.to == f.to && o.returns.is_empty() == f.returns.is_empty())
        })
        .map(|(id, _)| id.clone())
        .collect();
    (els, fls)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, Model};

    fn replace(model: &mut Model, id: &str, change: impl Fn(&mut Element)) -> Changes {
        let mut element = model.elements[&ElementId::new(id)].clone();
        change(&mut element);
        let tx = Transaction::single(
            "edit",
            Edit::SetElement {
                id: ElementId::new(id),
                element,
            },
        );
        let inverse = tx.clone().apply(model).unwrap();
        Changes::from_transaction(&tx, &inverse)
    }

    #[test]
    fn a_rename_is_content_but_a_new_kind_or_boundary_is_structure() {
        let mut m = Model::new("m");
        m.elements.insert(ElementId::new("el-a"), Element::new("llm", "A"));
        let renamed = replace(&mut m, "el-a", |e| e.name = "B".into());
        assert!(!renamed.structural);
        assert!(renamed.elements.contains(&ElementId::new("el-a")));
        assert!(replace(&mut m, "el-a", |e| e.kind = "agent-orchestrator".into()).structural);
        m.boundaries.insert(
            "tb-x".into(),
            crate::model::Boundary::new("X", crate::model::BoundaryKind::Internet),
        );
        assert!(replace(&mut m, "el-a", |e| e.boundary = Some("tb-x".into())).structural);
    }
}

//! An element's effective answer to a question, and where it comes from: the person's own
//! answer, the drawing (a question's `implied_by`), or the kind's default. The engine, the
//! script API and the inspector all read answers by this precedence, so they never disagree.

use super::{Catalog, ComponentKind, ImpliedBy};
use crate::model::{Element, ElementId, FlowId, Model, ModelGraph, Operation, PropKey, Value};

/// The answer a drawing implies.
pub static IMPLIED_YES: Value = Value::Bool(true);

/// Where an effective answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerSource<F> {
    /// The element's own answer.
    Own,
    /// Implied by this flow the element sends.
    Drawing(F),
    /// The kind's default.
    Kind,
}

/// An effective answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer<'a, F> {
    /// The answer.
    pub value: &'a Value,
    /// Where it comes from.
    pub source: AnswerSource<F>,
}

impl ImpliedBy {
    /// Whether a flow with `operation`, sent to an element of kind `to`, implies the answer.
    pub fn implies(&self, operation: Operation, to: &ComponentKind) -> bool {
        (self.operations.is_empty() || self.operations.contains(&operation))
            && self.to_traits.iter().any(|t| to.has_trait(t))
    }
}

impl Catalog {
    /// The effective answer of `el` to `key`, given the flows it sends as (flow, operation,
    /// receiver): its own, else one the lowest implying flow gives, else its kind's default.
    /// The drawing answers only questions the kind asks; the flows are read only then.
    pub fn answer_with<'a, F: Ord>(
        &'a self,
        el: &'a Element,
        key: &PropKey,
        outgoing: impl IntoIterator<Item = (F, Operation, &'a Element)>,
    ) -> Option<Answer<'a, F>> {
        if let Some(v) = el.properties.get(key) {
            return Some(Answer {
                value: v,
                source: AnswerSource::Own,
            });
        }
        let kind = self.kind(&el.kind)?;
        let default = kind.questions.get(key)?;
        let by = self.questions.get(key).and_then(|q| q.implied_by.as_ref());
        if let Some(by) = by
            && let Some(f) = outgoing
                .into_iter()
                .filter(|(_, op, to)| self.kind(&to.kind).is_some_and(|k| by.implies(*op, k)))
                .map(|(f, _, _)| f)
                .min()
        {
            return Some(Answer {
                value: &IMPLIED_YES,
                source: AnswerSource::Drawing(f),
            });
        }
        Some(Answer {
            value: default,
            source: AnswerSource::Kind,
        })
    }

    /// Element `i`'s effective answer in a graph (an implying flow by index, the lowest first).
    pub fn answer<'a>(&'a self, g: &'a ModelGraph, i: usize, key: &PropKey) -> Option<Answer<'a, usize>> {
        let el = g.element(i)?;
        let flows = g.outgoing(i).filter_map(|j| {
            let flow = g.flow(j)?;
            Some((j, flow.operation, g.element(g.flow_ends[j].1)?))
        });
        self.answer_with(el, key, flows)
    }

    /// The same on a model, for one element at a time (the inspector): an implying flow by id.
    pub fn answer_in<'a>(&'a self, model: &'a Model, id: &ElementId, key: &PropKey) -> Option<Answer<'a, &'a FlowId>> {
        let el = model.elements.get(id)?;
        let flows = model
            .flows
            .iter()
            .filter(|(_, f)| &f.from == id)
            .filter_map(|(fid, f)| Some((fid, f.operation, model.elements.get(&f.to)?)));
        self.answer_with(el, key, flows)
    }
}

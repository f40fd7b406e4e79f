//! An element's effective answer to a question, and where it comes from: the person's own
//! answer, the drawing (a question's `implied_by`), or the kind's default. The engine, the
//! script API and the inspector all read answers by this precedence, so they never disagree.

use super::{Catalog, ComponentKind, ImpliedBy};
use crate::model::{BoundaryKind, Element, ElementId, Flow, FlowId, Model, ModelGraph, Operation, PropKey, Value};

/// The answer a drawing implies.
pub static IMPLIED_YES: Value = Value::Bool(true);

/// Where an effective answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerSource<F> {
    /// The element's own answer.
    Own,
    /// Implied by this flow the element sends or receives.
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

/// A flow at an element, as a drawing's answers read it.
#[derive(Debug, Clone, Copy)]
pub struct Drawn<'a, F> {
    /// The flow (an index or an id).
    pub flow: F,
    /// Its operation.
    pub operation: Operation,
    /// The element at its other end.
    pub other: &'a Element,
    /// Whether the element sends it (else it receives it).
    pub sent: bool,
    /// The model, for the trust zones an answer may read (only then walked).
    model: &'a Model,
    /// The elements at this end and at the other.
    near: &'a ElementId,
    far: &'a ElementId,
}

impl<'a, F> Drawn<'a, F> {
    /// Flow `flow` (`f`) seen from the end that sends it (`sent`) or receives it, `other` being
    /// the element at its far end. Trust zones are walked only when an answer reads them.
    pub fn new(model: &'a Model, flow: F, f: &'a Flow, sent: bool, other: &'a Element) -> Self {
        Drawn {
            flow,
            operation: f.operation,
            other,
            sent,
            model,
            near: if sent { &f.from } else { &f.to },
            far: if sent { &f.to } else { &f.from },
        }
    }

    /// The kind of the trust zone the other end sits in.
    pub fn other_zone(&self) -> Option<BoundaryKind> {
        self.model.trust_zone_kind_around(self.other.boundary.as_ref())
    }

    /// The kind of the trust zone both ends sit in, when they share one.
    pub fn shared_zone(&self) -> Option<BoundaryKind> {
        let zone = self.model.shared_trust_zone(self.near, self.far)?;
        self.model.boundaries.get(zone).map(|b| b.kind)
    }
}

impl ImpliedBy {
    /// Whether a flow implies the answer, the kind at its other end being `other`.
    pub fn implies<F>(&self, d: &Drawn<'_, F>, other: &ComponentKind) -> bool {
        (self.operations.is_empty() || self.operations.contains(&d.operation))
            && if d.sent {
                self.to_traits.iter().any(|t| other.has_trait(t))
                    && (self.same_zones.is_empty() || d.shared_zone().is_some_and(|z| self.same_zones.contains(&z)))
            } else {
                d.other_zone().is_some_and(|z| self.from_zones.contains(&z))
            }
    }
}

/// The flows at `id` as a drawing's answers read them.
pub fn drawn_at<'a>(model: &'a Model, id: &ElementId) -> impl Iterator<Item = Drawn<'a, &'a FlowId>> + 'a {
    let id = id.clone();
    model.flows.iter().filter_map(move |(fid, f)| {
        let sent = f.from == id;
        if !sent && f.to != id {
            return None;
        }
        let other = model.elements.get(if sent { &f.to } else { &f.from })?;
        Some(Drawn::new(model, fid, f, sent, other))
    })
}

/// Why `flow` answers a question for the element at one of its ends, in words: `it invokes
/// "Refund tool"` for a flow it sends, `"Visitor" in "Internet" reads it` for one it receives.
/// For a question that reads the zone both ends share (`by.same_zones`), a sent flow names it:
/// `it invokes "Coding agent", both in "Laptop"`.
pub fn drawing_reason(model: &Model, flow: &Flow, sent: bool, by: Option<&ImpliedBy>) -> String {
    fn name<'a>(model: &'a Model, id: &'a ElementId) -> &'a str {
        model.elements.get(id).map_or(id.as_str(), |e| e.name.as_str())
    }
    let verb = flow.operation.verb();
    if sent {
        let shared = by
            .filter(|b| !b.same_zones.is_empty())
            .and_then(|_| model.shared_trust_zone(&flow.from, &flow.to))
            .and_then(|z| model.boundaries.get(z));
        return match shared {
            Some(zone) => format!("it {verb} {:?}, both in {:?}", name(model, &flow.to), zone.name),
            None => format!("it {verb} {:?}", name(model, &flow.to)),
        };
    }
    match model.trust_zone(&flow.from).and_then(|b| model.boundaries.get(b)) {
        Some(zone) => format!("{:?} in {:?} {verb} it", name(model, &flow.from), zone.name),
        None => format!("{:?} {verb} it", name(model, &flow.from)),
    }
}

impl Catalog {
    /// The effective answer of `el` to `key`, given the flows at it: its own, else one the
    /// lowest implying flow gives, else its kind's default. The drawing answers only questions
    /// the kind asks; the flows are read only then.
    pub fn answer_with<'a, F: Ord>(
        &'a self,
        el: &'a Element,
        key: &PropKey,
        flows: impl IntoIterator<Item = Drawn<'a, F>>,
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
            && let Some(f) = flows
                .into_iter()
                .filter(|d| self.kind(&d.other.kind).is_some_and(|k| by.implies(d, k)))
                .map(|d| d.flow)
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
        let drawn = |j: usize, sent: bool| {
            let (from, to) = g.flow_ends[j];
            let other = g.element(if sent { to } else { from })?;
            Some(Drawn::new(&g.model, j, g.flow(j)?, sent, other))
        };
        let flows = g
            .outgoing(i)
            .filter_map(|j| drawn(j, true))
            .chain(g.incoming(i).filter_map(|j| drawn(j, false)));
        self.answer_with(el, key, flows)
    }

    /// The same on a model, for one element at a time (the inspector): an implying flow by id.
    pub fn answer_in<'a>(&'a self, model: &'a Model, id: &ElementId, key: &PropKey) -> Option<Answer<'a, &'a FlowId>> {
        let el = model.elements.get(id)?;
        self.answer_with(el, key, drawn_at(model, id))
    }
}

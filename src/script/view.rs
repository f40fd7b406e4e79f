//! What a rule reads of one element or one flow, as plain Rust values: the one implementation
//! of every element and flow method of the rule API. The rhai API (`super::api`) wraps these
//! results in `Dynamic`s; the native evaluator of conditions (`super::native`) uses them as they
//! are. Both therefore read, record what they read, and charge the rule's budget alike.

use super::api::{Charged, Ctx, charge, data_reach, flow_moves, read_answer, read_control, read_element, read_flow};
use super::api::{read_name, read_shape};
use crate::catalog::ComponentKind;
use crate::model::{ControlId, DataClassId, Element, Flow, PropKey, Value};
use std::collections::BTreeSet;

/// An element, borrowed from the context a rule reads.
#[derive(Debug, Clone, Copy)]
pub struct ElementView<'a> {
    /// What the rule reads.
    pub ctx: &'a Ctx,
    /// Index in the graph.
    pub index: usize,
}

/// A flow, borrowed from the context a rule reads.
#[derive(Debug, Clone, Copy)]
pub struct FlowView<'a> {
    /// What the rule reads.
    pub ctx: &'a Ctx,
    /// Index in the graph.
    pub index: usize,
    /// Seen from what comes back: `from` is the element that sends it back, `data` what comes
    /// back (a flow rule's condition, where its selector matched the returned part).
    pub back: bool,
}

impl<'a> ElementView<'a> {
    /// The element, as a content read.
    pub fn el(&self) -> Option<&'a Element> {
        read_element(self.index);
        self.ctx.graph.element(self.index)
    }
    /// The element's kind. Not a content read: a new kind is a structural change, after which
    /// every script runs again anyway (`engine::Changes`).
    pub fn kind(&self) -> Option<&'a ComponentKind> {
        self.ctx
            .graph
            .element(self.index)
            .and_then(|e| self.ctx.catalog.kind(&e.kind))
    }
    /// `el.id`.
    pub fn id(&self) -> &'a str {
        self.ctx.graph.element_ids[self.index].0.as_str()
    }
    /// `el.name`.
    pub fn name(&self) -> &'a str {
        read_name(self.index);
        self.ctx.graph.element(self.index).map_or("", |e| e.name.as_str())
    }
    /// `el.kind`: the kind's id. Structure, like [`Self::kind`].
    pub fn kind_id(&self) -> &'a str {
        self.ctx.graph.element(self.index).map_or("", |e| e.kind.0.as_str())
    }
    /// `el.category`.
    pub fn category(&self) -> &'a str {
        self.kind().map_or("", |k| k.category.as_str())
    }
    /// `el.dfd`.
    pub fn dfd(&self) -> String {
        self.kind().map(|k| format!("{:?}", k.dfd)).unwrap_or_default()
    }
    /// `el.traits`.
    pub fn traits(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.kind()
            .into_iter()
            .flat_map(|k| k.traits.iter().map(String::as_str))
    }
    /// `el.has_trait(t)`.
    pub fn has_trait(&self, t: &str) -> bool {
        self.ctx.has_trait(self.index, t)
    }
    /// Whether data of `class` arrives here: on a flow into it, or coming back on one it sends.
    pub fn receives(&self, class: &str) -> Charged<bool> {
        let g = &self.ctx.graph;
        let (inc, out): (Vec<usize>, Vec<usize>) = (g.incoming(self.index).collect(), g.outgoing(self.index).collect());
        charge(inc.len() + out.len(), "receives()")?;
        Ok(inc.into_iter().any(|j| flow_moves(g, j, class, true, false))
            || out.into_iter().any(|j| flow_moves(g, j, class, false, true)))
    }
    /// Whether data of `class` moves on a flow drawn into it, either way: sent to it, or handed
    /// back by it to the caller (a store handles what is written into it and what is read
    /// out of it).
    pub fn handles(&self, class: &str) -> Charged<bool> {
        let g = &self.ctx.graph;
        let inc: Vec<usize> = g.incoming(self.index).collect();
        charge(inc.len(), "handles()")?;
        Ok(inc.into_iter().any(|j| flow_moves(g, j, class, true, true)))
    }
    /// The effective answer, as the engine's selectors read it (own, drawn, kind default).
    pub fn prop(&self, key: &str) -> Option<&'a Value> {
        let key = PropKey::new(key);
        read_answer(self.index, &key);
        self.ctx
            .catalog
            .answer(&self.ctx.graph, self.index, &key)
            .map(|a| a.value)
    }
    /// Whether the answer to `key` is only assumed (the kind's default, or none at all), not
    /// given by a person or by the drawing: a rule can then ask the drawing for evidence.
    pub fn assumed(&self, key: &str) -> bool {
        let key = PropKey::new(key);
        read_answer(self.index, &key);
        self.ctx
            .catalog
            .answer(&self.ctx.graph, self.index, &key)
            .is_none_or(|a| matches!(a.source, crate::catalog::AnswerSource::Kind))
    }
    /// `el.has_control(id)`.
    pub fn has_control(&self, id: &str) -> bool {
        let id = ControlId::new(id);
        read_control(self.index, &id);
        self.ctx.graph.element(self.index).is_some_and(|e| e.has_control(&id))
    }
    /// `el.control(id)`: the control's state, if it is recorded.
    pub fn control(&self, id: &str) -> Option<&'static str> {
        let id = ControlId::new(id);
        read_control(self.index, &id);
        self.ctx
            .graph
            .element(self.index)
            .and_then(|e| e.controls.get(&id))
            .map(|s| s.label())
    }
    /// `el.boundary`. Structure: leaving a boundary is a structural change.
    pub fn boundary(&self) -> Option<&'a str> {
        self.ctx
            .graph
            .element(self.index)
            .and_then(|e| e.boundary.as_ref())
            .map(|b| b.0.as_str())
    }
    /// `el.boundary_kinds`.
    pub fn boundary_kinds(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.ctx.graph.boundary_kinds[self.index].iter().map(|k| k.id())
    }
    /// `el.in_boundary(kind)`.
    pub fn in_boundary(&self, kind: &str) -> bool {
        self.ctx.graph.boundary_kinds[self.index].iter().any(|k| k.id() == kind)
    }
    /// `el.tags`.
    pub fn tags(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.el().into_iter().flat_map(|e| e.tags.iter().map(String::as_str))
    }
    /// `el.incoming()`: the flows into it, as flow indices.
    pub fn incoming(&self) -> Charged<Vec<usize>> {
        let flows: Vec<usize> = self.ctx.graph.incoming(self.index).collect();
        charge(flows.len(), "incoming()")?;
        Ok(flows)
    }
    /// `el.outgoing()`: the flows out of it, as flow indices.
    pub fn outgoing(&self) -> Charged<Vec<usize>> {
        let flows: Vec<usize> = self.ctx.graph.outgoing(self.index).collect();
        charge(flows.len(), "outgoing()")?;
        Ok(flows)
    }
    /// `el.upstream()`: the elements whose data reaches it ([`data_reach`]).
    pub fn upstream(&self) -> Charged<Vec<usize>> {
        self.walk(false, "upstream()")
    }
    /// `el.downstream()`: the elements its data reaches ([`data_reach`]).
    pub fn downstream(&self) -> Charged<Vec<usize>> {
        self.walk(true, "downstream()")
    }
    fn walk(&self, forward: bool, what: &str) -> Charged<Vec<usize>> {
        let g = &self.ctx.graph;
        charge(g.len(), what)?;
        // The element itself only when a cycle leads back to it.
        let mut seen = vec![false; g.len()];
        let found = data_reach(g, vec![self.index], forward, &mut seen, what)?;
        charge(found.len(), what)?;
        Ok(found)
    }
}

impl<'a> FlowView<'a> {
    /// The flow, as a content read.
    fn flow(&self) -> Option<&'a Flow> {
        read_flow(self.index);
        self.ctx.graph.flow(self.index)
    }
    /// The flow, for what it carries and returns and its operation only.
    fn shape(&self) -> Option<&'a Flow> {
        read_shape(self.index);
        self.ctx.graph.flow(self.index)
    }
    /// What moves from `from` to `to` in this view, and what moves back.
    fn classes(&self, f: &'a Flow) -> (&'a BTreeSet<DataClassId>, &'a BTreeSet<DataClassId>) {
        if self.back {
            (&f.returns, &f.data)
        } else {
            (&f.data, &f.returns)
        }
    }
    /// The ends as this view sees them (sender, receiver).
    pub fn ends(&self) -> (usize, usize) {
        let (a, b) = self.ctx.graph.flow_ends[self.index];
        if self.back { (b, a) } else { (a, b) }
    }
    /// `flow.id`.
    pub fn id(&self) -> &'a str {
        self.ctx.graph.flow_ids[self.index].0.as_str()
    }
    /// `flow.from`: the sender, as an element index.
    pub fn from(&self) -> usize {
        self.ends().0
    }
    /// `flow.to`: the receiver, as an element index.
    pub fn to(&self) -> usize {
        self.ends().1
    }
    /// `flow.label`.
    pub fn label(&self) -> &'a str {
        self.flow().map_or("", |f| f.label.as_str())
    }
    /// `flow.protocol`.
    pub fn protocol(&self) -> &'a str {
        self.flow().map_or("", |f| f.protocol.as_str())
    }
    /// `flow.data`: what it carries from `from` to `to`.
    pub fn data(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let view = *self;
        self.shape()
            .into_iter()
            .flat_map(move |f| view.classes(f).0.iter().map(|d| d.as_str()))
    }
    /// `flow.has_data(class)`.
    pub fn has_data(&self, class: &str) -> bool {
        self.shape()
            .is_some_and(|f| self.classes(f).0.iter().any(|d| d.as_str() == class))
    }
    /// `flow.encrypted`.
    pub fn encrypted(&self) -> bool {
        self.flow().is_some_and(|f| f.encrypted.is_yes())
    }
    /// `flow.authenticated`.
    pub fn authenticated(&self) -> bool {
        self.flow().is_some_and(|f| f.authenticated.is_yes())
    }
    /// Something comes back (kept for scripts written before flows had `returns`).
    pub fn bidirectional(&self) -> bool {
        self.shape().is_some_and(|f| !self.classes(f).1.is_empty())
    }
    /// `flow.operation`.
    pub fn operation(&self) -> &'a str {
        self.shape().map_or("", |f| f.operation.id())
    }
    /// `flow.returns`: what comes back from `to` to `from`.
    pub fn returns(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let view = *self;
        self.shape()
            .into_iter()
            .flat_map(move |f| view.classes(f).1.iter().map(|d| d.as_str()))
    }
    /// `flow.fact(name)`: the fact's answer, or nothing for an unknown fact.
    pub fn fact(&self, name: &str) -> Option<&'static str> {
        match (crate::model::FlowFact::from_id(name), self.flow()) {
            (Some(fact), Some(f)) => Some(fact.of(f).id()),
            _ => None,
        }
    }
    /// `flow.crosses_boundary`.
    pub fn crosses_boundary(&self) -> bool {
        self.ctx.graph.crosses[self.index]
    }
    /// `flow.has_control(id)`.
    pub fn has_control(&self, id: &str) -> bool {
        self.flow().is_some_and(|f| f.has_control(&ControlId::new(id)))
    }
}

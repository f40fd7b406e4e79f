//! A read-only graph view of a model: elements as petgraph nodes, flows as edges, with the
//! derived facts rules need (enclosing boundary kinds, boundary crossings). Built from the
//! document; never saved.

use super::boundary::BoundaryKind;
use super::document::Model;
use super::ids::{ElementId, FlowId};
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// The graph view. Element `i` is node `i`; flow `j` is the edge whose weight is `j`. Both are
/// in id order, so iteration is deterministic.
#[derive(Debug, Clone)]
pub struct ModelGraph {
    /// The document it was built from.
    pub model: Arc<Model>,
    topology: Arc<Topology>,
    /// Per flow index, whether anything comes back on it; built on first use (it is content,
    /// so it is not part of the shared topology).
    returns_data: std::sync::OnceLock<Arc<[bool]>>,
}

/// The parts of the view that depend only on structure (which elements and flows exist, and
/// boundary membership), shared between views when an edit changes only content.
#[derive(Debug)]
pub struct Topology {
    /// Element ids in id order.
    pub element_ids: Vec<ElementId>,
    /// Flow ids in id order.
    pub flow_ids: Vec<FlowId>,
    /// Each flow's (sender, receiver) element indices.
    pub flow_ends: Vec<(usize, usize)>,
    /// Each element's enclosing boundary kinds, innermost first.
    pub boundary_kinds: Vec<Arc<[BoundaryKind]>>,
    /// Whether each flow crosses a trust boundary.
    pub crosses: Vec<bool>,
    index: HashMap<ElementId, usize>,
    flow_index: HashMap<FlowId, usize>,
    graph: DiGraph<(), usize>,
}

impl std::ops::Deref for ModelGraph {
    type Target = Topology;
    fn deref(&self) -> &Topology {
        &self.topology
    }
}

impl ModelGraph {
    /// Builds the view. Flows whose ends are missing (an invalid model) are left out.
    pub fn new(model: Arc<Model>) -> Self {
        let topology = Arc::new(Topology::new(&model));
        Self {
            model,
            topology,
            returns_data: std::sync::OnceLock::new(),
        }
    }

    /// A view of `model` that reuses this view's structure. Only valid when `model` has the same
    /// elements, flows (with the same ends) and boundary memberships as the model this view was
    /// built from; the engine checks that before calling.
    pub fn with_same_structure(&self, model: Arc<Model>) -> Self {
        Self {
            model,
            topology: self.topology.clone(),
            returns_data: std::sync::OnceLock::new(),
        }
    }

    /// The element at an index.
    pub fn element(&self, i: usize) -> Option<&super::element::Element> {
        self.element_ids.get(i).and_then(|id| self.model.elements.get(id))
    }

    /// The flow at an index.
    pub fn flow(&self, j: usize) -> Option<&super::flow::Flow> {
        self.flow_ids.get(j).and_then(|id| self.model.flows.get(id))
    }

    /// Every flow with its index, in index order, in one pass: cheaper than [`Self::flow`] per
    /// index, which searches the document's map each time.
    pub fn flows_indexed(&self) -> impl Iterator<Item = (usize, &super::flow::Flow)> + '_ {
        // Both are in id order; flows left out of the view (missing ends) are skipped. When
        // none is left out (the usual case) the two line up and no id is compared: comparing
        // 20,000 ids cost about 1 ms of every re-evaluation at 10,000 elements.
        let all = self.flow_ids.len() == self.model.flows.len();
        let mut next = 0;
        self.model.flows.iter().filter_map(move |(id, f)| {
            let j = next;
            (all || self.flow_ids.get(j) == Some(id)).then(|| {
                debug_assert_eq!(self.flow_ids.get(j), Some(id));
                next += 1;
                (j, f)
            })
        })
    }

    /// Whether anything comes back on flow `j` (its `returns` is not empty).
    pub fn returns_data(&self, j: usize) -> bool {
        let all = self.returns_data.get_or_init(|| {
            let mut v = vec![false; self.flow_ids.len()];
            for (j, f) in self.flows_indexed() {
                v[j] = !f.returns.is_empty();
            }
            v.into()
        });
        all.get(j).copied().unwrap_or(false)
    }
}

impl Topology {
    fn new(model: &Model) -> Self {
        let element_ids: Vec<ElementId> = model.elements.keys().cloned().collect();
        let index: HashMap<ElementId, usize> = element_ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        let boundary_of: Vec<Option<&super::ids::BoundaryId>> =
            model.elements.values().map(|e| e.boundary.as_ref()).collect();
        // Crossing is decided by trust zones: groups inside one zone do not count.
        let zone_of: Vec<Option<&super::ids::BoundaryId>> =
            model.elements.keys().map(|id| model.trust_zone(id)).collect();
        let mut graph = DiGraph::with_capacity(element_ids.len(), model.flows.len());
        for _ in &element_ids {
            graph.add_node(());
        }
        let mut flow_ids = Vec::with_capacity(model.flows.len());
        let mut flow_ends = Vec::with_capacity(model.flows.len());
        let mut crosses = Vec::with_capacity(model.flows.len());
        for (fid, flow) in &model.flows {
            let (Some(&a), Some(&b)) = (index.get(&flow.from), index.get(&flow.to)) else {
                continue;
            };
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), flow_ids.len());
            flow_ids.push(fid.clone());
            flow_ends.push((a, b));
            // Different innermost trust boundaries (outside all is a zone of its own).
            crosses.push(zone_of[a] != zone_of[b]);
        }
        // Boundaries are few: compute each one's chain of kinds once and share it.
        let mut chains: HashMap<&super::ids::BoundaryId, Arc<[BoundaryKind]>> = HashMap::default();
        for id in model.boundaries.keys() {
            let mut kinds = Vec::new();
            let mut cur = Some(id);
            while let Some(b) = cur {
                let Some(bd) = model.boundaries.get(b) else { break };
                if kinds.len() > model.boundaries.len() {
                    break; // a cycle; validation reports it
                }
                kinds.push(bd.kind);
                cur = bd.parent.as_ref();
            }
            chains.insert(id, kinds.into());
        }
        let empty: Arc<[BoundaryKind]> = Arc::from(Vec::new());
        let boundary_kinds = boundary_of
            .iter()
            .map(|b| b.and_then(|b| chains.get(b).cloned()).unwrap_or_else(|| empty.clone()))
            .collect();
        let flow_index = flow_ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        Self {
            element_ids,
            flow_ids,
            flow_ends,
            boundary_kinds,
            crosses,
            index,
            flow_index,
            graph,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.element_ids.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.element_ids.is_empty()
    }

    /// The index of an element id.
    pub fn index_of(&self, id: &ElementId) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The index of a flow id.
    pub fn flow_index_of(&self, id: &FlowId) -> Option<usize> {
        self.flow_index.get(id).copied()
    }

    /// Flows leaving element `i`, as flow indices.
    pub fn outgoing(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .edges_directed(NodeIndex::new(i), Direction::Outgoing)
            .map(|e| *e.weight())
    }

    /// Flows arriving at element `i`, as flow indices.
    pub fn incoming(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .edges_directed(NodeIndex::new(i), Direction::Incoming)
            .map(|e| *e.weight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DataClassId, Element, Flow};

    /// A flow whose end is missing is not in the view; the flows after it keep their own index
    /// and content, and whether something comes back is read per flow.
    #[test]
    fn flows_by_index_skip_flows_left_out_of_the_view() {
        let mut m = Model::new("t");
        m.elements.insert("el-a".into(), Element::new("service", "A"));
        m.elements.insert("el-b".into(), Element::new("database", "B"));
        m.flows.insert("fl-1".into(), Flow::new("el-a", "el-b", "one"));
        m.flows.insert("fl-2".into(), Flow::new("el-a", "el-gone", "dangling"));
        let mut read = Flow::new("el-a", "el-b", "three");
        read.returns.insert(DataClassId::from("pii"));
        m.flows.insert("fl-3".into(), read);
        let g = ModelGraph::new(Arc::new(m));
        let seen: Vec<(usize, &str)> = g.flows_indexed().map(|(j, f)| (j, f.label.as_str())).collect();
        assert_eq!(seen, vec![(0, "one"), (1, "three")]);
        for (j, _) in g.flows_indexed() {
            assert_eq!(g.flow(j).map(|f| f.label.as_str()), seen.get(j).map(|s| s.1));
        }
        assert!(!g.returns_data(0));
        assert!(g.returns_data(1));
    }
}

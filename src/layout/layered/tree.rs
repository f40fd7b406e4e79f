//! The layered layout's input by index: elements, the flows between them, and the boundary tree
//! (cluster 0 is the whole model; every boundary is a cluster nested in its parent's).

use crate::model::{BoundaryId, ElementId, FlowId, Model};
use std::collections::BTreeMap;

/// A flow whose two ends exist.
#[derive(Debug)]
pub(super) struct FlowIn<'a> {
    pub id: &'a FlowId,
    /// Sender (element index).
    pub from: usize,
    /// Receiver (element index).
    pub to: usize,
    /// The flow runs against the reading direction (it closes a cycle of flows).
    pub reversed: bool,
    /// The innermost cluster holding both ends.
    pub lca: usize,
}

/// A cluster: the model (index 0) or one boundary.
#[derive(Debug, Default)]
pub(super) struct ClusterIn<'a> {
    /// The boundary (`None` for the model).
    pub id: Option<&'a BoundaryId>,
    /// The enclosing cluster (0 for top-level boundaries and for the model itself).
    pub parent: usize,
    /// Nesting depth (0 for the model).
    pub depth: usize,
    /// Nested clusters, in id order.
    pub children: Vec<usize>,
    /// Elements directly inside, in id order.
    pub elements: Vec<usize>,
}

/// Everything the layout reads, by index, in id order.
#[derive(Debug)]
pub(super) struct Input<'a> {
    pub elements: Vec<&'a ElementId>,
    pub element_cluster: Vec<usize>,
    pub flows: Vec<FlowIn<'a>>,
    /// Flows from an element to itself (drawn as loops, not laid out).
    pub loops: Vec<(&'a FlowId, usize)>,
    pub clusters: Vec<ClusterIn<'a>>,
    /// Longest chain of (cycle-free) flows leading to each element: where it would sit in a
    /// layout without boundaries. Clusters are ordered by it when flows between them loop.
    pub rank: Vec<usize>,
}

impl<'a> Input<'a> {
    pub fn new(model: &'a Model) -> Self {
        let elements: Vec<&ElementId> = model.elements.keys().collect();
        let element_index: BTreeMap<&ElementId, usize> = elements.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let boundary_index: BTreeMap<&BoundaryId, usize> =
            model.boundaries.keys().enumerate().map(|(i, id)| (id, i + 1)).collect();
        let mut clusters: Vec<ClusterIn<'a>> = Vec::with_capacity(boundary_index.len() + 1);
        clusters.push(ClusterIn::default());
        for (id, b) in &model.boundaries {
            let parent = b
                .parent
                .as_ref()
                .and_then(|p| boundary_index.get(p))
                .copied()
                .unwrap_or(0);
            clusters.push(ClusterIn {
                id: Some(id),
                parent,
                ..ClusterIn::default()
            });
        }
        break_parent_cycles(&mut clusters);
        for c in 1..clusters.len() {
            let p = clusters[c].parent;
            clusters[p].children.push(c);
        }
        set_depths(&mut clusters);
        let mut element_cluster = Vec::with_capacity(elements.len());
        for (i, (_, e)) in model.elements.iter().enumerate() {
            let c = e
                .boundary
                .as_ref()
                .and_then(|b| boundary_index.get(b))
                .copied()
                .unwrap_or(0);
            element_cluster.push(c);
            clusters[c].elements.push(i);
        }
        let mut flows = Vec::new();
        let mut loops = Vec::new();
        for (id, f) in &model.flows {
            let (Some(&from), Some(&to)) = (element_index.get(&f.from), element_index.get(&f.to)) else {
                continue;
            };
            if from == to {
                loops.push((id, from));
                continue;
            }
            flows.push(FlowIn {
                id,
                from,
                to,
                reversed: false,
                lca: 0,
            });
        }
        let mut input = Input {
            elements,
            element_cluster,
            flows,
            loops,
            clusters,
            rank: Vec::new(),
        };
        for i in 0..input.flows.len() {
            let (a, b) = (input.flows[i].from, input.flows[i].to);
            input.flows[i].lca = input.lca(input.element_cluster[a], input.element_cluster[b]);
        }
        let edges: Vec<(usize, usize)> = input.flows.iter().map(|f| (f.from, f.to)).collect();
        let starts: Vec<usize> = (0..input.elements.len()).collect();
        let reversed = super::rank::back_edges(input.elements.len(), &edges, &starts);
        for (f, r) in input.flows.iter_mut().zip(&reversed) {
            f.reversed = *r;
        }
        let dag: Vec<(usize, usize)> = input.flows.iter().map(|f| f.oriented()).collect();
        input.rank = super::rank::longest_path(input.elements.len(), &dag);
        input
    }

    /// The innermost cluster holding both `a` and `b`.
    pub fn lca(&self, mut a: usize, mut b: usize) -> usize {
        while self.clusters[a].depth > self.clusters[b].depth {
            a = self.clusters[a].parent;
        }
        while self.clusters[b].depth > self.clusters[a].depth {
            b = self.clusters[b].parent;
        }
        while a != b {
            a = self.clusters[a].parent;
            b = self.clusters[b].parent;
        }
        a
    }

    /// The child of `level` that holds cluster `c`, or `None` when `c` is `level` itself.
    /// `c` must be inside `level`.
    pub fn child_toward(&self, level: usize, mut c: usize) -> Option<usize> {
        if c == level {
            return None;
        }
        while self.clusters[c].parent != level && c != 0 {
            c = self.clusters[c].parent;
        }
        Some(c)
    }

    /// Clusters from `c` up to, not including, `stop` (innermost first).
    pub fn path_up(&self, mut c: usize, stop: usize) -> Vec<usize> {
        let mut out = Vec::new();
        while c != stop {
            out.push(c);
            if c == 0 {
                break;
            }
            c = self.clusters[c].parent;
        }
        out
    }

    /// Clusters with parents before children.
    pub fn top_down(&self) -> Vec<usize> {
        let mut out = vec![0];
        let mut i = 0;
        while let Some(&c) = out.get(i) {
            out.extend(self.clusters[c].children.iter().copied());
            i += 1;
        }
        out
    }
}

impl FlowIn<'_> {
    /// Sender and receiver in reading order (swapped when the flow closes a cycle).
    pub fn oriented(&self) -> (usize, usize) {
        if self.reversed {
            (self.to, self.from)
        } else {
            (self.from, self.to)
        }
    }
}

/// A boundary whose parents lead back to itself is drawn at the top level instead.
fn break_parent_cycles(clusters: &mut [ClusterIn<'_>]) {
    let n = clusters.len();
    for c in 1..n {
        let mut cur = clusters[c].parent;
        let mut steps = 0;
        while cur != 0 && cur != c && steps <= n {
            cur = clusters[cur].parent;
            steps += 1;
        }
        if cur != 0 {
            clusters[c].parent = 0;
        }
    }
}

fn set_depths(clusters: &mut [ClusterIn<'_>]) {
    let mut stack = vec![(0usize, 0usize)];
    while let Some((c, d)) = stack.pop() {
        clusters[c].depth = d;
        for &k in &clusters[c].children {
            stack.push((k, d + 1));
        }
    }
}

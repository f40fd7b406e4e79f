//! The layered layout: trust boundaries as nested clusters, data flowing left to right, flows
//! routed orthogonally around components.
//!
//! Each cluster (the model, then every boundary) is laid out on its own, with its nested
//! boundaries as single blocks among its components (the "separate children" strategy of ELK's
//! layered algorithm), so a boundary's rectangle holds exactly its members and sibling
//! rectangles never meet. A flow that leaves a cluster gets a port on the cluster's left or
//! right border, chosen from where its other end sits in the enclosing cluster, and a corridor
//! of dummy nodes to that border, so routes stay inside the clusters they belong to.
//!
//! Three passes:
//! 1. top down, per cluster: columns (cycle breaking by a depth-first search from the
//!    sources, longest path, sources pulled next to their successors), dummy nodes for flows
//!    longer than one column, and the order in each column (barycenter sweeps and transposes,
//!    ports ordered by what lies outside);
//! 2. bottom up: vertical positions (each column packed as near as possible to where its
//!    flows pull it, order and spacing kept), channel widths from how many vertical runs and
//!    which labels they must hold, column positions and each cluster's block size;
//! 3. top down: blocks placed in their parents, then every flow's route assembled from the
//!    pieces it has in each cluster it passes.
//!
//! No Rust crate does nested clusters with orthogonal routing (`layout-rs`, `rust-sugiyama` and
//! the dagre ports were evaluated; `docs/layout.md` says what each does and lacks).

mod coord;
mod order;
mod place;
mod rank;
mod route;
mod tree;

use super::placement::{BOUNDARY_HEADER, BOUNDARY_PAD, NODE_H, NODE_W};
use crate::model::{BoundaryId, ElementId, FlowId, Model, Pos, Rect};
use std::collections::BTreeMap;
use tree::Input;

use place::{child_blocks, link_ys, place};
pub use route::{label_anchor, label_spots, through, waypoints};

/// Least horizontal space between two columns of components (room for a label).
const LAYER_GAP: f32 = 96.0;
/// Least vertical space between two components in a column: room for a compact component's
/// one-row name under its box when a wide drawing is fitted at about a third of full size.
const NODE_GAP: f32 = 60.0;
/// Least vertical space between a component and a flow passing it.
const EDGE_GAP: f32 = 20.0;
/// Least vertical space between two flows side by side.
const FLOW_GAP: f32 = 14.0;
/// Distance between flows leaving the same side of a component.
const PORT_STEP: f32 = 12.0;
/// Distance between vertical runs sharing a channel.
const TRACK_STEP: f32 = 10.0;
/// Space between a channel's runs and the columns either side (the arrowhead's room).
const TRACK_MARGIN: f32 = 22.0;
/// Estimated label size: width per character, padding and the widest a label gets (wider
/// labels wrap).
const LABEL_CHAR_W: f32 = 6.4;
const LABEL_PAD: f32 = 14.0;
const LABEL_MAX_W: f32 = 200.0;
/// The smallest block drawn for a boundary.
const MIN_BLOCK_W: f32 = 180.0;
const EMPTY_CONTENT_H: f32 = 40.0;

/// Where everything is drawn, in canvas units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawing {
    /// Each element's centre.
    pub elements: BTreeMap<ElementId, Pos>,
    /// Each boundary's rectangle.
    pub boundaries: BTreeMap<BoundaryId, Rect>,
    /// Each flow's route: from a point on the sender's box edge, through its bends, to a
    /// point on the receiver's box edge; every segment horizontal or vertical.
    pub routes: BTreeMap<FlowId, Vec<Pos>>,
}

/// What a node of a cluster's layout stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Element(usize),
    Cluster(usize),
    /// Where a flow crosses the cluster's border.
    Port,
    /// Where a flow crosses a column on its way to a further one.
    Dummy,
}

#[derive(Debug, Clone)]
struct Node {
    kind: Kind,
    layer: usize,
    w: f32,
    h: f32,
    x: f32,
    y: f32,
}

impl Node {
    fn new(kind: Kind, layer: usize, w: f32, h: f32) -> Self {
        Node {
            kind,
            layer,
            w,
            h,
            x: 0.0,
            y: 0.0,
        }
    }

    fn is_box(&self) -> bool {
        matches!(self.kind, Kind::Element(_) | Kind::Cluster(_))
    }
}

/// One flow's piece inside one cluster: nodes in consecutive columns, left to right.
#[derive(Debug, Clone)]
struct Chain {
    flow: usize,
    nodes: Vec<usize>,
    /// The flow runs left to right along the chain.
    forward: bool,
    /// Where the chain leaves its first node's right side, from the node's centre.
    off_left: f32,
    /// Where it enters its last node's left side.
    off_right: f32,
    /// The x of the vertical run between `nodes[i]` and `nodes[i + 1]`, if it jogs.
    tracks: Vec<Option<f32>>,
}

/// One cluster's layout, in its own coordinates.
#[derive(Debug, Default)]
struct Level {
    nodes: Vec<Node>,
    layers: Vec<Vec<usize>>,
    chains: Vec<Chain>,
    /// The chain of each flow with a piece here.
    chain_of: BTreeMap<usize, usize>,
    /// The port node of each flow crossing this cluster's border.
    ports: BTreeMap<usize, usize>,
    /// The block (x, y, w, h) around everything, border included.
    frame: (f32, f32, f32, f32),
    /// Where this level's origin lies on the canvas.
    origin: (f32, f32),
}

/// Which flows each cluster holds: joining two of its parts, or leaving it.
struct Membership {
    internal: Vec<Vec<usize>>,
    /// `(flow, the element inside, it is the sender)`.
    external: Vec<Vec<(usize, usize, bool)>>,
    /// The mean global rank inside each cluster: where the cluster sits along the model's
    /// flow (orders clusters when flows between them loop).
    mean_rank: Vec<f32>,
}

/// Lays out `model` from scratch.
pub fn layout(model: &Model) -> Drawing {
    let input = Input::new(model);
    let labels: Vec<f32> = input
        .flows
        .iter()
        .map(|f| {
            let text = model.flows.get(f.id).map(|fl| fl.label.as_str()).unwrap_or("");
            label_width(text)
        })
        .collect();
    let members = membership(&input);
    let top_down = input.top_down();
    let mut levels: Vec<Level> = (0..input.clusters.len()).map(|_| Level::default()).collect();
    // Which side of each cluster a leaving flow uses, and where its other end sits outside.
    let mut sides: Vec<BTreeMap<usize, Side>> = vec![BTreeMap::new(); input.clusters.len()];
    // Depth first, children left to right: a cluster's right-hand ports are ordered before the
    // cluster its flows enter, which then takes the same order.
    let mut built = Vec::with_capacity(input.clusters.len());
    let mut stack = vec![0usize];
    while let Some(k) = stack.pop() {
        let level = build(&input, &members, k, &sides[k], &levels);
        record_sides(&level, &mut sides);
        let mut children: Vec<(usize, usize, usize)> = Vec::new();
        for (l, layer) in level.layers.iter().enumerate() {
            for (i, &v) in layer.iter().enumerate() {
                if let Kind::Cluster(c) = level.nodes[v].kind {
                    children.push((l, i, c));
                }
            }
        }
        levels[k] = level;
        built.push(k);
        stack.extend(children.into_iter().rev().map(|(_, _, c)| c));
    }
    for &k in built.iter().rev() {
        let children = child_blocks(&input, &levels, k);
        let min_w = input.clusters[k]
            .id
            .and_then(|id| model.boundaries.get(id))
            .map(|b| (b.name.chars().count() as f32 * 7.5 + 2.0 * BOUNDARY_PAD).max(MIN_BLOCK_W))
            .unwrap_or(MIN_BLOCK_W);
        place(&mut levels[k], &children, &labels, min_w, k == 0);
    }
    let mut drawing = Drawing::default();
    for &k in &top_down {
        let origin = levels[k].origin;
        let mut placed_children = Vec::new();
        for v in &levels[k].nodes {
            let (cx, cy) = (origin.0 + v.x, origin.1 + v.y);
            match v.kind {
                Kind::Element(e) => {
                    drawing.elements.insert(input.elements[e].clone(), Pos::new(cx, cy));
                }
                Kind::Cluster(c) => placed_children.push((c, cx - v.w / 2.0, cy - v.h / 2.0, v.w, v.h)),
                _ => {}
            }
        }
        for (c, x, y, w, h) in placed_children {
            let frame = levels[c].frame;
            levels[c].origin = (x - frame.0, y - frame.1);
            if let Some(id) = input.clusters[c].id {
                drawing.boundaries.insert(id.clone(), Rect::new(x, y, w, h));
            }
        }
    }
    drawing.routes = route::assemble(&input, &levels, &drawing.elements);
    drawing
}

fn label_width(text: &str) -> f32 {
    if text.is_empty() {
        0.0
    } else {
        (text.chars().count() as f32 * LABEL_CHAR_W + LABEL_PAD)
            .min(LABEL_MAX_W)
            .ceil()
    }
}

fn membership(input: &Input<'_>) -> Membership {
    let n = input.clusters.len();
    let mut internal = vec![Vec::new(); n];
    let mut external = vec![Vec::new(); n];
    for (i, f) in input.flows.iter().enumerate() {
        internal[f.lca].push(i);
        for c in input.path_up(input.element_cluster[f.from], f.lca) {
            external[c].push((i, f.from, true));
        }
        for c in input.path_up(input.element_cluster[f.to], f.lca) {
            external[c].push((i, f.to, false));
        }
    }
    let mut sum = vec![0.0f32; n];
    let mut count = vec![0usize; n];
    for (e, &c) in input.element_cluster.iter().enumerate() {
        let r = input.rank.get(e).copied().unwrap_or(0) as f32;
        let mut cur = c;
        loop {
            sum[cur] += r;
            count[cur] += 1;
            if cur == 0 {
                break;
            }
            cur = input.clusters[cur].parent;
        }
    }
    let mean_rank = sum
        .iter()
        .zip(&count)
        .map(|(s, &c)| if c == 0 { 0.0 } else { s / c as f32 })
        .collect();
    Membership {
        internal,
        external,
        mean_rank,
    }
}

/// Where a flow leaving a cluster crosses its border, as the enclosing cluster decided.
#[derive(Debug, Clone, Copy)]
struct Side {
    /// On the right-hand border.
    east: bool,
    /// The position of the flow's next node outside, in its column.
    key: f32,
    /// A cluster on the left whose right-hand port of this flow comes first among equal keys.
    from: Option<usize>,
}

/// Pass 1 for cluster `k`: nodes, columns, chains with dummies, and the order in each column.
/// `levels` holds the clusters built before (those to the left, for port order).
fn build(input: &Input<'_>, members: &Membership, k: usize, sides: &BTreeMap<usize, Side>, levels: &[Level]) -> Level {
    let cluster = &input.clusters[k];
    let mut nodes: Vec<Node> = Vec::new();
    let mut element_node = BTreeMap::new();
    let mut cluster_node = BTreeMap::new();
    for &e in &cluster.elements {
        element_node.insert(e, nodes.len());
        nodes.push(Node::new(Kind::Element(e), 0, NODE_W, NODE_H));
    }
    for &c in &cluster.children {
        cluster_node.insert(c, nodes.len());
        nodes.push(Node::new(Kind::Cluster(c), 0, 0.0, 0.0));
    }
    let items = nodes.len();
    let item = |e: usize| -> usize {
        match input.child_toward(k, input.element_cluster[e]) {
            None => element_node.get(&e).copied().unwrap_or(0),
            Some(c) => cluster_node.get(&c).copied().unwrap_or(0),
        }
    };
    let internal = &members.internal[k];
    let edges: Vec<(usize, usize)> = internal
        .iter()
        .map(|&f| {
            let (a, b) = input.flows[f].oriented();
            (item(a), item(b))
        })
        .collect();
    let rank_of = |v: &Node| match v.kind {
        Kind::Element(e) => input.rank.get(e).copied().unwrap_or(0) as f32,
        Kind::Cluster(c) => members.mean_rank[c],
        _ => f32::MAX,
    };
    let by_rank =
        |nodes: &[Node], a: usize, b: usize| rank_of(&nodes[a]).total_cmp(&rank_of(&nodes[b])).then(a.cmp(&b));
    let mut starts: Vec<usize> = (0..items).collect();
    starts.sort_by(|&a, &b| by_rank(&nodes, a, b));
    let (columns, back) = rank::columns(items, &edges, &starts);
    let last = columns.iter().copied().max().unwrap_or(0);
    for (v, &c) in nodes.iter_mut().zip(&columns) {
        v.layer = c;
    }
    let mut chains: Vec<Chain> = Vec::new();
    for ((&f, &(u, v)), &b) in internal.iter().zip(&edges).zip(&back) {
        let (left, right) = if b { (v, u) } else { (u, v) };
        let from_item = item(input.flows[f].from);
        chains.push(chain(f, left, right, from_item == left));
    }
    let mut ports = BTreeMap::new();
    let mut west: Vec<(f32, usize, usize)> = Vec::new();
    let mut east: Vec<(f32, usize, usize)> = Vec::new();
    for &(f, e, sender) in &members.external[k] {
        let side = sides.get(&f).copied().unwrap_or(Side {
            east: sender,
            key: 0.0,
            from: None,
        });
        let (to_east, key) = (side.east, side.key);
        // Flows from one cluster to another enter in the order they left it.
        let key = match side.from.and_then(|c| port_rank(&levels[c], f)) {
            Some(rank) => key + rank as f32 / (input.flows.len() + 1) as f32,
            None => key,
        };
        let p = nodes.len();
        nodes.push(Node::new(Kind::Port, if to_east { last + 1 } else { 0 }, 0.0, 0.0));
        ports.insert(f, p);
        let u = item(e);
        if to_east {
            east.push((key, f, p));
            chains.push(chain(f, u, p, sender));
        } else {
            west.push((key, f, p));
            chains.push(chain(f, p, u, !sender));
        }
    }
    // Dummies where a chain passes a column.
    for ch in &mut chains {
        let (a, b) = (ch.nodes[0], ch.nodes[1]);
        let (la, lb) = (nodes[a].layer, nodes[b].layer);
        let mut path = vec![a];
        for l in la + 1..lb {
            path.push(nodes.len());
            nodes.push(Node::new(Kind::Dummy, l, 0.0, 0.0));
        }
        path.push(b);
        ch.tracks = vec![None; path.len() - 1];
        ch.nodes = path;
    }
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); last + 2];
    let by_key = |a: &(f32, usize, usize), b: &(f32, usize, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    west.sort_by(by_key);
    east.sort_by(by_key);
    layers[0] = west.iter().map(|w| w.2).collect();
    layers[last + 1] = east.iter().map(|e| e.2).collect();
    let mut inner: Vec<usize> = (0..nodes.len()).filter(|&v| nodes[v].kind != Kind::Port).collect();
    inner.sort_by(|&a, &b| by_rank(&nodes, a, b));
    for v in inner {
        layers[nodes[v].layer].push(v);
    }
    let links: Vec<(usize, usize)> = chains
        .iter()
        .flat_map(|c| c.nodes.windows(2).map(|w| (w[0], w[1])))
        .collect();
    let layer_of: Vec<usize> = nodes.iter().map(|v| v.layer).collect();
    // Ports on the left keep the order outside gave them; ports on the right may be reordered
    // among those whose next node outside is the same (the cluster to the right then follows).
    let mut freedom = vec![order::Freedom::Free; layers.len()];
    freedom[0] = order::Freedom::Fixed;
    freedom[last + 1] = order::Freedom::Grouped;
    let mut group = vec![0.0f32; nodes.len()];
    for &(key, _, p) in &east {
        group[p] = key;
    }
    order::Ordering {
        layers: &mut layers,
        freedom: &freedom,
        group: &group,
        links: &links,
        layer_of: &layer_of,
    }
    .reduce();
    let chain_of = chains.iter().enumerate().map(|(i, c)| (c.flow, i)).collect();
    Level {
        nodes,
        layers,
        chains,
        chain_of,
        ports,
        frame: (0.0, 0.0, 0.0, 0.0),
        origin: (0.0, 0.0),
    }
}

fn chain(flow: usize, left: usize, right: usize, forward: bool) -> Chain {
    Chain {
        flow,
        nodes: vec![left, right],
        forward,
        off_left: 0.0,
        off_right: 0.0,
        tracks: Vec::new(),
    }
}

/// For each nested cluster, the side of its border each of its leaving flows uses (east when
/// the flow's next node is in a later column) and the position of that next node.
fn record_sides(level: &Level, sides: &mut [BTreeMap<usize, Side>]) {
    let mut pos = vec![0usize; level.nodes.len()];
    for layer in &level.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    for ch in &level.chains {
        let n = ch.nodes.len();
        let (first, last) = (level.nodes[ch.nodes[0]].kind, level.nodes[ch.nodes[n - 1]].kind);
        if let Kind::Cluster(c) = first {
            let side = Side {
                east: true,
                key: pos[ch.nodes[1]] as f32,
                from: None,
            };
            sides[c].insert(ch.flow, side);
        }
        if let Kind::Cluster(c) = last {
            let from = match first {
                Kind::Cluster(left) if n == 2 => Some(left),
                _ => None,
            };
            let side = Side {
                east: false,
                key: pos[ch.nodes[n - 2]] as f32,
                from,
            };
            sides[c].insert(ch.flow, side);
        }
    }
}

/// Where flow `f`'s port sits among the ports of its side of `level`'s border.
fn port_rank(level: &Level, f: usize) -> Option<usize> {
    let p = *level.ports.get(&f)?;
    let layer = level.layers.get(level.nodes.get(p)?.layer)?;
    layer.iter().position(|&v| v == p)
}

#[cfg(test)]
mod tests;

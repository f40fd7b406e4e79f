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
mod rank;
mod route;
mod tree;

use super::placement::{BOUNDARY_HEADER, BOUNDARY_PAD, NODE_H, NODE_W};
use crate::model::{BoundaryId, ElementId, FlowId, Model, Pos, Rect};
use std::collections::BTreeMap;
use tree::Input;

pub use route::{label_anchor, label_spots, through, waypoints};

/// Least horizontal space between two columns of components (room for a label).
const LAYER_GAP: f32 = 96.0;
/// Least vertical space between two components in a column.
const NODE_GAP: f32 = 40.0;
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

/// A nested cluster's block as its parent sees it.
struct Block {
    w: f32,
    h: f32,
    /// Where each leaving flow crosses the border, from the block's centre.
    port_offset: BTreeMap<usize, f32>,
}

fn child_blocks(input: &Input<'_>, levels: &[Level], k: usize) -> BTreeMap<usize, Block> {
    input.clusters[k]
        .children
        .iter()
        .map(|&c| {
            let lv = &levels[c];
            let (_, y0, w, h) = lv.frame;
            let port_offset = lv
                .ports
                .iter()
                .map(|(&f, &p)| (f, lv.nodes[p].y - y0 - h / 2.0))
                .collect();
            (c, Block { w, h, port_offset })
        })
        .collect()
}

/// Pass 2 for one cluster: sizes, attachment points, vertical and horizontal positions,
/// channel tracks and the block around it all.
fn place(level: &mut Level, children: &BTreeMap<usize, Block>, labels: &[f32], min_w: f32, root: bool) {
    for v in &mut level.nodes {
        if let Kind::Cluster(c) = v.kind
            && let Some(b) = children.get(&c)
        {
            v.w = b.w;
            v.h = b.h;
        }
    }
    attach(level, children);
    place_vertically(level);
    place_horizontally(level, labels);
    frame(level, min_w, root);
}

/// Where each chain leaves its first node and enters its last: spread along a component's
/// side in the order of the other ends (so they do not cross), at the border port of a
/// nested block, at the centre of anything else.
fn attach(level: &mut Level, children: &BTreeMap<usize, Block>) {
    let mut pos = vec![0usize; level.nodes.len()];
    for layer in &level.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    let n = level.nodes.len();
    let mut right_ends: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut left_ends: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ch) in level.chains.iter().enumerate() {
        right_ends[ch.nodes[0]].push(i);
        left_ends[ch.nodes[ch.nodes.len() - 1]].push(i);
    }
    for v in 0..n {
        match level.nodes[v].kind {
            Kind::Element(_) => {
                let chains = &level.chains;
                // By the other end's place in its column, then (for a nested block) by where
                // the flow crosses its border.
                let key = |c: usize, other: usize| {
                    let offset = match level.nodes[other].kind {
                        Kind::Cluster(b) => children
                            .get(&b)
                            .and_then(|b| b.port_offset.get(&chains[c].flow))
                            .copied()
                            .unwrap_or(0.0),
                        _ => 0.0,
                    };
                    (pos[other], offset, chains[c].flow)
                };
                let cmp = |a: &(usize, f32, usize), b: &(usize, f32, usize)| {
                    a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2))
                };
                let mut rs = right_ends[v].clone();
                rs.sort_by(|&a, &b| cmp(&key(a, chains[a].nodes[1]), &key(b, chains[b].nodes[1])));
                let mut ls = left_ends[v].clone();
                let before_last = |c: usize| chains[c].nodes[chains[c].nodes.len() - 2];
                ls.sort_by(|&a, &b| cmp(&key(a, before_last(a)), &key(b, before_last(b))));
                for (i, off) in spread(rs.len()).into_iter().enumerate() {
                    level.chains[rs[i]].off_left = off;
                }
                for (i, off) in spread(ls.len()).into_iter().enumerate() {
                    level.chains[ls[i]].off_right = off;
                }
            }
            Kind::Cluster(c) => {
                let Some(b) = children.get(&c) else { continue };
                for &ci in &right_ends[v] {
                    let f = level.chains[ci].flow;
                    level.chains[ci].off_left = b.port_offset.get(&f).copied().unwrap_or(0.0);
                }
                for &ci in &left_ends[v] {
                    let f = level.chains[ci].flow;
                    level.chains[ci].off_right = b.port_offset.get(&f).copied().unwrap_or(0.0);
                }
            }
            _ => {}
        }
    }
}

/// Offsets from a side's centre for `k` flows, top to bottom.
fn spread(k: usize) -> Vec<f32> {
    if k <= 1 {
        return vec![0.0; k];
    }
    let step = PORT_STEP.min((NODE_H - 16.0) / (k - 1) as f32);
    (0..k)
        .map(|i| ((i as f32 - (k - 1) as f32 / 2.0) * step).round())
        .collect()
}

/// A link between neighbouring columns as the vertical placement sees it.
struct Pull {
    other: usize,
    /// The other node's attachment offset minus this node's.
    delta: f32,
    weight: f32,
}

fn place_vertically(level: &mut Level) {
    let n = level.nodes.len();
    let mut from_left: Vec<Vec<Pull>> = (0..n).map(|_| Vec::new()).collect();
    let mut from_right: Vec<Vec<Pull>> = (0..n).map(|_| Vec::new()).collect();
    for ch in &level.chains {
        let last = ch.nodes.len() - 1;
        for i in 0..last {
            let (p, q) = (ch.nodes[i], ch.nodes[i + 1]);
            let op = if i == 0 { ch.off_left } else { 0.0 };
            let oq = if i + 1 == last { ch.off_right } else { 0.0 };
            let weight = match (level.nodes[p].is_box(), level.nodes[q].is_box()) {
                (true, true) => 1.0,
                (false, false) => 8.0,
                _ => 2.0,
            };
            from_left[q].push(Pull {
                other: p,
                delta: op - oq,
                weight,
            });
            from_right[p].push(Pull {
                other: q,
                delta: oq - op,
                weight,
            });
        }
    }
    let gaps: Vec<Vec<f32>> = level
        .layers
        .iter()
        .map(|layer| {
            layer
                .windows(2)
                .map(|w| separation(&level.nodes[w[0]], &level.nodes[w[1]]))
                .collect()
        })
        .collect();
    for (layer, gaps) in level.layers.iter().zip(&gaps) {
        let mut y = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                y += gaps[i - 1];
            }
            level.nodes[v].y = y;
        }
    }
    let count = level.layers.len();
    for round in 0..10 {
        let rightward = round % 2 == 0;
        for step in 0..count {
            let l = if rightward { step } else { count - 1 - step };
            let layer = &level.layers[l];
            let mut desired = Vec::with_capacity(layer.len());
            let mut weights = Vec::with_capacity(layer.len());
            for &v in layer {
                let mut sum = 0.0;
                let mut total = 0.0;
                // The first two rounds look only where the sweep comes from; later ones
                // balance both sides.
                let one_side = round < 2;
                let left = (!one_side || rightward).then_some(&from_left[v]);
                let right = (!one_side || !rightward).then_some(&from_right[v]);
                for p in left.into_iter().flatten().chain(right.into_iter().flatten()) {
                    sum += (level.nodes[p.other].y + p.delta) * p.weight;
                    total += p.weight;
                }
                if total > 0.0 {
                    desired.push(sum / total);
                    weights.push(total);
                } else {
                    desired.push(level.nodes[v].y);
                    weights.push(0.05);
                }
            }
            let ys = coord::pack(&desired, &weights, &gaps[l]);
            for (&v, y) in layer.iter().zip(ys) {
                level.nodes[v].y = y;
            }
        }
    }
    // Whole units, so routes joined across clusters meet exactly and straight runs are
    // exactly straight. Gaps are whole numbers too, so rounding every node the same way
    // keeps them.
    for v in &mut level.nodes {
        v.y = v.y.round();
    }
}

/// Least distance between the centres of two neighbours in a column.
fn separation(a: &Node, b: &Node) -> f32 {
    let gap = match (a.is_box(), b.is_box()) {
        (true, true) => NODE_GAP,
        (false, false) => FLOW_GAP,
        _ => EDGE_GAP,
    };
    a.h / 2.0 + b.h / 2.0 + gap
}

/// The y of a chain's attachment on its `i`-th link: (left end, right end).
fn link_ys(level: &Level, ch: &Chain, i: usize) -> (f32, f32) {
    let last = ch.nodes.len() - 1;
    let op = if i == 0 { ch.off_left } else { 0.0 };
    let oq = if i + 1 == last { ch.off_right } else { 0.0 };
    (level.nodes[ch.nodes[i]].y + op, level.nodes[ch.nodes[i + 1]].y + oq)
}

fn place_horizontally(level: &mut Level, labels: &[f32]) {
    let count = level.layers.len();
    if count == 0 {
        return;
    }
    let east = count - 1;
    let widths: Vec<f32> = level
        .layers
        .iter()
        .map(|l| l.iter().map(|&v| level.nodes[v].w).fold(0.0, f32::max))
        .collect();
    // Links per channel: (chain, link index).
    let mut by_gap: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for (ci, ch) in level.chains.iter().enumerate() {
        for i in 0..ch.nodes.len() - 1 {
            by_gap[level.nodes[ch.nodes[i]].layer].push((ci, i));
        }
    }
    let present: Vec<usize> = (0..count).filter(|&l| !level.layers[l].is_empty()).collect();
    let mut centre = vec![0.0f32; count];
    let mut prev: Option<usize> = None;
    let mut assigned: Vec<(usize, usize, f32)> = Vec::new();
    for &l in &present {
        let Some(p) = prev else {
            centre[l] = widths[l] / 2.0;
            prev = Some(l);
            continue;
        };
        let links = &by_gap[p];
        let mut jogs = Vec::new();
        let mut jogging = Vec::new();
        let mut label = 0.0f32;
        for &(ci, i) in links {
            let ch = &level.chains[ci];
            let (y1, y2) = link_ys(level, ch, i);
            if (y1 - y2).abs() > 0.25 {
                jogs.push(coord::Jog { from_y: y1, to_y: y2 });
                jogging.push((ci, i));
            }
            label = label.max(labels.get(ch.flow).copied().unwrap_or(0.0));
        }
        let (track, tracks) = coord::tracks(&jogs);
        let runs = tracks.saturating_sub(1) as f32 * TRACK_STEP;
        let port_channel = p == 0 || l == east;
        let gap = if port_channel {
            BOUNDARY_PAD.max(2.0 * TRACK_MARGIN + runs)
        } else if tracks > 0 {
            LAYER_GAP.max(label + 8.0 + TRACK_MARGIN + runs)
        } else {
            LAYER_GAP.max(label + 16.0)
        };
        let left_edge = centre[p] + widths[p] / 2.0;
        centre[l] = left_edge + gap + widths[l] / 2.0;
        // The vertical runs go near the side where more flows share a component, so the long
        // horizontal pieces (where labels hang) are on the other side, at different heights.
        let crowd = |end: usize| {
            let mut count: BTreeMap<usize, usize> = BTreeMap::new();
            for &(ci, i) in &jogging {
                let v = level.chains[ci].nodes[i + end];
                if level.nodes[v].is_box() {
                    *count.entry(v).or_default() += 1;
                }
            }
            count.values().copied().max().unwrap_or(0)
        };
        let runs_left = crowd(0) > crowd(1);
        for (j, &(ci, i)) in jogging.iter().enumerate() {
            let t = track[j] as f32 * TRACK_STEP;
            let x = if port_channel {
                left_edge + (gap - runs) / 2.0 + t
            } else if runs_left {
                left_edge + TRACK_MARGIN + t
            } else {
                left_edge + gap - TRACK_MARGIN - runs + t
            };
            assigned.push((ci, i, x));
        }
        prev = Some(l);
    }
    for (ci, i, x) in assigned {
        level.chains[ci].tracks[i] = Some(x);
    }
    for v in &mut level.nodes {
        v.x = centre[v.layer];
    }
    // Remember the column edges for dummies: a dummy's width is its column's.
    for v in 0..level.nodes.len() {
        if level.nodes[v].kind == Kind::Dummy {
            level.nodes[v].w = widths[level.nodes[v].layer];
        }
    }
}

/// The block around a cluster's content: ports sit on its left and right border, and the
/// title strip is above the content.
fn frame(level: &mut Level, min_w: f32, root: bool) {
    let count = level.layers.len();
    let boxes = level.nodes.iter().filter(|v| v.kind != Kind::Port);
    let (mut x0, mut x1, mut y0, mut y1) = (f32::INFINITY, f32::NEG_INFINITY, f32::INFINITY, f32::NEG_INFINITY);
    for v in boxes.chain(level.nodes.iter().filter(|v| v.kind == Kind::Port)) {
        x0 = x0.min(v.x - v.w / 2.0);
        x1 = x1.max(v.x + v.w / 2.0);
        y0 = y0.min(v.y - v.h / 2.0);
        y1 = y1.max(v.y + v.h / 2.0);
    }
    if !x0.is_finite() {
        level.frame = (0.0, 0.0, min_w, BOUNDARY_HEADER + 2.0 * BOUNDARY_PAD + EMPTY_CONTENT_H);
        return;
    }
    if root {
        level.frame = (x0, y0, x1 - x0, y1 - y0);
        return;
    }
    let west_ports = count > 0 && !level.layers[0].is_empty();
    let east_ports = count > 1 && !level.layers[count - 1].is_empty();
    if !west_ports {
        x0 -= BOUNDARY_PAD;
    }
    if !east_ports {
        x1 += BOUNDARY_PAD;
    }
    if x1 - x0 < min_w {
        let wider = x0 + min_w;
        if east_ports {
            for &v in &level.layers[count - 1] {
                level.nodes[v].x = wider;
            }
        }
        x1 = wider;
    }
    y0 -= BOUNDARY_PAD + BOUNDARY_HEADER;
    y1 += BOUNDARY_PAD;
    level.frame = (x0, y0, x1 - x0, y1 - y0);
}

#[cfg(test)]
mod tests;

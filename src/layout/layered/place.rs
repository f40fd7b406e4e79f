//! Pass 2 of the layered layout, for one cluster at a time (nested clusters first): where each
//! flow attaches to its components, vertical positions (each column packed as near as
//! possible to where its flows pull it), channel tracks and widths, column positions, and the
//! block drawn around it all.

use super::{
    BOUNDARY_HEADER, BOUNDARY_PAD, Chain, EDGE_GAP, EMPTY_CONTENT_H, FLOW_GAP, Kind, LAYER_GAP, Level, NODE_GAP,
    NODE_H, Node, PORT_STEP, TRACK_MARGIN, TRACK_STEP, coord,
};
use crate::layout::layered::tree::Input;
use std::collections::BTreeMap;

/// A nested cluster's block as its parent sees it.
pub(super) struct Block {
    w: f32,
    h: f32,
    /// Where each leaving flow crosses the border, from the block's centre.
    port_offset: BTreeMap<usize, f32>,
}

pub(super) fn child_blocks(input: &Input<'_>, levels: &[Level], k: usize) -> BTreeMap<usize, Block> {
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
pub(super) fn place(level: &mut Level, children: &BTreeMap<usize, Block>, labels: &[f32], min_w: f32, root: bool) {
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
pub(super) fn link_ys(level: &Level, ch: &Chain, i: usize) -> (f32, f32) {
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

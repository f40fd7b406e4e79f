//! A simple automatic layout for models drawn without positions (written by hand or by a
//! script): columns by longest path from the sources, so data flows left to right, and one
//! horizontal band per trust boundary (nested bands inside their parent's), so fitted boundary
//! rectangles never overlap.

use super::placement::{BOUNDARY_HEADER, BOUNDARY_PAD, NODE_H, NODE_W};
use crate::model::{BoundaryId, ElementId, Model, Pos};
use std::collections::{BTreeMap, BTreeSet};

/// Distance between column centres.
const COLUMN_STEP: f32 = NODE_W + 110.0;
/// Distance between row centres.
const ROW_STEP: f32 = NODE_H + 46.0;
/// Space between sibling bands.
const BAND_GAP: f32 = 36.0;

/// Centres of every element of `model`.
pub fn layered(model: &Model) -> BTreeMap<ElementId, Pos> {
    let columns = columns(model);
    let mut out = BTreeMap::new();
    let mut y = 0.0;
    band(model, None, &columns, &mut y, &mut out);
    // Elements a band never reached (boundaries nested in a loop) go in a row underneath.
    let mut x = 0.0;
    for id in model.elements.keys() {
        if !out.contains_key(id) {
            out.insert(id.clone(), Pos::new(x, y + BAND_GAP + NODE_H));
            x += COLUMN_STEP;
        }
    }
    out
}

/// The column of each element: the longest chain of flows leading to it, back edges ignored.
fn columns(model: &Model) -> BTreeMap<&ElementId, usize> {
    let ids: Vec<&ElementId> = model.elements.keys().collect();
    let edges: Vec<(&ElementId, &ElementId)> = model
        .flows
        .values()
        .filter(|f| f.from != f.to && model.elements.contains_key(&f.from) && model.elements.contains_key(&f.to))
        .map(|f| (&f.from, &f.to))
        .collect();
    let back = back_edges(&ids, &edges);
    let mut col: BTreeMap<&ElementId, usize> = ids.iter().map(|id| (*id, 0)).collect();
    // Longest path by relaxation; a DAG settles within `ids.len()` rounds.
    for _ in 0..ids.len() {
        let mut changed = false;
        for (i, (a, b)) in edges.iter().enumerate() {
            if back.contains(&i) {
                continue;
            }
            let next = col.get(a).copied().unwrap_or(0) + 1;
            if let Some(c) = col.get_mut(b)
                && *c < next
            {
                *c = next;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    col
}

/// Indices of the edges a depth-first search from each element (in id order) finds closing a
/// cycle.
fn back_edges(ids: &[&ElementId], edges: &[(&ElementId, &ElementId)]) -> BTreeSet<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark: BTreeMap<&ElementId, Mark> = ids.iter().map(|id| (*id, Mark::New)).collect();
    let mut back = BTreeSet::new();
    for start in ids {
        if mark.get(start) != Some(&Mark::New) {
            continue;
        }
        // Iterative DFS: (node, index of the next edge to look at).
        let mut stack: Vec<(&ElementId, usize)> = vec![(start, 0)];
        mark.insert(start, Mark::Active);
        while let Some((node, next)) = stack.last().copied() {
            let found = edges.iter().enumerate().skip(next).find(|(_, (a, _))| *a == node);
            match found {
                Some((i, (_, to))) => {
                    if let Some(top) = stack.last_mut() {
                        top.1 = i + 1;
                    }
                    match mark.get(to).copied() {
                        Some(Mark::New) => {
                            mark.insert(to, Mark::Active);
                            stack.push((to, 0));
                        }
                        Some(Mark::Active) => {
                            back.insert(i);
                        }
                        _ => {}
                    }
                }
                None => {
                    mark.insert(node, Mark::Done);
                    stack.pop();
                }
            }
        }
    }
    back
}

/// Lays out the band of `boundary` (the root band for `None`) from `y` down: its own elements
/// in rows, then each child boundary's band. Moves `y` past the band.
fn band(
    model: &Model,
    boundary: Option<&BoundaryId>,
    columns: &BTreeMap<&ElementId, usize>,
    y: &mut f32,
    out: &mut BTreeMap<ElementId, Pos>,
) {
    let framed = boundary.is_some();
    if framed {
        *y += BOUNDARY_HEADER + BOUNDARY_PAD;
    }
    let mut per_column: BTreeMap<usize, Vec<&ElementId>> = BTreeMap::new();
    for (id, e) in &model.elements {
        let home = e.boundary.as_ref().filter(|b| model.boundaries.contains_key(*b));
        if home == boundary {
            per_column
                .entry(columns.get(id).copied().unwrap_or(0))
                .or_default()
                .push(id);
        }
    }
    let rows = per_column.values().map(Vec::len).max().unwrap_or(0);
    for (c, ids) in &per_column {
        for (r, id) in ids.iter().enumerate() {
            let pos = Pos::new(*c as f32 * COLUMN_STEP, *y + NODE_H / 2.0 + r as f32 * ROW_STEP);
            out.insert((*id).clone(), pos);
        }
    }
    if rows > 0 {
        *y += (rows - 1) as f32 * ROW_STEP + NODE_H;
    }
    let children: Vec<&BoundaryId> = model
        .boundaries
        .iter()
        .filter(|(_, b)| b.parent.as_ref().filter(|p| model.boundaries.contains_key(*p)) == boundary)
        .map(|(id, _)| id)
        .collect();
    for child in children {
        if Some(child) == boundary {
            continue;
        }
        *y += BAND_GAP + if framed { 0.0 } else { BOUNDARY_PAD };
        band(model, Some(child), columns, y, out);
    }
    if framed {
        *y += BOUNDARY_PAD;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, Flow};

    #[test]
    fn a_cycle_still_gives_every_element_a_column() {
        let mut m = Model::new("t");
        for id in ["el-a", "el-b", "el-c"] {
            m.elements.insert(id.into(), Element::new("service", id));
        }
        m.flows.insert("fl-1".into(), Flow::new("el-a", "el-b", ""));
        m.flows.insert("fl-2".into(), Flow::new("el-b", "el-c", ""));
        m.flows.insert("fl-3".into(), Flow::new("el-c", "el-a", ""));
        let pos = layered(&m);
        assert_eq!(pos.len(), 3);
        let x = |id: &str| pos[&ElementId::from(id)].x;
        assert!(x("el-a") < x("el-b") && x("el-b") < x("el-c"));
    }
}

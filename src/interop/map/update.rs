//! Re-mapping into an existing model. Inferred items are matched by their evidence key; what a
//! person changed (names, kinds, boundaries, answers, control states, positions) and everything
//! a person added is kept. New inferred items are added and flagged `New`; items whose evidence
//! is gone are flagged `Vanished`, never deleted.
//!
//! A part (an agent, a node, a tool, a step) whose function was renamed or whose file moved
//! keeps its element: a fresh part of the same unit with the same file or the same symbol takes
//! the one existing part that lost its key.
//!
//! Limitation: an inferred item a person deleted comes back as `New` on the next re-map (the
//! model keeps no record of deletions).

use crate::model::{BoundaryId, ElementId, InferredState, Model, Provenance, Rect};
use crate::report::{BOUNDARY_PAD, Placement};
use std::collections::BTreeMap;

/// What a merge changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateCounts {
    /// Items added and flagged new.
    pub new: usize,
    /// Items flagged vanished.
    pub vanished: usize,
}

/// The state a matched item keeps: a person's confirmation stays, anything else is inferred
/// again.
fn refreshed(old: InferredState) -> InferredState {
    match old {
        InferredState::Confirmed => InferredState::Confirmed,
        _ => InferredState::Inferred,
    }
}

/// Takes the fresh evidence into `old`, keeping its review state.
fn refresh(old: &mut Provenance, fresh: &Provenance) {
    let state = refreshed(old.state);
    *old = fresh.clone();
    old.state = state;
}

fn vanish(p: &mut Option<Provenance>) {
    if let Some(p) = p {
        p.state = InferredState::Vanished;
    }
}

fn key_of(p: &Option<Provenance>) -> Option<&str> {
    p.as_ref().map(|p| p.key.as_str())
}

/// A part's key split: `part:<unit>:<file>#<symbol>`.
fn part_key(key: &str) -> Option<(&str, &str, &str)> {
    let rest = key.strip_prefix("part:")?;
    let (unit, rest) = rest.split_once(':')?;
    let (file, symbol) = rest.rsplit_once('#')?;
    Some((unit, file, symbol))
}

/// Parts of the existing model whose key the fresh mapping no longer has: a renamed symbol or
/// a moved file. A fresh part of the same unit with the same file or the same symbol takes the
/// existing element when exactly one such element is left, so what a person changed on it
/// stays.
struct Moved {
    /// (element, its key) not matched by any fresh key.
    left: Vec<(ElementId, String)>,
}

impl Moved {
    fn new(existing: &Model, fresh: &Model) -> Self {
        let fresh_keys: std::collections::BTreeSet<&str> =
            fresh.elements.values().filter_map(|e| key_of(&e.inferred)).collect();
        let left = existing
            .elements
            .iter()
            .filter_map(|(id, e)| key_of(&e.inferred).map(|k| (id, k)))
            .filter(|(_, k)| part_key(k).is_some() && !fresh_keys.contains(k))
            .map(|(id, k)| (id.clone(), k.to_owned()))
            .collect();
        Self { left }
    }

    /// The existing element a fresh part with an unknown key continues, taken off the list.
    fn claim(&mut self, fresh_key: &str) -> Option<&ElementId> {
        let (unit, file, symbol) = part_key(fresh_key)?;
        let matching: Vec<usize> = self
            .left
            .iter()
            .enumerate()
            .filter(|(_, (_, k))| part_key(k).is_some_and(|(u, f, s)| u == unit && (f == file || s == symbol)))
            .map(|(i, _)| i)
            .collect();
        let [one] = matching.as_slice() else { return None };
        let (id, _) = self.left.remove(*one);
        self.left.push((id, String::new()));
        self.left.last().map(|(id, _)| id)
    }
}

/// `existing` updated with `fresh` (a mapping of the same repository).
pub fn merge(existing: &Model, fresh: &Model) -> (Model, UpdateCounts) {
    let mut out = existing.clone();
    let mut counts = UpdateCounts::default();

    // Boundaries.
    let by_key: BTreeMap<String, BoundaryId> = out
        .boundaries
        .iter()
        .filter_map(|(id, b)| key_of(&b.inferred).map(|k| (k.to_owned(), id.clone())))
        .collect();
    let mut boundary_map: BTreeMap<BoundaryId, BoundaryId> = BTreeMap::new();
    let mut new_boundaries = Vec::new();
    for (fid, fb) in &fresh.boundaries {
        let Some(key) = key_of(&fb.inferred) else { continue };
        if let Some(id) = by_key.get(key) {
            if let Some(b) = out.boundaries.get_mut(id)
                && let (Some(p), Some(fp)) = (&mut b.inferred, &fb.inferred)
            {
                refresh(p, fp);
            }
            boundary_map.insert(fid.clone(), id.clone());
        } else {
            let id = out.fresh_boundary_id(&fb.name);
            let mut b = fb.clone();
            b.parent = None;
            if let Some(p) = &mut b.inferred {
                p.state = InferredState::New;
            }
            out.boundaries.insert(id.clone(), b);
            boundary_map.insert(fid.clone(), id.clone());
            new_boundaries.push(id);
            counts.new += 1;
        }
    }
    for (fid, fb) in &fresh.boundaries {
        if let (Some(id), Some(parent)) = (boundary_map.get(fid), &fb.parent)
            && new_boundaries.contains(id)
            && let Some(b) = out.boundaries.get_mut(id)
        {
            b.parent = boundary_map.get(parent).cloned();
        }
    }
    let fresh_keys: Vec<&str> = fresh.boundaries.values().filter_map(|b| key_of(&b.inferred)).collect();
    for b in out.boundaries.values_mut() {
        if key_of(&b.inferred).is_some_and(|k| !fresh_keys.contains(&k)) {
            vanish(&mut b.inferred);
        }
    }

    // Elements.
    let by_key: BTreeMap<String, ElementId> = out
        .elements
        .iter()
        .filter_map(|(id, e)| key_of(&e.inferred).map(|k| (k.to_owned(), id.clone())))
        .collect();
    let mut element_map: BTreeMap<ElementId, ElementId> = BTreeMap::new();
    let mut new_elements = Vec::new();
    let mut moved = Moved::new(&out, fresh);
    for (fid, fe) in &fresh.elements {
        let Some(key) = key_of(&fe.inferred) else { continue };
        if let Some(id) = by_key.get(key).or_else(|| moved.claim(key)).cloned().as_ref() {
            if let Some(e) = out.elements.get_mut(id) {
                if let (Some(p), Some(fp)) = (&mut e.inferred, &fe.inferred) {
                    refresh(p, fp);
                }
                // A person's answer or control state wins over what the code shows.
                for (k, v) in &fe.properties {
                    e.properties.entry(k.clone()).or_insert_with(|| v.clone());
                }
                for (c, s) in &fe.controls {
                    e.controls.entry(c.clone()).or_insert(*s);
                }
            }
            element_map.insert(fid.clone(), id.clone());
        } else {
            let id = out.fresh_element_id(&fe.name);
            let mut e = fe.clone();
            e.boundary = fe.boundary.as_ref().and_then(|b| boundary_map.get(b)).cloned();
            if let Some(p) = &mut e.inferred {
                p.state = InferredState::New;
            }
            out.elements.insert(id.clone(), e);
            element_map.insert(fid.clone(), id.clone());
            new_elements.push(id);
            counts.new += 1;
        }
    }
    let fresh_keys: Vec<&str> = fresh.elements.values().filter_map(|e| key_of(&e.inferred)).collect();
    for e in out.elements.values_mut() {
        if key_of(&e.inferred).is_some_and(|k| !fresh_keys.contains(&k)) {
            vanish(&mut e.inferred);
        }
    }

    // Flows.
    let by_key: BTreeMap<String, crate::model::FlowId> = out
        .flows
        .iter()
        .filter_map(|(id, f)| key_of(&f.inferred).map(|k| (k.to_owned(), id.clone())))
        .collect();
    for ff in fresh.flows.values() {
        let Some(key) = key_of(&ff.inferred) else { continue };
        if let Some(id) = by_key.get(key) {
            if let Some(f) = out.flows.get_mut(id)
                && let (Some(p), Some(fp)) = (&mut f.inferred, &ff.inferred)
            {
                refresh(p, fp);
            }
            continue;
        }
        let (Some(from), Some(to)) = (element_map.get(&ff.from), element_map.get(&ff.to)) else {
            continue;
        };
        let id = out.fresh_flow_id(from, to);
        let mut f = ff.clone();
        f.from = from.clone();
        f.to = to.clone();
        if let Some(p) = &mut f.inferred {
            p.state = InferredState::New;
        }
        out.flows.insert(id, f);
        counts.new += 1;
    }
    let fresh_keys: Vec<&str> = fresh.flows.values().filter_map(|f| key_of(&f.inferred)).collect();
    for f in out.flows.values_mut() {
        if key_of(&f.inferred).is_some_and(|k| !fresh_keys.contains(&k)) {
            vanish(&mut f.inferred);
        }
    }

    place_new(&mut out, &new_elements, &new_boundaries);
    counts.vanished = count_vanished(&out);
    (out, counts)
}

fn count_vanished(m: &Model) -> usize {
    let v = |p: &Option<Provenance>| p.as_ref().is_some_and(|p| p.state == InferredState::Vanished);
    m.elements.values().filter(|e| v(&e.inferred)).count()
        + m.flows.values().filter(|f| v(&f.inferred)).count()
        + m.boundaries.values().filter(|b| v(&b.inferred)).count()
}

/// Positions for new elements (under what is placed, by the shared placement rules) and
/// rectangles for new boundaries; a kept boundary grows to hold its new members.
fn place_new(out: &mut Model, new_elements: &[ElementId], new_boundaries: &[BoundaryId]) {
    let placement = Placement::of(out);
    for id in new_elements {
        if let Some(p) = placement.elements.get(id) {
            out.layout.elements.insert(id.clone(), *p);
        }
    }
    for id in new_boundaries {
        if let Some(r) = placement.boundaries.get(id) {
            out.layout.boundaries.insert(id.clone(), *r);
        }
    }
    let pad = BOUNDARY_PAD;
    for id in new_elements {
        let (Some(b), Some(node)) = (
            out.elements.get(id).and_then(|e| e.boundary.clone()),
            placement.node_rect(id),
        ) else {
            continue;
        };
        if let Some(r) = out.layout.boundaries.get_mut(&b) {
            let grown = Rect::new(node.x - pad, node.y - pad, node.w + 2.0 * pad, node.h + 2.0 * pad);
            let x0 = r.x.min(grown.x);
            let y0 = r.y.min(grown.y);
            let x1 = (r.x + r.w).max(grown.x + grown.w);
            let y1 = (r.y + r.h).max(grown.y + grown.h);
            *r = Rect::new(x0, y0, x1 - x0, y1 - y0);
        }
    }
}

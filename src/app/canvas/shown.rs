//! Where the flows are drawn this frame: as placed for the document revision, with the few a
//! drag or a bend moves drawn again on top. A drag of one component in a model of 19,000 flows
//! redraws a handful of them; copying all of them twice a frame cost more than the drawing
//! (issue 15).

use super::edge::FlowGeom;
use crate::model::FlowId;

/// The flows drawn again, over those placed for the revision.
#[derive(Debug, Clone, Default)]
pub(super) struct Redrawn {
    /// By index among the placed flows, ascending: where the flow goes now (`None`: it is not
    /// drawn now, its two components overlap).
    pub moved: Vec<(usize, Option<FlowGeom>)>,
    /// Flows drawn now that were not placed (their components overlapped), after the others.
    pub extra: Vec<FlowGeom>,
}

/// The flows as drawn this frame. Indices are stable for the frame: placed flows keep theirs,
/// extra ones follow.
#[derive(Debug, Clone, Copy)]
pub(super) struct Flows<'a> {
    placed: &'a [FlowGeom],
    redrawn: Option<&'a Redrawn>,
}

impl<'a> Flows<'a> {
    /// `placed`, with `redrawn` (if any) over it.
    pub fn new(placed: &'a [FlowGeom], redrawn: Option<&'a Redrawn>) -> Self {
        Self { placed, redrawn }
    }

    /// One past the highest index.
    pub fn len(self) -> usize {
        self.placed.len() + self.redrawn.map_or(0, |r| r.extra.len())
    }

    /// The flow at `index`, if it is drawn.
    pub fn get(self, index: usize) -> Option<&'a FlowGeom> {
        if let Some(extra) = index.checked_sub(self.placed.len()) {
            return self.redrawn.and_then(|r| r.extra.get(extra));
        }
        match self.redrawn.map(|r| r.moved.binary_search_by_key(&index, |(i, _)| *i)) {
            Some(Ok(k)) => self.redrawn.and_then(|r| r.moved[k].1.as_ref()),
            _ => self.placed.get(index),
        }
    }

    /// Every flow drawn, with its index, in drawing order.
    pub fn iter(self) -> impl Iterator<Item = (usize, &'a FlowGeom)> + 'a {
        let (moved, extra): (&'a [(usize, Option<FlowGeom>)], &'a [FlowGeom]) = match self.redrawn {
            Some(r) => (&r.moved, &r.extra),
            None => (&[], &[]),
        };
        let mut moved = moved.iter().peekable();
        let placed = self
            .placed
            .iter()
            .enumerate()
            .filter_map(move |(i, g)| match moved.next_if(|(m, _)| *m == i) {
                Some((_, now)) => now.as_ref().map(|g| (i, g)),
                None => Some((i, g)),
            });
        let first_extra = self.placed.len();
        placed.chain(extra.iter().enumerate().map(move |(k, g)| (first_extra + k, g)))
    }

    /// The flow `id` as drawn, with its index.
    pub fn find(self, id: &FlowId) -> Option<(usize, &'a FlowGeom)> {
        self.iter().find(|(_, g)| &g.id == id)
    }
}

impl Redrawn {
    /// Draws the flow at `index` of `flows` as `g` instead (a bend being dragged).
    pub fn set(&mut self, flows: Flows<'_>, index: usize, g: FlowGeom) {
        if let Some(extra) = index.checked_sub(flows.placed.len()) {
            if let Some(slot) = self.extra.get_mut(extra) {
                *slot = g;
            }
            return;
        }
        match self.moved.binary_search_by_key(&index, |(i, _)| *i) {
            Ok(k) => self.moved[k].1 = Some(g),
            Err(k) => self.moved.insert(k, (index, Some(g))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Pos2;

    fn g(id: &str) -> FlowGeom {
        FlowGeom {
            id: FlowId::new(id),
            a: Pos2::ZERO,
            b: Pos2::new(1.0, 0.0),
            bends: Vec::new(),
            crossing: false,
            encrypted: false,
            bidirectional: false,
        }
    }

    #[test]
    fn redrawn_flows_replace_or_hide_theirs_and_new_ones_follow() {
        let placed = [g("a"), g("b"), g("c")];
        let mut r = Redrawn {
            moved: vec![(0, None), (2, Some(g("c2")))],
            extra: vec![g("d")],
        };
        let ids = |f: Flows<'_>| f.iter().map(|(i, g)| (i, g.id.to_string())).collect::<Vec<_>>();
        let flows = Flows::new(&placed, Some(&r));
        assert_eq!(ids(flows), [(1, "b".into()), (2, "c2".into()), (3, "d".into())]);
        assert_eq!(flows.len(), 4);
        assert!(flows.get(0).is_none());
        assert_eq!(flows.find(&FlowId::new("d")).map(|(i, _)| i), Some(3));
        let placed_only = Flows::new(&placed, None);
        r.set(placed_only, 1, g("b2"));
        let flows = Flows::new(&placed, Some(&r));
        assert_eq!(flows.get(1).map(|g| g.id.to_string()), Some("b2".into()));
    }
}

//! The flows as placed for the document, kept pair of components by pair from one revision to
//! the next: an edit places again only the pairs it touched — those of the components it moved,
//! changed, added or removed, of the flows it changed, and of components whose trust zone it
//! changed. Placing all 19,000 flows of a 10,000-component model again was most of a
//! one-component edit's frame, and comparing the whole model to find what changed cost half as
//! much again (issue 15). What is drawn, and in which order, is what placing every flow at once
//! ([`edge::geometry`]) draws.

use super::edge::{self, FlowGeom};
use crate::app::geometry::Placement;
use crate::model::{BoundaryId, ElementId, Flow, FlowId, Model, Touched};
use egui::Vec2;
use std::collections::{BTreeMap, BTreeSet};

/// Two components, lower id first: the flows between them are placed together, side by side.
type Pair = (ElementId, ElementId);

/// The flows of one pair and how many of them are drawn.
#[derive(Debug, Default)]
struct PairEntry {
    /// In id order.
    flows: Vec<FlowId>,
    /// How many geometries the pair has in the drawn list (straight flows between overlapping
    /// components have none).
    drawn: usize,
}

/// The flows as placed for the last revision seen.
#[derive(Debug, Default)]
pub(super) struct PlacedFlows {
    /// The component size they were placed for (zero: nothing placed yet).
    size: Vec2,
    /// Every pair's geometries, pair after pair in pair order.
    drawn: Vec<FlowGeom>,
    /// What catching up reads, made on the first edit that can catch up, or when a drag first
    /// asks for the pairs it moves: a step that touched everything (undoing a paste of 10,000
    /// components) places every flow again anyway, and making this as well doubled its cost.
    index: std::cell::OnceCell<Index>,
}

/// Where each flow is drawn, pair by pair, and what finds the pairs an edit touched.
#[derive(Debug, Default)]
struct Index {
    pairs: BTreeMap<Pair, PairEntry>,
    /// The components each component has flows with, in id order.
    partners: BTreeMap<ElementId, Vec<ElementId>>,
    /// The trust zone of each boundary's members (a flow between two zones is drawn crossing).
    zones: BTreeMap<BoundaryId, Option<BoundaryId>>,
}

impl PlacedFlows {
    /// Where every flow is drawn, in drawing order.
    pub fn drawn(&self) -> &[FlowGeom] {
        &self.drawn
    }

    /// The component size the flows were placed for.
    pub fn size(&self) -> Vec2 {
        self.size
    }

    /// Brings the placement up to `model`, whose components are at `placement` (always
    /// `Placement::of(model)`: a flow's waypoints then never shift, so placing a flow reads
    /// only its waypoints and its components' spots and zones), with components of `size`.
    /// `touched`: what changed since the last call (`None`: anything may have).
    pub fn update(&mut self, model: &Model, placement: &Placement, size: Vec2, touched: Option<&Touched>) {
        let touched = touched.filter(|t| size == self.size && !t.everything);
        match (touched, self.index.get_mut()) {
            (Some(t), Some(index)) => index.catch_up(model, placement, size, t, &mut self.drawn),
            (touched, _) => {
                self.drawn = edge::geometry(model, placement, size);
                self.size = size;
                self.index = match touched {
                    // Edits are coming: the next one catches up.
                    Some(_) => Index::of(model, &self.drawn).into(),
                    None => Default::default(),
                };
            }
        }
    }

    /// The flows of the components `moved`, pair by pair in pair order, as
    /// [`edge::pairs_touching`] finds them, but from the index (a drag asks every frame;
    /// walking all 19,000 flows for them was most of a drag frame's own work).
    pub fn pairs_touching<'a>(&'a self, model: &'a Model, moved: &BTreeSet<&ElementId>) -> Vec<edge::PairFlows<'a>> {
        let index = self.index.get_or_init(|| Index::of(model, &self.drawn));
        let mut pairs = BTreeMap::new();
        for e in moved {
            for p in index.partners.get(*e).into_iter().flatten() {
                if let Some(((lo, hi), entry)) = index.pairs.get_key_value(&pair_of(e, p)) {
                    pairs.entry((lo, hi)).or_insert_with(|| {
                        entry
                            .flows
                            .iter()
                            .filter_map(|id| model.flows.get_key_value(id))
                            .collect::<Vec<_>>()
                    });
                }
            }
        }
        pairs.into_iter().collect()
    }
}

impl Index {
    /// The index of `model`'s flows as placed in `drawn`.
    fn of(model: &Model, drawn: &[FlowGeom]) -> Self {
        let mut pairs = Vec::new();
        let mut partners: BTreeMap<ElementId, Vec<ElementId>> = BTreeMap::new();
        let mut at = 0;
        for ((lo, hi), flows) in model.flows_by_pair() {
            // The pair's geometries come next (none when its components overlap).
            let n = drawn
                .get(at..)
                .unwrap_or_default()
                .iter()
                .take_while(|g| flows.iter().any(|(id, _)| **id == g.id))
                .count();
            at += n;
            let entry = PairEntry {
                flows: flows.iter().map(|(id, _)| (*id).clone()).collect(),
                drawn: n,
            };
            pairs.push(((lo.clone(), hi.clone()), entry));
            partners.entry(lo.clone()).or_default().push(hi.clone());
            partners.entry(hi.clone()).or_default().push(lo.clone());
        }
        // Pairs come in order, so these lists mostly are already.
        for p in partners.values_mut() {
            p.sort_unstable();
            p.dedup();
        }
        Self {
            pairs: pairs.into_iter().collect(),
            partners,
            zones: zones(model),
        }
    }

    /// Places again the pairs `touched` may have changed.
    fn catch_up(
        &mut self,
        model: &Model,
        placement: &Placement,
        size: Vec2,
        touched: &Touched,
        drawn: &mut Vec<FlowGeom>,
    ) {
        let mut elements: BTreeSet<&ElementId> = touched.elements.iter().collect();
        // Components in a boundary whose trust zone changed.
        if touched.boundaries {
            let now = zones(model);
            let changed: BTreeSet<&BoundaryId> = now
                .iter()
                .filter(|(b, z)| self.zones.get(*b) != Some(*z))
                .map(|(b, _)| b)
                .chain(self.zones.keys().filter(|b| !now.contains_key(*b)))
                .collect();
            if !changed.is_empty() {
                elements.extend(
                    model
                        .elements
                        .iter()
                        .filter(|(_, e)| e.boundary.as_ref().is_some_and(|b| changed.contains(b)))
                        .map(|(id, _)| id),
                );
            }
            self.zones = now;
        }
        // Where the touched flows are now: a flow that changed pair was in a pair of its old
        // ends, which `touched` names too.
        let mut arriving: BTreeMap<Pair, Vec<&FlowId>> = BTreeMap::new();
        for id in &touched.flows {
            if let Some(f) = model.flows.get(id) {
                arriving.entry(pair_of(&f.from, &f.to)).or_default().push(id);
            }
        }
        let mut dirty: BTreeSet<Pair> = arriving.keys().cloned().collect();
        for e in &elements {
            for p in self.partners.get(*e).into_iter().flatten() {
                dirty.insert(pair_of(e, p));
            }
        }
        for pair in &dirty {
            let arrivals = arriving.get(pair);
            if !self.pairs.contains_key(pair) {
                if arrivals.is_none() {
                    continue;
                }
                self.pairs.insert(pair.clone(), PairEntry::default());
            }
            let Some(entry) = self.pairs.get_mut(pair) else {
                continue;
            };
            let was_empty = entry.flows.is_empty();
            entry.flows.retain(|f| !touched.flows.contains(f));
            if let Some(a) = arrivals {
                entry.flows.extend(a.iter().map(|f| (*f).clone()));
                entry.flows.sort_unstable();
            }
            if was_empty && !entry.flows.is_empty() {
                link(&mut self.partners, &pair.0, &pair.1);
                link(&mut self.partners, &pair.1, &pair.0);
            }
        }
        self.place_again(model, placement, size, &dirty, drawn);
    }

    /// Places the pairs `dirty` again and keeps the others' geometries, in pair order.
    fn place_again(
        &mut self,
        model: &Model,
        placement: &Placement,
        size: Vec2,
        dirty: &BTreeSet<Pair>,
        drawn: &mut Vec<FlowGeom>,
    ) {
        if dirty.is_empty() {
            return;
        }
        let mut old = std::mem::take(drawn).into_iter();
        let mut out = Vec::with_capacity(model.flows.len());
        let mut dirty = dirty.iter().peekable();
        let mut emptied = Vec::new();
        for (pair, entry) in &mut self.pairs {
            while dirty.next_if(|d| *d < pair).is_some() {}
            if dirty.next_if(|d| *d == pair).is_none() {
                out.extend(old.by_ref().take(entry.drawn));
                continue;
            }
            old.by_ref().take(entry.drawn).for_each(drop);
            entry.drawn = 0;
            if entry.flows.is_empty() {
                emptied.push(pair.clone());
                continue;
            }
            let flows: Vec<(&FlowId, &Flow)> = entry
                .flows
                .iter()
                .filter_map(|id| model.flows.get_key_value(id))
                .collect();
            let start = out.len();
            edge::pair_geometry(model, placement, size, (&pair.0, &pair.1), &flows, &mut out);
            entry.drawn = out.len() - start;
        }
        for pair in emptied {
            self.pairs.remove(&pair);
            unlink(&mut self.partners, &pair.0, &pair.1);
            unlink(&mut self.partners, &pair.1, &pair.0);
        }
        *drawn = out;
    }
}

/// The trust zone of the members of each boundary of `model`.
fn zones(model: &Model) -> BTreeMap<BoundaryId, Option<BoundaryId>> {
    model
        .boundaries
        .keys()
        .map(|b| (b.clone(), model.trust_zone_around(Some(b)).cloned()))
        .collect()
}

fn pair_of(a: &ElementId, b: &ElementId) -> Pair {
    if a <= b {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    }
}

/// Notes that `a` has flows with `b`.
fn link(partners: &mut BTreeMap<ElementId, Vec<ElementId>>, a: &ElementId, b: &ElementId) {
    let list = partners.entry(a.clone()).or_default();
    if let Err(k) = list.binary_search(b) {
        list.insert(k, b.clone());
    }
}

/// Notes that `a` has no flows with `b` any more.
fn unlink(partners: &mut BTreeMap<ElementId, Vec<ElementId>>, a: &ElementId, b: &ElementId) {
    if let Some(list) = partners.get_mut(a) {
        if let Ok(k) = list.binary_search(b) {
            list.remove(k);
        }
        if list.is_empty() {
            partners.remove(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BoundaryKind, Edit, Fact, Pos, Transaction};
    use egui::vec2;

    /// After every kind of edit, and after undoing them, the flows placed again pair by pair
    /// are exactly those (and in the order) that placing every flow gives.
    #[test]
    fn placing_only_what_edits_change_draws_what_a_full_placement_draws() {
        let (cat, _) = crate::catalog::Catalog::builtin();
        let mut model = crate::synth::synth_model(&cat, 150, 5);
        let size = vec2(150.0, 60.0);
        let mut placed = PlacedFlows::default();
        let check = |model: &Model, placed: &mut PlacedFlows, touched: Option<&Touched>, what: &str| {
            let placement = Placement::of(model);
            placed.update(model, &placement, size, touched);
            let full = edge::geometry(model, &placement, size);
            // The pairs a drag of some components moves, from the index and from every flow.
            let some: BTreeSet<&ElementId> = model.elements.keys().step_by(7).collect();
            let indexed = placed.pairs_touching(model, &some);
            assert_eq!(indexed, edge::pairs_touching(model, &some), "pairs after {what}");
            // An index made from what is drawn (as a drag makes it) catches up as well.
            let mut fresh = PlacedFlows::default();
            fresh.update(model, &placement, size, None);
            let _ = fresh.pairs_touching(model, &BTreeSet::new());
            let again = Touched {
                elements: some.iter().map(|e| (*e).clone()).collect(),
                ..Touched::default()
            };
            fresh.update(model, &placement, size, Some(&again));
            assert_eq!(fresh.drawn(), full.as_slice(), "a fresh index after {what}");
            assert_eq!(placed.drawn().len(), full.len(), "after {what}");
            for (k, (fast, full)) in placed.drawn().iter().zip(&full).enumerate() {
                assert_eq!(fast, full, "flow {k} after {what}");
            }
        };
        check(&model, &mut placed, None, "loading");
        // The first step that can be caught up with makes the index.
        check(&model, &mut placed, Some(&Touched::default()), "nothing");

        let el = |i: usize| ElementId::new(format!("el-{i:05}"));
        let (id, f) = model
            .flows
            .iter()
            .find(|(_, f)| f.from == el(3))
            .map(|(id, f)| (id.clone(), f.clone()))
            .unwrap();
        let at = |model: &Model, e: &ElementId| model.layout.elements[e];
        let move_to = |e: ElementId, p: Pos| Edit::MoveElements {
            positions: [(e, Some(p))].into(),
            routes: BTreeMap::new(),
        };
        let mut reversed_flow = f.clone();
        std::mem::swap(&mut reversed_flow.from, &mut reversed_flow.to);
        let mut encrypted = f.clone();
        encrypted.encrypted = if f.encrypted.is_yes() { Fact::No } else { Fact::Yes };
        encrypted.returns.insert("dc-x".into());
        let mut elsewhere = f.clone();
        elsewhere.to = el(120);
        let mut parallel = f.clone();
        parallel.label = "beside".into();
        let mut moved_zone = model.elements[&el(3)].clone();
        // Straight into the zone around its group: made a group next, that group joins its zone.
        moved_zone.boundary = Some(BoundaryId::new("tb-zone-0"));
        let group = BoundaryId::new("tb-group-0");
        let mut not_trust = model.boundaries[&group].clone();
        not_trust.kind = BoundaryKind::Group;
        let mut copy = model.elements[&el(3)].clone();
        copy.name = "Copy".into();
        let p3 = at(&model, &el(3));
        let onto = at(&model, &f.to);
        let edits = vec![
            ("a move", move_to(el(3), Pos::new(p3.x + 40.0, p3.y - 25.0))),
            (
                "a move onto a neighbour",
                move_to(el(3), Pos::new(onto.x + 5.0, onto.y)),
            ),
            (
                "a component losing its spot",
                Edit::MoveElements {
                    positions: [(el(7), None), (el(9), None)].into(),
                    routes: BTreeMap::new(),
                },
            ),
            (
                "a route",
                Edit::MoveElements {
                    positions: BTreeMap::new(),
                    routes: [(id.clone(), Some(vec![Pos::new(p3.x, p3.y + 300.0)]))].into(),
                },
            ),
            (
                "a duplicate",
                Edit::AddElement {
                    id: ElementId::new("el-00003-copy"),
                    element: copy,
                    position: Some(Pos::new(p3.x + 10.0, p3.y + 500.0)),
                    flows: [(
                        FlowId::new("fl-copy"),
                        crate::model::Flow {
                            from: ElementId::new("el-00003-copy"),
                            ..f.clone()
                        },
                    )]
                    .into(),
                    routes: BTreeMap::new(),
                },
            ),
            (
                "a parallel flow",
                Edit::AddFlow {
                    id: FlowId::new("fl-zz-beside"),
                    flow: parallel,
                    route: Vec::new(),
                },
            ),
            (
                "a reversed flow",
                Edit::SetFlow {
                    id: id.clone(),
                    flow: reversed_flow,
                },
            ),
            (
                "an encrypted flow",
                Edit::SetFlow {
                    id: id.clone(),
                    flow: encrypted,
                },
            ),
            (
                "a reconnected flow",
                Edit::SetFlow {
                    id: id.clone(),
                    flow: elsewhere,
                },
            ),
            (
                "a component in another zone",
                Edit::SetElement {
                    id: el(3),
                    element: moved_zone,
                },
            ),
            (
                "a boundary made a group",
                Edit::SetBoundary {
                    id: group.clone(),
                    boundary: not_trust,
                },
            ),
            (
                "a boundary removed",
                Edit::RemoveBoundary {
                    id: BoundaryId::new("tb-group-2"),
                },
            ),
            ("a removed flow", Edit::RemoveFlow { id: id.clone() }),
            ("a removed component", Edit::RemoveElement { id: el(4) }),
        ];
        let mut undo = Vec::new();
        for (what, edit) in edits {
            let tx = Transaction::single(what, edit);
            let inverse = tx.clone().apply(&mut model).unwrap();
            check(&model, &mut placed, Some(&Touched::of(&tx, &inverse)), what);
            undo.push((what, inverse));
        }
        while let Some((what, tx)) = undo.pop() {
            let inverse = tx.clone().apply(&mut model).unwrap();
            check(
                &model,
                &mut placed,
                Some(&Touched::of(&tx, &inverse)),
                &format!("undoing {what}"),
            );
        }
        // A new document, and a change of component size, start again.
        let other = crate::synth::synth_model(&cat, 60, 9);
        check(&other, &mut placed, None, "another document");
        let placement = Placement::of(&other);
        placed.update(&other, &placement, size * 1.5, Some(&Touched::default()));
        assert_eq!(placed.drawn(), edge::geometry(&other, &placement, size * 1.5));
    }
}

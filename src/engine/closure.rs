//! When a finding is closed. A rule names sets of controls, each to be implemented together on
//! one place of the finding — its anchor, source, sink, the flow, or a guard on the path. A
//! control on an element the threat does not pass, or only part of a set, never closes it.
//! Gates (gateways, guardrails, people who approve) count for the element they front, and a
//! flow can show a control is in place (logs sent to an audit store).

use super::finding::{Mitigation, Status};
use super::select::{Compiled, Facts, Leg};
use crate::catalog::{Catalog, ControlSet, Role, Scope};
use crate::model::{ControlId, ControlState, FlowId};
use serde::Serialize;
use std::sync::Arc;

/// Traits of elements whose controls count for the element they front.
const GATE_TRAITS: [&str; 3] = ["gateway", "guardrail", "human-approval"];

/// Whether a kind is a gate (it has one of [`GATE_TRAITS`]); [`Facts::is_gate`] keeps the
/// answer per kind number.
pub(crate) fn kind_is_gate(k: &crate::catalog::ComponentKind) -> bool {
    GATE_TRAITS.iter().any(|t| k.has_trait(t))
}

/// A set of controls with the places it may be in, resolved from the rule.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedSet {
    /// Shared by every finding's [`SetState`] of the rule, and its `missing` when nothing of
    /// the set is in place (most findings): one list per rule, not one per finding (issue 15).
    pub(crate) all: Arc<[ControlId]>,
    pub(crate) roles: Vec<Role>,
    /// The roles as a finding's [`SetState::on`] says them, joined once per rule rather than
    /// once per finding.
    pub(crate) on: Arc<str>,
    /// The `missing` of a set that is complete, shared likewise.
    pub(crate) none: Arc<[ControlId]>,
    /// `all` by [`control_number`], so a closure check tests a bit instead of searching an
    /// element's controls by string (issue 15).
    pub(crate) nums: Box<[u32]>,
    /// [`ControlSet::apart`]: the path search decides it, each control on every way.
    pub(crate) apart: bool,
}

/// A control the catalog does not have has no number.
pub(crate) const NO_CONTROL: u32 = u32::MAX;

/// A control's number: its place among the catalog's controls in id order, or [`NO_CONTROL`].
pub(crate) fn control_number(cat: &Catalog, c: &ControlId) -> u32 {
    if cat.controls.contains_key(c) {
        u32::try_from(cat.controls.range(..c.clone()).count()).unwrap_or(NO_CONTROL)
    } else {
        NO_CONTROL
    }
}

/// What the flows at an element say of a control, by [`control_number`].
pub(crate) type Evidence = Vec<ControlFlows>;

/// A control's flow selectors, compiled.
#[derive(Debug, Default)]
pub(crate) struct ControlFlows {
    /// The flows that show it in place on their sender (`evidenced_by`).
    pub(crate) evidence: Option<Compiled>,
    /// The ways into an element a gate must stand on for it to count there (`gated_ways`;
    /// `None`: every way).
    pub(crate) ways: Option<Compiled>,
}

/// The rule's sets, roles resolved by scope.
pub(crate) fn resolve(sets: &[ControlSet], scope: Scope, cat: &Catalog) -> Arc<[ResolvedSet]> {
    sets.iter()
        .map(|s| {
            let roles = s.on.map_or_else(|| Role::defaults(scope).to_vec(), |r| vec![r]);
            let on: Vec<&str> = roles.iter().map(|r| r.id()).collect();
            let on = if s.apart {
                "path, each on an element of every way to the sink".to_owned()
            } else {
                on.join(" or ")
            };
            ResolvedSet {
                nums: s.all.iter().map(|c| control_number(cat, c)).collect(),
                all: s.all.clone().into(),
                on: on.into(),
                roles,
                none: Arc::from(Vec::new()),
                apart: s.apart,
            }
        })
        .collect()
}

/// The places of a finding, by index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    pub(crate) anchor: usize,
    pub(crate) source: Option<usize>,
    pub(crate) sink: Option<usize>,
    pub(crate) flow: Option<usize>,
    /// Path elements after the source.
    pub(crate) guards: Vec<usize>,
    /// What an element rule's anchor hands what the threat is about to (`hands_to`), or back
    /// to (`hands_back`).
    pub(crate) receivers: Vec<usize>,
}

/// How one set stands on a finding: what it needs, where, and what is missing there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SetState {
    /// The controls, all needed.
    pub controls: Arc<[ControlId]>,
    /// Where ("sink", "flow or sink" …).
    pub on: Arc<str>,
    /// Those not implemented at the place that has the most of them.
    pub missing: Arc<[ControlId]>,
}

/// The outcome for a finding.
#[derive(Debug, Clone)]
pub(crate) struct Closure {
    pub(crate) status: Status,
    pub(crate) mitigated_by: Vec<Mitigation>,
    /// Every control some unclosed set still lacks (empty when closed); `None` when that is
    /// exactly the `whole` list [`Closer::close`] was given, so the finding keeps sharing it.
    pub(crate) missing: Option<Arc<[ControlId]>>,
    pub(crate) sets: Vec<SetState>,
}

/// What a closure check reads: the model's facts and the controls a flow can evidence.
pub(crate) struct Closer<'r, 'a> {
    pub(crate) facts: &'r Facts<'a>,
    pub(crate) evidence: &'r Evidence,
}

/// Where each control of a set is in place (element, and the flow for a flow control), in
/// the set's order; `None` where it is not.
type Found = Vec<Option<(usize, Option<usize>)>>;

/// One place a set can be checked at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place<'p> {
    Element(usize),
    Flow(usize),
    /// Every one of these elements (the receivers of the anchor, the second field: only its
    /// own ways into them count).
    All(&'p [usize], usize),
}

impl Closer<'_, '_> {
    /// Where control `c` (number `q`) counts as implemented for element `i`: on `i`; evidenced
    /// by one of its flows; or on every gate that fronts it (the first is named).
    pub(crate) fn implemented_for(&self, i: usize, c: &ControlId, q: u32) -> Option<usize> {
        self.implemented_for_from(i, c, q, None)
    }

    /// [`Self::implemented_for`] for what `owner` hands `i`, where it is given: a gate counts
    /// where every way from `owner` into `i` passes one with the control; another caller's
    /// ways are that caller's findings (see [`Self::gate_for`]).
    fn implemented_for_from(&self, i: usize, c: &ControlId, q: u32, owner: Option<usize>) -> Option<usize> {
        if q == NO_CONTROL {
            // Not a catalog control: no flow evidences it, and it is found by its id.
            return match self.facts.els[i].controls.get(c) {
                Some(ControlState::Implemented) => Some(i),
                Some(ControlState::Rejected) => None,
                _ => self.gate_for(i, c, q, owner),
            };
        }
        match self.facts.control_state(i, q) {
            Some(ControlState::Implemented) => return Some(i),
            Some(ControlState::Rejected) => return None,
            _ => {}
        }
        if let Some(sel) = self.evidence.get(q as usize).and_then(|e| e.evidence.as_ref())
            && self
                .facts
                .g
                .outgoing(i)
                .any(|j| sel.walkable(self.facts, j, Leg::Forward))
        {
            return Some(i);
        }
        self.gate_for(i, c, q, owner)
    }

    /// A gate in front of `i` with `c` (number `q`): every way into `i` passes a gate that has
    /// `c` implemented (the first is named). A way in is a flow into `i` or what comes back on
    /// one it sends, of those the control's `gated_ways` matches; it is walked back through
    /// gates without `c` and relaying hosts (a gateway between the approval gate and the
    /// service), up to [`super::relay::MAX_RELAY_HOPS`] of them in a row, since they pass on
    /// what reached them. A way that reaches anything else (a caller of its own, a store read
    /// back where every way counts) is ungated, and `i` has no gate for `c`. An element with no
    /// way in has none either.
    ///
    /// With an `owner` (the anchor of a finding whose receiver `i` is: an agent handing tool
    /// calls to a service), only the owner's ways count: a way from the owner itself, or from
    /// something the owner sends to straight (its model), is ungated; a way from any other
    /// caller (a staff console, a batch job, another team's model) is that caller's and is
    /// left out, so approval on every way the agent has closes the agent's finding whatever
    /// else calls the service. At least one gate must then have been found.
    fn gate_for(&self, i: usize, c: &ControlId, q: u32, owner: Option<usize>) -> Option<usize> {
        let g = self.facts.g;
        let ways = self.evidence.get(q as usize).and_then(|e| e.ways.as_ref());
        let ways_in = |x: usize| {
            let forward = g.incoming(x).map(|j| (j, Leg::Forward));
            let back = g
                .outgoing(x)
                .filter(|&j| !self.facts.flows[j].returns.is_empty())
                .map(|j| (j, Leg::Back));
            forward
                .chain(back)
                .filter(move |&(j, leg)| ways.is_none_or(|w| w.walkable(self.facts, j, leg)))
                .map(move |(j, leg)| leg.ends(g.flow_ends[j]).0)
        };
        // Someone else's way, with an owner: neither the owner nor what it sends to straight.
        let others = |s: usize| owner.is_some_and(|o| s != o && !g.outgoing(o).any(|j| g.flow_ends[j].1 == s));
        // Most elements have a way in from something that is neither a gate nor a host: no
        // gate counts, decided without walking (this runs for every control of every finding).
        let mut walk = false;
        for s in ways_in(i) {
            if s == i || (self.facts.is_gate(s) && self.facts.has_control(s, c, q)) {
                continue;
            }
            if !(self.facts.is_gate(s) || super::relay::relays(self.facts, s)) {
                if others(s) {
                    continue;
                }
                return None;
            }
            walk = true;
        }
        if !walk {
            return ways_in(i).find(|&s| s != i && self.facts.is_gate(s) && self.facts.has_control(s, c, q));
        }
        let mut first = None;
        let mut seen = vec![i];
        // (element whose ways in are walked, relaying elements passed to reach it)
        let mut frontier = vec![(i, 0usize)];
        while let Some((x, passed)) = frontier.pop() {
            for s in ways_in(x) {
                if seen.contains(&s) {
                    continue;
                }
                seen.push(s);
                let gate = self.facts.is_gate(s);
                if gate && self.facts.has_control(s, c, q) {
                    first.get_or_insert(s);
                } else if (gate || super::relay::relays(self.facts, s)) && passed < super::relay::MAX_RELAY_HOPS {
                    frontier.push((s, passed + 1));
                } else if !others(s) {
                    return None;
                }
            }
        }
        first
    }

    /// Calls `visit` with each place of `roles`, in order (without collecting them: this runs
    /// for every set of every finding).
    fn for_places<'p>(roles: &[Role], p: &'p Places, mut visit: impl FnMut(Place<'p>)) {
        for role in roles {
            match role {
                Role::Anchor => visit(Place::Element(p.anchor)),
                Role::Source => p.source.into_iter().for_each(|i| visit(Place::Element(i))),
                Role::Sink => p.sink.into_iter().for_each(|i| visit(Place::Element(i))),
                Role::Flow => p.flow.into_iter().for_each(|j| visit(Place::Flow(j))),
                Role::Guard => p.guards.iter().for_each(|&i| visit(Place::Element(i))),
                Role::Receiver if !p.receivers.is_empty() => visit(Place::All(&p.receivers, p.anchor)),
                Role::Receiver => {}
            }
        }
    }

    /// Where each control of `set` is in place at `place` (element index, and the flow for a
    /// control on a flow), or `None` for the ones that are not; into `out`, emptied first.
    fn at(&self, set: &ResolvedSet, place: Place, out: &mut Found) {
        out.clear();
        out.extend(set.all.iter().zip(set.nums.iter().copied()).map(|(c, q)| {
            match place {
                Place::Element(i) => self.implemented_for(i, c, q).map(|e| (e, None)),
                Place::Flow(j) => self.facts.flows[j]
                    .has_control(c)
                    .then(|| (self.facts.g.flow_ends[j].1, Some(j))),
                // In place on each of them, for what the anchor hands them; the first is named.
                Place::All(list, anchor) => {
                    let mut first = None;
                    for &i in list {
                        first.get_or_insert(self.implemented_for_from(i, c, q, Some(anchor))?);
                    }
                    first.map(|e| (e, None))
                }
            }
        }));
    }

    /// Whether `set` is complete on element `i` (a guard on a path).
    pub(crate) fn closes_at(&self, set: &ResolvedSet, i: usize) -> bool {
        set.all
            .iter()
            .zip(set.nums.iter().copied())
            .all(|(c, q)| self.implemented_for(i, c, q).is_some())
    }

    /// The closure of a finding with these places under these sets; `whole` is the rule's
    /// list of controls, which an open finding lacking all of them shares.
    pub(crate) fn close(&self, sets: &[ResolvedSet], whole: &[ControlId], p: &Places) -> Closure {
        let id = |i: usize| self.facts.g.element_ids[i].clone();
        let flow_id = |j: usize| -> FlowId { self.facts.g.flow_ids[j].clone() };
        let mut states = Vec::with_capacity(sets.len());
        let mut closed_by: Option<Vec<Mitigation>> = None;
        let mut missing: Vec<&ControlId> = Vec::new();
        // The best place so far and the one being looked at, reused from set to set.
        let (mut found, mut here): (Found, Found) = (Vec::new(), Vec::new());
        for set in sets {
            let mut best: Option<usize> = None;
            Self::for_places(&set.roles, p, |place| {
                self.at(set, place, &mut here);
                let have = here.iter().filter(|x| x.is_some()).count();
                if best.is_none_or(|b| have > b) {
                    std::mem::swap(&mut found, &mut here);
                    best = Some(have);
                }
            });
            if best.is_none() {
                found.clear();
                found.resize(set.all.len(), None);
            }
            let lacking = found.iter().filter(|f| f.is_none()).count();
            if lacking == 0 && closed_by.is_none() {
                closed_by = Some(
                    set.all
                        .iter()
                        .zip(&found)
                        .filter_map(|(c, f)| {
                            f.map(|(e, fl)| Mitigation {
                                control: Some(c.clone()),
                                element: id(e),
                                flow: fl.map(flow_id),
                                answer: None,
                                question: None,
                            })
                        })
                        .collect(),
                );
            }
            let lacks = || set.all.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(c, _)| c);
            for c in lacks() {
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
            let lacking = match lacking {
                0 => set.none.clone(),
                n if n == set.all.len() => set.all.clone(),
                _ => lacks().cloned().collect(),
            };
            states.push(SetState {
                controls: set.all.clone(),
                on: set.on.clone(),
                missing: lacking,
            });
        }
        match closed_by {
            Some(by) => Closure {
                status: Status::Mitigated,
                mitigated_by: by,
                missing: Some(sets.first().map_or_else(|| Arc::from(Vec::new()), |s| s.none.clone())),
                sets: states,
            },
            None => Closure {
                status: Status::Open,
                mitigated_by: Vec::new(),
                missing: (!missing.iter().copied().eq(whole.iter())).then(|| missing.into_iter().cloned().collect()),
                sets: states,
            },
        }
    }
}

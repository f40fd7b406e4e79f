//! Path search: from a source element, which sinks can be reached along flows without passing a
//! guard, and which only through one. Breadth-first, so the path shown is a shortest one.
//!
//! Per rule, the sink and guard tests are computed once for every element ([`PathTables`]);
//! each source then costs one or two bounded walks over flat arrays.

use super::compiled::{CompiledRule, PathLogic};
use super::evaluate::FoundPath;
use super::select::{Facts as View, Leg};
use crate::catalog::Selector;
use crate::model::ControlId;

/// What a path rule needs to know about the elements and flows its walks visit. Each test is
/// made the first time a walk needs it and remembered for the rest of the evaluation, so a
/// re-evaluation after one edit, which walks from a few sources, never tests the whole model.
pub(crate) struct PathTables<'r> {
    rule: &'r CompiledRule,
    evidence: &'r super::closure::Evidence,
    /// 0 untested, 1 no, 2 yes.
    sink: Vec<u8>,
    /// `None` untested; `Some(Guard::No)` when the element does not guard.
    /// 0 untested, 1 no, 2 a guard by kind or trait, 3 a guard by the control set in
    /// `guard_control` (one byte per element: the tables are rebuilt after every edit).
    guard: Vec<u8>,
    guard_control: rustc_hash::FxHashMap<usize, ControlId>,
    /// Elements that guard by a check they call (see [`PathTables::guard_of`]), and that check.
    guard_by: rustc_hash::FxHashMap<usize, usize>,
    /// Per element, whether it is one every way to a sink must pass (`only_through`): 0
    /// untested, 1 no, 2 yes. Empty when the rule has none.
    through: Vec<u8>,
    /// Per flow, whether the walk may follow it forward / back: 0 untested, 1 no, 2 yes.
    follow: Vec<[u8; 2]>,
    /// Per flow, whether that leg may be the last hop into a sink (`PathSpec::into`).
    enter: Vec<[u8; 2]>,
    /// Per element, the element the walk entered it from by a hop that may end a path, and the
    /// walk's generation when that was set.
    sink_parent: Vec<u32>,
    sink_stamp: Vec<u32>,
    text: String,
    max_hops: usize,
    parent: Vec<u32>,
    stamp: Vec<u32>,
    generation: u32,
    /// `PathSpec::last_sink_only`, and the scratch space of its search (empty without it).
    last_sink_only: bool,
    ends: Ends,
    /// The controls of the rule's sets that are `apart`, as (set, control) indexes, and per
    /// such control and element whether the element has it: 0 untested, 1 no, 2 yes. Empty
    /// when the rule has no such set.
    apart: Vec<(usize, usize)>,
    apart_has: Vec<Vec<u8>>,
    /// The walk's extra wall: elements with the `apart` control of this index.
    wall: Option<usize>,
    /// Per element, whether it is one the data must have passed before a hop into a sink
    /// (`after`): 0 untested, 1 no, 2 yes. Empty when the rule has none.
    after: Vec<u8>,
    /// With `after`: the elements of the first stage of the last walk that its second stage
    /// starts from, and the way from the source to each.
    prefix: rustc_hash::FxHashMap<usize, Vec<usize>>,
    /// The elements the last walk stamped, with the hops it took to reach each.
    visited: Vec<(usize, usize)>,
    /// Per (apart control, sink) closed on the ways on from the sink
    /// ([`PathTables::onward`]): the elements further along that hold the control.
    onward_at: rustc_hash::FxHashMap<(usize, usize), Vec<usize>>,
}

/// Scratch space for finding which sinks pass the data on to a sink further along: Tarjan's
/// strongly connected components over the elements one walk reached, by forward hops.
#[derive(Default)]
struct Ends {
    /// Per element: the walk generation it was numbered in, its DFS number, low link and
    /// component (`NONE` while on the stack).
    stamp: Vec<u32>,
    index: Vec<u32>,
    low: Vec<u32>,
    comp: Vec<u32>,
    /// Per component: whether it holds a sink, and whether a sink lies beyond it.
    holds: Vec<bool>,
    beyond: Vec<bool>,
}

/// Whether an element stops a path.
#[derive(Debug, Clone, PartialEq)]
enum Guard {
    No,
    /// A guard by kind or trait.
    Element,
    /// A rule control implemented on it.
    Control(ControlId),
}

const NONE: u32 = u32::MAX;

impl<'r> PathTables<'r> {
    /// Tables for `rule` over the view's graph; `None` if the rule is not a path rule.
    pub(crate) fn new(v: &View, rule: &'r CompiledRule, evidence: &'r super::closure::Evidence) -> Option<Self> {
        let PathLogic {
            guard_text,
            max_hops,
            last_sink_only,
            only_through,
            after,
            ..
        } = rule.logic.path()?;
        let n = v.g.len();
        let apart = Self::apart_controls(&rule.sets);
        Some(Self {
            rule,
            evidence,
            sink: vec![0; n],
            guard: vec![0; n],
            guard_control: rustc_hash::FxHashMap::default(),
            guard_by: rustc_hash::FxHashMap::default(),
            through: if only_through.is_some() { vec![0; n] } else { Vec::new() },
            after: if after.is_some() { vec![0; n] } else { Vec::new() },
            prefix: rustc_hash::FxHashMap::default(),
            visited: Vec::new(),
            follow: vec![[0, 0]; v.g.flow_ids.len()],
            enter: vec![[0, 0]; v.g.flow_ids.len()],
            sink_parent: vec![NONE; n],
            sink_stamp: vec![0; n],
            text: explain_guard(guard_text.as_deref(), &rule.sets),
            max_hops: *max_hops,
            parent: vec![NONE; n],
            stamp: vec![0; n],
            generation: 0,
            last_sink_only: *last_sink_only,
            ends: Ends::default(),
            apart_has: vec![vec![0; n]; apart.len()],
            apart,
            wall: None,
            onward_at: rustc_hash::FxHashMap::default(),
        })
    }

    /// The (set, control) indexes of the controls of `apart` sets.
    fn apart_controls(sets: &[super::closure::ResolvedSet]) -> Vec<(usize, usize)> {
        sets.iter()
            .enumerate()
            .filter(|(_, s)| s.apart)
            .flat_map(|(k, s)| (0..s.all.len()).map(move |c| (k, c)))
            .collect()
    }

    /// Whether element `i` has the `apart` control of index `a` in place (on it, evidenced
    /// by its flows, or on every gate in front of it), or hands what the walk follows to a
    /// gate that answers back and has it: a check drawn as a call and its verdict.
    fn has_apart(&mut self, v: &View, a: usize, i: usize) -> bool {
        if self.apart_has[a][i] == 0 {
            let here = self.apart_at(v, a, i).is_some();
            self.apart_has[a][i] = if here { 2 } else { 1 };
        }
        self.apart_has[a][i] == 2
    }

    /// Where [`PathTables::has_apart`] finds the control for `i`: `i` (or the gate in front of
    /// it), or the check it calls.
    fn apart_at(&mut self, v: &View, a: usize, i: usize) -> Option<usize> {
        let (k, c) = self.apart[a];
        let rule = self.rule;
        let set = &rule.sets[k];
        let closer = super::closure::Closer {
            facts: v,
            evidence: self.evidence,
        };
        if let Some(at) = closer.implemented_for(i, &set.all[c], set.nums[c]) {
            return Some(at);
        }
        self.called_checks(v, i)
            .into_iter()
            .find(|&g| closer.implemented_for(g, &set.all[c], set.nums[c]) == Some(g))
    }

    /// The gates `i` hands what the walk follows to and acts on the answer of: a check drawn
    /// as a call and its verdict.
    fn called_checks(&mut self, v: &View, i: usize) -> Vec<usize> {
        v.g.outgoing(i)
            .filter(|&j| !v.flows[j].returns.is_empty())
            .filter(|&j| self.follows(v, j, Leg::Forward))
            .map(|j| v.g.flow_ends[j].1)
            .filter(|&g| g != i && v.is_gate(g))
            .collect()
    }

    /// Of the sinks reached unguarded from `s` (sorted), those an `apart` set closes: for
    /// each of its controls, the sink has it, no unguarded way reaches the sink without
    /// passing an element that has it, or the sink passes what the walk follows on to sinks
    /// further along and every way on to them passes an element that has it
    /// ([`PathTables::onward`]: a worker that only writes the checked output into a record
    /// keeping the audit trail). With the set that closes each.
    fn closed_apart(&mut self, v: &View, s: usize, open: &[usize]) -> Vec<(usize, usize)> {
        if self.apart.is_empty() || open.is_empty() {
            return Vec::new();
        }
        self.onward_at.clear();
        // The ways shown, unwound before any other walk reuses the scratch space.
        let paths: Vec<Vec<usize>> = open.iter().map(|&t| self.unwind(s, t)).collect();
        // Per open sink and apart control, the elements further along that hold the control
        // on every way on from the sink, where it does not hold it on the way shown.
        let mut onward: Vec<Vec<Option<Vec<usize>>>> = vec![vec![None; self.apart.len()]; open.len()];
        // Only a sink whose way just found passes every control of some such set, or whose
        // ways on hold the rest, can be closed by it (that way is one of the ways); most have
        // none, and only a sink that passes the output on to another is walked on from.
        let mut candidates: Vec<usize> = Vec::new();
        let mut walked = false;
        for (x, &t) in open.iter().enumerate() {
            let mut has = vec![false; self.apart.len()];
            for (a, h) in has.iter_mut().enumerate() {
                *h = paths[x].iter().skip(1).any(|&n| self.has_apart(v, a, n));
            }
            if self.apart_set_where(|a| has[a]).is_none() {
                let hops = self.max_hops.saturating_sub(paths[x].len().saturating_sub(1));
                walked = true;
                if self.passes_on(v, t, hops) {
                    for (a, h) in has.iter_mut().enumerate() {
                        if !*h {
                            onward[x][a] = self.onward(v, a, t, hops);
                            *h = onward[x][a].is_some();
                        }
                    }
                }
            }
            if self.apart_set_where(|a| has[a]).is_some() {
                candidates.push(x);
            }
        }
        if candidates.is_empty() {
            if walked {
                // The walks on reused the scratch space the first walk's paths are unwound from.
                self.bfs(v, s, true, false);
            }
            return Vec::new();
        }
        // Per apart control, the candidate sinks it leaves open.
        let mut lacking: Vec<Vec<usize>> = Vec::with_capacity(self.apart.len());
        for a in 0..self.apart.len() {
            self.wall = Some(a);
            let (reached, _) = self.bfs(v, s, true, false);
            self.wall = None;
            let mut l: Vec<usize> = Vec::new();
            for &x in &candidates {
                let t = open[x];
                if reached.contains(&t) && !self.has_apart(v, a, t) {
                    l.push(x);
                }
            }
            lacking.push(l);
        }
        // A sink a control misses on some way may hold it on every way on.
        for x in candidates.iter().copied() {
            for a in 0..self.apart.len() {
                if !lacking[a].contains(&x) {
                    continue;
                }
                if onward[x][a].is_none() {
                    let hops = self.max_hops.saturating_sub(paths[x].len().saturating_sub(1));
                    if self.passes_on(v, open[x], hops) {
                        onward[x][a] = self.onward(v, a, open[x], hops);
                    }
                }
                if let Some(at) = onward[x][a].take() {
                    lacking[a].retain(|&y| y != x);
                    self.onward_at.insert((a, open[x]), at);
                }
            }
        }
        // The walks above reused the scratch space the first walk's paths are unwound from.
        self.bfs(v, s, true, false);
        let mut out = Vec::new();
        for &x in &candidates {
            if let Some(k) = self.apart_set_where(|a| !lacking[a].contains(&x)) {
                out.push((open[x], k));
            }
        }
        out
    }

    /// Whether sink `t` passes what the walk follows on, by at most `hops` hops, to another
    /// sink of the rule (reusing the scratch space paths are unwound from).
    fn passes_on(&mut self, v: &View, t: usize, hops: usize) -> bool {
        if hops == 0 {
            return false;
        }
        let keep = std::mem::replace(&mut self.max_hops, hops);
        let (all, _) = self.bfs(v, t, true, false);
        self.max_hops = keep;
        all.iter().any(|&n| n != t && self.is_sink(v, n))
    }

    /// Where every way on from sink `t`, by at most `hops` hops, to the sinks it passes what
    /// the walk follows on to passes an element that has the `apart` control of index `a`
    /// (the sink further along may hold it itself): those elements. `None` where a way on
    /// reaches a sink without it that passes nothing on to one with it. A sink further along
    /// that lacks it but relays in turn (a second worker between the first and the audited
    /// record) is walked on from the same way, so a chain of relays closes as one does; a
    /// sink that guards itself (an approver) takes nothing on unchecked. Reuses the scratch
    /// space paths are unwound from.
    fn onward(&mut self, v: &View, a: usize, t: usize, hops: usize) -> Option<Vec<usize>> {
        let mut seen = vec![t];
        self.onward_from(v, a, t, hops, &mut seen)
    }

    /// [`PathTables::onward`] from `t`, where `seen` holds the relays already walked on from
    /// (or being walked on from): a way back to one of them adds nothing, so relays that only
    /// hand the output to each other close nothing.
    fn onward_from(&mut self, v: &View, a: usize, t: usize, hops: usize, seen: &mut Vec<usize>) -> Option<Vec<usize>> {
        if hops == 0 {
            return None;
        }
        let keep = std::mem::replace(&mut self.max_hops, hops);
        self.wall = Some(a);
        let (reached, _) = self.bfs(v, t, true, false);
        self.wall = None;
        self.max_hops = keep;
        // The hops to each element, before a walk on from a relay overwrites them.
        let level: rustc_hash::FxHashMap<usize, usize> = self.visited.iter().copied().collect();
        let mut holders = Vec::new();
        let mut relays = Vec::new();
        for &n in &reached {
            if n == t {
                continue;
            }
            if self.has_apart(v, a, n) {
                holders.push(n);
            } else if self.is_sink(v, n) && !self.guards(v, n) && !seen.contains(&n) {
                relays.push(n);
            }
        }
        for n in relays {
            if seen.contains(&n) {
                continue;
            }
            seen.push(n);
            let left = hops.saturating_sub(level.get(&n).copied().unwrap_or(hops));
            holders.extend(self.onward_from(v, a, n, left, seen)?);
        }
        holders.sort_unstable();
        holders.dedup();
        (!holders.is_empty()).then_some(holders)
    }

    /// The first `apart` set every control of which (by index into `self.apart`) is `held`.
    fn apart_set_where(&self, held: impl Fn(usize) -> bool) -> Option<usize> {
        (0..self.rule.sets.len()).find(|&k| {
            self.rule.sets[k].apart
                && self
                    .apart
                    .iter()
                    .enumerate()
                    .filter(|(_, (sk, _))| *sk == k)
                    .all(|(a, _)| held(a))
        })
    }

    fn is_sink(&mut self, v: &View, i: usize) -> bool {
        if self.sink[i] == 0 {
            let Some(PathLogic { sink, sink_fronts, .. }) = self.rule.logic.path() else {
                return false;
            };
            let mut here = sink.element(v, i);
            if here && !sink_fronts.is_empty() {
                // A server or API in front of a model drawn behind it decides by that model: it
                // is a sink only where a model behind is one too (`sink_fronts`), itself decided
                // so (an API in front of a server in front of a model). Marked not a sink while
                // it is decided, so a loop of fronts ends.
                self.sink[i] = 1;
                // Only what the sink sends on: the reply coming back over a call made to it is
                // not a model behind it.
                let behind: Vec<usize> =
                    v.g.outgoing(i)
                        .filter(|&j| sink_fronts.iter().any(|f| f.walkable(v, j, Leg::Forward)))
                        .map(|j| v.g.flow_ends[j].1)
                        .filter(|&k| k != i)
                        .collect();
                if !behind.is_empty() {
                    here = behind.into_iter().any(|k| self.is_sink(v, k));
                }
            }
            self.sink[i] = if here { 2 } else { 1 };
        }
        self.sink[i] == 2
    }

    /// Whether element `i` guards a path through it: it matches the rule's `guard`, or a set of
    /// the rule's controls that may stand on the way is complete on it; or it hands what the
    /// walk follows to a gate (a guardrail, a gateway, an approver) that answers back and
    /// guards so itself: a check drawn as a call and its verdict, as gates count for what they
    /// front.
    fn guard_of(&mut self, v: &View, i: usize) -> Guard {
        if self.guard[i] == 0 {
            self.guard[i] = self.guard_here(v, i);
            if self.guard[i] == 1 {
                for c in self.called_checks(v, i) {
                    let verdict = self.guard_here(v, c);
                    if verdict > 1 {
                        if verdict == 3
                            && let Some(ctl) = self.guard_control.get(&c).cloned()
                        {
                            self.guard_control.insert(i, ctl);
                        }
                        self.guard_by.insert(i, c);
                        self.guard[i] = verdict;
                        break;
                    }
                }
            }
        }
        match self.guard[i] {
            2 => Guard::Element,
            3 => self.guard_control.get(&i).cloned().map_or(Guard::No, Guard::Control),
            _ => Guard::No,
        }
    }

    /// How element `i` guards by itself: 1 not, 2 by the rule's `guard`, 3 by a set of the
    /// rule's controls (recorded in `guard_control`).
    fn guard_here(&mut self, v: &View, i: usize) -> u8 {
        let Some(PathLogic { guard, .. }) = self.rule.logic.path() else {
            return 1;
        };
        // A set of the rule's controls that may stand on the way, complete here.
        let closer = super::closure::Closer {
            facts: v,
            evidence: self.evidence,
        };
        let set = self
            .rule
            .sets
            .iter()
            .filter(|s| s.roles.contains(&crate::catalog::Role::Guard))
            .find(|s| closer.closes_at(s, i));
        if let Some(set) = set {
            self.guard_control.insert(i, set.all[0].clone());
            3
        } else if guard.as_ref().is_some_and(|g| g.element(v, i)) {
            2
        } else {
            1
        }
    }

    /// Whether element `i` is one every way to a sink must pass (`only_through`).
    fn passes(&mut self, v: &View, i: usize) -> bool {
        if self.through[i] == 0 {
            let Some(PathLogic {
                only_through: Some(t), ..
            }) = self.rule.logic.path()
            else {
                return false;
            };
            self.through[i] = if t.element(v, i) { 2 } else { 1 };
        }
        self.through[i] == 2
    }

    /// Whether element `i` is one the data must have passed before a hop into a sink (`after`).
    fn is_after(&mut self, v: &View, i: usize) -> bool {
        if self.after[i] == 0 {
            let Some(PathLogic {
                after: Some(a),
                after_taking,
                after_taking_via,
                ..
            }) = self.rule.logic.path()
            else {
                return false;
            };
            let here = a.element(v, i)
                && (after_taking.is_empty()
                    || !taken_in(v, after_taking, i).is_empty()
                    || after_taking_via
                        .as_ref()
                        .is_some_and(|via| !handed_in(v, after_taking, via, i).is_empty()));
            self.after[i] = if here { 2 } else { 1 };
        }
        self.after[i] == 2
    }

    fn guards(&mut self, v: &View, i: usize) -> bool {
        if self.guard[i] == 0 {
            self.guard_of(v, i);
        }
        self.guard[i] >= 2
    }

    /// Whether the walk follows data along `leg` of flow `j`: forward always when the rule
    /// walks every flow, back only where something comes back; with `via`, where that data
    /// matches it.
    fn follows(&mut self, v: &View, j: usize, leg: Leg) -> bool {
        let slot = usize::from(leg == Leg::Back);
        if self.follow[j][slot] == 0 {
            let Some(PathLogic { via, .. }) = self.rule.logic.path() else {
                return false;
            };
            let present = leg == Leg::Forward || !v.flows[j].returns.is_empty();
            let ok = present && via.as_ref().is_none_or(|s| s.walkable(v, j, leg));
            self.follow[j][slot] = if ok { 2 } else { 1 };
        }
        self.follow[j][slot] == 2
    }

    /// Whether what flow `j` returns from the source is its sender's own fetch
    /// (`PathSpec::fetched`): the walk does not leave the source by it.
    fn fetched(&self, v: &View, j: usize) -> bool {
        let Some(PathLogic { fetched, .. }) = self.rule.logic.path() else {
            return false;
        };
        fetched.as_ref().is_some_and(|s| s.leg_matches(v, j, Leg::Back))
    }

    /// Whether `leg` of flow `j` may be the hop that reaches a sink: the rule's `into` (for
    /// poisoning, a write or an invocation: a query does not change what it reads).
    fn enters(&mut self, v: &View, j: usize, leg: Leg) -> bool {
        let slot = usize::from(leg == Leg::Back);
        if self.enter[j][slot] == 0 {
            let Some(PathLogic { into, .. }) = self.rule.logic.path() else {
                return false;
            };
            let ok = into.as_ref().is_none_or(|s| s.walkable(v, j, leg));
            self.enter[j][slot] = if ok { 2 } else { 1 };
        }
        self.enter[j][slot] == 2
    }

    /// Walks the data from `s` (along flows, and back along what flows return) up to the rule's hop
    /// limit. Returns one open path per sink reachable unguarded, then one mitigated path per
    /// sink reachable only through guards.
    pub(crate) fn search(&mut self, v: &View, s: usize) -> Vec<FoundPath> {
        let mut out = Vec::new();
        // With `only_through`: the sinks the source reaches without passing such an element,
        // guarded or not, which the rule leaves alone. Walked first: each walk reuses the
        // scratch space the paths are unwound from.
        let held = match self.rule.logic.path() {
            Some(PathLogic {
                only_through_from: Some(from),
                ..
            }) => from.element(v, s),
            _ => true,
        };
        let direct: Vec<usize> = if self.through.is_empty() || !held {
            Vec::new()
        } else {
            let mut d = self.bfs(v, s, false, true).0;
            d.sort_unstable();
            d
        };
        let only_through = |n: &usize| direct.binary_search(n).is_err();
        // Pass 1: stop at guards.
        let (reached, hit_guard) = self.bfs(v, s, true, false);
        let mut open_sinks: Vec<usize> = Vec::new();
        for &n in &reached {
            if self.is_sink(v, n) && !self.guards(v, n) && only_through(&n) {
                open_sinks.push(n);
            }
        }
        open_sinks.sort_unstable();
        // Sinks a set of controls `apart` closes: each control on every way, not on one
        // element. Deciding them walks again, and repeats the first walk for the paths.
        let apart = self.closed_apart(v, s, &open_sinks);
        open_sinks.retain(|t| !apart.iter().any(|(a, _)| a == t));
        if self.last_sink_only {
            // An open sink that sends on to a sink further along, open or a guard itself (a
            // budget on the model covers the agents that call it).
            let mut ends: Vec<usize> = reached
                .iter()
                .copied()
                .filter(|&n| self.is_sink(v, n) && self.guards(v, n))
                .chain(open_sinks.iter().copied())
                .chain(apart.iter().map(|(a, _)| *a))
                .collect();
            ends.sort_unstable();
            ends.dedup();
            let relays = self.relays(v, s, &ends, true);
            open_sinks.retain(|t| !relays.contains(t));
        }
        for &t in &open_sinks {
            out.push(FoundPath {
                path: self.unwind(s, t),
                guards: Vec::new(),
                guard_text: self.text.clone(),
            });
        }
        for &(t, k) in &apart {
            // Named by the first element of the way shown that has each control.
            let path = self.unwind(s, t);
            let mut guards: Vec<(usize, Option<ControlId>)> = Vec::new();
            for a in 0..self.apart.len() {
                let (sk, c) = self.apart[a];
                if sk != k {
                    continue;
                }
                let ctl = self.rule.sets[k].all[c].clone();
                if let Some(at) = path.iter().skip(1).find_map(|&n| self.apart_at(v, a, n)) {
                    guards.push((at, Some(ctl)));
                } else if let Some(on) = self.onward_at.get(&(a, t)) {
                    // Held on every way on from the sink: named where it stands.
                    guards.extend(on.iter().map(|&n| (n, Some(ctl.clone()))));
                }
            }
            out.push(FoundPath {
                path,
                guards,
                guard_text: self.text.clone(),
            });
        }
        if !hit_guard {
            return out;
        }
        // Pass 2: walk through guards to find sinks that are reachable only guarded.
        let (reached, _) = self.bfs(v, s, false, false);
        let mut guarded: Vec<usize> = Vec::new();
        for &n in &reached {
            if self.is_sink(v, n)
                && open_sinks.binary_search(&n).is_err()
                && !apart.iter().any(|(a, _)| *a == n)
                && only_through(&n)
            {
                guarded.push(n);
            }
        }
        guarded.sort_unstable();
        if self.last_sink_only {
            // A guarded sink that sends on to any sink further along, open or guarded, unless
            // it guards itself: a control put on it then shows as closing its own finding.
            let mut all: Vec<usize> = open_sinks.iter().chain(&guarded).copied().collect();
            all.sort_unstable();
            let relays = self.relays(v, s, &all, false);
            let mut kept = Vec::with_capacity(guarded.len());
            for t in guarded {
                if !relays.contains(&t) || self.guards(v, t) {
                    kept.push(t);
                }
            }
            guarded = kept;
        }
        for t in guarded {
            let path = self.unwind(s, t);
            let mut guards: Vec<(usize, Option<ControlId>)> = Vec::new();
            for &n in path.iter().skip(1) {
                // A check the element calls is named, not the element that calls it.
                let at = self.guard_by.get(&n).copied().unwrap_or(n);
                match self.guard_of(v, n) {
                    Guard::No => {}
                    Guard::Element => guards.push((at, None)),
                    Guard::Control(c) => guards.push((at, Some(c))),
                }
            }
            if !guards.is_empty() {
                out.push(FoundPath {
                    path,
                    guards,
                    guard_text: self.text.clone(),
                });
            }
        }
        out
    }

    /// Breadth-first walk; with `stop_at_guards`, guard elements are reached but not passed, and
    /// with `walls` neither are the elements of `only_through`. Returns the reached elements
    /// (not the source) and whether a guard was reached. With `after`, in two stages: the
    /// first finds the elements of `after` the data reaches, and the second walks on from
    /// them (each starting at the hops it took to reach it, so no way is longer than the
    /// limit); only the second stage enters sinks, and a path unwound from it starts with the
    /// first stage's way to the element it passed.
    fn bfs(&mut self, v: &View, s: usize, stop_at_guards: bool, walls: bool) -> (Vec<usize>, bool) {
        if self.after.is_empty() {
            return self.walk(v, s, &[(s, 0)], stop_at_guards, walls);
        }
        let (_, hit_first) = self.walk(v, s, &[(s, 0)], stop_at_guards, walls);
        let seen = std::mem::take(&mut self.visited);
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for &(n, d) in &seen {
            // A guard the first stage stopped at passes nothing on.
            if n != s && self.is_after(v, n) && !(stop_at_guards && self.guards(v, n)) {
                starts.push((n, d));
            }
        }
        self.visited = seen;
        self.prefix.clear();
        for &(n, _) in &starts {
            let way = self.chain(n);
            self.prefix.insert(n, way);
        }
        if starts.is_empty() {
            return (Vec::new(), hit_first);
        }
        let (reached, hit) = self.walk(v, s, &starts, stop_at_guards, walls);
        (reached, hit || hit_first)
    }

    /// One breadth-first walk from `starts` (each with the hop it joins the walk at; sorted by
    /// it), `s` being the rule's source: see [`PathTables::bfs`].
    fn walk(
        &mut self,
        v: &View,
        s: usize,
        starts: &[(usize, usize)],
        stop_at_guards: bool,
        walls: bool,
    ) -> (Vec<usize>, bool) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.generation = 1;
        }
        let generation = self.generation;
        self.visited.clear();
        let mut reached = Vec::new();
        let mut hit_guard = false;
        let mut frontier = Vec::new();
        let mut pending = starts.iter().copied().peekable();
        // One buffer each for the next hop and a node's steps, reused (the walk visits every
        // element reached from each source).
        let mut next = Vec::new();
        let mut steps: Vec<(usize, usize, Leg)> = Vec::new();
        for level in 0..self.max_hops {
            while let Some((l, _)) = pending.next_if(|&(_, d)| d <= level) {
                if self.stamp[l] != generation {
                    self.stamp[l] = generation;
                    self.parent[l] = l as u32;
                    self.visited.push((l, level));
                    frontier.push(l);
                }
            }
            for &n in &frontier {
                if n != s
                    && ((stop_at_guards && self.guards(v, n))
                        || (walls && self.passes(v, n))
                        || self.wall.is_some_and(|a| self.has_apart(v, a, n)))
                {
                    continue;
                }
                steps.clear();
                let mut looked = 1u64;
                for j in v.g.outgoing(n) {
                    looked += 1;
                    if self.follows(v, j, Leg::Forward) {
                        steps.push((v.g.flow_ends[j].1, j, Leg::Forward));
                    }
                }
                for j in v.g.incoming(n) {
                    looked += 1;
                    if self.follows(v, j, Leg::Back) && !(n == s && self.fetched(v, j)) {
                        steps.push((v.g.flow_ends[j].0, j, Leg::Back));
                    }
                }
                // Every flow looked at is a step of the rule's budget: a dense model cannot
                // make one rule walk for minutes.
                if !crate::script::budget::charge(looked, "a path search") {
                    return (reached, hit_guard);
                }
                for &(m, j, leg) in &steps {
                    if self.stamp[m] != generation {
                        self.stamp[m] = generation;
                        self.parent[m] = n as u32;
                        self.visited.push((m, level + 1));
                        hit_guard |= self.guards(v, m);
                        next.push(m);
                    }
                    // The first hop into `m` that may end a path (any hop, without `into`).
                    if m != s && self.sink_stamp[m] != generation && self.enters(v, j, leg) {
                        self.sink_stamp[m] = generation;
                        self.sink_parent[m] = n as u32;
                        reached.push(m);
                    }
                }
            }
            if next.is_empty() && pending.peek().is_none() {
                break;
            }
            std::mem::swap(&mut frontier, &mut next);
            next.clear();
        }
        (reached, hit_guard)
    }

    /// Which of `sinks` (sorted) send the data on, by forward hops through elements the last
    /// walk reached, to a sink in a later strongly connected component: those are relays, and
    /// the finding belongs to where the data ends. Tarjan's algorithm numbers components in
    /// reverse topological order, so whether a sink lies beyond a component is known when the
    /// component closes. Costs one pass over what the walk reached; only elements within the
    /// walk (and so within the hop limit of the source) are looked at, which keeps incremental
    /// re-evaluation (by path source) exact.
    fn relays(&mut self, v: &View, source: usize, sinks: &[usize], stop_at_guards: bool) -> Vec<usize> {
        let n = v.g.len();
        if self.ends.stamp.len() != n {
            self.ends = Ends {
                stamp: vec![0; n],
                index: vec![0; n],
                low: vec![0; n],
                comp: vec![0; n],
                holds: Vec::new(),
                beyond: Vec::new(),
            };
        }
        let generation = self.generation;
        if generation == 1 {
            // The walk's generations wrapped (or this is the first walk).
            self.ends.stamp.iter_mut().for_each(|x| *x = 0);
        }
        self.ends.holds.clear();
        self.ends.beyond.clear();
        let mut counter = 0u32;
        let mut stack: Vec<usize> = Vec::new();
        // (element, its forward successors within the walk, next one to visit)
        let mut call: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        for &root in sinks {
            if self.ends.stamp[root] == generation {
                continue;
            }
            self.open_node(
                v,
                root,
                (source, generation),
                stop_at_guards,
                &mut counter,
                &mut stack,
                &mut call,
            );
            while let Some((node, succ, next)) = call.last_mut() {
                let node = *node;
                if *next < succ.len() {
                    let m = succ[*next];
                    *next += 1;
                    if self.ends.stamp[m] != generation {
                        self.open_node(
                            v,
                            m,
                            (source, generation),
                            stop_at_guards,
                            &mut counter,
                            &mut stack,
                            &mut call,
                        );
                    } else if self.ends.comp[m] == NONE {
                        // On the stack: a back edge.
                        self.ends.low[node] = self.ends.low[node].min(self.ends.index[m]);
                    }
                    continue;
                }
                let (_, succ, _) = call.pop().expect("a frame is on the call stack");
                if let Some((parent, _, _)) = call.last() {
                    let parent = *parent;
                    self.ends.low[parent] = self.ends.low[parent].min(self.ends.low[node]);
                }
                if self.ends.low[node] == self.ends.index[node] {
                    let c = self.ends.holds.len() as u32;
                    let mut members = Vec::new();
                    loop {
                        let w = stack.pop().expect("the component's root is on the stack");
                        self.ends.comp[w] = c;
                        members.push(w);
                        if w == node {
                            break;
                        }
                    }
                    // Every later component this one reaches is closed already.
                    let mut beyond = false;
                    for &w in &members {
                        let others;
                        let outs = if w == node {
                            &succ
                        } else {
                            others = self.successors(v, w, (source, generation), stop_at_guards);
                            &others
                        };
                        beyond |= outs.iter().any(|&m| {
                            let d = self.ends.comp[m];
                            d != c && (self.ends.holds[d as usize] || self.ends.beyond[d as usize])
                        });
                    }
                    self.ends
                        .holds
                        .push(members.iter().any(|w| sinks.binary_search(w).is_ok()));
                    self.ends.beyond.push(beyond);
                }
            }
        }
        sinks
            .iter()
            .copied()
            .filter(|&s| self.ends.beyond[self.ends.comp[s] as usize])
            .collect()
    }

    /// Starts visiting `i` in [`Self::relays`].
    #[allow(clippy::too_many_arguments)]
    fn open_node(
        &mut self,
        v: &View,
        i: usize,
        walk: (usize, u32),
        stop_at_guards: bool,
        counter: &mut u32,
        stack: &mut Vec<usize>,
        call: &mut Vec<(usize, Vec<usize>, usize)>,
    ) {
        self.ends.stamp[i] = walk.1;
        self.ends.index[i] = *counter;
        self.ends.low[i] = *counter;
        self.ends.comp[i] = NONE;
        *counter += 1;
        stack.push(i);
        let succ = self.successors(v, i, walk, stop_at_guards);
        call.push((i, succ, 0));
    }

    /// Where the data goes on from `i` by forward hops the rule follows, among the elements
    /// the last walk `(source, generation)` reached, back to its source aside. A guard passes
    /// nothing on when the walk stopped at guards.
    fn successors(&mut self, v: &View, i: usize, walk: (usize, u32), stop_at_guards: bool) -> Vec<usize> {
        let (source, generation) = walk;
        if stop_at_guards && self.guards(v, i) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for j in v.g.outgoing(i) {
            let m = v.g.flow_ends[j].1;
            if m != source && self.stamp[m] == generation && self.follows(v, j, Leg::Forward) {
                out.push(m);
            }
        }
        out
    }

    /// The path from `s` to `t`, entered by the hop the walk recorded for it.
    /// With `after`, it starts with the first stage's way to the element the second started at.
    fn unwind(&self, s: usize, t: usize) -> Vec<usize> {
        let mut path = vec![t];
        let mut cur = self.sink_parent[t] as usize;
        if cur != t {
            path.push(cur);
        }
        while self.parent[cur] as usize != cur && path.len() <= self.max_hops + 1 {
            let p = self.parent[cur] as usize;
            path.push(p);
            cur = p;
        }
        path.reverse();
        if cur != s
            && let Some(way) = self.prefix.get(&cur)
        {
            let mut whole = way[..way.len() - 1].to_vec();
            whole.extend(path);
            return whole;
        }
        path
    }

    /// The way the last walk took from where it started to `i`, by the elements it reached
    /// each from.
    fn chain(&self, i: usize) -> Vec<usize> {
        let mut way = vec![i];
        let mut cur = i;
        while self.parent[cur] as usize != cur && way.len() <= self.max_hops + 1 {
            cur = self.parent[cur] as usize;
            way.push(cur);
        }
        way.reverse();
        way
    }
}

/// What would guard the path, for the sentence "Nothing after X on this path …": the rule's
/// `guard` and the sets of its controls that may stand on the way, each set whole (a check
/// that needs a second control beside it is named with it; a control that closes the finding
/// only at the source or the sink is not said to guard the way).
fn explain_guard(guard: Option<&Selector>, sets: &[super::closure::ResolvedSet]) -> String {
    let mut parts = Vec::new();
    if let Some(g) = guard {
        let mut what: Vec<String> = g.kinds.iter().map(|k| k.to_string()).collect();
        what.extend(g.traits.iter().map(|t| format!("a {t}")));
        if !what.is_empty() {
            parts.push(format!("is {}", what.join(" or ")));
        }
    }
    let mut names: Vec<String> = Vec::new();
    for s in sets.iter().filter(|s| s.roles.contains(&crate::catalog::Role::Guard)) {
        let mut set = s.all.iter().map(ControlId::as_str).collect::<Vec<_>>().join(" and ");
        if s.apart && s.all.len() > 1 {
            set.push_str(" (each may stand on a different element)");
        }
        if !names.contains(&set) {
            names.push(set);
        }
    }
    if !names.is_empty() {
        parts.push(format!("has {} implemented", names.join(" or ")));
    }
    if parts.is_empty() {
        "guards it".into()
    } else {
        parts.join(" or ")
    }
}

/// The flows element `i` takes in that one of `sels` matches (flow selectors): sent to it, or
/// coming back on one it sends, with the leg; straight, not through relaying hosts, so an edit
/// that changes them is next to `i` and re-walks every source whose walk passes it.
pub(crate) fn taken_in(v: &View, sels: &[super::select::Compiled], i: usize) -> Vec<(usize, Leg)> {
    let into = v.g.incoming(i).map(|j| (j, Leg::Forward));
    let back = v.g.outgoing(i).map(|j| (j, Leg::Back));
    into.chain(back)
        .filter(|&(j, leg)| sels.iter().any(|s| s.walkable(v, j, leg)))
        .collect()
}

/// Content a sender took in and handed on to an element ([`handed_in`]).
pub(crate) struct Handed {
    /// The flow and leg it reaches the element by.
    pub hop: (usize, Leg),
    /// The relaying hosts it passed on the way, from the element outwards.
    pub hosts: Vec<usize>,
    /// The sender that took it in, and the flows it took it in by ([`taken_in`]).
    pub sender: usize,
    pub taken: Vec<(usize, Leg)>,
}

/// What element `i` takes in along `via` (a flow selector: sent to it, or coming back on one
/// it sends) from a sender that takes in, straight, a flow one of `sels` matches: a backend
/// that folds retrieved documents or a fetched page into the prompt it sends its model. Walked
/// back through relaying hosts between them ([`super::relay::relays`], up to
/// [`super::relay::MAX_RELAY_HOPS`] in a row) and through nothing else: what a component that
/// took in nothing from outside sends is its own. What the sender took in from `i` itself or
/// from the hosts in between (`i`'s own answer coming back) does not count. An edit that
/// changes these is next to `i` or behind relaying hosts from a changed element, which
/// re-evaluation counts as near the edit (`behind_gates` in [`super::evaluate`]).
pub(crate) fn handed_in(
    v: &View,
    sels: &[super::select::Compiled],
    via: &super::select::Compiled,
    i: usize,
) -> Vec<Handed> {
    let legs_into = |x: usize| {
        let into = v.g.incoming(x).map(|j| (j, Leg::Forward));
        let back = v.g.outgoing(x).map(|j| (j, Leg::Back));
        into.chain(back)
            .filter(|&(j, leg)| via.walkable(v, j, leg))
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    let mut seen = vec![i];
    // (the hop into `i`, the hosts passed, the element reached)
    let mut frontier: Vec<((usize, Leg), Vec<usize>, usize)> = Vec::new();
    for (j, leg) in legs_into(i) {
        frontier.push(((j, leg), Vec::new(), leg.ends(v.g.flow_ends[j]).0));
    }
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for (hop, hosts, p) in frontier {
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
            let taken: Vec<(usize, Leg)> = taken_in(v, sels, p)
                .into_iter()
                .filter(|&(j, leg)| {
                    let from = leg.ends(v.g.flow_ends[j]).0;
                    from != i && !hosts.contains(&from)
                })
                .collect();
            if !taken.is_empty() {
                out.push(Handed {
                    hop,
                    hosts,
                    sender: p,
                    taken,
                });
            } else if super::relay::relays(v, p) && hosts.len() < super::relay::MAX_RELAY_HOPS {
                for (j, leg) in legs_into(p) {
                    let mut h = hosts.clone();
                    h.push(p);
                    next.push((hop, h, leg.ends(v.g.flow_ends[j]).0));
                }
            }
        }
        frontier = next;
    }
    out
}

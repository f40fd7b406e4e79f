//! Path search: from a source element, which sinks can be reached along flows without passing a
//! guard, and which only through one. Breadth-first, so the path shown is a shortest one.
//!
//! Per rule, the sink and guard tests are computed once for every element ([`PathTables`]);
//! each source then costs one or two bounded walks over flat arrays.

use super::compiled::{CompiledRule, Logic};
use super::evaluate::FoundPath;
use super::select::{Facts as View, Leg};
use crate::catalog::Selector;
use crate::model::ControlId;

/// What a path rule needs to know about the elements and flows its walks visit. Each test is
/// made the first time a walk needs it and remembered for the rest of the evaluation, so a
/// re-evaluation after one edit, which walks from a few sources, never tests the whole model.
pub(crate) struct PathTables<'r> {
    rule: &'r CompiledRule,
    evidence: &'r rustc_hash::FxHashMap<ControlId, super::select::Compiled>,
    /// 0 untested, 1 no, 2 yes.
    sink: Vec<u8>,
    /// `None` untested; `Some(Guard::No)` when the element does not guard.
    /// 0 untested, 1 no, 2 a guard by kind or trait, 3 a guard by the control set in
    /// `guard_control` (one byte per element: the tables are rebuilt after every edit).
    guard: Vec<u8>,
    guard_control: rustc_hash::FxHashMap<usize, ControlId>,
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
    pub(crate) fn new(
        v: &View,
        rule: &'r CompiledRule,
        evidence: &'r rustc_hash::FxHashMap<ControlId, super::select::Compiled>,
    ) -> Option<Self> {
        let Logic::Path {
            guard_text, max_hops, ..
        } = &rule.logic
        else {
            return None;
        };
        let n = v.g.len();
        Some(Self {
            rule,
            evidence,
            sink: vec![0; n],
            guard: vec![0; n],
            guard_control: rustc_hash::FxHashMap::default(),
            follow: vec![[0, 0]; v.g.flow_ids.len()],
            enter: vec![[0, 0]; v.g.flow_ids.len()],
            sink_parent: vec![NONE; n],
            sink_stamp: vec![0; n],
            text: explain_guard(guard_text.as_ref(), &rule.rule.controls),
            max_hops: *max_hops,
            parent: vec![NONE; n],
            stamp: vec![0; n],
            generation: 0,
        })
    }

    fn is_sink(&mut self, v: &View, i: usize) -> bool {
        if self.sink[i] == 0 {
            let Logic::Path { sink, .. } = &self.rule.logic else {
                return false;
            };
            self.sink[i] = if sink.element(v, i) { 2 } else { 1 };
        }
        self.sink[i] == 2
    }

    fn guard_of(&mut self, v: &View, i: usize) -> Guard {
        if self.guard[i] == 0 {
            let Logic::Path { guard, .. } = &self.rule.logic else {
                return Guard::No;
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
            self.guard[i] = if let Some(set) = set {
                self.guard_control.insert(i, set.all[0].clone());
                3
            } else if guard.as_ref().is_some_and(|g| g.element(v, i)) {
                2
            } else {
                1
            };
        }
        match self.guard[i] {
            2 => Guard::Element,
            3 => self.guard_control.get(&i).cloned().map_or(Guard::No, Guard::Control),
            _ => Guard::No,
        }
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
            let Logic::Path { via, .. } = &self.rule.logic else {
                return false;
            };
            let present = leg == Leg::Forward || !v.flows[j].returns.is_empty();
            let ok = present && via.as_ref().is_none_or(|s| s.walkable(v, j, leg));
            self.follow[j][slot] = if ok { 2 } else { 1 };
        }
        self.follow[j][slot] == 2
    }

    /// Whether `leg` of flow `j` may be the hop that reaches a sink: the rule's `into` (for
    /// poisoning, a write or an invocation: a query does not change what it reads).
    fn enters(&mut self, v: &View, j: usize, leg: Leg) -> bool {
        let slot = usize::from(leg == Leg::Back);
        if self.enter[j][slot] == 0 {
            let Logic::Path { into, .. } = &self.rule.logic else {
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
        // Pass 1: stop at guards.
        let (reached, hit_guard) = self.bfs(v, s, true);
        let mut open_sinks: Vec<usize> = Vec::new();
        for &n in &reached {
            if self.is_sink(v, n) && !self.guards(v, n) {
                open_sinks.push(n);
            }
        }
        open_sinks.sort_unstable();
        for &t in &open_sinks {
            out.push(FoundPath {
                path: self.unwind(s, t),
                guards: Vec::new(),
                guard_text: self.text.clone(),
            });
        }
        if !hit_guard {
            return out;
        }
        // Pass 2: walk through guards to find sinks that are reachable only guarded.
        let (reached, _) = self.bfs(v, s, false);
        let mut guarded: Vec<usize> = Vec::new();
        for &n in &reached {
            if self.is_sink(v, n) && open_sinks.binary_search(&n).is_err() {
                guarded.push(n);
            }
        }
        guarded.sort_unstable();
        for t in guarded {
            let path = self.unwind(s, t);
            let mut guards: Vec<(usize, Option<ControlId>)> = Vec::new();
            for &n in path.iter().skip(1) {
                match self.guard_of(v, n) {
                    Guard::No => {}
                    Guard::Element => guards.push((n, None)),
                    Guard::Control(c) => guards.push((n, Some(c))),
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

    /// Breadth-first walk; with `stop_at_guards`, guard elements are reached but not passed.
    /// Returns the reached elements (not the source) and whether a guard was reached.
    fn bfs(&mut self, v: &View, s: usize, stop_at_guards: bool) -> (Vec<usize>, bool) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.generation = 1;
        }
        let generation = self.generation;
        self.stamp[s] = generation;
        self.parent[s] = s as u32;
        let mut reached = Vec::new();
        let mut hit_guard = false;
        let mut frontier = vec![s];
        for _ in 0..self.max_hops {
            let mut next = Vec::new();
            for &n in &frontier {
                if n != s && stop_at_guards && self.guards(v, n) {
                    continue;
                }
                let mut steps: Vec<(usize, usize, Leg)> = Vec::new();
                let mut looked = 1u64;
                for j in v.g.outgoing(n) {
                    looked += 1;
                    if self.follows(v, j, Leg::Forward) {
                        steps.push((v.g.flow_ends[j].1, j, Leg::Forward));
                    }
                }
                for j in v.g.incoming(n) {
                    looked += 1;
                    if self.follows(v, j, Leg::Back) {
                        steps.push((v.g.flow_ends[j].0, j, Leg::Back));
                    }
                }
                // Every flow looked at is a step of the rule's budget: a dense model cannot
                // make one rule walk for minutes.
                if !crate::script::budget::charge(looked, "a path search") {
                    return (reached, hit_guard);
                }
                for (m, j, leg) in steps {
                    if self.stamp[m] != generation {
                        self.stamp[m] = generation;
                        self.parent[m] = n as u32;
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
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        (reached, hit_guard)
    }

    /// The path from `s` to `t`, entered by the hop the walk recorded for it.
    fn unwind(&self, s: usize, t: usize) -> Vec<usize> {
        let mut path = vec![t];
        let mut cur = self.sink_parent[t] as usize;
        if cur != t {
            path.push(cur);
        }
        while cur != s && path.len() <= self.max_hops + 1 {
            let p = self.parent[cur] as usize;
            path.push(p);
            cur = p;
        }
        path.reverse();
        path
    }
}

fn explain_guard(guard: Option<&Selector>, controls: &[ControlId]) -> String {
    let mut parts = Vec::new();
    if let Some(g) = guard {
        let mut what: Vec<String> = g.kinds.iter().map(|k| k.to_string()).collect();
        what.extend(g.traits.iter().map(|t| format!("a {t}")));
        if !what.is_empty() {
            parts.push(format!("is {}", what.join(" or ")));
        }
    }
    if !controls.is_empty() {
        let names: Vec<&str> = controls.iter().map(|c| c.as_str()).collect();
        parts.push(format!("has {} implemented", names.join(" or ")));
    }
    if parts.is_empty() {
        "guards it".into()
    } else {
        parts.join(" or ")
    }
}

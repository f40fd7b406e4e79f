//! Path search: from a source element, which sinks can be reached along flows without passing a
//! guard, and which only through one. Breadth-first, so the path shown is a shortest one.
//!
//! Per rule, the sink and guard tests are computed once for every element ([`PathTables`]);
//! each source then costs one or two bounded walks over flat arrays.

use super::compiled::{CompiledRule, Logic};
use super::evaluate::FoundPath;
use super::select::Facts as View;
use crate::catalog::Selector;
use crate::model::ControlId;

/// What a path rule needs to know about every element, computed once per evaluation.
pub(crate) struct PathTables {
    sink: Vec<bool>,
    /// `Some(control)` when a rule control is implemented, `Some(None)` for a guard element.
    guard: Vec<Option<Option<ControlId>>>,
    follow: Vec<bool>,
    bidi: Vec<bool>,
    text: String,
    max_hops: usize,
    parent: Vec<u32>,
    stamp: Vec<u32>,
    generation: u32,
}

const NONE: u32 = u32::MAX;

impl PathTables {
    /// Tables for `rule` over the view's graph; `None` if the rule is not a path rule.
    pub(crate) fn new(v: &View, rule: &CompiledRule) -> Option<Self> {
        let Logic::Path {
            sink,
            guard,
            guard_text,
            via,
            max_hops,
            ..
        } = &rule.logic
        else {
            return None;
        };
        let n = v.g.len();
        let controls = &rule.rule.controls;
        let guard_tab = (0..n)
            .map(|i| {
                let el = v.els[i];
                if let Some(c) = controls.iter().find(|c| el.has_control(c)) {
                    return Some(Some(c.clone()));
                }
                guard.as_ref().filter(|g| g.element(v, i)).map(|_| None)
            })
            .collect();
        Some(Self {
            sink: (0..n).map(|i| sink.element(v, i)).collect(),
            guard: guard_tab,
            follow: (0..v.g.flow_ids.len())
                .map(|j| via.as_ref().is_none_or(|s| s.flow(v, j)))
                .collect(),
            bidi: v.flows.iter().map(|f| f.bidirectional).collect(),
            text: explain_guard(guard_text.as_ref(), controls),
            max_hops: *max_hops,
            parent: vec![NONE; n],
            stamp: vec![0; n],
            generation: 0,
        })
    }

    /// Walks flows from `s` (forwards; bidirectional flows also backwards) up to the rule's hop
    /// limit. Returns one open path per sink reachable unguarded, then one mitigated path per
    /// sink reachable only through guards.
    pub(crate) fn search(&mut self, v: &View, s: usize) -> Vec<FoundPath> {
        let mut out = Vec::new();
        // Pass 1: stop at guards.
        let (reached, hit_guard) = self.bfs(v, s, true);
        let mut open_sinks: Vec<usize> = reached
            .iter()
            .copied()
            .filter(|&n| self.sink[n] && self.guard[n].is_none())
            .collect();
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
        let mut guarded: Vec<usize> = reached
            .iter()
            .copied()
            .filter(|&n| self.sink[n] && open_sinks.binary_search(&n).is_err())
            .collect();
        guarded.sort_unstable();
        for t in guarded {
            let path = self.unwind(s, t);
            let guards: Vec<(usize, Option<ControlId>)> = path
                .iter()
                .skip(1)
                .filter_map(|&n| self.guard[n].clone().map(|c| (n, c)))
                .collect();
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
                if n != s && stop_at_guards && self.guard[n].is_some() {
                    continue;
                }
                let fwd = v.g.outgoing(n).filter(|&j| self.follow[j]).map(|j| v.g.flow_ends[j].1);
                let back =
                    v.g.incoming(n)
                        .filter(|&j| self.follow[j] && self.bidi[j])
                        .map(|j| v.g.flow_ends[j].0);
                for m in fwd.chain(back) {
                    if self.stamp[m] != generation {
                        self.stamp[m] = generation;
                        self.parent[m] = n as u32;
                        hit_guard |= self.guard[m].is_some();
                        reached.push(m);
                        next.push(m);
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

    fn unwind(&self, s: usize, t: usize) -> Vec<usize> {
        let mut path = vec![t];
        let mut cur = t;
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

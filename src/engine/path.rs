//! Path search: from a source element, which sinks can be reached along flows without passing a
//! guard, and which only through one. Breadth-first, so the path shown is a shortest one.

use super::compiled::{CompiledRule, Logic};
use super::evaluate::{FoundPath, View};
use crate::catalog::Selector;
use crate::model::ControlId;
use std::collections::HashMap;

/// Walks flows from `s` (forwards; bidirectional flows also backwards) up to `max_hops`.
/// Returns one open path per sink reachable unguarded, then one mitigated path per sink
/// reachable only through guards.
pub(crate) fn search_paths(v: &View, rule: &CompiledRule, s: usize) -> Vec<FoundPath> {
    let Logic::Path {
        sink,
        guard,
        guard_text,
        via,
        max_hops,
        ..
    } = &rule.logic
    else {
        return Vec::new();
    };
    let controls = &rule.rule.controls;
    let guard_of = |n: usize| -> Option<Option<ControlId>> {
        let el = v.g.element(n)?;
        if let Some(c) = controls.iter().find(|c| el.has_control(c)) {
            return Some(Some(c.clone()));
        }
        guard.as_ref().filter(|g| g.element(v.g, v.cat, n)).map(|_| None)
    };
    let is_sink = |n: usize| sink.element(v.g, v.cat, n);
    let follow = |j: usize| via.as_ref().is_none_or(|sel| sel.flow(v.g, v.cat, j));

    // Pass 1: stop at guards.
    let open_parents = bfs(v, s, *max_hops, &follow, |n| guard_of(n).is_none());
    let mut out = Vec::new();
    let mut open_sinks: Vec<usize> = open_parents
        .keys()
        .copied()
        .filter(|&n| n != s && guard_of(n).is_none() && is_sink(n))
        .collect();
    open_sinks.sort_unstable();
    let text = explain_guard(guard_text.as_ref(), controls);
    for &t in &open_sinks {
        out.push(FoundPath {
            path: unwind(&open_parents, s, t),
            guards: Vec::new(),
            guard_text: text.clone(),
        });
    }
    // Pass 2: walk through guards to find sinks that are reachable only guarded.
    let all_parents = bfs(v, s, *max_hops, &follow, |_| true);
    let mut guarded: Vec<usize> = all_parents
        .keys()
        .copied()
        .filter(|&n| n != s && is_sink(n) && !open_sinks.contains(&n))
        .collect();
    guarded.sort_unstable();
    for t in guarded {
        let path = unwind(&all_parents, s, t);
        let guards: Vec<(usize, Option<ControlId>)> = path
            .iter()
            .skip(1)
            .filter_map(|&n| guard_of(n).map(|c| (n, c)))
            .collect();
        if guards.is_empty() {
            continue; // a longer unguarded route beyond max_hops; nothing to say
        }
        out.push(FoundPath {
            path,
            guards,
            guard_text: text.clone(),
        });
    }
    out
}

/// Breadth-first search; `expand(n)` says whether to continue through `n`. Returns each
/// reached node's parent (the source maps to itself).
fn bfs(
    v: &View,
    s: usize,
    max_hops: usize,
    follow: &dyn Fn(usize) -> bool,
    expand: impl Fn(usize) -> bool,
) -> HashMap<usize, usize> {
    let mut parent = HashMap::new();
    parent.insert(s, s);
    let mut frontier = vec![s];
    for _ in 0..max_hops {
        let mut next = Vec::new();
        for &n in &frontier {
            if n != s && !expand(n) {
                continue;
            }
            let fwd = v.g.outgoing(n).filter(|&j| follow(j)).map(|j| v.g.flow_ends[j].1);
            let back =
                v.g.incoming(n)
                    .filter(|&j| v.g.flow(j).is_some_and(|f| f.bidirectional) && follow(j))
                    .map(|j| v.g.flow_ends[j].0);
            for m in fwd.chain(back) {
                if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(m) {
                    e.insert(n);
                    next.push(m);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    parent
}

fn unwind(parent: &HashMap<usize, usize>, s: usize, t: usize) -> Vec<usize> {
    let mut path = vec![t];
    let mut cur = t;
    while cur != s {
        match parent.get(&cur) {
            Some(&p) if !path.contains(&p) => {
                path.push(p);
                cur = p;
            }
            _ => break,
        }
    }
    path.reverse();
    path
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

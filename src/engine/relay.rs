//! One finding per threat along a chain of relays (issue 12). An element rule with a `relay`
//! selector (evasion, monitoring of a served model) matches every element of a serving chain —
//! the API, the inference server behind it and the model behind that all take the same outside
//! input — yet the threat is the model's: the elements in front only pass the input on. Where a
//! matched element passes its input on, along flows the selector matches (through elements the
//! rule did not fire on, such as a server that returns no scores), to another element the rule
//! fired on, its finding is left out and the last element's finding names it as a relay (in its
//! elements and its explanation). Two elements whose input reaches each other are both kept; a
//! relay's closed finding is kept where its control is its own to show (one closed only by the
//! controls that close every finding it passes its input on to is not: it is that threat, shown
//! once), and one a person triaged too (a recorded decision stays in view); a closed finding at
//! the end of the chain takes its relays in like an open one: where the model is robust, the
//! API in front has nothing left of its own.
//!
//! An element loaded into another (`runs_in`: a model's weights into its server) is reached only
//! through that host, so the host decides: its finding names the element like a relay, and
//! where the rule does not fire on the host, the loaded element's open finding goes too.
//!
//! An element whose input goes on only to elements the rule is not about (`not_about`: a
//! language model, for a classic model's evasion) has nothing of its own and is left out.
//!
//! A kept finding's fingerprint takes in its relays', so triage given before one joined is
//! stale. Worked out from the rule's list and the current flows; a [`Probe`] keeps what the
//! step asked of which flows and elements, so the next evaluation reuses the result when the
//! rule's list is the same and an edit changed none of those answers (at 10,000 elements
//! working it out again cost about 5 ms of every edit).

use super::compiled::CompiledRule;
use super::finding::{Finding, Status};
use super::select::{Compiled, Facts, Leg};
use crate::model::Model;
use rustc_hash::FxHashMap;
use std::cell::Cell;
use std::sync::Arc;

/// A question a relay step asks of a flow: whether one of a rule's selectors walks it, in
/// which direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    /// `runs_in`, forward: the flow loads its sender into its receiver.
    Hosts,
    /// `relay` or `runs_in`, forward: the sender passes its input on (or is loaded on).
    Sent,
    /// `relay`, forward.
    SentOnward,
    /// `relay`, back: the receiver reads the sender's output with its own input.
    Read,
    /// `inputs`, forward: the flow brings its receiver what the threat is about.
    InputSent,
    /// `inputs`, back.
    InputRead,
    /// `inputs` without what they ask of the sender, forward, from a relaying host: the flow
    /// passes on what its sender got from others.
    InputSentVia,
    /// The same, back.
    InputReadVia,
}

/// Traits of hosts that pass on what they are sent without acting on it themselves (the
/// catalog's descriptions: a gateway routes traffic to the services behind it, a model host
/// fronts a model drawn apart from it, a queue passes each message on to its consumers). An
/// element rule's `inputs` walk back through them to the senders behind, unless the rule's
/// own selector takes the host as an input itself.
const RELAY_TRAITS: [&str; 3] = ["gateway", "model-host", "queue"];

/// Whether element `i` relays what it is sent ([`RELAY_TRAITS`]).
pub(crate) fn relays(facts: &Facts<'_>, i: usize) -> bool {
    facts.kind(i).is_some_and(kind_relays)
}

/// Whether elements of kind `k` relay what they are sent ([`RELAY_TRAITS`]).
pub(crate) fn kind_relays(k: &crate::catalog::ComponentKind) -> bool {
    RELAY_TRAITS.iter().any(|t| k.has_trait(t))
}

impl Ask {
    const ALL: [Ask; 8] = [
        Ask::Hosts,
        Ask::Sent,
        Ask::SentOnward,
        Ask::Read,
        Ask::InputSent,
        Ask::InputRead,
        Ask::InputSentVia,
        Ask::InputReadVia,
    ];

    fn answer(self, rule: &CompiledRule, facts: &Facts<'_>, j: usize) -> bool {
        let (sets, leg): ([&[Compiled]; 2], Leg) = match self {
            Ask::Hosts => ([&rule.runs_in, &[]], Leg::Forward),
            Ask::Sent => ([&rule.relay, &rule.runs_in], Leg::Forward),
            Ask::SentOnward => ([&rule.relay, &[]], Leg::Forward),
            Ask::Read => ([&rule.relay, &[]], Leg::Back),
            Ask::InputSent => ([&rule.inputs, &[]], Leg::Forward),
            Ask::InputRead => ([&rule.inputs, &[]], Leg::Back),
            Ask::InputSentVia | Ask::InputReadVia => {
                let leg = if self == Ask::InputSentVia {
                    Leg::Forward
                } else {
                    Leg::Back
                };
                let (sender, _) = leg.ends(facts.g.flow_ends[j]);
                return relays(facts, sender) && rule.inputs_via.iter().any(|r| r.walkable(facts, j, leg));
            }
        };
        sets.iter().flat_map(|s| s.iter()).any(|r| r.walkable(facts, j, leg))
    }

    /// Bits of a flow's record: asked, and the answer.
    fn bits(self) -> (u16, u16) {
        let at = 2 * self as u16;
        (1 << at, 1 << (at + 1))
    }
}

/// A relay step's questions to the flows and elements of one evaluation, each answered once
/// and recorded with its answer.
pub(crate) struct Probe<'p, 'f> {
    rule: &'p CompiledRule,
    facts: &'p Facts<'f>,
    flows: Vec<Cell<u16>>,
    elements: Vec<Cell<u8>>,
}

/// What a relay step asked, with the answers (see [`Probe`]).
#[derive(Debug, Default)]
pub(crate) struct Asked {
    flows: Vec<u16>,
    elements: Vec<u8>,
}

impl<'p, 'f> Probe<'p, 'f> {
    pub(crate) fn new(rule: &'p CompiledRule, facts: &'p Facts<'f>) -> Self {
        Self {
            rule,
            facts,
            flows: vec![Cell::new(0); facts.flows.len()],
            elements: vec![Cell::new(0); facts.els.len()],
        }
    }

    fn flow(&self, ask: Ask, j: usize) -> bool {
        let (asked, yes) = ask.bits();
        let Some(cell) = self.flows.get(j) else {
            return ask.answer(self.rule, self.facts, j);
        };
        let v = cell.get();
        if v & asked != 0 {
            return v & yes != 0;
        }
        let a = ask.answer(self.rule, self.facts, j);
        cell.set(v | asked | if a { yes } else { 0 });
        a
    }

    /// Whether the threat is not about element `i` (the rule's `not_about`).
    fn not_about(&self, i: usize) -> bool {
        let answer = || self.rule.not_about.iter().any(|s| s.element(self.facts, i));
        let Some(cell) = self.elements.get(i) else {
            return answer();
        };
        match cell.get() {
            0 => {
                let a = answer();
                cell.set(if a { 3 } else { 1 });
                a
            }
            v => v == 3,
        }
    }

    pub(crate) fn finish(self) -> Asked {
        Asked {
            flows: self.flows.into_iter().map(Cell::into_inner).collect(),
            elements: self.elements.into_iter().map(Cell::into_inner).collect(),
        }
    }
}

impl Asked {
    /// Whether every question asked of `flows` and `elements` (those an edit touched; the
    /// graph's structure unchanged) has the same answer in `facts`: the step's result holds.
    pub(crate) fn holds(&self, rule: &CompiledRule, facts: &Facts<'_>, flows: &[usize], elements: &[usize]) -> bool {
        let flows_hold = flows.iter().all(|&j| {
            let v = self.flows.get(j).copied().unwrap_or(0);
            Ask::ALL.iter().all(|&ask| {
                let (asked, yes) = ask.bits();
                v & asked == 0 || ask.answer(rule, facts, j) == (v & yes != 0)
            })
        });
        flows_hold
            && elements
                .iter()
                .all(|&i| match self.elements.get(i).copied().unwrap_or(0) {
                    0 => true,
                    v => rule.not_about.iter().any(|s| s.element(facts, i)) == (v == 3),
                })
    }
}

/// `list` (one rule's findings, one per anchor) with relays left out and named by the findings
/// they relay to; `probe` asks the rule's [`Rule::relay`], [`Rule::runs_in`] and `not_about`
/// selectors; `quote` names an element in explanations; `prev` is the last result.
///
/// [`Rule::relay`]: crate::catalog::Rule::relay
/// [`Rule::runs_in`]: crate::catalog::Rule::runs_in
pub(crate) fn last_in_chain(
    list: &Arc<Vec<Arc<Finding>>>,
    probe: &Probe<'_, '_>,
    model: &Model,
    quote: impl Fn(usize) -> String,
    prev: Option<&Arc<Vec<Arc<Finding>>>>,
) -> Arc<Vec<Arc<Finding>>> {
    let g = probe.facts.g;
    let (runs_in, not_about) = (&probe.rule.runs_in, &probe.rule.not_about);
    let fired = by_anchor(list, g);
    // An element loaded into hosts the rule does not fire on is decided there: nothing reaches
    // it but through them. Its finding goes (unless closed or triaged: a recorded decision
    // stays in view), before relays are worked out, so an API in front keeps its own.
    let hosts = |i: usize| {
        g.outgoing(i)
            .filter(move |&j| probe.flow(Ask::Hosts, j))
            .map(move |j| g.flow_ends[j].1)
            .filter(move |&h| h != i)
    };
    let decided_elsewhere = |i: usize, k: usize| {
        let f = &list[k];
        !runs_in.is_empty()
            && f.status == Status::Open
            && !model.triage.contains_key(&f.id)
            && hosts(i).next().is_some()
            && hosts(i).all(|h| !fired.contains_key(&h))
    };
    // An element whose input goes on only to elements the threat is not about (an API in front
    // of a language model, for a classic model's evasion) has nothing of its own.
    let about_another = |i: usize, k: usize| {
        let f = &list[k];
        if not_about.is_empty() || f.status != Status::Open || model.triage.contains_key(&f.id) {
            return false;
        }
        let mut next = handed_on(probe, false, i).peekable();
        next.peek().is_some() && next.all(|b| probe.not_about(b))
    };
    let gone: Vec<bool> = {
        let mut gone = vec![false; list.len()];
        for (&i, &k) in &fired {
            gone[k] = decided_elsewhere(i, k) || about_another(i, k);
        }
        gone
    };
    // The rule's findings by anchor element, those decided elsewhere left out.
    let filtered = gone.contains(&true);
    let (list, at) = if filtered {
        let kept: Vec<Arc<Finding>> = list
            .iter()
            .zip(&gone)
            .filter(|(_, g)| !**g)
            .map(|(f, _)| f.clone())
            .collect();
        let at = by_anchor(&kept, g);
        (Arc::new(kept), at)
    } else {
        (list.clone(), fired)
    };
    if at.len() < 2 {
        return if filtered {
            reuse(prev, Arc::unwrap_or_clone(list))
        } else {
            list
        };
    }
    let list = &list;
    // Relays, and the hosts an element is loaded into, pass its input on.
    let passes = |i: usize| handed_on(probe, true, i);
    // Per anchor, the first elements the rule fired on that its input reaches along relay
    // flows, passing through elements the rule did not fire on (a server that returns no
    // scores between a scoring API and its model).
    let reach = |i: usize| {
        let mut found = Vec::new();
        let mut seen: rustc_hash::FxHashSet<usize> = std::iter::once(i).collect();
        let mut stack: Vec<usize> = passes(i).collect();
        while let Some(b) = stack.pop() {
            if !seen.insert(b) {
                continue;
            }
            if at.contains_key(&b) {
                found.push(b);
            } else {
                stack.extend(passes(b));
            }
        }
        found
    };
    let reached: FxHashMap<usize, Vec<usize>> = at.keys().map(|&i| (i, reach(i))).collect();
    // Per finding, the findings it passes its input on to (not those passing back to it).
    let mut next_of: Vec<Vec<usize>> = vec![Vec::new(); list.len()];
    // A relay closed by nothing of its own: every finding it passes its input on to is closed
    // too, by the same controls on the same elements (the pinning at the sandbox that runs
    // the code closes the hand-over to the agent and the agent's hand-over to the sandbox).
    // It is one closed threat, shown once, as an open chain is.
    let closed_alike = |i: usize, k: usize| {
        let f = &list[k];
        f.status == Status::Mitigated
            && reached[&i].iter().all(|b| {
                at.get(b).is_some_and(|&n| {
                    let e = &list[n];
                    e.status == Status::Mitigated
                        && !model.triage.contains_key(&e.id)
                        && f.mitigated_by.iter().all(|m| e.mitigated_by.contains(m))
                })
            })
    };
    for (&i, &k) in &at {
        if model.triage.contains_key(&list[k].id) || !(list[k].status == Status::Open || closed_alike(i, k)) {
            continue;
        }
        for b in &reached[&i] {
            let back = reached.get(b).is_some_and(|r| r.contains(&i));
            if let Some(&n) = at.get(b)
                && !back
                && !next_of[k].contains(&n)
            {
                next_of[k].push(n);
            }
        }
    }
    // Per kept finding, the relays in front of it; per relay, whether its input reaches one
    // (inputs that only go round a cycle of relays reach none, and those findings stay).
    let mut relays: Vec<Vec<usize>> = vec![Vec::new(); list.len()];
    let mut reaches = vec![false; list.len()];
    for k in 0..list.len() {
        if next_of[k].is_empty() {
            continue;
        }
        // Every finding this relay's input reaches in the end (a relay may pass through
        // other relays first).
        let mut seen = vec![false; list.len()];
        let mut stack = next_of[k].clone();
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut seen[n], true) {
                continue;
            }
            if next_of[n].is_empty() {
                relays[n].push(k);
                reaches[k] = true;
            } else {
                stack.extend(&next_of[n]);
            }
        }
    }
    let out: Vec<Arc<Finding>> = (0..list.len())
        .filter(|&k| !reaches[k])
        .map(|k| {
            if relays[k].is_empty() {
                return list[k].clone();
            }
            let others: Vec<&Finding> = relays[k].iter().map(|&r| &*list[r]).collect();
            stand_for(&list[k], &others, g, &quote, "It stands for what hands this on to it")
        })
        .collect();
    reuse(prev, out)
}

/// Where element `i` hands what arrives on: along the flows it sends that `relay` (or, with
/// `loaded`, `runs_in`) match, and back over flows into it that `relay` matches (others read
/// it with them).
fn handed_on<'a>(probe: &'a Probe<'_, '_>, loaded: bool, i: usize) -> impl Iterator<Item = usize> + 'a {
    let g = probe.facts.g;
    let onward = if loaded { Ask::Sent } else { Ask::SentOnward };
    let sent = g
        .outgoing(i)
        .filter(move |&j| probe.flow(onward, j))
        .map(move |j| g.flow_ends[j].1);
    let read = g
        .incoming(i)
        .filter(move |&j| probe.flow(Ask::Read, j))
        .map(move |j| g.flow_ends[j].0);
    sent.chain(read).filter(move |&b| b != i)
}

/// Each finding's index in `list` by its anchor element's index in `g`.
fn by_anchor(list: &[Arc<Finding>], g: &crate::model::ModelGraph) -> FxHashMap<usize, usize> {
    list.iter()
        .enumerate()
        .filter_map(|(k, f)| g.index_of(&f.anchor).map(|i| (i, k)))
        .collect()
}

/// `f` standing for `others` of its rule that are left out: their elements join its own, its
/// why names them after `lead`, and its fingerprint takes in theirs (triage given before one
/// joined, or left, no longer holds as it was given).
fn stand_for(
    f: &Arc<Finding>,
    others: &[&Finding],
    g: &crate::model::ModelGraph,
    quote: &impl Fn(usize) -> String,
    lead: &str,
) -> Arc<Finding> {
    let joined: Vec<(&crate::model::ElementId, &str)> =
        others.iter().map(|o| (&o.anchor, o.fingerprint.as_str())).collect();
    join(f, &joined, g, quote, lead)
}

/// `f` with `joined` elements (each with what its fingerprint takes in for it) added to its
/// elements, named in its why after `lead`, and taken into its fingerprint.
fn join(
    f: &Arc<Finding>,
    joined: &[(&crate::model::ElementId, &str)],
    g: &crate::model::ModelGraph,
    quote: &impl Fn(usize) -> String,
    lead: &str,
) -> Arc<Finding> {
    let mut f = f.clone();
    let m = Arc::make_mut(&mut f);
    let mut h = super::finding::Fnv::default();
    h.str(&m.fingerprint);
    let mut names = Vec::new();
    for (id, fp) in joined {
        if !m.elements.contains(id) {
            m.elements.push((*id).clone());
        }
        h.str(fp);
        if let Some(i) = g.index_of(id) {
            names.push(quote(i));
        }
    }
    names.sort();
    m.fingerprint = format!("{:016x}", h.finish());
    m.why.push_str(&format!(" {lead}: {}.", names.join(", ")));
    f
}

/// `list` with each finding naming what its anchor takes in along `inputs` flows ([`Rule::inputs`]):
/// the senders (and what it reads back over flows it sends) join its elements, its why names
/// them, and its fingerprint takes them in, so triage given before an input joined is stale.
///
/// [`Rule::inputs`]: crate::catalog::Rule::inputs
pub(crate) fn name_inputs(
    list: &Arc<Vec<Arc<Finding>>>,
    probe: &Probe<'_, '_>,
    quote: impl Fn(usize) -> String,
    prev: Option<&Arc<Vec<Arc<Finding>>>>,
) -> Arc<Vec<Arc<Finding>>> {
    let g = probe.facts.g;
    let mut changed = false;
    let out: Vec<Arc<Finding>> = list
        .iter()
        .map(|f| {
            let Some(i) = g.index_of(&f.anchor) else {
                return f.clone();
            };
            // Senders along input flows; behind a relaying host the rule does not take as an
            // input itself (a gateway or model server in front of the model), the senders
            // that host passes on from, as far as relaying hosts go. What a host reads back
            // from the services it calls is their answer, not something it passes on to this
            // one: behind a host only what is sent to it counts.
            let from = through_relays(
                i,
                |x| {
                    let sent = g.incoming(x).map(|j| (j, g.flow_ends[j].0, true));
                    let read = g.outgoing(x).filter(|_| x == i).map(|j| (j, g.flow_ends[j].1, false));
                    sent.chain(read).collect::<Vec<_>>()
                },
                |j, sent| probe.flow(if sent { Ask::InputSent } else { Ask::InputRead }, j),
                |j, sent| {
                    if probe.flow(if sent { Ask::InputSentVia } else { Ask::InputReadVia }, j) {
                        Pass::Host
                    } else {
                        Pass::No
                    }
                },
            );
            if from.is_empty() {
                return f.clone();
            }
            changed = true;
            let joined: Vec<(&crate::model::ElementId, &str)> = from
                .iter()
                .map(|&b| (&g.element_ids[b], g.element_ids[b].as_str()))
                .collect();
            join(f, &joined, g, &quote, "What it takes in comes from")
        })
        .collect();
    if !changed {
        return list.clone();
    }
    reuse(prev, out)
}

/// How a walk passes an element it does not stop at ([`through_relays`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    /// It does not: the walk ends there.
    No,
    /// A relaying host (a gateway, a model server, a queue, or what a flow walk names with
    /// it): up to [`MAX_RELAY_HOPS`] in a row.
    Host,
    /// An element a rule walks through for what it in turn hands on (`hands_through`: the
    /// model an agent calls): up to [`MAX_RELAY_HOPS`] of them on the way, each starting a new
    /// row of hosts, so the hosts in front of the agent's model do not use up those behind it.
    Through,
}

/// The elements found from `i` along the flows `edges` gives for each element (the flow, its
/// other end, a tag for the two tests), walking through relaying hosts: an end `named` takes
/// is found; one it does not take but `via` passes ([`Pass`]) is walked through to the flows
/// it has in turn, up to [`MAX_RELAY_HOPS`] hosts in a row and as many `Pass::Through`
/// elements. Sorted, once each, never `i`. `inputs` walk back to senders this way; `hands_to`
/// and `hands_back` forward to receivers and back to callers.
pub(crate) fn through_relays<T: Copy, E: IntoIterator<Item = (usize, usize, T)>>(
    i: usize,
    mut edges: impl FnMut(usize) -> E,
    mut named: impl FnMut(usize, T) -> bool,
    mut via: impl FnMut(usize, T) -> Pass,
) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    let mut seen: Vec<usize> = vec![i];
    // Each element to walk on from, with the hosts in a row before it and the `Through`
    // elements on its way.
    let mut frontier: Vec<(usize, usize, usize)> = vec![(i, 0, 0)];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for &(x, hosts, throughs) in &frontier {
            for (j, b, tag) in edges(x) {
                if b == i {
                    continue;
                }
                if named(j, tag) {
                    found.push(b);
                    continue;
                }
                if seen.contains(&b) {
                    continue;
                }
                let step = match via(j, tag) {
                    Pass::Host if hosts < MAX_RELAY_HOPS => (b, hosts + 1, throughs),
                    Pass::Through if throughs < MAX_RELAY_HOPS => (b, 0, throughs + 1),
                    _ => continue,
                };
                seen.push(b);
                next.push(step);
            }
        }
        frontier = next;
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Elements whose walk through relaying hosts and the elements `through` names can reach one
/// of `near` (their neighbours, through such elements, counted as [`through_relays`] counts
/// them): the anchors whose `hands_to` / `hands_back` walk, or whose selector's flow walks,
/// can reach something that changed.
pub(crate) fn around_relays(facts: &Facts<'_>, near: &[usize], through: &[Compiled]) -> Vec<usize> {
    let g = facts.g;
    let pass = |x: usize| {
        if relays(facts, x) {
            Pass::Host
        } else if through.iter().any(|s| s.element(facts, x)) {
            Pass::Through
        } else {
            Pass::No
        }
    };
    let mut seen: Vec<usize> = near.to_vec();
    let mut out = Vec::new();
    let start = |x: usize| match pass(x) {
        Pass::Host => Some((x, 1, 0)),
        Pass::Through => Some((x, 0, 1)),
        Pass::No => None,
    };
    let mut frontier: Vec<(usize, usize, usize)> = near.iter().filter_map(|&x| start(x)).collect();
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for &(x, hosts, throughs) in &frontier {
            let ends = g
                .incoming(x)
                .map(|j| g.flow_ends[j].0)
                .chain(g.outgoing(x).map(|j| g.flow_ends[j].1));
            for y in ends {
                if !seen.contains(&y) {
                    seen.push(y);
                    out.push(y);
                    match pass(y) {
                        Pass::Host if hosts < MAX_RELAY_HOPS => next.push((y, hosts + 1, throughs)),
                        Pass::Through if throughs < MAX_RELAY_HOPS => next.push((y, 0, throughs + 1)),
                        _ => {}
                    }
                }
            }
        }
        frontier = next;
    }
    out
}

/// How many relaying hosts in a row `inputs` walk back through (an API gateway in front of a
/// model server in front of the model is two).
pub(crate) const MAX_RELAY_HOPS: usize = 4;

/// `out`, or the previous list when it holds the same findings (so nothing downstream is
/// redone).
fn reuse(prev: Option<&Arc<Vec<Arc<Finding>>>>, out: Vec<Arc<Finding>>) -> Arc<Vec<Arc<Finding>>> {
    match prev {
        Some(p) if p.len() == out.len() && p.iter().zip(&out).all(|(a, b)| Arc::ptr_eq(a, b) || a == b) => p.clone(),
        _ => Arc::new(out),
    }
}

/// `list` (a path rule's findings, one per sink) without the sinks that every path reaches
/// only through another sink of the rule (`PathSpec::first_sink_only`); each sink in front
/// names the ones it stands for (elements, why, fingerprint). A finding a person triaged is
/// kept, and so is one closed by the drawing unless the sinks in front are all closed so
/// too. `prev` is the last result.
pub(crate) fn first_sinks(
    list: &Arc<Vec<Arc<Finding>>>,
    fronts: &[crate::model::KindId],
    g: &crate::model::ModelGraph,
    model: &Model,
    quote: impl Fn(usize) -> String,
    prev: Option<&Arc<Vec<Arc<Finding>>>>,
) -> Arc<Vec<Arc<Finding>>> {
    if list.len() < 2 {
        return list.clone();
    }
    // Sinks that may stand for those behind them: all, or those of the rule's front kinds.
    let at: FxHashMap<&crate::model::ElementId, usize> = list
        .iter()
        .enumerate()
        .filter(|(_, f)| fronts.is_empty() || model.elements.get(&f.anchor).is_some_and(|e| fronts.contains(&e.kind)))
        .map(|(k, f)| (&f.anchor, k))
        .collect();
    // Per sink whose every path passes another sink: those sinks in front of it.
    let mut front: Vec<Vec<usize>> = vec![Vec::new(); list.len()];
    let mut hidden = vec![false; list.len()];
    // A finding is left out only behind sinks whose findings have its status: the one in
    // front then stands for it (a worker closed by the check before it and the audit trail of
    // the record it writes speaks for that record; an open one for the open ones behind it).
    // An open finding behind a closed sink stays: some way into it (the worker's own model
    // call, written straight into the record) is not the checked way the sink in front was
    // closed on. A closed one behind an open sink stays too.
    let closed = |f: &Finding| f.status == Status::Mitigated && !model.triage.contains_key(&f.id);
    for (k, f) in list.iter().enumerate() {
        if model.triage.contains_key(&f.id) || !(f.status == Status::Open || closed(f)) {
            continue;
        }
        let paths: Vec<&[crate::model::ElementId]> = if f.members.is_empty() {
            vec![f.path.as_slice()]
        } else {
            f.members.iter().map(|m| m.path.as_slice()).collect()
        };
        let mut ahead = Vec::new();
        let all_pass = !paths.is_empty()
            && paths.iter().all(|p| {
                let inner = p.get(1..p.len().saturating_sub(1)).unwrap_or(&[]);
                let before = ahead.len();
                ahead.extend(inner.iter().filter_map(|e| at.get(e).copied()).filter(|&n| n != k));
                ahead.len() > before
            });
        let alike = if f.status == Status::Open {
            ahead.iter().all(|&n| list[n].status == Status::Open)
        } else {
            ahead.iter().all(|&n| closed(&list[n]))
        };
        if all_pass && alike {
            ahead.sort_unstable();
            ahead.dedup();
            front[k] = ahead;
            hidden[k] = true;
        }
    }
    // A sink stays when everything in front of it is left out too (sinks that only reach each
    // other through each other), so some sink on every path is always reported.
    loop {
        let back: Vec<usize> = (0..list.len())
            .filter(|&k| hidden[k] && front[k].iter().all(|&n| hidden[n]))
            .collect();
        if back.is_empty() {
            break;
        }
        for k in back {
            hidden[k] = false;
        }
    }
    let mut behind: Vec<Vec<usize>> = vec![Vec::new(); list.len()];
    for k in (0..list.len()).filter(|&k| hidden[k]) {
        for &n in &front[k] {
            behind[n].push(k);
        }
    }
    let out: Vec<Arc<Finding>> = (0..list.len())
        .filter(|&k| !hidden[k])
        .map(|k| {
            let stands_for: Vec<usize> = behind[k].iter().copied().filter(|&b| hidden[b]).collect();
            if stands_for.is_empty() {
                return list[k].clone();
            }
            let others: Vec<&Finding> = stands_for.iter().map(|&b| &*list[b]).collect();
            stand_for(
                &list[k],
                &others,
                g,
                &quote,
                "It stands for what it passes the same text on to",
            )
        })
        .collect();
    reuse(prev, out)
}

#[cfg(test)]
mod tests {
    use super::{MAX_RELAY_HOPS, Pass, through_relays};

    /// Walks a chain 0 → 1 → … → `kinds.len()`: element `k + 1` passes as `kinds[k]` says,
    /// and the last one is the receiver the walk looks for.
    fn found_at_end(kinds: &[Pass]) -> bool {
        let end = kinds.len() + 1;
        let found = through_relays(
            0,
            |x: usize| (x < end).then_some((x, x + 1, ())),
            |j, ()| j + 1 == end,
            |j, ()| kinds.get(j).copied().unwrap_or(Pass::No),
        );
        found == [end]
    }

    #[test]
    fn hosts_count_in_a_row_and_elements_walked_through_have_their_own_budget() {
        use Pass::{Host, No, Through};
        // Up to four hosts in a row, as documented; a fifth stops the walk.
        assert!(found_at_end(&[Host; MAX_RELAY_HOPS]));
        assert!(!found_at_end(&[Host; MAX_RELAY_HOPS + 1]));
        assert!(!found_at_end(&[Host, No, Host]));
        // Three hosts in front of the agent's model leave four behind it (counter-examples y04
        // and y04c: the model used up the budget).
        assert!(found_at_end(&[Host, Host, Host, Through, Host, Host, Host, Host]));
        assert!(!found_at_end(&[
            Host, Host, Host, Through, Host, Host, Host, Host, Host
        ]));
        // Elements walked through are bounded too.
        assert!(found_at_end(&[Through; MAX_RELAY_HOPS]));
        assert!(!found_at_end(&[Through; MAX_RELAY_HOPS + 1]));
    }
}

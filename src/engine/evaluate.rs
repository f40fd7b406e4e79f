//! Evaluation: runs every rule over a model and produces findings with their status, why and
//! missing controls. Results are grouped by origin (rule × element, flow or path source) so an
//! edit re-evaluates only the origins it touched.

use super::changes::Changes;
use super::closure::{Closer, Places};
use super::compiled::{CompiledRule, Logic, PathLogic, compile_all};
use super::condition::{Condition, eval_rhai};
use super::finding::{Finding, Fnv, Mitigation, Status};
use super::path::PathTables;
use super::relay::Pass;
use super::select::{Compiled, Facts, FlowMatch, Leg, Numbers, Reuse, Tables};
use crate::catalog::Catalog;
use crate::model::{ControlId, Date, ElementId, FindingId, FlowFact, FlowId, Model, ModelGraph, PropKey, RuleId};
use crate::script::native::Candidate;
use crate::script::{Ctx, Limits, ModelRef, RuleError, budget, new_engine, take_emitted};
use rhai::{Dynamic, Engine as Rhai, Scope as RhaiScope};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What produced a group of a rule's findings; the unit of incremental re-evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Origin {
    Element(ElementId),
    Flow(FlowId),
    Path(ElementId),
    Global,
}

/// One rule's results, kept for the next incremental run. A rule an edit cannot affect is
/// carried over whole, by reference; an affected one is patched: the findings of the origins
/// the edit touched are cut out of the sorted list and their new findings merged in.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleState {
    /// Findings sorted by (id, flow); parallel flows can give two findings one id.
    sorted: Arc<Vec<Arc<Finding>>>,
    errors: BTreeMap<Origin, RuleError>,
    /// For scripts and model conditions: the content they and their findings read, so an edit
    /// elsewhere can reuse their results.
    reads: Option<Arc<Looked>>,
    /// The rule ran out of budget: its results are partial, so the next run redoes it whole.
    overrun: bool,
    /// Flows where everything the rule needs holds but a fact nobody answered: open questions.
    questions: Arc<Vec<(FlowId, FlowFact)>>,
    /// One finding per anchor gathered from `sorted`, by id.
    aggregated: Arc<Vec<Arc<Finding>>>,
}

/// What a script or model condition read, kept for the next incremental run.
#[derive(Debug, Default)]
pub(crate) struct Looked {
    /// What the script or condition itself read.
    own: crate::script::Reads,
    /// What its findings' status and fingerprints read: their elements and flow, and what a
    /// control can be evidenced by or gated through (the flows at those elements and the
    /// elements at their other ends).
    findings: crate::script::Reads,
    /// What a script reported. An edit that changed nothing the script read, only what its
    /// findings' status reads (a control on a finding's element), makes these into findings
    /// again instead of running the script: at 10,000 elements a script run costs 2–15 ms.
    emitted: Option<Arc<Vec<crate::script::Emitted>>>,
}

/// Two runs of one rule found the same (findings, errors, questions and completeness).
fn same_results(a: &RuleState, b: &RuleState) -> bool {
    let same_list = |x: &Arc<Vec<Arc<Finding>>>, y: &Arc<Vec<Arc<Finding>>>| {
        Arc::ptr_eq(x, y) || (x.len() == y.len() && x.iter().zip(y.iter()).all(|(f, g)| Arc::ptr_eq(f, g) || f == g))
    };
    a.overrun == b.overrun
        && same_list(&a.sorted, &b.sorted)
        && a.errors == b.errors
        && (Arc::ptr_eq(&a.questions, &b.questions) || a.questions == b.questions)
}

/// The order findings are kept in.
fn by_id(a: &Arc<Finding>, b: &Arc<Finding>) -> std::cmp::Ordering {
    a.id.cmp(&b.id).then_with(|| a.flow.cmp(&b.flow))
}

/// Merges two lists sorted by [`by_id`].
fn merge_sorted(a: Vec<Arc<Finding>>, b: Vec<Arc<Finding>>) -> Vec<Arc<Finding>> {
    if b.is_empty() {
        return a;
    }
    // A few findings into a long list (an edit's): placed by binary search, the rest moved in
    // runs, instead of comparing every id of the long list.
    if b.len() * 16 < a.len() {
        let mut out = Vec::with_capacity(a.len() + b.len());
        let mut rest = a.into_iter();
        for y in b {
            let at = rest.as_slice().partition_point(|x| by_id(x, &y).is_le());
            out.extend(rest.by_ref().take(at));
            out.push(y);
        }
        out.extend(rest);
        return out;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let next = if by_id(x, y).is_le() { a.next() } else { b.next() };
        out.extend(next);
    }
    out.extend(a);
    out.extend(b);
    out
}

/// Where in a rule's sorted findings an element or path origin's findings sit: element
/// findings are `RULE@element`, path findings `RULE@source@sink`. `None` for flow and model
/// origins, whose findings are found by scanning.
fn origin_range(sorted: &[Arc<Finding>], rule: &str, origin: &Origin) -> Option<std::ops::Range<usize>> {
    match origin {
        Origin::Element(e) => {
            let key = [rule, e.as_str()].join("@");
            let lo = sorted.partition_point(|f| f.id.as_str() < key.as_str());
            let hi = sorted.partition_point(|f| f.id.as_str() <= key.as_str());
            Some(lo..hi)
        }
        Origin::Path(s) => {
            let prefix = [rule, "@", s.as_str(), "@"].concat();
            let lo = sorted.partition_point(|f| f.id.as_str() < prefix.as_str());
            let len = sorted[lo..]
                .iter()
                .take_while(|f| f.id.as_str().starts_with(&prefix))
                .count();
            Some(lo..lo + len)
        }
        Origin::Flow(_) | Origin::Global => None,
    }
}

/// An open question: a fact of a flow nobody answered that a rule needs. Answering it either
/// raises the rule's finding or settles it; either way it is not a finding yet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Question {
    /// The fact.
    pub fact: FlowFact,
    /// The flow it is about.
    pub flow: FlowId,
    /// The rules that need it.
    pub rules: Vec<RuleId>,
    /// Whether the flow crosses a trust boundary (where the answer matters most).
    pub crosses_boundary: bool,
}

/// The result of evaluating a model.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The document revision this was computed for.
    pub revision: u64,
    /// Findings sorted by id, triage applied.
    pub findings: Vec<Arc<Finding>>,
    /// Open questions, by fact then flow.
    pub questions: Vec<Question>,
    /// Rule errors: compile errors and errors while running, each with file:line.
    pub errors: Vec<RuleError>,
    /// How long it took.
    pub elapsed: Duration,
    /// The [`Engine::id`] that computed it: after a rule reload, results of the old engine
    /// can be told from the new one's for the same revision.
    pub engine: u64,
    pub(crate) state: Arc<State>,
}

impl Evaluation {
    /// Findings on an element (as anchor).
    pub fn on_element<'a>(&'a self, id: &'a ElementId) -> impl Iterator<Item = &'a Arc<Finding>> + 'a {
        self.findings.iter().filter(move |f| &f.anchor == id)
    }

    /// A finding by id.
    pub fn get(&self, id: &FindingId) -> Option<&Arc<Finding>> {
        self.findings
            .binary_search_by(|f| f.id.cmp(id))
            .ok()
            .and_then(|i| self.findings.get(i))
    }
}

/// What incremental evaluation keeps from the previous run.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) graph: Option<ModelGraph>,
    pub(crate) rules: Vec<Arc<RuleState>>,
    pub(crate) tables: Tables,
    /// Per rule, its findings once relays are left out ([`super::relay`]).
    pub(crate) relayed: Vec<Arc<Vec<Arc<Finding>>>>,
    /// Per rule with a relay step, what that step was given and asked.
    pub(crate) relay_memo: Vec<Option<Arc<RelayMemo>>>,
    /// Per rule, what is shown once refinement is applied, with what it was computed from.
    pub(crate) shown: Vec<Shown>,
    /// Per family, its members' lists once folded (one finding per family on an element).
    pub(crate) folded: Vec<super::family::Folded>,
}

/// A rule's findings in id order, shared between evaluations.
type List = Arc<Vec<Arc<Finding>>>;

/// What a rule's relay step was given and asked of the flows and elements: an evaluation that
/// gives it the same list, with the same triaged findings and names, where an edit changed no
/// answer, keeps its result.
#[derive(Debug)]
pub(crate) struct RelayMemo {
    input: Arc<Vec<Arc<Finding>>>,
    triage: u64,
    asked: super::relay::Asked,
}

/// A rule's findings as shown: without those a refining rule stands for, annotated with those
/// it stands for. Kept with the identities of the lists it came from, so an evaluation where
/// none of them changed reuses it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shown {
    inputs: Vec<usize>,
    triage: u64,
    list: Arc<Vec<Arc<Finding>>>,
}

/// A rule's findings as they are computed, before they are sorted and kept.
#[derive(Default)]
struct Builder {
    found: Vec<Arc<Finding>>,
    errors: BTreeMap<Origin, RuleError>,
    reads: Option<Arc<Looked>>,
    overrun: bool,
    questions: Vec<(FlowId, FlowFact)>,
}

impl Builder {
    /// Keeps an origin's result. Findings count against the rule's allowance; once the rule is
    /// out of budget (steps or findings) the reason becomes its error at this origin, and the
    /// caller stops (`true`).
    /// `origin` is made only when an error is kept (most origins have none; an element's or
    /// flow's id was cloned for each before).
    fn put(
        &mut self,
        rule: &CompiledRule,
        origin: impl FnOnce() -> Origin,
        result: Result<Vec<Arc<Finding>>, RuleError>,
    ) -> bool {
        let error = match result {
            Ok(fs) => {
                for f in fs {
                    if !budget::report(0) {
                        break;
                    }
                    self.found.push(f);
                }
                None
            }
            Err(e) => Some(e),
        };
        let overrun = budget::overrun();
        if error.is_none() && overrun.is_none() {
            return false;
        }
        let origin = origin();
        if let Some(e) = error {
            self.errors.insert(origin.clone(), e);
        }
        match overrun {
            Some(reason) => {
                self.errors.insert(origin, overrun_error(rule, reason));
                self.overrun = true;
                true
            }
            None => false,
        }
    }

    fn finish(mut self, kept: Vec<Arc<Finding>>) -> Arc<RuleState> {
        self.found.sort_by(by_id);
        self.questions.sort();
        self.questions.dedup();
        Arc::new(RuleState {
            sorted: Arc::new(merge_sorted(kept, self.found)),
            errors: self.errors,
            reads: self.reads,
            overrun: self.overrun,
            questions: Arc::new(self.questions),
            aggregated: Arc::default(),
        })
    }
}

/// The threat engine: the compiled library and the sandbox it runs in.
pub struct Engine {
    id: u64,
    catalog: Arc<Catalog>,
    rules: Vec<CompiledRule>,
    /// The longest path any path rule follows.
    max_hops: usize,
    /// Kinds and controls numbered once, for every run's facts.
    numbers: Numbers,
    /// Rules in the order their findings' ids sort (`RULE@…`), so the rules' sorted lists
    /// concatenate into one sorted list without sorting again.
    merge_order: Vec<usize>,
    errors: Vec<RuleError>,
    rhai: Rhai,
    limits: Limits,
    /// Controls a flow can show are in place, with the selector of such flows.
    evidence: super::closure::Evidence,
    /// The catalog's traits as bits, for scripts.
    traits: Arc<crate::script::TraitBits>,
    /// By rule index: the rules that refine it, and the rules it refines.
    refined_by: Vec<Vec<usize>>,
    refines: Vec<Vec<usize>>,
    /// Families of rules (id, members by rule index in id order), and by rule index its family
    /// and its place in the family.
    families: Vec<(String, Vec<usize>)>,
    family_of: Vec<Option<(usize, usize)>>,
    /// The day review dates are compared with.
    today: Date,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("rules", &self.rules.len())
            .field("errors", &self.errors)
            .finish()
    }
}

/// Per-run lookups shared by every rule.
struct Run<'a> {
    g: &'a ModelGraph,
    facts: Facts<'a>,
    evidence: &'a super::closure::Evidence,
    ctx: Arc<Ctx>,
    /// Elements by kind number, built the first time a rule walks every candidate (full runs
    /// only).
    by_kind: std::cell::OnceCell<Vec<Vec<usize>>>,
    fingerprints: Vec<std::cell::Cell<Option<u64>>>,
    /// Per element: 0 not yet known, then [`Exposure`] as 1 unknown, 2 outside, 3 inside.
    exposure: Vec<std::cell::Cell<u8>>,
    /// Per element: 0 not yet known, 1 no sensitive data near it, 2 some. Every finding's
    /// severity asks this of each of its places, so it is worked out once per element.
    sensitive: Vec<std::cell::Cell<u8>>,
    /// Per element, its name as explanations quote it: made once, not once per finding.
    names: Vec<std::cell::OnceCell<String>>,
    /// Per flow and leg (forward at `2j`, back at `2j + 1`), the fingerprint of a finding on
    /// it: it reads only the flow and its ends, so every flow rule shares it.
    flow_fps: Vec<std::cell::Cell<Option<u64>>>,
    /// The questions severity reads, as `components.ron` declares them.
    keys: SeverityKeys,
}

/// The questions whose yes the computed severity reads, by what it reads them as (each
/// question's `severity` in `components.ron`).
struct SeverityKeys {
    exposure: Vec<PropKey>,
    outside_input: Vec<PropKey>,
    sensitivity: Vec<PropKey>,
    operator: Vec<PropKey>,
}

impl SeverityKeys {
    fn of(cat: &Catalog) -> Self {
        use crate::catalog::SeverityInput;
        let with = |role: SeverityInput| -> Vec<PropKey> {
            cat.questions
                .values()
                .filter(|q| q.severity == Some(role))
                .map(|q| q.id.clone())
                .collect()
        };
        Self {
            exposure: with(SeverityInput::Exposure),
            outside_input: with(SeverityInput::OutsideInput),
            sensitivity: with(SeverityInput::Sensitivity),
            operator: with(SeverityInput::Operator),
        }
    }
}

impl<'a> Run<'a> {
    fn new(
        g: &'a ModelGraph,
        catalog_arc: Arc<Catalog>,
        facts: Facts<'a>,
        evidence: &'a super::closure::Evidence,
        traits: &Arc<crate::script::TraitBits>,
    ) -> Self {
        let keys = SeverityKeys::of(&catalog_arc);
        let element_traits = traits.of_elements(&facts.tables.kind_ix);
        Self {
            g,
            facts,
            evidence,
            ctx: Arc::new(Ctx {
                graph: Arc::new(g.clone()),
                catalog: catalog_arc,
                traits: traits.clone(),
                element_traits,
            }),
            by_kind: std::cell::OnceCell::new(),
            fingerprints: vec![std::cell::Cell::new(None); g.len()],
            exposure: vec![std::cell::Cell::new(0); g.len()],
            sensitive: vec![std::cell::Cell::new(0); g.len()],
            names: vec![std::cell::OnceCell::new(); g.len()],
            flow_fps: vec![std::cell::Cell::new(None); 2 * g.flow_ids.len()],
            keys,
        }
    }

    /// Candidate elements for a selector's static kinds, in index order. Gathered by kind
    /// number through the selector's mask: looking each kind of its set up by id hashed every
    /// kind id of every element and path rule (issue 15).
    fn candidates(&self, sel: &super::select::Compiled) -> Vec<usize> {
        match sel.kind_mask() {
            None => (0..self.g.len()).collect(),
            Some(mask) => {
                let by_kind = self.by_kind.get_or_init(|| {
                    let mut m: Vec<Vec<usize>> = vec![Vec::new(); mask.len()];
                    for (i, &k) in self.facts.tables.kind_ix.iter().enumerate() {
                        // An element of a kind the catalog lacks is no kind's candidate.
                        if let Some(list) = m.get_mut(k) {
                            list.push(i);
                        }
                    }
                    m
                });
                let mut v: Vec<usize> = mask
                    .iter()
                    .zip(by_kind)
                    .filter(|(on, _)| **on)
                    .flat_map(|(_, list)| list)
                    .copied()
                    .collect();
                v.sort_unstable();
                v
            }
        }
    }

    fn element_fp(&self, i: usize) -> u64 {
        if let Some(fp) = self.fingerprints[i].get() {
            return fp;
        }
        let mut h = Fnv::default();
        if let Some(el) = self.facts.els.get(i) {
            h.str(el.kind.as_str());
            for (k, v) in &el.properties {
                h.str(k.as_str());
                match v {
                    crate::model::Value::Bool(b) => h.write(&[u8::from(*b)]),
                    crate::model::Value::Int(n) => h.write(&n.to_le_bytes()),
                    crate::model::Value::Text(t) => h.str(t),
                }
            }
            for (c, s) in &el.controls {
                h.str(c.as_str());
                h.str(s.label());
            }
            for b in self.g.boundary_kinds[i].iter() {
                h.str(b.id());
            }
        }
        let fp = h.finish();
        self.fingerprints[i].set(Some(fp));
        fp
    }

    fn name(&self, i: usize) -> &str {
        match self.names.get(i) {
            Some(cell) => cell.get_or_init(|| self.quoted_name(i)),
            None => "?",
        }
    }

    /// The fingerprint of a finding about `leg` of flow `j`.
    fn flow_fp(&self, j: usize, leg: Leg) -> u64 {
        let slot = 2 * j + usize::from(leg == Leg::Back);
        if let Some(fp) = self.flow_fps.get(slot).and_then(std::cell::Cell::get) {
            return fp;
        }
        let fp = self.flow_hash(j, leg);
        if let Some(cell) = self.flow_fps.get(slot) {
            cell.set(Some(fp));
        }
        fp
    }

    fn flow_hash(&self, j: usize, leg: Leg) -> u64 {
        let (a, b) = leg.ends(self.g.flow_ends[j]);
        let mut h = Fnv::default();
        h.write(&self.element_fp(a).to_le_bytes());
        h.write(&self.element_fp(b).to_le_bytes());
        if let Some(fl) = self.facts.flows.get(j).copied() {
            // The same bytes as hashing the formatted text, without making it (once per leg
            // of every flow with a finding).
            h.write_fmt(format_args!(
                "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{}",
                fl.operation,
                fl.data,
                fl.returns,
                fl.encrypted,
                fl.authenticated,
                fl.server_authenticated,
                fl.validated,
                self.g.crosses[j]
            ));
            h.write(&[0xff]);
            for (c, s) in &fl.controls {
                h.str(c.as_str());
                h.str(s.label());
            }
        }
        h.finish()
    }

    fn quoted_name(&self, i: usize) -> String {
        let el = self.facts.els.get(i);
        match el {
            Some(e) => quote_element(&e.name, self.facts.kind(i).map_or(e.kind.as_str(), |k| k.name.as_str())),
            None => "?".into(),
        }
    }

    /// The rule's likelihood × impact adjusted to the model: likelihood up when the finding's
    /// element (or its path's source) is exposed to outsiders, down when it sits inside with no
    /// outside input; impact down when no sensitive data is anywhere near it. A rule whose
    /// threat needs no outsider keeps its likelihood.
    fn severity(&self, rule: &CompiledRule, p: &Places) -> (crate::catalog::Severity, String) {
        let (mut l, mut i) = (rule.rule.likelihood, rule.rule.impact);
        let mut why = Vec::new();
        // Iterated, not collected: this runs for every finding.
        let ends = || std::iter::once(p.anchor).chain(p.source);
        let moved = !rule.rule.needs_no_outsider;
        if moved && ends().any(|e| self.exposure(e) == Exposure::Outside) {
            if l != l.raised() {
                why.push("exposed to outsiders");
            }
            l = l.raised();
        } else if moved && ends().all(|e| self.exposure(e) == Exposure::Inside) {
            if l != l.lowered() {
                why.push("reachable only from inside");
            }
            l = l.lowered();
        }
        let mut touched = ends().chain(p.sink).chain(p.guards.iter().copied());
        if !touched.any(|e| self.sensitive(e)) {
            if i != i.lowered() {
                why.push("no sensitive data involved");
            }
            i = i.lowered();
        }
        let severity = crate::catalog::Severity::from_levels(l, i);
        let why = if severity == rule.rule.severity() {
            String::new()
        } else {
            why.join(", ")
        };
        (severity, why)
    }

    /// Whether outsiders reach element `i`: it faces the internet, sits in an internet
    /// boundary, brings in untrusted content, or receives from such an element; `Inside` when
    /// none of it and it takes no outside input.
    fn exposure(&self, i: usize) -> Exposure {
        let cached = self.exposure[i].get();
        if cached != 0 {
            return if cached == 2 {
                Exposure::Outside
            } else if cached == 3 {
                Exposure::Inside
            } else {
                Exposure::Unknown
            };
        }
        let f = &self.facts;
        let yes = |e: usize, keys: &[PropKey]| {
            keys.iter()
                .any(|key| f.prop(e, key) == Some(&crate::model::Value::Bool(true)))
        };
        // A person answered that it is not reachable from outside (staff-only users, an
        // internal feed): its own answer, not the kind's default.
        let said_inside = |e: usize| {
            self.keys
                .exposure
                .iter()
                .any(|key| f.els[e].properties.get(key) == Some(&crate::model::Value::Bool(false)))
        };
        // Who can send attacker-shaped input: content from outside, anything on the internet;
        // never a person using their own tool.
        let outsider = |e: usize| {
            !yes(e, &self.keys.operator)
                && ((f.kind(e).is_some_and(|k| k.has_trait("untrusted-source")) && !said_inside(e))
                    || f.g.boundary_kinds[e].contains(&crate::model::BoundaryKind::Internet)
                    || yes(e, &self.keys.exposure))
        };
        let outside = outsider(i) || f.g.incoming(i).any(|j| outsider(f.g.flow_ends[j].0));
        let e = if outside {
            Exposure::Outside
        } else if !yes(i, &self.keys.outside_input) {
            Exposure::Inside
        } else {
            Exposure::Unknown
        };
        self.exposure[i].set(match e {
            Exposure::Outside => 2,
            Exposure::Inside => 3,
            Exposure::Unknown => 1,
        });
        e
    }

    /// Whether sensitive data is at or next to element `i`: it holds private data or secrets,
    /// or a flow in or out of it carries a sensitive class.
    fn sensitive(&self, i: usize) -> bool {
        match self.sensitive.get(i).map(std::cell::Cell::get) {
            Some(1) => return false,
            Some(2) => return true,
            _ => {}
        }
        let f = &self.facts;
        let yes = |key: &PropKey| f.prop(i, key) == Some(&crate::model::Value::Bool(true));
        let sensitive = self.keys.sensitivity.iter().any(yes)
            || f.kind(i)
                .is_some_and(|k| k.has_trait("private-data") || k.has_trait("model-store"))
            || f.g
                .incoming(i)
                .chain(f.g.outgoing(i))
                .any(|j| f.tables.sensitive[j] || f.tables.sensitive_back[j]);
        if let Some(cell) = self.sensitive.get(i) {
            cell.set(1 + u8::from(sensitive));
        }
        sensitive
    }

    fn closer(&self) -> Closer<'_, 'a> {
        Closer {
            facts: &self.facts,
            evidence: self.evidence,
        }
    }

    /// Closes `f` by the rule's control sets at these places, and computes its severity.
    fn close(&self, rule: &CompiledRule, f: &mut Finding, places: &Places) {
        let (severity, why) = self.severity(rule, places);
        f.severity = severity;
        f.severity_why = why;
        let c = self.closer().close(&rule.sets, &rule.shared.controls, places);
        f.status = c.status;
        f.mitigated_by = c.mitigated_by;
        f.missing_controls = c.missing.unwrap_or_else(|| rule.shared.controls.clone());
        f.closing = c.sets;
    }
}

/// The elements element `i` hands what a rule's threat is about to (`Leg::Forward`: receivers
/// along its `hands_to` flows) or back to (`Leg::Back`: callers along flows into it whose
/// returns carry it, `hands_back`), walked through relaying hosts the selectors `sels` do not
/// take but `via` (the same without the far end) does.
fn handed(run: &Run, i: usize, sels: &[Compiled], via: &[Compiled], leg: Leg) -> Vec<usize> {
    handed_through(run, i, sels, via, &[], leg).0
}

/// [`handed`], and the relaying hosts walked through on the way; `through` names elements
/// walked through as hosts are ([`crate::catalog::Rule::hands_through`]).
fn handed_through(
    run: &Run,
    i: usize,
    sels: &[Compiled],
    via: &[Compiled],
    through: &[Compiled],
    leg: Leg,
) -> (Vec<usize>, Vec<usize>) {
    let (g, facts) = (run.g, &run.facts);
    let mut hosts: Vec<usize> = Vec::new();
    // The flows at `x` the walk follows, the element at their far end and the leg followed.
    let edges = |x: usize| -> Vec<(usize, usize, Leg)> {
        match leg {
            Leg::Forward => onward(run, i, x),
            Leg::Back => g.incoming(x).map(|j| (j, g.flow_ends[j].0, Leg::Back)).collect(),
        }
    };
    let found = super::relay::through_relays(
        i,
        edges,
        |j, l| sels.iter().any(|s| s.walkable(facts, j, l)),
        |j, l| {
            let pass = through_host(run, j, via, through, l);
            if pass != Pass::No {
                hosts.push(l.ends(g.flow_ends[j]).1);
            }
            pass
        },
    );
    (found, hosts)
}

/// The flows a walk forward from `i` follows out of `x`, the element at their far end and the
/// leg followed: what `x` sends, and where `x` is a store the walk reached (a queue, or one
/// `hands_through` takes), what its consumers read from it (the usual drawing of a consumer
/// that pulls: a verdict published to a queue reaches the loan service that reads it as
/// surely as one the queue pushes to, and code committed to a repository reaches the pipeline
/// that checks it out).
fn onward(run: &Run, i: usize, x: usize) -> Vec<(usize, usize, Leg)> {
    let (g, facts) = (run.g, &run.facts);
    let mut out: Vec<(usize, usize, Leg)> = g.outgoing(x).map(|j| (j, g.flow_ends[j].1, Leg::Forward)).collect();
    if x != i
        && facts
            .kind(x)
            .is_some_and(|k| k.has_trait("queue") || k.dfd == crate::catalog::DfdType::DataStore)
    {
        out.extend(
            g.incoming(x)
                .filter(|&j| facts.flows[j].operation == crate::model::Operation::Read)
                .map(|j| (j, g.flow_ends[j].0, Leg::Back)),
        );
    }
    out
}

/// How flow `j` leads along `leg` through the element at its far end (`via`, the walk's
/// selectors without their far end, must walk it): as through a relaying host, as through an
/// element `through` names, or not at all; the step [`handed`] takes.
fn through_host(run: &Run, j: usize, via: &[Compiled], through: &[Compiled], leg: Leg) -> Pass {
    let host = leg.ends(run.g.flow_ends[j]).1;
    if !via.iter().any(|s| s.walkable(&run.facts, j, leg)) {
        Pass::No
    } else if super::relay::relays(&run.facts, host) {
        Pass::Host
    } else if through.iter().any(|s| s.element(&run.facts, host)) {
        Pass::Through
    } else {
        Pass::No
    }
}

/// The receivers element `i` hands what `rule`'s threat is about on to along its `hands_to`
/// flows (through relaying hosts and `hands_through` elements), without those in `skip`; where
/// there are any, the why says what it hands to whom ("It hands tool-calls to …").
fn hands_on(run: &Run, rule: &CompiledRule, i: usize, skip: &[usize], why: &mut String) -> Vec<usize> {
    let mut receivers = handed_through(
        run,
        i,
        &rule.hands_to,
        &rule.hands_to_via,
        &rule.hands_through,
        Leg::Forward,
    )
    .0;
    receivers.retain(|r| !skip.contains(r));
    if !receivers.is_empty() {
        let names: Vec<&str> = receivers.iter().map(|&r| run.name(r)).collect();
        why.push_str(" It hands ");
        why.push_str(&handed_data(
            run,
            i,
            &rule.hands_to,
            &rule.hands_to_via,
            &rule.hands_through,
        ));
        why.push_str(" to ");
        why.push_str(&names.join(", "));
        why.push('.');
    }
    receivers
}

/// What reaches the receivers of `i`'s `hands_to` walk, as the why names it: "tool-calls",
/// "model-output": the data of the flows that arrive at them, straight from `i` or from a
/// relaying host or an element the walk goes through ([`crate::catalog::Rule::hands_through`]):
/// an agent's prompts to its model arrive at the tools as the model's tool calls.
fn handed_data(run: &Run, i: usize, sels: &[Compiled], via: &[Compiled], through: &[Compiled]) -> String {
    let facts = &run.facts;
    let mut data: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    // The same walk as the receivers' ([`handed_through`]), taking in what arrives at each.
    super::relay::through_relays(
        i,
        |x| onward(run, i, x),
        |j, l| {
            let arrives = sels.iter().any(|s| s.walkable(facts, j, l));
            if arrives {
                let f = facts.flows[j];
                let carried = if l == Leg::Forward { &f.data } else { &f.returns };
                data.extend(carried.iter().map(|d| d.as_str()));
            }
            arrives
        },
        |j, l| through_host(run, j, via, through, l),
    );
    if data.is_empty() {
        "it".to_owned()
    } else {
        data.into_iter().collect::<Vec<_>>().join(", ")
    }
}

/// The elements a relaying host in front of `i` passes on what it got back from `i`: a model
/// server or an inference API that called the model and sends its verdict on to a service (as an
/// event, a write or a call) hands it to that service as surely as a caller that asked for it.
/// Walked forward from each host the `hands_back` walk went through, with the same selectors
/// along what the host sends; never `i` or a host itself.
/// Returns the hosts that pass it on and the elements they pass it to.
fn passed_on(run: &Run, i: usize, sels: &[Compiled], via: &[Compiled], hosts: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let (mut by, mut out) = (Vec::new(), Vec::new());
    for &h in hosts {
        let mut to = handed(run, h, sels, via, Leg::Forward);
        to.retain(|&b| b != i && !hosts.contains(&b));
        if !to.is_empty() {
            by.push(h);
            out.extend(to);
        }
    }
    out.sort_unstable();
    out.dedup();
    (by, out)
}

/// An element as why-texts name it: its name quoted, then its kind (`"Chat backend" (LLM
/// application backend)`).
fn quote_element(name: &str, kind: &str) -> String {
    let mut s = String::with_capacity(name.len() + kind.len() + 5);
    push_quoted(&mut s, &clip_name(name));
    for piece in [" (", kind, ")"] {
        s.push_str(piece);
    }
    s
}

/// A name as explanations quote it: at most [`NAME_IN_WHY`] characters, so a model with huge
/// names cannot make every finding about them huge.
fn clip_name(name: &str) -> std::borrow::Cow<'_, str> {
    match name.char_indices().nth(NAME_IN_WHY) {
        Some((at, _)) => format!("{}…", &name[..at]).into(),
        None => name.into(),
    }
}

/// Appends `text` quoted as `{:?}` writes it. Labels and names are nearly always printable
/// ASCII with nothing to escape, which is copied as it is; anything else goes through `Debug`.
fn push_quoted(out: &mut String, text: &str) {
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.reserve(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        let _ = write!(out, "{text:?}");
    }
}

/// Longest name quoted in an explanation, in characters.
const NAME_IN_WHY: usize = 120;

/// How outsiders reach an element, for the computed severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exposure {
    Outside,
    Inside,
    Unknown,
}

/// A hash of which findings a person triaged: refinement and families leave those alone.
fn triage_hash(model: &Model) -> u64 {
    if model.triage.is_empty() {
        return 0;
    }
    let mut h = Fnv::default();
    for id in model.triage.keys() {
        h.str(id.as_str());
    }
    h.finish()
}

impl Engine {
    /// Compiles the catalog's rules. Rules that fail to compile are reported by [`errors`]
    /// and left out; the rest run.
    ///
    /// [`errors`]: Engine::errors
    pub fn new(catalog: Arc<Catalog>) -> Self {
        Self::with_limits(catalog, Limits::default())
    }

    /// The same engine judging review dates as of `today` (tests and reports fix the date).
    #[must_use]
    pub fn with_today(mut self, today: Date) -> Self {
        self.today = today;
        self
    }

    /// As [`Engine::new`] with explicit sandbox limits.
    pub fn with_limits(catalog: Arc<Catalog>, limits: Limits) -> Self {
        let rhai = new_engine(limits);
        let (rules, errors) = compile_all(&catalog, &rhai, &limits);
        let evidence = catalog_evidence(&catalog);
        let index: HashMap<&RuleId, usize> = rules.iter().enumerate().map(|(i, r)| (&r.rule.id, i)).collect();
        let mut refined_by: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
        let mut refines: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
        for (s, r) in rules.iter().enumerate() {
            for g in r.rule.refines.iter().filter_map(|g| index.get(g)) {
                refined_by[*g].push(s);
                refines[s].push(*g);
            }
        }
        let mut by_family: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, r) in rules.iter().enumerate() {
            if let Some(f) = &r.rule.family {
                by_family.entry(f).or_default().push(i);
            }
        }
        let mut family_of: Vec<Option<(usize, usize)>> = vec![None; rules.len()];
        let families: Vec<(String, Vec<usize>)> = by_family
            .into_iter()
            .enumerate()
            .map(|(k, (name, members))| {
                for (pos, &ri) in members.iter().enumerate() {
                    if let Some(slot) = family_of.get_mut(ri) {
                        *slot = Some((k, pos));
                    }
                }
                (name.to_owned(), members)
            })
            .collect();
        let max_hops = rules
            .iter()
            .filter_map(|r| r.logic.path().map(|p| p.max_hops))
            .max()
            .unwrap_or(0);
        let numbers = Numbers::of(&catalog);
        let traits = Arc::new(crate::script::TraitBits::of(&catalog));
        let mut merge_order: Vec<usize> = (0..rules.len()).collect();
        merge_order.sort_by_cached_key(|&i| format!("{}@", rules[i].rule.id));
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Self {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            catalog,
            rules,
            max_hops,
            numbers,
            merge_order,
            errors,
            rhai,
            limits,
            today: Date::today(),
            evidence,
            traits,
            refined_by,
            refines,
            families,
            family_of,
        }
    }

    /// A number no other engine in this process has.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The catalog the rules come from.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// Compile errors of rules that were left out.
    pub fn errors(&self) -> &[RuleError] {
        &self.errors
    }

    /// Every rule that runs (RON and rhai), by id.
    pub fn rules(&self) -> impl Iterator<Item = &crate::catalog::Rule> {
        self.rules.iter().map(|r| &*r.rule)
    }

    /// Evaluates a whole model.
    pub fn evaluate(&self, model: Arc<Model>, revision: u64) -> Evaluation {
        self.run(model, revision, None, &Changes::all())
    }

    /// Re-evaluates after `changes`, reusing everything of `prev` the changes cannot affect.
    pub fn evaluate_incremental(
        &self,
        prev: &Evaluation,
        model: Arc<Model>,
        revision: u64,
        changes: &Changes,
    ) -> Evaluation {
        if changes.everything || prev.state.graph.is_none() {
            return self.evaluate(model, revision);
        }
        self.run(model, revision, Some(&prev.state), changes)
    }

    fn run(&self, model: Arc<Model>, revision: u64, prev: Option<&State>, changes: &Changes) -> Evaluation {
        let start = Instant::now();
        let old_graph = prev.and_then(|p| p.graph.as_ref());
        let graph = match old_graph {
            Some(og) if !changes.structural => og.with_same_structure(model.clone()),
            _ => ModelGraph::new(model.clone()),
        };
        let dirty = prev.map(|_| Dirty::new(&graph, old_graph, changes, self.max_hops, &self.catalog));
        let reuse = match (prev, &dirty) {
            (Some(p), Some(d)) if !changes.structural => Some(Reuse {
                tables: &p.tables,
                elements: &d.element_list,
                flows: &d.changed_flows,
            }),
            _ => None,
        };
        let facts = Facts::new(&graph, &self.catalog, &self.numbers, reuse);
        let run = Run::new(&graph, self.catalog.clone(), facts, &self.evidence, &self.traits);
        let mut rules = Vec::with_capacity(self.rules.len());
        let mut meter = RunMeter::new(&self.limits, graph.len() + graph.flow_ids.len(), start);
        for (ri, rule) in self.rules.iter().enumerate() {
            let before = prev.and_then(|p| p.rules.get(ri));
            budget::begin(meter.allowance());
            let mut rs = match (before, &dirty, &rule.logic) {
                (Some(b), Some(d), _) if !b.overrun => self.rule_incremental(&run, rule, b, d),
                _ => self.rule_full(&run, rule),
            };
            meter.spend(budget::end());
            // A rule run again at the touched origins often finds what it found before: keep the
            // earlier lists then, so nothing downstream (aggregation, refinement) is redone.
            if let Some(b) = before
                && !Arc::ptr_eq(b, &rs)
                && same_results(b, &rs)
            {
                rs = Arc::new(RuleState {
                    reads: rs.reads.clone(),
                    ..(**b).clone()
                });
            }
            // One finding per rule and anchor, rebuilt only where raw results changed.
            let reused = before.is_some_and(|b| Arc::ptr_eq(&b.aggregated, &rs.aggregated));
            if !reused && let Some(state) = Arc::get_mut(&mut rs) {
                let prior = before.filter(|b| !b.overrun).map(|b| (&b.sorted, &b.aggregated));
                state.aggregated = super::aggregate::aggregate(rule, &state.sorted, prior);
            }
            rules.push(rs);
        }
        // Each rule's list is sorted and the rules are in id order: concatenating them gives
        // the sorted whole.
        let triage = triage_hash(&model);
        // An element renamed changes the explanations that name it.
        let renamed = dirty.as_ref().is_none_or(|d| !d.renamed.is_empty());
        let (relayed, relay_memo): (Vec<List>, Vec<Option<Arc<RelayMemo>>>) = self
            .rules
            .iter()
            .zip(&rules)
            .enumerate()
            .map(|(ri, (rule, rs))| {
                let first_sinks = rule.rule.path.as_ref().filter(|p| p.first_sink_only);
                let relays = !rule.relay.is_empty() || !rule.runs_in.is_empty();
                if !relays && first_sinks.is_none() && rule.inputs.is_empty() {
                    return (rs.aggregated.clone(), None);
                }
                let prev_list = prev.and_then(|p| p.relayed.get(ri));
                let memo = prev.and_then(|p| p.relay_memo.get(ri)).and_then(Option::as_ref);
                if let (Some(list), Some(m), Some(d)) = (prev_list, memo, &dirty)
                    && !d.structural
                    && !renamed
                    && m.triage == triage
                    && Arc::ptr_eq(&m.input, &rs.aggregated)
                    && m.asked.holds(rule, &run.facts, &d.flow_list, &d.near_list)
                {
                    return (list.clone(), Some(m.clone()));
                }
                let probe = super::relay::Probe::new(rule, &run.facts);
                let quote = |i: usize| run.name(i).to_owned();
                let list = if relays {
                    super::relay::last_in_chain(&rs.aggregated, &probe, &model, quote, prev_list)
                } else if let Some(p) = first_sinks {
                    super::relay::first_sinks(&rs.aggregated, &p.first_sink_kinds, &graph, &model, quote, prev_list)
                } else {
                    rs.aggregated.clone()
                };
                let list = if rule.inputs.is_empty() {
                    list
                } else {
                    super::relay::name_inputs(&list, &probe, quote, prev_list)
                };
                let memo = RelayMemo {
                    input: rs.aggregated.clone(),
                    triage,
                    asked: probe.finish(),
                };
                (list, Some(Arc::new(memo)))
            })
            .unzip();
        let shown = self.refine(&relayed, prev.map(|p| p.shown.as_slice()), &model, triage);
        let folded = self.fold_families(&shown, prev.map(|p| p.folded.as_slice()), &model, triage);
        let list = |ri: usize| -> &[Arc<Finding>] {
            match self.family_of.get(ri).copied().flatten() {
                Some((k, pos)) => folded
                    .get(k)
                    .and_then(|f| f.lists.get(pos))
                    .map_or(&[], |l| l.as_slice()),
                None => shown.get(ri).map_or(&[], |s| s.list.as_slice()),
            }
        };
        let total = (0..shown.len()).map(|ri| list(ri).len()).sum();
        let mut findings: Vec<Arc<Finding>> = Vec::with_capacity(total);
        // Gathered per element, a rule's ids are unique, and rules merge in id order.
        for &ri in &self.merge_order {
            findings.extend(list(ri).iter().cloned());
        }
        debug_assert!(
            findings.is_sorted_by(|a, b| a.id < b.id),
            "rules merge in id order, ids unique"
        );
        if !model.threats.is_empty() {
            findings.extend(super::user::findings(&model));
            if !findings.is_sorted_by(|a, b| a.id < b.id) {
                findings.sort_by(|a, b| a.id.cmp(&b.id));
            }
        }
        if !model.triage.is_empty() {
            for f in &mut findings {
                *f = apply_triage(f.clone(), &model, self.today);
            }
        }
        if !model.votes.is_empty() {
            for f in &mut findings {
                *f = apply_votes(f.clone(), &model);
            }
        }
        let mut errors = self.errors.clone();
        errors.extend(rules.iter().flat_map(|r| r.errors.values().cloned()));
        let questions = gather_questions(&self.rules, &rules, &graph);
        let tables = run.facts.tables.clone();
        let state = State {
            graph: Some(graph.clone()),
            rules,
            tables,
            relayed,
            relay_memo,
            shown,
            folded,
        };
        Evaluation {
            revision,
            engine: self.id,
            findings,
            questions,
            errors,
            elapsed: start.elapsed(),
            state: Arc::new(state),
        }
    }

    /// One finding per family on an element ([`super::family`]), family by family, redone only
    /// for families whose members' shown lists or the triage changed.
    fn fold_families(
        &self,
        shown: &[Shown],
        prev: Option<&[super::family::Folded]>,
        model: &Model,
        triage: u64,
    ) -> Vec<super::family::Folded> {
        let empty = Arc::new(Vec::new());
        self.families
            .iter()
            .enumerate()
            .map(|(k, (name, members))| {
                let lists: Vec<&Arc<Vec<Arc<Finding>>>> = members
                    .iter()
                    .map(|&ri| shown.get(ri).map_or(&empty, |s| &s.list))
                    .collect();
                super::family::fold(name, &lists, prev.and_then(|p| p.get(k)), model, triage)
            })
            .collect()
    }

    /// One finding per threat: a general rule's finding is left out where a rule that refines
    /// it has a finding on the same element that speaks for it ([`super::aggregate::speaks_for`]) and for all
    /// its members (paths, flows), and shown with only the others where it speaks for some
    /// ([`super::aggregate::coverage`]), unless a person triaged it (a recorded decision is
    /// never hidden); the refining finding says it stands for the general rule. Recomputed
    /// only for rules whose lists, or their related rules' lists, or the triage, changed.
    fn refine(
        &self,
        lists: &[Arc<Vec<Arc<Finding>>>],
        prev: Option<&[Shown]>,
        model: &Model,
        triage: u64,
    ) -> Vec<Shown> {
        let ptr = |k: usize| Arc::as_ptr(&lists[k]) as usize;
        let mut out = Vec::with_capacity(lists.len());
        for ri in 0..lists.len() {
            let (general_of, specific_of) = (&self.refined_by[ri], &self.refines[ri]);
            // Whether a general finding is left out depends on every rule refining it, so the
            // other rules refining the same general rules are inputs too.
            let inputs: Vec<usize> = std::iter::once(ri)
                .chain(general_of.iter().copied())
                .chain(specific_of.iter().copied())
                .chain(specific_of.iter().flat_map(|&g| self.refined_by[g].iter().copied()))
                .map(ptr)
                .collect();
            if general_of.is_empty() && specific_of.is_empty() {
                out.push(Shown {
                    inputs,
                    triage: 0,
                    list: lists[ri].clone(),
                });
                continue;
            }
            if let Some(p) = prev
                .and_then(|p| p.get(ri))
                .filter(|p| p.inputs == inputs && p.triage == triage)
            {
                out.push(p.clone());
                continue;
            }
            let untriaged = |f: &&Arc<Finding>| !model.triage.contains_key(&f.id);
            // Open and mitigated findings of rules refining `g` (or of `only` of them), by
            // element; [`super::aggregate::speaks_for`] decides which general findings each stands for. Triage is
            // applied after this, so a decision on the specific finding is looked up here: it
            // answers the specific threat only.
            // A finding that names what its element hands the threat on to (`hands_to`,
            // `hands_back`) is found at those receivers too: a path rule's finding there may
            // be the same hand-over ([`super::aggregate::coverage`] decides).
            let covering = |g: usize, only: Option<usize>| {
                let mut at: HashMap<&ElementId, Vec<&Arc<Finding>>> = HashMap::default();
                for &s in self.refined_by[g].iter().filter(|&&s| only.is_none_or(|o| o == s)) {
                    let hands = !self.rules[s].hands_to.is_empty() || !self.rules[s].hands_back.is_empty();
                    for f in lists[s]
                        .iter()
                        .filter(|f| matches!(f.status, Status::Open | Status::Mitigated) && untriaged(f))
                    {
                        at.entry(&f.anchor).or_default().push(f);
                        if hands {
                            for e in f.elements.iter().filter(|&e| *e != f.anchor) {
                                at.entry(e).or_default().push(f);
                            }
                        }
                    }
                }
                at
            };
            // A general finding is left out only as far as the refining findings on its
            // element speak for it: one whose paths or flows come from sources they do not
            // cover shows with those alone (a person who gets code from one model and prose
            // from another keeps the over-trust finding for the prose).
            // As the why-texts name elements: quoted, with their kind.
            let quote = |id: &ElementId| match model.elements.get(id) {
                Some(e) => quote_element(
                    &e.name,
                    self.catalog.kind(&e.kind).map_or(e.kind.as_str(), |k| k.name.as_str()),
                ),
                None => {
                    let mut s = String::new();
                    push_quoted(&mut s, id.as_str());
                    s
                }
            };
            let shown_part = |f: &Arc<Finding>, specs: &[&Arc<Finding>]| -> Option<Arc<Finding>> {
                match super::aggregate::coverage(f, specs) {
                    super::aggregate::Coverage::None => Some(f.clone()),
                    super::aggregate::Coverage::All => None,
                    super::aggregate::Coverage::Part { rest, left } => {
                        let mut from: Vec<String> = left
                            .iter()
                            .filter_map(|m| m.path.first().or(m.elements.first()))
                            .map(quote)
                            .collect();
                        from.sort();
                        from.dedup();
                        let mut by: Vec<&str> = specs.iter().map(|s| s.rule.as_str()).collect();
                        by.sort_unstable();
                        by.dedup();
                        Some(super::aggregate::restrict(f, &rest, &from, &by))
                    }
                }
            };
            let covered = if general_of.is_empty() {
                Default::default()
            } else {
                covering(ri, None)
            };
            // Elements where this rule's open finding speaks for some of a general rule's
            // finding (on its own element, or at a receiver it names), with those findings.
            let mut stands_for: HashMap<&ElementId, Vec<&Arc<Finding>>> = HashMap::default();
            for &g in specific_of {
                let mine = covering(g, Some(ri));
                for f in lists[g].iter().filter(untriaged) {
                    for spec in mine
                        .get(&f.anchor)
                        .into_iter()
                        .flatten()
                        .filter(|s| super::aggregate::speaks_for(s, f))
                    {
                        if !matches!(
                            super::aggregate::coverage(f, &[*spec]),
                            super::aggregate::Coverage::None
                        ) {
                            let by = stands_for.entry(&spec.anchor).or_default();
                            if !by.iter().any(|b| Arc::ptr_eq(b, f)) {
                                by.push(f);
                            }
                        }
                    }
                }
            }
            let list: Vec<Arc<Finding>> = lists[ri]
                .iter()
                .filter_map(|f| {
                    let specs: Vec<&Arc<Finding>> = match covered.get(&f.anchor) {
                        Some(specs) if untriaged(&f) => specs
                            .iter()
                            .copied()
                            .filter(|s| super::aggregate::speaks_for(s, f))
                            .collect(),
                        _ => Vec::new(),
                    };
                    if specs.is_empty() {
                        Some(f.clone())
                    } else {
                        shown_part(f, &specs)
                    }
                })
                .map(|f| {
                    match stands_for
                        .get(&f.anchor)
                        .filter(|_| matches!(f.status, Status::Open | Status::Mitigated))
                    {
                        Some(general) => {
                            let mut f = f.clone();
                            let m = Arc::make_mut(&mut f);
                            let mut also = Vec::with_capacity(general.len());
                            for g in general {
                                super::family::push_unique(&mut m.refines, &g.rule);
                                also.push(super::family::named(g));
                                // One row for both threats involves what each involved (the
                                // agent that sends, beside the tool it sends to), as the
                                // general row did before it was left out.
                                for e in &g.elements {
                                    super::family::push_unique(&mut m.elements, e);
                                }
                            }
                            // Every report that prints the why says what this finding stands
                            // for, as a folded family member is named.
                            let which = match (also.len() == 1, m.status == Status::Open) {
                                (true, true) => "a more general threat, which shows on its own once this one is closed",
                                (false, true) => "more general threats, each shown on its own once this one is closed",
                                (true, false) => "a more general threat, which the same controls close",
                                (false, false) => "more general threats, which the same controls close",
                            };
                            m.why = format!("{} It stands here for {which}: {}.", m.why.trim_end(), also.join("; "));
                            f
                        }
                        None => f,
                    }
                })
                .collect();
            out.push(Shown {
                inputs,
                triage,
                list: Arc::new(list),
            });
        }
        out
    }

    /// Every origin of one rule.
    fn rule_full(&self, run: &Run, rule: &CompiledRule) -> Arc<RuleState> {
        let mut rs = Builder::default();
        let mut tables = None;
        match &rule.logic {
            // The origin key is made only for origins with something to keep.
            Logic::Element { sel, .. } => {
                for i in run.candidates(sel) {
                    if !budget::poll() {
                        rs.put(rule, || Origin::Element(run.g.element_ids[i].clone()), Ok(Vec::new()));
                        break;
                    }
                    let r = self.element_origin(run, rule, i);
                    if (has_any(&r) || budget::exhausted())
                        && rs.put(rule, || Origin::Element(run.g.element_ids[i].clone()), r)
                    {
                        break;
                    }
                }
            }
            Logic::Flow { sel, .. } => {
                for j in 0..run.g.flow_ids.len() {
                    if !budget::poll() {
                        rs.put(rule, || Origin::Flow(run.g.flow_ids[j].clone()), Ok(Vec::new()));
                        break;
                    }
                    // Polled first all the same, so the clock is read as often as before.
                    if !sel.flow_may_match(&run.facts, j) {
                        continue;
                    }
                    let r = self.flow_origin(run, rule, j, &mut rs.questions);
                    if (has_any(&r) || budget::exhausted())
                        && rs.put(rule, || Origin::Flow(run.g.flow_ids[j].clone()), r)
                    {
                        break;
                    }
                }
            }
            Logic::Path(p) => {
                for s in run.candidates(&p.source) {
                    if !budget::poll() {
                        rs.put(rule, || Origin::Path(run.g.element_ids[s].clone()), Ok(Vec::new()));
                        break;
                    }
                    let r = self.path_origin(run, rule, s, &mut tables);
                    if (has_any(&r) || budget::exhausted())
                        && rs.put(rule, || Origin::Path(run.g.element_ids[s].clone()), r)
                    {
                        break;
                    }
                }
            }
            Logic::Global { ast, script } => {
                crate::script::take_reads();
                crate::script::record_reads(true);
                let result = self.global(run, rule, ast, *script);
                crate::script::record_reads(false);
                let own = crate::script::take_reads();
                let (result, emitted) = match result {
                    Ok((fs, emitted)) => (Ok(fs), emitted),
                    Err(e) => (Err(e), None),
                };
                let mut findings = crate::script::Reads::default();
                for f in result.iter().flatten() {
                    for i in f.elements.iter().filter_map(|e| run.g.index_of(e)) {
                        findings.elements.insert(i);
                        for j in run.g.incoming(i).chain(run.g.outgoing(i)) {
                            findings.flows.insert(j);
                            let (a, b) = run.g.flow_ends[j];
                            findings.elements.insert(if a == i { b } else { a });
                        }
                    }
                    findings
                        .flows
                        .extend(f.flow.iter().filter_map(|fl| run.g.flow_index_of(fl)));
                }
                rs.reads = Some(Arc::new(Looked {
                    own,
                    findings,
                    emitted: emitted.map(Arc::new),
                }));
                rs.put(
                    rule,
                    || Origin::Global,
                    result.map(|fs| fs.into_iter().map(Arc::new).collect()),
                );
            }
        }
        rs.finish(Vec::new())
    }

    /// Re-evaluates only the origins `dirty` names; a rule none of them can affect is carried
    /// over as it was.
    fn rule_incremental(
        &self,
        run: &Run,
        rule: &CompiledRule,
        before: &Arc<RuleState>,
        dirty: &Dirty,
    ) -> Arc<RuleState> {
        let g = run.g;
        // (origin, index in the new graph if it still exists)
        let touched: Vec<(Origin, Option<usize>)> = match &rule.logic {
            Logic::Element { .. } => {
                // Neighbours too: a gate in front of an element, or a flow that evidences a
                // control, can close the element's finding.
                // Where the rule names receivers or callers behind relaying hosts, anchors that
                // many hosts away too.
                // So do selectors that read what an element sends or receives.
                let around =
                    if rule.hands_to.is_empty() && rule.hands_back.is_empty() && !rule.rule.selector.walks_flows() {
                        Vec::new()
                    } else {
                        super::relay::around_relays(&run.facts, &dirty.near_list, &rule.walked_through)
                    };
                let list = &dirty.near_list;
                list.iter()
                    .chain(&around)
                    .map(|&i| (Origin::Element(g.element_ids[i].clone()), Some(i)))
                    .chain(
                        dirty
                            .removed_elements
                            .iter()
                            .map(|id| (Origin::Element(id.clone()), None)),
                    )
                    .collect()
            }
            Logic::Flow { .. } => {
                // Where the rule names what a flow's receiver hands on, the flows into anything
                // near an edit (and behind relaying hosts) too.
                let mut flows = dirty.flow_list.clone();
                if !rule.hands_to.is_empty() {
                    let around = super::relay::around_relays(&run.facts, &dirty.near_list, &rule.walked_through);
                    for &i in dirty.near_list.iter().chain(&around) {
                        flows.extend(g.incoming(i));
                        flows.extend(g.outgoing(i));
                    }
                    flows.sort_unstable();
                    flows.dedup();
                }
                flows
                    .into_iter()
                    .map(|j| (Origin::Flow(g.flow_ids[j].clone()), Some(j)))
                    .chain(dirty.removed_flows.iter().map(|id| (Origin::Flow(id.clone()), None)))
                    .collect()
            }
            Logic::Path(_) => dirty
                .path_source_list
                .iter()
                .map(|&s| (Origin::Path(g.element_ids[s].clone()), Some(s)))
                .chain(dirty.removed_elements.iter().map(|id| (Origin::Path(id.clone()), None)))
                .collect(),
            Logic::Global { .. } => {
                let untouched = |r: &crate::script::Reads| {
                    !dirty.structural
                        && dirty.element_list.iter().all(|i| !r.elements.contains(i))
                        && dirty.renamed.iter().all(|i| !r.names.contains(i))
                        && dirty.recontrolled.iter().all(|c| !r.controls.contains(c))
                        && dirty.reanswered.iter().all(|a| !r.answers.contains(a))
                        && (dirty.redrawn.is_empty() || r.answers.iter().all(|(i, _)| !dirty.redrawn.contains(i)))
                        && (dirty.changed_flows.is_empty()
                            || (!(r.flow_classes && dirty.flow_classes_changed)
                                && dirty.changed_flows.iter().all(|j| !r.flows.contains(j))
                                && dirty.reshaped_flows.iter().all(|j| !r.shapes.contains(j))))
                };
                let Some(looked) = before.reads.as_ref().filter(|r| untouched(&r.own)) else {
                    return self.rule_full(run, rule);
                };
                if untouched(&looked.findings) {
                    return before.clone();
                }
                // The script would report what it reported: those reports are made into
                // findings again, closed against the edited model.
                return match &looked.emitted {
                    Some(emitted) if before.errors.is_empty() => {
                        let mut rs = Builder {
                            reads: Some(looked.clone()),
                            ..Builder::default()
                        };
                        let found = emitted.iter().map(|e| Arc::new(script_finding(run, rule, e.clone())));
                        rs.put(rule, || Origin::Global, Ok(found.collect()));
                        rs.finish(Vec::new())
                    }
                    _ => self.rule_full(run, rule),
                };
            }
        };
        let in_scope = |i: usize| match &rule.logic {
            Logic::Element { sel, .. } => sel.in_kinds(&run.facts, i),
            Logic::Path(p) => p.source.in_kinds(&run.facts, i),
            _ => true,
        };
        // What this rule found before at the touched origins: ranges of its sorted list for
        // elements and path sources, a scan for flows.
        let rule_id = rule.rule.id.as_str();
        let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
        let mut flows: rustc_hash::FxHashSet<FlowId> = rustc_hash::FxHashSet::default();
        for (origin, index) in &touched {
            match origin_range(&before.sorted, rule_id, origin) {
                Some(r) if !r.is_empty() => cut.push(r),
                Some(_) => {}
                None => match (origin, index) {
                    // A flow that keeps its ends: its findings are among `RULE@from@to` and
                    // `RULE@to@from` (what comes back), found without scanning the whole list.
                    (Origin::Flow(f), Some(j)) if !dirty.structural => {
                        let (a, b) = g.flow_ends[*j];
                        let (a, b) = (g.element_ids[a].as_str(), g.element_ids[b].as_str());
                        for (x, y) in [(a, b), (b, a)] {
                            let key = [rule_id, x, y].join("@");
                            let lo = before.sorted.partition_point(|h| h.id.as_str() < key.as_str());
                            let hi = before.sorted.partition_point(|h| h.id.as_str() <= key.as_str());
                            cut.extend(
                                (lo..hi)
                                    .filter(|&k| before.sorted[k].flow.as_ref() == Some(f))
                                    .map(|k| k..k + 1),
                            );
                        }
                    }
                    (Origin::Flow(f), _) => {
                        flows.insert(f.clone());
                    }
                    _ => {}
                },
            }
        }
        let from_flow = |f: &Arc<Finding>| f.flow.as_ref().is_some_and(|x| flows.contains(x));
        let affected = !cut.is_empty()
            || (!flows.is_empty() && before.sorted.iter().any(from_flow))
            || touched
                .iter()
                .any(|(o, i)| before.errors.contains_key(o) || i.is_some_and(in_scope));
        if !affected {
            return before.clone();
        }
        // Questions of the flows evaluated again are asked again (or not): where the earlier
        // ones sit in the rule's sorted questions.
        let mut asked_before: Vec<std::ops::Range<usize>> = touched
            .iter()
            .filter_map(|(o, _)| match o {
                Origin::Flow(f) => {
                    let q = &before.questions;
                    let lo = q.partition_point(|(x, _)| x < f);
                    Some(lo..lo + q[lo..].iter().take_while(|(x, _)| x == f).count())
                }
                _ => None,
            })
            .filter(|r| !r.is_empty())
            .collect();
        asked_before.sort_by_key(|r| r.start);
        asked_before.dedup();
        let mut rs = Builder {
            errors: before.errors.clone(),
            ..Builder::default()
        };
        let mut tables = None;
        for (origin, index) in touched {
            rs.errors.remove(&origin);
            let Some(i) = index.filter(|&i| in_scope(i)) else {
                continue;
            };
            let result = match &rule.logic {
                Logic::Element { .. } => self.element_origin(run, rule, i),
                Logic::Flow { .. } => self.flow_origin(run, rule, i, &mut rs.questions),
                Logic::Path(_) => self.path_origin(run, rule, i, &mut tables),
                Logic::Global { .. } => Ok(Vec::new()),
            };
            if rs.put(rule, || origin, result) {
                // Out of budget: what is left of this rule is redone in full next time.
                break;
            }
        }
        cut.sort_by_key(|r| r.start);
        // Most edits leave most rules finding at the touched origins what they found there
        // before: then the rule's state stands as it was, without rebuilding its whole list.
        if flows.is_empty() && !rs.overrun && rs.errors == before.errors {
            rs.found.sort_by(by_id);
            rs.questions.sort();
            rs.questions.dedup();
            let disjoint = cut.windows(2).all(|w| w[0].end <= w[1].start);
            let mut old = cut.iter().flat_map(|r| &before.sorted[r.clone()]);
            let same_found = disjoint
                && rs.found.len() == cut.iter().map(std::ops::Range::len).sum::<usize>()
                && rs
                    .found
                    .iter()
                    .all(|f| old.next().is_some_and(|o| Arc::ptr_eq(o, f) || **o == **f));
            let mut old_questions = asked_before.iter().flat_map(|r| &before.questions[r.clone()]);
            let same_questions = rs.questions.len() == asked_before.iter().map(std::ops::Range::len).sum::<usize>()
                && rs.questions.iter().all(|q| old_questions.next() == Some(q));
            if same_found && same_questions {
                return before.clone();
            }
        }
        // The questions of the flows not evaluated again stay.
        let mut at = 0;
        for r in &asked_before {
            rs.questions.extend_from_slice(&before.questions[at..r.start]);
            at = r.end;
        }
        rs.questions.extend_from_slice(&before.questions[at..]);
        let mut kept = Vec::with_capacity(before.sorted.len());
        let mut at = 0;
        for r in cut {
            if r.start > at {
                kept.extend_from_slice(&before.sorted[at..r.start]);
            }
            at = at.max(r.end);
        }
        kept.extend_from_slice(&before.sorted[at.min(before.sorted.len())..]);
        if !flows.is_empty() {
            kept.retain(|f| !from_flow(f));
        }
        rs.finish(kept)
    }

    fn element_origin(&self, run: &Run, rule: &CompiledRule, i: usize) -> Result<Vec<Arc<Finding>>, RuleError> {
        let Logic::Element { sel, cond } = &rule.logic else {
            return Ok(Vec::new());
        };
        let answered = if sel.element(&run.facts, i) {
            Vec::new()
        } else {
            match sel.element_answered(&run.facts, i) {
                Some(answered) => answered,
                None => return Ok(Vec::new()),
            }
        };
        if let Some(cond) = cond
            && !self.condition(run, rule, cond, Candidate::Element(i))?
        {
            return Ok(Vec::new());
        }
        let mut finding = element_finding(run, rule, i, sel.describe_element(&run.facts, i));
        if !answered.is_empty() {
            // Closed by the protection answered on the element, as a flow's answer closes a
            // transport finding: the threat was considered, and this is why it is closed.
            let by = answered.into_iter().map(|question| Mitigation {
                control: None,
                element: run.g.element_ids[i].clone(),
                flow: None,
                answer: None,
                question: Some(question),
            });
            finding.mitigated_by = by.chain(std::mem::take(&mut finding.mitigated_by)).collect();
            finding.status = Status::Mitigated;
            finding.missing_controls = Arc::from(Vec::new());
        }
        Ok(vec![Arc::new(finding)])
    }

    /// The rule at flow `j`: its finding, or (into `questions`) the unanswered facts that stand
    /// between the flow and a finding.
    fn flow_origin(
        &self,
        run: &Run,
        rule: &CompiledRule,
        j: usize,
        questions: &mut Vec<(FlowId, FlowFact)>,
    ) -> Result<Vec<Arc<Finding>>, RuleError> {
        let Logic::Flow { sel, cond } = &rule.logic else {
            return Ok(Vec::new());
        };
        let (leg, unknown, answered) = match sel.flow_match(&run.facts, j) {
            FlowMatch::Yes(leg) => (leg, Vec::new(), Vec::new()),
            FlowMatch::Unknown(leg, facts) => (leg, facts, Vec::new()),
            FlowMatch::Answered(leg, facts) => (leg, Vec::new(), facts),
            FlowMatch::No => return Ok(Vec::new()),
        };
        // The part of the flow the selector matched: where that is what comes back, the
        // condition sees its ends as the selector's `from` and `to` did.
        if let Some(cond) = cond
            && !self.condition(run, rule, cond, Candidate::Flow(j, matches!(leg, Leg::Back)))?
        {
            return Ok(Vec::new());
        }
        let mut finding = flow_finding(run, rule, j, leg, sel.describe(&answered));
        if !answered.is_empty() {
            // Closed by the answer, whatever controls are recorded: the reviewer sees the
            // threat was considered and what closes it, as with a control on the flow.
            let receiver = run.g.element_ids[leg.ends(run.g.flow_ends[j]).1].clone();
            let flow = run.g.flow_ids[j].clone();
            let by = answered.into_iter().map(|fact| Mitigation {
                control: None,
                element: receiver.clone(),
                flow: Some(flow.clone()),
                answer: Some(fact),
                question: None,
            });
            finding.mitigated_by = by.chain(std::mem::take(&mut finding.mitigated_by)).collect();
            finding.status = Status::Mitigated;
            finding.missing_controls = Arc::from(Vec::new());
            return Ok(vec![Arc::new(finding)]);
        }
        // An unanswered fact is a question, unless the rule's controls close the finding
        // whatever the answer (encryption in transit implemented on the flow, say).
        if !unknown.is_empty() && finding.status != Status::Mitigated {
            questions.extend(unknown.into_iter().map(|f| (run.g.flow_ids[j].clone(), f)));
            return Ok(Vec::new());
        }
        Ok(vec![Arc::new(finding)])
    }

    fn path_origin<'r>(
        &'r self,
        run: &Run,
        rule: &'r CompiledRule,
        s: usize,
        tables: &mut Option<PathTables<'r>>,
    ) -> Result<Vec<Arc<Finding>>, RuleError> {
        let Some(PathLogic {
            source, source_fronts, ..
        }) = rule.logic.path()
        else {
            return Ok(Vec::new());
        };
        if !source.element(&run.facts, s) {
            return Ok(Vec::new());
        }
        // A server or API in front of a model drawn behind it is not a source of its own: the
        // model behind decides, from its own answers.
        let fronts = |j: usize| {
            [Leg::Forward, Leg::Back]
                .into_iter()
                .filter(|&leg| leg == Leg::Forward || !run.facts.flows[j].returns.is_empty())
                .any(|leg| {
                    leg.ends(run.g.flow_ends[j]).0 == s && source_fronts.iter().any(|f| f.walkable(&run.facts, j, leg))
                })
        };
        // Only flows at the source can start there either way: its own, never the whole model's.
        if !source_fronts.is_empty() && run.g.outgoing(s).chain(run.g.incoming(s)).any(fronts) {
            return Ok(Vec::new());
        }
        if tables.is_none() {
            *tables = PathTables::new(&run.facts, rule, &self.evidence);
        }
        let Some(t) = tables.as_mut() else {
            return Ok(Vec::new());
        };
        Ok(t.search(&run.facts, s)
            .into_iter()
            .map(|p| Arc::new(path_finding(run, rule, p)))
            .collect())
    }

    /// An element or flow rule's condition at one candidate.
    fn condition(&self, run: &Run, rule: &CompiledRule, cond: &Condition, at: Candidate) -> Result<bool, RuleError> {
        condition_value(rule, cond.eval(&self.rhai, &run.ctx, at))
    }

    /// A model-wide rule's findings, and for a script what it reported.
    fn global(
        &self,
        run: &Run,
        rule: &CompiledRule,
        ast: &rhai::AST,
        script: bool,
    ) -> Result<(Vec<Finding>, Option<Vec<crate::script::Emitted>>), RuleError> {
        if !script {
            let found = if condition_value(rule, eval_rhai(&self.rhai, ast, &run.ctx, None))? {
                vec![model_finding(run, rule)]
            } else {
                Vec::new()
            };
            return Ok((found, None));
        }
        let mut scope = RhaiScope::new();
        scope.push("model", ModelRef(run.ctx.clone()));
        take_emitted();
        let result = self.rhai.run_ast_with_scope(&mut scope, ast);
        let emitted = take_emitted();
        result.map_err(|e| eval_error(rule, 0, &e))?;
        let found = emitted.iter().map(|e| script_finding(run, rule, e.clone())).collect();
        Ok((found, Some(emitted)))
    }
}

/// Every rule's open questions, merged by fact and flow.
fn gather_questions(compiled: &[CompiledRule], states: &[Arc<RuleState>], g: &ModelGraph) -> Vec<Question> {
    let mut by: BTreeMap<(FlowFact, &FlowId), Vec<RuleId>> = BTreeMap::new();
    for (rule, state) in compiled.iter().zip(states) {
        for (flow, fact) in state.questions.iter() {
            by.entry((*fact, flow)).or_default().push(rule.rule.id.clone());
        }
    }
    by.into_iter()
        .map(|((fact, flow), rules)| Question {
            fact,
            flow: flow.clone(),
            rules,
            crosses_boundary: g.flow_index_of(flow).is_some_and(|j| g.crosses[j]),
        })
        .collect()
}

/// The controls' `evidenced_by` and `gated_ways` selectors, compiled.
fn catalog_evidence(cat: &Catalog) -> super::closure::Evidence {
    // By control number: the catalog's controls in id order.
    cat.controls
        .values()
        .map(|c| super::closure::ControlFlows {
            evidence: c.evidenced_by.as_ref().map(|s| super::select::Compiled::new(s, cat)),
            ways: c.gated_ways.as_ref().map(|s| super::select::Compiled::new(s, cat)),
        })
        .collect()
}

/// A script's error; when the budget stopped it, the budget's reason.
/// What a condition gave: true or false, or the rule error it is.
fn condition_value(rule: &CompiledRule, v: Result<Dynamic, Box<rhai::EvalAltResult>>) -> Result<bool, RuleError> {
    let offset = rule.line.saturating_sub(1);
    let v = v.map_err(|e| eval_error(rule, offset, &e))?;
    v.as_bool().map_err(|t| RuleError {
        path: rule.path.clone(),
        line: rule.line,
        column: 0,
        rule: Some(rule.rule.id.0.clone()),
        kind: crate::script::RuleErrorKind::Runtime,
        message: format!("the condition must give true or false, not {t}"),
    })
}

fn eval_error(rule: &CompiledRule, offset: usize, e: &rhai::EvalAltResult) -> RuleError {
    let mut err = RuleError::from_eval(&rule.path, Some(rule.rule.id.as_str()), offset, e);
    if let Some(reason) = budget::overrun() {
        err.kind = crate::script::RuleErrorKind::Limit;
        err.message = stopped(&reason);
    }
    err
}

fn stopped(reason: &str) -> String {
    format!("stopped by the sandbox: it {reason}")
}

/// The error of a rule its budget stopped: `rule "X": stopped: it ran over …`.
fn overrun_error(rule: &CompiledRule, reason: String) -> RuleError {
    RuleError {
        path: rule.path.clone(),
        line: rule.line,
        column: 0,
        rule: Some(rule.rule.id.0.clone()),
        kind: crate::script::RuleErrorKind::Limit,
        message: stopped(&reason),
    }
}

/// The budget of one evaluation: the steps and bytes left for its remaining rules, and the
/// wall-clock backstop.
struct RunMeter {
    limits: Limits,
    items: usize,
    run_total: u64,
    steps_left: u64,
    bytes_left: u64,
    deadline: Instant,
}

impl RunMeter {
    fn new(limits: &Limits, items: usize, start: Instant) -> Self {
        let run_total = limits.run_allowance(items);
        Self {
            limits: *limits,
            items,
            run_total,
            steps_left: run_total,
            bytes_left: limits.run_why_bytes as u64,
            deadline: start + std::time::Duration::from_millis(limits.deadline_millis),
        }
    }

    /// What the next rule may do: its own budget, or what is left of the run's if less.
    fn allowance(&self) -> budget::Allowance {
        let own = self.limits.rule_allowance(self.items);
        let (steps, what) = if own <= self.steps_left {
            (own, format!("its budget of {} steps", budget::thousands(own)))
        } else {
            (
                self.steps_left,
                format!(
                    "what was left ({} steps) of the budget of {} steps that all rules of one evaluation share",
                    budget::thousands(self.steps_left),
                    budget::thousands(self.run_total)
                ),
            )
        };
        budget::Allowance {
            steps,
            what,
            findings: self.limits.findings_allowance(self.items),
            why_bytes: self.limits.max_why_bytes,
            out_bytes: self.bytes_left,
            deadline: Some(self.deadline),
        }
    }

    fn spend(&mut self, spent: budget::Spent) {
        self.steps_left = self.steps_left.saturating_sub(spent.steps);
        self.bytes_left = self.bytes_left.saturating_sub(spent.bytes);
    }
}

/// Reuses the previous findings of an origin that nothing touched.
fn has_any(r: &Result<Vec<Arc<Finding>>, RuleError>) -> bool {
    !matches!(r, Ok(v) if v.is_empty())
}

/// Which origins an edit can affect, as index lists into the new graph plus the ids that are
/// gone.
struct Dirty {
    /// Elements or flows were added or removed, or ends or memberships changed.
    structural: bool,
    /// Flows whose own content changed (not those merely touching a changed element).
    changed_flows: Vec<usize>,
    /// Whether a changed flow carries or returns other data classes than before (or is new or
    /// gone): what scripts reading every flow's classes depend on.
    flow_classes_changed: bool,
    /// Changed elements.
    element_list: Vec<usize>,
    /// Changed elements with another name than before.
    renamed: Vec<usize>,
    /// Controls whose state changed, by changed element.
    recontrolled: Vec<(usize, ControlId)>,
    /// Answers given on a changed element that changed.
    reanswered: Vec<(usize, crate::model::PropKey)>,
    /// The ends of reshaped flows: what their drawing answers may have changed.
    redrawn: Vec<usize>,
    /// Changed flows that carry or return other classes, or do another operation, than before.
    reshaped_flows: Vec<usize>,
    /// Changed elements and the ends of changed flows (for rules that read neighbours).
    near_list: Vec<usize>,
    /// Changed flows and flows touching a changed element.
    flow_list: Vec<usize>,
    /// Elements from which a changed element is reachable within the longest path rule.
    path_source_list: Vec<usize>,
    /// Elements that no longer exist.
    removed_elements: Vec<ElementId>,
    /// Flows that no longer exist.
    removed_flows: Vec<FlowId>,
}

impl Dirty {
    fn new(g: &ModelGraph, old: Option<&ModelGraph>, c: &Changes, max_hops: usize, cat: &Catalog) -> Self {
        let n = g.len();
        let mut elements = vec![false; n];
        let mut flows = vec![false; g.flow_ids.len()];
        let mut removed_elements = Vec::new();
        let mut removed_flows = Vec::new();
        for id in &c.elements {
            match g.index_of(id) {
                Some(i) => elements[i] = true,
                None => removed_elements.push(id.clone()),
            }
        }
        for id in &c.flows {
            match g.flow_index_of(id) {
                Some(j) => flows[j] = true,
                None => removed_flows.push(id.clone()),
            }
        }
        // Flows touching a changed element read its kind and answers; elements next to a
        // changed flow or element are re-checked by rules whose conditions look at neighbours.
        let mut near = elements.clone();
        for (j, &(a, b)) in g.flow_ends.iter().enumerate() {
            if elements[a] || elements[b] {
                flows[j] = true;
            }
        }
        for (j, &(a, b)) in g.flow_ends.iter().enumerate() {
            if flows[j] {
                near[a] = true;
                near[b] = true;
            }
        }
        // A control counts for an element where every way into it passes a gate that has it,
        // walked back through gates and relaying hosts (`closure::Closer::gate_for`), and a
        // model takes in what a sender composed from outside content through relaying hosts
        // (`path::handed_in`): the elements behind a changed one through gates and hosts are
        // near too, and the flows at them are re-checked.
        for i in behind_gates(g, cat, &elements, &near) {
            near[i] = true;
            for j in g.incoming(i).chain(g.outgoing(i)) {
                flows[j] = true;
            }
        }
        // A path source is affected when it can reach something that changed, in the new graph
        // or (for removals) the old one.
        let seeds: Vec<usize> = (0..n).filter(|&i| near[i]).collect();
        let mut path_sources = vec![false; n];
        for u in reverse_reach(g, &seeds, max_hops) {
            path_sources[u] = true;
        }
        if let Some(old) = old {
            let old_seeds: Vec<usize> = c.elements.iter().filter_map(|id| old.index_of(id)).collect();
            for u in reverse_reach(old, &old_seeds, max_hops) {
                if let Some(ni) = old.element_ids.get(u).and_then(|eid| g.index_of(eid)) {
                    path_sources[ni] = true;
                }
            }
        }
        let list = |v: &[bool]| v.iter().enumerate().filter(|(_, d)| **d).map(|(i, _)| i).collect();
        let changed_flows = c.flows.iter().filter_map(|id| g.flow_index_of(id)).collect();
        let flow_classes_changed = c.flows.iter().any(|id| {
            let now = g.model.flows.get(id);
            let then = old.and_then(|o| o.model.flows.get(id));
            match (then, now) {
                (Some(a), Some(b)) => a.data != b.data || a.returns != b.returns,
                _ => true,
            }
        });
        let reshaped_flows: Vec<usize> = c
            .flows
            .iter()
            .filter(|id| {
                let then = old.and_then(|o| o.model.flows.get(*id));
                match (then, g.model.flows.get(*id)) {
                    (Some(a), Some(b)) => a.data != b.data || a.returns != b.returns || a.operation != b.operation,
                    _ => true,
                }
            })
            .filter_map(|id| g.flow_index_of(id))
            .collect();
        let renamed = c
            .elements
            .iter()
            .filter(|id| {
                let then = old.and_then(|o| o.model.elements.get(*id)).map(|e| &e.name);
                then != g.model.elements.get(*id).map(|e| &e.name)
            })
            .filter_map(|id| g.index_of(id))
            .collect();
        let mut recontrolled = Vec::new();
        let mut reanswered = Vec::new();
        for id in &c.elements {
            let (Some(i), Some(now)) = (g.index_of(id), g.model.elements.get(id)) else {
                continue;
            };
            let then = old.and_then(|o| o.model.elements.get(id));
            let answers = changed_keys(then.map(|e| &e.properties), &now.properties);
            reanswered.extend(answers.into_iter().map(|k| (i, k.clone())));
            let controls = changed_keys(then.map(|e| &e.controls), &now.controls);
            recontrolled.extend(controls.into_iter().map(|k| (i, k.clone())));
        }
        // What the drawing answers for an element depends on the operations of the flows at
        // it (and on structure): a control or a transport answer on a flow changes none.
        let mut redrawn: Vec<usize> = reshaped_flows
            .iter()
            .flat_map(|&j| [g.flow_ends[j].0, g.flow_ends[j].1])
            .collect();
        redrawn.sort_unstable();
        redrawn.dedup();
        Self {
            structural: c.structural,
            changed_flows,
            flow_classes_changed,
            renamed,
            recontrolled,
            reanswered,
            redrawn,
            reshaped_flows,
            element_list: list(&elements),
            near_list: list(&near),
            flow_list: list(&flows),
            path_source_list: list(&path_sources),
            removed_elements,
            removed_flows,
        }
    }
}

/// The elements (not in `near`) behind the `changed` elements through gates and relaying
/// hosts, at most [`super::relay::MAX_RELAY_HOPS`] of them in a row: those whose closure by a
/// gate (`closure::Closer::gate_for`, which walks back through gates and hosts to one with the
/// control) an edit of a changed element can change. A changed element is walked from
/// whatever it is now (a gate that stopped being one changes what stood behind it).
fn behind_gates(g: &ModelGraph, cat: &Catalog, changed: &[bool], near: &[bool]) -> Vec<usize> {
    let passes = |i: usize| {
        g.model
            .elements
            .get(&g.element_ids[i])
            .and_then(|e| cat.kinds.get(&e.kind))
            .is_some_and(|k| super::closure::kind_is_gate(k) || super::relay::kind_relays(k))
    };
    let mut walked = changed.to_vec();
    let mut added = near.to_vec();
    let mut out = Vec::new();
    let mut frontier: Vec<usize> = (0..g.len()).filter(|&i| changed[i]).collect();
    for _ in 0..=super::relay::MAX_RELAY_HOPS {
        let mut next = Vec::new();
        for &x in &frontier {
            let ends = g
                .incoming(x)
                .map(|j| g.flow_ends[j].0)
                .chain(g.outgoing(x).map(|j| g.flow_ends[j].1));
            for y in ends {
                if !added[y] {
                    added[y] = true;
                    out.push(y);
                }
                if !walked[y] && passes(y) {
                    walked[y] = true;
                    next.push(y);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    out
}

/// Every element from which one of `seeds` can be reached in at most `max_hops` flows as the
/// path search walks them (forwards, and backwards over flows whose data comes back), seeds
/// included.
fn reverse_reach(g: &ModelGraph, seeds: &[usize], max_hops: usize) -> Vec<usize> {
    let mut seen = vec![false; g.len()];
    let mut frontier: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for &s in seeds {
        if !seen[s] {
            seen[s] = true;
            frontier.push(s);
            out.push(s);
        }
    }
    for _ in 0..max_hops {
        let mut next = Vec::new();
        for n in frontier {
            let back = g.incoming(n).map(|j| g.flow_ends[j].0);
            let bidi = g
                .outgoing(n)
                .filter(|&j| g.flow(j).is_some_and(|f| !f.returns.is_empty()))
                .map(|j| g.flow_ends[j].1);
            for m in back.chain(bidi) {
                if !seen[m] {
                    seen[m] = true;
                    next.push(m);
                    out.push(m);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    out
}

fn base(rule: &CompiledRule, id: String, anchor: ElementId, elements: Vec<ElementId>, why: String, fp: u64) -> Finding {
    Finding {
        id: FindingId::new(id),
        rule: rule.rule.id.clone(),
        title: rule.shared.title.clone(),
        severity: rule.rule.severity(),
        base_severity: rule.rule.severity(),
        severity_why: String::new(),
        assessed_severity: None,
        computed_severity: None,
        status: Status::Open,
        review_due: false,
        anchor,
        elements,
        flow: None,
        boundary: None,
        path: Vec::new(),
        why,
        missing_controls: rule.shared.controls.clone(),
        mitigated_by: Vec::new(),
        closing: Vec::new(),
        members: Vec::new(),
        refines: Vec::new(),
        folded: Vec::new(),
        stride: rule.shared.stride.clone(),
        references: rule.shared.references.clone(),
        fingerprint: super::finding::hex16(fp),
        triage: None,
        stale: false,
    }
}

fn matched_text(facts: &[String]) -> String {
    if facts.is_empty() {
        String::new()
    } else {
        [" (", &facts.join("; "), ")"].concat()
    }
}

fn element_finding(run: &Run, rule: &CompiledRule, i: usize, facts: Vec<String>) -> Finding {
    let id = run.g.element_ids[i].clone();
    // Built by pieces, not `format!` (a few thousand findings a run).
    let mut why = if facts.is_empty() {
        [run.name(i), " is in scope of this rule."].concat()
    } else {
        [run.name(i), ": ", &facts.join("; "), "."].concat()
    };
    // Where it hands what the threat is about on (generated code to the sandbox that runs
    // it), whose controls can close it too.
    let mut receivers: Vec<usize> = Vec::new();
    // Through a relaying host the rule does not take itself (an API gateway, a model server, a
    // queue), the receivers behind it, as `inputs` walk back to senders.
    if !rule.hands_to.is_empty() {
        receivers = hands_on(run, rule, i, &[], &mut why);
    }
    // Callers that get it back and act on it (a service asking an identity check for its
    // verdict) are receivers too, behind relaying hosts as well.
    if !rule.hands_back.is_empty() {
        let (mut callers, hosts) = handed_through(run, i, &rule.hands_back, &rule.hands_back_via, &[], Leg::Back);
        callers.retain(|a| !receivers.contains(a));
        if !callers.is_empty() {
            let names: Vec<&str> = callers.iter().map(|&a| run.name(a)).collect();
            why.push_str(" It returns it to ");
            why.push_str(&names.join(", "));
            why.push_str(", which asked for it.");
            receivers.extend(callers);
        }
        // A host in front of it that asked for it and sends it on: the services it sends it to.
        let (by, mut onward) = passed_on(run, i, &rule.hands_back, &rule.hands_back_via, &hosts);
        onward.retain(|a| !receivers.contains(a));
        if !onward.is_empty() {
            let by: Vec<&str> = by.iter().map(|&h| run.name(h)).collect();
            let names: Vec<&str> = onward.iter().map(|&a| run.name(a)).collect();
            why.push_str(" What it returns to ");
            why.push_str(&by.join(", "));
            why.push_str(" is passed on to ");
            why.push_str(&names.join(", "));
            why.push('.');
            receivers.extend(onward);
        }
        receivers.sort_unstable();
    }
    let elements = std::iter::once(id.clone())
        .chain(receivers.iter().map(|&b| run.g.element_ids[b].clone()))
        .collect();
    // A receiver joining is a change triage given before did not see.
    let mut fp = run.element_fp(i);
    if !receivers.is_empty() {
        let mut h = Fnv::default();
        h.write(&fp.to_le_bytes());
        for &b in &receivers {
            h.str(run.g.element_ids[b].as_str());
        }
        fp = h.finish();
    }
    let mut f = base(
        rule,
        [rule.rule.id.as_str(), id.as_str()].join("@"),
        id.clone(),
        elements,
        why,
        fp,
    );
    run.close(
        rule,
        &mut f,
        &Places {
            anchor: i,
            receivers,
            ..Places::default()
        },
    );
    f
}

/// The keys whose value differs between `then` (`None`: the element is new) and `now`.
fn changed_keys<'m, K: Ord, V: PartialEq>(
    then: Option<&'m BTreeMap<K, V>>,
    now: &'m BTreeMap<K, V>,
) -> std::collections::BTreeSet<&'m K> {
    let before = then.into_iter().flat_map(BTreeMap::iter);
    now.keys()
        .chain(before.map(|(k, _)| k))
        .filter(|k| then.and_then(|t| t.get(*k)) != now.get(*k))
        .collect()
}

/// A flow rule's finding about the data moving along `leg` of flow `j`: from its sender to its
/// receiver, shown on the receiver.
fn flow_finding(run: &Run, rule: &CompiledRule, j: usize, leg: Leg, facts: Vec<String>) -> Finding {
    let (a, b) = leg.ends(run.g.flow_ends[j]);
    let (ea, eb) = (run.g.element_ids[a].clone(), run.g.element_ids[b].clone());
    let flow_id = run.g.flow_ids[j].clone();
    let flow = run.facts.flows.get(j).copied();
    let label = flow
        .map(|f| f.label.as_str())
        .filter(|l| !l.is_empty())
        .unwrap_or(flow_id.as_str());
    let data: Vec<&str> = flow
        .map(|f| match leg {
            Leg::Forward => f.data.iter().map(|d| d.as_str()).collect(),
            Leg::Back => f.returns.iter().map(|d| d.as_str()).collect(),
        })
        .unwrap_or_default();
    let carries = if data.is_empty() {
        String::new()
    } else {
        [", carrying ", &data.join(", ")].concat()
    };
    // A rule about how the receiver is reached says which protocol the flow uses.
    let over = flow
        .map(|f| f.protocol.trim())
        .filter(|p| !p.is_empty() && !rule.rule.selector.protocols.is_empty())
        .map(|p| format!(" over {p}"))
        .unwrap_or_default();
    // Built by pieces, not `format!` (a few thousand findings a run); `{:?}` quotes the label.
    let mut why = String::with_capacity(128);
    why.push_str(match leg {
        Leg::Forward => "Flow ",
        Leg::Back => "What comes back over flow ",
    });
    push_quoted(&mut why, label);
    let over = if leg == Leg::Forward { over.as_str() } else { "" };
    for piece in [
        over,
        " from ",
        run.name(a),
        " to ",
        run.name(b),
        &carries,
        &matched_text(&facts),
        ".",
    ] {
        why.push_str(piece);
    }
    // An end the selector takes by one of several alternatives says what that alternative
    // asked of it beyond its kind (why a sender counts as another organisation's: its zone,
    // an answer); a kind or trait alternative repeats the kind named beside the element.
    if let Logic::Flow { sel, .. } = &rule.logic {
        for (i, said) in sel.describe_ends(&run.facts, j, leg) {
            for piece in [" ", run.name(i), ": ", &said.join("; "), "."] {
                why.push_str(piece);
            }
        }
    }
    // Where the receiver hands what the threat is about on (`hands_to`: generated code to the
    // terminal that installs what it names), not back to the sender.
    let mut receivers: Vec<usize> = Vec::new();
    let mut fp = run.flow_fp(j, leg);
    if !rule.hands_to.is_empty() {
        receivers = hands_on(run, rule, b, &[a, b], &mut why);
        if !receivers.is_empty() {
            // A receiver joining is a change triage given before did not see.
            let mut h = Fnv::default();
            h.write(&fp.to_le_bytes());
            for &r in &receivers {
                h.str(run.g.element_ids[r].as_str());
            }
            fp = h.finish();
        }
    }
    let elements = [ea, eb.clone()]
        .into_iter()
        .chain(receivers.iter().map(|&r| run.g.element_ids[r].clone()))
        .collect();
    let mut f = base(
        rule,
        [rule.rule.id.as_str(), run.g.element_ids[a].as_str(), eb.as_str()].join("@"),
        eb.clone(),
        elements,
        why,
        fp,
    );
    f.flow = Some(flow_id);
    run.close(
        rule,
        &mut f,
        &Places {
            anchor: b,
            source: Some(a),
            sink: Some(b),
            flow: Some(j),
            guards: Vec::new(),
            receivers,
        },
    );
    f
}

/// A path found by the search: elements from source to sink, and the guards on it when every
/// path is guarded.
pub(crate) struct FoundPath {
    pub(crate) path: Vec<usize>,
    pub(crate) guards: Vec<(usize, Option<ControlId>)>,
    pub(crate) guard_text: String,
}

fn path_finding(run: &Run, rule: &CompiledRule, p: FoundPath) -> Finding {
    let (Some(&s), Some(&t)) = (p.path.first(), p.path.last()) else {
        // Unreachable (a found path has both ends); the id keeps the `RULE@` prefix every
        // finding of the rule sorts under.
        return base(
            rule,
            format!("{}@?", rule.rule.id),
            ElementId::new("?"),
            Vec::new(),
            String::new(),
            0,
        );
    };
    let ids: Vec<ElementId> = p.path.iter().map(|&i| run.g.element_ids[i].clone()).collect();
    // A way that passes an element before its sink (`PathSpec::after`) may come back through
    // one it passed: each is one of the finding's elements once.
    let mut members: Vec<ElementId> = Vec::with_capacity(ids.len());
    for id in &ids {
        if !members.contains(id) {
            members.push(id.clone());
        }
    }
    let chain: Vec<&str> = p.path.iter().map(|&i| run.name(i)).collect();
    let mut h = Fnv::default();
    for &i in &p.path {
        h.write(&run.element_fp(i).to_le_bytes());
    }
    let sink = ids[ids.len() - 1].clone();
    let why = if p.guards.is_empty() {
        [
            "Path: ",
            &chain.join(" → "),
            ". Nothing after ",
            run.name(s),
            " on this path ",
            &p.guard_text,
            ".",
        ]
        .concat()
    } else {
        // An element holding two controls of a set is one guard, named once.
        let mut names: Vec<&str> = Vec::with_capacity(p.guards.len());
        for (g, _) in &p.guards {
            if !names.contains(&run.name(*g)) {
                names.push(run.name(*g));
            }
        }
        [
            "Path: ",
            &chain.join(" → "),
            ". Every path is guarded by ",
            &names.join(", "),
            ".",
        ]
        .concat()
    };
    let mut f = base(
        rule,
        [
            rule.rule.id.as_str(),
            run.g.element_ids[s].as_str(),
            run.g.element_ids[t].as_str(),
        ]
        .join("@"),
        sink,
        members,
        why,
        h.finish(),
    );
    f.path = ids;
    if p.guards.is_empty() {
        // No guard on the way: sets on the source or sink may still close it.
        run.close(
            rule,
            &mut f,
            &Places {
                anchor: t,
                source: Some(s),
                sink: Some(t),
                flow: None,
                guards: p.path.get(1..).unwrap_or_default().to_vec(),
                receivers: Vec::new(),
            },
        );
        if f.status == Status::Open {
            f.why.push_str(&partly_apart(run, rule, &p.path));
        }
        f.why.push_str(&taking_text(run, rule, &p.path));
        // The walk's sentence says only that nothing *after* the source guards the path; a
        // set on the source or sink that closes it must be said too, or the why reads as open.
        if f.status == Status::Mitigated {
            let on: Vec<String> = f
                .mitigated_by
                .iter()
                .filter_map(|m| {
                    let i = p.path.iter().find(|&&i| run.g.element_ids[i] == m.element)?;
                    Some(format!("{} on {}", m.control.as_ref()?, run.name(*i)))
                })
                .collect();
            if !on.is_empty() {
                f.why = [f.why.as_str(), " It is closed by ", &on.join(" and "), "."].concat();
            }
        }
    } else {
        f.status = Status::Mitigated;
        f.missing_controls = Arc::from(Vec::new());
        f.mitigated_by = p
            .guards
            .into_iter()
            .map(|(g, c)| Mitigation {
                control: c,
                element: run.g.element_ids[g].clone(),
                flow: None,
                answer: None,
                question: None,
            })
            .collect();
    }
    f
}

/// Where the rule's `after` element must take something in (`PathSpec::after_taking`), what
/// the one on the way shown takes in and from whom: the outside content an instruction can
/// ride in on ("Hosted LLM takes in web-content from Browser tool"), or, where it takes that
/// in only as a sender composed it (`PathSpec::after_taking_via`), what it takes from the
/// sender and what the sender took ("Hosted LLM takes in prompts from Backend, which takes in
/// internal-documents from Vector store").
fn taking_text(run: &Run, rule: &CompiledRule, path: &[usize]) -> String {
    let Some(super::compiled::PathLogic {
        after: Some(a),
        after_taking,
        after_taking_via,
        ..
    }) = rule.logic.path()
    else {
        return String::new();
    };
    if after_taking.is_empty() {
        return String::new();
    }
    let facts = &run.facts;
    let named = data_named(rule.rule.path.iter().flat_map(|p| p.after_taking.iter()));
    for &n in path.iter().skip(1).filter(|&&n| a.element(facts, n)) {
        let flows = super::path::taken_in(facts, after_taking, n);
        if !flows.is_empty() {
            let (data, from) = taken_text(run, &flows, &named);
            return [
                " ",
                run.name(n),
                " takes in ",
                &data,
                " from ",
                &from,
                ", which an outsider can write instructions into.",
            ]
            .concat();
        }
        let Some(via) = after_taking_via else {
            continue;
        };
        let handed = super::path::handed_in(facts, after_taking, via, n);
        if handed.is_empty() {
            continue;
        }
        let via_named = data_named(rule.rule.path.iter().flat_map(|p| p.after_taking_via.as_deref()));
        let mut parts: Vec<String> = Vec::new();
        for h in &handed {
            let (hop, _) = taken_text(run, &[h.hop], &via_named);
            let (data, from) = taken_text(run, &h.taken, &named);
            let mut part = [hop.as_str(), " from ", run.name(h.sender)].concat();
            if !h.hosts.is_empty() {
                let hosts: Vec<&str> = h.hosts.iter().rev().map(|&x| run.name(x)).collect();
                part.push_str(" (through ");
                part.push_str(&hosts.join(", "));
                part.push(')');
            }
            part.push_str(&[", which takes in ", &data, " from ", &from].concat());
            parts.push(part);
        }
        return [
            " ",
            run.name(n),
            " takes in ",
            &parts.join("; "),
            ", which an outsider can write instructions into.",
        ]
        .concat();
    }
    String::new()
}

/// The data classes the selectors `sels` name, for [`taken_text`].
fn data_named<'r>(sels: impl Iterator<Item = &'r crate::catalog::Selector>) -> std::collections::BTreeSet<&'r str> {
    sels.flat_map(|s| s.data.iter().map(|d| d.as_str())).collect()
}

/// The data the flows `flows` (with the leg each is taken along) carry, of those `named` (all
/// where it is empty), and their senders, as [`taking_text`] names them.
fn taken_text(run: &Run, flows: &[(usize, Leg)], named: &std::collections::BTreeSet<&str>) -> (String, String) {
    let facts = &run.facts;
    let mut data: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut from: Vec<&str> = Vec::new();
    for &(j, leg) in flows {
        let f = facts.flows[j];
        let carried = if leg == Leg::Forward { &f.data } else { &f.returns };
        data.extend(
            carried
                .iter()
                .map(|d| d.as_str())
                .filter(|d| named.is_empty() || named.contains(d)),
        );
        let sender = run.name(leg.ends(run.g.flow_ends[j]).0);
        if !from.contains(&sender) {
            from.push(sender);
        }
    }
    let data: Vec<&str> = data.into_iter().collect();
    (data.join(", "), from.join(", "))
}

/// For an open path finding, the first set closing by controls apart that is only partly in
/// place on the way shown: which of its controls stand where, and which stand on no element of
/// every way (an output check on the backend, no audit trail on every way on), so the sentence
/// that nothing on the path has the set is not read as nothing having any of it.
fn partly_apart(run: &Run, rule: &CompiledRule, path: &[usize]) -> String {
    let closer = run.closer();
    for set in rule.sets.iter().filter(|s| s.apart && s.all.len() > 1) {
        let mut held: Vec<String> = Vec::new();
        let mut lacking: Vec<&str> = Vec::new();
        for (c, control) in set.all.iter().enumerate() {
            let at = path
                .iter()
                .skip(1)
                .find_map(|&n| closer.implemented_for(n, control, set.nums[c]));
            match at {
                Some(at) => held.push([control.as_str(), " is on ", run.name(at)].concat()),
                None => lacking.push(control.as_str()),
            }
        }
        if !held.is_empty() && !lacking.is_empty() {
            return [
                " Of the controls that close it together, ",
                &held.join(" and "),
                ", but ",
                &lacking.join(" and "),
                " is not on every way.",
            ]
            .concat();
        }
    }
    String::new()
}

fn model_finding(run: &Run, rule: &CompiledRule) -> Finding {
    let anchor = run
        .g
        .element_ids
        .first()
        .cloned()
        .unwrap_or_else(|| ElementId::new("model"));
    let why = format!(
        "The model as a whole matches this rule's condition: {}.",
        rule.rule.condition.as_deref().unwrap_or("")
    );
    base(rule, format!("{}@model", rule.rule.id), anchor, Vec::new(), why, 0)
}

fn script_finding(run: &Run, rule: &CompiledRule, e: crate::script::Emitted) -> Finding {
    let ids: Vec<ElementId> = e
        .elements
        .iter()
        .filter_map(|&i| run.g.element_ids.get(i).cloned())
        .collect();
    let mut h = Fnv::default();
    for &i in &e.elements {
        h.write(&run.element_fp(i).to_le_bytes());
    }
    h.str(&e.why);
    let mut id = rule.rule.id.0.clone();
    for el in &ids {
        id.push('@');
        id.push_str(el.as_str());
    }
    let anchor = match e.flow {
        Some(_) => ids.last().cloned(),
        None => ids.first().cloned(),
    }
    .unwrap_or_else(|| ElementId::new("model"));
    let mut f = base(rule, id, anchor.clone(), ids, e.why, h.finish());
    f.flow = e.flow.and_then(|j| run.g.flow_ids.get(j).cloned());
    if let Some(i) = run.g.index_of(&anchor) {
        let places = match e.flow {
            Some(j) => {
                let (from, to) = run.g.flow_ends[j];
                Places {
                    anchor: i,
                    source: Some(from),
                    sink: Some(to),
                    flow: Some(j),
                    guards: Vec::new(),
                    receivers: Vec::new(),
                }
            }
            None => Places {
                anchor: i,
                ..Places::default()
            },
        };
        run.close(rule, &mut f, &places);
    }
    f
}

/// The severity a workshop confirmed from the room's votes is the finding's assessed severity,
/// unless its triage already assesses one (a triage record is the later, deliberate decision).
fn apply_votes(f: Arc<Finding>, model: &Model) -> Arc<Finding> {
    match model.votes.get(&f.id).and_then(|v| v.confirmed) {
        Some(confirmed) if f.assessed_severity.is_none() => {
            let mut f2 = (*f).clone();
            f2.computed_severity = Some(f2.severity);
            f2.assessed_severity = Some(confirmed);
            f2.severity = confirmed;
            Arc::new(f2)
        }
        _ => f,
    }
}

/// Applies the model's triage to a finding (open findings only: a mitigated finding stays
/// mitigated whatever was decided before) and flags stale triage.
fn apply_triage(f: Arc<Finding>, model: &Model, today: Date) -> Arc<Finding> {
    if model.triage.is_empty() {
        return f;
    }
    // Findings were gathered per anchor (format 3): a verdict stored under a member's old id
    // still applies when every such verdict agrees.
    let t = match model.triage.get(&f.id) {
        Some(t) => t,
        None => {
            let old: Vec<&crate::model::Triage> = f.members.iter().filter_map(|m| model.triage.get(&m.id)).collect();
            match old.split_first() {
                Some((first, rest)) if rest.iter().all(|t| t.status == first.status) => *first,
                _ => return f,
            }
        }
    };
    let mut f2 = (*f).clone();
    // A verdict holds until its review date; from then the finding is open again, flagged.
    f2.review_due = t.review_due(today);
    if f2.status == Status::Open && !f2.review_due {
        f2.status = t.status.into();
    }
    if let Some(assessed) = t.severity {
        f2.computed_severity = Some(f2.severity);
        f2.assessed_severity = Some(assessed);
        f2.severity = assessed;
    }
    f2.stale = !t.fingerprint.is_empty() && t.fingerprint != f2.fingerprint;
    f2.triage = Some(Box::new(t.clone()));
    Arc::new(f2)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_quoted_as_debug_quotes_them() {
        for text in [
            "plain name",
            "",
            "quote \" in",
            "back \\ slash",
            "tab\t",
            "naïve",
            "a\u{202e}b",
            "it's",
            "~!@#",
            "\u{7f}",
        ] {
            let mut s = String::new();
            super::push_quoted(&mut s, text);
            assert_eq!(s, format!("{text:?}"));
        }
    }
}

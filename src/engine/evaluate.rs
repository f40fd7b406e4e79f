//! Evaluation: runs every rule over a model and produces findings with their status, why and
//! missing controls. Results are grouped by origin (rule × element, flow or path source) so an
//! edit re-evaluates only the origins it touched.

use super::changes::Changes;
use super::compiled::{CompiledRule, Logic, compile_all};
use super::finding::{Finding, Fnv, Mitigation, Status};
use super::path::PathTables;
use super::select::{Facts, kind_numbers};
use crate::catalog::Catalog;
use crate::model::{ControlId, ElementId, FindingId, FlowId, KindId, Model, ModelGraph};
use crate::script::{Ctx, ElementRef, FlowRef, Limits, ModelRef, RuleError, new_engine, take_emitted};
use rhai::{Dynamic, Engine as Rhai, Scope as RhaiScope};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What produced a group of findings; the unit of incremental re-evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Origin {
    Element(u32, ElementId),
    Flow(u32, FlowId),
    Path(u32, ElementId),
    Global(u32),
}

/// The result of evaluating a model.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The document revision this was computed for.
    pub revision: u64,
    /// Findings sorted by id, triage applied.
    pub findings: Vec<Arc<Finding>>,
    /// Rule errors: compile errors and errors while running, each with file:line.
    pub errors: Vec<RuleError>,
    /// How long it took.
    pub elapsed: Duration,
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
    pub(crate) by_origin: HashMap<Origin, Vec<Arc<Finding>>>,
    pub(crate) runtime_errors: BTreeMap<Origin, RuleError>,
}

/// The threat engine: the compiled library and the sandbox it runs in.
pub struct Engine {
    catalog: Arc<Catalog>,
    rules: Vec<CompiledRule>,
    /// The longest path any path rule follows.
    max_hops: usize,
    kind_numbers: HashMap<KindId, usize>,
    errors: Vec<RuleError>,
    rhai: Rhai,
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
    ctx: Arc<Ctx>,
    by_kind: HashMap<&'a KindId, Vec<usize>>,
    fingerprints: Vec<std::cell::Cell<Option<u64>>>,
}

impl<'a> Run<'a> {
    fn new(cat: &'a Catalog, g: &'a ModelGraph, catalog_arc: Arc<Catalog>, numbers: &HashMap<KindId, usize>) -> Self {
        let facts = Facts::new(g, cat, numbers);
        let mut by_kind: HashMap<&KindId, Vec<usize>> = HashMap::default();
        for (i, el) in facts.els.iter().enumerate() {
            by_kind.entry(&el.kind).or_default().push(i);
        }
        Self {
            g,
            facts,
            ctx: Arc::new(Ctx {
                graph: Arc::new(g.clone()),
                catalog: catalog_arc,
            }),
            by_kind,
            fingerprints: vec![std::cell::Cell::new(None); g.len()],
        }
    }

    /// Candidate elements for a selector's static kind set.
    fn candidates(&self, kinds: &Option<HashSet<KindId>>) -> Vec<usize> {
        match kinds {
            None => (0..self.g.len()).collect(),
            Some(set) => {
                let mut v: Vec<usize> = set
                    .iter()
                    .filter_map(|k| self.by_kind.get(k))
                    .flatten()
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

    fn name(&self, i: usize) -> String {
        let el = self.facts.els.get(i);
        match el {
            Some(e) => {
                let kind = self.facts.kinds[i].map_or(e.kind.as_str(), |k| k.name.as_str());
                format!("{:?} ({kind})", e.name)
            }
            None => "?".into(),
        }
    }

    fn implemented(&self, i: usize, controls: &[ControlId]) -> Vec<ControlId> {
        self.facts.els.get(i).map_or_else(Vec::new, |e| {
            controls.iter().filter(|c| e.has_control(c)).cloned().collect()
        })
    }
}

fn hex(fp: u64) -> String {
    format!("{fp:016x}")
}

impl Engine {
    /// Compiles the catalog's rules. Rules that fail to compile are reported by [`errors`]
    /// and left out; the rest run.
    ///
    /// [`errors`]: Engine::errors
    pub fn new(catalog: Arc<Catalog>) -> Self {
        Self::with_limits(catalog, Limits::default())
    }

    /// As [`Engine::new`] with explicit sandbox limits.
    pub fn with_limits(catalog: Arc<Catalog>, limits: Limits) -> Self {
        let rhai = new_engine(limits);
        let (rules, errors) = compile_all(&catalog, &rhai);
        let max_hops = rules
            .iter()
            .filter_map(|r| match r.logic {
                Logic::Path { max_hops, .. } => Some(max_hops),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let kind_numbers = kind_numbers(&catalog);
        Self {
            catalog,
            rules,
            max_hops,
            kind_numbers,
            errors,
            rhai,
        }
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
        self.rules.iter().map(|r| &r.rule)
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
        let run = Run::new(&self.catalog, &graph, self.catalog.clone(), &self.kind_numbers);
        let mut state = State {
            graph: None,
            by_origin: HashMap::default(),
            runtime_errors: BTreeMap::new(),
        };
        let dirty = prev.map(|_| Dirty::new(&graph, old_graph, changes, self.max_hops));
        let mut ordered: Vec<Arc<Finding>> = Vec::new();

        for (ri, rule) in self.rules.iter().enumerate() {
            let ri = ri as u32;
            match &rule.logic {
                Logic::Element { sel, cond } => {
                    let redo = |i: usize| {
                        dirty
                            .as_ref()
                            .is_none_or(|d| d.element(i, rule.reads_model || cond.is_some()))
                    };
                    for i in run.candidates(&sel.kinds) {
                        let origin = || Origin::Element(ri, graph.element_ids[i].clone());
                        if !redo(i) {
                            carry(prev, &mut state, &mut ordered, origin());
                            continue;
                        }
                        if !sel.element(&run.facts, i) {
                            continue;
                        }
                        let origin = origin();
                        if let Some(ast) = cond {
                            match self.condition(&run, rule, ast, Some(i), None) {
                                Ok(true) => {}
                                Ok(false) => continue,
                                Err(e) => {
                                    state.runtime_errors.insert(origin, e);
                                    continue;
                                }
                            }
                        }
                        let f = element_finding(&run, rule, i, sel.describe_element(&run.facts, i));
                        keep(&mut state, &mut ordered, origin, vec![Arc::new(f)]);
                    }
                }
                Logic::Flow { sel, cond } => {
                    for j in 0..graph.flow_ids.len() {
                        let origin = || Origin::Flow(ri, graph.flow_ids[j].clone());
                        if dirty.as_ref().is_some_and(|d| !d.flow(j, rule.reads_model)) {
                            carry(prev, &mut state, &mut ordered, origin());
                            continue;
                        }
                        if !sel.flow(&run.facts, j) {
                            continue;
                        }
                        let origin = origin();
                        if let Some(ast) = cond {
                            match self.condition(&run, rule, ast, None, Some(j)) {
                                Ok(true) => {}
                                Ok(false) => continue,
                                Err(e) => {
                                    state.runtime_errors.insert(origin, e);
                                    continue;
                                }
                            }
                        }
                        let f = flow_finding(&run, rule, j, sel.describe());
                        keep(&mut state, &mut ordered, origin, vec![Arc::new(f)]);
                    }
                }
                Logic::Path { source, .. } => {
                    let mut tables: Option<PathTables> = None;
                    for s in run.candidates(&source.kinds) {
                        let origin = || Origin::Path(ri, graph.element_ids[s].clone());
                        if dirty.as_ref().is_some_and(|d| !d.path_source(s)) {
                            carry(prev, &mut state, &mut ordered, origin());
                            continue;
                        }
                        if !source.element(&run.facts, s) {
                            continue;
                        }
                        let origin = origin();
                        if tables.is_none() {
                            tables = PathTables::new(&run.facts, rule);
                        }
                        let Some(t) = tables.as_mut() else { continue };
                        let found = t.search(&run.facts, s);
                        if !found.is_empty() {
                            let fs = found
                                .into_iter()
                                .map(|p| Arc::new(path_finding(&run, rule, p)))
                                .collect();
                            keep(&mut state, &mut ordered, origin, fs);
                        }
                    }
                }
                Logic::Global { ast, script } => {
                    let origin = Origin::Global(ri);
                    match self.global(&run, rule, ast, *script) {
                        Ok(fs) if !fs.is_empty() => {
                            keep(&mut state, &mut ordered, origin, fs.into_iter().map(Arc::new).collect());
                        }
                        Ok(_) => {}
                        Err(e) => {
                            state.runtime_errors.insert(origin, e);
                        }
                    }
                }
            }
        }

        // Nearly sorted already (rules and elements in id order), which the stable sort exploits.
        let mut findings: Vec<Arc<Finding>> = ordered.into_iter().map(|f| apply_triage(f, &model)).collect();
        findings.sort_by(|a, b| a.id.cmp(&b.id));
        findings.dedup_by(|a, b| a.id == b.id);
        let mut errors = self.errors.clone();
        errors.extend(state.runtime_errors.values().cloned());
        state.graph = Some(graph);
        Evaluation {
            revision,
            findings,
            errors,
            elapsed: start.elapsed(),
            state: Arc::new(state),
        }
    }

    fn condition(
        &self,
        run: &Run,
        rule: &CompiledRule,
        ast: &rhai::AST,
        el: Option<usize>,
        flow: Option<usize>,
    ) -> Result<bool, RuleError> {
        let mut scope = RhaiScope::new();
        scope.push("model", ModelRef(run.ctx.clone()));
        if let Some(i) = el {
            scope.push("el", ElementRef::new(run.ctx.clone(), i));
        }
        if let Some(j) = flow {
            scope.push("flow", FlowRef::new(run.ctx.clone(), j));
        }
        let offset = rule.line.saturating_sub(1);
        let v: Dynamic = self
            .rhai
            .eval_ast_with_scope(&mut scope, ast)
            .map_err(|e| RuleError::from_eval(&rule.path, Some(rule.rule.id.as_str()), offset, &e))?;
        v.as_bool().map_err(|t| RuleError {
            path: rule.path.clone(),
            line: rule.line,
            column: 0,
            rule: Some(rule.rule.id.0.clone()),
            kind: crate::script::RuleErrorKind::Runtime,
            message: format!("the condition must give true or false, not {t}"),
        })
    }

    fn global(&self, run: &Run, rule: &CompiledRule, ast: &rhai::AST, script: bool) -> Result<Vec<Finding>, RuleError> {
        if !script {
            return Ok(if self.condition(run, rule, ast, None, None)? {
                vec![model_finding(run, rule)]
            } else {
                Vec::new()
            });
        }
        let mut scope = RhaiScope::new();
        scope.push("model", ModelRef(run.ctx.clone()));
        take_emitted();
        let result = self.rhai.run_ast_with_scope(&mut scope, ast);
        let emitted = take_emitted();
        result.map_err(|e| RuleError::from_eval(&rule.path, Some(rule.rule.id.as_str()), 0, &e))?;
        Ok(emitted.into_iter().map(|e| script_finding(run, rule, e)).collect())
    }
}

/// Reuses the previous findings of an origin that nothing touched.
/// Records the findings of an origin, for the result (in rule and element order) and for the
/// next incremental run.
fn keep(state: &mut State, ordered: &mut Vec<Arc<Finding>>, origin: Origin, fs: Vec<Arc<Finding>>) {
    ordered.extend(fs.iter().cloned());
    state.by_origin.insert(origin, fs);
}

fn carry(prev: Option<&State>, state: &mut State, ordered: &mut Vec<Arc<Finding>>, origin: Origin) {
    let Some(p) = prev else { return };
    if let Some(e) = p.runtime_errors.get(&origin) {
        state.runtime_errors.insert(origin.clone(), e.clone());
    }
    if let Some(fs) = p.by_origin.get(&origin) {
        ordered.extend(fs.iter().cloned());
        state.by_origin.insert(origin, fs.clone());
    }
}

/// Which origins an edit can affect.
struct Dirty {
    elements: Vec<bool>,
    near: Vec<bool>,
    flows: Vec<bool>,
    path_sources: Vec<bool>,
}

impl Dirty {
    fn new(g: &ModelGraph, old: Option<&ModelGraph>, c: &Changes, max_hops: usize) -> Self {
        let n = g.len();
        let mut elements = vec![false; n];
        let mut flows = vec![false; g.flow_ids.len()];
        for id in &c.elements {
            if let Some(i) = g.index_of(id) {
                elements[i] = true;
            }
        }
        for id in &c.flows {
            if let Some(j) = g.flow_index_of(id) {
                flows[j] = true;
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
        Self {
            elements,
            near,
            flows,
            path_sources,
        }
    }

    fn element(&self, i: usize, neighbours: bool) -> bool {
        if neighbours { self.near[i] } else { self.elements[i] }
    }

    fn flow(&self, j: usize, _reads_model: bool) -> bool {
        self.flows[j]
    }

    fn path_source(&self, s: usize) -> bool {
        self.path_sources[s]
    }
}

/// Every element from which one of `seeds` can be reached in at most `max_hops` flows as the
/// path search walks them (forwards, and backwards over bidirectional flows), seeds included.
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
                .filter(|&j| g.flow(j).is_some_and(|f| f.bidirectional))
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

fn status_for(implemented: &[ControlId]) -> Status {
    if implemented.is_empty() {
        Status::Open
    } else {
        Status::Mitigated
    }
}

fn missing(rule: &CompiledRule, implemented: &[ControlId]) -> Arc<[ControlId]> {
    if implemented.is_empty() {
        rule.shared.controls.clone()
    } else {
        Arc::from(Vec::new())
    }
}

fn base(rule: &CompiledRule, id: String, anchor: ElementId, elements: Vec<ElementId>, why: String, fp: u64) -> Finding {
    Finding {
        id: FindingId::new(id),
        rule: rule.rule.id.clone(),
        title: rule.shared.title.clone(),
        severity: rule.rule.severity(),
        status: Status::Open,
        anchor,
        elements,
        flow: None,
        path: Vec::new(),
        why,
        missing_controls: rule.shared.controls.clone(),
        mitigated_by: Vec::new(),
        stride: rule.shared.stride.clone(),
        references: rule.shared.references.clone(),
        fingerprint: hex(fp),
        triage: None,
        stale: false,
    }
}

fn matched_text(facts: &[String]) -> String {
    if facts.is_empty() {
        String::new()
    } else {
        format!(" ({})", facts.join("; "))
    }
}

fn element_finding(run: &Run, rule: &CompiledRule, i: usize, facts: Vec<String>) -> Finding {
    let id = run.g.element_ids[i].clone();
    let why = if facts.is_empty() {
        format!("{} is in scope of this rule.", run.name(i))
    } else {
        format!("{}: {}.", run.name(i), facts.join("; "))
    };
    let mut f = base(
        rule,
        format!("{}@{}", rule.rule.id, id),
        id.clone(),
        vec![id.clone()],
        why,
        run.element_fp(i),
    );
    let implemented = run.implemented(i, &rule.rule.controls);
    f.status = status_for(&implemented);
    f.missing_controls = missing(rule, &implemented);
    f.mitigated_by = implemented
        .into_iter()
        .map(|c| Mitigation {
            control: Some(c),
            element: id.clone(),
            flow: None,
        })
        .collect();
    f
}

fn flow_finding(run: &Run, rule: &CompiledRule, j: usize, facts: Vec<String>) -> Finding {
    let (a, b) = run.g.flow_ends[j];
    let (ea, eb) = (run.g.element_ids[a].clone(), run.g.element_ids[b].clone());
    let flow_id = run.g.flow_ids[j].clone();
    let flow = run.facts.flows.get(j).copied();
    let label = flow
        .map(|f| f.label.as_str())
        .filter(|l| !l.is_empty())
        .unwrap_or(flow_id.as_str());
    let data: Vec<&str> = flow
        .map(|f| f.data.iter().map(|d| d.as_str()).collect())
        .unwrap_or_default();
    let carries = if data.is_empty() {
        String::new()
    } else {
        format!(", carrying {}", data.join(", "))
    };
    let why = format!(
        "Flow {label:?} from {} to {}{carries}{}.",
        run.name(a),
        run.name(b),
        matched_text(&facts)
    );
    let mut h = Fnv::default();
    h.write(&run.element_fp(a).to_le_bytes());
    h.write(&run.element_fp(b).to_le_bytes());
    if let Some(fl) = flow {
        h.str(&format!(
            "{:?}{}{}{}",
            fl.data, fl.encrypted, fl.authenticated, run.g.crosses[j]
        ));
        for (c, s) in &fl.controls {
            h.str(c.as_str());
            h.str(s.label());
        }
    }
    let mut f = base(
        rule,
        format!("{}@{}@{}", rule.rule.id, ea, eb),
        eb.clone(),
        vec![ea.clone(), eb.clone()],
        why,
        h.finish(),
    );
    f.flow = Some(flow_id.clone());
    let mut by: Vec<Mitigation> = rule
        .rule
        .controls
        .iter()
        .filter(|c| flow.is_some_and(|fl| fl.has_control(c)))
        .map(|c| Mitigation {
            control: Some(c.clone()),
            element: eb.clone(),
            flow: Some(flow_id.clone()),
        })
        .collect();
    by.extend(run.implemented(b, &rule.rule.controls).into_iter().map(|c| Mitigation {
        control: Some(c),
        element: eb.clone(),
        flow: None,
    }));
    if !by.is_empty() {
        f.status = Status::Mitigated;
        f.missing_controls = Arc::from(Vec::new());
    }
    f.mitigated_by = by;
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
        return base(
            rule,
            rule.rule.id.0.clone(),
            ElementId::new("?"),
            Vec::new(),
            String::new(),
            0,
        );
    };
    let ids: Vec<ElementId> = p.path.iter().map(|&i| run.g.element_ids[i].clone()).collect();
    let chain: Vec<String> = p.path.iter().map(|&i| run.name(i)).collect();
    let mut h = Fnv::default();
    for &i in &p.path {
        h.write(&run.element_fp(i).to_le_bytes());
    }
    let sink = ids[ids.len() - 1].clone();
    let why = if p.guards.is_empty() {
        format!(
            "Path: {}. Nothing after {} on this path {}.",
            chain.join(" → "),
            run.name(s),
            p.guard_text
        )
    } else {
        let names: Vec<String> = p.guards.iter().map(|(g, _)| run.name(*g)).collect();
        format!(
            "Path: {}. Every path is guarded by {}.",
            chain.join(" → "),
            names.join(", ")
        )
    };
    let mut f = base(
        rule,
        format!("{}@{}@{}", rule.rule.id, run.g.element_ids[s], run.g.element_ids[t]),
        sink,
        ids.clone(),
        why,
        h.finish(),
    );
    f.path = ids;
    if !p.guards.is_empty() {
        f.status = Status::Mitigated;
        f.missing_controls = Arc::from(Vec::new());
        f.mitigated_by = p
            .guards
            .into_iter()
            .map(|(g, c)| Mitigation {
                control: c,
                element: run.g.element_ids[g].clone(),
                flow: None,
            })
            .collect();
    }
    f
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
    let anchor_idx = run.g.index_of(&anchor);
    let mut by: Vec<Mitigation> = anchor_idx
        .map(|i| run.implemented(i, &rule.rule.controls))
        .unwrap_or_default()
        .into_iter()
        .map(|c| Mitigation {
            control: Some(c),
            element: anchor.clone(),
            flow: None,
        })
        .collect();
    if let Some(j) = e.flow
        && let Some(fl) = run.facts.flows.get(j)
    {
        by.extend(
            rule.rule
                .controls
                .iter()
                .filter(|c| fl.has_control(c))
                .map(|c| Mitigation {
                    control: Some(c.clone()),
                    element: anchor.clone(),
                    flow: run.g.flow_ids.get(j).cloned(),
                }),
        );
    }
    if !by.is_empty() {
        f.status = Status::Mitigated;
        f.missing_controls = Arc::from(Vec::new());
    }
    f.mitigated_by = by;
    f
}

/// Applies the model's triage to a finding (open findings only: a mitigated finding stays
/// mitigated whatever was decided before) and flags stale triage.
fn apply_triage(f: Arc<Finding>, model: &Model) -> Arc<Finding> {
    if model.triage.is_empty() {
        return f;
    }
    let Some(t) = model.triage.get(&f.id) else {
        return f;
    };
    let mut f2 = (*f).clone();
    if f2.status == Status::Open {
        f2.status = t.status.into();
    }
    f2.stale = !t.fingerprint.is_empty() && t.fingerprint != f2.fingerprint;
    f2.triage = Some(t.clone());
    Arc::new(f2)
}

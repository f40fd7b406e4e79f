//! The API rules see: the model as a read-only graph (`model`, elements, flows, boundaries) and
//! `finding(...)` to report. Documented for rule authors in `libraries/README.md`.

use super::view::{ElementView, FlowView};
use crate::catalog::Catalog;
use crate::model::{ControlId, ModelGraph, PropKey, Value};
use rhai::{Array, Dynamic, Engine, Map};
use std::cell::RefCell;
use std::sync::Arc;

/// Longest path `paths()`, `upstream()` and `downstream()` follow, in flows.
pub const MAX_HOPS: usize = 16;
/// Most paths `paths()` returns.
pub const MAX_PATHS: usize = 100;

/// What a rule can read: the graph view and the catalog.
#[derive(Debug)]
pub struct Ctx {
    /// The model as a graph.
    pub graph: Arc<ModelGraph>,
    /// Kinds, controls and the rest.
    pub catalog: Arc<Catalog>,
    /// The catalog's traits as bits ([`TraitBits::of`]; empty: every trait is looked up).
    pub traits: Arc<TraitBits>,
    /// By element index, its kind's traits as [`Self::traits`] numbers them (empty: looked up).
    pub element_traits: Arc<[u64]>,
}

impl Ctx {
    /// A context that looks every trait up by the element's kind.
    pub fn new(graph: Arc<ModelGraph>, catalog: Arc<Catalog>) -> Self {
        Self {
            graph,
            catalog,
            traits: Arc::default(),
            element_traits: Arc::from(Vec::new()),
        }
    }

    /// Whether element `i`'s kind has trait `t`: a bit test where the trait has a bit, else
    /// the element's kind looked up by id (the same answer, slower).
    pub fn has_trait(&self, i: usize, t: &str) -> bool {
        if let (Some(bit), Some(bits)) = (self.traits.bit.get(t), self.element_traits.get(i)) {
            return bits & bit != 0;
        }
        self.graph
            .element(i)
            .and_then(|e| self.catalog.kind(&e.kind))
            .is_some_and(|k| k.has_trait(t))
    }
}

/// The catalog's kind traits as bits, so a script asking elements for a trait tests a bit
/// rather than finding each element and its kind by id (scripts ask it of every element).
#[derive(Debug, Default)]
pub struct TraitBits {
    /// The first 64 traits in id order, and their bits.
    bit: rustc_hash::FxHashMap<String, u64>,
    /// By kind number (the catalog's kinds in id order), the kind's traits.
    by_kind: Vec<u64>,
}

impl TraitBits {
    /// The bits of the catalog's traits.
    pub fn of(cat: &Catalog) -> Self {
        let all: std::collections::BTreeSet<&str> = cat
            .kinds
            .values()
            .flat_map(|k| k.traits.iter().map(String::as_str))
            .collect();
        let bit: rustc_hash::FxHashMap<String, u64> = all
            .into_iter()
            .take(64)
            .enumerate()
            .map(|(n, t)| (t.to_owned(), 1u64 << n))
            .collect();
        let by_kind = cat
            .kinds
            .values()
            .map(|k| {
                k.traits
                    .iter()
                    .filter_map(|t| bit.get(t.as_str()))
                    .fold(0, |a, b| a | b)
            })
            .collect();
        Self { bit, by_kind }
    }

    /// Each element's traits, from its kind number (`usize::MAX` for a kind the catalog lacks).
    pub fn of_elements(&self, kind_numbers: &[usize]) -> Arc<[u64]> {
        kind_numbers
            .iter()
            .map(|&k| self.by_kind.get(k).copied().unwrap_or(0))
            .collect()
    }
}

/// The model, as a script sees it.
#[derive(Debug, Clone)]
pub struct ModelRef(pub Arc<Ctx>);

/// An element, as a script sees it.
#[derive(Debug, Clone)]
pub struct ElementRef {
    ctx: Arc<Ctx>,
    /// Index in the graph.
    pub index: usize,
}

/// A flow, as a script sees it.
#[derive(Debug, Clone)]
pub struct FlowRef {
    ctx: Arc<Ctx>,
    /// Index in the graph.
    pub index: usize,
    /// Seen from what comes back: `from` is the element that sends it back, `data` what comes
    /// back (a flow rule's condition, where its selector matched the returned part).
    back: bool,
}

impl ElementRef {
    /// The element at `index`.
    pub fn new(ctx: Arc<Ctx>, index: usize) -> Self {
        Self { ctx, index }
    }
}

impl FlowRef {
    /// The flow at `index`.
    pub fn new(ctx: Arc<Ctx>, index: usize) -> Self {
        Self {
            ctx,
            index,
            back: false,
        }
    }

    /// The flow at `index` seen from what comes back over it: its ends and its data swap.
    pub fn returned(ctx: Arc<Ctx>, index: usize) -> Self {
        Self { ctx, index, back: true }
    }
}

/// A finding a script reported: the elements involved (indices), the flow if it is about one,
/// and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emitted {
    /// Element indices, primary first.
    pub elements: Vec<usize>,
    /// Flow index, for flow findings.
    pub flow: Option<usize>,
    /// The script's explanation.
    pub why: String,
}

/// What a script read beyond the model's structure and kinds: the content (answers, controls,
/// names, data classes, flags) of these elements and flows. Lets the engine reuse a script's
/// findings when an edit changed only content it never looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reads {
    /// Element indices whose content was read.
    pub elements: std::collections::BTreeSet<usize>,
    /// Flow indices whose content was read.
    pub flows: std::collections::BTreeSet<usize>,
    /// Element indices whose name alone was read (beyond `elements`): only a rename affects
    /// the script there, not a control or an answer.
    pub names: std::collections::BTreeSet<usize>,
    /// Flow indices whose shape alone was read (beyond `flows`): what they carry and return,
    /// and their operation. A control or a transport answer on them does not affect the script.
    pub shapes: std::collections::BTreeSet<usize>,
    /// Controls read on an element (beyond `elements`): only a change of that control's state
    /// there affects the script.
    pub controls: std::collections::BTreeSet<(usize, ControlId)>,
    /// Answers read on an element (beyond `elements`): only a change of that answer there, or
    /// of the flows at the element (which can answer it), affects the script.
    pub answers: std::collections::BTreeSet<(usize, PropKey)>,
    /// The data classes (carried and returned) of every flow were read (`flows_carrying`,
    /// `receivers_of` …): an edit that changes any flow's classes affects the script, one that
    /// changes only a flow's other content (a control, encryption) does not, unless the script
    /// read that flow (`flows`).
    pub flow_classes: bool,
}

thread_local! {
    // Findings reported by the script running on this thread. A rule run takes them all
    // afterwards; a thread runs one script at a time.
    static EMITTED: RefCell<Vec<Emitted>> = const { RefCell::new(Vec::new()) };
    // What the script running on this thread read.
    static READS: RefCell<Reads> = RefCell::new(Reads::default());
    // Whether reads are being recorded: only around a global script, the one kind of script
    // whose reads are used (per-element and per-flow conditions read on every element and flow,
    // and what they read was thrown away; issue 15).
    static RECORDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts (`true`) or stops recording what scripts on this thread read, for [`take_reads`].
pub fn record_reads(on: bool) {
    RECORDING.with(|r| r.set(on));
}

fn recording() -> bool {
    RECORDING.with(std::cell::Cell::get)
}

/// Takes what was read on this thread since the last call.
pub fn take_reads() -> Reads {
    READS.with(|r| std::mem::take(&mut *r.borrow_mut()))
}

/// Records a read into this thread's [`Reads`] while recording is on.
fn record(read: impl FnOnce(&mut Reads)) {
    if recording() {
        READS.with(|r| read(&mut r.borrow_mut()));
    }
}

pub(super) fn read_element(i: usize) {
    record(|r| {
        r.elements.insert(i);
    });
}

/// Whether flow `j` moves data of `class` in what it sends (`sent`) or what comes back
/// (`returned`), recording the read.
pub(super) fn flow_moves(g: &ModelGraph, j: usize, class: &str, sent: bool, returned: bool) -> bool {
    read_shape(j);
    g.flow(j).is_some_and(|f| {
        let has = |set: &std::collections::BTreeSet<crate::model::DataClassId>| set.iter().any(|d| d.as_str() == class);
        (sent && has(&f.data)) || (returned && has(&f.returns))
    })
}

pub(super) fn read_flow(j: usize) {
    record(|r| {
        r.flows.insert(j);
    });
}

pub(super) fn read_name(i: usize) {
    record(|r| {
        r.names.insert(i);
    });
}

pub(super) fn read_answer(i: usize, key: &PropKey) {
    record(|r| {
        r.answers.insert((i, key.clone()));
    });
}

pub(super) fn read_control(i: usize, control: &ControlId) {
    record(|r| {
        r.controls.insert((i, control.clone()));
    });
}

pub(super) fn read_shape(j: usize) {
    record(|r| {
        r.shapes.insert(j);
    });
}

/// Walks where data goes (`forward`) or where it comes from, breadth first, within
/// [`MAX_HOPS`] flows from `start`: along each flow, and back along a flow whose answer returns
/// data (a read hands what it reads to its sender, so a store a job reads from is upstream of the
/// job). Marks what it reaches in `seen` and returns it in the order reached. The flows whose
/// returned data it looked at count as read.
pub(super) fn data_reach(
    g: &ModelGraph,
    mut frontier: Vec<usize>,
    forward: bool,
    seen: &mut [bool],
    what: &str,
) -> Charged<Vec<usize>> {
    let mut out = Vec::new();
    // The walk reads which flows return data: a script that already read every flow's classes
    // (`flows_carrying` …) need not list them one by one.
    let record = recording() && !READS.with(|r| r.borrow().flow_classes);
    for _ in 0..MAX_HOPS {
        let mut next = Vec::new();
        for n in frontier {
            let (along, back) = if forward {
                (g.outgoing(n).collect::<Vec<_>>(), g.incoming(n).collect::<Vec<_>>())
            } else {
                (g.incoming(n).collect::<Vec<_>>(), g.outgoing(n).collect::<Vec<_>>())
            };
            charge(along.len() + back.len(), what)?;
            let end = |j: usize, far: bool| {
                let (from, to) = g.flow_ends[j];
                if far == forward { to } else { from }
            };
            let returned = back.into_iter().filter(|&j| {
                if record {
                    read_shape(j);
                }
                g.returns_data(j)
            });
            for m in along
                .into_iter()
                .map(|j| end(j, true))
                .chain(returned.map(|j| end(j, false)))
            {
                if !seen[m] {
                    seen[m] = true;
                    out.push(m);
                    next.push(m);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok(out)
}

/// Takes the findings reported on this thread since the last call.
pub fn take_emitted() -> Vec<Emitted> {
    EMITTED.with(|e| std::mem::take(&mut *e.borrow_mut()))
}

/// Keeps a finding a script reported, if the rule may still report one (count, explanation
/// length and bytes are capped: `super::budget::report`); otherwise the script stops.
fn emit(item: Emitted) -> Charged<()> {
    if !super::budget::report(item.why.len()) {
        return Err(super::budget::terminated());
    }
    EMITTED.with(|e| e.borrow_mut().push(item));
    Ok(())
}

/// Charges `n` steps for `what`; the script stops when the rule's budget is gone.
pub(super) fn charge(n: usize, what: &str) -> Charged<()> {
    super::budget::charge_rhai(n as u64, what)
}

pub(super) type Charged<T> = Result<T, Box<rhai::EvalAltResult>>;

fn to_dynamic(v: &Value) -> Dynamic {
    match v {
        Value::Bool(b) => Dynamic::from_bool(*b),
        Value::Int(i) => Dynamic::from_int(*i),
        Value::Text(s) => Dynamic::from(s.clone()),
    }
}

fn strings<'a>(it: impl IntoIterator<Item = &'a str>) -> Array {
    it.into_iter().map(|s| Dynamic::from(s.to_owned())).collect()
}

impl ModelRef {
    fn elements(&mut self) -> Charged<Array> {
        charge(self.0.graph.len(), "elements()")?;
        Ok((0..self.0.graph.len())
            .map(|i| Dynamic::from(ElementRef::new(self.0.clone(), i)))
            .collect())
    }
    fn flows(&mut self) -> Charged<Array> {
        charge(self.0.graph.flow_ids.len(), "flows()")?;
        Ok((0..self.0.graph.flow_ids.len())
            .map(|j| Dynamic::from(FlowRef::new(self.0.clone(), j)))
            .collect())
    }
    fn boundaries(&mut self) -> Charged<Array> {
        charge(self.0.graph.model.boundaries.len(), "boundaries()")?;
        Ok(self
            .0
            .graph
            .model
            .boundaries
            .iter()
            .map(|(id, b)| {
                let mut m = Map::new();
                m.insert("id".into(), Dynamic::from(id.0.clone()));
                m.insert("name".into(), Dynamic::from(b.name.clone()));
                m.insert("kind".into(), Dynamic::from(b.kind.id().to_owned()));
                m.insert(
                    "parent".into(),
                    b.parent.as_ref().map_or(Dynamic::UNIT, |p| Dynamic::from(p.0.clone())),
                );
                Dynamic::from_map(m)
            })
            .collect())
    }
    fn elements_with_trait(&mut self, t: &str) -> Charged<Array> {
        let ctx = &self.0;
        charge(ctx.graph.len(), "a search of the elements")?;
        Ok((0..ctx.graph.len())
            .filter(|&i| ctx.has_trait(i, t))
            .map(|i| Dynamic::from(ElementRef::new(ctx.clone(), i)))
            .collect())
    }
    fn elements_of_kind(&mut self, kind: &str) -> Charged<Array> {
        self.elements_where(|e| e.kind.as_str() == kind)
    }
    /// Every element `keep` accepts, in id order.
    fn elements_where(&self, keep: impl Fn(&crate::model::Element) -> bool) -> Charged<Array> {
        charge(self.0.graph.len(), "a search of the elements")?;
        Ok(self
            .0
            .graph
            .model
            .elements
            .values()
            .enumerate()
            .filter(|(_, e)| keep(e))
            .map(|(i, _)| Dynamic::from(ElementRef::new(self.0.clone(), i)))
            .collect())
    }
    fn flows_carrying(&mut self, class: &str) -> Charged<Array> {
        self.flows_with(class, false, "flows_carrying()")
    }
    /// Flows a data class comes back on: what their receivers hand back to their senders.
    fn flows_returning(&mut self, class: &str) -> Charged<Array> {
        self.flows_with(class, true, "flows_returning()")
    }
    /// Flows whose data (or, with `returned`, whose returned data) includes `class`.
    fn flows_with(&mut self, class: &str, returned: bool, what: &str) -> Charged<Array> {
        record(|r| r.flow_classes = true);
        let g = &self.0.graph;
        charge(g.flow_ids.len(), what)?;
        let has = |f: &crate::model::Flow| {
            let classes = if returned { &f.returns } else { &f.data };
            classes.iter().any(|d| d.as_str() == class)
        };
        Ok(g.flows_indexed()
            .filter(|(_, f)| has(f))
            .map(|(j, _)| Dynamic::from(FlowRef::new(self.0.clone(), j)))
            .collect())
    }
    /// Elements a data class arrives at: the receiver of each flow carrying it, and the sender
    /// of each flow it comes back on.
    fn receivers_of(&mut self, class: &str) -> Charged<Array> {
        record(|r| r.flow_classes = true);
        let g = &self.0.graph;
        charge(g.flow_ids.len(), "receivers_of()")?;
        let mut at = vec![false; g.len()];
        for (j, f) in g.flows_indexed() {
            let (from, to) = g.flow_ends[j];
            if f.data.iter().any(|d| d.as_str() == class) {
                at[to] = true;
            }
            if f.returns.iter().any(|d| d.as_str() == class) {
                at[from] = true;
            }
        }
        Ok((0..g.len())
            .filter(|&i| at[i])
            .map(|i| Dynamic::from(ElementRef::new(self.0.clone(), i)))
            .collect())
    }
    /// Elements data reaches from any of `from` (included), within [`MAX_HOPS`]: along flows
    /// and back along reads ([`data_reach`]).
    fn downstream_of(&mut self, from: Array) -> Charged<Array> {
        self.reach(from, true)
    }
    /// Elements whose data reaches any of `to` (included), within [`MAX_HOPS`].
    fn upstream_of(&mut self, to: Array) -> Charged<Array> {
        self.reach(to, false)
    }
    fn downstream_with_trait(&mut self, from: Array, t: &str) -> Charged<Array> {
        self.reach_filtered(from, true, Some(t))
    }
    fn reach(&mut self, start: Array, forward: bool) -> Charged<Array> {
        self.reach_filtered(start, forward, None)
    }
    fn reach_filtered(&mut self, start: Array, forward: bool, with_trait: Option<&str>) -> Charged<Array> {
        let g = &self.0.graph;
        charge(g.len() + start.len(), "a walk along the flows")?;
        let start = element_indices(&start);
        let mut seen = vec![false; g.len()];
        for &i in &start {
            seen[i] = true;
        }
        data_reach(g, start, forward, &mut seen, "a walk along the flows")?;
        let keep = |i: usize| with_trait.is_none_or(|t| self.0.has_trait(i, t));
        Ok((0..g.len())
            .filter(|&i| seen[i] && keep(i))
            .map(|i| Dynamic::from(ElementRef::new(self.0.clone(), i)))
            .collect())
    }
    fn element(&mut self, id: &str) -> Dynamic {
        self.0
            .graph
            .index_of(&id.into())
            .map_or(Dynamic::UNIT, |i| Dynamic::from(ElementRef::new(self.0.clone(), i)))
    }
    /// Every simple path from `from` to `to` (at most [`MAX_PATHS`], each at most [`MAX_HOPS`]
    /// flows), each an array of elements, shortest first. The walk only enters elements that
    /// can still reach `to` within the hops left, so an unreachable target costs one backward
    /// walk; every state visited is charged to the rule.
    fn paths(&mut self, from: ElementRef, to: ElementRef) -> Charged<Array> {
        let g = &self.0.graph;
        let dist = distances_to(g, to.index, MAX_HOPS)?;
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut stack = vec![(from.index, vec![from.index])];
        while let Some((node, path)) = stack.pop() {
            charge(path.len(), "paths()")?;
            if out.len() >= MAX_PATHS {
                break;
            }
            if node == to.index && path.len() > 1 {
                out.push(path);
                continue;
            }
            let hops = path.len() - 1;
            for f in g.outgoing(node) {
                let next = g.flow_ends[f].1;
                // Only where `to` is still within reach of the hops left.
                if dist[next] == NO_PATH || hops + 1 + dist[next] as usize > MAX_HOPS {
                    continue;
                }
                // Simple paths; a cycle back to the start counts when the start is the target.
                if !path[1..].contains(&next) && (next != path[0] || (next == to.index && next != node)) {
                    let mut p = path.clone();
                    p.push(next);
                    stack.push((next, p));
                }
            }
        }
        out.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        Ok(out
            .into_iter()
            .map(|p| {
                Dynamic::from_array(
                    p.into_iter()
                        .map(|i| Dynamic::from(ElementRef::new(self.0.clone(), i)))
                        .collect(),
                )
            })
            .collect())
    }
}

const NO_PATH: u32 = u32::MAX;

/// For every element, the fewest flows from it to `to` (within `max_hops`), or [`NO_PATH`].
fn distances_to(g: &ModelGraph, to: usize, max_hops: usize) -> Charged<Vec<u32>> {
    charge(g.len(), "paths()")?;
    let mut dist = vec![NO_PATH; g.len()];
    dist[to] = 0;
    let mut frontier = vec![to];
    for d in 1..=max_hops as u32 {
        let mut next = Vec::new();
        for n in frontier {
            for j in g.incoming(n) {
                charge(1, "paths()")?;
                let m = g.flow_ends[j].0;
                if dist[m] == NO_PATH {
                    dist[m] = d;
                    next.push(m);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok(dist)
}

// The rhai methods: each the view's (`super::view`), its result made a `Dynamic`.
impl ElementRef {
    /// This element as a borrowed view, the shared implementation of its methods.
    pub fn view(&self) -> ElementView<'_> {
        ElementView {
            ctx: &self.ctx,
            index: self.index,
        }
    }
    fn id(&mut self) -> String {
        self.view().id().to_owned()
    }
    fn name(&mut self) -> String {
        self.view().name().to_owned()
    }
    fn kind_id(&mut self) -> String {
        self.view().kind_id().to_owned()
    }
    fn category(&mut self) -> String {
        self.view().category().to_owned()
    }
    fn dfd(&mut self) -> String {
        self.view().dfd()
    }
    fn traits(&mut self) -> Array {
        strings(self.view().traits())
    }
    fn has_trait(&mut self, t: &str) -> bool {
        self.view().has_trait(t)
    }
    fn receives(&mut self, class: &str) -> Charged<bool> {
        self.view().receives(class)
    }
    fn handles(&mut self, class: &str) -> Charged<bool> {
        self.view().handles(class)
    }
    fn prop(&mut self, key: &str) -> Dynamic {
        self.view().prop(key).map_or(Dynamic::UNIT, to_dynamic)
    }
    fn assumed(&mut self, key: &str) -> bool {
        self.view().assumed(key)
    }
    fn props(&mut self) -> Map {
        let mut m = Map::new();
        if let Some(e) = self.view().el() {
            // Every question the kind asks, and any other the element answers.
            let keys = self
                .ctx
                .catalog
                .kind(&e.kind)
                .into_iter()
                .flat_map(|k| k.questions.keys())
                .chain(e.properties.keys());
            for key in keys {
                if let Some(a) = self.ctx.catalog.answer(&self.ctx.graph, self.index, key) {
                    m.insert(key.0.as_str().into(), to_dynamic(a.value));
                }
            }
        }
        m
    }
    fn has_control(&mut self, id: &str) -> bool {
        self.view().has_control(id)
    }
    fn control(&mut self, id: &str) -> Dynamic {
        self.view()
            .control(id)
            .map_or(Dynamic::UNIT, |s| Dynamic::from(s.to_owned()))
    }
    fn boundary(&mut self) -> Dynamic {
        self.view()
            .boundary()
            .map_or(Dynamic::UNIT, |b| Dynamic::from(b.to_owned()))
    }
    fn boundary_kinds(&mut self) -> Array {
        strings(self.view().boundary_kinds())
    }
    fn in_boundary(&mut self, kind: &str) -> bool {
        self.view().in_boundary(kind)
    }
    fn tags(&mut self) -> Array {
        strings(self.view().tags())
    }
    fn incoming(&mut self) -> Charged<Array> {
        Ok(self.flows(self.view().incoming()?))
    }
    fn outgoing(&mut self) -> Charged<Array> {
        Ok(self.flows(self.view().outgoing()?))
    }
    fn upstream(&mut self) -> Charged<Array> {
        Ok(self.elements(self.view().upstream()?))
    }
    fn downstream(&mut self) -> Charged<Array> {
        Ok(self.elements(self.view().downstream()?))
    }
    fn flows(&self, flows: Vec<usize>) -> Array {
        flows
            .into_iter()
            .map(|j| Dynamic::from(FlowRef::new(self.ctx.clone(), j)))
            .collect()
    }
    fn elements(&self, elements: Vec<usize>) -> Array {
        elements
            .into_iter()
            .map(|i| Dynamic::from(ElementRef::new(self.ctx.clone(), i)))
            .collect()
    }
}

impl FlowRef {
    /// This flow as a borrowed view, the shared implementation of its methods.
    pub fn view(&self) -> FlowView<'_> {
        FlowView {
            ctx: &self.ctx,
            index: self.index,
            back: self.back,
        }
    }
    fn id(&mut self) -> String {
        self.view().id().to_owned()
    }
    fn from(&mut self) -> ElementRef {
        ElementRef::new(self.ctx.clone(), self.view().from())
    }
    fn to(&mut self) -> ElementRef {
        ElementRef::new(self.ctx.clone(), self.view().to())
    }
    fn label(&mut self) -> String {
        self.view().label().to_owned()
    }
    fn protocol(&mut self) -> String {
        self.view().protocol().to_owned()
    }
    fn data(&mut self) -> Array {
        strings(self.view().data())
    }
    fn has_data(&mut self, class: &str) -> bool {
        self.view().has_data(class)
    }
    fn encrypted(&mut self) -> bool {
        self.view().encrypted()
    }
    fn authenticated(&mut self) -> bool {
        self.view().authenticated()
    }
    fn bidirectional(&mut self) -> bool {
        self.view().bidirectional()
    }
    fn operation(&mut self) -> String {
        self.view().operation().to_owned()
    }
    fn returns(&mut self) -> Array {
        strings(self.view().returns())
    }
    fn fact(&mut self, name: &str) -> Dynamic {
        self.view()
            .fact(name)
            .map_or(Dynamic::UNIT, |v| Dynamic::from(v.to_owned()))
    }
    fn crosses_boundary(&mut self) -> bool {
        self.view().crosses_boundary()
    }
    fn has_control(&mut self, id: &str) -> bool {
        self.view().has_control(id)
    }
}

fn element_indices(arr: &Array) -> Vec<usize> {
    arr.iter()
        .filter_map(|d| d.clone().try_cast::<ElementRef>().map(|e| e.index))
        .collect()
}

/// Registers the rule API on an engine.
pub fn register(e: &mut Engine) {
    e.register_type_with_name::<ModelRef>("Model")
        .register_fn("elements", ModelRef::elements)
        .register_fn("flows", ModelRef::flows)
        .register_fn("boundaries", ModelRef::boundaries)
        .register_fn("element", ModelRef::element)
        .register_fn("paths", ModelRef::paths)
        .register_fn("elements_with_trait", ModelRef::elements_with_trait)
        .register_fn("elements_of_kind", ModelRef::elements_of_kind)
        .register_fn("flows_carrying", ModelRef::flows_carrying)
        .register_fn("receivers_of", ModelRef::receivers_of)
        .register_fn("flows_returning", ModelRef::flows_returning)
        .register_fn("downstream_of", ModelRef::downstream_of)
        .register_fn("downstream_of", ModelRef::downstream_with_trait)
        .register_fn("upstream_of", ModelRef::upstream_of)
        .register_get("name", |m: &mut ModelRef| m.0.graph.model.name.clone());

    e.register_type_with_name::<ElementRef>("Element")
        .register_get("id", ElementRef::id)
        .register_get("name", ElementRef::name)
        .register_get("kind", ElementRef::kind_id)
        .register_get("category", ElementRef::category)
        .register_get("dfd", ElementRef::dfd)
        .register_get("traits", ElementRef::traits)
        .register_get("props", ElementRef::props)
        .register_get("boundary", ElementRef::boundary)
        .register_get("boundary_kinds", ElementRef::boundary_kinds)
        .register_get("tags", ElementRef::tags)
        .register_fn("has_trait", ElementRef::has_trait)
        .register_fn("receives", ElementRef::receives)
        .register_fn("handles", ElementRef::handles)
        .register_fn("prop", ElementRef::prop)
        .register_fn("assumed", ElementRef::assumed)
        .register_fn("has_control", ElementRef::has_control)
        .register_fn("control", ElementRef::control)
        .register_fn("in_boundary", ElementRef::in_boundary)
        .register_fn("incoming", ElementRef::incoming)
        .register_fn("outgoing", ElementRef::outgoing)
        .register_fn("upstream", ElementRef::upstream)
        .register_fn("downstream", ElementRef::downstream)
        .register_fn("==", |a: ElementRef, b: ElementRef| a.index == b.index)
        .register_fn("!=", |a: ElementRef, b: ElementRef| a.index != b.index)
        .register_fn("to_string", |e: &mut ElementRef| e.id())
        .register_fn("to_debug", |e: &mut ElementRef| format!("Element({})", e.id()));

    e.register_type_with_name::<FlowRef>("Flow")
        .register_get("id", FlowRef::id)
        .register_get("from", FlowRef::from)
        .register_get("to", FlowRef::to)
        .register_get("label", FlowRef::label)
        .register_get("protocol", FlowRef::protocol)
        .register_get("data", FlowRef::data)
        .register_get("encrypted", FlowRef::encrypted)
        .register_get("authenticated", FlowRef::authenticated)
        .register_get("bidirectional", FlowRef::bidirectional)
        .register_get("operation", FlowRef::operation)
        .register_get("returns", FlowRef::returns)
        .register_fn("fact", FlowRef::fact)
        .register_get("crosses_boundary", FlowRef::crosses_boundary)
        .register_fn("has_data", FlowRef::has_data)
        .register_fn("has_control", FlowRef::has_control)
        .register_fn("crosses_boundary", |f: FlowRef| f.view().crosses_boundary())
        .register_fn("==", |a: FlowRef, b: FlowRef| a.index == b.index)
        .register_fn("to_string", |f: &mut FlowRef| f.id())
        .register_fn("to_debug", |f: &mut FlowRef| format!("Flow({})", f.id()));

    e.register_fn("finding", |el: ElementRef, why: &str| {
        emit(Emitted {
            elements: vec![el.index],
            flow: None,
            why: why.to_owned(),
        })
    });
    e.register_fn("finding", |f: FlowRef, why: &str| {
        let (a, b) = f.ctx.graph.flow_ends[f.index];
        emit(Emitted {
            elements: vec![a, b],
            flow: Some(f.index),
            why: why.to_owned(),
        })
    });
    e.register_fn("finding", |els: Array, why: &str| {
        charge(els.len(), "finding()")?;
        let elements = element_indices(&els);
        if elements.is_empty() {
            return Ok(());
        }
        emit(Emitted {
            elements,
            flow: None,
            why: why.to_owned(),
        })
    });
}

//! Selectors compiled against the catalog: the static part (kind, category, traits, DFD type)
//! becomes a set of kinds looked up once; the rest is checked per element or flow.

use super::relay::Pass;
use crate::catalog::{Catalog, ComponentKind, Drawn, IMPLIED_YES, ImpliedBy, Selector};
use crate::model::{
    BoundaryKind, ControlId, ControlState, DataClassId, Element, Fact, Flow, FlowFact, KindId, ModelGraph, Operation,
    PropKey, Value,
};
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// Flat, index-addressed facts about one model, built once per evaluation so rules never look
/// an element up by id in the hot loop.
pub(crate) struct Facts<'a> {
    /// The graph view.
    pub(crate) g: &'a ModelGraph,
    /// The catalog.
    pub(crate) cat: &'a Catalog,
    /// Element `i`.
    pub(crate) els: Vec<&'a Element>,
    /// The catalog's kinds by number.
    kind_table: Vec<&'a ComponentKind>,
    /// Flow `j`.
    pub(crate) flows: Vec<&'a Flow>,
    /// What can be carried to the next evaluation.
    pub(crate) tables: Tables,
    /// The questions a drawing can answer (the first 64), in key order.
    implied_keys: Vec<(&'a PropKey, &'a ImpliedBy)>,
    /// By kind number: which of `implied_keys` the kind asks, one bit each.
    implied_asked: Vec<u64>,
    /// By kind number: whether the kind is a gate ([`super::closure::kind_is_gate`]), asked for every
    /// sender in front of every element a finding's controls are looked for at.
    gate_kinds: Vec<bool>,
    /// Answers by question number ([`question_number`]), so a selector's answers are found
    /// without comparing keys as strings (issue 15).
    answers: Answers<'a>,
    /// Controls by number ([`super::closure::control_number`]), and element `i`'s as bits:
    /// implemented in the first `control_words` words, rejected in the rest. Made the first
    /// time a closure check asks (as `answers.own`), so an edit's run numbers a few elements.
    control_number: &'a HashMap<ControlId, u32>,
    control_words: usize,
    control_bits: Vec<std::cell::OnceCell<Box<[u64]>>>,
}

/// A question the catalog does not ask has no number.
const NO_QUESTION: u32 = u32::MAX;

/// A question's number: its place among the catalog's questions in key order, or
/// [`NO_QUESTION`].
fn question_number(cat: &Catalog, k: &PropKey) -> u32 {
    if cat.questions.contains_key(k) {
        u32::try_from(cat.questions.range(..k.clone()).count()).unwrap_or(NO_QUESTION)
    } else {
        NO_QUESTION
    }
}

/// One element's (or kind's) answers in question order.
type Answered<'a> = Box<[(u32, &'a Value)]>;

/// Per evaluation, the answers the catalog's questions have, by question number: each
/// element's own, each kind's defaults, and which questions a drawing can answer. Runs hold
/// one element's (or kind's) answers in question order.
struct Answers<'a> {
    number: HashMap<&'a PropKey, u32>,
    /// Element `i`'s own answers, numbered the first time a rule asks: after an edit the rules
    /// run again at a few elements, and numbering all 10,000 cost about 1 ms of each edit.
    own: Vec<std::cell::OnceCell<Answered<'a>>>,
    /// Kind `k`'s defaults are `defaults[default_start[k]..default_start[k + 1]]`.
    default_start: Vec<u32>,
    defaults: Vec<(u32, &'a Value)>,
    /// By question number, its bit among [`Facts::implied_keys`] (255 when it has none).
    implied_bit: Vec<u8>,
}

impl<'a> Answers<'a> {
    fn new(cat: &'a Catalog, elements: usize, implied_keys: &[(&'a PropKey, &'a ImpliedBy)]) -> Self {
        let number: HashMap<&PropKey, u32> = cat.questions.keys().zip(0u32..).collect();
        let own = (0..elements).map(|_| std::cell::OnceCell::new()).collect();
        let mut default_start = Vec::with_capacity(cat.kinds.len() + 1);
        let mut defaults = Vec::new();
        default_start.push(0);
        for kind in cat.kinds.values() {
            defaults.extend(
                kind.questions
                    .iter()
                    .filter_map(|(k, v)| number.get(k).map(|&q| (q, v))),
            );
            default_start.push(u32::try_from(defaults.len()).unwrap_or(u32::MAX));
        }
        let mut implied_bit = vec![u8::MAX; cat.questions.len()];
        for (b, (k, _)) in implied_keys.iter().enumerate() {
            if let Some(&q) = number.get(*k) {
                implied_bit[q as usize] = u8::try_from(b).unwrap_or(u8::MAX);
            }
        }
        Self {
            number,
            own,
            default_start,
            defaults,
            implied_bit,
        }
    }
}

/// The value of question `q` in a run sorted by question number.
fn find_answer<'a>(run: &[(u32, &'a Value)], q: u32) -> Option<&'a Value> {
    for &(k, v) in run {
        if k >= q {
            return (k == q).then_some(v);
        }
    }
    None
}

/// The per-model tables that cost a lookup per element or flow. An evaluation after an edit
/// that kept the structure copies them and redoes only the changed entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    /// Element `i`'s kind as an index into the catalog's kinds (usize::MAX when unknown).
    pub(crate) kind_ix: Arc<Vec<usize>>,
    /// Flow `j` carries a data class marked sensitive.
    pub(crate) sensitive: Arc<Vec<bool>>,
    /// Flow `j` carries a data class marked untrusted.
    pub(crate) untrusted: Arc<Vec<bool>>,
    /// What comes back over flow `j` includes a sensitive class.
    pub(crate) sensitive_back: Arc<Vec<bool>>,
    /// What comes back over flow `j` includes an untrusted class.
    pub(crate) untrusted_back: Arc<Vec<bool>>,
    /// The catalog's data classes flow `j` carries, one bit each ([`class_bits`]).
    pub(crate) data_bits: Arc<Vec<u64>>,
    /// The same for what comes back over flow `j`.
    pub(crate) returns_bits: Arc<Vec<u64>>,
    /// The questions element `i`'s drawing answers yes, one bit per [`Facts::implied_keys`]
    /// entry (the catalog's `implied_by`).
    pub(crate) implied: Arc<Vec<u64>>,
}

/// A data class's bit: its place among the catalog's classes, for the first 64. Selectors and
/// flows test shared classes with one AND instead of comparing ids as strings (a path walk tests
/// every hop it follows; issue 15).
fn class_bit(cat: &Catalog) -> HashMap<&DataClassId, u64> {
    cat.data_classes
        .keys()
        .take(64)
        .enumerate()
        .map(|(i, d)| (d, 1u64 << i))
        .collect()
}

/// As [`class_bit`] for one class, without building the map: a selector names one or two
/// classes, and the rules compile about a hundred such selectors at every start (#15).
fn class_bit_of(cat: &Catalog, d: &DataClassId) -> Option<u64> {
    cat.data_classes.keys().take(64).position(|k| k == d).map(|i| 1u64 << i)
}

/// The bits of the classes in `set` that have one.
fn class_bits(bit: &HashMap<&DataClassId, u64>, set: &std::collections::BTreeSet<DataClassId>) -> u64 {
    set.iter().filter_map(|d| bit.get(d)).fold(0, |a, b| a | b)
}

/// The words of a protocol as people write it: runs of letters and digits, so `"HTTP(S)"` is
/// `HTTP`, `S` and `"MCP over HTTP"` is `MCP`, `over`, `HTTP`.
fn protocol_words(p: &str) -> impl Iterator<Item = &str> {
    p.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Whether a flow's protocol, free text as drawn (`"HTTP on localhost"`, `"HTTP / gRPC"`,
/// `"JSON-RPC … over HTTP(S)"`), names one of `wanted` (each a listed protocol's lower-cased
/// words): its words appear in the text together and in order, without case. A listed `HTTP`
/// is not named by `HTTPS` or `gRPC`, and a flow with no protocol given names none.
fn names_protocol(text: &str, wanted: &[Vec<String>]) -> bool {
    let words: Vec<&str> = protocol_words(text).collect();
    wanted.iter().any(|w| {
        !w.is_empty()
            && words
                .windows(w.len())
                .any(|win| win.iter().zip(w).all(|(a, b)| a.eq_ignore_ascii_case(b)))
    })
}

/// One direction data moves along a flow: forward (sender to receiver, its `data`) or back
/// (receiver to sender, its `returns`). Rules and path walks follow data, so a read of a store
/// carries the store's content back to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leg {
    /// `from` → `to`, carrying `data`.
    Forward,
    /// `to` → `from`, carrying `returns`.
    Back,
}

impl Leg {
    /// The leg's (sender, receiver) element indices.
    pub(crate) fn ends(self, ends: (usize, usize)) -> (usize, usize) {
        match self {
            Leg::Forward => ends,
            Leg::Back => (ends.1, ends.0),
        }
    }
}

/// How a flow selector met a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FlowMatch {
    /// Everything holds, along this leg.
    Yes(Leg),
    /// Everything known holds along this leg, but these facts are unanswered: open questions,
    /// not findings (unless the rule's controls close it anyway).
    Unknown(Leg, Vec<FlowFact>),
    /// Everything else holds along this leg, but a protection the rule looks for missing
    /// (encryption, authentication, validation) is answered yes: the threat is there and
    /// closed by the answer, as a control on the flow would close it.
    Answered(Leg, Vec<FlowFact>),
    /// It does not match.
    No,
}

/// The tables of the previous evaluation and what changed since (indices in the new graph);
/// only valid when the structure did not change.
pub(crate) struct Reuse<'p> {
    pub(crate) tables: &'p Tables,
    /// Changed elements (their kinds cannot have changed; checked in debug builds).
    pub(crate) elements: &'p [usize],
    pub(crate) flows: &'p [usize],
}

/// The catalog's kinds and controls numbered in id order, made once per engine: kinds for
/// bit-set selectors, controls for the elements' control bits
/// ([`super::closure::control_number`] gives the same numbers).
pub(crate) struct Numbers {
    kinds: HashMap<KindId, usize>,
    controls: HashMap<ControlId, u32>,
}

impl Numbers {
    pub(crate) fn of(cat: &Catalog) -> Self {
        Self {
            kinds: cat.kinds.keys().enumerate().map(|(i, k)| (k.clone(), i)).collect(),
            controls: cat.controls.keys().cloned().zip(0u32..).collect(),
        }
    }
}

impl<'a> Facts<'a> {
    pub(crate) fn new(g: &'a ModelGraph, cat: &'a Catalog, numbers: &'a Numbers, reuse: Option<Reuse<'_>>) -> Self {
        let els: Vec<&Element> = g.model.elements.values().collect();
        debug_assert_eq!(els.len(), g.len());
        // The topology leaves out flows whose ends are missing.
        let flows: Vec<&Flow> = g.flows_indexed().map(|(_, f)| f).collect();
        let kind_of = |e: &Element| numbers.kinds.get(&e.kind).copied().unwrap_or(usize::MAX);
        let class = |set: &std::collections::BTreeSet<DataClassId>, pick: fn(&crate::catalog::DataClass) -> bool| {
            set.iter().any(|d| cat.data_classes.get(d).is_some_and(pick))
        };
        let sensitive = |f: &Flow| class(&f.data, |d| d.sensitive);
        let untrusted = |f: &Flow| class(&f.data, |d| d.untrusted);
        let sensitive_back = |f: &Flow| class(&f.returns, |d| d.sensitive);
        let untrusted_back = |f: &Flow| class(&f.returns, |d| d.untrusted);
        let bit = class_bit(cat);
        let reuse_elements = reuse.as_ref().map(|r| r.elements);
        let tables = match reuse {
            Some(r) if r.tables.kind_ix.len() == els.len() && r.tables.sensitive.len() == flows.len() => {
                let mut t = r.tables.clone();
                // A new kind is a structural change (see `Changes`), so kinds carry over as
                // they are; only what a flow carries can change in place.
                debug_assert!(r.elements.iter().all(|&i| t.kind_ix[i] == kind_of(els[i])));
                if !r.flows.is_empty() {
                    let (s, u) = (Arc::make_mut(&mut t.sensitive), Arc::make_mut(&mut t.untrusted));
                    for &j in r.flows {
                        s[j] = sensitive(flows[j]);
                        u[j] = untrusted(flows[j]);
                    }
                    let (s, u) = (
                        Arc::make_mut(&mut t.sensitive_back),
                        Arc::make_mut(&mut t.untrusted_back),
                    );
                    for &j in r.flows {
                        s[j] = sensitive_back(flows[j]);
                        u[j] = untrusted_back(flows[j]);
                    }
                    let (d, b) = (Arc::make_mut(&mut t.data_bits), Arc::make_mut(&mut t.returns_bits));
                    for &j in r.flows {
                        d[j] = class_bits(&bit, &flows[j].data);
                        b[j] = class_bits(&bit, &flows[j].returns);
                    }
                }
                t
            }
            _ => {
                let data_bits: Vec<u64> = flows.iter().map(|f| class_bits(&bit, &f.data)).collect();
                let returns_bits: Vec<u64> = flows.iter().map(|f| class_bits(&bit, &f.returns)).collect();
                // When every class has a bit, a flow's classes are its bits (a class the
                // catalog does not have is neither sensitive nor untrusted): tested with one
                // AND, not a catalog search per class and flag (issue 15).
                let (sensitive, untrusted, sensitive_back, untrusted_back) = if cat.data_classes.len() <= 64 {
                    let mask = |pick: fn(&crate::catalog::DataClass) -> bool| {
                        cat.data_classes
                            .values()
                            .zip(0..)
                            .filter(|(d, _)| pick(d))
                            .fold(0u64, |a, (_, b)| a | 1 << b)
                    };
                    let (s, u) = (mask(|d| d.sensitive), mask(|d| d.untrusted));
                    let any = |bits: &[u64], m: u64| bits.iter().map(|b| b & m != 0).collect::<Vec<bool>>();
                    (
                        any(&data_bits, s),
                        any(&data_bits, u),
                        any(&returns_bits, s),
                        any(&returns_bits, u),
                    )
                } else {
                    (
                        flows.iter().map(|f| sensitive(f)).collect(),
                        flows.iter().map(|f| untrusted(f)).collect(),
                        flows.iter().map(|f| sensitive_back(f)).collect(),
                        flows.iter().map(|f| untrusted_back(f)).collect(),
                    )
                };
                Tables {
                    implied: Arc::new(Vec::new()),
                    kind_ix: Arc::new(els.iter().map(|e| kind_of(e)).collect()),
                    sensitive: Arc::new(sensitive),
                    untrusted: Arc::new(untrusted),
                    sensitive_back: Arc::new(sensitive_back),
                    untrusted_back: Arc::new(untrusted_back),
                    data_bits: Arc::new(data_bits),
                    returns_bits: Arc::new(returns_bits),
                }
            }
        };
        let implied_keys: Vec<(&PropKey, &ImpliedBy)> = cat
            .questions
            .iter()
            .filter_map(|(k, q)| q.implied_by.as_ref().map(|by| (k, by)))
            .take(64)
            .collect();
        let implied_asked = cat
            .kinds
            .values()
            .map(|kind| {
                implied_keys
                    .iter()
                    .enumerate()
                    .filter(|(_, (k, _))| kind.questions.contains_key(*k))
                    .fold(0, |a, (b, _)| a | 1u64 << b)
            })
            .collect();
        let gate_kinds = cat.kinds.values().map(super::closure::kind_is_gate).collect();
        let answers = Answers::new(cat, els.len(), &implied_keys);
        let control_bits = (0..els.len()).map(|_| std::cell::OnceCell::new()).collect();
        let mut facts = Self {
            g,
            cat,
            els,
            kind_table: cat.kinds.values().collect(),
            flows,
            tables,
            implied_keys,
            implied_asked,
            gate_kinds,
            answers,
            control_number: &numbers.controls,
            control_words: cat.controls.len().div_ceil(64),
            control_bits,
        };
        // What the drawing answers: for the changed elements when the tables carried over (a
        // changed flow's ends count as changed, see `Changes`), else for every element.
        let n = facts.els.len();
        let redo: Vec<usize> = match &reuse_elements {
            Some(list) if facts.tables.implied.len() == n => list.to_vec(),
            _ => {
                facts.tables.implied = Arc::new(vec![0; n]);
                (0..n).collect()
            }
        };
        if !facts.implied_keys.is_empty() {
            let bits: Vec<(usize, u64)> = redo.iter().map(|&i| (i, facts.implied_bits(i))).collect();
            let t = Arc::make_mut(&mut facts.tables.implied);
            for (i, b) in bits {
                t[i] = b;
            }
        }
        facts
    }

    /// Which of `implied_keys` the flows at element `i` answer yes, for the questions its kind
    /// asks.
    fn implied_bits(&self, i: usize) -> u64 {
        let asked = self.implied_asked.get(self.tables.kind_ix[i]).copied().unwrap_or(0);
        if asked == 0 {
            return 0;
        }
        let mut bits = 0;
        for (b, (_, by)) in self.implied_keys.iter().enumerate() {
            if asked & (1 << b) != 0 && self.implying_flows(i, by).next().is_some() {
                bits |= 1 << b;
            }
        }
        bits
    }

    /// The flows at element `i` that imply `by`'s answer for it, sent then received. A
    /// sender's trust zone is structure, so a change to it re-evaluates everything (`Changes`).
    fn implying_flows<'s>(&'s self, i: usize, by: &'s ImpliedBy) -> impl Iterator<Item = usize> + 's {
        let drawn = move |j: usize, sent: bool| {
            let (from, to) = self.g.flow_ends[j];
            let other = if sent { to } else { from };
            let d = Drawn::new(&self.g.model, j, self.flows[j], sent, self.els[other]);
            self.kind(other).is_some_and(|k| by.implies(&d, k))
        };
        let sent = (!by.to_traits.is_empty()).then(|| self.g.outgoing(i).filter(move |&j| drawn(j, true)));
        let received = (!by.from_zones.is_empty()).then(|| self.g.incoming(i).filter(move |&j| drawn(j, false)));
        sent.into_iter().flatten().chain(received.into_iter().flatten())
    }

    /// The lowest flow at element `i` that implies its answer to `key` (the flow
    /// `Catalog::answer` names).
    pub(crate) fn implying_flow(&self, i: usize, key: &PropKey) -> Option<usize> {
        let (_, by) = self.implied_keys.iter().find(|(k, _)| *k == key)?;
        self.implying_flows(i, by).min()
    }

    /// Whether element `i`'s answer to `key` is implied by its drawing and not its own.
    pub(crate) fn implied(&self, i: usize, key: &PropKey) -> bool {
        let bits = self.tables.implied.get(i).copied().unwrap_or(0);
        bits != 0
            && !self.els[i].properties.contains_key(key)
            && self
                .implied_keys
                .iter()
                .position(|(k, _)| *k == key)
                .is_some_and(|b| bits & (1 << b) != 0)
    }

    /// Element `i`'s control numbered `q` ([`super::closure::control_number`], not
    /// `NO_CONTROL`): `Implemented`, `Rejected`, or `None` for any other state or none.
    pub(crate) fn control_state(&self, i: usize, q: u32) -> Option<ControlState> {
        let bits = self.control_bits[i].get_or_init(|| {
            let el = self.els[i];
            if el.controls.is_empty() {
                return Box::default();
            }
            let w = self.control_words;
            let mut bits = vec![0u64; 2 * w];
            for (c, state) in &el.controls {
                let Some(&q) = self.control_number.get(c) else { continue };
                let at = match state {
                    ControlState::Implemented => 0,
                    ControlState::Rejected => w,
                    _ => continue,
                };
                bits[at + q as usize / 64] |= 1 << (q % 64);
            }
            bits.into()
        });
        let (w, b) = (q as usize / 64, 1u64 << (q % 64));
        if bits.get(w).is_some_and(|x| x & b != 0) {
            Some(ControlState::Implemented)
        } else if bits.get(self.control_words + w).is_some_and(|x| x & b != 0) {
            Some(ControlState::Rejected)
        } else {
            None
        }
    }

    /// Whether element `i` has control `c` (number `q`) implemented.
    pub(crate) fn has_control(&self, i: usize, c: &ControlId, q: u32) -> bool {
        if q == super::closure::NO_CONTROL {
            self.els[i].has_control(c)
        } else {
            self.control_state(i, q) == Some(ControlState::Implemented)
        }
    }

    /// Whether element `i`'s kind is a gate.
    pub(crate) fn is_gate(&self, i: usize) -> bool {
        self.gate_kinds.get(self.tables.kind_ix[i]).copied().unwrap_or(false)
    }

    /// Element `i`'s kind, when the catalog knows it.
    pub(crate) fn kind(&self, i: usize) -> Option<&'a ComponentKind> {
        self.kind_table.get(self.tables.kind_ix[i]).copied()
    }

    /// The effective answer to `key` on element `i`: its own, else what its drawing implies,
    /// else its kind's default (as `Catalog::answer`, from the tables).
    pub(crate) fn prop(&self, i: usize, key: &PropKey) -> Option<&'a Value> {
        if let Some(v) = self.els[i].properties.get(key) {
            return Some(v);
        }
        if self.tables.implied.get(i).is_some_and(|&b| b != 0) && self.implied(i, key) {
            return Some(&IMPLIED_YES);
        }
        self.kind(i).and_then(|k| k.questions.get(key))
    }

    /// [`Self::prop`] for question number `q` of `key` (found without comparing strings when
    /// the catalog asks it).
    pub(crate) fn prop_q(&self, i: usize, q: u32, key: &PropKey) -> Option<&'a Value> {
        if q == NO_QUESTION {
            return self.prop(i, key);
        }
        let a = &self.answers;
        let own = a.own.get(i).map_or(&[][..], |cell| {
            cell.get_or_init(|| {
                // Keys in order, so the numbers come out in order.
                let props = self.els[i].properties.iter();
                props.filter_map(|(k, v)| a.number.get(k).map(|&q| (q, v))).collect()
            })
        });
        if let Some(v) = find_answer(own, q) {
            return Some(v);
        }
        let bits = self.tables.implied.get(i).copied().unwrap_or(0);
        if bits != 0 {
            let b = a.implied_bit[q as usize];
            if b != u8::MAX && bits & (1 << b) != 0 {
                return Some(&IMPLIED_YES);
            }
        }
        let k = self.tables.kind_ix[i];
        if k >= self.kind_table.len() {
            return None;
        }
        find_answer(
            &a.defaults[a.default_start[k] as usize..a.default_start[k + 1] as usize],
            q,
        )
    }
}

/// A kind's name inside a sentence: "Vector database" becomes "vector database", an initialism
/// ("LLM application backend") keeps its capitals.
fn mid_sentence(name: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            std::borrow::Cow::Owned(a.to_lowercase().chain(name.chars().skip(1)).collect())
        }
        _ => std::borrow::Cow::Borrowed(name),
    }
}

/// A selector ready to match.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The kinds that pass the static checks, as a mask over the catalog's kind numbers;
    /// `None` when the selector has none (any kind).
    mask: Option<Vec<bool>>,
    properties: Vec<(PropKey, Value)>,
    /// Of `properties`, those whose question has a protective answer other than the one
    /// wanted, with that answer ([`crate::catalog::Question::protection`]).
    protected: Vec<(PropKey, Value)>,
    not_properties: Vec<(PropKey, Value)>,
    any_properties: Vec<(PropKey, Value)>,
    /// The question numbers of `properties`, `not_properties` and `any_properties`.
    properties_q: Vec<u32>,
    not_properties_q: Vec<u32>,
    any_properties_q: Vec<u32>,
    boundary_kinds: Vec<BoundaryKind>,
    not_boundary_kinds: Vec<BoundaryKind>,
    data: Vec<DataClassId>,
    /// `data` as class bits, when every class has one (else the ids are compared).
    data_bits: Option<u64>,
    sensitive: Option<bool>,
    untrusted: Option<bool>,
    crosses: Option<bool>,
    /// Only the data carried (`Some(false)`) or only what comes back (`Some(true)`).
    returned: Option<bool>,
    /// Whether the classes of `data` move both ways along the flow.
    two_way: Option<bool>,
    operations: Vec<Operation>,
    /// Each listed protocol as its words, lower-cased (see [`names_protocol`]).
    protocols: Vec<Vec<String>>,
    /// The flow facts the selector needs, with the answer it needs.
    facts: Vec<(FlowFact, bool)>,
    from: Option<Box<Compiled>>,
    to: Option<Box<Compiled>>,
    traits: Vec<String>,
    kind_ids: Vec<KindId>,
    /// Alternatives, one of which must match too (their static parts are in `mask` already).
    or: Vec<Compiled>,
    /// `sends`, `not_sends`, `receives` and `not_receives`, those given.
    walks: Vec<Walk>,
}

/// A selector's test of the flows an element sends or receives ([`Selector::walks`]).
#[derive(Debug, Clone)]
struct Walk {
    /// Along the flows the element sends (else those it receives).
    out: bool,
    /// Whether a matching flow must be found (else none may be).
    want: bool,
    /// Each flow selector; the same without its far end (`to` going out, `from` coming in, in
    /// its alternatives too): the flows a relaying host passes it on along; and the elements
    /// it goes through as through relaying hosts ([`Selector::through`]).
    sels: Vec<(Compiled, Compiled, Option<Compiled>)>,
}

impl Walk {
    fn new(list: &[Selector], out: bool, want: bool, cat: &Catalog) -> Option<Self> {
        fn forget(s: &mut Selector, out: bool) {
            if out {
                s.to = None;
            } else {
                s.from = None;
            }
            for a in &mut s.or {
                forget(a, out);
            }
        }
        (!list.is_empty()).then(|| Walk {
            out,
            want,
            sels: list
                .iter()
                .map(|s| {
                    let mut via = s.clone();
                    forget(&mut via, out);
                    let through = s.through.as_deref().map(|t| Compiled::new(t, cat));
                    (Compiled::new(s, cat), Compiled::new(&via, cat), through)
                })
                .collect(),
        })
    }

    /// Whether element `i` passes: a flow one of the selectors matches is found from it (or
    /// none is), straight or through relaying hosts and the elements `through` names, as
    /// `inputs` and `hands_to` walk. Going out, a queue the walk reached is left by its
    /// consumers' reads too (a tool call published to a queue reaches the worker that pulls
    /// it), as `hands_to` leaves it.
    fn holds(&self, f: &Facts, i: usize) -> bool {
        let g = f.g;
        let found = self.sels.iter().any(|(sel, via, through)| {
            let edges = |x: usize| -> Vec<(usize, usize, Leg)> {
                if self.out {
                    let mut e: Vec<(usize, usize, Leg)> =
                        g.outgoing(x).map(|j| (j, g.flow_ends[j].1, Leg::Forward)).collect();
                    if x != i && f.kind(x).is_some_and(|k| k.has_trait("queue")) {
                        e.extend(
                            g.incoming(x)
                                .filter(|&j| f.flows[j].operation == crate::model::Operation::Read)
                                .map(|j| (j, g.flow_ends[j].0, Leg::Back)),
                        );
                    }
                    e
                } else {
                    g.incoming(x).map(|j| (j, g.flow_ends[j].0, Leg::Forward)).collect()
                }
            };
            // The far end of flow `j` walked along `leg`: the receiver going out (the
            // consumer, along a read walked back), the sender coming in.
            let far = |j: usize, leg: Leg| {
                let (a, b) = g.flow_ends[j];
                match (self.out, leg) {
                    (true, Leg::Forward) | (false, Leg::Back) => b,
                    _ => a,
                }
            };
            !super::relay::through_relays(
                i,
                edges,
                |j, leg| sel.walkable(f, j, leg),
                |j, leg| {
                    let host = far(j, leg);
                    if !via.walkable(f, j, leg) {
                        Pass::No
                    } else if super::relay::relays(f, host) || through.as_ref().is_some_and(|t| t.element(f, host)) {
                        Pass::Host
                    } else {
                        Pass::No
                    }
                },
            )
            .is_empty()
        });
        found == self.want
    }
}

impl Compiled {
    /// Compiles `s` against the catalog.
    pub fn new(s: &Selector, cat: &Catalog) -> Self {
        // The mask is computed straight from the filter, in the catalog's kind order; looking
        // each kind up in the set afterwards cost more than the filter (#15: this runs for every
        // selector of every rule at start-up).
        let mask: Option<Vec<bool>> = s
            .has_static()
            .then(|| cat.kinds.values().map(|k| s.admits_kind(k)).collect());
        Self {
            mask,
            properties: s.properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            protected: s
                .properties
                .iter()
                .filter_map(|(k, v)| {
                    let p = cat.questions.get(k)?.protection.as_ref()?;
                    (p.answer != *v).then(|| (k.clone(), p.answer.clone()))
                })
                .collect(),
            not_properties: s.not_properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            any_properties: s.any_properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            properties_q: s.properties.keys().map(|k| question_number(cat, k)).collect(),
            not_properties_q: s.not_properties.keys().map(|k| question_number(cat, k)).collect(),
            any_properties_q: s.any_properties.keys().map(|k| question_number(cat, k)).collect(),
            boundary_kinds: s.boundary_kinds.clone(),
            not_boundary_kinds: s.not_boundary_kinds.clone(),
            data: s.data.clone(),
            // The class bits are numbered only for a selector that names classes (most do not,
            // and numbering them was a hash map per selector at start-up).
            data_bits: s.data.iter().try_fold(0, |a, d| class_bit_of(cat, d).map(|b| a | b)),
            sensitive: s.sensitive_data,
            untrusted: s.untrusted_data,
            crosses: s.crosses_boundary,
            returned: s.returned,
            two_way: s.two_way,
            operations: s.operations.clone(),
            protocols: s
                .protocols
                .iter()
                .map(|p| protocol_words(p).map(str::to_ascii_lowercase).collect())
                .collect(),
            facts: [
                (FlowFact::Encrypted, s.encrypted),
                (FlowFact::Authenticated, s.authenticated),
                (FlowFact::ServerAuthenticated, s.server_authenticated),
                (FlowFact::Validated, s.validated),
            ]
            .into_iter()
            .filter_map(|(fact, want)| want.map(|w| (fact, w)))
            .collect(),
            from: s.from.as_ref().map(|x| Box::new(Compiled::new(x, cat))),
            to: s.to.as_ref().map(|x| Box::new(Compiled::new(x, cat))),
            traits: s.traits.clone(),
            kind_ids: s.kinds.clone(),
            or: s.or.iter().map(|a| Compiled::new(a, cat)).collect(),
            walks: s
                .walks
                .as_deref()
                .map(|w| {
                    [
                        Walk::new(&w.sends, true, true, cat),
                        Walk::new(&w.not_sends, true, false, cat),
                        Walk::new(&w.receives, false, true, cat),
                        Walk::new(&w.not_receives, false, false, cat),
                    ]
                    .into_iter()
                    .flatten()
                    .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The static part as a mask over the catalog's kind numbers; `None` when any kind passes.
    pub(crate) fn kind_mask(&self) -> Option<&[bool]> {
        self.mask.as_deref()
    }

    /// Whether element `i`'s kind passes the static part (kinds, categories, traits, DFD type).
    pub(crate) fn in_kinds(&self, f: &Facts, i: usize) -> bool {
        self.mask
            .as_ref()
            .is_none_or(|m| m.get(f.tables.kind_ix[i]).copied().unwrap_or(false))
    }

    /// Whether element `i` matches.
    pub(crate) fn element(&self, f: &Facts, i: usize) -> bool {
        if let Some(mask) = &self.mask
            && !mask.get(f.tables.kind_ix[i]).copied().unwrap_or(false)
        {
            return false;
        }
        self.properties
            .iter()
            .zip(&self.properties_q)
            .all(|((k, v), &q)| f.prop_q(i, q, k) == Some(v))
            && self.rest_matches(f, i)
            && (self.or.is_empty() || self.or.iter().any(|a| a.element(f, i)))
    }

    /// Whether element `i` meets the selector's other answers and its place (no protection
    /// stands in for any of these).
    fn rest_matches(&self, f: &Facts, i: usize) -> bool {
        !self
            .not_properties
            .iter()
            .zip(&self.not_properties_q)
            .any(|((k, v), &q)| f.prop_q(i, q, k) == Some(v))
            && (self.any_properties.is_empty()
                || self
                    .any_properties
                    .iter()
                    .zip(&self.any_properties_q)
                    .any(|((k, v), &q)| f.prop_q(i, q, k) == Some(v)))
            && (self.boundary_kinds.is_empty() || f.g.boundary_kinds[i].iter().any(|b| self.boundary_kinds.contains(b)))
            && !f.g.boundary_kinds[i]
                .iter()
                .any(|b| self.not_boundary_kinds.contains(b))
            && self.walks.iter().all(|w| w.holds(f, i))
    }

    /// Whether element `i` would match but for protections someone answered on it: the
    /// questions so answered, or `None` when it matches outright or not at all. Only the
    /// element's own answers count, never its kind's default.
    pub(crate) fn element_answered(&self, f: &Facts, i: usize) -> Option<Vec<PropKey>> {
        if !self.may_be_answered() || !self.in_kinds(f, i) {
            return None;
        }
        let mut answered = Vec::new();
        for ((k, v), &q) in self.properties.iter().zip(&self.properties_q) {
            if f.prop_q(i, q, k) == Some(v) {
                continue;
            }
            let own = f.els[i].properties.get(k)?;
            self.protected.iter().find(|(p, a)| p == k && a == own)?;
            answered.push(k.clone());
        }
        if !self.rest_matches(f, i) {
            return None;
        }
        if !self.or.is_empty() && !self.or.iter().any(|a| a.element(f, i)) {
            answered.extend(self.or.iter().find_map(|a| a.element_answered(f, i))?);
        }
        (!answered.is_empty()).then_some(answered)
    }

    /// Whether any protection could stand between an element and this selector.
    fn may_be_answered(&self) -> bool {
        !self.protected.is_empty() || self.or.iter().any(Self::may_be_answered)
    }

    /// Whether flow `j` can meet the selector at all, by the cheapest tests [`Self::flow_match`]
    /// makes: the kinds of the ends on either leg, and the classes carried. False only where
    /// `flow_match` would say [`FlowMatch::No`], so a flow rule's loop skips most flows without
    /// matching them in full (33 flow rules × every flow; issue 15).
    pub(crate) fn flow_may_match(&self, facts: &Facts, j: usize) -> bool {
        let (a, b) = facts.g.flow_ends[j];
        let t = &facts.tables;
        let end = |s: &Option<Box<Compiled>>, i: usize| s.as_ref().is_none_or(|s| s.in_kinds(facts, i));
        let carries = |bits: u64| match self.data_bits {
            Some(want) => want == 0 || bits & want != 0,
            None => true,
        };
        (carries(t.data_bits[j]) && end(&self.from, a) && end(&self.to, b))
            || (!facts.flows[j].returns.is_empty()
                && carries(t.returns_bits[j])
                && end(&self.from, b)
                && end(&self.to, a))
    }

    /// How flow `j` meets the selector: along which leg (forward first, then what comes back),
    /// or which unanswered facts stand between it and a match.
    pub(crate) fn flow_match(&self, facts: &Facts, j: usize) -> FlowMatch {
        let f = facts.flows[j];
        if !self.flow_shape(facts, j) {
            return FlowMatch::No;
        }
        let leg = if self.leg_matches(facts, j, Leg::Forward) {
            Leg::Forward
        } else if !f.returns.is_empty() && self.leg_matches(facts, j, Leg::Back) {
            Leg::Back
        } else {
            return FlowMatch::No;
        };
        let mut unknown = Vec::new();
        let mut answered = Vec::new();
        for &(fact, want) in &self.facts {
            match fact.of(f) {
                Fact::Unknown => unknown.push(fact),
                v if v == Fact::from_bool(want) => {}
                // Every flow fact is a protection: a rule wanting one absent is closed where
                // it is answered present. A rule wanting one present (a session to steal
                // needs a sign-in) does not apply where it is answered absent.
                Fact::Yes if !want => answered.push(fact),
                _ => return FlowMatch::No,
            }
        }
        if !answered.is_empty() {
            FlowMatch::Answered(leg, answered)
        } else if unknown.is_empty() {
            FlowMatch::Yes(leg)
        } else {
            FlowMatch::Unknown(leg, unknown)
        }
    }

    /// Whether data moving along `leg` of flow `j` matches: what it carries and its sender and
    /// receiver (the operation, crossing and facts are the flow's, checked by [`Self::flow_match`]).
    pub(crate) fn leg_matches(&self, facts: &Facts, j: usize, leg: Leg) -> bool {
        let f = facts.flows[j];
        let t = &facts.tables;
        let (carried, bits, sensitive, untrusted) = match leg {
            Leg::Forward => (&f.data, t.data_bits[j], t.sensitive[j], t.untrusted[j]),
            Leg::Back => (&f.returns, t.returns_bits[j], t.sensitive_back[j], t.untrusted_back[j]),
        };
        let (sender, receiver) = leg.ends(facts.g.flow_ends[j]);
        (self.data.is_empty() || self.carries(carried, bits))
            && self.returned.is_none_or(|want| want == (leg == Leg::Back))
            && self.two_way.is_none_or(|want| want == self.both_ways(facts, j))
            && self.sensitive.is_none_or(|want| sensitive == want)
            && self.untrusted.is_none_or(|want| untrusted == want)
            && self.from.as_ref().is_none_or(|s| s.element(facts, sender))
            && self.to.as_ref().is_none_or(|s| s.element(facts, receiver))
    }

    /// Whether flow `j` carries one of the selector's classes (any, without classes) to its
    /// receiver and returns one to its sender.
    fn both_ways(&self, facts: &Facts, j: usize) -> bool {
        let f = facts.flows[j];
        let t = &facts.tables;
        self.carries(&f.data, t.data_bits[j]) && self.carries(&f.returns, t.returns_bits[j])
    }

    /// Whether one way of a flow (its classes `set`, as class `bits`) holds one of the
    /// selector's classes; any class at all for a selector that names none.
    fn carries(&self, set: &std::collections::BTreeSet<DataClassId>, bits: u64) -> bool {
        match self.data_bits {
            Some(0) => !set.is_empty(),
            Some(want) => bits & want != 0,
            None => self.data.iter().any(|d| set.contains(d)),
        }
    }

    /// Whether flow `j`'s operation, protocol and boundary crossing are what the selector asks.
    fn flow_shape(&self, facts: &Facts, j: usize) -> bool {
        let f = facts.flows[j];
        (self.operations.is_empty() || self.operations.contains(&f.operation))
            && (self.protocols.is_empty() || names_protocol(&f.protocol, &self.protocols))
            && self.crosses.is_none_or(|want| facts.g.crosses[j] == want)
    }

    /// Whether a path walk may follow `leg` of flow `j`: the leg matches and the flow's own
    /// conditions hold with their facts known.
    pub(crate) fn walkable(&self, facts: &Facts, j: usize, leg: Leg) -> bool {
        let f = facts.flows[j];
        self.flow_shape(facts, j)
            && self
                .facts
                .iter()
                .all(|&(fact, want)| fact.of(f) == Fact::from_bool(want))
            && self.leg_matches(facts, j, leg)
            // A walk's alternatives (`via: (or: [...])`): one of them must hold too.
            && (self.or.is_empty() || self.or.iter().any(|a| a.walkable(facts, j, leg)))
    }

    /// A short account of why element `i` matched, for the finding's "why".
    pub(crate) fn describe_element(&self, facts: &Facts, i: usize) -> Vec<String> {
        self.describe_element_as(facts, i, true)
    }

    /// [`Compiled::describe_element`]; without `reasons`, an answer the drawing gives is said
    /// to be the drawing's without naming the flow, for a finding whose why is not redone when
    /// another element changes (a flow finding about the element's neighbour).
    fn describe_element_as(&self, facts: &Facts, i: usize, reasons: bool) -> Vec<String> {
        self.describe_parts(facts, i, reasons, true)
    }

    /// [`Compiled::describe_element_as`]; without `traits`, the traits the element's kind has
    /// are not said (nor those of the alternative met): only its answers and where it is drawn.
    fn describe_parts(&self, facts: &Facts, i: usize, reasons: bool, traits: bool) -> Vec<String> {
        let cat = facts.cat;
        let mut out = Vec::new();
        if let Some(kind) = facts.kind(i).filter(|_| traits) {
            let traits: Vec<&str> = self
                .traits
                .iter()
                .filter(|t| kind.has_trait(t))
                .map(|t| cat.trait_label(t))
                .collect();
            if !traits.is_empty() && !self.kind_ids.contains(&kind.id) {
                let joined = traits.join(" / ");
                let article = crate::catalog::indefinite_article(&joined);
                out.push([article, " ", &joined, " component"].concat());
            }
        }
        // Of `any_properties`, the answers that matched.
        let any = self.any_properties.iter().filter(|(k, v)| facts.prop(i, k) == Some(v));
        for (k, v) in self.properties.iter().chain(any) {
            let label = cat.questions.get(k).map_or(k.as_str(), |q| q.label.as_str());
            // The element's own answer: the one wanted, or a protection that closes it.
            let answer = match facts.els[i].properties.get(k).unwrap_or(v) {
                Value::Bool(true) => "yes".to_owned(),
                Value::Bool(false) => "no".to_owned(),
                other => other.to_string(),
            };
            let label = label.trim_end_matches('?');
            // An answer the drawing gives names the flow that gives it, so a person can see
            // why and answer otherwise.
            match facts.implied(i, k).then(|| facts.implying_flow(i, k)).flatten() {
                Some(_) if !reasons => out.push(["\"", label, "\" is answered ", &answer, " by the drawing"].concat()),
                Some(j) => out.push(
                    [
                        "\"",
                        label,
                        "\" is answered ",
                        &answer,
                        " by the drawing: ",
                        &crate::catalog::drawing_reason(
                            &facts.g.model,
                            facts.flows[j],
                            facts.g.flow_ends[j].0 == i,
                            facts.cat.questions.get(k).and_then(|q| q.implied_by.as_ref()),
                        ),
                    ]
                    .concat(),
                ),
                // A kind's default is an assumption, and says so: the reviewer sees what to
                // answer when the finding rests on it.
                None if !facts.els[i].properties.contains_key(k) => {
                    let kind = facts.kind(i).map_or("component", |kind| kind.name.as_str());
                    let article = crate::catalog::indefinite_article(kind);
                    let kind = mid_sentence(kind);
                    out.push(
                        [
                            "\"",
                            label,
                            "\" is not answered: ",
                            article,
                            " ",
                            &kind,
                            " is assumed ",
                            &answer,
                        ]
                        .concat(),
                    );
                }
                None => out.push(["\"", label, "\" is answered ", &answer].concat()),
            }
        }
        out.extend(self.describe_flow_and_place(&[]));
        // The alternative that matched says why in its own terms.
        if let Some(a) = (self.or.iter().find(|a| a.element(facts, i)))
            .or_else(|| self.or.iter().find(|a| a.element_answered(facts, i).is_some()))
        {
            out.extend(a.describe_parts(facts, i, reasons, traits));
        }
        out
    }

    /// The boundary and flow facts of the selector.
    fn describe_flow_and_place(&self, answered: &[FlowFact]) -> Vec<String> {
        let mut out = Vec::new();
        if !self.boundary_kinds.is_empty() {
            let names: Vec<&str> = self.boundary_kinds.iter().map(|b| b.label()).collect();
            out.push(format!("inside a {} boundary", names.join(" / ")));
        }
        if !self.not_boundary_kinds.is_empty() {
            let names: Vec<&str> = self.not_boundary_kinds.iter().map(|b| b.label()).collect();
            out.push(format!("not inside a {} boundary", names.join(" / ")));
        }
        if self.crosses == Some(true) {
            out.push("crosses a trust boundary".into());
        }
        if !self.operations.is_empty() {
            let ops: Vec<&str> = self.operations.iter().map(|o| o.id()).collect();
            out.push(format!("a {}", ops.join(" / ")));
        }
        for &(fact, want) in &self.facts {
            if answered.contains(&fact) {
                out.push(format!("{} (answered yes)", fact.yes_text()));
                continue;
            }
            out.push(match (fact, want) {
                (FlowFact::Encrypted, false) => "not encrypted".into(),
                (FlowFact::Authenticated, false) => "not authenticated".into(),
                (FlowFact::ServerAuthenticated, false) => "the receiver's identity is not verified".into(),
                (FlowFact::Validated, false) => "not validated by the receiver".into(),
                (fact, true) => format!("{} is yes", fact.id()),
            });
        }
        if self.sensitive == Some(true) {
            out.push("carries sensitive data".into());
        }
        if self.untrusted == Some(true) {
            out.push("carries untrusted content".into());
        }
        out
    }

    /// For a flow selector whose `from` or `to` takes alternatives (`or`), the end of leg `leg`
    /// of flow `j` each describes and what it says of that end beyond its kind, for the
    /// finding's "why": a publisher's zone or its answer.
    pub(crate) fn describe_ends(&self, facts: &Facts, j: usize, leg: Leg) -> Vec<(usize, Vec<String>)> {
        let (a, b) = leg.ends(facts.g.flow_ends[j]);
        [(&self.from, a), (&self.to, b)]
            .into_iter()
            .filter_map(|(s, i)| {
                // Only the alternative met: what the end has in common with every other is
                // the rule's shape, not why this one counts. And only what it asks beyond the
                // element's kind, which the why names beside the element already: an answer
                // ("third party" is answered yes) or where it is drawn (inside a third-party
                // zone) is a fact of this model a reader must check, while a kind or trait
                // alternative ("a client component" for a web client) repeats the kind.
                let a = s.as_ref()?.or.iter().find(|a| a.element(facts, i))?;
                let said = a.describe_parts(facts, i, false, false);
                (!said.is_empty()).then_some((i, said))
            })
            .collect()
    }

    /// A short account of what matched, for the finding's "why".
    /// The protections the selector looks for missing that are `answered` present say so.
    pub fn describe(&self, answered: &[FlowFact]) -> Vec<String> {
        let mut out: Vec<String> = self.properties.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        out.extend(self.describe_flow_and_place(answered));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A selector's class bits are found one class at a time as the map numbers them.
    #[test]
    fn a_class_bit_alone_is_the_maps() {
        let (cat, _) = Catalog::builtin();
        let map = class_bit(&cat);
        assert!(map.len() >= 20, "{} classes", map.len());
        for d in cat.data_classes.keys() {
            assert_eq!(class_bit_of(&cat, d), map.get(d).copied(), "{d:?}");
        }
        assert_eq!(class_bit_of(&cat, &DataClassId::new("no-such-class")), None);
    }

    /// Answers found by question number say what the string lookup says: the element's own
    /// answer, then one the drawing implies, then the kind's default, for every element of the
    /// shipped examples and the benchmark's open cases and every question the catalog has (and
    /// one it does not), so the two orders cannot drift apart.
    #[test]
    fn answers_by_question_number_match_answers_by_key() {
        let (cat, _) = Catalog::builtin();
        let numbers = Numbers::of(&cat);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("assets/examples"))
            .expect("examples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        for dir in std::fs::read_dir(root.join("tests/accuracy/cases"))
            .expect("cases")
            .flatten()
        {
            files.push(dir.path().join("model.bulwark.ron"));
        }
        let mut keys: Vec<PropKey> = cat.questions.keys().cloned().collect();
        keys.push(PropKey::new("not_a_question"));
        let mut checked = 0;
        for path in files.iter().filter(|p| p.to_string_lossy().ends_with(".bulwark.ron")) {
            let text = std::fs::read_to_string(path).expect("read");
            let model = crate::model::from_str(&text, &path.to_string_lossy()).expect("model");
            let g = ModelGraph::new(Arc::new(model));
            let f = Facts::new(&g, &cat, &numbers, None);
            for i in 0..g.len() {
                for k in &keys {
                    assert_eq!(
                        f.prop_q(i, question_number(&cat, k), k),
                        f.prop(i, k),
                        "{}: element {i}, {k}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}

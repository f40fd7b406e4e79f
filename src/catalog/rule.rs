//! Threat rules: where a threat applies (scope, selector, optional rhai condition, optional
//! path) and which controls mitigate it. Loaded from `libraries/threats/*.ron`.
//!
//! Applicability is not mitigation: the selector says where the threat exists; the controls say
//! what closes it.

use super::component::DfdType;
use crate::model::{BoundaryKind, ControlId, DataClassId, KindId, Operation, PropKey, RuleId, Value};
pub use crate::model::{References, Severity, Stride};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a rule is evaluated over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// Each element matching the selector.
    Element,
    /// Each flow matching the selector.
    Flow,
    /// Each (source, sink) pair joined by a path of flows, see [`PathSpec`].
    Path,
    /// The model as a whole, once.
    Model,
}

/// Where on a finding a set of controls must be in place to close it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The element the finding is shown on.
    Anchor,
    /// Where it starts: a path's source, a flow's sender.
    Source,
    /// Where it arrives: a path's sink, a flow's receiver.
    Sink,
    /// The flow itself (flow rules).
    Flow,
    /// Any element on the path after the source (path rules): a guard on the way.
    Guard,
    /// Every element an element rule's anchor hands what the threat is about to, along its
    /// `hands_to` flows (generated code to the sandbox that runs it) or back along its
    /// `hands_back` flows (a verdict returned to the service that asked for it): all of them.
    Receiver,
}

impl Role {
    /// `"anchor"`, `"source"` …
    pub fn id(self) -> &'static str {
        match self {
            Role::Anchor => "anchor",
            Role::Source => "source",
            Role::Sink => "sink",
            Role::Flow => "flow",
            Role::Guard => "guard on the path",
            Role::Receiver => "every element it hands it to",
        }
    }

    /// Whether a rule of `scope` has this role.
    pub fn fits(self, scope: Scope) -> bool {
        match self {
            Role::Anchor => true,
            Role::Source | Role::Sink => matches!(scope, Scope::Flow | Scope::Path | Scope::Model),
            Role::Flow => matches!(scope, Scope::Flow | Scope::Model),
            Role::Guard => scope == Scope::Path,
            // A flow rule's receiver hands it on too (`hands_to`).
            Role::Receiver => matches!(scope, Scope::Element | Scope::Flow),
        }
    }

    /// Where a set without a role counts, by scope: the element; the flow or its receiver; a
    /// guard on the path.
    pub fn defaults(scope: Scope) -> &'static [Role] {
        match scope {
            Scope::Element => &[Role::Anchor],
            // Scripts report elements or flows: the anchor, or for a flow the flow or its
            // receiver.
            Scope::Model => &[Role::Anchor, Role::Flow, Role::Sink],
            Scope::Flow => &[Role::Flow, Role::Sink],
            Scope::Path => &[Role::Guard],
        }
    }
}

/// Controls that close a finding together, all on one element (or the flow) in a role: model
/// tampering is closed by signing *and* verification at load, not by either alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlSet {
    /// Every one of these must be implemented.
    pub all: Vec<ControlId>,
    /// Where; the scope's usual place when left out ([`Role::defaults`]).
    #[serde(default)]
    pub on: Option<Role>,
    /// On a path (`on: Guard`): each control may stand on a different element, so long as
    /// every way from the source to the sink passes one that has it (the sink counts): an
    /// output check at a guardrail on the way and the audit log at the system written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub apart: bool,
}

/// A three-step scale for likelihood and impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// Unlikely / minor.
    Low,
    /// Plausible / significant.
    Medium,
    /// Expected / severe.
    High,
}

impl Level {
    /// One step up (High stays High).
    pub fn raised(self) -> Self {
        match self {
            Level::Low => Level::Medium,
            _ => Level::High,
        }
    }

    /// One step down (Low stays Low).
    pub fn lowered(self) -> Self {
        match self {
            Level::High => Level::Medium,
            _ => Level::Low,
        }
    }

    fn score(self) -> u8 {
        match self {
            Level::Low => 1,
            Level::Medium => 2,
            Level::High => 3,
        }
    }
}

impl Severity {
    /// Likelihood × impact on a 1–3 scale each.
    pub fn from_levels(likelihood: Level, impact: Level) -> Self {
        match likelihood.score() * impact.score() {
            0..=2 => Severity::Low,
            3..=4 => Severity::Medium,
            5..=6 => Severity::High,
            _ => Severity::Critical,
        }
    }
}

/// Which elements or flows a rule applies to. Every field that is set must match; within a
/// list field, any entry matching is enough. An empty selector matches everything in scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "file::Selector", into = "file::Selector")]
pub struct Selector {
    /// Element kind is one of these.
    pub kinds: Vec<KindId>,
    /// Element kind is in one of these categories.
    pub categories: Vec<String>,
    /// Element kind has at least one of these traits.
    pub traits: Vec<String>,
    /// Element kind has none of these traits.
    pub not_traits: Vec<String>,
    /// Element kind has one of these DFD types.
    pub dfd: Vec<DfdType>,
    /// Each listed property has this value (the kind's default counts when unanswered).
    pub properties: BTreeMap<PropKey, Value>,
    /// No listed property has this value (the kind's default counts; a question the kind does
    /// not ask never has it): `{"trusted_control_plane": true}` leaves out what someone marked.
    pub not_properties: BTreeMap<PropKey, Value>,
    /// At least one listed property has this value (the kind's default counts): a notebook
    /// server others can reach is one on the internet or one shared by a team.
    pub any_properties: BTreeMap<PropKey, Value>,
    /// The element sits (directly or nested) inside a boundary of one of these kinds.
    pub boundary_kinds: Vec<BoundaryKind>,
    /// The element sits inside no boundary of these kinds: people and systems outside the
    /// organisation are those not drawn in its own network or cloud account.
    pub not_boundary_kinds: Vec<BoundaryKind>,
    /// Flow scope: the data moving one way along the flow includes one of these classes. A flow
    /// moves data two ways: what it carries to its receiver, and what comes back to its sender
    /// (`returns`); either part may match, and `from` / `to` then name that part's sender and
    /// receiver.
    pub data: Vec<DataClassId>,
    /// Flow scope: that data includes a class marked sensitive.
    pub sensitive_data: Option<bool>,
    /// Flow scope: that data includes a class marked untrusted.
    pub untrusted_data: Option<bool>,
    /// Flow scope: whether the flow crosses a trust boundary.
    pub crosses_boundary: Option<bool>,
    /// Flow scope: whether the matching data is what comes back to the flow's sender
    /// (`returns`, true) or what the flow carries to its receiver (`data`, false). Unset,
    /// either part may match. Output handed over in a call's request is not the same as output
    /// that only comes back in its reply.
    pub returned: Option<bool>,
    /// Flow scope: whether the classes in `data` move both ways along the flow (carried to the
    /// receiver and returned to the sender). A call that sends model output and gets model
    /// output back is a channel both ways (a relay, a request and its answer drawn as one),
    /// not a hand-off of the output.
    pub two_way: Option<bool>,
    /// Flow scope: what the flow does at its receiver is one of these.
    pub operations: Vec<Operation>,
    /// Flow scope: the flow's protocol is one of these, compared without case (`["HTTP",
    /// "WebSocket"]`). A flow whose protocol is not given does not match: the rule is about
    /// how the receiver is reached, and a process launch or a pipe is not a network port.
    pub protocols: Vec<String>,
    /// Flow scope: whether the flow is encrypted. Unanswered is neither: it makes an open
    /// question where everything else matches.
    pub encrypted: Option<bool>,
    /// Flow scope: whether the receiver authenticates the sender (unanswered: a question).
    pub authenticated: Option<bool>,
    /// Flow scope: whether the sender verifies the receiver's identity (unanswered: a question).
    pub server_authenticated: Option<bool>,
    /// Flow scope: whether the receiver validates what arrives (unanswered: a question).
    pub validated: Option<bool>,
    /// Flow scope: the sender of the matching data matches this selector.
    pub from: Option<Box<Selector>>,
    /// Flow scope: the receiver of the matching data matches this selector.
    pub to: Option<Box<Selector>>,
    /// Element scope: one of these matches too. For a capability some kinds have by nature
    /// and others by an answer: an outside source of models is a model hub, or any store
    /// answered as holding models and run by a third party.
    pub or: Vec<Selector>,
    /// On a flow selector of `sends`, `not_sends`, `receives` or `not_receives` only: elements
    /// (an element selector) the walk goes through as it goes through relaying hosts, counted
    /// with them: a validator that checks a model's tool calls before they reach the refund
    /// service passes them on. Boxed, as `from` and `to`: nearly every selector leaves it out.
    pub through: Option<Box<Selector>>,
    /// Element scope (an element rule's own selector and its alternatives): the flows the
    /// element sends and receives ([`Walks`]). Few selectors test them, so they sit apart,
    /// one pointer in every other selector (issue 15); written in a file as four fields of the
    /// selector (`sends`, `not_sends`, `receives`, `not_receives`).
    pub walks: Option<Box<Walks>>,
}

/// A selector's tests of the flows an element sends or receives, see [`Selector::walks`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Walks {
    /// Element scope (an element rule's own selector and its alternatives): the element sends
    /// a flow one of these flow selectors matches, with the element as its sender, straight or
    /// through relaying hosts (the `gateway`, `model-host` and `queue` traits, up to four in a
    /// row, and what its `through` names) that the selector's `to` does not take: a language
    /// model drawn making a tool call to a refund service acts on it. A queue the walk reached
    /// is left by its consumers' reads too, walked back (`from` is the queue, `to` the
    /// consumer): a tool call published to a queue reaches the worker that pulls it.
    pub sends: Vec<Selector>,
    /// Element scope: the element sends no such flow (walked as `sends`).
    pub not_sends: Vec<Selector>,
    /// Element scope: the element receives a flow one of these flow selectors matches, from a
    /// sender the selector's `from` takes, straight or walked back through relaying hosts it
    /// does not take (as `inputs` are): a model a backend calls through two gateways is called
    /// by that backend.
    pub receives: Vec<Selector>,
    /// Element scope: the element receives no such flow (walked as `receives`).
    pub not_receives: Vec<Selector>,
}

impl Walks {
    /// Whether it tests nothing.
    pub fn is_empty(&self) -> bool {
        self.sends.is_empty() && self.not_sends.is_empty() && self.receives.is_empty() && self.not_receives.is_empty()
    }

    /// Every selector in it.
    pub fn all(&self) -> impl Iterator<Item = &Selector> {
        self.sends
            .iter()
            .chain(&self.not_sends)
            .chain(&self.receives)
            .chain(&self.not_receives)
    }
}

impl Selector {
    /// The selectors inside it that name a flow's ends or what a walk goes through (`from`,
    /// `to`, `through`; not its alternatives or walks).
    pub fn parts(&self) -> impl Iterator<Item = &Selector> {
        [&self.from, &self.to, &self.through]
            .into_iter()
            .flatten()
            .map(|b| &**b)
    }

    /// The selectors of its `sends`, `not_sends`, `receives` and `not_receives` (not its
    /// alternatives').
    pub fn walk_selectors(&self) -> impl Iterator<Item = &Selector> {
        self.walks.iter().flat_map(|w| w.all())
    }

    /// Whether a kind passes the static part (kinds, categories, traits, DFD types), one of the
    /// `or` alternatives' included.
    pub fn admits_kind(&self, k: &crate::catalog::ComponentKind) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&k.id))
            && (self.categories.is_empty() || self.categories.contains(&k.category))
            && (self.traits.is_empty() || self.traits.iter().any(|t| k.has_trait(t)))
            && !self.not_traits.iter().any(|t| k.has_trait(t))
            && (self.dfd.is_empty() || self.dfd.contains(&k.dfd))
            && (self.or.is_empty() || self.or.iter().any(|a| a.admits_kind(k)))
    }

    /// Whether it, or one of its alternatives, reads the element's flows (`sends`,
    /// `not_sends`, `receives`, `not_receives`).
    pub fn walks_flows(&self) -> bool {
        self.walks.as_ref().is_some_and(|w| !w.is_empty()) || self.or.iter().any(Selector::walks_flows)
    }

    /// Whether it sets any static part, its alternatives' included.
    pub fn has_static(&self) -> bool {
        !(self.kinds.is_empty()
            && self.categories.is_empty()
            && self.traits.is_empty()
            && self.not_traits.is_empty()
            && self.dfd.is_empty())
            || self.or.iter().any(Selector::has_static)
    }
}

/// A path rule: a chain of flows from a source element to a sink element with no guard on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathSpec {
    /// Where the dangerous thing starts.
    pub source: Selector,
    /// Where it must not arrive unguarded.
    pub sink: Selector,
    /// Flows (flow selectors) by which a source hands what it is asked on to a model drawn
    /// behind it: a source that sends along one of them is not a source of its own, and the
    /// model behind decides (a model server or an inference API drawn in front of the model it
    /// serves; where that model is no source of the rule, neither is the server).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_fronts: Vec<Selector>,
    /// The same at the other end: flows by which a sink hands what reaches it on to a model
    /// drawn behind it. A sink that sends along one of them decides by the elements behind:
    /// it is a sink only where one of them is a sink of the rule too, and then stands for it
    /// (with `first_sink_only`); where none is (the model behind returns scores, say), neither
    /// is the server in front.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sink_fronts: Vec<Selector>,
    /// Elements that stop it on the way (a guardrail, a validation step). An element on the
    /// path after the source that matches this, or that has one of the rule's controls
    /// implemented, guards the path. `None`: only the rule's controls guard.
    #[serde(default)]
    pub guard: Option<Box<Selector>>,
    /// Data followed must match this, hop by hop (e.g. only what carries training data): a walk
    /// follows what a flow carries to its receiver and what comes back to its sender.
    #[serde(default)]
    pub via: Option<Box<Selector>>,
    /// The hop that reaches the sink must also match this (e.g. a write or an invocation: a
    /// query reaches a store without changing it).
    #[serde(default)]
    pub into: Option<Box<Selector>>,
    /// Every way from the source to the sink passes an element like this (not the source or
    /// the sink): a store one party writes and another's model reads later. A sink the source
    /// also reaches without passing one is not reported: someone who talks to the model
    /// directly is not injecting through a store, and their own stored history is theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_through: Option<Box<Selector>>,
    /// With `only_through`: the sources it holds for (unset: all). Other sources reach their
    /// sinks by any way: an outsider's ticket counts only where it reaches the agent through
    /// the ticket store, while a crawled page does however it arrives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_through_from: Option<Box<Selector>>,
    /// A sink is reached only by a hop that leaves an element like this (not the source), or
    /// one the walk reached from it: the data must have passed one on the way. What a person
    /// types is smuggled out in a language model's answer, so a client is that rule's sink
    /// only where the answer arriving there comes from a model that read the text, not where
    /// a form shows a score or a verdict computed without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Box<Selector>>,
    /// With `after`: such an element counts only where it takes in a flow one of these flow
    /// selectors matches, sent to it or coming back on one it sends (straight, not through
    /// relaying hosts). Private data is smuggled out in a model's answer on an instruction
    /// someone planted in what the model reads, so the model must read something an outsider
    /// could have written (a fetched page, a mail, a tool's result), not only its user's chat.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_taking: Vec<Selector>,
    /// With `after_taking`: what such an element takes in (a flow selector) from a sender that
    /// took in, straight, a flow `after_taking` matches, counts as that content: the sender
    /// composed it into what it hands on. Followed back through relaying hosts (a gateway, a
    /// queue, a model host) between them, not through other elements: what a component that
    /// took in nothing from outside sends is its own. A backend puts the documents it
    /// retrieved, the page it fetched or a tool's result into the prompt it sends its model,
    /// drawn as `prompts` alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_taking_via: Option<Box<Selector>>,
    /// Longest path considered, in flows.
    #[serde(default = "default_max_hops")]
    pub max_hops: u32,
    /// Where a sink sends the data on, by forward hops, to another sink of this rule further
    /// along, only the sink it ends at is reported: a model's bill is run up where the tokens
    /// are spent, not at every agent that relays the request. Sinks that send to each other
    /// and nowhere further are all reported.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub last_sink_only: bool,
    /// What an element reads back from the source and that matches this (a flow selector) is
    /// what that element chose to fetch: the walk does not leave the source by it. Outsiders run
    /// up a bill with the requests and mail they send, not with the pages an agent chose to read
    /// from their sites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<Box<Selector>>,
    /// Where every path to a sink passes another sink of this rule on the way, only the sinks
    /// in front are reported, naming the ones behind: outsiders probe the agent they talk to,
    /// not each model the agent calls with what they wrote.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub first_sink_only: bool,
    /// With `first_sink_only`: only sinks of these kinds stand for the sinks behind them (empty:
    /// any sink does). A file is decoded once by the inference API the models sit behind, but
    /// an app that only forwards it stands for nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first_sink_kinds: Vec<KindId>,
}

impl PathSpec {
    /// Every selector the path names: its ends, guard, `via`, `into`, `only_through`,
    /// `only_through_from`, `after`, `fetched`, `after_taking_via`, the fronts of its source
    /// and sink and `after_taking`.
    pub fn selectors(&self) -> impl Iterator<Item = &Selector> {
        [
            Some(&self.source),
            Some(&self.sink),
            self.guard.as_deref(),
            self.via.as_deref(),
            self.into.as_deref(),
            self.only_through.as_deref(),
            self.only_through_from.as_deref(),
            self.after.as_deref(),
            self.fetched.as_deref(),
            self.after_taking_via.as_deref(),
        ]
        .into_iter()
        .flatten()
        .chain(&self.source_fronts)
        .chain(&self.sink_fronts)
        .chain(&self.after_taking)
    }
}

fn default_max_hops() -> u32 {
    8
}

/// A threat rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id (`LLM-PI-001`); part of every finding id.
    pub id: RuleId,
    /// Short title.
    pub title: String,
    /// Other names the threat is known by ("model inversion", "jailbreak"), so a search for
    /// the common name finds the rule and its findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// What can go wrong and how, in our words.
    pub description: String,
    /// What to do about it.
    pub mitigation: String,
    /// Where it is known to fire without a real problem, so reviewers can triage fast.
    #[serde(default)]
    pub false_positives: String,
    /// What the rule is evaluated over.
    pub scope: Scope,
    /// Where it applies (element and flow scope).
    #[serde(default)]
    pub selector: Selector,
    /// A rhai boolean expression evaluated on what the selector matched (`el`, `flow` or
    /// `model` in scope).
    #[serde(default)]
    pub condition: Option<String>,
    /// The path to look for (path scope). Boxed: most rules have none, and a path's
    /// selectors would make every rule several kilobytes (issue 15).
    #[serde(default)]
    pub path: Option<Box<PathSpec>>,
    /// Element and flow scope: where a matching element (a flow finding's receiver) passes
    /// what arrives on, along a flow this selector matches, to another element the rule fires
    /// on, only the last one is reported, with the elements in front named as relays (evasion
    /// is the served model's, not that of every API and server that hands it the features;
    /// generated code is installed where it runs, not at each agent that hands it on).
    /// Several selectors: a flow any of them matches is a relay flow (a server hands outside
    /// input to the model it calls, and runs the model whose weights are loaded into it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relay: Vec<Selector>,
    /// Element scope: flows along which a matching element is loaded into the element it runs
    /// in (a model's weights into the server that serves it). The threat is then decided at
    /// that host: where the rule fires there, the host's finding names this element as it
    /// names a relay; where it does not (the host returns no scores, takes no outside input),
    /// this element's finding is left out too, since nothing reaches the model but through it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runs_in: Vec<Selector>,
    /// With `relay`: elements this threat is not about (adversarial input to a language model
    /// is jailbreak and injection, raised by their own rules). A matching element whose relay
    /// flows all lead to such elements (an API in front of an LLM) raises nothing of its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_about: Vec<Selector>,
    /// Element scope: flows bringing the element what the threat is about (a training job's
    /// configuration files). The elements at their other end join the finding's elements and
    /// its why names them, so a finding about changed configuration points at the files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Selector>,
    /// Element scope: flows along which the element hands what the threat is about to another
    /// element that deals with it (the code an agent writes to the sandbox that runs it). The
    /// elements at their other end join the finding's elements, and a set `on: Receiver` is in
    /// place when every one of them has it. Flow scope: the same for the flow's receiver (the
    /// developer who got generated code, and the terminal they run it in).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hands_to: Vec<Selector>,
    /// Element scope: flows into the element whose returned data carry what the threat is
    /// about to the element that called it and acts on it (a service that calls an identity
    /// check and acts on the verdict it gets back). The selector sees the returned part, as a
    /// path walk does: `to` is the caller. The callers join the finding as `hands_to`
    /// receivers do, and count as receivers for a set `on: Receiver`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hands_back: Vec<Selector>,
    /// Element scope, with `hands_to`: elements (element selectors) the `hands_to` walk goes
    /// through as it goes through relaying hosts, to what they in turn hand on: a language
    /// model an agent calls hands the agent's tool calls to the tools it invokes itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hands_through: Vec<Selector>,
    /// Controls that mitigate it; the finding names the ones missing.
    #[serde(default)]
    pub controls: Vec<ControlId>,
    /// Which sets of `controls` close a finding, and where. Left out: each control alone, in
    /// the scope's usual place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed_by: Vec<ControlSet>,
    /// More general rules this one refines: where both raise a finding on one element, only
    /// this one is shown (one finding per threat).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refines: Vec<RuleId>,
    /// The family of threats this rule belongs to (`"prompt-injection"`): rules of one family
    /// raise one threat as experts list it, by different routes or with different
    /// consequences, so where several of them are open on one element only the most severe is
    /// shown, standing for and naming the others; each comes back when the one shown closes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// How likely, in a typical deployment.
    pub likelihood: Level,
    /// The threat needs no outsider: it comes of the system working as built (a model's wrong
    /// answer acted on, personal data processed without a basis), so whether outsiders reach
    /// the element does not move its likelihood. Data sensitivity still moves its impact.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_no_outsider: bool,
    /// How bad, if it happens.
    pub impact: Level,
    /// STRIDE categories.
    #[serde(default)]
    pub stride: Vec<super::rule::Stride>,
    /// Framework references.
    #[serde(default)]
    pub references: References,
}

impl Rule {
    /// The sets of controls that close a finding of this rule: `closed_by`, or each control
    /// alone.
    pub fn control_sets(&self) -> Vec<ControlSet> {
        if self.closed_by.is_empty() {
            self.controls
                .iter()
                .map(|c| ControlSet {
                    all: vec![c.clone()],
                    on: None,
                    apart: false,
                })
                .collect()
        } else {
            self.closed_by.clone()
        }
    }

    /// Likelihood × impact.
    pub fn severity(&self) -> Severity {
        Severity::from_levels(self.likelihood, self.impact)
    }

    /// Whether `query`, in [`search_form`] (folded once by the caller: a list filtered on every
    /// frame), appears in the rule's id, title or one of its aliases, ignoring case and whether
    /// words are joined by hyphens or spaces: how people look a threat up by the name they know
    /// it by ("supply chain" finds "supply-chain").
    pub fn matches_search_form(&self, query: &str) -> bool {
        query.is_empty()
            || search_form(self.id.as_str()).contains(query)
            || search_form(&self.title).contains(query)
            || self.aliases.iter().any(|a| search_form(a).contains(query))
    }
}

/// Text as searches compare it: lower case, hyphens and underscores read as spaces, runs of
/// spaces as one, trimmed.
pub fn search_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// A selector as a library file writes it: every field at one level, the flow walks
/// (`sends` …) among them. [`Selector`] keeps those apart; this is only its file form, so the
/// format and its messages stay those of one flat struct.
mod file {
    use super::{BTreeMap, BoundaryKind, DataClassId, DfdType, KindId, Operation, PropKey, Value, Walks};
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields, default, rename = "Selector")]
    pub(super) struct Selector {
        kinds: Vec<KindId>,
        categories: Vec<String>,
        traits: Vec<String>,
        not_traits: Vec<String>,
        dfd: Vec<DfdType>,
        properties: BTreeMap<PropKey, Value>,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        not_properties: BTreeMap<PropKey, Value>,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        any_properties: BTreeMap<PropKey, Value>,
        boundary_kinds: Vec<BoundaryKind>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        not_boundary_kinds: Vec<BoundaryKind>,
        data: Vec<DataClassId>,
        sensitive_data: Option<bool>,
        untrusted_data: Option<bool>,
        crosses_boundary: Option<bool>,
        returned: Option<bool>,
        two_way: Option<bool>,
        operations: Vec<Operation>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        protocols: Vec<String>,
        encrypted: Option<bool>,
        authenticated: Option<bool>,
        server_authenticated: Option<bool>,
        validated: Option<bool>,
        from: Option<Box<super::Selector>>,
        to: Option<Box<super::Selector>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        or: Vec<super::Selector>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        sends: Vec<super::Selector>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        not_sends: Vec<super::Selector>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        receives: Vec<super::Selector>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        not_receives: Vec<super::Selector>,
        #[serde(skip_serializing_if = "Option::is_none")]
        through: Option<Box<super::Selector>>,
    }

    /// Both conversions, with the fields the two forms share named once: only the flow walks
    /// move (flat in the file, boxed in memory).
    macro_rules! conversions {
        ($($field:ident),* $(,)?) => {
            impl From<Selector> for super::Selector {
                fn from(s: Selector) -> Self {
                    let walks = Walks {
                        sends: s.sends,
                        not_sends: s.not_sends,
                        receives: s.receives,
                        not_receives: s.not_receives,
                    };
                    super::Selector {
                        $($field: s.$field,)*
                        walks: (!walks.is_empty()).then(|| Box::new(walks)),
                    }
                }
            }

            impl From<super::Selector> for Selector {
                fn from(s: super::Selector) -> Self {
                    let walks = s.walks.map(|w| *w).unwrap_or_default();
                    Selector {
                        $($field: s.$field,)*
                        sends: walks.sends,
                        not_sends: walks.not_sends,
                        receives: walks.receives,
                        not_receives: walks.not_receives,
                    }
                }
            }
        };
    }

    conversions!(
        kinds,
        categories,
        traits,
        not_traits,
        dfd,
        properties,
        not_properties,
        any_properties,
        boundary_kinds,
        not_boundary_kinds,
        data,
        sensitive_data,
        untrusted_data,
        crosses_boundary,
        returned,
        two_way,
        operations,
        protocols,
        encrypted,
        authenticated,
        server_authenticated,
        validated,
        from,
        to,
        or,
        through,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{parse_ron, ron_options};

    /// Parsed by the library's reader and by `ron`, which must agree.
    fn both<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> T {
        let fast: T = parse_ron(text, "x.ron").unwrap();
        let slow: T = ron_options().from_str(text).unwrap();
        assert_eq!(fast, slow);
        fast
    }

    #[test]
    fn flow_walks_are_written_as_four_fields_of_the_selector() {
        let text = r#"(traits: ["agent"], sends: [(operations: [Invoke])], not_sends: [(data: ["pii"])],
            receives: [(from: (traits: ["human"]))], not_receives: [(encrypted: false)],
            or: [(traits: ["llm"], receives: [(operations: [Write])])])"#;
        let s: Selector = both(text);
        let w = s.walks.as_deref().expect("walks kept");
        assert_eq!(w.sends[0].operations, vec![Operation::Invoke]);
        assert_eq!(w.not_sends[0].data, vec![DataClassId::new("pii")]);
        assert_eq!(w.receives[0].from.as_ref().unwrap().traits, vec!["human".to_owned()]);
        assert_eq!(w.not_receives[0].encrypted, Some(false));
        assert_eq!(s.walk_selectors().count(), 4);
        assert!(s.walks_flows() && s.or[0].walks_flows());
        // Written back as it was read: flat, and only the walks given.
        let out = ron::ser::to_string(&s).unwrap();
        for field in ["sends:", "not_sends:", "receives:", "not_receives:"] {
            assert!(out.contains(field), "{field} in {out}");
        }
        assert_eq!(ron_options().from_str::<Selector>(&out).unwrap(), s);
        let plain: Selector = both(r#"(traits: ["agent"], sends: [])"#);
        assert!(plain.walks.is_none() && !plain.walks_flows(), "an empty walk is none");
        let out = ron::ser::to_string(&plain).unwrap();
        assert!(!out.contains("sends"), "{out}");
        // Still one struct with a closed set of fields.
        let err = ron_options().from_str::<Selector>("(sendz: [])").unwrap_err();
        assert!(err.code.to_string().contains("not_receives"), "{}", err.code);
    }

    #[test]
    fn a_paths_optional_selectors_are_read_in_place() {
        let text = r#"(source: (traits: ["human"]), sink: (traits: ["llm"]), guard: (traits: ["guardrail"]),
            via: (data: ["prompt"]), into: (operations: [Invoke]), only_through: (traits: ["memory"]),
            only_through_from: (traits: ["human"]), after: (traits: ["llm"]), fetched: (returned: true))"#;
        let p: PathSpec = both(text);
        assert_eq!(p.selectors().count(), 9);
        for (field, s) in [
            ("guard", &p.guard),
            ("via", &p.via),
            ("into", &p.into),
            ("only_through", &p.only_through),
            ("only_through_from", &p.only_through_from),
            ("after", &p.after),
            ("fetched", &p.fetched),
        ] {
            assert!(s.is_some(), "{field}");
        }
        assert_eq!(p.fetched.as_ref().unwrap().returned, Some(true));
        assert_eq!(p.max_hops, 8);
        let bare: PathSpec = both(r#"(source: (), sink: ())"#);
        assert_eq!(bare.selectors().count(), 2);
    }
}

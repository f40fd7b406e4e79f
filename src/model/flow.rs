//! A data flow: one element acting on another — reading from it, writing to it, invoking it,
//! streaming or signalling to it — with the data that goes there and the data that comes back,
//! and the facts of its transport as yes / no / not yet known.

use super::element::ControlState;
use super::ids::{ControlId, DataClassId, ElementId};
use super::provenance::Provenance;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a flow does at its target. Rules care: poisoning needs a write or an invocation, never a
/// read; leakage follows what comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub enum Operation {
    /// A query: the caller asks, results come back (`returns`).
    Read,
    /// Stores or changes data at the target.
    Write,
    /// Makes the target act: an API call, a tool call, a request to a service.
    #[default]
    Invoke,
    /// A continuous feed to the target (logs, telemetry, a replication stream).
    Stream,
    /// A message or notification the target reacts to (a queue message, a webhook).
    Event,
}

impl Operation {
    /// Every operation, in order.
    pub const ALL: [Operation; 5] = [
        Operation::Read,
        Operation::Write,
        Operation::Invoke,
        Operation::Stream,
        Operation::Event,
    ];

    /// `"read"`, `"write"` …
    pub fn id(self) -> &'static str {
        match self {
            Operation::Read => "read",
            Operation::Write => "write",
            Operation::Invoke => "invoke",
            Operation::Stream => "stream",
            Operation::Event => "event",
        }
    }

    /// How a sentence says a flow does it to its target ("it invokes …").
    pub fn verb(self) -> &'static str {
        match self {
            Operation::Read => "reads",
            Operation::Write => "writes to",
            Operation::Invoke => "invokes",
            Operation::Stream => "streams to",
            Operation::Event => "sends events to",
        }
    }

    /// By [`Operation::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.id() == id)
    }
}

/// A fact about a flow that may not be known yet: nobody answered is not the same as no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub enum Fact {
    /// Known to hold.
    Yes,
    /// Known not to hold.
    No,
    /// Not answered yet: an open question, not a finding.
    #[default]
    Unknown,
}

impl Fact {
    /// From a yes/no answer.
    pub fn from_bool(b: bool) -> Self {
        if b { Fact::Yes } else { Fact::No }
    }

    /// Whether it is known to hold.
    pub fn is_yes(self) -> bool {
        self == Fact::Yes
    }

    /// Whether nobody has answered.
    pub fn is_unknown(&self) -> bool {
        *self == Fact::Unknown
    }

    /// `"yes"`, `"no"`, `"unknown"`.
    pub fn id(self) -> &'static str {
        match self {
            Fact::Yes => "yes",
            Fact::No => "no",
            Fact::Unknown => "unknown",
        }
    }
}

/// The yes / no / unknown facts a flow records. An unknown one that a rule needs becomes an
/// open question rather than a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FlowFact {
    /// [`Flow::encrypted`].
    Encrypted,
    /// [`Flow::authenticated`].
    Authenticated,
    /// [`Flow::server_authenticated`].
    ServerAuthenticated,
    /// [`Flow::validated`].
    Validated,
}

impl FlowFact {
    /// Every fact, in order.
    pub const ALL: [FlowFact; 4] = [
        FlowFact::Encrypted,
        FlowFact::Authenticated,
        FlowFact::ServerAuthenticated,
        FlowFact::Validated,
    ];

    /// The field's name: `"encrypted"` …
    pub fn id(self) -> &'static str {
        match self {
            FlowFact::Encrypted => "encrypted",
            FlowFact::Authenticated => "authenticated",
            FlowFact::ServerAuthenticated => "server_authenticated",
            FlowFact::Validated => "validated",
        }
    }

    /// By [`FlowFact::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The question it answers, for people.
    pub fn question(self) -> &'static str {
        match self {
            FlowFact::Encrypted => "Is the transport encrypted?",
            FlowFact::Authenticated => "Does the receiver authenticate the sender?",
            FlowFact::ServerAuthenticated => "Does the sender verify the receiver's identity?",
            FlowFact::Validated => "Does the receiver validate what arrives before acting on it?",
        }
    }

    /// What a yes says, for people: every fact is a protection, so a yes is one in place.
    pub fn yes_text(self) -> &'static str {
        match self {
            FlowFact::Encrypted => "encrypted",
            FlowFact::Authenticated => "the sender is authenticated",
            FlowFact::ServerAuthenticated => "the receiver's identity is verified",
            FlowFact::Validated => "validated by the receiver",
        }
    }

    /// Its value on `flow`.
    pub fn of(self, flow: &Flow) -> Fact {
        match self {
            FlowFact::Encrypted => flow.encrypted,
            FlowFact::Authenticated => flow.authenticated,
            FlowFact::ServerAuthenticated => flow.server_authenticated,
            FlowFact::Validated => flow.validated,
        }
    }

    /// Sets it on `flow`.
    pub fn set(self, flow: &mut Flow, value: Fact) {
        match self {
            FlowFact::Encrypted => flow.encrypted = value,
            FlowFact::Authenticated => flow.authenticated = value,
            FlowFact::ServerAuthenticated => flow.server_authenticated = value,
            FlowFact::Validated => flow.validated = value,
        }
    }
}

/// A directed flow. Whether it crosses a trust boundary is derived from the endpoints'
/// boundaries, never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// The sender.
    pub from: ElementId,
    /// The receiver.
    pub to: ElementId,
    /// What people call this flow ("user prompt", "tool call").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// What it does at the receiver.
    #[serde(default)]
    pub operation: Operation,
    /// The data classes it carries to the receiver.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub data: BTreeSet<DataClassId>,
    /// The data classes that come back to the sender (a read's results, a call's answer).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub returns: BTreeSet<DataClassId>,
    /// Protocol, free text ("HTTPS", "gRPC", "MCP stdio").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    /// Encrypted in transit.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub encrypted: Fact,
    /// The receiver authenticates the sender.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub authenticated: Fact,
    /// The sender verifies the receiver's identity (a certificate, a pinned endpoint), so a
    /// look-alike endpoint cannot answer in its place.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub server_authenticated: Fact,
    /// The receiver validates what arrives against a schema or allow-list before acting on it.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub validated: Fact,
    /// Control states set on this flow.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub controls: BTreeMap<ControlId, ControlState>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Set when `bulwark map` drew it: the evidence and whether a person confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Provenance>,
}

impl Flow {
    /// A new flow with no data classes and no security properties set.
    pub fn new(from: impl Into<ElementId>, to: impl Into<ElementId>, label: impl Into<String>) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            label: label.into(),
            operation: Operation::Invoke,
            data: BTreeSet::new(),
            returns: BTreeSet::new(),
            protocol: String::new(),
            encrypted: Fact::Unknown,
            authenticated: Fact::Unknown,
            server_authenticated: Fact::Unknown,
            validated: Fact::Unknown,
            controls: BTreeMap::new(),
            notes: String::new(),
            inferred: None,
        }
    }

    /// Whether `control` is implemented on this flow.
    pub fn has_control(&self, control: &ControlId) -> bool {
        self.controls.get(control) == Some(&ControlState::Implemented)
    }
}

//! Provenance of inferred items: what `bulwark map` saw in a repository that made it draw an
//! element, a flow, a boundary or a control, and whether a person has confirmed it since.
//! Stored in the file so a re-map can match items by a stable key and the app can show why.

use super::ids::ControlId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How sure the mapper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// A name or word that may mean something else.
    Low,
    /// A configuration value or a variable name.
    Medium,
    /// A dependency, an import, a call or an image.
    High,
}

impl Confidence {
    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Where an inferred item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum InferredState {
    /// Drawn by the mapper, not yet looked at by a person.
    Inferred,
    /// Appeared in the latest re-map of a model that already existed.
    New,
    /// A person checked it and keeps it.
    Confirmed,
    /// Its evidence is gone from the repository; kept until a person removes it.
    Vanished,
}

impl InferredState {
    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            InferredState::Inferred => "inferred",
            InferredState::New => "new",
            InferredState::Confirmed => "confirmed",
            InferredState::Vanished => "vanished",
        }
    }
}

/// One thing seen in the repository.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Path relative to the repository root, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// The matched text, trimmed and shortened.
    pub text: String,
    /// The detector that matched (`openai`, `compose`).
    pub detector: String,
}

/// Why an item was inferred, and its state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Stable key a re-map matches on (`unit:api`, `service:openai`).
    pub key: String,
    /// How sure the mapper is.
    pub confidence: Confidence,
    /// Inferred, new, confirmed or vanished.
    pub state: InferredState,
    /// What was seen: the lines that define the item first, then the most telling (code before
    /// manifests, manifests before environment keys and CI), each group in file and line order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Evidence for each control the mapper set as implemented.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub controls: BTreeMap<ControlId, Vec<Evidence>>,
}

impl Provenance {
    /// A fresh inferred provenance with no evidence yet.
    pub fn new(key: impl Into<String>, confidence: Confidence) -> Self {
        Self {
            key: key.into(),
            confidence,
            state: InferredState::Inferred,
            evidence: Vec::new(),
            controls: BTreeMap::new(),
        }
    }

    /// Whether a person still has to look at it.
    pub fn needs_review(&self) -> bool {
        self.state != InferredState::Confirmed
    }
}

//! PASTA (Process for Attack Simulation and Threat Analysis): the little the method needs that
//! a diagram does not already hold — stage 1's business objectives, each with its impact and
//! the components it depends on, and the compliance needs. Everything else PASTA asks for
//! (scope, decomposition, threats, weaknesses, attack paths) is read from the model itself.

use super::Severity;
use super::ids::ElementId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The PASTA section of a model (format 7).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pasta {
    /// Business objectives (stage 1), in the order people wrote them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
    /// Compliance needs (stage 1): regulations, standards, contracts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compliance: Vec<String>,
}

impl Pasta {
    /// Nothing written yet (the section is left out of the file).
    pub fn is_empty(&self) -> bool {
        self.objectives.is_empty() && self.compliance.is_empty()
    }
}

/// A business objective the system serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// What the business needs ("Employees get correct answers from internal documents").
    pub name: String,
    /// How bad it is when the objective fails.
    pub impact: Severity,
    /// Components it depends on.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub elements: BTreeSet<ElementId>,
}

//! Suggestions waiting for a person: what an AI coding agent (through `bulwark mcp`) or an
//! assistant proposed for a model, kept in a sidecar file beside it
//! (`NAME.bulwark.suggestions.ron`) so the model file is never written behind the app's back.
//! A suggestion is checked against the model and the catalogue when it arrives, never counts
//! in `check`, reports or SARIF, and becomes ordinary edits (one undo step) only when a person
//! accepts it.

use super::{ControlState, Element, ElementId, FindingId, Flow, FlowId, Model, Transaction, UserThreat};
use crate::catalog::Catalog;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The sidecar's format version.
pub const SUGGESTIONS_FORMAT: u32 = 1;

/// Most suggestions a sidecar keeps waiting; beyond it new ones are refused (a busy agent
/// cannot fill a disk).
pub const MAX_SUGGESTIONS: usize = 500;

/// Most audit entries kept (the oldest go first).
pub const MAX_AUDIT: usize = 1000;

/// The sidecar file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestions {
    /// See [`SUGGESTIONS_FORMAT`].
    pub format: u32,
    /// Waiting for a person, oldest first.
    #[serde(default)]
    pub pending: Vec<Suggestion>,
    /// What was proposed, by whom and when (capped at [`MAX_AUDIT`]).
    #[serde(default)]
    pub audit: Vec<String>,
}

impl Default for Suggestions {
    fn default() -> Self {
        Self {
            format: SUGGESTIONS_FORMAT,
            pending: Vec::new(),
            audit: Vec::new(),
        }
    }
}

/// One proposal with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    /// `S-1`, `S-2`, … unique in the file.
    pub id: String,
    /// Who proposed it (`mcp: <client name>`, `assistant: <command>`).
    pub source: String,
    /// Why, in the proposer's words.
    pub summary: String,
    /// The change.
    pub change: Proposal,
}

/// A change a proposer may suggest. Small on purpose: what an agent can learn from code and
/// say with confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Proposal {
    /// A new component.
    AddComponent {
        /// Its id (`el-…`).
        id: ElementId,
        /// A catalogue kind.
        kind: String,
        /// Its name.
        name: String,
        /// The trust boundary it sits in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        boundary: Option<String>,
    },
    /// A new data flow.
    AddFlow {
        /// Its id (`fl-…`).
        id: FlowId,
        /// Sender.
        from: ElementId,
        /// Receiver.
        to: ElementId,
        /// What it is.
        label: String,
        /// Data classes it carries.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        data: Vec<String>,
    },
    /// A threat no rule raised, about a component or the whole model.
    AddThreat {
        /// The threat, as a sentence.
        statement: String,
        /// The component it is about.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        element: Option<ElementId>,
    },
    /// A control's state on a component.
    SetControl {
        /// The component.
        element: ElementId,
        /// A catalogue control.
        control: String,
        /// `implemented`, `required`, `recommended`, `rejected` or `not-applicable`.
        state: String,
    },
}

/// Where the sidecar of `model` lives: `x.bulwark.ron` → `x.bulwark.suggestions.ron`.
pub fn sidecar_path(model: &Path) -> PathBuf {
    let name = model
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".bulwark.ron").unwrap_or(&name);
    model.with_file_name(format!("{stem}.bulwark.suggestions.ron"))
}

fn control_state(s: &str) -> Option<ControlState> {
    ControlState::ALL.into_iter().find(|c| c.label().replace(' ', "-") == s)
}

impl Proposal {
    /// The edits that apply it to `model`, checked against the model and the catalogue: known
    /// kinds, controls and data classes, existing ends and boundaries, new ids unused. The
    /// edits apply cleanly to `model` as it is.
    pub fn to_transaction(&self, model: &Model, cat: &Catalog) -> Result<Transaction, String> {
        self.accepted_from(model, cat, None)
    }

    /// As [`Self::to_transaction`], for a suggestion a person accepted from `source`: what it
    /// adds says where it came from (a threat's author, a component's or flow's notes), so the
    /// model and its reports show which content an assistant or agent proposed.
    pub fn accepted_from(&self, model: &Model, cat: &Catalog, source: Option<&str>) -> Result<Transaction, String> {
        use super::Edit;
        let provenance = source.map(|s| format!("Suggested by {s}; accepted by a person."));
        let tx = match self {
            Proposal::AddComponent {
                id,
                kind,
                name,
                boundary,
            } => {
                if cat.kind(&kind.as_str().into()).is_none() {
                    return Err(format!("unknown component kind {kind:?}"));
                }
                let mut e = Element::new(kind.as_str(), name.clone());
                e.notes = provenance.clone().unwrap_or_default();
                if let Some(b) = boundary {
                    e.boundary = Some(b.as_str().into());
                }
                Transaction::single(
                    "Add suggested component",
                    Edit::AddElement {
                        id: id.clone(),
                        element: e,
                        position: None,
                        flows: Default::default(),
                        routes: Default::default(),
                    },
                )
            }
            Proposal::AddFlow {
                id,
                from,
                to,
                label,
                data,
            } => {
                let mut f = Flow::new(from.clone(), to.clone(), label.clone());
                f.notes = provenance.clone().unwrap_or_default();
                for d in data {
                    if !cat.data_classes.contains_key(&d.as_str().into()) {
                        return Err(format!("unknown data class {d:?}"));
                    }
                    f.data.insert(d.as_str().into());
                }
                Transaction::single(
                    "Add suggested flow",
                    Edit::AddFlow {
                        id: id.clone(),
                        flow: f,
                        route: Vec::new(),
                    },
                )
            }
            Proposal::AddThreat { statement, element } => {
                if statement.trim().is_empty() {
                    return Err("empty threat statement".into());
                }
                let on = match element {
                    Some(e) => super::ThreatTarget::Element(e.clone()),
                    None => super::ThreatTarget::Model,
                };
                let n = (1..)
                    .find(|n| !model.threats.contains_key(&FindingId::new(format!("USER-{n}"))))
                    .unwrap_or(1);
                let mut threat = UserThreat::new(statement.clone(), on);
                if let Some(s) = source {
                    threat.author = s.to_owned();
                }
                Transaction::single(
                    "Add suggested threat",
                    Edit::SetThreat {
                        id: FindingId::new(format!("USER-{n}")),
                        threat: Some(threat),
                    },
                )
            }
            Proposal::SetControl {
                element,
                control,
                state,
            } => {
                if !cat.controls.contains_key(&control.as_str().into()) {
                    return Err(format!("unknown control {control:?}"));
                }
                let Some(state) = control_state(state) else {
                    return Err(format!(
                        "unknown control state {state:?} (implemented, required, recommended, rejected, not-applicable)"
                    ));
                };
                Transaction::single(
                    "Set suggested control",
                    Edit::SetControl {
                        target: super::Target::Element(element.clone()),
                        control: control.as_str().into(),
                        state: Some(state),
                    },
                )
            }
        };
        // Applied to a copy: the edit's own checks (ids, ends, boundaries) and the model's.
        let mut copy = model.clone();
        tx.clone().apply(&mut copy).map_err(|e| e.to_string())?;
        if let Some(e) = copy.validate().into_iter().next() {
            return Err(e.to_string());
        }
        Ok(tx)
    }
}

impl Suggestions {
    /// Reads the sidecar of the model at `model_path` (empty when there is none), through the
    /// one reading function.
    pub fn load_for(model_path: &Path) -> Result<Self, String> {
        let path = sidecar_path(model_path);
        if !path.exists() {
            return Ok(Self::default());
        }
        let text =
            crate::io::read_text(&path, crate::io::MAX_INPUT_BYTES).map_err(|e| format!("{}: {e}", path.display()))?;
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(&text)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Writes the sidecar beside the model at `model_path`.
    pub fn save_for(&self, model_path: &Path) -> Result<(), String> {
        let path = sidecar_path(model_path);
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).map_err(|e| e.to_string())?;
        super::file::write_atomic(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Adds a checked proposal and returns its id.
    pub fn add(&mut self, source: &str, summary: &str, change: Proposal) -> Result<String, String> {
        if self.pending.len() >= MAX_SUGGESTIONS {
            return Err(format!("{MAX_SUGGESTIONS} suggestions already wait for review"));
        }
        let n = (1..)
            .find(|n| !self.pending.iter().any(|s| s.id == format!("S-{n}")))
            .unwrap_or(1);
        let id = format!("S-{n}");
        self.pending.push(Suggestion {
            id: id.clone(),
            source: source.to_owned(),
            summary: summary.to_owned(),
            change,
        });
        Ok(id)
    }

    /// Records something in the audit log, dropping the oldest entries past the cap.
    pub fn record(&mut self, entry: String) {
        self.audit.push(entry);
        if self.audit.len() > MAX_AUDIT {
            let extra = self.audit.len() - MAX_AUDIT;
            self.audit.drain(..extra);
        }
    }
}

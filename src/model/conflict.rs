//! Conflict records: what a three-way merge could not decide, kept inside the model so the
//! file stays valid and loads, and a person settles each one (take ours / take theirs).

use serde::{Deserialize, Serialize};

/// One field both sides changed differently, or an item one side removed and the other changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The section: `elements`, `flows`, `boundaries`, `notes`, `threats`, `triage` or `model`.
    pub section: String,
    /// The item's id (empty for the model's own fields).
    pub id: String,
    /// The field path inside the item (`name`, `controls.rate-limiting`); empty for the whole item.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// The common ancestor's value, as JSON text; `None` when the item or field did not exist.
    #[serde(default)]
    pub base: Option<String>,
    /// Our value (the one in the model until the conflict is settled); `None` for removed.
    #[serde(default)]
    pub ours: Option<String>,
    /// Their value; `None` for removed.
    #[serde(default)]
    pub theirs: Option<String>,
}

impl Conflict {
    /// "elements el-llm: name".
    pub fn place(&self) -> String {
        match (self.id.is_empty(), self.field.is_empty()) {
            (true, true) => self.section.clone(),
            (true, false) => format!("{}: {}", self.section, self.field),
            (false, true) => format!("{} {}", self.section, self.id),
            (false, false) => format!("{} {}: {}", self.section, self.id, self.field),
        }
    }
}

impl Conflict {
    /// Where, for people: the item's name where the model has one ("element \"Assistant
    /// backend\": name"), else [`Conflict::place`].
    pub fn describe(&self, model: &super::document::Model) -> String {
        let name = match self.section.as_str() {
            "elements" => model
                .elements
                .get(&super::ids::ElementId::new(self.id.clone()))
                .map(|e| ("component", e.name.clone())),
            "flows" => model
                .flows
                .get(&super::ids::FlowId::new(self.id.clone()))
                .map(|f| ("flow", f.label.clone())),
            "boundaries" => model
                .boundaries
                .get(&super::ids::BoundaryId::new(self.id.clone()))
                .map(|b| ("trust boundary", b.name.clone())),
            _ => None,
        };
        match name {
            Some((what, name)) if !name.is_empty() => {
                let field = if self.field.is_empty() {
                    String::new()
                } else {
                    format!(": {}", self.field)
                };
                format!("{what} {name:?} ({}){field}", self.id)
            }
            _ => self.place(),
        }
    }
}

//! The framework registry: every id a rule or control may cite (ATLAS, OWASP LLM, OWASP Agentic,
//! MAESTRO, CoSAI). Loaded from `libraries/frameworks.ron` so a reference can be checked, not
//! trusted.

use crate::model::References;
use serde::{Deserialize, Serialize};

/// One framework item: an id and its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkItem {
    /// The framework's own id (`AML.T0051.001`, `LLM01:2025`, `T6`).
    pub id: String,
    /// Its name in the framework.
    pub name: String,
    /// ATLAS techniques: the tactics they serve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tactics: Vec<String>,
}

/// Every framework item the library can reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frameworks {
    /// ATLAS data version the ids come from.
    pub atlas_version: String,
    /// ATLAS tactics in matrix order.
    pub atlas_tactics: Vec<FrameworkItem>,
    /// ATLAS techniques and sub-techniques.
    pub atlas_techniques: Vec<FrameworkItem>,
    /// ATLAS mitigations.
    pub atlas_mitigations: Vec<FrameworkItem>,
    /// OWASP Top 10 for LLM Applications 2025.
    pub owasp_llm: Vec<FrameworkItem>,
    /// OWASP Agentic AI threats T1–T17.
    pub agentic: Vec<FrameworkItem>,
    /// MAESTRO layers L1–L7.
    pub maestro: Vec<FrameworkItem>,
    /// CoSAI risk-map components.
    pub cosai_components: Vec<FrameworkItem>,
    /// CoSAI risk-map risks.
    pub cosai_risks: Vec<FrameworkItem>,
    /// CoSAI risk-map controls.
    pub cosai_controls: Vec<FrameworkItem>,
}

/// Which list a framework id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FrameworkList {
    /// ATLAS techniques.
    AtlasTechnique,
    /// ATLAS mitigations.
    AtlasMitigation,
    /// OWASP LLM Top 10 2025.
    OwaspLlm,
    /// OWASP Agentic T1–T17.
    Agentic,
    /// CoSAI components.
    CosaiComponent,
    /// CoSAI risks.
    CosaiRisk,
    /// CoSAI controls.
    CosaiControl,
}

impl FrameworkList {
    /// A label for messages.
    pub fn label(self) -> &'static str {
        match self {
            FrameworkList::AtlasTechnique => "MITRE ATLAS v5.6.0 technique",
            FrameworkList::AtlasMitigation => "MITRE ATLAS v5.6.0 mitigation",
            FrameworkList::OwaspLlm => "OWASP LLM Top 10 2025 entry",
            FrameworkList::Agentic => "OWASP Agentic AI threat",
            FrameworkList::CosaiComponent => "CoSAI component",
            FrameworkList::CosaiRisk => "CoSAI risk",
            FrameworkList::CosaiControl => "CoSAI control",
        }
    }
}

impl Frameworks {
    /// The items of one list.
    pub fn list(&self, which: FrameworkList) -> &[FrameworkItem] {
        match which {
            FrameworkList::AtlasTechnique => &self.atlas_techniques,
            FrameworkList::AtlasMitigation => &self.atlas_mitigations,
            FrameworkList::OwaspLlm => &self.owasp_llm,
            FrameworkList::Agentic => &self.agentic,
            FrameworkList::CosaiComponent => &self.cosai_components,
            FrameworkList::CosaiRisk => &self.cosai_risks,
            FrameworkList::CosaiControl => &self.cosai_controls,
        }
    }

    /// The item with `id` in `which`, if the id exists there.
    pub fn find(&self, which: FrameworkList, id: &str) -> Option<&FrameworkItem> {
        self.list(which).iter().find(|i| i.id == id)
    }

    /// What is wrong with a set of references, one message per id: an id missing from its
    /// list, or a CWE id not shaped `CWE-<number>` (MAESTRO layers are an enum, always valid).
    /// For content that cites frameworks outside the rule loader, such as workshop decks.
    pub fn reference_problems(&self, refs: &References) -> Vec<String> {
        let mut out = Vec::new();
        for (list, ids) in [
            (FrameworkList::AtlasTechnique, &refs.atlas),
            (FrameworkList::OwaspLlm, &refs.owasp_llm),
            (FrameworkList::Agentic, &refs.agentic),
            (FrameworkList::CosaiRisk, &refs.cosai),
        ] {
            for id in ids.iter().filter(|id| self.find(list, id).is_none()) {
                out.push(format!("unknown {} {id:?}", list.label()));
            }
        }
        for c in refs.cwe.iter().filter(|c| !is_cwe_id(c)) {
            out.push(format!("{c:?} is not a CWE id (CWE-<number>)"));
        }
        out
    }

    /// The ATLAS tactic name for a tactic id.
    pub fn tactic_name(&self, id: &str) -> Option<&str> {
        self.atlas_tactics.iter().find(|t| t.id == id).map(|t| t.name.as_str())
    }
}

/// Whether `s` looks like a CWE id (`CWE-` and digits).
pub fn is_cwe_id(s: &str) -> bool {
    s.strip_prefix("CWE-")
        .is_some_and(|n| !n.is_empty() && n.len() <= 6 && n.chars().all(|c| c.is_ascii_digit()))
}

//! Framework coverage of a rule set: which OWASP LLM entries, Agentic threats, MAESTRO layers,
//! ATLAS techniques and CoSAI risks the rules reference.

use crate::catalog::{Catalog, MaestroLayer, Rule};
use serde::Serialize;
use std::collections::BTreeMap;

/// For each framework, each id and the rules that reference it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Number of rules counted.
    pub rules: usize,
    /// OWASP LLM Top 10 2025 id → rule ids.
    pub owasp_llm: BTreeMap<String, Vec<String>>,
    /// OWASP Agentic T1–T17 → rule ids.
    pub agentic: BTreeMap<String, Vec<String>>,
    /// MAESTRO layer → rule ids.
    pub maestro: BTreeMap<String, Vec<String>>,
    /// ATLAS technique id → rule ids.
    pub atlas: BTreeMap<String, Vec<String>>,
    /// CoSAI risk id → rule ids.
    pub cosai: BTreeMap<String, Vec<String>>,
    /// Framework ids with no rule, per framework.
    pub uncovered: BTreeMap<String, Vec<String>>,
}

/// Coverage of `rules` against the catalog's framework registry.
pub fn coverage_of<'a>(cat: &Catalog, rules: impl IntoIterator<Item = &'a Rule>) -> Coverage {
    let mut c = Coverage::default();
    for r in rules {
        c.rules += 1;
        let id = r.id.0.clone();
        let refs = &r.references;
        for x in &refs.owasp_llm {
            c.owasp_llm.entry(x.clone()).or_default().push(id.clone());
        }
        for x in &refs.agentic {
            c.agentic.entry(x.clone()).or_default().push(id.clone());
        }
        for x in &refs.maestro {
            c.maestro.entry(x.id().to_owned()).or_default().push(id.clone());
        }
        for x in &refs.atlas {
            c.atlas.entry(x.clone()).or_default().push(id.clone());
        }
        for x in &refs.cosai {
            c.cosai.entry(x.clone()).or_default().push(id.clone());
        }
    }
    let missing = |all: Vec<String>, have: &BTreeMap<String, Vec<String>>| -> Vec<String> {
        all.into_iter().filter(|x| !have.contains_key(x)).collect()
    };
    let f = &cat.frameworks;
    c.uncovered.insert(
        "owasp_llm".into(),
        missing(f.owasp_llm.iter().map(|x| x.id.clone()).collect(), &c.owasp_llm),
    );
    c.uncovered.insert(
        "agentic".into(),
        missing(f.agentic.iter().map(|x| x.id.clone()).collect(), &c.agentic),
    );
    c.uncovered.insert(
        "maestro".into(),
        missing(
            MaestroLayer::ALL.iter().map(|l| l.id().to_owned()).collect(),
            &c.maestro,
        ),
    );
    c
}

impl Coverage {
    /// A plain-text summary.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let line = |s: &mut String, name: &str, m: &BTreeMap<String, Vec<String>>| {
            s.push_str(&format!("{name}: {} ids covered\n", m.len()));
            for (k, v) in m {
                s.push_str(&format!("  {k:<16} {}\n", v.join(", ")));
            }
        };
        s.push_str(&format!("{} rules\n", self.rules));
        line(&mut s, "OWASP LLM Top 10 2025", &self.owasp_llm);
        line(&mut s, "OWASP Agentic T1-T17", &self.agentic);
        line(&mut s, "MAESTRO layers", &self.maestro);
        s.push_str(&format!(
            "MITRE ATLAS v5.6.0: {} distinct technique ids\n",
            self.atlas.len()
        ));
        s.push_str(&format!("CoSAI risks: {} ids\n", self.cosai.len()));
        for (k, v) in &self.uncovered {
            if !v.is_empty() {
                s.push_str(&format!("not covered ({k}): {}\n", v.join(", ")));
            }
        }
        s
    }
}

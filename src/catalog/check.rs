//! Checks a model against the catalog: kinds, questions, answers, controls and data classes
//! exist. Structure (dangling references) is the model's own check; this is meaning.

use super::{Catalog, FrameworkList, is_cwe_id};
use crate::model::{Model, ThreatTarget};

/// Something in a model the catalog does not know. The model still loads (a user library may be
/// missing on this machine), but the problem is reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
#[error("{subject:?}: {message}")]
pub struct ModelIssue {
    /// The element or flow id.
    pub subject: String,
    /// What is wrong.
    pub message: String,
}

/// Every issue, in id order.
pub fn check_model(cat: &Catalog, model: &Model) -> Vec<ModelIssue> {
    let mut out = Vec::new();
    let mut issue = |subject: &str, message: String| {
        out.push(ModelIssue {
            subject: subject.to_owned(),
            message,
        })
    };
    for (id, el) in &model.elements {
        let Some(kind) = cat.kind(&el.kind) else {
            issue(id.as_str(), format!("unknown component kind {:?}", el.kind.as_str()));
            continue;
        };
        for (key, value) in &el.properties {
            match cat.questions.get(key) {
                None => issue(id.as_str(), format!("unknown question {:?}", key.as_str())),
                Some(q) if !q.answer.accepts(value) => issue(
                    id.as_str(),
                    format!("{value} is not a valid answer to {:?}", key.as_str()),
                ),
                Some(_) if !kind.questions.contains_key(key) => issue(
                    id.as_str(),
                    format!("kind {:?} does not ask {:?}", kind.id.as_str(), key.as_str()),
                ),
                Some(_) => {}
            }
        }
        for c in el.controls.keys() {
            if cat.control(c).is_none() {
                issue(id.as_str(), format!("unknown control {:?}", c.as_str()));
            }
        }
    }
    for (id, flow) in &model.flows {
        // What comes back is named as carefully as what goes.
        for d in flow.data.iter().chain(&flow.returns) {
            if !cat.data_classes.contains_key(d) {
                issue(id.as_str(), format!("unknown data class {:?}", d.as_str()));
            }
        }
        for c in flow.controls.keys() {
            if cat.control(c).is_none() {
                issue(id.as_str(), format!("unknown control {:?}", c.as_str()));
            }
        }
    }
    for (id, t) in &model.threats {
        let missing = match &t.on {
            ThreatTarget::Model => None,
            ThreatTarget::Element(e) => (!model.elements.contains_key(e)).then(|| format!("element {:?}", e.as_str())),
            ThreatTarget::Flow(f) => (!model.flows.contains_key(f)).then(|| format!("flow {:?}", f.as_str())),
            ThreatTarget::Boundary(b) => {
                (!model.boundaries.contains_key(b)).then(|| format!("boundary {:?}", b.as_str()))
            }
        };
        if let Some(m) = missing {
            issue(id.as_str(), format!("is about {m}, which is not in the model"));
        }
        if t.statement.trim().is_empty() {
            issue(id.as_str(), "has no statement".to_owned());
        }
        for c in &t.controls {
            if cat.control(c).is_none() {
                issue(id.as_str(), format!("unknown control {:?}", c.as_str()));
            }
        }
        let r = &t.references;
        for (list, ids) in [
            (FrameworkList::AtlasTechnique, &r.atlas),
            (FrameworkList::OwaspLlm, &r.owasp_llm),
            (FrameworkList::Agentic, &r.agentic),
            (FrameworkList::CosaiRisk, &r.cosai),
        ] {
            for x in ids.iter().filter(|x| cat.frameworks.find(list, x).is_none()) {
                issue(id.as_str(), format!("unknown {} {x:?}", list.label()));
            }
        }
        for c in r.cwe.iter().filter(|c| !is_cwe_id(c)) {
            issue(id.as_str(), format!("{c:?} is not a CWE id (CWE-<number>)"));
        }
    }
    out
}

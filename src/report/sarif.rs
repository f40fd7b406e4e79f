//! SARIF 2.1.0, for code-scanning dashboards: one result per finding, located at the element's
//! line in the model file; triaged findings carry a suppression with the justification.

use crate::catalog::Severity;
use crate::engine::{Engine, Evaluation, Status};
use crate::model::Model;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

/// The line of an element's entry in the model text (1 when not found).
fn element_line(text: &str, id: &str) -> usize {
    crate::catalog::line_of(text, &format!("{id:?}: (")).unwrap_or(1)
}

/// The SARIF log. `file` is the model's path as given; `text` its contents, to find lines.
pub fn sarif(engine: &Engine, model: &Model, file: &str, text: &str, eval: &Evaluation) -> Value {
    let used: BTreeSet<&str> = eval.findings.iter().map(|f| f.rule.as_str()).collect();
    let rules: Vec<Value> = engine
        .rules()
        .filter(|r| used.contains(r.id.as_str()))
        .map(|r| {
            let mut tags = vec!["security".to_owned()];
            tags.extend(r.stride.iter().map(|s| format!("STRIDE/{}", s.label())));
            tags.extend(r.references.owasp_llm.iter().map(|x| format!("OWASP-LLM/{x}")));
            tags.extend(r.references.agentic.iter().map(|x| format!("OWASP-Agentic/{x}")));
            tags.extend(r.references.atlas.iter().cloned());
            tags.extend(r.references.cwe.iter().cloned());
            json!({
                "id": r.id,
                "name": r.title,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.description},
                "help": {"text": r.mitigation},
                "defaultConfiguration": {"level": level(r.severity())},
                "properties": {"tags": tags, "security-severity": security_severity(r.severity())},
            })
        })
        .collect();
    let results: Vec<Value> = eval
        .findings
        .iter()
        .filter(|f| f.status != Status::Mitigated)
        .map(|f| {
            let mut msg = f.why.clone();
            if !f.missing_controls.is_empty() {
                let names: Vec<&str> = f.missing_controls.iter().map(|c| c.as_str()).collect();
                msg.push_str(&format!(" Missing controls: {}.", names.join(", ")));
            }
            let mut r = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": msg},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": {"startLine": element_line(text, f.anchor.as_str())},
                    },
                    "logicalLocations": f.elements.iter().map(|e| json!({"name": e, "kind": "element"})).collect::<Vec<_>>(),
                }],
                "partialFingerprints": {"bulwarkFindingId/v1": f.id, "bulwarkInputs/v1": f.fingerprint},
            });
            if let Some(t) = &f.triage
                && f.status != Status::Open
            {
                r["suppressions"] = json!([{"kind": "external", "status": "accepted", "justification": t.justification}]);
            }
            r
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "Bulwark", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": results,
            "properties": {"model": model.name},
        }],
    })
}

//! SARIF 2.1.0, for code-scanning dashboards: one result per finding, located at the element's
//! line in the model file; triaged findings carry a suppression with the justification.

use crate::catalog::Severity;
use crate::engine::{Engine, Evaluation, Status};
use crate::model::Model;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// The line of every entry (`"el-x": (`) in the model text, first occurrence of each id, found
/// in one pass so that locating ten thousand findings is linear in the file.
fn entry_lines(text: &str) -> HashMap<&str, usize> {
    let mut lines = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix('"') else {
            continue;
        };
        if let Some(id) = rest.strip_suffix("\": (") {
            lines.entry(id).or_insert(i + 1);
        }
    }
    lines
}

/// The SARIF log. `file` is the model's path as given; `text` its contents, to find lines.
pub fn sarif(engine: &Engine, model: &Model, file: &str, text: &str, eval: &Evaluation) -> Value {
    sarif_against(engine, model, file, text, eval, None)
}

/// As [`sarif`], compared with a baseline evaluation: every result carries `baselineState`
/// (`new`, `unchanged` or `updated`), and what the baseline raised that is gone is listed as
/// `absent`, so code-scanning dashboards show new risk as new.
pub fn sarif_against(
    engine: &Engine,
    model: &Model,
    file: &str,
    text: &str,
    eval: &Evaluation,
    baseline: Option<&Evaluation>,
) -> Value {
    let shown = |e: &Evaluation| -> BTreeMap<String, std::sync::Arc<crate::engine::Finding>> {
        e.findings
            .iter()
            .filter(|f| f.status != Status::Mitigated)
            .map(|f| (f.id.to_string(), f.clone()))
            .collect()
    };
    let before = baseline.map(shown);
    // What a finding of the baseline stood for there (one finding per threat): shown on its own
    // now, it is not new; hidden now behind another, it is not absent.
    let stood_before = baseline.map(Evaluation::stood_for).unwrap_or_default();
    let stood_now = eval.stood_for();
    let mut used: BTreeSet<&str> = eval.findings.iter().map(|f| f.rule.as_str()).collect();
    if let Some(b) = baseline {
        used.extend(b.findings.iter().map(|f| f.rule.as_str()));
    }
    let mut rules: Vec<Value> = engine
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
    // A threat a person wrote is its own rule, so dashboards can show and filter it.
    for (id, t) in &model.threats {
        let mut tags = vec!["security".to_owned(), "written-by-person".to_owned()];
        tags.extend(t.stride.iter().map(|s| format!("STRIDE/{}", s.label())));
        tags.extend(t.references.owasp_llm.iter().map(|x| format!("OWASP-LLM/{x}")));
        tags.extend(t.references.agentic.iter().map(|x| format!("OWASP-Agentic/{x}")));
        tags.extend(t.references.atlas.iter().cloned());
        tags.extend(t.references.cwe.iter().cloned());
        rules.push(json!({
            "id": id,
            "name": t.statement,
            "shortDescription": {"text": t.statement},
            "fullDescription": {"text": t.sentence()},
            "help": {"text": if t.mitigated.is_empty() { "Written by a person; close it with its linked controls or a statement of how it is mitigated." } else { t.mitigated.as_str() }},
            "defaultConfiguration": {"level": level(t.severity)},
            "properties": {"tags": tags, "security-severity": security_severity(t.severity)},
        }));
    }
    let lines = entry_lines(text);
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
                        "region": {"startLine": lines.get(f.anchor.as_str()).or_else(|| lines.get(f.id.as_str())).copied().unwrap_or(1)},
                    },
                    "logicalLocations": f.elements.iter().map(|e| json!({"name": e, "kind": "element"})).collect::<Vec<_>>(),
                }],
                "partialFingerprints": {"bulwarkFindingId/v2": f.id, "bulwarkInputs/v2": f.fingerprint},
            });
            // The rules this finding stands for on its element (a more general rule it refines,
            // members of its family), as the JSON's `refines` and the why say.
            if !f.refines.is_empty() {
                r["properties"] = json!({"standsFor": f.refines});
            }
            if let Some(before) = &before {
                r["baselineState"] = json!(match before.get(f.id.as_str()) {
                    None if stood_before.contains(&(&f.anchor, &f.rule)) => "updated",
                    None => "new",
                    Some(o) if o.fingerprint == f.fingerprint && o.severity == f.severity && o.status == f.status => "unchanged",
                    Some(_) => "updated",
                });
            }
            if let Some(t) = &f.triage {
                // A verdict past its review date is a suppression under review: the result counts.
                let status = if f.status == Status::Open { "underReview" } else { "accepted" };
                r["suppressions"] = json!([{
                    "kind": "external",
                    "status": status,
                    "justification": t.justification,
                    "properties": {
                        "verdict": t.status.label(),
                        "decidedBy": t.decided_by,
                        "decidedOn": t.date,
                        "reviewBy": t.review_by,
                        "owner": t.owner,
                    },
                }]);
            }
            r
        })
        .collect();
    let mut results = results;
    if let Some(before) = &before {
        let now = shown(eval);
        for (id, o) in before
            .iter()
            .filter(|(id, o)| !now.contains_key(*id) && !stood_now.contains(&(&o.anchor, &o.rule)))
        {
            results.push(json!({
                "ruleId": o.rule,
                "level": level(o.severity),
                "message": {"text": format!("No longer raised: {}", o.title)},
                "partialFingerprints": {"bulwarkFindingId/v2": id, "bulwarkInputs/v2": o.fingerprint},
                "baselineState": "absent",
            }));
        }
    }
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

//! A model → Open Threat Model 0.2.0 JSON: boundaries as trust zones (nested by `parent`),
//! elements as components (their kind id as the type), flows as data flows, threats people wrote
//! and the rules' findings as threats placed on their component or flow with their state, and
//! the controls they name as mitigations with each control's state. Positions are the diagram's,
//! relative to the parent zone as OTM has them. Every item also carries its Bulwark record under
//! `attributes.bulwark`, read back by the importer.

use super::ExportError;
use crate::catalog::Catalog;
use crate::engine::{Evaluation, Finding, Status};
use crate::interop::import::common::mapping;
use crate::interop::import::otm::{Mapping, OUTSIDE_ZONE, ProjectStash, STASH, TABLE, ThreatStash};
use crate::model::{ControlId, ControlState, FindingId, Model, Rect, References, Severity, Stride, ThreatTarget};
use crate::report::Placement;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

const DIAGRAM: &str = "bulwark-diagram";
const EVIDENCE: &str = "bulwark-evidence";

fn state_of(status: Status) -> &'static str {
    match status {
        Status::Open => "exposed",
        Status::Mitigated => "mitigated",
        Status::Accepted => "accepted",
        Status::NotApplicable => "not-applicable",
        Status::Transferred => "transferred",
    }
}

fn control_state(s: ControlState) -> &'static str {
    match s {
        ControlState::Recommended => "recommended",
        ControlState::Required => "required",
        ControlState::Implemented => "implemented",
        ControlState::Rejected => "rejected",
        ControlState::NotApplicable => "not-applicable",
    }
}

/// Likelihood and impact (0–100) whose product lands in the severity's band of the table.
fn risk(s: Severity) -> Json {
    let (l, i) = match s {
        Severity::Critical => (90, 90),
        Severity::High => (75, 75),
        Severity::Medium => (50, 60),
        Severity::Low => (30, 30),
    };
    json!({"likelihood": l, "impact": i})
}

/// Framework ids as tags (`atlas:AML.T0051`), OTM's only taxonomy field besides CWE.
fn framework_tags(r: &References) -> Vec<String> {
    let mut tags = Vec::new();
    for (prefix, ids) in [
        ("atlas", &r.atlas),
        ("owasp-llm", &r.owasp_llm),
        ("agentic", &r.agentic),
        ("cosai", &r.cosai),
    ] {
        tags.extend(ids.iter().map(|id| format!("{prefix}:{id}")));
    }
    tags.extend(r.maestro.iter().map(|l| format!("maestro:{}", l.id())));
    tags
}

fn categories(s: &[Stride]) -> Vec<&'static str> {
    s.iter().map(|s| s.label()).collect()
}

fn relative(r: Rect, to: Option<Rect>) -> Json {
    let (ox, oy) = to.map_or((0.0, 0.0), |p| (p.x, p.y));
    json!({
        "representation": DIAGRAM,
        "id": "",
        "position": {"x": round(r.x - ox), "y": round(r.y - oy)},
        "size": {"width": round(r.w), "height": round(r.h)},
    })
}

fn round(n: f32) -> f64 {
    (f64::from(n) * 10.0).round() / 10.0
}

fn with_id(mut rep: Json, id: String) -> Json {
    rep["id"] = Json::String(id);
    rep
}

/// Writes `model` (evaluated as `eval`) as OTM 0.2.0 JSON.
pub fn to_otm(model: &Model, catalog: &Catalog, eval: &Evaluation) -> Result<String, ExportError> {
    let map: Mapping = mapping(TABLE)?;
    let placement = Placement::of(model);
    let zone_rect =
        |b: &Option<crate::model::BoundaryId>| b.as_ref().and_then(|b| placement.boundaries.get(b)).copied();
    let project_id = match crate::model::slug(&model.name) {
        s if s.is_empty() => "bulwark-model".to_owned(),
        s => s,
    };
    let bounds = placement.bounds().unwrap_or(Rect::new(0.0, 0.0, 1000.0, 800.0));
    let mut representations = vec![json!({
        "name": "Bulwark diagram",
        "id": DIAGRAM,
        "type": "diagram",
        "size": {"width": round(bounds.x.max(0.0) + bounds.w), "height": round(bounds.y.max(0.0) + bounds.h)},
    })];
    if model
        .elements
        .values()
        .any(|e| e.inferred.as_ref().is_some_and(|p| !p.evidence.is_empty()))
    {
        representations.push(json!({"name": "Evidence in the code", "id": EVIDENCE, "type": "code"}));
    }

    let mut zones: Vec<Json> = Vec::new();
    for (id, b) in &model.boundaries {
        let mut z = json!({
            "id": id.as_str(),
            "name": b.name,
            "type": b.kind.id(),
            "risk": {"trustRating": map.trust_ratings.get(&b.kind).copied().unwrap_or(50)},
            "attributes": {STASH: b},
        });
        if !b.notes.is_empty() {
            z["description"] = json!(b.notes);
        }
        if let Some(p) = &b.parent {
            z["parent"] = json!({"trustZone": p.as_str()});
        }
        if let Some(r) = placement.boundaries.get(id) {
            z["representations"] = json!([with_id(relative(*r, zone_rect(&b.parent)), format!("{id}-box"))]);
        }
        zones.push(z);
    }
    if model.elements.values().any(|e| e.boundary.is_none()) {
        zones.push(json!({
            "id": OUTSIDE_ZONE,
            "name": "Outside every trust boundary",
            "type": "internet",
            "description": "Bulwark's components that sit in no trust boundary (OTM needs a parent for every component).",
            "risk": {"trustRating": map.trust_ratings.get(&crate::model::BoundaryKind::Internet).copied().unwrap_or(10)},
        }));
    }

    // Threats: the ones people wrote, then the rules' findings, each placed where it applies.
    let findings: BTreeMap<&FindingId, &Finding> = eval.findings.iter().map(|f| (&f.id, f.as_ref())).collect();
    let mut threats: Vec<Json> = Vec::new();
    let mut placed: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    let mut mitigations: BTreeMap<ControlId, Json> = BTreeMap::new();
    let mut mitigation_of = |c: &ControlId| {
        mitigations.entry(c.clone()).or_insert_with(|| {
            let (name, description) = catalog.control(c).map_or((c.as_str().to_owned(), String::new()), |k| {
                (k.name.clone(), k.description.clone())
            });
            json!({"id": c.as_str(), "name": name, "description": description, "riskReduction": 100})
        });
    };
    // Targets are keyed `element:ID` / `flow:ID`: an element and a flow may share an id.
    let state_on = |target: &str, c: &ControlId| -> Option<ControlState> {
        if let Some(e) = target.strip_prefix("element:") {
            model.elements.get(&e.into()).and_then(|e| e.controls.get(c)).copied()
        } else {
            let f = target.strip_prefix("flow:")?;
            model.flows.get(&f.into()).and_then(|f| f.controls.get(c)).copied()
        }
    };
    for (id, t) in &model.threats {
        let status = findings.get(id).map_or(Status::Open, |f| f.status);
        let mut def = json!({
            "id": id.as_str(),
            "name": t.sentence(),
            "description": t.statement,
            "categories": categories(&t.stride),
            "cwes": t.references.cwe,
            "risk": risk(t.severity),
            "tags": framework_tags(&t.references),
            "attributes": {STASH: ThreatStash { id: Some(id.clone()), threat: Some(t.clone()), rule: false }},
        });
        let target = match &t.on {
            ThreatTarget::Element(e) if model.elements.contains_key(e) => Some(format!("element:{e}")),
            ThreatTarget::Flow(f) if model.flows.contains_key(f) => Some(format!("flow:{f}")),
            _ => None,
        };
        if let Some(target) = target {
            let mut ms = Vec::new();
            for c in &t.controls {
                mitigation_of(c);
                let s = state_on(&target, c).unwrap_or(ControlState::Recommended);
                ms.push(json!({"mitigation": c.as_str(), "state": control_state(s)}));
            }
            placed
                .entry(target)
                .or_default()
                .push(json!({"threat": id.as_str(), "state": state_of(status), "mitigations": ms}));
        } else if !t.mitigated.is_empty() {
            def["description"] = json!(format!("{} Mitigated: {}", t.statement, t.mitigated));
        }
        threats.push(def);
    }
    for f in eval
        .findings
        .iter()
        .filter(|f| !crate::model::is_user_id(f.id.as_str()))
    {
        let target = f
            .flow
            .as_ref()
            .map_or(format!("element:{}", f.anchor), |fl| format!("flow:{fl}"));
        let mut ms = Vec::new();
        let mut named: Vec<(&ControlId, ControlState)> = f
            .missing_controls
            .iter()
            .map(|c| (c, state_on(&target, c).unwrap_or(ControlState::Recommended)))
            .collect();
        named.extend(
            f.mitigated_by
                .iter()
                .filter_map(|m| m.control.as_ref())
                .map(|c| (c, ControlState::Implemented)),
        );
        for (c, s) in named {
            mitigation_of(c);
            ms.push(json!({"mitigation": c.as_str(), "state": control_state(s)}));
        }
        let mut cwes = f.references.cwe.clone();
        cwes.sort();
        threats.push(json!({
            "id": f.id.as_str(),
            "name": f.title.as_ref(),
            "description": f.why,
            "categories": categories(&f.stride),
            "cwes": cwes,
            "risk": risk(f.severity),
            "tags": framework_tags(&f.references),
            "attributes": {STASH: ThreatStash { id: Some(f.id.clone()), threat: None, rule: true }},
        }));
        placed
            .entry(target)
            .or_default()
            .push(json!({"threat": f.id.as_str(), "state": state_of(f.status), "mitigations": ms}));
    }

    let mut components: Vec<Json> = Vec::new();
    for (id, e) in &model.elements {
        let mut reps = Vec::new();
        if let Some(r) = placement.node_rect(id) {
            reps.push(with_id(relative(r, zone_rect(&e.boundary)), format!("{id}-box")));
        }
        for (n, ev) in e.inferred.iter().flat_map(|p| &p.evidence).enumerate() {
            reps.push(json!({
                "representation": EVIDENCE,
                "id": format!("{id}-evidence-{}", n + 1),
                "file": ev.file,
                "line": ev.line,
                "codeSnippet": ev.text,
            }));
        }
        let mut c = json!({
            "id": id.as_str(),
            "name": e.name,
            "type": e.kind.as_str(),
            "parent": {"trustZone": e.boundary.as_ref().map_or(OUTSIDE_ZONE, |b| b.as_str())},
            "tags": e.tags,
            "representations": reps,
            "threats": placed.remove(&format!("element:{id}")).unwrap_or_default(),
            "attributes": {STASH: e},
        });
        if !e.notes.is_empty() {
            c["description"] = json!(e.notes);
        }
        components.push(c);
    }
    let mut dataflows: Vec<Json> = Vec::new();
    for (id, f) in &model.flows {
        let name = crate::interop::import::otm::flow_name(model, f);
        let mut d = json!({
            "id": id.as_str(),
            "name": name,
            "source": f.from.as_str(),
            "destination": f.to.as_str(),
            "bidirectional": false,
            "tags": [format!("bulwark:{}", f.operation.id())],
            "threats": placed.remove(&format!("flow:{id}")).unwrap_or_default(),
            "attributes": {STASH: f},
        });
        if !f.notes.is_empty() {
            d["description"] = json!(f.notes);
        }
        dataflows.push(d);
    }
    let stash = ProjectStash::of(model);
    let mut project = json!({"name": model.name, "id": project_id, "attributes": {STASH: stash}});
    if !model.description.is_empty() {
        project["description"] = json!(model.description);
    }
    let doc = json!({
        "otmVersion": "0.2.0",
        "project": project,
        "representations": representations,
        "trustZones": zones,
        "components": components,
        "dataflows": dataflows,
        "threats": threats,
        "mitigations": mitigations.into_values().collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}

//! A model → an AWS threat-composer workspace (`.tc.json`, schema 1): the threats people wrote
//! and the rules' findings as threats with their grammar parts, priority, STRIDE letters,
//! framework ids as tags and status; the controls they name as mitigations linked to them, with
//! the control's state; decisions as mitigations and assumptions as assumptions; the model's
//! description, and its components and flows written out as the architecture and data-flow
//! descriptions (threat-composer has no diagram of its own). Each record also carries its
//! Bulwark form under the `custom:bulwark` metadata key.

use super::ExportError;
use crate::catalog::Catalog;
use crate::engine::{Evaluation, Status};
use crate::interop::import::common::mapping;
use crate::interop::import::threat_composer::{Mapping, STASH, Stash, TABLE};
use crate::model::{ControlId, ControlState, Model, NoteKind, References, Severity, Stride, ThreatTarget};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// A UUID-shaped id (threat-composer links need exactly 36 characters), the same for the same
/// Bulwark id so exports diff cleanly.
fn uuid(of: &str) -> String {
    let fnv = |seed: u64| {
        of.bytes()
            .fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// STRIDE letters, from the same table the importer reads.
fn letters(map: &Mapping, s: &[Stride]) -> Vec<String> {
    s.iter()
        .filter_map(|s| map.stride.iter().find(|(_, v)| *v == s).map(|(k, _)| k.clone()))
        .collect()
}

fn priority(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

/// Framework ids as tags (threat-composer allows 1–30 characters each).
fn tags(r: &References) -> Vec<String> {
    let mut out: Vec<String> = [&r.owasp_llm, &r.agentic, &r.atlas, &r.cosai, &r.cwe]
        .into_iter()
        .flatten()
        .cloned()
        .chain(r.maestro.iter().map(|l| format!("MAESTRO {}", l.id())))
        .filter(|t| !t.is_empty() && t.chars().count() <= 30)
        .collect();
    out.dedup();
    out
}

/// Threat-composer caps free text; longer text is cut with an ellipsis.
fn cap(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn stash(s: &Stash) -> Result<Json, ExportError> {
    Ok(json!({"key": STASH, "value": serde_json::to_string(s)?}))
}

/// Writes `model` (evaluated as `eval`) as a threat-composer workspace.
pub fn to_threat_composer(model: &Model, catalog: &Catalog, eval: &Evaluation) -> Result<String, ExportError> {
    let map: Mapping = mapping(TABLE)?;
    let name_of = |on: &ThreatTarget| match on {
        ThreatTarget::Model => None,
        ThreatTarget::Element(e) => model.elements.get(e).map(|e| e.name.clone()),
        ThreatTarget::Flow(f) => model.flows.get(f).map(|f| f.label.clone()),
        ThreatTarget::Boundary(b) => model.boundaries.get(b).map(|b| b.name.clone()),
    };
    let status_of = |s: Status| match s {
        Status::Open | Status::Accepted | Status::Transferred => "threatIdentified",
        Status::Mitigated => "threatResolved",
        Status::NotApplicable => "threatResolvedNotUseful",
    };
    let findings: BTreeMap<_, _> = eval.findings.iter().map(|f| (f.id.clone(), f.clone())).collect();
    let mut threats = Vec::new();
    let mut mitigations: BTreeMap<String, Json> = BTreeMap::new();
    let mut links = Vec::new();
    let mut control_mitigation = |c: &ControlId,
                                  state: ControlState,
                                  threat: &str,
                                  links: &mut Vec<Json>|
     -> Result<(), ExportError> {
        let key = format!("control:{c}");
        let status = match state {
            ControlState::Implemented => "mitigationResolved",
            ControlState::Rejected | ControlState::NotApplicable => "mitigationResolvedWillNotAction",
            ControlState::Required => "mitigationInProgress",
            ControlState::Recommended => "mitigationIdentified",
        };
        if !mitigations.contains_key(&key) {
            let n = mitigations.len() + 1;
            let name = catalog.control(c).map_or(c.as_str().to_owned(), |k| k.name.clone());
            let comment = catalog
                .control(c)
                .map(|k| cap(&k.description, 1000))
                .unwrap_or_default();
            mitigations.insert(
                key.clone(),
                json!({
                    "id": uuid(&key),
                    "numericId": n,
                    "displayOrder": n,
                    "content": cap(&name, 1000),
                    "status": status,
                    "metadata": [{"key": "Comments", "value": comment}, stash(&Stash { control: Some(c.to_string()), ..Stash::default() })?],
                }),
            );
        }
        links.push(json!({"mitigationId": uuid(&key), "linkedId": threat}));
        Ok(())
    };
    let state_on = |on: &ThreatTarget, c: &ControlId| match on {
        ThreatTarget::Element(e) => model.elements.get(e).and_then(|e| e.controls.get(c)).copied(),
        ThreatTarget::Flow(f) => model.flows.get(f).and_then(|f| f.controls.get(c)).copied(),
        _ => None,
    };
    for (id, t) in &model.threats {
        let status = findings.get(id).map_or(Status::Open, |f| f.status);
        let tid = uuid(id.as_str());
        let mut metadata = vec![
            json!({"key": "Priority", "value": priority(t.severity)}),
            json!({"key": "STRIDE", "value": letters(&map, &t.stride)}),
        ];
        let mut comment = Vec::new();
        if let Some(n) = name_of(&t.on) {
            comment.push(format!("On {n} ({id} in Bulwark)."));
        }
        if !t.mitigated.is_empty() {
            comment.push(format!("Mitigated: {}", t.mitigated));
        }
        if let Some(tr) = model.triage.get(id) {
            comment.push(format!("{}: {}", tr.status.label(), tr.justification));
        }
        if !comment.is_empty() {
            metadata.push(json!({"key": "Comments", "value": cap(&comment.join(" "), 1000)}));
        }
        metadata.push(stash(&Stash {
            id: Some(id.clone()),
            threat: Some(t.clone()),
            triage: model.triage.get(id).cloned(),
            ..Stash::default()
        })?);
        let mut threat = json!({
            "id": tid,
            "numericId": threats.len() + 1,
            "displayOrder": threats.len() + 1,
            "statement": cap(&t.sentence(), 1400),
            "status": status_of(status),
            "tags": tags(&t.references),
            "metadata": metadata,
        });
        for (key, value) in [
            ("threatSource", &t.actor),
            ("prerequisites", &t.prerequisites),
            ("threatAction", &t.action),
            ("threatImpact", &t.impact),
        ] {
            if !value.is_empty() {
                threat[key] = json!(cap(value, 200));
            }
        }
        if !t.asset.is_empty() {
            threat["impactedAssets"] = json!([cap(&t.asset, 200)]);
        }
        for c in &t.controls {
            control_mitigation(
                c,
                state_on(&t.on, c).unwrap_or(ControlState::Recommended),
                &tid,
                &mut links,
            )?;
        }
        threats.push(threat);
    }
    for f in eval
        .findings
        .iter()
        .filter(|f| !crate::model::is_user_id(f.id.as_str()))
    {
        let tid = uuid(f.id.as_str());
        let on = f.flow.as_ref().map_or(ThreatTarget::Element(f.anchor.clone()), |fl| {
            ThreatTarget::Flow(fl.clone())
        });
        let mut comment = format!("{} ({}). {}", name_of(&on).unwrap_or_default(), f.id, f.why);
        if let Some(tr) = model.triage.get(&f.id) {
            comment.push_str(&format!(" {}: {}", tr.status.label(), tr.justification));
        }
        threats.push(json!({
            "id": tid,
            "numericId": threats.len() + 1,
            "displayOrder": threats.len() + 1,
            "statement": cap(&f.title, 1400),
            "status": status_of(f.status),
            "tags": tags(&f.references),
            "metadata": [
                {"key": "Priority", "value": priority(f.severity)},
                {"key": "STRIDE", "value": letters(&map, &f.stride)},
                {"key": "Comments", "value": cap(&comment, 1000)},
                stash(&Stash { id: Some(f.id.clone()), rule: true, ..Stash::default() })?,
            ],
        }));
        for c in f.missing_controls.iter() {
            control_mitigation(
                c,
                state_on(&on, c).unwrap_or(ControlState::Recommended),
                &tid,
                &mut links,
            )?;
        }
        for c in f.mitigated_by.iter().filter_map(|m| m.control.as_ref()) {
            control_mitigation(c, ControlState::Implemented, &tid, &mut links)?;
        }
    }
    let mut assumptions = Vec::new();
    let mut decisions = Vec::new();
    for (id, n) in &model.notes {
        let item = json!({
            "id": uuid(id.as_str()),
            "content": cap(&n.text, 1000),
            "metadata": [stash(&Stash { note: Some(n.clone()), ..Stash::default() })?],
        });
        // threat-composer knows assumptions and mitigations only: a parked question is closest
        // to an assumption not yet checked, an action to a mitigation still to do; the stash
        // keeps the kind for the way back.
        match n.kind {
            NoteKind::Assumption | NoteKind::ParkingLot => assumptions.push(item),
            NoteKind::Decision => decisions.push((item, "mitigationResolved")),
            NoteKind::Action => decisions.push((item, "mitigationInProgress")),
        }
    }
    for (i, a) in assumptions.iter_mut().enumerate() {
        a["numericId"] = json!(i + 1);
        a["displayOrder"] = json!(i + 1);
    }
    let mut mitigations: Vec<Json> = mitigations.into_values().collect();
    for (d, status) in decisions {
        let mut d = d;
        let n = mitigations.len() + 1;
        d["numericId"] = json!(n);
        d["displayOrder"] = json!(n);
        d["status"] = json!(status);
        mitigations.push(d);
    }
    let architecture: Vec<String> = model
        .elements
        .values()
        .map(|e| {
            let zone = e
                .boundary
                .as_ref()
                .and_then(|b| model.boundaries.get(b))
                .map_or(String::new(), |b| format!(", in {}", b.name));
            format!("- **{}** ({}{zone})", e.name, e.kind)
        })
        .collect();
    let dataflow: Vec<String> = model
        .flows
        .values()
        .map(|f| {
            let n = |e: &crate::model::ElementId| model.elements.get(e).map_or(e.to_string(), |e| e.name.clone());
            let label = if f.label.is_empty() {
                String::new()
            } else {
                format!(": {}", f.label)
            };
            format!("- {} → {} ({}){label}", n(&f.from), n(&f.to), f.operation.id())
        })
        .collect();
    let doc = json!({
        "schema": 1,
        "applicationInfo": {"name": cap(&model.name, 200), "description": cap(&model.description, 100_000)},
        "architecture": {"description": cap(&format!("### Components\n\n{}", architecture.join("\n")), 100_000)},
        "dataflow": {"description": cap(&format!("### Data flows\n\n{}", dataflow.join("\n")), 100_000)},
        "assumptions": assumptions,
        "mitigations": mitigations,
        "assumptionLinks": [],
        "mitigationLinks": links,
        "threats": threats,
    });
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}

//! A model → a CycloneDX 2.0 threat model (the draft's TM-BOM), read back by the CycloneDX
//! importer through the same table (`libraries/import/cyclonedx.ron`).
//!
//! One blueprint holds the design: boundaries as zones (nested by `parent`, with a blueprint
//! boundary between each zone and the one around it, declared a trust boundary unless the zone
//! is a group), elements as assets in their zone, flows as flows, assumptions as assumptions and
//! decisions as requirements the blueprint names. The threats people wrote and the rules'
//! findings are threats (STRIDE and MAESTRO as categories, CWE as weaknesses, ATLAS, OWASP LLM,
//! Agentic and CoSAI ids as `bulwark:…` properties), each with a risk carrying its status,
//! severity and response; controls are grouped by state, each group applying to the elements
//! and flows that have the control in that state. Every item also carries its Bulwark record in
//! a `bulwark:…` property, and the document the notes, triage, layout and workshop records.

mod threats;

use super::ExportError;
use crate::catalog::Catalog;
use crate::engine::{Evaluation, Status};
use crate::interop::import::common::{mapping, one_line};
use crate::interop::import::cyclonedx::{
    FRAMEWORK_PROPERTIES, Mapping, OUTSIDE_ZONE, TABLE, flow_name, shown_name, stash,
};
use crate::interop::import::otm::ProjectStash;
use crate::model::{BoundaryKind, ControlState, Model, NoteKind, References, Severity, Stride};
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;

/// The statuses CycloneDX predefines for a control; any other is written as a custom status.
const CONTROL_STATUSES: [&str; 9] = [
    "recommended",
    "proposed",
    "approved",
    "rejected",
    "planned",
    "in-progress",
    "implemented",
    "verified",
    "decommissioned",
];

fn property(name: &str, value: impl Into<String>) -> Json {
    json!({"name": name, "value": value.into()})
}

fn record<T: serde::Serialize>(name: &str, value: &T) -> Result<Json, ExportError> {
    Ok(property(name, serde_json::to_string(value)?))
}

/// A ref for Bulwark's item `id` of the kind `prefix` (`element:el-1`).
fn bom_ref(prefix: &str, id: &str) -> String {
    format!("{prefix}:{id}")
}

/// What the export needs from the table, looked up both ways.
struct Tables<'a> {
    map: &'a Mapping,
}

impl Tables<'_> {
    fn first<'k, T: PartialEq>(pairs: &'k [(String, T)], value: &T) -> Option<&'k str> {
        pairs.iter().find(|(_, v)| v == value).map(|(k, _)| k.as_str())
    }

    fn zone_type(&self, kind: BoundaryKind) -> &str {
        self.map.boundary_zone_types.get(&kind).map_or("trust", String::as_str)
    }

    fn characteristic(&self, kind: BoundaryKind) -> Option<&str> {
        Self::first(&self.map.characteristics, &kind)
    }

    fn asset_type(&self, kind: &str, catalog: &Catalog) -> &str {
        self.map
            .asset_types
            .get(kind)
            .or_else(|| {
                catalog
                    .kind(&kind.into())
                    .and_then(|k| self.map.dfd_asset_types.get(&k.dfd))
            })
            .map_or("component", String::as_str)
    }

    fn control_status(&self, s: ControlState) -> Json {
        let name = Self::first(&self.map.control_statuses, &s).unwrap_or("recommended");
        if CONTROL_STATUSES.contains(&name) {
            json!(name)
        } else {
            json!({"name": name, "description": "A status of Bulwark's: the control does not apply here"})
        }
    }

    fn risk_status(&self, s: Status) -> &str {
        use crate::interop::import::common::Status as Theirs;
        let status = match s {
            Status::Open => Theirs::Open,
            Status::Mitigated => Theirs::Mitigated,
            Status::Accepted => Theirs::Accepted,
            Status::NotApplicable => Theirs::NotApplicable,
            Status::Transferred => Theirs::Transferred,
        };
        Self::first(&self.map.risk_statuses, &status).unwrap_or("identified")
    }

    fn level(&self, s: Severity) -> &str {
        Self::first(&self.map.levels, &s).unwrap_or("medium")
    }

    /// STRIDE and MAESTRO as CycloneDX threat categories.
    fn categories(&self, stride: &[Stride], r: &References) -> Vec<Json> {
        let mut out: Vec<Json> = Vec::new();
        for s in stride {
            if let Some(c) = Self::first(&self.map.stride, s) {
                out.push(json!({"taxonomy": "STRIDE", "category": c}));
            }
        }
        for l in &r.maestro {
            if let Some(c) = Self::first(&self.map.maestro, l) {
                out.push(json!({"taxonomy": "MAESTRO", "category": c}));
            }
        }
        out.dedup();
        out
    }
}

/// CWE ids as weaknesses.
fn weaknesses(r: &References) -> Vec<Json> {
    let ids: BTreeSet<u64> = r
        .cwe
        .iter()
        .filter_map(|c| c.strip_prefix("CWE-")?.parse().ok())
        .filter(|n| *n >= 1)
        .collect();
    ids.into_iter().map(|n| json!({"cweId": n})).collect()
}

/// ATLAS, OWASP LLM, Agentic and CoSAI ids: one property each.
fn framework_properties(r: &References) -> Vec<Json> {
    FRAMEWORK_PROPERTIES
        .into_iter()
        .zip([&r.atlas, &r.owasp_llm, &r.agentic, &r.cosai])
        .flat_map(|(name, ids)| ids.iter().map(move |id| property(name, id.clone())))
        .collect()
}

/// A known fact as a boolean.
fn known(f: crate::model::Fact) -> Option<bool> {
    match f {
        crate::model::Fact::Yes => Some(true),
        crate::model::Fact::No => Some(false),
        crate::model::Fact::Unknown => None,
    }
}

/// Sets `key` to `value` when it is not empty (CycloneDX lists and names have minimums).
fn put(item: &mut Json, key: &str, value: Json) {
    let empty = match &value {
        Json::Array(a) => a.is_empty(),
        Json::String(s) => s.is_empty(),
        _ => false,
    };
    if !empty {
        item[key] = value;
    }
}

/// Writes `model` (evaluated as `eval`) as a CycloneDX 2.0 threat model.
pub fn to_cyclonedx(model: &Model, catalog: &Catalog, eval: &Evaluation) -> Result<String, ExportError> {
    let map: Mapping = mapping(TABLE)?;
    let t = Tables { map: &map };
    let mut bp = json!({
        "bom-ref": "blueprint:bulwark",
        "name": shown_name(&model.name, "Bulwark model"),
        "modelTypes": ["data-flow"],
    });
    put(&mut bp, "description", json!(model.description.trim()));
    let Zones {
        zones,
        boundaries,
        trust,
    } = zones(model, &t)?;
    put(&mut bp, "zones", json!(zones));
    put(&mut bp, "boundaries", json!(boundaries));
    let outside = zones.iter().any(|z| z["bom-ref"] == OUTSIDE_ZONE);
    let mut assets = Vec::new();
    for (id, e) in &model.elements {
        let mut a = json!({
            "bom-ref": bom_ref("element", id.as_str()),
            "type": t.asset_type(e.kind.as_str(), catalog),
            "name": shown_name(&e.name, id.as_str()),
            "properties": [record(stash::ELEMENT, e)?],
        });
        put(&mut a, "description", json!(e.notes.trim()));
        match &e.boundary {
            Some(b) => a["zone"] = json!(bom_ref("zone", b.as_str())),
            None if outside => a["zone"] = json!(OUTSIDE_ZONE),
            None => {}
        }
        let tags: Vec<String> = e
            .tags
            .iter()
            .map(|t| one_line(t))
            .filter(|t| !t.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        put(&mut a, "tags", json!(tags));
        assets.push(a);
    }
    put(&mut bp, "assets", json!(assets));
    put(&mut bp, "flows", json!(flows(model)?));
    let (assumptions, decisions) = notes(model)?;
    put(&mut bp, "assumptions", json!(assumptions));
    let decided: Vec<&Json> = decisions.iter().map(|d| &d["bom-ref"]).collect();
    put(&mut bp, "requirements", json!(decided));

    let threats::Threats {
        threats,
        risks,
        controls,
    } = threats::threats(model, catalog, eval, &t)?;
    let mut threat_model = json!({});
    put(&mut threat_model, "threats", json!(threats));
    put(&mut threat_model, "trustBoundaries", json!(trust));
    let mut doc = json!({
        "specFormat": "CycloneDX",
        "specVersion": "2.0",
        "version": 1,
        "blueprints": [bp],
    });
    if threat_model.as_object().is_some_and(|o| !o.is_empty()) {
        doc["threats"] = threat_model;
    }
    put(&mut doc, "controls", json!(controls));
    if !risks.is_empty() {
        doc["risks"] = json!({"risks": risks});
    }
    if !decisions.is_empty() {
        doc["definitions"] = json!({"requirements": decisions});
    }
    doc["properties"] = json!([record(stash::PROJECT, &ProjectStash::of(model))?]);
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}

/// A blueprint's zones, the boundaries between each zone and the one around it (or the zone
/// outside every boundary), and the trust-boundary declarations of those that are trust
/// boundaries.
struct Zones {
    zones: Vec<Json>,
    boundaries: Vec<Json>,
    trust: Vec<Json>,
}

/// Writes the zones of `model`.
fn zones(model: &Model, t: &Tables) -> Result<Zones, ExportError> {
    let mut zones = Vec::new();
    let mut boundaries = Vec::new();
    let mut trust = Vec::new();
    // Every top-level zone needs a zone on the other side of its edge.
    if !model.boundaries.is_empty() {
        zones.push(json!({
            "bom-ref": OUTSIDE_ZONE,
            "name": "Outside every trust boundary",
            "type": "trust",
            "description": "Bulwark's stand-in for what sits in no trust boundary (a blueprint boundary separates two zones).",
        }));
    }
    for (id, b) in &model.boundaries {
        let zone = bom_ref("zone", id.as_str());
        let name = shown_name(&b.name, id.as_str());
        let mut z = json!({
            "bom-ref": zone,
            "name": name,
            "type": t.zone_type(b.kind),
            "properties": [record(stash::BOUNDARY, b)?],
        });
        put(&mut z, "description", json!(b.notes.trim()));
        if let Some(c) = t.characteristic(b.kind) {
            z["characteristics"] = json!([c]);
        }
        if let Some(p) = &b.parent {
            z["parent"] = json!(bom_ref("zone", p.as_str()));
        }
        zones.push(z);
        let around = b
            .parent
            .as_ref()
            .map_or(OUTSIDE_ZONE.to_owned(), |p| bom_ref("zone", p.as_str()));
        let edge = bom_ref("boundary", id.as_str());
        let grouping = b.kind == BoundaryKind::Group;
        boundaries.push(json!({
            "bom-ref": edge,
            "name": format!("Edge of {name}"),
            "type": if grouping { "functional" } else { "trust" },
            "zones": [zone, around],
        }));
        if !grouping {
            trust.push(json!({
                "bom-ref": bom_ref("trust-boundary", id.as_str()),
                "boundary": edge,
                "name": format!("Edge of {name}"),
            }));
        }
    }
    Ok(Zones {
        zones,
        boundaries,
        trust,
    })
}

fn flows(model: &Model) -> Result<Vec<Json>, ExportError> {
    let mut out = Vec::new();
    for (id, f) in &model.flows {
        let mut j = json!({
            "bom-ref": bom_ref("flow", id.as_str()),
            "name": flow_name(model, f, id.as_str()),
            "type": if f.operation == crate::model::Operation::Event { "event" } else { "data" },
            "source": bom_ref("element", f.from.as_str()),
            "destination": bom_ref("element", f.to.as_str()),
            "properties": [record(stash::FLOW, f)?],
        });
        put(&mut j, "description", json!(f.notes.trim()));
        if let Some(e) = known(f.encrypted) {
            j["encrypted"] = json!(e);
        }
        match known(f.authenticated) {
            Some(true) => {
                j["authentication"] = json!([{"name": "unspecified", "description": "Authenticated in Bulwark; the method is not recorded"}]);
            }
            Some(false) => j["authentication"] = json!(["none"]),
            None => {}
        }
        let protocol = one_line(&f.protocol);
        if !protocol.is_empty() {
            j["protocols"] = json!([protocol]);
        }
        let carried: BTreeSet<String> = f
            .data
            .iter()
            .chain(&f.returns)
            .map(|d| one_line(d.as_str()))
            .filter(|d| !d.is_empty())
            .collect();
        put(
            &mut j,
            "dataObjects",
            json!(carried.into_iter().map(|d| json!({"name": d})).collect::<Vec<_>>()),
        );
        out.push(j);
    }
    Ok(out)
}

/// Assumptions (blueprint assumptions) and decisions (requirements); parked questions and
/// actions travel in the document's Bulwark record only.
fn notes(model: &Model) -> Result<(Vec<Json>, Vec<Json>), ExportError> {
    let mut assumptions = Vec::new();
    let mut decisions = Vec::new();
    for (id, n) in &model.notes {
        let r = bom_ref("note", id.as_str());
        let said = match n.text.trim() {
            "" => "(no text yet)".to_owned(),
            s => s.to_owned(),
        };
        match n.kind {
            NoteKind::Assumption => {
                let related: Vec<String> = n
                    .elements
                    .iter()
                    .map(|e| bom_ref("element", e.as_str()))
                    .chain(n.flows.iter().map(|f| bom_ref("flow", f.as_str())))
                    .filter(|r| {
                        r.strip_prefix("element:")
                            .is_some_and(|e| model.elements.contains_key(&e.into()))
                            || r.strip_prefix("flow:")
                                .is_some_and(|f| model.flows.contains_key(&f.into()))
                    })
                    .collect();
                let mut a = json!({"bom-ref": r, "description": said});
                put(&mut a, "relatedAssets", json!(related));
                assumptions.push(a);
            }
            NoteKind::Decision => {
                let title: String = one_line(&said).chars().take(80).collect();
                decisions.push(json!({
                    "bom-ref": r,
                    "name": title,
                    "description": said,
                    "properties": [record(stash::NOTE, n)?],
                }));
            }
            NoteKind::ParkingLot | NoteKind::Action => {}
        }
    }
    Ok((assumptions, decisions))
}

//! Open Threat Model (OTM 0.1 and 0.2 JSON) → a Bulwark model: trust zones with their parents
//! as nested boundaries, components (kinds from `libraries/import/otm.ron`) in their zones,
//! data flows, assets (named in the description and on what processes, stores or carries them),
//! threat instances as threats people wrote with their state, the mitigations named on them,
//! diagram representations as positions and code representations as evidence.
//!
//! A file Bulwark exported carries each item's full Bulwark record under
//! `attributes.bulwark`; it is read back as the base, with the OTM fields (names, parents, ends)
//! winning, so a round trip through another tool keeps what OTM cannot say.

use super::common::{
    Status, add_sentence, lay_out, list, mapping, note_lines, one_line, parse_json, same_or_new_id, text,
};
use super::{ImportError, ImportReport};
use crate::catalog::{Catalog, DfdType};
use crate::model::{
    Boundary, BoundaryId, BoundaryKind, Confidence, ControlState, Element, ElementId, Evidence, FindingId, Flow,
    FlowId, InferredState, Layout, Model, Note, NoteId, Operation, Pos, Provenance, Rect, Severity, Stride,
    ThreatTarget, Triage, UserThreat,
};
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const TABLE: &str = "otm.ron";

/// The attribute key under which Bulwark keeps what OTM cannot say.
pub(crate) const STASH: &str = "bulwark";

/// The id of the trust zone an export puts components outside every boundary in (OTM needs a
/// parent for every component); read back as "no boundary".
pub(crate) const OUTSIDE_ZONE: &str = "bulwark-outside";

/// `libraries/import/otm.ron`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mapping {
    pub kinds: BTreeMap<String, String>,
    pub default_kind: String,
    pub zones: BTreeMap<String, BoundaryKind>,
    pub trust_ratings: BTreeMap<BoundaryKind, u32>,
    pub threat_states: BTreeMap<String, Status>,
    pub mitigation_states: BTreeMap<String, ControlState>,
    pub stride: BTreeMap<String, Stride>,
    pub severities: Vec<(u32, Severity)>,
}

/// What an export stashes on the project: what has no place in OTM.
#[derive(Debug, Default, serde::Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct ProjectStash {
    pub notes: BTreeMap<NoteId, Note>,
    pub triage: BTreeMap<FindingId, Triage>,
    pub layout: Option<Layout>,
    /// PASTA's objectives and compliance needs, workshop sessions and the room's votes: left
    /// out of the file when empty, so exports of models without them are unchanged.
    #[serde(skip_serializing_if = "crate::model::Pasta::is_empty")]
    pub pasta: crate::model::Pasta,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sessions: BTreeMap<crate::model::SessionId, crate::model::Session>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub votes: BTreeMap<FindingId, crate::model::Votes>,
}

impl ProjectStash {
    /// What `model` has that no importable format holds.
    pub(crate) fn of(model: &Model) -> Self {
        Self {
            notes: model.notes.clone(),
            triage: model.triage.clone(),
            layout: Some(model.layout.clone()),
            pasta: model.pasta.clone(),
            sessions: model.sessions.clone(),
            votes: model.votes.clone(),
        }
    }

    /// Puts it back into `model`, read so far from the file: whole notes win over what the file
    /// gave under the same id; a stashed triage wins over the one the file's status gave when
    /// both say the same (it has the owner, dates and fingerprint), not when another tool changed
    /// the status; links to what the file no longer has are dropped. Without a stashed layout,
    /// `model`'s own positions stay; says whether there was one.
    pub(crate) fn restore(self, model: &mut Model) -> bool {
        let has = |m: &Model, e: &ElementId| m.elements.contains_key(e);
        for (id, mut n) in self.notes {
            n.elements.retain(|e| has(model, e));
            n.flows.retain(|f| model.flows.contains_key(f));
            model.notes.insert(id, n);
        }
        for (id, t) in self.triage {
            if model.triage.get(&id).is_none_or(|read| read.status == t.status) {
                model.triage.insert(id, t);
            }
        }
        model.pasta = self.pasta;
        let elements = &model.elements;
        for o in &mut model.pasta.objectives {
            o.elements.retain(|e| elements.contains_key(e));
        }
        model.sessions = self.sessions;
        model.votes = self.votes;
        let Some(layout) = self.layout else { return false };
        model.layout = layout;
        model.layout.elements.retain(|id, _| model.elements.contains_key(id));
        model
            .layout
            .boundaries
            .retain(|id, _| model.boundaries.contains_key(id));
        true
    }
}

/// What an export stashes on a threat.
#[derive(Debug, Default, serde::Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct ThreatStash {
    /// The id it had in Bulwark.
    pub id: Option<FindingId>,
    /// A threat people wrote, whole.
    pub threat: Option<UserThreat>,
    /// A rule's finding: exported for other tools, raised again by the rules on import.
    pub rule: bool,
}

fn stash<T: serde::de::DeserializeOwned>(item: &Json) -> Option<T> {
    item.get("attributes")
        .and_then(|a| a.get(STASH))
        .and_then(|s| serde_json::from_value(s.clone()).ok())
}

/// `"Partly Mitigated"` → `"partly-mitigated"`.
fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace(' ', "-")
}

/// The severity of an OTM risk (likelihood and impact, 0–100).
fn severity(map: &Mapping, risk: Option<&Json>) -> Severity {
    let n = |k: &str| {
        risk.and_then(|r| r.get(k))
            .and_then(Json::as_f64)
            .filter(|n| n.is_finite())
    };
    let score = match (n("likelihood"), n("impact")) {
        (Some(l), Some(i)) => l * i / 100.0,
        (None, Some(i)) => i,
        (Some(l), None) => l,
        (None, None) => return Severity::Medium,
    };
    map.severities
        .iter()
        .find(|(min, _)| score >= f64::from(*min))
        .map_or(Severity::Low, |(_, s)| *s)
}

/// A diagram representation's box, relative to its parent's.
fn diagram_box(item: &Json, diagrams: &BTreeSet<String>) -> Option<Rect> {
    let rep = list(item, "representations").find(|r| diagrams.contains(text(r, "representation")))?;
    let n = |o: &str, k: &str| {
        rep.get(o)
            .and_then(|v| v.get(k))
            .and_then(Json::as_f64)
            .map(|n| n as f32)
            .filter(|n| n.is_finite())
    };
    Some(Rect::new(
        n("position", "x")?,
        n("position", "y")?,
        n("size", "width").unwrap_or(80.0).max(0.0),
        n("size", "height").unwrap_or(80.0).max(0.0),
    ))
}

/// Where a component or zone sits: a trust zone or another component.
#[derive(Debug, Clone)]
enum Parent {
    Zone(String),
    Component(String),
    None,
}

fn parent_of(item: &Json) -> Parent {
    match item.get("parent") {
        Some(p) if !text(p, "trustZone").is_empty() => Parent::Zone(text(p, "trustZone").to_owned()),
        Some(p) if !text(p, "component").is_empty() => Parent::Component(text(p, "component").to_owned()),
        _ => Parent::None,
    }
}

/// Reads an OTM file.
pub fn from_otm(source: &str, path: &str) -> Result<(Model, ImportReport), ImportError> {
    let map: Mapping = mapping(TABLE)?;
    let v = parse_json(source, path)?;
    let unsupported = |message: String| ImportError::Unsupported {
        path: path.to_owned(),
        message,
    };
    let version = text(&v, "otmVersion");
    if version.is_empty() {
        return Err(unsupported("not an Open Threat Model file: no otmVersion".into()));
    }
    if !(version.starts_with("0.1") || version.starts_with("0.2")) {
        return Err(unsupported(format!(
            "OTM version {version:?} is not read yet (Bulwark reads 0.1 and 0.2)"
        )));
    }
    let (catalog, _) = Catalog::builtin();
    let Some(project) = v.get("project").filter(|p| p.is_object()).cloned() else {
        return Err(unsupported("not an Open Threat Model file: no project".into()));
    };
    let mut model = Model::new(match one_line(text(&project, "name")) {
        n if n.is_empty() => "Imported from OTM".to_owned(),
        n => n,
    });
    model.description = text(&project, "description").trim().to_owned();
    let mut report = ImportReport {
        format: format!("Open Threat Model {version} (JSON)"),
        ..ImportReport::default()
    };
    let project_stash: ProjectStash = stash(&project).unwrap_or_default();
    let diagrams: BTreeSet<String> = list(&v, "representations")
        .filter(|r| text(r, "type") == "diagram")
        .map(|r| text(r, "id").to_owned())
        .collect();
    for r in list(&v, "representations") {
        report.saw("representation");
        match text(r, "type") {
            "diagram" => {
                report.keep("representation");
                report.kinds.insert(
                    "representation".into(),
                    "positions on the canvas (diagram), evidence (code)".into(),
                );
            }
            "code" => report.keep("representation"),
            other => report.drop(
                "representation",
                format!("a representation of type {other:?} has no counterpart (only diagram and code do)"),
            ),
        }
    }
    // Ids taken, per kind of item (an element and a flow may share an id in Bulwark).
    let (mut used_zones, mut used_elements, mut used_flows) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());

    // Trust zones. Parents are set once every zone has its id.
    let mut zones: BTreeMap<String, BoundaryId> = BTreeMap::new();
    let mut zone_parent: Vec<(BoundaryId, Parent)> = Vec::new();
    let mut boxes: BTreeMap<String, (Rect, Parent)> = BTreeMap::new();
    for z in list(&v, "trustZones") {
        const WHAT: &str = "trust zone";
        report.saw(WHAT);
        let theirs = text(z, "id");
        if theirs == OUTSIDE_ZONE {
            report.drop(
                WHAT,
                "Bulwark's stand-in for \"outside every boundary\" (its components get none)",
            );
            continue;
        }
        if theirs.is_empty() || zones.contains_key(theirs) {
            report.drop(WHAT, "no id, or an id another trust zone has");
            continue;
        }
        let ty = text(z, "type");
        let stashed = stash::<Boundary>(z);
        let from_stash = stashed.is_some();
        let mut b = stashed.unwrap_or_else(|| {
            let kind = map
                .zones
                .get(ty)
                .or_else(|| map.zones.get(&norm(ty)))
                .copied()
                .or_else(|| BoundaryKind::from_id(ty))
                .unwrap_or(BoundaryKind::Other);
            let mut b = Boundary::new("", kind);
            b.notes = text(z, "description").trim().to_owned();
            if let Some(r) = z.get("risk").and_then(|r| r.get("trustRating")).and_then(Json::as_f64) {
                b.notes = format!("{}\nOTM trust rating: {r}", b.notes).trim().to_owned();
            }
            b
        });
        // The record's name unless another tool renamed the zone.
        if !(from_stash && text(z, "name") == b.name) {
            b.name = match one_line(text(z, "name")) {
                n if n.is_empty() => "Trust zone".to_owned(),
                n => n,
            };
        }
        b.parent = None;
        report
            .kinds
            .insert(WHAT.into(), "boundary (kind from its type; parents kept)".into());
        let id = BoundaryId::new(same_or_new_id("tb", theirs, &mut used_zones));
        zone_parent.push((id.clone(), parent_of(z)));
        if let Some(r) = diagram_box(z, &diagrams) {
            boxes.insert(theirs.to_owned(), (r, parent_of(z)));
        }
        zones.insert(theirs.to_owned(), id.clone());
        model.boundaries.insert(id, b);
        report.keep(WHAT);
    }

    // Components.
    let components: Vec<&Json> = list(&v, "components").collect();
    let by_id: BTreeMap<&str, &Json> = components.iter().map(|c| (text(c, "id"), *c)).collect();
    let mut ids: BTreeMap<String, ElementId> = BTreeMap::new();
    let mut threats: Vec<(ThreatTarget, Json)> = Vec::new();
    let assets: BTreeMap<&str, &str> = list(&v, "assets").map(|a| (text(a, "id"), text(a, "name"))).collect();
    let mut inside_components = 0usize;
    for c in &components {
        let theirs = text(c, "id");
        let ty = text(c, "type");
        let what = format!("component ({ty})");
        report.saw(&what);
        if theirs.is_empty() || ids.contains_key(theirs) {
            report.drop(&what, "no id, or an id another component has");
            continue;
        }
        let stashed = stash::<Element>(c);
        let from_stash = stashed.is_some();
        // A kind only a user library defines stays (the record came from Bulwark).
        if let Some(e) = stashed.as_ref().filter(|e| catalog.kind(&e.kind).is_none()) {
            report.notes.push(format!(
                "{:?} keeps kind {:?}, which only a user library defines",
                e.name,
                e.kind.as_str()
            ));
        }
        let mut el = stashed.unwrap_or_else(|| {
            let kind = if catalog.kind(&ty.into()).is_some() {
                ty.to_owned()
            } else {
                map.kinds.get(ty).cloned().unwrap_or_else(|| map.default_kind.clone())
            };
            let mut el = Element::new(kind.as_str(), "");
            el.notes = text(c, "description").trim().to_owned();
            el.tags = list(c, "tags")
                .filter_map(Json::as_str)
                .map(one_line)
                .filter(|t| !t.is_empty())
                .collect();
            let a = c.get("assets").cloned().unwrap_or(Json::Null);
            for (key, label) in [("processed", "Processes"), ("stored", "Stores")] {
                let names = asset_names(&assets, list(&a, key));
                if !names.is_empty() {
                    el.notes = format!("{}\n{label}: {}.", el.notes, names.join(", "))
                        .trim()
                        .to_owned();
                }
            }
            el
        });
        if !from_stash && !map.kinds.contains_key(ty) && catalog.kind(&ty.into()).is_none() {
            report.notes.push(format!(
                "component type {ty:?} is named nowhere in libraries/import/otm.ron: {} became {:?}",
                one_line(text(c, "name")),
                el.kind.as_str()
            ));
        }
        report.kinds.insert(what.clone(), el.kind.as_str().to_owned());
        if !(from_stash && text(c, "name") == el.name) {
            el.name = match one_line(text(c, "name")) {
                n if n.is_empty() => "Component".to_owned(),
                n => n,
            };
        }
        // The nearest trust zone up the chain of parents; a component inside a component sits
        // in its parent's zone (Bulwark elements do not nest).
        let mut parent = parent_of(c);
        let mut seen = BTreeSet::new();
        el.boundary = loop {
            match parent {
                Parent::Zone(z) => break zones.get(&z).cloned(),
                Parent::Component(p) if seen.len() < crate::model::MAX_BOUNDARY_DEPTH && seen.insert(p.clone()) => {
                    if seen.len() == 1 {
                        inside_components += 1;
                        let outer = by_id.get(p.as_str()).map_or(p.clone(), |o| one_line(text(o, "name")));
                        el.notes = format!("{}\nInside {outer} in the OTM file.", el.notes)
                            .trim()
                            .to_owned();
                    }
                    parent = by_id.get(p.as_str()).map_or(Parent::None, |o| parent_of(o));
                }
                _ => break None,
            }
        };
        if !from_stash && let Some(p) = code_evidence(c, theirs, &diagrams) {
            el.inferred = Some(p);
        }
        let id = ElementId::new(same_or_new_id("el", theirs, &mut used_elements));
        if let Some(r) = diagram_box(c, &diagrams) {
            boxes.insert(theirs.to_owned(), (r, parent_of(c)));
        }
        for t in list(c, "threats") {
            threats.push((ThreatTarget::Element(id.clone()), t.clone()));
        }
        ids.insert(theirs.to_owned(), id.clone());
        model.elements.insert(id, el);
        report.keep(&what);
    }
    if inside_components > 0 {
        report.notes.push(format!(
            "{inside_components} components drawn inside another component sit in that component's trust zone (named in their notes)"
        ));
    }

    set_zone_parents(zone_parent, &zones, &by_id, &mut model, &mut report);

    // Data flows.
    for f in list(&v, "dataflows") {
        const WHAT: &str = "dataflow";
        report.saw(WHAT);
        let end = |k: &str| ids.get(text(f, k)).cloned();
        let (Some(from), Some(to)) = (end("source"), end("destination")) else {
            report.drop(WHAT, "one of its ends is not a component (a trust zone, or missing)");
            continue;
        };
        let stashed = stash::<Flow>(f);
        let from_stash = stashed.is_some();
        let mut flow = stashed.unwrap_or_else(|| new_flow(f, &from, &to, &assets, &model, &catalog));
        flow.from = from;
        flow.to = to;
        if !(from_stash && text(f, "name") == flow_name(&model, &flow)) {
            flow.label = one_line(text(f, "name"));
        }
        let id = FlowId::new(same_or_new_id("fl", text(f, "id"), &mut used_flows));
        for t in list(f, "threats") {
            threats.push((ThreatTarget::Flow(id.clone()), t.clone()));
        }
        model.flows.insert(id, flow);
        report.kinds.insert(WHAT.into(), "flow".into());
        report.keep(WHAT);
    }

    read_assets(&v, &mut model, &mut report);
    threats_and_mitigations(&v, &map, threats, &mut model, &mut report);

    // What only an export of Bulwark's carries.
    if !project_stash.restore(&mut model) {
        place(&boxes, &ids, &zones, &mut model);
        lay_out(&mut model);
    }
    if let Some(e) = model.validate().into_iter().next() {
        return Err(ImportError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        });
    }
    Ok((model, report))
}

/// The name an export gives a flow: its label, or where it goes.
pub(crate) fn flow_name(model: &Model, f: &Flow) -> String {
    if !f.label.is_empty() {
        return f.label.clone();
    }
    model.flow_route(f)
}

/// A data flow as Bulwark reads it when the file carries no Bulwark record: a write when it
/// ends at a data store, else an invocation; description, direction, assets and tags in its notes.
fn new_flow(
    f: &Json,
    from: &ElementId,
    to: &ElementId,
    assets: &BTreeMap<&str, &str>,
    model: &Model,
    catalog: &Catalog,
) -> Flow {
    let mut flow = Flow::new(from.clone(), to.clone(), "");
    let dfd = |e: &ElementId| {
        model
            .elements
            .get(e)
            .and_then(|el| catalog.kind(&el.kind))
            .map(|k| k.dfd)
    };
    flow.operation = if dfd(to) == Some(DfdType::DataStore) {
        Operation::Write
    } else {
        Operation::Invoke
    };
    let mut notes = vec![text(f, "description").trim().to_owned()];
    if f.get("bidirectional").and_then(Json::as_bool) == Some(true) {
        notes.push("Bidirectional in the OTM file.".into());
    }
    let carried = asset_names(assets, list(f, "assets"));
    if !carried.is_empty() {
        notes.push(format!("Carries: {}.", carried.join(", ")));
    }
    let tags: Vec<&str> = list(f, "tags").filter_map(Json::as_str).collect();
    if !tags.is_empty() {
        notes.push(format!("Tags: {}.", tags.join(", ")));
    }
    flow.notes = note_lines(notes);
    flow
}

/// The names of the assets `ids` names (an unknown id stands for itself).
fn asset_names<'a>(assets: &BTreeMap<&str, &str>, ids: impl Iterator<Item = &'a Json>) -> Vec<String> {
    ids.filter_map(Json::as_str)
        .map(|a| one_line(assets.get(a).copied().unwrap_or(a)))
        .collect()
}

/// Assets have no item of their own in Bulwark: they are listed in the description (and named
/// in the notes of what processes, stores or carries them).
fn read_assets(v: &Json, model: &mut Model, report: &mut ImportReport) {
    let mut asset_lines = Vec::new();
    for a in list(v, "assets") {
        report.saw("asset");
        let r = a.get("risk").cloned().unwrap_or(Json::Null);
        let cia: Vec<String> = ["confidentiality", "integrity", "availability"]
            .iter()
            .filter_map(|k| r.get(*k).and_then(Json::as_f64).map(|n| format!("{k} {n}")))
            .collect();
        let mut line = format!("- {}", one_line(text(a, "name")));
        for part in [
            one_line(text(a, "description")),
            cia.join(", "),
            one_line(text(&r, "comment")),
        ] {
            if !part.is_empty() {
                line.push_str(&format!(" — {part}"));
            }
        }
        asset_lines.push(line);
        report
            .kinds
            .insert("asset".into(), "a line in the model's description".into());
        report.keep("asset");
    }
    if !asset_lines.is_empty() {
        model.description = format!("{}\n\nAssets:\n{}", model.description, asset_lines.join("\n"))
            .trim()
            .to_owned();
    }
}

/// Sets each zone's parent (a zone, or the zone of the component it sits in), once every zone
/// and component is known; a loop, or nesting past the limit, is cut where it closes.
fn set_zone_parents(
    zone_parent: Vec<(BoundaryId, Parent)>,
    zones: &BTreeMap<String, BoundaryId>,
    by_id: &BTreeMap<&str, &Json>,
    model: &mut Model,
    report: &mut ImportReport,
) {
    for (id, parent) in zone_parent {
        let mut p = parent;
        let mut hops = 0;
        let target = loop {
            hops += 1;
            match p {
                Parent::Zone(z) => break zones.get(&z).cloned(),
                Parent::Component(c) if hops < crate::model::MAX_BOUNDARY_DEPTH => {
                    p = by_id.get(c.as_str()).map_or(Parent::None, |o| parent_of(o));
                }
                _ => break None,
            }
        };
        let Some(target) = target else { continue };
        let mut up = Some(target.clone());
        let mut depth = 0;
        let mut loops = false;
        while let Some(u) = up {
            if u == id || depth > crate::model::MAX_BOUNDARY_DEPTH {
                loops = true;
                break;
            }
            depth += 1;
            up = model.boundaries.get(&u).and_then(|b| b.parent.clone());
        }
        if loops {
            report.notes.push(format!(
                "trust zone {:?} would nest inside itself or too deep; it is left at the top",
                model.boundaries.get(&id).map_or("", |b| b.name.as_str())
            ));
        } else if let Some(b) = model.boundaries.get_mut(&id) {
            b.parent = Some(target);
        }
    }
}

/// A component's code representations (file, line, snippet) as evidence, confirmed: the OTM
/// file's author put them there.
fn code_evidence(c: &Json, theirs: &str, diagrams: &BTreeSet<String>) -> Option<Provenance> {
    let evidence: Vec<Evidence> = list(c, "representations")
        .filter(|r| !diagrams.contains(text(r, "representation")))
        .filter(|r| r.get("file").is_some() || r.get("codeSnippet").is_some())
        .map(|r| Evidence {
            file: text(r, "file").to_owned(),
            line: r
                .get("line")
                .and_then(Json::as_f64)
                .filter(|l| l.is_finite() && *l >= 0.0 && *l <= f64::from(u32::MAX))
                .map_or(0, |l| l as u32),
            text: one_line(text(r, "codeSnippet")).chars().take(200).collect(),
            detector: "otm".into(),
        })
        .collect();
    if evidence.is_empty() {
        return None;
    }
    let mut p = Provenance::new(format!("otm:{theirs}"), Confidence::High);
    p.state = InferredState::Confirmed;
    p.evidence = evidence;
    Some(p)
}

/// OTM positions are relative to the parent's box; Bulwark's are absolute (element centres,
/// boundary rectangles).
fn place(
    boxes: &BTreeMap<String, (Rect, Parent)>,
    ids: &BTreeMap<String, ElementId>,
    zones: &BTreeMap<String, BoundaryId>,
    model: &mut Model,
) {
    let origin = |start: &Parent| {
        let (mut x, mut y) = (0.0f32, 0.0f32);
        let mut p = start.clone();
        for _ in 0..crate::model::MAX_BOUNDARY_DEPTH {
            let key = match &p {
                Parent::Zone(k) | Parent::Component(k) => k,
                Parent::None => break,
            };
            let Some((r, up)) = boxes.get(key) else { break };
            x += r.x;
            y += r.y;
            p = up.clone();
        }
        (x, y)
    };
    for (theirs, (r, parent)) in boxes {
        let (ox, oy) = origin(parent);
        let abs = Rect::new(ox + r.x, oy + r.y, r.w, r.h);
        if let Some(id) = ids.get(theirs) {
            model
                .layout
                .elements
                .insert(id.clone(), Pos::new(abs.x + abs.w / 2.0, abs.y + abs.h / 2.0));
        } else if let Some(id) = zones.get(theirs) {
            model.layout.boundaries.insert(id.clone(), abs);
        }
    }
}

/// Threat instances on components and flows → threats people wrote; threats no instance places
/// → threats on the whole model; mitigations → the text of the threats that name them.
fn threats_and_mitigations(
    v: &Json,
    map: &Mapping,
    placed: Vec<(ThreatTarget, Json)>,
    model: &mut Model,
    report: &mut ImportReport,
) {
    let defs: BTreeMap<&str, &Json> = list(v, "threats").map(|t| (text(t, "id"), t)).collect();
    let mitigations: BTreeMap<&str, &Json> = list(v, "mitigations").map(|m| (text(m, "id"), m)).collect();
    let mut used_threats: BTreeSet<&str> = BTreeSet::new();
    let mut used_mitigations: BTreeSet<&str> = BTreeSet::new();
    let mut rule_mitigations: BTreeSet<String> = BTreeSet::new();
    let mut next = 1usize;
    let mut new_id = |model: &Model, wanted: Option<FindingId>| -> FindingId {
        if let Some(w) = wanted.filter(|w| crate::model::is_user_id(w.as_str()) && !model.threats.contains_key(w)) {
            return w;
        }
        loop {
            let id = FindingId::new(format!("USER-{next}"));
            next += 1;
            if !model.threats.contains_key(&id) {
                return id;
            }
        }
    };
    let mut unknown_states = BTreeSet::new();
    let mut unknown_categories = BTreeSet::new();
    const INSTANCE: &str = "threat on a component or flow";
    let build = |def: &Json, unknown_categories: &mut BTreeSet<String>, on: ThreatTarget| -> UserThreat {
        let name = one_line(text(def, "name"));
        let description = one_line(text(def, "description"));
        let statement = if description.is_empty() || description == name {
            name
        } else if name.is_empty() {
            description
        } else {
            format!("{name}: {description}")
        };
        let mut t = UserThreat::new(statement, on);
        t.severity = severity(map, def.get("risk"));
        for c in list(def, "categories").filter_map(Json::as_str) {
            match map.stride.get(&c.trim().to_lowercase()) {
                Some(s) if !t.stride.contains(s) => t.stride.push(*s),
                Some(_) => {}
                None => {
                    unknown_categories.insert(c.to_owned());
                }
            }
        }
        t.references.cwe = list(def, "cwes")
            .filter_map(Json::as_str)
            .filter(|c| crate::catalog::is_cwe_id(c))
            .map(str::to_owned)
            .collect();
        t.author = "Imported from OTM".into();
        t
    };
    for (on, inst) in placed {
        report.saw(INSTANCE);
        let Some(def) = defs.get(text(&inst, "threat")) else {
            report.drop(INSTANCE, "it names a threat the file does not define");
            continue;
        };
        let s: ThreatStash = stash(def).unwrap_or_default();
        if s.rule {
            rule_mitigations.extend(list(&inst, "mitigations").map(|m| text(m, "mitigation").to_owned()));
            report.drop(
                INSTANCE,
                "a finding of a Bulwark rule: the rules raise it again from the design",
            );
            continue;
        }
        used_threats.insert(text(def, "id"));
        let from_stash = s.threat.is_some();
        let mut t = match s.threat {
            Some(mut t) => {
                t.on = on;
                t
            }
            None => build(def, &mut unknown_categories, on),
        };
        let state = text(&inst, "state");
        let status = map.threat_states.get(&norm(state)).copied().unwrap_or_else(|| {
            unknown_states.insert(state.to_owned());
            Status::Open
        });
        let mut named = Vec::new();
        let mut implemented = Vec::new();
        for m in list(&inst, "mitigations") {
            let Some(def) = mitigations.get(text(m, "mitigation")) else {
                report.notes.push(format!(
                    "a threat names mitigation {:?}, which the file does not define",
                    text(m, "mitigation")
                ));
                continue;
            };
            used_mitigations.insert(text(def, "id"));
            let name = one_line(text(def, "name"));
            let mstate = text(m, "state");
            if map.mitigation_states.get(&norm(mstate)) == Some(&ControlState::Implemented) {
                implemented.push(name.clone());
            }
            named.push(if mstate.is_empty() {
                name
            } else {
                format!("{name} ({})", norm(mstate))
            });
        }
        let id = new_id(model, s.id);
        if !from_stash && t.mitigated.is_empty() {
            match status {
                Status::Mitigated => {
                    t.mitigated = if implemented.is_empty() {
                        "Marked mitigated in the OTM file".into()
                    } else {
                        format!("Implemented: {}", implemented.join("; "))
                    };
                }
                _ if !named.is_empty() => {
                    t.statement = add_sentence(&t.statement, &format!("Mitigations: {}.", named.join("; ")));
                }
                _ => {}
            }
        }
        if let Some(verdict) = status.verdict()
            && !model.triage.contains_key(&id)
        {
            model.triage.insert(
                id.clone(),
                Triage::new(verdict, format!("Marked {state:?} in the OTM file")),
            );
        }
        model.threats.insert(id, t);
        report
            .kinds
            .insert(INSTANCE.into(), "threat people wrote, on its component or flow".into());
        report.keep(INSTANCE);
    }
    for def in list(v, "threats") {
        report.saw("threat");
        let s: ThreatStash = stash(def).unwrap_or_default();
        if s.rule {
            report.drop(
                "threat",
                "a finding of a Bulwark rule: the rules raise it again from the design",
            );
            continue;
        }
        if !used_threats.contains(text(def, "id")) {
            // Defined, placed nowhere: a threat to the whole system (or the boundary Bulwark
            // had it on).
            let t = match s.threat {
                Some(mut t) => {
                    let keeps = match &t.on {
                        ThreatTarget::Boundary(b) => model.boundaries.contains_key(b),
                        ThreatTarget::Model => true,
                        _ => false,
                    };
                    if !keeps {
                        t.on = ThreatTarget::Model;
                    }
                    t
                }
                None => build(def, &mut unknown_categories, ThreatTarget::Model),
            };
            let id = new_id(model, s.id);
            model.threats.insert(id, t);
        }
        report.kinds.insert(
            "threat".into(),
            "threats people wrote (one per placement; placed nowhere: on the whole model)".into(),
        );
        report.keep("threat");
    }
    for m in list(v, "mitigations") {
        report.saw("mitigation");
        if used_mitigations.contains(text(m, "id")) {
            report
                .kinds
                .insert("mitigation".into(), "the text of the threats that name it".into());
            report.keep("mitigation");
        } else if rule_mitigations.contains(text(m, "id")) {
            report.drop(
                "mitigation",
                "a control only Bulwark rules name: its state travels on the component or flow",
            );
        } else {
            report.drop("mitigation", "no threat on a component or flow names it");
        }
    }
    if !unknown_states.is_empty() {
        report.notes.push(format!(
            "threat states named nowhere in libraries/import/otm.ron were read as open: {unknown_states:?}"
        ));
    }
    if !unknown_categories.is_empty() {
        report.notes.push(format!(
            "threat categories that are not STRIDE were left out: {unknown_categories:?}"
        ));
    }
}

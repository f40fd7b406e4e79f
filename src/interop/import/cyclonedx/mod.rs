//! CycloneDX 2.0 threat models (TM-BOM) → a Bulwark model. CycloneDX 2.0 is a draft; this
//! follows the `2.0-dev-threatmodeling` branch of CycloneDX/specification (commit `cf0bc557`).
//! Blueprints give the design: zones (with parents) become trust boundaries, assets, data
//! stores and actors become elements in their zone, flows become flows, assumptions become
//! assumptions and the requirements a blueprint names become decisions; the boundaries between
//! zones are where crossings happen, which Bulwark derives from zone membership. Threats become
//! threats people wrote, with the status and severity of the risks that name them; controls
//! become control states where they apply (`threats`). What has no counterpart is counted as
//! dropped, with the reason, so the migration report accounts for every item.
//!
//! A file Bulwark exported carries each item's Bulwark record in a `bulwark:…` property and
//! prefixes its refs (`element:…`); both are read back, so a round trip keeps what CycloneDX
//! cannot say. The file's own fields (names, zones, ends, statuses) win over the record where
//! another tool changed them.

mod threats;

use super::common::{lay_out, list, mapping, note_lines, one_line, parse_json, same_or_new_id, text};
use super::otm::ProjectStash;
use super::{ImportError, ImportReport};
use crate::catalog::{Catalog, DfdType};
use crate::model::{
    Boundary, BoundaryId, BoundaryKind, ControlState, Element, ElementId, Fact, Flow, FlowId, MaestroLayer, Model,
    Note, NoteId, NoteKind, Operation, Severity, Stride,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) use super::common::Status;

pub(crate) const TABLE: &str = "cyclonedx.ron";

/// The zone an export puts "outside every trust boundary" in (a blueprint boundary needs two
/// zones); read back as no boundary.
pub(crate) const OUTSIDE_ZONE: &str = "zone:bulwark-outside";

/// Property names under which Bulwark keeps what CycloneDX cannot say.
pub(crate) mod stash {
    /// The model's notes, triage, layout, PASTA, sessions and votes (on the document).
    pub const PROJECT: &str = "bulwark:project";
    /// An element, whole (on an asset).
    pub const ELEMENT: &str = "bulwark:element";
    /// A flow, whole.
    pub const FLOW: &str = "bulwark:flow";
    /// A boundary, whole (on a zone).
    pub const BOUNDARY: &str = "bulwark:boundary";
    /// A note, whole (on a requirement standing for a decision).
    pub const NOTE: &str = "bulwark:note";
    /// A threat: its Bulwark id, the threat people wrote whole, or that a rule raised it.
    pub const THREAT: &str = "bulwark:threat";
    /// A control's id in Bulwark's library.
    pub const CONTROL: &str = "bulwark:control";
    /// On a control: a threat names it, but no element or flow has it set.
    pub const NAMED_ONLY: &str = "bulwark:named-only";
}

/// Framework ids CycloneDX's threat categories cannot hold (its taxonomies are STRIDE, LINDDUN,
/// MAESTRO and MITRE ATT&CK), one property per id, by property name.
pub(crate) const FRAMEWORK_PROPERTIES: [&str; 4] =
    ["bulwark:atlas", "bulwark:owasp-llm", "bulwark:agentic", "bulwark:cosai"];

/// `libraries/import/cyclonedx.ron`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mapping {
    pub asset_kinds: BTreeMap<String, String>,
    pub default_kind: String,
    pub store_kinds: BTreeMap<String, String>,
    pub default_store_kind: String,
    pub actor_kinds: BTreeMap<String, String>,
    pub default_actor_kind: String,
    pub asset_types: BTreeMap<String, String>,
    pub dfd_asset_types: BTreeMap<DfdType, String>,
    pub zone_types: BTreeMap<String, BoundaryKind>,
    pub boundary_zone_types: BTreeMap<BoundaryKind, String>,
    pub characteristics: Vec<(String, BoundaryKind)>,
    pub risk_statuses: Vec<(String, Status)>,
    pub control_statuses: Vec<(String, ControlState)>,
    pub levels: Vec<(String, Severity)>,
    pub stride: Vec<(String, Stride)>,
    pub maestro: Vec<(String, MaestroLayer)>,
}

/// The value of the first property `name` of `item`.
pub(crate) fn property<'a>(item: &'a Json, name: &str) -> Option<&'a str> {
    list(item, "properties")
        .find(|p| text(p, "name") == name)
        .map(|p| text(p, "value"))
}

/// The Bulwark record a property holds.
pub(crate) fn stashed<T: DeserializeOwned>(item: &Json, name: &str) -> Option<T> {
    serde_json::from_str(property(item, name)?).ok()
}

/// A predefined value (a string) or a custom one (`{"name": …}`), as a string.
pub(crate) fn choice(v: Option<&Json>) -> &str {
    match v {
        Some(Json::String(s)) => s,
        Some(o) => text(o, "name"),
        None => "",
    }
}

/// The name an export writes for an item named `name` (CycloneDX names are one line and never
/// empty): read back, it stands for the name in the item's Bulwark record.
pub(crate) fn shown_name(name: &str, fallback: &str) -> String {
    match one_line(name) {
        n if n.is_empty() => fallback.to_owned(),
        n => n,
    }
}

/// The name a flow is written with: its label, or where it goes.
pub(crate) fn flow_name(model: &Model, flow: &Flow, id: &str) -> String {
    let label = one_line(&flow.label);
    if !label.is_empty() {
        return label;
    }
    let n = |e: &ElementId| {
        model
            .elements
            .get(e)
            .map_or_else(|| e.to_string(), |e| one_line(&e.name))
    };
    shown_name(&format!("{} → {}", n(&flow.from), n(&flow.to)), id)
}

/// The name in the Bulwark record when the file still shows it as an export writes it; the
/// file's own name when another tool renamed the item.
fn keep_name(stashed: &str, in_file: &str, fallback: &str) -> String {
    if in_file == shown_name(stashed, fallback) {
        stashed.to_owned()
    } else {
        in_file.to_owned()
    }
}

/// The part of a ref after Bulwark's own prefix (`element:`), or the whole ref.
fn bare<'a>(prefix: &str, theirs: &'a str) -> &'a str {
    theirs
        .strip_prefix(prefix)
        .and_then(|t| t.strip_prefix(':'))
        .unwrap_or(theirs)
}

/// Ids taken so far, one set per kind of item (an element and a flow may share an id).
#[derive(Default)]
struct Used {
    elements: BTreeSet<String>,
    flows: BTreeSet<String>,
    boundaries: BTreeSet<String>,
    notes: BTreeSet<String>,
}

/// What reading builds up.
pub(super) struct Reader<'m> {
    map: &'m Mapping,
    catalog: Catalog,
    model: Model,
    report: ImportReport,
    used: Used,
    zones: BTreeMap<String, BoundaryId>,
    edges: BTreeSet<String>,
    items: BTreeMap<String, ElementId>,
    flows: BTreeMap<String, FlowId>,
    /// Requirements the blueprints name: design decisions.
    decided: BTreeSet<String>,
}

/// Reads a CycloneDX 2.0 document.
pub fn from_cyclonedx(source: &str, path: &str) -> Result<(Model, ImportReport), ImportError> {
    let map: Mapping = mapping(TABLE)?;
    let v = parse_json(source, path)?;
    let unsupported = |message: String| ImportError::Unsupported {
        path: path.to_owned(),
        message,
    };
    let version = match (text(&v, "specFormat"), text(&v, "bomFormat")) {
        ("CycloneDX", _) => text(&v, "specVersion"),
        (_, "CycloneDX") => {
            return Err(unsupported(format!(
                "a CycloneDX {} BOM: threat models (blueprints, threats) arrive with CycloneDX 2.0, which Bulwark reads",
                text(&v, "specVersion")
            )));
        }
        _ => return Err(unsupported("not a CycloneDX document: no specFormat".into())),
    };
    if version.is_empty() {
        return Err(unsupported("a CycloneDX document without specVersion".into()));
    }
    if !version.starts_with("2.") {
        return Err(unsupported(format!(
            "CycloneDX version {version:?} is not read yet (Bulwark reads the 2.0 draft)"
        )));
    }
    let (catalog, _) = Catalog::builtin();
    let mut r = Reader {
        map: &map,
        catalog,
        model: Model::new(""),
        report: ImportReport {
            format: format!("CycloneDX {version} threat model (draft)"),
            ..ImportReport::default()
        },
        used: Used::default(),
        zones: BTreeMap::new(),
        edges: BTreeSet::new(),
        items: BTreeMap::new(),
        flows: BTreeMap::new(),
        decided: BTreeSet::new(),
    };
    let blueprints: Vec<&Json> = list(&v, "blueprints").collect();
    r.model.name = blueprints
        .iter()
        .map(|b| one_line(text(b, "name")))
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| "Imported from CycloneDX".into());
    r.model.description = blueprints
        .iter()
        .map(|b| text(b, "description").trim())
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    for bp in &blueprints {
        r.blueprint(bp);
    }
    r.controls_risks_threats(&v);
    r.dropped_sections(&v);
    let project: Option<ProjectStash> = stashed(&v, stash::PROJECT);
    let mut model = r.model;
    // After the threats: a triage the file's risks gave yields to the stashed one saying the same.
    if !project.is_some_and(|p| p.restore(&mut model)) {
        lay_out(&mut model);
    }
    if let Some(e) = model.validate().into_iter().next() {
        return Err(ImportError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        });
    }
    Ok((model, r.report))
}

impl Reader<'_> {
    fn blueprint(&mut self, bp: &Json) {
        self.report.saw("blueprint");
        self.report
            .kinds
            .insert("blueprint".into(), "the model (blueprints are merged)".into());
        self.report.keep("blueprint");
        self.zones_of(bp);
        for b in list(bp, "boundaries") {
            self.edge(b);
        }
        for a in list(bp, "assets") {
            let ty = choice(a.get("type"));
            let kind = self.map.asset_kinds.get(ty).unwrap_or(&self.map.default_kind).clone();
            let what = format!("asset ({})", if ty.is_empty() { "no type" } else { ty });
            self.element(a, &what, kind, ty);
        }
        for s in list(bp, "dataStores") {
            let ty = choice(s.get("type"));
            let kind = self
                .map
                .store_kinds
                .get(ty)
                .unwrap_or(&self.map.default_store_kind)
                .clone();
            self.element(s, &format!("data store ({ty})"), kind, ty);
        }
        for a in list(bp, "actors") {
            let party = a.get("party").unwrap_or(&Json::Null);
            let what = ["person", "persona", "system", "organization"]
                .into_iter()
                .find(|k| party.get(*k).is_some())
                .unwrap_or("");
            let kind = self
                .map
                .actor_kinds
                .get(what)
                .unwrap_or(&self.map.default_actor_kind)
                .clone();
            self.element(a, "actor", kind, what);
        }
        for f in list(bp, "flows") {
            self.flow(f);
        }
        for a in list(bp, "assumptions") {
            self.assumption(a);
        }
        self.decided
            .extend(list(bp, "requirements").filter_map(Json::as_str).map(str::to_owned));
        for (key, why) in [
            ("behaviors", "a behaviour: no counterpart in a Bulwark model"),
            (
                "dataSets",
                "a data set: no item of its own (flows name the data classes they carry)",
            ),
            (
                "relationships",
                "a structural relationship: Bulwark draws flows and boundaries, not relations",
            ),
            (
                "visualizations",
                "a picture of the model: Bulwark lays the imported model out itself",
            ),
            ("useCases", "a use case: no counterpart in a Bulwark model"),
        ] {
            for _ in list(bp, key) {
                let what = format!("blueprint {key}");
                self.report.saw(&what);
                self.report.drop(&what, why);
            }
        }
    }

    fn zones_of(&mut self, bp: &Json) {
        const WHAT: &str = "zone";
        let mut parents = Vec::new();
        for z in list(bp, "zones") {
            self.report.saw(WHAT);
            let theirs = text(z, "bom-ref");
            if theirs == OUTSIDE_ZONE {
                self.report
                    .drop(WHAT, "Bulwark's stand-in for \"outside every trust boundary\"");
                continue;
            }
            if theirs.is_empty() || self.zones.contains_key(theirs) {
                self.report.drop(WHAT, "no bom-ref, or one another zone has");
                continue;
            }
            let name = one_line(text(z, "name"));
            let mut b = match stashed::<Boundary>(z, stash::BOUNDARY) {
                Some(mut b) => {
                    b.name = keep_name(&b.name, &name, bare("zone", theirs));
                    b
                }
                None => {
                    let mut b = Boundary::new(if name.is_empty() { "Zone" } else { &name }, self.zone_kind(z));
                    b.notes = text(z, "description").trim().to_owned();
                    b
                }
            };
            b.parent = None;
            let id = BoundaryId::new(same_or_new_id("tb", bare("zone", theirs), &mut self.used.boundaries));
            parents.push((id.clone(), text(z, "parent").to_owned()));
            self.zones.insert(theirs.to_owned(), id.clone());
            self.model.boundaries.insert(id, b);
            self.report.kinds.insert(
                WHAT.into(),
                "trust boundary (kind from its type and characteristics; parents kept)".into(),
            );
            self.report.keep(WHAT);
        }
        for (id, parent) in parents {
            let Some(p) = self.zones.get(&parent).cloned() else {
                continue;
            };
            // Refuse a parent that would close a loop or nest too deep.
            let mut up = Some(p.clone());
            let mut depth = 0;
            let mut refused = false;
            while let Some(u) = up {
                if u == id || depth >= crate::model::MAX_BOUNDARY_DEPTH {
                    refused = true;
                    break;
                }
                depth += 1;
                up = self.model.boundaries.get(&u).and_then(|b| b.parent.clone());
            }
            if refused {
                self.report.notes.push(format!(
                    "zone {:?} would nest inside itself or too deep; it is left at the top",
                    self.model.boundaries.get(&id).map_or("", |b| b.name.as_str())
                ));
            } else if let Some(b) = self.model.boundaries.get_mut(&id) {
                b.parent = Some(p);
            }
        }
    }

    fn zone_kind(&self, z: &Json) -> BoundaryKind {
        list(z, "characteristics")
            .filter_map(Json::as_str)
            .find_map(|c| {
                let c = c.trim().to_lowercase();
                self.map
                    .characteristics
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map(|(_, kind)| *kind)
            })
            .or_else(|| self.map.zone_types.get(choice(z.get("type"))).copied())
            .unwrap_or(BoundaryKind::Other)
    }

    /// A boundary between zones: where crossings happen, which Bulwark derives from the zones.
    fn edge(&mut self, b: &Json) {
        const WHAT: &str = "boundary";
        self.report.saw(WHAT);
        let zones: Vec<&str> = list(b, "zones").filter_map(Json::as_str).collect();
        if zones.iter().any(|z| *z != OUTSIDE_ZONE && !self.zones.contains_key(*z)) {
            self.report.drop(WHAT, "it names a zone the file does not define");
            return;
        }
        self.edges.insert(text(b, "bom-ref").to_owned());
        let req = crossing(b.get("crossingRequirements").unwrap_or(&Json::Null));
        if !req.is_empty() {
            let line = format!("Crossing {:?}: {req}", one_line(text(b, "name")));
            for z in zones.iter().filter_map(|z| self.zones.get(*z)) {
                if let Some(zone) = self.model.boundaries.get_mut(z) {
                    zone.notes = format!("{}\n{line}", zone.notes).trim().to_owned();
                }
            }
        }
        self.report.kinds.insert(
            WHAT.into(),
            "where its zones meet (Bulwark derives crossings from zone membership; crossing requirements in the zones' notes)".into(),
        );
        self.report.keep(WHAT);
    }

    fn element(&mut self, item: &Json, what: &str, kind: String, ty: &str) {
        self.report.saw(what);
        let theirs = text(item, "bom-ref");
        if theirs.is_empty() || self.items.contains_key(theirs) {
            self.report.drop(what, "no bom-ref, or one another item has");
            return;
        }
        let name = match one_line(text(item, "name")) {
            n if !n.is_empty() => n,
            _ => match party_name(item.get("party")) {
                n if !n.is_empty() => n,
                _ => one_line(theirs),
            },
        };
        let mut el = match stashed::<Element>(item, stash::ELEMENT) {
            Some(mut el) => {
                // A kind the built-in library does not know came from a user library: kept.
                if self.catalog.kind(&el.kind).is_none() {
                    self.report.notes.push(format!(
                        "{name:?} keeps kind {:?}, which only a user library defines",
                        el.kind.as_str()
                    ));
                }
                el.name = keep_name(&el.name, &name, bare("element", theirs));
                el
            }
            None => {
                if !ty.is_empty()
                    && !self.map.asset_kinds.contains_key(ty)
                    && !self.map.store_kinds.contains_key(ty)
                    && !self.map.actor_kinds.contains_key(ty)
                {
                    self.report.notes.push(format!(
                        "type {ty:?} is named nowhere in libraries/import/cyclonedx.ron: it became {kind:?}"
                    ));
                }
                let mut el = Element::new(kind.as_str(), name);
                let mut notes = vec![text(item, "description").trim().to_owned()];
                for (key, label) in [("responsibilities", "Responsibilities"), ("permissions", "Permissions")] {
                    let said: Vec<String> = list(item, key).filter_map(Json::as_str).map(one_line).collect();
                    if !said.is_empty() {
                        notes.push(format!("{label}: {}.", said.join("; ")));
                    }
                }
                el.notes = note_lines(notes);
                el.tags = list(item, "tags")
                    .filter_map(Json::as_str)
                    .map(one_line)
                    .filter(|t| !t.is_empty())
                    .collect();
                el
            }
        };
        el.boundary = self.zones.get(text(item, "zone")).cloned();
        // Items of one type may become several kinds (an export's records say which).
        let kinds = self.report.kinds.entry(what.to_owned()).or_default();
        if !kinds.split(", ").any(|k| k == el.kind.as_str()) {
            if !kinds.is_empty() {
                kinds.push_str(", ");
            }
            kinds.push_str(el.kind.as_str());
        }
        let id = ElementId::new(same_or_new_id("el", bare("element", theirs), &mut self.used.elements));
        self.items.insert(theirs.to_owned(), id.clone());
        self.model.elements.insert(id, el);
        self.report.keep(what);
    }

    fn flow(&mut self, f: &Json) {
        const WHAT: &str = "flow";
        self.report.saw(WHAT);
        let end = |k: &str| self.items.get(text(f, k)).cloned();
        let (Some(from), Some(to)) = (end("source"), end("destination")) else {
            self.report
                .drop(WHAT, "one of its ends is not an asset, data store or actor of the file");
            return;
        };
        let theirs = text(f, "bom-ref");
        let name = one_line(text(f, "name"));
        let mut flow = match stashed::<Flow>(f, stash::FLOW) {
            Some(mut flow) => {
                flow.from = from.clone();
                flow.to = to.clone();
                if name != flow_name(&self.model, &flow, bare("flow", theirs)) {
                    flow.label = name;
                }
                flow
            }
            None => {
                let mut flow = self.new_flow(f, &from, &to);
                flow.label = name;
                flow
            }
        };
        flow.from = from;
        flow.to = to;
        let id = FlowId::new(same_or_new_id("fl", bare("flow", theirs), &mut self.used.flows));
        self.flows.insert(theirs.to_owned(), id.clone());
        self.model.flows.insert(id, flow);
        self.report.kinds.insert(WHAT.into(), "flow".into());
        self.report.keep(WHAT);
    }

    fn new_flow(&self, f: &Json, from: &ElementId, to: &ElementId) -> Flow {
        let mut flow = Flow::new(from.clone(), to.clone(), "");
        let dfd = |e: &ElementId| {
            self.model
                .elements
                .get(e)
                .and_then(|el| self.catalog.kind(&el.kind))
                .map(|k| k.dfd)
        };
        flow.operation = match choice(f.get("type")) {
            "event" | "message" | "signal" => Operation::Event,
            _ if dfd(to) == Some(DfdType::DataStore) => Operation::Write,
            _ if dfd(from) == Some(DfdType::DataStore) => Operation::Stream,
            _ => Operation::Invoke,
        };
        flow.encrypted = f
            .get("encrypted")
            .and_then(Json::as_bool)
            .map_or(Fact::Unknown, Fact::from_bool);
        let methods: Vec<&str> = list(f, "authentication").map(|a| choice(Some(a))).collect();
        flow.authenticated = match methods.as_slice() {
            [] => Fact::Unknown,
            m if m.iter().all(|a| *a == "none") => Fact::No,
            _ => Fact::Yes,
        };
        flow.protocol = list(f, "protocols")
            .filter_map(Json::as_str)
            .map(one_line)
            .collect::<Vec<_>>()
            .join(", ");
        let mut notes = vec![text(f, "description").trim().to_owned()];
        let carried: Vec<String> = list(f, "dataObjects")
            .map(|d| one_line(text(d, "name")))
            .filter(|n| !n.is_empty())
            .collect();
        // A data object named like one of Bulwark's data classes is that class.
        for name in &carried {
            if let Some(d) = self
                .catalog
                .data_classes
                .values()
                .find(|d| d.id.as_str().eq_ignore_ascii_case(name) || d.name.eq_ignore_ascii_case(name))
            {
                flow.data.insert(d.id.clone());
            }
        }
        if !carried.is_empty() {
            notes.push(format!("Carries: {}.", carried.join(", ")));
        }
        if !methods.is_empty() {
            notes.push(format!("Authentication: {}.", methods.join(", ")));
        }
        if f.get("bidirectional").and_then(Json::as_bool) == Some(true) {
            notes.push("Bidirectional in the CycloneDX file.".into());
        }
        flow.notes = note_lines(notes);
        flow
    }

    fn assumption(&mut self, a: &Json) {
        const WHAT: &str = "assumption";
        self.report.saw(WHAT);
        let description = text(a, "description").trim();
        if description.is_empty() {
            self.report.drop(WHAT, "no description");
            return;
        }
        let mut text_of = description.to_owned();
        for (key, label) in [("impact", "Impact if wrong"), ("validity", "Validity")] {
            let v = one_line(text(a, key));
            if !v.is_empty() {
                text_of = super::common::add_sentence(&text_of, &format!("{label}: {v}."));
            }
        }
        let mut note = Note::new(NoteKind::Assumption, text_of);
        for r in list(a, "relatedAssets").filter_map(Json::as_str) {
            if let Some(e) = self.items.get(r) {
                note.elements.insert(e.clone());
            } else if let Some(f) = self.flows.get(r) {
                note.flows.insert(f.clone());
            }
        }
        let id = self.note_id(text(a, "bom-ref"));
        self.model.notes.insert(id, note);
        self.report.kinds.insert(WHAT.into(), "an assumption".into());
        self.report.keep(WHAT);
    }

    /// A note id for `theirs` (`note:…` from an export keeps its id), or a new one.
    fn note_id(&mut self, theirs: &str) -> NoteId {
        let theirs = match bare("note", theirs) {
            "" => format!("note-cdx-{}", self.model.notes.len() + 1),
            t => t.to_owned(),
        };
        NoteId::new(same_or_new_id("note", &theirs, &mut self.used.notes))
    }
}

/// A party's name: a person's or system's name, a persona's archetype.
fn party_name(party: Option<&Json>) -> String {
    let Some(p) = party else { return String::new() };
    if let Some(s) = p.as_str() {
        return one_line(s);
    }
    ["person", "system", "organization", "persona"]
        .into_iter()
        .filter_map(|k| p.get(k))
        .map(|o| {
            let n = text(o, "name");
            one_line(if n.is_empty() { text(o, "archetype") } else { n })
        })
        .find(|n| !n.is_empty())
        .unwrap_or_default()
}

/// A boundary's crossing requirements, for people; empty when it names none.
fn crossing(req: &Json) -> String {
    let mut parts = Vec::new();
    for key in ["authentication", "authorization", "protocols"] {
        let values: Vec<String> = list(req, key)
            .map(|v| one_line(choice(Some(v))))
            .filter(|s| !s.is_empty())
            .collect();
        if !values.is_empty() {
            parts.push(format!("{key} {}", values.join(", ")));
        }
    }
    for (key, shown) in [
        ("dataValidation", "data validated"),
        ("dataTransformation", "data transformed"),
        ("logging", "logged"),
        ("monitoring", "monitored"),
    ] {
        match req.get(key).and_then(Json::as_bool) {
            Some(true) => parts.push(shown.to_owned()),
            Some(false) => parts.push(format!("not {shown}")),
            None => {}
        }
    }
    match one_line(text(req, "rateLimit")) {
        r if r.is_empty() => {}
        r => parts.push(format!("rate limit {r}")),
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}.", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_table_names_only_what_the_catalog_has() {
        let map: Mapping = mapping(TABLE).unwrap();
        let (cat, _) = Catalog::builtin();
        let kinds = map
            .asset_kinds
            .values()
            .chain(map.store_kinds.values())
            .chain(map.actor_kinds.values())
            .chain([&map.default_kind, &map.default_store_kind, &map.default_actor_kind])
            .chain(map.asset_types.keys());
        for k in kinds {
            assert!(cat.kind(&k.as_str().into()).is_some(), "kind {k:?}");
        }
        for s in [
            Status::Open,
            Status::Mitigated,
            Status::Accepted,
            Status::NotApplicable,
            Status::Transferred,
        ] {
            assert!(map.risk_statuses.iter().any(|(_, t)| *t == s), "{s:?}");
        }
        for s in ControlState::ALL {
            assert!(map.control_statuses.iter().any(|(_, t)| *t == s), "{s:?}");
        }
        for t in map.asset_types.values().chain(map.dfd_asset_types.values()) {
            assert!(map.asset_kinds.contains_key(t), "asset type {t:?} reads back");
        }
        for t in map.boundary_zone_types.values() {
            assert!(map.zone_types.contains_key(t), "zone type {t:?}");
        }
        assert_eq!(map.stride.len(), 6);
        assert_eq!(map.maestro.len(), MaestroLayer::ALL.len());
    }

    #[test]
    fn crossing_requirements_read_as_the_schema_types_them() {
        let req = serde_json::json!({"authentication": ["mtls", {"name": "custom"}], "dataValidation": true,
            "logging": false, "rateLimit": "100/min", "protocols": "https"});
        assert_eq!(
            crossing(&req),
            "authentication mtls, custom; data validated; not logged; rate limit 100/min."
        );
        assert_eq!(crossing(&Json::Null), "");
    }
}

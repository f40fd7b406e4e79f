//! The threat-model half of a CycloneDX 2.0 document: controls (states where they apply, or a
//! decision when Bulwark's library does not know them or they apply to nothing of the design),
//! risks (the status, severity and response of the threats they name), threats (threats people
//! wrote, on the first asset or flow they affect), requirements (decisions when a blueprint
//! names them, else the text of the threats they mitigate) and the sections Bulwark has no
//! counterpart for, counted as dropped.

use super::super::common::{Status, add_sentence, list, one_line, text};
use super::super::otm::ThreatStash;
use super::{FRAMEWORK_PROPERTIES, Reader, choice, property, stash, stashed};
use crate::model::{
    ControlId, FindingId, MaestroLayer, Note, NoteKind, Severity, ThreatTarget, Triage, TriageStatus, UserThreat,
};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

/// What the risks say about one threat.
#[derive(Default)]
struct Verdict {
    status: Option<Status>,
    severity: Option<Severity>,
    response: String,
}

/// A control as the threats see it: its id in Bulwark's library (when known) and its name.
type Controls = BTreeMap<String, (Option<ControlId>, String)>;

/// Top-level sections that are lists of items with no counterpart, and why.
const DROPPED: [(&str, &str); 9] = [
    (
        "components",
        "an inventory item, not part of the design (the blueprints' assets are)",
    ),
    (
        "services",
        "an inventory item, not part of the design (the blueprints' assets are)",
    ),
    ("dependencies", "an inventory relation, not a data flow"),
    ("compositions", "an inventory's completeness statement: no counterpart"),
    (
        "vulnerabilities",
        "a vulnerability of a component, not a threat to the design",
    ),
    (
        "annotations",
        "a comment on a BOM item: no counterpart in a Bulwark model",
    ),
    (
        "formulation",
        "how something was built: no counterpart in a Bulwark model",
    ),
    ("citations", "a citation: no counterpart in a Bulwark model"),
    ("perspectives", "a perspective: no counterpart in a Bulwark model"),
];

/// Top-level sections that are objects of lists, and why their items are dropped.
const DROPPED_IN: [(&str, &str); 3] = [
    (
        "declarations",
        "a conformance declaration: no counterpart in a Bulwark model",
    ),
    ("definitions", "no counterpart in a Bulwark model"),
    (
        "profiles",
        "a profile (of attackers or of data): no counterpart in a Bulwark model",
    ),
];

const THREAT_PARTS: [(&str, &str); 5] = [
    (
        "scenarios",
        "a threat scenario: its threats are kept, its actor, motivation and vector are not",
    ),
    (
        "attackPatterns",
        "an attack pattern: no counterpart (CAPEC ids are not threats of the design)",
    ),
    ("attackTrees", "an attack tree: no counterpart in a Bulwark model"),
    ("attackPaths", "an attack path: Bulwark derives paths from the design"),
    ("abuseCases", "an abuse case: no counterpart in a Bulwark model"),
];

impl Reader<'_> {
    /// Controls, then risks, then threats (each needs the one before), then requirements.
    pub(super) fn controls_risks_threats(&mut self, v: &Json) {
        let tm = v.get("threats").cloned().unwrap_or(Json::Null);
        let mut threat_refs = BTreeSet::new();
        let mut rule_refs = BTreeSet::new();
        for t in list(&tm, "threats") {
            let s: ThreatStash = stashed(t, stash::THREAT).unwrap_or_default();
            if s.rule {
                rule_refs.insert(text(t, "bom-ref"));
            } else {
                threat_refs.insert(text(t, "bom-ref"));
            }
        }
        let controls = self.controls(v);
        let verdicts = self.risks(v, &threat_refs, &rule_refs);
        let requirements: BTreeMap<&str, &Json> = v
            .get("definitions")
            .map(|d| list(d, "requirements").map(|r| (text(r, "bom-ref"), r)).collect())
            .unwrap_or_default();
        let mut named = BTreeSet::new();
        let mut next = 1usize;
        for t in list(&tm, "threats") {
            self.threat(t, &controls, &verdicts, &requirements, &mut named, &mut next);
        }
        self.requirements(v, &named);
        for tb in list(&tm, "trustBoundaries") {
            const WHAT: &str = "trust boundary annotation";
            self.report.saw(WHAT);
            if self.edges.contains(text(tb, "boundary")) {
                self.report.kinds.insert(
                    WHAT.into(),
                    "its boundary is a trust boundary (every zone but a group is one in Bulwark)".into(),
                );
                self.report.keep(WHAT);
            } else {
                self.report.drop(WHAT, "it names a boundary the file does not define");
            }
        }
        for (key, why) in THREAT_PARTS {
            for _ in list(&tm, key) {
                let what = format!("threats {key}");
                self.report.saw(&what);
                self.report.drop(&what, why);
            }
        }
    }

    /// Each control's Bulwark id (when known) and name, by ref; states set where it applies,
    /// or a decision for a control the library does not know, with a status named nowhere in
    /// the table, or on nothing of the design.
    fn controls(&mut self, v: &Json) -> Controls {
        const WHAT: &str = "control";
        let mut out = BTreeMap::new();
        for c in list(v, "controls") {
            self.report.saw(WHAT);
            let theirs = text(c, "bom-ref");
            let name = one_line(text(c, "name"));
            // The id an export wrote is trusted (a user library's control included); else the
            // built-in library's control of that name or id.
            let id = property(c, stash::CONTROL).map(ControlId::from).or_else(|| {
                self.catalog
                    .controls
                    .values()
                    .find(|k| k.name.eq_ignore_ascii_case(&name) || k.id.as_str() == theirs)
                    .map(|k| k.id.clone())
            });
            out.insert(theirs.to_owned(), (id.clone(), name.clone()));
            self.report
                .kinds
                .insert(WHAT.into(), "control states where it applies (else a decision)".into());
            self.report.keep(WHAT);
            if property(c, stash::NAMED_ONLY) == Some("true") {
                continue;
            }
            let status = choice(c.get("status"));
            let state = self
                .map
                .control_statuses
                .iter()
                .find(|(k, _)| k == status)
                .map(|(_, s)| *s);
            let applies: Vec<&str> = list(c, "appliesTo").filter_map(Json::as_str).collect();
            let on_design = applies
                .iter()
                .any(|r| self.items.contains_key(*r) || self.flows.contains_key(*r));
            match (id, state) {
                (Some(id), Some(state)) if on_design => {
                    for r in &applies {
                        if let Some(e) = self.items.get(*r).and_then(|e| self.model.elements.get_mut(e)) {
                            e.controls.insert(id.clone(), state);
                        } else if let Some(f) = self.flows.get(*r).and_then(|f| self.model.flows.get_mut(f)) {
                            f.controls.insert(id.clone(), state);
                        }
                    }
                }
                _ => {
                    let status = if status.is_empty() {
                        String::new()
                    } else {
                        format!(" ({status})")
                    };
                    let mut note = Note::new(
                        NoteKind::Decision,
                        add_sentence(&format!("Control: {name}{status}"), text(c, "description").trim())
                            .trim()
                            .to_owned(),
                    );
                    note.elements = applies.iter().filter_map(|r| self.items.get(*r)).cloned().collect();
                    note.flows = applies.iter().filter_map(|r| self.flows.get(*r)).cloned().collect();
                    let id = self.note_id("");
                    self.model.notes.insert(id, note);
                    self.report.notes.push(format!(
                        "control {name:?} is kept as a decision: Bulwark's library does not know it, libraries/import/cyclonedx.ron names its status nowhere, or it applies to nothing of the design"
                    ));
                }
            }
        }
        out
    }

    /// What the risks say about each threat they name.
    fn risks(
        &mut self,
        v: &Json,
        threats: &BTreeSet<&str>,
        rule_threats: &BTreeSet<&str>,
    ) -> BTreeMap<String, Verdict> {
        const WHAT: &str = "risk";
        let mut out: BTreeMap<String, Verdict> = BTreeMap::new();
        let risks = v.get("risks").cloned().unwrap_or(Json::Null);
        for r in list(&risks, "risks") {
            self.report.saw(WHAT);
            let related: Vec<&str> = list(r, "relatedThreats").filter_map(Json::as_str).collect();
            let named: Vec<&str> = related.iter().copied().filter(|t| threats.contains(t)).collect();
            if named.is_empty() {
                if related.iter().any(|t| rule_threats.contains(t)) {
                    self.report.drop(
                        WHAT,
                        "the risk of a Bulwark rule's finding: the rules raise it again, triage travels with the model",
                    );
                } else {
                    self.report.drop(WHAT, "it names no threat of the file");
                }
                continue;
            }
            let status = choice(r.get("status"));
            let level = r
                .get("inherentRisk")
                .and_then(|i| i.get("score"))
                .map_or("", |s| text(s, "level"));
            let mut response = list(r, "responses")
                .map(|x| one_line(text(x, "description")))
                .filter(|d| !d.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if response.is_empty() {
                response = one_line(text(r, "description"));
            }
            for t in named {
                let verdict = out.entry(t.to_owned()).or_default();
                verdict.status = self
                    .map
                    .risk_statuses
                    .iter()
                    .find(|(k, _)| k == status)
                    .map(|(_, s)| *s);
                verdict.severity = self.map.levels.iter().find(|(k, _)| k == level).map(|(_, s)| *s);
                verdict.response.clone_from(&response);
            }
            self.report
                .kinds
                .insert(WHAT.into(), "the status and severity of the threats it names".into());
            self.report.keep(WHAT);
        }
        for key in ["assessments", "riskAppetites"] {
            for _ in list(&risks, key) {
                let what = format!("risks {key}");
                self.report.saw(&what);
                self.report.drop(&what, "no counterpart in a Bulwark model");
            }
        }
        out
    }

    fn threat(
        &mut self,
        t: &Json,
        controls: &Controls,
        verdicts: &BTreeMap<String, Verdict>,
        requirements: &BTreeMap<&str, &Json>,
        named: &mut BTreeSet<String>,
        next: &mut usize,
    ) {
        const WHAT: &str = "threat";
        self.report.saw(WHAT);
        let s: ThreatStash = stashed(t, stash::THREAT).unwrap_or_default();
        if s.rule {
            self.report.drop(
                WHAT,
                "a finding of a Bulwark rule: the rules raise it again from the design",
            );
            return;
        }
        let theirs = text(t, "bom-ref");
        let verdict = verdicts.get(theirs);
        let from_stash = s.threat.is_some();
        let mut threat = s.threat.unwrap_or_else(|| self.new_threat(t, verdict));
        threat.on = list(t, "affectedAssets")
            .filter_map(Json::as_str)
            .find_map(|r| {
                self.items
                    .get(r)
                    .map(|e| ThreatTarget::Element(e.clone()))
                    .or_else(|| self.flows.get(r).map(|f| ThreatTarget::Flow(f.clone())))
            })
            .unwrap_or(if from_stash {
                threat.on.clone()
            } else {
                ThreatTarget::Model
            });
        let dangling = match &threat.on {
            ThreatTarget::Element(e) => !self.model.elements.contains_key(e),
            ThreatTarget::Flow(f) => !self.model.flows.contains_key(f),
            ThreatTarget::Boundary(b) => !self.model.boundaries.contains_key(b),
            ThreatTarget::Model => false,
        };
        if dangling {
            threat.on = ThreatTarget::Model;
        }
        let mut names = Vec::new();
        for m in list(t, "mitigations").filter_map(Json::as_str) {
            named.insert(m.to_owned());
            match (controls.get(m), requirements.get(m)) {
                (Some((Some(id), _)), _) => {
                    if !from_stash && !threat.controls.contains(id) {
                        threat.controls.push(id.clone());
                    }
                }
                (Some((None, name)), _) => names.push(name.clone()),
                (None, Some(r)) => names.push(one_line(text(r, "name"))),
                (None, None) => {}
            }
        }
        if !from_stash && !names.is_empty() {
            threat.statement = add_sentence(&threat.statement, &format!("Mitigations: {}.", names.join("; ")));
        }
        let id = self.user_id(s.id, next);
        let status = verdict.and_then(|v| v.status).unwrap_or(Status::Open);
        let response = verdict.map_or("", |v| v.response.as_str());
        let marked = |s: &str| format!("Marked {s} in the CycloneDX file");
        match status {
            Status::Mitigated if !from_stash && threat.mitigated.is_empty() => {
                threat.mitigated = if response.is_empty() {
                    marked("mitigated")
                } else {
                    response.to_owned()
                };
            }
            s @ (Status::NotApplicable | Status::Accepted | Status::Transferred) => {
                let verdict = s.verdict().unwrap_or(TriageStatus::NotApplicable);
                let why = if response.is_empty() {
                    marked(verdict.label())
                } else {
                    response.to_owned()
                };
                self.model.triage.insert(id.clone(), Triage::new(verdict, why));
            }
            _ => {}
        }
        self.model.threats.insert(id, threat);
        self.report.kinds.insert(
            WHAT.into(),
            "threat people wrote, on the first asset or flow it affects (else the whole model)".into(),
        );
        self.report.keep(WHAT);
    }

    fn new_threat(&mut self, t: &Json, verdict: Option<&Verdict>) -> UserThreat {
        let name = one_line(text(t, "name"));
        let description = one_line(text(t, "description"));
        let statement = match (name.is_empty(), description.is_empty() || description == name) {
            (_, true) => name,
            (true, false) => description,
            (false, false) => format!("{name}: {description}"),
        };
        let mut threat = UserThreat::new(statement, ThreatTarget::Model);
        threat.severity = verdict.and_then(|v| v.severity).unwrap_or(Severity::Medium);
        let mut other = Vec::new();
        for c in list(t, "categories") {
            let (taxonomy, category) = (text(c, "taxonomy"), text(c, "category"));
            let stride = (taxonomy == "STRIDE")
                .then(|| self.map.stride.iter().find(|(k, _)| k == category).map(|(_, s)| *s))
                .flatten();
            let layer: Option<MaestroLayer> = (taxonomy == "MAESTRO")
                .then(|| self.map.maestro.iter().find(|(k, _)| k == category).map(|(_, l)| *l))
                .flatten();
            match (stride, layer) {
                (Some(s), _) => {
                    if !threat.stride.contains(&s) {
                        threat.stride.push(s);
                    }
                }
                (_, Some(l)) => {
                    if !threat.references.maestro.contains(&l) {
                        threat.references.maestro.push(l);
                    }
                }
                (None, None) if !category.is_empty() => {
                    other.push(format!("{} {}", one_line(taxonomy), one_line(category)))
                }
                (None, None) => {}
            }
        }
        if !other.is_empty() {
            threat.statement = add_sentence(&threat.statement, &format!("Categories: {}.", other.join(", ")));
        }
        let mut weaknesses = Vec::new();
        for w in list(t, "weaknesses") {
            match w.get("cweId").and_then(Json::as_u64) {
                Some(n) => {
                    let cwe = format!("CWE-{n}");
                    if crate::catalog::is_cwe_id(&cwe) && !threat.references.cwe.contains(&cwe) {
                        threat.references.cwe.push(cwe);
                    }
                }
                None => match one_line(text(w, "name")) {
                    n if n.is_empty() => {}
                    n => weaknesses.push(n),
                },
            }
        }
        if !weaknesses.is_empty() {
            threat.statement = add_sentence(&threat.statement, &format!("Weaknesses: {}.", weaknesses.join("; ")));
        }
        let r = &mut threat.references;
        for (name, ids) in
            FRAMEWORK_PROPERTIES
                .into_iter()
                .zip([&mut r.atlas, &mut r.owasp_llm, &mut r.agentic, &mut r.cosai])
        {
            for p in list(t, "properties").filter(|p| text(p, "name") == name) {
                let id = one_line(text(p, "value"));
                if !id.is_empty() && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let source = one_line(text(t, "source"));
        threat.author = if source.is_empty() {
            "Imported from CycloneDX".into()
        } else {
            source
        };
        threat
    }

    /// The id a threat had in Bulwark when it is free, else the next free `USER-n`.
    fn user_id(&self, wanted: Option<FindingId>, next: &mut usize) -> FindingId {
        if let Some(w) = wanted.filter(|w| crate::model::is_user_id(w.as_str()) && !self.model.threats.contains_key(w))
        {
            return w;
        }
        loop {
            let id = FindingId::new(format!("USER-{next}"));
            *next += 1;
            if !self.model.threats.contains_key(&id) {
                return id;
            }
        }
    }

    /// Requirements a blueprint names are decisions; those only threats name are already the
    /// text of those threats; the rest are dropped.
    fn requirements(&mut self, v: &Json, named: &BTreeSet<String>) {
        const WHAT: &str = "requirement";
        let Some(defs) = v.get("definitions") else { return };
        for r in list(defs, "requirements") {
            self.report.saw(WHAT);
            let theirs = text(r, "bom-ref");
            if self.decided.contains(theirs) {
                let note = stashed::<Note>(r, stash::NOTE).unwrap_or_else(|| {
                    let name = one_line(text(r, "name"));
                    let id = one_line(text(r, "id"));
                    let title = match (id.is_empty(), name.is_empty()) {
                        (false, false) => format!("{id} {name}"),
                        (false, true) => id,
                        _ => name,
                    };
                    let mut said = title;
                    for part in [text(r, "description"), text(r, "rationale")] {
                        let part = one_line(part);
                        if !part.is_empty() {
                            said = if said.is_empty() {
                                part
                            } else {
                                add_sentence(&said, &part)
                            };
                        }
                    }
                    Note::new(NoteKind::Decision, said)
                });
                let mut note = note;
                note.elements.retain(|e| self.model.elements.contains_key(e));
                note.flows.retain(|f| self.model.flows.contains_key(f));
                let id = self.note_id(theirs);
                self.model.notes.insert(id, note);
                self.report.kinds.insert(
                    WHAT.into(),
                    "a decision (named by a blueprint), else the text of the threats it mitigates".into(),
                );
                self.report.keep(WHAT);
            } else if named.contains(theirs) {
                self.report.kinds.insert(
                    WHAT.into(),
                    "a decision (named by a blueprint), else the text of the threats it mitigates".into(),
                );
                self.report.keep(WHAT);
            } else {
                self.report.drop(WHAT, "neither a blueprint nor a threat names it");
            }
        }
    }

    /// Sections Bulwark has no counterpart for, each item counted as dropped.
    pub(super) fn dropped_sections(&mut self, v: &Json) {
        for (key, why) in DROPPED {
            for _ in list(v, key) {
                self.report.saw(key);
                self.report.drop(key, why);
            }
        }
        for (key, why) in DROPPED_IN {
            let Some(section) = v.get(key).and_then(Json::as_object) else {
                continue;
            };
            for (part, items) in section {
                if key == "definitions" && part == "requirements" {
                    continue;
                }
                let what = format!("{key} {part}");
                for _ in items.as_array().into_iter().flatten() {
                    self.report.saw(&what);
                    self.report.drop(&what, why);
                }
            }
        }
    }
}

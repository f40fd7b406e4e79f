//! AWS threat-composer workspaces (`.tc.json`, schema 1) → a Bulwark model. Threat-composer has
//! no diagram, so no element is invented: its threats become threats people wrote on the whole
//! model, with their grammar parts (source, prerequisites, action, impact, assets), priority,
//! STRIDE letters and status; mitigations become decisions and assumptions become assumptions
//! (each named in the threats it is linked to); the application, architecture and data-flow
//! descriptions go into the model's description. Tables: `libraries/import/threat-composer.ron`.
//!
//! A workspace Bulwark exported carries each record under the `custom:bulwark` metadata key; it
//! is read back as the base.

use super::common::{Status, add_sentence, lay_out, list, mapping, one_line, parse_json, text};
use super::{ImportError, ImportReport};
use crate::model::{
    FindingId, Model, Note, NoteId, NoteKind, Severity, Stride, ThreatTarget, Triage, TriageStatus, UserThreat,
};
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const TABLE: &str = "threat-composer.ron";

/// The metadata key Bulwark keeps its own records under (threat-composer allows `custom:…`).
pub(crate) const STASH: &str = "custom:bulwark";

/// `libraries/import/threat-composer.ron`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mapping {
    pub threat_statuses: BTreeMap<String, Status>,
    pub mitigation_statuses: BTreeMap<String, String>,
    pub priorities: BTreeMap<String, Severity>,
    pub stride: BTreeMap<String, Stride>,
}

/// What an export keeps on a threat, a mitigation or an assumption.
#[derive(Debug, Default, serde::Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Stash {
    /// The Bulwark id of a threat.
    pub id: Option<FindingId>,
    /// A threat people wrote, whole.
    pub threat: Option<UserThreat>,
    /// Its triage verdict (threat-composer has three statuses only).
    pub triage: Option<Triage>,
    /// A rule's finding: raised again by the rules on import.
    pub rule: bool,
    /// A decision or assumption, whole.
    pub note: Option<Note>,
    /// A catalog control: its state lives on the components, which threat-composer lacks.
    pub control: Option<String>,
}

fn meta<'a>(item: &'a Json, key: &str) -> Option<&'a Json> {
    list(item, "metadata")
        .find(|m| text(m, "key") == key)
        .and_then(|m| m.get("value"))
}

fn stash(item: &Json) -> Stash {
    meta(item, STASH)
        .and_then(Json::as_str)
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

fn comments(item: &Json) -> String {
    meta(item, "Comments")
        .and_then(Json::as_str)
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// Reads a threat-composer workspace.
pub fn from_threat_composer(source: &str, path: &str) -> Result<(Model, ImportReport), ImportError> {
    let map: Mapping = mapping(TABLE)?;
    let v = parse_json(source, path)?;
    let unsupported = |message: String| ImportError::Unsupported {
        path: path.to_owned(),
        message,
    };
    match v.get("schema").and_then(Json::as_f64) {
        Some(1.0) => {}
        Some(s) => {
            return Err(unsupported(format!(
                "threat-composer schema {s} is not read yet (Bulwark reads schema 1)"
            )));
        }
        None => return Err(unsupported("not a threat-composer workspace: no schema".into())),
    }
    let info = v.get("applicationInfo").cloned().unwrap_or(Json::Null);
    let mut model = Model::new(match one_line(text(&info, "name")) {
        n if n.is_empty() => "Imported from threat-composer".to_owned(),
        n => n,
    });
    let mut report = ImportReport {
        format: "AWS threat-composer (schema 1)".into(),
        ..ImportReport::default()
    };
    let mut description = vec![text(&info, "description").trim().to_owned()];
    for (key, heading) in [("architecture", "Architecture"), ("dataflow", "Data flow")] {
        let Some(part) = v.get(key) else { continue };
        let what = format!("{key} description");
        let d = text(part, "description").trim();
        if !d.is_empty() {
            report.saw(&what);
            description.push(format!("### {heading}\n\n{d}"));
            report.kinds.insert(what.clone(), "the model's description".into());
            report.keep(&what);
        }
        if !text(part, "image").is_empty() {
            report.saw(&format!("{key} image"));
            report.drop(
                &format!("{key} image"),
                "an image: Bulwark draws its diagram from elements, which the workspace does not list",
            );
        }
    }
    model.description = description
        .into_iter()
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if v.get("brainstorm").is_some_and(|b| !b.is_null()) {
        report.saw("brainstorm");
        report.drop("brainstorm", "brainstorm ideas are not part of the threat model");
    }

    // Links first, so threats can name what is linked to them.
    let threat_ids: BTreeSet<&str> = list(&v, "threats").map(|t| text(t, "id")).collect();
    let mitigation_by: BTreeMap<&str, &Json> = list(&v, "mitigations").map(|m| (text(m, "id"), m)).collect();
    let assumption_by: BTreeMap<&str, &Json> = list(&v, "assumptions").map(|a| (text(a, "id"), a)).collect();
    let mut mitigations_of: BTreeMap<&str, Vec<&Json>> = BTreeMap::new();
    let mut assumptions_of: BTreeMap<&str, Vec<&Json>> = BTreeMap::new();
    for l in list(&v, "mitigationLinks") {
        report.saw("mitigation link");
        match mitigation_by.get(text(l, "mitigationId")) {
            Some(m) if threat_ids.contains(text(l, "linkedId")) => {
                mitigations_of.entry(text(l, "linkedId")).or_default().push(m);
                report
                    .kinds
                    .insert("mitigation link".into(), "named in the threat".into());
                report.keep("mitigation link");
            }
            _ => report.drop(
                "mitigation link",
                "one of its ends is not in the file (or is not a threat)",
            ),
        }
    }
    for l in list(&v, "assumptionLinks") {
        report.saw("assumption link");
        let linked = text(l, "linkedId");
        match assumption_by.get(text(l, "assumptionId")) {
            Some(a) if threat_ids.contains(linked) || mitigation_by.contains_key(linked) => {
                assumptions_of.entry(linked).or_default().push(a);
                report
                    .kinds
                    .insert("assumption link".into(), "named in the threat or decision".into());
                report.keep("assumption link");
            }
            _ => report.drop("assumption link", "one of its ends is not in the file"),
        }
    }
    let numbered = |prefix: &str, item: &Json| match item.get("numericId").and_then(Json::as_f64) {
        Some(n) if n.is_finite() => format!("{prefix}-{n}"),
        _ => prefix.to_owned(),
    };
    let assumption_names = |id: &str| -> Vec<String> {
        assumptions_of
            .get(id)
            .into_iter()
            .flatten()
            .map(|a| format!("{} ({})", one_line(text(a, "content")), numbered("A", a)))
            .collect()
    };

    // Threats.
    let mut next = 1usize;
    let mut unknown_statuses = BTreeSet::new();
    for t in list(&v, "threats") {
        report.saw("threat");
        report.kinds.insert(
            "threat".into(),
            "threat people wrote, on the whole model (grammar parts kept)".into(),
        );
        let s = stash(t);
        if s.rule {
            report.drop(
                "threat",
                "a finding of a Bulwark rule: the rules raise it again from the design",
            );
            continue;
        }
        let mut id =
            s.id.filter(|i| crate::model::is_user_id(i.as_str()) && !model.threats.contains_key(i));
        let id = id.take().unwrap_or_else(|| {
            loop {
                let id = FindingId::new(format!("USER-{next}"));
                next += 1;
                if !model.threats.contains_key(&id) {
                    break id;
                }
            }
        });
        if let Some(mut threat) = s.threat {
            // Threat-composer has no elements: what the threat was on is named, not linked.
            if threat.on != ThreatTarget::Model {
                threat.on = ThreatTarget::Model;
            }
            if let Some(tr) = s.triage {
                model.triage.insert(id.clone(), tr);
            }
            model.threats.insert(id, threat);
            report.keep("threat");
            continue;
        }
        let mut u = UserThreat::new("", ThreatTarget::Model);
        u.actor = one_line(text(t, "threatSource"));
        u.prerequisites = one_line(text(t, "prerequisites"));
        u.action = one_line(text(t, "threatAction"));
        u.impact = one_line(text(t, "threatImpact"));
        u.asset = list(t, "impactedAssets")
            .filter_map(Json::as_str)
            .map(one_line)
            .collect::<Vec<_>>()
            .join(", ");
        u.statement = match one_line(text(t, "statement")) {
            s if s.is_empty() => u.sentence(),
            s => s,
        };
        if u.statement.is_empty() {
            u.statement = numbered("Threat", t);
        }
        u.severity = meta(t, "Priority")
            .and_then(Json::as_str)
            .and_then(|p| map.priorities.get(p))
            .copied()
            .unwrap_or(Severity::Medium);
        for letter in meta(t, "STRIDE").and_then(Json::as_array).into_iter().flatten() {
            if let Some(s) = letter.as_str().and_then(|l| map.stride.get(l))
                && !u.stride.contains(s)
            {
                u.stride.push(*s);
            }
        }
        u.author = "Imported from threat-composer".into();
        let mut extra = Vec::new();
        let tags: Vec<&str> = list(t, "tags").filter_map(Json::as_str).collect();
        if !tags.is_empty() {
            extra.push(format!("Tags: {}.", tags.join(", ")));
        }
        let c = comments(t);
        if !c.is_empty() {
            extra.push(format!("Comments: {}", one_line(&c)));
        }
        let linked: Vec<&Json> = mitigations_of.get(text(t, "id")).cloned().unwrap_or_default();
        let mitigation_names: Vec<String> = linked
            .iter()
            .map(|m| {
                let status = map
                    .mitigation_statuses
                    .get(text(m, "status"))
                    .map_or(String::new(), |s| format!(", {s}"));
                format!("{} ({}{status})", one_line(text(m, "content")), numbered("M", m))
            })
            .collect();
        let assumed = assumption_names(text(t, "id"));
        if !assumed.is_empty() {
            extra.push(format!("Assumes: {}.", assumed.join("; ")));
        }
        let status_text = text(t, "status");
        let status = match status_text {
            "" => Status::Open,
            s => map.threat_statuses.get(s).copied().unwrap_or_else(|| {
                unknown_statuses.insert(s.to_owned());
                Status::Open
            }),
        };
        match status {
            Status::Mitigated => {
                u.mitigated = if mitigation_names.is_empty() {
                    "Marked resolved in threat-composer".into()
                } else {
                    format!("Mitigations: {}", mitigation_names.join("; "))
                };
            }
            _ if !mitigation_names.is_empty() => extra.push(format!("Mitigations: {}.", mitigation_names.join("; "))),
            _ => {}
        }
        if status == Status::NotApplicable {
            model.triage.insert(
                id.clone(),
                Triage::new(
                    TriageStatus::NotApplicable,
                    "Marked resolved, not useful, in threat-composer",
                ),
            );
        }
        if !extra.is_empty() {
            u.statement = add_sentence(&u.statement, &extra.join(" "));
        }
        model.threats.insert(id, u);
        report.keep("threat");
    }
    if !unknown_statuses.is_empty() {
        report.notes.push(format!(
            "threat statuses named nowhere in libraries/import/threat-composer.ron were read as open: {unknown_statuses:?}"
        ));
    }

    // Mitigations → decisions; assumptions → assumptions.
    let mut n = 0usize;
    let mut add_note = |model: &mut Model, note: Note| {
        n += 1;
        let mut id = NoteId::new(format!("note-tc-{n}"));
        while model.notes.contains_key(&id) {
            n += 1;
            id = NoteId::new(format!("note-tc-{n}"));
        }
        model.notes.insert(id, note);
    };
    for (what, key, kind) in [
        ("mitigation", "mitigations", NoteKind::Decision),
        ("assumption", "assumptions", NoteKind::Assumption),
    ] {
        for item in list(&v, key) {
            report.saw(what);
            report.kinds.insert(
                what.into(),
                match kind {
                    NoteKind::Decision => "a decision (and named in the threats it mitigates)",
                    _ => "an assumption (and named in what it is linked to)",
                }
                .into(),
            );
            let s = stash(item);
            if s.control.is_some() {
                report.drop(what, "a Bulwark control: named in the threats that link it");
                continue;
            }
            if let Some(mut note) = s.note {
                note.elements.retain(|e| model.elements.contains_key(e));
                note.flows.retain(|f| model.flows.contains_key(f));
                add_note(&mut model, note);
                report.keep(what);
                continue;
            }
            let mut text_parts = vec![format!(
                "{} ({})",
                one_line(text(item, "content")),
                numbered(&what[..1].to_uppercase(), item)
            )];
            if let Some(s) = map.mitigation_statuses.get(text(item, "status")) {
                text_parts.push(format!("Status: {s}."));
            }
            let c = comments(item);
            if !c.is_empty() {
                text_parts.push(c);
            }
            let assumed = assumption_names(text(item, "id"));
            if !assumed.is_empty() {
                text_parts.push(format!("Assumes: {}.", assumed.join("; ")));
            }
            add_note(&mut model, Note::new(kind, text_parts.join("\n")));
            report.keep(what);
        }
    }
    lay_out(&mut model);
    if let Some(e) = model.validate().into_iter().next() {
        return Err(ImportError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        });
    }
    Ok((model, report))
}

//! The threat-model half of a CycloneDX export: the threats people wrote and the rules' findings
//! as threats, a risk for each with its status, severity and response, and the controls they and
//! the design name, grouped by state (CycloneDX gives a control one status; Bulwark has one per
//! element and flow).

use super::{Tables, bom_ref, framework_properties, property, put, record, weaknesses};
use crate::catalog::Catalog;
use crate::engine::{Evaluation, Finding, Status};
use crate::interop::export::ExportError;
use crate::interop::import::common::one_line;
use crate::interop::import::cyclonedx::{shown_name, stash};
use crate::interop::import::otm::ThreatStash;
use crate::model::{ControlId, ControlState, FindingId, Model, Severity, ThreatTarget, UserThreat};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, BTreeSet};

/// Threats, their risks and the controls they and the design name.
pub(super) struct Threats {
    pub threats: Vec<Json>,
    pub risks: Vec<Json>,
    pub controls: Vec<Json>,
}

/// What writing the threats needs, and the controls threats name but nothing has a state for.
struct Writer<'a> {
    model: &'a Model,
    catalog: &'a Catalog,
    t: &'a Tables<'a>,
    named_only: BTreeSet<ControlId>,
}

/// Writes the threats people wrote and the rules' findings of `model`.
pub(super) fn threats(model: &Model, catalog: &Catalog, eval: &Evaluation, t: &Tables) -> Result<Threats, ExportError> {
    let mut w = Writer {
        model,
        catalog,
        t,
        named_only: BTreeSet::new(),
    };
    let findings: BTreeMap<&FindingId, &Finding> = eval.findings.iter().map(|f| (&f.id, f.as_ref())).collect();
    let mut threats = Vec::new();
    let mut risks = Vec::new();
    for (id, ut) in &model.threats {
        let status = findings.get(id).map_or(Status::Open, |f| f.status);
        let (threat, risk) = w.user_threat(id, ut, status)?;
        threats.push(threat);
        risks.push(risk);
    }
    for f in eval
        .findings
        .iter()
        .filter(|f| !crate::model::is_user_id(f.id.as_str()))
    {
        let (threat, risk) = w.rule_finding(f)?;
        threats.push(threat);
        risks.push(risk);
    }
    let controls = w.controls();
    Ok(Threats {
        threats,
        risks,
        controls,
    })
}

impl Writer<'_> {
    fn state_on(&self, on: &ThreatTarget, c: &ControlId) -> Option<ControlState> {
        match on {
            ThreatTarget::Element(e) => self.model.elements.get(e).and_then(|e| e.controls.get(c)).copied(),
            ThreatTarget::Flow(f) => self.model.flows.get(f).and_then(|f| f.controls.get(c)).copied(),
            ThreatTarget::Boundary(_) | ThreatTarget::Model => None,
        }
    }

    /// The ref of control `c` as a threat on `on` names it: the group of its state there, or
    /// the control itself when nothing there has a state for it.
    fn mitigation(&mut self, on: &ThreatTarget, c: &ControlId) -> String {
        match self.state_on(on, c) {
            Some(s) => control_ref(c, Some(s)),
            None => {
                self.named_only.insert(c.clone());
                control_ref(c, None)
            }
        }
    }

    fn target_ref(&self, on: &ThreatTarget) -> Vec<String> {
        match on {
            ThreatTarget::Element(e) if self.model.elements.contains_key(e) => vec![bom_ref("element", e.as_str())],
            ThreatTarget::Flow(f) if self.model.flows.contains_key(f) => vec![bom_ref("flow", f.as_str())],
            _ => Vec::new(),
        }
    }

    fn control_names<'c>(&self, controls: impl Iterator<Item = &'c ControlId>) -> String {
        controls
            .map(|c| self.catalog.control(c).map_or(c.to_string(), |k| k.name.clone()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// A threat: what every threat says in CycloneDX's own terms.
    fn threat(&mut self, about: &About, controls: &[&ControlId], stashed: &ThreatStash) -> Result<Json, ExportError> {
        let mut props = vec![record(stash::THREAT, stashed)?];
        props.extend(framework_properties(about.references));
        let mut j = json!({
            "bom-ref": bom_ref("threat", about.id.as_str()),
            "name": about.name,
            "properties": props,
        });
        put(&mut j, "description", json!(about.description.trim()));
        put(&mut j, "source", json!(one_line(about.source)));
        put(
            &mut j,
            "categories",
            json!(self.t.categories(about.stride, about.references)),
        );
        put(&mut j, "weaknesses", json!(weaknesses(about.references)));
        put(&mut j, "affectedAssets", json!(self.target_ref(about.on)));
        let ms: BTreeSet<String> = controls.iter().map(|c| self.mitigation(about.on, c)).collect();
        put(&mut j, "mitigations", json!(ms));
        Ok(j)
    }

    fn user_threat(&mut self, id: &FindingId, ut: &UserThreat, status: Status) -> Result<(Json, Json), ExportError> {
        let name = shown_name(&ut.sentence(), id.as_str());
        let about = About {
            id,
            name: &name,
            description: &ut.statement,
            source: &ut.author,
            on: &ut.on,
            stride: &ut.stride,
            references: &ut.references,
        };
        let controls: Vec<&ControlId> = ut.controls.iter().collect();
        let stashed = ThreatStash {
            id: Some(id.clone()),
            threat: Some(ut.clone()),
            rule: false,
        };
        let threat = self.threat(&about, &controls, &stashed)?;
        let mitigated = if ut.mitigated.trim().is_empty() {
            self.control_names(
                ut.controls
                    .iter()
                    .filter(|c| self.state_on(&ut.on, c) == Some(ControlState::Implemented)),
            )
        } else {
            one_line(&ut.mitigated)
        };
        let risk = self.risk(RiskOf {
            id,
            name: &name,
            statement: &ut.statement,
            status,
            severity: ut.severity,
            mitigated: &mitigated,
        });
        Ok((threat, risk))
    }

    fn rule_finding(&mut self, f: &Finding) -> Result<(Json, Json), ExportError> {
        let name = shown_name(&f.title, f.id.as_str());
        let on = f
            .flow
            .clone()
            .map_or(ThreatTarget::Element(f.anchor.clone()), ThreatTarget::Flow);
        let source = format!("Bulwark rule {}", f.rule);
        let about = About {
            id: &f.id,
            name: &name,
            description: &f.why,
            source: &source,
            on: &on,
            stride: &f.stride,
            references: &f.references,
        };
        let implemented: Vec<&ControlId> = f.mitigated_by.iter().filter_map(|m| m.control.as_ref()).collect();
        let controls: Vec<&ControlId> = f.missing_controls.iter().chain(implemented.iter().copied()).collect();
        let stashed = ThreatStash {
            id: Some(f.id.clone()),
            threat: None,
            rule: true,
        };
        let threat = self.threat(&about, &controls, &stashed)?;
        let statement = if f.why.trim().is_empty() {
            f.title.to_string()
        } else {
            f.why.clone()
        };
        let mitigated = self.control_names(implemented.into_iter());
        let risk = self.risk(RiskOf {
            id: &f.id,
            name: &name,
            statement: &statement,
            status: f.status,
            severity: f.severity,
            mitigated: &mitigated,
        });
        Ok((threat, risk))
    }

    /// The risk of a threat: its status, severity and the response its status stands for.
    fn risk(&self, of: RiskOf) -> Json {
        let RiskOf {
            id,
            name,
            statement,
            status,
            severity,
            mitigated,
        } = of;
        let statement = match one_line(statement) {
            s if s.is_empty() => name.to_owned(),
            s => s,
        };
        let mut r = json!({
            "bom-ref": bom_ref("risk", id.as_str()),
            "name": name,
            "statement": statement,
            "relatedThreats": [bom_ref("threat", id.as_str())],
            "status": self.t.risk_status(status),
            "inherentRisk": {"score": {"level": self.t.level(severity)}},
        });
        let why = self
            .model
            .triage
            .get(id)
            .map(|tr| one_line(&tr.justification))
            .unwrap_or_default();
        let response = match status {
            Status::Mitigated => Some(("reduce", mitigated.to_owned())),
            Status::Accepted => Some(("accept", why.clone())),
            Status::Transferred => Some(("transfer", why.clone())),
            Status::Open | Status::NotApplicable => None,
        };
        if let Some((strategy, said)) = response {
            let mut resp = json!({"bom-ref": bom_ref("response", id.as_str()), "strategy": strategy});
            put(&mut resp, "description", json!(said));
            r["responses"] = json!([resp]);
        } else if status == Status::NotApplicable {
            put(&mut r, "description", json!(why));
        }
        r
    }

    /// The controls: one per control and state, applying where the design has the control in
    /// that state; then those threats name but nothing has a state for.
    fn controls(&self) -> Vec<Json> {
        let mut groups: BTreeMap<(ControlId, ControlState), Vec<String>> = BTreeMap::new();
        let elements = self
            .model
            .elements
            .iter()
            .map(|(id, e)| (bom_ref("element", id.as_str()), &e.controls));
        let flows = self
            .model
            .flows
            .iter()
            .map(|(id, f)| (bom_ref("flow", id.as_str()), &f.controls));
        for (r, controls) in elements.chain(flows) {
            for (c, s) in controls {
                groups.entry((c.clone(), *s)).or_default().push(r.clone());
            }
        }
        let mut out = Vec::new();
        for ((c, s), applies) in groups {
            let mut j = self.control(&c, Some(s));
            j["status"] = self.t.control_status(s);
            j["appliesTo"] = json!(applies);
            out.push(j);
        }
        for c in &self.named_only {
            let mut j = self.control(c, None);
            if let Some(props) = j["properties"].as_array_mut() {
                props.push(property(stash::NAMED_ONLY, "true"));
            }
            out.push(j);
        }
        out
    }

    fn control(&self, c: &ControlId, state: Option<ControlState>) -> Json {
        let (name, description) = self.catalog.control(c).map_or((c.to_string(), String::new()), |k| {
            (k.name.clone(), k.description.clone())
        });
        let mut j = json!({
            "bom-ref": control_ref(c, state),
            "name": shown_name(&name, c.as_str()),
            "properties": [property(stash::CONTROL, c.as_str())],
        });
        put(&mut j, "description", json!(one_line(&description)));
        j
    }
}

/// What a threat is about, whoever raised it.
struct About<'a> {
    id: &'a FindingId,
    name: &'a str,
    description: &'a str,
    source: &'a str,
    on: &'a ThreatTarget,
    stride: &'a [crate::model::Stride],
    references: &'a crate::model::References,
}

/// What a risk says of one threat.
struct RiskOf<'a> {
    id: &'a FindingId,
    name: &'a str,
    statement: &'a str,
    status: Status,
    severity: Severity,
    /// How it is mitigated, for a mitigated threat.
    mitigated: &'a str,
}

/// The ref of a control in a state (`control:input-guardrail:implemented`), or of the control
/// alone.
fn control_ref(c: &ControlId, state: Option<ControlState>) -> String {
    let Some(s) = state else { return format!("control:{c}") };
    let s = match s {
        ControlState::Recommended => "recommended",
        ControlState::Required => "required",
        ControlState::Implemented => "implemented",
        ControlState::Rejected => "rejected",
        ControlState::NotApplicable => "not-applicable",
    };
    format!("control:{c}:{s}")
}

//! Importing threat models from other tools. Each format maps through a table in
//! `libraries/import/` (data), and every import comes with a migration report: per source type,
//! how many items were kept and how many were dropped and why, so nothing disappears silently.

pub(crate) mod common;
pub(crate) mod cyclonedx;
pub(crate) mod otm;
pub(crate) mod threat_composer;
mod threat_dragon;
mod tm7;

pub use cyclonedx::from_cyclonedx;
pub use otm::from_otm;
pub use threat_composer::from_threat_composer;
pub use threat_dragon::from_threat_dragon;
pub use tm7::from_tm7;

use crate::model::Model;
use std::collections::BTreeMap;

/// Formats `bulwark import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// OWASP Threat Dragon, version 2 JSON.
    ThreatDragon,
    /// Open Threat Model (OTM) 0.1 / 0.2, JSON.
    Otm,
    /// AWS threat-composer workspace (`.tc.json`, schema 1).
    ThreatComposer,
    /// Microsoft Threat Modeling Tool model (`.tm7`, XML).
    Tm7,
    /// CycloneDX 2.0 threat model (TM-BOM, JSON; the 2.0 draft).
    CycloneDx,
}

impl Format {
    /// The name on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Format::ThreatDragon => "threat-dragon",
            Format::Otm => "otm",
            Format::ThreatComposer => "threat-composer",
            Format::Tm7 => "tm7",
            Format::CycloneDx => "cyclonedx",
        }
    }

    /// What the formats are called, for messages.
    pub const NAMES: &'static str = "Microsoft Threat Modeling Tool .tm7, OWASP Threat Dragon v1/v2 JSON, Open Threat Model JSON, CycloneDX 2.0 threat model JSON, threat-composer .tc.json";

    /// Recognises a format from a file's content.
    pub fn detect(text: &str) -> Option<Self> {
        if tm7::looks_like(text) {
            return Some(Format::Tm7);
        }
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        if v.get("otmVersion").is_some() {
            return Some(Format::Otm);
        }
        // 1.x BOMs say bomFormat; they are recognised so the importer can say why it stops.
        if [v.get("specFormat"), v.get("bomFormat")]
            .into_iter()
            .any(|f| f.and_then(serde_json::Value::as_str) == Some("CycloneDX"))
        {
            return Some(Format::CycloneDx);
        }
        if v.get("schema").is_some_and(serde_json::Value::is_number)
            && (v.get("applicationInfo").is_some() || v.get("threats").is_some())
        {
            return Some(Format::ThreatComposer);
        }
        v.get("detail")?.get("diagrams")?;
        Some(Format::ThreatDragon)
    }
}

/// Why a file is not one `detect` recognises, for people: a JSON syntax error with its
/// location, OTM written as YAML, or another format (`hint` follows, say how to name one).
pub fn not_recognised(text: &str, shown: &str, hint: &str) -> String {
    if text.trim_start_matches('\u{feff}').trim_start().starts_with('<') {
        return format!("{shown}: XML, but not a Microsoft Threat Modeling Tool model (no ThreatModel element){hint}");
    }
    if text.trim_start().starts_with("otmVersion") {
        return format!("{shown}: an Open Threat Model file in YAML; Bulwark reads OTM as JSON (convert it first)");
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Err(e) => format!("{shown}:{}:{}: {e}", e.line(), e.column()),
        Ok(_) => format!("{shown}: not a format Bulwark imports ({}){hint}", Format::NAMES),
    }
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not JSON or XML, or of the wrong shape.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// Where.
        line: usize,
        /// Where.
        column: usize,
        /// What.
        message: String,
    },
    /// A version or variant not read yet.
    #[error("{path}: {message}")]
    Unsupported {
        /// The file.
        path: String,
        /// What.
        message: String,
    },
    /// The mapping table in `libraries/import/` is broken (a build error, caught by tests).
    #[error("libraries/import/{file}: {message}")]
    Mapping {
        /// The table.
        file: &'static str,
        /// What.
        message: String,
    },
    /// The migration report does not add up: items of these source types were neither kept nor
    /// reported dropped (a bug in the importer; nothing is written).
    #[error("{path}: items neither kept nor reported dropped: {types:?} (a bug; please report it)")]
    Unaccounted {
        /// The file.
        path: String,
        /// The source types that do not add up.
        types: Vec<String>,
    },
    /// The imported model does not validate.
    #[error("{path}: the imported model is not valid: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What.
        message: String,
    },
}

/// What an import kept and dropped, per source item type.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// The format read.
    pub format: String,
    /// Items in the source, per type ("tm.Actor", "threat", …).
    pub source: BTreeMap<String, usize>,
    /// Items kept, per source type.
    pub kept: BTreeMap<String, usize>,
    /// Items dropped, per source type, each with the reason.
    pub dropped: BTreeMap<String, Vec<String>>,
    /// Which Bulwark kind each source type became.
    pub kinds: BTreeMap<String, String>,
    /// Decisions worth a look (ambiguous memberships, defaults applied).
    pub notes: Vec<String>,
}

impl ImportReport {
    pub(crate) fn saw(&mut self, what: &str) {
        *self.source.entry(what.to_owned()).or_default() += 1;
    }

    pub(crate) fn keep(&mut self, what: &str) {
        *self.kept.entry(what.to_owned()).or_default() += 1;
    }

    pub(crate) fn drop(&mut self, what: &str, why: impl Into<String>) {
        self.dropped.entry(what.to_owned()).or_default().push(why.into());
    }

    /// Source types whose kept and dropped items do not add up to the source's count (a type
    /// kept or dropped but never counted in the source included); empty when nothing was lost
    /// without a reason.
    pub fn unaccounted(&self) -> Vec<String> {
        let types: std::collections::BTreeSet<&String> = self
            .source
            .keys()
            .chain(self.kept.keys())
            .chain(self.dropped.keys())
            .collect();
        types
            .into_iter()
            .filter(|what| {
                let n = self.source.get(*what).copied().unwrap_or(0);
                self.kept.get(*what).copied().unwrap_or(0) + self.dropped.get(*what).map_or(0, Vec::len) != n
            })
            .cloned()
            .collect()
    }

    /// The report for people.
    pub fn text(&self) -> String {
        let mut out = format!("Imported from {}:\n", self.format);
        for (what, n) in &self.source {
            let kept = self.kept.get(what).copied().unwrap_or(0);
            let dropped = self.dropped.get(what).map_or(0, Vec::len);
            let kind = self.kinds.get(what).map(|k| format!(" → {k}")).unwrap_or_default();
            out.push_str(&format!(
                "  {what}{kind}: {n} in the file, {kept} kept, {dropped} dropped\n"
            ));
            if let Some(reasons) = self.dropped.get(what) {
                let mut counted: BTreeMap<&str, usize> = BTreeMap::new();
                for r in reasons {
                    *counted.entry(r.as_str()).or_default() += 1;
                }
                for (r, n) in counted {
                    out.push_str(&format!("      dropped ×{n}: {r}\n"));
                }
            }
        }
        for n in &self.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
        out
    }
}

/// Reads `text` (from `path`, for messages) as `format`. The conservation check is part of
/// every import, from the command line and the app alike: a report whose kept and dropped items
/// do not add up to the file's is an error.
pub fn import(format: Format, text: &str, path: &str) -> Result<(Model, ImportReport), ImportError> {
    let (model, report) = match format {
        Format::ThreatDragon => from_threat_dragon(text, path),
        Format::Otm => from_otm(text, path),
        Format::ThreatComposer => from_threat_composer(text, path),
        Format::Tm7 => from_tm7(text, path),
        Format::CycloneDx => from_cyclonedx(text, path),
    }?;
    let types = report.unaccounted();
    if !types.is_empty() {
        return Err(ImportError::Unaccounted {
            path: path.to_owned(),
            types,
        });
    }
    Ok((model, report))
}

/// How imported threats line up with what Bulwark's rules find on the same model: for each
/// imported threat, the open rule findings on the same component or flow that share one of
/// its STRIDE categories; and the rule findings no imported threat lines up with (what Bulwark
/// adds).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Correspondence {
    /// Imported threat → rule findings that raise the same kind of threat at the same place.
    pub matched: BTreeMap<String, Vec<String>>,
    /// Open rule findings that no imported threat lines up with.
    pub added: Vec<String>,
}

/// Lines imported threats up with the rule findings of `eval` (an evaluation of `model`).
pub fn correspondence(model: &Model, eval: &crate::engine::Evaluation) -> Correspondence {
    use crate::engine::Status;
    use crate::model::ThreatTarget;
    let mut out = Correspondence::default();
    let mut used = std::collections::BTreeSet::new();
    let rule_findings: Vec<_> = eval
        .findings
        .iter()
        .filter(|f| f.status == Status::Open && !crate::model::is_user_id(f.id.as_str()))
        .collect();
    for (id, t) in &model.threats {
        let at = |f: &crate::engine::Finding| match &t.on {
            ThreatTarget::Element(e) => &f.anchor == e || f.elements.contains(e),
            ThreatTarget::Flow(fl) => f.flow.as_ref() == Some(fl),
            _ => false,
        };
        let same: Vec<String> = rule_findings
            .iter()
            .filter(|f| at(f) && f.stride.iter().any(|s| t.stride.contains(s)))
            .map(|f| f.id.to_string())
            .collect();
        if !same.is_empty() {
            used.extend(same.iter().cloned());
            out.matched.insert(id.to_string(), same);
        }
    }
    out.added = rule_findings
        .iter()
        .map(|f| f.id.to_string())
        .filter(|id| !used.contains(id))
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_conservation_check_finds_items_lost_without_a_reason() {
        let mut r = ImportReport::default();
        r.saw("zone");
        r.saw("zone");
        r.keep("zone");
        r.drop("zone", "why");
        assert!(r.unaccounted().is_empty());
        r.saw("flow");
        r.saw("flow");
        r.keep("flow");
        r.keep("threat");
        r.drop("asset", "why");
        assert_eq!(r.unaccounted(), ["asset", "flow", "threat"]);
    }
}

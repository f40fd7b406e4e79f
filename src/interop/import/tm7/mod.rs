//! Microsoft Threat Modeling Tool (`.tm7`) → a Bulwark model. A TM7 file is the WCF
//! DataContract XML serialization of TMT's model: drawing surfaces with their stencils,
//! connectors and boundaries (`shapes`), the threat instances TMT generated and people triaged
//! (`threats`), the model's meta information, and a copy of the template it was drawn with
//! (the knowledge base, which is not read: each shape carries its type's name).
//!
//! Stencils become elements of the kind `libraries/import/tm7.ron` gives their type, connectors
//! flows, border and line boundaries trust boundaries whose members the geometry decides
//! (`regions`), threat instances threats people wrote with their state. XML is parsed with
//! limits and never expands entities (`xml`).

mod diagram;
mod regions;
mod shapes;
mod threats;
mod xml;

use super::common::{Status, lay_out, mapping, one_line};
use super::{ImportError, ImportReport};
use crate::catalog::Catalog;
use crate::model::{
    BoundaryKind, ControlState, Fact, FlowFact, Model, Note, NoteId, NoteKind, Severity, Stride, Value,
};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

const TABLE: &str = "tm7.ron";

/// At most this many shapes in one file: a large real model has a few hundred; geometry is
/// quadratic in the number of boundaries.
const MAX_SHAPES: usize = 5_000;

/// `libraries/import/tm7.ron`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mapping {
    stencils: BTreeMap<String, String>,
    generic: BTreeMap<String, String>,
    flows: BTreeMap<String, FlowType>,
    boundaries: BTreeMap<String, BoundaryKind>,
    answers: Vec<Answer>,
    controls: Vec<ControlRule>,
    facts: Vec<FactRule>,
    states: BTreeMap<String, State>,
    priorities: BTreeMap<String, Severity>,
    stride: BTreeMap<String, Stride>,
}

/// What a data flow type says about the flow.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowType {
    protocol: String,
    encrypted: Fact,
}

/// A stencil attribute's value that answers a component question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    attribute: String,
    value: String,
    question: String,
    answer: Value,
}

/// A stencil attribute's value that sets a control state.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlRule {
    attribute: String,
    value: String,
    control: String,
    state: ControlState,
}

/// A data flow attribute's value that answers one of the flow's facts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactRule {
    attribute: String,
    value: String,
    fact: FlowFact,
    answer: Fact,
}

/// A threat state: how TMT shows it and what it becomes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    shown: String,
    status: Status,
    mention: bool,
}

/// Whether `text` looks like a TM7 file: XML whose root is TMT's `ThreatModel`.
pub(crate) fn looks_like(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && t.contains("<ThreatModel")
}

/// Reads a Microsoft Threat Modeling Tool file.
pub fn from_tm7(source: &str, path: &str) -> Result<(Model, ImportReport), ImportError> {
    let map: Mapping = mapping(TABLE)?;
    let unsupported = |message: String| ImportError::Unsupported {
        path: path.to_owned(),
        message,
    };
    let doc = xml::parse(source.trim_start_matches('\u{feff}'), path)?;
    let root = doc.root_element();
    if root.tag_name().name() != "ThreatModel" {
        return Err(unsupported(format!(
            "not a Threat Modeling Tool model: the root element is {:?}, not ThreatModel",
            root.tag_name().name()
        )));
    }
    let version = xml::text(root, "Version");
    if !(version.is_empty() || version.starts_with("4.")) {
        return Err(unsupported(format!(
            "TM7 format version {version:?} is not read yet (Bulwark reads 4.x, what TMT 7 writes)"
        )));
    }
    let refs = xml::Refs::new(&doc);
    let surfaces = shapes::surfaces(root, &refs);
    let count: usize = surfaces.iter().map(|s| s.shapes.len()).sum();
    if count > MAX_SHAPES {
        return Err(unsupported(format!(
            "{count} shapes; Bulwark reads at most {MAX_SHAPES} from one file"
        )));
    }
    let (catalog, _) = Catalog::builtin();
    let mut reader = diagram::Reader {
        map: &map,
        catalog: &catalog,
        model: Model::new(""),
        report: ImportReport {
            format: format!(
                "Microsoft Threat Modeling Tool (.tm7{})",
                if version.is_empty() {
                    String::new()
                } else {
                    format!(", format {version}")
                }
            ),
            ..ImportReport::default()
        },
        used: BTreeSet::new(),
        elements: BTreeMap::new(),
        flows: BTreeMap::new(),
        annotations: Vec::new(),
        unknown: BTreeMap::new(),
        x_offset: 0.0,
        guids: BTreeSet::new(),
    };
    let names: Vec<String> = surfaces.iter().map(|s| one_line(&s.name)).collect();
    for s in surfaces {
        reader.report.saw("diagram");
        reader.surface(s);
        reader.report.keep("diagram");
        reader
            .report
            .kinds
            .insert("diagram".into(), "placed side by side on one canvas".into());
    }
    let targets = threats::Targets {
        flows: std::mem::take(&mut reader.flows),
        elements: std::mem::take(&mut reader.elements),
    };
    let mut model = std::mem::take(&mut reader.model);
    let mut report = std::mem::take(&mut reader.report);
    for ((name, id), kind) in &reader.unknown {
        report.notes.push(format!(
            "stencil type {name:?} ({id}) is named nowhere in libraries/import/tm7.ron: it became {kind}"
        ));
    }
    threats::read_threats(root, &refs, &map, &targets, &mut model, &mut report);
    describe(root, &names, &reader.annotations, &mut model, &mut report);
    lay_out(&mut model);
    if let Some(e) = model.validate().into_iter().next() {
        return Err(ImportError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        });
    }
    Ok((model, report))
}

/// The model's name, description and assumptions from TMT's meta information, notes and the
/// free text drawn on its diagrams.
fn describe(
    root: roxmltree::Node<'_, '_>,
    surfaces: &[String],
    annotations: &[String],
    model: &mut Model,
    report: &mut ImportReport,
) {
    let meta = xml::child(root, "MetaInformation");
    let field = |name: &'static str| meta.map_or(String::new(), |m| xml::text(m, name).trim().to_owned());
    let default_name = |n: &String| {
        n.is_empty()
            || n.strip_prefix("Diagram ")
                .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
    };
    model.name = match one_line(&field("ThreatModelName")) {
        n if !n.is_empty() => n,
        _ => match surfaces {
            [one] if !default_name(one) => one.clone(),
            _ => "Imported from the Microsoft Threat Modeling Tool".to_owned(),
        },
    };
    let mut parts = vec![field("HighLevelSystemDescription")];
    let people: Vec<String> = [
        ("Owner", "Owner"),
        ("Reviewer", "Reviewer"),
        ("Contributors", "Contributors"),
    ]
    .into_iter()
    .filter_map(|(k, label)| Some(format!("{label}: {}.", one_line(&field(k)))).filter(|_| !field(k).is_empty()))
    .collect();
    parts.push(people.join(" "));
    let deps = field("ExternalDependencies");
    if !deps.is_empty() {
        parts.push(format!("External dependencies:\n\n{deps}"));
    }
    parts.extend(annotations.iter().cloned());
    parts.push(notes(root, report));
    model.description = parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    let assumptions = field("Assumptions");
    if !assumptions.is_empty() {
        report.saw("assumptions");
        model.notes.insert(
            NoteId::new("note-tm7-assumptions"),
            Note::new(NoteKind::Assumption, assumptions),
        );
        report.kinds.insert("assumptions".into(), "an assumption".into());
        report.keep("assumptions");
    }
}

/// The report's name for TMT's notes.
const NOTE: &str = "model note";

/// TMT's notes on the model, as a list for the description.
fn notes(root: roxmltree::Node<'_, '_>, report: &mut ImportReport) -> String {
    let mut lines = Vec::new();
    for n in xml::child(root, "Notes")
        .into_iter()
        .flat_map(|n| xml::children(n, "Note"))
    {
        report.saw(NOTE);
        let message = xml::text(n, "Message").trim();
        if message.is_empty() {
            report.drop(NOTE, "no message");
            continue;
        }
        let by: Vec<&str> = [xml::text(n, "AddedBy"), xml::text(n, "Date").get(..10).unwrap_or("")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        lines.push(if by.is_empty() {
            format!("- {message}")
        } else {
            format!("- {message} ({})", by.join(", "))
        });
        report
            .kinds
            .insert(NOTE.into(), "a line of the model's description".into());
        report.keep(NOTE);
    }
    if lines.is_empty() {
        String::new()
    } else {
        format!("Notes from the Microsoft Threat Modeling Tool:\n\n{}", lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tm7_file_is_recognised_by_its_root_even_after_a_byte_order_mark() {
        use super::super::Format;
        let head = "<ThreatModel xmlns=\"http://schemas.datacontract.org/2004/07/ThreatModeling.Model\">";
        assert_eq!(
            Format::detect(&format!("\u{feff}{head}</ThreatModel>")),
            Some(Format::Tm7)
        );
        assert_eq!(
            Format::detect(&format!("<?xml version=\"1.0\"?>\n{head}")),
            Some(Format::Tm7)
        );
        assert_eq!(Format::detect("<svg/>"), None);
        assert_eq!(Format::detect("{\"ThreatModel\": 1}"), None);
    }

    /// Every kind, control and question the table names exists in the shipped catalog.
    #[test]
    fn the_mapping_table_names_only_what_the_catalog_has() {
        let map: Mapping = mapping(TABLE).unwrap();
        let (cat, _) = Catalog::builtin();
        for k in map.stencils.values().chain(map.generic.values()) {
            assert!(cat.kind(&k.as_str().into()).is_some(), "kind {k:?}");
        }
        for c in &map.controls {
            assert!(
                cat.control(&c.control.as_str().into()).is_some(),
                "control {:?}",
                c.control
            );
        }
        for a in &map.answers {
            assert!(
                cat.kinds_in_order()
                    .any(|k| k.questions.contains_key(&a.question.as_str().into())),
                "question {:?}",
                a.question
            );
        }
        for s in ["AutoGenerated", "NeedsInvestigation", "NotApplicable", "Mitigated"] {
            assert!(map.states.contains_key(s), "{s}");
        }
        assert_eq!(map.states["Mitigated"].status, Status::Mitigated);
        assert_eq!(map.states["NotApplicable"].status, Status::NotApplicable);
        assert_eq!(map.states["NeedsInvestigation"].status, Status::Open);
        assert_eq!(map.states["AutoGenerated"].shown, "Not Started");
    }
}

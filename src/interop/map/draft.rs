//! The inferred model before it has ids: elements, flows and boundaries keyed by their stable
//! evidence keys. Turning a draft into a [`Model`] gives readable ids in key order, so the same
//! repository always gives the same file.

use crate::model::{
    Boundary, BoundaryId, BoundaryKind, Confidence, ControlId, ControlState, DataClassId, Element, ElementId, Evidence,
    Flow, KindId, Model, Operation, PropKey, Provenance, Value,
};
use std::collections::{BTreeMap, BTreeSet};

/// Most evidence kept per item: enough to check, not a copy of the repository.
const MAX_EVIDENCE: usize = 12;

/// An element to be.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftElement {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: KindId,
    /// Key of its boundary.
    pub boundary: Option<String>,
    /// Answers.
    pub properties: BTreeMap<PropKey, Value>,
    /// Controls seen, with their evidence.
    pub controls: BTreeMap<ControlId, Vec<Evidence>>,
    /// What was seen, each with its rank ([`rank_of`]; lower is more telling).
    pub evidence: Vec<(u8, Evidence)>,
    /// How sure.
    pub confidence: Confidence,
}

/// A flow to be.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftFlow {
    /// Key of the sender.
    pub from: String,
    /// Key of the receiver.
    pub to: String,
    /// Label.
    pub label: String,
    /// Data classes.
    pub data: BTreeSet<DataClassId>,
    /// Protocol.
    pub protocol: String,
    /// What it does at the receiver.
    pub operation: Operation,
    /// What comes back.
    pub returns: BTreeSet<DataClassId>,
    /// What was seen, with ranks.
    pub evidence: Vec<(u8, Evidence)>,
    /// How sure.
    pub confidence: Confidence,
}

/// A boundary to be.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftBoundary {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: BoundaryKind,
    /// Key of its parent.
    pub parent: Option<String>,
}

/// The inferred model, keyed by evidence keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// Elements by key.
    pub elements: BTreeMap<String, DraftElement>,
    /// Flows by key.
    pub flows: BTreeMap<String, DraftFlow>,
    /// Boundaries by key.
    pub boundaries: BTreeMap<String, DraftBoundary>,
    /// Facts seen about an element that its kind asks no question about, by element key:
    /// kept as the element's notes rather than dropped.
    pub notes: BTreeMap<String, BTreeSet<String>>,
}

impl Draft {
    /// Adds an element, or adds evidence to the one with the same key.
    pub fn element(
        &mut self,
        key: &str,
        make: impl FnOnce() -> DraftElement,
        evidence: &[Evidence],
        confidence: Confidence,
    ) -> &mut DraftElement {
        let el = self.elements.entry(key.to_owned()).or_insert_with(make);
        el.evidence.extend(evidence.iter().map(|e| (rank_of(e), e.clone())));
        el.confidence = el.confidence.max(confidence);
        el
    }

    /// Adds the lines that define an element (its constructor, route, agent or step
    /// definition): they rank before everything else, so they are what people see first.
    pub fn defined_at(&mut self, key: &str, evidence: &[Evidence]) {
        if let Some(el) = self.elements.get_mut(key) {
            el.evidence.extend(evidence.iter().map(|e| (DEFINING, e.clone())));
        }
    }

    /// Adds a flow between two keys, or adds evidence to the existing one. A flow to itself is
    /// left out.
    pub fn flow(
        &mut self,
        from: &str,
        to: &str,
        make: impl FnOnce() -> DraftFlow,
        evidence: &[Evidence],
        confidence: Confidence,
    ) {
        if from == to {
            return;
        }
        let key = format!("flow:{from}->{to}");
        let f = self.flows.entry(key).or_insert_with(make);
        f.evidence.extend(evidence.iter().map(|e| (rank_of(e), e.clone())));
        f.confidence = f.confidence.max(confidence);
    }

    /// Keeps a fact about element `key` that its kind has no question for.
    pub fn note(&mut self, key: &str, text: String) {
        self.notes.entry(key.to_owned()).or_default().insert(text);
    }

    /// Adds a boundary unless one has the key.
    pub fn boundary(&mut self, key: &str, name: &str, kind: BoundaryKind, parent: Option<&str>) {
        self.boundaries.entry(key.to_owned()).or_insert_with(|| DraftBoundary {
            name: name.to_owned(),
            kind,
            parent: parent.map(str::to_owned),
        });
    }

    /// The model, with ids made from names, every item marked inferred. Flows whose ends are
    /// missing and boundaries nobody uses are left out.
    pub fn into_model(mut self, name: &str, description: &str) -> Model {
        let mut model = Model::new(name);
        model.description = description.to_owned();
        let used: BTreeSet<String> = self.used_boundaries();
        self.boundaries.retain(|k, _| used.contains(k));
        let mut boundary_ids: BTreeMap<String, BoundaryId> = BTreeMap::new();
        for (key, b) in &self.boundaries {
            let id = model.fresh_boundary_id(&b.name);
            boundary_ids.insert(key.clone(), id.clone());
            model.boundaries.insert(id, Boundary::new(b.name.clone(), b.kind));
        }
        for (key, b) in &self.boundaries {
            let parent = b.parent.as_ref().and_then(|p| boundary_ids.get(p)).cloned();
            if let Some(boundary) = boundary_ids.get(key).and_then(|id| model.boundaries.get_mut(id)) {
                boundary.parent = parent;
                boundary.inferred = Some(Provenance::new(key.clone(), Confidence::High));
            }
        }
        let mut element_ids: BTreeMap<String, ElementId> = BTreeMap::new();
        for (key, d) in self.elements {
            let id = model.fresh_element_id(&d.name);
            element_ids.insert(key.clone(), id.clone());
            let mut el = element(&key, d, &boundary_ids);
            if let Some(notes) = self.notes.remove(&key) {
                el.notes = notes.into_iter().collect::<Vec<_>>().join("\n");
            }
            model.elements.insert(id, el);
        }
        for (key, d) in self.flows {
            let (Some(from), Some(to)) = (element_ids.get(&d.from), element_ids.get(&d.to)) else {
                continue;
            };
            let id = model.fresh_flow_id(from, to);
            let mut f = Flow::new(from.clone(), to.clone(), d.label);
            f.data = d.data;
            f.protocol = d.protocol;
            f.operation = d.operation;
            f.returns = d.returns;
            let mut p = Provenance::new(key, d.confidence);
            p.evidence = tidy(d.evidence);
            f.inferred = Some(p);
            model.flows.insert(id, f);
        }
        model
    }

    fn used_boundaries(&self) -> BTreeSet<String> {
        let mut used = BTreeSet::new();
        for e in self.elements.values() {
            let mut cur = e.boundary.clone();
            while let Some(k) = cur {
                if !used.insert(k.clone()) {
                    break;
                }
                cur = self.boundaries.get(&k).and_then(|b| b.parent.clone());
            }
        }
        used
    }
}

fn element(key: &str, d: DraftElement, boundary_ids: &BTreeMap<String, BoundaryId>) -> Element {
    let mut el = Element::new(d.kind, d.name);
    el.boundary = d.boundary.as_ref().and_then(|b| boundary_ids.get(b)).cloned();
    el.properties = d.properties;
    el.controls = d
        .controls
        .keys()
        .map(|c| (c.clone(), ControlState::Implemented))
        .collect();
    let mut p = Provenance::new(key, d.confidence);
    p.evidence = tidy(d.evidence);
    p.controls = d
        .controls
        .into_iter()
        .map(|(c, ev)| (c, tidy(ev.into_iter().map(|e| (rank_of(&e), e)).collect())))
        .collect();
    el.inferred = Some(p);
    el
}

/// Rank of the lines that define an element: before anything else.
pub const DEFINING: u8 = 0;

/// How telling a piece of evidence is, from where it was seen: code (a call, an import) and
/// the block of a deployment descriptor that declares a service come first, dependency
/// manifests and container files next, environment keys, URLs in settings and CI last.
pub fn rank_of(e: &Evidence) -> u8 {
    use super::source::Source;
    let name = e.file.rsplit('/').next().unwrap_or(&e.file);
    let in_ci = e.file.starts_with(".github/") || e.file.starts_with(".gitlab-ci");
    match Source::of_file(name) {
        _ if in_ci => 4,
        _ if e.detector == "url" => 3,
        Some(Source::Env) => 3,
        Some(Source::Python | Source::JavaScript | Source::Go | Source::Rust | Source::Jvm | Source::Notebook) => 1,
        Some(Source::Compose | Source::Kubernetes | Source::Terraform | Source::Bicep) if e.detector != "manifest" => 1,
        _ => 2,
    }
}

/// Evidence in rank order (the defining line first), then file and line, without repeats, at
/// most [`MAX_EVIDENCE`]. When there is more, each file's best line is kept before a second
/// line of any file: the evidence shows where the element is, not one file many times.
pub fn tidy(mut evidence: Vec<(u8, Evidence)>) -> Vec<Evidence> {
    evidence.sort();
    let mut seen = BTreeSet::new();
    evidence.retain(|(_, e)| seen.insert(e.clone()));
    if evidence.len() > MAX_EVIDENCE {
        let mut files = BTreeSet::new();
        let (first, rest): (Vec<_>, Vec<_>) = evidence.into_iter().partition(|(_, e)| files.insert(e.file.clone()));
        let mut keep: Vec<(u8, Evidence)> = first.into_iter().take(MAX_EVIDENCE).collect();
        let room = MAX_EVIDENCE.saturating_sub(keep.len());
        keep.extend(rest.into_iter().take(room));
        keep.sort();
        evidence = keep;
    }
    evidence.into_iter().map(|(_, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(file: &str, line: u32) -> Evidence {
        Evidence {
            file: file.to_owned(),
            line,
            text: String::new(),
            detector: "t".to_owned(),
        }
    }

    #[test]
    fn evidence_keeps_each_files_best_line_before_more_of_one_file() {
        let mut all: Vec<(u8, Evidence)> = (1..=20).map(|l| (1, ev("a.py", l))).collect();
        all.push((2, ev("b.py", 1)));
        all.push((0, ev("c.py", 9)));
        let kept = tidy(all);
        assert_eq!(kept.len(), MAX_EVIDENCE);
        assert_eq!(kept[0], ev("c.py", 9), "the defining line first");
        assert!(kept.contains(&ev("b.py", 1)), "every file shows");
        assert_eq!(
            tidy(vec![(1, ev("a.py", 2)), (1, ev("a.py", 1)), (1, ev("a.py", 1))]),
            vec![ev("a.py", 1), ev("a.py", 2)]
        );
    }
}

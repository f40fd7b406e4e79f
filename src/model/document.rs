//! The threat-model document: the only thing written to `.bulwark.ron` and the only thing undo
//! touches.

use super::boundary::{Boundary, BoundaryKind};
use super::element::Element;
use super::flow::Flow;
use super::ids::{BoundaryId, ElementId, FindingId, FlowId, NoteId, is_valid_id};
use super::layout::Layout;
use super::note::Note;
use super::threat::{UserThreat, is_user_id};
use super::triage::Triage;
use super::unique_map;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The file format this build writes. Older formats are migrated on load; newer ones are refused.
pub const FORMAT_VERSION: u32 = 9;

/// A threat model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// File format version; see [`FORMAT_VERSION`].
    pub format: u32,
    /// The system's name.
    pub name: String,
    /// What the system does, in a few sentences.
    #[serde(default)]
    pub description: String,
    /// Components, by id.
    #[serde(default, deserialize_with = "unique_map::deserialize")]
    pub elements: BTreeMap<ElementId, Element>,
    /// Data flows, by id.
    #[serde(default, deserialize_with = "unique_map::deserialize")]
    pub flows: BTreeMap<FlowId, Flow>,
    /// Trust boundaries, by id.
    #[serde(default, deserialize_with = "unique_map::deserialize")]
    pub boundaries: BTreeMap<BoundaryId, Boundary>,
    /// Decisions and assumptions, by id.
    #[serde(default, deserialize_with = "unique_map::deserialize")]
    pub notes: BTreeMap<NoteId, Note>,
    /// Threats people wrote, by id (`USER-…`).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_map::deserialize"
    )]
    pub threats: BTreeMap<FindingId, UserThreat>,
    /// Triage verdicts, by finding id.
    #[serde(default, deserialize_with = "unique_map::deserialize")]
    pub triage: BTreeMap<FindingId, Triage>,
    /// Where things are drawn.
    #[serde(default)]
    pub layout: Layout,
    /// What a merge could not decide, until a person settles it; a model with conflicts is
    /// not checked (`check` exits 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<super::conflict::Conflict>,
    /// PASTA's business objectives and compliance needs (format 7).
    #[serde(default, skip_serializing_if = "super::Pasta::is_empty")]
    pub pasta: super::Pasta,
    /// Workshop sessions held on the model, by id (format 8).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_map::deserialize"
    )]
    pub sessions: BTreeMap<super::SessionId, super::Session>,
    /// The room's votes on findings, by finding id (format 8).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_map::deserialize"
    )]
    pub votes: BTreeMap<FindingId, super::Votes>,
}

impl Default for Model {
    fn default() -> Self {
        Self::new("Untitled system")
    }
}

/// How deeply boundaries may nest (a tenant in a cloud account in a corporate network … never
/// needs more; exports and layouts stay linear in the model's size below it).
pub const MAX_BOUNDARY_DEPTH: usize = 64;

/// Something structurally wrong with a document: a dangling reference, a bad id, a cycle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// An id has characters or a length that ids may not have.
    #[error("invalid {what} id {id:?} (ids use letters, digits, '-', '_', '.', ':' and '@')")]
    InvalidId {
        /// Which kind of id.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A flow names an element that does not exist.
    #[error("flow {flow:?} points at missing element {element:?}")]
    FlowEndpointMissing {
        /// The flow.
        flow: String,
        /// The missing element.
        element: String,
    },
    /// An element or boundary names a boundary that does not exist.
    #[error("{owner:?} names missing boundary {boundary:?}")]
    BoundaryMissing {
        /// The element or boundary naming it.
        owner: String,
        /// The missing boundary.
        boundary: String,
    },
    /// Boundaries nest in a loop.
    #[error("boundary {boundary:?} is nested inside itself")]
    BoundaryCycle {
        /// A boundary on the cycle.
        boundary: String,
    },
    /// Boundaries nest deeper than [`MAX_BOUNDARY_DEPTH`].
    #[error("boundary {boundary:?} is nested {depth} levels deep; at most {max} are allowed", max = MAX_BOUNDARY_DEPTH)]
    BoundaryTooDeep {
        /// The first boundary past the limit.
        boundary: String,
        /// Its depth.
        depth: usize,
    },
    /// A note links an element that does not exist.
    #[error("note {note:?} links missing element {element:?}")]
    NoteElementMissing {
        /// The note.
        note: String,
        /// The missing element.
        element: String,
    },
    /// A note links a flow that does not exist.
    #[error("note {note:?} links missing flow {flow:?}")]
    NoteFlowMissing {
        /// The note.
        note: String,
        /// The missing flow.
        flow: String,
    },
    /// A PASTA business objective depends on an element that does not exist.
    #[error("business objective {objective:?} depends on missing element {element:?}")]
    ObjectiveElementMissing {
        /// The objective's name.
        objective: String,
        /// The missing element.
        element: String,
    },
    /// The layout places something that does not exist.
    #[error("layout places missing {what} {id:?}")]
    LayoutOrphan {
        /// Element or boundary.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A coordinate is not a finite number or a size is negative.
    #[error("layout of {id:?} has a coordinate that is not a finite number")]
    LayoutNotFinite {
        /// The element or boundary.
        id: String,
    },
    /// An id is already used by another item of the same kind.
    #[error("{what} id {id:?} is already used")]
    DuplicateId {
        /// Which kind of id.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A threat people wrote needs an id starting with `USER-`, so it never takes a rule's.
    #[error("threat id {id:?} must start with \"USER-\" (rule ids never do)")]
    ThreatIdNotUser {
        /// The id.
        id: String,
    },
    /// A date that is not a calendar date `YYYY-MM-DD`.
    #[error("{what} of {id:?} is {date:?}, not a date written YYYY-MM-DD")]
    InvalidDate {
        /// Which date.
        what: &'static str,
        /// The finding.
        id: String,
        /// As written.
        date: String,
    },
    /// The named item does not exist.
    #[error("no {what} with id {id:?}")]
    NotFound {
        /// Which kind of item.
        what: &'static str,
        /// The id.
        id: String,
    },
}

impl ModelError {
    /// The id the error is about, used to find its line in the source file.
    pub fn subject(&self) -> (&str, Option<&str>) {
        match self {
            ModelError::InvalidId { id, .. }
            | ModelError::BoundaryCycle { boundary: id }
            | ModelError::BoundaryTooDeep { boundary: id, .. }
            | ModelError::LayoutOrphan { id, .. }
            | ModelError::LayoutNotFinite { id }
            | ModelError::DuplicateId { id, .. }
            | ModelError::ThreatIdNotUser { id }
            | ModelError::InvalidDate { id, .. }
            | ModelError::NotFound { id, .. } => (id, None),
            ModelError::FlowEndpointMissing { flow, element } => (flow, Some(element)),
            ModelError::BoundaryMissing { owner, boundary } => (owner, Some(boundary)),
            ModelError::NoteElementMissing { note, element } => (note, Some(element)),
            ModelError::NoteFlowMissing { note, flow } => (note, Some(flow)),
            ModelError::ObjectiveElementMissing { objective, element } => (objective, Some(element)),
        }
    }
}

impl Model {
    /// An empty model with a name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            format: FORMAT_VERSION,
            name: name.into(),
            description: String::new(),
            elements: BTreeMap::new(),
            flows: BTreeMap::new(),
            boundaries: BTreeMap::new(),
            notes: BTreeMap::new(),
            threats: BTreeMap::new(),
            triage: BTreeMap::new(),
            layout: Layout::default(),
            conflicts: Vec::new(),
            pasta: super::Pasta::default(),
            sessions: BTreeMap::new(),
            votes: BTreeMap::new(),
        }
    }

    /// The next free id for a threat a person writes (`USER-1`, `USER-2` …).
    pub fn next_threat_id(&self) -> FindingId {
        let n = self
            .threats
            .keys()
            .filter_map(|id| {
                id.as_str()
                    .strip_prefix(super::threat::USER_PREFIX)?
                    .parse::<u64>()
                    .ok()
            })
            .max()
            .unwrap_or(0);
        FindingId::new(format!("{}{}", super::threat::USER_PREFIX, n + 1))
    }

    /// Checks every structural invariant and returns all violations, in id order.
    pub fn validate(&self) -> Vec<ModelError> {
        let mut errors = Vec::new();
        let mut check_id = |what: &'static str, id: &str| {
            if !is_valid_id(id) {
                errors.push(ModelError::InvalidId {
                    what,
                    id: id.to_owned(),
                });
            }
        };
        self.elements.keys().for_each(|id| check_id("element", id.as_str()));
        self.flows.keys().for_each(|id| check_id("flow", id.as_str()));
        self.boundaries.keys().for_each(|id| check_id("boundary", id.as_str()));
        self.notes.keys().for_each(|id| check_id("note", id.as_str()));
        self.triage.keys().for_each(|id| check_id("finding", id.as_str()));
        self.threats.keys().for_each(|id| check_id("threat", id.as_str()));
        self.sessions.keys().for_each(|id| check_id("session", id.as_str()));
        self.votes.keys().for_each(|id| check_id("finding", id.as_str()));
        for id in self.threats.keys().filter(|id| !is_user_id(id.as_str())) {
            errors.push(ModelError::ThreatIdNotUser { id: id.0.clone() });
        }
        for (id, t) in &self.triage {
            if !t.review_by.is_empty() && super::date::Date::parse(&t.review_by).is_none() {
                errors.push(ModelError::InvalidDate {
                    what: "review date",
                    id: id.0.clone(),
                    date: t.review_by.clone(),
                });
            }
        }

        for (id, el) in &self.elements {
            if let Some(b) = &el.boundary
                && !self.boundaries.contains_key(b)
            {
                errors.push(ModelError::BoundaryMissing {
                    owner: id.0.clone(),
                    boundary: b.0.clone(),
                });
            }
        }
        for (id, flow) in &self.flows {
            for end in [&flow.from, &flow.to] {
                if !self.elements.contains_key(end) {
                    errors.push(ModelError::FlowEndpointMissing {
                        flow: id.0.clone(),
                        element: end.0.clone(),
                    });
                }
            }
        }
        for (id, b) in &self.boundaries {
            if let Some(p) = &b.parent
                && !self.boundaries.contains_key(p)
            {
                errors.push(ModelError::BoundaryMissing {
                    owner: id.0.clone(),
                    boundary: p.0.clone(),
                });
            }
        }
        errors.extend(self.boundary_nesting());
        for (id, note) in &self.notes {
            for el in &note.elements {
                if !self.elements.contains_key(el) {
                    errors.push(ModelError::NoteElementMissing {
                        note: id.0.clone(),
                        element: el.0.clone(),
                    });
                }
            }
            for f in &note.flows {
                if !self.flows.contains_key(f) {
                    errors.push(ModelError::NoteFlowMissing {
                        note: id.0.clone(),
                        flow: f.0.clone(),
                    });
                }
            }
            if !note.due.is_empty() && super::date::Date::parse(&note.due).is_none() {
                errors.push(ModelError::InvalidDate {
                    what: "due date",
                    id: id.0.clone(),
                    date: note.due.clone(),
                });
            }
        }
        for (id, s) in &self.sessions {
            if super::date::Date::parse(&s.date).is_none() {
                errors.push(ModelError::InvalidDate {
                    what: "session date",
                    id: id.0.clone(),
                    date: s.date.clone(),
                });
            }
        }
        for o in &self.pasta.objectives {
            for el in &o.elements {
                if !self.elements.contains_key(el) {
                    errors.push(ModelError::ObjectiveElementMissing {
                        objective: o.name.clone(),
                        element: el.0.clone(),
                    });
                }
            }
        }
        for (id, pos) in &self.layout.elements {
            if !self.elements.contains_key(id) {
                errors.push(ModelError::LayoutOrphan {
                    what: "element",
                    id: id.0.clone(),
                });
            } else if !pos.is_finite() {
                errors.push(ModelError::LayoutNotFinite { id: id.0.clone() });
            }
        }
        for (id, rect) in &self.layout.boundaries {
            if !self.boundaries.contains_key(id) {
                errors.push(ModelError::LayoutOrphan {
                    what: "boundary",
                    id: id.0.clone(),
                });
            } else if !rect.is_valid() {
                errors.push(ModelError::LayoutNotFinite { id: id.0.clone() });
            }
        }
        for (id, points) in &self.layout.flows {
            if !self.flows.contains_key(id) {
                errors.push(ModelError::LayoutOrphan {
                    what: "flow",
                    id: id.0.clone(),
                });
            } else if !points.iter().all(|p| p.is_finite()) {
                errors.push(ModelError::LayoutNotFinite { id: id.0.clone() });
            }
        }
        errors
    }

    /// Cycles and nesting too deep, in one pass over the parent links (linear: a chain of ten
    /// thousand boundaries is checked as fast as ten thousand side by side).
    fn boundary_nesting(&self) -> Vec<ModelError> {
        const ON_WALK: u32 = u32::MAX;
        const IN_CYCLE: u32 = u32::MAX - 1;
        // Depth of each boundary (1 = outermost) once known.
        let mut depth: std::collections::HashMap<&BoundaryId, u32> = std::collections::HashMap::new();
        let mut cyclic: BTreeSet<&BoundaryId> = BTreeSet::new();
        let mut too_deep: BTreeSet<(&BoundaryId, usize)> = BTreeSet::new();
        for start in self.boundaries.keys() {
            // Walk up until a boundary whose depth is known, the top, or one on this walk.
            let mut walk: Vec<&BoundaryId> = Vec::new();
            let mut cur = Some(start);
            let mut base = 0u32;
            while let Some(b) = cur {
                match depth.get(b) {
                    Some(&ON_WALK) => {
                        // A cycle: every boundary from `b` to the end of the walk is on it.
                        let at = walk.iter().position(|x| *x == b).unwrap_or(0);
                        for x in walk.drain(at..) {
                            cyclic.insert(x);
                            depth.insert(x, IN_CYCLE);
                        }
                        base = IN_CYCLE;
                        break;
                    }
                    Some(&d) => {
                        base = d;
                        break;
                    }
                    None => {
                        depth.insert(b, ON_WALK);
                        walk.push(b);
                        cur = self.boundaries.get(b).and_then(|x| x.parent.as_ref());
                    }
                }
            }
            // Unwind: each boundary is one deeper than its parent; under a cycle, no depth.
            for b in walk.into_iter().rev() {
                let d = if base >= IN_CYCLE { IN_CYCLE } else { base + 1 };
                if d == MAX_BOUNDARY_DEPTH as u32 + 1 {
                    too_deep.insert((b, d as usize));
                }
                depth.insert(b, d);
                base = d;
            }
        }
        let mut errors: Vec<ModelError> = cyclic
            .into_iter()
            .map(|b| ModelError::BoundaryCycle { boundary: b.0.clone() })
            .collect();
        errors.extend(too_deep.into_iter().map(|(b, depth)| ModelError::BoundaryTooDeep {
            boundary: b.0.clone(),
            depth,
        }));
        errors
    }

    /// The chain of boundaries containing `element`, innermost first.
    pub fn boundary_chain(&self, element: &ElementId) -> Vec<&BoundaryId> {
        let mut chain = Vec::new();
        let mut cur = self.elements.get(element).and_then(|e| e.boundary.as_ref());
        while let Some(b) = cur {
            if chain.contains(&b) || chain.len() > 64 {
                break;
            }
            chain.push(b);
            cur = self.boundaries.get(b).and_then(|x| x.parent.as_ref());
        }
        chain
    }

    /// The innermost trust boundary holding `element`: its boundary, or the nearest enclosing
    /// one when that is a group ("Grouping is not trust" in DESIGN.md).
    pub fn trust_zone(&self, element: &ElementId) -> Option<&BoundaryId> {
        self.trust_zone_around(self.elements.get(element).and_then(|e| e.boundary.as_ref()))
    }

    /// The innermost trust boundary holding an element placed in `boundary` (the trust zone
    /// of an element already at hand, without looking it up by id).
    pub fn trust_zone_around<'a>(&'a self, boundary: Option<&'a BoundaryId>) -> Option<&'a BoundaryId> {
        let mut cur = boundary;
        for _ in 0..=MAX_BOUNDARY_DEPTH {
            let b = cur?;
            match self.boundaries.get(b) {
                Some(bd) if !bd.kind.is_trust() => cur = bd.parent.as_ref(),
                _ => return Some(b),
            }
        }
        None
    }

    /// An element's name, or its id where it is gone.
    pub fn element_name<'m>(&'m self, id: &'m ElementId) -> &'m str {
        self.elements.get(id).map_or(id.as_str(), |e| e.name.as_str())
    }

    /// Where a flow goes, by its ends' names ("Backend → Database"; an id where an end is gone).
    pub fn flow_route(&self, f: &Flow) -> String {
        format!("{} \u{2192} {}", self.element_name(&f.from), self.element_name(&f.to))
    }

    /// The trust zone elements `a` and `b` both sit in, when they share one.
    pub fn shared_trust_zone(&self, a: &ElementId, b: &ElementId) -> Option<&BoundaryId> {
        let zone = self.trust_zone(a)?;
        (self.trust_zone(b) == Some(zone)).then_some(zone)
    }

    /// The kind of the trust zone an element placed in `boundary` sits in.
    pub fn trust_zone_kind_around(&self, boundary: Option<&BoundaryId>) -> Option<BoundaryKind> {
        self.trust_zone_around(boundary)
            .and_then(|b| self.boundaries.get(b))
            .map(|b| b.kind)
    }

    /// Whether a flow crosses a trust boundary: its endpoints sit in different innermost trust
    /// boundaries (elements outside every trust boundary share one zone; groups do not count).
    pub fn crosses_boundary(&self, flow: &Flow) -> bool {
        self.trust_zone(&flow.from) != self.trust_zone(&flow.to)
    }

    /// Flows grouped by the unordered pair of elements they join (lower id first), each group in
    /// flow-id order: the flows drawn side by side between two components.
    pub fn flows_by_pair(&self) -> BTreeMap<(&ElementId, &ElementId), Vec<(&FlowId, &Flow)>> {
        let mut pairs: BTreeMap<(&ElementId, &ElementId), Vec<(&FlowId, &Flow)>> = BTreeMap::new();
        for (id, f) in &self.flows {
            let key = if f.from <= f.to {
                (&f.from, &f.to)
            } else {
                (&f.to, &f.from)
            };
            pairs.entry(key).or_default().push((id, f));
        }
        pairs
    }

    /// Flows touching `element`, either direction.
    pub fn flows_of<'a>(&'a self, element: &'a ElementId) -> impl Iterator<Item = (&'a FlowId, &'a Flow)> + 'a {
        self.flows
            .iter()
            .filter(move |(_, f)| &f.from == element || &f.to == element)
    }

    /// A fresh element id made from `name`, unique in this model.
    pub fn fresh_element_id(&self, name: &str) -> ElementId {
        ElementId(fresh(&format!("el-{}", super::ids::slug(name)), |s| {
            self.elements.contains_key(&ElementId::new(s))
        }))
    }

    /// A fresh flow id made from the endpoints, unique in this model.
    pub fn fresh_flow_id(&self, from: &ElementId, to: &ElementId) -> FlowId {
        let base = format!(
            "fl-{}-{}",
            from.as_str().trim_start_matches("el-"),
            to.as_str().trim_start_matches("el-")
        );
        let base: String = base.chars().take(80).collect();
        FlowId(fresh(&base, |s| self.flows.contains_key(&FlowId::new(s))))
    }

    /// A fresh boundary id made from `name`, unique in this model.
    pub fn fresh_boundary_id(&self, name: &str) -> BoundaryId {
        BoundaryId(fresh(&format!("tb-{}", super::ids::slug(name)), |s| {
            self.boundaries.contains_key(&BoundaryId::new(s))
        }))
    }

    /// A fresh note id, unique in this model.
    pub fn fresh_note_id(&self) -> NoteId {
        NoteId(fresh("note", |s| self.notes.contains_key(&NoteId::new(s))))
    }
}

/// `base` if free, else `base-2`, `base-3` … (the first free one).
fn fresh(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_else(|| base.to_owned())
}

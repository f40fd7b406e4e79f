//! One TMT drawing surface → elements, trust boundaries and flows. Stencils get the kind the
//! mapping table gives their type (the generic kind of their DFD type when it names none), the
//! answers and control states their attributes state, and their place on the canvas; borders and
//! lines become trust boundaries whose members the geometry decides (`regions`); connectors
//! become flows with their label, protocol and facts; free text goes into the description.

use super::super::ImportReport;
use super::super::common::{new_id, one_line};
use super::Mapping;
use super::regions::{self, Outline, Placed, Region};
use super::shapes::{Class, Shape, Surface};
use crate::catalog::{Catalog, DfdType};
use crate::model::{
    Boundary, BoundaryId, BoundaryKind, Element, ElementId, Fact, Flow, FlowId, Model, Operation, Pos, PropKey,
};
use std::collections::{BTreeMap, BTreeSet};

/// What reading diagrams builds up across surfaces.
pub(super) struct Reader<'m> {
    pub map: &'m Mapping,
    pub catalog: &'m Catalog,
    pub model: Model,
    pub report: ImportReport,
    pub used: BTreeSet<String>,
    /// TMT guid → element.
    pub elements: BTreeMap<String, ElementId>,
    /// TMT guid → flow.
    pub flows: BTreeMap<String, FlowId>,
    /// Free text from the canvas, for the description.
    pub annotations: Vec<String>,
    /// Stencil types the table does not name: (type, class) → kind given.
    pub unknown: BTreeMap<(String, String), String>,
    /// Where the next surface starts, left to right.
    pub x_offset: f32,
    /// The guids of the shapes read so far (a shape is read once).
    pub guids: BTreeSet<String>,
}

/// A shape moved right by `dx`.
fn shifted(mut s: Shape, dx: f32) -> Shape {
    if let Some(r) = &mut s.rect {
        r.x += dx;
    }
    if let Some(l) = &mut s.line {
        for p in [&mut l.from, &mut l.to, &mut l.handle].into_iter().flatten() {
            p.0 += dx;
        }
    }
    s
}

impl Reader<'_> {
    /// Reads one surface, placed to the right of the ones before it.
    pub(super) fn surface(&mut self, surface: Surface) {
        let dx = self.x_offset;
        let shapes: Vec<Shape> = surface.shapes.into_iter().map(|s| shifted(s, dx)).collect();
        let mut right = dx;
        let mut placed = Vec::new();
        let mut regions: Vec<(Region, String)> = Vec::new();
        let mut unique = Vec::new();
        for s in shapes {
            if let Some(r) = s.rect {
                right = right.max(r.x + r.w);
            }
            if !s.guid.is_empty() && !self.guids.insert(s.guid.clone()) {
                self.report.saw(&s.source_type());
                self.report
                    .drop(&s.source_type(), "drawn twice (the same guid): kept once");
            } else {
                unique.push(s);
            }
        }
        for s in &unique {
            match &s.class {
                Class::Process | Class::Interactor | Class::Store => placed.extend(self.stencil(s)),
                Class::Border | Class::Line => regions.extend(self.boundary(s)),
                Class::Annotation => self.annotation(s, &surface.name),
                Class::Flow => {}
                Class::Other(_) => {
                    self.report.saw(&s.source_type());
                    self.report
                        .drop(&s.source_type(), "not a stencil, data flow or trust boundary");
                }
            }
        }
        self.place(&placed, &regions);
        for s in unique.iter().filter(|s| s.class == Class::Flow) {
            self.connector(s);
        }
        self.x_offset = right + 200.0;
    }

    fn stencil(&mut self, s: &Shape) -> Option<Placed> {
        let what = s.source_type();
        self.report.saw(&what);
        let generic = s.class.generic_id().unwrap_or("GE.P");
        let kind = match self.map.stencils.get(&s.type_id) {
            Some(k) => k.clone(),
            None => {
                let k = self
                    .map
                    .generic
                    .get(generic)
                    .cloned()
                    .unwrap_or_else(|| "service".into());
                if s.type_id != generic {
                    self.unknown.insert(
                        (s.type_name.clone(), s.type_id.clone()),
                        format!("{k} ({})", s.class.label()),
                    );
                }
                k
            }
        };
        self.report.kinds.insert(what.clone(), kind.clone());
        let name = match one_line(&s.name) {
            n if n.is_empty() => one_line(&s.type_name),
            n => n,
        };
        let mut el = Element::new(kind.as_str(), if name.is_empty() { "Component".into() } else { name });
        self.answers(s, &mut el);
        out_of_scope(s, &mut el.tags, &mut el.notes);
        let id = ElementId::new(new_id("el", &s.guid, &mut self.used));
        self.elements.insert(s.guid.clone(), id.clone());
        let placed = s.rect.map(|rect| {
            self.model
                .layout
                .elements
                .insert(id.clone(), Pos::new(rect.x + rect.w / 2.0, rect.y + rect.h / 2.0));
            Placed {
                id: id.clone(),
                name: el.name.clone(),
                rect,
            }
        });
        self.model.elements.insert(id, el);
        self.report.keep(&what);
        placed
    }

    /// The answers (to questions its kind asks) and control states the table reads from a
    /// stencil's attributes.
    fn answers(&self, s: &Shape, el: &mut Element) {
        let kind = self.catalog.kind(&el.kind);
        for a in &self.map.answers {
            let key: PropKey = a.question.as_str().into();
            if s.attr(&a.attribute) == a.value && kind.is_some_and(|k| k.questions.contains_key(&key)) {
                el.properties.insert(key, a.answer.clone());
            }
        }
        for c in &self.map.controls {
            if s.attr(&c.attribute) == c.value {
                el.controls.insert(c.control.as_str().into(), c.state);
            }
        }
    }

    fn annotation(&mut self, s: &Shape, surface: &str) {
        let what = s.source_type();
        self.report.saw(&what);
        let text = s.name.trim();
        if text.is_empty() {
            self.report.drop(&what, "empty");
            return;
        }
        self.annotations.push(format!("On the diagram {surface:?}:\n\n{text}"));
        self.report
            .kinds
            .insert(what.clone(), "a paragraph of the model's description".into());
        self.report.keep(&what);
    }

    fn boundary(&mut self, s: &Shape) -> Option<(Region, String)> {
        let what = s.source_type();
        self.report.saw(&what);
        let outline = match (&s.class, s.rect, &s.line) {
            (Class::Border, Some(r), _) => Outline::Border(r),
            (Class::Line, _, Some(l)) => match (l.from, l.to) {
                (Some(from), Some(to)) if (from.0 - to.0).hypot(from.1 - to.1) < 1.0 => {
                    self.report.drop(&what, "its two ends are one point");
                    return None;
                }
                (Some(from), Some(to)) => Outline::Line {
                    from,
                    to,
                    handle: l.handle,
                },
                _ => {
                    self.report.drop(&what, "its ends are not points on the canvas");
                    return None;
                }
            },
            _ => {
                self.report.drop(&what, "it has no position or size");
                return None;
            }
        };
        let kind = match self.map.boundaries.get(&s.type_id) {
            Some(k) => *k,
            None => {
                self.unknown.insert(
                    (s.type_name.clone(), s.type_id.clone()),
                    "other (trust boundary)".into(),
                );
                BoundaryKind::Other
            }
        };
        let name = match one_line(&s.name) {
            n if n.is_empty() => one_line(&s.type_name),
            n => n,
        };
        let name = if name.is_empty() {
            "Trust boundary".to_owned()
        } else {
            name
        };
        let id = BoundaryId::new(new_id("tb", &s.guid, &mut self.used));
        let mut b = Boundary::new(name.clone(), kind);
        out_of_scope(s, &mut BTreeSet::new(), &mut b.notes);
        if let Outline::Border(r) = outline {
            self.model.layout.boundaries.insert(id.clone(), r);
        }
        self.model.boundaries.insert(id.clone(), b);
        let how = match outline {
            Outline::Border(_) => "members: the stencils drawn inside it",
            Outline::Line { .. } => "members: the stencils on the inside of its bend",
        };
        self.report
            .kinds
            .insert(what.clone(), format!("trust boundary (kind: {}; {how})", kind.id()));
        Some((Region { id, name, outline }, what))
    }

    /// Membership and nesting by geometry; a line boundary with nothing inside is dropped.
    fn place(&mut self, placed: &[Placed], regions: &[(Region, String)]) {
        let shapes: Vec<Region> = regions.iter().map(|(r, _)| r.clone()).collect();
        let outcome = regions::decide(placed, &shapes);
        for (e, b) in outcome.members {
            if let Some(el) = self.model.elements.get_mut(&e) {
                el.boundary = Some(b);
            }
        }
        for (c, p) in outcome.parents {
            if let Some(b) = self.model.boundaries.get_mut(&c) {
                b.parent = Some(p);
            }
        }
        for (r, what) in regions {
            if outcome.empty.contains(&r.id) {
                self.model.boundaries.remove(&r.id);
                self.report.drop(
                    what,
                    "nothing lies on the inside of its bend (no stencil, no other boundary)",
                );
            } else {
                self.report.keep(what);
            }
        }
        self.report.notes.extend(outcome.notes);
    }

    fn connector(&mut self, s: &Shape) {
        let what = s.source_type();
        self.report.saw(&what);
        let end = |g: Option<&String>| g.and_then(|g| self.elements.get(g)).cloned();
        let line = s.line.as_ref();
        let (Some(from), Some(to)) = (end(line.map(|l| &l.source)), end(line.map(|l| &l.target))) else {
            self.report.drop(
                &what,
                "one of its ends is not a stencil (loose, or on a boundary or annotation)",
            );
            return;
        };
        let dfd = |id: &ElementId| {
            self.model
                .elements
                .get(id)
                .and_then(|e| self.catalog.kind(&e.kind))
                .map(|k| k.dfd)
        };
        let mut f = Flow::new(from.clone(), to.clone(), one_line(&s.name));
        f.operation = match (dfd(&from), dfd(&to)) {
            (_, Some(DfdType::DataStore)) => Operation::Write,
            (Some(DfdType::DataStore), _) => Operation::Stream,
            _ => Operation::Invoke,
        };
        if let Some(t) = self.map.flows.get(&s.type_id) {
            f.protocol = t.protocol.clone();
            f.encrypted = t.encrypted;
        }
        for rule in &self.map.facts {
            if s.attr(&rule.attribute) == rule.value && rule.fact.of(&f) == Fact::Unknown {
                rule.fact.set(&mut f, rule.answer);
            }
        }
        out_of_scope(s, &mut BTreeSet::new(), &mut f.notes);
        let id = FlowId::new(new_id("fl", &s.guid, &mut self.used));
        self.flows.insert(s.guid.clone(), id.clone());
        self.model.flows.insert(id, f);
        self.report.kinds.insert(what.clone(), "flow".into());
        self.report.keep(&what);
    }
}

/// TMT's "Out Of Scope" with its reason: a tag (on stencils) and a line in the notes.
fn out_of_scope(s: &Shape, tags: &mut BTreeSet<String>, notes: &mut String) {
    if !s.attr("Out Of Scope").eq_ignore_ascii_case("true") {
        return;
    }
    tags.insert("out-of-scope".into());
    let why = one_line(s.attr("Reason For Out Of Scope"));
    let line = if why.is_empty() {
        "Out of scope in the Microsoft Threat Modeling Tool.".to_owned()
    } else {
        format!("Out of scope: {why}")
    };
    *notes = format!("{notes}\n{line}").trim().to_owned();
}

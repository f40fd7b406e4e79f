//! What a report says, computed once and rendered by the HTML and Markdown writers (and the CSV
//! rows): which findings are shown and in what order, findings by element, the missing controls
//! that would close the most, the ATLAS matrix, framework coverage, the controls checklist, and
//! the decisions and assumptions. Everything is ordered, so output is deterministic.

use super::date::ReportDate;
use super::summary::Summary;
use crate::catalog::{Catalog, FrameworkItem, Rule, Severity};
use crate::engine::{Engine, Evaluation, Finding, Mitigation, Status};
use crate::model::{ControlId, ControlState, Element, ElementId, Flow, FlowId, Model, Note, NoteKind};
use std::collections::{BTreeMap, BTreeSet};

/// What a report is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The model.
    pub model: &'a Model,
    /// The engine that evaluated it (its catalog and rules give names and advice).
    pub engine: &'a Engine,
    /// The evaluation.
    pub eval: &'a Evaluation,
    /// The model's path as given, for the JSON and SARIF formats.
    pub file: &'a str,
    /// The model file's text, for SARIF line numbers.
    pub source: &'a str,
}

/// Report options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// Also show mitigated and triaged findings (HTML, Markdown, CSV).
    pub include_closed: bool,
    /// The generation date printed on the report.
    pub date: ReportDate,
}

/// A framework item and the findings that reference it.
pub type Hits<'a> = (&'a FrameworkItem, Vec<&'a Finding>);

/// The PASTA section of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct PastaSection {
    /// Business objectives.
    pub objectives: Vec<PastaObjective>,
    /// Compliance needs.
    pub compliance: Vec<String>,
    /// The seven stages.
    pub stages: Vec<crate::lens::pasta::Stage>,
}

/// A business objective in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct PastaObjective {
    /// What the business needs.
    pub name: String,
    /// Its impact if it fails.
    pub impact: Severity,
    /// Names of the components it depends on.
    pub elements: Vec<String>,
    /// Open findings on them.
    pub open: usize,
    /// Residual risk, if anything is open.
    pub residual: Option<Severity>,
}

/// One secure-by-design checklist in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistSection {
    /// The document's title.
    pub title: String,
    /// Publisher and date.
    pub source: String,
    /// Its items.
    pub rows: Vec<ChecklistRow>,
}

/// One checklist item in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistRow {
    /// The document's section and heading.
    pub section: String,
    /// "met (3/3)", "open (0/2)", "not applicable", "outside the model".
    pub state: String,
    /// Met everywhere it applies.
    pub met: bool,
    /// The controls that show it, or why none can.
    pub detail: String,
}

/// The MAESTRO section of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct MaestroSection {
    /// L1 to L7.
    pub rows: Vec<MaestroRow>,
    /// Names of elements in no layer.
    pub unlayered: Vec<String>,
    /// Path findings whose elements lie in more than one layer.
    pub cross_layer: Vec<CrossLayer>,
}

/// One MAESTRO layer in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct MaestroRow {
    /// `L3`.
    pub id: &'static str,
    /// The layer's name.
    pub name: String,
    /// Names of its elements.
    pub elements: Vec<String>,
    /// Ids of the open findings on them.
    pub open: Vec<String>,
}

/// A cross-layer threat in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossLayer {
    /// Finding id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The layers its path spans.
    pub layers: Vec<&'static str>,
    /// Its severity.
    pub severity: Severity,
}

/// A framework's name and the ids a finding references in it, each with its name when the
/// registry knows it.
pub type RefGroup<'a> = (&'static str, Vec<(String, Option<&'a str>)>);

/// One row of the controls checklist.
#[derive(Debug, Clone)]
pub struct ControlRow<'a> {
    /// The control.
    pub id: &'a ControlId,
    /// Its state on the element; `None` when nobody set one.
    pub state: Option<ControlState>,
    /// Open findings on this element that name it as missing.
    pub wanted_by: usize,
}

impl ControlRow<'_> {
    /// Checklist order: what needs doing first, what is done after, what nobody asked for last.
    fn urgency(&self) -> u8 {
        match self.state {
            None if self.wanted_by > 0 => 0,
            Some(ControlState::Rejected) => 1,
            Some(ControlState::Required) => 2,
            Some(ControlState::Recommended) => 3,
            Some(ControlState::Implemented) => 4,
            Some(ControlState::NotApplicable) => 5,
            None => 6,
        }
    }

    /// The state as the checklist shows it: unset controls wanted by an open finding are
    /// "missing".
    pub fn label(&self) -> &'static str {
        match self.state {
            Some(s) => s.label(),
            None if self.wanted_by > 0 => "missing",
            None => "not set",
        }
    }
}

/// A finding's row in the risk register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// "accepted", or "accepted — review due" once its review date has come.
    pub verdict: String,
    /// Why; `None` is a verdict without a reason, which reports flag.
    pub justification: Option<String>,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub date: String,
    /// When it is to be looked at again.
    pub review_by: String,
    /// Who owns the follow-up.
    pub owner: String,
}

/// What the risk register says in place of a missing justification.
pub const NO_JUSTIFICATION: &str = "no justification given";

/// Whether a finding belongs in the risk register: a person's verdict holds, or its review
/// date has come.
pub fn is_decision(f: &Finding) -> bool {
    matches!(f.status, Status::Accepted | Status::NotApplicable | Status::Transferred) || f.review_due
}

/// The report's content.
pub struct Content<'a> {
    /// The model.
    pub model: &'a Model,
    /// The catalog.
    pub cat: &'a Catalog,
    /// The evaluation.
    pub eval: &'a Evaluation,
    /// The options.
    pub opts: ReportOptions,
    /// Counts over every finding.
    pub summary: Summary,
    /// Open findings by severity, worst first; severities with none are left out.
    pub open: Vec<(Severity, Vec<&'a Finding>)>,
    /// Mitigated findings, when asked for.
    pub closed: Vec<&'a Finding>,
    /// The risk register: every finding a person accepted, marked not applicable or
    /// transferred, and every one whose review date has come — always in the report, worst
    /// first.
    pub decisions: Vec<&'a Finding>,
    rules: BTreeMap<&'a str, &'a Rule>,
}

impl<'a> Content<'a> {
    /// Computes the content of a report.
    pub fn new(input: &ReportInput<'a>, opts: ReportOptions) -> Self {
        let eval = input.eval;
        let open = Severity::WORST_FIRST
            .iter()
            .map(|s| {
                let v: Vec<&Finding> = eval
                    .findings
                    .iter()
                    .filter(|f| f.status == Status::Open && f.severity == *s)
                    .map(|f| &**f)
                    .collect();
                (*s, v)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let worst_first = |a: &&Finding, b: &&Finding| {
            a.status
                .cmp(&b.status)
                .then_with(|| b.severity.cmp(&a.severity))
                .then_with(|| a.id.cmp(&b.id))
        };
        let mut closed: Vec<&Finding> = if opts.include_closed {
            eval.findings
                .iter()
                .filter(|f| f.status == Status::Mitigated)
                .map(|f| &**f)
                .collect()
        } else {
            Vec::new()
        };
        closed.sort_by(worst_first);
        let mut decisions: Vec<&Finding> = eval.findings.iter().filter(|f| is_decision(f)).map(|f| &**f).collect();
        decisions.sort_by(worst_first);
        Self {
            model: input.model,
            cat: input.engine.catalog(),
            eval,
            opts,
            summary: Summary::of(&eval.findings),
            open,
            closed,
            decisions,
            rules: input.engine.rules().map(|r| (r.id.as_str(), r)).collect(),
        }
    }

    /// Every finding the report shows: open ones worst first, then mitigated ones, then the
    /// decisions of the risk register that are not open.
    pub fn shown(&self) -> impl Iterator<Item = &'a Finding> + '_ {
        self.open
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .chain(self.closed.iter().copied())
            .chain(self.decisions.iter().copied().filter(|f| !f.status.is_open()))
    }

    /// One risk-register row of a decided finding.
    pub fn decision(f: &Finding) -> Decision {
        let t = f.triage.as_deref();
        let text = |g: fn(&crate::model::Triage) -> &String| t.map(g).cloned().unwrap_or_default();
        let mut verdict = t.map_or(f.status.label(), |t| t.status.label()).to_owned();
        if f.review_due {
            verdict.push_str(" — review due");
        }
        Decision {
            verdict,
            justification: t.filter(|t| t.is_justified()).map(|t| t.justification.clone()),
            decided_by: text(|t| &t.decided_by),
            date: text(|t| &t.date),
            review_by: text(|t| &t.review_by),
            owner: text(|t| &t.owner),
        }
    }

    /// The rule of a finding.
    pub fn rule(&self, f: &Finding) -> Option<&'a Rule> {
        self.rules.get(f.rule.as_str()).copied()
    }

    /// An element's name (its id when it no longer exists).
    pub fn element_name<'s>(&'s self, id: &'s ElementId) -> &'s str {
        self.model.element_name(id)
    }

    /// The name of an element's kind.
    pub fn kind_name<'s>(&'s self, e: &'s Element) -> &'s str {
        self.cat.kind(&e.kind).map_or(e.kind.as_str(), |k| k.name.as_str())
    }

    /// A control's name (its id when the catalog does not know it).
    pub fn control_name<'s>(&'s self, id: &'s ControlId) -> &'s str {
        self.cat.control(id).map_or(id.as_str(), |c| c.name.as_str())
    }

    /// How a finding was closed, in words: a control where it is in place, a guard on the
    /// path, or a protection the flow is answered to have.
    pub fn mitigation_text(&self, m: &Mitigation) -> String {
        match (&m.control, answered_text(self.model, self.cat, m)) {
            (Some(ctl), _) => format!("{} on {}", self.control_name(ctl), self.element_name(&m.element)),
            (None, Some(answered)) => answered,
            (None, None) => format!("guarded by {}", self.element_name(&m.element)),
        }
    }

    /// The paths, flows or reports gathered into a finding, one line each ("A → B → C, open");
    /// empty when there is only one.
    pub fn member_lines(&self, f: &Finding) -> Vec<String> {
        if f.members.len() < 2 {
            return Vec::new();
        }
        f.members
            .iter()
            .map(|m| {
                let chain: Vec<&str> = if m.path.is_empty() { &m.elements } else { &m.path }
                    .iter()
                    .map(|e| self.element_name(e))
                    .collect();
                format!("{}, {}", chain.join(" → "), m.status.label())
            })
            .collect()
    }

    /// "high (the rule's base: medium; exposed to outsiders)" when the computed severity
    /// differs from the rule's.
    pub fn severity_note(f: &Finding) -> Option<String> {
        (f.severity != f.base_severity).then(|| {
            format!(
                "{} (the rule's base: {}; {})",
                f.severity.id(),
                f.base_severity.id(),
                f.severity_why
            )
        })
    }

    /// How an open finding closes, one line per set of controls, when some set needs more than
    /// one control ("Model signing and Authorization on the sink, lacks Authorization"); empty
    /// when each control closes it alone (the missing controls say it all then).
    pub fn closing(&self, f: &Finding) -> Vec<String> {
        closing_lines(f, |id| self.control_name(id).to_owned())
    }

    /// The name of the boundary an element sits in.
    pub fn boundary_name(&self, e: &Element) -> Option<&'a str> {
        e.boundary
            .as_ref()
            .and_then(|b| self.model.boundaries.get(b))
            .map(|b| b.name.as_str())
    }

    /// Shown findings by the element they are shown on, the most exposed elements first.
    pub fn by_element(&self) -> Vec<(&'a ElementId, Vec<&'a Finding>)> {
        let mut map: BTreeMap<&ElementId, Vec<&Finding>> = BTreeMap::new();
        for f in self.shown() {
            map.entry(&f.anchor).or_default().push(f);
        }
        let mut v: Vec<(&ElementId, Vec<&Finding>)> = map.into_iter().collect();
        let worst = |fs: &[&Finding]| fs.iter().filter(|f| f.status.is_open()).map(|f| f.severity).max();
        let open = |fs: &[&Finding]| fs.iter().filter(|f| f.status.is_open()).count();
        v.sort_by(|(ia, a), (ib, b)| {
            worst(b)
                .cmp(&worst(a))
                .then_with(|| open(b).cmp(&open(a)))
                .then_with(|| self.element_name(ia).cmp(self.element_name(ib)))
                .then_with(|| ia.cmp(ib))
        });
        v
    }

    /// Missing controls by how many open findings name them, most first.
    pub fn top_missing_controls(&self) -> Vec<(&'a ControlId, usize)> {
        let mut count: BTreeMap<&ControlId, usize> = BTreeMap::new();
        for (_, fs) in &self.open {
            for f in fs {
                for c in f.missing_controls.iter() {
                    *count.entry(c).or_default() += 1;
                }
            }
        }
        let mut v: Vec<(&ControlId, usize)> = count.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        v
    }

    /// Open findings, most severe first.
    pub fn open_findings(&self) -> Vec<&'a Finding> {
        self.open.iter().flat_map(|(_, fs)| fs.iter().copied()).collect()
    }

    /// The secure-by-design checklists as reports print them (`lens::checklist`, shared with
    /// the app): each list with its items' states.
    pub fn checklists(&self) -> Vec<ChecklistSection> {
        let Ok(lists) = crate::lens::checklist::builtin() else {
            return Vec::new();
        };
        lists
            .iter()
            .map(|l| ChecklistSection {
                title: l.title.clone(),
                // No address: an HTML report links nothing outside itself (the library file has it).
                source: format!("{}, {}", l.publisher, l.published),
                rows: crate::lens::checklist::evaluate(l, self.model, self.cat)
                    .into_iter()
                    .map(|r| ChecklistRow {
                        section: r.item.section.clone(),
                        state: match r.state {
                            crate::lens::checklist::ItemState::Met
                            | crate::lens::checklist::ItemState::Partly
                            | crate::lens::checklist::ItemState::Open => {
                                format!("{} ({}/{})", r.state.label(), r.in_place, r.places)
                            }
                            s => s.label().to_owned(),
                        },
                        met: r.state == crate::lens::checklist::ItemState::Met,
                        detail: match &r.item.unmapped {
                            Some(why) => why.clone(),
                            None => r
                                .item
                                .controls
                                .iter()
                                .map(|c| self.control_name(c).to_owned())
                                .collect::<Vec<_>>()
                                .join(", "),
                        },
                    })
                    .collect(),
            })
            .collect()
    }

    /// PASTA as reports print it (`lens::pasta`, shared with the app): each business objective
    /// with its components and residual risk, then the seven stages with what each has and
    /// lacks.
    pub fn pasta(&self) -> PastaSection {
        let findings = self.open_findings();
        PastaSection {
            objectives: crate::lens::pasta::objective_risks(self.model, &findings)
                .into_iter()
                .map(|r| PastaObjective {
                    name: r.objective.name.clone(),
                    impact: r.objective.impact,
                    elements: r
                        .objective
                        .elements
                        .iter()
                        .map(|e| self.element_name(e).to_owned())
                        .collect(),
                    open: r.open.len(),
                    residual: r.residual,
                })
                .collect(),
            compliance: self.model.pasta.compliance.clone(),
            stages: crate::lens::pasta::stages(self.model, self.cat, &findings),
        }
    }

    /// The MAESTRO layer view as reports print it (`lens::layers`, shared with the app).
    pub fn maestro(&self) -> MaestroSection {
        let layers = crate::lens::layers(self.model, self.cat, self.open_findings());
        let fw = &self.cat.frameworks;
        let layer_name = |id: &str| {
            fw.maestro
                .iter()
                .find(|i| i.id == id)
                .map_or(id.to_owned(), |i| i.name.clone())
        };
        let names = |ids: &[&ElementId]| {
            ids.iter()
                .map(|id| self.element_name(id).to_owned())
                .collect::<Vec<_>>()
        };
        MaestroSection {
            rows: layers
                .rows
                .iter()
                .map(|r| MaestroRow {
                    id: r.layer.id(),
                    name: layer_name(r.layer.id()),
                    elements: names(&r.elements),
                    open: r.open.iter().map(|f| f.id.as_str().to_owned()).collect(),
                })
                .collect(),
            unlayered: names(&layers.unlayered),
            cross_layer: layers
                .cross_layer
                .iter()
                .map(|(f, spanned)| CrossLayer {
                    id: f.id.as_str().to_owned(),
                    title: f.title.to_string(),
                    layers: spanned.iter().map(|l| l.id()).collect(),
                    severity: f.severity,
                })
                .collect(),
        }
    }

    /// Every ATLAS tactic in matrix order, with the techniques open findings reference under
    /// it and the findings referencing each (`lens::atlas_matrix`, shared with the app).
    pub fn atlas_matrix(&self) -> Vec<(&'a FrameworkItem, Vec<Hits<'a>>)> {
        crate::lens::atlas_matrix(&self.cat.frameworks, &self.open_findings())
            .into_iter()
            .map(|col| {
                (
                    col.tactic,
                    col.cells.into_iter().map(|c| (c.item, c.findings)).collect(),
                )
            })
            .collect()
    }

    /// Each item of a framework list with the shown findings whose rule references it
    /// (`lens::item_grid`, shared with the app).
    pub fn coverage(&self, items: &'a [FrameworkItem], refs: impl Fn(&Finding) -> Vec<String>) -> Vec<Hits<'a>> {
        let shown: Vec<&Finding> = self.shown().collect();
        crate::lens::item_grid(items, &shown, refs)
            .into_iter()
            .map(|c| (c.item, c.findings))
            .collect()
    }

    /// The controls checklist: each element (by name) with the controls its kind offers and
    /// any others set on it, and their state, most urgent first.
    pub fn checklist(&self) -> Vec<(&'a ElementId, &'a Element, Vec<ControlRow<'a>>)> {
        let mut wanted: BTreeMap<(&ElementId, &ControlId), usize> = BTreeMap::new();
        for (_, fs) in &self.open {
            for f in fs {
                let involved: BTreeSet<&ElementId> = f.elements.iter().chain(std::iter::once(&f.anchor)).collect();
                for e in involved {
                    for c in f.missing_controls.iter() {
                        *wanted.entry((e, c)).or_default() += 1;
                    }
                }
            }
        }
        let mut out: Vec<(&ElementId, &Element, Vec<ControlRow>)> = self
            .model
            .elements
            .iter()
            .map(|(id, e)| {
                let mut ids: Vec<&ControlId> = self
                    .cat
                    .kind(&e.kind)
                    .map(|k| k.controls.iter().collect())
                    .unwrap_or_default();
                ids.extend(e.controls.keys().filter(|c| !ids.contains(c)).collect::<Vec<_>>());
                let mut rows: Vec<ControlRow> = ids
                    .into_iter()
                    .map(|c| ControlRow {
                        id: c,
                        state: e.controls.get(c).copied(),
                        wanted_by: wanted.get(&(id, c)).copied().unwrap_or(0),
                    })
                    .collect();
                // Stable: the kind's own order within each state.
                rows.sort_by_key(ControlRow::urgency);
                (id, e, rows)
            })
            .collect();
        out.sort_by(|a, b| a.1.name.cmp(&b.1.name).then_with(|| a.0.cmp(b.0)));
        out
    }

    /// Every flow, by sender name, then receiver name, then id.
    pub fn flows_in_order(&self) -> Vec<(&'a FlowId, &'a Flow)> {
        let mut v: Vec<(&FlowId, &Flow)> = self.model.flows.iter().collect();
        v.sort_by(|(ia, a), (ib, b)| {
            self.element_name(&a.from)
                .cmp(self.element_name(&b.from))
                .then_with(|| self.element_name(&a.to).cmp(self.element_name(&b.to)))
                .then_with(|| ia.cmp(ib))
        });
        v
    }

    /// Decisions or assumptions, in id order.
    pub fn notes(&self, kind: NoteKind) -> Vec<&'a Note> {
        self.model.notes.values().filter(|n| n.kind == kind).collect()
    }

    /// The kinds of note a report lists, with their headings: decisions and assumptions always
    /// (saying when there are none), parked questions and actions when the model has any.
    pub fn note_kinds(&self) -> Vec<(NoteKind, &'static str)> {
        [
            (NoteKind::Decision, "Decisions"),
            (NoteKind::Assumption, "Assumptions"),
            (NoteKind::ParkingLot, "Parked questions"),
            (NoteKind::Action, "Actions"),
        ]
        .into_iter()
        .filter(|(k, _)| {
            matches!(k, NoteKind::Decision | NoteKind::Assumption) || self.model.notes.values().any(|n| n.kind == *k)
        })
        .collect()
    }

    /// What a note is about: its components' names, then its flows.
    pub fn note_about(&self, n: &Note) -> Vec<String> {
        n.elements
            .iter()
            .map(|id| self.element_name(id).to_owned())
            .chain(
                n.flows.iter().map(|id| {
                    crate::lens::workshop::item_name(self.model, &crate::model::ThreatTarget::Flow(id.clone()))
                }),
            )
            .collect()
    }

    /// Every workshop session, oldest first, with what it covered and left open.
    pub fn sessions(&self) -> Vec<crate::lens::workshop::Summary<'a>> {
        crate::lens::workshop::summaries(self.model, &self.eval.findings)
    }

    /// A finding's framework references by framework, each id with its name when the
    /// registry knows it.
    pub fn references(&self, f: &Finding) -> Vec<RefGroup<'a>> {
        let fw = &self.cat.frameworks;
        let named = |list: &'a [FrameworkItem], ids: &[String]| -> Vec<(String, Option<&'a str>)> {
            ids.iter()
                .map(|id| (id.clone(), list.iter().find(|i| &i.id == id).map(|i| i.name.as_str())))
                .collect()
        };
        let r = &f.references;
        let maestro: Vec<String> = r.maestro.iter().map(|l| l.id().to_owned()).collect();
        let groups = vec![
            ("MITRE ATLAS", named(&fw.atlas_techniques, &r.atlas)),
            ("OWASP LLM 2025", named(&fw.owasp_llm, &r.owasp_llm)),
            ("OWASP Agentic", named(&fw.agentic, &r.agentic)),
            ("MAESTRO", named(&fw.maestro, &maestro)),
            ("CoSAI", named(&fw.cosai_risks, &r.cosai)),
            ("CWE", r.cwe.iter().map(|c| (c.clone(), None)).collect()),
        ];
        groups.into_iter().filter(|(_, v)| !v.is_empty()).collect()
    }

    /// How many closed findings a status has (over every finding, shown or not).
    pub fn count_status(&self, s: Status) -> usize {
        self.summary.by_status.get(s.id()).copied().unwrap_or(0)
    }

    /// "2026-01-01 · 17 components · 18 flows · 4 trust boundaries", the line under a
    /// report's title.
    pub fn counts_line(&self) -> String {
        let m = self.model;
        format!(
            "{} · {} components · {} flows · {} trust boundaries",
            self.opts.date,
            m.elements.len(),
            m.flows.len(),
            m.boundaries.len()
        )
    }

    /// The names of the data classes a flow carries (the id where the catalog has none).
    pub fn data_names<'s>(&'s self, f: &'s Flow) -> Vec<&'s str> {
        f.data
            .iter()
            .map(|d| self.cat.data_classes.get(d).map_or(d.as_str(), |x| x.name.as_str()))
            .collect()
    }

    /// What a flow does and how it is protected, each fact with whether a reader should be
    /// warned about it (a fact nobody answered is a warning too: it is an open question).
    pub fn protection(&self, f: &Flow) -> Vec<(&'static str, bool)> {
        use crate::model::Fact;
        let fact = |v: Fact, yes: &'static str, no: &'static str, unknown: &'static str| match v {
            Fact::Yes => (yes, false),
            Fact::No => (no, true),
            Fact::Unknown => (unknown, true),
        };
        let mut v = vec![
            (f.operation.id(), false),
            fact(f.encrypted, "encrypted", "not encrypted", "encryption unknown"),
            fact(
                f.authenticated,
                "authenticated",
                "not authenticated",
                "authentication unknown",
            ),
        ];
        if !f.server_authenticated.is_unknown() {
            v.push(fact(
                f.server_authenticated,
                "receiver verified",
                "receiver not verified",
                "",
            ));
        }
        if !f.validated.is_unknown() {
            v.push(fact(f.validated, "validated", "not validated", ""));
        }
        if self.model.crosses_boundary(f) {
            v.push(("crosses a trust boundary", false));
        }
        v
    }

    /// Findings closed by a person: accepted, not applicable or transferred.
    pub fn triaged(&self) -> usize {
        [Status::Accepted, Status::NotApplicable, Status::Transferred]
            .iter()
            .map(|st| self.count_status(*st))
            .sum()
    }

    /// Open findings per severity, worst first.
    pub fn open_counts(&self) -> Vec<(Severity, usize)> {
        Severity::WORST_FIRST
            .iter()
            .map(|sev| (*sev, self.summary.open_of(*sev)))
            .collect()
    }

    /// The executive summary's opening sentence; `strong` marks the two figures a reader
    /// should see first (bold in HTML).
    pub fn summary_sentence(&self, strong: impl Fn(&str) -> String) -> String {
        let sum = &self.summary;
        let counted = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let parts: Vec<String> = self
            .open_counts()
            .iter()
            .map(|(sev, n)| format!("{n} {}", sev.id()))
            .collect();
        format!(
            "Bulwark evaluated the {} components and {} data flows of this model against its threat library and found {}. {} ({}); {} mitigated by controls already in place and {} triaged by a reviewer.",
            self.model.elements.len(),
            self.model.flows.len(),
            strong(&counted(sum.total, "finding", "findings")),
            strong(&format!("{} open", counted(sum.open, "is", "are"))),
            parts.join(", "),
            counted(self.count_status(Status::Mitigated), "is", "are"),
            counted(self.triaged(), "was", "were")
        )
    }
}

/// The arrow between a flow's ends: both ways when data comes back, else one.
pub fn arrow(f: &Flow) -> &'static str {
    if f.returns.is_empty() { "→" } else { "↔" }
}

/// What closed a finding when an answer did, in words: a flow's (`flow "chunks to embed":
/// encrypted (answered)`, or the flow's route where it has no label) or an element's
/// protection (`Data loader: its dependencies are pinned to exact versions (answered)`);
/// `None` for anything else.
pub fn answered_text(model: &Model, cat: &Catalog, m: &Mitigation) -> Option<String> {
    if m.control.is_some() {
        return None;
    }
    if let Some(key) = &m.question {
        let says = cat.questions.get(key).and_then(|q| q.protection.as_ref());
        let name = model.element_name(&m.element);
        return Some(match says {
            Some(p) => format!("{name}: {} (answered)", p.says),
            None => format!("{name}: {key} (answered)"),
        });
    }
    let fact = m.answer?;
    let flow = match m.flow.as_ref().and_then(|id| model.flows.get(id)) {
        Some(f) if !f.label.trim().is_empty() => format!("flow \"{}\"", f.label.trim()),
        Some(f) => format!("flow {}", model.flow_route(f)),
        None => "the flow".to_owned(),
    };
    Some(format!("{flow}: {} (answered)", fact.yes_text()))
}

/// See [`Content::closing`]; `name` gives a control's name.
pub fn closing_lines(f: &Finding, name: impl Fn(&ControlId) -> String) -> Vec<String> {
    if f.status != Status::Open || f.closing.iter().all(|s| s.controls.len() < 2) {
        return Vec::new();
    }
    f.closing
        .iter()
        .map(|s| {
            let names: Vec<String> = s.controls.iter().map(&name).collect();
            let mut line = format!("{} on the {}", names.join(" and "), s.on);
            if !s.missing.is_empty() && s.missing.len() < s.controls.len() {
                let lacking: Vec<String> = s.missing.iter().map(&name).collect();
                line.push_str(&format!(", lacks {}", lacking.join(" and ")));
            }
            line
        })
        .collect()
}

//! Workshops seen through the model: the order a session walks items in, the findings on the
//! item in focus, and what a session covered and left open (the fourth question, "did we do a
//! good job?"). Shared by the app's presenter view, the handout and the reports' Sessions
//! section, so they tell the same story.

use crate::engine::{Finding, Status};
use crate::model::{Model, Note, NoteId, NoteKind, Question, Session, SessionId, Severity, ThreatTarget, Votes};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The open findings on an item: for a component those anchored on it and not on one of its
/// flows, for a flow those on the flow.
pub fn findings_on<'a>(findings: &'a [Arc<Finding>], item: &ThreatTarget) -> Vec<&'a Arc<Finding>> {
    findings
        .iter()
        .filter(|f| match item {
            ThreatTarget::Element(id) => &f.anchor == id && f.flow.is_none(),
            ThreatTarget::Flow(id) => f.flow.as_ref() == Some(id),
            ThreatTarget::Boundary(_) | ThreatTarget::Model => false,
        })
        .collect()
}

fn open_count(findings: &[Arc<Finding>], item: &ThreatTarget) -> usize {
    findings_on(findings, item)
        .iter()
        .filter(|f| f.status == Status::Open)
        .count()
}

/// The order "what can go wrong?" walks the model in: flows that cross a trust boundary first
/// (that is where attacks enter), then every component and the remaining flows, most open
/// findings first; ties by name, so the order is stable between runs.
pub fn walk_order(model: &Model, findings: &[Arc<Finding>]) -> Vec<ThreatTarget> {
    let name = |t: &ThreatTarget| -> String {
        match t {
            ThreatTarget::Element(id) => model.elements.get(id).map_or(String::new(), |e| e.name.clone()),
            ThreatTarget::Flow(id) => model.flows.get(id).map_or(String::new(), |f| f.label.clone()),
            _ => String::new(),
        }
    };
    let rank = |items: Vec<ThreatTarget>| -> Vec<ThreatTarget> {
        let mut v: Vec<(usize, String, ThreatTarget)> = items
            .into_iter()
            .map(|t| (open_count(findings, &t), name(&t), t))
            .collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.cmp(&b.2)));
        v.into_iter().map(|(_, _, t)| t).collect()
    };
    let (crossing, inside): (Vec<_>, Vec<_>) = model.flows.iter().partition(|(_, f)| model.crosses_boundary(f));
    let mut order = rank(
        crossing
            .into_iter()
            .map(|(id, _)| ThreatTarget::Flow(id.clone()))
            .collect(),
    );
    let rest = model
        .elements
        .keys()
        .map(|id| ThreatTarget::Element(id.clone()))
        .chain(inside.into_iter().map(|(id, _)| ThreatTarget::Flow(id.clone())))
        .collect();
    order.extend(rank(rest));
    order
}

/// An item's name for people: a component's name, a flow's label or "A → B".
pub fn item_name(model: &Model, item: &ThreatTarget) -> String {
    match item {
        ThreatTarget::Element(id) => model.elements.get(id).map_or(id.to_string(), |e| e.name.clone()),
        ThreatTarget::Flow(id) => match model.flows.get(id) {
            Some(f) => {
                let end = |e| {
                    model
                        .elements
                        .get(e)
                        .map_or(String::new(), |x: &crate::model::Element| x.name.clone())
                };
                if f.label.is_empty() {
                    format!("{} → {}", end(&f.from), end(&f.to))
                } else {
                    format!("{} ({} → {})", f.label, end(&f.from), end(&f.to))
                }
            }
            None => id.to_string(),
        },
        ThreatTarget::Boundary(id) => model.boundaries.get(id).map_or(id.to_string(), |b| b.name.clone()),
        ThreatTarget::Model => model.name.clone(),
    }
}

/// The session held last: the latest date, then start time, then id.
pub fn latest(model: &Model) -> Option<&SessionId> {
    model
        .sessions
        .iter()
        .max_by(|a, b| (&a.1.date, &a.1.started, a.0).cmp(&(&b.1.date, &b.1.started, b.0)))
        .map(|(id, _)| id)
}

/// A finding the room voted on, with the severity the votes give it.
#[derive(Debug, Clone)]
pub struct Voted<'a> {
    /// The finding (as evaluated now).
    pub finding: &'a Arc<Finding>,
    /// The room's votes.
    pub votes: &'a Votes,
    /// Confirmed by the facilitator, else proposed by the votes.
    pub severity: Option<Severity>,
    /// Whether the facilitator confirmed it.
    pub confirmed: bool,
}

/// What one session covered and left open.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    /// Its id.
    pub id: &'a SessionId,
    /// The session.
    pub session: &'a Session,
    /// Whole minutes spent (rounded up).
    pub minutes: u32,
    /// Minutes per question, for the questions visited.
    pub per_question: Vec<(Question, u32)>,
    /// Components and flows walked through in "what can go wrong?" that still exist.
    pub discussed: BTreeSet<ThreatTarget>,
    /// Components and flows in the model.
    pub items: usize,
    /// Threats the room wrote that still exist, as findings.
    pub threats: Vec<&'a Arc<Finding>>,
    /// Findings voted on in the session, worst first, then most dots.
    pub voted: Vec<Voted<'a>>,
    /// Notes recorded in the session that still exist, by kind in picker order.
    pub notes: Vec<(&'a NoteId, &'a Note)>,
    /// Components and flows drawn in the session that still exist.
    pub drawn: usize,
    /// Findings triaged in the session.
    pub triaged: usize,
    /// Open findings by severity, worst first.
    pub open: Vec<(Severity, usize)>,
    /// Open findings on items the session never walked through.
    pub open_not_discussed: usize,
}

fn minutes(seconds: u32) -> u32 {
    seconds.div_ceil(60)
}

/// What session `id` covered and left open, judged against `findings` as evaluated now.
pub fn summarize<'a>(model: &'a Model, findings: &'a [Arc<Finding>], id: &SessionId) -> Option<Summary<'a>> {
    let (id, session) = model.sessions.get_key_value(id)?;
    let find = |fid: &crate::model::FindingId| findings.binary_search_by(|f| f.id.cmp(fid)).ok().map(|i| &findings[i]);
    let exists = |t: &ThreatTarget| match t {
        ThreatTarget::Element(e) => model.elements.contains_key(e),
        ThreatTarget::Flow(f) => model.flows.contains_key(f),
        _ => false,
    };
    let discussed: BTreeSet<ThreatTarget> = session
        .steps
        .iter()
        .filter(|s| s.question == Question::Threats)
        .filter_map(|s| s.item.clone())
        .filter(exists)
        .collect();
    let per_question = Question::ALL
        .iter()
        .map(|q| (*q, minutes(session.seconds(Some(*q)))))
        .filter(|(_, m)| *m > 0)
        .collect();
    let r = &session.record;
    let mut voted: Vec<Voted<'a>> = r
        .voted
        .iter()
        .filter_map(|fid| {
            let votes = model.votes.get(fid)?;
            Some(Voted {
                finding: find(fid)?,
                votes,
                severity: votes.confirmed.or_else(|| votes.proposed()),
                confirmed: votes.confirmed.is_some(),
            })
        })
        .collect();
    voted.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| {
                let dots = |v: &Voted| Votes::count(&v.votes.likelihood) + Votes::count(&v.votes.impact);
                dots(b).cmp(&dots(a))
            })
            .then_with(|| a.finding.id.cmp(&b.finding.id))
    });
    let mut notes: Vec<(&NoteId, &Note)> = r.notes.iter().filter_map(|n| model.notes.get_key_value(n)).collect();
    notes.sort_by_key(|(nid, n)| (NoteKind::ALL.iter().position(|k| *k == n.kind), *nid));
    let mut open: BTreeMap<Severity, usize> = BTreeMap::new();
    let mut open_not_discussed = 0;
    for f in findings.iter().filter(|f| f.status == Status::Open) {
        *open.entry(f.severity).or_default() += 1;
        let on = match &f.flow {
            Some(fl) => ThreatTarget::Flow(fl.clone()),
            None => ThreatTarget::Element(f.anchor.clone()),
        };
        if !discussed.contains(&on) {
            open_not_discussed += 1;
        }
    }
    Some(Summary {
        id,
        session,
        minutes: minutes(session.seconds(None)),
        per_question,
        discussed,
        items: model.elements.len() + model.flows.len(),
        threats: r.threats.iter().filter_map(find).collect(),
        voted,
        notes,
        drawn: r.elements.iter().filter(|e| model.elements.contains_key(*e)).count()
            + r.flows.iter().filter(|f| model.flows.contains_key(*f)).count(),
        triaged: r.triaged.len(),
        open: Severity::WORST_FIRST
            .iter()
            .filter_map(|s| open.get(s).map(|n| (*s, *n)))
            .collect(),
        open_not_discussed,
    })
}

/// Every session, oldest first.
pub fn summaries<'a>(model: &'a Model, findings: &'a [Arc<Finding>]) -> Vec<Summary<'a>> {
    let mut v: Vec<Summary<'a>> = model
        .sessions
        .keys()
        .filter_map(|id| summarize(model, findings, id))
        .collect();
    v.sort_by(|a, b| (&a.session.date, &a.session.started, a.id).cmp(&(&b.session.date, &b.session.started, b.id)));
    v
}

/// How a note's owner and due date read ("Priya, by 2027-01-15").
pub fn owner_and_due(n: &Note) -> String {
    match (n.owner.is_empty(), n.due.is_empty()) {
        (false, false) => format!("{}, by {}", n.owner, n.due),
        (false, true) => n.owner.clone(),
        (true, false) => format!("by {}", n.due),
        (true, true) => String::new(),
    }
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Summary<'_> {
    /// "Design review — 2026-12-04, 09:30–11:00".
    pub fn heading(&self) -> String {
        let s = self.session;
        let time = match (s.started.is_empty(), s.ended.is_empty()) {
            (false, false) => format!(", {}–{} UTC", s.started, s.ended),
            (false, true) => format!(", from {} UTC (not ended)", s.started),
            _ => String::new(),
        };
        format!("{} — {}{time}", s.title, s.date)
    }

    /// Who ran it and who took part, one line each (absent when not recorded).
    pub fn people(&self) -> Vec<String> {
        let s = self.session;
        let mut v = Vec::new();
        if !s.facilitator.is_empty() {
            v.push(format!("Facilitator: {}", s.facilitator));
        }
        if !s.participants.is_empty() {
            v.push(format!("Participants: {}", s.participants.join(", ")));
        }
        v
    }

    /// What it covered and left open, one sentence each: time per question, items walked
    /// through, what was captured, what is open now.
    pub fn facts(&self) -> Vec<String> {
        let mut v = Vec::new();
        if !self.per_question.is_empty() {
            let parts: Vec<String> = self
                .per_question
                .iter()
                .map(|(q, m)| format!("{} {} min", q.label(), m))
                .collect();
            v.push(format!("{} min in all: {}.", self.minutes, parts.join("; ")));
        }
        v.push(format!(
            "Walked through {} of {} components and flows.",
            self.discussed.len(),
            self.items
        ));
        let captured = [
            (self.threats.len(), "threat written", "threats written"),
            (self.voted.len(), "finding voted on", "findings voted on"),
            (self.triaged, "finding triaged", "findings triaged"),
            (self.notes.len(), "note recorded", "notes recorded"),
            (self.drawn, "component or flow drawn", "components or flows drawn"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| counted(n, one, many))
        .collect::<Vec<_>>();
        if captured.is_empty() {
            v.push("Nothing was captured.".into());
        } else {
            v.push(format!("Captured: {}.", captured.join(", ")));
        }
        let open: usize = self.open.iter().map(|(_, n)| n).sum();
        if open == 0 {
            v.push("No finding is open now.".into());
        } else {
            let by: Vec<String> = self.open.iter().map(|(s, n)| format!("{n} {}", s.id())).collect();
            v.push(format!(
                "Open now: {} ({}); {} on items the session did not walk through.",
                counted(open, "finding", "findings"),
                by.join(", "),
                self.open_not_discussed
            ));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::engine::Engine;
    use crate::model::{Note, NoteKind, Session, SessionId, Votes};

    fn rag() -> Model {
        let text = include_str!("../../assets/examples/rag-assistant.bulwark.ron");
        crate::model::from_str(text, "rag").expect("example parses")
    }

    #[test]
    fn the_walk_starts_with_boundary_crossing_flows_and_visits_everything_once() {
        let m = rag();
        let (cat, _) = Catalog::builtin();
        let ev = Engine::new(Arc::new(cat)).evaluate(Arc::new(m.clone()), 0);
        let order = walk_order(&m, &ev.findings);
        assert_eq!(order.len(), m.elements.len() + m.flows.len());
        let unique: BTreeSet<_> = order.iter().collect();
        assert_eq!(unique.len(), order.len(), "every item once");
        let crossing = m.flows.values().filter(|f| m.crosses_boundary(f)).count();
        assert!(crossing > 0, "the example has boundary-crossing flows");
        for t in &order[..crossing] {
            let ThreatTarget::Flow(id) = t else {
                panic!("{t:?} is not a flow")
            };
            assert!(m.crosses_boundary(&m.flows[id]));
        }
        // After the crossings, items with more open findings come first.
        let counts: Vec<usize> = order[crossing..]
            .iter()
            .filter(|t| matches!(t, ThreatTarget::Element(_)))
            .map(|t| open_count(&ev.findings, t))
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    }

    #[test]
    fn a_summary_says_what_was_walked_through_voted_and_left_open() {
        let mut m = rag();
        let (cat, _) = Catalog::builtin();
        let engine = Engine::new(Arc::new(cat));
        let ev = engine.evaluate(Arc::new(m.clone()), 0);
        let open = ev.findings.iter().find(|f| f.status == Status::Open).unwrap().clone();
        let on = ThreatTarget::Element(open.anchor.clone());
        let mut s = Session::new("Review", "2026-12-04", "09:30");
        s.add_time(Question::Scope, None, 300);
        s.add_time(Question::Threats, Some(&on), 200);
        s.record.voted.insert(open.id.clone());
        s.record.notes.insert("note-w".into());
        m.notes
            .insert("note-w".into(), Note::new(NoteKind::Action, "Add rate limits"));
        m.votes.insert(
            open.id.clone(),
            Votes {
                likelihood: [0, 0, 0, 3, 0],
                impact: [0, 0, 0, 0, 2],
                confirmed: None,
            },
        );
        let id = SessionId::new("session-1");
        m.sessions.insert(id.clone(), s);
        let ev = engine.evaluate(Arc::new(m.clone()), 0);
        let sum = summarize(&m, &ev.findings, &id).unwrap();
        assert_eq!(sum.minutes, 9, "500 s rounds up to 9 min");
        assert_eq!(sum.discussed.len(), 1);
        assert_eq!(sum.voted.len(), 1);
        assert_eq!(
            sum.voted[0].severity,
            Some(Severity::Critical),
            "4 × 5 proposes critical"
        );
        assert!(!sum.voted[0].confirmed);
        assert_eq!(sum.notes.len(), 1);
        let facts = sum.facts().join(" ");
        assert!(facts.contains("Walked through 1 of"), "{facts}");
        assert!(facts.contains("1 finding voted on"), "{facts}");
        assert!(facts.contains("on items the session did not walk through"), "{facts}");
        assert_eq!(latest(&m), Some(&id));
    }
}

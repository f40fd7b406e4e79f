//! The session handout: one to two pages for the room right after a workshop — scope, the
//! threats the room rated highest, decisions and assumptions, parked questions, actions with
//! owners and dates, and what remains open. Built once here and written as Markdown or PDF.

use super::content::ReportInput;
use super::error::ExportError;
use crate::engine::{Finding, Status};
use crate::lens::workshop::{self, Summary};
use crate::model::{NoteKind, SessionId, ThreatTarget, Votes};
use std::sync::Arc;

/// How many voted threats the handout lists (the rest are counted).
const TOP: usize = 10;
/// How many of the worst open findings not discussed it names.
const WORST_UNDISCUSSED: usize = 5;

/// One threat row: what, on what, the room's votes, the severities.
#[derive(Debug, Clone)]
pub struct ThreatRow {
    /// The finding's title (or the written threat's sentence).
    pub title: String,
    /// The component or flow it is on.
    pub on: String,
    /// "L 4 · I 5 (7 dots)", empty when not voted.
    pub votes: String,
    /// The room's severity ("high, confirmed" / "critical, proposed"), empty when not voted.
    pub room: String,
    /// The severity the rule computed for this model (or the author set).
    pub computed: String,
}

/// Everything a handout says, ready for either format.
#[derive(Debug, Clone)]
pub struct Handout {
    /// The model's name.
    pub model: String,
    /// "Design review — 2026-12-04, 09:30–11:00 UTC".
    pub heading: String,
    /// Facilitator and participants lines.
    pub people: Vec<String>,
    /// The model's description.
    pub description: String,
    /// "12 components, 15 flows, 3 trust boundaries".
    pub size: String,
    /// The items walked through, in name order.
    pub walked: Vec<String>,
    /// Voted (and written) threats, the room's worst first.
    pub threats: Vec<ThreatRow>,
    /// How many more voted threats there were than listed.
    pub more_threats: usize,
    /// Notes recorded in the session, by kind: (heading, lines).
    pub notes: Vec<(&'static str, Vec<String>)>,
    /// The session's facts (time, coverage, captured, open).
    pub facts: Vec<String>,
    /// The worst open findings on items the session did not walk through.
    pub undiscussed: Vec<ThreatRow>,
}

fn on_name(input: &ReportInput<'_>, f: &Finding) -> String {
    let item = match &f.flow {
        Some(fl) => ThreatTarget::Flow(fl.clone()),
        None if f.anchor.as_str().is_empty() => ThreatTarget::Model,
        None => ThreatTarget::Element(f.anchor.clone()),
    };
    workshop::item_name(input.model, &item)
}

fn row(input: &ReportInput<'_>, f: &Arc<Finding>) -> ThreatRow {
    let computed = f.computed_severity.unwrap_or(f.severity);
    let (votes, room) = match input.model.votes.get(&f.id) {
        Some(v) => {
            let med = |d| Votes::median(d).map_or("–".to_string(), |m| m.to_string());
            let dots = Votes::count(&v.likelihood) + Votes::count(&v.impact);
            let room = match (v.confirmed, v.proposed()) {
                (Some(c), _) => format!("{}, confirmed", c.id()),
                (None, Some(p)) => format!("{}, proposed", p.id()),
                (None, None) => String::new(),
            };
            (
                format!("L {} · I {} ({dots} dots)", med(&v.likelihood), med(&v.impact)),
                room,
            )
        }
        None => (String::new(), String::new()),
    };
    ThreatRow {
        title: f.title.to_string(),
        on: on_name(input, f),
        votes,
        room,
        computed: computed.id().to_string(),
    }
}

/// The handout of session `id` (the latest when `None`).
pub fn handout(input: &ReportInput<'_>, id: Option<&SessionId>) -> Result<Handout, ExportError> {
    let m = input.model;
    let id = match id {
        Some(id) => id,
        None => workshop::latest(m).ok_or_else(|| ExportError::NoSession {
            wanted: None,
            have: Vec::new(),
        })?,
    };
    let sum: Summary<'_> = workshop::summarize(m, &input.eval.findings, id).ok_or_else(|| ExportError::NoSession {
        wanted: Some(id.to_string()),
        have: m.sessions.keys().map(|k| k.to_string()).collect(),
    })?;
    let mut walked: Vec<String> = sum.discussed.iter().map(|t| workshop::item_name(m, t)).collect();
    walked.sort();
    // The room's own threats that nobody voted on still belong on the page, after the voted.
    let mut listed: Vec<&Arc<Finding>> = sum.voted.iter().map(|v| v.finding).collect();
    for t in &sum.threats {
        if !listed.iter().any(|f| f.id == t.id) {
            listed.push(t);
        }
    }
    let more_threats = listed.len().saturating_sub(TOP);
    let threats = listed.iter().take(TOP).map(|f| row(input, f)).collect();
    let notes = [
        (NoteKind::Decision, "Decisions"),
        (NoteKind::Assumption, "Assumptions"),
        (NoteKind::ParkingLot, "Parked questions"),
        (NoteKind::Action, "Actions"),
    ]
    .into_iter()
    .map(|(kind, title)| {
        let lines = sum
            .notes
            .iter()
            .filter(|(_, n)| n.kind == kind)
            .map(|(_, n)| {
                let about: Vec<String> = n
                    .elements
                    .iter()
                    .map(|e| workshop::item_name(m, &ThreatTarget::Element(e.clone())))
                    .chain(
                        n.flows
                            .iter()
                            .map(|f| workshop::item_name(m, &ThreatTarget::Flow(f.clone()))),
                    )
                    .collect();
                let mut line = n.text.clone();
                let who = workshop::owner_and_due(n);
                if !who.is_empty() {
                    line.push_str(&format!(" — {who}"));
                }
                if !about.is_empty() {
                    line.push_str(&format!(" (about: {})", about.join(", ")));
                }
                line
            })
            .collect();
        (title, lines)
    })
    .collect();
    let mut undiscussed: Vec<&Arc<Finding>> = input
        .eval
        .findings
        .iter()
        .filter(|f| f.status == Status::Open)
        .filter(|f| {
            let on = match &f.flow {
                Some(fl) => ThreatTarget::Flow(fl.clone()),
                None => ThreatTarget::Element(f.anchor.clone()),
            };
            !sum.discussed.contains(&on)
        })
        .collect();
    undiscussed.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
    let boundaries = m.boundaries.values().filter(|b| b.kind.is_trust()).count();
    Ok(Handout {
        model: m.name.clone(),
        heading: sum.heading(),
        people: sum.people(),
        description: m.description.clone(),
        size: format!(
            "{} components, {} flows, {} trust boundaries",
            m.elements.len(),
            m.flows.len(),
            boundaries
        ),
        walked,
        threats,
        more_threats,
        notes,
        facts: sum.facts(),
        undiscussed: undiscussed
            .into_iter()
            .take(WORST_UNDISCUSSED)
            .map(|f| row(input, f))
            .collect(),
    })
}

/// The handout as Markdown.
pub fn markdown(h: &Handout) -> String {
    use super::escape::markdown as md;
    let mut s = format!("# Session handout: {}\n\n**{}**\n\n", md(&h.model), md(&h.heading));
    for p in &h.people {
        s.push_str(&format!("{}  \n", md(p)));
    }
    s.push_str("\n## What we worked on\n\n");
    if !h.description.is_empty() {
        s.push_str(&format!("{}\n\n", md(&h.description)));
    }
    s.push_str(&format!("The model: {}.", h.size));
    if h.walked.is_empty() {
        s.push_str(" No component or flow was walked through.\n\n");
    } else {
        let names: Vec<String> = h.walked.iter().map(|w| md(w)).collect();
        s.push_str(&format!(" Walked through: {}.\n\n", names.join("; ")));
    }
    s.push_str("## What can go wrong: the room's top threats\n\n");
    if h.threats.is_empty() {
        s.push_str("No threat was voted on or written in this session.\n\n");
    } else {
        s.push_str("| Threat | On | Votes | Room's severity | Computed |\n|---|---|---|---|---|\n");
        for r in &h.threats {
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                md(&r.title),
                md(&r.on),
                md(&r.votes),
                md(&r.room),
                md(&r.computed)
            ));
        }
        if h.more_threats > 0 {
            s.push_str(&format!("\n{} more voted in the full report.\n", h.more_threats));
        }
        s.push('\n');
    }
    s.push_str("## What we are going to do about it\n\n");
    for (title, lines) in &h.notes {
        s.push_str(&format!("### {title}\n\n"));
        if lines.is_empty() {
            s.push_str("None recorded in this session.\n\n");
            continue;
        }
        for l in lines {
            s.push_str(&format!("- {}\n", md(l)));
        }
        s.push('\n');
    }
    s.push_str("## Did we do a good job?\n\n");
    for f in &h.facts {
        s.push_str(&format!("- {}\n", md(f)));
    }
    if !h.undiscussed.is_empty() {
        s.push_str("\nThe worst open findings on items not walked through:\n\n");
        for r in &h.undiscussed {
            s.push_str(&format!("- **{}** on {} ({})\n", md(&r.title), md(&r.on), r.computed));
        }
    }
    s
}

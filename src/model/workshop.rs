//! Workshops: the sessions a team ran on the model (who, when, which of the four questions for
//! how long, and what the room added, triaged, voted on or decided), and the room's votes on
//! findings with the severity the facilitator confirmed from them.
//!
//! A session's record is kept by the edits themselves: while a session runs, every transaction
//! carries the record's update ([`Session::record_edits`]), so undo takes an entry back with
//! the change it names and an autosave mid-workshop already holds both.

use super::document::Model;
use super::edit::Edit;
use super::framework::Severity;
use super::ids::{ElementId, FindingId, FlowId, NoteId};
use super::threat::ThreatTarget;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The four questions of a threat-modeling session, in the order a session asks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Question {
    /// What are we working on? (the system, its scope and boundaries)
    Scope,
    /// What can go wrong? (item by item)
    Threats,
    /// What are we going to do about it? (votes, severities, actions)
    Responses,
    /// Did we do a good job? (what was covered, what stays open)
    Review,
}

impl Question {
    /// Every question, in session order.
    pub const ALL: [Question; 4] = [
        Question::Scope,
        Question::Threats,
        Question::Responses,
        Question::Review,
    ];

    /// The question as the room hears it.
    pub fn label(self) -> &'static str {
        match self {
            Question::Scope => "What are we working on?",
            Question::Threats => "What can go wrong?",
            Question::Responses => "What are we going to do about it?",
            Question::Review => "Did we do a good job?",
        }
    }

    /// Its position, 1 to 4.
    pub fn number(self) -> usize {
        Question::ALL.iter().position(|q| *q == self).unwrap_or(0) + 1
    }
}

/// Time the room spent on one step: a question, and for "what can go wrong" the item in focus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepTime {
    /// The question.
    pub question: Question,
    /// The element or flow in focus, when the step walked through one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ThreatTarget>,
    /// Seconds spent, summed over every visit.
    pub seconds: u32,
}

/// What the room changed during a session, by id (taken from the session's edits, never typed).
/// Entries stay when the item is later removed: the record is history; readers show what still
/// exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Components drawn.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub elements: BTreeSet<ElementId>,
    /// Flows drawn.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub flows: BTreeSet<FlowId>,
    /// Threats the room wrote.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub threats: BTreeSet<FindingId>,
    /// Findings triaged.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub triaged: BTreeSet<FindingId>,
    /// Findings voted on.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub voted: BTreeSet<FindingId>,
    /// Decisions, assumptions, parked questions and actions recorded.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub notes: BTreeSet<NoteId>,
}

impl Record {
    /// Nothing was recorded.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A workshop session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// What the session was about ("Design review of the support bot").
    pub title: String,
    /// The day it was held (`YYYY-MM-DD`).
    pub date: String,
    /// When it started (`HH:MM`, UTC).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub started: String,
    /// When it ended (`HH:MM`, UTC); empty while it runs or when it was never ended (the app
    /// closed mid-session).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ended: String,
    /// Who led it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub facilitator: String,
    /// Who took part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
    /// The card deck used for prompts (a deck id from the library).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub deck: String,
    /// The time box per step, in minutes (0: none).
    #[serde(default)]
    pub timebox_minutes: u32,
    /// Time spent per step, in the order steps were first visited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepTime>,
    /// What the room changed.
    #[serde(default, skip_serializing_if = "Record::is_empty")]
    pub record: Record,
}

impl Session {
    /// A session starting now-ish: the caller supplies the date and time (tests fix them).
    pub fn new(title: impl Into<String>, date: impl Into<String>, started: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            date: date.into(),
            started: started.into(),
            ended: String::new(),
            facilitator: String::new(),
            participants: Vec::new(),
            deck: String::new(),
            timebox_minutes: 0,
            steps: Vec::new(),
            record: Record::default(),
        }
    }

    /// Adds `seconds` to the time of a step (a question, and the item in focus); a step
    /// visited for less than a second is still recorded as covered.
    pub fn add_time(&mut self, question: Question, item: Option<&ThreatTarget>, seconds: u32) {
        match self
            .steps
            .iter_mut()
            .find(|s| s.question == question && s.item.as_ref() == item)
        {
            Some(s) => s.seconds = s.seconds.saturating_add(seconds),
            None => self.steps.push(StepTime {
                question,
                item: item.cloned(),
                seconds,
            }),
        }
    }

    /// Seconds spent in all, and on one question.
    pub fn seconds(&self, question: Option<Question>) -> u32 {
        self.steps
            .iter()
            .filter(|s| question.is_none_or(|q| s.question == q))
            .fold(0u32, |a, s| a.saturating_add(s.seconds))
    }

    /// Notes in the record what `edits` (about to be applied to `before`) add, triage, vote on
    /// or decide. Removals and layout are not recorded.
    pub fn record_edits(&mut self, before: &Model, edits: &[Edit]) {
        let r = &mut self.record;
        for e in edits {
            match e {
                Edit::AddElement { id, flows, .. } if !before.elements.contains_key(id) => {
                    r.elements.insert(id.clone());
                    r.flows
                        .extend(flows.keys().filter(|f| !before.flows.contains_key(*f)).cloned());
                }
                Edit::AddFlow { id, .. } if !before.flows.contains_key(id) => {
                    r.flows.insert(id.clone());
                }
                Edit::SetThreat { id, threat: Some(_) } if !before.threats.contains_key(id) => {
                    r.threats.insert(id.clone());
                }
                Edit::SetTriage {
                    finding,
                    triage: Some(_),
                } => {
                    r.triaged.insert(finding.clone());
                }
                Edit::SetVotes {
                    finding,
                    votes: Some(_),
                } => {
                    r.voted.insert(finding.clone());
                }
                Edit::SetNote { id, note: Some(_) } if !before.notes.contains_key(id) => {
                    r.notes.insert(id.clone());
                }
                _ => {}
            }
        }
    }
}

/// How many of the room's dots went to each level, 1 (lowest) to 5 (highest).
pub type Dots = [u16; 5];

/// The room's votes on one finding, and the severity the facilitator confirmed from them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Votes {
    /// Dots on likelihood, levels 1 to 5.
    #[serde(default)]
    pub likelihood: Dots,
    /// Dots on impact, levels 1 to 5.
    #[serde(default)]
    pub impact: Dots,
    /// The severity the facilitator confirmed (the proposed one, or an override). It is the
    /// finding's assessed severity unless a triage record assesses one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Severity>,
}

impl Votes {
    /// The median level of a row of dots (the lower middle one for an even count), or `None`
    /// when nobody voted.
    pub fn median(dots: &Dots) -> Option<u8> {
        let total: u32 = dots.iter().map(|d| u32::from(*d)).sum();
        if total == 0 {
            return None;
        }
        let middle = total.div_ceil(2);
        let mut seen = 0u32;
        for (i, d) in dots.iter().enumerate() {
            seen += u32::from(*d);
            if seen >= middle {
                return Some(i as u8 + 1);
            }
        }
        None
    }

    /// Dots cast on one row.
    pub fn count(dots: &Dots) -> u32 {
        dots.iter().map(|d| u32::from(*d)).sum()
    }

    /// The severity the votes propose: median likelihood × median impact on 1–5 scales
    /// (1–3 low, 4–7 medium, 8–14 high, 15–25 critical); `None` until both rows have votes.
    pub fn proposed(&self) -> Option<Severity> {
        let (l, i) = (Self::median(&self.likelihood)?, Self::median(&self.impact)?);
        Some(match u32::from(l) * u32::from(i) {
            0..=3 => Severity::Low,
            4..=7 => Severity::Medium,
            8..=14 => Severity::High,
            _ => Severity::Critical,
        })
    }

    /// No dots and nothing confirmed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_vote_decides_and_the_product_maps_to_a_severity() {
        let mut v = Votes::default();
        assert_eq!(v.proposed(), None, "no votes, no proposal");
        v.likelihood = [0, 1, 3, 0, 1]; // 5 dots, median level 3
        assert_eq!(Votes::median(&v.likelihood), Some(3));
        assert_eq!(v.proposed(), None, "impact not voted yet");
        v.impact = [0, 0, 0, 2, 2]; // 4 dots, lower middle is level 4
        assert_eq!(Votes::median(&v.impact), Some(4));
        assert_eq!(v.proposed(), Some(Severity::High), "3 × 4 = 12");
        v.impact = [0, 0, 0, 0, 1];
        assert_eq!(v.proposed(), Some(Severity::Critical), "3 × 5 = 15");
        v.likelihood = [4, 0, 0, 0, 0];
        v.impact = [0, 0, 1, 0, 0];
        assert_eq!(v.proposed(), Some(Severity::Low), "1 × 3 = 3");
    }

    #[test]
    fn time_adds_up_per_question_and_item() {
        let mut s = Session::new("t", "2026-12-04", "09:00");
        let el = ThreatTarget::Element(ElementId::new("a"));
        s.add_time(Question::Threats, Some(&el), 30);
        s.add_time(Question::Threats, Some(&el), 15);
        s.add_time(Question::Scope, None, 60);
        s.add_time(Question::Scope, None, 0);
        assert_eq!(s.steps.len(), 2);
        assert_eq!(s.seconds(Some(Question::Threats)), 45);
        assert_eq!(s.seconds(None), 105);
    }
}

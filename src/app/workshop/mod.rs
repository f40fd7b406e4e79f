//! Workshop mode: a facilitator runs a threat-modeling session on a projector. A session is
//! started (who, which deck, the time box), the presenter view walks the four questions —
//! "what can go wrong?" item by item, boundary-crossing flows first — and the room's threats,
//! votes, decisions, parked questions and actions are captured with one key on the item in
//! focus. Everything captured is an ordinary edit of the model; while a session runs each edit
//! also carries the session record's update (and the time spent so far), so undo takes both
//! back and an autosave mid-workshop holds both.

mod present;
mod setup;

pub use present::{PresentCtx, Request, high_contrast_visuals};
pub use setup::{Setup, SetupChoice};

use crate::engine::Finding;
use crate::model::{
    Edit, FindingId, Model, Note, NoteKind, Question, Session, SessionId, Severity, ThreatTarget, Transaction,
    UserThreat, Votes,
};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What the presenter is capturing with the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    /// A threat (`None`) or a note of this kind.
    pub kind: Option<NoteKind>,
    /// The text typed so far.
    pub text: String,
    /// An action's owner.
    pub owner: String,
    /// An action's due date (`YYYY-MM-DD`).
    pub due: String,
    /// The field has been given the keyboard.
    pub focused: bool,
}

/// Which row of dots the number keys add to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VoteRow {
    /// Likelihood.
    #[default]
    Likelihood,
    /// Impact.
    Impact,
}

/// A session in progress.
#[derive(Debug, Clone)]
pub struct Running {
    /// Its id in the model.
    pub id: SessionId,
    /// The question the room is on.
    pub question: Question,
    /// The items "what can go wrong?" walks through, in order.
    pub order: Vec<ThreatTarget>,
    /// The item in focus (an index into `order`).
    pub index: usize,
    /// When the current step (question and item) began, while presenting and not paused.
    step_started: Option<Instant>,
    /// Time on the current step before the last pause or flush.
    step_before: Duration,
    /// Time spent on steps not yet written into the model (the next edit writes it).
    unsaved: Vec<(Question, Option<ThreatTarget>, u32)>,
    /// The time box per step.
    pub timebox: Duration,
    /// The timer is paused.
    pub paused: bool,
    /// What is being typed.
    pub capture: Option<Capture>,
    /// The finding being voted on.
    pub voting: Option<FindingId>,
    /// Which row the number keys add dots to.
    pub vote_row: VoteRow,
    /// Which card of the deck's prompts for this item is shown.
    pub card: u64,
    /// The deck prompts come from.
    pub deck: String,
}

/// Workshop state of the app (never saved; the session record in the model is).
#[derive(Debug, Default)]
pub struct Workshop {
    /// The start dialog, while open.
    pub setup: Option<Setup>,
    /// The session running, if one is.
    pub running: Option<Running>,
    /// The presenter view is shown.
    pub presenting: bool,
    /// Projector colours: light, high contrast.
    pub high_contrast: bool,
    /// The person's interface scale; the presenter view multiplies it.
    base_scale: Option<f32>,
    /// The focused item changed: the canvas zooms to it on the next frame.
    pub zoom_pending: bool,
}

/// The UTC time of day as `HH:MM`.
pub fn now_hhmm() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{:02}:{:02}", (secs / 3600) % 24, (secs / 60) % 60)
}

impl Running {
    /// A session starting on "what are we working on?".
    pub fn new(id: SessionId, session: &Session, order: Vec<ThreatTarget>) -> Self {
        Self {
            id,
            question: Question::Scope,
            order,
            index: 0,
            step_started: None,
            step_before: Duration::ZERO,
            unsaved: Vec::new(),
            timebox: Duration::from_secs(u64::from(session.timebox_minutes) * 60),
            paused: false,
            capture: None,
            voting: None,
            vote_row: VoteRow::Likelihood,
            card: 0,
            deck: session.deck.clone(),
        }
    }

    /// The item in focus, when the room is on "what can go wrong?".
    pub fn focus(&self) -> Option<&ThreatTarget> {
        match self.question {
            Question::Threats => self.order.get(self.index),
            _ => None,
        }
    }

    /// Time on the current step.
    pub fn elapsed(&self) -> Duration {
        self.step_before + self.step_started.map_or(Duration::ZERO, |s| s.elapsed())
    }

    /// Time left in the box (`None` without a time box); zero once it is over.
    pub fn remaining(&self) -> Option<Duration> {
        (!self.timebox.is_zero()).then(|| self.timebox.saturating_sub(self.elapsed()))
    }

    /// The clock runs (presenting, not paused).
    pub fn ticking(&self) -> bool {
        self.step_started.is_some()
    }

    /// Starts or stops the clock (presenting and not paused).
    pub fn set_ticking(&mut self, on: bool) {
        match (on, self.step_started) {
            (true, None) => self.step_started = Some(Instant::now()),
            (false, Some(s)) => {
                self.step_before += s.elapsed();
                self.step_started = None;
            }
            _ => {}
        }
    }

    /// Ends the current step: its time waits to be written; the next step starts now.
    fn close_step(&mut self) {
        let secs = u32::try_from(self.elapsed().as_secs()).unwrap_or(u32::MAX);
        // Only a step the room actually looked at (presenting) counts as covered.
        if self.step_started.is_some() || secs > 0 {
            self.unsaved.push((self.question, self.focus().cloned(), secs));
        }
        self.step_before = Duration::ZERO;
        if self.step_started.is_some() {
            self.step_started = Some(Instant::now());
        }
        self.capture = None;
        self.card = 0;
    }

    /// Moves to a question (keeping the item in focus).
    pub fn go_to_question(&mut self, q: Question) {
        if q != self.question {
            self.close_step();
            self.question = q;
        }
    }

    /// Moves to item `i` of the walk (on "what can go wrong?").
    pub fn go_to_item(&mut self, i: usize) {
        if i < self.order.len() && (i != self.index || self.question != Question::Threats) {
            self.close_step();
            self.question = Question::Threats;
            self.index = i;
        }
    }

    /// Next: the next item on "what can go wrong?", else the next question. Returns whether
    /// anything moved.
    pub fn next(&mut self) -> bool {
        match self.question {
            Question::Threats if self.index + 1 < self.order.len() => {
                self.go_to_item(self.index + 1);
                true
            }
            q => match Question::ALL
                .iter()
                .position(|x| *x == q)
                .and_then(|i| Question::ALL.get(i + 1))
            {
                Some(n) => {
                    self.go_to_question(*n);
                    if *n == Question::Threats {
                        self.index = 0;
                    }
                    true
                }
                None => false,
            },
        }
    }

    /// Previous: the item before on "what can go wrong?", else the question before.
    pub fn previous(&mut self) -> bool {
        match self.question {
            Question::Threats if self.index > 0 => {
                self.go_to_item(self.index - 1);
                true
            }
            q => match Question::ALL.iter().position(|x| *x == q).filter(|i| *i > 0) {
                Some(i) => {
                    let prev = Question::ALL[i - 1];
                    self.go_to_question(prev);
                    if prev == Question::Threats {
                        self.index = self.order.len().saturating_sub(1);
                    }
                    true
                }
                None => false,
            },
        }
    }

    /// Adds to `edits` (about to be applied to `model`) the session record's update: what
    /// they add or decide, and the time spent so far. An edit of the session itself in `edits`
    /// (ending it) gets the update; otherwise one is appended. Nothing when the session is
    /// gone (its start was undone).
    pub fn record(&mut self, model: &Model, edits: &mut Vec<Edit>) {
        let own = edits
            .iter()
            .position(|e| matches!(e, Edit::SetSession { id, session: Some(_) } if *id == self.id));
        let Some(mut s) = own
            .and_then(|i| match &edits[i] {
                Edit::SetSession { session, .. } => session.clone(),
                _ => None,
            })
            .or_else(|| model.sessions.get(&self.id).cloned())
        else {
            return;
        };
        s.record_edits(model, edits);
        self.close_step();
        for (q, item, secs) in self.unsaved.drain(..) {
            s.add_time(q, item.as_ref(), secs);
        }
        let update = Edit::SetSession {
            id: self.id.clone(),
            session: Some(s),
        };
        match own {
            Some(i) => edits[i] = update,
            None => edits.push(update),
        }
    }
}

/// The target a written threat or a note is about, from the item in focus.
fn link(note: &mut Note, item: Option<&ThreatTarget>) {
    match item {
        Some(ThreatTarget::Element(e)) => {
            note.elements.insert(e.clone());
        }
        Some(ThreatTarget::Flow(f)) => {
            note.flows.insert(f.clone());
        }
        _ => {}
    }
}

/// A fresh `USER-…` id.
fn fresh_threat_id(model: &Model) -> FindingId {
    (1..)
        .map(|n| FindingId::new(format!("USER-W{n}")))
        .find(|id| !model.threats.contains_key(id))
        .unwrap_or_else(|| FindingId::new("USER-W"))
}

/// The edit that saves what was typed, with its undo label; `None` when nothing was typed.
pub fn capture_edit(
    model: &Model,
    session: &Session,
    c: &Capture,
    item: Option<&ThreatTarget>,
) -> Option<(String, Edit)> {
    let text = c.text.trim();
    if text.is_empty() {
        return None;
    }
    Some(match c.kind {
        None => {
            let on = item.cloned().unwrap_or(ThreatTarget::Model);
            let mut t = UserThreat::new(text, on);
            t.author = if session.facilitator.is_empty() {
                format!("workshop {}", session.date)
            } else {
                format!("{} (workshop {})", session.facilitator, session.date)
            };
            (
                "Capture threat".to_owned(),
                Edit::SetThreat {
                    id: fresh_threat_id(model),
                    threat: Some(t),
                },
            )
        }
        Some(kind) => {
            let mut n = Note::new(kind, text);
            link(&mut n, item);
            if kind == NoteKind::Action {
                n.owner = c.owner.trim().to_owned();
                let due = c.due.trim();
                if crate::model::Date::parse(due).is_some() {
                    n.due = due.to_owned();
                }
            }
            (
                format!("Record {}", kind.label().to_lowercase()),
                Edit::SetNote {
                    id: model.fresh_note_id(),
                    note: Some(n),
                },
            )
        }
    })
}

/// The edit adding one dot at `level` (1–5) to a row of `finding`'s votes.
pub fn vote_edit(model: &Model, finding: &FindingId, row: VoteRow, level: usize) -> Option<Edit> {
    let slot = level.checked_sub(1).filter(|l| *l < 5)?;
    let mut v = model.votes.get(finding).cloned().unwrap_or_default();
    let dots = match row {
        VoteRow::Likelihood => &mut v.likelihood,
        VoteRow::Impact => &mut v.impact,
    };
    dots[slot] = dots[slot].saturating_add(1);
    Some(Edit::SetVotes {
        finding: finding.clone(),
        votes: Some(v),
    })
}

/// The edit confirming `severity` for `finding` (or clearing the confirmation).
pub fn confirm_edit(model: &Model, finding: &FindingId, severity: Option<Severity>) -> Edit {
    let mut v: Votes = model.votes.get(finding).cloned().unwrap_or_default();
    v.confirmed = severity;
    Edit::SetVotes {
        finding: finding.clone(),
        votes: (!v.is_empty()).then_some(v),
    }
}

/// The edit clearing one row of dots.
pub fn clear_row_edit(model: &Model, finding: &FindingId, row: VoteRow) -> Option<Edit> {
    let mut v = model.votes.get(finding)?.clone();
    match row {
        VoteRow::Likelihood => v.likelihood = [0; 5],
        VoteRow::Impact => v.impact = [0; 5],
    }
    Some(Edit::SetVotes {
        finding: finding.clone(),
        votes: (!v.is_empty()).then_some(v),
    })
}

impl Workshop {
    /// The session record's update to add to a transaction applied while a session runs.
    pub fn on_transaction(&mut self, model: &Model, tx: &mut Transaction) {
        if let Some(r) = self.running.as_mut() {
            r.record(model, &mut tx.edits);
        }
    }

    /// After an edit, undo or redo: a session whose record is gone (its start undone) stops;
    /// items added are walked too, items removed leave the walk.
    pub fn after_change(&mut self, model: &Model, findings: &[Arc<Finding>]) {
        let Some(r) = self.running.as_mut() else { return };
        if !model.sessions.contains_key(&r.id) {
            self.running = None;
            return;
        }
        let focus = r.order.get(r.index).cloned();
        let exists = |t: &ThreatTarget| match t {
            ThreatTarget::Element(e) => model.elements.contains_key(e),
            ThreatTarget::Flow(f) => model.flows.contains_key(f),
            _ => false,
        };
        r.order.retain(exists);
        for t in crate::lens::workshop::walk_order(model, findings) {
            if !r.order.contains(&t) {
                r.order.push(t);
            }
        }
        r.index = focus
            .and_then(|f| r.order.iter().position(|t| *t == f))
            .unwrap_or(r.index.min(r.order.len().saturating_sub(1)));
    }

    /// Enters the presenter view: full screen, larger type.
    pub fn enter(&mut self, ctx: &egui::Context) {
        if self.presenting {
            return;
        }
        self.presenting = true;
        let base = self.base_scale.unwrap_or(1.0);
        ctx.set_zoom_factor(base * presenter_zoom(ctx));
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        if let Some(r) = self.running.as_mut() {
            r.set_ticking(!r.paused);
        }
        self.zoom_pending = true;
    }

    /// Leaves the presenter view (the session keeps running until it is ended).
    pub fn leave(&mut self, ctx: &egui::Context) {
        if !self.presenting {
            return;
        }
        self.presenting = false;
        ctx.set_zoom_factor(self.base_scale.unwrap_or(1.0));
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        if let Some(r) = self.running.as_mut() {
            r.set_ticking(false);
            r.capture = None;
        }
    }
}

impl Workshop {
    /// The interface scale changed (or the app started): the one zoom every panel, menu and
    /// the canvas text follow, with the presenter's factor on top while presenting.
    pub fn apply_scale(&mut self, ctx: &egui::Context, scale: f32) {
        self.base_scale = Some(scale);
        let presenter = if self.presenting { presenter_zoom(ctx) } else { 1.0 };
        ctx.set_zoom_factor(scale * presenter);
    }
}

/// Body text in the presenter view, in points before the zoom.
pub const PRESENTER_BODY_PT: f32 = 18.0;

/// The zoom that makes presenter text readable from the back of a room: 1.5× at 1080 screen
/// lines, scaled with the screen's height, never below 1 (27 px body text at 1920×1080).
fn presenter_zoom(ctx: &egui::Context) -> f32 {
    // Screen pixels do not depend on the zoom in force.
    let height_px = ctx.content_rect().height() * ctx.pixels_per_point();
    (height_px / 1080.0 * 1.5).clamp(1.0, 3.0)
}

/// The edits that start session `id` (a transaction of its own).
pub fn start_transaction(id: &SessionId, session: Session) -> Transaction {
    Transaction::single(
        "Start workshop session",
        Edit::SetSession {
            id: id.clone(),
            session: Some(session),
        },
    )
}

/// A fresh session id for `date`.
pub fn fresh_session_id(model: &Model, date: &str) -> SessionId {
    let base = format!("session-{date}");
    std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .map(SessionId::new)
        .find(|id| !model.sessions.contains_key(id))
        .unwrap_or_else(|| SessionId::new(base))
}

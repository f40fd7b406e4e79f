//! The presenter view: a bar with the question, the item counter and the timer; a side panel
//! in large type with what the room needs for the current question (the focused item, its
//! findings, a card prompt, the votes, the likelihood × impact grid, the session's summary);
//! the canvas zoomed to the item in focus; and a pointer ring the room can follow.

use super::{Capture, Running, VoteRow, Workshop, capture_edit, clear_row_edit, confirm_edit, vote_edit};
use crate::app::Effects;
use crate::app::session::{Item, Selection, Session as AppSession};
use crate::app::theme::{Theme, with_alpha};
use crate::catalog::Catalog;
use crate::engine::{Finding, Status};
use crate::lens::workshop as lens;
use crate::model::{Model, NoteKind, Question, Severity, ThreatTarget, Transaction, Votes};
use egui::{Align2, Color32, FontId, Key, RichText, Ui};
use std::sync::Arc;
use std::time::Duration;

/// What the presenter view reads.
pub struct PresentCtx<'a> {
    /// The model.
    pub model: &'a Model,
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The latest findings.
    pub findings: &'a [Arc<Finding>],
    /// Open questions about flows.
    pub questions: &'a [crate::engine::Question],
    /// Colours.
    pub theme: &'a Theme,
}

/// What the presenter asked the app to do besides edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Leave the presenter view.
    Leave,
    /// End the session.
    End,
}

const BODY: f32 = super::PRESENTER_BODY_PT;
const HEADING: f32 = BODY * 1.35;
const SMALL: f32 = BODY * 0.8;

fn big(text: impl Into<String>) -> RichText {
    RichText::new(text).size(BODY)
}

fn fmt_clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

fn severity_text(theme: &Theme, s: Severity) -> RichText {
    RichText::new(s.id())
        .size(SMALL)
        .strong()
        .color(theme.palette.severity(s))
}

impl Workshop {
    /// The presenter's keys, read before the app's shortcuts so they never also edit the
    /// diagram. A capture field being typed in keeps its keys (Enter saves, Escape cancels).
    pub fn keys(
        &mut self,
        ctx: &egui::Context,
        cx: &PresentCtx<'_>,
        app: &mut AppSession,
        fx: &mut Effects,
    ) -> Option<Request> {
        let r = self.running.as_mut()?;
        // Typing (a capture, a rename on the canvas) keeps its keys.
        if r.capture.is_some() || ctx.text_edit_focused() {
            return None;
        }
        let mut request = None;
        let mut moved = false;
        ctx.input_mut(|i| {
            let mut take = |k: Key| i.consume_key(egui::Modifiers::NONE, k);
            if take(Key::Escape) {
                if r.voting.is_some() {
                    r.voting = None;
                } else {
                    request = Some(Request::Leave);
                }
            }
            if take(Key::PageDown) || take(Key::ArrowRight) {
                moved |= r.next();
            }
            if take(Key::PageUp) || take(Key::ArrowLeft) {
                moved |= r.previous();
            }
            for (key, kind) in [
                (Key::T, None),
                (Key::D, Some(NoteKind::Decision)),
                (Key::A, Some(NoteKind::Assumption)),
                (Key::P, Some(NoteKind::ParkingLot)),
                (Key::X, Some(NoteKind::Action)),
            ] {
                if take(key) {
                    r.capture = Some(Capture {
                        kind,
                        text: String::new(),
                        owner: String::new(),
                        due: String::new(),
                        focused: false,
                    });
                }
            }
            if take(Key::N) {
                r.card = r.card.wrapping_add(1);
            }
            if take(Key::S) {
                r.paused = !r.paused;
                r.set_ticking(!r.paused);
            }
            if take(Key::H) {
                self.high_contrast = !self.high_contrast;
            }
            if take(Key::V) {
                r.voting = app.selected_finding.clone().or_else(|| {
                    r.focus().and_then(|t| {
                        lens::findings_on(cx.findings, t)
                            .into_iter()
                            .find(|f| f.status == Status::Open)
                            .map(|f| f.id.clone())
                    })
                });
                r.vote_row = VoteRow::Likelihood;
            }
            if let Some(f) = r.voting.clone() {
                if take(Key::Tab) {
                    r.vote_row = match r.vote_row {
                        VoteRow::Likelihood => VoteRow::Impact,
                        VoteRow::Impact => VoteRow::Likelihood,
                    };
                }
                for (level, key) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5]
                    .into_iter()
                    .enumerate()
                {
                    if take(key)
                        && let Some(e) = vote_edit(cx.model, &f, r.vote_row, level + 1)
                    {
                        fx.edit(Transaction::single("Vote", e));
                    }
                }
                if take(Key::Backspace)
                    && let Some(e) = clear_row_edit(cx.model, &f, r.vote_row)
                {
                    fx.edit(Transaction::single("Clear votes", e));
                }
                if take(Key::Enter)
                    && let Some(p) = cx.model.votes.get(&f).and_then(Votes::proposed)
                {
                    fx.edit(Transaction::single(
                        "Confirm severity",
                        confirm_edit(cx.model, &f, Some(p)),
                    ));
                }
            }
        });
        if moved {
            self.focus_changed(app);
        }
        request
    }

    /// The focused item becomes the canvas selection and the canvas zooms to it.
    pub fn focus_changed(&mut self, app: &mut AppSession) {
        let Some(r) = self.running.as_mut() else { return };
        r.voting = None;
        app.selected_finding = None;
        app.selection = match r.focus() {
            Some(ThreatTarget::Element(e)) => Selection::only(Item::Element(e.clone())),
            Some(ThreatTarget::Flow(f)) => Selection::only(Item::Flow(f.clone())),
            _ => Selection::default(),
        };
        self.zoom_pending = true;
    }

    /// A click on the canvas picks another item: the walk jumps to it.
    pub fn follow_selection(&mut self, app: &mut AppSession) {
        let Some(r) = self.running.as_mut() else { return };
        let picked = match app.selection.single() {
            Some(Item::Element(e)) => ThreatTarget::Element(e),
            Some(Item::Flow(f)) => ThreatTarget::Flow(f),
            _ => return,
        };
        if r.focus() == Some(&picked) {
            return;
        }
        if let Some(i) = r.order.iter().position(|t| *t == picked) {
            r.go_to_item(i);
            r.voting = None;
            self.zoom_pending = true;
        }
    }

    /// The bar across the top: the four questions, the item counter, the timer and the
    /// session's buttons.
    pub fn top_bar(&mut self, ui: &mut Ui, cx: &PresentCtx<'_>, app: &mut AppSession) -> Option<Request> {
        let r = self.running.as_mut()?;
        let mut request = None;
        let mut moved = false;
        ui.horizontal_wrapped(|ui| {
            for q in Question::ALL {
                let text = RichText::new(format!("{} {}", q.number(), q.label())).size(SMALL);
                if ui.selectable_label(r.question == q, text).clicked() && r.question != q {
                    r.go_to_question(q);
                    if q == Question::Threats {
                        r.index = r.index.min(r.order.len().saturating_sub(1));
                    }
                    moved = true;
                }
            }
        });
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("{}. {}", r.question.number(), r.question.label()))
                    .size(HEADING)
                    .strong(),
            );
            if r.question == Question::Threats && !r.order.is_empty() {
                ui.label(big(format!("  item {} of {}", r.index + 1, r.order.len())));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(big("End session"))
                    .on_hover_text("Write the session's end and leave")
                    .clicked()
                {
                    request = Some(Request::End);
                }
                if ui
                    .button(big("Leave"))
                    .on_hover_text("Leave the presenter view (Esc); the session keeps running")
                    .clicked()
                {
                    request = Some(Request::Leave);
                }
                ui.checkbox(&mut self.high_contrast, RichText::new("High contrast").size(SMALL))
                    .on_hover_text("Light, high-contrast colours for projectors (H)");
                if ui
                    .button(big("Next ▶"))
                    .on_hover_text("Next item or question (→, Page Down)")
                    .clicked()
                {
                    moved |= r.next();
                }
                if ui
                    .button(big("◀ Previous"))
                    .on_hover_text("Previous item or question (←, Page Up)")
                    .clicked()
                {
                    moved |= r.previous();
                }
                clock_ui(ui, r, cx.theme);
            });
        });
        if moved {
            self.focus_changed(app);
        }
        request
    }

    /// The side panel: what the room works with on the current question.
    pub fn side_ui(&mut self, ui: &mut Ui, cx: &PresentCtx<'_>, app: &mut AppSession, fx: &mut Effects) {
        let Some(r) = self.running.as_mut() else { return };
        let Some(session) = cx.model.sessions.get(&r.id) else {
            return;
        };
        // Always show the bar: one appearing and vanishing as text rewraps would never settle.
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                if r.capture.is_some() {
                    capture_ui(ui, cx, session, r, fx);
                    ui.separator();
                }
                if let Some(f) = r.voting.clone() {
                    vote_ui(ui, cx, r, &f, fx);
                    ui.separator();
                }
                match r.question {
                    Question::Scope => scope_ui(ui, cx),
                    Question::Threats => threats_ui(ui, cx, r, app),
                    Question::Responses => responses_ui(ui, cx, r, app),
                    Question::Review => review_ui(ui, cx, r),
                }
                ui.add_space(12.0);
                ui.label(
                    RichText::new(
                        "T threat · D decision · A assumption · P park · X action · V vote (1–5, Tab, Enter) · \
                     N next card · S pause timer · ←/→ items · Esc leave",
                    )
                    .size(SMALL * 0.9)
                    .weak(),
                );
            });
    }

    /// A ring around the pointer, so the room sees what the facilitator points at.
    pub fn pointer_ring(&self, ctx: &egui::Context, theme: &Theme) {
        let Some(p) = ctx.pointer_hover_pos() else { return };
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Tooltip,
            egui::Id::new("presenter-pointer"),
        ));
        let c = theme.palette.highlight;
        painter.circle_filled(p, 18.0, with_alpha(c, 50));
        painter.circle_stroke(p, 18.0, egui::Stroke::new(3.0, c));
    }
}

/// The time left in the box (or spent, without one); amber and pulsing when the box is over,
/// and the app repaints only while the clock runs.
fn clock_ui(ui: &mut Ui, r: &mut Running, theme: &Theme) {
    let over = r.remaining().is_some_and(|d| d.is_zero());
    let text = match r.remaining() {
        Some(left) if !left.is_zero() => fmt_clock(left),
        Some(_) => format!("+{}", fmt_clock(r.elapsed().saturating_sub(r.timebox))),
        None => fmt_clock(r.elapsed()),
    };
    let color = if over {
        theme.palette.severity(Severity::High)
    } else {
        theme.palette.text
    };
    let label = RichText::new(if r.paused { format!("{text} ⏸") } else { text })
        .size(HEADING)
        .monospace()
        .color(color);
    let resp = ui
        .add(egui::Button::new(label).frame(over))
        .on_hover_text("Time left on this step; click (or S) to pause or resume");
    if resp.clicked() {
        r.paused = !r.paused;
        r.set_ticking(!r.paused);
    }
    if over && r.ticking() {
        ui.painter().rect_stroke(
            resp.rect.expand(3.0),
            4.0,
            egui::Stroke::new(2.0, with_alpha(color, 160)),
            egui::StrokeKind::Outside,
        );
    }
    if r.ticking() {
        ui.ctx().request_repaint_after(Duration::from_millis(500));
    }
}

fn capture_ui(ui: &mut Ui, cx: &PresentCtx<'_>, session: &crate::model::Session, r: &mut Running, fx: &mut Effects) {
    let focus = r.focus().cloned();
    let Some(c) = r.capture.as_mut() else { return };
    let what = match c.kind {
        None => "New threat",
        Some(k) => k.label(),
    };
    let on = focus
        .as_ref()
        .map_or(cx.model.name.clone(), |t| lens::item_name(cx.model, t));
    ui.label(RichText::new(format!("{what} — {on}")).size(BODY).strong());
    let hint = match c.kind {
        None => "What can go wrong here? (Enter saves, Esc cancels)",
        Some(NoteKind::Action) => "What will be done?",
        _ => "Type it and press Enter (Esc cancels)",
    };
    let resp = ui.add(
        egui::TextEdit::singleline(&mut c.text)
            .hint_text(hint)
            .font(FontId::proportional(BODY))
            .desired_width(f32::INFINITY),
    );
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Capture text"));
    if !c.focused {
        resp.request_focus();
        c.focused = true;
    }
    if c.kind == Some(NoteKind::Action) {
        ui.horizontal(|ui| {
            ui.label(big("Owner"));
            ui.add(
                egui::TextEdit::singleline(&mut c.owner)
                    .font(FontId::proportional(BODY))
                    .desired_width(160.0),
            )
            .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Action owner"));
            ui.label(big("Due"));
            ui.add(
                egui::TextEdit::singleline(&mut c.due)
                    .hint_text("YYYY-MM-DD")
                    .font(FontId::proportional(BODY))
                    .desired_width(140.0),
            )
            .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Action due date"));
        });
    }
    let (enter, escape) = ui.input(|i| (i.key_pressed(Key::Enter), i.key_pressed(Key::Escape)));
    let mut close = escape;
    ui.horizontal(|ui| {
        if ui.button(big("Save")).clicked() || enter {
            if let Some((label, edit)) = capture_edit(cx.model, session, c, focus.as_ref()) {
                fx.edit(Transaction::single(label, edit));
            }
            close = true;
        }
        if ui.button(big("Cancel")).clicked() {
            close = true;
        }
    });
    if close {
        r.capture = None;
    }
}

fn vote_ui(ui: &mut Ui, cx: &PresentCtx<'_>, r: &mut Running, id: &crate::model::FindingId, fx: &mut Effects) {
    let Some(f) = cx.findings.iter().find(|f| &f.id == id) else {
        r.voting = None;
        return;
    };
    let votes = cx.model.votes.get(id).cloned().unwrap_or_default();
    ui.label(RichText::new(format!("Vote: {}", f.title)).size(BODY).strong());
    for (row, name) in [(VoteRow::Likelihood, "Likelihood"), (VoteRow::Impact, "Impact")] {
        let dots = match row {
            VoteRow::Likelihood => votes.likelihood,
            VoteRow::Impact => votes.impact,
        };
        ui.horizontal(|ui| {
            let active = r.vote_row == row;
            if ui.selectable_label(active, big(name)).clicked() {
                r.vote_row = row;
            }
            for (i, n) in dots.iter().enumerate() {
                let label = format!("{} {}", i + 1, "●".repeat(usize::from(*n).min(12)));
                if ui
                    .button(RichText::new(label).size(SMALL))
                    .on_hover_text("Add a dot (or press the number)")
                    .clicked()
                    && let Some(e) = vote_edit(cx.model, id, row, i + 1)
                {
                    fx.edit(Transaction::single("Vote", e));
                }
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        let computed = f.computed_severity.unwrap_or(f.severity);
        ui.label(RichText::new("Rule:").size(SMALL));
        ui.label(severity_text(cx.theme, computed));
        match votes.proposed() {
            Some(p) => {
                ui.label(RichText::new("  Room proposes:").size(SMALL));
                ui.label(severity_text(cx.theme, p));
            }
            None => {
                ui.label(RichText::new("  Vote on both rows for a proposal").size(SMALL).weak());
            }
        }
        if let Some(c) = votes.confirmed {
            ui.label(RichText::new("  Confirmed:").size(SMALL));
            ui.label(severity_text(cx.theme, c));
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Confirm").size(SMALL));
        for s in Severity::WORST_FIRST {
            let text = if Some(s) == votes.proposed() {
                format!("{} (proposed)", s.id())
            } else {
                s.id().to_owned()
            };
            if ui
                .selectable_label(votes.confirmed == Some(s), RichText::new(text).size(SMALL))
                .clicked()
            {
                let to = if votes.confirmed == Some(s) { None } else { Some(s) };
                fx.edit(Transaction::single("Confirm severity", confirm_edit(cx.model, id, to)));
            }
        }
    });
}

fn scope_ui(ui: &mut Ui, cx: &PresentCtx<'_>) {
    let m = cx.model;
    ui.label(RichText::new(&m.name).size(HEADING).strong());
    if !m.description.is_empty() {
        ui.label(big(&m.description));
    }
    let trust = m.boundaries.values().filter(|b| b.kind.is_trust()).count();
    ui.label(big(format!(
        "{} components, {} flows, {} trust boundaries",
        m.elements.len(),
        m.flows.len(),
        trust
    )));
    let assumptions: Vec<&str> = m
        .notes
        .values()
        .filter(|n| n.kind == NoteKind::Assumption)
        .map(|n| n.text.as_str())
        .collect();
    if !assumptions.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Assumptions").size(BODY).strong());
        for a in assumptions {
            ui.label(big(format!("• {a}")));
        }
    }
    ui.add_space(8.0);
    ui.label(
        big("Is anything missing or wrong in the diagram? Fix it now: the findings follow every change.").italics(),
    );
}

fn threats_ui(ui: &mut Ui, cx: &PresentCtx<'_>, r: &mut Running, app: &mut AppSession) {
    let Some(item) = r.focus().cloned() else {
        ui.label(big("The model has no components or flows yet."));
        return;
    };
    let m = cx.model;
    ui.label(RichText::new(lens::item_name(m, &item)).size(HEADING).strong());
    // Its kind, and what is still to confirm about it.
    let mut open_answers: Vec<String> = Vec::new();
    match &item {
        ThreatTarget::Element(id) => {
            if let Some(e) = m.elements.get(id) {
                let kind = cx.catalog.kind(&e.kind);
                ui.label(big(kind.map_or(e.kind.as_str(), |k| k.name.as_str())).weak());
                if let Some(k) = kind {
                    for key in k.questions.keys() {
                        if !e.properties.contains_key(key)
                            && let Some(q) = cx.catalog.questions.get(key)
                        {
                            open_answers.push(q.label.clone());
                        }
                    }
                }
            }
        }
        ThreatTarget::Flow(id) => {
            if m.flows.get(id).is_some_and(|f| m.crosses_boundary(f)) {
                ui.label(big("Crosses a trust boundary").weak());
            }
            for q in cx.questions.iter().filter(|q| &q.flow == id) {
                open_answers.push(q.fact.question().to_owned());
            }
        }
        _ => {}
    }
    if !open_answers.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Still to answer").size(BODY).strong());
        for a in open_answers.iter().take(6) {
            ui.label(big(format!("• {a}")));
        }
    }
    ui.add_space(6.0);
    let findings = lens::findings_on(cx.findings, &item);
    let open: Vec<&&Arc<Finding>> = findings.iter().filter(|f| f.status == Status::Open).collect();
    ui.label(
        RichText::new(format!("Open findings ({})", open.len()))
            .size(BODY)
            .strong(),
    );
    if open.is_empty() {
        ui.label(big("No rule raises a threat here. What does the room see?").weak());
    }
    for f in open {
        let selected = app.selected_finding.as_ref() == Some(&f.id);
        // The severity beside the title, the title wrapping in the room left.
        ui.horizontal_top(|ui| {
            ui.label(severity_text(cx.theme, f.severity));
            let title = egui::Button::selectable(selected, big(f.title.as_ref())).wrap_mode(egui::TextWrapMode::Wrap);
            if ui.add(title).on_hover_text("Select it to vote on (V)").clicked() {
                app.selected_finding = if selected { None } else { Some(f.id.clone()) };
            }
        });
        if selected {
            ui.label(RichText::new(&f.why).size(SMALL));
            if !f.missing_controls.is_empty() {
                let names: Vec<&str> = f
                    .missing_controls
                    .iter()
                    .map(|c| cx.catalog.control(c).map_or(c.as_str(), |x| x.name.as_str()))
                    .collect();
                ui.label(
                    RichText::new(format!("Missing: {}", names.join(", ")))
                        .size(SMALL)
                        .strong(),
                );
            }
        }
    }
    // A card prompt from the session's deck, fitted to the item.
    if let Some((prompt, source)) = card_prompt(cx, &r.deck, &item, r.card) {
        ui.add_space(8.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new(prompt).size(BODY).italics());
            ui.label(
                RichText::new(format!("{source} · N for another card"))
                    .size(SMALL)
                    .weak(),
            );
        });
    }
}

/// The prompt of the card for `item` (turn `turn` of its cards), with the card it comes from.
fn card_prompt(cx: &PresentCtx<'_>, deck: &str, item: &ThreatTarget, turn: u64) -> Option<(String, String)> {
    use crate::lens::decks;
    let deck = decks::builtin().ok()?.iter().find(|d| d.id == deck)?;
    let (target, key) = match item {
        ThreatTarget::Element(id) => (decks::Target::Kind(&cx.model.elements.get(id)?.kind), id.as_str()),
        ThreatTarget::Flow(id) => (decks::Target::Flow, id.as_str()),
        _ => return None,
    };
    let cards = decks::prompts_for(deck, target, cx.catalog);
    let card = decks::pick(&cards, decks::seed_for(key).wrapping_add(turn))?;
    Some((
        card.prompt.clone(),
        format!("{} — {} {}", deck.title, card.suit, card.card),
    ))
}

/// The likelihood × impact grid of what the room voted on, and the actions so far.
fn responses_ui(ui: &mut Ui, cx: &PresentCtx<'_>, r: &mut Running, app: &mut AppSession) {
    let Some(sum) = lens::summarize(cx.model, cx.findings, &r.id) else {
        return;
    };
    ui.label(RichText::new("Likelihood × impact").size(HEADING).strong());
    let placed: Vec<(usize, u8, u8)> = sum
        .voted
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            Some((
                i + 1,
                Votes::median(&v.votes.likelihood)?,
                Votes::median(&v.votes.impact)?,
            ))
        })
        .collect();
    grid_ui(ui, cx.theme, &placed);
    for (i, v) in sum.voted.iter().enumerate() {
        ui.horizontal_top(|ui| {
            ui.label(big(format!("{}.", i + 1)).strong());
            if let Some(s) = v.severity {
                let state = if v.confirmed { "" } else { "?" };
                let text = RichText::new(format!("{}{state}", s.id()))
                    .size(SMALL)
                    .strong()
                    .color(cx.theme.palette.severity(s));
                ui.label(text).on_hover_text(if v.confirmed {
                    "Confirmed by the facilitator"
                } else {
                    "Proposed by the votes, not confirmed yet"
                });
            }
            let title =
                egui::Button::selectable(r.voting.as_ref() == Some(&v.finding.id), big(v.finding.title.as_ref()))
                    .wrap_mode(egui::TextWrapMode::Wrap);
            if ui
                .add(title)
                .on_hover_text("Vote on it again or confirm its severity")
                .clicked()
            {
                r.voting = Some(v.finding.id.clone());
                app.selected_finding = Some(v.finding.id.clone());
            }
        });
    }
    if sum.voted.iter().any(|v| !v.confirmed) {
        ui.label(
            RichText::new("? proposed by the votes, not confirmed yet")
                .size(SMALL)
                .weak(),
        );
    }
    if sum.voted.is_empty() {
        ui.label(big("Nothing voted yet: select a finding and press V.").weak());
    }
    notes_list(ui, cx.model, &sum, &[NoteKind::Action, NoteKind::Decision]);
}

fn notes_list(ui: &mut Ui, model: &Model, sum: &lens::Summary<'_>, kinds: &[NoteKind]) {
    for kind in kinds {
        let notes: Vec<_> = sum.notes.iter().filter(|(_, n)| n.kind == *kind).collect();
        if notes.is_empty() {
            continue;
        }
        ui.add_space(6.0);
        ui.label(RichText::new(format!("{}s", kind.label())).size(BODY).strong());
        for (_, n) in notes {
            let who = lens::owner_and_due(n);
            let about: Vec<String> = n
                .elements
                .iter()
                .map(|e| lens::item_name(model, &ThreatTarget::Element(e.clone())))
                .chain(
                    n.flows
                        .iter()
                        .map(|f| lens::item_name(model, &ThreatTarget::Flow(f.clone()))),
                )
                .collect();
            let mut line = format!("• {}", n.text);
            if !who.is_empty() {
                line.push_str(&format!(" — {who}"));
            }
            if !about.is_empty() {
                line.push_str(&format!(" ({})", about.join(", ")));
            }
            ui.label(big(line));
        }
    }
}

/// A 5 × 5 grid, likelihood up, impact across, each cell tinted by the severity it proposes,
/// the voted findings as numbered dots in their cells.
fn grid_ui(ui: &mut Ui, theme: &Theme, placed: &[(usize, u8, u8)]) {
    let side = (ui.available_width() - 40.0).clamp(160.0, 420.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(side + 30.0, side + 30.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let cell = side / 5.0;
    let origin = rect.min + egui::vec2(30.0, 0.0);
    for l in 1..=5u8 {
        for i in 1..=5u8 {
            let v = Votes {
                likelihood: one_dot(l),
                impact: one_dot(i),
                confirmed: None,
            };
            let sev = v.proposed().unwrap_or(Severity::Low);
            let r = egui::Rect::from_min_size(
                origin + egui::vec2(f32::from(i - 1) * cell, f32::from(5 - l) * cell),
                egui::vec2(cell, cell),
            );
            painter.rect_filled(r.shrink(1.0), 2.0, with_alpha(theme.palette.severity(sev), 60));
        }
    }
    let font = FontId::proportional(SMALL);
    painter.text(
        origin + egui::vec2(side / 2.0, side + 14.0),
        Align2::CENTER_CENTER,
        "impact →",
        font.clone(),
        theme.palette.text_weak,
    );
    // "likelihood", written up the left side.
    let galley = painter.layout_no_wrap("likelihood →".to_owned(), font.clone(), theme.palette.text_weak);
    let at = rect.min + egui::vec2(4.0, side / 2.0 + galley.size().x / 2.0);
    painter.add(
        egui::epaint::TextShape::new(at, galley, theme.palette.text_weak).with_angle(-std::f32::consts::FRAC_PI_2),
    );
    // Several findings in one cell sit side by side, centred.
    let mut per_cell: std::collections::BTreeMap<(u8, u8), Vec<usize>> = Default::default();
    for (n, l, i) in placed {
        per_cell.entry((*l, *i)).or_default().push(*n);
    }
    let r = (cell / 7.0).clamp(9.0, 14.0);
    for ((l, i), ns) in per_cell {
        let centre = origin + egui::vec2((f32::from(i) - 0.5) * cell, (5.0 - f32::from(l) + 0.5) * cell);
        let step = (2.2 * r).min((cell - 2.0 * r) / (ns.len().max(2) - 1) as f32);
        let first = -(ns.len() as f32 - 1.0) * step / 2.0;
        for (k, n) in ns.iter().enumerate() {
            let c = centre + egui::vec2(first + k as f32 * step, 0.0);
            painter.circle_filled(c, r, theme.palette.text);
            painter.text(
                c,
                Align2::CENTER_CENTER,
                n.to_string(),
                font.clone(),
                theme.palette.canvas_bg,
            );
        }
    }
}

fn one_dot(level: u8) -> [u16; 5] {
    let mut d = [0; 5];
    d[usize::from(level.clamp(1, 5) - 1)] = 1;
    d
}

/// "Did we do a good job?": what the session covered, captured and left open.
fn review_ui(ui: &mut Ui, cx: &PresentCtx<'_>, r: &Running) {
    let Some(sum) = lens::summarize(cx.model, cx.findings, &r.id) else {
        return;
    };
    ui.label(RichText::new(sum.heading()).size(HEADING).strong());
    for line in sum.people().iter().chain(&sum.facts()) {
        ui.label(big(format!("• {line}")));
    }
    notes_list(
        ui,
        cx.model,
        &sum,
        &[
            NoteKind::Decision,
            NoteKind::Assumption,
            NoteKind::ParkingLot,
            NoteKind::Action,
        ],
    );
}

/// Light, high-contrast visuals for a projector: black text on white, heavier strokes.
pub fn high_contrast_visuals() -> egui::Visuals {
    let mut v = egui::Visuals::light();
    v.override_text_color = Some(Color32::BLACK);
    v.panel_fill = Color32::WHITE;
    v.window_fill = Color32::WHITE;
    v.extreme_bg_color = Color32::WHITE;
    for w in [
        &mut v.widgets.noninteractive,
        &mut v.widgets.inactive,
        &mut v.widgets.hovered,
        &mut v.widgets.active,
    ] {
        w.fg_stroke = egui::Stroke::new(w.fg_stroke.width.max(1.5), Color32::BLACK);
        w.bg_stroke.width = w.bg_stroke.width.max(1.5);
    }
    v.selection.stroke.width = 2.5;
    v
}

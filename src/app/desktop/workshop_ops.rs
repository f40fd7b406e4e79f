//! The app's side of workshop mode: starting, resuming and ending a session, the presenter
//! view's layout (bar, side panel, canvas zoomed to the item in focus) and its keys.

use super::App;
use crate::app::Effects;
use crate::app::canvas::CanvasCtx;
use crate::app::theme::Theme;
use crate::app::workshop::{self, PresentCtx, Request, Running, Setup, SetupChoice};
use crate::model::{Edit, ElementId, Question, ThreatTarget, Transaction};

impl App {
    /// F5: back to the running session's presenter view, or the start dialog.
    pub(super) fn present(&mut self, ctx: &egui::Context) {
        if self.workshop.running.is_some() {
            self.workshop.enter(ctx);
            self.workshop.focus_changed(&mut self.session);
        } else {
            self.workshop.setup = Some(Setup::new(self.doc.model()));
        }
    }

    /// Writes the session's end (with the time spent) and leaves the presenter view.
    pub(super) fn end_session(&mut self, ctx: &egui::Context) {
        let Some(id) = self.workshop.running.as_ref().map(|r| r.id.clone()) else {
            return;
        };
        if let Some(mut s) = self.doc.model().sessions.get(&id).cloned() {
            s.ended = workshop::now_hhmm();
            self.apply_tx(
                Transaction::single("End workshop session", Edit::SetSession { id, session: Some(s) }),
                None,
            );
        }
        self.workshop.leave(ctx);
        self.workshop.running = None;
    }

    /// The start dialog, while open.
    pub(super) fn workshop_setup_ui(&mut self, ctx: &egui::Context) {
        let Some(setup) = self.workshop.setup.as_mut() else {
            return;
        };
        let decks: Vec<(String, String)> = crate::lens::decks::builtin()
            .map(|d| d.iter().map(|d| (d.id.clone(), d.title.clone())).collect())
            .unwrap_or_default();
        let Some(choice) = setup.ui(ctx, self.doc.model(), &decks) else {
            return;
        };
        self.workshop.setup = None;
        let id = match choice {
            SetupChoice::Cancel => return,
            SetupChoice::Start(session) => {
                let id = workshop::fresh_session_id(self.doc.model(), &session.date);
                self.apply_tx(workshop::start_transaction(&id, *session), None);
                id
            }
            SetupChoice::Resume(id) => id,
        };
        let Some(session) = self.doc.model().sessions.get(&id) else {
            return;
        };
        let order = crate::lens::workshop::walk_order(self.doc.model(), self.eval.findings());
        self.workshop.running = Some(Running::new(id, session, order));
        self.workshop.enter(ctx);
        self.workshop.focus_changed(&mut self.session);
        self.message = Some("Workshop session started: → next, T threat, V vote, Esc leaves".into());
    }

    /// The presenter's keys, before the app's shortcuts.
    pub(super) fn presenter_keys(&mut self, ctx: &egui::Context, fx: &mut Effects) {
        if !self.workshop.presenting {
            return;
        }
        let theme = Theme::get(ctx.global_style().visuals.dark_mode);
        let eval = self.eval.latest();
        let pcx = PresentCtx {
            model: self.doc.model(),
            catalog: &self.catalog,
            findings: eval.map_or(&[][..], |e| e.findings.as_slice()),
            questions: eval.map_or(&[][..], |e| e.questions.as_slice()),
            theme: &theme,
        };
        let request = self.workshop.keys(ctx, &pcx, &mut self.session, fx);
        self.on_request(ctx, request);
    }

    fn on_request(&mut self, ctx: &egui::Context, request: Option<Request>) {
        match request {
            Some(Request::Leave) => {
                self.workshop.leave(ctx);
                self.message = Some("Left the presenter view; the session keeps running (F5 returns)".into());
            }
            Some(Request::End) => self.end_session(ctx),
            None => {}
        }
    }

    /// The presenter view: the bar, the side panel and the canvas, nothing else.
    pub(super) fn presenter_ui(&mut self, ui: &mut egui::Ui, fx: &mut Effects) {
        let ctx = ui.ctx().clone();
        if self.workshop.running.is_none() {
            self.workshop.leave(&ctx);
            return;
        }
        let theme = Theme::for_ui(ui);
        let eval = self.eval.latest();
        let findings = eval.map_or(&[][..], |e| e.findings.as_slice());
        let pcx = PresentCtx {
            model: self.doc.model(),
            catalog: &self.catalog,
            findings,
            questions: eval.map_or(&[][..], |e| e.questions.as_slice()),
            theme: &theme,
        };
        let mut request = None;
        egui::Panel::top("presenter-bar").show(ui, |ui| {
            request = self.workshop.top_bar(ui, &pcx, &mut self.session);
        });
        let width = (ui.available_width() * 0.38).clamp(320.0, 900.0);
        egui::Panel::right("presenter-side")
            .resizable(true)
            .default_size(width)
            .show(ui, |ui| self.workshop.side_ui(ui, &pcx, &mut self.session, fx));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            if self.workshop.zoom_pending {
                self.zoom_to_focus(ui.available_rect_before_wrap(), &theme);
            }
            let ccx = CanvasCtx {
                model: self.doc.model(),
                catalog: &self.catalog,
                eval: &self.eval,
                theme: &theme,
                revision: self.doc.revision(),
                state: self.doc.state(),
                journal: self.doc.journal(),
            };
            self.canvas.ui(ui, &ccx, &mut self.session, fx);
        });
        if self
            .workshop
            .running
            .as_ref()
            .is_some_and(|r| r.question == Question::Threats)
        {
            self.workshop.follow_selection(&mut self.session);
        }
        self.workshop.pointer_ring(&ctx, &theme);
        self.on_request(&ctx, request);
    }

    /// Zooms the canvas to the item in focus and its neighbours (the whole model between
    /// items).
    fn zoom_to_focus(&mut self, outer: egui::Rect, theme: &Theme) {
        self.workshop.zoom_pending = false;
        let m = self.doc.model();
        let ids: Vec<ElementId> = match self.workshop.running.as_ref().and_then(Running::focus) {
            Some(ThreatTarget::Element(e)) => std::iter::once(e.clone())
                .chain(m.flows.values().filter_map(|f| {
                    if &f.from == e {
                        Some(f.to.clone())
                    } else if &f.to == e {
                        Some(f.from.clone())
                    } else {
                        None
                    }
                }))
                .collect(),
            Some(ThreatTarget::Flow(f)) => m
                .flows
                .get(f)
                .map_or(Vec::new(), |f| vec![f.from.clone(), f.to.clone()]),
            _ => Vec::new(),
        };
        self.session.viewport = if ids.is_empty() {
            None
        } else {
            Some(crate::app::canvas::viewport_showing(m, theme, &ids, outer))
        };
    }
}

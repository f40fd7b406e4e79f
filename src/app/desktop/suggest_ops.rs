//! Suggestions waiting beside the open model (`NAME.bulwark.suggestions.ron`, written by
//! `bulwark mcp --allow-propose` or an assistant): picked up while the model is open, listed in
//! a window, each accepted as one ordinary, undoable edit or rejected. Nothing is applied
//! without a person; the sidecar records who decided what.

use super::App;
use crate::model::Suggestions;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

/// The ghosts of the suggestions that still apply to `model`, applied in order.
fn ghosts(
    model: &crate::model::Model,
    cat: &crate::catalog::Catalog,
    side: &Suggestions,
) -> Option<crate::app::session::PendingGhosts> {
    use crate::model::Proposal;
    // Nothing waiting: no copy of the model (this runs after every edit, on any size).
    if side.pending.is_empty() {
        return None;
    }
    let mut with = model.clone();
    let mut g = crate::app::session::PendingGhosts::default();
    for s in &side.pending {
        let Ok(tx) = s.change.to_transaction(&with, cat) else {
            continue;
        };
        if tx.apply(&mut with).is_err() {
            continue;
        }
        match &s.change {
            Proposal::AddComponent { id, name, .. } => g.elements.push((id.clone(), name.clone())),
            Proposal::AddFlow { from, to, .. } => g.flows.push((from.clone(), to.clone())),
            Proposal::AddThreat { .. } | Proposal::SetControl { .. } => {}
        }
    }
    if g.elements.is_empty() && g.flows.is_empty() {
        return None;
    }
    g.placement = crate::app::geometry::Placement::of(&with);
    Some(g)
}

/// How often the sidecar is looked at while a saved model is open.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// The sidecar as last read.
#[derive(Debug, Default)]
pub(crate) struct Watch {
    path: Option<PathBuf>,
    modified: Option<SystemTime>,
    last_poll: Option<Instant>,
    /// Suggestions waiting.
    pub(crate) pending: Suggestions,
    /// Why the sidecar could not be read.
    pub(crate) error: Option<String>,
    /// The review window is open.
    pub(crate) open: bool,
    /// The document revision the ghosts were drawn for.
    ghost_revision: Option<u64>,
}

impl App {
    /// Re-reads the sidecar when it changed (at most every [`POLL_EVERY`]).
    pub(super) fn poll_suggestions(&mut self, ctx: &egui::Context) {
        let Some(model_path) = self.doc.path().map(|p| p.to_path_buf()) else {
            if self.suggestions.path.is_some() {
                self.suggestions = Watch::default();
                self.session.pending = None;
            }
            return;
        };
        let w = &mut self.suggestions;
        if w.path.as_ref() != Some(&model_path) {
            *w = Watch {
                path: Some(model_path.clone()),
                ..Watch::default()
            };
        }
        ctx.request_repaint_after(POLL_EVERY);
        let revision = self.doc.revision();
        if w.ghost_revision != Some(revision) {
            w.ghost_revision = Some(revision);
            self.session.pending = ghosts(self.doc.model(), &self.catalog, &w.pending);
        }
        if w.last_poll.is_some_and(|t| t.elapsed() < POLL_EVERY) {
            return;
        }
        w.last_poll = Some(Instant::now());
        let side = crate::model::sidecar_path(&model_path);
        let modified = std::fs::metadata(&side).and_then(|m| m.modified()).ok();
        if modified == w.modified {
            return;
        }
        w.modified = modified;
        match Suggestions::load_for(&model_path) {
            Ok(s) => {
                let new = s.pending.len() > w.pending.pending.len();
                w.pending = s;
                w.error = None;
                w.ghost_revision = None;
                if new {
                    w.open = true;
                }
            }
            Err(e) => w.error = Some(e),
        }
    }

    /// Reads the sidecar on the next frame and opens the review window.
    pub(super) fn force_suggestions_reload(&mut self) {
        self.suggestions.modified = None;
        self.suggestions.last_poll = None;
        self.suggestions.open = true;
    }

    /// Accepts (`true`) or rejects suggestion `id`: accepted, it becomes one undoable edit; either
    /// way it leaves the sidecar, with an audit line.
    pub(super) fn decide_suggestion(&mut self, id: &str, accept: bool) {
        let Some(model_path) = self.doc.path().map(|p| p.to_path_buf()) else {
            return;
        };
        let Some(s) = self.suggestions.pending.pending.iter().find(|s| s.id == id).cloned() else {
            return;
        };
        if accept {
            match s.change.accepted_from(self.doc.model(), &self.catalog, Some(&s.source)) {
                Ok(mut tx) => {
                    tx.label = format!("Accept suggestion {id}");
                    self.apply_tx(tx, None);
                }
                Err(e) => {
                    self.message = Some(format!("Suggestion {id} no longer applies: {e}"));
                    return;
                }
            }
        }
        self.suggestions.ghost_revision = None;
        let side = &mut self.suggestions.pending;
        side.pending.retain(|x| x.id != id);
        side.record(format!(
            "{} {id} ({}) from {}",
            if accept { "accepted" } else { "rejected" },
            s.summary,
            s.source
        ));
        match side.save_for(&model_path) {
            Ok(()) => {
                self.suggestions.modified = std::fs::metadata(crate::model::sidecar_path(&model_path))
                    .and_then(|m| m.modified())
                    .ok();
                self.message = Some(format!(
                    "Suggestion {id} {}",
                    if accept {
                        "accepted (Ctrl+Z undoes it)"
                    } else {
                        "rejected"
                    }
                ));
            }
            Err(e) => self.message = Some(format!("Could not update the suggestions file: {e}")),
        }
    }

    /// The review window.
    pub(super) fn suggestions_ui(&mut self, ctx: &egui::Context) {
        let w = &self.suggestions;
        if !w.open || (w.pending.pending.is_empty() && w.error.is_none()) {
            return;
        }
        let mut open = true;
        let mut decided: Option<(String, bool)> = None;
        let items: Vec<(String, String, String, String)> = w
            .pending
            .pending
            .iter()
            .map(|s| (s.id.clone(), s.source.clone(), s.summary.clone(), describe(&s.change)))
            .collect();
        let error = w.error.clone();
        egui::Window::new(format!("Suggestions to review ({})", items.len()))
            .open(&mut open)
            .default_width(420.0)
            .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-16.0, 64.0))
            .show(ctx, |ui| {
                if let Some(e) = &error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.weak("Proposed by an AI agent or assistant. Nothing is applied until you accept it; each accepted suggestion is one undo step.");
                egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                    for (id, source, summary, change) in &items {
                        ui.separator();
                        ui.label(egui::RichText::new(change).strong());
                        ui.label(summary);
                        ui.weak(format!("{id} · {source}"));
                        ui.horizontal(|ui| {
                            if ui.button(format!("Accept {id}")).clicked() {
                                decided = Some((id.clone(), true));
                            }
                            if ui.button(format!("Reject {id}")).clicked() {
                                decided = Some((id.clone(), false));
                            }
                        });
                    }
                });
            });
        if let Some((id, accept)) = decided {
            self.decide_suggestion(&id, accept);
        }
        self.suggestions.open = open;
    }
}

/// One line for a proposal.
fn describe(p: &crate::model::Proposal) -> String {
    use crate::model::Proposal;
    match p {
        Proposal::AddComponent { name, kind, .. } => format!("Add component “{name}” ({kind})"),
        Proposal::AddFlow { from, to, label, .. } => format!("Add flow “{label}” from {from} to {to}"),
        Proposal::AddThreat { statement, element } => match element {
            Some(e) => format!("Add threat on {e}: {statement}"),
            None => format!("Add threat: {statement}"),
        },
        Proposal::SetControl {
            element,
            control,
            state,
        } => format!("Set {control} to {state} on {element}"),
    }
}

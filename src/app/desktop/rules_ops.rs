//! The app's side of rules: taking in reloads, asking before a model's own rules run, the
//! rule editor and help windows, and what tests wait on.

use super::App;
use crate::app::dialogs::Modal;
use crate::app::rules::RulesCtx;
use std::time::Duration;

impl App {
    /// Uses the newest rules: catalog, library errors and a re-evaluation with the new engine.
    /// The old findings stay on screen until the new ones arrive.
    fn take_reload(&mut self) {
        let r = self.rules.live.latest();
        self.catalog = r.catalog.clone();
        self.library_errors = r.report.errors.iter().map(|e| e.to_string()).collect();
        self.library_errors.extend(self.rules.live.watcher_error.clone());
        self.eval.set_engine(r.engine.clone());
        if self.rules.editor.open {
            self.rules.refresh_sources(self.doc.path());
        }
    }

    /// Takes in a reload and the rule preview (from `logic`).
    pub(super) fn poll_rules(&mut self, ctx: &egui::Context) {
        if self.rules.live.poll().is_some() {
            self.take_reload();
        }
        let cx = RulesCtx {
            catalog: &self.catalog,
            model: self.doc.shared(),
            revision: self.doc.revision(),
            path: self.doc.path(),
        };
        self.rules.poll(ctx, &cx);
    }

    /// The document moved (opened, saved elsewhere): point the rules at its folder and ask
    /// about its own rules if it brings some the person has not answered for.
    pub(super) fn model_rules_check(&mut self) {
        let path = self.doc.path().map(std::path::Path::to_path_buf);
        if let Some(mr) = self.rules.live.document_at(path.as_deref()) {
            self.modals.retain(|m| !matches!(m, Modal::ModelRules(_)));
            self.modals.push(Modal::ModelRules(mr));
        }
    }

    pub(super) fn toggle_rule_editor(&mut self) {
        self.session.panels.rule_editor ^= true;
        if self.session.panels.rule_editor {
            self.rules.refresh_sources(self.doc.path());
        }
    }

    /// Draws the rule editor and help windows; a saved rule is loaded at once.
    pub(super) fn rules_ui(&mut self, ctx: &egui::Context) {
        self.rules.editor.open = self.session.panels.rule_editor;
        let cx = RulesCtx {
            catalog: &self.catalog,
            model: self.doc.shared(),
            revision: self.doc.revision(),
            path: self.doc.path(),
        };
        let saved = self.rules.ui(ctx, &cx, &mut self.session);
        self.session.panels.rule_editor = self.rules.editor.open;
        if let Some(ids) = self.rules.editor.take_show() {
            self.apply_action(ctx, crate::app::Action::Show(ids));
        }
        if let Some(path) = saved {
            // A rule written into the model's folder by the person themselves needs no
            // question, unless they already said not to run that folder.
            if let Some(dir) = path.parent()
                && crate::app::rules::model_dir_beside(self.doc.path()).as_deref() == Some(dir)
                && self.rules.live.decided(dir).is_none()
            {
                self.rules.live.decide(dir, true);
                self.rules.live.document_at(self.doc.path());
            }
            self.rules.live.reload_now();
            self.rules.refresh_sources(self.doc.path());
            self.message = Some(format!("Saved {}", path.display()));
        }
    }

    // ----- for tests -----

    /// The rule editor (tests read its preview).
    pub fn rule_editor(&self) -> &crate::app::rules::RuleEditor {
        &self.rules.editor
    }

    /// Waits for the preview of the rule editor's current text.
    pub fn wait_for_rule_preview(&mut self) {
        let cx = RulesCtx {
            catalog: &self.catalog,
            model: self.doc.shared(),
            revision: self.doc.revision(),
            path: self.doc.path(),
        };
        self.rules.wait_for_preview(&cx);
    }

    /// Waits up to `timeout` for the rule folders to be reloaded and takes the result in.
    /// Returns false if no reload came.
    pub fn wait_for_rule_reload(&mut self, timeout: Duration) -> bool {
        let reloaded = self.rules.live.wait(timeout);
        if reloaded {
            self.take_reload();
        }
        reloaded
    }

    /// Rule and library errors, as the status bar lists them.
    pub fn rule_errors(&self) -> Vec<String> {
        let mut v = self.eval.rule_errors();
        v.extend(self.library_errors.iter().cloned());
        v
    }

    /// The model's own rules folder is in use.
    pub fn model_rules_run(&self) -> bool {
        self.rules.live.model_rules_run()
    }
}

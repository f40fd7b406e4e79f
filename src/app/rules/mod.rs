//! Rules in the app: the rule editor with live preview, hot reload of rule folders, the
//! question before a model's own rules run, and the Rule API help page.
//!
//! Compiling, previewing and watching are engine and catalog functions run on background
//! threads; this module only draws them and keeps the session's answers. It never changes
//! the document.

mod editor;
mod help;
mod highlight;
mod live;
mod preview;
mod sources;

pub use editor::{EditorCtx, RuleEditor, TEMPLATE};
pub use live::{LiveRules, default_user_dir};
pub use sources::{Origin, RuleSource};

use crate::app::session::Session;
use crate::catalog::{Catalog, MODEL_RULES_DIR};
use crate::model::Model;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `bulwark-rules/` folder beside a model file (whether or not it exists).
pub fn model_dir_beside(model_path: Option<&Path>) -> Option<PathBuf> {
    let parent = model_path?.parent()?;
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    Some(parent.join(MODEL_RULES_DIR))
}

/// The rules side of the app.
#[derive(Debug)]
pub struct Rules {
    /// The folders in use and their watcher.
    pub live: LiveRules,
    /// The editor window.
    pub editor: RuleEditor,
    /// Help → Rule API is shown.
    pub help_open: bool,
}

/// What the rules windows read each frame.
pub struct RulesCtx<'a> {
    /// The catalog in use.
    pub catalog: &'a Arc<Catalog>,
    /// The open diagram.
    pub model: Arc<Model>,
    /// Its revision.
    pub revision: u64,
    /// Its file.
    pub path: Option<&'a Path>,
}

impl Rules {
    /// Loads the rules now and starts the watcher and the preview thread.
    pub fn start(user_dir: Option<PathBuf>, ctx: &egui::Context) -> Self {
        let repaint = |ctx: &egui::Context| {
            let ctx = ctx.clone();
            move || ctx.request_repaint()
        };
        Self {
            live: LiveRules::start(user_dir, repaint(ctx)),
            editor: RuleEditor::new(repaint(ctx)),
            help_open: false,
        }
    }

    /// Lists the rule files again (the editor opened, a file was saved, rules reloaded).
    pub fn refresh_sources(&mut self, model_path: Option<&Path>) {
        let model_dir = model_dir_beside(model_path);
        self.editor.sources = sources::list(self.live.user_dir(), model_dir.as_deref());
        self.editor.sources_changed();
    }

    /// Takes in preview results and sends what is due (from `App::logic`).
    pub fn poll(&mut self, ctx: &egui::Context, cx: &RulesCtx<'_>) {
        let user_dir = self.live.user_dir().map(Path::to_path_buf);
        self.editor
            .poll(ctx, &editor_ctx(cx, user_dir.as_deref(), self.live.model_rules_run()));
    }

    /// Waits for the preview of the editor's current text (tests).
    pub fn wait_for_preview(&mut self, cx: &RulesCtx<'_>) {
        let user_dir = self.live.user_dir().map(Path::to_path_buf);
        self.editor
            .wait_for_preview(&editor_ctx(cx, user_dir.as_deref(), self.live.model_rules_run()));
    }

    /// Draws the editor and help windows; sets the canvas highlight. Returns a file the
    /// editor saved.
    pub fn ui(&mut self, ctx: &egui::Context, cx: &RulesCtx<'_>, session: &mut Session) -> Option<PathBuf> {
        let mut saved = None;
        if self.editor.open {
            let user_dir = self.live.user_dir().map(Path::to_path_buf);
            saved = self
                .editor
                .ui(ctx, &editor_ctx(cx, user_dir.as_deref(), self.live.model_rules_run()));
        }
        session.rule_preview = self.editor.highlight();
        help::ui(ctx, &mut self.help_open);
        saved
    }
}

fn editor_ctx<'a>(cx: &RulesCtx<'a>, user_dir: Option<&'a Path>, model_rules_run: bool) -> EditorCtx<'a> {
    EditorCtx {
        catalog: cx.catalog,
        model: cx.model.clone(),
        revision: cx.revision,
        user_dir,
        model_dir: model_dir_beside(cx.path),
        model_rules_run,
    }
}

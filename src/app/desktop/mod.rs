//! The application: owns the document, the session, the settings and the evaluator, draws the
//! panels, and applies what they asked for after drawing, in one place.

mod assist_ops;
mod compare_ops;
mod export;
mod file_ops;
mod map_ops;
mod rules_ops;
mod suggest_ops;
mod workshop_ops;

use crate::app::canvas::{self, Canvas, CanvasCtx};
use crate::app::clipboard::Fragment;
use crate::app::commands::{AppCommand, ClipboardEvent};
use crate::app::dialogs::{self, Modal, Pending};
use crate::app::document::Document;
use crate::app::evaluation::Evaluator;
use crate::app::files::{FileDialog, NativeDialog, Recovery};
use crate::app::geometry::{Placement, from_pos2, node_rect};
use crate::app::ops;
use crate::app::panels::PanelCtx;
use crate::app::panels::findings::FindingsPanel;
use crate::app::panels::inspector::Inspector;
use crate::app::panels::menu::MenuBar;
use crate::app::panels::palette::Palette;
use crate::app::panels::status::StatusBar;
use crate::app::session::{Item, Selection, Session};
use crate::app::settings::{Settings, ThemeChoice};
use crate::app::theme::Theme;
use crate::app::views;
use crate::app::{Action, Effects};
use crate::catalog::Catalog;
use crate::engine::Finding;
use crate::model::{Model, Pos, ThreatTarget, Transaction};
use egui::{Pos2, Rect};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Unsaved work is written to the recovery file this long after the first unsaved change.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(3);

/// How the app starts: where files come from and go, and what to open.
pub struct Startup {
    /// The file dialog (native, or answered by a test).
    pub dialog: Box<dyn FileDialog>,
    /// Where the recovery file lives; `None` turns autosave off.
    pub data_dir: Option<PathBuf>,
    /// Settings from the last run.
    pub settings: Settings,
    /// A file to open (`bulwark open FILE`).
    pub file: Option<PathBuf>,
    /// The user rules folder, watched for changes; `None` runs the shipped rules only.
    pub rules_dir: Option<PathBuf>,
}

/// The Bulwark desktop application.
pub struct App {
    doc: Document,
    catalog: Arc<Catalog>,
    library_errors: Vec<String>,
    eval: Evaluator,
    session: Session,
    settings: Settings,
    dialog: Box<dyn FileDialog>,
    recovery: Recovery,
    modals: Vec<Modal>,
    canvas: Canvas,
    paths: views::paths::PathsView,
    menu: MenuBar,
    palette: Palette,
    inspector: Inspector,
    findings: FindingsPanel,
    status: StatusBar,
    rules: crate::app::rules::Rules,
    /// The last thing that happened, for the status bar.
    message: Option<String>,
    /// The last fragment copied here, for the Paste menu entry (egui cannot read the clipboard
    /// on demand; Ctrl+V delivers its text as an event).
    copied: Option<Fragment>,
    title: String,
    applied_theme: Option<ThemeChoice>,
    /// The projector colours are applied.
    applied_contrast: bool,
    autosave_due: Option<Instant>,
    autosaved_revision: u64,
    close_confirmed: bool,
    exports: crate::app::export::Exports,
    /// A repository being mapped on a background thread.
    mapping: Option<crate::app::mapping::MapJob>,
    /// A finished mapping waiting for the person to decide about unsaved work, with the
    /// message to show once it opens.
    mapped: Option<(Model, String)>,
    /// Suggestions waiting beside the open model.
    suggestions: suggest_ops::Watch,
    /// The assistant: the request waiting for consent, the one running, consent this session.
    assistant: assist_ops::AssistState,
    /// Workshop mode: the start dialog, the running session, the presenter view.
    workshop: crate::app::workshop::Workshop,
    /// `BULWARK_TIMING`: the first frames with the model and with its findings.
    first_frames: crate::app::startup::FirstFrames,
}

impl App {
    /// The app as `bulwark` starts it: native dialogs, recovery in the user's data folder,
    /// settings from eframe's storage.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        Self::with_startup(
            cc,
            Startup {
                dialog: Box::new(NativeDialog),
                data_dir: Recovery::default_dir(),
                settings: Settings::load(cc.storage),
                file,
                rules_dir: crate::app::rules::default_user_dir(),
            },
        )
    }

    /// An app for tests: the test answers the file dialog, recovery goes to `data_dir` (or
    /// nowhere), default settings (so it opens the built-in example).
    pub fn new_for_test(
        cc: &eframe::CreationContext<'_>,
        dialog: Box<dyn FileDialog>,
        data_dir: Option<PathBuf>,
    ) -> Self {
        Self::with_startup(
            cc,
            Startup {
                dialog,
                data_dir,
                settings: Settings::default(),
                file: None,
                rules_dir: None,
            },
        )
    }

    /// An app started as `startup` says.
    pub fn with_startup(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        // Hack covers arrows and symbols (⇄, ⟷, ◆) that people type into names and labels and
        // that the default proportional font lacks.
        let mut fonts = egui::FontDefinitions::default();
        if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
            family.push("Hack".to_owned());
        }
        cc.egui_ctx.set_fonts(fonts);
        let rules = crate::app::rules::Rules::start(startup.rules_dir, &cc.egui_ctx);
        let loaded = rules.live.latest();
        let catalog = loaded.catalog.clone();
        let mut library_errors: Vec<String> = loaded.report.errors.iter().map(|e| e.to_string()).collect();
        library_errors.extend(rules.live.watcher_error.clone());
        let engine = loaded.engine.clone();
        let ctx = cc.egui_ctx.clone();
        let eval = Evaluator::new(engine, move || ctx.request_repaint());
        let mut session = Session {
            findings_group: startup.settings.findings_group,
            findings_status: startup.settings.findings_status,
            ..Session::default()
        };
        session.panels = Default::default();
        let mut app = Self {
            doc: Document::new(Model::default(), None),
            catalog,
            library_errors,
            eval,
            session,
            settings: startup.settings,
            dialog: startup.dialog,
            recovery: Recovery::new(startup.data_dir),
            modals: Vec::new(),
            canvas: Canvas::default(),
            paths: Default::default(),
            menu: MenuBar,
            palette: Palette,
            inspector: Inspector,
            findings: FindingsPanel::default(),
            status: StatusBar,
            rules,
            message: None,
            copied: None,
            title: String::new(),
            applied_theme: None,
            autosave_due: None,
            autosaved_revision: 0,
            close_confirmed: false,
            first_frames: Default::default(),
            exports: Default::default(),
            mapping: None,
            mapped: None,
            suggestions: Default::default(),
            assistant: Default::default(),
            workshop: Default::default(),
            applied_contrast: false,
        };
        // Ctrl+= / Ctrl+- / Ctrl+0 are the app's UI scale commands (remembered, and the
        // presenter view scales on top), not egui's own unremembered zoom.
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let scale = app.settings.scale();
        app.workshop.apply_scale(&cc.egui_ctx, scale);
        app.open_initial(startup.file);
        app
    }

    /// First start: the built-in example. Later starts: the file asked for, else the last file.
    /// Then offers unsaved work from the last run, if any.
    fn open_initial(&mut self, file: Option<PathBuf>) {
        let target = file.or_else(|| {
            self.settings
                .started_before
                .then(|| self.settings.last_file.clone())
                .flatten()
        });
        let opened = target.is_some_and(|p| self.open_path(&p));
        if !opened {
            self.open_example(0);
        }
        self.settings.started_before = true;
        if let Some(found) = self.recovery.find() {
            match found.model {
                Ok(model) => self.modals.push(Modal::Recovery {
                    model: Box::new(model),
                    original: found.original,
                }),
                Err(e) => self.modals.push(Modal::Error {
                    title: "The recovery file could not be read".to_owned(),
                    message: e.to_string(),
                }),
            }
        }
    }

    // ----- read access, for tests and embedding -----

    /// The presenter view is shown.
    pub fn presenting(&self) -> bool {
        self.workshop.presenting
    }

    /// The item the running workshop session has in focus.
    pub fn workshop_focus(&self) -> Option<crate::model::ThreatTarget> {
        self.workshop.running.as_ref().and_then(|r| r.focus().cloned())
    }

    /// The document's model.
    pub fn model(&self) -> &Model {
        self.doc.model()
    }

    /// The file the document is saved in.
    pub fn document_path(&self) -> Option<&Path> {
        self.doc.path()
    }

    /// Unsaved changes exist.
    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
    }

    /// The newest findings.
    pub fn findings(&self) -> &[Arc<Finding>] {
        self.eval.findings()
    }

    /// The attack-path explorer as last drawn.
    pub fn attack_paths(&self) -> &views::paths::PathsView {
        &self.paths
    }

    /// The session (selection, filters, viewport).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session, to set up a test.
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// The settings that are persisted.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The message of the dialog on top (an error, a question), if one is open.
    pub fn dialog_text(&self) -> Option<String> {
        self.modals.first().map(|m| match m {
            Modal::Error { title, message } => format!("{title}: {message}"),
            Modal::Unsaved(_) => "Save changes?".to_owned(),
            Modal::Path { .. } => "Type a path".to_owned(),
            Modal::Recovery { .. } => "Restore unsaved work?".to_owned(),
            Modal::ModelRules(mr) => format!("Run this model's rules? {}", mr.summary()),
            Modal::Conflicts(c) => format!("{} merge conflict(s) to settle", c.len()),
            Modal::ImportReport { title, .. } => title.clone(),
            Modal::CompareChoice { .. } => "Compare with…".to_owned(),
            Modal::SaveWithConflicts { count, .. } => format!("Save with {count} merge conflict(s)?"),
            Modal::AssistantCommand { .. } => "Assistant command".to_owned(),
            Modal::AssistantPreview { .. } => "Send this to the assistant?".to_owned(),
        })
    }

    /// The last message in the status bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Sends pending edits to the evaluation thread and waits for the result, so tests see
    /// findings for the current document without sleeping.
    pub fn wait_for_evaluation(&mut self) {
        self.eval.wait(self.doc.revision(), self.doc.shared());
    }

    /// Where a canvas point was drawn on screen in the last frame.
    pub fn screen_pos(&self, p: Pos) -> Pos2 {
        self.session.canvas.screen_from_canvas * egui::pos2(p.x, p.y)
    }

    /// Where a component was drawn on screen in the last frame.
    pub fn element_screen_rect(&self, id: &crate::model::ElementId) -> Option<Rect> {
        let p = Placement::of(self.doc.model()).elements.get(id).copied()?;
        let theme = Theme::get(true);
        let size = egui::vec2(theme.sizes.node_width, theme.sizes.node_height);
        Some(self.session.canvas.screen_from_canvas * node_rect(p, size))
    }

    // ----- applying what the UI asked for -----

    fn apply_tx(&mut self, tx: Transaction, select: Option<Selection>) {
        let mut tx = tx;
        // While a session runs, the edit carries the session record's update.
        self.workshop.on_transaction(self.doc.model(), &mut tx);
        let label = tx.label.clone();
        match self.doc.apply(tx) {
            Ok(changes) => {
                self.eval.changed(changes, Instant::now());
                if let Some(sel) = select {
                    self.session.selection = sel;
                }
                self.after_change();
                self.message = Some(label);
            }
            Err(e) => self.message = Some(format!("Could not {}: {e}", label.to_lowercase())),
        }
    }

    fn after_change(&mut self) {
        if self.workshop.running.is_some() {
            let findings = self.eval.findings().to_vec();
            self.workshop.after_change(self.doc.model(), &findings);
        }
        // A preview of a tidy computed for another revision no longer says what Apply does.
        if self
            .session
            .tidy_preview
            .as_ref()
            .is_some_and(|p| p.revision != self.doc.revision())
        {
            self.session.tidy_preview = None;
        }
        self.session.selection.retain_existing(self.doc.model());
        if let Some(r) = &self.session.renaming
            && ops::name_of(self.doc.model(), &r.item).is_none()
        {
            self.session.renaming = None;
        }
    }

    fn undo_redo(&mut self, redo: bool) {
        let result = if redo { self.doc.redo() } else { self.doc.undo() };
        match result {
            Ok(Some((label, changes))) => {
                self.eval.changed(changes, Instant::now());
                self.after_change();
                self.message = Some(format!("{} {label}", if redo { "Redid" } else { "Undid" }));
            }
            Ok(None) => self.message = Some(format!("Nothing to {}", if redo { "redo" } else { "undo" })),
            Err(e) => self.message = Some(format!("Could not {}: {e}", if redo { "redo" } else { "undo" })),
        }
    }

    /// A spot near `p` (canvas units) where a new component does not cover another: to the
    /// right of whatever is there, then on the next row.
    fn free_spot(&self, p: Pos) -> Pos {
        let placed = Placement::of(self.doc.model());
        let theme = Theme::get(true);
        let (w, h) = (theme.sizes.node_width + 50.0, theme.sizes.node_height + 50.0);
        let free = |at: &Pos| {
            !placed
                .elements
                .values()
                .any(|q| (q.x - at.x).abs() < w && (q.y - at.y).abs() < h)
        };
        (0..8)
            .flat_map(|row| (0..6).map(move |col| Pos::new(p.x + col as f32 * w, p.y + row as f32 * h)))
            .find(free)
            .unwrap_or(p)
    }

    fn view_center(&self) -> Pos {
        from_pos2(self.session.canvas.visible_canvas_rect().center())
    }

    fn apply_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Place(item) => {
                let at = self.free_spot(self.view_center());
                if let Some((tx, sel)) = ops::place_item(self.doc.model(), &self.catalog, &item, at) {
                    self.apply_tx(tx, Some(sel));
                }
            }
            Action::OpenPath(p) => self.guard(ctx, Pending::OpenPath(p)),
            Action::OpenExample(i) => self.guard(ctx, Pending::OpenExample(i)),
            Action::SetTheme(t) => self.settings.theme = t,
            Action::Export(t) => self.export(ctx, t),
            Action::SetExportIncludeClosed(on) => self.settings.export_include_closed = on,
            Action::PromoteThreat(id) => {
                if let Some(t) = self.doc.model().threats.get(&id) {
                    let text = crate::script::rule_from_threat(self.doc.model(), id.as_str(), t);
                    let file = format!("{}.rhai", id.as_str().to_lowercase());
                    self.rules.editor.new_rule_from(text, file);
                    if !self.session.panels.rule_editor {
                        self.toggle_rule_editor();
                    }
                }
            }
            Action::DecideSuggestion(id, accept) => self.decide_suggestion(&id, accept),
            Action::ExplainForExecutive => self.ask_assistant_for(crate::interop::assist::Task::Explain, "executive"),
            Action::Show(ids) => {
                let theme = Theme::get(ctx.theme() == egui::Theme::Dark);
                let outer = self.session.canvas.rect_on_screen;
                self.session.viewport = Some(canvas::viewport_showing(self.doc.model(), &theme, &ids, outer));
            }
        }
    }

    /// Shows what `tx` (a tidy) would do, for Apply or Cancel on the canvas.
    fn preview_tidy(&mut self, tx: crate::model::Transaction) {
        let mut after = self.doc.model().clone();
        match tx.clone().apply(&mut after) {
            Ok(_) => {
                self.session.tidy_preview = Some(crate::app::session::TidyPreview {
                    transaction: tx,
                    after: std::sync::Arc::new(after),
                    revision: self.doc.revision(),
                    fitted: false,
                });
            }
            Err(e) => self.message = Some(format!("Could not tidy: {e}")),
        }
    }

    fn copy_selection(&mut self, ctx: &egui::Context) -> bool {
        let Some(frag) = Fragment::copy(self.doc.model(), &self.session.selection) else {
            self.message = Some("Select components to copy".to_owned());
            return false;
        };
        match frag.to_text() {
            Ok(text) => {
                ctx.copy_text(text);
                self.message = Some(format!("Copied {} components", frag.elements.len()));
                self.copied = Some(frag);
                true
            }
            Err(e) => {
                self.message = Some(format!("Could not copy: {e}"));
                false
            }
        }
    }

    /// `preferred`, or the nearest offset where the copies overlap nothing already drawn.
    fn free_paste_offset(&self, frag: &Fragment, preferred: egui::Vec2) -> egui::Vec2 {
        let placement = crate::layout::Placement::of(self.doc.model());
        let centres: Vec<Pos> = frag.positions.values().copied().collect();
        let (dx, dy) = crate::layout::free_offset(&placement, &centres, (preferred.x, preferred.y));
        egui::vec2(dx, dy)
    }

    fn paste(&mut self, frag: &Fragment, label: &str) {
        let visible = self.session.canvas.visible_canvas_rect();
        let offset = match frag.center() {
            Some(c) if visible.contains(egui::pos2(c.x, c.y)) => egui::vec2(40.0, 40.0),
            Some(c) => visible.center() - egui::pos2(c.x, c.y),
            None => egui::Vec2::ZERO,
        };
        let offset = self.free_paste_offset(frag, offset);
        let (tx, ids) = frag.paste(self.doc.model(), offset, label);
        let mut sel = Selection::default();
        for id in ids {
            sel.insert(Item::Element(id));
        }
        self.apply_tx(tx, Some(sel));
    }

    fn apply_clipboard(&mut self, ctx: &egui::Context, event: ClipboardEvent) {
        match event {
            ClipboardEvent::Copy => {
                self.copy_selection(ctx);
            }
            ClipboardEvent::Cut => {
                if self.copy_selection(ctx) {
                    self.apply_command(ctx, AppCommand::Delete);
                }
            }
            ClipboardEvent::Paste(text) => match Fragment::from_text(&text) {
                Some(frag) => self.paste(&frag, "Paste"),
                None => self.message = Some("The clipboard holds no Bulwark components".to_owned()),
            },
        }
    }

    /// Applies a command (from a menu, a key, or a test).
    pub fn apply_command(&mut self, ctx: &egui::Context, cmd: AppCommand) {
        match cmd {
            AppCommand::New => self.guard(ctx, Pending::New),
            AppCommand::Open => self.guard(ctx, Pending::Open),
            AppCommand::MapRepository => self.guard(ctx, Pending::MapRepository),
            AppCommand::CompareWith => self.toggle_compare(),
            AppCommand::Import => self.guard(ctx, Pending::Import),
            AppCommand::Save => {
                self.save(None);
            }
            AppCommand::SaveAs => {
                self.save_as(None);
            }
            AppCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            AppCommand::Undo => self.undo_redo(false),
            AppCommand::Redo => self.undo_redo(true),
            AppCommand::Copy => self.apply_clipboard(ctx, ClipboardEvent::Copy),
            AppCommand::Cut => self.apply_clipboard(ctx, ClipboardEvent::Cut),
            AppCommand::Paste => match self.copied.clone() {
                Some(frag) => self.paste(&frag, "Paste"),
                None => self.message = Some("Copy components first (or press Ctrl+V)".to_owned()),
            },
            AppCommand::Duplicate => {
                if let Some(frag) = Fragment::copy(self.doc.model(), &self.session.selection) {
                    let offset = self.free_paste_offset(&frag, egui::vec2(40.0, 40.0));
                    let (tx, ids) = frag.paste(self.doc.model(), offset, "Duplicate");
                    let mut sel = Selection::default();
                    ids.into_iter().for_each(|id| sel.insert(Item::Element(id)));
                    self.apply_tx(tx, Some(sel));
                }
            }
            AppCommand::Delete => {
                if let Some(tx) = ops::delete(self.doc.model(), &self.session.selection) {
                    self.apply_tx(tx, Some(Selection::default()));
                }
            }
            AppCommand::SelectAll => {
                let mut sel = Selection::default();
                for id in self.doc.model().elements.keys() {
                    sel.insert(Item::Element(id.clone()));
                }
                self.session.selection = sel;
            }
            AppCommand::ClearSelection => {
                self.session.tidy_preview = None;
                self.session.selection = Selection::default();
                self.session.renaming = None;
                self.session.find = None;
                self.session.focus = None;
                self.session.selected_finding = None;
                self.session.lens.highlight.clear();
                ctx.data_mut(|d| d.remove::<canvas::Drag>(canvas::drag_id()));
            }
            AppCommand::Rename => {
                if let Some(item) = self.session.selection.single() {
                    canvas::start_rename(self.doc.model(), &mut self.session, item);
                }
            }
            AppCommand::WriteThreat => {
                let on = match self.session.selection.single() {
                    Some(Item::Element(e)) => ThreatTarget::Element(e.clone()),
                    Some(Item::Flow(f)) => ThreatTarget::Flow(f.clone()),
                    Some(Item::Boundary(b)) => ThreatTarget::Boundary(b.clone()),
                    None => ThreatTarget::Model,
                };
                let (id, tx) = crate::app::panels::new_threat(self.doc.model(), on);
                self.apply_tx(tx, None);
                self.session.picked_findings.clear();
                self.session.selected_finding = Some(id);
                self.session.panels.findings = true;
            }
            AppCommand::Fit => self.session.viewport = None,
            AppCommand::TidyLayout => {
                let tx = crate::layout::tidy_layout(self.doc.model());
                self.preview_tidy(tx);
            }
            AppCommand::TidySelection => {
                match crate::layout::tidy_selection(self.doc.model(), &self.session.selection.elements) {
                    Some(tx) => self.preview_tidy(tx),
                    None => self.message = Some("Select the components to tidy".to_owned()),
                }
            }
            AppCommand::RouteRightAngles | AppCommand::Straighten => {
                use crate::app::routing::{Routing, chosen_flows, route_flows};
                let how = if cmd == AppCommand::Straighten {
                    Routing::Straight
                } else {
                    Routing::RightAngles
                };
                let flows = chosen_flows(self.doc.model(), &self.session.selection);
                match route_flows(self.doc.model(), &flows, how) {
                    Some(tx) => self.apply_tx(tx, None),
                    None if flows.is_empty() => self.message = Some("Select the flows to route".to_owned()),
                    None => {}
                }
            }
            AppCommand::ZoomIn | AppCommand::ZoomOut => {
                let view = self.session.canvas;
                let factor = if cmd == AppCommand::ZoomIn { 1.25 } else { 0.8 };
                let current = self.session.viewport.unwrap_or_else(|| {
                    crate::app::session::Viewport::from_transform(view.screen_from_canvas, view.rect_on_screen)
                });
                let outer = view.rect_on_screen;
                self.session.viewport = Some(canvas::zoom_viewport(current, outer, outer.center(), factor));
            }
            AppCommand::Focus => {
                use crate::app::session::{Focus, Item};
                // A selected component wins over the finding shown beside it: the person just
                // clicked it.
                let focus = match self.session.selection.single() {
                    Some(Item::Element(id)) => Some(Focus::Around {
                        element: id.clone(),
                        steps: 1,
                    }),
                    _ => self.session.selected_finding.clone().map(Focus::Finding),
                };
                if let Some(focus) = focus {
                    // Bring all of it into view.
                    let ids: Vec<crate::model::ElementId> = match &focus {
                        Focus::Around { element, steps } => canvas::neighbourhood(self.doc.model(), element, *steps)
                            .0
                            .into_iter()
                            .collect(),
                        Focus::Finding(id) => self
                            .eval
                            .finding(id)
                            .map(|f| f.elements.iter().chain(&f.path).chain([&f.anchor]).cloned().collect())
                            .unwrap_or_default(),
                    };
                    self.session.focus = Some(focus);
                    if !ids.is_empty() {
                        self.apply_action(ctx, crate::app::Action::Show(ids));
                    }
                }
            }
            AppCommand::Find => {
                if self.session.find.is_none() {
                    self.session.find = Some(String::new());
                }
            }
            AppCommand::AddBoundary => {
                // With components selected, the boundary wraps them; otherwise it is drawn in
                // the middle of the view (never pushed aside out of sight).
                let placement = Placement::of(self.doc.model());
                let theme = Theme::get(true);
                let (hw, hh) = (theme.sizes.node_width / 2.0, theme.sizes.node_height / 2.0);
                let selected: Vec<Pos> = self
                    .session
                    .selection
                    .elements
                    .iter()
                    .filter_map(|id| placement.elements.get(id).copied())
                    .collect();
                let rect = if selected.is_empty() {
                    let c = self.view_center();
                    let size = ops::NEW_BOUNDARY_SIZE;
                    crate::model::Rect::new(c.x - size.x / 2.0, c.y - size.y / 2.0, size.x, size.y)
                } else {
                    let pad = crate::layout::BOUNDARY_PAD;
                    let top = crate::layout::BOUNDARY_HEADER;
                    let x0 = selected.iter().map(|p| p.x - hw).fold(f32::INFINITY, f32::min) - pad;
                    let x1 = selected.iter().map(|p| p.x + hw).fold(f32::NEG_INFINITY, f32::max) + pad;
                    let y0 = selected.iter().map(|p| p.y - hh).fold(f32::INFINITY, f32::min) - pad - top;
                    let y1 = selected.iter().map(|p| p.y + hh).fold(f32::NEG_INFINITY, f32::max) + pad;
                    crate::model::Rect::new(x0, y0, x1 - x0, y1 - y0)
                };
                let (tx, id) = ops::add_boundary(self.doc.model(), crate::model::BoundaryKind::Other, rect);
                self.apply_tx(tx, Some(Selection::only(Item::Boundary(id))));
            }
            AppCommand::TogglePalette => self.session.panels.palette ^= true,
            AppCommand::ToggleInspector => self.session.panels.inspector ^= true,
            AppCommand::ToggleFindings => self.session.panels.findings ^= true,
            AppCommand::Help => self.session.show_help ^= true,
            AppCommand::RuleEditor => self.toggle_rule_editor(),
            AppCommand::AssistantSettings => self.modals.push(Modal::AssistantCommand {
                text: self.settings.assistant.clone(),
            }),
            AppCommand::AssistantSuggest => self.ask_assistant(crate::interop::assist::Task::Suggest),
            AppCommand::AssistantExplain => self.ask_assistant(crate::interop::assist::Task::Explain),
            AppCommand::AssistantControls => self.ask_assistant(crate::interop::assist::Task::Controls),
            AppCommand::AssistantDraft => self.ask_assistant(crate::interop::assist::Task::Draft),
            AppCommand::UiScaleUp | AppCommand::UiScaleDown | AppCommand::UiScaleReset => {
                match cmd {
                    AppCommand::UiScaleUp => self.settings.step_scale(true),
                    AppCommand::UiScaleDown => self.settings.step_scale(false),
                    _ => self.settings.ui_scale = 1.0,
                }
                self.workshop.apply_scale(ctx, self.settings.scale());
                self.message = Some(format!("Interface at {:.0} %", self.settings.scale() * 100.0));
            }
            AppCommand::Present => self.present(ctx),
            AppCommand::EndSession => self.end_session(ctx),
            AppCommand::NudgeLeft | AppCommand::NudgeRight | AppCommand::NudgeUp | AppCommand::NudgeDown => {
                // Shift held: a grid step; otherwise the snapping step.
                let step = if ctx.input(|i| i.modifiers.shift) { 40.0 } else { 10.0 };
                let (dx, dy) = match cmd {
                    AppCommand::NudgeLeft => (-step, 0.0),
                    AppCommand::NudgeRight => (step, 0.0),
                    AppCommand::NudgeUp => (0.0, -step),
                    _ => (0.0, step),
                };
                let placement = Placement::of(self.doc.model());
                let moves: std::collections::BTreeMap<_, _> = self
                    .session
                    .selection
                    .elements
                    .iter()
                    .filter_map(|id| {
                        placement
                            .elements
                            .get(id)
                            .map(|p| (id.clone(), Pos::new(p.x + dx, p.y + dy)))
                    })
                    .collect();
                if let Some(tx) = ops::move_elements(self.doc.model(), &moves) {
                    self.apply_tx(tx, None);
                }
            }
            AppCommand::RuleApi => self.rules.help_open = true,
            AppCommand::ViewDiagram
            | AppCommand::ViewMaestro
            | AppCommand::ViewFrameworks
            | AppCommand::ViewAttackPaths
            | AppCommand::ViewChecklists
            | AppCommand::ViewPasta => {
                let lens = crate::app::views::Lens::ALL
                    .into_iter()
                    .find(|l| l.command() == cmd)
                    .unwrap_or_default();
                self.show_view(lens);
            }
        }
    }

    fn apply_effects(&mut self, ctx: &egui::Context, fx: Effects, clipboard: Vec<ClipboardEvent>) {
        let changed =
            !fx.edits.is_empty() || !fx.actions.is_empty() || !fx.commands.is_empty() || !clipboard.is_empty();
        for (tx, sel) in fx.edits {
            self.apply_tx(tx, sel);
        }
        for a in fx.actions {
            self.apply_action(ctx, a);
        }
        for c in fx.commands {
            self.apply_command(ctx, c);
        }
        for e in clipboard {
            self.apply_clipboard(ctx, e);
        }
        if changed {
            // The frame that asked for a change drew the state before it: draw once more.
            ctx.request_repaint();
        }
    }

    fn sync_title_and_theme(&mut self, ctx: &egui::Context) {
        // Presenting with high contrast: light projector colours over the person's theme.
        let contrast = self.workshop.presenting && self.workshop.high_contrast;
        if contrast != self.applied_contrast {
            let light = if contrast {
                crate::app::workshop::high_contrast_visuals()
            } else {
                egui::Visuals::light()
            };
            ctx.set_visuals_of(egui::Theme::Light, light);
            self.applied_contrast = contrast;
            self.applied_theme = None;
        }
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(if contrast {
                egui::ThemePreference::Light
            } else {
                self.settings.theme.preference()
            });
            self.applied_theme = Some(self.settings.theme);
        }
        let title = format!(
            "{}{} — Bulwark",
            if self.doc.is_dirty() { "● " } else { "" },
            self.doc.display_name()
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// A close request over unsaved work is cancelled and turned into the unsaved-work prompt.
    fn intercept_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.close_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.guard(ctx, Pending::Quit);
        }
    }

    fn panels_ui(&mut self, ui: &mut egui::Ui, fx: &mut Effects) {
        let theme = Theme::for_ui(ui);
        if self.workshop.presenting {
            self.presenter_ui(ui, fx);
            return;
        }
        let cx = PanelCtx {
            doc: &self.doc,
            catalog: &self.catalog,
            eval: &self.eval,
            theme: &theme,
            workshop_running: self.workshop.running.is_some(),
            suggestions: &self.suggestions.pending.pending,
        };
        egui::Panel::top("bulwark-menu").show(ui, |ui| {
            self.menu.ui(ui, &cx, &self.session, &self.settings, fx);
        });
        // The view switcher spans the window, so its tabs stay put when a view hides a panel.
        egui::Panel::top("bulwark-views")
            .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(6, 3)))
            .show(ui, |ui| views::switcher_ui(ui, &mut self.session.lens, fx));
        let mut ask_model_rules = None;
        egui::Panel::bottom("bulwark-status").show(ui, |ui| {
            let model_rules = self
                .rules
                .live
                .model_rules()
                .map(|mr| (mr, self.rules.live.model_rules_run()));
            let zoom = self
                .session
                .lens
                .view
                .shows_canvas()
                .then_some(self.session.canvas.screen_from_canvas.scaling);
            if self.status.ui(
                ui,
                &cx,
                self.message.as_deref(),
                &self.library_errors,
                model_rules,
                zoom,
            ) {
                ask_model_rules = self.rules.live.model_rules().cloned();
            }
        });
        if self.session.panels.findings {
            let r = egui::Panel::bottom("bulwark-findings")
                .resizable(true)
                .default_size(self.settings.findings_height)
                .size_range(120.0..=800.0)
                .show(ui, |ui| self.findings.ui(ui, &cx, &mut self.session, fx));
            self.settings.findings_height = r.response.rect.height();
        }
        // The palette adds components to a diagram; the frameworks view has none.
        if self.session.panels.palette && self.session.lens.view.shows_canvas() {
            let r = egui::Panel::left("bulwark-palette")
                .resizable(true)
                .default_size(self.settings.palette_width)
                .size_range(160.0..=420.0)
                .show(ui, |ui| self.palette.ui(ui, &cx, &mut self.session, fx));
            self.settings.palette_width = r.response.rect.width();
        }
        if self.session.panels.inspector {
            let r = egui::Panel::right("bulwark-inspector")
                .resizable(true)
                .default_size(self.settings.inspector_width)
                .size_range(240.0..=560.0)
                .show(ui, |ui| self.inspector.ui(ui, &cx, &mut self.session, fx));
            self.settings.inspector_width = r.response.rect.width();
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let ccx = CanvasCtx {
                model: self.doc.model(),
                catalog: &self.catalog,
                eval: &self.eval,
                theme: &theme,
                revision: self.doc.revision(),
                state: self.doc.state(),
                journal: self.doc.journal(),
            };
            match self.session.lens.view {
                views::Lens::Diagram => {}
                views::Lens::Maestro => {
                    egui::Panel::left("bulwark-maestro")
                        .resizable(true)
                        .default_size(260.0)
                        .size_range(200.0..=420.0)
                        .show(ui, |ui| views::maestro::legend_ui(ui, &ccx, &mut self.session));
                }
                views::Lens::Frameworks => {
                    views::frameworks::ui(ui, &ccx, &mut self.session);
                    return;
                }
                views::Lens::Pasta => {
                    views::pasta::ui(ui, &ccx, fx);
                    return;
                }
                views::Lens::Checklists => {
                    views::checklists::ui(ui, &ccx, &mut self.session);
                    return;
                }
                views::Lens::AttackPaths => {
                    let revision = self.eval.latest().map_or(0, |e| e.revision);
                    self.paths.ui(ui, &ccx, &mut self.session, revision);
                    return;
                }
            }
            self.canvas.ui(ui, &ccx, &mut self.session, fx);
        });
        if let Some(mr) = ask_model_rules {
            self.modals.push(Modal::ModelRules(mr));
        }
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let doc = &self.doc;
        self.eval.poll(ctx, doc.revision(), || doc.shared());
        self.poll_exports();
        self.poll_rules(ctx);
        self.autosave(ctx);
        self.poll_mapping(ctx);
        self.poll_suggestions(ctx);
        self.poll_assistant(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.sync_title_and_theme(&ctx);
        self.intercept_close(&ctx);
        let mut fx = Effects::default();
        let blocked = !self.modals.is_empty() || self.session.show_help;
        // Shortcuts are read before the widgets so a consumed key (F, Delete) never also
        // reaches the canvas; they are applied after drawing like everything else.
        self.rules.editor.take_save_shortcut(&ctx);
        if !blocked {
            self.presenter_keys(&ctx, &mut fx);
        }
        let clipboard = if blocked {
            Vec::new()
        } else {
            fx.commands.extend(AppCommand::pressed(&ctx));
            AppCommand::clipboard_events(&ctx)
        };

        self.refresh_compare();
        self.panels_ui(ui, &mut fx);
        self.suggestions_ui(&ctx);

        if let Some(modal) = self.modals.first_mut()
            && let Some(choice) = dialogs::modal_ui(&ctx, modal)
        {
            let modal = self.modals.remove(0);
            self.on_choice(&ctx, modal, choice);
            ctx.request_repaint();
        }
        if self.session.show_help {
            dialogs::help_ui(&ctx, &mut self.session.show_help);
        }
        self.rules_ui(&ctx);
        self.workshop_setup_ui(&ctx);
        self.apply_effects(&ctx, fx, clipboard);
        let evaluated = !self.eval.is_busy() && self.eval.latest().is_some();
        self.first_frames.frame(self.doc.model().elements.len(), evaluated);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.findings_group = self.session.findings_group;
        self.settings.findings_status = self.session.findings_status;
        self.settings.store(storage);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if !self.doc.is_dirty() {
            self.clear_recovery();
        }
    }

    fn persist_egui_memory(&self) -> bool {
        // Only `Settings` is persisted; zoom, selection and scratch start fresh.
        false
    }
}

//! The rule editor window: the list of rule files, a rhai editor with line numbers and syntax
//! colours, errors at their lines as you type, and "preview on this diagram" — what the rule
//! would flag, listed and highlighted on the canvas before it is saved.

use super::highlight::layout_job;
use super::preview::{DEBOUNCE, Job, Previewer};
use super::sources::{Origin, RuleSource};
use crate::app::session::RulePreviewHighlight;
use crate::app::theme::Theme;
use crate::catalog::{Catalog, SourceFile};
use crate::engine::Preview;
use crate::model::{ElementId, Model};
use egui::{RichText, Ui};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The text "New rule" starts from: it compiles, and its comments explain the API.
pub const TEMPLATE: &str = include_str!("../../../assets/rule-template.rhai");

/// Where a new file is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The user rules folder.
    User,
    /// `bulwark-rules/` beside the open model.
    Model,
}

/// What Save does with the text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A built-in file: it can be copied, not saved.
    ReadOnly,
    /// Back to this file.
    Existing(PathBuf),
    /// A new file, named in the editor.
    New,
}

/// What the editor reads each frame.
pub struct EditorCtx<'a> {
    /// The catalog rules compile against.
    pub catalog: &'a Arc<Catalog>,
    /// The open diagram.
    pub model: Arc<Model>,
    /// The document revision (the preview follows edits to the diagram).
    pub revision: u64,
    /// The user rules folder.
    pub user_dir: Option<&'a Path>,
    /// `bulwark-rules/` beside the open model, when the model has a file.
    pub model_dir: Option<PathBuf>,
    /// The person agreed to run the open model's own rules.
    pub model_rules_run: bool,
}

/// The rule editor's state (session state: never saved, never undone).
pub struct RuleEditor {
    /// The window is shown.
    pub open: bool,
    /// The listed files (refreshed by the app).
    pub sources: Vec<RuleSource>,
    selected: Option<(Origin, String)>,
    text: String,
    target: Target,
    file_name: String,
    place: Place,
    /// The text as last saved or opened, to tell unsaved edits.
    clean_text: String,
    generation: u64,
    due: Option<Instant>,
    /// (text generation, document revision, catalog) of the last preview asked for.
    asked: Option<(u64, u64, usize)>,
    previewer: Option<Previewer>,
    preview: Option<(u64, Preview)>,
    /// The last save or error, shown under the buttons.
    pub message: Option<String>,
    /// Ctrl+S was pressed while typing in the editor: save the rule, not the model.
    save_requested: bool,
    /// A preview row was clicked: zoom the canvas to these components.
    show: Option<Vec<ElementId>>,
}

/// A name a new rule file may have: `something.rhai` or `something.ron`, in the folder itself
/// (no path), not hidden.
pub fn is_rule_file_name(name: &str) -> bool {
    let plain = !name.starts_with('.') && !name.contains(['/', '\\']);
    let stem = name.strip_suffix(".rhai").or_else(|| name.strip_suffix(".ron"));
    plain && stem.is_some_and(|s| !s.is_empty())
}

/// The id of the rule text field, to tell when it has the keyboard.
pub fn source_id() -> egui::Id {
    egui::Id::new("bulwark-rule-source")
}

impl std::fmt::Debug for RuleEditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleEditor").field("open", &self.open).finish()
    }
}

impl RuleEditor {
    /// A closed editor; its preview thread starts now (`notify` asks for a repaint).
    pub fn new(notify: impl Fn() + Send + 'static) -> Self {
        let (previewer, message) = match Previewer::spawn(notify) {
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some(format!("Cannot start the rule preview: {e}"))),
        };
        let mut ed = Self {
            open: false,
            sources: Vec::new(),
            selected: None,
            text: String::new(),
            target: Target::New,
            file_name: String::new(),
            place: Place::User,
            clean_text: String::new(),
            generation: 0,
            due: None,
            asked: None,
            previewer,
            preview: None,
            message,
            save_requested: false,
            show: None,
        };
        ed.new_rule();
        ed
    }

    /// Starts a new rule from the template.
    pub fn new_rule(&mut self) {
        self.selected = None;
        self.target = Target::New;
        self.file_name = "my-rule.rhai".to_owned();
        self.set_text(TEMPLATE.to_owned());
        self.clean_text.clear();
    }

    /// Starts a new rule from `text` (a threat promoted to a rule), to be saved as `file_name`.
    pub fn new_rule_from(&mut self, text: String, file_name: String) {
        self.selected = None;
        self.target = Target::New;
        self.file_name = file_name;
        self.set_text(text);
        self.clean_text.clear();
    }

    fn set_text(&mut self, text: String) {
        self.clean_text = text.clone();
        self.text = text;
        self.edited(Instant::now());
    }

    fn edited(&mut self, now: Instant) {
        self.generation += 1;
        self.due = Some(now + DEBOUNCE);
    }

    /// Opens a listed file. Files that could not be read are not opened (so they can never be
    /// overwritten with something else).
    fn open_source(&mut self, s: &RuleSource) {
        let Ok(text) = &s.text else { return };
        self.selected = Some((s.origin, s.rel.clone()));
        self.file_name = Path::new(&s.rel)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.target = match (&s.path, s.origin) {
            (Some(p), Origin::User | Origin::Model) => Target::Existing(p.clone()),
            _ => Target::ReadOnly,
        };
        self.set_text(text.clone());
    }

    /// Takes Ctrl+S (before the app's shortcuts see it) while the rule text has the keyboard,
    /// so it saves the rule being edited rather than the model.
    pub fn take_save_shortcut(&mut self, ctx: &egui::Context) {
        if !self.open || !ctx.memory(|m| m.has_focus(source_id())) {
            return;
        }
        let save = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::S);
        if ctx.input_mut(|i| i.consume_shortcut(&save)) {
            self.save_requested = true;
        }
    }

    /// The file list was read again: an open file changed on disk by another editor is shown
    /// as it is now, unless it has unsaved edits here (then the person is told).
    pub fn sources_changed(&mut self) {
        let Target::Existing(path) = &self.target else { return };
        let on_disk = self
            .sources
            .iter()
            .find(|s| s.path.as_ref() == Some(path))
            .and_then(|s| s.text.as_ref().ok());
        match on_disk {
            Some(t) if *t != self.clean_text && self.text == self.clean_text => {
                self.set_text(t.clone());
                self.message = Some("Reloaded: the file changed on disk".to_owned());
            }
            Some(t) if *t != self.clean_text => {
                self.message = Some("The file changed on disk; saving replaces those changes".to_owned());
            }
            _ => {}
        }
    }

    /// Components a clicked preview row asks the canvas to show, once.
    pub fn take_show(&mut self) -> Option<Vec<ElementId>> {
        self.show.take()
    }

    /// The text being edited.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The newest preview, if it is for the current text.
    pub fn preview(&self) -> Option<&Preview> {
        self.preview
            .as_ref()
            .filter(|(g, _)| *g == self.generation)
            .map(|(_, p)| p)
    }

    /// Sends the text for preview when typing paused, or the diagram or rules changed; takes
    /// in results. Never waits.
    pub fn poll(&mut self, ctx: &egui::Context, cx: &EditorCtx<'_>) {
        if let Some(r) = self.previewer.as_ref().and_then(Previewer::latest)
            && r.0 == self.generation
        {
            self.preview = Some(r);
        }
        if !self.open {
            return;
        }
        let now = Instant::now();
        match self.due {
            Some(due) if due > now => ctx.request_repaint_after(due - now),
            _ if self.preview_blocked(cx) => {}
            _ => {
                let want = (self.generation, cx.revision, Arc::as_ptr(cx.catalog) as usize);
                if self.asked != Some(want) {
                    self.submit(cx, want);
                }
            }
        }
    }

    /// A preview runs the rule, so a file of the model's own rules is not previewed unless the
    /// person agreed to run them.
    fn preview_blocked(&self, cx: &EditorCtx<'_>) -> bool {
        matches!(self.selected, Some((Origin::Model, _))) && !cx.model_rules_run
    }

    fn submit(&mut self, cx: &EditorCtx<'_>, want: (u64, u64, usize)) {
        self.due = None;
        self.asked = Some(want);
        let display = self
            .save_path(cx)
            .map_or_else(|| self.file_name.clone(), |p| p.display().to_string());
        let job = Job {
            generation: self.generation,
            catalog: cx.catalog.clone(),
            file: SourceFile {
                rel: self.file_name.clone(),
                display,
                text: self.text.clone().into(),
            },
            model: cx.model.clone(),
        };
        if !self.previewer.as_ref().is_some_and(|p| p.submit(job)) {
            self.message = Some("The rule preview has stopped".to_owned());
        }
    }

    /// Asks for the preview of the current text now and waits for it (tests).
    pub fn wait_for_preview(&mut self, cx: &EditorCtx<'_>) {
        if self.preview_blocked(cx) {
            return;
        }
        let want = (self.generation, cx.revision, Arc::as_ptr(cx.catalog) as usize);
        if self.asked != Some(want) {
            self.submit(cx, want);
        }
        while self.preview().is_none() {
            match self.previewer.as_ref().and_then(|p| p.wait(Duration::from_secs(30))) {
                Some(r) if r.0 == self.generation => self.preview = Some(r),
                Some(_) => {}
                None => return,
            }
        }
    }

    /// What the canvas should point out: the preview's findings while the editor is open.
    pub fn highlight(&self) -> RulePreviewHighlight {
        let mut h = RulePreviewHighlight::default();
        if let Some(p) = self.preview().filter(|_| self.open) {
            for f in &p.findings {
                h.elements.insert(f.anchor.clone());
                h.elements.extend(f.elements.iter().cloned());
                h.flows.extend(f.flow.iter().cloned());
            }
        }
        h
    }

    fn save_path(&self, cx: &EditorCtx<'_>) -> Option<PathBuf> {
        match &self.target {
            Target::ReadOnly => None,
            Target::Existing(p) => Some(p.clone()),
            Target::New => {
                let dir = match self.place {
                    Place::User => cx.user_dir.map(Path::to_path_buf),
                    Place::Model => cx.model_dir.clone(),
                }?;
                Some(dir.join(&self.file_name))
            }
        }
    }

    /// Saves the text. New files get a checked name and never replace an existing file.
    fn save(&mut self, cx: &EditorCtx<'_>) -> Result<PathBuf, String> {
        let name = self.file_name.trim().to_owned();
        if self.target == Target::New {
            if !is_rule_file_name(&name) {
                return Err(format!("Name the file like \"my-rule.rhai\" (got {name:?})"));
            }
            self.file_name = name;
        }
        let path = self.save_path(cx).ok_or_else(|| match (&self.target, self.place) {
            (Target::ReadOnly, _) => "Built-in rules are read-only: copy it to your rules first".to_owned(),
            (_, Place::Model) => "Save the model first: its rules go in a folder beside it".to_owned(),
            (_, Place::User) => "There is no user rules folder on this system".to_owned(),
        })?;
        if self.target == Target::New && path.exists() {
            return Err(format!("{} already exists: pick another name", path.display()));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("Cannot create {}: {e}", dir.display()))?;
        }
        crate::model::write_atomic(&path, self.text.as_bytes())
            .map_err(|e| format!("Cannot save {}: {e}", path.display()))?;
        self.target = Target::Existing(path.clone());
        self.clean_text = self.text.clone();
        let origin = if self.place == Place::Model || cx.model_dir.as_deref().is_some_and(|d| path.starts_with(d)) {
            Origin::Model
        } else {
            Origin::User
        };
        self.selected = Some((origin, self.file_name.clone()));
        Ok(path)
    }

    /// Draws the window. Returns the path of a file it saved this frame.
    pub fn ui(&mut self, ctx: &egui::Context, cx: &EditorCtx<'_>) -> Option<PathBuf> {
        let mut open = self.open;
        let mut saved = None;
        // Over the inspector side, so the canvas stays visible for the preview highlight.
        let area = ctx.content_rect();
        let size = egui::vec2(820.0_f32.min(area.width() * 0.6), 660.0_f32.min(area.height() * 0.8));
        egui::Window::new("Rule editor")
            .open(&mut open)
            .default_pos(egui::pos2(area.right() - size.x - 16.0, area.top() + 40.0))
            .default_size(size)
            .resizable(true)
            .show(ctx, |ui| {
                egui::Panel::left("rule-sources")
                    .resizable(true)
                    .default_size(220.0)
                    .show(ui, |ui| self.sources_ui(ui));
                egui::CentralPanel::default().show(ui, |ui| {
                    saved = self.toolbar_ui(ui, cx);
                    self.code_ui(ui);
                    self.results_ui(ui, cx);
                });
            });
        self.open = open;
        saved
    }

    fn sources_ui(&mut self, ui: &mut Ui) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            let mut clicked = None;
            for origin in [Origin::User, Origin::Model, Origin::Builtin] {
                let group: Vec<&RuleSource> = self.sources.iter().filter(|s| s.origin == origin).collect();
                if group.is_empty() && origin == Origin::Model {
                    continue;
                }
                ui.label(RichText::new(origin.heading()).strong());
                if group.is_empty() {
                    ui.weak("None yet");
                }
                for s in group {
                    let on = self.selected.as_ref() == Some(&(s.origin, s.rel.clone()));
                    match &s.text {
                        Ok(_) => {
                            if ui.selectable_label(on, &s.rel).clicked() {
                                clicked = Some(s.clone());
                            }
                        }
                        Err(e) => {
                            ui.weak(format!("⚠ {}", s.rel)).on_hover_text(e);
                        }
                    }
                }
                ui.add_space(6.0);
            }
            if let Some(s) = clicked {
                self.open_source(&s);
            }
        });
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, cx: &EditorCtx<'_>) -> Option<PathBuf> {
        let mut saved = None;
        ui.horizontal(|ui| {
            if ui
                .button("New rule")
                .on_hover_text("Start from a template that explains the API")
                .clicked()
            {
                self.new_rule();
            }
            match &self.target {
                Target::ReadOnly => {
                    ui.weak("Built-in, read-only");
                    if ui.button("Copy to my rules").clicked() {
                        self.target = Target::New;
                        self.place = Place::User;
                        self.selected = None;
                        self.clean_text.clear();
                    }
                }
                Target::Existing(p) => {
                    ui.weak(p.display().to_string());
                }
                Target::New => {
                    let name = ui.add(egui::TextEdit::singleline(&mut self.file_name).desired_width(160.0));
                    name.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Rule file name"));
                    ui.radio_value(&mut self.place, Place::User, "In my rules");
                    let beside = ui.add_enabled(
                        cx.model_dir.is_some(),
                        egui::RadioButton::new(self.place == Place::Model, "Beside the model"),
                    );
                    if beside.clicked() {
                        self.place = Place::Model;
                    }
                }
            }
            let dirty = self.text != self.clean_text;
            let can = self.target != Target::ReadOnly && dirty;
            let clicked = ui
                .add_enabled(can, egui::Button::new("Save rule"))
                .on_hover_text("Ctrl+S while typing in the rule")
                .clicked();
            if clicked || (std::mem::take(&mut self.save_requested) && can) {
                match self.save(cx) {
                    Ok(p) => {
                        self.message = Some(format!("Saved {}", p.display()));
                        saved = Some(p);
                    }
                    Err(e) => self.message = Some(e),
                }
            }
        });
        if let Some(m) = &self.message {
            ui.weak(m.as_str());
        }
        saved
    }

    fn code_ui(&mut self, ui: &mut Ui) {
        let theme = Theme::for_ui(ui);
        let errors: BTreeSet<usize> = self
            .preview()
            .map(|p| p.errors.iter().map(|e| e.line).filter(|l| *l > 0).collect())
            .unwrap_or_default();
        let read_only = self.target == Target::ReadOnly;
        let font = egui::TextStyle::Monospace.resolve(ui.style());
        let plain = ui.visuals().text_color();
        let weak = ui.visuals().weak_text_color();
        let error_fg = ui.visuals().error_fg_color;
        let lines = self.text.split('\n').count();
        let mut gutter = egui::text::LayoutJob::default();
        for n in 1..=lines {
            let color = if errors.contains(&n) { error_fg } else { weak };
            let sep = if n < lines { "\n" } else { "" };
            gutter.append(
                &format!("{n:>4}{sep}"),
                0.0,
                egui::TextFormat::simple(font.clone(), color),
            );
        }
        let code = theme.palette.code;
        let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, _wrap: f32| {
            let job = layout_job(buf.as_str(), font.clone(), plain, &code, &errors);
            ui.fonts_mut(|f| f.layout_job(job))
        };
        let height = (ui.available_height() * 0.62).max(160.0);
        egui::ScrollArea::both()
            .id_salt("rule-code")
            .max_height(height)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        // The text field's inner margin, so numbers line up with its rows.
                        ui.add_space(2.0);
                        ui.label(gutter);
                    });
                    let edit = egui::TextEdit::multiline(&mut self.text)
                        .id(source_id())
                        .code_editor()
                        .interactive(!read_only)
                        .desired_width(f32::INFINITY)
                        .desired_rows(24)
                        .layouter(&mut layouter);
                    let out = ui.add(edit);
                    out.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Rule source"));
                    if out.changed() {
                        self.generation += 1;
                        self.due = Some(Instant::now() + DEBOUNCE);
                    }
                });
            });
    }

    fn results_ui(&mut self, ui: &mut Ui, cx: &EditorCtx<'_>) {
        if self.preview_blocked(cx) {
            ui.weak(
                "Not previewed: this model's own rules do not run (you chose \"Don't run\", or have not answered).",
            );
            return;
        }
        let Some(p) = self.preview() else {
            ui.weak("Compiling…");
            return;
        };
        let mut show = None;
        egui::ScrollArea::vertical().id_salt("rule-results").show(ui, |ui| {
            let error_fg = ui.visuals().error_fg_color;
            for e in &p.errors {
                ui.label(RichText::new(e.to_string()).monospace().color(error_fg));
            }
            if p.errors.is_empty() && p.rules.is_empty() {
                ui.weak("The file defines no rule");
            }
            let n = p.findings.len();
            let plural = if n == 1 { "finding" } else { "findings" };
            ui.label(RichText::new(format!("Preview on this diagram: {n} {plural}")).strong());
            for f in &p.findings {
                let name = cx
                    .model
                    .elements
                    .get(&f.anchor)
                    .map_or_else(|| f.anchor.to_string(), |e| e.name.clone());
                let status = if f.status.is_open() {
                    String::new()
                } else {
                    format!(" ({})", f.status.label())
                };
                let row = egui::Button::new(format!("{name} — {}{status}", f.title)).frame(false);
                if ui.add(row).on_hover_text(f.why.as_str()).clicked() {
                    let mut ids = vec![f.anchor.clone()];
                    ids.extend(f.elements.iter().cloned());
                    show = Some(ids);
                }
            }
        });
        if show.is_some() {
            self.show = show;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_rule_files_are_plain_rhai_or_ron_names() {
        for ok in ["a.rhai", "x.ron", "my-rule.rhai"] {
            assert!(is_rule_file_name(ok), "{ok}");
        }
        for bad in [".rhai", ".hidden.rhai", "../x.rhai", "dir/x.rhai", "x.txt", "x", ""] {
            assert!(!is_rule_file_name(bad), "{bad}");
        }
    }
}

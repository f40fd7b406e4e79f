//! The status bar: open findings by severity, when and how fast the last evaluation ran, rule
//! and library errors, and the last thing that happened.

use super::PanelCtx;
use super::findings::severity_title;
use crate::catalog::Severity;
use egui::{RichText, Ui};

/// The status bar.
#[derive(Debug, Default)]
pub struct StatusBar;

impl StatusBar {
    /// Draws the bar. `message` is the last thing that happened ("Saved …", "Undid …").
    /// `model_rules` is the open model's own rules folder and whether it runs; clicking it
    /// returns true (the app asks again).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: &PanelCtx<'_>,
        message: Option<&str>,
        library_errors: &[String],
        model_rules: Option<(&crate::catalog::ModelRules, bool)>,
        zoom: Option<f32>,
    ) -> bool {
        let mut ask_again = false;
        ui.horizontal(|ui| {
            let pal = &cx.theme.palette;
            let counts = cx.eval.open_by_severity();
            for (s, n) in Severity::WORST_FIRST.iter().zip(counts) {
                let color = if n > 0 { pal.severity(*s) } else { pal.text_weak };
                ui.label(RichText::new(format!("◆ {n} {}", severity_title(*s).to_lowercase())).color(color))
                    .on_hover_text(format!("Open findings of {} severity", s.id()));
            }
            ui.label(RichText::new(format!("✔ {} closed", cx.eval.closed())).color(pal.mitigated))
                .on_hover_text("Mitigated or triaged findings");
            ui.separator();
            match (cx.eval.latest(), cx.eval.is_busy()) {
                (_, true) => {
                    ui.weak("evaluating…");
                }
                (Some(e), false) => {
                    let ms = e.elapsed.as_secs_f64() * 1000.0;
                    ui.weak(format!("evaluated revision {} in {ms:.1} ms", e.revision))
                        .on_hover_text("Rules run on a background thread after each change");
                }
                (None, false) => {
                    ui.weak("not evaluated yet");
                }
            }
            if let Some(err) = &cx.eval.worker_error {
                ui.colored_label(pal.severity(Severity::Critical), err);
            }
            let rule_errors = cx.eval.rule_errors();
            let errors: Vec<&String> = rule_errors.iter().chain(library_errors).collect();
            if !errors.is_empty() {
                let text = errors.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n");
                ui.colored_label(
                    pal.severity(Severity::Medium),
                    format!("⚠ {} rule errors", errors.len()),
                )
                .on_hover_text(text);
            }
            if let Some((mr, run)) = model_rules {
                let text = if run {
                    "▣ model's own rules: running"
                } else {
                    "▢ model's own rules: not running"
                };
                let hover = format!("{}.\nClick to decide again.", mr.summary());
                ask_again = ui
                    .add(egui::Button::new(text).frame(false))
                    .on_hover_text(hover)
                    .clicked();
            }
            if let Some(m) = message {
                ui.separator();
                ui.label(m);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // The canvas's zoom lives here, not over the drawing where it could hide a
                // component.
                if let Some(z) = zoom {
                    ui.weak(format!("{:.0} %", z * 100.0)).on_hover_text(
                        "Canvas zoom. Wheel: zoom · drag: select · right-drag or Space+drag: pan · F: fit · ?: all shortcuts",
                    );
                    ui.separator();
                }
                let name = cx.doc.display_name();
                let state = match (cx.doc.path(), cx.doc.is_dirty()) {
                    (None, _) => " · no file yet",
                    (Some(_), true) => " · unsaved changes",
                    (Some(_), false) => " · saved",
                };
                let where_ = cx
                    .doc
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "Save it with Ctrl+S".to_owned());
                ui.weak(format!("{name}{state}")).on_hover_text(where_);
            });
        });
        ask_again
    }
}

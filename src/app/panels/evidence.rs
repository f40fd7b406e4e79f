//! The inspector's Evidence section for items `bulwark map` inferred: what was seen where
//! (file:line and the matched text), how sure the mapper is, and a Confirm button.

use super::widgets::section;
use crate::app::Effects;
use crate::app::theme::Theme;
use crate::catalog::Severity;
use crate::model::{Edit, Evidence, InferredState, Provenance, Target, Transaction};
use egui::{RichText, Ui};

/// Most evidence lines listed before "… and N more".
const SHOWN: usize = 8;

/// The section, when the item was inferred.
pub fn ui(ui: &mut Ui, theme: &Theme, target: Target, provenance: Option<&Provenance>, fx: &mut Effects) {
    let Some(p) = provenance else { return };
    section(ui, "Evidence");
    let pal = &theme.palette;
    let color = match p.state {
        InferredState::Confirmed => pal.mitigated,
        InferredState::New => pal.highlight,
        InferredState::Vanished => pal.severity(Severity::Medium),
        InferredState::Inferred => pal.text_weak,
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(p.state.label()).color(color).strong());
        ui.weak(format!(
            "· {} confidence · mapped from the repository",
            p.confidence.label()
        ));
    });
    if p.state == InferredState::Vanished {
        ui.label("Its evidence is gone from the repository; remove it if it no longer exists.");
    }
    if p.needs_review() {
        let what = match target {
            Target::Element(_) => "component",
            Target::Flow(_) => "flow",
        };
        if ui
            .button("Confirm")
            .on_hover_text(format!("Mark this {what} as checked by a person (undoable)"))
            .clicked()
        {
            fx.edit(Transaction::single(
                format!("Confirm inferred {what}"),
                Edit::SetInferredState {
                    target,
                    state: InferredState::Confirmed,
                },
            ));
        }
    }
    list(ui, &p.evidence);
    for (control, evidence) in &p.controls {
        ui.add_space(2.0);
        ui.label(RichText::new(format!("Control {control}")).strong());
        list(ui, evidence);
    }
}

fn list(ui: &mut Ui, evidence: &[Evidence]) {
    for e in evidence.iter().take(SHOWN) {
        ui.label(RichText::new(format!("{}:{}", e.file, e.line)).monospace())
            .on_hover_text(format!("Matched by detector {:?}", e.detector));
        ui.add(egui::Label::new(RichText::new(&e.text).monospace().weak()).wrap());
    }
    if evidence.len() > SHOWN {
        ui.weak(format!("… and {} more", evidence.len() - SHOWN));
    }
}

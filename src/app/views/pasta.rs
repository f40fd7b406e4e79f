//! The PASTA workspace: the seven stages as a guided page over the one model. Stage 1's
//! business objectives (impact, the components each depends on) and compliance needs are
//! written here and stored in the model; every other stage reads the diagram, the findings and
//! the attack paths (`crate::lens::pasta`, the same computation the reports print), and says
//! what it has and what it still lacks.

use crate::app::Effects;
use crate::app::canvas::CanvasCtx;
use crate::app::panels::widgets::commit_text;
use crate::engine::Finding;
use crate::model::{Edit, Objective, Pasta, Severity, Transaction};
use egui::{Id, RichText, Ui};

fn set(fx: &mut Effects, label: &str, pasta: Pasta) {
    fx.edit(Transaction::single(label, Edit::SetPasta { pasta }));
}

/// The whole page.
pub fn ui(ui: &mut Ui, cx: &CanvasCtx<'_>, fx: &mut Effects) {
    let pal = &cx.theme.palette;
    let findings: Vec<&Finding> = cx.eval.findings().iter().map(|f| &**f).collect();
    let stages = crate::lens::pasta::stages(cx.model, cx.catalog, &findings);
    let risks = crate::lens::pasta::objective_risks(cx.model, &findings);
    let pasta = &cx.model.pasta;
    let ui = &mut ui
        .new_child(egui::UiBuilder::new().max_rect(ui.available_rect_before_wrap().shrink2(egui::vec2(10.0, 0.0))));
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        ui.heading("PASTA");
        ui.weak("The seven stages of the Process for Attack Simulation and Threat Analysis over this model. Only the business objectives and compliance needs are written here; every other stage is read from the diagram and its findings.");
        ui.add_space(6.0);
        for stage in &stages {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("Stage {} · {}", stage.number, stage.name)).strong());
                for h in &stage.has {
                    ui.label(format!("✔ {h}"));
                }
                for l in &stage.lacks {
                    ui.label(RichText::new(format!("✘ {l}")).color(pal.severity(Severity::Medium)));
                }
                if stage.number == 1 {
                    ui.add_space(4.0);
                    objectives_ui(ui, cx, pasta, &risks, fx);
                    compliance_ui(ui, pasta, fx);
                }
            });
            ui.add_space(4.0);
        }
    });
}

fn objectives_ui(
    ui: &mut Ui,
    cx: &CanvasCtx<'_>,
    pasta: &Pasta,
    risks: &[crate::lens::pasta::ObjectiveRisk<'_>],
    fx: &mut Effects,
) {
    let pal = &cx.theme.palette;
    for (i, (o, r)) in pasta.objectives.iter().zip(risks).enumerate() {
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(format!("Objective {}", i + 1));
            if let Some(name) = commit_text(
                ui,
                Id::new(("pasta-objective", i)),
                &o.name,
                false,
                "What the business needs",
            ) {
                let mut p = pasta.clone();
                p.objectives[i].name = name;
                set(fx, "Rename business objective", p);
            }
        });
        ui.horizontal(|ui| {
            ui.label("Impact if it fails");
            egui::ComboBox::from_id_salt(("pasta-impact", i))
                .selected_text(o.impact.id())
                .show_ui(ui, |ui| {
                    for s in Severity::WORST_FIRST {
                        if ui.selectable_label(o.impact == s, s.id()).clicked() && o.impact != s {
                            let mut p = pasta.clone();
                            p.objectives[i].impact = s;
                            set(fx, "Set objective impact", p);
                        }
                    }
                });
            let residual = match r.residual {
                Some(s) => {
                    RichText::new(format!("residual risk {} ({} open)", s.id(), r.open.len())).color(pal.severity(s))
                }
                None => RichText::new("no open threat on its components").color(pal.mitigated),
            };
            ui.label(residual);
            if ui.small_button("Remove").clicked() {
                let mut p = pasta.clone();
                p.objectives.remove(i);
                set(fx, "Remove business objective", p);
            }
        });
        let names: Vec<&str> = o
            .elements
            .iter()
            .map(|e| cx.model.elements.get(e).map_or(e.as_str(), |x| x.name.as_str()))
            .collect();
        egui::CollapsingHeader::new(format!(
            "Depends on: {}",
            if names.is_empty() {
                "no component yet".to_owned()
            } else {
                names.join(", ")
            }
        ))
        .id_salt(("pasta-elements", i))
        .show(ui, |ui| {
            for (id, e) in &cx.model.elements {
                let mut on = o.elements.contains(id);
                if ui.checkbox(&mut on, &e.name).changed() {
                    let mut p = pasta.clone();
                    if on {
                        p.objectives[i].elements.insert(id.clone());
                    } else {
                        p.objectives[i].elements.remove(id);
                    }
                    set(fx, "Change what an objective depends on", p);
                }
            }
        });
    }
    if ui.button("+ Business objective").clicked() {
        let mut p = pasta.clone();
        p.objectives.push(Objective {
            name: format!("Objective {}", p.objectives.len() + 1),
            impact: Severity::High,
            elements: Default::default(),
        });
        set(fx, "Add business objective", p);
    }
}

fn compliance_ui(ui: &mut Ui, pasta: &Pasta, fx: &mut Effects) {
    ui.separator();
    ui.label("Compliance needs");
    for (i, c) in pasta.compliance.iter().enumerate() {
        ui.horizontal(|ui| {
            // The button first: the text field takes the rest of the row.
            if ui.small_button("Remove").clicked() {
                let mut p = pasta.clone();
                p.compliance.remove(i);
                set(fx, "Remove compliance need", p);
            }
            if let Some(text) = commit_text(
                ui,
                Id::new(("pasta-compliance", i)),
                c,
                false,
                "Regulation, standard or contract",
            ) {
                let mut p = pasta.clone();
                p.compliance[i] = text;
                set(fx, "Edit compliance need", p);
            }
        });
    }
    if let Some(text) = commit_text(
        ui,
        Id::new("pasta-compliance-new"),
        "",
        false,
        "Add a compliance need (Enter)",
    ) && !text.trim().is_empty()
    {
        let mut p = pasta.clone();
        p.compliance.push(text.trim().to_owned());
        set(fx, "Add compliance need", p);
    }
}

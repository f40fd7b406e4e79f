//! The frameworks view: this model's open findings laid out on MITRE ATLAS (tactics as columns,
//! techniques as cells) and on the OWASP LLM Top 10 and Agentic T1–T17 lists. A cell is
//! coloured by the worst open finding that references it; picking one lists those findings,
//! and "Show on diagram" points out their components on the diagram.

use super::{FrameworkTab, Lens};
use crate::app::canvas::CanvasCtx;
use crate::app::session::Session;
use crate::app::theme::with_alpha;
use crate::engine::Finding;
use crate::lens::{Cell, Column};
use egui::{RichText, Ui};

/// Width of one ATLAS column, in points.
const COLUMN_WIDTH: f32 = 150.0;

/// Width of one list cell, in points.
const CARD_WIDTH: f32 = 220.0;

/// The whole view.
pub fn ui(ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session) {
    let open: Vec<&Finding> = cx
        .eval
        .findings()
        .iter()
        .map(|f| &**f)
        .filter(|f| f.status.is_open())
        .collect();
    let fw = &cx.catalog.frameworks;
    let state = &mut session.lens;
    let (columns, grid) = match state.tab {
        FrameworkTab::Atlas => (crate::lens::atlas_full(fw, &open), Vec::new()),
        FrameworkTab::OwaspLlm => (
            Vec::new(),
            crate::lens::item_grid(&fw.owasp_llm, &open, |f| f.references.owasp_llm.clone()),
        ),
        FrameworkTab::Agentic => (
            Vec::new(),
            crate::lens::item_grid(&fw.agentic, &open, |f| f.references.agentic.clone()),
        ),
    };
    let cells: Vec<&Cell> = columns.iter().flat_map(|c| c.cells.iter()).chain(grid.iter()).collect();
    let reached = cells.iter().filter(|c| !c.findings.is_empty()).count();
    egui::Panel::top("bulwark-frameworks-tabs").show(ui, |ui| {
        ui.horizontal(|ui| {
            for tab in FrameworkTab::ALL {
                if ui.selectable_label(state.tab == tab, tab.label()).clicked() && state.tab != tab {
                    state.tab = tab;
                    state.cell = None;
                }
            }
            ui.separator();
            ui.weak(format!(
                "{reached} of {} entries referenced by this model's {} open findings",
                cells.len(),
                open.len()
            ));
        });
    });
    let picked = state
        .cell
        .as_deref()
        .and_then(|id| cells.iter().find(|c| c.item.id == id))
        .copied();
    if let Some(cell) = picked {
        egui::Panel::right("bulwark-frameworks-cell")
            .resizable(true)
            .default_size(320.0)
            .size_range(240.0..=520.0)
            .show(ui, |ui| details_ui(ui, cx, session, cell));
    }
    egui::CentralPanel::no_frame().show(ui, |ui| {
        egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
            ui.add_space(6.0);
            match session.lens.tab {
                FrameworkTab::Atlas => matrix_ui(ui, cx, session, &columns),
                _ => grid_ui(ui, cx, session, &grid),
            }
        });
    });
}

fn matrix_ui(ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session, columns: &[Column<'_>]) {
    ui.horizontal_top(|ui| {
        for col in columns {
            ui.allocate_ui_with_layout(
                egui::vec2(COLUMN_WIDTH, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(COLUMN_WIDTH);
                    ui.label(RichText::new(&col.tactic.name).strong())
                        .on_hover_text(&col.tactic.id);
                    let hit = col.cells.iter().filter(|c| !c.findings.is_empty()).count();
                    ui.weak(format!("{hit} of {}", col.cells.len()));
                    ui.add_space(4.0);
                    for cell in &col.cells {
                        cell_ui(ui, cx, session, cell, COLUMN_WIDTH);
                    }
                },
            );
        }
    });
}

fn grid_ui(ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session, grid: &[Cell<'_>]) {
    ui.horizontal_wrapped(|ui| {
        for cell in grid {
            ui.allocate_ui_with_layout(
                egui::vec2(CARD_WIDTH, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(CARD_WIDTH);
                    cell_ui(ui, cx, session, cell, CARD_WIDTH);
                },
            );
        }
    });
}

/// One cell: a button named by the item and its count, filled by the worst open finding.
fn cell_ui(ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session, cell: &Cell<'_>, width: f32) {
    let pal = &cx.theme.palette;
    let n = cell.findings.len();
    let worst = cell.findings.iter().map(|f| f.severity).max();
    let picked = session.lens.cell.as_deref() == Some(cell.item.id.as_str());
    let text = if n == 0 {
        RichText::new(&cell.item.name).small().color(pal.text_weak)
    } else {
        RichText::new(format!("{} ({n})", cell.item.name))
            .small()
            .color(pal.text)
    };
    let mut button = egui::Button::new(text).wrap().min_size(egui::vec2(width - 6.0, 0.0));
    button = match worst {
        Some(s) => button
            .fill(with_alpha(pal.severity(s), 70))
            .stroke(egui::Stroke::new(1.0, pal.severity(s))),
        None => button.fill(egui::Color32::TRANSPARENT),
    };
    if picked {
        button = button.stroke(egui::Stroke::new(2.0, pal.selection));
    }
    let hover = format!(
        "{} · {}\n{}",
        cell.item.id,
        cell.item.name,
        match n {
            0 => "No open finding references it".to_owned(),
            1 => "1 open finding references it".to_owned(),
            n => format!("{n} open findings reference it"),
        }
    );
    if ui.add(button).on_hover_text(hover).clicked() {
        session.lens.cell = if picked { None } else { Some(cell.item.id.clone()) };
    }
}

/// The picked cell: its findings, each selectable, and the way back to the diagram.
fn details_ui(ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session, cell: &Cell<'_>) {
    let pal = &cx.theme.palette;
    ui.horizontal(|ui| {
        ui.label(RichText::new(&cell.item.id).monospace());
        if ui.small_button("Close").clicked() {
            session.lens.cell = None;
        }
    });
    ui.heading(&cell.item.name);
    if cell.findings.is_empty() {
        ui.weak("No open finding in this model references it.");
        return;
    }
    ui.label(format!(
        "{} open finding{}:",
        cell.findings.len(),
        if cell.findings.len() == 1 { "" } else { "s" }
    ));
    if ui
        .button("Show on diagram")
        .on_hover_text("Point out these findings' components on the diagram (Esc clears)")
        .clicked()
    {
        session.lens.highlight = cell
            .findings
            .iter()
            .flat_map(|f| f.elements.iter().chain(std::iter::once(&f.anchor)).chain(f.path.iter()))
            .cloned()
            .collect();
        session.lens.view = Lens::Diagram;
        session.viewport = None;
    }
    ui.add_space(4.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        for f in &cell.findings {
            let selected = session.selected_finding.as_ref() == Some(&f.id);
            let on = cx
                .model
                .elements
                .get(&f.anchor)
                .map_or(f.anchor.as_str(), |e| e.name.as_str());
            let text = RichText::new(format!("◆ {} — {on}", f.title)).color(pal.severity(f.severity));
            if ui
                .selectable_label(selected, text)
                .on_hover_text(format!("{}\n{}", f.id, f.why))
                .clicked()
            {
                session.selected_finding = if selected { None } else { Some(f.id.clone()) };
                session.panels.findings = true;
            }
        }
    });
}

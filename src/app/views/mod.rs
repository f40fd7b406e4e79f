//! Views of the one model: the diagram, the diagram by MAESTRO layer, and the findings on the
//! frameworks' own grids (ATLAS matrix, OWASP LLM Top 10, OWASP Agentic T1–T17). Each reads the
//! live evaluation through `crate::lens`, the same computation the reports print.

pub mod checklists;
pub mod frameworks;
pub mod maestro;
pub mod pasta;
pub mod paths;

use crate::app::Effects;
use crate::app::commands::AppCommand;
use crate::model::{ElementId, MaestroLayer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the centre of the window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lens {
    /// The editable diagram.
    #[default]
    Diagram,
    /// The diagram coloured and filtered by MAESTRO layer, with the cross-layer threats.
    Maestro,
    /// Findings on the ATLAS matrix and the OWASP lists.
    Frameworks,
    /// How untrusted sources reach sinks, as the path rules found it.
    AttackPaths,
    /// Secure-by-design and compliance checklists against the model's controls.
    Checklists,
    /// PASTA's seven stages over the model, with its business objectives.
    Pasta,
}

impl Lens {
    /// Every view, in switcher order.
    pub const ALL: [Lens; 6] = [
        Lens::Diagram,
        Lens::Maestro,
        Lens::Frameworks,
        Lens::AttackPaths,
        Lens::Checklists,
        Lens::Pasta,
    ];

    /// The switcher's label.
    pub fn label(self) -> &'static str {
        match self {
            Lens::Diagram => "Diagram",
            Lens::Maestro => "MAESTRO layers",
            Lens::Frameworks => "ATLAS and OWASP",
            Lens::AttackPaths => "Attack paths",
            Lens::Checklists => "Secure by design",
            Lens::Pasta => "PASTA",
        }
    }

    /// The command that shows this view (its shortcut is the command's).
    pub fn command(self) -> AppCommand {
        match self {
            Lens::Diagram => AppCommand::ViewDiagram,
            Lens::Maestro => AppCommand::ViewMaestro,
            Lens::Frameworks => AppCommand::ViewFrameworks,
            Lens::AttackPaths => AppCommand::ViewAttackPaths,
            Lens::Checklists => AppCommand::ViewChecklists,
            Lens::Pasta => AppCommand::ViewPasta,
        }
    }

    /// Whether the canvas is drawn in this view.
    pub fn shows_canvas(self) -> bool {
        !matches!(
            self,
            Lens::Frameworks | Lens::AttackPaths | Lens::Checklists | Lens::Pasta
        )
    }
}

/// Which framework the frameworks view lays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FrameworkTab {
    /// MITRE ATLAS: tactics as columns, techniques as cells.
    #[default]
    Atlas,
    /// OWASP Top 10 for LLM Applications 2025.
    OwaspLlm,
    /// OWASP Agentic threats T1–T17.
    Agentic,
}

impl FrameworkTab {
    /// Every tab, in order.
    pub const ALL: [FrameworkTab; 3] = [FrameworkTab::Atlas, FrameworkTab::OwaspLlm, FrameworkTab::Agentic];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            FrameworkTab::Atlas => "MITRE ATLAS",
            FrameworkTab::OwaspLlm => "OWASP LLM Top 10",
            FrameworkTab::Agentic => "OWASP Agentic T1–T17",
        }
    }
}

/// The views' part of the session: the view shown and what each view has picked.
#[derive(Debug, Clone, Default)]
pub struct LensState {
    /// The view shown.
    pub view: Lens,
    /// MAESTRO layers filtered out (their components are dimmed).
    pub hidden_layers: BTreeSet<MaestroLayer>,
    /// The framework laid out.
    pub tab: FrameworkTab,
    /// The picked framework item (technique or list entry), by id.
    pub cell: Option<String>,
    /// Components a picked cell asked to point out on the diagram.
    pub highlight: BTreeSet<ElementId>,
    /// Which routes the attack-path explorer shows.
    pub paths: crate::lens::RouteFilter,
}

/// The switcher strip over the centre: one tab per view, with its shortcut in the tooltip.
pub fn switcher_ui(ui: &mut egui::Ui, state: &mut LensState, fx: &mut Effects) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        for lens in Lens::ALL {
            let cmd = lens.command();
            let tip = match cmd.shortcut_text(ui.ctx()) {
                Some(k) => format!("{} ({k})", cmd.tooltip()),
                None => cmd.tooltip().to_owned(),
            };
            if ui
                .selectable_label(state.view == lens, lens.label())
                .on_hover_text(tip)
                .clicked()
            {
                fx.command(cmd);
            }
        }
        if !state.highlight.is_empty() && state.view == Lens::Diagram {
            ui.separator();
            ui.weak(format!("{} components pointed out", state.highlight.len()));
            if ui.small_button("Clear").clicked() {
                state.highlight.clear();
            }
        }
    });
}

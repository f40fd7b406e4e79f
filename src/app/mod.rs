//! The desktop application (eframe/egui): canvas, palette, inspector, findings, files.
//! The only module that knows egui exists.
//!
//! State lives in three places (STYLE.md, "App state vs UI"): the document and its undo history
//! ([`document`]), the session — selection, filters, viewport, open panels ([`session`]) — and
//! widget scratch in egui memory (a drag in progress, text being typed). The panels and the
//! canvas read the document and return [`Effects`]: transactions and [`AppCommand`]s that the
//! [`App`] applies after drawing, in one place. Nothing in the UI changes the document directly.

pub mod arrange;
mod canvas;
mod clipboard;
mod commands;
mod desktop;
mod dialogs;
pub mod document;
mod evaluation;
pub mod export;
pub mod files;
pub mod geometry;
mod icons;
pub mod journal;
mod mapping;
pub mod ops;
mod panels;
pub mod routing;
pub mod rules;
pub mod session;
pub mod settings;
pub mod startup;
pub mod theme;
pub mod views;
mod workshop;

pub use commands::AppCommand;
pub use desktop::{App, Startup};
pub use files::{DialogAnswer, FileDialog, NativeDialog};
pub use workshop::PRESENTER_BODY_PT;

use crate::model::Transaction;
use session::Selection;
use settings::ThemeChoice;
use std::path::PathBuf;

/// Something with a payload the UI asks for (the payload-free ones are [`AppCommand`]s).
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Place a palette item in the middle of the view.
    Place(ops::PaletteItem),
    /// Open a file (asking about unsaved work first).
    OpenPath(PathBuf),
    /// Open a shipped example (asking about unsaved work first).
    OpenExample(usize),
    /// Switch the theme.
    SetTheme(ThemeChoice),
    /// Zoom the canvas to these components.
    Show(Vec<crate::model::ElementId>),
    /// Export a report or the diagram (asks where).
    Export(export::ExportTarget),
    /// Whether exported reports list mitigated and triaged findings.
    SetExportIncludeClosed(bool),
    /// Open the rule editor on a rule prefilled from a threat a person wrote.
    PromoteThreat(crate::model::FindingId),
    /// Accept (`true`) or reject a pending suggestion, by its id.
    DecideSuggestion(String, bool),
    /// Ask the assistant to explain the selected finding for an executive rather than a
    /// developer.
    ExplainForExecutive,
}

/// What the UI asked for during one frame, applied after drawing.
#[derive(Debug, Default)]
pub struct Effects {
    edits: Vec<(Transaction, Option<Selection>)>,
    commands: Vec<AppCommand>,
    actions: Vec<Action>,
}

impl Effects {
    /// Apply a transaction (one undo step).
    pub fn edit(&mut self, tx: Transaction) {
        self.edits.push((tx, None));
    }

    /// Apply a transaction, then select `sel` (a placed component, a new flow).
    pub fn edit_then_select(&mut self, tx: Transaction, sel: Selection) {
        self.edits.push((tx, Some(sel)));
    }

    /// Run a command.
    pub fn command(&mut self, c: AppCommand) {
        self.commands.push(c);
    }

    /// Do something with a payload.
    pub fn action(&mut self, a: Action) {
        self.actions.push(a);
    }
}

/// Opens the desktop app with `file`, or the last file, or the built-in example.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Bulwark")
            .with_app_id("bulwark")
            .with_inner_size([1600.0, 1000.0])
            .with_min_inner_size([900.0, 560.0]),
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native("Bulwark", options, Box::new(move |cc| Ok(Box::new(App::new(cc, file)))))
        .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

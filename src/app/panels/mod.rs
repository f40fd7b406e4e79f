//! The panels around the canvas. Each is a struct with a `ui` method that reads a
//! [`PanelCtx`] and returns its intents through [`Effects`](crate::app::Effects); none of them
//! changes the document.

mod decision;
pub use decision::new_threat;
mod evidence;
pub mod findings;
pub mod inspector;
pub mod menu;
mod multi;
pub mod palette;
pub mod status;
pub(crate) mod widgets;

use crate::app::document::Document;
use crate::app::evaluation::Evaluator;
use crate::app::theme::Theme;
use crate::catalog::Catalog;
use crate::model::Model;

/// What every panel reads: the document, the catalog, the findings and the theme.
pub struct PanelCtx<'a> {
    /// The document (and its undo labels, dirty flag, file).
    pub doc: &'a Document,
    /// Component kinds, questions, controls, data classes, frameworks.
    pub catalog: &'a Catalog,
    /// Findings.
    pub eval: &'a Evaluator,
    /// Colours and sizes.
    pub theme: &'a Theme,
    /// A workshop session is running.
    pub workshop_running: bool,
    /// Suggestions waiting beside the model for a person's review.
    pub suggestions: &'a [crate::model::Suggestion],
}

impl PanelCtx<'_> {
    /// The model.
    pub fn model(&self) -> &Model {
        self.doc.model()
    }

    /// The controls a component offers: its kind's, then what is set on it, then what an open
    /// finding on it still lacks, even where the kind does not usually offer it (a service
    /// answered as running in a confidential VM needs the TEE controls), so that every control
    /// a finding names can be set where it is raised.
    pub fn controls_offered(
        &self,
        id: &crate::model::ElementId,
        el: &crate::model::Element,
    ) -> Vec<crate::model::ControlId> {
        let mut ids = self
            .catalog
            .kind(&el.kind)
            .map(|k| k.controls.clone())
            .unwrap_or_default();
        let named: Vec<_> = self
            .eval
            .open_on(id)
            .flat_map(|f| f.missing_controls.iter().cloned())
            .collect();
        for c in el.controls.keys().cloned().chain(named) {
            if !ids.contains(&c) {
                ids.push(c);
            }
        }
        ids
    }
}

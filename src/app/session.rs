//! Session state: what the person is looking at and working on — selection, filters, the
//! viewport, open panels. Never saved in the document and never undone.

use crate::model::{BoundaryId, ElementId, FindingId, FlowId, Model};
use egui::emath::TSTransform;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One selectable thing on the canvas.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A component.
    Element(ElementId),
    /// A data flow.
    Flow(FlowId),
    /// A trust boundary.
    Boundary(BoundaryId),
}

/// What focus mode keeps in full colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// A component and what is within `steps` flows of it.
    Around {
        /// The component in the middle.
        element: ElementId,
        /// How many flows away still counts.
        steps: usize,
    },
    /// The components and flows one finding involves (its path, its flow).
    Finding(FindingId),
}

/// What is selected, by stable id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Selected components.
    pub elements: BTreeSet<ElementId>,
    /// Selected flows.
    pub flows: BTreeSet<FlowId>,
    /// Selected trust boundaries.
    pub boundaries: BTreeSet<BoundaryId>,
}

impl Selection {
    /// A selection of one item.
    pub fn only(item: Item) -> Self {
        let mut s = Self::default();
        s.insert(item);
        s
    }

    /// Nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty() && self.flows.is_empty() && self.boundaries.is_empty()
    }

    /// How many items are selected.
    pub fn len(&self) -> usize {
        self.elements.len() + self.flows.len() + self.boundaries.len()
    }

    /// The item, when exactly one is selected.
    pub fn single(&self) -> Option<Item> {
        if self.len() != 1 {
            return None;
        }
        self.elements
            .first()
            .map(|e| Item::Element(e.clone()))
            .or_else(|| self.flows.first().map(|f| Item::Flow(f.clone())))
            .or_else(|| self.boundaries.first().map(|b| Item::Boundary(b.clone())))
    }

    /// Whether `item` is selected.
    pub fn contains(&self, item: &Item) -> bool {
        match item {
            Item::Element(id) => self.elements.contains(id),
            Item::Flow(id) => self.flows.contains(id),
            Item::Boundary(id) => self.boundaries.contains(id),
        }
    }

    /// Adds `item`.
    pub fn insert(&mut self, item: Item) {
        match item {
            Item::Element(id) => {
                self.elements.insert(id);
            }
            Item::Flow(id) => {
                self.flows.insert(id);
            }
            Item::Boundary(id) => {
                self.boundaries.insert(id);
            }
        }
    }

    /// Adds `item` if absent, removes it if present (shift-click).
    pub fn toggle(&mut self, item: Item) {
        if self.contains(&item) {
            match item {
                Item::Element(id) => {
                    self.elements.remove(&id);
                }
                Item::Flow(id) => {
                    self.flows.remove(&id);
                }
                Item::Boundary(id) => {
                    self.boundaries.remove(&id);
                }
            }
        } else {
            self.insert(item);
        }
    }

    /// Drops ids that no longer exist (after undo, delete or opening another file).
    pub fn retain_existing(&mut self, model: &Model) {
        self.elements.retain(|id| model.elements.contains_key(id));
        self.flows.retain(|id| model.flows.contains_key(id));
        self.boundaries.retain(|id| model.boundaries.contains_key(id));
    }
}

/// How the findings list is grouped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupBy {
    /// Critical first.
    #[default]
    Severity,
    /// By the component a finding is shown on.
    Element,
    /// STRIDE category.
    Stride,
    /// OWASP Top 10 for LLM applications.
    OwaspLlm,
    /// OWASP Agentic AI threats.
    Agentic,
    /// CSA MAESTRO layer.
    Maestro,
    /// MITRE ATLAS tactic.
    Atlas,
}

impl GroupBy {
    /// Every grouping, in picker order.
    pub const ALL: [GroupBy; 7] = [
        GroupBy::Severity,
        GroupBy::Element,
        GroupBy::Stride,
        GroupBy::OwaspLlm,
        GroupBy::Agentic,
        GroupBy::Maestro,
        GroupBy::Atlas,
    ];

    /// A label for the picker.
    pub fn label(self) -> &'static str {
        match self {
            GroupBy::Severity => "Severity",
            GroupBy::Element => "Component",
            GroupBy::Stride => "STRIDE",
            GroupBy::OwaspLlm => "OWASP LLM Top 10",
            GroupBy::Agentic => "OWASP Agentic",
            GroupBy::Maestro => "MAESTRO layer",
            GroupBy::Atlas => "ATLAS tactic",
        }
    }
}

/// Which findings the list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    /// Only findings that still need attention.
    #[default]
    Open,
    /// Only mitigated and triaged findings.
    Closed,
    /// Everything.
    All,
}

impl StatusFilter {
    /// Every filter, in picker order.
    pub const ALL: [StatusFilter; 3] = [StatusFilter::Open, StatusFilter::Closed, StatusFilter::All];

    /// A label for the toggle.
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Open => "Open",
            StatusFilter::Closed => "Closed",
            StatusFilter::All => "All",
        }
    }

    /// Whether a finding with this openness passes.
    pub fn passes(self, open: bool) -> bool {
        match self {
            StatusFilter::Open => open,
            StatusFilter::Closed => !open,
            StatusFilter::All => true,
        }
    }
}

/// Which side panels are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panels {
    /// The component palette (left).
    pub palette: bool,
    /// The inspector (right).
    pub inspector: bool,
    /// The findings list (bottom).
    pub findings: bool,
    /// The rule editor window.
    pub rule_editor: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            palette: true,
            inspector: true,
            findings: true,
            rule_editor: false,
        }
    }
}

/// An in-place rename in progress on the canvas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renaming {
    /// What is being renamed.
    pub item: Item,
    /// The text typed so far.
    pub text: String,
}

/// Where the canvas was drawn in the last frame: what tests and commands (fit, paste at the
/// centre) need to map between canvas units and the screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CanvasView {
    /// The canvas area on screen.
    pub rect_on_screen: egui::Rect,
    /// Canvas units to screen points.
    pub screen_from_canvas: TSTransform,
}

impl Default for CanvasView {
    fn default() -> Self {
        Self {
            rect_on_screen: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            screen_from_canvas: TSTransform::IDENTITY,
        }
    }
}

impl CanvasView {
    /// The part of the canvas (in canvas units) that is visible.
    pub fn visible_canvas_rect(&self) -> egui::Rect {
        self.screen_from_canvas.inverse() * self.rect_on_screen
    }

    /// The zoom factor (screen points per canvas unit).
    pub fn zoom(&self) -> f32 {
        self.screen_from_canvas.scaling
    }
}

/// Pan and zoom of the canvas, kept as the canvas point at the top-left corner of the canvas
/// area plus the zoom, so resizing a panel neither rescales nor shifts the drawing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// The canvas point (canvas units) shown at the canvas area's top-left corner.
    pub top_left: egui::Pos2,
    /// Screen points per canvas unit.
    pub zoom: f32,
}

impl Viewport {
    /// The canvas rectangle this viewport shows in an area of `size` screen points.
    pub fn scene_rect(&self, size: egui::Vec2) -> egui::Rect {
        egui::Rect::from_min_size(self.top_left, size / self.zoom.max(1e-6))
    }

    /// The same view, but for rounding (a view carried from frame to frame through egui's
    /// scene drifts in the last bits).
    pub fn same_as(&self, other: &Viewport) -> bool {
        (self.zoom - other.zoom).abs() <= 1e-4 * self.zoom.abs().max(1e-6)
            && (self.top_left - other.top_left).length() <= 0.05
    }

    /// The viewport a screen mapping shows in `area`.
    pub fn from_transform(screen_from_canvas: TSTransform, area: egui::Rect) -> Self {
        Self {
            top_left: screen_from_canvas.inverse() * area.min,
            zoom: screen_from_canvas.scaling,
        }
    }
}

/// A verdict being written: recorded for its findings only with a justification.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingVerdict {
    /// The findings it is for.
    pub findings: Vec<FindingId>,
    /// The verdict.
    pub status: crate::model::TriageStatus,
    /// Why (required).
    pub justification: String,
    /// Who decided.
    pub decided_by: String,
    /// When to look again (`YYYY-MM-DD`, optional).
    pub review_by: String,
    /// A severity the person assessed.
    pub severity: Option<crate::catalog::Severity>,
}

impl PendingVerdict {
    /// A verdict for `findings` with nothing written yet.
    pub fn new(findings: Vec<FindingId>, status: crate::model::TriageStatus) -> Self {
        Self {
            findings,
            status,
            justification: String::new(),
            decided_by: String::new(),
            review_by: String::new(),
            severity: None,
        }
    }
}

/// Everything about the working session that is not the document.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// Selected canvas items.
    pub selection: Selection,
    /// The finding shown in detail and highlighted on the canvas.
    pub selected_finding: Option<FindingId>,
    /// Text filter on the findings list.
    pub findings_filter: String,
    /// Only threats people wrote.
    pub findings_people_only: bool,
    /// Findings picked with Ctrl-click, for one decision about all of them.
    pub picked_findings: BTreeSet<FindingId>,
    /// A verdict chosen and not yet recorded: it waits for its justification.
    pub pending_verdict: Option<PendingVerdict>,
    /// Grouping of the findings list.
    pub findings_group: GroupBy,
    /// Open, closed or all findings.
    pub findings_status: StatusFilter,
    /// Search text in the palette.
    pub palette_query: String,
    /// The canvas find box (Ctrl+F): open, and its text.
    pub find: Option<String>,
    /// Which match the find box last stepped to (next / previous), if any.
    pub find_at: Option<usize>,
    /// Focus mode: everything else on the canvas is faded until the person leaves it.
    pub focus: Option<Focus>,
    /// Pan and zoom; `None` fits the model on the next frame.
    pub viewport: Option<Viewport>,
    /// The viewport as the last fit left it: while the view is still that, resizing the window
    /// fits again.
    pub fitted_viewport: Option<Viewport>,
    /// Where the canvas was last drawn.
    pub canvas: CanvasView,
    /// An in-place rename in progress.
    pub renaming: Option<Renaming>,
    /// Which panels are shown.
    pub panels: Panels,
    /// The keyboard help overlay is open.
    pub show_help: bool,
    /// What the rule being edited would flag, highlighted on the canvas while the editor
    /// shows its preview.
    pub rule_preview: RulePreviewHighlight,
    /// Compare mode: the model is shown against another version of it.
    pub compare: Option<Comparison>,
    /// Which view of the model the centre shows, and what each view has picked.
    pub lens: crate::app::views::LensState,
    /// Suggestions waiting for review, drawn as dashed ghosts.
    pub pending: Option<PendingGhosts>,
    /// Tidy layout waiting for Apply or Cancel, drawn as ghosts over the canvas.
    pub tidy_preview: Option<TidyPreview>,
}

/// What Tidy layout (or Tidy selection) would do, shown before it is applied. Applying it is
/// one undo step; any other edit first makes it stale, and it is dropped.
#[derive(Debug, Clone)]
pub struct TidyPreview {
    /// The edits, labelled for the undo menu.
    pub transaction: crate::model::Transaction,
    /// The document as it would be after them.
    pub after: std::sync::Arc<Model>,
    /// The document revision it was computed for.
    pub revision: u64,
    /// The view was fitted to show the preview.
    pub fitted: bool,
}

/// Suggested components and flows as the canvas draws them, before anyone accepts them.
#[derive(Debug, Clone, Default)]
pub struct PendingGhosts {
    /// Proposed components: id and name.
    pub elements: Vec<(ElementId, String)>,
    /// Proposed flows: their ends.
    pub flows: Vec<(ElementId, ElementId)>,
    /// Where the model with every suggestion applied would place things.
    pub placement: crate::app::geometry::Placement,
}

/// Another version of the model to compare with (File → Compare with…). Nothing of it is
/// edited; leaving compare mode only drops it.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Where it came from, for people.
    pub label: String,
    /// The other version, migrated.
    pub base: std::sync::Arc<crate::model::Model>,
    /// Its findings, by the same rules.
    pub base_eval: std::sync::Arc<crate::engine::Evaluation>,
    /// Where it draws its components (removed ones are shown as ghosts there).
    pub base_placement: crate::app::geometry::Placement,
    /// Design changes from it to the document, as of `revision`.
    pub design: crate::model::DesignDiff,
    /// The document revision `design` and the marks were computed for.
    pub revision: Option<u64>,
}

impl Comparison {
    /// Components added, changed and removed since the other version.
    pub fn marks(&self) -> (BTreeSet<ElementId>, BTreeSet<ElementId>, BTreeSet<ElementId>) {
        use crate::model::Change;
        let mut out = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for i in &self.design.elements {
            let id = ElementId::new(i.id.clone());
            match i.change {
                Change::Added => out.0.insert(id),
                Change::Changed(_) => out.1.insert(id),
                Change::Removed => out.2.insert(id),
            };
        }
        out
    }
}

/// Components and flows a rule preview points out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulePreviewHighlight {
    /// Components the rule flags.
    pub elements: BTreeSet<ElementId>,
    /// Flows the rule flags.
    pub flows: BTreeSet<FlowId>,
}

impl Session {
    /// Forgets what belonged to the previous document (after New or Open).
    pub fn reset_for_new_document(&mut self) {
        self.selection = Selection::default();
        self.selected_finding = None;
        self.renaming = None;
        self.viewport = None;
        self.find = None;
        self.compare = None;
        self.lens = crate::app::views::LensState::default();
        self.pending = None;
        self.tidy_preview = None;
    }
}

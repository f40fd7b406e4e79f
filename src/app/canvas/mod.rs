//! The interactive canvas: components, flows and trust boundaries, drawn from the document and
//! edited by returning transactions (never by changing the document).
//!
//! **Decision: the canvas is our own, on `egui::Scene`; egui_graphs does not carry it.**
//! egui_graphs' `GraphView` was measured (`../shared/reference/stack.md` §5) and misses points
//! this canvas must meet without patching the crate: it repaints every frame forever (the app
//! never idles, kittest's `run()` never settles), it has no layer behind the graph so trust
//! boundaries lag a frame, no box selection, no edge creation, hit-tests by index rather than by
//! what is on top, and clones both end nodes of every edge every frame. `Scene` repaints only on
//! input, gives every item a real widget with an AccessKit label (tests find components by
//! name), and maps pointer input into canvas units for us.
//!
//! How it is drawn: each item registers an invisible widget in the scene (canvas units) for
//! hit-testing, dragging and accessibility; everything visible is painted in screen points
//! through the same transform, behind the scene layer. Painting in screen points keeps text
//! crisp and lets sizes follow rules of their own — names never shrink below a readable size
//! and never grow huge, whatever the zoom.
//!
//! Input: wheel zooms around the pointer, middle/right drag or Space+drag pans, primary drag on
//! the background draws a selection box, primary drag on a component moves the selection (one
//! undo step at the end), the small circle on a component's right edge drags out a new flow,
//! a boundary moves by its title strip and resizes by its corner.

mod bends;
mod boundary;
mod compare;
mod dashes;
mod edge;
mod focus;
mod guides;
pub use focus::neighbourhood;
mod inferred;
mod interact;
mod minimap;
mod node;
mod pending;
mod placed;
mod preview;
mod shown;

use crate::app::Effects;
use crate::app::evaluation::Evaluator;
use crate::app::geometry::{Placement, from_pos2, node_rect, to_rect};
use crate::app::session::{Session, Viewport};
use crate::app::theme::Theme;
use crate::catalog::Catalog;
use crate::model::{ElementId, FlowId, Model};
use egui::emath::TSTransform;
use egui::{Pos2, Rect, Ui, Vec2, vec2};
use std::collections::BTreeSet;

pub use interact::{Drag, drag_id, start_rename};

/// Zoom limits (screen points per canvas unit).
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.05..=4.0;

/// Zoom to fit never magnifies beyond this, so a tiny model is not blown up.
const FIT_MAX_ZOOM: f32 = 1.1;

/// Empty space around the drawing when fitting, in screen points.
const FIT_MARGIN_PX: f32 = 36.0;

/// What the canvas reads.
pub struct CanvasCtx<'a> {
    /// The document.
    pub model: &'a Model,
    /// Component kinds (names, icons, categories).
    pub catalog: &'a Catalog,
    /// Findings, for badges and highlights.
    pub eval: &'a Evaluator,
    /// Colours and sizes.
    pub theme: &'a Theme,
    /// The document revision (what is drawn is cached per revision).
    pub revision: u64,
    /// What the document holds (`Document::state`): undo and redo back to a revision give its
    /// state again.
    pub state: u64,
    /// What the document's last steps touched, to bring what is cached up to `revision`.
    pub journal: &'a crate::app::journal::Journal,
}

impl CanvasCtx<'_> {
    fn node_size(&self) -> Vec2 {
        vec2(self.theme.sizes.node_width, self.theme.sizes.node_height)
    }
}

/// What the selected finding (or the find box) asks the canvas to point out.
#[derive(Debug, Default)]
struct Highlight {
    elements: BTreeSet<ElementId>,
    flows: BTreeSet<FlowId>,
    /// Highlighting is on: everything else is dimmed.
    active: bool,
}

impl Highlight {
    fn new(cx: &CanvasCtx<'_>, session: &Session) -> Self {
        let mut h = Highlight::default();
        if let Some(f) = session.selected_finding.as_ref().and_then(|id| cx.eval.finding(id)) {
            h.active = true;
            finding_parts(cx.model, f, &mut h.elements, &mut h.flows);
        }
        if let Some(focus) = &session.focus {
            let (elements, flows) = focus::parts(cx, focus);
            h.active = true;
            h.elements.extend(elements);
            h.flows.extend(flows);
        }
        let preview = &session.rule_preview;
        if !preview.elements.is_empty() || !preview.flows.is_empty() {
            h.active = true;
            h.elements.extend(preview.elements.iter().cloned());
            h.flows.extend(preview.flows.iter().cloned());
        }
        if let Some(q) = session.find.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            h.active = true;
            h.elements.extend(find_matches(cx.model, q));
        }
        // Components a framework cell pointed out, and in the layer view the layers not hidden.
        if !session.lens.highlight.is_empty() {
            h.active = true;
            h.elements.extend(session.lens.highlight.iter().cloned());
        }
        let hidden = &session.lens.hidden_layers;
        if session.lens.view == crate::app::views::Lens::Maestro && !hidden.is_empty() {
            h.active = true;
            h.elements.extend(
                cx.model
                    .elements
                    .iter()
                    .filter(|(_, e)| crate::lens::layer_of(e, cx.catalog).is_none_or(|l| !hidden.contains(&l)))
                    .map(|(id, _)| id.clone()),
            );
        }
        h
    }
}

/// Components whose name, kind or id contains `query` (any case).
pub fn find_matches(model: &Model, query: &str) -> Vec<ElementId> {
    let q = query.to_lowercase();
    model
        .elements
        .iter()
        .filter(|(id, e)| {
            e.name.to_lowercase().contains(&q) || e.kind.as_str().contains(&q) || id.as_str().contains(&q)
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// The components and flows a finding involves: its anchor, elements and path, its flow, and
/// the flows along its path (what a flow returns travels the path the other way).
fn finding_parts(
    model: &Model,
    f: &crate::engine::Finding,
    elements: &mut BTreeSet<ElementId>,
    flows: &mut BTreeSet<FlowId>,
) {
    elements.extend(f.elements.iter().cloned());
    elements.insert(f.anchor.clone());
    elements.extend(f.path.iter().cloned());
    flows.extend(f.flow.iter().cloned());
    for pair in f.path.windows(2) {
        if let [a, b] = pair {
            flows.extend(
                model
                    .flows
                    .iter()
                    .filter(|(_, fl)| {
                        (&fl.from == a && &fl.to == b) || (!fl.returns.is_empty() && &fl.from == b && &fl.to == a)
                    })
                    .map(|(id, _)| id.clone()),
            );
        }
    }
}

/// What the canvas derives from a document revision: where everything is drawn. Kept between
/// frames (it only changes with the document), so an idle redraw of a big model does not
/// rebuild it.
#[derive(Debug)]
struct Derived {
    revision: u64,
    /// The document state it was derived for.
    state: u64,
    placement: Placement,
    /// Every component had a spot of its own in the layout (see `Placement::refresh_touched`).
    all_placed: bool,
    flows: placed::PlacedFlows,
    /// Where each flow sits in `flows`, by id: made when a drag first needs it.
    index_of: std::cell::OnceCell<std::collections::HashMap<FlowId, usize>>,
}

impl Derived {
    /// Everything placed for the document in `cx`.
    fn of(cx: &CanvasCtx<'_>) -> Self {
        let placement = Placement::of(cx.model);
        let mut flows = placed::PlacedFlows::default();
        flows.update(cx.model, &placement, cx.node_size(), None);
        Self {
            revision: cx.revision,
            state: cx.state,
            all_placed: Placement::all_placed(cx.model),
            placement,
            flows,
            index_of: Default::default(),
        }
    }

    /// The flows drawn again while a drag shows components at `shown`.
    fn redrawn(&self, cx: &CanvasCtx<'_>, shown: &Placement) -> shown::Redrawn {
        let size = cx.node_size();
        // A preview moves components and adds none; anything else is placed from scratch.
        if shown.elements.len() != self.placement.elements.len() {
            return shown::Redrawn {
                moved: (0..self.flows.drawn().len()).map(|i| (i, None)).collect(),
                extra: edge::geometry(cx.model, shown, size),
            };
        }
        let moved = edge::moved_elements(&self.placement, shown);
        let index_of = self.index_of.get_or_init(|| edge::index_by_id(self.flows.drawn()));
        let pairs = self.flows.pairs_touching(cx.model, &moved);
        edge::redrawn_after_move(cx.model, index_of, shown, size, &pairs)
    }
}

/// What a drag shows, kept from one frame to the next: the frame's second look at the drag is
/// the next frame's first, and a drag of the same components only moves them again. Copying
/// the placement of 10,000 components twice a frame cost a drag more than drawing it.
#[derive(Debug, Default)]
struct Preview {
    revision: u64,
    drag: Drag,
    /// Where components are shown (`None`: where they are placed).
    placement: Option<Placement>,
    /// The flows drawn elsewhere than placed.
    redrawn: shown::Redrawn,
}

impl Preview {
    /// Brings the preview up to `drag` over `derived`.
    fn update(&mut self, cx: &CanvasCtx<'_>, derived: &Derived, drag: &Drag) {
        if self.revision == derived.revision && self.drag == *drag {
            return;
        }
        let same_group = self.revision == derived.revision
            && matches!((&self.drag, drag), (Drag::Nodes { ids: a, .. }, Drag::Nodes { ids: b, .. }) if a == b);
        match self.placement.as_mut().filter(|_| same_group) {
            Some(shown) => drag.preview_in_place(&derived.placement, shown),
            None => self.placement = drag.preview(&derived.placement),
        }
        self.redrawn = match &self.placement {
            Some(shown) => derived.redrawn(cx, shown),
            None => shown::Redrawn::default(),
        };
        // A bend being dragged: the flow is drawn through where it will be.
        if let Some((flow, start, edit)) = drag.bending() {
            let placed = shown::Flows::new(derived.flows.drawn(), None);
            let at = self.placement.as_ref().unwrap_or(&derived.placement);
            if let Some((i, g)) = bends::preview(placed, cx.model, at, cx.node_size(), (flow, start, &edit)) {
                self.redrawn.set(placed, i, g);
            }
        }
        self.revision = derived.revision;
        self.drag = drag.clone();
    }

    /// Where components and flows are shown.
    fn shown<'a>(&'a self, derived: &'a Derived) -> (&'a Placement, shown::Flows<'a>) {
        (
            self.placement.as_ref().unwrap_or(&derived.placement),
            shown::Flows::new(derived.flows.drawn(), Some(&self.redrawn)),
        )
    }
}

/// The canvas panel.
#[derive(Debug, Default)]
pub struct Canvas {
    derived: Option<Derived>,
    /// What was derived before the last step that touched everything, for the document state it
    /// was derived for: undoing that step (a paste of 10,000 components) and redoing it again
    /// swap the two instead of placing every flow again.
    kept: Option<Derived>,
    preview: Preview,
}

impl Canvas {
    /// Brings what is derived from the document up to its revision in `cx`.
    fn derive(&mut self, cx: &CanvasCtx<'_>) {
        match &mut self.derived {
            Some(d) if d.revision == cx.revision => {}
            // Back at the state derived before: the two swap places.
            Some(d)
                if self
                    .kept
                    .as_ref()
                    .is_some_and(|k| k.state == cx.state && k.flows.size() == cx.node_size()) =>
            {
                if let Some(mut k) = self.kept.take() {
                    k.revision = cx.revision;
                    k.index_of = Default::default();
                    self.kept = Some(std::mem::replace(d, k));
                }
            }
            // What was derived for the last revision is brought up to this one from what the
            // steps between touched: only that is placed again.
            Some(d) => match cx.journal.since(d.revision, cx.revision) {
                Some(touched) => {
                    let refreshed = d.all_placed && d.placement.refresh_touched(cx.model, &touched.elements);
                    if !refreshed {
                        d.placement = Placement::of(cx.model);
                        d.all_placed = Placement::all_placed(cx.model);
                    }
                    d.flows.update(cx.model, &d.placement, cx.node_size(), Some(&touched));
                    d.index_of = Default::default();
                    d.revision = cx.revision;
                    d.state = cx.state;
                }
                // Everything is placed again; what it replaces is kept for an undo.
                None => self.kept = Some(std::mem::replace(d, Derived::of(cx))),
            },
            None => self.derived = Some(Derived::of(cx)),
        }
    }

    /// Draws the canvas in the remaining space and handles its input.
    pub fn ui(&mut self, ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session, fx: &mut Effects) {
        let outer = ui.available_rect_before_wrap();
        self.derive(cx);
        let Some(derived) = self.derived.as_ref() else { return };
        let placement = &derived.placement;
        if session.tidy_preview.as_ref().is_some_and(|p| p.revision != cx.revision) {
            session.tidy_preview = None;
        }
        if let Some(p) = session.tidy_preview.as_mut().filter(|p| !p.fitted) {
            // Show where things are and where they would go.
            let size = cx.node_size();
            let both = fit_rect(placement, size, outer).union(fit_rect(&Placement::of(&p.after), size, outer));
            session.viewport = Some(Viewport::from_transform(scene_transform(outer, both), outer));
            p.fitted = true;
        }
        // A view still as Fit left it follows the window: a resize fits again.
        if let (Some(v), Some(f)) = (session.viewport, session.fitted_viewport)
            && v.same_as(&f)
            && session.canvas.rect_on_screen.size() != outer.size()
        {
            session.viewport = None;
        }
        let fitting = !session
            .viewport
            .is_some_and(|v| v.zoom.is_finite() && v.zoom > 0.0 && v.top_left.is_finite());
        let mut scene_rect = match session.viewport {
            Some(v) if v.zoom.is_finite() && v.zoom > 0.0 && v.top_left.is_finite() => v.scene_rect(outer.size()),
            _ => {
                // Suggested components waiting for review are placed beside the drawing: fit
                // shows them too.
                let fitted = fit_rect(placement, cx.node_size(), outer);
                match session.pending.as_ref().filter(|g| !g.elements.is_empty()) {
                    Some(g) => fitted.union(fit_rect(&g.placement, cx.node_size(), outer)),
                    None => fitted,
                }
            }
        };
        wheel_zoom(ui, outer, &mut scene_rect);

        let drag_id = interact::drag_id();
        let drag: Drag = ui.data(|d| d.get_temp(drag_id)).unwrap_or_default();
        self.preview.update(cx, derived, &drag);
        let (before, flows_before) = self.preview.shown(derived);

        let panning_with_primary = ui.input(|i| i.key_down(egui::Key::Space)) && !ui.ctx().text_edit_focused();
        let mut buttons = egui::containers::DragPanButtons::MIDDLE | egui::containers::DragPanButtons::SECONDARY;
        if panning_with_primary {
            buttons |= egui::containers::DragPanButtons::PRIMARY;
        }
        let scene = egui::Scene::new()
            .zoom_range(ZOOM_RANGE)
            .max_inner_size(Vec2::splat(1.0e6))
            .drag_pan_buttons(buttons);
        let mut transform = TSTransform::IDENTITY;
        let mut hits = interact::Hits::default();
        // A boundary selected on its own shows its resize grips, a flow its two ends.
        let selected = session.selection.single();
        let selected_boundary = match &selected {
            Some(crate::app::session::Item::Boundary(b)) => Some(b.clone()),
            _ => None,
        };
        let response = scene.show(ui, &mut scene_rect, |ui| {
            transform = ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default();
            hits = interact::register(ui, cx, before, flows_before, transform.scaling, selected.as_ref());
        });
        if transform.is_valid() && transform.scaling > 0.0 {
            session.viewport = Some(Viewport::from_transform(transform, outer));
        }
        if fitting {
            session.fitted_viewport = session.viewport;
        }
        session.canvas = crate::app::session::CanvasView {
            rect_on_screen: outer,
            screen_from_canvas: transform,
        };

        let mut drag = drag;
        let input = interact::Input {
            background: &response.response,
            hits: &hits,
            flows: flows_before,
            transform,
            outer,
            panning_with_primary,
        };
        interact::handle(ui, cx, placement, session, &mut drag, &input, fx);
        self.preview.update(cx, derived, &drag);
        let (shown, flows) = self.preview.shown(derived);
        let highlight = Highlight::new(cx, session);

        let painter = ui.painter().with_clip_rect(outer);
        let view = View {
            transform,
            theme: cx.theme,
        };
        paint_background(&painter, &view, outer);
        boundary::paint_all(&painter, &view, cx, shown, session, &hits);
        edge::paint_all(&painter, &view, cx, flows, shown, session, &highlight);
        node::paint_all(&painter, &view, cx, shown, session, &highlight, &hits, &drag);
        if let Some(c) = &session.compare {
            compare::paint(&painter, &view, cx, shown, c);
        }
        if let Some(g) = &session.pending {
            pending::paint(&painter, &view, cx, shown, g);
        }
        if let Some(p) = &session.tidy_preview {
            preview::paint(&painter, &view, cx, shown, p);
        }
        if let Some(rect) = selected_boundary.as_ref().and_then(|id| shown.boundaries.get(id)) {
            boundary::paint_grips(&painter, &view, to_rect(*rect));
        }
        if let Some(crate::app::session::Item::Flow(f)) = &selected
            && let Some((_, g)) = flows.find(f)
            && !matches!(drag, Drag::Reconnect { .. })
        {
            edge::paint_ends(&painter, &view, g);
            bends::paint(&painter, &view, g);
        }
        interact::paint_overlay(ui, &painter, &view, cx, shown, &drag, outer);
        paint_hints(&painter, &view, cx, outer);
        minimap::ui(ui, &view, shown, cx.node_size(), outer, session);

        interact::rename_ui(ui, cx, shown, flows, session, &view, fx);
        find_ui(ui, cx, placement, session, outer);
        focus::bar_ui(ui, cx, outer, session);
        preview::bar_ui(ui, cx, outer, session, fx);
        if matches!(drag, Drag::Idle) {
            ui.data_mut(|d| d.remove::<Drag>(drag_id));
        } else {
            ui.data_mut(|d| d.insert_temp(drag_id, drag));
        }
    }
}

/// Screen mapping and theme shared by the painters.
struct View<'a> {
    transform: TSTransform,
    theme: &'a Theme,
}

impl View<'_> {
    fn zoom(&self) -> f32 {
        self.transform.scaling
    }

    fn pos(&self, p: Pos2) -> Pos2 {
        self.transform * p
    }

    fn rect(&self, r: Rect) -> Rect {
        self.transform * r
    }

    /// A font size that follows the zoom between the theme's limits.
    fn font_px(&self, at_full_zoom: f32) -> f32 {
        let s = &self.theme.sizes;
        (at_full_zoom * self.zoom()).clamp(s.min_font_px, s.max_font_px)
    }
}

/// The canvas rectangle that shows the whole model in `outer`.
pub fn fit_rect(placement: &Placement, node_size: Vec2, outer: Rect) -> Rect {
    let nodes = placement.elements.values().map(|p| node_rect(*p, node_size));
    let boundaries = placement.boundaries.values().map(|r| to_rect(*r));
    let fitted = fit_rects(nodes.chain(boundaries), outer);
    // On a small window, fitting a model a little larger than the view would shrink components
    // below the width at which their names are drawn: keep names, let the edges run off (pan
    // or zoom out to see them). A model far larger than the view keeps its overview.
    let zoom = (outer.size() / fitted.size()).min_elem();
    let names = node::NAMES_FROM_WIDTH_PX / node_size.x.max(1.0);
    if zoom < names && zoom >= names * 0.6 {
        return Rect::from_center_size(fitted.center(), outer.size() / names);
    }
    fitted
}

/// The viewport that shows the components `ids` in the canvas area `outer`.
pub fn viewport_showing(model: &Model, theme: &Theme, ids: &[ElementId], outer: Rect) -> Viewport {
    let placement = Placement::of(model);
    let size = vec2(theme.sizes.node_width, theme.sizes.node_height);
    let rects = ids
        .iter()
        .filter_map(|id| placement.elements.get(id))
        .map(|p| node_rect(*p, size));
    Viewport::from_transform(scene_transform(outer, fit_rects(rects, outer)), outer)
}

/// The canvas rectangle that shows all of `rects` in `outer`, with a margin, never magnified
/// beyond [`FIT_MAX_ZOOM`].
fn fit_rects(rects: impl Iterator<Item = Rect>, outer: Rect) -> Rect {
    let bounds = rects.fold(Rect::NOTHING, |a, b| a.union(b));
    if !bounds.is_positive() {
        return Rect::from_center_size(Pos2::ZERO, outer.size());
    }
    let usable = (outer.size() - Vec2::splat(2.0 * FIT_MARGIN_PX)).max(Vec2::splat(50.0));
    let zoom = (usable.x / bounds.width())
        .min(usable.y / bounds.height())
        .min(FIT_MAX_ZOOM);
    Rect::from_center_size(bounds.center(), outer.size() / zoom)
}

/// The transform `egui::Scene` uses for a canvas rectangle shown in `outer`.
fn scene_transform(outer: Rect, scene_rect: Rect) -> TSTransform {
    let scale = (outer.size() / scene_rect.size()).min_elem();
    let scale = scale.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
    TSTransform::from_translation(outer.center().to_vec2() - scale * scene_rect.center().to_vec2())
        * TSTransform::from_scaling(scale)
}

/// Zooms `viewport` shown in `outer` by `factor` around `anchor` (screen), keeping the anchor
/// still.
pub fn zoom_viewport(viewport: Viewport, outer: Rect, anchor: Pos2, factor: f32) -> Viewport {
    let mut r = viewport.scene_rect(outer.size());
    zoom_around(&mut r, outer, anchor, factor);
    Viewport::from_transform(scene_transform(outer, r), outer)
}

/// Zooms `scene_rect` by `factor` around `anchor` (screen), keeping the anchor still.
pub fn zoom_around(scene_rect: &mut Rect, outer: Rect, anchor: Pos2, factor: f32) {
    let t = scene_transform(outer, *scene_rect);
    let target = (t.scaling * factor).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
    let factor = target / t.scaling;
    let p = t.inverse() * anchor;
    *scene_rect = Rect::from_min_max(p + (scene_rect.min - p) / factor, p + (scene_rect.max - p) / factor);
}

/// The wheel zooms around the pointer (Ctrl+wheel and pinch are left to `Scene`); a sideways
/// scroll (Shift+wheel, trackpads) pans.
fn wheel_zoom(ui: &mut Ui, outer: Rect, scene_rect: &mut Rect) {
    let Some(pointer) = ui.input(|i| i.pointer.hover_pos()) else {
        return;
    };
    if !outer.contains(pointer) || !ui.rect_contains_pointer(outer) {
        return;
    }
    let delta = ui.input(|i| i.smooth_scroll_delta);
    if delta == Vec2::ZERO {
        return;
    }
    ui.input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
    if delta.y != 0.0 {
        zoom_around(scene_rect, outer, pointer, (delta.y * 0.0018).exp());
    }
    if delta.x != 0.0 {
        let zoom = scene_transform(outer, *scene_rect).scaling;
        *scene_rect = scene_rect.translate(vec2(-delta.x / zoom, 0.0));
    }
}

/// A component-sized ghost: the rectangle `r` (screen points) outlined with dashes that scale
/// with the zoom (compare mode's removed components, suggestions waiting for review).
fn paint_dashed_box(painter: &egui::Painter, view: &View<'_>, r: Rect, stroke: egui::Stroke) {
    let dash = (6.0 * view.zoom()).max(2.0);
    let corners = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(egui::Shape::dashed_line(&corners, stroke, dash, dash));
}

fn paint_background(painter: &egui::Painter, view: &View<'_>, outer: Rect) {
    let pal = &view.theme.palette;
    painter.rect_filled(outer, 0.0, pal.canvas_bg);
    let mut step = view.theme.sizes.grid_step;
    while step * view.zoom() < 18.0 {
        step *= 2.0;
    }
    let visible = view.transform.inverse() * outer;
    let (x0, y0) = (
        (visible.min.x / step).floor() as i64,
        (visible.min.y / step).floor() as i64,
    );
    let (x1, y1) = (
        (visible.max.x / step).ceil() as i64,
        (visible.max.y / step).ceil() as i64,
    );
    if (x1 - x0) * (y1 - y0) > 6000 {
        return;
    }
    let r = (1.1 * view.zoom()).clamp(0.8, 1.6);
    for gx in x0..=x1 {
        for gy in y0..=y1 {
            let p = view.pos(egui::pos2(gx as f32 * step, gy as f32 * step));
            painter.circle_filled(p, r, pal.grid_dot);
        }
    }
}

fn paint_hints(painter: &egui::Painter, view: &View<'_>, cx: &CanvasCtx<'_>, outer: Rect) {
    let pal = &view.theme.palette;
    if cx.model.elements.is_empty() {
        painter.text(
            outer.center(),
            egui::Align2::CENTER_CENTER,
            "Drag components from the palette onto the canvas, or click one to place it here",
            egui::FontId::proportional(15.0),
            pal.text_weak,
        );
    }
}

/// The find box (Ctrl+F): matching components are highlighted as you type; Enter (or ▶) steps
/// to the next match, Shift+Enter (or ◀) to the previous one, selecting it and bringing it into
/// view; "Select all" selects every match and fits them.
fn find_ui(ui: &Ui, cx: &CanvasCtx<'_>, placement: &Placement, session: &mut Session, outer: Rect) {
    let Some(query) = session.find.as_mut() else { return };
    let text_id = egui::Id::new("bulwark-find-text");
    let last_query = egui::Id::new("bulwark-find-last");
    let mut close = false;
    let mut select_all = false;
    let mut step: Option<bool> = None; // Some(true): next, Some(false): previous
    // In reading order on the canvas, so next and previous move predictably.
    let mut found = if query.trim().is_empty() {
        Vec::new()
    } else {
        find_matches(cx.model, query.trim())
    };
    found.sort_by(|a, b| {
        let (pa, pb) = (placement.elements.get(a), placement.elements.get(b));
        let key = |p: Option<&crate::model::Pos>| p.map_or((f32::MAX, f32::MAX), |p| (p.y, p.x));
        key(pa).partial_cmp(&key(pb)).unwrap_or(std::cmp::Ordering::Equal)
    });
    // A new query starts counting again.
    let changed = ui.data(|d| d.get_temp::<String>(last_query)).as_deref() != Some(query.as_str());
    if changed {
        session.find_at = None;
        ui.data_mut(|d| d.insert_temp(last_query, query.clone()));
    }
    egui::Area::new(egui::Id::new("bulwark-find"))
        .order(egui::Order::Foreground)
        .fixed_pos(outer.left_top() + vec2(12.0, 12.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label("Find");
                    let resp = ui.add(
                        egui::TextEdit::singleline(query)
                            .id(text_id)
                            .hint_text("component name or kind")
                            .desired_width(220.0),
                    );
                    resp.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Find component"));
                    let opened = ui.data_mut(|d| !d.get_temp::<bool>(text_id).unwrap_or(false));
                    if opened {
                        resp.request_focus();
                        ui.data_mut(|d| d.insert_temp(text_id, true));
                    }
                    if resp.lost_focus() {
                        let (enter, shift, escape) = ui.input(|i| {
                            (
                                i.key_pressed(egui::Key::Enter),
                                i.modifiers.shift,
                                i.key_pressed(egui::Key::Escape),
                            )
                        });
                        if enter {
                            step = Some(!shift);
                            // Stay in the box so Enter steps again.
                            resp.request_focus();
                        }
                        close = escape;
                    }
                    ui.weak(match session.find_at {
                        Some(i) if !found.is_empty() => format!("{} of {}", i + 1, found.len()),
                        _ => format!("{} found", found.len()),
                    });
                    let enabled = !found.is_empty();
                    if ui
                        .add_enabled(enabled, egui::Button::new("◀"))
                        .on_hover_text("Previous match (Shift+Enter)")
                        .clicked()
                    {
                        step = Some(false);
                    }
                    if ui
                        .add_enabled(enabled, egui::Button::new("▶"))
                        .on_hover_text("Next match (Enter)")
                        .clicked()
                    {
                        step = Some(true);
                    }
                    if ui
                        .add_enabled(enabled, egui::Button::new("Select all"))
                        .on_hover_text("Select every match and zoom to them")
                        .clicked()
                    {
                        select_all = true;
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                });
            });
        });
    let zoom_to = |ids: &[ElementId], session: &mut Session| {
        let rects = ids
            .iter()
            .filter_map(|id| placement.elements.get(id))
            .map(|p| node_rect(*p, cx.node_size()));
        let fitted = fit_rects(rects, outer);
        session.viewport = Some(Viewport::from_transform(scene_transform(outer, fitted), outer));
        let mut sel = crate::app::session::Selection::default();
        for id in ids {
            sel.insert(crate::app::session::Item::Element(id.clone()));
        }
        session.selection = sel;
    };
    if let Some(forward) = step.filter(|_| !found.is_empty()) {
        let n = found.len();
        let at = match (session.find_at, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        session.find_at = Some(at);
        zoom_to(&found[at..=at], session);
    } else if select_all && !found.is_empty() {
        session.find_at = None;
        zoom_to(&found, session);
    }
    if close {
        session.find = None;
        session.find_at = None;
    }
    if session.find.is_none() {
        ui.data_mut(|d| {
            d.remove::<bool>(text_id);
            d.remove::<String>(last_query);
        });
    }
}

/// The canvas point under a screen point.
fn canvas_pos(transform: TSTransform, screen: Pos2) -> crate::model::Pos {
    from_pos2(transform.inverse() * screen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::document::Document;
    use crate::app::evaluation::Evaluator;
    use crate::model::{Edit, Element, Flow, Pos, SNAPSHOT_EDITS, Transaction};
    use std::sync::Arc;

    /// Through a paste of many components, its undo and redo, and small edits between them,
    /// the canvas draws what deriving everything from the model draws: the placement kept from
    /// before the paste is only ever shown for the model it was made for.
    #[test]
    fn what_a_bulk_undo_swaps_back_is_what_placing_the_model_again_gives() {
        let (cat, _) = crate::catalog::Catalog::builtin();
        let model = crate::synth::synth_model(&cat, 200, 4);
        let ids: Vec<ElementId> = model.elements.keys().cloned().collect();
        let mut doc = Document::new(model, None);
        let eval = Evaluator::new(Arc::new(crate::engine::Engine::new(Arc::new(cat.clone()))), || {});
        let theme = Theme::get(true);
        let mut canvas = Canvas::default();
        let mut check = |doc: &Document, what: &str| {
            let cx = CanvasCtx {
                model: doc.model(),
                catalog: &cat,
                eval: &eval,
                theme: &theme,
                revision: doc.revision(),
                state: doc.state(),
                journal: doc.journal(),
            };
            canvas.derive(&cx);
            let shown = canvas.derived.as_ref().expect("derived");
            let full = Derived::of(&cx);
            // Not `assert_eq!`: printing 1,400 spots says less than the step's name.
            assert!(shown.placement == full.placement, "placement after {what}");
            assert!(shown.flows.drawn() == full.flows.drawn(), "flows after {what}");
            canvas.kept.as_ref().map(|k| k.state)
        };
        let before = doc.state();
        check(&doc, "loading");
        // Enough that the step counts as touching everything.
        let paste = (0..SNAPSHOT_EDITS + 200)
            .map(|i| {
                let id = ElementId::new(format!("el-pasted-{i:05}"));
                Edit::AddElement {
                    id: id.clone(),
                    element: Element::new("service", format!("Pasted {i}")),
                    position: Some(Pos::new((i % 40) as f32 * 200.0, 5_000.0 + (i / 40) as f32 * 120.0)),
                    flows: [(
                        format!("fl-pasted-{i:05}").as_str().into(),
                        Flow::new(id, ids[i % ids.len()].clone(), "call"),
                    )]
                    .into(),
                    routes: Default::default(),
                }
            })
            .collect();
        doc.apply(Transaction::new("Paste", paste)).unwrap();
        let pasted = doc.state();
        assert_eq!(check(&doc, "the paste"), Some(before), "what was shown before is kept");
        doc.undo().unwrap();
        assert_eq!(check(&doc, "undoing the paste"), Some(pasted), "swapped");
        doc.redo().unwrap();
        assert_eq!(check(&doc, "redoing it"), Some(before), "swapped back");
        // A small edit on the pasted model catches up; undoing it, then the paste, swaps.
        let moved = Edit::MoveElements {
            positions: [(ids[3].clone(), Some(Pos::new(-400.0, -400.0)))].into(),
            routes: Default::default(),
        };
        doc.apply(Transaction::single("Move", moved)).unwrap();
        check(&doc, "a move after the paste");
        doc.undo().unwrap();
        check(&doc, "undoing the move");
        doc.undo().unwrap();
        check(&doc, "undoing the paste again");
        // A small edit before the paste is redone, then the paste: nothing kept matches.
        let removed = Edit::RemoveElement { id: ids[5].clone() };
        doc.apply(Transaction::single("Delete", removed)).unwrap();
        check(&doc, "a deletion instead of the paste");
        doc.undo().unwrap();
        assert_eq!(doc.state(), before);
        check(&doc, "undoing the deletion");
    }
}

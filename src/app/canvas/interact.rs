//! Canvas input: hit areas for every item, the drag in progress (kept in egui memory, it is
//! widget scratch), and what a finished gesture turns into — a selection change or one
//! transaction. Nothing here changes the document.

use super::boundary::{corner_rect, header_rect, in_drawing_order};
use super::edge;
use super::node::{handle_center, handle_hit_radius, rect_of};
use super::shown::Flows;
use super::{CanvasCtx, View, canvas_pos};
use crate::app::geometry::{Placement, from_rect, node_rect, to_rect};
use crate::app::ops;
use crate::app::ops::PaletteItem;
use crate::app::session::{Item, Renaming, Selection, Session};
use crate::app::theme::with_alpha;
use crate::app::{AppCommand, Effects};
use crate::model::{BoundaryId, ElementId, FlowId, Model, Pos};
use egui::emath::TSTransform;
use egui::{
    CursorIcon, Id, Key, Painter, PointerButton, Pos2, Rect, Response, Sense, Ui, Vec2, WidgetInfo, WidgetType, vec2,
};

/// Smallest size a boundary can be resized to, in canvas units.
const MIN_BOUNDARY: Vec2 = vec2(160.0, 100.0);

/// The egui memory id of the drag in progress.
pub fn drag_id() -> Id {
    Id::new("bulwark-canvas-drag")
}

/// A gesture in progress. Points are in canvas units.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Drag {
    /// Nothing is being dragged.
    #[default]
    Idle,
    /// Moving the selected components.
    Nodes {
        /// What moves.
        ids: Vec<ElementId>,
        /// Where the press was.
        origin: Pos2,
        /// Where the pointer is.
        current: Pos2,
        /// Added to the pointer's movement so the group lines up with a component nearby
        /// (alignment guides).
        snap: Vec2,
    },
    /// Moving a boundary with everything inside it.
    Boundary {
        /// The boundary.
        id: BoundaryId,
        /// Where the press was.
        origin: Pos2,
        /// Where the pointer is.
        current: Pos2,
    },
    /// Resizing a boundary by its corner.
    Resize {
        /// The boundary.
        id: BoundaryId,
        /// Which edges move.
        grip: super::boundary::Grip,
        /// Where the press was.
        origin: Pos2,
        /// Where the pointer is.
        current: Pos2,
    },
    /// Dragging a new flow out of a component's handle.
    Connect {
        /// The sender.
        from: ElementId,
        /// Where the pointer is.
        current: Pos2,
    },
    /// Dragging one end of the selected flow to another component.
    Reconnect {
        /// The flow.
        flow: FlowId,
        /// The end that moves.
        end: ops::FlowEnd,
        /// Where the pointer is.
        current: Pos2,
    },
    /// Dragging one of the selected flow's bend grips.
    Bend {
        /// The flow.
        flow: FlowId,
        /// The grip.
        grip: super::bends::Grip,
        /// The flow's bends when the drag started.
        start: Vec<Pos>,
        /// Where the pointer is.
        current: Pos2,
    },
    /// Drawing a selection box.
    BoxSelect {
        /// One corner.
        origin: Pos2,
        /// The other corner.
        current: Pos2,
        /// Shift was held: add to the selection.
        additive: bool,
    },
}

impl Drag {
    fn set_current(&mut self, p: Pos2) {
        match self {
            Drag::Idle => {}
            Drag::Nodes { current, .. }
            | Drag::Boundary { current, .. }
            | Drag::Resize { current, .. }
            | Drag::Connect { current, .. }
            | Drag::Reconnect { current, .. }
            | Drag::Bend { current, .. }
            | Drag::BoxSelect { current, .. } => *current = p,
        }
    }

    /// The placement as it looks with this drag applied (nothing is committed until the end);
    /// `None` when the drag moves nothing.
    pub(super) fn preview(&self, placement: &Placement) -> Option<Placement> {
        if matches!(
            self,
            Drag::Idle | Drag::Connect { .. } | Drag::Reconnect { .. } | Drag::Bend { .. } | Drag::BoxSelect { .. }
        ) {
            return None;
        }
        let mut shown = placement.clone();
        match self {
            Drag::Nodes {
                ids,
                origin,
                current,
                snap,
            } => {
                for (id, p) in moved(placement, ids, *current - *origin + *snap) {
                    shown.elements.insert(id, p);
                }
            }
            Drag::Boundary { id, origin, current } => {
                let d = *current - *origin;
                let (boundaries, elements) = ops::carried_by(placement, id);
                for b in boundaries {
                    if let Some(r) = shown.boundaries.get_mut(&b) {
                        r.x += d.x;
                        r.y += d.y;
                    }
                }
                for e in elements {
                    if let Some(p) = shown.elements.get_mut(&e) {
                        *p = Pos::new(p.x + d.x, p.y + d.y);
                    }
                }
            }
            Drag::Resize {
                id,
                grip,
                origin,
                current,
            } => {
                if let Some(r) = placement.boundaries.get(id) {
                    let resized = resized(to_rect(*r), *current - *origin, *grip);
                    shown.boundaries.insert(id.clone(), from_rect(resized));
                }
            }
            Drag::Idle | Drag::Connect { .. } | Drag::Reconnect { .. } | Drag::Bend { .. } | Drag::BoxSelect { .. } => {
            }
        }
        Some(shown)
    }

    /// Brings `shown`, this drag's preview of the same components a moment ago, up to date
    /// with it: only those components move (no copy of every other one).
    pub(super) fn preview_in_place(&self, placement: &Placement, shown: &mut Placement) {
        if let Drag::Nodes {
            ids,
            origin,
            current,
            snap,
        } = self
        {
            let d = *current - *origin + *snap;
            for id in ids {
                if let (Some(p), Some(to)) = (placement.elements.get(id), shown.elements.get_mut(id)) {
                    *to = Pos::new(p.x + d.x, p.y + d.y);
                }
            }
        } else if let Some(p) = self.preview(placement) {
            *shown = p;
        }
    }

    /// The bend edit in progress: the flow, its bends when the drag started, and the edit.
    pub(super) fn bending(&self) -> Option<(&FlowId, &[Pos], crate::app::routing::BendEdit)> {
        match self {
            Drag::Bend {
                flow,
                grip,
                start,
                current,
            } => Some((flow, start.as_slice(), grip.edit(*current))),
            _ => None,
        }
    }
}

/// Where the components `ids` are once moved by `d`.
fn moved<'a>(placement: &'a Placement, ids: &'a [ElementId], d: Vec2) -> impl Iterator<Item = (ElementId, Pos)> + 'a {
    ids.iter().filter_map(move |id| {
        placement
            .elements
            .get(id)
            .map(|p| (id.clone(), Pos::new(p.x + d.x, p.y + d.y)))
    })
}

/// `start` with the edges `grip` names moved by `delta`, no smaller than a boundary can be, and
/// the moved edges on the 10-unit grid.
fn resized(start: Rect, delta: Vec2, grip: super::boundary::Grip) -> Rect {
    let on_grid = |v: f32| (v / 10.0).round() * 10.0;
    let (mut min, mut max) = (start.min, start.max);
    match grip.0 {
        -1 => min.x = on_grid((min.x + delta.x).min(max.x - MIN_BOUNDARY.x)),
        1 => max.x = on_grid((max.x + delta.x).max(min.x + MIN_BOUNDARY.x)),
        _ => {}
    }
    match grip.1 {
        -1 => min.y = on_grid((min.y + delta.y).min(max.y - MIN_BOUNDARY.y)),
        1 => max.y = on_grid((max.y + delta.y).max(min.y + MIN_BOUNDARY.y)),
        _ => {}
    }
    Rect::from_min_max(min, max)
}

/// The hit areas registered this frame.
#[derive(Default)]
pub(super) struct Hits {
    nodes: Vec<(ElementId, Rect, Response)>,
    handles: Vec<(ElementId, Response)>,
    headers: Vec<(BoundaryId, Response)>,
    corners: Vec<(BoundaryId, Response)>,
    /// The selected boundary's eight resize grips, above everything else.
    grips: Vec<(BoundaryId, super::boundary::Grip, Response)>,
    /// The selected flow's two ends, to drag to another component.
    flow_ends: Vec<(FlowId, ops::FlowEnd, Response)>,
    /// The selected flow's bend grips, with its bends as drawn.
    bends: Vec<(FlowId, super::bends::Grip, Vec<Pos>, Response)>,
    /// A routing command chosen from a flow's context menu.
    flow_menu: Option<(FlowId, AppCommand)>,
    labels: Vec<(FlowId, Response)>,
    /// The component under the pointer.
    pub hovered_node: Option<ElementId>,
    /// The boundary whose title or corner is under the pointer.
    pub hovered_boundary: Option<BoundaryId>,
    /// A command chosen from a component's context menu.
    menu: Option<(ElementId, AppCommand)>,
    /// An edit chosen from a component's context menu (another kind, another boundary).
    menu_edit: Option<(ElementId, crate::model::Transaction)>,
    /// "Show findings" chosen from a component's context menu.
    menu_findings: Option<ElementId>,
}

/// The context menu's "Change kind" (by palette category) and "Move to boundary" submenus:
/// the edit chosen, if any.
fn node_menu_edits(
    ui: &mut Ui,
    cx: &CanvasCtx<'_>,
    id: &ElementId,
    el: &crate::model::Element,
) -> Option<crate::model::Transaction> {
    use crate::model::{Edit, Transaction};
    let mut chosen = None;
    ui.menu_button("Change kind", |ui| {
        for cat in &cx.catalog.categories {
            ui.menu_button(&cat.name, |ui| {
                for k in cx.catalog.kinds_in_order().filter(|k| k.category == cat.id) {
                    if ui.selectable_label(k.id == el.kind, &k.name).clicked() && k.id != el.kind {
                        let mut e = el.clone();
                        e.kind = k.id.clone();
                        chosen = Some(Transaction::single(
                            "Change kind",
                            Edit::SetElement {
                                id: id.clone(),
                                element: e,
                            },
                        ));
                    }
                }
            });
        }
    });
    ui.menu_button("Move to boundary", |ui| {
        let targets = std::iter::once((None, "— none —".to_owned())).chain(
            cx.model
                .boundaries
                .iter()
                .map(|(b, x)| (Some(b.clone()), x.name.clone())),
        );
        for (b, name) in targets {
            if ui.selectable_label(el.boundary == b, name).clicked() && el.boundary != b {
                let mut e = el.clone();
                e.boundary = b;
                chosen = Some(Transaction::single(
                    "Move to boundary",
                    Edit::SetElement {
                        id: id.clone(),
                        element: e,
                    },
                ));
            }
        }
    });
    chosen
}

/// What a component's context menu offers (right-click).
const NODE_MENU: [AppCommand; 7] = [
    AppCommand::WriteThreat,
    AppCommand::Focus,
    AppCommand::Rename,
    AppCommand::Duplicate,
    AppCommand::Copy,
    AppCommand::Cut,
    AppCommand::Delete,
];

/// What a flow's context menu offers (right-click on its label).
const FLOW_MENU: [AppCommand; 5] = [
    AppCommand::RouteRightAngles,
    AppCommand::Straighten,
    AppCommand::WriteThreat,
    AppCommand::Rename,
    AppCommand::Delete,
];

impl Hits {
    /// The topmost component whose box holds `p` (canvas units).
    pub fn node_at(&self, p: Pos2) -> Option<ElementId> {
        self.nodes
            .iter()
            .rev()
            .find(|(_, r, _)| r.contains(p))
            .map(|(id, _, _)| id.clone())
    }
}

fn labeled(resp: &Response, typ: WidgetType, label: impl ToString) {
    let label = label.to_string();
    resp.widget_info(|| WidgetInfo::labeled(typ, true, &label));
}

/// Registers an invisible widget for every item, in canvas units, bottom to top: boundaries
/// (largest first), flow labels, components, then their handles.
pub(super) fn register(
    ui: &mut Ui,
    cx: &CanvasCtx<'_>,
    shown: &Placement,
    flows: Flows<'_>,
    zoom: f32,
    selected: Option<&Item>,
) -> Hits {
    let selected_boundary = match selected {
        Some(Item::Boundary(b)) => Some(b),
        _ => None,
    };
    let mut hits = Hits::default();
    let sizes = &cx.theme.sizes;
    for (id, rect) in in_drawing_order(shown) {
        let Some(b) = cx.model.boundaries.get(id) else { continue };
        if !ui.clip_rect().intersects(rect) {
            continue;
        }
        let header = header_rect(rect, sizes.boundary_header, zoom);
        let resp = ui.interact(
            header,
            Id::new(("bulwark-boundary", id.as_str())),
            Sense::click_and_drag(),
        );
        labeled(&resp, WidgetType::Button, format!("Trust boundary {}", b.name));
        let corner = corner_rect(rect, sizes.corner_handle, zoom);
        let corner_resp = ui
            .interact(corner, Id::new(("bulwark-boundary-corner", id.as_str())), Sense::drag())
            .on_hover_cursor(CursorIcon::ResizeNwSe);
        labeled(&corner_resp, WidgetType::Button, format!("Resize {}", b.name));
        if resp.hovered() || corner_resp.hovered() {
            hits.hovered_boundary = Some(id.clone());
        }
        hits.headers.push((id.clone(), resp));
        hits.corners.push((id.clone(), corner_resp));
    }

    let visible = ui.clip_rect();
    for label in edge::place_labels(ui.painter(), cx, flows, shown, zoom, visible) {
        let Some(g) = flows.get(label.index) else { continue };
        let Some(f) = cx.model.flows.get(&g.id) else { continue };
        let resp = ui.interact(label.rect, Id::new(("bulwark-flow", g.id.as_str())), Sense::click());
        labeled(&resp, WidgetType::Button, format!("Flow {}", f.label));
        resp.context_menu(|ui| {
            for c in FLOW_MENU {
                if ui.button(c.label()).on_hover_text(c.tooltip()).clicked() {
                    hits.flow_menu = Some((g.id.clone(), c));
                    ui.close();
                }
            }
        });
        hits.labels.push((g.id.clone(), resp));
    }

    // Only what is in view gets a widget: a big model zoomed in has most of it off screen.
    let in_view = ui.clip_rect().expand(40.0 / zoom);
    let size = cx.node_size();
    for (id, el, p) in super::node::placed_in(cx.model, shown, size, in_view) {
        let rect = crate::app::geometry::node_rect(p, size);
        let resp = ui.interact(rect, Id::new(("bulwark-node", id.as_str())), Sense::click_and_drag());
        labeled(&resp, WidgetType::Button, &el.name);
        if resp.hovered() {
            hits.hovered_node = Some(id.clone());
        }
        let resp = resp.on_hover_ui(|ui| super::node::tooltip_ui(ui, cx, id, el));
        resp.context_menu(|ui| {
            for c in NODE_MENU {
                let mut b = egui::Button::new(c.label());
                if let Some(s) = c.shortcut_text(ui.ctx()) {
                    b = b.shortcut_text(s);
                }
                if ui.add(b).clicked() {
                    hits.menu = Some((id.clone(), c));
                    ui.close();
                }
            }
            ui.separator();
            if let Some(tx) = node_menu_edits(ui, cx, id, el) {
                hits.menu_edit = Some((id.clone(), tx));
                ui.close();
            }
            if ui.button("Show findings").clicked() {
                hits.menu_findings = Some(id.clone());
                ui.close();
            }
        });
        hits.nodes.push((id.clone(), rect, resp));
    }
    let r = handle_hit_radius(zoom, sizes.handle_radius);
    // Far zoomed out a component is a few points tall: no handle to aim at.
    let handles = size.y * zoom >= 14.0;
    for (id, rect, _) in hits.nodes.iter().filter(|_| handles) {
        let name = cx.model.elements.get(id).map(|e| e.name.as_str()).unwrap_or_default();
        let area = Rect::from_center_size(handle_center(*rect), Vec2::splat(2.0 * r));
        let resp = ui
            .interact(area, Id::new(("bulwark-handle", id.as_str())), Sense::drag())
            .on_hover_cursor(CursorIcon::Crosshair);
        labeled(&resp, WidgetType::Button, format!("Connect from {name}"));
        if resp.hovered() {
            hits.hovered_node = Some(id.clone());
        }
        hits.handles.push((id.clone(), resp));
    }
    // The selected boundary's grips last, so no component can sit over one.
    if let Some((id, rect)) = selected_boundary.and_then(|id| shown.boundaries.get_key_value(id)) {
        let name = cx.model.boundaries.get(id).map(|b| b.name.as_str()).unwrap_or_default();
        for (grip, area) in super::boundary::grips(to_rect(*rect), sizes.corner_handle, zoom) {
            let resp = ui
                .interact(
                    area,
                    Id::new(("bulwark-boundary-grip", id.as_str(), grip)),
                    Sense::drag(),
                )
                .on_hover_cursor(super::boundary::grip_cursor(grip));
            labeled(
                &resp,
                WidgetType::Button,
                format!("Resize {name} ({})", grip_name(grip)),
            );
            hits.grips.push((id.clone(), grip, resp));
        }
    }
    // The selected flow's ends, above the components they sit on.
    if let Some(g) = selected.and_then(|i| match i {
        Item::Flow(f) => flows.find(f).map(|(_, g)| g),
        _ => None,
    }) {
        let r = flow_end_radius(zoom, sizes.handle_radius);
        for (end, at, name) in [(ops::FlowEnd::From, g.a, "start"), (ops::FlowEnd::To, g.b, "end")] {
            let area = Rect::from_center_size(at, Vec2::splat(2.0 * r));
            let resp = ui
                .interact(area, Id::new(("bulwark-flow-end", g.id.as_str(), name)), Sense::drag())
                .on_hover_cursor(CursorIcon::Grab);
            labeled(&resp, WidgetType::Button, format!("Move the flow's {name}"));
            hits.flow_ends.push((g.id.clone(), end, resp));
        }
        let label = cx.model.flows.get(&g.id).map(|f| f.label.as_str()).unwrap_or_default();
        let drawn = super::bends::bends_of(g);
        for (grip, at) in super::bends::grips(g) {
            let resp = ui
                .interact(
                    super::bends::area(at, r * 0.8),
                    Id::new(("bulwark-flow-bend", g.id.as_str(), grip)),
                    Sense::click_and_drag(),
                )
                .on_hover_cursor(CursorIcon::Move);
            labeled(&resp, WidgetType::Button, grip.name(label));
            hits.bends.push((g.id.clone(), grip, drawn.clone(), resp));
        }
    }
    hits
}

/// The grab radius of a selected flow's end (canvas units): at least 7 points on screen.
pub(super) fn flow_end_radius(zoom: f32, handle: f32) -> f32 {
    handle.max(7.0 / zoom)
}

/// Where a grip sits, for its accessible name.
fn grip_name(g: super::boundary::Grip) -> &'static str {
    match g {
        (-1, -1) => "top left",
        (0, -1) => "top",
        (1, -1) => "top right",
        (1, 0) => "right",
        (1, 1) => "bottom right",
        (0, 1) => "bottom",
        (-1, 1) => "bottom left",
        _ => "left",
    }
}

/// What the canvas saw this frame.
pub(super) struct Input<'a> {
    /// The scene's own background response.
    pub background: &'a Response,
    pub hits: &'a Hits,
    /// Where the flows are drawn (for clicks on a line).
    pub flows: Flows<'a>,
    pub transform: TSTransform,
    pub outer: Rect,
    /// Space is held: a primary drag pans instead of selecting.
    pub panning_with_primary: bool,
}

/// Turns this frame's input into drag updates, selection changes and transactions.
pub(super) fn handle(
    ui: &Ui,
    cx: &CanvasCtx<'_>,
    placement: &Placement,
    session: &mut Session,
    drag: &mut Drag,
    input: &Input<'_>,
    fx: &mut Effects,
) {
    let to_canvas = |p: Pos2| input.transform.inverse() * p;
    let pointer = ui.input(|i| i.pointer.latest_pos());
    let shift = ui.input(|i| i.modifiers.shift);

    if *drag != Drag::Idle {
        if let Some(p) = pointer {
            drag.set_current(to_canvas(p));
        }
        if let Drag::Nodes {
            ids,
            origin,
            current,
            snap,
        } = drag
        {
            // Alt moves freely.
            *snap = if ui.input(|i| i.modifiers.alt) {
                Vec2::ZERO
            } else {
                let tolerance = super::guides::SNAP_PX / input.transform.scaling;
                super::guides::snap(placement, ids, *current - *origin, cx.node_size(), tolerance)
            };
        }
        if !ui.input(|i| i.pointer.primary_down()) {
            finish(cx, placement, session, std::mem::take(drag), input.hits, fx);
        }
        return;
    }

    drop_from_palette(ui, cx, session, input, fx);

    let origin = ui.input(|i| i.pointer.press_origin()).map(to_canvas);
    let current = pointer.map(to_canvas);
    let start = |origin: Option<Pos2>| origin.or(current).unwrap_or_default();
    let hits = input.hits;
    if let Some((id, tx)) = &hits.menu_edit {
        session.selection = Selection::only(Item::Element(id.clone()));
        fx.edit(tx.clone());
        return;
    }
    if let Some(id) = &hits.menu_findings {
        // The worst open finding on it, shown in the findings panel.
        session.selection = Selection::only(Item::Element(id.clone()));
        session.panels.findings = true;
        session.selected_finding = cx
            .eval
            .findings()
            .iter()
            .filter(|f| &f.anchor == id && f.status.is_open())
            .max_by_key(|f| f.severity)
            .map(|f| f.id.clone());
        return;
    }
    if let Some((id, cmd)) = &hits.menu {
        // The menu acts on the component it was opened on.
        let item = Item::Element(id.clone());
        if !session.selection.contains(&item) {
            session.selection = Selection::only(item);
        }
        fx.command(*cmd);
        return;
    }

    if let Some((flow, cmd)) = &hits.flow_menu {
        // The menu acts on the flow it was opened on.
        let item = Item::Flow(flow.clone());
        if !session.selection.contains(&item) {
            session.selection = Selection::only(item);
        }
        fx.command(*cmd);
        return;
    }
    for (flow, grip, drawn, resp) in &hits.bends {
        if resp.double_clicked()
            && let super::bends::Grip::Bend(i) = grip
        {
            let remove = crate::app::routing::BendEdit::Remove(*i);
            if let Some(tx) = crate::app::routing::bend_flow(cx.model, flow, drawn, &remove) {
                fx.edit(tx);
            }
            return;
        }
        if resp.drag_started_by(PointerButton::Primary) {
            *drag = Drag::Bend {
                flow: flow.clone(),
                grip: *grip,
                start: drawn.clone(),
                current: current.unwrap_or_default(),
            };
            return;
        }
    }
    for (flow, end, resp) in &hits.flow_ends {
        if resp.drag_started_by(PointerButton::Primary) {
            *drag = Drag::Reconnect {
                flow: flow.clone(),
                end: *end,
                current: current.unwrap_or_default(),
            };
            return;
        }
    }
    for (id, grip, resp) in &hits.grips {
        if resp.drag_started_by(PointerButton::Primary) {
            *drag = Drag::Resize {
                id: id.clone(),
                grip: *grip,
                origin: start(origin),
                current: current.unwrap_or_default(),
            };
            return;
        }
    }
    for (id, resp) in &hits.handles {
        if resp.drag_started() {
            *drag = Drag::Connect {
                from: id.clone(),
                current: current.unwrap_or_default(),
            };
            return;
        }
    }
    for (id, _, resp) in &hits.nodes {
        let item = Item::Element(id.clone());
        if resp.drag_started_by(PointerButton::Primary) {
            if shift {
                session.selection.insert(item);
            } else if !session.selection.contains(&item) {
                session.selection = Selection::only(item);
            }
            *drag = Drag::Nodes {
                ids: session.selection.elements.iter().cloned().collect(),
                origin: start(origin),
                current: current.unwrap_or_default(),
                snap: Vec2::ZERO,
            };
            return;
        }
        if resp.double_clicked() {
            start_rename(cx.model, session, item);
        } else if resp.clicked() {
            click_select(session, item, shift);
        }
    }
    for (id, resp) in &hits.corners {
        if resp.drag_started_by(PointerButton::Primary) {
            session.selection = Selection::only(Item::Boundary(id.clone()));
            *drag = Drag::Resize {
                id: id.clone(),
                grip: (1, 1),
                origin: start(origin),
                current: current.unwrap_or_default(),
            };
            return;
        }
    }
    for (id, resp) in &hits.headers {
        let item = Item::Boundary(id.clone());
        if resp.drag_started_by(PointerButton::Primary) {
            session.selection = Selection::only(item);
            *drag = Drag::Boundary {
                id: id.clone(),
                origin: start(origin),
                current: current.unwrap_or_default(),
            };
            return;
        }
        if resp.double_clicked() {
            start_rename(cx.model, session, item);
        } else if resp.clicked() {
            click_select(session, item, shift);
        }
    }
    for (id, resp) in &hits.labels {
        let item = Item::Flow(id.clone());
        if resp.double_clicked() {
            start_rename(cx.model, session, item);
        } else if resp.clicked() {
            click_select(session, item, shift);
        }
    }

    let bg = input.background;
    if bg.drag_started_by(PointerButton::Primary) && !input.panning_with_primary {
        *drag = Drag::BoxSelect {
            origin: start(origin),
            current: current.unwrap_or_default(),
            additive: shift,
        };
    } else if bg.clicked()
        && let Some(p) = current
    {
        let tolerance = 7.0 / input.transform.scaling;
        match edge::hit(input.flows, p, tolerance) {
            Some(f) => click_select(session, Item::Flow(f), shift),
            None if !shift => {
                session.selection = Selection::default();
                session.renaming = None;
            }
            None => {}
        }
    }
}

fn click_select(session: &mut Session, item: Item, shift: bool) {
    if shift {
        session.selection.toggle(item);
    } else {
        session.selection = Selection::only(item);
    }
}

/// Opens the in-place rename for `item`.
pub fn start_rename(model: &Model, session: &mut Session, item: Item) {
    if let Some(text) = ops::name_of(model, &item) {
        session.selection = Selection::only(item.clone());
        session.renaming = Some(Renaming { item, text });
    }
}

fn finish(cx: &CanvasCtx<'_>, placement: &Placement, session: &mut Session, drag: Drag, hits: &Hits, fx: &mut Effects) {
    match drag {
        Drag::Idle => {}
        Drag::Nodes {
            ids,
            origin,
            current,
            snap,
        } => {
            let moves = moved(placement, &ids, current - origin + snap).collect();
            if let Some(tx) = ops::move_elements(cx.model, &moves) {
                fx.edit(tx);
            }
        }
        Drag::Boundary { id, origin, current } => {
            if let Some(tx) = ops::move_boundary(cx.model, &id, current - origin) {
                fx.edit(tx);
            }
        }
        Drag::Resize {
            id,
            grip,
            origin,
            current,
        } => {
            if let Some(r) = placement.boundaries.get(&id) {
                let rect = from_rect(resized(to_rect(*r), current - origin, grip));
                if let Some(tx) = ops::resize_boundary(cx.model, &id, rect) {
                    fx.edit(tx);
                }
            }
        }
        Drag::Connect { from, current } => {
            if let Some(to) = hits.node_at(current)
                && let Some((tx, flow)) = ops::connect(cx.model, cx.catalog, &from, &to)
            {
                fx.edit_then_select(tx, Selection::only(Item::Flow(flow)));
            }
        }
        Drag::Reconnect { flow, end, current } => {
            if let Some(to) = hits.node_at(current)
                && let Some(tx) = ops::reconnect(cx.model, &flow, end, &to)
            {
                fx.edit_then_select(tx, Selection::only(Item::Flow(flow)));
            }
        }
        Drag::Bend {
            flow,
            grip,
            start,
            current,
        } => {
            if let Some(tx) = crate::app::routing::bend_flow(cx.model, &flow, &start, &grip.edit(current)) {
                fx.edit(tx);
            }
        }
        Drag::BoxSelect {
            origin,
            current,
            additive,
        } => {
            let area = Rect::from_two_pos(origin, current);
            let mut sel = if additive {
                session.selection.clone()
            } else {
                Selection::default()
            };
            let size = cx.node_size();
            for (id, p) in &placement.elements {
                if area.intersects(node_rect(*p, size)) {
                    sel.insert(Item::Element(id.clone()));
                }
            }
            for (id, r) in &placement.boundaries {
                if area.contains_rect(to_rect(*r)) {
                    sel.insert(Item::Boundary(id.clone()));
                }
            }
            session.selection = sel;
        }
    }
}

/// A palette item dropped on the canvas is placed where it was dropped.
fn drop_from_palette(ui: &Ui, cx: &CanvasCtx<'_>, session: &mut Session, input: &Input<'_>, fx: &mut Effects) {
    let released = ui.input(|i| i.pointer.any_released());
    let Some(pointer) = ui.input(|i| i.pointer.latest_pos()) else {
        return;
    };
    if !released || !input.outer.contains(pointer) || !egui::DragAndDrop::has_payload_of_type::<PaletteItem>(ui.ctx()) {
        return;
    }
    let Some(item) = egui::DragAndDrop::take_payload::<PaletteItem>(ui.ctx()) else {
        return;
    };
    let at = canvas_pos(input.transform, pointer);
    place(cx, session, &item, at, fx);
}

/// Places a palette item centred at `at` and selects it.
fn place(cx: &CanvasCtx<'_>, session: &mut Session, item: &PaletteItem, at: Pos, fx: &mut Effects) {
    session.renaming = None;
    if let Some((tx, sel)) = ops::place_item(cx.model, cx.catalog, item, at) {
        fx.edit_then_select(tx, sel);
    }
}

/// The selection box, the flow being dragged out, and the ghost of a palette item over the
/// canvas.
pub(super) fn paint_overlay(
    ui: &Ui,
    painter: &Painter,
    view: &View<'_>,
    cx: &CanvasCtx<'_>,
    shown: &Placement,
    drag: &Drag,
    outer: Rect,
) {
    let pal = &view.theme.palette;
    match drag {
        Drag::BoxSelect { origin, current, .. } => {
            let r = view.rect(Rect::from_two_pos(*origin, *current));
            painter.rect_filled(r, 2.0, with_alpha(pal.selection, 28));
            painter.rect_stroke(r, 2.0, egui::Stroke::new(1.2, pal.selection), egui::StrokeKind::Inside);
        }
        Drag::Connect { from, current } => {
            if let Some(rect) = rect_of(shown, from, cx.node_size()) {
                let start = view.pos(handle_center(rect));
                super::edge::paint_rubber_band(painter, start, view.pos(*current), pal.selection);
            }
        }
        Drag::Reconnect { flow, end, current } => {
            let fixed = cx.model.flows.get(flow).map(|f| match end {
                ops::FlowEnd::From => &f.to,
                ops::FlowEnd::To => &f.from,
            });
            if let Some(rect) = fixed.and_then(|id| rect_of(shown, id, cx.node_size())) {
                let (a, b) = match end {
                    ops::FlowEnd::From => (view.pos(*current), view.pos(rect.center())),
                    ops::FlowEnd::To => (view.pos(rect.center()), view.pos(*current)),
                };
                super::edge::paint_rubber_band(painter, a, b, pal.selection);
            }
        }
        Drag::Nodes { ids, .. } => {
            let stroke = egui::Stroke::new(1.0, pal.selection);
            for (a, b) in super::guides::guides(shown, ids, cx.node_size()) {
                painter.line_segment([view.pos(a), view.pos(b)], stroke);
            }
        }
        _ => {}
    }
    let Some(item) = egui::DragAndDrop::payload::<PaletteItem>(ui.ctx()) else {
        return;
    };
    let Some(pointer) = ui.input(|i| i.pointer.latest_pos()).filter(|p| outer.contains(*p)) else {
        return;
    };
    match item.as_ref() {
        PaletteItem::Kind(kind) => {
            let rect = Rect::from_center_size(pointer, cx.node_size() * view.zoom());
            let k = cx.catalog.kind(kind);
            let style = super::node::NodeStyle {
                hovered: true,
                ..Default::default()
            };
            super::node::paint_node(
                painter,
                view,
                rect,
                k,
                k.map(|k| k.name.as_str()).unwrap_or_default(),
                style,
            );
        }
        PaletteItem::Boundary(kind) => {
            let rect = Rect::from_center_size(pointer, ops::NEW_BOUNDARY_SIZE * view.zoom());
            let c = pal.boundary(*kind);
            painter.rect_filled(rect, 6.0, with_alpha(c, 30));
            painter.rect_stroke(rect, 6.0, egui::Stroke::new(1.5, c), egui::StrokeKind::Inside);
        }
    }
}

/// The in-place rename box, over the item being renamed. Enter or clicking away commits,
/// Escape cancels.
pub(super) fn rename_ui(
    ui: &Ui,
    cx: &CanvasCtx<'_>,
    shown: &Placement,
    flows: Flows<'_>,
    session: &mut Session,
    view: &View<'_>,
    fx: &mut Effects,
) {
    let Some(renaming) = session.renaming.as_mut() else {
        return;
    };
    let zoom = view.zoom();
    let anchor: Option<Rect> = match &renaming.item {
        Item::Element(id) => rect_of(shown, id, cx.node_size()).map(|r| view.rect(r)),
        Item::Boundary(id) => shown
            .boundaries
            .get(id)
            .map(|r| view.rect(header_rect(to_rect(*r), cx.theme.sizes.boundary_header, zoom))),
        Item::Flow(id) => flows
            .find(id)
            .map(|(_, g)| Rect::from_center_size(view.pos(g.mid()), vec2(160.0, 24.0))),
    };
    let Some(anchor) = anchor else {
        session.renaming = None;
        return;
    };
    let width = anchor.width().clamp(140.0, 320.0);
    let pos = Pos2::new(anchor.center().x - width / 2.0, anchor.center().y - 14.0);
    let id = Id::new("bulwark-rename");
    let mut outcome = None;
    egui::Area::new(id.with("area"))
        .order(egui::Order::Foreground)
        .fixed_pos(pos)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).inner_margin(3.0).show(ui, |ui| {
                let resp = ui.add(
                    egui::TextEdit::singleline(&mut renaming.text)
                        .id(id)
                        .desired_width(width - 10.0),
                );
                labeled(&resp, WidgetType::TextEdit, "Rename");
                if resp.lost_focus() {
                    outcome = Some(!ui.input(|i| i.key_pressed(Key::Escape)));
                } else if !resp.has_focus() {
                    resp.request_focus();
                }
            });
        });
    match outcome {
        Some(true) => {
            if let Some(r) = session.renaming.take()
                && let Some(tx) = ops::rename(cx.model, &r.item, &r.text)
            {
                fx.edit(tx);
            }
        }
        Some(false) => session.renaming = None,
        None => {}
    }
}

//! The attack-path explorer, on egui_graphs: how untrusted sources reach valuable sinks through
//! the models, agents, tools and stores between them, laid out left to right by egui_graphs'
//! hierarchical layout. Every route is a path a finding carries (`crate::lens::paths`): the
//! engine's own path search, never a second one. Filter by finding, source or sink; the routes
//! of the picked finding are drawn selected; clicking a component selects it for the inspector
//! and the diagram.
//!
//! egui_graphs' `GraphView` asks for a repaint every frame while it is shown (it animates
//! layouts), so the app redraws continuously only while this view is open; the graph is rebuilt
//! only when the evaluation or the filter changes, and its layout state lives in egui memory
//! under an id of its own, reset when the graph is rebuilt.

use super::LensState;
use crate::app::canvas::CanvasCtx;
use crate::app::session::{Item, Selection, Session};
use crate::lens::{Route, RouteFilter};
use crate::model::ElementId;
use egui::{RichText, Ui};
use egui_graphs::{
    GraphChange, GraphView, LayoutHierarchical, LayoutHierarchicalOrientation, LayoutStateHierarchical,
    SettingsInteraction, SettingsNavigation, SettingsStyle,
};
use petgraph::stable_graph::NodeIndex;
use std::collections::BTreeMap;

/// The id egui_graphs keeps this view's layout and navigation under.
const GRAPH_ID: &str = "bulwark-attack-paths";

type PathGraph = egui_graphs::Graph<ElementId, ()>;

/// The explorer's graph, rebuilt when the findings or the filter change.
#[derive(Default)]
pub struct PathsView {
    key: Option<(u64, usize, RouteFilter)>,
    graph: PathGraph,
    ids: BTreeMap<NodeIndex, ElementId>,
    routes: usize,
}

impl std::fmt::Debug for PathsView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PathsView")
            .field("nodes", &self.ids.len())
            .field("routes", &self.routes)
            .finish()
    }
}

impl PathsView {
    /// Names of the components the explorer shows, by their label.
    pub fn node_labels(&self) -> Vec<String> {
        self.graph.nodes_iter().map(|(_, n)| n.label()).collect()
    }

    /// Labels of the components drawn selected (the picked finding's routes).
    pub fn selected_labels(&self) -> Vec<String> {
        self.graph
            .nodes_iter()
            .filter(|(_, n)| n.selected())
            .map(|(_, n)| n.label())
            .collect()
    }

    /// How many routes are drawn.
    pub fn route_count(&self) -> usize {
        self.routes
    }

    /// The whole view: filters on top, the routes on the right, the graph in the middle.
    pub fn ui(&mut self, ui: &mut Ui, cx: &CanvasCtx<'_>, session: &mut Session, eval_revision: u64) {
        let all = crate::lens::routes(cx.eval.findings().iter().map(|f| &**f));
        let state = &mut session.lens;
        egui::Panel::top("bulwark-paths-filters").show(ui, |ui| filters_ui(ui, cx, state, &all));
        let shown: Vec<&Route> = all.iter().filter(|r| state.paths.keeps(r)).collect();
        egui::Panel::right("bulwark-paths-routes")
            .resizable(true)
            .default_size(300.0)
            .size_range(220.0..=520.0)
            .show(ui, |ui| routes_ui(ui, cx, state, &shown));
        let key = (eval_revision, all.len(), state.paths.clone());
        let rebuilt = self.key.as_ref() != Some(&key);
        if rebuilt {
            self.rebuild(cx, &shown, state);
            self.key = Some(key);
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            if shown.is_empty() {
                ui.centered_and_justified(|ui| {
                    ui.weak("No open finding has an attack path here: no path rule found an untrusted source reaching a sink.");
                });
                return;
            }
            if rebuilt {
                let layout = LayoutStateHierarchical {
                    orientation: LayoutHierarchicalOrientation::LeftRight,
                    row_dist: 130.0,
                    col_dist: 55.0,
                    ..Default::default()
                };
                egui_graphs::reset_metadata(ui, Some(GRAPH_ID.to_owned()));
                egui_graphs::set_layout_state(ui, layout, Some(GRAPH_ID.to_owned()));
            }
            let response = GraphView::<LayoutStateHierarchical, LayoutHierarchical>::new()
                .with_id(Some(GRAPH_ID.to_owned()))
                .with_interactions(
                    &SettingsInteraction::new()
                        .with_node_clicking_enabled(true)
                        .with_dragging_enabled(true)
                        .with_hover_enabled(true),
                )
                .with_navigations(
                    &SettingsNavigation::new()
                        .with_fit_to_screen_enabled(rebuilt)
                        .with_zoom_and_pan_enabled(true),
                )
                .with_styles(&SettingsStyle::new().with_labels_always(true))
                .show(ui, &mut self.graph);
            for change in response.changes {
                if let GraphChange::NodeClicked { node } = change
                    && let Some(id) = self.ids.get(&node)
                {
                    session.selection = Selection::only(Item::Element(id.clone()));
                }
            }
        });
    }

    fn rebuild(&mut self, cx: &CanvasCtx<'_>, shown: &[&Route], state: &LensState) {
        let pal = &cx.theme.palette;
        let (nodes, hops) = crate::lens::graph_of(shown);
        let sources: std::collections::BTreeSet<&ElementId> = shown.iter().map(|r| r.source()).collect();
        let sinks: std::collections::BTreeSet<&ElementId> = shown.iter().map(|r| r.sink()).collect();
        let picked: Vec<&Route> = shown
            .iter()
            .copied()
            .filter(|r| state.paths.finding.as_ref() == Some(&r.finding.id))
            .collect();
        let (on_picked, hops_picked) = crate::lens::graph_of(&picked);
        let mut graph = PathGraph::new();
        let mut index: BTreeMap<&ElementId, NodeIndex> = BTreeMap::new();
        let mut ids = BTreeMap::new();
        for id in nodes {
            let name = cx.model.elements.get(id).map_or(id.as_str(), |e| e.name.as_str());
            let label = if sources.contains(id) {
                format!("▶ {name}")
            } else if sinks.contains(id) {
                format!("{name} ■")
            } else {
                name.to_owned()
            };
            let n = graph.add_node_with_label(id.clone(), label);
            let color = if sources.contains(id) {
                pal.severity(crate::model::Severity::Critical)
            } else if sinks.contains(id) {
                pal.highlight
            } else {
                cx.model
                    .elements
                    .get(id)
                    .and_then(|e| cx.catalog.kind(&e.kind))
                    .map_or(pal.text_weak, |k| pal.category(&k.category))
            };
            if let Some(node) = graph.node_mut(n) {
                node.set_color(color);
                node.set_selected(on_picked.contains(id));
            }
            index.insert(id, n);
            ids.insert(n, id.clone());
        }
        for (a, b) in hops {
            if let (Some(&x), Some(&y)) = (index.get(a), index.get(b)) {
                let e = graph.add_edge(x, y, ());
                // The flow the hop travels (or whose answer travels back along it).
                let label = cx
                    .model
                    .flows
                    .values()
                    .find(|f| (&f.from == a && &f.to == b) || (&f.from == b && &f.to == a))
                    .map(|f| f.label.clone())
                    .unwrap_or_default();
                if let Some(edge) = graph.edge_mut(e) {
                    edge.set_label(label);
                    edge.set_selected(hops_picked.contains(&(a, b)));
                }
            }
        }
        self.graph = graph;
        self.ids = ids;
        self.routes = shown.len();
    }
}

/// Finding, source and sink pickers.
fn filters_ui(ui: &mut Ui, cx: &CanvasCtx<'_>, state: &mut LensState, all: &[Route<'_>]) {
    let name = |id: &ElementId| cx.model.elements.get(id).map_or(id.to_string(), |e| e.name.clone());
    ui.horizontal_wrapped(|ui| {
        let f = &mut state.paths;
        let mut findings: Vec<(&crate::model::FindingId, String)> = Vec::new();
        for r in all {
            if !findings.iter().any(|(id, _)| **id == r.finding.id) {
                findings.push((
                    &r.finding.id,
                    format!("{} — {}", r.finding.title, name(&r.finding.anchor)),
                ));
            }
        }
        ui.label("Finding");
        let current = f
            .finding
            .as_ref()
            .and_then(|id| findings.iter().find(|(x, _)| *x == id))
            .map_or("All path findings".to_owned(), |(_, t)| t.clone());
        egui::ComboBox::from_id_salt("paths-finding")
            .selected_text(current)
            .width(280.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.finding, None, "All path findings");
                for (id, text) in &findings {
                    ui.selectable_value(&mut f.finding, Some((*id).clone()), text);
                }
            });
        for (label, salt, pick, ends) in [
            ("From", "paths-source", &mut f.source, ends(all, true)),
            ("To", "paths-sink", &mut f.sink, ends(all, false)),
        ] {
            ui.label(label);
            let current = pick.as_ref().map_or("anywhere".to_owned(), &name);
            egui::ComboBox::from_id_salt(salt)
                .selected_text(current)
                .width(180.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(pick, None, "anywhere");
                    for id in ends {
                        ui.selectable_value(pick, Some(id.clone()), name(id));
                    }
                });
        }
        if (f.finding.is_some() || f.source.is_some() || f.sink.is_some()) && ui.button("Show all").clicked() {
            *f = RouteFilter::default();
        }
    });
}

/// The distinct sources (or sinks) of the routes, in first-seen order.
fn ends<'a>(all: &'a [Route<'_>], source: bool) -> Vec<&'a ElementId> {
    let mut out: Vec<&ElementId> = Vec::new();
    for r in all {
        let e = if source { r.source() } else { r.sink() };
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// The routes shown, each picking its finding.
fn routes_ui(ui: &mut Ui, cx: &CanvasCtx<'_>, state: &mut LensState, shown: &[&Route<'_>]) {
    let pal = &cx.theme.palette;
    let name = |id: &ElementId| cx.model.elements.get(id).map_or(id.to_string(), |e| e.name.clone());
    ui.strong(format!(
        "{} route{}",
        shown.len(),
        if shown.len() == 1 { "" } else { "s" }
    ));
    ui.weak("▶ untrusted source · ■ sink. Pick a route to draw its finding's paths selected.");
    egui::ScrollArea::vertical().show(ui, |ui| {
        for r in shown {
            let picked = state.paths.finding.as_ref() == Some(&r.finding.id);
            let text = RichText::new(format!("◆ {}", r.finding.title)).color(pal.severity(r.finding.severity));
            let steps: Vec<String> = r.path.iter().map(name).collect();
            let resp = ui.selectable_label(picked, text).on_hover_text(&r.finding.why);
            ui.label(RichText::new(steps.join(" → ")).small());
            ui.add_space(2.0);
            if resp.clicked() {
                state.paths.finding = if picked { None } else { Some(r.finding.id.clone()) };
            }
        }
    });
}

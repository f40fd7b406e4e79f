//! The diagram as a Graphviz digraph: one cluster per trust boundary (nested as the boundaries
//! are), node shapes by DFD type, flows with their labels, boundary-crossing flows in their own
//! colour (dashed unless known to be encrypted), and components with open findings outlined in the worst
//! severity's colour. Every id and label is a quoted, escaped string.

use super::badge::{Badge, badges};
use super::escape::dot as esc;
use super::palette;
use crate::catalog::{Catalog, DfdType};
use crate::engine::Evaluation;
use crate::model::{BoundaryId, ElementId, Model};
use std::collections::{BTreeMap, BTreeSet};

const FONT: &str = "Helvetica";

/// The DOT source of the diagram. `eval` adds finding counts.
pub fn dot(model: &Model, cat: &Catalog, eval: Option<&Evaluation>) -> String {
    let badges = badges(eval);
    let mut out = format!("digraph \"{}\" {{\n", esc(&model.name));
    out.push_str(&format!(
        "    graph [rankdir=LR, fontname=\"{FONT}\", fontsize=12, nodesep=0.5, ranksep=0.9, label=\"{}\", labelloc=t];\n",
        esc(&model.name)
    ));
    out.push_str(&format!(
        "    node [shape=box, style=\"rounded,filled\", fillcolor=\"{}\", color=\"{}\", fontname=\"{FONT}\", fontsize=11, fontcolor=\"{}\"];\n",
        palette::NODE_FILL,
        palette::NODE_STROKE,
        palette::TEXT
    ));
    out.push_str(&format!(
        "    edge [color=\"{}\", fontname=\"{FONT}\", fontsize=9, fontcolor=\"{}\"];\n",
        palette::FLOW,
        palette::TEXT_WEAK
    ));
    for (id, e) in &model.elements {
        if e.boundary.as_ref().is_none_or(|b| !model.boundaries.contains_key(b)) {
            out.push_str(&node(model, cat, id, badges.get(id), 1));
        }
    }
    let mut seen = BTreeSet::new();
    for (id, b) in &model.boundaries {
        if b.parent.as_ref().is_none_or(|p| !model.boundaries.contains_key(p)) {
            cluster(model, cat, id, &badges, 1, &mut seen, &mut out);
        }
    }
    for (id, f) in &model.flows {
        if !model.elements.contains_key(&f.from) || !model.elements.contains_key(&f.to) {
            continue;
        }
        let mut attrs = vec![format!("id=\"{}\"", esc(id.as_str()))];
        if !f.label.is_empty() {
            attrs.push(format!("label=\"{}\"", esc(&f.label)));
        }
        if model.crosses_boundary(f) {
            attrs.push(format!("color=\"{}\"", palette::FLOW_CROSSING));
            if !f.encrypted.is_yes() {
                attrs.push("style=dashed".to_owned());
            }
        }
        if !f.returns.is_empty() {
            attrs.push("dir=both".to_owned());
        }
        out.push_str(&format!(
            "    \"{}\" -> \"{}\" [{}];\n",
            esc(f.from.as_str()),
            esc(f.to.as_str()),
            attrs.join(", ")
        ));
    }
    out.push_str("}\n");
    out
}

fn cluster(
    model: &Model,
    cat: &Catalog,
    id: &BoundaryId,
    badges: &BTreeMap<ElementId, Badge>,
    depth: usize,
    seen: &mut BTreeSet<BoundaryId>,
    out: &mut String,
) {
    let Some(b) = model.boundaries.get(id) else { return };
    if !seen.insert(id.clone()) {
        return;
    }
    let indent = "    ".repeat(depth);
    let color = palette::boundary(b.kind);
    out.push_str(&format!("{indent}subgraph \"cluster_{}\" {{\n", esc(id.as_str())));
    out.push_str(&format!(
        "{indent}    label=\"{} ({})\"; style=\"dashed,rounded,filled\"; color=\"{color}\"; fillcolor=\"{color}12\"; fontcolor=\"{color}\";\n",
        esc(&b.name),
        esc(b.kind.label())
    ));
    for (eid, e) in &model.elements {
        if e.boundary.as_ref() == Some(id) {
            out.push_str(&node(model, cat, eid, badges.get(eid), depth + 1));
        }
    }
    for (child, c) in &model.boundaries {
        if c.parent.as_ref() == Some(id) {
            cluster(model, cat, child, badges, depth + 1, seen, out);
        }
    }
    out.push_str(&format!("{indent}}}\n"));
}

fn node(model: &Model, cat: &Catalog, id: &ElementId, badge: Option<&Badge>, depth: usize) -> String {
    let Some(e) = model.elements.get(id) else {
        return String::new();
    };
    let kind = cat.kind(&e.kind);
    let mut label = format!("{}\n{}", e.name, kind.map_or("unknown kind", |k| &k.name));
    let mut attrs = Vec::new();
    if let Some(b) = badge {
        label.push_str(&format!("\n{} open ({} worst)", b.open, b.worst.id()));
        attrs.push(format!("color=\"{}\", penwidth=2", palette::severity(b.worst)));
    }
    match kind.map(|k| k.dfd) {
        Some(DfdType::DataStore) => attrs.push("shape=cylinder, style=filled".to_owned()),
        Some(DfdType::ExternalEntity) => attrs.push("style=filled".to_owned()),
        Some(DfdType::Process) | None => {}
    }
    let mut all = vec![format!("label=\"{}\"", esc(&label))];
    all.extend(attrs);
    format!(
        "{}\"{}\" [{}];\n",
        "    ".repeat(depth),
        esc(id.as_str()),
        all.join(", ")
    )
}

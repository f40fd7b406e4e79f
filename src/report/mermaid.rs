//! The diagram as a Mermaid flowchart, for Markdown on code-hosting sites: left to right, one
//! subgraph per trust boundary (nested as the boundaries are), node shapes by DFD type, flows
//! with their labels, and components with open findings outlined in the worst severity's
//! colour. Ids are rewritten to what Mermaid accepts; labels are escaped.

use super::badge::{Badge, badges};
use super::escape::mermaid as esc;
use super::palette;
use crate::catalog::{Catalog, DfdType, Severity};
use crate::engine::Evaluation;
use crate::model::{BoundaryId, ElementId, Model};
use std::collections::{BTreeMap, BTreeSet};

/// The Mermaid source of the diagram (no code fence). `eval` adds finding counts.
pub fn mermaid(model: &Model, cat: &Catalog, eval: Option<&Evaluation>) -> String {
    let ids = Ids::new(model);
    let badges = badges(eval);
    let mut out = String::from("flowchart LR\n");
    let mut roots: Vec<&BoundaryId> = model
        .boundaries
        .iter()
        .filter(|(_, b)| b.parent.as_ref().is_none_or(|p| !model.boundaries.contains_key(p)))
        .map(|(id, _)| id)
        .collect();
    roots.sort();
    let mut seen = BTreeSet::new();
    for (id, e) in &model.elements {
        let homeless = e.boundary.as_ref().is_none_or(|b| !model.boundaries.contains_key(b));
        if homeless {
            out.push_str(&node_line(model, cat, &ids, id, badges.get(id).map(|b| b.open), 1));
        }
    }
    for b in roots {
        subgraph(model, cat, &ids, b, &badges, 1, &mut seen, &mut out);
    }
    for f in model.flows.values() {
        let (Some(a), Some(b)) = (ids.elements.get(&f.from), ids.elements.get(&f.to)) else {
            continue;
        };
        let arrow = match (
            !f.returns.is_empty(),
            model.crosses_boundary(f) && !f.encrypted.is_yes(),
        ) {
            (true, true) => "<-.->",
            (true, false) => "<-->",
            (false, true) => "-.->",
            (false, false) => "-->",
        };
        if f.label.is_empty() {
            out.push_str(&format!("    {a} {arrow} {b}\n"));
        } else {
            out.push_str(&format!("    {a} {arrow}|\"{}\"| {b}\n", esc(&f.label)));
        }
    }
    let mut used: BTreeMap<Severity, Vec<&str>> = BTreeMap::new();
    for (id, b) in &badges {
        if let Some(m) = ids.elements.get(id) {
            used.entry(b.worst).or_default().push(m);
        }
    }
    for (sev, nodes) in used.iter().rev() {
        out.push_str(&format!(
            "    classDef {} stroke:{},stroke-width:3px\n    class {} {}\n",
            sev.id(),
            palette::severity(*sev),
            nodes.join(","),
            sev.id()
        ));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn subgraph(
    model: &Model,
    cat: &Catalog,
    ids: &Ids,
    b: &BoundaryId,
    open: &BTreeMap<ElementId, Badge>,
    depth: usize,
    seen: &mut BTreeSet<BoundaryId>,
    out: &mut String,
) {
    let (Some(boundary), Some(sid)) = (model.boundaries.get(b), ids.boundaries.get(b)) else {
        return;
    };
    if !seen.insert(b.clone()) {
        return;
    }
    let indent = "    ".repeat(depth);
    out.push_str(&format!(
        "{indent}subgraph {sid}[\"{} · {}\"]\n",
        esc(&boundary.name),
        esc(boundary.kind.label())
    ));
    for (id, e) in &model.elements {
        if e.boundary.as_ref() == Some(b) {
            out.push_str(&node_line(model, cat, ids, id, open.get(id).map(|b| b.open), depth + 1));
        }
    }
    for (child, c) in &model.boundaries {
        if c.parent.as_ref() == Some(b) {
            subgraph(model, cat, ids, child, open, depth + 1, seen, out);
        }
    }
    out.push_str(&format!("{indent}end\n"));
    out.push_str(&format!(
        "{indent}style {sid} fill:{}14,stroke:{},stroke-dasharray:6 4\n",
        palette::boundary(boundary.kind),
        palette::boundary(boundary.kind)
    ));
}

fn node_line(model: &Model, cat: &Catalog, ids: &Ids, id: &ElementId, open: Option<usize>, depth: usize) -> String {
    let (Some(e), Some(nid)) = (model.elements.get(id), ids.elements.get(id)) else {
        return String::new();
    };
    let kind = cat.kind(&e.kind);
    let mut label = format!(
        "{}<br/><small>{}</small>",
        esc(&e.name),
        esc(kind.map_or("unknown kind", |k| &k.name))
    );
    if let Some(n) = open {
        label.push_str(&format!("<br/>⚠ {n} open"));
    }
    let (l, r) = match kind.map(|k| k.dfd) {
        Some(DfdType::DataStore) => ("[(", ")]"),
        Some(DfdType::ExternalEntity) => ("[", "]"),
        Some(DfdType::Process) | None => ("(", ")"),
    };
    format!("{}{nid}{l}\"{label}\"{r}\n", "    ".repeat(depth))
}

/// Mermaid-safe ids: letters, digits and `_` only, prefixed by what they name so none is a
/// keyword (`end`), and made unique when two model ids rewrite to the same text.
struct Ids {
    elements: BTreeMap<ElementId, String>,
    boundaries: BTreeMap<BoundaryId, String>,
}

impl Ids {
    fn new(model: &Model) -> Self {
        let mut taken = BTreeSet::new();
        let elements = model
            .elements
            .keys()
            .map(|id| (id.clone(), unique(&mut taken, "n_", id.as_str())))
            .collect();
        let boundaries = model
            .boundaries
            .keys()
            .map(|id| (id.clone(), unique(&mut taken, "b_", id.as_str())))
            .collect();
        Self { elements, boundaries }
    }
}

fn unique(taken: &mut BTreeSet<String>, prefix: &str, id: &str) -> String {
    let base: String = std::iter::once(prefix.to_owned())
        .chain(id.chars().map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                "_".to_owned()
            }
        }))
        .collect();
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_collide_after_rewriting_stay_distinct() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique(&mut taken, "n_", "el-a"), "n_el_a");
        assert_eq!(unique(&mut taken, "n_", "el_a"), "n_el_a_2");
        assert_eq!(unique(&mut taken, "n_", "el.a"), "n_el_a_3");
    }
}

//! MAESTRO (CSA's seven-layer reference architecture for agentic AI): which layer each element
//! lives in, the findings per layer, and the cross-layer threats the method asks to list on
//! their own.

use crate::catalog::Catalog;
use crate::engine::Finding;
use crate::model::{Element, ElementId, MaestroLayer, Model};
use std::collections::{BTreeMap, BTreeSet};

/// The layer an element is drawn in: the one a person set on it, else its kind's first (a kind
/// lists its primary layer first). `None` for kinds outside MAESTRO's layers (a plain database,
/// a person).
pub fn layer_of(e: &Element, cat: &Catalog) -> Option<MaestroLayer> {
    e.layer
        .or_else(|| cat.kind(&e.kind).and_then(|k| k.maestro.first().copied()))
}

/// One layer: its elements and the open findings shown on them.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerRow<'a> {
    /// The layer.
    pub layer: MaestroLayer,
    /// Its elements, by id.
    pub elements: Vec<&'a ElementId>,
    /// Open findings anchored on its elements.
    pub open: Vec<&'a Finding>,
}

/// The model by MAESTRO layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Layers<'a> {
    /// Every layer, L1 to L7, even when empty (the method walks all seven).
    pub rows: Vec<LayerRow<'a>>,
    /// Elements in no layer.
    pub unlayered: Vec<&'a ElementId>,
    /// Each element's layer.
    pub of: BTreeMap<&'a ElementId, MaestroLayer>,
    /// Open path findings whose elements lie in more than one layer, with those layers. Most
    /// rules *reference* two or more layers, so references alone do not make a threat
    /// cross-layer: the elements on its path do.
    pub cross_layer: Vec<(&'a Finding, BTreeSet<MaestroLayer>)>,
}

/// The model by MAESTRO layer, with the open ones of `findings` (shown findings, as the
/// findings list and reports have them).
pub fn layers<'a>(model: &'a Model, cat: &Catalog, findings: impl IntoIterator<Item = &'a Finding>) -> Layers<'a> {
    let of: BTreeMap<&ElementId, MaestroLayer> = model
        .elements
        .iter()
        .filter_map(|(id, e)| layer_of(e, cat).map(|l| (id, l)))
        .collect();
    let mut rows: Vec<LayerRow> = MaestroLayer::ALL
        .iter()
        .map(|&layer| LayerRow {
            layer,
            elements: of.iter().filter(|(_, l)| **l == layer).map(|(id, _)| *id).collect(),
            open: Vec::new(),
        })
        .collect();
    let unlayered = model.elements.keys().filter(|id| !of.contains_key(id)).collect();
    let mut cross_layer = Vec::new();
    for f in findings {
        if !f.status.is_open() {
            continue;
        }
        if let Some(l) = of.get(&f.anchor) {
            rows[*l as usize].open.push(f);
        }
        if is_path(f) {
            let spanned: BTreeSet<MaestroLayer> = path_elements(f).filter_map(|e| of.get(e).copied()).collect();
            if spanned.len() > 1 {
                cross_layer.push((f, spanned));
            }
        }
    }
    Layers {
        rows,
        unlayered,
        of,
        cross_layer,
    }
}

/// A finding about a path: its own path, or a gathered finding whose members are paths.
fn is_path(f: &Finding) -> bool {
    !f.path.is_empty() || f.members.iter().any(|m| !m.path.is_empty())
}

/// Every element on the finding's paths, with the elements it names.
fn path_elements(f: &Finding) -> impl Iterator<Item = &ElementId> {
    f.path
        .iter()
        .chain(f.elements.iter())
        .chain(f.members.iter().flat_map(|m| m.path.iter().chain(m.elements.iter())))
}

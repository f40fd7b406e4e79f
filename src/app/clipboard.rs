//! Copy and paste of components as a RON fragment on the system clipboard, so components move
//! between documents and between running copies of Bulwark. The fragment is ordinary text a
//! person can read; pasting treats it as untrusted input.

use crate::app::geometry::{Placement, snap};
use crate::app::ops::unique_name;
use crate::app::session::Selection;
use crate::model::{Edit, Element, ElementId, Flow, FlowId, Model, Pos, Transaction, is_valid_id, slug};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The marker that tells a Bulwark fragment from other clipboard text.
const MARKER: &str = "bulwark-fragment";

/// Largest fragment accepted from the clipboard.
const MAX_FRAGMENT_BYTES: usize = 4 * 1024 * 1024;

/// Components and the flows between them, with their positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    /// Always `"bulwark-fragment"`.
    pub kind: String,
    /// Fragment format version.
    pub version: u32,
    /// The components.
    pub elements: BTreeMap<ElementId, Element>,
    /// Flows whose both ends are in the fragment.
    #[serde(default)]
    pub flows: BTreeMap<FlowId, Flow>,
    /// Where the components were drawn.
    #[serde(default)]
    pub positions: BTreeMap<ElementId, Pos>,
}

impl Fragment {
    /// The selected components and every flow between two of them. `None` if no component is
    /// selected.
    pub fn copy(model: &Model, sel: &Selection) -> Option<Fragment> {
        let placement = Placement::of(model);
        let elements: BTreeMap<ElementId, Element> = sel
            .elements
            .iter()
            .filter_map(|id| model.elements.get(id).map(|e| (id.clone(), e.clone())))
            .collect();
        if elements.is_empty() {
            return None;
        }
        let flows = model
            .flows
            .iter()
            .filter(|(_, f)| elements.contains_key(&f.from) && elements.contains_key(&f.to))
            .map(|(id, f)| (id.clone(), f.clone()))
            .collect();
        let positions = elements
            .keys()
            .filter_map(|id| placement.elements.get(id).map(|p| (id.clone(), *p)))
            .collect();
        Some(Fragment {
            kind: MARKER.to_owned(),
            version: 1,
            elements,
            flows,
            positions,
        })
    }

    /// The clipboard text.
    pub fn to_text(&self) -> Result<String, ron::Error> {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new().struct_names(false))
    }

    /// Reads clipboard text; `None` if it is not a Bulwark fragment.
    pub fn from_text(text: &str) -> Option<Fragment> {
        if text.len() > MAX_FRAGMENT_BYTES || !text.contains(MARKER) {
            return None;
        }
        let opts = ron::Options::default().with_recursion_limit(64);
        let f: Fragment = opts.from_str(text).ok()?;
        let ids_ok =
            f.elements.keys().all(|id| is_valid_id(id.as_str())) && f.flows.keys().all(|id| is_valid_id(id.as_str()));
        (f.kind == MARKER && ids_ok).then_some(f)
    }

    /// The centre of the fragment's drawing.
    pub fn center(&self) -> Option<Pos> {
        let n = self.positions.len() as f32;
        if n == 0.0 {
            return None;
        }
        let (sx, sy) = self.positions.values().fold((0.0, 0.0), |(x, y), p| (x + p.x, y + p.y));
        Some(Pos::new(sx / n, sy / n))
    }

    /// Adds the fragment to `model` moved by `offset`: fresh ids, names made unique, flows
    /// re-pointed at the copies, and each copy in whichever boundary holds its new spot.
    /// Returns the transaction and the new element ids.
    pub fn paste(&self, model: &Model, offset: egui::Vec2, label: &str) -> (Transaction, Vec<ElementId>) {
        let placement = Placement::of(model);
        let mut taken_ids: BTreeSet<String> = model.elements.keys().map(|k| k.0.clone()).collect();
        let mut taken_names: BTreeSet<String> = model.elements.values().map(|e| e.name.clone()).collect();
        let mut new_ids = BTreeMap::new();
        let mut edits = Vec::new();
        let (mut fallback_x, fallback_y) = (0.0, 0.0);
        for (old, el) in &self.elements {
            let name = unique_name(&el.name, |n| taken_names.contains(n));
            taken_names.insert(name.clone());
            let id = fresh(&format!("el-{}", slug(&name)), &taken_ids);
            taken_ids.insert(id.clone());
            let id = ElementId(id);
            let pos = self.positions.get(old).copied().unwrap_or_else(|| {
                fallback_x += 220.0;
                Pos::new(fallback_x, fallback_y)
            });
            let pos = snap(Pos::new(pos.x + offset.x, pos.y + offset.y));
            let mut element = el.clone();
            element.name = name;
            element.boundary = placement.innermost(pos);
            edits.push(Edit::AddElement {
                id: id.clone(),
                element,
                position: Some(pos),
                flows: BTreeMap::new(),
                routes: BTreeMap::new(),
            });
            new_ids.insert(old.clone(), id);
        }
        let mut taken_flows: BTreeSet<String> = model.flows.keys().map(|k| k.0.clone()).collect();
        for f in self.flows.values() {
            let (Some(from), Some(to)) = (new_ids.get(&f.from), new_ids.get(&f.to)) else {
                continue;
            };
            let base = format!(
                "fl-{}-{}",
                from.as_str().trim_start_matches("el-"),
                to.as_str().trim_start_matches("el-")
            );
            let base: String = base.chars().take(80).collect();
            let id = fresh(&base, &taken_flows);
            taken_flows.insert(id.clone());
            let mut flow = f.clone();
            flow.from = from.clone();
            flow.to = to.clone();
            edits.push(Edit::AddFlow {
                id: FlowId(id),
                flow,
                route: Vec::new(),
            });
        }
        let ids = new_ids.into_values().collect();
        let label = match self.elements.len() {
            1 => format!("{label} component"),
            n => format!("{label} {n} components"),
        };
        (Transaction::new(label, edits), ids)
    }
}

fn fresh(base: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken.contains(s))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::session::Item;

    fn model() -> Model {
        crate::model::from_str(include_str!("../../assets/examples/rag-assistant.bulwark.ron"), "rag").unwrap()
    }

    #[test]
    fn a_fragment_survives_the_clipboard_and_pastes_with_fresh_ids() {
        let m = model();
        let mut sel = Selection::default();
        for id in m.elements.keys().take(3) {
            sel.insert(Item::Element(id.clone()));
        }
        let frag = Fragment::copy(&m, &sel).unwrap();
        let text = frag.to_text().unwrap();
        let back = Fragment::from_text(&text).unwrap();
        assert_eq!(back, frag);

        let mut m2 = m.clone();
        let (tx, ids) = back.paste(&m2, egui::vec2(30.0, 30.0), "Paste");
        tx.apply(&mut m2).unwrap();
        assert_eq!(ids.len(), 3);
        assert_eq!(m2.elements.len(), m.elements.len() + 3);
        assert!(ids.iter().all(|id| !m.elements.contains_key(id)));
        let internal = frag.flows.len();
        assert_eq!(m2.flows.len(), m.flows.len() + internal);
        assert!(m2.validate().is_empty());
    }

    #[test]
    fn other_clipboard_text_is_not_a_fragment() {
        assert!(Fragment::from_text("hello").is_none());
        assert!(Fragment::from_text("(kind: \"bulwark-fragment\", version: 1, elements: {\"bad id\": ()})").is_none());
    }
}

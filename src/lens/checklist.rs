//! Secure-by-design and compliance checklists (`libraries/checklists/`): published guidance
//! item by item, each mapped to the controls whose state in a model shows whether it is
//! followed — or with the reason no control can show it. A checklist is data: adding one needs
//! no Rust change.

use crate::catalog::Catalog;
use crate::model::{ControlId, ControlState, Model};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One published checklist.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Stable id (the file name without `.ron`).
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// When (YYYY-MM-DD).
    pub published: String,
    /// Where to read it.
    pub url: String,
    /// Its items, in the document's order.
    pub items: Vec<Item>,
}

/// One item of a checklist.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id within the checklist.
    pub id: String,
    /// The document's section and heading it comes from.
    pub section: String,
    /// What it asks, in our words.
    pub summary: String,
    /// Controls whose state shows whether it is followed.
    #[serde(default)]
    pub controls: Vec<ControlId>,
    /// Why no control can show it, when none is mapped.
    #[serde(default)]
    pub unmapped: Option<String>,
}

/// Where an item stands in a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemState {
    /// Every place its controls apply has one in place.
    Met,
    /// Some places do.
    Partly,
    /// None does.
    Open,
    /// Nothing in this model takes its controls.
    NotApplicable,
    /// No control can show it (the item says why).
    Unmapped,
}

impl ItemState {
    /// Lower-case label for lists and reports.
    pub fn label(self) -> &'static str {
        match self {
            ItemState::Met => "met",
            ItemState::Partly => "partly met",
            ItemState::Open => "open",
            ItemState::NotApplicable => "not applicable",
            ItemState::Unmapped => "outside the model",
        }
    }
}

/// An item's state in one model, with the places counted.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult<'a> {
    /// The item.
    pub item: &'a Item,
    /// Its state.
    pub state: ItemState,
    /// Places (components or flows) where one of its controls is in place.
    pub in_place: usize,
    /// Places where one of its controls applies.
    pub places: usize,
}

/// The shipped checklists, by file order, parsed once (the view asks every frame). A file that
/// does not parse is a library error, reported with its name (a test keeps the shipped ones
/// parsing).
pub fn builtin() -> Result<&'static [Checklist], String> {
    static LISTS: std::sync::OnceLock<Result<Vec<Checklist>, String>> = std::sync::OnceLock::new();
    LISTS
        .get_or_init(|| {
            crate::catalog::builtin_sources()
                .into_iter()
                .filter(|f| f.rel.starts_with("checklists/") && f.rel.ends_with(".ron"))
                .map(|f| {
                    ron::Options::default()
                        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                        .from_str::<Checklist>(&f.text)
                        .map_err(|e| format!("{}: {e}", f.display))
                })
                .collect()
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// Whether a component or flow with control states `set` (its kind offering `offered`) is a
/// place for `controls` — one of them is offered or set there and not all are marked not
/// applicable — and if so whether one of them is implemented (`None`: not a place).
pub fn place(controls: &[ControlId], set: &BTreeMap<ControlId, ControlState>, offered: &[ControlId]) -> Option<bool> {
    let relevant: Vec<Option<ControlState>> = controls
        .iter()
        .filter(|c| offered.contains(c) || set.contains_key(*c))
        .map(|c| set.get(c).copied())
        .collect();
    if relevant.is_empty() || relevant.iter().all(|s| *s == Some(ControlState::NotApplicable)) {
        return None;
    }
    Some(relevant.contains(&Some(ControlState::Implemented)))
}

/// Each item of `list` in `model`. A place is a component whose kind offers one of the item's
/// controls, or any component or flow where one of them is set; it counts as in place when one
/// of them is implemented there, and leaves the count when they are all marked not applicable.
pub fn evaluate<'a>(list: &'a Checklist, model: &Model, cat: &Catalog) -> Vec<ItemResult<'a>> {
    list.items
        .iter()
        .map(|item| {
            if item.controls.is_empty() {
                return ItemResult {
                    item,
                    state: ItemState::Unmapped,
                    in_place: 0,
                    places: 0,
                };
            }
            let (mut in_place, mut places) = (0, 0);
            let mut tally = |set: &BTreeMap<ControlId, ControlState>, offered: &[ControlId]| {
                if let Some(done) = place(&item.controls, set, offered) {
                    places += 1;
                    in_place += usize::from(done);
                }
            };
            for e in model.elements.values() {
                let offered = cat.kind(&e.kind).map_or(&[][..], |k| k.controls.as_slice());
                tally(&e.controls, offered);
            }
            for f in model.flows.values() {
                tally(&f.controls, &[]);
            }
            let state = match (in_place, places) {
                (_, 0) => ItemState::NotApplicable,
                (i, p) if i == p => ItemState::Met,
                (0, _) => ItemState::Open,
                _ => ItemState::Partly,
            };
            ItemResult {
                item,
                state,
                in_place,
                places,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped item cites its document's section, says what it asks, and either maps to
    /// controls the catalogue has or says why nothing can be mapped — never both, never neither.
    #[test]
    fn every_item_cites_a_section_and_maps_to_known_controls_or_says_why_not() {
        let (cat, _) = Catalog::builtin();
        let lists = builtin().expect("shipped checklists parse");
        assert!(lists.len() >= 3, "{} checklists", lists.len());
        let mut problems = Vec::new();
        for l in lists {
            if l.url.is_empty() || l.published.len() != 10 || l.publisher.is_empty() {
                problems.push(format!("{}: source incomplete", l.id));
            }
            let mut ids = std::collections::BTreeSet::new();
            for i in &l.items {
                let at = format!("{} / {}", l.id, i.id);
                if !ids.insert(&i.id) {
                    problems.push(format!("{at}: duplicate id"));
                }
                if i.section.trim().is_empty() || i.summary.trim().is_empty() {
                    problems.push(format!("{at}: no section or summary"));
                }
                match (&i.controls.is_empty(), &i.unmapped) {
                    (true, None) => problems.push(format!("{at}: neither controls nor a reason")),
                    (false, Some(_)) => problems.push(format!("{at}: both controls and a reason")),
                    (true, Some(r)) if r.trim().is_empty() => problems.push(format!("{at}: empty reason")),
                    _ => {}
                }
                for c in &i.controls {
                    if !cat.controls.contains_key(c) {
                        problems.push(format!("{at}: unknown control {c}"));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn an_item_is_met_only_where_every_place_has_a_control_in_place() {
        let (cat, _) = Catalog::builtin();
        let list = Checklist {
            id: "t".into(),
            title: "T".into(),
            publisher: "P".into(),
            published: "2024-01-01".into(),
            url: "u".into(),
            items: vec![Item {
                id: "i".into(),
                section: "s".into(),
                summary: "x".into(),
                controls: vec!["rate-limiting".into()],
                unmapped: None,
            }],
        };
        let kind = cat
            .kinds
            .values()
            .find(|k| k.controls.contains(&"rate-limiting".into()))
            .expect("a kind offering rate limiting")
            .id
            .clone();
        let mut m = Model::new("m");
        assert_eq!(evaluate(&list, &m, &cat)[0].state, ItemState::NotApplicable);
        let mut a = crate::model::Element::new(kind.clone(), "A");
        m.elements.insert("el-a".into(), a.clone());
        m.elements.insert("el-b".into(), crate::model::Element::new(kind, "B"));
        assert_eq!(evaluate(&list, &m, &cat)[0].state, ItemState::Open);
        a.controls.insert("rate-limiting".into(), ControlState::Implemented);
        m.elements.insert("el-a".into(), a);
        let r = &evaluate(&list, &m, &cat)[0];
        assert_eq!((r.state, r.in_place, r.places), (ItemState::Partly, 1, 2));
        let b = m.elements.get_mut(&crate::model::ElementId::new("el-b")).unwrap();
        b.controls.insert("rate-limiting".into(), ControlState::NotApplicable);
        assert_eq!(evaluate(&list, &m, &cat)[0].state, ItemState::Met);
    }
}

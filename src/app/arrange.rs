//! Align and distribute a selection of components. Components are all one size, so aligning
//! left, centres or right differ in which line they meet on (the leftmost, the middle of the
//! extremes, the rightmost); components that would land on top of each other are spread out
//! along the line instead of stacked.

use crate::app::geometry::Placement;
use crate::model::{ElementId, Pos};
use egui::Vec2;
use std::collections::BTreeMap;

/// Space left between components that alignment puts in one column or row.
const GAP: f32 = 20.0;

/// One way to arrange a selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrange {
    /// One column on the leftmost component's line.
    Left,
    /// One column on the middle of the leftmost and rightmost.
    Centre,
    /// One column on the rightmost component's line.
    Right,
    /// One row on the topmost component's line.
    Top,
    /// One row on the middle of the topmost and bottommost.
    Middle,
    /// One row on the bottommost component's line.
    Bottom,
    /// Equal steps from the leftmost to the rightmost.
    Across,
    /// Equal steps from the topmost to the bottommost.
    Down,
}

impl Arrange {
    /// Every arrangement, in the order the inspector offers them.
    pub const ALL: [Arrange; 8] = [
        Arrange::Left,
        Arrange::Centre,
        Arrange::Right,
        Arrange::Top,
        Arrange::Middle,
        Arrange::Bottom,
        Arrange::Across,
        Arrange::Down,
    ];

    /// The button label (also the undo step's name).
    pub fn label(self) -> &'static str {
        match self {
            Arrange::Left => "Align left",
            Arrange::Centre => "Align centres",
            Arrange::Right => "Align right",
            Arrange::Top => "Align top",
            Arrange::Middle => "Align middles",
            Arrange::Bottom => "Align bottom",
            Arrange::Across => "Distribute across",
            Arrange::Down => "Distribute down",
        }
    }

    /// How many components it needs to mean anything.
    pub fn needs(self) -> usize {
        match self {
            Arrange::Across | Arrange::Down => 3,
            _ => 2,
        }
    }
}

/// Where each of `ids` goes (centres, canvas units); components already in place are left out.
pub fn positions(placement: &Placement, ids: &[ElementId], how: Arrange, size: Vec2) -> BTreeMap<ElementId, Pos> {
    let mut items: Vec<(ElementId, Pos)> = ids
        .iter()
        .filter_map(|id| placement.elements.get(id).map(|p| (id.clone(), *p)))
        .collect();
    if items.len() < how.needs() {
        return BTreeMap::new();
    }
    // Along the line (`along`), the other axis (`line`): x for a column, y for a row.
    let column = matches!(how, Arrange::Left | Arrange::Centre | Arrange::Right | Arrange::Down);
    let line = |p: &Pos| if column { p.x } else { p.y };
    let along = |p: &Pos| if column { p.y } else { p.x };
    let make = |line: f32, along: f32| {
        if column {
            Pos::new(line, along)
        } else {
            Pos::new(along, line)
        }
    };
    let lo = items.iter().map(|(_, p)| line(p)).fold(f32::INFINITY, f32::min);
    let hi = items.iter().map(|(_, p)| line(p)).fold(f32::NEG_INFINITY, f32::max);
    items.sort_by(|a, b| along(&a.1).total_cmp(&along(&b.1)).then_with(|| a.0.cmp(&b.0)));
    let mut out: Vec<(ElementId, Pos)> = match how {
        Arrange::Left | Arrange::Top | Arrange::Centre | Arrange::Middle | Arrange::Right | Arrange::Bottom => {
            let at = match how {
                Arrange::Left | Arrange::Top => lo,
                Arrange::Right | Arrange::Bottom => hi,
                _ => (lo + hi) / 2.0,
            };
            // On one line, keep the order along it and push apart any that would overlap.
            let step = if column { size.y } else { size.x } + GAP;
            let mut next = f32::NEG_INFINITY;
            items
                .iter()
                .map(|(id, p)| {
                    let a = along(p).max(next);
                    next = a + step;
                    (id.clone(), make(at, a))
                })
                .collect()
        }
        Arrange::Across | Arrange::Down => {
            // Distribute along the axis the arrangement names: `along` is x for Across.
            let (first, last) = (along(&items[0].1), along(&items[items.len() - 1].1));
            let n = (items.len() - 1) as f32;
            items
                .iter()
                .enumerate()
                .map(|(i, (id, p))| (id.clone(), make(line(p), first + (last - first) * i as f32 / n)))
                .collect()
        }
    };
    out.retain(|(id, p)| placement.elements.get(id) != Some(p));
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: Vec2 = egui::vec2(180.0, 60.0);

    fn placement(ps: &[(&str, f32, f32)]) -> (Placement, Vec<ElementId>) {
        let mut p = Placement::default();
        for (id, x, y) in ps {
            p.elements.insert(ElementId::new(*id), Pos::new(*x, *y));
        }
        let ids = p.elements.keys().cloned().collect();
        (p, ids)
    }

    #[test]
    fn align_left_puts_every_component_on_the_leftmost_line() {
        let (p, ids) = placement(&[("a", 100.0, 0.0), ("b", 40.0, 200.0), ("c", 300.0, 400.0)]);
        let out = positions(&p, &ids, Arrange::Left, SIZE);
        assert_eq!(out.len(), 2, "b is already there");
        assert_eq!(out[&ElementId::new("a")], Pos::new(40.0, 0.0));
        assert_eq!(out[&ElementId::new("c")], Pos::new(40.0, 400.0));
        let out = positions(&p, &ids, Arrange::Centre, SIZE);
        assert_eq!(out[&ElementId::new("b")].x, 170.0);
    }

    #[test]
    fn components_aligned_onto_one_row_are_spread_out_not_stacked() {
        let (p, ids) = placement(&[("a", 0.0, 0.0), ("b", 50.0, 300.0)]);
        let out = positions(&p, &ids, Arrange::Top, SIZE);
        assert_eq!(
            out[&ElementId::new("b")],
            Pos::new(200.0, 0.0),
            "one width and a gap to the right of a"
        );
    }

    #[test]
    fn distribute_spaces_centres_evenly_between_the_extremes() {
        let (p, ids) = placement(&[
            ("a", 0.0, 10.0),
            ("b", 50.0, 20.0),
            ("c", 600.0, 30.0),
            ("d", 900.0, 40.0),
        ]);
        let out = positions(&p, &ids, Arrange::Across, SIZE);
        assert_eq!(out[&ElementId::new("b")], Pos::new(300.0, 20.0));
        assert_eq!(out.get(&ElementId::new("c")), None, "already at 600");
        assert!(
            positions(&p, &ids[..2], Arrange::Across, SIZE).is_empty(),
            "two cannot be distributed"
        );
    }
}

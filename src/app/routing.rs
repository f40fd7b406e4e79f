//! How a flow runs between its components, as transactions: routed at right angles around the
//! components where they are, made straight again, or bent by hand (a bend dragged, added on a
//! segment, or removed). The bends are the flow's waypoints in the file (`layout.flows`), the
//! same ones Tidy layout writes, so every export draws what the canvas shows.

use crate::app::geometry::{Placement, snap};
use crate::app::session::Selection;
use crate::layout::check::node_box;
use crate::model::{Edit, FlowId, Model, Pos, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// What a routing command makes of the chosen flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing {
    /// Horizontal and vertical runs around the other components.
    RightAngles,
    /// One straight line, no bends.
    Straight,
}

/// The flows a routing command acts on: the selected flows and every flow between two
/// selected components.
pub fn chosen_flows(model: &Model, selection: &Selection) -> BTreeSet<FlowId> {
    let mut out = selection.flows.clone();
    out.extend(
        model
            .flows
            .iter()
            .filter(|(_, f)| selection.elements.contains(&f.from) && selection.elements.contains(&f.to))
            .map(|(id, _)| id.clone()),
    );
    out.retain(|id| model.flows.contains_key(id));
    out
}

/// Routes `flows` at right angles around the other components, or straightens them: one undo
/// step, `None` when nothing would change.
pub fn route_flows(model: &Model, flows: &BTreeSet<FlowId>, how: Routing) -> Option<Transaction> {
    let placement = Placement::of(model);
    let boxes: Vec<_> = placement.elements.values().map(|p| node_box(*p)).collect();
    // Every flow's line as drawn now; a flow routed here replaces its own as the loop goes.
    let mut lines: BTreeMap<&FlowId, Vec<Pos>> = model
        .flows
        .iter()
        .filter_map(|(id, f)| {
            let (a, b) = (placement.elements.get(&f.from)?, placement.elements.get(&f.to)?);
            let routed = model
                .layout
                .flows
                .get(id)
                .and_then(|w| crate::layout::layered::through(node_box(*a), node_box(*b), w));
            Some((id, routed.unwrap_or_else(|| vec![*a, *b])))
        })
        .collect();
    let mut routes = BTreeMap::new();
    for id in flows {
        let Some(f) = model.flows.get(id) else { continue };
        let bends = match how {
            Routing::Straight => None,
            Routing::RightAngles => {
                let (Some(a), Some(b)) = (placement.elements.get(&f.from), placement.elements.get(&f.to)) else {
                    continue;
                };
                if f.from == f.to {
                    continue;
                }
                let others: Vec<&[Pos]> = lines
                    .iter()
                    .filter(|(other, _)| **other != id)
                    .map(|(_, l)| l.as_slice())
                    .collect();
                let (ra, rb) = (node_box(*a), node_box(*b));
                let bends = crate::layout::orthogonal::route(ra, rb, &boxes, &others);
                let Some(line) = crate::layout::layered::through(ra, rb, &bends) else {
                    continue;
                };
                lines.insert(id, line);
                Some(bends)
            }
        };
        if model.layout.flows.get(id) != bends.as_ref() {
            routes.insert(id.clone(), bends);
        }
    }
    let n = routes.len();
    let what = match how {
        Routing::RightAngles => "Route",
        Routing::Straight => "Straighten",
    };
    let label = match routes.keys().next() {
        Some(id) if n == 1 => format!("{what} {}", flow_name(model, id)),
        _ => format!("{what} {n} flows"),
    };
    (n > 0).then(|| {
        let routes = match how {
            Routing::RightAngles => routes,
            Routing::Straight => routes.into_keys().map(|id| (id, None)).collect(),
        };
        let label = if how == Routing::RightAngles {
            format!("{label} at right angles")
        } else {
            label
        };
        Transaction::new(
            label,
            vec![Edit::MoveElements {
                positions: BTreeMap::new(),
                routes,
            }],
        )
    })
}

/// A change to one flow's bends by hand.
#[derive(Debug, Clone, PartialEq)]
pub enum BendEdit {
    /// Bend `index` moved to a point.
    Move(usize, Pos),
    /// A new bend at a point, before bend `index` (at the end when `index` is the count).
    Insert(usize, Pos),
    /// The run between bends `index - 1` and `index` moved across to a point (both bends move
    /// together, so a horizontal run stays horizontal and a vertical one vertical).
    Shift(usize, Pos),
    /// Bend `index` taken out.
    Remove(usize),
}

/// The bends of `flow` after `edit` (points land on the 10-unit grid). On a route of only
/// horizontal and vertical runs, a moved bend takes its neighbours along so the runs stay
/// straight, as a diagram tool does.
pub fn bent(current: &[Pos], edit: &BendEdit) -> Vec<Pos> {
    let mut bends = current.to_vec();
    match *edit {
        BendEdit::Move(i, p) if i < bends.len() => {
            let p = snap(p);
            let old = bends[i];
            for j in [i.wrapping_sub(1), i + 1] {
                let Some(n) = bends.get_mut(j) else { continue };
                if (n.y - old.y).abs() < 0.01 {
                    n.y = p.y;
                } else if (n.x - old.x).abs() < 0.01 {
                    n.x = p.x;
                }
            }
            bends[i] = p;
        }
        BendEdit::Shift(i, p) if i >= 1 && i < bends.len() => {
            let p = snap(p);
            let (u, v) = (bends[i - 1], bends[i]);
            if (u.y - v.y).abs() < 0.01 {
                bends[i - 1].y = p.y;
                bends[i].y = p.y;
            } else if (u.x - v.x).abs() < 0.01 {
                bends[i - 1].x = p.x;
                bends[i].x = p.x;
            }
        }
        BendEdit::Insert(i, p) => bends.insert(i.min(bends.len()), snap(p)),
        BendEdit::Remove(i) if i < bends.len() => {
            bends.remove(i);
        }
        _ => {}
    }
    bends
}

/// Applies a hand edit to the bends `current` of `flow` (the bends as drawn, which the stored
/// waypoints rebuild): one undo step, `None` when nothing changes.
pub fn bend_flow(model: &Model, flow: &FlowId, current: &[Pos], edit: &BendEdit) -> Option<Transaction> {
    model.flows.get(flow)?;
    let bends = bent(current, edit);
    if bends == current && model.layout.flows.contains_key(flow) != bends.is_empty() {
        return None;
    }
    let verb = match edit {
        BendEdit::Move(..) | BendEdit::Shift(..) => "Move a bend of",
        BendEdit::Insert(..) => "Bend",
        BendEdit::Remove(..) => "Remove a bend of",
    };
    Some(Transaction::new(
        format!("{verb} {}", flow_name(model, flow)),
        vec![Edit::MoveElements {
            positions: BTreeMap::new(),
            routes: BTreeMap::from([(flow.clone(), (!bends.is_empty()).then_some(bends))]),
        }],
    ))
}

fn flow_name(model: &Model, id: &FlowId) -> String {
    match model.flows.get(id) {
        Some(f) if !f.label.is_empty() => f.label.clone(),
        _ => "flow".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, Flow};

    fn two_apart() -> Model {
        let mut m = Model::new("Routing");
        m.elements.insert("el-a".into(), Element::new("service", "A"));
        m.elements.insert("el-b".into(), Element::new("database", "B"));
        m.layout.elements.insert("el-a".into(), Pos::new(0.0, 0.0));
        m.layout.elements.insert("el-b".into(), Pos::new(500.0, 300.0));
        m.flows.insert("fl-ab".into(), Flow::new("el-a", "el-b", "query"));
        m
    }

    #[test]
    fn right_angles_then_straight_are_one_undo_step_each() {
        let mut m = two_apart();
        let flows = BTreeSet::from([FlowId::from("fl-ab")]);
        let tx = route_flows(&m, &flows, Routing::RightAngles).expect("a route");
        assert_eq!(tx.label, "Route query at right angles");
        tx.apply(&mut m).expect("applies");
        let bends = m
            .layout
            .flows
            .get(&FlowId::from("fl-ab"))
            .cloned()
            .expect("bends stored");
        let (a, b) = (node_box(Pos::new(0.0, 0.0)), node_box(Pos::new(500.0, 300.0)));
        let full = crate::layout::layered::through(a, b, &bends).expect("fits");
        assert!(crate::layout::orthogonal::is_orthogonal(&full), "{full:?}");
        // Routing again changes nothing.
        assert!(route_flows(&m, &flows, Routing::RightAngles).is_none());
        let tx = route_flows(&m, &flows, Routing::Straight).expect("straighten");
        tx.apply(&mut m).expect("applies");
        assert!(!m.layout.flows.contains_key(&FlowId::from("fl-ab")));
    }

    #[test]
    fn a_moved_bend_keeps_its_runs_straight_and_removing_the_last_bend_straightens() {
        // A Z: right, down, right.
        let z = [Pos::new(200.0, 30.0), Pos::new(200.0, 330.0)];
        let moved = bent(&z, &BendEdit::Move(0, Pos::new(261.0, 30.0)));
        assert_eq!(
            moved,
            vec![Pos::new(260.0, 30.0), Pos::new(260.0, 330.0)],
            "the vertical run moves whole"
        );
        let shifted = bent(&z, &BendEdit::Shift(1, Pos::new(148.0, 90.0)));
        assert_eq!(
            shifted,
            vec![Pos::new(150.0, 30.0), Pos::new(150.0, 330.0)],
            "dragging the run moves it across"
        );
        let m = {
            let mut m = two_apart();
            m.layout.flows.insert("fl-ab".into(), vec![Pos::new(250.0, 200.0)]);
            m
        };
        let tx = bend_flow(&m, &"fl-ab".into(), &[Pos::new(250.0, 200.0)], &BendEdit::Remove(0)).expect("removes");
        assert_eq!(tx.label, "Remove a bend of query");
        let mut after = m.clone();
        tx.apply(&mut after).expect("applies");
        assert!(
            !after.layout.flows.contains_key(&FlowId::from("fl-ab")),
            "no bends left: straight"
        );
        let tx = bend_flow(
            &after,
            &"fl-ab".into(),
            &[],
            &BendEdit::Insert(0, Pos::new(104.0, 296.0)),
        )
        .expect("adds");
        tx.apply(&mut after).expect("applies");
        assert_eq!(
            after.layout.flows.get(&FlowId::from("fl-ab")),
            Some(&vec![Pos::new(100.0, 300.0)])
        );
    }
}

//! Tidy as a transaction: clean geometry once applied and read back through the stored
//! waypoints, exact undo, a selection placed among the rest, waypoints through moves.

use super::*;
use crate::layout::Placement;
use crate::layout::check::check;

fn example(name: &str) -> Model {
    let text = match name {
        "agentic" => include_str!("../../../assets/examples/agentic-assistant.bulwark.ron"),
        "support" => include_str!("../../../assets/examples/customer-support-bot.bulwark.ron"),
        "ml" => include_str!("../../../assets/examples/ml-training-pipeline.bulwark.ron"),
        _ => include_str!("../../../assets/examples/rag-assistant.bulwark.ron"),
    };
    crate::model::from_str(text, name).expect("example loads")
}

/// The drawing the reports and exports make of `model` (routes rebuilt from waypoints).
fn checked(model: &Model) -> crate::layout::check::Report {
    let p = Placement::of(model);
    check(model, &p.elements, &p.boundaries, &p.routes)
}

#[test]
fn tidy_layout_stores_a_clean_drawing_and_undoes_exactly() {
    let (cat, _) = crate::catalog::Catalog::builtin();
    for name in ["agentic", "support", "ml", "rag", "synthetic"] {
        let mut model = match name {
            "synthetic" => crate::synth::synth_model(&cat, 100, 2),
            _ => example(name),
        };
        let before = model.clone();
        let inverse = tidy_layout(&model).apply(&mut model).expect("applies");
        assert!(model.validate().is_empty(), "{name}: {:?}", model.validate());
        assert_eq!(model.layout.flows.len(), model.flows.len(), "{name}: every flow routed");
        let r = checked(&model);
        assert!(r.is_clean(), "{name}: {r:#?}");
        let text = crate::model::to_string(&model).expect("saves");
        assert_eq!(crate::model::from_str(&text, name).expect("loads"), model, "{name}");
        inverse.apply(&mut model).expect("undo");
        assert_eq!(model, before, "{name}");
    }
}

#[test]
fn tidy_selection_lays_out_a_boundary_among_the_rest_without_touching_it() {
    let mut model = example("rag");
    crate::layout::tidy_layout(&model).apply(&mut model).expect("tidy");
    // Shuffle the cloud account's members, then tidy only them.
    let cloud = BoundaryId::from("tb-corp-cloud");
    let members: BTreeSet<ElementId> = model
        .elements
        .iter()
        .filter(|(_, e)| e.boundary.as_ref() == Some(&cloud))
        .map(|(id, _)| id.clone())
        .collect();
    assert!(members.len() >= 4);
    let rect = model.layout.boundaries[&cloud];
    let shuffled: BTreeMap<ElementId, Option<Pos>> = members
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let p = Pos::new(
                rect.x + 100.0 + (i % 3) as f32 * 20.0,
                rect.y + 80.0 + (i / 3) as f32 * 30.0,
            );
            (id.clone(), Some(p))
        })
        .collect();
    Edit::MoveElements {
        positions: shuffled,
        routes: BTreeMap::new(),
    }
    .apply(&mut model)
    .expect("shuffle");
    let others: BTreeMap<ElementId, Pos> = model
        .layout
        .elements
        .iter()
        .filter(|(id, _)| !members.contains(*id))
        .map(|(id, p)| (id.clone(), *p))
        .collect();
    let before = model.clone();
    let tx = tidy_selection(&model, &members).expect("a selection");
    let inverse = tx.apply(&mut model).expect("applies");
    for (id, p) in &others {
        assert_eq!(model.layout.elements[id], *p, "{id} stays where it was");
    }
    let r = checked(&model);
    assert!(r.overlaps.is_empty(), "{:?}", r.overlaps);
    assert!(r.outside.is_empty() && r.strays.is_empty(), "{r:#?}");
    let rect = model.layout.boundaries[&cloud];
    for id in &members {
        assert!(rect.contains(model.layout.elements[id]), "{id} stays in its boundary");
    }
    inverse.apply(&mut model).expect("undo");
    assert_eq!(model, before);
}

#[test]
fn a_move_drops_the_waypoints_it_breaks_and_keeps_those_it_carries() {
    let mut model = example("rag");
    tidy_layout(&model).apply(&mut model).expect("tidy");
    let f = model
        .flows
        .iter()
        .find(|(_, f)| f.from.as_str() == "el-employee")
        .map(|(id, f)| (id.clone(), f.clone()))
        .expect("a flow from the employee");
    let (fid, flow) = f;
    assert!(model.layout.flows.contains_key(&fid));
    // Both ends moved together: the bends move along.
    let mut after: BTreeMap<ElementId, Pos> = BTreeMap::new();
    for id in [&flow.from, &flow.to] {
        let p = model.layout.elements[id];
        after.insert(id.clone(), Pos::new(p.x + 10.0, p.y + 20.0));
    }
    let routes = shifted_routes(&model, &after);
    assert!(routes.contains_key(&fid));
    // One end moved alone: the flow goes straight, and undo brings the bends back.
    let before = model.clone();
    let p = model.layout.elements[&flow.to];
    let inverse = Edit::MoveElements {
        positions: [(flow.to.clone(), Some(Pos::new(p.x, p.y + 300.0)))].into(),
        routes: BTreeMap::new(),
    }
    .apply(&mut model)
    .expect("move");
    assert!(!model.layout.flows.contains_key(&fid));
    inverse.apply(&mut model).expect("undo");
    assert_eq!(model, before);
    // Deleting the flow deletes its waypoints; undo restores both.
    let inverse = Edit::RemoveFlow { id: fid.clone() }.apply(&mut model).expect("delete");
    assert!(!model.layout.flows.contains_key(&fid));
    inverse.apply(&mut model).expect("undo");
    assert_eq!(model, before);
}

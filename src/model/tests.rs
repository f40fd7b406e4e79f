//! Tests of edits, history and the file format.

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub(crate) fn sample() -> Model {
    let mut m = Model::new("Sample");
    m.boundaries
        .insert("tb-corp".into(), Boundary::new("Corp", BoundaryKind::CorporateNetwork));
    let mut inner = Boundary::new("Sandbox", BoundaryKind::ToolSandbox);
    inner.parent = Some("tb-corp".into());
    m.boundaries.insert("tb-sandbox".into(), inner);
    let mut a = Element::new("llm-api", "LLM");
    a.properties.insert("third_party".into(), Value::Bool(true));
    a.controls.insert("input-guardrail".into(), ControlState::Required);
    let mut b = Element::new("service", "Backend");
    b.boundary = Some("tb-corp".into());
    m.elements.insert("el-a".into(), a);
    m.elements.insert("el-b".into(), b);
    let mut f = Flow::new("el-b", "el-a", "prompt");
    f.data.insert("prompts".into());
    m.flows.insert("fl-b-a".into(), f);
    m.layout.elements.insert("el-a".into(), Pos::new(10.0, 20.0));
    m.layout
        .boundaries
        .insert("tb-corp".into(), Rect::new(0.0, 0.0, 300.0, 200.0));
    m.layout
        .flows
        .insert("fl-b-a".into(), vec![Pos::new(60.0, 80.0), Pos::new(60.0, 20.0)]);
    m
}

fn roundtrip(edit: Edit) {
    let mut m = sample();
    let before = m.clone();
    let inverse = edit.clone().apply(&mut m).expect("edit applies");
    assert!(
        m.validate().is_empty(),
        "edit left the model invalid: {:?}",
        m.validate()
    );
    inverse.apply(&mut m).expect("inverse applies");
    assert_eq!(m, before, "inverse of {edit:?} did not restore the model");
}

#[test]
fn every_edit_is_undone_exactly_by_its_inverse() {
    let mut el = Element::new("vector-db", "Vectors");
    el.boundary = Some("tb-sandbox".into());
    roundtrip(Edit::AddElement {
        id: "el-new".into(),
        element: el,
        position: Some(Pos::new(1.0, 2.0)),
        flows: BTreeMap::new(),
        routes: BTreeMap::new(),
    });
    roundtrip(Edit::RemoveElement { id: "el-a".into() });
    roundtrip(Edit::RemoveElement { id: "el-b".into() });
    roundtrip(Edit::SetElement {
        id: "el-a".into(),
        element: Element::new("self-hosted-llm", "Renamed"),
    });
    roundtrip(Edit::SetProperty {
        element: "el-a".into(),
        key: "third_party".into(),
        value: Some(Value::Bool(false)),
    });
    roundtrip(Edit::SetProperty {
        element: "el-a".into(),
        key: "third_party".into(),
        value: None,
    });
    roundtrip(Edit::SetProperty {
        element: "el-b".into(),
        key: "new".into(),
        value: Some(Value::Int(3)),
    });
    roundtrip(Edit::SetControl {
        target: Target::Element("el-a".into()),
        control: "input-guardrail".into(),
        state: Some(ControlState::Implemented),
    });
    roundtrip(Edit::SetControl {
        target: Target::Element("el-a".into()),
        control: "input-guardrail".into(),
        state: None,
    });
    roundtrip(Edit::SetControl {
        target: Target::Flow("fl-b-a".into()),
        control: "encryption-in-transit".into(),
        state: Some(ControlState::Implemented),
    });
    roundtrip(Edit::AddFlow {
        id: "fl-a-b".into(),
        flow: Flow::new("el-a", "el-b", "answer"),
        route: vec![Pos::new(50.0, 50.0)],
    });
    roundtrip(Edit::RemoveFlow { id: "fl-b-a".into() });
    let mut f = Flow::new("el-a", "el-b", "reversed");
    f.encrypted = crate::model::Fact::Yes;
    f.operation = crate::model::Operation::Read;
    f.returns.insert("internal-documents".into());
    roundtrip(Edit::SetFlow {
        id: "fl-b-a".into(),
        flow: f,
    });
    roundtrip(Edit::AddBoundary {
        id: "tb-new".into(),
        boundary: Boundary::new("New", BoundaryKind::Tenant),
        rect: Some(Rect::new(5.0, 5.0, 50.0, 50.0)),
        members: BTreeSet::from(["el-a".into()]),
        children: BTreeSet::from(["tb-corp".into()]),
    });
    roundtrip(Edit::RemoveBoundary { id: "tb-corp".into() });
    roundtrip(Edit::RemoveBoundary {
        id: "tb-sandbox".into(),
    });
    roundtrip(Edit::SetBoundary {
        id: "tb-sandbox".into(),
        boundary: Boundary::new("Top", BoundaryKind::Device),
    });
    roundtrip(Edit::SetTriage {
        finding: "LLM-PI-001@el-a".into(),
        triage: Some(Triage {
            decided_by: "Dana".into(),
            review_by: "2027-06-01".into(),
            ..Triage::new(TriageStatus::Accepted, "ok")
        }),
    });
    roundtrip(Edit::SetThreat {
        id: "USER-1".into(),
        threat: Some(crate::model::UserThreat::new(
            "Someone replays a stolen session",
            crate::model::ThreatTarget::Element("el-a".into()),
        )),
    });
    roundtrip(Edit::SetNote {
        id: "note".into(),
        note: Some(Note {
            elements: BTreeSet::from(["el-a".into()]),
            ..Note::new(NoteKind::Assumption, "x")
        }),
    });
    roundtrip(Edit::MoveElements {
        positions: BTreeMap::from([
            ("el-a".into(), Some(Pos::new(5.0, 5.0))),
            ("el-b".into(), Some(Pos::new(7.0, 7.0))),
        ]),
        routes: BTreeMap::new(),
    });
    roundtrip(Edit::MoveElements {
        positions: BTreeMap::new(),
        routes: BTreeMap::from([("fl-b-a".into(), Some(vec![Pos::new(1.0, 2.0), Pos::new(3.0, 2.0)]))]),
    });
    roundtrip(Edit::SetBoundaryRect {
        id: "tb-sandbox".into(),
        rect: Some(Rect::new(1.0, 1.0, 2.0, 2.0)),
    });
    roundtrip(Edit::SetModelInfo {
        name: "N".into(),
        description: "D".into(),
    });
}

fn sample_with_inferred() -> Model {
    let mut m = sample();
    let mut p = Provenance::new("unit:api", Confidence::High);
    p.evidence.push(Evidence {
        file: "api/main.py".into(),
        line: 3,
        text: "from openai import OpenAI".into(),
        detector: "openai".into(),
    });
    if let Some(el) = m.elements.get_mut(&ElementId::from("el-b")) {
        el.inferred = Some(p.clone());
    }
    if let Some(f) = m.flows.get_mut(&FlowId::from("fl-b-a")) {
        f.inferred = Some(p);
    }
    m
}

#[test]
fn confirming_an_inferred_item_is_undone_exactly() {
    for target in [Target::Element("el-b".into()), Target::Flow("fl-b-a".into())] {
        let mut m = sample_with_inferred();
        let before = m.clone();
        let inverse = Edit::SetInferredState {
            target: target.clone(),
            state: InferredState::Confirmed,
        }
        .apply(&mut m)
        .expect("confirm applies");
        let state = match &target {
            Target::Element(id) => m.elements[id].inferred.as_ref().map(|p| p.state),
            Target::Flow(id) => m.flows[id].inferred.as_ref().map(|p| p.state),
        };
        assert_eq!(state, Some(InferredState::Confirmed));
        inverse.apply(&mut m).expect("undo applies");
        assert_eq!(m, before);
    }
}

#[test]
fn confirming_a_hand_drawn_element_is_refused() {
    let mut m = sample_with_inferred();
    let before = m.clone();
    let edit = Edit::SetInferredState {
        target: Target::Element("el-a".into()),
        state: InferredState::Confirmed,
    };
    assert!(edit.apply(&mut m).is_err(), "el-a was drawn by hand");
    assert_eq!(m, before);
}

#[test]
fn provenance_survives_a_save_load_round_trip() {
    let m = sample_with_inferred();
    let text = to_string(&m).expect("serialises");
    assert!(text.contains("inferred:"), "{text}");
    let back = from_str(&text, "mem").expect("loads");
    assert_eq!(back, m);
    assert_eq!(to_string(&back).expect("serialises"), text);
}

#[test]
fn removing_an_element_takes_its_flows_and_undo_restores_them() {
    let mut m = sample();
    let inv = Edit::RemoveElement { id: "el-a".into() }.apply(&mut m).expect("remove");
    assert!(m.flows.is_empty(), "the flow to the removed element is gone");
    inv.apply(&mut m).expect("undo");
    assert_eq!(m.flows.len(), 1);
}

/// Deleting many components at once (undoing a large paste) finds their flows in one pass: the
/// model and the undo it hands back are exactly those of removing them one by one, including
/// flows between two removed components, self-loops, and a flow added between two removals.
#[test]
fn removing_many_elements_at_once_is_removing_them_one_by_one() {
    let (cat, _) = crate::catalog::Catalog::builtin();
    let mut model = crate::synth::synth_model(&cat, 60, 5);
    let ids: Vec<ElementId> = model.elements.keys().take(30).cloned().collect();
    let self_loop = Flow {
        label: "retries".into(),
        ..model.flows.values().next().unwrap().clone()
    };
    model.flows.insert(
        "fl-zz-loop".into(),
        Flow {
            from: ids[3].clone(),
            to: ids[3].clone(),
            ..self_loop.clone()
        },
    );
    let mut edits: Vec<Edit> = ids[..15]
        .iter()
        .map(|id| Edit::RemoveElement { id: id.clone() })
        .collect();
    // After the first removals, a new flow to a component removed later: it must go too.
    edits.push(Edit::AddFlow {
        id: "fl-zz-late".into(),
        flow: Flow {
            from: ids[20].clone(),
            to: ids[25].clone(),
            ..self_loop
        },
        route: Vec::new(),
    });
    edits.extend(ids[15..].iter().map(|id| Edit::RemoveElement { id: id.clone() }));
    assert!(
        model
            .flows
            .values()
            .filter(|f| ids.contains(&f.from) && ids.contains(&f.to))
            .count()
            > 2,
        "flows between removed components"
    );

    let mut one_by_one = model.clone();
    let mut inverses: Vec<Edit> = edits
        .iter()
        .map(|e| e.clone().apply(&mut one_by_one).unwrap())
        .collect();
    inverses.reverse();
    let mut at_once = model.clone();
    let undo = Transaction::new("delete", edits).apply(&mut at_once).unwrap();
    assert_eq!(at_once, one_by_one);
    assert!(!at_once.flows.contains_key(&FlowId::from("fl-zz-late")));
    assert_eq!(undo.edits, inverses);
    undo.apply(&mut at_once).unwrap();
    assert_eq!(at_once, model);
}

#[test]
fn invalid_edits_are_refused_and_leave_the_model_unchanged() {
    let mut m = sample();
    let before = m.clone();
    let bad = [
        Edit::AddFlow {
            id: "fl-x".into(),
            flow: Flow::new("el-a", "el-missing", ""),
            route: Vec::new(),
        },
        Edit::AddElement {
            id: "el-a".into(),
            element: Element::new("x", "dup"),
            position: None,
            flows: BTreeMap::new(),
            routes: BTreeMap::new(),
        },
        Edit::AddElement {
            id: "bad id".into(),
            element: Element::new("x", "x"),
            position: None,
            flows: BTreeMap::new(),
            routes: BTreeMap::new(),
        },
        Edit::SetBoundary {
            id: "tb-corp".into(),
            boundary: {
                let mut b = Boundary::new("c", BoundaryKind::Other);
                b.parent = Some("tb-sandbox".into());
                b
            },
        },
        Edit::MoveElements {
            positions: BTreeMap::from([("el-a".into(), Some(Pos::new(f32::NAN, 0.0)))]),
            routes: BTreeMap::new(),
        },
        Edit::MoveElements {
            positions: BTreeMap::new(),
            routes: BTreeMap::from([("fl-nope".into(), None)]),
        },
        Edit::RemoveFlow { id: "fl-nope".into() },
    ];
    for e in bad {
        assert!(e.clone().apply(&mut m).is_err(), "{e:?} should be refused");
        assert_eq!(m, before);
    }
}

#[test]
fn a_failing_transaction_rolls_back_the_edits_before_it() {
    let mut m = sample();
    let before = m.clone();
    let tx = Transaction::new(
        "two",
        vec![
            Edit::SetModelInfo {
                name: "changed".into(),
                description: String::new(),
            },
            Edit::RemoveFlow {
                id: "fl-missing".into(),
            },
        ],
    );
    assert!(tx.apply(&mut m).is_err());
    assert_eq!(m, before);
}

#[test]
fn history_undoes_and_redoes_and_drops_the_redo_tail() {
    let mut m = sample();
    let original = m.clone();
    let mut h = History::new();
    h.apply(
        &mut m,
        Transaction::single(
            "Rename",
            Edit::SetModelInfo {
                name: "A".into(),
                description: String::new(),
            },
        ),
    )
    .expect("apply");
    h.apply(
        &mut m,
        Transaction::single("Remove LLM", Edit::RemoveElement { id: "el-a".into() }),
    )
    .expect("apply");
    assert_eq!(h.undo_label(), Some("Remove LLM"));
    assert_eq!(h.undo(&mut m).expect("undo").as_deref(), Some("Remove LLM"));
    assert!(m.elements.contains_key(&ElementId::new("el-a")));
    assert_eq!(h.redo(&mut m).expect("redo").as_deref(), Some("Remove LLM"));
    assert!(!m.elements.contains_key(&ElementId::new("el-a")));
    h.undo(&mut m).expect("undo");
    h.undo(&mut m).expect("undo");
    assert_eq!(m, original);
    h.apply(
        &mut m,
        Transaction::single(
            "Other",
            Edit::SetModelInfo {
                name: "B".into(),
                description: String::new(),
            },
        ),
    )
    .expect("apply");
    assert_eq!(h.redo_label(), None, "a new edit drops the redo tail");
}

#[test]
fn undoing_back_to_the_saved_state_gives_the_saved_state_id() {
    let mut m = sample();
    let mut h = History::new();
    let edit = |n: &str| {
        Transaction::single(
            "n",
            Edit::SetModelInfo {
                name: n.into(),
                description: String::new(),
            },
        )
    };
    h.apply(&mut m, edit("a")).expect("apply");
    let saved = h.state();
    h.apply(&mut m, edit("b")).expect("apply");
    assert_ne!(h.state(), saved);
    h.undo(&mut m).expect("undo");
    assert_eq!(h.state(), saved, "back at the saved document");
    h.redo(&mut m).expect("redo");
    assert_ne!(h.state(), saved);
    h.undo(&mut m).expect("undo");
    h.undo(&mut m).expect("undo");
    h.apply(&mut m, edit("a")).expect("apply");
    assert_ne!(h.state(), saved, "the same text reached by another edit is a new state");
    let rev = h.revision();
    h.undo(&mut m).expect("undo");
    assert!(h.revision() > rev, "revisions never go back");
}

#[test]
fn undo_and_redo_hand_back_what_they_applied() {
    let mut m = sample();
    let mut h = History::new();
    h.apply(
        &mut m,
        Transaction::single("Remove LLM", Edit::RemoveElement { id: "el-a".into() }),
    )
    .expect("apply");
    let undone = h.undo_applied(&mut m).expect("undo").expect("a step");
    assert_eq!(undone.label, "Remove LLM");
    assert!(
        matches!(undone.forward.edits[0], Edit::AddElement { .. }),
        "undo re-adds the element"
    );
    assert!(matches!(undone.inverse.edits[0], Edit::RemoveElement { .. }));
    let redone = h.redo_applied(&mut m).expect("redo").expect("a step");
    assert!(matches!(redone.forward.edits[0], Edit::RemoveElement { .. }));
    assert!(!m.elements.contains_key(&ElementId::new("el-a")));
}

/// `n` components added in one step, each with a flow to `el-a`.
fn bulk_add(label: &str, n: usize) -> Transaction {
    let edits = (0..n)
        .map(|i| {
            let id = ElementId::new(format!("el-{label}-{i:05}"));
            let flow = Flow::new(id.clone(), "el-a", "call");
            Edit::AddElement {
                id: id.clone(),
                element: Element::new("service", format!("{label} {i}")),
                position: Some(Pos::new(i as f32, 400.0)),
                flows: [(FlowId::new(format!("fl-{label}-{i:05}")), flow)].into(),
                routes: BTreeMap::new(),
            }
        })
        .collect();
    Transaction::new(label, edits)
}

/// A step of many edits is undone and redone by swapping in the model on its other side (no
/// edit applied again, no copy of a model someone else holds), and gives back exactly the
/// models it went between, before and after smaller steps and past the steps that keep one.
#[test]
fn a_step_of_many_edits_is_undone_and_redone_by_swapping_models() {
    let mut m = Arc::new(sample());
    let mut h = History::new();
    let original = m.clone();
    h.apply_shared(&mut m, bulk_add("paste", SNAPSHOT_EDITS))
        .expect("apply");
    let pasted = m.clone();
    assert_eq!(m.elements.len(), 2 + SNAPSHOT_EDITS);
    let undone = h.undo_shared(&mut m).expect("undo").expect("a step");
    assert_eq!(undone.label, "paste");
    assert!(
        Arc::ptr_eq(&m, &original),
        "the model before the paste is back as it was"
    );
    h.redo_shared(&mut m).expect("redo");
    assert!(Arc::ptr_eq(&m, &pasted));

    // A small step on top is undone edit by edit; the paste under it still swaps.
    let rename = |n: &str| {
        Transaction::single(
            "Rename",
            Edit::SetModelInfo {
                name: n.into(),
                description: String::new(),
            },
        )
    };
    h.apply_shared(&mut m, rename("renamed")).expect("apply");
    assert_eq!(m.name, "renamed");
    assert!(!Arc::ptr_eq(&m, &pasted), "copied on write: the paste's model is held");
    h.undo_shared(&mut m).expect("undo");
    assert_eq!(*m, *pasted);
    h.undo_shared(&mut m).expect("undo");
    assert!(Arc::ptr_eq(&m, &original));
    h.redo_shared(&mut m).expect("redo");
    assert_eq!(*m, *pasted);
    h.redo_shared(&mut m).expect("redo");
    assert_eq!(m.name, "renamed");

    // More such steps than keep a model: the older ones are undone edit by edit, all exactly.
    let mut models = vec![(*m).clone()];
    for i in 0..6 {
        h.apply_shared(&mut m, bulk_add(&format!("p{i}"), SNAPSHOT_EDITS))
            .expect("apply");
        models.push((*m).clone());
    }
    for expected in models.iter().rev().skip(1) {
        h.undo_shared(&mut m).expect("undo");
        assert_eq!(*m, *expected);
    }
    for expected in models.iter().skip(1) {
        h.redo_shared(&mut m).expect("redo");
        assert_eq!(*m, *expected);
    }
    // The plain model is undone the same way.
    let mut plain = (*m).clone();
    h.undo(&mut plain).expect("undo");
    assert_eq!(plain, models[models.len() - 2]);
}

#[test]
fn history_is_bounded() {
    let mut m = sample();
    let mut h = History::new();
    for i in 0..(HISTORY_LIMIT + 20) {
        h.apply(
            &mut m,
            Transaction::single(
                "n",
                Edit::SetModelInfo {
                    name: i.to_string(),
                    description: String::new(),
                },
            ),
        )
        .expect("apply");
    }
    let mut undone = 0;
    while h.undo(&mut m).expect("undo").is_some() {
        undone += 1;
    }
    assert_eq!(undone, HISTORY_LIMIT);
}

#[test]
fn saving_is_canonical_and_loading_gives_the_same_model() {
    let m = sample();
    let text = to_string(&m).expect("serialise");
    let back = from_str(&text, "mem").expect("parse");
    assert_eq!(back, m);
    assert_eq!(to_string(&back).expect("serialise"), text);
    assert!(text.starts_with(&format!("(\n    format: {FORMAT_VERSION},")), "{text}");
}

#[test]
fn a_newer_format_is_refused_naming_both_versions() {
    let text = to_string(&sample())
        .expect("ser")
        .replace(&format!("format: {FORMAT_VERSION},"), "format: 999,");
    let err = from_str(&text, "m.bulwark.ron").expect_err("refused");
    let msg = err.to_string();
    assert!(
        msg.contains("999") && msg.contains(&FORMAT_VERSION.to_string()),
        "{msg}"
    );
}

#[test]
fn a_truncated_file_fails_with_a_line_number() {
    let text = to_string(&sample()).expect("ser");
    let cut = &text[..text.len() / 2];
    let err = from_str(cut, "m.bulwark.ron").expect_err("refused");
    assert!(err.line().is_some(), "{err}");
    assert!(err.to_string().starts_with("m.bulwark.ron:"), "{err}");
}

#[test]
fn a_dangling_flow_is_reported_at_its_line() {
    let text = to_string(&sample())
        .expect("ser")
        .replace("to: \"el-a\"", "to: \"el-missing\"");
    let err = from_str(&text, "m.bulwark.ron").expect_err("refused");
    let line = err.line().expect("has a line");
    let on_line = text.lines().nth(line - 1).unwrap_or_default();
    assert!(on_line.contains("el-missing"), "line {line} is {on_line:?}: {err}");
}

#[test]
fn a_duplicated_id_is_refused_with_a_line() {
    let text = to_string(&sample()).expect("ser");
    let dup = text.replacen("\"el-b\": (", "\"el-a\": (", 1);
    let err = from_str(&dup, "m.bulwark.ron").expect_err("refused");
    assert!(err.to_string().contains("duplicate id"), "{err}");
    assert!(err.line().is_some(), "{err}");
}

#[test]
fn a_format_0_draft_migrates_to_the_current_format() {
    let v0 = include_str!("../../tests/fixtures/format-0.bulwark.ron");
    let m = from_str(v0, "format-0.bulwark.ron").expect("migrates");
    assert_eq!(m.format, FORMAT_VERSION);
    assert_eq!(m.elements.len(), 2);
    assert_eq!(
        m.layout.elements.get(&ElementId::new("el-user")),
        Some(&Pos::new(100.0, 50.0))
    );
    let flow = m.flows.values().next().expect("a flow");
    assert!(flow.data.contains(&DataClassId::new("prompts")));
}

#[test]
fn a_format_1_file_migrates_flows_to_operations_and_unknown_facts() {
    let v1 = include_str!("../../tests/fixtures/format-1.bulwark.ron");
    let (m, notes) = super::from_str_noting(v1, "format-1.bulwark.ron").expect("migrates");
    assert_eq!(m.format, FORMAT_VERSION);
    use crate::model::{Fact, FlowId, Operation};
    let flow = |id: &str| &m.flows[&FlowId::new(id)];
    // A two-way flow into a store is a read whose data comes back.
    let conv = flow("fl-backend-conversations");
    assert_eq!(conv.operation, Operation::Read);
    assert_eq!(conv.returns, conv.data);
    // A two-way call to a model is an invocation with its answer coming back.
    let llm = flow("fl-backend-llm");
    assert_eq!(llm.operation, Operation::Invoke);
    assert!(!llm.returns.is_empty());
    // A one-way flow into a store writes it; nothing comes back.
    let upsert = flow("fl-ingestion-vector-db");
    assert_eq!((upsert.operation, upsert.returns.is_empty()), (Operation::Write, true));
    // `true` stays yes; `false` becomes unknown, because format 1 could not tell no from
    // unanswered.
    assert_eq!(llm.encrypted, Fact::Yes);
    assert_eq!(flow("fl-employee-chat-ui").encrypted, Fact::Unknown);
    assert!(notes.iter().any(|n| n.contains("now unknown")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("read")), "{notes:?}");
    // The triage recorded in the old file is kept.
    assert!(!m.triage.is_empty());
    // Saved again, it is a current file that loads to the same model.
    let again = from_str(&to_string(&m).unwrap(), "again").unwrap();
    assert_eq!(again, m);
}

#[test]
fn a_format_2_file_moves_triage_to_the_gathered_finding_ids() {
    let v2 = include_str!("../../tests/fixtures/format-2.bulwark.ron");
    let (m, notes) = super::from_str_noting(v2, "format-2.bulwark.ron").expect("migrates");
    let key = crate::model::FindingId::new("LLM-SID-002@el-llm-api");
    assert!(m.triage.contains_key(&key), "{:?}", m.triage.keys().collect::<Vec<_>>());
    assert!(!m.triage.keys().any(|k| k.as_str().matches('@').count() > 1));
    assert!(notes.iter().any(|n| n.contains("moved to their new ids")), "{notes:?}");
}

#[test]
fn a_format_3_file_reads_as_format_4_unchanged_with_its_triage() {
    let v3 = include_str!("../../tests/fixtures/format-3.bulwark.ron");
    let (m, notes) = super::from_str_noting(v3, "format-3.bulwark.ron").expect("opens");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(m.format, crate::model::FORMAT_VERSION);
    let t = &m.triage[&crate::model::FindingId::new("LLM-SID-002@el-llm-api")];
    assert_eq!(t.owner, "support-platform");
    assert!(t.decided_by.is_empty() && t.review_by.is_empty() && t.severity.is_none());
    assert!(m.threats.is_empty());
}

#[test]
fn a_format_4_file_reads_as_format_5_unchanged_with_its_threats_and_decisions() {
    let v4 = include_str!("../../tests/fixtures/format-4.bulwark.ron");
    let (m, notes) = super::from_str_noting(v4, "format-4.bulwark.ron").expect("opens");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(m.format, crate::model::FORMAT_VERSION);
    assert!(m.threats.contains_key(&crate::model::FindingId::new("USER-1")));
    assert!(!m.triage.is_empty() && !m.notes.is_empty());
    assert!(m.conflicts.is_empty());
    // Saved again it is the same model at the new format.
    let again = from_str(&to_string(&m).unwrap(), "again").unwrap();
    assert_eq!(again, m);
}

#[test]
fn a_format_5_file_reads_as_format_6_unchanged_and_a_layer_override_round_trips() {
    let v5 = include_str!("../../tests/fixtures/format-5.bulwark.ron");
    let (mut m, notes) = super::from_str_noting(v5, "format-5.bulwark.ron").expect("opens");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(m.format, crate::model::FORMAT_VERSION);
    assert!(m.elements.values().all(|e| e.layer.is_none()));
    let first = m.elements.keys().next().cloned().expect("an element");
    m.elements.get_mut(&first).unwrap().layer = Some(crate::model::MaestroLayer::L6);
    let text = to_string(&m).unwrap();
    assert!(text.contains("layer: Some(L6)"), "{text}");
    assert_eq!(from_str(&text, "again").unwrap(), m);
}

/// Format 9 (routed flows), from a format-8 file with a workshop session and votes.
#[test]
fn a_format_8_file_reads_as_format_9_and_flow_waypoints_round_trip_and_follow_deletions() {
    let v8 = include_str!("../../tests/fixtures/format-8.bulwark.ron");
    let (mut m, notes) = super::from_str_noting(v8, "format-8.bulwark.ron").expect("opens");
    assert_eq!(m.sessions.len(), 1, "format 8's sessions are kept");
    assert_eq!(m.votes.len(), 1, "and its votes");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(m.format, crate::model::FORMAT_VERSION);
    assert!(m.layout.flows.is_empty());
    let text = to_string(&m).unwrap();
    let layout = text.find("layout:").map(|i| &text[i..]).unwrap_or("");
    assert!(!layout.contains("flows"), "no waypoints, no section: {layout}");
    let (fid, flow) = m
        .flows
        .iter()
        .next()
        .map(|(id, f)| (id.clone(), f.clone()))
        .expect("a flow");
    m.layout
        .flows
        .insert(fid.clone(), vec![Pos::new(10.0, 20.0), Pos::new(10.0, 80.5)]);
    let text = to_string(&m).unwrap();
    assert_eq!(from_str(&text, "again").unwrap(), m);
    // Waypoints of a missing flow, or not finite, make the model invalid.
    let mut bad = m.clone();
    bad.layout.flows.insert("fl-nowhere".into(), vec![Pos::new(0.0, 0.0)]);
    assert!(!bad.validate().is_empty());
    // Deleting the flow's sender deletes its waypoints; undo restores them.
    let tx = crate::model::Transaction::new("delete", crate::model::remove_element(&m, &flow.from));
    let before = m.clone();
    let inverse = tx.apply(&mut m).expect("applies");
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    assert!(!m.layout.flows.contains_key(&fid));
    inverse.apply(&mut m).expect("undo");
    assert_eq!(m, before);
}

#[test]
fn a_format_6_file_reads_as_format_7_and_pasta_objectives_round_trip_and_follow_deletions() {
    let v6 = include_str!("../../tests/fixtures/format-6.bulwark.ron");
    let (mut m, notes) = super::from_str_noting(v6, "format-6.bulwark.ron").expect("opens");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(m.format, crate::model::FORMAT_VERSION);
    assert!(m.pasta.is_empty());
    assert!(
        !to_string(&m).unwrap().contains("pasta"),
        "an empty section stays out of the file"
    );
    let first = m.elements.keys().next().cloned().expect("an element");
    m.pasta.objectives.push(crate::model::Objective {
        name: "Refunds are paid correctly".into(),
        impact: crate::model::Severity::High,
        elements: [first.clone()].into(),
    });
    m.pasta.compliance.push("PCI DSS".into());
    let text = to_string(&m).unwrap();
    assert_eq!(from_str(&text, "again").unwrap(), m);
    // Deleting a component an objective depends on takes it out of the objective (undoable).
    let tx = crate::model::Transaction::new("delete", crate::model::remove_element(&m, &first));
    let before = m.clone();
    let inverse = tx.apply(&mut m).expect("applies");
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    assert!(m.pasta.objectives[0].elements.is_empty());
    inverse.apply(&mut m).expect("undo");
    assert_eq!(m, before);
    // An objective naming a missing component is refused.
    let mut bad = m.pasta.clone();
    bad.objectives[0].elements.insert("el-nowhere".into());
    assert!(crate::model::Edit::SetPasta { pasta: bad }.apply(&mut m).is_err());
}

#[test]
fn pasta_follows_deletions_on_both_sides() {
    use crate::model::{Objective, Severity, remove_element};
    let mut base = sample();
    for n in 0..3 {
        base.elements.insert(
            ElementId::new(format!("el-extra-{n}")),
            crate::model::Element::new("service", "x"),
        );
    }
    let ids: Vec<ElementId> = base.elements.keys().cloned().collect();
    base.pasta.objectives.push(Objective {
        name: "o".into(),
        impact: Severity::High,
        elements: ids.iter().cloned().collect(),
    });
    let delete = |m: &Model, id: &ElementId| {
        let mut m = m.clone();
        crate::model::Transaction::new("d", remove_element(&m, id))
            .apply(&mut m)
            .unwrap();
        m
    };
    let (ours, theirs) = (delete(&base, &ids[0]), delete(&base, &ids[1]));
    let merged = crate::model::merge(&base, &ours, &theirs);
    assert!(merged.model.conflicts.is_empty(), "{:?}", merged.model.conflicts);
    let kept: Vec<&ElementId> = merged.model.pasta.objectives[0].elements.iter().collect();
    assert_eq!(kept, ids[2..].iter().collect::<Vec<_>>());
    assert!(merged.model.validate().is_empty());
}

#[test]
fn threats_people_write_need_user_ids_and_review_dates_must_be_dates() {
    use crate::model::{ThreatTarget, Triage, TriageStatus, UserThreat};
    let mut m = sample();
    let el = m.elements.keys().next().unwrap().clone();
    m.threats.insert(
        "LLM-PI-001".into(),
        UserThreat::new("Looks like a rule", ThreatTarget::Element(el.clone())),
    );
    let text = to_string(&m).unwrap();
    let err = from_str(&text, "m.bulwark.ron").unwrap_err().to_string();
    assert!(err.contains("must start with \"USER-\""), "{err}");
    let line = text.lines().position(|l| l.contains("\"LLM-PI-001\"")).unwrap() + 1;
    assert!(err.starts_with(&format!("m.bulwark.ron:{line}:")), "{err}");
    m.threats.clear();
    let mut t = Triage::new(TriageStatus::Accepted, "for now");
    t.review_by = "next spring".into();
    m.triage.insert("USER-1".into(), t);
    let err = from_str(&to_string(&m).unwrap(), "m.bulwark.ron")
        .unwrap_err()
        .to_string();
    assert!(err.contains("review date of \"USER-1\" is \"next spring\""), "{err}");
}

#[test]
fn triage_that_disagrees_once_gathered_is_reopened_and_quoted() {
    use crate::model::{Triage, TriageStatus};
    let mut m = sample();
    m.format = 2;
    let t = |status, why: &str| Triage::new(status, why);
    let a = m.elements.keys().next().unwrap().clone();
    let b = m.elements.keys().nth(1).unwrap().clone();
    m.triage.insert(
        format!("X-1@{a}@{b}").as_str().into(),
        t(TriageStatus::Accepted, "low value"),
    );
    m.triage.insert(
        format!("X-1@{b}@{b}").as_str().into(),
        t(TriageStatus::NotApplicable, "no such path"),
    );
    let text = to_string(&m)
        .unwrap()
        .replace(&format!("format: {},", crate::model::FORMAT_VERSION), "format: 2,");
    let (after, _) = super::from_str_noting(&text, "m").unwrap();
    assert!(!after.triage.keys().any(|k| k.as_str().starts_with("X-1@")), "reopened");
    let note = after
        .notes
        .values()
        .find(|n| n.text.contains("X-1@"))
        .expect("quoted in a note");
    assert!(
        note.text.contains("low value") && note.text.contains("no such path"),
        "{}",
        note.text
    );
    assert!(note.elements.contains(&b));
}

#[test]
fn only_what_the_text_says_makes_a_format_1_fact_a_no() {
    let v1 = "(format: 1, name: \"m\", elements: {\"el-a\": (kind: \"service\", name: \"a\"), \"el-b\": (kind: \"service\", name: \"b\")}, flows: {\"fl-1\": (from: \"el-a\", to: \"el-b\", protocol: \"plain HTTP\", notes: \"anonymous access\")})";
    let m = from_str(v1, "m").unwrap();
    let f = &m.flows[&crate::model::FlowId::new("fl-1")];
    assert_eq!(
        (f.encrypted, f.authenticated),
        (crate::model::Fact::No, crate::model::Fact::No)
    );
    // "Insecure HTTP" is a statement too; a bare "HTTP" is not (people write it for HTTPS).
    for (protocol, notes, encrypted) in [
        (
            "HTTP",
            "an insecure HTTP connection is used for the download",
            crate::model::Fact::No,
        ),
        ("HTTP", "REST call", crate::model::Fact::Unknown),
    ] {
        let v1 = v1.replace("plain HTTP", protocol).replace("anonymous access", notes);
        let m = from_str(&v1, "m").unwrap();
        assert_eq!(
            m.flows[&crate::model::FlowId::new("fl-1")].encrypted,
            encrypted,
            "{notes}"
        );
    }
}

#[test]
fn save_is_atomic_and_keeps_a_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("m.bulwark.ron");
    let mut m = sample();
    save(&m, &path).expect("save");
    let first = std::fs::read_to_string(&path).expect("read");
    m.name = "Second".into();
    save(&m, &path).expect("save");
    assert_eq!(std::fs::read_to_string(backup_path(&path)).expect("bak"), first);
    assert_eq!(load(&path).expect("load").name, "Second");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_invalid_model_is_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("m.bulwark.ron");
    std::fs::write(&path, "keep me").expect("write");
    let mut m = sample();
    m.flows.insert("fl-bad".into(), Flow::new("el-a", "el-gone", ""));
    assert!(save(&m, &path).is_err());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "keep me");
}

/// Model generators, shared with the round-trip property tests of other modules (the interop
/// exports).
pub(crate) mod proptests {
    use super::*;
    use proptest::prelude::*;

    fn id(prefix: &'static str) -> impl Strategy<Value = String> {
        "[a-z0-9]{1,6}".prop_map(move |s| format!("{prefix}-{s}"))
    }
    fn text() -> impl Strategy<Value = String> {
        // Any printable text people might type, quotes, backslashes, unicode and newlines included.
        "[ -~äö😀\\n\\t\"\\\\]{0,20}"
    }
    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::Int),
            text().prop_map(Value::Text)
        ]
    }
    fn coord() -> impl Strategy<Value = f32> {
        -1.0e6f32..1.0e6f32
    }

    prop_compose! {
        fn model()(
            name in text(),
            description in text(),
            els in proptest::collection::btree_map(id("el"), (text(), text(), proptest::collection::btree_map("[a-z_]{1,8}", value(), 0..3), proptest::option::of((coord(), coord())), proptest::collection::btree_set(text(), 0..2)), 0..6),
            bounds in proptest::collection::btree_map(id("tb"), (text(), 0usize..9), 0..3),
            flow_pairs in proptest::collection::vec((0usize..6, 0usize..6, text(), any::<bool>(), proptest::collection::btree_set("[a-z]{1,5}", 0..3)), 0..6),
            triage in proptest::collection::btree_map(id("R"), (0usize..3, text()), 0..3),
        ) -> Model {
            let mut m = Model::new(name);
            m.description = description;
            let bids: Vec<BoundaryId> = bounds.keys().map(|b| BoundaryId::new(b.clone())).collect();
            for (i, (bid, (bname, k))) in bounds.into_iter().enumerate() {
                let mut b = Boundary::new(bname, BoundaryKind::ALL[k % 9]);
                if i > 0 { b.parent = Some(bids[i - 1].clone()); }
                m.layout.boundaries.insert(BoundaryId::new(bid.clone()), Rect::new(i as f32, 0.5, 10.25, 3.0));
                m.boundaries.insert(BoundaryId::new(bid), b);
            }
            let eids: Vec<ElementId> = els.keys().map(|e| ElementId::new(e.clone())).collect();
            for (i, (eid, (kind, name, props, pos, tags))) in els.into_iter().enumerate() {
                let mut el = Element::new(KindId::new(format!("k{}", kind.len())), name);
                el.properties = props.into_iter().map(|(k, v)| (PropKey::new(k), v)).collect();
                el.tags = tags;
                if !bids.is_empty() { el.boundary = Some(bids[i % bids.len()].clone()); }
                if i % 2 == 0 { el.controls.insert("c".into(), ControlState::ALL[i % 5]); }
                if let Some((x, y)) = pos { m.layout.elements.insert(ElementId::new(eid.clone()), Pos::new(x, y)); }
                m.elements.insert(ElementId::new(eid), el);
            }
            if !eids.is_empty() {
                for (n, (a, b, label, enc, data)) in flow_pairs.into_iter().enumerate() {
                    let mut f = Flow::new(eids[a % eids.len()].clone(), eids[b % eids.len()].clone(), label);
                    f.encrypted = if enc { crate::model::Fact::Yes } else { crate::model::Fact::Unknown };
                    f.data = data.into_iter().map(DataClassId::new).collect();
                    f.operation = crate::model::Operation::ALL[n % 5];
                    f.validated = [crate::model::Fact::Yes, crate::model::Fact::No, crate::model::Fact::Unknown][n % 3];
                    if n % 2 == 1 { f.returns = f.data.clone(); }
                    m.flows.insert(FlowId::new(format!("fl-{n}")), f);
                }
            }
            for (fid, (s, j)) in triage {
                m.triage.insert(FindingId::new(format!("{fid}@el-x")), Triage { date: "2026-11-26".into(), ..Triage::new(TriageStatus::ALL[s], j) });
            }
            m
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn save_load_save_is_byte_identical(m in model()) {
            prop_assert!(m.validate().is_empty(), "generator made an invalid model: {:?}", m.validate());
            let text = to_string(&m).expect("serialise");
            let back = from_str(&text, "prop").expect("parse");
            prop_assert_eq!(&back, &m);
            prop_assert_eq!(to_string(&back).expect("serialise"), text);
        }
    }

    prop_compose! {
        /// A model with every section filled sometimes: notes and written threats on top of
        /// [`model`], pointing at its elements.
        pub(crate) fn full_model()(m in model(), notes in proptest::collection::vec((any::<bool>(), text(), 0usize..6), 0..3), threats in proptest::collection::vec((text(), 0usize..6), 0..3), conflicts in proptest::collection::vec((text(), proptest::option::of(text())), 0..2), objectives in proptest::collection::vec((text(), 0usize..4, 0usize..6), 0..3), sessions in proptest::collection::vec((text(), 0u32..4000, 0usize..6), 0..2), votes in proptest::collection::vec((0u16..4, 0usize..5, 0usize..4), 0..3)) -> Model {
            let mut m = m;
            let eids: Vec<ElementId> = m.elements.keys().cloned().collect();
            let fids: Vec<FlowId> = m.flows.keys().cloned().collect();
            for (n, (decision, text, e)) in notes.into_iter().enumerate() {
                let kind = crate::model::NoteKind::ALL[(usize::from(decision) + e) % 4];
                let mut note = crate::model::Note::new(kind, text);
                note.elements = eids.get(e).cloned().into_iter().collect();
                note.flows = fids.get(e).cloned().into_iter().collect();
                if kind == crate::model::NoteKind::Action {
                    note.owner = "Dana".into();
                    note.due = "2027-01-31".into();
                }
                m.notes.insert(NoteId::new(format!("note-{n}")), note);
            }
            for (n, (title, seconds, e)) in sessions.into_iter().enumerate() {
                let mut s = crate::model::Session::new(title, "2026-12-04", "09:30");
                s.participants = vec!["Ana".into(), "Bo".into()];
                let item = eids.get(e).map(|e| crate::model::ThreatTarget::Element(e.clone()));
                s.add_time(crate::model::Question::Threats, item.as_ref(), seconds);
                s.record.elements.extend(eids.get(e).cloned());
                m.sessions.insert(crate::model::SessionId::new(format!("session-{n}")), s);
            }
            for (n, (dots, level, severity)) in votes.into_iter().enumerate() {
                let mut v = crate::model::Votes::default();
                v.likelihood[level] = dots;
                v.impact[4 - level] = dots + 1;
                v.confirmed = (severity < 4).then(|| crate::model::Severity::WORST_FIRST[severity]);
                m.votes.insert(FindingId::new(format!("RULE-{n}@el-x")), v);
            }
            for (n, (statement, e)) in threats.into_iter().enumerate() {
                let on = eids.get(e).map_or(crate::model::ThreatTarget::Model, |e| crate::model::ThreatTarget::Element(e.clone()));
                m.threats.insert(FindingId::new(format!("USER-{n}")), crate::model::UserThreat::new(statement, on));
            }
            for (field, theirs) in conflicts {
                m.conflicts.push(crate::model::Conflict { section: "model".into(), id: String::new(), field, base: None, ours: Some("\"x\"".into()), theirs });
            }
            for (name, impact, e) in objectives {
                let elements = eids.get(e).cloned().into_iter().collect();
                m.pasta.objectives.push(crate::model::Objective { name, impact: crate::model::Severity::WORST_FIRST[impact], elements });
            }
            m
        }
    }

    /// Which sections a generated model fills. Naming every field makes a field added to the
    /// model fail to compile here until the generator (and so the diff test) covers it.
    fn sections(m: &Model) -> [bool; 13] {
        let Model {
            format: _,
            name,
            description,
            elements,
            flows,
            boundaries,
            notes,
            threats,
            triage,
            layout,
            conflicts,
            pasta,
            sessions,
            votes,
        } = m;
        [
            !name.is_empty(),
            !description.is_empty(),
            !elements.is_empty(),
            !flows.is_empty(),
            !boundaries.is_empty(),
            !notes.is_empty(),
            !threats.is_empty(),
            !triage.is_empty(),
            !layout.elements.is_empty() || !layout.boundaries.is_empty(),
            !conflicts.is_empty(),
            !pasta.is_empty(),
            !sessions.is_empty(),
            !votes.is_empty(),
        ]
    }

    fn apply_all(m: &Model, edits: Vec<crate::model::Edit>) -> Result<Model, String> {
        let mut m = m.clone();
        for e in edits {
            let shown = format!("{e:?}");
            e.apply(&mut m).map_err(|err| format!("{err} applying {shown}"))?;
        }
        Ok(m)
    }

    #[test]
    fn the_diff_generator_fills_every_section_of_the_model() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut seen = [false; 13];
        for _ in 0..200 {
            let m = full_model().new_tree(&mut runner).expect("tree").current();
            for (s, filled) in seen.iter_mut().zip(sections(&m)) {
                *s |= filled;
            }
        }
        assert!(seen.iter().all(|s| *s), "sections never generated: {seen:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn applying_the_diff_of_two_models_gives_the_second(a in full_model(), b in full_model()) {
            prop_assert!(b.validate().is_empty(), "generator made an invalid model: {:?}", b.validate());
            let edits = crate::model::diff(&a, &b);
            let got = apply_all(&a, edits).map_err(TestCaseError::fail)?;
            prop_assert_eq!(&got, &b);
            prop_assert!(crate::model::diff(&a, &a).is_empty());
            prop_assert!(crate::model::describe(&a, &a).is_empty());
        }

        #[test]
        fn the_diff_lists_every_edit_made_to_a_model(a in full_model(), name in text(), drop_first in any::<bool>(), x in coord()) {
            // Edits a person makes: rename, remove an element, move another, answer a question.
            let mut b = a.clone();
            b.name = name;
            let mut ids = a.elements.keys().cloned();
            if let (true, Some(first)) = (drop_first, ids.next()) {
                crate::model::Edit::RemoveElement { id: first }.apply(&mut b).expect("remove");
            }
            if let Some(second) = ids.next() {
                crate::model::Edit::MoveElements { positions: [(second.clone(), Some(Pos::new(x, x)))].into(), routes: BTreeMap::new() }.apply(&mut b).expect("move");
                crate::model::Edit::SetProperty { element: second, key: PropKey::new("answered"), value: Some(Value::Bool(true)) }.apply(&mut b).expect("answer");
            }
            let d = crate::model::describe(&a, &b);
            let removed = d.elements.iter().filter(|c| c.change == crate::model::Change::Removed).count();
            prop_assert_eq!(removed, usize::from(drop_first && !a.elements.is_empty()));
            prop_assert_eq!(d.info_changed, a.name != b.name);
            if a.elements.len() >= 2 {
                let changed: Vec<_> = d.elements.iter().filter_map(|c| match &c.change { crate::model::Change::Changed(f) => Some(f.clone()), _ => None }).collect();
                prop_assert_eq!(changed, vec![vec!["properties".to_string()]]);
            }
            prop_assert_eq!(apply_all(&a, crate::model::diff(&a, &b)).map_err(TestCaseError::fail)?, b);
        }
    }

    /// Edits one branch makes to the items it owns (`side` 0 or 1 of the elements, by index):
    /// renames, answers, controls, a move, a removal, a new element with a flow, a triage
    /// verdict and a note.
    fn branch_edits(m: &Model, side: usize, name: &str, drop: bool, x: f32) -> Vec<crate::model::Edit> {
        use crate::model::{Edit, Target};
        let mut edits = Vec::new();
        let mine: Vec<ElementId> = m
            .elements
            .keys()
            .enumerate()
            .filter(|(i, _)| i % 2 == side)
            .map(|(_, e)| e.clone())
            .collect();
        for (n, id) in mine.iter().enumerate() {
            match n % 4 {
                0 => {
                    let mut e = m.elements[id].clone();
                    e.name = format!("{name} {side}");
                    edits.push(Edit::SetElement {
                        id: id.clone(),
                        element: e,
                    });
                }
                1 => edits.push(Edit::SetProperty {
                    element: id.clone(),
                    key: PropKey::new(format!("answer_{side}")),
                    value: Some(Value::Bool(true)),
                }),
                2 => edits.push(Edit::SetControl {
                    target: Target::Element(id.clone()),
                    control: ControlId::new(format!("control-{side}")),
                    state: Some(ControlState::Implemented),
                }),
                _ => edits.push(Edit::MoveElements {
                    positions: [(id.clone(), Some(Pos::new(x, x)))].into(),
                    routes: BTreeMap::new(),
                }),
            }
        }
        // Remove one of ours only when nothing of the other side's can refer to it.
        if drop && let Some(last) = mine.last() {
            edits.extend(crate::model::remove_element(m, last));
        }
        let new = ElementId::new(format!("el-new-{side}"));
        let anchor = m.elements.keys().next().cloned();
        let mut flows = BTreeMap::new();
        if let Some(a) = anchor.filter(|a| !(drop && mine.last() == Some(a))) {
            flows.insert(FlowId::new(format!("fl-new-{side}")), Flow::new(new.clone(), a, "new"));
        }
        edits.push(Edit::AddElement {
            id: new,
            element: Element::new("service", name),
            position: None,
            flows,
            routes: BTreeMap::new(),
        });
        edits.push(Edit::SetTriage {
            finding: FindingId::new(format!("RULE-{side}@el-x")),
            triage: Some(Triage::new(TriageStatus::ALL[side], "because")),
        });
        edits.push(Edit::SetNote {
            id: NoteId::new(format!("note-branch-{side}")),
            note: Some(crate::model::Note::new(crate::model::NoteKind::Decision, name)),
        });
        edits
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn branches_that_touch_different_items_merge_to_both_edit_sequences(
            base in full_model(), a in text(), b in text(), drop_a in any::<bool>(), drop_b in any::<bool>(), x in coord(),
        ) {
            let mut base = base;
            base.conflicts.clear();
            // The PASTA section is one item: two branches that each delete a component an
            // objective names both change it (merged apart: `pasta_follows_deletions_on_both_sides`).
            base.pasta = Default::default();
            // Likewise a note linked to a flow: deleting either end of the flow changes it.
            for n in base.notes.values_mut() {
                n.flows.clear();
            }
            let ours_edits = branch_edits(&base, 0, &a, drop_a && base.elements.len() > 2, x);
            let theirs_edits = branch_edits(&base, 1, &b, drop_b && base.elements.len() > 2, -x);
            let ours = apply_all(&base, ours_edits.clone()).map_err(TestCaseError::fail)?;
            let theirs = apply_all(&base, theirs_edits.clone()).map_err(TestCaseError::fail)?;
            let both = apply_all(&ours, theirs_edits).map_err(TestCaseError::fail)?;
            let merged = crate::model::merge(&base, &ours, &theirs);
            prop_assert!(merged.model.conflicts.is_empty(), "{:?}\nnotes {:?}\ntheirs notes {:?}\nours notes {:?}\nmerged flows {:?}", merged.model.conflicts, merged.notes, theirs.notes, ours.notes, merged.model.flows.keys().collect::<Vec<_>>());
            prop_assert_eq!(&merged.model, &both);
            // And the other way round gives the same model.
            prop_assert_eq!(&crate::model::merge(&base, &theirs, &ours).model, &both);
        }
    }

    #[test]
    fn both_sides_changing_one_field_is_a_conflict_and_other_fields_still_merge() {
        let mut base = Model::new("m");
        base.elements.insert("el-a".into(), Element::new("service", "A"));
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.elements.get_mut(&ElementId::new("el-a")).unwrap().name = "Ours".into();
        theirs.elements.get_mut(&ElementId::new("el-a")).unwrap().name = "Theirs".into();
        theirs
            .elements
            .get_mut(&ElementId::new("el-a"))
            .unwrap()
            .controls
            .insert("mfa".into(), ControlState::Implemented);
        let m = crate::model::merge(&base, &ours, &theirs).model;
        let a = &m.elements[&ElementId::new("el-a")];
        assert_eq!(a.name, "Ours", "ours stays until settled");
        assert_eq!(
            a.controls.get(&ControlId::new("mfa")),
            Some(&ControlState::Implemented),
            "their control merged"
        );
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert_eq!(m.conflicts[0].place(), "elements el-a: name");
        assert_eq!(m.conflicts[0].theirs.as_deref(), Some("\"Theirs\""));
        // A removal against a change keeps the changed item and asks.
        let mut gone = base.clone();
        gone.elements.clear();
        let m = crate::model::merge(&base, &gone, &theirs).model;
        assert!(m.elements.contains_key(&ElementId::new("el-a")));
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].ours, None, "ours removed it");
        // The file with conflict records saves and loads.
        let text = to_string(&m).unwrap();
        assert_eq!(from_str(&text, "m").unwrap(), m);
    }

    #[test]
    fn settling_a_conflict_writes_the_chosen_side_and_removes_the_record() {
        use crate::model::{Keep, settle};
        let mut base = Model::new("m");
        base.elements.insert("el-a".into(), Element::new("service", "A"));
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.elements.get_mut(&ElementId::new("el-a")).unwrap().name = "Ours".into();
        theirs.elements.get_mut(&ElementId::new("el-a")).unwrap().name = "Theirs".into();
        theirs.name = "their name".into();
        ours.name = "our name".into();
        let merged = crate::model::merge(&base, &ours, &theirs).model;
        assert_eq!(merged.conflicts.len(), 2, "{:?}", merged.conflicts);
        let field = merged.conflicts.iter().position(|c| c.section == "elements").unwrap();
        for (keep, name) in [(Keep::Theirs, "Theirs"), (Keep::Ours, "Ours")] {
            let got = apply_all(&merged, settle(&merged, field, keep).unwrap()).unwrap();
            assert_eq!(got.elements[&ElementId::new("el-a")].name, name);
            assert_eq!(got.conflicts.len(), 1);
            assert!(got.validate().is_empty());
        }
        let info = merged.conflicts.iter().position(|c| c.section == "model").unwrap();
        let got = apply_all(&merged, settle(&merged, info, Keep::Theirs).unwrap()).unwrap();
        assert_eq!(got.name, "their name");
        // One side removed the element the other renamed: keeping the removal removes it.
        let mut gone = base.clone();
        gone.elements.clear();
        let merged = crate::model::merge(&base, &gone, &theirs).model;
        let i = merged.conflicts.iter().position(|c| c.section == "elements").unwrap();
        let got = apply_all(&merged, settle(&merged, i, Keep::Ours).unwrap()).unwrap();
        assert!(got.elements.is_empty());
        let got = apply_all(&merged, settle(&merged, i, Keep::Theirs).unwrap()).unwrap();
        assert_eq!(got.elements[&ElementId::new("el-a")].name, "Theirs");
        assert!(settle(&merged, 99, Keep::Ours).is_err());
    }
}

#[test]
fn a_format_7_file_reads_as_format_8_and_workshop_sections_round_trip() {
    use crate::model::{Note, NoteKind, Question, Session, SessionId, ThreatTarget, Votes};
    let v7 = include_str!("../../tests/fixtures/format-7.bulwark.ron");
    let (mut m, notes) = super::from_str_noting(v7, "format-7.bulwark.ron").expect("opens");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(m.format, crate::model::FORMAT_VERSION);
    assert_eq!(m.pasta.objectives.len(), 1, "format 7's section is kept");
    assert!(m.sessions.is_empty() && m.votes.is_empty());
    let text = to_string(&m).unwrap();
    assert!(
        !text.contains("sessions") && !text.contains("votes"),
        "empty sections stay out"
    );

    let flow = m.flows.keys().next().cloned().unwrap();
    let el = m.elements.keys().next().cloned().unwrap();
    let mut action = Note::new(NoteKind::Action, "Pin the gateway's provider key to one model");
    action.flows.insert(flow.clone());
    action.owner = "Priya".into();
    action.due = "2027-01-15".into();
    m.notes.insert("note-action".into(), action);
    m.notes.insert(
        "note-parked".into(),
        Note::new(NoteKind::ParkingLot, "Who rotates the key?"),
    );
    let mut s = Session::new("Design review", "2026-12-04", "09:30");
    s.participants = vec!["Priya".into(), "Sam".into()];
    s.add_time(Question::Threats, Some(&ThreatTarget::Flow(flow.clone())), 240);
    s.record.notes.insert("note-action".into());
    m.sessions.insert(SessionId::new("session-1"), s);
    m.votes.insert(
        "LLM-PI-001@el-x".into(),
        Votes {
            likelihood: [0, 1, 2, 0, 0],
            impact: [0, 0, 0, 3, 0],
            confirmed: Some(crate::model::Severity::High),
        },
    );
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    let text = to_string(&m).unwrap();
    assert_eq!(from_str(&text, "again").unwrap(), m);

    // A note linked to a flow stops naming it when the flow (or its element) is deleted; undo
    // restores the link.
    let before = m.clone();
    let inverse = crate::model::Transaction::new("delete", crate::model::remove_flow(&m, &flow))
        .apply(&mut m)
        .unwrap();
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    assert!(m.notes[&NoteId::new("note-action")].flows.is_empty());
    inverse.apply(&mut m).unwrap();
    assert_eq!(m, before);
    let end = m.flows[&flow].from.clone();
    crate::model::Transaction::new("delete", crate::model::remove_element(&m, &end))
        .apply(&mut m)
        .unwrap();
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    // Bad due dates and session dates are refused with the note's or session's id.
    let mut bad = before.clone();
    bad.notes.get_mut(&NoteId::new("note-action")).unwrap().due = "next week".into();
    bad.sessions.get_mut(&SessionId::new("session-1")).unwrap().date = "today".into();
    let errors: Vec<String> = bad.validate().iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let _ = el;
}

#[test]
fn a_session_records_what_its_edits_add_and_undo_takes_the_entry_back() {
    use crate::model::{Edit, Note, NoteKind, Session, SessionId, Transaction, UserThreat, Votes};
    let mut m = sample();
    let sid = SessionId::new("session-1");
    Transaction::single(
        "start",
        Edit::SetSession {
            id: sid.clone(),
            session: Some(Session::new("Review", "2026-12-04", "10:00")),
        },
    )
    .apply(&mut m)
    .unwrap();
    let el = m.elements.keys().next().cloned().unwrap();
    let edits = vec![
        Edit::SetThreat {
            id: "USER-1".into(),
            threat: Some(UserThreat::new(
                "A visitor replays another customer's order number",
                crate::model::ThreatTarget::Element(el.clone()),
            )),
        },
        Edit::SetVotes {
            finding: "USER-1".into(),
            votes: Some(Votes::default()),
        },
        Edit::SetNote {
            id: "note-w1".into(),
            note: Some(Note::new(NoteKind::Decision, "Bind refunds to the signed-in account")),
        },
        Edit::MoveElements {
            positions: [(el.clone(), Some(crate::model::Pos::new(1.0, 2.0)))].into(),
            routes: Default::default(),
        },
    ];
    let mut s = m.sessions[&sid].clone();
    s.record_edits(&m, &edits);
    let mut all = edits;
    all.push(Edit::SetSession {
        id: sid.clone(),
        session: Some(s),
    });
    let before = m.clone();
    let undo = Transaction::new("capture", all).apply(&mut m).unwrap();
    let r = &m.sessions[&sid].record;
    assert!(r.threats.contains(&FindingId::new("USER-1")));
    assert!(r.voted.contains(&FindingId::new("USER-1")));
    assert!(r.notes.contains(&NoteId::new("note-w1")));
    assert!(r.elements.is_empty(), "a move is not an addition");
    undo.apply(&mut m).unwrap();
    assert_eq!(m, before, "undo takes the capture and its record entry back together");
    // Changing an existing note is not recorded as a new one.
    let mut s = m.sessions[&sid].clone();
    let existing = m.notes.keys().next().cloned();
    if let Some(id) = existing {
        s.record_edits(
            &m,
            &[Edit::SetNote {
                id,
                note: Some(Note::new(NoteKind::Assumption, "changed")),
            }],
        );
        assert!(s.record.notes.is_empty());
    }
}

#[test]
fn session_records_and_votes_survive_delete_and_undo_a_kind_change_and_a_boundary_move() {
    use crate::model::{Edit, Question, Session, SessionId, ThreatTarget, Transaction, Votes};
    let mut m = sample();
    let el = m.elements.keys().next().cloned().unwrap();
    let mut s = Session::new("Review", "2026-12-04", "10:00");
    s.add_time(Question::Threats, Some(&ThreatTarget::Element(el.clone())), 120);
    s.record.elements.insert(el.clone());
    m.sessions.insert(SessionId::new("session-1"), s);
    let finding = FindingId::new(format!("LLM-PI-001@{el}"));
    m.votes.insert(
        finding.clone(),
        Votes {
            likelihood: [0, 0, 2, 0, 0],
            impact: [0, 0, 0, 1, 0],
            confirmed: None,
        },
    );
    let (sessions, votes) = (m.sessions.clone(), m.votes.clone());
    let check = |m: &Model, when: &str| {
        assert_eq!(m.sessions, sessions, "{when}: the session record is history and stays");
        assert_eq!(m.votes, votes, "{when}: the room's votes stay with the finding id");
        assert!(m.validate().is_empty(), "{when}: {:?}", m.validate());
    };
    let undo = Transaction::new("delete", crate::model::remove_element(&m, &el))
        .apply(&mut m)
        .unwrap();
    check(&m, "after deleting the element");
    undo.apply(&mut m).unwrap();
    check(&m, "after undo");
    let mut e = m.elements[&el].clone();
    e.kind = "agent-orchestrator".into();
    Transaction::single(
        "kind",
        Edit::SetElement {
            id: el.clone(),
            element: e,
        },
    )
    .apply(&mut m)
    .unwrap();
    check(&m, "after a kind change");
    if let Some(b) = m.boundaries.keys().next().cloned() {
        Transaction::single(
            "move",
            Edit::SetBoundaryRect {
                id: b,
                rect: Some(crate::model::Rect::new(5.0, 5.0, 300.0, 200.0)),
            },
        )
        .apply(&mut m)
        .unwrap();
        check(&m, "after a boundary move");
    }
}

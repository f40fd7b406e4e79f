//! The engine on small models built here and on the shipped examples: findings fire, controls
//! close them, triage survives edits, incremental evaluation equals a full one, and broken
//! rules are reported without stopping the others.

use crate::util::examples;
use bulwark::catalog::{AnswerSource, Catalog};
use bulwark::engine::{Changes, Engine, Evaluation, Request, Status, Worker};
use bulwark::model::{
    Boundary, BoundaryKind, ControlState, Edit, Element, ElementId, FindingId, Flow, FlowId, Model, Operation, Target,
    Transaction, Triage, TriageStatus, Value,
};
use std::collections::BTreeMap;
use std::sync::Arc;

fn engine() -> Engine {
    let (cat, report) = Catalog::builtin();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let e = Engine::new(Arc::new(cat));
    assert!(e.errors().is_empty(), "{:?}", e.errors());
    e
}

/// A tiny model: (id, kind, name) elements and (from, to, data) flows.
fn build(elements: &[(&str, &str)], flows: &[(&str, &str, &[&str])]) -> Model {
    let mut m = Model::new("test");
    for (id, kind) in elements {
        m.elements.insert((*id).into(), Element::new(*kind, *id));
    }
    for (i, (a, b, data)) in flows.iter().enumerate() {
        let mut f = Flow::new(*a, *b, format!("flow {i}"));
        f.data = data.iter().map(|d| (*d).into()).collect();
        m.flows.insert(format!("fl-{i}").as_str().into(), f);
    }
    m
}

/// Answers question `key` on element `el` as a person would.
fn answer(m: &mut Model, el: &str, key: &str, value: Value) {
    m.elements
        .get_mut(&ElementId::new(el))
        .unwrap()
        .properties
        .insert(key.into(), value);
}

fn eval(e: &Engine, m: &Model) -> Evaluation {
    e.evaluate(Arc::new(m.clone()), 0)
}

fn find<'a>(ev: &'a Evaluation, id: &str) -> &'a bulwark::engine::Finding {
    ev.get(&FindingId::new(id)).unwrap_or_else(|| {
        let ids: Vec<&str> = ev.findings.iter().map(|f| f.id.as_str()).collect();
        panic!("no finding {id}; have {ids:#?}")
    })
}

/// Applies `tx` to `model`, evaluates incrementally after `before`, checks that this equals a
/// full evaluation, and returns the edited model, the evaluation and the inverse transaction.
fn edit_incrementally(
    e: &Engine,
    before: &Evaluation,
    model: &Model,
    tx: Transaction,
    revision: u64,
) -> (Model, Evaluation, Transaction) {
    let mut edited = model.clone();
    let inverse = tx.clone().apply(&mut edited).unwrap();
    let shared = Arc::new(edited.clone());
    let inc = e.evaluate_incremental(
        before,
        shared.clone(),
        revision,
        &Changes::from_transaction(&tx, &inverse),
    );
    same(&inc, &e.evaluate(shared, revision)).unwrap();
    (edited, inc, inverse)
}

fn injection_model() -> Model {
    let mut m = build(
        &[
            ("el-crawler", "web-crawler"),
            ("el-retriever", "rag-retriever"),
            ("el-agent", "agent-orchestrator"),
        ],
        &[
            ("el-crawler", "el-retriever", &["web-content"]),
            ("el-retriever", "el-agent", &["web-content"]),
        ],
    );
    let agent = m.elements.get_mut(&ElementId::new("el-agent")).unwrap();
    agent
        .properties
        .insert("has_side_effect_tools".into(), Value::Bool(true));
    // Neither private data nor a way out: indirect injection alone, not the lethal triad.
    agent.properties.insert("reads_private_data".into(), Value::Bool(false));
    agent
        .properties
        .insert("can_send_externally".into(), Value::Bool(false));
    m
}

#[test]
fn a_specific_rule_stands_for_the_general_one_it_refines_on_the_same_element() {
    let e = engine();
    let mut m = injection_model();
    let general = find(&eval(&e, &m), "LLM-PI-002@el-agent").clone();
    assert_eq!(general.status, Status::Open);
    // With private data and an outbound channel the same path is the lethal triad: one
    // finding, which says it also stands for the indirect injection.
    let agent = m.elements.get_mut(&ElementId::new("el-agent")).unwrap();
    agent.properties.insert("reads_private_data".into(), Value::Bool(true));
    agent.properties.insert("can_send_externally".into(), Value::Bool(true));
    let ev = eval(&e, &m);
    assert!(
        ev.get(&FindingId::new("LLM-PI-002@el-agent")).is_none(),
        "one finding per threat"
    );
    let triad = find(&ev, "AGT-EXF-002@el-agent");
    assert!(
        triad.refines.iter().any(|r| r.as_str() == "LLM-PI-002"),
        "{:?}",
        triad.refines
    );
    // Every report prints the why: it names the general threat and what that one lacks.
    assert!(
        triad.why.contains(&*general.title) && triad.why.contains("LLM-PI-002"),
        "{}",
        triad.why
    );
    for c in general.missing_controls.iter() {
        assert!(triad.why.contains(c.as_str()), "missing {c} named: {}", triad.why);
    }
}

/// An open refining finding that stands for the general one on its element involves what the
/// general row involved: personal data an agent sends to an e-mail tool is the outbound-tool
/// finding (AGT-TOOL-004) standing for the general exfiltration one (AGT-EXF-001), and it
/// involves the agent that sends, as the general row did before it was left out (the app
/// highlights a finding's elements; the reports list them).
#[test]
fn an_open_refining_finding_involves_the_elements_of_the_general_one_it_stands_for() {
    let e = engine();
    let m = build(
        &[
            ("el-user", "user"),
            ("el-agent", "agent-orchestrator"),
            ("el-email", "email-tool"),
        ],
        &[
            ("el-user", "el-agent", &["prompts"]),
            ("el-agent", "el-email", &["pii"]),
        ],
    );
    let ev = eval(&e, &m);
    assert!(
        ev.get(&FindingId::new("AGT-EXF-001@el-email")).is_none(),
        "one finding per threat"
    );
    let tool = find(&ev, "AGT-TOOL-004@el-email");
    assert_eq!(tool.status, Status::Open);
    assert!(
        tool.refines.iter().any(|r| r.as_str() == "AGT-EXF-001"),
        "{:?}",
        tool.refines
    );
    assert!(
        tool.elements.iter().any(|el| el.as_str() == "el-agent"),
        "the agent that sends is involved: {:?}",
        tool.elements
    );
}

/// Approval on the gate in front of a service closes an agent's excessive agency when every
/// way from the agent passes it, whatever other callers do; edited in the app, the agent's
/// finding follows each change (incrementally, checked against a full evaluation): the gate's
/// approval taken away opens it, and the agent sending to the other caller's model straight
/// makes that model's ungated way the agent's own.
#[test]
fn approval_counts_on_the_agents_own_ways_into_a_service_as_the_model_is_edited() {
    let e = engine();
    let m = bulwark::model::from_str(
        r#"(
            format: 9,
            name: "two models, one refund service",
            elements: {
                "el-user": (kind: "user", name: "Customer"),
                "el-agent": (kind: "agent-orchestrator", name: "Support agent"),
                "el-gate": (kind: "api-gateway", name: "Approval gateway", controls: {"human-approval": Implemented}),
                "el-llm": (kind: "llm-api", name: "Billing model"),
                "el-gate2": (kind: "api-gateway", name: "Internal gateway"),
                "el-refund": (kind: "service", name: "Refund service"),
            },
            flows: {
                "fl-1": (from: "el-user", to: "el-agent", operation: Invoke, data: ["prompts"], returns: ["model-output"]),
                "fl-2": (from: "el-agent", to: "el-gate", operation: Invoke, data: ["tool-calls"], returns: ["tool-results"]),
                "fl-3": (from: "el-gate", to: "el-refund", operation: Invoke, data: ["tool-calls"], returns: ["tool-results"]),
                "fl-4": (from: "el-user", to: "el-llm", operation: Invoke, data: ["prompts"], returns: ["model-output"]),
                "fl-5": (from: "el-llm", to: "el-gate2", operation: Invoke, data: ["tool-calls"], returns: ["tool-results"]),
                "fl-6": (from: "el-gate2", to: "el-refund", operation: Invoke, data: ["tool-calls"], returns: ["tool-results"]),
            },
        )"#,
        "two-models.bulwark.ron",
    )
    .unwrap();
    let agent = "LLM-AGY-001@el-agent";
    let before = eval(&e, &m);
    assert_eq!(find(&before, agent).status, Status::Mitigated);
    assert_eq!(find(&before, "LLM-AGY-001@el-llm").status, Status::Open);
    let unset = Transaction::new(
        "no approval",
        vec![Edit::SetControl {
            target: Target::Element(ElementId::new("el-gate")),
            control: "human-approval".into(),
            state: None,
        }],
    );
    let (m2, ev, undo) = edit_incrementally(&e, &before, &m, unset, 1);
    assert_eq!(find(&ev, agent).status, Status::Open);
    let (m3, ev, _) = edit_incrementally(&e, &ev, &m2, undo, 2);
    assert_eq!(find(&ev, agent).status, Status::Mitigated);
    let mut f = Flow::new("el-agent", "el-llm", "asks the billing model");
    f.data = ["prompts".into()].into_iter().collect();
    let drive = Transaction::new(
        "the agent drives the billing model",
        vec![Edit::AddFlow {
            id: "fl-7".into(),
            flow: f,
            route: Vec::new(),
        }],
    );
    let (_, ev, _) = edit_incrementally(&e, &ev, &m3, drive, 3);
    assert_eq!(find(&ev, agent).status, Status::Open);
}

/// A decision on the specific finding answers the specific threat only: marked not applicable
/// (the rule's own false positive), the general threat it stood for shows again with its own
/// status, as a folded family member does.
#[test]
fn a_triaged_specific_finding_no_longer_hides_the_general_one_it_refines() {
    let e = engine();
    let mut m = injection_model();
    let agent = m.elements.get_mut(&ElementId::new("el-agent")).unwrap();
    agent.properties.insert("reads_private_data".into(), Value::Bool(true));
    agent.properties.insert("can_send_externally".into(), Value::Bool(true));
    let before = eval(&e, &m);
    assert!(before.get(&FindingId::new("LLM-PI-002@el-agent")).is_none());
    let decide = Transaction::new(
        "not applicable",
        vec![Edit::SetTriage {
            finding: FindingId::new("AGT-EXF-002@el-agent"),
            triage: Some(Triage::new(
                TriageStatus::NotApplicable,
                "the outbound channel only reaches our own tenant",
            )),
        }],
    );
    // Evaluated again after the decision as the app does (incrementally, checked against a
    // full evaluation).
    let (decided, ev, undo) = edit_incrementally(&e, &before, &m, decide, 1);
    assert_eq!(find(&ev, "AGT-EXF-002@el-agent").status, Status::NotApplicable);
    assert_eq!(find(&ev, "LLM-PI-002@el-agent").status, Status::Open);
    // Reopened, the specific finding stands for the general one again.
    let (_, reopened, _) = edit_incrementally(&e, &ev, &decided, undo, 2);
    assert!(reopened.get(&FindingId::new("LLM-PI-002@el-agent")).is_none());
}

/// A developer who gets code from one model and prose answers from another: the suggested-code
/// finding (LLM-CODE-002) stands for the over-trust finding (LLM-MIS-001) only for the code
/// model's path; the chat model's path keeps the over-trust finding open, listing that path
/// alone, with the fingerprint of the whole (a decision on it holds when it shows whole).
fn code_and_prose_model() -> Model {
    let mut m = build(
        &[
            ("el-dev", "user"),
            ("el-ide", "web-client"),
            ("el-coder", "llm-api"),
            ("el-chat", "llm-api"),
        ],
        &[
            ("el-dev", "el-ide", &["prompts"]),
            ("el-ide", "el-coder", &["prompts"]),
            ("el-ide", "el-chat", &["prompts"]),
        ],
    );
    for (id, back) in [
        ("fl-0", &["code", "model-output"][..]),
        ("fl-1", &["code"][..]),
        ("fl-2", &["model-output"][..]),
    ] {
        let f = m.flows.get_mut(&bulwark::model::FlowId::new(id)).unwrap();
        f.operation = bulwark::model::Operation::Invoke;
        f.returns = back.iter().map(|d| (*d).into()).collect();
    }
    m
}

#[test]
fn a_specific_finding_hides_the_general_one_only_for_the_sources_it_covers() {
    let e = engine();
    let m = code_and_prose_model();
    let ev = eval(&e, &m);
    let code = find(&ev, "LLM-CODE-002@el-dev");
    assert_eq!(code.status, Status::Open);
    assert!(
        code.refines.iter().any(|r| r.as_str() == "LLM-MIS-001"),
        "{:?}",
        code.refines
    );
    let general = find(&ev, "LLM-MIS-001@el-dev");
    assert_eq!(general.status, Status::Open);
    let sources: Vec<&str> = general.members.iter().map(|p| p.path[0].as_str()).collect();
    assert_eq!(
        sources,
        ["el-chat"],
        "only the chat model's path is left: {:#?}",
        general.members
    );
    assert!(
        !general.elements.iter().any(|e| e.as_str() == "el-coder"),
        "{:?}",
        general.elements
    );
    assert!(
        general.why.contains("LLM-CODE-002") && general.why.contains("\"el-coder\""),
        "{}",
        general.why
    );
    // A decision on it shows it whole (a recorded decision is never hidden), and the decision,
    // given on the part shown, is not stale: the part carries the whole finding's fingerprint.
    let mut decided = m.clone();
    let mut t = Triage::new(TriageStatus::Accepted, "the chat answers are for reading only");
    t.fingerprint = general.fingerprint.clone();
    decided.triage.insert(general.id.clone(), t);
    let whole = eval(&e, &decided);
    let whole_general = find(&whole, "LLM-MIS-001@el-dev");
    assert_eq!(whole_general.members.len(), 2, "{:#?}", whole_general.members);
    assert_eq!(whole_general.status, Status::Accepted);
    assert!(!whole_general.stale);
    // Edits evaluated incrementally equal a full evaluation: scanning the suggestions shows the
    // general finding whole; the chat model's answers gone, it is left out entirely.
    let scan = Transaction::new(
        "scan suggestions",
        ["output-filter", "vulnerability-scanning"]
            .iter()
            .map(|c| Edit::SetControl {
                target: Target::Element(ElementId::new("el-coder")),
                control: (*c).into(),
                state: Some(ControlState::Implemented),
            })
            .collect(),
    );
    let (_, after, _) = edit_incrementally(&e, &ev, &m, scan, 1);
    assert_eq!(find(&after, "LLM-MIS-001@el-dev").members.len(), 2);
    let drop_chat = Transaction::new(
        "no chat model",
        vec![Edit::RemoveFlow {
            id: bulwark::model::FlowId::new("fl-2"),
        }],
    );
    let (_, without, _) = edit_incrementally(&e, &ev, &m, drop_chat, 2);
    assert!(without.get(&FindingId::new("LLM-MIS-001@el-dev")).is_none());
    assert_eq!(find(&without, "LLM-CODE-002@el-dev").status, Status::Open);
    // The part shown names the code model: renamed, the name follows, incrementally as in full.
    let mut renamed = m.elements[&ElementId::new("el-coder")].clone();
    renamed.name = "Completion model".into();
    let rename = Transaction::new(
        "rename",
        vec![Edit::SetElement {
            id: "el-coder".into(),
            element: renamed,
        }],
    );
    let (_, after, _) = edit_incrementally(&e, &ev, &m, rename, 3);
    let why = &find(&after, "LLM-MIS-001@el-dev").why;
    assert!(why.contains("\"Completion model\""), "{why}");
}

/// A service that calls an identity check and acts on the verdict it gets back is where the
/// fraud lands: the identity findings name it as they name a service the verdict is sent to.
/// The user's own app that asks is not named; and a rule that names only where it hands its
/// threat on does not take callers (an agent's code executor does not count the person who
/// gets code back as the sandbox that runs it).
#[test]
fn identity_findings_name_the_service_that_acts_on_the_verdict_it_gets_back() {
    let e = engine();
    let mut m = build(
        &[
            ("el-app", "web-client"),
            ("el-onb", "service"),
            ("el-face", "classic-model"),
            ("el-dev", "user"),
            ("el-agent", "agent-orchestrator"),
        ],
        &[
            ("el-app", "el-onb", &["biometric"]),
            ("el-onb", "el-face", &["biometric"]),
            ("el-app", "el-face", &["biometric"]),
            ("el-dev", "el-agent", &["prompts"]),
        ],
    );
    answer(&mut m, "el-face", "verifies_identity", Value::Bool(true));
    answer(&mut m, "el-agent", "executes_generated_code", Value::Bool(true));
    for (id, back) in [("fl-1", "model-output"), ("fl-2", "model-output"), ("fl-3", "code")] {
        let f = m.flows.get_mut(&bulwark::model::FlowId::new(id)).unwrap();
        f.operation = bulwark::model::Operation::Invoke;
        f.returns.insert(back.into());
    }
    let ev = eval(&e, &m);
    for id in ["LLM-EVA-003@el-face", "AGT-DEC-002@el-face"] {
        let f = find(&ev, id);
        let names: Vec<&str> = f.elements.iter().map(|e| e.as_str()).collect();
        assert_eq!(
            names,
            ["el-face", "el-onb"],
            "{id}: the caller acting on the verdict, not the app"
        );
        assert!(f.why.contains("It returns it to \"el-onb\""), "{id}: {}", f.why);
    }
    let rce = find(&ev, "AGT-RCE-001@el-agent");
    assert!(
        !rce.elements.iter().any(|e| e.as_str() == "el-dev"),
        "a person who gets code back is no sandbox: {:?}",
        rce.elements
    );
    // Drawn incrementally: the caller's flow removed, it is no longer named.
    let unhook = Transaction::new(
        "no onboarding call",
        vec![Edit::RemoveFlow {
            id: bulwark::model::FlowId::new("fl-1"),
        }],
    );
    let (_, after, _) = edit_incrementally(&e, &ev, &m, unhook, 1);
    let names: Vec<&str> = find(&after, "AGT-DEC-002@el-face")
        .elements
        .iter()
        .map(|e| e.as_str())
        .collect();
    assert_eq!(names, ["el-face"]);
}

/// Behind a gateway and a model server, which pass on what others send them, the surveillance
/// finding names the app that sends the faces, not the hosts in front of the model; a store the
/// rule takes as an input itself (a queue a notebook reads, for what code there reaches) is
/// named and not walked through.
#[test]
fn inputs_are_named_behind_the_relaying_hosts_in_front() {
    let e = engine();
    let m = build(
        &[
            ("el-app", "web-client"),
            ("el-gw", "api-gateway"),
            ("el-srv", "model-server"),
            ("el-model", "classic-model"),
            ("el-producer", "object-store"),
            ("el-queue", "message-queue"),
            ("el-nb", "notebook"),
        ],
        &[
            ("el-app", "el-gw", &["biometric"]),
            ("el-gw", "el-srv", &["biometric"]),
            ("el-srv", "el-model", &["biometric"]),
            ("el-producer", "el-queue", &["training-data"]),
            ("el-nb", "el-queue", &[]),
        ],
    );
    let mut m = m;
    let read = m.flows.get_mut(&bulwark::model::FlowId::new("fl-4")).unwrap();
    read.operation = bulwark::model::Operation::Read;
    read.returns.insert("training-data".into());
    let ev = eval(&e, &m);
    let surv = find(&ev, "LLM-SURV-001@el-model");
    let named: Vec<&str> = surv.elements.iter().map(|e| e.as_str()).collect();
    assert!(named.contains(&"el-app"), "the sender behind the hosts: {named:?}");
    assert!(!named.contains(&"el-gw"), "a gateway watches no one: {named:?}");
    assert!(
        surv.why.contains("What it takes in comes from: \"el-app\""),
        "{}",
        surv.why
    );
    // Shown, or folded into the one finding of its family on the notebook.
    let reach = ev
        .findings
        .iter()
        .flat_map(|f| std::iter::once(f).chain(&f.folded))
        .find(|f| f.id.as_str() == "OPS-REACH-001@el-nb")
        .expect("what code in the notebook reaches");
    let named: Vec<&str> = reach.elements.iter().map(|e| e.as_str()).collect();
    assert!(
        named.contains(&"el-queue") && !named.contains(&"el-producer"),
        "{named:?}"
    );
    // Incrementally as in full: the gateway redrawn as a backend that acts on the faces is
    // itself the sender; the app's flow removed, nothing behind the hosts is named.
    let mut backend = m.elements[&ElementId::new("el-gw")].clone();
    backend.kind = "app-backend".into();
    let redraw = Transaction::new(
        "a backend, not a gateway",
        vec![Edit::SetElement {
            id: "el-gw".into(),
            element: backend,
        }],
    );
    let (_, after, _) = edit_incrementally(&e, &ev, &m, redraw, 1);
    let named: Vec<&str> = find(&after, "LLM-SURV-001@el-model")
        .elements
        .iter()
        .map(|e| e.as_str())
        .collect();
    assert!(named.contains(&"el-gw") && !named.contains(&"el-app"), "{named:?}");
    let unhook = Transaction::new(
        "no app",
        vec![Edit::RemoveFlow {
            id: bulwark::model::FlowId::new("fl-0"),
        }],
    );
    let (_, after, _) = edit_incrementally(&e, &ev, &m, unhook, 2);
    let named: Vec<&str> = find(&after, "LLM-SURV-001@el-model")
        .elements
        .iter()
        .map(|e| e.as_str())
        .collect();
    assert!(!named.contains(&"el-app"), "{named:?}");
}

#[test]
fn an_empty_model_gives_no_findings_and_no_errors() {
    let ev = eval(&engine(), &Model::new("empty"));
    assert!(
        ev.findings.is_empty(),
        "{:?}",
        ev.findings.iter().map(|f| &f.id).collect::<Vec<_>>()
    );
    assert!(ev.errors.is_empty());
}

#[test]
fn indirect_injection_path_is_found_and_its_why_lists_the_path() {
    let e = engine();
    let ev = eval(&e, &injection_model());
    let f = find(&ev, "LLM-PI-002@el-agent");
    assert_eq!(f.status, Status::Open);
    assert_eq!(
        f.path,
        vec![
            ElementId::new("el-crawler"),
            ElementId::new("el-retriever"),
            ElementId::new("el-agent")
        ]
    );
    assert!(
        f.why.contains("el-crawler") && f.why.contains("el-retriever") && f.why.contains("→"),
        "{}",
        f.why
    );
    assert!(f.missing_controls.iter().any(|c| c.as_str() == "input-guardrail"));
    assert_eq!(f.anchor.as_str(), "el-agent");
}

#[test]
fn a_guardrail_on_the_path_mitigates_the_path_finding_and_names_the_guard() {
    let e = engine();
    let mut m = injection_model();
    m.elements
        .insert("el-guard".into(), Element::new("input-guardrail", "Guard"));
    m.flows.remove(&bulwark::model::FlowId::new("fl-1"));
    for (id, from, to) in [("fl-a", "el-retriever", "el-guard"), ("fl-b", "el-guard", "el-agent")] {
        let mut f = Flow::new(from, to, "");
        f.data.insert("web-content".into());
        m.flows.insert(id.into(), f);
    }
    let ev = eval(&e, &m);
    let f = find(&ev, "LLM-PI-002@el-agent");
    assert_eq!(f.status, Status::Mitigated);
    assert!(
        f.mitigated_by.iter().any(|g| g.element.as_str() == "el-guard"),
        "{:?}",
        f.mitigated_by
    );
    assert!(f.missing_controls.is_empty());
}

/// The why of an open path finding says what would guard the way as the rule's sets stand: a
/// check that closes it only together with a second control is named with that control, and a
/// control that closes it only at the sink is not said to guard the way. (Model output written
/// into a record: an approver on the way, or an output check with audit logging.)
#[test]
fn an_open_path_finding_names_what_would_guard_it_set_by_set() {
    let e = engine();
    let mut m = build(
        &[("el-app", "service"), ("el-llm", "llm-api"), ("el-db", "database")],
        &[
            ("el-app", "el-llm", &["prompts"]),
            ("el-app", "el-db", &["model-output"]),
        ],
    );
    let call = m.flows.get_mut(&bulwark::model::FlowId::new("fl-0")).unwrap();
    call.returns.insert("model-output".into());
    m.flows.get_mut(&bulwark::model::FlowId::new("fl-1")).unwrap().operation = bulwark::model::Operation::Write;
    let ev = eval(&e, &m);
    let f = find(&ev, "LLM-MIS-004@el-db");
    assert_eq!(f.status, Status::Open);
    assert!(
        f.why.contains(
            "has human-approval or output-filter and audit-logging (each may stand on a different element) implemented."
        ),
        "{}",
        f.why
    );
}

/// A guardrail drawn as a call the retriever makes with the content and hears back from guards
/// the path like one drawn in line, and is named; once the call no longer answers anything back
/// the path is open again, incrementally as in a full evaluation.
#[test]
fn a_guardrail_called_with_the_content_guards_the_path_until_it_answers_nothing() {
    let e = engine();
    let mut m = injection_model();
    m.elements
        .insert("el-guard".into(), Element::new("input-guardrail", "Screening"));
    let mut call = Flow::new("el-retriever", "el-guard", "screen");
    call.operation = bulwark::model::Operation::Invoke;
    call.data.insert("web-content".into());
    call.returns.insert("model-output".into());
    m.flows.insert("fl-screen".into(), call.clone());
    let before = eval(&e, &m);
    let f = find(&before, "LLM-PI-002@el-agent");
    assert_eq!(f.status, Status::Mitigated);
    assert!(
        f.mitigated_by.iter().any(|g| g.element.as_str() == "el-guard"),
        "{:?}",
        f.mitigated_by
    );
    call.returns.clear();
    let tx = Transaction::single(
        "no verdict",
        Edit::SetFlow {
            id: "fl-screen".into(),
            flow: call,
        },
    );
    let (_, after, _) = edit_incrementally(&e, &before, &m, tx, 1);
    assert_eq!(find(&after, "LLM-PI-002@el-agent").status, Status::Open);
}

#[test]
fn implementing_the_control_on_the_sink_turns_the_finding_mitigated() {
    let e = engine();
    let mut m = injection_model();
    m.elements
        .get_mut(&ElementId::new("el-agent"))
        .unwrap()
        .controls
        .insert("prompt-isolation".into(), ControlState::Implemented);
    let ev = eval(&e, &m);
    let f = find(&ev, "LLM-PI-002@el-agent");
    assert_eq!(f.status, Status::Mitigated);
    assert_eq!(
        f.mitigated_by[0].control.as_ref().map(|c| c.as_str()),
        Some("prompt-isolation")
    );
}

#[test]
fn a_required_but_not_implemented_control_leaves_the_finding_open() {
    let e = engine();
    let mut m = injection_model();
    m.elements
        .get_mut(&ElementId::new("el-agent"))
        .unwrap()
        .controls
        .insert("prompt-isolation".into(), ControlState::Required);
    assert_eq!(find(&eval(&e, &m), "LLM-PI-002@el-agent").status, Status::Open);
}

/// For every open element finding in the examples, implementing its first missing control on
/// its element closes it and the finding names that control.
#[test]
fn setting_the_right_control_mitigates_each_open_element_finding_in_the_examples() {
    let e = engine();
    let mut checked = 0;
    for path in examples() {
        let model = bulwark::model::load(&path).unwrap();
        let ev = eval(&e, &model);
        for f in ev
            .findings
            .iter()
            .filter(|f| f.status == Status::Open && f.path.is_empty() && f.flow.is_none() && f.elements.len() == 1)
        {
            // The first set the finding names, completed on the element.
            let Some(set) = f.closing.iter().find(|s| s.on.contains("anchor")) else {
                continue;
            };
            let mut m = model.clone();
            for control in set.missing.iter() {
                m.elements
                    .get_mut(&f.anchor)
                    .unwrap()
                    .controls
                    .insert(control.clone(), ControlState::Implemented);
            }
            let after = eval(&e, &m);
            // Closed by the same controls as a rule that refines it, it is that row's to tell.
            let g = after.get(&f.id).map(|g| g.as_ref()).unwrap_or_else(|| {
                after
                    .on_element(&f.anchor)
                    .find(|s| s.refines.contains(&f.rule))
                    .map_or_else(|| find(&after, f.id.as_str()), |s| s.as_ref())
            });
            assert_eq!(
                g.status,
                Status::Mitigated,
                "{} with {:?} implemented",
                f.id,
                set.missing
            );
            assert!(
                set.missing
                    .iter()
                    .all(|c| g.mitigated_by.iter().any(|x| x.control.as_ref() == Some(c))),
                "{:?}",
                g.mitigated_by
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} findings checked");
}

#[test]
fn accepted_triage_survives_a_rename_and_goes_stale_when_inputs_change() {
    let e = engine();
    let mut m = injection_model();
    let id = FindingId::new("LLM-PI-002@el-agent");
    let fp = find(&eval(&e, &m), id.as_str()).fingerprint.clone();
    let triage = Triage {
        owner: "ana".into(),
        date: "2026-11-26".into(),
        fingerprint: fp,
        ..Triage::new(TriageStatus::Accepted, "tools only touch the user's own tickets")
    };
    Edit::SetTriage {
        finding: id.clone(),
        triage: Some(triage),
    }
    .apply(&mut m)
    .unwrap();
    let mut renamed = m.elements[&ElementId::new("el-agent")].clone();
    renamed.name = "Support agent (renamed)".into();
    Edit::SetElement {
        id: "el-agent".into(),
        element: renamed,
    }
    .apply(&mut m)
    .unwrap();
    let f = find(&eval(&e, &m), id.as_str()).clone();
    assert_eq!(f.status, Status::Accepted);
    assert!(!f.stale, "a rename does not change what the rule read");
    Edit::SetProperty {
        element: "el-agent".into(),
        key: "autonomous".into(),
        value: Some(Value::Bool(true)),
    }
    .apply(&mut m)
    .unwrap();
    let f = find(&eval(&e, &m), id.as_str()).clone();
    assert_eq!(f.status, Status::Accepted);
    assert!(f.stale, "the agent's answers changed after the triage");
}

#[test]
fn flows_crossing_boundaries_are_boundary_aware() {
    let e = engine();
    let mut m = build(
        &[("el-a", "service"), ("el-b", "database")],
        &[("el-a", "el-b", &["pii"])],
    );
    let fl = bulwark::model::FlowId::new("fl-0");
    for f in m.flows.values_mut() {
        f.operation = bulwark::model::Operation::Write;
        f.encrypted = bulwark::model::Fact::No;
        f.authenticated = bulwark::model::Fact::No;
    }
    let inside = eval(&e, &m);
    m.boundaries
        .insert("tb-x".into(), Boundary::new("Cloud", BoundaryKind::CloudAccount));
    m.elements.get_mut(&ElementId::new("el-b")).unwrap().boundary = Some("tb-x".into());
    let crossing = eval(&e, &m);
    let count = |ev: &Evaluation| ev.findings.iter().filter(|f| f.flow.is_some()).count();
    assert!(
        count(&crossing) > count(&inside),
        "a crossing flow draws more scrutiny: {} vs {}",
        count(&crossing),
        count(&inside)
    );
    // Nobody said whether it is encrypted or authenticated: questions, not findings.
    for f in m.flows.values_mut() {
        f.encrypted = bulwark::model::Fact::Unknown;
        f.authenticated = bulwark::model::Fact::Unknown;
    }
    let unknown = eval(&e, &m);
    assert!(
        count(&unknown) < count(&crossing),
        "unknown facts raise no transport finding"
    );
    let asked: Vec<_> = unknown.questions.iter().filter(|q| q.flow == fl).collect();
    assert!(
        asked
            .iter()
            .any(|q| q.fact == bulwark::model::FlowFact::Encrypted && q.crosses_boundary),
        "{:?}",
        unknown.questions
    );
    assert!(asked.iter().any(|q| q.fact == bulwark::model::FlowFact::Authenticated));
    // Grouping is not trust: the same elements in two groups of one zone do not cross.
    m.boundaries
        .insert("tb-g1".into(), Boundary::new("unit a", BoundaryKind::Group));
    let mut g2 = Boundary::new("unit b", BoundaryKind::Group);
    g2.parent = Some("tb-x".into());
    m.boundaries.insert("tb-g2".into(), g2);
    let mut g1 = m.boundaries[&bulwark::model::BoundaryId::new("tb-g1")].clone();
    g1.parent = Some("tb-x".into());
    m.boundaries.insert("tb-g1".into(), g1);
    m.elements.get_mut(&ElementId::new("el-a")).unwrap().boundary = Some("tb-g1".into());
    m.elements.get_mut(&ElementId::new("el-b")).unwrap().boundary = Some("tb-g2".into());
    let grouped = eval(&e, &m);
    assert!(
        grouped.questions.iter().all(|q| !q.crosses_boundary),
        "flows between groups of one trust zone do not cross: {:?}",
        grouped.questions
    );
}

/// A protection a rule looks for missing, answered present on the flow, closes the finding and
/// says so, as a control on the flow would; a fact a rule needs present (a sign-in, for a
/// session to steal) answered absent means the rule does not apply.
#[test]
fn a_flow_answered_protected_closes_the_threat_by_its_answer() {
    use bulwark::model::{Fact, FlowFact, FlowId};
    let e = engine();
    let mut m = build(
        &[("el-user", "user"), ("el-api", "app-backend"), ("el-db", "database")],
        &[("el-user", "el-api", &["prompts"]), ("el-api", "el-db", &["pii"])],
    );
    m.boundaries
        .insert("tb-x".into(), Boundary::new("Cloud", BoundaryKind::CloudAccount));
    m.elements.get_mut(&ElementId::new("el-db")).unwrap().boundary = Some("tb-x".into());
    let to_db = FlowId::new("fl-1");
    let set =
        |m: &mut Model, fl: &str, fact: FlowFact, v: Fact| fact.set(m.flows.get_mut(&FlowId::new(fl)).unwrap(), v);
    set(&mut m, "fl-1", FlowFact::Encrypted, Fact::No);
    let clear = eval(&e, &m);
    assert_eq!(find(&clear, "STR-FLOW-003@el-db").status, Status::Open);
    set(&mut m, "fl-1", FlowFact::Encrypted, Fact::Yes);
    let answered = eval(&e, &m);
    let f = find(&answered, "STR-FLOW-003@el-db");
    assert_eq!(f.status, Status::Mitigated, "answered encrypted closes it");
    assert!(
        f.mitigated_by.iter().any(|by| by.answer == Some(FlowFact::Encrypted)
            && by.flow.as_ref() == Some(&to_db)
            && by.control.is_none()),
        "closed by the answer, on the flow: {:?}",
        f.mitigated_by
    );
    assert!(f.why.contains("encrypted (answered yes)"), "{}", f.why);
    assert!(
        !answered
            .questions
            .iter()
            .any(|q| q.flow == to_db && q.fact == FlowFact::Encrypted),
        "an answered fact is no question"
    );
    // A session to steal needs a sign-in: answered no, the rule does not apply at all.
    set(&mut m, "fl-0", FlowFact::Authenticated, Fact::Yes);
    assert_eq!(find(&eval(&e, &m), "OPS-SESS-001@el-api").status, Status::Open);
    set(&mut m, "fl-0", FlowFact::Authenticated, Fact::No);
    assert!(eval(&e, &m).get(&FindingId::new("OPS-SESS-001@el-api")).is_none());
}

/// A model reads outside content as a prompt a sender composed from it (`after_taking_via`,
/// issue 12): an edit to what the sender takes in changes the findings of sources whose walks
/// pass the model and never the sender, incrementally as in a full evaluation.
#[test]
fn outside_content_a_sender_folds_into_prompts_is_re_evaluated_where_the_sender_changes() {
    let e = engine();
    let mut m = build(
        &[
            ("el-user", "user"),
            ("el-chat", "web-client"),
            ("el-llm", "llm-api"),
            ("el-ctx", "app-backend"),
            ("el-ret", "rag-retriever"),
            ("el-gw", "llm-gateway"),
        ],
        &[
            ("el-user", "el-chat", &["prompts"]),
            ("el-chat", "el-llm", &["prompts"]),
            // A context service pushes retrieved documents into the model's prompt, through
            // a gateway in front of the model.
            ("el-ctx", "el-gw", &["prompts"]),
            ("el-ctx", "el-ret", &["prompts"]),
            ("el-gw", "el-llm", &["prompts"]),
        ],
    );
    for (id, op, back) in [
        ("fl-0", Operation::Invoke, "model-output"),
        ("fl-1", Operation::Invoke, "model-output"),
        ("fl-3", Operation::Read, "internal-documents"),
    ] {
        let f = m.flows.get_mut(&FlowId::new(id)).unwrap();
        f.operation = op;
        f.returns.insert(back.into());
    }
    for id in ["fl-2", "fl-4"] {
        m.flows.get_mut(&FlowId::new(id)).unwrap().operation = Operation::Stream;
    }
    let ev = eval(&e, &m);
    let f = find(&ev, "LLM-EXF-001@el-chat");
    assert_eq!(f.status, Status::Open);
    assert!(
        f.why.contains("takes in prompts from \"el-ctx\""),
        "the why names the sender: {}",
        f.why
    );
    // The retriever unhooked: the model reads only its user's words again. The user's walk
    // never passes the context service or the gateway, yet its finding follows.
    let unhook = Transaction::new(
        "no retrieval",
        vec![Edit::RemoveFlow {
            id: FlowId::new("fl-3"),
        }],
    );
    let (_, after, _) = edit_incrementally(&e, &ev, &m, unhook, 1);
    assert!(after.get(&FindingId::new("LLM-EXF-001@el-chat")).is_none());
    assert_eq!(find(&after, "LLM-OUT-001@el-chat").status, Status::Open);
}

/// A flow finding names what the alternative its sender met asked of it where that is a fact
/// of the model (the sender drawn in another organisation's zone), not where the alternative
/// only repeats the sender's kind (a web client taken as a client; issue 12).
#[test]
fn a_flow_why_names_the_alternative_met_only_beyond_the_kind() {
    let e = engine();
    let mut m = build(
        &[
            ("el-chat", "web-client"),
            ("el-app", "app-backend"),
            ("el-vendor", "service"),
            ("el-runner", "app-backend"),
        ],
        &[
            ("el-chat", "el-app", &["prompts"]),
            ("el-vendor", "el-runner", &["code"]),
        ],
    );
    m.boundaries
        .insert("tb-v".into(), Boundary::new("Vendor", BoundaryKind::ThirdParty));
    m.elements.get_mut(&ElementId::new("el-vendor")).unwrap().boundary = Some("tb-v".into());
    let f = m.flows.get_mut(&FlowId::new("fl-0")).unwrap();
    f.authenticated = bulwark::model::Fact::Yes;
    m.flows.get_mut(&FlowId::new("fl-1")).unwrap().operation = Operation::Write;
    let ev = eval(&e, &m);
    let session = find(&ev, "OPS-SESS-001@el-app");
    assert!(
        !session.why.contains("\"el-chat\" (Web / mobile client):"),
        "a web client taken as a client says nothing more: {}",
        session.why
    );
    let provenance = find(&ev, "SUP-PROV-001@el-runner");
    assert!(
        provenance
            .why
            .contains("\"el-vendor\" (Backend service): inside a Third party boundary."),
        "a sender taken as another organisation's by its zone says so: {}",
        provenance.why
    );
}

/// A control counts for an element where every way into it passes a gate that has it, walked
/// back through gates without it and relaying hosts (issue 12): authentication on an outer
/// gateway covers the service behind an inner one, and taking it away reopens the service's
/// finding, incrementally as in a full evaluation, though the service is two hops from the edit.
#[test]
fn a_gate_two_hops_in_front_closes_for_the_service_and_an_edit_there_reopens_it() {
    let e = engine();
    let mut m = build(
        &[
            ("el-client", "web-client"),
            ("el-edge", "api-gateway"),
            ("el-inner", "api-gateway"),
            ("el-svc", "service"),
        ],
        &[
            ("el-client", "el-edge", &["prompts"]),
            ("el-edge", "el-inner", &["prompts"]),
            ("el-inner", "el-svc", &["prompts"]),
        ],
    );
    answer(&mut m, "el-svc", "auth", Value::Text("none".into()));
    m.elements
        .get_mut(&ElementId::new("el-edge"))
        .unwrap()
        .controls
        .insert("authentication".into(), ControlState::Implemented);
    let ev = eval(&e, &m);
    let f = find(&ev, "STR-SPOOF-002@el-svc");
    assert_eq!(f.status, Status::Mitigated, "{}", f.why);
    assert_eq!(f.mitigated_by[0].element.as_str(), "el-edge");
    let drop = Transaction::new(
        "no authentication at the edge",
        vec![Edit::SetControl {
            target: Target::Element(ElementId::new("el-edge")),
            control: "authentication".into(),
            state: None,
        }],
    );
    let (_, after, _) = edit_incrementally(&e, &ev, &m, drop, 1);
    assert_eq!(find(&after, "STR-SPOOF-002@el-svc").status, Status::Open);
}

fn same(a: &Evaluation, b: &Evaluation) -> Result<(), String> {
    if a.questions != b.questions {
        return Err(format!(
            "open questions differ:\nincremental {:?}\nfull {:?}",
            a.questions, b.questions
        ));
    }
    let ids = |e: &Evaluation| e.findings.iter().map(|f| (**f).clone()).collect::<Vec<_>>();
    let (x, y) = (ids(a), ids(b));
    if x == y {
        return Ok(());
    }
    let only_a: Vec<_> = x
        .iter()
        .filter(|f| !y.contains(f))
        .map(|f| format!("{} {:?}", f.id, f.status))
        .collect();
    let only_b: Vec<_> = y
        .iter()
        .filter(|f| !x.contains(f))
        .map(|f| format!("{} {:?}", f.id, f.status))
        .collect();
    Err(format!("incremental only: {only_a:?}\nfull only: {only_b:?}"))
}

/// Every kind of edit, applied to every example, gives the same findings incrementally as a
/// full evaluation.
#[test]
fn incremental_evaluation_equals_full_evaluation_after_each_edit() {
    let e = engine();
    for path in examples() {
        let model = bulwark::model::load(&path).unwrap();
        let ids: Vec<ElementId> = model.elements.keys().cloned().collect();
        let flows: Vec<_> = model.flows.keys().cloned().collect();
        let mut edits: Vec<Edit> = Vec::new();
        for (n, id) in ids.iter().enumerate().step_by(3) {
            let kind = &model.elements[id].kind;
            let cat = e.catalog();
            if let Some(c) = cat.kind(kind).and_then(|k| k.controls.first()) {
                edits.push(Edit::SetControl {
                    target: Target::Element(id.clone()),
                    control: c.clone(),
                    state: Some(ControlState::Implemented),
                });
            }
            if let Some((q, v)) = cat.kind(kind).and_then(|k| k.questions.iter().next()) {
                let flipped = match v {
                    Value::Bool(b) => Value::Bool(!b),
                    other => other.clone(),
                };
                edits.push(Edit::SetProperty {
                    element: id.clone(),
                    key: q.clone(),
                    value: Some(flipped),
                });
            }
            if n % 2 == 0 {
                edits.push(Edit::RemoveElement { id: id.clone() });
            }
        }
        for f in flows.iter().step_by(4) {
            edits.push(Edit::RemoveFlow { id: f.clone() });
        }
        // Content edits that keep the structure: what a flow carries and how it is protected,
        // and a component changing kind (the per-model tables are patched, not rebuilt).
        for f in flows.iter().skip(1).step_by(3) {
            let mut flow = model.flows[f].clone();
            // Every answer in turn: yes, no, and not known (an open question).
            flow.encrypted = match flow.encrypted {
                bulwark::model::Fact::Yes => bulwark::model::Fact::No,
                bulwark::model::Fact::No => bulwark::model::Fact::Unknown,
                bulwark::model::Fact::Unknown => bulwark::model::Fact::Yes,
            };
            // What a flow does can answer a question for its sender (`implied_by`).
            flow.operation = match flow.operation {
                bulwark::model::Operation::Invoke => bulwark::model::Operation::Read,
                _ => bulwark::model::Operation::Invoke,
            };
            // What comes back changes which way path walks go.
            if flow.returns.is_empty() {
                flow.returns = flow.data.clone();
            } else {
                flow.returns.clear();
            }
            if flow.data.is_empty() {
                flow.data.insert("pii".into());
            } else {
                flow.data.clear();
            }
            edits.push(Edit::SetFlow { id: f.clone(), flow });
        }
        // Edits to a flow that keep what it carries: a control on it, and its encryption alone
        // (scripts that read every flow's data classes need not run again for these).
        for f in flows.iter().step_by(2) {
            edits.push(Edit::SetControl {
                target: Target::Flow(f.clone()),
                control: "secrets-management".into(),
                state: Some(ControlState::Implemented),
            });
            let mut flow = model.flows[f].clone();
            flow.encrypted = match flow.encrypted {
                bulwark::model::Fact::Yes => bulwark::model::Fact::No,
                _ => bulwark::model::Fact::Yes,
            };
            edits.push(Edit::SetFlow { id: f.clone(), flow });
        }
        // A control on every element in turn that a neighbour's finding may be gated by.
        for id in ids.iter().skip(1).step_by(2) {
            for c in ["audit-logging", "pii-redaction", "secrets-management", "tool-allowlist"] {
                edits.push(Edit::SetControl {
                    target: Target::Element(id.clone()),
                    control: c.into(),
                    state: Some(ControlState::Implemented),
                });
            }
        }
        for id in ids.iter().skip(1).step_by(4) {
            let mut element = model.elements[id].clone();
            element.kind = if element.kind.as_str() == "vector-db" {
                "agent-orchestrator".into()
            } else {
                "vector-db".into()
            };
            edits.push(Edit::SetElement {
                id: id.clone(),
                element,
            });
        }
        // A rename is content, not structure: scripts that print a name must run again.
        for id in ids.iter().skip(2).step_by(5) {
            let mut element = model.elements[id].clone();
            element.name = format!("{} (renamed)", element.name);
            edits.push(Edit::SetElement {
                id: id.clone(),
                element,
            });
        }
        if ids.len() > 2 {
            edits.push(Edit::AddFlow {
                id: "fl-new".into(),
                flow: Flow::new(ids[0].clone(), ids[ids.len() - 1].clone(), "new"),
                route: Vec::new(),
            });
            edits.push(Edit::AddElement {
                id: "el-new".into(),
                element: Element::new("agent-orchestrator", "New agent"),
                position: None,
                flows: BTreeMap::from([("fl-new2".into(), Flow::new(ids[1].clone(), "el-new", "x"))]),
                routes: BTreeMap::new(),
            });
        }
        for edit in edits {
            let mut m = model.clone();
            let before = e.evaluate(Arc::new(m.clone()), 0);
            let tx = Transaction::single("edit", edit.clone());
            let inverse = tx.clone().apply(&mut m).unwrap();
            let changes = Changes::from_transaction(&tx, &inverse);
            let m = Arc::new(m);
            let inc = e.evaluate_incremental(&before, m.clone(), 1, &changes);
            let full = e.evaluate(m, 1);
            if let Err(diff) = same(&inc, &full) {
                panic!("{}: after {edit:?}\n{diff}", path.display());
            }
        }
    }
}

/// Edits made one after another in the app are evaluated each from the last incremental
/// result, never from a full one: what that keeps between evaluations (the relay steps' answers,
/// each family's folding) must stay exact through a session of edits and their undoing. On a
/// synthetic model and on a third of the accuracy cases (real systems, with families and relay
/// chains the examples lack).
#[test]
fn incremental_evaluations_one_after_another_equal_full_ones() {
    let e = engine();
    let cat = e.catalog().clone();
    let mut models = vec![("synthetic".to_string(), bulwark::synth::synth_model(&cat, 300, 7))];
    let dir = crate::util::root().join("tests/accuracy/cases");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|d| d.path()).collect();
    cases.sort();
    for case in cases.iter().step_by(3) {
        let model = bulwark::model::load(&case.join("model.bulwark.ron")).unwrap();
        models.push((case.display().to_string(), model));
    }
    for (name, model) in models {
        let ids: Vec<ElementId> = model.elements.keys().cloned().collect();
        let flows: Vec<_> = model.flows.keys().cloned().collect();
        let mut edits: Vec<Edit> = Vec::new();
        for id in ids.iter().step_by((ids.len() / 4).max(1)) {
            let kind = cat.kind(&model.elements[id].kind);
            for c in kind.iter().flat_map(|k| k.controls.iter().take(2)) {
                edits.push(Edit::SetControl {
                    target: Target::Element(id.clone()),
                    control: c.clone(),
                    state: Some(ControlState::Implemented),
                });
            }
            if let Some((q, Value::Bool(b))) = kind.and_then(|k| k.questions.iter().next()) {
                edits.push(Edit::SetProperty {
                    element: id.clone(),
                    key: q.clone(),
                    value: Some(Value::Bool(!b)),
                });
            }
            let mut element = model.elements[id].clone();
            element.name = format!("{} (renamed)", element.name);
            edits.push(Edit::SetElement {
                id: id.clone(),
                element,
            });
        }
        for f in flows.iter().step_by((flows.len() / 3).max(1)) {
            let mut flow = model.flows[f].clone();
            if flow.data.is_empty() {
                flow.data.insert("prompts".into());
            } else {
                flow.data.clear();
            }
            edits.push(Edit::SetFlow { id: f.clone(), flow });
        }
        let mut m = model.clone();
        let mut ev = e.evaluate(Arc::new(m.clone()), 0);
        let mut undo = Vec::new();
        let step = |m: &mut Model, ev: &mut Evaluation, tx: Transaction, what: &str| {
            let inverse = tx.clone().apply(m).unwrap();
            let changes = Changes::from_transaction(&tx, &inverse);
            let shared = Arc::new(m.clone());
            let inc = e.evaluate_incremental(ev, shared.clone(), 1, &changes);
            if let Err(diff) = same(&inc, &e.evaluate(shared, 1)) {
                panic!("{name}: after {what} {tx:?}\n{diff}");
            }
            *ev = inc;
            inverse
        };
        for edit in edits {
            undo.push(step(&mut m, &mut ev, Transaction::single("edit", edit), "the edit"));
        }
        while let Some(inverse) = undo.pop() {
            step(&mut m, &mut ev, inverse, "undoing");
        }
    }
}

/// A script that reads one control or answer on an element (the approval-bypass script reads
/// whether an agent asks for approval itself, and whether its runtime enforces it) runs again
/// when that control or answer changes, though a change to another control there leaves it
/// alone: implementing approval on the agent raises the self-approval finding incrementally as
/// in full, and answering that the runtime enforces it closes the finding again.
#[test]
fn a_control_a_script_reads_is_seen_incrementally() {
    let e = engine();
    let m = build(
        &[
            ("el-user", "user"),
            ("el-agent", "agent-orchestrator"),
            ("el-tool", "tool"),
        ],
        &[
            ("el-user", "el-agent", &["prompts"]),
            ("el-agent", "el-tool", &["tool-calls"]),
        ],
    );
    let before = eval(&e, &m);
    assert!(before.findings.iter().all(|f| f.rule.as_str() != "RHAI-HITL-001"));
    let set = |control: &str| {
        Transaction::single(
            "implement",
            Edit::SetControl {
                target: Target::Element(ElementId::new("el-agent")),
                control: control.into(),
                state: Some(ControlState::Implemented),
            },
        )
    };
    // Another control first: the script's result stands.
    let (m, ev, _) = edit_incrementally(&e, &before, &m, set("audit-logging"), 1);
    let (m2, ev, _) = edit_incrementally(&e, &ev, &m, set("human-approval"), 2);
    let hitl = ev.findings.iter().find(|f| f.rule.as_str() == "RHAI-HITL-001");
    assert!(
        hitl.is_some_and(|f| f.why.contains("asks for approval itself")),
        "{:?}",
        ev.findings.iter().map(|f| f.id.as_str()).collect::<Vec<_>>()
    );
    // An answer the script reads there: the runtime enforces the approval, the finding goes.
    let enforced = Transaction::single(
        "answer",
        Edit::SetProperty {
            element: ElementId::new("el-agent"),
            key: "approval_enforced_by_runtime".into(),
            value: Some(Value::Bool(true)),
        },
    );
    let (_, ev, _) = edit_incrementally(&e, &ev, &m2, enforced, 3);
    assert!(ev.findings.iter().all(|f| f.rule.as_str() != "RHAI-HITL-001"));
}

/// Some answers are drawn (a model drawn invoking a tool that acts can act), and a flow's
/// operation draws them: after a read to a tool becomes an invocation, a script that read that
/// answer on the model runs again, as in a full evaluation, and so after the edit is undone.
#[test]
fn an_answer_the_drawing_gives_a_script_is_seen_after_its_flow_is_reshaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("acts.rhai"),
        r#"let rule = #{ id: "ORG-ACT-001", title: "t", description: "d", mitigation: "m", likelihood: "Low", impact: "Low" };
for e in model.elements_with_trait("llm") {
    if e.prop("has_side_effect_tools") == true {
        finding(e, "it can act");
    }
}
"#,
    )
    .unwrap();
    let (cat, report) = Catalog::with_user_dirs(&[dir.path()]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let e = Engine::new(Arc::new(cat));
    let mut m = build(
        &[("el-llm", "self-hosted-llm"), ("el-tool", "tool")],
        &[("el-llm", "el-tool", &["tool-calls"])],
    );
    let fl = bulwark::model::FlowId::new("fl-0");
    m.flows.get_mut(&fl).unwrap().operation = bulwark::model::Operation::Read;
    let before = eval(&e, &m);
    let acts = |ev: &Evaluation| ev.findings.iter().any(|f| f.rule.as_str() == "ORG-ACT-001");
    assert!(!acts(&before), "a model that only reads from the tool cannot act");
    let mut invoked = m.flows[&fl].clone();
    invoked.operation = bulwark::model::Operation::Invoke;
    let tx = Transaction::single(
        "invoke",
        Edit::SetFlow {
            id: fl.clone(),
            flow: invoked,
        },
    );
    let (m, ev, inverse) = edit_incrementally(&e, &before, &m, tx, 1);
    assert!(
        acts(&ev),
        "{:?}",
        ev.findings.iter().map(|f| f.id.as_str()).collect::<Vec<_>>()
    );
    let (_, ev, _) = edit_incrementally(&e, &ev, &m, inverse, 2);
    assert!(!acts(&ev));
}

/// A script's finding can be closed by a gate in front of its element: turning the gate's control
/// on after the first evaluation closes it incrementally as in full, though the script never read
/// the gate.
#[test]
fn a_gate_closing_a_scripts_finding_is_seen_incrementally() {
    let e = engine();
    let mut m = build(
        &[
            ("el-crm", "service"),
            ("el-guard", "input-guardrail"),
            ("el-job", "training-job"),
        ],
        &[("el-crm", "el-guard", &["pii"]), ("el-guard", "el-job", &["pii"])],
    );
    let before = e.evaluate(Arc::new(m.clone()), 0);
    let status = |ev: &Evaluation| {
        ev.findings
            .iter()
            .find(|f| f.id.as_str() == "RHAI-DAT-001@el-job")
            .map(|f| f.status)
    };
    assert_eq!(status(&before), Some(Status::Open), "{:#?}", before.findings);
    let tx = Transaction::single(
        "redact at the gate",
        Edit::SetControl {
            target: Target::Element("el-guard".into()),
            control: "pii-redaction".into(),
            state: Some(ControlState::Implemented),
        },
    );
    let inverse = tx.clone().apply(&mut m).unwrap();
    let changes = Changes::from_transaction(&tx, &inverse);
    let m = Arc::new(m);
    let inc = e.evaluate_incremental(&before, m.clone(), 1, &changes);
    let full = e.evaluate(m, 1);
    assert_eq!(status(&full), Some(Status::Mitigated), "{:#?}", full.findings);
    same(&inc, &full).unwrap();
}

#[test]
fn the_worker_returns_results_tagged_with_their_revision() {
    let e = Arc::new(engine());
    let worker = Worker::spawn(e, || {}).unwrap();
    let m = Arc::new(injection_model());
    assert!(worker.submit(Request::Evaluate {
        revision: 7,
        model: m,
        changes: Changes::all()
    }));
    let ev = worker.wait().unwrap();
    assert_eq!(ev.revision, 7);
    assert!(ev.findings.iter().any(|f| f.id.as_str() == "LLM-PI-002@el-agent"));
}

/// The elements and flows of a gateway in front of a backend, with rate limiting on the
/// gateway only.
fn gated_backend() -> Model {
    let mut m = build(
        &[("el-user", "user"), ("el-gw", "api-gateway"), ("el-api", "app-backend")],
        &[("el-user", "el-gw", &["prompts"]), ("el-gw", "el-api", &["prompts"])],
    );
    let api = m.elements.get_mut(&ElementId::new("el-api")).unwrap();
    api.properties.insert("internet_facing".into(), Value::Bool(true));
    api.properties
        .insert("accepts_untrusted_input".into(), Value::Bool(true));
    m.elements
        .get_mut(&ElementId::new("el-gw"))
        .unwrap()
        .controls
        .insert("rate-limiting".into(), ControlState::Implemented);
    m
}

#[test]
fn a_gateway_in_front_counts_for_what_it_fronts_and_only_when_nothing_goes_around_it() {
    let e = engine();
    let mut m = gated_backend();
    let f = find(&eval(&e, &m), "STR-DOS-001@el-api").clone();
    assert_eq!(f.status, Status::Mitigated, "{:?}", f.closing);
    assert_eq!(f.mitigated_by[0].element.as_str(), "el-gw", "the gate is named");
    // A caller that reaches the backend around the gateway: the gate no longer fronts it.
    m.flows
        .insert("fl-direct".into(), Flow::new("el-user", "el-api", "direct"));
    let f = find(&eval(&e, &m), "STR-DOS-001@el-api").clone();
    assert_eq!(f.status, Status::Open);
    assert!(
        f.closing
            .iter()
            .any(|s| s.missing.iter().any(|c| c.as_str() == "rate-limiting")),
        "the finding says which set closes it and what it lacks: {:?}",
        f.closing
    );
}

#[test]
fn logs_sent_to_an_audit_store_are_audit_logging_unless_someone_rejected_it() {
    let e = engine();
    let mut m = gated_backend();
    let rule_id = "STR-REPUD-001@el-api";
    assert_eq!(find(&eval(&e, &m), rule_id).status, Status::Open);
    m.elements
        .insert("el-audit".into(), Element::new("observability-store", "Audit log"));
    let mut logs = Flow::new("el-api", "el-audit", "audit events");
    logs.operation = bulwark::model::Operation::Write;
    logs.data.insert("telemetry".into());
    m.flows.insert("fl-logs".into(), logs);
    let f = find(&eval(&e, &m), rule_id).clone();
    assert_eq!(f.status, Status::Mitigated);
    assert_eq!(
        f.mitigated_by[0].control.as_ref().map(|c| c.as_str()),
        Some("audit-logging")
    );
    m.elements
        .get_mut(&ElementId::new("el-api"))
        .unwrap()
        .controls
        .insert("audit-logging".into(), ControlState::Rejected);
    assert_eq!(
        find(&eval(&e, &m), rule_id).status,
        Status::Open,
        "a rejected control stays rejected"
    );
}

/// Users the model says are not reachable from the internet (staff inside the corporate
/// network) do not make what they reach "exposed to outsiders"; users left at the kind's
/// default do. The threats are raised either way — only the computed severity differs.
#[test]
fn staff_only_users_do_not_raise_severity_as_outsiders() {
    let e = engine();
    let build = |answer: Option<bool>| {
        let mut m = Model::new("internal assistant");
        m.boundaries.insert(
            "tb-corp".into(),
            Boundary::new("Office", BoundaryKind::CorporateNetwork),
        );
        let mut user = Element::new("user", "Employee");
        user.boundary = Some("tb-corp".into());
        if let Some(a) = answer {
            user.properties.insert("internet_facing".into(), Value::Bool(a));
        }
        let mut app = Element::new("app-backend", "Assistant backend");
        app.boundary = Some("tb-corp".into());
        // Served only inside the office network, as the person drawing it says.
        app.properties.insert("internet_facing".into(), Value::Bool(false));
        m.elements.insert("el-user".into(), user);
        m.elements.insert("el-app".into(), app);
        m.elements
            .insert("el-llm".into(), Element::new("llm-api", "Hosted LLM"));
        let id = |s: &str| ElementId::new(s);
        m.flows
            .insert("fl-1".into(), Flow::new(id("el-user"), id("el-app"), "question"));
        m.flows
            .insert("fl-2".into(), Flow::new(id("el-app"), id("el-llm"), "prompt"));
        // The documents it answers from, so what it discloses is the office's, not the asker's.
        m.elements
            .insert("el-docs".into(), Element::new("database", "HR documents"));
        let mut read = Flow::new(id("el-app"), id("el-docs"), "lookup");
        read.returns.insert("internal-documents".into());
        m.flows.insert("fl-3".into(), read);
        e.evaluate(Arc::new(m), 0)
    };
    let outsiders = |ev: &Evaluation| {
        ev.findings
            .iter()
            .filter(|f| f.anchor.as_str() == "el-app" && f.severity_why.contains("exposed to outsiders"))
            .count()
    };
    let (default, staff) = (build(None), build(Some(false)));
    assert!(outsiders(&default) > 0, "users default to reachable from the internet");
    assert_eq!(outsiders(&staff), 0, "a person said these users are inside");
    let ids = |ev: &Evaluation| {
        ev.findings
            .iter()
            .map(|f| f.id.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(ids(&default), ids(&staff), "the same threats are raised");
}

/// The room's confirmed severity is what a person sees for the finding, beside the computed one,
/// and it holds through the edits a workshop makes around it.
#[test]
fn a_severity_confirmed_from_votes_is_assessed_and_survives_delete_undo_kind_change_and_boundary_move() {
    use bulwark::model::{Rect, Severity, Votes};
    let e = engine();
    let mut m = injection_model();
    let ev = eval(&e, &m);
    let f = ev
        .findings
        .iter()
        .find(|f| f.status == Status::Open && f.id.as_str().ends_with("@el-agent"))
        .expect("an open finding on the agent")
        .clone();
    let confirmed = if f.severity == Severity::Low {
        Severity::Critical
    } else {
        Severity::Low
    };
    let votes = Votes {
        likelihood: [0, 0, 1, 2, 0],
        impact: [0, 1, 1, 0, 0],
        confirmed: Some(confirmed),
    };
    Transaction::single(
        "vote",
        Edit::SetVotes {
            finding: f.id.clone(),
            votes: Some(votes),
        },
    )
    .apply(&mut m)
    .unwrap();
    let check = |m: &Model, when: &str| {
        let ev = eval(&e, m);
        let now = find(&ev, f.id.as_str());
        assert_eq!(now.severity, confirmed, "{when}: the confirmed severity is used");
        assert_eq!(now.assessed_severity, Some(confirmed), "{when}");
        assert_eq!(
            now.computed_severity,
            Some(f.severity),
            "{when}: the computed one stays visible"
        );
    };
    check(&m, "after the vote");

    // Delete the element (its finding goes) and undo (it comes back, still assessed).
    let agent = ElementId::new("el-agent");
    let undo = Transaction::new("delete", bulwark::model::remove_element(&m, &agent))
        .apply(&mut m)
        .unwrap();
    assert!(eval(&e, &m).get(&f.id).is_none(), "the finding left with its element");
    undo.apply(&mut m).unwrap();
    check(&m, "after delete and undo");

    // Put the agent in a boundary and move the boundary.
    let tb = bulwark::model::BoundaryId::new("tb-app");
    Transaction::single(
        "boundary",
        Edit::AddBoundary {
            id: tb.clone(),
            boundary: Boundary::new("App", BoundaryKind::CorporateNetwork),
            rect: Some(Rect::new(0.0, 0.0, 400.0, 300.0)),
            members: [agent.clone()].into(),
            children: Default::default(),
        },
    )
    .apply(&mut m)
    .unwrap();
    Transaction::single(
        "move",
        Edit::SetBoundaryRect {
            id: tb,
            rect: Some(Rect::new(200.0, 100.0, 400.0, 300.0)),
        },
    )
    .apply(&mut m)
    .unwrap();
    check(&m, "after a boundary move");

    // Another agent kind: the same rule still applies, and the room's verdict with it.
    let mut el = m.elements[&agent].clone();
    el.kind = "sub-agent".into();
    Transaction::single("kind", Edit::SetElement { id: agent, element: el })
        .apply(&mut m)
        .unwrap();
    check(&m, "after a kind change");

    // Clearing the confirmation brings the computed severity back.
    let mut v = m.votes[&f.id].clone();
    v.confirmed = None;
    Transaction::single(
        "unconfirm",
        Edit::SetVotes {
            finding: f.id.clone(),
            votes: Some(v),
        },
    )
    .apply(&mut m)
    .unwrap();
    let ev = eval(&e, &m);
    assert_eq!(find(&ev, f.id.as_str()).assessed_severity, None);
}

// ---------------------------------------------------------------- families (issue 12, step 3)

/// The rules of one shipped family, by id.
fn family(e: &Engine, name: &str) -> Vec<bulwark::model::RuleId> {
    let members: Vec<_> = e
        .rules()
        .filter(|r| r.family.as_deref() == Some(name))
        .map(|r| r.id.clone())
        .collect();
    assert!(members.len() >= 2, "{name}: {members:?}");
    members
}

/// Open findings of `rules` shown on `anchor`.
fn shown_open<'a>(
    ev: &'a Evaluation,
    anchor: &str,
    rules: &[bulwark::model::RuleId],
) -> Vec<&'a bulwark::engine::Finding> {
    ev.findings
        .iter()
        .filter(|f| f.anchor.as_str() == anchor && f.status == Status::Open && rules.contains(&f.rule))
        .map(|f| &**f)
        .collect()
}

/// The one open finding of a family's `rules` on `anchor`, which names each of `named` (as the
/// rule it shows or a member folded into it).
fn one_finding_naming<'a>(
    ev: &'a Evaluation,
    anchor: &str,
    rules: &[bulwark::model::RuleId],
    named: &[&str],
) -> &'a bulwark::engine::Finding {
    let shown = shown_open(ev, anchor, rules);
    assert_eq!(shown.len(), 1, "one finding on {anchor}: {shown:#?}");
    let all: Vec<&str> = std::iter::once(shown[0].rule.as_str())
        .chain(shown[0].folded.iter().map(|o| o.rule.as_str()))
        .collect();
    for r in named {
        assert!(all.contains(r), "{r} raised on {anchor}: {all:?}");
    }
    shown[0]
}

/// Outsiders reach a scoring endpoint that returns labels only: evasion and unlimited querying,
/// two members of the model-query-attacks family, are open on it.
fn label_only_endpoint() -> Model {
    let mut m = build(
        &[("el-user", "user"), ("el-api", "inference-api")],
        &[("el-user", "el-api", &["features"])],
    );
    answer(&mut m, "el-api", "exposes_confidences", Value::Bool(false));
    // Watched in production and rate-limited, so the family's open members are evasion and
    // distillation (cloning the model from its answers).
    let api = m.elements.get_mut(&ElementId::new("el-api")).unwrap();
    for control in ["model-monitoring", "rate-limiting"] {
        api.controls.insert(control.into(), ControlState::Implemented);
    }
    m
}

/// Weights shipped on a device are both copied and used for white-box attacks: the two rules that
/// fire on every on-device model are one finding naming both, whichever leads.
#[test]
fn an_on_device_models_theft_and_white_box_evasion_are_one_finding() {
    let e = engine();
    let members = family(&e, "edge-model");
    let ev = eval(&e, &build(&[("el-edge", "edge-model")], &[]));
    let shown = one_finding_naming(&ev, "el-edge", &members, &["LLM-EVA-002", "THF-EDGE-001"]);
    assert!(shown.why.contains("edge model family"), "{}", shown.why);
}

/// Relying on one outside model provider: its outages and its silent model changes are one
/// finding on the hosted model.
#[test]
fn a_hosted_models_provider_outage_and_model_changes_are_one_finding() {
    let e = engine();
    let members = family(&e, "model-provider");
    let ev = eval(&e, &build(&[("el-llm", "llm-api")], &[]));
    one_finding_naming(&ev, "el-llm", &members, &["LLM-AVL-001", "LLM-SC-001"]);
}

/// A memory several users share, kept across sessions, written by an agent that reads the web:
/// persistent poisoning, cross-user contamination and the untrusted writer are one finding on
/// the memory.
#[test]
fn a_shared_memory_poisoned_by_several_routes_is_one_finding() {
    let e = engine();
    let members = family(&e, "memory-poisoning");
    let mut m = build(
        &[
            ("el-web", "browser-tool"),
            ("el-agent", "agent-orchestrator"),
            ("el-mem", "agent-memory"),
        ],
        &[
            ("el-web", "el-agent", &["web-content"]),
            ("el-agent", "el-mem", &["agent-messages"]),
        ],
    );
    answer(&mut m, "el-mem", "shared_across_users", Value::Bool(true));
    let ev = eval(&e, &m);
    one_finding_naming(&ev, "el-mem", &members, &["AGT-MEM-001", "AGT-MEM-002", "RHAI-MEM-001"]);
}

/// An inference server that unpickles its models and loads plugins from a cache others can
/// write: a model file that runs code when opened, code loaded from a writable place and the
/// way out such code has are one untrusted-code finding on the server.
#[test]
fn a_server_running_pickled_models_and_cached_plugins_is_one_finding() {
    let e = engine();
    let members = family(&e, "untrusted-code");
    let mut m = build(&[("el-server", "model-server"), ("el-cache", "cache")], &[]);
    let mut load = Flow::new("el-server", "el-cache", "load plugins");
    load.operation = bulwark::model::Operation::Read;
    load.returns = ["code".into()].into_iter().collect();
    m.flows.insert("fl-load".into(), load);
    answer(&mut m, "el-server", "loads_pickle", Value::Bool(true));
    let ev = eval(&e, &m);
    one_finding_naming(
        &ev,
        "el-server",
        &members,
        &["SUP-PKL-001", "SUP-LOAD-001", "OPS-EGRESS-001"],
    );
}

/// An unpinned ML library that unpickles what it is handed and is drawn sending to an outside
/// system (torchtriton's exfiltration): the package route, the pickle route, the way out and
/// what the package reaches are one untrusted-code finding on the library.
#[test]
fn an_unpinned_library_sending_out_is_one_finding() {
    let e = engine();
    let members = family(&e, "untrusted-code");
    let m = build(
        &[("el-lib", "ml-libraries"), ("el-dns", "external-system")],
        &[("el-lib", "el-dns", &["credentials"])],
    );
    one_finding_naming(
        &eval(&e, &m),
        "el-lib",
        &members,
        &["SUP-PKG-001", "SUP-PKL-001", "OPS-EGRESS-001", "OPS-REACH-001"],
    );
}

/// A generic query tool an assistant for a company's staff calls, reading the HR database with
/// its own service account: more operations than the task needs and data beyond the asker's
/// rights are one finding on the tool, naming both.
#[test]
fn a_tool_offering_too_much_with_its_own_identity_is_one_finding() {
    let e = engine();
    let members = family(&e, "tool-overreach");
    let m = build(
        &[
            ("el-staff", "user"),
            ("el-agent", "agent-orchestrator"),
            ("el-tool", "tool"),
            ("el-db", "database"),
        ],
        &[
            ("el-staff", "el-agent", &["prompts"]),
            ("el-agent", "el-tool", &["tool-calls"]),
            ("el-tool", "el-db", &["pii"]),
        ],
    );
    one_finding_naming(&eval(&e, &m), "el-tool", &members, &["AGT-TOOL-002", "AGT-DEP-001"]);
}

/// A cluster several teams submit jobs to: one tenant reaching another's data and the leak
/// through shared accelerators are one finding on the cluster.
#[test]
fn a_shared_training_clusters_tenant_threats_are_one_finding() {
    let e = engine();
    let members = family(&e, "store-disclosure");
    let m = build(
        &[("el-teams", "user"), ("el-ray", "gpu-cluster")],
        &[("el-teams", "el-ray", &["code"])],
    );
    one_finding_naming(&eval(&e, &m), "el-ray", &members, &["STR-EOP-002", "THF-GPU-002"]);
}

/// What hostile code on a training job reaches is named in its finding: the dataset it reads
/// and the bucket it writes, so a reviewer sees what to fence off.
#[test]
fn code_running_on_a_workload_names_the_stores_it_reaches() {
    let e = engine();
    let mut m = build(
        &[
            ("el-job", "training-job"),
            ("el-data", "training-dataset"),
            ("el-ckpt", "object-store"),
        ],
        &[("el-job", "el-ckpt", &["model-weights"])],
    );
    let mut read = Flow::new("el-job", "el-data", "read the dataset");
    read.operation = bulwark::model::Operation::Read;
    read.returns = ["training-data".into()].into_iter().collect();
    m.flows.insert("fl-read".into(), read);
    let ev = eval(&e, &m);
    let reach = ev
        .findings
        .iter()
        .flat_map(|f| std::iter::once(f.as_ref()).chain(f.folded.iter().map(|o| o.as_ref())))
        .find(|f| f.rule.as_str() == "OPS-REACH-001" && f.anchor.as_str() == "el-job")
        .expect("OPS-REACH-001 on the job");
    for store in ["el-data", "el-ckpt"] {
        assert!(
            reach.elements.iter().any(|e| e.as_str() == store),
            "{store} named: {:?}",
            reach.elements
        );
    }
}

/// A service behind a gateway that outsiders also reach directly, and that takes calls without
/// authentication: the way around the gateway and the missing authentication are one finding.
#[test]
fn a_way_around_the_gateway_to_an_unauthenticated_service_is_one_finding() {
    let e = engine();
    let members = family(&e, "caller-spoofing");
    let mut m = build(
        &[
            ("el-user", "web-client"),
            ("el-gw", "api-gateway"),
            ("el-svc", "service"),
        ],
        &[
            ("el-user", "el-gw", &["prompts"]),
            ("el-gw", "el-svc", &["prompts"]),
            ("el-user", "el-svc", &["prompts"]),
        ],
    );
    answer(&mut m, "el-svc", "auth", Value::Text("none".into()));
    let ev = eval(&e, &m);
    one_finding_naming(&ev, "el-svc", &members, &["RHAI-GW-001", "STR-SPOOF-002"]);
}

/// A notebook server a team shares, with no egress control: others driving the code that runs
/// there and that code's open way out are one finding on the notebook.
#[test]
fn a_shared_notebook_with_an_open_way_out_is_one_finding() {
    let e = engine();
    let members = family(&e, "untrusted-code");
    let mut m = build(&[("el-nb", "notebook")], &[]);
    answer(&mut m, "el-nb", "shared_across_users", Value::Bool(true));
    let ev = eval(&e, &m);
    one_finding_naming(&ev, "el-nb", &members, &["DAT-NB-001", "OPS-EGRESS-001"]);
}

/// An agent wired to a third-party MCP server nobody pinned or registered: the server changing
/// under its clients and nobody keeping track of it are one finding on the server.
#[test]
fn an_unpinned_and_unregistered_mcp_server_is_one_finding() {
    let e = engine();
    let members = family(&e, "unvetted-mcp-server");
    let ev = eval(
        &e,
        &build(
            &[("el-agent", "agent-orchestrator"), ("el-mcp", "mcp-server")],
            &[("el-agent", "el-mcp", &["tool-calls"])],
        ),
    );
    one_finding_naming(&ev, "el-mcp", &members, &["SUP-MCP-001", "SUP-MCP-005"]);
}

/// A code sandbox that outsiders' text can drive and that can reach out: the open way out is part
/// of the code-execution finding, not a second finding naming network egress again.
#[test]
fn a_driven_sandboxs_way_out_is_part_of_its_code_execution_finding() {
    let e = engine();
    let members = family(&e, "untrusted-code");
    let ev = eval(
        &e,
        &build(
            &[
                ("el-user", "user"),
                ("el-agent", "agent-orchestrator"),
                ("el-box", "code-sandbox"),
            ],
            &[("el-user", "el-agent", &["prompts"]), ("el-agent", "el-box", &["code"])],
        ),
    );
    let shown = shown_open(&ev, "el-box", &members);
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert_eq!(shown[0].rule.as_str(), "AGT-RCE-003");
    assert!(
        shown[0].folded.iter().any(|o| o.rule.as_str() == "OPS-EGRESS-001"),
        "{shown:#?}"
    );
}

/// An alternative of a path source is read incrementally as in full: answering that a store
/// holding models is run by someone else makes it an outside model source, and back.
#[test]
fn answering_that_a_model_store_is_third_party_starts_the_supply_path_incrementally() {
    let e = engine();
    let mut m = build(
        &[
            ("el-store", "artifact-registry"),
            ("el-app", "web-client"),
            ("el-edge", "edge-model"),
        ],
        &[
            ("el-store", "el-app", &["model-weights"]),
            ("el-app", "el-edge", &["model-weights"]),
        ],
    );
    answer(&mut m, "el-store", "holds_models", Value::Bool(true));
    let before = eval(&e, &m);
    assert!(before.get(&FindingId::new("SUP-PATH-001@el-edge")).is_none());
    let tx = Transaction::single(
        "run by a third party",
        Edit::SetProperty {
            element: "el-store".into(),
            key: "third_party".into(),
            value: Some(Value::Bool(true)),
        },
    );
    let (edited, after, inverse) = edit_incrementally(&e, &before, &m, tx, 1);
    let f = find(&after, "SUP-PATH-001@el-edge");
    assert_eq!(f.status, Status::Open);
    let (_, back, _) = edit_incrementally(&e, &after, &edited, inverse, 2);
    assert!(back.get(&FindingId::new("SUP-PATH-001@el-edge")).is_none());
}

/// A rule script can belong to a family too: an agent that records nothing, in a system with no
/// telemetry anywhere, is one accountability finding naming both, not two.
#[test]
fn a_scripted_rule_folds_into_its_family_on_the_same_element() {
    let e = engine();
    let members = family(&e, "agent-accountability");
    assert!(members.iter().any(|r| r.as_str() == "RHAI-OBS-001"), "{members:?}");
    let ev = eval(&e, &build(&[("el-agent", "agent-orchestrator")], &[]));
    one_finding_naming(&ev, "el-agent", &members, &["AGT-LOG-001", "RHAI-OBS-001"]);
}

#[test]
fn family_members_open_on_one_element_are_one_finding_that_names_each() {
    let e = engine();
    let members = family(&e, "model-query-attacks");
    // A scoring endpoint with default answers: evasion, extraction, inversion and membership
    // inference all apply to it, and nothing watches what it is sent.
    let ev = eval(&e, &build(&[("el-api", "inference-api")], &[]));
    let shown = shown_open(&ev, "el-api", &members);
    assert_eq!(shown.len(), 1, "one finding for the family: {shown:#?}");
    let f = shown[0];
    let folded: Vec<&str> = f.folded.iter().map(|o| o.rule.as_str()).collect();
    for r in [
        "LLM-EVA-001",
        "THF-EXT-001",
        "THF-INV-001",
        "THF-MEM-001",
        "OPS-MON-001",
    ] {
        if f.rule.as_str() == r {
            continue;
        }
        assert!(folded.contains(&r), "{r} folded into {}: {folded:?}", f.id);
        assert!(
            f.refines.iter().any(|x| x.as_str() == r),
            "{r} in refines: {:?}",
            f.refines
        );
        let o = f.folded.iter().find(|o| o.rule.as_str() == r).unwrap();
        assert!(
            f.why.contains(&*o.title) && f.why.contains(r),
            "{r} named in the why: {}",
            f.why
        );
        for c in o.missing_controls.iter() {
            assert!(
                f.why.contains(c.as_str()),
                "{r}'s missing {c} named in the why: {}",
                f.why
            );
        }
        assert!(ev.get(&o.id).is_none(), "{} is not shown on its own", o.id);
    }
    // The one shown is the most severe of them.
    assert!(f.folded.iter().all(|o| o.severity <= f.severity));
    // JSON says the same: the folded findings with what each lacks.
    let json = serde_json::to_value(f).unwrap();
    let listed = json["folded"].as_array().unwrap();
    assert_eq!(listed.len(), f.folded.len());
    assert!(
        listed
            .iter()
            .all(|o| o["missing_controls"].as_array().is_some_and(|c| !c.is_empty()))
    );
}

/// Users' chats and the bot's own answers both go back into its training: one feedback-loop
/// finding on the training job, naming the other route.
#[test]
fn user_content_and_model_output_retraining_a_model_are_one_feedback_loop_finding() {
    let e = engine();
    let members = family(&e, "training-feedback-loop");
    let m = bulwark::model::from_str(
        r#"(
            format: 3,
            name: "chat logs retrain the bot",
            elements: {
                "el-user": (kind: "user", name: "Users"),
                "el-bot": (kind: "self-hosted-llm", name: "Chatbot"),
                "el-logs": (kind: "training-dataset", name: "Chat logs"),
                "el-train": (kind: "training-job", name: "Retraining", properties: {"fine_tuned_on_user_data": true}),
            },
            flows: {
                "fl-1": (from: "el-user", to: "el-bot", operation: Invoke, data: ["prompts"], returns: ["model-output"]),
                "fl-2": (from: "el-bot", to: "el-logs", operation: Write, data: ["prompts", "model-output"]),
                "fl-3": (from: "el-train", to: "el-logs", operation: Read, returns: ["training-data"]),
            },
        )"#,
        "chat.bulwark.ron",
    )
    .unwrap();
    let ev = eval(&e, &m);
    one_finding_naming(&ev, "el-train", &members, &["DAT-POI-002", "DAT-FBK-001"]);
}

/// A chat model's answers reach its users with nothing grounding them and nothing measured on
/// this deployment's own requests: one row for the people misled (issue 12), the over-trust
/// finding naming the missing evaluation, not a second row beside it.
#[test]
fn answers_never_measured_on_the_deployment_fold_into_the_over_trust_finding() {
    let e = engine();
    let members = family(&e, "wrong-answers");
    let m = build(
        &[("el-llm", "llm-api"), ("el-app", "app-backend"), ("el-user", "user")],
        &[
            ("el-llm", "el-app", &["model-output"]),
            ("el-app", "el-user", &["model-output"]),
        ],
    );
    let ev = eval(&e, &m);
    let f = one_finding_naming(&ev, "el-user", &members, &["LLM-MIS-001", "LLM-MIS-005"]);
    assert_eq!(f.rule.as_str(), "LLM-MIS-001", "the more severe one leads: {f:#?}");
    assert!(f.why.contains("per-group-evaluation"), "{}", f.why);
}

#[test]
fn a_folded_family_member_shows_on_its_own_once_the_one_shown_is_closed() {
    let e = engine();
    let members = family(&e, "model-query-attacks");
    let m = label_only_endpoint();
    let before = eval(&e, &m);
    let shown = shown_open(&before, "el-api", &members);
    assert_eq!(shown.len(), 1, "{shown:#?}");
    let (leader, other) = (shown[0], &shown[0].folded[..]);
    assert_eq!(other.len(), 1, "evasion and distillation: {other:#?}");
    let other = &other[0];
    // Close the one shown with a control the folded one does not name.
    let control = leader
        .missing_controls
        .iter()
        .find(|c| !other.missing_controls.contains(c))
        .cloned()
        .unwrap();
    let mut m2 = m.clone();
    let tx = Transaction::single(
        "implement",
        Edit::SetControl {
            target: Target::Element("el-api".into()),
            control,
            state: Some(ControlState::Implemented),
        },
    );
    let inverse = tx.clone().apply(&mut m2).unwrap();
    let changes = Changes::from_transaction(&tx, &inverse);
    let m2 = Arc::new(m2);
    let after = e.evaluate_incremental(&before, m2.clone(), 1, &changes);
    assert_eq!(after.findings, e.evaluate(m2, 1).findings, "incremental equals full");
    assert_eq!(find(&after, leader.id.as_str()).status, Status::Mitigated);
    let back = find(&after, other.id.as_str());
    assert_eq!(back.status, Status::Open, "the folded one is back on its own");
    assert!(back.folded.is_empty() && !back.why.contains("family"));
    // The threat was raised all along: the one back is not new, the one closed is mitigated.
    let d = bulwark::engine::RiskDelta::between(&before, &after);
    assert!(
        d.new.is_empty(),
        "{:?}",
        d.new.iter().map(|f| &f.id).collect::<Vec<_>>()
    );
    assert_eq!(d.resolved.len(), 1);
    assert_eq!(d.resolved[0].0.id, leader.id);
    assert_eq!(d.resolved[0].1, bulwark::engine::Resolution::Mitigated);
    // And back again: the one that closed reopens and stands for the other; nothing resolved.
    let d = bulwark::engine::RiskDelta::between(&after, &before);
    assert_eq!(d.new.len(), 1);
    assert!(
        d.resolved.is_empty(),
        "{:?}",
        d.resolved.iter().map(|r| &r.0.id).collect::<Vec<_>>()
    );
}

#[test]
fn a_family_member_opening_inside_a_finding_already_shown_is_new_in_a_diff() {
    let e = engine();
    let members = family(&e, "model-query-attacks");
    let m = label_only_endpoint();
    let before = eval(&e, &m);
    assert_eq!(shown_open(&before, "el-api", &members).len(), 1);
    // Confidence scores make extraction, inversion and membership inference possible as well;
    // copying the model from its answers (distillation) becomes copying it from its scores.
    let mut m2 = m.clone();
    answer(&mut m2, "el-api", "exposes_confidences", Value::Bool(true));
    let after = eval(&e, &m2);
    let shown = shown_open(&after, "el-api", &members);
    assert_eq!(shown.len(), 1, "still one finding for the family: {shown:#?}");
    assert!(shown[0].folded.len() >= 3, "{shown:#?}");
    let opened = ["THF-EXT-001", "THF-INV-001", "THF-MEM-001"];
    let replaced = ["THF-DIST-001"];
    let d = bulwark::engine::RiskDelta::between(&before, &after);
    let mut new: Vec<&str> = d.new.iter().map(|f| f.rule.as_str()).collect();
    new.sort();
    assert_eq!(new, opened, "each threat that opened is new, folded or not");
    let gone: Vec<&str> = d.resolved.iter().map(|r| r.0.rule.as_str()).collect();
    assert_eq!(gone, replaced);
    // Back again: the three close, whichever of them was shown, and the copy from answers is
    // new again.
    let d = bulwark::engine::RiskDelta::between(&after, &before);
    let new: Vec<&str> = d.new.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(new, replaced);
    let mut gone: Vec<&str> = d.resolved.iter().map(|r| r.0.rule.as_str()).collect();
    gone.sort();
    assert_eq!(gone, opened);
    assert!(d.resolved.iter().all(|r| r.1 == bulwark::engine::Resolution::Gone));
}

#[test]
fn a_family_member_a_person_triaged_is_never_folded() {
    let e = engine();
    let members = family(&e, "model-query-attacks");
    let mut m = label_only_endpoint();
    let ev = eval(&e, &m);
    let leader = shown_open(&ev, "el-api", &members)[0];
    let folded_id = leader.folded[0].id.clone();
    // A verdict past its review date: open again, and the person's record stays in view.
    let triage = Triage {
        review_by: "2001-01-01".into(),
        ..Triage::new(TriageStatus::Accepted, "the scores are public anyway")
    };
    m.triage.insert(folded_id.clone(), triage.clone());
    let ev = eval(&e, &m);
    let own = find(&ev, folded_id.as_str());
    assert_eq!(own.status, Status::Open);
    assert!(own.review_due && own.triage.is_some());
    let leader = find(&ev, leader.id.as_str());
    assert!(
        leader.folded.is_empty() && !leader.refines.contains(&own.rule),
        "{leader:#?}"
    );
    // Decided and current, it is shown with its verdict.
    m.triage.insert(
        folded_id.clone(),
        Triage::new(TriageStatus::Accepted, "the scores are public anyway"),
    );
    assert_eq!(find(&eval(&e, &m), folded_id.as_str()).status, Status::Accepted);
}

/// A scoring API in front of an inference server in front of a model, all fed outside features.
fn serving_chain() -> Model {
    build(
        &[
            ("el-client", "web-client"),
            ("el-api", "inference-api"),
            ("el-server", "model-server"),
            ("el-model", "classic-model"),
        ],
        &[
            ("el-client", "el-api", &["features"]),
            ("el-api", "el-server", &["features"]),
            ("el-server", "el-model", &["features"]),
        ],
    )
}

#[test]
fn a_serving_chain_reports_evasion_once_at_the_model_naming_what_hands_it_the_input() {
    let e = engine();
    let m = serving_chain();
    let ev = eval(&e, &m);
    let evasion: Vec<&str> = ev
        .findings
        .iter()
        .filter(|f| f.rule.as_str() == "LLM-EVA-001")
        .map(|f| f.anchor.as_str())
        .collect();
    assert_eq!(evasion, ["el-model"]);
    let f = find(&ev, "LLM-EVA-001@el-model");
    for relay in ["el-api", "el-server"] {
        assert!(f.elements.iter().any(|x| x.as_str() == relay), "{:?}", f.elements);
    }
    assert!(
        f.why.contains("\"el-api\"") && f.why.contains("\"el-server\""),
        "{}",
        f.why
    );

    // Once the server no longer hands the model its input, it is evaded itself again, and the
    // evaluation after the edit says so as a full one does.
    let mut edited = m.clone();
    let tx = Transaction::single("cut", Edit::RemoveFlow { id: "fl-2".into() });
    let inverse = tx.clone().apply(&mut edited).unwrap();
    let edited = Arc::new(edited);
    let inc = e.evaluate_incremental(&ev, edited.clone(), 1, &Changes::from_transaction(&tx, &inverse));
    same(&inc, &e.evaluate(edited, 1)).unwrap();
    assert_eq!(find(&inc, "LLM-EVA-001@el-server").status, Status::Open);
    assert!(inc.get(&FindingId::new("LLM-EVA-001@el-api")).is_none());
    let f = find(&inc, "LLM-EVA-001@el-model");
    assert!(
        !f.elements.iter().any(|x| x.as_str() == "el-server"),
        "{:?}",
        f.elements
    );
}

#[test]
fn triage_of_a_model_goes_stale_when_an_api_starts_relaying_its_input() {
    let e = engine();
    let mut m = serving_chain();
    Edit::RemoveFlow { id: "fl-1".into() }.apply(&mut m).unwrap();
    let id = FindingId::new("LLM-EVA-001@el-model");
    let before = find(&eval(&e, &m), id.as_str()).clone();
    let triage = Triage {
        owner: "ana".into(),
        date: "2026-12-04".into(),
        fingerprint: before.fingerprint.clone(),
        ..Triage::new(
            TriageStatus::Accepted,
            "the server only takes features from our own API",
        )
    };
    Edit::SetTriage {
        finding: id.clone(),
        triage: Some(triage),
    }
    .apply(&mut m)
    .unwrap();
    assert!(!find(&eval(&e, &m), id.as_str()).stale);
    // The public API is wired to the server: outside input now reaches the model through it.
    let mut f = Flow::new("el-api", "el-server", "features");
    f.data = ["features".into()].into_iter().collect();
    Edit::AddFlow {
        id: "fl-1".into(),
        flow: f,
        route: Vec::new(),
    }
    .apply(&mut m)
    .unwrap();
    let after = find(&eval(&e, &m), id.as_str()).clone();
    assert_eq!(after.status, Status::Accepted);
    assert!(after.stale, "a relay joined after the triage: {:?}", after.elements);
}

#[test]
fn a_script_reporting_the_same_thing_twice_is_gathered_alike_after_an_edit() {
    // Two gateways front one service that outsiders also reach directly: the gateway-bypass
    // script reports the way around once per gateway, with the same id both times.
    let e = engine();
    let m = build(
        &[
            ("el-user", "user"),
            ("el-gw1", "api-gateway"),
            ("el-gw2", "api-gateway"),
            ("el-svc", "app-backend"),
            ("el-other", "app-backend"),
        ],
        &[
            ("el-user", "el-gw1", &["prompts"]),
            ("el-user", "el-gw2", &["prompts"]),
            ("el-gw1", "el-svc", &["prompts"]),
            ("el-gw2", "el-svc", &["prompts"]),
            ("el-user", "el-svc", &["prompts"]),
        ],
    );
    let before = eval(&e, &m);
    let full_members = find(&before, "RHAI-GW-001@el-svc").members.len();
    assert_eq!(full_members, 2, "{:?}", find(&before, "RHAI-GW-001@el-svc").members);
    // Any edit the script reads makes it run again.
    for edit in [
        Edit::SetProperty {
            element: "el-other".into(),
            key: "internet_facing".into(),
            value: Some(Value::Bool(true)),
        },
        Edit::RemoveElement { id: "el-other".into() },
        // The reports' text names the service: both are made again.
        Edit::SetElement {
            id: "el-svc".into(),
            element: Element::new("app-backend", "Orders service"),
        },
    ] {
        let mut edited = m.clone();
        let tx = Transaction::single("edit", edit.clone());
        let inverse = tx.clone().apply(&mut edited).unwrap();
        let edited = Arc::new(edited);
        let inc = e.evaluate_incremental(&before, edited.clone(), 1, &Changes::from_transaction(&tx, &inverse));
        if let Err(diff) = same(&inc, &e.evaluate(edited, 1)) {
            panic!("after {edit:?}:\n{diff}");
        }
    }
}

/// A rule about how a receiver is reached names the protocol of the flow it found, and a
/// flow of another protocol, or none given, is not its concern.
#[test]
fn a_protocol_rule_names_the_flows_protocol_and_ignores_other_protocols() {
    let mut m = build(
        &[
            ("el-page", "web-client"),
            ("el-gateway", "bastion"),
            ("el-cli", "agent-orchestrator"),
        ],
        &[
            ("el-page", "el-gateway", &["prompts"]),
            ("el-page", "el-cli", &["prompts"]),
        ],
    );
    m.boundaries
        .insert("tb-laptop".into(), Boundary::new("Laptop", BoundaryKind::Device));
    for el in m.elements.values_mut() {
        el.boundary = Some("tb-laptop".into());
    }
    let mut flows = m.flows.values_mut();
    flows.next().unwrap().protocol = "WebSocket".into();
    flows.next().unwrap().protocol = "stdio".into();
    let e = engine();
    let ev = eval(&e, &m);
    let f = find(&ev, "OPS-LOCAL-001@el-gateway");
    assert!(f.why.contains("over WebSocket"), "{}", f.why);
    assert!(ev.get(&FindingId::new("OPS-LOCAL-001@el-cli")).is_none());
    m.flows.values_mut().next().unwrap().protocol.clear();
    assert!(eval(&e, &m).get(&FindingId::new("OPS-LOCAL-001@el-gateway")).is_none());
}

/// A model drawn invoking a tool that changes things can act, whatever its kind's default says;
/// an edit to that flow takes the answer back in an incremental evaluation as in a full one, a
/// person's own answer wins, and a why-text says when the drawing gave the answer.
#[test]
fn a_drawn_tool_call_answers_that_a_component_can_act_and_says_so() {
    let e = engine();
    let m = build(
        &[("el-web", "browser-tool"), ("el-llm", "llm-api"), ("el-tool", "tool")],
        &[
            ("el-web", "el-llm", &["web-content"]),
            ("el-llm", "el-tool", &["tool-calls"]),
        ],
    );
    let before = eval(&e, &m);
    find(&before, "LLM-PI-002@el-llm");
    let fl = "fl-1";
    let mut flow = m.flows[&fl.into()].clone();
    flow.operation = bulwark::model::Operation::Read;
    let tx = Transaction::single("read only", Edit::SetFlow { id: fl.into(), flow });
    let (_, inc, _) = edit_incrementally(&e, &before, &m, tx, 1);
    assert!(inc.get(&FindingId::new("LLM-PI-002@el-llm")).is_none());
    let mut said_no = m.clone();
    answer(&mut said_no, "el-llm", "has_side_effect_tools", Value::Bool(false));
    assert!(eval(&e, &said_no).get(&FindingId::new("LLM-PI-002@el-llm")).is_none());

    let agent = build(
        &[("el-agent", "sub-agent"), ("el-tool", "tool")],
        &[("el-agent", "el-tool", &["tool-calls"])],
    );
    let ev = eval(&e, &agent);
    let f = find(&ev, "LLM-AGY-001@el-agent");
    assert!(
        f.why.contains("is answered yes by the drawing: it invokes \"el-tool\""),
        "{}",
        f.why
    );
}

/// A management entry point drawn taking calls from someone on the internet is reachable from
/// the internet, whatever its kind assumes: the rule for exposed admin entry points fires and
/// says which caller answered, a caller moved inside the company takes it back, and a person's
/// own answer wins. The inspector's answer, read through the catalog, agrees.
#[test]
fn a_caller_on_the_internet_makes_a_component_internet_facing_and_says_so() {
    let e = engine();
    let mut m = build(
        &[("el-admin", "admin"), ("el-console", "bastion")],
        &[("el-admin", "el-console", &[])],
    );
    m.boundaries.insert(
        "tb-net".into(),
        Boundary::new("Public internet", BoundaryKind::Internet),
    );
    m.boundaries.insert(
        "tb-corp".into(),
        Boundary::new("Office", BoundaryKind::CorporateNetwork),
    );
    m.elements.get_mut(&ElementId::from("el-console")).unwrap().boundary = Some("tb-corp".into());
    let inside = eval(&e, &m);
    assert!(inside.get(&FindingId::new("OPS-ADM-001@el-console")).is_none());

    m.elements.get_mut(&ElementId::from("el-admin")).unwrap().boundary = Some("tb-net".into());
    let outside = eval(&e, &m);
    let f = find(&outside, "OPS-ADM-001@el-console");
    assert!(
        f.why
            .contains("is answered yes by the drawing: \"el-admin\" in \"Public internet\" invokes it"),
        "{}",
        f.why
    );
    let drawn = e
        .catalog()
        .answer_in(&m, &ElementId::from("el-console"), &"internet_facing".into())
        .unwrap();
    assert_eq!(drawn.value, &Value::Bool(true));

    answer(&mut m, "el-console", "internet_facing", Value::Bool(false));
    assert!(eval(&e, &m).get(&FindingId::new("OPS-ADM-001@el-console")).is_none());
}

/// A person drawn talking to an agent inside their own device's trust zone is answered the
/// system's own operator: they are not an attacker of their own tool, so direct prompt
/// injection and unbounded consumption leave them out, and the inspector says which flow and
/// zone answered. Moving the agent out to a shared cloud (incrementally, as a full evaluation
/// sees it) makes them a user like any other, and a person's own answer wins over the drawing.
#[test]
fn a_person_talking_to_their_own_agent_on_their_own_device_is_not_its_attacker() {
    let e = engine();
    let mut m = build(
        &[
            ("el-dev", "user"),
            ("el-agent", "agent-orchestrator"),
            ("el-llm", "llm-api"),
        ],
        &[
            ("el-dev", "el-agent", &["prompts"]),
            ("el-agent", "el-llm", &["prompts"]),
        ],
    );
    m.boundaries
        .insert("tb-laptop".into(), Boundary::new("Laptop", BoundaryKind::Device));
    m.boundaries.insert(
        "tb-cloud".into(),
        Boundary::new("Shared cloud", BoundaryKind::CloudAccount),
    );
    for id in ["el-dev", "el-agent"] {
        m.elements.get_mut(&ElementId::from(id)).unwrap().boundary = Some("tb-laptop".into());
    }
    let own = eval(&e, &m);
    for id in ["LLM-PI-001@el-llm", "LLM-DOS-001@el-llm"] {
        assert!(
            own.get(&FindingId::new(id)).is_none(),
            "{id} on the developer's own agent"
        );
    }
    // Nor does the computed severity count them as an outsider reaching their agent.
    let outsiders = |ev: &Evaluation| {
        ev.findings
            .iter()
            .filter(|f| f.anchor.as_str() == "el-agent" && f.severity_why.contains("exposed to outsiders"))
            .count()
    };
    assert_eq!(outsiders(&own), 0);
    let drawn = e
        .catalog()
        .answer_in(&m, &ElementId::from("el-dev"), &"own_operator".into())
        .unwrap();
    assert_eq!(drawn.value, &Value::Bool(true));
    let AnswerSource::Drawing(fid) = drawn.source else {
        panic!("answered by {:?}", drawn.source)
    };
    let q = e.catalog().questions.get(&"own_operator".into()).unwrap();
    assert_eq!(
        bulwark::catalog::drawing_reason(&m, &m.flows[fid], true, q.implied_by.as_ref()),
        "it invokes \"el-agent\", both in \"Laptop\""
    );

    let mut moved = m.elements[&ElementId::from("el-agent")].clone();
    moved.boundary = Some("tb-cloud".into());
    let tx = Transaction::single(
        "move",
        Edit::SetElement {
            id: "el-agent".into(),
            element: moved,
        },
    );
    let (_, ev, _) = edit_incrementally(&e, &own, &m, tx, 1);
    find(&ev, "LLM-PI-001@el-llm");
    find(&ev, "LLM-DOS-001@el-llm");
    assert!(
        outsiders(&ev) > 0,
        "a user reaching a shared agent is an outsider to it"
    );

    answer(&mut m, "el-dev", "own_operator", Value::Bool(false));
    find(&eval(&e, &m), "LLM-PI-001@el-llm");
}

/// A finding that rests on a kind's default says it is an assumption and which kind made it, so
/// the reviewer knows what to answer; once a person answers the same, it says it was answered.
#[test]
fn a_finding_resting_on_a_default_says_the_question_is_not_answered() {
    let e = engine();
    let mut m = build(&[("el-api", "inference-api")], &[]);
    let assumed = eval(&e, &m);
    let f = find(&assumed, "OPS-KEY-001@el-api");
    assert!(
        f.why.contains(
            "\"How do callers authenticate to it\" is not answered: an inference API endpoint is assumed \"api-key\""
        ),
        "{}",
        f.why
    );
    let el = m.elements.get_mut(&ElementId::from("el-api")).unwrap();
    el.properties.insert("auth".into(), Value::Text("api-key".into()));
    el.properties.insert("internet_facing".into(), Value::Bool(true));
    let answered = eval(&e, &m);
    let f = find(&answered, "OPS-KEY-001@el-api");
    assert!(
        f.why
            .contains("\"How do callers authenticate to it\" is answered \"api-key\""),
        "{}",
        f.why
    );
    assert!(!f.why.contains("not answered"), "{}", f.why);
}

/// A rule naming its inputs points at them: a training job's finding about changed
/// configuration lists the configuration files drawn feeding it (sent to it, or read by it), in
/// its elements and its why, and not the data it trains on.
#[test]
fn a_training_jobs_configuration_finding_names_the_configuration_files_it_takes_in() {
    let e = engine();
    let mut m = build(
        &[
            ("el-job", "training-job"),
            ("el-hyper", "config-file"),
            ("el-model-config", "config-file"),
            ("el-data", "training-dataset"),
        ],
        &[
            ("el-hyper", "el-job", &[]),
            ("el-job", "el-model-config", &[]),
            ("el-data", "el-job", &["training-data"]),
        ],
    );
    let read = m.flows.values_mut().nth(1).unwrap();
    read.operation = bulwark::model::Operation::Read;
    read.returns.insert("code".into());
    let ev = eval(&e, &m);
    let f = find(&ev, "DAT-CFG-001@el-job");
    for id in ["el-hyper", "el-model-config"] {
        assert!(f.elements.contains(&ElementId::from(id)), "{:?}", f.elements);
    }
    assert!(!f.elements.contains(&ElementId::from("el-data")), "{:?}", f.elements);
    assert!(
        f.why
            .contains("What it takes in comes from: \"el-hyper\" (Configuration file / settings), \"el-model-config\" (Configuration file / settings)."),
        "{}",
        f.why
    );
}

/// Hidden instructions are a detail of the injection they hide: on the shipped examples, where
/// the hiding and an injection are open on one model, the injection is the finding shown and the
/// hiding is folded into it, never the other way round.
#[test]
fn hidden_instructions_fold_into_the_injection_they_hide() {
    let e = engine();
    let mut folded = 0;
    for path in examples() {
        let ev = e.evaluate(Arc::new(bulwark::model::load(&path).unwrap()), 0);
        for f in &ev.findings {
            assert!(
                f.rule.as_str() != "LLM-OBF-001" || f.folded.is_empty(),
                "{}: {} stands for {:?}",
                path.display(),
                f.id,
                f.folded.iter().map(|x| &x.rule).collect::<Vec<_>>()
            );
            folded += f.folded.iter().filter(|x| x.rule.as_str() == "LLM-OBF-001").count();
        }
    }
    assert!(folded > 0, "the examples raise hidden instructions somewhere");
}

/// Stored injection is raised only where an outsider's text reaches the model through a store:
/// drawing the same outsider talking to the agent directly takes it back, in an incremental
/// evaluation as in a full one, and removing that flow brings it back.
#[test]
fn stored_injection_needs_every_way_to_pass_a_store_incrementally_too() {
    let e = engine();
    let mut m = build(
        &[
            ("el-customer", "user"),
            ("el-portal", "service"),
            ("el-tickets", "database"),
            ("el-agent", "agent-orchestrator"),
        ],
        &[
            ("el-customer", "el-portal", &["internal-documents"]),
            ("el-portal", "el-tickets", &["internal-documents"]),
        ],
    );
    m.boundaries
        .insert("tb-internet".into(), Boundary::new("Internet", BoundaryKind::Internet));
    m.elements.get_mut(&ElementId::from("el-customer")).unwrap().boundary = Some("tb-internet".into());
    let mut read = Flow::new("el-agent", "el-tickets", "tickets read");
    read.operation = bulwark::model::Operation::Read;
    read.returns.insert("internal-documents".into());
    m.flows.insert("fl-read".into(), read);
    // Shown on its own or folded into the prompt-injection finding shown on the agent.
    let raised = |ev: &Evaluation| {
        ev.findings
            .iter()
            .flat_map(|f| std::iter::once(f).chain(&f.folded))
            .any(|f| f.id.as_str() == "LLM-PI-005@el-agent" && f.status == Status::Open)
    };
    let before = eval(&e, &m);
    assert!(raised(&before));

    let mut direct = Flow::new("el-customer", "el-agent", "chat");
    direct.data.insert("prompts".into());
    let tx = Transaction::single(
        "outsider talks to the agent",
        Edit::AddFlow {
            id: "fl-direct".into(),
            flow: direct,
            route: Vec::new(),
        },
    );
    let (edited, after, inverse) = edit_incrementally(&e, &before, &m, tx, 1);
    assert!(!raised(&after));
    let (_, again, _) = edit_incrementally(&e, &after, &edited, inverse, 2);
    assert!(raised(&again));
}

/// An on-device model answers whoever holds the device, so black-box evasion applies to it as
/// to any served model; the white-box finding raises it, naming it, instead of a second row.
#[test]
fn an_on_device_models_white_box_evasion_finding_stands_for_black_box_evasion() {
    let e = engine();
    let m = build(
        &[("el-user", "user"), ("el-edge", "edge-model")],
        &[("el-user", "el-edge", &["user-uploads"])],
    );
    let ev = eval(&e, &m);
    let f = find(&ev, "LLM-EVA-002@el-edge");
    assert!(f.refines.iter().any(|r| r.as_str() == "LLM-EVA-001"), "{:?}", f.refines);
    assert!(ev.get(&FindingId::new("LLM-EVA-001@el-edge")).is_none());
}

/// A serving kind a user library adds hands its model's evasion to the model behind it when it
/// has the model-host trait, as the shipped model server does: one finding, at the model, naming
/// the server. Without the trait it is a model of its own and is reported beside the model.
#[test]
fn a_user_serving_kind_with_the_model_host_trait_hands_evasion_to_its_model() {
    let with_traits = |traits: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("components.ron"),
            format!(
                r#"(kinds: [(
    id: "triton-server",
    name: "Triton inference server",
    category: "serving",
    dfd: Process,
    icon: "model",
    description: "Serves models loaded from a repository.",
    traits: [{traits}],
    questions: {{"accepts_untrusted_input": true, "exposes_confidences": false}},
)])"#
            ),
        )
        .unwrap();
        let (cat, report) = Catalog::with_user_dirs(&[dir.path()]);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let e = Engine::new(Arc::new(cat));
        let m = build(
            &[
                ("el-user", "user"),
                ("el-triton", "triton-server"),
                ("el-fraud", "classic-model"),
            ],
            &[
                ("el-user", "el-triton", &["features"]),
                ("el-triton", "el-fraud", &["features"]),
            ],
        );
        let ev = eval(&e, &m);
        let mut evasion: Vec<(String, Vec<String>)> = ev
            .findings
            .iter()
            .filter(|f| f.rule.as_str() == "LLM-EVA-001")
            .map(|f| {
                let els = f.elements.iter().map(|x| x.as_str().to_owned()).collect();
                (f.anchor.as_str().to_owned(), els)
            })
            .collect();
        evasion.sort();
        evasion
    };
    let hosted = with_traits(r#""model", "inference-endpoint", "model-host""#);
    assert_eq!(hosted.len(), 1, "{hosted:?}");
    assert_eq!(hosted[0].0, "el-fraud");
    assert!(hosted[0].1.iter().any(|e| e == "el-triton"), "{hosted:?}");
    let plain = with_traits(r#""model", "inference-endpoint""#);
    assert!(plain.iter().any(|(a, _)| a == "el-triton"), "{plain:?}");
}

/// An identity check's findings name the service that acts on its verdict (it opens the
/// account, pays the claim), not the log it also writes to: fraud and a verdict that decides
/// alone land where they do their harm. A cloned likeness's consent finding names the job that
/// trains it on the person's recordings, where consent is checked against the material.
#[test]
fn identity_and_likeness_findings_name_the_relying_service_and_the_training_job() {
    let e = engine();
    let mut m = build(
        &[
            ("el-face", "classic-model"),
            ("el-bank", "service"),
            ("el-log", "observability-store"),
            ("el-voice", "classic-model"),
            ("el-train", "fine-tuning-job"),
            ("el-recordings", "training-dataset"),
        ],
        &[
            ("el-face", "el-bank", &["model-output"]),
            ("el-face", "el-log", &["model-output"]),
            ("el-train", "el-voice", &["model-weights"]),
            ("el-recordings", "el-train", &["training-data", "biometric"]),
        ],
    );
    answer(&mut m, "el-face", "verifies_identity", Value::Bool(true));
    answer(&mut m, "el-voice", "synthesizes_people", Value::Text("cloned".into()));
    let ev = eval(&e, &m);
    for id in ["LLM-EVA-003@el-face", "AGT-DEC-002@el-face"] {
        let f = find(&ev, id);
        assert!(
            f.elements.contains(&ElementId::from("el-bank")),
            "{id}: {:?}",
            f.elements
        );
        assert!(
            !f.elements.contains(&ElementId::from("el-log")),
            "{id}: {:?}",
            f.elements
        );
        // The why says what it hands on: the verdict the model returns as its output.
        assert!(f.why.contains("It hands model-output to"), "{id}: {}", f.why);
    }
    let f = find(&ev, "LLM-SYN-002@el-voice");
    assert!(f.elements.contains(&ElementId::from("el-train")), "{:?}", f.elements);
}

/// A model of faces names who sends it the pictures and the enrolled gallery it compares
/// against: people are watched where their media are collected and enrolled where the gallery
/// is kept. An element that only sends it settings, only reads its verdicts, or is a gateway
/// forwarding everything, is not named.
#[test]
fn a_surveillance_finding_names_who_feeds_the_model_and_the_gallery_it_reads() {
    let e = engine();
    let mut m = build(
        &[
            ("el-app", "app-backend"),
            ("el-face", "classic-model"),
            ("el-gallery", "database"),
            ("el-ops", "admin"),
            ("el-log", "observability-store"),
            ("el-camera", "service"),
            ("el-gateway", "api-gateway"),
        ],
        &[
            ("el-app", "el-face", &["biometric"]),
            ("el-ops", "el-face", &["model-parameters"]),
            ("el-face", "el-log", &["model-output"]),
            ("el-camera", "el-gateway", &["biometric"]),
            ("el-gateway", "el-face", &["biometric"]),
        ],
    );
    let mut read = Flow::new("el-face", "el-gallery", "compare with enrolled templates");
    read.operation = bulwark::model::Operation::Read;
    read.returns.insert("biometric".into());
    m.flows.insert("fl-gallery".into(), read);
    let ev = eval(&e, &m);
    let f = find(&ev, "LLM-SURV-001@el-face");
    for named in ["el-app", "el-gallery"] {
        assert!(
            f.elements.contains(&ElementId::from(named)),
            "{named}: {:?}",
            f.elements
        );
    }
    // A gateway forwarding the camera's pictures watches no one.
    for not in ["el-ops", "el-log", "el-gateway"] {
        assert!(!f.elements.contains(&ElementId::from(not)), "{not}: {:?}", f.elements);
    }
}

/// A third-party inference API's provider finding names the model behind it, the thing the
/// provider withdraws, rate-limits or swaps for another version.
#[test]
fn an_outside_inference_api_provider_finding_names_the_model_behind_it() {
    let e = engine();
    let mut m = build(
        &[
            ("el-backend", "app-backend"),
            ("el-speech", "inference-api"),
            ("el-asr", "classic-model"),
        ],
        &[
            ("el-backend", "el-speech", &["user-uploads"]),
            ("el-speech", "el-asr", &["user-uploads"]),
        ],
    );
    answer(&mut m, "el-speech", "third_party", Value::Bool(true));
    let ev = eval(&e, &m);
    let f = find(&ev, "LLM-AVL-001@el-speech");
    assert!(f.elements.contains(&ElementId::from("el-asr")), "{:?}", f.elements);
}

/// A partner's agent that the assistant hands people's data to: what the remote agent can
/// harvest is that data handed to another company, so one finding names both threats and the
/// data-sharing controls, instead of a second row on the same agent.
#[test]
fn a_third_party_agents_harvest_and_the_data_handed_to_it_are_one_finding() {
    let e = engine();
    let members = family(&e, "context-to-third-parties");
    assert!(members.iter().any(|r| r.as_str() == "AGT-ROGUE-002"), "{members:?}");
    let ev = eval(
        &e,
        &build(
            &[
                ("el-user", "user"),
                ("el-agent", "agent-orchestrator"),
                ("el-remote", "remote-agent"),
            ],
            &[
                ("el-user", "el-agent", &["prompts", "pii"]),
                ("el-agent", "el-remote", &["agent-messages", "pii"]),
            ],
        ),
    );
    let f = one_finding_naming(&ev, "el-remote", &members, &["AGT-ROGUE-002", "LLM-SID-005"]);
    assert!(f.why.contains("data-minimization"), "{}", f.why);
}

/// A fine-tuning job that opens customers' uploads and loads an outside model: a parser exploit
/// is one more way hostile code comes to run there, named in the job's one code-execution finding.
#[test]
fn a_parser_exploit_on_a_workload_is_part_of_its_hostile_code_finding() {
    let e = engine();
    let members = family(&e, "untrusted-code");
    let m = build(
        &[("el-user", "user"), ("el-hub", "model-hub"), ("el-job", "training-job")],
        &[
            ("el-user", "el-job", &["user-uploads", "training-data"]),
            ("el-hub", "el-job", &["model-weights"]),
        ],
    );
    one_finding_naming(&eval(&e, &m), "el-job", &members, &["OPS-PARSE-001", "SUP-ISO-001"]);
}

/// The elements of `id`'s finding, for a test that asserts who it names. The finding is
/// triaged first, so it is shown on its own rather than folded into, or refined by, another
/// (a triaged finding always is).
fn named(e: &Engine, m: &Model, id: &str) -> Vec<String> {
    let mut m = m.clone();
    m.triage.insert(
        FindingId::new(id),
        Triage::new(TriageStatus::Accepted, "shown on its own"),
    );
    find(&eval(e, &m), id)
        .elements
        .iter()
        .map(|e| e.as_str().to_string())
        .collect()
}

/// Sets the operation of the flow from `a` to `b`.
fn set_operation(m: &mut Model, a: &str, b: &str, op: bulwark::model::Operation) {
    let f = m
        .flows
        .values_mut()
        .find(|f| f.from.as_str() == a && f.to.as_str() == b)
        .unwrap();
    f.operation = op;
}

/// A backdoored hub model lands where its weights are pushed: the hub's finding names the
/// server they are written to, not the organisation's own job that publishes to the hub.
#[test]
fn an_outside_models_backdoor_names_where_its_weights_are_pushed() {
    let e = engine();
    let m = build(
        &[
            ("el-hub", "model-hub"),
            ("el-server", "model-server"),
            ("el-train", "training-job"),
        ],
        &[
            ("el-hub", "el-server", &["model-weights"]),
            ("el-train", "el-hub", &["model-weights"]),
        ],
    );
    let names = named(&e, &m, "SUP-HUB-001@el-hub");
    assert!(names.contains(&"el-server".to_string()), "{names:?}");
    assert!(!names.contains(&"el-train".to_string()), "{names:?}");
}

/// Weights are usually pulled from a hub, not pushed by it: a fine-tuning job that downloads
/// the base model is where the planted behaviour lands, as a server the hub's weights are
/// written to is. A job that only publishes to the hub, or reads something else from it (a
/// dataset card), is not named.
#[test]
fn an_outside_models_backdoor_names_the_job_that_downloads_its_weights() {
    let e = engine();
    let mut m = build(
        &[
            ("el-hub", "model-hub"),
            ("el-ft", "fine-tuning-job"),
            ("el-pub", "training-job"),
            ("el-docs", "notebook"),
        ],
        &[
            ("el-ft", "el-hub", &[]),
            ("el-pub", "el-hub", &["model-weights"]),
            ("el-docs", "el-hub", &[]),
        ],
    );
    set_operation(&mut m, "el-ft", "el-hub", bulwark::model::Operation::Read);
    set_operation(&mut m, "el-docs", "el-hub", bulwark::model::Operation::Read);
    for f in m.flows.values_mut() {
        match f.from.as_str() {
            "el-ft" => drop(f.returns.insert("model-weights".into())),
            "el-docs" => drop(f.returns.insert("internal-documents".into())),
            _ => {}
        }
    }
    let names = named(&e, &m, "SUP-HUB-001@el-hub");
    assert!(names.contains(&"el-ft".to_string()), "{names:?}");
    assert!(!names.contains(&"el-pub".to_string()), "{names:?}");
    assert!(!names.contains(&"el-docs".to_string()), "{names:?}");
}

/// A service that reaches an identity check through an API gateway acts on the verdict the
/// gateway relays back: the finding names the service, not the gateway, and the service's
/// review of doubtful results closes it. Edited incrementally, the service's review is seen
/// through the gateway as in a full evaluation.
#[test]
fn a_verdict_relayed_back_through_a_gateway_names_the_service_acting_on_it() {
    let e = engine();
    let mut m = build(
        &[
            ("el-onb", "service"),
            ("el-gw", "api-gateway"),
            ("el-api", "inference-api"),
            ("el-m", "classic-model"),
        ],
        &[
            ("el-onb", "el-gw", &["biometric"]),
            ("el-gw", "el-api", &["biometric"]),
            ("el-api", "el-m", &["biometric"]),
        ],
    );
    for f in m.flows.values_mut() {
        f.operation = bulwark::model::Operation::Invoke;
        f.returns.insert("model-output".into());
    }
    answer(&mut m, "el-api", "verifies_identity", Value::Bool(true));
    let before = eval(&e, &m);
    let names = named(&e, &m, "AGT-DEC-002@el-api");
    assert!(names.contains(&"el-onb".to_string()), "{names:?}");
    assert!(!names.contains(&"el-gw".to_string()), "{names:?}");
    assert!(find(&before, "AGT-DEC-002@el-api").status == Status::Open);
    let review = Transaction::new(
        "review doubtful matches",
        vec![Edit::SetControl {
            target: Target::Element(ElementId::new("el-onb")),
            control: "human-approval".into(),
            state: Some(ControlState::Implemented),
        }],
    );
    let (_, after, _) = edit_incrementally(&e, &before, &m, review, 1);
    assert!(find(&after, "AGT-DEC-002@el-api").status == Status::Mitigated);
}

/// Without a gateway between them, a caller that is itself a relaying host's only client is
/// still named directly, and a gateway that is the last caller (nothing behind it) names
/// nobody: no service acts on the verdict there.
#[test]
fn a_gateway_with_no_caller_behind_it_is_not_named_as_acting_on_a_verdict() {
    let e = engine();
    let mut m = build(
        &[
            ("el-gw", "api-gateway"),
            ("el-api", "inference-api"),
            ("el-onb", "service"),
        ],
        &[
            ("el-gw", "el-api", &["biometric"]),
            ("el-onb", "el-api", &["biometric"]),
        ],
    );
    for f in m.flows.values_mut() {
        f.operation = bulwark::model::Operation::Invoke;
        f.returns.insert("model-output".into());
    }
    answer(&mut m, "el-api", "verifies_identity", Value::Bool(true));
    let names = named(&e, &m, "AGT-DEC-002@el-api");
    assert!(names.contains(&"el-onb".to_string()), "{names:?}");
    assert!(!names.contains(&"el-gw".to_string()), "{names:?}");
}

/// A tool that offers more than its task names what it reaches, the surplus an agent turned
/// against its task inherits; the agent calling it, the model and the log it writes are not
/// that reach.
#[test]
fn an_overbroad_tools_finding_names_what_the_tool_reaches() {
    let e = engine();
    let m = build(
        &[
            ("el-agent", "agent-orchestrator"),
            ("el-shell", "tool"),
            ("el-files", "object-store"),
            ("el-api", "service"),
            ("el-logs", "observability-store"),
            ("el-llm", "llm-api"),
        ],
        &[
            ("el-agent", "el-shell", &["tool-calls"]),
            ("el-shell", "el-files", &["code"]),
            ("el-shell", "el-api", &["tool-calls"]),
            ("el-shell", "el-logs", &["telemetry"]),
            ("el-shell", "el-llm", &["prompts"]),
        ],
    );
    let names = named(&e, &m, "AGT-TOOL-002@el-shell");
    for reached in ["el-files", "el-api"] {
        assert!(names.contains(&reached.to_string()), "{names:?}");
    }
    for not in ["el-agent", "el-logs", "el-llm"] {
        assert!(!names.contains(&not.to_string()), "{names:?}");
    }
}

/// People's prompts reach a served language model through the API in front of it: the
/// jailbreak finding names that API (where misuse is watched per account), not an application
/// backend that calls a model of its own directly.
#[test]
fn a_jailbreak_finding_names_the_model_api_in_front_of_the_model() {
    let e = engine();
    let m = build(
        &[
            ("el-user", "user"),
            ("el-api", "inference-api"),
            ("el-llm", "self-hosted-llm"),
            ("el-app", "app-backend"),
            ("el-llm2", "self-hosted-llm"),
        ],
        &[
            ("el-user", "el-api", &["prompts"]),
            ("el-api", "el-llm", &["prompts"]),
            ("el-user", "el-app", &["prompts"]),
            ("el-app", "el-llm2", &["prompts"]),
        ],
    );
    let names = named(&e, &m, "LLM-JB-001@el-llm");
    assert!(names.contains(&"el-api".to_string()), "{names:?}");
    let names = named(&e, &m, "LLM-JB-001@el-llm2");
    assert!(!names.contains(&"el-app".to_string()), "{names:?}");
}

/// Who can swap a stored model is who writes models into the store: the finding names the
/// training job that pushes them, not the server that only reads them.
#[test]
fn a_stored_models_tampering_finding_names_who_writes_models_into_the_store() {
    let e = engine();
    let mut m = build(
        &[
            ("el-train", "training-job"),
            ("el-registry", "artifact-registry"),
            ("el-server", "model-server"),
        ],
        &[
            ("el-train", "el-registry", &["model-weights"]),
            ("el-server", "el-registry", &[]),
        ],
    );
    answer(&mut m, "el-registry", "holds_models", Value::Bool(true));
    set_operation(&mut m, "el-train", "el-registry", bulwark::model::Operation::Write);
    set_operation(&mut m, "el-server", "el-registry", bulwark::model::Operation::Read);
    m.flows
        .values_mut()
        .find(|f| f.from.as_str() == "el-server")
        .unwrap()
        .returns
        .insert("model-weights".into());
    let names = named(&e, &m, "SUP-REG-001@el-registry");
    assert!(names.contains(&"el-train".to_string()), "{names:?}");
    assert!(!names.contains(&"el-server".to_string()), "{names:?}");
}

/// A threat that needs no outsider (a model's output written into records with nobody
/// checking it) keeps the rule's likelihood whether outsiders reach the system or not; the
/// exposure adjustment still moves the rules whose threat needs an attacker.
#[test]
fn a_threat_that_needs_no_outsider_keeps_its_likelihood_whatever_the_exposure() {
    let e = engine();
    let model = |exposed: bool| {
        let mut m = build(
            &[
                ("el-user", "user"),
                ("el-app", "app-backend"),
                ("el-llm", "llm-api"),
                ("el-db", "database"),
            ],
            &[
                ("el-user", "el-app", &["prompts"]),
                ("el-app", "el-llm", &["prompts"]),
                ("el-app", "el-db", &["model-output"]),
            ],
        );
        let fl = |m: &Model, id: &str| m.flows[&FlowId::new(id)].clone();
        let mut call = fl(&m, "fl-1");
        call.operation = Operation::Invoke;
        call.returns.insert("model-output".into());
        m.flows.insert("fl-1".into(), call);
        let mut write = fl(&m, "fl-2");
        write.operation = Operation::Write;
        m.flows.insert("fl-2".into(), write);
        answer(&mut m, "el-user", "internet_facing", Value::Bool(exposed));
        answer(&mut m, "el-app", "internet_facing", Value::Bool(exposed));
        answer(&mut m, "el-db", "stores_personal_data", Value::Bool(true));
        eval(&e, &m)
    };
    for exposed in [true, false] {
        let ev = model(exposed);
        let f = find(&ev, "LLM-MIS-004@el-db");
        assert_eq!(
            f.severity,
            bulwark::catalog::Severity::High,
            "exposed {exposed}: {}",
            f.severity_why
        );
        assert!(f.severity_why.is_empty(), "{}", f.severity_why);
    }
    // A threat that needs an outsider on the same system still moves with exposure.
    let moved = |ev: &Evaluation, why: &str| ev.findings.iter().any(|f| f.severity_why.contains(why));
    assert!(moved(&model(true), "exposed to outsiders"));
    assert!(moved(&model(false), "reachable only from inside"));
}

/// People's data reaches a provider's model from the organisation's records through a backend
/// and straight from a mobile app: the records' path refines the general flow finding only for
/// the backend's flow, and the app's flow is the same disclosure by another route, so one finding
/// names both instead of two rows on the model.
#[test]
fn data_reaching_a_providers_model_by_two_routes_is_one_finding() {
    let e = engine();
    let members = family(&e, "context-to-third-parties");
    let mut m = build(
        &[
            ("el-db", "database"),
            ("el-backend", "app-backend"),
            ("el-app", "web-client"),
            ("el-llm", "llm-api"),
        ],
        &[
            ("el-backend", "el-llm", &["prompts", "pii"]),
            ("el-app", "el-llm", &["prompts", "pii"]),
        ],
    );
    let mut read = Flow::new("el-backend", "el-db", "records read");
    read.operation = bulwark::model::Operation::Read;
    read.returns.insert("pii".into());
    m.flows.insert("fl-read".into(), read);
    one_finding_naming(&eval(&e, &m), "el-llm", &members, &["LLM-SID-002", "LLM-SID-003"]);
}

/// Whether a server in front of a model is cloned from its answers is decided by the model
/// behind it: answering on the model that it returns labels only raises the server's finding,
/// and answering back takes it away, incrementally as in a full evaluation.
#[test]
fn answering_the_model_behind_a_server_moves_the_distillation_finding_incrementally() {
    let e = engine();
    let mut m = build(
        &[
            ("el-user", "user"),
            ("el-srv", "model-server"),
            ("el-m", "classic-model"),
        ],
        &[
            ("el-user", "el-srv", &["user-uploads"]),
            ("el-srv", "el-m", &["features"]),
        ],
    );
    m.boundaries
        .insert("tb-internet".into(), Boundary::new("Internet", BoundaryKind::Internet));
    m.elements.get_mut(&ElementId::new("el-user")).unwrap().boundary = Some("tb-internet".into());
    answer(&mut m, "el-srv", "internet_facing", Value::Bool(true));
    answer(&mut m, "el-m", "exposes_confidences", Value::Bool(true));
    let ev = eval(&e, &m);
    assert!(ev.get(&FindingId::new("THF-DIST-001@el-srv")).is_none());
    let labels_only = Transaction::new(
        "labels only",
        vec![Edit::SetProperty {
            element: "el-m".into(),
            key: "exposes_confidences".into(),
            value: Some(Value::Bool(false)),
        }],
    );
    let (edited, after, inverse) = edit_incrementally(&e, &ev, &m, labels_only, 2);
    assert!(after.get(&FindingId::new("THF-DIST-001@el-srv")).is_some());
    let (_, back, _) = edit_incrementally(&e, &after, &edited, inverse, 3);
    assert!(back.get(&FindingId::new("THF-DIST-001@el-srv")).is_none());
}

/// An output check and an audit trail close unchecked model output together from two
/// elements, as long as each stands on every way to the record: a second writer drawn around
/// the check opens it again, and taking the audit trail off opens it; both incrementally as in
/// a full evaluation.
#[test]
fn an_output_check_and_an_audit_trail_apart_close_unchecked_output_only_on_every_way() {
    let e = engine();
    let mut m = build(
        &[("el-llm", "llm-api"), ("el-app", "service"), ("el-crm", "database")],
        &[
            ("el-app", "el-llm", &["prompts"]),
            ("el-app", "el-crm", &["model-output"]),
        ],
    );
    let call = m.flows.get_mut(&FlowId::new("fl-0")).unwrap();
    call.operation = Operation::Invoke;
    call.returns.insert("model-output".into());
    m.flows.get_mut(&FlowId::new("fl-1")).unwrap().operation = Operation::Write;
    let set = |m: &mut Model, el: &str, c: &str| {
        m.elements
            .get_mut(&ElementId::new(el))
            .unwrap()
            .controls
            .insert(c.into(), ControlState::Implemented);
    };
    set(&mut m, "el-app", "output-filter");
    set(&mut m, "el-crm", "audit-logging");
    let id = "LLM-MIS-004@el-crm";
    let before = eval(&e, &m);
    let f = find(&before, id);
    assert_eq!(f.status, Status::Mitigated, "{}", f.why);

    // Without the audit trail the check alone does not close it.
    let unaudit = Transaction::single(
        "no audit trail",
        Edit::SetControl {
            target: Target::Element(ElementId::new("el-crm")),
            control: "audit-logging".into(),
            state: None,
        },
    );
    let (_, open, inverse) = edit_incrementally(&e, &before, &m, unaudit, 1);
    assert_eq!(find(&open, id).status, Status::Open);
    let (_, again, _) = edit_incrementally(&e, &open, &m, inverse, 2);
    assert_eq!(find(&again, id).status, Status::Mitigated);

    // A batch job that asks the model and writes the records without the check.
    let mut ask = Flow::new("el-batch", "el-llm", "ask");
    ask.operation = Operation::Invoke;
    ask.data.insert("prompts".into());
    ask.returns.insert("model-output".into());
    let mut write = Flow::new("el-batch", "el-crm", "write");
    write.operation = Operation::Write;
    write.data.insert("model-output".into());
    let around = Transaction::single(
        "a way around the check",
        Edit::AddElement {
            id: "el-batch".into(),
            element: Element::new("service", "Nightly batch"),
            position: None,
            flows: BTreeMap::from([("fl-ask".into(), ask), ("fl-write".into(), write)]),
            routes: BTreeMap::new(),
        },
    );
    let (edited, bypassed, inverse) = edit_incrementally(&e, &before, &m, around, 3);
    let open = find(&bypassed, id);
    assert_eq!(open.status, Status::Open);
    // The way shown is one drawn, from the model to the records through one writer.
    let shown: Vec<&str> = open.path.iter().map(ElementId::as_str).collect();
    assert!(
        shown == ["el-llm", "el-app", "el-crm"] || shown == ["el-llm", "el-batch", "el-crm"],
        "{shown:?}"
    );
    let (_, back, _) = edit_incrementally(&e, &bypassed, &edited, inverse, 4);
    assert_eq!(find(&back, id).status, Status::Mitigated);
}

/// An identity API that calls the face model, gets its verdict back and sends it on to the
/// claims service names that service in the model's identity findings, and the service's review
/// of doubtful matches closes the verdict-alone finding; removing the flow that carries the
/// verdict on (or changing it to carry only the applicant's details) takes the service out
/// again, incrementally as in a full evaluation.
#[test]
fn a_verdict_an_identity_api_passes_on_names_the_service_it_reaches_incrementally() {
    let e = engine();
    let mut m = build(
        &[
            ("el-person", "user"),
            ("el-api", "inference-api"),
            ("el-m", "classic-model"),
            ("el-claims", "service"),
        ],
        &[
            ("el-person", "el-api", &["biometric"]),
            ("el-api", "el-m", &["biometric"]),
            ("el-api", "el-claims", &["pii", "model-output"]),
        ],
    );
    for id in ["fl-0", "fl-1"] {
        let f = m.flows.get_mut(&bulwark::model::FlowId::new(id)).unwrap();
        f.operation = bulwark::model::Operation::Invoke;
        f.returns.insert("model-output".into());
    }
    m.flows.get_mut(&bulwark::model::FlowId::new("fl-2")).unwrap().operation = bulwark::model::Operation::Event;
    answer(&mut m, "el-m", "verifies_identity", Value::Bool(true));
    m.elements
        .get_mut(&ElementId::new("el-claims"))
        .unwrap()
        .controls
        .insert("human-approval".into(), ControlState::Implemented);
    let ev = eval(&e, &m);
    for id in ["AGT-DEC-002@el-m", "LLM-EVA-003@el-m"] {
        assert!(find(&ev, id).elements.iter().any(|x| x.as_str() == "el-claims"), "{id}");
    }
    assert_eq!(find(&ev, "AGT-DEC-002@el-m").status, Status::Mitigated);
    let mut details_only = m.flows[&bulwark::model::FlowId::new("fl-2")].clone();
    details_only.data.remove(&"model-output".into());
    let tx = Transaction::new(
        "details only",
        vec![Edit::SetFlow {
            id: bulwark::model::FlowId::new("fl-2"),
            flow: details_only,
        }],
    );
    let (edited, after, inverse) = edit_incrementally(&e, &ev, &m, tx, 1);
    assert!(
        !find(&after, "LLM-EVA-003@el-m")
            .elements
            .iter()
            .any(|x| x.as_str() == "el-claims")
    );
    assert_eq!(find(&after, "AGT-DEC-002@el-m").status, Status::Open);
    let (_, back, _) = edit_incrementally(&e, &after, &edited, inverse, 2);
    assert_eq!(find(&back, "AGT-DEC-002@el-m").status, Status::Mitigated);
    let drop = Transaction::new(
        "not passed on",
        vec![Edit::RemoveFlow {
            id: bulwark::model::FlowId::new("fl-2"),
        }],
    );
    let (_, without, _) = edit_incrementally(&e, &ev, &m, drop, 3);
    assert_eq!(find(&without, "AGT-DEC-002@el-m").status, Status::Open);
}

/// LLM-AGY-001 at an agent whose model, behind two gateways, invokes a refund tool itself: the
/// agent's finding names the tool (the walk goes through the gateways and the model), the
/// model raises nothing of its own while only the agent calls it, and edits four flows away
/// from the agent are seen incrementally: approval at the tool closes the agent's finding, a
/// plain backend drawn calling the model as well gives the model a finding of its own.
#[test]
fn an_agents_model_behind_two_gateways_hands_the_agents_tool_calls_on_incrementally() {
    let e = engine();
    let mut m = build(
        &[
            ("el-user", "user"),
            ("el-agent", "agent-orchestrator"),
            ("el-api", "api-gateway"),
            ("el-gw", "llm-gateway"),
            ("el-llm", "llm-api"),
            ("el-refund", "tool"),
            ("el-backend", "app-backend"),
        ],
        &[
            ("el-user", "el-agent", &["prompts"]),
            ("el-agent", "el-api", &["prompts"]),
            ("el-api", "el-gw", &["prompts"]),
            ("el-gw", "el-llm", &["prompts"]),
            ("el-llm", "el-refund", &["tool-calls"]),
        ],
    );
    for f in m.flows.values_mut() {
        f.operation = bulwark::model::Operation::Invoke;
    }
    let ev = eval(&e, &m);
    let agency = find(&ev, "LLM-AGY-001@el-agent");
    assert!(
        agency.elements.iter().any(|x| x.as_str() == "el-refund"),
        "{:?}",
        agency.elements
    );
    assert!(
        agency.why.contains("It hands tool-calls to \"el-refund\""),
        "{}",
        agency.why
    );
    assert_eq!(agency.status, Status::Open);
    assert!(ev.get(&FindingId::new("LLM-AGY-001@el-llm")).is_none());
    let approve = Transaction::new(
        "approval at the tool",
        vec![Edit::SetControl {
            target: Target::Element(ElementId::new("el-refund")),
            control: "human-approval".into(),
            state: Some(ControlState::Implemented),
        }],
    );
    let (_, approved, _) = edit_incrementally(&e, &ev, &m, approve, 1);
    assert_eq!(find(&approved, "LLM-AGY-001@el-agent").status, Status::Mitigated);
    let mut direct = Flow::new("el-backend", "el-llm", "plain chat");
    direct.data.insert("prompts".into());
    direct.operation = bulwark::model::Operation::Invoke;
    let call = Transaction::new(
        "a plain backend calls the model",
        vec![Edit::AddFlow {
            id: bulwark::model::FlowId::new("fl-direct"),
            flow: direct,
            route: Vec::new(),
        }],
    );
    let (_, called, _) = edit_incrementally(&e, &ev, &m, call, 2);
    assert_eq!(find(&called, "LLM-AGY-001@el-llm").status, Status::Open);
}

/// A flow rule's `hands_to` names where the flow's receiver hands the data on (a developer who
/// got generated code runs it in a terminal, where packages are installed: LLM-MIS-002), and
/// the finding follows a flow drawn from the receiver afterwards, edit by edit as in full.
#[test]
fn a_flow_finding_names_where_its_receiver_hands_the_code_incrementally() {
    let e = engine();
    let m = build(
        &[
            ("el-llm", "llm-api"),
            ("el-dev", "user"),
            ("el-term", "code-sandbox"),
            ("el-repo", "database"),
        ],
        &[("el-llm", "el-dev", &["code"]), ("el-dev", "el-repo", &["code"])],
    );
    let before = eval(&e, &m);
    let f = find(&before, "LLM-MIS-002@el-dev");
    assert!(
        !f.elements
            .iter()
            .any(|x| x.as_str() == "el-term" || x.as_str() == "el-repo"),
        "a repository the code is kept in runs nothing: {:?}",
        f.elements
    );
    let mut flow = Flow::new("el-dev", "el-term", "install command run");
    flow.data = ["code".into()].into_iter().collect();
    let tx = Transaction::single(
        "run it",
        Edit::AddFlow {
            id: "fl-run".into(),
            flow,
            route: Vec::new(),
        },
    );
    let (_, after, _) = edit_incrementally(&e, &before, &m, tx, 1);
    let f = find(&after, "LLM-MIS-002@el-dev");
    assert!(f.elements.iter().any(|x| x.as_str() == "el-term"), "{:?}", f.elements);
    assert!(f.why.contains("It hands code to"), "{}", f.why);
    assert!(!f.elements.iter().any(|x| x.as_str() == "el-repo"), "{:?}", f.elements);
}

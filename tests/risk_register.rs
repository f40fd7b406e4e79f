//! Findings as a risk register: threats people write sit beside rules' findings, and triage
//! is a decision record — who decided, until when, at what severity.

use bulwark::catalog::{Catalog, Severity};
use bulwark::engine::{Engine, Evaluation, Finding, Status};
use bulwark::model::{
    Boundary, BoundaryKind, ControlState, Date, Edit, Element, Flow, History, Model, ThreatTarget, Transaction, Triage,
    TriageStatus, UserThreat,
};
use std::sync::Arc;

fn engine(today: &str) -> (Engine, Catalog) {
    let (cat, _) = Catalog::builtin();
    let e = Engine::new(Arc::new(cat.clone())).with_today(Date::parse(today).unwrap());
    (e, cat)
}

fn system() -> Model {
    let mut m = Model::new("support bot");
    m.boundaries
        .insert("b-cloud".into(), Boundary::new("Cloud", BoundaryKind::CloudAccount));
    m.boundaries.insert(
        "b-corp".into(),
        Boundary::new("Corporate", BoundaryKind::CorporateNetwork),
    );
    let mut api = Element::new("app-backend", "Support API");
    api.boundary = Some("b-cloud".into());
    m.elements.insert("el-api".into(), api);
    m.elements.insert("el-user".into(), Element::new("user", "Customer"));
    m.flows.insert("fl-chat".into(), Flow::new("el-user", "el-api", "chat"));
    m
}

fn one<'a>(ev: &'a Evaluation, id: &str) -> &'a Finding {
    ev.findings
        .iter()
        .find(|f| f.id.as_str() == id)
        .unwrap_or_else(|| panic!("no finding {id}"))
}

fn run(e: &Engine, m: &Model) -> Evaluation {
    e.evaluate(Arc::new(m.clone()), 0)
}

fn controls(cat: &Catalog, n: usize) -> Vec<bulwark::model::ControlId> {
    cat.controls.keys().take(n).cloned().collect()
}

#[test]
fn a_written_threat_is_a_finding_its_controls_or_a_statement_close() {
    let (e, cat) = engine("2026-12-03");
    let mut m = system();
    let linked = controls(&cat, 2);
    let mut t = UserThreat::new(
        "A customer replays another's session token",
        ThreatTarget::Element("el-api".into()),
    );
    t.severity = Severity::High;
    t.controls = linked.clone();
    m.threats.insert("USER-1".into(), t);
    let f = one(&run(&e, &m), "USER-1").clone();
    assert_eq!(
        (f.status, f.severity, f.anchor.as_str()),
        (Status::Open, Severity::High, "el-api")
    );
    assert_eq!(f.missing_controls.len(), 2);
    assert!(f.why.contains("replays"), "{}", f.why);
    // One of two controls is not enough.
    m.elements
        .get_mut(&"el-api".into())
        .unwrap()
        .controls
        .insert(linked[0].clone(), ControlState::Implemented);
    assert_eq!(one(&run(&e, &m), "USER-1").status, Status::Open);
    // Implemented on another element does not count.
    m.elements
        .get_mut(&"el-user".into())
        .unwrap()
        .controls
        .insert(linked[1].clone(), ControlState::Implemented);
    assert_eq!(one(&run(&e, &m), "USER-1").status, Status::Open);
    m.elements
        .get_mut(&"el-api".into())
        .unwrap()
        .controls
        .insert(linked[1].clone(), ControlState::Implemented);
    let f = one(&run(&e, &m), "USER-1").clone();
    assert_eq!(f.status, Status::Mitigated);
    assert_eq!(f.mitigated_by.len(), 2);
    // A person's statement closes one without controls.
    let mut s = UserThreat::new(
        "The chat flow leaks order numbers",
        ThreatTarget::Flow("fl-chat".into()),
    );
    assert_eq!(
        one(
            &run(&e, &{
                let mut x = m.clone();
                x.threats.insert("USER-2".into(), s.clone());
                x
            }),
            "USER-2"
        )
        .status,
        Status::Open
    );
    s.mitigated = "Order numbers are masked by the gateway before the model sees them.".into();
    m.threats.insert("USER-2".into(), s);
    let f = one(&run(&e, &m), "USER-2").clone();
    assert_eq!(
        (f.status, f.anchor.as_str(), f.flow.as_ref().map(|x| x.as_str())),
        (Status::Mitigated, "el-api", Some("fl-chat"))
    );
}

#[test]
fn an_acceptance_holds_until_its_review_date_then_the_finding_is_open_and_flagged() {
    let mut m = system();
    m.threats.insert(
        "USER-1".into(),
        UserThreat::new("Model provider outage stops support", ThreatTarget::Model),
    );
    m.triage.insert(
        "USER-1".into(),
        Triage {
            decided_by: "Dana (CISO)".into(),
            date: "2026-11-01".into(),
            review_by: "2027-03-01".into(),
            ..Triage::new(TriageStatus::Accepted, "A human queue takes over within minutes.")
        },
    );
    let (before, _) = engine("2027-02-28");
    let f = one(&run(&before, &m), "USER-1").clone();
    assert_eq!((f.status, f.review_due), (Status::Accepted, false));
    let (after, _) = engine("2027-03-01");
    let f = one(&run(&after, &m), "USER-1").clone();
    assert_eq!((f.status, f.review_due), (Status::Open, true));
    assert_eq!(
        f.triage.as_ref().unwrap().decided_by,
        "Dana (CISO)",
        "the old decision stays visible"
    );
}

#[test]
fn a_severity_a_person_assessed_wins_and_the_computed_one_is_kept() {
    let (e, _) = engine("2026-12-03");
    let m = system();
    let ev = run(&e, &m);
    let target = ev
        .findings
        .iter()
        .find(|f| f.status == Status::Open && f.severity > Severity::Low)
        .unwrap();
    let computed = target.severity;
    let mut m2 = m.clone();
    m2.triage.insert(
        target.id.clone(),
        Triage {
            severity: Some(Severity::Low),
            ..Triage::new(TriageStatus::Accepted, "internal only")
        },
    );
    let f = one(&run(&e, &m2), target.id.as_str()).clone();
    assert_eq!(
        (f.severity, f.assessed_severity, f.computed_severity),
        (Severity::Low, Some(Severity::Low), Some(computed))
    );
}

#[test]
fn a_written_threat_survives_deleting_and_undoing_its_element_a_kind_change_and_a_move() {
    let (e, _) = engine("2026-12-03");
    let mut m = system();
    m.threats.insert(
        "USER-1".into(),
        UserThreat::new(
            "Prompt injection through pasted tickets",
            ThreatTarget::Element("el-api".into()),
        ),
    );
    let mut h = History::new();
    h.apply(
        &mut m,
        Transaction::single("Delete", Edit::RemoveElement { id: "el-api".into() }),
    )
    .unwrap();
    let gone = one(&run(&e, &m), "USER-1").clone();
    assert!(gone.why.contains("no longer in the model"), "{}", gone.why);
    h.undo(&mut m).unwrap();
    assert_eq!(one(&run(&e, &m), "USER-1").anchor.as_str(), "el-api");
    let mut el = m.elements[&"el-api".into()].clone();
    el.kind = "agent-orchestrator".into();
    el.boundary = Some("b-corp".into());
    h.apply(
        &mut m,
        Transaction::single(
            "Change",
            Edit::SetElement {
                id: "el-api".into(),
                element: el,
            },
        ),
    )
    .unwrap();
    let f = one(&run(&e, &m), "USER-1").clone();
    assert_eq!((f.anchor.as_str(), f.status), ("el-api", Status::Open));
    // And it is saved and read back as written.
    let again = bulwark::model::from_str(&bulwark::model::to_string(&m).unwrap(), "m").unwrap();
    assert_eq!(again.threats, m.threats);
}

fn rag_report(format: &str, date: &str) -> String {
    let rag = crate::util::root().join("assets/examples/rag-assistant.bulwark.ron");
    let dir = tempfile::tempdir().unwrap();
    let out = crate::util::bulwark(
        dir.path(),
        &["report", rag.to_str().unwrap(), "--format", format, "--date", date],
    );
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    crate::util::stdout(&out)
}

#[test]
fn every_report_is_a_risk_register_even_without_closed_findings() {
    for format in ["html", "md", "csv"] {
        let r = rag_report(format, "2026-12-03");
        for needle in [
            "Priya Nair (security architect)",
            "no document text leaves the company",
            "Tom Becker (data protection officer)",
            "2027-05-31",
            "USER-1",
            "Files shared with everyone by mistake",
        ] {
            assert!(r.contains(needle), "{format} lacks {needle:?}");
        }
        assert!(
            !r.contains("no justification given"),
            "{format}: every verdict here has a reason"
        );
        assert!(!r.contains("review due"), "{format}");
    }
}

#[test]
fn a_report_dated_after_a_review_date_flags_the_decision_and_counts_it_open() {
    let md = rag_report("md", "2027-06-01");
    let row = md
        .lines()
        .find(|l| l.contains("LLM-GR-001@el-output-guardrail") && l.starts_with("| "))
        .expect("in the register");
    assert!(row.contains("**accepted — review due**"), "{row}");
    let csv = rag_report("csv", "2027-06-01");
    let row = csv
        .lines()
        .find(|l| l.contains("LLM-GR-001@el-output-guardrail"))
        .unwrap();
    assert!(row.contains("\"open\"") && row.contains("\"review due\""), "{row}");
}

//! Round trips through other tools' formats (issue 17), over the models the diff property tests
//! generate: Bulwark → OTM → Bulwark and Bulwark → CycloneDX → Bulwark keep every element, flow,
//! boundary (their control states with them), triage verdict, threat people wrote, note and the
//! workshop records; each export is valid against its vendored schema and every item read back is
//! accounted for in the migration report.

use crate::catalog::Catalog;
use crate::engine::Engine;
use crate::model::Model;
use crate::model::tests::proptests::full_model;
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

static CATALOG: LazyLock<Arc<Catalog>> = LazyLock::new(|| Arc::new(Catalog::builtin().0));

fn schemas() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas")
}

fn schema(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(schemas().join(name)).expect("the schema is vendored");
    serde_json::from_str(&text).expect("the schema is JSON")
}

static OTM: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| jsonschema::validator_for(&schema("otm-schema-0.2.0.json")).expect("the OTM schema compiles"));

/// The CycloneDX 2.0 draft, with the schemas it names by URL served from vendored copies.
static CYCLONEDX: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    struct Vendored;
    impl jsonschema::Retrieve for Vendored {
        fn retrieve(
            &self,
            uri: &jsonschema::Uri<String>,
        ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
            let name = uri.as_str().rsplit('/').next().unwrap_or("");
            Ok(schema(&format!("cyclonedx-{name}")))
        }
    }
    jsonschema::options()
        .with_retriever(Vendored)
        .build(&schema("cyclonedx-2.0-bundled.min.schema.json"))
        .expect("the CycloneDX schema compiles")
});

fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(text).expect("an export is JSON");
    validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// What a round trip must keep, side by side.
fn kept(m: &Model) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        (&m.elements, &m.flows, &m.boundaries),
        (&m.triage, &m.threats, &m.notes),
        (&m.pasta, &m.sessions, &m.votes),
        &m.layout,
    )
}

fn round_trip(
    m: &Model,
    write: impl Fn(&Model, &Catalog, &crate::engine::Evaluation) -> Result<String, crate::interop::export::ExportError>,
    read: impl Fn(&str, &str) -> Result<(Model, crate::interop::import::ImportReport), crate::interop::import::ImportError>,
    validator: &jsonschema::Validator,
) -> Result<Model, TestCaseError> {
    let eval = Engine::new(CATALOG.clone()).evaluate(Arc::new(m.clone()), 0);
    let text = write(m, &CATALOG, &eval).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let invalid = errors(validator, &text);
    prop_assert!(invalid.is_empty(), "{invalid:#?}");
    let (back, report) = read(&text, "generated").map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(report.unaccounted().is_empty(), "{report:?}");
    Ok(back)
}

/// `m` with what the diff generator leaves out and the formats treat apart: kinds from the
/// library (so rules fire and their findings are exported), control states on flows, threats
/// people wrote on flows naming controls, with framework ids, CWE, MAESTRO layers, a mitigation
/// statement and a triage verdict, and a grouping boundary.
fn enriched(mut m: Model, seed: usize) -> Model {
    use crate::model::{ControlState, MaestroLayer, Severity, Stride, ThreatTarget, Triage, TriageStatus};
    let kinds: Vec<_> = CATALOG.kinds.keys().cloned().collect();
    for (i, e) in m.elements.values_mut().enumerate() {
        if !(i + seed).is_multiple_of(3) {
            e.kind = kinds[(i * 7 + seed) % kinds.len()].clone();
        }
    }
    for (i, f) in m.flows.values_mut().enumerate() {
        f.controls
            .insert("input-guardrail".into(), ControlState::ALL[(i + seed) % 5]);
    }
    if let Some(b) = m.boundaries.values_mut().nth(seed % 3) {
        b.kind = crate::model::BoundaryKind::Group;
    }
    let flows: Vec<_> = m.flows.keys().cloned().collect();
    for (i, (id, t)) in m.threats.iter_mut().enumerate() {
        if let Some(f) = flows.get((i + seed) % (flows.len() + 1)) {
            t.on = ThreatTarget::Flow(f.clone());
        }
        t.controls = vec!["input-guardrail".into(), "output-filter".into()];
        t.stride = vec![Stride::ALL[(i + seed) % 6], Stride::Tampering];
        t.stride.dedup();
        t.severity = Severity::WORST_FIRST[(i + seed) % 4];
        t.references.atlas = vec!["AML.T0051".into()];
        t.references.owasp_llm = vec!["LLM01:2025".into()];
        t.references.cwe = vec!["CWE-77".into()];
        t.references.maestro = vec![MaestroLayer::L3];
        if (i + seed).is_multiple_of(2) {
            t.mitigated = "Handled upstream".into();
        }
        if !(i + seed).is_multiple_of(3) {
            let verdict = TriageStatus::ALL[(i + seed) % 3];
            m.triage.insert(
                id.clone(),
                Triage {
                    date: "2026-12-01".into(),
                    ..Triage::new(verdict, "Decided in review")
                },
            );
        }
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn otm_round_trip_keeps_an_enriched_model(m in full_model(), seed in 0usize..12) {
        let m = enriched(m, seed);
        prop_assert!(m.validate().is_empty(), "{:?}", m.validate());
        let back = round_trip(&m, crate::interop::export::to_otm, crate::interop::import::from_otm, &OTM)?;
        prop_assert_eq!(kept(&m), kept(&back));
    }

    #[test]
    fn cyclonedx_round_trip_keeps_an_enriched_model(m in full_model(), seed in 0usize..12) {
        let m = enriched(m, seed);
        prop_assert!(m.validate().is_empty(), "{:?}", m.validate());
        let back = round_trip(
            &m,
            crate::interop::export::to_cyclonedx,
            crate::interop::import::from_cyclonedx,
            &CYCLONEDX,
        )?;
        prop_assert_eq!(kept(&m), kept(&back));
    }

    #[test]
    fn otm_round_trip_keeps_the_model(m in full_model()) {
        let back = round_trip(&m, crate::interop::export::to_otm, crate::interop::import::from_otm, &OTM)?;
        prop_assert_eq!(kept(&m), kept(&back));
    }

    #[test]
    fn cyclonedx_round_trip_keeps_the_model(m in full_model()) {
        let back = round_trip(
            &m,
            crate::interop::export::to_cyclonedx,
            crate::interop::import::from_cyclonedx,
            &CYCLONEDX,
        )?;
        prop_assert_eq!(kept(&m), kept(&back));
    }
}

//! `bulwark import`: other tools' real files become valid models, and the migration report
//! accounts for every item of the source (kept, or dropped with a reason).

use crate::util::{bulwark, root, stderr, stdout};
use bulwark::model::{FindingId, Severity, Stride, ThreatTarget};

fn fixture(name: &str) -> String {
    root().join("tests/fixtures/import").join(name).display().to_string()
}

fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var("BULWARK_UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with BULWARK_UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    assert_eq!(
        expected,
        actual,
        "{} differs; BULWARK_UPDATE_GOLDEN=1 accepts it, then review",
        path.display()
    );
}

#[test]
fn threat_dragon_demo_models_import_with_every_item_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "threat-dragon-v2-threat-model.json",
        "threat-dragon-three-tier-web-app.json",
    ] {
        let out = dir.path().join(format!("{name}.bulwark.ron"));
        let o = bulwark(dir.path(), &["import", &fixture(name), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let report = stdout(&o);
        // Every line of the report adds up: kept + dropped = in the file.
        for line in report.lines().filter(|l| l.contains(" in the file, ")) {
            let n: Vec<usize> = line
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let k = n.len();
            assert_eq!(n[k - 3], n[k - 2] + n[k - 1], "{name}: {line}");
        }
        assert_eq!(
            bulwark(dir.path(), &["validate", out.to_str().unwrap()]).status.code(),
            Some(0)
        );
        if name.contains("v2-threat-model") {
            golden(
                "import-threat-dragon-demo.txt",
                &report.replace(&dir.path().display().to_string(), "[tmp]"),
            );
            golden(
                "import-threat-dragon-demo.bulwark.ron",
                &std::fs::read_to_string(&out).unwrap(),
            );
        }
    }
}

#[test]
fn threat_dragon_threats_become_threats_people_wrote_with_their_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.bulwark.ron");
    let o = bulwark(
        dir.path(),
        &[
            "import",
            &fixture("threat-dragon-v2-threat-model.json"),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stdout_of_import = stdout(&o);
    let m = bulwark::model::load(&out).unwrap();
    assert_eq!(m.name, "Demo Threat Model");
    let (store_id, store) = m
        .elements
        .iter()
        .find(|(_, e)| e.name == "Worker Config")
        .expect("the config store");
    assert_eq!(store.kind.as_str(), "database");
    assert_eq!(
        store.properties.get(&"stores_secrets".into()),
        Some(&bulwark::model::Value::Bool(true))
    );
    let on_store: Vec<_> = m
        .threats
        .values()
        .filter(|t| t.on == ThreatTarget::Element(store_id.clone()))
        .collect();
    assert_eq!(on_store.len(), 1);
    let t = on_store[0];
    assert!(t.statement.starts_with("Accessing DB credentials: "), "{}", t.statement);
    assert!(
        t.statement.contains("Proposed mitigation: Encrypt the DB credentials"),
        "{}",
        t.statement
    );
    assert_eq!(
        (t.severity, t.stride.as_slice(), t.mitigated.as_str()),
        (Severity::High, &[Stride::InformationDisclosure][..], "")
    );
    // The U-shaped boundary line around the database is read as enclosing it.
    let db = m.elements.values().find(|e| e.name == "Database").unwrap();
    assert!(db.boundary.is_some(), "the database sits in the region the line closes");
    assert!(
        stdout_of_import.contains("a boundary drawn as a line was read as enclosing Database"),
        "{stdout_of_import}"
    );
    assert!(
        m.elements.values().filter(|e| e.boundary.is_some()).count() == 1,
        "only the database is enclosed"
    );
    // "Mitigated" in Threat Dragon: mitigated by the statement it gave.
    let done = m
        .threats
        .values()
        .find(|t| t.statement.starts_with("Unauthorised access"))
        .unwrap();
    assert_eq!(done.mitigated, "Require all queries to be authenticated.");
    // Threats appear as findings of their own in check.
    let o = bulwark(dir.path(), &["check", out.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"USER-1"), "{ids:?}");
    // The report lines the imported threats up with the rules' findings at the same place.
    let store = store_id.as_str();
    let line = stdout_of_import
        .lines()
        .find(|l| l.contains(&format!("STR-INFO-002@{store}")))
        .expect("the credentials threat lines up");
    assert!(line.trim_start().starts_with("USER-"), "{line}");
    assert!(m.threats.contains_key(&FindingId::new("USER-13")));
}

#[test]
fn broken_and_foreign_files_get_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: [(&str, String, &str); 7] = [
        (
            "bad.json",
            "{\n  \"detail\": {\n    \"diagrams\": [,]\n  }\n}\n".into(),
            "bad.json:3:",
        ),
        (
            "deep.json",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            "deep.json:1:",
        ),
        (
            "other.json",
            r#"{"version": "0.2.0", "items": []}"#.into(),
            "not a format Bulwark imports",
        ),
        (
            "otm.yaml",
            "otmVersion: 0.2.0\nproject:\n  name: x\n".into(),
            "an Open Threat Model file in YAML",
        ),
        (
            "no-project.json",
            r#"{"otmVersion": "0.2.0"}"#.into(),
            "not an Open Threat Model file: no project",
        ),
        (
            "future.otm",
            r#"{"otmVersion": "7.0.0", "project": {"name": "x", "id": "x"}}"#.into(),
            "OTM version \"7.0.0\" is not read yet",
        ),
        (
            "deep.otm",
            format!(
                "{{\"otmVersion\": \"0.2.0\",\n\"project\": {}{}}}",
                "{\"a\":".repeat(10_000),
                "}".repeat(10_000)
            ),
            "deep.otm:2:",
        ),
    ];
    for (name, text, expect) in cases {
        std::fs::write(d.join(name), text).unwrap();
        let o = bulwark(d, &["import", name, "-o", "out.bulwark.ron"]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(!d.join("out.bulwark.ron").exists(), "{name}: nothing is written");
    }
    // --from skips detection but still checks the shape.
    let o = bulwark(
        d,
        &[
            "import",
            "other.json",
            "--from",
            "threat-dragon",
            "-o",
            "out.bulwark.ron",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no detail.diagrams"), "{}", stderr(&o));
}

fn import_ok(dir: &std::path::Path, input: &str, out: &std::path::Path) -> String {
    let o = bulwark(dir, &["import", input, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{input}: {}", stderr(&o));
    let report = stdout(&o);
    for line in report.lines().filter(|l| l.contains(" in the file, ")) {
        let n: Vec<usize> = line
            .rsplit(':')
            .next()
            .unwrap()
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(n[0], n[1] + n[2], "{input}: {line}");
    }
    assert_eq!(
        bulwark(dir, &["validate", out.to_str().unwrap()]).status.code(),
        Some(0),
        "{input}"
    );
    report
}

/// Issue 17: real OTM files (OpenThreatModel's example, StartLeft's outputs) import with every
/// item accounted for.
#[test]
fn otm_files_import_with_every_item_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "otm-example.json",
        "otm-startleft-mtmt-mvp.otm",
        "otm-startleft-nested-tz.otm",
    ] {
        let out = dir.path().join(format!("{name}.bulwark.ron"));
        let report = import_ok(dir.path(), &fixture(name), &out);
        assert!(report.contains("(otm)"), "{name}: detected from the content");
        if name == "otm-example.json" {
            golden(
                "import-otm-example.txt",
                &report.replace(&dir.path().display().to_string(), "[tmp]"),
            );
            golden(
                "import-otm-example.bulwark.ron",
                &std::fs::read_to_string(&out).unwrap(),
            );
        }
    }
}

#[test]
fn otm_zones_nest_components_keep_evidence_and_threats_keep_their_state() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested.bulwark.ron");
    import_ok(dir.path(), &fixture("otm-startleft-nested-tz.otm"), &out);
    let m = bulwark::model::load(&out).unwrap();
    let sandbox = m.boundaries.values().find(|b| b.name == "Sandbox environment").unwrap();
    let outer = sandbox.parent.as_ref().expect("the sandbox zone keeps its parent");
    assert_eq!(m.boundaries[outer].name, "Generic Trust Border Boundary");
    let mongo = m.elements.values().find(|e| e.name == "Sandbox Mongo").unwrap();
    assert_eq!(mongo.kind.as_str(), "database");
    assert_eq!(
        m.boundaries[mongo.boundary.as_ref().unwrap()].name,
        "Sandbox environment"
    );
    // Positions are relative to the parent zone in OTM, absolute in Bulwark.
    let sandbox_id = m
        .boundaries
        .iter()
        .find(|(_, b)| b.name == "Sandbox environment")
        .unwrap()
        .0;
    let r = m.layout.boundaries[sandbox_id];
    assert_eq!((r.x, r.y), (76.0 + 55.0, 82.0 + 39.0));

    let out = dir.path().join("example.bulwark.ron");
    import_ok(dir.path(), &fixture("otm-example.json"), &out);
    let m = bulwark::model::load(&out).unwrap();
    let class = &m.elements[&bulwark::model::ElementId::new("class-customerdatabase")];
    let ev = &class
        .inferred
        .as_ref()
        .expect("a code representation is evidence")
        .evidence[0];
    assert_eq!((ev.file.as_str(), ev.line), ("src/main/otm-file/OTMClass.java", 324));
    let on_service = m
        .threats
        .values()
        .find(|t| t.on == ThreatTarget::Element("web-service".into()))
        .unwrap();
    assert_eq!(on_service.severity, Severity::High, "likelihood 50 × impact 100");
    assert_eq!(on_service.stride, [Stride::Spoofing, Stride::Tampering]);
    assert_eq!(on_service.references.cwe, ["CWE-79", "CWE-787"]);
    assert!(
        on_service
            .statement
            .contains("This is the name of mitigation 1 (implemented)")
    );
    assert!(m.description.contains("Credit Card Data"), "assets are listed");
    let service = &m.elements[&bulwark::model::ElementId::new("web-service")];
    assert!(
        service.notes.contains("Processes: Credit Card Data, Public Info."),
        "{}",
        service.notes
    );

    // States: mitigated, not applicable (a triage verdict with its reason), unknown → open.
    let text = std::fs::read_to_string(fixture("otm-example.json"))
        .unwrap()
        .replacen("\"state\": \"exposed\"", "\"state\": \"mitigated\"", 1)
        .replacen("\"state\": \"exposed\"", "\"state\": \"Not Applicable\"", 1);
    std::fs::write(dir.path().join("states.json"), text).unwrap();
    let out = dir.path().join("states.bulwark.ron");
    import_ok(dir.path(), "states.json", &out);
    let m = bulwark::model::load(&out).unwrap();
    let service = m
        .threats
        .values()
        .find(|t| t.on == ThreatTarget::Element("web-service".into()))
        .unwrap();
    assert_eq!(service.mitigated, "Implemented: This is the name of mitigation 1");
    let (flow_id, _) = m
        .threats
        .iter()
        .find(|(_, t)| t.on == ThreatTarget::Flow("cc-store-in-db".into()))
        .unwrap();
    assert_eq!(m.triage[flow_id].status, bulwark::model::TriageStatus::NotApplicable);
}

fn otm_schema() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/schemas/otm-schema-0.2.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// Issue 17: `export --format otm` is valid against the published OTM 0.2.0 schema, and reading
/// it back keeps every element, flow, boundary, control state, note, threat people wrote and
/// triage verdict.
#[test]
fn otm_export_validates_and_round_trips_every_example() {
    let validator = otm_schema();
    let dir = tempfile::tempdir().unwrap();
    let mut models = crate::util::examples();
    models.push(root().join("tests/golden/import-threat-dragon-demo.bulwark.ron"));
    models.push(root().join("tests/golden/import-otm-example.bulwark.ron"));
    for model in models {
        let shown = model.display().to_string();
        let otm = dir.path().join("out.otm.json");
        let o = bulwark(
            dir.path(),
            &["export", &shown, "--format", "otm", "-o", otm.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(0), "{shown}: {}", stderr(&o));
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&otm).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{shown}: {errors:#?}");
        let back = dir.path().join("back.bulwark.ron");
        import_ok(dir.path(), otm.to_str().unwrap(), &back);
        let (a, b) = (
            bulwark::model::load(&model).unwrap(),
            bulwark::model::load(&back).unwrap(),
        );
        assert_eq!(a.elements, b.elements, "{shown}");
        assert_eq!(a.flows, b.flows, "{shown}");
        assert_eq!(a.boundaries, b.boundaries, "{shown}");
        assert_eq!(a.threats, b.threats, "{shown}");
        assert_eq!(a.triage, b.triage, "{shown}");
        assert_eq!(a.notes, b.notes, "{shown}");
        assert_eq!((a.name, a.layout), (b.name, b.layout), "{shown}");
    }
    // The schema does reject what is not OTM, so the check above can fail.
    assert!(!validator.is_valid(&serde_json::json!({"otmVersion": "0.2.0", "project": {"name": "x"}})));
}

/// The round trip holds on generated models of several sizes too (every kind, nested
/// boundaries, controls), through the library functions.
#[test]
fn otm_round_trip_keeps_generated_models() {
    use std::sync::Arc;
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let cat = Arc::new(cat);
    let validator = otm_schema();
    for (n, seed) in [(5, 1), (40, 2), (150, 3)] {
        let model = bulwark::synth::synth_model(&cat, n, seed);
        let eval = bulwark::engine::Engine::new(cat.clone()).evaluate(Arc::new(model.clone()), 0);
        let otm = bulwark::interop::export::to_otm(&model, &cat, &eval).unwrap();
        assert!(validator.is_valid(&serde_json::from_str(&otm).unwrap()), "{n}");
        let (back, report) = bulwark::interop::import::from_otm(&otm, "generated.otm").unwrap();
        assert!(report.unaccounted().is_empty(), "{n}");
        assert_eq!(model.elements, back.elements, "{n}");
        assert_eq!(model.flows, back.flows, "{n}");
        assert_eq!(model.boundaries, back.boundaries, "{n}");
        assert_eq!(model.threats, back.threats, "{n}");
        assert_eq!(model.triage, back.triage, "{n}");
    }
}

/// Hostile or odd OTM gives an error or a model, never a panic: wrong types everywhere, parent
/// loops, dangling references, ids that are not Bulwark ids.
#[test]
fn odd_otm_never_panics_and_stays_valid() {
    let cases = [
        r#"{"otmVersion": "0.2.0", "project": {"name": 5, "id": []}, "trustZones": 7, "components": "x"}"#,
        r#"{"otmVersion": "0.2.0", "project": {"name": "p", "id": "p"},
            "trustZones": [{"id": "a", "name": "A", "parent": {"trustZone": "b"}},
                           {"id": "b", "name": "B", "parent": {"trustZone": "a"}},
                           {"id": "a", "name": "dup"}],
            "components": [{"id": "c", "name": "C", "type": "x", "parent": {"component": "d"}},
                           {"id": "d", "name": "D", "type": "x", "parent": {"component": "c"}},
                           {"id": "has space/and ✓", "name": null, "type": null, "parent": null,
                            "representations": [{"representation": "r", "id": "x", "line": -4e300, "file": 3}],
                            "threats": [{"threat": "missing", "state": 5}, {"threat": "t", "state": "exposed",
                                         "mitigations": [null, {"mitigation": "nope", "state": null}]}]}],
            "dataflows": [{"id": "f", "source": "c", "destination": "a"}, {"id": "g", "source": "c", "destination": "d"}],
            "threats": [{"id": "t", "name": "T", "risk": {"likelihood": "high", "impact": 1e308},
                         "categories": [null, "Phishing"], "cwes": ["not-a-cwe", "CWE-1"]}],
            "mitigations": [{"id": "m"}]}"#,
    ];
    for (i, text) in cases.iter().enumerate() {
        match bulwark::interop::import::from_otm(text, "odd.otm") {
            Ok((m, report)) => {
                assert!(m.validate().is_empty(), "{i}: {:?}", m.validate());
                assert!(report.unaccounted().is_empty(), "{i}: {report:?}");
            }
            Err(e) => assert!(e.to_string().starts_with("odd.otm"), "{i}: {e}"),
        }
    }
}

/// The size cap of the one reading function holds for imports.
#[test]
fn an_import_larger_than_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("huge.otm")).unwrap();
    f.set_len(bulwark::io::MAX_INPUT_BYTES + 1).unwrap();
    let o = bulwark(dir.path(), &["import", "huge.otm", "-o", "out.bulwark.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("larger than"), "{}", stderr(&o));
}

/// Issue 17: AWS threat-composer's own example workspaces import with every item accounted for.
#[test]
fn threat_composer_workspaces_import_with_every_item_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["threat-composer-genai-chatbot.tc.json", "threat-composer-self.tc.json"] {
        let out = dir.path().join(format!("{name}.bulwark.ron"));
        let report = import_ok(dir.path(), &fixture(name), &out);
        assert!(
            report.contains("(threat-composer)"),
            "{name}: detected from the content"
        );
        if name == "threat-composer-self.tc.json" {
            golden(
                "import-threat-composer-self.txt",
                &report.replace(&dir.path().display().to_string(), "[tmp]"),
            );
            golden(
                "import-threat-composer-self.bulwark.ron",
                &std::fs::read_to_string(&out).unwrap(),
            );
        }
    }
}

#[test]
fn threat_composer_threats_keep_their_grammar_priority_stride_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chatbot.bulwark.ron");
    import_ok(dir.path(), &fixture("threat-composer-genai-chatbot.tc.json"), &out);
    let m = bulwark::model::load(&out).unwrap();
    assert_eq!(m.name, "Sample Generative AI Chatbot Application");
    assert!(
        m.elements.is_empty(),
        "threat-composer names no components; none are invented"
    );
    let t = m
        .threats
        .values()
        .find(|t| t.action == "harvest sufficient responses")
        .expect("the distillation threat");
    assert_eq!(t.actor, "external threat actor");
    assert_eq!(t.prerequisites, "can issue strategic queries to an LLM API");
    assert_eq!(t.impact, "replicating model functionality through distillation");
    assert_eq!(t.asset, "proprietary LLM algorithms and training data");
    assert_eq!(
        (t.severity, t.stride.as_slice()),
        (Severity::Low, &[Stride::InformationDisclosure][..])
    );
    assert!(
        t.statement.contains("Tags: LLM10 Unbounded Consumption."),
        "{}",
        t.statement
    );
    assert_eq!(t.on, ThreatTarget::Model);
    use bulwark::model::NoteKind;
    assert_eq!(m.notes.values().filter(|n| n.kind == NoteKind::Assumption).count(), 13);
    assert_eq!(m.notes.values().filter(|n| n.kind == NoteKind::Decision).count(), 84);
    // Resolved threats are mitigated by the mitigations linked to them.
    let out = dir.path().join("self.bulwark.ron");
    import_ok(dir.path(), &fixture("threat-composer-self.tc.json"), &out);
    let m = bulwark::model::load(&out).unwrap();
    assert!(
        m.threats.values().all(|t| !t.mitigated.is_empty()),
        "every threat there is resolved"
    );
}

fn threat_composer_schema() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/schemas/threat-composer-v1.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// Issue 17: `export --format threat-composer` is valid against threat-composer's published
/// schema, and reading it back keeps the threats people wrote (on the whole model: the
/// workspace has no components), their triage, and the decisions and assumptions.
#[test]
fn threat_composer_export_validates_and_keeps_threats_notes_and_triage() {
    let validator = threat_composer_schema();
    let dir = tempfile::tempdir().unwrap();
    let mut models = crate::util::examples();
    models.push(root().join("tests/golden/import-threat-dragon-demo.bulwark.ron"));
    models.push(root().join("tests/golden/import-threat-composer-self.bulwark.ron"));
    for model in models {
        let shown = model.display().to_string();
        let tc = dir.path().join("out.tc.json");
        let o = bulwark(
            dir.path(),
            &[
                "export",
                &shown,
                "--format",
                "threat-composer",
                "-o",
                tc.to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{shown}: {}", stderr(&o));
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&tc).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{shown}: {errors:#?}");
        let back = dir.path().join("back.bulwark.ron");
        import_ok(dir.path(), tc.to_str().unwrap(), &back);
        let (a, b) = (
            bulwark::model::load(&model).unwrap(),
            bulwark::model::load(&back).unwrap(),
        );
        let on_model = |m: &bulwark::model::Model| {
            m.threats
                .iter()
                .map(|(id, t)| {
                    let mut t = t.clone();
                    t.on = ThreatTarget::Model;
                    (id.clone(), t)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(on_model(&a), on_model(&b), "{shown}");
        let user_triage = |m: &bulwark::model::Model| {
            m.triage
                .iter()
                .filter(|(id, _)| bulwark::model::is_user_id(id.as_str()))
                .map(|(id, t)| (id.clone(), t.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(user_triage(&a), user_triage(&b), "{shown}");
        let notes = |m: &bulwark::model::Model| {
            m.notes
                .values()
                .map(|n| (n.kind, n.text.clone()))
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(notes(&a), notes(&b), "{shown}");
    }
    assert!(!validator.is_valid(&serde_json::json!({"schema": 1, "threats": [{"id": 3}]})));
}

/// Hostile or odd threat-composer workspaces give an error or a valid model, never a panic.
#[test]
fn odd_threat_composer_never_panics_and_stays_valid() {
    let cases = [
        (
            r#"{"schema": 1, "applicationInfo": 5, "threats": "x", "mitigations": [null, 3]}"#,
            "",
        ),
        (
            r#"{"schema": 1, "threats": [{"id": "a", "numericId": 1e400, "metadata": [{"key": "STRIDE", "value": "S"},
                {"key": "Priority", "value": ["High"]}, {"key": "custom:bulwark", "value": "{not json"}],
                "status": "threatExploded", "impactedAssets": [1, null]}],
              "mitigationLinks": [{"mitigationId": "zz", "linkedId": "a"}, {}],
              "assumptionLinks": [{"assumptionId": null}],
              "assumptions": [{"id": "b", "content": 7, "metadata": [{"key": "Comments"}]}]}"#,
            "",
        ),
        (
            r#"{"schema": 2, "threats": []}"#,
            "threat-composer schema 2 is not read yet",
        ),
    ];
    for (i, (text, error)) in cases.iter().enumerate() {
        match bulwark::interop::import::from_threat_composer(text, "odd.tc.json") {
            Ok((m, report)) => {
                assert!(error.is_empty(), "{i}: expected {error:?}");
                assert!(m.validate().is_empty(), "{i}: {:?}", m.validate());
                assert!(report.unaccounted().is_empty(), "{i}: {report:?}");
            }
            Err(e) => {
                assert!(e.to_string().starts_with("odd.tc.json"), "{i}: {e}");
                assert!(e.to_string().contains(error), "{i}: {e}");
            }
        }
    }
}

/// Threat Dragon 1 files are read as version 2: the v1 demo gives the components, flows and
/// threats of the v2 demo of the same system (which dropped one flow and its threat, wrote
/// `isEncrypted: false` where v1 left it out, and redrew the boundaries).
#[test]
fn threat_dragon_v1_reads_like_its_v2_version() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.bulwark.ron");
    let report = import_ok(dir.path(), &fixture("threat-dragon-v1-demo-threat-model.json"), &v1);
    assert!(report.contains("v1 JSON, read as v2"), "{report}");
    golden(
        "import-threat-dragon-v1-demo.txt",
        &report.replace(&dir.path().display().to_string(), "[tmp]"),
    );
    let v2 = dir.path().join("v2.bulwark.ron");
    import_ok(dir.path(), &fixture("threat-dragon-v2-threat-model.json"), &v2);
    let (a, b) = (bulwark::model::load(&v1).unwrap(), bulwark::model::load(&v2).unwrap());
    let elements = |m: &bulwark::model::Model| {
        m.elements
            .values()
            .map(|e| (e.name.clone(), e.kind.to_string(), e.properties.clone()))
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!((&a.name, elements(&a)), (&b.name, elements(&b)));
    let flows = |m: &bulwark::model::Model| {
        m.flows
            .values()
            .map(|f| {
                (
                    m.elements[&f.from].name.clone(),
                    m.elements[&f.to].name.clone(),
                    f.label.clone(),
                    f.protocol.clone(),
                )
            })
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert!(
        flows(&b).is_subset(&flows(&a)),
        "{:?}",
        flows(&b).difference(&flows(&a)).collect::<Vec<_>>()
    );
    assert_eq!(flows(&a).len(), flows(&b).len() + 1);
    let threats = |m: &bulwark::model::Model| {
        m.threats
            .values()
            .map(|t| (t.statement.clone(), t.severity, t.stride.clone(), t.mitigated.clone()))
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert!(threats(&b).is_subset(&threats(&a)));
    assert_eq!(threats(&a).len(), threats(&b).len() + 1);
}

/// Issue 17: real Microsoft Threat Modeling Tool files (Akri's model with its triage, StartLeft's
/// Azure-template sample) import with every item accounted for, detected from the content.
#[test]
fn tm7_files_import_with_every_item_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["tm7-akri-threat-model.tm7", "tm7-startleft-mtmt-mvp.tm7"] {
        let out = dir.path().join(format!("{name}.bulwark.ron"));
        let report = import_ok(dir.path(), &fixture(name), &out);
        assert!(report.contains("(tm7)"), "{name}: detected from the content");
        let stem = name.trim_end_matches(".tm7");
        golden(
            &format!("import-{stem}.txt"),
            &report.replace(&dir.path().display().to_string(), "[tmp]"),
        );
        if name.contains("akri") {
            golden(
                "import-tm7-akri-threat-model.bulwark.ron",
                &std::fs::read_to_string(&out).unwrap(),
            );
        }
    }
}

fn import_model(name: &str) -> (bulwark::model::Model, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.bulwark.ron");
    let report = import_ok(dir.path(), &fixture(name), &out);
    (bulwark::model::load(&out).unwrap(), report)
}

/// TMT's states map through the table: Mitigated closes a threat with its justification, Not
/// Applicable is a triage verdict with it, Needs Investigation stays open and says so; TMT's
/// threat numbers are the ids; each threat sits on its data flow.
#[test]
fn tm7_threats_keep_state_justification_priority_and_number() {
    use bulwark::model::TriageStatus;
    let (m, _) = import_model("tm7-akri-threat-model.tm7");
    assert_eq!(m.name, "Akri");
    assert_eq!(m.threats.len(), 117);
    let by_statement = |start: &str, status: &str| {
        m.threats
            .iter()
            .find(|(id, t)| {
                let triaged = m.triage.get(*id).map(|t| t.status);
                t.statement.starts_with(start)
                    && match status {
                        "mitigated" => !t.mitigated.is_empty(),
                        "n/a" => triaged == Some(TriageStatus::NotApplicable),
                        _ => t.mitigated.is_empty() && triaged.is_none(),
                    }
            })
            .unwrap_or_else(|| panic!("{start} ({status})"))
    };
    let (_, t) = by_statement("Potential Data Repudiation by Akri Controller", "mitigated");
    assert_eq!(t.mitigated, "Add logging standard and support of Prometheus");
    assert_eq!(
        (t.severity, t.stride.as_slice()),
        (Severity::High, &[Stride::Repudiation][..])
    );
    assert!(matches!(&t.on, ThreatTarget::Flow(f) if m.flows.contains_key(f)));
    let (id, _) = by_statement("Weak Access Control for a Resource", "n/a");
    assert_eq!(m.triage[id].justification, "Container Registry is an external entity");
    assert_eq!(id.as_str(), "USER-374", "TMT's threat number");
    let (_, t) = by_statement("Data Flow Sniffing", "open");
    assert!(
        t.statement
            .contains("Marked Needs Investigation in the Microsoft Threat Modeling Tool. Justification: "),
        "{}",
        t.statement
    );
    let open = m
        .threats
        .iter()
        .filter(|(id, t)| t.mitigated.is_empty() && !m.triage.contains_key(*id))
        .count();
    let mitigated = m.threats.values().filter(|t| !t.mitigated.is_empty()).count();
    assert_eq!((open, mitigated, m.triage.len()), (11, 55, 51));
    assert!(m.threats.contains_key(&FindingId::new("USER-329")));
}

/// Border boundaries hold the stencils drawn inside them; line boundaries hold those on the
/// inside of their bend, extended to the canvas edges; stencils drawn across a line are named.
#[test]
fn tm7_boundaries_decide_membership_by_geometry() {
    use bulwark::model::BoundaryKind;
    let (m, report) = import_model("tm7-akri-threat-model.tm7");
    let boundary_of = |name: &str| {
        let e = m.elements.values().find(|e| e.name == name).unwrap();
        e.boundary.as_ref().map(|b| &m.boundaries[b])
    };
    let registry = boundary_of("Container Registry").expect("inside the internet line");
    assert_eq!(
        (registry.name.as_str(), registry.kind),
        ("Internet Boundary", BoundaryKind::Internet)
    );
    assert_eq!(boundary_of("IoT device").unwrap().name, "Generic Trust Line Boundary");
    let (etcd, api) = (boundary_of("ETCD").unwrap(), boundary_of("API Server").unwrap());
    assert_eq!((etcd, etcd.name.as_str()), (api, "Machine Trust Boundary"));
    let pod = boundary_of("Akri Deployed Pod").unwrap();
    assert_eq!(
        (pod.name.as_str(), pod.kind),
        ("Sandbox Trust Boundary Border", BoundaryKind::ToolSandbox)
    );
    let worker = &m.boundaries[pod.parent.as_ref().expect("the sandbox sits on the worker's side")];
    assert_eq!(worker.name, "Machine Trust Boundary");
    assert!(boundary_of("User Application").is_none());
    assert!(
        report.contains("\"Akri Controller\" is drawn across boundary line \"Machine Trust Boundary\""),
        "{report}"
    );
    assert_eq!(
        m.elements
            .values()
            .find(|e| e.name == "User Application")
            .unwrap()
            .notes,
        "Out of scope: External entity, display for completeness"
    );
}

/// StartLeft converted the same TMT sample to OTM; both imports agree on the components, their
/// trust zones, the flows and the threats.
#[test]
fn tm7_reads_like_startlefts_otm_conversion_of_the_same_file() {
    let (tm7, _) = import_model("tm7-startleft-mtmt-mvp.tm7");
    let (otm, _) = import_model("otm-startleft-mtmt-mvp.otm");
    let zones = |m: &bulwark::model::Model| {
        m.elements
            .values()
            .map(|e| {
                let zone = e.boundary.as_ref().map(|b| m.boundaries[b].name.clone());
                (e.name.clone(), zone)
            })
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(zones(&tm7), zones(&otm));
    let flows = |m: &bulwark::model::Model| {
        m.flows
            .values()
            .map(|f| {
                (
                    m.elements[&f.from].name.clone(),
                    f.label.clone(),
                    m.elements[&f.to].name.clone(),
                )
            })
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(flows(&tm7), flows(&otm));
    assert_eq!(tm7.threats.len(), 43);
    let kinds: std::collections::BTreeMap<&str, &str> = tm7
        .elements
        .values()
        .map(|e| (e.name.as_str(), e.kind.as_str()))
        .collect();
    assert_eq!(kinds["Accounting PostgreSQL"], "database");
    assert_eq!(kinds["Mobile Client"], "web-client");
    let possible = tm7
        .threats
        .values()
        .filter(|t| t.statement.contains("Possible mitigations: "))
        .count();
    assert_eq!(possible, 43, "the Azure template's mitigations travel in the statement");
    assert!(
        tm7.threats.values().all(|t| !t.statement.contains("<a ")),
        "no template HTML"
    );
}

/// Hostile or broken TM7 files get a clear error with the location, never a panic: a billion
/// laughs (a DTD is refused, no entity expanded), 10,000-deep nesting, broken XML, XML of
/// another kind, a format version not read yet.
#[test]
fn hostile_tm7_files_get_a_clear_error_with_the_location() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let laughs = {
        let mut s = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE ThreatModel [\n <!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 {
                "lol".to_owned()
            } else {
                format!("lol{}", i - 1)
            };
            s.push_str(&format!(" <!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
        }
        s + "]>\n<ThreatModel xmlns=\"http://schemas.datacontract.org/2004/07/ThreatModeling.Model\">&lol9;</ThreatModel>\n"
    };
    let cases: [(&str, String, &str); 5] = [
        ("laughs.tm7", laughs, "laughs.tm7:2:1: a document type declaration"),
        (
            "deep.tm7",
            format!(
                "<ThreatModel>\n{}{}</ThreatModel>",
                "<a>".repeat(10_000),
                "</a>".repeat(10_000)
            ),
            "deep.tm7:2:",
        ),
        (
            "broken.tm7",
            "<ThreatModel>\n  <DrawingSurfaceList>\n</ThreatModel>".into(),
            "broken.tm7:3:",
        ),
        (
            "other.xml",
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".into(),
            "XML, but not a Microsoft Threat Modeling Tool model",
        ),
        (
            "future.tm7",
            "<ThreatModel><Version>9.0</Version></ThreatModel>".into(),
            "TM7 format version \"9.0\" is not read yet",
        ),
    ];
    for (name, text, expect) in cases {
        std::fs::write(d.join(name), text).unwrap();
        let o = bulwark(d, &["import", name, "-o", "out.bulwark.ron"]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(!d.join("out.bulwark.ron").exists(), "{name}: nothing is written");
    }
    let o = bulwark(d, &["import", "other.xml", "--from", "tm7", "-o", "out.bulwark.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the root element is \"svg\""), "{}", stderr(&o));
}

/// Odd TM7 content gives a valid model or an error, never a panic: references to nothing and
/// in a loop, shapes without guids, positions that are not numbers, connectors to nowhere, list
/// indexes past the list, threats on missing flows with duplicate numbers and unknown states.
#[test]
fn odd_tm7_never_panics_and_stays_valid() {
    let shape = |guid: &str, ty: &str, generic: &str, extra: &str| {
        format!(
            r#"<a:KeyValueOfguidanyType><a:Key>{guid}</a:Key><a:Value i:type="{ty}"><GenericTypeId>{generic}</GenericTypeId><Guid>{guid}</Guid><Properties><a:anyType i:type="b:ListDisplayAttribute"><b:DisplayName>Encrypted</b:DisplayName><b:Value><a:string>No</a:string></b:Value><b:SelectedIndex>99</b:SelectedIndex></a:anyType></Properties><TypeId>custom-{guid}</TypeId>{extra}</a:Value></a:KeyValueOfguidanyType>"#
        )
    };
    let threat = |id: &str, state: &str, flow: &str| {
        format!(
            r#"<a:KeyValueOfstringThreatpc_P0_PhOB><a:Key>k</a:Key><a:Value><b:FlowGuid>{flow}</b:FlowGuid><b:Id>{id}</b:Id><b:Priority>Urgent</b:Priority><b:Properties><a:KeyValueOfstringstring><a:Key>Title</a:Key><a:Value>T &lt;b&gt;bold&lt;/b&gt;</a:Value></a:KeyValueOfstringstring><a:KeyValueOfstringstring><a:Key>UserThreatCategory</a:Key><a:Value>Phishing</a:Value></a:KeyValueOfstringstring></b:Properties><b:State>{state}</b:State><b:TargetGuid>p1</b:TargetGuid></a:Value></a:KeyValueOfstringThreatpc_P0_PhOB>"#
        )
    };
    let borders = [
        shape("p1", "StencilEllipse", "GE.P", "<Left>NaN</Left><Top>1e39</Top>"),
        shape("p1", "StencilEllipse", "GE.P", "<Left>5</Left><Top>5</Top>"),
        shape(
            "",
            "StencilRectangle",
            "",
            "<Left>-5</Left><Top>0</Top><Width>-40</Width>",
        ),
        shape("s1", "StencilParallelLines", "GE.DS", "<Left>300</Left><Top>0</Top>"),
        shape("b1", "BorderBoundary", "GE.TB.B", ""),
        shape("x1", "Mystery", "", ""),
    ]
    .concat();
    let lines = [
        shape(
            "f1",
            "Connector",
            "GE.DF",
            "<SourceGuid>p1</SourceGuid><TargetGuid>s1</TargetGuid>",
        ),
        shape(
            "f2",
            "Connector",
            "GE.DF",
            "<SourceGuid>p1</SourceGuid><TargetGuid>nowhere</TargetGuid>",
        ),
        shape(
            "l1",
            "LineBoundary",
            "GE.TB.L",
            "<SourceX>1</SourceX><SourceY>1</SourceY><TargetX>1</TargetX><TargetY>1</TargetY>",
        ),
        shape("l2", "LineBoundary", "GE.TB.L", "<SourceX>1</SourceX>"),
        r#"<a:KeyValueOfguidanyType><a:Key>r</a:Key><a:Value z:Ref="i404"/></a:KeyValueOfguidanyType>"#.to_owned(),
    ]
    .concat();
    let threats = [
        threat("7", "Mitigated", "f1"),
        threat("7", "Exploded", "gone"),
        threat("x", "", ""),
    ]
    .concat();
    let text = format!(
        r#"<ThreatModel xmlns="http://schemas.datacontract.org/2004/07/ThreatModeling.Model" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/" xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays" xmlns:b="http://schemas.datacontract.org/2004/07/ThreatModeling.KnowledgeBase"><DrawingSurfaceList><DrawingSurfaceModel z:Id="i1"><Borders>{borders}</Borders><Lines>{lines}</Lines></DrawingSurfaceModel><DrawingSurfaceModel z:Ref="i1"/><DrawingSurfaceModel z:Ref="i2" z:Id="i2"/></DrawingSurfaceList><ThreatInstances>{threats}</ThreatInstances><Notes><Note><Message>Check the &amp; sign</Message></Note></Notes></ThreatModel>"#
    );
    let (m, report) = bulwark::interop::import::from_tm7(&text, "odd.tm7").unwrap();
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    assert!(report.unaccounted().is_empty(), "{report:?}");
    assert_eq!(m.threats.len(), 3);
    assert!(
        m.threats
            .values()
            .all(|t| t.severity == Severity::Medium && t.stride.is_empty())
    );
    assert!(m.description.contains("Check the & sign"), "{}", m.description);
    let text = report.text();
    for expected in [
        "read as open: {\"Exploded\"}",
        "read as medium: {\"Urgent\"}",
        "not STRIDE were left out: {\"Phishing\"}",
        "is named nowhere in libraries/import/tm7.ron",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

/// The CycloneDX 2.0 draft schema, bundled, with the three files it refers to outside itself
/// served from vendored copies (no network).
fn cyclonedx_schema() -> jsonschema::Validator {
    struct Vendored;
    impl jsonschema::Retrieve for Vendored {
        fn retrieve(
            &self,
            uri: &jsonschema::Uri<String>,
        ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
            let name = uri.as_str().rsplit('/').next().unwrap_or("");
            if ![
                "cryptography-defs.schema.json",
                "behavior-taxonomy.schema.json",
                "spdx.schema.json",
            ]
            .contains(&name)
            {
                return Err(format!("{uri} is not vendored").into());
            }
            let text =
                std::fs::read_to_string(root().join("tests/fixtures/schemas").join(format!("cyclonedx-{name}")))?;
            Ok(serde_json::from_str(&text)?)
        }
    }
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/schemas/cyclonedx-2.0-bundled.min.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .with_retriever(Vendored)
        .build(&schema)
        .expect("the schema compiles")
}

fn cyclonedx_errors(validator: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn cyclonedx_fixtures_are_valid_against_the_vendored_draft() {
    let validator = cyclonedx_schema();
    for name in [
        "cyclonedx-2.0-blueprint-data-flow.cdx.json",
        "cyclonedx-2.0-threatmodel-simple.cdx.json",
    ] {
        let mut doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap();
        // The normative schema allows a top-level `$comment`; the bundler drops it from the
        // bundled copy's properties (a bundling artifact; Bulwark's exports write none).
        doc.as_object_mut().unwrap().remove("$comment");
        let errors = cyclonedx_errors(&validator, &doc);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    let mut bad: serde_json::Value = serde_json::json!({"specFormat": "CycloneDX", "specVersion": "2.0",
        "threats": {"threats": [{"bom-ref": "t", "name": "x", "categories": [{"taxonomy": "STRIDE", "category": "credential-access"}]}]}});
    assert!(!validator.is_valid(&bad), "the schema checks a STRIDE category");
    bad["threats"]["threats"][0]["categories"][0]["category"] = "spoofing".into();
    assert!(validator.is_valid(&bad));
}

/// Issue 17: CycloneDX's own 2.0 examples (a data-flow blueprint, a threat model without a
/// blueprint, a control with its risk) import with every item accounted for, detected from
/// the content.
#[test]
fn cyclonedx_documents_import_with_every_item_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "cyclonedx-2.0-blueprint-data-flow.cdx.json",
        "cyclonedx-2.0-threatmodel-simple.cdx.json",
        "cyclonedx-2.0-control-full.cdx.json",
    ] {
        let out = dir.path().join(format!("{name}.bulwark.ron"));
        let report = import_ok(dir.path(), &fixture(name), &out);
        assert!(report.contains("(cyclonedx)"), "{name}: detected from the content");
        let stem = name.trim_end_matches(".cdx.json");
        golden(
            &format!("import-{stem}.txt"),
            &report.replace(&dir.path().display().to_string(), "[tmp]"),
        );
        if name.contains("data-flow") {
            golden(
                "import-cyclonedx-2.0-blueprint-data-flow.bulwark.ron",
                &std::fs::read_to_string(&out).unwrap(),
            );
        }
    }
}

/// A blueprint's zones are trust boundaries (kind from their characteristics), its assets and
/// actors elements in their zones, its flows flows with their facts and data, its assumptions
/// assumptions; a boundary's crossing requirements are written on the zones it separates.
#[test]
fn cyclonedx_blueprints_give_zones_elements_flows_and_assumptions() {
    use bulwark::model::{BoundaryKind, ElementId, Fact, FlowId, NoteKind};
    let (m, _) = import_model("cyclonedx-2.0-blueprint-data-flow.cdx.json");
    assert_eq!(m.name, "Online banking funds transfer data flow");
    assert_eq!(m.elements.len(), 6);
    let customer = &m.elements[&ElementId::new("act-customer")];
    assert_eq!((customer.name.as_str(), customer.kind.as_str()), ("customer", "user"));
    let internet = &m.boundaries[customer.boundary.as_ref().unwrap()];
    assert_eq!(
        (internet.name.as_str(), internet.kind),
        ("Internet", BoundaryKind::Internet)
    );
    assert!(
        customer.notes.contains("Permissions: initiate-transfer."),
        "{}",
        customer.notes
    );
    assert_eq!(m.elements[&ElementId::new("asset-accounts")].kind.as_str(), "database");
    let login = &m.flows[&FlowId::new("df-login")];
    assert_eq!(
        (login.authenticated, login.encrypted, login.protocol.as_str()),
        (Fact::Yes, Fact::Unknown, "https")
    );
    assert!(
        login.data.contains(&"credentials".into()),
        "a data object named like a data class"
    );
    assert!(login.notes.contains("Carries: credentials, transfer-instruction."));
    assert_eq!(
        m.flows[&FlowId::new("df-audit")].operation,
        bulwark::model::Operation::Write
    );
    let dmz = m.boundaries.values().find(|b| b.name == "DMZ").unwrap();
    assert!(
        dmz.notes
            .contains("Crossing \"Internet to DMZ\": authentication form, session-cookie; authorization rbac; protocols https; logged; monitored."),
        "{}",
        dmz.notes
    );
    let tls = m.notes.values().find(|n| n.kind == NoteKind::Assumption).unwrap();
    assert!(
        tls.text.starts_with("All flows that cross a trust boundary"),
        "{}",
        tls.text
    );
}

/// Threats keep their categories (STRIDE and MAESTRO as such, others in the statement), CWE
/// weaknesses and framework properties; risks give their status and severity (the table in
/// libraries/import/cyclonedx.ron); controls the library knows set control states where they
/// apply, others become decisions.
#[test]
fn cyclonedx_threats_keep_status_severity_categories_and_controls() {
    use bulwark::model::{ControlState, ElementId, MaestroLayer, NoteKind, TriageStatus};
    let (m, _) = import_model("cyclonedx-2.0-threatmodel-simple.cdx.json");
    let t = m.threats.values().next().unwrap();
    assert!(
        t.statement
            .starts_with("Credential theft: An adversary steals operator credentials"),
        "{}",
        t.statement
    );
    assert!(
        t.statement.contains("Categories: MITRE-ATTACK credential-access."),
        "{}",
        t.statement
    );
    assert!(
        t.statement
            .contains("Mitigations: Require multi-factor authentication for operators."),
        "{}",
        t.statement
    );
    assert_eq!(
        (t.stride.as_slice(), &t.on),
        (&[Stride::Spoofing][..], &ThreatTarget::Model)
    );
    assert_eq!(t.author, "Internal threat-modelling workshop");

    let (m, report) = import_model("cyclonedx-2.0-control-full.cdx.json");
    let d = m.notes.values().find(|n| n.kind == NoteKind::Decision).unwrap();
    assert!(
        d.text.starts_with("Control: Role-based access control (verified)."),
        "{}",
        d.text
    );
    assert!(report.contains("kept as a decision"), "{report}");

    let doc = serde_json::json!({
        "specFormat": "CycloneDX", "specVersion": "2.0",
        "blueprints": [{"name": "Chat", "modelTypes": ["data-flow"],
            "zones": [{"bom-ref": "z", "name": "Vendor", "type": "trust", "characteristics": ["Third-Party"]}],
            "assets": [{"bom-ref": "llm", "type": "model", "name": "LLM API", "zone": "z"},
                       {"bom-ref": "app", "type": "mystery-kind", "name": "App"}],
            "flows": [{"bom-ref": "f", "name": "Prompt", "type": "data", "source": "app", "destination": "llm",
                       "encrypted": true, "authentication": ["none"]}]}],
        "controls": [{"bom-ref": "c1", "name": "Input guardrail", "status": "verified", "appliesTo": ["llm"]},
                     {"bom-ref": "c2", "name": "Output filtering", "status": {"name": "not-applicable"}, "appliesTo": ["f"]}],
        "threats": {"threats": [
            {"bom-ref": "t1", "name": "Prompt injection", "affectedAssets": ["llm"], "mitigations": ["c1"],
             "categories": [{"taxonomy": "STRIDE", "category": "tampering"}, {"taxonomy": "MAESTRO", "category": "foundation-models"}],
             "weaknesses": [{"cweId": 77}, {"name": "Trusting model output"}],
             "properties": [{"name": "bulwark:atlas", "value": "AML.T0051"}, {"name": "bulwark:owasp-llm", "value": "LLM01:2025"}]},
            {"bom-ref": "t2", "name": "Data leak", "affectedAssets": ["f"]},
            {"bom-ref": "t3", "name": "Outage"}]},
        "risks": {"risks": [
            {"bom-ref": "r1", "name": "R1", "statement": "s", "relatedThreats": ["t1"], "status": "mitigated",
             "inherentRisk": {"score": {"level": "critical"}},
             "responses": [{"bom-ref": "x1", "strategy": "reduce", "description": "Guardrail in front of the model."}]},
            {"bom-ref": "r2", "name": "R2", "statement": "s", "relatedThreats": ["t2"], "status": "accepted",
             "responses": [{"bom-ref": "x2", "strategy": "accept", "description": "Vendor contract covers it."}]},
            {"bom-ref": "r3", "name": "R3", "statement": "s", "relatedThreats": ["t3"], "status": "retired"}]}
    });
    let (m, report) = bulwark::interop::import::from_cyclonedx(&doc.to_string(), "chat.cdx.json").unwrap();
    assert!(report.unaccounted().is_empty(), "{report:?}");
    assert!(
        report.text().contains("type \"mystery-kind\" is named nowhere"),
        "{}",
        report.text()
    );
    let llm = &m.elements[&ElementId::new("llm")];
    assert_eq!(llm.kind.as_str(), "classic-model");
    assert_eq!(
        m.boundaries[llm.boundary.as_ref().unwrap()].kind,
        bulwark::model::BoundaryKind::ThirdParty
    );
    assert_eq!(llm.controls[&"input-guardrail".into()], ControlState::Implemented);
    let f = &m.flows[&bulwark::model::FlowId::new("f")];
    assert_eq!(f.controls[&"output-filter".into()], ControlState::NotApplicable);
    assert_eq!(
        (f.encrypted, f.authenticated),
        (bulwark::model::Fact::Yes, bulwark::model::Fact::No)
    );
    let by_name = |n: &str| m.threats.iter().find(|(_, t)| t.statement.starts_with(n)).unwrap();
    let (_, t1) = by_name("Prompt injection");
    assert_eq!(
        (t1.severity, t1.stride.as_slice(), t1.mitigated.as_str()),
        (
            Severity::Critical,
            &[Stride::Tampering][..],
            "Guardrail in front of the model."
        )
    );
    assert_eq!(t1.controls, ["input-guardrail".into()]);
    assert_eq!(t1.references.cwe, ["CWE-77"]);
    assert_eq!(t1.references.atlas, ["AML.T0051"]);
    assert_eq!(t1.references.owasp_llm, ["LLM01:2025"]);
    assert_eq!(t1.references.maestro, [MaestroLayer::L1]);
    assert!(
        t1.statement.contains("Weaknesses: Trusting model output."),
        "{}",
        t1.statement
    );
    let (id2, t2) = by_name("Data leak");
    assert_eq!(t2.on, ThreatTarget::Flow("f".into()));
    assert_eq!(
        (m.triage[id2].status, m.triage[id2].justification.as_str()),
        (TriageStatus::Accepted, "Vendor contract covers it.")
    );
    let (id3, _) = by_name("Outage");
    assert_eq!(m.triage[id3].status, TriageStatus::NotApplicable);
}

/// Hostile or broken CycloneDX gets a clear error with the location, never a panic: broken
/// JSON, 10,000-deep nesting, a 1.x BOM, a version not read yet, no version.
#[test]
fn hostile_cyclonedx_documents_get_a_clear_error_with_the_location() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: [(&str, String, &str); 5] = [
        (
            "bad.cdx.json",
            "{\n  \"specFormat\": \"CycloneDX\",\n  \"blueprints\": [,]\n}\n".into(),
            "bad.cdx.json:3:",
        ),
        (
            "deep.cdx.json",
            format!(
                "{{\"specFormat\": \"CycloneDX\", \"specVersion\": \"2.0\",\n\"blueprints\": {}{}}}",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
            "deep.cdx.json:2:",
        ),
        (
            "sbom.cdx.json",
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}"#.into(),
            "a CycloneDX 1.6 BOM: threat models (blueprints, threats) arrive with CycloneDX 2.0",
        ),
        (
            "future.cdx.json",
            r#"{"specFormat": "CycloneDX", "specVersion": "3.0"}"#.into(),
            "CycloneDX version \"3.0\" is not read yet",
        ),
        (
            "none.cdx.json",
            r#"{"specFormat": "CycloneDX"}"#.into(),
            "a CycloneDX document without specVersion",
        ),
    ];
    for (name, text, expect) in cases {
        std::fs::write(d.join(name), text).unwrap();
        let o = bulwark(d, &["import", name, "-o", "out.bulwark.ron"]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(!d.join("out.bulwark.ron").exists(), "{name}: nothing is written");
    }
    std::fs::write(d.join("td.json"), r#"{"detail": {"diagrams": []}}"#).unwrap();
    let o = bulwark(
        d,
        &["import", "td.json", "--from", "cyclonedx", "-o", "out.bulwark.ron"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a CycloneDX document"), "{}", stderr(&o));
}

/// Odd CycloneDX gives a valid model or an error, never a panic: wrong types everywhere, zone
/// parents in a loop, duplicate refs, flows and threats pointing at nothing, Bulwark records
/// that do not parse.
#[test]
fn odd_cyclonedx_never_panics_and_stays_valid() {
    let cases = [
        r#"{"specFormat": "CycloneDX", "specVersion": "2.0", "blueprints": 5, "threats": [], "controls": {}, "risks": "x",
            "declarations": {"claims": [1, 2], "affirmation": {}}, "definitions": {"requirements": [null]}}"#,
        r#"{"specFormat": "CycloneDX", "specVersion": "2.0",
            "properties": [{"name": "bulwark:project", "value": "{not json"}],
            "blueprints": [{"name": ["x"], "zones": [{"bom-ref": "a", "name": "A", "parent": "b"},
                                                   {"bom-ref": "b", "name": "B", "parent": "a"},
                                                   {"bom-ref": "a", "name": "dup"}, {"name": "no ref"}],
                            "boundaries": [{"bom-ref": "e", "zones": ["a", "nowhere"]}, {"zones": null}],
                            "assets": [{"bom-ref": "x", "zone": "a", "type": {"name": 7}},
                                       {"bom-ref": "x"}, {"bom-ref": "has space/and ✓", "name": null,
                                        "properties": [{"name": "bulwark:element", "value": "{\"kind\": 3}"}]}],
                            "actors": [{"bom-ref": "p", "party": "party-ref"}, {"party": {"person": {}}}],
                            "flows": [{"bom-ref": "f", "source": "x", "destination": "gone"},
                                      {"bom-ref": "g", "source": "x", "destination": "p", "authentication": [null, 3],
                                       "protocols": [1], "dataObjects": [{}]}],
                            "assumptions": [{"description": ""}, {"description": "d", "relatedAssets": ["g", 4]}],
                            "requirements": [3]}],
            "controls": [{"bom-ref": "c", "appliesTo": ["x", "g"], "status": "implemented",
                          "properties": [{"name": "bulwark:control", "value": ""}]}],
            "threats": {"threats": [{"bom-ref": "t", "affectedAssets": ["g"], "mitigations": ["c", "r"],
                                     "weaknesses": [{"cweId": -4}, {"cweId": 1e30}], "categories": [null, {"taxonomy": "STRIDE"}]},
                                    {"bom-ref": "t", "properties": [{"name": "bulwark:threat", "value": "{\"rule\": true}"}]}],
                        "trustBoundaries": [{"boundary": "e"}, {"boundary": 5}]},
            "risks": {"risks": [{"relatedThreats": ["t", "t"], "status": "retired", "inherentRisk": {"score": 4}}]}}"#,
    ];
    // Zones listed child first, each the parent of the one before: 5,000 deep once all are read.
    let chain: Vec<String> = (0..5_000)
        .map(|i| {
            format!(
                r#"{{"bom-ref": "z{i}", "name": "Z", "type": "trust", "parent": "z{}"}}"#,
                i + 1
            )
        })
        .collect();
    let deep = format!(
        r#"{{"specFormat": "CycloneDX", "specVersion": "2.0", "blueprints": [{{"name": "n", "modelTypes": ["data-flow"], "zones": [{}]}}]}}"#,
        chain.join(",")
    );
    let cases: Vec<&str> = cases.iter().copied().chain([deep.as_str()]).collect();
    for (i, text) in cases.iter().enumerate() {
        match bulwark::interop::import::from_cyclonedx(text, "odd.cdx.json") {
            Ok((m, report)) => {
                assert!(m.validate().is_empty(), "{i}: {:?}", m.validate());
                assert!(report.unaccounted().is_empty(), "{i}: {report:?}");
            }
            Err(e) => assert!(e.to_string().starts_with("odd.cdx.json"), "{i}: {e}"),
        }
    }
}

/// Issue 17: `export --format cyclonedx` is valid against the vendored CycloneDX 2.0 draft
/// schema, and reading it back keeps every element, flow, boundary, control state, note,
/// threat people wrote, triage verdict and the layout.
#[test]
fn cyclonedx_export_validates_and_round_trips_every_example() {
    let validator = cyclonedx_schema();
    let dir = tempfile::tempdir().unwrap();
    let mut models = crate::util::examples();
    models.push(root().join("tests/golden/import-threat-dragon-demo.bulwark.ron"));
    models.push(root().join("tests/golden/import-otm-example.bulwark.ron"));
    models.push(root().join("tests/golden/import-tm7-akri-threat-model.bulwark.ron"));
    models.push(root().join("tests/golden/import-cyclonedx-2.0-blueprint-data-flow.bulwark.ron"));
    for model in models {
        let shown = model.display().to_string();
        let cdx = dir.path().join("out.cdx.json");
        let o = bulwark(
            dir.path(),
            &["export", &shown, "--format", "cyclonedx", "-o", cdx.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(0), "{shown}: {}", stderr(&o));
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&cdx).unwrap()).unwrap();
        let errors = cyclonedx_errors(&validator, &doc);
        assert!(errors.is_empty(), "{shown}: {errors:#?}");
        let back = dir.path().join("back.bulwark.ron");
        let report = import_ok(dir.path(), cdx.to_str().unwrap(), &back);
        assert!(report.contains("(cyclonedx)"), "{shown}: detected from the content");
        let (a, b) = (
            bulwark::model::load(&model).unwrap(),
            bulwark::model::load(&back).unwrap(),
        );
        assert_eq!(a.elements, b.elements, "{shown}");
        assert_eq!(a.flows, b.flows, "{shown}");
        assert_eq!(a.boundaries, b.boundaries, "{shown}");
        assert_eq!(a.threats, b.threats, "{shown}");
        assert_eq!(a.triage, b.triage, "{shown}");
        assert_eq!(a.notes, b.notes, "{shown}");
        assert_eq!(
            (&a.pasta, &a.sessions, &a.votes),
            (&b.pasta, &b.sessions, &b.votes),
            "{shown}"
        );
        assert_eq!((a.name, a.layout), (b.name, b.layout), "{shown}");
    }
}

/// What an export says in CycloneDX's own terms, for tools that never read the Bulwark records:
/// the design in a blueprint, STRIDE and MAESTRO as threat categories, CWE as weaknesses, other
/// framework ids as properties, each threat's status as its risk's, control states as control
/// statuses applying to their elements. One export is pinned by a golden file.
#[test]
fn cyclonedx_export_speaks_cyclonedx() {
    let dir = tempfile::tempdir().unwrap();
    let model = root().join("assets/examples/customer-support-bot.bulwark.ron");
    let cdx = dir.path().join("out.cdx.json");
    let o = bulwark(
        dir.path(),
        &[
            "export",
            model.to_str().unwrap(),
            "--format",
            "cyclonedx",
            "-o",
            cdx.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&cdx).unwrap()).unwrap();
    let m = bulwark::model::load(&model).unwrap();
    let bp = &doc["blueprints"][0];
    assert_eq!(bp["name"], m.name.as_str());
    assert_eq!(bp["assets"].as_array().unwrap().len(), m.elements.len());
    assert_eq!(bp["flows"].as_array().unwrap().len(), m.flows.len());
    assert_eq!(
        bp["zones"].as_array().unwrap().len(),
        m.boundaries.len() + 1,
        "and the zone outside"
    );
    let threats = doc["threats"]["threats"].as_array().unwrap();
    let risks = doc["risks"]["risks"].as_array().unwrap();
    assert_eq!(threats.len(), risks.len());
    let has = |t: &serde_json::Value, key: &str, pred: &dyn Fn(&serde_json::Value) -> bool| {
        t[key].as_array().is_some_and(|a| a.iter().any(pred))
    };
    assert!(
        threats
            .iter()
            .any(|t| has(t, "categories", &|c| c["taxonomy"] == "STRIDE"))
    );
    assert!(threats.iter().any(|t| has(t, "weaknesses", &|w| w["cweId"].is_u64())));
    assert!(
        threats
            .iter()
            .any(|t| has(t, "properties", &|p| p["name"] == "bulwark:owasp-llm"))
    );
    assert!(
        threats
            .iter()
            .any(|t| has(t, "properties", &|p| p["name"] == "bulwark:atlas"))
    );
    assert!(
        risks
            .iter()
            .all(|r| r["status"].is_string() && r["inherentRisk"]["score"]["level"].is_string())
    );
    let controls = doc["controls"].as_array().unwrap();
    assert!(
        controls
            .iter()
            .any(|c| c["status"] == "implemented" && c["appliesTo"].as_array().is_some_and(|a| !a.is_empty()))
    );
    // The banking blueprint CycloneDX ships, imported and exported again, pinned.
    let model = root().join("tests/golden/import-cyclonedx-2.0-blueprint-data-flow.bulwark.ron");
    let o = bulwark(
        dir.path(),
        &[
            "export",
            model.to_str().unwrap(),
            "--format",
            "cyclonedx",
            "-o",
            cdx.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    golden(
        "export-cyclonedx-2.0-blueprint-data-flow.cdx.json",
        &std::fs::read_to_string(&cdx).unwrap(),
    );
}

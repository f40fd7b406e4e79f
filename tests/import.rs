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
    let cases: [(&str, String, &str); 4] = [
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
            "v1.json",
            r#"{"summary": {"title": "x"}, "detail": {"diagrams": [{"diagramJson": {"cells": []}}]}}"#.into(),
            "Threat Dragon v1",
        ),
        (
            "other.json",
            r#"{"otmVersion": "0.2.0"}"#.into(),
            "not a format Bulwark imports",
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

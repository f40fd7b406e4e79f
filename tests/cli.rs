//! The command line, run as a user would: the built binary in a temporary folder.

use crate::util::{bulwark, examples, root, stderr, stdout};

#[test]
fn library_components_json_lists_at_least_40_kinds_28_of_them_ai() {
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(dir.path(), &["library", "components", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let kinds = v.as_array().unwrap();
    assert!(kinds.len() >= 40);
    let ai = kinds.iter().filter(|k| k["category"] != "classic").count();
    assert!(ai >= 28, "{ai}");
    assert!(
        kinds
            .iter()
            .all(|k| !k["description"].as_str().unwrap_or_default().is_empty())
    );
}

#[test]
fn library_controls_json_lists_at_least_40_controls() {
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(dir.path(), &["library", "controls", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v.as_array().unwrap().len() >= 40);
}

#[test]
fn validate_accepts_every_example() {
    let dir = tempfile::tempdir().unwrap();
    for ex in examples() {
        let out = bulwark(dir.path(), &["validate", ex.to_str().unwrap()]);
        assert!(out.status.success(), "{}: {}", ex.display(), stderr(&out));
    }
}

/// Writes a broken copy of the RAG example and expects `validate` to exit 2 with `file:line`.
fn rejects(broken: impl Fn(&str) -> String, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("assets/examples/rag-assistant.bulwark.ron")).unwrap();
    let path = dir.path().join("broken.bulwark.ron");
    std::fs::write(&path, broken(&text)).unwrap();
    let out = bulwark(dir.path(), &["validate", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let prefix = format!("{}:", path.display());
    let rest = err
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("no file name in {err:?}"));
    let line: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    assert!(line.parse::<usize>().is_ok_and(|l| l > 0), "no line number in {err:?}");
    assert!(err.contains(expect), "{err:?} should mention {expect:?}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn validate_rejects_a_truncated_file_with_a_line() {
    rejects(|t| t[..t.len() * 2 / 3].to_owned(), "");
}

#[test]
fn validate_rejects_a_newer_format_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("assets/examples/rag-assistant.bulwark.ron")).unwrap();
    let path = dir.path().join("new.bulwark.ron");
    let current = format!("format: {},", bulwark::model::FORMAT_VERSION);
    std::fs::write(&path, text.replacen(&current, "format: 999,", 1)).unwrap();
    let out = bulwark(dir.path(), &["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let up_to = format!("up to {}", bulwark::model::FORMAT_VERSION);
    assert!(err.contains("999") && err.contains(&up_to), "{err}");
}

#[test]
fn validate_rejects_a_flow_to_a_missing_element_with_a_line() {
    rejects(
        |t| {
            let i = t.find("to: \"").unwrap();
            let end = t[i + 5..].find('"').unwrap() + i + 5;
            format!("{}to: \"el-missing{}", &t[..i], &t[end..])
        },
        "el-missing",
    );
}

#[test]
fn validate_rejects_a_duplicated_id_with_a_line() {
    rejects(
        |t| {
            // Duplicate the first element entry under the same id.
            let start = t.find("elements: {\n").unwrap() + "elements: {\n".len();
            let end = t[start..].find("\n        ),\n").unwrap() + start + "\n        ),\n".len();
            let entry = &t[start..end];
            format!("{}{}{}", &t[..start], entry, &t[start..])
        },
        "duplicate id",
    );
}

#[test]
fn validate_reports_a_broken_rule_file_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    std::fs::write(&path, "[\n  (\n    id: \"MINE-1\",\n    title: \"t\", description: \"d\", mitigation: \"m\",\n    scope: Element,\n    controls: [\"nope\"],\n    likelihood: Low, impact: Low,\n  ),\n]\n").unwrap();
    let out = bulwark(dir.path(), &["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:3", path.display())) && err.contains("nope"),
        "{err}"
    );
}

/// Workshop decks (#19): every shipped one validates, and a deck card naming a kind that does
/// not exist is reported at its line, not as a broken threat-rule file.
#[test]
fn validate_checks_workshop_decks_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(root().join("libraries/decks")).unwrap() {
        let path = f.unwrap().path();
        let o = bulwark(tmp.path(), &["validate", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", path.display(), stderr(&o));
        assert!(stdout(&o).contains("cards)"), "{}", stdout(&o));
    }
    let dir = tmp.path().join("decks");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("mine.ron");
    std::fs::write(
        &bad,
        "(\n  id: \"mine\", title: \"T\", source: \"S\", licence: \"L\", url: \"U\", note: \"N\",\n  suits: [\"One\"],\n  cards: [\n    (id: \"A1\", suit: \"One\", card: \"1\", prompt: \"Why?\", applies: [\"no-such-kind\"]),\n  ],\n)\n",
    )
    .unwrap();
    let o = bulwark(tmp.path(), &["validate", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("mine.ron:5: card \"A1\" refers to unknown kind, trait, DFD type or \"flow\" \"no-such-kind\""),
        "{}",
        stderr(&o)
    );
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(dir.path(), args);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
}

#[test]
fn check_json_reports_findings_with_every_field_and_a_path_finding() {
    let model = root().join("assets/examples/rag-assistant.bulwark.ron");
    let v = json_of(&["check", model.to_str().unwrap(), "--format", "json"]);
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.len() > 10);
    for key in [
        "id",
        "rule",
        "title",
        "severity",
        "status",
        "anchor",
        "elements",
        "why",
        "missing_controls",
        "stride",
        "references",
        "fingerprint",
        "stale",
    ] {
        assert!(findings.iter().all(|f| f.get(key).is_some()), "a finding lacks {key}");
    }
    let path = findings
        .iter()
        .find(|f| f["path"].as_array().is_some_and(|p| p.len() >= 3))
        .expect("a path finding");
    for el in path["path"].as_array().unwrap() {
        let model_text = std::fs::read_to_string(&model).unwrap();
        assert!(model_text.contains(el.as_str().unwrap()));
    }
    assert!(path["why"].as_str().unwrap().contains('→'), "{}", path["why"]);
    let statuses: Vec<&str> = findings.iter().map(|f| f["status"].as_str().unwrap()).collect();
    for s in ["open", "mitigated"] {
        assert!(statuses.contains(&s), "the example shows {s} findings");
    }
    assert!(
        findings
            .iter()
            .filter(|f| f["status"] == "open")
            .all(|f| !f["missing_controls"].as_array().unwrap().is_empty()
                || f["rule"].as_str().unwrap().starts_with("RHAI"))
    );
    assert_eq!(v["summary"]["total"].as_u64().unwrap() as usize, findings.len());
}

#[test]
fn check_exit_code_follows_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let model = root().join("assets/examples/rag-assistant.bulwark.ron");
    let m = model.to_str().unwrap();
    assert_eq!(
        bulwark(dir.path(), &["check", m, "--fail-on", "low"]).status.code(),
        Some(1)
    );
    let empty = dir.path().join("empty.bulwark.ron");
    std::fs::write(&empty, "(format: 1, name: \"Nothing yet\")\n").unwrap();
    assert_eq!(
        bulwark(dir.path(), &["check", empty.to_str().unwrap(), "--fail-on", "low"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        bulwark(dir.path(), &["check", "missing.bulwark.ron"]).status.code(),
        Some(2)
    );
    assert_eq!(
        bulwark(dir.path(), &["check", m, "--fail-on", "severe"]).status.code(),
        Some(2)
    );
}

#[test]
fn check_sarif_is_sarif_2_1_0_with_rules_for_every_result() {
    let model = root().join("assets/examples/agentic-assistant.bulwark.ron");
    let v = json_of(&["check", model.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()));
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                > 1
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
}

#[test]
fn the_library_covers_every_framework_entry_it_promises() {
    let rules = json_of(&["library", "threats", "--json"]);
    let rules = rules.as_array().unwrap();
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let all = |key: &str| -> std::collections::BTreeSet<String> {
        rules
            .iter()
            .flat_map(|r| {
                r["references"][key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_owned())
            })
            .collect()
    };
    for n in 1..=10 {
        assert!(all("owasp_llm").contains(&format!("LLM{n:02}:2025")), "LLM{n:02}");
    }
    for n in 1..=17 {
        assert!(all("agentic").contains(&format!("T{n}")), "T{n}");
    }
    for n in 1..=7 {
        assert!(all("maestro").contains(&format!("L{n}")), "L{n}");
    }
    let atlas = all("atlas");
    assert!(atlas.len() >= 60, "{} ATLAS ids", atlas.len());
    for id in &atlas {
        assert!(
            cat.frameworks
                .find(bulwark::catalog::FrameworkList::AtlasTechnique, id)
                .is_some(),
            "{id} is not in ATLAS 5.6.0"
        );
    }
    // The named threats, each with the framework id that pins it down.
    let named = [
        ("LLM-PI-001", "AML.T0051.000"),  // direct prompt injection
        ("LLM-PI-002", "AML.T0051.001"),  // indirect prompt injection
        ("LLM-JB-001", "AML.T0054"),      // jailbreak
        ("LLM-EVA-001", "AML.T0015"),     // adversarial / evasion inputs
        ("DAT-POI-001", "AML.T0020"),     // training-data poisoning
        ("DAT-BKD-001", "AML.T0043.004"), // backdoored models
        ("SUP-HUB-001", "AML.T0010.003"), // model supply chain: public hub
        ("SUP-PKL-001", "AML.T0011.000"), // pickled weights
        ("SUP-PKG-001", "AML.T0010.001"), // poisoned packages
        ("SUP-MCP-003", "AML.T0104"),     // poisoned tools / MCP servers
        ("THF-INV-001", "AML.T0024.001"), // model inversion
        ("THF-EXT-001", "AML.T0024.002"), // model extraction
        ("THF-MEM-001", "AML.T0024.000"), // membership inference
        ("LLM-SID-001", "AML.T0057"),     // sensitive-data disclosure
        ("LLM-SPL-001", "AML.T0056"),     // system-prompt leakage
        ("AGT-MEM-001", "AML.T0080.000"), // memory poisoning
        ("AGT-TOOL-005", "AML.T0101"),    // tool misuse: destruction through tools
    ];
    for (id, atlas_id) in named {
        let r = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no rule {id}"));
        let refs: Vec<&str> = r["references"]["atlas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert!(refs.contains(&atlas_id), "{id} should cite {atlas_id}: {refs:?}");
    }
    for (id, llm) in [
        ("LLM-AGY-001", "LLM06:2025"),
        ("LLM-DOS-001", "LLM10:2025"),
        ("AGT-TOOL-002", "LLM06:2025"),
    ] {
        let r = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no rule {id}"));
        assert!(
            r["references"]["owasp_llm"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == llm),
            "{id} should cite {llm}"
        );
    }
}

#[test]
fn validate_reports_a_rhai_syntax_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.rhai");
    std::fs::write(&path, "let rule = #{ id: \"X\" };\nlet x = ;\n").unwrap();
    let out = bulwark(dir.path(), &["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{}:2:", path.display())),
        "{}",
        stderr(&out)
    );
}

/// A rhai rule that flags every vector database, with id `id`.
pub fn vector_db_rule(id: &str) -> String {
    format!(
        r#"let rule = #{{ id: "{id}", title: "Vector database seen", description: "d", mitigation: "m",
    likelihood: "Low", impact: "Low", controls: ["encryption-at-rest"] }};
for e in model.elements_of_kind("vector-db") {{ finding(e, `${{e.name}} is a vector database`); }}
"#
    )
}

/// A model that brings its own rules (`bulwark-rules/` beside it): `check` runs them, says so
/// on stderr, and `--no-model-rules` leaves them out.
#[test]
fn check_runs_the_rules_beside_the_model_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("rag.bulwark.ron");
    std::fs::copy(root().join("assets/examples/rag-assistant.bulwark.ron"), &model).unwrap();
    let own = dir.path().join("bulwark-rules");
    std::fs::create_dir(&own).unwrap();
    std::fs::write(own.join("vector.rhai"), vector_db_rule("OWN-VEC-1")).unwrap();

    let args = ["check", "rag.bulwark.ron", "--format", "json", "--fail-on", "critical"];
    let out = bulwark(dir.path(), &args);
    let err = stderr(&out);
    assert!(out.status.code().is_some_and(|c| c < 2), "{err}");
    assert!(
        err.contains("1 rule in 1 file from") && err.contains("bulwark-rules"),
        "{err}"
    );
    assert!(stdout(&out).contains("OWN-VEC-1@"), "the model's rule ran");

    let mut skip = args.to_vec();
    skip.push("--no-model-rules");
    let out = bulwark(dir.path(), &skip);
    assert!(!stderr(&out).contains("bulwark-rules"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("OWN-VEC-1"), "skipped");

    // The diagram's badges count the same findings: the model's rule adds to the index's.
    let svg = |extra: &[&str]| {
        let mut a = vec!["export", "rag.bulwark.ron", "--format", "svg"];
        a.extend_from_slice(extra);
        let out = bulwark(dir.path(), &a);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert_ne!(
        svg(&[]),
        svg(&["--no-model-rules"]),
        "badges include the model's own rules"
    );
}

/// Every threat the product is known for can be looked up by its common name (issue 12,
/// step 4): `library threats NAME` searches ids, titles and aliases.
#[test]
fn every_well_known_threat_is_found_by_its_common_name() {
    for name in [
        "model inversion",
        "model extraction",
        "membership inference",
        "model supply-chain compromise",
        "excessive agency",
        "jailbreak",
        "data poisoning",
        "backdoor",
        "evasion",
        "prompt injection",
        // Written with a space, found where the library joins the words with a hyphen.
        "supply chain",
        "on device",
    ] {
        let found = json_of(&["library", "threats", name, "--json"]);
        let found = found.as_array().unwrap();
        assert!(!found.is_empty(), "nothing found for {name:?}");
        for r in found {
            let text = format!("{} {} {}", r["id"], r["title"], r["aliases"])
                .to_lowercase()
                .replace('-', " ");
            assert!(text.contains(&name.replace('-', " ")), "{name:?} matched {text}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(dir.path(), &["library", "threats", "Model Inversion"]);
    assert!(stdout(&out).contains("THF-INV-001"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("LLM-PI-001"), "{}", stdout(&out));
    let out = bulwark(dir.path(), &["library", "controls", "inversion"]);
    assert_eq!(out.status.code(), Some(2), "a search only narrows threats");
}

/// Issue 15: the Debian package (`cargo deb`) ships a launcher that opens `.bulwark.ron` files
/// and an icon; a renamed or missing file would only show when someone installs it.
#[test]
fn the_desktop_package_ships_files_that_exist_and_agree() {
    let manifest: toml::Table = std::fs::read_to_string(root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let deb = &manifest["package"]["metadata"]["deb"];
    let assets = deb["assets"].as_array().unwrap();
    for a in assets {
        let source = a[0].as_str().unwrap();
        // The binary is built by `cargo deb`; everything else is in the repository.
        if !source.starts_with("target/") {
            assert!(root().join(source).is_file(), "{source} is missing");
        }
    }
    let desktop = std::fs::read_to_string(root().join("assets/linux/bulwark.desktop")).unwrap();
    let mime = std::fs::read_to_string(root().join("assets/linux/bulwark-mime.xml")).unwrap();
    assert!(desktop.contains("Exec=bulwark open %f"), "{desktop}");
    assert!(desktop.contains("MimeType=application/x-bulwark-model;"));
    assert!(mime.contains(r#"type="application/x-bulwark-model""#) && mime.contains(r#"pattern="*.bulwark.ron""#));
    let icon = desktop.lines().find_map(|l| l.strip_prefix("Icon=")).unwrap();
    assert!(
        assets
            .iter()
            .any(|a| a[0].as_str() == Some(&format!("assets/linux/{icon}.svg"))),
        "the icon {icon:?} is packaged"
    );
}

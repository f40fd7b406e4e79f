//! `bulwark diff`: the design and risk delta between two versions of a model, its exit codes,
//! the formats (golden files) and `git:REV:PATH`.

use crate::util::{bulwark, root, stderr, stdout};
use std::path::{Path, PathBuf};

fn rag() -> PathBuf {
    root().join("assets/examples/rag-assistant.bulwark.ron")
}

/// The RAG example after a change a reviewer should catch: the backend drops rate limiting,
/// a report-runner sandbox is wired to the backend, the accepted output-filter risk is re-opened, the
/// model is renamed and one component moved.
fn changed_rag(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(rag()).unwrap();
    let edits = [
        (
            "name: \"Internal knowledge assistant (RAG)\"",
            "name: \"Internal knowledge assistant (RAG), with reports\"",
        ),
        (
            "                \"rate-limiting\": Implemented,\n                \"system-prompt-hygiene\"",
            "                \"system-prompt-hygiene\"",
        ),
        (
            "    elements: {\n",
            "    elements: {\n        \"el-report-runner\": (\n            kind: \"code-sandbox\",\n            name: \"Report runner\",\n            boundary: Some(\"tb-corp-cloud\"),\n        ),\n",
        ),
        (
            "    flows: {\n",
            "    flows: {\n        \"fl-backend-runner\": (\n            from: \"el-app-backend\",\n            to: \"el-report-runner\",\n            label: \"run report code\",\n            operation: Invoke,\n            data: [\"code\", \"tool-calls\"],\n        ),\n",
        ),
        (
            "            \"el-app-backend\": (\n                x: 820.0,",
            "            \"el-app-backend\": (\n                x: 840.0,",
        ),
    ];
    let mut text = text;
    for (from, to) in edits {
        assert!(text.contains(from), "the example no longer has {from:?}");
        text = text.replacen(from, to, 1);
    }
    // Withdraw the decision that accepted the output filter's residual risk.
    let start = text
        .find("        \"LLM-GR-001@el-output-guardrail\": (")
        .expect("the example's accepted risk");
    let end = start + text[start..].find("\n        ),\n").unwrap() + "\n        ),\n".len();
    text.replace_range(start..end, "");
    let path = dir.join("rag-v2.bulwark.ron");
    std::fs::write(&path, text).unwrap();
    path
}

fn golden(name: &str, actual: &str, dir: &Path) {
    // The temporary folder's path differs on every run.
    let actual = actual
        .replace(&dir.display().to_string(), "[tmp]")
        .replace(&root().display().to_string(), "[root]");
    let path = root().join("tests/golden").join(name);
    if std::env::var("BULWARK_UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &actual).unwrap();
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
fn a_change_that_adds_high_risk_fails_and_names_what_a_reviewer_must_see() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = changed_rag(dir.path());
    let o = bulwark(dir.path(), &["diff", rag().to_str().unwrap(), v2.to_str().unwrap()]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}{}", stderr(&o));
    // The new sandbox, the finding that re-opens without its decision, the lost rate limit.
    assert!(text.contains("AGT-RCE-003@el-report-runner"), "{text}");
    assert!(text.contains("LLM-GR-001@el-output-guardrail"), "{text}");
    assert!(text.contains("LLM-DOS-001@el-llm-api"), "{text}");
    assert!(text.contains("el-report-runner Report runner (added)"), "{text}");
    assert!(
        text.contains("el-app-backend Assistant backend (changed: controls)"),
        "{text}"
    );
    assert!(text.contains("accepted → untriaged"), "{text}");
    assert!(text.contains("1 moved or resized on the diagram"), "{text}");
    golden("diff-rag.txt", &text, dir.path());
    // Only critical gates: the new findings here stop below it.
    let o = bulwark(
        dir.path(),
        &[
            "diff",
            rag().to_str().unwrap(),
            v2.to_str().unwrap(),
            "--fail-on",
            "critical",
        ],
    );
    let critical = stdout(&o).contains("critical,") || stdout(&o).contains("(1 critical");
    assert_eq!(o.status.code(), Some(if critical { 1 } else { 0 }), "{}", stdout(&o));
}

#[test]
fn going_back_resolves_what_the_change_added_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = changed_rag(dir.path());
    let o = bulwark(dir.path(), &["diff", v2.to_str().unwrap(), rag().to_str().unwrap()]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}{}", stderr(&o));
    assert!(
        text.contains("AGT-RCE-003@el-report-runner  Untrusted content can drive code execution (no longer applies)"),
        "{text}"
    );
    assert!(text.contains("LLM-GR-001@el-output-guardrail"), "{text}");
    assert!(text.contains("untriaged → accepted"), "{text}");
    assert!(text.contains("el-report-runner Report runner (removed)"), "{text}");
}

#[test]
fn the_same_model_has_no_differences() {
    let dir = tempfile::tempdir().unwrap();
    let o = bulwark(
        dir.path(),
        &[
            "diff",
            rag().to_str().unwrap(),
            rag().to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for k in ["new", "resolved", "retriaged", "newly_stale", "severity"] {
        assert_eq!(v["risk"][k].as_array().map(Vec::len), Some(0), "{k}");
    }
    assert_eq!(v["design"]["layout_moves"], 0);
}

#[test]
fn markdown_and_json_say_the_same_as_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = changed_rag(dir.path());
    let args = |f: &'static str| {
        [
            "diff".to_string(),
            rag().display().to_string(),
            v2.display().to_string(),
            "--format".into(),
            f.into(),
        ]
    };
    let run = |f| {
        let a = args(f);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        stdout(&bulwark(dir.path(), &a))
    };
    let md = run("md");
    assert!(
        md.contains("| Severity | New open finding | On | Missing controls |"),
        "{md}"
    );
    assert!(
        md.contains("<details><summary>Everything that changed</summary>"),
        "{md}"
    );
    golden("diff-rag.md", &md, dir.path());
    let json = run("json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let new: Vec<&str> = v["risk"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(new.contains(&"AGT-RCE-003@el-report-runner"), "{new:?}");
    for id in &new {
        assert!(
            md.contains(&format!("`{id}`")),
            "{id} is in the JSON but not in the comment"
        );
    }
    golden("diff-rag.json", &json, dir.path());
}

#[test]
fn a_side_can_be_read_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir.path())
            .output()
            .expect("git");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    std::fs::copy(rag(), dir.path().join("model.bulwark.ron")).unwrap();
    git(&["init", "-q"]);
    git(&["add", "model.bulwark.ron"]);
    git(&["commit", "-q", "-m", "first"]);
    let v2 = changed_rag(dir.path());
    std::fs::rename(v2, dir.path().join("model.bulwark.ron")).unwrap();
    let o = bulwark(dir.path(), &["diff", "git:HEAD:model.bulwark.ron", "model.bulwark.ron"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("AGT-RCE-003@el-report-runner"));
    // A revision that does not exist, or one that looks like an option, is an error (exit 2).
    for spec in [
        "git:no-such-rev:model.bulwark.ron",
        "git:--output=x:model.bulwark.ron",
        "git:HEAD",
    ] {
        let o = bulwark(dir.path(), &["diff", spec, "model.bulwark.ron"]);
        assert_eq!(o.status.code(), Some(2), "{spec}: {}", stdout(&o));
        assert!(stderr(&o).contains(spec), "{spec}: {}", stderr(&o));
    }
    assert!(!dir.path().join("x").exists(), "a revision was taken for an option");
}

#[test]
fn a_missing_file_is_an_error_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let o = bulwark(dir.path(), &["diff", "nope.bulwark.ron", rag().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.bulwark.ron"), "{}", stderr(&o));
}

#[test]
fn check_against_a_baseline_reports_and_gates_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = changed_rag(dir.path());
    let (old, new) = (rag().display().to_string(), v2.display().to_string());
    let o = bulwark(dir.path(), &["check", &new, "--baseline", &old]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}{}", stderr(&o));
    assert!(text.contains("AGT-RCE-003@el-report-runner"), "{text}");
    // Open on both sides: not new, not listed.
    let plain = stdout(&bulwark(dir.path(), &["check", &new]));
    assert!(plain.contains("LLM-PI-002@el-llm-api"), "{plain}");
    assert!(!text.contains("LLM-PI-002@el-llm-api"), "{text}");
    // Nothing new against itself: passes, although the model has open high findings.
    let o = bulwark(dir.path(), &["check", &old, "--baseline", &old]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(bulwark(dir.path(), &["check", &old]).status.code(), Some(1));
    // A baseline that cannot be read is an error.
    assert_eq!(
        bulwark(dir.path(), &["check", &old, "--baseline", "missing.bulwark.ron"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn sarif_against_a_baseline_marks_every_result() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = changed_rag(dir.path());
    let (old, new) = (rag().display().to_string(), v2.display().to_string());
    let sarif = |file: &str, base: &str| -> serde_json::Value {
        let o = bulwark(dir.path(), &["check", file, "--baseline", base, "--format", "sarif"]);
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    let state = |v: &serde_json::Value, id: &str| -> Option<String> {
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["partialFingerprints"]["bulwarkFindingId/v2"] == id)
            .map(|r| r["baselineState"].as_str().unwrap_or("missing").to_string())
    };
    let forward = sarif(&new, &old);
    let results = forward["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().all(|r| r["baselineState"].is_string()),
        "every result is marked"
    );
    assert_eq!(state(&forward, "AGT-RCE-003@el-report-runner").as_deref(), Some("new"));
    // Far from the change: unchanged; a decision withdrawn: updated.
    assert_eq!(
        state(&forward, "STR-INFO-001@el-vector-db").as_deref(),
        Some("unchanged")
    );
    assert_eq!(
        state(&forward, "LLM-GR-001@el-output-guardrail").as_deref(),
        Some("updated")
    );
    // Every result's rule is described, the absent ones' too.
    let rules: Vec<&str> = forward["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let back = sarif(&old, &new);
    assert_eq!(state(&back, "AGT-RCE-003@el-report-runner").as_deref(), Some("absent"));
    for v in [&forward, &back] {
        let rules: Vec<&str> = v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        for r in v["runs"][0]["results"].as_array().unwrap() {
            assert!(rules.contains(&r["ruleId"].as_str().unwrap()), "{r}");
        }
    }
    assert!(!rules.is_empty());
    // Without a baseline there is no baselineState.
    let o = bulwark(dir.path(), &["check", &new, "--format", "sarif"]);
    assert!(!stdout(&o).contains("baselineState"));
}

/// Runs git in `dir` with its own identity and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let o = git(dir, args);
    assert!(
        o.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A repository with the RAG example on main and the documented merge driver pointing at the
/// built binary.
fn repo_with_driver(dir: &Path) {
    std::fs::copy(rag(), dir.join("model.bulwark.ron")).unwrap();
    std::fs::write(dir.join(".gitattributes"), "*.bulwark.ron merge=bulwark\n").unwrap();
    git_ok(dir, &["init", "-q", "-b", "main"]);
    let driver = format!("{} merge %O %A %B -o %A", env!("CARGO_BIN_EXE_bulwark"));
    git_ok(dir, &["config", "merge.bulwark.driver", &driver]);
    git_ok(dir, &["add", "."]);
    git_ok(dir, &["commit", "-q", "-m", "base"]);
}

fn edit_model(dir: &Path, from: &str, to: &str) {
    let path = dir.join("model.bulwark.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_merge_driver_combines_edits_to_different_components() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    repo_with_driver(d);
    git_ok(d, &["checkout", "-q", "-b", "theirs"]);
    edit_model(d, "name: \"Assistant backend\"", "name: \"Assistant API\"");
    git_ok(d, &["commit", "-q", "-am", "rename the backend"]);
    git_ok(d, &["checkout", "-q", "main"]);
    edit_model(d, "name: \"Ask-IT chat UI\"", "name: \"Ask-IT web app\"");
    git_ok(d, &["commit", "-q", "-am", "rename the UI"]);
    // The attribute hands the file to the driver, which merges item by item.
    let o = git(d, &["merge", "-q", "--no-edit", "theirs"]);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(d.join("model.bulwark.ron")).unwrap();
    assert!(
        text.contains("Assistant API") && text.contains("Ask-IT web app"),
        "{text}"
    );
    assert!(!text.contains("conflicts:"));
    assert_eq!(bulwark(d, &["validate", "model.bulwark.ron"]).status.code(), Some(0));
    assert!(
        !d.join("model.bulwark.ron.bak").exists(),
        "the driver leaves no backup in the work tree"
    );
}

#[test]
fn a_real_conflict_leaves_a_loadable_file_with_conflict_records_that_check_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    repo_with_driver(d);
    git_ok(d, &["checkout", "-q", "-b", "theirs"]);
    edit_model(d, "name: \"Assistant backend\"", "name: \"Their backend\"");
    git_ok(d, &["commit", "-q", "-am", "theirs"]);
    git_ok(d, &["checkout", "-q", "main"]);
    edit_model(d, "name: \"Assistant backend\"", "name: \"Our backend\"");
    git_ok(d, &["commit", "-q", "-am", "ours"]);
    let o = git(d, &["merge", "-q", "--no-edit", "theirs"]);
    assert!(!o.status.success(), "a conflict stops the merge");
    let text = std::fs::read_to_string(d.join("model.bulwark.ron")).unwrap();
    assert!(text.contains("conflicts:") && text.contains("Their backend"), "{text}");
    assert!(
        !text.contains("<<<<<<<"),
        "no line-conflict markers: the file is still RON"
    );
    assert_eq!(bulwark(d, &["validate", "model.bulwark.ron"]).status.code(), Some(0));
    let o = bulwark(d, &["check", "model.bulwark.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("component \"Our backend\" (el-app-backend): name"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn merge_from_the_command_line_reports_conflicts_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = std::fs::read_to_string(rag()).unwrap();
    std::fs::write(d.join("base.ron"), &text).unwrap();
    std::fs::write(
        d.join("ours.ron"),
        text.replacen("name: \"Assistant backend\"", "name: \"Ours\"", 1),
    )
    .unwrap();
    std::fs::write(
        d.join("theirs.ron"),
        text.replacen("name: \"Assistant backend\"", "name: \"Theirs\"", 1),
    )
    .unwrap();
    let o = bulwark(d, &["merge", "base.ron", "ours.ron", "theirs.ron", "-o", "out.ron"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 conflict to settle"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ours \"Ours\" · theirs \"Theirs\""),
        "{}",
        stderr(&o)
    );
    let o = bulwark(d, &["merge", "base.ron", "ours.ron", "ours.ron", "-o", "same.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        bulwark(d, &["merge", "base.ron", "missing.ron", "ours.ron", "-o", "x.ron"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_comment_can_show_the_changed_neighbourhood_as_a_diagram() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = changed_rag(dir.path());
    let (old, new) = (rag().display().to_string(), v2.display().to_string());
    let md = stdout(&bulwark(
        dir.path(),
        &["diff", &old, &new, "--format", "md", "--diagram"],
    ));
    let start = md.find("```mermaid\n").expect("a mermaid block") + "```mermaid\n".len();
    let diagram = &md[start..start + md[start..].find("```").unwrap()];
    assert!(
        diagram.contains("nel_report_runner[\"Report runner\"]:::added"),
        "{diagram}"
    );
    assert!(
        diagram.contains("nel_app_backend[\"Assistant backend\"]:::changed"),
        "{diagram}"
    );
    assert!(
        diagram.contains("nel_app_backend -->|\"+ run report code\"| nel_report_runner"),
        "{diagram}"
    );
    // Only the neighbourhood: the vector store, two flows away, is not drawn.
    assert!(!diagram.contains("nel_vector_db"), "{diagram}");
    // Without --diagram, or with nothing drawn changed, no block.
    assert!(!stdout(&bulwark(dir.path(), &["diff", &old, &new, "--format", "md"])).contains("```mermaid"));
    assert!(
        !stdout(&bulwark(
            dir.path(),
            &["diff", &old, &old, "--format", "md", "--diagram"]
        ))
        .contains("```mermaid")
    );
}

/// The SARIF Bulwark writes, with and without a baseline, is valid against the published SARIF
/// 2.1.0 schema (vendored under tests/fixtures/schemas/).
#[test]
fn sarif_with_and_without_a_baseline_validates_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let dir = tempfile::tempdir().unwrap();
    let v2 = changed_rag(dir.path());
    let (old, new) = (rag().display().to_string(), v2.display().to_string());
    for args in [
        vec!["check", &new, "--format", "sarif"],
        vec!["check", &new, "--baseline", &old, "--format", "sarif"],
        vec!["check", &old, "--baseline", &new, "--format", "sarif"],
    ] {
        let o = bulwark(dir.path(), &args);
        let log: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
    // The schema does reject what is not SARIF, so the check above can fail.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": "not a list"}]});
    assert!(!validator.is_valid(&broken));
}

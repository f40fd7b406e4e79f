//! Hostile input (issue 11): models, rules and files an attacker could hand Bulwark, each built
//! here. Every one must end quickly with a clear error naming what ran over, and never take the
//! other rules' findings, the terminal or an earlier file with it.

use crate::util::{bulwark, root, stderr, stdout};
use bulwark::catalog::{Catalog, SourceFile, builtin_sources, load_layers};
use bulwark::engine::{Engine, Evaluation};
use bulwark::model::{Boundary, BoundaryKind, Element, Flow, Model};
use bulwark::script::{Limits, RuleErrorKind};
use std::path::Path;
use std::sync::Arc;

/// The shipped library plus one user rule script.
fn with_script(script: &str) -> Arc<Catalog> {
    let user = vec![SourceFile {
        rel: "hostile.rhai".into(),
        display: "/rules/hostile.rhai".into(),
        text: script.to_owned().into(),
    }];
    let (cat, report) = load_layers(&[builtin_sources(), user]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    Arc::new(cat)
}

/// A script's metadata; the script body below it runs only on a model with elements (the
/// metadata is read by running the script on an empty model).
const META: &str = r#"let rule = #{ id: "HOSTILE-001", title: "Hostile", description: "d", mitigation: "m",
    likelihood: "Low", impact: "Low", stride: ["Tampering"] };
if model.elements().len() == 0 { return; }
"#;

/// `n` agents, every one sending to every other, plus one element nothing reaches.
fn fully_linked(n: usize) -> Model {
    let mut m = Model::new("dense");
    for i in 0..n {
        m.elements.insert(
            format!("el-a{i}").as_str().into(),
            Element::new("agent-orchestrator", format!("agent {i}")),
        );
    }
    m.elements
        .insert("el-island".into(), Element::new("database", "island"));
    for i in 0..n {
        for j in 0..n {
            if i != j {
                let f = Flow::new(format!("el-a{i}").as_str(), format!("el-a{j}").as_str(), "talk");
                m.flows.insert(format!("fl-{i}-{j}").as_str().into(), f);
            }
        }
    }
    m
}

fn the_error<'a>(eval: &'a Evaluation, rule: &str) -> &'a bulwark::script::RuleError {
    eval.errors
        .iter()
        .find(|e| e.rule.as_deref() == Some(rule))
        .unwrap_or_else(|| panic!("no error for {rule}: {:?}", eval.errors))
}

fn small_limits() -> Limits {
    Limits {
        rule_steps: 200_000,
        rule_steps_per_item: 0,
        // These tests are about counted budgets; the clock must not decide them on a busy machine.
        deadline_millis: 600_000,
        ..Limits::default()
    }
}

#[test]
fn paths_to_an_element_nothing_reaches_ends_at_once_even_in_a_dense_model() {
    // Enumerating every simple path of 14 fully linked agents took minutes.
    let cat = with_script(&format!(
        "{META}let a = model.element(\"el-a0\"); let t = model.element(\"el-island\");
         if model.paths(a, t).len() == 0 {{ finding(a, \"no path\"); }}"
    ));
    let eval = Engine::new(cat).evaluate(Arc::new(fully_linked(14)), 0);
    assert!(eval.errors.is_empty(), "{:?}", eval.errors);
    assert!(eval.findings.iter().any(|f| f.rule.as_str() == "HOSTILE-001"));
}

#[test]
fn paths_that_would_enumerate_forever_are_charged_to_the_rule() {
    // A reachable target in a dense graph: each call is capped at 100 paths, but a loop of
    // calls must still run out of budget, and say so.
    let cat = with_script(&format!(
        "{META}let a = model.element(\"el-a0\"); let b = model.element(\"el-a1\");
         loop {{ model.paths(a, b); }}"
    ));
    let eval = Engine::with_limits(cat, small_limits()).evaluate(Arc::new(fully_linked(14)), 0);
    let e = the_error(&eval, "HOSTILE-001");
    assert_eq!(e.kind, RuleErrorKind::Limit);
    assert!(e.message.contains("its budget of 200,000 steps in paths()"), "{e}");
    assert!(
        eval.findings.iter().any(|f| f.rule.as_str() != "HOSTILE-001"),
        "the other rules' findings are kept"
    );
}

#[test]
fn sorting_a_large_array_in_a_loop_runs_out_of_budget() {
    let cat = with_script(&format!(
        "{META}let a = []; for i in 0..50000 {{ a.push(50000 - i); }} loop {{ a.sort(); }}"
    ));
    let limits = Limits {
        rule_steps: 1_500_000,
        ..small_limits()
    };
    let eval = Engine::with_limits(cat, limits).evaluate(Arc::new(fully_linked(2)), 0);
    let e = the_error(&eval, "HOSTILE-001");
    assert!(e.message.contains("sort()"), "{e}");
}

#[test]
fn doubling_an_array_is_charged_for_every_item() {
    let cat = with_script(&format!("{META}let a = [1]; loop {{ a = a + a; }}"));
    let eval = Engine::with_limits(cat, small_limits()).evaluate(Arc::new(fully_linked(2)), 0);
    let e = the_error(&eval, "HOSTILE-001");
    assert!(
        e.message.contains("array +") || e.message.contains("Size of array"),
        "{e}"
    );
}

#[test]
fn a_thousand_rules_share_one_budget_per_run() {
    // A model can bring many rules; together they stop at the run's budget, and every rule
    // that could not finish says so.
    let user: Vec<SourceFile> = (0..40)
        .map(|i| SourceFile {
            rel: format!("busy-{i}.rhai"),
            display: format!("/rules/busy-{i}.rhai"),
            text: (META.replace("HOSTILE-001", &format!("BUSY-{i:03}")) + "loop { }").into(),
        })
        .collect();
    let (cat, report) = load_layers(&[builtin_sources(), user]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let limits = Limits {
        rule_steps: 100_000,
        rule_steps_per_item: 0,
        run_steps: 1_000_000,
        ..Limits::default()
    };
    let eval = Engine::with_limits(Arc::new(cat), limits).evaluate(Arc::new(fully_linked(2)), 0);
    let busy: Vec<_> = eval
        .errors
        .iter()
        .filter(|e| e.rule.as_deref().is_some_and(|r| r.starts_with("BUSY-")))
        .collect();
    assert_eq!(busy.len(), 40, "every rule reports its stop");
    assert!(busy[0].message.contains("its budget of 100,000 steps"), "{}", busy[0]);
    assert!(
        busy.iter()
            .any(|e| e.message.contains("that all rules of one evaluation share")),
        "{:?}",
        busy.last()
    );
}

#[test]
fn a_flood_of_findings_is_a_rule_error_and_the_rest_survive() {
    // 64 KiB explanations in a loop reached 2 GiB in seconds and aborted the process.
    let cat = with_script(&format!(
        "{META}let el = model.elements()[0]; let s = \"x\"; while s.len() < 60000 {{ s += s; }}
         loop {{ finding(el, s); }}"
    ));
    let eval = Engine::new(cat.clone()).evaluate(Arc::new(fully_linked(3)), 0);
    let e = the_error(&eval, "HOSTILE-001");
    assert!(e.message.contains("explanation of"), "{e}");
    assert!(eval.findings.iter().any(|f| f.rule.as_str() != "HOSTILE-001"));

    let cat = with_script(&format!(
        "{META}let el = model.elements()[0]; loop {{ finding(el, \"again\"); }}"
    ));
    let limits = Limits {
        findings_per_rule: 500,
        findings_per_item: 0,
        ..Limits::default()
    };
    let eval = Engine::with_limits(cat, limits).evaluate(Arc::new(fully_linked(3)), 0);
    let e = the_error(&eval, "HOSTILE-001");
    assert!(e.message.contains("more findings than a rule may"), "{e}");
}

#[test]
fn built_in_rules_on_a_huge_model_stop_at_the_deadline_with_an_error() {
    // Built-in element and flow rules count no steps; on a model large enough they are what
    // keeps `check` past its deadline, so their loops watch the clock too.
    let (cat, _) = Catalog::builtin();
    let model = Arc::new(bulwark::synth::synth_model(&cat, 600, 1));
    let limits = Limits {
        deadline_millis: 0,
        ..Limits::default()
    };
    let eval = Engine::with_limits(Arc::new(cat.clone()), limits).evaluate(model.clone(), 0);
    let stopped: std::collections::BTreeSet<_> = eval
        .errors
        .iter()
        .filter(|e| e.message.contains("deadline"))
        .filter_map(|e| e.rule.clone())
        .collect();
    let full = Engine::new(Arc::new(cat.clone())).evaluate(model, 0);
    assert!(full.errors.is_empty(), "{:?}", full.errors);
    let firing: std::collections::BTreeSet<_> = full.findings.iter().map(|f| f.rule.0.clone()).collect();
    let element_rules: Vec<_> = cat
        .rules
        .iter()
        .filter(|r| r.scope == bulwark::catalog::Scope::Element && firing.contains(&r.id.0))
        .collect();
    assert!(element_rules.len() > 20);
    for r in element_rules {
        assert!(stopped.contains(&r.id.0), "{} ran on past the deadline", r.id.0);
    }
    assert!(eval.findings.len() < full.findings.len());
}

#[test]
fn a_chain_of_ten_thousand_boundaries_is_refused_at_load_with_its_line() {
    let mut m = Model::new("deep");
    for i in 0..10_000 {
        let mut b = Boundary::new(format!("b{i}"), BoundaryKind::Other);
        if i > 0 {
            b.parent = Some(format!("tb-{}", i - 1).as_str().into());
        }
        m.boundaries.insert(format!("tb-{i}").as_str().into(), b);
    }
    let text = bulwark::model::to_string(&m).unwrap();
    let err = bulwark::model::from_str(&text, "deep.bulwark.ron")
        .unwrap_err()
        .to_string();
    assert!(err.contains("nested 65 levels deep; at most 64"), "{err}");
    assert!(err.starts_with("deep.bulwark.ron:"), "{err}");
    // 64 levels are fine.
    m.boundaries
        .retain(|id, _| id.as_str()[3..].parse::<usize>().is_ok_and(|n| n < 64));
    let text = bulwark::model::to_string(&m).unwrap();
    bulwark::model::from_str(&text, "ok.bulwark.ron").unwrap();
}

#[cfg(unix)]
#[test]
fn a_model_that_is_a_device_or_too_large_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.bulwark.ron")).unwrap();
    for args in [
        vec!["check", "zero.bulwark.ron"],
        vec!["report", "zero.bulwark.ron", "--format", "md"],
        vec!["export", "zero.bulwark.ron", "--format", "dot"],
        vec!["validate", "zero.bulwark.ron"],
    ] {
        let o = bulwark(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not a regular file (a device)"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let big = dir.path().join("big.bulwark.ron");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(bulwark::io::MAX_INPUT_BYTES + 1).unwrap();
    let o = bulwark(dir.path(), &["check", "big.bulwark.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("larger than the 33554432-byte limit"),
        "{}",
        stderr(&o)
    );
}

/// Issue 17: every importer reads through the one reading function, so a device or an oversized
/// file is refused before parsing, and 10,000-deep nesting is a syntax error with its line and
/// column, for each `--from` and for detection from the content.
#[cfg(unix)]
#[test]
fn every_importer_refuses_devices_oversized_and_deeply_nested_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.json")).unwrap();
    let f = std::fs::File::create(d.join("big.json")).unwrap();
    f.set_len(bulwark::io::MAX_INPUT_BYTES + 1).unwrap();
    let deep_json = format!("{{\n\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    std::fs::write(d.join("deep.json"), deep_json).unwrap();
    let deep_xml = format!(
        "<ThreatModel>\n{}{}</ThreatModel>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    std::fs::write(d.join("deep.tm7"), deep_xml).unwrap();
    for from in [
        None,
        Some("tm7"),
        Some("threat-dragon"),
        Some("otm"),
        Some("cyclonedx"),
        Some("threat-composer"),
    ] {
        let deep = if from == Some("tm7") { "deep.tm7" } else { "deep.json" };
        for (file, expect) in [
            ("zero.json", "not a regular file (a device)".to_owned()),
            ("big.json", "larger than the 33554432-byte limit".to_owned()),
            (deep, format!("{deep}:2:")),
        ] {
            let mut args = vec!["import", file, "-o", "out.bulwark.ron"];
            if let Some(f) = from {
                args.extend(["--from", f]);
            }
            let o = bulwark(d, &args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(&expect), "{args:?}: {}", stderr(&o));
            assert!(!d.join("out.bulwark.ron").exists(), "{args:?}");
        }
    }
}

#[test]
fn sarif_locates_every_finding_at_its_elements_line() {
    let path = root().join("assets/examples/rag-assistant.bulwark.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let o = bulwark(&root(), &["check", path.to_str().unwrap(), "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 10, "{}", results.len());
    for r in results {
        let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap() as usize;
        let anchor = r["locations"][0]["logicalLocations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["name"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>();
        let shown = text.lines().nth(line - 1).unwrap();
        assert!(
            anchor.iter().any(|a| shown.trim() == format!("{a:?}: (")),
            "line {line} ({shown:?}) is not one of {anchor:?}"
        );
    }
}

/// A model whose name and an element's name carry terminal escapes, and a model rule whose
/// explanation does.
fn escaping_model(dir: &Path) {
    let mut m = Model::new("Evil\u{1b}]0;pwned\u{7}\u{1b}[2J");
    m.elements
        .insert("el-llm".into(), Element::new("llm-api", "LLM\u{1b}[8m hidden"));
    bulwark::model::save(&m, &dir.join("evil.bulwark.ron")).unwrap();
    std::fs::create_dir(dir.join("bulwark-rules")).unwrap();
    std::fs::write(
        dir.join("bulwark-rules/escape.rhai"),
        format!("{META}for e in model.elements() {{ finding(e, \"clear\\x1b[2J{{e.name}}\"); }}"),
    )
    .unwrap();
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    escaping_model(dir.path());
    for format in ["text", "json", "sarif"] {
        let o = bulwark(dir.path(), &["check", "evil.bulwark.ron", "--format", format]);
        let out = stdout(&o);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{format}: {out}");
        assert!(out.contains("\\u001b"), "{format}: the escape is shown: {out}");
        if format != "text" {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            let name = if format == "json" {
                &v["model"]["name"]
            } else {
                &v["runs"][0]["properties"]["model"]
            };
            assert!(
                name.as_str().unwrap().contains('\u{1b}'),
                "JSON still means the same text"
            );
        }
        assert!(!stderr(&o).contains('\u{1b}'), "{}", stderr(&o));
    }
}

#[test]
fn a_broken_ron_rule_file_is_an_error_like_a_broken_script() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("assets/examples/rag-assistant.bulwark.ron"),
        dir.path().join("m.bulwark.ron"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("bulwark-rules")).unwrap();
    std::fs::write(dir.path().join("bulwark-rules/broken.ron"), "[ ( id: \"X-1\", title: ").unwrap();
    let o = bulwark(dir.path(), &["check", "m.bulwark.ron", "--fail-on", "critical"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("rule error:") && stderr(&o).contains("broken.ron:1"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("LLM-PI"), "the other rules' findings are printed");
}

/// Runs `bulwark ARGS` in `dir` with files limited to `blocks` 512-byte blocks: a write past
/// the limit kills the process, as a full disk or a crash would stop it.
#[cfg(unix)]
fn with_file_limit(dir: &Path, blocks: u32, args: &[&str]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f {blocks} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_bulwark"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_report_killed_while_writing_leaves_the_previous_report_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("assets/examples/rag-assistant.bulwark.ron"),
        dir.path().join("m.bulwark.ron"),
    )
    .unwrap();
    std::fs::write(dir.path().join("out.html"), "the previous report").unwrap();
    let o = with_file_limit(
        dir.path(),
        8,
        &["report", "m.bulwark.ron", "--format", "html", "-o", "out.html"],
    );
    assert!(!o.status.success(), "the limit stops the write");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.html")).unwrap(),
        "the previous report"
    );
    let o = bulwark(
        dir.path(),
        &["export", "m.bulwark.ron", "--format", "svg", "-o", "out.html"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "the next write cleans the dead one's temporary file: {leftovers:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_save_killed_while_backing_up_keeps_the_previous_backup() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.bulwark.ron");
    let mut big = Model::new("big");
    big.description = "x".repeat(20_000);
    bulwark::model::save(&big, &model).unwrap();
    std::fs::write(bulwark::model::backup_path(&model), "the previous good backup").unwrap();
    // A small model, mapped over the big one: the new file fits the limit, the copy of the old
    // one to `.bak` does not.
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(repo.join("requirements.txt"), "openai\n").unwrap();
    let o = with_file_limit(dir.path(), 20, &["map", "repo", "-o", "m.bulwark.ron"]);
    assert!(!o.status.success());
    assert_eq!(
        std::fs::read_to_string(bulwark::model::backup_path(&model)).unwrap(),
        "the previous good backup"
    );
    assert_eq!(bulwark::model::load(&model).unwrap().name, "big", "the model is whole");
}

/// A repository folder with these files.
fn repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join("repo").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

fn map_repo(dir: &Path) -> (std::process::Output, Model) {
    let o = bulwark(dir, &["map", "repo", "-o", "m.bulwark.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (o.clone(), bulwark::model::load(&dir.join("m.bulwark.ron")).unwrap())
}

#[test]
fn a_compose_file_of_thousands_of_chained_services_maps_a_bounded_model() {
    // 4,000 services, each depending on the one before: took 7–10 s and drew all of them.
    let mut compose = String::from("services:\n");
    for i in 0..4000 {
        compose.push_str(&format!("  s{i}:\n    image: busybox\n"));
        if i > 0 {
            compose.push_str(&format!("    depends_on:\n      - s{}\n", i - 1));
        }
    }
    let dir = repo(&[("docker-compose.yml", compose.as_bytes())]);
    let (o, m) = map_repo(dir.path());
    assert!(
        stdout(&o).contains("4000 services; only the first 500 were mapped"),
        "{}",
        stdout(&o)
    );
    assert!(m.elements.len() <= 510, "{} elements", m.elements.len());
    assert!(m.flows.len() >= 490, "the chain of the services kept is drawn");
}

#[test]
fn services_that_all_depend_on_each_other_contribute_a_bounded_number_of_flows() {
    // 300 services, each depending on every other, made a 72 MB model Bulwark then refused to
    // open; 200 keep the file under the mapper's 1 MB limit per file.
    let mut compose = String::from("services:\n");
    for i in 0..200 {
        compose.push_str(&format!("  s{i}:\n    image: busybox\n    depends_on:\n"));
        for j in 0..200 {
            if j != i {
                compose.push_str(&format!("      - s{j}\n"));
            }
        }
    }
    let dir = repo(&[("docker-compose.yml", compose.as_bytes())]);
    let (o, m) = map_repo(dir.path());
    assert!(
        stdout(&o).contains("depends_on entries past the first 2000 were left out"),
        "{}",
        stdout(&o)
    );
    assert!(m.flows.len() <= 2_100, "{} flows", m.flows.len());
    let size = std::fs::metadata(dir.path().join("m.bulwark.ron")).unwrap().len();
    assert!(size < bulwark::model::MAX_MODEL_BYTES / 4, "{size} bytes");
}

#[test]
fn a_huge_ignore_file_is_not_applied_and_says_so() {
    // A 2.6 MB .gitignore used 1.1 GB.
    let mut patterns = String::new();
    let mut i = 0;
    while patterns.len() < 200 * 1024 {
        patterns.push_str(&format!("generated/**/pattern-{i}-*.py\n"));
        i += 1;
    }
    let dir = repo(&[
        (".gitignore", patterns.as_bytes()),
        ("app/requirements.txt", b"openai\n"),
        ("app/main.py", b"import openai\n"),
        ("sub/.gitignore", b"skipped.py\n"),
        ("sub/skipped.py", b"import anthropic\n"),
    ]);
    let (o, m) = map_repo(dir.path());
    assert!(
        stdout(&o).contains(".gitignore: larger than 65536 bytes; its patterns were not applied"),
        "{}",
        stdout(&o)
    );
    assert!(m.elements.values().any(|e| e.name.contains("OpenAI")), "the rest maps");
    assert!(
        !m.elements.values().any(|e| e.name.contains("Anthropic")),
        "a small ignore file still applies"
    );
}

#[cfg(unix)]
#[test]
fn file_names_with_control_characters_are_shown_not_obeyed() {
    let dir = repo(&[("evil\u{1b}[2J\u{1b}]0;owned\u{7}.py", b"import os\0binary")]);
    let o = bulwark(dir.path(), &["map", "repo", "-o", "m.bulwark.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("evil\\u001b[2J"), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
}

#[test]
fn a_shipped_script_rule_still_runs_on_more_than_a_hundred_thousand_matching_elements() {
    // The sandbox's array limit (100,000) made `mcp-server-sprawl` fail on large models.
    let only_sprawl: Vec<SourceFile> = builtin_sources()
        .into_iter()
        .filter(|f| !f.rel.starts_with("threats/") && (!f.rel.starts_with("rules/") || f.rel.contains("sprawl")))
        .collect();
    let (cat, report) = load_layers(&[only_sprawl]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut m = Model::new("many agents");
    for i in 0..100_050 {
        m.elements
            .insert(format!("el-{i}").as_str().into(), Element::new("sub-agent", "a"));
    }
    for (i, kind) in ["mcp-server", "mcp-server"].iter().enumerate() {
        let mut server = Element::new(*kind, format!("server {i}"));
        server
            .properties
            .insert("third_party".into(), bulwark::model::Value::Bool(true));
        m.elements.insert(format!("el-mcp-{i}").as_str().into(), server);
        m.flows.insert(
            format!("fl-{i}").as_str().into(),
            Flow::new("el-0", format!("el-mcp-{i}").as_str(), "tools"),
        );
    }
    let eval = Engine::new(Arc::new(cat)).evaluate(Arc::new(m), 0);
    assert!(eval.errors.is_empty(), "{:?}", eval.errors);
    let sprawl: Vec<_> = eval
        .findings
        .iter()
        .filter(|f| f.rule.as_str() == "RHAI-MCP-001")
        .collect();
    assert_eq!(sprawl.len(), 1, "{sprawl:?}");
    assert_eq!(sprawl[0].anchor.as_str(), "el-0");
}

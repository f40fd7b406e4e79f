//! The accuracy benchmark's cases (tests/accuracy) load, place every threat on elements their
//! model has, and name only rules the library runs; `bulwark rules accuracy` scores them.

use crate::util::{bulwark, root, stderr, stdout};
use bulwark::catalog::Catalog;
use bulwark::engine::Engine;
use bulwark::engine::accuracy::{load_cases, unknown_rules};
use std::sync::Arc;

#[test]
fn every_case_loads_and_names_only_rules_the_library_has() {
    let (cases, errors) = load_cases(&root().join("tests/accuracy"));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(cases.len() >= 10, "{} cases", cases.len());
    let engine = Engine::new(Arc::new(Catalog::builtin().0));
    for case in &cases {
        assert!(!case.expected.threats.is_empty(), "{}", case.name);
        assert!(!case.expected.source.url.is_empty() && !case.expected.source.licence.is_empty());
        let unknown = unknown_rules(&engine, case);
        assert!(unknown.is_empty(), "{}: {unknown:?}", case.name);
    }
}

#[test]
fn the_accuracy_command_prints_totals_per_group() {
    let o = bulwark(&root(), &["rules", "accuracy", "tests/accuracy", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["groups"]["cases"]["threats"].as_u64().unwrap() > 50);
    assert!(v["groups"]["sealed"]["threats"].as_u64().unwrap() > 20);
    let recall = v["total"]["hits"].as_f64().unwrap() / v["total"]["threats"].as_f64().unwrap();
    assert!(recall > 0.2 && recall <= 1.0, "{recall}");
    // What recall lacks, by why, adds up with it to every threat.
    let t = &v["total"];
    let n = |k: &str| t[k].as_f64().unwrap();
    let lost = |k: &str| t["shortfall"][k].as_f64().unwrap();
    let counted = n("hits") + n("partials") + lost("missed_no_rule") + lost("missed_rules_silent");
    assert_eq!(counted, n("threats"));
    assert_eq!(
        lost("partial_no_full_rule") + lost("partial_full_rule_silent"),
        n("partials")
    );
    // The text form says where the points go, for each group and in total.
    let o = bulwark(&root(), &["rules", "accuracy", "tests/accuracy"]);
    let out = stdout(&o);
    let block = out
        .split("recall points short of 100%")
        .nth(1)
        .expect("the shortfall block");
    for group in ["total cases", "total sealed"] {
        assert!(block.lines().any(|l| l.starts_with(group)), "{group}: {block}");
    }
}

/// The indented detail lines (misses, partials, duplicates) printed under each sealed case.
fn sealed_details(out: &str) -> usize {
    let mut in_sealed = false;
    let mut n = 0;
    for line in out.lines() {
        if !line.starts_with(' ') {
            in_sealed = line.starts_with("sealed/");
        } else if in_sealed {
            n += 1;
        }
    }
    n
}

#[test]
fn misses_of_the_sealed_holdout_are_listed_only_when_unsealed() {
    let o = bulwark(&root(), &["rules", "accuracy", "tests/accuracy", "--misses"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\n    miss ") || out.contains("\n    partial "), "{out}");
    assert_eq!(sealed_details(&out), 0, "{out}");
    let o = bulwark(
        &root(),
        &["rules", "accuracy", "tests/accuracy", "--misses", "--unseal"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(sealed_details(&stdout(&o)) > 0);
}

/// A one-case benchmark whose one threat names a rule `X-ORDERS` the library does not have.
fn orders_benchmark() -> tempfile::TempDir {
    let bench = tempfile::tempdir().unwrap();
    let case = bench.path().join("cases/mini");
    std::fs::create_dir_all(&case).unwrap();
    std::fs::write(
        case.join("model.bulwark.ron"),
        r#"(format: 9, name: "mini", elements: {"el-db": (kind: "database", name: "Orders")})"#,
    )
    .unwrap();
    std::fs::write(
        case.join("expected.ron"),
        r#"(
    source: (title: "t", authors: "a", url: "u", licence: "l", retrieved: "2026-12-06", section: "s"),
    threats: [(id: "ORDERS", summary: "The orders database is unguarded.", on: ["el-db"], rules: ["X-ORDERS"], partial: [])],
)"#,
    )
    .unwrap();
    bench
}

/// A rules folder holding `X-ORDERS` (every database), with `extra` fields (a condition).
fn orders_rule(extra: &str) -> tempfile::TempDir {
    let rules = tempfile::tempdir().unwrap();
    let rule = format!(
        r#"[(id: "X-ORDERS", title: "Orders unguarded", description: "d", mitigation: "m", scope: Element, selector: (kinds: ["database"]), {extra} likelihood: Low, impact: Low)]"#
    );
    std::fs::write(rules.path().join("orders.ron"), rule).unwrap();
    rules
}

/// `bulwark rules accuracy BENCH --json --rules RULES`.
fn accuracy_with_rules(bench: &std::path::Path, rules: &std::path::Path) -> std::process::Output {
    bulwark(
        &root(),
        &[
            "rules",
            "accuracy",
            bench.to_str().unwrap(),
            "--json",
            "--rules",
            rules.to_str().unwrap(),
        ],
    )
}

/// A proposed rule can be scored before it is made: with `--rules`, a benchmark whose threat
/// names a rule only that folder has is scored with it; without, the case names an unknown rule.
#[test]
fn a_folder_of_extra_rules_is_scored_with_the_benchmark() {
    let bench = orders_benchmark();
    let rules = orders_rule("");
    let dir = bench.path().to_str().unwrap();
    let without = bulwark(&root(), &["rules", "accuracy", dir, "--json"]);
    assert_eq!(without.status.code(), Some(2), "{}", stdout(&without));
    assert!(stderr(&without).contains("X-ORDERS"), "{}", stderr(&without));
    let with = accuracy_with_rules(bench.path(), rules.path());
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    let v: serde_json::Value = serde_json::from_str(&stdout(&with)).unwrap();
    assert_eq!(v["total"]["hits"], 1, "{v}");
}

/// A proposed rule that fails while the benchmark runs scores as if it found nothing: the
/// command says so, with the rule's file, and exits as for any other broken input, instead of
/// printing numbers that quietly leave the rule out.
#[test]
fn a_rule_that_fails_on_a_case_is_reported_not_scored_silently() {
    let bench = orders_benchmark();
    let rules = orders_rule(r#"condition: "el.no_such_function()","#);
    let o = accuracy_with_rules(bench.path(), rules.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("X-ORDERS") && err.contains("orders.ron"), "{err}");
    assert!(err.contains("no_such_function"), "{err}");
}

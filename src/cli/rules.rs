//! `bulwark rules test [DIR]` and `bulwark rules coverage FILE…`.

use super::term::{errln, outln};
use bulwark::catalog::{Catalog, builtin_sources, read_dir_sources};
use bulwark::engine::{Engine, Status, coverage_of, load_tests, rules_without_both_cases, run_tests};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the rule tests of the shipped library, or of the library folder `dir` (its rules layered
/// on the shipped ones). Exit 0 when all pass, 1 when one fails, 2 on an error.
pub fn test(dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let (cat, broken_rules) = super::load_catalog(dir);
    let cat = Arc::new(cat);
    let files = match dir {
        Some(d) => {
            let (files, errors) = read_dir_sources(d);
            for e in &errors {
                errln!("{e}");
            }
            files
        }
        None => builtin_sources(),
    };
    let (tests, errors) = load_tests(&files);
    for e in &errors {
        errln!("{e}");
    }
    let engine = Engine::new(cat);
    for e in engine.errors() {
        errln!("rule error: {e}");
    }
    let outcomes = run_tests(&engine, &tests);
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    for o in &outcomes {
        super::term::write_text(&mut std::io::stdout(), &o.report())?;
    }
    if dir.is_none() {
        for (rule, fires, silenced) in rules_without_both_cases(&engine, &tests) {
            let missing = match (fires, silenced) {
                (false, false) => "no case where it fires and none where it is silenced",
                (false, true) => "no case where it fires",
                _ => "no case where it is silenced",
            };
            outln!(std::io::stdout(), "note  {rule}: {missing}")?;
        }
    }
    outln!(
        std::io::stdout(),
        "\n{} passed, {} failed",
        outcomes.len() - failed,
        failed
    )?;
    Ok(if broken_rules || !errors.is_empty() || !engine.errors().is_empty() {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Which rules fired on the given models (any status) and which never did, and the framework ids
/// the fired rules cover.
pub fn coverage(files: &[PathBuf], json: bool, rules_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let cat: Arc<Catalog> = Arc::new(super::load_catalog(rules_dir).0);
    let engine = Engine::new(cat.clone());
    let mut fired: BTreeMap<String, usize> = BTreeMap::new();
    let mut open: BTreeSet<String> = BTreeSet::new();
    for f in files {
        let model = match bulwark::model::load(f) {
            Ok(m) => m,
            Err(e) => {
                errln!("{e}");
                return Ok(ExitCode::from(2));
            }
        };
        let eval = engine.evaluate(Arc::new(model), 0);
        for finding in &eval.findings {
            *fired.entry(finding.rule.0.clone()).or_default() += 1;
            if finding.status == Status::Open {
                open.insert(finding.rule.0.clone());
            }
        }
    }
    let all: Vec<&bulwark::catalog::Rule> = engine.rules().collect();
    let never: Vec<&str> = all
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !fired.contains_key(*id))
        .collect();
    let cov = coverage_of(&cat, all.iter().copied().filter(|r| fired.contains_key(r.id.as_str())));
    let percent = if all.is_empty() {
        0.0
    } else {
        100.0 * fired.len() as f64 / all.len() as f64
    };
    if json {
        let v = serde_json::json!({
            "models": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
            "rules": all.len(), "fired": fired, "never_fired": never, "percent": percent,
            "framework_coverage_of_fired_rules": cov,
        });
        outln!(std::io::stdout(), "{v:#}")?;
    } else {
        outln!(
            std::io::stdout(),
            "{} of {} rules fired ({percent:.0}%) on {} model(s)",
            fired.len(),
            all.len(),
            files.len()
        )?;
        for (rule, n) in &fired {
            outln!(
                std::io::stdout(),
                "  fired  {rule:<14} {n:>3}{}",
                if open.contains(rule) { "" } else { "  (all closed)" }
            )?;
        }
        for rule in &never {
            outln!(std::io::stdout(), "  never  {rule}")?;
        }
        super::term::write_text(
            &mut std::io::stdout(),
            &format!("\nframework ids covered by the rules that fired:\n{}", cov.to_text()),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

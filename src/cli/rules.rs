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
        // A finding folded into another of its family fired too.
        for finding in eval.findings.iter().flat_map(|f| std::iter::once(f).chain(&f.folded)) {
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

/// Scores the shipped rules on the accuracy benchmark under `dir` (default `tests/accuracy`).
/// The benchmark group kept as a holdout (`tests/accuracy/README.md`).
const SEALED_GROUP: &str = "sealed";

pub fn accuracy(
    dir: Option<&Path>,
    json: bool,
    misses: bool,
    unseal: bool,
    extra: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    use bulwark::engine::accuracy::{Match, Totals, load_cases, run_case, unknown_rules};
    let dir = dir.unwrap_or(Path::new("tests/accuracy"));
    let (cases, errors) = load_cases(dir);
    for e in &errors {
        errln!("{e}");
    }
    if cases.is_empty() && errors.is_empty() {
        anyhow::bail!("no accuracy cases under {}", dir.display());
    }
    // The cases' own folders are not rule folders: only the built-in library, and the extra
    // folder when one is given.
    let (cat, broken) = match extra {
        Some(d) => super::load_catalog_for(Some(d), None),
        None => (bulwark::catalog::Catalog::builtin().0, false),
    };
    let engine = Engine::new(Arc::new(cat));
    let mut bad = !errors.is_empty() || broken;
    let mut scores = Vec::new();
    let mut reported = BTreeSet::new();
    for case in &cases {
        let unknown = unknown_rules(&engine, case);
        if !unknown.is_empty() {
            errln!(
                "{}: names rules the library does not have: {unknown:?}",
                case.dir.display()
            );
            bad = true;
        }
        let (score, eval) = run_case(&engine, case);
        // A rule that fails on a case scores as if it found nothing there: say so, once per
        // error, rather than print numbers that quietly leave it out.
        for e in &eval.errors {
            if reported.insert(e.to_string()) {
                errln!("{}: {e}", case.dir.display());
            }
            bad = true;
        }
        scores.push(score);
    }
    let groups: BTreeSet<&str> = scores.iter().map(|s| s.group.as_str()).collect();
    let mut out = std::io::stdout().lock();
    if json {
        let by_group: BTreeMap<&str, Totals> = groups
            .iter()
            .map(|g| (*g, Totals::of(scores.iter().filter(|s| s.group == *g))))
            .collect();
        let v = serde_json::json!({
            "cases": scores, "groups": by_group, "total": Totals::of(&scores),
        });
        outln!(out, "{v:#}")?;
        return Ok(if bad { ExitCode::from(2) } else { ExitCode::SUCCESS });
    }
    let row = |name: &str, t: &Totals| {
        format!(
            "{name:<48} {:>3} {:>4} {:>4} {:>4} {:>6.0}% {:>5.0}% {:>5} {:>7.1} {:>5} {:>5} {:>4} {:>4.0}%",
            t.elements,
            t.threats,
            t.hits,
            t.partials,
            100.0 * t.recall(),
            100.0 * t.reach(),
            t.asked,
            t.per_ten_elements(),
            t.open_questions,
            t.duplicates,
            t.duplicates_in_full,
            100.0 * t.high_share()
        )
    };
    outln!(
        out,
        "{:<48} {:>3} {:>4} {:>4} {:>4} {:>7} {:>6} {:>5} {:>7} {:>5} {:>5} {:>4} {:>5}",
        "case",
        "el",
        "thr",
        "hit",
        "part",
        "recall",
        "reach",
        "asked",
        "per10el",
        "quest",
        "dup",
        "full",
        "high"
    )?;
    for g in &groups {
        for (s, case) in scores.iter().zip(&cases).filter(|(s, _)| s.group == *g) {
            outln!(out, "{}", row(&format!("{g}/{}", s.name), &Totals::of([s])))?;
            if misses && (unseal || *g != SEALED_GROUP) {
                for ((id, m), t) in s.threats.iter().zip(&case.expected.threats) {
                    if *m != Match::Hit {
                        let what = if *m == Match::Partial { "partial" } else { "miss" };
                        // Which misses a rule could fix and which need a new one.
                        let rule = if !t.rules.is_empty() {
                            ""
                        } else if !t.partial.is_empty() {
                            " (no rule in full)"
                        } else {
                            " (no rule)"
                        };
                        outln!(out, "    {what:<7} {id}{rule}: {}", t.summary)?;
                    }
                }
                for d in &s.duplicated {
                    // Which findings raise only part of the threat.
                    let rules: Vec<String> = d
                        .rules
                        .iter()
                        .zip(&d.in_full)
                        .map(|(r, full)| if *full { r.to_string() } else { format!("{r} (part)") })
                        .collect();
                    outln!(out, "    dup     {} on {}: {}", d.threat, d.anchor, rules.join(", "))?;
                }
            }
        }
        outln!(
            out,
            "{}",
            row(
                &format!("total {g}"),
                &Totals::of(scores.iter().filter(|s| s.group == *g))
            )
        )?;
    }
    if groups.len() > 1 {
        outln!(out, "{}", row("total", &Totals::of(&scores)))?;
    }
    // Where the rest of recall goes, so what a rule could still fix is told from what no rule
    // names.
    outln!(
        out,
        "\nrecall points short of 100%: partial, no rule in full | partial, rule in full silent | missed, no rule | missed, rules silent"
    )?;
    let mut totals: Vec<(String, Totals)> = groups
        .iter()
        .map(|g| {
            (
                format!("total {g}"),
                Totals::of(scores.iter().filter(|s| s.group == *g)),
            )
        })
        .collect();
    if groups.len() > 1 {
        totals.push(("total".into(), Totals::of(&scores)));
    }
    for (name, t) in &totals {
        let p = t.shortfall.points(t.threats);
        outln!(
            out,
            "{name:<48} {:>5.1} | {:>5.1} | {:>5.1} | {:>5.1}",
            p[0],
            p[1],
            p[2],
            p[3]
        )?;
    }
    Ok(if bad { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

//! `bulwark map DIR -o FILE [--update EXISTING] [--all-folders] [--format text|json]`: infer a threat model
//! from a repository, offline; nothing in it is run. Exit 0 when written, 2 on any error. An
//! EXISTING model that fails to load is never overwritten.

use super::term::{errln, outln};
use anyhow::Context;
use bulwark::interop::map::{self, Detectors};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;

/// Summary format on standard output.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people: counts by category, then warnings.
    Text,
    /// For tools: the same, as JSON.
    Json,
}

/// What `bulwark map` was asked to do.
pub struct Request<'a> {
    /// The repository.
    pub dir: &'a Path,
    /// The model file to write.
    pub out: &'a Path,
    /// An existing model to re-map into.
    pub update: Option<&'a Path>,
    /// What to map.
    pub options: map::MapOptions,
    /// Summary format.
    pub format: Format,
}

/// Maps and writes the model.
pub fn run(req: &Request<'_>) -> anyhow::Result<ExitCode> {
    let existing = match req.update {
        Some(path) => match bulwark::model::load(path) {
            Ok(m) => Some(m),
            Err(e) => {
                errln!("{e}");
                errln!("error: {} was not changed", path.display());
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    let cat = super::load_catalog(None).0;
    let (detectors, errors) = Detectors::builtin(&cat);
    for e in &errors {
        errln!("warning: {e}");
    }
    let progress = AtomicUsize::new(0);
    let mapping = match &existing {
        Some(m) => map::update_repository(req.dir, m, req.options, &cat, &detectors, &progress),
        None => map::map_repository_with(req.dir, req.options, &cat, &detectors, &progress),
    }
    .with_context(|| format!("cannot map {}", req.dir.display()))?;
    bulwark::model::save(&mapping.model, req.out)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match req.format {
        Format::Text => {
            super::term::write_text(&mut out, &mapping.summary.text())?;
            outln!(out, "\nWrote {}", req.out.display())?;
        }
        Format::Json => {
            super::term::write_text(&mut out, &serde_json::to_string_pretty(&mapping.summary)?)?;
            outln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Scores the mapper on a benchmark case or a folder of cases (`tests/mapping/README.md`).
pub fn score(dir: &Path, format: Format) -> anyhow::Result<ExitCode> {
    use bulwark::interop::map::score::{Families, RepoScore, Truth, score, truth_problems};
    let mut cases: Vec<std::path::PathBuf> = Vec::new();
    if dir.join("truth.ron").is_file() {
        cases.push(dir.to_path_buf());
    } else {
        for e in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let p = e?.path();
            if p.join("truth.ron").is_file() {
                cases.push(p);
            }
        }
    }
    cases.sort();
    if cases.is_empty() {
        anyhow::bail!("no case (a folder with truth.ron and repo/) in {}", dir.display());
    }
    let families_path = [dir.join("families.ron"), dir.join("../families.ron")]
        .into_iter()
        .find(|p| p.is_file())
        .with_context(|| format!("no families.ron in or above {}", dir.display()))?;
    let read = |p: &Path| bulwark::io::read_text(p, bulwark::io::MAX_INPUT_BYTES);
    let families: Families = bulwark::catalog::parse_ron(&read(&families_path)?, &families_path.display().to_string())?;
    let cat = super::load_catalog(None).0;
    let known: std::collections::BTreeSet<String> = cat.kinds.keys().map(|k| k.0.clone()).collect();
    let (detectors, _) = Detectors::builtin(&cat);
    let mut bad = false;
    let mut rows = Vec::new();
    let mut total = RepoScore::default();
    for case in &cases {
        let truth_path = case.join("truth.ron");
        let truth: Truth = match bulwark::catalog::parse_ron(&read(&truth_path)?, &truth_path.display().to_string()) {
            Ok(t) => t,
            Err(e) => {
                errln!("{e}");
                bad = true;
                continue;
            }
        };
        for p in truth_problems(&truth, &known) {
            errln!("{}: {p}", truth_path.display());
            bad = true;
        }
        let mapping = map::map_repository(&case.join("repo"), &cat, &detectors, &AtomicUsize::new(0))
            .with_context(|| format!("cannot map {}", case.display()))?;
        let s = score(&mapping.model, &truth, &families);
        total.add(&s);
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        rows.push((name, s));
    }
    let mut out = std::io::stdout().lock();
    if matches!(format, Format::Json) {
        let v = serde_json::json!({ "repositories": rows.iter().map(|(n, s)| serde_json::json!({
            "name": n, "score": s, "component_recall": s.component_recall(), "ai_recall": s.ai_recall(),
            "flow_recall": s.flow_recall(), "false_positive_share": s.false_positive_share(),
        })).collect::<Vec<_>>(), "total": {
            "score": total, "component_recall": total.component_recall(), "ai_recall": total.ai_recall(),
            "flow_recall": total.flow_recall(), "false_positive_share": total.false_positive_share(),
        }});
        outln!(out, "{v:#}")?;
    } else {
        let line = |name: &str, s: &RepoScore| {
            format!(
                "{name:<32} {:>4.1}/{:<3} {:>5.0}% {:>5.1}/{:<3} {:>5.0}% {:>3}/{:<3} {:>5.0}% {:>3}/{:<3} {:>5.0}%",
                s.components_found,
                s.components,
                100.0 * s.component_recall(),
                s.ai_found,
                s.ai_components,
                100.0 * s.ai_recall(),
                s.flows_found,
                s.flows,
                100.0 * s.flow_recall(),
                s.false_positives,
                s.inferred,
                100.0 * s.false_positive_share()
            )
        };
        outln!(
            out,
            "{:<32} {:>16} {:>17} {:>14} {:>14}",
            "repository",
            "components",
            "AI components",
            "flows",
            "false pos."
        )?;
        for (name, s) in &rows {
            outln!(out, "{}", line(name, s))?;
        }
        outln!(out, "{}", line("total", &total))?;
    }
    Ok(if bad { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

//! `bulwark diff OLD NEW`: what changed in the design and in the risk between two versions of a
//! model (files, or `git:REV:PATH`). Exit 1 when new open findings or severity increases at or
//! above `--fail-on` appeared, 0 otherwise, 2 on any error — the same rule as `check`.

use super::term::{errln, write_text};
use bulwark::catalog::Severity;
use bulwark::engine::RiskDelta;
use bulwark::model::Model;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Output format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// A Markdown summary for a pull-request comment.
    Md,
    /// For tools.
    Json,
}

/// One side of the comparison, loaded and migrated.
pub(crate) struct Side {
    pub(crate) model: Model,
    pub(crate) shown: String,
    /// The file on disk, for the rules folder beside it.
    path: Option<PathBuf>,
}

/// Runs the diff.
pub fn run(
    old: &str,
    new: &str,
    format: Format,
    diagram: bool,
    fail_on: &str,
    rules: Option<&Path>,
    model_rules: bool,
) -> anyhow::Result<ExitCode> {
    let Some(threshold) = Severity::from_id(fail_on) else {
        anyhow::bail!("--fail-on must be one of critical, high, medium, low (got {fail_on:?})");
    };
    let (old, new) = match (load_side(old), load_side(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    // One set of rules judges both sides, so a change in the rules is not taken for a change
    // in the design: the new side's own rules folder when it has one.
    let beside = if model_rules { new.path.as_deref() } else { None };
    let (cat, broken_rules) = super::load_catalog_for(rules, beside);
    let cat = Arc::new(cat);
    let evaluate = |m: &Model| {
        let engine = super::engine_since(cat.clone(), std::time::Instant::now());
        engine.evaluate(Arc::new(m.clone()), 0)
    };
    let (before, after) = (evaluate(&old.model), evaluate(&new.model));
    let risk = RiskDelta::between(&before, &after);
    let design = bulwark::model::describe(&old.model, &new.model);
    let input = bulwark::report::DiffInput {
        cat: &cat,
        old: (&old.model, &old.shown),
        new: (&new.model, &new.shown),
        design: &design,
        risk: &risk,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Text => write_text(&mut out, &bulwark::report::diff_text(&input))?,
        Format::Md => write_text(&mut out, &bulwark::report::diff_markdown(&input, diagram))?,
        Format::Json => {
            let text = serde_json::to_string_pretty(&bulwark::report::diff_json(&input))?;
            write_text(&mut out, &text)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    for e in before.errors.iter().chain(&after.errors) {
        errln!("rule error: {e}");
    }
    if broken_rules || !before.errors.is_empty() || !after.errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    Ok(if risk.fails(threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn load_side(spec: &str) -> anyhow::Result<Side> {
    let (model, shown, path, notes) = if let Some(rest) = spec.strip_prefix("git:") {
        let Some((rev, path)) = rest.split_once(':') else {
            anyhow::bail!("{spec}: expected git:REV:PATH (for example git:HEAD~1:model.bulwark.ron)");
        };
        let text = bulwark::io::git::show(Path::new("."), rev, path, bulwark::model::MAX_MODEL_BYTES)
            .map_err(|e| anyhow::anyhow!("{spec}: {e}"))?;
        let (model, notes) = bulwark::model::from_str_noting(&text, spec)?;
        (model, spec.to_string(), None, notes)
    } else {
        let path = PathBuf::from(spec);
        let (model, _, notes) = bulwark::model::load_noting(&path)?;
        (model, spec.to_string(), Some(path), notes)
    };
    for note in &notes {
        errln!("note: {shown}: {note}");
    }
    Ok(Side { model, shown, path })
}

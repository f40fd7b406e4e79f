//! `bulwark check FILE`: evaluate a model and print findings as text, JSON or SARIF.
//! Exit 0 when nothing open is at or above `--fail-on`, 1 when something is, 2 on any error.

use super::term::{errln, outln, write_text};
use bulwark::catalog::Severity;
use bulwark::engine::Status;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Output format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For tools (documented in the README).
    Json,
    /// SARIF 2.1.0 for code-scanning dashboards.
    Sarif,
}

/// Runs the check.
pub fn run(
    file: &Path,
    format: Format,
    fail_on: &str,
    rules: Option<&Path>,
    model_rules: Option<&Path>,
    fail_on_unknown: bool,
    baseline: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let Some(threshold) = Severity::from_id(fail_on) else {
        anyhow::bail!("--fail-on must be one of critical, high, medium, low (got {fail_on:?})");
    };
    let started = std::time::Instant::now();
    let mut phases = super::phases::Phases::start();
    let (model, mut text, migrated) = match bulwark::model::load_noting(file) {
        Ok(m) => m,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    // Only SARIF reads the text again (for line numbers); freed before evaluating otherwise, so
    // the file's copy does not add to the peak (10 MB of 150 at 10,000 elements; issue 15).
    if !matches!(format, Format::Sarif) {
        text = String::new();
    }
    phases.mark("load");
    let shown = file.display().to_string();
    if !model.conflicts.is_empty() {
        errln!(
            "{shown}: {} merge conflict(s) to settle before the model can be checked:",
            model.conflicts.len()
        );
        for c in &model.conflicts {
            errln!("  {}", c.describe(&model));
        }
        return Ok(ExitCode::from(2));
    }
    for note in &migrated {
        errln!("note: {shown}: {note}");
    }
    let (cat, broken_rules) = super::load_catalog_for(rules, model_rules);
    let cat = Arc::new(cat);
    for issue in bulwark::catalog::check_model(&cat, &model) {
        errln!("warning: {shown}: {issue}");
    }
    phases.mark("rules");
    let engine = super::engine_since(cat.clone(), started);
    let model = Arc::new(model);
    let eval = engine.evaluate(model.clone(), 0);
    phases.mark("evaluate");
    // Against a baseline, judged by the same rules: text, JSON and the exit code see only what
    // is new or more severe; SARIF sees everything, each result marked.
    let before = match baseline.map(super::diff::load_side).transpose() {
        Ok(side) => {
            side.map(|s| super::engine_since(cat.clone(), std::time::Instant::now()).evaluate(Arc::new(s.model), 0))
        }
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let full = eval;
    let only = before.as_ref().map(|b| {
        let delta = bulwark::engine::RiskDelta::between(b, &full);
        let mut only = full.clone();
        let raised: std::collections::BTreeSet<_> = delta
            .new
            .iter()
            .chain(
                delta
                    .severity
                    .iter()
                    .filter(|(o, n)| n.severity > o.severity)
                    .map(|(_, n)| n),
            )
            .map(|f| f.id.clone())
            .collect();
        only.findings.retain(|f| raised.contains(&f.id));
        only
    });
    let eval = only.as_ref().unwrap_or(&full);
    // A large buffer: the JSON writer hands over many small pieces.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    // Text goes through `write_text`; the JSON writer escapes what a terminal would act on
    // itself, as the JSON escape of the same character.
    match format {
        Format::Text => write_text(&mut out, &bulwark::report::check_text(&cat, &model, eval))?,
        Format::Json => {
            bulwark::io::json::to_writer_pretty(&mut out, &bulwark::report::check_json(&model, &shown, eval))?;
            outln!(out)?;
        }
        Format::Sarif => {
            bulwark::io::json::to_writer_pretty(
                &mut out,
                &bulwark::report::sarif_against(&engine, &model, &shown, &text, &full, before.as_ref()),
            )?;
            outln!(out)?;
        }
    }
    out.flush()?;
    drop(out);
    phases.mark("output");
    for e in &eval.errors {
        errln!("rule error: {e}");
    }
    if broken_rules || !eval.errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let failing = eval
        .findings
        .iter()
        .any(|f| f.status == Status::Open && f.severity >= threshold);
    let unanswered = eval.questions.iter().filter(|q| q.crosses_boundary).count();
    if fail_on_unknown && unanswered > 0 {
        errln!("{unanswered} open questions on flows that cross a trust boundary (--fail-on-unknown)");
    }
    let code = if failing || (fail_on_unknown && unanswered > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // `eval` only borrows one of these; hand over what owns the findings.
    super::leave_to_exit((engine, full, only, before, model, cat, text));
    Ok(code)
}

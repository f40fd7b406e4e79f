//! `bulwark check FILE`: evaluate a model and print findings as text, JSON or SARIF.
//! Exit 0 when nothing open is at or above `--fail-on`, 1 when something is, 2 on any error.

use bulwark::catalog::Severity;
use bulwark::engine::{Engine, Status};
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
) -> anyhow::Result<ExitCode> {
    let Some(threshold) = Severity::from_id(fail_on) else {
        anyhow::bail!("--fail-on must be one of critical, high, medium, low (got {fail_on:?})");
    };
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let shown = file.display().to_string();
    let model = match bulwark::model::from_str(&text, &shown) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let cat = Arc::new(super::load_catalog_for(rules, model_rules));
    for issue in bulwark::catalog::check_model(&cat, &model) {
        eprintln!("warning: {shown}: {issue}");
    }
    let engine = Engine::new(cat.clone());
    let model = Arc::new(model);
    let eval = engine.evaluate(model.clone(), 0);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Text => out.write_all(bulwark::report::check_text(&cat, &model, &eval).as_bytes())?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &bulwark::report::check_json(&model, &shown, &eval))?;
            writeln!(out)?;
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut out, &bulwark::report::sarif(&engine, &model, &shown, &text, &eval))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    drop(out);
    if !eval.errors.is_empty() {
        for e in &eval.errors {
            eprintln!("rule error: {e}");
        }
        return Ok(ExitCode::from(2));
    }
    let failing = eval
        .findings
        .iter()
        .any(|f| f.status == Status::Open && f.severity >= threshold);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

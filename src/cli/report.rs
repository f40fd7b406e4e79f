//! `bulwark report FILE --format html|pdf|md|csv|json|sarif [-o OUT]`: evaluate a model and write a
//! report for people or tools. Exit 0 when written, 2 on any error (a rule error still writes
//! the report, which names the failed rules, then exits 2).

use super::term::errln;
use bulwark::report::{ReportDate, ReportFormat, ReportInput, ReportOptions, render_report};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Report format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One self-contained HTML page (inline CSS and SVG, no external requests).
    Html,
    /// A paginated A4 PDF: embedded fonts, vector diagram, no row cut across pages.
    Pdf,
    /// Markdown, the diagram as a Mermaid block.
    #[value(alias = "markdown")]
    Md,
    /// One row per finding, for trackers and spreadsheets.
    Csv,
    /// The `check --format json` document.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

impl From<Format> for ReportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Html => ReportFormat::Html,
            Format::Pdf => ReportFormat::Pdf,
            Format::Md => ReportFormat::Markdown,
            Format::Csv => ReportFormat::Csv,
            Format::Json => ReportFormat::Json,
            Format::Sarif => ReportFormat::Sarif,
        }
    }
}

/// What `bulwark report` was asked for.
#[derive(Debug)]
pub struct Request<'a> {
    /// The model file.
    pub file: &'a Path,
    /// The format.
    pub format: Format,
    /// Where to write; stdout when `None` or `-`.
    pub out: Option<&'a Path>,
    /// Also show mitigated and triaged findings.
    pub include_closed: bool,
    /// The generation date, `YYYY-MM-DD`; today when `None`.
    pub date: Option<&'a str>,
    /// Extra rules layered on the built-in ones.
    pub rules: Option<&'a Path>,
    /// Run the rules in the `bulwark-rules/` folder beside the model.
    pub model_rules: bool,
}

/// Writes the report.
pub fn run(req: &Request<'_>) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let date = match req.date {
        Some(d) => ReportDate::parse(d)?,
        None => ReportDate::today(),
    };
    let Some((model, text)) = super::export::load_model(req.file)? else {
        return Ok(ExitCode::from(2));
    };
    let shown = req.file.display().to_string();
    let own = req.model_rules.then_some(req.file);
    let (cat, broken_rules) = super::load_catalog_for(req.rules, own);
    for issue in bulwark::catalog::check_model(&cat, &model) {
        errln!("warning: {shown}: {issue}");
    }
    // Review dates are judged as of the report's date, so a report dated in the past says what
    // was due then (and golden reports stay the same).
    let engine = super::engine_since(Arc::new(cat), started).with_today(date.date());
    let model = Arc::new(model);
    let eval = engine.evaluate(model.clone(), 0);
    let input = ReportInput {
        model: &model,
        engine: &engine,
        eval: &eval,
        file: &shown,
        source: &text,
    };
    let opts = ReportOptions {
        include_closed: req.include_closed,
        date,
    };
    let format: ReportFormat = req.format.into();
    super::export::refuse_binary_on_terminal(req.out, format == ReportFormat::Pdf)?;
    let bytes = render_report(format, &input, opts)?;
    super::export::write_output(req.out, &bytes)?;
    Ok(super::export::finish(broken_rules, &eval))
}

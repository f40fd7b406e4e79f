//! `bulwark report FILE --format html|pdf|md|csv|json|sarif|handout [-o OUT]`: evaluate a model
//! and write a report for people or tools, or a workshop session's handout. Exit 0 when written, 2 on any error (a rule error still writes
//! the report, which names the failed rules, then exits 2).

use super::term::errln;
use bulwark::report::{ReportDate, ReportFormat, ReportInput, ReportOptions, render_handout, render_report};
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
    /// A workshop session's one-to-two-page handout; `-o OUT.pdf` writes PDF, anything else
    /// Markdown.
    Handout,
}

impl Format {
    /// The report format, `None` for the handout.
    fn report(self) -> Option<ReportFormat> {
        Some(match self {
            Format::Html => ReportFormat::Html,
            Format::Pdf => ReportFormat::Pdf,
            Format::Md => ReportFormat::Markdown,
            Format::Csv => ReportFormat::Csv,
            Format::Json => ReportFormat::Json,
            Format::Sarif => ReportFormat::Sarif,
            Format::Handout => return None,
        })
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
    /// The session a handout is for (default: the latest).
    pub session: Option<&'a str>,
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
    let bytes = match req.format.report() {
        Some(format) => {
            super::export::refuse_binary_on_terminal(req.out, format == ReportFormat::Pdf)?;
            render_report(format, &input, opts)?
        }
        None => {
            let pdf = req
                .out
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            let session = req.session.map(bulwark::model::SessionId::new);
            render_handout(&input, opts, session.as_ref(), pdf)?
        }
    };
    super::export::write_output(req.out, &bytes)?;
    Ok(super::export::finish(broken_rules, &eval))
}

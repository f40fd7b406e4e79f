//! One entry point per kind of output, shared by the command line and the app's File → Export:
//! a report (HTML, Markdown, CSV, JSON, SARIF) of a model and its evaluation, or the diagram
//! (SVG, Mermaid, DOT).

use super::content::{ReportInput, ReportOptions};
use super::error::ExportError;
use crate::catalog::Catalog;
use crate::engine::Evaluation;
use crate::model::Model;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportFormat {
    /// One self-contained HTML page.
    Html,
    /// Markdown with the diagram as Mermaid.
    Markdown,
    /// One row per finding.
    Csv,
    /// The `check` JSON document.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

impl ReportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Markdown => "md",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
            ReportFormat::Sarif => "sarif",
        }
    }
}

/// A diagram format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagramFormat {
    /// Scalable vector graphics, drawn like the canvas.
    Svg,
    /// A Mermaid flowchart.
    Mermaid,
    /// A Graphviz digraph.
    Dot,
}

impl DiagramFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            DiagramFormat::Svg => "svg",
            DiagramFormat::Mermaid => "mmd",
            DiagramFormat::Dot => "dot",
        }
    }
}

/// The bytes of a report. JSON and SARIF list every finding, as `bulwark check` does; the
/// other formats follow `opts.include_closed`.
pub fn render_report(
    format: ReportFormat,
    input: &ReportInput<'_>,
    opts: ReportOptions,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        ReportFormat::Html => super::html::html(input, opts).into_bytes(),
        ReportFormat::Markdown => super::markdown::markdown(input, opts).into_bytes(),
        ReportFormat::Csv => super::csv::csv(input, opts).into_bytes(),
        ReportFormat::Json => {
            let doc = super::check_json(input.model, input.file, input.eval);
            let mut out = serde_json::to_vec_pretty(&doc)?;
            out.push(b'\n');
            out
        }
        ReportFormat::Sarif => {
            let doc = super::sarif(input.engine, input.model, input.file, input.source, input.eval);
            let mut out = serde_json::to_vec_pretty(&doc)?;
            out.push(b'\n');
            out
        }
    })
}

/// The text of a diagram export; `eval` adds finding badges.
pub fn render_diagram(format: DiagramFormat, model: &Model, cat: &Catalog, eval: Option<&Evaluation>) -> String {
    match format {
        DiagramFormat::Svg => super::svg::svg(model, cat, eval),
        DiagramFormat::Mermaid => super::mermaid::mermaid(model, cat, eval),
        DiagramFormat::Dot => super::dot::dot(model, cat, eval),
    }
}

//! One entry point per kind of output, shared by the command line and the app's File → Export:
//! a report (HTML, PDF, Markdown, CSV, JSON, SARIF) of a model and its evaluation, or the
//! diagram (SVG, PNG, Mermaid, DOT).

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
    /// A paginated A4 PDF with embedded fonts and a vector diagram.
    Pdf,
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
            ReportFormat::Pdf => "pdf",
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
    /// The SVG rasterised at twice its size, on white.
    Png,
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
            DiagramFormat::Png => "png",
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
        ReportFormat::Pdf => super::pdf::pdf(input, opts)?,
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

/// The handout of a workshop session (the latest when `session` is `None`), as PDF or Markdown.
pub fn render_handout(
    input: &ReportInput<'_>,
    opts: ReportOptions,
    session: Option<&crate::model::SessionId>,
    pdf: bool,
) -> Result<Vec<u8>, ExportError> {
    let h = super::handout::handout(input, session)?;
    if pdf {
        super::pdf::handout(&h, opts)
    } else {
        Ok(super::handout::markdown(&h).into_bytes())
    }
}

/// The scale a PNG is drawn at: crisp on high-density screens and in slides.
const PNG_SCALE: f32 = 2.0;

/// The bytes of a diagram export; `eval` adds finding badges.
pub fn render_diagram(
    format: DiagramFormat,
    model: &Model,
    cat: &Catalog,
    eval: Option<&Evaluation>,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        DiagramFormat::Svg => super::svg::svg(model, cat, eval).into_bytes(),
        DiagramFormat::Png => super::png::png(&super::svg::svg(model, cat, eval), PNG_SCALE)?,
        DiagramFormat::Mermaid => super::mermaid::mermaid(model, cat, eval).into_bytes(),
        DiagramFormat::Dot => super::dot::dot(model, cat, eval).into_bytes(),
    })
}

impl ReportFormat {
    /// Every format, in the order a menu lists them.
    pub const ALL: [ReportFormat; 6] = [
        ReportFormat::Html,
        ReportFormat::Pdf,
        ReportFormat::Markdown,
        ReportFormat::Csv,
        ReportFormat::Json,
        ReportFormat::Sarif,
    ];

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            ReportFormat::Html => "HTML report",
            ReportFormat::Pdf => "PDF report",
            ReportFormat::Markdown => "Markdown report",
            ReportFormat::Csv => "CSV (one row per finding)",
            ReportFormat::Json => "JSON (findings and summary)",
            ReportFormat::Sarif => "SARIF 2.1.0",
        }
    }
}

impl DiagramFormat {
    /// Every format, in the order a menu lists them.
    pub const ALL: [DiagramFormat; 4] = [
        DiagramFormat::Svg,
        DiagramFormat::Png,
        DiagramFormat::Mermaid,
        DiagramFormat::Dot,
    ];

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            DiagramFormat::Svg => "Diagram as SVG",
            DiagramFormat::Png => "Diagram as PNG",
            DiagramFormat::Mermaid => "Diagram as Mermaid",
            DiagramFormat::Dot => "Diagram as Graphviz DOT",
        }
    }
}

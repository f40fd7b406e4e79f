//! Outputs for people and tools: the `check` text, JSON and SARIF; the HTML, Markdown and CSV
//! reports; and the diagram as SVG, Mermaid and DOT. Everything here is computed from the model
//! and an evaluation, escapes whatever the user typed, and is deterministic (the same model
//! gives the same bytes, apart from a generation date the caller can fix). Nothing here knows
//! the UI, and nothing here writes files: callers do.

mod badge;
mod chart;
mod check_json;
mod check_text;
mod content;
mod csv;
mod date;
mod diff;
mod dot;
mod error;
mod escape;
mod fonts;
pub mod glyphs;
pub mod handout;
mod html;
mod html_controls;
mod html_findings;
mod html_flows;
mod html_frameworks;
mod markdown;
mod mermaid;
mod palette;
mod pdf;
mod png;
mod questions;
mod render;
mod sarif;
mod summary;
mod svg;
mod svg_flows;
mod svg_num;
mod text_fit;

pub use check_json::{CheckJson, check_json};
pub use check_text::check_text;
pub use content::{ReportInput, ReportOptions, answered_text, closing_lines};
pub use date::ReportDate;
pub use diff::{DiffInput, diff_json, diff_markdown, diff_mermaid, diff_text};
pub use error::ExportError;
pub use escape::{dot as escape_dot, markdown as escape_markdown, mermaid as escape_mermaid, xml as escape_xml};
#[doc(hidden)]
pub use pdf::layout_text as pdf_layout_text;
// Layout moved to `crate::layout`; these names stay reachable from here for existing callers.
pub use crate::layout::{BOUNDARY_PAD, Placement, tidy_layout};
pub use pdf::handout_text as pdf_handout_text;
pub use questions::{AskedFlow, QuestionGroup, question_groups};
pub use render::{DiagramFormat, ReportFormat, render_diagram, render_handout, render_report};
pub use sarif::{sarif, sarif_against};
pub use summary::Summary;

//! `bulwark export FILE --format svg|png|mermaid|dot|otm|cyclonedx|threat-composer [-o OUT]`:
//! the diagram, drawn from the model's layout, with a badge of open findings on each component;
//! or the model in another tool's format (Open Threat Model, CycloneDX 2.0 threat model,
//! threat-composer), findings and their states included. Exit 0 when written, 2 on any error.

use super::term::errln;
use anyhow::Context;
use bulwark::interop::export::ModelFormat;
use bulwark::model::Model;
use bulwark::report::{DiagramFormat, render_diagram};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Diagram format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Scalable vector graphics, drawn like the canvas.
    Svg,
    /// A PNG image of the diagram (the SVG drawn at twice its size).
    Png,
    /// A Mermaid flowchart (for Markdown on code-hosting sites).
    #[value(alias = "mmd")]
    Mermaid,
    /// A Graphviz digraph.
    #[value(alias = "gv")]
    Dot,
    /// Open Threat Model 0.2.0 JSON (IriusRisk, StartLeft): the model, its threats and their
    /// states; `bulwark import` reads it back whole.
    Otm,
    /// An AWS threat-composer workspace (.tc.json): threats with their status, mitigations,
    /// decisions and assumptions.
    ThreatComposer,
    /// A CycloneDX 2.0 threat model (TM-BOM, the 2.0 draft): the design as a blueprint, threats
    /// with their risks and states, controls; `bulwark import` reads it back whole.
    #[value(name = "cyclonedx", alias = "cdx")]
    CycloneDx,
}

impl Format {
    fn diagram(self) -> Option<DiagramFormat> {
        match self {
            Format::Svg => Some(DiagramFormat::Svg),
            Format::Png => Some(DiagramFormat::Png),
            Format::Mermaid => Some(DiagramFormat::Mermaid),
            Format::Dot => Some(DiagramFormat::Dot),
            Format::Otm | Format::ThreatComposer | Format::CycloneDx => None,
        }
    }

    fn model(self) -> Option<ModelFormat> {
        match self {
            Format::Otm => Some(ModelFormat::Otm),
            Format::ThreatComposer => Some(ModelFormat::ThreatComposer),
            Format::CycloneDx => Some(ModelFormat::CycloneDx),
            Format::Svg | Format::Png | Format::Mermaid | Format::Dot => None,
        }
    }
}

/// Writes the diagram.
pub fn run(
    file: &Path,
    format: Format,
    out: Option<&Path>,
    rules: Option<&Path>,
    model_rules: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let Some((model, _)) = load_model(file)? else {
        return Ok(ExitCode::from(2));
    };
    let (cat, broken_rules) = super::load_catalog_for(rules, model_rules);
    let cat = Arc::new(cat);
    let engine = super::engine_since(cat.clone(), started);
    let model = Arc::new(model);
    let eval = engine.evaluate(model.clone(), 0);
    let bytes = match (format.diagram(), format.model()) {
        (Some(format), _) => {
            refuse_binary_on_terminal(out, format == DiagramFormat::Png)?;
            render_diagram(format, &model, &cat, Some(&eval))?
        }
        (None, Some(f)) => f.write(&model, &cat, &eval)?.into_bytes(),
        (None, None) => anyhow::bail!("{format:?} is neither a diagram nor a model format (a bug)"),
    };
    write_output(out, &bytes)?;
    Ok(finish(broken_rules, &eval))
}

/// Prints the rule errors of a run; exit 2 when a rule failed or a rule file was broken.
pub fn finish(broken_rules: bool, eval: &bulwark::engine::Evaluation) -> ExitCode {
    for e in &eval.errors {
        errln!("rule error: {e}");
    }
    if broken_rules || !eval.errors.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads and parses a model. A parse error is printed with file:line and gives `None`.
pub fn load_model(file: &Path) -> anyhow::Result<Option<(Model, String)>> {
    match bulwark::model::load_with_text(file) {
        Ok(loaded) => Ok(Some(loaded)),
        Err(e) => {
            errln!("{e}");
            Ok(None)
        }
    }
}

/// A PNG or PDF written to a terminal is garbage on the screen: ask for `-o` instead (a pipe
/// or a redirect is fine).
pub fn refuse_binary_on_terminal(out: Option<&Path>, binary: bool) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let to_stdout = out.is_none_or(|p| p.as_os_str() == "-");
    if binary && to_stdout && std::io::stdout().is_terminal() {
        anyhow::bail!("this format is binary; write it to a file with -o FILE");
    }
    Ok(())
}

/// Writes `bytes` to `out`, or to stdout when `out` is `None` or `-`. A file is written to a
/// temporary file and renamed, so a full disk or a kill never leaves a truncated report where
/// the previous one was. Text shown on a terminal has its control characters made visible.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    match out.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            bulwark::model::write_replacing(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let on_terminal = stdout.is_terminal();
            let mut w = std::io::BufWriter::new(stdout.lock());
            match std::str::from_utf8(bytes) {
                Ok(text) if on_terminal => super::term::write_text(&mut w, text)?,
                _ => w.write_all(bytes)?,
            }
            w.flush()?;
        }
    }
    Ok(())
}

//! `bulwark export FILE --format svg|png|mermaid|dot [-o OUT]`: the diagram, drawn from the model's
//! layout, with a badge of open findings on each component. Exit 0 when written, 2 on any
//! error.

use anyhow::Context;
use bulwark::engine::Engine;
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
}

impl From<Format> for DiagramFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Svg => DiagramFormat::Svg,
            Format::Png => DiagramFormat::Png,
            Format::Mermaid => DiagramFormat::Mermaid,
            Format::Dot => DiagramFormat::Dot,
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
    let Some((model, _)) = load_model(file)? else {
        return Ok(ExitCode::from(2));
    };
    let cat = Arc::new(super::load_catalog_for(rules, model_rules));
    let engine = Engine::new(cat.clone());
    let model = Arc::new(model);
    let eval = engine.evaluate(model.clone(), 0);
    let format: DiagramFormat = format.into();
    refuse_binary_on_terminal(out, format == DiagramFormat::Png)?;
    let bytes = render_diagram(format, &model, &cat, Some(&eval))?;
    write_output(out, &bytes)?;
    if !eval.errors.is_empty() {
        for e in &eval.errors {
            eprintln!("rule error: {e}");
        }
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads and parses a model. A parse error is printed with file:line and gives `None`.
pub fn load_model(file: &Path) -> anyhow::Result<Option<(Model, String)>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    match bulwark::model::from_str(&text, &file.display().to_string()) {
        Ok(m) => Ok(Some((m, text))),
        Err(e) => {
            eprintln!("{e}");
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

/// Writes `bytes` to `out` through a buffer, or to stdout when `out` is `None` or `-`.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let f = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = std::io::BufWriter::new(f);
            w.write_all(bytes)
                .and_then(|()| w.flush())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            w.write_all(bytes)?;
            w.flush()?;
        }
    }
    Ok(())
}

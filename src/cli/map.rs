//! `bulwark map DIR -o FILE [--update EXISTING] [--format text|json]`: infer a threat model
//! from a repository, offline; nothing in it is run. Exit 0 when written, 2 on any error. An
//! EXISTING model that fails to load is never overwritten.

use super::term::{errln, outln};
use anyhow::Context;
use bulwark::interop::map::{self, Detectors};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;

/// Summary format on standard output.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people: counts by category, then warnings.
    Text,
    /// For tools: the same, as JSON.
    Json,
}

/// What `bulwark map` was asked to do.
pub struct Request<'a> {
    /// The repository.
    pub dir: &'a Path,
    /// The model file to write.
    pub out: &'a Path,
    /// An existing model to re-map into.
    pub update: Option<&'a Path>,
    /// Summary format.
    pub format: Format,
}

/// Maps and writes the model.
pub fn run(req: &Request<'_>) -> anyhow::Result<ExitCode> {
    let existing = match req.update {
        Some(path) => match bulwark::model::load(path) {
            Ok(m) => Some(m),
            Err(e) => {
                errln!("{e}");
                errln!("error: {} was not changed", path.display());
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    let cat = super::load_catalog(None).0;
    let (detectors, errors) = Detectors::builtin(&cat);
    for e in &errors {
        errln!("warning: {e}");
    }
    let progress = AtomicUsize::new(0);
    let mapping = match &existing {
        Some(m) => map::update_repository(req.dir, m, &cat, &detectors, &progress),
        None => map::map_repository(req.dir, &cat, &detectors, &progress),
    }
    .with_context(|| format!("cannot map {}", req.dir.display()))?;
    bulwark::model::save(&mapping.model, req.out)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match req.format {
        Format::Text => {
            super::term::write_text(&mut out, &mapping.summary.text())?;
            outln!(out, "\nWrote {}", req.out.display())?;
        }
        Format::Json => {
            super::term::write_text(&mut out, &serde_json::to_string_pretty(&mapping.summary)?)?;
            outln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

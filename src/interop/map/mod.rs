//! `bulwark map`: infer a threat model from a repository, offline and deterministic. Nothing
//! from the repository is executed; files are read as bytes and matched against the detector
//! library (`libraries/detectors/*.ron`).
//!
//! The steps, one module each: [`walk`] the tree, [`scan`] files against [`detectors`], find
//! deployable [`units`] (with [`compose`], [`kube`], [`serverless`] and [`mcp`] for the structure), [`infer`]
//! a [`draft`], lay it out with the report layer's shared layout, and [`update`] an existing
//! model. [`summary`] says what was found.

pub mod compose;
pub mod detectors;
pub mod draft;
pub mod imports;
pub mod infer;
pub mod kube;
pub mod links;
pub mod mcp;
pub mod parts;
pub mod scan;
pub mod score;
pub mod serverless;
pub mod source;
pub mod summary;
pub mod units;
pub mod update;
pub mod walk;
mod yaml;
mod yaml_lines;

pub use detectors::{Detector, DetectorError, Detectors};
pub use summary::{Found, Summary, Warning};
pub use update::{UpdateCounts, merge};

use crate::catalog::Catalog;
use crate::model::{InferredState, Model, Provenance};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

/// Why a repository could not be mapped at all (anything smaller is a [`Warning`]).
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// The path is not a readable folder.
    #[error("not a folder: {path}")]
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
}

/// A mapped repository.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// The inferred model, laid out.
    pub model: Model,
    /// What was found.
    pub summary: Summary,
}

/// How to map.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MapOptions {
    /// Also map examples, tests, docs and similar folders, and test files (left out by default:
    /// an architect does not draw them, and an SDK only tests import is not part of the system).
    pub all_folders: bool,
}

/// Maps the repository at `root` with the default options. `progress` counts files looked at,
/// for a progress display.
pub fn map_repository(
    root: &Path,
    catalog: &Catalog,
    detectors: &Detectors,
    progress: &AtomicUsize,
) -> Result<Mapping, MapError> {
    map_repository_with(root, MapOptions::default(), catalog, detectors, progress)
}

/// Maps the repository at `root`.
pub fn map_repository_with(
    root: &Path,
    options: MapOptions,
    catalog: &Catalog,
    detectors: &Detectors,
    progress: &AtomicUsize,
) -> Result<Mapping, MapError> {
    if !root.is_dir() {
        return Err(MapError::NotAFolder {
            path: root.to_path_buf(),
        });
    }
    let repo_name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "repository".to_owned());
    let walked = walk::walk(
        root,
        walk::WalkOptions {
            all_folders: options.all_folders,
        },
    );
    let mut warnings = walked.warnings.clone();
    let scanned = scan::scan(&walked.files, detectors, progress);
    warnings.extend(scanned.warnings.iter().cloned());
    let units = units::discover(&repo_name, &walked.unit_dirs, &scanned.files, &mut warnings);
    let input = infer::Input {
        repo_name: &repo_name,
        scan: &scanned,
        units: &units,
        detectors,
        catalog,
    };
    let draft = infer::infer(&input, &mut warnings);
    let description = format!(
        "Inferred by `bulwark map` from the repository {repo_name:?}. Every item is marked inferred, with the evidence it was drawn from, until a person confirms it."
    );
    let mut model = draft.into_model(&repo_name, &description);
    if let Err(e) = crate::layout::tidy_layout(&model).apply(&mut model) {
        warnings.push(Warning::new("", format!("automatic layout failed: {e}")));
    }
    warnings.sort();
    warnings.dedup();
    let mut summary = summarize(&model, &scanned, detectors);
    summary.files_scanned = walked.files.len();
    summary.units = units.drawn().count();
    summary.warnings = warnings;
    Ok(Mapping { model, summary })
}

/// Re-maps `root` into `existing`; see [`update`].
pub fn update_repository(
    root: &Path,
    existing: &Model,
    options: MapOptions,
    catalog: &Catalog,
    detectors: &Detectors,
    progress: &AtomicUsize,
) -> Result<Mapping, MapError> {
    let fresh = map_repository_with(root, options, catalog, detectors, progress)?;
    let (model, counts) = merge(existing, &fresh.model);
    let mut summary = fresh.summary;
    summary.new = counts.new;
    summary.vanished = counts.vanished;
    Ok(Mapping { model, summary })
}

fn summarize(model: &Model, scanned: &scan::ScanResult, detectors: &Detectors) -> Summary {
    let mut per_detector: BTreeMap<usize, (usize, std::collections::BTreeSet<usize>)> = BTreeMap::new();
    for h in &scanned.hits {
        let e = per_detector.entry(h.detector).or_default();
        e.0 += 1;
        e.1.insert(h.file);
    }
    let mut categories: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    for (d, (matches, files)) in per_detector {
        let Some(det) = detectors.list.get(d) else { continue };
        categories.entry(det.category.clone()).or_default().push(Found {
            id: det.id.clone(),
            name: det.name.clone(),
            matches,
            files: files.len(),
        });
    }
    let mcp: Vec<Found> = model
        .elements
        .values()
        .filter_map(|e| {
            e.inferred
                .as_ref()
                .filter(|p| p.key.starts_with("mcp:"))
                .map(|p| (e, p))
        })
        .map(|(e, p)| Found {
            id: p.key.clone(),
            name: e.name.clone(),
            matches: p.evidence.len(),
            files: p
                .evidence
                .iter()
                .map(|x| &x.file)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
        })
        .collect();
    if !mcp.is_empty() {
        categories.insert("MCP servers (configured)".to_owned(), mcp);
    }
    let inferred = |p: &Option<Provenance>| p.as_ref().is_some_and(|p| p.state != InferredState::Vanished);
    Summary {
        elements: model.elements.values().filter(|e| inferred(&e.inferred)).count(),
        flows: model.flows.values().filter(|f| inferred(&f.inferred)).count(),
        boundaries: model.boundaries.values().filter(|b| inferred(&b.inferred)).count(),
        controls: model
            .elements
            .values()
            .filter_map(|e| e.inferred.as_ref())
            .map(|p| p.controls.len())
            .sum(),
        categories,
        ..Summary::default()
    }
}

/// The 1-based line where `needle` first occurs in `text` (1 when absent).
pub(crate) fn source_line(text: &str, needle: &str) -> u32 {
    crate::catalog::line_of(text, needle)
        .and_then(|l| u32::try_from(l).ok())
        .unwrap_or(1)
}

//! `bulwark validate FILE`: a model, a library file (rules, detectors, workshop decks) or a rule
//! script, with file:line errors.

use super::term::{errln, outln};
use bulwark::catalog::{Catalog, SourceFile, builtin_sources, check_model, load_layers};
use bulwark::lens::decks;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Validates one file; exit 0 when valid, 2 when not.
pub fn run(file: &Path) -> anyhow::Result<ExitCode> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.ends_with(".bulwark.ron") {
        return model(file);
    }
    let folder = file.parent().and_then(|p| p.file_name());
    if folder.is_some_and(|d| d == "detectors") {
        return detector_file(file);
    }
    if folder.is_some_and(|d| d == "decks") {
        return deck_file(file, &name);
    }
    library_file(file, &name)
}

fn model(file: &Path) -> anyhow::Result<ExitCode> {
    let model = match bulwark::model::load(file) {
        Ok(m) => m,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let (cat, _) = Catalog::builtin();
    let issues = check_model(&cat, &model);
    for i in &issues {
        errln!("{}: {i}", file.display());
    }
    if issues.is_empty() {
        outln!(
            std::io::stdout(),
            "{}: valid model {:?} ({} elements, {} flows, {} boundaries)",
            file.display(),
            model.name,
            model.elements.len(),
            model.flows.len(),
            model.boundaries.len()
        )?;
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(2))
    }
}

/// A `detectors/*.ron` file of `bulwark map`: it parses, its patterns compile, and every kind,
/// control, data class and question it names exists.
fn detector_file(file: &Path) -> anyhow::Result<ExitCode> {
    let text = match bulwark::io::read_text(file, bulwark::io::MAX_INPUT_BYTES) {
        Ok(t) => t,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let display = file.display().to_string();
    let source = SourceFile {
        rel: format!(
            "detectors/{}",
            file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        ),
        display: display.clone(),
        text: text.into(),
    };
    let (cat, _) = Catalog::builtin();
    let (detectors, errors) = bulwark::interop::map::Detectors::load(&[source], &cat);
    for e in &errors {
        errln!("{e}");
    }
    if errors.is_empty() {
        outln!(
            std::io::stdout(),
            "{display}: valid ({} detectors)",
            detectors.list.len()
        )?;
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(2))
    }
}

/// A `decks/*.ron` workshop deck: it parses, its id is its file name, and every card's suit,
/// `applies` entry and framework id exists.
fn deck_file(file: &Path, name: &str) -> anyhow::Result<ExitCode> {
    let text = match bulwark::io::read_text(file, bulwark::io::MAX_INPUT_BYTES) {
        Ok(t) => t,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let display = file.display().to_string();
    let source = SourceFile {
        rel: format!("decks/{name}"),
        display: display.clone(),
        text: text.into(),
    };
    let (cat, _) = Catalog::builtin();
    let (cards, errors) = match decks::parse(&source) {
        Ok(deck) => (deck.cards.len(), decks::problems(&deck, &source, &cat)),
        Err(e) => (0, vec![e]),
    };
    for e in &errors {
        errln!("{e}");
    }
    if errors.is_empty() {
        outln!(std::io::stdout(), "{display}: valid ({cards} cards)")?;
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(2))
    }
}

fn library_file(file: &Path, name: &str) -> anyhow::Result<ExitCode> {
    let text = match bulwark::io::read_text(file, bulwark::io::MAX_INPUT_BYTES) {
        Ok(t) => t,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    // Place the file where the loader expects its kind of content.
    let rel = match name {
        "components.ron" | "controls.ron" | "data-classes.ron" | "frameworks.ron" => name.to_owned(),
        n if n.ends_with(".rhai") => format!("rules/{n}"),
        n => format!("threats/{n}"),
    };
    let display = file.display().to_string();
    let user = vec![SourceFile {
        rel,
        display: display.clone(),
        text: text.into(),
    }];
    let (cat, report) = load_layers(&[builtin_sources(), user]);
    let mut errors: Vec<String> = report
        .errors
        .iter()
        .filter(|e| e.location().path == display)
        .map(|e| e.to_string())
        .collect();
    errors.extend(
        bulwark::engine::Engine::new(std::sync::Arc::new(cat))
            .errors()
            .iter()
            .filter(|e| e.path == display)
            .map(|e| e.to_string()),
    );
    for e in &errors {
        errln!("{e}");
    }
    if errors.is_empty() {
        outln!(std::io::stdout(), "{display}: valid")?;
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(2))
    }
}

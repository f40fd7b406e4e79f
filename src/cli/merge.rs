//! `bulwark merge BASE OURS THEIRS -o OUT`: a three-way semantic merge of models, fit to be a
//! git merge driver. Exit 0 when it merged cleanly, 1 when conflict records were written into
//! OUT (the file stays valid and loads), 2 on any error.

use super::term::errln;
use std::path::Path;
use std::process::ExitCode;

/// Runs the merge.
pub fn run(base: &Path, ours: &Path, theirs: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let mut sides = Vec::new();
    for path in [base, ours, theirs] {
        match bulwark::model::load(path) {
            Ok(m) => sides.push(m),
            Err(e) => {
                errln!("{e}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    let merged = bulwark::model::merge(&sides[0], &sides[1], &sides[2]);
    for note in &merged.notes {
        errln!("note: {note}");
    }
    // No backup beside the output: as a git merge driver it writes into the work tree.
    let text = bulwark::model::to_string(&merged.model)?;
    bulwark::model::write_atomic(out, text.as_bytes()).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    if merged.model.conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    errln!(
        "{}: {} conflict{} to settle (written into the file; open it in Bulwark or edit `conflicts`):",
        out.display(),
        merged.model.conflicts.len(),
        if merged.model.conflicts.len() == 1 { "" } else { "s" }
    );
    for c in &merged.model.conflicts {
        let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "(removed)".into());
        errln!(
            "  {}: ours {} · theirs {}",
            c.describe(&merged.model),
            side(&c.ours),
            side(&c.theirs)
        );
    }
    Ok(ExitCode::from(1))
}

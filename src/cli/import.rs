//! `bulwark import FILE -o OUT [--from FORMAT]`: a model from another tool's file, with a
//! migration report saying what was kept and what was dropped and why. Exit 0 when written, 2 on
//! any error (including an item that was neither kept nor reported dropped: `import` checks).

use super::term::{errln, write_text};
use bulwark::interop::import::{Format, import};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Formats on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum From {
    /// Microsoft Threat Modeling Tool model (.tm7).
    Tm7,
    /// OWASP Threat Dragon v2 JSON.
    ThreatDragon,
    /// Open Threat Model (OTM) JSON.
    Otm,
    /// AWS threat-composer workspace (.tc.json).
    ThreatComposer,
    /// CycloneDX 2.0 threat model (TM-BOM) JSON.
    #[value(name = "cyclonedx")]
    CycloneDx,
}

/// Runs the import.
pub fn run(file: &Path, out: &Path, from: Option<From>) -> anyhow::Result<ExitCode> {
    let shown = file.display().to_string();
    let text = match bulwark::io::read_text(file, bulwark::io::MAX_INPUT_BYTES) {
        Ok(t) => t,
        Err(e) => {
            errln!("{shown}: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let format = match from {
        Some(From::ThreatDragon) => Format::ThreatDragon,
        Some(From::Otm) => Format::Otm,
        Some(From::ThreatComposer) => Format::ThreatComposer,
        Some(From::Tm7) => Format::Tm7,
        Some(From::CycloneDx) => Format::CycloneDx,
        None => match Format::detect(&text) {
            Some(f) => f,
            None => {
                // Broken JSON is worth its location more than "not a format we know".
                errln!(
                    "{}",
                    bulwark::interop::import::not_recognised(&text, &shown, "; give --from to say which")
                );
                return Ok(ExitCode::from(2));
            }
        },
    };
    let (model, report) = match import(format, &text, &shown) {
        Ok(r) => r,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    bulwark::model::save(&model, out).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    // What Bulwark's rules say about the same design, beside the threats that came with it.
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let eval = bulwark::engine::Engine::new(std::sync::Arc::new(cat)).evaluate(std::sync::Arc::new(model.clone()), 0);
    let c = bulwark::interop::import::correspondence(&model, &eval);
    let mut stdout = std::io::stdout().lock();
    write_text(&mut stdout, &report.text())?;
    let mut lines = format!(
        "Bulwark's rules on the imported design: {} of {} imported threats are also raised by a rule at the same place; {} open rule findings name threats the file did not list.\n",
        c.matched.len(),
        model.threats.len(),
        c.added.len()
    );
    for (user, rules) in &c.matched {
        let statement = model
            .threats
            .get(&bulwark::model::FindingId::new(user.clone()))
            .map(|t| t.statement.clone())
            .unwrap_or_default();
        let title = match statement.char_indices().nth(60) {
            Some((i, _)) => format!("{}…", &statement[..i]),
            None => statement,
        };
        lines.push_str(&format!("  {user} ({title}) ↔ {}\n", rules.join(", ")));
    }
    write_text(&mut stdout, &lines)?;
    writeln!(stdout, "Wrote {} ({}).", out.display(), format.id())?;
    Ok(ExitCode::SUCCESS)
}

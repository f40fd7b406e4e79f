//! `bulwark assist TASK FILE`: asks the configured assistant command (never a network call
//! from Bulwark) and keeps what it suggests as pending suggestions beside the model, for a
//! person to accept or reject in the app. An explanation is printed.

use super::term::{errln, write_text};
use bulwark::interop::assist::{self, Limits, Task};
use bulwark::model::{ElementId, Suggestions};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// The tasks, as the command line names them.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TaskArg {
    /// Draft components and flows from the model's description.
    Draft,
    /// Threats the rules did not raise.
    Suggest,
    /// Explain a finding (needs --finding).
    Explain,
    /// Controls for an open finding (needs --finding).
    Controls,
}

/// Runs one task.
pub fn run(
    task: TaskArg,
    file: &Path,
    element: Option<&str>,
    finding: Option<&str>,
    audience: &str,
    assistant: Option<&str>,
    timeout_secs: u64,
) -> anyhow::Result<ExitCode> {
    let task = match task {
        TaskArg::Draft => Task::Draft,
        TaskArg::Suggest => Task::Suggest,
        TaskArg::Explain => Task::Explain,
        TaskArg::Controls => Task::Controls,
    };
    let line = assistant
        .map(str::to_owned)
        .or_else(|| std::env::var("BULWARK_ASSISTANT").ok())
        .unwrap_or_default();
    let argv = match assist::split_command(&line) {
        Ok(a) => a,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let model = match bulwark::model::load(file) {
        Ok(m) => m,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let cat = Arc::new(bulwark::catalog::Catalog::builtin().0);
    let element = element.map(ElementId::new);
    if let Some(e) = &element
        && !model.elements.contains_key(e)
    {
        errln!("{}: no element {e}", file.display());
        return Ok(ExitCode::from(2));
    }
    let eval = bulwark::engine::Engine::new(cat.clone()).evaluate(Arc::new(model.clone()), 0);
    let found = finding.and_then(|id| eval.findings.iter().find(|f| f.id.as_str() == id));
    if matches!(task, Task::Explain | Task::Controls) && found.is_none() {
        errln!(
            "{}: --finding must name a finding of this model (bulwark check lists them)",
            file.display()
        );
        return Ok(ExitCode::from(2));
    }
    let request = assist::request(task, &model, &cat, element.as_ref(), found.map(|f| &**f), audience);
    let bytes = serde_json::to_vec(&request)?;
    let limits = Limits {
        timeout: std::time::Duration::from_secs(timeout_secs),
        ..Limits::default()
    };
    // The command as the audit and the reviewer see it: each word's file name (no home
    // directories in a file that may be shared), at most 80 characters.
    let program: String = argv
        .iter()
        .map(|a| {
            Path::new(a)
                .file_name()
                .map_or(a.clone(), |n| n.to_string_lossy().into_owned())
        })
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(80)
        .collect();
    let reply = assist::exchange(&argv, &bytes, limits).and_then(|out| assist::parse_reply(&out, &model, &cat));
    let mut side = match Suggestions::load_for(file) {
        Ok(s) => s,
        Err(e) => {
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut hash = bulwark::engine::Fnv::default();
    hash.write(&bytes);
    let when = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let sent = format!(
        "unix {when}: assistant {program}, task {}: sent {} bytes (fnv {:016x})",
        task.id(),
        bytes.len(),
        hash.finish()
    );
    let reply = match reply {
        Ok(r) => r,
        Err(e) => {
            side.record(format!("{sent}; failed: {e}"));
            let _ = side.save_for(file);
            errln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    for r in &reply.refused {
        errln!("refused: {r}");
    }
    let source = format!("assistant: {program}");
    let mut ids = Vec::new();
    for p in reply.accepted {
        match side.add(&source, &format!("{} task", task.id()), p) {
            Ok(id) => ids.push(id),
            Err(e) => errln!("{e}"),
        }
    }
    side.record(format!(
        "{sent}; {} suggestion(s) kept, {} refused",
        ids.len(),
        reply.refused.len()
    ));
    if let Err(e) = side.save_for(file) {
        errln!("{e}");
        return Ok(ExitCode::from(2));
    }
    let mut out = std::io::stdout().lock();
    if !reply.text.is_empty() {
        write_text(&mut out, &format!("{}\n", reply.text))?;
    }
    if !ids.is_empty() {
        write_text(
            &mut out,
            &format!(
                "{} suggestion(s) waiting for review in {}: {}\n",
                ids.len(),
                bulwark::model::sidecar_path(file).display(),
                ids.join(", ")
            ),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

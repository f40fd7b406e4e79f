//! File → Export: what can be exported (reports, the diagram, the model in other tools'
//! formats), and the background job that renders and writes it, so
//! a large PDF never freezes the window. The rendering is the command line's
//! (`report::render_report` / `render_diagram`): the app and `bulwark report` write the same
//! bytes for the same model.

use crate::engine::{Engine, Evaluation};
use crate::interop::export::ModelFormat;
use crate::model::Model;
use crate::report::{DiagramFormat, ExportError, ReportDate, ReportFormat, ReportInput, ReportOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Something File → Export can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTarget {
    /// A report.
    Report(ReportFormat),
    /// The diagram.
    Diagram(DiagramFormat),
    /// The model in another tool's format.
    Model(ModelFormat),
    /// The latest workshop session's handout, as PDF (`true`) or Markdown.
    Handout(bool),
}

impl ExportTarget {
    /// Every target, in menu order: reports, then diagrams.
    pub fn all() -> impl Iterator<Item = ExportTarget> {
        ReportFormat::ALL
            .into_iter()
            .map(ExportTarget::Report)
            .chain([ExportTarget::Handout(true), ExportTarget::Handout(false)])
            .chain(DiagramFormat::ALL.into_iter().map(ExportTarget::Diagram))
            .chain(ModelFormat::ALL.into_iter().map(ExportTarget::Model))
    }

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            ExportTarget::Report(f) => f.label(),
            ExportTarget::Diagram(f) => f.label(),
            ExportTarget::Model(f) => f.label(),
            ExportTarget::Handout(true) => "Session handout (PDF)",
            ExportTarget::Handout(false) => "Session handout (Markdown)",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportTarget::Report(f) => f.extension(),
            ExportTarget::Diagram(f) => f.extension(),
            ExportTarget::Model(f) => f.extension(),
            ExportTarget::Handout(true) => "pdf",
            ExportTarget::Handout(false) => "md",
        }
    }

    /// A file name for `model`: its name as a slug, plus the extension.
    pub fn file_name(self, model: &Model) -> String {
        let stem = crate::model::slug(&model.name);
        let stem = if stem.is_empty() {
            "threat-model".to_owned()
        } else {
            stem
        };
        match self {
            // The diagram next to a report of the same model should not take its name.
            ExportTarget::Diagram(_) => format!("{stem}-diagram.{}", self.extension()),
            ExportTarget::Handout(_) => format!("{stem}-handout.{}", self.extension()),
            ExportTarget::Report(_) | ExportTarget::Model(_) => format!("{stem}.{}", self.extension()),
        }
    }
}

/// What an export needs, taken from the document when it starts.
pub struct ExportInput {
    /// The model as it was when export was chosen.
    pub model: Arc<Model>,
    /// The engine that evaluates it.
    pub engine: Arc<Engine>,
    /// The evaluation of exactly that model, when the app already has it; otherwise the export
    /// thread evaluates the model itself, so the window never waits.
    pub eval: Option<Evaluation>,
    /// The model's file, as reports name it.
    pub file: String,
    /// Include mitigated and triaged findings.
    pub include_closed: bool,
}

/// The bytes of `target` for `input`.
pub fn render(target: ExportTarget, input: &ExportInput) -> Result<Vec<u8>, ExportError> {
    let fresh;
    let eval = match &input.eval {
        Some(e) => e,
        None => {
            fresh = input.engine.evaluate(input.model.clone(), 0);
            &fresh
        }
    };
    match target {
        ExportTarget::Diagram(f) => crate::report::render_diagram(f, &input.model, input.engine.catalog(), Some(eval)),
        ExportTarget::Model(f) => f
            .write(&input.model, input.engine.catalog(), eval)
            .map(String::into_bytes)
            .map_err(|e| ExportError::Interop(e.to_string())),
        ExportTarget::Handout(pdf) => {
            let report = ReportInput {
                model: &input.model,
                engine: &input.engine,
                eval,
                file: &input.file,
                source: "",
            };
            let opts = ReportOptions {
                include_closed: input.include_closed,
                date: ReportDate::today(),
            };
            crate::report::render_handout(&report, opts, None, pdf)
        }
        ExportTarget::Report(f) => {
            // SARIF points at lines of the saved text (the canonical text is what is saved);
            // no other format reads it.
            let source = if f == ReportFormat::Sarif {
                crate::model::to_string(&input.model).unwrap_or_default()
            } else {
                String::new()
            };
            let report = ReportInput {
                model: &input.model,
                engine: &input.engine,
                eval,
                file: &input.file,
                source: &source,
            };
            let opts = ReportOptions {
                include_closed: input.include_closed,
                date: ReportDate::today(),
            };
            crate::report::render_report(f, &report, opts)
        }
    }
}

/// How an export ended.
#[derive(Debug)]
pub struct Finished {
    /// What was exported.
    pub target: ExportTarget,
    /// Where to.
    pub path: PathBuf,
    /// Bytes written, or what went wrong.
    pub result: Result<usize, String>,
}

/// Bytes written, or what went wrong, sent back by the export thread.
type Outcome = Result<usize, String>;

/// The export running in the background, if any.
#[derive(Debug, Default)]
pub struct Exports {
    running: Option<(ExportTarget, PathBuf, Receiver<Outcome>)>,
}

impl Exports {
    /// Renders and writes `target` to `path` on a thread; `notify` runs when it is done.
    pub fn start(
        &mut self,
        target: ExportTarget,
        path: PathBuf,
        input: ExportInput,
        notify: impl Fn() + Send + 'static,
    ) {
        let (tx, rx) = channel();
        let to = path.clone();
        let spawned = std::thread::Builder::new()
            .name("bulwark-export".to_owned())
            .spawn(move || {
                let result = write(target, &input, &to);
                // The app may have closed meanwhile; then nobody is waiting for the answer.
                let _ = tx.send(result);
                notify();
            });
        match spawned {
            Ok(_) => self.running = Some((target, path, rx)),
            Err(e) => {
                let (tx, rx) = channel();
                let _ = tx.send(Err(format!("cannot start the export thread: {e}")));
                self.running = Some((target, path, rx));
            }
        }
    }

    /// The export in progress: what and where.
    pub fn running(&self) -> Option<(ExportTarget, &Path)> {
        self.running.as_ref().map(|(t, p, _)| (*t, p.as_path()))
    }

    /// The export that finished since the last call, if one did.
    pub fn poll(&mut self) -> Option<Finished> {
        let (_, _, rx) = self.running.as_ref()?;
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err("the export stopped unexpectedly".to_owned()),
        };
        let (target, path, _) = self.running.take()?;
        Some(Finished { target, path, result })
    }

    /// Waits for the running export (tests).
    pub fn wait(&mut self) -> Option<Finished> {
        let (target, path, rx) = self.running.take()?;
        let result = rx
            .recv()
            .unwrap_or_else(|_| Err("the export stopped unexpectedly".to_owned()));
        Some(Finished { target, path, result })
    }
}

fn write(target: ExportTarget, input: &ExportInput, path: &Path) -> Result<usize, String> {
    let bytes = render(target, input).map_err(|e| e.to_string())?;
    crate::model::write_replacing(path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(bytes.len())
}

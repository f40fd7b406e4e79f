//! Asking the configured assistant from the app: the request is built from the model and the
//! selection, shown in full before the first one of a session, sent on a background thread,
//! and its answer comes back as an explanation to read or suggestions that wait beside the
//! saved model for review (`suggest_ops`). Nothing it says is applied by itself.

use super::App;
use crate::app::dialogs::Modal;
use crate::interop::assist::{self, Limits, Task};
use crate::model::Suggestions;
use std::sync::mpsc;

/// A request being prepared or run.
#[derive(Debug, Default)]
pub(crate) struct AssistState {
    /// The person agreed to what is sent, this session.
    pub(crate) consented: bool,
    /// Built and waiting for consent: the task and the request bytes.
    waiting: Option<(Task, Vec<u8>)>,
    /// Running: its answer arrives here.
    running: Option<mpsc::Receiver<Result<Vec<u8>, String>>>,
    /// The task running.
    task: Option<Task>,
}

impl App {
    /// Builds the request for `task` and sends it (after the preview, the first time); an
    /// explanation is written for a developer.
    pub(super) fn ask_assistant(&mut self, task: Task) {
        self.ask_assistant_for(task, "developer");
    }

    /// As `ask_assistant`, with the audience an explanation is for (`developer`, `executive`).
    pub(super) fn ask_assistant_for(&mut self, task: Task, audience: &str) {
        if self.settings.assistant.trim().is_empty() {
            self.message = Some("No assistant is configured (Edit → Assistant command…)".into());
            return;
        }
        if self.assistant.running.is_some() {
            self.message = Some("The assistant is still answering".into());
            return;
        }
        let finding = self
            .session
            .selected_finding
            .as_ref()
            .and_then(|id| self.eval.finding(id))
            .cloned();
        if matches!(task, Task::Explain | Task::Controls) && finding.is_none() {
            self.message = Some("Select a finding first".into());
            return;
        }
        if task != Task::Explain && self.doc.path().is_none() {
            self.message = Some("Save the model first: suggestions wait beside its file for your review".into());
            return;
        }
        let element = match self.session.selection.single() {
            Some(crate::app::session::Item::Element(e)) => Some(e),
            _ => None,
        };
        let request = assist::request(
            task,
            self.doc.model(),
            &self.catalog,
            element.as_ref(),
            finding.as_deref(),
            audience,
        );
        let bytes = serde_json::to_vec(&request).unwrap_or_default();
        self.assistant.waiting = Some((task, bytes));
        if self.assistant.consented {
            self.send_assistant();
        } else {
            self.modals.push(Modal::AssistantPreview {
                json: serde_json::to_string_pretty(&request).unwrap_or_default(),
            });
        }
    }

    /// Sends the waiting request on a background thread.
    pub(super) fn send_assistant(&mut self) {
        let Some((task, bytes)) = self.assistant.waiting.take() else {
            return;
        };
        let argv = match assist::split_command(&self.settings.assistant) {
            Ok(a) => a,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(assist::exchange(&argv, &bytes, Limits::default()).map_err(|e| e.to_string()));
        });
        self.assistant.running = Some(rx);
        self.assistant.task = Some(task);
        self.message = Some(format!("Asking the assistant ({})…", task.id()));
    }

    /// Takes the answer when it has come.
    pub(super) fn poll_assistant(&mut self, ctx: &egui::Context) {
        let Some(rx) = &self.assistant.running else { return };
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(200));
                return;
            }
            Err(mpsc::TryRecvError::Disconnected) => Err("the assistant stopped without an answer".into()),
        };
        self.assistant.running = None;
        let task = self.assistant.task.take().unwrap_or(Task::Suggest);
        let reply = answer
            .and_then(|bytes| assist::parse_reply(&bytes, self.doc.model(), &self.catalog).map_err(|e| e.to_string()));
        let reply = match reply {
            Ok(r) => r,
            Err(e) => {
                self.modals.push(Modal::Error {
                    title: "The assistant's answer was not used".into(),
                    message: e,
                });
                return;
            }
        };
        let mut kept = Vec::new();
        if let Some(path) = self.doc.path().map(|p| p.to_path_buf())
            && !reply.accepted.is_empty()
        {
            let program = assist::split_command(&self.settings.assistant)
                .ok()
                .and_then(|a| {
                    std::path::Path::new(&a[0])
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                })
                .unwrap_or_default();
            let saved = Suggestions::load_for(&path).and_then(|mut side| {
                for p in reply.accepted.clone() {
                    kept.push(side.add(&format!("assistant: {program}"), &format!("{} task", task.id()), p)?);
                }
                side.record(format!(
                    "assistant {program}, task {}: {} kept, {} refused",
                    task.id(),
                    kept.len(),
                    reply.refused.len()
                ));
                side.save_for(&path)
            });
            if let Err(e) = saved {
                self.message = Some(e);
                return;
            }
            // Read again at once, and show the review window.
            self.force_suggestions_reload();
        }
        let mut text = reply.text.clone();
        if !reply.refused.is_empty() {
            text.push_str(&format!(
                "\n\nRefused (not in the model or the library):\n{}",
                reply.refused.join("\n")
            ));
        }
        if !text.trim().is_empty() {
            self.modals.push(Modal::ImportReport {
                title: format!("The assistant ({})", task.id()),
                text,
            });
        }
        self.message = Some(format!(
            "The assistant answered: {} suggestion(s) to review",
            kept.len()
        ));
    }
}

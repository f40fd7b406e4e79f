//! Runs the rule being edited off the UI thread: compile errors and "preview on this diagram"
//! come from a background thread that always works on the newest text and drops the rest, so
//! typing never waits for rhai.

use crate::catalog::{Catalog, SourceFile};
use crate::engine::{Preview, preview};
use crate::model::Model;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long typing pauses before the text is compiled and previewed.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// One thing to preview.
pub struct Job {
    /// Which edit of the text this is (results for older ones are dropped).
    pub generation: u64,
    /// The catalog the rule is compiled against.
    pub catalog: Arc<Catalog>,
    /// The text, with the name it will be saved as.
    pub file: SourceFile,
    /// The open diagram.
    pub model: Arc<Model>,
}

/// The background preview thread.
pub struct Previewer {
    tx: Option<Sender<Job>>,
    rx: Receiver<(u64, Preview)>,
    handle: Option<JoinHandle<()>>,
}

impl Previewer {
    /// Starts the thread; `notify` runs when a result is ready (ask for a repaint).
    pub fn spawn(notify: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (tx, jobs) = channel::<Job>();
        let (res_tx, rx) = channel();
        let handle = std::thread::Builder::new()
            .name("bulwark-rule-preview".into())
            .spawn(move || {
                while let Ok(mut job) = jobs.recv() {
                    // Only the newest text matters.
                    while let Ok(newer) = jobs.try_recv() {
                        job = newer;
                    }
                    let p = preview(&job.catalog, &job.file, job.model);
                    if res_tx.send((job.generation, p)).is_err() {
                        return;
                    }
                    notify();
                }
            })?;
        Ok(Self {
            tx: Some(tx),
            rx,
            handle: Some(handle),
        })
    }

    /// Queues a job. Returns false if the thread has stopped.
    pub fn submit(&self, job: Job) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(job).is_ok())
    }

    /// The newest result that arrived, with its generation.
    pub fn latest(&self) -> Option<(u64, Preview)> {
        let mut last = None;
        loop {
            match self.rx.try_recv() {
                Ok(r) => last = Some(r),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return last,
            }
        }
    }

    /// Waits for the next result (tests).
    pub fn wait(&self, timeout: Duration) -> Option<(u64, Preview)> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for Previewer {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take()
            && h.join().is_err()
        {
            debug_assert!(false, "rule preview thread panicked");
        }
    }
}

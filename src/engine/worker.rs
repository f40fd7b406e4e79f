//! Evaluation off the UI thread. The app sends each new document revision; the worker coalesces
//! whatever queued up while it was busy, evaluates incrementally against its last result and
//! sends back an [`Evaluation`] tagged with the revision it belongs to — or, started with
//! [`Worker::spawn_with`], whatever the caller derives from it on this thread, so the thread
//! that shows results only swaps them in.

use super::changes::Changes;
use super::evaluate::{Engine, Evaluation};
use crate::model::Model;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

/// What the worker is asked to do.
pub enum Request {
    /// Evaluate this revision; `changes` is what changed since the previous request.
    Evaluate {
        /// The document revision.
        revision: u64,
        /// The document.
        model: Arc<Model>,
        /// What changed since the last request.
        changes: Changes,
    },
    /// Use another engine (rules reloaded); the next evaluation is a full one.
    SetEngine(Arc<Engine>),
    /// Drop this here: a replaced result holds tens of thousands of findings, and freeing them
    /// took milliseconds on the thread that sent it (issue 15).
    Discard(Box<dyn Send>),
}

/// A background evaluation thread, sending back `T`: an [`Evaluation`], or what
/// [`Worker::spawn_with`] derives from one.
pub struct Worker<T = Evaluation> {
    tx: Option<Sender<Request>>,
    rx: Receiver<T>,
    handle: Option<JoinHandle<()>>,
}

impl<T> std::fmt::Debug for Worker<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Worker")
    }
}

impl Worker {
    /// Starts the thread. `notify` runs after each result is sent (the app asks for a repaint).
    pub fn spawn(engine: Arc<Engine>, notify: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        Self::spawn_with(engine, notify, Some)
    }
}

impl<T: Send + 'static> Worker<T> {
    /// Starts the thread; each evaluation goes through `finish` on it, and what that returns,
    /// if anything, is sent (then `notify` runs). The evaluation itself is kept as the base of
    /// the next incremental one either way.
    pub fn spawn_with(
        engine: Arc<Engine>,
        notify: impl Fn() + Send + 'static,
        finish: impl FnMut(Evaluation) -> Option<T> + Send + 'static,
    ) -> std::io::Result<Self> {
        let (tx, req_rx) = channel::<Request>();
        let (res_tx, rx) = channel::<T>();
        let handle = std::thread::Builder::new()
            .name("bulwark-eval".into())
            .spawn(move || worker_loop(engine, req_rx, res_tx, notify, finish))?;
        Ok(Self {
            tx: Some(tx),
            rx,
            handle: Some(handle),
        })
    }

    /// Queues a request. Returns false if the worker has stopped.
    pub fn submit(&self, req: Request) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(req).is_ok())
    }

    /// The newest finished evaluation, if any arrived since the last call.
    pub fn latest(&self) -> Option<T> {
        self.arrived().pop()
    }

    /// Everything that arrived since the last call, oldest first.
    pub fn arrived(&self) -> Vec<T> {
        let mut all = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(e) => all.push(e),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return all,
            }
        }
    }

    /// Waits for the next evaluation (tests and the command line).
    pub fn wait(&self) -> Option<T> {
        self.rx.recv().ok()
    }
}

impl<T> Drop for Worker<T> {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take() {
            // The thread ends when the channel closes; a panic in it has already been printed.
            if h.join().is_err() {
                debug_assert!(false, "evaluation thread panicked");
            }
        }
    }
}

fn worker_loop<T>(
    mut engine: Arc<Engine>,
    rx: Receiver<Request>,
    tx: Sender<T>,
    notify: impl Fn(),
    mut finish: impl FnMut(Evaluation) -> Option<T>,
) {
    let mut last: Option<Evaluation> = None;
    while let Ok(first) = rx.recv() {
        // Coalesce everything queued: the newest model, the union of changes.
        let mut pending: Option<(u64, Arc<Model>, Changes)> = None;
        let mut queue = vec![first];
        while let Ok(more) = rx.try_recv() {
            queue.push(more);
        }
        for req in queue {
            match req {
                Request::SetEngine(e) => {
                    engine = e;
                    last = None;
                }
                Request::Discard(what) => drop(what),
                Request::Evaluate {
                    revision,
                    model,
                    changes,
                } => {
                    pending = Some(match pending {
                        None => (revision, model, changes),
                        Some((_, _, mut c)) => {
                            c.elements.extend(changes.elements);
                            c.flows.extend(changes.flows);
                            c.structural |= changes.structural;
                            c.everything |= changes.everything;
                            (revision, model, c)
                        }
                    });
                }
            }
        }
        let Some((revision, model, changes)) = pending else {
            continue;
        };
        let eval = match &last {
            Some(prev) => engine.evaluate_incremental(prev, model, revision, &changes),
            None => engine.evaluate(model, revision),
        };
        last = Some(eval.clone());
        let Some(result) = finish(eval) else { continue };
        if tx.send(result).is_err() {
            return;
        }
        notify();
    }
}

//! Mapping a repository from the app: the mapper runs on a background thread so the window
//! stays live, and counts files as it goes for the status bar.

use crate::catalog::Catalog;
use crate::interop::map::{Detectors, Mapping, map_repository};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

/// A mapping in progress.
#[derive(Debug)]
pub struct MapJob {
    /// The repository.
    pub dir: PathBuf,
    /// The document revision when it started: edits after it are unsaved work the result
    /// must not silently replace.
    pub revision: u64,
    progress: Arc<AtomicUsize>,
    handle: Option<JoinHandle<Result<Mapping, String>>>,
}

impl MapJob {
    /// Starts mapping `dir` with the app's catalog.
    pub fn start(dir: PathBuf, catalog: Arc<Catalog>) -> Self {
        let progress = Arc::new(AtomicUsize::new(0));
        let counter = progress.clone();
        let root = dir.clone();
        let handle = std::thread::Builder::new()
            .name("bulwark-map".to_owned())
            .spawn(move || {
                let (detectors, _) = Detectors::builtin(&catalog);
                map_repository(&root, &catalog, &detectors, &counter).map_err(|e| e.to_string())
            })
            .ok();
        Self {
            dir,
            revision: 0,
            progress,
            handle,
        }
    }

    /// Files looked at so far.
    pub fn files_scanned(&self) -> usize {
        self.progress.load(Ordering::Relaxed)
    }

    /// Blocks until the thread is done and returns its result (for tests and shutdown).
    pub fn wait(&mut self) -> Result<Mapping, String> {
        match self.handle.take() {
            Some(h) => h
                .join()
                .unwrap_or_else(|_| Err("the mapping stopped unexpectedly".to_owned())),
            None => Err("could not start the mapping thread".to_owned()),
        }
    }

    /// The result once the thread is done (`None` while it runs).
    pub fn finished(&mut self) -> Option<Result<Mapping, String>> {
        let Some(handle) = self.handle.take_if(|h| h.is_finished()) else {
            if self.handle.is_none() {
                return Some(Err("could not start the mapping thread".to_owned()));
            }
            return None;
        };
        Some(
            handle
                .join()
                .unwrap_or_else(|_| Err("the mapping stopped unexpectedly".to_owned())),
        )
    }
}

//! Hot reload of rule folders. A background thread compares the folders' [`Signature`] every
//! poll interval; when it changes (or the folders change) it loads the catalog and compiles a
//! new [`Engine`] there, and hands both over. The caller never blocks on disk or compilation.
//!
//! Why polling rather than the `notify` crate: the folders are few and small, so a stat of
//! each rule file twice a second costs nothing; polling sees every editor's way of saving
//! (in-place writes, atomic rename-over, delete-and-recreate, a folder created after start)
//! the same way, works on network and container file systems where inotify events do not
//! arrive, and adds no dependency.

use super::evaluate::Engine;
use crate::catalog::{Catalog, LoadReport, Signature};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the rule folders are looked at: a change shows within about this plus the time
/// to compile, well inside the two seconds the issue asks for.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders whose rules run, in layering order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleDirs {
    /// User rule folders, layered on the shipped library (later ones win).
    pub user: Vec<PathBuf>,
    /// A model's own `bulwark-rules/` folder, when the person agreed to run it. It may add
    /// rules but not replace any.
    pub model: Option<PathBuf>,
}

impl RuleDirs {
    /// Every folder, for the signature.
    fn all(&self) -> Vec<PathBuf> {
        self.user.iter().chain(&self.model).cloned().collect()
    }

    /// Loads the catalog and compiles it: the shipped library, the user folders that exist (a
    /// user folder not created yet is not an error), then the model's folder.
    pub fn load(&self) -> Reloaded {
        let user: Vec<&std::path::Path> = self.user.iter().map(PathBuf::as_path).filter(|d| d.is_dir()).collect();
        let (catalog, report) = Catalog::with_dirs(&user, self.model.as_deref());
        let catalog = Arc::new(catalog);
        let engine = Arc::new(Engine::new(catalog.clone()));
        Reloaded {
            dirs: self.clone(),
            catalog,
            report,
            engine,
        }
    }
}

/// A freshly loaded library and the engine compiled from it.
#[derive(Debug, Clone)]
pub struct Reloaded {
    /// The folders it was loaded from.
    pub dirs: RuleDirs,
    /// The catalog.
    pub catalog: Arc<Catalog>,
    /// What loading said (errors with file:line, shadowed entries).
    pub report: LoadReport,
    /// The engine; its `errors()` are the rules that did not compile.
    pub engine: Arc<Engine>,
}

impl Reloaded {
    /// Loads `dirs` and compiles them now, on the calling thread (start-up, tests).
    pub fn load(dirs: RuleDirs) -> Reloaded {
        dirs.load()
    }
}

enum Control {
    /// Watch these folders instead, and reload now.
    SetDirs(RuleDirs),
    /// Reload now (a file was saved from inside the app).
    ReloadNow,
}

/// The background thread that watches rule folders.
pub struct RuleWatcher {
    tx: Option<Sender<Control>>,
    rx: Receiver<Reloaded>,
    handle: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RuleWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RuleWatcher")
    }
}

impl RuleWatcher {
    /// Starts watching `dirs`, taking their current state as already loaded. `notify` runs
    /// after each reload is sent (the app asks for a repaint).
    pub fn spawn(dirs: RuleDirs, interval: Duration, notify: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (tx, ctl_rx) = channel::<Control>();
        let (res_tx, rx) = channel::<Reloaded>();
        // Taken before the caller loads, so a change made while it loads is not missed.
        let seen = Signature::of(&dirs.all());
        let handle = std::thread::Builder::new()
            .name("bulwark-rules".into())
            .spawn(move || watch_loop(dirs, seen, interval, &ctl_rx, &res_tx, &notify))?;
        Ok(Self {
            tx: Some(tx),
            rx,
            handle: Some(handle),
        })
    }

    /// Watches other folders (another model opened, its rules trusted) and reloads now.
    pub fn set_dirs(&self, dirs: RuleDirs) -> bool {
        self.send(Control::SetDirs(dirs))
    }

    /// Reloads now without waiting for the next poll.
    pub fn reload_now(&self) -> bool {
        self.send(Control::ReloadNow)
    }

    fn send(&self, c: Control) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(c).is_ok())
    }

    /// The newest reload, if one arrived since the last call.
    pub fn latest(&self) -> Option<Reloaded> {
        let mut last = None;
        loop {
            match self.rx.try_recv() {
                Ok(r) => last = Some(r),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return last,
            }
        }
    }

    /// Waits up to `timeout` for the next reload (tests).
    pub fn wait(&self, timeout: Duration) -> Option<Reloaded> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for RuleWatcher {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take() {
            // The thread wakes when the channel closes; a panic in it has already been printed.
            if h.join().is_err() {
                debug_assert!(false, "rule watcher thread panicked");
            }
        }
    }
}

fn watch_loop(
    mut dirs: RuleDirs,
    mut seen: Signature,
    interval: Duration,
    rx: &Receiver<Control>,
    tx: &Sender<Reloaded>,
    notify: &dyn Fn(),
) {
    loop {
        let forced = match rx.recv_timeout(interval) {
            Ok(Control::SetDirs(d)) => {
                dirs = d;
                true
            }
            Ok(Control::ReloadNow) => true,
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let now = Signature::of(&dirs.all());
        if !forced && now == seen {
            continue;
        }
        seen = now;
        if tx.send(Reloaded::load(dirs.clone())).is_err() {
            return;
        }
        notify();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_does_not_exist_yet_loads_as_the_shipped_library() {
        let dirs = RuleDirs {
            user: vec![PathBuf::from("/nonexistent/bulwark/rules")],
            model: None,
        };
        let r = Reloaded::load(dirs);
        assert!(r.report.errors.is_empty(), "{:?}", r.report.errors);
        assert!(r.engine.errors().is_empty());
    }
}

//! The rules the app runs, kept live: the user rules folder and — once the person agreed — the
//! open model's own `bulwark-rules/` folder, watched by the engine's [`RuleWatcher`] so a file
//! saved by any editor is re-evaluated without a restart. Trust answers are remembered per
//! folder for this session only: a new session asks again, because the folder may have changed.

use crate::catalog::ModelRules;
use crate::engine::{POLL_INTERVAL, Reloaded, RuleDirs, RuleWatcher};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The user rules folder: `rules/` in Bulwark's config folder (`~/.config/bulwark/rules`).
pub fn default_user_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Bulwark", "Bulwark").map(|d| d.config_dir().join("rules"))
}

/// The rule folders in use and the watcher that reloads them.
pub struct LiveRules {
    user_dir: Option<PathBuf>,
    dirs: RuleDirs,
    watcher: Option<RuleWatcher>,
    /// Why the watcher could not start (rules then load only at start and on save).
    pub watcher_error: Option<String>,
    /// Run (true) or not (false), per model rules folder, for this session.
    trust: BTreeMap<PathBuf, bool>,
    /// The open model's own rules folder, run or not.
    model_rules: Option<ModelRules>,
    /// The newest load.
    latest: Reloaded,
}

impl std::fmt::Debug for LiveRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveRules").field("dirs", &self.dirs).finish()
    }
}

/// A folder's identity for the trust answer: its canonical path when it has one.
fn key(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

impl LiveRules {
    /// Loads the shipped library and `user_dir` now and starts watching.
    pub fn start(user_dir: Option<PathBuf>, notify: impl Fn() + Send + 'static) -> Self {
        let dirs = RuleDirs {
            user: user_dir.iter().cloned().collect(),
            model: None,
        };
        // The watcher takes its first look before the load, so nothing changed in between
        // goes unnoticed.
        let (watcher, watcher_error) = match RuleWatcher::spawn(dirs.clone(), POLL_INTERVAL, notify) {
            Ok(w) => (Some(w), None),
            Err(e) => (None, Some(format!("cannot watch the rule folders: {e}"))),
        };
        let latest = Reloaded::load(dirs.clone());
        Self {
            user_dir,
            dirs,
            watcher,
            watcher_error,
            trust: BTreeMap::new(),
            model_rules: None,
            latest,
        }
    }

    /// The newest load.
    pub fn latest(&self) -> &Reloaded {
        &self.latest
    }

    /// The user rules folder, if there is one.
    pub fn user_dir(&self) -> Option<&Path> {
        self.user_dir.as_deref()
    }

    /// The open model's own rules, if it has any (run or not).
    pub fn model_rules(&self) -> Option<&ModelRules> {
        self.model_rules.as_ref()
    }

    /// Whether the open model's own rules run.
    pub fn model_rules_run(&self) -> bool {
        self.dirs.model.is_some()
    }

    /// A reload that finished since the last call.
    pub fn poll(&mut self) -> Option<&Reloaded> {
        let r = self.watcher.as_ref().and_then(RuleWatcher::latest)?;
        // A reload for folders no longer in use (the model changed meanwhile) is dropped; the
        // one for the new folders is on its way.
        if r.dirs != self.dirs {
            return None;
        }
        self.latest = r;
        Some(&self.latest)
    }

    /// Reloads now (after the editor saved a file) rather than at the next poll.
    pub fn reload_now(&mut self) {
        match &self.watcher {
            Some(w) => {
                w.reload_now();
            }
            None => self.latest = Reloaded::load(self.dirs.clone()),
        }
    }

    /// The document now lives at `model_path`. Returns the model's own rules when the person
    /// has not yet said whether to run them; until they answer, those rules do not run.
    pub fn document_at(&mut self, model_path: Option<&Path>) -> Option<ModelRules> {
        self.model_rules = model_path.and_then(ModelRules::beside);
        let (run, ask) = match &self.model_rules {
            None => (None, None),
            Some(mr) => match self.trust.get(&key(&mr.dir)) {
                Some(true) => (Some(mr.dir.clone()), None),
                Some(false) => (None, None),
                None => (None, Some(mr.clone())),
            },
        };
        self.use_model_dir(run);
        ask
    }

    /// The person's answer for a model rules folder.
    pub fn decide(&mut self, dir: &Path, run: bool) {
        self.trust.insert(key(dir), run);
        let open = self.model_rules.as_ref().is_some_and(|mr| key(&mr.dir) == key(dir));
        if open {
            self.use_model_dir(run.then(|| dir.to_path_buf()));
        }
    }

    /// Whether the person has answered for `dir` in this session.
    pub fn decided(&self, dir: &Path) -> Option<bool> {
        self.trust.get(&key(dir)).copied()
    }

    fn use_model_dir(&mut self, model: Option<PathBuf>) {
        if self.dirs.model == model {
            return;
        }
        self.dirs.model = model;
        match &self.watcher {
            Some(w) => {
                w.set_dirs(self.dirs.clone());
            }
            None => self.latest = Reloaded::load(self.dirs.clone()),
        }
    }

    /// Waits until a reload for the current folders arrives or `timeout` passes (tests).
    pub fn wait(&mut self, timeout: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + timeout;
        while let Some(left) = end.checked_duration_since(std::time::Instant::now()) {
            let Some(r) = self.watcher.as_ref().and_then(|w| w.wait(left)) else {
                return false;
            };
            if r.dirs == self.dirs {
                self.latest = r;
                return true;
            }
        }
        false
    }
}

//! Files: the file dialog behind a trait (native dialogs through rfd; tests answer it), the
//! shipped example models, and the recovery file that autosave writes.

use crate::model::{LoadError, Model};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The extension model files use.
pub const MODEL_SUFFIX: &str = ".bulwark.ron";

/// What a file dialog answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogAnswer {
    /// The person picked this file.
    Picked(PathBuf),
    /// The person closed the dialog.
    Cancelled,
    /// No dialog could be shown (no desktop portal); the app asks for a path itself.
    Unavailable,
}

/// Asks the person for a file to open or to save to.
pub trait FileDialog {
    /// A model file to open, starting in `dir`.
    fn pick_open(&mut self, dir: Option<&Path>) -> DialogAnswer;
    /// Where to save, starting in `dir` with `file_name` filled in.
    fn pick_save(&mut self, dir: Option<&Path>, file_name: &str) -> DialogAnswer;
    /// Where to write an export (`kind` names it, `extension` filters), starting in `dir` with
    /// `file_name` filled in. A dialog without a better one asks as for a save.
    fn pick_export(&mut self, dir: Option<&Path>, file_name: &str, kind: &str, extension: &str) -> DialogAnswer {
        let _ = (kind, extension);
        self.pick_save(dir, file_name)
    }
    /// A folder (a repository to map). Dialogs that cannot pick folders say so.
    fn pick_folder(&mut self, _dir: Option<&Path>) -> DialogAnswer {
        DialogAnswer::Unavailable
    }
}

/// Native dialogs through rfd (the XDG desktop portal on Linux).
#[derive(Debug, Default)]
pub struct NativeDialog;

/// rfd answers "no file" both when the person cancels and when no portal exists; without a
/// portal it answers within milliseconds, faster than anyone can cancel a dialog.
const NO_PORTAL_WITHIN: Duration = Duration::from_millis(250);

fn answer(picked: Option<PathBuf>, started: Instant) -> DialogAnswer {
    match picked {
        Some(p) => DialogAnswer::Picked(p),
        None if started.elapsed() < NO_PORTAL_WITHIN => DialogAnswer::Unavailable,
        None => DialogAnswer::Cancelled,
    }
}

impl FileDialog for NativeDialog {
    fn pick_open(&mut self, dir: Option<&Path>) -> DialogAnswer {
        let mut d = rfd::FileDialog::new()
            .set_title("Open threat model")
            .add_filter("Bulwark model", &["ron"]);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        let started = Instant::now();
        answer(d.pick_file(), started)
    }

    fn pick_save(&mut self, dir: Option<&Path>, file_name: &str) -> DialogAnswer {
        let mut d = rfd::FileDialog::new()
            .set_title("Save threat model")
            .add_filter("Bulwark model", &["ron"])
            .set_file_name(file_name);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        let started = Instant::now();
        answer(d.save_file(), started)
    }

    fn pick_export(&mut self, dir: Option<&Path>, file_name: &str, kind: &str, extension: &str) -> DialogAnswer {
        let mut d = rfd::FileDialog::new()
            .set_title(format!("Export {kind}"))
            .add_filter(kind, &[extension])
            .set_file_name(file_name);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        let started = Instant::now();
        answer(d.save_file(), started)
    }

    fn pick_folder(&mut self, dir: Option<&Path>) -> DialogAnswer {
        let mut d = rfd::FileDialog::new().set_title("Map a repository");
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        let started = Instant::now();
        answer(d.pick_folder(), started)
    }
}

/// Adds `.bulwark.ron` to a path typed without it.
pub fn with_model_suffix(path: PathBuf) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.ends_with(MODEL_SUFFIX) || name.ends_with(".ron") {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(MODEL_SUFFIX);
        PathBuf::from(s)
    }
}

/// A file name for a model: its name as a slug plus the suffix.
pub fn suggested_file_name(model: &Model) -> String {
    format!("{}{MODEL_SUFFIX}", crate::model::slug(&model.name))
}

/// A shipped example model, compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// The menu label.
    pub title: &'static str,
    /// The file name it is shipped as.
    pub file: &'static str,
    /// The model text.
    pub text: &'static str,
}

/// The shipped examples; the first is what a first start opens.
pub const EXAMPLES: [Example; 4] = [
    Example {
        title: "RAG knowledge assistant",
        file: "rag-assistant.bulwark.ron",
        text: include_str!("../../assets/examples/rag-assistant.bulwark.ron"),
    },
    Example {
        title: "Agentic assistant with tools",
        file: "agentic-assistant.bulwark.ron",
        text: include_str!("../../assets/examples/agentic-assistant.bulwark.ron"),
    },
    Example {
        title: "Customer support bot",
        file: "customer-support-bot.bulwark.ron",
        text: include_str!("../../assets/examples/customer-support-bot.bulwark.ron"),
    },
    Example {
        title: "ML training pipeline",
        file: "ml-training-pipeline.bulwark.ron",
        text: include_str!("../../assets/examples/ml-training-pipeline.bulwark.ron"),
    },
];

impl Example {
    /// Parses the example.
    pub fn model(&self) -> Result<Model, LoadError> {
        crate::model::from_str(self.text, self.file)
    }
}

/// Which file the recovered work belonged to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct RecoveryMeta {
    original: Option<PathBuf>,
}

/// Work found in the recovery file at start.
#[derive(Debug)]
pub struct Recovered {
    /// The model, or why it could not be read.
    pub model: Result<Model, LoadError>,
    /// The file it was being edited as, if it had one.
    pub original: Option<PathBuf>,
}

/// The recovery file autosave writes unsaved work to, in the app's data folder.
#[derive(Debug, Clone, Default)]
pub struct Recovery {
    dir: Option<PathBuf>,
}

impl Recovery {
    /// Recovery in `dir`; `None` turns autosave off.
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self { dir }
    }

    /// The user's data folder (`~/.local/share/bulwark` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "Bulwark", "Bulwark").map(|d| d.data_dir().to_path_buf())
    }

    fn model_path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join("recovery.bulwark.ron"))
    }

    fn meta_path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join("recovery.meta.ron"))
    }

    /// Writes unsaved work (atomically, so a crash mid-write keeps the previous copy).
    pub fn write(&self, model: &Model, original: Option<&Path>) -> anyhow::Result<()> {
        let (Some(dir), Some(model_path), Some(meta_path)) = (&self.dir, self.model_path(), self.meta_path()) else {
            return Ok(());
        };
        std::fs::create_dir_all(dir)?;
        let text = crate::model::to_string(model)?;
        crate::model::write_atomic(&model_path, text.as_bytes())?;
        let meta = RecoveryMeta {
            original: original.map(Path::to_path_buf),
        };
        std::fs::write(&meta_path, ron::to_string(&meta)?)?;
        Ok(())
    }

    /// Unsaved work left by a previous run, if any.
    pub fn find(&self) -> Option<Recovered> {
        let path = self.model_path()?;
        if !path.exists() {
            return None;
        }
        let original = self
            .meta_path()
            .and_then(|p| crate::io::read_text(&p, 64 * 1024).ok())
            .and_then(|t| ron::from_str::<RecoveryMeta>(&t).ok())
            .and_then(|m| m.original);
        Some(Recovered {
            model: crate::model::load(&path),
            original,
        })
    }

    /// Removes the recovery file (the work was saved, restored or discarded).
    pub fn clear(&self) -> std::io::Result<()> {
        for p in [self.model_path(), self.meta_path()].into_iter().flatten() {
            for file in [crate::model::backup_path(&p), p] {
                match std::fs::remove_file(&file) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_loads() {
        for ex in EXAMPLES {
            let m = ex.model().unwrap_or_else(|e| panic!("{}: {e}", ex.file));
            assert!(!m.elements.is_empty(), "{}", ex.file);
        }
    }

    #[test]
    fn a_typed_path_gets_the_model_suffix_once() {
        assert_eq!(with_model_suffix("a/x".into()), PathBuf::from("a/x.bulwark.ron"));
        assert_eq!(
            with_model_suffix("x.bulwark.ron".into()),
            PathBuf::from("x.bulwark.ron")
        );
    }

    #[test]
    fn recovery_round_trips_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        let r = Recovery::new(Some(dir.path().join("data")));
        assert!(r.find().is_none());
        let m = EXAMPLES[0].model().unwrap();
        r.write(&m, Some(Path::new("/tmp/x.bulwark.ron"))).unwrap();
        r.write(&m, Some(Path::new("/tmp/x.bulwark.ron"))).unwrap();
        let found = r.find().unwrap();
        assert_eq!(found.model.unwrap(), m);
        assert_eq!(found.original.as_deref(), Some(Path::new("/tmp/x.bulwark.ron")));
        r.clear().unwrap();
        assert!(r.find().is_none());
        assert_eq!(std::fs::read_dir(dir.path().join("data")).unwrap().count(), 0);
    }
}

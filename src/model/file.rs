//! The `.bulwark.ron` file: canonical pretty RON, format versions with a migration chain, load
//! errors with file:line:column, atomic saves that keep a `.bak`.

use super::document::{FORMAT_VERSION, Model, ModelError};
use super::migrate;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Largest model file accepted (a hostile file cannot exhaust memory).
pub const MAX_MODEL_BYTES: u64 = crate::io::MAX_INPUT_BYTES;

/// Why a model could not be loaded. The path goes last in messages.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read: missing, not a regular file, too large or not UTF-8.
    #[error(transparent)]
    Read(#[from] crate::io::ReadError),
    /// The file is not valid RON for the model schema.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The file was written by a newer Bulwark.
    #[error(
        "{path}: the file has format {found}, but this Bulwark reads formats up to {supported}; open it with a newer Bulwark"
    )]
    TooNew {
        /// The file.
        path: String,
        /// The file's format.
        found: u32,
        /// The newest format this build reads.
        supported: u32,
    },
    /// The file parses but breaks a structural rule (a flow pointing at a missing element …).
    #[error("{path}:{line}: {error}")]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line of the offending entry (0 if it could not be found).
        line: usize,
        /// What is wrong.
        error: ModelError,
    },
}

impl LoadError {
    /// The 1-based line the error is on, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            LoadError::Syntax { line, .. } | LoadError::Invalid { line, .. } if *line > 0 => Some(*line),
            _ => None,
        }
    }
}

/// Why a model could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Writing, syncing or renaming failed; the previous file is untouched.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The model breaks a structural rule and would not load again.
    #[error("refusing to save an invalid model to {path}: {error}")]
    Invalid {
        /// The file.
        path: String,
        /// The first problem.
        error: ModelError,
    },
    /// Serialisation failed (should not happen for a valid model).
    #[error("cannot serialise the model for {path}: {message}")]
    Serialize {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
}

/// The canonical text of a model: pretty RON, 4-space indent, maps sorted by id, a trailing
/// newline. The same model always gives the same bytes.
pub fn to_string(model: &Model) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ".to_owned())
        .new_line("\n".to_owned())
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .struct_names(false)
        .escape_strings(false);
    let mut text = ron::ser::to_string_pretty(model, config)?;
    text.push('\n');
    Ok(text)
}

/// Parses a model from text, migrating older formats. `path` is only used in messages.
pub fn from_str(text: &str, path: &str) -> Result<Model, LoadError> {
    from_str_noting(text, path).map(|(m, _)| m)
}

/// As [`from_str`], with what a migration from an older format decided, for people to check
/// ("12 flows: …"); empty for a file of the current format.
pub fn from_str_noting(text: &str, path: &str) -> Result<(Model, Vec<String>), LoadError> {
    let format = migrate::probe_format(text).map_err(|e| syntax(path, e))?;
    if format > FORMAT_VERSION {
        return Err(LoadError::TooNew {
            path: path.to_owned(),
            found: format,
            supported: FORMAT_VERSION,
        });
    }
    let (mut model, notes) = migrate::parse_any(format, text).map_err(|e| syntax(path, e))?;
    model.format = FORMAT_VERSION;
    if let Some(error) = model.validate().into_iter().next() {
        let line = locate(text, &error);
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            line,
            error,
        });
    }
    let notes = notes
        .into_iter()
        .map(|n| format!("migrated from format {format}: {n}"))
        .collect();
    Ok((model, notes))
}

fn syntax(path: &str, e: ron::error::SpannedError) -> LoadError {
    LoadError::Syntax {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Finds the line of the entry an error is about: the entry's key, then the referenced id
/// after it (`to: "el-missing"`).
fn locate(text: &str, error: &ModelError) -> usize {
    let (subject, reference) = error.subject();
    let key = format!("{subject:?}");
    let Some(start) = text.find(&format!("{key}:")).or_else(|| text.find(&key)) else {
        return 0;
    };
    let at = reference
        .and_then(|r| text[start..].find(&format!("{r:?}")).map(|i| start + i))
        .unwrap_or(start);
    text[..at].matches('\n').count() + 1
}

/// Loads a model file.
pub fn load(path: &Path) -> Result<Model, LoadError> {
    load_with_text(path).map(|(model, _)| model)
}

/// Loads a model file and returns its text too (reports locate findings at their lines). The
/// file is read through [`crate::io::read_text`]: regular files of at most
/// [`MAX_MODEL_BYTES`] only.
pub fn load_with_text(path: &Path) -> Result<(Model, String), LoadError> {
    load_noting(path).map(|(m, text, _)| (m, text))
}

/// As [`load_with_text`], with the notes of a migration from an older format.
pub fn load_noting(path: &Path) -> Result<(Model, String, Vec<String>), LoadError> {
    let text = crate::io::read_text(path, MAX_MODEL_BYTES)?;
    let (model, notes) = from_str_noting(&text, &path.display().to_string())?;
    Ok((model, text, notes))
}

/// The path of the backup kept beside `path` (`model.bulwark.ron.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// Saves atomically: writes a temporary file in the same folder, syncs it, copies the previous
/// file to `.bak`, then renames the temporary file over the target. A crash at any point
/// leaves either the old or the new file whole.
pub fn save(model: &Model, path: &Path) -> Result<(), SaveError> {
    let shown = path.display().to_string();
    if let Some(error) = model.validate().into_iter().next() {
        return Err(SaveError::Invalid { path: shown, error });
    }
    let text = to_string(model).map_err(|e| SaveError::Serialize {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    write_atomic(path, text.as_bytes()).map_err(|source| SaveError::Io { path: shown, source })
}

/// Writes bytes atomically beside `path`, keeping the previous file as `.bak`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_via_temp(path, bytes, true)
}

/// Writes bytes atomically, replacing whatever was at `path` without a backup: for exports,
/// which can be made again from the model at any time.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_via_temp(path, bytes, false)
}

fn write_via_temp(path: &Path, bytes: &[u8], keep_backup: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.tmp-");
    let tmp = dir.join(format!("{prefix}{}", std::process::id()));
    let bak_tmp = dir.join(format!("{prefix}{}.bak", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if keep_backup && path.exists() {
            // The previous good `.bak` is replaced only by a complete copy.
            std::fs::copy(path, &bak_tmp)?;
            std::fs::rename(&bak_tmp, backup_path(path))?;
        }
        std::fs::rename(&tmp, path)
    })();
    for t in [&tmp, &bak_tmp] {
        if t.exists() {
            // Best effort: the temporary file is ours and useless after a failure.
            if let Err(e) = std::fs::remove_file(t) {
                debug_assert!(false, "could not remove {}: {e}", t.display());
            }
        }
    }
    if result.is_ok() {
        remove_stale_temporaries(dir, &prefix);
    }
    result
}

/// Removes temporary files an earlier write of the same file left when it was killed: those of
/// processes that no longer run (or, where that cannot be told, older than a day).
fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let Ok(pid) = rest.trim_end_matches(".bak").parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid, &entry) {
            // Best effort: a leftover that cannot be removed is only clutter.
            if std::fs::remove_file(entry.path()).is_err() {
                continue;
            }
        }
    }
}

fn process_runs(pid: u32, entry: &std::fs::DirEntry) -> bool {
    let proc_root = Path::new("/proc/self");
    if proc_root.exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    let day = std::time::Duration::from_secs(24 * 3600);
    entry
        .metadata()
        .and_then(|m| m.modified())
        .map(|t| t.elapsed().unwrap_or_default() < day)
        .unwrap_or(true)
}

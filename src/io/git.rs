//! A file as it was at a git revision, read through `git show` with the same size limit as any
//! file Bulwark reads. Local only: git is run in a folder the user chose, never to fetch.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// Why a revision could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// git is not installed or could not start.
    #[error("cannot run git: {0}")]
    Spawn(std::io::Error),
    /// Reading its output failed.
    #[error("reading from git: {0}")]
    Io(#[from] std::io::Error),
    /// The file is larger than the limit.
    #[error("larger than the {0} bytes a model file may have")]
    TooLarge(u64),
    /// git said no (unknown revision, path not in it, not a repository).
    #[error("git show failed: {0}")]
    Failed(String),
    /// The file is not text.
    #[error("not UTF-8 text")]
    NotText,
}

/// `git show REV:PATH` run in `dir`; the revision is never taken for an option.
pub fn show(dir: &Path, rev: &str, path: &str, limit: u64) -> Result<String, GitError> {
    let mut child = Command::new("git")
        .args(["show", "--end-of-options", &format!("{rev}:{path}")])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(GitError::Spawn)?;
    let mut bytes = Vec::new();
    if let Some(out) = child.stdout.take() {
        out.take(limit + 1).read_to_end(&mut bytes)?;
    }
    if bytes.len() as u64 > limit {
        let _ = child.kill();
        let _ = child.wait();
        return Err(GitError::TooLarge(limit));
    }
    let mut err = String::new();
    if let Some(stderr) = child.stderr.take() {
        let _ = stderr.take(4096).read_to_string(&mut err);
    }
    if !child.wait()?.success() {
        return Err(GitError::Failed(err.trim().to_owned()));
    }
    String::from_utf8(bytes).map_err(|_| GitError::NotText)
}

/// The repository folder holding `file`, and the file's path inside it, when it is in one.
pub fn locate(file: &Path) -> Option<(std::path::PathBuf, String)> {
    let dir = file.parent()?;
    let o = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !o.status.success() {
        return None;
    }
    let top = std::path::PathBuf::from(String::from_utf8(o.stdout).ok()?.trim());
    let file = file.canonicalize().ok()?;
    let inside = file.strip_prefix(top.canonicalize().ok()?).ok()?;
    Some((top, inside.to_string_lossy().replace('\\', "/")))
}

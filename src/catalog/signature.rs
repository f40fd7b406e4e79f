//! What the rule folders look like on disk — each rule file's path, size and modification
//! time — so a change made by any editor can be noticed by comparing two signatures, without
//! reading the files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Whether `path` names a file the library loader reads (`.ron` or `.rhai`).
pub fn is_rule_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("ron" | "rhai"))
}

/// Size and modification time of every rule file under some folders. Two signatures differ
/// when a file was added, removed, renamed, or written (an atomic rename-over save changes the
/// time and usually the size).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature(BTreeMap<PathBuf, (u64, Option<SystemTime>)>);

impl Signature {
    /// The signature of `dirs` now. Missing folders contribute nothing (the user rules folder
    /// may not exist yet); unreadable entries are skipped, the loader reports them.
    pub fn of(dirs: &[PathBuf]) -> Signature {
        let mut map = BTreeMap::new();
        for dir in dirs {
            walk(dir, 0, &mut map);
        }
        Signature(map)
    }

    /// How many rule files it covers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// It covers no file.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn walk(dir: &Path, depth: usize, map: &mut BTreeMap<PathBuf, (u64, Option<SystemTime>)>) {
    // The same depth limit as the loader, which does not follow symlinks either.
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, depth + 1, map);
        } else if meta.is_file() && is_rule_file(&path) {
            map.insert(path, (meta.len(), meta.modified().ok()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_writing_and_removing_a_rule_file_changes_the_signature() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = vec![dir.path().to_path_buf(), dir.path().join("missing")];
        let empty = Signature::of(&dirs);
        assert!(empty.is_empty());
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        assert_eq!(Signature::of(&dirs), empty, "other files do not count");
        let rule = dir.path().join("r.rhai");
        std::fs::write(&rule, "let a = 1;").unwrap();
        let one = Signature::of(&dirs);
        assert_eq!(one.len(), 1);
        std::fs::write(&rule, "let a = 12;").unwrap();
        assert_ne!(Signature::of(&dirs), one, "a write that changes the size");
        std::fs::remove_file(&rule).unwrap();
        assert_eq!(Signature::of(&dirs), empty);
    }
}

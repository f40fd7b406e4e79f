//! Walking a repository: which files exist, which are worth reading, and what was skipped.
//! Respects `.gitignore` and `.ignore`, never follows symlinks, and stops at fixed limits so a
//! hostile tree cannot make the mapper run forever.

use super::source::Source;
use super::summary::Warning;
use std::path::{Path, PathBuf};

/// Files larger than this are skipped.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Folders deeper than this are not entered.
pub const MAX_DEPTH: usize = 48;
/// At most this many files are looked at.
pub const MAX_FILES: usize = 200_000;
/// At most this many bytes are read in total.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// `.gitignore` and `.ignore` files larger than this are not used (with a warning): their
/// patterns compile into automata whose memory grows with them, and a real one is a few KiB.
pub const MAX_IGNORE_FILE_BYTES: u64 = 64 * 1024;

/// Folders never entered even when not git-ignored: version control, and installed or cached
/// third-party code (what a repository depends on is read from its manifests instead).
const SKIPPED_DIRS: [&str; 9] = [
    ".git",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    "site-packages",
    ".tox",
    ".mypy_cache",
    ".terraform",
];

/// Folders left out unless [`WalkOptions::all_folders`]: what they hold is not the system but
/// examples of using it, tests of it, or its documentation, and an architect does not draw them.
/// Matched by name at any depth.
pub const AUXILIARY_DIRS: [&str; 17] = [
    "examples",
    "example",
    "tutorials",
    "tutorial",
    "benchmarks",
    "benchmark",
    "tests",
    "test",
    "__tests__",
    "testdata",
    "e2e",
    "fixtures",
    "docs",
    "doc",
    "cookbook",
    "cookbooks",
    ".devcontainer",
];

/// Folders under which names are code's own (a Java package `com.acme.samples.test`), never
/// an examples or tests folder to leave out.
const SOURCE_ROOTS: [&str; 4] = ["java", "kotlin", "scala", "main"];

/// What the walk takes in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Also walk [`AUXILIARY_DIRS`] and test files.
    pub all_folders: bool,
}

/// Whether a file is a test by its name alone (`test_x.py`, `x_test.go`, `x.spec.ts`): an SDK
/// imported only by tests is not part of the system.
pub fn is_test_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or("");
    lower == "conftest.py"
        || (lower.ends_with(".py") && (stem.starts_with("test_") || stem.ends_with("_test")))
        || lower.ends_with("_test.go")
        || lower.contains(".test.")
        || lower.contains(".spec.")
        || ((lower.ends_with(".java") || lower.ends_with(".kt") || lower.ends_with(".cs"))
            && name
                .split('.')
                .next()
                .is_some_and(|s| s.ends_with("Test") || s.ends_with("Tests")))
}

/// A file the mapper may read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RepoFile {
    /// Path relative to the root, `/`-separated.
    pub rel: String,
    /// Path on disk.
    pub abs: PathBuf,
    /// What evidence it can hold; `None` for files read by nobody.
    pub source: Option<Source>,
    /// Size in bytes.
    pub size: u64,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Files in path order.
    pub files: Vec<RepoFile>,
    /// Folders (relative, `/`-separated, `""` for the root) holding a unit marker (a manifest,
    /// a Dockerfile, a Helm chart), with the marker's relative path and its first line.
    pub unit_dirs: Vec<(String, String, (u32, String))>,
    /// What was skipped and why.
    pub warnings: Vec<Warning>,
}

/// Walks `root`. Files over [`MAX_FILE_BYTES`] and symlinks are skipped with a warning.
pub fn walk(root: &Path, options: WalkOptions) -> Walked {
    let mut out = Walked::default();
    let left_out = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let left_out_filter = left_out.clone();
    let root_depth = root.components().count();
    let mut builder = ignore::WalkBuilder::new(root);
    // Ignore files are read here, through the one reading function and its size limit, rather
    // than by the walker (which reads them whole): see [`Ignores`].
    let ignores = std::sync::Arc::new(Ignores::new(root));
    let filter = ignores.clone();
    builder
        .hidden(false)
        .follow_links(false)
        .git_ignore(false)
        .git_exclude(false)
        .ignore(false)
        // The user's global ignore file would make the same repository map differently on two
        // machines.
        .git_global(false)
        .parents(false)
        .require_git(false)
        .max_depth(Some(MAX_DEPTH))
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            if SKIPPED_DIRS.iter().any(|d| e.file_name() == *d) || filter.ignored(e.path(), is_dir) {
                return false;
            }
            if options.all_folders || e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            let in_package = e
                .path()
                .components()
                .skip(root_depth)
                .any(|c| SOURCE_ROOTS.iter().any(|r| c.as_os_str() == *r));
            let auxiliary = if is_dir {
                !in_package && AUXILIARY_DIRS.iter().any(|d| name.eq_ignore_ascii_case(d))
            } else {
                is_test_file(&name)
            };
            if auxiliary
                && is_dir
                && let Ok(mut l) = left_out_filter.lock()
            {
                let rel: Vec<String> = e
                    .path()
                    .components()
                    .skip(root_depth)
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                l.push(rel.join("/"));
            }
            !auxiliary
        });
    let mut total_bytes = 0u64;
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.warnings.push(Warning::new("", format!("skipped: {e}")));
                continue;
            }
        };
        let rel = relative(root, entry.path());
        let Some(file_type) = entry.file_type() else { continue };
        if file_type.is_symlink() {
            out.warnings.push(Warning::new(&rel, "symbolic link not followed"));
            continue;
        }
        if file_type.is_dir() {
            if entry.depth() >= MAX_DEPTH {
                out.warnings.push(Warning::new(
                    &rel,
                    format!("nested deeper than {MAX_DEPTH} folders; not entered"),
                ));
            }
            continue;
        }
        if !file_type.is_file() {
            continue;
        }
        if out.files.len() >= MAX_FILES {
            out.warnings.push(Warning::new(
                "",
                format!("more than {MAX_FILES} files; the rest were not read"),
            ));
            break;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let name = entry.file_name().to_string_lossy();
        let source = Source::of_path(&rel);
        if Source::is_unit_marker(&name) {
            let dir = rel.rsplit_once('/').map(|(d, _)| d.to_owned()).unwrap_or_default();
            out.unit_dirs.push((dir, rel.clone(), first_line(entry.path())));
        }
        if source.is_some() && size > MAX_FILE_BYTES {
            out.warnings.push(Warning::new(
                &rel,
                format!("{size} bytes, larger than the {MAX_FILE_BYTES}-byte limit; not read"),
            ));
            continue;
        }
        if source.is_some() {
            total_bytes += size;
            if total_bytes > MAX_TOTAL_BYTES {
                out.warnings.push(Warning::new(
                    "",
                    format!("more than {MAX_TOTAL_BYTES} bytes to read; the rest were not read"),
                ));
                break;
            }
        }
        out.files.push(RepoFile {
            rel,
            abs: entry.path().to_path_buf(),
            source,
            size,
        });
    }
    out.warnings.extend(ignores.warnings());
    if let Ok(mut l) = left_out.lock()
        && !l.is_empty()
    {
        l.sort();
        let shown: Vec<&str> = l.iter().take(5).map(String::as_str).collect();
        let more = if l.len() > shown.len() {
            format!(" and {} more", l.len() - shown.len())
        } else {
            String::new()
        };
        out.warnings.push(Warning::new(
            "",
            format!(
                "left out examples, tests and docs: {}{more} (--all-folders maps them)",
                shown.join(", ")
            ),
        ));
    }
    out.files.sort();
    out.unit_dirs.sort();
    out.unit_dirs.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The `.gitignore` and `.ignore` files of the tree, each read once (at most
/// [`MAX_IGNORE_FILE_BYTES`]) when the walk first looks inside its folder, applied as git does:
/// the deepest folder with a matching pattern decides, and a `!pattern` re-includes.
struct Ignores {
    root: std::path::PathBuf,
    by_dir: std::sync::Mutex<IgnoreState>,
}

#[derive(Default)]
struct IgnoreState {
    matchers: std::collections::HashMap<std::path::PathBuf, Option<ignore::gitignore::Gitignore>>,
    warnings: Vec<Warning>,
}

impl Ignores {
    fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            by_dir: std::sync::Mutex::new(IgnoreState::default()),
        }
    }

    /// Whether `path` is ignored by the ignore files of its folders.
    fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(mut state) = self.by_dir.lock() else {
            return false;
        };
        let mut dir = path.parent();
        while let Some(d) = dir {
            if !d.starts_with(&self.root) {
                break;
            }
            if !state.matchers.contains_key(d) {
                let m = state.read(&self.root, d);
                state.matchers.insert(d.to_path_buf(), m);
            }
            if let Some(Some(m)) = state.matchers.get(d) {
                match m.matched(path, is_dir) {
                    ignore::Match::Ignore(_) => return true,
                    ignore::Match::Whitelist(_) => return false,
                    ignore::Match::None => {}
                }
            }
            dir = d.parent();
        }
        false
    }

    fn warnings(&self) -> Vec<Warning> {
        self.by_dir.lock().map(|s| s.warnings.clone()).unwrap_or_default()
    }
}

impl IgnoreState {
    fn read(&mut self, root: &Path, dir: &Path) -> Option<ignore::gitignore::Gitignore> {
        let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
        let mut any = false;
        for name in [".gitignore", ".ignore"] {
            let path = dir.join(name);
            // Only a regular file, not a link: the walk never follows links either.
            let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
            if !regular {
                continue;
            }
            let rel = relative(root, &path);
            match crate::io::read_text(&path, MAX_IGNORE_FILE_BYTES) {
                Ok(text) => {
                    for line in text.lines() {
                        // A pattern that does not compile is skipped, as git skips it.
                        if builder.add_line(None, line).is_ok() {
                            any = true;
                        }
                    }
                }
                Err(crate::io::ReadError::TooLarge { .. }) => self.warnings.push(Warning::new(
                    &rel,
                    format!("larger than {MAX_IGNORE_FILE_BYTES} bytes; its patterns were not applied"),
                )),
                Err(e) => self.warnings.push(Warning::new(&rel, format!("not read: {e}"))),
            }
        }
        if !any {
            return None;
        }
        builder.build().ok()
    }
}

/// The first non-blank line of a small prefix of the file (evidence for a unit's manifest).
fn first_line(path: &Path) -> (u32, String) {
    let Ok(buf) = crate::io::read_prefix(path, 4096) else {
        return (1, String::new());
    };
    let text = String::from_utf8_lossy(&buf);
    text.lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())
        .map_or((1, String::new()), |(i, l)| {
            (u32::try_from(i + 1).unwrap_or(1), super::scan::clip(l))
        })
}

/// `path` relative to `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_examples_and_docs_are_left_out_unless_asked_for() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        for (path, text) in [
            ("app/main.py", "import openai\n"),
            ("app/test_main.py", "import anthropic\n"),
            ("app/tests/helpers.py", "import cohere\n"),
            ("examples/demo.py", "import cohere\n"),
            ("web/src/chat.test.ts", "import x from 'openai';\n"),
            ("svc/src/main/java/com/acme/samples/test/Agent.java", "class Agent {}\n"),
        ] {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        let rels = |w: &Walked| w.files.iter().map(|f| f.rel.clone()).collect::<Vec<_>>();
        let default = walk(root, WalkOptions::default());
        assert_eq!(
            rels(&default),
            ["app/main.py", "svc/src/main/java/com/acme/samples/test/Agent.java"],
            "a Java package named test is code"
        );
        assert!(
            default
                .warnings
                .iter()
                .any(|w| w.message.contains("app/tests, examples") && w.message.contains("--all-folders")),
            "{:?}",
            default.warnings
        );
        let all = walk(root, WalkOptions { all_folders: true });
        assert_eq!(all.files.len(), 6);
    }

    #[test]
    fn test_files_are_known_by_name() {
        for t in [
            "test_api.py",
            "api_test.py",
            "conftest.py",
            "x_test.go",
            "a.test.ts",
            "b.spec.tsx",
            "ChatControllerTest.java",
        ] {
            assert!(is_test_file(t), "{t}");
        }
        for n in ["main.py", "testing.py", "attest.go", "contest.ts", "Latest.java"] {
            assert!(!is_test_file(n), "{n}");
        }
    }
}

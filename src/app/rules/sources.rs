//! The rule files the editor lists: the shipped ones (read-only), the user rules folder and the
//! open model's `bulwark-rules/` folder, each with its text or the reason it could not be read.

use crate::catalog::{SourceFile, builtin_sources, is_rule_file, read_dir_sources};
use std::path::{Path, PathBuf};

/// Where a rule file lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Compiled into Bulwark: viewable, not editable.
    Builtin,
    /// The user rules folder.
    User,
    /// The open model's `bulwark-rules/` folder.
    Model,
}

impl Origin {
    /// The heading the list shows.
    pub fn heading(self) -> &'static str {
        match self {
            Origin::Builtin => "Built-in (read-only)",
            Origin::User => "Your rules",
            Origin::Model => "This model's rules",
        }
    }
}

/// One listed rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSource {
    /// Where it lives.
    pub origin: Origin,
    /// Its name relative to its folder (`rules/pii-into-training.rhai`).
    pub rel: String,
    /// Its path on disk (none for built-in files).
    pub path: Option<PathBuf>,
    /// Its text, or why it could not be read — such a file is shown but never opened for
    /// editing, so it cannot be overwritten.
    pub text: Result<String, String>,
}

impl RuleSource {
    fn from_file(origin: Origin, dir: Option<&Path>, f: SourceFile) -> Self {
        RuleSource {
            origin,
            path: dir.map(|d| d.join(&f.rel)),
            rel: f.rel,
            text: Ok(f.text.into_owned()),
        }
    }
}

/// Every rule file, by origin then name. The folders are read now (not taken from the last
/// reload, which may predate a save made a moment ago); they are a few small files, read when
/// the editor opens, after a save and after a reload — never every frame.
pub fn list(user_dir: Option<&Path>, model_dir: Option<&Path>) -> Vec<RuleSource> {
    let mut out: Vec<RuleSource> = builtin_sources()
        .into_iter()
        .filter(|f| f.rel.starts_with("threats/") || f.rel.starts_with("rules/"))
        .map(|f| RuleSource::from_file(Origin::Builtin, None, f))
        .collect();
    let mut add_dir = |origin: Origin, dir: &Path| {
        let (files, errors) = read_dir_sources(dir);
        out.extend(
            files
                .into_iter()
                .filter(|f| is_rule_file(Path::new(&f.rel)))
                .map(|f| RuleSource::from_file(origin, Some(dir), f)),
        );
        out.extend(errors.into_iter().filter_map(|e| {
            let path = PathBuf::from(&e.location().path);
            let rel = path.strip_prefix(dir).ok()?.to_string_lossy().into_owned();
            Some(RuleSource {
                origin,
                rel,
                path: Some(path),
                text: Err(e.to_string()),
            })
        }));
    };
    if let Some(d) = user_dir.filter(|d| d.is_dir()) {
        add_dir(Origin::User, d);
    }
    if let Some(d) = model_dir.filter(|d| d.is_dir()) {
        add_dir(Origin::Model, d);
    }
    out.sort_by(|a, b| (a.origin, &a.rel).cmp(&(b.origin, &b.rel)));
    out
}

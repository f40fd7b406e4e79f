//! The skeleton every importer shares: reading the mapping table of its format from
//! `libraries/import/`, parsing JSON with the error's location (serde_json's recursion limit
//! caps nesting depth, so a 10,000-deep file is an error, not a stack overflow), and turning
//! another tool's ids and names into Bulwark's.

use super::ImportError;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// Reads the mapping table `libraries/import/{file}` (compiled in).
pub(crate) fn mapping<T: DeserializeOwned>(file: &'static str) -> Result<T, ImportError> {
    let source = crate::catalog::builtin_sources()
        .into_iter()
        .find(|f| f.rel == format!("import/{file}"))
        .ok_or(ImportError::Mapping {
            file,
            message: "missing".into(),
        })?;
    ron::Options::default()
        .from_str(&source.text)
        .map_err(|e| ImportError::Mapping {
            file,
            message: e.to_string(),
        })
}

/// Parses `source` as JSON; a syntax error (or nesting past serde_json's limit of 128) names
/// the file, line and column.
pub(crate) fn parse_json(source: &str, path: &str) -> Result<Json, ImportError> {
    serde_json::from_str(source).map_err(|e| ImportError::Syntax {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// The string at `key`, or `""`.
pub(crate) fn text<'a>(v: &'a Json, key: &str) -> &'a str {
    v.get(key).and_then(Json::as_str).unwrap_or("")
}

/// The array at `key`, or nothing (a `null` or a missing key is an empty list).
pub(crate) fn list<'a>(v: &'a Json, key: &str) -> impl Iterator<Item = &'a Json> {
    v.get(key).and_then(Json::as_array).into_iter().flatten()
}

/// Other tools break long names over lines on their canvas; a name is one line here.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Bulwark id for another tool's id: a prefix and its first alphanumeric characters, longer
/// where two would collide.
pub(crate) fn new_id(prefix: &str, theirs: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = theirs
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let clean = if clean.is_empty() { "x".to_owned() } else { clean };
    for len in [8, 12, 16, clean.len()] {
        let id = format!("{prefix}-{}", &clean[..len.min(clean.len())]);
        if used.insert(id.clone()) {
            return id;
        }
    }
    let mut n = 2;
    loop {
        let id = format!("{prefix}-{clean}-{n}");
        if used.insert(id.clone()) {
            return id;
        }
        n += 1;
    }
}

/// The other tool's id itself when it is a valid Bulwark id not used yet (so a file Bulwark
/// exported comes back with the same ids), else [`new_id`].
pub(crate) fn same_or_new_id(prefix: &str, theirs: &str, used: &mut BTreeSet<String>) -> String {
    if crate::model::is_valid_id(theirs)
        && !theirs.starts_with(crate::model::USER_PREFIX)
        && used.insert(theirs.to_owned())
    {
        return theirs.to_owned();
    }
    new_id(prefix, theirs, used)
}

/// Lays out a model whose source had no positions (the shared automatic layout).
pub(crate) fn lay_out(model: &mut crate::model::Model) {
    if model.layout.elements.is_empty()
        && let Err(e) = crate::report::tidy_layout(model).apply(model)
    {
        debug_assert!(false, "a fresh layout applies: {e}");
    }
}

/// What a source tool's threat status makes of a threat people wrote; each format's mapping
/// table (`libraries/import/`) says which of its statuses means which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub(crate) enum Status {
    Open,
    Mitigated,
    NotApplicable,
    Accepted,
    Transferred,
}

impl Status {
    /// The triage verdict the status stands for, when it is one.
    pub(crate) fn verdict(self) -> Option<crate::model::TriageStatus> {
        use crate::model::TriageStatus;
        match self {
            Status::NotApplicable => Some(TriageStatus::NotApplicable),
            Status::Accepted => Some(TriageStatus::Accepted),
            Status::Transferred => Some(TriageStatus::Transferred),
            Status::Open | Status::Mitigated => None,
        }
    }
}

/// `statement` followed by `more` as a sentence of its own.
pub(crate) fn add_sentence(statement: &str, more: &str) -> String {
    let stop = if statement.ends_with(['.', '!', '?']) { "" } else { "." };
    format!("{statement}{stop} {more}")
}

/// An imported item's notes: the source's description and what Bulwark has no field for, one
/// per line, with blank ones left out.
pub(crate) fn note_lines(lines: Vec<String>) -> String {
    lines
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

//! What a mapping found, for people (text) and tools (JSON), and the warnings it met.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Something the mapper skipped or could not read; never fatal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// The file or folder, relative to the repository (`""` for the whole walk).
    pub path: String,
    /// What happened.
    pub message: String,
}

impl Warning {
    /// A warning about `path`.
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// One detector that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// Detector id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// How many lines matched.
    pub matches: usize,
    /// How many files they are in.
    pub files: usize,
}

/// Counts of what a mapping produced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files looked at.
    pub files_scanned: usize,
    /// Deployable units found (compose services, Kubernetes workloads, folders with a manifest).
    pub units: usize,
    /// Elements in the model (inferred).
    pub elements: usize,
    /// Flows in the model (inferred).
    pub flows: usize,
    /// Boundaries in the model (inferred).
    pub boundaries: usize,
    /// Controls set as implemented.
    pub controls: usize,
    /// With `--update`: items added since the last map.
    pub new: usize,
    /// With `--update`: items whose evidence is gone.
    pub vanished: usize,
    /// What matched, by category, then by detector id.
    pub categories: BTreeMap<String, Vec<Found>>,
    /// What was skipped.
    pub warnings: Vec<Warning>,
}

impl Summary {
    /// The text printed by `bulwark map`.
    pub fn text(&self) -> String {
        let mut out = format!(
            "Scanned {} files: {} units, {} elements, {} flows, {} boundaries, {} controls implemented\n",
            self.files_scanned, self.units, self.elements, self.flows, self.boundaries, self.controls
        );
        if self.new > 0 || self.vanished > 0 {
            out.push_str(&format!("Update: {} new, {} vanished\n", self.new, self.vanished));
        }
        for (category, found) in &self.categories {
            out.push_str(&format!("\n{category} ({})\n", found.len()));
            for f in found {
                let matches = if f.matches == 1 { "match" } else { "matches" };
                let files = if f.files == 1 { "file" } else { "files" };
                out.push_str(&format!(
                    "  {:<40} {} {matches} in {} {files}\n",
                    f.name, f.matches, f.files
                ));
            }
        }
        if !self.warnings.is_empty() {
            out.push_str(&format!("\n{} warnings\n", self.warnings.len()));
            for w in &self.warnings {
                out.push_str(&format!("  {w}\n"));
            }
        }
        out
    }
}

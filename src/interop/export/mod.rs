//! Writing models in other tools' formats, so moving out of Bulwark is possible. Each format
//! maps through the same table in `libraries/import/` its importer reads, and carries what the
//! format cannot say in Bulwark-namespaced fields, so an export read back by `bulwark import`
//! keeps elements, flows, boundaries, controls, notes and triage.

mod otm;
mod threat_composer;

pub use otm::to_otm;
pub use threat_composer::to_threat_composer;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The mapping table in `libraries/import/` is broken (a build error, caught by tests).
    #[error(transparent)]
    Mapping(#[from] crate::interop::import::ImportError),
    /// The document could not be written as JSON (a bug).
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

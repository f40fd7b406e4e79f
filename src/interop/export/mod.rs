//! Writing models in other tools' formats, so moving out of Bulwark is possible. Each format
//! maps through the same table in `libraries/import/` its importer reads, and carries what the
//! format cannot say in Bulwark-namespaced fields, so an export read back by `bulwark import`
//! keeps elements, flows, boundaries, controls, notes and triage.

mod cyclonedx;
mod otm;
mod threat_composer;

pub use cyclonedx::to_cyclonedx;
pub use otm::to_otm;
pub use threat_composer::to_threat_composer;

/// Other tools' formats a model can be written in (File → Export and `bulwark export`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelFormat {
    /// Open Threat Model 0.2.0 JSON.
    Otm,
    /// An AWS threat-composer workspace.
    ThreatComposer,
    /// A CycloneDX 2.0 threat model (TM-BOM, the 2.0 draft).
    CycloneDx,
}

impl ModelFormat {
    /// Every format, in menu order.
    pub const ALL: [ModelFormat; 3] = [ModelFormat::Otm, ModelFormat::CycloneDx, ModelFormat::ThreatComposer];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            ModelFormat::Otm => "Open Threat Model (OTM)",
            ModelFormat::ThreatComposer => "threat-composer workspace",
            ModelFormat::CycloneDx => "CycloneDX 2.0 threat model",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ModelFormat::Otm => "otm.json",
            ModelFormat::ThreatComposer => "tc.json",
            ModelFormat::CycloneDx => "cdx.json",
        }
    }

    /// Writes `model`, evaluated as `eval`, in this format.
    pub fn write(
        self,
        model: &crate::model::Model,
        catalog: &crate::catalog::Catalog,
        eval: &crate::engine::Evaluation,
    ) -> Result<String, ExportError> {
        match self {
            ModelFormat::Otm => to_otm(model, catalog, eval),
            ModelFormat::ThreatComposer => to_threat_composer(model, catalog, eval),
            ModelFormat::CycloneDx => to_cyclonedx(model, catalog, eval),
        }
    }
}

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

//! The vocabulary threats are described in, shared by rules and by the threats people write in a
//! model: severity, STRIDE categories and framework references. It lives with the model so a
//! model file can carry it without the catalog; the catalog checks the ids against its frameworks.

use serde::{Deserialize, Serialize};

/// Severity of a finding: likelihood × impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Score 1–2.
    Low,
    /// Score 3–4.
    Medium,
    /// Score 6.
    High,
    /// Score 9: likely and severe.
    Critical,
}

impl Severity {
    /// Every severity, worst first.
    pub const WORST_FIRST: [Severity; 4] = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low];

    /// `"critical"`.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses `"high"` (any case).
    pub fn from_id(s: &str) -> Option<Self> {
        Self::WORST_FIRST.into_iter().find(|v| v.id().eq_ignore_ascii_case(s))
    }
}

/// A STRIDE category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stride {
    /// Pretending to be someone or something else.
    Spoofing,
    /// Changing data, code, models or messages without authority.
    Tampering,
    /// Acting without leaving a trace that can be attributed.
    Repudiation,
    /// Exposing data to those not allowed to see it.
    InformationDisclosure,
    /// Degrading or denying service.
    DenialOfService,
    /// Gaining capabilities beyond those granted.
    ElevationOfPrivilege,
}

impl Stride {
    /// Every category in STRIDE order.
    pub const ALL: [Stride; 6] = [
        Stride::Spoofing,
        Stride::Tampering,
        Stride::Repudiation,
        Stride::InformationDisclosure,
        Stride::DenialOfService,
        Stride::ElevationOfPrivilege,
    ];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Stride::Spoofing => "Spoofing",
            Stride::Tampering => "Tampering",
            Stride::Repudiation => "Repudiation",
            Stride::InformationDisclosure => "Information disclosure",
            Stride::DenialOfService => "Denial of service",
            Stride::ElevationOfPrivilege => "Elevation of privilege",
        }
    }
}

/// A MAESTRO layer (CSA). MAESTRO has no official ids; `L1`…`L7` are the layer numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MaestroLayer {
    /// Foundation models.
    L1,
    /// Data operations.
    L2,
    /// Agent frameworks.
    L3,
    /// Deployment and infrastructure.
    L4,
    /// Evaluation and observability.
    L5,
    /// Security and compliance (vertical).
    L6,
    /// Agent ecosystem.
    L7,
}

impl MaestroLayer {
    /// Every layer in order.
    pub const ALL: [MaestroLayer; 7] = [
        MaestroLayer::L1,
        MaestroLayer::L2,
        MaestroLayer::L3,
        MaestroLayer::L4,
        MaestroLayer::L5,
        MaestroLayer::L6,
        MaestroLayer::L7,
    ];

    /// `"L3"`.
    pub fn id(self) -> &'static str {
        match self {
            MaestroLayer::L1 => "L1",
            MaestroLayer::L2 => "L2",
            MaestroLayer::L3 => "L3",
            MaestroLayer::L4 => "L4",
            MaestroLayer::L5 => "L5",
            MaestroLayer::L6 => "L6",
            MaestroLayer::L7 => "L7",
        }
    }
}

/// Framework references of a rule. Every id is checked against `libraries/frameworks.ron`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct References {
    /// MITRE ATLAS v5.6.0 technique or sub-technique ids (`AML.T0051.001`).
    pub atlas: Vec<String>,
    /// OWASP Top 10 for LLM Applications 2025 (`LLM01:2025`).
    pub owasp_llm: Vec<String>,
    /// OWASP Agentic AI Threats and Mitigations v1.1 (`T6`).
    pub agentic: Vec<String>,
    /// CSA MAESTRO layers.
    pub maestro: Vec<MaestroLayer>,
    /// CoSAI risk-map risk ids (`riskPromptInjection`).
    pub cosai: Vec<String>,
    /// CWE ids (`CWE-306`).
    pub cwe: Vec<String>,
}

impl References {
    /// Whether no framework is referenced.
    pub fn is_empty(&self) -> bool {
        self.atlas.is_empty()
            && self.owasp_llm.is_empty()
            && self.agentic.is_empty()
            && self.maestro.is_empty()
            && self.cosai.is_empty()
            && self.cwe.is_empty()
    }
}

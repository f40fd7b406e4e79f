//! Boundaries: typed, nestable regions that elements belong to. Most are trust boundaries; a
//! group (a deployable unit, a team, a layer) only gathers elements and is not one: flows
//! between groups in one trust zone do not cross a boundary.

use super::ids::BoundaryId;
use super::provenance::Provenance;
use serde::{Deserialize, Serialize};

/// What kind of trust zone a boundary draws. Rules select on it (a flow entering from the
/// internet matters more than one inside a tenant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BoundaryKind {
    /// The public internet: anyone can reach what is inside.
    Internet,
    /// The organisation's own network.
    CorporateNetwork,
    /// A cloud account, VPC or project the organisation controls.
    CloudAccount,
    /// One customer's tenant in a multi-tenant service.
    Tenant,
    /// A third party's service: model APIs, SaaS, public hubs.
    ThirdParty,
    /// An isolated runtime for tools or generated code.
    ToolSandbox,
    /// A user's device (laptop, phone, edge hardware).
    Device,
    /// The environment where models are trained.
    TrainingEnvironment,
    /// Anything else.
    Other,
    /// Not a trust boundary: a deployable unit, a folder, a team or a layer that groups
    /// elements inside one trust zone.
    Group,
}

impl BoundaryKind {
    /// Every kind, in picker order.
    pub const ALL: [BoundaryKind; 10] = [
        BoundaryKind::Internet,
        BoundaryKind::CorporateNetwork,
        BoundaryKind::CloudAccount,
        BoundaryKind::Tenant,
        BoundaryKind::ThirdParty,
        BoundaryKind::ToolSandbox,
        BoundaryKind::Device,
        BoundaryKind::TrainingEnvironment,
        BoundaryKind::Other,
        BoundaryKind::Group,
    ];

    /// The id used in files and rules (`third-party`).
    pub fn id(self) -> &'static str {
        match self {
            BoundaryKind::Internet => "internet",
            BoundaryKind::CorporateNetwork => "corporate-network",
            BoundaryKind::CloudAccount => "cloud-account",
            BoundaryKind::Tenant => "tenant",
            BoundaryKind::ThirdParty => "third-party",
            BoundaryKind::ToolSandbox => "tool-sandbox",
            BoundaryKind::Device => "device",
            BoundaryKind::TrainingEnvironment => "training-environment",
            BoundaryKind::Other => "other",
            BoundaryKind::Group => "group",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            BoundaryKind::Internet => "Internet",
            BoundaryKind::CorporateNetwork => "Corporate network",
            BoundaryKind::CloudAccount => "Cloud account",
            BoundaryKind::Tenant => "Tenant",
            BoundaryKind::ThirdParty => "Third party",
            BoundaryKind::ToolSandbox => "Tool sandbox",
            BoundaryKind::Device => "Device",
            BoundaryKind::TrainingEnvironment => "Training environment",
            BoundaryKind::Other => "Other",
            BoundaryKind::Group => "Group (not a trust boundary)",
        }
    }

    /// Whether crossing it crosses trust. Only groups are not trust boundaries.
    pub fn is_trust(self) -> bool {
        self != BoundaryKind::Group
    }

    /// Parses the id used in files and rules.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A trust boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    /// The name people see.
    pub name: String,
    /// Its kind.
    pub kind: BoundaryKind,
    /// The boundary it is nested in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<BoundaryId>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Set when `bulwark map` drew it, so a re-map finds it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Provenance>,
}

impl Boundary {
    /// A top-level boundary.
    pub fn new(name: impl Into<String>, kind: BoundaryKind) -> Self {
        Self {
            name: name.into(),
            kind,
            parent: None,
            notes: String::new(),
            inferred: None,
        }
    }
}

//! Colours of reports and diagram exports: the light palette of the desktop app
//! (`assets/theme.ron`), so an exported diagram looks like the canvas. A test keeps the two in
//! step.

use crate::catalog::Severity;
use crate::model::BoundaryKind;

/// Body text.
pub const TEXT: &str = "#1c2026";
/// Secondary text (kinds, captions).
pub const TEXT_WEAK: &str = "#5d6675";
/// Inside of a component box.
pub const NODE_FILL: &str = "#ffffff";
/// Outline of a component box.
pub const NODE_STROKE: &str = "#c3c9d3";
/// A flow inside one trust zone.
pub const FLOW: &str = "#7a8496";
/// A flow that crosses a trust boundary.
pub const FLOW_CROSSING: &str = "#a86b1f";
/// Closed by a control.
pub const MITIGATED: &str = "#1f8f5f";
/// Closed by a person (accepted, not applicable, transferred).
pub const TRIAGED: &str = "#6b7380";
/// Opacity of a boundary's tint (the app's `boundary_fill_alpha` of 18 / 255).
pub const BOUNDARY_FILL_OPACITY: &str = "0.07";

/// The colour of a severity.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "#d1242f",
        Severity::High => "#d9530b",
        Severity::Medium => "#b7790b",
        Severity::Low => "#2f6fd6",
    }
}

/// The colour of a palette category (grey for one the theme does not know).
pub fn category(id: &str) -> &'static str {
    match id {
        "data" => "#0f8f80",
        "training" => "#7c5cd6",
        "serving" => "#2f6fd6",
        "llm-app" => "#b544c0",
        "agentic" => "#c27309",
        "operations" => "#5d6a7c",
        "classic" => "#56637a",
        _ => "#6b7380",
    }
}

/// The colour of a boundary kind.
pub fn boundary(kind: BoundaryKind) -> &'static str {
    match kind {
        BoundaryKind::Internet => "#d1242f",
        BoundaryKind::CorporateNetwork => "#1f8f5f",
        BoundaryKind::CloudAccount => "#2f6fd6",
        BoundaryKind::Tenant => "#0f8f80",
        BoundaryKind::ThirdParty => "#c27309",
        BoundaryKind::ToolSandbox => "#b544c0",
        BoundaryKind::Device => "#7c5cd6",
        BoundaryKind::TrainingEnvironment => "#8a5a1c",
        BoundaryKind::Other => "#6b7380",
        BoundaryKind::Group => "#98a0ad",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    /// The part of `assets/theme.ron` exports copy.
    #[derive(Deserialize)]
    struct Theme {
        light: Light,
    }
    #[derive(Deserialize)]
    struct Severities {
        critical: String,
        high: String,
        medium: String,
        low: String,
    }
    #[derive(Deserialize)]
    struct Light {
        text: String,
        text_weak: String,
        node_fill: String,
        node_stroke: String,
        flow: String,
        flow_crossing: String,
        mitigated: String,
        triaged: String,
        severity: Severities,
        categories: BTreeMap<String, String>,
        boundaries: BTreeMap<String, String>,
        boundary_fill_alpha: u8,
    }

    #[test]
    fn the_export_palette_matches_the_apps_light_theme() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/theme.ron");
        let Ok(text) = std::fs::read_to_string(path) else {
            return; // The app's theme is optional for the library; nothing to compare with.
        };
        let theme: Theme = ron::from_str(&text).unwrap();
        let l = theme.light;
        assert_eq!(
            [
                TEXT,
                TEXT_WEAK,
                NODE_FILL,
                NODE_STROKE,
                FLOW,
                FLOW_CROSSING,
                MITIGATED,
                TRIAGED
            ],
            [
                l.text.as_str(),
                &l.text_weak,
                &l.node_fill,
                &l.node_stroke,
                &l.flow,
                &l.flow_crossing,
                &l.mitigated,
                &l.triaged
            ]
        );
        let sev = &l.severity;
        assert_eq!(
            Severity::WORST_FIRST.map(severity),
            [sev.critical.as_str(), &sev.high, &sev.medium, &sev.low]
        );
        for (id, c) in &l.categories {
            assert_eq!(category(id), c, "category {id}");
        }
        for k in BoundaryKind::ALL {
            assert_eq!(Some(boundary(k)), l.boundaries.get(k.id()).map(String::as_str), "{k:?}");
        }
        let opacity: f32 = BOUNDARY_FILL_OPACITY.parse().unwrap();
        assert!((opacity - f32::from(l.boundary_fill_alpha) / 255.0).abs() < 0.005);
    }
}

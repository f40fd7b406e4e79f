//! Format versions and migrations. Each old format has its own typed schema here and a
//! conversion to the next one, so a file from any earlier Bulwark still opens.
//!
//! Format 0 (pre-release drafts): components with inline positions (`pos: (x, y)`), flows with
//! `data_classes`, no notes and no separate layout section. Format 1: the current schema.

use super::document::{FORMAT_VERSION, Model};
use super::source_opts;
use serde::Deserialize;

/// Reads only the `format` field. A file without one is format 0 (drafts had none).
pub fn probe_format(text: &str) -> Result<u32, ron::error::SpannedError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        format: u32,
    }
    source_opts().from_str::<Probe>(text).map(|p| p.format)
}

/// Parses a file of the given (not newer) format and migrates it to the current one.
pub fn parse_any(format: u32, text: &str) -> Result<Model, ron::error::SpannedError> {
    match format {
        0 => Ok(v0::Model::parse(text)?.migrate()),
        _ => {
            debug_assert_eq!(format, FORMAT_VERSION);
            source_opts().from_str::<Model>(text)
        }
    }
}

mod v0 {
    use crate::model::{
        Boundary, BoundaryId, ControlId, ControlState, DataClassId, Element, ElementId, FindingId, Flow, FlowId,
        KindId, Layout, PropKey, Triage, Value,
    };
    use serde::Deserialize;
    use std::collections::{BTreeMap, BTreeSet};

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Model {
        #[serde(default)]
        #[allow(dead_code)]
        format: u32,
        name: String,
        #[serde(default)]
        components: BTreeMap<ElementId, Component>,
        #[serde(default)]
        flows: BTreeMap<FlowId, DraftFlow>,
        #[serde(default)]
        boundaries: BTreeMap<BoundaryId, Boundary>,
        #[serde(default)]
        triage: BTreeMap<FindingId, Triage>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Component {
        kind: KindId,
        name: String,
        #[serde(default)]
        boundary: Option<BoundaryId>,
        #[serde(default)]
        properties: BTreeMap<PropKey, Value>,
        #[serde(default)]
        controls: BTreeMap<ControlId, ControlState>,
        pos: (f32, f32),
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct DraftFlow {
        from: ElementId,
        to: ElementId,
        #[serde(default)]
        label: String,
        #[serde(default)]
        data_classes: BTreeSet<DataClassId>,
        #[serde(default)]
        encrypted: bool,
        #[serde(default)]
        authenticated: bool,
    }

    impl Model {
        pub fn parse(text: &str) -> Result<Self, ron::error::SpannedError> {
            super::source_opts().from_str(text)
        }

        pub fn migrate(self) -> crate::model::Model {
            let mut m = crate::model::Model::new(self.name);
            let mut layout = Layout::default();
            for (id, c) in self.components {
                layout
                    .elements
                    .insert(id.clone(), crate::model::Pos::new(c.pos.0, c.pos.1));
                let mut el = Element::new(c.kind, c.name);
                el.boundary = c.boundary;
                el.properties = c.properties;
                el.controls = c.controls;
                m.elements.insert(id, el);
            }
            for (id, f) in self.flows {
                let mut flow = Flow::new(f.from, f.to, f.label);
                flow.data = f.data_classes;
                flow.encrypted = f.encrypted;
                flow.authenticated = f.authenticated;
                m.flows.insert(id, flow);
            }
            m.boundaries = self.boundaries;
            m.triage = self.triage;
            m.layout = layout;
            m
        }
    }
}

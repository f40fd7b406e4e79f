//! Layout: where things are drawn. Kept apart from the semantics so moving a box is a small,
//! separate diff.

use super::ids::{BoundaryId, ElementId, FlowId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A point on the canvas, in canvas units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pos {
    /// Horizontal, growing right.
    pub x: f32,
    /// Vertical, growing down.
    pub y: f32,
}

impl Pos {
    /// A point.
    pub fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
    /// Both coordinates are finite numbers.
    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// An axis-aligned rectangle on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width, at least 0.
    pub w: f32,
    /// Height, at least 0.
    pub h: f32,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self { x, y, w, h }
    }
    /// Whether the point lies inside (edges included).
    pub fn contains(&self, p: Pos) -> bool {
        p.x >= self.x && p.x <= self.x + self.w && p.y >= self.y && p.y <= self.y + self.h
    }
    /// All four numbers are finite and the size is not negative.
    pub fn is_valid(&self) -> bool {
        [self.x, self.y, self.w, self.h].iter().all(|v| v.is_finite()) && self.w >= 0.0 && self.h >= 0.0
    }
}

/// Positions of elements, rectangles of boundaries and the bends of routed flows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Centre of each element's node.
    #[serde(default)]
    pub elements: BTreeMap<ElementId, Pos>,
    /// Each boundary's rectangle.
    #[serde(default)]
    pub boundaries: BTreeMap<BoundaryId, Rect>,
    /// Waypoints of routed flows (format 9): the points a flow passes between its two ends, in
    /// order. The ends follow the components; a flow without waypoints is drawn straight.
    /// Moving one of a flow's ends drops its waypoints (see `Edit::MoveElements`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flows: BTreeMap<FlowId, Vec<Pos>>,
}

//! Where things are drawn: the one module that computes positions, used by the canvas (Tidy
//! layout), the reports and diagram exports, the repository mapper and the importers
//! (DESIGN.md: "Layout lives in `src/layout/`"). Nothing else computes positions, and nothing
//! here knows about egui.
//!
//! - [`layered`]: the layered layout — trust boundaries as nested clusters, data flowing left
//!   to right, flows routed orthogonally around components (`docs/layout.md` says why it is
//!   our own and not a crate's);
//! - [`tidy_layout`] and [`tidy_selection`]: that layout as one undoable transaction;
//! - [`Placement`]: where exports draw a model (its layout, or the layered layout when it has
//!   none), with flows drawn through their stored waypoints;
//! - [`flows`]: where each flow is drawn between its two components — along its route, or
//!   straight with the flows between the same two components side by side;
//! - [`orthogonal`]: one flow routed at right angles around the components where they are;
//! - [`check`]: the geometric checks the layout's tests assert.

pub mod check;
pub mod flows;
pub mod layered;
pub mod orthogonal;
mod placement;
mod tidy;

pub use placement::{
    BOUNDARY_HEADER, BOUNDARY_PAD, NODE_H, NODE_W, Placement, free_offset, routes_through_waypoints, union,
};
pub use tidy::{shifted_routes, tidy_layout, tidy_selection};

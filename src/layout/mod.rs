//! Where things are drawn: the one module that computes positions, used by the canvas (Tidy
//! layout), the reports and diagram exports, the repository mapper and the importers
//! (DESIGN.md: "Layout lives in `src/layout/`"). Nothing else computes positions.

mod auto;
pub mod check;
pub mod layered;
mod placement;

pub use placement::{BOUNDARY_HEADER, BOUNDARY_PAD, NODE_H, NODE_W, Placement, free_offset, tidy_layout, union};

//! Methodology lenses: the model and its findings seen through one framework at a time (MAESTRO
//! layers, the ATLAS matrix, OWASP's lists, attack paths, secure-by-design checklists), and the
//! workshop card decks. Computed here, without any UI, so the app's views and the reports show
//! the same thing from one computation.

pub mod checklist;
pub mod decks;
pub mod frameworks;
pub mod maestro;
pub mod pasta;
pub mod paths;
pub mod workshop;

pub use frameworks::{Cell, Column, Grid, atlas_full, atlas_matrix, item_grid};
pub use maestro::{LayerRow, Layers, layer_of, layers};
pub use paths::{Route, RouteFilter, graph_of, routes};

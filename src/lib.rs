//! Bulwark: threat modeling for AI/ML systems. The library holds everything the desktop app and
//! the command line share; dependencies point one way: `app` → `report`, `lens`, `interop` → `engine` →
//! `catalog`, `script` → `model`.

#![warn(missing_docs)]

pub mod allocator;
#[cfg(feature = "gui")]
pub mod app;
pub mod catalog;
pub mod engine;
pub mod interop;
pub mod io;
pub mod layout;
pub mod lens;
pub mod model;
pub mod report;
pub mod script;
pub mod synth;

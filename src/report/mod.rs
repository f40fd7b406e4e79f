//! Outputs for people and tools: the `check` text, JSON and SARIF now; HTML, Markdown, PDF, CSV
//! and diagram exports as they are built. Everything here is computed from the model and an
//! evaluation; nothing here knows the UI.

mod check_json;
mod check_text;
mod sarif;
mod summary;

pub use check_json::{CheckJson, check_json};
pub use check_text::check_text;
pub use sarif::sarif;
pub use summary::Summary;
